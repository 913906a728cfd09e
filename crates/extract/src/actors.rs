//! Actors: which alias a mention resolves to on the event's date, and who attacked whom.
//!
//! Roles come from the words around a mention: a target follows `على`، `ضد`، `لـ`، `من`
//! (`مقتل 3 عناصر من قسد`), `حاجز`، `عناصر`; an attacker follows `شنه`، `نفذته`، `يرجح أنهم`
//! or is the subject of `هاجم`/`استهدفت`. ISIS is the attacker and civilians the target when
//! nothing else is said.

use crate::analysis::{Analysis, Hit};
use crate::lexicons::{ActorAlias, ActorFamily, CasualtyRole, CueKind, Lexicons, RoleWord};
use chrono::NaiveDate;
use marsad_model::ActorType;
use std::ops::Range;

/// One actor as coded on an event.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedActor {
    /// ACLED-style name.
    pub name: String,
    /// ACLED actor type.
    pub inter: ActorType,
    /// Family, for roles and fusion.
    pub family: ActorFamily,
}

impl CodedActor {
    fn from_alias(a: &ActorAlias) -> CodedActor {
        CodedActor {
            name: a.actor.clone(),
            inter: a.inter,
            family: a.family,
        }
    }

    /// The Islamic State, as ACLED names it in Syria.
    pub fn isis() -> CodedActor {
        CodedActor {
            name: "Islamic State (Syria)".into(),
            inter: ActorType::RebelGroup,
            family: ActorFamily::Isis,
        }
    }

    /// Attackers nobody names.
    pub fn unidentified() -> CodedActor {
        CodedActor {
            name: "Unidentified Armed Group (Syria)".into(),
            inter: ActorType::PoliticalMilitia,
            family: ActorFamily::Unknown,
        }
    }

    /// Unarmed civilians.
    pub fn civilians() -> CodedActor {
        CodedActor {
            name: "Civilians (Syria)".into(),
            inter: ActorType::Civilians,
            family: ActorFamily::Civilians,
        }
    }
}

/// The alias a hit resolves to for an event on `date`, if any.
pub fn resolve(
    hit: &Hit<ActorAlias>,
    date: Option<NaiveDate>,
    names_isis: bool,
) -> Option<CodedActor> {
    let valid: Vec<&ActorAlias> = hit.values.iter().filter(|a| a.valid_on(date)).collect();
    let alias = valid.first().copied().or_else(|| {
        // A dated alias with no date to check: take the latest period.
        hit.values.iter().max_by_key(|a| a.from)
    })?;
    if alias.family == ActorFamily::IsisRef && !names_isis {
        return None;
    }
    let mut coded = CodedActor::from_alias(alias);
    if coded.family == ActorFamily::IsisRef {
        coded.family = ActorFamily::Isis;
    }
    Some(coded)
}

/// Where a mention stands in its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Attacker,
    Target,
    Unmarked,
    /// Backs another actor's act (`بمساندة التحالف`): coded as neither side.
    Support,
}

fn is_number_word(an: &Analysis, word_end: usize) -> bool {
    an.numbers
        .iter()
        .any(|n| n.range.end == word_end || n.range.contains(&word_end.saturating_sub(1)))
}

fn role(an: &Analysis, lex: &Lexicons, hit: &Hit<ActorAlias>, family: ActorFamily) -> (Role, bool) {
    let hedged = {
        let window = hit.word_start.saturating_sub(40)..hit.word_start;
        an.has_cue(&widen_to_char(an, window), CueKind::Hedge)
    };
    if hedged {
        return (Role::Attacker, true);
    }
    if family == ActorFamily::Civilians {
        return (Role::Target, false);
    }
    if family == ActorFamily::Unknown {
        return (Role::Attacker, false);
    }
    let roles = &lex.roles;
    let deaths = &lex.casualty;
    let before = an.words_before(hit.word_start, 4);
    let word = |k: usize| before.len().checked_sub(k).map_or("", |i| before[i]);
    let (last, second, third) = (word(1), word(2), word(3));
    if roles.is(last, RoleWord::SupportBefore) || roles.is(second, RoleWord::SupportBefore) {
        return (Role::Support, false);
    }
    // "طائرة مسيرة تابعة للتحالف": what belongs to the actor decides its role.
    let belongs = |w: &str| matches!(w, "تابعه" | "التابعه" | "تابع" | "التابع");
    if hit.proclitics.contains('ل') && belongs(last) {
        if roles.is(second, RoleWord::AttackerNoun) || roles.is(third, RoleWord::AttackerNoun) {
            return (Role::Attacker, false);
        }
        return (Role::Target, false);
    }
    if hit.proclitics.contains('ل') && !hit.proclitics.ends_with('ب') {
        return (Role::Target, false);
    }
    // A proclitic written apart (`لـ"قسد"`: the quote splits it off) marks the target.
    if last == "ل" {
        return (Role::Target, false);
    }
    if last == "من" {
        // "مسلحون من التنظيم" attack; "مقتل 3 عناصر من قسد" are the dead.
        if roles.is(second, RoleWord::AttackerNoun) {
            return (Role::Attacker, false);
        }
        let counted = is_number_word(an, hit.word_start.saturating_sub(4));
        if roles.is(second, RoleWord::MemberNoun)
            || deaths.is(second, CasualtyRole::Fighter)
            || deaths.is(second, CasualtyRole::Civilian)
            || counted
        {
            if roles.is(third, RoleWord::AttackerBefore) {
                return (Role::Attacker, false);
            }
            return (Role::Target, false);
        }
        if before
            .iter()
            .any(|w| deaths.is(w, CasualtyRole::Kill) || deaths.is(w, CasualtyRole::Injure))
        {
            return (Role::Target, false);
        }
        return (Role::Unmarked, false);
    }
    if roles.is(last, RoleWord::AttackerBefore) {
        // After a relative pronoun the verb's subject is the noun the pronoun stands for
        // (`الهجوم الذي يستهدف قسد`، `الخلايا التي هاجمت قسد`), so the actor after a verb
        // with no object pronoun of its own is its object. With one (`الهجوم الذي شنه
        // التنظيم`) the actor after it is still the subject.
        if is_relative_pronoun(second) && !has_object_pronoun(last) {
            return (Role::Target, false);
        }
        return (Role::Attacker, false);
    }
    if roles.is(last, RoleWord::TargetBefore) || roles.is(second, RoleWord::TargetBefore) {
        return (Role::Target, false);
    }
    if roles.is(second, RoleWord::AttackerBefore) && roles.is(last, RoleWord::AttackerNoun) {
        return (Role::Attacker, false);
    }
    if hit.proclitics.ends_with('ب')
        && (roles.is(last, RoleWord::AttackerBefore) || roles.is(second, RoleWord::AttackerBefore))
    {
        return (Role::Attacker, false);
    }
    (Role::Unmarked, false)
}

