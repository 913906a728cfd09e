//! Persistence: articles with revisions, events, evidence, warnings, gazetteer additions, review
//! and audit, in embedded SQLite (WAL).
//!
//! Owns: the schema and every SQL statement (all parameters bound). Must never: parse Arabic or
//! code events.
//!
//! One [`Store`] wraps one SQLite connection or one PostgreSQL session (see [`Store::open`]).
//! Open several stores on the same file for concurrent readers; WAL mode lets them read while
//! one writes. On PostgreSQL every write transaction takes one advisory lock, so writers take
//! turns exactly as they do on SQLite while readers never wait.

#![warn(missing_docs)]

mod articles;
mod backend;
mod dump;
mod error;
mod events;
mod pg;
mod pg_query;
mod query;
mod records;
mod reports;
mod review;
mod schema;
mod search;
mod sources;
#[cfg(feature = "test-support")]
pub mod testing;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};

pub use articles::{content_hash, ArticleOutcome, ArticleSummary};
pub use backend::Store;
pub use dump::CopySummary;
pub use error::{Error, Result};
pub use events::{date_slack_days, EventFilter, MAX_DATE_SLACK_DAYS};
pub use query::{EventPage, EventQuery, EventSort, StoredEvent, WeekCount};
pub use records::{AuditEntry, IngestRun, UnresolvedPlace};
pub use reports::Report;
pub use review::{PlaceAuditEntry, TokenInfo};
pub use search::{DocumentKind, PendingDocument, SearchHit, SearchQuery};
pub use sources::{SourceHealth, WatchItem};

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 128;

/// How long a writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The embedded backend: one SQLite connection with the schema applied. [`Store`] wraps it.
#[derive(Debug)]
pub(crate) struct SqliteStore {
    conn: Connection,
    /// Totals of recent listings, valid while nothing in the store changes.
    totals: std::cell::RefCell<query::TotalCache>,
    /// Reports already parsed, by their JSON text (see [`reports::ParsedReports`]).
    parsed_reports: std::cell::RefCell<reports::ParsedReports>,
}

impl SqliteStore {
    /// Opens (creating if needed) a store at `path`: WAL mode, synchronous=NORMAL, foreign keys
    /// on, a busy timeout, migrations applied.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path).map_err(|source| Error::Open {
            path: path.to_path_buf(),
            source,
        })?;
        SqliteStore::configure(conn).map_err(|err| match err {
            Error::Sqlite(source) => Error::Open {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        })
    }

    /// A fresh store in memory (tests, `marsad inspect`); gone when dropped.
    pub fn open_in_memory() -> Result<SqliteStore> {
        SqliteStore::configure(Connection::open_in_memory()?)
    }

    fn configure(conn: Connection) -> Result<SqliteStore> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Ingest alone runs some forty cached statements per article: rusqlite's default
        // cache of 16 would evict and re-prepare them in turn.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // journal_mode answers with a row; in-memory databases answer "memory".
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        // 16 MB of page cache instead of SQLite's 2 MB: fusion reads the reports and events of
        // the same few weeks for every article, which then stay in memory.
        conn.execute_batch("PRAGMA cache_size = -16384;")?;
        let mut store = SqliteStore {
            conn,
            totals: Default::default(),
            parsed_reports: Default::default(),
        };
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// Runs `ANALYZE` (keeping row counts, not value samples) when the events table has no
    /// statistics yet (from 1,000 events) or has grown or shrunk by a quarter since.
    pub fn refresh_planner_statistics(&mut self) -> Result<bool> {
        let rows: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM events", [], |row| row.get(0))?;
        let has_stats: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1')",
            [],
            |row| row.get(0),
        )?;
        let recorded: Option<i64> = if has_stats {
            self.conn
                .query_row(
                    "SELECT stat FROM sqlite_stat1 WHERE tbl = 'events' AND idx = 'events_event_date'",
                    [],
                    |row| row.get::<_, String>(0),
                )
                .optional()?
                .and_then(|stat| stat.split(' ').next()?.parse().ok())
        } else {
            None
        };
        let stale = match recorded {
            None => rows >= 1000,
            Some(then) => rows * 4 > then * 5 || rows * 5 < then * 4,
        };
        if stale {
            self.conn.execute_batch("ANALYZE")?;
            // Row counts only (sqlite_stat1): with STAT4 samples (bundled SQLite has them),
            // every statement binding a new value to a compared column is planned again on each
            // run, and a text list spent two thirds of its 40 ms re-preparing (13 ms without).
            let has_samples: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4')",
                [],
                |row| row.get(0),
            )?;
            if has_samples {
                self.conn
                    .execute_batch("DELETE FROM sqlite_stat4; ANALYZE sqlite_schema;")?;
            }
        }
        Ok(stale)
    }

    /// SQLite's journal mode for this connection (`wal` for a file store).
    pub fn journal_mode(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))?)
    }

    /// The schema version this store is at (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// Starts a write transaction (`BEGIN IMMEDIATE`), so "one article + its events" lands
    /// atomically. Dropping the store before [`SqliteStore::commit`] discards everything since.
    pub fn begin(&mut self) -> Result<()> {
        if !self.conn.is_autocommit() {
            return Err(Error::TransactionActive);
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    /// Commits the transaction opened by [`SqliteStore::begin`].
    pub fn commit(&mut self) -> Result<()> {
        if self.conn.is_autocommit() {
            return Err(Error::NoTransaction);
        }
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    /// Discards the transaction opened by [`SqliteStore::begin`].
    pub fn rollback(&mut self) -> Result<()> {
        if self.conn.is_autocommit() {
            return Err(Error::NoTransaction);
        }
        self.conn.execute_batch("ROLLBACK")?;
        Ok(())
    }

    /// Whether a transaction opened by [`SqliteStore::begin`] is still open.
    pub fn in_transaction(&self) -> bool {
        !self.conn.is_autocommit()
    }
}

/// Unix seconds now (0 if the clock is before 1970).
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
