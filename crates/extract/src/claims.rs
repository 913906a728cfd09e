//! Claims of responsibility (`تبنى`، `أعلن مسؤوليته`، `عبر وكالة أعماق`، `صحيفة النبأ`) and
//! whom the report cites (`بحسب مصادر محلية`، `المرصد السوري`).

use crate::actors::resolve;
use crate::analysis::Analysis;
use crate::lexicons::CueKind;
use chrono::NaiveDate;
use std::ops::Range;

/// A claim found in a sentence: who claims, through which channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimCue {
    /// Claimant, as marsad names claimants (`Islamic State`).
    pub by: String,
    /// Channel (`Amaq`, `al-Naba`), when named.
    pub channel: Option<String>,
}

/// The claim a sentence reports, if any: a claim verb with ISIS as its subject, or an ISIS
/// channel (Amaq, al-Naba) carrying the news.
pub fn claim_in(an: &Analysis, range: &Range<usize>, date: Option<NaiveDate>) -> Option<ClaimCue> {
    let channel = an
        .cues_in(range, CueKind::Channel)
        .map(|(_, c)| c.value.clone())
        .next();
    let isis_named = Analysis::within(&an.actors, range)
        .any(|h| resolve(h, date, an.names_isis).is_some_and(|a| a.family.is_isis()));
    let verb = an.has_cue(range, CueKind::Claim);
    if channel.is_some() || (verb && isis_named) {
        return Some(ClaimCue {
            by: "Islamic State".into(),
            channel,
        });
    }
    None
}

/// Whom `range` cites, as marsad names sources (`local sources`, `SDF media center`).
pub fn reporters_in(an: &Analysis, range: &Range<usize>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, cue) in an.cues_in(range, CueKind::Reporter) {
        if !out.contains(&cue.value) {
            out.push(cue.value.clone());
        }
    }
    out
}
