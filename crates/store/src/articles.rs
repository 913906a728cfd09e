//! Articles: idempotent storage with revisions and content dedup.

use chrono::NaiveDate;
use marsad_model::{Article, RemovedLine};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{unix_now, Error, Result, SqliteStore};

/// What [`Store::put_article`] did with an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleOutcome {
    /// First time seen: stored as revision 1.
    New,
    /// Same text already stored (under this id or another): nothing written.
    Duplicate,
    /// Same id, changed text: stored as a new revision, the old one kept.
    Revised,
}

/// One line of `marsad articles`: an article's latest metadata and its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleSummary {
    /// Article id.
    pub id: String,
    /// Outlet name in Latin letters.
    pub outlet: Option<String>,
    /// Publication day.
    pub published: Option<NaiveDate>,
    /// Headline.
    pub title: Option<String>,
    /// How many revisions are stored (1 for an article never revised).
    pub revisions: u32,
    /// How many warnings name this article.
    pub warnings: u32,
}

/// SHA-256 (hex) of `text` with every run of whitespace collapsed to one space and the ends
/// trimmed, so re-wrapped copies of a report compare equal: `"قصف  على\nالرقة"` and
/// `"قصف على الرقة"` hash the same.
pub fn content_hash(text: &str) -> String {
    let mut hasher = Sha256::new();
    for (index, word) in text.split_whitespace().enumerate() {
        if index > 0 {
            hasher.update(b" ");
        }
        hasher.update(word.as_bytes());
    }
    hex::encode(hasher.finalize())
}

const REVISION_COLUMNS: &str =
    "article_id, url, outlet, outlet_ar, title, published, text, removed_json, origin";

