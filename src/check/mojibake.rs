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
use crate::repair::Fix;
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

/// Words (with their 1-based character column) where a capital non-ASCII letter follows a
/// small letter. A letter right after `\` is an escape (`\nĐã`), not part of the word.
fn miscased_words(line: &str) -> Vec<(usize, &str)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphabetic() {
            i += 1;
            continue;
        }
        let start = if i > 0 && chars[i - 1].1 == '\\' {
            i + 1
        } else {
            i
        };
        let end = chars[i..]
            .iter()
            .position(|(_, c)| !c.is_alphabetic())
            .map_or(chars.len(), |n| i + n);
        let word = &chars[start.min(end)..end];
        if word
            .windows(2)
            .any(|w| w[0].1.is_lowercase() && w[1].1.is_uppercase() && !w[1].1.is_ascii())
        {
            let to = chars.get(end).map_or(line.len(), |(at, _)| *at);
            found.push((start + 1, &line[chars[start].0..to]));
        }
        i = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_capitals_inside_small_words() {
        assert_eq!(
            miscased_words("được sỐ dụng, tÁch"),
            [(6, "sỐ"), (15, "tÁch")]
        );
        assert_eq!(miscased_words("trưỞng nhỞ"), [(1, "trưỞng"), (8, "nhỞ")]);
    }

    #[test]
    fn leaves_clean_text_escapes_and_ascii_camel_case_alone() {
        assert!(miscased_words("Đồng bộ, ĐỒNG BỘ, Ở đây, Đã xong").is_empty());
        assert!(miscased_words(r#"print(f"\nĐã bắt được lỗi")"#).is_empty());
        assert!(miscased_words("macOS, iPhone, asyncIO, PyPI").is_empty());
    }
}
