//! De-obfuscation cases (`cases/deobfuscation.tsv`): broken words joined, punctuation kept,
//! and every joined word's evidence span covering what the reporter wrote.

mod common;

use marsad_text::normalize;

#[test]
fn deobfuscation_table() {
    let cases = common::cases(include_str!("cases/deobfuscation.tsv"), 40);
    common::run("deobfuscation.tsv", &cases, |c| {
        let (raw, want) = (c.cell(0), c.cell(1));
        let n = normalize(raw);
        if n.text != want {
            return Err(format!("{raw:?}: got {:?}, want {want:?}", n.text));
        }
        // Each normalized word maps back to a raw span that reads the same once normalized.
        let mut at = 0;
        for word in n.text.split(' ') {
            let r = n.raw_range(at..at + word.len());
            let back = raw.get(r.clone()).map(|s| normalize(s).text);
            if back.as_deref() != Some(word) {
                return Err(format!("{raw:?}: {word:?} maps to {r:?} = {back:?}"));
            }
            at += word.len() + 1;
        }
        Ok(())
    });
}
