//! The reviewed lexicons of `data/lexicon/`, compiled once into phrase matchers.

use chrono::NaiveDate;
use marsad_lexicon::alias::{Table, TableError};
use marsad_lexicon::{PhraseMatcher, PhraseOptions};
use marsad_model::ActorType;

const ACTORS_TSV: &str = include_str!("../../../data/lexicon/actors.tsv");
const TRIGGERS_TSV: &str = include_str!("../../../data/lexicon/triggers.tsv");
const CUES_TSV: &str = include_str!("../../../data/lexicon/cues.tsv");
const CASUALTY_TSV: &str = include_str!("../../../data/lexicon/casualty_words.tsv");
const ROLE_TSV: &str = include_str!("../../../data/lexicon/role_words.tsv");

/// What a word just before an actor's name says about its role (`role_words.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleWord {
    /// على، ضد، حاجز: the actor after it is the target.
    TargetBefore,
    /// شنه، هاجمت، برصاص: the actor after it is the attacker.
    AttackerBefore,
    /// مسلحون (من التنظيم): attackers.
    AttackerNoun,
    /// عناصر (من قسد): members, role decided by the words before.
    MemberNoun,
    /// بمساندة، بدعم: the actor after it backs the act of another; it is neither the
    /// attacker nor the target.
    SupportBefore,
}

/// Role words by folded form.
#[derive(Debug, Default)]
pub struct RoleWords {
    roles: std::collections::HashMap<String, Vec<RoleWord>>,
}

impl RoleWords {
    /// Whether a match-form word plays `role`.
    pub fn is(&self, word: &str, role: RoleWord) -> bool {
        self.roles.get(word).is_some_and(|r| r.contains(&role))
    }
}

/// The part a word plays around a casualty count (`casualty_words.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CasualtyRole {
    /// مقتل، قتلى: someone died.
    Kill,
    /// إصابة، جرحى: someone was hurt.
    Injure,
    /// مدنيين، أطفال.
    Civilian,
    /// عناصر، جنود.
    Fighter,
    /// قتلى، ضحايا، منهم.
    Unspecified,
    /// A victim noun counting one after a kill word (مقتل عنصر).
    Singular,
    /// The attacker counted among the dead (المهاجم).
    Attacker,
    /// بينهم: a subset of a figure already given.
    Subset,
}

/// Casualty words by their folded form, each with its roles.
#[derive(Debug, Default)]
pub struct CasualtyWords {
    roles: std::collections::HashMap<String, Vec<CasualtyRole>>,
}

impl CasualtyWords {
    /// A word without one or two leading proclitics (و، ف، ب، ل): `وبمقتل` → `مقتل`.
    pub fn bare(word: &str) -> &str {
        let mut w = word;
        for _ in 0..2 {
            match w.chars().next() {
                Some(c @ ('و' | 'ف' | 'ب' | 'ل')) if w.chars().count() > 3 => {
                    w = &w[c.len_utf8()..]
                }
                _ => break,
            }
        }
        w
    }

    /// Whether a (match-form) word plays `role`, as written or without its proclitics and
    /// article (`وبالقتلى` → `قتلى`).
    pub fn is(&self, word: &str, role: CasualtyRole) -> bool {
        let has = |w: &str| {
            self.roles.get(w).is_some_and(|r| r.contains(&role))
                || w.strip_prefix("ال")
                    .filter(|rest| rest.chars().count() >= 3)
                    .is_some_and(|rest| self.roles.get(rest).is_some_and(|r| r.contains(&role)))
        };
        if has(word) {
            return true;
        }
        let mut w = word;
        for _ in 0..2 {
            match w.chars().next() {
                Some(c @ ('و' | 'ف' | 'ب' | 'ل')) if w.chars().count() > 3 => {
                    w = &w[c.len_utf8()..];
                    if has(w) {
                        return true;
                    }
                }
                _ => break,
            }
        }
        false
    }
}

