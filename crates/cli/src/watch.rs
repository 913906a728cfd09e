//! `marsad watch`, `marsad sources` and `marsad serve --watch`: following live sources.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use marsad_store::{SourceHealth, Store};
use marsad_watch::{Config, PollOutcome, RunMode, WatchEvent, Watcher};

/// The store path `Watcher` and `Store::open` take: a path (`sqlite://` stripped) or a
/// PostgreSQL URL kept whole.
fn store_target(db: &str) -> PathBuf {
    PathBuf::from(db.strip_prefix("sqlite://").unwrap_or(db))
}

/// Writes one line on stdout; a closed pipe ends the program quietly.
fn out(line: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{line}") {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        return Err(e.into());
    }
    Ok(())
}

fn load(sources: &Path) -> Result<Config> {
    let config = Config::load(sources)?;
    if config.sources.is_empty() {
        anyhow::bail!("{}: no [[source]] to follow", sources.display());
    }
    Ok(config)
}

/// One progress line on stderr per poll and per stored item.
fn report(event: &WatchEvent) {
    match event {
        WatchEvent::Polled { source, outcome } => match outcome {
            PollOutcome::Updated { items } => eprintln!("{source}: {items} items listed"),
            PollOutcome::NotModified => eprintln!("{source}: not modified"),
            PollOutcome::Failed { error } => eprintln!("{source}: failed: {error}"),
            PollOutcome::Interrupted => eprintln!("{source}: interrupted"),
        },
        WatchEvent::Item {
            source,
            key,
            status,
        } => eprintln!("{source}: {status} {key}"),
    }
}

/// Raises `stop` on Ctrl-C (a thread waiting on the signal with a small runtime of its own).
fn stop_on_ctrl_c(stop: Arc<AtomicBool>) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .context("starting the signal handler")?;
    std::thread::Builder::new()
        .name("marsad-ctrl-c".into())
        .spawn(move || {
            runtime.block_on(async {
                if tokio::signal::ctrl_c().await.is_ok() {
                    eprintln!("marsad watch: stopping after the items in hand");
                    stop.store(true, Ordering::SeqCst);
                }
            })
        })
        .context("starting the signal handler")?;
    Ok(())
}

/// `marsad watch --sources FILE [--once] [--json]`.
pub fn watch(db: &str, sources: &Path, once: bool, json: bool) -> Result<()> {
    let config = load(sources)?;
    let watcher = Watcher::new(config, store_target(db));
    stop_on_ctrl_c(watcher.stop_flag())?;
    let mode = if once {
        RunMode::Once
    } else {
        RunMode::UntilStopped
    };
    let done = watcher.run(mode, report).context("watching")?;
    if json {
        out(&serde_json::to_string(&done.ingest)?)
    } else {
        out(&done.ingest.to_string())?;
        out(&format!(
            "polls: {} ({} not modified, {} failed) | pages: {} fetched, {} failed",
            done.polls,
            done.polls_not_modified,
            done.polls_failed,
            done.pages_fetched,
            done.pages_failed
        ))
    }
}

fn when(at: Option<i64>) -> String {
    at.and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|| "-".to_string())
}

/// `marsad sources [--json]`: each followed source's health.
pub fn sources(db: &str, json: bool) -> Result<()> {
    let store = Store::open(&store_target(db)).context("opening the store")?;
    let health: Vec<SourceHealth> = store.sources_health()?;
    if json {
        return out(&serde_json::to_string(&health)?);
    }
    if health.is_empty() {
        eprintln!("marsad: no followed sources yet (marsad watch --sources FILE)");
        return Ok(());
    }
    out("source\tlast success (UTC)\tlast error (UTC)\terror\titems seen\titems new\tpages failed\tfailures in a row")?;
    for h in &health {
        let error: String = h
            .last_error
            .as_deref()
            .unwrap_or("-")
            .chars()
            .take(80)
            .collect();
        out(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            h.name,
            when(h.last_success_at),
            when(h.last_error_at),
            error.replace(['\t', '\n'], " "),
            h.items_seen,
            h.items_new,
            h.pages_failed,
            h.consecutive_failures
        ))?;
    }
    Ok(())
}

/// `marsad serve --watch FILE`: the watcher runs beside the server, on its own thread and
/// store connection, until the server stops.
pub fn serve_with_watch(
    db: &str,
    sources: &Path,
    serve: impl FnOnce() -> Result<()>,
) -> Result<()> {
    let config = load(sources)?;
    let watcher = Watcher::new(config, store_target(db));
    let stop = watcher.stop_flag();
    let thread = std::thread::Builder::new()
        .name("marsad-watch".into())
        .spawn(move || {
            let result = watcher.run(RunMode::UntilStopped, report);
            if let Err(e) = &result {
                eprintln!("marsad: watching stopped: {e}");
            }
            result
        })
        .context("starting the watcher")?;
    let served = serve();
    stop.store(true, Ordering::SeqCst);
    let watched = match thread.join() {
        Ok(result) => result.context("watching"),
        Err(_) => Err(anyhow::anyhow!("the watcher thread panicked")),
    };
    served.and(watched.map(|_| ()))
}
