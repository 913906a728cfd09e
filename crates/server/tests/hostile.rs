//! Hostile inputs through ingest → store → API: the files of `testdata/hostile/` (scripts, SQL,
//! bidi overrides, entity expansion, bad ids, invalid UTF-8, NUL bytes) plus generated ones too
//! big to commit (a 10 MB single line, HTML nested 100,000 deep, JSONL records at and over the
//! 10 MB limit). Nothing executed (the API answers JSON, never markup; scripts in pages are
//! dropped, scripts in text are text), nothing lost (what was stored comes back byte for byte),
//! no 500 and no panic, in bounded time.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use common::{enc, get, get_raw};
use marsad_pipeline::Pipeline;
use marsad_server::{router, AppState, ServeOptions, MAX_QUERY_BYTES};
use marsad_store::Store;
use serde_json::Value;

const BASE: &str = "قتل ثلاثة عناصر من قوات النظام، أمس، بهجوم شنه مسلحون من تنظيم داعش على حاجز في بلدة الشحيل بريف دير الزور الشرقي.";

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/hostile")
}

/// The committed hostile files (not the README).
fn committed() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(hostile_dir())
        .expect("testdata/hostile")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .collect();
    files.sort();
    files
}

/// The inputs too big to commit, written into `dir`.
fn generate(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut write = |name: &str, bytes: Vec<u8>| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).expect("write");
        out.push(p);
    };
    // 10 MB on one line: Arabic words without a single newline or full stop, then one report.
    let filler = "كلام بلا نهاية ولا نقطة ";
    let mut line = filler.repeat(10 * 1024 * 1024 / filler.len());
    line.push_str(BASE);
    write("huge-line.txt", line.into_bytes());
    // HTML nested 100,000 levels deep around one paragraph.
    let depth = 100_000;
    let mut html = String::from("<html><body>");
    html.push_str(&"<div>".repeat(depth));
    html.push_str(&format!("<p>{BASE} في صفحة عميقة.</p>"));
    html.push_str(&"</div>".repeat(depth));
    html.push_str("</body></html>");
    write("deep-nesting.html", html.into_bytes());
    // A JSONL record just under the 10 MB limit (read) and one just over (refused, warned).
    let body = |bytes: usize| {
        let mut t = "نص طويل. ".repeat(bytes / "نص طويل. ".len());
        t.push_str(BASE);
        t
    };
    let record = |id: &str, text: String| {
        serde_json::json!({"id": id, "published": "2022-05-10", "text": text}).to_string() + "\n"
    };
    let limit = marsad_ingest_limit();
    let mut jsonl = record("big-under", body(limit - 64 * 1024));
    jsonl.push_str(&record("big-over", body(limit + 1024)));
    jsonl.push_str(&record("after-big", format!("{BASE} بعد السجل الكبير.")));
    write("big-records.jsonl", jsonl.into_bytes());
    out
}

/// The ingest limit on one JSONL line (10 MB), as documented in `marsad_ingest`.
fn marsad_ingest_limit() -> usize {
    10 * 1024 * 1024
}

fn app(db: &Path) -> Router {
    let state = Arc::new(AppState::new(Store::open(db).expect("open")).expect("state"));
    router(state, &ServeOptions::default())
}

