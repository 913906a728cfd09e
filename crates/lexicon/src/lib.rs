//! The reviewed vocabularies marsad matches against text: the gazetteer of Syrian places with
//! their admin hierarchy, and the alias tables (actors, triggers, outlets).
//!
//! Owns: loading TSV/JSON data given as strings and answering lookups. Must never: read files
//! itself (callers pass the bytes), or decide what an event is.

pub mod alias;
pub mod gazetteer;
pub mod geocode;
pub mod phrase;

pub use gazetteer::{Gazetteer, MergeReport, Place, PlaceId, PlaceKind};
pub use geocode::{GeoContext, Geocoder, Location, Relation};
pub use phrase::{phrase_key, PhraseMatch, PhraseMatcher, PhraseOptions};
