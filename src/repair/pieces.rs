//! A line read back into bytes and cut into pieces: characters that survived, characters whose
//! UTF-8 bytes are all there, and gaps where one byte was lost.
//!
//! Input: one line of text. Output: a [`Reversal`], or `None` when the line cannot be a
//! cp1254/cp1252/Latin-1 reading of UTF-8 with lost bytes (then it is clean by definition).

use std::borrow::Cow;

use super::bytes::byte_of;
use super::candidates::{candidates, Cand};
use super::letters::is_word_char;
use super::priors::char_prior;

/// What one piece of a reversed line is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    /// A character that stays as it is: ASCII, or clean text beside mojibake
    /// ([`reverse_spans`](super::spans::reverse_spans)).
    Same(char),
    /// A multi-byte character whose bytes were all there.
    Decoded(char),
    /// A character that lost one byte; the index of its [`Gap`].
    Gap(u32),
}

/// One piece, with the part of the original line it comes from. Packed in eight bytes (a
/// document holds one per character): the kind's tag, the width and the payload share `code`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece {
    /// Tag (2 bits), width in bytes (8 bits), character or gap index (22 bits).
    code: u32,
    /// Byte offset of its first original character in the line.
    pub(crate) start: u32,
}

impl Piece {
    /// A piece of kind `kind` covering `width` bytes of the line from `start`; `None` if it
    /// cannot be packed (a piece wider than 255 bytes, or more than 4 million gaps in a line).
    pub(crate) fn new(kind: Kind, start: u32, width: u32) -> Option<Piece> {
        let (tag, payload) = match kind {
            Kind::Same(c) => (0, u32::from(c)),
            Kind::Decoded(c) => (1, u32::from(c)),
            Kind::Gap(g) => (2, g),
        };
        (width < 0x100 && payload < 0x40_0000).then_some(Piece {
            code: tag << 30 | width << 22 | payload,
            start,
        })
    }

    /// What the piece is.
    pub(crate) fn kind(self) -> Kind {
        let payload = self.code & 0x3F_FFFF;
        let ch = || char::from_u32(payload).unwrap_or('\u{FFFD}');
        match self.code >> 30 {
            0 => Kind::Same(ch()),
            1 => Kind::Decoded(ch()),
            _ => Kind::Gap(payload),
        }
    }

    /// How many bytes of the original line it covers.
    pub(crate) fn width(self) -> u32 {
        (self.code >> 22) & 0xFF
    }
}

/// The candidates of one gap, best prior first, and where its surviving bytes are.
#[derive(Debug, Clone)]
pub(crate) struct Gap {
    pub(crate) cands: Cow<'static, [Cand]>,
    /// Offset of its first surviving byte in [`Reversal::bytes`].
    pub(crate) at: u32,
    /// How many of its bytes survived.
    pub(crate) have: u32,
}

impl Gap {
    /// Whether the gap belongs inside a word (its likeliest filling is a letter or a mark).
    pub(crate) fn is_letter(&self) -> bool {
        self.cands.first().is_some_and(|c| is_word_char(c.ch))
    }
}

/// A line read back into bytes and parsed as UTF-8 with gaps.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reversal {
    /// The bytes read back: valid UTF-8 except at the gaps.
    pub(crate) bytes: Vec<u8>,
    pub(crate) pieces: Vec<Piece>,
    pub(crate) gaps: Vec<Gap>,
    /// How many complete multi-byte characters, and gaps with two bytes or more left (like `á»`),
    /// were found: evidence of mojibake that clean text almost never shows. (A lone `Ã` or `Ä`
    /// before a letter is no such evidence: Portuguese `NÃO`, German `Ärger`.)
    pub(crate) multi: usize,
    /// How many characters it decodes to C1 controls (U+0080 to U+009F) or to U+FFFD: no text
    /// holds the controls, but a Latin-1 reading keeps bytes 80 to 9F as them, so a layer of
    /// mojibake with another one under it does; and a U+FFFD decoded here is one that an inner
    /// reading put where it lost a byte (cp1252 with replacement, read as cp1252 again), which the
    /// layer under it takes in.
    pub(crate) controls: usize,
}

