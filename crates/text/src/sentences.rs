//! Sentence splitting over normalized text.

use std::ops::Range;

/// Splits normalized text into sentences (byte ranges, trimmed). Breaks at line ends and at
/// `.`, `!`, `?`, `؟` (a run of them counts once: `..`، `؟!`), also when the reporter left no
/// space after the dot (`الشرقي..واندلعت`). Not at the Arabic comma `،` or `؛`, nor inside
/// numbers (`2.5`، `2019/04/09`).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let is_end = match c {
            '\n' => true,
            '!' | '?' | '؟' => true,
            '.' => {
                let prev_digit = i > 0 && bytes[i - 1].is_ascii_digit();
                let next_digit = bytes.get(i + 1).is_some_and(|b| b.is_ascii_digit());
                !(prev_digit && next_digit)
            }
            _ => false,
        };
        if !is_end {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c != '\n' {
            // Absorb a run of closing punctuation: `..`, `؟!`, `.”`, `.)`.
            while let Some(&(j, d)) = iter.peek() {
                if matches!(
                    d,
                    '.' | '!' | '?' | '؟' | '”' | '"' | '»' | ')' | '’' | '\''
                ) {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
        }
        push_trimmed(text, start..end, &mut out);
        start = end;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let r = range.start + lead..range.end - trail;
    if r.start < r.end && text[r.clone()].chars().any(|c| c.is_alphanumeric()) {
        out.push(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        sentences(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn splits_at_stops_and_lines() {
        assert_eq!(
            split("هجوم في الرقة. قتل عنصران؟ نعم\nسطر آخر"),
            vec!["هجوم في الرقة.", "قتل عنصران؟", "نعم", "سطر آخر"]
        );
    }

    #[test]
    fn missing_space_and_runs() {
        assert_eq!(
            split("بريف دير الزور الشرقي..واندلعت اشتباكات"),
            vec!["بريف دير الزور الشرقي..", "واندلعت اشتباكات"]
        );
        assert_eq!(split("عودة التنظيم ؟! ثم"), vec!["عودة التنظيم ؟!", "ثم"]);
    }

    #[test]
    fn numbers_and_commas_do_not_split() {
        assert_eq!(
            split("في 2019/04/09، قتل 2.5 شخص؛ وأصيب آخرون"),
            vec!["في 2019/04/09، قتل 2.5 شخص؛ وأصيب آخرون"]
        );
    }
}
