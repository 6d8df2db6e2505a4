//! Mojibake left in content/: what the repair would change, and what an earlier, imperfect
//! repair left behind.
//!
//! Input: every chapter file, read and decoded again (the build repairs in memory and reports
//! only the first change per file). Output: one `mojibake` warning per place:
//! - every [`crate::repair::Fix`] the repair would make;
//! - every word with a capital Vietnamese letter after a small one (`sỐ`, `tÁch`, `trưỞng`).
//!   That is how a wrongly restored byte looks (`E1 BB 90` is `Ố`, where `E1 BB AD`, `ử`, was
//!   meant), and Vietnamese words never mix case that way.

use rayon::prelude::*;

use crate::build::Builder;
use crate::diag::Diagnostic;
use crate::source::{self, SourceFile};

/// Every mojibake place in content/.
pub(super) fn check(builder: &Builder) -> anyhow::Result<Vec<Diagnostic>> {
    let paths = source::discover(&builder.config)?;
    let per_file: Vec<Vec<Diagnostic>> = paths
        .par_iter()
        .map(|rel| {
            // Files that cannot be read or decoded are already reported by `load`.
            let Ok(file) = source::read(&builder.config, rel) else {
                return Vec::new();
            };
            let Ok(text) = source::decode(&file) else {
                return Vec::new();
            };
            in_file(&file, &text)
        })
        .collect();
    Ok(per_file.into_iter().flatten().collect())
}

fn in_file(file: &SourceFile, text: &str) -> Vec<Diagnostic> {
    let path = &file.display_path;
    let hint = format!("run `handbook repair --write {}`", path.display());
    let fixes = crate::repair::repair(text).fixes;
    let mut diagnostics: Vec<Diagnostic> = fixes
        .iter()
        .map(|fix| {
            let message = format!(
                "mojibake {:?} should read {:?}; {hint}",
                fix.before, fix.after
            );
            Diagnostic::warning(path, fix.line, fix.col, "mojibake", message)
        })
        .collect();
    for (index, line) in text.lines().enumerate() {
        if fixes.iter().any(|f| f.line == index + 1) {
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
