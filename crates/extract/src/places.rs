//! Where an event happened: the geocoder's reading of the article, the most specific place
//! first; containers (`بريف دير الزور`، `في ناحية ذيبان` after a village) only refine it.

use crate::analysis::Analysis;
use marsad_lexicon::gazetteer::Gazetteer;
use marsad_lexicon::geocode::{GeoContext, Geocoder, Location, Relation};
use std::ops::Range;

/// Whether a location names a town or village (or a part of one), not a region.
pub fn is_specific(loc: &Location) -> bool {
    loc.geo_precision <= 2 && !matches!(loc.relation, Relation::Countryside | Relation::Badia)
}

/// How good a place is for coding an event, lower is better: the place itself, then a named
/// village or town, then anything else by precision.
pub fn rank(loc: &Location) -> (u8, u8, u8) {
    let in_place = matches!(
        loc.relation,
        Relation::In | Relation::Centre | Relation::Entrance
    );
    let settlement = loc.type_word.as_deref().is_some_and(is_settlement_word);
    (
        loc.geo_precision,
        u8::from(!in_place),
        u8::from(!settlement),
    )
}

/// Whether the place name follows a word naming an armed unit (`لواء البصيرة`، `مجلس منبج`).
fn inside_unit_name(an: &Analysis, loc: &Location) -> bool {
    an.words_before(loc.name_range.start, 1)
        .first()
        .is_some_and(|w| {
            matches!(
                *w,
                "لواء" | "مجلس" | "كتيبه" | "فوج" | "فرقه" | "تجمع" | "مغاوير"
            )
        })
}

/// Type words that name a settlement: `قرية`، `بلدة`، `مدينة`، `منطقة`، `مزرعة`.
fn is_settlement_word(word: &str) -> bool {
    matches!(
        marsad_text::fold_for_match(word).as_str(),
        "قريه" | "بلده" | "مدينه" | "منطقه" | "مزرعه"
    )
}

/// Whether the location belongs to a source (`مراسل سانا في دير الزور`), not to the act.
pub fn is_source_place(an: &Analysis, loc: &Location) -> bool {
    let from = an.text[..loc.range.start]
        .char_indices()
        .rev()
        .filter(|(_, c)| c.is_whitespace())
        .nth(3)
        .map_or(0, |(i, _)| i);
    an.has_cue(
        &(from..loc.range.start),
        crate::lexicons::CueKind::SourceNoun,
    )
}

/// Every location in the article, in text order, with unknown names spelled as the reporter
/// wrote them (normalized, not folded).
///
/// Geo precision follows what the report names (`spec/acled.md`: 1 is "the named town or
/// village"): a village introduced as such (`في قرية السويدان`) is precision 1 even when the
/// gazetteer does not know it yet. Its coordinates are then its container's; the name is
/// listed among the unresolved places so an analyst can add it, and the event's notes say so.
pub fn article_locations(geo: &Geocoder<'_>, an: &Analysis, ctx: &GeoContext) -> Vec<Location> {
    let gazetteer = geo.gazetteer();
    let mut locs = geo.locations(&an.text, 0..an.text.len(), ctx);
    // A place inside an actor's name (`مجلس دير الزور العسكري`، `لواء البصيرة`) is not where
    // anything happened.
    locs.retain(|l| {
        !an.actors
            .iter()
            .any(|h| h.word_start < l.name_range.end && l.name_range.start < h.range.end)
            && !inside_unit_name(an, l)
    });
    for l in &mut locs {
        // "شرق دير الزور" names the governorate's east, not the city's outskirts.
        let governorate = gazetteer.governorate(&l.location_ar).is_some();
        let settlement_word = l.type_word.as_deref().is_some_and(is_settlement_word);
        if l.relation == Relation::Direction && governorate && !settlement_word {
            l.geo_precision = 3;
        }
        if l.unresolved {
            if let Some(name) = an.norm.text.get(l.name_range.clone()) {
                l.location_ar = name
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_string();
            }
            let settlement = l.type_word.as_deref().is_some_and(is_settlement_word);
            match l.relation {
                Relation::In | Relation::Centre | Relation::Entrance if settlement => {
                    l.geo_precision = 1;
                }
                // "قرب بلدة الصبحة": near a named village.
                Relation::Near | Relation::Between if settlement => l.geo_precision = 2,
                _ => {}
            }
        }
    }
    locs
}

