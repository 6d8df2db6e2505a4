//! Detection: is a line mojibake, and how sure are we?
//!
//! A line is *strong* evidence when reading it back gives complete multi-byte UTF-8 characters
//! (or gaps with two bytes left, like `á»`) that are all plausible: clean text almost never does,
//! since `é` followed by a letter, or a Vietnamese letter outside cp1254, makes the reversal fail.
//! It is *weak* when its only evidence is a lone lead byte (`Ã` could be Portuguese `NÃO`).
//! [`Document`] then decides per file: a file whose strong lines outweigh its clean non-ASCII
//! lines is damaged, and all its readable lines are repaired; in any other file only lines with
//! plenty of evidence are (a lone quoted `Ã©` in a clean document stays). Double encoding is
//! undone layer by layer.

use super::bytes::byte_of;
use super::pieces::{reverse, Kind, Piece, Reversal};

/// How many times text may have been mis-decoded on top of itself.
const MAX_LAYERS: usize = 3;

/// What a line turned out to be.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// Leave it alone.
    Clean,
    /// Complete mojibake sequences: repair it.
    Strong(Reversal),
    /// Only gaps: repair it if the document is damaged.
    Weak(Reversal),
}

/// A line repaired on its own evidence, even in a clean document, needs this many mojibake
/// sequences.
const LINE_EVIDENCE: usize = 3;

/// What the lines of a file say together.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Document {
    /// Lines with strong evidence.
    strong: usize,
    /// Their mojibake sequences.
    sequences: usize,
    /// Non-ASCII lines that cannot be mojibake (clean text in some language).
    clean: usize,
    /// Gaps and mojibake sequences in all readable lines: at most one fix each.
    changes: usize,
}

impl Document {
    /// Counts one line and its verdict.
    pub(crate) fn add(&mut self, line: &str, verdict: &Verdict) {
        match verdict {
            Verdict::Strong(r) => {
                self.strong += 1;
                self.sequences += r.multi;
                self.changes += r.multi + r.gaps.len();
            }
            Verdict::Weak(r) => self.changes += r.gaps.len(),
            Verdict::Clean if !line.is_ascii() => self.clean += 1,
            Verdict::Clean => {}
        }
    }

    /// At most how many fixes a repair of the file makes.
    pub(crate) fn changes(&self) -> usize {
        self.changes
    }

    /// Whether the file as a whole was damaged.
    pub(crate) fn damaged(&self) -> bool {
        self.strong > 0
            && self.strong >= self.clean
            && (self.sequences >= LINE_EVIDENCE || self.clean == 0)
    }

    /// Whether a line with this verdict is to be repaired.
    pub(crate) fn repairs(&self, verdict: &Verdict) -> bool {
        match verdict {
            Verdict::Strong(r) => self.damaged() || r.multi >= LINE_EVIDENCE,
            Verdict::Weak(_) => self.damaged(),
            Verdict::Clean => false,
        }
    }
}

/// Examines one line (without its newline).
pub(crate) fn examine(line: &str) -> Verdict {
    if line.is_ascii() {
        return Verdict::Clean;
    }
    let Some(r) = read_back(line) else {
        return Verdict::Clean;
    };
    match (r.multi, r.gaps.is_empty()) {
        (0, true) => Verdict::Clean,
        (0, false) => Verdict::Weak(r),
        _ => Verdict::Strong(r),
    }
}

/// The line read back through every layer of mojibake it holds (up to [`MAX_LAYERS`]): the
/// deepest reading that is text. A layer may decode to C1 controls only when a layer under it
/// reads them back (Latin-1 read twice: `Ä‘` → `Ã„Â\u{91}` → `Ã\u{83}Â\u{84}Ã\u{82}Â\u{91}`).
fn read_back(line: &str) -> Option<Reversal> {
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
fn under(outer: &Reversal) -> Option<Reversal> {
    if outer.multi == 0 || !outer.gaps.is_empty() || !readable_again(outer) {
        return None;
    }
    reverse(&decoded(outer))
        .filter(|inner| inner.multi > 0)
        .and_then(|inner| compose(outer, inner))
}

/// Whether every decoded character could itself be a cp1254/cp1252/Latin-1 reading (a cheap
/// test before trying another layer: Vietnamese text fails it at its first letter like `ậ`).
fn readable_again(r: &Reversal) -> bool {
    r.pieces.iter().all(|p| match p.kind() {
        Kind::Decoded(c) => byte_of(c).is_some(),
        _ => true,
    })
}

/// The text of a reversal without gaps.
fn decoded(r: &Reversal) -> String {
    r.pieces
        .iter()
        .map(|p| match p.kind() {
            Kind::Same(c) | Kind::Decoded(c) => c,
            Kind::Gap(_) => '\u{FFFD}',
        })
        .collect()
}

/// Re-expresses `inner`'s positions (bytes of `outer`'s decoded text) in the original line.
fn compose(outer: &Reversal, mut inner: Reversal) -> Option<Reversal> {
    // The outer piece that each byte of the decoded text comes from.
    let mut piece_at = Vec::new();
    for (i, p) in outer.pieces.iter().enumerate() {
        let width = match p.kind() {
            Kind::Same(c) | Kind::Decoded(c) => c.len_utf8(),
            Kind::Gap(_) => '\u{FFFD}'.len_utf8(),
        };
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
    fn clean_text_is_clean() {
        for s in [
            "Lập trình đồng bộ",
            "café crème",
            "São Paulo",
            "plain ascii",
            "🎉 done",
        ] {
            assert!(matches!(examine(s), Verdict::Clean), "{s}");
        }
    }

    #[test]
    fn portuguese_and_german_capitals_are_only_weak() {
        assert!(matches!(examine("NÃO"), Verdict::Weak(_)));
        assert!(matches!(examine("Ärger"), Verdict::Weak(_)));
        assert!(matches!(examine("tháºt"), Verdict::Strong(_)));
    }

    #[test]
    fn a_quoted_sample_in_a_clean_document_stays() {
        let text = ["Mojibake looks like `Ã©` or `â€™`.", "Lập trình", "NÃO"];
        let mut doc = Document::default();
        let verdicts: Vec<Verdict> = text.iter().map(|l| examine(l)).collect();
        for (l, v) in text.iter().zip(&verdicts) {
            doc.add(l, v);
        }
        assert!(!doc.damaged());
        assert!(verdicts.iter().all(|v| !doc.repairs(v)));
    }

    #[test]
    fn a_reading_into_c1_controls_with_nothing_under_it_is_clean() {
        // C2 91 decodes to U+0091, which no text holds, and `\u{91}x` reads back to nothing.
        assert!(matches!(examine("AÂ\u{91}x"), Verdict::Clean));
        assert!(matches!(examine("Ã„Â\u{91}"), Verdict::Strong(_)));
    }

    #[test]
    fn undoes_double_encoding() {
        // "ồ" read as cp1254 twice.
        let once = crate::repair::bytes::damage("đồng");
        let twice = crate::repair::bytes::damage(&once);
        let Verdict::Strong(r) = examine(&twice) else {
            panic!("not detected")
        };
        assert_eq!(decoded(&r), "đồng");
        assert_eq!(
            r.pieces.iter().map(|p| p.width()).sum::<u32>() as usize,
            twice.len()
        );
    }
}
