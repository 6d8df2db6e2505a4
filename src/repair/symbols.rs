//! Gaps that are not letters: `”` (E2 80 9D), U+FE0F (EF B8 8F), a zero-width joiner, emoji.
//!
//! The language model cannot judge these; their priors (`priors.rs`) decide, nudged by the
//! neighbouring characters: a joiner belongs between two pictographs.

use super::pieces::{Gap, Kind, Reversal};
use super::probs::softmax;

/// The probabilities of a symbol gap's candidates, in the gap's order.
pub(crate) fn choose(r: &Reversal, piece: usize, gap: &Gap) -> Vec<f32> {
    let between_emoji =
        is_pictograph(neighbour(r, piece, -1)) && is_pictograph(neighbour(r, piece, 1));
    let scores: Vec<f32> = gap
        .cands
        .iter()
        .map(|c| {
            c.prior
                + if c.ch == '\u{200D}' && between_emoji {
                    5.0
                } else {
                    0.0
                }
        })
        .collect();
    softmax(&scores)
}

fn neighbour(r: &Reversal, piece: usize, step: isize) -> Option<char> {
    let i = piece.checked_add_signed(step)?;
    match r.pieces.get(i)?.kind() {
        Kind::Same(c) | Kind::Decoded(c) => Some(c),
        Kind::Gap(g) => r.gaps[g as usize].cands.first().map(|c| c.ch),
    }
}

fn is_pictograph(c: Option<char>) -> bool {
    c.is_some_and(|c| matches!(u32::from(c), 0x2600..=0x27BF | 0x1F000..=0x1FAFF))
}
