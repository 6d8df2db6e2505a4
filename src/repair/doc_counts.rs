//! The document's own word counts, built while repairing it: a second, small language model of
//! this one text beside the table's.
//!
//! Once a first pass has repaired the clear cases, those choices teach the second pass which of
//! `gọi`/`gửi` this document uses, with which neighbours, and near which words (in any language:
//! `callback`, `client`). Keys are hashes of lower-case words.

use std::collections::HashMap;

use super::model::{FxBuild, Key, CODE};

/// Counts of words, of words as a context, and of pairs, in one document.
#[derive(Debug, Default, Clone)]
pub(crate) struct DocCounts {
    uni: HashMap<u64, f32, FxBuild>,
    ctx: HashMap<u64, (f32, f32), FxBuild>,
    pairs: HashMap<u64, f32, FxBuild>,
    /// (word, a word near it) → count, and per word the sum.
    co: HashMap<u64, f32, FxBuild>,
    co_total: HashMap<u64, f32, FxBuild>,
    /// Per word, how often it stood near any counted word, and the sum of all.
    co_any: HashMap<u64, f32, FxBuild>,
    co_all: f32,
    total: f32,
    /// Counted pairs whose right (`.0`) or left (`.1`) side is a code span.
    code: (f32, f32),
}

fn pair_key(left: u64, right: u64) -> u64 {
    left.rotate_left(29).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ right
}

impl DocCounts {
    /// Counts one occurrence (weighted) of `word`.
    pub(crate) fn add_word(&mut self, word: Key, weight: f32) {
        *self.uni.entry(word.hash).or_default() += weight;
        self.total += weight;
    }

    /// Counts one occurrence (weighted) of `right` after `left`. The pair itself is kept only if
    /// either word can lose a byte (other pairs never decide anything).
    pub(crate) fn add_pair(&mut self, left: Key, right: Key, weight: f32) {
        if right.hash == CODE.hash {
            self.code.0 += weight;
        } else if left.hash == CODE.hash {
            self.code.1 += weight;
        }
        let c = self.ctx.entry(left.hash).or_default();
        c.0 += weight;
        if !(left.relevant || right.relevant) {
            return;
        }
        let p = self
            .pairs
            .entry(pair_key(left.hash, right.hash))
            .or_default();
        if *p == 0.0 {
            c.1 += 1.0;
        }
        *p += weight;
    }

    /// Counts `word` standing near each of the words `near` (hashes). Only a word that had a
    /// choice to make (`chosen`) is counted with each word near it, as no other word is ever
    /// asked about; every word counts towards chance ([`DocCounts::co_share`]).
    pub(crate) fn add_around(&mut self, word: Key, near: &[u64], chosen: bool) {
        for &x in near {
            *self.co_any.entry(x).or_default() += 1.0;
        }
        self.co_all += near.len() as f32;
        if chosen {
            for &x in near {
                *self.co.entry(pair_key(word.hash, x)).or_default() += 1.0;
            }
            *self.co_total.entry(word.hash).or_default() += near.len() as f32;
        }
    }

    /// How often `word` stood near the word `other`.
    pub(crate) fn co(&self, word: u64, other: u64) -> f32 {
        self.co.get(&pair_key(word, other)).copied().unwrap_or(0.0)
    }

    /// The share of all counted co-occurrences that `other` took part in (smoothed).
    pub(crate) fn co_share(&self, other: u64) -> f32 {
        (self.co_any.get(&other).copied().unwrap_or(0.0) + 0.5) / (self.co_all + 1.0)
    }

    /// The sum of `word`'s co-occurrence counts.
    pub(crate) fn co_total(&self, word: u64) -> f32 {
        self.co_total.get(&word).copied().unwrap_or(0.0)
    }

    /// Occurrences of a word.
    pub(crate) fn uni(&self, hash: u64) -> f32 {
        self.uni.get(&hash).copied().unwrap_or(0.0)
    }

    /// Occurrences of a word as the left side of a counted pair.
    pub(crate) fn ctx(&self, hash: u64) -> f32 {
        self.ctx.get(&hash).map_or(0.0, |c| c.0)
    }

    /// Distinct words seen after a word.
    pub(crate) fn types(&self, hash: u64) -> f32 {
        self.ctx.get(&hash).map_or(0.0, |c| c.1)
    }

    /// Occurrences of a pair.
    pub(crate) fn pair(&self, left: u64, right: u64) -> f32 {
        self.pairs
            .get(&pair_key(left, right))
            .copied()
            .unwrap_or(0.0)
    }

    /// Counted words followed (`.0`) or preceded (`.1`) by a code span.
    pub(crate) fn code(&self) -> (f32, f32) {
        self.code
    }

    /// All word occurrences counted.
    pub(crate) fn total(&self) -> f32 {
        self.total
    }
}
