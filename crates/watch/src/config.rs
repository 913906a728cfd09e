//! `sources.toml`: the outlets to follow and how politely to fetch them.

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::{Error, Result};

/// The watcher's configuration: politeness settings and the sources.
#[derive(Debug, Clone)]
pub struct Config {
    /// Politeness and limits shared by every source (`[watch]`).
    pub watch: WatchOptions,
    /// The outlets (`[[source]]`).
    pub sources: Vec<SourceConfig>,
}

/// `sources.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    watch: WatchOptions,
    #[serde(default)]
    source: Vec<RawSource>,
}

/// One `[[source]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: String,
    name_ar: Option<String>,
    feed: Option<String>,
    page: Option<String>,
    links: Option<String>,
    article: Option<String>,
    interval: Option<Interval>,
    #[serde(default = "yes")]
    fetch_pages: bool,
}

/// A duration as `sources.toml` writes it: seconds (`900`) or a number with a unit (`"15m"`,
/// `"90s"`, `"1h"`, `"500ms"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Interval {
    Seconds(u64),
    Text(String),
}

impl Interval {
    fn duration(&self) -> Option<Duration> {
        match self {
            Interval::Seconds(s) => Some(Duration::from_secs(*s)),
            Interval::Text(t) => {
                let t = t.trim();
                let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
                let (number, unit) = t.split_at(split);
                let n: u64 = number.parse().ok()?;
                match unit.trim() {
                    "ms" => Some(Duration::from_millis(n)),
                    "" | "s" => Some(Duration::from_secs(n)),
                    "m" | "min" => Some(Duration::from_secs(n.checked_mul(60)?)),
                    "h" => Some(Duration::from_secs(n.checked_mul(3600)?)),
                    _ => None,
                }
            }
        }
    }
}

/// How the watcher fetches: limits, timeouts and politeness (`[watch]` in `sources.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WatchOptions {
    /// Who to contact about the crawler (a URL or an e-mail address), put in the User-Agent:
    /// `marsad/<version> (+<contact>)`.
    pub contact: Option<String>,
    /// Threads fetching at once (all hosts together).
    pub workers: usize,
    /// Least time between two requests to one host, in milliseconds.
    pub host_delay_ms: u64,
    /// Most requests in flight to one host.
    pub host_concurrency: usize,
    /// Time allowed to connect, in milliseconds.
    pub connect_timeout_ms: u64,
    /// Time allowed for a whole request (connect, headers and body), in milliseconds: a slow
    /// server is cut off.
    pub timeout_ms: u64,
    /// Largest feed or list page read; reading stops past it and the fetch fails.
    pub max_feed_bytes: u64,
    /// Largest article page read; reading stops past it and the feed item's own text is used.
    pub max_page_bytes: u64,
    /// Most redirects followed for one URL.
    pub max_redirects: u32,
    /// Retries after a timeout, a connection error, a 429 or a 5xx (not after other 4xx).
    pub retries: u32,
    /// First wait before a retry, in milliseconds; doubled at each retry.
    pub retry_base_ms: u64,
    /// Polls in which an article page that failed (and whose item had no text of its own) is
    /// tried again before it is given up.
    pub page_attempts: u32,
    /// Longest wait between polls of a failing source, in seconds (its interval doubles after
    /// each failed poll up to this).
    pub max_backoff_seconds: u64,
    /// Poll interval of sources that do not set one, in seconds.
    pub interval_seconds: u64,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            contact: None,
            workers: 4,
            host_delay_ms: 1_000,
            host_concurrency: 2,
            connect_timeout_ms: 10_000,
            timeout_ms: 30_000,
            max_feed_bytes: 5 * 1024 * 1024,
            max_page_bytes: 3 * 1024 * 1024,
            max_redirects: 5,
            retries: 2,
            retry_base_ms: 1_000,
            page_attempts: 3,
            max_backoff_seconds: 3_600,
            interval_seconds: 900,
        }
    }
}

impl WatchOptions {
    /// The User-Agent sent with every request.
    pub fn user_agent(&self) -> String {
        let version = env!("CARGO_PKG_VERSION");
        match self.contact.as_deref().map(str::trim) {
            Some(contact) if !contact.is_empty() => format!("marsad/{version} (+{contact})"),
            _ => format!("marsad/{version} (conflict-news monitor)"),
        }
    }

