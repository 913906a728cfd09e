//! The word tables the generator writes from: its own templates (`crates/bench/data`) and the
//! project's lexicons (actors, places), all TSV with a header and `#` comments.

use std::collections::HashMap;

use crate::{Error, Result};

const TEMPLATES: &str = include_str!("../data/templates.tsv");
const OUTLETS: &str = include_str!("../data/outlets.tsv");
const CALENDAR: &str = include_str!("../data/calendar.tsv");
const BOILERPLATE: &str = include_str!("../data/boilerplate.tsv");
const ACTORS: &str = include_str!("../../../data/lexicon/actors.tsv");
const PLACES: &str = include_str!("../../../data/gazetteer/places.tsv");

/// The rows of one TSV table: the header's column names and each data row's fields.
struct Tsv<'a> {
    name: &'static str,
    columns: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Tsv<'a> {
    fn parse(name: &'static str, text: &'a str) -> Result<Tsv<'a>> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let columns = match lines.next() {
            Some((_, header)) => header.split('\t').collect(),
            None => {
                return Err(Error::Table {
                    table: name,
                    line: 1,
                    reason: "no header".into(),
                })
            }
        };
        let rows = lines
            .map(|(i, l)| (i + 1, l.split('\t').collect()))
            .collect();
        Ok(Tsv {
            name,
            columns,
            rows,
        })
    }

    fn column(&self, column: &str) -> Result<usize> {
        self.columns
            .iter()
            .position(|c| *c == column)
            .ok_or_else(|| Error::Table {
                table: self.name,
                line: 1,
                reason: format!("no column {column:?}"),
            })
    }

    /// Each row's fields at the given columns (a missing trailing field reads as empty).
    fn select(&self, columns: &[&str]) -> Result<Vec<(usize, Vec<&'a str>)>> {
        let indexes = columns
            .iter()
            .map(|c| self.column(c))
            .collect::<Result<Vec<_>>>()?;
        Ok(self
            .rows
            .iter()
            .map(|(line, fields)| {
                let picked = indexes
                    .iter()
                    .map(|&i| fields.get(i).copied().unwrap_or("").trim())
                    .collect();
                (*line, picked)
            })
            .collect())
    }
}

/// One outlet reports are attributed to.
#[derive(Debug, Clone)]
pub struct Outlet {
    /// Latin name (`Enab Baladi`).
    pub name_en: String,
    /// Arabic name (`عنب بلدي`).
    pub name_ar: String,
    /// Host for made-up URLs.
    pub host: String,
    /// The navigation line its pages start with.
    pub nav: String,
}

/// A settlement reports can happen in.
#[derive(Debug, Clone)]
pub struct Settlement {
    /// Arabic name (`الشحيل`).
    pub name_ar: String,
    /// Its type word (`مدينة`, `بلدة`, `قرية`).
    pub type_word: &'static str,
    /// Its governorate's Arabic name (`دير الزور`).
    pub governorate_ar: String,
    /// Whether it lies in the four governorates where ISIS attacks the SDF most.
    pub north_east: bool,
}

/// Everything the generator draws words from.
#[derive(Debug, Clone)]
pub struct Tables {
    /// Sentence templates by kind (`lead_attack`, `analysis`...).
    pub templates: HashMap<String, Vec<String>>,
    /// Outlets.
    pub outlets: Vec<Outlet>,
    /// Weekday names, Monday first.
    pub weekdays: Vec<String>,
    /// Levantine month names, January first.
    pub levantine_months: Vec<String>,
    /// Gregorian month names, January first.
    pub gregorian_months: Vec<String>,
    /// Number words by value (2..=10).
    pub number_words: HashMap<u32, String>,
    /// Header boilerplate lines.
    pub header_lines: Vec<String>,
    /// Footer boilerplate lines.
    pub footer_lines: Vec<String>,
    /// ISIS phrases (family `isis` in actors.tsv).
    pub isis: Vec<String>,
    /// Unknown gunmen phrases (family `unknown`).
    pub unknown_gunmen: Vec<String>,
    /// SDF phrases (family `sdf`).
    pub sdf: Vec<String>,
    /// Settlements from places.tsv (cities, towns, villages).
    pub settlements: Vec<Settlement>,
}

/// Governorates (OCHA p-codes) where the generator puts most incidents: Aleppo, Hasakah,
/// Deir ez-Zor, Raqqa.
const NORTH_EAST: [&str; 4] = ["SY02", "SY08", "SY09", "SY11"];

