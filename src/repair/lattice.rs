//! The lattice of a line: for each run of adjacent damaged words, the fixed words or boundaries
//! around it and every spelling each word can take ([`spellings`](super::spellings)), already
//! scored for validity, casing, character priors and the co-occurring words around it.
//!
//! Input: a [`Reversal`] and its [`Word`]s. Output: a [`Lattice`], built once and decoded in each
//! pass with the document counts of that pass.

use super::casing::{case_of, Case, Neighbours};
use super::model::{Key, Model, CODE, SENTENCE, WEAK};
use super::pieces::Reversal;
use super::spellings::{chars, Around, Memo, Spelling};
use super::words::{Bound, Word};

/// A token of the chain of words and boundaries.
#[derive(Debug, Clone, Copy)]
enum Tok {
    /// An undamaged word or a boundary.
    Fixed(Key),
    /// A damaged word (its index among the line's words).
    Damaged(usize),
}

/// A line ready to decode: its runs of adjacent damaged words. Everything lives in a few flat
/// buffers per line (not a list per word), so that the lines kept for the second pass sit close
/// together in memory and are cheap to walk.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lattice {
    heads: Vec<RunHead>,
    /// The damaged words' indices among the line's words, run after run.
    words: Vec<usize>,
    /// Every spelling of every damaged word, word after word.
    spellings: Vec<Spelling>,
    /// Each damaged word's undamaged words up to [`NEAR`] places away, beyond its bigram
    /// neighbours, in any language (hashes), for what the document teaches; word after word.
    near: Vec<u64>,
    /// Per damaged word, where its spellings and its words near end.
    ends: Vec<(u32, u32)>,
}

/// Where a run stands in its lattice, and the fixed tokens around it.
#[derive(Debug, Clone, Copy)]
struct RunHead {
    left: Key,
    right: Key,
    /// Its first word, among the lattice's damaged words.
    first: usize,
    len: usize,
}

/// Adjacent damaged words, decided together between two fixed tokens: a view of its lattice.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Run<'l> {
    lattice: &'l Lattice,
    head: &'l RunHead,
}

impl Lattice {
    /// The runs, in line order.
    pub(crate) fn runs(&self) -> impl ExactSizeIterator<Item = Run<'_>> {
        self.heads.iter().map(move |head| Run {
            lattice: self,
            head,
        })
    }

    /// The damaged words' indices among the line's words, in order.
    pub(crate) fn words(&self) -> &[usize] {
        &self.words
    }

    /// The runs that `keep` marks, in a lattice of their own, its buffers no larger than they
    /// need be (it is kept while the rest of the document is read).
    pub(crate) fn only(&self, keep: &[bool]) -> Lattice {
        let mut out = Lattice::default();
        for (run, _) in self.runs().zip(keep).filter(|(_, k)| **k) {
            let first = out.words.len();
            for i in 0..run.len() {
                out.words.push(run.words()[i]);
                out.spellings.extend_from_slice(run.cands(i));
                out.near.extend_from_slice(run.near(i));
                out.ends
                    .push((len_u32(out.spellings.len()), len_u32(out.near.len())));
            }
            out.heads.push(RunHead { first, ..*run.head });
        }
        out.heads.shrink_to_fit();
        out.words.shrink_to_fit();
        out.spellings.shrink_to_fit();
        out.near.shrink_to_fit();
        out.ends.shrink_to_fit();
        out
    }
}

impl<'l> Run<'l> {
    /// The fixed token before the run.
    pub(crate) fn left(&self) -> Key {
        self.head.left
    }

    /// The fixed token after the run.
    pub(crate) fn right(&self) -> Key {
        self.head.right
    }

    /// How many words the run holds.
    pub(crate) fn len(&self) -> usize {
        self.head.len
    }

    /// The words' indices among the line's words.
    pub(crate) fn words(&self) -> &'l [usize] {
        &self.lattice.words[self.head.first..self.head.first + self.head.len]
    }

    /// Word `i`'s spellings.
    pub(crate) fn cands(&self, i: usize) -> &'l [Spelling] {
        let (start, end) = self.span(i, |e| e.0);
        &self.lattice.spellings[start..end]
    }

    /// Every word's spellings, in order.
    pub(crate) fn all_cands(&self) -> impl ExactSizeIterator<Item = &'l [Spelling]> + 'l {
        let run = *self;
        (0..self.len()).map(move |i| run.cands(i))
    }

    /// Word `i`'s undamaged words up to [`NEAR`] places away, beyond its bigram neighbours.
    pub(crate) fn near(&self, i: usize) -> &'l [u64] {
        let (start, end) = self.span(i, |e| e.1);
        &self.lattice.near[start..end]
    }

    fn span(&self, i: usize, end_of: impl Fn((u32, u32)) -> u32) -> (usize, usize) {
        let k = self.head.first + i;
        let start = k.checked_sub(1).map_or(0, |j| end_of(self.lattice.ends[j]));
        (start as usize, end_of(self.lattice.ends[k]) as usize)
    }
}

