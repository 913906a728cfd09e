//! Trends and alerts on generated event series whose counts the tests control.

use chrono::{Days, NaiveDate};
use marsad_model::{Event, Review, ReviewStatus};
use marsad_trends::{
    alerts, change, changes, report, series, week_end, week_start, AlertKind, ChangeLevel,
    Dimension, Interval, TrendConfig,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// A Monday: 2024-06-03.
fn this_monday() -> NaiveDate {
    day(2024, 6, 3)
}

fn weeks_before(date: NaiveDate, weeks: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(7 * weeks))
        .expect("in range")
}

fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).expect("in range")
}

struct Gen {
    next: usize,
    events: Vec<Event>,
}

impl Gen {
    fn new() -> Self {
        Gen {
            next: 0,
            events: Vec::new(),
        }
    }

    /// `n` events on `date` in `area` by `actor`, each with `fatalities`.
    fn add(
        &mut self,
        n: u32,
        date: NaiveDate,
        area: &str,
        actor: &str,
        sub: &str,
        fatalities: u32,
    ) -> Vec<String> {
        let mut ids = Vec::new();
        for _ in 0..n {
            self.next += 1;
            let id = format!("SYR-{:06}", self.next);
            ids.push(id.clone());
            self.events
                .push(event(&id, date, area, actor, sub, fatalities));
        }
        ids
    }
}

