//! Word tokens over normalized text, with Arabic proclitics (و ف ب ك ل and the article ال) and
//! common pronoun enclitics (ه ها هم هما هن) recognised, the surface span kept for evidence.

use crate::normalize::is_arabic_letter;
use crate::tables::parse_table;
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// One word of normalized text.
///
/// `وبالأسلحة` (normalized `وبالاسلحة`) gives `proclitics == "وب"`, `article == true` and a
/// `stem` spanning `اسلحة`; `عناصره` gives `enclitic == Some("ه")` and a stem `عناصر`.
/// Digit runs (`2019/04/09`, `2.5`) and Latin words are tokens with no clitics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// The whole surface word, byte range into the normalized text (`لـ"قسد` includes the quote).
    pub range: Range<usize>,
    /// The word after its proclitics and article, before any enclitic: `ريف` in `وبريف`.
    pub stem: Range<usize>,
    /// The conjunction and preposition letters in order, e.g. `"وب"`; `""` when none.
    pub proclitics: String,
    /// Whether the word carried the article `ال` (also `لل` = ل + ال: `للتنظيم`).
    pub article: bool,
    /// A pronoun suffix (`"ه"`, `"ها"`, `"هم"`, `"هما"`, `"هن"`): `خلاياه` → `"ه"`.
    pub enclitic: Option<String>,
}

impl Token {
    /// The surface text of the token: `&text[range]` (empty if `text` is not the tokenized one).
    pub fn surface<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.range.clone()).unwrap_or("")
    }

    /// The stem text: `ريف` for `وبريف`, `تنظيم` for `للتنظيم`.
    pub fn stem_text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.stem.clone()).unwrap_or("")
    }

    /// The word as a dictionary would list it: the article (if any) plus the stem, without
    /// conjunction, preposition or enclitic. `وبالرقة` → `الرقة`, `للتنظيم` → `التنظيم`.
    pub fn dictionary_form(&self, text: &str) -> String {
        let stem = self.stem_text(text);
        if self.article {
            let mut form = String::with_capacity(stem.len() + 4);
            form.push_str("ال");
            form.push_str(stem);
            form
        } else {
            stem.to_string()
        }
    }

    /// Whether the token is a run of ASCII digits (with inner separators: `2019/04/09`).
    pub fn is_numeral(&self, text: &str) -> bool {
        self.surface(text)
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_digit)
    }

    /// Whether the token is an Arabic word (as opposed to digits or Latin letters).
    pub fn is_arabic(&self, text: &str) -> bool {
        self.surface(text)
            .chars()
            .next()
            .is_some_and(is_arabic_letter)
    }
}

/// Words whose edge letters only look like clitics (`data/clitic_exceptions.tsv`).
struct CliticExceptions {
    no_proclitic: HashSet<String>,
    no_article: HashSet<String>,
    no_enclitic: HashSet<String>,
}

fn clitic_exceptions() -> &'static CliticExceptions {
    static TABLE: OnceLock<CliticExceptions> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = CliticExceptions {
            no_proclitic: HashSet::new(),
            no_article: HashSet::new(),
            no_enclitic: HashSet::new(),
        };
        for row in parse_table(include_str!("../data/clitic_exceptions.tsv")) {
            let word = row.cell(0).to_string();
            match row.cell(1) {
                "no_proclitic" => table.no_proclitic.insert(word),
                "no_article" => table.no_article.insert(word),
                "no_enclitic" => table.no_enclitic.insert(word),
                _ => false,
            };
        }
        table
    })
}

const CONJUNCTIONS: [&str; 3] = ["و", "ف", ""];
const PREPOSITIONS: [&str; 4] = ["ب", "ل", "ك", ""];
const ENCLITICS: [&str; 5] = ["هما", "هم", "هن", "ها", "ه"];
/// Opening quotes between a detached proclitic and its word: `لـ"قسد"`, `بـ «داعش»`.
const QUOTES: [char; 7] = ['"', '“', '”', '«', '»', '\'', '‘'];

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// How an Arabic word splits: prefix bytes (proclitics and article), proclitic letters,
/// whether the article was there, and the enclitic length in bytes.
struct Split {
    prefix_len: usize,
    proclitics: String,
    article: bool,
    enclitic: Option<&'static str>,
}