/// The locations inside `range`.
pub fn within<'a>(
    locs: &'a [Location],
    range: &Range<usize>,
) -> impl Iterator<Item = &'a Location> {
    let r = range.clone();
    locs.iter()
        .filter(move |l| l.range.start >= r.start && l.range.end <= r.end)
}

/// The place to code for a clause: its first specific location, else its first location.
pub fn pick<'a>(locs: impl Iterator<Item = &'a Location> + Clone) -> Option<&'a Location> {
    locs.clone()
        .find(|l| is_specific(l))
        .or_else(|| locs.clone().next())
}

/// The article's main governorate, coded at its capital with precision 3: where an act goes
/// when its account names no place at all.
pub fn article_region(gazetteer: &Gazetteer, ctx: &GeoContext) -> Option<Location> {
    let pcode = ctx.admin1_pcodes.first()?;
    let gov = gazetteer.governorate(pcode)?;
    Some(Location {
        range: 0..0,
        name_range: 0..0,
        location_ar: gov.name_ar.clone(),
        location_en: Some(gov.name_en.clone()),
        place: Some(gov.id),
        latitude: Some(gov.latitude),
        longitude: Some(gov.longitude),
        admin1: gov.admin1.clone(),
        admin1_pcode: gov.admin1_pcode.clone(),
        admin2: None,
        admin2_pcode: None,
        admin3: None,
        admin3_pcode: None,
        geo_precision: 3,
        relation: Relation::Countryside,
        type_word: None,
        unresolved: false,
    })
}

/// A compass side of a region (`ريف دير الزور الشرقي`، `غرب الرقة`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// East.
    East,
    /// West.
    West,
    /// North.
    North,
    /// South.
    South,
}

/// The side a region names (`بريف دير الزور الشرقي`: east), for a location coded to a region
/// (its countryside or a direction from it), read from the words of the mention.
pub fn side(an: &Analysis, loc: &Location) -> Option<Side> {
    if loc.geo_precision < 2 || !matches!(loc.relation, Relation::Countryside | Relation::Direction)
    {
        return None;
    }
    let words = an.text.get(loc.range.clone())?;
    words.split(|c: char| !c.is_alphanumeric()).find_map(|w| {
        match w.trim_start_matches("ال").trim_end_matches(['ي', 'ه']) {
            "شرق" | "شرقي" => Some(Side::East),
            "غرب" | "غربي" => Some(Side::West),
            "شمال" | "شمالي" => Some(Side::North),
            "جنوب" | "جنوبي" => Some(Side::South),
            _ => None,
        }
    })
}

/// Whether `place` lies clearly on the other side of `region`'s reference point than the side
/// the region names: a village west of Deir ez-Zor city is not in "the eastern countryside of
/// Deir ez-Zor". Needs both coordinates and the place's own (a resolved place).
pub fn off_side(region: &Location, side: Side, place: &Location) -> bool {
    // About 10 km: a village just beside the reference point may be on either side.
    const MARGIN_DEG: f64 = 0.1;
    if place.unresolved || place.geo_precision != 1 {
        return false;
    }
    let (Some(ry), Some(rx), Some(py), Some(px)) = (
        region.latitude,
        region.longitude,
        place.latitude,
        place.longitude,
    ) else {
        return false;
    };
    match side {
        Side::East => px < rx - MARGIN_DEG,
        Side::West => px > rx + MARGIN_DEG,
        Side::North => py < ry - MARGIN_DEG,
        Side::South => py > ry + MARGIN_DEG,
    }
}
