//! Writing a repaired line and recording its changes.
//!
//! Input: a line's [`Reversal`]. Output: the repaired line appended to the text, and [`Fix`]es: one
//! per restored byte (with the word around it, the alternatives and the confidence), one per other
//! changed word, and one per other changed symbol; and where the words the document's lessons
//! will decide again were written ([`Placement`]).

use std::cell::Cell;
use std::ops::Range;

use super::calibrate::confidence;
use super::decode::Decision;
use super::lattice::Run;
use super::lessons::{First, LineWork};
use super::pieces::{Kind, Reversal};
use super::placement::Placement;
use super::probs::argmax;
use super::repaired::{Evidence, Fix};
use super::spellings::chars;
use super::symbols::choose;
use super::words::Word;

/// How many alternatives a fix lists at most, and the least probability worth listing.
const ALTERNATIVES: usize = 4;
const MIN_ALTERNATIVE: f32 = 0.0005;

/// The filling chosen for a gap, its probability, and the alternatives.
#[derive(Debug, Clone)]
struct Fill {
    ch: char,
    evidence: Evidence,
    alternatives: Vec<(String, f32)>,
}

/// Repairs one line as its first pass decided: appends it to `out`, its fixes to `fixes`. Returns
/// whether anything changed, and where the words it left undecided went.
pub(crate) fn line(
    w: &LineWork,
    first: &First,
    line: &str,
    lineno: usize,
    out: &mut String,
    fixes: &mut Vec<Fix>,
) -> (bool, Placement) {
    let (r, words) = (&w.r, &w.words);
    let mut fills = fills(w, &first.decisions);
    let start = out.len();
    // Between the gaps, the bytes read back are the repaired text as they stand.
    let mut from = 0;
    for (gap, fill) in r.gaps.iter().zip(&fills) {
        out.push_str(utf8(&r.bytes[from..gap.at as usize]));
        out.push(fill.ch);
        from = (gap.at + gap.have) as usize;
    }
    out.push_str(utf8(&r.bytes[from..]));
    let changed = r.pieces.iter().any(|p| !matches!(p.kind(), Kind::Same(_)));
    let mut placement = Placement::default();
    if changed {
        let text = Texts::new(r, (line, &out[start..]), (lineno, start), &fills);
        let place = (first.undecided(), &mut placement);
        record(&text, words, &mut fills, fixes, place);
    }
    (changed, placement)
}

/// The alternatives to a decision worth listing: their index and probability, likeliest first.
pub(crate) fn ranked(d: &Decision) -> impl Iterator<Item = (usize, f32)> {
    let mut others: Vec<(usize, f32)> = d
        .probs
        .iter()
        .copied()
        .enumerate()
        .filter(|&(k, p)| k != d.best && p >= MIN_ALTERNATIVE)
        .collect();
    others.sort_by(|a, b| b.1.total_cmp(&a.1));
    others.truncate(ALTERNATIVES);
    others.into_iter()
}

/// Bytes known to be UTF-8: [`pieces`](super::pieces) only leaves complete sequences between gaps.
fn utf8(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("complete UTF-8 sequences between gaps")
}

fn shown(kind: Kind, fills: &[Fill]) -> char {
    match kind {
        Kind::Same(c) | Kind::Decoded(c) => c,
        Kind::Gap(g) => fills[g as usize].ch,
    }
}

/// Decides every gap of the line.
fn fills(w: &LineWork, decisions: &[Vec<Decision>]) -> Vec<Fill> {
    let r = &w.r;
    let unfilled = Fill {
        ch: '\0',
        evidence: Evidence::certain(0.0),
        alternatives: Vec::new(),
    };
    let mut fills = vec![unfilled; r.gaps.len()];
    for (run, ds) in w.lattice.runs().zip(decisions) {
        for (i, d) in ds.iter().enumerate() {
            fill_word(r, &w.words[run.words()[i]], &run, i, d, &mut fills);
        }
    }
    for (i, p) in r.pieces.iter().enumerate() {
        let Kind::Gap(g) = p.kind() else { continue };
        let gap = &r.gaps[g as usize];
        if fills[g as usize].ch != '\0' {
            continue;
        }
        let probs = choose(r, i, gap);
        let best = argmax(&probs);
        let alternatives = gap
            .cands
            .iter()
            .zip(&probs)
            .enumerate()
            .filter(|&(k, _)| k != best);
        fills[g as usize] = Fill {
            ch: gap.cands[best].ch,
            evidence: Evidence::certain(probs[best]),
            alternatives: listed(alternatives.map(|(_, (c, &p))| (c.ch.to_string(), p))),
        };
    }
    fills
}

fn fill_word(r: &Reversal, w: &Word, run: &Run<'_>, i: usize, d: &Decision, fills: &mut [Fill]) {
    let spellings = run.cands(i);
    let best = &spellings[d.best];
    let mut alternatives: Vec<(String, f32)> = ranked(d)
        .map(|(k, p)| (chars(r, w, &spellings[k].fills).collect(), p))
        .collect();
    let gaps = r.pieces[w.pieces.clone()]
        .iter()
        .filter_map(|p| match p.kind() {
            Kind::Gap(g) => Some(g as usize),
            _ => None,
        });
    let mut filled = gaps
        .zip(best.fills.iter().filter(|&&c| c != '\0'))
        .peekable();
    while let Some((g, &ch)) = filled.next() {
        // Each gap of the word lists the same alternatives; the last one takes them.
        let alternatives = match filled.peek() {
            Some(_) => alternatives.clone(),
            None => std::mem::take(&mut alternatives),
        };
        fills[g] = Fill {
            ch,
            evidence: d.evidence(),
            alternatives,
        };
    }
}

