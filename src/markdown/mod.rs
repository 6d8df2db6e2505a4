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
mod math;
mod near_miss;
mod state;
mod text;

use std::collections::HashMap;
use std::path::PathBuf;

use pulldown_cmark::{Options, Parser};

use crate::diag::{Diagnostic, LineIndex};
use crate::frontmatter::Document;
use crate::mermaid::MermaidRenderer;
use crate::ui::Ui;
use headings::Heading;
use highlight::Highlighter;
use near_miss::ProseRuns;
use state::State;
pub use text::Section;

/// Maps chapter files (relative to content/) to their page URLs (`slug.html`).
pub(crate) type LinkMap = HashMap<PathBuf, String>;

/// The shared, expensive-to-build tools the renderer uses.
pub(crate) struct Renderers<'a> {
    /// Code highlighting.
    pub highlighter: &'a Highlighter,
    /// Mermaid diagrams.
    pub mermaid: &'a MermaidRenderer,
    /// Where each chapter file is published.
    pub links: &'a LinkMap,
    /// The texts of the interface (callout titles, the heading anchors' label).
    pub ui: &'a Ui,
}

/// Whether a reference is a link or an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum LinkKind {
    /// `[text](dest)`.
    Link,
    /// `![alt](dest)`.
    Image,
}

/// A link or image in the Markdown, as the author wrote it, with the URL it became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Link or image.
    pub kind: LinkKind,
    /// The destination as written.
    pub dest: String,
    /// The destination in the HTML (chapter `.md` links rewritten to pages).
    pub href: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

/// A fenced code block's language and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The info string's first word ("" when unlabeled).
    pub lang: String,
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The code.
    pub code: String,
}

/// A chapter rendered to HTML, with what later stages need.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body's HTML.
    pub html: String,
    /// h2/h3 headings for the page's table of contents.
    pub toc: Vec<Heading>,
    /// Every element id the body defines.
    pub ids: Vec<String>,
    /// Every link and image.
    pub links: Vec<Link>,
    /// Plain text per section, for the search index.
    pub sections: Vec<Section>,
    /// Every fenced code block, Mermaid included.
    pub code_blocks: Vec<CodeBlock>,
    /// Whether any block is a Mermaid diagram.
    pub has_mermaid: bool,
    /// Whether any block is (non-Mermaid) code.
    pub has_code: bool,
    /// Whether the page has a formula.
    pub has_math: bool,
    /// Problems found while rendering, located in the file (links that almost parsed).
    pub diagnostics: Vec<Diagnostic>,
}

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
    for (event, range) in Parser::new_ext(&doc.body, options()).into_offset_iter() {
        prose.observe(&event, &range);
        state.feed(event, range.start);
    }
    for (offset, message) in prose.near_misses(&doc.body) {
        state.warn(offset, "malformed-link", message);
    }
    for (offset, message) in prose.stray_math(&doc.body) {
        state.warn(offset, "math", message);
    }
    state.finish()
}

#[cfg(test)]
mod tests;
