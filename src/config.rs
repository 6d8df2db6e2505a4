//! The book configuration (`handbook.yaml`) and the project's folders.
//!
//! `Config::load` validates everything once, so later stages never see a bad configuration:
//! the parts, their chapters in order, and where content, templates and assets live.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{self, Diagnostic, Error};
use crate::project::{Folder, CONFIG_FILE};
use crate::yaml::{Position, Positions};

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
pub(crate) struct Config {
    /// The project root.
    pub root: PathBuf,
    /// The book configuration.
    pub book: BookConfig,
    /// Where each value of `handbook.yaml` stands, for diagnostics.
    positions: Positions,
}

impl Config {
    /// Reads and validates `root/handbook.yaml`.
    pub(crate) fn load(root: &Path) -> Result<Self, ConfigError> {
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
        Self::parse(root, &text)
    }

    /// Validates the text of `handbook.yaml` for the project at `root`.
    pub(crate) fn parse(root: &Path, text: &str) -> Result<Self, ConfigError> {
        let book: BookConfig = serde_yaml::from_str(text).map_err(|e| {
            let (line, col) = crate::yaml::error_position(text, &e, 1).unwrap_or((0, 0));
            ConfigError::Invalid(Diagnostic::error(
                CONFIG_FILE,
                line,
                col,
                "config",
                e.to_string(),
            ))
        })?;
        let config = Self {
            root: root.to_path_buf(),
            book,
            positions: Positions::of(text, 1),
        };
        config.validate().map_err(ConfigError::Invalid)?;
        Ok(config)
    }

    /// Where the value at `path` (`title`, `parts.0.chapters.2`) stands in `handbook.yaml`;
    /// the file's start when it is not written there.
    pub(crate) fn position(&self, path: &str) -> Position {
        self.positions.value(path).unwrap_or((1, 1))
    }

    /// Where the chapter file `chapter` is listed in `handbook.yaml`.
    pub(crate) fn chapter_position(&self, chapter: &Path) -> Position {
        let listed = self.book.parts.iter().enumerate().find_map(|(p, part)| {
            let c = part.chapters.iter().position(|c| c == chapter)?;
            Some(format!("parts.{p}.chapters.{c}"))
        });
        listed.map_or((1, 1), |path| self.position(&path))
    }

    /// An error in `handbook.yaml` at the value `path`.
    pub(crate) fn error_at(&self, path: &str, kind: &'static str, message: String) -> Diagnostic {
        let (line, col) = self.position(path);
        Diagnostic::error(CONFIG_FILE, line, col, kind, message)
    }

    /// A source folder of the project.
    pub(crate) fn dir(&self, folder: Folder) -> PathBuf {
        folder.under(&self.root)
    }
}

fn locate(path: &Path, text: &str, offset: usize, message: &str) -> Diagnostic {
    let (line, col) = diag::LineIndex::new(text).locate(text, offset);
    Diagnostic::error(path, line, col, "encoding", message)
}

impl Config {
    /// What serde cannot check: a title, and chapter paths that stay inside content/, each
    /// listed once.
    fn validate(&self) -> Result<(), Diagnostic> {
        let book = &self.book;
        if book.title.trim().is_empty() {
            let message = "`title` must not be empty".to_owned();
            return Err(self.error_at("title", "config", message));
        }
        let mut seen = std::collections::HashSet::new();
        for (p, part) in book.parts.iter().enumerate() {
            for (c, chapter) in part.chapters.iter().enumerate() {
                let at = format!("parts.{p}.chapters.{c}");
                if chapter.is_absolute()
                    || chapter
                        .components()
                        .any(|c| matches!(c, std::path::Component::ParentDir))
                {
                    let message = format!(
                        "chapter path `{}` must stay inside content/",
                        chapter.display()
                    );
                    return Err(self.error_at(&at, "config", message));
                }
                if !seen.insert(chapter) {
                    let message = format!("chapter `{}` is listed twice", chapter.display());
                    return Err(self.error_at(&at, "config", message));
                }
            }
        }
        Ok(())
    }
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
