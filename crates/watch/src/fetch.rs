//! Polite HTTP GETs: conditional requests, per-host turns, timeouts, retries with backoff,
//! bounded redirects (http and https only) and a size cap enforced while reading.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use url::Url;

use crate::config::WatchOptions;
use crate::hosts::Hosts;

/// Why a fetch failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The URL (or a redirect's target) is not http or https.
    #[error("not an http(s) URL: {0}")]
    NotHttp(String),
    /// More redirects than allowed (a loop, most often).
    #[error("more than {0} redirects (a redirect loop?)")]
    TooManyRedirects(u32),
    /// A redirect status without a usable `Location`.
    #[error("redirect {0} without a usable Location header")]
    BadRedirect(u16),
    /// The server answered with an error status.
    #[error("HTTP {0}")]
    Status(u16),
    /// The body is larger than the cap; reading stopped there.
    #[error("response over the {0}-byte cap, reading stopped")]
    TooLarge(u64),
    /// The server took too long (connecting, answering or sending the body).
    #[error("timed out")]
    Timeout,
    /// The connection failed (DNS, refused, reset, TLS...).
    #[error("connection failed: {0}")]
    Transport(String),
    /// The watcher was asked to stop.
    #[error("stopped")]
    Stopped,
}

impl FetchError {
    /// Whether trying again later may succeed: timeouts, connection errors, 429 and 5xx.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Timeout | FetchError::Transport(_) => true,
            FetchError::Status(code) => *code == 429 || *code >= 500,
            _ => false,
        }
    }
}

/// The validators of the last response, sent back as `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// `ETag` of the last response.
    pub etag: Option<String>,
    /// `Last-Modified` of the last response.
    pub last_modified: Option<String>,
}

/// A successful fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// `304 Not Modified`: nothing new since the validators.
    NotModified,
    /// A body (at most the cap) with the URL it finally came from and its validators.
    Body {
        /// The bytes read.
        bytes: Vec<u8>,
        /// The URL after redirects.
        url: Url,
        /// `ETag` and `Last-Modified` of this response.
        validators: Validators,
    },
}

/// The HTTP client with its politeness state; one per watcher, shared by its threads.
pub struct Fetcher {
    agent: ureq::Agent,
    hosts: Hosts,
    options: WatchOptions,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("options", &self.options)
            .finish()
    }
}

impl Fetcher {
    /// A client with the options' timeouts, User-Agent and per-host limits. Redirects are
    /// followed here, one hop at a time, so each hop waits its turn at its own host and is
    /// checked (http or https only, at most `max_redirects`).
    pub fn new(options: &WatchOptions) -> Fetcher {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_millis(options.connect_timeout_ms))
            .timeout(Duration::from_millis(options.timeout_ms))
            .redirects(0)
            .user_agent(&options.user_agent())
            .build();
        Fetcher {
            agent,
            hosts: Hosts::new(options.host_delay(), options.host_concurrency),
            options: options.clone(),
        }
    }

    /// GETs `url`, reading at most `cap` bytes, retrying transient failures with exponential
    /// backoff (`retries` times, from `retry_base_ms`). Waits (between retries, for a host's
    /// turn) end early when `stop` is raised.
    pub fn get(
        &self,
        url: &Url,
        validators: &Validators,
        cap: u64,
        stop: &AtomicBool,
    ) -> Result<Fetched, FetchError> {
        let mut attempt = 0;
        loop {
            match self.get_once(url, validators, cap, stop) {
                Err(e) if e.is_transient() && attempt < self.options.retries => {
                    let wait = Duration::from_millis(
                        self.options
                            .retry_base_ms
                            .saturating_mul(1u64 << attempt.min(16)),
                    );
                    if !sleep_unless_stopped(wait, stop) {
                        return Err(FetchError::Stopped);
                    }
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn get_once(
        &self,
        url: &Url,
        validators: &Validators,
        cap: u64,
        stop: &AtomicBool,
    ) -> Result<Fetched, FetchError> {
        let mut current = url.clone();
        let mut hops = 0u32;
        loop {
            if !matches!(current.scheme(), "http" | "https") {
                return Err(FetchError::NotHttp(current.to_string()));
            }
            let host = match (current.host_str(), current.port_or_known_default()) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                _ => return Err(FetchError::NotHttp(current.to_string())),
            };
            let permit = self.hosts.acquire(&host, stop).ok_or(FetchError::Stopped)?;
            let mut request = self
                .agent
                .request_url("GET", &current)
                .set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.9, */*;q=0.5");
            if let Some(etag) = &validators.etag {
                request = request.set("If-None-Match", etag);
            }
            if let Some(since) = &validators.last_modified {
                request = request.set("If-Modified-Since", since);
            }
            let response = match request.call() {
                Ok(response) => response,
                Err(ureq::Error::Status(code, _)) => return Err(FetchError::Status(code)),
                Err(ureq::Error::Transport(t)) => return Err(transport_error(&t)),
            };
            let status = response.status();
            if status == 304 {
                return Ok(Fetched::NotModified);
            }
            if (300..400).contains(&status) {
                hops += 1;
                if hops > self.options.max_redirects {
                    return Err(FetchError::TooManyRedirects(self.options.max_redirects));
                }
                let next = response
                    .header("Location")
                    .and_then(|loc| current.join(loc.trim()).ok())
                    .ok_or(FetchError::BadRedirect(status))?;
                drop(permit);
                current = next;
                continue;
            }
            let header = |name: &str| response.header(name).map(str::to_string);
            let validators = Validators {
                etag: header("ETag"),
                last_modified: header("Last-Modified"),
            };
            if let Some(length) =
                header("Content-Length").and_then(|l| l.trim().parse::<u64>().ok())
            {
                if length > cap {
                    return Err(FetchError::TooLarge(cap));
                }
            }
            let mut bytes = Vec::new();
            response
                .into_reader()
                .take(cap.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|e| io_error(&e))?;
            if bytes.len() as u64 > cap {
                return Err(FetchError::TooLarge(cap));
            }
            return Ok(Fetched::Body {
                bytes,
                url: current,
                validators,
            });
        }
    }
}

fn transport_error(t: &ureq::Transport) -> FetchError {
    let text = t.to_string();
    if is_timeout_text(&text) {
        FetchError::Timeout
    } else {
        FetchError::Transport(text)
    }
}

fn io_error(e: &std::io::Error) -> FetchError {
    match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => FetchError::Timeout,
        _ if is_timeout_text(&e.to_string()) => FetchError::Timeout,
        _ => FetchError::Transport(e.to_string()),
    }
}

fn is_timeout_text(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("timed out") || lower.contains("timeout")
}

/// Sleeps `wait` in short steps; false if `stop` was raised meanwhile.
pub(crate) fn sleep_unless_stopped(wait: Duration, stop: &AtomicBool) -> bool {
    let until = Instant::now() + wait;
    loop {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        let now = Instant::now();
        if now >= until {
            return true;
        }
        std::thread::sleep((until - now).min(Duration::from_millis(25)));
    }
}
