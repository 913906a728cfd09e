//! DOM-based extraction of an HTML page's article body and metadata.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use marsad_model::RemovedLine;
use regex::Regex;
use scraper::{ElementRef, Html, Node};

use crate::dates::parse_published;
use crate::plain::clean_text;

/// Elements whose content is never text a reader sees.
const SILENT_TAGS: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "canvas", "video", "audio",
    "object", "embed", "picture", "img", "input", "textarea", "option", "link", "meta",
];
/// Elements that are page furniture wherever they stand (`header` only outside the article:
/// inside it, it holds the headline).
const BOILERPLATE_TAGS: &[&str] = &[
    "nav", "footer", "aside", "form", "iframe", "button", "select", "dialog", "menu",
];
/// ARIA roles of page furniture.
const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "form",
];
/// Elements that start a new line of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "section",
    "article",
    "header",
    "main",
    "table",
    "tr",
    "td",
    "th",
    "pre",
    "figure",
    "address",
    "hr",
    "center",
];
/// Deeper nesting than this is flattened to text instead of walked (no stack overflow).
const MAX_DEPTH: usize = 200;
/// A removed block is recorded with at most this many characters.
const MAX_RECORDED_CHARS: usize = 10_000;

/// Class or id words of page furniture: `share-bar`, `comments`, `cookie-consent`, `related-posts`...
static BOILERPLATE_CLASS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(share|sharing|social|comment|cookie|consent|gdpr|related|read-?also|readmore|more-?news|newsletter|subscribe|breadcrumb|menu|sidebar|widget|advert|promo|popup|modal|navbar|navigation|footer|byline|(^|[^a-z])(ads?|nav|tags|banner)([^a-z]|$))",
    )
    .ok()
});

/// An HTML page reduced to its article: cleaned body text plus the metadata the page declares.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CleanedPage {
    /// The article body, one paragraph a line, after [`clean_text`].
    pub text: String,
    /// DOM blocks (`html:nav`, `html:share`...) and lines (`cookie-notice`...) that were cut.
    pub removed: Vec<RemovedLine>,
    /// Headline: `og:title`, else the article's `<h1>`, else `<title>`.
    pub title: Option<String>,
    /// Publication day from `article:published_time` and similar meta, else `<time datetime>`.
    pub published: Option<NaiveDate>,
    /// `<link rel=canonical>`, else `og:url`.
    pub canonical_url: Option<String>,
    /// The outlet as the page names itself (`og:site_name`).
    pub site_name: Option<String>,
    /// Problems found (unparseable date, truncated page), as messages.
    pub warnings: Vec<String>,
}

/// DOM-based extraction of an HTML page's article body and metadata: drops navigation,
/// footers, share bars, comment forms, cookie banners and related-article lists, picks the
/// article body (`<article>`, `[itemprop=articleBody]`, else the block with the most paragraph
/// text), turns paragraphs into lines and applies [`clean_text`].
///
/// ```
/// let page = r#"<html><head><title>هجوم في الرقة</title></head><body>
///   <nav><a href="/">الرئيسية</a></nav>
///   <article><p>قتل عنصران من قسد بهجوم في الرقة.</p></article>
///   <div class="share-bar">شارك</div></body></html>"#;
/// let cleaned = marsad_ingest::clean_html(page);
/// assert_eq!(cleaned.text, "قتل عنصران من قسد بهجوم في الرقة.");
/// assert_eq!(cleaned.title.as_deref(), Some("هجوم في الرقة"));
/// ```
pub fn clean_html(html: &str) -> CleanedPage {
    let flattened = flatten_deep_nesting(html);
    let html = flattened.as_deref().unwrap_or(html);
    let doc = Html::parse_document(html);
    let mut page = CleanedPage::default();
    if flattened.is_some() {
        page.warnings.push(format!(
            "HTML nested deeper than {MAX_NESTING} levels: the deeper tags were ignored, their text kept"
        ));
    }
    if looks_truncated(html) {
        page.warnings
            .push("HTML looks truncated: no closing </body> or </html>".to_string());
    }
    let body = choose_body(&doc);
    let meta = PageMeta::read(&doc, body);

    let mut walker = Walker {
        root: body,
        root_path: body
            .map(|b| b.ancestors().filter_map(ElementRef::wrap).collect())
            .unwrap_or_default(),
        out: String::new(),
        line: String::new(),
        space: false,
        removed: Vec::new(),
    };
    walker.walk(doc.root_element(), body.is_none(), 0);
    walker.end_block();
    let (text, removed) = clean_text(&walker.out);

    page.text = text;
    page.removed = walker.removed;
    page.removed.extend(removed);
    page.title = meta.title;
    page.canonical_url = meta.canonical_url;
    page.site_name = meta.site_name;
    for (source, value) in meta.dates {
        match parse_published(&value) {
            Ok(day) => {
                page.published = Some(day);
                break;
            }
            Err(e) => page.warnings.push(format!("{e} in {source}")),
        }
    }
    page
}

