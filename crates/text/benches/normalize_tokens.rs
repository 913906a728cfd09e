//! Throughput of normalization (with its offset map) and tokenization, in bytes per second on
//! one core, over an Arabic news-style text with marks, tatweel, broken words and digits.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use marsad_text::{dates, normalize, numbers, tokens};

/// A report-like paragraph (written for this benchmark), repeated to about 256 KB.
fn corpus() -> String {
    let paragraph = "أعلنت قوات سوريا الديمقراطية (قسد) أمسِ الثلاثاء، مقتل ثلاثة من عناصرها \
        وإصابة آخرَين بانفجار عبوة ناسفة استهدفت سيارتهم بريف دير الزور الشرقي، في هجوم تبناه \
        تنظيم دا.عـ.ـش عبر وكالة أعماق. وقالت مصادر محلية لـ\"المرصد\" إن خلايا التنـ.ـظيم \
        نفّذت أكثر من ٣٠ عملية خلال الأسبوع الماضي، بينها اغتيال مختار قرية الشحيل في ٢٣ \
        آذار/مارس ٢٠١٩، وأن نحو خمسة وعشرين مقاتلاً قُتلوا منذ مطلع الشهر الجاري..وتواصل \
        القوات حملة تمشيط واسعة بمساندة التحالف الدولي.\n";
    paragraph.repeat(256 * 1024 / paragraph.len() + 1)
}

fn bench(c: &mut Criterion) {
    let raw = corpus();
    let normalized = normalize(&raw).text;
    let published = chrono::NaiveDate::from_ymd_opt(2019, 4, 10);
    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(raw.len() as u64));
    group.bench_function("normalize_with_offsets", |b| {
        b.iter(|| normalize(black_box(&raw)))
    });
    group.bench_function("tokens", |b| b.iter(|| tokens(black_box(&normalized))));
    group.bench_function("normalize_then_tokens", |b| {
        b.iter(|| tokens(&normalize(black_box(&raw)).text).len())
    });
    group.bench_function("numbers", |b| b.iter(|| numbers(black_box(&normalized))));
    group.bench_function("dates", |b| {
        b.iter(|| dates(black_box(&normalized), published))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
