//! A team on PostgreSQL: three `marsad ingest` processes at once, on overlapping thirds of the
//! demo corpus, against one database, store every article once and the same events as one
//! process ingesting the whole corpus; `marsad migrate` copies a SQLite store into
//! PostgreSQL. Needs `MARSAD_TEST_POSTGRES_URL` (each test creates and drops its own
//! databases); skipped, saying so, without it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use marsad_store::testing::TempDatabase;
use serde_json::Value;

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo")
}

fn marsad(db: &str, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marsad"));
    c.arg("--db").arg(db).args(args);
    c
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Copies the demo reports numbered in `range` (by manifest line) into `dir`, with their
/// manifest lines.
fn demo_subset(dir: &Path, picks: &[usize]) {
    let demo = demo_dir();
    let manifest = std::fs::read_to_string(demo.join("manifest.jsonl")).unwrap();
    let lines: Vec<&str> = manifest.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut out = String::new();
    for &i in picks {
        let line = lines[i % lines.len()];
        let entry: Value = serde_json::from_str(line).unwrap();
        let file = entry["file"].as_str().unwrap();
        std::fs::copy(demo.join(file), dir.join(file)).unwrap();
        out.push_str(line);
        out.push('\n');
    }
    std::fs::write(dir.join("manifest.jsonl"), out).unwrap();
}

fn demo_len() -> usize {
    std::fs::read_to_string(demo_dir().join("manifest.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
}

/// Each event as (date, type, actor, place, toll, sources): the store as a multiset.
fn signature(db: &str) -> BTreeMap<String, usize> {
    let jsonl = ok(
        marsad(db, &["export", "--format", "jsonl"])
            .output()
            .unwrap(),
        "export",
    );
    let mut out = BTreeMap::new();
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let e: Value = serde_json::from_str(line).unwrap();
        let mut sources: Vec<String> = e["sources"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s["article_id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        sources.sort();
        let key = format!(
            "{} {} {} {} {} [{}]",
            e["event_date"],
            e["sub_event_type"],
            e["actor1"],
            e["location_ar"],
            e["fatalities"],
            sources.join(",")
        );
        *out.entry(key).or_insert(0) += 1;
    }
    out
}

fn summary(stdout: &str) -> Value {
    serde_json::from_str(stdout.trim().lines().last().unwrap_or("{}")).unwrap()
}

#[test]
fn three_ingest_processes_store_each_article_once_and_the_same_events_as_one() {
    let Some(single) = TempDatabase::create("three_ingest_processes") else {
        return;
    };
    let Some(shared) = TempDatabase::create("three_ingest_processes") else {
        return;
    };
    let n = demo_len();
    assert!(n >= 30, "the demo corpus has {n} reports");

    let alone = summary(&ok(
        marsad(
            &single.url,
            &["ingest", demo_dir().to_str().unwrap(), "--json"],
        )
        .output()
        .unwrap(),
        "single ingest",
    ));
    assert_eq!(alone["articles_new"], n as u64, "{alone}");

    // Overlapping thirds: every report in at least one, a third of them in two.
    let third = n / 3;
    let parts: Vec<Vec<usize>> = vec![
        (0..third + 6).collect(),
        (third..2 * third + 6).collect(),
        (2 * third..n + 6).collect(),
    ];
    let dirs: Vec<tempfile::TempDir> = parts
        .iter()
        .map(|picks| {
            let dir = tempfile::tempdir().unwrap();
            demo_subset(dir.path(), picks);
            dir
        })
        .collect();
    // Create the schema first, so the three race on articles and events, not on migrations.
    ok(marsad(&shared.url, &["articles"]).output().unwrap(), "open");
    let children: Vec<_> = dirs
        .iter()
        .map(|dir| {
            marsad(
                &shared.url,
                &["ingest", dir.path().to_str().unwrap(), "--json"],
            )
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let mut new_articles = 0;
    let mut duplicates = 0;
    for child in children {
        let s = summary(&ok(child.wait_with_output().unwrap(), "concurrent ingest"));
        new_articles += s["articles_new"].as_u64().unwrap();
        duplicates += s["articles_duplicate"].as_u64().unwrap();
    }
    assert_eq!(
        new_articles, n as u64,
        "each article stored by exactly one process"
    );
    let picked: usize = parts.iter().map(Vec::len).sum();
    assert_eq!(
        duplicates,
        (picked - n) as u64,
        "the overlaps are recognized as duplicates"
    );

    let listed = ok(
        marsad(&shared.url, &["articles", "--json"])
            .output()
            .unwrap(),
        "articles",
    );
    assert_eq!(listed.lines().count(), n, "every article once");

    let (one, three) = (signature(&single.url), signature(&shared.url));
    assert_eq!(
        one.values().sum::<usize>(),
        three.values().sum::<usize>(),
        "event counts"
    );
    assert_eq!(one, three, "the same events");
}

#[test]
fn migrate_copies_a_sqlite_store_into_postgres_with_its_audit_trail() {
    let Some(target) = TempDatabase::create("migrate") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("m.db");
    let sqlite = sqlite.to_str().unwrap();
    ok(
        marsad(sqlite, &["ingest", demo_dir().to_str().unwrap()])
            .output()
            .unwrap(),
        "ingest",
    );
    ok(
        marsad(sqlite, &["token", "create", "amal"])
            .output()
            .unwrap(),
        "token",
    );
    let out = ok(
        marsad(
            "unused.db",
            &["migrate", "--from", sqlite, "--to", &target.url],
        )
        .output()
        .unwrap(),
        "migrate",
    );
    assert!(out.contains("tokens"), "{out}");

    let export = |db: &str| {
        ok(
            marsad(db, &["export", "--format", "jsonl"])
                .output()
                .unwrap(),
            "export",
        )
    };
    assert_eq!(
        export(sqlite),
        export(&target.url),
        "every event, ids included"
    );
    let articles = |db: &str| {
        ok(
            marsad(db, &["articles", "--json"]).output().unwrap(),
            "articles",
        )
    };
    assert_eq!(articles(sqlite), articles(&target.url));
    // An event's explanation shows its audit trail (created, merges): the same after the copy.
    let first = export(sqlite)
        .lines()
        .next()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["event_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .unwrap();
    let explain = |db: &str| {
        ok(
            marsad(db, &["explain", &first]).output().unwrap(),
            "explain",
        )
    };
    assert_eq!(explain(sqlite), explain(&target.url));

    // A second copy into the now full store is refused, not merged.
    let again = marsad(
        "unused.db",
        &["migrate", "--from", sqlite, "--to", &target.url],
    )
    .output()
    .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds"));
}

/// `GET path` on 127.0.0.1:`port`: the status line and body, or `None` if nothing listens.
fn http_get(port: u16, path: &str) -> Option<(String, String)> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    Some((head.lines().next()?.to_string(), body.to_string()))
}

#[test]
fn serve_answers_from_postgres_and_stops_cleanly_on_ctrl_c() {
    let Some(db) = TempDatabase::create("serve_on_postgres") else {
        return;
    };
    ok(
        marsad(&db.url, &["ingest", demo_dir().to_str().unwrap()])
            .output()
            .unwrap(),
        "ingest",
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = marsad(&db.url, &["serve", "--addr", &format!("127.0.0.1:{port}")])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut answer = None;
    for _ in 0..100 {
        answer = http_get(port, "/api/events?limit=5");
        if answer.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let (status, body) = answer.expect("the server answers");
    assert!(status.contains("200"), "{status}: {body}");
    assert!(body.contains("SYR-"), "{body}");
    // Ctrl-C: a graceful stop closes the PostgreSQL session without a panic.
    let pid = server.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let out = server.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
