//! The Tera templates: the built-in theme ([`crate::theme`]), with the book's own templates/
//! replacing its files one by one; loaded once, with every cause of an error kept.
//!
//! [`crate::render`] gives every page the same context shape (see `templates/README.md`).
//! Errors name the template file and line (`template/error.rs`), never the folder alone.

mod error;

use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use crate::project::Folder;
pub use error::TemplateError;
use error::{template_path, Sources};

/// The loaded templates.
pub(crate) struct Templates {
    tera: Tera,
    /// The text of each template, kept to locate an error.
    sources: Sources,
}

/// The `*.html` files under `dir` (none when it does not exist): (name relative to `dir`, path).
fn own_templates(dir: &Path) -> Result<Vec<(String, PathBuf)>, TemplateError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| TemplateError {
            path: Folder::Templates.name().to_owned(),
            line: 0,
            col: 0,
            message: format!("cannot list: {e}"),
        })?;
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let name = crate::source::site_path(rel);
        let hidden = name.split('/').any(|part| part.starts_with('.'));
        if entry.file_type().is_file() && name.ends_with(".html") && !hidden {
            found.push((name, path.to_path_buf()));
        }
    }
    Ok(found)
}

/// The templates every site needs.
pub(crate) const REQUIRED: &[&str] = &["home.html", "chapter.html", "print.html", "404.html"];

impl Templates {
    /// Loads the built-in templates, each replaced by the `*.html` file of the same name
    /// in the project's templates/ folder if there is one; the other files there are added.
    pub(crate) fn load(root: &Path) -> Result<Self, TemplateError> {
        let dir = Folder::Templates.under(root);
        let mut sources: Sources = crate::theme::templates()
            .map(|(name, text)| (name.to_owned(), text.to_owned()))
            .collect();
        for (name, path) in own_templates(&dir)? {
            let text = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                path: template_path(&name),
                line: 0,
                col: 0,
                message: format!("cannot read: {e}"),
            })?;
            sources.insert(name, text);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        let named = sources.iter().map(|(n, t)| (n.as_str(), t.as_str()));
        tera.add_raw_templates(named)
            .map_err(|e| error::load_error(&sources, &e))?;
        for name in REQUIRED {
            if !tera.get_template_names().any(|n| n == *name) {
                return Err(TemplateError {
                    path: template_path(name),
                    line: 0,
                    col: 0,
                    message: format!("missing template `{name}`"),
                });
            }
        }
        Ok(Self { tera, sources })
    }

    /// Renders `template` with `context`.
    pub(crate) fn render(
        &self,
        template: &str,
        context: &Context,
    ) -> Result<String, TemplateError> {
        self.tera
            .render(template, context)
            .map_err(|e| error::render_error(&self.sources, template, &e))
    }
}

/// The book's navigation, rendered once per build from `partials/sidebar.html`; each page then
/// marks its own chapter. Rendering it per page would cost every page a loop over every
/// chapter in Tera, which makes a book's build time grow with the square of its chapters.
pub(crate) struct Sidebar {
    html: String,
}

impl Sidebar {
    /// Renders the sidebar partial with `context` (a [`base_context`] with no current chapter).
    pub(crate) fn render(templates: &Templates, context: &Context) -> Result<Self, TemplateError> {
        let html = templates.render("partials/sidebar.html", context)?;
        Ok(Self { html })
    }

    /// The sidebar with the link to `href` (as written in it, root included) marked as the
    /// current page, or unmarked when `href` is `None`.
    pub(crate) fn marked(&self, href: Option<&str>) -> String {
        let Some(href) = href else {
            return self.html.clone();
        };
        let link = format!("href=\"{href}\"");
        let current = format!("{link} class=\"is-current\" aria-current=\"page\"");
        self.html.replacen(&link, &current, 1)
    }
}
