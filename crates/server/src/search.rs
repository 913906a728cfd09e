//! Arabic full-text search: documents and queries go through the same normalization
//! (`marsad_text::normalize` + `match_form`) and are indexed as word stems without proclitics
//! or the article, so `داعش` finds `دا.عـ.ـش`, `الحوائج` finds `الحوايج` and `الرقة` finds
//! `بالرقة`. Actor and place words in a query expand to every alias of that actor or place.
//!
//! Aliases are resolved when a document is indexed, not when it is searched: a document that
//! contains any alias of an actor or place also gets that concept's token (`zzc…`), and a
//! query naming the actor or place asks for the token alone. One indexed term instead of an
//! OR of every alias phrase keeps counting and ranking cheap on common names (an OR of
//! fifteen phrases matching 100,000 events costs ~30 ms to count; one term ~6 ms). The index
//! records the fingerprint of the alias tables it was built with ([`Aliases::fingerprint`]);
//! when they change, [`refresh_index`] queues every document again.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use marsad_lexicon::alias::Table;
use marsad_lexicon::Gazetteer;
use marsad_model::{Article, Event};
use marsad_store::{DocumentKind, SearchQuery, Store};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Bumped when what an indexed document holds changes, so stores re-index.
const INDEX_FORMAT: &str = "concept-tokens-1";

/// The actor alias table (`phrase`, `actor`, `family`), shared with extraction.
const ACTORS_TSV: &str = include_str!("../../../data/lexicon/actors.tsv");

/// Longest alias phrase, in words, looked for in a query.
const MAX_PHRASE_WORDS: usize = 6;

/// One indexed word: its folded stem and where it sits in the raw text (bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The folded stem: `رقه` for `بالرقّة`.
    pub text: String,
    /// Byte range of the whole word in the raw text.
    pub raw: Range<usize>,
}

/// The search terms of raw text: `terms("وبالرقّة")` gives one term `رقه`; obfuscated words
/// are joined first (`دا.عـ.ـش` → `داعش`). Latin words are lowercased.
pub fn terms(raw: &str) -> Vec<Term> {
    let normalized = marsad_text::normalize(raw);
    let folded = marsad_text::match_form(&normalized.text);
    marsad_text::tokens(&normalized.text)
        .into_iter()
        .filter_map(|token| {
            let stem = folded.get(token.stem.clone()).unwrap_or("");
            let text = if stem.is_empty() {
                folded.get(token.range.clone()).unwrap_or("")
            } else {
                stem
            };
            let text: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
            (!text.is_empty()).then(|| Term {
                text,
                raw: normalized.raw_range(token.range.clone()),
            })
        })
        .collect()
}

/// The terms of raw text joined by spaces, as the index stores them.
pub fn term_string(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for term in terms(raw) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&term.text);
    }
    out
}

/// The indexed text of an event: actors, places, types, notes, claims, sources and evidence.
pub fn event_document(event: &Event) -> String {
    let mut parts: Vec<&str> = vec![
        &event.actor1,
        &event.assoc_actor_1,
        &event.actor2,
        &event.assoc_actor_2,
        &event.event_type,
        &event.sub_event_type,
        &event.notes,
        &event.source,
        &event.tags,
    ];
    for place in [
        &event.location,
        &event.location_ar,
        &event.admin1,
        &event.admin2,
        &event.admin3,
    ]
    .into_iter()
    .flatten()
    {
        parts.push(place);
    }
    parts.extend(event.claimed_by.iter().map(String::as_str));
    parts.extend(event.reported_by.iter().map(String::as_str));
    parts.extend(event.evidence.iter().map(|e| e.text.as_str()));
    term_string(&parts.join("\n"))
}

/// Indexes every article and event written since the last call (the store queues them with
/// triggers), in batches of one transaction each; returns how many documents were indexed.
/// When the index was built with other alias tables, every document is queued first. The
/// server calls this at start and before each search; the CLI may call it after ingest.
pub fn refresh_index(store: &mut Store, aliases: &Aliases) -> marsad_store::Result<usize> {
    refresh_index_up_to(store, aliases, usize::MAX)
}

/// Documents indexed in one transaction.
pub(crate) const INDEX_BATCH: usize = 500;

