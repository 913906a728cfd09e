//! The read endpoints: events, one event, one article, search, stats, unresolved places,
//! exports and the OpenAPI document.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use marsad_model::{Event, ReviewStatus};
use marsad_store::{EventQuery, Store};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::params::EventParams;
use crate::search::{article_snippet, event_snippet};
use crate::AppState;

/// The OpenAPI 3 document, kept true by `tests/openapi.rs`.
pub(crate) const OPENAPI: &str = include_str!("openapi.json");

/// Most hits of each kind `/api/search` returns.
const MAX_SEARCH: usize = 100;

type Shared = State<Arc<AppState>>;

/// Turns a query-string rejection (unknown or malformed parameter) into a 400.
fn query<T>(q: Result<Query<T>, QueryRejection>) -> ApiResult<T> {
    q.map(|Query(t)| t)
        .map_err(|e| ApiError::bad_request(e.body_text()))
}

pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

pub(crate) async fn not_found() -> ApiError {
    ApiError::not_found("no such endpoint (see /api/openapi.json)")
}

pub(crate) fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("a handler panicked").into_response()
}

/// The event as `spec/event.md` writes it, plus its `timestamp` and, if asked, its history.
pub(crate) fn event_json(
    store: &Store,
    event: &Event,
    timestamp: i64,
    with_history: bool,
) -> ApiResult<Value> {
    let mut value = serde_json::to_value(event).map_err(ApiError::internal)?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert("timestamp".into(), json!(timestamp));
        if with_history {
            let history = store.audit(&event.event_id)?;
            obj.insert(
                "history".into(),
                serde_json::to_value(history).map_err(ApiError::internal)?,
            );
        }
    }
    Ok(value)
}

/// One event with its sources, evidence, `timestamp` and `history`, or 404.
pub(crate) fn event_detail_json(store: &Store, id: &str) -> ApiResult<Value> {
    let event = store
        .event(id)?
        .ok_or_else(|| ApiError::not_found(format!("no event {id}")))?;
    let timestamp = store.event_timestamp(id)?.unwrap_or(0);
    event_json(store, &event, timestamp, true)
}

/// Brings the search index up to date (on the writer) before a read that searches.
async fn refresh_if_searching(state: &Arc<AppState>, q: &EventQuery) -> ApiResult<()> {
    if q.text.is_some() {
        state.refresh_search().await?;
    }
    Ok(())
}

pub(crate) async fn list_events(
    State(state): Shared,
    params: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let params = query(params)?;
    let q = params.to_query(&state, true)?;
    refresh_if_searching(&state, &q).await?;
    let body = state
        .with_reader(move |store, _| {
            let page = store.query_events(&q)?;
            let events = page
                .events
                .iter()
                .map(|s| event_json(store, &s.event, s.timestamp, false))
                .collect::<ApiResult<Vec<_>>>()?;
            Ok(json!({"events": events, "next": page.next, "total": page.total}))
        })
        .await?;
    Ok(Json(body))
}

pub(crate) async fn event_detail(
    State(state): Shared,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let body = state
        .with_reader(move |store, _| event_detail_json(store, &id))
        .await?;
    Ok(Json(body))
}

pub(crate) async fn article_detail(
    State(state): Shared,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let body = state
        .with_reader(move |store, state| {
            let article = store
                .article(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no article {id}")))?;
            let mut highlights = Vec::new();
            let mut events = Vec::new();
            for event_id in store.events_for_article(&id)? {
                let Some(event) = store.event(&event_id)? else {
                    continue;
                };
                if event.review.status == ReviewStatus::Rejected {
                    continue;
                }
                for e in event.evidence.iter().filter(|e| e.article_id == id) {
                    highlights.push(json!({
                        "start": e.start, "end": e.end, "event_id": event_id, "field": "evidence"
                    }));
                }
                highlights.extend(crate::marks::field_marks(
                    &article.text,
                    article.published,
                    &event,
                    &id,
                    &state.gazetteer,
                    crate::marks::ActorPhrases::bundled(),
                ));
                events.push(event_id);
            }
            Ok(json!({
                "id": article.id,
                "outlet": article.outlet,
                "outlet_ar": article.outlet_ar,
                "url": article.url,
                "published": article.published,
                "title": article.title,
                "text": article.text,
                "highlights": highlights,
                "events": events,
            }))
        })
        .await?;
    Ok(Json(body))
}

/// Parameters of `/api/search`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchParams {
    q: Option<String>,
    limit: Option<String>,
}

