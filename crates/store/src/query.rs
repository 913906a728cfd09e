//! The API's event listing: every filter of `spec/api.md` (admin1–3, actor, types, box,
//! status, full-text terms), sorting, keyset cursors, and weekly counts for charts.

use std::collections::HashMap;

use marsad_model::{Event, ReviewStatus};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::events::{admin_clause, filter_sql, parse_event};
use crate::search::SearchQuery;
use crate::{Error, EventFilter, Result, SqliteStore};

/// How [`Store::query_events`] orders events; every order breaks ties by storage order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventSort {
    /// Oldest first (`event_date`).
    #[serde(rename = "event_date")]
    DateAscending,
    /// Newest first (`-event_date`), the default.
    #[default]
    #[serde(rename = "-event_date")]
    DateDescending,
    /// Fewest deaths first (`fatalities`).
    #[serde(rename = "fatalities")]
    FatalitiesAscending,
    /// Most deaths first (`-fatalities`).
    #[serde(rename = "-fatalities")]
    FatalitiesDescending,
    /// Least recently changed first (`timestamp`).
    #[serde(rename = "timestamp")]
    TimestampAscending,
    /// Most recently changed first (`-timestamp`).
    #[serde(rename = "-timestamp")]
    TimestampDescending,
}

impl EventSort {
    /// Every order, for documentation and validation.
    pub const ALL: [EventSort; 6] = [
        EventSort::DateAscending,
        EventSort::DateDescending,
        EventSort::FatalitiesAscending,
        EventSort::FatalitiesDescending,
        EventSort::TimestampAscending,
        EventSort::TimestampDescending,
    ];

    /// The API spelling (`-event_date`).
    pub fn name(self) -> &'static str {
        match self {
            EventSort::DateAscending => "event_date",
            EventSort::DateDescending => "-event_date",
            EventSort::FatalitiesAscending => "fatalities",
            EventSort::FatalitiesDescending => "-fatalities",
            EventSort::TimestampAscending => "timestamp",
            EventSort::TimestampDescending => "-timestamp",
        }
    }

    /// Parses the API spelling.
    pub fn from_name(name: &str) -> Option<EventSort> {
        EventSort::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The sorted column: fixed SQL text, never input.
    pub(crate) fn column(self) -> &'static str {
        match self {
            EventSort::DateAscending | EventSort::DateDescending => "event_date",
            EventSort::FatalitiesAscending | EventSort::FatalitiesDescending => "fatalities",
            EventSort::TimestampAscending | EventSort::TimestampDescending => "updated_at",
        }
    }

    pub(crate) fn descending(self) -> bool {
        matches!(
            self,
            EventSort::DateDescending
                | EventSort::FatalitiesDescending
                | EventSort::TimestampDescending
        )
    }
}

/// Filters, order and page of [`Store::query_events`]; `Default` lists every event that is
/// not rejected, newest first, in one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    /// The filters [`Store::events`] knows (dates, admin1, actor, types, status, box).
    pub filter: EventFilter,
    /// District: English name or OCHA p-code (`SY0903`), case-insensitive.
    pub admin2: Option<String>,
    /// Subdistrict: English name or OCHA p-code (`SY090301`), case-insensitive.
    pub admin3: Option<String>,
    /// Actor names, any of which (substring, case-insensitive) actor1, actor2 or their
    /// associated actors must contain; empty for no constraint. (`filter.actor` still applies.)
    pub actors: Vec<String>,
    /// Full-text terms the event's indexed document must match.
    pub text: Option<SearchQuery>,
    /// Order.
    pub sort: EventSort,
    /// An opaque cursor from a previous page's [`EventPage::next`].
    pub cursor: Option<String>,
    /// Page size; `None` for everything.
    pub limit: Option<u64>,
}

/// One stored event with its last-change time (ACLED's `timestamp`).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// The event.
    pub event: Event,
    /// Unix seconds of its last change.
    pub timestamp: i64,
}