/// Arabic relative pronouns (match form): `الذي`، `التي` and their duals and plurals.
fn is_relative_pronoun(word: &str) -> bool {
    matches!(
        word,
        "الذي"
            | "التي"
            | "الذين"
            | "اللذين"
            | "اللتين"
            | "اللذان"
            | "اللتان"
            | "اللاتي"
            | "اللواتي"
    )
}

/// Whether a verb carries an attached object pronoun (`شنه`، `نفذتها`، `زرعهم`), in match
/// form (`ة` folds to `ه`, but role verbs do not end in `ة`).
fn has_object_pronoun(verb: &str) -> bool {
    verb.chars().count() > 2
        && (verb.ends_with('ه') || verb.ends_with("ها") || verb.ends_with("هم"))
}

/// Extends a byte range so both ends fall on char boundaries of the analysis text.
fn widen_to_char(an: &Analysis, mut r: Range<usize>) -> Range<usize> {
    while r.start > 0 && !an.text.is_char_boundary(r.start) {
        r.start -= 1;
    }
    while r.end < an.text.len() && !an.text.is_char_boundary(r.end) {
        r.end += 1;
    }
    r
}

/// Who did what to whom in one clause.
#[derive(Debug, Clone, Default)]
pub struct ActorPair {
    /// actor1: the attacker (or the arresting force).
    pub attacker: Option<CodedActor>,
    /// actor2: the target.
    pub target: Option<CodedActor>,
    /// The attacker is only suspected (`يرجح أنهم`).
    pub suggested: bool,
}

/// Roles of the actors named in `range`, falling back to `fallback` (the sentence) when the
/// clause names none.
pub fn actor_pair(
    an: &Analysis,
    lex: &Lexicons,
    range: &Range<usize>,
    fallback: &Range<usize>,
    date: Option<NaiveDate>,
) -> ActorPair {
    let mut marked: Vec<(Role, bool, CodedActor)> = Vec::new();
    for scope in [range, fallback] {
        for hit in Analysis::within(&an.actors, scope) {
            if let Some(actor) = resolve(hit, date, an.names_isis) {
                let (r, hedged) = role(an, lex, hit, actor.family);
                marked.push((r, hedged, actor));
            }
        }
        if !marked.is_empty() {
            break;
        }
    }
    let mut pair = ActorPair::default();
    if let Some((_, hedged, a)) = marked.iter().find(|(r, _, _)| *r == Role::Attacker) {
        pair.attacker = Some(a.clone());
        pair.suggested = *hedged;
    } else if let Some((_, _, a)) = marked
        .iter()
        .find(|(r, _, a)| *r != Role::Target && a.family.is_isis())
    {
        pair.attacker = Some(a.clone());
    }
    let attacker_family = pair.attacker.as_ref().map(|a| a.family);
    let differs = |a: &CodedActor| Some(a.family) != attacker_family;
    pair.target = marked
        .iter()
        .find(|(r, _, a)| *r == Role::Target && differs(a))
        .or_else(|| {
            marked
                .iter()
                .find(|(r, _, a)| *r == Role::Unmarked && differs(a))
        })
        .map(|(_, _, a)| a.clone());
    if pair.attacker.is_none() {
        if let Some((_, _, a)) = marked.iter().find(|(r, _, a)| {
            *r == Role::Unmarked && a.family.is_armed() && Some(a) != pair.target.as_ref()
        }) {
            pair.attacker = Some(a.clone());
        }
    }
    pair
}

/// The armed actor an article talks about most, other than `except`: the default target of
/// attacks whose clause names only `عناصر` or `مقاتلين`.
pub fn main_armed_actor(
    an: &Analysis,
    date: Option<NaiveDate>,
    except: Option<ActorFamily>,
) -> Option<CodedActor> {
    let mut counts: Vec<(CodedActor, usize)> = Vec::new();
    for hit in &an.actors {
        let Some(a) = resolve(hit, date, an.names_isis) else {
            continue;
        };
        if !a.family.is_armed() || Some(a.family) == except || a.family == ActorFamily::Unknown {
            continue;
        }
        match counts.iter_mut().find(|(c, _)| c.name == a.name) {
            Some((_, n)) => *n += 1,
            None => counts.push((a, 1)),
        }
    }
    // Stable: the first-mentioned wins ties.
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(a, _)| a)
}
