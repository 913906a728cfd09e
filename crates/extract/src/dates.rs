//! The event's date: the most precise date its clause or sentence gives, else the story's
//! date carried over from earlier sentences (precision 1 kept only when the sentence continues
//! the same account: `أيضاً`، `ومن بين الهجمات`), else the publication day at precision 2.

use crate::analysis::Analysis;
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

/// The most precise codable date in `range`: lowest precision, then narrowest span, then first.
pub fn best_date(an: &Analysis, range: &Range<usize>) -> Option<EventDate> {
    an.dates_in(range)
        .filter_map(|d| {
            let date = d.date?;
            if !(1..=3).contains(&d.time_precision) {
                return None;
            }
            Some(EventDate {
                date,
                precision: d.time_precision,
                earliest: d.earliest.unwrap_or(date),
                latest: d.latest.unwrap_or(date),
            })
        })
        .enumerate()
        .min_by_key(|(i, d)| (d.precision, (d.latest - d.earliest).num_days(), *i))
        .map(|(_, d)| d)
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
