use super::*;
use crate::frontmatter::FrontMatter;
use crate::markdown::highlight::Highlighter;
use crate::mermaid::MermaidRenderer;

fn doc(body: &str) -> Document {
    let meta = FrontMatter {
        title: "Chương thử".into(),
        part: Some("I".into()),
        number: Some("1".into()),
        slug: "thu".into(),
        description: None,
    };
    Document {
        rel_path: "01-a/01-thu.md".into(),
        display_path: "content/01-a/01-thu.md".into(),
        meta,
        body: body.into(),
        body_line: 6,
        positions: Default::default(),
    }
}

fn render_body(body: &str) -> Rendered {
    let highlighter = Highlighter::new();
    let mermaid = MermaidRenderer::default();
    let mut links = LinkMap::new();
    links.insert("02-b/05-khac.md".into(), "khac.html".into());
    render(
        &doc(body),
        &Renderers {
            highlighter: &highlighter,
            mermaid: &mermaid,
            links: &links,
            ui: crate::ui::Ui::for_language("vi").unwrap(),
        },
    )
}

#[test]
fn headings_get_vietnamese_ids_anchors_and_toc_entries() {
    let r = render_body("## Đồng bộ\n\n### Chi tiết {#rieng}\n\n## Đồng bộ\n\n#### Sâu\n");
    assert!(
        r.html
            .contains("<h2 id=\"dong-bo\">Đồng bộ<a class=\"anchor\" href=\"#dong-bo\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h3 id=\"rieng\">"));
    assert!(r.html.contains("<h2 id=\"dong-bo-1\">"));
    let toc: Vec<_> = r.toc.iter().map(|h| (h.level, h.id.as_str())).collect();
    assert_eq!(toc, [(2, "dong-bo"), (3, "rieng"), (2, "dong-bo-1")]);
    assert_eq!(r.ids, ["dong-bo", "rieng", "dong-bo-1", "sau"]);
}

#[test]
fn code_is_highlighted_and_mermaid_is_handed_over() {
    let r = render_body("```python\nimport asyncio\n```\n\n```mermaid\ngraph TD; A-->B\n```\n");
    assert!(r.html.contains("<pre class=\"code\" data-lang=\"python\">"));
    assert!(r.html.contains("mermaid-figure"));
    assert!(r.has_code && r.has_mermaid);
    let blocks: Vec<_> = r
        .code_blocks
        .iter()
        .map(|b| (b.lang.as_str(), b.line))
        .collect();
    assert_eq!(blocks, [("python", 6), ("mermaid", 10)]);
}

#[test]
fn tables_scroll_inside_a_wrapper() {
    let r = render_body("| a | b |\n|---|---|\n| 1 | 2 |\n");
    assert!(
        r.html.starts_with("<div class=\"table-wrap\">\n<table>"),
        "{}",
        r.html
    );
    assert!(r.html.trim_end().ends_with("</table>\n</div>"));
}

#[test]
fn links_are_read_from_the_chapters_file_and_located() {
    let r = render_body(
        "Xem [khác](../02-b/05-khac.md#muc) và [web](https://x.org).\n\n![hình](a.png)\n",
    );
    assert!(r.html.contains("href=\"khac.html#muc\""), "{}", r.html);
    let links: Vec<_> = r
        .links
        .iter()
        .map(|l| (l.href.as_str(), l.line, l.kind))
        .collect();
    assert_eq!(
        links,
        [
            ("khac.html#muc", 6, LinkKind::Link),
            ("https://x.org", 6, LinkKind::Link),
            ("01-a/a.png", 8, LinkKind::Image)
        ]
    );
}

#[test]
fn sections_collect_text_and_code_for_search() {
    let r = render_body(
        "Mở đầu.\n\n## Gather\n\nDùng `asyncio.gather`.\n\n```python\nawait gather()\n```\n",
    );
    assert_eq!(r.sections.len(), 2);
    assert_eq!(r.sections[0].title, "Chương thử");
    assert_eq!(r.sections[1].id, "gather");
    assert!(r.sections[1].text.contains("asyncio.gather"));
    assert!(r.sections[1].code.contains("await gather()"));
}

#[test]
fn math_becomes_mathml_and_emphasis_never_splits_it() {
    let r = render_body("Với $\\hat{y}_{ij}$ và $y_{ij}$ ta có:\n\n$$\\sum_{i=1}^n x_i$$\n");
    assert_eq!(
        r.html.matches("<math display=\"inline\">").count(),
        2,
        "{}",
        r.html
    );
    assert!(!r.html.contains("<em>"), "{}", r.html);
    assert!(r
        .html
        .contains("<span class=\"math-display\"><math display=\"block\">"));
    assert!(r.has_math && r.diagnostics.is_empty());
}

#[test]
fn a_formula_that_cannot_be_converted_is_shown_and_reported_at_its_dollar() {
    let r = render_body(
        "Dòng một.\n\nCông thức $\\frac{a}{b} \\lạ$ hỏng.\n\nCòn $\\frac{a}{$ không cân.\n",
    );
    assert!(r.html.contains("<code class=\"math-error\""), "{}", r.html);
    assert!(r.html.contains("$\\frac{a}{b} \\lạ$</code>"), "{}", r.html);
    let d: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.kind, d.line, d.col))
        .collect();
    assert_eq!(d, [("math", 8, 11), ("math", 10, 5)]);
}

#[test]
fn headings_with_math_keep_its_text_for_ids_and_search() {
    let r = render_body("## Độ phức tạp $O(n^2)$\n");
    assert!(
        r.html
            .contains("<h2 id=\"do-phuc-tap-o-n-2\">Độ phức tạp <math"),
        "{}",
        r.html
    );
    assert_eq!(r.toc[0].title, "Độ phức tạp O(n^2)");
}

#[test]
fn callouts_are_labelled_boxes_and_their_text_is_searchable() {
    let r = render_body("> [!WARNING]\n> Đừng chặn *event loop*.\n\n> [!DANGER]\n> Sai.\n");
    assert!(
        r.html
            .contains("<div class=\"callout callout-warning\" role=\"note\">"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("Cảnh báo</p>\n<p>Đừng chặn <em>event loop</em>.</p>\n</div>"),
        "{}",
        r.html
    );
    assert!(r.sections[0].text.contains("Cảnh báo") && r.sections[0].text.contains("Đừng chặn"));
    let d: Vec<_> = r.diagnostics.iter().map(|d| (d.kind, d.line)).collect();
    assert_eq!(d, [("callout", 9)]);
}

#[test]
fn a_lone_captioned_image_is_a_figure() {
    let r = render_body("![Sơ đồ *kiến trúc*](hinh/so-do.svg)\n\nChữ ![nhỏ](x.png) giữa câu.\n");
    assert!(
        r.html.starts_with("<figure class=\"figure\">\n<img src=\"01-a/hinh/so-do.svg\" alt=\"Sơ đồ kiến trúc\" />\n<figcaption>Sơ đồ <em>kiến trúc</em></figcaption>\n</figure>"),
        "{}",
        r.html
    );
    assert!(r
        .html
        .contains("<p>Chữ <img src=\"01-a/x.png\" alt=\"nhỏ\" /> giữa câu.</p>"));
}