pub(crate) async fn search(
    State(state): Shared,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let params = query(params)?;
    let raw = params
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .ok_or_else(|| ApiError::bad_request("q: a search text is required"))?
        .to_string();
    if raw.chars().count() > 500 {
        return Err(ApiError::bad_request("q: at most 500 characters"));
    }
    let limit = match params.limit.as_deref() {
        Some(l) => l
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|l| (1..=MAX_SEARCH).contains(l))
            .ok_or_else(|| ApiError::bad_request(format!("limit: expected 1 to {MAX_SEARCH}")))?,
        None => 20,
    };
    let q = state.aliases.query(&raw);
    state.refresh_search().await?;
    let body = state
        .with_reader(move |store, _| {
            let mut articles = Vec::new();
            for hit in store.search_articles(&q.index, limit)? {
                let Some(article) = store.article(&hit.id)? else {
                    continue;
                };
                let snippet = article_snippet(&article, &q);
                articles.push(json!({
                    "id": article.id,
                    "title": article.title,
                    "outlet": article.outlet,
                    "published": article.published,
                    "snippet": snippet.as_ref().map(|s| s.text.clone()),
                    "snippet_html": snippet.as_ref().map(|s| s.html.clone()),
                    "marks": snippet.map(|s| s.marks).unwrap_or_default(),
                    "score": hit.score,
                }));
            }
            let mut events = Vec::new();
            for hit in store.search_events(&q.index, false, limit)? {
                let Some(event) = store.event(&hit.id)? else {
                    continue;
                };
                let snippet = event_snippet(&event, &q);
                events.push(json!({
                    "id": event.event_id,
                    "event_date": event.event_date,
                    "sub_event_type": event.sub_event_type,
                    "actor1": event.actor1,
                    "actor2": event.actor2,
                    "location": event.location,
                    "location_ar": event.location_ar,
                    "fatalities": event.fatalities,
                    "snippet": snippet.as_ref().map(|s| s.text.clone()),
                    "snippet_html": snippet.as_ref().map(|s| s.html.clone()),
                    "marks": snippet.map(|s| s.marks).unwrap_or_default(),
                    "score": hit.score,
                }));
            }
            Ok(json!({"articles": articles, "events": events}))
        })
        .await?;
    Ok(Json(body))
}

pub(crate) async fn stats(
    State(state): Shared,
    params: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let params = query(params)?;
    if params.cursor.is_some() || params.limit.is_some() || params.sort.is_some() {
        return Err(ApiError::bad_request(
            "stats take the /api/events filters, not cursor, limit or sort",
        ));
    }
    let q = params.to_query(&state, false)?;
    refresh_if_searching(&state, &q).await?;
    let body = state
        .with_reader(move |store, _| {
            let weeks = store.week_counts(&q)?;
            let events: u64 = weeks.iter().map(|w| w.events).sum();
            let fatalities: u64 = weeks.iter().map(|w| w.fatalities).sum();
            Ok(json!({
                "weeks": weeks,
                "total": {"events": events, "fatalities": fatalities},
            }))
        })
        .await?;
    Ok(Json(body))
}

pub(crate) async fn unresolved_places(State(state): Shared) -> ApiResult<Json<Value>> {
    let body = state
        .with_reader(|store, _| {
            let mut titles: HashMap<String, Option<String>> = HashMap::new();
            let mut places = Vec::new();
            for place in store.unresolved_places()? {
                let mut articles = Vec::new();
                for id in &place.article_ids {
                    if !titles.contains_key(id) {
                        let title = store.article(id)?.and_then(|a| a.title);
                        titles.insert(id.clone(), title);
                    }
                    articles.push(json!({"id": id, "title": titles.get(id).cloned().flatten()}));
                }
                places.push(json!({
                    "name_ar": place.name_ar,
                    "mentions": place.mentions,
                    "articles": articles,
                }));
            }
            Ok(json!({ "places": places }))
        })
        .await?;
    Ok(Json(body))
}

/// The events an export asks for (rejected ones never), each with its timestamp.
async fn export_events(
    state: &Arc<AppState>,
    params: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<(Vec<Event>, HashMap<String, i64>)> {
    let params = query(params)?;
    if params.cursor.is_some() || params.limit.is_some() {
        return Err(ApiError::bad_request(
            "exports take the /api/events filters and sort, not cursor or limit",
        ));
    }
    let q = params.to_query(state, false)?;
    if q.filter.status == Some(ReviewStatus::Rejected) {
        return Err(ApiError::bad_request(
            "status: rejected events are never exported",
        ));
    }
    refresh_if_searching(state, &q).await?;
    state
        .with_reader(move |store, _| {
            let page = store.query_events(&q)?;
            let mut stamps = HashMap::with_capacity(page.events.len());
            let mut events = Vec::with_capacity(page.events.len());
            for s in page.events {
                stamps.insert(s.event.event_id.clone(), s.timestamp);
                events.push(s.event);
            }
            Ok((events, stamps))
        })
        .await
}

fn attachment(content_type: &'static str, filename: &'static str, body: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                match filename {
                    "csv" => "attachment; filename=\"marsad-events.csv\"",
                    "geojson" => "attachment; filename=\"marsad-events.geojson\"",
                    _ => "attachment; filename=\"marsad-events.jsonl\"",
                },
            ),
        ],
        body,
    )
        .into_response()
}

pub(crate) async fn export_csv(
    State(state): Shared,
    params: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<Response> {
    let (events, stamps) = export_events(&state, params).await?;
    let body = tokio::task::spawn_blocking(move || {
        let mut out = Vec::with_capacity(events.len() * 400);
        marsad_pipeline::export::acled_csv(
            &events,
            |e| stamps.get(&e.event_id).copied().unwrap_or(0),
            &mut out,
        )
        .map(|()| out)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    Ok(attachment("text/csv; charset=utf-8", "csv", body))
}

pub(crate) async fn export_geojson(
    State(state): Shared,
    params: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<Response> {
    let (events, _) = export_events(&state, params).await?;
    let body = tokio::task::spawn_blocking(move || {
        let mut out = Vec::new();
        marsad_pipeline::export::geojson(&events, &mut out).map(|()| out)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    Ok(attachment("application/geo+json", "geojson", body))
}

pub(crate) async fn export_jsonl(
    State(state): Shared,
    params: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult<Response> {
    let (events, _) = export_events(&state, params).await?;
    let body = tokio::task::spawn_blocking(move || {
        let mut out = Vec::new();
        marsad_pipeline::export::jsonl(&events, &mut out).map(|()| out)
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    Ok(attachment(
        "application/x-ndjson; charset=utf-8",
        "jsonl",
        body,
    ))
}
