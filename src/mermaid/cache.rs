//! The pre-rendered diagrams in `mermaid/cache/`, keyed by a hash of their source.
//!
//! `mermaid/render.mjs` draws each diagram with the official library in headless Chromium and
//! writes `<key>-light.svg` and `<key>-dark.svg`; [`key`] here and `cacheKey` in
//! `mermaid/lib/diagrams.mjs` must agree byte for byte (a unit test pins a known value).

use std::collections::HashMap;
use std::path::Path;

use memchr::memmem;

/// The light and dark SVG of one diagram, ready to inline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variants {
    /// Drawn with Mermaid's `default` theme.
    pub light: String,
    /// Drawn with Mermaid's `dark` theme.
    pub dark: String,
}

/// Every complete pair of SVGs in a cache folder.
#[derive(Debug, Default)]
pub struct Cache {
    entries: HashMap<String, Variants>,
}

impl Cache {
    /// Reads `dir` (a missing folder is an empty cache; unreadable or half pairs are skipped,
    /// so such a diagram is drawn in the browser instead).
    pub(crate) fn load(dir: &Path) -> Self {
        let mut halves: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Self::default();
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some((key, dark)) = name.to_str().and_then(parse_name) else {
                continue;
            };
            let Ok(svg) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let slot = halves.entry(key.to_owned()).or_default();
            if dark {
                slot.1 = Some(prepare(&svg));
            } else {
                slot.0 = Some(prepare(&svg));
            }
        }
        let entries = halves
            .into_iter()
            .filter_map(|(key, pair)| match pair {
                (Some(light), Some(dark)) => Some((key, Variants { light, dark })),
                _ => None,
            })
            .collect();
        Self { entries }
    }

    /// The SVGs of the diagram with this [`key`].
    pub(crate) fn get(&self, key: &str) -> Option<&Variants> {
        self.entries.get(key)
    }

    /// Whether the diagram with this source has been pre-rendered.
    pub fn contains_source(&self, source: &str) -> bool {
        self.entries.contains_key(&key(source))
    }
}

/// `<16 hex>-light.svg` → (key, false); `<16 hex>-dark.svg` → (key, true).
fn parse_name(name: &str) -> Option<(&str, bool)> {
    let (key, dark) = match name.strip_suffix("-light.svg") {
        Some(key) => (key, false),
        None => (name.strip_suffix("-dark.svg")?, true),
    };
    (key.len() == 16 && key.bytes().all(|b| b.is_ascii_hexdigit())).then_some((key, dark))
}

/// The cache key of a diagram: FNV-1a (64-bit) of its normalized UTF-8 source, as 16 hex digits.
///
/// Normalized: line endings become `\n`, trailing spaces, tabs and newlines are dropped, so the
/// key does not depend on how the Markdown ended the block.
pub fn key(source: &str) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let normalized = source.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = normalized.trim_end_matches([' ', '\t', '\n']);
    let hash = trimmed.bytes().fold(OFFSET, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    });
    format!("{hash:016x}")
}

/// Readies a cached SVG for inlining: no trailing newline, and ids and `#` references written
/// with single quotes. The ids already carry the diagram's key, so they are unique in any page;
/// the quotes keep them out of the print view's `id="…"` prefixing (`pages::prefix_ids`), which
/// would otherwise rename the ids but not the `url(#…)` references to them.
fn prepare(svg: &str) -> String {
    let svg = html_valid(svg.trim());
    let svg = requote(&svg, " id=\"");
    requote(&svg, "href=\"#")
}

/// Makes Mermaid's SVG valid for the Nu HTML checker without changing how it draws: HTML's SVG
/// rules require `width`/`height` on `<rect>` (Mermaid leaves them off placeholder rects, whose
/// size is 0 anyway), and they do not know the ARIA graphics role Mermaid sets, so the diagram
/// is announced as an image (its title and description stay linked by `aria-labelledby`).
fn html_valid(svg: &str) -> String {
    let svg = svg.replace("role=\"graphics-document document\"", "role=\"img\"");
    let mut out = String::with_capacity(svg.len() + 256);
    let mut rest = svg.as_str();
    let rect = memmem::Finder::new("<rect");
    while let Some(at) = rect.find(rest.as_bytes()) {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
        let tag = &rest[at..end];
        out.push_str(&rest[..at + 5]);
        if !tag.contains(" width=") {
            out.push_str(" width=\"0\"");
        }
        if !tag.contains(" height=") {
            out.push_str(" height=\"0\"");
        }
        rest = &rest[at + 5..];
    }
    out.push_str(rest);
    out
}

/// Rewrites `name="value"` (where `opening` is `name="` plus any fixed start of the value) as
/// `name='value'`, for values without `'`.
fn requote(text: &str, opening: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Built once: a diagram holds hundreds of ids.
    let finder = memmem::Finder::new(opening);
    while let Some(at) = finder.find(rest.as_bytes()) {
        let value_start = at + opening.len() - opening.rsplit('"').next().map_or(0, str::len);
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        out.push_str(&rest[..value_start - 1]);
        if value.contains('\'') {
            out.push('"');
            out.push_str(value);
            out.push('"');
        } else {
            out.push('\'');
            out.push_str(value);
            out.push('\'');
        }
        rest = &rest[value_start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_rects_get_a_size_and_the_svg_an_image_role() {
        let svg = html_valid(
            r#"<svg role="graphics-document document"><rect/><rect class="a" width="3" height="4"/><rect x="1"></rect></svg>"#,
        );
        assert_eq!(
            svg,
            r#"<svg role="img"><rect width="0" height="0"/><rect class="a" width="3" height="4"/><rect width="0" height="0" x="1"></rect></svg>"#
        );
    }

    #[test]
    fn key_matches_the_node_tools() {
        // The same value as `cacheKey("graph TD\n  A --> B\n")` in mermaid/lib/diagrams.mjs.
        assert_eq!(key("graph TD\n  A --> B\n"), "27513e922821c9ca");
    }

    #[test]
    fn key_ignores_line_endings_and_trailing_blank_lines() {
        assert_eq!(
            key("graph TD\r\n  A --> B\r\n\r\n"),
            key("graph TD\n  A --> B")
        );
        assert_ne!(key("graph TD\n  A --> B"), key("graph TD\n  A --> C"));
    }

    #[test]
    fn ids_and_fragment_references_get_single_quotes() {
        let svg = r##"<svg id="mmd-1"><marker id="mmd-1-m"/><path marker-end="url(#mmd-1-m)"/><use href="#mmd-1-m"/><g class="x"/></svg>"##;
        assert_eq!(
            prepare(svg),
            r##"<svg id='mmd-1'><marker id='mmd-1-m'/><path marker-end="url(#mmd-1-m)"/><use href='#mmd-1-m'/><g class="x"/></svg>"##
        );
    }

    #[test]
    fn file_names_give_key_and_variant() {
        assert_eq!(
            parse_name("0123456789abcdef-light.svg"),
            Some(("0123456789abcdef", false))
        );
        assert_eq!(
            parse_name("0123456789abcdef-dark.svg"),
            Some(("0123456789abcdef", true))
        );
        assert_eq!(parse_name("STAMP"), None);
        assert_eq!(parse_name("xyz-dark.svg"), None);
    }
}
