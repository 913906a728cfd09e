//! Review support: API bearer tokens (only their SHA-256 kept) and the audit of analyst
//! changes to places.

use rusqlite::params;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{unix_now, Error, Result, SqliteStore};

/// A named API token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// Who holds it (`amal`), as written in the audit's `by`.
    pub name: String,
    /// Unix seconds when it was created.
    pub created_at: i64,
}

/// One analyst change to a place (its coordinates), kept forever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceAuditEntry {
    /// The place's Arabic name, as events write `location_ar` (`الطيانة`).
    pub name_ar: String,
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub by: String,
    /// Which field (`coordinates`).
    pub field: String,
    /// Value before, as JSON text.
    pub before: Option<String>,
    /// Value after, as JSON text.
    pub after: Option<String>,
    /// The analyst's reason.
    pub reason: Option<String>,
}

pub(crate) fn token_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Byte-wise comparison whose time does not depend on where the inputs differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl SqliteStore {
    /// Creates (or replaces) the API token `name` and returns its secret, which is shown this
    /// once: only its SHA-256 is stored. Names are 1–64 letters, digits, `-`, `_` or `.`.
    pub fn create_token(&mut self, name: &str) -> Result<String> {
        let valid = !name.is_empty()
            && name.chars().count() <= 64
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !valid {
            return Err(Error::InvalidTokenName(name.to_string()));
        }
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes).map_err(|e| Error::Random(e.to_string()))?;
        let secret = format!("marsad_{}", hex::encode(bytes));
        self.conn
            .prepare_cached(
                "INSERT INTO api_tokens (name, hash, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(name) DO UPDATE SET hash = excluded.hash,
                     created_at = excluded.created_at",
            )?
            .execute(params![name, token_hash(&secret), unix_now()])?;
        Ok(secret)
    }

    /// The name of the token whose secret this is, or `None`. Every stored hash is compared
    /// in constant time, so timing tells nothing about near misses.
    pub fn token_name(&self, secret: &str) -> Result<Option<String>> {
        let wanted = token_hash(secret);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, hash FROM api_tokens")?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut found = None;
        for row in rows {
            let (name, hash) = row?;
            if constant_time_eq(hash.as_bytes(), wanted.as_bytes()) && found.is_none() {
                found = Some(name);
            }
        }
        Ok(found)
    }

    /// Every token, by name (secrets are never stored, so never listed).
    pub fn tokens(&self) -> Result<Vec<TokenInfo>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, created_at FROM api_tokens ORDER BY name")?;
        let rows = stmt.query_map([], |row| {
            Ok(TokenInfo {
                name: row.get(0)?,
                created_at: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Deletes a token; returns whether it existed.
    pub fn revoke_token(&mut self, name: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM api_tokens WHERE name = ?1")?
            .execute([name])?
            > 0)
    }

    /// Takes a name off the unresolved list once an analyst has placed it; returns how many
    /// mentions were cleared.
    pub fn clear_unresolved_place(&mut self, name_ar: &str) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM unresolved_places WHERE name_ar = ?1")?
            .execute([name_ar])?)
    }

    /// Ids of the stored events placed at `location_ar` (rejected ones included), by id.
    pub fn events_at_place(&self, location_ar: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.event_id FROM events e JOIN event_documents d ON d.seq = e.seq
             WHERE json_extract(d.json, '$.location_ar') = ?1 ORDER BY e.seq",
        )?;
        let rows = stmt.query_map([location_ar], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
    }

    /// Appends one entry to a place's audit trail.
    pub fn put_place_audit(&mut self, entry: &PlaceAuditEntry) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO place_audit (name_ar, at, by, field, before, after, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                entry.name_ar,
                entry.at,
                entry.by,
                entry.field,
                entry.before,
                entry.after,
                entry.reason
            ])?;
        Ok(())
    }

    /// A place's audit trail, oldest first.
    pub fn place_audit(&self, name_ar: &str) -> Result<Vec<PlaceAuditEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name_ar, at, by, field, before, after, reason FROM place_audit
             WHERE name_ar = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([name_ar], |row| {
            Ok(PlaceAuditEntry {
                name_ar: row.get(0)?,
                at: row.get(1)?,
                by: row.get(2)?,
                field: row.get(3)?,
                before: row.get(4)?,
                after: row.get(5)?,
                reason: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stored_hashed_and_checked() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let secret = store.create_token("amal").unwrap();
        assert_eq!(store.token_name(&secret).unwrap().as_deref(), Some("amal"));
        assert_eq!(store.token_name("marsad_wrong").unwrap(), None);
        let stored: String = store
            .conn
            .query_row("SELECT hash FROM api_tokens", [], |r| r.get(0))
            .unwrap();
        assert!(!stored.contains(&secret[7..]), "the secret is not stored");
        let rotated = store.create_token("amal").unwrap();
        assert_ne!(rotated, secret);
        assert_eq!(store.token_name(&secret).unwrap(), None, "old secret dies");
        assert!(store.create_token("bad name").is_err());
        assert!(store.revoke_token("amal").unwrap());
        assert_eq!(store.token_name(&rotated).unwrap(), None);
    }
}
