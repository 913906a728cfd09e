//! The plain-text boilerplate cleaner on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let (text, removed) = marsad_ingest::clean_text(&raw);
    // Kept and cut lines together never exceed the input.
    let cut: usize = removed.iter().map(|r| r.text.len()).sum();
    assert!(text.len() + cut <= raw.len(), "cleaning invented text");
});
