//! Casing: which capitalisation of a word its neighbours and its place in the sentence expect.
//!
//! The language model looks words up in lower case, so `ít`/`Ít` and `Ví`/`VÍ` tie there; this
//! score breaks the tie. An all-caps word wants all-caps neighbours, a capitalised word wants a
//! sentence start (or capitalised neighbours, as in titles), a lower-case word wants neither.

use super::letters::{is_vietnamese, is_word_char};
use super::pieces::{Kind, Reversal};
use super::words::Position;

/// The capitalisation of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    /// No letters (numbers).
    None,
    /// All lower case.
    Lower,
    /// One letter, upper case.
    Single,
    /// First letter upper, the others lower.
    Title,
    /// Two or more letters, all upper.
    Upper,
    /// Anything else (`vÍ`, `iOS`).
    Mixed,
}

/// Whether `c` is a letter, and whether it is upper case (fast for Latin and Vietnamese).
fn letter_case(c: char) -> Option<bool> {
    match u32::from(c) {
        0x41..=0x5A => Some(true),
        0x61..=0x7A => Some(false),
        0..=0x7F | 0xD7 | 0xF7 => None,
        0xC0..=0xDE => Some(true),
        0xDF..=0xFF => Some(false),
        // Latin Extended Additional: upper case at even code points.
        u @ 0x1EA0..=0x1EF9 => Some(u % 2 == 0),
        _ if c.is_alphabetic() => Some(c.is_uppercase()),
        _ => None,
    }
}

/// The case of the letters yielded by `chars`.
pub(crate) fn case_of(chars: impl Iterator<Item = char>) -> Case {
    let (mut n, mut upper, mut first_upper, mut lower_after) = (0, 0, false, false);
    for up in chars.filter_map(letter_case) {
        if n == 0 {
            first_upper = up;
        } else if !up {
            lower_after = true;
        }
        n += 1;
        upper += usize::from(up);
    }
    match (n, upper) {
        (0, _) => Case::None,
        (_, 0) => Case::Lower,
        (1, 1) => Case::Single,
        _ if upper == n => Case::Upper,
        _ if first_upper && upper == 1 && lower_after => Case::Title,
        _ => Case::Mixed,
    }
}

/// What the neighbouring words say about casing.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Neighbours {
    /// Neighbouring words in all caps.
    pub(crate) upper: u8,
    /// Neighbouring words with lower-case letters.
    pub(crate) lower: u8,
    /// Whether the word just before is capitalised (titles).
    pub(crate) title_before: bool,
    /// The case of the undamaged words joined to it by `_` (`KÝ_TỰ`), if they agree: the parts
    /// of an identifier share their case.
    pub(crate) joined: Option<Case>,
}

impl Neighbours {
    /// Counts one neighbour.
    pub(crate) fn add(&mut self, case: Case) {
        match case {
            Case::Upper => self.upper += 1,
            Case::Lower | Case::Title => self.lower += 1,
            _ => {}
        }
    }

    /// Counts an undamaged word joined to this one by `_`.
    pub(crate) fn join(&mut self, case: Case) {
        let case = match case {
            Case::Single => Case::Upper,
            Case::Upper | Case::Lower => case,
            Case::None | Case::Title | Case::Mixed => return,
        };
        self.joined = match self.joined {
            Some(c) if c != case => Some(Case::Mixed),
            _ => Some(case),
        };
    }
}

/// How a document writes the Vietnamese words (two letters or more, one outside ASCII) that start
/// with a capital: in capitals (`TỆP`, `NGUỒN`), or capitalised (`Tệp`). Prose capitalises
/// (sentence starts); documentation of commands writes its placeholders in capitals. Counted over
/// the words that survived the damage whole.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Capitals {
    upper: u32,
    title: u32,
}

impl Capitals {
    /// Counts the undamaged words of a line read back. Only a word that starts with a capital is
    /// looked at letter by letter (this runs over every damaged line of a document).
    pub(crate) fn count(&mut self, r: &Reversal) {
        let mut kinds = r.pieces.iter().map(|p| p.kind()).peekable();
        while let Some(first) = kinds.next() {
            if !in_word(first) {
                continue;
            }
            let capital =
                matches!(first, Kind::Same(c) | Kind::Decoded(c) if letter_case(c) == Some(true));
            let mut word = WordCase::default();
            word.take(first);
            while let Some(kind) = kinds.next_if(|&k| in_word(k)) {
                if capital {
                    word.take(kind);
                }
            }
            if capital {
                self.end(word);
            }
        }
    }

    fn end(&mut self, w: WordCase) {
        if w.damaged || !w.vietnamese || w.letters < 2 || !w.first_upper {
            return;
        }
        match w.upper == w.letters {
            true => self.upper += 1,
            false => self.title += u32::from(w.upper == 1),
        }
    }

    /// How much less likely (natural log) a word in capitals is than a capitalised one here, at
    /// most [`UPPER`]: the share of capitals among the document's words that start with one.
    fn upper(&self) -> f32 {
        let share = (self.upper as f32 + 1.0) / ((self.upper + self.title) as f32 + 2.0);
        (DOC_CAPITALS * share.ln()).max(UPPER)
    }
}

