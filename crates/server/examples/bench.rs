//! Latency of list, search and export with 100,000 stored events:
//! `cargo run --release -p marsad-server --example bench [EVENTS]` (set `MARSAD_BENCH_DB` to a
//! `postgres://` URL of an empty database to measure PostgreSQL). Prints p50/p95 per request
//! kind and the ACLED CSV export rate, for BENCHMARKS.md.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use chrono::NaiveDate;
use marsad_model::{Article, Event, Evidence, Review, SourceRef};
use marsad_server::{router, AppState, ServeOptions};
use marsad_store::Store;
use tower::ServiceExt;

const PLACES: [(&str, &str, &str, &str, f64, f64); 4] = [
    ("الحوايج", "Al-Hawayij", "Deir-ez-Zor", "SY09", 35.05, 40.37),
    ("الرقة", "Ar-Raqqa", "Ar-Raqqa", "SY11", 35.95, 39.01),
    ("الحسكة", "Al-Hasakeh", "Al-Hasakeh", "SY08", 36.50, 40.75),
    ("ذيبان", "Thiban", "Deir-ez-Zor", "SY09", 35.01, 40.51),
];
const SENTENCES: [&str; 4] = [
    "هاجم عناصر من دا.عـ.ـش حاجزاً لقوات سوريا الديمقراطية في بلدة",
    "انفجرت عبوة ناسفة بسيارة عسكرية تابعة لقسد قرب",
    "اعتقلت قوات الأمن الداخلي شخصين بتهمة الانتماء لخلايا التنظيم في",
    "قتل مدني برصاص مجهولين على طريق",
];
const SUBS: [&str; 4] = [
    "Armed clash",
    "Remote explosive/landmine/IED",
    "Arrests",
    "Attack",
];

