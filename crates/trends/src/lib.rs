//! Trends and escalation alerts over coded events (issue 9): weekly and daily series of events
//! and fatalities per governorate, district, subdistrict, actor and event type; ACLED
//! Trendfinder change levels (this week against the average of the previous 4 and 52 weeks);
//! and alerts (an area's 30-day fatalities at a level unseen for a year or more, an emerging
//! actor, a new kind of event in an area, a spike of claims by one actor).
//!
//! Weeks run Monday to Sunday. "This week" is the week containing the as-of day (by default the
//! latest event date). Events an analyst rejected are left out everywhere. The crate does no
//! I/O: callers load events (`store.events(&EventFilter::default())`) and pass a slice.
//!
//! Owns: counting and comparing. Must never: read the store, code events.

#![warn(missing_docs)]

mod alerts;
mod calendar;
mod hashing;
mod level;
mod series;

pub use alerts::{alerts, Alert, AlertKind};
pub use calendar::{week_end, week_start};
pub use level::{change, Change, ChangeLevel};
pub use series::{changes, series, ChangeRow, Point, Series};

use chrono::NaiveDate;
use marsad_model::{Event, ReviewStatus};
use serde::{Deserialize, Serialize};

/// Errors of this crate: only a configuration that cannot be right.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    /// A threshold or window makes no sense (named, with why).
    #[error("invalid trend configuration: {0}")]
    InvalidConfig(String),
}

/// This crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a series or change row is counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// `admin1` (`Deir-ez-Zor`).
    Governorate,
    /// `admin2`.
    District,
    /// `admin3` (nahiya).
    Subdistrict,
    /// `actor1` and `actor2`: an event counts once for each side.
    Actor,
    /// ACLED `event_type` (`Battles`).
    EventType,
}

impl Dimension {
    /// Every dimension, in output order.
    pub const ALL: [Dimension; 5] = [
        Dimension::Governorate,
        Dimension::District,
        Dimension::Subdistrict,
        Dimension::Actor,
        Dimension::EventType,
    ];

    /// The keys `event` counts toward in this dimension (none when the field is empty).
    pub fn keys(self, event: &Event) -> impl Iterator<Item = &str> {
        let (first, second): (Option<&str>, Option<&str>) = match self {
            Dimension::Governorate => (event.admin1.as_deref(), None),
            Dimension::District => (event.admin2.as_deref(), None),
            Dimension::Subdistrict => (event.admin3.as_deref(), None),
            Dimension::EventType => (Some(event.event_type.as_str()), None),
            Dimension::Actor => {
                let a1 = event.actor1.as_str();
                let a2 = event.actor2.as_str();
                (Some(a1), (a2 != a1).then_some(a2))
            }
        };
        first
            .into_iter()
            .chain(second)
            .map(str::trim)
            .filter(|k| !k.is_empty())
    }
}

/// The administrative level alerts are computed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaLevel {
    /// `admin1`.
    Governorate,
    /// `admin2`.
    District,
    /// `admin3`: the closest level to a town.
    Subdistrict,
}

impl AreaLevel {
    /// The event's area name at this level, if coded.
    pub fn of(self, event: &Event) -> Option<&str> {
        let name = match self {
            AreaLevel::Governorate => event.admin1.as_deref(),
            AreaLevel::District => event.admin2.as_deref(),
            AreaLevel::Subdistrict => event.admin3.as_deref(),
        }?;
        let name = name.trim();
        (!name.is_empty()).then_some(name)
    }
}

/// Day (`Day`) or Monday-to-Sunday week (`Week`) buckets of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    /// One point per calendar day.
    Day,
    /// One point per week, Monday to Sunday, dated by its Monday.
    Week,
}

/// Thresholds and windows. `Default` gives the documented defaults (ACLED Trendfinder's
/// levels; alert windows of issue 9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrendConfig {
    /// Weeks of the short baseline: 4.
    pub short_baseline_weeks: u32,
    /// Weeks of the long baseline: 52.
    pub long_baseline_weeks: u32,
    /// Above this percent change it is a large increase: 25 (`> +25 %`).
    pub large_increase_percent: i64,
    /// From this percent up to `large_increase_percent` it is a moderate increase: 10.
    pub moderate_increase_percent: i64,
    /// Below this percent it is a large decrease: −25 (`< −25 %`); from here up to
    /// `moderate_increase_percent` (exclusive) it is limited.
    pub large_decrease_percent: i64,
    /// Low-baseline rule: a baseline average at most this (2) ...
    pub low_baseline_average: u32,
    /// ... and a current count at most this (5) is a limited change whatever the percent.
    pub low_baseline_current: u32,
    /// Level the alerts look at areas: subdistrict.
    pub alert_area: AreaLevel,
    /// Days of the fatality window, ending on this week's Sunday: 30.
    pub fatality_window_days: u32,
    /// An area's window fatalities must be unseen for at least this many years to alert: 1.
    pub fatality_unseen_min_years: u32,
    /// How far back (years) earlier windows are compared: 3.
    pub fatality_lookback_years: u32,
    /// Fewer window fatalities than this (10) never alert.
    pub fatality_minimum: u32,
    /// An actor with no events in an area for this many weeks before this week is emerging
    /// there: 52.
    pub emerging_actor_weeks: u32,
    /// A sub-event type (`Suicide bomb`) not seen in an area for this many weeks before this
    /// week is new there: 52.
    pub new_event_type_weeks: u32,
    /// A claimant's claimed events this week must be a large increase over the short baseline
    /// and at least this many (3) to be a spike.
    pub claim_spike_minimum: u32,
}

