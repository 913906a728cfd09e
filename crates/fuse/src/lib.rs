//! Fusion: group the reports (each article's own coding of an event) that tell one event, and
//! merge them, conservatively and order-independently.
//!
//! Owns: matching and merging rules. Must never: do I/O (reports are handed in), or
//! overwrite a field an analyst reviewed.
//!
//! ACLED's atomicity holds: one event is one day, one place, one actor pair. Two reports fuse
//! only when their dates agree (exactly, for day-precise reports), their places agree (the same
//! place or within a few km; the same governorate when one side is imprecise), their event types
//! agree and their attackers do not conflict. Every merge operation is commutative (minimum,
//! maximum, union, most-precise-wins with deterministic ties), so ingest order does not matter.

use chrono::{Days, NaiveDate};
use marsad_model::{Event, ReviewStatus};
use std::cmp::Ordering;

/// Distance under which two coded places count as the same place, in km.
pub const SAME_PLACE_KM: f64 = 5.0;
/// How far from a named town an act told only near it or in its countryside (`قرب مدينة
/// البصيرة`، `بريف منبج الغربي`: ACLED geo precision 2) may lie, in km: such a report fits an
/// event elsewhere in the governorate only within this distance (a district's reach).
pub const NEAR_PLACE_KM: f64 = 40.0;
/// Days a report of each time precision may stray from the true day.
pub fn date_slack_days(time_precision: u8) -> u64 {
    match time_precision {
        1 => 0,
        2 => 3,
        _ => 15,
    }
}

/// The first and last day an event may have happened on, given its precision.
pub fn date_window(e: &Event) -> (NaiveDate, NaiveDate) {
    let slack = Days::new(date_slack_days(e.time_precision));
    (
        e.event_date.checked_sub_days(slack).unwrap_or(e.event_date),
        e.event_date.checked_add_days(slack).unwrap_or(e.event_date),
    )
}

/// Great-circle distance in km.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            'ئ' => 'ي',
            'ؤ' => 'و',
            c => c,
        })
        .collect::<String>()
        .trim_start_matches("ال")
        .to_string()
}

fn unidentified(actor: &str) -> bool {
    actor.is_empty() || actor.starts_with("Unidentified")
}

/// How two events' places relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum PlaceFit {
    Conflict,
    SameRegion,
    Near,
    Same,
}

/// Why two places fit or not, formatted only where a reason is shown (`explain`), so the
/// clustering hot path allocates nothing.
#[derive(Debug, Clone, Copy)]
enum PlaceReason {
    Governorates,
    SameName,
    Apart(f64),
    BothUnplaced,
    TooFarForNear(f64),
    Region,
    Different,
}

/// How two events' places relate, from their names folded by [`fold`]: the one place rule,
/// for [`place_fit`] (with reasons) and the clustering hot path.
fn fit_with(a: &Event, b: &Event, na: &str, nb: &str) -> (PlaceFit, PlaceReason) {
    // Two governorates are two places, whatever the names (`الصالحية` in Deir-ez-Zor and in
    // Aleppo). This also keeps every link inside the governorates a store query asks for.
    if let (Some(x), Some(y)) = (&a.admin1_pcode, &b.admin1_pcode) {
        if x != y {
            return (PlaceFit::Conflict, PlaceReason::Governorates);
        }
    }
    if !na.is_empty() && na == nb {
        return (PlaceFit::Same, PlaceReason::SameName);
    }
    // Coordinates say "the same place" only when both are the places themselves: an unknown
    // village coded at its container's coordinates is not near every other such village.
    if let (Some(la), Some(lo), Some(lb), Some(lob)) =
        (a.latitude, a.longitude, b.latitude, b.longitude)
    {
        let km = distance_km((la, lo), (lb, lob));
        // Two differently named places at the very same point are two villages the gazetteer
        // does not know yet, both placed at their container: not the same place.
        let one_point = km < 0.01;
        if km <= SAME_PLACE_KM && !one_point && a.geo_precision == 1 && b.geo_precision == 1 {
            return (PlaceFit::Near, PlaceReason::Apart(km));
        }
        if one_point && a.geo_precision == 1 && b.geo_precision == 1 {
            return (PlaceFit::Conflict, PlaceReason::BothUnplaced);
        }
        // "Near a town" (precision 2) still names the town: it does not stretch to a place
        // tens of km away. Only a region (precision 3) spans the governorate.
        let near_only = a.geo_precision.max(b.geo_precision) == 2;
        if near_only && km > NEAR_PLACE_KM {
            return (PlaceFit::Conflict, PlaceReason::TooFarForNear(km));
        }
    }
    // One side coded only near a place or to a region (`بريف دير الزور الشرقي`) may be the
    // other's village; two named villages are two places.
    let imprecise = a.geo_precision >= 2 || b.geo_precision >= 2;
    if imprecise && a.admin1_pcode.is_some() && a.admin1_pcode == b.admin1_pcode {
        return (PlaceFit::SameRegion, PlaceReason::Region);
    }
    (PlaceFit::Conflict, PlaceReason::Different)
}

