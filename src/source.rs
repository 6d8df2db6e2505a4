//! Stages 1–2: find the project's source files and decode chapter files as UTF-8.
//!
//! Input: the [`Config`]. Output: the chapter files under content/ and the files beside them
//! ([`discover`], then [`read`] and [`decode`]: a [`SourceFile`]'s text, or a located
//! diagnostic for a file that is not valid UTF-8), and the files of static/ over the built-in
//! theme's ([`static_files`]): the one walk of each folder that build, check and serve share.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{self, Diagnostic, Error, LineIndex};
use crate::project::Folder;

/// One Markdown file of the book, read from disk.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// Path relative to content/, with `/` separators (e.g. `01-nen-tang/01-mo-hinh.md`).
    pub rel_path: PathBuf,
    /// Path relative to the project root, for diagnostics (e.g. `content/01-nen-tang/01-mo-hinh.md`).
    pub display_path: PathBuf,
    /// The raw bytes.
    pub bytes: Vec<u8>,
}

/// A file published as it is: one of static/ (or of the built-in theme), or one of content/
/// that a chapter links to or shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StaticFile {
    /// Its path in the site (`assets/css/a.css`).
    pub site_path: String,
    /// Where its bytes are.
    pub origin: Origin,
    /// Its size and modification time, hashed: a file whose stamp is unchanged need not be
    /// read again.
    pub stamp: u64,
}

/// Where a published file's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A file on disk.
    Disk(PathBuf),
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
}

impl StaticFile {
    /// A file on disk, published at `site_path`.
    pub(crate) fn on_disk(site_path: String, path: PathBuf) -> Self {
        Self {
            site_path,
            stamp: file_stamp(&path),
            origin: Origin::Disk(path),
        }
    }

    /// Its bytes.
    pub(crate) fn read(&self) -> Result<Vec<u8>, Error> {
        match &self.origin {
            Origin::Disk(path) => diag::read(path),
            Origin::BuiltIn(bytes) => Ok(bytes.to_vec()),
        }
    }
}

/// What content/ holds: chapter files, and the other files (images, data, PDFs) that are
/// published when a chapter links to them.
#[derive(Debug, Default)]
pub(crate) struct Content {
    /// Every `.md` file, relative to content/, sorted by path.
    pub chapters: Vec<PathBuf>,
    /// Every other file that is not hidden, at its place in the site (the same as in content/).
    pub files: Vec<StaticFile>,
}

/// Lists content/ in one walk: its chapter files and the files beside them.
pub(crate) fn discover(config: &Config) -> Result<Content, Error> {
    let dir = config.dir(Folder::Content);
    let mut content = Content::default();
    for rel in files_under(&dir)? {
        if is_markdown(&rel) {
            content.chapters.push(rel);
        } else if !rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            content
                .files
                .push(StaticFile::on_disk(site_path(&rel), dir.join(&rel)));
        }
    }
    Ok(content)
}

/// Every static file of the site, sorted by path: the built-in theme's, each replaced by the
/// file of static/ at the same path if there is one, and the other files of static/.
pub(crate) fn static_files(config: &Config) -> Result<Vec<StaticFile>, Error> {
    let mut files: BTreeMap<String, StaticFile> = crate::theme::static_files()
        .map(|(path, bytes)| {
            let file = StaticFile {
                site_path: path.to_owned(),
                stamp: crate::stamp::of(&(path, bytes.len())),
                origin: Origin::BuiltIn(bytes),
            };
            (path.to_owned(), file)
        })
        .collect();
    let dir = config.dir(Folder::Static);
    if dir.exists() {
        for rel in files_under(&dir)? {
            let file = StaticFile::on_disk(site_path(&rel), dir.join(&rel));
            files.insert(file.site_path.clone(), file);
        }
    }
    Ok(files.into_values().collect())
}

/// A file's size and modification time, hashed (0 when they cannot be read).
fn file_stamp(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |meta| {
        crate::stamp::of(&(meta.len(), meta.modified().ok()))
    })
}

/// The files under `dir`, relative to it, sorted by path (links are not followed).
fn files_under(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(path, "cannot list", e.into())
        })?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            files.push(rel.to_path_buf());
        }
    }
    Ok(files)
}

/// A relative file path as a `/`-separated site path.
pub(crate) fn site_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `path` names a Markdown file that is not hidden.
pub(crate) fn is_markdown(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'));
    !hidden && path.extension().is_some_and(|e| e == "md")
}

/// A chapter file whose name is not UTF-8 cannot be listed in `handbook.yaml`, so it is not
/// published: a warning at its (lossily shown) name, and the file is not read.
pub(crate) fn check_name(rel_path: &Path) -> Result<(), Diagnostic> {
    if rel_path.to_str().is_some() {
        return Ok(());
    }
    let message = format!(
        "the file name is not valid UTF-8, so {} cannot list it and it is not published: rename it",
        crate::project::CONFIG_FILE
    );
    Err(Diagnostic::warning(
        Folder::Content.display(rel_path),
        0,
        0,
        "file-name",
        message,
    ))
}

/// Reads one chapter file.
pub(crate) fn read(config: &Config, rel_path: &Path) -> Result<SourceFile, Error> {
    let bytes = diag::read(&config.dir(Folder::Content).join(rel_path))?;
    Ok(SourceFile {
        rel_path: rel_path.to_path_buf(),
        display_path: Folder::Content.display(rel_path),
        bytes,
    })
}

/// Decodes UTF-8 (dropping a byte-order mark); invalid bytes, and control characters other
/// than tab and line breaks (a NUL, an ESC: never meant, and never to be published), are
/// reported at their line and column.
pub(crate) fn decode(file: &SourceFile) -> Result<&str, Diagnostic> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&file.bytes);
    let text = utf8(file, bytes)?;
    // Byte by byte: a control character is one ASCII byte, and no byte of a longer character is
    // below 0x80 (several times faster than decoding each character).
    match text.bytes().position(|b| is_stray_control(char::from(b))) {
        None => Ok(text),
        Some(at) => {
            let (line, col) = LineIndex::new(text).locate(text, at);
            let c = text[at..].chars().next().unwrap_or_default();
            let message = format!(
                "control character U+{:04X} in the text: remove it (only tabs and line breaks may be written)",
                c as u32
            );
            Err(Diagnostic::error(
                &file.display_path,
                line,
                col,
                "control-character",
                message,
            ))
        }
    }
}

/// A C0 control character or DEL, but tab and line breaks: nothing a text means to hold.
pub(crate) fn is_stray_control(c: char) -> bool {
    c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The file's bytes as UTF-8, or where they stop being UTF-8.
fn utf8<'a>(file: &SourceFile, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let text = std::str::from_utf8(valid).unwrap_or_default();
        let (line, col) = LineIndex::new(text).locate(text, text.len());
        let message = format!(
            "invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
            bytes[e.valid_up_to()]
        );
        Diagnostic::error(&file.display_path, line, col, "encoding", message)
    })
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

    #[test]
    fn decode_locates_control_characters_but_keeps_tabs_and_line_breaks() {
        assert!(decode(&file(b"a\tb\r\nc\n")).is_ok());
        for (bytes, at) in [
            (&b"ok\nhello\x00world"[..], (2, 6)),
            (b"\x1b[31m", (1, 1)),
            (b"a\x0cb", (1, 2)),
            (b"\xEF\xBB\xBFti\x7F", (1, 3)),
        ] {
            let d = decode(&file(bytes)).unwrap_err();
            assert_eq!(
                (d.line, d.col, d.kind),
                (at.0, at.1, "control-character"),
                "{d}"
            );
        }
    }
}
