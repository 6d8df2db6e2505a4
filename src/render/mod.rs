//! Stage 7: the files of the site, rendered from the assembled [`Site`].
//!
//! [`Pass::plan`] lists every [`Output`] of a site, and [`Pass::render`] makes one. `build`
//! renders the whole plan and streams each file to disk as it comes; `check` renders it in
//! memory; the dev server renders only the outputs whose [`Pass::key`] changed since its last
//! build. All of them go through these functions: there is one list of what a site holds, and
//! one way to make each file of it.

mod claims;
mod context;
mod keys;
mod plan;
mod print;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::Error;
use crate::mermaid::MermaidRenderer;
use crate::output::OutputFile;
use crate::site::Site;
use crate::source::StaticFile;
use crate::template::{Sidebar, TemplateError, Templates};
use crate::url;
pub(crate) use claims::claims;
pub(crate) use context::base_context;
use context::PageContext;
use keys::Keys;
pub(crate) use plan::{linked_assets, other_paths, plan, Output, Sources, NO_JEKYLL, SYNTAX_CSS};
use plan::{HOME, NOT_FOUND, PRINT};

/// Why a file of the site could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// A file could not be read or written.
    #[error(transparent)]
    Io(#[from] Error),
}

/// What every output is made with: the long-lived tools of a build.
#[derive(Clone, Copy)]
pub(crate) struct Renderer<'a> {
    /// The validated configuration.
    pub config: &'a Config,
    /// The templates.
    pub templates: &'a Templates,
    /// The Mermaid diagrams and their runtime.
    pub mermaid: &'a MermaidRenderer,
    /// The public URL of the site, if known (ends with `/`).
    pub base_url: Option<&'a str>,
    /// The file name of the book's EPUB when the build writes one: the home page links to it
    /// (as `epub`; none, and no link, otherwise).
    pub epub: Option<&'a str>,
}

/// One render of one site: the renderer, what the outputs are made from, and the navigation.
pub(crate) struct Pass<'a> {
    renderer: Renderer<'a>,
    sources: Sources<'a>,
    sidebar: Sidebar,
    keys: OnceLock<Keys>,
}

impl<'a> Renderer<'a> {
    /// Starts a render of `sources` (the navigation is rendered once, here).
    pub(crate) fn pass(self, sources: Sources<'a>) -> Result<Pass<'a>, RenderError> {
        let sidebar = self.sidebar(sources.site, "")?;
        Ok(Pass {
            renderer: self,
            sources,
            sidebar,
            keys: OnceLock::new(),
        })
    }

    /// The navigation for pages whose URLs start with `root`.
    fn sidebar(&self, site: &Site, root: &str) -> Result<Sidebar, TemplateError> {
        let context = base_context(self.config, site, None, root, self.base_url);
        Sidebar::render(self.templates, &context)
    }
}

impl Pass<'_> {
    /// Renders every output of `plan` in parallel, handing each file to `each` as it is made.
    ///
    /// Each thread of the pool takes the next output not yet started, the slowest first
    /// ([`Output::slowest_first`]): the search index and the print view then start at once,
    /// each on a thread of its own, and the many small outputs fill the gaps, where a split of
    /// the plan in halves could leave one thread with both and the other idle at the end.
    ///
    /// Before taking an output, a thread first helps with the parallel parts of the outputs
    /// under way (the index counts its pages in parallel): otherwise the thread making the
    /// index makes it alone, and ends the build alone after the other has run out of pages
    /// (sampled with `perf`, a build of the handbook ran on one thread for a median of 4 ms at
    /// its end, and now for none).
    pub(crate) fn render_each(
        &self,
        plan: &[Output],
        each: impl Fn(OutputFile) -> Result<(), Error> + Sync,
    ) -> Result<(), RenderError> {
        let mut order = plan.to_vec();
        order.sort_by_key(|output| output.slowest_first());
        let next = AtomicUsize::new(0);
        // After a failure no thread starts another output: the build stops.
        let failed = AtomicBool::new(false);
        let taken = || {
            while rayon::yield_now() == Some(rayon::Yield::Executed) {}
            let output = order.get(next.fetch_add(1, Ordering::Relaxed)).copied();
            output.filter(|_| !failed.load(Ordering::Relaxed))
        };
        // One loop on each thread of the pool. With a parallel iterator over the threads, the
        // first thread to yield could run the other thread's loop as well, and make every
        // output alone.
        rayon::broadcast(|_| {
            std::iter::from_fn(taken).try_for_each(|output| {
                let made = self.render_into(output, &each);
                failed.fetch_or(made.is_err(), Ordering::Relaxed);
                made
            })
        })
        .into_iter()
        .collect()
    }

    /// Renders one output, handing each of its files to `each`.
    fn render_into(
        &self,
        output: Output,
        each: &impl Fn(OutputFile) -> Result<(), Error>,
    ) -> Result<(), RenderError> {
        for file in self.render(output)? {
            each(file)?;
        }
        Ok(())
    }