/// One page of [`Store::query_events`].
#[derive(Debug, Clone, PartialEq)]
pub struct EventPage {
    /// The events, in the asked order.
    pub events: Vec<StoredEvent>,
    /// Cursor of the next page, `None` on the last.
    pub next: Option<String>,
    /// How many events match the filters (all pages).
    pub total: u64,
}

/// Events, deaths per ISO week (Monday), governorate and event type: the chart series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekCount {
    /// Monday of the week, `YYYY-MM-DD`.
    pub week: String,
    /// Governorate (`Deir-ez-Zor`), `None` when unplaced.
    pub admin1: Option<String>,
    /// ACLED event type.
    pub event_type: String,
    /// Events that week.
    pub events: u64,
    /// Their fatalities.
    pub fatalities: u64,
}

/// What a cursor carries: the order it belongs to, the last key and the last storage order.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Cursor {
    pub(crate) sort: String,
    pub(crate) key: CursorKey,
    pub(crate) seq: i64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum CursorKey {
    Integer(i64),
    Text(String),
}

impl From<CursorKey> for Value {
    fn from(key: CursorKey) -> Value {
        match key {
            CursorKey::Integer(i) => Value::Integer(i),
            CursorKey::Text(s) => Value::Text(s),
        }
    }
}

pub(crate) fn encode_cursor(cursor: &Cursor) -> String {
    hex::encode(serde_json::to_vec(cursor).unwrap_or_default())
}

pub(crate) fn decode_cursor(text: &str, sort: EventSort) -> Result<Cursor> {
    let bad = |why: &str| Error::InvalidCursor(why.to_string());
    let bytes = hex::decode(text).map_err(|_| bad("not a cursor from this API"))?;
    let cursor: Cursor =
        serde_json::from_slice(&bytes).map_err(|_| bad("not a cursor from this API"))?;
    if cursor.sort != sort.name() {
        return Err(bad("the cursor belongs to another sort order"));
    }
    Ok(cursor)
}

/// Totals and weekly counts of recent listings on one connection, with the store version they
/// were counted at. A list's total costs a pass over every match (~20 ms for 50,000 of
/// 100,000 events) and the weekly counts one over every event (~150 ms), paid again by every
/// page and every client asking the same filters; while nothing is written, neither changes.
#[derive(Debug, Default)]
pub(crate) struct TotalCache {
    /// `PRAGMA data_version` (commits by other connections) and this connection's total
    /// changes (its own writes, committed or not) when the totals were counted.
    version: (i64, u64),
    /// Query (without cursor and order) → total and the text join chosen.
    totals: HashMap<String, (u64, TextJoin)>,
    /// Query (without cursor and order) → weekly counts.
    weeks: HashMap<String, Vec<WeekCount>>,
}

impl TotalCache {
    /// Forgets everything when the store changed since `version` or the cache is full.
    fn refresh(&mut self, version: (i64, u64)) {
        if self.version != version || self.totals.len() + self.weeks.len() >= CACHED_TOTALS {
            self.version = version;
            self.totals.clear();
            self.weeks.clear();
        }
    }
}

/// The cache key of a query: everything but its cursor and order.
fn cache_key(query: &EventQuery) -> String {
    format!(
        "{:?}",
        EventQuery {
            cursor: None,
            sort: EventSort::default(),
            ..query.clone()
        }
    )
}

/// Most totals kept per connection; the cache starts over when full.
const CACHED_TOTALS: usize = 256;

/// How a full-text condition joins the event rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextJoin {
    /// `seq IN (matches)`: the matches are gathered first, then sorted; best when they are few.
    Gather,
    /// `EXISTS (match for this row)`: rows are walked in the page's order and each is checked,
    /// stopping when the page is full; best when most rows match.
    Probe,
}

