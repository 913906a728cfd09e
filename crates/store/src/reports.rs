//! Report-level events: what each article told, kept beside the fused events so fusion can be
//! recomputed from the reports (and so comes out the same whatever order articles arrive in).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use marsad_model::Event;
use rusqlite::{params, OptionalExtension};

use crate::events::{date_slack_days, parse_event, shift_back, shift_forward};
use crate::{Error, Result, SqliteStore};

/// One article's telling of one event, and the fused event it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The article that told it.
    pub article_id: String,
    /// Its position among the article's events.
    pub idx: u32,
    /// The fused event it belongs to, once fused.
    pub event_id: Option<String>,
    /// The event as this article alone codes it.
    pub event: Event,
}

pub(crate) fn window(event: &Event) -> (NaiveDate, NaiveDate) {
    let slack = date_slack_days(event.time_precision);
    (
        shift_back(event.event_date, slack),
        shift_forward(event.event_date, slack),
    )
}

fn row_to_report(
    article_id: String,
    idx: u32,
    event_id: Option<String>,
    json: &str,
    parsed: &mut ParsedReports,
) -> Result<Report> {
    Ok(Report {
        article_id,
        idx,
        event_id,
        event: parsed.event(json)?,
    })
}

/// Report events already parsed, keyed by their stored JSON text: fusion reads the same
/// reports for every article of the same days, and parsing them again cost more than
/// clustering them. Keyed by the text itself, so a changed row (a revision, another writer)
/// is simply a miss. Two generations: entries not read since the last turnover are dropped,
/// so memory stays bounded by the reports of a few weeks.
#[derive(Debug, Default)]
pub(crate) struct ParsedReports {
    current: HashMap<String, Event>,
    previous: HashMap<String, Event>,
}

/// Entries in the current generation before it becomes the previous one.
const PARSED_REPORTS: usize = 2048;

impl ParsedReports {
    /// The event stored as `json`, parsed once.
    fn event(&mut self, json: &str) -> Result<Event> {
        if let Some(event) = self.current.get(json) {
            return Ok(event.clone());
        }
        let event = match self.previous.remove(json) {
            Some(event) => event,
            None => parse_event(String::new(), json)?,
        };
        self.current.insert(json.to_string(), event.clone());
        Ok(event)
    }

    /// Ages the entries once the current generation is full.
    fn turn_over(&mut self) {
        if self.current.len() >= PARSED_REPORTS {
            self.previous = std::mem::take(&mut self.current);
        }
    }
}

