//! A small store built through the store API, and request helpers over `oneshot`.
#![allow(dead_code)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use http_body_util::BodyExt;
use marsad_model::{Article, Casualty, Event, Evidence, Review, SourceRef};
use marsad_server::{router, AppState, ServeOptions};
use marsad_store::Store;
use serde_json::Value;
use tower::ServiceExt;

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

pub fn article(id: &str, title: &str, text: &str, published: NaiveDate) -> Article {
    Article {
        id: id.into(),
        url: Some(format!("https://example.org/{id}")),
        outlet: Some("Enab Baladi".into()),
        outlet_ar: Some("عنب بلدي".into()),
        title: Some(title.into()),
        published: Some(published),
        text: text.into(),
        removed: Vec::new(),
        origin: format!("test/{id}"),
    }
}

/// An event resting on the first sentence of `article`'s text.
pub fn event_from(
    article: &Article,
    date: NaiveDate,
    sub: &str,
    actor1: &str,
    place: Place,
) -> Event {
    let sentence: String = article.text.split(". ").next().unwrap_or("").to_string();
    let end = sentence.chars().count();
    let sub_type = marsad_model::SubEventType::from_name(sub).expect("ACLED sub-event type");
    let mut e = Event {
        event_id: String::new(),
        event_date: date,
        time_precision: 1,
        disorder_type: sub_type.disorder_type().into(),
        event_type: sub_type.event_type().into(),
        sub_event_type: sub_type.name().into(),
        actor1: actor1.into(),
        assoc_actor_1: String::new(),
        inter1: "Rebel group".into(),
        actor2: "QSD: Syrian Democratic Forces".into(),
        assoc_actor_2: String::new(),
        inter2: "Rebel group".into(),
        interaction: "Rebel group-Rebel group".into(),
        civilian_targeting: String::new(),
        iso: 760,
        country: "Syria".into(),
        admin1: Some(place.admin1.into()),
        admin2: Some(place.admin2.into()),
        admin3: None,
        admin1_pcode: Some(place.admin1_pcode.into()),
        admin2_pcode: Some(place.admin2_pcode.into()),
        admin3_pcode: None,
        location: Some(place.name_en.into()),
        location_ar: Some(place.name_ar.into()),
        latitude: Some(place.lat),
        longitude: Some(place.lon),
        geo_precision: 1,
        fatalities: 2,
        fatalities_high: 2,
        casualties: vec![Casualty {
            group: "QSD: Syrian Democratic Forces".into(),
            killed: Some(2),
            injured: None,
            estimate: false,
        }],
        claimed_by: Vec::new(),
        claims: Vec::new(),
        reported_by: vec!["local sources".into()],
        source: "Enab Baladi".into(),
        source_scale: "National".into(),
        notes: String::new(),
        tags: String::new(),
        sources: vec![SourceRef {
            article_id: article.id.clone(),
            outlet: article.outlet.clone(),
            url: article.url.clone(),
            published: article.published,
        }],
        evidence: vec![Evidence {
            article_id: article.id.clone(),
            text: sentence,
            start: 0,
            end,
        }],
        review: Review::default(),
    };
    e.notes = e.generated_notes();
    e
}

#[derive(Clone, Copy)]
pub struct Place {
    pub name_ar: &'static str,
    pub name_en: &'static str,
    pub admin1: &'static str,
    pub admin1_pcode: &'static str,
    pub admin2: &'static str,
    pub admin2_pcode: &'static str,
    pub lat: f64,
    pub lon: f64,
}

pub const HAWAIJ: Place = Place {
    name_ar: "الحوايج",
    name_en: "Al-Hawayij",
    admin1: "Deir-ez-Zor",
    admin1_pcode: "SY09",
    admin2: "Al Mayadin",
    admin2_pcode: "SY0903",
    lat: 35.05,
    lon: 40.37,
};
pub const RAQQA: Place = Place {
    name_ar: "الرقة",
    name_en: "Ar-Raqqa",
    admin1: "Ar-Raqqa",
    admin1_pcode: "SY11",
    admin2: "Ar-Raqqa",
    admin2_pcode: "SY1100",
    lat: 35.95,
    lon: 39.01,
};
pub const HASAKEH: Place = Place {
    name_ar: "الحسكة",
    name_en: "Al-Hasakeh",
    admin1: "Al-Hasakeh",
    admin1_pcode: "SY08",
    admin2: "Al-Hasakeh",
    admin2_pcode: "SY0800",
    lat: 36.50,
    lon: 40.75,
};