fn event(i: usize) -> Event {
    let (ar, en, a1, p1, lat, lon) = PLACES[i % 4];
    let sub = marsad_model::SubEventType::from_name(SUBS[(i / 4) % 4])
        .unwrap_or(marsad_model::SubEventType::ArmedClash);
    let article_id = format!("art-{}", i % 2000);
    let text = format!("{} {ar}.", SENTENCES[(i / 16) % 4]);
    let date = NaiveDate::from_ymd_opt(2017, 1, 1).unwrap() + chrono::Days::new((i % 3300) as u64);
    let mut e = Event {
        event_id: String::new(),
        event_date: date,
        time_precision: 1,
        disorder_type: sub.disorder_type().into(),
        event_type: sub.event_type().into(),
        sub_event_type: sub.name().into(),
        actor1: "Islamic State (Syria)".into(),
        assoc_actor_1: String::new(),
        inter1: "Rebel group".into(),
        actor2: "QSD: Syrian Democratic Forces".into(),
        assoc_actor_2: String::new(),
        inter2: "Rebel group".into(),
        interaction: "Rebel group-Rebel group".into(),
        civilian_targeting: String::new(),
        iso: 760,
        country: "Syria".into(),
        admin1: Some(a1.into()),
        admin2: Some(a1.into()),
        admin3: None,
        admin1_pcode: Some(p1.into()),
        admin2_pcode: Some(format!("{p1}00")),
        admin3_pcode: None,
        location: Some(en.into()),
        location_ar: Some(ar.into()),
        latitude: Some(lat + (i % 100) as f64 * 0.001),
        longitude: Some(lon),
        geo_precision: 1,
        fatalities: (i % 5) as u32,
        fatalities_high: (i % 5) as u32,
        casualties: Vec::new(),
        claimed_by: Vec::new(),
        claims: Vec::new(),
        reported_by: vec!["local sources".into()],
        source: "Enab Baladi".into(),
        source_scale: "National".into(),
        notes: String::new(),
        tags: String::new(),
        sources: vec![SourceRef {
            article_id: article_id.clone(),
            outlet: Some("Enab Baladi".into()),
            url: None,
            published: Some(date),
        }],
        evidence: vec![Evidence {
            article_id,
            start: 0,
            end: text.chars().count(),
            text,
        }],
        review: Review::default(),
    };
    e.notes = e.generated_notes();
    e
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// p50 and p95 of `runs` requests, the body size, and the first request's time: the cold
/// one, before the store remembers the query's total and weekly counts.
async fn time(app: &axum::Router, uri: &str, runs: usize) -> (f64, f64, usize, f64) {
    let mut times = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let res = app
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert!(res.status().is_success(), "{uri}: {}", res.status());
        let body = http_body_util::BodyExt::collect(res.into_body())
            .await
            .unwrap()
            .to_bytes();
        times.push(start.elapsed());
        size = body.len();
    }
    let first = times.first().map_or(0.0, |t| t.as_secs_f64() * 1000.0);
    times.sort();
    (
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        size,
        first,
    )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    // Store work runs outside the async context, as the server runs it (`spawn_blocking`):
    // the PostgreSQL client blocks on a runtime of its own.
    let (state, insert, index) = tokio::task::block_in_place(|| -> anyhow::Result<_> {
        // MARSAD_BENCH_DB=postgres://USER@HOST/DB measures that (empty) PostgreSQL database instead.
        let mut store = match std::env::var("MARSAD_BENCH_DB") {
            Ok(target) => Store::open_target(&target)?,
            Err(_) => Store::open(&dir.path().join("bench.sqlite"))?,
        };
        let start = Instant::now();
        // A kept store (MARSAD_BENCH_DB=sqlite:///path) that already holds the events is
        // measured as it is.
        let stored = store.event_count(&marsad_store::EventFilter::default())?;
        if stored >= n as u64 {
            let state = Arc::new(AppState::new(store)?);
            return Ok((state, Duration::ZERO, start.elapsed()));
        }
        store.begin()?;
        for a in 0..2000 {
            let (ar, ..) = PLACES[a % 4];
            store.put_article(&Article {
                id: format!("art-{a}"),
                title: Some(format!("هجوم في {ar} رقم {a}")),
                text: format!(
                    "{} {ar}. وأفادت مصادر محلية بمقتل عنصرين في الهجوم رقم {a}.",
                    SENTENCES[a % 4]
                ),
                origin: "bench".into(),
                ..Article::default()
            })?;
        }
        for i in 0..n {
            store.insert_event(&event(i))?;
        }
        store.commit()?;
        let insert = start.elapsed();
        let start = Instant::now();
        let state = Arc::new(AppState::new(store)?);
        let index = start.elapsed();
        Ok((state, insert, index))
    })?;
    let app = router(state, &ServeOptions::default());
    println!(
        "events: {n}; insert {:.1} s; initial search index {:.1} s",
        insert.as_secs_f64(),
        index.as_secs_f64()
    );
    // Warms the page cache; the cold column still counts each query once (another limit is
    // another remembered total).
    let _ = time(&app, "/api/events?limit=1", 3).await;
    let cases = [
        (
            "list, default (newest first, 50)",
            "/api/events".to_string(),
        ),
        (
            "list, admin1 + from/to, 100",
            "/api/events?admin1=SY11&from=2019-01-01&to=2021-12-31&limit=100".to_string(),
        ),
        (
            "list, bbox + sort -fatalities",
            "/api/events?bbox=39,35,41,37&sort=-fatalities".to_string(),
        ),
        (
            "list, actor alias داعش",
            "/api/events?actor=%D8%AF%D8%A7%D8%B9%D8%B4&limit=50".to_string(),
        ),
        (
            "list, q=ذيبان",
            "/api/events?q=%D8%B0%D9%8A%D8%A8%D8%A7%D9%86".to_string(),
        ),
        (
            "search, q=عبوة الرقة",
            "/api/search?q=%D8%B9%D8%A8%D9%88%D8%A9%20%D8%A7%D9%84%D8%B1%D9%82%D8%A9".to_string(),
        ),
        (
            "search, q=داعش (alias expansion)",
            "/api/search?q=%D8%AF%D8%A7%D8%B9%D8%B4".to_string(),
        ),
        ("stats, all", "/api/stats".to_string()),
    ];
    println!("| request | first (cold) ms | p50 ms | p95 ms |");
    println!("|---|---|---|---|");
    for (name, uri) in &cases {
        let (p50, p95, _, first) = time(&app, uri, 60).await;
        println!("| {name} | {first:.1} | {p50:.1} | {p95:.1} |");
    }
    // Page 40 through cursors: keyset pages cost the same deep in the list.
    let mut uri = "/api/events?limit=100".to_string();
    for _ in 0..40 {
        let res = app
            .clone()
            .oneshot(Request::get(&uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let body = http_body_util::BodyExt::collect(res.into_body())
            .await
            .unwrap()
            .to_bytes();
        let v: serde_json::Value = serde_json::from_slice(&body)?;
        uri = format!(
            "/api/events?limit=100&cursor={}",
            v["next"].as_str().unwrap_or("")
        );
    }
    let (p50, p95, _, first) = time(&app, &uri, 60).await;
    println!("| list, page 41 by cursor (100) | {first:.1} | {p50:.1} | {p95:.1} |");
    for (name, uri) in [
        ("export.csv", "/api/export.csv"),
        ("export.jsonl", "/api/export.jsonl"),
        ("export.geojson", "/api/export.geojson"),
    ] {
        let (p50, p95, size, _) = time(&app, uri, 5).await;
        println!(
            "| {name}, all {n} events ({:.1} MB) | {p50:.0} | {p95:.0} | {:.0} rows/s at p95",
            size as f64 / 1e6,
            n as f64 / (p95 / 1000.0)
        );
    }
    Ok(())
}
