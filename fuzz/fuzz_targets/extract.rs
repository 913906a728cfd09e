//! Extraction of one article of arbitrary text: never panics, and every evidence span selects
//! exactly its text (offsets are in characters of the stored text).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use marsad_extract::Extractor;
use marsad_model::Article;

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::bundled().expect("bundled lexicons"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let article = Article {
        id: "fuzz".into(),
        text: text.clone(),
        published: chrono::NaiveDate::from_ymd_opt(2021, 3, 10),
        origin: "fuzz".into(),
        ..Article::default()
    };
    let out = extractor().extract(&article);
    let chars: Vec<char> = text.chars().collect();
    for e in &out.events {
        for ev in &e.evidence {
            assert!(ev.start <= ev.end && ev.end <= chars.len(), "{ev:?}");
            let span: String = chars[ev.start..ev.end].iter().collect();
            assert_eq!(span, ev.text);
        }
    }
});
