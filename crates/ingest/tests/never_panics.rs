//! Cleaning never panics, whatever the input.

use marsad_ingest::{clean_html, clean_text};
use proptest::prelude::*;

proptest! {
    #[test]
    fn clean_text_never_panics(raw in "\\PC*") {
        let (text, removed) = clean_text(&raw);
        // Kept and cut lines together never exceed the input.
        prop_assert!(text.len() + removed.iter().map(|r| r.text.len()).sum::<usize>() <= raw.len());
    }

    #[test]
    fn clean_text_never_panics_on_line_soup(lines in prop::collection::vec(
        prop_oneof![
            Just("قد يعجبك أيضاً".to_string()),
            Just("249".to_string()),
            Just("مشاهدة".to_string()),
            Just("".to_string()),
            Just("–".to_string()),
            "[ا-ي ]{0,40}",
            "[ا-ي .؟]{0,200}",
        ], 0..40)) {
        let raw = lines.join("\n");
        let _ = clean_text(&raw);
    }

    #[test]
    fn clean_html_never_panics(raw in "\\PC*") {
        let _ = clean_html(&raw);
    }

    #[test]
    fn clean_html_never_panics_on_tag_soup(parts in prop::collection::vec(
        prop_oneof![
            Just("<p>".to_string()), Just("</p>".to_string()), Just("<article>".to_string()),
            Just("<nav class=\"menu\">".to_string()), Just("<time datetime=\"2019-02-30\">".to_string()),
            Just("<meta property=\"article:published_time\" content=\"x\">".to_string()),
            Just("<ul><li><a>".to_string()), Just("</div>".to_string()), Just("<div class=\"share\">".to_string()),
            "[ا-ي .<>/=\"]{0,30}",
        ], 0..60)) {
        let _ = clean_html(&parts.concat());
    }
}

#[test]
fn deeply_nested_html_does_not_overflow_the_stack() {
    let depth = 5000;
    let html = format!(
        "{}<p>قتل عنصر من قسد.</p>{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let page = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || clean_html(&html))
        .unwrap()
        .join()
        .unwrap();
    assert!(page.text.contains("قتل عنصر من قسد."));
}
