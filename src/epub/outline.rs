//! Step 1: parse a chapter's HTML once and learn what other documents need from it.
//!
//! Input: the body HTML. Output: an [`Outline`] — the parsed tree, the valid and unique id of
//! every element that keeps one (so links from any chapter can be resolved before any chapter
//! is written), and the h2 sections for the navigation document. [`walk`] is the one traversal
//! both this step and the writer use, so they agree on which elements exist.

use ego_tree::iter::Edge;
use ego_tree::{NodeRef, Tree};
use scraper::{Html, Node};

use super::ids::IdMap;
use super::policy::{disposition, Disposition};

/// What the other documents need to know about a chapter: its ids and sections.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    /// The ids its elements keep.
    pub(crate) ids: IdMap,
    /// Its h2 headings that have an id, in order.
    pub(crate) sections: Vec<Section>,
}

/// An h2 heading: an entry of the navigation document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    /// The heading's id in the EPUB.
    pub(crate) id: String,
    /// Its text.
    pub(crate) title: String,
}

/// One step of [`walk`].
pub(crate) enum Step<'a> {
    /// An element that is kept or unwrapped starts.
    Open(NodeRef<'a, Node>, Disposition),
    /// That element ends.
    Close(NodeRef<'a, Node>, Disposition),
    /// Text outside dropped elements.
    Text(&'a str),
}

/// Visits the tree in document order, skipping what [`disposition`] drops; comments and
/// other nodes are not visited.
pub(crate) fn walk<'a>(tree: &'a Tree<Node>, mut visit: impl FnMut(Step<'a>)) {
    // Depth inside a dropped element, and what each open element was given.
    let mut dropping = 0usize;
    let mut open: Vec<Disposition> = Vec::new();
    for edge in tree.root().traverse() {
        match edge {
            Edge::Open(node) if node.value().is_element() => {
                if dropping > 0 {
                    dropping += 1;
                    continue;
                }
                let what = disposition(node);
                if what == Disposition::Drop {
                    dropping = 1;
                    continue;
                }
                open.push(what);
                visit(Step::Open(node, what));
            }
            Edge::Close(node) if node.value().is_element() => {
                if dropping > 0 {
                    dropping -= 1;
                    continue;
                }
                let what = open.pop().unwrap_or(Disposition::Unwrap);
                visit(Step::Close(node, what));
            }
            Edge::Open(node) if dropping == 0 => {
                if let Node::Text(text) = node.value() {
                    visit(Step::Text(text));
                }
            }
            _ => {}
        }
    }
}

/// Parses `html` and settles its ids and sections.
pub(crate) fn read(html: &str) -> (Html, Outline) {
    let html = Html::parse_fragment(html);
    let mut ids = IdMap::default();
    let mut sections = Vec::new();
    let mut heading: Option<Section> = None;
    walk(&html.tree, |step| match step {
        Step::Open(node, Disposition::Keep) => {
            let Some(element) = node.value().as_element() else {
                return;
            };
            if let Some(old) = element.attr("id") {
                let id = ids.assign(node.id(), old).to_owned();
                if element.name() == "h2" && heading.is_none() {
                    heading = Some(Section {
                        id,
                        title: String::new(),
                    });
                }
            }
        }
        Step::Text(text) => {
            if let Some(section) = &mut heading {
                section.title.push_str(text);
            }
        }
        Step::Close(node, _) => {
            let is_h2 = node.value().as_element().is_some_and(|e| e.name() == "h2");
            if let Some(mut section) = heading.take_if(|_| is_h2) {
                section.title = section
                    .title
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                sections.push(section);
            }
        }
        Step::Open(..) => {}
    });
    (html, Outline { ids, sections })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_h2_sections_without_their_anchor() {
        let (_, outline) = read(
            r##"<h2 id="1-mo-dau">Mở <em>đầu</em><a class="anchor" href="#1-mo-dau">#</a></h2>
<p>x</p><h3 id="con">Con</h3><h2 id="b">  B
 c </h2>"##,
        );
        let sections: Vec<(&str, &str)> = outline
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.title.as_str()))
            .collect();
        assert_eq!(sections, [("id-1-mo-dau", "Mở đầu"), ("b", "B c")]);
        assert_eq!(outline.ids.target("con"), Some("con"));
    }

    #[test]
    fn ids_inside_dropped_elements_do_not_exist() {
        let (_, outline) =
            read(r#"<p id="kept">x</p><script id="gone"></script><button id="b">x</button>"#);
        assert_eq!(outline.ids.target("kept"), Some("kept"));
        assert_eq!(outline.ids.target("gone"), None);
        assert_eq!(outline.ids.target("b"), None);
    }

    #[test]
    fn ids_of_unwrapped_elements_do_not_exist() {
        let (_, outline) = read(r#"<center id="c"><p id="p">x</p></center>"#);
        assert_eq!(outline.ids.target("c"), None);
        assert_eq!(outline.ids.target("p"), Some("p"));
    }
}
