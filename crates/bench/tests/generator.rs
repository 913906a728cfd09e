//! The generated corpus: deterministic for a seed, report-sized, and carrying what makes each
//! pipeline stage work (boilerplate, obfuscation, repeats across outlets, republications).

use marsad_bench::{write_corpus, CorpusSpec, Generator, Report};
use std::collections::{HashMap, HashSet};

fn reports(seed: u64, n: usize) -> Vec<Report> {
    Generator::new(seed)
        .expect("bundled tables")
        .take(n)
        .collect()
}

#[test]
fn a_seed_gives_the_same_reports_and_another_seed_other_ones() {
    assert_eq!(reports(5, 50), reports(5, 50));
    let other: HashSet<String> = reports(6, 50).into_iter().map(|r| r.text).collect();
    assert!(reports(5, 50).iter().all(|r| !other.contains(&r.text)));
}

#[test]
fn reports_are_one_to_eight_kilobytes_averaging_about_four() {
    let all = reports(1, 600);
    for r in &all {
        assert!(
            (1000..8192).contains(&r.text.len()),
            "{} is {} bytes",
            r.id,
            r.text.len()
        );
    }
    let mean = all.iter().map(|r| r.text.len()).sum::<usize>() / all.len();
    assert!((3500..5000).contains(&mean), "mean {mean} bytes");
}

#[test]
fn incidents_are_retold_by_other_outlets_and_some_reports_are_republished_verbatim() {
    let all = reports(2, 600);
    let mut by_text: HashMap<&str, usize> = HashMap::new();
    for r in &all {
        *by_text.entry(r.text.as_str()).or_default() += 1;
    }
    let verbatim = by_text.values().filter(|&&n| n > 1).count();
    assert!(verbatim > 3, "{verbatim} republished texts");
    // Retellings: the same headline place and day from two outlets.
    let mut tellings: HashMap<(String, chrono::NaiveDate), HashSet<&str>> = HashMap::new();
    for r in &all {
        let place = r
            .title
            .split(' ')
            .next_back()
            .unwrap_or_default()
            .to_string();
        tellings
            .entry((place, r.published))
            .or_default()
            .insert(&r.outlet);
    }
    assert!(tellings.values().filter(|o| o.len() > 1).count() > 50);
}

#[test]
fn reports_carry_boilerplate_that_ingest_cuts_and_obfuscated_names() {
    let all = reports(3, 300);
    let cut: usize = all.iter().map(|r| r.to_article().removed.len()).sum();
    assert!(cut >= 300, "{cut} boilerplate lines cut from 300 reports");
    assert!(all
        .iter()
        .any(|r| r.text.contains("ـــ") || r.text.contains("ـ.ـ")));
    assert!(all
        .iter()
        .any(|r| r.text.chars().any(|c| ('٠'..='٩').contains(&c))));
    assert!(all.iter().any(|r| r.text.contains('\u{064E}')));
}

#[test]
fn a_written_corpus_is_ingestable_and_refuses_a_non_empty_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("corpus");
    let spec = CorpusSpec {
        articles: 1203,
        seed: 9,
    };
    let corpus = write_corpus(&spec, &out).expect("written");
    assert_eq!(corpus.articles, 1203);
    let inputs: Vec<_> = marsad_ingest::read_paths(std::slice::from_ref(&out)).collect();
    let articles: Vec<_> = inputs
        .iter()
        .filter_map(|i| match i {
            marsad_ingest::Input::Article(a) => Some(a),
            marsad_ingest::Input::Warning(_) => None,
        })
        .collect();
    assert_eq!(
        articles.len(),
        1203,
        "warnings: {:?}",
        inputs.len() - articles.len()
    );
    assert!(articles
        .iter()
        .all(|a| a.published.is_some() && a.outlet.is_some()));
    assert!(write_corpus(&spec, &out).is_err());
}
