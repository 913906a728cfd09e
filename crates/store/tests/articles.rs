//! Articles: idempotent storage, revisions, content dedup.

mod common;

use common::backends::Open;

use common::sample_article;
use marsad_model::Warning;
use marsad_store::{content_hash, ArticleOutcome};

const TEXT: &str = "هاجم مسلحون يعتقد أنهم من خلايا تنظيم داعش حاجزاً لقسد في بلدة ذيبان.";

fn same_article_twice_is_stored_once(open: Open) {
    let mut store = open();
    let article = sample_article("a1", TEXT);
    assert_eq!(store.put_article(&article).unwrap(), ArticleOutcome::New);
    assert_eq!(
        store.put_article(&article).unwrap(),
        ArticleOutcome::Duplicate
    );
    assert_eq!(store.article_count().unwrap(), 1);
    assert_eq!(store.article_revisions("a1").unwrap().len(), 1);
    assert_eq!(store.article("a1").unwrap(), Some(article));
}

fn rewrapped_text_under_the_same_id_is_a_duplicate(open: Open) {
    let mut store = open();
    store.put_article(&sample_article("a1", TEXT)).unwrap();
    let rewrapped = TEXT.replace(' ', "  \n");
    assert_eq!(
        store
            .put_article(&sample_article("a1", &format!("\n{rewrapped}  ")))
            .unwrap(),
        ArticleOutcome::Duplicate
    );
}

fn changed_text_is_a_new_revision_and_the_old_one_is_kept(open: Open) {
    let mut store = open();
    let first = sample_article("a1", TEXT);
    store.put_article(&first).unwrap();
    let mut second = sample_article("a1", &format!("{TEXT} وأسفر الهجوم عن مقتل عنصرين."));
    second.title = Some("تحديث: مقتل عنصرين".to_string());
    assert_eq!(store.put_article(&second).unwrap(), ArticleOutcome::Revised);

    assert_eq!(store.article("a1").unwrap(), Some(second.clone()));
    assert_eq!(store.article_revisions("a1").unwrap(), vec![first, second]);
    assert_eq!(store.article_count().unwrap(), 1);
    let summaries = store.articles().unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].revisions, 2);
    assert_eq!(summaries[0].title.as_deref(), Some("تحديث: مقتل عنصرين"));
}

fn same_text_under_another_id_is_a_duplicate(open: Open) {
    let mut store = open();
    store.put_article(&sample_article("a1", TEXT)).unwrap();
    assert_eq!(
        store
            .put_article(&sample_article("mirror-7", TEXT))
            .unwrap(),
        ArticleOutcome::Duplicate
    );
    assert_eq!(store.article("mirror-7").unwrap(), None);
    assert_eq!(store.article_count().unwrap(), 1);
}

fn articles_without_text_are_not_deduplicated_against_each_other(open: Open) {
    let mut store = open();
    assert_eq!(
        store.put_article(&sample_article("empty-1", "")).unwrap(),
        ArticleOutcome::New
    );
    assert_eq!(
        store
            .put_article(&sample_article("empty-2", "  \n"))
            .unwrap(),
        ArticleOutcome::New
    );
    assert_eq!(store.article_count().unwrap(), 2);
}

fn unknown_article_is_none(open: Open) {
    let store = open();
    assert_eq!(store.article("nope").unwrap(), None);
    assert!(store.article_revisions("nope").unwrap().is_empty());
}

fn summary_lists_metadata_and_warning_counts(open: Open) {
    let mut store = open();
    let mut undated = sample_article("b2", "نص آخر عن الرقة");
    undated.published = None;
    undated.outlet = None;
    store.put_article(&undated).unwrap();
    store.put_article(&sample_article("a1", TEXT)).unwrap();
    store
        .put_warning(&Warning::new("corpus/b2.html", "no publication date").for_article("b2"))
        .unwrap();
    store
        .put_warning(&Warning::new("corpus/b2.html", "unknown place").for_article("b2"))
        .unwrap();
    let summaries = store.articles().unwrap();
    let ids: Vec<&str> = summaries.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["a1", "b2"]);
    assert_eq!(summaries[0].warnings, 0);
    assert_eq!(summaries[0].outlet.as_deref(), Some("Enab Baladi"));
    assert_eq!(summaries[0].published, Some(common::day(2024, 3, 12)));
    assert_eq!(summaries[1].warnings, 2);
    assert_eq!(summaries[1].published, None);
    assert_eq!(summaries[1].outlet, None);
}

#[test]
fn content_hash_ignores_whitespace_layout_only() {
    assert_eq!(
        content_hash("قصف  على\nالرقة"),
        content_hash(" قصف على الرقة ")
    );
    assert_ne!(
        content_hash("قصف على الرقة"),
        content_hash("قصف على الحسكة")
    );
    assert_ne!(content_hash("قصف على"), content_hash("قصفعلى"));
}

crate::on_both_backends!(
    same_article_twice_is_stored_once,
    rewrapped_text_under_the_same_id_is_a_duplicate,
    changed_text_is_a_new_revision_and_the_old_one_is_kept,
    same_text_under_another_id_is_a_duplicate,
    articles_without_text_are_not_deduplicated_against_each_other,
    unknown_article_is_none,
    summary_lists_metadata_and_warning_counts,
);
