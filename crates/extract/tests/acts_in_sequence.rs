//! One sentence that tells an attack and the raid that followed it codes two acts, at the same
//! town, with the backing force left out of the pair.

use marsad_extract::Extractor;
use marsad_model::Article;

fn events(text: &str) -> Vec<marsad_model::Event> {
    let extractor = Extractor::bundled().expect("bundled lexicons");
    let article = Article {
        id: "seq".into(),
        text: text.into(),
        published: chrono::NaiveDate::from_ymd_opt(2023, 3, 10),
        origin: "test".into(),
        ..Article::default()
    };
    extractor.extract(&article).events
}

#[test]
fn an_attack_and_the_raid_after_it_are_two_acts_at_one_town() {
    let found = events(
        "قتل عنصر من قوات سوريا الديمقراطية أمس الخميس بهجوم مسلح على نقطة لها في بلدة ذيبان، \
         أعقبه حملة دهم في البلدة اعتقلت خلالها القوات أربعة أشخاص.",
    );
    let kinds: Vec<&str> = found.iter().map(|e| e.sub_event_type.as_str()).collect();
    assert_eq!(found.len(), 2, "{kinds:?}");
    let raid = found
        .iter()
        .find(|e| e.sub_event_type == "Arrests")
        .expect("the raid is its own event");
    let attack = found
        .iter()
        .find(|e| e.sub_event_type != "Arrests")
        .expect("the attack is its own event");
    assert_eq!(attack.fatalities, 1, "the death belongs to the attack");
    assert_eq!(raid.fatalities, 0);
    assert_eq!(
        raid.location_ar, attack.location_ar,
        "«في البلدة» is the town just named"
    );
}

#[test]
fn a_force_backing_a_raid_is_neither_side() {
    let found = events(
        "داهمت دوريات من قوات سوريا الديمقراطية بمساندة طائرات التحالف الدولي منازل في قرية \
         الحوايج أمس الخميس واعتقلت ثلاثة أشخاص بتهمة الانتماء لتنظيم داعش.",
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].actor1, "QSD: Syrian Democratic Forces");
    assert_ne!(found[0].actor2, "Global Coalition Against Daesh");
}
