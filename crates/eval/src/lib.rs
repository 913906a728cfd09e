//! Scoring events against gold annotations (`spec/gold.md`), agreeing with
//! `shared/tools/score.py` to the third decimal: the same normalization, the same one-to-one
//! matching (best agreement first, ties broken as Python's tuple sort does), the same field
//! checks and fusion pairs.
//!
//! Owns: the scoring rules. Must never: read files (callers pass parsed JSON records), or
//! know how events were produced.

mod fold;

pub use fold::{admin1 as admin1_key, latin as latin_key, norm as norm_key, place as place_key};

use fold::{admin1, latin, norm, place};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Scores of one run, with the same keys as `score.py --json`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Score {
    /// Required gold events matched.
    pub tp: u32,
    /// System events matching nothing (optional gold events aside).
    pub fp: u32,
    /// Required gold events unmatched.
    pub fn_: u32,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// False positives that touch an aggregate statement.
    pub aggregate_as_event: u32,
    /// False positives that touch background history.
    pub background_as_event: u32,
    /// False positives that touch an event already matched.
    pub duplicates: u32,
    /// Accuracy of each field over the true positives.
    pub field_accuracy: BTreeMap<String, f64>,
    /// Mean of the field accuracies.
    pub fields: f64,
    /// Pairwise fusion agreement with the gold clusters.
    pub fusion: FusionScore,
    /// One line per miss: `FN id`, `FP article why: ...`, `FIELD id field: got ...`.
    pub details: Vec<String>,
}

/// Pairwise fusion figures (`spec/gold.md` §5).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FusionScore {
    /// Pairs in one cluster matched to one system event.
    pub pairs_tp: u32,
    /// Pairs in two clusters matched to one system event.
    pub pairs_fp: u32,
    /// Pairs in one cluster matched to two system events.
    pub pairs_fn: u32,
    /// pairs_tp / (pairs_tp + pairs_fp), 1 when empty.
    pub precision: f64,
    /// pairs_tp / (pairs_tp + pairs_fn), 1 when empty.
    pub recall: f64,
}

impl Score {
    /// The summary line, exactly as `score.py` prints it last.
    pub fn summary_line(&self) -> String {
        format!(
            "events: P={:.3} R={:.3} F1={:.3} | fields={:.3} (tp={} fp={} fn={})",
            self.precision, self.recall, self.f1, self.fields, self.tp, self.fp, self.fn_
        )
    }

    /// Every line `score.py` prints, details first, summary last.
    pub fn report_lines(&self) -> Vec<String> {
        let mut out = self.details.clone();
        for (k, v) in &self.field_accuracy {
            out.push(format!("field {k}: {v:.3}"));
        }
        let f = &self.fusion;
        out.push(format!(
            "fusion pairs: tp={} fp={} fn={} P={:.3} R={:.3}",
            f.pairs_tp, f.pairs_fp, f.pairs_fn, f.precision, f.recall
        ));
        out.push(format!(
            "aggregate_as_event={} background_as_event={} duplicates={}",
            self.aggregate_as_event, self.background_as_event, self.duplicates
        ));
        out.push(self.summary_line());
        out
    }