/// [`refresh_index`], stopping after about `budget` documents (whole batches of up to
/// [`INDEX_BATCH`]): a request indexes what was just written without paying for a backlog
/// left by a bulk ingest in another process, which the background indexer works through.
pub fn refresh_index_up_to(
    store: &mut Store,
    aliases: &Aliases,
    budget: usize,
) -> marsad_store::Result<usize> {
    if store.search_index_version()?.as_deref() != Some(aliases.fingerprint()) {
        store.queue_search_rebuild(aliases.fingerprint())?;
    }
    let mut done = 0;
    while done < budget {
        let pending = store.pending_search_documents(INDEX_BATCH.min(budget - done))?;
        if pending.is_empty() {
            break;
        }
        store.begin()?;
        let result = index_batch(store, aliases, &pending);
        match result {
            Ok(()) => store.commit()?,
            Err(e) => {
                let _ = store.rollback();
                return Err(e);
            }
        }
        done += pending.len();
    }
    Ok(done)
}

fn index_batch(
    store: &mut Store,
    aliases: &Aliases,
    pending: &[marsad_store::PendingDocument],
) -> marsad_store::Result<()> {
    for doc in pending {
        match doc.kind {
            DocumentKind::Article => {
                let (title, body) = match store.article(&doc.id)? {
                    Some(a) => (
                        aliases.with_concepts(term_string(a.title.as_deref().unwrap_or(""))),
                        aliases.with_concepts(term_string(&a.text)),
                    ),
                    None => (String::new(), String::new()),
                };
                store.index_article(&doc.id, &title, &body)?;
            }
            DocumentKind::Event => {
                let body = store
                    .event(&doc.id)?
                    .map(|e| aliases.with_concepts(event_document(&e)))
                    .unwrap_or_default();
                store.index_event(&doc.id, &body)?;
            }
        }
    }
    Ok(())
}

/// Actor and place aliases by folded phrase, for query expansion and the `actor` filter.
#[derive(Debug, Default)]
pub struct Aliases {
    /// Folded phrase (terms joined by a space) → concept indices.
    by_phrase: HashMap<String, Vec<usize>>,
    /// First words of the phrases, to skip words no alias starts with.
    first_words: HashSet<String>,
    /// Each concept's phrases (as term lists) and, for actors, its ACLED name.
    concepts: Vec<Concept>,
    /// What the index holds when built with these tables ([`Aliases::fingerprint`]).
    fingerprint: String,
}

#[derive(Debug, Default)]
struct Concept {
    /// What identifies it across builds: `actor:<ACLED name>` or `place:<gazetteer id>`.
    key: String,
    phrases: BTreeSet<Vec<String>>,
    actor: Option<String>,
    /// Its indexed term: `zzc` and 16 hex digits of the SHA-256 of `key`.
    token: String,
}

/// The index term of a concept key: letters and digits only, so FTS5 keeps it one token.
fn concept_token(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("zzc{hex}")
}

/// A query for the index and the words to highlight in what it finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextQuery {
    /// What the index is asked: concept tokens for actors and places, words otherwise.
    pub index: SearchQuery,
    /// Every word a match may show: the typed words and every alias of their concepts.
    pub words: BTreeSet<String>,
}

impl Aliases {
    /// Actors from the bundled alias table (context-only words like `التنظيم` left out) and
    /// places from the gazetteer (Arabic names, variants and English name).
    pub fn new(gazetteer: &Gazetteer) -> Aliases {
        let mut aliases = Aliases::default();
        if let Ok(table) = Table::parse("actors", ACTORS_TSV) {
            if let (Ok(phrase), Ok(actor), Ok(family)) = (
                table.column("phrase"),
                table.column("actor"),
                table.column("family"),
            ) {
                let mut by_actor: HashMap<String, usize> = HashMap::new();
                for row in table.rows() {
                    let name = row.get(actor);
                    if name.is_empty() || row.get(family).ends_with("_ref") {
                        continue;
                    }
                    let index = *by_actor.entry(name.to_string()).or_insert_with(|| {
                        aliases.concepts.push(Concept {
                            key: format!("actor:{name}"),
                            actor: Some(name.to_string()),
                            ..Concept::default()
                        });
                        aliases.concepts.len() - 1
                    });
                    aliases.add_phrase(index, row.get(phrase));
                    aliases.add_phrase(index, name);
                }
            }
        }
        for place in gazetteer.places() {
            aliases.concepts.push(Concept {
                key: format!("place:{}", place.id.0),
                ..Concept::default()
            });
            let index = aliases.concepts.len() - 1;
            for name in place.names_ar() {
                aliases.add_phrase(index, name);
            }
            aliases.add_phrase(index, &place.name_en);
        }
        let mut hasher = Sha256::new();
        hasher.update(INDEX_FORMAT.as_bytes());
        let mut entries: Vec<(&String, &BTreeSet<Vec<String>>)> = aliases
            .concepts
            .iter()
            .map(|c| (&c.key, &c.phrases))
            .collect();
        entries.sort();
        for (key, phrases) in entries {
            hasher.update(b"\n");
            hasher.update(key.as_bytes());
            for phrase in phrases {
                hasher.update(b"\t");
                hasher.update(phrase.join(" ").as_bytes());
            }
        }
        aliases.fingerprint = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        for concept in &mut aliases.concepts {
            concept.token = concept_token(&concept.key);
        }
        aliases
    }

