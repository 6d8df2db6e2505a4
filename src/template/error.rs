//! Template errors, located: Tera reports a syntax error as text holding the file and
//! `--> line:col`, and a render error with the template's name only; the name it complains
//! of (a variable, a filter) is then looked up in the template files to find its line.

use std::collections::BTreeMap;

use crate::project::Folder;

/// A template failed to load or render, located in its file where Tera says (a syntax
/// error) or where the name it complains of first appears (a missing variable or filter).
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{col}: {message}")]
pub struct TemplateError {
    /// The template file, relative to the project root (`templates/chapter.html`).
    pub path: String,
    /// 1-based line; 0 when unknown.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    /// What went wrong, with every cause, on one line.
    pub message: String,
}

/// A template's path relative to the project root, from its name in templates/.
pub(crate) fn template_path(name: &str) -> String {
    format!("{}/{name}", Folder::Templates.name())
}

/// The templates of a book by name (`partials/sidebar.html`): the built-in theme's, replaced
/// or joined by the book's own.
pub(crate) type Sources = BTreeMap<String, String>;

/// The error of loading the templates `sources`.
pub(crate) fn load_error(sources: &Sources, error: &tera::Error) -> TemplateError {
    let text = unravel(error);
    let name = text
        .split_once("Failed to parse ")
        .and_then(|(_, rest)| {
            let quote = rest.chars().next()?;
            rest[quote.len_utf8()..].split_once(quote)
        })
        .map(|(file, _)| file.to_owned())
        .filter(|name| sources.contains_key(name));
    let position = text.split_once("--> ").and_then(|(_, rest)| {
        let (line, rest) = rest.split_once(':')?;
        let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((line.trim().parse().ok()?, col.parse().ok()?))
    });
    // The cause is Tera's `= …` line under the caret; other errors name templates in quotes.
    let reason = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .map(str::to_owned);
    match (name, position) {
        (Some(name), Some((line, col))) => TemplateError {
            path: template_path(&name),
            line,
            col,
            message: format!(
                "invalid template syntax: {}",
                reason.unwrap_or_else(|| one_line(&text))
            ),
        },
        _ => locate_by_quoted_name(sources, None, one_line(&text)),
    }
}

/// The error of rendering `template` (a name of `sources`).
pub(crate) fn render_error(
    sources: &Sources,
    template: &str,
    error: &tera::Error,
) -> TemplateError {
    locate_by_quoted_name(sources, Some(template), one_line(&unravel(error)))
}

/// Locates `message` by the last name it quotes that a template holds, looking in
/// `template` first, then in every template (the name may sit in a parent or an include).
fn locate_by_quoted_name(
    sources: &Sources,
    template: Option<&str>,
    message: String,
) -> TemplateError {
    let mut files: Vec<(&String, &String)> = sources.iter().collect();
    files.sort_by_key(|(name, _)| Some(name.as_str()) != template);
    let names = quoted_names(&message);
    for needle in names.iter().rev() {
        for (name, text) in &files {
            if let Some((line, col)) = find(text, needle) {
                return TemplateError {
                    path: template_path(name),
                    line,
                    col,
                    message,
                };
            }
        }
    }
    let path = match template {
        Some(name) => template_path(name),
        None => Folder::Templates.name().to_owned(),
    };
    TemplateError {
        path,
        line: 0,
        col: 0,
        message,
    }
}

/// The names a Tera message quotes between `'…'` or `` `…` `` (template names excluded).
fn quoted_names(message: &str) -> Vec<String> {
    let mut names = Vec::new();
    for quote in ['\'', '`'] {
        let mut parts = message.split(quote);
        parts.next();
        while let (Some(inside), Some(_)) = (parts.next(), parts.next()) {
            if !inside.is_empty() && !inside.contains(' ') {
                names.push(inside.to_owned());
            }
        }
    }
    names
}

/// The 1-based line and column of the first `needle` in `text`.
fn find(text: &str, needle: &str) -> Option<(usize, usize)> {
    let at = text.find(needle)?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some((line, col))
}

/// Tera's error and its causes, where the real cause usually hides.
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

/// `text` on one line: its lines trimmed and joined.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(chapter: &str) -> Sources {
        let base = "<p>\n{% block main %}{% endblock %}\n{{ site.title }}</p>\n";
        Sources::from([
            ("base.html".to_owned(), base.to_owned()),
            ("chapter.html".to_owned(), chapter.to_owned()),
        ])
    }

    fn load(sources: &Sources) -> Result<tera::Tera, tera::Error> {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))?;
        Ok(tera)
    }

    #[test]
    fn a_syntax_error_points_at_its_file_line_and_column() {
        let sources = sources(
            "{% extends \"base.html\" %}\n{% block main %}\n<a> {% if %}\n{% endblock %}\n",
        );
        let error = load_error(&sources, &load(&sources).unwrap_err());
        assert_eq!(
            (error.path.as_str(), error.line, error.col),
            ("templates/chapter.html", 3, 11),
            "{error}"
        );
        assert!(!error.message.contains('\n'), "{}", error.message);
    }

    #[test]
    fn a_render_error_points_at_the_name_it_complains_of() {
        let sources = sources("{% extends \"base.html\" %}\n{% block main %}\n\n  {{ page.title | nosuchfilter }}\n{% endblock %}\n");
        let tera = load(&sources).unwrap();
        let error = tera
            .render("chapter.html", &tera::Context::new())
            .unwrap_err();
        let located = render_error(&sources, "chapter.html", &error);
        assert_eq!(located.path, "templates/chapter.html", "{located}");
        assert_eq!(located.line, 4, "{located}");
        let error = tera.render("base.html", &tera::Context::new()).unwrap_err();
        let located = render_error(&sources, "base.html", &error);
        assert_eq!(
            (located.path.as_str(), located.line),
            ("templates/base.html", 3),
            "{located}"
        );
    }
}
