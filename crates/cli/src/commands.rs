//! One function per command: parse what the command needs, call the libraries, print.

/// `println!` that stops quietly when the reader went away (`marsad articles | head`): a closed
/// pipe ends the command with status 0 instead of a panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = writeln!(stdout, $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            return Err(e.into());
        }
    }};
}

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use marsad_pipeline::{export, IngestSummary, Pipeline};
use marsad_store::{EventFilter, Store};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

fn is_postgres(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The store "path" of a `--db` value: a path, `sqlite://PATH`, or a PostgreSQL URL kept
/// whole (`Store::open` recognizes it).
fn db_path(db: &str) -> Result<PathBuf> {
    if is_postgres(db) {
        return Ok(PathBuf::from(db));
    }
    Ok(PathBuf::from(db.strip_prefix("sqlite://").unwrap_or(db)))
}

/// How a store is named in messages: its path, or "the PostgreSQL store" (a URL may carry a
/// password).
fn db_label(db: &str) -> String {
    if is_postgres(db) {
        "the PostgreSQL store".to_string()
    } else {
        db.strip_prefix("sqlite://").unwrap_or(db).to_string()
    }
}

fn open_store(db: &str) -> Result<Store> {
    Store::open_target(db).with_context(|| format!("opening the store {}", db_label(db)))
}

/// `marsad migrate`: copies a SQLite store into an empty PostgreSQL one.
pub fn migrate(from: &str, to: &str) -> Result<()> {
    if is_postgres(from) {
        bail!("--from must be a SQLite store (a path or sqlite://PATH)");
    }
    if !is_postgres(to) {
        bail!("--to must be a PostgreSQL store (postgres://USER@HOST:PORT/DB)");
    }
    let path = db_path(from)?;
    if !path.exists() {
        bail!("--from: no store at {}", path.display());
    }
    let source = open_store(from)?;
    let mut target = open_store(to)?;
    let copied = source
        .copy_into(&mut target)
        .with_context(|| format!("copying {} into {}", db_label(from), db_label(to)))?;
    out!(
        "copied {} articles ({} revisions), {} events, {} reports, {} audit entries, \
         {} place audit entries, {} warnings, {} facts, {} unresolved place mentions, \
         {} places, {} ingest runs, {} tokens, {} followed sources ({} feed items)",
        copied.articles,
        copied.revisions,
        copied.events,
        copied.reports,
        copied.audit,
        copied.place_audit,
        copied.warnings,
        copied.facts,
        copied.unresolved_places,
        copied.places,
        copied.ingest_runs,
        copied.tokens,
        copied.watch_sources,
        copied.watch_items
    );
    Ok(())
}

fn parse_day(s: &str, what: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .with_context(|| format!("{what}: expected YYYY-MM-DD, got {s:?}"))
}

pub fn ingest(db: &str, paths: &[PathBuf], json: bool) -> Result<()> {
    let mut pipeline = Pipeline::open(&db_path(db)?)?;
    let summary = run_ingest(&mut pipeline, paths)?;
    print_run_warnings(&pipeline.store, summary.warnings)?;
    if json {
        out!("{}", serde_json::to_string(&summary)?);
    } else {
        out!("{summary}");
    }
    Ok(())
}

/// The warnings this run recorded (the last ones stored), on stderr: file, line, message.
fn print_run_warnings(store: &Store, count: u64) -> Result<()> {
    const SHOWN: usize = 20;
    if count == 0 {
        return Ok(());
    }
    let all = store.warnings(None)?;
    let count = usize::try_from(count).unwrap_or(usize::MAX).min(all.len());
    let run = &all[all.len() - count..];
    for w in run.iter().take(SHOWN) {
        eprintln!("warning: {w}");
    }
    if run.len() > SHOWN {
        eprintln!(
            "warning: ... and {} more (stored with the articles: `marsad articles`)",
            run.len() - SHOWN
        );
    }
    Ok(())
}

fn run_ingest(pipeline: &mut Pipeline, paths: &[PathBuf]) -> Result<IngestSummary> {
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} inputs [{elapsed}] {per_sec} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        Some(bar)
    } else {
        None
    };
    let summary = pipeline.ingest_paths(paths, |s, _| {
        if let Some(bar) = &bar {
            bar.inc(1);
            bar.set_message(format!(
                "{} new, {} events",
                s.articles_new,
                s.events_new + s.events_merged
            ));
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(summary)
}

pub fn export(
    db: &str,
    format: &str,
    output: Option<&Path>,
    from: Option<String>,
    to: Option<String>,
    admin1: Option<String>,
    actor: Option<String>,
) -> Result<()> {
    let store = open_store(db)?;
    let filter = EventFilter {
        from: from
            .as_deref()
            .map(|s| parse_day(s, "--from"))
            .transpose()?,
        to: to.as_deref().map(|s| parse_day(s, "--to")).transpose()?,
        admin1,
        actor,
        ..EventFilter::default()
    };
    let events = store.events(&filter)?;
    match write_export(&store, &events, format, output) {
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(())
        }
        other => other,
    }
}

fn write_export(
    store: &Store,
    events: &[marsad_model::Event],
    format: &str,
    output: Option<&Path>,
) -> Result<()> {
    let mut out: Box<dyn Write> = match output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    match format {
        "jsonl" => export::jsonl(events, &mut out).map_err(io_or_other)?,
        "acled-csv" | "csv" => export::acled_csv(
            events,
            |e| {
                store
                    .event_timestamp(&e.event_id)
                    .ok()
                    .flatten()
                    .unwrap_or(0)
            },
            &mut out,
        )
        .map_err(io_or_other)?,
        "geojson" => export::geojson(events, &mut out).map_err(io_or_other)?,
        other => bail!("unknown export format {other:?} (jsonl, acled-csv, geojson)"),
    }
    out.flush()?;
    Ok(())
}

/// An export error as the I/O error it wraps, when it wraps one (so a closed pipe is seen).
fn io_or_other(e: export::ExportError) -> anyhow::Error {
    match e {
        export::ExportError::Io(io) => io.into(),
        export::ExportError::Json(j) if j.is_io() => std::io::Error::from(j).into(),
        export::ExportError::Csv(c) if c.is_io_error() => match c.into_kind() {
            csv::ErrorKind::Io(io) => io.into(),
            other => anyhow::anyhow!("{other:?}"),
        },
        other => other.into(),
    }
}

pub fn articles(db: &str, id: Option<&str>, text: bool, json: bool) -> Result<()> {
    let store = open_store(db)?;
    if let Some(id) = id {
        let Some(article) = store.article(id)? else {
            bail!("no article {id:?}");
        };
        if text {
            out!("{}", article.text);
        } else if json {
            out!("{}", serde_json::to_string_pretty(&article)?);
        } else {
            out!(
                "{}\t{}\t{}\t{}",
                article.id,
                article.outlet.unwrap_or_default(),
                article.published.map(|d| d.to_string()).unwrap_or_default(),
                article.title.unwrap_or_default()
            );
            for w in store.warnings(Some(id))? {
                out!("  warning: {w}");
            }
        }
        return Ok(());
    }
    let list = store.articles()?;
    if json {
        for a in list {
            out!(
                "{}",
                serde_json::json!({"id": a.id, "outlet": a.outlet, "published": a.published, "title": a.title, "revisions": a.revisions, "warnings": a.warnings})
            );
        }
    } else {
        for a in list {
            out!(
                "{}\t{}\t{}\t{}\t{} warnings",
                a.id,
                a.outlet.unwrap_or_default(),
                a.published
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                a.title.unwrap_or_default(),
                a.warnings
            );
        }
    }
    Ok(())
}

fn read_jsonl(path: &Path) -> Result<Vec<serde_json::Value>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?,
        );
    }
    Ok(out)
}

