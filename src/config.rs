//! The book configuration (`handbook.yaml`) and the project's folders.
//!
//! `Config::load` validates everything once, so later stages never see a bad configuration:
//! the parts, their chapters in order, and where content, templates and assets live.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{self, Diagnostic, Error};
use crate::project::{Folder, CONFIG_FILE};
use crate::ui::Ui;
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
    /// The language of the text, as a BCP 47 tag; `vi` or `en` (or a regional tag of either)
    /// also chooses the texts of the interface.
    #[serde(default = "default_language")]
    pub language: String,
    /// A one-sentence description for search engines and link previews.
    #[serde(default)]
    pub description: String,
    /// The public URL of the site, if known (the `--base-url` flag overrides it).
    #[serde(default)]
    pub base_url: Option<String>,
    /// Unnumbered pages before the first part (a preface, an introduction), relative to content/.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preface: Vec<PathBuf>,
    /// The parts of the book, in reading order; the appendices are the last, marked `appendix: true`.
    #[serde(default)]
    pub parts: Vec<PartConfig>,
}

/// One part of the book and its chapters in order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PartConfig {
    /// The part's number ("I"); numbered I, II, … in order when absent, and unnumbered for
    /// the appendices.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::yaml::text_or_number"
    )]
    pub number: Option<String>,
    /// The part's title.
    pub title: String,
    /// Whether this part holds the appendices (lettered A, B, …).
    #[serde(default)]
    pub appendix: bool,
    /// The chapters in order.
    pub chapters: Vec<ChapterConfig>,
}

/// A chapter as `handbook.yaml` lists it: its file, or its file and its sections.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum ChapterConfig {
    /// A chapter file, relative to content/ (e.g. `01-nen-tang/01-mo-hinh-tinh-toan.md`).
    File(PathBuf),
    /// A chapter file with sections: pages numbered under it (3.1, 3.2, …).
    WithSections(ChapterWithSections),
}

/// `{file: …, sections: […]}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChapterWithSections {
    /// The chapter file, relative to content/.
    pub file: PathBuf,
    /// Its section files in order, relative to content/.
    #[serde(default)]
    pub sections: Vec<PathBuf>,
}

/// Read by hand rather than `untagged`: serde then sees which form is written (a path, or a
/// mapping), so a mistake inside the mapping (`fil:`) is reported at its own line with its own
/// message, not as "did not match any variant" at the start of the list.
impl<'de> Deserialize<'de> for ChapterConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ChapterVisitor)
    }
}

struct ChapterVisitor;

impl<'de> serde::de::Visitor<'de> for ChapterVisitor {
    type Value = ChapterConfig;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a chapter file, or `{file: …, sections: […]}`")
    }

    fn visit_str<E: serde::de::Error>(self, file: &str) -> Result<Self::Value, E> {
        Ok(ChapterConfig::File(file.into()))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let deserializer = serde::de::value::MapAccessDeserializer::new(map);
        ChapterWithSections::deserialize(deserializer).map(ChapterConfig::WithSections)
    }
}

impl ChapterConfig {
    /// The chapter's file, relative to content/.
    pub fn file(&self) -> &Path {
        match self {
            ChapterConfig::File(file) => file,
            ChapterConfig::WithSections(c) => &c.file,
        }
    }

    /// Its section files, relative to content/.
    pub fn sections(&self) -> &[PathBuf] {
        match self {
            ChapterConfig::File(_) => &[],
            ChapterConfig::WithSections(c) => &c.sections,
        }
    }
}

fn default_language() -> String {
    "vi".to_owned()
}

/// Where a page file stands in the book's outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// An unnumbered page before the first part.
    Preface,
    /// A chapter of the part at this index.
    Chapter {
        /// Index into [`BookConfig::parts`].
        part: usize,
    },
    /// A section of the chapter listed just before it, in the part at this index.
    Section {
        /// Index into [`BookConfig::parts`].
        part: usize,
    },
}

/// One page file that `handbook.yaml` lists, in reading order.
#[derive(Debug, Clone)]
pub(crate) struct Listed<'a> {
    /// The file, relative to content/.
    pub path: &'a Path,
    /// Where it is written in `handbook.yaml` (`parts.0.chapters.2.file`).
    pub at: String,
    /// Its place in the outline.
    pub place: Place,
}

