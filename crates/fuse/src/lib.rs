//! Fusion: decide whether an extracted event is one already stored (told by another outlet)
//! and merge it, conservatively and order-independently.
//!
//! Owns: matching and merging rules. Must never: do I/O (candidates are handed in), or
//! overwrite a field an analyst reviewed.
