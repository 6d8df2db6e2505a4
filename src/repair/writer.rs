//! Writing the repaired document in order while its lines are decided out of order.
//!
//! Lines the first pass settles are written at once (and their work dropped); a line kept for the
//! lessons leaves a slot, where its text and its fixes go once it is decided. Filling the slots
//! moves the text and the fixes once, in place, so the fixes stay in text order without sorting.

use super::assemble;
use super::decode::Decision;
use super::document::{LineWork, Pending};
use super::Fix;

/// The repaired text and its fixes, as far as written.
#[derive(Debug)]
pub(crate) struct Writer<'a> {
    text: String,
    fixes: Vec<Fix>,
    slots: Vec<Slot<'a>>,
    lines: usize,
    changed: bool,
}

/// Where a kept line goes.
#[derive(Debug)]
struct Slot<'a> {
    line: &'a str,
    /// Byte offset in the written text.
    text: usize,
    /// Index among the written fixes.
    fixes: usize,
}

impl<'a> Writer<'a> {
    /// A writer for a text of about `len` bytes and at most `changes` fixes.
    pub(crate) fn with_capacity(len: usize, changes: usize) -> Writer<'a> {
        Writer {
            text: String::with_capacity(len + len / 8),
            fixes: Vec::with_capacity(changes),
            slots: Vec::new(),
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

    /// Writes the next line, repaired as decided.
    pub(crate) fn repaired(&mut self, line: &str, work: &LineWork, decisions: &[Vec<Decision>]) {
        self.next_line();
        let (text, fixes) = (&mut self.text, &mut self.fixes);
        self.changed |= assemble::line(work, decisions, line, self.lines, text, fixes);
    }

    /// Leaves a slot for the next line, decided later.
    pub(crate) fn kept(&mut self, line: &'a str) {
        self.next_line();
        self.slots.push(Slot {
            line,
            text: self.text.len(),
            fixes: self.fixes.len(),
        });
    }

    /// Fills the slots with the kept lines (in the order they were kept). `None` if nothing
    /// changed.
    pub(crate) fn finish(self, kept: Vec<Pending>) -> Option<(String, Vec<Fix>)> {
        // The kept lines are written apart first, so that the whole text and list are allocated
        // once, at their final size (growing lists of this size would copy them again).
        let mut changed = self.changed;
        let written: Vec<(String, Vec<Fix>)> = (self.slots.iter().zip(kept))
            .map(|(slot, p)| {
                let (text, fixes, line_changed) = write_kept(slot.line, p);
                changed |= line_changed;
                (text, fixes)
            })
            .collect();
        changed.then(|| self.merge(written))
    }

    /// The written text and fixes, with the kept lines put in their slots: in place, from the
    /// back, so that no second text or list of this size is made.
    fn merge(self, kept: Vec<(String, Vec<Fix>)>) -> (String, Vec<Fix>) {
        let (mut bytes, mut fixes) = (self.text.into_bytes(), self.fixes);
        let (mut text_src, mut fix_src) = (bytes.len(), fixes.len());
        bytes.resize(
            text_src + kept.iter().map(|(t, _)| t.len()).sum::<usize>(),
            0,
        );
        fixes.resize_with(
            fix_src + kept.iter().map(|(_, f)| f.len()).sum::<usize>(),
            hole,
        );
        let (mut text_dst, mut fix_dst) = (bytes.len(), fixes.len());
        for (slot, (line, line_fixes)) in self.slots.iter().zip(kept).rev() {
            // What was written after the slot moves to its place, then the kept line goes in.
            let n = text_src - slot.text;
            bytes.copy_within(slot.text..text_src, text_dst - n);
            text_dst -= n + line.len();
            bytes[text_dst..text_dst + line.len()].copy_from_slice(line.as_bytes());
            text_src = slot.text;
            for i in (slot.fixes..fix_src).rev() {
                fix_dst -= 1;
                fixes.swap(i, fix_dst);
            }
            for f in line_fixes.into_iter().rev() {
                fix_dst -= 1;
                fixes[fix_dst] = f;
            }
            fix_src = slot.fixes;
        }
        let text = String::from_utf8(bytes).expect("whole lines of UTF-8, moved whole");
        (text, fixes)
    }
}

/// A place for a fix, filled while merging (it holds nothing on the heap).
fn hole() -> Fix {
    Fix {
        line: 0,
        col: 0,
        before: String::new(),
        after: String::new(),
        restored: None,
        alternatives: Vec::new(),
        confidence: 0.0,
    }
}

/// A kept line, repaired as finally decided: its text, its fixes, and whether it changed.
fn write_kept(line: &str, p: Pending) -> (String, Vec<Fix>, bool) {
    let (mut text, mut fixes) = (String::with_capacity(line.len()), Vec::new());
    let work = LineWork::again(line, p.lattice);
    let changed = assemble::line(
        &work,
        &p.decisions,
        line,
        p.index + 1,
        &mut text,
        &mut fixes,
    );
    (text, fixes, changed)
}
