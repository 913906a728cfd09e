//! Dates in normalized text: absolute (`27 من آذار`، `23 آذار/مارس 2019`، `2019/04/09`) and
//! relative to the publication day (`أمس الثلاثاء`، `الأربعاء الماضي`، `قبل نحو أسبوعين`،
//! `مطلع الشهر الجاري`), each with ACLED's time precision.
//!
//! ACLED precision: 1 the day is given; 2 a span of days up to about a week, coded at its
//! midpoint; 3 only the month (mid-month, or its first or last day for early or late); 0 not
//! codable (a year alone, or more than a month). A mention that needs the publication day and
//! has none is kept with `date: None`: relative dates are never guessed.

use crate::numbers::{numbers_in, NumberMention};
use crate::tokens::{tokens, Token};
use crate::vocabulary::{
    date_word, number_word, vocabulary, weekday, DateRole, DateWord, NumberKind, TokenKeys,
};
use chrono::{Datelike, NaiveDate, TimeDelta};
use serde::Serialize;
use std::cell::OnceCell;
use std::ops::Range;

/// What kind of date expression a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DateKind {
    /// A calendar day: `23 آذار/مارس 2019`، `2019/04/09`، `السادس من نيسان`.
    Absolute,
    /// A day or stretch counted from publication: `أمس`، `اليوم`، `قبل يومين`، `قبل أيام`.
    Relative,
    /// A named weekday: `الأربعاء`، `الأربعاء الماضي`، `ليل الخميس-الجمعة`.
    Weekday,
    /// A month without a day: `شباط الماضي`، `الشهر الماضي`، `مطلع الشهر الجاري`.
    MonthOnly,
    /// A year without a month: `عام 2017`، `في أواخر عام 2017`، `العام الماضي`.
    YearOnly,
    /// A stretch of days: `الأسبوع الماضي`، `اليومين الماضيين`، `بين 24 آذار و6 نيسان`.
    Span,
}

/// A date mentioned in the text, resolved against the publication day when it needs one.
///
/// `أمس الثلاثاء` in an article published Wednesday 2019-04-10 → `date` 2019-04-09,
/// precision 1, kind [`DateKind::Relative`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateMention {
    /// Byte range of the whole expression in the normalized text.
    pub range: Range<usize>,
    /// What kind of expression it is.
    pub kind: DateKind,
    /// The day ACLED would code: the day itself, or the midpoint (precision 2), mid-month or
    /// the first/last day for early/late (precision 3). `None` when unresolved or not codable.
    pub date: Option<NaiveDate>,
    /// First day the expression allows.
    pub earliest: Option<NaiveDate>,
    /// Last day the expression allows.
    pub latest: Option<NaiveDate>,
    /// ACLED time precision: 1 day, 2 week-ish span, 3 month; 0 not codable.
    pub time_precision: u8,
    /// A problem a reviewer should see, e.g. `أمس الاثنين` published on a Wednesday.
    pub warning: Option<String>,
    /// The text marks the date as past: الماضي، الفائت، المنصرم، قبل، منذ.
    pub past_marker: bool,
}

/// Which part of a period the text names: `مطلع` (early), `منتصف` (mid), `نهاية` (late).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Portion {
    Whole,
    Early,
    EarlyThird,
    Mid,
    Late,
    LateThird,
}

fn part_of(role: DateRole) -> Option<Portion> {
    Some(match role {
        DateRole::Early => Portion::Early,
        DateRole::EarlyPart => Portion::EarlyThird,
        DateRole::Mid => Portion::Mid,
        DateRole::Late => Portion::Late,
        DateRole::LatePart => Portion::LateThird,
        _ => return None,
    })
}

fn shift(day: NaiveDate, days: i64) -> Option<NaiveDate> {
    day.checked_add_signed(TimeDelta::try_days(days)?)
}

