//! RSS 2.0 and Atom feeds, read one item at a time.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use chrono::NaiveDate;
use marsad_model::{Article, Warning};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::assemble::{is_arabic_letter, Draft};
use crate::dates::parse_published;
use crate::html::clean_html;
use crate::plain::clean_text;
use crate::{Error, Input, Result, MAX_RECORD_BYTES};

/// A buffered reader that counts the lines the XML parser has consumed, for warnings.
struct LineCounting<R> {
    inner: R,
    newlines: u64,
}

impl<R: io::Read> io::Read for LineCounting<BufReader<R>> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.newlines += out
            .get(..n)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        Ok(n)
    }
}

impl<R: io::Read> BufRead for LineCounting<BufReader<R>> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            self.newlines += buf
                .get(..amt)
                .unwrap_or(buf)
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
        }
        self.inner.consume(amt);
    }
}

/// The item/entry fields marsad reads.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Title,
    Link,
    Guid,
    Id,
    PubDate,
    Published,
    DcDate,
    Updated,
    Encoded,
    Content,
    Description,
    Summary,
    ChannelTitle,
}

/// One item or entry being read.
#[derive(Debug, Default)]
struct FeedItem {
    fields: Vec<(Field, String)>,
    /// Atom `<content type="text">`: plain text, not HTML.
    content_is_text: bool,
    start_line: u64,
    bytes: u64,
    oversized: bool,
}

impl FeedItem {
    fn get(&self, field: Field) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, v)| *f == field && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }
}

/// Text being collected for one field.
struct Capture {
    field: Field,
    depth: usize,
    /// Atom `type="xhtml"`: keep the inner markup as HTML.
    markup: bool,
    text: String,
}

/// Where a feed's bytes come from: a file, or memory (a fetched feed).
type FeedBytes = Box<dyn io::Read + Send>;

/// What an item was, besides the article its text gave: what a watcher needs to fetch its page.
#[derive(Debug, Clone)]
struct EntryMeta {
    id: String,
    link: Option<String>,
    title: Option<String>,
    published: Option<NaiveDate>,
}

/// An RSS 2.0 or Atom feed being read item by item.
pub(crate) struct FeedSource {
    reader: Reader<LineCounting<BufReader<FeedBytes>>>,
    buf: Vec<u8>,
    file: String,
    stem: String,
    stack: Vec<String>,
    root_seen: bool,
    channel_title: Option<String>,
    item: Option<FeedItem>,
    item_depth: usize,
    items: usize,
    capture: Option<Capture>,
    done: bool,
    /// The last item finished, for [`parse_feed`].
    last_entry: Option<EntryMeta>,
}

