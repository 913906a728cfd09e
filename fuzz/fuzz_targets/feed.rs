//! The RSS/Atom reader on arbitrary bytes in a `.xml` file.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::read_as(data, "xml");
});
