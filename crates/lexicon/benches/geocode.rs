//! Geocoding throughput: place mentions resolved per second on report-style text.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use marsad_lexicon::{Gazetteer, Geocoder};
use marsad_text::{match_form, normalize};

const REPORT: &str =
    "قتل أربعة مقاتلين في بلدة “الجزرات” بريف دير الزور الغربي، فيما استهدف مسلحون \
حاجزاً بين مدينة الشحيل وبلدة الحوائج. وانفجرت سيارة مفخخة وسط مدينة الرقة، وهاجم التنظيم \
نقطة في بادية دير الزور. وقتل خمسة عناصر عند مدخل مدينة منبج، واستمرت الاشتباكات في جرمانا \
وصحنايا بريف دمشق. كما اعتقلت دورية شخصين في ناحية ذيبان واشتباكات في قرية صوران بريف حماة.\n";

fn bench(c: &mut Criterion) {
    let g = Gazetteer::base();
    let geo = Geocoder::new(&g);
    let text = match_form(&normalize(&REPORT.repeat(20)).text);
    let ctx = geo.context(&text);
    let places = geo.locations(&text, 0..text.len(), &ctx).len() as u64;
    let mut group = c.benchmark_group("geocode");
    group.throughput(Throughput::Elements(places));
    group.bench_function("locations", |b| {
        b.iter(|| geo.locations(&text, 0..text.len(), &ctx))
    });
    group.bench_function("context+locations", |b| {
        b.iter(|| {
            let ctx = geo.context(&text);
            geo.locations(&text, 0..text.len(), &ctx)
        })
    });
    group.finish();
    c.bench_function("gazetteer_base_load", |b| b.iter(Gazetteer::base));
    c.bench_function("geocoder_new", |b| b.iter(|| Geocoder::new(&g)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
