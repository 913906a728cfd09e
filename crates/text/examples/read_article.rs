//! Prints what marsad-text reads in an article, one JSON line per mention:
//! `cargo run -p marsad-text --example read_article -- FILE [YYYY-MM-DD]`.

use marsad_text::{dates, normalize, numbers};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: read_article FILE [YYYY-MM-DD]")?;
    let published = args
        .next()
        .map(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d"))
        .transpose()?;
    let raw = std::fs::read_to_string(path)?;
    let n = normalize(&raw);
    for m in dates(&n.text, published) {
        let raw_span = &raw[n.raw_range(m.range.clone())];
        println!("date\t{raw_span}\t{}", serde_json::to_string(&m)?);
    }
    for m in numbers(&n.text) {
        let raw_span = &raw[n.raw_range(m.range.clone())];
        println!("number\t{raw_span}\t{}", serde_json::to_string(&m)?);
    }
    Ok(())
}
