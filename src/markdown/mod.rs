//! Stage 5: render a chapter's Markdown to HTML with pulldown-cmark.
//!
//! Input: a [`Document`]. Output: [`Rendered`] — the HTML plus what later stages need without
//! re-parsing: the table of contents, every link and image with its line, the sections' plain
//! text for search, and the Mermaid diagrams. The event stream is transformed in one pass:
//! headings get ids and anchors, code is highlighted, diagrams are handed to [`crate::mermaid`],
//! tables are wrapped so they scroll on phones, and links to other chapters' `.md` files
//! become links to their pages.

pub(crate) mod headings;
pub(crate) mod highlight;
mod near_miss;
pub(crate) mod raw_html;
mod text;

use std::collections::HashMap;
use std::path::PathBuf;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::diag::{Diagnostic, LineIndex};
use crate::frontmatter::Document;
use crate::html::escape;
use crate::mermaid::MermaidRenderer;
use headings::{Heading, IdAllocator};
use highlight::Highlighter;
use near_miss::ProseRuns;
use raw_html::RawHtml;
pub use text::Section;

/// Maps chapter files (relative to content/) to their page URLs (`slug.html`).
pub(crate) type LinkMap = HashMap<PathBuf, String>;

/// The shared, expensive-to-build tools the renderer uses.
pub(crate) struct Renderers<'a> {
    /// Code highlighting.
    pub highlighter: &'a Highlighter,
    /// Mermaid diagrams.
    pub mermaid: &'a MermaidRenderer,
    /// Where each chapter file is published.
    pub links: &'a LinkMap,
}

/// Whether a reference is a link or an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum LinkKind {
    /// `[text](dest)`.
    Link,
    /// `![alt](dest)`.
    Image,
}

/// A link or image in the Markdown, as the author wrote it, with the URL it became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Link or image.
    pub kind: LinkKind,
    /// The destination as written.
    pub dest: String,
    /// The destination in the HTML (chapter `.md` links rewritten to pages).
    pub href: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

/// A fenced code block's language and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The info string's first word ("" when unlabeled).
    pub lang: String,
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The code.
    pub code: String,
}

/// A chapter rendered to HTML, with what later stages need.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body's HTML.
    pub html: String,
    /// h2/h3 headings for the page's table of contents.
    pub toc: Vec<Heading>,
    /// Every element id the body defines.
    pub ids: Vec<String>,
    /// Every link and image.
    pub links: Vec<Link>,
    /// Plain text per section, for the search index.
    pub sections: Vec<Section>,
    /// Every fenced code block, Mermaid included.
    pub code_blocks: Vec<CodeBlock>,
    /// Whether any block is a Mermaid diagram.
    pub has_mermaid: bool,
    /// Whether any block is (non-Mermaid) code.
    pub has_code: bool,
    /// Problems found while rendering, located in the file (links that almost parsed).
    pub diagnostics: Vec<Diagnostic>,
}

/// The Markdown extensions the handbook uses.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders one document.
pub(crate) fn render(doc: &Document, tools: &Renderers<'_>) -> Rendered {
    let lines = LineIndex::new(&doc.body);
    let mut state = State::new(doc, tools, &lines);
    let mut prose = ProseRuns::default();
    let mut raw_html = RawHtml::default();
    for (event, range) in Parser::new_ext(&doc.body, options()).into_offset_iter() {
        prose.observe(&event, &range);
        raw_html.observe(&event, &range, &doc.body);
        state.feed(event, range.start);
    }
    for (offset, message) in prose.near_misses(&doc.body) {
        state.warn(offset, "malformed-link", message);
    }
    for (offset, message) in raw_html.finish() {
        state.warn(offset, "raw-html", message);
    }
    state.finish()
}

/// An element being collected until its end tag.
enum Pending<'a> {
    Heading {
        level: HeadingLevel,
        offset: usize,
        id: Option<String>,
        classes: Vec<String>,
        events: Vec<Event<'a>>,
    },
    Code {
        lang: String,
        line: usize,
        code: String,
    },
}

struct State<'a, 'r> {
    doc: &'r Document,
    tools: &'r Renderers<'r>,
    lines: &'r LineIndex,
    events: Vec<Event<'a>>,
    pending: Option<Pending<'a>>,
    ids: IdAllocator,
    out: Rendered,
    sections: text::SectionBuilder,
    /// Code blocks waiting to be highlighted: (index in `events`, index in `out.code_blocks`).
    to_highlight: Vec<(usize, usize)>,
}

impl<'a, 'r> State<'a, 'r> {
    fn new(doc: &'r Document, tools: &'r Renderers<'r>, lines: &'r LineIndex) -> Self {
        let sections = text::SectionBuilder::new(&doc.meta.title);
        Self {
            doc,
            tools,
            lines,
            events: Vec::new(),
            pending: None,
            ids: IdAllocator::default(),
            out: Rendered::default(),
            sections,
            to_highlight: Vec::new(),
        }
    }

    fn locate(&self, offset: usize) -> (usize, usize) {
        let (line, col) = self.lines.locate(&self.doc.body, offset);
        (line + self.doc.body_line - 1, col)
    }

    fn warn(&mut self, offset: usize, kind: &'static str, message: String) {
        let (line, col) = self.locate(offset);
        let warning = Diagnostic::warning(&self.doc.display_path, line, col, kind, message);
        self.out.diagnostics.push(warning);
    }

