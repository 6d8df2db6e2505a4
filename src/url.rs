//! URLs inside the site, handled in one place: every link is resolved the same way whether it
//! is rewritten (a chapter's `.md` link), checked (`check`, the build's link checks) or served.
//!
//! Site paths are relative to the site root and `/`-separated (`index.html`,
//! `assets/css/a.css`); a page at `a/b.html` resolves `../c.html` to `c.html`. A link that
//! climbs above the root resolves to nothing: it would leave the published site.

/// A link's path and its `#fragment`, if any.
pub fn split_fragment(href: &str) -> (&str, Option<&str>) {
    href.split_once('#')
        .map_or((href, None), |(path, fragment)| (path, Some(fragment)))
}

/// Whether `href` starts with a URL scheme such as `https:` or `mailto:`.
pub fn has_scheme(href: &str) -> bool {
    let Some((scheme, _)) = href.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The scheme of `href` when it is one that runs code or reaches the reader's own machine
/// (`javascript`, `vbscript`, `data`, `file`), read as a browser reads it: case, leading
/// spaces and control characters, and tabs or newlines inside the scheme are ignored.
pub fn unsafe_scheme(href: &str) -> Option<&'static str> {
    let trimmed = href.trim_start_matches(|c: char| c <= ' ');
    let (scheme, _) = trimmed.split_once(':')?;
    let scheme: String = scheme
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript", "vbscript", "data", "file"]
        .into_iter()
        .find(|s| *s == scheme)
}

/// Whether `href` leaves the site: it has a scheme or starts with `//`.
pub fn is_external(href: &str) -> bool {
    href.starts_with("//") || has_scheme(href)
}

/// Why `url` cannot be the public address of the site, if it cannot: it must be an absolute
/// `http://` or `https://` URL with a host, and hold no space, quote, angle bracket, backslash,
/// control character, query or fragment (it is written into every page's canonical link, the
/// sitemap and robots.txt).
pub fn base_url_problem(url: &str) -> Option<String> {
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`{}|^".contains(*c))
    {
        return Some(format!("it holds {c:?}; write the address without it"));
    }
    if url.contains(['?', '#']) {
        return Some("it holds a query or fragment (`?`, `#`); give the site's folder".into());
    }
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return Some("it must start with `https://` or `http://`".into());
    };
    let authority = rest.split('/').next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map(|(ip, _)| ip),
        None => host.split(':').next(),
    };
    let port_ok = host
        .rsplit_once(']')
        .map_or(host, |(_, after)| after)
        .split_once(':')
        .is_none_or(|(_, port)| !port.is_empty() && port.parse::<u16>().is_ok());
    let host_ok = name.is_some_and(|n| {
        !n.is_empty()
            && !n.starts_with(['.', '-'])
            && n.chars().all(|c| c.is_alphanumeric() || ".-:_".contains(c))
    });
    if !host_ok || !port_ok || authority.contains('@') {
        return Some("it has no valid host (`https://name.example/…`)".into());
    }
    None
}

/// The path part of an absolute URL, with one trailing slash:
/// `https://x.github.io/repo` → `/repo/`.
pub fn base_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    format!("{}/", path.trim_end_matches('/'))
}

/// Decodes `%XX` escapes (invalid ones are kept as written; a result that is not UTF-8 leaves
/// the text as it was).
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|&b| hex(b)),
            bytes.get(i + 2).and_then(|&b| hex(b)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// A site path as a URL path: the characters that a URL cannot hold as they are (space, `%`,
/// `#`, `?`, quotes, brackets) percent-encoded; letters of any script are kept.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' | '"' | '#' | '%' | '?' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Resolves `.`, `..` and empty segments of a `/`-separated path; `None` when it climbs above
/// its root. A trailing slash is kept.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let trailing = path.ends_with('/') && !parts.is_empty();
    Some(parts.join("/") + if trailing { "/" } else { "" })
}

/// The folder part of a site path, with its trailing slash (`a/b.html` → `a/`, `b.html` → ``).
pub fn folder_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..=i])
}

