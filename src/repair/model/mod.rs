//! The Vietnamese language model that scores the words a gap can make.
//!
//! A syllable bigram model with Witten-Bell smoothing over a unigram that mixes the help pages,
//! the handbook's undamaged text and wordfreq, plus a validity score (is it a word wordfreq knows,
//! or one the help pages use). Words are looked up in lower case; casing is scored apart
//! (see `casing.rs`). Boundaries are words too: `<s>` (sentence) and `<p>` (other punctuation).
//! Beyond the neighbours, words 2 to 4 places away vote too ([`Model::window`]): `gửi` stands
//! near `tin nhắn`, `máy chủ`; `gọi` near `thủ tục`, `hàm`. `score.rs` adds the counts of the
//! document being repaired (`doc_counts.rs`).
//!
//! The bigrams come from the help pages, whose habits differ from technical prose (`gửi` there
//! is mostly "send by e-mail"). Each bigram count is rescaled by how much commoner its right word
//! is in general use (wordfreq mixed in) than in the help pages, squared ([`Model::pair`]): a
//! unigram adaptation of the bigram model to the wider language. Measured: gọi/gửi errors on the
//! handbook 44 → 39 with it; held-out help pages unchanged.

mod table;

use std::hash::BuildHasher;
use std::sync::OnceLock;

use super::bytes::is_damageable;

pub(crate) use table::FxBuild;
use table::{table, Table, LEXICON, WORDFREQ};

/// A word as the model sees it: its id in the table (if known) and a hash of its lower-case form
/// (for the document's own counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    pub(crate) id: Option<u32>,
    pub(crate) hash: u64,
    /// Whether some casing of the word can lose a byte (only then are its bigrams worth counting).
    pub(crate) relevant: bool,
}

/// Whether a lower-case letter can lose a byte in either case.
fn is_relevant_char(c: char) -> bool {
    match u32::from(c) {
        u @ 0x1EA0..=0x1EF9 => {
            is_damageable(c) || char::from_u32(u & !1).is_some_and(is_damageable)
        }
        _ => is_damageable(c) || c.to_uppercase().any(is_damageable),
    }
}

/// The sentence boundary `<s>`.
pub(crate) const SENTENCE: Key = Key {
    id: Some(0),
    hash: 0,
    relevant: false,
};
/// The weak boundary `<p>`.
pub(crate) const WEAK: Key = Key {
    id: Some(1),
    hash: 1,
    relevant: false,
};

/// A code span next to a word: unknown to the table (a neutral context), learned per document.
pub(crate) const CODE: Key = Key {
    id: None,
    hash: 4,
    relevant: false,
};

/// The model: the table plus precomputed log-probabilities.
#[derive(Debug)]
pub(crate) struct Model {
    t: &'static Table,
    ln_uni: Vec<f32>,
    ln_oov: f32,
    total: f32,
    /// Each word's share of the help pages and handbook (for co-occurrence ratios).
    p_ctx: Vec<f32>,
    /// Per word, (how much commoner it is in general use, the mixed unigram, than in the help
    /// pages the bigrams were counted in)²: the bigram counts are scaled by it
    /// ([`Model::pair`]).
    adapt: Vec<f32>,
}

/// Smoothing of the co-occurrence ratios (pseudo-counts spread as the unigram).
const CO_PRIOR: f32 = 20.0;
/// At most this much evidence (natural log) from one co-occurring word of the table: a pair seen
/// twice with a rare word is not proof.
const CO_MAX_GAIN: f32 = 2.5;
/// Pseudo-counts smoothing [`Model::adapt`] (words rare in both sources are not rescaled much).
const ADAPT_PRIOR: f32 = 20.0;
/// Weight of the co-occurrence evidence (its words overlap, so they are not independent).
const CO_WEIGHT: f32 = 1.0;

/// The model, built on first use.
pub(crate) fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::new(table()))
}

impl Model {
    fn new(t: &'static Table) -> Model {
        let total: f64 = t.uni.iter().map(|&u| f64::from(u)).sum::<f64>() + 1.0;
        let ln = |c: f64| ((c / total).ln()) as f32;
        let ln_uni = t.uni.iter().map(|&u| ln(f64::from(u) + 0.5)).collect();
        let ctx_total = t.ctx.iter().map(|&c| c as f32).sum::<f32>().max(1.0);
        let p_ctx = t
            .ctx
            .iter()
            .map(|&c| (c as f32 + 0.5) / ctx_total)
            .collect();
        let ratio = total as f32 / ctx_total;
        let adapt = t
            .uni
            .iter()
            .zip(&t.ctx)
            .map(|(&u, &c)| {
                let r = (u as f32 + ADAPT_PRIOR) / ((c as f32 + ADAPT_PRIOR) * ratio);
                r * r
            })
            .collect();
        Model {
            t,
            adapt,
            ln_uni,
            ln_oov: ln(0.5),
            total: total as f32,
            p_ctx,
        }
    }

