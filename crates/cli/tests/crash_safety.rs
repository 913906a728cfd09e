//! Crash safety with real process kills (SIGKILL, no chance to clean up), beyond the ingest
//! kill of `resume.rs`:
//!
//! - review writes: `marsad serve` killed while clients post edits. The store opens cleanly,
//!   every acknowledged review is there, and each edit is whole: its two fields and their audit
//!   rows are all there or none of them.
//! - a gazetteer import killed at several moments: the store is exactly as before the import
//!   or exactly as after a complete one (places and re-geocoded events), never places without
//!   their re-geocoding; running the import again finishes it.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use marsad_store::{EventFilter, Store};

fn marsad(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marsad"));
    c.arg("--db").arg(db);
    c
}

/// Writes `n` short reports with a manifest, each naming a place, a day and a toll.
fn write_corpus(dir: &Path, n: usize) {
    const PLACES: &[&str] = &[
        "بلدة ذيبان بريف دير الزور الشرقي",
        "بلدة الشحيل بريف دير الزور",
        "مخيم الهول بريف الحسكة",
        "بلدة العريقة بريف السويداء",
        "قرية الحديدة بريف حمص",
        "بلدة جب الجراح بريف حمص الشرقي",
        "بلدة البصيرة بريف دير الزور",
        "بلدة كنسبا بريف اللاذقية",
    ];
    std::fs::create_dir_all(dir).unwrap();
    let mut manifest = String::new();
    for i in 0..n {
        let place = PLACES[i % PLACES.len()];
        let day = 1 + i % 28;
        let killed = 2 + i % 5;
        let text = format!(
            "قتل {killed} عناصر من قوات النظام، أمس، بهجوم شنه مسلحون من تنظيم داعش على حاجز في {place}.\nوأفادت مصادر محلية بأن المهاجمين انسحبوا. رقم التقرير {i}.\n"
        );
        std::fs::write(dir.join(format!("c{i:05}.txt")), text).unwrap();
        manifest.push_str(&format!(
            "{{\"id\":\"c{i:05}\",\"file\":\"c{i:05}.txt\",\"outlet\":\"Outlet {}\",\"published\":\"2022-05-{day:02}\"}}\n",
            i % 3
        ));
    }
    std::fs::write(dir.join("manifest.jsonl"), manifest).unwrap();
}

fn ingest(db: &Path, corpus: &Path) {
    let out = marsad(db).arg("ingest").arg(corpus).output().unwrap();
    assert!(
        out.status.success(),
        "ingest: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// SQLite's own verdict on the file (after recovering the WAL a kill left behind), and the
/// store opening through marsad.
fn assert_opens_cleanly(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(verdict, "ok", "integrity_check after the kill");
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0, "rows pointing at nothing after the kill");
    drop(conn);
    Store::open(db).expect("the store opens after the kill");
}

/// A `marsad serve` child on a free loopback port.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(db: &Path) -> Server {
        let mut child = marsad(db)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("serve exited before listening")
                .unwrap();
            if let Some(at) = line.split("listening on http://").nth(1) {
                break at.trim().parse().unwrap();
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, addr }
    }

    /// SIGKILL: no destructor, no checkpoint, no goodbye.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

/// POSTs a JSON body with a bearer token; the status, or an error once the server is gone.
fn post(addr: SocketAddr, path: &str, token: &str, body: &str) -> std::io::Result<u16> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = Vec::new();
    s.read_to_end(&mut response)?;
    let head = String::from_utf8_lossy(&response);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status line: {head:?}")))?;
    // A response cut off by the kill is not an acknowledgement.
    if !head.contains("\r\n\r\n") {
        return Err(std::io::Error::other("truncated response"));
    }
    Ok(status)
}

fn notes_of(k: u32) -> String {
    format!("crash review {k}")
}

fn tags_of(k: u32) -> String {
    format!("crash-{k}")
}

