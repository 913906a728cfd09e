//! Turning what a reader found into an [`Article`] plus its warnings.

use chrono::NaiveDate;
use marsad_model::{Article, RemovedLine, Warning};

use crate::dates::parse_published;
use crate::html::CleanedPage;
use crate::Input;

/// Everything known about one article before it is checked and emitted.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub outlet_ar: Option<String>,
    pub title: Option<String>,
    /// Dates as written, best first (manifest, then record, then page); the first that parses wins.
    pub dates: Vec<String>,
    pub text: String,
    pub removed: Vec<RemovedLine>,
    /// Article origin: path, plus `#line` or `#itemN`.
    pub origin: String,
    /// Warning origin: the file path.
    pub file: String,
    /// Line (JSONL, manifest entry) that warnings point at.
    pub line: Option<u64>,
    /// Messages found while reading (e.g. from [`CleanedPage::warnings`]).
    pub notes: Vec<String>,
}

impl Draft {
    /// Fills what is still unknown from a cleaned HTML page.
    pub fn take_page(&mut self, page: CleanedPage) {
        self.text = page.text;
        self.removed.extend(page.removed);
        self.title = self.title.take().or(page.title);
        self.url = self.url.take().or(page.canonical_url);
        if self.outlet.is_none() && self.outlet_ar.is_none() {
            if let Some(site) = page.site_name {
                if site.chars().any(is_arabic_letter) {
                    self.outlet_ar = Some(site);
                } else {
                    self.outlet = Some(site);
                }
            }
        }
        if let Some(day) = page.published {
            self.dates.push(day.format("%Y-%m-%d").to_string());
        }
        self.notes.extend(page.warnings);
    }

    fn warning(&self, message: impl Into<String>) -> Warning {
        let mut w = Warning::new(&self.file, message);
        w.line = self.line;
        if !self.id.is_empty() {
            w = w.for_article(&self.id);
        }
        w
    }

    /// The article and its warnings; a draft with no text left gives only a warning.
    pub fn finish(self, out: &mut Vec<Input>) {
        let mut warnings: Vec<Warning> =
            self.notes.iter().map(|n| self.warning(n.clone())).collect();
        if self.text.trim().is_empty() {
            warnings.push(self.warning("no article text left after boilerplate removal, skipped"));
            out.extend(warnings.into_iter().map(Input::Warning));
            return;
        }
        let mut published: Option<NaiveDate> = None;
        for raw in &self.dates {
            match parse_published(raw) {
                Ok(day) => {
                    published = Some(day);
                    break;
                }
                Err(e) => warnings.push(self.warning(format!("{e}: ignored"))),
            }
        }
        if published.is_none() {
            warnings.push(self.warning("no publication date: relative dates stay unresolved"));
        }
        out.push(Input::Article(Article {
            id: self.id,
            url: self.url,
            outlet: self.outlet,
            outlet_ar: self.outlet_ar,
            title: self.title,
            published,
            text: self.text,
            removed: self.removed,
            origin: self.origin,
        }));
        out.extend(warnings.into_iter().map(Input::Warning));
    }
}

/// Letters of the Arabic block (`ع`), not digits or punctuation.
pub(crate) fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
}
