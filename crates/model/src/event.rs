use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One act of political violence (or strategic development), coded once however many reports
/// tell it. Serializes to exactly the JSONL record of `spec/event.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id, e.g. `SYR-000123`; empty until the store assigns one.
    pub event_id: String,
    /// When it happened (not when reported).
    pub event_date: NaiveDate,
    /// ACLED: 1 day known; 2 week or a few days (midpoint coded); 3 only the month.
    pub time_precision: u8,
    /// ACLED disorder type, e.g. `Political violence`.
    pub disorder_type: String,
    /// ACLED event type, e.g. `Battles`.
    pub event_type: String,
    /// ACLED sub-event type, e.g. `Armed clash`.
    pub sub_event_type: String,
    /// Primary actor, ACLED-style name (`Islamic State (Syria)`).
    pub actor1: String,
    /// Actors allied with actor1, `; `-separated.
    pub assoc_actor_1: String,
    /// ACLED's type label of actor1 (`Rebel group`).
    pub inter1: String,
    /// The other side (`QSD: Syrian Democratic Forces`), empty when none.
    pub actor2: String,
    /// Actors allied with actor2, `; `-separated.
    pub assoc_actor_2: String,
    /// ACLED's type label of actor2.
    pub inter2: String,
    /// The pair of types, lower code first (`State forces-Rebel group`).
    pub interaction: String,
    /// `Civilian targeting` or empty.
    pub civilian_targeting: String,
    /// ISO 3166 numeric country code: 760 for Syria.
    pub iso: u16,
    /// Country name: `Syria`.
    pub country: String,
    /// Governorate, OCHA's English spelling (`Deir-ez-Zor`).
    pub admin1: Option<String>,
    /// District.
    pub admin2: Option<String>,
    /// Subdistrict (nahiya).
    pub admin3: Option<String>,
    /// OCHA p-code of admin1 (`SY09`).
    pub admin1_pcode: Option<String>,
    /// OCHA p-code of admin2 (`SY0903`).
    pub admin2_pcode: Option<String>,
    /// OCHA p-code of admin3 (`SY090301`).
    pub admin3_pcode: Option<String>,
    /// The place, English name.
    pub location: Option<String>,
    /// The place, Arabic name as the gazetteer writes it.
    pub location_ar: Option<String>,
    /// WGS84 latitude.
    pub latitude: Option<f64>,
    /// WGS84 longitude.
    pub longitude: Option<f64>,
    /// ACLED: 1 the place itself; 2 near it or part of a region; 3 a larger region.
    pub geo_precision: u8,
    /// ACLED's count: lowest credible figure across reports; 0 when none or unknown.
    pub fatalities: u32,
    /// The highest figure any report gives.
    pub fatalities_high: u32,
    /// Killed and injured per group.
    pub casualties: Vec<Casualty>,
    /// Who claimed it (`Islamic State`).
    pub claimed_by: Vec<String>,
    /// Each claim with its channel and date.
    pub claims: Vec<Claim>,
    /// Who the reports cite (`SDF media center`, `local sources`).
    pub reported_by: Vec<String>,
    /// Outlets, `; `-separated, as ACLED writes them.
    pub source: String,
    /// ACLED's source scale (`National`, `Subnational`, `New media`, ...).
    pub source_scale: String,
    /// A short English summary generated from the fields.
    pub notes: String,
    /// ACLED tags (`suggested attribution`), `; `-separated.
    pub tags: String,
    /// One entry per reporting article.
    pub sources: Vec<SourceRef>,
    /// The sentences the event rests on, with character offsets into the stored article text.
    pub evidence: Vec<Evidence>,
    /// Analyst review state.
    pub review: Review,
}

impl Event {
    /// A short English summary generated from the fields, for `notes`: `On 2019-03-25,
    /// Islamic State (Syria) attacked QSD: Syrian Democratic Forces in السويدان (Deir-ez-Zor). 2 killed.`
    pub fn generated_notes(&self) -> String {
        crate::notes::summary(self)
    }
}

/// Killed and injured in one group (`QSD: Syrian Democratic Forces`, `Civilians (Syria)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Casualty {
    /// Actor name of the group the dead or injured belonged to.
    pub group: String,
    /// Deaths, when the report gives a figure (or a vague word ACLED codes).
    pub killed: Option<u32>,
    /// Injuries, when given.
    pub injured: Option<u32>,
    /// The death figure stands for a vague word (`قتلى`، `عدد من` → 3, `عشرات` → 12), not a
    /// number the report gives; a precise figure from another report is preferred to it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimate: bool,
}

/// A claim of responsibility: who, through which channel, when, in which article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// Claimant, e.g. `Islamic State`.
    pub by: String,
    /// Channel: `Amaq`, `al-Naba`, `statement`, ...
    pub channel: Option<String>,
    /// Day of the claim, when known.
    pub date: Option<NaiveDate>,
    /// The article that reports the claim.
    pub article_id: String,
}

/// One reporting article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// Stored article id.
    pub article_id: String,
    /// Outlet name.
    pub outlet: Option<String>,
    /// Article URL.
    pub url: Option<String>,
    /// Publication day.
    pub published: Option<NaiveDate>,
}

/// A sentence an event rests on. `start`/`end` count characters (Unicode scalar values) in the
/// stored article text, so `text == article.text.chars().skip(start).take(end - start)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Stored article id.
    pub article_id: String,
    /// The exact text of the span, as the reporter wrote it.
    pub text: String,
    /// Start, in characters.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
}

/// Analyst review state of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// Where the event stands.
    pub status: ReviewStatus,
    /// Who last reviewed it.
    pub by: Option<String>,
    /// When (RFC 3339).
    pub at: Option<String>,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            status: ReviewStatus::Unreviewed,
            by: None,
            at: None,
        }
    }
}

/// `unreviewed`, `confirmed`, `edited` or `rejected`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    /// Nobody has looked at it.
    Unreviewed,
    /// An analyst confirmed the coding.
    Confirmed,
    /// An analyst changed fields.
    Edited,
    /// An analyst rejected it: it stays stored but leaves exports.
    Rejected,
}

impl ReviewStatus {
    /// Lowercase name as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Unreviewed => "unreviewed",
            ReviewStatus::Confirmed => "confirmed",
            ReviewStatus::Edited => "edited",
            ReviewStatus::Rejected => "rejected",
        }
    }
}

/// What an article states that is not a fresh event: a count over a span, background history,
/// a threat. Kept for trends and for the analyst; never exported as an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleFact {
    /// Which kind of statement.
    pub kind: FactKind,
    /// The sentence, as written.
    pub text: String,
    /// Start, in characters of the stored article text.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
    /// A count it gives, where it gives one (`30 عملية` → 30).
    pub count: Option<u32>,
}

/// The kinds of non-event statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// Events counted over a span or area (`30 عملية خلال أربعة أيام`).
    Aggregate,
    /// Earlier history told as context (`في أواخر عام 2017`).
    Background,
    /// A threat, plan or forecast (`يتوقع`، `تهديد`).
    Threat,
}
