//! Detection: is a line mojibake, and how sure are we?
//!
//! A line is *strong* evidence when reading it back gives complete multi-byte UTF-8 characters
//! (or gaps with two bytes left, like `á»`) that are all plausible: clean text almost never does,
//! since `é` followed by a letter, or a Vietnamese letter outside cp1254, makes the reversal fail.
//! It is *weak* when its only evidence is a lone lead byte that a Latin letter fills (`Ã` could
//! be Portuguese `NÃO`; the `Ó` of `KHÓ`, which only Cyrillic letters fill, is not evidence).
//! [`Survey`] then decides per file: a file whose strong lines outweigh its clean non-ASCII
//! lines is damaged, and all its readable lines are repaired; in any other file only lines with
//! plenty of evidence are (a lone quoted `Ã©` in a clean document stays). Double encoding is
//! undone layer by layer, Latin-1 read twice included. A line that mixes clean words with
//! mojibake (a damaged file partly fixed by hand) is read token by token and repaired when the
//! file is damaged, by its lines or, counting such lines, by its words.

use super::bytes::byte_of;
use super::casing::Capitals;
use super::layers::read_back;
use super::pieces::{is_evidence, Gap, Reversal};
use super::spans::{reverse_spans, Spans};

/// What a line turned out to be.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// Leave it alone.
    Clean,
    /// Complete mojibake sequences: repair it.
    Strong(Reversal),
    /// Only gaps: repair it if the document is damaged.
    Weak(Reversal),
    /// Mojibake beside clean text, read back token by token: a damaged line partly fixed by hand,
    /// or clean text quoting mojibake. Repaired only where the file's words are mostly mojibake.
    Mixed(Spans),
}

/// A line repaired on its own evidence, even in a clean document, needs this many mojibake
/// sequences.
const LINE_EVIDENCE: usize = 3;

/// A file with lines that mix mojibake and clean words is damaged when its words of mojibake
/// outnumber its clean non-ASCII words this many times (a file partly fixed by hand), and hold
/// at least [`MIXED_EVIDENCE`] sequences; text or code that quotes mojibake to explain it has far
/// fewer (a table of samples sets each beside its clean reading).
const MIXED_MAJORITY: usize = 2;
const MIXED_EVIDENCE: usize = 20;

/// What the lines of a file say together.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Survey {
    /// Lines with strong evidence.
    strong: usize,
    /// Their mojibake sequences.
    sequences: usize,
    /// Non-ASCII lines that cannot be wholly mojibake (clean text in some language, or mixed).
    clean: usize,
    /// Lines mixing mojibake and clean words, and their mojibake sequences.
    mixed: usize,
    mixed_sequences: usize,
    /// Non-ASCII words of mojibake, and clean ones.
    mojibake_words: usize,
    clean_words: usize,
    /// Gaps and mojibake sequences in all readable lines: at most one fix each.
    changes: usize,
    /// How the readable lines write their words that start with a capital.
    capitals: Capitals,
}

impl Survey {
    /// Examines every line of `text`. When lines that mix clean words with mojibake leave the
    /// file undecided by its lines, the words of all its lines are counted too.
    pub(crate) fn of(text: &str) -> Survey {
        let mut doc = Survey::default();
        let mut mixed = Vec::new();
        for (i, line) in text.split('\n').enumerate() {
            let verdict = examine(line);
            if matches!(verdict, Verdict::Clean) && has_sequence(line) {
                if let Verdict::Mixed(spans) = examine_mixed(line) {
                    doc.add_mixed(&spans);
                    mixed.push(i);
                }
            }
            doc.add(line, &verdict);
        }
        if !mixed.is_empty() && !doc.damaged() {
            let mut mixed = mixed.into_iter().peekable();
            for (i, line) in text.split('\n').enumerate() {
                if mixed.next_if_eq(&i).is_none() {
                    doc.add_words(line, &examine(line));
                }
            }
        }
        doc
    }

    /// Counts one line and its verdict from [`examine`].
    fn add(&mut self, line: &str, verdict: &Verdict) {
        match verdict {
            Verdict::Strong(r) => {
                self.strong += 1;
                self.sequences += r.multi;
                self.changes += most_fixes(r);
                self.capitals.count(r);
            }
            Verdict::Weak(r) => {
                self.changes += most_fixes(r);
                self.capitals.count(r);
            }
            // `examine` never reads a line as mixed: such lines count here as clean, and their
            // words in `add_mixed`.
            Verdict::Clean | Verdict::Mixed(_) if !line.is_ascii() => self.clean += 1,
            Verdict::Clean | Verdict::Mixed(_) => {}
        }
    }

