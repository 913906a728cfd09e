//! The watcher against a local server playing outlets with every trouble a real one has: every
//! new article is stored exactly once, each page fetched once, and the failures show in the
//! source health table.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Answer, Server};
use marsad_store::Store;
use marsad_watch::{Config, PollOutcome, RunMode, WatchEvent, Watcher};

/// One feed item: (title, link, guid, own text).
type Item<'a> = (&'a str, &'a str, &'a str, Option<&'a str>);

fn rss(base: &str, items: &[Item]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>منفذ</title>\n",
    );
    for (title, link, guid, text) in items {
        xml.push_str(&format!(
            "<item><title>{title}</title><link>{base}{link}</link><guid>{guid}</guid>\
             <pubDate>Mon, 04 Mar 2024 09:00:00 +0200</pubDate>"
        ));
        if let Some(text) = text {
            xml.push_str(&format!(
                "<description><![CDATA[<p>{text}</p>]]></description>"
            ));
        }
        xml.push_str("</item>\n");
    }
    xml.push_str("</channel></rss>\n");
    xml
}

/// An article page with its body buried in navigation, share bars, related links and a footer.
fn buried_page(body: &str) -> String {
    format!(
        r#"<!doctype html><html><head><title>خبر</title>
<meta property="article:published_time" content="2024-03-04T08:00:00+02:00"></head><body>
<header><nav><a href="/">الرئيسية</a> <a href="/syria">سوريا</a> <a href="/world">العالم</a></nav></header>
<div class="share-bar">شارك على فيسبوك تويتر واتساب</div>
<aside class="related-posts"><h3>اقرأ أيضاً</h3><ul><li><a href="/x">غارات على ريف حلب الغربي تقتل عائلة كاملة</a></li>
<li><a href="/y">مقتل عنصرين من قوات النظام بهجوم في درعا</a></li></ul></aside>
<article><h1>خبر</h1><p>{body}</p></article>
<div id="comments"><form><textarea></textarea><button>أرسل تعليقاً</button></form></div>
<footer>جميع الحقوق محفوظة © 2024 — سياسة الخصوصية — اتصل بنا</footer>
</body></html>"#
    )
}

fn config(server: &Server, sources: &[(&str, &str)], extra: &str) -> Config {
    let mut toml = String::from(
        "[watch]\nworkers = 3\nhost_delay_ms = 0\nhost_concurrency = 4\nconnect_timeout_ms = 1000\n\
         timeout_ms = 700\nretries = 1\nretry_base_ms = 10\nmax_redirects = 3\n\
         max_page_bytes = 65536\npage_attempts = 3\nmax_backoff_seconds = 1\n",
    );
    toml.push_str(extra);
    for (name, path) in sources {
        toml.push_str(&format!(
            "[[source]]\nname = \"{name}\"\nfeed = \"{}\"\nname_ar = \"منفذ\"\ninterval = 1\n",
            server.url(path)
        ));
    }
    Config::parse(&toml).unwrap()
}

fn run_once(config: &Config, db: &Path) -> Vec<WatchEvent> {
    let watcher = Watcher::new(config.clone(), db);
    let mut events = Vec::new();
    watcher
        .run(RunMode::Once, |e| events.push(e.clone()))
        .unwrap();
    events
}

fn articles(db: &Path) -> u64 {
    Store::open(db).unwrap().article_count().unwrap()
}

