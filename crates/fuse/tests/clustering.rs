//! Fusion rules on hand-built reports: one incident told by three outlets is one event, near
//! misses stay apart, the result does not depend on the order of the reports, and an analyst's
//! coding survives a merge.

use chrono::NaiveDate;
use marsad_model::{Event, Review, ReviewStatus, SourceRef};

fn report(article: &str, day: u32, place: &str, geo: u8, sub: &str, killed: u32) -> Event {
    let event_type = match sub {
        "Armed clash" => "Battles",
        _ => "Explosions/Remote violence",
    };
    Event {
        event_id: String::new(),
        event_date: NaiveDate::from_ymd_opt(2021, 3, day).unwrap(),
        time_precision: 1,
        disorder_type: "Political violence".into(),
        event_type: event_type.into(),
        sub_event_type: sub.into(),
        actor1: "Islamic State (Syria)".into(),
        assoc_actor_1: String::new(),
        inter1: "Rebel group".into(),
        actor2: "QSD: Syrian Democratic Forces".into(),
        assoc_actor_2: String::new(),
        inter2: "Rebel group".into(),
        interaction: "Rebel group-Rebel group".into(),
        civilian_targeting: String::new(),
        iso: 760,
        country: "Syria".into(),
        admin1: Some("Deir-ez-Zor".into()),
        admin2: None,
        admin3: None,
        admin1_pcode: Some("SY09".into()),
        admin2_pcode: None,
        admin3_pcode: None,
        location: None,
        location_ar: Some(place.into()),
        latitude: Some(35.3),
        longitude: Some(40.1),
        geo_precision: geo,
        fatalities: killed,
        fatalities_high: killed,
        casualties: Vec::new(),
        claimed_by: Vec::new(),
        claims: Vec::new(),
        reported_by: Vec::new(),
        source: article.into(),
        source_scale: String::new(),
        notes: String::new(),
        tags: String::new(),
        sources: vec![SourceRef {
            article_id: article.into(),
            outlet: Some(format!("Outlet {article}")),
            url: None,
            published: None,
        }],
        evidence: Vec::new(),
        review: Review::default(),
    }
}

fn groups(reports: &[Event]) -> Vec<Vec<String>> {
    let refs: Vec<&Event> = reports.iter().collect();
    let mut out: Vec<Vec<String>> = marsad_fuse::cluster(&refs)
        .into_iter()
        .map(|c| {
            let mut ids: Vec<String> = c
                .iter()
                .map(|&i| reports[i].sources[0].article_id.clone())
                .collect();
            ids.sort();
            ids
        })
        .collect();
    out.sort();
    out
}

#[test]
fn one_incident_three_outlets_one_event_with_the_lowest_toll() {
    let reports = vec![
        report("a", 9, "الشحيل", 1, "Armed clash", 3),
        report("b", 9, "الشحيل", 1, "Armed clash", 4),
        report("c", 9, "دير الزور", 3, "Armed clash", 0),
    ];
    assert_eq!(groups(&reports), vec![vec!["a", "b", "c"]]);
    let fused = marsad_fuse::fuse_reports(&reports.iter().collect::<Vec<_>>()).unwrap();
    assert_eq!(fused.fatalities, 3);
    assert_eq!(fused.fatalities_high, 4);
    assert_eq!(fused.location_ar.as_deref(), Some("الشحيل"));
    assert_eq!(fused.sources.len(), 3);
}

#[test]
fn near_misses_stay_apart() {
    let reports = vec![
        // Same village, consecutive days.
        report("a", 9, "ذيبان", 1, "Armed clash", 1),
        report("b", 10, "ذيبان", 1, "Armed clash", 2),
        // A car bomb and a clash in the same town on the same day.
        report("c", 12, "هجين", 1, "Remote explosive/landmine/IED", 4),
        report("d", 12, "هجين", 1, "Armed clash", 0),
        // Same day and type in two villages.
        report("e", 14, "الكسرة", 1, "Armed clash", 2),
        report("f", 14, "البصيرة", 1, "Armed clash", 1),
    ];
    assert_eq!(groups(&reports).len(), 6);
}

#[test]
fn a_vague_report_that_fits_two_places_joins_neither() {
    let reports = vec![
        report("a", 14, "الكسرة", 1, "Armed clash", 2),
        report("b", 14, "البصيرة", 1, "Armed clash", 1),
        report("c", 14, "دير الزور", 3, "Armed clash", 2),
    ];
    assert_eq!(groups(&reports).len(), 3);
}

