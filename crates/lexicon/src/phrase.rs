//! Arabic-aware phrase matching over match-form text (`match_form(normalize(raw).text)`):
//! a phrase is found at a word start, after proclitics (و ف ب ل ك and their combinations) and
//! an optional article, and must end at a word end (or before an allowed enclitic).
//!
//! `PhraseMatcher::new([("الرقة".into(), 1)]).find_all("وبالرقه")` finds `الرقه` with
//! proclitics `وب`.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use marsad_text::fold_for_match;

/// The article in match form.
const ARTICLE: &str = "ال";

/// Proclitic letters that may be glued in front of a word: `و` and, `ف` so, `ب` in/by,
/// `ل` for/to, `ك` like.
const PROCLITIC_LETTERS: [char; 5] = ['و', 'ف', 'ب', 'ل', 'ك'];

/// Object/possessive enclitics allowed after phrases marked so: `ه` him/it, `ها` her/it,
/// `هم` them, `هما` the two of them (longest first).
const ENCLITICS: [&str; 4] = ["هما", "هم", "ها", "ه"];

/// How one lexicon entry may appear in text.
///
/// Defaults: the article is optional (`الشحيل` matches `شحيل` and back), no enclitics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseOptions {
    /// Accept the phrase with an attached pronoun (`ه، ها، هم، هما`): `عناصره` for `عناصر`.
    pub enclitics: bool,
    /// Accept the phrase with or without `ال` whichever way it is stored; when false, the
    /// article must be present exactly when the stored phrase has it.
    pub article_optional: bool,
}

impl Default for PhraseOptions {
    fn default() -> Self {
        PhraseOptions {
            enclitics: false,
            article_optional: true,
        }
    }
}

/// One lexicon entry as the matcher keeps it.
#[derive(Debug, Clone)]
struct Entry<T> {
    value: T,
    options: PhraseOptions,
    /// Whether the stored phrase began with the article.
    stored_with_article: bool,
}

/// Finds lexicon phrases in match-form text, Arabic-aware.
///
/// A phrase matches at a word start, or after proclitics (و ف ب ل ك, combined: وب، فل، وك...)
/// and an optional article ال (and the contraction لل = ل + ال: `للرقه` matches `الرقة`); a
/// phrase stored with ال also matches without it and vice versa (`الشحيل`/`شحيل`); the match
/// must end at a word end (next char not a letter or digit), or, only for phrases marked so,
/// before an allowed enclitic (ه، ها، هم، هما). Multi-word phrases (`دير الزور`) match whole.
#[derive(Debug, Clone)]
pub struct PhraseMatcher<T> {
    /// Aho-Corasick over the phrase cores (folded, article removed); `None` when empty.
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the entries sharing that core.
    pattern_entries: Vec<Vec<usize>>,
    entries: Vec<Entry<T>>,
}

/// One phrase found in match-form text.
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseMatch<'a, T> {
    /// The phrase itself in the match text, without proclitics: `الرقه` in `وبالرقه` (the
    /// article is included when written as `ال`; for the contraction `للرقه` the range is `رقه`).
    pub range: Range<usize>,
    /// Where its word, with proclitics, begins.
    pub word_start: usize,
    /// The proclitic letters before the phrase (`وب` in `وبالرقه`; `ل` in `للرقه`).
    pub proclitics: String,
    /// Whether the text carries the article (`ال` or the `لل` contraction).
    pub article: bool,
    /// The enclitic after the phrase, if any (`ها`); empty otherwise.
    pub enclitic: String,
    /// All entries sharing this folded phrase that accept this form.
    pub values: Vec<&'a T>,
}

/// Splits a folded phrase into (has_article, core). The article is only split off when a real
/// word (two letters or more) remains: `الرقه` → (true, `رقه`).
fn split_article(folded: &str) -> (bool, &str) {
    match folded.strip_prefix(ARTICLE) {
        Some(rest) if rest.chars().take(2).count() == 2 && !rest.starts_with(' ') => (true, rest),
        _ => (false, folded),
    }
}

/// The key two phrases share when the matcher treats them as one: folded, article removed.
/// `phrase_key("البوكمال") == phrase_key("بوكمال")`.
pub fn phrase_key(phrase: &str) -> String {
    let folded = fold_for_match(phrase);
    split_article(&folded).1.to_string()
}

/// A letter or digit continues a word; anything else (space, punctuation, quotes) ends it.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether a word ends right before `rest` (end of text, or a non-word character next).
fn ends_word(rest: &str) -> bool {
    !rest.chars().next().is_some_and(is_word_char)
}

/// Parses the glued prefix before a phrase core: proclitics then an optional article.
/// Returns (proclitics, article) or `None` when the prefix is not a clitic sequence.
/// `وبال` → (`وب`, true); `لل` → (`ل`, true); `ل` → (`ل`, false).
fn parse_prefix(prefix: &str) -> Option<(String, bool)> {
    let chars: Vec<char> = prefix.chars().collect();
    // Try with the article (`ال` at the end, or the `لل` contraction), then without.
    let candidates: [(usize, bool, usize); 3] = [
        // (chars of article to strip, article, proclitic chars must end with ل)
        (2, true, 0),
        (1, true, 1),
        (0, false, 0),
    ];
    for (strip, article, needs_lam) in candidates {
        if chars.len() < strip {
            continue;
        }
        let (procs, art) = chars.split_at(chars.len() - strip);
        match (strip, needs_lam) {
            (2, _) if art != ['ا', 'ل'] => continue,
            // Contraction: ل + ال written لل: the final ل is the article's, the one before it
            // the preposition.
            (1, 1) if art != ['ل'] || procs.last() != Some(&'ل') => continue,
            _ => {}
        }
        if valid_proclitics(procs) {
            return Some((procs.iter().collect(), article));
        }
    }
    None
}

