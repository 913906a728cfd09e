//! Exports over HTTP with the `/api/events` filters; rejected events never leave.

mod common;

use common::{app, get_raw};

#[tokio::test]
async fn csv_has_acled_columns_and_honours_filters() {
    let (app, made) = app(0);
    let (status, body, headers) = get_raw(&app, "/api/export.csv").await;
    assert_eq!(status, 200);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = String::from_utf8(body).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("event_id_cnty,event_date,year,"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0].starts_with(&made[0]), "oldest first: {}", rows[0]);
    let (_, body, _) = get_raw(&app, "/api/export.csv?admin1=SY11").await;
    let text = String::from_utf8(body).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.contains(&made[1]));
}

#[tokio::test]
async fn geojson_and_jsonl_carry_the_same_events() {
    let (app, made) = app(0);
    let (status, body, headers) = get_raw(&app, "/api/export.geojson?from=2024-04-01").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/geo+json");
    let fc: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len(), 2);
    assert_eq!(features[0]["id"], made[1].as_str());
    assert_eq!(features[0]["geometry"]["coordinates"][0], 39.01);
    assert!(features[0]["properties"].get("evidence").is_none());
    let (status, body, _) =
        get_raw(&app, "/api/export.jsonl?from=2024-04-01&sort=-event_date").await;
    assert_eq!(status, 200);
    let ids: Vec<String> = String::from_utf8(body)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["event_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, [made[2].clone(), made[1].clone()]);
}

#[tokio::test]
async fn exports_refuse_paging_and_rejected_events() {
    let (app, _) = app(0);
    for uri in [
        "/api/export.csv?limit=2",
        "/api/export.jsonl?cursor=abc",
        "/api/export.geojson?status=rejected",
        "/api/export.csv?from=nope",
        "/api/export.csv?unknown=1",
    ] {
        let (status, body, _) = get_raw(&app, uri).await;
        assert_eq!(status, 400, "{uri}");
        let err: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert!(err["error"].is_string());
    }
}