#[test]
fn every_trouble_of_a_real_outlet() {
    let server = Server::start();
    let base = format!("http://{}", server.addr);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("marsad.db");

    // The good outlet: an ETag'd feed whose items meet every page trouble.
    let items: Vec<Item> = vec![
        (
            "مدفعية",
            "/good/a1?utm_source=rss",
            "g1",
            Some("ملخص الخبر الأول."),
        ),
        (
            "خطأ",
            "/good/a2",
            "g2",
            Some("قتل مدني برصاص قناص في حي الوعر بمدينة حمص."),
        ),
        (
            "حلقة",
            "/good/a3",
            "g3",
            Some("انفجرت عبوة ناسفة بسيارة عسكرية قرب مدينة الباب."),
        ),
        (
            "ضخم",
            "/good/a4",
            "g4",
            Some("اشتباكات بين فصائل المعارضة وقوات النظام في ريف اللاذقية."),
        ),
        (
            "بطيء",
            "/good/a5",
            "g5",
            Some("غارة جوية على مدينة معرة النعمان أوقعت جرحى."),
        ),
        ("نفسه", "/good/a1#comments", "g6", Some("ملخص الخبر الأول.")),
        ("بلا نص", "/good/a7", "g7", None),
    ];
    server.set("/good/feed", Answer::feed(rss(&base, &items), Some("v1")));
    server.set(
        "/good/a1",
        Answer::page(buried_page(
            "قتل ثلاثة مدنيين وأصيب خمسة آخرون بقصف مدفعي لقوات النظام على بلدة كفرنبل في ريف إدلب الجنوبي.",
        )),
    );
    server.set("/good/a2", Answer::Status(500));
    server.set("/good/a3", Answer::Redirect("/good/a3-loop".into()));
    server.set("/good/a3-loop", Answer::Redirect("/good/a3".into()));
    server.set("/good/a4", Answer::Huge(200_000));
    server.set(
        "/good/a5",
        Answer::Slow(Duration::from_secs(3), buried_page("لن يصل.")),
    );
    server.set("/good/a7", Answer::Status(503));

    // Broken outlets: a dead feed, a slow one, a redirect loop, a page that is not a feed.
    server.set("/dead/feed", Answer::Status(500));
    server.set(
        "/slow/feed",
        Answer::Slow(Duration::from_secs(3), rss(&base, &[])),
    );
    server.set("/loop/feed", Answer::Redirect("/loop/feed2".into()));
    server.set("/loop/feed2", Answer::Redirect("/loop/feed".into()));
    server.set(
        "/garbage/feed",
        Answer::page("<html><body><p>صيانة</p></body></html>".into()),
    );
    // An outlet still in windows-1256 (Arabic letters as single bytes): refused, not garbled.
    let mut cp1256 =
        b"<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss><channel><item><title>".to_vec();
    cp1256.extend([0xE3, 0xDE, 0xCA, 0xE1]); // مقتل
    cp1256.extend(b"</title><link>/x</link></item></channel></rss>");
    server.set("/cp1256/feed", Answer::bytes(cp1256));
    // A quiet outlet: a well-formed feed without items.
    server.set("/quiet/feed", Answer::feed(rss(&base, &[]), None));
    // An outlet that gives its items new ids at every poll (same URLs).
    let ids_v1: Vec<Item> = vec![
        ("أ", "/ids/b1", "id-1-v1", None),
        ("ب", "/ids/b2", "id-2-v1", None),
    ];
    server.set("/ids/feed", Answer::feed(rss(&base, &ids_v1), None));
    server.set(
        "/ids/b1",
        Answer::page(buried_page(
            "سيطرت هيئة تحرير الشام على قرية في ريف حماة الشمالي بعد معارك مع قوات النظام.",
        )),
    );
    server.set(
        "/ids/b2",
        Answer::page(buried_page(
            "أعلنت قوات سوريا الديمقراطية مقتل اثنين من عناصرها بهجوم لتنظيم الدولة في دير الزور.",
        )),
    );

    let config = config(
        &server,
        &[
            ("good", "/good/feed"),
            ("dead", "/dead/feed"),
            ("slow", "/slow/feed"),
            ("loop", "/loop/feed"),
            ("garbage", "/garbage/feed"),
            ("ids", "/ids/feed"),
            ("quiet", "/quiet/feed"),
            ("cp1256", "/cp1256/feed"),
        ],
        "",
    );

    // First poll.
    let started = Instant::now();
    let events = run_once(&config, &db);
    eprintln!("first poll: {:?}", started.elapsed());
    let polled = |name: &str| {
        events
            .iter()
            .find_map(|e| match e {
                WatchEvent::Polled { source, outcome } if source == name => Some(outcome.clone()),
                _ => None,
            })
            .unwrap()
    };
    assert!(
        matches!(polled("good"), PollOutcome::Updated { items: 6 }),
        "{:?}",
        polled("good")
    );
    assert!(matches!(polled("dead"), PollOutcome::Failed { .. }));
    assert_eq!(polled("quiet"), PollOutcome::Updated { items: 0 });
    // a1 (page), a2/a3/a4/a5 (feed text), b1, b2 (pages): 7 articles; the repeated a1 and the
    // textless a7 whose page fails are not stored.
    assert_eq!(articles(&db), 7);

    let store = Store::open(&db).unwrap();
    let a1 = store.article(&format!("{base}/good/a1")).unwrap().unwrap();
    assert!(a1.text.contains("كفرنبل"), "{}", a1.text);
    for junk in [
        "اقرأ أيضاً",
        "شارك",
        "الحقوق",
        "الرئيسية",
        "تعليقاً",
        "ريف حلب الغربي",
    ] {
        assert!(
            !a1.text.contains(junk),
            "boilerplate {junk:?} kept: {}",
            a1.text
        );
    }
    assert_eq!(a1.outlet.as_deref(), Some("good"));
    assert_eq!(a1.outlet_ar.as_deref(), Some("منفذ"));
    assert_eq!(a1.published.unwrap().to_string(), "2024-03-04");
    let a2 = store.article(&format!("{base}/good/a2")).unwrap().unwrap();
    assert_eq!(a2.text, "قتل مدني برصاص قناص في حي الوعر بمدينة حمص.");
    assert!(store
        .warnings(Some(&format!("{base}/good/a2")))
        .unwrap()
        .iter()
        .any(|w| w.message.contains("HTTP 500")));

    let health = |name: &str| store.source_health(name).unwrap().unwrap();
    let good = health("good");
    assert_eq!(good.consecutive_failures, 0);
    assert_eq!(good.items_seen, 6);
    assert_eq!(good.items_new, 5);
    assert!(good.pages_failed >= 4, "{good:?}");
    assert_eq!(
        good.etag.as_deref(),
        None,
        "an item waits for a retry: no validators kept"
    );
    for (name, why) in [
        ("dead", "HTTP 500"),
        ("slow", "timed out"),
        ("loop", "redirects"),
        ("garbage", "malformed feed"),
        ("cp1256", "not UTF-8"),
    ] {
        let h = health(name);
        assert_eq!(h.consecutive_failures, 1, "{name}: {h:?}");
        assert!(
            h.last_error.as_deref().unwrap_or_default().contains(why),
            "{name}: {h:?}"
        );
        assert!(h.last_success_at.is_none());
    }
    // Each page fetched once (a 500 is tried twice: once more after a backoff), the oversized
    // page read no further than the cap, the redirect loop cut at 3 hops.
    assert_eq!(server.hits("/good/a1"), 1);
    assert_eq!(server.hits("/good/a1?utm_source=rss"), 0);
    assert_eq!(server.hits("/good/a2"), 2);
    assert_eq!(server.hits("/good/a3") + server.hits("/good/a3-loop"), 4);
    assert_eq!(server.hits("/good/a4"), 1);
    assert_eq!(server.hits("/good/a7"), 2);
    assert_eq!(server.hits("/ids/b1"), 1);

    // Second poll: a7's page is back; the id-changing outlet renames its items.
    server.set(
        "/good/a7",
        Answer::page(buried_page(
            "قصفت طائرات حربية روسية مستشفى في بلدة كفرزيتا بريف حماة وخرج عن الخدمة.",
        )),
    );
    let ids_v2: Vec<Item> = vec![
        ("أ", "/ids/b1", "id-1-v2", None),
        ("ب", "/ids/b2?utm_campaign=x", "id-2-v2", None),
    ];
    server.set("/ids/feed", Answer::feed(rss(&base, &ids_v2), None));
    std::thread::sleep(Duration::from_millis(1100));
    run_once(&config, &db);
    assert_eq!(articles(&db), 8, "a7 stored on its retry, nothing else");
    for page in ["/good/a1", "/good/a4", "/ids/b1", "/ids/b2"] {
        assert_eq!(server.hits(page), 1, "{page} fetched again");
    }
    assert_eq!(server.hits("/good/a7"), 3);
    assert_eq!(
        server.hits("/good/a2"),
        2,
        "a page that fell back to feed text is settled"
    );
    let good = Store::open(&db)
        .unwrap()
        .source_health("good")
        .unwrap()
        .unwrap();
    assert_eq!(
        good.etag.as_deref(),
        Some("\"v1\""),
        "every item settled: ETag kept"
    );
    assert_eq!(good.items_new, 6);

    // Third poll: the good feed answers 304 (If-None-Match), the dead one is back.
    let feed_hits = server.hits("/good/feed");
    server.set(
        "/dead/feed",
        Answer::feed(
            rss(
                &base,
                &[(
                    "عودة",
                    "/dead/c1",
                    "c1",
                    Some("عاد الموقع إلى العمل بعد انقطاع طويل."),
                )],
            ),
            None,
        ),
    );
    server.set("/dead/c1", Answer::Status(404));
    let events = run_once(&config, &db);
    assert_eq!(server.hits("/good/feed"), feed_hits + 1);
    assert!(events.iter().any(|e| matches!(e,
        WatchEvent::Polled { source, outcome: PollOutcome::NotModified } if source == "good")));
    assert_eq!(
        articles(&db),
        9,
        "the revived outlet's item, from its feed text"
    );
    let store = Store::open(&db).unwrap();
    let dead = store.source_health("dead").unwrap().unwrap();
    assert_eq!(dead.consecutive_failures, 0);
    assert!(dead.last_success_at.is_some());
    assert_eq!(
        store
            .source_health("slow")
            .unwrap()
            .unwrap()
            .consecutive_failures,
        3
    );

    // Fourth poll: one new item in the good feed (new ETag): exactly one page fetched.
    let mut more = items.clone();
    more.push(("جديد", "/good/a8", "g8", None));
    server.set("/good/feed", Answer::feed(rss(&base, &more), Some("v2")));
    server.set(
        "/good/a8",
        Answer::page(buried_page(
            "سقطت قذائف هاون على حي باب توما في دمشق القديمة وأصيب مدنيان.",
        )),
    );
    let before: usize = server.hits_under("/good/a").values().sum();
    run_once(&config, &db);
    let after: usize = server.hits_under("/good/a").values().sum();
    assert_eq!(after, before + 1);
    assert_eq!(articles(&db), 10);
    // Every article once: no two stored texts are the same.
    let store = Store::open(&db).unwrap();
    let texts: std::collections::HashSet<String> = store
        .articles()
        .unwrap()
        .iter()
        .map(|a| store.article(&a.id).unwrap().unwrap().text)
        .collect();
    assert_eq!(texts.len(), 10);
}

