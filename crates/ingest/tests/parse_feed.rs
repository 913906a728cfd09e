//! `parse_feed`: a feed held in memory (what the watcher fetched) gives every item's link and
//! metadata, the item's own text when it has some, and warnings instead of panics.

use marsad_ingest::parse_feed;

#[test]
fn rss_items_keep_links_dates_and_their_own_text() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>عنب بلدي</title>
<item><title>قصف على إدلب</title><link>https://example.org/news/1?utm_source=rss</link>
<guid>id-1</guid><pubDate>Wed, 10 Apr 2019 08:30:00 +0300</pubDate>
<description><![CDATA[<p>قتل مدنيان بقصف على بلدة في ريف إدلب.</p>]]></description></item>
<item><title>بلا نص</title><link>https://example.org/news/2</link>
<pubDate>2019-04-11T10:00:00Z</pubDate></item>
</channel></rss>"#;
    let feed = parse_feed(xml.as_bytes(), "https://example.org/feed");
    assert_eq!(feed.title.as_deref(), Some("عنب بلدي"));
    assert_eq!(feed.entries.len(), 2, "{feed:?}");
    let first = &feed.entries[0];
    assert_eq!(first.id, "id-1");
    assert_eq!(
        first.link.as_deref(),
        Some("https://example.org/news/1?utm_source=rss")
    );
    assert_eq!(
        first.published.map(|d| d.to_string()).as_deref(),
        Some("2019-04-10")
    );
    let article = first.article.as_ref().expect("the item's own text");
    assert_eq!(article.text, "قتل مدنيان بقصف على بلدة في ريف إدلب.");
    assert_eq!(article.origin, "https://example.org/feed#item1");
    let second = &feed.entries[1];
    assert_eq!(second.id, "https://example.org/news/2");
    assert!(second.article.is_none());
    assert_eq!(
        second.published.map(|d| d.to_string()).as_deref(),
        Some("2019-04-11")
    );
    assert!(!second.warnings.is_empty(), "no text is a warning");
}

#[test]
fn atom_entries_and_broken_feeds() {
    let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Outlet</title>
<entry><id>tag:1</id><title>T</title><link rel="alternate" href="https://example.org/a"/>
<updated>2020-01-02T00:00:00Z</updated><content type="text">نص الخبر هنا.</content></entry>
<entry><id>tag:2</id><title>cut"#;
    let feed = parse_feed(xml.as_bytes(), "mem");
    assert_eq!(feed.entries.len(), 1);
    assert_eq!(
        feed.entries[0].link.as_deref(),
        Some("https://example.org/a")
    );
    assert!(!feed.warnings.is_empty(), "a truncated feed is reported");

    for bad in [
        &b""[..],
        b"   ",
        b"\0\x01binary",
        b"<html><body>not a feed</body></html>",
        b"{\"json\": 1}",
    ] {
        let feed = parse_feed(bad, "mem");
        assert!(feed.entries.is_empty());
        assert!(
            !feed.warnings.is_empty(),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
}
