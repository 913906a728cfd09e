//! A local HTTP server on 127.0.0.1 that plays outlets: feeds and pages written by the tests,
//! with the troubles real outlets have (304s, ETags, slow answers, 500s, redirect loops,
//! oversized pages).

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;

/// How the server answers one path.
#[derive(Debug, Clone)]
pub enum Answer {
    /// 200 with this body; with an ETag, `If-None-Match` with it gets a 304.
    Ok {
        body: String,
        content_type: &'static str,
        etag: Option<String>,
    },
    /// This status, empty body.
    Status(u16),
    /// Waits, then answers 200 with the body.
    Slow(Duration, String),
    /// 302 to this location.
    Redirect(String),
    /// 200 with this many bytes of HTML, no Content-Length (streamed).
    Huge(usize),
    /// 200 with these bytes as they are (any charset).
    Bytes(Vec<u8>),
}

impl Answer {
    /// An RSS feed with this ETag.
    pub fn feed(xml: String, etag: Option<&str>) -> Answer {
        Answer::Ok {
            body: xml,
            content_type: "application/rss+xml; charset=utf-8",
            etag: etag.map(|e| format!("\"{e}\"")),
        }
    }

    /// Raw bytes.
    pub fn bytes(bytes: Vec<u8>) -> Answer {
        Answer::Bytes(bytes)
    }

    /// An HTML page.
    pub fn page(html: String) -> Answer {
        Answer::Ok {
            body: html,
            content_type: "text/html; charset=utf-8",
            etag: None,
        }
    }
}

#[derive(Default)]
struct State {
    answers: HashMap<String, Answer>,
    hits: HashMap<String, usize>,
}

/// The running server.
#[derive(Clone)]
pub struct Server {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl Server {
    /// Starts the server on a free port of 127.0.0.1 (on its own thread and runtime).
    pub fn start() -> Server {
        let state = Arc::new(Mutex::new(State::default()));
        let (tx, rx) = std::sync::mpsc::channel();
        let shared = state.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
                    let state = shared.clone();
                    async move { answer(state, uri, headers).await }
                });
                axum::serve(listener, app).await.unwrap();
            });
        });
        let addr = rx.recv().unwrap();
        Server { addr, state }
    }

    /// The URL of a path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Sets how `path` is answered.
    pub fn set(&self, path: &str, answer: Answer) {
        self.state
            .lock()
            .unwrap()
            .answers
            .insert(path.to_string(), answer);
    }

    /// Requests received for `path` (query included, as sent).
    pub fn hits(&self, path: &str) -> usize {
        self.state
            .lock()
            .unwrap()
            .hits
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    /// Requests received for every path starting with `prefix`.
    pub fn hits_under(&self, prefix: &str) -> HashMap<String, usize> {
        self.state
            .lock()
            .unwrap()
            .hits
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), *v))
            .collect()
    }
}

async fn answer(state: Arc<Mutex<State>>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let found = {
        let mut state = state.lock().unwrap();
        *state.hits.entry(path.clone()).or_default() += 1;
        state.answers.get(&path).cloned()
    };
    let build = |status: u16| Response::builder().status(StatusCode::from_u16(status).unwrap());
    match found {
        None => build(404).body(Body::empty()).unwrap(),
        Some(Answer::Status(code)) => build(code).body(Body::empty()).unwrap(),
        Some(Answer::Bytes(bytes)) => build(200)
            .header("Content-Type", "application/rss+xml")
            .body(Body::from(bytes))
            .unwrap(),
        Some(Answer::Redirect(to)) => build(302)
            .header("Location", to)
            .body(Body::empty())
            .unwrap(),
        Some(Answer::Slow(wait, body)) => {
            tokio::time::sleep(wait).await;
            build(200)
                .header("Content-Type", "text/html; charset=utf-8")
                .body(Body::from(body))
                .unwrap()
        }
        Some(Answer::Huge(n)) => {
            let chunk = "<p>حشو حشو حشو حشو حشو حشو حشو حشو</p>\n".repeat(100);
            let chunks = n / chunk.len() + 1;
            let stream = futures_stream(chunk, chunks);
            build(200)
                .header("Content-Type", "text/html; charset=utf-8")
                .body(Body::from_stream(stream))
                .unwrap()
        }
        Some(Answer::Ok {
            body,
            content_type,
            etag,
        }) => {
            if let Some(tag) = &etag {
                let sent = headers.get("if-none-match").and_then(|v| v.to_str().ok());
                if sent == Some(tag.as_str()) {
                    return build(304).header("ETag", tag).body(Body::empty()).unwrap();
                }
            }
            let mut response = build(200).header("Content-Type", content_type);
            if let Some(tag) = etag {
                response = response.header("ETag", tag);
            }
            response.body(Body::from(body)).unwrap()
        }
    }
}

/// `count` copies of `chunk`, as a body stream (no Content-Length: the cap must stop the read).
fn futures_stream(
    chunk: String,
    count: usize,
) -> impl futures_util::Stream<Item = Result<String, std::io::Error>> {
    futures_util::stream::iter((0..count).map(move |_| Ok(chunk.clone())))
}