/// Reads `line` back into the bytes it was decoded from, and parses them. `None` if they are
/// not UTF-8 with gaps, or decode to characters no text holds; C1 controls are kept but counted
/// ([`Reversal::controls`]): only a layer with another one under it may hold them.
///
/// A U+FFFD marks where a byte was lost when the reading replaced the bytes it could not decode
/// instead of dropping them (`Ä\u{FFFD}` for `Đ`): the gap there takes it in. A U+FFFD anywhere
/// else makes the line no reading.
pub(crate) fn reverse(line: &str) -> Option<Reversal> {
    let mut bytes = Vec::with_capacity(line.len());
    // The bytes read back before each U+FFFD.
    let mut marks = Vec::new();
    for c in line.chars() {
        match c {
            REPLACEMENT => marks.push(bytes.len()),
            c => bytes.push(byte_of(c)?),
        }
    }
    u32::try_from(line.len()).ok()?;
    let mut r = parse(&bytes, &marks, line)?;
    r.bytes = bytes;
    Some(r)
}

/// What a reading puts where it could not decode a byte.
const REPLACEMENT: char = '\u{FFFD}';

/// Whether a reading is evidence of mojibake: a complete sequence, or gaps that a Latin letter
/// fills (`vÃ` → `ví`). Clean capitals like the `Ó` of `KHÓ` read back as a lead byte with a gap
/// too, but only letters of other scripts (`Ӂ`) fill it: such text is clean.
pub(crate) fn is_evidence(read: &Reversal) -> bool {
    read.multi > 0
        || read
            .gaps
            .iter()
            .all(|g| g.cands.first().is_some_and(|c| is_latin_letter(c.ch)))
}

/// Whether `c` is a letter that a lead byte and a lost byte can make in Latin-script text: Latin-1
/// and Latin Extended-A (`í`, `Đ`, `ō`), or Vietnamese. (Latin Extended-B is left out: a lone
/// `É` or `Ç` would otherwise read as `ɍ` or `Ǎ`.)
fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && matches!(u32::from(c), 0xC0..=0x17F | 0x1E00..=0x1EFF)
}

/// Byte offsets in the line of the characters behind the bytes read back (one byte per char).
struct Offsets<'a> {
    chars: std::str::Chars<'a>,
    next: u32,
}

impl Offsets<'_> {
    /// The offset of the next `n` bytes' first character, and the width of those characters and
    /// of the `marks` U+FFFD among or just after them.
    fn take(&mut self, n: usize, marks: usize) -> (u32, u32) {
        let start = self.next;
        if marks == 0 {
            // The usual case: a U+FFFD among these characters would have ended the parse.
            for c in self.chars.by_ref().take(n) {
                // The line's length fits in u32 (checked by `reverse`), so no sum overflows.
                self.next += c.len_utf8() as u32;
            }
            return (start, self.next - start);
        }
        let (mut bytes, mut replaced) = (0, 0);
        while bytes < n || replaced < marks {
            let Some(c) = self.chars.next() else { break };
            match c {
                REPLACEMENT => replaced += 1,
                _ => bytes += 1,
            }
            // The line's length fits in u32 (checked by `reverse`), so no sum overflows.
            self.next += c.len_utf8() as u32;
        }
        (start, self.next - start)
    }
}

