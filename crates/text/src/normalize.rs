//! Normalization as a chain of per-character filters (NFKC → drop marks, tatweel and invisible
//! controls → de-obfuscate → fold letters and digits → collapse spaces), keeping for every
//! output byte the raw span it came from.

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// Text after normalization, with a map from each of its bytes back to the raw text.
///
/// `normalize("قـ.ـوة دا.عـ.ـش").text == "قوة داعش"`, and `raw_range` of `داعش` is the span of
/// `دا.عـ.ـش` in the input, so evidence points at what the reporter wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    /// The normalized text. Taa marbuta (ة) is kept; see [`match_form`] for the matching form.
    pub text: String,
    /// For each byte of `text`, the raw byte offset where its source character starts.
    src_start: Vec<u32>,
    /// For each byte of `text`, the raw byte offset where its source character ends.
    src_end: Vec<u32>,
}

impl Normalized {
    /// The raw byte range that produced the normalized byte range `range`.
    /// Out-of-range or empty input gives an empty range at the nearest valid position.
    pub fn raw_range(&self, range: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let start = range.start.min(len);
        let end = range.end.min(len);
        if start >= end {
            let at = if start < len {
                self.src_start[start] as usize
            } else {
                self.src_end.last().map_or(0, |&e| e as usize)
            };
            return at..at;
        }
        self.src_start[start] as usize..self.src_end[end - 1] as usize
    }

    /// The raw byte offset of normalized byte `offset` (its source character's start).
    pub fn raw_offset(&self, offset: usize) -> usize {
        self.raw_range(offset..offset).start
    }
}

const TATWEEL: char = '\u{0640}';

/// Characters dropped outright: Arabic diacritics and Quranic marks, the tatweel, zero-width
/// and bidi controls, the soft hyphen and the byte-order mark.
fn is_dropped(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{061C}'
        | '\u{0640}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Letter and digit folding applied after NFKC: alef forms → ا, ى → ي, Persian kaf/yeh → Arabic,
/// Arabic-Indic and Persian digits → ASCII, Arabic decimal/thousands separators → `.`/`,`.
fn fold_letter(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => 'ا',
        'ى' | 'ی' | 'ې' => 'ي',
        'ک' => 'ك',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{066B}' => '.',
        '\u{066C}' => ',',
        '\t'
        | '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => ' ',
        '\r' | '\u{2028}' | '\u{2029}' | '\u{0085}' | '\u{000B}' | '\u{000C}' => '\n',
        _ => c,
    }
}

/// Arabic letters (the basic block's letters, as found in news text).
pub(crate) fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
}

/// Characters used to break a word on purpose: `دا.عـ.ـش`, `تنـ*ـظيم`.
fn is_break_mark(c: char) -> bool {
    matches!(
        c,
        '.' | '·' | '•' | '*' | '_' | '-' | '،' | ',' | '\u{2027}'
    )
}

fn is_mark_or_tatweel(c: char) -> bool {
    c == TATWEEL || (is_dropped(c) && !c.is_whitespace())
}

