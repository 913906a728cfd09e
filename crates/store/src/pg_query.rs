//! PostgreSQL versions of the filtered listings (`events`, `event_count`, `query_events`,
//! `week_counts`) and of full-text search. SQL text is assembled only from fixed fragments
//! and `$n` placeholders numbered here; every value is bound.

use marsad_model::ReviewStatus;
use postgres::types::ToSql;

use crate::events::parse_event;
use crate::pg::PgStore;
use crate::query::{decode_cursor, encode_cursor, Cursor, CursorKey};
use crate::{
    Error, EventFilter, EventPage, EventQuery, Result, SearchHit, SearchQuery, StoredEvent,
    WeekCount,
};

/// A `WHERE` under construction: clauses of fixed text, and the values their `$n` name.
#[derive(Default)]
struct Where {
    clauses: Vec<String>,
    values: Vec<Box<dyn ToSql + Sync>>,
}

impl Where {
    /// Binds a value and returns its placeholder (`$3`).
    fn bind(&mut self, value: impl ToSql + Sync + 'static) -> String {
        self.values.push(Box::new(value));
        format!("${}", self.values.len())
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.values.iter().map(|v| v.as_ref()).collect()
    }

    /// `(column LIKE %actor% ...)` over the four actor columns, case-insensitive: the same
    /// match as SQLite's `instr(lower(..), lower(?))`, served by the trigram indexes.
    fn actor_clause(&mut self, actor: &str) -> String {
        let escaped = actor
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let p = self.bind(escaped);
        let one = |col: &str| format!("lower({col}) LIKE ('%' || lower({p}) || '%') ESCAPE '\\'");
        format!(
            "({} OR {} OR {} OR {})",
            one("actor1"),
            one("actor2"),
            one("assoc_actor_1"),
            one("assoc_actor_2")
        )
    }

    fn filter(&mut self, filter: &EventFilter) {
        if let Some(from) = filter.from {
            let p = self.bind(from.to_string());
            self.clauses.push(format!("event_date >= {p}"));
        }
        if let Some(to) = filter.to {
            let p = self.bind(to.to_string());
            self.clauses.push(format!("event_date <= {p}"));
        }
        if let Some(admin1) = &filter.admin1 {
            let p = self.bind(admin1.clone());
            self.clauses.push(format!(
                "(lower(admin1) = lower({p}) OR lower(admin1_pcode) = lower({p}))"
            ));
        }
        if let Some(actor) = &filter.actor {
            let clause = self.actor_clause(actor);
            self.clauses.push(clause);
        }
        if let Some(event_type) = &filter.event_type {
            let p = self.bind(event_type.clone());
            self.clauses.push(format!("event_type = {p}"));
        }
        if let Some(sub_event_type) = &filter.sub_event_type {
            let p = self.bind(sub_event_type.clone());
            self.clauses.push(format!("sub_event_type = {p}"));
        }
        match filter.status {
            Some(status) => {
                let p = self.bind(status.as_str().to_string());
                self.clauses.push(format!("review_status = {p}"));
            }
            None if !filter.include_rejected => {
                let p = self.bind(ReviewStatus::Rejected.as_str().to_string());
                self.clauses.push(format!("review_status <> {p}"));
            }
            None => {}
        }
        if let Some([min_lon, min_lat, max_lon, max_lat]) = filter.bbox {
            let (a, b) = (self.bind(min_lon), self.bind(max_lon));
            let (c, d) = (self.bind(min_lat), self.bind(max_lat));
            self.clauses.push(format!(
                "longitude BETWEEN {a} AND {b} AND latitude BETWEEN {c} AND {d}"
            ));
        }
    }