/// Which edit `k` an event holds (0: none yet).
fn edit_number(notes: &str) -> u32 {
    notes
        .strip_prefix("crash review ")
        .and_then(|k| k.parse().ok())
        .unwrap_or(0)
}

/// What one client learnt about one event: the last edit acknowledged and the last sent.
#[derive(Debug, Default, Clone, Copy)]
struct Seen {
    acked: u32,
    sent: u32,
}

/// Checks every event after a kill and returns the edit number each one holds.
fn check_reviews(db: &Path, seen: &BTreeMap<String, Seen>) -> BTreeMap<String, u32> {
    assert_opens_cleanly(db);
    let store = Store::open(db).unwrap();
    let mut held = BTreeMap::new();
    for (id, s) in seen {
        let event = store.event(id).unwrap().expect("the event is still there");
        let k = edit_number(&event.notes);
        assert!(
            k >= s.acked,
            "{id}: edit {} was acknowledged but the store holds edit {k}",
            s.acked
        );
        assert!(k <= s.sent, "{id}: holds edit {k}, never sent");
        if k > 0 {
            assert_eq!(
                event.tags,
                tags_of(k),
                "{id}: half an edit (notes without tags)"
            );
        }
        // Each applied edit left exactly one audit row per field; an unapplied one left none.
        for (field, value_of) in [("notes", notes_of as fn(u32) -> String), ("tags", tags_of)] {
            let trail: Vec<String> = store
                .audit(id)
                .unwrap()
                .into_iter()
                .filter(|a| a.field == field)
                .filter_map(|a| serde_json::from_str::<String>(&a.after?).ok())
                .filter(|v| v.starts_with("crash"))
                .collect();
            let expected: Vec<String> = (1..=k).map(value_of).collect();
            assert_eq!(trail, expected, "{id}: audit of {field}");
        }
        held.insert(id.clone(), k);
    }
    held
}

#[test]
fn a_server_killed_during_review_writes_keeps_every_acknowledged_review_whole() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write_corpus(&corpus, 60);
    let db = dir.path().join("review.db");
    ingest(&db, &corpus);
    let out = marsad(&db)
        .args(["token", "create", "crash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();

    let ids: Vec<String> = Store::open(&db)
        .unwrap()
        .events(&EventFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| e.event_id)
        .take(8)
        .collect();
    assert_eq!(ids.len(), 8, "the corpus makes at least 8 events");
    let mut held: BTreeMap<String, u32> = ids.iter().map(|id| (id.clone(), 0)).collect();
    let mut acked_total = 0;

    for round in 0..3u64 {
        let server = Server::start(&db);
        let addr = server.addr;
        let acked = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let clients: Vec<_> = ids
            .chunks(2)
            .map(|mine| {
                let mine: Vec<(String, u32)> =
                    mine.iter().map(|id| (id.clone(), held[id])).collect();
                let (token, acked, stop) = (token.clone(), Arc::clone(&acked), Arc::clone(&stop));
                std::thread::spawn(move || {
                    let mut seen: BTreeMap<String, Seen> = mine
                        .iter()
                        .map(|(id, k)| {
                            (
                                id.clone(),
                                Seen {
                                    acked: *k,
                                    sent: *k,
                                },
                            )
                        })
                        .collect();
                    let mut statuses = Vec::new();
                    'writing: while !stop.load(Ordering::Relaxed) {
                        for (id, _) in &mine {
                            let s = seen.get_mut(id).unwrap();
                            let k = s.sent + 1;
                            s.sent = k;
                            let body = serde_json::json!({
                                "action": "edit",
                                "reason": "crash test",
                                "fields": {"notes": notes_of(k), "tags": tags_of(k)},
                            })
                            .to_string();
                            match post(addr, &format!("/api/events/{id}/review"), &token, &body) {
                                Ok(200) => {
                                    s.acked = k;
                                    acked.fetch_add(1, Ordering::Relaxed);
                                }
                                Ok(status) => statuses.push(status),
                                Err(_) => break 'writing,
                            }
                        }
                    }
                    (seen, statuses)
                })
            })
            .collect();
        // Kill once some writes are acknowledged, at a moment that varies by round.
        let started = Instant::now();
        while acked.load(Ordering::Relaxed) < 24 && started.elapsed() < Duration::from_secs(120) {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(3 + 11 * round));
        server.kill();
        stop.store(true, Ordering::Relaxed);
        let mut seen = BTreeMap::new();
        for client in clients {
            let (s, statuses) = client.join().unwrap();
            assert!(statuses.is_empty(), "non-200 answers: {statuses:?}");
            seen.extend(s);
        }
        acked_total += acked.load(Ordering::Relaxed);
        held = check_reviews(&db, &seen);
    }
    assert!(acked_total >= 72, "only {acked_total} reviews acknowledged");
}

