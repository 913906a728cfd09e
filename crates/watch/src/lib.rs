//! Following outlets live: poll their RSS/Atom feeds (or list pages), fetch each new article's
//! page once, politely, clean it, and run it through the pipeline, continuously, surviving
//! every kind of broken source.
//!
//! Owns: `sources.toml`, HTTP fetching and its politeness (conditional GET, per-host turns and
//! concurrency, timeouts, retries with backoff, bounded redirects, http(s) only, a size cap),
//! the poll schedule, and which item becomes which article. Must never: code events or hold
//! SQL (the pipeline and the store do), or keep process-global state (several watchers may run
//! in one process).
//!
//! - [`Config`] reads `sources.toml`.
//! - [`Watcher::run`] polls until stopped (or once), writing each item's article and state in
//!   the store as it goes, so an interrupted run resumes without fetching anything twice.
//! - [`Fetcher`] is the polite HTTP client on its own; [`canonical_url`] the URL key.

#![warn(missing_docs)]

mod canon;
mod config;
mod fetch;
mod hosts;
mod page;
mod watcher;

use std::path::PathBuf;

pub use canon::canonical_url;
pub use config::{Config, SourceConfig, SourceKind, WatchOptions};
pub use fetch::{FetchError, Fetched, Fetcher, Validators};
pub use watcher::{PollOutcome, RunMode, WatchEvent, WatchReport, Watcher};

/// What can stop the watcher (a broken source never does: it is recorded in its health).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `sources.toml` could not be read.
    #[error("cannot read {path}: {source}")]
    ConfigRead {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `sources.toml` is not valid.
    #[error("sources configuration: {0}")]
    Config(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] marsad_store::Error),
    /// The pipeline could not start.
    #[error(transparent)]
    Pipeline(#[from] marsad_pipeline::Error),
    /// A fetching thread could not be started.
    #[error("cannot start a fetching thread: {0}")]
    Thread(std::io::Error),
}

/// `Result` with the watcher's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
