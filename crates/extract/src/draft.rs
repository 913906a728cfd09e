//! The article loop: sentences → non-events or clauses → drafts → merged events.

use crate::actors::{actor_pair, main_armed_actor, CodedActor};
use crate::analysis::{Analysis, Hit};
use crate::casualties::{self, VictimKind};
use crate::claims::{claim_in, reporters_in, ClaimCue};
use crate::dates::{best_date, from_publication, inherited, EventDate};
use crate::lexicons::{ActorFamily, CueKind, Lexicons, Trigger, TriggerKind};
use crate::nonevents;
use crate::places::{self, is_specific};
use crate::typing::{sub_event_type, TargetCues};
use crate::{Extraction, Extractor};
use marsad_lexicon::geocode::{Geocoder, Location};
use marsad_model::{
    ActorType, Article, ArticleFact, Casualty, Claim, Event, Evidence, FactKind, Review, SourceRef,
    SubEventType,
};
use std::ops::Range;

/// One act as read from one clause, before merging with other tellings in the article.
#[derive(Debug, Clone)]
struct Draft {
    sentence: usize,
    evidence: Vec<Range<usize>>,
    sub: SubEventType,
    attacker: CodedActor,
    target: Option<CodedActor>,
    suggested: bool,
    casualties: Vec<Casualty>,
    fatalities: u32,
    date: EventDate,
    place: Option<Location>,
    place_specific: bool,
    /// The side of its region the place names (`بريف دير الزور الشرقي`), if any.
    side: Option<places::Side>,
    /// Told as set apart in time from another act (`بعد ساعات من انفجار`).
    another_act: bool,
    claims: Vec<ClaimCue>,
    reported_by: Vec<String>,
    /// Tells again an act already told (`التفجير`، `هذا الهجوم`): merges into it.
    coref: bool,
    /// Typed by an act word (not only by a toll: `ارتفاع حصيلة مجزرة عفرين إلى 46 قتيلاً`).
    typed: bool,
}

fn fact(
    an: &Analysis,
    raw: &str,
    range: &Range<usize>,
    kind: FactKind,
    count: Option<u32>,
) -> ArticleFact {
    let (start, end, text) = an.char_span(raw, range.clone());
    ArticleFact {
        kind,
        text,
        start,
        end,
        count,
    }
}

/// Splits a sentence into clauses at commas and semicolons.
fn clauses(an: &Analysis, sent: &Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = sent.start;
    for (i, c) in an.text[sent.clone()].char_indices() {
        if matches!(c, '،' | ',' | '؛' | ';') {
            let at = sent.start + i;
            if at > start {
                out.push(start..at);
            }
            start = at + c.len_utf8();
        }
    }
    if start < sent.end {
        out.push(start..sent.end);
    }
    out
}

fn kinds_in(an: &Analysis, range: &Range<usize>) -> Vec<TriggerKind> {
    Analysis::within(&an.triggers, range)
        .filter_map(|h: &Hit<Trigger>| h.values.first().map(|t| t.kind))
        .collect()
}

fn has_strong(an: &Analysis, range: &Range<usize>) -> bool {
    Analysis::within(&an.triggers, range).any(|h| h.values.iter().any(|t| t.strong))
}

