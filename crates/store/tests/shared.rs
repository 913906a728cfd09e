//! A store shared by several connections (analysts, ingest workers), on both backends:
//! writers take turns, readers never wait, one article is stored once however many workers
//! race to store it, and a review against a stale timestamp is seen as stale. Then
//! `copy_into`: a whole SQLite store copied into PostgreSQL.

mod common;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::backends::Open;
use common::{day, sample_article, sample_event};
use marsad_model::{ArticleFact, FactKind, Warning};
use marsad_store::testing::TempDatabase;
use marsad_store::{
    ArticleOutcome, AuditEntry, EventFilter, PlaceAuditEntry, Store, UnresolvedPlace, WatchItem,
};

/// Analyst A holds the write transaction; analyst B, who loaded the event before A's change,
/// waits for A to finish and then sees the new timestamp (the server answers 409), never a
/// lost update.
fn a_second_writer_waits_and_then_sees_the_first_ones_change(open: Open) {
    let mut setup = open();
    let id = setup
        .insert_event(&sample_event(day(2024, 3, 12), "a1"))
        .unwrap();
    let seen_by_b = setup.event_timestamp(&id).unwrap().unwrap();
    drop(setup);

    let mut a = open();
    let mut b = open();
    a.begin().unwrap();
    let mut changed = a.event(&id).unwrap().unwrap();
    changed.fatalities = 9;
    a.update_event(&changed).unwrap();

    let id_b = id.clone();
    let analyst_b = std::thread::spawn(move || {
        let started = Instant::now();
        b.begin().unwrap();
        let waited = started.elapsed();
        let now = b.event_timestamp(&id_b).unwrap().unwrap();
        let fatalities = b.event(&id_b).unwrap().unwrap().fatalities;
        b.rollback().unwrap();
        (waited, now, fatalities)
    });
    std::thread::sleep(Duration::from_millis(400));
    a.commit().unwrap();
    let (waited, now, fatalities) = analyst_b.join().unwrap();
    assert!(
        waited >= Duration::from_millis(300),
        "B began while A held the write transaction ({waited:?})"
    );
    assert!(
        now > seen_by_b,
        "B sees that the event changed: a 409, not a lost update"
    );
    assert_eq!(fatalities, 9, "B reads A's committed change");
}

/// A reader neither waits for an open write transaction nor sees its uncommitted rows.
fn readers_never_wait_for_a_writer(open: Open) {
    let mut writer = open();
    let reader = open();
    writer.begin().unwrap();
    writer
        .insert_event(&sample_event(day(2024, 3, 12), "a1"))
        .unwrap();
    let started = Instant::now();
    assert_eq!(reader.event_count(&EventFilter::default()).unwrap(), 0);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the reader did not wait"
    );
    writer.commit().unwrap();
    assert_eq!(reader.event_count(&EventFilter::default()).unwrap(), 1);
}

/// Four workers store the same article at the same moment, each in its own transaction: one
/// stores it, three find it already stored.
fn racing_workers_store_an_article_once(open: Open) {
    let workers = 4;
    let barrier = Arc::new(Barrier::new(workers));
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let mut store = open();
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                let article = sample_article("race-1", "قتل ثلاثة مدنيين بقصف على بلدة ذيبان");
                barrier.wait();
                store.begin().unwrap();
                let outcome = store.put_article(&article).unwrap();
                store.commit().unwrap();
                outcome
            })
        })
        .collect();
    let outcomes: Vec<ArticleOutcome> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let new = outcomes
        .iter()
        .filter(|o| **o == ArticleOutcome::New)
        .count();
    assert_eq!(new, 1, "{outcomes:?}");
    let store = open();
    assert_eq!(store.article_count().unwrap(), 1);
    assert_eq!(store.article_revisions("race-1").unwrap().len(), 1);
}

crate::on_both_backends!(
    a_second_writer_waits_and_then_sees_the_first_ones_change,
    readers_never_wait_for_a_writer,
    racing_workers_store_an_article_once,
);

