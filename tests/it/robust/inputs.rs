//! Input that is wrong in smaller ways: a base URL that is no address, control characters,
//! huge lines and code blocks, broken templates, and builds killed halfway.

use std::time::{Duration, Instant};

use super::{check_and_build, FIRST};
use crate::build::read;
use crate::support::fixture::Fixture;

#[test]
fn base_url_must_be_an_absolute_http_url() {
    for bad in [
        "javascript:alert(1)//",
        "not a url",
        "https://x.org/\"><script>",
        "ftp://x.org/",
    ] {
        let fixture = Fixture::new();
        let config = fixture.read("handbook.yaml");
        let quoted = serde_json::to_string(bad).unwrap();
        fixture.write("handbook.yaml", &format!("{config}base_url: {quoted}\n"));
        let line = config.lines().count() + 1;
        let check = fixture.run(&["check", "--format", "json"]);
        assert_eq!(check.code, 2, "{bad}: {}", check.stderr);
        let problems: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
        assert_eq!(
            (
                &problems[0]["path"],
                &problems[0]["line"],
                &problems[0]["col"],
                &problems[0]["kind"]
            ),
            (
                &"handbook.yaml".into(),
                &line.into(),
                &11.into(),
                &"base-url".into()
            ),
            "{bad}: {problems}"
        );
        let (build, out) = fixture.build();
        assert_eq!(build.code, 2, "{bad}");
        assert!(
            build
                .stderr
                .contains(&format!("handbook.yaml:{line}:11: error:")),
            "{}",
            build.stderr
        );
        assert!(!out.exists());
    }
    let fixture = Fixture::new();
    let out = fixture.out();
    let build = fixture.run(&[
        "build",
        "--out",
        out.to_str().unwrap(),
        "--base-url",
        "not a url",
    ]);
    assert_eq!(build.code, 2);
    assert!(
        build.stderr.contains("--base-url") && build.stderr.contains("[base-url]"),
        "{}",
        build.stderr
    );
    let good = fixture.run(&[
        "build",
        "--out",
        out.to_str().unwrap(),
        "--base-url",
        "https://me.github.io/sổ-tay",
    ]);
    good.assert_success();
}

#[test]
fn control_characters_are_errors_at_their_place_and_never_published() {
    let fixture = Fixture::new();
    fixture.write(
        "content/01-mot/01-mo-dau.md",
        "---\ntitle: Mở đầu\nslug: 01-mo-dau\n---\n\nxin chào\x00 thế giới \x1b[31mđỏ\n",
    );
    let outcome = check_and_build(&fixture);
    outcome
        .assert_exits(true)
        .assert_reported((FIRST, 6, 9), "error", "control-character");

    let fixture = Fixture::new();
    fixture.write(
        "content/01-mot/01-mo-dau.md",
        "---\ntitle: \"Mở đầu\\0\\e[31m\"\nslug: 01-mo-dau\n---\n\n## Một\n",
    );
    let outcome = check_and_build(&fixture);
    outcome
        .assert_exits(true)
        .assert_reported((FIRST, 2, 8), "error", "control-character");

    let fixture = Fixture::new();
    let config = fixture.read("handbook.yaml");
    let config = config.replacen("title: Sổ tay thử nghiệm", "title: \"Sổ tay\\0\"", 1);
    fixture.write("handbook.yaml", &config);
    let check = fixture.run(&["check"]);
    assert_eq!(check.code, 2);
    assert!(
        check.stdout.starts_with("handbook.yaml:1:8: error:"),
        "{}",
        check.stdout
    );
    let (build, out) = fixture.build();
    assert_eq!(build.code, 2);
    assert!(build.stderr.contains("handbook.yaml:1:8: error:") && !out.exists());
}

#[test]
fn messages_quote_little_of_a_huge_line_and_escape_control_characters() {
    let fixture = Fixture::new();
    let mojibake = "TrÆ°á»\u{9d}ng há»£p ".repeat(60_000);
    let far = format!("[x]({}.md)", "y".repeat(300_000));
    let body = format!("## Một\n\n{mojibake}\n\n{far}\n");
    fixture.chapter("01-mot/01-mo-dau.md", "Mở đầu", "01-mo-dau", &body);
    let named = fixture.root().join("content/01-mot/ghi-chú-\u{1b}[2J.md");
    std::fs::write(named, "---\ntitle: x\nslug: x\n---\n").unwrap();
    let (build, _) = fixture.build();
    build.assert_success();
    assert!(
        build.stderr.len() < 4_000,
        "{} bytes on stderr",
        build.stderr.len()
    );
    assert!(build.stderr.lines().all(|l| l.chars().count() < 1_000));
    assert!(!build.stderr.contains('\u{1b}'), "{:?}", build.stderr);
    assert!(
        build.stderr.contains("ghi-chú-\\u{1b}[2J.md"),
        "{}",
        build.stderr
    );
    assert!(build.stderr.contains('…'));
}

