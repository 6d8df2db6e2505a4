use super::*;
use crate::epub::book::Page;
use crate::epub::outline;

fn no_files(_: &str) -> Option<Vec<u8>> {
    None
}

fn one_png(path: &str) -> Option<Vec<u8>> {
    (path == "img/a.png").then(|| vec![1, 2, 3])
}

/// Converts `html` as page `one` of a book whose page `two` holds `<h2 id="b">`.
fn convert_with(html: &str, fetch: crate::epub::book::Fetch<'_>) -> Body {
    let pages = ["one", "two"].map(|slug| Page {
        url: format!("{slug}.html"),
        ..Page::default()
    });
    let refs: Vec<&Page> = pages.iter().collect();
    let files = ["one.xhtml".to_owned(), "two.xhtml".to_owned()];
    let (one, first) = outline::read(html);
    let outlines = [first, outline::read(r#"<h2 id="b">B</h2>"#).1];
    let targets = Targets::new(&refs, &files, &outlines, None);
    let images = Images::new(fetch);
    write(&one, &outlines[0], 0, &targets, &images)
}

fn convert(html: &str) -> String {
    convert_with(html, &no_files).xhtml
}

#[test]
fn closes_void_elements_and_unclosed_tags() {
    assert_eq!(convert("<p>a<br>b<p>c"), "<p>a<br/>b</p><p>c</p>");
    assert_eq!(
        convert("<hr><ul><li>x<li>y</ul>"),
        "<hr/><ul><li>x</li><li>y</li></ul>"
    );
}

#[test]
fn escapes_text_and_attributes() {
    assert_eq!(
        convert(r#"<p title='a "b" & <c>'>1 &lt; 2 &amp;&amp; 3 &gt; 2 &nbsp;</p>"#),
        "<p title=\"a &quot;b&quot; &amp; &lt;c>\">1 &lt; 2 &amp;&amp; 3 &gt; 2 \u{a0}</p>"
    );
}

#[test]
fn drops_characters_xml_cannot_hold() {
    assert_eq!(convert("<p>a\u{1}b\u{c}c</p>"), "<p>abc</p>");
}

#[test]
fn drops_scripts_handlers_and_heading_anchors() {
    let html = r##"<h2 id="x">Tiêu đề<a class="anchor" href="#x">#</a></h2><script>alert(1)</script><p onclick="x()" style="color:red">t</p>"##;
    assert_eq!(
        convert(html),
        r#"<h2 id="x">Tiêu đề</h2><p style="color:red">t</p>"#
    );
}

#[test]
fn unwraps_unknown_elements_keeping_their_text() {
    assert_eq!(convert("<center><my-tag>a</my-tag> b</center>"), "a b");
}

#[test]
fn keeps_highlighted_code_as_it_is() {
    let html = "<pre class=\"code\"><code class=\"language-python\"><span class=\"hl-keyword\">def</span> f():\n    <span class=\"hl-keyword\">return</span> 1 &lt; 2\n</code></pre>";
    let out = convert(html);
    assert_eq!(out, html);
}

#[test]
fn links_to_other_chapters_point_to_their_documents() {
    let html = r##"<p id="1-a"><a href="two.html#b">b</a> <a href="#1-a">self</a> <a href="index.html" rel="x">home</a></p>"##;
    assert_eq!(
        convert(html),
        r##"<p id="id-1-a"><a href="two.xhtml#b">b</a> <a href="#id-1-a">self</a> <a>home</a></p>"##
    );
}

#[test]
fn writes_svg_in_its_namespace_with_the_light_diagram_only() {
    let html = r##"<figure class="mermaid-figure"><svg id="mmd-k-light" viewBox="0 0 1 1"><style>#mmd-k-light > g{fill:red}</style><g><use xlink:href="#m"/><path marker-end="url(#m)"/></g></svg><svg id="mmd-k-dark"><g id="m"/></svg></figure>"##;
    let body = convert_with(html, &no_files);
    assert_eq!(body.properties, Some("svg"));
    assert_eq!(
        body.xhtml,
        "<figure class=\"mermaid-figure\"><svg xmlns=\"http://www.w3.org/2000/svg\" id=\"mmd-k-light\" viewBox=\"0 0 1 1\"><style>#mmd-k-light &gt; g{fill:red}</style><g><use/><path marker-end=\"url(#m)\"/></g></svg></figure>"
    );
}

#[test]
fn svg_references_follow_renamed_ids() {
    let html = r##"<svg><defs><marker id="1m"/></defs><use xlink:href="#1m"/><path marker-end="url(#1m)"/></svg>"##;
    let out = convert(html);
    assert!(out.contains(r#"<marker id="id-1m"/>"#), "{out}");
    assert!(
        out.contains(r##"<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="#id-1m"/>"##),
        "{out}"
    );
    assert!(out.contains(r##"marker-end="url(#id-1m)""##), "{out}");
}

#[test]
fn task_list_checkboxes_stay_disabled() {
    assert_eq!(
        convert(r#"<ul><li><input disabled="" type="checkbox" checked="">x</li></ul>"#),
        r#"<ul><li><input disabled="disabled" type="checkbox" checked="checked"/>x</li></ul>"#
    );
}

#[test]
fn images_are_embedded_or_replaced_by_their_text() {
    let html = r#"<p><img src="img/a.png" alt="A" loading="lazy"><img src="https://x.example/b.png" alt="B"><img src="c.png"></p>"#;
    assert_eq!(
        convert_with(html, &one_png).xhtml,
        r#"<p><img src="images/img/a.png" alt="A"/><span class="image-missing">B</span></p>"#
    );
}

#[test]
fn repeated_ids_become_unique_and_references_follow() {
    let html = r#"<p id="a">1</p><p id="a">2</p><label for="a">x</label><span aria-describedby="gone a">y</span>"#;
    assert_eq!(
        convert(html),
        r#"<p id="a">1</p><p id="a-2">2</p><label for="a">x</label><span aria-describedby="a">y</span>"#
    );
}

#[test]
fn lang_gets_its_xml_twin() {
    assert_eq!(
        convert(r#"<span lang="en">x</span>"#),
        r#"<span xml:lang="en" lang="en">x</span>"#
    );
}

#[test]
fn footnotes_are_marked_for_readers() {
    let html = r##"<p>x<sup class="footnote-reference"><a href="#n">1</a></sup></p><div class="footnote-definition" id="n"><sup class="footnote-definition-label">1</sup><p>note</p></div>"##;
    let out = convert(html);
    assert!(
        out.contains(r##"<a href="#n" epub:type="noteref">1</a>"##),
        "{out}"
    );
    assert!(
        out.contains(r#"<div class="footnote-definition" id="n" epub:type="footnote">"#),
        "{out}"
    );
}

#[test]
fn diagrams_left_to_the_browser_show_their_source() {
    let html = "<figure class=\"mermaid-figure mermaid-client\"><pre class=\"mermaid\" hidden>graph TD; A--&gt;B</pre><noscript><p>JS</p></noscript></figure>";
    assert_eq!(
        convert(html),
        "<figure class=\"mermaid-figure mermaid-client\"><pre class=\"mermaid\">graph TD; A--&gt;B</pre></figure>"
    );
}

#[test]
fn mathml_stays_in_its_namespace_and_is_declared() {
    let body = convert_with(
        "<p><math><mi>x</mi><mo>=</mo><mn>1</mn></math></p>",
        &no_files,
    );
    assert_eq!(
        body.xhtml,
        "<p><math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mi>x</mi><mo>=</mo><mn>1</mn></math></p>"
    );
    assert_eq!(body.properties, Some("mathml"));
}

#[test]
fn svg_images_are_embedded_or_dropped() {
    let html = r#"<svg><image href="img/a.png"/><image href="https://x.example/b.png"/></svg>"#;
    assert_eq!(
        convert_with(html, &one_png).xhtml,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"images/img/a.png\"/><image/></svg>"
    );
}
