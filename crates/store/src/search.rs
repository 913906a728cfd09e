//! Full-text search over articles and events with SQLite FTS5. The store never reads Arabic:
//! callers hand it documents and queries already normalized and folded into terms (the server
//! uses `marsad_text`), and it renders queries into FTS5 syntax with every term quoted.
//!
//! Triggers queue every written event and article in `search_pending`; an indexer reads
//! [`Store::pending_search_documents`] and writes each document back with
//! [`Store::index_article`] / [`Store::index_event`], which also dequeues it.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::{Result, SqliteStore};

/// A query: every group must match; a group matches when one of its phrases does; a phrase is
/// a sequence of terms that must appear in order. `[[["داعش"], ["تنظيم", "دوله"]], [["رقه"]]]`
/// reads "(داعش OR "تنظيم دوله") AND رقه".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// The groups, all required.
    pub groups: Vec<Vec<Vec<String>>>,
}

impl SearchQuery {
    /// Whether no group has a term (such a query matches nothing).
    pub fn is_empty(&self) -> bool {
        !self
            .groups
            .iter()
            .flatten()
            .any(|phrase| phrase.iter().any(|t| !t.is_empty()))
    }

    /// FTS5 syntax with each term double-quoted (quotes inside doubled), so no input can
    /// reach FTS5's operators. An empty query renders as a phrase no document contains.
    pub fn to_fts5(&self) -> String {
        let groups: Vec<String> = self
            .groups
            .iter()
            .filter_map(|group| {
                let phrases: Vec<String> = group
                    .iter()
                    .filter_map(|phrase| {
                        let terms: Vec<String> = phrase
                            .iter()
                            .filter(|t| !t.is_empty())
                            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
                            .collect();
                        (!terms.is_empty()).then(|| terms.join(" + "))
                    })
                    .collect();
                (!phrases.is_empty()).then(|| format!("({})", phrases.join(" OR ")))
            })
            .collect();
        if groups.is_empty() {
            "\"\u{1}\"".to_string()
        } else {
            groups.join(" AND ")
        }
    }
}

/// Which kind of document waits in the search queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// An article (its current revision).
    Article,
    /// An event.
    Event,
}

/// A document written since it was last indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingDocument {
    /// Article or event.
    pub kind: DocumentKind,
    /// Its id.
    pub id: String,
}

/// A search hit: the document id and its BM25 rank (higher is better).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// Article or event id.
    pub id: String,
    /// Relevance, higher first.
    pub score: f64,
}

/// How many of a query's newest matches (by storage order) are ranked by relevance. BM25
/// costs per match; a query matching more than this is one whose words are nearly everywhere
/// (their weight near zero), where the newest stored documents are the better pool. Ranking
/// 2,000 of 100,000 matches takes ~13 ms instead of ~130 ms.
pub const RANKED_MATCHES: usize = 2000;