    fn feed(&mut self, event: Event<'a>, offset: usize) {
        if let Some(pending) = &mut self.pending {
            match (pending, event) {
                (Pending::Heading { .. }, Event::End(TagEnd::Heading(_))) => self.finish_heading(),
                (Pending::Heading { .. }, event) => {
                    // Links in headings are recorded (checked, rewritten) like any other.
                    let event = self.record(event, offset);
                    if let Some(Pending::Heading { events, .. }) = &mut self.pending {
                        events.push(event);
                    }
                }
                (Pending::Code { .. }, Event::End(TagEnd::CodeBlock)) => self.finish_code(),
                (Pending::Code { code, .. }, Event::Text(t)) => code.push_str(&t),
                (Pending::Code { .. }, _) => {}
            }
            return;
        }
        self.sections.observe(&event);
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let classes = classes.iter().map(|c| c.to_string()).collect();
                self.pending = Some(Pending::Heading {
                    level,
                    offset,
                    id: id.map(|i| i.to_string()),
                    classes,
                    events: Vec::new(),
                });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let line = self.locate(offset).0;
                self.pending = Some(Pending::Code {
                    lang,
                    line,
                    code: String::new(),
                });
            }
            Event::Start(Tag::Table(alignments)) => {
                self.events.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-wrap\">\n",
                )));
                self.events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                self.events.push(Event::End(TagEnd::Table));
                self.events.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            other => {
                let event = self.record(other, offset);
                self.events.push(event);
            }
        }
    }

    /// Records a link or image (the event's destination may be rewritten), else the event as it is.
    fn record(&mut self, event: Event<'a>, offset: usize) -> Event<'a> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.record_link(LinkKind::Link, dest_url, offset);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.record_link(LinkKind::Image, dest_url, offset);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        }
    }

    fn record_link(&mut self, kind: LinkKind, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        let href = resolve_link(&self.doc.rel_path, &dest, self.tools.links);
        let (line, col) = self.locate(offset);
        self.out.links.push(Link {
            kind,
            dest: dest.to_string(),
            href: href.clone(),
            line,
            col,
        });
        if href == *dest {
            dest
        } else {
            CowStr::from(href)
        }
    }

    fn finish_heading(&mut self) {
        let Some(Pending::Heading {
            level,
            offset,
            id,
            classes,
            events,
        }) = self.pending.take()
        else {
            return;
        };
        let title = text::plain_text(&events);
        let id = match id {
            Some(custom) => {
                let (id, taken) = self.ids.allocate_custom(&custom);
                if let Some(message) = taken {
                    self.warn(offset, "duplicate-id", message);
                }
                id
            }
            None => self.ids.allocate(&headings::slugify(&title)),
        };
        let mut inner = String::new();
        pulldown_cmark::html::push_html(&mut inner, events.into_iter());
        let tag = format!("h{}", level as u8);
        let class = if classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape(&classes.join(" ")))
        };
        let attr = escape(&id);
        let html = format!("<{tag} id=\"{attr}\"{class}>{inner}<a class=\"anchor\" href=\"#{attr}\" aria-label=\"Liên kết tới mục này\">#</a></{tag}>\n");
        self.events.push(Event::Html(CowStr::from(html)));
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            self.out.toc.push(Heading {
                level: level as u8,
                id: id.clone(),
                title: title.clone(),
            });
        }
        self.sections.start(id.clone(), title);
        self.out.ids.push(id);
    }

    fn finish_code(&mut self) {
        let Some(Pending::Code { lang, line, code }) = self.pending.take() else {
            return;
        };
        let html = if lang == "mermaid" {
            self.out.has_mermaid = true;
            let earlier = (self.out.code_blocks.iter())
                .filter(|b| b.lang == "mermaid" && b.code == code)
                .count();
            self.tools.mermaid.render(&code, earlier)
        } else {
            // Highlighting is the costliest step of a build: it is done for all blocks at
            // once, in parallel, when the page is finished.
            self.out.has_code = true;
            self.sections.add_code(&code);
            self.to_highlight
                .push((self.events.len(), self.out.code_blocks.len()));
            String::new()
        };
        self.events.push(Event::Html(CowStr::from(html)));
        self.out.code_blocks.push(CodeBlock { lang, line, code });
    }

    fn finish(mut self) -> Rendered {
        let blocks = &self.out.code_blocks;
        let highlighter = self.tools.highlighter;
        let highlighted: Vec<(usize, String)> = self
            .to_highlight
            .par_iter()
            .map(|&(event, block)| {
                (
                    event,
                    highlighter.render(&blocks[block].lang, &blocks[block].code),
                )
            })
            .collect();
        for (event, html) in highlighted {
            self.events[event] = Event::Html(CowStr::from(html));
        }
        for &(_, block) in &self.to_highlight {
            let block = &self.out.code_blocks[block];
            if let Some(message) =
                highlight::too_large(&block.code).filter(|_| !block.lang.is_empty())
            {
                let path = &self.doc.display_path;
                let warning = Diagnostic::warning(path, block.line, 1, "code-too-large", message);
                self.out.diagnostics.push(warning);
            }
        }
        let mut html = String::with_capacity(self.doc.body.len() * 2);
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        self.out.html = html;
        self.out.sections = self.sections.finish();
        self.out
    }
}

/// Rewrites a relative link to another chapter's `.md` file into a link to its page.
fn resolve_link(from: &std::path::Path, dest: &str, links: &LinkMap) -> String {
    let (path, _) = crate::url::split_fragment(dest);
    if !path.ends_with(".md") {
        return dest.to_owned();
    }
    let from = crate::source::site_path(from);
    let Some((target, fragment)) = crate::url::resolve(&from, dest) else {
        return dest.to_owned();
    };
    match links.get(std::path::Path::new(&target)) {
        Some(url) => fragment.map_or_else(|| url.clone(), |f| format!("{url}#{f}")),
        None => dest.to_owned(),
    }
}

#[cfg(test)]
mod tests;
