//! The book's stylesheet: the site's fonts and a layout written for e-readers.
//!
//! The site's stylesheet is made for browsers (sidebar, search, themes, custom properties that
//! many reading systems ignore), so the book takes only its `@font-face` rules — the fonts,
//! their subsets and unicode ranges stay as the site defines them — and adds `book.css`.
//! A rule whose font file is not embedded is left out: epubcheck rejects a missing resource.
//! A math font (a family named "… Math", the convention of OpenType math fonts) is embedded
//! only in a book that has formulas, and a licence only with a font it covers.

use super::book::Asset;

/// The layout of the book's documents.
const BOOK_CSS: &str = include_str!("book.css");

/// The fonts the book embeds and the rules that use them.
#[derive(Debug, Default)]
pub(crate) struct Fonts<'a> {
    /// The `@font-face` rules kept, their URLs relative to the stylesheet (`../fonts/NAME`).
    pub(crate) faces: String,
    /// The font files those rules name, in the order first named.
    pub(crate) files: Vec<&'a Asset>,
}

impl<'a> Fonts<'a> {
    /// The `@font-face` rules of `site_css` whose every `url()` names one of `fonts`; rules of
    /// math fonts only when `with_math`.
    pub(crate) fn new(site_css: &str, fonts: &'a [Asset], with_math: bool) -> Self {
        let mut kept = Fonts::default();
        for rule in font_face_rules(&strip_comments(site_css)) {
            if !with_math && is_math_face(rule) {
                continue;
            }
            let names: Vec<&str> = urls(rule).map(file_name).collect();
            let found: Option<Vec<&Asset>> = names
                .iter()
                .map(|n| fonts.iter().find(|f| f.name == *n))
                .collect();
            let Some(found) = found.filter(|f| !f.is_empty()) else {
                continue;
            };
            kept.faces.push_str(&relocate(rule));
            kept.faces.push('\n');
            for font in found {
                if !kept.files.iter().any(|f| f.name == font.name) {
                    kept.files.push(font);
                }
            }
        }
        kept
    }
}

/// The licences that cover the `embedded` fonts, out of `licences`, which cover some of `all`
/// the fonts the site publishes: `OFL-Literata.txt` covers the files whose names (letters and
/// digits only, lower case) start with `literata`. A licence that covers none of the
/// published fonts by that rule (its name says nothing) is always kept.
pub(crate) fn licences_of<'a>(
    embedded: &[&Asset],
    all: &[Asset],
    licences: &'a [Asset],
) -> Vec<&'a Asset> {
    let plain = |name: &str| -> String {
        name.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let covers = |licence: &Asset, font: &Asset| {
        let stem = licence.name.trim_end_matches(".txt");
        let family = plain(stem.split_once('-').map_or(stem, |(_, family)| family));
        !family.is_empty() && plain(&font.name).starts_with(&family)
    };
    licences
        .iter()
        .filter(|licence| {
            embedded.iter().any(|font| covers(licence, font))
                || !all.iter().any(|font| covers(licence, font))
        })
        .collect()
}

/// Whether an `@font-face` rule declares a math font: its family's last word is `Math`.
fn is_math_face(rule: &str) -> bool {
    let Some(start) = rule.find("font-family") else {
        return false;
    };
    let value = rule[start + "font-family".len()..]
        .trim_start()
        .trim_start_matches(':');
    let end = value.find([';', '}']).unwrap_or(value.len());
    let family = value[..end].trim().trim_matches(['"', '\'']);
    family.split_whitespace().last() == Some("Math")
}

