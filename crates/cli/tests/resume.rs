//! An ingest killed mid-run (kill -9) and run again ends with every article stored exactly
//! once and the same events as an uninterrupted run: one transaction per article, WAL.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const VILLAGES: &[&str] = &[
    "ذيبان",
    "الشحيل",
    "هجين",
    "البصيرة",
    "الكسرة",
    "الصور",
    "جديد عكيدات",
];

/// Writes `n` small reports with a manifest (each names a village, a day and a toll).
fn write_corpus(dir: &Path, n: usize) {
    let mut manifest = String::new();
    for i in 0..n {
        let village = VILLAGES[i % VILLAGES.len()];
        let day = 1 + i % 28;
        let killed = 1 + i % 5;
        let text = format!(
            "قتل {killed} عناصر من قسد، أمس، بهجوم شنه مسلحون من تنظيم داعش على حاجز في بلدة {village} بريف دير الزور الشرقي.\nوأفادت مصادر محلية بأن المهاجمين انسحبوا باتجاه البادية. رقم التقرير {i}.\n"
        );
        std::fs::write(dir.join(format!("r{i:05}.txt")), text).unwrap();
        manifest.push_str(&format!(
            "{{\"id\":\"r{i:05}\",\"file\":\"r{i:05}.txt\",\"outlet\":\"Outlet {}\",\"published\":\"2021-03-{day:02}\"}}\n",
            i % 3
        ));
    }
    std::fs::write(dir.join("manifest.jsonl"), manifest).unwrap();
}

fn ingest(db: &Path, corpus: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marsad"));
    c.arg("--db")
        .arg(db)
        .arg("ingest")
        .arg(corpus)
        .arg("--json");
    c
}

fn counts(db: &Path) -> (usize, usize) {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).lines().count()
    };
    (
        run(&["articles", "--json"]),
        run(&["export", "--format", "jsonl"]),
    )
}

#[test]
fn an_ingest_killed_mid_run_resumes_with_every_article_once() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let n = 2000;
    write_corpus(&corpus, n);

    let clean = dir.path().join("clean.db");
    assert!(ingest(&clean, &corpus).output().unwrap().status.success());
    let expected = counts(&clean);
    assert_eq!(expected.0, n);
    assert!(expected.1 > 0);

    let killed = dir.path().join("killed.db");
    let mut child = ingest(&killed, &corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Let it commit some articles, then kill it without warning.
    let mut waited = Duration::ZERO;
    while waited < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(300));
        waited += Duration::from_millis(300);
        if killed.exists() && counts(&killed).0 > 50 {
            break;
        }
    }
    child.kill().unwrap();
    let _ = child.wait();
    let partial = counts(&killed).0;
    assert!(
        partial < n,
        "the kill came before the end ({partial} of {n})"
    );

    let resumed = ingest(&killed, &corpus).output().unwrap();
    assert!(resumed.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&resumed.stdout).unwrap();
    assert_eq!(summary["articles_duplicate"].as_u64(), Some(partial as u64));
    assert_eq!(summary["articles_new"].as_u64(), Some((n - partial) as u64));
    assert_eq!(
        counts(&killed),
        expected,
        "same articles and events as an uninterrupted run"
    );
}
