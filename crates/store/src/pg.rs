//! The PostgreSQL backend: the same tables and behaviour as the SQLite store, for a team that
//! shares one database (several analysts, several ingest workers).
//!
//! Concurrency: every write transaction (an explicit [`crate::Store::begin`], or the implicit
//! one a lone write opens) first takes one transaction-level advisory lock,
//! [`WRITE_LOCK`]. Writers therefore take turns exactly as SQLite's `BEGIN IMMEDIATE` makes
//! them, and each one sees everything committed before it (READ COMMITTED takes a fresh
//! snapshot per statement). So two ingest processes never store one article twice (the
//! duplicate check and the insert run under the lock) and never split one event in two (the
//! second article's fusion sees the first one's reports). Readers take no lock and never wait.

use std::cell::{RefCell, RefMut};
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use marsad_model::{Article, ArticleFact, Event, RemovedLine, ReviewStatus, Warning};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};

use crate::articles::{content_hash, parse_date};
use crate::backend::Backend;
use crate::dump::{CopySummary, Dump};
use crate::events::{
    check_date, cited_articles, date_slack_days, event_json, parse_event, shift_back,
    shift_forward, MAX_DATE_SLACK_DAYS,
};
use crate::reports::window;
use crate::review::{constant_time_eq, token_hash};
use crate::sources::{self, SourceHealth, WatchItem};
use crate::{
    unix_now, ArticleOutcome, ArticleSummary, AuditEntry, DocumentKind, Error, EventFilter,
    EventPage, EventQuery, IngestRun, PendingDocument, PlaceAuditEntry, Report, Result, SearchHit,
    SearchQuery, TokenInfo, UnresolvedPlace, WeekCount,
};

/// The advisory lock key every write transaction holds (`marsad` in ASCII).
pub(crate) const WRITE_LOCK: i64 = 0x6d61_7273_6164;
/// The advisory lock key held while migrating, so concurrent first opens migrate once.
const MIGRATE_LOCK: i64 = WRITE_LOCK + 1;

/// Every PostgreSQL migration, oldest first. Never edit a released one: append a new file.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/pg/0001_initial.sql"),
    include_str!("migrations/pg/0002_watch_sources.sql"),
    include_str!("migrations/pg/0003_search_settings.sql"),
];

/// One PostgreSQL session with the schema applied.
pub(crate) struct PgStore {
    /// `None` only while being dropped.
    client: RefCell<Option<Client>>,
    /// Statements prepared on this session, by SQL text: a write then costs one round trip
    /// instead of two (prepare, then execute).
    statements: RefCell<HashMap<String, Statement>>,
    in_tx: bool,
}

/// The session: statements are prepared once and reused. Dereferences to the client for
/// anything else.
pub(crate) struct Conn<'a> {
    client: RefMut<'a, Client>,
    statements: RefMut<'a, HashMap<String, Statement>>,
}

type Params<'p> = [&'p (dyn ToSql + Sync)];

impl Conn<'_> {
    /// The prepared statement for `sql` (prepared on first use), named by its text.
    fn prepare(&mut self, sql: &str) -> Result<String> {
        self.statement(sql)?;
        Ok(sql.to_string())
    }

    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    fn execute(&mut self, sql: &str, params: &Params) -> Result<u64> {
        let statement = self.statement(sql)?;
        Ok(self.client.execute(&statement, params)?)
    }

    fn query(&mut self, sql: &str, params: &Params) -> Result<Vec<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.client.query(&statement, params)?)
    }

    fn query_opt(&mut self, sql: &str, params: &Params) -> Result<Option<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.client.query_opt(&statement, params)?)
    }

    fn query_one(&mut self, sql: &str, params: &Params) -> Result<Row> {
        let statement = self.statement(sql)?;
        Ok(self.client.query_one(&statement, params)?)
    }
}

impl std::ops::Deref for Conn<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl std::ops::DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        &mut self.client
    }
}

/// The error for a session already closed (only reachable while dropping).
fn closed() -> Error {
    Error::Unsupported("the PostgreSQL session is closed".into())
}

impl Drop for PgStore {
    /// The client closes its connection by blocking on a runtime of its own, which panics on
    /// an async thread (a server shutting down drops its store there): close it on a thread
    /// of its own.
    fn drop(&mut self) {
        if let Some(client) = self.client.get_mut().take() {
            let _ = std::thread::spawn(move || drop(client)).join();
        }
    }
}

/// `postgres://user:secret@host/db` with the password replaced by `***`.
fn mask_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn opt_i64(row: Option<Row>) -> Result<Option<i64>> {
    Ok(row.map(|r| r.try_get::<_, i64>(0)).transpose()?)
}

fn strings(rows: Vec<Row>) -> Result<Vec<String>> {
    Ok(rows
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?)
}

fn parse_status(event_id: &str, status: String) -> Result<ReviewStatus> {
    serde_json::from_value(serde_json::Value::String(status.clone())).map_err(|_| {
        Error::CorruptRow {
            table: "events",
            key: event_id.to_string(),
            reason: format!("review_status {status:?}"),
        }
    })
}

