//! Statements that are not fresh events: counts over a span (`30 عملية خلال أربعة أيام`),
//! background history (`في أواخر عام 2017`), threats and forecasts (`يتوقع`، `هدد`), denials.

use crate::analysis::Analysis;
use crate::lexicons::CueKind;
use chrono::NaiveDate;
use std::ops::Range;

/// The largest toll an aggregate sentence may give and still be told as one event in a named
/// village; above it, the figure counts deaths over many acts.
pub const SINGLE_EVENT_TOLL: u32 = 50;

/// How far back a dated statement stops being news: older is background.
pub const BACKGROUND_AFTER_DAYS: i64 = 45;

/// An aggregate: an event noun counted above one (`30 عملية`، `أربع هجمات`، `عشرات العمليات`،
/// `عدة هجمات`، `سلسلة عمليات`), or a plural event noun over a span of time.
pub fn aggregate(an: &Analysis, range: &Range<usize>) -> Option<Option<u32>> {
    for (hit, _) in an.cues_in(range, CueKind::AggregateNoun) {
        let word = &an.text[hit.range.clone()];
        // A counted noun follows its number directly, with no preposition of its own (`30
        // عملية`، `أربع هجمات`، `153 هجوماً`), and a singular one only from eleven up:
        // `أصيب اثنان بهجوم` counts the injured, not attacks.
        let singular = matches!(word, "هجوم" | "هجوما" | "عمليه" | "ضربه");
        let counted = an
            .numbers_in(&(range.start..hit.range.start))
            .filter(|n| !n.ordinal && n.value >= 2)
            .filter(|n| !singular || n.value >= 11)
            .filter(|n| {
                let between = &an.text[n.range.end..hit.word_start];
                between.split_whitespace().count() <= 1
                    && !hit.proclitics.chars().any(|c| matches!(c, 'ب' | 'ل' | 'ك'))
            })
            .last()
            .map(|n| n.value);
        if counted.is_some() {
            return Some(counted);
        }
        // A dual event noun counts two (`هجومين منفصلين`).
        if word.ends_with("ين") || word.ends_with("ان") {
            return Some(Some(2));
        }
        let before = an.words_before(hit.word_start, 2);
        if before.iter().any(|w| {
            matches!(
                *w,
                "عشرات"
                    | "مئات"
                    | "عده"
                    | "سلسله"
                    | "تلك"
                    | "هذه"
                    | "جميع"
                    | "مجموع"
                    | "حصيله"
                    | "اجمالي"
            )
        }) {
            return Some(None);
        }
        let bare = word.strip_prefix("ال").unwrap_or(word);
        let plural = matches!(
            bare,
            "عمليات" | "هجمات" | "تفجيرات" | "ضربات" | "اعتداءات" | "معارك" | "حملات"
        );
        if plural && an.has_cue(range, CueKind::Span) {
            return Some(None);
        }
    }
    if an.text[range.clone()].contains("حمله عسكريه") {
        return Some(None);
    }
    // A stretch of a week or more (`خلال الأشهر الفائتة`، `من 24 آذار وحتى 6 نيسان`) counts
    // what happened over it.
    let long_span = an.dates_in(range).any(|d| match (d.earliest, d.latest) {
        (Some(a), Some(b)) => (b - a).num_days() >= 7 && d.kind != marsad_text::DateKind::MonthOnly,
        _ => false,
    });
    if long_span {
        return Some(None);
    }
    None
}

/// Whether the article reports something from the last days (a day- or week-precise date
/// within ten days of publication): then an earlier month is background, not the story.
pub fn has_fresh_story(an: &Analysis, published: Option<NaiveDate>) -> bool {
    let Some(published) = published else {
        return false;
    };
    an.dates.iter().any(|d| {
        matches!(d.time_precision, 1 | 2)
            && d.date
                .is_some_and(|x| (published - x).num_days().abs() <= 10)
    })
}

/// Whether every date the sentence gives lies well before publication (history told as
/// context): older than [`BACKGROUND_AFTER_DAYS`], or a past month (`كانون الأول الماضي`) in an
/// article whose story is days old.
pub fn background(
    an: &Analysis,
    range: &Range<usize>,
    published: Option<NaiveDate>,
    fresh_story: bool,
) -> bool {
    use chrono::Datelike;
    let Some(published) = published else {
        return false;
    };
    let mut any = false;
    for d in an.dates_in(range) {
        let latest = d.latest.or(d.date);
        let Some(latest) = latest else { continue };
        any = true;
        let past_month = d.kind == marsad_text::DateKind::MonthOnly
            && fresh_story
            && (latest.year(), latest.month()) < (published.year(), published.month());
        // "وكانت القامشلي قد شهدت، في 11 من تشرين الأول الماضي، تفجيراً": the pluperfect
        // recalls an earlier act, weeks before the story.
        let recalled = fresh_story && pluperfect(an, range) && (published - latest).num_days() > 20;
        if (published - latest).num_days() <= BACKGROUND_AFTER_DAYS && !past_month && !recalled {
            return false;
        }
    }
    any
}

/// Whether the sentence is in the pluperfect (`وكان ... قد`، `كانت ... قد`).
fn pluperfect(an: &Analysis, range: &Range<usize>) -> bool {
    let words: Vec<&str> = an.text[range.clone()]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        matches!(*w, "كان" | "كانت" | "وكان" | "وكانت")
            && words.iter().skip(i + 1).take(4).any(|x| *x == "قد")
    })
}

/// Whether the act in `range` is only threatened, planned or forecast: a future cue before
/// the first trigger.
pub fn threat(an: &Analysis, range: &Range<usize>, first_trigger: usize) -> bool {
    an.cues_in(range, CueKind::Future)
        .any(|(h, _)| h.range.start < first_trigger)
}

/// Whether the act is denied (`نفت قسد وقوع هجوم`).
pub fn negated(an: &Analysis, range: &Range<usize>, first_trigger: usize) -> bool {
    an.cues_in(range, CueKind::Negation)
        .any(|(h, _)| h.range.start < first_trigger)
}
