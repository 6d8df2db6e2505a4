//! The lattice of a line: for each run of adjacent damaged words, the fixed words or boundaries
//! around it and every spelling each word can take, already scored for validity, casing,
//! character priors and the co-occurring words around it.
//!
//! Input: a [`Reversal`] and its [`Word`]s. Output: a [`Lattice`], built once and decoded in each
//! pass with the document counts of that pass.

use std::collections::HashMap;

use super::casing::{self, case_of, Capitals, Case, Neighbours};
use super::model::{FxBuild, Key, Model, CODE, SENTENCE, WEAK};
use super::pieces::{Kind, Reversal};
use super::words::{Bound, Position, Word};

/// At most this many spellings are scored per word (gaps × candidates can multiply).
const MAX_SPELLINGS: usize = 128;

/// At most this many gaps of one word are decided jointly (the others take their likeliest
/// candidate); no Vietnamese syllable has more than two.
const MAX_GAPS: usize = 4;

/// Spellings this much less likely (in natural log, before context) than a word's best are dropped.
const PRUNE: f32 = 14.0;

/// One way to fill the gaps of a word.
#[derive(Debug, Clone)]
pub(crate) struct Spelling {
    /// The character for each gap of the word, in order (`'\0'` past the word's gaps).
    pub(crate) fills: [char; MAX_GAPS],
    pub(crate) key: Key,
    /// Validity, casing and character priors (natural log).
    pub(crate) emit: f32,
    /// The same without the words around it, and with the word's frequency (natural log): how
    /// likely the spelling is as a word alone.
    pub(crate) alone: f32,
}

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

/// A spelling of a damaged word before its context is known: the same for every occurrence of
/// the word in a document, so it is computed once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Base {
    fills: [char; MAX_GAPS],
    key: Key,
    case: Case,
    /// Character priors and validity.
    score: f32,
}

/// The spellings of each distinct damaged word of a document (keyed by its damaged text).
#[derive(Debug, Default)]
pub(crate) struct Memo<'a> {
    words: HashMap<&'a str, Vec<Base>, FxBuild>,
    /// How the document writes its words that start with a capital.
    capitals: Capitals,
}

impl Memo<'_> {
    /// A memo for a document that writes its capitals as `capitals` counted.
    pub(crate) fn new(capitals: Capitals) -> Self {
        Memo {
            words: HashMap::default(),
            capitals,
        }
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
        let around = around(r, words, k, m, &mut cache);
        let n = neighbours(r, words, k, &mut cache);
        let bases = memo
            .words
            .entry(original(r, line, &words[k]))
            .or_insert_with(|| bases(r, &words[k], m, &mut cache.buf));
        let cx = Context {
            n,
            around: &around,
            capitals: memo.capitals,
        };
        let spellings = spellings(bases, words[k].position, cx, m);
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

/// The characters of a word, its gaps filled with `fills` in order (or, past them or at a
/// `'\0'`, with their likeliest candidate).
pub(crate) fn chars<'a>(
    r: &'a Reversal,
    w: &Word,
    fills: &'a [char],
) -> impl Iterator<Item = char> + 'a {
    let mut next = fills.iter().filter(|&&c| c != '\0');
    r.pieces[w.pieces.clone()]
        .iter()
        .map(move |p| match p.kind() {
            Kind::Same(c) | Kind::Decoded(c) => c,
            Kind::Gap(g) => next
                .next()
                .copied()
                .unwrap_or(r.gaps[g as usize].cands[0].ch),
        })
}

/// How far the co-occurrence window reaches (the model counted words 2 to 4 places away).
const WINDOW: usize = 4;

/// What the words around a damaged word say: casing, and co-occurring words.
#[derive(Debug, Clone, Copy)]
struct Context<'a> {
    n: Neighbours,
    around: &'a [u32],
    capitals: Capitals,
}

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

/// Every spelling of a damaged word, before context.
fn bases(r: &Reversal, w: &Word, m: &Model, buf: &mut String) -> Vec<Base> {
    let gaps: Vec<usize> = r.pieces[w.pieces.clone()]
        .iter()
        .filter_map(|p| {
            if let Kind::Gap(g) = p.kind() {
                Some(g as usize)
            } else {
                None
            }
        })
        .take(MAX_GAPS)
        .collect();
    let per_gap = per_gap_limit(gaps.len());
    let mut out = Vec::new();
    let mut choice = [0usize; MAX_GAPS];
    loop {
        let mut fills = ['\0'; MAX_GAPS];
        let mut prior = 0.0;
        for (k, &g) in gaps.iter().enumerate() {
            let c = r.gaps[g].cands[choice[k]];
            fills[k] = c.ch;
            prior += c.prior;
        }
        let key = m.key_of(chars(r, w, &fills), buf);
        let case = case_of(chars(r, w, &fills));
        out.push(Base {
            fills,
            key,
            case,
            score: prior + m.validity(key.id),
        });
        if !advance(&mut choice[..gaps.len()], &gaps, r, per_gap) {
            // Casing moves a spelling by sixteen at most; beyond that margin it is hopeless.
            return prune(out, |b| b.score + m.unigram(b.key.id), PRUNE + 16.0);
        }
    }
}

/// The spellings of one occurrence of a damaged word, scored in its context.
fn spellings(bases: &[Base], position: Position, cx: Context<'_>, m: &Model) -> Vec<Spelling> {
    let out = bases
        .iter()
        .map(|b| {
            let cased = b.score + casing::score(b.case, position, cx.n, cx.capitals);
            Spelling {
                fills: b.fills,
                key: b.key,
                emit: cased + m.window(b.key.id, cx.around),
                alone: cased + m.unigram(b.key.id),
            }
        })
        .collect();
    prune(out, |s| s.emit + m.unigram(s.key.id), PRUNE)
}

/// Drops the items scoring more than `margin` below the best.
fn prune<T>(mut items: Vec<T>, score: impl Fn(&T) -> f32, margin: f32) -> Vec<T> {
    let best = items.iter().map(&score).fold(f32::NEG_INFINITY, f32::max);
    items.retain(|s| score(s) >= best - margin);
    items
}

fn per_gap_limit(gaps: usize) -> usize {
    let mut limit: usize = 8;
    while gaps > 1
        && limit > 1
        && limit.pow(u32::try_from(gaps).unwrap_or(u32::MAX)) > MAX_SPELLINGS
    {
        limit -= 1;
    }
    limit
}

/// Moves to the next combination of candidates (odometer order); false when done.
fn advance(choice: &mut [usize], gaps: &[usize], r: &Reversal, per_gap: usize) -> bool {
    for (c, &g) in choice.iter_mut().zip(gaps) {
        *c += 1;
        if *c < r.gaps[g].cands.len().min(per_gap) {
            return true;
        }
        *c = 0;
    }
    false
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
        let mut memo = Memo::new(Capitals::default());
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