impl Default for TrendConfig {
    fn default() -> Self {
        TrendConfig {
            short_baseline_weeks: 4,
            long_baseline_weeks: 52,
            large_increase_percent: 25,
            moderate_increase_percent: 10,
            large_decrease_percent: -25,
            low_baseline_average: 2,
            low_baseline_current: 5,
            alert_area: AreaLevel::Subdistrict,
            fatality_window_days: 30,
            fatality_unseen_min_years: 1,
            fatality_lookback_years: 3,
            fatality_minimum: 10,
            emerging_actor_weeks: 52,
            new_event_type_weeks: 52,
            claim_spike_minimum: 3,
        }
    }
}

impl TrendConfig {
    /// Checks that windows are positive and the levels are in order
    /// (`large_decrease < moderate_increase <= large_increase`).
    pub fn validate(&self) -> Result<()> {
        let positive = [
            ("short_baseline_weeks", self.short_baseline_weeks),
            ("long_baseline_weeks", self.long_baseline_weeks),
            ("fatality_window_days", self.fatality_window_days),
            ("fatality_lookback_years", self.fatality_lookback_years),
            ("emerging_actor_weeks", self.emerging_actor_weeks),
            ("new_event_type_weeks", self.new_event_type_weeks),
        ];
        for (name, value) in positive {
            if value == 0 {
                return Err(Error::InvalidConfig(format!("{name} must be at least 1")));
            }
        }
        if self.fatality_unseen_min_years > self.fatality_lookback_years {
            return Err(Error::InvalidConfig(
                "fatality_unseen_min_years exceeds fatality_lookback_years".into(),
            ));
        }
        if !(self.large_decrease_percent < self.moderate_increase_percent
            && self.moderate_increase_percent <= self.large_increase_percent)
        {
            return Err(Error::InvalidConfig(
                "levels must satisfy large_decrease < moderate_increase <= large_increase".into(),
            ));
        }
        Ok(())
    }
}

/// Everything at once: the series over a period, the change levels and the alerts of the week
/// containing `as_of`.
#[derive(Debug, Clone, Serialize)]
pub struct TrendReport {
    /// The as-of day asked for, or the latest event date.
    pub as_of: NaiveDate,
    /// Monday of this week.
    pub week_start: NaiveDate,
    /// Sunday of this week.
    pub week_end: NaiveDate,
    /// The thresholds used.
    pub config: TrendConfig,
    /// Series per dimension and key.
    pub series: Vec<Series>,
    /// Change levels per dimension and key (keys with events in this week or the long
    /// baseline).
    pub changes: Vec<ChangeRow>,
    /// Alerts of this week.
    pub alerts: Vec<Alert>,
}

/// Series over `[from, to]` (either open) at `interval`, change levels and alerts as of
/// `as_of` (default: latest event date). `None` when there is no event that counts.
pub fn report(
    events: &[Event],
    config: &TrendConfig,
    as_of: Option<NaiveDate>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    interval: Interval,
) -> Result<Option<TrendReport>> {
    config.validate()?;
    let Some(as_of) = as_of.or_else(|| latest_date(events)) else {
        return Ok(None);
    };
    Ok(Some(TrendReport {
        as_of,
        week_start: week_start(as_of),
        week_end: week_end(as_of),
        config: config.clone(),
        series: series(events, interval, from, to),
        changes: changes(events, as_of, config),
        alerts: alerts(events, as_of, config)?,
    }))
}

/// The latest date of an event that counts (not rejected): the default as-of day.
pub fn latest_date(events: &[Event]) -> Option<NaiveDate> {
    counted(events).map(|e| e.event_date).max()
}

/// Events that count: all but those an analyst rejected.
pub(crate) fn counted(events: &[Event]) -> impl Iterator<Item = &Event> {
    events
        .iter()
        .filter(|e| e.review.status != ReviewStatus::Rejected)
}
