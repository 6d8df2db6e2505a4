//! Mermaid diagrams: the HTML a ```mermaid block becomes.
//!
//! A diagram is emitted as `<pre class="mermaid">` for the vendored Mermaid library to render
//! in the browser.

use std::path::Path;

use crate::markdown::highlight::escape;

/// Renders Mermaid blocks; create once per build.
#[derive(Debug, Default)]
pub struct MermaidRenderer {}

impl MermaidRenderer {
    /// Prepares the renderer for the project at `root`.
    pub fn load(_root: &Path) -> Self {
        Self {}
    }

    /// The HTML for one diagram.
    pub fn render(&self, source: &str) -> String {
        format!("<figure class=\"mermaid-figure\"><pre class=\"mermaid\">{}</pre></figure>\n", escape(source))
    }
}
