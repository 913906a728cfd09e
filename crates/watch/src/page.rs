//! From a feed item (and its page, when it could be fetched) to the article the pipeline gets,
//! and from a list page to its article links.

use chrono::NaiveDate;
use marsad_ingest::{clean_html, CleanedPage, FeedEntry};
use marsad_model::Article;
use scraper::{Html, Selector};
use url::Url;

use crate::canon::canonical;
use crate::config::SourceConfig;

/// One item to bring in: from a feed entry, or a link on a list page.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Canonical article URL, or `feed:<source>:<item id>` without a usable link.
    pub key: String,
    /// The page to fetch, if the item links to one.
    pub url: Option<Url>,
    /// The feed item (metadata and its own text), if it came from a feed.
    pub entry: Option<FeedEntry>,
}

/// The candidates of a feed, in feed order, each key once.
pub(crate) fn feed_candidates(
    source: &SourceConfig,
    entries: Vec<FeedEntry>,
    base: &Url,
) -> Vec<Candidate> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for entry in entries {
        let url = entry
            .link
            .as_deref()
            .and_then(|link| base.join(link.trim()).ok())
            .and_then(canonical);
        let key = match &url {
            Some(url) => url.to_string(),
            None => format!("feed:{}:{}", source.name, entry.id),
        };
        if seen.insert(key.clone()) {
            out.push(Candidate {
                key,
                url,
                entry: Some(entry),
            });
        }
    }
    out
}

/// The article links a list page holds (by the source's `links` selector), in page order,
/// each once; links to other schemes are dropped.
pub(crate) fn page_candidates(source: &SourceConfig, html: &str, base: &Url) -> Vec<Candidate> {
    let Some(selector) = source
        .links
        .as_deref()
        .and_then(|s| Selector::parse(s).ok())
    else {
        return Vec::new();
    };
    let doc = Html::parse_document(html);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for el in doc.select(&selector) {
        let href = el.value().attr("href").or_else(|| {
            el.select(&Selector::parse("a[href]").ok()?)
                .next()
                .and_then(|a| a.value().attr("href"))
        });
        let Some(url) = href
            .and_then(|h| base.join(h.trim()).ok())
            .and_then(canonical)
        else {
            continue;
        };
        let key = url.to_string();
        if seen.insert(key.clone()) {
            out.push(Candidate {
                key,
                url: Some(url),
                entry: None,
            });
        }
    }
    out
}

/// Which text the article got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextFrom {
    /// The page's cleaned body.
    Page,
    /// The feed item's own text.
    Feed,
}

/// The cleaned page: by the source's `article` selector when it matches, else the whole page
/// with boilerplate removed. Metadata (title, date, canonical URL) come from the whole page.
pub(crate) fn clean_page(source: &SourceConfig, html: &str) -> (CleanedPage, Option<String>) {
    let mut page = clean_html(html);
    let Some(selector) = source.article.as_deref() else {
        return (page, None);
    };
    let Ok(selector) = Selector::parse(selector) else {
        return (page, None);
    };
    let doc = Html::parse_document(html);
    let Some(body) = doc.select(&selector).next() else {
        return (
            page,
            Some(format!(
                "article selector {:?} matched nothing: the page's body was found without it",
                source.article.as_deref().unwrap_or_default()
            )),
        );
    };
    let chosen = clean_html(&format!(
        "<html><body><article>{}</article></body></html>",
        body.html()
    ));
    page.text = chosen.text;
    page.removed = chosen.removed;
    (page, None)
}

