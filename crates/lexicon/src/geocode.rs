//! Reading places the way reports write them: type words that introduce names (`قرية`، `بلدة`،
//! `ريف`، `بادية`، `مدخل`...), names the gazetteer does not know, ambiguous names resolved by the
//! article's context, and an honest ACLED `geo_precision`.
//!
//! `بريف دير الزور الشرقي` → the governorate capital دير الزور, admin1 Deir-ez-Zor, precision 3;
//! `وسط مدينة الرقة` → الرقة, precision 1; `في قرية “السويدان” بريف دير الزور` (unknown village)
//! → السويدان, unresolved, at Deir ez-Zor's coordinates, precision 2.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use marsad_text::fold_for_match;
use serde::{Deserialize, Serialize};

use crate::alias::Table;
use crate::gazetteer::{distance_km, Gazetteer, Place, PlaceId, PlaceKind};
use crate::phrase::{phrase_key, PhraseMatch, PhraseMatcher};

const TYPE_WORDS: &str = include_str!("../../../data/gazetteer/type_words.tsv");
const AMBIGUOUS: &str = include_str!("../../../data/gazetteer/ambiguous.tsv");
const NAME_WORDS: &str = include_str!("../../../data/gazetteer/name_words.tsv");

/// How an event stands to the place it is coded at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// In the place itself: `في قرية السويدان`.
    In,
    /// Near it: `قرب منبج`، `محيط`، `أطراف`.
    Near,
    /// Between two places: `بين مدينة الشحيل وبلدة الحوائج`.
    Between,
    /// Its countryside: `ريف دير الزور`.
    Countryside,
    /// Its desert: `بادية دير الزور`.
    Badia,
    /// A direction from it: `شرق دير الزور`.
    Direction,
    /// Its entrance: `مدخل مدينة منبج`.
    Entrance,
    /// Its centre: `وسط مدينة الرقة`.
    Centre,
}

/// One place mention, resolved to a gazetteer place or kept as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The words that produced it (type words, name, trailing direction), in the match text.
    pub range: Range<usize>,
    /// The place name alone, in the match text (same offsets in the normalized text).
    pub name_range: Range<usize>,
    /// The gazetteer's Arabic name, or the name as written (match form) when unknown.
    pub location_ar: String,
    /// The gazetteer's English name.
    pub location_en: Option<String>,
    /// The resolved place, if any.
    pub place: Option<PlaceId>,
    /// Latitude of the place, or of its container when unresolved.
    pub latitude: Option<f64>,
    /// Longitude of the place, or of its container when unresolved.
    pub longitude: Option<f64>,
    /// Governorate, OCHA spelling.
    pub admin1: Option<String>,
    /// Governorate p-code.
    pub admin1_pcode: Option<String>,
    /// District.
    pub admin2: Option<String>,
    /// District p-code.
    pub admin2_pcode: Option<String>,
    /// Subdistrict.
    pub admin3: Option<String>,
    /// Subdistrict p-code.
    pub admin3_pcode: Option<String>,
    /// ACLED geo-precision: 1 the place itself, 2 near it / part of a region coded to a
    /// representative place, 3 a larger region coded to its centroid or capital.
    pub geo_precision: u8,
    /// How the event stands to the place.
    pub relation: Relation,
    /// The type word that introduced the name (`قريه`, `بلده`, in match form), if any.
    pub type_word: Option<String>,
    /// A named place the gazetteer does not know.
    pub unresolved: bool,
}

/// What the article as a whole points at, to break ties: governorates and places it mentions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeoContext {
    /// Governorate p-codes, most mentioned first.
    pub admin1_pcodes: Vec<String>,
    /// Places mentioned unambiguously, in text order.
    pub places: Vec<PlaceId>,
}

/// The role of a type word, from `type_words.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TypeWord {
    word: String,
    relation: TypeRelation,
    unit: Option<PlaceKind>,
    /// Whether the word names a kind of place and so may introduce an unknown name.
    introduces: bool,
    subdistrict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TypeRelation {
    In,
    Part,
    Countryside,
    Badia,
    Entrance,
    Centre,
    Near,
    Between,
    Direction,
    /// A street, roundabout or prison: the name after it is the feature's, not a place
    /// (`شارع حلب` is a street in another city).
    Street,
}

