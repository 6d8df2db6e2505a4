//! Every damaged place of a text, for the gates: `handbook repair --check` and `handbook check`
//! call [`damaged_places`] and so agree on what is damaged.
//!
//! Input: a text and what [`repair`](super::repair()) made of it. Output: one [`Place`] per
//! damaged place, in text order, positioned in the text as it stands (1-based line, column in
//! characters):
//! - each place the repair changes (the gaps of one word are one place);
//! - each word with a capital Vietnamese letter after a small one ([`miscased_words`]), which
//!   is how a byte restored wrongly by an earlier repair looks (unless it is part of mojibake:
//!   `tÃ©`);
//! - each word that still reads as mojibake after the repair: the repair left it because it
//!   cannot read it (a damage it does not know), or because the file as a whole looked clean.
//!   Code (inline spans and fenced blocks) is not searched for these: documentation quotes
//!   mojibake there on purpose.

use super::layers::read_back;
use super::letters::is_vietnamese;
use super::miscased::miscased_words;
use super::pieces::Kind;
use super::repaired::{Fix, Repaired};

/// One damaged place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters, in the text as it stands.
    pub col: usize,
    /// The damaged characters as they stand (a whole word where the damage is in a word).
    pub text: String,
    /// What is wrong there.
    pub kind: PlaceKind,
}

/// What is wrong at a [`Place`].
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceKind {
    /// Mojibake that the repair restores: it reads `after` once repaired
    /// (`handbook repair --write` makes the change).
    Repaired {
        /// The place once repaired.
        after: String,
    },
    /// A word mixing a capital Vietnamese letter into a small one (`sỐ`): mojibake restored
    /// wrongly, to fix by hand.
    Miscased,
    /// Mojibake that the repair leaves: to fix by hand, or to quote in code if it is an example.
    Left,
}

impl Place {
    /// What to tell the author, in one sentence, the same wherever the place is reported.
    pub fn message(&self) -> String {
        match &self.kind {
            PlaceKind::Repaired { after } => format!(
                "mojibake {:?} should read {after:?}; `handbook repair --write` restores it",
                self.text
            ),
            PlaceKind::Miscased => format!(
                "`{}` mixes a capital Vietnamese letter into a small word: mojibake restored wrongly; fix the word by hand",
                self.text
            ),
            PlaceKind::Left => format!(
                "`{}` is mojibake that `handbook repair` cannot restore; fix it by hand (or quote it as code)",
                self.text
            ),
        }
    }
}

/// Every damaged place of `text`, given `repaired`, what [`repair`](super::repair()) made of it.
pub fn damaged_places(text: &str, repaired: &Repaired<'_>) -> Vec<Place> {
    let mut out: Vec<Place> = Vec::new();
    let mut fixes = repaired.fixes.iter().peekable();
    let mut fence = Fence::default();
    for (i, (line, now)) in text.split('\n').zip(repaired.text.split('\n')).enumerate() {
        let number = i + 1;
        let mut spans: Vec<Span> = Vec::new();
        while let Some(f) = fixes.next_if(|f| f.line == number) {
            if spans.last().is_some_and(|s| s.col == f.col) {
                continue; // another gap of the same word
            }
            spans.push(Span::of(f));
            out.push(Place {
                line: number,
                col: f.col,
                text: f.before.clone(),
                kind: PlaceKind::Repaired {
                    after: f.after.clone(),
                },
            });
        }
        let code = fence.enter(line);
        for (col, word) in miscased_words(line) {
            let repaired = spans.iter().any(|s| s.overlaps(col, word.chars().count()));
            if !repaired && !is_mojibake(word_at(line, col)) {
                out.push(place(number, col, word, PlaceKind::Miscased));
            }
        }
        if !code {
            for (col, word) in left_mojibake(now) {
                out.push(place(
                    number,
                    before_repair(col, &spans),
                    word,
                    PlaceKind::Left,
                ));
            }
        }
        let line_places = out
            .iter()
            .rposition(|p| p.line != number)
            .map_or(0, |k| k + 1);
        out[line_places..].sort_by_key(|p| p.col);
    }
    out
}

fn place(line: usize, col: usize, text: &str, kind: PlaceKind) -> Place {
    Place {
        line,
        col,
        text: text.to_string(),
        kind,
    }
}

/// A fix's place in its line: where it stands in the text and in the repaired text.
#[derive(Debug, Clone, Copy)]
struct Span {
    col: usize,
    before: usize,
    after: usize,
}

impl Span {
    fn of(f: &Fix) -> Span {
        Span {
            col: f.col,
            before: f.before.chars().count(),
            after: f.after.chars().count(),
        }
    }

    /// Whether the `len` characters from column `col` of the text overlap the fix.
    fn overlaps(&self, col: usize, len: usize) -> bool {
        col < self.col + self.before && self.col < col + len
    }
}

/// The column in the text as it stands of column `col` of its repaired line (`spans`, the line's
/// fixes in order, moved what follows them).
fn before_repair(col: usize, spans: &[Span]) -> usize {
    let mut shift = 0isize;
    for s in spans {
        let start = s.col.saturating_add_signed(shift);
        if start + s.after > col {
            break;
        }
        shift += s.after as isize - s.before as isize;
    }
    col.saturating_add_signed(-shift)
}

/// Fenced code blocks (```` ``` ```` or `~~~`), followed line by line.
#[derive(Debug, Default)]
struct Fence {
    open: Option<(char, usize)>,
}

