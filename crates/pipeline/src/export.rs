//! The three export formats of `spec/event.md`: JSONL, ACLED CSV (31 columns in ACLED's order),
//! GeoJSON. Rejected events never reach these writers (the store's filter leaves them out).

use marsad_model::Event;
use serde_json::{json, Value};
use std::io::Write;

/// ACLED's columns, in ACLED's order.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// An export failure (the writer failed).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// CSV encoding failed.
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// JSON encoding failed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// One JSON object per line.
pub fn jsonl(events: &[Event], out: &mut dyn Write) -> Result<(), ExportError> {
    for e in events {
        serde_json::to_writer(&mut *out, e)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn coord(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.4}")).unwrap_or_default()
}

/// ACLED CSV, header first, RFC 4180 quoting; `timestamp(event)` gives the last-change time.
pub fn acled_csv(
    events: &[Event],
    timestamp: impl Fn(&Event) -> i64,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(ACLED_COLUMNS)?;
    for e in events {
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        w.write_record([
            e.event_id.clone(),
            e.event_date.to_string(),
            e.event_date.format("%Y").to_string(),
            e.time_precision.to_string(),
            e.disorder_type.clone(),
            e.event_type.clone(),
            e.sub_event_type.clone(),
            e.actor1.clone(),
            e.assoc_actor_1.clone(),
            e.inter1.clone(),
            e.actor2.clone(),
            e.assoc_actor_2.clone(),
            e.inter2.clone(),
            e.interaction.clone(),
            e.civilian_targeting.clone(),
            e.iso.to_string(),
            "Middle East".into(),
            e.country.clone(),
            opt(&e.admin1),
            opt(&e.admin2),
            opt(&e.admin3),
            e.location
                .clone()
                .or_else(|| e.location_ar.clone())
                .unwrap_or_default(),
            coord(e.latitude),
            coord(e.longitude),
            e.geo_precision.to_string(),
            e.source.clone(),
            e.source_scale.clone(),
            e.notes.clone(),
            e.fatalities.to_string(),
            e.tags.clone(),
            timestamp(e).to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// A GeoJSON FeatureCollection: each event a Point with the JSONL fields less `evidence`.
/// Events without coordinates get a null geometry (valid GeoJSON).
pub fn geojson(events: &[Event], out: &mut dyn Write) -> Result<(), ExportError> {
    let features: Vec<Value> = events
        .iter()
        .map(|e| {
            let mut props = serde_json::to_value(e).unwrap_or(Value::Null);
            if let Some(obj) = props.as_object_mut() {
                obj.remove("evidence");
            }
            let geometry = match (e.longitude, e.latitude) {
                (Some(lon), Some(lat)) => json!({"type": "Point", "coordinates": [lon, lat]}),
                _ => Value::Null,
            };
            json!({"type": "Feature", "id": e.event_id, "geometry": geometry, "properties": props})
        })
        .collect();
    serde_json::to_writer(
        &mut *out,
        &json!({"type": "FeatureCollection", "features": features}),
    )?;
    out.write_all(b"\n")?;
    Ok(())
}
