//! Stages 1–4 for one chapter file: decode its bytes, repair mojibake in memory, split the
//! front matter from the body. `build`, `check` and `serve` all load a file through [`load`],
//! once per build; what `check` reports about damaged text is carried in the [`Loaded`] file.
//!
//! Input: a [`SourceFile`]. Output: a [`Loaded`] document, or the located [`Diagnostic`] that
//! stops it (invalid UTF-8, broken front matter).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diag::{quote, Diagnostic};
use crate::frontmatter::{self, Document};
use crate::repair::{self, Fix};
use crate::source::{self, SourceFile};

/// One chapter file after stages 1–4.
#[derive(Debug, Clone)]
pub(crate) struct Loaded {
    /// The document.
    pub doc: Document,
    /// The damaged places of the file as it is on disk.
    pub damage: Damage,
}

/// What is damaged in one file: the changes the repair made in memory, and the words that
/// look wrongly restored on lines it left alone.
#[derive(Debug, Clone, Default)]
pub(crate) struct Damage {
    /// Every change the repair made, in text order.
    pub fixes: Vec<Fix>,
    /// How many places the fixes change (the gaps of one word are one place).
    pub places: usize,
    /// Words with a capital Vietnamese letter after a small one: (line, column, word).
    pub miscased: Vec<(usize, usize, String)>,
}

impl Damage {
    /// Whether the file is clean.
    pub(crate) fn is_empty(&self) -> bool {
        self.fixes.is_empty() && self.miscased.is_empty()
    }

    /// One warning per damaged place, for `check`.
    pub(crate) fn diagnostics(&self, path: &Path) -> Vec<Diagnostic> {
        let fixes = self.fixes.iter().map(|fix| fix_warning(path, fix));
        let miscased = self.miscased.iter().map(|(line, col, word)| {
            let message = format!(
                "`{}` mixes a capital Vietnamese letter into a small word: mojibake restored wrongly; re-import or fix the word by hand",
                quote(word)
            );
            Diagnostic::warning(path, *line, *col, "mojibake", message)
        });
        fixes.chain(miscased).collect()
    }
}

/// The warning for one change the repair makes, worded alike in `build` and `check`.
pub(crate) fn fix_warning(path: &Path, fix: &Fix) -> Diagnostic {
    let message = format!(
        "mojibake {:?} should read {:?}; run `handbook repair --write {}`",
        quote(&fix.before),
        quote(&fix.after),
        path.display()
    );
    Diagnostic::warning(path, fix.line, fix.col, "mojibake", message)
}

/// Stages 2–4 for one file read from disk; with `scan_damage`, the words an earlier repair
/// restored wrongly are looked for too.
pub(crate) fn load(file: &SourceFile, scan_damage: bool) -> Result<Loaded, Diagnostic> {
    let text = source::decode(file)?;
    let repaired = repair::repair(text);
    let miscased = if scan_damage {
        miscased(text, &repaired.fixes)
    } else {
        Vec::new()
    };
    let places = repaired.places();
    let doc = frontmatter::split(
        file.rel_path.clone(),
        file.display_path.clone(),
        &repaired.text,
    )?;
    stray_controls_in_front_matter(&doc)?;
    Ok(Loaded {
        doc,
        damage: Damage {
            fixes: repaired.fixes,
            places,
            miscased,
        },
    })
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

/// Miscased words on the lines the repair leaves alone.
fn miscased(text: &str, fixes: &[Fix]) -> Vec<(usize, usize, String)> {
    if text.is_ascii() {
        return Vec::new();
    }
    let repaired_lines: HashSet<usize> = fixes.iter().map(|f| f.line).collect();
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.is_ascii() || repaired_lines.contains(&(index + 1)) {
            continue;
        }
        for (col, word) in repair::miscased_words(line) {
            found.push((index + 1, col, word.to_owned()));
        }
    }
    found
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
        if let Some(first) = damage.fixes.first() {
            let mut warning = fix_warning(&doc.display_path, first);
            warning.message = format!(
                "{} (repaired in memory at {} place(s))",
                warning.message, damage.places
            );
            self.diagnostics.push(warning);
        }
        if !damage.is_empty() {
            self.damage.push((doc.display_path.clone(), damage));
        }
        self.docs.push(doc);
    }
}
