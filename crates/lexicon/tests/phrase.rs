//! The phrase matcher reads Arabic the way reports glue words together.

use marsad_lexicon::{PhraseMatcher, PhraseOptions};
use marsad_text::{match_form, normalize};

fn mf(raw: &str) -> String {
    match_form(&normalize(raw).text)
}

/// (matched text, proclitics, values) for each match in `raw`.
fn check(matcher: &PhraseMatcher<&'static str>, raw: &str) -> Vec<(String, String, Vec<String>)> {
    let text = mf(raw);
    matcher
        .find_all(&text)
        .into_iter()
        .map(|m| {
            (
                text[m.range.clone()].to_string(),
                m.proclitics.clone(),
                m.values.iter().map(|v| v.to_string()).collect(),
            )
        })
        .collect()
}

fn places() -> PhraseMatcher<&'static str> {
    PhraseMatcher::new(
        [
            ("الرقة", "raqqa"),
            ("دير الزور", "deir"),
            ("الشحيل", "shuhayl"),
            ("ريف", "countryside"),
            ("مدينة", "city"),
            ("التنظيم", "org"),
            ("دير", "monastery"),
            ("اللاذقية", "latakia"),
        ]
        .map(|(p, v)| (p.to_string(), v)),
    )
}

#[test]
fn proclitics_are_peeled_off() {
    let m = places();
    assert_eq!(
        check(&m, "قصف بالرقة"),
        vec![("الرقه".into(), "ب".into(), vec!["raqqa".into()])]
    );
    assert_eq!(
        check(&m, "وبريف"),
        vec![("ريف".into(), "وب".into(), vec!["countryside".into()])]
    );
    assert_eq!(check(&m, "لمدينة")[0].0, "مدينه");
    assert_eq!(check(&m, "لمدينة")[0].1, "ل");
    assert_eq!(check(&m, "والرقة")[0].1, "و");
}

#[test]
fn lam_lam_contraction_is_the_article() {
    let m = places();
    let found = check(&m, "عنصر للتنظيم");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].2, vec!["org".to_string()]);
    assert_eq!(found[0].1, "ل");
    let text = mf("وصل للرقة");
    let hits = m.find_all(&text);
    assert_eq!(hits.len(), 1);
    assert!(hits[0].article);
    // Names whose core starts with ل: ل + اللاذقية is written للاذقية.
    assert_eq!(check(&m, "توجه للاذقية")[0].2, vec!["latakia".to_string()]);
}

#[test]
fn article_is_optional_both_ways() {
    let m = places();
    assert_eq!(check(&m, "بلدة شحيل")[0].2, vec!["shuhayl".to_string()]);
    assert_eq!(check(&m, "بلدة الشحيل")[0].2, vec!["shuhayl".to_string()]);
    let strict = PhraseMatcher::with_options([(
        "الشحيل".to_string(),
        1,
        PhraseOptions {
            article_optional: false,
            ..Default::default()
        },
    )]);
    assert!(strict.find_all(&mf("بلدة شحيل")).is_empty());
    assert_eq!(strict.find_all(&mf("بلدة الشحيل")).len(), 1);
}

#[test]
fn multi_word_names_match_whole_and_longest() {
    let m = places();
    let found = check(&m, "بريف دير الزور الشرقي");
    let names: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(names, vec!["ريف", "دير الزور"]);
    // A lone دير is still found where it stands alone.
    assert_eq!(
        check(&m, "قرب دير مهجور")[0].2,
        vec!["monastery".to_string()]
    );
}

#[test]
fn no_match_inside_a_longer_word() {
    let m = places();
    assert!(check(&m, "هيئة الرقابة المالية").is_empty());
    assert!(check(&m, "المدينتين").is_empty());
    assert!(check(&m, "الريفي").is_empty());
    // Not a proclitic: م is not one.
    assert!(check(&m, "مرقة").is_empty());
}

#[test]
fn enclitics_only_where_allowed() {
    let m = PhraseMatcher::with_options([
        (
            "عناصر".to_string(),
            "fighters",
            PhraseOptions {
                enclitics: true,
                ..Default::default()
            },
        ),
        ("الرقة".to_string(), "raqqa", PhraseOptions::default()),
    ]);
    let text = mf("قتل احد عناصرها في الرقةها");
    let found = m.find_all(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].enclitic, "ها");
    assert_eq!(&text[found[0].range.clone()], "عناصر");
}

#[test]
fn entries_sharing_a_phrase_come_together_and_spans_index_match_text() {
    let m = PhraseMatcher::new([
        ("الحوائج".to_string(), 1),
        ("الحوايج".to_string(), 2),
        ("حوائج".to_string(), 3),
    ]);
    let raw = "اشتباكات في بلدة “الحوائج” بريف دير الزور";
    let text = mf(raw);
    let found = m.find_all(&text);
    assert_eq!(found.len(), 1);
    let mut vals: Vec<i32> = found[0].values.iter().map(|v| **v).collect();
    vals.sort();
    assert_eq!(vals, vec![1, 2, 3]);
    assert_eq!(&text[found[0].range.clone()], "الحوايج");
    assert_eq!(found[0].word_start, found[0].range.start);
}

#[test]
fn empty_matcher_and_empty_text() {
    let m: PhraseMatcher<u8> = PhraseMatcher::new(Vec::new());
    assert!(m.find_all("الرقه").is_empty());
    assert!(places().find_all("").is_empty());
}
