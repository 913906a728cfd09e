//! A file store: everything survives reopening, WAL mode, uncommitted work vanishes.

mod common;

use common::{day, sample_article, sample_event};
use marsad_model::{ArticleFact, FactKind, Warning};
use marsad_store::{ArticleOutcome, Error, EventFilter, Store};

const TEXT: &str = "انفجرت عبوة ناسفة بسيارة لقوات سوريا الديمقراطية قرب الشحيل.";

#[test]
fn reopened_store_keeps_everything_and_is_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marsad.db");
    let article = sample_article("a1", TEXT);
    let fact = ArticleFact {
        kind: FactKind::Aggregate,
        text: "نفذ التنظيم 30 عملية خلال أربعة أيام".to_string(),
        start: 0,
        end: 36,
        count: Some(30),
    };
    let event_id;
    {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.journal_mode().unwrap(), "wal");
        store.put_article(&article).unwrap();
        event_id = store
            .insert_event(&sample_event(day(2024, 3, 12), "a1"))
            .unwrap();
        store
            .put_warning(&Warning::new("corpus/a1.html", "no date").for_article("a1"))
            .unwrap();
        store.put_facts("a1", std::slice::from_ref(&fact)).unwrap();
        store
            .put_unresolved_place("الشحيل", "a1", Some(&event_id))
            .unwrap();
        store
            .put_places_json(
                "analyst",
                &[("p1".to_string(), r#"{"name_ar":"الشحيل"}"#.to_string())],
            )
            .unwrap();
        store.put_ingest_run(r#"{"articles_new":1}"#).unwrap();
    }

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.journal_mode().unwrap(), "wal");
    assert_eq!(store.schema_version().unwrap(), 6);
    assert_eq!(store.article("a1").unwrap(), Some(article.clone()));
    assert_eq!(
        store.put_article(&article).unwrap(),
        ArticleOutcome::Duplicate,
        "dedup survives reopening"
    );
    assert_eq!(store.event(&event_id).unwrap().unwrap().fatalities, 3);
    assert_eq!(
        store.events_for_article("a1").unwrap(),
        vec![event_id.clone()]
    );
    assert_eq!(store.warnings(Some("a1")).unwrap().len(), 1);
    assert_eq!(
        store.facts(Some("a1")).unwrap(),
        vec![("a1".to_string(), fact)]
    );
    assert_eq!(store.unresolved_places().unwrap().len(), 1);
    assert_eq!(store.places_json().unwrap().len(), 1);
    assert_eq!(store.ingest_runs().unwrap().len(), 1);
    // The id sequence continues after reopening.
    let next = store
        .insert_event(&sample_event(day(2024, 3, 13), "a1"))
        .unwrap();
    assert_eq!(next, "SYR-000002");
}

#[test]
fn uncommitted_transaction_leaves_nothing_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marsad.db");
    {
        let mut store = Store::open(&path).unwrap();
        store
            .put_article(&sample_article("kept", "نص محفوظ"))
            .unwrap();
    }
    {
        let mut store = Store::open(&path).unwrap();
        store.begin().unwrap();
        store.put_article(&sample_article("a1", TEXT)).unwrap();
        store
            .insert_event(&sample_event(day(2024, 3, 12), "a1"))
            .unwrap();
        store.put_warning(&Warning::new("x", "y")).unwrap();
        // Dropped without commit: the process "crashed" mid-article.
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.article_count().unwrap(), 1);
    assert!(store.article("a1").unwrap().is_none());
    assert_eq!(
        store
            .event_count(&EventFilter {
                include_rejected: true,
                ..Default::default()
            })
            .unwrap(),
        0
    );
    assert!(store.warnings(None).unwrap().is_empty());
}

#[test]
fn committed_transaction_is_visible_to_another_connection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marsad.db");
    let mut writer = Store::open(&path).unwrap();
    let reader = Store::open(&path).unwrap();
    writer.begin().unwrap();
    writer.put_article(&sample_article("a1", TEXT)).unwrap();
    assert_eq!(
        reader.article_count().unwrap(),
        0,
        "not visible before commit"
    );
    writer.commit().unwrap();
    assert_eq!(reader.article_count().unwrap(), 1);
}

#[test]
fn rollback_discards_the_transaction() {
    let mut store = Store::open_in_memory().unwrap();
    store.begin().unwrap();
    assert!(store.in_transaction());
    store.put_article(&sample_article("a1", TEXT)).unwrap();
    store.rollback().unwrap();
    assert!(!store.in_transaction());
    assert_eq!(store.article_count().unwrap(), 0);
    // After a rollback the id of the next event starts again from 1.
    store.begin().unwrap();
    store
        .insert_event(&sample_event(day(2024, 3, 12), "a1"))
        .unwrap();
    store.rollback().unwrap();
    let id = store
        .insert_event(&sample_event(day(2024, 3, 12), "a1"))
        .unwrap();
    assert_eq!(id, "SYR-000001");
}

#[test]
fn transaction_misuse_is_an_error_not_a_panic() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(matches!(store.commit(), Err(Error::NoTransaction)));
    assert!(matches!(store.rollback(), Err(Error::NoTransaction)));
    store.begin().unwrap();
    assert!(matches!(store.begin(), Err(Error::TransactionActive)));
    store.commit().unwrap();
}

#[test]
fn opening_a_directory_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, Error::Open { .. }), "{err:?}");
    assert!(err.to_string().contains(&dir.path().display().to_string()));
}

#[test]
fn a_file_from_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 99").unwrap();
    }
    assert!(matches!(
        Store::open(&path),
        Err(Error::SchemaTooNew { found: 99, .. })
    ));
}

#[test]
fn a_file_that_is_not_a_database_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(
        &path,
        "هذا ليس قاعدة بيانات، مجرد نص عادي طويل بما يكفي".repeat(20),
    )
    .unwrap();
    assert!(Store::open(&path).is_err());
}
