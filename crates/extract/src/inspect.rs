//! `marsad inspect`: what the reading layers see in one text, without storing anything.

use crate::actors::resolve;
use crate::analysis::Analysis;
use crate::places;
use crate::Extractor;
use chrono::NaiveDate;
use marsad_lexicon::geocode::Geocoder;
use marsad_model::{Article, Event};
use serde::Serialize;

/// A date as `inspect` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct InspectedDate {
    /// The words, as normalized.
    pub text: String,
    /// The coded day, when it resolves.
    pub date: Option<NaiveDate>,
    /// ACLED time precision (0: not codable).
    pub precision: u8,
    /// A warning, e.g. a weekday that contradicts `أمس`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// A number as `inspect` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct InspectedNumber {
    /// The words or digits.
    pub text: String,
    /// Its value (ACLED's convention for vague words: several 3, dozens 12, hundreds 100).
    pub value: u32,
    /// Approximate (`نحو`، `أكثر من`).
    pub approximate: bool,
    /// Vague (`عدة`، `عشرات`).
    pub vague: bool,
}

/// A place as `inspect` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct InspectedPlace {
    /// The words that name it.
    pub text: String,
    /// Gazetteer Arabic name (or the name as written, when unknown).
    pub location_ar: String,
    /// Governorate.
    pub admin1: Option<String>,
    /// District.
    pub admin2: Option<String>,
    /// Subdistrict.
    pub admin3: Option<String>,
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
    /// ACLED geo precision.
    pub geo_precision: u8,
    /// Not in the gazetteer.
    pub unresolved: bool,
}

/// An actor mention as `inspect` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct InspectedActor {
    /// The words.
    pub text: String,
    /// ACLED-style name on the publication date.
    pub actor: String,
}

/// Everything `marsad inspect` prints for one text (`spec/cli.md`).
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// The normalized text.
    pub normalized: String,
    /// Its sentences.
    pub sentences: Vec<String>,
    /// Dates.
    pub dates: Vec<InspectedDate>,
    /// Numbers.
    pub numbers: Vec<InspectedNumber>,
    /// Places.
    pub places: Vec<InspectedPlace>,
    /// Actor mentions.
    pub actors: Vec<InspectedActor>,
    /// Events of this text alone, as JSONL records.
    pub events: Vec<Event>,
}

impl Extractor {
    /// Analyses one text without storing it.
    pub fn inspect(&self, text: &str, published: Option<NaiveDate>) -> Inspection {
        let an = Analysis::new(text, published, &self.lexicons);
        let norm = &an.norm.text;
        let slice = |r: &std::ops::Range<usize>| norm.get(r.clone()).unwrap_or("").to_string();
        let geo = Geocoder::new(&self.gazetteer);
        let ctx = geo.context(&an.text);
        let places = places::article_locations(&geo, &an, &ctx)
            .into_iter()
            .map(|l| InspectedPlace {
                text: slice(&l.range),
                location_ar: l.location_ar,
                admin1: l.admin1,
                admin2: l.admin2,
                admin3: l.admin3,
                latitude: l.latitude,
                longitude: l.longitude,
                geo_precision: l.geo_precision,
                unresolved: l.unresolved,
            })
            .collect();
        let article = Article {
            id: "inspect".into(),
            published,
            text: text.to_string(),
            origin: "inspect".into(),
            ..Article::default()
        };
        Inspection {
            normalized: norm.clone(),
            sentences: an.sentences.iter().map(slice).collect(),
            dates: an
                .dates
                .iter()
                .map(|d| InspectedDate {
                    text: slice(&d.range),
                    date: d.date,
                    precision: d.time_precision,
                    warning: d.warning.clone(),
                })
                .collect(),
            numbers: an
                .numbers
                .iter()
                .map(|n| InspectedNumber {
                    text: slice(&n.range),
                    value: n.value,
                    approximate: n.approximate,
                    vague: n.vague,
                })
                .collect(),
            places,
            actors: an
                .actors
                .iter()
                .filter_map(|h| {
                    resolve(h, published, an.names_isis).map(|a| InspectedActor {
                        text: slice(&h.range),
                        actor: a.name,
                    })
                })
                .collect(),
            events: self.extract(&article).events,
        }
    }
}
