//! The poll loop: a schedule per source, fetching threads, and one writer (this thread) that
//! runs each article through the pipeline and records each item and poll in the store.
//!
//! Fetching threads never write: they read the store (on their own connection) to skip items
//! already settled, fetch, and send what they found to the writer. The writer commits each
//! item (its article with its events, then its `watch_items` row) before taking the next, and
//! a source's validators (ETag, Last-Modified) only once every item of the poll is settled, so
//! stopping at any point loses nothing and a restart fetches no page twice.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use marsad_ingest::parse_feed;
use marsad_model::{Article, Warning};
use marsad_pipeline::{IngestSummary, Pipeline};
use marsad_store::{Store, WatchItem};
use serde::Serialize;
use url::Url;

use crate::config::{Config, SourceConfig, SourceKind};
use crate::fetch::{FetchError, Fetched, Fetcher, Validators};
use crate::page::{
    build_article, clean_page, feed_candidates, page_candidates, Candidate, TextFrom,
};
use crate::{Error, Result};

/// How often the writer looks at the stop flag and the clock while waiting.
const TICK: Duration = Duration::from_millis(50);
/// The warning `parse_feed` gives for a well-formed feed without items.
const EMPTY_FEED: &str = "feed has no items";
/// A failing source's interval doubles at most this many times.
const MAX_DOUBLINGS: u32 = 10;

/// How long [`Watcher::run`] goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunMode {
    /// Poll every source once, then return.
    Once,
    /// Poll on schedule until the stop flag is raised.
    UntilStopped,
    /// Poll on schedule for this long (or until stopped), then return.
    For(Duration),
}

/// How one poll of one source ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PollOutcome {
    /// The feed (or list page) was read; `items` candidates were in it.
    Updated {
        /// Items listed.
        items: usize,
    },
    /// `304 Not Modified`.
    NotModified,
    /// The source could not be read: the error is in its health.
    Failed {
        /// Why.
        error: String,
    },
    /// The watcher was stopped during the poll; its items so far are stored.
    Interrupted,
}

/// What the watcher tells its caller as it goes (for progress lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchEvent {
    /// A poll ended.
    Polled {
        /// The source's name.
        source: String,
        /// How.
        outcome: PollOutcome,
    },
    /// An item was settled (or left for a retry).
    Item {
        /// The source's name.
        source: String,
        /// The item's key (canonical URL).
        key: String,
        /// What became of it (`page`, `feed`, `duplicate`, `empty`, `retry`, `failed`).
        status: String,
    },
}

/// Totals of one [`Watcher::run`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WatchReport {
    /// Polls made.
    pub polls: u64,
    /// Polls that failed.
    pub polls_failed: u64,
    /// Polls answered `304 Not Modified`.
    pub polls_not_modified: u64,
    /// Items settled or retried.
    pub items: u64,
    /// Article pages fetched.
    pub pages_fetched: u64,
    /// Article pages that could not be fetched.
    pub pages_failed: u64,
    /// What the pipeline did with the articles.
    pub ingest: IngestSummary,
}

/// A watcher over the sources of one configuration, writing to one store. It holds no
/// process-global state: several may run in one process.
#[derive(Debug)]
pub struct Watcher {
    config: Config,
    db: PathBuf,
    stop: Arc<AtomicBool>,
    fetcher: Fetcher,
}

/// What a fetching thread sends the writer.
enum Msg {
    Item(Box<ItemFound>),
    Done {
        source: usize,
        outcome: PollOutcome,
        validators: Validators,
    },
}

/// One item, fetched, ready to be stored.
struct ItemFound {
    source: usize,
    key: String,
    article: Option<(Article, TextFrom)>,
    page_fetched: bool,
    page_error: Option<String>,
    note: Option<String>,
    attempts: u32,
}

/// Per-source schedule, kept by the writer.
struct Slot {
    next_due: Instant,
    busy: bool,
    polled: bool,
    failures: u32,
    retry_pending: bool,
}

