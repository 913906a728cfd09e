//! Extraction quality may not fall: each annotated corpus is ingested into a fresh store and
//! scored against its gold; event F1, field accuracy and fusion pair figures must stay at or
//! above the floors recorded in `testdata/dev_scores.tsv`. The seed corpus lives in `../shared`
//! (not in the repo) and is skipped, saying so, when absent.

use marsad_pipeline::Pipeline;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// (event F1, fields, fusion precision, fusion recall) of one corpus.
fn score(corpus: &Path, gold: &Path) -> marsad_eval::Score {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut pipeline = Pipeline::open(&dir.path().join("dev.db")).expect("store");
    pipeline
        .ingest_paths(&[corpus.to_path_buf()], |_, _| {})
        .expect("ingest");
    let events: Vec<Value> = pipeline
        .store
        .events(&marsad_store::EventFilter::default())
        .expect("events")
        .iter()
        .filter_map(|e| serde_json::to_value(e).ok())
        .collect();
    marsad_eval::score(&read_jsonl(gold), &events, None)
}

fn floors() -> BTreeMap<(String, String), f64> {
    let text = std::fs::read_to_string(repo().join("testdata/dev_scores.tsv")).expect("floors");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some((
                (f.first()?.to_string(), f.get(1)?.to_string()),
                f.get(2)?.trim().parse().ok()?,
            ))
        })
        .collect()
}

fn check(name: &str, corpus: PathBuf, gold: PathBuf) {
    if !corpus.exists() || !gold.exists() {
        eprintln!("skipped {name}: {} not found", corpus.display());
        return;
    }
    let s = score(&corpus, &gold);
    println!(
        "{name}: {} | fusion P={:.3} R={:.3}",
        s.summary_line(),
        s.fusion.precision,
        s.fusion.recall
    );
    for line in &s.details {
        println!("  {line}");
    }
    let got: BTreeMap<&str, f64> = [
        ("f1", s.f1),
        ("fields", s.fields),
        ("fusion_precision", s.fusion.precision),
        ("fusion_recall", s.fusion.recall),
    ]
    .into_iter()
    .collect();
    for ((corpus_name, metric), floor) in floors() {
        if corpus_name != name {
            continue;
        }
        let value = got.get(metric.as_str()).copied().unwrap_or(0.0);
        assert!(
            value + 1e-9 >= floor,
            "{name} {metric} fell to {value:.3} (floor {floor:.3})"
        );
    }
}

#[test]
fn seeds_hold_their_scores() {
    let shared = repo().join("../shared");
    check(
        "seeds",
        shared.join("corpus/seeds"),
        shared.join("gold/seeds.jsonl"),
    );
}

#[test]
fn demo_holds_its_scores() {
    check(
        "demo",
        repo().join("data/demo"),
        repo().join("data/demo/gold.jsonl"),
    );
}

#[test]
fn fusion_corpus_holds_its_scores() {
    check(
        "fusion",
        repo().join("testdata/fusion"),
        repo().join("testdata/fusion/gold.jsonl"),
    );
}