    /// Counts the words of a line that is not mixed, as its verdict from [`examine`] reads them.
    fn add_words(&mut self, line: &str, verdict: &Verdict) {
        match verdict {
            Verdict::Clean => self.clean_words += non_ascii_words(line),
            _ => self.mojibake_words += non_ascii_words(line),
        }
    }

    /// Counts a line that [`examine`] found clean and [`examine_mixed`] mixed (only its counts are
    /// kept, not its reading).
    fn add_mixed(&mut self, s: &Spans) {
        self.mixed += 1;
        self.mixed_sequences += s.reading.multi;
        self.changes += most_fixes(&s.reading);
        self.mojibake_words += s.mojibake;
        self.clean_words += s.clean;
    }

    /// How the file's readable lines write their words that start with a capital.
    pub(crate) fn capitals(&self) -> Capitals {
        self.capitals
    }

    /// At most how many fixes a repair of the file makes.
    pub(crate) fn changes(&self) -> usize {
        self.changes
    }

    /// Whether the file as a whole was damaged: by its lines, or, when some lines mix mojibake
    /// with clean words, by its words.
    pub(crate) fn damaged(&self) -> bool {
        let by_lines = self.strong > 0
            && self.strong >= self.clean
            && (self.sequences >= LINE_EVIDENCE || self.clean == 0);
        let by_words = self.mixed > 0
            && self.sequences + self.mixed_sequences >= MIXED_EVIDENCE
            && self.mojibake_words > MIXED_MAJORITY * self.clean_words;
        by_lines || by_words
    }

    /// Whether a line with this verdict is to be repaired.
    pub(crate) fn repairs(&self, verdict: &Verdict) -> bool {
        match verdict {
            Verdict::Strong(r) => self.damaged() || r.multi >= LINE_EVIDENCE,
            Verdict::Weak(_) | Verdict::Mixed(_) => self.damaged(),
            Verdict::Clean => false,
        }
    }
}

/// At most how many fixes the repair of a line read as `r` makes: one per gap, and one per
/// stretch of other changes between them (each holding at least one complete sequence).
fn most_fixes(r: &Reversal) -> usize {
    r.gaps.len() + r.multi.min(r.gaps.len() + 1)
}

/// How many whitespace-separated words of a line hold a non-ASCII character.
fn non_ascii_words(line: &str) -> usize {
    line.split_ascii_whitespace()
        .filter(|w| !w.is_ascii())
        .count()
}

/// Examines one line (without its newline) as a whole: [`Verdict::Strong`], [`Verdict::Weak`]
/// or [`Verdict::Clean`].
pub(crate) fn examine(line: &str) -> Verdict {
    if line.is_ascii() {
        return Verdict::Clean;
    }
    let Some(r) = read_back(line).filter(|r| !r.gaps.iter().any(is_far_fetched)) else {
        return Verdict::Clean;
    };
    match (r.multi, r.gaps.is_empty()) {
        (0, false) if is_evidence(&r) => Verdict::Weak(r),
        (0, _) => Verdict::Clean,
        _ => Verdict::Strong(r),
    }
}

/// Whether no likely character fills a gap: its best candidate is a character that text almost
/// never holds (a combining mark of U+0340 to U+036F, a variation selector). Such a gap is a clean
/// capital read back as a lead byte (the `Í` of `VÍ` is CD, which only those fill), in a line
/// whose other words are mojibake: the line is then read token by token.
fn is_far_fetched(gap: &Gap) -> bool {
    gap.cands.first().is_none_or(|c| {
        let combining = ('\u{0300}'..='\u{036F}').contains(&c.ch);
        c.prior < FAR_FETCHED || combining && c.prior < TONE_MARK
    })
}

/// The prior (natural log) below which a gap's best filling is [far-fetched](is_far_fetched):
/// below Cyrillic letters (-7) and Arabic vowel marks (-6), above the rarest characters (-8).
const FAR_FETCHED: f32 = -7.5;
/// The prior of the combining tone marks of Vietnamese: other combining marks are far-fetched.
const TONE_MARK: f32 = -1.5;

