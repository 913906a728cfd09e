//! Day and week numbers: weeks run Monday to Sunday.

use chrono::{Datelike, Days, NaiveDate};

/// Day number (0001-01-01, a Monday, is 1).
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

/// Week number of a day number: weeks start on Monday.
pub(crate) fn week_of_day(day: i64) -> i64 {
    (day - 1).div_euclid(7)
}

/// Day number of a week's Monday.
pub(crate) fn monday_of_week(week: i64) -> i64 {
    week * 7 + 1
}

/// The date of a day number (clamped to chrono's range).
pub(crate) fn date_of(day: i64) -> NaiveDate {
    let day = i32::try_from(day).unwrap_or(if day < 0 { i32::MIN } else { i32::MAX });
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(if day < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// Monday of the week containing `date`: `week_start(2024-05-16) == 2024-05-13`.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(Days::new(back)).unwrap_or(date)
}

/// Sunday of the week containing `date`: `week_end(2024-05-16) == 2024-05-19`.
pub fn week_end(date: NaiveDate) -> NaiveDate {
    let ahead = u64::from(6 - date.weekday().num_days_from_monday());
    date.checked_add_days(Days::new(ahead)).unwrap_or(date)
}
