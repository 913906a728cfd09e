//! Token and sentence cases (`cases/tokens.tsv`, `cases/sentences.tsv`).

mod common;

use marsad_text::{normalize, sentences, tokens};

fn dash(s: &str) -> &str {
    if s == "-" {
        ""
    } else {
        s
    }
}

#[test]
fn tokens_table() {
    let cases = common::cases(include_str!("cases/tokens.tsv"), 50);
    common::run("tokens.tsv", &cases, |c| {
        let text = normalize(c.cell(0)).text;
        let toks = tokens(&text);
        let Some(t) = toks.first() else {
            return Err(format!("{text:?}: no token"));
        };
        let got = (
            t.proclitics.as_str(),
            if t.article { "yes" } else { "no" },
            t.stem_text(&text),
            t.enclitic.as_deref().unwrap_or(""),
        );
        let want = (dash(c.cell(1)), c.cell(2), c.cell(3), dash(c.cell(4)));
        if got != want {
            return Err(format!("{text:?}: got {got:?}, want {want:?}"));
        }
        if t.range.start != 0 || t.stem.end > t.range.end {
            return Err(format!("{text:?}: ranges {:?} {:?}", t.range, t.stem));
        }
        Ok(())
    });
}

#[test]
fn sentences_table() {
    let cases = common::cases(include_str!("cases/sentences.tsv"), 15);
    common::run("sentences.tsv", &cases, |c| {
        let text = normalize(c.cell(0)).text;
        let got: Vec<&str> = sentences(&text)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect();
        let want: Vec<&str> = match c.cell(1) {
            "-" => Vec::new(),
            s => s.split(" | ").collect(),
        };
        if got != want {
            return Err(format!("{text:?}: got {got:?}, want {want:?}"));
        }
        Ok(())
    });
}
