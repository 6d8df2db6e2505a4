//! The one pass over a chapter's events: each event is either passed on, or collected until
//! its element ends (headings, code blocks), or replaced by HTML of ours (math, callouts,
//! figures, tables' scroll wrappers). What later stages need is collected on the way.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};
use rayon::prelude::*;

use super::headings::{self, Heading, IdAllocator};
use super::rendered::{CodeBlock, Link, LinkKind, Rendered, Renderers};
use super::{callout, dest, figure, highlight, math, text};
use crate::diag::{Diagnostic, LineIndex};
use crate::frontmatter::Document;
use crate::html::escape;

/// An element being collected until its end tag.
enum Pending<'a> {
    Heading {
        level: HeadingLevel,
        offset: usize,
        id: Option<String>,
        classes: Vec<String>,
        events: Vec<Event<'a>>,
        text: String,
    },
    Code {
        lang: String,
        line: usize,
        code: String,
    },
}

pub(super) struct State<'a, 'r> {
    doc: &'r Document,
    tools: &'r Renderers<'r>,
    lines: &'r LineIndex,
    events: Vec<Event<'a>>,
    pending: Option<Pending<'a>>,
    ids: IdAllocator,
    pub(super) out: Rendered,
    sections: text::SectionBuilder,
    /// Code blocks waiting to be highlighted: (index in `events`, index in `out.code_blocks`).
    to_highlight: Vec<(usize, usize)>,
    /// Where the open paragraph starts in `events`.
    paragraph: Option<usize>,
    /// A plain quote has just opened, and its first text is not seen yet.
    quote_opened: bool,
    /// How many images are open (their alt text is being read).
    images: usize,
}

