//! The corpus generator: reports written from templates and the lexicons, deterministic for a
//! seed, with what makes every stage of the pipeline work — page furniture around the body
//! (ingest cuts it), obfuscated names and diacritics (normalization undoes them), several acts
//! per report, one incident told by several outlets (fusion merges them), tolls that rise,
//! verbatim republications (dedup), aggregates and background (not events).

use std::collections::VecDeque;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};
use marsad_model::Article;
use serde::Serialize;

use crate::prng::SplitMix64;
use crate::tables::{Settlement, Tables};
use crate::{Error, Result};

/// Event types the generator writes; each has `lead_<type>` and `title_<type>` templates.
const EVENT_TYPES: [&str; 7] = [
    "attack",
    "ied",
    "carbomb",
    "clash",
    "assassination",
    "raid",
    "drone",
];
/// How often each of [`EVENT_TYPES`] is drawn.
const EVENT_WEIGHTS: [u32; 7] = [30, 20, 8, 15, 12, 10, 5];

/// Template kinds the generator cannot do without.
pub(crate) const REQUIRED_KINDS: &[&str] = &[
    "lead_attack",
    "lead_ied",
    "lead_carbomb",
    "lead_clash",
    "lead_assassination",
    "lead_raid",
    "lead_drone",
    "title_attack",
    "title_ied",
    "title_carbomb",
    "title_clash",
    "title_assassination",
    "title_raid",
    "title_drone",
    "connector",
    "casualties",
    "claim",
    "response",
    "quote",
    "aggregate",
    "background",
    "analysis",
];

/// Incidents per day of the generated calendar: the corpus spans more days as it grows, so
/// the number of stored events a new report is compared with stays the same.
const INCIDENTS_PER_DAY: f64 = 10.0;
/// Share of reports republished verbatim by another outlet.
const REPUBLISHED: f64 = 0.03;
/// Articles per directory (each with its own manifest.jsonl).
pub const ARTICLES_PER_PART: usize = 1000;

/// What to generate: how many reports, from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorpusSpec {
    /// Number of reports.
    pub articles: usize,
    /// Seed: the same seed gives the same corpus, byte for byte.
    pub seed: u64,
}

/// One generated report, as a scraped page would give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Article id (`g7-0000042`).
    pub id: String,
    /// Outlet name in Latin letters.
    pub outlet: String,
    /// Outlet name in Arabic.
    pub outlet_ar: String,
    /// A made-up URL at the outlet's host.
    pub url: String,
    /// Publication day.
    pub published: NaiveDate,
    /// Headline.
    pub title: String,
    /// The page text: navigation, headline, dateline, body, footer.
    pub text: String,
}

impl Report {
    /// The article `marsad ingest` would read from this report's file and manifest line:
    /// boilerplate cut by `marsad_ingest::clean_text`, metadata from the manifest.
    pub fn to_article(&self) -> Article {
        let (text, removed) = marsad_ingest::clean_text(&self.text);
        Article {
            id: self.id.clone(),
            url: Some(self.url.clone()),
            outlet: Some(self.outlet.clone()),
            outlet_ar: Some(self.outlet_ar.clone()),
            title: Some(self.title.clone()),
            published: Some(self.published),
            text,
            removed,
            origin: format!("{}.txt", self.id),
        }
    }
}

/// One happening, told by one or more reports.
#[derive(Debug, Clone)]
struct Incident {
    kind: usize,
    date: NaiveDate,
    place: Settlement,
    attacker: String,
    target: String,
    killed: u32,
    wounded: u32,
}

/// An endless, deterministic stream of reports (see the module doc). The stream for a seed is
/// fixed: `Generator::new(7)?.take(n)` is always the same `n` reports.
///
/// ```
/// let reports: Vec<_> = marsad_bench::Generator::new(7).unwrap().take(3).collect();
/// assert!(reports[0].text.contains("داعش") || reports[0].text.len() > 1000);
/// ```
pub struct Generator {
    tables: Tables,
    rng: SplitMix64,
    seed: u64,
    day: NaiveDate,
    serial: u64,
    pending: VecDeque<Report>,
}

