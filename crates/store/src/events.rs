//! Events: the full JSON of [`Event`] plus indexed columns for search and filters.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use marsad_model::{Event, ReviewStatus};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use crate::{unix_now, Error, Result, SqliteStore};

/// The widest [`date_slack_days`]: how far an event's date may sit from the days it could
/// have happened on.
pub const MAX_DATE_SLACK_DAYS: u64 = 15;

/// How many days either side of `event_date` the event may really have happened, from ACLED's
/// time precision: 1 (the day) → 0, 2 (a week or a few days, midpoint coded) → 3, 3 (only the
/// month) → 15. Unknown precisions get the widest slack.
pub fn date_slack_days(time_precision: u8) -> u64 {
    match time_precision {
        1 => 0,
        2 => 3,
        _ => MAX_DATE_SLACK_DAYS,
    }
}

/// The window search: `?1..?2` bound the indexed `event_date` (the asked span widened by the
/// widest slack), `?3..?4` are the asked span itself, met by each event's own window.
const EVENTS_BETWEEN_SQL: &str = "SELECT e.event_id, d.json
     FROM events e JOIN event_documents d ON d.seq = e.seq
     WHERE e.event_date BETWEEN ?1 AND ?2 AND e.window_start <= ?4 AND e.window_end >= ?3
     ORDER BY e.event_date, e.seq";

/// Filters for [`Store::events`] and [`Store::event_count`]; `Default` matches every event
/// that is not rejected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Events on or after this day.
    pub from: Option<NaiveDate>,
    /// Events on or before this day.
    pub to: Option<NaiveDate>,
    /// Governorate: English name (`Deir-ez-Zor`) or OCHA p-code (`SY09`), case-insensitive.
    pub admin1: Option<String>,
    /// Substring (case-insensitive) of actor1, actor2 or their associated actors.
    pub actor: Option<String>,
    /// ACLED event type, exact (`Battles`).
    pub event_type: Option<String>,
    /// ACLED sub-event type, exact (`Armed clash`).
    pub sub_event_type: Option<String>,
    /// Review status. Asking for `Rejected` here lists rejected events even without
    /// `include_rejected`.
    pub status: Option<ReviewStatus>,
    /// `[min_longitude, min_latitude, max_longitude, max_latitude]` (GeoJSON order); events
    /// without coordinates fall outside every box.
    pub bbox: Option<[f64; 4]>,
    /// Keep rejected events (left out by default, as exports leave them out).
    pub include_rejected: bool,
    /// At most this many events.
    pub limit: Option<u64>,
    /// Skip this many events first.
    pub offset: u64,
}

/// Lowest and highest dates stored as plain `YYYY-MM-DD`, so text comparison is date order.
const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(day) => day,
    None => NaiveDate::MIN,
};
const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(day) => day,
    None => NaiveDate::MAX,
};

pub(crate) fn shift_back(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(days))
        .unwrap_or(FIRST_DAY)
        .max(FIRST_DAY)
}

pub(crate) fn shift_forward(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days))
        .unwrap_or(LAST_DAY)
        .min(LAST_DAY)
}

/// The article ids an event cites: its sources and its evidence.
pub(crate) fn cited_articles(event: &Event) -> BTreeSet<&str> {
    event
        .sources
        .iter()
        .map(|s| s.article_id.as_str())
        .chain(event.evidence.iter().map(|e| e.article_id.as_str()))
        .collect()
}

/// Refuses dates whose `YYYY-MM-DD` text would not sort as a date.
pub(crate) fn check_date(event: &Event) -> Result<()> {
    if (FIRST_DAY..=LAST_DAY).contains(&event.event_date) {
        Ok(())
    } else {
        Err(Error::DateOutOfRange {
            event_id: event.event_id.clone(),
            date: event.event_date,
        })
    }
}

pub(crate) fn event_json(event: &Event) -> Result<String> {
    serde_json::to_string(event).map_err(|source| Error::InvalidJson {
        what: format!("event {}", event.event_id),
        source,
    })
}