/// [`fit_with`] with its reason written out.
fn place_fit(a: &Event, b: &Event) -> (PlaceFit, String) {
    let name = |e: &Event| e.location_ar.as_deref().map(fold).unwrap_or_default();
    let (fit, why) = fit_with(a, b, &name(a), &name(b));
    let reason = match why {
        PlaceReason::Governorates => "different governorates".to_string(),
        PlaceReason::SameName => {
            format!("same place ({})", a.location_ar.as_deref().unwrap_or(""))
        }
        PlaceReason::Apart(km) => format!("places {km:.1} km apart"),
        PlaceReason::BothUnplaced => "two named places, neither in the gazetteer yet".into(),
        PlaceReason::TooFarForNear(km) => {
            format!("places {km:.0} km apart, too far for \"near\"")
        }
        PlaceReason::Region => "one place is only a region of the same governorate".into(),
        PlaceReason::Different => "different places".into(),
    };
    (fit, reason)
}

/// Agreement score of two events, or why they must stay apart.
fn agreement(a: &Event, b: &Event) -> Result<(u32, Vec<String>), String> {
    let mut reasons = Vec::new();
    let (a0, a1) = date_window(a);
    let (b0, b1) = date_window(b);
    if a1 < b0 || b1 < a0 {
        return Err(format!(
            "different days ({} vs {})",
            a.event_date, b.event_date
        ));
    }
    let mut score = 0;
    if a.event_date == b.event_date {
        score += 2;
        reasons.push(format!("same day ({})", a.event_date));
    } else {
        reasons.push("overlapping date windows".into());
    }
    if a.event_type != b.event_type {
        return Err(format!(
            "different event types ({} vs {})",
            a.event_type, b.event_type
        ));
    }
    if a.sub_event_type == b.sub_event_type {
        score += 1;
        reasons.push(format!("same type ({})", a.sub_event_type));
    }
    if a.actor1 != b.actor1 && !unidentified(&a.actor1) && !unidentified(&b.actor1) {
        return Err(format!(
            "different attackers ({} vs {})",
            a.actor1, b.actor1
        ));
    }
    if !a.actor2.is_empty() && !b.actor2.is_empty() && a.actor2 != b.actor2 {
        let civ = |s: &str| s.starts_with("Civilians");
        if civ(&a.actor2) == civ(&b.actor2) || a.event_type != "Explosions/Remote violence" {
            return Err(format!("different targets ({} vs {})", a.actor2, b.actor2));
        }
    } else if a.actor2 == b.actor2 && !a.actor2.is_empty() {
        score += 1;
    }
    let (fit, why) = place_fit(a, b);
    match fit {
        PlaceFit::Conflict => return Err(why),
        PlaceFit::SameRegion => {
            // An imprecise place is weak evidence: it needs the same day and type.
            if a.event_date != b.event_date || a.sub_event_type != b.sub_event_type {
                return Err(format!("{why}, but not the same day and type"));
            }
            score += 1;
        }
        PlaceFit::Near => score += 2,
        PlaceFit::Same => score += 3,
    }
    reasons.push(why);
    if a.fatalities == b.fatalities && a.fatalities > 0 {
        score += 1;
        reasons.push(format!("same toll ({})", a.fatalities));
    }
    Ok((score, reasons))
}