impl Watcher {
    /// A watcher for `config` over the store at `db` (a SQLite path or a PostgreSQL URL).
    pub fn new(config: Config, db: impl Into<PathBuf>) -> Watcher {
        let fetcher = Fetcher::new(&config.watch);
        Watcher {
            config,
            db: db.into(),
            stop: Arc::new(AtomicBool::new(false)),
            fetcher,
        }
    }

    /// The flag that stops [`Watcher::run`]: raise it (from a Ctrl-C handler, another thread)
    /// and the run ends after the items in hand are stored. It stays raised: later runs of
    /// this watcher end at once.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stop)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Polls the sources (see [`RunMode`]), storing each new article through the pipeline and
    /// each item's and poll's outcome in the store; `on_event` hears of each poll and item.
    /// A broken source is recorded in its health and retried with backoff, never stops the
    /// others. Errors only when the store fails.
    pub fn run(&self, mode: RunMode, mut on_event: impl FnMut(&WatchEvent)) -> Result<WatchReport> {
        let mut pipeline = Pipeline::open(&self.db)?;
        let mut slots = Vec::with_capacity(self.config.sources.len());
        let now = Instant::now();
        for source in &self.config.sources {
            pipeline.store.register_source(&source.name, &source.url)?;
            let failures = pipeline
                .store
                .source_health(&source.name)?
                .map_or(0, |h| h.consecutive_failures);
            slots.push(Slot {
                next_due: now,
                busy: false,
                polled: false,
                failures,
                retry_pending: false,
            });
        }
        if self.config.sources.is_empty() {
            return Ok(WatchReport::default());
        }
        let workers = self
            .config
            .watch
            .workers
            .min(self.config.sources.len())
            .max(1);
        let mut readers = Vec::with_capacity(workers);
        for _ in 0..workers {
            readers.push(Store::open(&self.db)?);
        }
        let halt = AtomicBool::new(false);
        let claims: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
        let deadline = match mode {
            RunMode::For(d) => Some(now + d),
            _ => None,
        };
        let (job_tx, job_rx) = mpsc::channel::<usize>();
        let job_rx = Mutex::new(job_rx);
        std::thread::scope(|scope| -> Result<WatchReport> {
            let (msg_tx, msg_rx) = mpsc::channel::<Msg>();
            let mut spawn_error = None;
            for (n, reader) in readers.into_iter().enumerate() {
                let worker = Worker {
                    watcher: self,
                    store: reader,
                    halt: &halt,
                    claims: &claims,
                    tx: msg_tx.clone(),
                };
                let jobs = &job_rx;
                let spawned = std::thread::Builder::new()
                    .name(format!("marsad-watch-{n}"))
                    .spawn_scoped(scope, move || worker.serve(jobs));
                if let Err(e) = spawned {
                    spawn_error = Some(e);
                    break;
                }
            }
            drop(msg_tx);
            let result = match spawn_error {
                Some(e) => Err(Error::Thread(e)),
                None => {
                    let mut writer = Writer {
                        watcher: self,
                        pipeline: &mut pipeline,
                        claims: &claims,
                        slots,
                        report: WatchReport::default(),
                    };
                    writer
                        .run(mode, deadline, job_tx, &msg_rx, &halt, &mut on_event)
                        .map(|()| writer.report)
                }
            };
            halt.store(true, Ordering::SeqCst);
            result
        })
    }
}

/// A fetching thread.
struct Worker<'a> {
    watcher: &'a Watcher,
    store: Store,
    halt: &'a AtomicBool,
    claims: &'a Mutex<HashSet<String>>,
    tx: Sender<Msg>,
}

