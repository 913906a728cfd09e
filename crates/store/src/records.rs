//! The smaller tables: warnings, article facts, unresolved places, gazetteer additions,
//! ingest runs and the review audit trail.

use std::collections::BTreeMap;

use marsad_model::{ArticleFact, Warning};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::{unix_now, Error, Result, SqliteStore};

/// A place name the gazetteer did not know, with where it was seen: the analyst's to-do list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnresolvedPlace {
    /// The name as written, e.g. `الطيانة`.
    pub name_ar: String,
    /// Articles that mention it, by id.
    pub article_ids: Vec<String>,
    /// Distinct mentions (one per article and event).
    pub mentions: u64,
}

/// One ingest run's summary, as the CLI recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IngestRun {
    /// Unix seconds when it was recorded.
    pub at: i64,
    /// The summary object (`articles_new`, `events_new`, ...), as JSON text.
    pub summary_json: String,
}

/// One analyst change to one field of an event, kept forever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// The event changed.
    pub event_id: String,
    /// When (RFC 3339), as in [`marsad_model::Review::at`].
    pub at: String,
    /// Who.
    pub by: String,
    /// Which field (`fatalities`, `review.status`).
    pub field: String,
    /// Its value before, as JSON text; `None` if it had none.
    pub before: Option<String>,
    /// Its value after, as JSON text.
    pub after: Option<String>,
    /// The analyst's reason.
    pub reason: Option<String>,
}