impl Tables {
    /// Parses the bundled tables; an error names the table and line.
    pub fn bundled() -> Result<Tables> {
        let mut templates: HashMap<String, Vec<String>> = HashMap::new();
        for (_, f) in Tsv::parse("templates.tsv", TEMPLATES)?.select(&["kind", "text"])? {
            if let [kind, text] = f.as_slice() {
                templates
                    .entry((*kind).to_string())
                    .or_default()
                    .push((*text).to_string());
            }
        }
        // Connectors end in a space the trim above removed.
        if let Some(connectors) = templates.get_mut("connector") {
            for c in connectors.iter_mut() {
                c.push(' ');
            }
        }
        let outlets = Tsv::parse("outlets.tsv", OUTLETS)?
            .select(&["name_en", "name_ar", "host", "nav"])?
            .into_iter()
            .filter_map(|(_, f)| match f.as_slice() {
                [en, ar, host, nav] => Some(Outlet {
                    name_en: (*en).into(),
                    name_ar: (*ar).into(),
                    host: (*host).into(),
                    nav: (*nav).into(),
                }),
                _ => None,
            })
            .collect();

        let mut weekdays = vec![String::new(); 7];
        let mut levantine_months = vec![String::new(); 12];
        let mut gregorian_months = vec![String::new(); 12];
        let mut number_words = HashMap::new();
        for (line, f) in
            Tsv::parse("calendar.tsv", CALENDAR)?.select(&["kind", "number", "form"])?
        {
            let [kind, number, form] = f.as_slice() else {
                continue;
            };
            let n: usize = number.parse().map_err(|_| Error::Table {
                table: "calendar.tsv",
                line,
                reason: format!("number {number:?}"),
            })?;
            let slot = match *kind {
                "weekday" => weekdays.get_mut(n.wrapping_sub(1)),
                "levantine" => levantine_months.get_mut(n.wrapping_sub(1)),
                "gregorian" => gregorian_months.get_mut(n.wrapping_sub(1)),
                "number" => {
                    number_words.insert(n as u32, (*form).to_string());
                    continue;
                }
                _ => None,
            };
            match slot {
                Some(slot) => *slot = (*form).to_string(),
                None => {
                    return Err(Error::Table {
                        table: "calendar.tsv",
                        line,
                        reason: format!("{kind} {n}"),
                    })
                }
            }
        }
        if let Some(missing) = weekdays
            .iter()
            .chain(&levantine_months)
            .chain(&gregorian_months)
            .position(String::is_empty)
        {
            return Err(Error::Table {
                table: "calendar.tsv",
                line: 0,
                reason: format!("entry {missing} of weekdays+months missing"),
            });
        }

        let mut header_lines = Vec::new();
        let mut footer_lines = Vec::new();
        for (_, f) in Tsv::parse("boilerplate.tsv", BOILERPLATE)?.select(&["position", "text"])? {
            match f.as_slice() {
                ["header", text] => header_lines.push((*text).to_string()),
                ["footer", text] => footer_lines.push((*text).to_string()),
                _ => {}
            }
        }

        let mut isis = Vec::new();
        let mut unknown_gunmen = Vec::new();
        let mut sdf = Vec::new();
        for (_, f) in Tsv::parse("actors.tsv", ACTORS)?.select(&["phrase", "family"])? {
            let [phrase, family] = f.as_slice() else {
                continue;
            };
            let list = match *family {
                "isis" => &mut isis,
                "unknown" => &mut unknown_gunmen,
                "sdf" => &mut sdf,
                _ => continue,
            };
            if !list.iter().any(|p| p == phrase) {
                list.push((*phrase).to_string());
            }
        }

        let places = Tsv::parse("places.tsv", PLACES)?;
        let rows = places.select(&["name_ar", "kind", "admin1_pcode"])?;
        let governorates: HashMap<&str, &str> = rows
            .iter()
            .filter_map(|(_, f)| match f.as_slice() {
                [name, "governorate", pcode] => Some((*pcode, *name)),
                _ => None,
            })
            .collect();
        let settlements = rows
            .iter()
            .filter_map(|(_, f)| {
                let [name, kind, pcode] = f.as_slice() else {
                    return None;
                };
                let type_word = match *kind {
                    "city" => "مدينة",
                    "town" => "بلدة",
                    "village" => "قرية",
                    _ => return None,
                };
                Some(Settlement {
                    name_ar: (*name).to_string(),
                    type_word,
                    governorate_ar: (*governorates.get(pcode)?).to_string(),
                    north_east: NORTH_EAST.contains(pcode),
                })
            })
            .collect::<Vec<_>>();

        let tables = Tables {
            templates,
            outlets,
            weekdays,
            levantine_months,
            gregorian_months,
            number_words,
            header_lines,
            footer_lines,
            isis,
            unknown_gunmen,
            sdf,
            settlements,
        };
        tables.check()?;
        Ok(tables)
    }

    /// Refuses tables the generator cannot write from.
    fn check(&self) -> Result<()> {
        let empty = |what: &str| Error::Table {
            table: "bundled tables",
            line: 0,
            reason: format!("no {what}"),
        };
        for kind in crate::generate::REQUIRED_KINDS {
            if self.kind(kind).is_empty() {
                return Err(empty(kind));
            }
        }
        if self.outlets.is_empty() {
            return Err(empty("outlets"));
        }
        if self.isis.is_empty() || self.sdf.is_empty() || self.unknown_gunmen.is_empty() {
            return Err(empty("actor phrases (isis, sdf, unknown)"));
        }
        if !self.settlements.iter().any(|s| s.north_east) {
            return Err(empty("north-east settlements"));
        }
        if self.footer_lines.is_empty() || self.header_lines.is_empty() {
            return Err(empty("boilerplate lines"));
        }
        Ok(())
    }

    /// The templates of one kind (empty when the kind is unknown).
    pub fn kind(&self, kind: &str) -> &[String] {
        self.templates.get(kind).map(Vec::as_slice).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_tables_load_with_words_from_the_lexicons() {
        let t = Tables::bundled().expect("bundled tables");
        assert!(t.isis.iter().any(|p| p == "داعش"));
        assert!(t.sdf.iter().any(|p| p == "قسد"));
        assert!(t.settlements.len() > 100, "{}", t.settlements.len());
        let mayadin = t.settlements.iter().find(|s| s.name_ar == "الميادين");
        assert_eq!(
            mayadin.map(|s| s.governorate_ar.as_str()),
            Some("دير الزور")
        );
        assert_eq!(t.weekdays[0], "الإثنين");
        assert_eq!(t.levantine_months[2], "آذار");
        assert!(t.kind("connector").iter().all(|c| c.ends_with(' ')));
    }

    #[test]
    fn a_table_without_header_is_an_error() {
        assert!(matches!(
            Tsv::parse("x.tsv", "# only a comment\n"),
            Err(Error::Table { table: "x.tsv", .. })
        ));
    }
}