/// What kind of act or outcome a trigger word reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerKind {
    /// هجوم، استهداف: an attack whose type depends on its target.
    Attack,
    /// اشتباكات، تصدى: an exchange of fire.
    Clash,
    /// كمين.
    Ambush,
    /// عبوة ناسفة، لغم، سيارة مفخخة.
    Ied,
    /// تفجير، انفجار: an explosion of unstated kind.
    Explosion,
    /// انتحاري، انغماسي، حزام ناسف.
    Suicide,
    /// قصف، قذائف هاون، صواريخ.
    Shelling,
    /// غارة، طائرة مسيرة.
    Air,
    /// اغتيال.
    Assassination,
    /// إعدام، ذبح.
    Execution,
    /// مقتل، قتلى: an outcome.
    Kill,
    /// إصابة، جرحى: an outcome.
    Injure,
    /// إعطاب، تدمير: an outcome.
    Damage,
    /// خطف، اختطاف.
    Abduction,
    /// اعتقال، إلقاء القبض.
    Arrest,
    /// حملة مداهمات.
    Raid,
    /// تفكيك عبوة.
    Defuse,
    /// قنبلة يدوية.
    Grenade,
    /// إطلاق نار، بالرصاص.
    Gunfire,
    /// إحراق.
    Burning,
    /// قذيفة، قذائف: shelling, unless fired in a ground attack.
    Projectile,
}

impl TriggerKind {
    fn parse(s: &str) -> Option<TriggerKind> {
        use TriggerKind::*;
        Some(match s {
            "attack" => Attack,
            "clash" => Clash,
            "ambush" => Ambush,
            "ied" => Ied,
            "explosion" => Explosion,
            "suicide" => Suicide,
            "shelling" => Shelling,
            "air" => Air,
            "assassination" => Assassination,
            "execution" => Execution,
            "kill" => Kill,
            "injure" => Injure,
            "damage" => Damage,
            "abduction" => Abduction,
            "arrest" => Arrest,
            "raid" => Raid,
            "defuse" => Defuse,
            "grenade" => Grenade,
            "gunfire" => Gunfire,
            "burning" => Burning,
            "projectile" => Projectile,
            _ => return None,
        })
    }

    /// Outcomes (deaths, injuries, damage) that report an act only beside a count or a victim.
    pub fn is_outcome(self) -> bool {
        matches!(
            self,
            TriggerKind::Kill | TriggerKind::Injure | TriggerKind::Damage
        )
    }
}

/// A trigger lexicon entry.
#[derive(Debug, Clone, Copy)]
pub struct Trigger {
    /// Its kind.
    pub kind: TriggerKind,
    /// Whether the word reports an act on its own.
    pub strong: bool,
}

/// Broad families of actors, for roles and defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorFamily {
    /// The Islamic State, by name.
    Isis,
    /// `التنظيم`، `الخلايا`: ISIS only when the article names ISIS elsewhere.
    IsisRef,
    /// The SDF and its components.
    Sdf,
    /// Syrian state forces, resolved by date.
    State,
    /// The Assad-era state forces and militias.
    StateOld,
    /// Post-2024 police and General Security.
    Police,
    /// Unarmed civilians.
    Civilians,
    /// The Global Coalition.
    Coalition,
    /// US forces.
    Us,
    /// Turkish forces.
    Turkey,
    /// The Syrian National Army.
    Sna,
    /// Russian forces.
    Russia,
    /// Iran and Iran-backed militias.
    Iran,
    /// Unidentified attackers.
    Unknown,
    /// Druze militias.
    Druze,
    /// Tribal militias.
    Tribal,
}

impl ActorFamily {
    fn parse(s: &str) -> Option<ActorFamily> {
        use ActorFamily::*;
        Some(match s {
            "isis" => Isis,
            "isis_ref" => IsisRef,
            "sdf" => Sdf,
            "state" => State,
            "state_old" => StateOld,
            "police" => Police,
            "civilians" => Civilians,
            "coalition" => Coalition,
            "us" => Us,
            "turkey" => Turkey,
            "sna" => Sna,
            "russia" => Russia,
            "iran" => Iran,
            "unknown" => Unknown,
            "druze" => Druze,
            "tribal" => Tribal,
            _ => return None,
        })
    }

