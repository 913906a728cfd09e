//! JSONL: one article per line; a malformed line costs only itself.

use chrono::NaiveDate;
use marsad_ingest::{read_paths, Input};

#[test]
fn good_lines_are_read_around_a_malformed_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batch.jsonl");
    let lines = [
        r#"{"id":"a1","url":"https://example.org/1","outlet":"Enab Baladi","title":"هجوم","published":"2019-03-27","text":"قتل عنصران من قسد بهجوم في ذيبان.\nتابعونا عبر فيسبوك"}"#,
        r#"{"id":"a2", "text": "broken"#,
        "",
        r#"{"id":"a3","published":"2019-03-26T10:00:00+02:00","html":"<html><body><nav>الرئيسية</nav><article><p>انفجرت عبوة ناسفة بآلية لقسد في قحطانة.</p></article></body></html>","extra":{"ignored":true}}"#,
        r#"{"text":"اشتباكات في ريف الحسكة.","published":"yesterday"}"#,
        r#"["not","an","object"]"#,
    ];
    std::fs::write(&path, lines.join("\n")).unwrap();
    let inputs: Vec<Input> = read_paths(&[path]).collect();
    let articles: Vec<_> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Article(a) => Some(a),
            _ => None,
        })
        .collect();
    let warnings: Vec<_> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Warning(w) => Some(w),
            _ => None,
        })
        .collect();

    assert_eq!(articles.len(), 3, "{inputs:?}");
    assert_eq!(articles[0].id, "a1");
    assert_eq!(articles[0].outlet.as_deref(), Some("Enab Baladi"));
    assert_eq!(articles[0].published, NaiveDate::from_ymd_opt(2019, 3, 27));
    assert_eq!(articles[0].text, "قتل عنصران من قسد بهجوم في ذيبان.");
    assert!(articles[0].origin.ends_with("batch.jsonl#1"));

    assert_eq!(articles[1].id, "a3");
    assert_eq!(articles[1].text, "انفجرت عبوة ناسفة بآلية لقسد في قحطانة.");
    assert_eq!(articles[1].published, NaiveDate::from_ymd_opt(2019, 3, 26));

    assert_eq!(articles[2].id, "batch-5", "no id: file stem and line");
    assert_eq!(articles[2].published, None);

    let at = |line: u64| warnings.iter().filter(move |w| w.line == Some(line));
    assert!(
        at(2).any(|w| w.message.contains("malformed JSON")),
        "{warnings:?}"
    );
    assert!(
        at(5).any(|w| w.message.contains("yesterday")),
        "{warnings:?}"
    );
    assert!(
        at(5).any(|w| w.message.contains("no publication date")),
        "{warnings:?}"
    );
    assert!(
        at(6).any(|w| w.message.contains("not an object")),
        "{warnings:?}"
    );
    assert!(warnings.iter().all(|w| w.origin.ends_with("batch.jsonl")));
}

#[test]
fn an_overlong_line_is_skipped_and_the_next_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let long = format!(
        r#"{{"id":"huge","text":"{}"}}"#,
        "ا".repeat(6 * 1024 * 1024)
    );
    let ok = r#"{"id":"small","published":"2020-01-02","text":"قتل مدني برصاص مجهولين في الرقة."}"#;
    std::fs::write(&path, format!("{long}\n{ok}\n")).unwrap();
    let inputs: Vec<Input> = read_paths(&[path]).collect();
    assert!(
        matches!(&inputs[0], Input::Warning(w) if w.line == Some(1) && w.message.contains("too long"))
    );
    assert!(matches!(&inputs[1], Input::Article(a) if a.id == "small"));
    assert_eq!(inputs.len(), 2);
}
