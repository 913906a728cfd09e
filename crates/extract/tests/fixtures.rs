//! The sentence fixtures of `testdata/sentences.jsonl` (written by a coder, one rule family per
//! line prefix): each line's text is extracted alone and its asserted fields compared. Per
//! family pass rates may not fall below `testdata/floors.tsv`.

use chrono::NaiveDate;
use marsad_eval::{admin1_key, latin_key, place_key};
use marsad_extract::Extractor;
use marsad_model::{Article, Event};
use serde_json::Value;
use std::collections::BTreeMap;

const FIXTURES: &str = include_str!("../testdata/sentences.jsonl");
const FLOORS: &str = include_str!("../testdata/floors.tsv");

/// Whether one asserted field of an expected event holds for a produced event.
fn field_ok(key: &str, want: &Value, e: &Event) -> Option<bool> {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    Some(match key {
        "event_type" => s(want) == e.event_type,
        "sub_event_type" => s(want) == e.sub_event_type,
        "actor1" => latin_key(&s(want)) == latin_key(&e.actor1),
        "actor2" => latin_key(&s(want)) == latin_key(&e.actor2),
        "fatalities" => want.as_u64() == Some(u64::from(e.fatalities)),
        "location_ar" => place_key(&s(want)) == place_key(e.location_ar.as_deref().unwrap_or("")),
        "admin1" => {
            admin1_key(&s(want))
                == admin1_key(
                    e.admin1_pcode
                        .as_deref()
                        .or(e.admin1.as_deref())
                        .unwrap_or(""),
                )
        }
        "geo_precision" => want.as_u64() == Some(u64::from(e.geo_precision)),
        "event_date" => s(want) == e.event_date.to_string(),
        "time_precision" => want.as_u64() == Some(u64::from(e.time_precision)),
        "claimed_by" => {
            let w = latin_key(&s(want));
            if w.is_empty() {
                e.claimed_by.is_empty()
            } else {
                e.claimed_by.iter().any(|c| latin_key(c) == w)
            }
        }
        "tags" => e.tags.contains(&s(want)),
        _ => return None,
    })
}

fn agreement(want: &serde_json::Map<String, Value>, e: &Event) -> (usize, usize) {
    let mut ok = 0;
    let mut all = 0;
    for (k, v) in want {
        if let Some(hit) = field_ok(k, v, e) {
            all += 1;
            ok += usize::from(hit);
        }
    }
    (ok, all)
}

#[derive(Default, Debug)]
struct Tally {
    lines: usize,
    passed: usize,
    fields: usize,
    fields_ok: usize,
    failures: Vec<String>,
}

fn produced_field(e: &Event, key: &str) -> Value {
    serde_json::to_value(e)
        .ok()
        .and_then(|x| x.get(key).cloned())
        .unwrap_or(Value::Null)
}

#[test]
fn sentence_fixtures_hold_their_floors() {
    let extractor = Extractor::bundled().expect("bundled lexicons");
    let mut by_family: BTreeMap<String, Tally> = BTreeMap::new();
    for (n, line) in FIXTURES.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", n + 1));
        let family = v["family"].as_str().unwrap_or("?").to_string();
        let published = v["published"]
            .as_str()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let article = Article {
            id: v["id"].as_str().unwrap_or("?").into(),
            text: v["text"].as_str().unwrap_or("").into(),
            published,
            origin: "fixture".into(),
            ..Article::default()
        };
        let got = extractor.extract(&article).events;
        let want: Vec<&serde_json::Map<String, Value>> = v["events"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_object).collect())
            .unwrap_or_default();
        let t = by_family.entry(family).or_default();
        t.lines += 1;
        // Match expected to produced events one to one, best agreement first.
        let mut used = vec![false; got.len()];
        let mut line_ok = got.len() == want.len();
        for w in &want {
            let best = got
                .iter()
                .enumerate()
                .filter(|(i, _)| !used[*i])
                .max_by_key(|(_, e)| agreement(w, e).0);
            match best {
                Some((i, e)) => {
                    used[i] = true;
                    let (ok, all) = agreement(w, e);
                    t.fields += all;
                    t.fields_ok += ok;
                    if ok < all {
                        line_ok = false;
                        let bad: Vec<String> = w
                            .iter()
                            .filter(|(k, val)| field_ok(k, val, e) == Some(false))
                            .map(|(k, val)| format!("{k}: want {val} got {}", produced_field(e, k)))
                            .collect();
                        t.failures.push(format!("{} {}", v["id"], bad.join("; ")));
                    }
                }
                None => {
                    t.fields += w.len();
                    line_ok = false;
                }
            }
        }
        if got.len() != want.len() {
            t.failures.push(format!(
                "{} wanted {} events, got {}",
                v["id"],
                want.len(),
                got.len()
            ));
        }
        t.passed += usize::from(line_ok);
    }
    let floors: BTreeMap<&str, f64> = FLOORS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, f.next()?.trim().parse().ok()?))
        })
        .collect();
    let mut below = Vec::new();
    for (family, t) in &by_family {
        let rate = t.passed as f64 / t.lines.max(1) as f64;
        let fields = t.fields_ok as f64 / t.fields.max(1) as f64;
        println!(
            "{family:<11} lines {:>3}  passed {:.3}  fields {:.3}",
            t.lines, rate, fields
        );
        for f in &t.failures {
            println!("    {f}");
        }
        let floor = floors.get(family.as_str()).copied().unwrap_or(1.0);
        if rate + 1e-9 < floor {
            below.push(format!("{family}: {rate:.3} < floor {floor:.3}"));
        }
    }
    assert!(
        below.is_empty(),
        "fixture families below their floors: {below:?}"
    );
}
