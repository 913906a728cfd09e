//! Date cases (`cases/dates.tsv`): absolute, relative, weekdays, months, years and spans,
//! with ACLED time precision and the weekday-wins warning.

mod common;

use chrono::NaiveDate;
use marsad_text::{dates, normalize, DateMention};

fn day(cell: &str) -> Result<Option<NaiveDate>, String> {
    match cell {
        "-" => Ok(None),
        s => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|e| format!("bad date {s:?}: {e}")),
    }
}

fn check_day(what: &str, cell: &str, got: Option<NaiveDate>) -> Result<(), String> {
    if cell == "*" {
        return Ok(());
    }
    let want = day(cell)?;
    if got != want {
        return Err(format!("{what}: got {got:?}, want {want:?}"));
    }
    Ok(())
}

fn check(m: &DateMention, c: &common::Case) -> Result<(), String> {
    let kind = format!("{:?}", m.kind);
    if kind != c.cell(2) {
        return Err(format!("kind: got {kind}, want {}", c.cell(2)));
    }
    check_day("date", c.cell(3), m.date)?;
    if m.time_precision.to_string() != c.cell(4) {
        return Err(format!(
            "precision: got {}, want {}",
            m.time_precision,
            c.cell(4)
        ));
    }
    check_day("earliest", c.cell(5), m.earliest)?;
    check_day("latest", c.cell(6), m.latest)?;
    let mut flags = Vec::new();
    if m.warning.is_some() {
        flags.push("warn");
    }
    if m.past_marker {
        flags.push("past");
    }
    let flags = if flags.is_empty() {
        "-".to_string()
    } else {
        flags.join(" ")
    };
    if flags != c.cell(7) {
        return Err(format!(
            "flags: got {flags} ({:?}), want {}",
            m.warning,
            c.cell(7)
        ));
    }
    Ok(())
}

#[test]
fn dates_table() {
    let cases = common::cases(include_str!("cases/dates.tsv"), 100);
    common::run("dates.tsv", &cases, |c| {
        let text = normalize(c.cell(0)).text;
        let published = day(c.cell(1))?;
        let found = dates(&text, published);
        if c.cell(2) == "none" {
            return match found.as_slice() {
                [] => Ok(()),
                _ => Err(format!("{text:?}: want no date, got {found:?}")),
            };
        }
        let [m] = found.as_slice() else {
            return Err(format!("{text:?}: want one date, got {found:?}"));
        };
        check(m, c).map_err(|e| format!("{text:?}: {e}"))
    });
}