/// Writes the filter columns of `event` (all derived from it) and its JSON under `event_id`.
fn write_event_row(
    c: &mut Conn,
    event_id: &str,
    seq: i64,
    event: &Event,
    json: &str,
    created_at: i64,
    updated_at: i64,
) -> Result<()> {
    check_date(event)?;
    let date = event.event_date;
    let slack = date_slack_days(event.time_precision);
    c.execute(
        "INSERT INTO events (event_id, seq, event_date, window_start, window_end,
             time_precision, event_type, sub_event_type, actor1, assoc_actor_1, actor2,
             assoc_actor_2, admin1, admin1_pcode, admin2, admin2_pcode, admin3, admin3_pcode,
             location_ar, latitude, longitude, fatalities, review_status, json, created_at,
             updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
             $18, $19, $20, $21, $22, $23, $24, $25, $26)
         ON CONFLICT (event_id) DO UPDATE SET event_date = excluded.event_date,
             window_start = excluded.window_start, window_end = excluded.window_end,
             time_precision = excluded.time_precision, event_type = excluded.event_type,
             sub_event_type = excluded.sub_event_type, actor1 = excluded.actor1,
             assoc_actor_1 = excluded.assoc_actor_1, actor2 = excluded.actor2,
             assoc_actor_2 = excluded.assoc_actor_2, admin1 = excluded.admin1,
             admin1_pcode = excluded.admin1_pcode, admin2 = excluded.admin2,
             admin2_pcode = excluded.admin2_pcode, admin3 = excluded.admin3,
             admin3_pcode = excluded.admin3_pcode, location_ar = excluded.location_ar,
             latitude = excluded.latitude, longitude = excluded.longitude,
             fatalities = excluded.fatalities, review_status = excluded.review_status,
             json = excluded.json, updated_at = excluded.updated_at",
        &[
            &event_id,
            &seq,
            &date.to_string(),
            &shift_back(date, slack).to_string(),
            &shift_forward(date, slack).to_string(),
            &i64::from(event.time_precision),
            &event.event_type,
            &event.sub_event_type,
            &event.actor1,
            &event.assoc_actor_1,
            &event.actor2,
            &event.assoc_actor_2,
            &event.admin1,
            &event.admin1_pcode,
            &event.admin2,
            &event.admin2_pcode,
            &event.admin3,
            &event.admin3_pcode,
            &event.location_ar,
            &event.latitude,
            &event.longitude,
            &i64::from(event.fatalities),
            &event.review.status.as_str(),
            &json,
            &created_at,
            &updated_at,
        ],
    )?;
    c.execute(
        "DELETE FROM event_articles WHERE event_id = $1",
        &[&event_id],
    )?;
    let insert = c.prepare(
        "INSERT INTO event_articles (event_id, article_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING",
    )?;
    for article_id in cited_articles(event) {
        c.execute(&insert, &[&event_id, &article_id])?;
    }
    queue(c, "event", event_id)?;
    Ok(())
}

/// Puts a document on the search queue (once).
fn queue(c: &mut Conn, kind: &str, id: &str) -> Result<()> {
    c.execute(
        "INSERT INTO search_pending (kind, id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        &[&kind, &id],
    )?;
    Ok(())
}

fn revision_to_article(row: &Row) -> Result<Article> {
    let id: String = row.try_get(0)?;
    let published: Option<String> = row.try_get(5)?;
    let published = parse_date("article_revisions", &id, published.as_deref())?;
    let removed_json: String = row.try_get(7)?;
    let removed: Vec<RemovedLine> =
        serde_json::from_str(&removed_json).map_err(|err| Error::CorruptRow {
            table: "article_revisions",
            key: id.clone(),
            reason: format!("removed_json: {err}"),
        })?;
    Ok(Article {
        url: row.try_get(1)?,
        outlet: row.try_get(2)?,
        outlet_ar: row.try_get(3)?,
        title: row.try_get(4)?,
        published,
        text: row.try_get(6)?,
        removed,
        origin: row.try_get(8)?,
        id,
    })
}

const REVISION_COLUMNS: &str =
    "r.article_id, r.url, r.outlet, r.outlet_ar, r.title, r.published, r.text, r.removed_json,
     r.origin";

impl PgStore {
    /// Connects to `url` (`postgres://user@host:5432/db`) and applies the migrations.
    pub(crate) fn connect(url: &str) -> Result<PgStore> {
        // On a thread of its own: connecting blocks on the client's runtime, which may not
        // start inside another (an async caller).
        let target = url.to_string();
        let client = std::thread::spawn(move || Client::connect(&target, NoTls))
            .join()
            .map_err(|_| Error::Unsupported("the PostgreSQL connection thread panicked".into()))?
            .map_err(|source| Error::Connect {
                target: mask_password(url),
                source,
            })?;
        let mut store = PgStore {
            client: RefCell::new(Some(client)),
            statements: RefCell::new(HashMap::new()),
            in_tx: false,
        };
        store.migrate()?;
        Ok(store)
    }