/// Everything an import can change: the imported places and the stored events.
#[derive(Debug, PartialEq)]
struct ImportState {
    places: usize,
    events: Vec<serde_json::Value>,
}

fn import_state(db: &Path) -> ImportState {
    let store = Store::open(db).unwrap();
    let events = store
        .events(&EventFilter {
            include_rejected: true,
            ..Default::default()
        })
        .unwrap()
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    ImportState {
        places: store.places_json().unwrap().len(),
        events,
    }
}

fn copy_store(from: &Path, to: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let (f, t) = (with_suffix(from, suffix), with_suffix(to, suffix));
        if f.exists() {
            std::fs::copy(f, t).unwrap();
        }
    }
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn open_syria() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gazetteer/open-syria");
    dir.join("subdistricts.json").exists().then_some(dir)
}

fn import(db: &Path, data: &Path) -> Command {
    let mut c = marsad(db);
    c.args(["gazetteer", "import", "--format", "open-syria"])
        .arg(data)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

#[test]
fn a_gazetteer_import_killed_mid_way_is_all_or_nothing() {
    let Some(data) = open_syria() else {
        eprintln!("skipped: ../shared/gazetteer/open-syria is not beside the repository");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write_corpus(&corpus, 160);
    let base = dir.path().join("base.db");
    ingest(&base, &corpus);
    let before = import_state(&base);
    assert_eq!(before.places, 0);

    let reference = dir.path().join("reference.db");
    copy_store(&base, &reference);
    let started = Instant::now();
    assert!(import(&reference, &data).status().unwrap().success());
    let took = started.elapsed();
    let after = import_state(&reference);
    assert!(
        after.places > 200,
        "the import stored {} places",
        after.places
    );
    let moved = before
        .events
        .iter()
        .zip(&after.events)
        .filter(|(b, a)| b != a)
        .count();
    assert!(
        moved > 0 && before.events.len() == after.events.len(),
        "the import must re-geocode stored events for this test to see half an import"
    );

    let mut outcomes = Vec::new();
    for (i, fraction) in [0.1, 0.3, 0.5, 0.7, 0.9].into_iter().enumerate() {
        let db = dir.path().join(format!("trial{i}.db"));
        copy_store(&base, &db);
        let mut child = import(&db, &data).spawn().unwrap();
        std::thread::sleep(took.mul_f64(fraction));
        let _ = child.kill();
        child.wait().unwrap();
        assert_opens_cleanly(&db);
        let state = import_state(&db);
        let outcome = if state == before {
            "nothing"
        } else if state == after {
            "all"
        } else {
            panic!(
                "killed at {:.0}% of an import: half-written ({} places, {} of {} events re-geocoded)",
                fraction * 100.0,
                state.places,
                state
                    .events
                    .iter()
                    .zip(&after.events)
                    .filter(|(s, a)| s == a)
                    .count(),
                after.events.len()
            );
        };
        outcomes.push(outcome);
        // Running it again finishes the job.
        assert!(import(&db, &data).status().unwrap().success());
        assert_eq!(
            import_state(&db),
            after,
            "re-run after a kill at {fraction}"
        );
    }
    assert!(
        outcomes.contains(&"nothing"),
        "no kill landed inside the import: {outcomes:?}"
    );
}
