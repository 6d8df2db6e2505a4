//! Build-time code highlighting with syntect, as class-based HTML plus one generated stylesheet.
//!
//! The syntax set (syntect's own plus the extra grammars of `two-face`, which include TOML and
//! Dockerfile) is loaded once from its binary dump and shared by every page.
//!
//! Highlighting costs time and memory in proportion to the code, and more on very long lines
//! (the grammars' patterns are tried at every position of a line): a block past
//! [`MAX_LINES`] lines, [`MAX_BYTES`] bytes or a line of [`MAX_LINE_CHARS`] characters is
//! shown as plain text, with a warning ([`too_large`]).

use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::line_memo::LineMemo;
use super::palette::{self, Rgb};
use crate::html::escape;

/// Class prefix for highlighted spans, so they never clash with the site's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The background of code blocks in the light theme: `--code-bg` of `handbook.css`.
const CODE_BACKGROUND_LIGHT: Rgb = Rgb(0xf6, 0xf4, 0xef);
/// The background of code blocks in the dark theme.
const CODE_BACKGROUND_DARK: Rgb = Rgb(0x1b, 0x1d, 0x23);

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

/// Loaded grammars, and the lines parsed with them; create once and share.
pub(crate) struct Highlighter {
    syntaxes: SyntaxSet,
    parsed: LineMemo,
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
            parsed: LineMemo::default(),
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

    /// What syntect's `ClassedHTMLGenerator` makes of `code`, with each line parsed through the
    /// memo: spans may stay open from one line to the next, and are closed at the end.
    fn classed(&self, syntax: &SyntaxReference, code: &str) -> Option<String> {
        let mut state = ParseState::new(syntax);
        let mut scopes = ScopeStack::new();
        let mut html = String::with_capacity(code.len() * 4);
        let mut open_spans = 0;
        for line in LinesWithEndings::from(code) {
            let ops = self.parsed.parse(&mut state, line, &self.syntaxes).ok()?;
            let (spans, opened) =
                line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes).ok()?;
            open_spans += opened;
            html.push_str(&spans);
        }
        for _ in 0..open_spans {
            html.push_str("</span>");
        }
        Some(html)
    }
}

/// The stylesheet for highlighted code. Each theme's rules apply only where that theme is
/// active, so neither theme's more specific selectors can leak into the other: light when the
/// reader chose light, or did not choose and the system is light; dark the other way round.
///
/// The themes' colours are made legible on the code blocks' background ([`palette`]).
pub(crate) fn stylesheet() -> String {
    let themes = two_face::theme::extra();
    let light = themes.get(two_face::theme::EmbeddedThemeName::InspiredGithub);
    let dark = themes.get(two_face::theme::EmbeddedThemeName::OneHalfDark);
    let light = palette::legible(light, CODE_BACKGROUND_LIGHT);
    let dark = palette::legible(dark, CODE_BACKGROUND_DARK);
    let light_css = css_for_theme_with_class_style(&light, CLASS_STYLE).unwrap_or_default();
    let dark_css = css_for_theme_with_class_style(&dark, CLASS_STYLE).unwrap_or_default();
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

    /// Lines parsed once are taken from the memo afterwards: the HTML is still, byte for byte,
    /// what syntect's own generator makes, in a fresh highlighter and in one that has seen the
    /// lines before (in other states too: inside a docstring, a bracket, a multi-line string).
    #[test]
    fn highlights_as_syntect_does_with_lines_seen_before() {
        let blocks = [
            (
                "python",
                "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n",
            ),
            (
                "python",
                "\"\"\"\nimport asyncio\nasync def main():\n\"\"\"\nimport asyncio\n",
            ),
            ("python", "x = (\n    1,\n    2,\n)\nx = 1\n"),
            ("bash", "echo \"$HOME\" \\\n  | wc -l\necho done\n"),
            ("yaml", "a: |\n  x = 1\nb: 2\n"),
        ];
        let memoized = Highlighter::new();
        for _ in 0..2 {
            for (lang, code) in blocks {
                let reference = Highlighter::new();
                let syntax = reference.find(lang).unwrap();
                let mut generator = syntect::html::ClassedHTMLGenerator::new_with_class_style(
                    syntax,
                    &reference.syntaxes,
                    CLASS_STYLE,
                );
                for line in LinesWithEndings::from(code) {
                    generator
                        .parse_html_for_line_which_includes_newline(line)
                        .unwrap();
                }
                let html = generator.finalize();
                let ours = memoized.classed(memoized.find(lang).unwrap(), code);
                assert_eq!(ours.as_deref(), Some(html.as_str()), "{code}");
            }
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

    /// Every colour of a rule of one theme, with the rule's selector.
    fn colours<'a>(css: &'a str, theme: &str) -> Vec<(&'a str, Rgb)> {
        let prefix = format!("html[data-theme={theme}] .code");
        css.split_inclusive('}')
            .filter(|rule| rule.trim_start().starts_with(&prefix))
            .flat_map(|rule| {
                let (selector, body) = rule.split_once('{').unwrap_or_default();
                let selector = selector.trim();
                body.split(';').filter_map(move |decl| {
                    let value = decl.trim().strip_prefix("color:")?.trim();
                    Some((selector, Rgb::parse(value).expect(value)))
                })
            })
            .collect()
    }

    #[test]
    fn every_token_colour_meets_aa_contrast_on_its_code_background() {
        let css = stylesheet();
        for (theme, background) in [
            ("light", CODE_BACKGROUND_LIGHT),
            ("dark", CODE_BACKGROUND_DARK),
        ] {
            let colours = colours(&css, theme);
            assert!(colours.len() > 20, "{theme}: {colours:?}");
            for (selector, colour) in colours {
                let ratio = palette::contrast(colour, background);
                assert!(ratio >= 4.5, "{selector}: {colour:?} is {ratio:.2}:1");
            }
        }
        assert!(
            !css.contains("background-color"),
            "tokens stand on the block's own background"
        );
    }

    /// The backgrounds the colours are measured against are the ones the stylesheet gives
    /// code blocks.
    #[test]
    fn code_backgrounds_are_those_of_the_site_stylesheet() {
        let site_css = include_str!("../../static/assets/css/handbook.css");
        let declared: Vec<Rgb> = site_css
            .lines()
            .filter_map(|l| l.trim().strip_prefix("--code-bg:"))
            .filter_map(|v| Rgb::parse(v.trim().trim_end_matches(';')))
            .collect();
        assert_eq!(
            &declared[..3],
            [
                CODE_BACKGROUND_LIGHT,
                CODE_BACKGROUND_DARK,
                CODE_BACKGROUND_DARK
            ],
            "light, dark chosen, dark by the system"
        );
    }
}
