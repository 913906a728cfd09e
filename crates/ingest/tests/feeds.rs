//! RSS 2.0 and Atom feeds with HTML content.

use chrono::NaiveDate;
use marsad_ingest::{read_paths, Input};
use marsad_model::{Article, Warning};

fn read_one(name: &str, content: &str) -> (Vec<Article>, Vec<Warning>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    for input in read_paths(&[path]) {
        match input {
            Input::Article(a) => articles.push(a),
            Input::Warning(w) => warnings.push(w),
        }
    }
    (articles, warnings)
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Enab Baladi</title>
  <link>https://example.org</link>
  <image><title>شعار</title></image>
  <item>
    <title>مقتل عنصرين من قسد في ذيبان</title>
    <link>https://example.org/a/1</link>
    <guid isPermaLink="false">enab-1</guid>
    <pubDate>Wed, 27 Mar 2019 10:00:00 +0200</pubDate>
    <description>ملخص قصير</description>
    <content:encoded><![CDATA[<p>قتل عنصران من قسد باستهداف دراجة نارية في قرية السويدان بريف دير الزور.</p>
      <div class="share">شارك</div><p>اقرأ أيضاً: خبر آخر</p>]]></content:encoded>
  </item>
  <item>
    <title>هجوم على حاجز في منبج</title>
    <link>https://example.org/a/2</link>
    <pubDate>Tue, 26 Mar 2019 08:00:00 +0200</pubDate>
    <description>&lt;p&gt;قتل سبعة عناصر من قسد في هجوم على حاجز عند مدخل مدينة منبج.&lt;/p&gt;</description>
  </item>
  <item>
    <title>بلا تاريخ</title>
    <description>اشتباكات بين قسد وخلايا التنظيم في ريف الحسكة الجنوبي.</description>
  </item>
</channel>
</rss>"#;

#[test]
fn rss_items_become_articles() {
    let (articles, warnings) = read_one("enab.rss", RSS);
    assert_eq!(articles.len(), 3, "{warnings:?}");
    let first = &articles[0];
    assert_eq!(first.id, "enab-1");
    assert_eq!(first.url.as_deref(), Some("https://example.org/a/1"));
    assert_eq!(first.title.as_deref(), Some("مقتل عنصرين من قسد في ذيبان"));
    assert_eq!(first.published, NaiveDate::from_ymd_opt(2019, 3, 27));
    assert_eq!(first.outlet.as_deref(), Some("Enab Baladi"));
    assert_eq!(
        first.text,
        "قتل عنصران من قسد باستهداف دراجة نارية في قرية السويدان بريف دير الزور."
    );
    assert!(first.origin.ends_with("enab.rss#item1"));

    let second = &articles[1];
    assert_eq!(
        second.id, "https://example.org/a/2",
        "no guid: the link is the id"
    );
    assert_eq!(
        second.text,
        "قتل سبعة عناصر من قسد في هجوم على حاجز عند مدخل مدينة منبج."
    );
    assert_eq!(second.published, NaiveDate::from_ymd_opt(2019, 3, 26));

    assert_eq!(articles[2].id, "enab-3");
    assert_eq!(articles[2].published, None);
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("no publication date")
                && w.article_id.as_deref() == Some("enab-3")),
        "{warnings:?}"
    );
}

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>نورث بالس</title>
  <entry>
    <id>tag:example.org,2025:1</id>
    <title type="html">هجوم على نقطة في غرانيج</title>
    <link rel="alternate" href="https://example.org/2025/04/30/1"/>
    <link rel="edit" href="https://example.org/edit/1"/>
    <published>2025-04-30T07:00:00+03:00</published>
    <updated>2025-05-01T07:00:00+03:00</updated>
    <content type="html">&lt;p&gt;تصدى مقاتلو قسد لهجوم شنته خلايا التنظيم على نقطة عسكرية في بلدة غرانيج.&lt;/p&gt;&lt;p&gt;تابعونا عبر تلغرام&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>tag:example.org,2025:2</id>
    <title>خبر ثان</title>
    <updated>2025-04-29T21:30:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>اعتقلت قسد <b>ثلاثة</b> عناصر من خلية للتنظيم في الشحيل.</p><ul><li><a href="/1">رابط 1</a></li><li><a href="/2">رابط 2</a></li><li><a href="/3">رابط 3</a></li></ul></div></content>
  </entry>
  <entry>
    <id>tag:example.org,2025:3</id>
    <published>2025-04-28</published>
    <content type="text">انفجار لغم في ريف دير الزور.
شارك</content>
  </entry>
</feed>"#;

#[test]
fn atom_entries_become_articles() {
    let (articles, warnings) = read_one("northpulse.atom", ATOM);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(articles.len(), 3);
    let first = &articles[0];
    assert_eq!(first.id, "tag:example.org,2025:1");
    assert_eq!(
        first.url.as_deref(),
        Some("https://example.org/2025/04/30/1")
    );
    assert_eq!(first.outlet_ar.as_deref(), Some("نورث بالس"));
    assert_eq!(
        first.published,
        NaiveDate::from_ymd_opt(2025, 4, 30),
        "published beats updated"
    );
    assert_eq!(
        first.text,
        "تصدى مقاتلو قسد لهجوم شنته خلايا التنظيم على نقطة عسكرية في بلدة غرانيج."
    );

    let second = &articles[1];
    assert_eq!(second.published, NaiveDate::from_ymd_opt(2025, 4, 29));
    assert_eq!(
        second.text,
        "اعتقلت قسد ثلاثة عناصر من خلية للتنظيم في الشحيل."
    );

    assert_eq!(articles[2].text, "انفجار لغم في ريف دير الزور.");
    assert_eq!(articles[2].removed[0].reason, "share-bar");
}

#[test]
fn broken_feed_keeps_items_read_before_the_break() {
    let broken = RSS.replace(
        "<title>هجوم على حاجز في منبج</title>",
        "<title>هجوم على حاجز في منبج</titel>",
    );
    let (articles, warnings) = read_one("broken.xml", &broken);
    assert_eq!(articles.len(), 1);
    let w = warnings
        .iter()
        .find(|w| w.message.contains("broken XML"))
        .expect("a warning");
    assert!(w.origin.ends_with("broken.xml"));
    assert_eq!(w.line, Some(17), "{w}");
}

#[test]
fn truncated_feed_is_reported() {
    let cut = &ATOM[..ATOM
        .find("<entry>\n    <id>tag:example.org,2025:2")
        .unwrap()
        + 30];
    let (articles, warnings) = read_one("cut.atom", cut);
    assert_eq!(articles.len(), 1);
    assert!(
        warnings.iter().any(|w| w.message.contains("truncated")),
        "{warnings:?}"
    );
}

#[test]
fn xml_that_is_not_a_feed_is_skipped() {
    let (articles, warnings) = read_one("sitemap.xml", "<urlset><url><loc>x</loc></url></urlset>");
    assert!(articles.is_empty());
    assert!(warnings[0].message.contains("not an RSS or Atom feed"));
}
