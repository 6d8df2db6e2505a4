//! Heading ids and the page's table of contents.
//!
//! Ids are readable and Vietnamese-aware: diacritics are removed (by Unicode decomposition),
//! `đ` becomes `d`, everything else that is not a letter or digit becomes `-`; duplicates get
//! `-1`, `-2`, … so every id is unique within the page. A custom id (`## Khóa {#khoa}`) that is
//! taken gets the same treatment, with a warning: links written for it would land elsewhere.
//! Ids are written escaped wherever they go (the heading, its anchor, the table of contents,
//! the print view, the search index).

use std::collections::HashMap;

use crate::diag::quote;

/// One h2/h3 entry of the page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The unique id of the heading element.
    pub id: String,
    /// The heading's plain text.
    pub title: String,
}

pub(crate) use crate::slug::{fold_diacritics, slugify};

/// Hands out unique ids within one page.
#[derive(Debug, Default)]
pub(crate) struct IdAllocator {
    used: HashMap<String, usize>,
}

impl IdAllocator {
    /// Reserves `wanted` (or a `-N` variant of it if taken); an empty id becomes `muc`.
    pub(crate) fn allocate(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "muc" } else { wanted };
        let mut candidate = base.to_owned();
        let mut n = self.used.get(base).copied().unwrap_or(0);
        while self.used.contains_key(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.used.insert(base.to_owned(), n);
        self.used.insert(candidate.clone(), 0);
        candidate
    }

    /// Reserves the author's id `wanted`; when it is taken, a `-N` variant, and why.
    pub(crate) fn allocate_custom(&mut self, wanted: &str) -> (String, Option<String>) {
        let id = self.allocate(wanted);
        let taken = (id != wanted).then(|| {
            format!(
                "the id `{}` is already used on this page, so this heading gets `{}`: give it an id of its own",
                quote(wanted),
                quote(&id)
            )
        });
        (id, taken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn slugify_removes_vietnamese_diacritics_and_d_stroke() {
        assert_eq!(
            slugify("Đồng bộ hóa: Lập trình (Sync)"),
            "dong-bo-hoa-lap-trinh-sync"
        );
        assert_eq!(slugify("  ĐIỂM  con -- 2.1.  "), "diem-con-2-1");
        assert_eq!(slugify("asyncio.gather()"), "asyncio-gather");
        assert_eq!(slugify("run_in_executor"), "run_in_executor");
    }

    #[test]
    fn slugify_folds_nfd_input_like_nfc() {
        let nfd: String = "Lập trình".nfd().collect();
        assert_eq!(slugify(&nfd), slugify("Lập trình"));
    }

    #[test]
    fn ids_are_unique_within_a_page() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.allocate("checklist"), "checklist");
        assert_eq!(ids.allocate("checklist"), "checklist-1");
        assert_eq!(ids.allocate("checklist-1"), "checklist-1-1");
        assert_eq!(ids.allocate("checklist"), "checklist-2");
        assert_eq!(ids.allocate(""), "muc");
    }

    #[test]
    fn a_taken_custom_id_is_renamed_with_a_reason() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.allocate_custom("khoa"), ("khoa".into(), None));
        let (id, taken) = ids.allocate_custom("khoa");
        assert_eq!(id, "khoa-1");
        assert!(taken.is_some_and(|m| m.contains("`khoa`") && m.contains("`khoa-1`")));
        assert_eq!(
            ids.allocate("khoa"),
            "khoa-2",
            "generated ids are renamed silently"
        );
    }
}