fn midpoint(a: NaiveDate, b: NaiveDate) -> NaiveDate {
    shift(a, (b - a).num_days() / 2).unwrap_or(a)
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// ISO weekday number of a day (Monday = 1).
fn iso_weekday(day: NaiveDate) -> u32 {
    day.weekday().number_from_monday()
}

/// The latest day with ISO weekday `wd` on or before `day` (strictly before if `strict`).
fn weekday_on_or_before(day: NaiveDate, wd: u32, strict: bool) -> Option<NaiveDate> {
    let mut back = (iso_weekday(day) + 7 - wd) % 7;
    if strict && back == 0 {
        back = 7;
    }
    shift(day, -i64::from(back))
}

/// The Sunday that starts the week of `day` (news weeks run Sunday to Saturday).
fn week_start(day: NaiveDate) -> Option<NaiveDate> {
    shift(day, -i64::from(day.weekday().num_days_from_sunday()))
}

const WEEKDAY_NAMES: [&str; 8] = [
    "",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn weekday_name(wd: u32) -> &'static str {
    WEEKDAY_NAMES.get(wd as usize).copied().unwrap_or("")
}

/// The mention being built, before its range is known.
#[derive(Debug, Clone)]
struct Reading {
    kind: DateKind,
    date: Option<NaiveDate>,
    earliest: Option<NaiveDate>,
    latest: Option<NaiveDate>,
    precision: u8,
    warning: Option<String>,
    past: bool,
}

impl Reading {
    fn day(kind: DateKind, date: Option<NaiveDate>) -> Reading {
        Reading {
            kind,
            date,
            earliest: date,
            latest: date,
            precision: 1,
            warning: None,
            past: false,
        }
    }

    /// A stretch of days coded at `date`, with the precision its length calls for.
    fn span(
        kind: DateKind,
        earliest: Option<NaiveDate>,
        latest: Option<NaiveDate>,
        date: Option<NaiveDate>,
        precision: u8,
    ) -> Reading {
        // A span read back to front (a later day before an earlier one) still covers the
        // same days: the bounds are kept in order, so earliest <= latest always holds.
        let (earliest, latest) = match (earliest, latest) {
            (Some(a), Some(b)) if a > b => (Some(b), Some(a)),
            other => other,
        };
        Reading {
            kind,
            date,
            earliest,
            latest,
            precision,
            warning: None,
            past: false,
        }
    }
}

/// Precision for a stretch of `days` days between two stated bounds: one day 1, up to a
/// week 2, up to a month 3 (ACLED's "the past two or three weeks"), longer 0.
fn span_precision(days: i64) -> u8 {
    match days {
        i64::MIN..=1 => 1,
        2..=7 => 2,
        8..=31 => 3,
        _ => 0,
    }
}

/// Precision for a point `days` before publication (`قبل أسبوعين`): up to two weeks 2, up
/// to two months 3 (`قبل شهرين` is still a month), else 0.
fn precision_for_days(days: i64) -> u8 {
    match days {
        i64::MIN..=1 => 1,
        2..=14 => 2,
        15..=62 => 3,
        _ => 0,
    }
}

/// Reads a month part (early, mid, late, whole) of `year`-`month`, clamped to publication.
fn month_reading(year: i32, month: u32, part: Portion, published: Option<NaiveDate>) -> Reading {
    let first = NaiveDate::from_ymd_opt(year, month, 1);
    let last = last_day_of_month(year, month);
    let (Some(first), Some(last)) = (first, last) else {
        return Reading::span(DateKind::MonthOnly, None, None, None, 3);
    };
    let day = |d: u32| NaiveDate::from_ymd_opt(year, month, d.min(last.day()));
    let (date, earliest, latest) = match part {
        Portion::Whole => {
            // Mid-month, but never after publication: a month still running is cut there.
            let mid = day(15).unwrap_or(first);
            match published {
                Some(p) if p >= first && p < last => (mid.min(p), first, p),
                _ => (mid, first, last),
            }
        }
        Portion::Early => (first, first, day(5).unwrap_or(first)),
        Portion::EarlyThird => (first, first, day(10).unwrap_or(first)),
        Portion::Mid => (
            day(15).unwrap_or(first),
            day(11).unwrap_or(first),
            day(20).unwrap_or(last),
        ),
        Portion::Late => (last, shift(last, -4).unwrap_or(last), last),
        Portion::LateThird => (last, day(21).unwrap_or(last), last),
    };
    Reading::span(
        DateKind::MonthOnly,
        Some(earliest),
        Some(latest),
        Some(date),
        3,
    )
}

/// Reads a year part: a year is never codable (precision 0), but its bounds are kept.
fn year_reading(year: i32, part: Portion) -> Reading {
    let (from, to) = match part {
        Portion::Whole => (1, 12),
        Portion::Early | Portion::EarlyThird => (1, 3),
        Portion::Mid => (5, 8),
        Portion::Late | Portion::LateThird => (10, 12),
    };
    Reading::span(
        DateKind::YearOnly,
        NaiveDate::from_ymd_opt(year, from, 1),
        last_day_of_month(year, to),
        None,
        0,
    )
}

/// The tokens of one text with everything the date readers look at.
struct Scanner<'a> {
    text: &'a str,
    toks: &'a [Token],
    keys: &'a [TokenKeys],
    numbers: &'a [NumberMention],
    /// Each token's date word, looked up once (the readers ask about most tokens many times).
    words: Vec<Option<DateWord>>,
    /// The month name starting at each token, looked up on first use (every reader asks).
    months: Vec<OnceCell<Option<(u32, usize, bool)>>>,
    published: Option<NaiveDate>,
}

