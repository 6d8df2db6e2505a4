//! Mermaid diagrams: the HTML a ```mermaid block becomes, the browser runtime, and validation.
//!
//! - [`MermaidRenderer::render`] inlines the diagram's pre-rendered SVGs from `mermaid/cache/`
//!   (a light and a dark variant; CSS inside them shows the one of the current theme), so the
//!   page shows it at once, without JavaScript and in print. A diagram with no cached SVG
//!   becomes a `mermaid-client` figure that `mermaid-init.js` draws in the browser with the
//!   vendored library when it nears the viewport.
//! - [`MermaidRenderer::runtime_files`]: the vendored library and the init script, for sites
//!   with a diagram to draw in the browser ([`needs_client`]).
//! - [`validate`]: the official parser's verdict on each diagram, as diagnostics.
//!
//! Builds never need node or Chromium: those only refresh the cache (`mermaid/README.md`).

mod cache;
mod validate;

use std::path::Path;

pub use cache::{key, Cache};
pub use validate::{validate, validator_available, DiagramRef};

use crate::html::escape;
use crate::output::OutputFile;
use crate::project::Folder;

/// The class of a figure that the browser must draw; templates look for it to decide whether a
/// page loads the Mermaid runtime.
pub(crate) const CLIENT_CLASS: &str = "mermaid-client";

/// Where the runtime files go in the site.
const RUNTIME_DIR: &str = "assets/mermaid";
/// The vendored library, in mermaid/.
const RUNTIME_LIBRARY: &str = "vendor/mermaid.min.js";

/// The runtime's files: (source under mermaid/, name in [`RUNTIME_DIR`]).
const RUNTIME_FILES: [(&str, &str); 4] = [
    ("vendor/mermaid.min.js", "mermaid.min.js"),
    ("vendor/LICENSE", "LICENSE.txt"),
    ("runtime/mermaid-init.js", "mermaid-init.js"),
    ("runtime/mermaid.css", "mermaid.css"),
];

/// The site paths the runtime's files are published at.
pub(crate) fn runtime_paths() -> Vec<String> {
    RUNTIME_FILES
        .iter()
        .map(|(_, to)| format!("{RUNTIME_DIR}/{to}"))
        .collect()
}

/// Renders Mermaid blocks; create once per build.
#[derive(Debug, Default)]
pub struct MermaidRenderer {
    cache: Cache,
    /// Whether the project has the library to draw uncached diagrams in the browser.
    has_runtime: bool,
    /// What a diagram says above its source when scripts are off, in the book's language.
    noscript_label: String,
    /// What a diagram that no page can draw says above its source.
    source_label: String,
}

impl MermaidRenderer {
    /// Reads the pre-rendered diagrams of the project at `root` (`mermaid/cache/`).
    pub fn load(root: &Path) -> Self {
        let dir = Folder::Mermaid.under(root);
        Self {
            cache: Cache::load(&dir.join("cache")),
            has_runtime: dir.join(RUNTIME_LIBRARY).is_file(),
            noscript_label: String::new(),
            source_label: String::new(),
        }
    }

    /// The same renderer, with what an undrawn diagram says above its source: when scripts
    /// are off, and when the project has no library to draw it.
    pub fn with_labels(self, noscript: &str, source: &str) -> Self {
        Self {
            noscript_label: noscript.to_owned(),
            source_label: source.to_owned(),
            ..self
        }
    }

    /// The pre-rendered diagrams.
    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// The HTML for one diagram: its cached SVGs, or its source for the browser to draw.
    /// `earlier` counts the same diagram higher up the page: each copy gets ids of its own
    /// (`mmd-KEY-2-light`…, in its styles and references too), so that no id appears twice.
    pub(crate) fn render(&self, source: &str, earlier: usize) -> String {
        let key = key(source);
        match self.cache.get(&key) {
            Some(svg) => {
                let figure = format!(
                    "<figure class=\"mermaid-figure\" data-mermaid=\"{key}\">\n{}\n{}\n</figure>\n",
                    svg.light, svg.dark
                );
                match earlier {
                    0 => figure,
                    n => figure.replace(&format!("mmd-{key}-"), &format!("mmd-{key}-{}-", n + 1)),
                }
            }
            None if self.has_runtime => client_figure(&key, source, &self.noscript_label),
            None => source_figure(&key, source, &self.source_label),
        }
    }

