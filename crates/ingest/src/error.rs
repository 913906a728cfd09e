//! Why an input could not be read.

/// A problem with one input file or record; it becomes a [`marsad_model::Warning`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read.
    #[error("unreadable: {0}")]
    Io(#[from] std::io::Error),
    /// The file holds nothing but whitespace.
    #[error("empty file")]
    Empty,
    /// The file holds NUL bytes: not text.
    #[error("binary file (NUL bytes), skipped")]
    Binary,
    /// The file is larger than the cap for its kind.
    #[error("too large: {size} bytes, over the {cap}-byte cap, skipped")]
    TooLarge {
        /// Bytes in the file (or record).
        size: u64,
        /// The cap that applied.
        cap: u64,
    },
    /// The bytes are not UTF-8.
    #[error("invalid UTF-8 at line {line}, byte {byte}, skipped")]
    InvalidUtf8 {
        /// 1-based line of the first bad byte.
        line: u64,
        /// 0-based byte offset of the first bad byte.
        byte: usize,
    },
    /// A date that is not `YYYY-MM-DD`, RFC 3339 or RFC 2822, or is impossible (`2019-02-30`).
    #[error("unparseable publication date {0:?}")]
    BadDate(String),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
