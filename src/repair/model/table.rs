//! The embedded language table (`data/vi.lm`), parsed once on first use.
//!
//! Format (little-endian, written by `tools/langdata/build_tables.py`):
//! `b"VILM\x03"`, `u32` word count, `u32` bigram count, `u32` co-occurrence count, `u32` compound
//! pair count, `u64` training tokens (unused); then per word:
//! `u8` length, UTF-8 bytes, varint unigram count (help pages + handbook + wordfreq scaled),
//! varint count as a context, varint distinct followers, `u8` flags (1 the compound-word list
//! holds it, 2 wordfreq knows it, 4 it can lose a byte); then the bigrams sorted by
//! `(left << 32) | right`, as varint key deltas and varint counts; then the co-occurrences (a word
//! that can lose a byte, and a word 2 to 4 places from it on the same line, seen at least twice)
//! the same way; then the compound pairs (two syllables that stand side by side in an entry of the
//! compound-word list, either of which can lose a byte) as varint key deltas. Words 0 and 1 are
//! the boundaries `<s>` and `<p>`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The hasher of every word map in the repair: the keys are short words that no attacker
/// chooses, so speed matters more than resistance to collisions.
pub(crate) use rustc_hash::FxBuildHasher as FxBuild;

/// The parsed table.
#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) index: HashMap<&'static str, u32, FxBuild>,
    pub(crate) uni: Vec<u32>,
    pub(crate) ctx: Vec<u32>,
    pub(crate) followers: Vec<u32>,
    pub(crate) flags: Vec<u8>,
    /// Bigram counts keyed by `(left << 32) | right`, with [`COMPOUND`] set for the pairs of the
    /// compound-word list (one lookup answers both).
    pub(crate) bigrams: HashMap<u64, u32, FxBuild>,
    pub(crate) co: HashMap<u64, u32, FxBuild>,
    /// Per word, the sum of its co-occurrence counts.
    pub(crate) co_total: Vec<u32>,
}

/// The bit of a bigram's value that says the pair is one of the compound-word list.
const COMPOUND: u32 = 1 << 31;

/// Flag: the compound-word list holds the word (as one of its syllables).
pub(crate) const LEXICON: u8 = 1;

/// Flag: the word is in wordfreq's Vietnamese list.
pub(crate) const WORDFREQ: u8 = 2;

static DATA: &[u8] = include_bytes!("../data/vi.lm");

/// The table, parsed on first use.
pub(crate) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        parse(DATA).expect("src/repair/data/vi.lm is malformed; rerun tools/langdata")
    })
}

struct Reader {
    data: &'static [u8],
    at: usize,
}

impl Reader {
    fn take(&mut self, n: usize) -> Option<&'static [u8]> {
        let s = self.data.get(self.at..self.at + n)?;
        self.at += n;
        Some(s)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.take(1)?.first()?;
            v |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
}

fn parse(data: &'static [u8]) -> Option<Table> {
    let mut r = Reader { data, at: 0 };
    if r.take(5)? != b"VILM\x03" {
        return None;
    }
    let words = r.u32()? as usize;
    let bigrams = r.u32()? as usize;
    let cos = r.u32()? as usize;
    let compounds = r.u32()? as usize;
    let _tokens = r.take(8)?;
    let mut t = Table {
        index: HashMap::with_capacity_and_hasher(words, FxBuild),
        uni: Vec::with_capacity(words),
        ctx: Vec::with_capacity(words),
        followers: Vec::with_capacity(words),
        flags: Vec::with_capacity(words),
        bigrams: HashMap::with_capacity_and_hasher(bigrams + compounds, FxBuild),
        co: HashMap::with_capacity_and_hasher(cos, FxBuild),
        co_total: vec![0; words],
    };
    for id in 0..words {
        let len = usize::from(*r.take(1)?.first()?);
        let word = std::str::from_utf8(r.take(len)?).ok()?;
        t.index.insert(word, u32::try_from(id).ok()?);
        t.uni.push(u32::try_from(r.varint()?).ok()?);
        t.ctx.push(u32::try_from(r.varint()?).ok()?);
        t.followers.push(u32::try_from(r.varint()?).ok()?);
        t.flags.push(*r.take(1)?.first()?);
    }
    let mut key = 0u64;
    for _ in 0..bigrams {
        key += r.varint()?;
        t.bigrams
            .insert(key, u32::try_from(r.varint()?).ok()?.min(COMPOUND - 1));
    }
    key = 0;
    for _ in 0..cos {
        key += r.varint()?;
        let count = u32::try_from(r.varint()?).ok()?;
        t.co.insert(key, count);
        *t.co_total.get_mut(usize::try_from(key >> 32).ok()?)? += count;
    }
    key = 0;
    for _ in 0..compounds {
        key += r.varint()?;
        *t.bigrams.entry(key).or_insert(0) |= COMPOUND;
    }
    (r.at == data.len()).then_some(t)
}

impl Table {
    /// How often `right` followed `left` in the training text, and whether `left right` is (part
    /// of) an entry of the compound-word list.
    pub(crate) fn pair(&self, left: u32, right: u32) -> (u32, bool) {
        let key = (u64::from(left) << 32) | u64::from(right);
        let value = self.bigrams.get(&key).copied().unwrap_or(0);
        (value & !COMPOUND, value & COMPOUND != 0)
    }

    /// How often `other` stood 2 to 4 words from `word` in the training text.
    pub(crate) fn co(&self, word: u32, other: u32) -> u32 {
        let key = (u64::from(word) << 32) | u64::from(other);
        self.co.get(&key).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses_and_knows_common_words() {
        let t = table();
        assert_eq!(t.index.get("<s>"), Some(&0));
        let goi = t.index["gọi"];
        assert!(t.uni[goi as usize] > 0);
        assert!(t.flags[goi as usize] & WORDFREQ != 0);
        let (khong, he) = (t.index["không"], t.index["hề"]);
        assert!(t.pair(khong, he).1 && !t.pair(he, khong).1);
        let (ham, goi) = (t.index["hàm"], t.index["gọi"]);
        assert!(t.pair(goi, ham).0 > 0);
        assert!(t.flags[he as usize] & LEXICON != 0);
    }
}
