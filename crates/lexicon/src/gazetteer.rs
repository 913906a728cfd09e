//! The gazetteer of Syrian places: governorates, towns and villages with their Arabic names,
//! spelling variants, coordinates and OCHA admin hierarchy, and a phrase matcher over the names.
//!
//! The base gazetteer is compiled in from `data/gazetteer/places.tsv` (GeoNames cities500 and
//! Natural Earth governorates, see `data/SOURCES.md`); users merge richer sources into it
//! (Open-Syria admin units, a GeoNames country dump) with [`Gazetteer::merge`].

use std::collections::{HashMap, HashSet};

use marsad_text::fold_for_match;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::alias::{Table, TableError};
use crate::phrase::{phrase_key, PhraseMatch, PhraseMatcher};

/// Errors reading gazetteer sources.
#[derive(Debug, Error)]
pub enum Error {
    /// A TSV table is malformed (missing header or column).
    #[error(transparent)]
    Table(#[from] TableError),
    /// A JSON source does not parse.
    #[error("{source_name}: invalid JSON: {message}")]
    Json {
        /// Which input (e.g. `districts.json`).
        source_name: String,
        /// The parser's message.
        message: String,
    },
    /// A JSON source parses but is not shaped as expected.
    #[error("{source_name}: {message}")]
    Shape {
        /// Which input.
        source_name: String,
        /// What is wrong.
        message: String,
    },
}

/// `Result` with the gazetteer's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A place's identifier: its GeoNames id when it has one, else an id given on import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PlaceId(pub u32);

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// Admin1 (محافظة).
    Governorate,
    /// Admin2 (منطقة).
    District,
    /// Admin3 (ناحية).
    Subdistrict,
    /// A city (مدينة).
    City,
    /// A town (بلدة).
    Town,
    /// A village (قرية).
    Village,
    /// A neighbourhood of a city (حي).
    Neighbourhood,
    /// A named area that is not an admin unit: a desert (بادية), a mountain range, a plain.
    Region,
}

impl PlaceKind {
    /// Parses the TSV spelling (`governorate`, `city`, ...).
    pub fn parse(s: &str) -> Option<PlaceKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "governorate" => PlaceKind::Governorate,
            "district" => PlaceKind::District,
            "subdistrict" => PlaceKind::Subdistrict,
            "city" => PlaceKind::City,
            "town" => PlaceKind::Town,
            "village" => PlaceKind::Village,
            "neighbourhood" | "neighborhood" => PlaceKind::Neighbourhood,
            "region" => PlaceKind::Region,
            _ => return None,
        })
    }

    /// Whether this is an administrative unit (governorate, district, subdistrict).
    pub fn is_admin_unit(self) -> bool {
        matches!(
            self,
            PlaceKind::Governorate | PlaceKind::District | PlaceKind::Subdistrict
        )
    }

    /// Whether people live there as a settlement (city, town, village, neighbourhood).
    pub fn is_settlement(self) -> bool {
        matches!(
            self,
            PlaceKind::City | PlaceKind::Town | PlaceKind::Village | PlaceKind::Neighbourhood
        )
    }
}

/// One place, with its names, coordinates and OCHA admin hierarchy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Identifier, unique in a gazetteer.
    pub id: PlaceId,
    /// The usual Arabic name (`دير الزور`).
    pub name_ar: String,
    /// Other Arabic spellings (`ديرالزور`; `ديبان` for `ذيبان`).
    pub variants_ar: Vec<String>,
    /// English name (`Deir ez-Zor`).
    pub name_en: String,
    /// What kind of place.
    pub kind: PlaceKind,
    /// WGS84 latitude.
    pub latitude: f64,
    /// WGS84 longitude.
    pub longitude: f64,
    /// Governorate, OCHA spelling (`Deir-ez-Zor`).
    pub admin1: Option<String>,
    /// Governorate p-code (`SY09`).
    pub admin1_pcode: Option<String>,
    /// District, OCHA spelling.
    pub admin2: Option<String>,
    /// District p-code (`SY0903`).
    pub admin2_pcode: Option<String>,
    /// Subdistrict, OCHA spelling.
    pub admin3: Option<String>,
    /// Subdistrict p-code (`SY090301`).
    pub admin3_pcode: Option<String>,
    /// Population, where the source gives one.
    pub population: Option<u64>,
    /// Where the entry came from (`geonames-cities500`, `open-syria`, ...; merged: `a+b`).
    pub source: String,
    /// The id in that source.
    pub source_id: String,
}

