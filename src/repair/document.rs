//! Decoding a whole document in two passes, so that it teaches itself.
//!
//! Pass 1 decodes every damaged line with the table alone. Its confident choices (and the words
//! around them) are then counted, and pass 2 decodes again the runs it was unsure of: a document
//! that clearly says `gửi yêu cầu` in one place is trusted to say it in another. (The document's
//! undamaged words are not counted: only the casings that survive the damage are undamaged, like
//! `ĐỀ XUẤT` or `ở`, and on the handbook that bias did more harm than good.)

use super::cache::Cache;
use super::decode::{decode, Decision};
use super::lattice::{build, Lattice, Memo};
use super::model::{Model, Scorer};
use super::pieces::Reversal;
use super::tokens::{words, Word};

/// Choices at least this sure are taught to the second pass. Measured on the handbook's gọi/gửi:
/// first-pass choices between 0.9 and 0.99 were wrong four times in ten, and taught their errors
/// (0.9 → 0.99: 39 → 31 wrong of 211).
const TEACH: f32 = 0.99;
/// Runs whose words are all at least this sure after the first pass are not decoded again.
const SURE: f32 = 0.999;

/// A line to repair, ready to decode.
#[derive(Debug)]
pub(crate) struct LineWork {
    pub(crate) r: Reversal,
    pub(crate) words: Vec<Word>,
    pub(crate) lattice: Lattice,
}

/// Cuts and prepares a line.
pub(crate) fn prepare<'a>(r: Reversal, line: &'a str, m: &Model, memo: &mut Memo<'a>) -> LineWork {
    // A line without gaps needs no words: it is decoded as it stands.
    let words = if r.gaps.is_empty() {
        Vec::new()
    } else {
        words(&r)
    };
    let lattice = if words.iter().any(|w| w.damaged) {
        build(&r, line, &words, m, memo)
    } else {
        Lattice::default()
    };
    LineWork { r, words, lattice }
}

/// The decisions for every run of every line (`None` lines are left alone).
pub(crate) fn decide(lines: &[Option<LineWork>], m: &Model) -> Vec<Vec<Vec<Decision>>> {
    // The undamaged words are not counted: measured on the handbook, their counts (biased to the
    // casings that survive, like `ĐỀ XUẤT` or `không`) did more harm than good.
    let first = Cache::default();
    let mut decisions: Vec<Vec<Vec<Decision>>> = lines
        .iter()
        .map(|l| {
            l.as_ref().map_or_else(Vec::new, |l| {
                l.lattice
                    .runs
                    .iter()
                    .map(|run| decode(run, &Scorer::new(m, &first)))
                    .collect()
            })
        })
        .collect();
    let mut cache = Cache::default();
    for (l, d) in lines.iter().zip(&decisions) {
        if let Some(l) = l {
            count_decided(&mut cache, &l.lattice, d);
        }
    }
    let s = Scorer::new(m, &cache);
    for (l, ds) in lines.iter().zip(&mut decisions) {
        let Some(l) = l else { continue };
        for (run, d) in l.lattice.runs.iter().zip(ds.iter_mut()) {
            // A run the first pass was sure of cannot be swayed by what it taught.
            if d.iter().any(|d| d.confidence() < SURE) {
                *d = decode(run, &s);
            }
        }
    }
    decisions
}

fn count_decided(cache: &mut Cache, lattice: &Lattice, decisions: &[Vec<Decision>]) {
    for (run, ds) in lattice.runs.iter().zip(decisions) {
        let mut prev = Some(run.left);
        for ((cands, around), d) in run.cands.iter().zip(&run.around).zip(ds) {
            let key = (d.confidence() >= TEACH).then(|| cands[d.best].key);
            if let Some(k) = key {
                cache.add_word(k, 1.0);
                cache.add_around(k, around, 1.0);
            }
            if let (Some(a), Some(b)) = (prev, key) {
                cache.add_pair(a, b, 1.0);
            }
            prev = key;
        }
        if let Some(a) = prev {
            cache.add_pair(a, run.right, 1.0);
        }
    }
}
