//! The watcher on a PostgreSQL store (`--db postgres://...`): the same once-only ingest and
//! health as on SQLite. Runs when MARSAD_TEST_POSTGRES_URL names a server (CI sets it), in a
//! database of its own, dropped at the end; skipped with a message otherwise.

mod common;

use common::{Answer, Server};
use marsad_store::testing::TempDatabase;
use marsad_store::Store;
use marsad_watch::{Config, RunMode, Watcher};

#[test]
fn watching_into_postgres_stores_each_article_once() {
    let Some(db) = TempDatabase::create("the watcher on PostgreSQL") else {
        return;
    };
    let server = Server::start();
    let base = format!("http://{}", server.addr);
    let feed = format!(
        "<rss><channel><title>منفذ</title>\
         <item><title>أ</title><link>{base}/p/1</link><pubDate>2024-03-04</pubDate></item>\
         <item><title>ب</title><link>{base}/p/2#x</link><pubDate>2024-03-04</pubDate>\
         <description>اشتباكات بين فصائل المعارضة وقوات النظام في ريف اللاذقية.</description></item>\
         </channel></rss>"
    );
    server.set("/p/feed", Answer::feed(feed, Some("pg1")));
    server.set(
        "/p/1",
        Answer::page(
            "<html><body><article><p>قتل مدنيان بقصف على بلدة في ريف إدلب.</p></article></body></html>"
                .into(),
        ),
    );
    server.set("/p/2", Answer::Status(500));
    server.set("/gone/feed", Answer::Status(404));
    let config = Config::parse(&format!(
        "[watch]\nhost_delay_ms = 0\ntimeout_ms = 2000\nretries = 0\n\
         [[source]]\nname = \"p\"\nfeed = \"{base}/p/feed\"\n\
         [[source]]\nname = \"gone\"\nfeed = \"{base}/gone/feed\"\n"
    ))
    .unwrap();

    for _ in 0..2 {
        Watcher::new(config.clone(), &db.url)
            .run(RunMode::Once, |_| {})
            .unwrap();
    }
    let store = Store::open_target(&db.url).unwrap();
    assert_eq!(store.backend_kind(), "postgres");
    assert_eq!(store.article_count().unwrap(), 2);
    assert_eq!(server.hits("/p/1"), 1);
    assert_eq!(
        server.hits("/p/2"),
        1,
        "fell back to the feed text once, settled"
    );
    assert_eq!(server.hits("/p/feed"), 2);
    let p = store.source_health("p").unwrap().unwrap();
    assert_eq!((p.items_seen, p.items_new, p.pages_failed), (2, 2, 1));
    assert_eq!(p.etag.as_deref(), Some("\"pg1\""));
    let gone = store.source_health("gone").unwrap().unwrap();
    assert_eq!(gone.consecutive_failures, 2);
    assert_eq!(gone.last_error.as_deref(), Some("HTTP 404"));
}