fn sub_rank(sub: &str) -> u8 {
    // ACLED's hierarchy, most specific first.
    match sub {
        "Chemical weapon" => 0,
        "Air/drone strike" => 1,
        "Suicide bomb" => 2,
        "Shelling/artillery/missile attack" => 3,
        "Remote explosive/landmine/IED" => 4,
        "Grenade" => 5,
        "Armed clash" => 6,
        _ => 7,
    }
}

fn union<T: PartialEq + Clone>(into: &mut Vec<T>, more: &[T]) {
    for x in more {
        if !into.contains(x) {
            into.push(x.clone());
        }
    }
}

/// Which place description wins: more precise, then with coordinates, then by name.
fn place_order(a: &Event, b: &Event) -> Ordering {
    a.geo_precision
        .cmp(&b.geo_precision)
        .then(b.latitude.is_some().cmp(&a.latitude.is_some()))
        .then(a.location_ar.cmp(&b.location_ar))
}

/// Merges a new report of an event into the stored event. Returns the merged event and, for a
/// reviewed event, the coded changes it withheld (a reviewed field is never overwritten).
pub fn merge(existing: &Event, new: &Event) -> (Event, Vec<String>) {
    let mut m = existing.clone();
    union(&mut m.sources, &new.sources);
    m.sources.sort_by(|a, b| a.article_id.cmp(&b.article_id));
    union(&mut m.evidence, &new.evidence);
    m.evidence
        .sort_by(|a, b| (&a.article_id, a.start).cmp(&(&b.article_id, b.start)));
    union(&mut m.claims, &new.claims);
    m.claims
        .sort_by(|a, b| (&a.article_id, &a.by).cmp(&(&b.article_id, &b.by)));
    union(&mut m.claimed_by, &new.claimed_by);
    m.claimed_by.sort();
    union(&mut m.reported_by, &new.reported_by);
    m.reported_by.sort();
    let mut outlets: Vec<String> = m.sources.iter().filter_map(|s| s.outlet.clone()).collect();
    outlets.sort();
    outlets.dedup();
    m.source = outlets.join("; ");

    // The coded fields, as fusion alone would set them.
    let mut coded = m.clone();
    // ACLED's lowest credible figure: a figure standing for a vague word ("dead" → 3) yields
    // to a number another report gives.
    let estimate = |e: &Event| {
        !e.casualties.is_empty()
            && e.casualties
                .iter()
                .all(|c| c.estimate || c.killed.is_none())
    };
    let nonzero = |e: &Event, other: &Event| {
        if e.fatalities == 0 || (estimate(e) && other.fatalities > 0 && !estimate(other)) {
            u32::MAX
        } else {
            e.fatalities
        }
    };
    let low = nonzero(existing, new).min(nonzero(new, existing));
    coded.fatalities = if low == u32::MAX { 0 } else { low };
    coded.fatalities_high = existing
        .fatalities_high
        .max(new.fatalities_high)
        .max(coded.fatalities);
    if new
        .casualties
        .iter()
        .map(|c| c.killed.unwrap_or(0))
        .sum::<u32>()
        > existing
            .casualties
            .iter()
            .map(|c| c.killed.unwrap_or(0))
            .sum::<u32>()
        && existing.casualties.is_empty()
    {
        coded.casualties = new.casualties.clone();
    }
    let date_order =
        (new.time_precision, new.event_date).cmp(&(existing.time_precision, existing.event_date));
    if date_order == Ordering::Less {
        coded.event_date = new.event_date;
        coded.time_precision = new.time_precision;
    }
    if place_order(new, existing) == Ordering::Less {
        for (dst, src) in [
            (&mut coded.admin1, &new.admin1),
            (&mut coded.admin2, &new.admin2),
            (&mut coded.admin3, &new.admin3),
            (&mut coded.admin1_pcode, &new.admin1_pcode),
            (&mut coded.admin2_pcode, &new.admin2_pcode),
            (&mut coded.admin3_pcode, &new.admin3_pcode),
            (&mut coded.location, &new.location),
            (&mut coded.location_ar, &new.location_ar),
        ] {
            *dst = src.clone();
        }
        coded.latitude = new.latitude;
        coded.longitude = new.longitude;
        coded.geo_precision = new.geo_precision;
    }
    if (sub_rank(&new.sub_event_type), &new.sub_event_type)
        < (sub_rank(&existing.sub_event_type), &existing.sub_event_type)
    {
        coded.sub_event_type = new.sub_event_type.clone();
        coded.event_type = new.event_type.clone();
        coded.disorder_type = new.disorder_type.clone();
    }
    if unidentified(&existing.actor1) && !unidentified(&new.actor1) {
        coded.actor1 = new.actor1.clone();
        coded.inter1 = new.inter1.clone();
    }
    if existing.actor2.is_empty() && !new.actor2.is_empty()
        || (existing.actor2.starts_with("Civilians")
            && !new.actor2.is_empty()
            && !new.actor2.starts_with("Civilians")
            && new.fatalities == 0
            && existing.fatalities == 0)
    {
        coded.actor2 = new.actor2.clone();
        coded.inter2 = new.inter2.clone();
    }
    if !coded.claimed_by.is_empty() || existing.tags.is_empty() || new.tags.is_empty() {
        coded.tags = String::new();
    }
    if !coded.actor2.is_empty() && coded.actor2 != existing.actor2 {
        coded.interaction = interaction(&coded.inter1, &coded.inter2);
    }
    coded.civilian_targeting = if coded.actor2.starts_with("Civilians") {
        "Civilian targeting".into()
    } else {
        String::new()
    };

    let reviewed = matches!(
        existing.review.status,
        ReviewStatus::Confirmed | ReviewStatus::Edited
    );
    let mut withheld = Vec::new();
    if reviewed {
        let before = serde_fields(existing);
        let after = serde_fields(&coded);
        for ((k, v0), (_, v1)) in before.iter().zip(after.iter()) {
            if v0 != v1
                && !matches!(
                    k.as_str(),
                    "sources" | "evidence" | "claims" | "claimed_by" | "reported_by" | "source"
                )
            {
                withheld.push(format!("{k}: {v0} → {v1}"));
            }
        }
        // Keep the analyst's coding; only provenance grows.
        let mut kept = existing.clone();
        kept.sources = m.sources;
        kept.evidence = m.evidence;
        kept.claims = m.claims;
        kept.claimed_by = m.claimed_by;
        kept.reported_by = m.reported_by;
        kept.source = m.source;
        return (kept, withheld);
    }
    coded.notes = coded.generated_notes();
    (coded, withheld)
}

