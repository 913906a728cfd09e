//! ACLED Trendfinder change levels.

use serde::{Deserialize, Serialize};

use crate::TrendConfig;

/// How this week compares with a baseline average.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeLevel {
    /// More than +25 % (or anything above a zero baseline outside the low-baseline rule).
    LargeIncrease,
    /// +10 % to +25 %, both included.
    ModerateIncrease,
    /// −25 % (included) to +10 % (excluded), or a low baseline.
    Limited,
    /// Less than −25 %.
    LargeDecrease,
}

/// This week's count against a baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// Count this week.
    pub current: u32,
    /// Average per week of the baseline weeks (weeks without events count as 0).
    pub baseline_average: f64,
    /// Percent change; `None` when the baseline is 0.
    pub percent: Option<f64>,
    /// The level.
    pub level: ChangeLevel,
}

/// The change of `current` against `baseline_total` events over `baseline_weeks` weeks.
/// Compared in integers, so `+25 %` exactly is moderate and `−25 %` exactly limited. The
/// low-baseline rule comes first: an average `<= low_baseline_average` with
/// `current <= low_baseline_current` is limited.
pub fn change(
    current: u32,
    baseline_total: u64,
    baseline_weeks: u32,
    config: &TrendConfig,
) -> Change {
    let weeks = i128::from(baseline_weeks.max(1));
    let total = i128::from(baseline_total);
    let cur = i128::from(current);
    let baseline_average = baseline_total as f64 / weeks as f64;
    let percent = (total > 0).then(|| (cur * weeks - total) as f64 * 100.0 / total as f64);
    // percent change > p  <=>  100 * (cur * weeks - total) > p * total  (total > 0)
    let scaled = 100 * (cur * weeks - total);
    let above = |p: i64| scaled > i128::from(p) * total;
    let at_least = |p: i64| scaled >= i128::from(p) * total;
    let low_baseline = total <= i128::from(config.low_baseline_average) * weeks
        && current <= config.low_baseline_current;
    let level = if low_baseline {
        ChangeLevel::Limited
    } else if total == 0 || above(config.large_increase_percent) {
        ChangeLevel::LargeIncrease
    } else if at_least(config.moderate_increase_percent) {
        ChangeLevel::ModerateIncrease
    } else if at_least(config.large_decrease_percent) {
        ChangeLevel::Limited
    } else {
        ChangeLevel::LargeDecrease
    };
    Change {
        current,
        baseline_average,
        percent,
        level,
    }
}
