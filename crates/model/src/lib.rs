//! The records every marsad crate shares: an ingested [`Article`], a coded [`Event`] in ACLED's
//! columns (`../shared/spec/event.md`), and the [`Warning`]s that bad input leaves behind.
//!
//! This crate owns data shapes only. It must never do I/O, parse Arabic, or hold a rule of
//! extraction: it is the vocabulary the pipeline crates speak, nothing more.

mod acled;
mod article;
mod event;
mod notes;

pub use acled::{ActorType, SubEventType};
pub use article::{Article, RemovedLine, Warning};
pub use event::{
    ArticleFact, Casualty, Claim, Event, Evidence, FactKind, Review, ReviewStatus, SourceRef,
};
