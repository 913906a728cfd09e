//! `/api/trends` and `/api/alerts`: series, change levels and escalation alerts
//! (`marsad-trends`) over every stored event but the rejected ones. There is no UI panel yet:
//! the API alone.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use chrono::NaiveDate;
use marsad_store::EventFilter;
use marsad_trends::{Interval, TrendConfig};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// Query parameters of `/api/trends` and `/api/alerts`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TrendParams {
    /// A day of the week to look at (`YYYY-MM-DD`; default: the latest event date).
    since: Option<String>,
    /// First day of the series (trends only).
    from: Option<String>,
    /// Last day of the series (trends only).
    to: Option<String>,
    /// `week` (default) or `day` (trends only).
    interval: Option<String>,
}

fn day(value: Option<&str>, name: &str) -> ApiResult<Option<NaiveDate>> {
    value
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                ApiError::bad_request(format!("{name}: expected YYYY-MM-DD, got {s:?}"))
            })
        })
        .transpose()
}

fn params(q: Result<Query<TrendParams>, QueryRejection>) -> ApiResult<TrendParams> {
    q.map(|Query(t)| t)
        .map_err(|e| ApiError::bad_request(e.body_text()))
}

pub(crate) async fn trends(
    State(state): State<Arc<AppState>>,
    q: Result<Query<TrendParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let p = params(q)?;
    let since = day(p.since.as_deref(), "since")?;
    let from = day(p.from.as_deref(), "from")?;
    let to = day(p.to.as_deref(), "to")?;
    let interval = match p.interval.as_deref() {
        None | Some("week") => Interval::Week,
        Some("day") => Interval::Day,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "interval: expected week or day, got {other:?}"
            )))
        }
    };
    let events = state
        .with_reader(|store, _| Ok(store.events(&EventFilter::default())?))
        .await?;
    let config = TrendConfig::default();
    let report = marsad_trends::report(&events, &config, since, from, to, interval)
        .map_err(ApiError::internal)?;
    Ok(Json(match report {
        Some(report) => serde_json::to_value(report).map_err(ApiError::internal)?,
        None => json!({"as_of": null, "config": config, "series": [], "changes": [], "alerts": []}),
    }))
}

pub(crate) async fn alerts(
    State(state): State<Arc<AppState>>,
    q: Result<Query<TrendParams>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let p = params(q)?;
    if p.from.is_some() || p.to.is_some() || p.interval.is_some() {
        return Err(ApiError::bad_request(
            "alerts take since only, not from, to or interval",
        ));
    }
    let since = day(p.since.as_deref(), "since")?;
    let events = state
        .with_reader(|store, _| Ok(store.events(&EventFilter::default())?))
        .await?;
    let Some(as_of) = since.or_else(|| marsad_trends::latest_date(&events)) else {
        return Ok(Json(json!({"as_of": null, "alerts": []})));
    };
    let found = marsad_trends::alerts(&events, as_of, &TrendConfig::default())
        .map_err(ApiError::internal)?;
    Ok(Json(json!({
        "as_of": as_of,
        "week_start": marsad_trends::week_start(as_of),
        "week_end": marsad_trends::week_end(as_of),
        "alerts": found,
    })))
}
