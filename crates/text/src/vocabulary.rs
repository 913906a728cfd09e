//! The word tables of `data/` loaded into lookups, and the keys a token is looked up by.
//!
//! Every key is in [`match_form`] (ة → ه), so `ثلاثه` written with ه still reads as three.

use crate::normalize::match_form;
use crate::tables::parse_table;
use crate::tokens::Token;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a number word does in a compound number (`data/number_words.tsv`, column `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    Unit,
    Ten,
    Tens,
    Hundred,
    Hundreds,
    Thousand,
    Thousands,
    ThousandPlural,
    Million,
    MillionPlural,
    Ordinal,
    Vague,
}

/// A number word: `خمسة` = 5 (unit), `الثالث` = 3 (ordinal), `عشرات` = 12 (vague).
#[derive(Debug, Clone, Copy)]
pub(crate) struct NumberWord {
    pub value: u32,
    pub kind: NumberKind,
    pub article_ok: bool,
}

/// The role of a word in a relative date (`data/date_words.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateRole {
    Today,
    Yesterday,
    Ago,
    Past,
    Current,
    Next,
    Day,
    Week,
    Month,
    Year,
    TimeOfDay,
    Mid,
    Early,
    EarlyPart,
    Late,
    LatePart,
    During,
    About,
    OtherDay,
    Few,
    Until,
    From,
}

/// A date word with its count (`يومين` = 2 days; `None` = an unstated few).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DateWord {
    pub role: DateRole,
    pub count: Option<u32>,
}

/// All tables, keyed by match form; phrases of several words keyed by their space-joined form.
pub(crate) struct Vocabulary {
    pub numbers: HashMap<String, NumberWord>,
    /// Multi-word number phrases (`عدد من`) as word lists.
    pub number_phrases: Vec<(Vec<String>, NumberWord)>,
    /// Approximation phrases before the number (`اكثر من`), as word lists.
    pub approx_before: Vec<Vec<String>>,
    /// Approximation words after the number (`تقريبا`).
    pub approx_after: Vec<String>,
    /// Dual form → singular (`عنصرين` → `عنصر`).
    pub duals: HashMap<String, String>,
    /// Month phrases as word lists, with month number and whether context is needed.
    pub months: Vec<(Vec<String>, u32, bool)>,
    /// Weekday (with article) → ISO weekday number (Monday = 1).
    pub weekdays: HashMap<String, u32>,
    pub date_words: HashMap<String, DateWord>,
}

fn words(phrase: &str) -> Vec<String> {
    phrase.split_whitespace().map(match_form).collect()
}

fn number_kind(name: &str) -> Option<NumberKind> {
    Some(match name {
        "unit" => NumberKind::Unit,
        "ten" => NumberKind::Ten,
        "tens" => NumberKind::Tens,
        "hundred" => NumberKind::Hundred,
        "hundreds" => NumberKind::Hundreds,
        "thousand" => NumberKind::Thousand,
        "thousands" => NumberKind::Thousands,
        "thousand_plural" => NumberKind::ThousandPlural,
        "million" => NumberKind::Million,
        "million_plural" => NumberKind::MillionPlural,
        "ordinal" => NumberKind::Ordinal,
        "vague" => NumberKind::Vague,
        _ => return None,
    })
}

fn date_role(name: &str) -> Option<DateRole> {
    Some(match name {
        "today" => DateRole::Today,
        "yesterday" => DateRole::Yesterday,
        "ago" => DateRole::Ago,
        "past" => DateRole::Past,
        "current" => DateRole::Current,
        "next" => DateRole::Next,
        "day" => DateRole::Day,
        "week" => DateRole::Week,
        "month" => DateRole::Month,
        "year" => DateRole::Year,
        "time_of_day" => DateRole::TimeOfDay,
        "mid" => DateRole::Mid,
        "early" => DateRole::Early,
        "early_part" => DateRole::EarlyPart,
        "late" => DateRole::Late,
        "late_part" => DateRole::LatePart,
        "during" => DateRole::During,
        "about" => DateRole::About,
        "other_day" => DateRole::OtherDay,
        "few" => DateRole::Few,
        "until" => DateRole::Until,
        "from" => DateRole::From,
        _ => return None,
    })
}

/// The regular dual forms of a singular noun: `عنصر` → `عنصران، عنصرين`; `الية` → `اليتان،
/// اليتين`; a noun with a sound plural (`مقاتل`, any nisba `مدني`) → only `مقاتلان` (`مقاتلين`
/// is spelled like the plural).
fn regular_duals(singular: &str, sound_plural: bool) -> Vec<String> {
    if let Some(base) = singular.strip_suffix('ة') {
        return vec![format!("{base}تان"), format!("{base}تين")];
    }
    if sound_plural || singular.ends_with('ي') {
        return vec![format!("{singular}ان")];
    }
    vec![format!("{singular}ان"), format!("{singular}ين")]
}

