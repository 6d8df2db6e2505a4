//! Rendering the record of changes: one line per fix (`path:line:col: "before" -> "after"
//! (confidence 0.97; alternatives: ...) in "…the repaired words around it…"`), or JSON for
//! machines. Lowest confidence first, so that a reader checks the doubtful ones before the certain
//! ones, and can judge each from the report alone. After `--write`, `line:col` is where the fix now
//! stands in the rewritten file, so that an editor can jump to it.

use std::fmt::Write as _;
use std::path::Path;

use crate::repair::Fix;

/// A fix, the file it belongs to, and where it stands in the repaired text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Located<'a> {
    /// The file.
    pub path: &'a Path,
    /// The fix.
    pub fix: &'a Fix,
    /// Its place in the repaired text (see [`placed`]).
    pub placed: &'a Placed,
    /// Whether the file now holds the repaired text (`--write`): the text report then gives the
    /// repaired column, so that `path:line:col` points into the file as it is.
    pub rewritten: bool,
}

/// Where a fix's result stands in the repaired text, and the words around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// 1-based column (in chars) of the fix's text in the repaired line (the line is the same).
    pub col: usize,
    /// The repaired words around a fix that restored a byte; empty for the others, which had no
    /// choice to make.
    pub context: String,
}

/// How many words on each side of a fix its context shows, and at most how many characters.
const CONTEXT_WORDS: usize = 4;
const CONTEXT_CHARS: usize = 48;

/// Where each fix stands in the repaired text, as `repair` returned them (`fixes` in text order,
/// `repaired` the text they made), with the repaired words around each fix that restored a byte:
/// a `gọi`/`gửi` cannot be judged without the sentence it stands in, and a proofreader edits the
/// repaired text, whose columns are not the damaged ones.
pub fn placed(repaired: &str, fixes: &[Fix]) -> Vec<Placed> {
    let lines: Vec<&str> = repaired.split('\n').collect();
    let mut out = Vec::with_capacity(fixes.len());
    // The current line's characters; how many more characters the repaired line has before the
    // next fix than the damaged one; and where the last fix's span ended (the gaps of one word
    // share its span).
    let (mut line, mut chars, mut shift, mut end) = (0, Vec::new(), 0isize, 0);
    let mut at = 0;
    for f in fixes {
        if f.line != line {
            line = f.line;
            let text = line.checked_sub(1).and_then(|i| lines.get(i));
            chars = text.map_or(Vec::new(), |l| l.chars().collect());
            (shift, end) = (0, 0);
        }
        let before = f.before.chars().count();
        if f.col >= end {
            at = f.col.saturating_add_signed(shift).saturating_sub(1);
            shift += f.after.chars().count() as isize - before as isize;
            end = f.col + before;
        }
        let context = match f.restored {
            Some(_) => around(&chars, at, f.after.chars().count()),
            None => String::new(),
        };
        out.push(Placed {
            col: at + 1,
            context,
        });
    }
    out
}

/// The words of a line (`chars`) around the `len` characters from character `at`, with `…` where
/// the line goes on.
fn around(chars: &[char], at: usize, len: usize) -> String {
    let (at, end) = (at.min(chars.len()), (at + len).min(chars.len()));
    let start = word_edge(chars[..at].iter().rev());
    let stop = word_edge(chars[end..].iter());
    let mut s = String::new();
    if start < at {
        s.push('…');
    }
    s.extend(
        chars[at - start..end + stop]
            .iter()
            .map(|c| if c.is_whitespace() { ' ' } else { *c }),
    );
    if end + stop < chars.len() {
        s.push('…');
    }
    s.trim().to_string()
}

/// How many characters from the start of `chars` the next [`CONTEXT_WORDS`] words take (up to
/// the space after the last one, the end, or [`CONTEXT_CHARS`]: text without spaces has no words
/// to count).
fn word_edge<'c>(chars: impl Iterator<Item = &'c char>) -> usize {
    let (mut n, mut seen, mut in_word) = (0, 0, false);
    for c in chars.take(CONTEXT_CHARS) {
        match (c.is_whitespace(), in_word) {
            (true, true) if seen == CONTEXT_WORDS => return n,
            (true, true) => in_word = false,
            (false, false) => {
                in_word = true;
                seen += 1;
            }
            _ => {}
        }
        n += 1;
    }
    n
}

