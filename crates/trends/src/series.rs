//! Series of events and fatalities, and change levels per key.

use chrono::NaiveDate;
use marsad_model::Event;
use serde::Serialize;

use crate::calendar::{date_of, day_number, monday_of_week, week_of_day};
use crate::hashing::FastMap;
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

/// Bucket cells (events, fatalities) kept in dense rows before rows turn sparse: 8 million
/// cells, 64 MB.
const DENSE_CELL_BUDGET: usize = 8_000_000;

/// One key's counts per bucket: dense from the first bucket while the budget lasts, sparse
/// after.
enum Row {
    Dense(Vec<(u32, u32)>),
    Sparse(FastMap<i64, (u32, u32)>),
}

/// Counts of one dimension's key, bucket by bucket in order: `(bucket, events, fatalities)`.
pub(crate) struct KeyCounts<'a> {
    pub(crate) dimension: Dimension,
    pub(crate) key: &'a str,
    pub(crate) buckets: Vec<(i64, u32, u32)>,
}

/// Events and fatalities per dimension, key and bucket (day or week number).
pub(crate) fn bucket_counts<'a>(
    events: &[&'a Event],
    bucket_of_day: impl Fn(i64) -> i64,
) -> Vec<KeyCounts<'a>> {
    let buckets_of = |e: &Event| bucket_of_day(day_number(e.event_date));
    let (Some(first), Some(last)) = (
        events.iter().map(|e| buckets_of(e)).min(),
        events.iter().map(|e| buckets_of(e)).max(),
    ) else {
        return Vec::new();
    };
    let span = usize::try_from(last - first + 1).unwrap_or(usize::MAX);
    let mut budget = DENSE_CELL_BUDGET;
    let mut ids: FastMap<(Dimension, &'a str), usize> = FastMap::default();
    let mut rows: Vec<(Dimension, &'a str, Row)> = Vec::new();
    for event in events {
        let bucket = buckets_of(event);
        for dimension in Dimension::ALL {
            for key in dimension.keys(event) {
                let id = *ids.entry((dimension, key)).or_insert_with(|| {
                    let row = if span <= budget {
                        budget -= span;
                        Row::Dense(vec![(0, 0); span])
                    } else {
                        Row::Sparse(FastMap::default())
                    };
                    rows.push((dimension, key, row));
                    rows.len() - 1
                });
                let Some((_, _, row)) = rows.get_mut(id) else {
                    continue;
                };
                let cell = match row {
                    Row::Dense(cells) => usize::try_from(bucket - first)
                        .ok()
                        .and_then(|i| cells.get_mut(i)),
                    Row::Sparse(cells) => Some(cells.entry(bucket).or_default()),
                };
                if let Some(cell) = cell {
                    cell.0 = cell.0.saturating_add(1);
                    cell.1 = cell.1.saturating_add(event.fatalities);
                }
            }
        }
    }
    rows.into_iter()
        .map(|(dimension, key, row)| {
            let buckets = match row {
                Row::Dense(cells) => cells
                    .into_iter()
                    .zip(first..)
                    .filter(|((n, _), _)| *n > 0)
                    .map(|((n, f), b)| (b, n, f))
                    .collect(),
                Row::Sparse(cells) => {
                    let mut v: Vec<_> = cells.into_iter().map(|(b, (n, f))| (b, n, f)).collect();
                    v.sort_unstable_by_key(|c| c.0);
                    v
                }
            };
            KeyCounts {
                dimension,
                key,
                buckets,
            }
        })
        .collect()
}

/// Series per dimension and key at `interval` over `[from, to]` (either open), ordered by
/// dimension then key. Rejected events are left out.
pub fn series(
    events: &[Event],
    interval: Interval,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Vec<Series> {
    let in_period: Vec<&Event> = counted(events)
        .filter(|e| from.is_none_or(|f| e.event_date >= f) && to.is_none_or(|t| e.event_date <= t))
        .collect();
    let counts = match interval {
        Interval::Day => bucket_counts(&in_period, |d| d),
        Interval::Week => bucket_counts(&in_period, week_of_day),
    };
    let mut out: Vec<Series> = counts
        .into_iter()
        .map(|k| {
            let points: Vec<Point> = k
                .buckets
                .iter()
                .map(|&(bucket, events, fatalities)| Point {
                    start: match interval {
                        Interval::Day => date_of(bucket),
                        Interval::Week => date_of(monday_of_week(bucket)),
                    },
                    events,
                    fatalities,
                })
                .collect();
            Series {
                dimension: k.dimension,
                key: k.key.to_string(),
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
    let recent: Vec<&Event> = counted(events)
        .filter(|e| {
            let w = week_of_day(day_number(e.event_date));
            w >= earliest && w <= this_week
        })
        .collect();
    let mut tallies: Vec<(Dimension, &str, Tally)> = Vec::new();
    for k in bucket_counts(&recent, week_of_day) {
        let mut tally = Tally::default();
        for (week, n, fatalities) in k.buckets {
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
        tallies.push((k.dimension, k.key, tally));
    }
    let week_start = date_of(monday_of_week(this_week));
    let mut rows: Vec<ChangeRow> = tallies
        .into_iter()
        .filter(|(_, _, t)| t.current.0 > 0 || t.long.0 > 0)
        .map(|(dimension, key, t)| ChangeRow {
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
