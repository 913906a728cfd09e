//! Numbers in normalized text: digits, Arabic number words (compound ones as one mention),
//! duals of countable nouns, vague quantities coded as ACLED does, and approximation flags.

use crate::normalize::normalize;
use crate::tokens::{tokens, Token};
use crate::vocabulary::{
    date_word, number_word, vocabulary, DateRole, NumberKind, NumberWord, TokenKeys,
};
use serde::Serialize;
use std::ops::Range;

/// A quantity mentioned in the text.
///
/// `قتل نحو ثلاثين عنصرا` → value 30, approximate; `عنصرين` → 2, dual; `عشرات` → 12, vague;
/// `الثالث` → 3, ordinal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NumberMention {
    /// Byte range of the number itself in the normalized text (without a leading و/ف).
    pub range: Range<usize>,
    /// The value; vague quantities carry ACLED's code (several = 3, dozens = 12, hundreds = 100).
    pub value: u32,
    /// Hedged by نحو، حوالي، أكثر من، قرابة، ما يقارب، ما لا يقل عن… (before) or تقريبا (after).
    pub approximate: bool,
    /// A vague quantity: عدد من، عدة، بضعة، عشرات، مئات، آلاف.
    pub vague: bool,
    /// An ordinal (الثالث، الحادي عشر), not a count.
    pub ordinal: bool,
    /// A dual noun meaning two (عنصرين، آليتين، قتيلان).
    pub dual: bool,
}

/// Whether only whitespace separates two tokens (a comma or a dot ends a number).
fn joined(text: &str, a: &Token, b: &Token) -> bool {
    text.get(a.range.end..b.range.start)
        .is_some_and(|gap| gap.chars().all(char::is_whitespace))
}

/// The token's start past a leading conjunction (`وثلاثة` → `ثلاثة`).
fn start_past_conjunction(tok: &Token) -> usize {
    if tok.proclitics.starts_with('و') || tok.proclitics.starts_with('ف') {
        tok.range.start + 'و'.len_utf8()
    } else {
        tok.range.start
    }
}

/// Rank of a word in a compound number: a word joined by و must be of a lower rank than the
/// one before (ألف ← مئة ← آحاد ← عشرات: `مئة وخمسة وعشرون`).
fn rank(kind: NumberKind) -> u8 {
    match kind {
        NumberKind::Million | NumberKind::MillionPlural => 6,
        NumberKind::Thousand | NumberKind::ThousandPlural | NumberKind::Thousands => 5,
        NumberKind::Hundred | NumberKind::Hundreds => 4,
        NumberKind::Unit | NumberKind::Ten | NumberKind::Ordinal => 2,
        NumberKind::Tens => 1,
        NumberKind::Vague => 0,
    }
}

struct WordNumber {
    value: u64,
    end: usize,
    ordinal: bool,
    vague: bool,
}

/// Reads a compound number of words starting at token `i`: `خمسة وعشرين`، `مئة وخمسين`،
/// `ثلاثة آلاف وخمسمئة`، `خمسة عشر`، `الخامس والعشرين`.
fn word_number(text: &str, toks: &[Token], keys: &[TokenKeys], i: usize) -> Option<WordNumber> {
    let (first, _) = number_word(keys.get(i)?)?;
    if first.kind == NumberKind::Vague {
        return None;
    }
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut last_rank = u8::MAX;
    let mut last: Option<NumberWord> = None;
    let mut ordinal = false;
    let mut vague = false;
    let mut j = i;
    while let (Some(tok), Some(key)) = (toks.get(j), keys.get(j)) {
        if j > i && !toks.get(j - 1).is_some_and(|prev| joined(text, prev, tok)) {
            break;
        }
        let Some((w, conj)) = number_word(key) else {
            break;
        };
        let value = u64::from(w.value);
        let after_unit = last.is_some_and(|l| {
            matches!(l.kind, NumberKind::Unit | NumberKind::Ordinal) && l.value < 10
        });
        let additive = j == i || (conj && rank(w.kind) < last_rank);
        match w.kind {
            NumberKind::Vague => break,
            NumberKind::Ordinal if j == i => {
                ordinal = true;
                current = value;
            }
            NumberKind::Ordinal => break,
            NumberKind::Ten if j > i && !conj && after_unit => current += 10,
            NumberKind::Hundred if j > i && !conj && after_unit => {
                let unit = last.map_or(0, |l| u64::from(l.value));
                current = current.saturating_sub(unit) + unit * 100;
            }
            NumberKind::Thousand
            | NumberKind::ThousandPlural
            | NumberKind::Million
            | NumberKind::MillionPlural
                if j > i && !conj && current > 0 =>
            {
                total += current * value;
                current = 0;
            }
            NumberKind::Thousand | NumberKind::Million if additive => total += value,
            NumberKind::ThousandPlural | NumberKind::MillionPlural if j == i => {
                vague = true;
                total += value;
            }
            NumberKind::Thousands if additive => total += value,
            NumberKind::Unit
            | NumberKind::Ten
            | NumberKind::Tens
            | NumberKind::Hundred
            | NumberKind::Hundreds
                if additive && !ordinal || ordinal && conj && w.kind == NumberKind::Tens =>
            {
                current += value
            }
            _ => break,
        }
        last_rank = rank(w.kind);
        last = Some(w);
        j += 1;
        if vague {
            break;
        }
    }
    (j > i).then_some(WordNumber {
        value: total + current,
        end: j,
        ordinal,
        vague,
    })
}

