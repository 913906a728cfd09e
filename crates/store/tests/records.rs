//! Warnings, facts, unresolved places, gazetteer additions, ingest runs, audit.

mod common;

use common::backends::Open;

use common::{day, sample_event};
use marsad_model::{ArticleFact, FactKind, Warning};
use marsad_store::{AuditEntry, Error};

fn fact(kind: FactKind, text: &str, count: Option<u32>) -> ArticleFact {
    ArticleFact {
        kind,
        text: text.to_string(),
        start: 0,
        end: text.chars().count(),
        count,
    }
}

fn warnings_keep_line_and_article_and_filter_by_article(open: Open) {
    let mut store = open();
    let first = Warning::new("feeds/enab.xml", "malformed XML").at_line(42);
    let second = Warning::new("corpus/a1.html", "no publication date").for_article("a1");
    store.put_warning(&first).unwrap();
    store.put_warning(&second).unwrap();
    assert_eq!(store.warnings(None).unwrap(), vec![first, second.clone()]);
    assert_eq!(store.warnings(Some("a1")).unwrap(), vec![second]);
    assert!(store.warnings(Some("a2")).unwrap().is_empty());
}

fn put_facts_replaces_the_articles_facts_only(open: Open) {
    let mut store = open();
    let aggregate = fact(FactKind::Aggregate, "30 عملية خلال أربعة أيام", Some(30));
    let background = fact(FactKind::Background, "في أواخر عام 2017", None);
    let threat = fact(FactKind::Threat, "يتوقع تصعيد الهجمات", None);
    store
        .put_facts("a1", &[aggregate.clone(), background.clone()])
        .unwrap();
    store
        .put_facts("a2", std::slice::from_ref(&threat))
        .unwrap();
    assert_eq!(
        store.facts(Some("a1")).unwrap(),
        vec![
            ("a1".to_string(), aggregate.clone()),
            ("a1".to_string(), background)
        ]
    );
    store
        .put_facts("a1", std::slice::from_ref(&aggregate))
        .unwrap();
    assert_eq!(
        store.facts(None).unwrap(),
        vec![("a1".to_string(), aggregate), ("a2".to_string(), threat)]
    );
    store.put_facts("a1", &[]).unwrap();
    assert_eq!(store.facts(Some("a1")).unwrap(), vec![]);
}

fn unresolved_places_group_by_name_most_mentioned_first(open: Open) {
    let mut store = open();
    store
        .put_unresolved_place("الطيانة", "a1", Some("SYR-000001"))
        .unwrap();
    store
        .put_unresolved_place("الطيانة", "a2", Some("SYR-000002"))
        .unwrap();
    store.put_unresolved_place("الطيانة", "a2", None).unwrap();
    store
        .put_unresolved_place("جديد بكارة", "a3", None)
        .unwrap();
    // The same mention recorded again (re-ingest) counts once.
    store
        .put_unresolved_place("الطيانة", "a1", Some("SYR-000001"))
        .unwrap();
    store
        .put_unresolved_place("جديد بكارة", "a3", None)
        .unwrap();

    let places = store.unresolved_places().unwrap();
    assert_eq!(places.len(), 2);
    assert_eq!(places[0].name_ar, "الطيانة");
    assert_eq!(places[0].article_ids, ["a1", "a2"]);
    assert_eq!(places[0].mentions, 3);
    assert_eq!(places[1].name_ar, "جديد بكارة");
    assert_eq!(places[1].article_ids, ["a3"]);
    assert_eq!(places[1].mentions, 1);
}

fn places_are_keyed_by_source_and_id_and_replaced_in_place(open: Open) {
    let mut store = open();
    let rows = vec![
        (
            "SY090301".to_string(),
            r#"{"name_ar":"البصيرة"}"#.to_string(),
        ),
        ("SY090302".to_string(), r#"{"name_ar":"ذيبان"}"#.to_string()),
    ];
    assert_eq!(store.put_places_json("open-syria", &rows).unwrap(), 2);
    let fixed = vec![(
        "SY090302".to_string(),
        r#"{"name_ar":"ذيبان","lat":35.0}"#.to_string(),
    )];
    assert_eq!(store.put_places_json("open-syria", &fixed).unwrap(), 1);
    let same_id_other_source = vec![("SY090302".to_string(), "{}".to_string())];
    store
        .put_places_json("analyst", &same_id_other_source)
        .unwrap();

    let places = store.places_json().unwrap();
    assert_eq!(places.len(), 3);
    assert_eq!(
        places[2],
        (
            "open-syria".to_string(),
            "SY090302".to_string(),
            r#"{"name_ar":"ذيبان","lat":35.0}"#.to_string()
        )
    );
}

fn bad_place_json_is_refused_and_nothing_of_the_batch_is_kept(open: Open) {
    let mut store = open();
    let rows = vec![
        ("ok".to_string(), "{}".to_string()),
        ("bad".to_string(), "{name: ذيبان".to_string()),
    ];
    let err = store.put_places_json("geonames", &rows).unwrap_err();
    assert!(matches!(err, Error::InvalidJson { .. }), "{err:?}");
    assert!(err.to_string().contains("geonames/bad"));
    assert!(store.places_json().unwrap().is_empty());
}

fn ingest_runs_are_logged_in_order_and_must_be_json(open: Open) {
    let mut store = open();
    store.put_ingest_run(r#"{"articles_new":5}"#).unwrap();
    store.put_ingest_run(r#"{"articles_new":0}"#).unwrap();
    assert!(store.put_ingest_run("articles_new=5").is_err());
    let runs = store.ingest_runs().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[1].summary_json, r#"{"articles_new":0}"#);
    assert!(runs[0].at > 0);
}

fn audit_trail_is_kept_per_event(open: Open) {
    let mut store = open();
    let id = store
        .insert_event(&sample_event(day(2024, 3, 12), "a1"))
        .unwrap();
    let entry = AuditEntry {
        event_id: id.clone(),
        at: "2024-03-14T09:00:00Z".to_string(),
        by: "analyst1".to_string(),
        field: "fatalities".to_string(),
        before: Some("3".to_string()),
        after: Some("4".to_string()),
        reason: Some("SOHR gives 4".to_string()),
    };
    store.put_audit(&entry).unwrap();
    assert_eq!(store.audit(&id).unwrap(), vec![entry.clone()]);
    assert!(store.audit("SYR-000999").unwrap().is_empty());

    let orphan = AuditEntry {
        event_id: "SYR-000999".to_string(),
        ..entry
    };
    assert!(matches!(
        store.put_audit(&orphan),
        Err(Error::UnknownEvent(_))
    ));
}

crate::on_both_backends!(
    warnings_keep_line_and_article_and_filter_by_article,
    put_facts_replaces_the_articles_facts_only,
    unresolved_places_group_by_name_most_mentioned_first,
    places_are_keyed_by_source_and_id_and_replaced_in_place,
    bad_place_json_is_refused_and_nothing_of_the_batch_is_kept,
    ingest_runs_are_logged_in_order_and_must_be_json,
    audit_trail_is_kept_per_event,
);
