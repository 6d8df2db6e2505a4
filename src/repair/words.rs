//! Words of a reversed line, and what separates them, for the language model and the casing.
//!
//! Input: a [`Reversal`]. Output: [`Word`]s, each a run of pieces, with the boundary before it
//! and whether it starts a sentence. The rules match `tools/langdata/build_tables.py`: a word is a
//! maximal run of alphanumeric characters (or letter gaps); whitespace alone, or `_` alone (the
//! words of an identifier: `SỞ_HỮU`), joins two words into a bigram; `. ! ? : ;` or the line's ends make a sentence boundary `<s>`; anything else a weak `<p>`,
//! except a backtick: a code span is the word's object or subject (`gọi \`f()\``), not a pause, and
//! becomes its own token, which the table (built from prose, where it reads `<p>`) does not know.

use std::ops::Range;

use super::letters::is_word_char;
use super::pieces::{Kind, Reversal};

/// What stands between a word and the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// Only whitespace: the two words form a bigram.
    Adjacent,
    /// The line's start or end, or sentence punctuation.
    Sentence,
    /// Other punctuation or symbols.
    Weak,
    /// A code span's backtick (and no sentence punctuation): the code is the word's object or
    /// subject, like `gọi \`f()\``, which the table (built from prose) knows nothing about.
    Code,
}

/// Where a word stands in its sentence, for casing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    /// First word of a line (after Markdown markers) or after `. ! ?`.
    Start,
    /// After `:`, `;`, a table bar or a quote: either case is usual.
    Maybe,
    /// Inside a sentence.
    Inside,
}

/// One word of a line.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// The pieces it covers.
    pub(crate) pieces: Range<usize>,
    /// The boundary before it.
    pub(crate) before: Bound,
    /// Where it stands in its sentence.
    pub(crate) position: Position,
    /// Whether it holds a letter gap.
    pub(crate) damaged: bool,
    /// Whether it is joined to the previous word by `_` alone (`SỞ_HỮU`, `KÝ_TỰ`): one
    /// identifier, whose parts form a bigram and share their case.
    pub(crate) joined: bool,
}

/// Whether the word `start..end` begins with a string escape such as `\n` (as in code:
/// `print("\nĐã xong")`), whose letter is not part of the word.
fn is_escape(r: &Reversal, start: usize, end: usize) -> bool {
    let at = |i: usize| r.pieces.get(i).map(|p| p.kind());
    start > 0
        && end > start + 1
        && at(start - 1) == Some(Kind::Same('\\'))
        && matches!(at(start), Some(Kind::Same('n' | 't' | 'r')))
        && !matches!(at(start + 1), Some(Kind::Same(_)))
}

/// The character a piece shows when it is not a gap (`None` for gaps).
fn fixed_char(r: &Reversal, i: usize) -> Option<char> {
    match r.pieces[i].kind() {
        Kind::Same(c) | Kind::Decoded(c) => Some(c),
        Kind::Gap(g) => r.gaps[g as usize].cands.first().map(|c| c.ch),
    }
}

fn is_word_piece(r: &Reversal, i: usize) -> bool {
    match r.pieces[i].kind() {
        Kind::Same(c) | Kind::Decoded(c) => is_word_char(c),
        Kind::Gap(g) => r.gaps[g as usize].is_letter(),
    }
}

/// Cuts a reversed line into words.
pub(crate) fn words(r: &Reversal) -> Vec<Word> {
    let n = r.pieces.len();
    let mut out: Vec<Word> = Vec::new();
    let mut i = 0;
    let mut sep_start = 0;
    while i < n {
        if !is_word_piece(r, i) {
            i += 1;
            continue;
        }
        let mut start = i;
        while i < n && is_word_piece(r, i) {
            i += 1;
        }
        if is_escape(r, start, i) {
            start += 1;
        }
        let sep = Sep::of((sep_start..start).filter_map(|k| fixed_char(r, k)));
        let first = out.is_empty();
        let damaged = (start..i).any(|k| matches!(r.pieces[k].kind(), Kind::Gap(_)));
        out.push(Word {
            pieces: start..i,
            before: sep.bound(first),
            position: sep.position(first),
            damaged,
            joined: !first && sep.joined(),
        });
        sep_start = i;
    }
    out
}