impl Place {
    /// The Arabic name and every variant.
    pub fn names_ar(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name_ar.as_str()).chain(self.variants_ar.iter().map(String::as_str))
    }
}

/// OCHA admin1 spellings by p-code (the spelling ACLED's `admin1` uses).
pub const OCHA_ADMIN1: [(&str, &str); 14] = [
    ("SY01", "Damascus"),
    ("SY02", "Aleppo"),
    ("SY03", "Rural Damascus"),
    ("SY04", "Homs"),
    ("SY05", "Hama"),
    ("SY06", "Lattakia"),
    ("SY07", "Idleb"),
    ("SY08", "Al-Hasakeh"),
    ("SY09", "Deir-ez-Zor"),
    ("SY10", "Tartous"),
    ("SY11", "Ar-Raqqa"),
    ("SY12", "Dar'a"),
    ("SY13", "As-Sweida"),
    ("SY14", "Quneitra"),
];

/// The OCHA admin1 name of a p-code: `admin1_name("SY09") == Some("Deir-ez-Zor")`.
pub fn admin1_name(pcode: &str) -> Option<&'static str> {
    OCHA_ADMIN1
        .iter()
        .find(|(p, _)| p.eq_ignore_ascii_case(pcode))
        .map(|(_, n)| *n)
}

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().min(1.0).asin()
}

/// Same place from two sources: same folded Arabic name within this distance.
const MERGE_DISTANCE_KM: f64 = 5.0;

/// Ids given to imported places without a GeoNames id start here.
const FIRST_LOCAL_ID: u32 = 4_000_000_000;

/// What [`Gazetteer::merge`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Incoming places recognized as already known and merged into them.
    pub merged: usize,
    /// Incoming places added as new.
    pub added: usize,
    /// Places that received admin2/admin3 from the nearest subdistrict.
    pub admin_filled: usize,
}

/// The places marsad knows, with a phrase matcher over their Arabic names.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_id: HashMap<PlaceId, usize>,
    matcher: PhraseMatcher<PlaceId>,
}

/// The compiled-in base gazetteer table.
const BASE_PLACES: &str = include_str!("../../../data/gazetteer/places.tsv");

impl Gazetteer {
    /// The base gazetteer compiled into marsad: Syria's 14 governorates and ~300 towns and
    /// villages (GeoNames cities500) with reviewed Arabic variants. Rows that fail to parse are
    /// skipped (the crate's tests check there are none).
    pub fn base() -> Gazetteer {
        let (places, _warnings) = parse_places_tsv(BASE_PLACES).unwrap_or_default();
        Gazetteer::from_places(places)
    }

    /// A gazetteer of exactly these places (later duplicates of an id are dropped).
    pub fn from_places(places: Vec<Place>) -> Gazetteer {
        let mut seen = HashSet::new();
        let places: Vec<Place> = places.into_iter().filter(|p| seen.insert(p.id)).collect();
        let mut g = Gazetteer {
            places,
            by_id: HashMap::new(),
            matcher: PhraseMatcher::new(Vec::new()),
        };
        g.rebuild();
        g
    }

