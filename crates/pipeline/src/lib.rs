//! The article pipeline shared by the CLI and the server: read inputs, store each article
//! (idempotently), extract its events, fuse them with the stored ones, all in one transaction
//! per article so an interrupted run resumes cleanly.
//!
//! Owns: orchestration and the ingest summary. Must never: parse text or code events itself
//! (that is `extract`), or hold SQL (that is `store`).

pub mod export;
mod fusion;
mod places;

pub use places::{read_places, ImportError, ImportReport};

use marsad_extract::{Extraction, Extractor};
use marsad_lexicon::gazetteer::{Gazetteer, Place};
use marsad_model::{Article, Warning};
use marsad_store::{ArticleOutcome, Store};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Inputs read, extracted and committed together by [`Pipeline::ingest_paths`]: enough to keep
/// every core busy, few enough that memory does not grow with the corpus.
const INGEST_BATCH: usize = 256;

/// Inputs with the extraction of each article, in input order.
type ExtractedBatch = Vec<(marsad_ingest::Input, Option<Extraction>)>;

/// What can stop the pipeline (bad input never does: it becomes a warning).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] marsad_store::Error),
    /// The bundled lexicons are broken.
    #[error(transparent)]
    Lexicon(#[from] marsad_extract::LexiconError),
    /// A gazetteer import failed.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// A stored gazetteer row is unreadable.
    #[error("stored place {0}: {1}")]
    Place(String, serde_json::Error),
}

/// `Result` with the pipeline's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The one-line summary of an ingest run (`cli.md`: `--json` prints exactly these keys).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct IngestSummary {
    /// Articles stored for the first time.
    pub articles_new: u64,
    /// Articles already stored (same id or same text).
    pub articles_duplicate: u64,
    /// Articles stored again with changed text.
    pub articles_revised: u64,
    /// Inputs that could not be read as articles.
    pub articles_rejected: u64,
    /// Warnings recorded.
    pub warnings: u64,
    /// Events created.
    pub events_new: u64,
    /// Reports merged into stored events.
    pub events_merged: u64,
}

impl std::fmt::Display for IngestSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "articles: {} new, {} duplicate, {} revised, {} rejected | warnings: {} | events: {} new, {} merged",
            self.articles_new,
            self.articles_duplicate,
            self.articles_revised,
            self.articles_rejected,
            self.warnings,
            self.events_new,
            self.events_merged
        )
    }
}

/// The store with an extractor whose gazetteer includes the store's imported places.
pub struct Pipeline {
    /// The store (public: read commands use it directly).
    pub store: Store,
    extractor: Extractor,
}

/// The base gazetteer merged with every place the store holds (imports, analysts' additions).
pub fn gazetteer_for(store: &Store) -> Result<Gazetteer> {
    let mut gazetteer = Gazetteer::base();
    let mut places: Vec<Place> = Vec::new();
    for (source, id, json) in store.places_json()? {
        let place: Place =
            serde_json::from_str(&json).map_err(|e| Error::Place(format!("{source}/{id}"), e))?;
        places.push(place);
    }
    if !places.is_empty() {
        gazetteer.merge(places);
    }
    Ok(gazetteer)
}

impl Pipeline {
    /// Opens the store at `path` (created if needed).
    pub fn open(path: &Path) -> Result<Pipeline> {
        Pipeline::with_store(Store::open(path)?)
    }

    /// Wraps an open store.
    pub fn with_store(store: Store) -> Result<Pipeline> {
        let extractor = Extractor::new(gazetteer_for(&store)?)?;
        Ok(Pipeline { store, extractor })
    }

    /// The extractor in use.
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// The extractor, keeping nothing else open.
    pub fn extractor_owned(self) -> Extractor {
        self.extractor
    }

