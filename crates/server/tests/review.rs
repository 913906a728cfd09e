//! Review over the API: bearer tokens, every action and its audit rows, optimistic
//! concurrency, place coordinates, and what exports see afterwards.

mod common;

use std::sync::Arc;

use axum::Router;
use common::{app_with, get, get_raw, post, sample_store};
use marsad_server::{router, AppState, ServeOptions};
use marsad_store::Store;
use serde_json::{json, Value};

fn setup() -> (Router, Vec<String>, String) {
    let (mut store, ids) = sample_store(0);
    let token = store.create_token("amal").unwrap();
    let (app, _) = app_with(store, &ServeOptions::default());
    (app, ids, token)
}

fn history_fields(event: &Value) -> Vec<String> {
    event["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["field"].as_str().unwrap().to_string())
        .collect()
}

fn review_uri(id: &str) -> String {
    format!("/api/events/{id}/review")
}

#[tokio::test]
async fn writes_need_a_valid_bearer_token() {
    let (app, ids, token) = setup();
    let confirm = json!({"action": "confirm"});
    let (status, body) = post(&app, &review_uri(&ids[0]), None, &confirm).await;
    assert_eq!(status, 401);
    assert!(body["error"].as_str().unwrap().contains("token"));
    let (status, _) = post(&app, &review_uri(&ids[0]), Some("marsad_forged"), &confirm).await;
    assert_eq!(status, 401);
    let (status, _) = post(&app, "/api/places/coordinates", None, &json!({})).await;
    assert_eq!(status, 401);
    let (status, _) = post(&app, &review_uri(&ids[0]), Some(&token), &confirm).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn confirm_records_who_and_an_audit_row() {
    let (app, ids, token) = setup();
    let body = json!({"action": "confirm", "reason": "checked against the SDF statement"});
    let (status, e) = post(&app, &review_uri(&ids[0]), Some(&token), &body).await;
    assert_eq!(status, 200, "{e}");
    assert_eq!(e["review"]["status"], "confirmed");
    assert_eq!(e["review"]["by"], "amal");
    let row = e["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(row["field"], "review.status");
    assert_eq!(row["by"], "amal");
    assert_eq!(row["before"], "\"unreviewed\"");
    assert_eq!(row["after"], "\"confirmed\"");
    assert_eq!(row["reason"], "checked against the SDF statement");
    let (_, page) = get(&app, "/api/events?status=confirmed").await;
    assert_eq!(common::ids(&page), vec![ids[0].clone()]);
}

#[tokio::test]
async fn edit_changes_fields_with_one_audit_row_each_and_derives_the_rest() {
    let (app, ids, token) = setup();
    let body = json!({"action": "edit", "reason": "second report",
        "fields": {"fatalities": 4, "sub_event_type": "Attack", "location": "Hawayij"}});
    let (status, e) = post(&app, &review_uri(&ids[0]), Some(&token), &body).await;
    assert_eq!(status, 200, "{e}");
    assert_eq!(e["fatalities"], 4);
    assert_eq!(e["fatalities_high"], 4);
    assert_eq!(e["event_type"], "Violence against civilians");
    assert_eq!(e["review"]["status"], "edited");
    let fields = history_fields(&e);
    for f in [
        "fatalities",
        "sub_event_type",
        "location",
        "event_type",
        "fatalities_high",
        "review.status",
    ] {
        assert!(fields.contains(&f.to_string()), "{f} in {fields:?}");
    }
    let row = e["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["field"] == "fatalities")
        .unwrap()
        .clone();
    assert_eq!(
        (row["before"].as_str(), row["after"].as_str()),
        (Some("2"), Some("4"))
    );
    for bad in [
        json!({"action": "edit", "fields": {"event_id": "SYR-1"}}),
        json!({"action": "edit", "fields": {"fatalities": "many"}}),
        json!({"action": "edit", "fields": {"sub_event_type": "Skirmish"}}),
        json!({"action": "edit", "fields": {"geo_precision": 7}}),
        json!({"action": "edit", "fields": {"latitude": 123.0}}),
        json!({"action": "edit"}),
        json!({"action": "bless"}),
        json!({"action": "confirm", "other": "SYR-000002"}),
        json!({"action": "confirm", "colour": "red"}),
    ] {
        let (status, body) = post(&app, &review_uri(&ids[0]), Some(&token), &bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    let confirm = json!({"action": "confirm"});
    let (status, _) = post(&app, &review_uri("SYR-999999"), Some(&token), &confirm).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_stale_timestamp_is_a_conflict() {
    let (app, ids, token) = setup();
    let (_, e) = get(&app, &format!("/api/events/{}", ids[1])).await;
    let seen = e["timestamp"].as_i64().unwrap();
    let body = json!({"action": "confirm", "timestamp": seen});
    let (status, after) = post(&app, &review_uri(&ids[1]), Some(&token), &body).await;
    assert_eq!(status, 200);
    assert!(after["timestamp"].as_i64().unwrap() > seen);
    let stale = json!({"action": "edit", "timestamp": seen, "fields": {"fatalities": 9}});
    let (status, body) = post(&app, &review_uri(&ids[1]), Some(&token), &stale).await;
    assert_eq!(status, 409, "{body}");
    let (_, now) = get(&app, &format!("/api/events/{}", ids[1])).await;
    assert_eq!(now["fatalities"], 0, "nothing written on conflict");
}

#[tokio::test]
async fn rejected_events_leave_exports_but_stay_stored() {
    let (app, ids, token) = setup();
    let reject = json!({"action": "reject"});
    let (status, _) = post(&app, &review_uri(&ids[1]), Some(&token), &reject).await;
    assert_eq!(status, 200);
    let (_, body, _) = get_raw(&app, "/api/export.csv").await;
    let csv = String::from_utf8(body).unwrap();
    assert!(!csv.contains(&ids[1]));
    assert_eq!(csv.lines().count(), 3);
    let (_, page) = get(&app, "/api/events").await;
    assert!(!common::ids(&page).contains(&ids[1]));
    let (_, page) = get(&app, "/api/events?status=rejected").await;
    assert_eq!(common::ids(&page), vec![ids[1].clone()]);
    let (status, e) = get(&app, &format!("/api/events/{}", ids[1])).await;
    assert_eq!(status, 200);
    assert_eq!(e["review"]["status"], "rejected");
}

#[tokio::test]
async fn merge_takes_the_other_reports_and_rejects_it() {
    let (app, ids, token) = setup();
    let body = json!({"action": "merge", "other": ids[1], "reason": "same attack"});
    let (status, e) = post(&app, &review_uri(&ids[0]), Some(&token), &body).await;
    assert_eq!(status, 200, "{e}");
    assert_eq!(e["merged"], ids[1].as_str());
    let sources: Vec<&str> = e["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["article_id"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["a1", "a2"]);
    assert_eq!(e["evidence"].as_array().unwrap().len(), 2);
    assert!(history_fields(&e).contains(&"merge".to_string()));
    let (_, other) = get(&app, &format!("/api/events/{}", ids[1])).await;
    assert_eq!(other["review"]["status"], "rejected");
    let row = other["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["field"] == "merged_into")
        .unwrap()
        .clone();
    assert_eq!(row["after"], format!("\"{}\"", ids[0]));
    let (_, a2) = get(&app, "/api/articles/a2").await;
    assert_eq!(a2["highlights"][0]["event_id"], ids[0].as_str());
    let itself = json!({"action": "merge", "other": ids[0]});
    let (status, _) = post(&app, &review_uri(&ids[0]), Some(&token), &itself).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn split_moves_the_named_reports_to_a_new_event() {
    let (app, ids, token) = setup();
    let merge = json!({"action": "merge", "other": ids[1]});
    post(&app, &review_uri(&ids[0]), Some(&token), &merge).await;
    let body = json!({"action": "split", "articles": ["a2"], "reason": "two different attacks"});
    let (status, e) = post(&app, &review_uri(&ids[0]), Some(&token), &body).await;
    assert_eq!(status, 200, "{e}");
    let created = e["created"].as_str().unwrap().to_string();
    assert_eq!(e["sources"].as_array().unwrap().len(), 1);
    assert_eq!(e["sources"][0]["article_id"], "a1");
    let (_, new) = get(&app, &format!("/api/events/{created}")).await;
    assert_eq!(new["sources"][0]["article_id"], "a2");
    assert_eq!(new["evidence"][0]["article_id"], "a2");
    assert_eq!(new["review"]["status"], "edited");
    assert!(history_fields(&new).contains(&"split_from".to_string()));
    assert!(history_fields(&e).contains(&"split".to_string()));
    for bad in [
        json!({"action": "split", "articles": ["a1"]}),
        json!({"action": "split", "articles": ["a9"]}),
        json!({"action": "split"}),
    ] {
        let (status, _) = post(&app, &review_uri(&ids[0]), Some(&token), &bad).await;
        assert_eq!(status, 400, "{bad}");
    }
}

#[tokio::test]
async fn setting_a_place_moves_its_events_and_clears_it_from_unresolved() {
    let (app, ids, token) = setup();
    let body =
        json!({"name_ar": "الحوايج", "latitude": 35.1, "longitude": 40.4, "reason": "satellite"});
    let (status, r) = post(&app, "/api/places/coordinates", Some(&token), &body).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["events_moved"], json!([ids[0]]));
    assert_eq!(r["history"][0]["by"], "amal");
    let (_, e) = get(&app, &format!("/api/events/{}", ids[0])).await;
    assert_eq!(
        (e["latitude"].as_f64(), e["longitude"].as_f64()),
        (Some(35.1), Some(40.4))
    );
    assert_eq!(e["review"]["status"], "edited");
    assert!(history_fields(&e).contains(&"coordinates".to_string()));
    let body = json!({"name_ar": "الطيانة", "latitude": 35.0, "longitude": 40.5});
    let (_, r) = post(&app, "/api/places/coordinates", Some(&token), &body).await;
    assert_eq!(r["unresolved_cleared"], 1);
    let (_, u) = get(&app, "/api/places/unresolved").await;
    assert!(u["places"].as_array().unwrap().is_empty());
    for bad in [
        json!({"name_ar": "x", "latitude": 95.0, "longitude": 0.0}),
        json!({"name_ar": " ", "latitude": 1.0, "longitude": 1.0}),
        json!({"name_ar": "x"}),
    ] {
        let (status, _) = post(&app, "/api/places/coordinates", Some(&token), &bad).await;
        assert_eq!(status, 400, "{bad}");
    }
}

#[tokio::test]
async fn bodies_over_one_megabyte_are_refused() {
    let (app, ids, token) = setup();
    let big = json!({"action": "confirm", "reason": "x".repeat(1_100_000)});
    let (status, _) = post(&app, &review_uri(&ids[0]), Some(&token), &big).await;
    assert_eq!(status, 413);
}

/// With read connections beside the writer (as `marsad serve` runs), a review written on the
/// writer is what the very next list, detail and search read: no stale reads.
#[tokio::test]
async fn reads_on_the_reader_pool_see_a_review_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let (mut store, ids) = common::sample_store_in(Store::open(&path).unwrap(), 30);
    let token = store.create_token("amal").unwrap();
    let readers = (0..3).map(|_| Store::open(&path).unwrap()).collect();
    let state = Arc::new(AppState::new(store).unwrap().with_readers(readers));
    let app = router(state, &ServeOptions::default());
    for round in 0..3 {
        let toll = 10 + round;
        let body = json!({"action": "edit", "fields": {"fatalities": toll}, "reason": "check"});
        let (status, e) = post(&app, &review_uri(&ids[0]), Some(&token), &body).await;
        assert_eq!(status, 200, "{e}");
        // Several reads, so that each reader in turn answers one.
        for _ in 0..4 {
            let (_, detail) = get(&app, &format!("/api/events/{}", ids[0])).await;
            assert_eq!(detail["fatalities"], toll);
            let (_, page) = get(&app, "/api/events?status=edited&limit=5").await;
            assert_eq!(common::ids(&page), vec![ids[0].clone()]);
        }
    }
}