/// Groups clauses into segments, one per act: a clause opens a new segment when it reports an
/// act of its own at a place of its own, or against a different target.
fn segments(
    an: &Analysis,
    lex: &Lexicons,
    sent: &Range<usize>,
    locs: &[Location],
    published: Option<chrono::NaiveDate>,
) -> Vec<Range<usize>> {
    let mut segs: Vec<(Range<usize>, bool, Option<ActorFamily>, bool)> = Vec::new();
    for clause in clauses(an, sent) {
        let strong = has_strong(an, &clause);
        let act = strong
            || (Analysis::within(&an.triggers, &clause).next().is_some()
                && casualties::counts(an, &lex.casualty, &clause)
                    .0
                    .iter()
                    .any(|c| c.killed && !c.estimate));
        let own_place = locs
            .iter()
            .any(|l| is_specific(l) && l.range.start >= clause.start && l.range.end <= clause.end);
        let target = actor_pair(an, lex, &clause, &clause, published)
            .target
            .map(|t| t.family);
        // A new act: an act word of its own, at a place of its own or against another target.
        // Outcome clauses (`ما أدى إلى مقتل`، `إضافة إلى مقتل 3 عناصر`) extend the act before.
        // An outcome told first (`قُتل 40 مدنياً ... بانفجار صهريج مفخخ`) belongs to the act
        // that follows: only a segment with an act word of its own can be left behind.
        // A sequel (`أعقبته حملة مداهمات`، `ثم اعتقلت`) with an act word of another kind than
        // the act before tells a second act, even at the same place and target.
        let sequel = an.has_cue(&clause, CueKind::Sequel);
        let kinds = kinds_in(an, &clause);
        let opens = |last: &(Range<usize>, bool, Option<ActorFamily>, bool)| {
            let other_kind = || {
                let before = kinds_in(an, &last.0);
                !kinds.is_empty() && kinds.iter().all(|k| !before.contains(k))
            };
            last.1
                && has_strong(an, &last.0)
                && strong
                && (own_place
                    || (target.is_some() && last.2.is_some() && target != last.2)
                    || (sequel && other_kind()))
        };
        match segs.last_mut() {
            Some(last) if !opens(last) => {
                last.0.end = clause.end;
                if act && !last.1 {
                    last.1 = true;
                    last.2 = target;
                    last.3 = own_place;
                }
                if last.2.is_none() {
                    last.2 = target;
                }
                last.3 |= own_place;
            }
            // Clauses before the first act are context, not part of it.
            None if !act => {}
            _ => segs.push((clause, act, target, own_place)),
        }
    }
    segs.into_iter().filter(|s| s.1).map(|s| s.0).collect()
}

fn actor_name(a: &Option<CodedActor>) -> String {
    a.as_ref().map(|a| a.name.clone()).unwrap_or_default()
}

