//! What a site holds: every [`Output`] of stage 7, listed once for `build`, `check` and the
//! dev server alike, and which files of content/ it publishes ([`linked_assets`]).

use std::collections::HashSet;

use crate::site::Site;
use crate::source::StaticFile;
use crate::{mermaid, seo, url};

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

/// What the outputs of stage 7 are made from: the site, the files of static/ and the files of
/// content/ it publishes. [`Output`] indexes point into these lists.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sources<'a> {
    /// The book.
    pub(crate) site: &'a Site,
    /// The files of static/ (and of the built-in theme).
    pub(crate) statics: &'a [StaticFile],
    /// The files of content/ that chapters link to or show.
    pub(crate) assets: &'a [StaticFile],
}

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
    /// The search index: its manifest, shards and fragments, in one folder, made
    /// from the rendered chapters like the print view (so a build makes it while it renders
    /// the pages, and the dev server keeps its own, updated page by page).
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

impl Output {
    /// A key that orders outputs from the slowest to make to the quickest: the search index
    /// (the whole book indexed), the print view (the whole book rewritten), the chapter pages,
    /// then the rest (copies and small generated files).
    pub(crate) fn slowest_first(&self) -> u8 {
        match self {
            Output::SearchIndex => 0,
            Output::Print => 1,
            Output::Chapter(_) => 2,
            _ => 3,
        }
    }
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

/// The site paths `output` writes. A path ending with `/` claims every file of a folder: the
/// search index claims its folder whole, since the names of its files come from the book's
/// words and change with them (so a build checks its paths before the index is made, and no
/// file of static/ can come to clash with the index after an edit).
pub(crate) fn paths_of(output: Output, sources: &Sources<'_>) -> Vec<String> {
    let one = |path: &str| vec![path.to_owned()];
    match output {
        Output::Chapter(index) => vec![sources.site.pages[index].url.clone()],
        Output::Home => one(HOME),
        Output::Print => one(PRINT),
        Output::NotFound => one(NOT_FOUND),
        Output::SearchIndex => vec![format!("{}/", crate::search::encode::DIR)],
        Output::SyntaxCss => one(SYNTAX_CSS),
        Output::NoJekyll => one(NO_JEKYLL),
        Output::Seo => vec![seo::SITEMAP.to_owned(), seo::ROBOTS.to_owned()],
        Output::Static(index) => vec![sources.statics[index].site_path.clone()],
        Output::Asset(index) => vec![sources.assets[index].site_path.clone()],
        Output::MermaidRuntime => mermaid::runtime_paths(),
    }
}

/// Whether `claimed`, one of the paths of [`paths_of`], covers the file at `path`.
pub(crate) fn covers(claimed: &str, path: &str) -> bool {
    claimed == path || (claimed.ends_with('/') && path.starts_with(claimed))
}

/// The site paths that `plan` makes besides chapter pages and that links may point at: the
/// home, print and 404 pages, the files of static/ and the files of content/ it publishes.
pub(crate) fn other_paths(plan: &[Output], sources: &Sources<'_>) -> Vec<String> {
    plan.iter()
        .filter(|output| {
            matches!(
                output,
                Output::Home
                    | Output::Print
                    | Output::NotFound
                    | Output::Static(_)
                    | Output::Asset(_)
            )
        })
        .flat_map(|&output| paths_of(output, sources))
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
    site.pages.iter().any(|p| p.chapter.rendered.mermaid_client)
}