fn at(mut e: Event, lat: f64, lon: f64) -> Event {
    e.latitude = Some(lat);
    e.longitude = Some(lon);
    e
}

#[test]
fn near_a_town_does_not_reach_a_village_80_km_away() {
    // "قرب مدينة البصيرة" (precision 2) is not an act in الكسرة, 64 km up the river, though
    // both are in Deir-ez-Zor on the same day.
    let reports = vec![
        at(
            report("a", 14, "الكسرة", 1, "Armed clash", 2),
            35.567,
            39.920,
        ),
        at(
            report("b", 14, "البصيرة", 2, "Armed clash", 1),
            35.156,
            40.427,
        ),
    ];
    assert_eq!(groups(&reports).len(), 2);
    // Near a town a few km from the village still fits it.
    let reports = vec![
        at(
            report("a", 14, "الكسرة", 1, "Armed clash", 2),
            35.567,
            39.920,
        ),
        at(
            report("b", 14, "الجنينة", 2, "Armed clash", 1),
            35.60,
            39.95,
        ),
    ];
    assert_eq!(groups(&reports), vec![vec!["a", "b"]]);
}

#[test]
fn a_region_only_event_is_no_rival_place_for_a_report_near_a_town() {
    // c (the governorate only) fits both towns, so it joins neither; it is no reason for d,
    // near البصيرة (dated only to the week, so considered after c), to stay out of البصيرة's
    // event.
    let mut d = at(
        report("d", 14, "البصيرة", 2, "Armed clash", 0),
        35.156,
        40.427,
    );
    d.time_precision = 2;
    let reports = vec![
        at(
            report("a", 14, "الكسرة", 1, "Armed clash", 2),
            35.567,
            39.920,
        ),
        at(
            report("b", 14, "البصيرة", 1, "Armed clash", 1),
            35.156,
            40.427,
        ),
        report("c", 14, "دير الزور", 3, "Armed clash", 0),
        d,
    ];
    assert_eq!(
        groups(&reports),
        vec![
            vec!["a".to_string()],
            vec!["b".into(), "d".into()],
            vec!["c".into()]
        ]
    );
}

#[test]
fn one_name_in_two_governorates_is_two_places() {
    let mut other = report("b", 9, "الصالحية", 1, "Armed clash", 1);
    other.admin1 = Some("Aleppo".into());
    other.admin1_pcode = Some("SY02".into());
    let reports = vec![report("a", 9, "الصالحية", 1, "Armed clash", 1), other];
    assert_eq!(groups(&reports).len(), 2);
    assert!(!marsad_fuse::linked(&reports[0], &reports[1]));
}

#[test]
fn clusters_do_not_depend_on_report_order() {
    let reports = vec![
        report("a", 9, "الشحيل", 1, "Armed clash", 3),
        report("b", 9, "الشحيل", 1, "Armed clash", 4),
        report("c", 9, "دير الزور", 3, "Armed clash", 0),
        report("d", 10, "الشحيل", 1, "Armed clash", 1),
        report("e", 12, "هجين", 1, "Remote explosive/landmine/IED", 4),
    ];
    let reference = groups(&reports);
    let mut reversed = reports.clone();
    reversed.reverse();
    assert_eq!(groups(&reversed), reference);
    let mut rotated = reports.clone();
    rotated.rotate_left(2);
    assert_eq!(groups(&rotated), reference);
}

#[test]
fn a_reviewed_event_keeps_its_coding_and_gains_sources() {
    let mut reviewed = report("a", 9, "الشحيل", 1, "Armed clash", 3);
    reviewed.fatalities = 5;
    reviewed.review = Review {
        status: ReviewStatus::Edited,
        by: Some("analyst".into()),
        at: None,
    };
    let new = report("b", 9, "الشحيل", 1, "Armed clash", 2);
    let (merged, withheld) = marsad_fuse::merge(&reviewed, &new);
    assert_eq!(merged.fatalities, 5, "the analyst's figure stays");
    assert_eq!(merged.sources.len(), 2, "the new source is added");
    assert!(
        withheld.iter().any(|w| w.starts_with("fatalities")),
        "{withheld:?}"
    );
}
