//! The spellings a damaged word can take: every way to fill its gaps, scored for validity,
//! casing, character priors and the co-occurring words around it, before the bigrams decide.
//!
//! Input: a word of a [`Reversal`] and what stands [`Around`] it. Output: its [`Spelling`]s, the
//! context-free part computed once per distinct damaged word of a document ([`Memo`]).

use std::collections::HashMap;

use super::casing::{self, case_of, Capitals, Case, Neighbours};
use super::model::{FxBuild, Key, Model};
use super::pieces::{Kind, Reversal};
use super::words::{Position, Word};

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

/// The spellings of each distinct damaged word of a document (keyed by its damaged text), and how
/// the document writes its capitals.
#[derive(Debug, Default)]
pub(crate) struct Memo<'a> {
    words: HashMap<&'a str, Vec<Base>, FxBuild>,
    /// How the document writes its words that start with a capital.
    capitals: Capitals,
    /// A buffer for looking words up (see [`Model::key_of`]).
    buf: String,
}

impl<'a> Memo<'a> {
    /// A memo for a document that writes its capitals as `capitals` counted.
    pub(crate) fn new(capitals: Capitals) -> Self {
        Memo {
            capitals,
            ..Memo::default()
        }
    }

    /// The spellings of the damaged word `w`, which reads `damaged` in its line, scored where it
    /// stands.
    pub(crate) fn spellings(
        &mut self,
        damaged: &'a str,
        (r, w): (&Reversal, &Word),
        around: Around<'_>,
        m: &Model,
    ) -> Vec<Spelling> {
        let buf = &mut self.buf;
        let bases = (self.words.entry(damaged)).or_insert_with(|| bases(r, w, m, buf));
        spellings(bases, w.position, around, self.capitals, m)
    }
}

/// What the words around a damaged word say: casing, and co-occurring words.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Around<'a> {
    /// The case of the words up to two places away.
    pub(crate) n: Neighbours,
    /// The table ids of the undamaged words 2 to 4 places away.
    pub(crate) words: &'a [u32],
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
fn spellings(
    bases: &[Base],
    position: Position,
    cx: Around<'_>,
    capitals: Capitals,
    m: &Model,
) -> Vec<Spelling> {
    let out = bases
        .iter()
        .map(|b| {
            let cased = b.score + casing::score(b.case, position, cx.n, capitals);
            Spelling {
                fills: b.fills,
                key: b.key,
                emit: cased + m.window(b.key.id, cx.words),
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
