//! Stage 5: render a chapter's Markdown to HTML with pulldown-cmark.
//!
//! Input: a [`Document`]. Output: [`Rendered`] — the HTML plus what later stages need without
//! re-parsing: the table of contents, every link and image with its line, the sections' plain
//! text for search, and the Mermaid diagrams. The event stream is transformed in one pass
//! (`state.rs`): headings get ids and anchors, code is highlighted, diagrams are handed to
//! [`crate::mermaid`], formulas become MathML (`math.rs`), `> [!NOTE]` quotes become callouts
//! (`callout.rs`), a lone captioned image becomes a figure (`figure.rs`), tables are wrapped
//! so they scroll on phones, and links are resolved from the chapter's file (`dest.rs`): to
//! other chapters' pages, or to the files beside them, published at the same place.

mod callout;
mod dest;
mod figure;
pub(crate) mod headings;
pub(crate) mod highlight;
mod line_memo;
mod math;
mod near_miss;
mod palette;
pub(crate) mod raw_html;
mod rendered;
mod state;
mod text;

use pulldown_cmark::{Options, Parser};

use crate::diag::LineIndex;
use crate::frontmatter::Document;
use near_miss::ProseRuns;
use raw_html::RawHtml;
pub(crate) use rendered::{Link, LinkKind, Rendered};
pub(crate) use rendered::{LinkMap, Renderers};
use state::State;
pub use text::Section;

/// The Markdown extensions a book may use: GitHub's (tables, footnotes, strikethrough, task
/// lists, alerts), heading attributes and `$` math.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
}

/// Renders one document.
pub(crate) fn render(doc: &Document, tools: &Renderers<'_>) -> Rendered {
    let lines = LineIndex::new(&doc.body);
    let mut state = State::new(doc, tools, &lines);
    let mut prose = ProseRuns::default();
    let mut raw_html = RawHtml::default();
    for (event, range) in Parser::new_ext(&doc.body, options()).into_offset_iter() {
        prose.observe(&event, &range);
        raw_html.observe(&event, &range, &doc.body);
        state.feed(event, range.start);
    }
    for (offset, message) in prose.near_misses(&doc.body) {
        state.warn(offset, "malformed-link", message);
    }
    for (offset, message) in prose.stray_math(&doc.body) {
        state.warn(offset, "math", message);
    }
    for (offset, message) in raw_html.finish() {
        state.warn(offset, "raw-html", message);
    }
    state.finish()
}

#[cfg(test)]
mod tests;