fn load() -> Vocabulary {
    let mut v = Vocabulary {
        numbers: HashMap::new(),
        number_phrases: Vec::new(),
        approx_before: Vec::new(),
        approx_after: Vec::new(),
        duals: HashMap::new(),
        months: Vec::new(),
        weekdays: HashMap::new(),
        date_words: HashMap::new(),
    };
    for row in parse_table(include_str!("../data/number_words.tsv")) {
        let (Ok(value), Some(kind)) = (row.cell(1).parse::<u32>(), number_kind(row.cell(2))) else {
            continue;
        };
        let word = NumberWord {
            value,
            kind,
            article_ok: row.cell(3) == "yes",
        };
        let form = words(row.cell(0));
        if form.len() == 1 {
            v.numbers.extend(form.into_iter().map(|f| (f, word)));
        } else if !form.is_empty() {
            v.number_phrases.push((form, word));
        }
    }
    for row in parse_table(include_str!("../data/approximations.tsv")) {
        let phrase = words(row.cell(0));
        if phrase.is_empty() {
            continue;
        }
        if row.cell(1) == "after" {
            v.approx_after.extend(phrase);
        } else {
            v.approx_before.push(phrase);
        }
    }
    for row in parse_table(include_str!("../data/dual_nouns.tsv")) {
        let singular = row.cell(0);
        if singular.is_empty() {
            continue;
        }
        let explicit: Vec<String> = row
            .cell(1)
            .split(['،', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let forms = if explicit.is_empty() {
            regular_duals(singular, row.cell(2) == "yes")
        } else {
            explicit
        };
        for form in forms {
            v.duals.insert(match_form(&form), match_form(singular));
        }
    }
    for row in parse_table(include_str!("../data/months.tsv")) {
        if let Ok(month) = row.cell(1).parse::<u32>() {
            v.months
                .push((words(row.cell(0)), month, row.cell(2) == "yes"));
        }
    }
    // Longest phrases first, so كانون الثاني wins over a one-word month.
    v.months.sort_by_key(|m| std::cmp::Reverse(m.0.len()));
    for row in parse_table(include_str!("../data/weekdays.tsv")) {
        if let Ok(day) = row.cell(1).parse::<u32>() {
            v.weekdays.insert(match_form(row.cell(0)), day);
        }
    }
    for row in parse_table(include_str!("../data/date_words.tsv")) {
        if let Some(role) = date_role(row.cell(1)) {
            let count = row.cell(2).parse::<u32>().ok();
            v.date_words
                .insert(match_form(row.cell(0)), DateWord { role, count });
        }
    }
    v
}

/// The vocabulary, loaded on first use.
pub(crate) fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(load)
}

/// The forms a token may be looked up by, most specific first, in match form: the surface
/// (`الفين`), the surface without a conjunction (`وعشرين` → `عشرين`), the dictionary form
/// (`بالثلاثة` → `الثلاثه`), and the bare stem with whether it lost an article.
pub(crate) struct TokenKeys {
    pub surface: String,
    pub without_conjunction: Option<String>,
    pub dictionary: String,
    pub stem: String,
    pub article: bool,
}

impl TokenKeys {
    pub fn of(text: &str, token: &Token) -> TokenKeys {
        let surface = token.surface(text);
        let without_conjunction = ["و", "ف"]
            .into_iter()
            .find(|c| token.proclitics.starts_with(c))
            .and_then(|c| surface.strip_prefix(c))
            .map(match_form);
        TokenKeys {
            surface: match_form(surface),
            without_conjunction,
            dictionary: match_form(&token.dictionary_form(text)),
            stem: match_form(token.stem_text(text)),
            article: token.article,
        }
    }

    /// Whether any key of the token equals `word` (a match-form word of a phrase).
    pub fn any_is(&self, word: &str) -> bool {
        self.surface == word
            || self.without_conjunction.as_deref() == Some(word)
            || self.dictionary == word
            || self.stem == word
    }
}

/// Looks a token up as a number word; the bare stem counts only when its table row allows
/// the article (`الخمسة` yes, `الاحد` no). Returns the word and whether a conjunction و/ف
/// preceded it.
pub(crate) fn number_word(keys: &TokenKeys) -> Option<(NumberWord, bool)> {
    let v = vocabulary();
    if let Some(w) = v.numbers.get(&keys.surface) {
        return Some((*w, false));
    }
    if let Some(w) = keys
        .without_conjunction
        .as_ref()
        .and_then(|k| v.numbers.get(k))
    {
        return Some((*w, true));
    }
    if let Some(w) = v.numbers.get(&keys.dictionary) {
        return Some((*w, keys.without_conjunction.is_some()));
    }
    v.numbers
        .get(&keys.stem)
        .filter(|w| w.article_ok || !keys.article)
        .map(|w| (*w, keys.without_conjunction.is_some()))
}

/// Looks a token up as a date word, by its dictionary form then its stem.
pub(crate) fn date_word(keys: &TokenKeys) -> Option<DateWord> {
    let v = vocabulary();
    v.date_words
        .get(&keys.dictionary)
        .or_else(|| v.date_words.get(&keys.surface))
        .or_else(|| v.date_words.get(&keys.stem))
        .copied()
}

/// Looks a token up as a weekday (`الخميس`، `والخميس`، `بالخميس`).
pub(crate) fn weekday(keys: &TokenKeys) -> Option<u32> {
    let v = vocabulary();
    v.weekdays
        .get(&keys.dictionary)
        .or_else(|| v.weekdays.get(&keys.surface))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_row_loads() {
        let v = vocabulary();
        assert!(v.numbers.len() > 100, "{}", v.numbers.len());
        assert!(v.number_phrases.len() >= 2);
        assert_eq!(v.months.iter().map(|m| m.1).max(), Some(12));
        assert_eq!(v.weekdays.len(), 7);
        assert!(v.duals.contains_key("عنصرين"));
        assert!(v.duals.contains_key("اليتين"));
        assert!(!v.duals.contains_key("مدنيين"));
        assert!(v.duals.contains_key("مدنيان"));
    }
}
