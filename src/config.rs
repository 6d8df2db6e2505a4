//! The book configuration (`handbook.yaml`) and the project's folders.
//!
//! `Config::load` validates everything once, so later stages never see a bad configuration:
//! the parts, their chapters in order, and where content, templates and assets live.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{self, Diagnostic, Error};

/// The name of the configuration file at the project root.
pub const CONFIG_FILE: &str = "handbook.yaml";

/// What `handbook.yaml` holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BookConfig {
    /// The book's title.
    pub title: String,
    /// A subtitle shown under the title.
    #[serde(default)]
    pub subtitle: String,
    /// The edition, e.g. "Research & Reference Edition 2025".
    #[serde(default)]
    pub edition: String,
    /// The language of the text, as a BCP 47 tag.
    #[serde(default = "default_language")]
    pub language: String,
    /// A one-sentence description for search engines and link previews.
    #[serde(default)]
    pub description: String,
    /// The public URL of the site, if known (the `--base-url` flag overrides it).
    #[serde(default)]
    pub base_url: Option<String>,
    /// The parts of the book, in reading order; the appendices are the last, marked `appendix: true`.
    pub parts: Vec<PartConfig>,
}

/// One part of the book and its chapters in order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PartConfig {
    /// The part's number, a Roman numeral ("I"), or empty for the appendices.
    #[serde(default)]
    pub number: String,
    /// The part's title.
    pub title: String,
    /// Whether this part holds the appendices.
    #[serde(default)]
    pub appendix: bool,
    /// Chapter files, relative to content/ (e.g. `01-nen-tang/01-mo-hinh-tinh-toan.md`).
    pub chapters: Vec<PathBuf>,
}

fn default_language() -> String {
    "vi".to_owned()
}

/// The validated configuration and the project's folders.
#[derive(Debug, Clone)]
pub struct Config {
    /// The project root.
    pub root: PathBuf,
    /// The book configuration.
    pub book: BookConfig,
}

impl Config {
    /// Reads and validates `root/handbook.yaml`.
    pub fn load(root: &Path) -> Result<Self, ConfigError> {
        let path = root.join(CONFIG_FILE);
        let bytes = diag::read(&path)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            ConfigError::Invalid(locate(
                &path,
                &String::from_utf8_lossy(e.as_bytes()),
                offset,
                "invalid UTF-8",
            ))
        })?;
        let book: BookConfig = serde_yaml::from_str(&text).map_err(|e| {
            let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            ConfigError::Invalid(Diagnostic::error(
                CONFIG_FILE,
                line,
                col,
                "config",
                e.to_string(),
            ))
        })?;
        validate(&book)
            .map_err(|m| ConfigError::Invalid(Diagnostic::error(CONFIG_FILE, 0, 0, "config", m)))?;
        Ok(Self {
            root: root.to_path_buf(),
            book,
        })
    }

    /// The folder of chapter files.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The folder of Tera templates.
    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }

    /// The folder copied verbatim to the output root.
    pub fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }

    /// The folder with the vendored Mermaid library and pre-rendered diagrams.
    pub fn mermaid_dir(&self) -> PathBuf {
        self.root.join("mermaid")
    }

    /// Every chapter file named by the configuration, in reading order.
    pub fn chapter_order(&self) -> impl Iterator<Item = &Path> {
        self.book
            .parts
            .iter()
            .flat_map(|p| p.chapters.iter().map(PathBuf::as_path))
    }
}

fn locate(path: &Path, text: &str, offset: usize, message: &str) -> Diagnostic {
    let (line, col) = diag::LineIndex::new(text).locate(text, offset);
    Diagnostic::error(path, line, col, "encoding", message)
}

fn validate(book: &BookConfig) -> Result<(), String> {
    if book.title.trim().is_empty() {
        return Err("`title` must not be empty".into());
    }
    let mut seen = std::collections::HashSet::new();
    for part in &book.parts {
        for chapter in &part.chapters {
            if chapter.is_absolute()
                || chapter
                    .components()
                    .any(|c| matches!(c, std::path::Component::ParentDir))
            {
                return Err(format!(
                    "chapter path `{}` must stay inside content/",
                    chapter.display()
                ));
            }
            if !seen.insert(chapter) {
                return Err(format!("chapter `{}` is listed twice", chapter.display()));
            }
        }
    }
    Ok(())
}

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error(transparent)]
    Io(#[from] Error),
    /// The file is not a valid configuration.
    #[error("{0}")]
    Invalid(Diagnostic),
}
