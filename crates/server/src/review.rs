//! The write endpoints: review actions on events (confirm, edit, reject, merge, split) and
//! setting a place's coordinates. Each needs a bearer token, writes one audit row per changed
//! field, and runs in one transaction; a stale `timestamp` is a 409.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use chrono::Utc;
use marsad_lexicon::{Place, PlaceId, PlaceKind};
use marsad_model::{ActorType, Event, ReviewStatus, SubEventType};
use marsad_store::{AuditEntry, PlaceAuditEntry, Store};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::api::event_detail_json;
use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// Fields an analyst may edit; the rest (`event_id`, `iso`, `country`, `sources`,
/// `evidence`, `review`, derived `event_type`/`disorder_type`/`interaction`) follow from them
/// or from the reports.
pub const EDITABLE_FIELDS: &[&str] = &[
    "event_date",
    "time_precision",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "civilian_targeting",
    "admin1",
    "admin2",
    "admin3",
    "admin1_pcode",
    "admin2_pcode",
    "admin3_pcode",
    "location",
    "location_ar",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_high",
    "casualties",
    "claimed_by",
    "claims",
    "reported_by",
    "source",
    "source_scale",
    "notes",
    "tags",
];

/// The body of `POST /api/events/{id}/review`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReviewRequest {
    action: String,
    /// The event's `timestamp` as the client last saw it; a different stored one is a 409.
    timestamp: Option<i64>,
    reason: Option<String>,
    /// `edit`: field → new value.
    fields: Option<Map<String, Value>>,
    /// `merge`: the event merged into this one (it is rejected, pointing here).
    other: Option<String>,
    /// `split`: the article ids whose reports move to a new event.
    articles: Option<Vec<String>>,
}

/// The body of `POST /api/places/coordinates`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlaceRequest {
    name_ar: String,
    latitude: f64,
    longitude: f64,
    name_en: Option<String>,
    reason: Option<String>,
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
        .filter(|t| !t.is_empty())
}

fn reviewer(store: &Store, headers: &HeaderMap) -> ApiResult<String> {
    let secret = bearer(headers).ok_or_else(ApiError::unauthorized)?;
    store
        .token_name(&secret)?
        .ok_or_else(ApiError::unauthorized)
}

fn body<T>(payload: Result<Json<T>, JsonRejection>) -> ApiResult<T> {
    payload.map(|Json(t)| t).map_err(|e| ApiError {
        status: if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            e.status()
        } else {
            axum::http::StatusCode::BAD_REQUEST
        },
        message: e.body_text(),
    })
}

/// Runs `f` inside one store transaction, rolling back on any error.
fn in_transaction<T>(
    store: &mut Store,
    f: impl FnOnce(&mut Store) -> ApiResult<T>,
) -> ApiResult<T> {
    store.begin()?;
    match f(store) {
        Ok(t) => {
            store.commit()?;
            Ok(t)
        }
        Err(e) => {
            let _ = store.rollback();
            Err(e)
        }
    }
}

struct Change<'a> {
    at: &'a str,
    by: &'a str,
    reason: Option<&'a str>,
}

impl Change<'_> {
    fn audit(
        &self,
        store: &mut Store,
        event_id: &str,
        field: &str,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> ApiResult<()> {
        store.put_audit(&AuditEntry {
            event_id: event_id.to_string(),
            at: self.at.to_string(),
            by: self.by.to_string(),
            field: field.to_string(),
            before: before.map(Value::to_string),
            after: after.map(Value::to_string),
            reason: self.reason.map(str::to_string),
        })?;
        Ok(())
    }

    /// Sets the review status (audited when it changes) and who/when.
    fn set_status(
        &self,
        store: &mut Store,
        event: &mut Event,
        status: ReviewStatus,
    ) -> ApiResult<()> {
        if event.review.status != status {
            self.audit(
                store,
                &event.event_id,
                "review.status",
                Some(&json!(event.review.status.as_str())),
                Some(&json!(status.as_str())),
            )?;
        }
        event.review.status = status;
        event.review.by = Some(self.by.to_string());
        event.review.at = Some(self.at.to_string());
        Ok(())
    }
}