pub fn eval(db: &str, gold: &Path, json: bool, articles: Option<&str>) -> Result<()> {
    let store = open_store(db)?;
    let gold = read_jsonl(gold)?;
    let events: Vec<serde_json::Value> = store
        .events(&EventFilter::default())?
        .into_iter()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()?;
    let only: Option<Vec<String>> = articles.map(|a| a.split(',').map(str::to_string).collect());
    let score = marsad_eval::score(&gold, &events, only.as_deref());
    if json {
        out!("{}", serde_json::to_string_pretty(&score.to_json())?);
    } else {
        for line in score.report_lines() {
            out!("{line}");
        }
    }
    Ok(())
}

pub fn inspect(db: &str, published: Option<&str>, text: Option<String>) -> Result<()> {
    let published = published.map(|s| parse_day(s, "--published")).transpose()?;
    let text = match text {
        Some(t) => t,
        None => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("reading standard input")?;
            s
        }
    };
    // The store's gazetteer layer counts when a store exists; inspect never creates one.
    let path = db_path(db)?;
    let extractor = if path.exists() {
        Pipeline::open(&path)?.extractor_owned()
    } else {
        marsad_extract::Extractor::bundled()?
    };
    let inspection = extractor.inspect(&text, published);
    out!("{}", serde_json::to_string_pretty(&inspection)?);
    Ok(())
}

