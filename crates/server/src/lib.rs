//! `marsad serve`: the JSON API of `spec/api.md` over the store: events with filters, sorting
//! and cursors, articles with highlights, Arabic full-text search, weekly counts, the
//! unresolved places, exports, and review (bearer token, audit, optimistic concurrency).
//!
//! Owns: HTTP, request validation, search query building. Must never: hold SQL (that is
//! `store`) or code events (that is `extract`/`fuse`).

#![warn(missing_docs)]

mod api;
pub mod error;
mod limits;
pub mod marks;
pub mod params;
mod review;
pub mod search;
mod sources;
mod trends;
mod ui;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use marsad_lexicon::Gazetteer;
use marsad_store::Store;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

pub use error::{ApiError, ApiResult};
pub use limits::MAX_QUERY_BYTES;
pub use search::{refresh_index, Aliases, TextQuery};

/// Largest request body accepted (1 MB).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The default address: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Every route, as `(method, path)` in the OpenAPI document's spelling (`{id}`); a test keeps
/// this list, the router and `/api/openapi.json` in agreement. `/` is the web UI's page; the
/// files it loads (`/assets/...`, see [`UI_ASSETS`]) are not part of the API.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/"),
    ("get", "/api/openapi.json"),
    ("get", "/api/events"),
    ("get", "/api/events/{id}"),
    ("post", "/api/events/{id}/review"),
    ("get", "/api/articles/{id}"),
    ("get", "/api/search"),
    ("get", "/api/stats"),
    ("get", "/api/places/unresolved"),
    ("post", "/api/places/coordinates"),
    ("get", "/api/export.csv"),
    ("get", "/api/export.geojson"),
    ("get", "/api/export.jsonl"),
    ("get", "/api/trends"),
    ("get", "/api/alerts"),
    ("get", "/api/sources"),
];

/// The route prefix of the web UI's embedded files (scripts, styles, fonts, map layers).
pub const UI_ASSETS: &str = "/assets/";

/// How many read connections `serve` opens beside the writer: reads (lists, details, search,
/// exports) run on them in parallel while a review or an index refresh holds the writer.
pub const READERS: usize = 4;

/// Most documents a search indexes before it reads (what was just written); a larger backlog
/// is left to the background indexer.
const REQUEST_INDEX_BUDGET: usize = 500;

/// What every handler shares: the store (one writing connection, behind a lock, and
/// optionally a pool of reading ones), the gazetteer and the alias tables for search.
pub struct AppState {
    /// The writing connection. Handlers lock it inside `spawn_blocking`.
    pub store: Mutex<Store>,
    /// Read-only connections to the same store (empty: reads share `store`).
    readers: Vec<Mutex<Store>>,
    /// Round-robin start for picking a reader.
    next_reader: AtomicUsize,
    /// The base gazetteer merged with the store's places.
    pub gazetteer: Gazetteer,
    /// Actor and place aliases for query expansion.
    pub aliases: Aliases,
}

impl AppState {
    /// State over an open store: builds the gazetteer (base + stored places) and aliases, and
    /// indexes whatever was written since the last search.
    pub fn new(mut store: Store) -> anyhow::Result<AppState> {
        let gazetteer = marsad_pipeline::gazetteer_for(&store)?;
        let aliases = Aliases::new(&gazetteer);
        refresh_index(&mut store, &aliases)?;
        store.refresh_planner_statistics()?;
        Ok(AppState {
            store: Mutex::new(store),
            readers: Vec::new(),
            next_reader: AtomicUsize::new(0),
            gazetteer,
            aliases,
        })
    }

    /// Adds read connections (opened on the same store as the writer) that
    /// [`AppState::with_reader`] spreads reads over.
    pub fn with_readers(mut self, readers: Vec<Store>) -> AppState {
        self.readers = readers.into_iter().map(Mutex::new).collect();
        self
    }

    /// Runs `f`, which must only read, on a free read connection (the writer when there are
    /// none) on a blocking thread.
    pub async fn with_reader<T, F>(self: &Arc<Self>, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &AppState) -> ApiResult<T> + Send + 'static,
    {
        self.on_blocking_thread(AppState::lock_reader, f).await
    }

    /// Indexes documents written since the last search (on the writer), so the next read
    /// finds them. A search never queues for the writer: when it is busy (a review, a watched
    /// source's ingest, another search's refresh), the search reads the index as it stands
    /// and a later one catches up.
    pub async fn refresh_search(self: &Arc<Self>) -> ApiResult<()> {
        // Best effort: a search whose indexing fails (another process holding the write lock
        // past the busy timeout) still answers from the index as it stands.
        if let Err(e) = self.index_some(REQUEST_INDEX_BUDGET).await {
            eprintln!("marsad serve: indexing before a search failed: {e:?}");
        }
        Ok(())
    }