impl Generator {
    /// A generator for `seed`, with the bundled tables.
    pub fn new(seed: u64) -> Result<Generator> {
        Ok(Generator {
            tables: Tables::bundled()?,
            rng: SplitMix64::new(seed),
            seed,
            day: NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default(),
            serial: 0,
            pending: VecDeque::new(),
        })
    }

    fn next_id(&mut self) -> String {
        self.serial += 1;
        format!("g{}-{:07}", self.seed, self.serial)
    }

    fn new_incident(&mut self, date: NaiveDate) -> Incident {
        let kind = self.rng.weighted(&EVENT_WEIGHTS);
        let north_east = self.rng.chance(0.85);
        let pool: Vec<&Settlement> = self
            .tables
            .settlements
            .iter()
            .filter(|s| s.north_east || !north_east)
            .collect();
        let place = self
            .rng
            .pick(&pool)
            .map(|s| (*s).clone())
            .unwrap_or_else(|| Settlement {
                name_ar: "الرقة".into(),
                type_word: "مدينة",
                governorate_ar: "الرقة".into(),
                north_east: true,
            });
        // Templates put their own "cells of" before the attacker (خلايا {attacker}).
        let isis: Vec<&String> = self
            .tables
            .isis
            .iter()
            .filter(|p| !["خلايا", "عناصر", "مسلحي"].iter().any(|w| p.starts_with(w)))
            .collect();
        let attacker = if self.rng.chance(0.85) {
            self.rng.pick(&isis).map(|p| (*p).clone())
        } else {
            self.rng.pick(&self.tables.unknown_gunmen).cloned()
        }
        .unwrap_or_default();
        let target = self.rng.pick(&self.tables.sdf).cloned().unwrap_or_default();
        Incident {
            kind,
            date,
            place,
            attacker,
            target,
            killed: self.rng.range(2, 12) as u32,
            wounded: self.rng.range(2, 15) as u32,
        }
    }

    /// Queues the reports of the next incident (1–4 outlets, a verbatim copy now and then).
    fn next_incident(&mut self) {
        if self.rng.chance(1.0 / INCIDENTS_PER_DAY) {
            self.day = self.day.checked_add_days(Days::new(1)).unwrap_or(self.day);
        }
        let incident = self.new_incident(self.day);
        let tellings = 1 + self.rng.weighted(&[40, 30, 20, 10]);
        let mut outlets: Vec<usize> = (0..self.tables.outlets.len()).collect();
        for telling in 0..tellings {
            if outlets.is_empty() {
                break;
            }
            let outlet = outlets.swap_remove(self.rng.index(outlets.len()));
            let delay = match telling {
                0 => u64::from(self.rng.chance(0.3)),
                _ => self.rng.range(0, 2),
            };
            let published = incident
                .date
                .checked_add_days(Days::new(delay))
                .unwrap_or(incident.date);
            // Later tellings often carry a risen toll.
            let mut told = incident.clone();
            if telling > 0 && self.rng.chance(0.4) {
                told.killed += self.rng.range(1, 4) as u32;
            }
            let report = self.write_report(&told, outlet, published);
            if self.rng.chance(REPUBLISHED) {
                let copier = self.rng.index(self.tables.outlets.len());
                let mut copy = report.clone();
                copy.id = self.next_id();
                if let Some(o) = self.tables.outlets.get(copier) {
                    copy.outlet.clone_from(&o.name_en);
                    copy.outlet_ar.clone_from(&o.name_ar);
                    copy.url = format!("https://{}/news/{}", o.host, copy.id);
                }
                self.pending.push_back(report);
                self.pending.push_back(copy);
            } else {
                self.pending.push_back(report);
            }
        }
    }

