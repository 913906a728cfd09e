//! The words behind an event's coded fields, marked inside its evidence sentences so an
//! analyst can check each value against the text: the place (`location_ar`, its gazetteer
//! spellings and its governorate), the actors (every alias of `actor1`, `actor2`, the
//! associated actors, casualty groups and claimants), the counts (numbers equal to a coded
//! fatality or casualty figure) and the date (date expressions that resolve to, or span,
//! `event_date`). Only words inside the event's own evidence spans are marked.

use std::collections::HashMap;

use marsad_lexicon::alias::Table;
use marsad_lexicon::{Gazetteer, PhraseMatcher};
use marsad_model::Event;
use serde_json::{json, Value};

const ACTORS_TSV: &str = include_str!("../../../data/lexicon/actors.tsv");

/// Arabic phrases of each ACLED actor name, from the bundled actor table.
#[derive(Debug, Default)]
pub struct ActorPhrases(HashMap<String, Vec<String>>);

impl ActorPhrases {
    /// The bundled table, read once.
    pub fn bundled() -> &'static ActorPhrases {
        static PHRASES: std::sync::OnceLock<ActorPhrases> = std::sync::OnceLock::new();
        PHRASES.get_or_init(ActorPhrases::parse)
    }

    /// Reads the bundled table; a malformed table gives no phrases (nothing is marked).
    fn parse() -> ActorPhrases {
        let mut by_actor: HashMap<String, Vec<String>> = HashMap::new();
        if let Ok(table) = Table::parse("actors", ACTORS_TSV) {
            if let (Ok(phrase), Ok(actor)) = (table.column("phrase"), table.column("actor")) {
                for row in table.rows() {
                    let (p, a) = (row.get(phrase), row.get(actor));
                    if !p.is_empty() && !a.is_empty() {
                        by_actor
                            .entry(a.to_string())
                            .or_default()
                            .push(p.to_string());
                    }
                }
            }
        }
        ActorPhrases(by_actor)
    }

    fn of(&self, actor: &str) -> &[String] {
        self.0.get(actor).map_or(&[], Vec::as_slice)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Place,
    Actor,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Place => "place",
            Field::Actor => "actor",
        }
    }
}

/// Byte offset of each character of `text`, plus its length at the end.
fn char_starts(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// The field marks (`{"start", "end", "event_id", "field"}`, character offsets in `text`) of
/// `event` in the article whose stored text is `text`, published on `published`.
pub fn field_marks(
    text: &str,
    published: Option<chrono::NaiveDate>,
    event: &Event,
    article_id: &str,
    gazetteer: &Gazetteer,
    actors: &ActorPhrases,
) -> Vec<Value> {
    let mut phrases: Vec<(String, Field)> = Vec::new();
    if let Some(name) = event.location_ar.as_deref().filter(|n| !n.is_empty()) {
        phrases.push((name.to_string(), Field::Place));
        let folded = marsad_text::fold_for_match(name);
        for place in gazetteer.places() {
            if marsad_text::fold_for_match(&place.name_ar) == folded {
                phrases.extend(place.names_ar().map(|n| (n.to_string(), Field::Place)));
            }
        }
    }
    if let Some(gov) = event
        .admin1_pcode
        .as_deref()
        .or(event.admin1.as_deref())
        .and_then(|g| gazetteer.governorate(g))
    {
        phrases.extend(gov.names_ar().map(|n| (n.to_string(), Field::Place)));
    }
    let mut actor_names: Vec<&str> = vec![event.actor1.as_str(), event.actor2.as_str()];
    for assoc in [&event.assoc_actor_1, &event.assoc_actor_2] {
        actor_names.extend(assoc.split("; "));
    }
    actor_names.extend(event.casualties.iter().map(|c| c.group.as_str()));
    actor_names.extend(event.claimed_by.iter().map(String::as_str));
    for name in actor_names.into_iter().filter(|n| !n.is_empty()) {
        phrases.extend(actors.of(name).iter().map(|p| (p.clone(), Field::Actor)));
    }
    let matcher = PhraseMatcher::new(phrases);
    let mut counts: Vec<u32> = vec![event.fatalities, event.fatalities_high];
    for c in &event.casualties {
        counts.extend(c.killed);
        counts.extend(c.injured);
    }
    counts.retain(|&n| n > 0);

    let starts = char_starts(text);
    let to_char = |byte: usize| starts.partition_point(|&b| b < byte);
    let mut marks = Vec::new();
    let mut push = |start: usize, end: usize, field: &str| {
        let (s, e) = (to_char(start), to_char(end));
        if s < e {
            marks.push(json!({"start": s, "end": e, "event_id": event.event_id, "field": field}));
        }
    };
    for ev in event.evidence.iter().filter(|e| e.article_id == article_id) {
        let (Some(&b0), Some(&b1)) = (starts.get(ev.start), starts.get(ev.end)) else {
            continue;
        };
        let Some(sentence) = text.get(b0..b1) else {
            continue;
        };
        let norm = marsad_text::normalize(sentence);
        let match_text = marsad_text::match_form(&norm.text);
        for m in matcher.find_all(&match_text) {
            let raw = norm.raw_range(m.range.clone());
            let field = if m.values.iter().any(|f| **f == Field::Place) {
                Field::Place
            } else {
                Field::Actor
            };
            push(b0 + raw.start, b0 + raw.end, field.name());
        }
        for n in marsad_text::numbers(&norm.text) {
            if !n.ordinal && counts.contains(&n.value) {
                let raw = norm.raw_range(n.range.clone());
                push(b0 + raw.start, b0 + raw.end, "count");
            }
        }
        for d in marsad_text::dates(&norm.text, published) {
            let day = event.event_date;
            let hit = d.date == Some(day)
                || matches!((d.earliest, d.latest), (Some(a), Some(b)) if a <= day && day <= b);
            if hit {
                let raw = norm.raw_range(d.range.clone());
                push(b0 + raw.start, b0 + raw.end, "date");
            }
        }
    }
    marks
}
