//! Reads the case tables in `tests/cases/*.tsv`: tab-separated, `#` comments, a header line.
//! Cells may spell invisible characters as `\u{200F}`; `\t`, `\r` and `\n` are a tab, a carriage return and a newline.

#![allow(dead_code)]

/// One case: its 1-based line in the table and its cells.
pub struct Case {
    pub line: usize,
    pub cells: Vec<String>,
}

impl Case {
    /// The cell at `i`, or `""`.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }
}

/// Turns `\u{XXXX}`, `\n` and `\t` into the characters they name.
pub fn unescape(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(pos) = rest.find('\\') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(hex) = tail.strip_prefix("\\u{").and_then(|t| t.split_once('}')) {
            if let Some(c) = u32::from_str_radix(hex.0, 16).ok().and_then(char::from_u32) {
                out.push(c);
                rest = hex.1;
                continue;
            }
        }
        if let Some(t) = tail.strip_prefix("\\n") {
            out.push('\n');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("\\r") {
            out.push('\r');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("\\t") {
            out.push('\t');
            rest = t;
        } else {
            out.push('\\');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Loads a table; panics (this is a test) if it has fewer than `min` cases.
pub fn cases(source: &str, min: usize) -> Vec<Case> {
    let mut out = Vec::new();
    let mut header = false;
    for (n, line) in source.lines().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !header {
            header = true;
            continue;
        }
        out.push(Case {
            line: n + 1,
            cells: line.split('\t').map(|c| unescape(c.trim())).collect(),
        });
    }
    assert!(out.len() >= min, "only {} cases", out.len());
    out
}

/// Runs `check` on every case, collecting failures so one run shows them all.
pub fn run(table: &str, cases: &[Case], check: impl Fn(&Case) -> Result<(), String>) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check(c).err().map(|e| format!("{table}:{}: {e}", c.line)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
