//! What a site holds: every [`Output`] of stage 7, listed once for `build`, `check` and the
//! dev server alike, and which files of content/ it publishes ([`linked_assets`]).

use std::collections::HashSet;

use crate::mermaid;
use crate::site::Site;
use crate::source::StaticFile;
use crate::url;

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
    /// The file of content/ at this index of the pass's assets: one a chapter links to or
    /// shows, published at the same place as in content/.
    Asset(usize),
    /// The Mermaid library, for diagrams with no pre-rendered SVG.
    MermaidRuntime,
}

/// Every output of `site`, whose static files are `statics` and whose files of content/ are
/// `assets`; `sitemap.xml` and `robots.txt` only when the site's address is known.
pub(crate) fn plan(
    site: &Site,
    statics: &[StaticFile],
    assets: &[StaticFile],
    has_base_url: bool,
) -> Vec<Output> {
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
    plan.extend((0..assets.len()).map(Output::Asset));
    if needs_mermaid_runtime(site) {
        plan.push(Output::MermaidRuntime);
    }
    plan
}

/// The site paths that `plan` makes besides chapter pages and that links may point at: the
/// home, print and 404 pages, the files of static/ and the files of content/ it publishes.
pub(crate) fn other_paths(
    plan: &[Output],
    statics: &[StaticFile],
    assets: &[StaticFile],
) -> Vec<String> {
    plan.iter()
        .filter_map(|&output| match output {
            Output::Home => Some("index.html".to_owned()),
            Output::Print => Some("print.html".to_owned()),
            Output::NotFound => Some("404.html".to_owned()),
            Output::Static(index) => Some(statics[index].site_path.clone()),
            Output::Asset(index) => Some(assets[index].site_path.clone()),
            _ => None,
        })
        .collect()
}

/// The files of content/ (`files`) that some page links to or shows, in path order; a file
/// that static/ (or the theme) also has at that place is left to it.
pub(crate) fn linked_assets(
    site: &Site,
    files: Vec<StaticFile>,
    statics: &[StaticFile],
) -> Vec<StaticFile> {
    let linked: HashSet<String> = site
        .pages
        .iter()
        .flat_map(|page| {
            let links = &page.chapter.rendered.links;
            links
                .iter()
                .filter_map(|link| Some(url::resolve(&page.url, &link.href)?.0))
        })
        .collect();
    let taken: HashSet<&str> = statics.iter().map(|s| s.site_path.as_str()).collect();
    files
        .into_iter()
        .filter(|f| linked.contains(&f.site_path) && !taken.contains(f.site_path.as_str()))
        .collect()
}

/// Whether some chapter has a diagram that the browser must draw.
pub(crate) fn needs_mermaid_runtime(site: &Site) -> bool {
    site.pages
        .iter()
        .any(|p| mermaid::needs_client(&p.chapter.rendered.html))
}