/// Which context an ambiguous name needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    TypeWord,
    TypeOrPreposition,
}

/// One matched item: a type word or a gazetteer name.
#[derive(Debug, Clone)]
enum Item<'a> {
    Type(PhraseMatch<'a, TypeWord>),
    Place(PhraseMatch<'a, PlaceId>),
}

impl Item<'_> {
    fn word_start(&self) -> usize {
        match self {
            Item::Type(m) => m.word_start,
            Item::Place(m) => m.word_start,
        }
    }
    fn end(&self) -> usize {
        match self {
            Item::Type(m) => m.range.end + m.enclitic.len(),
            Item::Place(m) => m.range.end + m.enclitic.len(),
        }
    }
}

/// Resolves place mentions against a [`Gazetteer`].
#[derive(Debug, Clone)]
pub struct Geocoder<'g> {
    gazetteer: &'g Gazetteer,
    tables: &'static Tables,
}

/// The bundled word tables a geocoder reads with: the same for every gazetteer, so built once
/// per process (building the type-word automaton per article cost as much as geocoding it).
#[derive(Debug)]
struct Tables {
    types: PhraseMatcher<TypeWord>,
    ambiguous: HashMap<String, Needs>,
    heads: HashSet<String>,
    not_names: HashSet<String>,
}

static TABLES: OnceLock<Tables> = OnceLock::new();

/// Prepositions that make an ambiguous name a place: `في الباب`، `من التل`.
const PREPOSITIONS: [&str; 7] = ["في", "من", "الي", "قرب", "داخل", "نحو", "باتجاه"];

/// Quotes reporters put around names: `بلدة “الجزرات”`.
fn is_quote(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '"' | '«' | '»' | '‘' | '’' | '\'' | '„' | '‹' | '›'
    )
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Only spaces and quotes between `a` and `b`.
fn adjacent(text: &str, a: usize, b: usize) -> bool {
    a <= b
        && text
            .get(a..b)
            .is_some_and(|gap| gap.chars().all(|c| c == ' ' || is_quote(c)))
}

/// The end of the sentence containing `pos` (a `.`, `!`, `?`, `؟` or line break), or the text end.
fn sentence_end(text: &str, pos: usize) -> usize {
    text.get(pos..)
        .and_then(|rest| rest.find(['.', '!', '?', '؟', '\n']).map(|e| pos + e))
        .unwrap_or(text.len())
}

/// The start of the sentence containing `pos`.
fn sentence_start(text: &str, pos: usize) -> usize {
    text.get(..pos)
        .and_then(|before| before.rfind(['.', '!', '?', '؟', '\n']).map(|s| s + 1))
        .unwrap_or(0)
}

/// The word starting at or after `pos` (skipping spaces and quotes): (range, quoted).
fn next_word(text: &str, pos: usize) -> Option<(Range<usize>, bool)> {
    let rest = text.get(pos..)?;
    let mut start = None;
    let mut quoted = false;
    for (i, c) in rest.char_indices() {
        if is_word_char(c) {
            start = Some(pos + i);
            break;
        }
        if is_quote(c) {
            quoted = true;
        } else if c != ' ' {
            return None;
        }
    }
    let start = start?;
    let len = text
        .get(start..)?
        .char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(text.len() - start, |(i, _)| i);
    Some((start..start + len, quoted))
}

impl<'g> Geocoder<'g> {
    /// A geocoder over `gazetteer`, with the type words, ambiguous names and name words of
    /// `data/gazetteer/`.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Geocoder {
            gazetteer,
            tables: TABLES.get_or_init(Tables::bundled),
        }
    }

    /// The gazetteer this geocoder reads with.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }
}

