//! `/api/articles/{id}` marks the words behind an event's fields (place, actor, count, date)
//! inside its evidence sentences, with character offsets that select exactly those words, an
//! obfuscated spelling included.

mod common;

use common::{app, get};
use serde_json::Value;

async fn marked(article: &str, event_id: &str) -> (Vec<(String, String)>, Value) {
    let (app, _) = app(0);
    let (status, body) = get(&app, &format!("/api/articles/{article}")).await;
    assert_eq!(status, 200);
    let text: Vec<char> = body["text"].as_str().unwrap().chars().collect();
    let marks = body["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["event_id"] == event_id && h["field"] != "evidence")
        .map(|h| {
            let (s, e) = (
                h["start"].as_u64().unwrap() as usize,
                h["end"].as_u64().unwrap() as usize,
            );
            (
                h["field"].as_str().unwrap().to_string(),
                text[s..e].iter().collect(),
            )
        })
        .collect();
    (marks, body)
}

#[tokio::test]
async fn place_and_actor_words_are_marked_inside_the_evidence_only() {
    let (_, ids) = app(0);
    let (marks, body) = marked("a1", &ids[0]).await;
    let of = |field: &str| -> Vec<&str> {
        marks
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, w)| w.as_str())
            .collect()
    };
    assert_eq!(of("place"), ["الحوائج", "دير الزور"], "{marks:?}");
    assert_eq!(
        of("actor"),
        ["دا.عـ.ـش", "قوات سوريا الديمقراطية"],
        "{marks:?}"
    );
    // The toll (عنصران) is in the second sentence, which is not this event's evidence.
    assert!(of("count").is_empty(), "{marks:?}");
    let evidence_end = body["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["field"] == "evidence")
        .unwrap()["end"]
        .as_u64()
        .unwrap();
    for h in body["highlights"].as_array().unwrap() {
        assert!(h["end"].as_u64().unwrap() <= evidence_end, "{h}");
    }
}

#[tokio::test]
async fn the_date_words_resolve_to_the_event_date() {
    let (_, ids) = app(0);
    let (marks, _) = marked("a2", &ids[1]).await;
    assert!(
        marks
            .iter()
            .any(|(f, w)| f == "date" && w.contains("اليوم")),
        "{marks:?}"
    );
    assert!(
        marks.iter().any(|(f, w)| f == "place" && w == "الرقة"),
        "{marks:?}"
    );
}