    /// A number as outlets write it: digits, Arabic-Indic digits, or (2–10) a word.
    fn number(&mut self, n: u32) -> String {
        let roll = self.rng.unit();
        if roll < 0.2 {
            if let Some(word) = self.tables.number_words.get(&n) {
                return word.clone();
            }
        }
        if roll < 0.4 {
            return n
                .to_string()
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
                    None => c,
                })
                .collect();
        }
        n.to_string()
    }

    /// An actor phrase as it appears in print: sometimes quoted, sometimes broken with dots
    /// and tatweel (`التنـ.ـظيم`, `داعـــش`) to dodge platform filters.
    fn obfuscated(&mut self, phrase: &str) -> String {
        let roll = self.rng.unit();
        let chars: Vec<char> = phrase.chars().collect();
        let words = phrase.split(' ').count();
        if roll < 0.12 && words == 1 && chars.len() >= 4 {
            let cut = 1 + self.rng.index(chars.len() - 2);
            let mark = if self.rng.chance(0.5) {
                "ـ.ـ"
            } else {
                "ـــ"
            };
            let (a, b) = chars.split_at(cut);
            format!(
                "{}{mark}{}",
                a.iter().collect::<String>(),
                b.iter().collect::<String>()
            )
        } else if roll < 0.25 {
            format!("“{phrase}”")
        } else {
            phrase.to_string()
        }
    }

    /// The day of `date` as a report published on `published` tells it.
    fn day_phrase(&mut self, date: NaiveDate, published: NaiveDate) -> String {
        let weekday = self
            .tables
            .weekdays
            .get(date.weekday().num_days_from_monday() as usize)
            .cloned()
            .unwrap_or_default();
        let back = (published - date).num_days();
        let month = |t: &Tables| {
            t.levantine_months
                .get(date.month0() as usize)
                .cloned()
                .unwrap_or_default()
        };
        match (back, self.rng.index(3)) {
            (0, 0) => format!("اليوم {weekday}"),
            (0, 1) => format!("فجر اليوم {weekday}"),
            (1, 0) => format!("أمس {weekday}"),
            (1, 1) => format!("مساء أمس {weekday}"),
            (2..=6, 0) => format!("يوم {weekday} الماضي"),
            (_, 1) => format!("يوم {weekday} {} {}", date.day(), month(&self.tables)),
            _ => {
                let gregorian = self
                    .tables
                    .gregorian_months
                    .get(date.month0() as usize)
                    .cloned()
                    .unwrap_or_default();
                format!(
                    "في {} {}/{gregorian} {}",
                    date.day(),
                    month(&self.tables),
                    date.year()
                )
            }
        }
    }

    /// Fills a template's slots for `incident` told by `outlet` on `published`.
    fn fill(
        &mut self,
        template: &str,
        incident: &Incident,
        outlet: &str,
        published: NaiveDate,
    ) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let slot = &after[..close];
            let value = match slot {
                "attacker" => {
                    let a = incident.attacker.clone();
                    self.obfuscated(&a)
                }
                "target" => incident.target.clone(),
                "place" => format!("{} {}", incident.place.type_word, incident.place.name_ar),
                "place_name" => incident.place.name_ar.clone(),
                "gov" => incident.place.governorate_ar.clone(),
                "day" => self.day_phrase(incident.date, published),
                "killed" => self.number(incident.killed),
                "wounded" => self.number(incident.wounded),
                "count" => {
                    let n = self.rng.range(12, 240) as u32;
                    self.number(n)
                }
                "outlet" => outlet.to_string(),
                other => format!("{{{other}}}"),
            };
            out.push_str(&value);
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// One template of `kind`, filled.
    fn sentence(
        &mut self,
        kind: &str,
        incident: &Incident,
        outlet: &str,
        published: NaiveDate,
    ) -> String {
        let templates = self.tables.kind(kind);
        let template = templates
            .get(self.rng.index(templates.len()))
            .cloned()
            .unwrap_or_default();
        self.fill(&template, incident, outlet, published)
    }

    /// Diacritics on a few words (a fatha after the first letter), as some outlets print them.
    fn with_diacritics(&mut self, line: &str) -> String {
        let mut out = String::with_capacity(line.len() + 16);
        for (i, word) in line.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let mut chars = word.chars();
            match chars.next() {
                Some(first)
                    if ('\u{0621}'..='\u{064A}').contains(&first) && self.rng.chance(0.06) =>
                {
                    out.push(first);
                    out.push('\u{064E}');
                    out.push_str(chars.as_str());
                }
                _ => out.push_str(word),
            }
        }
        out
    }

    fn write_report(&mut self, incident: &Incident, outlet: usize, published: NaiveDate) -> Report {
        let Some(o) = self.tables.outlets.get(outlet).cloned() else {
            return Report {
                id: self.next_id(),
                outlet: String::new(),
                outlet_ar: String::new(),
                url: String::new(),
                published,
                title: String::new(),
                text: String::new(),
            };
        };
        let id = self.next_id();
        // File size: mostly 1–6 KB (triangular), one in seven 4–7.5 KB, mean about 4 KB; the last
        // paragraph may overshoot by a few hundred bytes.
        let target = if self.rng.chance(0.85) {
            1024.0 + 5000.0 * (self.rng.unit() + self.rng.unit()) / 2.0
        } else {
            4096.0 + 3500.0 * self.rng.unit()
        } as usize;
        let kind = EVENT_TYPES.get(incident.kind).copied().unwrap_or("attack");
        let title = self.sentence(&format!("title_{kind}"), incident, &o.name_ar, published);

        let mut head = vec![o.nav.clone()];
        for _ in 0..self.rng.range(0, 2) {
            if let Some(line) = self.rng.pick(&self.tables.header_lines) {
                head.push(line.clone());
            }
        }
        head.push(String::new());
        head.push(title.clone());
        head.push(String::new());
        head.push(format!("{} - {}", incident.place.governorate_ar, o.name_ar));
        let weekday = self
            .tables
            .weekdays
            .get(published.weekday().num_days_from_monday() as usize)
            .cloned()
            .unwrap_or_default();
        let month = self
            .tables
            .levantine_months
            .get(published.month0() as usize)
            .cloned()
            .unwrap_or_default();
        head.push(format!(
            "آخر تحديث: {weekday} {} {month} {}",
            published.day(),
            published.year()
        ));
        head.push(String::new());

        let mut body: Vec<String> = Vec::new();
        let mut lead = self.sentence(&format!("lead_{kind}"), incident, &o.name_ar, published);
        for follow in ["casualties", "claim", "response", "quote"] {
            if self.rng.chance(0.5) {
                lead.push(' ');
                lead.push_str(&self.sentence(follow, incident, &o.name_ar, published));
            }
        }
        body.push(lead);
        // Other acts the same report tells (0–2), each its own incident.
        for _ in 0..self.rng.weighted(&[45, 35, 20]) {
            let back = self.rng.range(0, 3);
            let date = published
                .checked_sub_days(Days::new(back))
                .unwrap_or(published);
            let other = self.new_incident(date);
            let other_kind = EVENT_TYPES.get(other.kind).copied().unwrap_or("attack");
            let mut line = self.sentence("connector", &other, &o.name_ar, published);
            line.push_str(&self.sentence(
                &format!("lead_{other_kind}"),
                &other,
                &o.name_ar,
                published,
            ));
            if self.rng.chance(0.4) {
                line.push(' ');
                line.push_str(&self.sentence("casualties", &other, &o.name_ar, published));
            }
            body.push(line);
        }
        // Aggregates and background close the report, after the analysis.
        let mut tail = Vec::new();
        for (kind, p) in [("aggregate", 0.5), ("background", 0.5)] {
            if self.rng.chance(p) {
                tail.push(self.sentence(kind, incident, &o.name_ar, published));
            }
        }

        let mut foot = Vec::new();
        foot.push(String::new());
        for _ in 0..self.rng.range(2, 5) {
            if let Some(line) = self.rng.pick(&self.tables.footer_lines).cloned() {
                let other = self.new_incident(published);
                let headline_kind = EVENT_TYPES.get(other.kind).copied().unwrap_or("attack");
                let headline = self.sentence(
                    &format!("title_{headline_kind}"),
                    &other,
                    &o.name_ar,
                    published,
                );
                foot.push(
                    line.replace("{headline}", &headline)
                        .replace("{outlet}", &o.name_ar),
                );
            }
        }

        let mut size: usize = head
            .iter()
            .chain(&body)
            .chain(&tail)
            .chain(&foot)
            .map(|l| l.len() + 1)
            .sum();
        while size < target {
            let mut paragraph = self.sentence("analysis", incident, &o.name_ar, published);
            if self.rng.chance(0.5) {
                paragraph.push(' ');
                paragraph.push_str(&self.sentence("analysis", incident, &o.name_ar, published));
            }
            size += paragraph.len() + 1;
            body.push(paragraph);
        }
        body.append(&mut tail);
        if self.rng.chance(0.3) {
            body = body.iter().map(|l| self.with_diacritics(l)).collect();
        }

        let mut text = head.join("\n");
        text.push('\n');
        text.push_str(&body.join("\n"));
        text.push('\n');
        text.push_str(&foot.join("\n"));
        text.push('\n');
        Report {
            url: format!("https://{}/news/{}", o.host, id),
            id,
            outlet: o.name_en,
            outlet_ar: o.name_ar,
            published,
            title,
            text,
        }
    }
}

