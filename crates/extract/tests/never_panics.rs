//! Extraction never panics on any text, and every evidence span it returns selects exactly its
//! text: article text is untrusted (truncated scrapes, mixed scripts, stray marks).

use marsad_extract::Extractor;
use marsad_model::Article;
use proptest::prelude::*;
use std::sync::OnceLock;

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::bundled().expect("bundled lexicons"))
}

/// Pieces that exercise the rules: trigger and actor words, numbers, dates, places, clitics,
/// obfuscation marks, punctuation and controls.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("هجوم".to_string()),
        Just("مقتل".to_string()),
        Just("عنصرين".to_string()),
        Just("بريف دير الزور الشرقي".to_string()),
        Just("في قرية".to_string()),
        Just("بين مدينة".to_string()),
        Just("دا.عـ.ـش".to_string()),
        Just("لـ\"قسد\"".to_string()),
        Just("أمس الاثنين".to_string()),
        Just("الشهر الماضي".to_string()),
        Just("30 عملية خلال".to_string()),
        Just("تبنى".to_string()),
        Just("بالقرب من".to_string()),
        Just("\u{200f}\u{202e}\u{0640}\u{064b}".to_string()),
        Just("..،؛؟!\n".to_string()),
        "[0-9٠-٩]{1,4}",
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn extraction_never_panics_and_evidence_stays_valid(
        parts in prop::collection::vec(piece(), 0..40),
        day in 1u32..28,
    ) {
        let text = parts.join(" ");
        let article = Article {
            id: "p".into(),
            text: text.clone(),
            published: chrono::NaiveDate::from_ymd_opt(2021, 3, day),
            origin: "proptest".into(),
            ..Article::default()
        };
        let out = extractor().extract(&article);
        for e in &out.events {
            for ev in &e.evidence {
                prop_assert!(ev.start <= ev.end);
                let span: String = text.chars().skip(ev.start).take(ev.end - ev.start).collect();
                prop_assert_eq!(&span, &ev.text);
            }
        }
        let _ = extractor().inspect(&text, None);
    }
}