pub(crate) fn extract(ex: &Extractor, article: &Article) -> Extraction {
    let raw = article.text.as_str();
    let published = article.published;
    let an = Analysis::new(raw, published, &ex.lexicons);
    let geo = Geocoder::new(&ex.gazetteer);
    let ctx = geo.context(&an.text);
    let all_locs = places::article_locations(&geo, &an, &ctx);
    let region = places::article_region(&ex.gazetteer, &ctx);
    let mut out = Extraction::default();
    // The lead's date, for a headline told before any date (`مقتل 16 شخصاً بتفجير في منبج`).
    let lead_date = an.sentences.iter().find_map(|s| best_date(&an, s));
    for d in &an.dates {
        if let Some(w) = &d.warning {
            out.warnings.push(format!("{}: {w}", article.id));
        }
    }
    let mut drafts: Vec<Draft> = Vec::new();
    let fresh_story = nonevents::has_fresh_story(&an, published);
    let mut story: Option<EventDate> = None;
    let mut story_place: Option<Location> = None;
    let mut claim_context: Option<ClaimCue> = None;
    for (si, sent) in an.sentences.iter().enumerate() {
        let sent_date = best_date(&an, sent);
        let continues = an.has_cue(sent, CueKind::Continuation);
        let date_for_actors = sent_date.or(story).map(|d| d.date).or(published);
        let claim_here = claim_in(&an, sent, date_for_actors);
        let triggers: Vec<&Hit<Trigger>> = Analysis::within(&an.triggers, sent).collect();
        if nonevents::background(&an, sent, published, fresh_story) {
            if !triggers.is_empty() {
                out.facts
                    .push(fact(&an, raw, sent, FactKind::Background, None));
            }
            continue;
        }
        let Some(first_trigger) = triggers.first().map(|h| h.range.start) else {
            if let Some(c) = &claim_here {
                if !an.anaphors_in(sent).is_empty() {
                    if let Some(last) = drafts.last_mut() {
                        last.claims.push(c.clone());
                    }
                }
            }
            if let Some(d) = sent_date {
                story = Some(d);
            }
            if claim_here.is_some() {
                claim_context = claim_here;
            }
            continue;
        };
        if an
            .cues_in(sent, CueKind::Opinion)
            .any(|(h, _)| h.range.start < first_trigger)
        {
            continue;
        }
        if nonevents::threat(&an, sent, first_trigger) {
            out.facts.push(fact(&an, raw, sent, FactKind::Threat, None));
            continue;
        }
        if nonevents::negated(&an, sent, first_trigger) {
            continue;
        }
        let locs: Vec<Location> = places::within(&all_locs, sent).cloned().collect();
        if let Some(count) = nonevents::aggregate(&an, sent) {
            let village = locs.iter().any(|l| is_specific(l) && l.type_word.is_some());
            let (counts, mixed) = casualties::counts(&an, &ex.lexicons.casualty, sent);
            // A series of attacks that killed a few in one named village is told as an event
            // there (`سلسلة عمليات ... أسفرت عن فقدان 5 مقاتلين في بلدة الجزرات`); a toll in the
            // hundreds over days of fighting is a count.
            let killed: u32 = counts.iter().filter(|c| c.killed).map(|c| c.value).sum();
            let deaths = !mixed && killed > 0 && killed <= nonevents::SINGLE_EVENT_TOLL;
            if !(village && deaths) {
                out.facts
                    .push(fact(&an, raw, sent, FactKind::Aggregate, count));
                if let Some(d) = sent_date {
                    story = Some(d);
                }
                if claim_here.is_some() {
                    claim_context = claim_here;
                }
                if let Some(l) = places::pick(act_places(&an, &locs)) {
                    story_place = Some(l.clone());
                }
                continue;
            }
        }
        // Anaphoric claims ("تبنى هذه العملية") belong to the act already told.
        if let Some(c) = &claim_here {
            if !an.anaphors_in(sent).is_empty() && si > 0 {
                if let Some(last) = drafts.last_mut().filter(|d| d.sentence + 1 == si) {
                    if !last.claims.contains(c) {
                        last.claims.push(c.clone());
                    }
                }
            }
        }
        let segs = segments(&an, &ex.lexicons, sent, &locs, date_for_actors);
        let mut used_places: Vec<String> = Vec::new();
        for seg in &segs {
            let date = best_date(&an, seg)
                .or(sent_date)
                .or_else(|| story.map(|s| inherited(s, continues)))
                .or_else(|| lead_date.map(|s| inherited(s, si == 0)))
                .or_else(|| published.map(from_publication));
            let Some(date) = date else {
                out.warnings.push(format!(
                    "{}: an event with no date and no publication date was not coded",
                    article.id
                ));
                continue;
            };
            let context = Context {
                lex: &ex.lexicons,
                sentence: sent,
                index: si,
                locations: &locs,
                story_place: &story_place,
                article_place: &region,
                continues,
                claim_here: &claim_here,
                claim_context: &claim_context,
                single_act: segs.len() == 1,
                after_first_act: !drafts.is_empty(),
            };
            if let Some(d) = draft(&an, seg, date, &context, &mut used_places) {
                drafts.push(d);
            }
        }
        if let Some(d) = sent_date {
            story = Some(d);
        }
        if claim_here.is_some() {
            claim_context = claim_here;
        } else if !continues {
            claim_context = None;
        }
        // A source's place (`أفاد مراسل "عين الشرقية"`، `مراسل سانا في دير الزور`) is not
        // where the story happens.
        if let Some(l) = places::pick(act_places(&an, &locs)) {
            story_place = Some(l.clone());
        }
    }
    let drafts = merge_tellings(drafts);
    for d in &drafts {
        if let Some(p) = &d.place {
            if p.unresolved && !out.unresolved_places.contains(&p.location_ar) {
                out.unresolved_places.push(p.location_ar.clone());
            }
        }
    }
    out.events = drafts
        .into_iter()
        .map(|d| to_event(&an, article, d))
        .collect();
    out
}