/// Which raw byte offsets in `word` (a run without whitespace, starting at `base`) are break
/// marks inserted to dodge filters. A mark counts when it sits between Arabic letters (marks
/// and tatweel aside) and either touches a tatweel (`داعـ.ـش`) or the word is a chain of
/// four or more single letters (`د.ا.ع.ش`; `ق.س.د` may be an acronym and stays). Real punctuation (`الشرقي..واندلعت`، `2019/04/09`، `مفتوحة.هل`)
/// never touches a tatweel and is kept.
fn obfuscation_marks(word: &str, base: usize, out: &mut Vec<usize>) {
    if !word.contains(TATWEEL) && !word.chars().any(is_break_mark) {
        return;
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let letter_at = |mut i: isize, step: isize| -> Option<(usize, bool)> {
        // Walks from i in direction step over marks/tatweel; returns (index, touched_tatweel).
        let mut touched = false;
        while i >= 0 && (i as usize) < chars.len() {
            let c = chars[i as usize].1;
            if is_mark_or_tatweel(c) {
                touched |= c == TATWEEL;
                i += step;
                continue;
            }
            return is_arabic_letter(c).then_some((i as usize, touched));
        }
        None
    };
    let mut found = Vec::new();
    let mut any_tatweel_break = false;
    for (i, &(off, c)) in chars.iter().enumerate() {
        if !is_break_mark(c) {
            continue;
        }
        let i = i as isize;
        let between_tatweels = i > 0
            && chars.get((i - 1) as usize).is_some_and(|x| x.1 == TATWEEL)
            && chars.get((i + 1) as usize).is_some_and(|x| x.1 == TATWEEL);
        let (t_left, t_right) = match (letter_at(i - 1, -1), letter_at(i + 1, 1)) {
            (Some((_, l)), Some((_, r))) => (l, r),
            // `بـ.ـ"قسد"`: a mark held by tatweels on both sides is a break even before a quote.
            _ if between_tatweels => (true, true),
            _ => continue,
        };
        // A run of two or more marks (`..`) is punctuation, not a break.
        let prev_is_mark = i > 0 && is_break_mark(chars[(i - 1) as usize].1);
        let next_is_mark = chars
            .get((i + 1) as usize)
            .is_some_and(|x| is_break_mark(x.1));
        if prev_is_mark || next_is_mark {
            continue;
        }
        any_tatweel_break |= t_left || t_right;
        found.push(off);
    }
    if found.is_empty() {
        return;
    }
    let single_letter_chain = {
        let letters: Vec<char> = word.chars().filter(|c| !is_dropped(*c)).collect();
        // four letters or more: `ق.س.د` may be an acronym, `د.ا.ع.ش` is not.
        letters.len() >= 7
            && letters.iter().enumerate().all(|(k, c)| {
                if k % 2 == 0 {
                    is_arabic_letter(*c)
                } else {
                    is_break_mark(*c)
                }
            })
    };
    if any_tatweel_break || single_letter_chain {
        out.extend(found.into_iter().map(|o| base + o));
    }
}

/// Normalizes raw article text for reading: NFKC; tatweel, diacritics, zero-width and bidi
/// controls removed; words broken on purpose joined (`دا.عـ.ـش` → `داعش`); alef forms → ا,
/// ى → ي; Arabic-Indic and Persian digits → ASCII; horizontal spaces collapsed; line breaks kept.
pub fn normalize(raw: &str) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(raw.len()),
        src_start: Vec::with_capacity(raw.len()),
        src_end: Vec::with_capacity(raw.len()),
    };
    let mut breaks: Vec<usize> = Vec::new();
    let mut scanned_to = 0usize;
    let mut last_space = true; // collapse leading/duplicate spaces
    let mut buf = [0u8; 4];
    let bytes = raw.as_bytes();
    let mut next_break = 0usize;
    for (off, c) in raw.char_indices() {
        // Scan each whitespace-free run once, ahead of emitting it.
        if off >= scanned_to && !c.is_whitespace() {
            let end = raw[off..]
                .find(char::is_whitespace)
                .map_or(raw.len(), |e| off + e);
            obfuscation_marks(&raw[off..end], off, &mut breaks);
            scanned_to = end;
        }
        let end = off + c.len_utf8();
        if next_break < breaks.len() && breaks[next_break] == off {
            next_break += 1;
            continue;
        }
        let mut emit = |ch: char, out: &mut Normalized, last_space: &mut bool| {
            if is_dropped(ch) {
                return;
            }
            let ch = fold_letter(ch);
            if ch == ' ' {
                if *last_space {
                    return;
                }
                *last_space = true;
            } else {
                *last_space = ch == '\n';
            }
            if ch == '\n' {
                // Spaces never end a line.
                if out.text.ends_with(' ') {
                    out.text.pop();
                    out.src_start.pop();
                    out.src_end.pop();
                }
            }
            let s = ch.encode_utf8(&mut buf);
            out.text.push_str(s);
            for _ in 0..s.len() {
                out.src_start.push(off as u32);
                out.src_end.push(end as u32);
            }
        };
        if c == '\r' && bytes.get(end) == Some(&b'\n') {
            // \r\n is one line break: the \n emits it.
        } else if c.is_ascii() || is_arabic_letter(c) && !matches!(c, '\u{0671}'..='\u{06D3}') {
            emit(c, &mut out, &mut last_space);
        } else {
            for ch in std::iter::once(c).nfkc() {
                emit(ch, &mut out, &mut last_space);
            }
        }
    }
    out
}

