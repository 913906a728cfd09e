//! The API listing (admin2/3, sort, keyset cursors, weekly counts) and the search index.

mod common;

use common::backends::Open;

use common::{day, sample_article, sample_event};
use marsad_store::{DocumentKind, Error, EventQuery, EventSort, SearchQuery, Store};

fn store_with_days(open: Open, n: u32) -> Store {
    let mut store = open();
    for d in 1..=n {
        let mut e = sample_event(day(2024, 3, d), "a1");
        e.fatalities = d % 4;
        if d % 2 == 0 {
            e.admin2 = Some("Al-Mayadin".into());
            e.admin2_pcode = Some("SY0903".into());
        }
        store.insert_event(&e).unwrap();
    }
    store
}

fn cursor_pages_cover_every_event_once_in_each_order(open: Open) {
    let store = store_with_days(open, 11);
    for sort in EventSort::ALL {
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = store
                .query_events(&EventQuery {
                    sort,
                    cursor: cursor.clone(),
                    limit: Some(4),
                    ..EventQuery::default()
                })
                .unwrap();
            assert_eq!(page.total, 11);
            seen.extend(page.events.iter().map(|e| e.event.clone()));
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        let mut ids: Vec<&str> = seen.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids.len(), 11, "{sort:?}");
        let in_order = seen.windows(2).all(|w| match sort {
            EventSort::DateAscending => w[0].event_date <= w[1].event_date,
            EventSort::DateDescending => w[0].event_date >= w[1].event_date,
            EventSort::FatalitiesAscending => w[0].fatalities <= w[1].fatalities,
            EventSort::FatalitiesDescending => w[0].fatalities >= w[1].fatalities,
            _ => true,
        });
        assert!(in_order, "{sort:?}");
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 11, "no event twice in {sort:?}");
    }
}

fn foreign_or_mismatched_cursors_are_refused(open: Open) {
    let store = store_with_days(open, 5);
    let page = store
        .query_events(&EventQuery {
            limit: Some(2),
            ..EventQuery::default()
        })
        .unwrap();
    let next = page.next.unwrap();
    let other_order = store.query_events(&EventQuery {
        sort: EventSort::FatalitiesAscending,
        cursor: Some(next),
        ..EventQuery::default()
    });
    assert!(matches!(other_order, Err(Error::InvalidCursor(_))));
    let junk = store.query_events(&EventQuery {
        cursor: Some("zz' OR 1=1".into()),
        ..EventQuery::default()
    });
    assert!(matches!(junk, Err(Error::InvalidCursor(_))));
}

fn admin2_matches_name_or_pcode_and_week_counts_group_by_monday(open: Open) {
    let store = store_with_days(open, 14);
    for key in ["al-mayadin", "SY0903"] {
        let page = store
            .query_events(&EventQuery {
                admin2: Some(key.into()),
                ..EventQuery::default()
            })
            .unwrap();
        assert_eq!(page.total, 7, "{key}");
    }
    let weeks = store.week_counts(&EventQuery::default()).unwrap();
    // 2024-03-01 is a Friday: weeks start 02-26, 03-04, 03-11.
    let labels: Vec<&str> = weeks.iter().map(|w| w.week.as_str()).collect();
    assert_eq!(labels, ["2024-02-26", "2024-03-04", "2024-03-11"]);
    assert_eq!(weeks.iter().map(|w| w.events).sum::<u64>(), 14);
    assert_eq!(weeks[0].events, 3);
}

fn written_documents_queue_for_indexing_and_match_quoted_terms(open: Open) {
    let mut store = open();
    store.put_article(&sample_article("a1", "نص")).unwrap();
    let id = store
        .insert_event(&sample_event(day(2024, 3, 1), "a1"))
        .unwrap();
    let pending = store.pending_search_documents(10).unwrap();
    assert_eq!(pending.len(), 2);
    assert!(pending
        .iter()
        .any(|d| d.kind == DocumentKind::Event && d.id == id));
    store.index_article("a1", "هجوم", "هجوم علي حاجز").unwrap();
    store.index_event(&id, "داعش ذيبان").unwrap();
    assert_eq!(store.pending_search_count().unwrap(), 0);
    let q = |groups: &[&[&[&str]]]| SearchQuery {
        groups: groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|p| p.iter().map(|t| t.to_string()).collect())
                    .collect()
            })
            .collect(),
    };
    let hits = store
        .search_articles(&q(&[&[&["علي", "حاجز"]]]), 10)
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert!(store
        .search_articles(&q(&[&[&["حاجز", "علي"]]]), 10)
        .unwrap()
        .is_empty());
    // FTS5 operators in input are only text.
    assert!(store
        .search_events(&q(&[&[&["داعش OR *"]]]), false, 10)
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .search_events(&q(&[&[&["x"], &["داعش"]]]), false, 10)
            .unwrap()
            .len(),
        1
    );
    // Updating the event queues it again.
    let mut e = store.event(&id).unwrap().unwrap();
    e.fatalities = 9;
    store.update_event(&e).unwrap();
    assert_eq!(store.pending_search_count().unwrap(), 1);
}