fn looks_truncated(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    (lower.contains("<html") || lower.contains("<body"))
        && !lower.contains("</body>")
        && !lower.contains("</html>")
}

/// Whitespace-collapsed text of an element.
fn element_text(el: ElementRef) -> String {
    collapse_spaces(&el.text().collect::<String>())
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn tag<'a>(el: ElementRef<'a>) -> &'a str {
    el.value().name()
}

/// Why this element is page furniture, if it is: `html:nav`, `html:role-banner`, `html:share`...
fn boilerplate_reason(el: ElementRef, inside_article: bool) -> Option<String> {
    let name = tag(el);
    if BOILERPLATE_TAGS.contains(&name) || (name == "header" && !inside_article) {
        return Some(format!("html:{name}"));
    }
    if let Some(role) = el.attr("role").map(str::to_ascii_lowercase) {
        if BOILERPLATE_ROLES.contains(&role.as_str()) {
            return Some(format!("html:role-{role}"));
        }
    }
    if el.attr("aria-hidden") == Some("true") || el.attr("hidden").is_some() {
        return Some("html:hidden".to_string());
    }
    let names = format!(
        "{} {}",
        el.attr("id").unwrap_or_default(),
        el.attr("class").unwrap_or_default()
    );
    let pattern = BOILERPLATE_CLASS.as_ref()?;
    let found = pattern.find(&names)?;
    let word: String = found
        .as_str()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .flat_map(|c| c.to_lowercase())
        .collect();
    Some(format!("html:{word}"))
}

/// True when the element or an ancestor (below `<body>`) is page furniture.
fn inside_boilerplate(el: ElementRef) -> bool {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .filter(|e| !matches!(tag(*e), "html" | "body"))
        .any(|e| boilerplate_reason(e, false).is_some())
}

/// The element holding the article: `[itemprop=articleBody]`, else the `<article>` with the
/// most paragraph text, else the element whose own paragraphs hold the most text. Candidates
/// inside page furniture (a related-posts `<aside>` full of `<article>`s) lose to others.
fn choose_body(doc: &Html) -> Option<ElementRef<'_>> {
    let elements: Vec<ElementRef> = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .collect();
    let paragraph_chars = |el: ElementRef| -> usize {
        el.descendent_elements()
            .filter(|p| tag(*p) == "p")
            .map(|p| element_text(p).chars().count())
            .sum()
    };

    let marked: Vec<(ElementRef, usize)> = elements
        .iter()
        .filter(|el| {
            el.attr("itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
        })
        .map(|el| (*el, element_text(*el).chars().count()))
        .collect();
    if let Some(el) = best_candidate(marked) {
        return Some(el);
    }
    let articles: Vec<(ElementRef, usize)> = elements
        .iter()
        .filter(|el| tag(**el) == "article")
        .map(|el| {
            (
                *el,
                paragraph_chars(*el).max(element_text(*el).chars().count() / 4),
            )
        })
        .collect();
    if let Some(el) = best_candidate(articles) {
        return Some(el);
    }
    let mut by_parent = HashMap::new();
    for p in elements.iter().filter(|el| tag(**el) == "p") {
        if let Some(parent) = p.parent().and_then(ElementRef::wrap) {
            let entry = by_parent.entry(parent.id()).or_insert((parent, 0usize));
            entry.1 += element_text(*p).chars().count();
        }
    }
    best_candidate(by_parent.into_values().collect())
}

/// The highest-scoring candidate not inside page furniture, else the highest-scoring one.
fn best_candidate<'a>(candidates: Vec<(ElementRef<'a>, usize)>) -> Option<ElementRef<'a>> {
    let pick = |allow_furniture: bool| {
        candidates
            .iter()
            .filter(|(el, score)| *score > 0 && (allow_furniture || !inside_boilerplate(*el)))
            .max_by_key(|(_, score)| *score)
            .map(|(el, _)| *el)
    };
    pick(false).or_else(|| pick(true))
}

/// Metadata the page declares about itself.
struct PageMeta {
    title: Option<String>,
    canonical_url: Option<String>,
    site_name: Option<String>,
    /// Publication-date candidates, best first: (where it was found, value).
    dates: Vec<(String, String)>,
}

/// `<meta>` keys that carry a publication date, best first.
const DATE_META_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "date",
];