impl SqliteStore {
    /// Records a warning (bad input, missing date...).
    pub fn put_warning(&mut self, w: &Warning) -> Result<()> {
        let line = w.line.map(|l| i64::try_from(l).unwrap_or(i64::MAX));
        self.conn
            .prepare_cached(
                "INSERT INTO warnings (origin, line, article_id, message, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![w.origin, line, w.article_id, w.message, unix_now()])?;
        Ok(())
    }

    /// Warnings in the order recorded: all of them, or those naming one article.
    pub fn warnings(&self, article_id: Option<&str>) -> Result<Vec<Warning>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT origin, line, article_id, message FROM warnings
             WHERE ?1 IS NULL OR article_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([article_id], |row| {
            let line: Option<i64> = row.get(1)?;
            Ok(Warning {
                origin: row.get(0)?,
                line: line.and_then(|l| u64::try_from(l).ok()),
                article_id: row.get(2)?,
                message: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Replaces an article's facts (aggregates, background, threats) with `facts`.
    pub fn put_facts(&mut self, article_id: &str, facts: &[ArticleFact]) -> Result<()> {
        let tx = self.conn.savepoint()?;
        tx.execute(
            "DELETE FROM article_facts WHERE article_id = ?1",
            [article_id],
        )?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO article_facts (article_id, ord, kind, json) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (ord, fact) in facts.iter().enumerate() {
                let json = serde_json::to_string(fact).map_err(|source| Error::InvalidJson {
                    what: format!("fact of article {article_id}"),
                    source,
                })?;
                let kind = serde_json::to_value(fact.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let ord = i64::try_from(ord).unwrap_or(i64::MAX);
                stmt.execute(params![article_id, ord, kind, json])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Stored facts with their article id, by article then order given: one article's or all.
    pub fn facts(&self, article_id: Option<&str>) -> Result<Vec<(String, ArticleFact)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_id, json FROM article_facts
             WHERE ?1 IS NULL OR article_id = ?1 ORDER BY article_id, ord",
        )?;
        let rows = stmt.query_map([article_id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            let (id, json) = row?;
            let fact = serde_json::from_str(&json).map_err(|err| Error::CorruptRow {
                table: "article_facts",
                key: id.clone(),
                reason: err.to_string(),
            })?;
            Ok((id, fact))
        })
        .collect()
    }

    /// Records a place name the gazetteer did not resolve (`الطيانة` in article `a1`).
    /// Idempotent: the same name, article and event count once.
    pub fn put_unresolved_place(
        &mut self,
        name_ar: &str,
        article_id: &str,
        event_id: Option<&str>,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO unresolved_places (name_ar, article_id, event_id)
                 VALUES (?1, ?2, ?3)",
            )?
            .execute(params![name_ar, article_id, event_id.unwrap_or("")])?;
        Ok(())
    }

    /// Unresolved names, most mentioned first, then by name.
    pub fn unresolved_places(&self) -> Result<Vec<UnresolvedPlace>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name_ar, article_id, COUNT(*) FROM unresolved_places
             GROUP BY name_ar, article_id ORDER BY name_ar, article_id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        let mut by_name: BTreeMap<String, UnresolvedPlace> = BTreeMap::new();
        for row in rows {
            let (name_ar, article_id, count) = row?;
            let place = by_name
                .entry(name_ar.clone())
                .or_insert_with(|| UnresolvedPlace {
                    name_ar,
                    article_ids: Vec::new(),
                    mentions: 0,
                });
            place.article_ids.push(article_id);
            place.mentions += u64::try_from(count).unwrap_or(0);
        }
        let mut places: Vec<UnresolvedPlace> = by_name.into_values().collect();
        places.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.name_ar.cmp(&b.name_ar))
        });
        Ok(places)
    }

    /// Adds or replaces gazetteer places from one source (`open-syria`, `geonames`, `analyst`),
    /// keyed by their id in that source. Each JSON must parse; returns how many rows were
    /// written.
    pub fn put_places_json(&mut self, source: &str, rows: &[(String, String)]) -> Result<usize> {
        let tx = self.conn.savepoint()?;
        let mut written = 0;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO places (source, source_id, json) VALUES (?1, ?2, ?3)
                 ON CONFLICT(source, source_id) DO UPDATE SET json = excluded.json",
            )?;
            for (source_id, json) in rows {
                serde_json::from_str::<serde_json::Value>(json).map_err(|err| {
                    Error::InvalidJson {
                        what: format!("place {source}/{source_id}"),
                        source: err,
                    }
                })?;
                written += stmt.execute(params![source, source_id, json])?;
            }
        }
        tx.commit()?;
        Ok(written)
    }

    /// Every stored gazetteer addition as `(source, source_id, json)`, by source then id.
    pub fn places_json(&self) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT source, source_id, json FROM places ORDER BY source, source_id",
        )?;
        let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Records one ingest run's summary (a JSON object), stamped now.
    pub fn put_ingest_run(&mut self, summary_json: &str) -> Result<()> {
        serde_json::from_str::<serde_json::Value>(summary_json).map_err(|source| {
            Error::InvalidJson {
                what: "ingest run summary".to_string(),
                source,
            }
        })?;
        self.conn
            .prepare_cached("INSERT INTO ingest_runs (at, summary_json) VALUES (?1, ?2)")?
            .execute(params![unix_now(), summary_json])?;
        Ok(())
    }

    /// Recorded ingest runs, oldest first.
    pub fn ingest_runs(&self) -> Result<Vec<IngestRun>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT at, summary_json FROM ingest_runs ORDER BY id")?;
        let rows = stmt.query_map([], |row| {
            Ok(IngestRun {
                at: row.get(0)?,
                summary_json: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Appends one entry to an event's audit trail; the event must be stored.
    pub fn put_audit(&mut self, entry: &AuditEntry) -> Result<()> {
        let known: Option<i64> = self
            .conn
            .query_row(
                "SELECT 1 FROM events WHERE event_id = ?1",
                [&entry.event_id],
                |row| row.get(0),
            )
            .optional()?;
        if known.is_none() {
            return Err(Error::UnknownEvent(entry.event_id.clone()));
        }
        self.conn
            .prepare_cached(
                "INSERT INTO audit (event_id, at, by, field, before, after, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                entry.event_id,
                entry.at,
                entry.by,
                entry.field,
                entry.before,
                entry.after,
                entry.reason
            ])?;
        Ok(())
    }

    /// An event's audit trail, oldest first.
    pub fn audit(&self, event_id: &str) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT event_id, at, by, field, before, after, reason FROM audit
             WHERE event_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([event_id], |row| {
            Ok(AuditEntry {
                event_id: row.get(0)?,
                at: row.get(1)?,
                by: row.get(2)?,
                field: row.get(3)?,
                before: row.get(4)?,
                after: row.get(5)?,
                reason: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
