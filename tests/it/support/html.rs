//! Just enough HTML reading for tests: start tags with their attributes, element ids, the
//! URLs a page refers to, and relative-URL resolution within a built site.

use std::collections::HashSet;

/// One start tag: lower-cased name and attributes (values with entities decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// `a`, `link`, `script` …
    pub name: String,
    /// (lower-cased name, value) in source order; a bare attribute has an empty value.
    pub attrs: Vec<(String, String)>,
    /// Byte offset of the `<` in the page.
    pub offset: usize,
}

impl Tag {
    /// The value of attribute `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether `class` contains `class_name`.
    pub fn has_class(&self, class_name: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|c| c == class_name))
    }
}

/// Every start tag of `html`, skipping comments and the content of `<script>`/`<style>`.
pub fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let start = i + found;
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let Some(first) = bytes.get(start + 1) else {
            break;
        };
        if !first.is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let (tag, end) = parse_tag(html, start);
        i = end;
        if tag.name == "script" || tag.name == "style" {
            let close = format!("</{}", tag.name);
            i = html[end..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| end + e);
        }
        out.push(tag);
    }
    out
}

/// Parses the tag starting at `start` (a `<`); returns it and the offset after its `>`.
fn parse_tag(html: &str, start: usize) -> (Tag, usize) {
    let bytes = html.as_bytes();
    let mut i = start + 1;
    let name_end = i + html[i..]
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(html.len() - i);
    let name = html[i..name_end].to_ascii_lowercase();
    i = name_end;
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return (
                Tag {
                    name,
                    attrs,
                    offset: start,
                },
                (i + 1).min(html.len()),
            );
        }
        let key_end = i + html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>')
            .unwrap_or(html.len() - i);
        let key = html[i..key_end].to_ascii_lowercase();
        i = key_end;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let (raw, next) = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[i + 1..]
                        .find(q as char)
                        .map_or(html.len(), |e| i + 1 + e);
                    (&html[i + 1..end], (end + 1).min(html.len()))
                }
                _ => {
                    let end = i + html[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(html.len() - i);
                    (&html[i..end], end)
                }
            };
            value = decode_entities(raw);
            i = next;
        }
        attrs.push((key, value));
    }
}

/// Decodes the character references that appear in attribute values.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every `id` (and `<a name>`) in the page.
pub fn ids(html: &str) -> HashSet<String> {
    tags(html)
        .into_iter()
        .flat_map(|t| {
            let name = if t.name == "a" {
                t.attr("name").map(str::to_owned)
            } else {
                None
            };
            t.attr("id").map(str::to_owned).into_iter().chain(name)
        })
        .collect()
}

/// Every URL a page refers to: (tag, attribute, URL), from `href`, `src`, `srcset`,
/// `poster`, `data` and `action`.
pub fn urls(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for tag in tags(html) {
        for (name, value) in &tag.attrs {
            match name.as_str() {
                "href" | "src" | "poster" | "data" | "action" => {
                    out.push((tag.name.clone(), name.clone(), value.trim().to_owned()))
                }
                "srcset" => {
                    for candidate in value.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            out.push((tag.name.clone(), name.clone(), url.to_owned()));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The URLs of `url(...)` and `@import` in a stylesheet.
pub fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        out.push(rest[..end].trim().trim_matches(['"', '\'']).to_owned());
        rest = &rest[end..];
    }
    for line in css.split(';') {
        if let Some(import) = line.trim_start().strip_prefix("@import") {
            let import = import.trim();
            if import.starts_with('"') || import.starts_with('\'') {
                out.push(import.trim_matches(['"', '\'']).to_owned());
            }
        }
    }
    out
}

pub use handbook::url::is_external;

/// Resolves a `url` found in the site file `from` (both relative to the site root,
/// `/`-separated) to (site path, fragment), as a static server would: an absolute path from
/// the site root, a folder to its `index.html`. `None` if it climbs above the site root.
pub fn resolve(from: &str, url: &str) -> Option<(String, Option<String>)> {
    let (path, fragment) = handbook::url::split_fragment(url);
    let fragment = fragment.map(handbook::url::percent_decode);
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some((from.to_owned(), fragment));
    }
    let joined = match path.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("{}{path}", handbook::url::folder_of(from)),
    };
    let mut target = handbook::url::normalize(&handbook::url::percent_decode(&joined))?;
    if target.is_empty() || target.ends_with('/') {
        target.push_str("index.html");
    }
    Some((target, fragment))
}

/// The text of `html` with tags removed and entities decoded (whitespace kept as is).
pub fn text(html: &str) -> String {
    strip_tags(html, "")
}

/// Like [`text`], but every tag becomes a space, so table cells and list items never run
/// together into one word.
pub fn words(html: &str) -> String {
    strip_tags(html, " ")
}

fn strip_tags(html: &str, separator: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        out.push_str(separator);
        rest = rest[lt..].find('>').map_or("", |gt| &rest[lt + gt + 1..]);
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// The inner HTML of the first element that starts with `start_tag_prefix` (e.g.
/// `<nav id="hb-sidebar"`), up to the matching close tag of the same name.
pub fn element<'a>(html: &'a str, start_tag_prefix: &str) -> Option<&'a str> {
    let start = html.find(start_tag_prefix)?;
    let name: String = start_tag_prefix[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let content_start = start + html[start..].find('>')? + 1;
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 1;
    let mut i = content_start;
    while depth > 0 {
        let next_close = html[i..].find(&close)? + i;
        let next_open = html[i..next_close]
            .match_indices(&open)
            .map(|(o, _)| o + i)
            .find(|&o| {
                html[o + open.len()..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
            });
        match next_open {
            Some(o) => {
                depth += 1;
                i = o + open.len();
            }
            None => {
                depth -= 1;
                i = next_close + close.len();
            }
        }
    }
    Some(&html[content_start..i - close.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_attributes_and_entities() {
        let t = tags(
            r#"<!-- <a href="no"> --><A HREF='a.html?x=1&amp;y=2#top' class="x y">t</a><script>if (a<b) {}</script><img src=i.png alt>"#,
        );
        assert_eq!(t.len(), 3, "{t:?}");
        assert_eq!(t[0].attr("href"), Some("a.html?x=1&y=2#top"));
        assert!(t[0].has_class("y"));
        assert_eq!(t[1].name, "script");
        assert_eq!(t[2].attr("src"), Some("i.png"));
        assert_eq!(t[2].attr("alt"), Some(""));
    }

    #[test]
    fn resolves_relative_urls_inside_the_site() {
        assert_eq!(
            resolve("a/b.html", "../c.html#x"),
            Some(("c.html".into(), Some("x".into())))
        );
        assert_eq!(
            resolve("b.html", "#x"),
            Some(("b.html".into(), Some("x".into())))
        );
        assert_eq!(resolve("b.html", "./"), Some(("index.html".into(), None)));
        assert_eq!(resolve("b.html", "../x.html"), None);
        assert!(
            is_external("https://x.org") && is_external("//cdn.x") && is_external("mailto:a@b")
        );
        assert!(!is_external("a.html") && !is_external("a.html#b:c") && !is_external("./a:b"));
    }

    #[test]
    fn finds_nested_elements() {
        let html = r#"<div id="a"><div>x</div><p>y</p></div><div>z</div>"#;
        assert_eq!(
            element(html, r#"<div id="a""#),
            Some("<div>x</div><p>y</p>")
        );
    }
}
