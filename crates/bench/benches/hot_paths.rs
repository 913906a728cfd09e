//! Micro-benchmarks of the per-article hot paths not covered by the text and lexicon benches:
//! extracting one generated report, fusion's one-against-N decision, and the report-level
//! clustering the pipeline runs over an article's neighbourhood (N reports).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use marsad_bench::Generator;
use marsad_extract::Extractor;
use marsad_model::Event;

/// A generated report of about 4 KB, as an article.
fn four_kb_article(generator: &mut Generator) -> marsad_model::Article {
    generator
        .find(|r| (3500..4700).contains(&r.text.len()))
        .map(|r| r.to_article())
        .unwrap_or_default()
}

fn extraction(c: &mut Criterion) {
    let extractor = Extractor::bundled().expect("bundled lexicons");
    let mut generator = Generator::new(11).expect("bundled tables");
    let article = four_kb_article(&mut generator);
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(article.text.len() as u64));
    group.bench_function("one_4kb_article", |b| {
        b.iter(|| extractor.extract(&article))
    });
    group.finish();
}

fn fusion(c: &mut Criterion) {
    let extractor = Extractor::bundled().expect("bundled lexicons");
    let generator = Generator::new(12).expect("bundled tables");
    // Candidates: real extracted events, all moved to one day so every one is compared.
    let mut events: Vec<Event> = generator
        .take(1500)
        .flat_map(|r| extractor.extract(&r.to_article()).events)
        .collect();
    let Some(mut new) = events.pop() else {
        return;
    };
    let day = new.event_date;
    for (i, e) in events.iter_mut().enumerate() {
        e.event_date = day;
        e.event_id = format!("SYR-{i:06}");
    }
    new.time_precision = 1;
    let mut group = c.benchmark_group("fuse_cluster");
    for n in [100usize, 300, 1000] {
        let reports: Vec<&Event> = events.iter().take(n).collect();
        group.throughput(Throughput::Elements(reports.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &reports, |b, reports| {
            b.iter(|| marsad_fuse::cluster(reports))
        });
    }
    group.finish();
}

criterion_group!(benches, extraction, fusion);
criterion_main!(benches);
