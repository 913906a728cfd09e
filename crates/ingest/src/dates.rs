//! Publication dates as inputs write them.

use chrono::{DateTime, NaiveDate};

use crate::{Error, Result};

/// Parses a publication date: `YYYY-MM-DD`, RFC 3339 (`2019-04-10T08:30:00+03:00`, date part
/// as written) or RFC 2822 (`Wed, 10 Apr 2019 08:30:00 +0300`, as RSS writes it).
/// Impossible days (`2019-02-30`) and words (`أمس`, `yesterday`) are errors.
///
/// ```
/// use chrono::NaiveDate;
/// let d = marsad_ingest::parse_published("2019-04-10T23:30:00+03:00").unwrap();
/// assert_eq!(d, NaiveDate::from_ymd_opt(2019, 4, 10).unwrap());
/// assert!(marsad_ingest::parse_published("2019-02-30").is_err());
/// ```
pub fn parse_published(text: &str) -> Result<NaiveDate> {
    let text = text.trim();
    let bad = || Error::BadDate(text.chars().take(80).collect());
    if let Some(day) = text.get(..10).filter(|d| looks_like_iso_day(d)) {
        let rest = text.get(10..).unwrap_or_default();
        if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
            return Err(bad());
        }
        return NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| bad());
    }
    DateTime::parse_from_rfc2822(text)
        .map(|d| d.date_naive())
        .map_err(|_| bad())
}

fn looks_like_iso_day(day: &str) -> bool {
    day.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn accepts_the_three_forms() {
        assert_eq!(parse_published("2019-04-10").unwrap(), day(2019, 4, 10));
        assert_eq!(
            parse_published(" 2019-04-10T01:00:00Z ").unwrap(),
            day(2019, 4, 10)
        );
        assert_eq!(
            parse_published("Wed, 10 Apr 2019 08:30:00 +0300").unwrap(),
            day(2019, 4, 10)
        );
    }

    #[test]
    fn rejects_impossible_and_relative_dates() {
        for text in [
            "2019-02-30",
            "yesterday",
            "أمس",
            "",
            "2019-04-10junk",
            "10/04/2019",
        ] {
            assert!(parse_published(text).is_err(), "{text}");
        }
    }
}