fn listed(alts: impl Iterator<Item = (String, f32)>) -> Vec<(String, f32)> {
    let mut v: Vec<(String, f32)> = alts.filter(|a| a.1 >= MIN_ALTERNATIVE).collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    v.truncate(ALTERNATIVES);
    v
}

/// Records the fixes of a changed line: one per gap (spanning its word), and one per stretch of
/// other changes between them (so that a line of plain mojibake is one fix, not fifty); and where
/// the words `place` names (in order) were written.
fn record(
    text: &Texts,
    words: &[Word],
    fills: &mut [Fill],
    fixes: &mut Vec<Fix>,
    (place, placement): (&[usize], &mut Placement),
) {
    let r = text.r;
    let mut place = place.iter().copied().peekable();
    let mut stretch: Option<Range<usize>> = None;
    let mut next_word = words.iter().enumerate().peekable();
    let mut i = 0;
    while i < r.pieces.len() {
        let (word, unit) = match next_word.next_if(|(_, w)| w.pieces.start == i) {
            Some((k, w)) => (Some(k), w.pieces.clone()),
            None => (None, i..i + 1),
        };
        i = unit.end;
        let pieces = &r.pieces[unit.clone()];
        let mut gaps = (unit.clone())
            .zip(pieces)
            .filter_map(|(at, p)| match p.kind() {
                Kind::Gap(g) => Some((at, g as usize)),
                _ => None,
            })
            .peekable();
        if gaps.peek().is_none() {
            if pieces.iter().any(|p| !matches!(p.kind(), Kind::Same(_))) {
                stretch = Some(stretch.map_or(unit.clone(), |s| s.start..unit.end));
            }
            continue;
        }
        if let Some(span) = stretch.take() {
            fixes.push(text.fix(span, None, Vec::new(), Evidence::certain(1.0)));
        }
        let placed = word.is_some_and(|k| place.next_if_eq(&k).is_some());
        for (at, g) in gaps {
            if placed {
                placement.gap(text.at(at), fixes.len());
            }
            // Each fill is recorded once: its fix takes its alternatives.
            let f = &mut fills[g];
            let alternatives = std::mem::take(&mut f.alternatives);
            fixes.push(text.fix(unit.clone(), Some(f.ch), alternatives, f.evidence));
        }
        if placed {
            placement.word(text.at(unit.start)..text.at(unit.end));
        }
    }
    if let Some(span) = stretch {
        fixes.push(text.fix(span, None, Vec::new(), Evidence::certain(1.0)));
    }
}

/// A line before and after, and its reversal: what a fix is cut from.
struct Texts<'a> {
    r: &'a Reversal,
    line: &'a str,
    repaired: &'a str,
    /// The byte offset in `repaired` of each piece, and its end.
    offsets: Vec<u32>,
    lineno: usize,
    /// Where `repaired` starts in the whole text.
    base: usize,
    /// A byte offset and its 1-based column, moving forward (fixes come in line order).
    cursor: Cell<(usize, usize)>,
}

impl<'a> Texts<'a> {
    /// The line `lineno`, repaired with `fills` from byte `base` of the text.
    fn new(
        r: &'a Reversal,
        (line, repaired): (&'a str, &'a str),
        (lineno, base): (usize, usize),
        fills: &[Fill],
    ) -> Texts<'a> {
        let mut at = 0u32;
        let mut offsets: Vec<u32> = r
            .pieces
            .iter()
            .map(|p| {
                let here = at;
                at += shown(p.kind(), fills).len_utf8() as u32;
                here
            })
            .collect();
        offsets.push(at);
        Texts {
            r,
            line,
            repaired,
            offsets,
            lineno,
            base,
            cursor: Cell::new((0, 1)),
        }
    }

    /// The byte offset in the whole text where piece `i` was written (or, for the piece count,
    /// where the line ends).
    fn at(&self, i: usize) -> usize {
        self.base + self.offsets[i] as usize
    }

    /// The 1-based column of byte offset `at`, counted from the last one asked.
    fn col(&self, at: usize) -> usize {
        let (mut byte, mut col) = self.cursor.get();
        if at < byte {
            (byte, col) = (0, 1);
        }
        col += self.line[byte..at].chars().count();
        byte = at;
        self.cursor.set((byte, col));
        col
    }

    /// A fix covering the pieces `span`.
    fn fix(
        &self,
        span: Range<usize>,
        restored: Option<char>,
        alternatives: Vec<(String, f32)>,
        evidence: Evidence,
    ) -> Fix {
        let pieces = &self.r.pieces[span.clone()];
        let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
        let (start, end) = (first.start as usize, (last.start + last.width()) as usize);
        let after = self.offsets[span.start] as usize..self.offsets[span.end] as usize;
        Fix {
            line: self.lineno,
            col: self.col(start),
            before: self.line[start..end].to_string(),
            after: self.repaired[after].to_string(),
            restored,
            alternatives,
            confidence: confidence(evidence),
            evidence,
        }
    }
}