/// Builds the lattice of a line.
pub(crate) fn build<'a>(
    r: &Reversal,
    line: &'a str,
    words: &[Word],
    m: &Model,
    memo: &mut Memo<'a>,
) -> Lattice {
    let mut cache = WordCache {
        keys: vec![None; words.len()],
        cases: vec![None; words.len()],
        buf: String::new(),
    };
    let mut chain = Vec::with_capacity(words.len() * 2 + 1);
    for (i, w) in words.iter().enumerate() {
        match w.before {
            Bound::Adjacent => {}
            Bound::Sentence => chain.push(Tok::Fixed(SENTENCE)),
            Bound::Weak => chain.push(Tok::Fixed(WEAK)),
            Bound::Code => chain.push(Tok::Fixed(CODE)),
        }
        chain.push(match w.damaged {
            true => Tok::Damaged(i),
            // Only the words next to a damaged one are ever looked up.
            false if next_to_damage(words, i) => Tok::Fixed(cache.key(r, words, i, m)),
            false => Tok::Fixed(UNUSED),
        });
    }
    chain.push(Tok::Fixed(SENTENCE));
    lattice(&chain, |k, near_buf| {
        let around = Around {
            n: neighbours(r, words, k, &mut cache),
            words: &around(r, words, k, m, &mut cache),
        };
        let spellings = memo.spellings(original(r, line, &words[k]), (r, &words[k]), around, m);
        near(r, words, k, m, &mut cache, near_buf);
        spellings
    })
}

/// Cuts the chain into runs; `spell` gives a damaged word's spellings and pushes the words near
/// it.
fn lattice(chain: &[Tok], mut spell: impl FnMut(usize, &mut Vec<u64>) -> Vec<Spelling>) -> Lattice {
    let mut out = Lattice::default();
    let mut i = 0;
    while i < chain.len() {
        let Tok::Damaged(_) = chain[i] else {
            i += 1;
            continue;
        };
        let (start, first) = (i, out.words.len());
        while let Some(&Tok::Damaged(w)) = chain.get(i) {
            out.words.push(w);
            out.spellings.extend(spell(w, &mut out.near));
            out.ends
                .push((len_u32(out.spellings.len()), len_u32(out.near.len())));
            i += 1;
        }
        let key = |t: Option<&Tok>| match t {
            Some(Tok::Fixed(k)) => *k,
            _ => SENTENCE,
        };
        out.heads.push(RunHead {
            left: key(chain.get(start.wrapping_sub(1))),
            right: key(chain.get(i)),
            first,
            len: out.words.len() - first,
        });
    }
    out
}

/// A buffer length as stored in [`Lattice::ends`] (a line holds far fewer than 2³² spellings).
fn len_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How far the co-occurrence window reaches (the model counted words 2 to 4 places away).
const WINDOW: usize = 4;

/// The table ids of the undamaged words 2 to [`WINDOW`] places from word `k`.
fn around(r: &Reversal, words: &[Word], k: usize, m: &Model, cache: &mut WordCache) -> Vec<u32> {
    let lo = k.saturating_sub(WINDOW);
    let hi = (k + WINDOW + 1).min(words.len());
    (lo..hi)
        .filter(|&i| i.abs_diff(k) >= 2 && !words[i].damaged)
        .filter_map(|i| cache.key(r, words, i, m).id)
        .collect()
}

/// Whether word `i` is not a bigram neighbour of word `k`: two or more places away, or next to
/// it across punctuation (`gửi/nhận`: the bigram sees only the boundary).
fn beyond_neighbour(words: &[Word], i: usize, k: usize) -> bool {
    match i.abs_diff(k) {
        0 => false,
        1 => words[i.max(k)].before != Bound::Adjacent,
        _ => true,
    }
}

/// How far the document's own window reaches (measured on the handbook: 6 or 12 places did no
/// better, 4 did worse).
const NEAR: usize = 8;

