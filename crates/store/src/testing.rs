//! Test support for crates that test against PostgreSQL (`--features test-support`): the
//! server named by `MARSAD_TEST_POSTGRES_URL` and throwaway databases on it. Test code: it
//! panics when the named server cannot be reached.

use std::sync::atomic::{AtomicU64, Ordering};

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