/// The validated configuration and the project's folders.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// The project root.
    pub root: PathBuf,
    /// The book configuration.
    pub book: BookConfig,
    /// The texts of the interface, in the book's language.
    pub ui: &'static Ui,
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
            let message = crate::yaml::error_message(&e);
            ConfigError::Invalid(Diagnostic::error(CONFIG_FILE, line, col, "config", message))
        })?;
        let positions = Positions::of(text, 1);
        let Some(ui) = Ui::for_language(&book.language) else {
            let (line, col) = positions.value("language").unwrap_or((1, 1));
            let languages: Vec<_> = Ui::languages().map(|l| format!("`{l}`")).collect();
            let message = format!(
                "the interface has no texts in `{}`: use {}",
                book.language,
                languages.join(" or ")
            );
            let error = Diagnostic::error(CONFIG_FILE, line, col, "config", message);
            return Err(ConfigError::Invalid(error));
        };
        let config = Self {
            root: root.to_path_buf(),
            book,
            ui,
            positions,
        };
        config.validate().map_err(ConfigError::Invalid)?;
        Ok(config)
    }

    /// Where the value at `path` (`title`, `parts.0.chapters.2`) stands in `handbook.yaml`;
    /// the file's start when it is not written there.
    pub(crate) fn position(&self, path: &str) -> Position {
        self.positions.value(path).unwrap_or((1, 1))
    }

    /// Every page file the book lists, in reading order: the preface, then each part's
    /// chapters, each followed by its sections.
    pub(crate) fn listing(&self) -> Vec<Listed<'_>> {
        let book = &self.book;
        let preface = book.preface.iter().enumerate().map(|(i, path)| Listed {
            path,
            at: format!("preface.{i}"),
            place: Place::Preface,
        });
        let parts = book.parts.iter().enumerate().flat_map(|(p, part)| {
            part.chapters
                .iter()
                .enumerate()
                .flat_map(move |(c, chapter)| {
                    let at = format!("parts.{p}.chapters.{c}");
                    let (file_at, sections_at) = match chapter {
                        ChapterConfig::File(_) => (at.clone(), String::new()),
                        ChapterConfig::WithSections(_) => {
                            (format!("{at}.file"), format!("{at}.sections"))
                        }
                    };
                    let head = Listed {
                        path: chapter.file(),
                        at: file_at,
                        place: Place::Chapter { part: p },
                    };
                    let sections =
                        chapter
                            .sections()
                            .iter()
                            .enumerate()
                            .map(move |(s, path)| Listed {
                                path,
                                at: format!("{sections_at}.{s}"),
                                place: Place::Section { part: p },
                            });
                    std::iter::once(head).chain(sections)
                })
        });
        preface.chain(parts).collect()
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
    /// What serde cannot check: titles, at least one page (a build would otherwise replace the
    /// site with an empty one), and page paths that name Markdown files inside content/, each
    /// listed once.
    fn validate(&self) -> Result<(), Diagnostic> {
        if self.book.title.trim().is_empty() {
            let message = "`title` must not be empty".to_owned();
            return Err(self.error_at("title", "config", message));
        }
        self.validate_parts()?;
        let mut seen = std::collections::HashSet::new();
        for listed in self.listing() {
            let path = listed.path;
            let problem = if path.is_absolute()
                || path
                    .components()
                    .any(|c| matches!(c, std::path::Component::ParentDir))
            {
                Some("must stay inside content/")
            } else if path.extension().is_none_or(|e| e != "md") {
                Some("must name a Markdown file (`.md`)")
            } else if !seen.insert(path) {
                Some("is listed twice")
            } else {
                None
            };
            if let Some(problem) = problem {
                let message = format!("page `{}` {problem}", path.display());
                return Err(self.error_at(&listed.at, "config", message));
            }
        }
        Ok(())
    }
}

impl Config {
    /// Every part has a title and a chapter, and the book has a page.
    fn validate_parts(&self) -> Result<(), Diagnostic> {
        for (p, part) in self.book.parts.iter().enumerate() {
            if part.title.trim().is_empty() {
                let message = format!("the title of part {} must not be empty", p + 1);
                return Err(self.error_at(&format!("parts.{p}.title"), "config", message));
            }
            if part.chapters.is_empty() {
                let message = format!(
                    "part `{}` lists no chapter: list its chapter files under `chapters:`, or remove the part",
                    crate::diag::quote(&part.title)
                );
                return Err(self.error_at(&format!("parts.{p}.chapters"), "config", message));
            }
        }
        if self.book.parts.is_empty() && self.book.preface.is_empty() {
            let message = "the book lists no page: list its chapter files under `parts:` (building would replace the site with an empty one)".to_owned();
            let written = ["parts", "preface"].into_iter();
            let at = written.flat_map(|k| [self.positions.value(k), self.positions.key(k)]);
            let (line, col) = at.flatten().next().unwrap_or((1, 1));
            return Err(Diagnostic::error(CONFIG_FILE, line, col, "config", message));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_number_may_be_written_as_a_number_or_as_text() {
        let yaml = "title: T\nparts:\n  - title: A\n    number: 2\n    chapters: [a.md]\n  - title: B\n    number: IV\n    chapters: [b.md]\n";
        let book: BookConfig = serde_yaml::from_str(yaml).unwrap();
        let numbers: Vec<_> = book.parts.iter().map(|p| p.number.as_deref()).collect();
        assert_eq!(numbers, [Some("2"), Some("IV")]);
    }
}
