//! `marsad watch --once` against a local outlet (a feed and its pages on 127.0.0.1), then
//! `marsad sources`: new articles stored once, a dead source in the health table, bad
//! configurations refused with a one-line error.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

type Routes = Vec<(&'static str, u16, String)>;

/// Serves the routes `build` writes for the server's base URL (path → status, body) on
/// 127.0.0.1 from a thread; returns the base URL.
fn serve(build: impl FnOnce(&str) -> Routes) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes = build(&base);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            // Skip the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request_line.split_whitespace().nth(1).unwrap_or("/");
            let (status, body) = routes
                .iter()
                .find(|(p, _, _)| *p == path)
                .map(|(_, s, b)| (*s, b.clone()))
                .unwrap_or((404, String::new()));
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

fn marsad(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marsad"));
    c.arg("--db").arg(db);
    c
}

#[test]
fn watch_once_then_sources() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("marsad.db");
    let page = |text: &str| {
        format!("<html><body><nav>الرئيسية</nav><article><p>{text}</p></article></body></html>")
    };
    let base = serve(|base| {
        vec![
            (
                "/feed",
                200,
                format!(
                    "<rss><channel><title>عنب بلدي</title>\
                     <item><title>قصف</title><link>{base}/a/1</link><pubDate>2024-03-04</pubDate></item>\
                     <item><title>هجوم</title><link>{base}/a/2?utm_source=rss</link><pubDate>2024-03-05</pubDate></item>\
                     </channel></rss>"
                ),
            ),
            (
                "/a/1",
                200,
                page("قتل ثلاثة مدنيين بقصف مدفعي على بلدة كفرنبل في ريف إدلب."),
            ),
            (
                "/a/2",
                200,
                page("قتل عنصران من قسد بهجوم لتنظيم داعش على حاجز في ريف دير الزور."),
            ),
            ("/dead", 500, String::new()),
        ]
    });

    let sources = dir.path().join("sources.toml");
    std::fs::write(
        &sources,
        format!(
            "[watch]\nhost_delay_ms = 0\ntimeout_ms = 2000\nretries = 0\n\
             [[source]]\nname = \"Enab Baladi\"\nname_ar = \"عنب بلدي\"\nfeed = \"{base}/feed\"\n\
             [[source]]\nname = \"Dead\"\nfeed = \"{base}/dead\"\n"
        ),
    )
    .unwrap();

    let run = marsad(&db)
        .args(["watch", "--once", "--json", "--sources"])
        .arg(&sources)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(summary["articles_new"], 2, "{summary}");

    // Again: nothing new, nothing stored twice.
    let again = marsad(&db)
        .args(["watch", "--once", "--json", "--sources"])
        .arg(&sources)
        .output()
        .unwrap();
    assert!(again.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(summary["articles_new"], 0, "{summary}");
    assert_eq!(
        summary["articles_duplicate"], 0,
        "settled items are not even fetched"
    );

    let table = marsad(&db).arg("sources").output().unwrap();
    assert!(table.status.success());
    let table = String::from_utf8(table.stdout).unwrap();
    let dead = table
        .lines()
        .find(|l| l.starts_with("Dead\t"))
        .expect(&table);
    assert!(dead.contains("HTTP 500"), "{dead}");
    assert!(dead.ends_with("\t2"), "two failed polls in a row: {dead}");
    let good = table
        .lines()
        .find(|l| l.starts_with("Enab Baladi\t"))
        .expect(&table);
    assert!(
        good.contains("\t2\t2\t0\t0"),
        "2 seen, 2 new, 0 pages failed, 0 failures: {good}"
    );

    let json = marsad(&db).args(["sources", "--json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(2));
}

#[test]
fn bad_sources_files_are_refused_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("marsad.db");
    let sources = dir.path().join("sources.toml");
    for (toml, why) in [
        (
            "[[source]]\nname = 'a'\nfeed = 'file:///etc/passwd'\n",
            "http and https",
        ),
        ("", "no [[source]]"),
        ("[[source]]\nname = 'a'\n", "feed = URL"),
    ] {
        std::fs::write(&sources, toml).unwrap();
        let run = marsad(&db)
            .args(["watch", "--once", "--sources"])
            .arg(&sources)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(1));
        let err = String::from_utf8(run.stderr).unwrap();
        assert!(err.contains(why) && err.lines().count() == 1, "{err}");
    }
    let run = marsad(&db)
        .args(["watch", "--sources", "missing.toml"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
}

/// `GET path` on `addr`, the body.
fn http_get(addr: &str, path: &str) -> String {
    use std::io::Read;
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default()
}

#[test]
fn serve_with_watch_ingests_while_serving() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("marsad.db");
    let base = serve(|base| {
        vec![
            (
                "/feed",
                200,
                format!(
                    "<rss><channel><item><title>قصف</title><link>{base}/a/1</link>\
                     <pubDate>2024-03-04</pubDate></item></channel></rss>"
                ),
            ),
            (
                "/a/1",
                200,
                "<html><body><article><p>قتل مدنيان بقصف على بلدة في ريف حماة.</p></article></body></html>"
                    .to_string(),
            ),
        ]
    });
    let sources = dir.path().join("sources.toml");
    std::fs::write(
        &sources,
        format!(
            "[watch]\nhost_delay_ms = 0\n[[source]]\nname = \"Local\"\nfeed = \"{base}/feed\"\n"
        ),
    )
    .unwrap();
    let mut child = marsad(&db)
        .args(["serve", "--addr", "127.0.0.1:0", "--watch"])
        .arg(&sources)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Bounded: should the server never say what the test waits for, it is ended after 60 s
    // (and the test fails on the missing lines).
    let pid = child.id().to_string();
    let ended = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog_ended = ended.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(60));
        if !watchdog_ended.load(std::sync::atomic::Ordering::SeqCst) {
            let _ = Command::new("kill").arg(&pid).status();
        }
    });
    let mut addr = None;
    let mut polled = false;
    let mut seen = Vec::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(at) = line.split("listening on http://").nth(1) {
            addr = Some(at.trim().to_string());
        }
        polled |= line.starts_with("Local: 1 items listed");
        seen.push(line);
        if addr.is_some() && polled {
            break;
        }
    }
    let addr = addr.unwrap_or_else(|| panic!("no address: {seen:?}"));
    let body = http_get(&addr, "/api/sources");
    child.kill().unwrap();
    child.wait().unwrap();
    ended.store(true, std::sync::atomic::Ordering::SeqCst);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{body}"));
    assert_eq!(json["sources"][0]["name"], "Local", "{json}");
    assert_eq!(json["sources"][0]["items_new"], 1, "{json}");
}
