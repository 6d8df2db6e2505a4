//! The Tera templates of templates/: loaded once, with every cause of an error kept.
//!
//! [`crate::render`] gives every page the same context shape (see `templates/README.md`).
//! Errors name the template file and line (`template/error.rs`), never the folder alone.

mod error;

use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use crate::project::Folder;
use error::template_path;
pub use error::TemplateError;

/// The loaded templates.
pub(crate) struct Templates {
    tera: Tera,
    /// The templates/ folder, read again only to locate an error.
    dir: PathBuf,
}

/// The templates every site needs.
pub(crate) const REQUIRED: &[&str] = &["home.html", "chapter.html", "print.html", "404.html"];

impl Templates {
    /// Loads every `*.html` template of the project's templates/ folder.
    pub(crate) fn load(root: &Path) -> Result<Self, TemplateError> {
        let dir = Folder::Templates.under(root);
        let glob = format!("{}/**/*.html", dir.display());
        let mut tera = Tera::new(&glob).map_err(|e| error::load_error(&dir, &e))?;
        tera.autoescape_on(vec![".html"]);
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
        Ok(Self { tera, dir })
    }

    /// Renders `template` with `context`.
    pub(crate) fn render(
        &self,
        template: &str,
        context: &Context,
    ) -> Result<String, TemplateError> {
        self.tera
            .render(template, context)
            .map_err(|e| error::render_error(&self.dir, template, &e))
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
