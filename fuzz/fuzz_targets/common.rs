//! Shared by the targets that read files: the ingest readers take paths, so the input is
//! written to one scratch file per process and read back through `read_paths`.

use std::path::PathBuf;

use marsad_ingest::{read_paths, Input};

/// Items read from one fuzz input at most (a feed of a million empty items is not a bug).
const MAX_ITEMS: usize = 10_000;

/// Writes `data` to a scratch file with extension `ext`, reads it like `marsad ingest` would,
/// and checks what comes out: every article has an id and an origin.
pub fn read_as(data: &[u8], ext: &str) {
    let path: PathBuf =
        std::env::temp_dir().join(format!("marsad-fuzz-{}.{ext}", std::process::id()));
    std::fs::write(&path, data).expect("scratch file");
    for input in read_paths(std::slice::from_ref(&path)).take(MAX_ITEMS) {
        match input {
            Input::Article(a) => {
                assert!(!a.id.is_empty(), "an article without an id");
                assert!(!a.origin.is_empty(), "an article without an origin");
            }
            Input::Warning(w) => assert!(!w.message.is_empty(), "an empty warning"),
        }
    }
}
