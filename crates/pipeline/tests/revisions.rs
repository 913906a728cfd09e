//! Regression: a revised article (same id, changed text) was extracted again and its events
//! added a second time. A revision updates the events it fed.

use marsad_model::Article;
use marsad_pipeline::{IngestSummary, Pipeline};

fn article(text: &str) -> Article {
    Article {
        id: "r-1".into(),
        outlet: Some("Test Outlet".into()),
        published: chrono::NaiveDate::from_ymd_opt(2021, 5, 12),
        text: text.into(),
        origin: "test".into(),
        ..Article::default()
    }
}

#[test]
fn a_revision_updates_its_events_instead_of_adding_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pipeline::open(&dir.path().join("m.db")).unwrap();
    let mut s = IngestSummary::default();
    p.ingest_article(
        &article("قتل عنصران من قسد، أمس، بهجوم شنه مسلحون من تنظيم داعش على حاجز في بلدة ذيبان بريف دير الزور الشرقي."),
        &mut s,
    )
    .unwrap();
    let before = p.store.events(&Default::default()).unwrap();
    assert_eq!(before.len(), 1, "{before:?}");
    p.ingest_article(
        &article("قتل ثلاثة عناصر من قسد، أمس، بهجوم شنه مسلحون من تنظيم داعش على حاجز في بلدة ذيبان بريف دير الزور الشرقي."),
        &mut s,
    )
    .unwrap();
    assert_eq!(s.articles_new, 1);
    assert_eq!(s.articles_revised, 1);
    let after = p.store.events(&Default::default()).unwrap();
    assert_eq!(after.len(), 1, "the revision fed the same event: {after:?}");
    assert_eq!(after[0].event_id, before[0].event_id);
    assert_eq!(after[0].fatalities_high, 3);
}
