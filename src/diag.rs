//! Diagnostics: every problem the pipeline finds, located as `path:line:col`.
//!
//! Content problems are [`Diagnostic`] values that flow back to the command, which prints them
//! sorted and decides the exit code. Fatal I/O problems are [`Error`]s that always name their path.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors fail `build`, warnings only fail `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something worth fixing that does not stop the site from being built.
    Warning,
    /// Something that stops the site from being built correctly.
    Error,
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// The file, relative to the project root where possible.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    /// Error or warning.
    pub severity: Severity,
    /// A short machine-friendly kind, such as `broken-link` or `mojibake`.
    pub kind: &'static str,
    /// What is wrong, for a human.
    pub message: String,
}

impl Diagnostic {
    /// An error at `path:line:col`.
    pub fn error(
        path: impl Into<PathBuf>,
        line: usize,
        col: usize,
        kind: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            line,
            col,
            severity: Severity::Error,
            kind,
            message: message.into(),
        }
    }

    /// A warning at `path:line:col`.
    pub fn warning(
        path: impl Into<PathBuf>,
        line: usize,
        col: usize,
        kind: &'static str,
        message: impl Into<String>,
    ) -> Self {
        let error = Self::error(path, line, col, kind, message);
        Self {
            severity: Severity::Warning,
            ..error
        }
    }

    /// Sort key: by path, then position.
    pub fn sort_key(&self) -> (&Path, usize, usize) {
        (&self.path, self.line, self.col)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}:{}: {severity}: {} [{}]",
            self.path.display(),
            self.line.max(1),
            self.col.max(1),
            self.message,
            self.kind
        )
    }
}

/// Maps byte offsets of a text to 1-based line and column (columns count characters).
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    /// The 1-based (line, column) of byte `offset` in `text`.
    pub(crate) fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }
}

/// Fatal errors: the build cannot go on. Each names the path it concerns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {action}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What was being done ("cannot read").
        action: &'static str,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// The configuration or the command line asks for something unsafe or impossible.
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// Wraps an I/O error with the path and what was being done.
    pub(crate) fn io(
        path: impl Into<PathBuf>,
        action: &'static str,
        source: std::io::Error,
    ) -> Self {
        Self::Io {
            path: path.into(),
            action,
            source,
        }
    }
}

/// Reads a whole file, naming the path on failure.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::io(path, "cannot read", e))
}

/// Writes a whole file (creating parent folders), naming the path on failure.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io(parent, "cannot create folder", e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path, "cannot write", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_character_columns() {
        let text = "ab\nđồng bộ\n";
        let index = LineIndex::new(text);
        assert_eq!(index.locate(text, 0), (1, 1));
        let offset = text.find("bộ").unwrap();
        assert_eq!(index.locate(text, offset), (2, 6));
    }

    #[test]
    fn displays_path_line_and_column() {
        let d = Diagnostic::error("content/a.md", 3, 7, "front-matter", "bad YAML");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:7: error: bad YAML [front-matter]"
        );
    }
}
