//! Casualties by group: `مقتل 10 مدنيين بينهم نساء وأطفال، إضافة إلى مقتل 3 عناصر` gives
//! civilians 10 killed and fighters 3 killed; `مقتل وإصابة`، `ما بين قتيل وجريح` give no death
//! count (ACLED codes 0 for "casualties"); an attacker who dies is counted (`والمهاجم`).
//! The words come from `data/lexicon/casualty_words.tsv`.

use crate::analysis::Analysis;
use crate::lexicons::{CasualtyRole, CasualtyWords, CueKind};
use std::ops::Range;

/// Who the dead or injured were, as the clause words them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VictimKind {
    /// مدنيين، أطفال، نساء، مواطنين.
    Civilian,
    /// عناصر، مقاتلين، جنود.
    Fighter,
    /// قتلى، ضحايا، أشخاص: unspecified.
    Unspecified,
    /// The attacker himself (`إضافة إلى المهاجم`): counts among the dead, belongs to actor1.
    Attacker,
}

/// One count found in a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// Who.
    pub victims: VictimKind,
    /// Killed (true) or injured (false).
    pub killed: bool,
    /// How many.
    pub value: u32,
    /// The figure stands for a vague word (ACLED's 3 for "dead", 12 for "dozens").
    pub estimate: bool,
}

fn victim_kind(words: &CasualtyWords, word: &str) -> Option<VictimKind> {
    if words.is(word, CasualtyRole::Fighter) {
        Some(VictimKind::Fighter)
    } else if words.is(word, CasualtyRole::Civilian) {
        Some(VictimKind::Civilian)
    } else if words.is(word, CasualtyRole::Unspecified) {
        Some(VictimKind::Unspecified)
    } else {
        None
    }
}

/// Killed or injured, from the words around a count: the nearer word decides ("مقتل 3 وإصابة 5").
fn killed_or_injured(words: &CasualtyWords, before: &[&str], after: &[&str]) -> Option<bool> {
    let near = before
        .iter()
        .rev()
        .map(|w| (w, 0))
        .chain(after.iter().map(|w| (w, 1)));
    let mut best: Option<(usize, bool)> = None;
    for (i, (w, _)) in near.enumerate() {
        let kill = words.is(w, CasualtyRole::Kill);
        let injure = words.is(w, CasualtyRole::Injure);
        if kill || injure {
            let distance = if i < before.len() {
                i
            } else {
                i - before.len() + 1
            };
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, kill && !injure));
            }
        }
    }
    best.map(|(_, killed)| killed)
}