impl<'a, 'r> State<'a, 'r> {
    pub(super) fn new(doc: &'r Document, tools: &'r Renderers<'r>, lines: &'r LineIndex) -> Self {
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
            paragraph: None,
            quote_opened: false,
            images: 0,
        }
    }

    /// The line and column in the file of a byte offset of the body.
    pub(super) fn locate(&self, offset: usize) -> (usize, usize) {
        let (line, col) = self.lines.locate(&self.doc.body, offset);
        (line + self.doc.body_line - 1, col)
    }

    /// A warning at a byte offset of the body.
    pub(super) fn warn(&mut self, offset: usize, kind: &'static str, message: String) {
        let (line, col) = self.locate(offset);
        let warning = Diagnostic::warning(&self.doc.display_path, line, col, kind, message);
        self.out.diagnostics.push(warning);
    }

    /// Takes one event of the parse, which starts at byte `offset` of the body.
    pub(super) fn feed(&mut self, event: Event<'a>, offset: usize) {
        let event = match event {
            Event::InlineMath(source) => self.math(&source, false, offset),
            Event::DisplayMath(source) => self.math(&source, true, offset),
            other => other,
        };
        if let Some(pending) = &mut self.pending {
            match (pending, event) {
                (Pending::Heading { .. }, Event::End(TagEnd::Heading(_))) => self.finish_heading(),
                (Pending::Heading { .. }, event) => {
                    // Links in headings are recorded (checked, rewritten) like any other.
                    let event = match event {
                        Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                            Event::Start(self.start_link(tag, offset))
                        }
                        Event::End(TagEnd::Image) => {
                            self.images = self.images.saturating_sub(1);
                            Event::End(TagEnd::Image)
                        }
                        other => other,
                    };
                    if let Some(Pending::Heading { events, text, .. }) = &mut self.pending {
                        text::push_plain(text, &event);
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
        if let Event::Text(_) = &event {
            self.check_quote_start(offset);
            self.check_directive(offset);
        }
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
                    text: String::new(),
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
            other => self.feed_block(other, offset),
        }
    }

    /// Events outside headings and code blocks.
    fn feed_block(&mut self, event: Event<'a>, offset: usize) {
        match event {
            Event::Start(Tag::Table(alignments)) => {
                self.events.push(html("<div class=\"table-wrap\">\n"));
                self.events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                self.events.push(Event::End(TagEnd::Table));
                self.events.push(html("</div>\n"));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (open, title) = callout::open(kind, self.tools.ui);
                self.sections.add_text(title);
                self.events.push(Event::Html(CowStr::from(open)));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.events.push(html(callout::CLOSE)),
            Event::Start(Tag::BlockQuote(None)) => {
                self.quote_opened = true;
                self.events.push(Event::Start(Tag::BlockQuote(None)));
            }
            Event::Start(Tag::Paragraph) => {
                self.paragraph = Some(self.events.len());
                self.events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => self.finish_paragraph(),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let tag = self.start_link(tag, offset);
                self.events.push(Event::Start(tag));
            }
            Event::End(TagEnd::Image) => {
                self.images = self.images.saturating_sub(1);
                self.events.push(Event::End(TagEnd::Image));
            }
            Event::TaskListMarker(checked) => {
                let html = task_mark(checked, self.tools.ui);
                self.events.push(Event::InlineHtml(CowStr::from(html)));
            }
            other => self.events.push(other),
        }
    }

    /// A link or image starts: its destination is recorded and resolved.
    fn start_link(&mut self, tag: Tag<'a>, offset: usize) -> Tag<'a> {
        match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                dest_url: self.record_link(LinkKind::Link, dest_url, offset),
                link_type,
                title,
                id,
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.images += 1;
                Tag::Image {
                    dest_url: self.record_link(LinkKind::Image, dest_url, offset),
                    link_type,
                    title,
                    id,
                }
            }
            other => other,
        }
    }

    /// A formula as MathML (or its marked source, reported). In an image's alt text it stays
    /// a formula event, so a figure's caption gets its MathML and the alt attribute its plain
    /// reading.
    fn math(&mut self, source: &str, display: bool, offset: usize) -> Event<'a> {
        let (html, problem) = math::render(source, display, &self.tools.ui.math_error);
        if let Some(problem) = problem {
            let message = format!(
                "this formula cannot be converted to MathML ({problem}); it is shown as its source"
            );
            self.warn(offset, "math", message);
        }
        match &mut self.pending {
            Some(Pending::Heading { text, .. }) => text.push_str(source),
            _ => self.sections.add_text(&math::words(source)),
        }
        self.out.has_math = true;
        match (self.images, display) {
            (0, _) => Event::InlineHtml(CowStr::from(html)),
            (_, false) => Event::InlineMath(CowStr::from(source.to_owned())),
            (_, true) => Event::DisplayMath(CowStr::from(source.to_owned())),
        }
    }

    /// Reports a plain quote whose first words (from `offset` in the body) look like a callout
    /// marker that did not work.
    fn check_quote_start(&mut self, offset: usize) {
        if std::mem::take(&mut self.quote_opened) {
            let line = self.doc.body[offset..].lines().next().unwrap_or_default();
            if let Some(message) = callout::near_miss(line) {
                self.warn(offset, "callout", message);
            }
        }
    }

    /// Reports a paragraph that starts with another tool's directive (`:::note`), which would
    /// show as text.
    fn check_directive(&mut self, offset: usize) {
        let first_of_paragraph = self.paragraph.is_some_and(|p| p + 1 == self.events.len());
        if first_of_paragraph && self.doc.body[offset..].starts_with(":::") {
            let line = self.doc.body[offset..].lines().next().unwrap_or_default();
            let message = format!("`{line}` is another tool's directive and shows as text: write a callout as a quote starting with `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]`");
            self.warn(offset, "callout", message);
        }
    }

    /// Closes a paragraph: a figure if it holds one image with a title or alt text.
    fn finish_paragraph(&mut self) {
        let start = self.paragraph.take();
        let math_error = &self.tools.ui.math_error;
        let math = |source: &str, display: bool| math::render(source, display, math_error).0;
        let figure = start.and_then(|s| Some((s, figure::of(&self.events[s + 1..], math)?)));
        match figure {
            Some((start, (open, close))) => {
                self.events[start] = html(open);
                self.events.push(Event::Html(CowStr::from(close)));
            }
            None => self.events.push(Event::End(TagEnd::Paragraph)),
        }
    }

    fn record_link(&mut self, kind: LinkKind, written: CowStr<'a>, offset: usize) -> CowStr<'a> {
        let href = dest::resolve(&self.doc.rel_path, &written, self.tools.links);
        let (line, col) = self.locate(offset);
        self.out.links.push(Link {
            kind,
            dest: written.to_string(),
            href: href.clone(),
            line,
            col,
        });
        if href == *written {
            written
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
            text,
        }) = self.pending.take()
        else {
            return;
        };
        let title = text.trim().to_owned();
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
        pulldown_cmark::html::push_html(&mut inner, events.into_iter().map(alt_math));
        let tag = format!("h{}", level as u8);
        let class = if classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape(&classes.join(" ")))
        };
        let attr = escape(&id);
        let label = escape(&self.tools.ui.heading_anchor);
        let html = format!("<{tag} id=\"{attr}\"{class}>{inner}<a class=\"anchor\" href=\"#{attr}\" aria-label=\"{label}\">#</a></{tag}>\n");
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
            let figure = self.tools.mermaid.render(&code, earlier, self.tools.ui);
            self.out.mermaid_client |= crate::mermaid::needs_client(&figure);
            figure
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

    pub(super) fn finish(mut self) -> Rendered {
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
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter().map(alt_math));
        self.out.html = html;
        self.out.sections = self.sections.finish();
        self.out
    }
}

/// A formula left in an image's alt text (the only ones left as formula events) becomes its
/// plain reading: `$\hat{w}$` is read "w", never shown as LaTeX.
fn alt_math(event: Event<'_>) -> Event<'_> {
    match event {
        Event::InlineMath(source) | Event::DisplayMath(source) => {
            Event::Text(CowStr::from(math::plain(&source)))
        }
        other => other,
    }
}

/// A task list's box (`- [ ]`, `- [x]`): a mark that says whether it is checked, not a form
/// control, since nothing can be ticked and sent (a disabled checkbox has no name to announce).
fn task_mark(checked: bool, ui: &crate::ui::Ui) -> String {
    let (class, label) = match checked {
        true => (" is-checked", &ui.task_checked),
        false => ("", &ui.task_unchecked),
    };
    format!(
        "<span class=\"task-mark{class}\" role=\"img\" aria-label=\"{}\"></span>",
        escape(label)
    )
}

/// A piece of HTML of ours.
fn html(text: &'static str) -> Event<'static> {
    Event::Html(CowStr::Borrowed(text))
}
