//! Mojibake on mojibake: a line read back layer by layer, when its text was mis-decoded more than
//! once (cp1254, cp1252 or Latin-1 read twice, with bytes lost at either layer).
//!
//! Input: a line. Output: its deepest reading that is text, as one [`Reversal`] whose pieces
//! point into the line itself.

use super::bytes::byte_of;
use super::pieces::{reverse, Kind, Piece, Reversal};

/// How many times text may have been mis-decoded on top of itself.
const MAX_LAYERS: usize = 3;

/// The line read back through every layer of mojibake it holds (up to [`MAX_LAYERS`]): the
/// deepest reading that is text. A layer may decode to C1 controls only when a layer under it
/// reads them back (Latin-1 read twice: `Ä‘` → `Ã„Â\u{91}` → `Ã\u{83}Â\u{84}Ã\u{82}Â\u{91}`).
pub(crate) fn read_back(line: &str) -> Option<Reversal> {
    let mut layer = reverse(line)?;
    let mut text = None;
    for depth in 1..=MAX_LAYERS {
        let under = (depth < MAX_LAYERS).then(|| under(&layer)).flatten();
        if layer.controls == 0 {
            text = Some(layer);
        }
        match under {
            Some(under) => layer = under,
            None => break,
        }
    }
    text
}

/// The layer of mojibake under `outer`, if its decoded text is itself a strong reading of UTF-8.
/// A gap of `outer` takes its likeliest character first: the layers of a text read twice are
/// mojibake, where the character priors alone decide (the `”` of `â€”`, short of its 9D).
fn under(outer: &Reversal) -> Option<Reversal> {
    if outer.multi == 0 || !readable_again(outer) {
        return None;
    }
    reverse(&decoded(outer))
        .filter(|inner| inner.multi > 0)
        .and_then(|inner| compose(outer, inner))
}

/// Whether every decoded character could itself be a cp1254/cp1252/Latin-1 reading, or a U+FFFD
/// that marks a lost byte (a cheap test before trying another layer: Vietnamese text fails it at
/// its first letter like `ậ`).
fn readable_again(r: &Reversal) -> bool {
    r.pieces.iter().all(|p| match p.kind() {
        Kind::Same(_) => true,
        kind => {
            let c = shown(r, kind);
            c == '\u{FFFD}' || byte_of(c).is_some()
        }
    })
}

/// The character a piece stands for: itself, or a gap's likeliest filling.
fn shown(r: &Reversal, kind: Kind) -> char {
    match kind {
        Kind::Same(c) | Kind::Decoded(c) => c,
        Kind::Gap(g) => r.gaps[g as usize].cands[0].ch,
    }
}

/// The text of a reversal, each gap filled with its likeliest character.
fn decoded(r: &Reversal) -> String {
    r.pieces.iter().map(|p| shown(r, p.kind())).collect()
}

/// Re-expresses `inner`'s positions (bytes of `outer`'s decoded text) in the original line.
fn compose(outer: &Reversal, mut inner: Reversal) -> Option<Reversal> {
    // The outer piece that each byte of the decoded text comes from.
    let mut piece_at = Vec::new();
    for (i, p) in outer.pieces.iter().enumerate() {
        let width = shown(outer, p.kind()).len_utf8();
        piece_at.extend(std::iter::repeat_n(i, width));
    }
    for p in &mut inner.pieces {
        let first: Piece = outer.pieces[piece_at[p.start as usize]];
        let last: Piece = outer.pieces[piece_at[(p.start + p.width() - 1) as usize]];
        let width = last.start + last.width() - first.start;
        *p = Piece::new(p.kind(), first.start, width)?;
    }
    inner.multi += outer.multi;
    Some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undoes_double_encoding() {
        // "ồ" read as cp1254 twice.
        let once = crate::repair::bytes::damage("đồng");
        let twice = crate::repair::bytes::damage(&once);
        let r = read_back(&twice).expect("a reading");
        assert_eq!(decoded(&r), "đồng");
        assert_eq!(
            r.pieces.iter().map(|p| p.width()).sum::<u32>() as usize,
            twice.len()
        );
    }
}
