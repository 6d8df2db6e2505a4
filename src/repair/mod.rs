//! The repair stage: undo mojibake (UTF-8 read as cp1254, cp1252 or Latin-1, once or more) and
//! restore every byte the damage dropped (or replaced with U+FFFD), changing nothing in clean
//! text.
//!
//! Steps, one module each:
//! 1. [`detect`]: per line, read the characters back into bytes ([`bytes`], [`pieces`]; token by
//!    token where clean words stand beside mojibake, [`spans`]) and decide whether the line is
//!    mojibake (and, for lines with only gaps or mixed ones, whether the document is).
//! 2. [`tokens`]: cut the reversed line into words and boundaries.
//! 3. [`decode`]: fill letter gaps with the Vietnamese [`model`], [`casing`] and character
//!    [`priors`], jointly over neighbouring words; [`symbols`] fills the other gaps. The
//!    [`document`] teaches itself: what a first pass is sure of ([`cache`]) helps decide again
//!    what it was unsure of.
//! 4. [`assemble`]: write the repaired text and a [`Fix`] for every change; [`writer`] writes
//!    each line at once, as the first pass read it, and rewrites in place the words the lessons
//!    decide otherwise.
//!
//! Input: `&str`. Output: [`Repaired`]. Pure; clean text comes back borrowed; idempotent.

mod assemble;
mod bytes;
mod cache;
mod casing;
mod decode;
mod detect;
mod document;
mod lattice;
mod miscased;
mod model;
mod pieces;
mod priors;
mod spans;
mod symbols;
mod tokens;
mod writer;

use std::borrow::Cow;

pub use bytes::Damage;
pub use miscased::miscased_words;

/// The result of [`repair`]: the text, and every change made to it.
#[derive(Debug, Clone)]
pub struct Repaired<'a> {
    /// The repaired text (borrowed when nothing changed).
    pub text: Cow<'a, str>,
    /// Every change, in text order.
    pub fixes: Vec<Fix>,
}

/// One change.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// 1-based line in the original (damaged) text.
    pub line: usize,
    /// 1-based column (in chars) in the original text.
    pub col: usize,
    /// The damaged characters as they stood (a whole word when the change is in a word).
    pub before: String,
    /// What they became.
    pub after: String,
    /// The character chosen for a lost byte, if this fix filled a gap.
    pub restored: Option<char>,
    /// Other candidates with their probabilities, likeliest first.
    pub alternatives: Vec<(String, f32)>,
    /// How sure the choice is, 0..1.
    pub confidence: f32,
}

/// Repairs mojibake in `text`. Clean text (in any language) is returned borrowed, without fixes.
pub fn repair(text: &str) -> Repaired<'_> {
    if text.is_ascii() {
        return Repaired::unchanged(text);
    }
    // The whole file is examined first (whether it is damaged decides which lines are repaired),
    // then each line again as it is repaired: keeping every line's reading in between would hold
    // several times the text in memory.
    let doc = detect::Document::of(text);
    if doc.changes() == 0 {
        return Repaired::unchanged(text);
    }
    let m = model::model();
    let mut memo = lattice::Memo::default();
    let mut decider = document::Decider::new(m);
    let mut out = writer::Writer::with_capacity(text.len(), doc.changes());
    for line in text.split('\n') {
        let Some(r) = detect::to_repair(line, &doc) else {
            out.unchanged(line);
            continue;
        };
        let work = document::prepare(r, line, m, &mut memo);
        let first = decider.first(&work);
        let placement = out.repaired(line, &work, &first);
        decider.keep(first, placement);
    }
    match out.finish(decider.finish()) {
        Some((text, fixes)) => Repaired {
            text: Cow::Owned(text),
            fixes,
        },
        None => Repaired::unchanged(text),
    }
}

impl<'a> Repaired<'a> {
    /// `text` handed back as it is.
    fn unchanged(text: &'a str) -> Self {
        Repaired {
            text: Cow::Borrowed(text),
            fixes: Vec::new(),
        }
    }

    /// How many places of the text changed: the gaps of one word are fixes at one place (and
    /// `handbook check` lists each place once).
    pub fn places(&self) -> usize {
        let moves = self.fixes.windows(2);
        let new = moves.filter(|w| (w[0].line, w[0].col) != (w[1].line, w[1].col));
        new.count() + usize::from(!self.fixes.is_empty())
    }
}

/// Applies the damage of ENCODING.md to clean text: its UTF-8 bytes read as cp1254, with the bytes
/// 81 8D 8E 8F 90 9D 9E AD dropped. For round-trip tests and accuracy measurement; [`Damage`]
/// has others.
pub fn damage(text: &str) -> String {
    bytes::damage(text)
}
