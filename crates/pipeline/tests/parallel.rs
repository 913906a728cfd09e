//! The parallel `ingest_paths` (batches read ahead, extracted on every core, written by one
//! thread) must leave the store exactly as the one-article-at-a-time loop does.

use marsad_pipeline::{IngestSummary, Pipeline};
use marsad_store::EventFilter;
use std::path::PathBuf;

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/demo")
}

/// The reference: each input read in order and ingested alone, as before parallelism.
fn sequential(pipeline: &mut Pipeline, paths: &[PathBuf]) -> IngestSummary {
    let mut summary = IngestSummary::default();
    for input in marsad_ingest::read_paths(paths) {
        match input {
            marsad_ingest::Input::Article(a) => pipeline
                .ingest_article(&a, &mut summary)
                .expect("sequential ingest"),
            marsad_ingest::Input::Warning(w) => {
                pipeline.store.put_warning(&w).expect("warning");
                summary.warnings += 1;
                if w.article_id.is_none() {
                    summary.articles_rejected += 1;
                }
            }
        }
    }
    summary
}

fn events_json(pipeline: &Pipeline) -> Vec<String> {
    let filter = EventFilter {
        include_rejected: true,
        ..EventFilter::default()
    };
    pipeline
        .store
        .events(&filter)
        .expect("events")
        .iter()
        .map(|e| serde_json::to_string(e).expect("event json"))
        .collect()
}

fn compare(paths: &[PathBuf]) -> IngestSummary {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut parallel = Pipeline::open(&dir.path().join("parallel.db")).expect("store");
    let mut calls = 0u64;
    let got = parallel
        .ingest_paths(paths, |_, _| calls += 1)
        .expect("parallel ingest");
    let mut reference = Pipeline::open(&dir.path().join("sequential.db")).expect("store");
    let want = sequential(&mut reference, paths);
    assert_eq!(got, want);
    assert_eq!(events_json(&parallel), events_json(&reference));
    assert_eq!(
        parallel.store.warnings(None).expect("warnings").len(),
        reference.store.warnings(None).expect("warnings").len()
    );
    // One progress call per input, as before.
    assert_eq!(calls, marsad_ingest::read_paths(paths).count() as u64);
    got
}

#[test]
fn parallel_ingest_of_the_demo_equals_the_sequential_one() {
    let summary = compare(&[demo()]);
    assert!(summary.articles_new > 20, "{summary}");
    assert!(
        summary.events_new > 0 && summary.events_merged > 0,
        "{summary}"
    );
}

#[test]
fn several_batches_with_duplicates_across_them_equal_the_sequential_run() {
    // Nine copies of the demo: 279 inputs, more than one batch; every copy after the first
    // is a duplicate, some in the batch after their original.
    let summary = compare(&vec![demo(); 9]);
    assert_eq!(
        summary.articles_duplicate,
        summary.articles_new * 8,
        "{summary}"
    );
}
