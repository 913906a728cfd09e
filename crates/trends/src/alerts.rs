//! Escalation alerts for the week containing the as-of day.

use chrono::NaiveDate;
use marsad_model::Event;
use serde::Serialize;

use crate::calendar::{date_of, day_number, monday_of_week, week_of_day};
use crate::hashing::{FastMap, FastSet};
use crate::level::{change, ChangeLevel};
use crate::{counted, AreaLevel, Result, TrendConfig};

/// Which kind of escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// An area's fatalities over the window are higher than in any window for a year or more.
    FatalityLevel,
    /// An actor active in an area where it had no events in the previous 52 weeks.
    EmergingActor,
    /// A sub-event type (`Suicide bomb`) new to an area for 52 weeks.
    NewEventType,
    /// One claimant's claimed events this week are a large increase on its recent weeks.
    ClaimSpike,
}

/// One alert, with the events behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// Which kind.
    pub kind: AlertKind,
    /// The area's level, when the alert is about an area.
    pub area_level: Option<AreaLevel>,
    /// The area's name (`Al-Busayra`).
    pub area: Option<String>,
    /// The actor or claimant, when the alert is about one.
    pub actor: Option<String>,
    /// The sub-event type, for a new event type.
    pub event_type: Option<String>,
    /// First day of the period the alert is about.
    pub period_start: NaiveDate,
    /// Last day of that period.
    pub period_end: NaiveDate,
    /// The figure that alerts: fatalities, events or claimed events in the period.
    pub value: u32,
    /// What it is compared with: the highest earlier window, or the baseline average.
    pub baseline: Option<f64>,
    /// For a fatality level: days from the end of the last earlier window that reached the
    /// level to the end of this one (or the whole history looked at, when none did).
    pub unseen_days: Option<u32>,
    /// A one-line English statement of the alert.
    pub message: String,
    /// Ids of the events behind it.
    pub event_ids: Vec<String>,
}

/// The alerts of the week (Monday–Sunday) containing `as_of`, ordered by kind, area, actor.
///
/// Comparisons need history: an alert is only raised when the events reach back over the
/// whole comparison window (the earliest event counted is the start of what is known), so
/// the first year of a dataset does not flag everything as new.
pub fn alerts(events: &[Event], as_of: NaiveDate, config: &TrendConfig) -> Result<Vec<Alert>> {
    config.validate()?;
    let this_week = week_of_day(day_number(as_of));
    let week_first = monday_of_week(this_week);
    let week_last = week_first + 6;
    let Some(data_start) = counted(events).map(|e| day_number(e.event_date)).min() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    fatality_levels(events, config, data_start, week_last, &mut out);
    first_in_area(
        events,
        config,
        data_start,
        week_first,
        week_last,
        AlertKind::EmergingActor,
        &mut out,
    );
    first_in_area(
        events,
        config,
        data_start,
        week_first,
        week_last,
        AlertKind::NewEventType,
        &mut out,
    );
    claim_spikes(events, config, this_week, &mut out);
    out.sort_by(|a, b| {
        (a.kind, &a.area, &a.actor, &a.event_type).cmp(&(b.kind, &b.area, &b.actor, &b.event_type))
    });
    Ok(out)
}