fn interaction(inter1: &str, inter2: &str) -> String {
    use marsad_model::ActorType;
    ActorType::interaction(ActorType::from_label(inter1), ActorType::from_label(inter2))
}

fn serde_fields(e: &Event) -> Vec<(String, String)> {
    match serde_json::to_value(e) {
        Ok(serde_json::Value::Object(map)) => {
            let mut v: Vec<(String, String)> =
                map.into_iter().map(|(k, v)| (k, v.to_string())).collect();
            v.sort();
            v
        }
        _ => Vec::new(),
    }
}

/// The order reports are considered in when clustering: by what they say, never by when they
/// arrived, so the clusters do not depend on ingest order. Borrowed, so sorting allocates
/// nothing.
fn report_key(e: &Event) -> (NaiveDate, u8, u8, &str, &str, &str, usize) {
    (
        e.event_date,
        e.time_precision,
        e.geo_precision,
        article_of(e),
        e.sub_event_type.as_str(),
        e.location_ar.as_deref().unwrap_or_default(),
        e.evidence.first().map_or(0, |x| x.start),
    )
}

fn article_of(e: &Event) -> &str {
    e.sources.first().map_or("", |s| s.article_id.as_str())
}

/// A report with what every comparison needs worked out once: its date window and folded
/// place name (folding allocates, and clustering compares each report with many others).
struct Prepared<'e> {
    event: &'e Event,
    window: (NaiveDate, NaiveDate),
    place: String,
}

