//! Followed sources (`marsad watch`): each source's conditional-GET validators and health, and
//! every feed item seen, so a restarted watcher fetches nothing twice.

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use crate::{unix_now, Result, SqliteStore};

/// One followed source's state and health, as `marsad sources` and `GET /api/sources` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceHealth {
    /// The source's name in `sources.toml`.
    pub name: String,
    /// Its feed (or list page) URL.
    pub url: String,
    /// `ETag` of the last full response, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// `Last-Modified` of the last full response, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// Unix seconds of the last poll (success or failure).
    pub last_poll_at: Option<i64>,
    /// Unix seconds of the last successful poll (a 304 counts).
    pub last_success_at: Option<i64>,
    /// Unix seconds of the last error (a failed poll or a failed article page).
    pub last_error_at: Option<i64>,
    /// The last error, as a message.
    pub last_error: Option<String>,
    /// Polls failed in a row (0 after a success).
    pub consecutive_failures: u32,
    /// Polls recorded.
    pub polls: u64,
    /// Distinct items (article URLs) seen in the source's feed.
    pub items_seen: u64,
    /// Articles stored new from this source.
    pub items_new: u64,
    /// Article pages that could not be fetched (the feed's own text was used, or the item
    /// waits for a retry).
    pub pages_failed: u64,
}

/// What became of one feed item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WatchItem {
    /// The canonical article URL, or `feed:<source>:<item id>` for an item without a link.
    pub key: String,
    /// The source that listed it first.
    pub source: String,
    /// The article stored for it, if any.
    pub article_id: Option<String>,
    /// `page` (the page's text stored), `feed` (the feed item's own text stored), `duplicate`
    /// (its text was already stored), `empty` (no text anywhere), `retry` (its page failed and
    /// it had no text of its own: tried again next poll) or `failed` (given up).
    pub status: String,
    /// Times its page was tried.
    pub attempts: u32,
}

impl WatchItem {
    /// Whether the item needs no more work (any status but `retry`).
    pub fn is_settled(&self) -> bool {
        self.status != "retry"
    }
}

const SOURCE_COLUMNS: &str = "name, url, etag, last_modified, last_poll_at, last_success_at, \
     last_error_at, last_error, consecutive_failures, polls, items_seen, items_new, pages_failed";

fn source_row(row: &Row) -> rusqlite::Result<SourceHealth> {
    let count = |i: usize| -> rusqlite::Result<u64> {
        Ok(u64::try_from(row.get::<_, i64>(i)?).unwrap_or(0))
    };
    Ok(SourceHealth {
        name: row.get(0)?,
        url: row.get(1)?,
        etag: row.get(2)?,
        last_modified: row.get(3)?,
        last_poll_at: row.get(4)?,
        last_success_at: row.get(5)?,
        last_error_at: row.get(6)?,
        last_error: row.get(7)?,
        consecutive_failures: u32::try_from(row.get::<_, i64>(8)?).unwrap_or(u32::MAX),
        polls: count(9)?,
        items_seen: count(10)?,
        items_new: count(11)?,
        pages_failed: count(12)?,
    })
}

