//! Line-based boilerplate removal for plain-text scrapes.
//!
//! Rules, in order: phrase rules from `data/boilerplate.tsv` (cookie notices, "تابعونا عبر",
//! "قد يعجبك أيضاً", comment forms, bare URLs and times...), punctuation-only lines, repeated
//! lines, pull quotes (a line repeated inside a longer line, with its attribution), runs of
//! three or more short non-sentence lines (headline lists), and short fragments trailing the
//! last sentence (an outlet's signature).

use std::collections::HashSet;
use std::sync::LazyLock;

use marsad_model::RemovedLine;
use regex::Regex;

use crate::fold::{fold_for_matching, fold_letters};

const BOILERPLATE_TSV: &str = include_str!("../data/boilerplate.tsv");

/// A line that is not a sentence and has at most this many words may be a headline in a list.
const HEADLINE_MAX_WORDS: usize = 18;
/// Three or more such lines in a row are a headline list.
const HEADLINE_RUN: usize = 3;
/// Inside the body, a headline run must be this long to be cut.
const HEADLINE_RUN_ANYWHERE: usize = 5;
/// A body sentence ends like one and has at least this many words.
const BODY_MIN_WORDS: usize = 5;
/// A pull quote is at least this many words long.
const PULL_QUOTE_MIN_WORDS: usize = 6;
/// Attributions and signatures are at most this many words.
const FRAGMENT_MAX_WORDS: usize = 3;
/// A pull quote is at most this many words long.
const PULL_QUOTE_MAX_WORDS: usize = 40;
/// Pull-quote search compares every pair of lines; skip it on pathological inputs.
const PULL_QUOTE_MAX_LINES: usize = 1000;

/// One row of `boilerplate.tsv`.
#[derive(Debug)]
pub(crate) struct PhraseRule {
    pattern: Regex,
    reason: String,
    max_words: usize,
}

/// The phrase rules, and the rows that failed to load (a unit test keeps that list empty).
pub(crate) struct PhraseRules {
    rules: Vec<PhraseRule>,
    #[cfg_attr(not(test), allow(dead_code))]
    errors: Vec<String>,
}

static PHRASE_RULES: LazyLock<PhraseRules> = LazyLock::new(|| load_rules(BOILERPLATE_TSV));

fn load_rules(tsv: &str) -> PhraseRules {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    let mut header_seen = false;
    for (n, row) in tsv.lines().enumerate() {
        if row.trim().is_empty() || row.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let cols: Vec<&str> = row.split('\t').collect();
        let (Some(pattern), Some(reason), Some(max_words)) =
            (cols.first(), cols.get(1), cols.get(2))
        else {
            errors.push(format!("row {}: fewer than 3 columns", n + 1));
            continue;
        };
        let Ok(max_words) = max_words.trim().parse::<usize>() else {
            errors.push(format!(
                "row {}: max_words {max_words:?} is not a number",
                n + 1
            ));
            continue;
        };
        match Regex::new(&format!("(?i){}", fold_letters(pattern))) {
            Ok(pattern) => rules.push(PhraseRule {
                pattern,
                reason: reason.trim().to_string(),
                max_words,
            }),
            Err(e) => errors.push(format!("row {}: {e}", n + 1)),
        }
    }
    PhraseRules { rules, errors }
}