/// GET that must answer JSON with a status below 500.
async fn json_ok(app: &Router, uri: &str) -> (u16, Value) {
    let (status, body, headers) = get_raw(app, uri).await;
    assert!(status.as_u16() < 500, "{uri}: {status}");
    let kind = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        kind.starts_with("application/json"),
        "{uri}: answered {kind:?}, not JSON"
    );
    let value = serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{uri}: not JSON: {e}"));
    (status.as_u16(), value)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_inputs_are_stored_intact_and_served_as_inert_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut inputs = committed();
    assert!(inputs.len() >= 8, "testdata/hostile: {inputs:?}");
    inputs.extend(generate(dir.path()));
    let db = dir.path().join("hostile.db");

    // Ingest, on a thread with the default (small) stack of a spawned thread.
    let started = Instant::now();
    let (summary, db) = tokio::task::spawn_blocking({
        let db = db.clone();
        move || {
            let mut pipeline = Pipeline::open(&db).expect("pipeline");
            let summary = pipeline
                .ingest_paths(&inputs, |_, _| {})
                .expect("ingest finishes");
            (summary, db)
        }
    })
    .await
    .expect("ingest did not panic");
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(240),
        "ingest of the hostile corpus took {took:?}"
    );

    let store = Store::open(&db).expect("open");
    let article = |id: &str| {
        store
            .article(id)
            .expect("read")
            .unwrap_or_else(|| panic!("article {id:?} was lost"))
    };
    let warnings: Vec<String> = store
        .warnings(None)
        .expect("warnings")
        .into_iter()
        .map(|w| format!("{}: {}", w.origin, w.message))
        .collect();

    // Scripts and SQL in plain text are text: stored exactly as written (in the text, or in a
    // line the boilerplate cleaner cut and recorded, which the analyst can see and restore).
    let script = article("script-tags");
    let kept = |a: &marsad_model::Article, piece: &str| {
        a.text.contains(piece) || a.removed.iter().any(|r| r.text.contains(piece))
    };
    for piece in [
        "<script>alert('xss')</script>",
        "<img src=x onerror=alert(1)>",
        "javascript:alert(document.cookie)",
        "<svg onload=alert(2)>",
        "{{constructor.constructor('alert(3)')()}}",
        BASE,
    ] {
        assert!(kept(&script, piece), "lost {piece:?}");
    }
    let sql = article("sql-fragments");
    assert!(sql.text.contains("'; DROP TABLE articles; --"));
    assert!(sql.text.contains("UNION SELECT hash FROM api_tokens"));
    // Bidi overrides and invisible characters are kept in the stored text (evidence offsets
    // point into it); extraction still reads through them.
    let bidi = article("bidi-override");
    assert!(bidi.text.contains("\u{202e}هجوم على حاجز\u{202c}"));
    assert!(bidi.text.contains("\u{2066} exe.txt\u{2069}"));
    // A page's code is dropped, its text kept.
    let page = article("script-page");
    assert!(page.text.contains(BASE), "{:?}", page.text);
    assert!(
        page.text.contains("<script>alert(6)</script>"),
        "escaped text is text"
    );
    for code in [
        "document.cookie",
        "alert(1)",
        "alert(5)",
        "alert(8)",
        "alert(9)",
    ] {
        assert!(!page.text.contains(code), "page code {code:?} kept as text");
    }
    // Entities are never expanded: no billion laughs, no file read.
    for a in store.articles().expect("articles") {
        let a = article(&a.id);
        assert!(!a.text.contains("lollollol"), "{}: entity expanded", a.id);
        assert!(!a.text.contains("root:"), "{}: external entity read", a.id);
    }
    let cdata = article("laughs-2");
    assert!(cdata.text.contains(BASE));
    // Hostile ids are only ids.
    for id in [
        "../../etc/passwd",
        "x' OR '1'='1",
        "bidi-\u{202e}id",
        "id with spaces/and?query#frag",
    ] {
        assert!(article(id).text.contains(BASE), "{id:?}");
    }
    // A file that is not UTF-8 is refused with a warning saying where, not guessed at.
    assert!(store.article("invalid-utf8").expect("read").is_none());
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("invalid-utf8") && w.contains("invalid UTF-8 at line 2")),
        "{warnings:?}"
    );
    // A binary file is refused with a warning, not stored.
    assert!(store.article("nul-bytes").expect("read").is_none());
    assert!(
        warnings.iter().any(|w| w.contains("nul-bytes")),
        "{warnings:?}"
    );
    // The big ones: the 10 MB line whole, the deep page's paragraph, the record at the limit;
    // the record over it is refused with a warning and the next line still read.
    let huge = article("huge-line");
    assert!(huge.text.len() > 10_000_000 && huge.text.ends_with(BASE));
    assert!(article("deep-nesting").text.contains(BASE));
    assert!(article("big-under").text.ends_with(BASE));
    assert!(store.article("big-over").expect("read").is_none());
    assert!(article("after-big").text.contains(BASE));
    assert!(
        warnings.iter().any(|w| w.contains("big-records.jsonl")),
        "{warnings:?}"
    );
    assert!(summary.articles_new >= 15, "{summary:?}");
    drop(store);

    // The API returns every stored article's text byte for byte, as JSON.
    let app = app(&db);
    let store = Store::open(&db).expect("open");
    for a in store.articles().expect("articles") {
        let stored = store.article(&a.id).expect("read").expect("listed");
        let (status, body) = json_ok(&app, &format!("/api/articles/{}", enc(&a.id))).await;
        assert_eq!(status, 200, "{:?}", a.id);
        assert_eq!(body["id"], a.id.as_str());
        assert_eq!(
            body["text"].as_str(),
            Some(stored.text.as_str()),
            "{:?}",
            a.id
        );
        assert_eq!(
            body["title"].as_str(),
            stored.title.as_deref(),
            "{:?}",
            a.id
        );
    }

    // Hostile queries are only queries: never a 500, never everything.
    let total = json_ok(&app, "/api/events").await.1["total"].clone();
    for q in [
        "'; DROP TABLE articles; --",
        "\" OR 1=1 --",
        "NEAR(داعش قسد, 2)",
        "داعش*",
        "*",
        "\"",
        "^الشحيل",
        "{text}: داعش",
        "col:x AND",
        "<script>alert(1)</script>",
        "\u{202e}الشحيل\u{202c}",
        "\u{0}",
        "%",
        "((((((((((((((((((((داعش",
        &"داعش OR ".repeat(400),
        &"ا".repeat(5000),
    ] {
        let (status, body) = json_ok(&app, &format!("/api/search?q={}", enc(q))).await;
        // 414: over MAX_QUERY_BYTES once percent-encoded.
        assert!(
            [200, 400, 414].contains(&status),
            "search {q:?}: {status} {body}"
        );
        for filter in ["actor", "admin1", "q"] {
            let uri = format!("/api/events?{filter}={}", enc(q));
            let (status, _) = json_ok(&app, &uri).await;
            assert!([200, 400, 414].contains(&status), "{uri}: {status}");
        }
    }
    let (_, after) = get(&app, "/api/events").await;
    assert_eq!(after["total"], total, "a query changed the store");
    assert!(store.article("script-tags").expect("read").is_some());
}

#[tokio::test]
async fn over_long_query_strings_are_refused_and_no_answer_is_sniffed() {
    let (app, _) = common::app(0);
    // Each ا is six bytes percent-encoded: well over the limit.
    let long = "ا".repeat(MAX_QUERY_BYTES);
    for uri in [
        format!("/api/search?q={}", enc(&long)),
        format!("/api/events?actor={}", enc(&long)),
        format!("/api/articles/a1?x={}", "a".repeat(MAX_QUERY_BYTES + 1)),
    ] {
        let (status, body) = json_ok(&app, &uri).await;
        assert_eq!(status, 414, "{}", &uri[..40]);
        assert!(body["error"].is_string());
    }
    let fits = "داعش ".repeat(100);
    let (status, _, headers) = get_raw(&app, &format!("/api/search?q={}", enc(&fits))).await;
    assert_eq!(status, 200);
    assert_eq!(headers["x-content-type-options"], "nosniff");
    for uri in [
        "/api/events",
        "/api/articles/a1",
        "/api/nothing",
        "/api/events?limit=501",
    ] {
        let (_, _, headers) = get_raw(&app, uri).await;
        assert_eq!(headers["x-content-type-options"], "nosniff", "{uri}");
    }
}
