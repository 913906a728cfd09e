//! Regression: importing places re-geocoded stored events by matching them to a fresh
//! extraction by sentence alone, so two events told in one sentence swapped places. A
//! re-geocode re-reads each article and fuses its reports again.

use marsad_model::Article;
use marsad_pipeline::{IngestSummary, Pipeline};

#[test]
fn an_import_moves_each_event_to_its_own_village() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pipeline::open(&dir.path().join("m.db")).unwrap();
    let article = Article {
        id: "a1".into(),
        published: chrono::NaiveDate::from_ymd_opt(2019, 3, 27),
        text: "ومن بين الهجمات مقتل عنصرين من قسد باستهداف دراجة نارية في قرية الزيتونية بريف دير الزور، إلى جانب إعطاب آليتين بعبوة ناسفة في قرية البرتقالية بريف دير الزور.".into(),
        origin: "test".into(),
        ..Article::default()
    };
    p.ingest_article(&article, &mut IngestSummary::default())
        .unwrap();
    let before = p.store.events(&Default::default()).unwrap();
    assert_eq!(before.len(), 2, "{before:?}");
    // A GeoNames-format dump naming both villages (test coordinates, 40 km apart).
    let dump = dir.path().join("SY.txt");
    let row = |id: u32, name: &str, ar: &str, lat: f64, lon: f64| {
        format!("{id}\t{name}\t{name}\t{ar}\t{lat}\t{lon}\tP\tPPL\tSY\t\t07\t\t\t\t0\t\t200\tAsia/Damascus\t2020-01-01\n")
    };
    std::fs::write(
        &dump,
        row(9000001, "Az Zaytuniyah", "الزيتونية", 35.10, 40.40)
            + &row(9000002, "Al Burtuqaliyah", "البرتقالية", 35.40, 40.10),
    )
    .unwrap();
    let report = p.import_places("geonames", &dump).unwrap();
    assert_eq!(report.places, 2);
    let after = p.store.events(&Default::default()).unwrap();
    assert_eq!(after.len(), 2, "no event added or lost: {after:?}");
    let place = |sub: &str| {
        after
            .iter()
            .find(|e| e.sub_event_type == sub)
            .map(|e| (e.location_ar.clone().unwrap_or_default(), e.latitude))
            .unwrap()
    };
    assert_eq!(place("Armed clash"), ("الزيتونية".to_string(), Some(35.10)));
    assert_eq!(
        place("Remote explosive/landmine/IED"),
        ("البرتقالية".to_string(), Some(35.40))
    );
}