    /// [`WatchOptions::host_delay_ms`] as a duration.
    pub fn host_delay(&self) -> Duration {
        Duration::from_millis(self.host_delay_ms)
    }
}

/// What a source's URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceKind {
    /// An RSS 2.0 or Atom feed (`feed = URL`).
    #[default]
    Feed,
    /// An HTML page listing articles, a section's front page (`page = URL`): links found by
    /// the `links` selector.
    Page,
}

/// One outlet to follow (`[[source]]` in `sources.toml`).
#[derive(Debug, Clone)]
pub struct SourceConfig {
    /// The outlet's name in Latin letters (`name`, e.g. `Enab Baladi`): unique, the key of the
    /// source's state and health, and stored as each article's outlet.
    pub name: String,
    /// The outlet's name in Arabic (`name_ar`, e.g. `عنب بلدي`), stored on each article.
    pub name_ar: Option<String>,
    /// The feed (`feed`) or list page (`page`) URL: http or https.
    pub url: String,
    /// Feed or list page.
    pub kind: SourceKind,
    /// Poll interval (`interval`: seconds, or `"15m"`, `"90s"`...); `None`: the `[watch]`
    /// default.
    pub interval: Option<Duration>,
    /// CSS selector of the article links on a list page (`links`, e.g. `h2.title a`).
    pub links: Option<String>,
    /// CSS selector of the article body on the outlet's pages (`article`, e.g.
    /// `div.article-body`); without it the body is found as for any HTML page.
    pub article: Option<String>,
    /// Fetch each item's page (`fetch_pages`, default true); false keeps the feed item's own
    /// text.
    pub fetch_pages: bool,
}

fn yes() -> bool {
    true
}

impl SourceConfig {
    /// The poll interval.
    pub fn interval(&self, options: &WatchOptions) -> Duration {
        self.interval
            .unwrap_or(Duration::from_secs(options.interval_seconds))
    }
}

