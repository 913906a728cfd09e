//! Reviewed lexicon tables in TSV: a header row, `#` comments, one entry per line. A reader
//! of Arabic corrects them without reading Rust; code asks for columns by name.
//!
//! ```text
//! phrase<TAB>actor<TAB>inter
//! قسد<TAB>QSD: Syrian Democratic Forces<TAB>Rebel group<TAB># the usual abbreviation
//! ```

use thiserror::Error;

/// A malformed lexicon table: which line, and what is wrong with it.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum TableError {
    /// The table has no header row.
    #[error("lexicon table {table}: no header row")]
    NoHeader {
        /// Table name given to [`Table::parse`].
        table: String,
    },
    /// A required column is missing from the header.
    #[error("lexicon table {table}: no column `{column}`")]
    MissingColumn {
        /// Table name.
        table: String,
        /// The column asked for.
        column: String,
    },
}

/// One parsed TSV lexicon table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    name: String,
    header: Vec<String>,
    rows: Vec<Row>,
}

/// One entry of a [`Table`], with its 1-based line for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Line number in the TSV file.
    pub line: usize,
    fields: Vec<String>,
}

impl Table {
    /// Parses TSV text. Blank lines and lines starting with `#` are skipped; a `#` after a tab
    /// starts a trailing comment; fields are trimmed.
    pub fn parse(name: &str, tsv: &str) -> Result<Table, TableError> {
        let mut lines = tsv
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, strip_comment(l)))
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((_, header)) = lines.next() else {
            return Err(TableError::NoHeader { table: name.into() });
        };
        let header = header.split('\t').map(|h| h.trim().to_string()).collect();
        let rows = lines
            .map(|(line, l)| Row {
                line,
                fields: l.split('\t').map(|f| f.trim().to_string()).collect(),
            })
            .collect();
        Ok(Table {
            name: name.into(),
            header,
            rows,
        })
    }

    /// The rows, in file order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Index of a column, or an error naming the table.
    pub fn column(&self, column: &str) -> Result<usize, TableError> {
        self.header
            .iter()
            .position(|h| h == column)
            .ok_or_else(|| TableError::MissingColumn {
                table: self.name.clone(),
                column: column.into(),
            })
    }
}

impl Row {
    /// The field at `index`, empty when the row is short.
    pub fn get(&self, index: usize) -> &str {
        self.fields.get(index).map_or("", String::as_str)
    }
}

fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    match line.find("\t#") {
        Some(i) => &line[..i],
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_columns_comments_and_short_rows() {
        let t = Table::parse(
            "actors",
            "# actors\nphrase\tactor\tinter\nقسد\tQSD\tRebel group\t# note\n\nداعش\tIS\n",
        )
        .unwrap();
        let actor = t.column("actor").unwrap();
        let inter = t.column("inter").unwrap();
        assert_eq!(t.rows().len(), 2);
        assert_eq!(t.rows()[0].get(actor), "QSD");
        assert_eq!(t.rows()[0].get(inter), "Rebel group");
        assert_eq!(t.rows()[1].get(inter), "");
        assert_eq!(t.rows()[1].line, 5);
        assert!(t.column("missing").is_err());
    }
}
