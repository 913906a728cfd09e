//! A whole store as rows, for `marsad migrate` (SQLite → PostgreSQL): what is read from one
//! backend and loaded into another. Columns that the backends derive from an event's JSON
//! (dates, windows, actors, places) are not carried: the loader derives them again.

use rusqlite::params;
use serde::Serialize;

use crate::{AuditEntry, PlaceAuditEntry, Result, SourceHealth, SqliteStore};

/// One stored revision of an article, as written.
#[derive(Debug, Clone)]
pub(crate) struct RevisionRow {
    pub article_id: String,
    pub revision: i64,
    pub content_hash: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub outlet_ar: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub text: String,
    pub removed_json: String,
    pub origin: String,
    pub ingested_at: i64,
}

/// One stored event: its id, storage order, full JSON and timestamps.
#[derive(Debug, Clone)]
pub(crate) struct EventRow {
    pub event_id: String,
    pub seq: i64,
    pub json: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A warning row: `(origin, line, article_id, message, created_at)`.
pub(crate) type WarningRow = (String, Option<i64>, Option<String>, String, i64);

/// A followed feed item: `(key, source, article_id, status, attempts, first_seen_at,
/// updated_at)`.
pub(crate) type WatchItemRow = (String, String, Option<String>, String, i64, i64, i64);

/// Every row of a store, in storage order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dump {
    /// `(id, current_revision)`.
    pub articles: Vec<(String, i64)>,
    pub revisions: Vec<RevisionRow>,
    pub warnings: Vec<WarningRow>,
    pub events: Vec<EventRow>,
    /// `(article_id, ord, kind, json)`.
    pub facts: Vec<(String, i64, String, String)>,
    /// `(name_ar, article_id, event_id or '')`.
    pub unresolved: Vec<(String, String, String)>,
    /// `(source, source_id, json)`.
    pub places: Vec<(String, String, String)>,
    /// `(at, summary_json)`.
    pub ingest_runs: Vec<(i64, String)>,
    pub audit: Vec<AuditEntry>,
    /// `(article_id, idx, event_id, json)`.
    pub reports: Vec<(String, i64, Option<String>, String)>,
    /// `(name, sha256 hash, created_at)`.
    pub tokens: Vec<(String, String, i64)>,
    pub place_audit: Vec<PlaceAuditEntry>,
    /// Followed sources (`marsad watch`), with their validators and counters.
    pub watch_sources: Vec<SourceHealth>,
    pub watch_items: Vec<WatchItemRow>,
}

/// What [`crate::Store::copy_into`] copied, table by table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CopySummary {
    /// Distinct articles.
    pub articles: u64,
    /// Article revisions (at least one per article).
    pub revisions: u64,
    /// Fused events, with their ids and timestamps.
    pub events: u64,
    /// Report-level events.
    pub reports: u64,
    /// Event audit entries.
    pub audit: u64,
    /// Place audit entries.
    pub place_audit: u64,
    /// Warnings.
    pub warnings: u64,
    /// Article facts.
    pub facts: u64,
    /// Unresolved place mentions.
    pub unresolved_places: u64,
    /// Gazetteer additions.
    pub places: u64,
    /// Ingest run summaries.
    pub ingest_runs: u64,
    /// API tokens (hashes only).
    pub tokens: u64,
    /// Followed sources (`marsad watch`).
    pub watch_sources: u64,
    /// Feed items those sources listed.
    pub watch_items: u64,
}

impl Dump {
    /// The row counts of this dump.
    pub(crate) fn summary(&self) -> CopySummary {
        let n = |len: usize| u64::try_from(len).unwrap_or(u64::MAX);
        CopySummary {
            articles: n(self.articles.len()),
            revisions: n(self.revisions.len()),
            events: n(self.events.len()),
            reports: n(self.reports.len()),
            audit: n(self.audit.len()),
            place_audit: n(self.place_audit.len()),
            warnings: n(self.warnings.len()),
            facts: n(self.facts.len()),
            unresolved_places: n(self.unresolved.len()),
            places: n(self.places.len()),
            ingest_runs: n(self.ingest_runs.len()),
            tokens: n(self.tokens.len()),
            watch_sources: n(self.watch_sources.len()),
            watch_items: n(self.watch_items.len()),
        }
    }
}