    /// Renders every output of `plan` in memory.
    pub(crate) fn render_all(&self, plan: &[Output]) -> Result<Vec<OutputFile>, RenderError> {
        let files: Vec<Vec<OutputFile>> = plan
            .par_iter()
            .map(|&output| self.render(output))
            .collect::<Result<_, _>>()?;
        Ok(files.into_iter().flatten().collect())
    }

    /// The site paths `output` writes.
    pub(crate) fn paths(&self, output: Output) -> Vec<String> {
        plan::paths_of(output, &self.sources)
    }

    /// The file or files of one output, at the paths [`Self::paths`] claims for it.
    pub(crate) fn render(&self, output: Output) -> Result<Vec<OutputFile>, RenderError> {
        let files = self.make(output)?;
        debug_assert!(
            files
                .iter()
                .all(|f| self.paths(output).iter().any(|p| plan::covers(p, &f.path))),
            "{output:?} wrote a path it did not claim"
        );
        Ok(files)
    }

    fn make(&self, output: Output) -> Result<Vec<OutputFile>, RenderError> {
        let Sources {
            site,
            statics,
            assets,
        } = self.sources;
        let one = |path: &str, text: String| Ok(vec![OutputFile::text(path, text)]);
        match output {
            Output::Chapter(index) => self.chapter(index),
            Output::Home => one(HOME, self.special("home")?),
            Output::Print => one(PRINT, self.special("print")?),
            Output::NotFound => one(NOT_FOUND, self.special("404")?),
            Output::SearchIndex => Ok(crate::search::index_files(site)),
            Output::SyntaxCss => one(SYNTAX_CSS, crate::markdown::highlight::stylesheet()),
            Output::NoJekyll => one(NO_JEKYLL, String::new()),
            Output::Seo => Ok(self
                .renderer
                .base_url
                .map(|base| crate::seo::files(site, base))
                .unwrap_or_default()),
            Output::Static(index) => copy(&statics[index]),
            Output::Asset(index) => copy(&assets[index]),
            Output::MermaidRuntime => Ok(self
                .renderer
                .mermaid
                .runtime_files(&self.renderer.config.root)?),
        }
    }

    /// What the output depends on besides the project's tools, as one number: the dev server
    /// renders an output again only when its key changes.
    pub(crate) fn key(&self, output: Output) -> u64 {
        let Sources {
            site,
            statics,
            assets,
        } = self.sources;
        let keys = self.keys.get_or_init(|| Keys::of(site));
        keys.key(site, (statics, assets), output)
    }

    /// One chapter page.
    fn chapter(&self, index: usize) -> Result<Vec<OutputFile>, RenderError> {
        let (renderer, site) = (&self.renderer, self.sources.site);
        let mut context = base_context(renderer.config, site, Some(index), "", renderer.base_url);
        context.insert(
            "sidebar",
            &self.sidebar.marked(Some(&site.pages[index].url)),
        );
        context.insert("page", &PageContext::chapter(site, index));
        let html = renderer.templates.render("chapter.html", &context)?;
        Ok(vec![OutputFile::text(site.pages[index].url.clone(), html)])
    }

    /// The page of `kind` ("home", "print" or "404").
    fn special(&self, kind: &str) -> Result<String, TemplateError> {
        let (renderer, site) = (&self.renderer, self.sources.site);
        let book = &renderer.config.book;
        // 404.html is served for missing URLs at any depth, so its links must be absolute
        // when the site's address is known.
        let root = match (kind, renderer.base_url) {
            ("404", Some(base)) => url::base_path(base),
            _ => String::new(),
        };
        let mut context = base_context(renderer.config, site, None, &root, renderer.base_url);
        // The EPUB, when this build writes one (the home page links to it).
        context.insert("epub", &renderer.epub);
        let (template, page) = match kind {
            "home" => (
                "home.html",
                PageContext::special("home", &book.title, HOME, book.description.clone()),
            ),
            "print" => {
                context.insert("chapters", &print::chapters(site));
                let page =
                    PageContext::special("print", &book.title, PRINT, book.description.clone());
                ("print.html", page.with_features_of(site))
            }
            _ => (
                "404.html",
                PageContext::special(
                    "404",
                    &renderer.config.ui.not_found_title,
                    NOT_FOUND,
                    String::new(),
                ),
            ),
        };
        let sidebar = if root.is_empty() {
            self.sidebar.marked(None)
        } else {
            renderer.sidebar(site, &root)?.marked(None)
        };
        context.insert("sidebar", &sidebar);
        context.insert("page", &page);
        let html = renderer.templates.render(template, &context)?;
        Ok(match kind {
            "print" => print::fill(&html, site),
            _ => html,
        })
    }
}

/// A file published as it is.
fn copy(file: &StaticFile) -> Result<Vec<OutputFile>, RenderError> {
    Ok(vec![OutputFile {
        path: file.site_path.clone(),
        bytes: file.read()?,
    }])
}