/// Valid proclitic sequences: at most one conjunction (و/ف) first, then at most one
/// preposition (ب/ل/ك): `و`, `ب`, `وب`, `فل`, `وك`.
fn valid_proclitics(procs: &[char]) -> bool {
    debug_assert!(PROCLITIC_LETTERS.len() == 5);
    match procs {
        [] => true,
        [a] => PROCLITIC_LETTERS.contains(a),
        [a, b] => matches!(a, 'و' | 'ف') && matches!(b, 'ب' | 'ل' | 'ك'),
        _ => false,
    }
}

impl<T> PhraseMatcher<T> {
    /// Builds a matcher from (raw Arabic phrase, value) pairs with default options; phrases
    /// are folded with [`fold_for_match`]. Empty phrases are ignored.
    ///
    /// `PhraseMatcher::new([("دير الزور".to_string(), 9)])`.
    pub fn new(entries: impl IntoIterator<Item = (String, T)>) -> Self {
        Self::with_options(
            entries
                .into_iter()
                .map(|(p, v)| (p, v, PhraseOptions::default())),
        )
    }

    /// Builds a matcher from (raw phrase, value, options) triples, e.g. enclitics allowed for
    /// `عناصر` so that `عناصره` matches.
    pub fn with_options(entries: impl IntoIterator<Item = (String, T, PhraseOptions)>) -> Self {
        let mut cores: Vec<String> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut pattern_entries: Vec<Vec<usize>> = Vec::new();
        let mut stored = Vec::new();
        for (phrase, value, options) in entries {
            let folded = fold_for_match(&phrase);
            if folded.is_empty() {
                continue;
            }
            let (stored_with_article, core) = split_article(&folded);
            let pattern = *index.entry(core.to_string()).or_insert_with(|| {
                cores.push(core.to_string());
                pattern_entries.push(Vec::new());
                cores.len() - 1
            });
            pattern_entries[pattern].push(stored.len());
            stored.push(Entry {
                value,
                options,
                stored_with_article,
            });
        }
        let automaton = if cores.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&cores)
                .ok()
        };
        PhraseMatcher {
            automaton,
            pattern_entries,
            entries: stored,
        }
    }

    /// Number of entries (not distinct phrases).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the matcher has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All phrase occurrences in `match_text`, non-overlapping, leftmost then longest, in text
    /// order. `find_all("قصف بريف دير الزور")` with `دير الزور` finds it at bytes 15..32 with
    /// no proclitics (the `ب` belongs to `بريف`).
    pub fn find_all<'a>(&'a self, match_text: &str) -> Vec<PhraseMatch<'a, T>> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut candidates: Vec<PhraseMatch<'a, T>> = Vec::new();
        for m in automaton.find_overlapping_iter(match_text) {
            if let Some(found) = self.accept(match_text, m.start(), m.end(), m.pattern().as_usize())
            {
                candidates.push(found);
            }
        }
        candidates.sort_by(|a, b| {
            a.word_start
                .cmp(&b.word_start)
                .then(b.range.end.cmp(&a.range.end))
        });
        let mut out: Vec<PhraseMatch<'a, T>> = Vec::new();
        let mut taken_to = 0usize;
        for c in candidates {
            if c.word_start >= taken_to {
                taken_to = c.range.end + c.enclitic.len();
                out.push(c);
            }
        }
        out
    }

    /// Checks the boundaries of a raw core hit and keeps the entries that accept its form.
    fn accept<'a>(
        &'a self,
        text: &str,
        start: usize,
        end: usize,
        pattern: usize,
    ) -> Option<PhraseMatch<'a, T>> {
        // Word start: walk back over letters, at most a few (clitics are short).
        let before = text.get(..start)?;
        let mut word_start = start;
        for (glued, (i, c)) in before.char_indices().rev().enumerate() {
            if !is_word_char(c) {
                break;
            }
            if glued >= 4 {
                return None;
            }
            word_start = i;
        }
        let (proclitics, article) = parse_prefix(text.get(word_start..start)?)?;
        // Word end, or an enclitic then word end.
        let after = text.get(end..)?;
        let enclitic = if ends_word(after) {
            ""
        } else {
            ENCLITICS
                .into_iter()
                .find(|e| after.strip_prefix(e).is_some_and(ends_word))?
        };
        let values: Vec<&'a T> = self
            .pattern_entries
            .get(pattern)?
            .iter()
            .filter_map(|&i| self.entries.get(i))
            .filter(|e| e.options.article_optional || e.stored_with_article == article)
            .filter(|e| enclitic.is_empty() || e.options.enclitics)
            .map(|e| &e.value)
            .collect();
        if values.is_empty() {
            return None;
        }
        // The phrase range includes a written `ال`, not the `لل` contraction's remnant.
        let written_article = article && text.get(..start)?.ends_with(ARTICLE);
        let range_start = if written_article {
            start - ARTICLE.len()
        } else {
            start
        };
        Some(PhraseMatch {
            range: range_start..end,
            word_start,
            proclitics,
            article,
            enclitic: enclitic.to_string(),
            values,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_parse_as_clitics() {
        assert_eq!(parse_prefix(""), Some((String::new(), false)));
        assert_eq!(parse_prefix("ال"), Some((String::new(), true)));
        assert_eq!(parse_prefix("وبال"), Some(("وب".into(), true)));
        assert_eq!(parse_prefix("لل"), Some(("ل".into(), true)));
        assert_eq!(parse_prefix("ولل"), Some(("ول".into(), true)));
        assert_eq!(parse_prefix("فب"), Some(("فب".into(), false)));
        assert_eq!(parse_prefix("بو"), None);
        assert_eq!(parse_prefix("مال"), None);
    }
}