/// What a separator holds, gathered in one pass without allocating.
#[derive(Debug, Default, Clone, Copy)]
struct Sep {
    /// `. ! ? : ;`
    sentence: bool,
    /// `. ! ?`
    full_stop: bool,
    /// `: ; | " “ ( [ * #`
    maybe: bool,
    /// Only whitespace and `_`.
    blank: bool,
    /// A `_`.
    underscore: bool,
    /// A backtick.
    code: bool,
    /// Only Markdown markers, digits and whitespace (a line start such as `## 1.` or `- [ ]`).
    markers: bool,
    /// The last character that is not whitespace.
    last: Option<char>,
}

impl Sep {
    fn of(chars: impl Iterator<Item = char>) -> Sep {
        let mut s = Sep {
            blank: true,
            markers: true,
            ..Sep::default()
        };
        for c in chars {
            if c.is_whitespace() {
                continue;
            }
            if c == '_' {
                // Letters joined by `_` are words of one identifier (`NGƯỜI_SỞ_HỮU`).
                s.underscore = true;
                continue;
            }
            s.blank = false;
            s.last = Some(c);
            s.sentence |= matches!(c, '.' | '!' | '?' | ':' | ';');
            s.full_stop |= matches!(c, '.' | '!' | '?');
            s.code |= c == '`';
            s.maybe |= matches!(c, ':' | ';' | '|' | '"' | '“' | '(' | '[' | '*' | '#');
            s.markers &= matches!(
                c,
                '#' | '-'
                    | '*'
                    | '+'
                    | '>'
                    | '|'
                    | '.'
                    | ')'
                    | '('
                    | '['
                    | ']'
                    | '"'
                    | '“'
                    | '‘'
                    | '\''
                    | '`'
                    | '_'
                    | '~'
                    | '='
                    | '0'..='9'
            );
        }
        s
    }

    /// Whether the separator is `_` alone, joining two words into one identifier.
    fn joined(&self) -> bool {
        self.blank && self.underscore
    }

    fn bound(&self, first: bool) -> Bound {
        if first || self.sentence {
            Bound::Sentence
        } else if self.blank {
            Bound::Adjacent
        } else if self.code {
            Bound::Code
        } else {
            Bound::Weak
        }
    }

    fn position(&self, first: bool) -> Position {
        if first && self.markers {
            return if self.last == Some('|') {
                Position::Maybe
            } else {
                Position::Start
            };
        }
        let opening = matches!(self.last, Some('(' | '"' | '“' | '\''));
        if self.full_stop && !opening {
            Position::Start
        } else if self.maybe || (first && !self.markers) {
            Position::Maybe
        } else {
            Position::Inside
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::pieces::reverse;

    #[test]
    fn splits_words_and_boundaries() {
        let r = reverse("- gá»i hÃ\u{a0}m, rá»“i thÃ´i. Sau").unwrap();
        let w = words(&r);
        let b: Vec<Bound> = w.iter().map(|w| w.before).collect();
        assert_eq!(
            b,
            [
                Bound::Sentence,
                Bound::Adjacent,
                Bound::Weak,
                Bound::Adjacent,
                Bound::Sentence
            ]
        );
        assert!(w[0].damaged && !w[1].damaged);
        assert_eq!(w[0].position, Position::Start);
        assert_eq!(w[4].position, Position::Start);
        assert_eq!(w[2].position, Position::Inside);
    }

    #[test]
    fn words_joined_by_underscores_are_a_bigram_of_one_identifier() {
        let r = reverse("--owner=NGÆ¯á»œI_Sá»_Há»®U:NHÃ“M").unwrap();
        let w = words(&r);
        let joined: Vec<(Bound, bool)> = w.iter().map(|w| (w.before, w.joined)).collect();
        assert_eq!(
            joined,
            [
                (Bound::Sentence, false),
                (Bound::Weak, false),
                (Bound::Adjacent, true),
                (Bound::Adjacent, true),
                (Bound::Sentence, false)
            ]
        );
    }

    #[test]
    fn a_code_span_is_its_own_boundary() {
        let r = reverse("gá»i `f()` rá»“i, `x`. Sau").unwrap();
        let b: Vec<Bound> = words(&r).iter().map(|w| w.before).collect();
        assert_eq!(
            b,
            [
                Bound::Sentence,
                Bound::Code,
                Bound::Code,
                Bound::Code,
                Bound::Sentence
            ]
        );
    }
}