fn event(id: &str, date: NaiveDate, area: &str, actor: &str, sub: &str, fatalities: u32) -> Event {
    Event {
        event_id: id.into(),
        event_date: date,
        time_precision: 1,
        disorder_type: "Political violence".into(),
        event_type: "Battles".into(),
        sub_event_type: sub.into(),
        actor1: actor.into(),
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
        admin2: Some("Deir-ez-Zor".into()),
        admin3: Some(area.into()),
        admin1_pcode: None,
        admin2_pcode: None,
        admin3_pcode: None,
        location: Some(area.into()),
        location_ar: None,
        latitude: None,
        longitude: None,
        geo_precision: 1,
        fatalities,
        fatalities_high: fatalities,
        casualties: Vec::new(),
        claimed_by: Vec::new(),
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

const ISIS: &str = "Islamic State (Syria)";
const CLASH: &str = "Armed clash";

#[test]
fn weeks_run_monday_to_sunday() {
    assert_eq!(week_start(day(2024, 6, 6)), day(2024, 6, 3));
    assert_eq!(week_end(day(2024, 6, 6)), day(2024, 6, 9));
    assert_eq!(week_start(day(2024, 6, 9)), day(2024, 6, 3));
    assert_eq!(week_start(day(2024, 6, 10)), day(2024, 6, 10));
}

/// Every level boundary of Trendfinder over a 4-week baseline of 40 events (average 10).
#[test]
fn change_levels_hit_every_boundary() {
    let c = TrendConfig::default();
    let level = |current| change(current, 40, 4, &c).level;
    assert_eq!(level(13), ChangeLevel::LargeIncrease); // +30 %
    assert_eq!(level(12), ChangeLevel::ModerateIncrease); // +20 %
    assert_eq!(level(11), ChangeLevel::ModerateIncrease); // +10 % exactly
    assert_eq!(level(10), ChangeLevel::Limited); // 0 %
    assert_eq!(level(8), ChangeLevel::Limited); // -20 %
    assert_eq!(level(7), ChangeLevel::LargeDecrease); // -30 %
                                                      // +25 % exactly is moderate, above it large; -25 % exactly is limited.
    assert_eq!(change(5, 16, 4, &c).level, ChangeLevel::ModerateIncrease); // avg 4 -> 5: +25 %
    assert_eq!(change(3, 16, 4, &c).level, ChangeLevel::Limited); // avg 4 -> 3: -25 %
    assert_eq!(change(26, 80, 4, &c).level, ChangeLevel::LargeIncrease); // avg 20 -> 26: +30 %
    assert_eq!(change(25, 80, 4, &c).level, ChangeLevel::ModerateIncrease); // +25 %
    assert_eq!(change(15, 80, 4, &c).level, ChangeLevel::Limited); // -25 %
    assert_eq!(change(14, 80, 4, &c).level, ChangeLevel::LargeDecrease); // -30 %
    let pct = change(13, 40, 4, &c).percent.expect("non-zero baseline");
    assert!((pct - 30.0).abs() < 1e-9);
}

#[test]
fn low_baseline_rule_keeps_small_numbers_limited() {
    let c = TrendConfig::default();
    // Average 2 (8 over 4 weeks), 5 this week: +150 % but limited.
    assert_eq!(change(5, 8, 4, &c).level, ChangeLevel::Limited);
    // Zero baseline, 5 this week: limited; 6 this week: large increase.
    assert_eq!(change(5, 0, 4, &c).level, ChangeLevel::Limited);
    assert_eq!(change(6, 0, 4, &c).level, ChangeLevel::LargeIncrease);
    assert_eq!(change(6, 0, 4, &c).percent, None);
    // Average 2, 6 this week: the rule no longer applies.
    assert_eq!(change(6, 8, 4, &c).level, ChangeLevel::LargeIncrease);
    // Average just above 2 (9 over 4 weeks), 5 this week: +122 %, large.
    assert_eq!(change(5, 9, 4, &c).level, ChangeLevel::LargeIncrease);
    // Over 52 weeks: average 104/52 = 2, 5 this week: limited.
    assert_eq!(change(5, 104, 52, &c).level, ChangeLevel::Limited);
}

#[test]
fn change_rows_compare_this_week_with_previous_4_and_52_weeks() {
    let mut g = Gen::new();
    let monday = this_monday();
    // 10 events a week in each of the 4 weeks before; 13 this week (Thursday).
    for w in 1..=4 {
        g.add(10, weeks_before(monday, w), "Hajin", ISIS, CLASH, 1);
    }
    g.add(13, day(2024, 6, 6), "Hajin", ISIS, CLASH, 0);
    // An event 53 weeks back stays outside both baselines.
    g.add(50, weeks_before(monday, 53), "Hajin", ISIS, CLASH, 0);
    let rows = changes(&g.events, day(2024, 6, 6), &TrendConfig::default());
    let row = rows
        .iter()
        .find(|r| r.dimension == Dimension::Subdistrict && r.key == "Hajin")
        .expect("Hajin row");
    assert_eq!(row.week_start, monday);
    assert_eq!(row.events_short.current, 13);
    assert_eq!(row.events_short.level, ChangeLevel::LargeIncrease);
    // 40 over 52 weeks: avg 0.77, 13 this week.
    assert_eq!(row.events_long.level, ChangeLevel::LargeIncrease);
    assert!((row.events_long.baseline_average - 40.0 / 52.0).abs() < 1e-9);
    // Fatalities: 0 this week against 10 a week.
    assert_eq!(row.fatalities_short.level, ChangeLevel::LargeDecrease);
    // Actors: both sides counted.
    assert!(rows
        .iter()
        .any(|r| r.dimension == Dimension::Actor && r.key == ISIS));
    assert!(rows
        .iter()
        .any(|r| r.dimension == Dimension::Actor && r.key == "QSD: Syrian Democratic Forces"));
}

#[test]
fn series_count_by_week_and_day_and_leave_out_rejected_events() {
    let mut g = Gen::new();
    g.add(2, day(2024, 6, 3), "Hajin", ISIS, CLASH, 3); // Monday
    g.add(1, day(2024, 6, 9), "Hajin", ISIS, CLASH, 1); // Sunday, same week
    g.add(1, day(2024, 6, 10), "Hajin", ISIS, CLASH, 0); // next Monday
    g.add(4, day(2024, 6, 10), "Hajin", ISIS, CLASH, 5);
    for e in g.events.iter_mut().rev().take(4) {
        e.review.status = ReviewStatus::Rejected;
    }
    let weekly = series(&g.events, Interval::Week, None, None);
    let hajin = weekly
        .iter()
        .find(|s| s.dimension == Dimension::Subdistrict && s.key == "Hajin")
        .expect("Hajin series");
    assert_eq!(hajin.points.len(), 2);
    assert_eq!(hajin.points[0].start, day(2024, 6, 3));
    assert_eq!((hajin.points[0].events, hajin.points[0].fatalities), (3, 7));
    assert_eq!((hajin.points[1].events, hajin.points[1].fatalities), (1, 0));
    assert_eq!(hajin.total_events, 4);
    let daily = series(&g.events, Interval::Day, Some(day(2024, 6, 4)), None);
    let hajin = daily
        .iter()
        .find(|s| s.dimension == Dimension::Subdistrict && s.key == "Hajin")
        .expect("Hajin daily");
    let days: Vec<_> = hajin.points.iter().map(|p| (p.start, p.events)).collect();
    assert_eq!(days, vec![(day(2024, 6, 9), 1), (day(2024, 6, 10), 1)]);
    for dim in Dimension::ALL {
        assert!(weekly.iter().any(|s| s.dimension == dim), "{dim:?} missing");
    }
}

/// Two years of steady history in two areas, so every alert has the history it needs.
fn steady_history() -> Gen {
    let mut g = Gen::new();
    let monday = this_monday();
    for w in 1..=110 {
        let d = weeks_before(monday, w);
        g.add(1, d, "Hajin", ISIS, CLASH, 2);
        g.add(1, d, "Quiet", ISIS, CLASH, 2);
    }
    g
}

#[test]
fn a_quiet_area_raises_no_alert() {
    let mut g = steady_history();
    let thursday = day(2024, 6, 6);
    g.add(1, thursday, "Quiet", ISIS, CLASH, 2);
    g.add(1, thursday, "Hajin", ISIS, CLASH, 2);
    let found = alerts(&g.events, thursday, &TrendConfig::default()).expect("valid config");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn fatalities_unseen_for_a_year_alert_and_name_their_events() {
    let mut g = steady_history();
    let thursday = day(2024, 6, 6);
    // Steady weeks give 6-10 fatalities per 30 days; this week 40 more (46 in the window).
    // Higher marks 200 days ago in Hajin (60) and 400 days ago in Quiet (50).
    g.add(1, days_before(thursday, 200), "Hajin", ISIS, CLASH, 60);
    g.add(1, days_before(thursday, 400), "Quiet", ISIS, CLASH, 50);
    let hajin = g.add(1, thursday, "Hajin", ISIS, CLASH, 40);
    let quiet = g.add(1, thursday, "Quiet", ISIS, CLASH, 40);
    let found = alerts(&g.events, thursday, &TrendConfig::default()).expect("valid config");
    let fatal: Vec<_> = found
        .iter()
        .filter(|a| a.kind == AlertKind::FatalityLevel)
        .collect();
    assert_eq!(fatal.len(), 1, "{fatal:#?}");
    let alert = fatal[0];
    assert_eq!(alert.area.as_deref(), Some("Quiet"));
    assert_eq!(alert.value, 46);
    let unseen = alert.unseen_days.expect("unseen days");
    assert!((365..=410).contains(&unseen), "{unseen}");
    for id in &quiet {
        assert!(alert.event_ids.contains(id));
    }
    assert!(!alert.event_ids.iter().any(|id| hajin.contains(id)));
    assert_eq!(alert.period_end, week_end(thursday));
}

#[test]
fn fatality_minimum_and_history_length_hold_alerts_back() {
    let fatal = |found: Vec<marsad_trends::Alert>| {
        found
            .into_iter()
            .filter(|a| a.kind == AlertKind::FatalityLevel)
            .count()
    };
    // Below the minimum: 9 fatalities in a quiet area never alert.
    let mut g = Gen::new();
    let thursday = day(2024, 6, 6);
    g.add(1, days_before(thursday, 800), "Calm", ISIS, CLASH, 0);
    g.add(1, thursday, "Calm", ISIS, CLASH, 9);
    let cfg = TrendConfig::default();
    assert_eq!(fatal(alerts(&g.events, thursday, &cfg).expect("ok")), 0);
    let lower = TrendConfig {
        fatality_minimum: 5,
        ..TrendConfig::default()
    };
    assert_eq!(fatal(alerts(&g.events, thursday, &lower).expect("ok")), 1);
    // Only half a year of data: nothing is known to be unseen for a year.
    let mut short = Gen::new();
    short.add(1, days_before(thursday, 180), "Calm", ISIS, CLASH, 0);
    short.add(1, thursday, "Calm", ISIS, CLASH, 50);
    assert!(alerts(&short.events, thursday, &cfg)
        .expect("ok")
        .is_empty());
    assert_eq!(
        fatal(alerts(&short.events, thursday, &lower).expect("ok")),
        0
    );
}

#[test]
fn an_actor_new_to_an_area_is_emerging() {
    let mut g = steady_history();
    let thursday = day(2024, 6, 6);
    let hts = "Hayat Tahrir al-Sham";
    // HTS was in Quiet 60 weeks ago (outside 52 weeks), and in Hajin 30 weeks ago.
    g.add(1, weeks_before(this_monday(), 60), "Quiet", hts, CLASH, 0);
    g.add(1, weeks_before(this_monday(), 30), "Hajin", hts, CLASH, 0);
    let new_ids = g.add(2, thursday, "Quiet", hts, CLASH, 0);
    g.add(1, thursday, "Hajin", hts, CLASH, 0);
    let found = alerts(&g.events, thursday, &TrendConfig::default()).expect("ok");
    let emerging: Vec<_> = found
        .iter()
        .filter(|a| a.kind == AlertKind::EmergingActor)
        .collect();
    assert_eq!(emerging.len(), 1, "{emerging:#?}");
    assert_eq!(emerging[0].area.as_deref(), Some("Quiet"));
    assert_eq!(emerging[0].actor.as_deref(), Some(hts));
    assert_eq!(emerging[0].event_ids, new_ids);
    assert_eq!(emerging[0].value, 2);
}

#[test]
fn a_first_car_bomb_in_an_area_this_year_is_a_new_event_type() {
    let mut g = steady_history();
    let thursday = day(2024, 6, 6);
    let ied = "Remote explosive/landmine/IED";
    g.add(1, weeks_before(this_monday(), 20), "Hajin", ISIS, ied, 0);
    let bomb = g.add(1, thursday, "Quiet", ISIS, ied, 0);
    g.add(1, thursday, "Hajin", ISIS, ied, 0);
    let found = alerts(&g.events, thursday, &TrendConfig::default()).expect("ok");
    let new: Vec<_> = found
        .iter()
        .filter(|a| a.kind == AlertKind::NewEventType)
        .collect();
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0].area.as_deref(), Some("Quiet"));
    assert_eq!(new[0].event_type.as_deref(), Some(ied));
    assert_eq!(new[0].event_ids, bomb);
}

#[test]
fn a_claim_spike_needs_a_large_increase_and_the_minimum() {
    let thursday = day(2024, 6, 6);
    let monday = this_monday();
    let build = |baseline_per_week: u32, this_week: u32| {
        let mut g = Gen::new();
        for w in 1..=4 {
            g.add(
                baseline_per_week,
                weeks_before(monday, w),
                "Hajin",
                ISIS,
                CLASH,
                0,
            );
        }
        g.add(this_week, thursday, "Hajin", ISIS, CLASH, 0);
        for e in &mut g.events {
            e.claimed_by = vec!["Islamic State".into()];
        }
        g.events
    };
    let spikes = |events: &[Event]| {
        alerts(events, thursday, &TrendConfig::default())
            .expect("ok")
            .into_iter()
            .filter(|a| a.kind == AlertKind::ClaimSpike)
            .collect::<Vec<_>>()
    };
    // 3 a week, then 8: +167 %.
    let found = spikes(&build(3, 8));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].actor.as_deref(), Some("Islamic State"));
    assert_eq!(found[0].event_ids.len(), 8);
    // 3 a week, then 3: no spike. 1 a week then 5: the low-baseline rule.
    assert!(spikes(&build(3, 3)).is_empty());
    assert!(spikes(&build(1, 5)).is_empty());
}

