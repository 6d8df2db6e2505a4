//! Writing the repaired document in order, while some of its words are decided only at the end.
//!
//! Every line is written at once, as the first pass reads it. The words the document's lessons
//! decide again are then rewritten in place, text and fixes: a gap's candidates all have the same
//! UTF-8 length, so nothing moves, and no line has to be read back a second time.

use super::assemble::{self, ranked};
use super::calibrate::confidence;
use super::lessons::{First, LineWork, Pending};
use super::placement::Placement;
use super::repaired::Fix;

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
            rewrite(p, &mut self.text, &mut self.fixes);
        }
        self.changed.then_some((self.text, self.fixes))
    }
}

/// Decides again, in `text` and `fixes`, the words of a kept line that the lessons decided.
fn rewrite(p: &Pending, text: &mut String, fixes: &mut [Fix]) {
    // Every word of a kept run has a gap, so each was placed, in the same order.
    debug_assert_eq!(
        p.placement.words.len(),
        p.decided().map(|(_, ds)| ds.len()).sum::<usize>()
    );
    let mut placed = p.placement.words.iter();
    for (run, ds) in p.decided() {
        for ((i, d), placed) in ds.iter().enumerate().zip(placed.by_ref()) {
            let gaps = &p.placement.gaps[placed.gaps.clone()];
            let spellings = run.cands(i);
            let word = &text[placed.text.clone()];
            let spelled = |k: usize| respelled(word, placed.text.start, gaps, &spellings[k].fills);
            let after = spelled(d.best);
            let alternatives: Vec<(String, f32)> =
                ranked(d).map(|(k, p)| (spelled(k), p)).collect();
            text.replace_range(placed.text.clone(), &after);
            let fills = spellings[d.best].fills.iter().filter(|&&c| c != '\0');
            for (&(_, fix), &ch) in gaps.iter().zip(fills) {
                let f = &mut fixes[fix];
                f.after.clone_from(&after);
                f.restored = Some(ch);
                f.evidence = d.evidence();
                f.confidence = confidence(f.evidence);
                f.alternatives.clone_from(&alternatives);
            }
        }
    }
}

/// `word` (written from byte `start` of the text), its gaps at `gaps` filled with `fills` in order
/// (a gap past them, or at a `'\0'`, keeps its character).
fn respelled(word: &str, start: usize, gaps: &[(usize, usize)], fills: &[char]) -> String {
    let mut out = word.to_string();
    let fills = fills.iter().filter(|&&c| c != '\0');
    for (&(at, _), &ch) in gaps.iter().zip(fills) {
        let at = at - start;
        let mut buf = [0u8; 4];
        let ch = ch.encode_utf8(&mut buf);
        debug_assert_eq!(out[at..].chars().next().map(char::len_utf8), Some(ch.len()));
        out.replace_range(at..at + ch.len(), ch);
    }
    out
}