impl SqliteStore {
    /// Adds a followed source, or updates its URL; its state and counters are kept.
    pub fn register_source(&mut self, name: &str, url: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO watch_sources (name, url) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET url = excluded.url",
            )?
            .execute(params![name, url])?;
        Ok(())
    }

    /// One source's state and health; `None` if never registered.
    pub fn source_health(&self, name: &str) -> Result<Option<SourceHealth>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {SOURCE_COLUMNS} FROM watch_sources WHERE name = ?1"
            ))?
            .query_row([name], source_row)
            .optional()?)
    }

    /// Every registered source's state and health, by name.
    pub fn sources_health(&self) -> Result<Vec<SourceHealth>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SOURCE_COLUMNS} FROM watch_sources ORDER BY name"
        ))?;
        let rows = stmt.query_map([], source_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Records a successful poll (a 304 included): the validators to send next time, the
    /// failure streak reset.
    pub fn record_poll_success(
        &mut self,
        name: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE watch_sources SET etag = ?2, last_modified = ?3, last_poll_at = ?4,
                     last_success_at = ?4, consecutive_failures = 0, polls = polls + 1
                 WHERE name = ?1",
            )?
            .execute(params![name, etag, last_modified, unix_now()])?;
        Ok(())
    }

    /// Records a failed poll: the error, one more failure in a row.
    pub fn record_poll_failure(&mut self, name: &str, error: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE watch_sources SET last_poll_at = ?3, last_error_at = ?3, last_error = ?2,
                     consecutive_failures = consecutive_failures + 1, polls = polls + 1
                 WHERE name = ?1",
            )?
            .execute(params![name, error, unix_now()])?;
        Ok(())
    }

    /// What became of an item, by key; `None` if never seen.
    pub fn watch_item(&self, key: &str) -> Result<Option<WatchItem>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT key, source, article_id, status, attempts FROM watch_items WHERE key = ?1",
            )?
            .query_row([key], |row| {
                Ok(WatchItem {
                    key: row.get(0)?,
                    source: row.get(1)?,
                    article_id: row.get(2)?,
                    status: row.get(3)?,
                    attempts: u32::try_from(row.get::<_, i64>(4)?).unwrap_or(u32::MAX),
                })
            })
            .optional()?)
    }

    /// Records what became of an item and counts it on its source: seen (the first time its
    /// key is recorded), new (`new_article`: an article was stored new for it) and, with
    /// `page_error`, a failed page (the error becomes the source's last error).
    pub fn record_item(
        &mut self,
        item: &WatchItem,
        new_article: bool,
        page_error: Option<&str>,
    ) -> Result<()> {
        let now = unix_now();
        let sp = self.conn.savepoint()?;
        let known: Option<i64> = sp
            .query_row(
                "SELECT 1 FROM watch_items WHERE key = ?1",
                [&item.key],
                |row| row.get(0),
            )
            .optional()?;
        sp.execute(
            "INSERT INTO watch_items (key, source, article_id, status, attempts, first_seen_at,
                 updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
             ON CONFLICT (key) DO UPDATE SET article_id = excluded.article_id,
                 status = excluded.status, attempts = excluded.attempts,
                 updated_at = excluded.updated_at",
            params![
                item.key,
                item.source,
                item.article_id,
                item.status,
                i64::from(item.attempts),
                now
            ],
        )?;
        sp.execute(
            "UPDATE watch_sources SET items_seen = items_seen + ?2, items_new = items_new + ?3,
                 pages_failed = pages_failed + ?4,
                 last_error = COALESCE(?5, last_error),
                 last_error_at = CASE WHEN ?5 IS NULL THEN last_error_at ELSE ?6 END
             WHERE name = ?1",
            params![
                item.source,
                i64::from(known.is_none()),
                i64::from(new_article),
                i64::from(page_error.is_some()),
                page_error,
                now
            ],
        )?;
        sp.commit()?;
        Ok(())
    }
}

/// The same statements on PostgreSQL (`pg.rs` forwards its [`crate::backend::Backend`]
/// methods here; writes run inside its write transaction).
pub(crate) mod pg {
    use postgres::{Client, Row};

    use super::{SourceHealth, WatchItem, SOURCE_COLUMNS};
    use crate::{unix_now, Result};

    fn count(row: &Row, i: usize) -> Result<u64> {
        Ok(u64::try_from(row.try_get::<_, i64>(i)?).unwrap_or(0))
    }

    fn source_row(row: &Row) -> Result<SourceHealth> {
        Ok(SourceHealth {
            name: row.try_get(0)?,
            url: row.try_get(1)?,
            etag: row.try_get(2)?,
            last_modified: row.try_get(3)?,
            last_poll_at: row.try_get(4)?,
            last_success_at: row.try_get(5)?,
            last_error_at: row.try_get(6)?,
            last_error: row.try_get(7)?,
            consecutive_failures: u32::try_from(row.try_get::<_, i64>(8)?).unwrap_or(u32::MAX),
            polls: count(row, 9)?,
            items_seen: count(row, 10)?,
            items_new: count(row, 11)?,
            pages_failed: count(row, 12)?,
        })
    }