impl<'e> Prepared<'e> {
    fn new(event: &'e Event) -> Prepared<'e> {
        Prepared {
            event,
            window: date_window(event),
            place: event.location_ar.as_deref().map(fold).unwrap_or_default(),
        }
    }
}

/// [`agreement`]'s score, or `None` where it keeps the two apart, without writing the reasons:
/// the clustering hot path. Same checks in the same order (`score_matches_agreement` holds
/// them together).
fn score(pa: &Prepared<'_>, pb: &Prepared<'_>) -> Option<u32> {
    let (a, b) = (pa.event, pb.event);
    if pa.window.1 < pb.window.0 || pb.window.1 < pa.window.0 {
        return None;
    }
    let mut score = 0;
    if a.event_date == b.event_date {
        score += 2;
    }
    if a.event_type != b.event_type {
        return None;
    }
    if a.sub_event_type == b.sub_event_type {
        score += 1;
    }
    if a.actor1 != b.actor1 && !unidentified(&a.actor1) && !unidentified(&b.actor1) {
        return None;
    }
    if !a.actor2.is_empty() && !b.actor2.is_empty() && a.actor2 != b.actor2 {
        let civ = |s: &str| s.starts_with("Civilians");
        if civ(&a.actor2) == civ(&b.actor2) || a.event_type != "Explosions/Remote violence" {
            return None;
        }
    } else if a.actor2 == b.actor2 && !a.actor2.is_empty() {
        score += 1;
    }
    match fit_with(a, b, &pa.place, &pb.place).0 {
        PlaceFit::Conflict => return None,
        PlaceFit::SameRegion => {
            if a.event_date != b.event_date || a.sub_event_type != b.sub_event_type {
                return None;
            }
            score += 1;
        }
        PlaceFit::Near => score += 2,
        PlaceFit::Same => score += 3,
    }
    if a.fatalities == b.fatalities && a.fatalities > 0 {
        score += 1;
    }
    Some(score)
}

/// Groups report-level events (each as one article alone codes it) into real-world events.
/// Reports are taken in a content order; each joins the cluster it agrees with best, provided
/// it agrees with every member (complete linkage: a vague report cannot bridge two villages)
/// and no member comes from its own article. The result depends only on the set of reports.
pub fn cluster(reports: &[&Event]) -> Vec<Vec<usize>> {
    let prepared: Vec<Prepared<'_>> = reports.iter().map(|e| Prepared::new(e)).collect();
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_by(|&a, &b| report_key(reports[a]).cmp(&report_key(reports[b])));
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for &r in &order {
        let report = &prepared[r];
        let article = article_of(report.event);
        let mut best: Option<(u32, u32, usize)> = None;
        let mut compatible_places: Vec<&str> = Vec::new();
        for (c, members) in clusters.iter().enumerate() {
            // It must agree with the cluster's most precise report and with most of the rest;
            // the first member is asked first, as it turns most clusters away.
            let Some((&head, rest)) = members.split_first() else {
                continue;
            };
            if members.iter().any(|&m| article_of(reports[m]) == article) {
                continue;
            }
            let Some(first) = score(report, &prepared[head]) else {
                continue;
            };
            let (mut agreeing, mut max, mut sum) = (1, first, first);
            for &m in rest {
                if let Some(s) = score(report, &prepared[m]) {
                    agreeing += 1;
                    max = max.max(s);
                    sum += s;
                }
            }
            if agreeing * 2 < members.len() {
                continue;
            }
            // Only a cluster placed more precisely than a region competes as a place: a
            // region-only cluster is no other place than the town a report names.
            let lead = &prepared[head];
            let place = lead.place.as_str();
            if lead.event.geo_precision < 3 && !compatible_places.contains(&place) {
                compatible_places.push(place);
            }
            if best.is_none_or(|(bm, bs, _)| (max, sum) > (bm, bs)) {
                best = Some((max, sum, c));
            }
        }
        // A report coded only near a place or to a region that fits two events is not
        // guessed into either.
        if report.event.geo_precision >= 2 && compatible_places.len() > 1 {
            best = None;
        }
        match best {
            Some((_, _, c)) => clusters[c].push(r),
            None => clusters.push(vec![r]),
        }
    }
    // Members joined in content order, so each cluster is already sorted by `report_key`.
    clusters
}

/// One fused event from a cluster's reports, folded in content order with [`merge`].
pub fn fuse_reports(reports: &[&Event]) -> Option<Event> {
    let mut sorted: Vec<&Event> = reports.to_vec();
    sorted.sort_by(|a, b| report_key(a).cmp(&report_key(b)));
    let (first, rest) = sorted.split_first()?;
    let mut fused = (*first).clone();
    for r in rest {
        fused = merge(&fused, r).0;
    }
    Some(fused)
}

/// Whether two reports could tell one event (dates, types, actors and places agree). Reports
/// that are not linked, directly or through others, never affect each other's clusters: the
/// clusters of a set of reports are the clusters of each of its connected components.
pub fn linked(a: &Event, b: &Event) -> bool {
    // The cheap refusals first (most pairs in a window), then the full check.
    let (a0, a1) = date_window(a);
    let (b0, b1) = date_window(b);
    if a1 < b0 || b1 < a0 || a.event_type != b.event_type {
        return false;
    }
    if let (Some(x), Some(y)) = (&a.admin1_pcode, &b.admin1_pcode) {
        if x != y {
            return false;
        }
    }
    agreement(a, b).is_ok()
}

/// Why two reports were kept apart, when they were (for `marsad explain`).
pub fn kept_apart_reason(a: &Event, b: &Event) -> Option<String> {
    agreement(a, b).err()
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_model::{Review, SourceRef};

    /// A small deterministic generator (xorshift), so the pairs cover every branch.
    struct Pick(u64);

    impl Pick {
        fn of<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            &items[(self.0 % items.len() as u64) as usize]
        }
    }

