//! Rendering the record of changes: one line per fix (`path:line:col: "before" -> "after"
//! (confidence 0.97; alternatives: ...)`), or JSON for machines. Lowest confidence first, so that
//! a reader checks the doubtful ones before the certain ones.

use std::fmt::Write as _;
use std::path::Path;

use super::Fix;

/// A fix and the file it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    /// The file.
    pub path: &'a Path,
    /// The fix.
    pub fix: &'a Fix,
}

/// Sorts fixes lowest confidence first (then by file and position).
pub fn sort(fixes: &mut [Located<'_>]) {
    fixes.sort_by(|a, b| {
        a.fix
            .confidence
            .total_cmp(&b.fix.confidence)
            .then_with(|| a.path.cmp(b.path))
            .then_with(|| (a.fix.line, a.fix.col).cmp(&(b.fix.line, b.fix.col)))
    });
}

/// `path:line:col: "before" -> "after" (confidence 0.97; alternatives: "x" 0.02, ...)`.
pub fn text(l: Located<'_>) -> String {
    let f = l.fix;
    let mut s = format!(
        "{}:{}:{}: {:?} -> {:?} (confidence {:.3}",
        l.path.display(),
        f.line,
        f.col,
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
    s
}

/// Whether the word alone pointed to an alternative, and the rest of the file decided the choice:
/// the confidence weighs both readings (see `document.rs`), so such a fix shows an alternative
/// likelier than itself.
fn overturned(f: &Fix) -> bool {
    f.alternatives.iter().any(|(_, p)| *p > f.confidence)
}

/// One JSON object per fix.
pub fn json(fixes: &[Located<'_>]) -> serde_json::Value {
    fixes
        .iter()
        .map(|l| {
            let f = l.fix;
            serde_json::json!({
                "path": l.path.display().to_string(),
                "line": f.line,
                "col": f.col,
                "before": f.before,
                "after": f.after,
                "restored": f.restored.map(String::from),
                "alternatives": f.alternatives.iter()
                    .map(|(a, p)| serde_json::json!({ "text": a, "probability": p }))
                    .collect::<Vec<_>>(),
                "confidence": f.confidence,
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
        };
        text(Located {
            path: Path::new("a.md"),
            fix: &fix,
        })
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
