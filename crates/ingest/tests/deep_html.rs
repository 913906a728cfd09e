//! Regression: HTML nested 100,000 deep (1.1 MB) kept ingest busy for minutes, because the
//! HTML parser's scope checks walk the whole stack of open elements at every tag (quadratic).
//! Tags deeper than 512 levels are now ignored before parsing, their text kept, with a warning.

use std::time::{Duration, Instant};

use marsad_ingest::clean_html;

const TEXT: &str = "قتل ثلاثة عناصر من قوات النظام بهجوم في بلدة الشحيل.";

#[test]
fn a_page_nested_100000_deep_is_read_quickly_and_keeps_its_text() {
    let depth = 100_000;
    let html = format!(
        "<html><head><title>عنوان</title><script>var a = '<div>';</script></head><body>{}<p>{TEXT}</p><script>alert(1)</script>{}</body></html>",
        "<div class=\"x\">".repeat(depth),
        "</div>".repeat(depth)
    );
    let started = Instant::now();
    let page = clean_html(&html);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert!(page.text.contains(TEXT), "{:?}", page.text);
    assert!(!page.text.contains("alert"), "a deep script became text");
    assert_eq!(page.title.as_deref(), Some("عنوان"));
    assert!(page
        .warnings
        .iter()
        .any(|w| w.contains("nested deeper than 512")));
}

#[test]
fn ordinary_pages_are_untouched() {
    let html = format!(
        "<html><body>{}<article><p>{TEXT}</p><br><img src=x><p>ثانية.</p></article>{}</body></html>",
        "<div>".repeat(100),
        "</div>".repeat(100)
    );
    let page = clean_html(&html);
    assert!(page.warnings.is_empty(), "{:?}", page.warnings);
    assert!(page.text.contains(TEXT) && page.text.contains("ثانية."));
}
