//! One article read once: normalized text, its matching form, sentences, and every lexicon,
//! number and date hit, so the rule families only look things up.

use crate::lexicons::{ActorAlias, ActorFamily, Cue, CueKind, Lexicons, Trigger};
use chrono::NaiveDate;
use marsad_text::{DateMention, Normalized, NumberMention};
use std::ops::Range;

/// A lexicon hit in the matching text.
#[derive(Debug, Clone)]
pub struct Hit<T> {
    /// The phrase itself (without proclitics).
    pub range: Range<usize>,
    /// Where its word begins, proclitics included.
    pub word_start: usize,
    /// The proclitics glued in front (`وب`، `ل`).
    pub proclitics: String,
    /// Whether the word carried the article ال (a definite mention: `الهجوم`).
    pub article: bool,
    /// Every lexicon entry sharing the phrase.
    pub values: Vec<T>,
}

/// An article, analysed.
pub struct Analysis {
    /// Normalized text with its offset map to the stored text.
    pub norm: Normalized,
    /// Matching form of `norm.text` (same byte offsets).
    pub text: String,
    /// Sentence ranges.
    pub sentences: Vec<Range<usize>>,
    /// Trigger hits, in text order.
    pub triggers: Vec<Hit<Trigger>>,
    /// Actor hits, in text order.
    pub actors: Vec<Hit<ActorAlias>>,
    /// Cue hits, in text order.
    pub cues: Vec<Hit<Cue>>,
    /// Numbers.
    pub numbers: Vec<NumberMention>,
    /// Dates.
    pub dates: Vec<DateMention>,
    /// Whether the article names the Islamic State outright (so `التنظيم` refers to it).
    pub names_isis: bool,
}

fn hits<T: Clone>(found: Vec<marsad_lexicon::PhraseMatch<'_, T>>) -> Vec<Hit<T>> {
    found
        .into_iter()
        .map(|m| Hit {
            range: m.range,
            word_start: m.word_start,
            proclitics: m.proclitics,
            article: m.article,
            values: m.values.into_iter().cloned().collect(),
        })
        .collect()
}

impl Analysis {
    /// Reads `raw` (the stored article text) once.
    pub fn new(raw: &str, published: Option<NaiveDate>, lex: &Lexicons) -> Analysis {
        let norm = marsad_text::normalize(raw);
        let text = marsad_text::match_form(&norm.text);
        let sentences = marsad_text::sentences(&norm.text);
        let triggers = hits(lex.triggers.find_all(&text));
        let actors = hits(lex.actors.find_all(&text));
        let cues = hits(lex.cues.find_all(&text));
        let (numbers, dates) = marsad_text::numbers_and_dates(&norm.text, published);
        let names_isis = actors
            .iter()
            .any(|h| h.values.iter().any(|a| a.family == ActorFamily::Isis));
        Analysis {
            norm,
            text,
            sentences,
            triggers,
            actors,
            cues,
            numbers,
            dates,
            names_isis,
        }
    }

    /// Hits of a list that lie inside `range`.
    pub fn within<'a, T>(
        list: &'a [Hit<T>],
        range: &Range<usize>,
    ) -> impl Iterator<Item = &'a Hit<T>> {
        let r = range.clone();
        list.iter()
            .filter(move |h| h.range.start >= r.start && h.range.end <= r.end)
    }

    /// Whether a cue of `kind` occurs in `range`.
    pub fn has_cue(&self, range: &Range<usize>, kind: CueKind) -> bool {
        self.cues_in(range, kind).next().is_some()
    }

    /// Cue hits of `kind` in `range`.
    pub fn cues_in<'a>(
        &'a self,
        range: &Range<usize>,
        kind: CueKind,
    ) -> impl Iterator<Item = (&'a Hit<Cue>, &'a Cue)> {
        Analysis::within(&self.cues, range)
            .filter_map(move |h| h.values.iter().find(|c| c.kind == kind).map(|c| (h, c)))
    }

    /// Ranges of phrases that refer back to an act already told: demonstratives (`هذا الهجوم`)
    /// and definite act nouns listed as anaphors (`الهجوم`, written with its article).
    pub fn anaphors_in(&self, range: &Range<usize>) -> Vec<Range<usize>> {
        self.cues_in(range, CueKind::AnaphorEvent)
            .filter(|(h, _)| h.article || self.text[h.range.clone()].contains(' '))
            .map(|(h, _)| h.range.clone())
            .collect()
    }

    /// Numbers inside `range`.
    pub fn numbers_in<'a>(
        &'a self,
        range: &Range<usize>,
    ) -> impl Iterator<Item = &'a NumberMention> {
        let r = range.clone();
        self.numbers
            .iter()
            .filter(move |n| n.range.start >= r.start && n.range.end <= r.end)
    }

    /// Dates inside `range`.
    pub fn dates_in<'a>(&'a self, range: &Range<usize>) -> impl Iterator<Item = &'a DateMention> {
        let r = range.clone();
        self.dates
            .iter()
            .filter(move |d| d.range.start >= r.start && d.range.end <= r.end)
    }

    /// The words (match form) just before byte `at`, at most `n` of them, nearest last.
    pub fn words_before(&self, at: usize, n: usize) -> Vec<&str> {
        let head = &self.text[..at.min(self.text.len())];
        let mut words: Vec<&str> = head
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .rev()
            .take(n)
            .collect();
        words.reverse();
        words
    }

    /// The words (match form) just after byte `at`, at most `n` of them, nearest first.
    pub fn words_after(&self, at: usize, n: usize) -> Vec<&str> {
        let tail = &self.text[at.min(self.text.len())..];
        tail.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(n)
            .collect()
    }

    /// Character offsets in the stored text of the normalized byte range `range`.
    pub fn char_span(&self, raw: &str, range: Range<usize>) -> (usize, usize, String) {
        let r = self.norm.raw_range(range);
        let start = raw[..r.start].chars().count();
        let text = raw[r.clone()].to_string();
        let end = start + text.chars().count();
        (start, end, text)
    }
}