fn load(store: &Store, id: &str) -> ApiResult<Event> {
    store
        .event(id)?
        .ok_or_else(|| ApiError::not_found(format!("no event {id}")))
}

pub(crate) async fn review_event(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    payload: Result<Json<ReviewRequest>, JsonRejection>,
) -> ApiResult<Json<Value>> {
    let body_json = state
        .with_store(move |store, _| {
            let by = reviewer(store, &headers)?;
            let request = body(payload)?;
            in_transaction(store, |store| apply(store, &id, &by, &request))
        })
        .await?;
    Ok(Json(body_json))
}

fn apply(store: &mut Store, id: &str, by: &str, request: &ReviewRequest) -> ApiResult<Value> {
    let mut event = load(store, id)?;
    let stamp = store.event_timestamp(id)?.unwrap_or(0);
    if let Some(seen) = request.timestamp {
        if seen != stamp {
            return Err(ApiError::conflict(format!(
                "event {id} changed since timestamp {seen} (now {stamp}): reload it and retry"
            )));
        }
    }
    let at = Utc::now().to_rfc3339();
    let reason = request
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > 2000) {
        return Err(ApiError::bad_request("reason: at most 2000 characters"));
    }
    let change = Change {
        at: &at,
        by,
        reason,
    };
    let unexpected = |what: &str, present: bool| {
        if present {
            Err(ApiError::bad_request(format!(
                "{what} does not apply to action {:?}",
                request.action
            )))
        } else {
            Ok(())
        }
    };
    let mut extra = Map::new();
    match request.action.as_str() {
        "confirm" | "reject" => {
            unexpected("fields", request.fields.is_some())?;
            unexpected("other", request.other.is_some())?;
            unexpected("articles", request.articles.is_some())?;
            let status = if request.action == "confirm" {
                ReviewStatus::Confirmed
            } else {
                ReviewStatus::Rejected
            };
            change.set_status(store, &mut event, status)?;
            store.update_event(&event)?;
        }
        "edit" => {
            unexpected("other", request.other.is_some())?;
            unexpected("articles", request.articles.is_some())?;
            let fields = request
                .fields
                .as_ref()
                .filter(|f| !f.is_empty())
                .ok_or_else(|| ApiError::bad_request("edit needs fields: {name: value}"))?;
            event = edit(store, &change, event, fields)?;
            change.set_status(store, &mut event, ReviewStatus::Edited)?;
            store.update_event(&event)?;
        }
        "merge" => {
            unexpected("fields", request.fields.is_some())?;
            unexpected("articles", request.articles.is_some())?;
            let other_id = request
                .other
                .as_deref()
                .ok_or_else(|| ApiError::bad_request("merge needs other: the event to merge in"))?;
            if other_id == id {
                return Err(ApiError::bad_request("an event cannot merge with itself"));
            }
            let mut other = load(store, other_id)?;
            merge_into(&mut event, &other);
            change.audit(store, id, "merge", None, Some(&json!(other_id)))?;
            change.set_status(store, &mut event, ReviewStatus::Edited)?;
            store.update_event(&event)?;
            change.audit(store, other_id, "merged_into", None, Some(&json!(id)))?;
            change.set_status(store, &mut other, ReviewStatus::Rejected)?;
            store.update_event(&other)?;
            extra.insert("merged".into(), json!(other_id));
        }
        "split" => {
            unexpected("fields", request.fields.is_some())?;
            unexpected("other", request.other.is_some())?;
            let moving: BTreeSet<&str> = request
                .articles
                .iter()
                .flatten()
                .map(String::as_str)
                .collect();
            let (kept, mut split) = split_event(&event, &moving)?;
            event = kept;
            split.review = Default::default();
            let new_id = store.insert_event(&split)?;
            split.event_id.clone_from(&new_id);
            change.audit(store, &new_id, "split_from", None, Some(&json!(id)))?;
            change.set_status(store, &mut split, ReviewStatus::Edited)?;
            store.update_event(&split)?;
            change.audit(store, id, "split", None, Some(&json!(new_id)))?;
            change.set_status(store, &mut event, ReviewStatus::Edited)?;
            store.update_event(&event)?;
            extra.insert("created".into(), json!(new_id));
        }
        other => {
            return Err(ApiError::bad_request(format!(
                "action: {other:?} is not one of confirm, edit, reject, merge, split"
            )))
        }
    }
    let mut detail = event_detail_json(store, id)?;
    if let Some(obj) = detail.as_object_mut() {
        obj.extend(extra);
    }
    Ok(detail)
}

