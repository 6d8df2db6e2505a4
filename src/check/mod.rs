//! The checks of `handbook check`, run on what one build produced: nothing is read or parsed
//! again.
//!
//! Input: a [`Build`] from [`Builder::load`] (stages 1–6 and the link checks of
//! [`crate::links`]). Adds every damaged place the loader found, the same places in the same
//! words as `handbook repair --check` (the first hundred of a file, then a count), code
//! languages no grammar knows, the diagrams the official Mermaid parser rejects, and, from
//! the site rendered in memory, what the templates and stylesheets refer to
//! (`assets.rs`). Output: every problem, sorted. The kinds: broken links and anchors
//! (`broken-link`, `broken-anchor`), missing images and assets (`missing-image`,
//! `missing-asset`), malformed URLs (`malformed-link`), remaining mojibake (`mojibake`),
//! unknown code languages (`unknown-language`), front-matter problems (`front-matter`),
//! formulas that do not convert (`math`), quotes that almost make a callout and other tools'
//! directives (`callout`),
//! duplicate slugs (`duplicate-slug`), chapters missing from or unknown to `handbook.yaml`
//! (`unlisted-chapter`, `missing-chapter`), template errors (`template`); and from hostile or
//! careless input: output paths that collide or that some file system cannot hold
//! (`output-collision`, `output-name`), repeated heading ids (`duplicate-id`), links to
//! `javascript:`, `file:` … (`unsafe-link`), raw HTML that runs code (`raw-html`), file names
//! that are not UTF-8 (`file-name`), control characters (`control-character`), a base URL
//! that is no address (`base-url`) and code blocks too large to highlight (`code-too-large`).
//! A missing image and a formula that does not convert are warnings in `build` and errors
//! here.

mod assets;

use std::path::Path;

use crate::build::{Build, Builder};
use crate::diag::{Diagnostic, Severity};
use crate::load;
use crate::mermaid::{self, DiagramRef};
use crate::repair::Place;
use crate::site::Site;

/// What a build only warns about but the publishing gate refuses: a page that would show a
/// broken image or a formula as raw LaTeX.
const ERRORS_IN_CHECK: [&str; 2] = ["missing-image", "math"];

/// Every problem in the project, sorted by path and position. Errs only when the Mermaid
/// validator itself breaks.
pub(crate) fn problems(builder: &Builder, build: &Build) -> anyhow::Result<Vec<Diagnostic>> {
    let mut diagnostics: Vec<Diagnostic> = build
        .diagnostics
        .iter()
        // The build sums mojibake up once per file; `check` reports every place, below.
        .filter(|d| d.kind != "mojibake")
        .cloned()
        .collect();
    for (path, damage) in &build.damage {
        diagnostics.extend(damaged_places(path, &damage.found));
    }
    diagnostics.extend(code_languages(builder, &build.site));
    diagnostics.extend(mermaid::validate(
        &builder.config.root,
        &diagrams(&build.site),
    )?);
    diagnostics.extend(assets::rendered(builder, build));
    for d in &mut diagnostics {
        if ERRORS_IN_CHECK.contains(&d.kind) {
            d.severity = Severity::Error;
        }
    }
    diagnostics.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.kind.cmp(b.kind))
    });
    diagnostics.dedup();
    Ok(diagnostics)
}

/// How many damaged places of one file `check` lists; the rest are counted in one more
/// warning, so that a file garbled throughout stays readable (`handbook repair --check` and
/// `--report` list them all).
pub(crate) const LISTED_PLACES: usize = 100;

/// One warning per damaged place of the file at `path` (the same places and words as
/// `handbook repair --check`), the first [`LISTED_PLACES`] of them, then how many more.
fn damaged_places(path: &Path, places: &[Place]) -> Vec<Diagnostic> {
    let listed = places.iter().take(LISTED_PLACES);
    let mut diagnostics: Vec<Diagnostic> = listed.map(|p| load::place_warning(path, p)).collect();
    if let Some(next) = places.get(LISTED_PLACES) {
        let more = places.len() - LISTED_PLACES;
        let message = format!(
            "{more} more damaged place(s) from here on, not listed ({} in this file): `handbook repair --write {path}` restores what it can, then `handbook repair --check {path}` lists what is left",
            places.len(),
            path = path.display()
        );
        diagnostics.push(Diagnostic::warning(
            path, next.line, next.col, "mojibake", message,
        ));
    }
    diagnostics
}

/// Code blocks whose language no grammar knows are shown unhighlighted: worth a warning.
fn code_languages(builder: &Builder, site: &Site) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for page in &site.pages {
        for block in &page.chapter.rendered.code_blocks {
            if block.lang != "mermaid" && !builder.highlighter().knows(&block.lang) {
                let message = format!(
                    "unknown code language `{}`: the block is shown without highlighting",
                    block.lang
                );
                diagnostics.push(Diagnostic::warning(
                    &page.chapter.doc.display_path,
                    block.line,
                    4,
                    "unknown-language",
                    message,
                ));
            }
        }
    }
    diagnostics
}

/// Every Mermaid block of the book, in reading order.
pub fn diagrams(site: &Site) -> Vec<DiagramRef> {
    site.pages
        .iter()
        .flat_map(|page| {
            let path = &page.chapter.doc.display_path;
            page.chapter
                .rendered
                .code_blocks
                .iter()
                .filter(|b| b.lang == "mermaid")
                .map(move |b| DiagramRef {
                    path: path.clone(),
                    line: b.line,
                    source: b.code.clone(),
                })
        })
        .collect()
}