/// Whether a page of `limit` rows is cheaper to find by walking the sorted rows and checking
/// each against the text query (about `rows / matches × limit` checks of ~20 µs) than by
/// gathering and sorting every match (~1 µs each). Measured on 100,000 events: gathering
/// 25,000 matches costs ~30 ms, walking for 51 of them ~5 ms.
fn probe_is_cheaper(matches: u64, rows: u64, limit: u64) -> bool {
    const PROBE_OVER_GATHER: u64 = 20;
    matches > 0
        && (matches as u128) * (matches as u128)
            > (PROBE_OVER_GATHER as u128) * (limit.max(1) as u128) * (rows as u128)
}

/// Whether a query narrows nothing but by its text (and the default leaving-out of rejected
/// events): then its total is the index's match count less the rejected matches, and rows
/// walked in order match as often as the text does.
fn text_is_the_only_filter(query: &EventQuery) -> bool {
    let f = &query.filter;
    query.text.is_some()
        && f.from.is_none()
        && f.to.is_none()
        && f.admin1.is_none()
        && f.actor.is_none()
        && f.event_type.is_none()
        && f.sub_event_type.is_none()
        && f.status.is_none()
        && f.bbox.is_none()
        && query.admin2.is_none()
        && query.admin3.is_none()
        && query.actors.is_empty()
}

/// The full `WHERE` of a query (without cursor), with its bound values.
fn query_where(query: &EventQuery) -> (Vec<String>, Vec<Value>) {
    query_where_joining(query, TextJoin::Gather)
}

/// [`query_where`] with the full-text condition written as `join` says.
fn query_where_joining(query: &EventQuery, join: TextJoin) -> (Vec<String>, Vec<Value>) {
    let (base, mut values) = filter_sql(&query.filter);
    let mut clauses: Vec<String> = Vec::new();
    if let Some(rest) = base.strip_prefix("WHERE ") {
        clauses.push(rest.to_string());
    }
    for (level, value) in [(2, &query.admin2), (3, &query.admin3)] {
        if let Some(value) = value {
            clauses.push(admin_clause(level, value).to_string());
            values.push(Value::Text(value.trim().to_string()));
        }
    }
    if !query.actors.is_empty() {
        let one = "(instr(lower(actor1), lower(?)) > 0 OR instr(lower(actor2), lower(?)) > 0
              OR instr(lower(assoc_actor_1), lower(?)) > 0
              OR instr(lower(assoc_actor_2), lower(?)) > 0)";
        let any: Vec<&str> = query.actors.iter().map(|_| one).collect();
        clauses.push(format!("({})", any.join(" OR ")));
        for actor in &query.actors {
            for _ in 0..4 {
                values.push(Value::Text(actor.clone()));
            }
        }
    }
    if let Some(text) = &query.text {
        if text.is_empty() {
            clauses.push("0".into());
        } else {
            clauses.push(match join {
                TextJoin::Gather => {
                    "seq IN (SELECT rowid FROM event_search WHERE event_search MATCH ?)".into()
                }
                TextJoin::Probe => "EXISTS (SELECT 1 FROM event_search
                     WHERE event_search MATCH ? AND event_search.rowid = events.seq)"
                    .into(),
            });
            values.push(Value::Text(text.to_fts5()));
        }
    }
    (clauses, values)
}

fn where_sql(clauses: &[String]) -> String {
    if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    }
}