impl Iterator for Generator {
    type Item = Report;

    fn next(&mut self) -> Option<Report> {
        while self.pending.is_empty() {
            self.next_incident();
        }
        self.pending.pop_front()
    }
}

/// What [`write_corpus`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Corpus {
    /// The corpus directory (give it to `marsad ingest`).
    pub dir: PathBuf,
    /// Reports written.
    pub articles: usize,
    /// Bytes of report text written (manifests not counted).
    pub bytes: u64,
}

/// One line of a generated `manifest.jsonl` (input.md).
#[derive(Serialize)]
struct ManifestLine<'a> {
    id: &'a str,
    file: &'a str,
    outlet: &'a str,
    outlet_ar: &'a str,
    url: &'a str,
    published: String,
    title: &'a str,
}

/// Writes `spec.articles` reports under `dir` (created; it must be empty or absent): one
/// `.txt` file per report in directories of [`ARTICLES_PER_PART`] (`part-0000`, ...), each with
/// a `manifest.jsonl` giving id, outlet, URL, publication day and title.
pub fn write_corpus(spec: &CorpusSpec, dir: &Path) -> Result<Corpus> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    fs::create_dir_all(dir).map_err(io(dir))?;
    if fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
        return Err(Error::NotEmpty(dir.to_path_buf()));
    }
    let mut generator = Generator::new(spec.seed)?;
    let mut bytes = 0u64;
    let mut written = 0usize;
    let mut part = 0usize;
    while written < spec.articles {
        let part_dir = dir.join(format!("part-{part:04}"));
        fs::create_dir_all(&part_dir).map_err(io(&part_dir))?;
        let manifest_path = part_dir.join("manifest.jsonl");
        let file = fs::File::create(&manifest_path).map_err(io(&manifest_path))?;
        let mut manifest = BufWriter::new(file);
        let in_part = ARTICLES_PER_PART.min(spec.articles - written);
        for report in generator.by_ref().take(in_part) {
            let name = format!("{}.txt", report.id);
            let path = part_dir.join(&name);
            fs::write(&path, &report.text).map_err(io(&path))?;
            bytes += report.text.len() as u64;
            let line = ManifestLine {
                id: &report.id,
                file: &name,
                outlet: &report.outlet,
                outlet_ar: &report.outlet_ar,
                url: &report.url,
                published: report.published.to_string(),
                title: &report.title,
            };
            let json = serde_json::to_string(&line).map_err(Error::Json)?;
            writeln!(manifest, "{json}").map_err(io(&manifest_path))?;
        }
        manifest.flush().map_err(io(&manifest_path))?;
        written += in_part;
        part += 1;
    }
    Ok(Corpus {
        dir: dir.to_path_buf(),
        articles: written,
        bytes,
    })
}