    fn rebuild(&mut self) {
        self.by_id = self
            .places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id, i))
            .collect();
        // One entry per place and phrase key, so a match lists each place once.
        let mut entries = Vec::new();
        for p in &self.places {
            let mut keys = HashSet::new();
            for name in p.names_ar() {
                if keys.insert(phrase_key(name)) {
                    entries.push((name.to_string(), p.id));
                }
            }
        }
        self.matcher = PhraseMatcher::new(entries);
    }

    /// Merges places from another source. The same place from two sources is one place: same
    /// p-code at the same admin level, or (same class of place: admin unit of the same level,
    /// settlement, region) a shared folded Arabic name or variant within ~5 km. Merged entries
    /// keep the richer admin fields and the union of variants; others are added (with a fresh
    /// id if theirs is taken). When subdistricts are known afterwards, settlements without
    /// admin2/admin3 get them from the subdistrict whose centroid is nearest within the same
    /// governorate: an approximation until boundaries are loaded.
    pub fn merge(&mut self, places: Vec<Place>) -> MergeReport {
        let mut report = MergeReport::default();
        let mut next_local = self
            .places
            .iter()
            .map(|p| p.id.0)
            .filter(|&id| id >= FIRST_LOCAL_ID)
            .max()
            .map_or(FIRST_LOCAL_ID, |m| m.saturating_add(1));
        for incoming in places {
            match self.same_place(&incoming) {
                Some(i) => {
                    if let Some(existing) = self.places.get_mut(i) {
                        absorb(existing, incoming);
                        report.merged += 1;
                    }
                }
                None => {
                    let mut incoming = incoming;
                    if self.by_id.contains_key(&incoming.id) {
                        incoming.id = PlaceId(next_local);
                        next_local = next_local.saturating_add(1);
                    }
                    self.by_id.insert(incoming.id, self.places.len());
                    self.places.push(incoming);
                    report.added += 1;
                }
            }
        }
        report.admin_filled = self.fill_admin_from_subdistricts();
        self.rebuild();
        report
    }

    /// Index of the known place `p` duplicates, if any.
    fn same_place(&self, p: &Place) -> Option<usize> {
        let class = |k: PlaceKind| match k {
            PlaceKind::Governorate => 0,
            PlaceKind::District => 1,
            PlaceKind::Subdistrict => 2,
            PlaceKind::Region => 3,
            _ => 4,
        };
        let pcode = |q: &Place| match q.kind {
            PlaceKind::Governorate => q.admin1_pcode.clone(),
            PlaceKind::District => q.admin2_pcode.clone(),
            PlaceKind::Subdistrict => q.admin3_pcode.clone(),
            _ => None,
        };
        if let Some(code) = pcode(p) {
            if let Some(i) = self
                .places
                .iter()
                .position(|q| q.kind == p.kind && pcode(q).as_deref() == Some(code.as_str()))
            {
                return Some(i);
            }
        }
        let names: HashSet<String> = p.names_ar().map(fold_for_match).collect();
        self.places
            .iter()
            .enumerate()
            .filter(|(_, q)| class(q.kind) == class(p.kind))
            .filter(|(_, q)| {
                distance_km(q.latitude, q.longitude, p.latitude, p.longitude) <= MERGE_DISTANCE_KM
            })
            .find(|(_, q)| q.names_ar().any(|n| names.contains(&fold_for_match(n))))
            .map(|(i, _)| i)
    }

    /// Gives settlements and regions lacking admin2/admin3 those of the nearest subdistrict
    /// centroid in the same governorate. Returns how many places were filled.
    fn fill_admin_from_subdistricts(&mut self) -> usize {
        let subs: Vec<(f64, f64, Option<String>, Place)> = self
            .places
            .iter()
            .filter(|p| p.kind == PlaceKind::Subdistrict && p.admin3_pcode.is_some())
            .map(|p| (p.latitude, p.longitude, p.admin1_pcode.clone(), p.clone()))
            .collect();
        if subs.is_empty() {
            return 0;
        }
        let mut filled = 0;
        for place in self.places.iter_mut() {
            if place.kind.is_admin_unit() || place.admin3_pcode.is_some() {
                continue;
            }
            let nearest = subs
                .iter()
                .filter(|(_, _, a1, _)| a1.is_some() && *a1 == place.admin1_pcode)
                .map(|(lat, lon, _, s)| {
                    (distance_km(*lat, *lon, place.latitude, place.longitude), s)
                })
                .min_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, sub)) = nearest {
                if place.admin2_pcode.is_none() {
                    place.admin2 = sub.admin2.clone();
                    place.admin2_pcode = sub.admin2_pcode.clone();
                }
                place.admin3 = sub.admin3.clone();
                place.admin3_pcode = sub.admin3_pcode.clone();
                filled += 1;
            }
        }
        filled
    }

    /// The place with this id, if known.
    pub fn place(&self, id: PlaceId) -> Option<&Place> {
        self.by_id.get(&id).and_then(|&i| self.places.get(i))
    }

    /// All places.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// A governorate by Arabic name (`دير الزور`, `محافظة دير الزور`), English name
    /// (`Deir-ez-Zor`, `Deir ez-Zor`) or p-code (`SY09`).
    pub fn governorate(&self, name_or_pcode: &str) -> Option<&Place> {
        let latin = fold_latin(name_or_pcode);
        let arabic = fold_for_match(name_or_pcode);
        let arabic = arabic
            .strip_prefix("محافظه ")
            .unwrap_or(&arabic)
            .to_string();
        self.places
            .iter()
            .filter(|p| p.kind == PlaceKind::Governorate)
            .find(|p| {
                p.admin1_pcode
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(name_or_pcode.trim()))
                    || (!latin.is_empty()
                        && (fold_latin(&p.name_en) == latin
                            || p.admin1.as_deref().map(fold_latin) == Some(latin.clone())))
                    || p.names_ar().any(|n| {
                        let n = fold_for_match(n);
                        n.strip_prefix("محافظه ").unwrap_or(&n) == arabic
                    })
            })
    }

    /// Every gazetteer name in match-form text (see [`PhraseMatcher::find_all`]); each match's
    /// values are the ids of all places with that name.
    pub fn find(&self, match_text: &str) -> Vec<PhraseMatch<'_, PlaceId>> {
        self.matcher.find_all(match_text)
    }
}