/// A text list whose words are in most events (the store may then walk events in order and
/// check each) and one whose words are in few (it may gather the matches first) both count
/// and page exactly what they match, rejected and retired events left out.
fn text_lists_count_and_page_what_they_match_however_many_match(open: Open) {
    let mut store = open();
    let mut ids = Vec::new();
    for i in 0..200u32 {
        let mut e = sample_event(day(2024, 1, 1) + chrono::Days::new(u64::from(i)), "a1");
        if i % 50 == 7 {
            e.review.status = marsad_model::ReviewStatus::Rejected;
        }
        ids.push(store.insert_event(&e).unwrap());
    }
    for (i, id) in ids.iter().enumerate() {
        let mut terms = String::from("هجوم");
        if i % 4 != 0 {
            terms.push_str(" داعش");
        }
        if i % 40 == 0 {
            terms.push_str(" ذيبان");
        }
        store.index_event(id, &terms).unwrap();
    }
    store.retire_event(&ids[1], &ids[2]).unwrap();
    let word = |w: &str| SearchQuery {
        groups: vec![vec![vec![w.to_string()]]],
    };
    let rejected = |i: usize| i % 50 == 7;
    type Matches = fn(usize) -> bool;
    let common: Matches = |i| i % 4 != 0;
    let rare: Matches = |i| i % 40 == 0;
    for (w, matches) in [("داعش", common), ("ذيبان", rare)] {
        // Newest first, as the API lists by default.
        let expected: Vec<String> = (0..200)
            .rev()
            .filter(|&i| matches(i) && !rejected(i) && i != 1)
            .map(|i| ids[i].clone())
            .collect();
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = store
                .query_events(&EventQuery {
                    text: Some(word(w)),
                    sort: EventSort::DateDescending,
                    cursor: cursor.clone(),
                    limit: Some(5),
                    ..EventQuery::default()
                })
                .unwrap();
            assert_eq!(page.total, expected.len() as u64, "{w}");
            seen.extend(page.events.into_iter().map(|s| s.event.event_id));
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, expected, "{w}");
    }
}

crate::on_both_backends!(
    text_lists_count_and_page_what_they_match_however_many_match,
    cursor_pages_cover_every_event_once_in_each_order,
    foreign_or_mismatched_cursors_are_refused,
    admin2_matches_name_or_pcode_and_week_counts_group_by_monday,
    written_documents_queue_for_indexing_and_match_quoted_terms,
);

/// SQLite's planner statistics are taken once the store holds 1,000 events and again only
/// when it has grown or shrunk by a quarter, so ingest runs do not pay `ANALYZE` each time.
#[test]
fn planner_statistics_follow_the_size_of_the_store() {
    let mut store = Store::open_in_memory().unwrap();
    let add = |store: &mut Store, n: u32| {
        store.begin().unwrap();
        for i in 0..n {
            let e = sample_event(
                day(2024, 1, 1) + chrono::Days::new(u64::from(i % 300)),
                "a1",
            );
            store.insert_event(&e).unwrap();
        }
        store.commit().unwrap();
    };
    add(&mut store, 999);
    assert!(!store.refresh_planner_statistics().unwrap(), "too small");
    add(&mut store, 1);
    assert!(
        store.refresh_planner_statistics().unwrap(),
        "first at 1,000"
    );
    assert!(!store.refresh_planner_statistics().unwrap(), "unchanged");
    add(&mut store, 200);
    assert!(
        !store.refresh_planner_statistics().unwrap(),
        "grown by a fifth"
    );
    add(&mut store, 100);
    assert!(store.refresh_planner_statistics().unwrap(), "grown by 30 %");
}

/// A list's total and weekly counts are remembered between pages but follow every write: this connection's own
/// and another connection's (another process ingesting into the same file).
#[test]
fn list_totals_follow_writes_from_this_and_other_connections() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let mut writer = Store::open(&path).unwrap();
    let reader = Store::open(&path).unwrap();
    // The list's total, checked against the sum of its weekly counts (remembered alike).
    let total = |store: &Store| {
        let query = EventQuery {
            limit: Some(2),
            ..EventQuery::default()
        };
        let total = store.query_events(&query).unwrap().total;
        let weekly: u64 = store
            .week_counts(&query)
            .unwrap()
            .iter()
            .map(|w| w.events)
            .sum();
        assert_eq!(total, weekly);
        total
    };
    for d in 1..=3 {
        writer
            .insert_event(&sample_event(day(2024, 3, d), "a1"))
            .unwrap();
    }
    assert_eq!((total(&writer), total(&reader)), (3, 3));
    writer
        .insert_event(&sample_event(day(2024, 3, 9), "a1"))
        .unwrap();
    assert_eq!(total(&writer), 4, "own write");
    assert_eq!(total(&reader), 4, "another connection's write");
    writer.begin().unwrap();
    writer
        .insert_event(&sample_event(day(2024, 3, 10), "a1"))
        .unwrap();
    assert_eq!(total(&writer), 5, "own uncommitted write");
    assert_eq!(total(&reader), 4, "not yet committed");
    writer.rollback().unwrap();
    assert_eq!((total(&writer), total(&reader)), (4, 4), "rolled back");
}
