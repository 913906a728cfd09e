//! `GET /api/sources`: the followed sources' health (`marsad watch`).

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::{ApiResult, AppState};

/// Every followed source's health, by name: last success, last error, items seen and new,
/// failed pages, failures in a row (instants in unix seconds).
pub(crate) async fn sources(State(state): State<Arc<AppState>>) -> ApiResult<Json<Value>> {
    let body = state
        .with_reader(|store, _| Ok(json!({ "sources": store.sources_health()? })))
        .await?;
    Ok(Json(body))
}