impl PhraseRules {
    /// The first rule (in file order) that matches the folded line and allows its length.
    fn first_match(&self, key: &str, n_words: usize) -> Option<usize> {
        self.rules
            .iter()
            .position(|r| n_words <= r.max_words && r.pattern.is_match(key))
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Blank,
    Keep,
    Cut(&'static str),
    CutBy(usize),
}

/// Line-based cleaning of a plain-text scrape: returns the kept text (kept lines, trimmed,
/// joined by `\n`) and the removed lines, each with the reason that cut it.
///
/// ```
/// let raw = "قتل 3 عناصر من قسد بهجوم في ريف دير الزور.\n\nقد يعجبك أيضاً\nتابعونا عبر فيسبوك";
/// let (text, removed) = marsad_ingest::clean_text(raw);
/// assert_eq!(text, "قتل 3 عناصر من قسد بهجوم في ريف دير الزور.");
/// assert_eq!(removed[0].reason, "read-also");
/// assert_eq!(removed[1].reason, "follow-us");
/// ```
pub fn clean_text(raw: &str) -> (String, Vec<RemovedLine>) {
    let rules = &*PHRASE_RULES;
    let lines: Vec<&str> = raw.lines().map(str::trim).collect();
    let keys: Vec<String> = lines.iter().map(|l| fold_for_matching(l)).collect();
    let words: Vec<usize> = lines.iter().map(|l| l.split_whitespace().count()).collect();

    let mut verdicts: Vec<Verdict> = Vec::with_capacity(lines.len());
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, line) in lines.iter().enumerate() {
        let key = keys.get(i).map(String::as_str).unwrap_or_default();
        let n_words = words.get(i).copied().unwrap_or_default();
        let verdict = if line.is_empty() {
            Verdict::Blank
        } else if !line.chars().any(char::is_alphanumeric) {
            Verdict::Cut("punctuation-only")
        } else if let Some(rule) = rules.first_match(key, n_words) {
            Verdict::CutBy(rule)
        } else if !seen.insert(key) {
            Verdict::Cut("duplicate-line")
        } else {
            Verdict::Keep
        };
        verdicts.push(verdict);
    }

    relabel_view_counters(rules, &mut verdicts);
    cut_pull_quotes(&keys, &words, &lines, &mut verdicts);
    cut_headline_runs(&lines, &words, &mut verdicts);
    cut_trailing_fragments(&lines, &words, &mut verdicts);

    let mut kept = Vec::new();
    let mut removed = Vec::new();
    for (line, verdict) in lines.iter().zip(&verdicts) {
        let reason = match verdict {
            Verdict::Blank => continue,
            Verdict::Keep => {
                kept.push(*line);
                continue;
            }
            Verdict::Cut(reason) => (*reason).to_string(),
            Verdict::CutBy(rule) => rules
                .rules
                .get(*rule)
                .map(|r| r.reason.clone())
                .unwrap_or_default(),
        };
        removed.push(RemovedLine {
            text: (*line).to_string(),
            reason,
        });
    }
    (kept.join("\n"), removed)
}

/// True when the line ends like a sentence (`.`, `؟`, `!`, `:`...), looking past closing
/// quotes and brackets: `قال إن "الهجوم فشل."` is one, `مشافي حلب تعاني من نفاد "كورونا"` is not.
fn ends_like_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '”' | '“' | '»' | '«' | ')' | ']' | '’' | '″'
            )
    });
    trimmed
        .chars()
        .last()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '؟' | '…' | ':' | '؛' | '。'))
}

fn is_headline_like(line: &str, n_words: usize) -> bool {
    n_words <= HEADLINE_MAX_WORDS && !ends_like_sentence(line)
}

/// `249` then `مشاهدة`: the number is part of the view counter.
fn relabel_view_counters(rules: &PhraseRules, verdicts: &mut [Verdict]) {
    let reason_of = |v: &Verdict| match v {
        Verdict::CutBy(i) => rules.rules.get(*i).map(|r| r.reason.as_str()),
        _ => None,
    };
    for i in 0..verdicts.len() {
        if reason_of(&verdicts[i]) != Some("bare-number") {
            continue;
        }
        let next = verdicts[i + 1..].iter().find(|v| **v != Verdict::Blank);
        if let Some(next) = next.filter(|v| reason_of(v) == Some("view-counter")) {
            verdicts[i] = next.clone();
        }
    }
}

/// A line whose whole text reappears inside a longer kept line is a pull quote; a short
/// non-sentence line right after it is its attribution (`بالي`).
fn cut_pull_quotes(keys: &[String], words: &[usize], lines: &[&str], verdicts: &mut [Verdict]) {
    let kept: Vec<usize> = (0..verdicts.len())
        .filter(|&i| verdicts[i] == Verdict::Keep)
        .collect();
    if kept.len() > PULL_QUOTE_MAX_LINES {
        return;
    }
    for &i in &kept {
        let n = words.get(i).copied().unwrap_or_default();
        if !(PULL_QUOTE_MIN_WORDS..=PULL_QUOTE_MAX_WORDS).contains(&n) {
            continue;
        }
        let Some(key) = keys.get(i) else { continue };
        let repeated = kept.iter().any(|&j| {
            j != i
                && verdicts.get(j) == Some(&Verdict::Keep)
                && keys
                    .get(j)
                    .is_some_and(|k| k.len() > key.len() && k.contains(key.as_str()))
        });
        if !repeated {
            continue;
        }
        verdicts[i] = Verdict::Cut("pull-quote");
        let next = (i + 1..verdicts.len()).find(|&j| verdicts[j] != Verdict::Blank);
        if let Some(j) = next {
            let short = words.get(j).copied().unwrap_or(usize::MAX) <= FRAGMENT_MAX_WORDS;
            let line = lines.get(j).copied().unwrap_or_default();
            if verdicts[j] == Verdict::Keep && short && !ends_like_sentence(line) {
                verdicts[j] = Verdict::Cut("pull-quote-attribution");
            }
        }
    }
}

