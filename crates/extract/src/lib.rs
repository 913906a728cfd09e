//! From one article to its events: rule families (triggers, actors, casualties, claims, dates,
//! places, non-events) over the `text` and `lexicon` layers, each in its own module.
//!
//! Owns: ACLED coding of one article. Must never: see other articles, touch the store, or do I/O.
