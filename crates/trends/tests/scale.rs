//! Timing of all series, change levels and alerts over 1,000,000 generated events.
//! Run with `cargo test -p marsad-trends --release --test scale -- --ignored --nocapture`.

use std::time::Instant;

use chrono::{Days, NaiveDate};
use marsad_model::{Event, Review};
use marsad_trends::{report, Interval, TrendConfig};

fn event(i: u64, start: NaiveDate) -> Event {
    // A deterministic spread: 5 years of days, 14 governorates, 60 districts, 270
    // subdistricts, 40 actors, 6 event types.
    let mix = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let days = mix % (5 * 365);
    let sub = (mix >> 12) % 270;
    let actor = (mix >> 24) % 40;
    Event {
        event_id: format!("SYR-{i:07}"),
        event_date: start.checked_add_days(Days::new(days)).unwrap_or(start),
        time_precision: 1,
        disorder_type: "Political violence".into(),
        event_type: format!("Type {}", (mix >> 32) % 6),
        sub_event_type: format!("Sub {}", (mix >> 36) % 20),
        actor1: format!("Actor {actor}"),
        assoc_actor_1: String::new(),
        inter1: String::new(),
        actor2: format!("Actor {}", (actor + 7) % 40),
        assoc_actor_2: String::new(),
        inter2: String::new(),
        interaction: String::new(),
        civilian_targeting: String::new(),
        iso: 760,
        country: "Syria".into(),
        admin1: Some(format!("Gov {}", sub % 14)),
        admin2: Some(format!("District {}", sub % 60)),
        admin3: Some(format!("Subdistrict {sub}")),
        admin1_pcode: None,
        admin2_pcode: None,
        admin3_pcode: None,
        location: None,
        location_ar: None,
        latitude: None,
        longitude: None,
        geo_precision: 1,
        fatalities: u32::try_from((mix >> 44) % 5).unwrap_or(0),
        fatalities_high: 0,
        casualties: Vec::new(),
        claimed_by: if actor == 0 {
            vec!["Islamic State".into()]
        } else {
            Vec::new()
        },
        claims: Vec::new(),
        reported_by: Vec::new(),
        source: String::new(),
        source_scale: String::new(),
        notes: String::new(),
        tags: String::new(),
        sources: Vec::new(),
        evidence: Vec::new(),
        review: Review::default(),
    }
}

#[test]
#[ignore = "timing over 1,000,000 events: run in release"]
fn one_million_events() {
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
    let events: Vec<Event> = (0..1_000_000).map(|i| event(i, start)).collect();
    let config = TrendConfig::default();
    let t = Instant::now();
    let weekly = report(&events, &config, None, None, None, Interval::Week)
        .ok()
        .flatten();
    let weekly_time = t.elapsed();
    let t = Instant::now();
    let daily = marsad_trends::series(&events, Interval::Day, None, None);
    let daily_time = t.elapsed();
    let total = weekly_time + daily_time;
    let (series, changes, alerts) = weekly.as_ref().map_or((0, 0, 0), |r| {
        (r.series.len(), r.changes.len(), r.alerts.len())
    });
    println!(
        "1,000,000 events: weekly series + changes + alerts {weekly_time:?} \
         ({series} series, {changes} change rows, {alerts} alerts); daily series {daily_time:?} \
         ({} series); total {total:?}",
        daily.len()
    );
    assert!(weekly.is_some());
    assert!(total.as_secs_f64() < 2.0, "took {total:?}");
}