fn relink(tx: &Connection, event_id: &str, event: &Event) -> Result<()> {
    tx.prepare_cached("DELETE FROM event_articles WHERE event_id = ?1")?
        .execute([event_id])?;
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO event_articles (event_id, article_id) VALUES (?1, ?2)",
    )?;
    for article_id in cited_articles(event) {
        stmt.execute(params![event_id, article_id])?;
    }
    Ok(())
}

pub(crate) fn parse_event(event_id: String, json: &str) -> Result<Event> {
    let mut event: Event = serde_json::from_str(json).map_err(|err| Error::CorruptRow {
        table: "events",
        key: event_id.clone(),
        reason: err.to_string(),
    })?;
    event.event_id = event_id;
    Ok(event)
}

impl SqliteStore {
    /// Stores a new event under the next id (`SYR-000001`, `SYR-000002`, ...) and returns the
    /// id; any `event_id` already on `event` is ignored. Dates outside years 1–9999 are refused.
    pub fn insert_event(&mut self, event: &Event) -> Result<String> {
        check_date(event)?;
        let date = event.event_date;
        let slack = date_slack_days(event.time_precision);
        let now = unix_now();
        let tx = self.conn.savepoint()?;
        let (event_id, seq): (String, i64) = tx
            .prepare_cached(
                "INSERT INTO events (event_id, seq, event_date, window_start, window_end,
                     time_precision, event_type, sub_event_type, actor1, assoc_actor_1, actor2,
                     assoc_actor_2, admin1, admin1_pcode, admin2, admin2_pcode, admin3,
                     admin3_pcode, latitude, longitude, fatalities, review_status, created_at,
                     updated_at)
                 SELECT printf('SYR-%06d', next.seq), next.seq, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,
                     ?9, ?10, ?11, ?12, ?18, ?19, ?20, ?21, ?13, ?14, ?15, ?16, ?17, ?17
                 FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM events) AS next
                 RETURNING event_id, seq",
            )?
            .query_row(
                params![
                    date.to_string(),
                    shift_back(date, slack).to_string(),
                    shift_forward(date, slack).to_string(),
                    event.time_precision,
                    event.event_type,
                    event.sub_event_type,
                    event.actor1,
                    event.assoc_actor_1,
                    event.actor2,
                    event.assoc_actor_2,
                    event.admin1,
                    event.admin1_pcode,
                    event.latitude,
                    event.longitude,
                    event.fatalities,
                    event.review.status.as_str(),
                    now,
                    event.admin2,
                    event.admin2_pcode,
                    event.admin3,
                    event.admin3_pcode
                ],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
        let mut stored = event.clone();
        stored.event_id.clone_from(&event_id);
        tx.prepare_cached("INSERT OR REPLACE INTO event_documents (seq, json) VALUES (?1, ?2)")?
            .execute(params![seq, event_json(&stored)?])?;
        relink(&tx, &event_id, &stored)?;
        tx.commit()?;
        Ok(event_id)
    }

    /// Replaces the stored event with the same `event_id` and bumps its `updated_at` (ACLED's
    /// timestamp): to now, and always past the previous value, so every change is visible to
    /// a reader who syncs by timestamp. Errors with [`Error::UnknownEvent`] if not stored.
    pub fn update_event(&mut self, event: &Event) -> Result<()> {
        check_date(event)?;
        let date = event.event_date;
        let slack = date_slack_days(event.time_precision);
        let tx = self.conn.savepoint()?;
        let previous: Option<(i64, i64)> = tx
            .prepare_cached("SELECT updated_at, seq FROM events WHERE event_id = ?1")?
            .query_row([&event.event_id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let Some((previous, seq)) = previous else {
            return Err(Error::UnknownEvent(event.event_id.clone()));
        };
        let updated_at = unix_now().max(previous.saturating_add(1));
        tx.prepare_cached(
            "UPDATE events SET event_date = ?2, window_start = ?3, window_end = ?4,
                 time_precision = ?5, event_type = ?6, sub_event_type = ?7, actor1 = ?8,
                 assoc_actor_1 = ?9, actor2 = ?10, assoc_actor_2 = ?11, admin1 = ?12,
                 admin1_pcode = ?13, latitude = ?14, longitude = ?15, fatalities = ?16,
                 review_status = ?17, updated_at = ?18, admin2 = ?19, admin2_pcode = ?20,
                 admin3 = ?21, admin3_pcode = ?22
             WHERE event_id = ?1",
        )?
        .execute(params![
            event.event_id,
            date.to_string(),
            shift_back(date, slack).to_string(),
            shift_forward(date, slack).to_string(),
            event.time_precision,
            event.event_type,
            event.sub_event_type,
            event.actor1,
            event.assoc_actor_1,
            event.actor2,
            event.assoc_actor_2,
            event.admin1,
            event.admin1_pcode,
            event.latitude,
            event.longitude,
            event.fatalities,
            event.review.status.as_str(),
            updated_at,
            event.admin2,
            event.admin2_pcode,
            event.admin3,
            event.admin3_pcode
        ])?;
        tx.prepare_cached("UPDATE event_documents SET json = ?2 WHERE seq = ?1")?
            .execute(params![seq, event_json(event)?])?;
        relink(&tx, &event.event_id, event)?;
        tx.commit()?;
        Ok(())
    }

    /// One stored event by id.
    pub fn event(&self, event_id: &str) -> Result<Option<Event>> {
        let json: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT d.json FROM events e JOIN event_documents d ON d.seq = e.seq
                 WHERE e.event_id = ?1",
            )?
            .query_row([event_id], |row| row.get(0))
            .optional()?;
        json.map(|json| parse_event(event_id.to_string(), &json))
            .transpose()
    }

    /// Unix seconds of an event's last change (ACLED's `timestamp`).
    pub fn event_timestamp(&self, event_id: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT updated_at FROM events WHERE event_id = ?1",
                [event_id],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// The fusion candidate search: events whose window `[event_date - slack, event_date +
    /// slack]` (see [`date_slack_days`]) meets `[from, to]` (empty if `from > to`), rejected ones included (a rejected
    /// event reported again must not come back as new). Uses the `event_date` index.
    pub fn events_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Event>> {
        if from > to {
            return Ok(Vec::new());
        }
        let low = shift_back(from, MAX_DATE_SLACK_DAYS).to_string();
        let high = shift_forward(to, MAX_DATE_SLACK_DAYS).to_string();
        let mut stmt = self.conn.prepare_cached(EVENTS_BETWEEN_SQL)?;
        let rows = stmt.query_map(
            params![low, high, from.to_string(), to.to_string()],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )?;
        rows.map(|row| {
            let (event_id, json) = row?;
            parse_event(event_id, &json)
        })
        .collect()
    }

    /// Filtered listing for export and the API, ordered by `event_date` then id, with
    /// `limit`/`offset` applied.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<Event>> {
        let (where_sql, mut values) = filter_sql(filter);
        let limit = filter
            .limit
            .map(|l| i64::try_from(l).unwrap_or(i64::MAX))
            .unwrap_or(-1);
        values.push(Value::Integer(limit));
        values.push(Value::Integer(
            i64::try_from(filter.offset).unwrap_or(i64::MAX),
        ));
        let sql = format!(
            "SELECT event_id, (SELECT json FROM event_documents d WHERE d.seq = events.seq)
             FROM events {where_sql}
             ORDER BY event_date, seq LIMIT ? OFFSET ?"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            let (event_id, json) = row?;
            parse_event(event_id, &json)
        })
        .collect()
    }

    /// How many events [`Store::events`] would list without `limit` and `offset`.
    pub fn event_count(&self, filter: &EventFilter) -> Result<u64> {
        let (where_sql, values) = filter_sql(filter);
        let sql = format!("SELECT COUNT(*) FROM events {where_sql}");
        let count: i64 = self
            .conn
            .query_row(&sql, params_from_iter(values), |row| row.get(0))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Ids of the events that cite an article (in `sources` or `evidence`), in id order.
    pub fn events_for_article(&self, article_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT ea.event_id FROM event_articles ea JOIN events e ON e.event_id = ea.event_id
             WHERE ea.article_id = ?1 ORDER BY e.seq",
        )?;
        let rows = stmt.query_map([article_id], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
    }
}

