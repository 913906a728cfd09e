//! A directory with `manifest.jsonl`, nested directories, and files the manifest does not list.

use chrono::NaiveDate;
use marsad_ingest::{read_paths, Input};

#[test]
fn manifest_fills_metadata_and_file_stems_are_the_fallback_ids() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("b_more/deeper")).unwrap();
    std::fs::write(
        root.join("manifest.jsonl"),
        [
            r#"{"id":"r1","file":"one.txt","outlet":"Furat Post","outlet_ar":"فرات بوست","url":"https://example.org/1","published":"2019-04-10","title":"عنوان","extra":"ignored"}"#,
            r#"{"file":"two.txt","published":"2019-04-11T09:00:00+03:00"}"#,
            r#"{"file":"three.txt","published":"2019-02-30"}"#,
            r#"{"file":"gone.txt"}"#,
            r#"{"id":"no file"}"#,
            r#"not json"#,
        ]
        .join("\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("one.txt"),
        "قتل 10 مدنيين بتفجير سيارة مفخخة في الرقة.",
    )
    .unwrap();
    std::fs::write(
        root.join("two.txt"),
        "هاجمت خلايا التنظيم حاجزا لقسد في الشحيل.",
    )
    .unwrap();
    std::fs::write(root.join("three.txt"), "انفجر لغم بسيارة مدنية في البادية.").unwrap();
    std::fs::write(
        root.join("b_more/deeper/four.txt"),
        "اعتقلت قسد ثلاثة أشخاص في الحسكة.",
    )
    .unwrap();
    std::fs::write(root.join(".hidden.txt"), "مخفي").unwrap();

    let inputs: Vec<Input> = read_paths(&[root.to_path_buf()]).collect();
    let articles: Vec<_> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Article(a) => Some(a),
            _ => None,
        })
        .collect();
    let warnings: Vec<String> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Warning(w) => Some(w.to_string()),
            _ => None,
        })
        .collect();

    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        ["four", "r1", "three", "two"],
        "sorted walk: b_more/ before one.txt"
    );
    let r1 = articles[1];
    assert_eq!(r1.outlet.as_deref(), Some("Furat Post"));
    assert_eq!(r1.outlet_ar.as_deref(), Some("فرات بوست"));
    assert_eq!(r1.url.as_deref(), Some("https://example.org/1"));
    assert_eq!(r1.title.as_deref(), Some("عنوان"));
    assert_eq!(r1.published, NaiveDate::from_ymd_opt(2019, 4, 10));
    assert_eq!(articles[3].published, NaiveDate::from_ymd_opt(2019, 4, 11));
    assert_eq!(articles[2].published, None, "impossible date");
    assert_eq!(articles[0].published, None, "not in the manifest");

    let has = |needle: &str| warnings.iter().any(|w| w.contains(needle));
    assert!(has("2019-02-30"), "{warnings:?}");
    assert!(
        has("manifest.jsonl:4: manifest lists \"gone.txt\""),
        "{warnings:?}"
    );
    assert!(
        has("manifest.jsonl:5: manifest line without \"file\""),
        "{warnings:?}"
    );
    assert!(
        has("manifest.jsonl:6: malformed manifest line"),
        "{warnings:?}"
    );
    assert!(has("four.txt: no publication date"), "{warnings:?}");
    assert!(!has("hidden"), "{warnings:?}");
}

#[test]
fn a_file_given_alone_still_finds_its_directory_manifest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("manifest.jsonl"),
        r#"{"id":"x9","file":"a.txt","published":"2024-11-22"}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "كتب مجهولون عبارات على جدران حديقة في الرقة.",
    )
    .unwrap();
    let inputs: Vec<Input> = read_paths(&[dir.path().join("a.txt")]).collect();
    let [Input::Article(a)] = inputs.as_slice() else {
        panic!("{inputs:?}")
    };
    assert_eq!(a.id, "x9");
    assert_eq!(a.published, NaiveDate::from_ymd_opt(2024, 11, 22));
}

/// Regression: `marsad ingest data/demo` read the demo's `gold.jsonl` as articles. A manifest
/// names its directory's corpus; files beside it that it does not list are not read.
#[test]
fn files_beside_a_manifest_that_it_does_not_list_are_not_articles() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("manifest.jsonl"),
        r#"{"id":"a1","file":"a1.txt","published":"2020-01-02"}"#,
    )
    .unwrap();
    std::fs::write(
        root.join("a1.txt"),
        "هاجمت خلايا التنظيم حاجزا لقسد في الشحيل.",
    )
    .unwrap();
    std::fs::write(
        root.join("gold.jsonl"),
        r#"{"article":"a1","kind":"event","evidence":"حاجزا"}"#,
    )
    .unwrap();
    std::fs::write(root.join("check_gold.py"), "print('ok')").unwrap();
    let inputs: Vec<Input> = read_paths(&[root.to_path_buf()]).collect();
    let ids: Vec<&str> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Article(a) => Some(a.id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ids, ["a1"]);
    assert!(
        inputs.iter().all(|i| matches!(i, Input::Article(_))),
        "no warnings for the neighbours"
    );
}