    fn query(&mut self, query: &EventQuery) {
        self.filter(&query.filter);
        for (level, value) in [("admin2", &query.admin2), ("admin3", &query.admin3)] {
            if let Some(value) = value {
                let p = self.bind(value.clone());
                self.clauses.push(format!(
                    "(lower({level}) = lower({p}) OR lower({level}_pcode) = lower({p}))"
                ));
            }
        }
        if !query.actors.is_empty() {
            let any: Vec<String> = query.actors.iter().map(|a| self.actor_clause(a)).collect();
            self.clauses.push(format!("({})", any.join(" OR ")));
        }
        if let Some(text) = &query.text {
            match self.tsquery(text) {
                Some(tsquery) => self.clauses.push(format!(
                    "seq IN (SELECT seq FROM event_search WHERE document @@ {tsquery})"
                )),
                None => self.clauses.push("FALSE".to_string()),
            }
        }
    }

    /// A `tsquery` expression for `query`: each phrase a `phraseto_tsquery` (terms in order,
    /// adjacent), phrases of a group joined by `||`, groups by `&&`. `None` when empty.
    fn tsquery(&mut self, query: &SearchQuery) -> Option<String> {
        let mut groups = Vec::new();
        for group in &query.groups {
            let mut phrases = Vec::new();
            for phrase in group {
                let terms: Vec<&str> = phrase
                    .iter()
                    .map(String::as_str)
                    .filter(|t| !t.is_empty())
                    .collect();
                if !terms.is_empty() {
                    let p = self.bind(terms.join(" "));
                    phrases.push(format!("phraseto_tsquery('simple', {p})"));
                }
            }
            if !phrases.is_empty() {
                groups.push(format!("({})", phrases.join(" || ")));
            }
        }
        (!groups.is_empty()).then(|| format!("({})", groups.join(" && ")))
    }
}

fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

pub(crate) fn events(store: &PgStore, filter: &EventFilter) -> Result<Vec<marsad_model::Event>> {
    let mut w = Where::default();
    w.filter(filter);
    let limit = w.bind(filter.limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX)));
    let offset = w.bind(i64::try_from(filter.offset).unwrap_or(i64::MAX));
    let sql = format!(
        "SELECT event_id, json FROM events {}
         ORDER BY event_date, seq LIMIT {limit} OFFSET {offset}",
        w.sql()
    );
    let rows = store.client()?.query(&sql, &w.params())?;
    rows.iter()
        .map(|r| parse_event(r.try_get(0)?, &r.try_get::<_, String>(1)?))
        .collect()
}

pub(crate) fn event_count(store: &PgStore, filter: &EventFilter) -> Result<u64> {
    let mut w = Where::default();
    w.filter(filter);
    let sql = format!("SELECT COUNT(*) FROM events {}", w.sql());
    let row = store.client()?.query_one(&sql, &w.params())?;
    Ok(to_u64(row.try_get(0)?))
}

