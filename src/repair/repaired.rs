//! What the repair stage hands on: the text, and a [`Fix`] for every change made to it.

use std::borrow::Cow;

/// The result of [`repair`](super::repair()): the text, and every change made to it.
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
    /// Other candidates with their probabilities in context (before calibration), likeliest
    /// first.
    pub alternatives: Vec<(String, f32)>,
    /// How sure the choice is, 0..1: the probability that it is right, calibrated on text the
    /// language table was not built from (see `calibrate.rs`).
    pub confidence: f32,
    /// What the confidence is calibrated from.
    pub evidence: Evidence,
}

/// The probabilities of a fix's choice that its confidence is calibrated from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    /// In context: the words around it and what the rest of the document taught (tempered by the
    /// first reading, see `lessons.rs`).
    pub context: f32,
    /// As a word alone: its frequency, validity, casing and characters, no word around it.
    pub alone: f32,
}

impl Evidence {
    /// A choice as sure as `p` by every measure (a symbol, or a change with no choice to make).
    pub(crate) fn certain(p: f32) -> Evidence {
        Evidence {
            context: p,
            alone: p,
        }
    }
}

impl<'a> Repaired<'a> {
    /// `text` handed back as it is.
    pub(crate) fn unchanged(text: &'a str) -> Self {
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
