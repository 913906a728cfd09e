//! The form lines are compared in when matching boilerplate rules and duplicates.

/// Folds text for matching: drops tatweel, Arabic diacritics and invisible marks, unifies
/// أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, lower-cases Latin and collapses spaces.
/// `"قد يعجبك أيضاً"` → `"قد يعجبك ايضا"`.
pub(crate) fn fold_for_matching(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in fold_letters(text).chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Folds Arabic letters only (no case change, no space handling): safe on regex sources,
/// where lower-casing would turn `\S` into `\s`.
pub(crate) fn fold_letters(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_ignorable(c))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            'ؤ' => 'و',
            'ئ' => 'ي',
            '\u{00A0}' => ' ',
            other => other,
        })
        .collect()
}

fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{0640}'                      // tatweel
        | '\u{064B}'..='\u{065F}'       // harakat
        | '\u{0670}'                    // superscript alef
        | '\u{06D6}'..='\u{06ED}'       // Quranic marks
        | '\u{200B}'..='\u{200F}'       // zero-width, LRM/RLM
        | '\u{202A}'..='\u{202E}'       // bidi embeddings
        | '\u{2066}'..='\u{2069}'       // bidi isolates
        | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_hamza_diacritics_and_spaces() {
        assert_eq!(fold_for_matching("  قد يعجبك   أيضاً "), "قد يعجبك ايضا");
        assert_eq!(fold_for_matching("Privacy & COOKIES"), "privacy & cookies");
        assert_eq!(fold_for_matching("التعليقات مغلقة"), "التعليقات مغلقه");
    }

    #[test]
    fn regex_escapes_survive_letter_folding() {
        assert_eq!(fold_letters(r"^\S+ أيضا\b"), r"^\S+ ايضا\b");
    }
}