impl PageMeta {
    fn read(doc: &Html, body: Option<ElementRef>) -> PageMeta {
        let mut meta: HashMap<String, String> = HashMap::new();
        let mut title_tag = None;
        let mut canonical = None;
        let mut times: Vec<(bool, String)> = Vec::new();
        let in_body =
            |el: ElementRef| body.is_some_and(|b| el.ancestors().any(|a| a.id() == b.id()));
        for el in doc
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
        {
            match tag(el) {
                "title" if title_tag.is_none() => title_tag = Some(element_text(el)),
                "meta" => {
                    let key = el
                        .attr("property")
                        .or_else(|| el.attr("name"))
                        .or_else(|| el.attr("itemprop"));
                    if let (Some(key), Some(content)) = (key, el.attr("content")) {
                        meta.entry(key.trim().to_ascii_lowercase())
                            .or_insert_with(|| content.trim().to_string());
                    }
                }
                "link" if canonical.is_none() => {
                    let rel = el.attr("rel").unwrap_or_default().to_ascii_lowercase();
                    if rel.split_whitespace().any(|r| r == "canonical") {
                        canonical = el.attr("href").map(|h| h.trim().to_string());
                    }
                }
                "time" => {
                    if let Some(dt) = el.attr("datetime") {
                        times.push((in_body(el), dt.trim().to_string()));
                    }
                }
                _ => {
                    let published = el
                        .attr("itemprop")
                        .is_some_and(|v| v.eq_ignore_ascii_case("datePublished"));
                    if let Some(value) = published
                        .then(|| el.attr("datetime").or_else(|| el.attr("content")))
                        .flatten()
                    {
                        meta.entry("datepublished".to_string())
                            .or_insert_with(|| value.trim().to_string());
                    }
                }
            }
        }
        let mut dates: Vec<(String, String)> = DATE_META_KEYS
            .iter()
            .filter_map(|k| meta.get(*k).map(|v| (format!("<meta {k}>"), v.clone())))
            .collect();
        times.sort_by_key(|(inside, _)| !*inside);
        dates.extend(
            times
                .into_iter()
                .take(1)
                .map(|(_, v)| ("<time datetime>".to_string(), v)),
        );

        let h1 = body
            .into_iter()
            .flat_map(|b| b.descendent_elements())
            .chain(doc.root_element().descendent_elements())
            .find(|el| tag(*el) == "h1")
            .map(element_text);
        let non_empty =
            |s: Option<String>| s.map(|s| collapse_spaces(&s)).filter(|s| !s.is_empty());
        PageMeta {
            title: non_empty(meta.get("og:title").cloned())
                .or_else(|| non_empty(meta.get("twitter:title").cloned()))
                .or_else(|| non_empty(h1))
                .or_else(|| non_empty(title_tag)),
            canonical_url: non_empty(canonical).or_else(|| non_empty(meta.get("og:url").cloned())),
            site_name: non_empty(meta.get("og:site_name").cloned()),
            dates,
        }
    }
}

/// Walks the DOM from the document root to the article body, writing the body's text as
/// lines and recording everything else it skips.
struct Walker<'a> {
    root: Option<ElementRef<'a>>,
    /// The body's ancestors: walked through, never cut.
    root_path: Vec<ElementRef<'a>>,
    out: String,
    line: String,
    space: bool,
    removed: Vec<RemovedLine>,
}

impl<'a> Walker<'a> {
    fn walk(&mut self, el: ElementRef<'a>, inside: bool, depth: usize) {
        let name = tag(el);
        if SILENT_TAGS.contains(&name) {
            return;
        }
        let is_root = self.root.is_some_and(|r| r.id() == el.id());
        let on_path = !inside && self.root_path.iter().any(|a| a.id() == el.id());
        if !is_root && !on_path && !matches!(name, "html" | "body") {
            if let Some(reason) = self.furniture(el, inside) {
                self.record(el, &reason);
                return;
            }
            if !inside {
                self.record(el, "html:outside-article");
                return;
            }
        }
        let inside = inside || is_root;
        if depth > MAX_DEPTH {
            // Text only: never the content of a script or style nested this deep.
            let text: String = el
                .descendants()
                .filter(|n| {
                    !n.ancestors().any(|a| {
                        a.value()
                            .as_element()
                            .is_some_and(|e| SILENT_TAGS.contains(&e.name()))
                    })
                })
                .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
                .collect();
            self.push_text(&text);
            return;
        }
        let block = BLOCK_TAGS.contains(&name);
        if inside && block {
            self.end_block();
        }
        if inside && name == "br" {
            self.end_line();
        }
        for child in el.children() {
            match child.value() {
                Node::Text(text) if inside => self.push_text(text),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.walk(child, inside, depth + 1);
                    }
                }
                _ => {}
            }
        }
        if inside && block {
            self.end_block();
        }
    }

    /// Why an element is cut: furniture by tag, role or class; a figure caption; a list of links.
    fn furniture(&self, el: ElementRef, inside: bool) -> Option<String> {
        if let Some(reason) = boilerplate_reason(el, inside) {
            return Some(reason);
        }
        if !inside {
            return None;
        }
        let name = tag(el);
        if name == "figcaption" {
            return Some("html:figcaption".to_string());
        }
        if name == "time" && !in_running_text(el) {
            return Some("html:dateline".to_string());
        }
        if matches!(name, "ul" | "ol" | "div" | "section" | "table") && is_link_list(el) {
            return Some("html:link-list".to_string());
        }
        None
    }

    fn record(&mut self, el: ElementRef, reason: &str) {
        let text: String = element_text(el).chars().take(MAX_RECORDED_CHARS).collect();
        if !text.is_empty() {
            self.removed.push(RemovedLine {
                text,
                reason: reason.to_string(),
            });
        }
    }

    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else {
                if self.space && !self.line.is_empty() {
                    self.line.push(' ');
                }
                self.space = false;
                self.line.push(c);
            }
        }
    }

    fn end_line(&mut self) {
        if !self.line.is_empty() {
            self.out.push_str(&self.line);
            self.out.push('\n');
            self.line.clear();
        }
        self.space = false;
    }

    /// Ends a paragraph: a blank line keeps separate blocks from forming a "headline run".
    fn end_block(&mut self) {
        self.end_line();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }
}

