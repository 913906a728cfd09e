//! Soak: 20 local outlets publishing as the watcher polls them for a bounded time. Memory stays
//! flat (VmRSS after warm-up vs at the end) and every article is stored once, each page
//! fetched once. Its own test binary, so no other test moves the process's memory.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Answer, Server};
use marsad_store::Store;
use marsad_watch::{Config, RunMode, Watcher};

const SOURCES: usize = 20;
/// How long the watcher runs (the outlets publish all along).
const RUN: Duration = Duration::from_secs(10);
/// Memory is sampled from then on (the extractor, SQLite caches and threads are warm).
const WARM_UP: Duration = Duration::from_secs(3);
/// A new article somewhere every this often.
const PUBLISH_EVERY: Duration = Duration::from_millis(80);

const PLACES: &[&str] = &[
    "إدلب",
    "حلب",
    "حماة",
    "حمص",
    "درعا",
    "دمشق",
    "الرقة",
    "دير الزور",
    "الحسكة",
    "اللاذقية",
];

fn vm_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// Source `s`'s feed listing its latest ten of `count` items.
fn feed(base: &str, s: usize, count: usize) -> String {
    let mut xml =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>منفذ</title>");
    for k in count.saturating_sub(10)..count {
        xml.push_str(&format!(
            "<item><title>خبر {k}</title><link>{base}/s{s}/a{k}?utm_source=rss</link>\
             <guid>s{s}-{k}</guid><pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate></item>"
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

fn page(s: usize, k: usize) -> String {
    let place = PLACES[(s + k) % PLACES.len()];
    format!(
        "<html><body><nav><a href='/'>الرئيسية</a></nav><article><p>قتل {} مدنيين وأصيب {} آخرون \
         بقصف على مدينة {place} صباح اليوم بحسب مصادر محلية.</p></article>\
         <footer>جميع الحقوق محفوظة</footer></body></html>",
        s + 2,
        k + 3
    )
}

#[test]
fn twenty_outlets_polled_for_a_while_memory_flat_no_duplicates() {
    let server = Server::start();
    let base = format!("http://{}", server.addr);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("marsad.db");

    let mut counts = vec![1usize; SOURCES];
    for s in 0..SOURCES {
        server.set(&format!("/s{s}/a0"), Answer::page(page(s, 0)));
        server.set(
            &format!("/s{s}/feed"),
            Answer::feed(feed(&base, s, 1), Some(&format!("{s}-1"))),
        );
    }
    let mut toml = String::from(
        "[watch]\nworkers = 4\nhost_delay_ms = 0\nhost_concurrency = 4\ntimeout_ms = 2000\n",
    );
    for s in 0..SOURCES {
        toml.push_str(&format!(
            "[[source]]\nname = \"s{s}\"\nfeed = \"{}\"\ninterval = 1\n",
            server.url(&format!("/s{s}/feed"))
        ));
    }
    let config = Config::parse(&toml).unwrap();

    // The outlets publish while the watcher runs.
    let publishing = Arc::new(AtomicBool::new(true));
    let publisher = {
        let (server, base, publishing) = (server.clone(), base.clone(), publishing.clone());
        std::thread::spawn(move || {
            let mut n = 0usize;
            while publishing.load(Ordering::SeqCst) {
                std::thread::sleep(PUBLISH_EVERY);
                let s = (n * 7) % SOURCES;
                let k = counts[s];
                server.set(&format!("/s{s}/a{k}"), Answer::page(page(s, k)));
                counts[s] += 1;
                server.set(
                    &format!("/s{s}/feed"),
                    Answer::feed(
                        feed(&base, s, counts[s]),
                        Some(&format!("{s}-{}", counts[s])),
                    ),
                );
                n += 1;
            }
            counts
        })
    };

    let watcher = Watcher::new(config.clone(), &db);
    let started = Instant::now();
    let rss_start = vm_rss_kb();
    let mut samples: Vec<(Duration, u64)> = Vec::new();
    let report = watcher
        .run(RunMode::For(RUN), |_| {
            let at = started.elapsed();
            let due = match samples.last() {
                Some((t, _)) => at - *t >= Duration::from_millis(250),
                None => true,
            };
            if at >= WARM_UP && due {
                samples.push((at, vm_rss_kb()));
            }
        })
        .unwrap();
    publishing.store(false, Ordering::SeqCst);
    let counts = publisher.join().unwrap();
    let rss_end = vm_rss_kb();
    // Catch up on what was published in the last second, then count.
    Watcher::new(config, &db)
        .run(RunMode::Once, |_| {})
        .unwrap();

    let published: usize = counts.iter().sum();
    let stored = Store::open(&db).unwrap().article_count().unwrap();
    let warm = samples.first().map_or(rss_end, |(_, kb)| *kb);
    let peak = samples.iter().map(|(_, kb)| *kb).max().unwrap_or(rss_end);
    eprintln!(
        "soak: {SOURCES} sources, {:?}, {} polls ({} not modified), {published} articles published, \
         {stored} stored, {} pages fetched; VmRSS start {rss_start} kB, after warm-up {warm} kB, \
         peak {peak} kB, end {rss_end} kB",
        RUN, report.polls, report.polls_not_modified, report.pages_fetched
    );
    assert!(report.polls >= (SOURCES * 5) as u64, "{report:?}");
    assert!(published > 60, "the outlets published {published}");
    assert_eq!(
        stored as usize, published,
        "every published article stored once"
    );
    for (s, count) in counts.iter().enumerate() {
        for k in 0..*count {
            assert_eq!(server.hits(&format!("/s{s}/a{k}")), 1, "s{s}/a{k}");
        }
    }
    // Flat: after warm-up, growth stays within a few MB, however many articles came in.
    assert!(
        rss_end <= warm + 12 * 1024,
        "VmRSS grew from {warm} kB (warm) to {rss_end} kB"
    );
}