impl FeedSource {
    /// Opens a feed file, refusing empty and binary ones up front.
    pub fn open(path: &Path) -> Result<FeedSource> {
        let file = File::open(path)?;
        if file.metadata()?.len() == 0 {
            return Err(Error::Empty);
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        FeedSource::from_reader(Box::new(file), path.display().to_string(), stem)
    }

    /// A feed held in memory; `origin` (a URL) names it in warnings and article origins.
    pub fn from_bytes(bytes: Vec<u8>, origin: &str) -> Result<FeedSource> {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Empty);
        }
        FeedSource::from_reader(
            Box::new(io::Cursor::new(bytes)),
            origin.to_string(),
            "item".to_string(),
        )
    }

    fn from_reader(bytes: FeedBytes, file: String, stem: String) -> Result<FeedSource> {
        let mut inner = BufReader::with_capacity(64 * 1024, bytes);
        if inner.fill_buf()?.contains(&0) {
            return Err(Error::Binary);
        }
        let mut reader = Reader::from_reader(LineCounting { inner, newlines: 0 });
        reader.config_mut().trim_text(false);
        Ok(FeedSource {
            reader,
            buf: Vec::new(),
            file,
            stem,
            stack: Vec::new(),
            root_seen: false,
            channel_title: None,
            item: None,
            item_depth: 0,
            items: 0,
            capture: None,
            done: false,
            last_entry: None,
        })
    }

    fn line(&self) -> u64 {
        self.reader.get_ref().newlines + 1
    }

    fn warning(&self, message: impl Into<String>) -> Input {
        Input::Warning(Warning::new(&self.file, message).at_line(self.line()))
    }

    /// The inputs of the next item; `None` once the feed is exhausted.
    pub fn next_batch(&mut self) -> Option<Vec<Input>> {
        if self.done {
            return None;
        }
        loop {
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(event) => event.into_owned(),
                Err(e) => {
                    self.done = true;
                    let lost = if self.item.is_some() {
                        " (the item being read is lost)"
                    } else {
                        ""
                    };
                    return Some(vec![
                        self.warning(format!("broken XML, reading stopped{lost}: {e}"))
                    ]);
                }
            };
            let event_bytes = self.buf.len() as u64;
            if let Some(item) = self.item.as_mut() {
                item.bytes += event_bytes;
                if item.bytes > MAX_RECORD_BYTES && !item.oversized {
                    item.oversized = true;
                    item.fields.clear();
                    self.capture = None;
                }
            }
            match event {
                Event::Start(start) => {
                    if let Some(batch) = self.on_start(&start, false) {
                        return Some(batch);
                    }
                }
                Event::Empty(start) => {
                    if let Some(batch) = self.on_start(&start, true) {
                        return Some(batch);
                    }
                }
                Event::End(end) => {
                    let name = String::from_utf8_lossy(end.local_name().as_ref()).into_owned();
                    if let Some(batch) = self.on_end(&name) {
                        return Some(batch);
                    }
                }
                Event::Text(text) => {
                    if let Some(capture) = self.capture.as_mut() {
                        if capture.markup {
                            capture.text.push_str(&String::from_utf8_lossy(&text));
                        } else {
                            match text.unescape() {
                                Ok(t) => capture.text.push_str(&t),
                                Err(_) => capture
                                    .text
                                    .push_str(&unescape_loosely(&String::from_utf8_lossy(&text))),
                            }
                        }
                    }
                }
                Event::CData(data) => {
                    if let Some(capture) = self.capture.as_mut() {
                        capture
                            .text
                            .push_str(&String::from_utf8_lossy(&data.into_inner()));
                    }
                }
                Event::Eof => {
                    self.done = true;
                    let mut out = Vec::new();
                    if !self.root_seen {
                        out.push(
                            self.warning("no XML element found: empty or not a feed, skipped"),
                        );
                    } else if let Some(open) = self.stack.last() {
                        out.push(self.warning(format!("feed ends inside <{open}>: truncated?")));
                    } else if self.items == 0 {
                        out.push(self.warning("feed has no items"));
                    }
                    return (!out.is_empty()).then_some(out);
                }
                _ => {}
            }
        }
    }

    fn on_start(&mut self, start: &BytesStart, empty: bool) -> Option<Vec<Input>> {
        let local = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
        let qualified = String::from_utf8_lossy(start.name().as_ref()).into_owned();
        if !self.root_seen {
            self.root_seen = true;
            if !matches!(local.as_str(), "rss" | "feed" | "RDF") {
                self.done = true;
                return Some(vec![self.warning(format!(
                    "not an RSS or Atom feed (root element <{qualified}>), skipped"
                ))]);
            }
        }
        if let Some(capture) = self.capture.as_mut() {
            if capture.markup {
                let close = if empty { "/>" } else { ">" };
                capture.text.push('<');
                capture.text.push_str(&String::from_utf8_lossy(start));
                capture.text.push_str(close);
            }
            if !empty {
                self.stack.push(local);
            }
            return None;
        }
        if !empty {
            self.stack.push(local.clone());
        }
        let depth = self.stack.len();
        if self.item.is_none() && matches!(local.as_str(), "item" | "entry") && !empty {
            self.items += 1;
            self.item = Some(FeedItem {
                start_line: self.line(),
                ..FeedItem::default()
            });
            self.item_depth = depth;
            return None;
        }
        let parent = if empty {
            self.stack.last()
        } else {
            self.stack.iter().rev().nth(1)
        };
        let field = match self.item.as_mut() {
            Some(item) if !item.oversized && depth == self.item_depth + usize::from(!empty) => {
                let field = item_field(&local, &qualified)?;
                if field == Field::Link {
                    if let Some(href) = attribute(start, "href") {
                        let rel =
                            attribute(start, "rel").unwrap_or_else(|| "alternate".to_string());
                        if rel == "alternate" {
                            item.fields.push((Field::Link, href));
                        }
                        return None;
                    }
                }
                if field == Field::Content {
                    let kind = attribute(start, "type").unwrap_or_default();
                    item.content_is_text = kind == "text";
                }
                field
            }
            None if local == "title" && parent.is_some_and(|p| p == "channel" || p == "feed") => {
                Field::ChannelTitle
            }
            _ => return None,
        };
        if !empty {
            let markup =
                field == Field::Content && attribute(start, "type").as_deref() == Some("xhtml");
            self.capture = Some(Capture {
                field,
                depth,
                markup,
                text: String::new(),
            });
        }
        None
    }

    fn on_end(&mut self, local: &str) -> Option<Vec<Input>> {
        let depth = self.stack.len();
        self.stack.pop();
        if let Some(capture) = self.capture.as_mut() {
            if depth > capture.depth {
                if capture.markup {
                    capture.text.push_str(&format!("</{local}>"));
                }
                return None;
            }
            if let Some(capture) = self.capture.take() {
                match (capture.field, self.item.as_mut()) {
                    (Field::ChannelTitle, _) => {
                        let title = capture.text.trim().to_string();
                        self.channel_title = (!title.is_empty()).then_some(title);
                    }
                    (field, Some(item)) => item.fields.push((field, capture.text)),
                    _ => {}
                }
            }
            return None;
        }
        if self.item.is_some() && depth == self.item_depth {
            let item = self.item.take()?;
            return Some(self.finish_item(item));
        }
        None
    }

    fn finish_item(&mut self, item: FeedItem) -> Vec<Input> {
        let index = self.items;
        let file = self.file.clone();
        if item.oversized {
            return vec![Input::Warning(
                Warning::new(
                    &file,
                    format!("item {index} over the {MAX_RECORD_BYTES}-byte cap, skipped"),
                )
                .at_line(item.start_line),
            )];
        }
        let link = item.get(Field::Link).map(str::to_string);
        let id = item
            .get(Field::Guid)
            .or_else(|| item.get(Field::Id))
            .map(str::to_string)
            .or_else(|| link.clone())
            .unwrap_or_else(|| format!("{}-{index}", self.stem));
        let (outlet, outlet_ar) = match &self.channel_title {
            Some(t) if t.chars().any(is_arabic_letter) => (None, Some(t.clone())),
            Some(t) => (Some(t.clone()), None),
            None => (None, None),
        };
        let mut draft = Draft {
            id,
            url: link,
            outlet,
            outlet_ar,
            title: item
                .get(Field::Title)
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")),
            dates: [
                Field::PubDate,
                Field::Published,
                Field::DcDate,
                Field::Updated,
            ]
            .iter()
            .filter_map(|f| item.get(*f).map(str::to_string))
            .take(1)
            .collect(),
            origin: format!("{file}#item{index}"),
            file,
            line: Some(item.start_line),
            ..Draft::default()
        };
        let body = [
            Field::Encoded,
            Field::Content,
            Field::Description,
            Field::Summary,
        ]
        .iter()
        .find_map(|f| item.get(*f).map(|v| (*f, v)));
        match body {
            Some((Field::Content, text)) if item.content_is_text => {
                let (text, removed) = clean_text(text);
                draft.text = text;
                draft.removed = removed;
            }
            Some((_, html)) => {
                let page = clean_html(html);
                draft.take_page(page);
            }
            None => draft
                .notes
                .push(format!("item {index} has no content or description")),
        }
        self.last_entry = Some(EntryMeta {
            id: draft.id.clone(),
            link: draft.url.clone(),
            title: draft.title.clone(),
            published: draft.dates.first().and_then(|d| parse_published(d).ok()),
        });
        let mut out = Vec::new();
        draft.finish(&mut out);
        out
    }
}

