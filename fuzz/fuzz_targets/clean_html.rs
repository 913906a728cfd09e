//! The HTML cleaner on arbitrary bytes (decoded as `marsad ingest` decodes a page).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let page = marsad_ingest::clean_html(&html);
    // Every problem is reported as a message, never as an empty warning.
    assert!(
        page.warnings.iter().all(|w| !w.is_empty()),
        "an empty warning"
    );
});