impl SqliteStore {
    /// One page of events matching `query`, in its order, with the total and the next
    /// page's cursor. A cursor from another order or not from this store gives
    /// [`Error::InvalidCursor`].
    pub fn query_events(&self, query: &EventQuery) -> Result<EventPage> {
        let (total, join) = self.cached_total_and_text_join(query)?;
        let (mut clauses, mut values) = query_where_joining(query, join);
        let sort = query.sort;
        let column = sort.column();
        let (cmp, dir) = if sort.descending() {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        if let Some(text) = &query.cursor {
            let cursor = decode_cursor(text, sort)?;
            clauses.push(format!(
                "({column} {cmp} ? OR ({column} = ? AND seq {cmp} ?))"
            ));
            let key: Value = cursor.key.into();
            values.push(key.clone());
            values.push(key);
            values.push(Value::Integer(cursor.seq));
        }
        let limit = query
            .limit
            .map(|l| i64::try_from(l).unwrap_or(i64::MAX - 1));
        values.push(Value::Integer(limit.map_or(-1, |l| l.saturating_add(1))));
        let sql = if limit.is_some() {
            format!(
                // The page is chosen on the narrow rows first; only its documents are read.
                "SELECT page.event_id, d.json, page.updated_at, page.seq, page.key
                 FROM (SELECT event_id, updated_at, seq, {column} AS key FROM events {}
                       ORDER BY {column} {dir}, seq {dir} LIMIT ?) AS page
                 JOIN event_documents d ON d.seq = page.seq
                 ORDER BY page.key {dir}, page.seq {dir}",
                where_sql(&clauses)
            )
        } else {
            format!(
                // Every match is read (exports): documents are read in the index's order, with
                // no second sort of the whole set through a temporary B-tree.
                "SELECT event_id, (SELECT json FROM event_documents d WHERE d.seq = events.seq),
                        updated_at, seq, {column}
                 FROM events {} ORDER BY {column} {dir}, seq {dir} LIMIT ?",
                where_sql(&clauses)
            )
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(values))?;
        let mut events = Vec::new();
        let mut last: Option<(CursorKey, i64)> = None;
        let mut more = false;
        while let Some(row) = rows.next()? {
            if limit.is_some_and(|l| i64::try_from(events.len()).unwrap_or(i64::MAX) >= l) {
                more = true;
                break;
            }
            let event_id: String = row.get(0)?;
            let json: String = row.get(1)?;
            let timestamp: i64 = row.get(2)?;
            let seq: i64 = row.get(3)?;
            let key = match row.get_ref(4)? {
                rusqlite::types::ValueRef::Integer(i) => CursorKey::Integer(i),
                other => CursorKey::Text(
                    other
                        .as_str()
                        .map_err(|e| Error::CorruptRow {
                            table: "events",
                            key: event_id.clone(),
                            reason: e.to_string(),
                        })?
                        .to_string(),
                ),
            };
            last = Some((key, seq));
            events.push(StoredEvent {
                event: parse_event(event_id, &json)?,
                timestamp,
            });
        }
        let next = match (more, last) {
            (true, Some((key, seq))) => Some(encode_cursor(&Cursor {
                sort: sort.name().to_string(),
                key,
                seq,
            })),
            _ => None,
        };
        Ok(EventPage {
            events,
            next,
            total,
        })
    }

    /// [`SqliteStore::total_and_text_join`], remembered until the store changes.
    fn cached_total_and_text_join(&self, query: &EventQuery) -> Result<(u64, TextJoin)> {
        let Some(version) = self.cache_version()? else {
            return self.total_and_text_join(query);
        };
        let key = cache_key(query);
        {
            let mut cache = self.totals.borrow_mut();
            cache.refresh(version);
            if let Some(&found) = cache.totals.get(&key) {
                return Ok(found);
            }
        }
        let counted = self.total_and_text_join(query)?;
        self.totals.borrow_mut().totals.insert(key, counted);
        Ok(counted)
    }

    /// The version remembered results are valid for; `None` inside a transaction, where
    /// nothing is remembered or reused (a rollback leaves no trace in the version).
    fn cache_version(&self) -> Result<Option<(i64, u64)>> {
        if !self.conn.is_autocommit() {
            return Ok(None);
        }
        let data_version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))?;
        Ok(Some((data_version, self.conn.total_changes())))
    }

    /// How many events match `query`, and how its text condition should join the rows. A
    /// query narrowed by its text alone is counted from the full-text index (less the rejected
    /// matches) instead of row by row, and when its matches are many its page is found by
    /// walking the sorted rows.
    fn total_and_text_join(&self, query: &EventQuery) -> Result<(u64, TextJoin)> {
        let count = |sql: &str, values: Vec<Value>| -> Result<u64> {
            let n: i64 = self
                .conn
                .prepare_cached(sql)?
                .query_row(params_from_iter(values), |row| row.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        let fts = match &query.text {
            Some(text) if !text.is_empty() && text_is_the_only_filter(query) => text.to_fts5(),
            _ => {
                let (clauses, values) = query_where(query);
                let sql = format!("SELECT COUNT(*) FROM events {}", where_sql(&clauses));
                return Ok((count(&sql, values)?, TextJoin::Gather));
            }
        };
        let matches = count(
            "SELECT COUNT(*) FROM event_search WHERE event_search MATCH ?",
            vec![Value::Text(fts.clone())],
        )?;
        let rejected = if query.filter.include_rejected {
            0
        } else {
            count(
                "SELECT COUNT(*) FROM events WHERE review_status = ? AND EXISTS (
                     SELECT 1 FROM event_search
                     WHERE event_search MATCH ? AND event_search.rowid = events.seq)",
                vec![
                    Value::Text(ReviewStatus::Rejected.as_str().to_string()),
                    Value::Text(fts),
                ],
            )?
        };
        let rows: i64 = self.conn.query_row(
            "SELECT COALESCE(MAX(seq) - MIN(seq) + 1, 0) FROM events",
            [],
            |row| row.get(0),
        )?;
        let join = if probe_is_cheaper(
            matches,
            u64::try_from(rows).unwrap_or(0),
            query.limit.unwrap_or(u64::MAX),
        ) {
            TextJoin::Probe
        } else {
            TextJoin::Gather
        };
        Ok((matches.saturating_sub(rejected), join))
    }

    /// Events and deaths per week (Monday) × governorate × event type for the events
    /// matching `query` (its order, cursor and limit are ignored), oldest week first.
    pub fn week_counts(&self, query: &EventQuery) -> Result<Vec<WeekCount>> {
        let Some(version) = self.cache_version()? else {
            return self.count_weeks(query);
        };
        let key = cache_key(query);
        {
            let mut cache = self.totals.borrow_mut();
            cache.refresh(version);
            if let Some(found) = cache.weeks.get(&key) {
                return Ok(found.clone());
            }
        }
        let counted = self.count_weeks(query)?;
        self.totals.borrow_mut().weeks.insert(key, counted.clone());
        Ok(counted)
    }

    /// [`SqliteStore::week_counts`], counted.
    fn count_weeks(&self, query: &EventQuery) -> Result<Vec<WeekCount>> {
        let (clauses, values) = query_where(query);
        let sql = format!(
            "SELECT date(event_date, '-' || ((CAST(strftime('%w', event_date) AS INTEGER) + 6) % 7)
                         || ' days') AS week,
                    admin1, event_type, COUNT(*), COALESCE(SUM(fatalities), 0)
             FROM events {}
             GROUP BY week, admin1, event_type
             ORDER BY week, admin1, event_type",
            where_sql(&clauses)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), |row| {
            Ok(WeekCount {
                week: row.get::<_, Option<String>>(0)?.unwrap_or_default(),
                admin1: row.get(1)?,
                event_type: row.get(2)?,
                events: u64::try_from(row.get::<_, i64>(3)?).unwrap_or(0),
                fatalities: u64::try_from(row.get::<_, i64>(4)?).unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The last-change time of an event, and its current review status; `None` if unknown.
    pub fn event_review_state(&self, event_id: &str) -> Result<Option<(i64, ReviewStatus)>> {
        let row: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT updated_at, review_status FROM events WHERE event_id = ?1",
                [event_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        row.map(|(at, status)| {
            let status = serde_json::from_value(serde_json::Value::String(status.clone()))
                .map_err(|_| Error::CorruptRow {
                    table: "events",
                    key: event_id.to_string(),
                    reason: format!("review_status {status:?}"),
                })?;
            Ok((at, status))
        })
        .transpose()
    }
}
