//! The public [`Store`]: one trait, [`Backend`], with two implementations, the embedded SQLite
//! store ([`SqliteStore`]) and PostgreSQL ([`PgStore`]). Callers (pipeline, server, cli) see
//! only `Store`, whose methods forward to the backend it was opened on.
//!
//! Every public store method is listed once, in the `store_api!` call below: the macro writes
//! the trait, the forwarding `Store` methods and the SQLite implementation (which calls the
//! SQLite inherent method of the same name). A new store method goes there, in the SQLite
//! files, and in `pg.rs`.

use std::path::Path;

use chrono::NaiveDate;
use marsad_model::{Article, ArticleFact, Event, ReviewStatus, Warning};

use crate::dump::{CopySummary, Dump};
use crate::pg::PgStore;
use crate::{
    ArticleOutcome, ArticleSummary, AuditEntry, Error, EventFilter, EventPage, EventQuery,
    IngestRun, PendingDocument, PlaceAuditEntry, Report, Result, SearchHit, SearchQuery,
    SourceHealth, SqliteStore, TokenInfo, UnresolvedPlace, WatchItem, WeekCount,
};

macro_rules! store_api {
    (
        reads { $( $(#[$rdoc:meta])* fn $r:ident($($ra:ident: $rt:ty),*) -> $rr:ty; )* }
        writes { $( $(#[$wdoc:meta])* fn $w:ident($($wa:ident: $wt:ty),*) -> $wr:ty; )* }
    ) => {
        /// What a storage engine must do to back a [`Store`]: the SQLite and the PostgreSQL
        /// implementations behave the same (one test suite runs against both).
        pub(crate) trait Backend: Send {
            $( fn $r(&self $(, $ra: $rt)*) -> $rr; )*
            $( fn $w(&mut self $(, $wa: $wt)*) -> $wr; )*
            /// Every row of the store, for `marsad migrate`.
            fn dump(&self) -> Result<Dump>;
            /// Loads a dump into this (empty) store.
            fn load(&mut self, dump: &Dump) -> Result<CopySummary>;
            /// `sqlite` or `postgres`.
            fn kind(&self) -> &'static str;
        }

        impl Backend for SqliteStore {
            $( fn $r(&self $(, $ra: $rt)*) -> $rr { SqliteStore::$r(self $(, $ra)*) } )*
            $( fn $w(&mut self $(, $wa: $wt)*) -> $wr { SqliteStore::$w(self $(, $wa)*) } )*
            fn dump(&self) -> Result<Dump> {
                SqliteStore::dump(self)
            }
            fn load(&mut self, _dump: &Dump) -> Result<CopySummary> {
                Err(Error::Unsupported(
                    "copying into a SQLite store; copy from SQLite into PostgreSQL".to_string(),
                ))
            }
            fn kind(&self) -> &'static str {
                "sqlite"
            }
        }

        impl Store {
            $( $(#[$rdoc])* pub fn $r(&self $(, $ra: $rt)*) -> $rr { self.backend.$r($($ra),*) } )*
            $( $(#[$wdoc])* pub fn $w(&mut self $(, $wa: $wt)*) -> $wr { self.backend.$w($($wa),*) } )*
        }
    };
}

/// The marsad database: the embedded SQLite file or a shared PostgreSQL database, with the
/// same behaviour behind the same methods.
pub struct Store {
    backend: Box<dyn Backend>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend.kind())
            .finish()
    }
}

/// Whether a `--db` value names a PostgreSQL database.
fn is_postgres_url(target: &str) -> bool {
    target.starts_with("postgres://") || target.starts_with("postgresql://")
}

impl Store {
    /// Opens (creating if needed) the store at `path`. A path (or `sqlite://PATH`) is an
    /// embedded SQLite file: WAL mode, synchronous=NORMAL, foreign keys on, a busy timeout.
    /// A `postgres://` or `postgresql://` URL connects to PostgreSQL. Migrations are applied
    /// either way. A PostgreSQL store blocks on a runtime of its own: from async code, call it
    /// on a blocking thread (`spawn_blocking`), as the server does.
    pub fn open(path: &Path) -> Result<Store> {
        match path.to_str() {
            Some(target) => Store::open_target(target),
            None => Ok(Store::from_backend(SqliteStore::open(path)?)),
        }
    }

    /// Opens a store named as `--db` names it: `PATH`, `sqlite://PATH` or a PostgreSQL URL
    /// (`postgres://user@host:5432/db`).
    pub fn open_target(target: &str) -> Result<Store> {
        if is_postgres_url(target) {
            return Ok(Store::from_backend(PgStore::connect(target)?));
        }
        let path = target.strip_prefix("sqlite://").unwrap_or(target);
        Ok(Store::from_backend(SqliteStore::open(Path::new(path))?))
    }

    /// A fresh SQLite store in memory (tests, `marsad inspect`); gone when dropped.
    pub fn open_in_memory() -> Result<Store> {
        Ok(Store::from_backend(SqliteStore::open_in_memory()?))
    }

    fn from_backend(backend: impl Backend + 'static) -> Store {
        Store {
            backend: Box::new(backend),
        }
    }

    /// Which engine holds this store: `sqlite` or `postgres`.
    pub fn backend_kind(&self) -> &'static str {
        self.backend.kind()
    }

    /// Copies every row of this store (articles with all revisions, events with their ids and
    /// timestamps, reports, warnings, facts, places, ingest runs, the event and place audit
    /// trails, API token hashes) into `target`, which must be an empty PostgreSQL store. The
    /// search index is rebuilt there: every article and event is queued for indexing.
    pub fn copy_into(&self, target: &mut Store) -> Result<CopySummary> {
        let dump = self.backend.dump()?;
        target.backend.load(&dump)
    }
}

store_api! {
    reads {
        /// The journal mode: `wal` for a SQLite file, `postgresql` for PostgreSQL.
        fn journal_mode() -> Result<String>;
        /// How many migrations this store has run.
        fn schema_version() -> Result<i64>;
        /// Whether a transaction opened by [`Store::begin`] is still open.
        fn in_transaction() -> bool;
        /// The latest revision of an article, with its removed lines; `None` if never stored.
        fn article(id: &str) -> Result<Option<Article>>;
        /// Every stored revision of an article, oldest first (empty if never stored).
        fn article_revisions(id: &str) -> Result<Vec<Article>>;
        /// One summary per stored article (latest metadata, revision and warning counts), by id.
        fn articles() -> Result<Vec<ArticleSummary>>;
        /// How many distinct articles are stored (revisions not counted).
        fn article_count() -> Result<u64>;
        /// One stored event by id.
        fn event(event_id: &str) -> Result<Option<Event>>;
        /// Unix seconds of an event's last change (ACLED's `timestamp`).
        fn event_timestamp(event_id: &str) -> Result<Option<i64>>;
        /// The fusion candidate search: events whose window `[event_date - slack, event_date +
        /// slack]` (see [`crate::date_slack_days`]) meets `[from, to]` (empty if `from > to`),
        /// rejected ones included (a rejected event reported again must not come back as new).
        fn events_between(from: NaiveDate, to: NaiveDate) -> Result<Vec<Event>>;
        /// Filtered listing for export and the API, ordered by `event_date` then id, with
        /// `limit`/`offset` applied.
        fn events(filter: &EventFilter) -> Result<Vec<Event>>;
        /// How many events [`Store::events`] would list without `limit` and `offset`.
        fn event_count(filter: &EventFilter) -> Result<u64>;
        /// Ids of the events that cite an article (in `sources` or `evidence`), in id order.
        fn events_for_article(article_id: &str) -> Result<Vec<String>>;
        /// One page of events matching `query`, in its order, with the total and the next
        /// page's cursor. A cursor from another order or not from this store gives
        /// [`Error::InvalidCursor`].
        fn query_events(query: &EventQuery) -> Result<EventPage>;
        /// Events and deaths per week (Monday) × governorate × event type for the events
        /// matching `query` (its order, cursor and limit are ignored), oldest week first.
        fn week_counts(query: &EventQuery) -> Result<Vec<WeekCount>>;
        /// The last-change time of an event, and its current review status; `None` if unknown.
        fn event_review_state(event_id: &str) -> Result<Option<(i64, ReviewStatus)>>;
        /// Warnings in the order recorded: all of them, or those naming one article.
        fn warnings(article_id: Option<&str>) -> Result<Vec<Warning>>;
        /// Stored facts with their article id, by article then order given: one article's or all.
        fn facts(article_id: Option<&str>) -> Result<Vec<(String, ArticleFact)>>;
        /// Unresolved names, most mentioned first, then by name.
        fn unresolved_places() -> Result<Vec<UnresolvedPlace>>;
        /// Every stored gazetteer addition as `(source, source_id, json)`, by source then id.
        fn places_json() -> Result<Vec<(String, String, String)>>;
        /// Recorded ingest runs, oldest first.
        fn ingest_runs() -> Result<Vec<IngestRun>>;
        /// An event's audit trail, oldest first.
        fn audit(event_id: &str) -> Result<Vec<AuditEntry>>;
        /// The fused events an article's reports belong to.
        fn report_event_ids(article_id: &str) -> Result<Vec<String>>;
        /// Reports whose date windows intersect `[from, to]`, in governorates `admin1_pcodes`
        /// or with none, and every other report of the fused events those belong to.
        fn reports_near(from: NaiveDate, to: NaiveDate, admin1_pcodes: &[String]) -> Result<Vec<Report>>;
        /// The name of the token whose secret this is, or `None`. Every stored hash is
        /// compared in constant time, so timing tells nothing about near misses.
        fn token_name(secret: &str) -> Result<Option<String>>;
        /// Every token, by name (secrets are never stored, so never listed).
        fn tokens() -> Result<Vec<TokenInfo>>;
        /// Ids of the stored events placed at `location_ar` (rejected ones included), by id.
        fn events_at_place(location_ar: &str) -> Result<Vec<String>>;
        /// A place's audit trail, oldest first.
        fn place_audit(name_ar: &str) -> Result<Vec<PlaceAuditEntry>>;
        /// Up to `limit` documents waiting to be indexed, oldest kinds first.
        fn pending_search_documents(limit: usize) -> Result<Vec<PendingDocument>>;
        /// How many documents wait to be indexed.
        fn pending_search_count() -> Result<u64>;
        /// The version the search index was last rebuilt for ([`Store::queue_search_rebuild`]);
        /// `None` before the first.
        fn search_index_version() -> Result<Option<String>>;
        /// Articles matching `query`, best first (title matches weigh three times the body).
        fn search_articles(query: &SearchQuery, limit: usize) -> Result<Vec<SearchHit>>;
        /// Events matching `query`, best first; rejected events only when `include_rejected`.
        fn search_events(query: &SearchQuery, include_rejected: bool, limit: usize) -> Result<Vec<SearchHit>>;
        /// One followed source's state and health (`marsad watch`); `None` if never registered.
        fn source_health(name: &str) -> Result<Option<SourceHealth>>;
        /// Every registered source's state and health, by name.
        fn sources_health() -> Result<Vec<SourceHealth>>;
        /// What became of a feed item, by key (canonical URL); `None` if never seen.
        fn watch_item(key: &str) -> Result<Option<WatchItem>>;
    }
    writes {
        /// Starts a write transaction, so "one article + its events" lands atomically.
        /// Writers take turns (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: one transaction-level
        /// advisory lock); readers never wait. Dropping the store before [`Store::commit`]
        /// discards everything since.
        fn begin() -> Result<()>;
        /// Commits the transaction opened by [`Store::begin`].
        fn commit() -> Result<()>;
        /// Discards the transaction opened by [`Store::begin`].
        fn rollback() -> Result<()>;
        /// Stores an article idempotently. Same id and same text (see [`crate::content_hash`])
        /// gives `Duplicate`; the same text under another id also gives `Duplicate` (content
        /// dedup) unless the text is blank; same id with a changed text gives `Revised` (a new
        /// revision, the old kept); anything else `New`.
        fn put_article(article: &Article) -> Result<ArticleOutcome>;
        /// Stores a new event under the next id (`SYR-000001`, `SYR-000002`, ...) and returns
        /// the id; any `event_id` already on `event` is ignored. Dates outside years 1–9999
        /// are refused.
        fn insert_event(event: &Event) -> Result<String>;
        /// Replaces the stored event with the same `event_id` and bumps its `updated_at`
        /// (ACLED's timestamp): to now, and always past the previous value. Errors with
        /// [`Error::UnknownEvent`] if not stored.
        fn update_event(event: &Event) -> Result<()>;
        /// Records a warning (bad input, missing date...).
        fn put_warning(w: &Warning) -> Result<()>;
        /// Replaces an article's facts (aggregates, background, threats) with `facts`.
        fn put_facts(article_id: &str, facts: &[ArticleFact]) -> Result<()>;
        /// Records a place name the gazetteer did not resolve (`الطيانة` in article `a1`).
        /// Idempotent: the same name, article and event count once.
        fn put_unresolved_place(name_ar: &str, article_id: &str, event_id: Option<&str>) -> Result<()>;
        /// Adds or replaces gazetteer places from one source (`open-syria`, `geonames`,
        /// `analyst`), keyed by their id in that source. Each JSON must parse; returns how many
        /// rows were written.
        fn put_places_json(source: &str, rows: &[(String, String)]) -> Result<usize>;
        /// Records one ingest run's summary (a JSON object), stamped now.
        fn put_ingest_run(summary_json: &str) -> Result<()>;
        /// Appends one entry to an event's audit trail; the event must be stored.
        fn put_audit(entry: &AuditEntry) -> Result<()>;
        /// Replaces an article's reports (a revision's reports replace the earlier ones). A new
        /// report keeps the fused event of the earlier report at its position.
        fn put_reports(article_id: &str, events: &[Event]) -> Result<()>;
        /// Records which fused event a report belongs to.
        fn set_report_event(article_id: &str, idx: u32, event_id: &str) -> Result<()>;
        /// Removes a fused event whose reports all went to `survivor`: its audit rows move to
        /// the survivor, its search entry and links go with it.
        fn retire_event(event_id: &str, survivor: &str) -> Result<()>;
        /// Creates (or replaces) the API token `name` and returns its secret, which is shown
        /// this once: only its SHA-256 is stored. Names are 1–64 letters, digits, `-`, `_`, `.`.
        fn create_token(name: &str) -> Result<String>;
        /// Deletes a token; returns whether it existed.
        fn revoke_token(name: &str) -> Result<bool>;
        /// Takes a name off the unresolved list once an analyst has placed it; returns how
        /// many mentions were cleared.
        fn clear_unresolved_place(name_ar: &str) -> Result<usize>;
        /// Appends one entry to a place's audit trail.
        fn put_place_audit(entry: &PlaceAuditEntry) -> Result<()>;
        /// Indexes an article's folded title and body terms (space-separated), replacing what
        /// was indexed for it, and takes it off the queue. An unknown id is only dequeued.
        fn index_article(id: &str, title_terms: &str, body_terms: &str) -> Result<()>;
        /// Indexes an event's folded terms, replacing what was indexed for it, and takes it
        /// off the queue. An unknown id is only dequeued.
        fn index_event(id: &str, terms: &str) -> Result<()>;
        /// Queues every article and event for indexing and records `version` as what the
        /// index is being rebuilt for (the indexer's fingerprint), in one transaction.
        fn queue_search_rebuild(version: &str) -> Result<()>;
        /// Refreshes the query planner's statistics when the events table has changed size by
        /// a quarter since they were taken (SQLite: `ANALYZE`, ~0.35 s at 100,000 events;
        /// PostgreSQL's autovacuum does this itself). Returns whether they were refreshed.
        /// Without them SQLite guesses filters selective and sorts every match of a common
        /// filter instead of walking the date index (450 ms instead of 1 ms at 100,000).
        fn refresh_planner_statistics() -> Result<bool>;
        /// Adds a followed source, or updates its URL; its state and counters are kept.
        fn register_source(name: &str, url: &str) -> Result<()>;
        /// Records a successful poll (a 304 included): the validators to send next time, the
        /// failure streak reset.
        fn record_poll_success(name: &str, etag: Option<&str>, last_modified: Option<&str>) -> Result<()>;
        /// Records a failed poll: the error, one more failure in a row.
        fn record_poll_failure(name: &str, error: &str) -> Result<()>;
        /// Records what became of a feed item and counts it on its source: seen (the first
        /// time its key is recorded), new (`new_article`) and, with `page_error`, a failed
        /// page (which becomes the source's last error).
        fn record_item(item: &WatchItem, new_article: bool, page_error: Option<&str>) -> Result<()>;
    }
}