/// The matching form of normalized text, byte for byte the same length so offsets carry over:
/// ة → ه, ؤ → و, ئ → ي, ASCII lowercased. `match_form("الرقة") == "الرقه"`.
pub fn match_form(normalized: &str) -> String {
    normalized
        .chars()
        .map(|c| match c {
            'ة' => 'ه',
            'ؤ' => 'و',
            'ئ' => 'ي',
            c if c.is_ascii_uppercase() => c.to_ascii_lowercase(),
            c => c,
        })
        .collect()
}

/// Normalizes and folds a lexicon entry or a search query: `fold_for_match("الرقّة") == "الرقه"`.
/// Lexicon keys and article text meet in this form.
pub fn fold_for_match(s: &str) -> String {
    match_form(normalize(s).text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn obfuscated_words_are_joined() {
        for (raw, want) in [
            ("دا.عـ.ـش", "داعش"),
            ("داعـ.ـش", "داعش"),
            ("تنـ.ـظيم", "تنظيم"),
            ("التنــ.ـظيم", "التنظيم"),
            ("مقـ.ـاتلين", "مقاتلين"),
            ("قـ.ـوة", "قوة"),
            ("الدبـ.ـلوماسي", "الدبلوماسي"),
            ("يشيـ.ـر", "يشير"),
            ("لـ”تـ.ـنظيم", "ل”تنظيم"),
            ("د.ا.ع.ش", "داعش"),
        ] {
            assert_eq!(norm(raw), want, "{raw}");
        }
    }

    #[test]
    fn real_punctuation_stays() {
        for s in [
            "الشرقي..واندلعت",
            "مفتوحة.هل تشهد",
            "في 2019/04/09 وقع",
            "بلغ 2.5 مليون",
            "قال: انتهي...",
            "دير-الزور",
        ] {
            assert_eq!(norm(s), s, "{s}");
        }
    }

    #[test]
    fn letters_digits_and_marks_fold() {
        assert_eq!(norm("أُعلِنَ إنّ آخر"), "اعلن ان اخر");
        assert_eq!(norm("مصطفى"), "مصطفي");
        assert_eq!(norm("٢٠١٩/٠٤/٠٩"), "2019/04/09");
        assert_eq!(norm("۱۲"), "12");
        assert_eq!(norm("ﻻ"), "لا");
        assert_eq!(norm("a\u{200f}b\u{202b}c"), "abc");
        assert_eq!(norm("  كلمة   أخرى \r\nسطر"), "كلمة اخري\nسطر");
    }

    #[test]
    fn raw_range_points_at_what_was_written() {
        let raw = "قوة دا.عـ.ـش تتراجع";
        let n = normalize(raw);
        let start = n.text.find("داعش").unwrap();
        let r = n.raw_range(start..start + "داعش".len());
        assert_eq!(&raw[r], "دا.عـ.ـش");
    }

    #[test]
    fn match_form_keeps_offsets() {
        let n = normalize("الرقة والحسكة");
        let m = match_form(&n.text);
        assert_eq!(m.len(), n.text.len());
        assert_eq!(m, "الرقه والحسكه");
    }
}
