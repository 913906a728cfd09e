//! Reading articles from disk: `.txt`, `.html`, `.jsonl`, RSS/Atom feeds and directories with a
//! `manifest.jsonl`, with boilerplate removed and every problem turned into a warning.
//!
//! Owns: input formats and cleaning. Must never: panic on bad input, or code events.
//!
//! - [`read_paths`] streams [`Input`]s (articles and warnings) from files and directories.
//! - [`clean_text`] cuts boilerplate lines from a plain-text scrape ("قد يعجبك أيضاً", cookie
//!   notices, headline lists...), recording each cut with its reason.
//! - [`parse_feed`] reads an RSS/Atom feed held in memory (a fetched feed) into entries: link,
//!   metadata and the item's own cleaned text.
//! - [`clean_html`] extracts an HTML page's article body and metadata, then applies `clean_text`.

#![warn(missing_docs)]

mod assemble;
mod dates;
mod error;
mod feed;
mod fold;
mod html;
mod jsonl;
mod manifest;
mod plain;
mod walk;

pub use dates::parse_published;
pub use error::{Error, Result};
pub use feed::{parse_feed, FeedEntry, ParsedFeed};
pub use html::{clean_html, CleanedPage};
pub use plain::clean_text;
pub use walk::{read_paths, Inputs};

use marsad_model::{Article, Warning};

/// Largest single-article file (`.txt`, `.html`) read: 20 MB.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Largest JSONL line or feed item read: 10 MB.
pub const MAX_RECORD_BYTES: u64 = 10 * 1024 * 1024;

/// One item read from the inputs, in a deterministic order (directory entries sorted by name).
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A cleaned article, ready to store.
    Article(Article),
    /// A problem with one input (skipped file, bad line, missing date...).
    Warning(Warning),
}
