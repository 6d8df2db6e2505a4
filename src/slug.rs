//! Readable ASCII names made from text: heading ids (`## Đồng bộ hóa` → `dong-bo-hoa`) and the
//! slugs of pages named after their files (`01-gioi-thieu.md` → `01-gioi-thieu`).
//!
//! Vietnamese-aware: diacritics are removed (by Unicode decomposition), `đ` becomes `d`,
//! everything else that is not a letter, a digit or `_` becomes `-`.

use unicode_normalization::UnicodeNormalization;

/// Turns text into an ASCII name: "Đồng bộ hóa (Sync)" → "dong-bo-hoa-sync".
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in fold_diacritics(text).chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '_' && !out.is_empty() {
            out.push('_');
            dash = false;
        } else {
            dash = true;
        }
    }
    out
}

/// Removes Vietnamese (and other Latin) diacritics and maps đ/Đ to d/D.
pub(crate) fn fold_diacritics(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect()
}
