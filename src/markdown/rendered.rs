//! What stage 5 makes of a chapter ([`Rendered`]: its HTML and what later stages need), and
//! the tools it is made with ([`Renderers`]).

use std::collections::HashMap;
use std::path::PathBuf;

use super::headings::Heading;
use super::highlight::Highlighter;
use super::text::Section;
use crate::diag::Diagnostic;
use crate::mermaid::MermaidRenderer;
use crate::ui::Ui;

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
    /// Whether a diagram has no pre-rendered SVG and is drawn in the browser (the page then
    /// loads the Mermaid runtime).
    pub mermaid_client: bool,
    /// Whether any block is (non-Mermaid) code.
    pub has_code: bool,
    /// Whether the page has a formula.
    pub has_math: bool,
    /// Problems found while rendering, located in the file (links that almost parsed).
    pub diagnostics: Vec<Diagnostic>,
}
