//! Stage 7: apply the Tera templates in templates/ to the [`Site`].
//!
//! Every page gets the same context shape (see `templates/README.md`): the book, the
//! navigation with the current chapter marked, and the page. URLs are relative to the site
//! root through `root`, so one output works at a domain root, under a sub-path and from disk.

use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::markdown::headings::Heading;
use crate::site::{Page, Site};

/// The loaded templates.
pub struct Templates {
    tera: Tera,
}

/// The templates every site needs.
pub const REQUIRED: &[&str] = &["home.html", "chapter.html", "print.html", "404.html"];

/// A template failed to load or render; the message holds Tera's whole cause chain.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct TemplateError {
    /// The template (or template folder) concerned.
    pub path: String,
    /// What went wrong, with every cause.
    pub message: String,
}

impl TemplateError {
    fn new(path: impl Into<String>, error: &tera::Error) -> Self {
        Self {
            path: path.into(),
            message: unravel(error),
        }
    }
}

/// Joins Tera's nested errors, where the real cause usually hides.
fn unravel(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

impl Templates {
    /// Loads every `*.html` template under `dir`.
    pub fn load(dir: &Path) -> Result<Self, TemplateError> {
        let glob = format!("{}/**/*.html", dir.display());
        let mut tera =
            Tera::new(&glob).map_err(|e| TemplateError::new(dir.display().to_string(), &e))?;
        tera.autoescape_on(vec![".html"]);
        for name in REQUIRED {
            if !tera.get_template_names().any(|n| n == *name) {
                let message = format!("missing template `{name}`");
                return Err(TemplateError {
                    path: dir.join(name).display().to_string(),
                    message,
                });
            }
        }
        Ok(Self { tera })
    }

    /// Renders `template` with `context`.
    pub fn render(&self, template: &str, context: &Context) -> Result<String, TemplateError> {
        self.tera
            .render(template, context)
            .map_err(|e| TemplateError::new(format!("templates/{template}"), &e))
    }
}

/// The book's navigation, rendered once per build from `partials/sidebar.html`; each page then
/// marks its own chapter. Rendering it per page would cost every page a loop over every
/// chapter in Tera, which makes a book's build time grow with the square of its chapters.
pub struct Sidebar {
    html: String,
}

impl Sidebar {
    /// Renders the sidebar partial with `context` (a [`base_context`] with no current chapter).
    pub fn render(templates: &Templates, context: &Context) -> Result<Self, TemplateError> {
        let html = templates.render("partials/sidebar.html", context)?;
        Ok(Self { html })
    }

    /// The sidebar with the link to `href` (as written in it, root included) marked as the
    /// current page, or unmarked when `href` is `None`.
    pub fn marked(&self, href: Option<&str>) -> String {
        let Some(href) = href else {
            return self.html.clone();
        };
        let link = format!("href=\"{href}\"");
        let current = format!("{link} class=\"is-current\" aria-current=\"page\"");
        self.html.replacen(&link, &current, 1)
    }
}

#[derive(Serialize)]
struct NavChapter<'a> {
    number: &'a str,
    label: &'a str,
    title: &'a str,
    url: &'a str,
    current: bool,
}

#[derive(Serialize)]
struct NavPart<'a> {
    number: &'a str,
    label: &'a str,
    title: &'a str,
    is_appendix: bool,
    chapters: Vec<NavChapter<'a>>,
}

#[derive(Serialize)]
struct Neighbour<'a> {
    title: &'a str,
    url: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
struct PartRef<'a> {
    number: &'a str,
    label: &'a str,
    title: &'a str,
}

/// What a template knows about the page it renders.
#[derive(Serialize, Default)]
pub struct PageContext<'a> {
    kind: &'a str,
    title: &'a str,
    url: &'a str,
    description: String,
    content: &'a str,
    toc: &'a [Heading],
    prev: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
    part: Option<PartRef<'a>>,
    number: &'a str,
    label: &'a str,
    has_mermaid: bool,
    has_code: bool,
}

impl<'a> PageContext<'a> {
    /// A page that is not a chapter (home, print, 404).
    pub fn special(kind: &'a str, title: &'a str, url: &'a str, description: String) -> Self {
        Self {
            kind,
            title,
            url,
            description,
            ..Self::default()
        }
    }

    /// A chapter page, with its neighbours.
    pub fn chapter(site: &'a Site, index: usize) -> Self {
        let page = &site.pages[index];
        let meta = &page.chapter.doc.meta;
        let rendered = &page.chapter.rendered;
        let part = &site.parts[page.part];
        Self {
            kind: "chapter",
            title: &meta.title,
            url: &page.url,
            description: meta
                .description
                .clone()
                .unwrap_or_else(|| describe(&rendered.sections)),
            content: &rendered.html,
            toc: &rendered.toc,
            prev: site.prev(index).map(neighbour),
            next: site.next(index).map(neighbour),
            part: Some(PartRef {
                number: &part.number,
                label: &part.label,
                title: &part.title,
            }),
            number: &meta.number,
            label: &page.label,
            has_mermaid: rendered.has_mermaid,
            has_code: rendered.has_code,
        }
    }

    /// Marks whether the page shows diagrams or code (for pages that gather several chapters).
    pub fn with_features(mut self, has_mermaid: bool, has_code: bool) -> Self {
        self.has_mermaid = has_mermaid;
        self.has_code = has_code;
        self
    }
}

fn neighbour(page: &Page) -> Neighbour<'_> {
    Neighbour {
        title: &page.chapter.doc.meta.title,
        url: &page.url,
        label: &page.label,
    }
}

/// A description from the first sentence-ish of the chapter's text, for link previews.
fn describe(sections: &[crate::markdown::Section]) -> String {
    let text = sections
        .iter()
        .map(|s| s.text.trim())
        .find(|t| t.chars().count() > 40)
        .unwrap_or_default();
    let mut out: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(160)
        .collect();
    if text.chars().count() > 160 {
        out.push('…');
    }
    out
}

/// The context shared by every page: book, site, navigation (with `current` marked).
pub fn base_context(
    config: &Config,
    site: &Site,
    current: Option<usize>,
    root: &str,
    base_url: Option<&str>,
) -> Context {
    let book = &config.book;
    let nav: Vec<NavPart<'_>> = site
        .parts
        .iter()
        .map(|part| NavPart {
            number: &part.number,
            label: &part.label,
            title: &part.title,
            is_appendix: part.is_appendix,
            chapters: part
                .pages
                .iter()
                .map(|&i| nav_chapter(site, i, current == Some(i)))
                .collect(),
        })
        .collect();
    let mut context = Context::new();
    context.insert("lang", &book.language);
    context.insert("root", root);
    context.insert("book", &serde_json::json!({
        "title": book.title, "subtitle": book.subtitle, "edition": book.edition, "description": book.description,
    }));
    context.insert(
        "site",
        &serde_json::json!({
            "base_url": base_url, "generator": concat!("handbook ", env!("CARGO_PKG_VERSION")),
        }),
    );
    context.insert("nav", &nav);
    context
}

fn nav_chapter(site: &Site, index: usize, current: bool) -> NavChapter<'_> {
    let page = &site.pages[index];
    let meta = &page.chapter.doc.meta;
    NavChapter {
        number: &meta.number,
        label: &page.label,
        title: &meta.title,
        url: &page.url,
        current,
    }
}
