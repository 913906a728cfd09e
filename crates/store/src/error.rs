use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database file could not be opened or created.
    #[error("cannot open store at {path}: {source}")]
    Open {
        /// The path given to [`crate::Store::open`].
        path: PathBuf,
        /// SQLite's reason.
        source: rusqlite::Error,
    },
    /// A SQLite statement failed (locked, full disk, constraint...).
    #[error("store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The PostgreSQL server could not be reached or refused the connection.
    #[error("cannot connect to PostgreSQL at {target}: {source}")]
    Connect {
        /// The URL given, with any password masked.
        target: String,
        /// The client's reason.
        source: postgres::Error,
    },
    /// A PostgreSQL statement failed.
    #[error("store (PostgreSQL): {0}")]
    Postgres(#[from] postgres::Error),
    /// An operation this pair of backends does not offer (e.g. copying into SQLite).
    #[error("not supported: {0}")]
    Unsupported(String),
    /// The file was written by a newer marsad whose schema this build does not know.
    #[error("store schema version {found} is newer than this build supports ({supported})")]
    SchemaTooNew {
        /// `PRAGMA user_version` of the file.
        found: i64,
        /// The last migration this build knows.
        supported: i64,
    },
    /// A migration would leave the store inconsistent; nothing was changed.
    #[error("store migration refused: {0}")]
    Migration(String),
    /// `begin` while a transaction is already open.
    #[error("a transaction is already open")]
    TransactionActive,
    /// `commit` or `rollback` without `begin`.
    #[error("no transaction is open")]
    NoTransaction,
    /// `update_event` (or an audit entry) names an event that is not stored.
    #[error("no stored event {0}")]
    UnknownEvent(String),
    /// An event dated outside years 1–9999, which the store cannot keep in date order.
    #[error("event {event_id} is dated {date}, outside years 1-9999")]
    DateOutOfRange {
        /// The event's id (empty for a new event).
        event_id: String,
        /// Its date.
        date: chrono::NaiveDate,
    },
    /// A JSON value handed to the store does not parse.
    #[error("invalid JSON for {what}: {source}")]
    InvalidJson {
        /// What the JSON was meant to be (`place kfr-1`, `ingest run summary`).
        what: String,
        /// The parser's reason.
        source: serde_json::Error,
    },
    /// A page cursor that this store did not hand out, or one from another sort order.
    #[error("invalid cursor: {0}")]
    InvalidCursor(String),
    /// A token name with characters other than letters, digits, `-`, `_`, `.` (or empty).
    #[error("invalid token name {0:?}: use 1-64 letters, digits, '-', '_' or '.'")]
    InvalidTokenName(String),
    /// The system's random source failed.
    #[error("no randomness for a token: {0}")]
    Random(String),
    /// A stored row could not be read back (edited by hand, or written by a buggy build).
    #[error("corrupt {table} row {key}: {reason}")]
    CorruptRow {
        /// Table name.
        table: &'static str,
        /// Its key.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl Error {
    /// Whether the caller's input is at fault (bad cursor or token name), not the store.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, Error::InvalidCursor(_) | Error::InvalidTokenName(_))
    }
}

/// The store's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