impl SqliteStore {
    /// The fused events an article's reports belong to.
    pub fn report_event_ids(&self, article_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT event_id FROM reports WHERE article_id = ?1 AND event_id IS NOT NULL
             ORDER BY event_id",
        )?;
        let ids = stmt
            .query_map([article_id], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// Replaces an article's reports (a revision's reports replace the earlier ones). A new
    /// report keeps the fused event of the earlier report at its position, so a revision
    /// updates its events in place.
    pub fn put_reports(&mut self, article_id: &str, events: &[Event]) -> Result<()> {
        let mut earlier: Vec<(u32, Option<String>)> = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT idx, event_id FROM reports WHERE article_id = ?1")?;
            let rows = stmt.query_map([article_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
            for row in rows {
                earlier.push(row?);
            }
        }
        self.conn
            .prepare_cached("DELETE FROM reports WHERE article_id = ?1")?
            .execute([article_id])?;
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO reports (article_id, idx, event_id, event_date, window_start, window_end,
                                  admin1_pcode, json)
             VALUES (?1, ?2, ?8, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (idx, event) in events.iter().enumerate() {
            let (from, to) = window(event);
            let json = serde_json::to_string(event).map_err(|source| Error::InvalidJson {
                what: format!("report {article_id}#{idx}"),
                source,
            })?;
            let event_id = earlier
                .iter()
                .find(|(i, _)| *i as usize == idx)
                .and_then(|(_, id)| id.clone());
            stmt.execute(params![
                article_id,
                idx as i64,
                event.event_date.to_string(),
                from.to_string(),
                to.to_string(),
                event.admin1_pcode,
                json,
                event_id
            ])?;
        }
        Ok(())
    }

    /// Reports whose date windows intersect `[from, to]`, in governorates `admin1_pcodes` or
    /// with none, and every other report of the fused events those belong to.
    pub fn reports_near(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        admin1_pcodes: &[String],
    ) -> Result<Vec<Report>> {
        let mut out: Vec<Report> = Vec::new();
        let parsed = &mut *self.parsed_reports.borrow_mut();
        // Unordered: an ORDER BY here sorts every row of the window, JSON included, through a
        // temporary B-tree; the wanted rows are sorted below instead.
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_id, idx, event_id, admin1_pcode, json FROM reports
             WHERE window_start BETWEEN ?3 AND ?2 AND window_end >= ?1",
        )?;
        // A report's window spans at most twice the widest slack: a lower bound on
        // window_start lets the index seek instead of scanning every earlier report.
        let lowest = shift_back(from, 2 * crate::MAX_DATE_SLACK_DAYS);
        let mut rows = stmt.query(params![
            from.to_string(),
            to.to_string(),
            lowest.to_string()
        ])?;
        while let Some(row) = rows.next()? {
            // The governorate first: the JSON of a report elsewhere is never read.
            let admin1 = row
                .get_ref(3)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?;
            let wanted = admin1.is_none_or(|a| admin1_pcodes.iter().any(|p| p == a));
            if wanted {
                out.push(row_to_report(
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get_ref(4)?.as_str().map_err(rusqlite::Error::from)?,
                    parsed,
                )?);
            }
        }
        out.sort_by(|a, b| (&a.article_id, a.idx).cmp(&(&b.article_id, b.idx)));
        // Close over fused events: a cluster is recomputed whole or not at all.
        let mut seen: HashSet<(String, u32)> =
            out.iter().map(|r| (r.article_id.clone(), r.idx)).collect();
        let mut ids: Vec<String> = out.iter().filter_map(|r| r.event_id.clone()).collect();
        ids.sort();
        ids.dedup();
        let mut by_event = self.conn.prepare_cached(
            "SELECT article_id, idx, event_id, json FROM reports WHERE event_id = ?1",
        )?;
        let mut more: Vec<Report> = Vec::new();
        for id in ids {
            let mut rows = by_event.query([&id])?;
            while let Some(row) = rows.next()? {
                let key: (String, u32) = (row.get(0)?, row.get(1)?);
                if !seen.contains(&key) {
                    more.push(row_to_report(
                        key.0.clone(),
                        key.1,
                        row.get(2)?,
                        row.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?,
                        parsed,
                    )?);
                    seen.insert(key);
                }
            }
            // Each event's reports in (article, position) order, as the query once sorted them.
            more.sort_by(|a, b| (&a.article_id, a.idx).cmp(&(&b.article_id, b.idx)));
            out.append(&mut more);
        }
        parsed.turn_over();
        Ok(out)
    }

    /// Records which fused event a report belongs to.
    pub fn set_report_event(&mut self, article_id: &str, idx: u32, event_id: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE reports SET event_id = ?3 WHERE article_id = ?1 AND idx = ?2")?
            .execute(params![article_id, idx, event_id])?;
        Ok(())
    }

    /// Removes a fused event whose reports all went to `survivor`: its audit rows move to the
    /// survivor (nothing of the history is lost), its search entry and links go with it.
    pub fn retire_event(&mut self, event_id: &str, survivor: &str) -> Result<()> {
        let seq: Option<i64> = self
            .conn
            .prepare_cached("SELECT seq FROM events WHERE event_id = ?1")?
            .query_row([event_id], |r| r.get(0))
            .optional()?;
        self.conn
            .prepare_cached("UPDATE audit SET event_id = ?2 WHERE event_id = ?1")?
            .execute(params![event_id, survivor])?;
        self.conn
            .prepare_cached("UPDATE reports SET event_id = ?2 WHERE event_id = ?1")?
            .execute(params![event_id, survivor])?;
        self.conn
            .prepare_cached(
                "UPDATE OR IGNORE unresolved_places SET event_id = ?2 WHERE event_id = ?1",
            )?
            .execute(params![event_id, survivor])?;
        self.conn
            .prepare_cached("DELETE FROM unresolved_places WHERE event_id = ?1")?
            .execute([event_id])?;
        if let Some(seq) = seq {
            self.conn
                .prepare_cached("DELETE FROM event_search WHERE rowid = ?1")?
                .execute([seq])?;
        }
        self.conn
            .prepare_cached("DELETE FROM search_pending WHERE kind = 'event' AND id = ?1")?
            .execute([event_id])?;
        self.conn
            .prepare_cached("DELETE FROM events WHERE event_id = ?1")?
            .execute([event_id])?;
        Ok(())
    }
}