    /// Indexes up to about `budget` waiting documents if the writer is free now; returns how
    /// many were indexed (0 when the writer was busy).
    async fn index_some(self: &Arc<Self>, budget: usize) -> ApiResult<usize> {
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || match state.try_lock_writer()? {
            Some(mut store) => Ok(search::refresh_index_up_to(
                &mut store,
                &state.aliases,
                budget,
            )?),
            None => Ok(0),
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Keeps the search index current in the background: every second, and batch after
    /// batch while documents wait (a bulk ingest by another process), the writer lock taken
    /// one batch at a time so reviews interleave. Runs until the runtime stops.
    pub fn spawn_background_indexer(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let state = Arc::clone(self);
        tokio::spawn(async move {
            loop {
                match state.index_some(search::INDEX_BATCH).await {
                    Ok(n) if n > 0 => tokio::task::yield_now().await,
                    Ok(_) => tokio::time::sleep(std::time::Duration::from_secs(1)).await,
                    Err(e) => {
                        eprintln!("marsad serve: background indexing failed: {e:?}");
                        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                    }
                }
            }
        })
    }

    /// Runs `f` on the store on a blocking thread, mapping a poisoned lock to a 500.
    pub async fn with_store<T, F>(self: &Arc<Self>, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &AppState) -> ApiResult<T> + Send + 'static,
    {
        self.on_blocking_thread(AppState::lock_writer, f).await
    }

    /// Locks the connection `lock` picks and runs `f` on it, on a blocking thread.
    async fn on_blocking_thread<T, F>(
        self: &Arc<Self>,
        lock: fn(&AppState) -> ApiResult<MutexGuard<'_, Store>>,
        f: F,
    ) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &AppState) -> ApiResult<T> + Send + 'static,
    {
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut store = lock(&state)?;
            f(&mut store, &state)
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// The writing connection if it is free now, `None` if another holds it; a poisoned lock
    /// is a 500.
    fn try_lock_writer(&self) -> ApiResult<Option<MutexGuard<'_, Store>>> {
        match self.store.try_lock() {
            Ok(guard) => Ok(Some(guard)),
            Err(std::sync::TryLockError::WouldBlock) => Ok(None),
            Err(std::sync::TryLockError::Poisoned(_)) => {
                Err(ApiError::internal("store lock poisoned"))
            }
        }
    }

    /// The writing connection, mapping a poisoned lock to a 500.
    fn lock_writer(&self) -> ApiResult<MutexGuard<'_, Store>> {
        self.store
            .lock()
            .map_err(|_| ApiError::internal("store lock poisoned"))
    }

    /// A free read connection if there is one, else the round-robin choice (waiting for it);
    /// the writer when there are no readers.
    fn lock_reader(&self) -> ApiResult<MutexGuard<'_, Store>> {
        let count = self.readers.len();
        if count == 0 {
            return self.lock_writer();
        }
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed) % count;
        let free = (0..count)
            .map(|i| &self.readers[(start + i) % count])
            .find_map(|reader| reader.try_lock().ok());
        match free {
            Some(guard) => Ok(guard),
            None => self.readers[start]
                .lock()
                .map_err(|_| ApiError::internal("store lock poisoned")),
        }
    }
}

/// Server options beyond the address.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// Origins allowed by CORS (`http://localhost:5173`); empty (the default) sends no CORS
    /// headers, so browsers refuse cross-origin reads.
    pub cors_origins: Vec<String>,
}

/// The API router over `state`, with the body limit, panic catching and (if asked) CORS.
pub fn router(state: Arc<AppState>, options: &ServeOptions) -> Router {
    let mut app = Router::new()
        .route("/", get(ui::index))
        .route("/assets/*path", get(ui::asset))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/events", get(api::list_events))
        .route("/api/events/:id", get(api::event_detail))
        .route("/api/events/:id/review", post(review::review_event))
        .route("/api/articles/:id", get(api::article_detail))
        .route("/api/search", get(api::search))
        .route("/api/stats", get(api::stats))
        .route("/api/places/unresolved", get(api::unresolved_places))
        .route(
            "/api/places/coordinates",
            post(review::set_place_coordinates),
        )
        .route("/api/export.csv", get(api::export_csv))
        .route("/api/export.geojson", get(api::export_geojson))
        .route("/api/export.jsonl", get(api::export_jsonl))
        .route("/api/trends", get(trends::trends))
        .route("/api/alerts", get(trends::alerts))
        .route("/api/sources", get(sources::sources))
        .fallback(api::not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CatchPanicLayer::custom(api::panic_response))
        .layer(axum::middleware::from_fn(limits::guard));
    let origins: Vec<axum::http::HeaderValue> = options
        .cors_origins
        .iter()
        .filter_map(|o| o.parse().ok())
        .collect();
    if !origins.is_empty() {
        app = app.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([axum::http::Method::GET, axum::http::Method::POST])
                .allow_headers([
                    axum::http::header::AUTHORIZATION,
                    axum::http::header::CONTENT_TYPE,
                ]),
        );
    }
    app
}

/// Opens the store at `store_path` and serves the API on `addr` (use [`DEFAULT_ADDR`]:
/// loopback) until Ctrl-C.
pub async fn serve(
    store_path: PathBuf,
    addr: SocketAddr,
    options: ServeOptions,
) -> anyhow::Result<()> {
    // Opened on a blocking thread: the PostgreSQL client blocks on a runtime of its own, which
    // may not start inside this one (every later store call runs in `spawn_blocking` too).
    let state = Arc::new(
        tokio::task::spawn_blocking(move || -> anyhow::Result<AppState> {
            let state = AppState::new(Store::open(&store_path)?)?;
            let readers = (0..READERS)
                .map(|_| Store::open(&store_path))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(state.with_readers(readers))
        })
        .await??,
    );
    state.spawn_background_indexer();
    let app = router(state, &options);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!(
        "marsad serve: listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
