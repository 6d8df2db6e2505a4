//! What a site holds: every [`Output`] of stage 7, listed once for `build`, `check` and the
//! dev server alike.

use crate::site::Site;
use crate::source::StaticFile;
use crate::{mermaid, search, seo};

/// The home page.
pub(crate) const HOME: &str = "index.html";
/// The whole book on one page.
pub(crate) const PRINT: &str = "print.html";
/// The page served for missing URLs.
pub(crate) const NOT_FOUND: &str = "404.html";
/// The generated stylesheet of highlighted code.
pub(crate) const SYNTAX_CSS: &str = "assets/css/syntax.css";
/// Tells GitHub Pages to publish the site as it is, without Jekyll.
pub(crate) const NO_JEKYLL: &str = ".nojekyll";

/// One unit of stage 7: a file of the site, or a small group made together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Output {
    /// The page of the chapter at this index of [`Site::pages`].
    Chapter(usize),
    /// `index.html`.
    Home,
    /// `print.html`: the whole book on one page.
    Print,
    /// `404.html`.
    NotFound,
    /// The search index.
    SearchIndex,
    /// [`SYNTAX_CSS`].
    SyntaxCss,
    /// [`NO_JEKYLL`].
    NoJekyll,
    /// `sitemap.xml` and `robots.txt`, when the site's address is known.
    Seo,
    /// The file of static/ at this index of the pass's static files.
    Static(usize),
    /// The Mermaid library, for diagrams with no pre-rendered SVG.
    MermaidRuntime,
}

/// Every output of `site`, whose static files are `statics`; `sitemap.xml` and `robots.txt`
/// only when the site's address is known.
pub(crate) fn plan(site: &Site, statics: &[StaticFile], has_base_url: bool) -> Vec<Output> {
    let mut plan: Vec<Output> = (0..site.pages.len()).map(Output::Chapter).collect();
    plan.extend([
        Output::Home,
        Output::Print,
        Output::NotFound,
        Output::SearchIndex,
        Output::SyntaxCss,
        Output::NoJekyll,
    ]);
    if has_base_url {
        plan.push(Output::Seo);
    }
    plan.extend((0..statics.len()).map(Output::Static));
    if needs_mermaid_runtime(site) {
        plan.push(Output::MermaidRuntime);
    }
    plan
}

/// The site paths `output` writes.
pub(crate) fn paths_of(output: Output, site: &Site, statics: &[StaticFile]) -> Vec<String> {
    let one = |path: &str| vec![path.to_owned()];
    match output {
        Output::Chapter(index) => vec![site.pages[index].url.clone()],
        Output::Home => one(HOME),
        Output::Print => one(PRINT),
        Output::NotFound => one(NOT_FOUND),
        Output::SearchIndex => one(search::INDEX_PATH),
        Output::SyntaxCss => one(SYNTAX_CSS),
        Output::NoJekyll => one(NO_JEKYLL),
        Output::Seo => vec![seo::SITEMAP.to_owned(), seo::ROBOTS.to_owned()],
        Output::Static(index) => vec![statics[index].site_path.clone()],
        Output::MermaidRuntime => mermaid::runtime_paths(),
    }
}

/// The site paths that `plan` makes besides chapter pages and that links may point at: the
/// home, print and 404 pages and the files of static/.
pub(crate) fn other_paths(plan: &[Output], site: &Site, statics: &[StaticFile]) -> Vec<String> {
    plan.iter()
        .filter(|output| {
            matches!(
                output,
                Output::Home | Output::Print | Output::NotFound | Output::Static(_)
            )
        })
        .flat_map(|&output| paths_of(output, site, statics))
        .collect()
}

/// Whether some chapter has a diagram that the browser must draw.
pub(crate) fn needs_mermaid_runtime(site: &Site) -> bool {
    site.pages
        .iter()
        .any(|p| mermaid::needs_client(&p.chapter.rendered.html))
}
