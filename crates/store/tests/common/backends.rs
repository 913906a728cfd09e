//! Running one test against both backends: SQLite always, PostgreSQL when
//! `MARSAD_TEST_POSTGRES_URL` names a server (each test gets its own fresh database, dropped
//! at the end). Without the variable the PostgreSQL half prints that it skipped.

use marsad_store::testing::TempDatabase;
use marsad_store::Store;

/// Opens the test's store; every call opens another connection to the same store.
pub type Open<'a> = &'a dyn Fn() -> Store;

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