/// The words up to [`NEAR`] places from word `k` that are not its bigram neighbours, undamaged,
/// in any language (hashes): what the document teaches (see `doc_counts.rs`) can use English words
/// like `callback` or `client`, which the table does not know.
fn near(
    r: &Reversal,
    words: &[Word],
    k: usize,
    m: &Model,
    cache: &mut WordCache,
    out: &mut Vec<u64>,
) {
    let lo = k.saturating_sub(NEAR);
    let hi = (k + NEAR + 1).min(words.len());
    for i in (lo..hi).filter(|&i| !words[i].damaged && beyond_neighbour(words, i, k)) {
        out.push(cache.key(r, words, i, m).hash);
    }
}

/// The keys and cases of a line's undamaged words, computed when first asked for (windows and
/// neighbourhoods of nearby damaged words overlap).
struct WordCache {
    keys: Vec<Option<Key>>,
    cases: Vec<Option<Case>>,
    buf: String,
}

impl WordCache {
    fn key(&mut self, r: &Reversal, words: &[Word], i: usize, m: &Model) -> Key {
        *self.keys[i].get_or_insert_with(|| m.key_of(chars(r, &words[i], &[]), &mut self.buf))
    }

    fn case(&mut self, r: &Reversal, words: &[Word], i: usize) -> Case {
        *self.cases[i].get_or_insert_with(|| case_of(chars(r, &words[i], &[])))
    }
}

/// A key for words no bigram will ever ask about.
const UNUSED: Key = Key {
    id: None,
    hash: 3,
    relevant: false,
};

fn next_to_damage(words: &[Word], i: usize) -> bool {
    let before = i > 0 && words[i].before == Bound::Adjacent && words[i - 1].damaged;
    let after = words
        .get(i + 1)
        .is_some_and(|w| w.before == Bound::Adjacent && w.damaged);
    before || after
}

/// The casing of the undamaged words up to two places around word `k`.
fn neighbours(r: &Reversal, words: &[Word], k: usize, cache: &mut WordCache) -> Neighbours {
    let mut n = Neighbours::default();
    let lo = k.saturating_sub(2);
    for i in (lo..(k + 3).min(words.len())).filter(|&i| i != k && !words[i].damaged) {
        let case = cache.case(r, words, i);
        n.add(case);
        n.title_before |= i + 1 == k && matches!(case, Case::Title | Case::Single);
        let joined = (i + 1 == k && words[k].joined) || (i == k + 1 && words[i].joined);
        if joined {
            n.join(case);
        }
    }
    n
}

/// The damaged text of a word, as it stands in the line.
fn original<'a>(r: &Reversal, line: &'a str, w: &Word) -> &'a str {
    let (first, last) = (r.pieces[w.pieces.start], r.pieces[w.pieces.end - 1]);
    &line[first.start as usize..(last.start + last.width()) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::bytes::damage;
    use crate::repair::model::model;
    use crate::repair::pieces::reverse;
    use crate::repair::words::words;

    #[test]
    fn a_lattice_of_some_runs_holds_them_as_they_were() {
        let line = damage("Họ gửi yêu cầu, rồi gọi hàm về máy chủ.");
        let r = reverse(&line).expect("a reading");
        let words = words(&r);
        let mut memo = Memo::default();
        let all = build(&r, &line, &words, model(), &mut memo);
        assert!(all.runs().len() >= 3, "{all:?}");
        let keep: Vec<bool> = (0..all.runs().len()).map(|i| i > 0).collect();
        let some = all.only(&keep);
        let kept: Vec<Run<'_>> = (all.runs().zip(&keep))
            .filter(|(_, k)| **k)
            .map(|(run, _)| run)
            .collect();
        assert_eq!(some.runs().len(), kept.len());
        let kept_words: Vec<usize> = kept.iter().flat_map(|run| run.words()).copied().collect();
        assert_eq!(some.words(), kept_words);
        for (a, b) in some.runs().zip(&kept) {
            assert_eq!(
                (a.left().hash, a.right().hash),
                (b.left().hash, b.right().hash)
            );
            assert_eq!(a.words(), b.words());
            for i in 0..a.len() {
                let spelled = |s: &[Spelling]| -> Vec<_> {
                    s.iter().map(|s| (s.fills, s.key.hash, s.emit)).collect()
                };
                assert_eq!(spelled(a.cands(i)), spelled(b.cands(i)));
                assert_eq!(a.near(i), b.near(i));
            }
        }
    }
}
