//! Step 2: write a parsed chapter back as well-formed XHTML.
//!
//! Input: an [`Outline`] (the tree with its ids settled), the link [`Targets`] of the whole book
//! and the [`Images`] embedded so far. Output: the body as XHTML text. The tree comes from an
//! HTML5 parser, so whatever the author wrote is already balanced and nested as a browser
//! would; this step only has to say it in XML: every element closed, void ones as `<br/>`,
//! SVG and MathML in their namespaces, text and attributes escaped, characters XML cannot
//! hold left out. What stays and what goes is [`super::policy`]'s decision.

use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::{CaseSensitivity, Html, Node};

use super::images::Images;
use super::links::Targets;
use super::outline::{walk, Outline, Step};
use super::policy::{
    foreign_attribute_allowed, html_attribute_allowed, is_ncname, Disposition, ID_REFERENCES,
    MATHML, SVG, XHTML, XLINK, XML,
};

/// HTML elements that have no end tag.
const VOID: &[&str] = &["br", "col", "hr", "img", "input", "wbr"];

/// A chapter's body in XHTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    /// The XHTML, in the XHTML namespace of the document it goes into.
    pub(crate) xhtml: String,
    /// The manifest properties it calls for: `svg` and `mathml` when it holds them inline.
    pub(crate) properties: Option<&'static str>,
}

/// Writes chapter `chapter` (its parsed `html` and its `outline`) as XHTML.
pub(crate) fn write(
    html: &Html,
    outline: &Outline,
    chapter: usize,
    targets: &Targets<'_>,
    images: &Images<'_>,
) -> Body {
    let mut writer = Writer {
        out: String::with_capacity(html.tree.values().count() * 16),
        outline,
        chapter,
        targets,
        images,
        namespaces: vec![XHTML],
        has_svg: false,
        has_mathml: false,
    };
    walk(&html.tree, |step| match step {
        Step::Open(node, Disposition::Keep) => writer.open(node),
        Step::Close(node, Disposition::Keep) => writer.close(node),
        Step::Text(text) => push_text(&mut writer.out, text),
        _ => {}
    });
    let properties = match (writer.has_mathml, writer.has_svg) {
        (true, true) => Some("mathml svg"),
        (true, false) => Some("mathml"),
        (false, true) => Some("svg"),
        (false, false) => None,
    };
    Body {
        xhtml: writer.out,
        properties,
    }
}

struct Writer<'w> {
    out: String,
    outline: &'w Outline,
    chapter: usize,
    targets: &'w Targets<'w>,
    images: &'w Images<'w>,
    /// The default namespace in force, per open element.
    namespaces: Vec<&'static str>,
    has_svg: bool,
    has_mathml: bool,
}