#[test]
fn report_defaults_to_the_latest_event_and_rejects_bad_config() {
    let mut g = steady_history();
    g.add(1, day(2024, 6, 6), "Hajin", ISIS, CLASH, 0);
    let r = report(
        &g.events,
        &TrendConfig::default(),
        None,
        None,
        None,
        Interval::Week,
    )
    .expect("ok")
    .expect("events");
    assert_eq!(r.as_of, day(2024, 6, 6));
    assert_eq!(r.week_start, this_monday());
    assert!(!r.changes.is_empty());
    let bad = TrendConfig {
        moderate_increase_percent: 30,
        ..TrendConfig::default()
    };
    assert!(report(&g.events, &bad, None, None, None, Interval::Week).is_err());
    assert!(report(
        &[],
        &TrendConfig::default(),
        None,
        None,
        None,
        Interval::Day
    )
    .expect("ok")
    .is_none());
    let json = serde_json::to_value(&r).expect("serializes");
    assert!(json["changes"][0]["events_short"]["level"].is_string());
}

#[test]
fn a_steadily_violent_area_and_rejected_events_raise_no_alert() {
    // 6 fatalities every week for two years (24-30 per 30 days, above the minimum), the same
    // this week: nothing is unseen, nothing is new.
    let mut g = Gen::new();
    let monday = this_monday();
    for w in 1..=110 {
        g.add(1, weeks_before(monday, w), "Steady", ISIS, CLASH, 6);
    }
    let thursday = day(2024, 6, 6);
    g.add(1, thursday, "Steady", ISIS, CLASH, 6);
    assert!(alerts(&g.events, thursday, &TrendConfig::default())
        .expect("ok")
        .is_empty());
    // A rejected car bomb by a new actor with 100 dead counts for nothing.
    g.add(
        1,
        thursday,
        "Steady",
        "Hayat Tahrir al-Sham",
        "Suicide bomb",
        100,
    );
    if let Some(e) = g.events.last_mut() {
        e.review.status = ReviewStatus::Rejected;
        e.claimed_by = vec!["Hayat Tahrir al-Sham".into()];
    }
    assert!(alerts(&g.events, thursday, &TrendConfig::default())
        .expect("ok")
        .is_empty());
    // Accepted, the same event raises all three area alerts.
    if let Some(e) = g.events.last_mut() {
        e.review.status = ReviewStatus::Confirmed;
    }
    let kinds: Vec<AlertKind> = alerts(&g.events, thursday, &TrendConfig::default())
        .expect("ok")
        .iter()
        .map(|a| a.kind)
        .collect();
    assert!(kinds.contains(&AlertKind::FatalityLevel), "{kinds:?}");
    assert!(kinds.contains(&AlertKind::EmergingActor), "{kinds:?}");
    assert!(kinds.contains(&AlertKind::NewEventType), "{kinds:?}");
}
