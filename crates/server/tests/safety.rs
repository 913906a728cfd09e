//! Safety: CORS closed unless origins are given, JSON errors for unknown paths, injection
//! attempts are only values.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{app, app_with, enc, get, sample_store, send};
use marsad_server::ServeOptions;

fn cross_origin(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header("origin", "http://evil.example")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn cors_is_closed_by_default_and_opens_only_to_listed_origins() {
    let (app, _) = app(0);
    let (_, _, headers) = send(&app, cross_origin("/api/events")).await;
    assert!(headers.get("access-control-allow-origin").is_none());
    let (store, _) = sample_store(0);
    let options = ServeOptions {
        cors_origins: vec!["http://localhost:5173".into()],
    };
    let (app, _) = app_with(store, &options);
    let req = Request::get("/api/events")
        .header("origin", "http://localhost:5173")
        .body(Body::empty())
        .unwrap();
    let (_, _, headers) = send(&app, req).await;
    assert_eq!(
        headers["access-control-allow-origin"],
        "http://localhost:5173"
    );
    let (_, _, headers) = send(&app, cross_origin("/api/events")).await;
    assert!(headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn unknown_paths_answer_json_404() {
    let (app, _) = app(0);
    let (status, body) = get(&app, "/api/nothing").await;
    assert_eq!(status, 404);
    assert!(body["error"].is_string());
}

#[tokio::test]
async fn injection_attempts_are_only_values() {
    let (app, _) = app(0);
    for (name, value) in [
        ("actor", "x') OR 1=1 --"),
        ("admin1", "SY09' OR '1'='1"),
        ("admin2", "\"; DROP TABLE events; --"),
        ("q", "\" OR *"),
    ] {
        let (status, page) = get(&app, &format!("/api/events?{name}={}", enc(value))).await;
        assert_eq!(status, 200, "{name}");
        assert_eq!(page["total"], 0, "{name}={value} matched something");
    }
    let (_, page) = get(&app, "/api/events").await;
    assert_eq!(page["total"], 3, "nothing dropped");
}