/// A digit token's value: `30`, `1,500`; not decimals, dates, times or ranges (`2.5`،
/// `2019/04/09`، `10:44`، `10-15`).
fn numeral_value(surface: &str) -> Option<u64> {
    if surface.contains(['.', '/', ':', '-']) {
        return None;
    }
    let mut groups = surface.split(',');
    let head = groups.next()?;
    let mut digits = head.to_string();
    for group in groups {
        if group.len() != 3 || head.len() > 3 {
            return None;
        }
        digits.push_str(group);
    }
    digits.parse().ok()
}

/// A decimal numeral's value (`2.5`), read only before a multiplier (`2.5 مليون`).
fn decimal_value(surface: &str) -> Option<f64> {
    let (whole, frac) = surface.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(whole) && digits(frac) && frac.len() <= 3 {
        surface.parse().ok()
    } else {
        None
    }
}

/// Whether the tokens just before `i` name a month or the word عام/سنة, so that a
/// 4-digit number at `i` is a year (`آذار 2019`، `عام 2017`), not a count.
fn after_year_word(keys: &[TokenKeys], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|p| keys.get(p)) else {
        return false;
    };
    if date_word(prev).is_some_and(|w| w.role == DateRole::Year) {
        return true;
    }
    vocabulary().months.iter().any(|(phrase, _, _)| {
        phrase
            .iter()
            .rev()
            .enumerate()
            .all(|(back, word)| i > back && keys.get(i - 1 - back).is_some_and(|k| k.any_is(word)))
    })
}

/// Whether a multi-word phrase of match-form words starts at token `i` (its first word may
/// carry proclitics: `بنحو`). Returns the index after the phrase.
pub(crate) fn phrase_at(
    text: &str,
    toks: &[Token],
    keys: &[TokenKeys],
    i: usize,
    phrase: &[String],
) -> Option<usize> {
    for (k, word) in phrase.iter().enumerate() {
        let key = keys.get(i + k)?;
        let ok = if k == 0 {
            key.any_is(word)
        } else {
            key.surface == *word
                && toks
                    .get(i + k - 1)
                    .zip(toks.get(i + k))
                    .is_some_and(|(a, b)| joined(text, a, b))
        };
        if !ok {
            return None;
        }
    }
    Some(i + phrase.len())
}

/// Whether an approximation phrase ends just before token `i` (`اكثر من`، `نحو`).
fn approximation_before(text: &str, toks: &[Token], keys: &[TokenKeys], i: usize) -> bool {
    vocabulary().approx_before.iter().any(|phrase| {
        i.checked_sub(phrase.len()).is_some_and(|start| {
            phrase_at(text, toks, keys, start, phrase) == Some(i)
                && toks
                    .get(i - 1)
                    .zip(toks.get(i))
                    .is_some_and(|(a, b)| joined(text, a, b))
        })
    })
}

/// Whether تقريبا follows the number or the noun after it.
fn approximation_after(keys: &[TokenKeys], end: usize) -> bool {
    let after = &vocabulary().approx_after;
    (end..end + 2).any(|j| {
        keys.get(j)
            .is_some_and(|k| after.iter().any(|w| k.any_is(w)))
    })
}