impl Writer<'_> {
    fn open(&mut self, node: NodeRef<'_, Node>) {
        let Some(element) = node.value().as_element() else {
            return;
        };
        let namespace = namespace(element);
        let name = element.name();
        if namespace == XHTML && name == "img" && self.image_src(element).is_none() {
            return self.missing_image(element);
        }
        self.has_svg |= namespace == SVG;
        self.has_mathml |= namespace == MATHML;
        self.out.push('<');
        self.out.push_str(name);
        if Some(&namespace) != self.namespaces.last() {
            push_attribute(&mut self.out, "xmlns", namespace);
        }
        for (name, value) in self.attributes(node, element, namespace) {
            push_attribute(&mut self.out, &name, &value);
        }
        if is_void(node, element, namespace) {
            self.out.push_str("/>");
        } else {
            self.out.push('>');
            self.namespaces.push(namespace);
        }
    }

    fn close(&mut self, node: NodeRef<'_, Node>) {
        let Some(element) = node.value().as_element() else {
            return;
        };
        let namespace = namespace(element);
        if is_void(node, element, namespace) {
            return;
        }
        self.namespaces.pop();
        self.out.push_str("</");
        self.out.push_str(element.name());
        self.out.push('>');
    }

    /// The attributes `element` keeps, as XML names and values.
    fn attributes(
        &self,
        node: NodeRef<'_, Node>,
        element: &Element,
        namespace: &'static str,
    ) -> Vec<(String, String)> {
        let html = namespace == XHTML;
        let name = element.name();
        let href = match (html, name) {
            (true, "a") => element
                .attr("href")
                .and_then(|h| self.targets.resolve(h, self.chapter)),
            (true, "img") => self.image_src(element),
            _ => None,
        };
        let mut kept = Vec::new();
        for (qname, value) in &element.attrs {
            let local = &*qname.local;
            let value = match &*qname.ns {
                "" if local == "id" => self.outline.ids.of_node(node.id()).map(str::to_owned),
                "" if html => self.html_attribute(element, local, value, href.as_deref()),
                "" if is_ncname(local) && foreign_attribute_allowed(local) => {
                    self.foreign_attribute(element, local, value)
                }
                XLINK if local == "href" => self.reference(element, value),
                XLINK | XML => Some(value.to_string()),
                _ => None,
            };
            let Some(value) = value else { continue };
            let prefix = match &*qname.ns {
                XLINK => "xlink:",
                XML => "xml:",
                _ => "",
            };
            if prefix == "xlink:" && !kept.iter().any(|(n, _)| n == "xmlns:xlink") {
                kept.push(("xmlns:xlink".to_owned(), XLINK.to_owned()));
            }
            if html && local == "lang" {
                kept.push(("xml:lang".to_owned(), value.clone()));
            }
            kept.push((format!("{prefix}{local}"), value));
        }
        if let Some(epub_type) = note_type(node, element, html) {
            if !kept.iter().any(|(n, _)| n == "epub:type") {
                kept.push(("epub:type".to_owned(), epub_type.to_owned()));
            }
        }
        // `lang` brings its `xml:lang`, which the element may also have had.
        let mut seen = std::collections::HashSet::new();
        kept.retain(|(name, _)| seen.insert(name.clone()));
        kept
    }

    /// An attribute of an HTML element, as it stays (or `None` when it goes). `href` is where
    /// the element's link or image now points.
    fn html_attribute(
        &self,
        element: &Element,
        local: &str,
        value: &str,
        href: Option<&str>,
    ) -> Option<String> {
        let name = element.name();
        let allowed =
            html_attribute_allowed(name, local) && (is_ncname(local) || local == "epub:type");
        if !allowed {
            return None;
        }
        match (name, local) {
            ("a", "href") | ("img", "src") => href.map(str::to_owned),
            ("a", "hreflang" | "rel" | "type") => href.and(Some(value.to_owned())),
            ("img", "width" | "height") => {
                let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
                digits.then(|| value.to_owned())
            }
            ("input", "type") => Some("checkbox".to_owned()),
            ("input", "disabled" | "checked") => Some(local.to_owned()),
            // The source of a diagram drawn in the browser: the book shows it as code.
            ("pre", "hidden") if has_class(element, "mermaid") => None,
            (_, attribute) if ID_REFERENCES.contains(&attribute) => self.id_references(value),
            _ => Some(value.to_owned()),
        }
    }

    /// An SVG or MathML attribute, its references to ids mapped.
    fn foreign_attribute(&self, element: &Element, local: &str, value: &str) -> Option<String> {
        if local == "href" {
            return self.reference(element, value);
        }
        if ID_REFERENCES.contains(&local) {
            return self.id_references(value);
        }
        if value.contains("url(#") {
            return Some(self.map_url_references(value));
        }
        Some(value.to_owned())
    }

    /// A reference in SVG: an image to embed, or a link to an element of this document or
    /// anywhere a link may point.
    fn reference(&self, element: &Element, value: &str) -> Option<String> {
        if matches!(element.name(), "image" | "feImage") {
            return self.embed(value);
        }
        self.targets.resolve(value, self.chapter)
    }

    /// A space-separated list of ids, each mapped; `None` when none is left.
    fn id_references(&self, value: &str) -> Option<String> {
        let ids: Vec<&str> = value
            .split_whitespace()
            .filter_map(|old| self.outline.ids.target(old))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    /// `url(#old)` references (SVG paint servers, markers, filters) with their ids mapped.
    fn map_url_references(&self, value: &str) -> String {
        let mut out = String::with_capacity(value.len());
        let mut rest = value;
        while let Some(start) = rest.find("url(#") {
            out.push_str(&rest[..start + 5]);
            rest = &rest[start + 5..];
            let end = rest.find(')').unwrap_or(rest.len());
            let old = &rest[..end];
            out.push_str(self.outline.ids.target(old).unwrap_or(old));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    fn image_src(&self, element: &Element) -> Option<String> {
        self.embed(element.attr("src")?)
    }

    /// The package path of the image at `src` (as the page writes it), embedded.
    fn embed(&self, src: &str) -> Option<String> {
        let path = self.targets.site_path(src, self.chapter)?;
        self.images.embed(&path)
    }

    /// What stands for an image the book cannot hold: its alternative text.
    fn missing_image(&mut self, element: &Element) {
        let alt = element.attr("alt").unwrap_or("").trim();
        if alt.is_empty() {
            return;
        }
        self.out.push_str("<span class=\"image-missing\">");
        push_text(&mut self.out, alt);
        self.out.push_str("</span>");
    }
}

/// The namespace of `element`, as one of the constants the writer knows.
fn namespace(element: &Element) -> &'static str {
    match &*element.name.ns {
        SVG => SVG,
        MATHML => MATHML,
        _ => XHTML,
    }
}

/// Whether `element` is written as one empty-element tag.
fn is_void(node: NodeRef<'_, Node>, element: &Element, namespace: &str) -> bool {
    if namespace == XHTML {
        VOID.contains(&element.name())
    } else {
        !node.has_children()
    }
}

fn has_class(element: &Element, class: &str) -> bool {
    element.has_class(class, CaseSensitivity::CaseSensitive)
}

/// The `epub:type` of a footnote reference or definition (as pulldown-cmark writes them), so
/// that readers can show notes in a pop-up.
fn note_type(node: NodeRef<'_, Node>, element: &Element, html: bool) -> Option<&'static str> {
    if !html {
        return None;
    }
    let parent = node.parent().and_then(|p| p.value().as_element());
    match element.name() {
        "a" if parent.is_some_and(|p| has_class(p, "footnote-reference")) => Some("noteref"),
        "div" if has_class(element, "footnote-definition") => Some("footnote"),
        _ => None,
    }
}

/// Appends `text` escaped for XML character data, without the characters XML cannot hold.
pub(crate) fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends ` name="value"`, the value escaped for a quoted XML attribute.
pub(crate) fn push_attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out.push('"');
}

/// Whether XML 1.0 allows `c` in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
#[path = "xhtml_tests.rs"]
mod tests;
