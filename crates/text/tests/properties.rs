//! Properties that must hold on any input: nothing panics, offsets stay valid, normalizing
//! twice changes nothing.

use chrono::NaiveDate;
use marsad_text::{dates, normalize, numbers, sentences, tokens};
use proptest::prelude::*;

/// Text biased towards what breaks Arabic pipelines: letters, marks, tatweel, break marks,
/// digits of three scripts, controls, presentation forms, quotes and whitespace.
fn arabicish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "د",
        "ا",
        "ع",
        "ش",
        "ـ",
        ".",
        "..",
        "،",
        "؛",
        "؟",
        "ة",
        "ى",
        "أ",
        "إ",
        "آ",
        "ٱ",
        "\u{064E}",
        "\u{0651}",
        "\u{200F}",
        "\u{202B}",
        "\u{200D}",
        "\u{FEFF}",
        "ﻻ",
        "ﷲ",
        "٣",
        "۴",
        "7",
        "/",
        "-",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\t",
        "\"",
        "«",
        "لـ",
        "و",
        "ب",
        "ال",
        "عنصرين",
        "أمس",
        "الثلاثاء",
        "آذار/مارس",
        "2019/04/09",
        "خمسة وعشرين",
        "قبل نحو أسبوعين",
        "x",
        "é",
        "😀",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn check_offsets(raw: &str) -> Result<(), TestCaseError> {
    let n = normalize(raw);
    let len = n.text.len();
    for start in 0..=len {
        let end = (start + 3).min(len);
        let r = n.raw_range(start..end);
        prop_assert!(
            r.start <= r.end && r.end <= raw.len(),
            "{r:?} in {}",
            raw.len()
        );
        prop_assert!(raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn normalize_is_total_and_offsets_are_valid(raw in arabicish()) {
        check_offsets(&raw)?;
    }

    #[test]
    fn normalize_any_unicode(raw in "\\PC{0,60}") {
        check_offsets(&raw)?;
        let once = normalize(&raw).text;
        prop_assert_eq!(normalize(&once).text, once);
    }

    #[test]
    fn normalize_is_idempotent(raw in arabicish()) {
        let once = normalize(&raw).text;
        let twice = normalize(&once).text;
        prop_assert_eq!(twice, once);
    }

    #[test]
    fn readers_never_panic_and_ranges_are_valid(raw in arabicish(), days in 0i64..40_000) {
        let text = normalize(&raw).text;
        let published = NaiveDate::from_ymd_opt(1950, 1, 1)
            .and_then(|d| d.checked_add_signed(chrono::TimeDelta::days(days)));
        for t in tokens(&text) {
            prop_assert!(text.get(t.range.clone()).is_some());
            prop_assert!(text.get(t.stem.clone()).is_some());
            prop_assert!(t.range.start <= t.stem.start && t.stem.end <= t.range.end);
        }
        for m in numbers(&text) {
            prop_assert!(text.get(m.range.clone()).is_some());
        }
        for m in dates(&text, published).into_iter().chain(dates(&text, None)) {
            prop_assert!(text.get(m.range.clone()).is_some());
            if let (Some(a), Some(b)) = (m.earliest, m.latest) {
                prop_assert!(a <= b, "{m:?}");
            }
        }
        for r in sentences(&text) {
            prop_assert!(text.get(r).is_some());
        }
    }
}
