//! Files for search engines, made only when the site's public URL is known: `sitemap.xml`
//! (every indexable page, absolute URLs) and `robots.txt` (pointing at the sitemap).
//!
//! Input: the [`Site`] and the base URL (`https://user.github.io/repo/`, ending in `/`).
//! Output: [`OutputFile`]s. Canonical links, descriptions and Open Graph tags live in the
//! templates, which get the base URL as `site.base_url`.

use crate::output::OutputFile;
use crate::site::Site;

/// The sitemap's path in the site.
pub(crate) const SITEMAP: &str = "sitemap.xml";
/// The path of the file for crawlers in the site.
pub(crate) const ROBOTS: &str = "robots.txt";

/// `sitemap.xml` and `robots.txt` for the site published at `base_url`.
pub(crate) fn files(site: &Site, base_url: &str) -> Vec<OutputFile> {
    let base = format!("{}/", base_url.trim_end_matches('/'));
    vec![
        OutputFile::text(SITEMAP, sitemap(site, &base)),
        OutputFile::text(ROBOTS, robots(&base)),
    ]
}

/// The URLs of every page a search engine should index, home page first. The 404 page is
/// left out (it is marked `noindex`); the print view is kept, as it is a page readers look for.
pub(crate) fn page_urls(site: &Site, base: &str) -> Vec<String> {
    let chapters = site.pages.iter().map(|page| format!("{base}{}", page.url));
    std::iter::once(base.to_owned())
        .chain(chapters)
        .chain(std::iter::once(format!("{base}print.html")))
        .collect()
}

fn sitemap(site: &Site, base: &str) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in page_urls(site, base) {
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_xml(&url)));
    }
    xml.push_str("</urlset>\n");
    xml
}

fn robots(base: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base}{SITEMAP}\n")
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_lists_absolute_urls_and_robots_points_at_it() {
        let site = Site::default();
        let files = files(&site, "https://me.github.io/handbook");
        let sitemap = std::str::from_utf8(&files[0].bytes).unwrap();
        assert!(
            sitemap.contains("<loc>https://me.github.io/handbook/</loc>"),
            "{sitemap}"
        );
        assert!(sitemap.contains("<loc>https://me.github.io/handbook/print.html</loc>"));
        let robots = std::str::from_utf8(&files[1].bytes).unwrap();
        assert!(
            robots.ends_with("Sitemap: https://me.github.io/handbook/sitemap.xml\n"),
            "{robots}"
        );
        assert_eq!(escape_xml("a&b<c>"), "a&amp;b&lt;c&gt;");
    }
}
