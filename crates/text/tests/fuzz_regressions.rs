//! Inputs the fuzzers found (`fuzz/`), kept so they stay fixed on the stable toolchain.

/// `numbers_dates` crash: a span read from `خمسة و… يناير` around a publication day came out
/// with its earliest day after its latest. Every date mention keeps earliest <= latest.
#[test]
fn a_span_read_back_to_front_keeps_its_bounds_in_order() {
    let data = include_bytes!("regressions/dates-span-out-of-order.bin");
    let (day, rest) = data.split_first().expect("non-empty input");
    let raw = String::from_utf8_lossy(rest);
    let text = marsad_text::normalize(&raw).text;
    let published = chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(*day) * 53)));
    let mut checked = 0;
    for published in [None, published] {
        for m in marsad_text::dates(&text, published) {
            if let (Some(a), Some(b)) = (m.earliest, m.latest) {
                assert!(a <= b, "earliest {a} after latest {b} in {m:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "the input still yields dated mentions");
}
