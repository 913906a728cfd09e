//! The bench harness: end to end through the real (parallel) pipeline, each stage alone on one
//! core, and the limit — reading and NFKC-normalizing the same bytes and nothing else.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use marsad_lexicon::Geocoder;
use marsad_model::Article;
use marsad_pipeline::{IngestSummary, Pipeline};
use marsad_store::{ArticleOutcome, Store};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::generate::{write_corpus, CorpusSpec};
use crate::{Error, Result};

/// What to bench.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchOptions {
    /// Articles to generate and ingest.
    pub articles: usize,
    /// Generator seed.
    pub seed: u64,
    /// Run the stage-by-stage measurement on at most this many articles (the first ones read);
    /// `None`: all of them. The stages run on one core, so this bounds the run's length.
    pub stage_articles: Option<usize>,
    /// Where to put the corpus and the stores (a temporary directory when `None`).
    pub workdir: Option<PathBuf>,
}

impl Default for BenchOptions {
    fn default() -> BenchOptions {
        BenchOptions {
            articles: 10_000,
            seed: 1,
            stage_articles: Some(10_000),
            workdir: None,
        }
    }
}

/// One stage measured alone on one core.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageFigure {
    /// `read_clean`, `normalize`, `geocode`, `extract`, `fuse` or `store`.
    pub stage: &'static str,
    /// Articles it ran on.
    pub articles: u64,
    /// Seconds spent in it.
    pub seconds: f64,
    /// Articles per second on one core.
    pub articles_per_s_per_core: f64,
    /// MB (10^6 bytes of corpus file text) per second on one core.
    pub mb_per_s: f64,
}

/// The read + NFKC limit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LimitFigure {
    /// Files read.
    pub articles: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Seconds on one core.
    pub seconds: f64,
}

impl LimitFigure {
    /// Articles per second on one core.
    pub fn articles_per_s(&self) -> f64 {
        per_second(self.articles as f64, self.seconds)
    }

    /// MB per second on one core.
    pub fn mb_per_s(&self) -> f64 {
        per_second(self.bytes as f64 / 1e6, self.seconds)
    }
}

/// Everything `marsad bench` prints (`--json` keys as in spec/cli.md, plus context).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchReport {
    /// Articles generated and ingested.
    pub articles: usize,
    /// Cores the pipeline ran on.
    pub cores: usize,
    /// End to end (parallel pipeline, fresh store): articles per second divided by `cores`.
    pub articles_per_s_per_core: f64,
    /// End to end: MB of corpus per second of wall-clock time (all cores).
    pub mb_per_s: f64,
    /// Peak resident memory of the end-to-end run, MB (VmHWM; `None` off Linux).
    pub peak_rss_mb: Option<f64>,
    /// Reading and NFKC-normalizing the same files, one core: articles per second.
    pub limit_articles_per_s_per_core: f64,
    /// The limit divided by the end-to-end figure (1 would be "as fast as reading").
    pub limit_ratio: f64,
    /// Each stage alone on one core.
    pub stages: Vec<StageFigure>,
    /// Seed of the corpus.
    pub seed: u64,
    /// Corpus size, MB of report text.
    pub corpus_mb: f64,
    /// Mean report size, KB (1024 bytes).
    pub mean_article_kb: f64,
    /// Seconds to generate and write the corpus.
    pub generate_seconds: f64,
    /// Seconds of the end-to-end ingest.
    pub end_to_end_seconds: f64,
    /// The end-to-end ingest summary.
    pub summary: IngestSummary,
    /// The stage-by-stage run's summary (same counts as `summary` when it ran on every
    /// article: it is the sequential reference).
    pub stage_summary: IngestSummary,
}

fn per_second(amount: f64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        amount / seconds
    } else {
        0.0
    }
}

