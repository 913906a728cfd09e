//! Running one test against both backends: SQLite always, PostgreSQL when
//! `MARSAD_TEST_POSTGRES_URL` names a server (each test gets its own fresh database, dropped
//! at the end). Without the variable the PostgreSQL half prints that it skipped.

use std::sync::atomic::{AtomicU64, Ordering};

use marsad_store::Store;

/// Opens the test's store; every call opens another connection to the same store.
pub type Open<'a> = &'a dyn Fn() -> Store;

/// The server URL for PostgreSQL tests, if set.
pub fn postgres_url() -> Option<String> {
    std::env::var("MARSAD_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// `url` with its database (the path) replaced by `database`.
pub fn with_database(url: &str, database: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let (authority, query) = match rest.split_once('/') {
        Some((authority, path)) => (authority, path.split_once('?').map(|(_, q)| q)),
        None => (rest, None),
    };
    match query {
        Some(q) => format!("{scheme}://{authority}/{database}?{q}"),
        None => format!("{scheme}://{authority}/{database}"),
    }
}

/// A fresh database on the test server, dropped (connections and all) when this is dropped.
pub struct TempDatabase {
    admin_url: String,
    name: String,
    /// The URL of the fresh database.
    pub url: String,
}

impl TempDatabase {
    /// Creates one, or `None` (after saying so) when no server is configured.
    pub fn create(test: &str) -> Option<TempDatabase> {
        let Some(admin_url) = postgres_url() else {
            eprintln!("skipped {test} on PostgreSQL: MARSAD_TEST_POSTGRES_URL is not set");
            return None;
        };
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "marsad_test_{}_{}_{}",
            std::process::id(),
            nanos,
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls)
            .expect("MARSAD_TEST_POSTGRES_URL names a reachable server");
        // A database name cannot be a bound parameter; this one is made of our own digits.
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create a test database");
        let url = with_database(&admin_url, &name);
        Some(TempDatabase {
            admin_url,
            name,
            url,
        })
    }
}

impl Drop for TempDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// Runs `test` on a SQLite file store in a temporary directory.
pub fn on_sqlite(test: fn(Open)) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("store.db");
    test(&|| Store::open(&path).expect("open the SQLite store"));
}

/// Runs `test` on a fresh PostgreSQL database, or skips (saying so) without a server.
pub fn on_postgres(name: &str, test: fn(Open)) {
    let Some(db) = TempDatabase::create(name) else {
        return;
    };
    test(&|| Store::open_target(&db.url).expect("open the PostgreSQL store"));
}

/// Declares, for each named `fn(Open)`, a test on SQLite and one on PostgreSQL:
/// `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { $crate::common::backends::on_sqlite(super::$name) } )*
        }
        mod postgres {
            $( #[test] fn $name() {
                $crate::common::backends::on_postgres(stringify!($name), super::$name)
            } )*
        }
    };
}