/// Splits one Arabic word (normalized). Prefers an analysis with the article (the surest
/// sign of a proclitic); without it, splits و/ف and ب/ل only before a stem of 3+ letters and
/// never the ك (in news it is almost always a root letter: كمين، كتيبة).
fn split_word(word: &str) -> Split {
    let ex = clitic_exceptions();
    let mut best: Option<Split> = None;
    if !ex.no_proclitic.contains(word) {
        'outer: for conj in CONJUNCTIONS {
            let Some(after_conj) = word.strip_prefix(conj) else {
                continue;
            };
            for prep in PREPOSITIONS {
                let Some(rest) = after_conj.strip_prefix(prep) else {
                    continue;
                };
                if !prep.is_empty() && ex.no_proclitic.contains(after_conj) {
                    continue;
                }
                let clitics = conj.len() + prep.len();
                let mut letters = String::with_capacity(clitics);
                letters.push_str(conj);
                letters.push_str(prep);
                if prep == "ل" && rest.starts_with('ل') && char_len(rest) >= 3 {
                    // لل = ل + ال with the alef dropped: للتنظيم.
                    best = Some(Split {
                        prefix_len: clitics + 'ل'.len_utf8(),
                        proclitics: letters,
                        article: true,
                        enclitic: None,
                    });
                    break 'outer;
                }
                if let Some(stem) = rest.strip_prefix("ال") {
                    if char_len(stem) >= 2 && !ex.no_article.contains(rest) {
                        best = Some(Split {
                            prefix_len: clitics + "ال".len(),
                            proclitics: letters,
                            article: true,
                            enclitic: None,
                        });
                        break 'outer;
                    }
                }
                let plain_ok = clitics > 0
                    && prep != "ك"
                    && char_len(rest) >= 3
                    && best.as_ref().map_or(0, |b| b.prefix_len) < clitics;
                if plain_ok {
                    best = Some(Split {
                        prefix_len: clitics,
                        proclitics: letters,
                        article: false,
                        enclitic: None,
                    });
                }
            }
        }
    }
    let mut split = best.unwrap_or(Split {
        prefix_len: 0,
        proclitics: String::new(),
        article: false,
        enclitic: None,
    });
    if !split.article {
        let base = word.get(split.prefix_len..).unwrap_or("");
        if !ex.no_enclitic.contains(base) && !ex.no_enclitic.contains(word) {
            split.enclitic = ENCLITICS
                .into_iter()
                .find(|suffix| base.ends_with(suffix) && char_len(base) >= char_len(suffix) + 3);
        }
    }
    split
}

/// A word made only of proclitic letters, written apart from its word: `لـ` in `لـ"قسد"`.
fn is_detached_proclitic(word: &str) -> bool {
    let rest = word
        .strip_prefix('و')
        .or_else(|| word.strip_prefix('ف'))
        .unwrap_or(word);
    matches!(rest, "ب" | "ل" | "ك") || (rest.is_empty() && !word.is_empty())
}

/// Where the word after a detached proclitic starts: past one space and/or opening quotes.
fn detached_word_start(text: &str, from: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    let after_space = rest.strip_prefix(' ').unwrap_or(rest);
    let after_quotes = after_space.trim_start_matches(QUOTES);
    let after_quotes = if after_quotes.len() < after_space.len() {
        after_quotes.strip_prefix(' ').unwrap_or(after_quotes)
    } else {
        after_quotes
    };
    let start = text.len() - after_quotes.len();
    (after_quotes.chars().next().is_some_and(is_arabic_letter) && start > from).then_some(start)
}

fn arabic_word_end(text: &str, start: usize) -> usize {
    text.get(start..).map_or(start, |rest| {
        rest.find(|c: char| !is_arabic_letter(c))
            .map_or(text.len(), |e| start + e)
    })
}

fn arabic_token(text: &str, range: Range<usize>) -> Token {
    let word = text.get(range.clone()).unwrap_or("");
    let split = split_word(word);
    let stem_end = range.end - split.enclitic.map_or(0, str::len);
    Token {
        stem: (range.start + split.prefix_len).min(stem_end)..stem_end,
        range,
        proclitics: split.proclitics,
        article: split.article,
        enclitic: split.enclitic.map(str::to_string),
    }
}

