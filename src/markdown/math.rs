//! `$…$` and `$$…$$`: LaTeX rendered to MathML at build time with pulldown-latex, so formulas
//! show without JavaScript, from disk and in print.
//!
//! A formula that cannot be converted is shown as its source in a marked box (never dropped)
//! and reported, at its `$`, as a `math` problem. For search, a formula contributes its words:
//! the names of `\operatorname{softmax}`, `\text{độ chính xác}` or `\mathrm{ReLU}`, not the
//! LaTeX commands or single-letter variables.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

use crate::html::escape;

/// A formula as HTML: MathML, or the marked source when it cannot be converted (with why).
pub(super) fn render(source: &str, display: bool, error_label: &str) -> (String, Option<String>) {
    match mathml(source, display) {
        Ok(math) if display => (format!("<span class=\"math-display\">{math}</span>"), None),
        Ok(math) => (math, None),
        Err(problem) => {
            let fence = if display { "$$" } else { "$" };
            let class = if display {
                "math-error math-error-display"
            } else {
                "math-error"
            };
            let html = format!(
                "<code class=\"{class}\" title=\"{}\">{fence}{}{fence}</code>",
                escape(&format!("{error_label} {problem}")),
                escape(source)
            );
            (html, Some(problem))
        }
    }
}

/// The MathML of `source`, or what stops its conversion.
fn mathml(source: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let mut events = Vec::new();
    for event in Parser::new(source, &storage) {
        events.push(Ok::<_, std::convert::Infallible>(
            event.map_err(|e| describe(&e, source))?,
        ));
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..RenderConfig::default()
    };
    let mut out = String::with_capacity(source.len() * 8);
    push_mathml(&mut out, events.into_iter(), config).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The parser's error in one line: what is wrong, and the text around it (from the start of
/// the command it is in).
fn describe(error: &pulldown_latex::ParserError, source: &str) -> String {
    let text = error.to_string();
    let mut lines = text.lines();
    let what = lines.next().unwrap_or_default().trim();
    let what = what.strip_prefix("parsing error: ").unwrap_or(what);
    let near = lines
        .filter_map(|l| l.strip_prefix('│'))
        .map(|l| l.trim_start_matches(['…', ' ']).trim_end())
        .find(|l| !l.is_empty() && !l.starts_with('^'));
    let Some(near) = near else {
        return what.to_owned();
    };
    let near = match source.find(near) {
        Some(at) => {
            let before = &source[..at];
            let word = before.len()
                - before
                    .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    .len();
            let start = at - word;
            let start = if source[..start].ends_with('\\') {
                start - 1
            } else {
                start
            };
            &source[start..at + near.len()]
        }
        None => near,
    };
    format!("{what}, near `{near}`")
}

/// The words of a formula worth finding it by: names of two letters or more, outside LaTeX
/// commands (`\frac`, `\mathbb`), separated by spaces.
pub(super) fn words(source: &str) -> String {
    let mut out = String::new();
    let mut chars = source.chars().peekable();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.chars().count() > 1 {
            out.push(' ');
            out.push_str(word);
        }
        word.clear();
    };
    while let Some(c) = chars.next() {
        if c == '\\' {
            flush(&mut word, &mut out);
            while chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                chars.next();
            }
        } else if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A formula read as plain text, for an alt attribute: commands, braces, `^` and `_` dropped
/// (`\hat{w}_{t+1}` → `w t+1`), spaces kept single.
pub(super) fn plain(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut named = false;
                while chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                    chars.next();
                    named = true;
                }
                if !named {
                    chars.next();
                }
                out.push(' ');
            }
            '{' | '}' => out.push(' '),
            '^' | '_' | '&' => {}
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml_and_failures_keep_their_source() {
        let (html, problem) = render(r"\hat{y}_{ij} = \frac{1}{n}", false, "x");
        assert!(html.starts_with("<math display=\"inline\">"), "{html}");
        assert!(problem.is_none());
        let (html, _) = render(r"\sum_i x_i", true, "x");
        assert!(
            html.starts_with("<span class=\"math-display\"><math display=\"block\">"),
            "{html}"
        );
        let (html, problem) = render(r"\frac{a}{b} + \unknowncommand{x} < 1", false, "Lỗi:");
        assert!(
            html.starts_with("<code class=\"math-error\" title=\"Lỗi: "),
            "{html}"
        );
        assert!(
            html.contains(r"$\frac{a}{b} + \unknowncommand{x} &lt; 1$"),
            "{html}"
        );
        let problem = problem.unwrap();
        assert!(problem.contains(r"near `\unknowncommand{x}"), "{problem}");
    }

    #[test]
    fn the_corpus_of_machine_learning_formulas_converts_but_for_the_known_exceptions() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/author/formulas.tex"
        );
        let corpus = std::fs::read_to_string(path).unwrap();
        let (supported, unsupported) = corpus.split_once("# Not converted").unwrap();
        let (_, unsupported) = unsupported.split_once('\n').unwrap();
        let formulas = |text: &str| -> Vec<String> {
            let lines = text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
            lines.map(str::to_owned).collect()
        };
        let supported = formulas(supported);
        assert!(supported.len() > 300, "{}", supported.len());
        for formula in &supported {
            for display in [false, true] {
                let (html, problem) = render(formula, display, "");
                assert!(problem.is_none(), "{formula}: {problem:?}");
                assert!(html.contains("<math display="), "{formula}");
            }
        }
        for formula in formulas(unsupported) {
            assert!(
                render(&formula, false, "").1.is_some(),
                "{formula} now converts"
            );
        }
    }

    #[test]
    fn search_gets_the_names_in_a_formula() {
        assert_eq!(
            words(
                r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}} + \text{độ chính xác}"
            ),
            " softmax độ chính xác"
        );
        assert_eq!(words(r"\mathrm{ReLU}(x) = \max(0, x)"), " ReLU");
        assert_eq!(plain(r"\hat{w}_{t+1} = \frac{a}{b}"), "w t+1 = a b");
    }
}