/// Parses the bytes read back; `marks` holds, in order, how many bytes stood before each U+FFFD.
fn parse(bytes: &[u8], marks: &[usize], line: &str) -> Option<Reversal> {
    // Where the next U+FFFD stands (`usize::MAX` past the last), walked by index: this runs once
    // per piece of every line.
    let mut marks = marks.iter().copied();
    let mut mark = marks.next().unwrap_or(usize::MAX);
    let mut out = Reversal::default();
    // At most one piece per byte: no growing while parsing.
    out.pieces.reserve_exact(bytes.len());
    let mut at = Offsets {
        chars: line.chars(),
        next: 0,
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if mark <= i {
            // A U+FFFD outside a short sequence: not a byte this damage loses.
            return None;
        }
        if b < 0x80 {
            let (start, width) = at.take(1, 0);
            out.pieces
                .push(Piece::new(Kind::Same(char::from(b)), start, width)?);
            i += 1;
            continue;
        }
        let need = sequence_len(b)?;
        let have = 1 + bytes[i + 1..]
            .iter()
            .take(need - 1)
            .take_while(|&&x| is_cont(x))
            .count();
        // A U+FFFD among or just after the sequence's bytes stands for its lost byte.
        let marked = mark <= i + have;
        if marked {
            mark = marks.next().unwrap_or(usize::MAX);
        }
        let (start, width) = at.take(have, usize::from(marked));
        let kind = if have == need && !marked {
            let c = decode(&bytes[i..i + need])?;
            if is_control(c) || c == REPLACEMENT {
                out.multi += 1;
                out.controls += 1;
            } else if !is_plausible(c) {
                return None;
            } else {
                let read = line.get(start as usize..(start + width) as usize)?;
                out.multi += usize::from(outweighs(c, read));
            }
            Kind::Decoded(c)
        } else if have + 1 == need {
            let cands = candidates(&bytes[i..i + have])?;
            let cands = if marked { replaced_only(cands)? } else { cands };
            out.gaps.push(Gap {
                cands,
                at: u32::try_from(i).ok()?,
                have: u32::try_from(have).ok()?,
            });
            // Two bytes left, or a byte replaced where it was lost, is the mark of mojibake.
            out.multi += usize::from(have >= 2 || marked);
            Kind::Gap(u32::try_from(out.gaps.len() - 1).ok()?)
        } else {
            return None;
        };
        out.pieces.push(Piece::new(kind, start, width)?);
        i += have;
    }
    // A U+FFFD after the last sequence's bytes that it did not take in.
    (mark == usize::MAX).then_some(out)
}

