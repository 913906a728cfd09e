//! Scoring events against gold annotations (`spec/gold.md`), agreeing with
//! `shared/tools/score.py` to the third decimal.
//!
//! Owns: the scoring rules. Must never: read files (callers pass parsed records).