impl<'a> Scanner<'a> {
    /// `toks = tokens(text)`, one key each, `numbers = numbers(text)`.
    fn new(
        text: &'a str,
        toks: &'a [Token],
        keys: &'a [TokenKeys],
        numbers: &'a [NumberMention],
        published: Option<NaiveDate>,
    ) -> Scanner<'a> {
        Scanner {
            text,
            toks,
            keys,
            numbers,
            words: keys.iter().map(date_word).collect(),
            months: vec![OnceCell::new(); toks.len()],
            published,
        }
    }

    /// The date word token `i` is, if any.
    fn date_word(&self, i: usize) -> Option<DateWord> {
        self.words.get(i).copied().flatten()
    }

    fn role(&self, i: usize) -> Option<DateRole> {
        self.date_word(i).map(|w| w.role)
    }

    fn has_role(&self, i: usize, role: DateRole) -> bool {
        self.role(i) == Some(role)
    }

    fn weekday(&self, i: usize) -> Option<u32> {
        self.keys.get(i).and_then(weekday)
    }

    /// Whether tokens `a` and `b` are separated only by whitespace and the given marks.
    fn gap_is(&self, a: usize, b: usize, marks: &[char]) -> bool {
        let (Some(x), Some(y)) = (self.toks.get(a), self.toks.get(b)) else {
            return false;
        };
        self.text
            .get(x.range.end..y.range.start)
            .is_some_and(|gap| gap.chars().all(|c| c.is_whitespace() || marks.contains(&c)))
    }

    fn joined(&self, a: usize, b: usize) -> bool {
        self.gap_is(a, b, &[])
    }

    /// The token index where a number mention starting in token `i` ends, with the mention.
    fn number_at(&self, i: usize) -> Option<(&NumberMention, usize)> {
        let tok = self.toks.get(i)?;
        let idx = self
            .numbers
            .partition_point(|m| m.range.start < tok.range.start);
        let m = self
            .numbers
            .get(idx)
            .filter(|m| m.range.start < tok.range.end)?;
        let end = i + self
            .toks
            .get(i..)?
            .iter()
            .take_while(|t| t.range.start < m.range.end)
            .count();
        Some((m, end))
    }

    /// A day of the month at `i`: `27`، `السادس`، `الخامس والعشرين`.
    fn day_at(&self, i: usize) -> Option<(u32, usize)> {
        let (m, end) = self.number_at(i)?;
        let ok = !m.vague && !m.dual && !m.approximate && (1..=31).contains(&m.value);
        let digits = self.toks.get(i)?.is_numeral(self.text);
        let plain_digits = !digits
            || self
                .toks
                .get(i)?
                .surface(self.text)
                .bytes()
                .all(|b| b.is_ascii_digit());
        (ok && plain_digits).then_some((m.value, end))
    }

    /// A month name at `i` (one or two words), with its number and the index after it.
    fn month_name_at(&self, i: usize) -> Option<(u32, usize, bool)> {
        match self.months.get(i) {
            Some(cell) => *cell.get_or_init(|| self.find_month_name(i)),
            None => self.find_month_name(i),
        }
    }

    /// [`Scanner::month_name_at`], looked up.
    fn find_month_name(&self, i: usize) -> Option<(u32, usize, bool)> {
        vocabulary()
            .months
            .iter()
            .find_map(|(phrase, month, needs_context)| {
                crate::numbers::phrase_at(self.text, self.toks, self.keys, i, phrase)
                    .map(|end| (*month, end, *needs_context))
            })
    }

    /// A month at `i`, with a paired name (`آذار/مارس`، `أبريل/ نيسان`، `آذار (مارس)`).
    /// Returns month, index after, and whether the pairing gives it context.
    fn month_at(&self, i: usize) -> Option<(u32, usize, bool)> {
        let (month, end, needs_context) = self.month_name_at(i)?;
        if self.gap_is(end - 1, end, &['/', '(', '-', '–', '\\', '،', ',']) {
            if let Some((other, end2, _)) = self.month_name_at(end) {
                if other == month {
                    return Some((month, end2, false));
                }
            }
        }
        Some((month, end, needs_context))
    }

    /// A year expression after a month at `i`: `2019`، `عام 2019`، `الماضي`، `من العام الجاري`.
    fn year_after_month(&self, i: usize) -> Option<(YearSpec, usize)> {
        let mut j = i;
        if self.has_role(j, DateRole::From) && self.has_role(j + 1, DateRole::Year) {
            j += 1;
        }
        let year_word = self.has_role(j, DateRole::Year);
        if year_word {
            j += 1;
        }
        if let Some(year) = self.year_digits(j) {
            return Some((YearSpec::Year(year), j + 1));
        }
        match self.role(j) {
            Some(DateRole::Past) if year_word => Some((YearSpec::LastYear, j + 1)),
            Some(DateRole::Past) => Some((YearSpec::PastMonth, j + 1)),
            Some(DateRole::Current) => Some((YearSpec::ThisYear, j + 1)),
            Some(DateRole::Next) => Some((YearSpec::NextMonth, j + 1)),
            _ => None,
        }
    }

    /// A 4-digit year token between 1900 and 2100.
    fn year_digits(&self, i: usize) -> Option<i32> {
        let surface = self.toks.get(i)?.surface(self.text);
        let year: i32 = surface.parse().ok()?;
        (surface.len() == 4 && (1900..=2100).contains(&year)).then_some(year)
    }

    /// The year of `month` under `spec`, from publication when the text does not give it.
    fn resolve_year(&self, month: u32, spec: Option<YearSpec>) -> Option<i32> {
        let p = self.published;
        match spec {
            Some(YearSpec::Year(y)) => Some(y),
            Some(YearSpec::ThisYear) => p.map(|p| p.year()),
            Some(YearSpec::LastYear) => p.map(|p| p.year() - 1),
            Some(YearSpec::PastMonth) => p.map(|p| {
                if month < p.month() {
                    p.year()
                } else {
                    p.year() - 1
                }
            }),
            Some(YearSpec::NextMonth) => p.map(|p| {
                if month > p.month() {
                    p.year()
                } else {
                    p.year() + 1
                }
            }),
            None => p.map(|p| {
                if month <= p.month() {
                    p.year()
                } else {
                    p.year() - 1
                }
            }),
        }
    }

    /// `2019/04/09`، `9-4-2019`، `09.04.2019`: day first unless the first part has 4 digits.
    fn numeric_date(&self, i: usize) -> Option<(Reading, usize)> {
        let surface = self.toks.get(i)?.surface(self.text);
        let sep = surface.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
        let parts: Vec<&str> = surface.split(sep).collect();
        let [a, b, c] = parts.as_slice() else {
            return None;
        };
        let num = |s: &str| s.parse::<u32>().ok();
        let (y, m, d) = if a.len() == 4 {
            (num(a)?, num(b)?, num(c)?)
        } else {
            let y = num(c)?;
            (if c.len() == 2 { 2000 + y } else { y }, num(b)?, num(a)?)
        };
        if !(1900..=2100).contains(&y) || c.len() == 1 || c.len() == 3 || b.len() > 2 {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
        let mut reading = Reading::day(DateKind::Absolute, date);
        if date.is_none() {
            reading.warning = Some(format!("{surface} is not a calendar day"));
        }
        Some((reading, i + 1))
    }

    /// `27 من آذار`، `23 آذار/مارس 2019`، `السادس من شهر أبريل/ نيسان`، `24-30 آذار`.
    fn day_month(&self, i: usize) -> Option<(Reading, usize)> {
        // A day range in one token: 24-30 آذار.
        let range_days = self.toks.get(i).and_then(|t| {
            let s = t.surface(self.text);
            let (a, b) = s.split_once('-')?;
            let (a, b) = (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?);
            ((1..=31).contains(&a) && (1..=31).contains(&b) && a < b).then_some((a, b, i + 1))
        });
        let (day, mut j, day_to) = if let Some((a, b, next)) = range_days {
            (a, next, Some(b))
        } else {
            let (day, next) = self.day_at(i)?;
            // من 24 إلى 30 آذار: a second day after a connector.
            if self.has_role(next, DateRole::Until) {
                if let Some((day2, next2)) = self.day_at(next + 1) {
                    if day2 > day && self.month_after_day(next2).is_some() {
                        (day, next2, Some(day2))
                    } else {
                        (day, next, None)
                    }
                } else {
                    (day, next, None)
                }
            } else {
                (day, next, None)
            }
        };
        // `العاشر من الشهر الماضي`، `الثالث من الشهر الجاري`: a day of last or this month.
        if day_to.is_none() {
            let mut k = j;
            if self.has_role(k, DateRole::From) {
                k += 1;
            }
            let month_noun = self
                .date_word(k)
                .is_some_and(|w| w.role == DateRole::Month && w.count == Some(1))
                && self.toks.get(k).is_some_and(|t| t.article);
            let step = match self.role(k + 1) {
                Some(DateRole::Past) => Some(-1),
                Some(DateRole::Current) => Some(0),
                _ => None,
            };
            if let (true, Some(step)) = (month_noun, step) {
                let date = self.published.and_then(|p| {
                    let index = p.year() * 12 + p.month0() as i32 + step;
                    NaiveDate::from_ymd_opt(
                        index.div_euclid(12),
                        index.rem_euclid(12) as u32 + 1,
                        day,
                    )
                });
                let mut reading = Reading::day(DateKind::Absolute, date);
                reading.past = step < 0;
                return Some((reading, k + 2));
            }
        }
        let (month, end) = self.month_after_day(j)?;
        j = end;
        let year_spec = self.year_after_month(j);
        if let Some((_, end)) = year_spec {
            j = end;
        }
        let spec = year_spec.map(|(s, _)| s);
        let make = |day: u32| -> (Option<NaiveDate>, Option<String>) {
            let year = match spec {
                Some(s) => self.resolve_year(month, Some(s)),
                None => self.published.map(|p| {
                    let this = NaiveDate::from_ymd_opt(p.year(), month, day);
                    let limit = shift(p, 1).unwrap_or(p);
                    match this {
                        Some(d) if d <= limit => p.year(),
                        _ => p.year() - 1,
                    }
                }),
            };
            match year {
                Some(y) => match NaiveDate::from_ymd_opt(y, month, day) {
                    Some(d) => (Some(d), None),
                    None => (
                        None,
                        Some(format!("day {day} of month {month} does not exist in {y}")),
                    ),
                },
                None => (None, None),
            }
        };
        let (date, warning) = make(day);
        let mut reading = match day_to {
            Some(day2) => {
                let (to, _) = make(day2);
                let precision = match (date, to) {
                    (Some(a), Some(b)) => span_precision((b - a).num_days() + 1),
                    _ => 2,
                };
                let coded = date
                    .zip(to)
                    .map(|(a, b)| midpoint(a, b))
                    .filter(|_| precision > 0);
                Reading::span(DateKind::Span, date, to, coded, precision)
            }
            None => Reading::day(DateKind::Absolute, date),
        };
        reading.warning = warning;
        reading.past = matches!(spec, Some(YearSpec::PastMonth | YearSpec::LastYear));
        Some((reading, j))
    }

    /// After a day: optional `من`، optional `شهر`, then a month (with its pair).
    fn month_after_day(&self, i: usize) -> Option<(u32, usize)> {
        let mut j = i;
        if self.has_role(j, DateRole::From) {
            j += 1;
        }
        if self.is_month_word(j) {
            j += 1;
        }
        self.month_at(j).map(|(m, end, _)| (m, end))
    }

    /// The bare word `شهر` (month) that may precede a month name.
    fn is_month_word(&self, i: usize) -> bool {
        self.date_word(i).is_some_and(|w| w.role == DateRole::Month)
            && !self.toks.get(i).is_some_and(|t| t.article)
    }

    /// Day-level anchors after optional time-of-day words: `اليوم`، `فجر اليوم`، `أمس`،
    /// `أول أمس`، `يوم الخميس`، `منتصف ليل الثلاثاء`، `صباح 27 آذار`.
    fn day_anchor(&self, i: usize) -> Option<(Reading, usize)> {
        let mut j = i;
        if self.has_role(j, DateRole::Mid) && self.has_role(j + 1, DateRole::TimeOfDay) {
            j += 1;
        }
        if self.has_role(j, DateRole::TimeOfDay) {
            j += 1;
        }
        let is_bare_day = |k: usize| {
            self.date_word(k)
                .is_some_and(|w| w.role == DateRole::Day && w.count == Some(1))
                && !self.toks.get(k).is_some_and(|t| t.article)
        };
        if is_bare_day(j) {
            j += 1;
        }
        if j > i {
            if let Some(found) = self.numeric_date(j).or_else(|| self.day_month(j)) {
                return Some(found);
            }
        }
        if let Some(found) = self.weekday_at(j) {
            return Some(found);
        }
        let p = self.published;
        let (offset, end) = if self.has_role(j, DateRole::Today) {
            if self.role(j + 1) == Some(DateRole::OtherDay)
                || self
                    .keys
                    .get(j + 1)
                    .and_then(number_word)
                    .is_some_and(|(w, _)| w.kind == NumberKind::Ordinal)
            {
                return None;
            }
            (0, j + 1)
        } else if self.has_role(j, DateRole::Yesterday) {
            // أمس الأول: the day before yesterday.
            if self.is_ordinal_one(j + 1, true) {
                (-2, j + 2)
            } else {
                (-1, j + 1)
            }
        } else if self.is_ordinal_one(j, false) {
            // أول أمس، أول من أمس.
            let k = if self.has_role(j + 1, DateRole::From) {
                j + 2
            } else {
                j + 1
            };
            if !self.has_role(k, DateRole::Yesterday) {
                return None;
            }
            (-2, k + 1)
        } else {
            return None;
        };
        let mut reading = Reading::day(DateKind::Relative, p.and_then(|p| shift(p, offset)));
        let mut end = end;
        // أمس الثلاثاء: a weekday naming the same day; if it disagrees, the weekday wins.
        if let Some(wd) = self.weekday(end).filter(|_| self.joined(end - 1, end)) {
            if let (Some(p), Some(day)) = (p, reading.date) {
                if iso_weekday(day) != wd {
                    let fixed = weekday_on_or_before(p, wd, offset < 0);
                    reading.warning = Some(format!(
                        "the text says {} but names {}: kept the weekday ({})",
                        if offset == 0 { "today" } else { "yesterday" },
                        weekday_name(wd),
                        fixed.map_or_else(String::new, |d| d.to_string())
                    ));
                    reading.date = fixed;
                    reading.earliest = fixed;
                    reading.latest = fixed;
                }
            }
            end += 1;
        }
        Some((reading, end))
    }

    /// `أول` (no article) or `الأول` (with article, after أمس) as the ordinal one.
    fn is_ordinal_one(&self, i: usize, article: bool) -> bool {
        self.keys
            .get(i)
            .and_then(number_word)
            .is_some_and(|(w, _)| w.kind == NumberKind::Ordinal && w.value == 1)
            && self.toks.get(i).is_some_and(|t| t.article == article)
    }

    /// `الأربعاء`، `الأربعاء الماضي`، `الأربعاء قبل الماضي`، `ليل الخميس-الجمعة`،
    /// `الثلاثاء 9 نيسان 2019`.
    fn weekday_at(&self, i: usize) -> Option<(Reading, usize)> {
        let wd = self.weekday(i)?;
        let mut j = i + 1;
        // ليل الخميس-الجمعة، ليلة الخميس على الجمعة: the night belongs to the first day.
        let next_day = wd % 7 + 1;
        if self.weekday(j) == Some(next_day) && self.gap_is(i, j, &['-', '/', '–']) {
            j += 1;
        } else if self.has_role(j, DateRole::Until) && self.weekday(j + 1) == Some(next_day) {
            j += 2;
        }
        // A calendar date right after the weekday: the date wins, a mismatch is flagged.
        if self.gap_is(j - 1, j, &['،', ',', '(', '-', '/']) {
            if let Some((mut reading, end)) = self.numeric_date(j).or_else(|| self.day_month(j)) {
                if let Some(day) = reading.date.filter(|d| iso_weekday(*d) != wd) {
                    reading.warning = Some(format!(
                        "{day} is a {}, not a {}",
                        weekday_name(iso_weekday(day)),
                        weekday_name(wd)
                    ));
                }
                return Some((reading, end));
            }
        }
        let p = self.published;
        let mut reading;
        if self.has_role(j, DateRole::Past) {
            reading = Reading::day(
                DateKind::Weekday,
                p.and_then(|p| weekday_on_or_before(p, wd, true)),
            );
            reading.past = true;
            j += 1;
        } else if self.has_role(j, DateRole::Ago) && self.has_role(j + 1, DateRole::Past) {
            let day = p
                .and_then(|p| weekday_on_or_before(p, wd, true))
                .and_then(|d| shift(d, -7));
            reading = Reading::day(DateKind::Weekday, day);
            reading.past = true;
            j += 2;
        } else if self.has_role(j, DateRole::Next) {
            let day = p
                .and_then(|p| weekday_on_or_before(p, wd, false))
                .and_then(|d| shift(d, 7));
            reading = Reading::day(DateKind::Weekday, day);
            j += 1;
        } else {
            reading = Reading::day(
                DateKind::Weekday,
                p.and_then(|p| weekday_on_or_before(p, wd, false)),
            );
        }
        Some((reading, j))
    }

    /// `[مطلع|منتصف|نهاية] [شهر] آذار [2019|الماضي|الجاري]`، `الشهر الماضي`،
    /// `الأسبوع الفائت`، `أواخر عام 2017`، `العام الماضي`.
    fn period(&self, i: usize) -> Option<(Reading, usize)> {
        let mut j = i;
        let part = self.role(j).and_then(part_of);
        if part.is_some() {
            j += 1;
        }
        let part = part.unwrap_or(Portion::Whole);
        // A named month.
        let named_start = if self.is_month_word(j) { j + 1 } else { j };
        if let Some((month, end, needs_context)) = self.month_at(named_start) {
            let spec = self.year_after_month(end);
            let has_context = !needs_context
                || named_start > j
                || spec.is_some()
                || self.day_at(i.wrapping_sub(1)).is_some();
            if has_context {
                let end = spec.map_or(end, |(_, e)| e);
                let spec = spec.map(|(s, _)| s);
                let mut reading = match self.resolve_year(month, spec) {
                    Some(y) => month_reading(y, month, part, self.published),
                    None => Reading::span(DateKind::MonthOnly, None, None, None, 3),
                };
                reading.past = matches!(spec, Some(YearSpec::PastMonth | YearSpec::LastYear));
                return Some((reading, end));
            }
            return None;
        }
        let word = self.date_word(j)?;
        let article = self.toks.get(j).is_some_and(|t| t.article);
        let p = self.published;
        match word.role {
            DateRole::Month | DateRole::Week | DateRole::Year
                if article && word.count == Some(1) =>
            {
                let when = self.role(j + 1)?;
                if !matches!(when, DateRole::Past | DateRole::Current | DateRole::Next) {
                    if word.role == DateRole::Year {
                        if let Some(y) = self.year_digits(j + 1) {
                            return Some((year_reading(y, part), j + 2));
                        }
                    }
                    return None;
                }
                let step: i32 = match when {
                    DateRole::Past => -1,
                    DateRole::Next => 1,
                    _ => 0,
                };
                let mut reading = match (word.role, p) {
                    (_, None) => Reading::span(
                        match word.role {
                            DateRole::Week => DateKind::Span,
                            DateRole::Month => DateKind::MonthOnly,
                            _ => DateKind::YearOnly,
                        },
                        None,
                        None,
                        None,
                        match word.role {
                            DateRole::Week => 2,
                            DateRole::Month => 3,
                            _ => 0,
                        },
                    ),
                    (DateRole::Month, Some(p)) => {
                        let index = p.year() * 12 + p.month0() as i32 + step;
                        let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
                        month_reading(y, m, part, Some(p))
                    }
                    (DateRole::Week, Some(p)) => week_reading(p, step, part)?,
                    (_, Some(p)) => year_reading(p.year() + step, part),
                };
                reading.past = when == DateRole::Past;
                Some((reading, j + 2))
            }
            DateRole::Year if !article => {
                let y = self.year_digits(j + 1)?;
                Some((year_reading(y, part), j + 2))
            }
            _ => None,
        }
    }

    /// `قبل يومين`، `منذ أيام`، `قبل نحو أسبوعين`، `قبل ثلاثة أيام`، `قبل شهر`.
    fn ago(&self, i: usize) -> Option<(Reading, usize)> {
        if !self.has_role(i, DateRole::Ago) {
            return None;
        }
        let mut j = i + 1;
        let mut about = false;
        if self.has_role(j, DateRole::About) {
            about = true;
            j += 1;
        }
        let (count, unit, end, vague) = self.duration(j)?;
        let days = count * unit_days(unit);
        let exact = !about && !vague && unit == DateRole::Day;
        let precision = if exact && days <= 6 {
            1
        } else {
            precision_for_days(days).max(2)
        };
        let spread = match precision {
            1 => 0,
            2 => 3,
            _ => 15,
        };
        let p = self.published;
        let center = p.and_then(|p| shift(p, -days));
        let latest = center
            .and_then(|c| shift(c, spread))
            .zip(p)
            .map(|(l, p)| l.min(p));
        let mut reading = Reading::span(
            DateKind::Relative,
            center.and_then(|c| shift(c, -spread)),
            latest,
            center.filter(|_| precision > 0),
            precision,
        );
        reading.past = true;
        Some((reading, end))
    }

    /// A duration at `i`: `يومين`، `أيام`، `أسبوع`، `ثلاثة أيام`، `3 أسابيع`، `بضعة أيام`.
    /// Returns count, unit, the index after it, and whether the count was vague.
    fn duration(&self, i: usize) -> Option<(i64, DateRole, usize, bool)> {
        let is_unit = |r: DateRole| {
            matches!(
                r,
                DateRole::Day | DateRole::Week | DateRole::Month | DateRole::Year
            )
        };
        if let Some(w) = self.date_word(i).filter(|w| is_unit(w.role)) {
            return Some((
                w.count.map_or(3, i64::from),
                w.role,
                i + 1,
                w.count.is_none(),
            ));
        }
        let (m, end) = self.number_at(i)?;
        if m.ordinal || m.dual {
            return None;
        }
        let w = self.date_word(end).filter(|w| is_unit(w.role))?;
        Some((i64::from(m.value), w.role, end + 1, m.vague))
    }

    /// `اليومين الماضيين`، `الأيام القليلة الماضية`، `الأربعة أيام الماضية`،
    /// `الأيام الأربعة الماضية`: the stretch of days before publication.
    fn past_days(&self, i: usize) -> Option<(Reading, usize)> {
        let mut j = i;
        let mut count: Option<i64> = None;
        let mut unit = None;
        if let Some((n, u, end, vague)) = self.duration(j).filter(|_| {
            // a plain unit word must carry the article here: اليومين، الأيام
            self.number_at(j).is_some() || self.toks.get(j).is_some_and(|t| t.article)
        }) {
            count = (!vague).then_some(n);
            unit = Some(u);
            j = end;
        }
        let unit = unit?;
        if count.is_none() {
            if let Some((m, end)) = self.number_at(j).filter(|(m, _)| !m.ordinal && !m.dual) {
                count = Some(i64::from(m.value));
                j = end;
            }
        }
        if self.has_role(j, DateRole::Few) {
            j += 1;
        }
        if !self.has_role(j, DateRole::Past) {
            return None;
        }
        let days = count.unwrap_or(5) * unit_days(unit);
        let p = self.published;
        let earliest = p.and_then(|p| shift(p, -days));
        let latest = p.and_then(|p| shift(p, -1));
        let precision = match span_precision(days) {
            0 => 0,
            p => p.max(2),
        };
        let date = earliest
            .zip(latest)
            .map(|(a, b)| midpoint(a, b))
            .filter(|_| precision > 0);
        let mut reading = Reading::span(DateKind::Span, earliest, latest, date, precision);
        reading.past = true;
        Some((reading, j + 1))
    }

    fn read_at(&self, i: usize) -> Option<(Reading, usize)> {
        self.numeric_date(i)
            .or_else(|| self.day_month(i))
            .or_else(|| self.day_anchor(i))
            .or_else(|| self.period(i))
            .or_else(|| self.ago(i))
            .or_else(|| self.past_days(i))
    }
}

