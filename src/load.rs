//! Stages 1–4 for one chapter file: decode its bytes, repair mojibake in memory, split the
//! front matter from the body. `build`, `check` and `serve` all load a file through [`load`],
//! once per build; what `check` reports about damaged text is carried in the [`Loaded`] file.
//!
//! Input: a [`SourceFile`]. Output: a [`Loaded`] document, or the located [`Diagnostic`] that
//! stops it (invalid UTF-8, broken front matter). A file whose lines end with a lone carriage
//! return is read line by line like any other ([`lines_ended_by_cr`]). [`Documents`] gathers
//! the outcome for the whole book; a file that `handbook.yaml` does not list is never published,
//! so what keeps it from loading is only a warning ([`Documents::unlisted_never_fail`]).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::frontmatter::{self, Document};
use crate::repair::{self, Place};
use crate::source::{self, SourceFile};

/// One chapter file after stages 1–4.
#[derive(Debug, Clone)]
pub(crate) struct Loaded {
    /// The document.
    pub doc: Document,
    /// The damaged places of the file as it is on disk.
    pub damage: Damage,
}

/// What is damaged in one file: what the build tells (the first change the repair made in
/// memory, and how many places it changed), and for `check` every damaged place, as
/// `handbook repair --check` finds them ([`repair::damaged_places`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Damage {
    /// The first place the repair changed.
    pub first: Option<Place>,
    /// How many places the repair changed (the gaps of one word are one place).
    pub places: usize,
    /// Every damaged place, in text order: those the repair restores and those it cannot
    /// (found only when loading for `check`).
    pub found: Vec<Place>,
}

impl Damage {
    /// Whether the file is clean.
    pub(crate) fn is_empty(&self) -> bool {
        self.first.is_none() && self.found.is_empty()
    }
}

/// The warning for one damaged place, worded alike in `build`, `check` and
/// `handbook repair --check` ([`Place::message`]).
pub(crate) fn place_warning(path: &Path, place: &Place) -> Diagnostic {
    Diagnostic::warning(path, place.line, place.col, "mojibake", place.message())
}

/// Stages 2–4 for one file read from disk; with `scan_damage`, every damaged place is listed
/// too, also those the repair cannot restore.
pub(crate) fn load(file: &SourceFile, scan_damage: bool) -> Result<Loaded, Diagnostic> {
    let unified;
    let file = match lines_ended_by_cr(&file.bytes) {
        Some(bytes) => {
            unified = SourceFile {
                bytes,
                ..file.clone()
            };
            &unified
        }
        None => file,
    };
    let text = source::decode(file)?;
    let repaired = repair::repair(text);
    let found = if scan_damage {
        repair::damaged_places(text, &repaired)
    } else {
        Vec::new()
    };
    let damage = Damage {
        first: repaired.fixes.first().map(Place::of_fix),
        places: repaired.places(),
        found,
    };
    let doc = frontmatter::split(
        file.rel_path.clone(),
        file.display_path.clone(),
        &repaired.text,
    )?;
    stray_controls_in_front_matter(&doc)?;
    Ok(Loaded { doc, damage })
}

/// The bytes of a file whose lines all end with a lone carriage return (classic Mac OS), with
/// line feeds instead; `None` for any other file. A carriage return is one byte in UTF-8 and in
/// no other character, so every offset and column stays where it was; editors show such a
/// file line by line, and now so do the front matter, the Markdown and every diagnostic. A
/// lone carriage return in a file that has line feeds stays what it is.
pub(crate) fn lines_ended_by_cr(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.contains(&b'\n') || !bytes.contains(&b'\r') {
        return None;
    }
    Some(
        bytes
            .iter()
            .map(|&b| if b == b'\r' { b'\n' } else { b })
            .collect(),
    )
}

/// A text read with [`lines_ended_by_cr`] as it is written back: line feeds become carriage
/// returns again.
pub(crate) fn with_cr_line_ends(text: &str) -> Cow<'_, str> {
    match text.contains('\n') {
        true => Cow::Owned(text.replace('\n', "\r")),
        false => Cow::Borrowed(text),
    }
}

/// A control character written into a front-matter value with a YAML escape (`"\\0"`,
/// `"\\e"`): an error at the value, as one written raw in the file is.
fn stray_controls_in_front_matter(doc: &Document) -> Result<(), Diagnostic> {
    let meta = &doc.meta;
    let values = [
        ("title", Some(&meta.title)),
        ("part", meta.part.as_ref()),
        ("number", meta.number.as_ref()),
        ("description", meta.description.as_ref()),
    ];
    for (key, value) in values {
        let Some(c) = value.and_then(|v| v.chars().find(|&c| source::is_stray_control(c))) else {
            continue;
        };
        let (line, col) = doc
            .positions
            .value(key)
            .unwrap_or_else(|| doc.position_of(key));
        let message = format!(
            "control character U+{:04X} in `{key}`: remove it (it would be published in the page)",
            c as u32
        );
        return Err(Diagnostic::error(
            &doc.display_path,
            line,
            col,
            "control-character",
            message,
        ));
    }
    Ok(())
}

/// Stages 1–4 for every chapter file of the book.
#[derive(Debug, Default)]
pub(crate) struct Documents {
    /// The documents that loaded.
    pub docs: Vec<Document>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// The damage of each file that has any: (display path, damage).
    pub damage: Vec<(PathBuf, Damage)>,
    /// The files (relative to content/) that could not be loaded.
    pub failed: Vec<PathBuf>,
}

impl Documents {
    /// Adds the outcome of loading the file `rel_path`. The build warns once per repaired
    /// file, at its first change, with the count of changed places.
    pub(crate) fn add(&mut self, rel_path: &Path, loaded: Result<Loaded, Diagnostic>) {
        let Loaded { doc, damage } = match loaded {
            Ok(loaded) => loaded,
            Err(d) => {
                self.diagnostics.push(d);
                self.failed.push(rel_path.to_path_buf());
                return;
            }
        };
        if let Some(first) = &damage.first {
            let message = format!(
                "{} (repaired in memory at {} place(s))",
                first.message(),
                damage.places
            );
            let path = &doc.display_path;
            let warning = Diagnostic::warning(path, first.line, first.col, "mojibake", message);
            self.diagnostics.push(warning);
        }
        if !damage.is_empty() {
            self.damage.push((doc.display_path.clone(), damage));
        }
        self.docs.push(doc);
    }

    /// A file that `handbook.yaml` does not list is not published, so nothing in it may stop
    /// the build (a `README.md` of notes, a draft): the error that kept it from loading becomes
    /// its `unlisted-chapter` warning, and it no longer counts as failed.
    pub(crate) fn unlisted_never_fail(mut self, config: &Config) -> Self {
        let listed: std::collections::HashSet<&Path> =
            config.listing().iter().map(|l| l.path).collect();
        let (unlisted, failed) = std::mem::take(&mut self.failed)
            .into_iter()
            .partition::<Vec<_>, _>(|path| !listed.contains(path.as_path()));
        self.failed = failed;
        let unlisted: Vec<PathBuf> = unlisted
            .iter()
            .map(|p| crate::project::Folder::Content.display(p))
            .collect();
        for d in &mut self.diagnostics {
            if d.severity == Severity::Error && unlisted.contains(&d.path) {
                let message = format!(
                    "this file is not listed in {}, so it is not published; it would not load: {}",
                    crate::project::CONFIG_FILE,
                    d.message
                );
                *d = Diagnostic::warning(&d.path, d.line, d.col, "unlisted-chapter", message);
            }
        }
        self
    }
}