    /// The key of a lower-case word.
    pub(crate) fn key(&self, lower: &str) -> Key {
        let hash = FxBuild.hash_one(lower);
        let relevant =
            !lower.is_ascii() && lower.chars().any(|c| !c.is_ascii() && is_relevant_char(c));
        Key {
            id: self.t.index.get(lower).copied(),
            hash: hash | 2,
            relevant,
        }
    }

    /// The key of a word given by its characters, lower-cased into `buf` (reused, so that
    /// looking up a word allocates nothing).
    pub(crate) fn key_of(&self, word: impl Iterator<Item = char>, buf: &mut String) -> Key {
        buf.clear();
        for c in word {
            match u32::from(c) {
                0..=0x7F => buf.push(c.to_ascii_lowercase()),
                // Vietnamese letters of Latin Extended Additional: lower case at odd code points.
                u @ 0x1EA0..=0x1EF9 => buf.push(char::from_u32(u | 1).unwrap_or(c)),
                _ => buf.extend(c.to_lowercase()),
            }
        }
        self.key(buf)
    }

    /// How often the word occurs in the table's sources (0 for a word it does not hold).
    pub(crate) fn count(&self, id: Option<u32>) -> f32 {
        id.map_or(0.0, |i| self.t.uni[i as usize] as f32)
    }

    /// All word occurrences of the table's sources.
    pub(crate) fn total(&self) -> f32 {
        self.total
    }

    /// How often the word stood before another in the help pages and the handbook.
    pub(crate) fn context_count(&self, id: Option<u32>) -> f32 {
        id.map_or(0.0, |i| self.t.ctx[i as usize] as f32)
    }

    /// How many distinct words followed the word (Witten-Bell).
    pub(crate) fn followers(&self, id: Option<u32>) -> f32 {
        id.map_or(0.0, |i| self.t.followers[i as usize] as f32)
    }

    /// How often `right` followed `left`, scaled by how much commoner `right` is in general use
    /// than in the help pages (why: see the module doc); and whether the pair is (part of) a word
    /// of the compound-word list (`không hề`, `bề mặt`).
    pub(crate) fn pair(&self, left: Option<u32>, right: Option<u32>) -> (f32, bool) {
        match (left, right) {
            (Some(l), Some(r)) => {
                let (count, compound) = self.t.pair(l, r);
                (count as f32 * self.adapt[r as usize], compound)
            }
            _ => (0.0, false),
        }
    }

    /// ln P(word) from the table alone.
    pub(crate) fn unigram(&self, id: Option<u32>) -> f32 {
        id.map_or(self.ln_oov, |i| self.ln_uni[i as usize])
    }

    /// Evidence from the words around (2 to 4 places away): for each one seen near `word` more
    /// often than chance, the log of how much more. Absence is no evidence (the data is small).
    pub(crate) fn window(&self, word: Option<u32>, around: &[u32]) -> f32 {
        let Some(w) = word else { return 0.0 };
        let total = self.t.co_total[w as usize] as f32;
        if total == 0.0 {
            return 0.0;
        }
        let gain = |&x: &u32| {
            let p = self.p_ctx[x as usize];
            let ratio = (self.t.co(w, x) as f32 + CO_PRIOR * p) / ((total + CO_PRIOR) * p);
            ratio.ln().clamp(0.0, CO_MAX_GAIN)
        };
        CO_WEIGHT * around.iter().map(gain).sum::<f32>()
    }

    /// How much the word looks like a real one: 0 for a syllable wordfreq or the compound-word
    /// list knows, less for one only the help pages use, least for an unknown one.
    pub(crate) fn validity(&self, id: Option<u32>) -> f32 {
        match id {
            Some(i) if self.t.flags[i as usize] & (WORDFREQ | LEXICON) != 0 => 0.0,
            Some(i) if self.t.uni[i as usize] >= 3 => -1.0,
            Some(_) => -3.0,
            None => -6.0,
        }
    }
}