/// One item of a feed read by [`parse_feed`]: its link and metadata, even when the item
/// carries no text of its own, and the article its own text gives.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    /// The item's id: `<guid>` or Atom `<id>`, else its link, else `item-N`.
    pub id: String,
    /// The item's link (Atom: `rel="alternate"`), as written.
    pub link: Option<String>,
    /// The item's headline, whitespace collapsed.
    pub title: Option<String>,
    /// The item's publication day (`pubDate`, `published`, `dc:date` or `updated`).
    pub published: Option<NaiveDate>,
    /// The item's own text (`content:encoded`, `content`, `description` or `summary`), cleaned
    /// as [`read_paths`](crate::read_paths) cleans a feed file; `None` when no text is left.
    pub article: Option<Article>,
    /// Problems with this item (no date, no text...).
    pub warnings: Vec<Warning>,
}

/// An RSS 2.0 or Atom feed read from memory by [`parse_feed`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedFeed {
    /// The channel (RSS) or feed (Atom) title.
    pub title: Option<String>,
    /// The items, in feed order.
    pub entries: Vec<FeedEntry>,
    /// Problems with the feed as a whole (not a feed, broken XML, oversized item...).
    pub warnings: Vec<Warning>,
}

/// Reads an RSS 2.0 or Atom feed held in memory (a fetched feed); `origin` (its URL) names it
/// in warnings and in article origins (`<origin>#itemN`). Never panics: a broken feed gives
/// the items read before the break and a warning.
///
/// ```
/// let xml = br#"<rss><channel><title>Outlet</title><item><title>T</title>
///   <link>https://example.org/a/1</link><pubDate>Wed, 10 Apr 2019 08:30:00 +0300</pubDate>
///   </item></channel></rss>"#;
/// let feed = marsad_ingest::parse_feed(xml, "https://example.org/feed");
/// assert_eq!(feed.entries.len(), 1);
/// assert_eq!(feed.entries[0].link.as_deref(), Some("https://example.org/a/1"));
/// assert!(feed.entries[0].article.is_none()); // no text of its own: the page must give it
/// ```
pub fn parse_feed(bytes: &[u8], origin: &str) -> ParsedFeed {
    let mut feed = ParsedFeed::default();
    let mut source = match FeedSource::from_bytes(bytes.to_vec(), origin) {
        Ok(source) => source,
        Err(e) => {
            feed.warnings.push(Warning::new(origin, e.to_string()));
            return feed;
        }
    };
    while let Some(batch) = source.next_batch() {
        match source.last_entry.take() {
            Some(meta) => {
                let mut entry = FeedEntry {
                    id: meta.id,
                    link: meta.link,
                    title: meta.title,
                    published: meta.published,
                    article: None,
                    warnings: Vec::new(),
                };
                for input in batch {
                    match input {
                        Input::Article(a) => entry.article = Some(a),
                        Input::Warning(w) => entry.warnings.push(w),
                    }
                }
                feed.entries.push(entry);
            }
            None => feed
                .warnings
                .extend(batch.into_iter().filter_map(|input| match input {
                    Input::Warning(w) => Some(w),
                    Input::Article(_) => None,
                })),
        }
    }
    feed.title = source.channel_title.take();
    feed
}

fn item_field(local: &str, qualified: &str) -> Option<Field> {
    Some(match local {
        "title" => Field::Title,
        "link" => Field::Link,
        "guid" => Field::Guid,
        "id" => Field::Id,
        "pubDate" => Field::PubDate,
        "published" => Field::Published,
        "date" if qualified.starts_with("dc:") => Field::DcDate,
        "updated" => Field::Updated,
        "encoded" => Field::Encoded,
        "content" => Field::Content,
        "description" => Field::Description,
        "summary" => Field::Summary,
        _ => return None,
    })
}

fn attribute(start: &BytesStart, name: &str) -> Option<String> {
    let attr = start.try_get_attribute(name).ok()??;
    let value = attr
        .unescape_value()
        .map(|v| v.into_owned())
        .unwrap_or_else(|_| String::from_utf8_lossy(&attr.value).into_owned());
    Some(value.trim().to_string())
}

/// Unescapes the XML entities and leaves HTML ones (`&nbsp;`) for the HTML parser.
fn unescape_loosely(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