/// Whether token `i` is an ordinal that belongs to a name, not a number: the month names
/// كانون الثاني / تشرين الاول, or أول in أول أمس.
fn ordinal_in_name(keys: &[TokenKeys], i: usize) -> bool {
    let prev_is_month_head =
        i.checked_sub(1)
            .and_then(|p| keys.get(p))
            .is_some_and(|prev| {
                vocabulary().months.iter().any(|(phrase, _, _)| {
                    phrase.len() == 2 && phrase.first() == Some(&prev.surface)
                })
            });
    let next_is_yesterday = keys
        .get(i + 1)
        .and_then(date_word)
        .is_some_and(|w| w.role == DateRole::Yesterday);
    prev_is_month_head || next_is_yesterday
}

/// Finds every number mention in normalized text, left to right, compound numbers as one:
/// `خمسة وعشرين` = 25, `مئة وخمسين` = 150, `ثلاثمئة` = 300, `150 ألف` = 150000,
/// `عنصرين` = 2 (dual), `عدد من` = 3 (vague), `أكثر من 30` = 30 (approximate).
pub fn numbers(text: &str) -> Vec<NumberMention> {
    let toks = tokens(text);
    let keys: Vec<TokenKeys> = toks.iter().map(|t| TokenKeys::of(text, t)).collect();
    numbers_in(text, &toks, &keys)
}