#[test]
fn stopping_mid_poll_loses_nothing_and_fetches_nothing_twice() {
    let server = Server::start();
    let base = format!("http://{}", server.addr);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("marsad.db");
    let places = [
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
    let links: Vec<String> = (0..places.len()).map(|i| format!("/s/p{i}")).collect();
    let guids: Vec<String> = (0..places.len()).map(|i| format!("p{i}")).collect();
    let items: Vec<Item> = (0..places.len())
        .map(|i| ("خبر", links[i].as_str(), guids[i].as_str(), None))
        .collect();
    server.set("/s/feed", Answer::feed(rss(&base, &items), Some("e1")));
    for (i, place) in places.iter().enumerate() {
        server.set(
            &links[i],
            Answer::Slow(
                Duration::from_millis(120),
                buried_page(&format!("قتل {} مدنيين بقصف على مدينة {place}.", i + 2)),
            ),
        );
    }
    let config = config(&server, &[("s", "/s/feed")], "");

    let watcher = Watcher::new(config.clone(), &db);
    let stop = watcher.stop_flag();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(450));
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let report = watcher.run(RunMode::UntilStopped, |_| {}).unwrap();
    stopper.join().unwrap();
    let stored = articles(&db);
    assert!(
        stored > 0 && stored < 10,
        "stopped mid-poll after {stored} articles"
    );
    assert_eq!(report.ingest.articles_new, stored);
    let health = Store::open(&db)
        .unwrap()
        .source_health("s")
        .unwrap()
        .unwrap();
    assert_eq!(health.etag, None, "an interrupted poll keeps no validators");

    // Resume: the rest, each page once.
    run_once(&config, &db);
    assert_eq!(articles(&db), 10);
    for link in &links {
        assert_eq!(server.hits(link), 1, "{link}");
    }
    let health = Store::open(&db)
        .unwrap()
        .source_health("s")
        .unwrap()
        .unwrap();
    assert_eq!(health.items_new, 10);
    assert_eq!(health.items_seen, 10);
    assert_eq!(health.etag.as_deref(), Some("\"e1\""));
}
