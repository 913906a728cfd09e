//! Prints the lexicon hits of a text (a debugging aid): `cargo run -p marsad-extract --example hits -- "نص"`.
fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    let lex = marsad_extract::Lexicons::bundled().expect("lexicons");
    let m = marsad_text::match_form(&marsad_text::normalize(&text).text);
    for h in lex.triggers.find_all(&m) {
        println!(
            "trigger {:?} article={} {:?}",
            &m[h.range.clone()],
            h.article,
            h.values
                .iter()
                .map(|t| (t.kind, t.strong))
                .collect::<Vec<_>>()
        );
    }
}