impl Fence {
    /// Whether `line` is code: inside a block, or one of its fences.
    fn enter(&mut self, line: &str) -> bool {
        let trimmed = line.trim_start();
        let mark = trimmed.chars().next().filter(|c| matches!(c, '`' | '~'));
        let run = mark.map_or(0, |m| trimmed.chars().take_while(|&c| c == m).count());
        match (self.open, mark) {
            (Some((m, n)), Some(c)) if c == m && run >= n => {
                self.open = None;
                true
            }
            (Some(_), _) => true,
            (None, Some(c)) if run >= 3 => {
                self.open = Some((c, run));
                true
            }
            (None, _) => false,
        }
    }
}

/// The words of a line (whitespace-separated, outside inline code spans) that still read as
/// mojibake, with their 1-based column.
fn left_mojibake(line: &str) -> Vec<(usize, &str)> {
    if line.is_ascii() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut col = 1;
    for (k, part) in line.split('`').enumerate() {
        // Between backticks (odd parts) is code.
        if k % 2 == 0 {
            for (at, word) in words(part) {
                if is_mojibake(word) {
                    found.push((col + at, word));
                }
            }
        }
        col += part.chars().count() + 1;
    }
    found
}

/// The whitespace-separated words of `s` with their 0-based column.
fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut col = 0;
    s.split_inclusive(char::is_whitespace).map(move |piece| {
        let at = col;
        col += piece.chars().count();
        (at, piece.trim_end())
    })
}

/// The whitespace-separated word of `line` around column `col` (1-based).
fn word_at(line: &str, col: usize) -> &str {
    let at = line
        .char_indices()
        .nth(col - 1)
        .map_or(line.len(), |(i, _)| i);
    let start = (line[..at].char_indices().rev())
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = line[at..]
        .find(char::is_whitespace)
        .map_or(line.len(), |i| at + i);
    &line[start..end]
}

/// Whether a word reads back, through every layer, into UTF-8 that holds a complete multi-byte
/// character or a Vietnamese letter with two of its bytes left (`Ã©`, `Ä‘`, `Láºp`). Clean
/// words do not: `là”` reads back only into a Cyrillic letter short of a byte.
fn is_mojibake(word: &str) -> bool {
    if word.is_ascii() {
        return false;
    }
    let Some(r) = read_back(word) else {
        return false;
    };
    r.pieces.iter().any(|p| match p.kind() {
        Kind::Decoded(c) => !c.is_ascii(),
        Kind::Gap(g) => {
            let gap = &r.gaps[g as usize];
            gap.have >= 2 && gap.cands.first().is_some_and(|c| is_vietnamese(c.ch))
        }
        Kind::Same(_) => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::bytes::damage;
    use crate::repair::repair;
    use std::ops::Range;

    /// The characters of `line` from column `cols.start` (1-based) to `cols.end`.
    fn at(line: &str, cols: Range<usize>) -> String {
        line.chars().skip(cols.start - 1).take(cols.len()).collect()
    }

    fn places(text: &str) -> Vec<Place> {
        damaged_places(text, &repair(text))
    }

    #[test]
    fn a_clean_text_has_no_damaged_place() {
        let text = "Tác giả gọi đó là “chia để trị”, và nói “được”—rồi đi.\nCafé, São Paulo, NÃO.";
        assert!(places(text).is_empty());
    }

    #[test]
    fn each_repaired_word_is_one_place_where_it_stands() {
        let text = damage("Ở đây ta gọi hàm.\nRồi gửi yêu cầu.");
        let found = places(&text);
        let second: Vec<&Place> = found.iter().filter(|p| p.line == 2).collect();
        let gui = second.iter().find(|p| p.text.contains("á»")).unwrap();
        let line = text.split('\n').nth(1).unwrap();
        assert_eq!(
            at(line, gui.col..gui.col + gui.text.chars().count()),
            gui.text
        );
        assert!(found
            .iter()
            .all(|p| matches!(p.kind, PlaceKind::Repaired { .. })));
        assert_eq!(found.len(), repair(&text).places());
    }

    #[test]
    fn a_miscased_word_is_a_place_but_not_inside_a_repaired_word() {
        let text = "Chương trình được sỐ dụng nhiều.";
        let found = places(text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].col, found[0].text.as_str()), (19, "sỐ"));
        assert_eq!(found[0].kind, PlaceKind::Miscased);
    }

    #[test]
    fn mojibake_left_in_prose_is_a_place_and_quoted_in_code_is_not() {
        let text = "Tiêu đề tiếng Việt, rồi chữ hỏng Ã©tÃ© ở đây.\n`Ã©` là ví dụ.\n```\nÃ©tÃ©\n```";
        let found = places(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].line, found[0].col), (1, 34));
        assert_eq!(found[0].text, "Ã©tÃ©");
        assert_eq!(found[0].kind, PlaceKind::Left);
    }

    #[test]
    fn columns_of_a_repaired_line_are_those_of_the_text_as_it_stands() {
        let spans = [Span {
            col: 3,
            before: 4,
            after: 2,
        }];
        // `abXXXXcd` repaired to `abYYcd`: `c` moves from column 7 to 5.
        assert_eq!(before_repair(5, &spans), 7);
        assert_eq!(before_repair(2, &spans), 2);
    }

    #[test]
    fn fences_of_code_blocks_are_followed() {
        let mut f = Fence::default();
        let code: Vec<bool> = ["a", "```rust", "x", "~~~", "```", "b"]
            .iter()
            .map(|l| f.enter(l))
            .collect();
        assert_eq!(code, [false, true, true, true, true, false]);
    }
}