/// Lowercase ASCII letters and digits only: `Deir-ez-Zor` and `Deir ez Zor` → `deirezzor`.
fn fold_latin(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Merges `incoming` into `existing`: union of names, missing fields filled.
fn absorb(existing: &mut Place, incoming: Place) {
    let known: HashSet<String> = existing.names_ar().map(fold_for_match).collect();
    let mut added: HashSet<String> = HashSet::new();
    for name in incoming.names_ar() {
        let key = fold_for_match(name);
        if !known.contains(&key) && added.insert(key) {
            existing.variants_ar.push(name.to_string());
        }
    }
    let fill = |a: &mut Option<String>, b: Option<String>| {
        if a.is_none() {
            *a = b;
        }
    };
    // An admin p-code from the incoming source is authoritative when ours lacks it.
    fill(&mut existing.admin1, incoming.admin1);
    fill(&mut existing.admin1_pcode, incoming.admin1_pcode);
    if existing.admin2_pcode.is_none() && incoming.admin2_pcode.is_some() {
        existing.admin2 = incoming.admin2;
        existing.admin2_pcode = incoming.admin2_pcode;
    }
    if existing.admin3_pcode.is_none() && incoming.admin3_pcode.is_some() {
        existing.admin3 = incoming.admin3;
        existing.admin3_pcode = incoming.admin3_pcode;
    }
    if existing.name_en.is_empty() {
        existing.name_en = incoming.name_en;
    }
    if existing.population.is_none() {
        existing.population = incoming.population;
    }
    if !existing.source.split('+').any(|s| s == incoming.source) {
        existing.source = format!("{}+{}", existing.source, incoming.source);
    }
}

/// Parses `places.tsv` (columns: id, name_ar, variants_ar, name_en, kind, latitude, longitude,
/// admin1_en, admin1_pcode, admin2_en, admin2_pcode, admin3_en, admin3_pcode, population,
/// source). Bad rows are skipped with a warning naming the line.
pub fn parse_places_tsv(tsv: &str) -> Result<(Vec<Place>, Vec<String>)> {
    let table = Table::parse("places", tsv)?;
    let col = |name: &str| table.column(name);
    let (id, name_ar, variants, name_en, kind) = (
        col("id")?,
        col("name_ar")?,
        col("variants_ar")?,
        col("name_en")?,
        col("kind")?,
    );
    let (lat, lon, a1, a1p, a2, a2p, a3, a3p, pop, source) = (
        col("latitude")?,
        col("longitude")?,
        col("admin1_en")?,
        col("admin1_pcode")?,
        col("admin2_en")?,
        col("admin2_pcode")?,
        col("admin3_en")?,
        col("admin3_pcode")?,
        col("population")?,
        col("source")?,
    );
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let mut places = Vec::new();
    let mut warnings = Vec::new();
    for row in table.rows() {
        let parsed = (|| {
            let place_id = row.get(id).parse::<u32>().ok()?;
            let latitude = row.get(lat).parse::<f64>().ok().filter(|v| v.is_finite())?;
            let longitude = row.get(lon).parse::<f64>().ok().filter(|v| v.is_finite())?;
            let kind = PlaceKind::parse(row.get(kind))?;
            let name = row.get(name_ar);
            if name.is_empty() {
                return None;
            }
            Some(Place {
                id: PlaceId(place_id),
                name_ar: name.to_string(),
                variants_ar: row
                    .get(variants)
                    .split('|')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
                    .collect(),
                name_en: row.get(name_en).to_string(),
                kind,
                latitude,
                longitude,
                admin1: opt(row.get(a1)),
                admin1_pcode: opt(row.get(a1p)),
                admin2: opt(row.get(a2)),
                admin2_pcode: opt(row.get(a2p)),
                admin3: opt(row.get(a3)),
                admin3_pcode: opt(row.get(a3p)),
                population: row.get(pop).parse().ok(),
                source: row.get(source).to_string(),
                source_id: row.get(id).to_string(),
            })
        })();
        match parsed {
            Some(p) => places.push(p),
            None => warnings.push(format!("places.tsv line {}: bad row skipped", row.line)),
        }
    }
    Ok((places, warnings))
}

/// Importers for richer gazetteer sources, producing [`Place`]s to [`Gazetteer::merge`].
pub mod import {
    use super::{admin1_name, Error, Place, PlaceId, PlaceKind, Result, FIRST_LOCAL_ID};
    use serde_json::Value;
    use std::collections::HashMap;

    /// GeoNames admin1 codes (`SY.07`) → OCHA p-codes, per Natural Earth's `gn_a1_code`.
    const GEONAMES_ADMIN1: [(&str, &str); 14] = [
        ("01", "SY08"),
        ("02", "SY06"),
        ("03", "SY14"),
        ("04", "SY11"),
        ("05", "SY13"),
        ("06", "SY12"),
        ("07", "SY09"),
        ("08", "SY03"),
        ("09", "SY02"),
        ("10", "SY05"),
        ("11", "SY04"),
        ("12", "SY07"),
        ("13", "SY01"),
        ("14", "SY10"),
    ];

    fn parse_json(source_name: &str, text: &str) -> Result<Vec<Value>> {
        let v: Value = serde_json::from_str(text).map_err(|e| Error::Json {
            source_name: source_name.into(),
            message: e.to_string(),
        })?;
        match v {
            Value::Array(items) => Ok(items),
            _ => Err(Error::Shape {
                source_name: source_name.into(),
                message: "expected a JSON array of units".into(),
            }),
        }
    }

    fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
        path.iter()
            .try_fold(v, |v, k| v.get(k))
            .and_then(Value::as_str)
    }

    fn f64_at(v: &Value, path: &[&str]) -> Option<f64> {
        path.iter()
            .try_fold(v, |v, k| v.get(k))
            .and_then(Value::as_f64)
    }

    /// One Open-Syria unit as a place; `parent` gives (admin1, admin2) p-codes and names.
    fn unit_place(
        source_name: &str,
        unit: &Value,
        kind: PlaceKind,
        next_id: &mut u32,
    ) -> Result<Place> {
        let shape = |message: String| Error::Shape {
            source_name: source_name.into(),
            message,
        };
        let uid = str_at(unit, &["id"]).unwrap_or("?");
        let name_ar = str_at(unit, &["name", "ar"])
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| shape(format!("unit {uid}: no Arabic name")))?;
        let latitude = f64_at(unit, &["centroid", "latitude"])
            .ok_or_else(|| shape(format!("unit {uid}: no centroid")))?;
        let longitude = f64_at(unit, &["centroid", "longitude"])
            .ok_or_else(|| shape(format!("unit {uid}: no centroid")))?;
        let variants_ar = unit
            .get("aliases")
            .and_then(Value::as_array)
            .map(|aliases| {
                aliases
                    .iter()
                    .filter(|a| str_at(a, &["language"]) == Some("ar"))
                    .filter_map(|a| str_at(a, &["value"]))
                    .filter(|v| *v != name_ar)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let geonames = str_at(unit, &["externalIds", "geonames"]).and_then(|s| s.parse().ok());
        let id = match geonames {
            Some(g) => PlaceId(g),
            None => {
                *next_id = next_id.saturating_add(1);
                PlaceId(*next_id)
            }
        };
        Ok(Place {
            id,
            name_ar: name_ar.to_string(),
            variants_ar,
            name_en: str_at(unit, &["name", "en"]).unwrap_or("").to_string(),
            kind,
            latitude,
            longitude,
            admin1: None,
            admin1_pcode: None,
            admin2: None,
            admin2_pcode: None,
            admin3: None,
            admin3_pcode: None,
            population: unit
                .get("population")
                .and_then(|p| p.get("value"))
                .and_then(Value::as_u64),
            source: "open-syria".into(),
            source_id: uid.to_string(),
        })
    }

    /// Open-Syria geography JSON (governorates.json, districts.json, subdistricts.json): every
    /// unit with Arabic name + Arabic aliases (`ناحية ذيبان`), OCHA p-codes, centroid and kind.
    /// admin1 names use OCHA's spelling (`Deir-ez-Zor`) by p-code.
    pub fn open_syria(
        governorates: &str,
        districts: &str,
        subdistricts: &str,
    ) -> Result<Vec<Place>> {
        let mut next_id = FIRST_LOCAL_ID + 1_000_000;
        let mut out = Vec::new();
        // governorate id → (pcode, OCHA name); district id → (pcode, name).
        let mut govs: HashMap<String, (String, String)> = HashMap::new();
        let mut dists: HashMap<String, (String, String)> = HashMap::new();
        for unit in parse_json("governorates.json", governorates)? {
            let mut p = unit_place(
                "governorates.json",
                &unit,
                PlaceKind::Governorate,
                &mut next_id,
            )?;
            let pcode = str_at(&unit, &["externalIds", "ochaPcode"])
                .ok_or_else(|| Error::Shape {
                    source_name: "governorates.json".into(),
                    message: format!("{}: no OCHA p-code", p.source_id),
                })?
                .to_string();
            let name = admin1_name(&pcode).map_or(p.name_en.clone(), str::to_string);
            govs.insert(p.source_id.clone(), (pcode.clone(), name.clone()));
            p.admin1 = Some(name);
            p.admin1_pcode = Some(pcode);
            out.push(p);
        }
        for (file, text, kind) in [
            ("districts.json", districts, PlaceKind::District),
            ("subdistricts.json", subdistricts, PlaceKind::Subdistrict),
        ] {
            for unit in parse_json(file, text)? {
                let mut p = unit_place(file, &unit, kind, &mut next_id)?;
                let pcode = str_at(&unit, &["externalIds", "ochaPcode"]).map(str::to_string);
                if let Some((code, name)) =
                    str_at(&unit, &["governorateId"]).and_then(|g| govs.get(g))
                {
                    p.admin1 = Some(name.clone());
                    p.admin1_pcode = Some(code.clone());
                }
                if kind == PlaceKind::District {
                    p.admin2 = Some(p.name_en.clone());
                    p.admin2_pcode = pcode.clone();
                    if let Some(code) = pcode {
                        dists.insert(p.source_id.clone(), (code, p.name_en.clone()));
                    }
                } else {
                    if let Some((code, name)) =
                        str_at(&unit, &["districtId"]).and_then(|d| dists.get(d))
                    {
                        p.admin2 = Some(name.clone());
                        p.admin2_pcode = Some(code.clone());
                    }
                    p.admin3 = Some(p.name_en.clone());
                    p.admin3_pcode = pcode;
                }
                out.push(p);
            }
        }
        Ok(out)
    }

    /// Whether a name is written in Arabic letters only (spaces allowed).
    fn is_arabic_name(s: &str) -> bool {
        s.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
            && s.chars()
                .all(|c| c == ' ' || ('\u{0621}'..='\u{0652}').contains(&c) || c == '\u{0670}')
    }

    /// A GeoNames country dump (`SY.txt`: 19 tab-separated columns; the alternatenames column
    /// holds Arabic names such as `دير الزور`): populated places (feature class P) and named
    /// areas (L) and terrain (T: deserts, mountains) as regions. Places without an Arabic name
    /// are left out; bad lines are skipped and counted in the warnings, never a panic.
    pub fn geonames_dump(tsv: &str) -> (Vec<Place>, Vec<String>) {
        let mut places = Vec::new();
        let mut warnings = Vec::new();
        let mut bad = 0usize;
        let mut no_arabic = 0usize;
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 19 {
                bad += 1;
                if bad <= 5 {
                    warnings.push(format!(
                        "SY.txt line {}: {} columns, expected 19",
                        n + 1,
                        cols.len()
                    ));
                }
                continue;
            }
            let field = |i: usize| cols.get(i).copied().unwrap_or("");
            let (Ok(id), Ok(lat), Ok(lon)) = (
                field(0).parse::<u32>(),
                field(4).parse::<f64>(),
                field(5).parse::<f64>(),
            ) else {
                bad += 1;
                if bad <= 5 {
                    warnings.push(format!("SY.txt line {}: bad id or coordinates", n + 1));
                }
                continue;
            };
            let population = field(14).parse::<u64>().ok().filter(|&p| p > 0);
            let kind = match (field(6), field(7)) {
                ("A", "ADM1") => PlaceKind::Governorate,
                ("P", "PPLA") | ("P", "PPLC") => PlaceKind::City,
                ("P", "PPLX") => PlaceKind::Neighbourhood,
                ("P", _) => match population {
                    Some(p) if p >= 50_000 => PlaceKind::City,
                    Some(p) if p >= 5_000 => PlaceKind::Town,
                    _ => PlaceKind::Village,
                },
                ("L", _) | ("T", _) => PlaceKind::Region,
                _ => continue,
            };
            let mut arabic: Vec<String> = Vec::new();
            for name in field(3).split(',') {
                let name = name.trim();
                if is_arabic_name(name) && !arabic.iter().any(|a| a == name) {
                    arabic.push(name.to_string());
                }
            }
            let Some(name_ar) = arabic.first().cloned() else {
                no_arabic += 1;
                continue;
            };
            let admin1_pcode = GEONAMES_ADMIN1
                .iter()
                .find(|(g, _)| *g == field(10))
                .map(|(_, p)| p.to_string());
            places.push(Place {
                id: PlaceId(id),
                name_ar,
                variants_ar: arabic.into_iter().skip(1).collect(),
                name_en: field(1).to_string(),
                kind,
                latitude: lat,
                longitude: lon,
                admin1: admin1_pcode
                    .as_deref()
                    .and_then(admin1_name)
                    .map(str::to_string),
                admin1_pcode,
                admin2: None,
                admin2_pcode: None,
                admin3: None,
                admin3_pcode: None,
                population,
                source: "geonames-dump".into(),
                source_id: id.to_string(),
            });
        }
        if bad > 0 {
            warnings.push(format!("SY.txt: {bad} bad lines skipped"));
        }
        if no_arabic > 0 {
            warnings.push(format!(
                "SY.txt: {no_arabic} places without an Arabic name left out"
            ));
        }
        (places, warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_table_parses_without_warnings() {
        let (places, warnings) = parse_places_tsv(BASE_PLACES).unwrap_or_default();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(places.len() > 300);
    }
}
