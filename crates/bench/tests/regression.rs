//! The speed regression guard CI runs (well under a minute): a small generated corpus goes
//! through the real pipeline, and its end-to-end throughput is compared with reading and
//! NFKC-normalizing the same bytes in the same process — a relative figure, so a slow or busy
//! machine does not fail it, but a pipeline step turning quadratic or re-doing work does.

use marsad_bench::{run, BenchOptions};

/// How many times slower than read + NFKC the whole pipeline may be on this corpus. Measured
/// (BENCHMARKS.md, "end to end"): 143 in a debug build, 205 in release since report-level
/// fusion; 58–70 before it. The target of issue 11 is 10.
const MAX_LIMIT_RATIO: f64 = 300.0;

#[test]
fn end_to_end_stays_within_reach_of_read_and_normalize() {
    let articles = 200;
    let report = run(&BenchOptions {
        articles,
        seed: 4,
        stage_articles: Some(articles),
        workdir: None,
    })
    .expect("bench run");
    eprintln!("{report}");
    assert_eq!(report.articles, articles);
    let s = report.summary;
    assert_eq!(
        s.articles_new + s.articles_duplicate,
        articles as u64,
        "{s}"
    );
    assert!(s.events_new > 0 && s.events_merged > 0, "{s}");
    // The parallel pipeline and the one-article-at-a-time loop agree on every count.
    assert_eq!(report.summary, report.stage_summary);
    assert!(
        report.limit_ratio <= MAX_LIMIT_RATIO,
        "end to end is {:.0}× slower than read + NFKC (bound {MAX_LIMIT_RATIO})",
        report.limit_ratio
    );
    if let Some(mb) = report.peak_rss_mb {
        assert!(mb < 512.0, "peak RSS {mb:.0} MB for {articles} articles");
    }
}