impl Config {
    /// Reads and checks `sources.toml`.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::ConfigRead {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text)
    }

    /// Parses and checks a configuration: unique names, one http(s) `feed` or `page` URL per
    /// source, valid CSS selectors, list pages with a `links` selector, intervals and limits
    /// above zero.
    pub fn parse(text: &str) -> Result<Config> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| Error::Config(e.message().to_string()))?;
        let bad = |m: String| Err(Error::Config(m));
        let w = &raw.watch;
        if w.workers == 0 || w.host_concurrency == 0 {
            return bad("[watch] workers and host_concurrency must be at least 1".into());
        }
        if w.timeout_ms == 0 || w.connect_timeout_ms == 0 || w.interval_seconds == 0 {
            return bad("[watch] timeouts and interval_seconds must be above 0".into());
        }
        if w.max_feed_bytes == 0 || w.max_page_bytes == 0 {
            return bad("[watch] max_feed_bytes and max_page_bytes must be above 0".into());
        }
        let mut names = HashSet::new();
        let mut sources = Vec::with_capacity(raw.source.len());
        for s in raw.source {
            let name = s.name.trim().to_string();
            if name.is_empty() || name.chars().count() > 100 {
                return bad(format!("source name {:?}: use 1-100 characters", s.name));
            }
            if !names.insert(name.clone()) {
                return bad(format!("source name {name:?} is used twice"));
            }
            let (url, kind) = match (s.feed, s.page) {
                (Some(feed), None) => (feed, SourceKind::Feed),
                (None, Some(page)) => (page, SourceKind::Page),
                _ => {
                    return bad(format!(
                        "source {name}: give either feed = URL or page = URL (a list page)"
                    ))
                }
            };
            match url::Url::parse(&url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {}
                Ok(u) => {
                    return bad(format!(
                        "source {name}: only http and https URLs are fetched, not {}",
                        u.scheme()
                    ))
                }
                Err(e) => return bad(format!("source {name}: bad URL {url:?}: {e}")),
            }
            let interval = match &s.interval {
                None => None,
                Some(i) => match i.duration() {
                    Some(d) if !d.is_zero() => Some(d),
                    _ => {
                        return bad(format!(
                            "source {name}: interval must be seconds or a number with ms, s, m \
                             or h, above zero"
                        ))
                    }
                },
            };
            for (what, selector) in [("links", &s.links), ("article", &s.article)] {
                if let Some(sel) = selector {
                    if scraper::Selector::parse(sel).is_err() {
                        return bad(format!(
                            "source {name}: {what} is not a CSS selector: {sel:?}"
                        ));
                    }
                }
            }
            if kind == SourceKind::Page && s.links.is_none() {
                return bad(format!(
                    "source {name}: a list page (page = URL) needs a links selector"
                ));
            }
            sources.push(SourceConfig {
                name,
                name_ar: s.name_ar.filter(|n| !n.trim().is_empty()),
                url,
                kind,
                interval,
                links: s.links,
                article: s.article,
                fetch_pages: s.fetch_pages,
            });
        }
        Ok(Config {
            watch: raw.watch,
            sources,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sources_with_defaults() {
        let c = Config::parse(
            r#"
            [watch]
            host_delay_ms = 10
            contact = "ops@example.org"
            [[source]]
            name = "Enab Baladi"
            name_ar = "عنب بلدي"
            feed = "https://example.org/feed"
            [[source]]
            name = "b"
            page = "http://example.org/sec"
            links = "h2 a"
            interval = "90s"
            [[source]]
            name = "c"
            feed = "http://example.org/c"
            interval = 60
            "#,
        )
        .unwrap();
        assert_eq!(c.sources.len(), 3);
        assert_eq!(c.sources[0].kind, SourceKind::Feed);
        assert_eq!(c.sources[0].name_ar.as_deref(), Some("عنب بلدي"));
        assert!(c.sources[0].fetch_pages);
        assert_eq!(c.sources[1].kind, SourceKind::Page);
        assert_eq!(c.sources[1].interval(&c.watch), Duration::from_secs(90));
        assert_eq!(c.sources[2].interval(&c.watch), Duration::from_secs(60));
        assert_eq!(c.sources[0].interval(&c.watch), Duration::from_secs(900));
        assert_eq!(c.watch.host_delay_ms, 10);
        assert_eq!(c.watch.workers, 4);
        assert!(c.watch.user_agent().starts_with("marsad/"));
        assert!(c.watch.user_agent().ends_with("(+ops@example.org)"));
        for (text, ms) in [
            ("500ms", 500),
            ("2m", 120_000),
            ("1h", 3_600_000),
            ("7", 7_000),
        ] {
            let c = Config::parse(&format!(
                "[[source]]\nname='a'\nfeed='http://x.org'\ninterval='{text}'"
            ))
            .unwrap();
            assert_eq!(
                c.sources[0].interval,
                Some(Duration::from_millis(ms)),
                "{text}"
            );
        }
    }

    #[test]
    fn the_example_file_is_valid() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../sources.example.toml"
        ));
        let c = Config::load(path).unwrap();
        assert_eq!(c.sources.len(), 5);
        assert!(c.sources.iter().any(|s| s.kind == SourceKind::Page));
        assert_eq!(c.watch.host_delay_ms, 1000);
    }

    #[test]
    fn rejects_what_cannot_be_followed() {
        for (toml, why) in [
            ("[[source]]\nname='a'\nfeed='ftp://x.org/f'", "http and https"),
            ("[[source]]\nname='a'\nfeed='not a url'", "bad URL"),
            (
                "[[source]]\nname='a'\nfeed='http://x.org'\n[[source]]\nname='a'\nfeed='http://y.org'",
                "twice",
            ),
            ("[[source]]\nname='a'\npage='http://x.org'", "links selector"),
            ("[[source]]\nname='a'", "either feed"),
            ("[[source]]\nname='a'\nfeed='http://x.org'\npage='http://x.org'", "either feed"),
            ("[[source]]\nname='a'\nfeed='http://x.org'\narticle='<<'", "CSS selector"),
            ("[[source]]\nname='a'\nfeed='http://x.org'\ncolour='red'", "unknown field"),
            ("[[source]]\nname='a'\nfeed='http://x.org'\ninterval='soon'", "interval"),
            ("[[source]]\nname='a'\nfeed='http://x.org'\ninterval=0", "interval"),
            ("[watch]\nworkers=0", "at least 1"),
            ("[[source]]\nname=''\nfeed='http://x.org'", "1-100"),
        ] {
            let err = Config::parse(toml).unwrap_err().to_string();
            assert!(err.contains(why), "{toml}: {err}");
        }
    }
}