pub const IS: &str = "Islamic State (Syria)";

/// Three reports and their events, plus `extra` filler events for paging:
/// a1 (Deir ez-Zor, armed clash, دا.عـ.ـش written obfuscated, الحوائج), a2 (Raqqa, IED,
/// بالرقة), a3 (Hasakeh, arrests by the SDF). Returns the store and the three event ids.
pub fn sample_store(extra: u32) -> (Store, Vec<String>) {
    sample_store_in(Store::open_in_memory().expect("store"), extra)
}

/// [`sample_store`] written into `store` (a file store, for tests with read connections).
pub fn sample_store_in(mut store: Store, extra: u32) -> (Store, Vec<String>) {
    let a1 = article(
        "a1",
        "هجوم على حاجز لقسد في الحوائج",
        "هاجم عناصر من دا.عـ.ـش حاجزاً لقوات سوريا الديمقراطية في بلدة الحوائج بريف دير الزور الشرقي. وقتل عنصران من قسد في الهجوم.",
        day(2024, 3, 12),
    );
    let a2 = article(
        "a2",
        "انفجار عبوة ناسفة",
        "انفجرت عبوة ناسفة بسيارة عسكرية بالرقة صباح اليوم. ولم يعرف عدد الضحايا.",
        day(2024, 4, 2),
    );
    let a3 = article(
        "a3",
        "حملة اعتقالات في الحسكة",
        "اعتقلت قوات الأمن الداخلي شخصين في مدينة الحسكة بتهمة الانتماء لخلايا نائمة. وتأتي الحملة ضمن عمليات أمنية في قرية ذيبان وريفها.",
        day(2024, 5, 20),
    );
    for a in [&a1, &a2, &a3] {
        store.put_article(a).expect("article");
    }
    let mut ids = Vec::new();
    let e1 = event_from(&a1, day(2024, 3, 11), "Armed clash", IS, HAWAIJ);
    let mut e2 = event_from(
        &a2,
        day(2024, 4, 2),
        "Remote explosive/landmine/IED",
        IS,
        RAQQA,
    );
    e2.fatalities = 0;
    e2.fatalities_high = 0;
    e2.casualties.clear();
    let mut e3 = event_from(
        &a3,
        day(2024, 5, 19),
        "Arrests",
        "QSD: Syrian Democratic Forces",
        HASAKEH,
    );
    e3.actor2 = "Civilians (Syria)".into();
    e3.inter1 = "Rebel group".into();
    e3.inter2 = "Civilians".into();
    e3.fatalities = 0;
    e3.fatalities_high = 0;
    e3.casualties.clear();
    for e in [&e1, &e2, &e3] {
        ids.push(store.insert_event(e).expect("event"));
    }
    for i in 0..extra {
        let mut e = event_from(
            &a1,
            day(2023, 1, 1) + chrono::Days::new(u64::from(i)),
            "Armed clash",
            IS,
            HAWAIJ,
        );
        e.fatalities = i % 7;
        e.fatalities_high = i % 7;
        store.insert_event(&e).expect("filler");
    }
    store
        .put_unresolved_place("الطيانة", "a1", Some(&ids[0]))
        .expect("unresolved");
    (store, ids)
}

pub fn app_with(store: Store, options: &ServeOptions) -> (Router, Arc<AppState>) {
    let state = Arc::new(AppState::new(store).expect("state"));
    (router(Arc::clone(&state), options), state)
}

pub fn app(extra: u32) -> (Router, Vec<String>) {
    let (store, ids) = sample_store(extra);
    (app_with(store, &ServeOptions::default()).0, ids)
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub async fn send(
    app: &Router,
    req: Request<Body>,
) -> (StatusCode, Vec<u8>, axum::http::HeaderMap) {
    let res = app.clone().oneshot(req).await.expect("infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    (status, bytes, headers)
}

pub async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, body, _) =
        send(app, Request::get(uri).body(Body::empty()).expect("request")).await;
    let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    (status, value)
}

pub async fn get_raw(app: &Router, uri: &str) -> (StatusCode, Vec<u8>, axum::http::HeaderMap) {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

pub async fn post(
    app: &Router,
    uri: &str,
    token: Option<&str>,
    body: &Value,
) -> (StatusCode, Value) {
    let mut req = Request::post(uri).header("content-type", "application/json");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let (status, bytes, _) = send(
        app,
        req.body(Body::from(body.to_string())).expect("request"),
    )
    .await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

pub fn ids(page: &Value) -> Vec<String> {
    page["events"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["event_id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}
