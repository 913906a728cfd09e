//! `marsad eval` must print the figures `shared/tools/score.py` prints on the same export.
//! This test derives many system-event sets from the seed gold (right, wrong, duplicated,
//! merged, missing) and compares both scorers on each. Skips when python3 or ../shared is absent.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.join("tools/score.py").exists().then_some(p)
}

fn python_score(shared: &Path, gold: &[Value], events: &[Value]) -> Option<Value> {
    let dir = tempfile::tempdir().ok()?;
    let g = dir.path().join("gold.jsonl");
    let e = dir.path().join("events.jsonl");
    let lines = |v: &[Value]| v.iter().map(|x| x.to_string() + "\n").collect::<String>();
    std::fs::write(&g, lines(gold)).ok()?;
    std::fs::write(&e, lines(events)).ok()?;
    let out = Command::new("python3")
        .arg(shared.join("tools/score.py"))
        .arg(&g)
        .arg(&e)
        .arg("--json")
        .output()
        .ok()?;
    serde_json::from_slice(&out.stdout).ok()
}

/// A system event built from a gold item, with `variant` choosing which fields go wrong.
fn event_from(g: &Value, variant: u32) -> Value {
    let mut e = json!({
        "event_id": g["id"], "event_date": g["event_date"], "time_precision": g["time_precision"],
        "event_type": g["event_type"], "sub_event_type": g["sub_event_type"],
        "actor1": g["actor1"], "actor2": g["actor2"], "location_ar": g["location_ar"],
        "admin1": g["admin1"], "geo_precision": g["geo_precision"], "fatalities": g["fatalities"],
        "claimed_by": [], "claims": [],
        "evidence": [{"article_id": g["article"], "text": format!("قبل ذلك، {}.", g["evidence"].as_str().unwrap_or("")), "start": 0, "end": 1}],
    });
    if variant % 2 == 1 {
        e["event_date"] = json!("2001-01-01");
    }
    if variant % 3 == 1 {
        e["fatalities"] = json!(99);
        e["actor2"] = json!("Civilians (Syria)");
    }
    if variant % 5 == 2 {
        e["location_ar"] = json!("بال");
        e["admin1_pcode"] = json!("SY11");
    }
    if g.get("claimed_by").is_some() && variant.is_multiple_of(2) {
        e["claims"] = json!([{"by": "Islamic State", "channel": "Amaq"}]);
    }
    e
}

#[test]
fn same_figures_as_score_py() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared/tools/score.py not found");
        return;
    };
    let Ok(text) = std::fs::read_to_string(shared.join("gold/seeds.jsonl")) else {
        eprintln!("skipped: no seed gold");
        return;
    };
    let gold: Vec<Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 not found");
        return;
    }
    let items: Vec<&Value> = gold.iter().collect();
    let mut compared = 0;
    for variant in 0..12u32 {
        let mut events = Vec::new();
        for (k, g) in items.iter().enumerate() {
            let keep = !(k as u32 + variant).is_multiple_of(4);
            if !keep {
                continue;
            }
            let mut e = event_from(g, variant + k as u32);
            if g["kind"] != "event" {
                e["event_type"] = json!("Battles");
            }
            events.push(e.clone());
            if (k as u32 + variant).is_multiple_of(5) {
                events.push(e); // a duplicate
            }
        }
        // One event answering for two gold items (a fusion false or true positive).
        if events.len() > 3 {
            let extra = events[2]["evidence"][0].clone();
            if let Some(arr) = events[1]["evidence"].as_array_mut() {
                arr.push(extra);
            }
        }
        let ours = marsad_eval::score(&gold, &events, None).to_json();
        let Some(theirs) = python_score(&shared, &gold, &events) else {
            panic!("score.py failed to run");
        };
        for key in [
            "precision",
            "recall",
            "f1",
            "fields",
            "tp",
            "fp",
            "fn",
            "duplicates",
            "aggregate_as_event",
            "background_as_event",
        ] {
            let a = ours[key].as_f64().unwrap_or(-1.0);
            let b = theirs[key].as_f64().unwrap_or(-2.0);
            assert!(
                (a - b).abs() < 5e-4,
                "variant {variant}: {key} ours={a} score.py={b}"
            );
        }
        for key in ["pairs_tp", "pairs_fp", "pairs_fn", "precision", "recall"] {
            assert_eq!(
                ours["fusion"][key].as_f64(),
                theirs["fusion"][key].as_f64(),
                "variant {variant} fusion {key}"
            );
        }
        assert_eq!(
            ours["field_accuracy"], theirs["field_accuracy"],
            "variant {variant}"
        );
        compared += 1;
    }
    assert_eq!(compared, 12);
}