/// The candidates of a gap where a U+FFFD stands: the lost byte was one the reading could not
/// decode, never the soft hyphen AD (which it decodes, and another damage strips): a U+FFFD in
/// `gá»\u{FFFD}i` means `gọi`, not `gửi`.
fn replaced_only(cands: Cow<'static, [Cand]>) -> Option<Cow<'static, [Cand]>> {
    let kept: Vec<Cand> = cands
        .iter()
        .filter(|c| {
            let mut buf = [0u8; 4];
            !c.ch.encode_utf8(&mut buf).as_bytes()[1..].contains(&0xAD)
        })
        .copied()
        .collect();
    (!kept.is_empty()).then_some(Cow::Owned(kept))
}

/// The character of a complete UTF-8 sequence (lead checked by [`sequence_len`], continuation
/// bytes checked by the caller), or `None` for overlong forms and surrogates.
fn decode(seq: &[u8]) -> Option<char> {
    let tail = |b: u8| u32::from(b & 0x3F);
    let (c, min) = match *seq {
        [a, b] => ((u32::from(a & 0x1F) << 6) | tail(b), 0x80),
        [a, b, c] => (
            (u32::from(a & 0x0F) << 12) | (tail(b) << 6) | tail(c),
            0x800,
        ),
        [a, b, c, d] => (
            (u32::from(a & 0x07) << 18) | (tail(b) << 12) | (tail(c) << 6) | tail(d),
            0x1_0000,
        ),
        _ => return None,
    };
    if c < min {
        return None;
    }
    char::from_u32(c)
}

/// Whether the character `c` a sequence decodes to is at least as likely as the characters
/// `read` it stands as: only then is the sequence evidence of mojibake. A Vietnamese capital
/// before a closing quote (`Ý”`, `É”`) reads back as a complete sequence too, but of a rare
/// script (`ݔ`, `ɔ`): that text is clean, and a repair that wrote it stays as it is.
fn outweighs(c: char, read: &str) -> bool {
    let prior = |c: char| char_prior(c).unwrap_or(f32::NEG_INFINITY);
    prior(c) >= read.chars().map(prior).sum::<f32>()
}

/// Whether a decoded character can be in text (the characters [`char_prior`] refuses cannot).
fn is_plausible(c: char) -> bool {
    match u32::from(c) {
        // The usual ones, answered without the full table.
        0xA0..=0x024F | 0x1E00..=0x1EFF | 0x2010..=0x2027 | 0x2030..=0x205E => true,
        _ => char_prior(c).is_some(),
    }
}

/// Whether `c` is a C1 control, the character a Latin-1 reading gives bytes 80 to 9F.
fn is_control(c: char) -> bool {
    ('\u{80}'..='\u{9F}').contains(&c)
}

/// The length of a UTF-8 sequence starting with `lead`, or `None` if it cannot start one.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

fn is_cont(b: u8) -> bool {
    (0x80..0xC0).contains(&b)
}

#[cfg(test)]
impl Reversal {
    /// The text read back, each gap filled with its likeliest character before any context.
    pub(crate) fn likeliest(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p.kind() {
                Kind::Same(c) | Kind::Decoded(c) => c,
                Kind::Gap(g) => self.gaps[g as usize].cands[0].ch,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_complete_sequences() {
        let r = reverse("trÃ¬nh Ä‘á»“ng").unwrap();
        assert_eq!(r.likeliest(), "trình đồng");
        assert_eq!(r.multi, 3);
        assert!(r.gaps.is_empty());
    }

    #[test]
    fn finds_a_gap_and_its_candidates() {
        let r = reverse("gá»i").unwrap();
        assert_eq!(r.gaps.len(), 1);
        let cands: String = r.gaps[0].cands.iter().map(|c| c.ch).collect();
        for c in ['ọ', 'ử', 'ề', 'ờ', 'ỏ', 'Ở', 'Ỏ', 'Ố'] {
            assert!(cands.contains(c), "{c} missing from {cands}");
        }
    }

    #[test]
    fn finds_a_lost_third_byte_in_an_emoji() {
        // 🎉 = F0 9F 8E 89; 8E was lost.
        let r = reverse("ğŸ‰").unwrap();
        assert!(r.gaps[0].cands.iter().any(|c| c.ch == '🎉'));
    }

    #[test]
    fn a_lone_lead_byte_is_evidence_only_when_a_latin_letter_fills_it() {
        assert!(is_evidence(&reverse("vÃ").unwrap()));
        assert!(!is_evidence(&reverse("KHÓ").unwrap()));
        assert!(!is_evidence(&reverse("É").unwrap()));
    }

    #[test]
    fn a_replacement_character_marks_the_lost_byte() {
        let r = reverse("gá»\u{FFFD}i").unwrap();
        assert_eq!(r.gaps.len(), 1);
        let cands: String = r.gaps[0].cands.iter().map(|c| c.ch).collect();
        assert!(cands.contains('ọ') && !cands.contains('ử'), "{cands}");
        // The gap's piece takes the U+FFFD in, so that the repair replaces it.
        assert_eq!(r.pieces[1].width(), "á»\u{FFFD}".len() as u32);
        assert!(reverse("abc \u{FFFD}").is_none());
        assert!(reverse("trÃ¬nh\u{FFFD}").is_none());
    }

    #[test]
    fn rejects_clean_text_that_is_not_a_reading_of_utf8() {
        assert!(reverse("café").is_none());
        assert!(reverse("Lập trình").is_none());
    }
}