impl Worker<'_> {
    fn serve(mut self, jobs: &Mutex<Receiver<usize>>) {
        loop {
            let job = match jobs.lock() {
                Ok(rx) => rx.recv(),
                Err(_) => return,
            };
            let Ok(source) = job else { return };
            let (outcome, validators) = self.poll(source);
            if self
                .tx
                .send(Msg::Done {
                    source,
                    outcome,
                    validators,
                })
                .is_err()
            {
                return;
            }
        }
    }

    fn stopped(&self) -> bool {
        self.halt.load(Ordering::Relaxed)
    }

    /// One poll of one source: the outcome and the validators to keep if it completes.
    fn poll(&mut self, index: usize) -> (PollOutcome, Validators) {
        let source = &self.watcher.config.sources[index];
        let options = &self.watcher.config.watch;
        let failed = |error: String| (PollOutcome::Failed { error }, Validators::default());
        let sent = match self.store.source_health(&source.name) {
            Ok(Some(h)) => Validators {
                etag: h.etag,
                last_modified: h.last_modified,
            },
            Ok(None) => Validators::default(),
            Err(e) => return failed(format!("store: {e}")),
        };
        let url = match Url::parse(&source.url) {
            Ok(url) => url,
            Err(e) => return failed(format!("bad URL: {e}")),
        };
        let (bytes, final_url, received) =
            match self
                .watcher
                .fetcher
                .get(&url, &sent, options.max_feed_bytes, self.halt)
            {
                Ok(Fetched::NotModified) => return (PollOutcome::NotModified, sent),
                Ok(Fetched::Body {
                    bytes,
                    url,
                    validators,
                }) => (bytes, url, validators),
                Err(FetchError::Stopped) => return (PollOutcome::Interrupted, sent),
                Err(e) => return failed(e.to_string()),
            };
        let candidates = match source.kind {
            // Other charsets (windows-1256, UTF-16) would be read as garbage: refuse them.
            SourceKind::Feed if std::str::from_utf8(&bytes).is_err() => {
                return failed("feed is not UTF-8 (other charsets are not supported)".into())
            }
            SourceKind::Feed => {
                let feed = parse_feed(&bytes, final_url.as_str());
                // A feed with no items is a quiet outlet, not a broken one.
                let broken = feed.warnings.iter().find(|w| w.message != EMPTY_FEED);
                if feed.entries.is_empty() {
                    if let Some(w) = broken {
                        return failed(format!("malformed feed: {}", w.message));
                    }
                }
                feed_candidates(source, feed.entries, &final_url)
            }
            SourceKind::Page => match std::str::from_utf8(&bytes) {
                Ok(html) => {
                    let found = page_candidates(source, html, &final_url);
                    if found.is_empty() {
                        return failed("no article links matched the links selector".into());
                    }
                    found
                }
                Err(_) => return failed("list page is not UTF-8".into()),
            },
        };
        let items = candidates.len();
        drop(bytes);
        for candidate in candidates {
            if self.stopped() {
                return (PollOutcome::Interrupted, sent);
            }
            match self.bring_in(index, source, candidate) {
                Ok(()) => {}
                Err(Halted) => return (PollOutcome::Interrupted, sent),
            }
        }
        (PollOutcome::Updated { items }, received)
    }

    /// Fetches one candidate's page (unless settled or taken by another thread) and sends
    /// what it found to the writer, which releases the claim once it is stored.
    fn bring_in(
        &mut self,
        index: usize,
        source: &SourceConfig,
        candidate: Candidate,
    ) -> std::result::Result<(), Halted> {
        let attempts = match self.store.watch_item(&candidate.key) {
            Ok(Some(item)) if item.is_settled() => return Ok(()),
            Ok(Some(item)) => item.attempts,
            Ok(None) => {
                // Stored by a run killed before its item row was written: settled too.
                if matches!(self.store.article(&candidate.key), Ok(Some(_))) {
                    return Ok(());
                }
                0
            }
            // A read error: leave the item for the next poll.
            Err(_) => return Ok(()),
        };
        {
            let mut claims = self.claims.lock().unwrap_or_else(|e| e.into_inner());
            if !claims.insert(candidate.key.clone()) {
                return Ok(());
            }
        }
        let options = &self.watcher.config.watch;
        let mut page_error = None;
        let mut note = None;
        let mut page = None;
        let mut page_fetched = false;
        if let (true, Some(url)) = (source.fetch_pages, candidate.url.as_ref()) {
            match self.watcher.fetcher.get(
                url,
                &Validators::default(),
                options.max_page_bytes,
                self.halt,
            ) {
                Ok(Fetched::Body { bytes, url, .. }) => {
                    page_fetched = true;
                    match String::from_utf8(bytes) {
                        Ok(html) => {
                            let (cleaned, selector_note) = clean_page(source, &html);
                            note = selector_note;
                            page = Some((cleaned, url));
                        }
                        Err(_) => page_error = Some("page is not UTF-8".to_string()),
                    }
                }
                Ok(Fetched::NotModified) => page_error = Some("HTTP 304 without validators".into()),
                Err(FetchError::Stopped) => {
                    self.release(&candidate.key);
                    return Err(Halted);
                }
                Err(e) => page_error = Some(e.to_string()),
            }
        }
        let article = build_article(source, &candidate, page.as_ref().map(|(p, u)| (p, u)));
        let found = ItemFound {
            source: index,
            key: candidate.key,
            article,
            page_fetched,
            page_error,
            note,
            attempts: attempts + u32::from(candidate.url.is_some() && source.fetch_pages),
        };
        if let Err(mpsc::SendError(msg)) = self.tx.send(Msg::Item(Box::new(found))) {
            if let Msg::Item(found) = msg {
                self.release(&found.key);
            }
            return Err(Halted);
        }
        Ok(())
    }

    fn release(&self, key: &str) {
        self.claims
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

/// The watcher was stopped mid-poll.
struct Halted;

/// The writer: schedules polls and stores what the fetching threads found.
struct Writer<'a> {
    watcher: &'a Watcher,
    pipeline: &'a mut Pipeline,
    claims: &'a Mutex<HashSet<String>>,
    slots: Vec<Slot>,
    report: WatchReport,
}

