//! Series of events and fatalities, and change levels per key.

use std::collections::HashMap;

use chrono::NaiveDate;
use marsad_model::Event;
use serde::Serialize;

use crate::calendar::{date_of, day_number, monday_of_week, week_of_day};
use crate::level::{change, Change};
use crate::{counted, Dimension, Interval, TrendConfig};

/// Events and fatalities of one day or week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Point {
    /// The day, or the week's Monday.
    pub start: NaiveDate,
    /// Events.
    pub events: u32,
    /// Fatalities (ACLED's lowest credible count).
    pub fatalities: u32,
}

/// The counts of one key (`Deir-ez-Zor`, `Islamic State (Syria)`) over time. Points are
/// sparse: days or weeks without events are left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// What the key is.
    pub dimension: Dimension,
    /// The governorate, actor, ... name.
    pub key: String,
    /// Day or week points.
    pub interval: Interval,
    /// Events over the whole series.
    pub total_events: u64,
    /// Fatalities over the whole series.
    pub total_fatalities: u64,
    /// Points in date order.
    pub points: Vec<Point>,
}

/// One key's change levels for the week containing the as-of day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRow {
    /// What the key is.
    pub dimension: Dimension,
    /// The governorate, actor, ... name.
    pub key: String,
    /// Monday of this week.
    pub week_start: NaiveDate,
    /// Events against the short (4-week) baseline.
    pub events_short: Change,
    /// Events against the long (52-week) baseline.
    pub events_long: Change,
    /// Fatalities against the short baseline.
    pub fatalities_short: Change,
    /// Fatalities against the long baseline.
    pub fatalities_long: Change,
}

/// Counts per (dimension, key, bucket); keys borrowed from the events.
type Buckets<'a> = HashMap<(Dimension, &'a str, i64), (u32, u32)>;

fn bucket_counts<'a>(
    events: impl Iterator<Item = &'a Event>,
    bucket_of_day: impl Fn(i64) -> i64,
) -> Buckets<'a> {
    let mut buckets: Buckets<'a> = HashMap::new();
    for event in events {
        let bucket = bucket_of_day(day_number(event.event_date));
        for dimension in Dimension::ALL {
            for key in dimension.keys(event) {
                let slot = buckets.entry((dimension, key, bucket)).or_default();
                slot.0 = slot.0.saturating_add(1);
                slot.1 = slot.1.saturating_add(event.fatalities);
            }
        }
    }
    buckets
}

/// Series per dimension and key at `interval` over `[from, to]` (either open), ordered by
/// dimension then key. Rejected events are left out.
pub fn series(
    events: &[Event],
    interval: Interval,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Vec<Series> {
    let in_period = counted(events).filter(|e| {
        !from.is_some_and(|f| e.event_date < f) && !to.is_some_and(|t| e.event_date > t)
    });
    let buckets = match interval {
        Interval::Day => bucket_counts(in_period, |d| d),
        Interval::Week => bucket_counts(in_period, week_of_day),
    };
    let mut grouped: HashMap<(Dimension, &str), Vec<Point>> = HashMap::new();
    for ((dimension, key, bucket), (n, fatalities)) in buckets {
        let start = match interval {
            Interval::Day => date_of(bucket),
            Interval::Week => date_of(monday_of_week(bucket)),
        };
        grouped.entry((dimension, key)).or_default().push(Point {
            start,
            events: n,
            fatalities,
        });
    }
    let mut out: Vec<Series> = grouped
        .into_iter()
        .map(|((dimension, key), mut points)| {
            points.sort_by_key(|p| p.start);
            Series {
                dimension,
                key: key.to_string(),
                interval,
                total_events: points.iter().map(|p| u64::from(p.events)).sum(),
                total_fatalities: points.iter().map(|p| u64::from(p.fatalities)).sum(),
                points,
            }
        })
        .collect();
    out.sort_by(|a, b| (a.dimension, &a.key).cmp(&(b.dimension, &b.key)));
    out
}

#[derive(Default)]
struct Tally {
    current: (u32, u32),
    short: (u64, u64),
    long: (u64, u64),
}

/// Change levels (events and fatalities, against the short and long baselines) for every key
/// with an event in the week containing `as_of` or in the long baseline before it.
pub fn changes(events: &[Event], as_of: NaiveDate, config: &TrendConfig) -> Vec<ChangeRow> {
    let this_week = week_of_day(day_number(as_of));
    let long = i64::from(config.long_baseline_weeks);
    let short = i64::from(config.short_baseline_weeks);
    let earliest = this_week - long.max(short);
    let recent = counted(events).filter(|e| {
        let w = week_of_day(day_number(e.event_date));
        w >= earliest && w <= this_week
    });
    let buckets = bucket_counts(recent, week_of_day);
    let mut tallies: HashMap<(Dimension, &str), Tally> = HashMap::new();
    for ((dimension, key, week), (n, fatalities)) in buckets {
        let tally = tallies.entry((dimension, key)).or_default();
        let ago = this_week - week;
        if ago == 0 {
            tally.current = (n, fatalities);
        }
        if (1..=short).contains(&ago) {
            tally.short.0 += u64::from(n);
            tally.short.1 += u64::from(fatalities);
        }
        if (1..=long).contains(&ago) {
            tally.long.0 += u64::from(n);
            tally.long.1 += u64::from(fatalities);
        }
    }
    let week_start = date_of(monday_of_week(this_week));
    let mut rows: Vec<ChangeRow> = tallies
        .into_iter()
        .filter(|(_, t)| t.current.0 > 0 || t.long.0 > 0)
        .map(|((dimension, key), t)| ChangeRow {
            dimension,
            key: key.to_string(),
            week_start,
            events_short: change(t.current.0, t.short.0, config.short_baseline_weeks, config),
            events_long: change(t.current.0, t.long.0, config.long_baseline_weeks, config),
            fatalities_short: change(t.current.1, t.short.1, config.short_baseline_weeks, config),
            fatalities_long: change(t.current.1, t.long.1, config.long_baseline_weeks, config),
        })
        .collect();
    rows.sort_by(|a, b| (a.dimension, &a.key).cmp(&(b.dimension, &b.key)));
    rows
}
