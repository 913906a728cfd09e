//! The `/api/events` filters (shared by stats and exports), parsed and checked: every bad
//! value is a 400 naming the parameter.

use chrono::NaiveDate;
use marsad_model::{ReviewStatus, SubEventType};
use marsad_store::{EventFilter, EventQuery, EventSort};
use serde::Deserialize;

use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// Largest page of `/api/events`.
pub const MAX_PAGE: u64 = 500;
/// Page size when `limit` is not given.
pub const DEFAULT_PAGE: u64 = 50;

/// Query parameters of `/api/events`, `/api/stats` and the exports, as received.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventParams {
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Governorate: English name, Arabic name (`دير الزور`) or p-code.
    pub admin1: Option<String>,
    /// District: English name or p-code.
    pub admin2: Option<String>,
    /// Subdistrict: English name or p-code.
    pub admin3: Option<String>,
    /// Actor: ACLED name (substring) or an Arabic alias (`داعش`, `قسد`).
    pub actor: Option<String>,
    /// ACLED event type.
    pub event_type: Option<String>,
    /// ACLED sub-event type.
    pub sub_event_type: Option<String>,
    /// `w,s,e,n` in degrees.
    pub bbox: Option<String>,
    /// `unreviewed`, `confirmed`, `edited` or `rejected`.
    pub status: Option<String>,
    /// Full-text query (Arabic or English).
    pub q: Option<String>,
    /// `event_date`, `-event_date` (default), `fatalities`, `-fatalities`, `timestamp`,
    /// `-timestamp`.
    pub sort: Option<String>,
    /// Page size, 1–500.
    pub limit: Option<String>,
    /// Cursor from the previous page's `next`.
    pub cursor: Option<String>,
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn date(name: &str, value: &Option<String>) -> ApiResult<Option<NaiveDate>> {
    non_empty(value)
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .filter(|d| (1..=9999).contains(&chrono::Datelike::year(d)))
                .ok_or_else(|| ApiError::bad_request(format!("{name}: expected YYYY-MM-DD")))
        })
        .transpose()
}

/// Parses `w,s,e,n`: four finite numbers, longitudes in ±180, latitudes in ±90, w ≤ e, s ≤ n.
pub fn parse_bbox(value: &str) -> ApiResult<[f64; 4]> {
    let bad = || ApiError::bad_request("bbox: expected w,s,e,n in degrees (w<=e, s<=n)");
    let parts: Vec<f64> = value
        .split(',')
        .map(|p| p.trim().parse::<f64>().map_err(|_| bad()))
        .collect::<ApiResult<_>>()?;
    let [w, s, e, n] = <[f64; 4]>::try_from(parts).map_err(|_| bad())?;
    let lon = |x: f64| x.is_finite() && (-180.0..=180.0).contains(&x);
    let lat = |x: f64| x.is_finite() && (-90.0..=90.0).contains(&x);
    if !(lon(w) && lon(e) && lat(s) && lat(n) && w <= e && s <= n) {
        return Err(bad());
    }
    Ok([w, s, e, n])
}

/// Parses a review status name.
pub fn parse_status(value: &str) -> ApiResult<ReviewStatus> {
    serde_json::from_value(serde_json::Value::String(value.to_string())).map_err(|_| {
        ApiError::bad_request("status: expected unreviewed, confirmed, edited or rejected")
    })
}

impl EventParams {
    /// The store query these parameters ask for; `paged` applies `limit` (default 50, at most
    /// 500) and `cursor`, otherwise every matching event is wanted (exports, stats).
    pub fn to_query(&self, state: &AppState, paged: bool) -> ApiResult<EventQuery> {
        let from = date("from", &self.from)?;
        let to = date("to", &self.to)?;
        let status = non_empty(&self.status).map(parse_status).transpose()?;
        let bbox = non_empty(&self.bbox).map(parse_bbox).transpose()?;
        let event_type = non_empty(&self.event_type).map(str::to_string);
        if let Some(t) = &event_type {
            if !SubEventType::ALL.iter().any(|s| s.event_type() == t) {
                return Err(ApiError::bad_request(format!(
                    "event_type: {t:?} is not an ACLED event type"
                )));
            }
        }
        let sub_event_type = non_empty(&self.sub_event_type)
            .map(|t| {
                SubEventType::from_name(t)
                    .map(|s| s.name().to_string())
                    .ok_or_else(|| {
                        ApiError::bad_request(format!(
                            "sub_event_type: {t:?} is not an ACLED sub-event type"
                        ))
                    })
            })
            .transpose()?;
        let admin1 = non_empty(&self.admin1).map(|a| {
            state
                .gazetteer
                .governorate(a)
                .and_then(|p| p.admin1_pcode.clone())
                .unwrap_or_else(|| a.to_string())
        });
        let sort = match non_empty(&self.sort) {
            Some(s) => EventSort::from_name(s).ok_or_else(|| {
                let names: Vec<&str> = EventSort::ALL.iter().map(|s| s.name()).collect();
                ApiError::bad_request(format!("sort: expected one of {}", names.join(", ")))
            })?,
            None if paged => EventSort::DateDescending,
            None => EventSort::DateAscending,
        };
        let limit = if paged {
            let limit = match non_empty(&self.limit) {
                Some(l) => l
                    .parse::<u64>()
                    .ok()
                    .filter(|l| (1..=MAX_PAGE).contains(l))
                    .ok_or_else(|| {
                        ApiError::bad_request(format!("limit: expected 1 to {MAX_PAGE}"))
                    })?,
                None => DEFAULT_PAGE,
            };
            Some(limit)
        } else {
            None
        };
        let text = non_empty(&self.q).map(|q| state.aliases.query(q).index);
        let actors = non_empty(&self.actor)
            .map(|a| state.aliases.actor_names(a))
            .unwrap_or_default();
        Ok(EventQuery {
            filter: EventFilter {
                from,
                to,
                admin1,
                actor: None,
                event_type,
                sub_event_type,
                status,
                bbox,
                include_rejected: false,
                limit: None,
                offset: 0,
            },
            admin2: non_empty(&self.admin2).map(str::to_string),
            admin3: non_empty(&self.admin3).map(str::to_string),
            actors,
            text,
            sort,
            cursor: if paged {
                non_empty(&self.cursor).map(str::to_string)
            } else {
                None
            },
            limit,
        })
    }
}
