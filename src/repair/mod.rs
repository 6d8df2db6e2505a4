//! The repair stage: undo mojibake (UTF-8 read as cp1254, cp1252 or Latin-1, once or more) and
//! restore every byte the damage dropped, changing nothing in clean text.
//!
//! Steps, one module each:
//! 1. [`detect`]: per line, read the characters back into bytes ([`bytes`], [`pieces`]) and decide
//!    whether the line is mojibake (and, for lines with only gaps, whether the document is).
//! 2. [`tokens`]: cut the reversed line into words and boundaries.
//! 3. [`decode`]: fill letter gaps with the Vietnamese [`model`], [`casing`] and character
//!    [`priors`], jointly over neighbouring words; [`symbols`] fills the other gaps.
//! 4. [`assemble`]: write the repaired text and a [`Fix`] for every change.
//!
//! Input: `&str`. Output: [`Repaired`]. Pure; clean text comes back borrowed; idempotent.

mod assemble;
mod bytes;
mod cache;
mod casing;
pub mod command;
mod decode;
mod detect;
mod document;
mod lattice;
mod model;
mod pieces;
mod priors;
pub mod report;
mod symbols;
mod tokens;

use std::borrow::Cow;

use detect::Verdict;

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
        return Repaired {
            text: Cow::Borrowed(text),
            fixes: Vec::new(),
        };
    }
    let verdicts: Vec<Verdict> = text.split('\n').map(detect::examine).collect();
    let mut doc = detect::Document::default();
    for (line, v) in text.split('\n').zip(&verdicts) {
        doc.add(line, v);
    }
    let m = model::model();
    let mut memo = lattice::Memo::default();
    let work: Vec<Option<document::LineWork>> = text
        .split('\n')
        .zip(verdicts)
        .map(|(line, v)| match v {
            Verdict::Strong(r) | Verdict::Weak(r) if doc.repairs(&v) => {
                Some(document::prepare(r, line, m, &mut memo))
            }
            _ => None,
        })
        .collect();
    if work.iter().all(Option::is_none) {
        return Repaired {
            text: Cow::Borrowed(text),
            fixes: Vec::new(),
        };
    }
    let decisions = document::decide(&work, m);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut fixes = Vec::new();
    let mut changed = false;
    for (i, ((line, w), d)) in text.split('\n').zip(&work).zip(&decisions).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match w {
            Some(w) => changed |= assemble::line(w, d, line, i + 1, &mut out, &mut fixes),
            None => out.push_str(line),
        }
    }
    if !changed {
        return Repaired {
            text: Cow::Borrowed(text),
            fixes: Vec::new(),
        };
    }
    Repaired {
        text: Cow::Owned(out),
        fixes,
    }
}

/// Applies the damage of ENCODING.md to clean text: its UTF-8 bytes read as cp1254, with the bytes
/// 81 8D 8E 8F 90 9D 9E AD dropped. For round-trip tests and accuracy measurement.
pub fn damage(text: &str) -> String {
    bytes::damage(text)
}
