//! What an EPUB content document may hold: which elements of the site's HTML are kept, which
//! give way to their content, which are dropped, and which attributes survive.
//!
//! epubcheck validates every document against the HTML schema of EPUB 3, so HTML is filtered by
//! an allow list: what the handbook's Markdown produces and the elements authors commonly write
//! by hand. Scripts, forms and embedded media are dropped with their content (nothing runs in
//! the book); any other element gives way to its content, so no text is lost. SVG and MathML
//! pass whole, less their scripts and event handlers.

use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::Node;

/// The XHTML namespace.
pub(crate) const XHTML: &str = "http://www.w3.org/1999/xhtml";
/// The SVG namespace.
pub(crate) const SVG: &str = "http://www.w3.org/2000/svg";
/// The MathML namespace.
pub(crate) const MATHML: &str = "http://www.w3.org/1998/Math/MathML";
/// The XLink namespace (`xlink:href` in SVG).
pub(crate) const XLINK: &str = "http://www.w3.org/1999/xlink";
/// The XML namespace (`xml:lang`).
pub(crate) const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// What becomes of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Disposition {
    /// Written as it is (its attributes filtered).
    Keep,
    /// Replaced by its content.
    Unwrap,
    /// Dropped with its content.
    Drop,
}

/// HTML elements an EPUB content document may hold, as they are.
const KEEP: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// HTML elements dropped with their content: they run code, take input, embed media or
/// belong to the page's head.
const DROP: &[&str] = &[
    "applet", "area", "audio", "base", "button", "canvas", "datalist", "dialog", "embed", "frame",
    "frameset", "head", "iframe", "link", "map", "meta", "noscript", "object", "option", "output",
    "param", "script", "select", "source", "style", "template", "textarea", "title", "track",
    "video",
];

/// Attributes any kept HTML element may carry (besides `aria-*` and `data-*`).
const GLOBAL: &[&str] = &[
    "id", "class", "title", "lang", "dir", "style", "hidden", "role",
];

