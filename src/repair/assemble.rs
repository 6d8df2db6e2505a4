//! Writing a repaired line and recording its changes.
//!
//! Input: a line's [`Reversal`]. Output: the repaired line appended to the text, and [`Fix`]es: one
//! per restored byte (with the word around it, the alternatives and the confidence), one per other
//! changed word, and one per other changed symbol.

use std::cell::Cell;
use std::ops::Range;

use super::decode::Decision;
use super::document::LineWork;
use super::lattice::{chars, Run};
use super::pieces::{Kind, Reversal};
use super::symbols::{argmax, choose};
use super::tokens::Word;
use super::Fix;

/// How many alternatives a fix lists at most, and the least probability worth listing.
const ALTERNATIVES: usize = 4;
const MIN_ALTERNATIVE: f32 = 0.0005;

/// The filling chosen for a gap, its probability, and the alternatives.
#[derive(Debug, Clone, Default)]
struct Fill {
    ch: char,
    confidence: f32,
    alternatives: Vec<(String, f32)>,
}

/// Repairs one line: appends it to `out`, its fixes to `fixes`. Returns whether anything changed.
pub(crate) fn line(
    w: &LineWork,
    decisions: &[Vec<Decision>],
    line: &str,
    lineno: usize,
    out: &mut String,
    fixes: &mut Vec<Fix>,
) -> bool {
    let (r, words) = (&w.r, &w.words);
    let fills = fills(w, decisions);
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
    if changed {
        record(r, (line, &out[start..]), lineno, words, &fills, fixes);
    }
    changed
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
    let mut fills = vec![Fill::default(); r.gaps.len()];
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
            confidence: probs[best],
            alternatives: listed(alternatives.map(|(_, (c, &p))| (c.ch.to_string(), p))),
        };
    }
    fills
}

fn fill_word(r: &Reversal, w: &Word, run: &Run<'_>, i: usize, d: &Decision, fills: &mut [Fill]) {
    let spellings = run.cands(i);
    let best = &spellings[d.best];
    let mut others: Vec<(usize, f32)> = d
        .probs
        .iter()
        .copied()
        .enumerate()
        .filter(|&(k, p)| k != d.best && p >= MIN_ALTERNATIVE)
        .collect();
    others.sort_by(|a, b| b.1.total_cmp(&a.1));
    others.truncate(ALTERNATIVES);
    let alternatives: Vec<(String, f32)> = others
        .into_iter()
        .map(|(k, p)| (chars(r, w, &spellings[k].fills).collect(), p))
        .collect();
    let gaps = r.pieces[w.pieces.clone()]
        .iter()
        .filter_map(|p| match p.kind() {
            Kind::Gap(g) => Some(g as usize),
            _ => None,
        });
    for (g, &ch) in gaps.zip(best.fills.iter().filter(|&&c| c != '\0')) {
        fills[g] = Fill {
            ch,
            confidence: d.probs[d.best],
            alternatives: alternatives.clone(),
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
/// other changes between them (so that a line of plain mojibake is one fix, not fifty).
fn record(
    r: &Reversal,
    (line, repaired): (&str, &str),
    lineno: usize,
    words: &[Word],
    fills: &[Fill],
    fixes: &mut Vec<Fix>,
) {
    // Where each piece starts in the repaired line.
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
    let text = Texts {
        r,
        line,
        repaired,
        offsets,
        lineno,
        cursor: Cell::new((0, 1)),
    };
    let mut pending: Option<Range<usize>> = None;
    let mut next_word = words.iter().peekable();
    let mut i = 0;
    while i < r.pieces.len() {
        let unit = match next_word.peek() {
            Some(w) if w.pieces.start == i => {
                next_word.next().map_or(i..i + 1, |w| w.pieces.clone())
            }
            _ => i..i + 1,
        };
        i = unit.end;
        let pieces = &r.pieces[unit.clone()];
        let gaps: Vec<&Fill> = pieces
            .iter()
            .filter_map(|p| {
                if let Kind::Gap(g) = p.kind() {
                    Some(&fills[g as usize])
                } else {
                    None
                }
            })
            .collect();
        if !gaps.is_empty() {
            if let Some(span) = pending.take() {
                fixes.push(text.fix(span, None, Vec::new(), 1.0));
            }
            for f in gaps {
                fixes.push(text.fix(
                    unit.clone(),
                    Some(f.ch),
                    f.alternatives.clone(),
                    f.confidence,
                ));
            }
        } else if pieces.iter().any(|p| !matches!(p.kind(), Kind::Same(_))) {
            pending = Some(pending.map_or(unit.clone(), |p| p.start..unit.end));
        }
    }
    if let Some(span) = pending {
        fixes.push(text.fix(span, None, Vec::new(), 1.0));
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
    /// A byte offset and its 1-based column, moving forward (fixes come in line order).
    cursor: Cell<(usize, usize)>,
}

impl Texts<'_> {
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
        confidence: f32,
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
            confidence,
        }
    }
}
