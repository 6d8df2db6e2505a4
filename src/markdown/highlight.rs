//! Build-time code highlighting with syntect, as class-based HTML plus one generated stylesheet.
//!
//! The syntax set (syntect's own plus the extra grammars of `two-face`, which include TOML and
//! Dockerfile) is loaded once from its binary dump and shared by every page.
//!
//! Highlighting costs time and memory in proportion to the code, and more on very long lines
//! (the grammars' patterns are tried at every position of a line): a block past
//! [`MAX_LINES`] lines, [`MAX_BYTES`] bytes or a line of [`MAX_LINE_CHARS`] characters is
//! shown as plain text, with a warning ([`too_large`]).

use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::html::escape;

/// Class prefix for highlighted spans, so they never clash with the site's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Languages the handbook may name that the grammars know under another token.
const ALIASES: &[(&str, &str)] = &[
    ("py", "python"),
    ("shell", "bash"),
    ("sh", "bash"),
    ("console", "bash"),
    ("js", "javascript"),
    ("yml", "yaml"),
    ("docker", "dockerfile"),
];

/// The most lines a highlighted block may have.
pub(crate) const MAX_LINES: usize = 2_000;
/// The most bytes a highlighted block may have.
pub(crate) const MAX_BYTES: usize = 128 * 1024;
/// The longest line a highlighted block may have, in characters.
pub(crate) const MAX_LINE_CHARS: usize = 2_000;

/// Why `code` is too large to highlight, if it is.
pub(crate) fn too_large(code: &str) -> Option<String> {
    let lines = code.lines().count();
    let longest = code.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let why = if code.len() > MAX_BYTES {
        format!(
            "{} KiB (more than {} KiB)",
            code.len() / 1024,
            MAX_BYTES / 1024
        )
    } else if lines > MAX_LINES {
        format!("{lines} lines (more than {MAX_LINES})")
    } else if longest > MAX_LINE_CHARS {
        format!("a line of {longest} characters (more than {MAX_LINE_CHARS})")
    } else {
        return None;
    };
    Some(format!(
        "this code block has {why}: it is shown without highlighting; split it or link to the file"
    ))
}

/// Loaded grammars; create once and share.
pub(crate) struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    /// Loads the grammars from their embedded binary dump.
    pub(crate) fn new() -> Self {
        Self {
            syntaxes: two_face::syntax::extra_newlines(),
        }
    }

    /// Whether `lang` names a known grammar (an empty name means plain text, which is known).
    pub(crate) fn knows(&self, lang: &str) -> bool {
        lang.is_empty() || matches!(lang, "text" | "plain" | "txt") || self.find(lang).is_some()
    }

    fn find(&self, lang: &str) -> Option<&SyntaxReference> {
        let lower = lang.to_ascii_lowercase();
        let token = ALIASES
            .iter()
            .find(|(alias, _)| *alias == lower)
            .map_or(lower.as_str(), |(_, real)| real);
        self.syntaxes
            .find_syntax_by_token(token)
            .or_else(|| self.syntaxes.find_syntax_by_name(lang))
    }

    /// Renders a code block as `<pre class="code" data-lang=…><code …>…</code></pre>`.
    /// Unknown or empty languages come out as escaped plain text.
    pub(crate) fn render(&self, lang: &str, code: &str) -> String {
        let label = if lang.is_empty() { "text" } else { lang };
        let highlight = !lang.is_empty() && too_large(code).is_none();
        let body = match self.find(lang).filter(|_| highlight) {
            Some(syntax) => self.classed(syntax, code).unwrap_or_else(|| escape(code)),
            None => escape(code),
        };
        let label = escape(label);
        format!("<pre class=\"code\" data-lang=\"{label}\"><code class=\"language-{label}\">{body}</code></pre>\n")
    }

    fn classed(&self, syntax: &SyntaxReference, code: &str) -> Option<String> {
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }
}

/// The stylesheet for highlighted code. Each theme's rules apply only where that theme is
/// active, so neither theme's more specific selectors can leak into the other: light when the
/// reader chose light, or did not choose and the system is light; dark the other way round.
pub(crate) fn stylesheet() -> String {
    let themes = two_face::theme::extra();
    let light = themes.get(two_face::theme::EmbeddedThemeName::InspiredGithub);
    let dark = themes.get(two_face::theme::EmbeddedThemeName::OneHalfDark);
    let light_css = css_for_theme_with_class_style(light, CLASS_STYLE).unwrap_or_default();
    let dark_css = css_for_theme_with_class_style(dark, CLASS_STYLE).unwrap_or_default();
    let mut css = String::from("/* Generated by handbook: code highlighting, light and dark. */\n");
    css.push_str(&scope(&light_css, "html[data-theme=light] .code "));
    css.push_str("@media not all and (prefers-color-scheme: dark) {\n");
    css.push_str(&scope(&light_css, "html:not([data-theme=dark]) .code "));
    css.push_str("}\n");
    css.push_str(&scope(&dark_css, "html[data-theme=dark] .code "));
    css.push_str("@media (prefers-color-scheme: dark) {\n");
    css.push_str(&scope(&dark_css, "html:not([data-theme=light]) .code "));
    css.push_str("}\n");
    css
}

/// Prefixes every selector of `css` with `prefix`, so light and dark rules apply only in their theme.
fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    for rule in css.split_inclusive('}') {
        let Some((selectors, body)) = rule.split_once('{') else {
            continue;
        };
        let selectors = strip_comments(selectors);
        let scoped: Vec<String> = selectors
            .split(',')
            .map(|s| format!("{prefix}{}", s.trim()))
            .collect();
        if scoped.iter().all(|s| s.trim().is_empty()) {
            continue;
        }
        out.push_str(&scoped.join(", "));
        out.push_str(" {");
        out.push_str(body);
        out.push('\n');
    }
    out
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_every_language_the_handbook_uses() {
        let h = Highlighter::new();
        for lang in [
            "python",
            "bash",
            "yaml",
            "javascript",
            "dockerfile",
            "toml",
            "sql",
        ] {
            assert!(h.knows(lang), "{lang}");
            let html = h.render(lang, "x = 1 # note\n");
            assert!(html.contains("class=\"hl-"), "{lang}: {html}");
        }
    }

    #[test]
    fn unlabeled_blocks_are_escaped_plain_text() {
        let html = Highlighter::new().render("", "<b>&</b>\n");
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"));
        assert!(html.contains("data-lang=\"text\""));
        assert!(!html.contains("hl-"));
    }

    #[test]
    fn blocks_too_large_to_highlight_are_plain_text() {
        let h = Highlighter::new();
        let many = "x = 1\n".repeat(MAX_LINES + 1);
        let wide = format!("x = '{}'\n", "a".repeat(MAX_LINE_CHARS));
        for code in [many.as_str(), wide.as_str()] {
            assert!(too_large(code).is_some());
            let html = h.render("python", code);
            assert!(!html.contains("hl-") && html.contains("data-lang=\"python\""));
        }
        let fine = "x = 1\n".repeat(MAX_LINES);
        assert!(too_large(&fine).is_none());
        assert!(h.render("python", &fine).contains("hl-"));
    }

    #[test]
    fn stylesheet_has_light_and_dark_rules() {
        let css = stylesheet();
        assert!(css.contains("html[data-theme=light] .code .hl-"));
        assert!(css.contains("html:not([data-theme=dark]) .code .hl-"));
        assert!(css.contains("html[data-theme=dark] .code .hl-"));
        assert!(
            !css.lines().any(|l| l.starts_with(".code ")),
            "no rule may apply in both themes"
        );
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