    /// The fingerprint of these tables and of the index format: an index built with other
    /// tables is rebuilt.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// `terms` (a document's terms, space-separated) followed by the token of every actor
    /// and place one of its phrases names, each once.
    pub fn with_concepts(&self, mut terms: String) -> String {
        let words: Vec<&str> = terms.split(' ').filter(|w| !w.is_empty()).collect();
        let mut found: BTreeSet<&str> = BTreeSet::new();
        let mut key = String::new();
        for start in 0..words.len() {
            if !words
                .get(start)
                .is_some_and(|w| self.first_words.contains(*w))
            {
                continue;
            }
            key.clear();
            for (n, word) in words.iter().skip(start).take(MAX_PHRASE_WORDS).enumerate() {
                if n > 0 {
                    key.push(' ');
                }
                key.push_str(word);
                for &c in self.by_phrase.get(&key).into_iter().flatten() {
                    if let Some(concept) = self.concepts.get(c) {
                        found.insert(&concept.token);
                    }
                }
            }
        }
        let tokens: Vec<String> = found.into_iter().map(str::to_string).collect();
        for token in tokens {
            if !terms.is_empty() {
                terms.push(' ');
            }
            terms.push_str(&token);
        }
        terms
    }

    fn add_phrase(&mut self, index: usize, raw: &str) {
        let words: Vec<String> = terms(raw).into_iter().map(|t| t.text).collect();
        if words.is_empty() || words.len() > MAX_PHRASE_WORDS {
            return;
        }
        let key = words.join(" ");
        if let Some(first) = words.first() {
            self.first_words.insert(first.clone());
        }
        let entry = self.by_phrase.entry(key).or_default();
        if !entry.contains(&index) {
            entry.push(index);
        }
        if let Some(concept) = self.concepts.get_mut(index) {
            concept.phrases.insert(words);
        }
    }

    /// The search query for what a user typed: each actor or place phrase becomes a group of
    /// its concepts' tokens (any alias matches), every other word a group of itself; all
    /// groups must match.
    pub fn query(&self, raw: &str) -> TextQuery {
        let words: Vec<String> = terms(raw).into_iter().map(|t| t.text).collect();
        let mut groups = Vec::new();
        let mut shown = BTreeSet::new();
        let mut i = 0;
        while i < words.len() {
            let longest = (1..=MAX_PHRASE_WORDS.min(words.len() - i))
                .rev()
                .find_map(|n| {
                    let key = words.get(i..i + n)?.join(" ");
                    self.by_phrase.get(&key).map(|c| (n, c))
                });
            match longest {
                Some((n, concepts)) => {
                    let mut group: BTreeSet<Vec<String>> = BTreeSet::new();
                    shown.extend(words.get(i..i + n).unwrap_or_default().iter().cloned());
                    for &c in concepts {
                        if let Some(concept) = self.concepts.get(c) {
                            group.insert(vec![concept.token.clone()]);
                            shown.extend(concept.phrases.iter().flatten().cloned());
                        }
                    }
                    groups.push(group.into_iter().collect());
                    i += n;
                }
                None => {
                    if let Some(word) = words.get(i) {
                        groups.push(vec![vec![word.clone()]]);
                        shown.insert(word.clone());
                    }
                    i += 1;
                }
            }
        }
        TextQuery {
            index: SearchQuery { groups },
            words: shown,
        }
    }

    /// ACLED actor names an `actor` filter means: `داعش` → `Islamic State (Syria)`; text that
    /// is no known alias is kept as given (a substring of actor names).
    pub fn actor_names(&self, raw: &str) -> Vec<String> {
        let key = term_string(raw);
        let mut names: Vec<String> = self
            .by_phrase
            .get(&key)
            .into_iter()
            .flatten()
            .filter_map(|&c| self.concepts.get(c)?.actor.clone())
            .collect();
        names.sort();
        names.dedup();
        if names.is_empty() {
            names.push(raw.trim().to_string());
        }
        names
    }
}

