//! Arabic text as marsad reads it: normalization with an offset map back to the raw text,
//! de-obfuscation of words broken on purpose (`دا.عـ.ـش` → `داعش`), sentences, tokens with
//! clitics split, numbers (digits, words, duals, vague quantities) and dates (absolute and
//! relative to the publication day).
//!
//! Owns: everything about reading Arabic script. Must never: know about places, actors or
//! events, read files, or allocate per character on the hot path.

mod normalize;
mod sentences;
mod tables;
mod tokens;

pub use normalize::{fold_for_match, match_form, normalize, Normalized};
pub use sentences::sentences;
pub use tokens::{tokens, Token};