/// Applies `fields` to the event, auditing each changed one; derived fields follow.
fn edit(
    store: &mut Store,
    change: &Change<'_>,
    event: Event,
    fields: &Map<String, Value>,
) -> ApiResult<Event> {
    let id = event.event_id.clone();
    let mut value = serde_json::to_value(&event).map_err(ApiError::internal)?;
    let obj = value
        .as_object_mut()
        .ok_or_else(|| ApiError::internal("event is not an object"))?;
    let mut changed: Vec<(String, Value, Value)> = Vec::new();
    for (name, new) in fields {
        if !EDITABLE_FIELDS.contains(&name.as_str()) {
            return Err(ApiError::bad_request(format!(
                "fields.{name}: not editable (editable: {})",
                EDITABLE_FIELDS.join(", ")
            )));
        }
        let old = obj.get(name).cloned().unwrap_or(Value::Null);
        if &old != new {
            obj.insert(name.clone(), new.clone());
            changed.push((name.clone(), old, new.clone()));
        }
    }
    let mut edited: Event =
        serde_json::from_value(value).map_err(|e| ApiError::bad_request(format!("fields: {e}")))?;
    validate(&mut edited)?;
    if !fields.contains_key("notes") {
        edited.notes = edited.generated_notes();
    }
    // Derived fields are audited too, so the trail tells the whole change.
    let before = serde_json::to_value(&event).map_err(ApiError::internal)?;
    let after = serde_json::to_value(&edited).map_err(ApiError::internal)?;
    for derived in [
        "event_type",
        "disorder_type",
        "interaction",
        "fatalities_high",
        "notes",
    ] {
        if before.get(derived) != after.get(derived) && !fields.contains_key(derived) {
            changed.push((
                derived.to_string(),
                before.get(derived).cloned().unwrap_or(Value::Null),
                after.get(derived).cloned().unwrap_or(Value::Null),
            ));
        }
    }
    for (name, old, new) in changed {
        change.audit(store, &id, &name, Some(&old), Some(&new))?;
    }
    Ok(edited)
}

/// Checks an edited event's codes and recomputes what follows from them.
fn validate(e: &mut Event) -> ApiResult<()> {
    let sub = SubEventType::from_name(&e.sub_event_type).ok_or_else(|| {
        ApiError::bad_request(format!(
            "fields.sub_event_type: {:?} is not an ACLED sub-event type",
            e.sub_event_type
        ))
    })?;
    e.sub_event_type = sub.name().to_string();
    e.event_type = sub.event_type().to_string();
    e.disorder_type = sub.disorder_type().to_string();
    for (name, value) in [
        ("time_precision", e.time_precision),
        ("geo_precision", e.geo_precision),
    ] {
        if !(1..=3).contains(&value) {
            return Err(ApiError::bad_request(format!(
                "fields.{name}: expected 1, 2 or 3"
            )));
        }
    }
    if !(1..=9999).contains(&chrono::Datelike::year(&e.event_date)) {
        return Err(ApiError::bad_request("fields.event_date: out of range"));
    }
    if e.latitude.is_some_and(|v| !(-90.0..=90.0).contains(&v))
        || e.longitude.is_some_and(|v| !(-180.0..=180.0).contains(&v))
    {
        return Err(ApiError::bad_request(
            "fields.latitude/longitude: out of range",
        ));
    }
    let inter = |name: &str, label: &str| -> ApiResult<Option<ActorType>> {
        if label.is_empty() {
            return Ok(None);
        }
        ActorType::from_label(label).map(Some).ok_or_else(|| {
            ApiError::bad_request(format!(
                "fields.{name}: {label:?} is not an ACLED actor type"
            ))
        })
    };
    let a = inter("inter1", &e.inter1)?;
    let b = inter("inter2", &e.inter2)?;
    e.inter1 = a.map(|t| t.label().to_string()).unwrap_or_default();
    e.inter2 = b.map(|t| t.label().to_string()).unwrap_or_default();
    e.interaction = ActorType::interaction(a, b);
    e.fatalities_high = e.fatalities_high.max(e.fatalities);
    Ok(())
}

