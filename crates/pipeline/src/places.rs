//! Gazetteer imports into the store, and re-geocoding the events already stored.

use crate::{gazetteer_for, Error, Pipeline, Result};
use marsad_extract::Extractor;
use marsad_lexicon::gazetteer::{import, Place};
use marsad_model::{Event, ReviewStatus};
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
    /// re-geocodes the stored events.
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
        self.store.begin()?;
        self.store.put_places_json(format, &rows)?;
        self.store.commit()?;
        self.extractor = Extractor::new(gazetteer_for(&self.store)?)?;
        let events_regeocoded = self.regeocode()?;
        Ok(ImportReport {
            places: places.len(),
            warnings,
            events_regeocoded,
        })
    }

    /// Re-reads the places of every unreviewed stored event with the current gazetteer: each
    /// source article is extracted again and the event told in the same sentence gives the place.
    pub fn regeocode(&mut self) -> Result<usize> {
        let mut changed = 0;
        let events = self.store.events(&marsad_store::EventFilter {
            include_rejected: true,
            ..Default::default()
        })?;
        self.store.begin()?;
        for event in events {
            if matches!(
                event.review.status,
                ReviewStatus::Confirmed | ReviewStatus::Edited
            ) {
                continue;
            }
            if let Some(better) = self.better_place(&event)? {
                self.store.update_event(&better)?;
                changed += 1;
            }
        }
        self.store.commit()?;
        Ok(changed)
    }

    fn better_place(&self, event: &Event) -> Result<Option<Event>> {
        for source in &event.sources {
            let Some(article) = self.store.article(&source.article_id)? else {
                continue;
            };
            let fresh = self.extractor.extract(&article);
            let told_here = |e: &Event| {
                e.evidence.iter().any(|x| {
                    event
                        .evidence
                        .iter()
                        .any(|y| y.article_id == x.article_id && y.start == x.start)
                })
            };
            let Some(found) = fresh.events.iter().find(|e| told_here(e)) else {
                continue;
            };
            let same = found.location_ar == event.location_ar
                && found.latitude == event.latitude
                && found.admin3_pcode == event.admin3_pcode
                && found.geo_precision == event.geo_precision;
            if same {
                return Ok(None);
            }
            let mut e = event.clone();
            e.admin1 = found.admin1.clone();
            e.admin2 = found.admin2.clone();
            e.admin3 = found.admin3.clone();
            e.admin1_pcode = found.admin1_pcode.clone();
            e.admin2_pcode = found.admin2_pcode.clone();
            e.admin3_pcode = found.admin3_pcode.clone();
            e.location = found.location.clone();
            e.location_ar = found.location_ar.clone();
            e.latitude = found.latitude;
            e.longitude = found.longitude;
            e.geo_precision = found.geo_precision;
            e.notes = e.generated_notes();
            return Ok(Some(e));
        }
        Ok(None)
    }
}