pub fn explain(db: &str, event_id: &str) -> Result<()> {
    let store = open_store(db)?;
    let Some(event) = store.event(event_id)? else {
        bail!("no event {event_id:?}");
    };
    out!(
        "{} {} {} / {} — {}",
        event.event_id,
        event.event_date,
        event.sub_event_type,
        event.location_ar.clone().unwrap_or_default(),
        event.notes
    );
    out!("sources:");
    for s in &event.sources {
        out!(
            "  {} ({}, {})",
            s.article_id,
            s.outlet.clone().unwrap_or_default(),
            s.published.map(|d| d.to_string()).unwrap_or_default()
        );
    }
    out!("fusion history:");
    for a in store.audit(event_id)? {
        out!(
            "  {} {} {}: {} — {}",
            a.at,
            a.by,
            a.field,
            a.after.unwrap_or_default(),
            a.reason.unwrap_or_default()
        );
    }
    Ok(())
}

pub fn gazetteer_import(db: &str, format: &str, path: &Path) -> Result<()> {
    let mut pipeline = Pipeline::open(&db_path(db)?)?;
    let report = pipeline.import_places(format, path)?;
    out!("{report}");
    Ok(())
}

#[derive(rust_embed::RustEmbed)]
#[folder = "../../data/demo/"]
#[exclude = "*.py"]
struct DemoData;

/// Says so when the server will be reachable from other machines (anything but loopback).
fn warn_if_exposed(addr: std::net::SocketAddr) {
    if !addr.ip().is_loopback() {
        eprintln!("marsad: warning: serving on {addr}, reachable from other machines; writes still need a token");
    }
}

pub fn serve(db: &str, addr: std::net::SocketAddr, cors_origins: Vec<String>) -> Result<()> {
    warn_if_exposed(addr);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(marsad_server::serve(
        db_path(db)?,
        addr,
        marsad_server::ServeOptions { cors_origins },
    ))
}

pub fn token_create(db: &str, name: &str) -> Result<()> {
    let secret = open_store(db)?.create_token(name)?;
    out!("{secret}");
    eprintln!("marsad: store this token now: it is not shown again");
    Ok(())
}

