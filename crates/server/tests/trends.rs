//! `/api/trends` and `/api/alerts` over a store with a year and more of weekly history.

mod common;

use chrono::Days;
use common::{app_with, article, day, event_from, get, HAWAIJ, IS};
use marsad_server::ServeOptions;
use marsad_store::Store;

/// 60 weeks of one IS clash a week in Thiban, then an actor new there on 2024-06-06 (a
/// Thursday). Returns the store and the new actor's event id.
fn store_with_history() -> (Store, String) {
    let mut store = Store::open_in_memory().expect("store");
    let a = article(
        "a1",
        "هجوم على حاجز لقسد في الحوائج",
        "هاجم عناصر من التنظيم حاجزاً لقوات سوريا الديمقراطية في بلدة الحوائج. وقتل عنصران.",
        day(2024, 6, 6),
    );
    store.put_article(&a).expect("article");
    let monday = day(2024, 6, 3);
    for w in 1..=60u64 {
        let date = monday - Days::new(7 * w);
        let mut e = event_from(&a, date, "Armed clash", IS, HAWAIJ);
        e.admin3 = Some("Thiban".into());
        store.insert_event(&e).expect("history");
    }
    let mut new = event_from(
        &a,
        day(2024, 6, 6),
        "Armed clash",
        "Hayat Tahrir al-Sham",
        HAWAIJ,
    );
    new.admin3 = Some("Thiban".into());
    let id = store.insert_event(&new).expect("new actor");
    (store, id)
}

#[tokio::test]
async fn alerts_name_an_emerging_actor_and_its_event() {
    let (store, id) = store_with_history();
    let (app, _) = app_with(store, &ServeOptions::default());
    let (status, body) = get(&app, "/api/alerts").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["week_start"], "2024-06-03");
    assert_eq!(body["week_end"], "2024-06-09");
    let alerts = body["alerts"].as_array().expect("alerts");
    let emerging: Vec<_> = alerts
        .iter()
        .filter(|a| a["kind"] == "emerging_actor")
        .collect();
    assert_eq!(emerging.len(), 1, "{body}");
    assert_eq!(emerging[0]["actor"], "Hayat Tahrir al-Sham");
    assert_eq!(emerging[0]["area"], "Thiban");
    assert_eq!(emerging[0]["event_ids"][0], id.as_str());
    // A week with IS alone: nothing new.
    let (status, body) = get(&app, "/api/alerts?since=2024-05-29").await;
    assert_eq!(status, 200);
    assert_eq!(body["alerts"].as_array().map(Vec::len), Some(0), "{body}");
}

#[tokio::test]
async fn trends_give_series_and_change_levels() {
    let (store, _) = store_with_history();
    let (app, _) = app_with(store, &ServeOptions::default());
    let (status, body) = get(&app, "/api/trends?from=2024-01-01").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["as_of"], "2024-06-06");
    let series = body["series"].as_array().expect("series");
    let thiban = series
        .iter()
        .find(|s| s["dimension"] == "subdistrict" && s["key"] == "Thiban")
        .expect("Thiban series");
    // From 2024-01-01 (a Monday): 22 weeks of history and this week's new event.
    assert_eq!(thiban["total_events"], 23);
    let changes = body["changes"].as_array().expect("changes");
    let row = changes
        .iter()
        .find(|r| r["dimension"] == "subdistrict" && r["key"] == "Thiban")
        .expect("Thiban change");
    // 1 this week against 1 a week.
    assert_eq!(row["events_short"]["level"], "limited");
    let (status, _) = get(&app, "/api/trends?interval=month").await;
    assert_eq!(status, 400);
    let (status, _) = get(&app, "/api/alerts?since=June").await;
    assert_eq!(status, 400);
    let (status, _) = get(&app, "/api/alerts?from=2024-01-01").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn an_empty_store_has_no_trends() {
    let (app, _) = app_with(
        Store::open_in_memory().expect("store"),
        &ServeOptions::default(),
    );
    let (status, body) = get(&app, "/api/alerts").await;
    assert_eq!(status, 200);
    assert!(body["as_of"].is_null());
    let (status, body) = get(&app, "/api/trends").await;
    assert_eq!(status, 200);
    assert_eq!(body["series"].as_array().map(Vec::len), Some(0));
}