fn union<T: Clone + PartialEq>(into: &mut Vec<T>, from: &[T]) {
    for item in from {
        if !into.contains(item) {
            into.push(item.clone());
        }
    }
}

/// Takes `other`'s reports into `event`: sources, evidence, claims, who reported, casualty
/// groups not yet counted, the higher figure; `source` lists every outlet once.
fn merge_into(event: &mut Event, other: &Event) {
    union(&mut event.sources, &other.sources);
    union(&mut event.evidence, &other.evidence);
    union(&mut event.claims, &other.claims);
    union(&mut event.claimed_by, &other.claimed_by);
    union(&mut event.reported_by, &other.reported_by);
    for c in &other.casualties {
        if !event.casualties.iter().any(|k| k.group == c.group) {
            event.casualties.push(c.clone());
        }
    }
    event.fatalities_high = event.fatalities_high.max(other.fatalities_high);
    let mut outlets: Vec<String> = Vec::new();
    for outlet in event.source.split("; ").chain(other.source.split("; ")) {
        if !outlet.is_empty() && !outlets.iter().any(|o| o == outlet) {
            outlets.push(outlet.to_string());
        }
    }
    event.source = outlets.join("; ");
}

/// Splits the reports of `moving` articles off into a copy of the event; both halves must
/// keep at least one source.
fn split_event(event: &Event, moving: &BTreeSet<&str>) -> ApiResult<(Event, Event)> {
    if moving.is_empty() {
        return Err(ApiError::bad_request(
            "split needs articles: the article ids to move",
        ));
    }
    let cited: BTreeSet<&str> = event
        .sources
        .iter()
        .map(|s| s.article_id.as_str())
        .collect();
    if let Some(unknown) = moving.iter().find(|a| !cited.contains(**a)) {
        return Err(ApiError::bad_request(format!(
            "articles: {unknown} is not a source of {}",
            event.event_id
        )));
    }
    if cited.iter().all(|a| moving.contains(a)) {
        return Err(ApiError::bad_request(
            "articles: a split must leave at least one source on the event",
        ));
    }
    let mut kept = event.clone();
    let mut split = event.clone();
    let moves = |id: &str| moving.contains(id);
    kept.sources.retain(|s| !moves(&s.article_id));
    kept.evidence.retain(|e| !moves(&e.article_id));
    kept.claims.retain(|c| !moves(&c.article_id));
    split.sources.retain(|s| moves(&s.article_id));
    split.evidence.retain(|e| moves(&e.article_id));
    split.claims.retain(|c| moves(&c.article_id));
    for half in [&mut kept, &mut split] {
        let mut outlets: Vec<String> = Vec::new();
        for s in &half.sources {
            if let Some(o) = &s.outlet {
                if !outlets.contains(o) {
                    outlets.push(o.clone());
                }
            }
        }
        half.source = outlets.join("; ");
    }
    split.event_id = String::new();
    Ok((kept, split))
}

pub(crate) async fn set_place_coordinates(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    payload: Result<Json<PlaceRequest>, JsonRejection>,
) -> ApiResult<Json<Value>> {
    let body_json = state
        .with_store(move |store, state| {
            let by = reviewer(store, &headers)?;
            let request = body(payload)?;
            in_transaction(store, |store| {
                place_coordinates(store, state, &by, &request)
            })
        })
        .await?;
    Ok(Json(body_json))
}

