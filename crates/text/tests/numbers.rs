//! Number cases (`cases/numbers.tsv`): digits, words, compounds, duals, vague and hedged.

mod common;

use marsad_text::{normalize, numbers, NumberMention};

fn describe(m: &NumberMention) -> String {
    let mut s = m.value.to_string();
    for (flag, name) in [
        (m.approximate, "approx"),
        (m.vague, "vague"),
        (m.ordinal, "ordinal"),
        (m.dual, "dual"),
    ] {
        if flag {
            s.push(' ');
            s.push_str(name);
        }
    }
    s
}

#[test]
fn numbers_table() {
    let cases = common::cases(include_str!("cases/numbers.tsv"), 100);
    common::run("numbers.tsv", &cases, |c| {
        let text = normalize(c.cell(0)).text;
        let found = numbers(&text);
        let got = if found.is_empty() {
            "-".to_string()
        } else {
            found.iter().map(describe).collect::<Vec<_>>().join("; ")
        };
        if got != c.cell(1) {
            return Err(format!("{text:?}: got {got:?}, want {:?}", c.cell(1)));
        }
        for m in &found {
            if text.get(m.range.clone()).is_none_or(str::is_empty) {
                return Err(format!("{text:?}: bad range {:?}", m.range));
            }
        }
        Ok(())
    });
}