/// What a word seen letter by letter holds.
#[derive(Debug, Default)]
struct WordCase {
    letters: u32,
    upper: u32,
    first_upper: bool,
    vietnamese: bool,
    damaged: bool,
}

/// Whether a piece belongs in a word (a gap does: it is part of a damaged word).
fn in_word(kind: Kind) -> bool {
    match kind {
        Kind::Same(c) | Kind::Decoded(c) => is_word_char(c),
        Kind::Gap(_) => true,
    }
}

impl WordCase {
    fn take(&mut self, kind: Kind) {
        match kind {
            Kind::Same(c) | Kind::Decoded(c) => self.add(c),
            Kind::Gap(_) => self.damaged = true,
        }
    }

    fn add(&mut self, c: char) {
        let Some(up) = letter_case(c) else { return };
        self.first_upper |= self.letters == 0 && up;
        self.letters += 1;
        self.upper += u32::from(up);
        self.vietnamese |= is_vietnamese(c);
    }
}

/// A word in capitals among words in small letters (not a title in capitals), in a document that
/// seldom writes its words so.
const UPPER: f32 = -6.0;
/// How strongly the document's own share of capitals moves [`UPPER`].
const DOC_CAPITALS: f32 = 2.0;

/// How much less likely (natural log) a word is in another case than the words joined to it by
/// `_`: an identifier is written in one case (`NGƯỜI_SỞ_HỮU`, `max_workers`).
const UNJOINED: f32 = -8.0;

/// The casing score (natural log) of a word of case `case` at `pos` among `n`.
pub(crate) fn score(case: Case, pos: Position, n: Neighbours, doc: Capitals) -> f32 {
    let caps_context = n.upper > n.lower;
    match (case, n.joined) {
        (Case::None, _) => return 0.0,
        (Case::Mixed, _) => return -16.0,
        (Case::Upper | Case::Single, Some(Case::Upper)) | (Case::Lower, Some(Case::Lower)) => {
            return 0.0
        }
        (_, Some(Case::Upper | Case::Lower)) => return UNJOINED,
        _ => {}
    }
    match case {
        Case::None => 0.0,
        Case::Mixed => -16.0,
        Case::Lower if caps_context => -6.0,
        Case::Lower if pos == Position::Start => -4.0,
        Case::Lower => 0.0,
        Case::Upper | Case::Single if caps_context => 0.0,
        Case::Upper => doc.upper(),
        Case::Single | Case::Title => match pos {
            Position::Start => 0.0,
            Position::Maybe => -1.0,
            Position::Inside if caps_context => -5.0,
            Position::Inside if n.title_before => -1.5,
            Position::Inside => -4.0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_cases() {
        assert_eq!(case_of("VÍ".chars()), Case::Upper);
        assert_eq!(case_of("Ví".chars()), Case::Title);
        assert_eq!(case_of("ví".chars()), Case::Lower);
        assert_eq!(case_of("Ở".chars()), Case::Single);
        assert_eq!(case_of("vÍ".chars()), Case::Mixed);
        assert_eq!(case_of("2025".chars()), Case::None);
    }

    #[test]
    fn a_word_joined_by_underscores_takes_the_case_of_its_identifier() {
        let doc = Capitals::default();
        let mut n = Neighbours::default();
        n.join(Case::Upper);
        for pos in [Position::Start, Position::Maybe, Position::Inside] {
            assert!(score(Case::Upper, pos, n, doc) > score(Case::Title, pos, n, doc));
            assert!(score(Case::Single, pos, n, doc) > score(Case::Lower, pos, n, doc));
        }
        let mut lower = Neighbours::default();
        lower.join(Case::Lower);
        assert!(
            score(Case::Lower, Position::Start, lower, doc)
                > score(Case::Title, Position::Start, lower, doc)
        );
        // Parts that disagree say nothing.
        n.join(Case::Lower);
        assert_eq!(n.joined, Some(Case::Mixed));
    }

    #[test]
    fn sentence_start_prefers_capitals() {
        let (n, doc) = (Neighbours::default(), Capitals::default());
        let at = |case, pos| score(case, pos, n, doc);
        assert!(at(Case::Title, Position::Start) > at(Case::Lower, Position::Start));
        assert!(at(Case::Title, Position::Inside) < at(Case::Lower, Position::Inside));
    }

    #[test]
    fn a_document_that_writes_words_in_capitals_expects_them() {
        let count = |line: &str| {
            let mut c = Capitals::default();
            c.count(&crate::repair::pieces::reverse(&crate::repair::bytes::damage(line)).unwrap());
            c
        };
        let prose = count("Tệp này. Người dùng đọc. Những dòng đầu. Tệp TỆP");
        assert_eq!((prose.upper, prose.title), (1, 3));
        let help = count("--file=TỆP NGUỒN ĐÍCH THƯ_MỤC Tệp");
        assert_eq!((help.upper, help.title), (4, 1));
        let n = Neighbours::default();
        let upper = |doc| score(Case::Upper, Position::Inside, n, doc);
        assert!(upper(help) > upper(prose) && upper(prose) >= UPPER);
    }
}