fn ids(events: &[&Event]) -> Vec<String> {
    let mut ids: Vec<String> = events.iter().map(|e| e.event_id.clone()).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Area fatalities over the window ending `window_last` against every earlier window of the
/// same length ending before it, back `fatality_lookback_years`.
fn fatality_levels(
    events: &[Event],
    config: &TrendConfig,
    data_start: i64,
    window_last: i64,
    out: &mut Vec<Alert>,
) {
    let width = i64::from(config.fatality_window_days);
    let window_first = window_last - width + 1;
    let lookback = i64::from(config.fatality_lookback_years) * 365;
    // Earliest day an earlier window may start on: inside what is known and the lookback.
    let history_first = data_start.max(window_first - lookback);
    let needed = i64::from(config.fatality_unseen_min_years) * 365;
    if window_last - history_first < needed {
        return;
    }
    let span = usize::try_from(window_last - history_first + 1).unwrap_or(0);
    let mut daily: FastMap<&str, Vec<u64>> = FastMap::default();
    let mut behind: FastMap<&str, Vec<&Event>> = FastMap::default();
    for event in counted(events) {
        let day = day_number(event.event_date);
        if day < history_first || day > window_last || event.fatalities == 0 {
            continue;
        }
        let Some(area) = config.alert_area.of(event) else {
            continue;
        };
        let Ok(index) = usize::try_from(day - history_first) else {
            continue;
        };
        let row = daily.entry(area).or_insert_with(|| vec![0; span]);
        if let Some(cell) = row.get_mut(index) {
            *cell += u64::from(event.fatalities);
        }
        if day >= window_first {
            behind.entry(area).or_default().push(event);
        }
    }
    let Ok(width_cells) = usize::try_from(width) else {
        return;
    };
    for (area, row) in daily {
        let current: u64 = row.iter().rev().take(width_cells).sum();
        if current < u64::from(config.fatality_minimum) || current == 0 {
            continue;
        }
        // Prefix sums, then earlier windows from the most recent back.
        let mut prefix = Vec::with_capacity(row.len() + 1);
        prefix.push(0u64);
        for v in &row {
            prefix.push(prefix.last().copied().unwrap_or(0) + v);
        }
        let first_cur = row.len().saturating_sub(width_cells);
        let mut highest = 0u64;
        // Days from the end of the last window at this level to the end of this one (all the
        // history looked at, when never reached).
        let mut unseen = row.len().saturating_sub(1);
        for end in (0..first_cur).rev() {
            let start = (end + 1).saturating_sub(width_cells);
            let sum =
                prefix.get(end + 1).copied().unwrap_or(0) - prefix.get(start).copied().unwrap_or(0);
            highest = highest.max(sum);
            if sum >= current {
                unseen = row.len().saturating_sub(1) - end;
                break;
            }
        }
        if (unseen as i64) < needed {
            continue;
        }
        let unseen_days = u32::try_from(unseen).unwrap_or(u32::MAX);
        let behind = behind.remove(area).unwrap_or_default();
        out.push(Alert {
            kind: AlertKind::FatalityLevel,
            area_level: Some(config.alert_area),
            area: Some(area.to_string()),
            actor: None,
            event_type: None,
            period_start: date_of(window_first),
            period_end: date_of(window_last),
            value: u32::try_from(current).unwrap_or(u32::MAX),
            baseline: Some(highest as f64),
            unseen_days: Some(unseen_days),
            message: format!(
                "{current} fatalities in {area} over {width} days to {}: highest in {:.1} years",
                date_of(window_last),
                f64::from(unseen_days) / 365.0
            ),
            event_ids: ids(&behind),
        });
    }
}

/// Emerging actors (`kind == EmergingActor`) or new sub-event types (`NewEventType`) in an
/// area this week, against the weeks before.
fn first_in_area(
    events: &[Event],
    config: &TrendConfig,
    data_start: i64,
    week_first: i64,
    week_last: i64,
    kind: AlertKind,
    out: &mut Vec<Alert>,
) {
    let weeks = match kind {
        AlertKind::EmergingActor => config.emerging_actor_weeks,
        _ => config.new_event_type_weeks,
    };
    let prior_first = week_first - 7 * i64::from(weeks);
    if data_start > prior_first {
        return; // the history does not reach back over the whole comparison window
    }
    let mut seen: FastSet<(&str, &str)> = FastSet::default();
    let mut current: FastMap<(&str, &str), Vec<&Event>> = FastMap::default();
    for event in counted(events) {
        let day = day_number(event.event_date);
        if day < prior_first || day > week_last {
            continue;
        }
        let Some(area) = config.alert_area.of(event) else {
            continue;
        };
        for key in compared_keys(kind, event) {
            if day >= week_first {
                current.entry((area, key)).or_default().push(event);
            } else {
                seen.insert((area, key));
            }
        }
    }
    for ((area, key), behind) in current {
        if seen.contains(&(area, key)) {
            continue;
        }
        let (actor, event_type, message) = match kind {
            AlertKind::EmergingActor => (
                Some(key.to_string()),
                None,
                format!("{key} active in {area}: no events there in the previous {weeks} weeks"),
            ),
            _ => (
                None,
                Some(key.to_string()),
                format!("{key} in {area}: the first in {weeks} weeks"),
            ),
        };
        out.push(Alert {
            kind,
            area_level: Some(config.alert_area),
            area: Some(area.to_string()),
            actor,
            event_type,
            period_start: date_of(week_first),
            period_end: date_of(week_last),
            value: u32::try_from(behind.len()).unwrap_or(u32::MAX),
            baseline: Some(0.0),
            unseen_days: None,
            message,
            event_ids: ids(&behind),
        });
    }
}

/// Claimants whose claimed events this week are a large increase on the short baseline.
fn claim_spikes(events: &[Event], config: &TrendConfig, this_week: i64, out: &mut Vec<Alert>) {
    let short = i64::from(config.short_baseline_weeks);
    let mut baseline: FastMap<&str, u64> = FastMap::default();
    let mut current: FastMap<&str, Vec<&Event>> = FastMap::default();
    for event in counted(events) {
        let ago = this_week - week_of_day(day_number(event.event_date));
        if !(0..=short).contains(&ago) {
            continue;
        }
        let mut claimants: Vec<&str> = event
            .claimed_by
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        claimants.sort_unstable();
        claimants.dedup();
        for claimant in claimants {
            if ago == 0 {
                current.entry(claimant).or_default().push(event);
            } else {
                *baseline.entry(claimant).or_default() += 1;
            }
        }
    }
    let week_first = monday_of_week(this_week);
    for (claimant, behind) in current {
        let n = u32::try_from(behind.len()).unwrap_or(u32::MAX);
        let total = baseline.get(claimant).copied().unwrap_or(0);
        let level = change(n, total, config.short_baseline_weeks, config);
        if level.level != ChangeLevel::LargeIncrease || n < config.claim_spike_minimum {
            continue;
        }
        out.push(Alert {
            kind: AlertKind::ClaimSpike,
            area_level: None,
            area: None,
            actor: Some(claimant.to_string()),
            event_type: None,
            period_start: date_of(week_first),
            period_end: date_of(week_first + 6),
            value: n,
            baseline: Some(level.baseline_average),
            unseen_days: None,
            message: format!(
                "{n} events claimed by {claimant} this week against {:.1} a week in the previous {} weeks",
                level.baseline_average, config.short_baseline_weeks
            ),
            event_ids: ids(&behind),
        });
    }
}

/// What is new in an area: the event's actors, or its sub-event type.
fn compared_keys(kind: AlertKind, event: &Event) -> Vec<&str> {
    match kind {
        AlertKind::EmergingActor => crate::Dimension::Actor.keys(event).collect(),
        _ => {
            let t = event.sub_event_type.trim();
            if t.is_empty() {
                Vec::new()
            } else {
                vec![t]
            }
        }
    }
}
