//! Followed sources (`marsad watch`): state, health and items, on both backends.

mod common;

use common::backends::Open;
use marsad_store::WatchItem;

fn item(key: &str, source: &str, status: &str, attempts: u32) -> WatchItem {
    WatchItem {
        key: key.to_string(),
        source: source.to_string(),
        article_id: (status != "retry").then(|| key.to_string()),
        status: status.to_string(),
        attempts,
    }
}

fn health_counts_polls_items_and_failures(open: Open) {
    let mut store = open();
    assert!(store.sources_health().unwrap().is_empty());
    assert!(store.source_health("Enab Baladi").unwrap().is_none());
    store
        .register_source("Enab Baladi", "https://example.org/feed")
        .unwrap();
    store
        .register_source("Dead", "https://dead.example.org/rss")
        .unwrap();

    store
        .record_poll_success(
            "Enab Baladi",
            Some("\"v1\""),
            Some("Tue, 05 Mar 2024 10:00:00 GMT"),
        )
        .unwrap();
    store
        .record_item(
            &item("https://example.org/a/1", "Enab Baladi", "page", 1),
            true,
            None,
        )
        .unwrap();
    store
        .record_item(
            &item("https://example.org/a/2", "Enab Baladi", "retry", 1),
            false,
            Some("HTTP 503"),
        )
        .unwrap();
    // The retry settles on the next poll: seen once, new once, failed once.
    store
        .record_item(
            &item("https://example.org/a/2", "Enab Baladi", "page", 2),
            true,
            None,
        )
        .unwrap();
    store.record_poll_failure("Dead", "HTTP 500").unwrap();
    store.record_poll_failure("Dead", "timed out").unwrap();

    let all = store.sources_health().unwrap();
    assert_eq!(
        all.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(),
        ["Dead", "Enab Baladi"]
    );
    let good = store.source_health("Enab Baladi").unwrap().unwrap();
    assert_eq!(good.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        good.last_modified.as_deref(),
        Some("Tue, 05 Mar 2024 10:00:00 GMT")
    );
    assert_eq!(
        (good.items_seen, good.items_new, good.pages_failed),
        (2, 2, 1)
    );
    assert_eq!(good.consecutive_failures, 0);
    assert_eq!(good.polls, 1);
    assert_eq!(
        good.last_error.as_deref(),
        Some("HTTP 503"),
        "a failed page is the last error"
    );
    assert!(good.last_success_at.is_some() && good.last_error_at.is_some());
    let dead = store.source_health("Dead").unwrap().unwrap();
    assert_eq!(dead.consecutive_failures, 2);
    assert_eq!(dead.polls, 2);
    assert_eq!(dead.last_error.as_deref(), Some("timed out"));
    assert!(dead.last_success_at.is_none());

    // A success resets the streak; a 304 passes the validators back unchanged.
    store.record_poll_success("Dead", None, None).unwrap();
    let dead = store.source_health("Dead").unwrap().unwrap();
    assert_eq!(dead.consecutive_failures, 0);
    assert_eq!(
        dead.last_error.as_deref(),
        Some("timed out"),
        "the last error stays visible"
    );

    // A new URL for a source keeps its counters.
    store
        .register_source("Enab Baladi", "https://example.org/rss")
        .unwrap();
    let moved = store.source_health("Enab Baladi").unwrap().unwrap();
    assert_eq!(moved.url, "https://example.org/rss");
    assert_eq!(moved.items_new, 2);
}

fn items_are_found_by_key_and_settle(open: Open) {
    let mut store = open();
    store
        .register_source("s", "https://example.org/feed")
        .unwrap();
    assert!(store
        .watch_item("https://example.org/a/1")
        .unwrap()
        .is_none());
    store
        .record_item(
            &item("https://example.org/a/1", "s", "retry", 1),
            false,
            Some("HTTP 500"),
        )
        .unwrap();
    let found = store
        .watch_item("https://example.org/a/1")
        .unwrap()
        .unwrap();
    assert!(!found.is_settled());
    assert_eq!(found.attempts, 1);
    assert_eq!(found.article_id, None);
    store
        .record_item(&item("https://example.org/a/1", "s", "feed", 2), true, None)
        .unwrap();
    let found = store
        .watch_item("https://example.org/a/1")
        .unwrap()
        .unwrap();
    assert!(found.is_settled());
    assert_eq!(found, item("https://example.org/a/1", "s", "feed", 2));
    // Another connection sees it (the watcher's fetching threads read on their own).
    let other = open();
    assert!(other
        .watch_item("https://example.org/a/1")
        .unwrap()
        .unwrap()
        .is_settled());
}

crate::on_both_backends!(
    health_counts_polls_items_and_failures,
    items_are_found_by_key_and_settle,
);
