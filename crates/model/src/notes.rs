//! `notes`: a short English summary generated from the coded fields (no machine translation).

use crate::Event;

fn verb(sub: &str) -> &'static str {
    match sub {
        "Armed clash" => "attacked",
        "Remote explosive/landmine/IED" => "detonated an explosive device against",
        "Suicide bomb" => "carried out a suicide bombing against",
        "Shelling/artillery/missile attack" => "shelled",
        "Air/drone strike" => "carried out an air/drone strike on",
        "Attack" => "attacked",
        "Abduction/forced disappearance" => "abducted",
        "Arrests" => "arrested",
        "Disrupted weapons use" => "had an explosive device disrupted, targeting",
        "Grenade" => "threw a grenade at",
        "Looting/property destruction" => "destroyed property of",
        _ => "was involved in an event with",
    }
}

/// `On 2019-03-25, Islamic State (Syria) attacked QSD: Syrian Democratic Forces in al-Swidan
/// (Deir-ez-Zor). 2 killed. Claimed by Islamic State via Amaq.`
pub(crate) fn summary(e: &Event) -> String {
    let when = match e.time_precision {
        1 => format!("On {}", e.event_date),
        2 => format!("Around {}", e.event_date),
        _ => format!("In {}", e.event_date.format("%B %Y")),
    };
    let target = if e.actor2.is_empty() {
        "unspecified targets".to_string()
    } else {
        e.actor2.clone()
    };
    let place = match (&e.location, &e.location_ar) {
        (Some(en), _) if !en.is_empty() => en.clone(),
        (_, Some(ar)) => ar.clone(),
        _ => "an unknown place".into(),
    };
    let mut s = format!(
        "{when}, {} {} {target} in {place}",
        e.actor1,
        verb(&e.sub_event_type)
    );
    if let Some(a1) = &e.admin1 {
        s.push_str(&format!(" ({a1})"));
    }
    s.push('.');
    if e.fatalities > 0 {
        s.push_str(&format!(" {} killed.", e.fatalities));
    }
    let injured: u32 = e.casualties.iter().filter_map(|c| c.injured).sum();
    if injured > 0 {
        s.push_str(&format!(" {injured} injured."));
    }
    if let Some(c) = e.claims.first() {
        match &c.channel {
            Some(ch) => s.push_str(&format!(" Claimed by {} via {ch}.", c.by)),
            None => s.push_str(&format!(" Claimed by {}.", c.by)),
        }
    }
    if !e.tags.is_empty() {
        s.push_str(&format!(" [{}]", e.tags));
    }
    s
}
