//! Writing the repaired document in order, while some of its words are decided only at the end.
//!
//! Every line is written at once, as the first pass reads it. The words the document's lessons
//! decide again are then rewritten in place, text and fixes: a gap's candidates all have the same
//! UTF-8 length, so nothing moves, and no line has to be read back a second time.

use super::assemble::{self, Placement};
use super::document::{First, LineWork, Pending};
use super::Fix;

/// The repaired text and its fixes, as far as written.
#[derive(Debug)]
pub(crate) struct Writer {
    text: String,
    fixes: Vec<Fix>,
    lines: usize,
    changed: bool,
}

impl Writer {
    /// A writer for a text of about `len` bytes and at most `changes` fixes.
    pub(crate) fn with_capacity(len: usize, changes: usize) -> Writer {
        Writer {
            text: String::with_capacity(len + len / 8),
            fixes: Vec::with_capacity(changes),
            lines: 0,
            changed: false,
        }
    }

    fn next_line(&mut self) {
        if self.lines > 0 {
            self.text.push('\n');
        }
        self.lines += 1;
    }

    /// Writes the next line as it stands.
    pub(crate) fn unchanged(&mut self, line: &str) {
        self.next_line();
        self.text.push_str(line);
    }

    /// Writes the next line, repaired as the first pass decided. Returns where the words it was
    /// unsure of went.
    pub(crate) fn repaired(&mut self, line: &str, work: &LineWork, first: &First) -> Placement {
        self.next_line();
        let (text, fixes) = (&mut self.text, &mut self.fixes);
        let (changed, placement) = assemble::line(work, first, line, self.lines, text, fixes);
        self.changed |= changed;
        placement
    }

    /// The text and its fixes, with the words of the kept lines as the lessons decided them.
    /// `None` if nothing changed.
    pub(crate) fn finish(mut self, kept: Vec<Pending>) -> Option<(String, Vec<Fix>)> {
        for p in &kept {
            assemble::rewrite(p, &mut self.text, &mut self.fixes);
        }
        self.changed.then_some((self.text, self.fixes))
    }
}
