//! Normalization with offsets: every normalized byte range maps back inside the raw text, on
//! character boundaries, in order; normalizing twice changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let n = marsad_text::normalize(&raw);
    let len = n.text.len();
    let mut last_start = 0;
    for start in 0..=len {
        for width in [0, 1, 3] {
            let end = (start + width).min(len);
            let r = n.raw_range(start..end);
            assert!(r.start <= r.end, "{r:?} reversed");
            assert!(
                r.end <= raw.len(),
                "{r:?} beyond the raw text ({})",
                raw.len()
            );
            assert!(raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end));
        }
        if n.text.is_char_boundary(start) {
            let at = n.raw_offset(start);
            assert!(at >= last_start, "offsets go backwards at {start}");
            last_start = at;
        }
    }
    assert_eq!(
        marsad_text::normalize(&n.text).text,
        n.text,
        "not idempotent"
    );
    let _ = marsad_text::match_form(&n.text);
    let _ = marsad_text::fold_for_match(&raw);
});