/// The whole stylesheet of the book.
pub(crate) fn stylesheet(fonts: &Fonts<'_>) -> String {
    format!("{}\n{BOOK_CSS}", fonts.faces)
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

/// Every `@font-face { … }` rule (they hold no nested braces).
fn font_face_rules(css: &str) -> impl Iterator<Item = &str> {
    css.match_indices("@font-face")
        .filter_map(move |(start, _)| {
            let end = css[start..].find('}')?;
            Some(&css[start..=start + end])
        })
}

/// The targets of the `url(…)` values in `rule`, unquoted.
fn urls(rule: &str) -> impl Iterator<Item = &str> {
    rule.match_indices("url(").filter_map(move |(start, _)| {
        let inner = &rule[start + 4..];
        let end = inner.find(')')?;
        Some(inner[..end].trim().trim_matches(['"', '\'']))
    })
}

/// The last segment of a URL path.
fn file_name(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/').next().unwrap_or(path)
}

/// `rule` with each `url()` pointing at `../fonts/NAME`, where the book puts its fonts.
fn relocate(rule: &str) -> String {
    let mut out = String::with_capacity(rule.len());
    let mut rest = rule;
    while let Some(start) = rest.find("url(") {
        out.push_str(&rest[..start]);
        let inner = &rest[start + 4..];
        let end = inner.find(')').unwrap_or(inner.len());
        let target = inner[..end].trim().trim_matches(['"', '\'']);
        out.push_str(&format!("url(\"../fonts/{}\")", file_name(target)));
        rest = inner.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font(name: &str) -> Asset {
        Asset {
            name: name.into(),
            bytes: vec![0],
        }
    }

    #[test]
    fn keeps_font_faces_whose_files_are_embedded() {
        let css = r#"/* @font-face in a comment { src: url(x.woff2) } */
body { color: red }
@font-face { font-family: "A"; src: url("../fonts/a.woff2") format("woff2"); }
@font-face { font-family: "B"; src: url(../fonts/missing.woff2); }
@font-face { font-family: "A"; font-style: italic; src: url('/assets/fonts/a.woff2?v=1'); }"#;
        let fonts = [font("a.woff2"), font("unused.woff2")];
        let kept = Fonts::new(css, &fonts, true);
        assert_eq!(
            kept.faces,
            "@font-face { font-family: \"A\"; src: url(\"../fonts/a.woff2\") format(\"woff2\"); }\n\
             @font-face { font-family: \"A\"; font-style: italic; src: url(\"../fonts/a.woff2\"); }\n"
        );
        let names: Vec<&str> = kept.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.woff2"]);
        assert!(!stylesheet(&kept).contains("color: red"));
    }

    #[test]
    fn math_fonts_only_for_formulas() {
        let css = r#"@font-face { font-family: "Latin Modern Math"; src: local("LM"), url(../fonts/m.woff2); }
@font-face { font-family: Text; src: url(../fonts/t.woff2); }"#;
        let fonts = [font("m.woff2"), font("t.woff2")];
        let names = |with_math| -> Vec<String> {
            let kept = Fonts::new(css, &fonts, with_math);
            kept.files.iter().map(|f| f.name.clone()).collect()
        };
        assert_eq!(names(true), ["m.woff2", "t.woff2"]);
        assert_eq!(names(false), ["t.woff2"]);
        assert!(Fonts::new(css, &fonts, true)
            .faces
            .contains("src: local(\"LM\"), url(\"../fonts/m.woff2\");"));
    }

    #[test]
    fn licences_go_with_the_fonts_they_cover() {
        let all = [
            font("literata-latin-wght-normal.woff2"),
            font("latinmodern-math.woff2"),
        ];
        let licences = [
            font("OFL-Literata.txt"),
            font("GFL-LatinModernMath.txt"),
            font("LICENSE.txt"),
        ];
        let names = |embedded: &[&Asset]| -> Vec<String> {
            let kept = licences_of(embedded, &all, &licences);
            kept.iter().map(|l| l.name.clone()).collect()
        };
        assert_eq!(names(&[&all[0]]), ["OFL-Literata.txt", "LICENSE.txt"]);
        assert_eq!(
            names(&[&all[0], &all[1]]),
            ["OFL-Literata.txt", "GFL-LatinModernMath.txt", "LICENSE.txt"]
        );
    }
}