/// The site path that the relative link `href`, written in the site file `from`, points to
/// (query dropped, `%XX` decoded), and its fragment. `None` for external links, absolute paths
/// and links that climb above the site root.
pub fn resolve<'h>(from: &str, href: &'h str) -> Option<(String, Option<&'h str>)> {
    if is_external(href) || href.starts_with('/') {
        return None;
    }
    let (path, fragment) = split_fragment(href);
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    if path.is_empty() {
        return Some((from.to_owned(), fragment));
    }
    let joined = format!("{}{}", folder_of(from), percent_decode(path));
    normalize(&joined).map(|target| (target, fragment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_links_inside_the_site_only() {
        assert_eq!(
            resolve("a.html", "b.html#x"),
            Some(("b.html".into(), Some("x")))
        );
        assert_eq!(
            resolve("a/b.html", "../c.html"),
            Some(("c.html".into(), None))
        );
        assert_eq!(
            resolve("a/b.html", "./d%20e.png?v=1"),
            Some(("a/d e.png".into(), None))
        );
        assert_eq!(
            resolve("a.html", "#top"),
            Some(("a.html".into(), Some("top")))
        );
        assert_eq!(resolve("a.html", "../handbook.yaml"), None);
        assert_eq!(resolve("a/b.html", "../../../etc/hosts"), None);
        assert_eq!(resolve("a.html", "https://x.org/"), None);
        assert_eq!(resolve("a.html", "/abs.html"), None);
    }

    #[test]
    fn knows_schemes_and_external_links() {
        assert!(has_scheme("mailto:a@b.c") && has_scheme("javascript:x"));
        assert!(!has_scheme("a.html") && !has_scheme("1:2"));
        assert!(is_external("//cdn.example/x.js") && !is_external("x/y.js"));
    }

    #[test]
    fn finds_schemes_that_run_code_or_reach_local_files() {
        assert_eq!(unsafe_scheme("javascript:alert(1)"), Some("javascript"));
        assert_eq!(unsafe_scheme(" JaVa\tScript:x"), Some("javascript"));
        assert_eq!(unsafe_scheme("vbscript:x"), Some("vbscript"));
        assert_eq!(unsafe_scheme("data:text/html,x"), Some("data"));
        assert_eq!(unsafe_scheme("file:///etc/passwd"), Some("file"));
        for fine in [
            "https://x.org/",
            "mailto:a@b.c",
            "a.html#javascript:",
            "javascript.html",
        ] {
            assert_eq!(unsafe_scheme(fine), None, "{fine}");
        }
    }

    #[test]
    fn base_urls_must_be_absolute_http_addresses() {
        for good in [
            "https://me.github.io/handbook/",
            "http://localhost:8000",
            "https://[::1]:8080/x",
            "https://sổ-tay.vn/",
        ] {
            assert_eq!(base_url_problem(good), None, "{good}");
        }
        for bad in [
            "javascript:alert(1)//",
            "not a url",
            "https://x.org/\"><script>",
            "ftp://x.org/",
            "https://",
            "https:///path",
            "https://x.org:99999/",
            "https://user@x.org/",
            "https://x.org/?a=1",
            "https://x.org/\u{1b}[31m",
            "//x.org/",
        ] {
            assert!(base_url_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn base_path_of_a_url() {
        assert_eq!(base_path("https://me.github.io/handbook/"), "/handbook/");
        assert_eq!(base_path("https://example.org"), "/");
        assert_eq!(base_path("/sub"), "/sub/");
    }

    #[test]
    fn normalizes_and_decodes_paths() {
        assert_eq!(normalize("a/./b/../c/").as_deref(), Some("a/c/"));
        assert_eq!(normalize("a/../.."), None);
        assert_eq!(percent_decode("a%20b.png"), "a b.png");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(encode_path("hình/a b#1.png"), "hình/a%20b%231.png");
        assert_eq!(percent_decode(&encode_path("a b%c.png")), "a b%c.png");
    }
}