/// Examines a line that is not mojibake as a whole for mojibake beside clean words:
/// [`Verdict::Mixed`] or [`Verdict::Clean`].
fn examine_mixed(line: &str) -> Verdict {
    match has_sequence(line).then(|| reverse_spans(line)).flatten() {
        Some(s) if s.reading.multi > 0 => Verdict::Mixed(s),
        _ => Verdict::Clean,
    }
}

/// Whether a line holds a character that reads back to a UTF-8 lead byte (`Ã`, `á`, `ğ`: in
/// UTF-8, C3 82 to C3 B4, or C4 9E, 9F, B0) followed by one that reads back to a continuation byte
/// (`©`, `»`, `€`: C2 80 to C2 BF, or a cp1252 symbol): the mark of mojibake beside clean words.
/// A cheap scan of the bytes, which clean text almost never passes (`ó—` does).
fn has_sequence(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(k) = bytes[i..].iter().position(|&b| b == 0xC3 || b == 0xC4) {
        let at = i + k;
        let lead = match bytes.get(at..at + 2) {
            Some([0xC3, x]) => (0x82..=0xB4).contains(x),
            Some([0xC4, x]) => matches!(x, 0x9E | 0x9F | 0xB0),
            _ => false,
        };
        if lead && continuation_next(&line[at + 2..]) {
            return true;
        }
        i = at + 1;
    }
    false
}

/// Whether the first character of `rest` reads back to a UTF-8 continuation byte.
fn continuation_next(rest: &str) -> bool {
    rest.chars()
        .next()
        .and_then(byte_of)
        .is_some_and(|b| (0x80..0xC0).contains(&b))
}

/// The reading of a line to repair, in a file examined as `doc`; `None` to leave it alone.
pub(crate) fn to_repair(line: &str, doc: &Survey) -> Option<Reversal> {
    let verdict = match examine(line) {
        Verdict::Clean if doc.damaged() && !line.is_ascii() => examine_mixed(line),
        verdict => verdict,
    };
    doc.repairs(&verdict).then(|| reading(verdict)).flatten()
}

/// What a verdict read the line as, if it is mojibake.
fn reading(verdict: Verdict) -> Option<Reversal> {
    match verdict {
        Verdict::Strong(r) | Verdict::Weak(r) => Some(r),
        Verdict::Mixed(s) => Some(s.reading),
        Verdict::Clean => None,
    }
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
        let mut doc = Survey::default();
        let verdicts: Vec<Verdict> = text.iter().map(|l| examine(l)).collect();
        for (l, v) in text.iter().zip(&verdicts) {
            doc.add(l, v);
        }
        assert!(!doc.damaged());
        assert!(verdicts.iter().all(|v| !doc.repairs(v)));
    }

    #[test]
    fn a_reading_into_c1_controls_with_nothing_under_it_is_clean() {
        // C2 91 decodes to U+0091, which no text holds, and no layer under it reads `A\u{91}x` back.
        assert!(matches!(examine("AÂ\u{91}x"), Verdict::Clean));
        assert!(matches!(examine("Ã„Â\u{91}"), Verdict::Strong(_)));
    }

    #[test]
    fn a_clean_capital_beside_mojibake_is_not_read_as_a_gap() {
        // `VÍ` kept clean (Í = C3 8D reads back as a lone CD), `DỤ` damaged.
        assert!(matches!(examine("## VÍ Dá»¤"), Verdict::Clean));
        assert!(matches!(examine_mixed("## VÍ Dá»¤"), Verdict::Mixed(_)));
    }

    #[test]
    fn marks_mojibake_beside_clean_words() {
        assert!(has_sequence("Tiêu đề: Láºp trÃ¬nh"));
        assert!(has_sequence("ğŸ‰ xong"));
        assert!(!has_sequence("Tiêu đề: Lập trình, São Paulo, café"));
        assert!(matches!(
            examine_mixed("Tiêu đề: Láºp trÃ¬nh"),
            Verdict::Mixed(_)
        ));
        // An em dash after `ó` has the mark, but no token reads back.
        assert!(matches!(examine_mixed("đó—chờ"), Verdict::Clean));
    }
}
