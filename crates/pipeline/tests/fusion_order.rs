//! Fusion is order-independent: ingesting the same reports in any order yields the same events
//! (ids aside). The fusion corpus (testdata/fusion) is ingested article by article in several
//! permutations and the events compared by their content and sources.

use marsad_model::Article;
use marsad_pipeline::{IngestSummary, Pipeline};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn corpus() -> Vec<Article> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/fusion");
    marsad_ingest::read_paths(&[dir])
        .filter_map(|i| match i {
            marsad_ingest::Input::Article(a) => Some(a),
            marsad_ingest::Input::Warning(_) => None,
        })
        .collect()
}

/// Each event as (sources, date, type, place, fatalities), the whole store as a set.
fn signature(articles: &[Article]) -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pipeline::open(&dir.path().join("m.db")).unwrap();
    let mut s = IngestSummary::default();
    for a in articles {
        p.ingest_article(a, &mut s).unwrap();
    }
    p.store
        .events(&Default::default())
        .unwrap()
        .into_iter()
        .map(|e| {
            let mut sources: Vec<String> = e.sources.iter().map(|s| s.article_id.clone()).collect();
            sources.sort();
            format!(
                "{} {} {} {:?} {}-{} [{}]",
                e.event_date,
                e.sub_event_type,
                e.actor1,
                e.location_ar,
                e.fatalities,
                e.fatalities_high,
                sources.join(",")
            )
        })
        .collect()
}

/// A fixed pseudo-random permutation (xorshift), so the test is repeatable.
fn shuffled(mut v: Vec<Article>, seed: u64) -> Vec<Article> {
    let mut x = seed;
    for i in (1..v.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
    v
}

#[test]
fn the_same_reports_in_any_order_give_the_same_events() {
    let articles = corpus();
    assert!(articles.len() >= 40, "fusion corpus present");
    let reference = signature(&articles);
    let mut reversed = articles.clone();
    reversed.reverse();
    for (name, order) in [
        ("reversed", reversed),
        (
            "shuffled 1",
            shuffled(articles.clone(), 0x9E37_79B9_7F4A_7C15),
        ),
        ("shuffled 2", shuffled(articles.clone(), 42)),
    ] {
        let got = signature(&order);
        let only_ref: Vec<_> = reference.difference(&got).collect();
        let only_got: Vec<_> = got.difference(&reference).collect();
        assert!(
            only_ref.is_empty() && only_got.is_empty(),
            "{name}: events differ\n in file order only: {only_ref:#?}\n in {name} only: {only_got:#?}"
        );
    }
}
