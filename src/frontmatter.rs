//! Stage 4: split a chapter's YAML front matter from its Markdown body.
//!
//! Input: a decoded (and repaired) text. Output: a [`Document`]. YAML errors are reported at
//! their line in the file, not in the front matter alone.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::yaml::{Position, Positions};

/// What a chapter's front matter says.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The chapter's title, without its number.
    pub title: String,
    /// The part it belongs to ("I" … "VI", or "Phụ lục").
    #[serde(default)]
    pub part: String,
    /// The chapter's number ("1" … "27") or the appendix letter ("A" … "E").
    #[serde(default)]
    pub number: String,
    /// The page's file name without `.html`; must be unique in the book.
    pub slug: String,
    /// A one-sentence summary for search engines and link previews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A chapter file split into its front matter and body.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to content/.
    pub rel_path: PathBuf,
    /// Path relative to the project root, for diagnostics.
    pub display_path: PathBuf,
    /// The parsed front matter.
    pub meta: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// The 1-based line of the file where `body` starts.
    pub body_line: usize,
    /// Where each front-matter value stands in the file.
    pub positions: Positions,
}

impl Document {
    /// Where the front-matter key `key` stands in the file (its first line when absent).
    pub fn position_of(&self, key: &str) -> Position {
        self.positions.key(key).unwrap_or((1, 1))
    }
}

/// Splits `text` into front matter and body.
pub(crate) fn split(
    rel_path: PathBuf,
    display_path: PathBuf,
    text: &str,
) -> Result<Document, Diagnostic> {
    let err = |line, col, message: String| {
        Diagnostic::error(&display_path, line, col, "front-matter", message)
    };
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err(err(
            1,
            1,
            "missing YAML front matter: the file must start with a `---` line".into(),
        ));
    };
    let Some((yaml, body, yaml_lines)) = find_closing(rest) else {
        return Err(err(
            1,
            1,
            "unclosed front matter: no closing `---` line".into(),
        ));
    };
    let meta: FrontMatter = serde_yaml::from_str(yaml).map_err(|e| {
        let (line, col) = crate::yaml::error_position(yaml, &e, 2).unwrap_or((2, 1));
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        err(line, col, format!("invalid front matter: {message}"))
    })?;
    let positions = Positions::of(yaml, 2);
    if meta.slug.is_empty()
        || !meta
            .slug
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        let (line, col) = positions.value("slug").unwrap_or((2, 1));
        return Err(err(
            line,
            col,
            format!(
                "slug `{}` must be non-empty ASCII letters, digits, `-` or `_`",
                meta.slug
            ),
        ));
    }
    Ok(Document {
        rel_path,
        display_path,
        meta,
        body: body.to_owned(),
        body_line: yaml_lines + 3,
        positions,
    })
}

/// Finds the closing `---` line; returns (yaml, body, number of YAML lines).
fn find_closing(rest: &str) -> Option<(&str, &str, usize)> {
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..], index));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Document, Diagnostic> {
        split("a.md".into(), "content/a.md".into(), text)
    }

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let doc = parse("---\ntitle: Giới thiệu\nslug: gioi-thieu\n---\n## Một\n").unwrap();
        assert_eq!(doc.meta.title, "Giới thiệu");
        assert_eq!(doc.body, "## Một\n");
        assert_eq!(doc.body_line, 5);
    }

    #[test]
    fn reports_yaml_errors_at_the_file_line() {
        let d = parse("---\ntitle: ok\nslug: [unclosed\n---\n").unwrap_err();
        assert_eq!(d.line, 3, "{d}");
        assert_eq!(d.path, PathBuf::from("content/a.md"));
    }

    #[test]
    fn rejects_unknown_keys_and_missing_fences() {
        assert!(parse("---\ntitle: a\nslug: a\ntitel: b\n---\n")
            .unwrap_err()
            .message
            .contains("titel"));
        assert!(parse("# no front matter\n")
            .unwrap_err()
            .message
            .contains("missing"));
        assert!(parse("---\ntitle: a\n")
            .unwrap_err()
            .message
            .contains("unclosed"));
    }
}
