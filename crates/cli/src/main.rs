//! `marsad`: the command line. Parses arguments and calls the library crates; nothing here
//! codes events or touches SQL.

mod commands;
mod watch;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// marsad: an observatory of armed violence from Arabic news reports.
#[derive(Parser)]
#[command(name = "marsad", version, about)]
struct Cli {
    /// The store: a path, sqlite://PATH or postgres://USER@HOST:PORT/DB (default ./marsad.db).
    #[arg(long, global = true, default_value = "marsad.db")]
    db: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles (files, directories, feeds), extract and fuse their events.
    Ingest {
        /// Files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the summary as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Write every event (JSONL, ACLED CSV or GeoJSON).
    Export {
        /// jsonl, acled-csv or geojson.
        #[arg(long, default_value = "jsonl")]
        format: String,
        /// Output file (default: standard output).
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Last day (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// Governorate (English name or p-code).
        #[arg(long)]
        admin1: Option<String>,
        /// Actor name (substring).
        #[arg(long)]
        actor: Option<String>,
    },
    /// List stored articles, or print one article's cleaned text.
    Articles {
        /// One article's id.
        id: Option<String>,
        /// Print the stored (cleaned) text of ID.
        #[arg(long)]
        text: bool,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Score the stored events against gold annotations.
    Eval {
        /// Gold JSONL file (spec/gold.md).
        #[arg(long)]
        gold: PathBuf,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
        /// Only these article ids (comma-separated).
        #[arg(long)]
        articles: Option<String>,
    },
    /// Analyse one text without storing it (stdin when TEXT is absent).
    Inspect {
        /// Publication day anchoring relative dates.
        #[arg(long)]
        published: Option<String>,
        /// The text.
        text: Option<String>,
    },
    /// Say which reports an event merges and which near events were kept apart.
    Explain {
        /// Event id (SYR-000001).
        event_id: String,
    },
    /// Gazetteer maintenance.
    Gazetteer {
        #[command(subcommand)]
        command: GazetteerCommand,
    },
    /// Generate a corpus, ingest it into a fresh store and print per-stage and end-to-end
    /// throughput (`bench generate` only writes the corpus).
    #[command(args_conflicts_with_subcommands = true)]
    Bench {
        #[command(subcommand)]
        command: Option<BenchCommand>,
        /// Articles to generate and ingest.
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        /// Generator seed (same seed, same corpus).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Measure the stages one by one on at most this many articles (0: all of them).
        #[arg(long, default_value_t = 10_000)]
        stage_articles: usize,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Ingest the bundled demo reports into a fresh store, show the events, then serve them.
    Demo {
        /// Keep the demo store at this path instead of a temporary one.
        #[arg(long)]
        keep: Option<PathBuf>,
        /// Print the table and stop instead of serving.
        #[arg(long)]
        no_serve: bool,
        /// Where to serve.
        #[arg(long, default_value = marsad_server::DEFAULT_ADDR)]
        addr: std::net::SocketAddr,
    },
    /// Serve the JSON API (and web UI) over the store, on 127.0.0.1 unless told otherwise.
    Serve {
        /// Address to listen on; anything but loopback is reachable by others.
        #[arg(long, default_value = marsad_server::DEFAULT_ADDR)]
        addr: std::net::SocketAddr,
        /// Origins allowed by CORS (closed by default).
        #[arg(long = "cors-origin")]
        cors_origins: Vec<String>,
        /// Also follow the sources in this file (as `marsad watch`) while serving.
        #[arg(long, value_name = "SOURCES_TOML")]
        watch: Option<PathBuf>,
    },
    /// Follow outlets' RSS/Atom feeds (or list pages) in a sources file: fetch each new
    /// article's page once, politely, and ingest it; until Ctrl-C, or once with --once.
    Watch {
        /// The sources file (TOML; see sources.example.toml).
        #[arg(long)]
        sources: PathBuf,
        /// Poll each source once, then print the ingest summary and exit.
        #[arg(long)]
        once: bool,
        /// Print the summary as one JSON object (the keys of `ingest --json`).
        #[arg(long)]
        json: bool,
    },
    /// Each followed source's health: last success, last error, items seen and new, failures.
    Sources {
        /// Print one JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Escalation alerts of one week (Monday to Sunday): fatality levels unseen for a year or
    /// more, emerging actors, new event types in an area, claim spikes.
    Alerts {
        /// A day of the week to look at (YYYY-MM-DD; default: the latest event date).
        #[arg(long)]
        since: Option<String>,
        /// text or json.
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Copy a whole store (articles, events, reports, audit trails, tokens) into a new one:
    /// `marsad migrate --from sqlite://marsad.db --to postgres://user@host/db`.
    Migrate {
        /// The store to copy: a path or sqlite://PATH.
        #[arg(long)]
        from: String,
        /// The empty PostgreSQL store to fill: postgres://USER@HOST:PORT/DB.
        #[arg(long)]
        to: String,
    },
    /// API tokens for write requests (review).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token for NAME; the secret is printed once and stored hashed.
    Create {
        /// Who the token is for (appears in the audit trail).
        name: String,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Write a generated corpus (a directory `marsad ingest` reads).
    Generate {
        /// Articles to generate.
        #[arg(long, default_value_t = 1000)]
        articles: usize,
        /// Generator seed (same seed, same corpus).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output directory (created; must be empty).
        #[arg(long, default_value = "bench-corpus")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum GazetteerCommand {
    /// Add places to the store's gazetteer layer and re-geocode stored events.
    Import {
        /// open-syria (a directory with governorates/districts/subdistricts.json) or geonames (SY.txt).
        #[arg(long)]
        format: String,
        /// The file or directory.
        path: PathBuf,
    },
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest { paths, json } => commands::ingest(&cli.db, &paths, json),
        Command::Export {
            format,
            output,
            from,
            to,
            admin1,
            actor,
        } => commands::export(&cli.db, &format, output.as_deref(), from, to, admin1, actor),
        Command::Articles { id, text, json } => {
            commands::articles(&cli.db, id.as_deref(), text, json)
        }
        Command::Eval {
            gold,
            json,
            articles,
        } => commands::eval(&cli.db, &gold, json, articles.as_deref()),
        Command::Inspect { published, text } => {
            commands::inspect(&cli.db, published.as_deref(), text)
        }
        Command::Explain { event_id } => commands::explain(&cli.db, &event_id),
        Command::Gazetteer {
            command: GazetteerCommand::Import { format, path },
        } => commands::gazetteer_import(&cli.db, &format, &path),
        Command::Demo {
            keep,
            no_serve,
            addr,
        } => commands::demo(keep.as_deref(), (!no_serve).then_some(addr)),
        Command::Serve {
            addr,
            cors_origins,
            watch: None,
        } => commands::serve(&cli.db, addr, cors_origins),
        Command::Serve {
            addr,
            cors_origins,
            watch: Some(sources),
        } => watch::serve_with_watch(&cli.db, &sources, || {
            commands::serve(&cli.db, addr, cors_origins)
        }),
        Command::Watch {
            sources,
            once,
            json,
        } => watch::watch(&cli.db, &sources, once, json),
        Command::Sources { json } => watch::sources(&cli.db, json),
        Command::Alerts { since, format } => commands::alerts(&cli.db, since.as_deref(), &format),
        Command::Migrate { from, to } => commands::migrate(&from, &to),
        Command::Token {
            command: TokenCommand::Create { name },
        } => commands::token_create(&cli.db, &name),
        Command::Bench {
            command:
                Some(BenchCommand::Generate {
                    articles,
                    seed,
                    out,
                }),
            ..
        } => commands::bench_generate(articles, seed, &out),
        Command::Bench {
            command: None,
            articles,
            seed,
            stage_articles,
            json,
        } => commands::bench(articles, seed, stage_articles, json),
    };
    if let Err(e) = result {
        eprintln!("marsad: {e:#}");
        std::process::exit(1);
    }
}