/// Sorts fixes lowest confidence first (then by file and position).
pub(super) fn sort(fixes: &mut [Located<'_>]) {
    fixes.sort_by(|a, b| {
        a.fix
            .confidence
            .total_cmp(&b.fix.confidence)
            .then_with(|| a.path.cmp(b.path))
            .then_with(|| (a.fix.line, a.fix.col).cmp(&(b.fix.line, b.fix.col)))
    });
}

/// `path:line:col: "before" -> "after" (confidence 0.97; alternatives: "x" 0.02, ...)`.
pub(super) fn text(l: Located<'_>) -> String {
    let f = l.fix;
    let col = if l.rewritten { l.placed.col } else { f.col };
    let mut s = format!(
        "{}:{}:{col}: {:?} -> {:?} (confidence {:.3}",
        l.path.display(),
        f.line,
        f.before,
        f.after,
        f.confidence
    );
    if let Some(c) = f.restored {
        let _ = write!(s, "; restored {c:?} U+{:04X}", u32::from(c));
    }
    if !f.alternatives.is_empty() {
        let alts: Vec<String> = f
            .alternatives
            .iter()
            .map(|(a, p)| format!("{a:?} {p:.3}"))
            .collect();
        let _ = write!(s, "; alternatives: {}", alts.join(", "));
    }
    if overturned(f) {
        s.push_str("; chosen for what the rest of the file says");
    }
    s.push(')');
    if !l.placed.context.is_empty() {
        let _ = write!(s, " in {:?}", l.placed.context);
    }
    s
}

/// Whether the word alone pointed to an alternative, and the rest of the file decided the choice:
/// the probability in context weighs both readings (see `lessons.rs`), so such a fix shows an
/// alternative likelier than its choice.
fn overturned(f: &Fix) -> bool {
    f.alternatives.iter().any(|(_, p)| *p > f.evidence.context)
}

/// One JSON object per fix: `line` and `col` where the damage stood, `repaired_col` where the
/// fix's text stands in the repaired line.
pub(super) fn json(fixes: &[Located<'_>]) -> serde_json::Value {
    fixes
        .iter()
        .map(|l| {
            let f = l.fix;
            serde_json::json!({
                "path": l.path.display().to_string(),
                "line": f.line,
                "col": f.col,
                "repaired_col": l.placed.col,
                "before": f.before,
                "after": f.after,
                "restored": f.restored.map(String::from),
                "alternatives": f.alternatives.iter()
                    .map(|(a, p)| serde_json::json!({ "text": a, "probability": p }))
                    .collect::<Vec<_>>(),
                "confidence": f.confidence,
                "context": (!l.placed.context.is_empty()).then_some(&l.placed.context),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fix of `gá»i` at a.md:3:7, rendered.
    fn rendered(after: &str, restored: char, alternative: (&str, f32), confidence: f32) -> String {
        let fix = Fix {
            line: 3,
            col: 7,
            before: "gá»i".into(),
            after: after.into(),
            restored: Some(restored),
            alternatives: vec![(alternative.0.into(), alternative.1)],
            confidence,
            evidence: crate::repair::Evidence {
                context: confidence,
                alone: confidence,
            },
        };
        text(Located {
            path: Path::new("a.md"),
            fix: &fix,
            placed: &Placed {
                col: 5,
                context: String::new(),
            },
            rewritten: false,
        })
    }

    #[test]
    fn a_restored_byte_is_shown_in_the_words_around_it() {
        let damaged = crate::repair::damage(
            "Tiêu đề\nỞ đây ta gọi hàm rồi gửi yêu cầu tới máy chủ ngay.\nHọ gửi.",
        );
        let r = crate::repair::repair(&damaged);
        let contexts_of = |r: &crate::repair::Repaired| -> Vec<String> {
            let placed = placed(&r.text, &r.fixes);
            placed.into_iter().map(|p| p.context).collect()
        };
        let contexts = contexts_of(&r);
        let of = |word: &str, line: usize| {
            let i = (r.fixes.iter())
                .position(|f| f.after == word && f.line == line && f.restored.is_some())
                .unwrap_or_else(|| panic!("no fix of {word} on line {line}: {:?}", r.fixes));
            contexts[i].as_str()
        };
        assert_eq!(of("gửi", 2), "…ta gọi hàm rồi gửi yêu cầu tới máy…");
        assert_eq!(of("Ở", 2), "Ở đây ta gọi hàm…");
        assert_eq!(of("gửi", 3), "Họ gửi.");
        // Text without spaces has no words to count: the context stops after a few characters.
        let long = crate::repair::damage(&format!("Đây {}.", "x".repeat(300)));
        let r2 = crate::repair::repair(&long);
        let c = &contexts_of(&r2)[0];
        assert!(c.starts_with("Đây xxx") && c.ends_with("x…"), "{c}");
        assert_eq!(
            c.chars().count(),
            "Đây".chars().count() + CONTEXT_CHARS + 1,
            "{c}"
        );
        // Fixes that restored nothing made no choice, and have no context.
        for (f, c) in r.fixes.iter().zip(&contexts) {
            assert_eq!(f.restored.is_none(), c.is_empty(), "{f:?}");
        }
    }

    #[test]
    fn renders_a_fix_on_one_line() {
        let s = rendered("gọi", 'ọ', ("gửi", 0.02), 0.97);
        assert_eq!(s, "a.md:3:7: \"gá»i\" -> \"gọi\" (confidence 0.970; restored 'ọ' U+1ECD; alternatives: \"gửi\" 0.020)");
    }

    #[test]
    fn says_when_the_rest_of_the_file_overturned_the_word_alone() {
        let s = rendered("gửi", 'ử', ("gọi", 0.9), 0.1);
        assert!(
            s.ends_with("\"gọi\" 0.900; chosen for what the rest of the file says)"),
            "{s}"
        );
    }
}
