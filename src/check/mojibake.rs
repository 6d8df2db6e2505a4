//! Mojibake left in content/: what the repair changes, and what an earlier, imperfect repair left
//! behind.
//!
//! Input: the repairs `load` made in memory (every one, where the build sums them up per file),
//! and every chapter file read again for the second kind. Output: one `mojibake` warning per
//! place:
//! - every [`crate::repair::Fix`] the repair makes;
//! - every word with a capital Vietnamese letter after a small one (`sỐ`, `tÁch`, `trưỞng`).
//!   That is how a wrongly restored byte looks (`E1 BB 90` is `Ố`, where `E1 BB AD`, `ử`, was
//!   meant), and Vietnamese words never mix case that way.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::build::{Builder, Repairs};
use crate::diag::Diagnostic;
use crate::repair::{miscased_words, Fix};
use crate::source;

/// Every mojibake place in content/.
pub(super) fn check(builder: &Builder, repairs: &[Repairs]) -> anyhow::Result<Vec<Diagnostic>> {
    let mut diagnostics: Vec<Diagnostic> = repairs.iter().flat_map(repaired).collect();
    let paths = source::discover(&builder.config)?;
    let miscased: Vec<Vec<Diagnostic>> = paths
        .par_iter()
        .map(|rel| {
            // Files that cannot be read or decoded are already reported by `load`.
            let Ok(file) = source::read(&builder.config, rel) else {
                return Vec::new();
            };
            let Ok(text) = source::decode(&file) else {
                return Vec::new();
            };
            let fixes = repairs.iter().find(|r| r.path == file.display_path);
            miscased_in(&file.display_path, &text, fixes.map_or(&[], |r| &r.fixes))
        })
        .collect();
    diagnostics.extend(miscased.into_iter().flatten());
    Ok(diagnostics)
}

/// A warning for each change the repair makes to a file.
fn repaired(repairs: &Repairs) -> impl Iterator<Item = Diagnostic> + '_ {
    let path = &repairs.path;
    let hint = format!("run `handbook repair --write {}`", path.display());
    repairs.fixes.iter().map(move |fix| {
        let message = format!(
            "mojibake {:?} should read {:?}; {hint}",
            fix.before, fix.after
        );
        Diagnostic::warning(path, fix.line, fix.col, "mojibake", message)
    })
}

/// A warning for each miscased word, on the lines the repair leaves alone.
fn miscased_in(path: &std::path::Path, text: &str, fixes: &[Fix]) -> Vec<Diagnostic> {
    let repaired_lines: HashSet<usize> = fixes.iter().map(|f| f.line).collect();
    let mut diagnostics = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if repaired_lines.contains(&(index + 1)) {
            continue;
        }
        for (col, word) in miscased_words(line) {
            let message = format!(
                "`{word}` mixes a capital Vietnamese letter into a small word: mojibake restored wrongly; re-import or fix the word by hand"
            );
            diagnostics.push(Diagnostic::warning(
                path,
                index + 1,
                col,
                "mojibake",
                message,
            ));
        }
    }
    diagnostics
}
