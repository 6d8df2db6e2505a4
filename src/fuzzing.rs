//! Entry points for fuzzing (`fuzz/`) and the property tests (`tests/it/properties.rs`): each
//! runs one part of the pipeline that reads untrusted text, and panics when one of its
//! promises breaks. Not an API; hidden from the documentation.
//!
//! The parts: front matter ([`front_matter`]), Markdown with heading ids and raw HTML
//! ([`markdown`]), `handbook.yaml` ([`config`]), the mojibake repair ([`repair`]), the search
//! tokenizer ([`search`]), the dev server's request paths ([`serve_path`]) and link
//! resolution ([`url`]).

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use crate::diag::Diagnostic;
use crate::markdown::highlight::Highlighter;
use crate::markdown::{LinkMap, Renderers};
use crate::mermaid::MermaidRenderer;
use crate::serve::http::{resolve, Target};

/// The front matter that [`markdown`] puts above its body: the body starts on line 5.
const FRONT_MATTER: &str = "---\ntitle: T\nslug: t\n---\n";

/// Splits `text` as a chapter file: a document whose body is the end of the text and whose
/// slug is safe, or an error inside the text.
pub fn front_matter(text: &str) {
    let lines = text.matches('\n').count() + 1;
    match crate::frontmatter::split("a.md".into(), "content/a.md".into(), text) {
        Ok(doc) => {
            assert!(text.ends_with(&doc.body), "the body is the end of the file");
            if !doc.body.is_empty() {
                let before = &text[..text.len() - doc.body.len()];
                assert_eq!(doc.body_line, before.matches('\n').count() + 1, "body line");
            }
            let slug = &doc.meta.slug;
            assert!(!slug.is_empty());
            assert!(slug
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            assert!(doc.position_of("slug").0 <= lines);
        }
        Err(d) => assert_located(&d, lines),
    }
}

/// Renders `body` as a chapter: unique, escaped heading ids; every link and problem inside the
/// file; every `<script>` or `<iframe>` that reaches the page pointed out.
pub fn markdown(body: &str) {
    let text = format!("{FRONT_MATTER}{body}");
    let doc = crate::frontmatter::split("a.md".into(), "content/a.md".into(), &text)
        .expect("a fixed front matter");
    let lines = text.matches('\n').count() + 1;
    let links = LinkMap::new();
    let tools = Renderers {
        highlighter: highlighter(),
        mermaid: mermaid(),
        links: &links,
        ui: crate::ui::Ui::for_language("vi").expect("Vietnamese texts"),
    };
    let rendered = crate::markdown::render(&doc, &tools);
    let mut ids = HashSet::new();
    for id in &rendered.ids {
        assert!(
            !id.is_empty() && ids.insert(id.as_str()),
            "ids are unique: {id:?}"
        );
        let attribute = format!("id=\"{}\"", crate::html::escape(id));
        assert!(
            rendered.html.contains(&attribute),
            "{attribute} is written escaped"
        );
    }
    for heading in &rendered.toc {
        assert!(ids.contains(heading.id.as_str()));
    }
    for link in &rendered.links {
        assert!((doc.body_line..=lines).contains(&link.line) && link.col >= 1);
    }
    for d in &rendered.diagnostics {
        assert_located(d, lines);
    }
    // What can run code in the published page came from raw HTML (pointed out) or from a
    // Markdown link to an unsafe scheme (the link checks point those out).
    let active = crate::markdown::raw_html::scan(&rendered.html);
    let unsafe_link = (rendered.links.iter()).any(|l| crate::url::unsafe_scheme(&l.href).is_some());
    if !active.is_empty() && !unsafe_link {
        assert!(
            rendered.diagnostics.iter().any(|d| d.kind == "raw-html"),
            "active raw HTML is pointed out: {:?}",
            active
        );
    }
    for (at, _) in crate::markdown::raw_html::scan(body) {
        assert!(body.is_char_boundary(at) && at < body.len());
    }
}

/// Reads `text` as `handbook.yaml`: a configuration whose chapters stay in content/, or an
/// error inside the text.
pub fn config(text: &str) {
    let lines = text.matches('\n').count() + 1;
    match crate::config::Config::parse(Path::new("/book"), text) {
        Ok(config) => {
            for listed in config.listing() {
                assert!(!listed.path.is_absolute());
                assert!(!listed
                    .path
                    .components()
                    .any(|c| matches!(c, std::path::Component::ParentDir)));
                assert!(config.position(&listed.at).0 <= lines);
            }
            if let Some(base) = &config.book.base_url {
                if crate::url::base_url_problem(base).is_none() {
                    let path = crate::url::base_path(base);
                    assert!(path.starts_with('/') && path.ends_with('/'));
                }
            }
        }
        Err(crate::config::ConfigError::Invalid(d)) => assert_located(&d, lines),
        Err(e) => panic!("parsing reads no file: {e}"),
    }
}

/// Repairs `text`: fixes inside the text, a second repair changes nothing, and clean
/// Vietnamese (ASCII and precomposed Vietnamese letters) comes back untouched.
pub fn repair(text: &str) {
    let lines = text.matches('\n').count() + 1;
    let repaired = crate::repair::repair(text);
    assert!(repaired.places() <= repaired.fixes.len());
    for fix in &repaired.fixes {
        assert!(
            fix.line >= 1 && fix.line <= lines && fix.col >= 1,
            "{fix:?}"
        );
    }
    if is_clean_vietnamese(text) {
        assert!(
            repaired.fixes.is_empty(),
            "clean text changed: {:?}",
            repaired.fixes
        );
        assert_eq!(repaired.text, text);
    }
    let again = crate::repair::repair(&repaired.text);
    assert!(
        again.fixes.is_empty(),
        "a second repair changed {:?}",
        again.fixes
    );
}

/// Cuts `text` into words and search terms: words are pieces of the text, terms are exact
/// (lowercase, NFC) and short enough, folding is stable.
pub fn search(text: &str) {
    let range = text.as_ptr() as usize..=text.as_ptr() as usize + text.len();
    for word in crate::search::words(text) {
        assert!(
            range.contains(&(word.as_ptr() as usize)),
            "a word is a piece of the text"
        );
        assert!(word.chars().any(char::is_alphanumeric), "{word:?}");
        for term in crate::search::terms(word) {
            assert!(!term.is_empty());
            assert!(
                term.chars().count() <= crate::search::tokens::MAX_TERM_CHARS,
                "{term:?}"
            );
            assert_eq!(crate::search::exact(&term), term, "terms are exact");
            let folded = crate::search::fold(&term);
            assert_eq!(crate::search::fold(&folded), folded, "folding is stable");
        }
    }
}

/// Maps a request path as the dev server does: a file key never leaves the site.
pub fn serve_path(raw: &str) {
    for base in ["/", "/sub/"] {
        match resolve(base, raw) {
            Target::File(key) => {
                assert!(
                    !key.starts_with('/') && !key.contains(['\\', '\0']),
                    "{key:?}"
                );
                assert!(
                    key.split('/')
                        .all(|s| !s.is_empty() && s != "." && s != ".."),
                    "{raw:?} -> {key:?}"
                );
            }
            Target::Redirect(to) => assert_eq!(to, base),
            Target::Outside | Target::Refused => {}
        }
    }
}

/// Resolves `href` from the page `from`: a target inside the site, in normal form; a base
/// URL accepted only when it is an absolute http(s) address.
pub fn url(from: &str, href: &str) {
    // Pages are site paths in normal form: the only `from` the site ever passes.
    let page = !from.starts_with('/') && crate::url::normalize(from).as_deref() == Some(from);
    if let Some((target, _)) = crate::url::resolve(from, href).filter(|_| page) {
        assert!(
            !target.starts_with('/'),
            "{from:?} + {href:?} -> {target:?}"
        );
        assert!(
            !target.split('/').any(|s| s == ".." || s == "."),
            "{from:?} + {href:?} -> {target:?}"
        );
    }
    if let Some(normal) = crate::url::normalize(href) {
        assert_eq!(crate::url::normalize(&normal).as_ref(), Some(&normal));
    }
    if crate::url::base_url_problem(href).is_none() {
        let lower = href.to_ascii_lowercase();
        assert!(lower.starts_with("https://") || lower.starts_with("http://"));
        assert!(!href.contains(['"', '<', '>', ' ', '\'']));
        assert!(!href.chars().any(char::is_control));
    }
    let _ = crate::url::unsafe_scheme(href);
    let _ = crate::url::percent_decode(href);
}

/// A diagnostic inside a text of `lines` lines, shown without raw control characters.
fn assert_located(d: &Diagnostic, lines: usize) {
    assert!(d.line <= lines + 1, "{d} is past the end ({lines} lines)");
    let shown = d.to_string();
    assert!(
        !shown
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{shown:?}"
    );
    assert!(d.message.chars().count() <= crate::diag::MESSAGE_CHARS);
}

/// Text in ASCII and the precomposed letters of Vietnamese only: nothing in it can be read
/// as mojibake.
fn is_clean_vietnamese(text: &str) -> bool {
    const LETTERS: &str = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ\
                           ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ";
    text.chars().all(|c| c.is_ascii() || LETTERS.contains(c))
}

fn highlighter() -> &'static Highlighter {
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    HIGHLIGHTER.get_or_init(Highlighter::new)
}

fn mermaid() -> &'static MermaidRenderer {
    static MERMAID: OnceLock<MermaidRenderer> = OnceLock::new();
    MERMAID.get_or_init(MermaidRenderer::default)
}