fn unit_days(unit: DateRole) -> i64 {
    match unit {
        DateRole::Week => 7,
        DateRole::Month => 30,
        DateRole::Year => 365,
        _ => 1,
    }
}

/// The week `step` weeks from publication's (Sunday to Saturday); the current week runs
/// only to publication. Coded at its midpoint, or first/last day for early/late.
fn week_reading(published: NaiveDate, step: i32, part: Portion) -> Option<Reading> {
    let start = shift(week_start(published)?, i64::from(step) * 7)?;
    let end = if step == 0 {
        published
    } else {
        shift(start, 6)?
    };
    let (date, earliest, latest) = match part {
        Portion::Early | Portion::EarlyThird => (start, start, shift(start, 2)?.min(end)),
        Portion::Late | Portion::LateThird => (end, shift(end, -2)?.max(start), end),
        Portion::Mid | Portion::Whole => (midpoint(start, end), start, end),
    };
    Some(Reading::span(
        DateKind::Span,
        Some(earliest),
        Some(latest),
        Some(date),
        2,
    ))
}

/// How a month's year is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearSpec {
    Year(i32),
    ThisYear,
    LastYear,
    PastMonth,
    NextMonth,
}

/// Finds every date mention in normalized text and resolves it against `published`.
///
/// `dates("قتل أمس الثلاثاء", Some(2019-04-10))` → one [`DateKind::Relative`] mention dated
/// 2019-04-09, precision 1. Without a publication day, relative mentions keep `date: None`.
/// Two absolute dates joined by إلى/حتى/و (`بين 24 آذار و6 نيسان`) become one [`DateKind::Span`].
pub fn dates(text: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    numbers_and_dates(text, published).1
}