fn plain_token(range: Range<usize>) -> Token {
    Token {
        stem: range.clone(),
        range,
        proclitics: String::new(),
        article: false,
        enclitic: None,
    }
}

/// The end of a digit run starting at `start`, with inner `.,/:-` between digits
/// (`2019/04/09`, `2.5`, `1,500`) kept inside.
fn numeral_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < bytes.len() {
        let b = bytes[end];
        let inner = matches!(b, b'.' | b',' | b'/' | b':' | b'-')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
            && end > start;
        if b.is_ascii_digit() || inner {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// Splits normalized text into word tokens. Arabic words carry their clitics split:
/// `وبريف` → و + ب + `ريف`; `والرقة` → و + ال + `رقة`; `للتنظيم` → ل + ال + `تنظيم`;
/// `لـ"قسد"` (a proclitic written apart) is one token with stem `قسد`; `عناصره` → `عناصر` + ه.
pub fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 8);
    let mut i = 0usize;
    while i < text.len() {
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        if is_arabic_letter(c) {
            let end = arabic_word_end(text, i);
            let word = text.get(i..end).unwrap_or("");
            if is_detached_proclitic(word) {
                if let Some(next) = detached_word_start(text, end) {
                    let next_end = arabic_word_end(text, next);
                    let inner = arabic_token(text, next..next_end);
                    out.push(Token {
                        range: i..next_end,
                        stem: inner.stem,
                        proclitics: format!("{word}{}", inner.proclitics),
                        article: inner.article,
                        enclitic: inner.enclitic,
                    });
                    i = next_end;
                    continue;
                }
            }
            out.push(arabic_token(text, i..end));
            i = end;
        } else if c.is_ascii_digit() {
            let end = numeral_end(bytes, i);
            out.push(plain_token(i..end));
            i = end;
        } else if c.is_alphanumeric() {
            let end = text
                .get(i..)
                .and_then(|rest| rest.find(|d: char| !d.is_alphanumeric() || is_arabic_letter(d)))
                .map_or(text.len(), |e| i + e);
            out.push(plain_token(i..end));
            i = end;
        } else {
            i += c.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<(String, String, bool, String, Option<String>)> {
        tokens(text)
            .into_iter()
            .map(|t| {
                (
                    t.surface(text).to_string(),
                    t.proclitics.clone(),
                    t.article,
                    t.stem_text(text).to_string(),
                    t.enclitic.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn proclitics_split() {
        let p = parts("وبريف والرقة بالاسلحة للتنظيم");
        assert_eq!(
            p[0],
            ("وبريف".into(), "وب".into(), false, "ريف".into(), None)
        );
        assert_eq!(
            p[1],
            ("والرقة".into(), "و".into(), true, "رقة".into(), None)
        );
        assert_eq!(
            p[2],
            ("بالاسلحة".into(), "ب".into(), true, "اسلحة".into(), None)
        );
        assert_eq!(
            p[3],
            ("للتنظيم".into(), "ل".into(), true, "تنظيم".into(), None)
        );
    }

    #[test]
    fn detached_proclitic_joins_its_word() {
        let text = "وفد لـ\"قسد\" وصل";
        let n = crate::normalize(text).text;
        let p = parts(&n);
        assert_eq!(p[1].0, "ل\"قسد");
        assert_eq!(p[1].1, "ل");
        assert_eq!(p[1].3, "قسد");
    }

    #[test]
    fn root_letters_stay() {
        for word in ["بلدة", "كمين", "وقعت", "بين", "الي", "كتيبة"] {
            let p = parts(word);
            assert_eq!(p[0].3, word, "{word}");
        }
    }

    #[test]
    fn enclitics_recognised() {
        let p = parts("عناصره خلاياه باتجاه");
        assert_eq!(p[0].3, "عناصر");
        assert_eq!(p[0].4.as_deref(), Some("ه"));
        assert_eq!(p[1].3, "خلايا");
        assert_eq!(p[2].4, None);
    }

    #[test]
    fn numerals_keep_separators() {
        let text = "في 2019/04/09، قتل 2.5";
        let words: Vec<&str> = tokens(text).iter().map(|t| t.surface(text)).collect();
        assert_eq!(words, vec!["في", "2019/04/09", "قتل", "2.5"]);
    }
}
