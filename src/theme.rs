//! The default theme, built into the binary: the templates and static files of this
//! repository's `templates/` and `static/` (see `build.rs`).
//!
//! A book needs only `handbook.yaml` and `content/`. Its own `templates/` or `static/` may hold
//! files of the same names as the built-in ones, which then replace them one by one, or files
//! of their own, which are added.

mod files {
    include!(concat!(env!("OUT_DIR"), "/theme.rs"));
}

/// The built-in templates: (name relative to templates/, text).
pub(crate) fn templates() -> impl Iterator<Item = (&'static str, &'static str)> {
    files::TEMPLATES
        .iter()
        .filter_map(|(name, bytes)| Some((*name, std::str::from_utf8(bytes).ok()?)))
}

/// The built-in static files: (path in the site, bytes).
pub(crate) fn static_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    files::STATIC.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_is_built_in() {
        let templates: Vec<_> = templates().map(|(name, _)| name).collect();
        for name in [
            "base.html",
            "chapter.html",
            "home.html",
            "partials/sidebar.html",
        ] {
            assert!(templates.contains(&name), "{templates:?}");
        }
        let statics: Vec<_> = static_files().map(|(path, _)| path).collect();
        assert!(statics.contains(&"assets/css/handbook.css"), "{statics:?}");
        assert!(statics.contains(&"assets/js/handbook.js"));
        assert!(statics.iter().any(|p| p.ends_with(".woff2")));
    }
}