impl Writer<'_> {
    fn run(
        &mut self,
        mode: RunMode,
        deadline: Option<Instant>,
        jobs: Sender<usize>,
        msgs: &Receiver<Msg>,
        halt: &AtomicBool,
        on_event: &mut impl FnMut(&WatchEvent),
    ) -> Result<()> {
        loop {
            let now = Instant::now();
            let stopping =
                self.watcher.stop.load(Ordering::Relaxed) || deadline.is_some_and(|d| now >= d);
            if stopping {
                halt.store(true, Ordering::SeqCst);
            }
            if !halt.load(Ordering::SeqCst) {
                for (index, slot) in self.slots.iter_mut().enumerate() {
                    let due = !slot.busy && slot.next_due <= now;
                    if due && !(mode == RunMode::Once && slot.polled) {
                        slot.busy = true;
                        slot.polled = true;
                        if jobs.send(index).is_err() {
                            slot.busy = false;
                        }
                    }
                }
            }
            let busy = self.slots.iter().any(|s| s.busy);
            let all_polled = self.slots.iter().all(|s| s.polled);
            if !busy && (halt.load(Ordering::SeqCst) || (mode == RunMode::Once && all_polled)) {
                return Ok(());
            }
            let next_due = self
                .slots
                .iter()
                .filter(|s| !s.busy)
                .map(|s| s.next_due)
                .min();
            let wait = next_due
                .map_or(TICK, |d| d.saturating_duration_since(Instant::now()))
                .min(TICK);
            match msgs.recv_timeout(wait) {
                Ok(msg) => self.handle(msg, on_event)?,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
    }

    fn handle(&mut self, msg: Msg, on_event: &mut impl FnMut(&WatchEvent)) -> Result<()> {
        match msg {
            Msg::Item(found) => self.store_item(*found, on_event),
            Msg::Done {
                source,
                outcome,
                validators,
            } => self.finish_poll(source, outcome, validators, on_event),
        }
    }

    fn store_item(
        &mut self,
        found: ItemFound,
        on_event: &mut impl FnMut(&WatchEvent),
    ) -> Result<()> {
        let options = &self.watcher.config.watch;
        let source = &self.watcher.config.sources[found.source];
        let mut page_error = found.page_error;
        let mut new_article = false;
        let mut article_id = None;
        self.report.items += 1;
        self.report.pages_fetched += u64::from(found.page_fetched);
        self.report.pages_failed += u64::from(page_error.is_some());
        let status = match found.article {
            Some((article, from)) => {
                let before = self.report.ingest;
                match self
                    .pipeline
                    .ingest_article(&article, &mut self.report.ingest)
                {
                    Ok(()) => {
                        let after = self.report.ingest;
                        new_article = after.articles_new > before.articles_new;
                        let stored =
                            new_article || after.articles_revised > before.articles_revised;
                        article_id = Some(article.id.clone());
                        let store = &mut self.pipeline.store;
                        if let Some(e) = &page_error {
                            store.put_warning(
                                &Warning::new(
                                    &found.key,
                                    format!(
                                    "page not fetched ({e}): the feed item's own text was stored"
                                ),
                                )
                                .for_article(&article.id),
                            )?;
                        }
                        if let Some(n) = &found.note {
                            store.put_warning(
                                &Warning::new(&found.key, n.clone()).for_article(&article.id),
                            )?;
                        }
                        if stored {
                            match from {
                                TextFrom::Page => "page",
                                TextFrom::Feed => "feed",
                            }
                        } else {
                            "duplicate"
                        }
                    }
                    Err(e) => {
                        page_error = Some(format!("storing the article failed: {e}"));
                        "failed"
                    }
                }
            }
            None if page_error.is_some() && found.attempts < options.page_attempts => {
                self.slots[found.source].retry_pending = true;
                "retry"
            }
            None if page_error.is_some() => "failed",
            None => "empty",
        };
        self.pipeline.store.record_item(
            &WatchItem {
                key: found.key.clone(),
                source: source.name.clone(),
                article_id,
                status: status.to_string(),
                attempts: found.attempts,
            },
            new_article,
            page_error.as_deref(),
        )?;
        self.claims
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&found.key);
        on_event(&WatchEvent::Item {
            source: source.name.clone(),
            key: found.key,
            status: status.to_string(),
        });
        Ok(())
    }

    fn finish_poll(
        &mut self,
        index: usize,
        outcome: PollOutcome,
        validators: Validators,
        on_event: &mut impl FnMut(&WatchEvent),
    ) -> Result<()> {
        let source = &self.watcher.config.sources[index];
        let options = &self.watcher.config.watch;
        let store = &mut self.pipeline.store;
        let slot = &mut self.slots[index];
        slot.busy = false;
        match &outcome {
            PollOutcome::Updated { .. } | PollOutcome::NotModified => {
                self.report.polls += 1;
                if outcome == PollOutcome::NotModified {
                    self.report.polls_not_modified += 1;
                }
                // An item left for a retry needs the full feed next time: forget the validators.
                let keep = if slot.retry_pending {
                    Validators::default()
                } else {
                    validators
                };
                store.record_poll_success(
                    &source.name,
                    keep.etag.as_deref(),
                    keep.last_modified.as_deref(),
                )?;
                slot.failures = 0;
                slot.retry_pending = false;
            }
            PollOutcome::Failed { error } => {
                self.report.polls += 1;
                self.report.polls_failed += 1;
                store.record_poll_failure(&source.name, error)?;
                slot.failures = slot.failures.saturating_add(1);
            }
            PollOutcome::Interrupted => {}
        }
        let interval = source.interval(options);
        let backoff = interval
            .saturating_mul(1u32 << slot.failures.min(MAX_DOUBLINGS))
            .min(Duration::from_secs(options.max_backoff_seconds).max(interval));
        slot.next_due = Instant::now() + if slot.failures > 0 { backoff } else { interval };
        on_event(&WatchEvent::Polled {
            source: source.name.clone(),
            outcome,
        });
        Ok(())
    }
}