    /// The session for a read. Store methods never call one another, so it is never borrowed
    /// twice; if it were, the caller gets an error rather than a panic.
    pub(crate) fn client(&self) -> Result<Conn<'_>> {
        let busy = |_| Error::Unsupported("a store call inside another store call".into());
        let session = self.client.try_borrow_mut().map_err(busy)?;
        Ok(Conn {
            client: RefMut::filter_map(session, Option::as_mut).map_err(|_| closed())?,
            statements: self.statements.try_borrow_mut().map_err(busy)?,
        })
    }

    /// The session, for a write.
    fn session(&mut self) -> Result<&mut Client> {
        self.client.get_mut().as_mut().ok_or_else(closed)
    }

    fn migrate(&mut self) -> Result<()> {
        let supported = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
        let mut tx = self.session()?.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS marsad_schema (version BIGINT NOT NULL)")?;
        let found = opt_i64(tx.query_opt("SELECT max(version) FROM marsad_schema", &[])?)
            .ok()
            .flatten()
            .unwrap_or(0);
        if found > supported {
            return Err(Error::SchemaTooNew { found, supported });
        }
        for (index, sql) in MIGRATIONS.iter().enumerate() {
            let version = i64::try_from(index + 1).unwrap_or(i64::MAX);
            if version <= found {
                continue;
            }
            tx.batch_execute(sql)?;
            tx.execute("DELETE FROM marsad_schema", &[])?;
            tx.execute(
                "INSERT INTO marsad_schema (version) VALUES ($1)",
                &[&version],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Runs `f` in the open transaction, or in one of its own (holding the write lock) when
    /// none is open, committed if `f` succeeds and rolled back if not.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&mut Conn) -> Result<T>) -> Result<T> {
        let in_tx = self.in_tx;
        let mut conn = self.client()?;
        if in_tx {
            return f(&mut conn);
        }
        conn.client.batch_execute("BEGIN")?;
        let outcome = conn
            .execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .and_then(|_| f(&mut conn));
        match outcome {
            Ok(value) => {
                conn.client.batch_execute("COMMIT")?;
                Ok(value)
            }
            Err(err) => {
                let _ = conn.client.batch_execute("ROLLBACK");
                Err(err)
            }
        }
    }
}

impl Backend for PgStore {
    fn journal_mode(&self) -> Result<String> {
        Ok("postgresql".to_string())
    }

    fn schema_version(&self) -> Result<i64> {
        let row = self
            .client()?
            .query_opt("SELECT max(version) FROM marsad_schema", &[])?;
        Ok(opt_i64(row)?.unwrap_or(0))
    }

    fn in_transaction(&self) -> bool {
        self.in_tx
    }

    fn begin(&mut self) -> Result<()> {
        if self.in_tx {
            return Err(Error::TransactionActive);
        }
        let client = self.session()?;
        client.batch_execute("BEGIN")?;
        if let Err(err) = client.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK]) {
            let _ = client.batch_execute("ROLLBACK");
            return Err(err.into());
        }
        self.in_tx = true;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        if !self.in_tx {
            return Err(Error::NoTransaction);
        }
        // Whatever COMMIT answers, the transaction is over.
        self.in_tx = false;
        self.session()?.batch_execute("COMMIT")?;
        Ok(())
    }

    fn rollback(&mut self) -> Result<()> {
        if !self.in_tx {
            return Err(Error::NoTransaction);
        }
        self.in_tx = false;
        self.session()?.batch_execute("ROLLBACK")?;
        Ok(())
    }

    fn put_article(&mut self, article: &Article) -> Result<ArticleOutcome> {
        let hash = content_hash(&article.text);
        let blank = article.text.trim().is_empty();
        let removed_json =
            serde_json::to_string(&article.removed).map_err(|source| Error::InvalidJson {
                what: format!("removed lines of article {}", article.id),
                source,
            })?;
        let published = article.published.map(|d| d.to_string());
        let now = unix_now();
        self.write(|c| {
            let current = opt_i64(c.query_opt(
                "SELECT current_revision FROM articles WHERE id = $1",
                &[&article.id],
            )?)?;
            let (outcome, revision) = match current {
                Some(current) => {
                    let latest: Option<String> = c
                        .query_opt(
                            "SELECT content_hash FROM article_revisions
                             WHERE article_id = $1 AND revision = $2",
                            &[&article.id, &current],
                        )?
                        .map(|r| r.try_get(0))
                        .transpose()?;
                    if latest.as_deref() == Some(hash.as_str()) {
                        return Ok(ArticleOutcome::Duplicate);
                    }
                    (ArticleOutcome::Revised, current + 1)
                }
                None => {
                    if !blank {
                        let seen = c.query_opt(
                            "SELECT 1 FROM article_revisions WHERE content_hash = $1 LIMIT 1",
                            &[&hash],
                        )?;
                        if seen.is_some() {
                            return Ok(ArticleOutcome::Duplicate);
                        }
                    }
                    (ArticleOutcome::New, 1)
                }
            };
            c.execute(
                "INSERT INTO articles (id, current_revision) VALUES ($1, $2)
                 ON CONFLICT (id) DO UPDATE SET current_revision = excluded.current_revision",
                &[&article.id, &revision],
            )?;
            c.execute(
                "INSERT INTO article_revisions (article_id, revision, content_hash, url, outlet,
                     outlet_ar, title, published, text, removed_json, origin, ingested_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                &[
                    &article.id,
                    &revision,
                    &hash,
                    &article.url,
                    &article.outlet,
                    &article.outlet_ar,
                    &article.title,
                    &published,
                    &article.text,
                    &removed_json,
                    &article.origin,
                    &now,
                ],
            )?;
            queue(c, "article", &article.id)?;
            Ok(outcome)
        })
    }

    fn article(&self, id: &str) -> Result<Option<Article>> {
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM article_revisions r
             JOIN articles a ON a.id = r.article_id AND a.current_revision = r.revision
             WHERE a.id = $1"
        );
        let row = self.client()?.query_opt(&sql, &[&id])?;
        row.as_ref().map(revision_to_article).transpose()
    }

    fn article_revisions(&self, id: &str) -> Result<Vec<Article>> {
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM article_revisions r
             WHERE r.article_id = $1 ORDER BY r.revision"
        );
        let rows = self.client()?.query(&sql, &[&id])?;
        rows.iter().map(revision_to_article).collect()
    }

    fn articles(&self) -> Result<Vec<ArticleSummary>> {
        let rows = self.client()?.query(
            "SELECT a.id, r.outlet, r.published, r.title, a.current_revision,
                    (SELECT COUNT(*) FROM warnings w WHERE w.article_id = a.id)
             FROM articles a
             JOIN article_revisions r ON r.article_id = a.id AND r.revision = a.current_revision
             ORDER BY a.id COLLATE \"C\"",
            &[],
        )?;
        rows.iter()
            .map(|row| {
                let id: String = row.try_get(0)?;
                let published: Option<String> = row.try_get(2)?;
                let published = parse_date("article_revisions", &id, published.as_deref())?;
                Ok(ArticleSummary {
                    outlet: row.try_get(1)?,
                    published,
                    title: row.try_get(3)?,
                    revisions: u32::try_from(row.try_get::<_, i64>(4)?).unwrap_or(u32::MAX),
                    warnings: u32::try_from(row.try_get::<_, i64>(5)?).unwrap_or(u32::MAX),
                    id,
                })
            })
            .collect()
    }

    fn article_count(&self) -> Result<u64> {
        let row = self
            .client()?
            .query_one("SELECT COUNT(*) FROM articles", &[])?;
        Ok(to_u64(row.try_get(0)?))
    }

    fn insert_event(&mut self, event: &Event) -> Result<String> {
        check_date(event)?;
        let now = unix_now();
        self.write(|c| {
            let row = c.query_one("SELECT COALESCE(MAX(seq), 0) + 1 FROM events", &[])?;
            let seq: i64 = row.try_get(0)?;
            let event_id = format!("SYR-{seq:06}");
            let mut stored = event.clone();
            stored.event_id.clone_from(&event_id);
            let json = event_json(&stored)?;
            write_event_row(c, &event_id, seq, &stored, &json, now, now)?;
            Ok(event_id)
        })
    }

    fn update_event(&mut self, event: &Event) -> Result<()> {
        check_date(event)?;
        self.write(|c| {
            let row = c.query_opt(
                "SELECT updated_at, seq, created_at FROM events WHERE event_id = $1",
                &[&event.event_id],
            )?;
            let Some(row) = row else {
                return Err(Error::UnknownEvent(event.event_id.clone()));
            };
            let previous: i64 = row.try_get(0)?;
            let seq: i64 = row.try_get(1)?;
            let created_at: i64 = row.try_get(2)?;
            let updated_at = unix_now().max(previous.saturating_add(1));
            let json = event_json(event)?;
            write_event_row(
                c,
                &event.event_id,
                seq,
                event,
                &json,
                created_at,
                updated_at,
            )
        })
    }

    fn event(&self, event_id: &str) -> Result<Option<Event>> {
        let row = self
            .client()?
            .query_opt("SELECT json FROM events WHERE event_id = $1", &[&event_id])?;
        match row {
            Some(row) => Ok(Some(parse_event(
                event_id.to_string(),
                &row.try_get::<_, String>(0)?,
            )?)),
            None => Ok(None),
        }
    }

    fn event_timestamp(&self, event_id: &str) -> Result<Option<i64>> {
        opt_i64(self.client()?.query_opt(
            "SELECT updated_at FROM events WHERE event_id = $1",
            &[&event_id],
        )?)
    }

    fn events_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Event>> {
        if from > to {
            return Ok(Vec::new());
        }
        let low = shift_back(from, MAX_DATE_SLACK_DAYS).to_string();
        let high = shift_forward(to, MAX_DATE_SLACK_DAYS).to_string();
        let rows = self.client()?.query(
            "SELECT event_id, json FROM events
             WHERE event_date BETWEEN $1 AND $2 AND window_start <= $4 AND window_end >= $3
             ORDER BY event_date, seq",
            &[&low, &high, &from.to_string(), &to.to_string()],
        )?;
        rows.iter()
            .map(|r| parse_event(r.try_get(0)?, &r.try_get::<_, String>(1)?))
            .collect()
    }

    fn events(&self, filter: &EventFilter) -> Result<Vec<Event>> {
        crate::pg_query::events(self, filter)
    }

    fn event_count(&self, filter: &EventFilter) -> Result<u64> {
        crate::pg_query::event_count(self, filter)
    }

    fn events_for_article(&self, article_id: &str) -> Result<Vec<String>> {
        strings(self.client()?.query(
            "SELECT ea.event_id FROM event_articles ea JOIN events e ON e.event_id = ea.event_id
             WHERE ea.article_id = $1 ORDER BY e.seq",
            &[&article_id],
        )?)
    }

    fn query_events(&self, query: &EventQuery) -> Result<EventPage> {
        crate::pg_query::query_events(self, query)
    }

    fn week_counts(&self, query: &EventQuery) -> Result<Vec<WeekCount>> {
        crate::pg_query::week_counts(self, query)
    }

    fn event_review_state(&self, event_id: &str) -> Result<Option<(i64, ReviewStatus)>> {
        let row = self.client()?.query_opt(
            "SELECT updated_at, review_status FROM events WHERE event_id = $1",
            &[&event_id],
        )?;
        match row {
            Some(row) => Ok(Some((
                row.try_get(0)?,
                parse_status(event_id, row.try_get(1)?)?,
            ))),
            None => Ok(None),
        }
    }

    fn put_warning(&mut self, w: &Warning) -> Result<()> {
        let line = w.line.map(to_i64);
        self.write(|c| {
            c.execute(
                "INSERT INTO warnings (origin, line, article_id, message, created_at)
                 VALUES ($1, $2, $3, $4, $5)",
                &[&w.origin, &line, &w.article_id, &w.message, &unix_now()],
            )?;
            Ok(())
        })
    }

    fn warnings(&self, article_id: Option<&str>) -> Result<Vec<Warning>> {
        let rows = self.client()?.query(
            "SELECT origin, line, article_id, message FROM warnings
             WHERE $1::TEXT IS NULL OR article_id = $1 ORDER BY id",
            &[&article_id],
        )?;
        rows.iter()
            .map(|row| {
                let line: Option<i64> = row.try_get(1)?;
                Ok(Warning {
                    origin: row.try_get(0)?,
                    line: line.and_then(|l| u64::try_from(l).ok()),
                    article_id: row.try_get(2)?,
                    message: row.try_get(3)?,
                })
            })
            .collect()
    }

    fn put_facts(&mut self, article_id: &str, facts: &[ArticleFact]) -> Result<()> {
        let mut rows = Vec::with_capacity(facts.len());
        for (ord, fact) in facts.iter().enumerate() {
            let json = serde_json::to_string(fact).map_err(|source| Error::InvalidJson {
                what: format!("fact of article {article_id}"),
                source,
            })?;
            let kind = serde_json::to_value(fact.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            rows.push((i64::try_from(ord).unwrap_or(i64::MAX), kind, json));
        }
        self.write(|c| {
            c.execute(
                "DELETE FROM article_facts WHERE article_id = $1",
                &[&article_id],
            )?;
            let insert = c.prepare(
                "INSERT INTO article_facts (article_id, ord, kind, json) VALUES ($1, $2, $3, $4)",
            )?;
            for (ord, kind, json) in &rows {
                c.execute(&insert, &[&article_id, ord, kind, json])?;
            }
            Ok(())
        })
    }

    fn facts(&self, article_id: Option<&str>) -> Result<Vec<(String, ArticleFact)>> {
        let rows = self.client()?.query(
            "SELECT article_id, json FROM article_facts
             WHERE $1::TEXT IS NULL OR article_id = $1 ORDER BY article_id COLLATE \"C\", ord",
            &[&article_id],
        )?;
        rows.iter()
            .map(|row| {
                let id: String = row.try_get(0)?;
                let json: String = row.try_get(1)?;
                let fact = serde_json::from_str(&json).map_err(|err| Error::CorruptRow {
                    table: "article_facts",
                    key: id.clone(),
                    reason: err.to_string(),
                })?;
                Ok((id, fact))
            })
            .collect()
    }

    fn put_unresolved_place(
        &mut self,
        name_ar: &str,
        article_id: &str,
        event_id: Option<&str>,
    ) -> Result<()> {
        let event_id = event_id.unwrap_or("");
        self.write(|c| {
            c.execute(
                "INSERT INTO unresolved_places (name_ar, article_id, event_id)
                 VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[&name_ar, &article_id, &event_id],
            )?;
            Ok(())
        })
    }

    fn unresolved_places(&self) -> Result<Vec<UnresolvedPlace>> {
        let rows = self.client()?.query(
            "SELECT name_ar, article_id, COUNT(*) FROM unresolved_places
             GROUP BY name_ar, article_id
             ORDER BY name_ar COLLATE \"C\", article_id COLLATE \"C\"",
            &[],
        )?;
        let mut by_name: BTreeMap<String, UnresolvedPlace> = BTreeMap::new();
        for row in rows {
            let name_ar: String = row.try_get(0)?;
            let article_id: String = row.try_get(1)?;
            let count: i64 = row.try_get(2)?;
            let place = by_name
                .entry(name_ar.clone())
                .or_insert_with(|| UnresolvedPlace {
                    name_ar,
                    article_ids: Vec::new(),
                    mentions: 0,
                });
            place.article_ids.push(article_id);
            place.mentions += to_u64(count);
        }
        let mut places: Vec<UnresolvedPlace> = by_name.into_values().collect();
        places.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.name_ar.cmp(&b.name_ar))
        });
        Ok(places)
    }

    fn put_places_json(&mut self, source: &str, rows: &[(String, String)]) -> Result<usize> {
        for (source_id, json) in rows {
            serde_json::from_str::<serde_json::Value>(json).map_err(|err| Error::InvalidJson {
                what: format!("place {source}/{source_id}"),
                source: err,
            })?;
        }
        self.write(|c| {
            let upsert = c.prepare(
                "INSERT INTO places (source, source_id, json) VALUES ($1, $2, $3)
                 ON CONFLICT (source, source_id) DO UPDATE SET json = excluded.json",
            )?;
            let mut written = 0;
            for (source_id, json) in rows {
                written += c.execute(&upsert, &[&source, source_id, json])?;
            }
            Ok(usize::try_from(written).unwrap_or(usize::MAX))
        })
    }

    fn places_json(&self) -> Result<Vec<(String, String, String)>> {
        let rows = self.client()?.query(
            "SELECT source, source_id, json FROM places
             ORDER BY source COLLATE \"C\", source_id COLLATE \"C\"",
            &[],
        )?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect()
    }

    fn put_ingest_run(&mut self, summary_json: &str) -> Result<()> {
        serde_json::from_str::<serde_json::Value>(summary_json).map_err(|source| {
            Error::InvalidJson {
                what: "ingest run summary".to_string(),
                source,
            }
        })?;
        self.write(|c| {
            c.execute(
                "INSERT INTO ingest_runs (at, summary_json) VALUES ($1, $2)",
                &[&unix_now(), &summary_json],
            )?;
            Ok(())
        })
    }

    fn ingest_runs(&self) -> Result<Vec<IngestRun>> {
        let rows = self
            .client()?
            .query("SELECT at, summary_json FROM ingest_runs ORDER BY id", &[])?;
        rows.iter()
            .map(|r| {
                Ok(IngestRun {
                    at: r.try_get(0)?,
                    summary_json: r.try_get(1)?,
                })
            })
            .collect()
    }

    fn put_audit(&mut self, entry: &AuditEntry) -> Result<()> {
        self.write(|c| {
            if c.query_opt(
                "SELECT 1 FROM events WHERE event_id = $1",
                &[&entry.event_id],
            )?
            .is_none()
            {
                return Err(Error::UnknownEvent(entry.event_id.clone()));
            }
            c.execute(
                "INSERT INTO audit (event_id, at, by, field, before, after, reason)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &entry.event_id,
                    &entry.at,
                    &entry.by,
                    &entry.field,
                    &entry.before,
                    &entry.after,
                    &entry.reason,
                ],
            )?;
            Ok(())
        })
    }

    fn audit(&self, event_id: &str) -> Result<Vec<AuditEntry>> {
        let rows = self.client()?.query(
            "SELECT event_id, at, by, field, before, after, reason FROM audit
             WHERE event_id = $1 ORDER BY id",
            &[&event_id],
        )?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    event_id: r.try_get(0)?,
                    at: r.try_get(1)?,
                    by: r.try_get(2)?,
                    field: r.try_get(3)?,
                    before: r.try_get(4)?,
                    after: r.try_get(5)?,
                    reason: r.try_get(6)?,
                })
            })
            .collect()
    }

    fn report_event_ids(&self, article_id: &str) -> Result<Vec<String>> {
        strings(self.client()?.query(
            "SELECT DISTINCT event_id COLLATE \"C\" FROM reports
             WHERE article_id = $1 AND event_id IS NOT NULL ORDER BY 1",
            &[&article_id],
        )?)
    }

    fn put_reports(&mut self, article_id: &str, events: &[Event]) -> Result<()> {
        let mut rows = Vec::with_capacity(events.len());
        for (idx, event) in events.iter().enumerate() {
            let (from, to) = window(event);
            let json = serde_json::to_string(event).map_err(|source| Error::InvalidJson {
                what: format!("report {article_id}#{idx}"),
                source,
            })?;
            rows.push((
                i64::try_from(idx).unwrap_or(i64::MAX),
                event.event_date.to_string(),
                from.to_string(),
                to.to_string(),
                event.admin1_pcode.clone(),
                json,
            ));
        }
        self.write(|c| {
            let earlier: Vec<(i64, Option<String>)> = c
                .query(
                    "SELECT idx, event_id FROM reports WHERE article_id = $1",
                    &[&article_id],
                )?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<Result<_>>()?;
            c.execute("DELETE FROM reports WHERE article_id = $1", &[&article_id])?;
            let insert = c.prepare(
                "INSERT INTO reports (article_id, idx, event_id, event_date, window_start,
                                      window_end, admin1_pcode, json)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )?;
            for (idx, date, from, to, admin1, json) in &rows {
                let event_id = earlier
                    .iter()
                    .find(|(i, _)| i == idx)
                    .and_then(|(_, id)| id.clone());
                c.execute(
                    &insert,
                    &[&article_id, idx, &event_id, date, from, to, admin1, json],
                )?;
            }
            Ok(())
        })
    }

    fn reports_near(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        admin1_pcodes: &[String],
    ) -> Result<Vec<Report>> {
        let mut client = self.client()?;
        let lowest = shift_back(from, 2 * MAX_DATE_SLACK_DAYS);
        let rows = client.query(
            "SELECT article_id, idx, event_id, json, admin1_pcode FROM reports
             WHERE window_start BETWEEN $3 AND $2 AND window_end >= $1
             ORDER BY article_id COLLATE \"C\", idx",
            &[&from.to_string(), &to.to_string(), &lowest.to_string()],
        )?;
        let mut out: Vec<Report> = Vec::new();
        for row in rows {
            let admin1: Option<String> = row.try_get(4)?;
            let wanted = admin1
                .as_ref()
                .is_none_or(|a| admin1_pcodes.iter().any(|p| p == a));
            if wanted {
                out.push(row_to_report(&row)?);
            }
        }
        let mut ids: Vec<String> = out.iter().filter_map(|r| r.event_id.clone()).collect();
        ids.sort();
        ids.dedup();
        let by_event = client.prepare(
            "SELECT article_id, idx, event_id, json FROM reports WHERE event_id = $1
             ORDER BY article_id COLLATE \"C\", idx",
        )?;
        for id in ids {
            for row in client.query(&by_event, &[&id])? {
                let report = row_to_report(&row)?;
                if !out
                    .iter()
                    .any(|r| r.article_id == report.article_id && r.idx == report.idx)
                {
                    out.push(report);
                }
            }
        }
        Ok(out)
    }

    fn set_report_event(&mut self, article_id: &str, idx: u32, event_id: &str) -> Result<()> {
        self.write(|c| {
            c.execute(
                "UPDATE reports SET event_id = $3 WHERE article_id = $1 AND idx = $2",
                &[&article_id, &i64::from(idx), &event_id],
            )?;
            Ok(())
        })
    }

    fn retire_event(&mut self, event_id: &str, survivor: &str) -> Result<()> {
        self.write(|c| {
            let seq =
                opt_i64(c.query_opt("SELECT seq FROM events WHERE event_id = $1", &[&event_id])?)?;
            c.execute(
                "UPDATE audit SET event_id = $2 WHERE event_id = $1",
                &[&event_id, &survivor],
            )?;
            c.execute(
                "UPDATE reports SET event_id = $2 WHERE event_id = $1",
                &[&event_id, &survivor],
            )?;
            c.execute(
                "INSERT INTO unresolved_places (name_ar, article_id, event_id)
                 SELECT name_ar, article_id, $2 FROM unresolved_places WHERE event_id = $1
                 ON CONFLICT DO NOTHING",
                &[&event_id, &survivor],
            )?;
            c.execute(
                "DELETE FROM unresolved_places WHERE event_id = $1",
                &[&event_id],
            )?;
            if let Some(seq) = seq {
                c.execute("DELETE FROM event_search WHERE seq = $1", &[&seq])?;
            }
            c.execute(
                "DELETE FROM search_pending WHERE kind = 'event' AND id = $1",
                &[&event_id],
            )?;
            c.execute("DELETE FROM events WHERE event_id = $1", &[&event_id])?;
            Ok(())
        })
    }

    fn create_token(&mut self, name: &str) -> Result<String> {
        let valid = !name.is_empty()
            && name.chars().count() <= 64
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !valid {
            return Err(Error::InvalidTokenName(name.to_string()));
        }
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes).map_err(|e| Error::Random(e.to_string()))?;
        let secret = format!("marsad_{}", hex::encode(bytes));
        let hash = token_hash(&secret);
        self.write(|c| {
            c.execute(
                "INSERT INTO api_tokens (name, hash, created_at) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO UPDATE SET hash = excluded.hash,
                     created_at = excluded.created_at",
                &[&name, &hash, &unix_now()],
            )?;
            Ok(())
        })?;
        Ok(secret)
    }

    fn token_name(&self, secret: &str) -> Result<Option<String>> {
        let wanted = token_hash(secret);
        let rows = self
            .client()?
            .query("SELECT name, hash FROM api_tokens", &[])?;
        let mut found = None;
        for row in rows {
            let name: String = row.try_get(0)?;
            let hash: String = row.try_get(1)?;
            if constant_time_eq(hash.as_bytes(), wanted.as_bytes()) && found.is_none() {
                found = Some(name);
            }
        }
        Ok(found)
    }

    fn tokens(&self) -> Result<Vec<TokenInfo>> {
        let rows = self.client()?.query(
            "SELECT name, created_at FROM api_tokens ORDER BY name COLLATE \"C\"",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                Ok(TokenInfo {
                    name: r.try_get(0)?,
                    created_at: r.try_get(1)?,
                })
            })
            .collect()
    }

    fn revoke_token(&mut self, name: &str) -> Result<bool> {
        self.write(|c| Ok(c.execute("DELETE FROM api_tokens WHERE name = $1", &[&name])? > 0))
    }

    fn clear_unresolved_place(&mut self, name_ar: &str) -> Result<usize> {
        self.write(|c| {
            let n = c.execute(
                "DELETE FROM unresolved_places WHERE name_ar = $1",
                &[&name_ar],
            )?;
            Ok(usize::try_from(n).unwrap_or(usize::MAX))
        })
    }

    fn events_at_place(&self, location_ar: &str) -> Result<Vec<String>> {
        strings(self.client()?.query(
            "SELECT event_id FROM events WHERE location_ar = $1 ORDER BY seq",
            &[&location_ar],
        )?)
    }

    fn put_place_audit(&mut self, entry: &PlaceAuditEntry) -> Result<()> {
        self.write(|c| {
            c.execute(
                "INSERT INTO place_audit (name_ar, at, by, field, before, after, reason)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &entry.name_ar,
                    &entry.at,
                    &entry.by,
                    &entry.field,
                    &entry.before,
                    &entry.after,
                    &entry.reason,
                ],
            )?;
            Ok(())
        })
    }

    fn place_audit(&self, name_ar: &str) -> Result<Vec<PlaceAuditEntry>> {
        let rows = self.client()?.query(
            "SELECT name_ar, at, by, field, before, after, reason FROM place_audit
             WHERE name_ar = $1 ORDER BY id",
            &[&name_ar],
        )?;
        rows.iter()
            .map(|r| {
                Ok(PlaceAuditEntry {
                    name_ar: r.try_get(0)?,
                    at: r.try_get(1)?,
                    by: r.try_get(2)?,
                    field: r.try_get(3)?,
                    before: r.try_get(4)?,
                    after: r.try_get(5)?,
                    reason: r.try_get(6)?,
                })
            })
            .collect()
    }

    fn pending_search_documents(&self, limit: usize) -> Result<Vec<PendingDocument>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.client()?.query(
            "SELECT kind, id FROM search_pending
             ORDER BY kind COLLATE \"C\", id COLLATE \"C\" LIMIT $1",
            &[&limit],
        )?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get(0)?;
                let kind = if kind == "article" {
                    DocumentKind::Article
                } else {
                    DocumentKind::Event
                };
                Ok(PendingDocument {
                    kind,
                    id: r.try_get(1)?,
                })
            })
            .collect()
    }

    fn pending_search_count(&self) -> Result<u64> {
        let row = self
            .client()?
            .query_one("SELECT COUNT(*) FROM search_pending", &[])?;
        Ok(to_u64(row.try_get(0)?))
    }

    fn refresh_planner_statistics(&mut self) -> Result<bool> {
        // PostgreSQL's autovacuum keeps planner statistics current.
        Ok(false)
    }

    fn search_index_version(&self) -> Result<Option<String>> {
        let row = self.client()?.query_opt(
            "SELECT value FROM search_settings WHERE key = 'version'",
            &[],
        )?;
        row.map(|r| r.try_get(0)).transpose().map_err(Into::into)
    }

    fn queue_search_rebuild(&mut self, version: &str) -> Result<()> {
        self.write(|c| {
            c.batch_execute(
                "INSERT INTO search_pending (kind, id) SELECT 'event', event_id FROM events
                     ON CONFLICT DO NOTHING;
                 INSERT INTO search_pending (kind, id) SELECT 'article', id FROM articles
                     ON CONFLICT DO NOTHING;",
            )?;
            c.execute(
                "INSERT INTO search_settings (key, value) VALUES ('version', $1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&version],
            )?;
            Ok(())
        })
    }

    fn index_article(&mut self, id: &str, title_terms: &str, body_terms: &str) -> Result<()> {
        // One round trip: index the article if it is stored, and dequeue it either way.
        self.write(|c| {
            c.execute(
                "WITH indexed AS (
                     INSERT INTO article_search (article_id, document)
                     SELECT id, setweight(to_tsvector('simple', $2), 'A')
                                || setweight(to_tsvector('simple', $3), 'D')
                     FROM articles WHERE id = $1
                     ON CONFLICT (article_id) DO UPDATE SET document = excluded.document)
                 DELETE FROM search_pending WHERE kind = 'article' AND id = $1",
                &[&id, &title_terms, &body_terms],
            )?;
            Ok(())
        })
    }

    fn index_event(&mut self, id: &str, terms: &str) -> Result<()> {
        // One round trip: index the event if it is stored, and dequeue it either way.
        self.write(|c| {
            c.execute(
                "WITH indexed AS (
                     INSERT INTO event_search (seq, document)
                     SELECT seq, to_tsvector('simple', $2) FROM events WHERE event_id = $1
                     ON CONFLICT (seq) DO UPDATE SET document = excluded.document)
                 DELETE FROM search_pending WHERE kind = 'event' AND id = $1",
                &[&id, &terms],
            )?;
            Ok(())
        })
    }

    fn search_articles(&self, query: &SearchQuery, limit: usize) -> Result<Vec<SearchHit>> {
        crate::pg_query::search_articles(self, query, limit)
    }

    fn search_events(
        &self,
        query: &SearchQuery,
        include_rejected: bool,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        crate::pg_query::search_events(self, query, include_rejected, limit)
    }

    // Followed sources (`marsad watch`): the statements live in `sources.rs`.
    fn source_health(&self, name: &str) -> Result<Option<SourceHealth>> {
        sources::pg::source_health(&mut *self.client()?, name)
    }

    fn sources_health(&self) -> Result<Vec<SourceHealth>> {
        sources::pg::sources_health(&mut *self.client()?)
    }

    fn watch_item(&self, key: &str) -> Result<Option<WatchItem>> {
        sources::pg::watch_item(&mut *self.client()?, key)
    }

    fn register_source(&mut self, name: &str, url: &str) -> Result<()> {
        self.write(|c| sources::pg::register_source(c, name, url))
    }

    fn record_poll_success(
        &mut self,
        name: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<()> {
        self.write(|c| sources::pg::record_poll_success(c, name, etag, last_modified))
    }

    fn record_poll_failure(&mut self, name: &str, error: &str) -> Result<()> {
        self.write(|c| sources::pg::record_poll_failure(c, name, error))
    }

    fn record_item(
        &mut self,
        item: &WatchItem,
        new_article: bool,
        page_error: Option<&str>,
    ) -> Result<()> {
        self.write(|c| sources::pg::record_item(c, item, new_article, page_error))
    }

    fn dump(&self) -> Result<Dump> {
        Err(Error::Unsupported(
            "copying out of PostgreSQL (use pg_dump); copy from SQLite into PostgreSQL".into(),
        ))
    }

    fn load(&mut self, dump: &Dump) -> Result<CopySummary> {
        self.write(|c| load(c, dump))?;
        Ok(dump.summary())
    }

    fn kind(&self) -> &'static str {
        "postgres"
    }
}

