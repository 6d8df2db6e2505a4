//! Diagnostics: every problem the pipeline finds, located as `path:line:col`.
//!
//! Content problems are [`Diagnostic`] values that flow back to the command, which prints them
//! sorted and decides the exit code. Fatal I/O problems are [`Error`]s that always name their path.
//!
//! Sources are untrusted text: a message quotes at most [`QUOTE_CHARS`] characters of one
//! ([`quote`]), a whole message is cut at [`MESSAGE_CHARS`], and control characters (ESC, CR,
//! NUL, bidirectional overrides …) are shown escaped when a diagnostic is displayed, so no
//! source can flood or drive the terminal.

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

/// How many characters of source text a message quotes at most.
pub(crate) const QUOTE_CHARS: usize = 120;
/// How many characters a message holds at most.
pub(crate) const MESSAGE_CHARS: usize = 600;

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// The file, relative to the project root where possible (a name that is not UTF-8 is
    /// shown and serialized lossily).
    #[serde(serialize_with = "lossy_path")]
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
            message: shorten(&message.into(), MESSAGE_CHARS),
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
            escape_controls(&self.path.to_string_lossy()),
            self.line.max(1),
            self.col.max(1),
            escape_controls(&self.message),
            self.kind
        )
    }
}

fn lossy_path<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

/// Source text as a message quotes it: at most [`QUOTE_CHARS`] characters, the middle
/// replaced by `…` when it is longer.
pub(crate) fn quote(text: &str) -> String {
    shorten(text, QUOTE_CHARS)
}

/// `text` cut to `max` characters, its middle replaced by `…`.
fn shorten(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let tail = max / 4;
    let head = max - tail - 1;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

/// `text` with every control character but newline and tab written as `\u{..}`, and the
/// bidirectional controls too (they reorder what a terminal shows).
pub(crate) fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
    };
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into()
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
    /// The error as a diagnostic at its path (the configuration file for an invalid request).
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            Error::Io {
                path,
                action,
                source,
            } => Diagnostic::error(path, 0, 0, "io", format!("{action}: {source}")),
            Error::Invalid(message) => Diagnostic::error(".", 0, 0, "invalid", message),
        }
    }

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

/// Writes a whole file (creating parent folders), naming the path on failure. The folders are
/// created only when the first attempt finds them missing: a site's files share a handful of
/// folders, and checking them before every file cost two system calls per file.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::io(parent, "cannot create folder", e))?;
            }
            std::fs::write(path, bytes)
        }
        result => result,
    }
    .map_err(|e| Error::io(path, "cannot write", e))
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
    fn quotes_and_messages_are_shortened() {
        let long = "ư".repeat(2_000_000);
        assert_eq!(quote("ngắn"), "ngắn");
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), QUOTE_CHARS);
        assert!(quoted.contains('…'));
        let d = Diagnostic::warning("a.md", 1, 1, "x", format!("`{long}` is wrong"));
        assert_eq!(d.message.chars().count(), MESSAGE_CHARS);
        assert!(d.message.starts_with("`ư") && d.message.ends_with("is wrong"));
    }

    #[test]
    fn control_characters_never_reach_the_terminal_raw() {
        let d = Diagnostic::error(
            "a\u{1b}.md",
            2,
            3,
            "x",
            "bad \u{1b}[31mred\r\0 \u{202E}txt.exe\n",
        );
        let shown = d.to_string();
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        assert!(!shown.contains('\u{202E}'));
        assert!(shown.contains("\\u{1b}[31mred\\u{d}\\u{0}"), "{shown}");
        assert!(shown.starts_with("a\\u{1b}.md:2:3"), "{shown}");
    }

    #[test]
    fn a_path_that_is_not_utf8_serializes_lossily() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"content/bad\xff.md"));
        let d = Diagnostic::warning(path, 0, 0, "file-name", "m");
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains("content/bad\u{FFFD}.md"), "{json}");
    }

    #[test]
    fn write_creates_missing_folders_replaces_files_and_names_what_failed() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c.txt");
        write(&deep, b"one").unwrap();
        write(&deep, b"two").unwrap();
        assert_eq!(std::fs::read(&deep).unwrap(), b"two");
        let under_file = deep.join("d.txt");
        let error = write(&under_file, b"x").unwrap_err().to_string();
        assert!(error.contains("c.txt/d.txt"), "{error}");
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
