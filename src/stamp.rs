//! Stamps: one number that changes when what it was made from changes. The dev server keys
//! its caches by them (a chapter file's bytes, a chapter's inputs, an output's dependencies),
//! and everything that stamps goes through [`of`], so they are all made alike.

use std::hash::{Hash, Hasher};

/// The stamp of `value` (fast, not cryptographic: it detects edits, not tampering).
pub(crate) fn of(value: &(impl Hash + ?Sized)) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}
