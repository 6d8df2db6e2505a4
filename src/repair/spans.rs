//! Lines that mix clean text with mojibake, as a damaged file partly fixed by hand has: read back
//! token by token.
//!
//! Input: a line that [`reverse`] cannot read back whole. Output: [`Spans`], one [`Reversal`] of
//! the whole line whose clean tokens are kept as [`Kind::Same`] pieces, so that every later stage
//! treats it like any other line.

use super::pieces::{is_evidence, reverse, Gap, Kind, Piece, Reversal};

/// A line that mixes clean text with mojibake, read back token by token.
#[derive(Debug)]
pub(crate) struct Spans {
    pub(crate) reading: Reversal,
    /// Its non-ASCII tokens read back, and those kept as clean text.
    pub(crate) mojibake: usize,
    pub(crate) clean: usize,
}

/// Reads back a line that mixes clean text with mojibake, as a damaged file partly edited by
/// hand does: each whitespace-separated token that is a reading of UTF-8 is read back, the
/// others stay as they stand (kept as [`Kind::Same`] pieces). `None` when no token is mojibake.
pub(crate) fn reverse_spans(line: &str) -> Option<Spans> {
    let mut out = Spans {
        reading: Reversal::default(),
        mojibake: 0,
        clean: 0,
    };
    let mut start = 0;
    for token in line.split_inclusive(|c: char| c.is_ascii_whitespace()) {
        let offset = u32::try_from(start).ok()?;
        let read = (!token.is_ascii())
            .then(|| reverse(token))
            .flatten()
            .filter(|r| r.controls == 0 && is_evidence(r));
        match read {
            Some(read) => {
                out.mojibake += 1;
                append(&mut out.reading, read, offset)?;
            }
            None => {
                out.clean += usize::from(!token.is_ascii());
                keep(&mut out.reading, token, offset)?;
            }
        }
        start += token.len();
    }
    (out.mojibake > 0).then_some(out)
}

/// Appends a token's reading, its pieces starting at `offset` in the line.
fn append(out: &mut Reversal, read: Reversal, offset: u32) -> Option<()> {
    let (at, first_gap) = (
        u32::try_from(out.bytes.len()).ok()?,
        u32::try_from(out.gaps.len()).ok()?,
    );
    for p in read.pieces {
        let kind = match p.kind() {
            Kind::Gap(g) => Kind::Gap(g + first_gap),
            kind => kind,
        };
        out.pieces
            .push(Piece::new(kind, p.start + offset, p.width())?);
    }
    out.gaps
        .extend(read.gaps.into_iter().map(|g| Gap { at: g.at + at, ..g }));
    out.bytes.extend(read.bytes);
    out.multi += read.multi;
    Some(())
}

/// Appends a token as it stands, its pieces starting at `offset` in the line.
fn keep(out: &mut Reversal, token: &str, offset: u32) -> Option<()> {
    for (i, c) in token.char_indices() {
        let start = offset + u32::try_from(i).ok()?;
        out.pieces
            .push(Piece::new(Kind::Same(c), start, c.len_utf8() as u32)?);
    }
    out.bytes.extend_from_slice(token.as_bytes());
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_only_the_tokens_that_are_mojibake() {
        let line = "Tiêu đề: Láºp trÃ¬nh KHÓ";
        let s = reverse_spans(line).unwrap();
        assert_eq!(s.reading.likeliest(), "Tiêu đề: Lập trình KHÓ");
        assert_eq!((s.mojibake, s.clean), (2, 3));
        let ends: Vec<u32> = s
            .reading
            .pieces
            .iter()
            .map(|p| p.start + p.width())
            .collect();
        assert_eq!(ends.last().copied(), Some(line.len() as u32));
    }
}
