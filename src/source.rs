//! Stage 1–2: find the chapter files under content/ and decode them as UTF-8.
//!
//! Input: the [`Config`]. Output: [`SourceFile`]s with their text, or a located
//! diagnostic for a file that is not valid UTF-8.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{self, Diagnostic, Error, LineIndex};

/// One Markdown file of the book, read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to content/, with `/` separators (e.g. `01-nen-tang/01-mo-hinh.md`).
    pub rel_path: PathBuf,
    /// Path relative to the project root, for diagnostics (e.g. `content/01-nen-tang/01-mo-hinh.md`).
    pub display_path: PathBuf,
    /// The raw bytes.
    pub bytes: Vec<u8>,
}

/// Lists every `.md` file under content/, sorted by path.
pub fn discover(config: &Config) -> Result<Vec<PathBuf>, Error> {
    let dir = config.content_dir();
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&dir).to_path_buf();
            Error::io(path, "cannot list", e.into())
        })?;
        if entry.file_type().is_file() && is_markdown(entry.path()) {
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            files.push(rel.to_path_buf());
        }
    }
    Ok(files)
}

/// Whether `path` names a Markdown file that is not hidden.
pub(crate) fn is_markdown(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'));
    !hidden && path.extension().is_some_and(|e| e == "md")
}

/// Reads one chapter file.
pub fn read(config: &Config, rel_path: &Path) -> Result<SourceFile, Error> {
    let bytes = diag::read(&config.content_dir().join(rel_path))?;
    Ok(SourceFile {
        rel_path: rel_path.to_path_buf(),
        display_path: Path::new("content").join(rel_path),
        bytes,
    })
}

/// Decodes UTF-8 (dropping a byte-order mark); invalid bytes are reported at their line and column.
pub fn decode(file: &SourceFile) -> Result<String, Diagnostic> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&file.bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let text = std::str::from_utf8(valid).unwrap_or_default();
            let (line, col) = LineIndex::new(text).locate(text, text.len());
            let message = format!(
                "invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                bytes[e.valid_up_to()]
            );
            Err(Diagnostic::error(
                &file.display_path,
                line,
                col,
                "encoding",
                message,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8]) -> SourceFile {
        SourceFile {
            rel_path: "a.md".into(),
            display_path: "content/a.md".into(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn decode_strips_a_byte_order_mark() {
        assert_eq!(
            decode(&file(b"\xEF\xBB\xBFxin ch\xC3\xA0o")).unwrap(),
            "xin chào"
        );
    }

    #[test]
    fn decode_locates_invalid_utf8() {
        let d = decode(&file(b"ok\nab\xFFc")).unwrap_err();
        assert_eq!((d.line, d.col), (2, 3));
        assert!(d.message.contains("0xFF"));
    }
}