    fn varied(n: usize, seed: u64) -> Vec<Event> {
        let mut pick = Pick(seed);
        (0..n)
            .map(|i| {
                let sub = *pick.of(&[
                    "Armed clash",
                    "Remote explosive/landmine/IED",
                    "Air/drone strike",
                    "Attack",
                ]);
                let event_type = match sub {
                    "Armed clash" => "Battles",
                    "Attack" => "Violence against civilians",
                    _ => "Explosions/Remote violence",
                };
                let coords = *pick.of(&[
                    Some((35.3, 40.1)),
                    Some((35.31, 40.11)),
                    Some((35.9, 40.6)),
                    None,
                ]);
                let article = format!("a{}", *pick.of(&[0, 1, 2, 3, 4, 5, 6, 7]) + i % 3);
                Event {
                    event_id: String::new(),
                    event_date: NaiveDate::from_ymd_opt(2021, 3, *pick.of(&[1, 2, 4, 10, 25]))
                        .unwrap_or_default(),
                    time_precision: *pick.of(&[1, 1, 2, 3]),
                    disorder_type: "Political violence".into(),
                    event_type: event_type.into(),
                    sub_event_type: sub.into(),
                    actor1: pick
                        .of(&["Islamic State (Syria)", "Unidentified Armed Group", "HTS"])
                        .to_string(),
                    assoc_actor_1: String::new(),
                    inter1: "Rebel group".into(),
                    actor2: pick
                        .of(&["QSD: Syrian Democratic Forces", "Civilians (Syria)", ""])
                        .to_string(),
                    assoc_actor_2: String::new(),
                    inter2: String::new(),
                    interaction: String::new(),
                    civilian_targeting: String::new(),
                    iso: 760,
                    country: "Syria".into(),
                    admin1: None,
                    admin2: None,
                    admin3: None,
                    admin1_pcode: pick.of(&[Some("SY09"), Some("SY02"), None]).map(Into::into),
                    admin2_pcode: None,
                    admin3_pcode: None,
                    location: None,
                    location_ar: pick
                        .of(&[
                            Some("الشحيل"),
                            Some("شحيل"),
                            Some("ذيبان"),
                            Some("البصيرة"),
                            None,
                        ])
                        .map(Into::into),
                    latitude: coords.map(|c| c.0),
                    longitude: coords.map(|c| c.1),
                    geo_precision: *pick.of(&[1, 1, 2, 3]),
                    fatalities: *pick.of(&[0, 3, 5]),
                    fatalities_high: 0,
                    casualties: Vec::new(),
                    claimed_by: Vec::new(),
                    claims: Vec::new(),
                    reported_by: Vec::new(),
                    source: String::new(),
                    source_scale: String::new(),
                    notes: String::new(),
                    tags: String::new(),
                    sources: vec![SourceRef {
                        article_id: article,
                        outlet: None,
                        url: None,
                        published: None,
                    }],
                    evidence: Vec::new(),
                    review: Review::default(),
                }
            })
            .collect()
    }