/// The locations that may be where an act happened: not a source's (`مراسل سانا في دير الزور`).
fn act_places<'a>(
    an: &'a Analysis,
    locs: &'a [Location],
) -> impl Iterator<Item = &'a Location> + Clone {
    locs.iter().filter(move |l| !places::is_source_place(an, l))
}

/// What a clause's sentence and the story so far contribute to its draft.
struct Context<'a> {
    lex: &'a Lexicons,
    sentence: &'a Range<usize>,
    index: usize,
    locations: &'a [Location],
    story_place: &'a Option<Location>,
    article_place: &'a Option<Location>,
    continues: bool,
    claim_here: &'a Option<ClaimCue>,
    claim_context: &'a Option<ClaimCue>,
    single_act: bool,
    after_first_act: bool,
}

fn draft(
    an: &Analysis,
    seg: &Range<usize>,
    date: EventDate,
    cx: &Context<'_>,
    used_places: &mut Vec<String>,
) -> Option<Draft> {
    let sent = cx.sentence;
    let si = cx.index;
    let locs = cx.locations;
    let (story_place, article_place, continues) = (cx.story_place, cx.article_place, cx.continues);
    let (claim_here, claim_context) = (cx.claim_here, cx.claim_context);
    let kinds = kinds_in(an, seg);
    let (mut counts, mut mixed) = casualties::counts(an, &cx.lex.casualty, seg);
    if counts.is_empty() && cx.single_act {
        // A single-act sentence may give its toll outside the clause that names the act.
        (counts, mixed) = casualties::counts(an, &cx.lex.casualty, sent);
    }
    let strong = has_strong(an, seg);
    // A figure standing for a vague word ("قتلى") codes deaths but does not make an act.
    let killed_count = !mixed && counts.iter().any(|c| c.killed && !c.estimate);
    if !strong && !killed_count {
        return None;
    }
    let pair = actor_pair(an, cx.lex, seg, sent, Some(date.date));
    // A bare act word (a section heading `تصدي`) is not an event: it needs someone, somewhere
    // or a toll.
    let has_argument = pair.attacker.is_some()
        || pair.target.is_some()
        || !counts.is_empty()
        || locs
            .iter()
            .any(|l| l.range.start >= sent.start && l.range.end <= sent.end)
        || an.has_cue(seg, CueKind::ArmedTarget)
        || an.has_cue(seg, CueKind::CivilianTarget);
    if !has_argument {
        return None;
    }
    let claim = claim_in(an, seg, Some(date.date))
        .or_else(|| claim_here.clone())
        .or_else(|| {
            if continues {
                claim_context.clone()
            } else {
                None
            }
        });
    let armed_cue = an.has_cue(seg, CueKind::ArmedTarget)
        || counts.iter().any(|c| c.victims == VictimKind::Fighter)
        || pair.target.as_ref().is_some_and(|t| t.family.is_armed());
    let civilian_cue = an.has_cue(seg, CueKind::CivilianTarget)
        || counts.iter().any(|c| c.victims == VictimKind::Civilian)
        || pair
            .target
            .as_ref()
            .is_some_and(|t| t.family == ActorFamily::Civilians);
    let cues = TargetCues {
        armed: armed_cue,
        civilian: civilian_cue,
        foiled: an.has_cue(seg, CueKind::Foiled),
        deaths: killed_count,
    };
    let sub = sub_event_type(&kinds, cues)?;
    let isis_near = pair.attacker.as_ref().is_some_and(|a| a.family.is_isis());
    let (attacker, target) = if matches!(sub, SubEventType::Arrests) {
        let force = pair
            .attacker
            .clone()
            .filter(|a| !a.family.is_isis() && a.family.is_armed())
            .or_else(|| {
                pair.target
                    .clone()
                    .filter(|a| !a.family.is_isis() && a.family.is_armed())
            })
            .or_else(|| main_armed_actor(an, Some(date.date), Some(ActorFamily::Isis)))
            .unwrap_or_else(CodedActor::unidentified);
        let detained = if isis_near
            || pair.target.as_ref().is_some_and(|t| t.family.is_isis())
            || an.names_isis
        {
            Some(CodedActor::isis())
        } else {
            None
        };
        (force, detained)
    } else {
        let attacker = pair.attacker.clone().unwrap_or_else(|| {
            if claim.is_some() || an.names_isis {
                CodedActor::isis()
            } else {
                CodedActor::unidentified()
            }
        });
        let civilians_dominate = {
            let civ: u32 = counts
                .iter()
                .filter(|c| c.killed && c.victims == VictimKind::Civilian)
                .map(|c| c.value)
                .sum();
            let fighters: u32 = counts
                .iter()
                .filter(|c| c.killed && c.victims == VictimKind::Fighter)
                .map(|c| c.value)
                .sum();
            civ > fighters
        };
        let target = if civilians_dominate
            || (civilian_cue && !armed_cue)
            || matches!(sub, SubEventType::Attack) && !armed_cue
        {
            Some(CodedActor::civilians())
        } else {
            pair.target
                .clone()
                .filter(|t| t.family != attacker.family)
                .or_else(|| {
                    if armed_cue || matches!(sub, SubEventType::ArmedClash) {
                        main_armed_actor(an, Some(date.date), Some(attacker.family))
                    } else {
                        None
                    }
                })
        };
        (attacker, target)
    };
    // Place: the first named after the act word (not a source's: `مراسل سانا في دير الزور`),
    // else the clause's last specific one, else an unused one earlier in the sentence, else the
    // story's, else the article's region.
    let seg_locs: Vec<&Location> = locs
        .iter()
        .filter(|l| l.range.start >= seg.start && l.range.end <= seg.end)
        .filter(|l| !places::is_source_place(an, l))
        .collect();
    let act_at = Analysis::within(&an.triggers, seg)
        .find(|h| h.values.iter().any(|t| t.strong))
        .or_else(|| Analysis::within(&an.triggers, seg).next())
        .map_or(seg.start, |h| h.range.start);
    let own = seg_locs
        .iter()
        .copied()
        .find(|l| l.range.start >= act_at)
        .or_else(|| seg_locs.iter().copied().rev().find(|l| is_specific(l)))
        .or_else(|| seg_locs.first().copied());
    // `في البلدة` points back at the place just named, even one an earlier act took.
    let anaphor = an.has_cue(seg, CueKind::PlaceAnaphor);
    let earlier = || {
        locs.iter()
            .rev()
            .filter(|l| {
                l.range.end <= seg.start && (anaphor || !used_places.contains(&l.location_ar))
            })
            .find(|l| is_specific(l) && !places::is_source_place(an, l))
    };
    let place = own
        .cloned()
        .or_else(|| earlier().cloned())
        .or_else(|| story_place.clone())
        .or_else(|| article_place.clone());
    let place_specific = place.as_ref().is_some_and(is_specific) && own.is_some();
    if let Some(p) = &place {
        used_places.push(p.location_ar.clone());
    }
    let group_name = |v: VictimKind| match v {
        VictimKind::Civilian => "Civilians (Syria)".to_string(),
        VictimKind::Attacker => attacker.name.clone(),
        _ => target
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_else(|| "Unidentified".into()),
    };
    let mut casualty_rows: Vec<Casualty> = Vec::new();
    for c in &counts {
        let group = group_name(c.victims);
        let row = match casualty_rows.iter_mut().find(|r| r.group == group) {
            Some(r) => r,
            None => {
                casualty_rows.push(Casualty {
                    group,
                    killed: None,
                    injured: None,
                    estimate: false,
                });
                casualty_rows.last_mut()?
            }
        };
        if c.killed {
            if !mixed {
                row.killed = Some(row.killed.unwrap_or(0) + c.value);
                row.estimate |= c.estimate;
            }
        } else {
            row.injured = Some(row.injured.unwrap_or(0) + c.value);
        }
    }
    let fatalities = casualty_rows.iter().filter_map(|r| r.killed).sum();
    let mut reported_by = reporters_in(an, sent);
    for r in reporters_in(an, seg) {
        if !reported_by.contains(&r) {
            reported_by.push(r);
        }
    }
    let side = place.as_ref().and_then(|p| places::side(an, p));
    Some(Draft {
        sentence: si,
        evidence: vec![sent.clone()],
        sub,
        attacker,
        target,
        suggested: pair.suggested,
        casualties: casualty_rows,
        fatalities,
        date,
        place,
        place_specific,
        side,
        another_act: an.has_cue(seg, CueKind::AnotherAct),
        claims: claim.into_iter().collect(),
        reported_by,
        coref: cx.after_first_act && coreferent(an, seg),
        typed: strong,
    })
}

