//! Gazetteer imports into the store, and re-geocoding the events already stored.

use crate::{gazetteer_for, Error, IngestSummary, Pipeline, Result};
use marsad_extract::Extractor;
use marsad_lexicon::gazetteer::{import, Place};
use marsad_model::Event;
use std::collections::BTreeMap;
use std::path::Path;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Places read from the files.
    pub places: usize,
    /// Lines or records skipped, with why.
    pub warnings: Vec<String>,
    /// Stored events whose place changed.
    pub events_regeocoded: usize,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "places imported: {} | skipped: {} | events re-geocoded: {}",
            self.places,
            self.warnings.len(),
            self.events_regeocoded
        )
    }
}

/// A gazetteer import that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// File.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// The data is malformed.
    #[error("{0}")]
    Format(String),
    /// The format name is unknown.
    #[error("unknown gazetteer format {0:?} (open-syria, geonames)")]
    UnknownFormat(String),
}

fn read(path: &Path) -> Result<String, ImportError> {
    std::fs::read_to_string(path).map_err(|source| ImportError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Reads places in `format` from `path` (a directory for `open-syria`, `SY.txt` for `geonames`).
pub fn read_places(format: &str, path: &Path) -> Result<(Vec<Place>, Vec<String>), ImportError> {
    match format {
        "open-syria" => {
            let dir = if path.is_dir() {
                path.to_path_buf()
            } else {
                path.parent().map(Path::to_path_buf).unwrap_or_default()
            };
            let places = import::open_syria(
                &read(&dir.join("governorates.json"))?,
                &read(&dir.join("districts.json"))?,
                &read(&dir.join("subdistricts.json"))?,
            )
            .map_err(|e| ImportError::Format(e.to_string()))?;
            Ok((places, Vec::new()))
        }
        "geonames" => Ok(import::geonames_dump(&read(path)?)),
        other => Err(ImportError::UnknownFormat(other.into())),
    }
}

impl Pipeline {
    /// Imports places into the store's gazetteer layer, rebuilds the extractor's gazetteer and
    /// re-geocodes the stored events, all in one transaction: an import that fails or is
    /// killed part-way leaves the store as it was (never places without their re-geocoding).
    pub fn import_places(&mut self, format: &str, path: &Path) -> Result<ImportReport> {
        let (places, warnings) = read_places(format, path)?;
        let rows: Vec<(String, String)> = places
            .iter()
            .map(|p| {
                Ok((
                    p.source_id.clone(),
                    serde_json::to_string(p).map_err(|e| Error::Place(p.source_id.clone(), e))?,
                ))
            })
            .collect::<Result<_>>()?;
        let before = self.all_events()?;
        self.store.begin()?;
        let applied = self
            .store
            .put_places_json(format, &rows)
            .map_err(Error::from)
            .and_then(|_| gazetteer_for(&self.store))
            .and_then(|gazetteer| Ok(Extractor::new(gazetteer)?))
            .and_then(|extractor| {
                self.extractor = extractor;
                self.refuse_stored_articles()
            });
        if let Err(e) = applied {
            let _ = self.store.rollback();
            // Back to the gazetteer the store still has.
            if let Ok(extractor) =
                gazetteer_for(&self.store).and_then(|gazetteer| Ok(Extractor::new(gazetteer)?))
            {
                self.extractor = extractor;
            }
            return Err(e);
        }
        self.store.commit()?;
        Ok(ImportReport {
            places: places.len(),
            warnings,
            events_regeocoded: self.count_moved(&before)?,
        })
    }

    /// Re-reads every stored article with the current gazetteer and fuses its reports again (as
    /// a revision would): events whose places changed are updated in place; reviewed events keep
    /// the analyst's coding. Returns how many stored events changed.
    pub fn regeocode(&mut self) -> Result<usize> {
        let before = self.all_events()?;
        self.store.begin()?;
        if let Err(e) = self.refuse_stored_articles() {
            let _ = self.store.rollback();
            return Err(e);
        }
        self.store.commit()?;
        self.count_moved(&before)
    }

    /// Every stored event (rejected ones too), by id.
    fn all_events(&self) -> Result<BTreeMap<String, Event>> {
        Ok(self
            .store
            .events(&marsad_store::EventFilter {
                include_rejected: true,
                ..Default::default()
            })?
            .into_iter()
            .map(|e| (e.event_id.clone(), e))
            .collect())
    }

    /// Extracts and fuses every stored article again, inside the caller's transaction.
    fn refuse_stored_articles(&mut self) -> Result<()> {
        let ids: Vec<String> = self.store.articles()?.into_iter().map(|a| a.id).collect();
        let mut summary = IngestSummary::default();
        for id in ids {
            let Some(article) = self.store.article(&id)? else {
                continue;
            };
            let extraction = self.extractor.extract(&article);
            self.fuse_article(
                &article.id,
                extraction.events,
                &extraction.unresolved_places,
                &mut summary,
            )?;
        }
        Ok(())
    }

    /// How many events are new or placed differently than in `before`.
    fn count_moved(&self, before: &BTreeMap<String, Event>) -> Result<usize> {
        Ok(self
            .all_events()?
            .values()
            .filter(|e| {
                before.get(&e.event_id).is_none_or(|b| {
                    (&b.location_ar, b.latitude, b.geo_precision, &b.admin3_pcode)
                        != (&e.location_ar, e.latitude, e.geo_precision, &e.admin3_pcode)
                })
            })
            .count())
    }
}
