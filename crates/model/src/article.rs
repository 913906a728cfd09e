use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One report as marsad stores it: cleaned text plus the metadata that anchors its dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Article {
    /// Stable id: the manifest's or feed's id, else the file stem.
    pub id: String,
    /// Canonical URL when known.
    pub url: Option<String>,
    /// Outlet name in Latin letters (`Enab Baladi`).
    pub outlet: Option<String>,
    /// Outlet name in Arabic (`عنب بلدي`).
    pub outlet_ar: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication day: anchors every relative date in the text. `None` leaves them unresolved.
    pub published: Option<NaiveDate>,
    /// The article body after boilerplate removal: every offset in marsad points into this.
    pub text: String,
    /// Lines cut as boilerplate, kept so a wrong cut can be seen and undone.
    pub removed: Vec<RemovedLine>,
    /// Where it came from (file path, feed URL), for warnings and provenance.
    pub origin: String,
}

/// A line (or DOM block) that boilerplate removal cut, with the rule that cut it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedLine {
    /// The text that was cut.
    pub text: String,
    /// Short rule name, e.g. `cookie-notice`, `nav-list`, `follow-us`.
    pub reason: String,
}

/// A problem with one input, recorded in the store and printed in the ingest summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// File path or URL of the input.
    pub origin: String,
    /// 1-based line number within the input, where one applies.
    pub line: Option<u64>,
    /// Article id, where one was known.
    pub article_id: Option<String>,
    /// Human-readable message.
    pub message: String,
}

impl Warning {
    /// A warning about a whole input.
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            origin: origin.into(),
            line: None,
            article_id: None,
            message: message.into(),
        }
    }

    /// The same warning pinned to a line of the input.
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// The same warning pinned to an article.
    pub fn for_article(mut self, id: impl Into<String>) -> Self {
        self.article_id = Some(id.into());
        self
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}