    /// The `--json` object, with `fn` spelled as `score.py` spells it.
    pub fn to_json(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Some(obj) = v.as_object_mut() {
            if let Some(x) = obj.remove("fn_") {
                obj.insert("fn".into(), x);
            }
        }
        v
    }
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn list<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn anchors(item: &Value) -> Vec<String> {
    let mut out = vec![norm(s(item, "evidence").unwrap_or(""))];
    out.extend(
        list(item, "also_evidence")
            .into_iter()
            .map(|a| norm(a.as_str().unwrap_or(""))),
    );
    out
}

fn evidence_text(ev: &Value, article: &str) -> String {
    list(ev, "evidence")
        .into_iter()
        .filter(|e| s(e, "article_id") == Some(article))
        .map(|e| norm(s(e, "text").unwrap_or("")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Python-style equality for JSON scalars: numbers compare by value (1 == 1.0).
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn date_ok(g: &Value, value: Option<&Value>) -> bool {
    use chrono::NaiveDate;
    let mut allowed: Vec<&Value> = vec![g.get("event_date").unwrap_or(&Value::Null)];
    allowed.extend(list(g, "event_date_alt"));
    let value = value.unwrap_or(&Value::Null);
    if allowed.iter().any(|a| same(a, value)) {
        return true;
    }
    let slack = match g.get("time_precision").and_then(Value::as_f64) {
        Some(2.0) => 3,
        Some(3.0) => 15,
        _ => 0,
    };
    let parse = |v: &Value| {
        v.as_str()
            .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
    };
    let Some(v) = parse(value) else { return false };
    // score.py walks the allowed dates in order; a malformed one raises, which reads as False.
    for a in &allowed {
        match parse(a) {
            Some(d) if (v - d).num_days().abs() <= slack => return true,
            Some(_) => {}
            None => return false,
        }
    }
    false
}

fn one_of(g: &Value, key: &str, value: Option<&Value>, f: fn(&Value) -> Value) -> bool {
    let mut allowed: Vec<&Value> = vec![g.get(key).unwrap_or(&Value::Null)];
    allowed.extend(list(g, &format!("{key}_alt")));
    let v = f(value.unwrap_or(&Value::Null));
    allowed
        .into_iter()
        .filter(|a| !a.is_null())
        .any(|a| same(&f(a), &v))
}

fn ident(v: &Value) -> Value {
    v.clone()
}

fn latin_value(v: &Value) -> Value {
    Value::String(latin(v.as_str().unwrap_or("")))
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
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

/// Each scored field of a matched gold event: `Some(true/false)`, in `score.py`'s order.
fn field_checks(g: &Value, e: &Value) -> Vec<(&'static str, bool)> {
    let mut out = vec![
        ("event_date", date_ok(g, e.get("event_date"))),
        (
            "time_precision",
            one_of(g, "time_precision", e.get("time_precision"), ident),
        ),
        (
            "event_type",
            one_of(g, "event_type", e.get("event_type"), ident),
        ),
        (
            "sub_event_type",
            one_of(g, "sub_event_type", e.get("sub_event_type"), ident),
        ),
        ("actor1", one_of(g, "actor1", e.get("actor1"), latin_value)),
        ("actor2", one_of(g, "actor2", e.get("actor2"), latin_value)),
    ];
    let got = place(s(e, "location_ar").unwrap_or(""));
    let mut names = vec![s(g, "location_ar").unwrap_or("")];
    names.extend(
        list(g, "location_alt_ar")
            .into_iter()
            .filter_map(Value::as_str),
    );
    out.push(("location", names.iter().any(|n| place(n) == got)));
    let sys_admin = admin1(
        s(e, "admin1_pcode")
            .filter(|x| !x.is_empty())
            .or_else(|| s(e, "admin1"))
            .unwrap_or(""),
    );
    let mut gold_admin = vec![g.get("admin1").unwrap_or(&Value::Null)];
    gold_admin.extend(list(g, "admin1_alt"));
    out.push((
        "admin1",
        gold_admin
            .iter()
            .any(|x| admin1(x.as_str().unwrap_or("")) == sys_admin),
    ));
    out.push((
        "geo_precision",
        one_of(g, "geo_precision", e.get("geo_precision"), ident),
    ));
    out.push((
        "fatalities",
        one_of(g, "fatalities", e.get("fatalities"), ident),
    ));
    if let Some(claimed) = g.get("claimed_by") {
        let want = latin(claimed.as_str().unwrap_or(""));
        let mut said: Vec<String> = list(e, "claimed_by")
            .into_iter()
            .filter_map(Value::as_str)
            .filter(|x| !x.is_empty())
            .map(latin)
            .collect();
        for c in list(e, "claims") {
            for k in ["by", "channel"] {
                if let Some(x) = s(c, k).filter(|x| !x.is_empty()) {
                    said.push(latin(x));
                }
            }
        }
        out.push(("claimed_by", said.contains(&want)));
    }
    if let (Some(glat), Some(glon)) = (
        g.get("latitude").and_then(Value::as_f64),
        g.get("longitude").and_then(Value::as_f64),
    ) {
        let ok = match (
            e.get("latitude").and_then(Value::as_f64),
            e.get("longitude").and_then(Value::as_f64),
        ) {
            (Some(lat), Some(lon)) => km((glat, glon), (lat, lon)) <= 10.0,
            _ => false,
        };
        out.push(("coordinates_10km", ok));
    }
    out
}

fn repr(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "None".into(),
        Some(Value::String(s)) => format!("'{s}'"),
        Some(other) => other.to_string(),
    }
}

/// Scores `events` (JSONL records) against `gold` (gold items), over the articles in `only`
/// or, by default, every article the gold names.
pub fn score(gold: &[Value], events: &[Value], only: Option<&[String]>) -> Score {
    let articles: BTreeSet<String> = match only {
        Some(ids) => ids.iter().cloned().collect(),
        None => gold
            .iter()
            .filter_map(|g| s(g, "article").map(str::to_string))
            .collect(),
    };
    let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
    let (mut agg_fp, mut bg_fp, mut dup_fp) = (0u32, 0u32, 0u32);
    let mut placed: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut fields: BTreeMap<&'static str, Vec<bool>> = BTreeMap::new();
    let mut details = Vec::new();
    for a in &articles {
        let gitems: Vec<&Value> = gold.iter().filter(|g| s(g, "article") == Some(a)).collect();
        let sys_ev: Vec<(usize, &Value)> = events
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                list(e, "evidence")
                    .into_iter()
                    .any(|x| s(x, "article_id") == Some(a))
            })
            .collect();
        let mut cands: Vec<(f64, usize, usize)> = Vec::new();
        for (i, (_, e)) in sys_ev.iter().enumerate() {
            let text = evidence_text(e, a);
            for (j, g) in gitems.iter().enumerate() {
                if anchors(g)
                    .iter()
                    .any(|an| !an.is_empty() && text.contains(an.as_str()))
                {
                    let mut score = 1.0;
                    if s(g, "kind") == Some("event") {
                        let c = field_checks(g, e);
                        score += c.iter().filter(|(_, v)| *v).count() as f64 / c.len() as f64;
                    }
                    cands.push((score, i, j));
                }
            }
        }
        // Python sorts the (score, i, j) tuples in reverse.
        cands.sort_by(|x, y| y.0.total_cmp(&x.0).then(y.1.cmp(&x.1)).then(y.2.cmp(&x.2)));
        let mut used_e = BTreeSet::new();
        let mut used_g = BTreeSet::new();
        let mut pairs = Vec::new();
        for &(_, i, j) in &cands {
            if used_e.contains(&i) || used_g.contains(&j) {
                continue;
            }
            if s(gitems[j], "kind") != Some("event") {
                continue;
            }
            used_e.insert(i);
            used_g.insert(j);
            pairs.push((i, j));
        }
        for (i, (_, e)) in sys_ev.iter().enumerate() {
            if used_e.contains(&i) {
                continue;
            }
            let hit: Vec<&Value> = cands
                .iter()
                .filter(|c| c.1 == i)
                .map(|c| gitems[c.2])
                .collect();
            let has = |k: &str| hit.iter().any(|g| s(g, "kind") == Some(k));
            let optional_event = hit.iter().any(|g| {
                s(g, "kind") == Some("event")
                    && !g.get("required").and_then(Value::as_bool).unwrap_or(true)
            });
            if has("event") && optional_event {
                continue;
            }
            fp += 1;
            let why = if has("event") {
                dup_fp += 1;
                "duplicate"
            } else if has("aggregate") {
                agg_fp += 1;
                "aggregate"
            } else if has("background") {
                bg_fp += 1;
                "background"
            } else {
                "spurious"
            };
            details.push(format!(
                "FP {a} {why}: {} / {} / {}",
                e.get("event_type")
                    .and_then(Value::as_str)
                    .unwrap_or("None"),
                e.get("location_ar")
                    .and_then(Value::as_str)
                    .unwrap_or("None"),
                e.get("event_date")
                    .and_then(Value::as_str)
                    .unwrap_or("None"),
            ));
        }
        for &(i, j) in &pairs {
            let g = gitems[j];
            let fallback = format!("{a}:{j}");
            let gid = s(g, "id").map(str::to_string).unwrap_or(fallback);
            let cluster = s(g, "cluster")
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| gid.clone());
            placed.insert(gid.clone(), (cluster, sys_ev[i].0));
            if !g.get("required").and_then(Value::as_bool).unwrap_or(true) {
                continue;
            }
            tp += 1;
            for (k, v) in field_checks(g, sys_ev[i].1) {
                fields.entry(k).or_default().push(v);
                if !v {
                    let key = match k {
                        "location" | "coordinates_10km" => "location_ar",
                        other => other,
                    };
                    details.push(format!(
                        "FIELD {gid} {k}: got {}",
                        repr(sys_ev[i].1.get(key))
                    ));
                }
            }
        }
        for (j, g) in gitems.iter().enumerate() {
            if s(g, "kind") == Some("event")
                && g.get("required").and_then(Value::as_bool).unwrap_or(true)
                && !used_g.contains(&j)
            {
                fn_ += 1;
                details.push(format!("FN {}", s(g, "id").unwrap_or("?")));
            }
        }
    }
    let ratio = |n: u32, d: u32| if d > 0 { n as f64 / d as f64 } else { 0.0 };
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let field_accuracy: BTreeMap<String, f64> = fields
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                v.iter().filter(|x| **x).count() as f64 / v.len() as f64,
            )
        })
        .collect();
    let mean = if field_accuracy.is_empty() {
        0.0
    } else {
        field_accuracy.values().sum::<f64>() / field_accuracy.len() as f64
    };
    let ids: Vec<&String> = placed.keys().collect();
    let (mut ftp, mut ffp, mut ffn) = (0u32, 0u32, 0u32);
    for x in 0..ids.len() {
        for y in x + 1..ids.len() {
            let (c1, e1) = &placed[ids[x]];
            let (c2, e2) = &placed[ids[y]];
            if c1 == c2 && e1 == e2 {
                ftp += 1;
            } else if c1 != c2 && e1 == e2 {
                ffp += 1;
            } else if c1 == c2 {
                ffn += 1;
            }
        }
    }
    let or_one = |n: u32, d: u32| if d > 0 { n as f64 / d as f64 } else { 1.0 };
    Score {
        tp,
        fp,
        fn_,
        precision,
        recall,
        f1,
        aggregate_as_event: agg_fp,
        background_as_event: bg_fp,
        duplicates: dup_fp,
        field_accuracy,
        fields: mean,
        fusion: FusionScore {
            pairs_tp: ftp,
            pairs_fp: ffp,
            pairs_fn: ffn,
            precision: or_one(ftp, ftp + ffp),
            recall: or_one(ftp, ftp + ffn),
        },
        details,
    }
}
