//! Migrations, applied in order; `PRAGMA user_version` records how many have run.

use rusqlite::Connection;

use crate::{Error, Result};

/// Every migration, oldest first. Never edit a released one: append a new file.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_search_review.sql"),
    include_str!("migrations/0003_reports.sql"),
    include_str!("migrations/0004_watch_sources.sql"),
    include_str!("migrations/0005_event_documents.sql"),
    include_str!("migrations/0006_search_follows_deletes.sql"),
];

/// Brings the schema up to date in one transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let supported = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
    let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found > supported {
        return Err(Error::SchemaTooNew { found, supported });
    }
    if found == supported {
        return Ok(());
    }
    // A migration may rebuild a table others reference (SQLite's way to change a column):
    // foreign keys are off while migrations run (the pragma is a no-op inside a
    // transaction, so it is set before) and checked before the commit.
    conn.execute_batch("PRAGMA foreign_keys = OFF")?;
    let result = apply_pending(conn);
    conn.execute_batch("PRAGMA foreign_keys = ON")?;
    result
}

/// Runs the migrations not yet applied, in one immediate transaction, and refuses to commit
/// if they left a dangling reference.
fn apply_pending(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the lock.
    let found: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = i64::try_from(index + 1).unwrap_or(i64::MAX);
        if version <= found {
            continue;
        }
        tx.execute_batch(sql)?;
        // PRAGMA takes no bound parameters; `version` is our own counter, not input.
        tx.execute_batch(&format!("PRAGMA user_version = {version}"))?;
    }
    let dangling: i64 =
        tx.query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })?;
    if dangling > 0 {
        return Err(Error::Migration(format!(
            "{dangling} rows would reference missing rows after migrating"
        )));
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store written before event documents left the `events` table keeps every event,
    /// its links and its audit trail, and the admin2/admin3 filters still see the values.
    #[test]
    fn events_keep_their_documents_links_and_audit_through_the_narrowing_migration() {
        let mut conn = Connection::open_in_memory().unwrap();
        let before_narrowing = MIGRATIONS
            .iter()
            .position(|sql| sql.contains("CREATE TABLE event_documents"))
            .unwrap();
        for sql in &MIGRATIONS[..before_narrowing] {
            conn.execute_batch(sql).unwrap();
        }
        let version = i64::try_from(before_narrowing).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA user_version = {version}; PRAGMA foreign_keys = ON"
        ))
        .unwrap();
        conn.execute_batch(
            r#"INSERT INTO events (event_id, seq, event_date, window_start, window_end,
                   time_precision, event_type, sub_event_type, actor1, assoc_actor_1, actor2,
                   assoc_actor_2, admin1, admin1_pcode, latitude, longitude, fatalities,
                   review_status, json, created_at, updated_at)
               VALUES ('SYR-000001', 1, '2024-05-02', '2024-05-02', '2024-05-02', 1,
                   'Battles', 'Armed clash', 'A', '', 'B', '', 'Deir-ez-Zor', 'SY09', 35.0,
                   40.1, 2, 'confirmed',
                   '{"event_id":"SYR-000001","admin2":"Al Mayadin","admin3_pcode":"SY090301"}',
                   1, 2);
               INSERT INTO event_articles (event_id, article_id) VALUES ('SYR-000001', 'a1');
               INSERT INTO audit (event_id, at, by, field) VALUES ('SYR-000001', 'now', 'x', 'f');"#,
        )
        .unwrap();

        migrate(&mut conn).unwrap();

        let row: (String, Option<String>, Option<String>, String) = conn
            .query_row(
                "SELECT e.event_id, e.admin2, e.admin3_pcode, d.json
                 FROM events e JOIN event_documents d ON d.seq = e.seq",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .unwrap();
        assert_eq!(row.0, "SYR-000001");
        assert_eq!(row.1.as_deref(), Some("Al Mayadin"));
        assert_eq!(row.2.as_deref(), Some("SY090301"));
        assert!(row.3.contains("Al Mayadin"));
        let links: i64 = conn
            .query_row("SELECT COUNT(*) FROM event_articles", [], |row| row.get(0))
            .unwrap();
        let audit: i64 = conn
            .query_row("SELECT COUNT(*) FROM audit", [], |row| row.get(0))
            .unwrap();
        assert_eq!((links, audit), (1, 1));
        let foreign_keys: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |row| row.get(0))
            .unwrap();
        assert_eq!(foreign_keys, 1, "foreign keys are back on after migrating");
        // Deleting the event now cascades to its links and takes its document along.
        conn.execute_batch("DELETE FROM audit; DELETE FROM events;")
            .unwrap();
        let left: i64 = conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM event_articles) + (SELECT COUNT(*) FROM event_documents)",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
    }
}
