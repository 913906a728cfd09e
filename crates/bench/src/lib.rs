//! Speed at scale: a deterministic generator of Arabic report corpora and the end-to-end
//! benchmark behind `marsad bench`.
//!
//! Owns: synthetic corpora and throughput figures. Must never: code events or hold SQL of its
//! own (it drives `pipeline`, `extract`, `fuse` and `store` through their public APIs).
//!
//! - [`Generator`] streams reports (`مقتل ٣ عناصر من قسد بهجوم لـ"داعـــش" في ريف دير الزور`)
//!   written from `data/*.tsv` templates and the project's lexicons; [`write_corpus`] writes
//!   them as a directory `marsad ingest` reads.
//! - [`run`] generates a corpus, ingests it into a fresh store with the parallel pipeline, and
//!   measures per stage, end to end, and the read + NFKC limit on the same bytes.

#![warn(missing_docs)]

mod generate;
mod measure;
mod prng;
mod tables;

pub use generate::{write_corpus, Corpus, CorpusSpec, Generator, Report, ARTICLES_PER_PART};
pub use measure::{
    measure_limit, peak_rss_mb, reset_peak_rss, run, BenchOptions, BenchReport, LimitFigure,
    StageFigure,
};
pub use prng::SplitMix64;

use std::path::PathBuf;

/// What can stop a generation or a bench run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bundled table is malformed.
    #[error("{table} line {line}: {reason}")]
    Table {
        /// Table file name.
        table: &'static str,
        /// 1-based line (0 when about the table as a whole).
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The output directory already holds files.
    #[error("{0} is not empty: generate into a new or empty directory")]
    NotEmpty(PathBuf),
    /// A manifest line could not be written.
    #[error("manifest: {0}")]
    Json(serde_json::Error),
    /// The pipeline failed.
    #[error(transparent)]
    Pipeline(#[from] marsad_pipeline::Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] marsad_store::Error),
    /// The extractor's lexicons are broken.
    #[error(transparent)]
    Lexicon(#[from] marsad_extract::LexiconError),
    /// A bench asked for no articles.
    #[error("a bench needs at least one article")]
    NoArticles,
}

/// `Result` with this crate's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