    pub(crate) fn register_source(c: &mut Client, name: &str, url: &str) -> Result<()> {
        c.execute(
            "INSERT INTO watch_sources (name, url) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET url = excluded.url",
            &[&name, &url],
        )?;
        Ok(())
    }

    pub(crate) fn source_health(c: &mut Client, name: &str) -> Result<Option<SourceHealth>> {
        c.query_opt(
            &format!("SELECT {SOURCE_COLUMNS} FROM watch_sources WHERE name = $1"),
            &[&name],
        )?
        .as_ref()
        .map(source_row)
        .transpose()
    }

    pub(crate) fn sources_health(c: &mut Client) -> Result<Vec<SourceHealth>> {
        c.query(
            &format!("SELECT {SOURCE_COLUMNS} FROM watch_sources ORDER BY name"),
            &[],
        )?
        .iter()
        .map(source_row)
        .collect()
    }

    pub(crate) fn record_poll_success(
        c: &mut Client,
        name: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<()> {
        c.execute(
            "UPDATE watch_sources SET etag = $2, last_modified = $3, last_poll_at = $4,
                 last_success_at = $4, consecutive_failures = 0, polls = polls + 1
             WHERE name = $1",
            &[&name, &etag, &last_modified, &unix_now()],
        )?;
        Ok(())
    }

    pub(crate) fn record_poll_failure(c: &mut Client, name: &str, error: &str) -> Result<()> {
        c.execute(
            "UPDATE watch_sources SET last_poll_at = $3, last_error_at = $3, last_error = $2,
                 consecutive_failures = consecutive_failures + 1, polls = polls + 1
             WHERE name = $1",
            &[&name, &error, &unix_now()],
        )?;
        Ok(())
    }

    pub(crate) fn watch_item(c: &mut Client, key: &str) -> Result<Option<WatchItem>> {
        c.query_opt(
            "SELECT key, source, article_id, status, attempts FROM watch_items WHERE key = $1",
            &[&key],
        )?
        .map(|row| {
            Ok(WatchItem {
                key: row.try_get(0)?,
                source: row.try_get(1)?,
                article_id: row.try_get(2)?,
                status: row.try_get(3)?,
                attempts: u32::try_from(row.try_get::<_, i64>(4)?).unwrap_or(u32::MAX),
            })
        })
        .transpose()
    }

    pub(crate) fn record_item(
        c: &mut Client,
        item: &WatchItem,
        new_article: bool,
        page_error: Option<&str>,
    ) -> Result<()> {
        let now = unix_now();
        let known = c
            .query_opt("SELECT 1 FROM watch_items WHERE key = $1", &[&item.key])?
            .is_some();
        c.execute(
            "INSERT INTO watch_items (key, source, article_id, status, attempts, first_seen_at,
                 updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             ON CONFLICT (key) DO UPDATE SET article_id = excluded.article_id,
                 status = excluded.status, attempts = excluded.attempts,
                 updated_at = excluded.updated_at",
            &[
                &item.key,
                &item.source,
                &item.article_id,
                &item.status,
                &i64::from(item.attempts),
                &now,
            ],
        )?;
        c.execute(
            "UPDATE watch_sources SET items_seen = items_seen + $2, items_new = items_new + $3,
                 pages_failed = pages_failed + $4,
                 last_error = COALESCE($5, last_error),
                 last_error_at = CASE WHEN $5::TEXT IS NULL THEN last_error_at ELSE $6 END
             WHERE name = $1",
            &[
                &item.source,
                &i64::from(!known),
                &i64::from(new_article),
                &i64::from(page_error.is_some()),
                &page_error,
                &now,
            ],
        )?;
        Ok(())
    }
}
