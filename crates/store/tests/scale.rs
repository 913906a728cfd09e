//! Many events: one transaction, and the window search still returns just its window.

mod common;

use chrono::Days;
use common::{day, sample_event};
use marsad_store::{EventFilter, Store};

#[test]
fn ten_thousand_events_and_a_one_week_window() {
    let mut store = Store::open_in_memory().unwrap();
    let first = day(2000, 1, 1);
    let total = 10_000u64;
    store.begin().unwrap();
    for n in 0..total {
        // One event a day, exact dates.
        let date = first.checked_add_days(Days::new(n)).unwrap();
        store.insert_event(&sample_event(date, "a1")).unwrap();
    }
    store.commit().unwrap();
    assert_eq!(store.event_count(&EventFilter::default()).unwrap(), total);

    let from = day(2010, 6, 7);
    let to = day(2010, 6, 13);
    let found = store.events_between(from, to).unwrap();
    assert_eq!(found.len(), 7);
    assert!(found
        .iter()
        .all(|e| e.event_date >= from && e.event_date <= to));
    let dates: Vec<_> = found.iter().map(|e| e.event_date).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert_eq!(
        store
            .events_for_article("a1")
            .unwrap()
            .last()
            .map(String::as_str),
        Some("SYR-010000")
    );
}
