//! Scores from the table and the document's own counts together.
//!
//! The document's counts (its confidently repaired words, their neighbours and the words around
//! them) are added to the table's with a weight: a word or a pair that this very text uses is far
//! likelier than the general statistics say. Unseen pairs get only part of the Witten-Bell
//! penalty, because the training text is small and absence is weak evidence.

use super::doc_counts::DocCounts;
use super::model::{Key, Model, CODE};

/// How much one occurrence in the document counts against one in the training text.
const DOC_WEIGHT: f32 = 20.0;
/// Pseudo-counts smoothing a word's share of code-span neighbours towards the average.
const CODE_PRIOR: f32 = 4.0;
/// Pseudo-counts smoothing the document's co-occurrence ratios.
const NEAR_PRIOR: f32 = 5.0;
/// At most this much evidence (natural log) from one word near.
const NEAR_MAX_GAIN: f32 = 2.5;
/// A word seen near another only once says nothing (as in the table, built with pairs seen
/// twice). Measured on the handbook: 54 → 50 wrong (see tools/langdata/README.md).
const NEAR_MIN_SEEN: f32 = 2.0;
/// How many times a pair of the compound-word list counts as seen, whatever the help pages say:
/// the list tells that `không hề` or `bề mặt` is a word, not how common it is. Measured: 2, 5,
/// 10 and 20 do alike (held-out help pages 12 wrong each, round-trip prose 13); 5 is the middle.
/// (A flat bonus of 1 to 4 nats for a pair of the list instead, or on top, did worse on every
/// set: handbook 46 to 54 wrong.)
const COMPOUND: f32 = 5.0;
/// The share of the unseen-pair penalty that is applied.
const UNSEEN_PENALTY: f32 = 0.3;

/// The model and a document's counts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scorer<'a> {
    m: &'a Model,
    c: &'a DocCounts,
}

impl<'a> Scorer<'a> {
    /// Scores with `m` and the document counts `c`.
    pub(crate) fn new(m: &'a Model, c: &'a DocCounts) -> Scorer<'a> {
        Scorer { m, c }
    }

    fn uni_count(&self, k: Key) -> f32 {
        self.m.count(k.id) + DOC_WEIGHT * self.c.uni(k.hash)
    }

    /// ln P(word).
    pub(crate) fn unigram(&self, k: Key) -> f32 {
        let doc = self.c.uni(k.hash);
        if doc == 0.0 {
            return self.m.unigram(k.id);
        }
        ((self.uni_count(k) + 0.5) / (self.m.total() + DOC_WEIGHT * self.c.total())).ln()
    }

    /// What the document's confident choices say about `word` near the words `near`: for each
    /// one seen near it at least [`NEAR_MIN_SEEN`] times, the log of how much more often than
    /// chance (absence is no evidence).
    pub(crate) fn window(&self, word: Key, near: &[u64]) -> f32 {
        let total = self.c.co_total(word.hash);
        if total == 0.0 {
            return 0.0;
        }
        let gain = |&x: &u64| {
            let seen = self.c.co(word.hash, x);
            if seen < NEAR_MIN_SEEN {
                return 0.0;
            }
            let p = self.c.co_share(x);
            ((seen + NEAR_PRIOR * p) / ((total + NEAR_PRIOR) * p))
                .ln()
                .clamp(0.0, NEAR_MAX_GAIN)
        };
        near.iter().map(gain).sum()
    }

    /// What the document's confident choices say about `word` next to a code span (after it
    /// when `after`): the log of how much likelier than other words it is to stand there. The
    /// table, built from prose, says nothing.
    fn code_gain(&self, word: Key, after: bool) -> f32 {
        let (n_code, pair) = match after {
            true => (self.c.code().0, self.c.pair(word.hash, CODE.hash)),
            false => (self.c.code().1, self.c.pair(CODE.hash, word.hash)),
        };
        let total = self.c.total();
        if n_code == 0.0 || total == 0.0 {
            return 0.0;
        }
        let q = n_code / total;
        ((pair + CODE_PRIOR * q) / ((self.c.uni(word.hash) + CODE_PRIOR) * q)).ln()
    }

    /// ln P(right | left).
    pub(crate) fn bigram(&self, left: Key, right: Key) -> f32 {
        if right.hash == CODE.hash {
            return self.code_gain(left, true);
        }
        if left.hash == CODE.hash {
            return self.unigram(right) + self.code_gain(right, false);
        }
        let uni = self.unigram(right);
        let (table_pair, in_list) = self.m.pair(left.id, right.id);
        let compound = if in_list { COMPOUND } else { 0.0 };
        let ctx = self.m.context_count(left.id) + DOC_WEIGHT * self.c.ctx(left.hash) + compound;
        if ctx == 0.0 {
            return uni;
        }
        let types = (self.m.followers(left.id) + self.c.types(left.hash)).max(1.0);
        let pair = table_pair + DOC_WEIGHT * self.c.pair(left.hash, right.hash) + compound;
        if pair == 0.0 {
            return uni + UNSEEN_PENALTY * (types / (ctx + types)).ln();
        }
        ((pair + types * uni.exp()) / (ctx + types)).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::model::model;

    #[test]
    fn context_changes_the_likelier_word() {
        let m = model();
        let counts = DocCounts::default();
        let s = Scorer::new(m, &counts);
        let (goi, gui, ham) = (m.key("gọi"), m.key("gửi"), m.key("hàm"));
        assert!(s.bigram(goi, ham) > s.bigram(gui, ham));
    }
}