pub(crate) fn query_events(store: &PgStore, query: &EventQuery) -> Result<EventPage> {
    let mut w = Where::default();
    w.query(query);
    let mut client = store.client()?;
    let total = {
        let sql = format!("SELECT COUNT(*) FROM events {}", w.sql());
        to_u64(client.query_one(&sql, &w.params())?.try_get(0)?)
    };
    let sort = query.sort;
    let column = sort.column();
    let text_key = column == "event_date";
    let (cmp, dir) = if sort.descending() {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some(text) = &query.cursor {
        let cursor = decode_cursor(text, sort)?;
        let key = match (cursor.key, text_key) {
            (CursorKey::Text(s), true) => w.bind(s),
            (CursorKey::Integer(i), false) => w.bind(i),
            _ => {
                return Err(Error::InvalidCursor(
                    "not a cursor from this API".to_string(),
                ))
            }
        };
        let seq = w.bind(cursor.seq);
        w.clauses.push(format!(
            "({column} {cmp} {key} OR ({column} = {key} AND seq {cmp} {seq}))"
        ));
    }
    let limit = query
        .limit
        .map(|l| i64::try_from(l).unwrap_or(i64::MAX - 1));
    let fetch = w.bind(limit.map(|l| l.saturating_add(1)));
    let sql = format!(
        "SELECT event_id, json, updated_at, seq, {column}::TEXT AS sort_key FROM events {}
         ORDER BY events.{column} {dir}, events.seq {dir} LIMIT {fetch}",
        w.sql()
    );
    let rows = client.query(&sql, &w.params())?;
    let mut events = Vec::new();
    let mut last: Option<(CursorKey, i64)> = None;
    let mut more = false;
    for row in rows {
        if limit.is_some_and(|l| i64::try_from(events.len()).unwrap_or(i64::MAX) >= l) {
            more = true;
            break;
        }
        let event_id: String = row.try_get(0)?;
        let json: String = row.try_get(1)?;
        let timestamp: i64 = row.try_get(2)?;
        let seq: i64 = row.try_get(3)?;
        let key_text: String = row.try_get(4)?;
        let key = if text_key {
            CursorKey::Text(key_text)
        } else {
            CursorKey::Integer(key_text.parse().map_err(|_| Error::CorruptRow {
                table: "events",
                key: event_id.clone(),
                reason: format!("{column} {key_text:?}"),
            })?)
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

pub(crate) fn week_counts(store: &PgStore, query: &EventQuery) -> Result<Vec<WeekCount>> {
    let mut w = Where::default();
    w.query(query);
    let sql = format!(
        "SELECT to_char(date_trunc('week', event_date::DATE), 'YYYY-MM-DD') AS week,
                admin1, event_type, COUNT(*), COALESCE(SUM(fatalities), 0)::BIGINT
         FROM events {}
         GROUP BY week, admin1, event_type
         ORDER BY week, admin1 COLLATE \"C\" NULLS FIRST, event_type COLLATE \"C\"",
        w.sql()
    );
    let rows = store.client()?.query(&sql, &w.params())?;
    rows.iter()
        .map(|r| {
            Ok(WeekCount {
                week: r.try_get::<_, Option<String>>(0)?.unwrap_or_default(),
                admin1: r.try_get(1)?,
                event_type: r.try_get(2)?,
                events: to_u64(r.try_get(3)?),
                fatalities: to_u64(r.try_get(4)?),
            })
        })
        .collect()
}

pub(crate) fn search_articles(
    store: &PgStore,
    query: &SearchQuery,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let mut w = Where::default();
    let Some(tsquery) = w.tsquery(query) else {
        return Ok(Vec::new());
    };
    let limit = w.bind(i64::try_from(limit).unwrap_or(i64::MAX));
    // Weights are {D, C, B, A}: titles (A) count three times the body (D), as in SQLite.
    let sql = format!(
        "SELECT s.article_id,
                ts_rank('{{0.1, 0.1, 0.1, 0.3}}', s.document, q.q)::FLOAT8 AS score
         FROM article_search s, (SELECT {tsquery} AS q) q
         WHERE s.document @@ q.q
         ORDER BY score DESC, s.article_id COLLATE \"C\" LIMIT {limit}"
    );
    let rows = store.client()?.query(&sql, &w.params())?;
    rows.iter()
        .map(|r| {
            Ok(SearchHit {
                id: r.try_get(0)?,
                score: r.try_get(1)?,
            })
        })
        .collect()
}

pub(crate) fn search_events(
    store: &PgStore,
    query: &SearchQuery,
    include_rejected: bool,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let mut w = Where::default();
    let Some(tsquery) = w.tsquery(query) else {
        return Ok(Vec::new());
    };
    let rejected = w.bind(include_rejected);
    let limit = w.bind(i64::try_from(limit).unwrap_or(i64::MAX));
    let sql = format!(
        "SELECT e.event_id, ts_rank(s.document, q.q)::FLOAT8 AS score
         FROM event_search s JOIN events e ON e.seq = s.seq, (SELECT {tsquery} AS q) q
         WHERE s.document @@ q.q AND ({rejected} OR e.review_status <> 'rejected')
         ORDER BY score DESC, e.seq LIMIT {limit}"
    );
    let rows = store.client()?.query(&sql, &w.params())?;
    rows.iter()
        .map(|r| {
            Ok(SearchHit {
                id: r.try_get(0)?,
                score: r.try_get(1)?,
            })
        })
        .collect()
}
