//! The number and date parsers on normalized arbitrary text, with and without a publication
//! day: mentions stay inside the text on character boundaries, dates are ordered.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (day, rest) = match data.split_first() {
        Some((d, rest)) => (*d, rest),
        None => return,
    };
    let raw = String::from_utf8_lossy(rest);
    let text = marsad_text::normalize(&raw).text;
    for m in marsad_text::numbers(&text) {
        assert!(m.range.start <= m.range.end && m.range.end <= text.len());
        assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
    }
    let _ = marsad_text::parse_number_words(&text);
    // Publication days across the calendar, including month and year ends.
    let published = NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(day) * 53)));
    for published in [None, published] {
        for m in marsad_text::dates(&text, published) {
            assert!(m.range.start <= m.range.end && m.range.end <= text.len());
            assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
            if let (Some(a), Some(b)) = (m.earliest, m.latest) {
                assert!(a <= b, "earliest {a} after latest {b}");
            }
        }
    }
});
