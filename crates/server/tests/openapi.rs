//! The OpenAPI document tells the truth: its paths are the routes, and the `/api/events`
//! parameters it documents are exactly the ones accepted.

mod common;

use common::{app, enc, get, get_raw};
use marsad_server::ROUTES;
use std::collections::BTreeSet;

#[tokio::test]
async fn paths_in_the_document_are_the_routes_and_each_answers() {
    let (app, ids) = app(0);
    let (status, doc) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.clone(), path.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, routed);
    for (method, path) in ROUTES.iter().filter(|(m, _)| *m == "get") {
        let uri = path.replace(
            "{id}",
            if path.contains("articles") {
                "a1"
            } else {
                &ids[0]
            },
        );
        let uri = if uri == "/api/search" {
            format!("{uri}?q=x")
        } else {
            uri
        };
        let (status, _, _) = get_raw(&app, &uri).await;
        assert_eq!(status, 200, "{method} {uri}");
    }
}

#[tokio::test]
async fn documented_event_parameters_are_accepted_and_others_refused() {
    let (app, _) = app(3);
    let (_, doc) = get(&app, "/api/openapi.json").await;
    let params = doc["paths"]["/api/events"]["get"]["parameters"]
        .as_array()
        .unwrap();
    assert!(params.len() >= 14);
    for p in params {
        let name = p["name"].as_str().unwrap();
        let Some(example) = p["example"].as_str() else {
            assert_eq!(name, "cursor", "every parameter but cursor has an example");
            continue;
        };
        let (status, body) = get(&app, &format!("/api/events?{name}={}", enc(example))).await;
        assert_eq!(status, 200, "{name}={example}: {body}");
    }
    let (status, body) = get(&app, "/api/events?colour=red").await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("colour"));
}

#[tokio::test]
async fn index_page_is_the_web_ui_and_its_assets_are_served_safely() {
    let (app, _) = app(0);
    let (status, body, headers) = get_raw(&app, "/").await;
    assert_eq!(status, 200);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"));
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("dir=\"rtl\"") && html.contains("lang=\"ar\""));
    assert!(html.contains("/api/openapi.json"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    let (status, body, headers) = get_raw(&app, "/assets/app.js").await;
    assert_eq!(status, 200);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert!(!body.is_empty());
    let (status, body, headers) = get_raw(&app, "/assets/geo/governorates.geojson").await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/geo+json");
    let geo: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(geo["features"].as_array().unwrap().len(), 14);
    for escape in [
        "/assets/../Cargo.toml",
        "/assets/..%2FCargo.toml",
        "/assets/vendor/..%2F..%2Fsrc%2Flib.rs",
        "/assets/geo/..%2Fplaces.tsv",
        "/assets/%2E%2E/src/lib.rs",
        "/assets/nothing.js",
    ] {
        let (status, body, _) = get_raw(&app, escape).await;
        assert!(
            status == 404 || status == 400,
            "{escape}: {status} {}",
            String::from_utf8_lossy(&body)
        );
    }
}