/// Three or more consecutive short non-sentence lines (no blank or cut line between them):
/// a list of headlines linking elsewhere. Only above the first body sentence or below the
/// last one (or five lines and more anywhere), and never when no body sentence would remain:
/// a post written in short lines without full stops is not a headline list.
fn cut_headline_runs(lines: &[&str], words: &[usize], verdicts: &mut [Verdict]) {
    let n_words = |i: usize| words.get(i).copied().unwrap_or_default();
    let line = |i: usize| lines.get(i).copied().unwrap_or_default();
    let body: Vec<usize> = (0..verdicts.len())
        .filter(|&i| {
            verdicts[i] == Verdict::Keep
                && ((ends_like_sentence(line(i)) && n_words(i) >= BODY_MIN_WORDS)
                    || n_words(i) > HEADLINE_MAX_WORDS)
        })
        .collect();
    let (Some(&first_body), Some(&last_body)) = (body.first(), body.last()) else {
        return;
    };
    let mut run_start = None;
    for i in 0..=verdicts.len() {
        let in_run = i < verdicts.len()
            && verdicts[i] == Verdict::Keep
            && is_headline_like(line(i), n_words(i));
        match (in_run, run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(start)) => {
                let len = i - start;
                let outside_body = i <= first_body || start > last_body;
                if len >= HEADLINE_RUN && (outside_body || len >= HEADLINE_RUN_ANYWHERE) {
                    for v in &mut verdicts[start..i] {
                        *v = Verdict::Cut("nav-list");
                    }
                }
                run_start = None;
            }
            _ => {}
        }
    }
}

/// Short non-sentence lines after the last sentence (`نورث بالس`: the outlet's signature),
/// cut only when a real sentence precedes them.
fn cut_trailing_fragments(lines: &[&str], words: &[usize], verdicts: &mut [Verdict]) {
    let kept: Vec<usize> = (0..verdicts.len())
        .filter(|&i| verdicts[i] == Verdict::Keep)
        .collect();
    let is_fragment = |i: usize| {
        words.get(i).copied().unwrap_or(usize::MAX) <= FRAGMENT_MAX_WORDS
            && !ends_like_sentence(lines.get(i).copied().unwrap_or_default())
    };
    let trailing = kept.iter().rev().take_while(|&&i| is_fragment(i)).count();
    let body_before = kept
        .iter()
        .take(kept.len() - trailing)
        .any(|&i| words.get(i).copied().unwrap_or_default() > HEADLINE_MAX_WORDS / 2);
    if trailing == 0 || !body_before {
        return;
    }
    for &i in kept.iter().rev().take(trailing) {
        verdicts[i] = Verdict::Cut("trailing-fragment");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_boilerplate_row_loads() {
        let rules = &*PHRASE_RULES;
        assert!(rules.errors.is_empty(), "{:?}", rules.errors);
        assert!(rules.rules.len() > 20);
    }

    #[test]
    fn sentence_ends_look_past_quotes() {
        assert!(ends_like_sentence("قال إن \"الهجوم فشل.\""));
        assert!(ends_like_sentence("هل تشهد الرقة عودة التنظيم ؟!"));
        assert!(!ends_like_sentence("مشافي حلب تعاني من نفاد \"كورونا\""));
    }

    #[test]
    fn bad_rows_are_reported_not_fatal() {
        let rules = load_rules("pattern\treason\tmax_words\n(\tbroken\t3\nok\tfine\tmany\nx\n");
        assert_eq!(rules.rules.len(), 0);
        assert_eq!(rules.errors.len(), 3);
    }
}