#[test]
fn template_errors_point_at_the_template_file_and_line() {
    let fixture = Fixture::new();
    let template = fixture.read("templates/chapter.html");
    let broken = template.replacen(
        "<article class=\"chapter\">",
        "<article class=\"chapter\"> {% if %}",
        1,
    );
    fixture.write("templates/chapter.html", &broken);
    let check = fixture.run(&["check", "--format", "json"]);
    assert_eq!(check.code, 2, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("\"path\": \"templates/chapter.html\""),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("\"line\": 3") && check.stdout.contains("\"col\": 33"),
        "{}",
        check.stdout
    );
    let relative = fixture.run(&["check", "--root", "."]);
    assert!(
        relative
            .stdout
            .starts_with("templates/chapter.html:3:33: error:"),
        "with a relative root too: {}",
        relative.stdout
    );
    let (build, _) = fixture.build();
    assert_eq!(build.code, 2);
    assert!(
        build.stderr.contains("templates/chapter.html:3:33: error:"),
        "{}",
        build.stderr
    );

    let line = "<header class=\"chapter-head\">{{ page.nosuchvar.x }}";
    let broken = template.replacen("<header class=\"chapter-head\">", line, 1);
    fixture.write("templates/chapter.html", &broken);
    let outcome = check_and_build(&fixture);
    let place = (
        "templates/chapter.html",
        4,
        line.find("page.nosuchvar").unwrap() + 1,
    );
    outcome
        .assert_exits(true)
        .assert_reported(place, "error", "template");
}

#[test]
fn huge_code_blocks_are_shown_plain_with_a_warning() {
    let fixture = Fixture::new();
    let code: String = (0..3_000)
        .map(|i| format!("x{i} = {i}  # số {i}\n"))
        .collect();
    let body = format!("## Mã\n\n```python\n{code}```\n\n```python\nprint('nhỏ')\n```\n");
    fixture.chapter("01-mot/01-mo-dau.md", "Mở đầu", "01-mo-dau", &body);
    let outcome = check_and_build(&fixture);
    outcome
        .assert_exits(false)
        .assert_reported((FIRST, 8, 1), "warning", "code-too-large");
    let page = read(&outcome.out.join("01-mo-dau.html"));
    assert!(
        page.contains("x2999 = 2999  # số 2999"),
        "shown whole, as plain text"
    );
    assert!(
        page.contains("<span class=\"hl-"),
        "the small block is highlighted"
    );
}

#[test]
fn a_killed_build_leaves_a_folder_the_next_build_removes() {
    let fixture = Fixture::new();
    let code: String = (0..1_500).map(|i| format!("x{i} = {i}\n")).collect();
    for n in 0..6 {
        let body = format!("## Mã\n\n```python\n{code}```\n");
        fixture.chapter(
            &format!("01-mot/9{n}-ma.md"),
            "Mã",
            &format!("9{n}-ma"),
            &body,
        );
    }
    let out = fixture.out();
    let mut child = crate::support::handbook()
        .args(["build", "--root"])
        .arg(fixture.root())
        .arg("--out")
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // A staging folder with its marker: the build is writing the site.
    let staging = || {
        std::fs::read_dir(fixture.dir())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                name.starts_with(".public.new-") && p.join(".handbook-staging").is_file()
            })
    };
    let started = Instant::now();
    let left = loop {
        if let Some(dir) = staging() {
            child.kill().unwrap();
            break dir;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it could be killed"
        );
        assert!(started.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(1));
    };
    child.wait().unwrap();
    assert!(
        left.is_dir() && !out.exists(),
        "SIGKILL leaves the staging folder"
    );
    let foreign = fixture.dir().join(".public.new-mine");
    std::fs::create_dir(&foreign).unwrap();
    let (build, out) = fixture.build();
    build.assert_success();
    assert!(
        !left.exists(),
        "the next build removes what the killed one left"
    );
    assert!(foreign.exists(), "a folder this tool did not make is kept");
    assert!(out.join("index.html").is_file());
}