    /// Whether this family is an armed actor (a target of battles, not of attacks on civilians).
    pub fn is_armed(self) -> bool {
        !matches!(self, ActorFamily::Civilians)
    }

    /// Whether the family is ISIS (by name or by reference).
    pub fn is_isis(self) -> bool {
        matches!(self, ActorFamily::Isis | ActorFamily::IsisRef)
    }
}

/// An actor alias, valid for events in `[from, to)`.
#[derive(Debug, Clone)]
pub struct ActorAlias {
    /// ACLED-style name.
    pub actor: String,
    /// ACLED actor type.
    pub inter: ActorType,
    /// First day the alias applies.
    pub from: Option<NaiveDate>,
    /// First day it no longer applies.
    pub to: Option<NaiveDate>,
    /// Family.
    pub family: ActorFamily,
}

impl ActorAlias {
    /// Whether the alias applies to an event on `date` (always, when the date is unknown and the alias is open).
    pub fn valid_on(&self, date: Option<NaiveDate>) -> bool {
        match date {
            Some(d) => self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d < t),
            None => self.to.is_none(),
        }
    }
}

/// Cue words that shape how a sentence is read (`data/lexicon/cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueKind {
    /// عمليات، هجمات: nouns that count events.
    AggregateNoun,
    /// خلال، على مدار: a span of time.
    Span,
    /// يتوقع، تهديد: the future, threats.
    Future,
    /// نفى، لم يسجل.
    Negation,
    /// أحبطت، محاولة.
    Foiled,
    /// أيضاً، ومن بين: continues the previous sentence's story.
    Continuation,
    /// تبنى، أعلن مسؤوليته.
    Claim,
    /// أعماق، النبأ.
    Channel,
    /// يرجح أنهم، يعتقد.
    Hedge,
    /// بحسب مصادر محلية، المرصد السوري.
    Reporter,
    /// حاجز، دورية، عناصر: armed targets.
    ArmedTarget,
    /// مدنيين، أطفال: unarmed victims.
    CivilianTarget,
    /// هذه العملية: refers back to an event already told.
    AnaphorEvent,
    /// ما بين قتيل وجريح: killed and injured counted together.
    MixedCasualties,
    /// رصدت، نشرت، قال: a date right after these is the report's, not the act's.
    ReportVerb,
    /// يرى مراقبون، يعد: analysis, not news.
    Opinion,
    /// مراسل، مصادر: a place right after these is the source's, not the act's.
    SourceNoun,
    /// في حين، بينما: what follows is another source's account (its figure competes).
    Contrast,
    /// أعقبته، تلاه، ثم: what follows happened after the act before it, so an act word there
    /// of another kind is another act (an attack, then a raid with arrests).
    Sequel,
    /// في البلدة، في القرية نفسها: the place is the one just named, even if an act before
    /// already took it.
    PlaceAnaphor,
    /// بعد ساعات من، قبل أيام من، في اليوم نفسه الذي: the act named after it is set apart in
    /// time from the act told beside it, so it is another act, even of a kind that often
    /// opens an attack.
    AnotherAct,
}

impl CueKind {
    fn parse(s: &str) -> Option<CueKind> {
        use CueKind::*;
        Some(match s {
            "aggregate_noun" => AggregateNoun,
            "span" => Span,
            "future" => Future,
            "negation" => Negation,
            "foiled" => Foiled,
            "continuation" => Continuation,
            "claim" => Claim,
            "channel" => Channel,
            "hedge" => Hedge,
            "reporter" => Reporter,
            "armed_target" => ArmedTarget,
            "civilian_target" => CivilianTarget,
            "anaphor_event" => AnaphorEvent,
            "mixed_casualties" => MixedCasualties,
            "report_verb" => ReportVerb,
            "opinion" => Opinion,
            "source_noun" => SourceNoun,
            "contrast" => Contrast,
            "sequel" => Sequel,
            "place_anaphor" => PlaceAnaphor,
            "another_act" => AnotherAct,
            _ => return None,
        })
    }
}

