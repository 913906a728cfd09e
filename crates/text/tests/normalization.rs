//! Normalization cases (`cases/normalization.tsv`): folding, marks, digits, controls.

mod common;

use marsad_text::{fold_for_match, normalize};

#[test]
fn normalization_table() {
    let cases = common::cases(include_str!("cases/normalization.tsv"), 40);
    common::run("normalization.tsv", &cases, |c| {
        let (kind, raw, want) = (c.cell(0), c.cell(1), c.cell(2));
        let got = match kind {
            "normalize" => normalize(raw).text,
            "match" => fold_for_match(raw),
            other => return Err(format!("unknown kind {other}")),
        };
        if got != want {
            return Err(format!("{raw:?}: got {got:?}, want {want:?}"));
        }
        let n = normalize(raw);
        if normalize(&n.text).text != n.text {
            return Err(format!("{raw:?}: not idempotent"));
        }
        let whole = n.raw_range(0..n.text.len());
        if raw.get(whole.clone()).is_none() {
            return Err(format!("{raw:?}: raw range {whole:?} invalid"));
        }
        Ok(())
    });
}