fn row_to_report(row: &Row) -> Result<Report> {
    let json: String = row.try_get(3)?;
    let idx: i64 = row.try_get(1)?;
    Ok(Report {
        article_id: row.try_get(0)?,
        idx: u32::try_from(idx).unwrap_or(u32::MAX),
        event_id: row.try_get(2)?,
        event: parse_event(String::new(), &json)?,
    })
}

/// Writes every row of `dump` into an empty store (inside the caller's transaction).
fn load(c: &mut Conn, dump: &Dump) -> Result<()> {
    let existing = c.query_one(
        "SELECT (SELECT COUNT(*) FROM articles) + (SELECT COUNT(*) FROM events)",
        &[],
    )?;
    if existing.try_get::<_, i64>(0)? > 0 {
        return Err(Error::Unsupported(
            "copying into a store that already holds articles or events; use a new database".into(),
        ));
    }
    let stmt = c.prepare("INSERT INTO articles (id, current_revision) VALUES ($1, $2)")?;
    for (id, current) in &dump.articles {
        c.execute(&stmt, &[id, current])?;
    }
    let stmt = c.prepare(
        "INSERT INTO article_revisions (article_id, revision, content_hash, url, outlet,
             outlet_ar, title, published, text, removed_json, origin, ingested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )?;
    for r in &dump.revisions {
        c.execute(
            &stmt,
            &[
                &r.article_id,
                &r.revision,
                &r.content_hash,
                &r.url,
                &r.outlet,
                &r.outlet_ar,
                &r.title,
                &r.published,
                &r.text,
                &r.removed_json,
                &r.origin,
                &r.ingested_at,
            ],
        )?;
    }
    let stmt = c.prepare(
        "INSERT INTO warnings (origin, line, article_id, message, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )?;
    for (origin, line, article_id, message, at) in &dump.warnings {
        c.execute(&stmt, &[origin, line, article_id, message, at])?;
    }
    for e in &dump.events {
        let event = parse_event(e.event_id.clone(), &e.json)?;
        write_event_row(
            c,
            &e.event_id,
            e.seq,
            &event,
            &e.json,
            e.created_at,
            e.updated_at,
        )?;
    }
    let stmt = c.prepare(
        "INSERT INTO article_facts (article_id, ord, kind, json) VALUES ($1, $2, $3, $4)",
    )?;
    for (article_id, ord, kind, json) in &dump.facts {
        c.execute(&stmt, &[article_id, ord, kind, json])?;
    }
    let stmt = c.prepare(
        "INSERT INTO unresolved_places (name_ar, article_id, event_id) VALUES ($1, $2, $3)",
    )?;
    for (name, article_id, event_id) in &dump.unresolved {
        c.execute(&stmt, &[name, article_id, event_id])?;
    }
    let stmt = c.prepare("INSERT INTO places (source, source_id, json) VALUES ($1, $2, $3)")?;
    for (source, id, json) in &dump.places {
        c.execute(&stmt, &[source, id, json])?;
    }
    let stmt = c.prepare("INSERT INTO ingest_runs (at, summary_json) VALUES ($1, $2)")?;
    for (at, json) in &dump.ingest_runs {
        c.execute(&stmt, &[at, json])?;
    }
    let stmt = c.prepare(
        "INSERT INTO audit (event_id, at, by, field, before, after, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )?;
    for a in &dump.audit {
        c.execute(
            &stmt,
            &[
                &a.event_id,
                &a.at,
                &a.by,
                &a.field,
                &a.before,
                &a.after,
                &a.reason,
            ],
        )?;
    }
    let stmt = c.prepare(
        "INSERT INTO reports (article_id, idx, event_id, event_date, window_start, window_end,
                              admin1_pcode, json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )?;
    for (article_id, idx, event_id, json) in &dump.reports {
        let event = parse_event(String::new(), json)?;
        let (from, to) = window(&event);
        c.execute(
            &stmt,
            &[
                article_id,
                idx,
                event_id,
                &event.event_date.to_string(),
                &from.to_string(),
                &to.to_string(),
                &event.admin1_pcode,
                json,
            ],
        )?;
    }
    let stmt = c.prepare("INSERT INTO api_tokens (name, hash, created_at) VALUES ($1, $2, $3)")?;
    for (name, hash, at) in &dump.tokens {
        c.execute(&stmt, &[name, hash, at])?;
    }
    let stmt = c.prepare(
        "INSERT INTO place_audit (name_ar, at, by, field, before, after, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )?;
    for a in &dump.place_audit {
        c.execute(
            &stmt,
            &[
                &a.name_ar, &a.at, &a.by, &a.field, &a.before, &a.after, &a.reason,
            ],
        )?;
    }
    for w in &dump.watch_sources {
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        c.execute(
            "INSERT INTO watch_sources (name, url, etag, last_modified, last_poll_at,
                 last_success_at, last_error_at, last_error, consecutive_failures, polls,
                 items_seen, items_new, pages_failed)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            &[
                &w.name,
                &w.url,
                &w.etag,
                &w.last_modified,
                &w.last_poll_at,
                &w.last_success_at,
                &w.last_error_at,
                &w.last_error,
                &i64::from(w.consecutive_failures),
                &count(w.polls),
                &count(w.items_seen),
                &count(w.items_new),
                &count(w.pages_failed),
            ],
        )?;
    }
    for (key, source, article_id, status, attempts, first_seen, updated) in &dump.watch_items {
        c.execute(
            "INSERT INTO watch_items (key, source, article_id, status, attempts, first_seen_at,
                 updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                key, source, article_id, status, attempts, first_seen, updated,
            ],
        )?;
    }
    for (id, _) in &dump.articles {
        queue(c, "article", id)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::mask_password;

    #[test]
    fn passwords_never_reach_error_messages() {
        assert_eq!(
            mask_password("postgres://amal:s3cret@db.example:5432/marsad"),
            "postgres://amal:***@db.example:5432/marsad"
        );
        assert_eq!(
            mask_password("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
    }
}
