//! Casualties by group: `مقتل 10 مدنيين بينهم نساء وأطفال، إضافة إلى مقتل 3 عناصر` gives
//! civilians 10 killed and fighters 3 killed; `مقتل وإصابة`، `ما بين قتيل وجريح` give no death
//! count (ACLED codes 0 for "casualties").

use crate::analysis::Analysis;
use crate::lexicons::CueKind;
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
    /// Where the count's noun ends (to find `من قسد` after it).
    pub noun_end: usize,
}

const KILL_WORDS: &[&str] = &[
    "مقتل",
    "قتل",
    "قتلي",
    "قتيلا",
    "قتيل",
    "مصرع",
    "سقوط",
    "سقط",
    "فقدان",
    "لحياتهم",
    "حتفهم",
    "حياه",
    "بحياه",
    "ضحايا",
    "ضحيه",
    "استشهاد",
    "وفاه",
    "مقتلهم",
    "قضوا",
    "ذبح",
    "اعدام",
    "اعدم",
    "تصفيه",
    "وقتل",
    "ومقتل",
];
const INJURE_WORDS: &[&str] = &[
    "اصابه",
    "اصيب",
    "اصيبوا",
    "جرحي",
    "جرح",
    "جريح",
    "جريحا",
    "مصابين",
    "اصابات",
    "واصابه",
    "باصابات",
    "وجرح",
];
const CIVILIAN_NOUNS: &[&str] = &[
    "مدنيين",
    "مدنيا",
    "مدني",
    "مدنيان",
    "مواطنين",
    "مواطنا",
    "مواطن",
    "اطفال",
    "طفلا",
    "طفل",
    "نساء",
    "امراه",
    "سيدات",
    "رعاه",
    "عمال",
    "شبان",
    "مختار",
    "اشخاص",
    "شخصا",
    "شخص",
    "اشخاصا",
    "مزارعين",
    "مدنيه",
];
const FIGHTER_NOUNS: &[&str] = &[
    "عناصر",
    "عنصرا",
    "عنصر",
    "مقاتلين",
    "مقاتلا",
    "مقاتل",
    "جنود",
    "جنديا",
    "جندي",
    "عسكريين",
    "عسكريا",
    "قياديا",
    "قيادي",
    "قياديين",
    "ضباط",
    "ضابطا",
    "مسلحين",
    "حراس",
    "افراد",
    "عنصرين",
    "مقاتلي",
    "جنديين",
    "عناصره",
];
const UNSPECIFIED_NOUNS: &[&str] = &[
    "قتلي",
    "قتيلا",
    "ضحايا",
    "ضحيه",
    "جرحي",
    "جريحا",
    "مصابين",
    "شخصا",
    "قتيل",
];

fn victim_kind(word: &str) -> Option<VictimKind> {
    if FIGHTER_NOUNS.contains(&word) {
        Some(VictimKind::Fighter)
    } else if CIVILIAN_NOUNS.contains(&word) {
        Some(VictimKind::Civilian)
    } else if UNSPECIFIED_NOUNS.contains(&word) {
        Some(VictimKind::Unspecified)
    } else {
        None
    }
}

/// Counts of killed and injured in `range`. `mixed` is true when the clause counts killed and
/// injured together, which ACLED does not code as deaths.
pub fn counts(an: &Analysis, range: &Range<usize>) -> (Vec<Count>, bool) {
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
            .is_some_and(|w| matches!(*w, "بينهم" | "منهم" | "بينها"))
        {
            continue;
        }
        // The counted noun: inside the mention (duals: عنصرين) or right after it.
        let inside = &an.text[n.range.clone()];
        let after = an.words_after(n.range.end, 3);
        let (victims, noun_end) = match inside.split_whitespace().rev().find_map(victim_kind) {
            Some(v) => (v, n.range.end),
            None => {
                let Some((i, v)) = after
                    .iter()
                    .enumerate()
                    .take(2)
                    .find_map(|(i, w)| victim_kind(w).map(|v| (i, v)))
                else {
                    continue;
                };
                let end = after[..=i]
                    .iter()
                    .map(|w| an.text[n.range.end..].find(w).map_or(0, |p| p + w.len()))
                    .max()
                    .unwrap_or(0);
                (v, n.range.end + end)
            }
        };
        let near: Vec<&str> = before
            .iter()
            .copied()
            .chain(after.iter().copied())
            .collect();
        let killed_word = near.iter().any(|w| KILL_WORDS.contains(w))
            || matches!(
                inside.split_whitespace().last(),
                Some("قتيلا" | "قتيل" | "قتيلان" | "قتيلين")
            );
        let injured_word = near.iter().any(|w| INJURE_WORDS.contains(w));
        let killed = if killed_word && injured_word {
            // The nearer word decides: "مقتل 3 وإصابة 5".
            before
                .iter()
                .rev()
                .find_map(|w| {
                    if KILL_WORDS.contains(w) {
                        Some(true)
                    } else if INJURE_WORDS.contains(w) {
                        Some(false)
                    } else {
                        None
                    }
                })
                .unwrap_or(true)
        } else if killed_word {
            true
        } else if injured_word {
            false
        } else {
            continue;
        };
        covered.push(n.range.start..noun_end);
        out.push(Count {
            victims,
            killed,
            value: n.value,
            noun_end,
        });
    }
    // "مقتل عنصر"، "مقتل مدني": a singular noun right after a kill word counts one.
    for (pos, _) in an.text[range.clone()].match_indices(' ') {
        let at = range.start + pos + 1;
        if covered.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let before = an.words_before(at, 1);
        let after = an.words_after(at, 1);
        let (Some(k), Some(noun)) = (before.first(), after.first()) else {
            continue;
        };
        if !matches!(
            *k,
            "مقتل" | "ومقتل" | "قتل" | "اصابه" | "واصابه" | "اغتيال" | "واغتيال"
        ) {
            continue;
        }
        let singular = matches!(
            *noun,
            "عنصر"
                | "مدني"
                | "جندي"
                | "مقاتل"
                | "طفل"
                | "شاب"
                | "قيادي"
                | "مواطن"
                | "راع"
                | "راعي"
                | "مختار"
                | "شخص"
                | "امراه"
                | "رجل"
                | "ضابط"
        );
        if !singular {
            continue;
        }
        let victims = victim_kind(noun).unwrap_or(VictimKind::Civilian);
        out.push(Count {
            victims,
            killed: !matches!(*k, "اصابه" | "واصابه"),
            value: 1,
            noun_end: at + noun.len(),
        });
    }
    (out, mixed)
}
