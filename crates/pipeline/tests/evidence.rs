//! Every evidence span points at what the reporter wrote: the characters `start..end` of the
//! stored article text are exactly the evidence text (obfuscated words and all).

use marsad_pipeline::Pipeline;
use std::path::PathBuf;

#[test]
fn evidence_offsets_point_into_the_stored_text() {
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    let dir = tempfile::tempdir().unwrap();
    let mut p = Pipeline::open(&dir.path().join("m.db")).unwrap();
    p.ingest_paths(&[demo], |_, _| {}).unwrap();
    let mut checked = 0;
    for event in p.store.events(&Default::default()).unwrap() {
        for ev in &event.evidence {
            let article = p.store.article(&ev.article_id).unwrap().unwrap();
            let span: String = article
                .text
                .chars()
                .skip(ev.start)
                .take(ev.end - ev.start)
                .collect();
            assert_eq!(span, ev.text, "{} in {}", event.event_id, ev.article_id);
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} spans");
}