/// [`numbers`] and [`dates`] of one text together: the text is tokenized and its tokens'
/// lookup keys worked out once for both (the date readers read the numbers too), instead of
/// three times.
pub fn numbers_and_dates(
    text: &str,
    published: Option<NaiveDate>,
) -> (Vec<NumberMention>, Vec<DateMention>) {
    let toks = tokens(text);
    let keys: Vec<TokenKeys> = toks.iter().map(|t| TokenKeys::of(text, t)).collect();
    let numbers = numbers_in(text, &toks, &keys);
    let dates = dates_in(&Scanner::new(text, &toks, &keys, &numbers, published));
    (numbers, dates)
}

/// The dates a scanner reads, spans joined.
fn dates_in(scanner: &Scanner<'_>) -> Vec<DateMention> {
    let mut found: Vec<(Reading, usize, usize)> = Vec::new(); // reading, first token, end token
    let mut i = 0;
    while i < scanner.toks.len() {
        match scanner.read_at(i) {
            Some((reading, end)) if end > i => {
                found.push((reading, i, end));
                i = end;
            }
            _ => i += 1,
        }
    }
    // Absolute … إلى/حتى/و … absolute: one span.
    let mut merged: Vec<(Reading, usize, usize)> = Vec::with_capacity(found.len());
    for (reading, start, end) in found {
        if let Some((prev, _, prev_end)) = merged.last_mut() {
            let joinable = prev.kind == DateKind::Absolute
                && reading.kind == DateKind::Absolute
                && start == *prev_end + 1
                && scanner.has_role(*prev_end, DateRole::Until);
            if let (true, Some(a), Some(b)) = (joinable, prev.date, reading.date) {
                if b > a {
                    let precision = span_precision((b - a).num_days() + 1);
                    let mut span = Reading::span(
                        DateKind::Span,
                        Some(a),
                        Some(b),
                        Some(midpoint(a, b)).filter(|_| precision > 0),
                        precision,
                    );
                    span.past = prev.past || reading.past;
                    *prev = span;
                    *prev_end = end;
                    continue;
                }
            }
        }
        merged.push((reading, start, end));
    }
    merged
        .into_iter()
        .filter_map(|(r, start, end)| {
            let first = scanner.toks.get(start)?;
            let last = scanner.toks.get(end.checked_sub(1)?)?;
            let begin = if first.proclitics.starts_with('و')
                || first.proclitics.starts_with('ف')
                || first.proclitics.starts_with('ب')
                || first.proclitics.starts_with('ل')
            {
                first.range.start + first.proclitics.chars().next().map_or(0, char::len_utf8)
            } else {
                first.range.start
            };
            Some(DateMention {
                range: begin..last.range.end,
                kind: r.kind,
                date: r.date,
                earliest: r.earliest,
                latest: r.latest,
                time_precision: r.precision,
                warning: r.warning,
                past_marker: r.past,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn numbers_and_dates_equal_the_two_alone() {
        let text = crate::normalize(
            "قتل خمسة وعشرون شخصاً يوم الأحد 12 آذار/مارس 2023، وأصيب أكثر من 30 آخرين منذ \
             ثلاثة أيام، بين 3 و5 نيسان، في الأسبوع الماضي، قبل يومين، ومقتل عنصرين أمس.",
        )
        .text;
        let published = Some(day("2023-03-14"));
        let (numbers, found) = numbers_and_dates(&text, published);
        assert_eq!(numbers, crate::numbers(&text));
        assert_eq!(found, dates(&text, published));
        assert!(
            numbers.len() >= 5 && found.len() >= 4,
            "{numbers:?}\n{found:?}"
        );
    }

    fn one(text: &str, published: &str) -> DateMention {
        let text = crate::normalize(text).text;
        let found = dates(&text, Some(day(published)));
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn yesterday_with_weekday() {
        let m = one("قتل أمس الثلاثاء عنصر", "2019-04-10");
        assert_eq!(m.date, Some(day("2019-04-09")));
        assert_eq!(m.time_precision, 1);
        assert!(m.warning.is_none());
        let m = one("قتل أمس الاثنين عنصر", "2019-04-10");
        assert_eq!(m.date, Some(day("2019-04-08")));
        assert!(m.warning.is_some());
    }

    #[test]
    fn absolute_and_paired_months() {
        let m = one("في 23 آذار/مارس 2019", "2019-04-10");
        assert_eq!(m.date, Some(day("2019-03-23")));
        assert_eq!(m.kind, DateKind::Absolute);
        let m = one("في السادس من شهر أبريل/ نيسان", "2019-04-10");
        assert_eq!(m.date, Some(day("2019-04-06")));
    }

    #[test]
    fn no_publication_day_no_guess() {
        let text = crate::normalize("أمس الثلاثاء").text;
        let found = dates(&text, None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].date, None);
    }
}