impl SqliteStore {
    /// Up to `limit` documents waiting to be indexed, oldest kinds first.
    pub fn pending_search_documents(&self, limit: usize) -> Result<Vec<PendingDocument>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, id FROM search_pending ORDER BY kind, id LIMIT ?1")?;
        let rows = stmt.query_map([limit], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (kind, id) = row?;
            let kind = if kind == "article" {
                DocumentKind::Article
            } else {
                DocumentKind::Event
            };
            out.push(PendingDocument { kind, id });
        }
        Ok(out)
    }

    /// How many documents wait to be indexed.
    pub fn pending_search_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM search_pending", [], |row| row.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The version the search index was last rebuilt for; `None` before the first.
    pub fn search_index_version(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM search_settings WHERE key = 'version'",
                [],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Queues every article and event for indexing and records `version`, in one savepoint.
    pub fn queue_search_rebuild(&mut self, version: &str) -> Result<()> {
        let sp = self.conn.savepoint()?;
        sp.execute_batch(
            "INSERT OR IGNORE INTO search_pending (kind, id) SELECT 'event', event_id FROM events;
             INSERT OR IGNORE INTO search_pending (kind, id) SELECT 'article', id FROM articles;",
        )?;
        sp.execute(
            "INSERT INTO search_settings (key, value) VALUES ('version', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [version],
        )?;
        sp.commit()?;
        Ok(())
    }

    /// Indexes an article's folded title and body terms (space-separated), replacing what was
    /// indexed for it, and takes it off the queue. An unknown id is only dequeued.
    pub fn index_article(&mut self, id: &str, title_terms: &str, body_terms: &str) -> Result<()> {
        let sp = self.conn.savepoint()?;
        let rowid: Option<i64> = sp
            .query_row("SELECT rowid FROM articles WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?;
        if let Some(rowid) = rowid {
            sp.prepare_cached("DELETE FROM article_search WHERE rowid = ?1")?
                .execute([rowid])?;
            sp.prepare_cached(
                "INSERT INTO article_search (rowid, title, body) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![rowid, title_terms, body_terms])?;
        }
        sp.prepare_cached("DELETE FROM search_pending WHERE kind = 'article' AND id = ?1")?
            .execute([id])?;
        sp.commit()?;
        Ok(())
    }

    /// Indexes an event's folded terms, replacing what was indexed for it, and takes it off
    /// the queue. An unknown id is only dequeued.
    pub fn index_event(&mut self, id: &str, terms: &str) -> Result<()> {
        let sp = self.conn.savepoint()?;
        let seq: Option<i64> = sp
            .query_row("SELECT seq FROM events WHERE event_id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?;
        if let Some(seq) = seq {
            sp.prepare_cached("DELETE FROM event_search WHERE rowid = ?1")?
                .execute([seq])?;
            sp.prepare_cached("INSERT INTO event_search (rowid, body) VALUES (?1, ?2)")?
                .execute(params![seq, terms])?;
        }
        sp.prepare_cached("DELETE FROM search_pending WHERE kind = 'event' AND id = ?1")?
            .execute([id])?;
        sp.commit()?;
        Ok(())
    }

    /// Articles matching `query`, best first (title matches weigh three times the body), from
    /// the newest [`RANKED_MATCHES`] matches.
    pub fn search_articles(&self, query: &SearchQuery, limit: usize) -> Result<Vec<SearchHit>> {
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let pool = i64::try_from(RANKED_MATCHES).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, -bm25(article_search, 3.0, 1.0) AS score
             FROM article_search JOIN articles a ON a.rowid = article_search.rowid
             WHERE article_search MATCH ?1
               AND article_search.rowid >= (
                   SELECT COALESCE(MIN(rowid), 0) FROM (
                       SELECT rowid FROM article_search WHERE article_search MATCH ?1
                       ORDER BY rowid DESC LIMIT ?3))
             ORDER BY score DESC, a.id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![query.to_fts5(), limit, pool], |row| {
            Ok(SearchHit {
                id: row.get(0)?,
                score: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Events matching `query`, best first, from the newest [`RANKED_MATCHES`] matches;
    /// rejected events only when `include_rejected`.
    pub fn search_events(
        &self,
        query: &SearchQuery,
        include_rejected: bool,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let pool = i64::try_from(RANKED_MATCHES).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.event_id, -bm25(event_search) AS score
             FROM event_search JOIN events e ON e.seq = event_search.rowid
             WHERE event_search MATCH ?1
               AND event_search.rowid >= (
                   SELECT COALESCE(MIN(rowid), 0) FROM (
                       SELECT rowid FROM event_search WHERE event_search MATCH ?1
                       ORDER BY rowid DESC LIMIT ?4))
               AND (?2 OR e.review_status <> 'rejected')
             ORDER BY score DESC, e.seq LIMIT ?3",
        )?;
        let rows = stmt.query_map(
            params![query.to_fts5(), include_rejected, limit, pool],
            |row| {
                Ok(SearchHit {
                    id: row.get(0)?,
                    score: row.get(1)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