/// A SQLite store with a row in every table.
fn full_sqlite_store(path: &std::path::Path) -> (Store, String, [String; 2]) {
    let mut s = Store::open(path).unwrap();
    s.put_article(&sample_article("a1", "قصف على ذيبان"))
        .unwrap();
    s.put_article(&sample_article("a1", "قصف على ذيبان وقتلى"))
        .unwrap();
    s.put_article(&sample_article("a2", "اشتباك في الرقة"))
        .unwrap();
    s.put_warning(&Warning {
        origin: "corpus/a2.html".into(),
        line: Some(3),
        article_id: Some("a2".into()),
        message: "no date".into(),
    })
    .unwrap();
    s.put_facts(
        "a2",
        &[ArticleFact {
            kind: FactKind::Aggregate,
            text: "قتل 40 خلال الشهر".into(),
            start: 0,
            end: 16,
            count: Some(40),
        }],
    )
    .unwrap();
    let first = s
        .insert_event(&sample_event(day(2024, 3, 12), "a1"))
        .unwrap();
    let second = s
        .insert_event(&sample_event(day(2024, 3, 20), "a2"))
        .unwrap();
    s.put_reports("a1", &[sample_event(day(2024, 3, 12), "a1")])
        .unwrap();
    s.set_report_event("a1", 0, &first).unwrap();
    s.put_unresolved_place("الطيانة", "a1", Some(&first))
        .unwrap();
    s.put_places_json(
        "analyst",
        &[("p1".into(), "{\"name_ar\":\"الطيانة\"}".into())],
    )
    .unwrap();
    s.put_ingest_run("{\"articles_new\":2}").unwrap();
    let mut reviewed = s.event(&first).unwrap().unwrap();
    reviewed.fatalities = 4;
    s.update_event(&reviewed).unwrap();
    s.put_audit(&AuditEntry {
        event_id: first.clone(),
        at: "2024-03-13T10:00:00Z".into(),
        by: "amal".into(),
        field: "fatalities".into(),
        before: Some("3".into()),
        after: Some("4".into()),
        reason: Some("hospital list".into()),
    })
    .unwrap();
    s.put_place_audit(&PlaceAuditEntry {
        name_ar: "الطيانة".into(),
        at: "2024-03-13T11:00:00Z".into(),
        by: "amal".into(),
        field: "coordinates".into(),
        before: None,
        after: Some("[40.4,35.0]".into()),
        reason: None,
    })
    .unwrap();
    let secret = s.create_token("amal").unwrap();
    s.register_source("enab", "https://example.org/feed")
        .unwrap();
    s.record_poll_success("enab", Some("\"v1\""), None).unwrap();
    s.record_item(
        &WatchItem {
            key: "https://example.org/a1".into(),
            source: "enab".into(),
            article_id: Some("a1".into()),
            status: "page".into(),
            attempts: 1,
        },
        true,
        None,
    )
    .unwrap();
    (s, secret, [first, second])
}

#[test]
fn copy_into_postgres_keeps_every_row_ids_and_timestamps() {
    let Some(db) = TempDatabase::create("copy_into_postgres") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (sqlite, secret, ids) = full_sqlite_store(&dir.path().join("m.db"));
    let mut pg = Store::open_target(&db.url).unwrap();
    let copied = sqlite.copy_into(&mut pg).unwrap();
    assert_eq!(
        (copied.articles, copied.revisions, copied.events),
        (2, 3, 2)
    );
    assert_eq!((copied.audit, copied.place_audit, copied.tokens), (1, 1, 1));

    assert_eq!(pg.articles().unwrap(), sqlite.articles().unwrap());
    assert_eq!(
        pg.article_revisions("a1").unwrap(),
        sqlite.article_revisions("a1").unwrap()
    );
    assert_eq!(pg.warnings(None).unwrap(), sqlite.warnings(None).unwrap());
    assert_eq!(pg.facts(None).unwrap(), sqlite.facts(None).unwrap());
    let places: Vec<UnresolvedPlace> = sqlite.unresolved_places().unwrap();
    assert_eq!(pg.unresolved_places().unwrap(), places);
    assert_eq!(pg.places_json().unwrap(), sqlite.places_json().unwrap());
    assert_eq!(pg.ingest_runs().unwrap(), sqlite.ingest_runs().unwrap());
    assert_eq!(pg.tokens().unwrap(), sqlite.tokens().unwrap());
    assert_eq!(
        pg.sources_health().unwrap(),
        sqlite.sources_health().unwrap()
    );
    assert_eq!(
        pg.watch_item("https://example.org/a1").unwrap(),
        sqlite.watch_item("https://example.org/a1").unwrap()
    );
    assert_eq!(pg.token_name(&secret).unwrap().as_deref(), Some("amal"));
    assert_eq!(
        pg.place_audit("الطيانة").unwrap(),
        sqlite.place_audit("الطيانة").unwrap()
    );
    for id in &ids {
        assert_eq!(pg.event(id).unwrap(), sqlite.event(id).unwrap());
        assert_eq!(
            pg.event_timestamp(id).unwrap(),
            sqlite.event_timestamp(id).unwrap()
        );
        assert_eq!(pg.audit(id).unwrap(), sqlite.audit(id).unwrap());
        assert_eq!(
            pg.events_for_article("a1").unwrap(),
            sqlite.events_for_article("a1").unwrap()
        );
    }
    assert_eq!(
        pg.reports_near(day(2024, 3, 1), day(2024, 3, 31), &["SY09".into()])
            .unwrap(),
        sqlite
            .reports_near(day(2024, 3, 1), day(2024, 3, 31), &["SY09".into()])
            .unwrap()
    );
    // The id sequence continues after the copy.
    let next = pg
        .insert_event(&sample_event(day(2024, 4, 1), "a2"))
        .unwrap();
    assert_eq!(next, "SYR-000003");
    // Everything waits to be indexed again in its new home.
    assert_eq!(pg.pending_search_count().unwrap(), 2 + 3);

    // A store that already holds data is not a copy target.
    let err = sqlite.copy_into(&mut pg).unwrap_err();
    assert!(err.to_string().contains("already holds"), "{err}");
    // Copying out of PostgreSQL (or into SQLite) is refused with a reason, not attempted.
    let mut other = Store::open(&dir.path().join("other.db")).unwrap();
    assert!(pg.copy_into(&mut other).is_err());
}

#[test]
fn an_unreachable_server_is_a_clear_error_without_the_password() {
    let err = Store::open_target("postgres://amal:s3cret@127.0.0.1:1/marsad").unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("cannot connect to PostgreSQL"),
        "{message}"
    );
    assert!(message.contains("amal:***@127.0.0.1:1"), "{message}");
    assert!(!message.contains("s3cret"), "{message}");
}