impl SqliteStore {
    /// Stores an article idempotently. Same id and same text (see [`content_hash`]) gives
    /// `Duplicate`; the same text under another id also gives `Duplicate` (content dedup)
    /// unless the text is blank; same id with a changed text gives `Revised` (a new revision,
    /// the old kept); anything else `New`.
    pub fn put_article(&mut self, article: &Article) -> Result<ArticleOutcome> {
        let hash = content_hash(&article.text);
        let blank = article.text.trim().is_empty();
        let removed_json =
            serde_json::to_string(&article.removed).map_err(|source| Error::InvalidJson {
                what: format!("removed lines of article {}", article.id),
                source,
            })?;
        let published = article.published.map(|d| d.to_string());
        let now = unix_now();

        let sp = self.conn.savepoint()?;
        let current: Option<i64> = sp
            .query_row(
                "SELECT current_revision FROM articles WHERE id = ?1",
                [&article.id],
                |row| row.get(0),
            )
            .optional()?;
        let (outcome, revision) = match current {
            Some(current) => {
                let latest_hash: Option<String> = sp
                    .query_row(
                        "SELECT content_hash FROM article_revisions
                         WHERE article_id = ?1 AND revision = ?2",
                        params![article.id, current],
                        |row| row.get(0),
                    )
                    .optional()?;
                if latest_hash.as_deref() == Some(hash.as_str()) {
                    return Ok(ArticleOutcome::Duplicate);
                }
                (ArticleOutcome::Revised, current + 1)
            }
            None => {
                if !blank {
                    let seen: Option<String> = sp
                        .query_row(
                            "SELECT article_id FROM article_revisions
                             WHERE content_hash = ?1 LIMIT 1",
                            [&hash],
                            |row| row.get(0),
                        )
                        .optional()?;
                    if seen.is_some() {
                        return Ok(ArticleOutcome::Duplicate);
                    }
                }
                (ArticleOutcome::New, 1)
            }
        };
        sp.execute(
            "INSERT INTO articles (id, current_revision) VALUES (?1, ?2)
             ON CONFLICT(id) DO UPDATE SET current_revision = excluded.current_revision",
            params![article.id, revision],
        )?;
        sp.execute(
            "INSERT INTO article_revisions (article_id, revision, content_hash, url, outlet,
                 outlet_ar, title, published, text, removed_json, origin, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                article.id,
                revision,
                hash,
                article.url,
                article.outlet,
                article.outlet_ar,
                article.title,
                published,
                article.text,
                removed_json,
                article.origin,
                now
            ],
        )?;
        sp.commit()?;
        Ok(outcome)
    }

    /// The latest revision of an article, with its removed lines; `None` if never stored.
    pub fn article(&self, id: &str) -> Result<Option<Article>> {
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM article_revisions r
             JOIN articles a ON a.id = r.article_id AND a.current_revision = r.revision
             WHERE a.id = ?1"
        );
        let row = self
            .conn
            .query_row(&sql, [id], read_revision_row)
            .optional()?;
        row.map(RevisionRow::into_article).transpose()
    }

    /// Every stored revision of an article, oldest first (empty if never stored).
    pub fn article_revisions(&self, id: &str) -> Result<Vec<Article>> {
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM article_revisions
             WHERE article_id = ?1 ORDER BY revision"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([id], read_revision_row)?;
        rows.map(|row| row?.into_article()).collect()
    }

    /// One summary per stored article (latest metadata, revision and warning counts), by id.
    pub fn articles(&self) -> Result<Vec<ArticleSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, r.outlet, r.published, r.title, a.current_revision,
                    (SELECT COUNT(*) FROM warnings w WHERE w.article_id = a.id)
             FROM articles a
             JOIN article_revisions r ON r.article_id = a.id AND r.revision = a.current_revision
             ORDER BY a.id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, i64>(4)?,
                row.get::<_, i64>(5)?,
            ))
        })?;
        let mut summaries = Vec::new();
        for row in rows {
            let (id, outlet, published, title, revisions, warnings) = row?;
            let published = parse_date("article_revisions", &id, published.as_deref())?;
            summaries.push(ArticleSummary {
                id,
                outlet,
                published,
                title,
                revisions: u32::try_from(revisions).unwrap_or(u32::MAX),
                warnings: u32::try_from(warnings).unwrap_or(u32::MAX),
            });
        }
        Ok(summaries)
    }

    /// How many distinct articles are stored (revisions not counted).
    pub fn article_count(&self) -> Result<u64> {
        let count: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM articles", [], |row| row.get(0))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

/// A revision row as read from SQL, before its date and JSON are parsed.
struct RevisionRow {
    id: String,
    url: Option<String>,
    outlet: Option<String>,
    outlet_ar: Option<String>,
    title: Option<String>,
    published: Option<String>,
    text: String,
    removed_json: String,
    origin: String,
}

fn read_revision_row(row: &Row<'_>) -> rusqlite::Result<RevisionRow> {
    Ok(RevisionRow {
        id: row.get(0)?,
        url: row.get(1)?,
        outlet: row.get(2)?,
        outlet_ar: row.get(3)?,
        title: row.get(4)?,
        published: row.get(5)?,
        text: row.get(6)?,
        removed_json: row.get(7)?,
        origin: row.get(8)?,
    })
}

impl RevisionRow {
    fn into_article(self) -> Result<Article> {
        let published = parse_date("article_revisions", &self.id, self.published.as_deref())?;
        let removed: Vec<RemovedLine> =
            serde_json::from_str(&self.removed_json).map_err(|err| Error::CorruptRow {
                table: "article_revisions",
                key: self.id.clone(),
                reason: format!("removed_json: {err}"),
            })?;
        Ok(Article {
            id: self.id,
            url: self.url,
            outlet: self.outlet,
            outlet_ar: self.outlet_ar,
            title: self.title,
            published,
            text: self.text,
            removed,
            origin: self.origin,
        })
    }
}

/// Parses a stored `YYYY-MM-DD`, naming the row if it is not one.
pub(crate) fn parse_date(
    table: &'static str,
    key: &str,
    value: Option<&str>,
) -> Result<Option<NaiveDate>> {
    value
        .map(|text| {
            text.parse::<NaiveDate>().map_err(|err| Error::CorruptRow {
                table,
                key: key.to_string(),
                reason: format!("date {text:?}: {err}"),
            })
        })
        .transpose()
}