/// A highlighted excerpt: plain text and the character ranges of the matched words in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The excerpt as written (`…` where cut).
    pub text: String,
    /// The excerpt with HTML escaped and matches wrapped in `<mark>`.
    pub html: String,
    /// Matched words: `[start, end)` in characters of `text`.
    pub marks: Vec<[usize; 2]>,
}

/// Words around the densest cluster of query matches in `raw` (about `width` words), or
/// `None` when no word matches.
pub fn snippet(raw: &str, query: &TextQuery, width: usize) -> Option<Snippet> {
    let wanted = &query.words;
    let words = terms(raw);
    let hits: Vec<usize> = words
        .iter()
        .enumerate()
        .filter(|(_, t)| wanted.contains(t.text.as_str()))
        .map(|(i, _)| i)
        .collect();
    let first = *hits.first()?;
    let width = width.max(1);
    // The window start (a hit) that covers the most hits.
    let best = hits
        .iter()
        .map(|&s| (s, hits.iter().filter(|&&h| h >= s && h < s + width).count()))
        .max_by_key(|&(s, n)| (n, std::cmp::Reverse(s)))
        .map_or(first, |(s, _)| s);
    let start_word = best.saturating_sub(width / 4);
    let end_word = (start_word + width).min(words.len());
    let from = words.get(start_word)?.raw.start;
    let to = words.get(end_word.checked_sub(1)?)?.raw.end;
    let body = raw.get(from..to)?;
    let mut text = String::new();
    let mut html = String::new();
    let mut marks = Vec::new();
    if start_word > 0 {
        text.push_str("… ");
        html.push_str("… ");
    }
    let mut at = from;
    for (i, word) in words.iter().enumerate().take(end_word).skip(start_word) {
        let gap = raw.get(at..word.raw.start).unwrap_or("");
        text.push_str(gap);
        html.push_str(&escape(gap));
        let w = raw.get(word.raw.clone()).unwrap_or("");
        if hits.binary_search(&i).is_ok() {
            let s = text.chars().count();
            text.push_str(w);
            marks.push([s, text.chars().count()]);
            html.push_str("<mark>");
            html.push_str(&escape(w));
            html.push_str("</mark>");
        } else {
            text.push_str(w);
            html.push_str(&escape(w));
        }
        at = word.raw.end;
    }
    debug_assert!(body.len() <= raw.len());
    if end_word < words.len() {
        text.push_str(" …");
        html.push_str(" …");
    }
    Some(Snippet { text, html, marks })
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The best snippet for an article hit: its body, else its title.
pub fn article_snippet(article: &Article, query: &TextQuery) -> Option<Snippet> {
    snippet(&article.text, query, 24)
        .or_else(|| snippet(article.title.as_deref().unwrap_or(""), query, 24))
}

/// The best snippet for an event hit: an evidence sentence, else its notes.
pub fn event_snippet(event: &Event, query: &TextQuery) -> Option<Snippet> {
    event
        .evidence
        .iter()
        .find_map(|e| snippet(&e.text, query, 24))
        .or_else(|| snippet(&event.notes, query, 24))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(raw: &str) -> Vec<String> {
        terms(raw).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn documents_and_queries_meet_in_one_form() {
        assert_eq!(words("دا.عـ.ـش"), words("داعش"));
        assert_eq!(words("الحوائج"), words("الحوايج"));
        assert_eq!(words("بالرقة"), words("الرقة"));
        assert_eq!(words("والرقّة"), words("الرقه"));
    }

    #[test]
    fn raw_ranges_point_at_what_the_reporter_wrote() {
        let raw = "هاجم دا.عـ.ـش حاجزاً";
        let t = terms(raw);
        assert_eq!(raw.get(t[1].raw.clone()), Some("دا.عـ.ـش"));
    }

    #[test]
    fn snippet_marks_matches_and_escapes_html() {
        let q = TextQuery {
            words: words("الرقة").into_iter().collect(),
            ..TextQuery::default()
        };
        let s = snippet("قصف <b> على بالرقة اليوم", &q, 40).unwrap();
        assert!(s.html.contains("<mark>بالرقة</mark>"), "{}", s.html);
        assert!(s.html.contains("&lt;b&gt;"));
        let [a, b] = s.marks[0];
        let marked: String = s.text.chars().skip(a).take(b - a).collect();
        assert_eq!(marked, "بالرقة");
    }
}