/// [`numbers`] over tokens and keys already worked out (`toks = tokens(text)`, one
/// [`TokenKeys`] each), so the date readers can share them.
pub(crate) fn numbers_in(text: &str, toks: &[Token], keys: &[TokenKeys]) -> Vec<NumberMention> {
    let vocab = vocabulary();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(tok) = toks.get(i) {
        let mut found: Option<(usize, u64, bool, bool, bool)> = None; // end, value, vague, ordinal, dual
                                                                      // Vague phrases of several words: عدد من، العديد من.
        for (phrase, word) in &vocab.number_phrases {
            if let Some(end) = phrase_at(text, toks, keys, i, phrase) {
                found = Some((end, u64::from(word.value), true, false, false));
                break;
            }
        }
        if found.is_none() && tok.is_numeral(text) {
            let surface = tok.surface(text);
            let is_percent = text
                .get(tok.range.end..)
                .is_some_and(|r| r.starts_with('%'));
            let is_year = surface.len() == 4 && after_year_word(keys, i);
            let multiplier_next = toks.get(i + 1).zip(keys.get(i + 1)).and_then(|(next, k)| {
                let (w, conj) = number_word(k)?;
                let is_multiplier = matches!(
                    w.kind,
                    NumberKind::Thousand
                        | NumberKind::ThousandPlural
                        | NumberKind::Million
                        | NumberKind::MillionPlural
                );
                (is_multiplier && !conj && joined(text, tok, next)).then_some(u64::from(w.value))
            });
            if let (Some(mult), Some(value)) = (multiplier_next, decimal_value(surface)) {
                // 2.5 مليون = 2,500,000.
                let value = (value * mult as f64).round() as u64;
                found = Some((i + 2, value, false, false, false));
            } else if let Some(value) = numeral_value(surface).filter(|_| !is_percent && !is_year) {
                let (value, end) = match multiplier_next {
                    Some(mult) => (value.saturating_mul(mult), i + 2),
                    None => (value, i + 1),
                };
                found = Some((end, value, false, false, false));
            } else if multiplier_next.is_some() {
                // A number not read (2,5 مليون): skip its multiplier too, never guess.
                i += 2;
                continue;
            }
        }
        if found.is_none() {
            if let Some((w, _)) = keys.get(i).and_then(number_word) {
                if w.kind == NumberKind::Vague {
                    let mut value = u64::from(w.value);
                    let mut end = i + 1;
                    // عشرات الآلاف: dozens of thousands.
                    if let (Some(next), Some(Some((nw, false)))) =
                        (toks.get(end), keys.get(end).map(number_word))
                    {
                        if nw.value == 1000 && joined(text, tok, next) {
                            value *= 1000;
                            end += 1;
                        }
                    }
                    found = Some((end, value, true, false, false));
                } else if !(w.kind == NumberKind::Ordinal && ordinal_in_name(keys, i)) {
                    if let Some(n) = word_number(text, toks, keys, i) {
                        found = Some((n.end, n.value, n.vague, n.ordinal, false));
                    }
                }
            }
        }
        if found.is_none() && tok.enclitic.is_none() {
            let key = keys.get(i);
            // A noun counted by the number before it is not a dual: خمسة مقاتلين.
            let counted = out.last().is_some_and(|m: &NumberMention| {
                i.checked_sub(1)
                    .and_then(|p| toks.get(p))
                    .is_some_and(|prev| prev.range.end == m.range.end && joined(text, prev, tok))
            });
            let is_dual = !counted
                && key.is_some_and(|k| {
                    vocab.duals.contains_key(&k.surface)
                        || vocab.duals.contains_key(&k.stem)
                        || k.without_conjunction
                            .as_ref()
                            .is_some_and(|s| vocab.duals.contains_key(s))
                });
            if is_dual {
                let mut end = i + 1;
                // عنصرين اثنين: the number word only repeats the dual.
                if let (Some(next), Some(Some((w, false)))) =
                    (toks.get(end), keys.get(end).map(number_word))
                {
                    if w.kind == NumberKind::Unit && w.value == 2 && joined(text, tok, next) {
                        end += 1;
                    }
                }
                found = Some((end, 2, false, false, true));
            }
        }
        match found {
            Some((end, value, vague, ordinal, dual)) if value > 0 => {
                let last_end = toks
                    .get(end.saturating_sub(1))
                    .map_or(tok.range.end, |t| t.range.end);
                if let Ok(value) = u32::try_from(value) {
                    out.push(NumberMention {
                        range: start_past_conjunction(tok)..last_end,
                        value,
                        approximate: approximation_before(text, toks, keys, i)
                            || approximation_after(keys, end),
                        vague,
                        ordinal,
                        dual,
                    });
                }
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    out
}

/// Parses a phrase that is only a number (words or digits), as [`numbers`] reads it:
/// `parse_number_words("خمسة وعشرين") == Some(25)`, `"ثلاثمئة"` → 300, `"عشرات"` → 12.
/// Raw text is accepted (it is normalized first). Anything else in the phrase gives `None`.
pub fn parse_number_words(words: &str) -> Option<u32> {
    let text = normalize(words).text;
    let toks = tokens(&text);
    let mentions = numbers(&text);
    let [mention] = mentions.as_slice() else {
        return None;
    };
    let first = toks.first()?;
    let last = toks.last()?;
    (mention.range.start <= start_past_conjunction(first) && mention.range.end >= last.range.end)
        .then_some(mention.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, u32, bool, bool, bool, bool)> {
        let text = normalize(text).text;
        numbers(&text)
            .into_iter()
            .map(|m| {
                (
                    text[m.range.clone()].to_string(),
                    m.value,
                    m.approximate,
                    m.vague,
                    m.ordinal,
                    m.dual,
                )
            })
            .collect()
    }

    #[test]
    fn compounds_are_one_mention() {
        assert_eq!(parse_number_words("خمسة وعشرين"), Some(25));
        assert_eq!(parse_number_words("مئة وخمسين"), Some(150));
        assert_eq!(parse_number_words("ثلاثمئة"), Some(300));
        assert_eq!(parse_number_words("ثلاثة آلاف وخمسمئة"), Some(3500));
        assert_eq!(parse_number_words("خمسة عشر"), Some(15));
        assert_eq!(parse_number_words("اثنا عشر"), Some(12));
        assert_eq!(parse_number_words("ألف"), Some(1000));
        assert_eq!(parse_number_words("خمسة عناصر"), None);
    }

    #[test]
    fn flags() {
        let m = read("قتل نحو ثلاثين عنصرا وأصيب عنصرين وعشرات المدنيين في اليوم الثالث");
        assert_eq!(m[0], ("ثلاثين".into(), 30, true, false, false, false));
        assert_eq!(m[1], ("عنصرين".into(), 2, false, false, false, true));
        assert_eq!(m[2], ("عشرات".into(), 12, false, true, false, false));
        assert_eq!(m[3], ("الثالث".into(), 3, false, false, true, false));
    }

    #[test]
    fn plural_is_not_dual_and_years_are_not_counts() {
        assert!(read("مقتل مدنيين").is_empty());
        assert!(read("في آذار 2019").is_empty());
        assert_eq!(read("أكثر من 150 ألف")[0].1, 150_000);
    }
}
