//! Test builders shared by the store's integration tests.
#![allow(dead_code)]

pub mod backends;

use chrono::NaiveDate;
use marsad_model::{
    Article, Casualty, Claim, Event, Evidence, RemovedLine, Review, ReviewStatus, SourceRef,
};

/// A day, for tests.
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// An article with every field filled.
pub fn sample_article(id: &str, text: &str) -> Article {
    Article {
        id: id.to_string(),
        url: Some(format!("https://example.org/{id}")),
        outlet: Some("Enab Baladi".to_string()),
        outlet_ar: Some("عنب بلدي".to_string()),
        title: Some("هجوم على حاجز لقسد في ريف دير الزور".to_string()),
        published: Some(day(2024, 3, 12)),
        text: text.to_string(),
        removed: vec![RemovedLine {
            text: "تابعونا على تلغرام".to_string(),
            reason: "follow-us".to_string(),
        }],
        origin: format!("corpus/{id}.html"),
    }
}

/// An event with every field filled (no field left at its default), cited by `article_id`.
pub fn sample_event(date: NaiveDate, article_id: &str) -> Event {
    Event {
        event_id: String::new(),
        event_date: date,
        time_precision: 1,
        disorder_type: "Political violence".to_string(),
        event_type: "Battles".to_string(),
        sub_event_type: "Armed clash".to_string(),
        actor1: "Islamic State (Syria)".to_string(),
        assoc_actor_1: "Sleeper cell".to_string(),
        inter1: "Rebel group".to_string(),
        actor2: "QSD: Syrian Democratic Forces".to_string(),
        assoc_actor_2: "Deir-ez-Zor Military Council".to_string(),
        inter2: "Rebel group".to_string(),
        interaction: "Rebel group-Rebel group".to_string(),
        civilian_targeting: "Civilian targeting".to_string(),
        iso: 760,
        country: "Syria".to_string(),
        admin1: Some("Deir-ez-Zor".to_string()),
        admin2: Some("Deir-ez-Zor".to_string()),
        admin3: Some("Basira".to_string()),
        admin1_pcode: Some("SY09".to_string()),
        admin2_pcode: Some("SY0900".to_string()),
        admin3_pcode: Some("SY090004".to_string()),
        location: Some("Thiban".to_string()),
        location_ar: Some("ذيبان".to_string()),
        latitude: Some(35.011_234_567_8),
        longitude: Some(40.512_345_678_9),
        geo_precision: 2,
        fatalities: 3,
        fatalities_high: 5,
        casualties: vec![Casualty {
            group: "QSD: Syrian Democratic Forces".to_string(),
            killed: Some(3),
            injured: Some(2),
            estimate: false,
        }],
        claimed_by: vec!["Islamic State".to_string()],
        claims: vec![Claim {
            by: "Islamic State".to_string(),
            channel: Some("Amaq".to_string()),
            date: Some(date),
            article_id: article_id.to_string(),
        }],
        reported_by: vec!["local sources".to_string()],
        source: "Enab Baladi".to_string(),
        source_scale: "National".to_string(),
        notes: "On 12 March 2024, IS fighters attacked an SDF checkpoint in Thiban.".to_string(),
        tags: "suggested attribution".to_string(),
        sources: vec![SourceRef {
            article_id: article_id.to_string(),
            outlet: Some("Enab Baladi".to_string()),
            url: Some(format!("https://example.org/{article_id}")),
            published: Some(date),
        }],
        evidence: vec![Evidence {
            article_id: article_id.to_string(),
            text: "هاجم مسلحون حاجزاً لقسد في بلدة ذيبان".to_string(),
            start: 10,
            end: 47,
        }],
        review: Review {
            status: ReviewStatus::Confirmed,
            by: Some("analyst1".to_string()),
            at: Some("2024-03-13T10:00:00Z".to_string()),
        },
    }
}
