//! The repair stage: undo mojibake (UTF-8 read as cp1254, cp1252 or Latin-1, once or more) and
//! restore every byte the damage dropped (or replaced with U+FFFD), changing nothing in clean
//! text.
//!
//! Steps, one module each:
//! 1. [`detect`]: per line, read the characters back into bytes ([`bytes`], [`pieces`], with
//!    [`candidates`] for each lost byte; layer by layer where text was mis-decoded twice,
//!    [`layers`]; token by token where clean words stand beside mojibake, [`spans`]) and decide
//!    whether the line is mojibake (and, for lines with only gaps or mixed ones, whether the file
//!    is: a [`Survey`](detect::Survey)).
//! 2. [`words`]: cut the reversed line into words and boundaries ([`letters`] says which
//!    characters belong in a word).
//! 3. [`lattice`] and [`decode`]: fill letter gaps with the Vietnamese [`model`], [`casing`] and
//!    character [`priors`] ([`spellings`]), jointly over neighbouring words ([`score`],
//!    [`probs`]); [`symbols`] fills the other gaps. The document teaches itself ([`lessons`]):
//!    what a first pass is sure of ([`doc_counts`]) helps decide again what it was unsure of.
//! 4. [`assemble`]: write the repaired line and a [`Fix`] for every change, its confidence
//!    calibrated ([`calibrate`]); [`writer`] writes each line at once, as the first pass read it,
//!    and rewrites in place the words the lessons decide otherwise ([`placement`] says where they
//!    went).
//!
//! Beside the repair, [`damaged_places`] ([`damaged`]) lists every damaged place of a text: what
//! the repair restores, and what it finds but cannot restore ([`miscased_words`], mojibake it
//! leaves).
//!
//! Input: `&str`. Output: [`Repaired`]. Pure; clean text comes back borrowed; idempotent. Each
//! file imports only the files after it in this list, never this one.

mod assemble;
mod bytes;
mod calibrate;
mod candidates;
mod casing;
mod damaged;
mod decode;
mod detect;
mod doc_counts;
mod lattice;
mod layers;
mod lessons;
mod letters;
mod miscased;
mod model;
mod pieces;
mod placement;
mod priors;
mod probs;
mod repaired;
mod score;
mod spans;
mod spellings;
mod symbols;
mod words;
mod writer;

use std::borrow::Cow;

pub use bytes::Damage;
pub use damaged::{damaged_places, Place, PlaceKind};
pub use miscased::miscased_words;
pub use repaired::{Evidence, Fix, Repaired};

/// Repairs mojibake in `text`. Clean text (in any language) is returned borrowed, without fixes.
pub fn repair(text: &str) -> Repaired<'_> {
    if text.is_ascii() {
        return Repaired::unchanged(text);
    }
    // The whole file is examined first (whether it is damaged decides which lines are repaired),
    // then each line again as it is repaired: keeping every line's reading in between would hold
    // several times the text in memory.
    let doc = detect::Survey::of(text);
    if doc.changes() == 0 {
        return Repaired::unchanged(text);
    }
    let m = model::model();
    let mut memo = spellings::Memo::new(doc.capitals());
    let mut decider = lessons::Decider::new(m);
    let mut out = writer::Writer::with_capacity(text.len(), doc.changes());
    for line in text.split('\n') {
        let Some(r) = detect::to_repair(line, &doc) else {
            out.unchanged(line);
            continue;
        };
        let work = lessons::prepare(r, line, m, &mut memo);
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

/// Applies the damage of ENCODING.md to clean text: its UTF-8 bytes read as cp1254, with the bytes
/// 81 8D 8E 8F 90 9D 9E AD dropped. For round-trip tests and accuracy measurement; [`Damage`]
/// has others.
pub fn damage(text: &str) -> String {
    bytes::damage(text)
}
