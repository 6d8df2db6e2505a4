//! Where the words that the document's lessons decide last were written, so that they can be
//! rewritten in place (see `writer.rs`): recorded by `assemble.rs` as it writes a line, kept by
//! `lessons.rs` with the line's unsure runs.

use std::ops::Range;

/// Where the words of a line that the lessons will decide again were written, in line order (the
/// order of its kept runs' words).
#[derive(Debug, Default)]
pub(crate) struct Placement {
    pub(crate) words: Vec<Placed>,
    /// The gaps of those words, word after word: the byte offset of each one's character in the
    /// text, and the index of its fix.
    pub(crate) gaps: Vec<(usize, usize)>,
}

/// Where one word was written.
#[derive(Debug)]
pub(crate) struct Placed {
    /// Its bytes in the text.
    pub(crate) text: Range<usize>,
    /// Its gaps in [`Placement::gaps`].
    pub(crate) gaps: Range<usize>,
}

impl Placement {
    /// Records a gap of the next word: the byte offset of its character, and its fix.
    pub(crate) fn gap(&mut self, at: usize, fix: usize) {
        self.gaps.push((at, fix));
    }

    /// Records the next word, written at `text`, with the gaps recorded since the last word.
    pub(crate) fn word(&mut self, text: Range<usize>) {
        let first = self.words.last().map_or(0, |p| p.gaps.end);
        self.words.push(Placed {
            text,
            gaps: first..self.gaps.len(),
        });
    }
}
