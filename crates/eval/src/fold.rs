//! The string folding `score.py` applies before comparing (gold.md §1).

use unicode_normalization::UnicodeNormalization;

fn is_scorer_mark(c: char) -> bool {
    matches!(c,
        '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0640}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Python's `\w`: letters, digits and numerics, and the underscore.
fn is_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Folds a string as `score.py`'s `norm`: NFKC, marks out, hamza and alef forms folded,
/// ة → ه, punctuation → space, spaces collapsed, lowercased.
pub fn norm(s: &str) -> String {
    let folded: String = s
        .nfkc()
        .filter(|c| !is_scorer_mark(*c))
        .map(|c| match c {
            'إ' | 'أ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            'ؤ' => 'و',
            'ئ' => 'ي',
            c if !is_word(c) && !c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Folds a place name as `score.py`'s `place`: `norm`, then a word-initial ال dropped and
/// spaces removed: `place("دير الزور") == "ديرزور"`.
pub fn place(s: &str) -> String {
    norm(s)
        .split(' ')
        .map(|w| w.strip_prefix("ال").unwrap_or(w))
        .collect()
}

/// ASCII letters and digits only, lowercased: how actor names compare.
pub fn latin(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .collect()
}

const ADMIN1: &[(&str, &str)] = &[
    ("SY01", "damascus دمشق"),
    ("SY02", "aleppo halab حلب"),
    ("SY03", "ruraldamascus rifdimashq damascusrural ريفدمشق"),
    ("SY04", "homs hims حمص"),
    ("SY05", "hama hamah حماه"),
    ("SY06", "lattakia latakia allathiqiyah اللاذقيه"),
    ("SY07", "idleb idlib ادلب"),
    (
        "SY08",
        "alhasakeh alhasakah hasakah hasakeh alhassakeh hassakeh الحسكه",
    ),
    (
        "SY09",
        "deirezzor deirezzour dayrazzawr deiralzour deirazzor ديرالزور",
    ),
    ("SY10", "tartous tartus طرطوس"),
    ("SY11", "arraqqa raqqa arraqqah alraqqa raqqah الرقه"),
    ("SY12", "daraa dara deraa درعا"),
    (
        "SY13",
        "assweida sweida suwayda assuwayda alsuwayda السويداء",
    ),
    ("SY14", "quneitra alqunaytirah qunaytirah القنيطره"),
];

/// A governorate in any common spelling, as its OCHA p-code (or the folded name when unknown).
pub fn admin1(s: &str) -> String {
    let b = s.as_bytes();
    if b.len() == 4
        && b[..2].eq_ignore_ascii_case(b"sy")
        && b[2].is_ascii_digit()
        && b[3].is_ascii_digit()
    {
        return s.to_uppercase();
    }
    let key = {
        let l = latin(s);
        if l.is_empty() {
            norm(s).replace(' ', "")
        } else {
            l
        }
    };
    ADMIN1
        .iter()
        .find(|(_, names)| names.split(' ').any(|n| n == key))
        .map_or(key, |(code, _)| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_as_the_reference_scorer() {
        assert_eq!(
            norm("تفجير “سيارة” مفخّخة في الرقّة"),
            "تفجير سياره مفخخه في الرقه"
        );
        assert_eq!(place("دير الزور"), "ديرزور");
        assert_eq!(place("الحوائج"), place("حوايج"));
        assert_eq!(admin1("Deir-ez-Zor"), "SY09");
        assert_eq!(admin1("sy11"), "SY11");
        assert_eq!(admin1("الرقة"), "SY11");
        assert_eq!(
            latin("QSD: Syrian Democratic Forces"),
            "qsdsyriandemocraticforces"
        );
    }
}