/// Whether a clause only refers back to an act: every act word in it is definite (`الهجوم`،
/// `التفجير`) or demonstrative (`هذا الهجوم`), with no new act verb or indefinite act noun.
fn coreferent(an: &Analysis, seg: &Range<usize>) -> bool {
    let anaphors = an.anaphors_in(seg);
    let mut strong = Analysis::within(&an.triggers, seg)
        .filter(|h| h.values.iter().any(|t| t.strong))
        .peekable();
    if strong.peek().is_none() {
        // Only outcomes, told of `العملية`/`الهجوم` already reported.
        return !anaphors.is_empty();
    }
    strong.all(|h| {
        h.article
            || anaphors
                .iter()
                .any(|a| a.start <= h.range.start && h.range.end <= a.end)
    })
}

fn family(sub: SubEventType) -> &'static str {
    sub.event_type()
}

/// Whether two drafts of one article tell the same happening (a headline and its body, a quote).
fn same_happening(a: &Draft, b: &Draft) -> bool {
    if a.sentence == b.sentence {
        return false;
    }
    let days = (a.date.date - b.date.date).num_days().abs();
    let slack = if a.date.precision == 1 && b.date.precision == 1 {
        0
    } else {
        3
    };
    if days > slack {
        return false;
    }
    // A generic "attack" told without a place may be the typed act told elsewhere, when the
    // same known attacker is named (`بدأ الهجوم بتفجير سيارة مفخخة`), unless the telling
    // sets its act hours or days apart (`جاء الهجوم بعد ساعات من انفجار سيارة مفخخة`).
    let compatible_type = family(a.sub) == family(b.sub)
        || !a.typed
        || !b.typed
        || (!a.place_specific || !b.place_specific)
            && !a.another_act
            && !b.another_act
            && (a.sub == SubEventType::ArmedClash || b.sub == SubEventType::ArmedClash)
            && a.attacker.family == b.attacker.family
            && a.attacker.family != ActorFamily::Unknown;
    if !compatible_type {
        return false;
    }
    if a.attacker.family != b.attacker.family
        && a.attacker.family != ActorFamily::Unknown
        && b.attacker.family != ActorFamily::Unknown
    {
        return false;
    }
    // "In the eastern countryside" does not tell of an act in a village of the west.
    let off_side = |x: &Draft, y: &Draft| match (&x.place, x.side, &y.place) {
        (Some(region), Some(side), Some(place)) => places::off_side(region, side, place),
        _ => false,
    };
    if off_side(a, b) || off_side(b, a) {
        return false;
    }
    match (&a.place, &b.place) {
        // Two tellings placed only near somewhere (`على طريق دير الزور - تدمر`، `قرب قرية
        // الشولا`) on the same day in one governorate are one act told twice.
        (Some(p), Some(q))
            if a.place_specific
                && b.place_specific
                && p.geo_precision >= 2
                && q.geo_precision >= 2
                && a.date.date == b.date.date
                && p.admin1_pcode.is_some()
                && p.admin1_pcode == q.admin1_pcode =>
        {
            true
        }
        (Some(p), Some(q)) if a.place_specific && b.place_specific => {
            p.location_ar == q.location_ar
        }
        (Some(p), Some(q)) => {
            p.admin1_pcode == q.admin1_pcode || p.admin1_pcode.is_none() || q.admin1_pcode.is_none()
        }
        _ => true,
    }
}