/// Whether an admin filter names an OCHA p-code (`SY09`, `sy0903`: two letters, then digits)
/// rather than a name: then only the p-code column is compared, one indexed column instead
/// of an OR the planner cannot walk in date order.
pub(crate) fn is_pcode(value: &str) -> bool {
    let v = value.trim().as_bytes();
    v.len() > 2
        && v.iter().take(2).all(u8::is_ascii_alphabetic)
        && v.iter().skip(2).all(u8::is_ascii_digit)
}

/// The condition of an admin filter at `level` (1–3) for `value`: its name or its p-code
/// column, case-insensitive. Fixed SQL text, never input.
pub(crate) fn admin_clause(level: u8, value: &str) -> &'static str {
    match (level, is_pcode(value)) {
        (1, false) => "admin1 = ? COLLATE NOCASE",
        (1, true) => "admin1_pcode = ? COLLATE NOCASE",
        (2, false) => "admin2 = ? COLLATE NOCASE",
        (2, true) => "admin2_pcode = ? COLLATE NOCASE",
        (_, false) => "admin3 = ? COLLATE NOCASE",
        (_, true) => "admin3_pcode = ? COLLATE NOCASE",
    }
}

/// A `WHERE` clause made only of fixed SQL text with `?` placeholders, and the values to bind
/// to them in order.
pub(crate) fn filter_sql(filter: &EventFilter) -> (String, Vec<Value>) {
    let mut clauses: Vec<&str> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(from) = filter.from {
        clauses.push("event_date >= ?");
        values.push(Value::Text(from.to_string()));
    }
    if let Some(to) = filter.to {
        clauses.push("event_date <= ?");
        values.push(Value::Text(to.to_string()));
    }
    if let Some(admin1) = &filter.admin1 {
        clauses.push(admin_clause(1, admin1));
        values.push(Value::Text(admin1.trim().to_string()));
    }
    if let Some(actor) = &filter.actor {
        clauses.push(
            "(instr(lower(actor1), lower(?)) > 0 OR instr(lower(actor2), lower(?)) > 0
              OR instr(lower(assoc_actor_1), lower(?)) > 0
              OR instr(lower(assoc_actor_2), lower(?)) > 0)",
        );
        for _ in 0..4 {
            values.push(Value::Text(actor.clone()));
        }
    }
    if let Some(event_type) = &filter.event_type {
        clauses.push("event_type = ?");
        values.push(Value::Text(event_type.clone()));
    }
    if let Some(sub_event_type) = &filter.sub_event_type {
        clauses.push("sub_event_type = ?");
        values.push(Value::Text(sub_event_type.clone()));
    }
    match filter.status {
        Some(status) => {
            clauses.push("review_status = ?");
            values.push(Value::Text(status.as_str().to_string()));
        }
        None if !filter.include_rejected => {
            clauses.push("review_status <> ?");
            values.push(Value::Text(ReviewStatus::Rejected.as_str().to_string()));
        }
        None => {}
    }
    if let Some([min_lon, min_lat, max_lon, max_lat]) = filter.bbox {
        clauses.push("longitude BETWEEN ? AND ? AND latitude BETWEEN ? AND ?");
        values.extend([
            Value::Real(min_lon),
            Value::Real(max_lon),
            Value::Real(min_lat),
            Value::Real(max_lat),
        ]);
    }
    if clauses.is_empty() {
        (String::new(), values)
    } else {
        (format!("WHERE {}", clauses.join(" AND ")), values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_search_uses_the_event_date_index() {
        let store = SqliteStore::open_in_memory().unwrap();
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {EVENTS_BETWEEN_SQL}"))
            .unwrap()
            .query_map(
                ["2024-01-01", "2024-01-31", "2024-01-10", "2024-01-20"],
                |row| row.get::<_, String>(3),
            )
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(plan.contains("USING INDEX events_event_date"), "{plan}");
        assert!(!plan.contains("SCAN events"), "{plan}");
    }

    #[test]
    fn slack_widens_with_precision() {
        assert_eq!(date_slack_days(1), 0);
        assert!(date_slack_days(2) >= 3);
        assert_eq!(date_slack_days(3), MAX_DATE_SLACK_DAYS);
        assert_eq!(date_slack_days(0), MAX_DATE_SLACK_DAYS);
    }
}