/// Peak resident memory of this process so far, MB (`VmHWM` in /proc/self/status); `None`
/// where there is no /proc.
pub fn peak_rss_mb() -> Option<f64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Resets the peak resident memory to the current one (Linux `clear_refs` 5), so the next
/// [`peak_rss_mb`] measures only what follows. Returns whether the kernel accepted it.
pub fn reset_peak_rss() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The `.txt` files under `dir`, sorted (the order ingest reads them in).
fn corpus_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in fs::read_dir(&d).map_err(io(&d))? {
            let path = entry.map_err(io(&d))?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The limit: read every `.txt` file under `dir` and NFKC-normalize it, on one core.
pub fn measure_limit(dir: &Path) -> Result<LimitFigure> {
    let files = corpus_files(dir)?;
    let start = Instant::now();
    let mut bytes = 0u64;
    for path in &files {
        let raw = fs::read(path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        bytes += raw.len() as u64;
        let text = String::from_utf8_lossy(&raw);
        let normalized: String = text.nfkc().collect();
        black_box(normalized);
    }
    Ok(LimitFigure {
        articles: files.len() as u64,
        bytes,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Time and articles spent in one stage of the stage-by-stage run.
#[derive(Default)]
struct Clock {
    time: Duration,
    articles: u64,
}

impl Clock {
    fn time<T>(&mut self, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = work();
        self.time += start.elapsed();
        out
    }
}

/// The stage-by-stage run: one article at a time on one core, each step timed. `fuse` is not
/// timed directly (fusion lives inside the pipeline): it is the time of
/// `Pipeline::ingest_article` less the same article's extraction and article writes, timed
/// alone just before — candidate search, clustering and event writes.
struct Stages {
    pipeline: Pipeline,
    scratch: Store,
    geocoder_gazetteer: marsad_lexicon::Gazetteer,
    read_clean: Clock,
    normalize: Clock,
    geocode: Clock,
    extract: Clock,
    fuse: Clock,
    write: Clock,
    summary: IngestSummary,
    bytes: u64,
}

impl Stages {
    fn figures(&self) -> Vec<StageFigure> {
        let mb = self.bytes as f64 / 1e6;
        let articles = self.read_clean.articles.max(1) as f64;
        [
            ("read_clean", &self.read_clean),
            ("normalize", &self.normalize),
            ("geocode", &self.geocode),
            ("extract", &self.extract),
            ("fuse", &self.fuse),
            ("store", &self.write),
        ]
        .into_iter()
        .map(|(stage, clock)| {
            let seconds = clock.time.as_secs_f64();
            // MB scaled to the articles this stage saw.
            let share = clock.articles as f64 / articles;
            StageFigure {
                stage,
                articles: clock.articles,
                seconds,
                articles_per_s_per_core: per_second(clock.articles as f64, seconds),
                mb_per_s: per_second(mb * share, seconds),
            }
        })
        .collect()
    }

    /// One article through every stage.
    fn article(&mut self, article: &Article) -> Result<()> {
        let normalized = self
            .normalize
            .time(|| marsad_text::normalize(&article.text));
        self.normalize.articles += 1;
        let gazetteer = &self.geocoder_gazetteer;
        let places = self.geocode.time(|| {
            let geocoder = Geocoder::new(gazetteer);
            let text = marsad_text::match_form(&normalized.text);
            let context = geocoder.context(&text);
            geocoder.locations(&text, 0..text.len(), &context).len()
        });
        black_box(places);
        self.geocode.articles += 1;

        // Article writes alone, on a scratch store that sees the same articles in the same
        // order (so it finds the same duplicates as the pipeline's store).
        let scratch = &mut self.scratch;
        let start = Instant::now();
        let outcome = scratch.put_article(article)?;
        let mut writes = start.elapsed();
        self.write.articles += 1;
        let mut extraction_time = Duration::ZERO;
        if outcome != ArticleOutcome::Duplicate {
            let extractor = self.pipeline.extractor();
            let start = Instant::now();
            let extraction = extractor.extract(article);
            extraction_time = start.elapsed();
            self.extract.time += extraction_time;
            self.extract.articles += 1;
            let start = Instant::now();
            scratch.put_facts(&article.id, &extraction.facts)?;
            writes += start.elapsed();
        }
        self.write.time += writes;

        let start = Instant::now();
        self.pipeline.ingest_article(article, &mut self.summary)?;
        let whole = start.elapsed();
        if outcome != ArticleOutcome::Duplicate {
            self.fuse.time += whole.saturating_sub(extraction_time + writes);
            self.fuse.articles += 1;
        }
        Ok(())
    }
}

/// Runs the stage-by-stage measurement over the first `limit` inputs under `corpus`.
fn measure_stages(corpus: &Path, work: &Path, limit: usize) -> Result<Stages> {
    let pipeline = Pipeline::open(&work.join("stages.db"))?;
    let mut scratch = Store::open(&work.join("scratch.db"))?;
    scratch.begin()?;
    let mut stages = Stages {
        geocoder_gazetteer: pipeline.extractor().gazetteer().clone(),
        pipeline,
        scratch,
        read_clean: Clock::default(),
        normalize: Clock::default(),
        geocode: Clock::default(),
        extract: Clock::default(),
        fuse: Clock::default(),
        write: Clock::default(),
        summary: IngestSummary::default(),
        bytes: 0,
    };
    let roots = [corpus.to_path_buf()];
    let mut inputs = marsad_ingest::read_paths(&roots);
    for _ in 0..limit {
        let Some(input) = stages.read_clean.time(|| inputs.next()) else {
            break;
        };
        match input {
            marsad_ingest::Input::Article(article) => {
                stages.read_clean.articles += 1;
                stages.bytes += fs::metadata(&article.origin).map(|m| m.len()).unwrap_or(0);
                stages.article(&article)?;
            }
            marsad_ingest::Input::Warning(w) => {
                stages.pipeline.store.put_warning(&w)?;
                stages.summary.warnings += 1;
                if w.article_id.is_none() {
                    stages.summary.articles_rejected += 1;
                }
            }
        }
    }
    stages.scratch.commit()?;
    Ok(stages)
}

/// Generates the corpus, measures the limit, ingests end to end with the pipeline into a fresh
/// store, then runs the stages one by one into another fresh store.
pub fn run(options: &BenchOptions) -> Result<BenchReport> {
    if options.articles == 0 {
        return Err(Error::NoArticles);
    }
    let temp;
    let work = match &options.workdir {
        Some(dir) => dir.clone(),
        None => {
            temp = tempfile::tempdir().map_err(|source| Error::Io {
                path: std::env::temp_dir(),
                source,
            })?;
            temp.path().to_path_buf()
        }
    };
    let corpus_dir = work.join("corpus");
    let started = Instant::now();
    let corpus = write_corpus(
        &CorpusSpec {
            articles: options.articles,
            seed: options.seed,
        },
        &corpus_dir,
    )?;
    let generate_seconds = started.elapsed().as_secs_f64();

    let limit = measure_limit(&corpus_dir)?;

    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let end_to_end_db = work.join("end-to-end.db");
    let mut pipeline = Pipeline::open(&end_to_end_db)?;
    let rss_reset = reset_peak_rss();
    let started = Instant::now();
    let summary = pipeline.ingest_paths(std::slice::from_ref(&corpus_dir), |_, _| {})?;
    let end_to_end_seconds = started.elapsed().as_secs_f64();
    let peak_rss_mb = if rss_reset { peak_rss_mb() } else { None };
    drop(pipeline);

    let stage_limit = options
        .stage_articles
        .unwrap_or(usize::MAX)
        .min(options.articles);
    let stages = measure_stages(&corpus_dir, &work, stage_limit)?;

    let articles = corpus.articles as f64;
    let end_to_end = per_second(articles, end_to_end_seconds) / cores as f64;
    Ok(BenchReport {
        articles: corpus.articles,
        cores,
        articles_per_s_per_core: end_to_end,
        mb_per_s: per_second(corpus.bytes as f64 / 1e6, end_to_end_seconds),
        peak_rss_mb,
        limit_articles_per_s_per_core: limit.articles_per_s(),
        limit_ratio: if end_to_end > 0.0 {
            limit.articles_per_s() / end_to_end
        } else {
            f64::INFINITY
        },
        stages: stages.figures(),
        seed: options.seed,
        corpus_mb: corpus.bytes as f64 / 1e6,
        mean_article_kb: corpus.bytes as f64 / articles / 1024.0,
        generate_seconds,
        end_to_end_seconds,
        summary,
        stage_summary: stages.summary,
    })
}

impl std::fmt::Display for BenchReport {
    /// The human-readable report: end to end, the limit and the ratio, then one line per stage.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "corpus: {} articles, seed {}, {:.1} MB (mean {:.1} KB), generated in {:.1} s",
            self.articles, self.seed, self.corpus_mb, self.mean_article_kb, self.generate_seconds
        )?;
        let rss = self
            .peak_rss_mb
            .map(|mb| format!("{mb:.0} MB"))
            .unwrap_or_else(|| "unknown".into());
        writeln!(
            f,
            "end to end ({} cores, {:.1} s): {:.0} articles/s per core, {:.1} MB/s, peak RSS {rss}",
            self.cores, self.end_to_end_seconds, self.articles_per_s_per_core, self.mb_per_s
        )?;
        writeln!(f, "  {}", self.summary)?;
        writeln!(
            f,
            "limit (read + NFKC, one core): {:.0} articles/s per core; limit ÷ end to end = {:.1}",
            self.limit_articles_per_s_per_core, self.limit_ratio
        )?;
        writeln!(
            f,
            "stages alone, one core:\n  {:<11} {:>9} {:>10} {:>16} {:>10}",
            "stage", "articles", "seconds", "articles/s/core", "MB/s/core"
        )?;
        for s in &self.stages {
            writeln!(
                f,
                "  {:<11} {:>9} {:>10.2} {:>16.0} {:>10.2}",
                s.stage, s.articles, s.seconds, s.articles_per_s_per_core, s.mb_per_s
            )?;
        }
        write!(f, "  stage run: {}", self.stage_summary)
    }
}