/// Merges the tellings of one happening. Drafts with a place of their own merge only with the
/// same place; a draft without one (`تصدى مقاتلو قسد لهجوم...`) joins the telling it fits best:
/// the same day first, then the same precision, then the nearest sentence.
fn merge_tellings(drafts: Vec<Draft>) -> Vec<Draft> {
    let (coref, drafts): (Vec<Draft>, Vec<Draft>) = drafts.into_iter().partition(|d| d.coref);
    let (specific, vague): (Vec<Draft>, Vec<Draft>) =
        drafts.into_iter().partition(|d| d.place_specific);
    let mut out: Vec<Draft> = Vec::new();
    for d in specific {
        match out.iter_mut().find(|o| same_happening(o, &d)) {
            Some(o) => absorb(o, d),
            None => out.push(d),
        }
    }
    for d in vague {
        let best = out
            .iter()
            .enumerate()
            .filter(|(_, o)| same_happening(o, &d))
            .min_by_key(|(_, o)| {
                (
                    o.date.date != d.date.date,
                    o.date.precision != d.date.precision,
                    o.sentence.abs_diff(d.sentence),
                )
            })
            .map(|(i, _)| i);
        match best {
            Some(i) => absorb(&mut out[i], d),
            None => out.push(d),
        }
    }
    // A telling that refers back joins the latest act told before it within its date window.
    for d in coref {
        let target = out
            .iter()
            .enumerate()
            .filter(|(_, o)| o.sentence < d.sentence)
            .filter(|(_, o)| {
                let slack = if o.date.precision == 1 && d.date.precision == 1 {
                    1
                } else {
                    3
                };
                (o.date.date - d.date.date).num_days().abs() <= slack
            })
            .max_by_key(|(_, o)| o.sentence)
            .map(|(i, _)| i);
        match target {
            // The telling that refers back may say more: its own place (the headline said
            // only "south of Hasakah"), a more precise date, a fuller toll.
            Some(i) => absorb(&mut out[i], d),
            None => out.push(Draft { coref: false, ..d }),
        }
    }
    out.sort_by_key(|d| d.sentence);
    out
}