/// Sets a place's coordinates: stores it as an analyst gazetteer entry (so the next ingest
/// and re-geocoding know it), moves every stored event placed there (audited, marked edited
/// so fusion keeps the change), and takes the name off the unresolved list.
fn place_coordinates(
    store: &mut Store,
    state: &AppState,
    by: &str,
    request: &PlaceRequest,
) -> ApiResult<Value> {
    let name = request.name_ar.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::bad_request("name_ar: 1 to 200 characters"));
    }
    let (lat, lon) = (request.latitude, request.longitude);
    if !(lat.is_finite()
        && lon.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lon))
    {
        return Err(ApiError::bad_request("latitude/longitude: out of range"));
    }
    let at = Utc::now().to_rfc3339();
    let reason = request
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let change = Change {
        at: &at,
        by,
        reason,
    };
    let folded = marsad_text::fold_for_match(name);
    let known = state
        .gazetteer
        .places()
        .iter()
        .find(|p| {
            p.names_ar()
                .any(|n| marsad_text::fold_for_match(n) == folded)
        })
        .cloned();
    let before = known.as_ref().map(|p| json!([p.latitude, p.longitude]));
    let event_ids = store.events_at_place(name)?;
    let first_event = match event_ids.first() {
        Some(id) => store.event(id)?,
        None => None,
    };
    let mut place = known.unwrap_or_else(|| Place {
        id: PlaceId(0),
        name_ar: name.to_string(),
        variants_ar: Vec::new(),
        name_en: String::new(),
        kind: PlaceKind::Village,
        latitude: lat,
        longitude: lon,
        admin1: first_event.as_ref().and_then(|e| e.admin1.clone()),
        admin1_pcode: first_event.as_ref().and_then(|e| e.admin1_pcode.clone()),
        admin2: first_event.as_ref().and_then(|e| e.admin2.clone()),
        admin2_pcode: first_event.as_ref().and_then(|e| e.admin2_pcode.clone()),
        admin3: first_event.as_ref().and_then(|e| e.admin3.clone()),
        admin3_pcode: first_event.as_ref().and_then(|e| e.admin3_pcode.clone()),
        population: None,
        source: "analyst".into(),
        source_id: name.to_string(),
    });
    place.latitude = lat;
    place.longitude = lon;
    if let Some(en) = request
        .name_en
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        place.name_en = en.to_string();
    }
    let place_json = serde_json::to_string(&place).map_err(ApiError::internal)?;
    store.put_places_json("analyst", &[(name.to_string(), place_json)])?;
    let after = json!([lat, lon]);
    store.put_place_audit(&PlaceAuditEntry {
        name_ar: name.to_string(),
        at: at.clone(),
        by: by.to_string(),
        field: "coordinates".into(),
        before: before.as_ref().map(Value::to_string),
        after: Some(after.to_string()),
        reason: reason.map(str::to_string),
    })?;
    let mut moved = Vec::new();
    for id in &event_ids {
        let mut event = load(store, id)?;
        let old = json!([event.latitude, event.longitude]);
        if old == after {
            continue;
        }
        change.audit(store, id, "coordinates", Some(&old), Some(&after))?;
        event.latitude = Some(lat);
        event.longitude = Some(lon);
        if event.location.as_deref().is_none_or(str::is_empty) && !place.name_en.is_empty() {
            event.location = Some(place.name_en.clone());
        }
        if event.review.status != ReviewStatus::Rejected {
            change.set_status(store, &mut event, ReviewStatus::Edited)?;
        }
        store.update_event(&event)?;
        moved.push(id.clone());
    }
    let cleared = store.clear_unresolved_place(name)?;
    Ok(json!({
        "name_ar": name,
        "latitude": lat,
        "longitude": lon,
        "events_moved": moved,
        "unresolved_cleared": cleared,
        "history": store.place_audit(name)?,
    }))
}
