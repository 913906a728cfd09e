//! Arabic text as marsad reads it: normalization with an offset map back to the raw text,
//! de-obfuscation of words broken on purpose (`دا.عـ.ـش` → `داعش`), sentences, tokens with
//! clitics split, numbers (digits, words, duals, vague quantities) and dates (absolute and
//! relative to the publication day).
//!
//! Owns: everything about reading Arabic script. Must never: know about places, actors or
//! events, read files, or allocate per character on the hot path.

mod dates;
mod normalize;
mod numbers;
mod sentences;
mod tables;
mod tokens;
mod vocabulary;

pub use dates::{dates, numbers_and_dates, DateKind, DateMention};
pub use normalize::{fold_for_match, match_form, normalize, Normalized};
pub use numbers::{numbers, parse_number_words, NumberMention};
pub use sentences::sentences;
pub use tokens::{tokens, Token};
