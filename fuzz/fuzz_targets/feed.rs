//! The RSS/Atom reader on arbitrary bytes: as a `.xml` file (`marsad ingest`) and as a feed
//! held in memory (`parse_feed`, a fetched feed). Both share one reader.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::read_as(data, "xml");
    let feed = marsad_ingest::parse_feed(data, "https://example.org/feed");
    for entry in &feed.entries {
        if let Some(article) = &entry.article {
            assert!(!article.id.is_empty(), "an entry's article without an id");
        }
    }
    assert!(feed.warnings.iter().all(|w| !w.message.is_empty()), "an empty warning");
});