/// Counts of killed and injured in `range`. `mixed` is true when the clause counts killed and
/// injured together, which ACLED does not code as deaths.
pub fn counts(an: &Analysis, words: &CasualtyWords, range: &Range<usize>) -> (Vec<Count>, bool) {
    let mixed = an.has_cue(range, CueKind::MixedCasualties);
    let mut out = Vec::new();
    let mut covered: Vec<Range<usize>> = Vec::new();
    for n in an.numbers_in(range) {
        if n.ordinal || n.value == 0 || n.value > 5000 {
            continue;
        }
        let before = an.words_before(n.range.start, 4);
        // "بينهم 3 أطفال" counts a subset of a number already given.
        if before
            .last()
            .is_some_and(|w| words.is(w, CasualtyRole::Subset))
        {
            continue;
        }
        // The counted noun: inside the mention (duals: عنصرين), right after it, or right
        // before it ("مدنيين اثنين").
        let inside = &an.text[n.range.clone()];
        let after = an.words_after(n.range.end, 5);
        let victims = inside
            .split_whitespace()
            .rev()
            .find_map(|w| victim_kind(words, w))
            .or_else(|| after.iter().take(2).find_map(|w| victim_kind(words, w)))
            .or_else(|| before.last().and_then(|w| victim_kind(words, w)));
        let Some(victims) = victims else { continue };
        let Some(killed) = killed_or_injured(words, &before, &after) else {
            continue;
        };
        covered.push(n.range.clone());
        out.push(Count {
            victims,
            killed,
            value: n.value,
            estimate: n.vague,
        });
    }
    // Singular victims: "مقتل عنصر"، "قتل رئيس المجلس"، "لقي راعي أغنام حتفه"، "مقتله".
    let text = &an.text[range.clone()];
    let tokens: Vec<(usize, &str)> = text
        .split(|c: char| !c.is_alphanumeric())
        .scan(0usize, |pos, w| {
            let start = text[*pos..].find(w).map_or(*pos, |p| *pos + p);
            *pos = start + w.len();
            Some((range.start + start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    for (i, &(at, w)) in tokens.iter().enumerate() {
        if covered.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let is_kill = words.is(w, CasualtyRole::Kill);
        let is_injure = words.is(w, CasualtyRole::Injure);
        if !is_kill && !is_injure {
            continue;
        }
        // A pronoun on the kill word: مقتله (one), مقتلهما (two).
        let bare = CasualtyWords::bare(w);
        if is_kill
            && (bare.ends_with("هما") || bare.ends_with('ه') && !words.is(bare, CasualtyRole::Kill))
        {
            let value = if bare.ends_with("هما") { 2 } else { 1 };
            out.push(Count {
                victims: VictimKind::Unspecified,
                killed: true,
                value,
                estimate: false,
            });
            continue;
        }
        let next = tokens.get(i + 1).map(|t| t.1).unwrap_or("");
        // "لقي راعي أغنام حتفه": the victim noun before a death phrase.
        let subject_before =
            i >= 2 && words.is(tokens[i - 2].1, CasualtyRole::Singular) && w.starts_with("حتف");
        let singular_after = words.is(next, CasualtyRole::Singular)
            && !an
                .numbers
                .iter()
                .any(|n| n.range.contains(&(at + w.len() + 1)));
        if singular_after || subject_before {
            let mut noun = if singular_after {
                next
            } else {
                tokens[i - 2].1
            };
            // "مقتل أحد عناصرها": one of the fighters.
            if noun == "احد" {
                noun = tokens.get(i + 2).map(|t| t.1).unwrap_or(noun);
            }
            out.push(Count {
                victims: victim_kind(words, noun).unwrap_or(VictimKind::Civilian),
                killed: is_kill,
                value: 1,
                estimate: false,
            });
        }
    }
    // The attacker among the dead: "إضافة إلى المهاجم"، "والانتحاري".
    let kills = tokens.iter().any(|(_, w)| words.is(w, CasualtyRole::Kill));
    let includes_attacker = tokens.windows(2).any(|p| {
        words.is(p[1].1, CasualtyRole::Attacker)
            && !words.is(p[0].1, CasualtyRole::Subset)
            && (p[1].1.starts_with('و')
                || matches!(CasualtyWords::bare(p[0].1), "الي" | "اضافه" | "جانب"))
    });
    if kills && includes_attacker && out.iter().any(|c| c.killed) {
        out.push(Count {
            victims: VictimKind::Attacker,
            killed: true,
            value: 1,
            estimate: false,
        });
    }
    // Plural dead with no figure (`قتلى وجرحى`، `عدداً من القتلى`): ACLED codes 3.
    if !out.iter().any(|c| c.killed) {
        let plural_dead = tokens.iter().any(|(_, w)| {
            matches!(
                CasualtyWords::bare(w),
                "قتلي" | "القتلي" | "ضحايا" | "الضحايا"
            )
        });
        if plural_dead && !mixed {
            out.push(Count {
                victims: VictimKind::Unspecified,
                killed: true,
                value: 3,
                estimate: true,
            });
        }
    }
    // Two sources' figures for the same dead (`6 ... في حين تحدثت مصادر عن مقتل 9`): the lowest.
    if an.has_cue(range, CueKind::Contrast) {
        let mut kept: Vec<Count> = Vec::new();
        for c in out {
            match kept
                .iter_mut()
                .find(|k| k.killed == c.killed && k.victims == c.victims)
            {
                Some(k) => k.value = k.value.min(c.value),
                None => kept.push(c),
            }
        }
        out = kept;
    }
    (out, mixed)
}
