//! The Arabic word tables of this crate (`data/*.tsv`), parsed once on first use.
//!
//! Format: UTF-8, tab-separated, `#` starts a comment line, the first other line is a header.
//! Arabic cells are normalized with [`crate::normalize`] so that a reviewer may write `أيلول`
//! with its hamza and the table still meets normalized article text (`ايلول`).

use crate::normalize::normalize;

/// One data row: its cells, Arabic ones normalized.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub cells: Vec<String>,
}

impl Row {
    /// The cell at `i`, or `""` when the row is short (an optional trailing column).
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }
}

/// Parses a TSV table: skips blank and `#` lines and the header; trims and normalizes cells.
pub(crate) fn parse_table(source: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut header_seen = false;
    for line in source.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let cells = line
            .split('\t')
            .map(|cell| normalize(cell.trim()).text)
            .collect();
        rows.push(Row { cells });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_comments_and_hamza_are_handled() {
        let rows = parse_table("# months\nform\tmonth\n\nأيلول\t9\n# note\nآب\t8\n");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].cell(0), "ايلول");
        assert_eq!(rows[1].cell(0), "اب");
        assert_eq!(rows[1].cell(1), "8");
        assert_eq!(rows[1].cell(5), "");
    }
}
