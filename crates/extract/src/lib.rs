//! From one article to its events: rule families (triggers, actors, casualties, claims, dates,
//! places, non-events) over the `text` and `lexicon` layers, each in its own module.
//!
//! Owns: ACLED coding of one article. Must never: see other articles, touch the store, or do I/O.
//!
//! ```text
//! article text → normalize → sentences → lexicon hits (triggers, actors, cues), numbers, dates
//!   → per sentence: non-event? (aggregate, background, threat, denial) → article facts
//!   → clauses → one draft per act (type, actors, casualties, date, place, claims)
//!   → drafts of one happening merged → events with evidence offsets and notes
//! ```

mod actors;
mod analysis;
mod casualties;
mod claims;
mod dates;
mod draft;
mod inspect;
mod lexicons;
mod nonevents;
mod places;
mod typing;

pub use inspect::Inspection;
pub use lexicons::{LexiconError, Lexicons};

use marsad_lexicon::gazetteer::Gazetteer;
use marsad_model::{Article, ArticleFact, Event};

/// What one article yields.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// Fresh events, each with its evidence (ids empty: the store assigns them).
    pub events: Vec<Event>,
    /// Aggregates, background and threats: kept for trends, never exported as events.
    pub facts: Vec<ArticleFact>,
    /// Place names introduced as places (`قرية X`) that the gazetteer does not know.
    pub unresolved_places: Vec<String>,
    /// Problems worth an analyst's look (a weekday that contradicts `أمس`, an undatable event).
    pub warnings: Vec<String>,
}

/// The extraction engine: compiled lexicons and a gazetteer. Build once, reuse for every article.
pub struct Extractor {
    lexicons: Lexicons,
    gazetteer: Gazetteer,
}

impl Extractor {
    /// An extractor with the bundled lexicons and the given gazetteer.
    pub fn new(gazetteer: Gazetteer) -> Result<Extractor, LexiconError> {
        Ok(Extractor {
            lexicons: Lexicons::bundled()?,
            gazetteer,
        })
    }

    /// An extractor with the bundled lexicons and the base gazetteer.
    pub fn bundled() -> Result<Extractor, LexiconError> {
        Extractor::new(Gazetteer::base())
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Replaces the gazetteer (after an import or an analyst's addition).
    pub fn set_gazetteer(&mut self, gazetteer: Gazetteer) {
        self.gazetteer = gazetteer;
    }

    /// Codes the events of one article.
    pub fn extract(&self, article: &Article) -> Extraction {
        draft::extract(self, article)
    }
}