fn absorb(into: &mut Draft, d: Draft) {
    // The act word's type wins over a type guessed from a toll.
    if d.typed && !into.typed {
        into.sub = d.sub;
        into.typed = true;
    }
    let better_place = match (&d.place, &into.place) {
        (Some(p), Some(q)) => {
            d.place_specific && (!into.place_specific || places::rank(p) < places::rank(q))
        }
        (Some(_), None) => true,
        _ => false,
    };
    if better_place {
        if !into.place_specific {
            into.sub = d.sub;
        }
        into.place = d.place.clone();
        into.place_specific = d.place_specific;
        into.side = d.side;
    }
    if d.date.precision < into.date.precision {
        into.date = d.date;
    }
    if d.fatalities > into.fatalities {
        into.fatalities = d.fatalities;
        into.casualties = d.casualties.clone();
    }
    if into.target.is_none() {
        into.target = d.target.clone();
    }
    into.suggested &= d.suggested;
    for c in d.claims {
        if !into.claims.contains(&c) {
            into.claims.push(c);
        }
    }
    for r in d.reported_by {
        if !into.reported_by.contains(&r) {
            into.reported_by.push(r);
        }
    }
    for e in d.evidence {
        if !into.evidence.contains(&e) {
            into.evidence.push(e);
        }
    }
}