impl Tables {
    /// The type words, ambiguous names and name words of `data/gazetteer/`.
    fn bundled() -> Tables {
        let mut types = Vec::new();
        if let Ok(t) = Table::parse("type_words", TYPE_WORDS) {
            if let (Ok(w), Ok(r), Ok(u)) =
                (t.column("word"), t.column("relation"), t.column("unit"))
            {
                for row in t.rows() {
                    let relation = match row.get(r) {
                        "in" => TypeRelation::In,
                        "part" => TypeRelation::Part,
                        "countryside" => TypeRelation::Countryside,
                        "badia" => TypeRelation::Badia,
                        "entrance" => TypeRelation::Entrance,
                        "centre" => TypeRelation::Centre,
                        "near" => TypeRelation::Near,
                        "between" => TypeRelation::Between,
                        "direction" => TypeRelation::Direction,
                        "street" => TypeRelation::Street,
                        _ => continue,
                    };
                    let unit_name = row.get(u);
                    let word = row.get(w).to_string();
                    types.push((
                        word.clone(),
                        TypeWord {
                            word: fold_for_match(&word),
                            relation,
                            unit: PlaceKind::parse(unit_name),
                            introduces: !unit_name.is_empty(),
                            subdistrict: unit_name == "subdistrict",
                        },
                    ));
                }
            }
        }
        let mut ambiguous = HashMap::new();
        if let Ok(t) = Table::parse("ambiguous", AMBIGUOUS) {
            if let (Ok(n), Ok(k)) = (t.column("name_ar"), t.column("needs")) {
                for row in t.rows() {
                    let needs = match row.get(k) {
                        "type_or_preposition" => Needs::TypeOrPreposition,
                        _ => Needs::TypeWord,
                    };
                    ambiguous.insert(fold_for_match(row.get(n)), needs);
                }
            }
        }
        let (mut heads, mut not_names) = (HashSet::new(), HashSet::new());
        if let Ok(t) = Table::parse("name_words", NAME_WORDS) {
            if let (Ok(w), Ok(r)) = (t.column("word"), t.column("role")) {
                for row in t.rows() {
                    let word = fold_for_match(row.get(w));
                    match row.get(r) {
                        "head" => heads.insert(word),
                        _ => not_names.insert(word),
                    };
                }
            }
        }
        Tables {
            types: PhraseMatcher::new(types),
            ambiguous,
            heads,
            not_names,
        }
    }
}