impl SqliteStore {
    /// Reads every row, in storage order. Event documents are read through
    /// [`SqliteStore::event`], so where the JSON lives is this module's no concern.
    pub(crate) fn dump(&self) -> Result<Dump> {
        let conn = &self.conn;
        let mut dump = Dump::default();
        let mut stmt = conn.prepare("SELECT id, current_revision FROM articles ORDER BY id")?;
        dump.articles = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare(
            "SELECT article_id, revision, content_hash, url, outlet, outlet_ar, title, published,
                    text, removed_json, origin, ingested_at
             FROM article_revisions ORDER BY article_id, revision",
        )?;
        dump.revisions = stmt
            .query_map([], |r| {
                Ok(RevisionRow {
                    article_id: r.get(0)?,
                    revision: r.get(1)?,
                    content_hash: r.get(2)?,
                    url: r.get(3)?,
                    outlet: r.get(4)?,
                    outlet_ar: r.get(5)?,
                    title: r.get(6)?,
                    published: r.get(7)?,
                    text: r.get(8)?,
                    removed_json: r.get(9)?,
                    origin: r.get(10)?,
                    ingested_at: r.get(11)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare(
            "SELECT origin, line, article_id, message, created_at FROM warnings ORDER BY id",
        )?;
        dump.warnings = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt =
            conn.prepare("SELECT event_id, seq, created_at, updated_at FROM events ORDER BY seq")?;
        let heads: Vec<(String, i64, i64, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (event_id, seq, created_at, updated_at) in heads {
            let Some(event) = self.event(&event_id)? else {
                continue;
            };
            dump.events.push(EventRow {
                json: crate::events::event_json(&event)?,
                event_id,
                seq,
                created_at,
                updated_at,
            });
        }
        let mut stmt = conn.prepare(
            "SELECT article_id, ord, kind, json FROM article_facts ORDER BY article_id, ord",
        )?;
        dump.facts = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare(
            "SELECT name_ar, article_id, event_id FROM unresolved_places
             ORDER BY name_ar, article_id, event_id",
        )?;
        dump.unresolved = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        dump.places = self.places_json()?;
        let mut stmt = conn.prepare("SELECT at, summary_json FROM ingest_runs ORDER BY id")?;
        dump.ingest_runs = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare(
            "SELECT event_id, at, by, field, before, after, reason FROM audit ORDER BY id",
        )?;
        dump.audit = stmt
            .query_map([], |r| {
                Ok(AuditEntry {
                    event_id: r.get(0)?,
                    at: r.get(1)?,
                    by: r.get(2)?,
                    field: r.get(3)?,
                    before: r.get(4)?,
                    after: r.get(5)?,
                    reason: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare(
            "SELECT article_id, idx, event_id, json FROM reports ORDER BY article_id, idx",
        )?;
        dump.reports = stmt
            .query_map(params![], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt =
            conn.prepare("SELECT name, hash, created_at FROM api_tokens ORDER BY name")?;
        dump.tokens = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare(
            "SELECT name_ar, at, by, field, before, after, reason FROM place_audit ORDER BY id",
        )?;
        dump.place_audit = stmt
            .query_map([], |r| {
                Ok(PlaceAuditEntry {
                    name_ar: r.get(0)?,
                    at: r.get(1)?,
                    by: r.get(2)?,
                    field: r.get(3)?,
                    before: r.get(4)?,
                    after: r.get(5)?,
                    reason: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        dump.watch_sources = self.sources_health()?;
        let mut stmt = conn.prepare(
            "SELECT key, source, article_id, status, attempts, first_seen_at, updated_at
             FROM watch_items ORDER BY key",
        )?;
        dump.watch_items = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(dump)
    }
}
