//! `GET /api/sources`: the followed sources' health, as `marsad watch` records it.

mod common;

use common::{app_with, get};
use marsad_server::ServeOptions;
use marsad_store::{Store, WatchItem};

#[tokio::test]
async fn sources_health_shows_failures_and_counts() {
    let mut store = Store::open_in_memory().expect("store");
    let (_, body) = get(
        &app_with(
            Store::open_in_memory().expect("store"),
            &ServeOptions::default(),
        )
        .0,
        "/api/sources",
    )
    .await;
    assert_eq!(body["sources"].as_array().map(Vec::len), Some(0), "{body}");

    store
        .register_source("Enab Baladi", "https://example.org/feed")
        .expect("register");
    store
        .register_source("Dead Outlet", "https://dead.example.org/rss")
        .expect("register");
    store
        .record_poll_success("Enab Baladi", Some("\"v1\""), None)
        .expect("poll");
    store
        .record_item(
            &WatchItem {
                key: "https://example.org/a/1".into(),
                source: "Enab Baladi".into(),
                article_id: Some("https://example.org/a/1".into()),
                status: "page".into(),
                attempts: 1,
            },
            true,
            None,
        )
        .expect("item");
    store
        .record_poll_failure("Dead Outlet", "HTTP 500")
        .expect("fail");
    store
        .record_poll_failure("Dead Outlet", "timed out")
        .expect("fail");

    let (app, _) = app_with(store, &ServeOptions::default());
    let (status, body) = get(&app, "/api/sources").await;
    assert_eq!(status, 200);
    let sources = body["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 2);
    let dead = &sources[0];
    assert_eq!(dead["name"], "Dead Outlet");
    assert_eq!(dead["consecutive_failures"], 2);
    assert_eq!(dead["last_error"], "timed out");
    assert!(dead["last_success_at"].is_null());
    let good = &sources[1];
    assert_eq!(good["name"], "Enab Baladi");
    assert_eq!(good["consecutive_failures"], 0);
    assert_eq!(good["items_seen"], 1);
    assert_eq!(good["items_new"], 1);
    assert!(good["last_success_at"].as_i64().is_some());
}