/// The article for a candidate: the page's cleaned body when the page was fetched and gave at
/// least as much text as the feed item's own (a paywall or script stub gives less), else the
/// feed item's own text; `None` when neither has text. Its id is the candidate's key, so the
/// same page under a new item id is the same article.
pub(crate) fn build_article(
    source: &SourceConfig,
    candidate: &Candidate,
    page: Option<(&CleanedPage, &Url)>,
) -> Option<(Article, TextFrom)> {
    let entry = candidate.entry.as_ref();
    let feed_article = entry.and_then(|e| e.article.as_ref());
    let feed_chars = feed_article.map_or(0, |a| a.text.chars().count());
    let page_chars = page.map_or(0, |(p, _)| p.text.trim().chars().count());
    let from = if page_chars > 0 && page_chars >= feed_chars {
        TextFrom::Page
    } else if feed_chars > 0 {
        TextFrom::Feed
    } else {
        return None;
    };
    let (text, removed, origin) = match (from, page, feed_article) {
        (TextFrom::Page, Some((p, url)), _) => (p.text.clone(), p.removed.clone(), url.to_string()),
        (_, _, Some(a)) => (a.text.clone(), a.removed.clone(), a.origin.clone()),
        _ => return None,
    };
    let page_meta = page.map(|(p, _)| p);
    let published: Option<NaiveDate> = entry
        .and_then(|e| e.published)
        .or_else(|| page_meta.and_then(|p| p.published));
    let title = entry
        .and_then(|e| e.title.clone())
        .or_else(|| page_meta.and_then(|p| p.title.clone()));
    let (outlet, outlet_ar) = (Some(source.name.clone()), source.name_ar.clone());
    Some((
        Article {
            id: candidate.key.clone(),
            url: candidate.url.as_ref().map(Url::to_string),
            outlet,
            outlet_ar,
            title,
            published,
            text,
            removed,
            origin,
        },
        from,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn source(extra: &str) -> SourceConfig {
        Config::parse(&format!(
            "[[source]]\nname='s'\nname_ar='عنب بلدي'\n{extra}"
        ))
        .unwrap()
        .sources
        .remove(0)
    }

    #[test]
    fn page_text_wins_unless_shorter_than_the_feed_text() {
        let xml = r#"<rss><channel><item><title>عنوان</title><link>/a/1?utm_source=x</link>
            <guid>g1</guid><pubDate>2024-03-01T10:00:00Z</pubDate>
            <description>نص قصير من الخلاصة.</description></item></channel></rss>"#;
        let base = Url::parse("http://example.org/feed").unwrap();
        let feed = marsad_ingest::parse_feed(xml.as_bytes(), base.as_str());
        let s = source("feed='http://example.org/feed'");
        let candidates = feed_candidates(&s, feed.entries, &base);
        assert_eq!(candidates[0].key, "http://example.org/a/1");
        let page_url = Url::parse("http://example.org/a/1").unwrap();
        let (page, _) = clean_page(
            &s,
            "<html><body><nav>الرئيسية</nav><article><p>قتل ثلاثة مدنيين بقصف مدفعي على قرية في ريف إدلب الجنوبي صباح اليوم.</p></article></body></html>",
        );
        let (article, from) = build_article(&s, &candidates[0], Some((&page, &page_url))).unwrap();
        assert_eq!(from, TextFrom::Page);
        assert!(article.text.starts_with("قتل ثلاثة"), "{}", article.text);
        assert_eq!(article.id, "http://example.org/a/1");
        assert_eq!(article.outlet_ar.as_deref(), Some("عنب بلدي"));
        assert_eq!(article.published.unwrap().to_string(), "2024-03-01");
        // A stub page (shorter than the feed's text) loses to the feed's text.
        let (stub, _) = clean_page(&s, "<html><body><p>فعّل</p></body></html>");
        let (article, from) = build_article(&s, &candidates[0], Some((&stub, &page_url))).unwrap();
        assert_eq!(from, TextFrom::Feed);
        assert_eq!(article.text, "نص قصير من الخلاصة.");
        // No page at all: the feed's text.
        let (_, from) = build_article(&s, &candidates[0], None).unwrap();
        assert_eq!(from, TextFrom::Feed);
    }

    #[test]
    fn article_selector_and_list_pages() {
        let s = source("article = 'div.story'\npage='http://example.org/sec'\nlinks='h2 a'");
        let html = r#"<html><body><div class="lead"><p>نص جانبي طويل طويل طويل طويل طويل طويل طويل طويل طويل طويل طويل.</p></div>
            <div class="story"><p>الخبر نفسه.</p></div></body></html>"#;
        let (page, note) = clean_page(&s, html);
        assert_eq!(page.text, "الخبر نفسه.");
        assert!(note.is_none());
        let (_, note) = clean_page(&s, "<html><body><p>لا شيء</p></body></html>");
        assert!(note.unwrap().contains("matched nothing"));

        let base = Url::parse("http://example.org/section/").unwrap();
        let list = r##"<html><body><h2><a href="/a/1">1</a></h2><h2><a href="a/2#x">2</a></h2>
            <h2><a href="/a/1?utm_medium=y">1 again</a></h2><h2><a href="javascript:void(0)">x</a></h2>
            <p><a href="/not-a-headline">no</a></p></body></html>"##;
        let keys: Vec<String> = page_candidates(&s, list, &base)
            .into_iter()
            .map(|c| c.key)
            .collect();
        assert_eq!(
            keys,
            ["http://example.org/a/1", "http://example.org/section/a/2"]
        );
    }
}