impl<'g> Geocoder<'g> {
    /// Type words and accepted gazetteer names of `text`, non-overlapping, in text order.
    fn items<'s>(&'s self, text: &str) -> Vec<Item<'s>> {
        let mut all: Vec<Item<'s>> = self
            .tables
            .types
            .find_all(text)
            .into_iter()
            .map(Item::Type)
            .chain(self.gazetteer.find(text).into_iter().map(Item::Place))
            .collect();
        all.sort_by(|a, b| {
            a.word_start()
                .cmp(&b.word_start())
                .then(b.end().cmp(&a.end()))
                // A place name wins a tie against a type word (`مدينة الثورة`).
                .then(matches!(a, Item::Type(_)).cmp(&matches!(b, Item::Type(_))))
        });
        let mut out: Vec<Item<'s>> = Vec::new();
        let mut taken = 0;
        for item in all {
            if item.word_start() < taken {
                continue;
            }
            if let Item::Place(m) = &item {
                if !self.accept_ambiguous(text, m, out.last()) {
                    continue;
                }
            }
            taken = item.end();
            out.push(item);
        }
        out
    }

    /// Whether a name that is also a common word stands in a place context.
    fn accept_ambiguous(
        &self,
        text: &str,
        m: &PhraseMatch<'_, PlaceId>,
        previous: Option<&Item<'_>>,
    ) -> bool {
        let key = text.get(m.range.clone()).map(fold_for_match);
        let needs = key.as_ref().and_then(|k| {
            self.tables
                .ambiguous
                .get(k)
                .or_else(|| self.tables.ambiguous.get(&phrase_key(k)))
                .or_else(|| self.tables.ambiguous.get(&format!("ال{}", phrase_key(k))))
        });
        let Some(needs) = needs else {
            return true;
        };
        let after_type = matches!(previous, Some(Item::Type(t))
            if t.values.iter().any(|v| v.unit.is_some() || v.relation != TypeRelation::Direction)
                && adjacent(text, t.range.end, m.word_start));
        if after_type {
            return true;
        }
        if *needs == Needs::TypeWord {
            return false;
        }
        if m.proclitics.contains('ب') {
            return true;
        }
        let before = text.get(..m.word_start).unwrap_or("").trim_end();
        PREPOSITIONS.iter().any(|p| {
            before.strip_suffix(p).is_some_and(|rest| {
                // `في`, or `وفي`/`ففي` with a conjunction glued on.
                let rest = rest.strip_suffix(['و', 'ف']).unwrap_or(rest);
                !rest.chars().next_back().is_some_and(is_word_char)
            })
        })
    }

    /// What the article as a whole points at: governorates (named, or of unambiguous places)
    /// by frequency, and the places named unambiguously.
    pub fn context(&self, match_text: &str) -> GeoContext {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut first_seen: HashMap<String, usize> = HashMap::new();
        let mut places = Vec::new();
        for item in self.items(match_text) {
            let Item::Place(m) = item else { continue };
            let candidates: Vec<&Place> = m
                .values
                .iter()
                .filter_map(|id| self.gazetteer.place(**id))
                .collect();
            let admin1s: HashSet<&str> = candidates
                .iter()
                .filter_map(|p| p.admin1_pcode.as_deref())
                .collect();
            if admin1s.len() == 1 {
                if let Some(code) = admin1s.into_iter().next() {
                    *counts.entry(code.to_string()).or_default() += 1;
                    let n = first_seen.len();
                    first_seen.entry(code.to_string()).or_insert(n);
                }
            }
            if let [only] = candidates.as_slice() {
                if !places.contains(&only.id) {
                    places.push(only.id);
                }
            }
        }
        let mut admin1_pcodes: Vec<String> = counts.keys().cloned().collect();
        admin1_pcodes.sort_by(|a, b| {
            counts[b]
                .cmp(&counts[a])
                .then(first_seen.get(a).cmp(&first_seen.get(b)))
        });
        GeoContext {
            admin1_pcodes,
            places,
        }
    }

    /// Every place mention in `range` of the match-form text, resolved, in text order.
    pub fn locations(
        &self,
        match_text: &str,
        range: Range<usize>,
        ctx: &GeoContext,
    ) -> Vec<Location> {
        let items = self.items(match_text);
        let mut out: Vec<Location> = Vec::new();
        let mut chain: Vec<&PhraseMatch<'_, TypeWord>> = Vec::new();
        let mut between_open = false;
        let mut i = 0;
        while let Some(item) = items.get(i) {
            i += 1;
            if item.word_start() < range.start || item.end() > range.end {
                continue;
            }
            match item {
                Item::Type(t) => {
                    if chain
                        .last()
                        .is_some_and(|last| !adjacent(match_text, last.range.end, t.word_start))
                    {
                        chain.clear();
                    }
                    chain.push(t);
                    // A type word not followed by a known name may introduce an unknown one.
                    let next_start = items.get(i).map(Item::word_start);
                    let followed = next_start.is_some_and(|s| adjacent(match_text, t.range.end, s));
                    if !followed {
                        if let Some(loc) =
                            self.unknown_name(match_text, &chain, ctx, &out, &mut between_open)
                        {
                            out.push(loc);
                        }
                        if !chain.is_empty() && !followed {
                            chain.clear();
                        }
                    }
                }
                Item::Place(m) => {
                    if chain
                        .last()
                        .is_some_and(|last| !adjacent(match_text, last.range.end, m.word_start))
                    {
                        chain.clear();
                    }
                    let mut end = m.range.end + m.enclitic.len();
                    // A direction adjective right after the name belongs to it: دير الزور الشرقي.
                    if let Some(Item::Type(t)) = items.get(i) {
                        if t.article
                            && t.values
                                .iter()
                                .all(|v| v.relation == TypeRelation::Direction)
                            && adjacent(match_text, end, t.word_start)
                        {
                            end = t.range.end;
                            i += 1;
                        }
                    }
                    let names_a_street = chain.last().is_some_and(|t| {
                        t.values.iter().any(|v| v.relation == TypeRelation::Street)
                    });
                    if names_a_street {
                        chain.clear();
                        continue;
                    }
                    if let Some(loc) =
                        self.known_name(match_text, m, end, &chain, ctx, &out, &mut between_open)
                    {
                        out.push(loc);
                    }
                    chain.clear();
                }
            }
        }
        out
    }

    /// The relation, type word and unit a chain of type words gives the name that follows.
    fn chain_meaning(
        chain: &[&PhraseMatch<'_, TypeWord>],
    ) -> (Relation, Option<String>, Option<PlaceKind>, bool) {
        let mut relation = Relation::In;
        let mut type_word = None;
        let mut unit = None;
        let mut subdistrict = false;
        for t in chain {
            let Some(v) = t.values.first() else { continue };
            match v.relation {
                TypeRelation::In | TypeRelation::Part => {
                    type_word = Some(v.word.clone());
                    unit = v.unit.or(unit);
                    subdistrict |= v.subdistrict;
                }
                TypeRelation::Countryside => relation = Relation::Countryside,
                TypeRelation::Badia => relation = Relation::Badia,
                TypeRelation::Entrance => relation = Relation::Entrance,
                TypeRelation::Centre => relation = Relation::Centre,
                TypeRelation::Near => relation = Relation::Near,
                TypeRelation::Between => relation = Relation::Between,
                TypeRelation::Direction => relation = Relation::Direction,
                TypeRelation::Street => {}
            }
            if type_word.is_none() && v.relation != TypeRelation::In {
                type_word = Some(v.word.clone());
            }
        }
        (relation, type_word, unit, subdistrict)
    }

    /// The admin1 p-code a following `بريف X` / `في محافظة X` / `X` governorate in the same
    /// sentence names, with the governorate place.
    fn following_governorate(&self, text: &str, from: usize) -> Option<&'g Place> {
        let end = sentence_end(text, from);
        let window = text.get(from..end)?;
        let found = self.gazetteer.find(window);
        found.iter().find_map(|m| {
            // Only a governorate reading counts: ريف X، محافظة X, or X that is only a governorate.
            let before = window.get(..m.word_start).unwrap_or("").trim_end();
            let qualified = before.ends_with("ريف") || before.ends_with("محافظه");
            let ids: Vec<&Place> = m
                .values
                .iter()
                .filter_map(|id| self.gazetteer.place(**id))
                .collect();
            let gov = ids.iter().find(|p| p.kind == PlaceKind::Governorate)?;
            (qualified || ids.len() == 1).then_some(*gov)
        })
    }

    /// Picks one place among candidates: kind wanted by the type word, then the governorate
    /// named after it in the sentence, then the article's governorates, then proximity to the
    /// article's other places, then size.
    fn resolve(
        &self,
        candidates: &[&'g Place],
        unit: Option<PlaceKind>,
        subdistrict: bool,
        prefer_governorate: bool,
        sentence_gov: Option<&Place>,
        ctx: &GeoContext,
    ) -> Option<&'g Place> {
        let mut pool: Vec<&'g Place> = candidates.to_vec();
        let keep = |pool: &mut Vec<&'g Place>, f: &dyn Fn(&Place) -> bool| {
            let kept: Vec<&'g Place> = pool.iter().copied().filter(|p| f(p)).collect();
            if !kept.is_empty() {
                *pool = kept;
            }
        };
        if subdistrict {
            keep(&mut pool, &|p| p.kind == PlaceKind::Subdistrict);
        }
        match unit {
            Some(PlaceKind::Governorate) => keep(&mut pool, &|p| p.kind == PlaceKind::Governorate),
            Some(k) if k.is_settlement() => keep(&mut pool, &|p| p.kind.is_settlement()),
            _ => {}
        }
        if prefer_governorate {
            keep(&mut pool, &|p| p.kind == PlaceKind::Governorate);
        } else if unit.is_none() && !subdistrict {
            keep(&mut pool, &|p| !p.kind.is_admin_unit());
        }
        if let Some(code) = sentence_gov.and_then(|g| g.admin1_pcode.clone()) {
            keep(&mut pool, &|p| {
                p.admin1_pcode.as_deref() == Some(code.as_str())
            });
        }
        for code in &ctx.admin1_pcodes {
            if pool.len() <= 1 {
                break;
            }
            let before = pool.len();
            keep(&mut pool, &|p| {
                p.admin1_pcode.as_deref() == Some(code.as_str())
            });
            if pool.len() < before {
                break;
            }
        }
        if pool.len() > 1 {
            let others: Vec<&Place> = ctx
                .places
                .iter()
                .filter(|id| !pool.iter().any(|p| p.id == **id))
                .filter_map(|id| self.gazetteer.place(*id))
                .collect();
            if !others.is_empty() {
                let nearest = |p: &Place| {
                    others
                        .iter()
                        .map(|o| distance_km(p.latitude, p.longitude, o.latitude, o.longitude))
                        .fold(f64::INFINITY, f64::min)
                };
                pool.sort_by(|a, b| nearest(a).total_cmp(&nearest(b)));
                return pool.first().copied();
            }
        }
        pool.sort_by_key(|p| std::cmp::Reverse(p.population.unwrap_or(0)));
        pool.first().copied()
    }

    /// A location for a gazetteer name with its chain of type words.
    #[allow(clippy::too_many_arguments)]
    fn known_name(
        &self,
        text: &str,
        m: &PhraseMatch<'_, PlaceId>,
        end: usize,
        chain: &[&PhraseMatch<'_, TypeWord>],
        ctx: &GeoContext,
        previous: &[Location],
        between_open: &mut bool,
    ) -> Option<Location> {
        let (mut relation, type_word, unit, subdistrict) = Self::chain_meaning(chain);
        let start = chain.first().map_or(m.word_start, |t| t.word_start);
        let candidates: Vec<&'g Place> = m
            .values
            .iter()
            .filter_map(|id| self.gazetteer.place(**id))
            .collect();
        let region_word = matches!(relation, Relation::Countryside | Relation::Badia);
        let prefer_gov = region_word || unit == Some(PlaceKind::Governorate);
        let sentence_gov = self.following_governorate(text, end);
        let place = self.resolve(
            &candidates,
            unit,
            subdistrict,
            prefer_gov,
            sentence_gov,
            ctx,
        )?;
        // `بريف دير الزور` right after a location qualifies it rather than adding one.
        if region_word && place.kind == PlaceKind::Governorate {
            if let Some(prev) = previous.last() {
                if !starts_with_wa(chain) && adjacent_or_comma(text, prev.range.end, start) {
                    return None;
                }
            }
        }
        if *between_open && (m.proclitics.starts_with('و') || starts_with_wa(chain)) {
            relation = Relation::Between;
        }
        *between_open = relation == Relation::Between && !*between_open;
        let governorate = place.kind == PlaceKind::Governorate;
        let geo_precision = match relation {
            Relation::In | Relation::Centre | Relation::Entrance => {
                if governorate {
                    3
                } else if subdistrict || place.kind == PlaceKind::Subdistrict {
                    2
                } else if place.kind == PlaceKind::District || place.kind == PlaceKind::Region {
                    3
                } else {
                    1
                }
            }
            Relation::Near | Relation::Between => 2,
            Relation::Direction => {
                if governorate && unit == Some(PlaceKind::Governorate) {
                    3
                } else {
                    2
                }
            }
            Relation::Countryside | Relation::Badia => {
                if governorate || place.kind.is_admin_unit() {
                    3
                } else {
                    2
                }
            }
        };
        // A governorate is coded at its capital: the settlement of the same name, if known.
        let shown = if governorate {
            candidates
                .iter()
                .find(|p| p.kind.is_settlement() && p.admin1_pcode == place.admin1_pcode)
                .copied()
                .unwrap_or(place)
        } else {
            place
        };
        Some(Location {
            range: start..end,
            name_range: m.range.clone(),
            location_ar: place.name_ar.clone(),
            location_en: (!shown.name_en.is_empty()).then(|| shown.name_en.clone()),
            place: Some(place.id),
            latitude: Some(place.latitude),
            longitude: Some(place.longitude),
            admin1: place.admin1.clone(),
            admin1_pcode: place.admin1_pcode.clone(),
            admin2: place.admin2.clone(),
            admin2_pcode: place.admin2_pcode.clone(),
            admin3: place.admin3.clone(),
            admin3_pcode: place.admin3_pcode.clone(),
            geo_precision,
            relation,
            type_word,
            unresolved: false,
        })
    }

    /// A location for a name the gazetteer does not know, read after a type word
    /// (`في قرية السويدان`، `بلدة “الجزرات”`), placed at its container.
    fn unknown_name(
        &self,
        text: &str,
        chain: &[&PhraseMatch<'_, TypeWord>],
        ctx: &GeoContext,
        previous: &[Location],
        between_open: &mut bool,
    ) -> Option<Location> {
        let last = chain.last()?;
        let v = last.values.first()?;
        // Only an indefinite type word in construct introduces a name: "قرية X", not "القرية".
        if last.article || !last.enclitic.is_empty() {
            return None;
        }
        let introduces =
            v.introduces || matches!(v.relation, TypeRelation::Badia | TypeRelation::Countryside);
        if !introduces || matches!(v.relation, TypeRelation::Part | TypeRelation::Street) {
            return None;
        }
        let (first, quoted) = next_word(text, last.range.end)?;
        let first_word = text.get(first.clone())?;
        if first_word.chars().any(|c| c.is_ascii_digit())
            || self.tables.not_names.contains(first_word)
            || self
                .tables
                .types
                .find_all(first_word)
                .first()
                .is_some_and(|t| t.range == (0..first_word.len()))
        {
            return None;
        }
        let mut name = first.clone();
        if quoted {
            // Everything up to the closing quote (at most four words).
            let rest = text.get(first.end..)?;
            if let Some(close) = rest.find(is_quote) {
                let inner = &rest[..close];
                if inner.split(' ').filter(|w| !w.is_empty()).count() <= 3
                    && inner.chars().all(|c| is_word_char(c) || c == ' ')
                {
                    name = first.start..first.end + inner.trim_end().len();
                }
            }
        } else if self.tables.heads.contains(first_word) {
            if let Some((second, _)) = next_word(text, first.end) {
                if adjacent(text, first.end, second.start)
                    && text.get(first.end..second.start) == Some(" ")
                {
                    name = first.start..second.end;
                }
            }
        }
        let name_text = text.get(name.clone())?.to_string();
        let (mut relation, type_word, _unit, _sub) = Self::chain_meaning(chain);
        if *between_open && starts_with_wa(chain) {
            relation = Relation::Between;
        }
        *between_open = relation == Relation::Between && !*between_open;
        // The container: a governorate named later in the sentence, else an earlier location
        // of this sentence, else the article's main governorate.
        let sentence = sentence_start(text, name.start);
        let from_sentence = self.following_governorate(text, name.end).or_else(|| {
            previous
                .iter()
                .rev()
                .filter(|l| l.range.start >= sentence && !l.unresolved)
                .find_map(|l| l.place.and_then(|id| self.gazetteer.place(id)))
        });
        let (container, mut precision) = match from_sentence {
            Some(p) => (Some(p), 2),
            None => (
                ctx.admin1_pcodes
                    .first()
                    .and_then(|code| self.gazetteer.governorate(code)),
                3,
            ),
        };
        // Between two named villages is a local place even when only the governorate is known.
        if relation == Relation::Between {
            precision = 2;
        }
        Some(Location {
            range: chain.first().map_or(name.start, |t| t.word_start)..name.end,
            name_range: name,
            location_ar: name_text,
            location_en: None,
            place: None,
            latitude: container.map(|p| p.latitude),
            longitude: container.map(|p| p.longitude),
            admin1: container.and_then(|p| p.admin1.clone()),
            admin1_pcode: container.and_then(|p| p.admin1_pcode.clone()),
            admin2: container.and_then(|p| p.admin2.clone()),
            admin2_pcode: container.and_then(|p| p.admin2_pcode.clone()),
            admin3: container.and_then(|p| p.admin3.clone()),
            admin3_pcode: container.and_then(|p| p.admin3_pcode.clone()),
            geo_precision: precision,
            relation,
            type_word,
            unresolved: true,
        })
    }
}

/// Whether the chain's first word carries the conjunction و (`وبلدة`).
fn starts_with_wa(chain: &[&PhraseMatch<'_, TypeWord>]) -> bool {
    chain.first().is_some_and(|t| t.proclitics.starts_with('و'))
}

/// Only spaces, quotes or a comma between `a` and `b`.
fn adjacent_or_comma(text: &str, a: usize, b: usize) -> bool {
    a <= b
        && text.get(a..b).is_some_and(|gap| {
            gap.chars()
                .all(|c| c == ' ' || c == '،' || c == ',' || is_quote(c))
        })
}
