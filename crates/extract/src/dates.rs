//! The event's date: the most precise date its clause or sentence gives, else the story's
//! date carried over from earlier sentences (precision 1 kept only when the sentence continues
//! the same account: `أيضاً`، `ومن بين الهجمات`), else the publication day at precision 2.

use crate::analysis::Analysis;
use crate::lexicons::CueKind;
use chrono::NaiveDate;
use std::ops::Range;

/// A coded date with ACLED's precision and the span it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDate {
    /// The coded day.
    pub date: NaiveDate,
    /// ACLED time precision (1–3).
    pub precision: u8,
    /// First day the report allows.
    pub earliest: NaiveDate,
    /// Last day the report allows.
    pub latest: NaiveDate,
}

/// Whether a date is the report's rather than the act's: it follows a reporting verb or an
/// outlet/channel closely (`رصدت عنب بلدي على وكالة أعماق، الأربعاء 27 من آذار`).
fn is_report_date(an: &Analysis, start: usize) -> bool {
    let from = an.text[..start]
        .char_indices()
        .rev()
        .filter(|(_, c)| c.is_whitespace())
        .nth(5)
        .map_or(0, |(i, _)| i);
    let window = from..start;
    an.has_cue(&window, CueKind::ReportVerb)
        || an.has_cue(&window, CueKind::Channel)
        || an.has_cue(&window, CueKind::Reporter)
}

/// The most precise codable date in `range`: the act's before the report's, then lowest
/// precision, then narrowest span, then first.
pub fn best_date(an: &Analysis, range: &Range<usize>) -> Option<EventDate> {
    an.dates_in(range)
        .filter_map(|d| {
            let date = d.date?;
            if !(1..=3).contains(&d.time_precision) {
                return None;
            }
            Some((
                is_report_date(an, d.range.start),
                EventDate {
                    date,
                    precision: d.time_precision,
                    earliest: d.earliest.unwrap_or(date),
                    latest: d.latest.unwrap_or(date),
                },
            ))
        })
        .enumerate()
        .min_by_key(|(i, (report, d))| {
            (*report, d.precision, (d.latest - d.earliest).num_days(), *i)
        })
        .map(|(_, (_, d))| d)
}

/// A story date carried into a sentence that gives none.
pub fn inherited(story: EventDate, continues: bool) -> EventDate {
    if continues {
        story
    } else {
        EventDate {
            precision: story.precision.max(2),
            ..story
        }
    }
}

/// The publication day standing in for a report that dates nothing ("recently").
pub fn from_publication(published: NaiveDate) -> EventDate {
    EventDate {
        date: published,
        precision: 2,
        earliest: published - chrono::Days::new(3),
        latest: published,
    }
}
