//! Stage 4: split a chapter's optional YAML front matter from its Markdown body, and settle
//! what the page is called.
//!
//! Input: a decoded (and repaired) text. Output: a [`Document`]. The title is the front
//! matter's `title`, or else the file's first `# ` heading, which then leaves the body (its line
//! stays, empty, so every later line keeps its number); the slug is the front matter's `slug`,
//! or else the file's name. YAML errors are reported at their line in the file, not in the
//! front matter alone.

mod title;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::yaml::{Position, Positions};

/// What a chapter's front matter says, with the title and slug settled.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub struct FrontMatter {
    /// The chapter's title, without its number.
    pub title: String,
    /// The part it belongs to, as the front matter says (`handbook.yaml` places the chapter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// The chapter's number ("1", "A"), when the front matter sets it rather than
    /// `handbook.yaml`'s order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The page's file name without `.html`; must be unique in the book.
    pub slug: String,
    /// A one-sentence summary for search engines and link previews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The front matter as written: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    title: Option<String>,
    #[serde(default, deserialize_with = "crate::yaml::text_or_number")]
    part: Option<String>,
    #[serde(default, deserialize_with = "crate::yaml::text_or_number")]
    number: Option<String>,
    slug: Option<String>,
    description: Option<String>,
}

/// A chapter file split into its front matter and body.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to content/.
    pub rel_path: PathBuf,
    /// Path relative to the project root, for diagnostics.
    pub display_path: PathBuf,
    /// The front matter, title and slug settled.
    pub meta: FrontMatter,
    /// The Markdown after the front matter (without the heading that gave the title).
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

/// Splits `text` into front matter (if any) and body, and settles the title and slug.
pub(crate) fn split(
    rel_path: PathBuf,
    display_path: PathBuf,
    text: &str,
) -> Result<Document, Diagnostic> {
    let err = |(line, col): Position, message: String| {
        Diagnostic::error(&display_path, line, col, "front-matter", message)
    };
    let (written, mut body, body_line, positions) = match opening(text) {
        None => (Written::default(), text.to_owned(), 1, Positions::default()),
        Some(rest) => {
            let Some((yaml, body, yaml_lines)) = find_closing(rest) else {
                let message = "unclosed front matter: no closing `---` line".to_owned();
                return Err(err((1, 1), message));
            };
            let written = parse(yaml).map_err(|(at, message)| err(at, message))?;
            (
                written,
                body.to_owned(),
                yaml_lines + 3,
                Positions::of(yaml, 2),
            )
        }
    };
    let title = title::settle(written.title, &mut body, body_line, &positions)
        .map_err(|(at, message)| err(at, message))?;
    let slug = written.slug.unwrap_or_else(|| slug_of_file(&rel_path));
    if let Some(problem) = slug_problem(&slug) {
        let at = positions.value("slug").unwrap_or((1, 1));
        return Err(err(at, problem));
    }
    Ok(Document {
        meta: FrontMatter {
            title,
            part: written.part,
            number: written.number,
            slug,
            description: written.description,
        },
        rel_path,
        display_path,
        body,
        body_line,
        positions,
    })
}

/// The text after an opening `---` line, when the file starts with one.
fn opening(text: &str) -> Option<&str> {
    text.strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
}

/// Parses the YAML of the front matter; an error comes with its place in the file.
fn parse(yaml: &str) -> Result<Written, (Position, String)> {
    if yaml.trim().is_empty() {
        return Ok(Written::default());
    }
    serde_yaml::from_str(yaml).map_err(|e| {
        let at = crate::yaml::error_position(yaml, &e, 2).unwrap_or((2, 1));
        let message = crate::yaml::error_message(&e);
        (at, format!("invalid front matter: {message}"))
    })
}

/// The slug of a page named after its file: `01-Giới thiệu.md` → `01-gioi-thieu`.
fn slug_of_file(rel_path: &Path) -> String {
    let stem = rel_path.file_stem().unwrap_or_default().to_string_lossy();
    crate::slug::slugify(&stem)
}

/// Why `slug` cannot name a page, if it cannot. A slug that takes the name of a generated
/// page (`index`, `print`, `404`) is reported with every other clash of output paths, by
/// `render::claims`.
fn slug_problem(slug: &str) -> Option<String> {
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    (slug.is_empty() || !slug.bytes().all(allowed))
        .then(|| format!("slug `{slug}` must be non-empty ASCII letters, digits, `-` or `_`"))
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
mod tests;