fn to_event(an: &Analysis, article: &Article, d: Draft) -> Event {
    let raw = article.text.as_str();
    let evidence = d
        .evidence
        .iter()
        .map(|r| {
            let (start, end, text) = an.char_span(raw, r.clone());
            Evidence {
                article_id: article.id.clone(),
                text,
                start,
                end,
            }
        })
        .collect();
    let inter2 = d.target.as_ref().map(|t| t.inter);
    let civilian = d
        .target
        .as_ref()
        .is_some_and(|t| t.family == ActorFamily::Civilians);
    let mut claimed_by: Vec<String> = Vec::new();
    let claims: Vec<Claim> = d
        .claims
        .iter()
        .map(|c| {
            if !claimed_by.contains(&c.by) {
                claimed_by.push(c.by.clone());
            }
            Claim {
                by: c.by.clone(),
                channel: c.channel.clone(),
                date: article.published,
                article_id: article.id.clone(),
            }
        })
        .collect();
    let p = d.place.as_ref();
    let outlet = article
        .outlet
        .clone()
        .or_else(|| article.outlet_ar.clone())
        .unwrap_or_else(|| article.id.clone());
    let mut event = Event {
        event_id: String::new(),
        event_date: d.date.date,
        time_precision: d.date.precision,
        disorder_type: d.sub.disorder_type().into(),
        event_type: d.sub.event_type().into(),
        sub_event_type: d.sub.name().into(),
        actor1: d.attacker.name.clone(),
        assoc_actor_1: String::new(),
        inter1: d.attacker.inter.label().into(),
        actor2: actor_name(&d.target),
        assoc_actor_2: String::new(),
        inter2: inter2.map(|i| i.label().to_string()).unwrap_or_default(),
        interaction: ActorType::interaction(Some(d.attacker.inter), inter2),
        civilian_targeting: if civilian {
            "Civilian targeting".into()
        } else {
            String::new()
        },
        iso: 760,
        country: "Syria".into(),
        admin1: p.and_then(|p| p.admin1.clone()),
        admin2: p.and_then(|p| p.admin2.clone()),
        admin3: p.and_then(|p| p.admin3.clone()),
        admin1_pcode: p.and_then(|p| p.admin1_pcode.clone()),
        admin2_pcode: p.and_then(|p| p.admin2_pcode.clone()),
        admin3_pcode: p.and_then(|p| p.admin3_pcode.clone()),
        location: p.and_then(|p| p.location_en.clone()),
        location_ar: p.map(|p| p.location_ar.clone()),
        latitude: p.and_then(|p| p.latitude),
        longitude: p.and_then(|p| p.longitude),
        geo_precision: p.map_or(3, |p| p.geo_precision),
        fatalities: d.fatalities,
        fatalities_high: d.fatalities,
        casualties: d.casualties,
        claimed_by,
        claims,
        reported_by: d.reported_by,
        source: outlet.clone(),
        source_scale: String::new(),
        notes: String::new(),
        tags: if d.suggested {
            "suggested attribution".into()
        } else {
            String::new()
        },
        sources: vec![SourceRef {
            article_id: article.id.clone(),
            outlet: Some(outlet),
            url: article.url.clone(),
            published: article.published,
        }],
        evidence,
        review: Review::default(),
    };
    event.notes = event.generated_notes();
    if d.place.as_ref().is_some_and(|p| p.unresolved) {
        event.notes.push_str(" Coordinates are those of the nearest known container until the place is added to the gazetteer.");
    }
    event
}