/// True when the element sits inside a paragraph, list item or quote: part of a sentence
/// (`<p>قتل <time>أمس</time> عنصران</p>`), not a dateline of its own.
fn in_running_text(el: ElementRef) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        matches!(
            tag(a),
            "p" | "li" | "blockquote" | "td" | "dd" | "span" | "a" | "b" | "strong" | "em" | "i"
        )
    })
}

/// Three or more links making up nearly all of an element's text: a related-articles list.
fn is_link_list(el: ElementRef) -> bool {
    let links: Vec<usize> = el
        .descendent_elements()
        .filter(|a| tag(*a) == "a")
        .map(|a| element_text(a).chars().count())
        .filter(|n| *n > 0)
        .collect();
    if links.len() < 3 {
        return false;
    }
    let total = element_text(el).chars().count().max(1);
    links.iter().sum::<usize>() * 10 >= total * 8
}

/// Deepest element nesting handed to the HTML parser. html5ever's scope checks walk the stack
/// of open elements, so a page nested N deep costs O(N²): 100,000 levels (1.1 MB) took minutes.
/// Real pages stay within a few dozen levels.
const MAX_NESTING: usize = 512;

/// Elements that never have an end tag.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose content is raw text (never tags), and whose tags are always kept so their
/// content stays code, not article text.
const RAW_TEXT_TAGS: &[&str] = &["script", "style", "textarea", "title", "noscript"];

/// `html` without the tags nested deeper than [`MAX_NESTING`] (their text kept), or `None` when
/// the page is not that deep. One linear scan; unclosed elements count as open, so the depth is
/// an upper bound.
fn flatten_deep_nesting(html: &str) -> Option<String> {
    let mut depth = 0usize;
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(offset) = html.get(i..).and_then(|rest| rest.find('<')) {
        let start = i + offset;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let Some(close) = rest.find('>') else { break };
        let end = start + close + 1;
        let tag = &html[start + 1..end - 1];
        i = end;
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let raw = RAW_TEXT_TAGS.contains(&name.as_str());
        if closing {
            if depth > MAX_NESTING && !raw {
                cuts.push((start, end));
            }
            depth = depth.saturating_sub(1);
        } else if !VOID_TAGS.contains(&name.as_str()) && !tag.ends_with('/') {
            depth += 1;
            if depth > MAX_NESTING && !raw {
                cuts.push((start, end));
            }
            if raw {
                let end_tag = format!("</{name}");
                if let Some(e) = find_ignoring_case(&html[i..], &end_tag) {
                    i += e;
                }
            }
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (start, end) in cuts {
        out.push_str(&html[at..start]);
        at = end;
    }
    out.push_str(&html[at..]);
    Some(out)
}

/// Byte offset of the first ASCII-case-insensitive occurrence of `needle`.
fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_without_tags_is_kept() {
        let cleaned = clean_html("قتل عنصران من قسد بهجوم في الرقة.");
        assert_eq!(cleaned.text, "قتل عنصران من قسد بهجوم في الرقة.");
    }

    #[test]
    fn class_words_match_whole_words_for_short_ones() {
        let doc = Html::parse_fragment(
            r#"<div class="shadow loads">x</div><div class="top-ads">y</div>"#,
        );
        let divs: Vec<_> = doc
            .root_element()
            .descendent_elements()
            .filter(|e| tag(*e) == "div")
            .collect();
        assert_eq!(boilerplate_reason(divs[0], true), None);
        assert_eq!(
            boilerplate_reason(divs[1], true).as_deref(),
            Some("html:ads")
        );
    }
}