    /// Ingests files and directories; `on_item` is called after each input, in input order
    /// (for progress bars).
    ///
    /// Parallel, in three overlapping steps: a reader thread reads and cleans inputs in batches
    /// of 256; an extraction thread extracts each batch on every core (rayon); this thread
    /// alone writes each extracted batch — stored and fused in input order, in one transaction
    /// per batch, so an article is committed together with its events and an interrupted run
    /// resumes with every article exactly once. At most two batches wait between steps, so
    /// memory does not grow with the corpus. The summary (and the store) are those the
    /// one-article-at-a-time [`Pipeline::ingest_article`] loop gives.
    pub fn ingest_paths(
        &mut self,
        paths: &[PathBuf],
        mut on_item: impl FnMut(&IngestSummary, Option<&Article>),
    ) -> Result<IngestSummary> {
        let mut summary = IngestSummary::default();
        // The extraction thread's own extractor: the same bundled lexicons and gazetteer, so
        // the same extractions; owning it lets batch k+1 be extracted while batch k is written.
        let workers = Extractor::new(self.extractor.gazetteer().clone())?;
        std::thread::scope(|scope| -> Result<()> {
            let (read_tx, read) = std::sync::mpsc::sync_channel::<Vec<marsad_ingest::Input>>(2);
            let (extracted_tx, extracted) = std::sync::mpsc::sync_channel::<ExtractedBatch>(2);
            // A send fails only when the next step stopped (the writer hit an error): stop too.
            scope.spawn(move || {
                let mut inputs = marsad_ingest::read_paths(paths);
                loop {
                    let batch: Vec<_> = inputs.by_ref().take(INGEST_BATCH).collect();
                    if batch.is_empty() || read_tx.send(batch).is_err() {
                        break;
                    }
                }
            });
            let workers = &workers;
            scope.spawn(move || {
                for batch in read {
                    let done: ExtractedBatch = batch
                        .into_par_iter()
                        .map(|input| {
                            // Duplicates are extracted too (and dropped by the writer): an
                            // article's extraction depends on the article alone.
                            let extraction = match &input {
                                marsad_ingest::Input::Article(a) => Some(workers.extract(a)),
                                marsad_ingest::Input::Warning(_) => None,
                            };
                            (input, extraction)
                        })
                        .collect();
                    if extracted_tx.send(done).is_err() {
                        break;
                    }
                }
            });
            for batch in extracted {
                self.store.begin()?;
                match self.write_batch(batch, &mut summary, &mut on_item) {
                    Ok(()) => self.store.commit()?,
                    Err(e) => {
                        let _ = self.store.rollback();
                        return Err(e);
                    }
                }
            }
            Ok(())
        })?;
        let json = serde_json::to_string(&summary).unwrap_or_default();
        self.store.put_ingest_run(&json)?;
        // The query planner's row counts follow the store as it grows.
        self.store.refresh_planner_statistics()?;
        Ok(summary)
    }

    /// Stores one extracted batch in input order, inside the caller's transaction.
    fn write_batch(
        &mut self,
        batch: ExtractedBatch,
        summary: &mut IngestSummary,
        on_item: &mut impl FnMut(&IngestSummary, Option<&Article>),
    ) -> Result<()> {
        for (input, extraction) in batch {
            match input {
                marsad_ingest::Input::Article(article) => {
                    self.ingest_extracted(&article, summary, |extractor, article| {
                        extraction.unwrap_or_else(|| extractor.extract(article))
                    })?;
                    on_item(summary, Some(&article));
                }
                marsad_ingest::Input::Warning(w) => {
                    self.store.put_warning(&w)?;
                    summary.warnings += 1;
                    if w.article_id.is_none() {
                        summary.articles_rejected += 1;
                    }
                    on_item(summary, None);
                }
            }
        }
        Ok(())
    }

    /// Stores one article and, if it is new or revised, extracts and fuses its events, all in
    /// one transaction.
    pub fn ingest_article(&mut self, article: &Article, summary: &mut IngestSummary) -> Result<()> {
        self.store.begin()?;
        match self.ingest_in_transaction(article, summary) {
            Ok(()) => Ok(self.store.commit()?),
            Err(e) => {
                let _ = self.store.rollback();
                Err(e)
            }
        }
    }

    fn ingest_in_transaction(
        &mut self,
        article: &Article,
        summary: &mut IngestSummary,
    ) -> Result<()> {
        self.ingest_extracted(article, summary, Extractor::extract)
    }

    /// Stores one article and, if it is new or revised, its extraction (`extract` runs only
    /// then) and fuses its events: the body of [`Pipeline::ingest_article`]'s transaction.
    fn ingest_extracted(
        &mut self,
        article: &Article,
        summary: &mut IngestSummary,
        extract: impl FnOnce(&Extractor, &Article) -> Extraction,
    ) -> Result<()> {
        let outcome = self.store.put_article(article)?;
        match outcome {
            ArticleOutcome::Duplicate => {
                summary.articles_duplicate += 1;
                return Ok(());
            }
            ArticleOutcome::New => summary.articles_new += 1,
            ArticleOutcome::Revised => summary.articles_revised += 1,
        }
        let extraction = extract(&self.extractor, article);
        for w in &extraction.warnings {
            self.store.put_warning(
                &Warning::new(article.origin.clone(), w.clone()).for_article(article.id.clone()),
            )?;
            summary.warnings += 1;
        }
        self.store.put_facts(&article.id, &extraction.facts)?;
        self.fuse_article(
            &article.id,
            extraction.events,
            &extraction.unresolved_places,
            summary,
        )
    }
}