/// Attributes particular elements may carry.
const PER_ELEMENT: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "rel", "type"]),
    ("img", &["src", "alt", "width", "height"]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "abbr"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("time", &["datetime"]),
    ("data", &["value"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("details", &["open"]),
    ("input", &["type", "checked", "disabled"]),
    ("label", &["for"]),
];

/// Attributes whose value names ids of the same document.
pub(crate) const ID_REFERENCES: &[&str] = &[
    "for",
    "headers",
    "aria-activedescendant",
    "aria-controls",
    "aria-describedby",
    "aria-details",
    "aria-errormessage",
    "aria-flowto",
    "aria-labelledby",
    "aria-owns",
];

/// What becomes of the element at `node`.
pub(crate) fn disposition(node: NodeRef<'_, Node>) -> Disposition {
    let Some(element) = node.value().as_element() else {
        return Disposition::Keep;
    };
    let name = element.name();
    match &*element.name.ns {
        XHTML if name == "a" && is_heading_anchor(node, element) => Disposition::Drop,
        XHTML if name == "input" && element.attr("type") != Some("checkbox") => Disposition::Drop,
        XHTML if KEEP.contains(&name) || name == "svg" || name == "math" => Disposition::Keep,
        XHTML if DROP.contains(&name) => Disposition::Drop,
        XHTML => Disposition::Unwrap,
        SVG if name == "script" => Disposition::Drop,
        SVG if name == "svg" && is_dark_diagram(node, element) => Disposition::Drop,
        SVG | MATHML => Disposition::Keep,
        _ => Disposition::Drop,
    }
}

/// The `#` link the site puts in each heading: a book has no use for it.
fn is_heading_anchor(node: NodeRef<'_, Node>, element: &Element) -> bool {
    let in_heading = parent_element(node)
        .is_some_and(|p| matches!(p.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"));
    in_heading && element.has_class("anchor", scraper::CaseSensitivity::CaseSensitive)
}

/// The dark variant of a pre-rendered diagram: the book shows the light one only.
fn is_dark_diagram(node: NodeRef<'_, Node>, element: &Element) -> bool {
    let in_figure = parent_element(node).is_some_and(|p| {
        p.name() == "figure"
            && p.has_class("mermaid-figure", scraper::CaseSensitivity::CaseSensitive)
    });
    in_figure && element.attr("id").is_some_and(|id| id.ends_with("-dark"))
}

fn parent_element(node: NodeRef<'_, Node>) -> Option<&Element> {
    node.parent().and_then(|p| p.value().as_element())
}

/// Whether the HTML element `element` may keep the attribute `attribute` (no namespace).
pub(crate) fn html_attribute_allowed(element: &str, attribute: &str) -> bool {
    GLOBAL.contains(&attribute)
        || attribute.starts_with("aria-")
        || (attribute.starts_with("data-") && attribute.len() > 5)
        || attribute == "epub:type"
        || PER_ELEMENT
            .iter()
            .any(|(e, attrs)| *e == element && attrs.contains(&attribute))
}

/// Whether an SVG or MathML attribute (no namespace) may stay: all but event handlers.
pub(crate) fn foreign_attribute_allowed(attribute: &str) -> bool {
    !attribute.starts_with("on")
}

/// Whether `name` is an XML name without colons (an NCName), as element ids and attribute
/// names must be.
pub(crate) fn is_ncname(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

/// XML 1.0 `NameStartChar`, less the colon.
fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 `NameChar`, less the colon.
pub(crate) fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_element(html: &str, name: &str) -> Disposition {
        let doc = scraper::Html::parse_fragment(html);
        let node = doc
            .tree
            .nodes()
            .find(|n| n.value().as_element().is_some_and(|e| e.name() == name))
            .expect("element in fragment");
        disposition(node)
    }

    #[test]
    fn keeps_prose_drops_scripts_and_unwraps_unknown_elements() {
        assert_eq!(first_element("<p>x</p>", "p"), Disposition::Keep);
        assert_eq!(
            first_element("<script>x()</script>", "script"),
            Disposition::Drop
        );
        assert_eq!(
            first_element("<button>x</button>", "button"),
            Disposition::Drop
        );
        assert_eq!(
            first_element("<center>x</center>", "center"),
            Disposition::Unwrap
        );
        assert_eq!(
            first_element("<my-widget>x</my-widget>", "my-widget"),
            Disposition::Unwrap
        );
    }

    #[test]
    fn drops_heading_anchors_but_keeps_other_links() {
        let heading = r##"<h2 id="a">A<a class="anchor" href="#a">#</a></h2>"##;
        assert_eq!(first_element(heading, "a"), Disposition::Drop);
        let link = r##"<p><a class="anchor" href="#a">x</a></p>"##;
        assert_eq!(first_element(link, "a"), Disposition::Keep);
    }

    #[test]
    fn keeps_only_checkboxes_among_inputs() {
        assert_eq!(
            first_element(r#"<input type="checkbox" disabled>"#, "input"),
            Disposition::Keep
        );
        assert_eq!(
            first_element(r#"<input type="text">"#, "input"),
            Disposition::Drop
        );
    }

    #[test]
    fn keeps_the_light_diagram_and_drops_the_dark_one() {
        let figure = r#"<figure class="mermaid-figure"><svg id="mmd-k-light"></svg><svg id="mmd-k-dark"></svg></figure>"#;
        let doc = scraper::Html::parse_fragment(figure);
        let svgs: Vec<Disposition> = doc
            .tree
            .nodes()
            .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "svg"))
            .map(disposition)
            .collect();
        assert_eq!(svgs, [Disposition::Keep, Disposition::Drop]);
    }

    #[test]
    fn allows_attributes_by_element() {
        assert!(html_attribute_allowed("a", "href"));
        assert!(!html_attribute_allowed("p", "href"));
        assert!(html_attribute_allowed("p", "aria-label"));
        assert!(html_attribute_allowed("figure", "data-mermaid"));
        assert!(!html_attribute_allowed("img", "loading"));
        assert!(!html_attribute_allowed("p", "onclick"));
        assert!(!foreign_attribute_allowed("onload"));
        assert!(foreign_attribute_allowed("viewBox"));
    }

    #[test]
    fn recognises_xml_ids() {
        assert!(is_ncname("dong-bo-hoa"));
        assert!(is_ncname("_x.y"));
        assert!(is_ncname("đồng"));
        assert!(!is_ncname("1-gioi-thieu"));
        assert!(!is_ncname("a:b"));
        assert!(!is_ncname("a b"));
        assert!(!is_ncname(""));
    }
}
