//! The texts of the interface in the book's language: labels the generator composes
//! ("Chương 3", "Phần I"), the headings of callouts, and every text of the templates and
//! scripts, which read them as `t` (see `templates/README.md`).
//!
//! Input: the `language` of `handbook.yaml`. Output: the [`Ui`] table for `vi` or `en` (a
//! regional tag such as `en-GB` takes its language's table). The tables are `vi.yaml` and
//! `en.yaml` beside this file, built into the binary and parsed once per process.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The languages with a table, and their texts.
const TABLES: [(&str, &str); 2] = [
    ("vi", include_str!("vi.yaml")),
    ("en", include_str!("en.yaml")),
];

/// Every text of the interface in one language; `{n}` and the like are filled in by
/// [`fill`] or by the templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct Ui {
    pub part_label: String,
    pub chapter_label: String,
    pub appendix_label: String,
    pub appendices: String,
    pub heading_anchor: String,
    pub callout_note: String,
    pub callout_tip: String,
    pub callout_important: String,
    pub callout_warning: String,
    pub callout_caution: String,
    pub math_error: String,
    pub mermaid_noscript: String,
    pub mermaid_source: String,
    pub mermaid_failed: String,
    pub mermaid_failed_unknown: String,
    pub mermaid_failed_source: String,
    pub mermaid_library_failed: String,
    pub mermaid_library_broken: String,
    pub mermaid_drawing: String,
    pub diagram_flowchart: String,
    pub diagram_sequence: String,
    pub diagram_other: String,
    pub task_checked: String,
    pub task_unchecked: String,
    pub not_found_title: String,
    pub not_found_text: String,
    pub og_locale: String,
    pub skip_link: String,
    pub home: String,
    pub back_home: String,
    pub print_book: String,
    pub print_button: String,
    pub print_note: String,
    pub contents: String,
    pub book_contents: String,
    pub open_contents: String,
    pub close_contents: String,
    pub go_to_contents: String,
    pub on_this_page: String,
    pub on_this_page_count: String,
    pub page_sections: String,
    pub back_to_top: String,
    pub start_reading: String,
    pub home_intro: String,
    pub download_epub: String,
    pub epub_title_page: String,
    pub epub_landmarks: String,
    pub epub_online: String,
    pub epub_font_licences: String,
    pub epub_font_licences_intro: String,
    pub epub_accessibility_summary: String,
    pub count_parts: String,
    pub count_parts_one: String,
    pub count_chapters: String,
    pub count_chapters_one: String,
    pub count_appendices: String,
    pub count_appendices_one: String,
    pub made_with: String,
    pub page_nav: String,
    pub previous: String,
    pub next: String,
    pub page_nav_hint_before: String,
    pub page_nav_hint_after: String,
    pub theme_toggle: String,
    pub theme_state: String,
    pub theme_system: String,
    pub theme_light: String,
    pub theme_dark: String,
    pub search_label: String,
    pub search_placeholder: String,
    pub search_results: String,
    pub search_loading: String,
    pub search_failed: String,
    pub search_none: String,
    pub search_count: String,
    pub code_text: String,
    pub copy: String,
    pub copy_code: String,
    pub copied: String,
    pub copied_code: String,
    pub copied_status: String,
    pub copy_failed: String,
    pub copy_failed_status: String,
}

impl Ui {
    /// The table of `language` (`vi`, `en`, or a regional tag of either); `None` for a
    /// language with no table.
    pub(crate) fn for_language(language: &str) -> Option<&'static Ui> {
        static PARSED: [OnceLock<Ui>; 2] = [OnceLock::new(), OnceLock::new()];
        let primary = language.split(['-', '_']).next()?.to_ascii_lowercase();
        let index = TABLES.iter().position(|(tag, _)| *tag == primary)?;
        Some(PARSED[index].get_or_init(|| {
            serde_yaml::from_str(TABLES[index].1).expect("the built-in UI table parses")
        }))
    }

    /// The languages that have a table.
    pub(crate) fn languages() -> impl Iterator<Item = &'static str> {
        TABLES.iter().map(|(tag, _)| *tag)
    }
}

/// `text` with `{n}` replaced by `value`.
pub(crate) fn fill(text: &str, value: &str) -> String {
    text.replace("{n}", value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_text() {
        for language in Ui::languages() {
            let ui = Ui::for_language(language).unwrap();
            let texts = serde_json::to_value(ui).unwrap();
            let empty: Vec<_> = texts
                .as_object()
                .unwrap()
                .iter()
                .filter(|(_, v)| v.as_str().is_none_or(|s| s.trim().is_empty()))
                .collect();
            assert!(empty.is_empty(), "{language}: {empty:?}");
        }
    }

    #[test]
    fn regional_tags_take_their_languages_table() {
        assert_eq!(
            Ui::for_language("en-GB").unwrap().chapter_label,
            "Chapter {n}"
        );
        assert_eq!(Ui::for_language("VI").unwrap().chapter_label, "Chương {n}");
        assert!(Ui::for_language("fr").is_none());
        assert_eq!(fill("Phần {n}", "II"), "Phần II");
    }
}