    /// The files the browser needs to draw uncached diagrams, read from `root/mermaid/`:
    /// `assets/mermaid/{mermaid.min.js, LICENSE, mermaid-init.js, mermaid.css}`. Empty when the
    /// project has no vendored library.
    pub(crate) fn runtime_files(&self, root: &Path) -> Result<Vec<OutputFile>, crate::diag::Error> {
        let dir = Folder::Mermaid.under(root);
        if !dir.join(RUNTIME_LIBRARY).is_file() {
            return Ok(Vec::new());
        }
        RUNTIME_FILES
            .iter()
            .map(|(from, to)| {
                Ok(OutputFile {
                    path: format!("{RUNTIME_DIR}/{to}"),
                    bytes: crate::diag::read(&dir.join(from))?,
                })
            })
            .collect()
    }
}

/// Whether a page's HTML has a diagram the browser must draw.
pub(crate) fn needs_client(html: &str) -> bool {
    html.contains(CLIENT_CLASS)
}

/// A diagram for `mermaid-init.js`: the source hidden in the figure (the script shows a
/// status line, then the SVG or an error box), and visible only when scripts are off.
fn client_figure(key: &str, source: &str, label: &str) -> String {
    let (source, label) = (escape(source), escape(label));
    format!(
        "<figure class=\"mermaid-figure {CLIENT_CLASS}\" data-mermaid=\"{key}\"><pre class=\"mermaid\" hidden>{source}</pre>\
         <noscript><p class=\"mermaid-status\">{label}</p><pre class=\"mermaid-source\">{source}</pre></noscript></figure>\n"
    )
}

/// A diagram in a project with neither its pre-rendered SVG nor the library to draw it: its
/// source, shown as it is (the page loads no script it does not have).
fn source_figure(key: &str, source: &str, label: &str) -> String {
    let (source, label) = (escape(source), escape(label));
    format!(
        "<figure class=\"mermaid-figure\" data-mermaid=\"{key}\"><p class=\"mermaid-status\">{label}</p><pre class=\"mermaid-source\">{source}</pre></figure>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncached_diagrams_are_left_to_the_browser_with_escaped_source() {
        let renderer = MermaidRenderer {
            has_runtime: true,
            ..MermaidRenderer::default()
        };
        let html = renderer.render("graph TD\n  A[\"<b>\"] --> B\n", 0);
        assert!(
            html.starts_with("<figure class=\"mermaid-figure mermaid-client\""),
            "{html}"
        );
        assert!(html.contains("<pre class=\"mermaid\" hidden>graph TD\n  A[&quot;&lt;b&gt;&quot;] --&gt; B\n</pre>"), "{html}");
        assert!(needs_client(&html));
        let without = MermaidRenderer::default().with_labels("JS:", "Sơ đồ:");
        let html = without.render("graph TD\n  A --> B\n", 0);
        assert!(!needs_client(&html), "{html}");
        assert!(html.contains(
            "<p class=\"mermaid-status\">Sơ đồ:</p><pre class=\"mermaid-source\">graph TD"
        ));
    }

    #[test]
    fn cached_diagrams_are_inlined_in_both_themes() {
        let dir = tempfile::tempdir().unwrap();
        let source = "graph TD\n  A --> B\n";
        let k = key(source);
        let cache = dir.path().join("mermaid/cache");
        std::fs::create_dir_all(&cache).unwrap();
        std::fs::write(
            cache.join(format!("{k}-light.svg")),
            format!("<svg id=\"mmd-{k}-light\"></svg>\n"),
        )
        .unwrap();
        std::fs::write(
            cache.join(format!("{k}-dark.svg")),
            format!("<svg id=\"mmd-{k}-dark\"></svg>\n"),
        )
        .unwrap();
        let renderer = MermaidRenderer::load(dir.path());
        let html = renderer.render(source, 0);
        assert_eq!(html, format!("<figure class=\"mermaid-figure\" data-mermaid=\"{k}\">\n<svg id='mmd-{k}-light'></svg>\n<svg id='mmd-{k}-dark'></svg>\n</figure>\n"));
        assert!(!needs_client(&html));
        let again = renderer.render(source, 1);
        assert_eq!(again, format!("<figure class=\"mermaid-figure\" data-mermaid=\"{k}\">\n<svg id='mmd-{k}-2-light'></svg>\n<svg id='mmd-{k}-2-dark'></svg>\n</figure>\n"));
    }
}