pub fn demo(keep: Option<&Path>, serve_at: Option<std::net::SocketAddr>) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let corpus = dir.path().join("demo");
    std::fs::create_dir_all(&corpus)?;
    for name in DemoData::iter() {
        if name.ends_with("gold.jsonl") {
            continue;
        }
        if let Some(file) = DemoData::get(&name) {
            std::fs::write(corpus.join(name.as_ref()), file.data.as_ref())?;
        }
    }
    let db = match keep {
        Some(p) => p.to_path_buf(),
        None => dir.path().join("demo.db"),
    };
    let mut pipeline = Pipeline::open(&db)?;
    let summary = run_ingest(&mut pipeline, &[corpus])?;
    out!("{summary}\n");
    let events = pipeline.store.events(&EventFilter::default())?;
    out!(
        "{:<11} {:<10} {:<32} {:<16} {:<14} {:>4}  actors",
        "event",
        "date",
        "type",
        "place",
        "admin1",
        "dead"
    );
    for e in &events {
        out!(
            "{:<11} {:<10} {:<32} {:<16} {:<14} {:>4}  {} → {}",
            e.event_id,
            e.event_date,
            e.sub_event_type,
            e.location_ar.clone().unwrap_or_default(),
            e.admin1.clone().unwrap_or_default(),
            e.fatalities,
            e.actor1,
            if e.actor2.is_empty() { "-" } else { &e.actor2 },
        );
    }
    if let Some(gold) = DemoData::get("gold.jsonl") {
        let gold: Vec<serde_json::Value> = String::from_utf8_lossy(&gold.data)
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        let values: Vec<serde_json::Value> = events
            .iter()
            .filter_map(|e| serde_json::to_value(e).ok())
            .collect();
        out!(
            "\nagainst the demo gold: {}",
            marsad_eval::score(&gold, &values, None).summary_line()
        );
    }
    if let Some(p) = keep {
        out!("store kept at {}", p.display());
    }
    if let Some(addr) = serve_at {
        drop(pipeline);
        warn_if_exposed(addr);
        out!("\nserving the demo on http://{addr}/ (Ctrl-C to stop)");
        let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
        runtime.block_on(marsad_server::serve(
            db.clone(),
            addr,
            marsad_server::ServeOptions::default(),
        ))?;
    }
    Ok(())
}

/// `marsad bench generate`: writes a generated corpus and says what it wrote.
pub fn bench_generate(articles: usize, seed: u64, out: &Path) -> Result<()> {
    let corpus = marsad_bench::write_corpus(&marsad_bench::CorpusSpec { articles, seed }, out)?;
    print_or_stop(&format!(
        "wrote {} articles ({:.1} MB) to {}\n",
        corpus.articles,
        corpus.bytes as f64 / 1e6,
        corpus.dir.display()
    ))
}

/// `marsad bench`: generates a corpus in a temporary directory, ingests it into a fresh store
/// and prints the figures (spec/cli.md); `--db` is not touched.
pub fn bench(articles: usize, seed: u64, stage_articles: usize, json: bool) -> Result<()> {
    if articles == 0 {
        bail!("--articles must be at least 1");
    }
    let options = marsad_bench::BenchOptions {
        articles,
        seed,
        stage_articles: (stage_articles > 0).then_some(stage_articles),
        workdir: None,
    };
    let report = marsad_bench::run(&options)?;
    if json {
        print_or_stop(&format!("{}\n", serde_json::to_string(&report)?))
    } else {
        let build = if cfg!(debug_assertions) {
            "debug build: figures are not representative, use --release\n"
        } else {
            ""
        };
        print_or_stop(&format!("{build}{report}\n"))
    }
}

/// `marsad alerts`: the alerts of the week containing `since` (default: the latest event
/// date), over every stored event but the rejected ones, with the default `TrendConfig`.
pub fn alerts(db: &str, since: Option<&str>, format: &str) -> Result<()> {
    if format != "text" && format != "json" {
        bail!("--format: expected text or json, got {format:?}");
    }
    let as_of = since.map(|s| parse_day(s, "--since")).transpose()?;
    let events = open_store(db)?.events(&EventFilter::default())?;
    let config = marsad_trends::TrendConfig::default();
    let Some(as_of) = as_of.or_else(|| marsad_trends::latest_date(&events)) else {
        return print_or_stop(if format == "json" {
            "[]\n"
        } else {
            "no events\n"
        });
    };
    let found = marsad_trends::alerts(&events, as_of, &config)?;
    if format == "json" {
        return print_or_stop(&format!("{}\n", serde_json::to_string_pretty(&found)?));
    }
    let mut out = format!(
        "alerts for the week {} to {} ({} events)\n",
        marsad_trends::week_start(as_of),
        marsad_trends::week_end(as_of),
        events.len()
    );
    if found.is_empty() {
        out.push_str("none\n");
    }
    for alert in &found {
        out.push_str(&format!(
            "- {}: {}\n  events: {}\n",
            serde_json::to_value(alert.kind)?
                .as_str()
                .unwrap_or("alert"),
            alert.message,
            alert.event_ids.join(", ")
        ));
    }
    print_or_stop(&out)
}

/// Writes to stdout; a reader that went away (`| head`) ends the command quietly.
fn print_or_stop(text: &str) -> Result<()> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
