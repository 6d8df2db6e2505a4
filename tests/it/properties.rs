//! Property tests of the parts that read untrusted text, on stable Rust and in every test run:
//! the same promises the fuzz targets of `fuzz/` check for hours (see `fuzz/README.md`), here
//! on a few hundred generated inputs each, so they stay quick. Every input a fuzzer ever
//! crashed on is kept in tests/fixtures/fuzz/<target>/ and replayed by [`fuzz_regressions`].

use proptest::prelude::*;
use proptest::test_runner::Config;

use handbook::fuzzing;

/// Text made of `pieces`, so the generated inputs hit the syntax the part reads.
fn text_of(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(pieces).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|p| p.concat())
}

const MARKDOWN: &[&str] = &[
    "\n",
    "\n\n",
    " ",
    "## ",
    "# ",
    "### ",
    "{#",
    "}",
    "{#khoa}",
    "{#a\"b}",
    ".cls",
    "Khóa",
    "Đồng bộ",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "x.md",
    "#x",
    "javascript:alert(1)",
    "data:x",
    "file:///etc/passwd",
    "<",
    ">",
    "</",
    "script",
    "iframe",
    "img",
    " src=",
    " onerror=",
    "\"",
    "'",
    "&#106;",
    "```",
    "```python\n",
    "```mermaid\n",
    "~~~",
    "    ",
    "`",
    "*",
    "_",
    "|",
    "|---|",
    "-",
    "> ",
    "1. ",
    "[^1]",
    "<!--",
    "-->",
    "\\",
    "&",
    "%20",
    "\t",
    "\r\n",
];

const YAML: &[&str] = &[
    "\n",
    "  ",
    "- ",
    ": ",
    "title",
    "slug",
    "part",
    "number",
    "description",
    "base_url",
    "parts",
    "chapters",
    "appendix",
    "true",
    "null",
    "a.md",
    "../x.md",
    "/abs.md",
    "'",
    "\"",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "&a",
    "*a",
    "---",
    "...",
    "|",
    ">",
    "\\0",
    "Sổ tay",
    "https://x.org/",
    "javascript:x",
    "!!str",
    "%",
    "?",
    "01-mo-dau",
];

const PATHS: &[&str] = &[
    "/",
    "a",
    "b.html",
    "..",
    ".",
    "%2e",
    "%2E%2e",
    "%2f",
    "%5c",
    "\\",
    "%00",
    "%c0%ae",
    "sub",
    "index.html",
    "%",
    "%zz",
    "t%E1%BB%87p",
    "//",
    "?q=1",
    "#f",
    "C:",
    "~",
];

const VIETNAMESE: &[&str] = &[
    "Đồng bộ",
    " hóa",
    " và",
    " bất",
    " đồng",
    " bộ",
    " trong",
    " Python",
    ": ",
    ", ",
    ".\n",
    " luồng",
    " tiến trình",
    " khóa",
    " Trường hợp",
    " người",
    " dùng",
    " Ứng dụng",
    " (GIL)",
    " asyncio.gather()",
    " 3.12",
    " — ",
    "\n\n",
    " ký tự",
];

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn front_matter_splits_or_fails_inside_the_file(body in text_of(YAML, 40), fence in any::<bool>()) {
        let text = if fence { format!("---\n{body}\n---\n## x\n") } else { body };
        fuzzing::front_matter(&text);
    }

    #[test]
    fn config_validates_or_fails_inside_the_file(text in text_of(YAML, 60)) {
        fuzzing::config(&text);
    }

    #[test]
    fn search_terms_are_pieces_of_the_text(text in text_of(VIETNAMESE, 30)) {
        fuzzing::search(&text);
    }

    #[test]
    fn served_paths_never_leave_the_site(segments in proptest::collection::vec(proptest::sample::select(PATHS), 0..8)) {
        fuzzing::serve_path(&format!("/{}", segments.join("/")));
        fuzzing::serve_path(&segments.concat());
    }

    #[test]
    fn links_resolve_inside_the_site(from in text_of(PATHS, 6), href in text_of(PATHS, 10)) {
        fuzzing::url(&from, &href);
        fuzzing::url("a/b.html", &href);
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn markdown_ids_are_unique_and_escaped(body in text_of(MARKDOWN, 60)) {
        fuzzing::markdown(&body);
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn repair_is_stable_and_leaves_clean_text_alone(text in text_of(VIETNAMESE, 24), damaged in any::<bool>()) {
        let text = if damaged { handbook::repair::damage(&text) } else { text };
        fuzzing::repair(&text);
    }
}

/// Every input a fuzz target crashed on, run again through the same function.
#[test]
fn fuzz_regressions() {
    let dir = crate::support::project_root().join("tests/fixtures/fuzz");
    let mut count = 0;
    for target in std::fs::read_dir(&dir).expect("tests/fixtures/fuzz") {
        let target = target.unwrap().path();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for input in std::fs::read_dir(&target).unwrap() {
            let bytes = std::fs::read(input.unwrap().path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            match name.as_str() {
                "front_matter" => fuzzing::front_matter(&text),
                "markdown" => fuzzing::markdown(&text),
                "config" => fuzzing::config(&text),
                "repair" => fuzzing::repair(&text),
                "search" => fuzzing::search(&text),
                "serve_path" => fuzzing::serve_path(&text),
                "url" => {
                    let (from, href) = text.split_once('\n').unwrap_or(("a/b.html", &text));
                    fuzzing::url(from, href);
                }
                other => panic!("no fuzz target `{other}`"),
            }
            count += 1;
        }
    }
    assert!(
        count > 0,
        "tests/fixtures/fuzz holds the inputs that crashed a target"
    );
}