    /// Clustering as it was written first (every score from [`agreement`], keys cloned): the
    /// reference the fast path must reproduce exactly.
    fn reference_cluster(reports: &[&Event]) -> Vec<Vec<usize>> {
        let mut order: Vec<usize> = (0..reports.len()).collect();
        order.sort_by(|&a, &b| report_key(reports[a]).cmp(&report_key(reports[b])));
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        for &r in &order {
            let report = reports[r];
            let mut best: Option<(u32, u32, usize)> = None;
            let mut compatible_places: Vec<String> = Vec::new();
            for (c, members) in clusters.iter().enumerate() {
                if members
                    .iter()
                    .any(|&m| article_of(reports[m]) == article_of(report))
                {
                    continue;
                }
                let scores: Vec<Option<u32>> = members
                    .iter()
                    .map(|&m| agreement(report, reports[m]).ok().map(|(s, _)| s))
                    .collect();
                let agreeing = scores.iter().flatten().count();
                if scores[0].is_none() || agreeing * 2 < members.len() {
                    continue;
                }
                let scores: Vec<u32> = scores.into_iter().flatten().collect();
                let lead = reports[members[0]];
                let place = lead.location_ar.as_deref().map(fold).unwrap_or_default();
                if lead.geo_precision < 3 && !compatible_places.contains(&place) {
                    compatible_places.push(place);
                }
                let max = scores.iter().copied().max().unwrap_or(0);
                let sum: u32 = scores.iter().sum();
                if best.is_none_or(|(bm, bs, _)| (max, sum) > (bm, bs)) {
                    best = Some((max, sum, c));
                }
            }
            if report.geo_precision >= 2 && compatible_places.len() > 1 {
                best = None;
            }
            match best {
                Some((_, _, c)) => clusters[c].push(r),
                None => clusters.push(vec![r]),
            }
        }
        for members in &mut clusters {
            members.sort_by(|&a, &b| report_key(reports[a]).cmp(&report_key(reports[b])));
        }
        clusters
    }

    #[test]
    fn score_matches_agreement() {
        let events = varied(300, 0x9e37_79b9_7f4a_7c15);
        let prepared: Vec<Prepared<'_>> = events.iter().map(Prepared::new).collect();
        let mut kept = 0;
        for (a, pa) in events.iter().zip(&prepared) {
            for (b, pb) in events.iter().zip(&prepared) {
                let slow = agreement(a, b).ok().map(|(s, _)| s);
                assert_eq!(score(pa, pb), slow, "{a:?}\n{b:?}");
                kept += usize::from(slow.is_some());
            }
        }
        // The generator must reach both verdicts often.
        assert!(kept > 1_000 && kept < 80_000, "{kept}");
    }

    #[test]
    fn cluster_matches_the_reference() {
        let mut joined = 0;
        for seed in 1..=20u64 {
            let events = varied(
                40 + 10 * seed as usize,
                seed.wrapping_mul(0x2545_f491_4f6c_dd1d),
            );
            let refs: Vec<&Event> = events.iter().collect();
            let clusters = cluster(&refs);
            assert_eq!(clusters, reference_cluster(&refs), "seed {seed}");
            joined += clusters.iter().filter(|c| c.len() > 1).count();
        }
        // Reports do fuse in these sets, so the comparison covers joining, not only splitting.
        assert!(joined > 100, "{joined}");
    }
}