/// A cue entry with its optional value (channel or reporter name).
#[derive(Debug, Clone)]
pub struct Cue {
    /// Kind of cue.
    pub kind: CueKind,
    /// Channel or reporter name, where the kind carries one.
    pub value: String,
}

/// A lexicon row that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The table is malformed.
    #[error(transparent)]
    Table(#[from] TableError),
    /// A row holds a value the code does not know.
    #[error("{table}.tsv line {line}: {message}")]
    Row {
        /// Table name.
        table: &'static str,
        /// Line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// All extraction lexicons, compiled.
pub struct Lexicons {
    /// Trigger words.
    pub triggers: PhraseMatcher<Trigger>,
    /// Actor aliases.
    pub actors: PhraseMatcher<ActorAlias>,
    /// Cue words.
    pub cues: PhraseMatcher<Cue>,
    /// Casualty words.
    pub casualty: CasualtyWords,
    /// Role words.
    pub roles: RoleWords,
}

fn date_cell(s: &str, table: &'static str, line: usize) -> Result<Option<NaiveDate>, LexiconError> {
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|e| LexiconError::Row {
            table,
            line,
            message: format!("bad date {s:?}: {e}"),
        })
}

impl Lexicons {
    /// Compiles the bundled lexicons.
    pub fn bundled() -> Result<Lexicons, LexiconError> {
        Ok(Lexicons {
            triggers: triggers(TRIGGERS_TSV)?,
            actors: actors(ACTORS_TSV)?,
            cues: cues(CUES_TSV)?,
            casualty: casualty_words(CASUALTY_TSV)?,
            roles: role_words(ROLE_TSV)?,
        })
    }
}

fn triggers(tsv: &str) -> Result<PhraseMatcher<Trigger>, LexiconError> {
    let t = Table::parse("triggers", tsv)?;
    let (p, k, s, e) = (
        t.column("phrase")?,
        t.column("kind")?,
        t.column("strong")?,
        t.column("enclitics")?,
    );
    let mut entries = Vec::new();
    for row in t.rows() {
        let kind = TriggerKind::parse(row.get(k)).ok_or_else(|| LexiconError::Row {
            table: "triggers",
            line: row.line,
            message: format!("unknown kind {:?}", row.get(k)),
        })?;
        let options = PhraseOptions {
            enclitics: row.get(e) == "yes",
            ..PhraseOptions::default()
        };
        entries.push((
            row.get(p).to_string(),
            Trigger {
                kind,
                strong: row.get(s) == "yes",
            },
            options,
        ));
    }
    Ok(PhraseMatcher::with_options(entries))
}

fn actors(tsv: &str) -> Result<PhraseMatcher<ActorAlias>, LexiconError> {
    let t = Table::parse("actors", tsv)?;
    let (p, a, i, f, to, fam) = (
        t.column("phrase")?,
        t.column("actor")?,
        t.column("inter")?,
        t.column("from")?,
        t.column("to")?,
        t.column("family")?,
    );
    let mut entries = Vec::new();
    for row in t.rows() {
        let bad = |message: String| LexiconError::Row {
            table: "actors",
            line: row.line,
            message,
        };
        let inter = ActorType::from_label(row.get(i))
            .ok_or_else(|| bad(format!("unknown inter {:?}", row.get(i))))?;
        let family = ActorFamily::parse(row.get(fam))
            .ok_or_else(|| bad(format!("unknown family {:?}", row.get(fam))))?;
        let options = PhraseOptions {
            enclitics: family == ActorFamily::IsisRef,
            ..PhraseOptions::default()
        };
        entries.push((
            row.get(p).to_string(),
            ActorAlias {
                actor: row.get(a).to_string(),
                inter,
                from: date_cell(row.get(f), "actors", row.line)?,
                to: date_cell(row.get(to), "actors", row.line)?,
                family,
            },
            options,
        ));
    }
    Ok(PhraseMatcher::with_options(entries))
}

/// A `word`/`role` table folded into a map from each word to its roles.
fn word_roles<R>(
    table: &'static str,
    tsv: &str,
    parse: fn(&str) -> Option<R>,
) -> Result<std::collections::HashMap<String, Vec<R>>, LexiconError> {
    let t = Table::parse(table, tsv)?;
    let (w, r) = (t.column("word")?, t.column("role")?);
    let mut roles: std::collections::HashMap<String, Vec<R>> = std::collections::HashMap::new();
    for row in t.rows() {
        let role = parse(row.get(r)).ok_or_else(|| LexiconError::Row {
            table,
            line: row.line,
            message: format!("unknown role {:?}", row.get(r)),
        })?;
        roles
            .entry(marsad_text::fold_for_match(row.get(w)))
            .or_default()
            .push(role);
    }
    Ok(roles)
}

fn role_words(tsv: &str) -> Result<RoleWords, LexiconError> {
    let roles = word_roles("role_words", tsv, |s| {
        Some(match s {
            "target_before" => RoleWord::TargetBefore,
            "attacker_before" => RoleWord::AttackerBefore,
            "attacker_noun" => RoleWord::AttackerNoun,
            "member_noun" => RoleWord::MemberNoun,
            "support_before" => RoleWord::SupportBefore,
            _ => return None,
        })
    })?;
    Ok(RoleWords { roles })
}

fn casualty_words(tsv: &str) -> Result<CasualtyWords, LexiconError> {
    let roles = word_roles("casualty_words", tsv, |s| {
        Some(match s {
            "kill" => CasualtyRole::Kill,
            "injure" => CasualtyRole::Injure,
            "civilian" => CasualtyRole::Civilian,
            "fighter" => CasualtyRole::Fighter,
            "unspecified" => CasualtyRole::Unspecified,
            "singular" => CasualtyRole::Singular,
            "attacker" => CasualtyRole::Attacker,
            "subset" => CasualtyRole::Subset,
            _ => return None,
        })
    })?;
    Ok(CasualtyWords { roles })
}

fn cues(tsv: &str) -> Result<PhraseMatcher<Cue>, LexiconError> {
    let t = Table::parse("cues", tsv)?;
    let (p, c, v) = (t.column("phrase")?, t.column("cue")?, t.column("value")?);
    let mut entries = Vec::new();
    for row in t.rows() {
        let kind = CueKind::parse(row.get(c)).ok_or_else(|| LexiconError::Row {
            table: "cues",
            line: row.line,
            message: format!("unknown cue {:?}", row.get(c)),
        })?;
        let options = PhraseOptions {
            enclitics: kind == CueKind::AggregateNoun,
            ..PhraseOptions::default()
        };
        entries.push((
            row.get(p).to_string(),
            Cue {
                kind,
                value: row.get(v).to_string(),
            },
            options,
        ));
    }
    Ok(PhraseMatcher::with_options(entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicons_load() {
        let lex = Lexicons::bundled().expect("bundled lexicons are valid");
        assert!(lex.triggers.len() > 50);
        assert!(lex.actors.len() > 50);
        assert!(lex.cues.len() > 50);
    }

    #[test]
    fn state_actor_depends_on_the_date() {
        let lex = Lexicons::bundled().unwrap();
        let text = marsad_text::fold_for_match("الجيش السوري");
        let m = lex.actors.find_all(&text);
        let names = |d: &str| -> Vec<String> {
            let d = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
            m[0].values
                .iter()
                .filter(|a| a.valid_on(d))
                .map(|a| a.actor.clone())
                .collect()
        };
        assert_eq!(
            names("2023-05-01"),
            vec!["Military Forces of Syria (2000-2024)"]
        );
        assert_eq!(
            names("2025-05-01"),
            vec!["Military Forces of Syria (2024-)"]
        );
    }
}
