//! Callouts: GitHub's alert syntax (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`,
//! `[!CAUTION]`), which pulldown-cmark's GFM option parses, become a `role="note"` box whose
//! first line names its kind in the book's language, so a screen reader announces it.
//! A quote that starts like a callout but is not one (`[!DANGER]`, or `[!NOTE]` followed by
//! text on the same line) is reported, since it would show its marker as text.

use pulldown_cmark::BlockQuoteKind;

use crate::html::escape;
use crate::ui::Ui;

/// The opening HTML of a callout, and its title (for search).
pub(super) fn open(kind: BlockQuoteKind, ui: &Ui) -> (String, &str) {
    let (class, title, icon) = match kind {
        BlockQuoteKind::Note => ("note", &ui.callout_note, ICON_NOTE),
        BlockQuoteKind::Tip => ("tip", &ui.callout_tip, ICON_TIP),
        BlockQuoteKind::Important => ("important", &ui.callout_important, ICON_IMPORTANT),
        BlockQuoteKind::Warning => ("warning", &ui.callout_warning, ICON_WARNING),
        BlockQuoteKind::Caution => ("caution", &ui.callout_caution, ICON_CAUTION),
    };
    let html = format!(
        "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\"><svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\" width=\"16\" height=\"16\" viewBox=\"0 0 24 24\">{icon}</svg>{}</p>\n",
        escape(title)
    );
    (html, title)
}

/// The closing HTML of a callout.
pub(super) const CLOSE: &str = "</div>\n";

/// Why the first text of a plain quote looks like a failed callout marker, if it does.
pub(super) fn near_miss(first_text: &str) -> Option<String> {
    let rest = first_text.strip_prefix("[!")?;
    let end = rest.find(']')?;
    let name = &rest[..end];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let known = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];
    Some(if known.contains(&name.to_ascii_uppercase().as_str()) {
        format!("`[!{name}]` must stand alone on the first line of the quote to make a callout; put the text on the next line")
    } else {
        format!("`[!{name}]` is not a callout: use [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION]")
    })
}

const ICON_NOTE: &str = concat!(
    "<circle cx=\"12\" cy=\"12\" r=\"9\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"/>",
    "<path d=\"M12 11v6M12 7.5v.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\"/>"
);
const ICON_TIP: &str = "<path d=\"M9 18h6M10 21h4M12 3a6 6 0 0 0-3.6 10.8c.7.6 1.1 1.3 1.1 2.2h5c0-.9.4-1.6 1.1-2.2A6 6 0 0 0 12 3z\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>";
const ICON_IMPORTANT: &str = "<path d=\"M4 4h16v12H9l-5 4zM12 7v4M12 13.5v.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>";
const ICON_WARNING: &str = "<path d=\"M12 3 2 20h20zM12 10v4M12 17v.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>";
const ICON_CAUTION: &str = "<path d=\"M8 3h8l5 5v8l-5 5H8l-5-5V8zM12 8v5M12 16v.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callouts_are_announced_in_the_books_language() {
        let ui = Ui::for_language("vi").unwrap();
        let (html, title) = open(BlockQuoteKind::Warning, ui);
        assert_eq!(title, "Cảnh báo");
        assert!(html.starts_with("<div class=\"callout callout-warning\" role=\"note\">"));
        assert!(html.contains("</svg>Cảnh báo</p>"), "{html}");
    }

    #[test]
    fn failed_markers_are_explained() {
        assert!(near_miss("[!DANGER]").unwrap().contains("not a callout"));
        assert!(near_miss("[!NOTE] văn bản")
            .unwrap()
            .contains("stand alone"));
        assert_eq!(near_miss("[!] x"), None);
        assert_eq!(near_miss("[link] x"), None);
    }
}
