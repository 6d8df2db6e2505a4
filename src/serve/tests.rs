//! Equivalence: after every kind of incremental rebuild, the site equals a full build, byte
//! for byte (or both fail with the same diagnostics).

use super::*;
use crate::config::BookConfig;

/// A small project made of real chapters: two parts of two chapters and one appendix.
fn project() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let mut book: BookConfig =
        serde_yaml::from_slice(&std::fs::read(repo.join("handbook.yaml")).unwrap()).unwrap();
    let last = book.parts.pop().unwrap();
    book.parts.truncate(2);
    book.parts.push(last);
    for part in &mut book.parts {
        part.chapters.truncate(2);
        for chapter in &part.chapters {
            let to = dir.path().join("content").join(chapter.file());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(repo.join("content").join(chapter.file()), to).unwrap();
        }
    }
    std::fs::write(
        dir.path().join("handbook.yaml"),
        serde_yaml::to_string(&book).unwrap(),
    )
    .unwrap();
    for folder in ["templates", "static"] {
        copy_tree(&repo.join(folder), &dir.path().join(folder));
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(entry.path(), target).unwrap();
    }
}

const BASE_URL: &str = "http://127.0.0.1:1/sub/";

/// What a fresh builder produces: the files, or the diagnostics that stop the build.
fn full_build(root: &Path) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let builder = Builder::new(root, Some(BASE_URL.into())).map_err(|e| vec![e.diagnostic()])?;
    let build = builder.load().unwrap();
    if build.errors() > 0 {
        return Err(build.diagnostics);
    }
    builder
        .render_site(&build)
        .map_err(|e| vec![BuildError::from(e).diagnostic()])
}

struct Fixture {
    dir: tempfile::TempDir,
    incremental: Rebuilder,
}

impl Fixture {
    fn new() -> Self {
        let dir = project();
        let mut incremental = Rebuilder::new(dir.path(), Some(BASE_URL.into()));
        let mut fixture = Self {
            dir,
            incremental: Rebuilder::new(Path::new("."), None),
        };
        let outcome = complete(&mut incremental, Change::everything()).unwrap();
        fixture.incremental = incremental;
        fixture.assert_equal(Ok(outcome.files));
        fixture
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn chapter(&self, index: usize) -> PathBuf {
        let book: BookConfig =
            serde_yaml::from_slice(&std::fs::read(self.path("handbook.yaml")).unwrap()).unwrap();
        let chapter = book
            .parts
            .iter()
            .flat_map(|p| p.chapters.iter())
            .nth(index)
            .unwrap();
        self.path("content").join(chapter.file())
    }

    fn edit(&self, path: &Path, edit: impl FnOnce(String) -> String) {
        let text = std::fs::read_to_string(path).unwrap();
        std::fs::write(path, edit(text)).unwrap();
    }

    /// Rebuilds after `change` and compares with a full build; returns the outcome.
    fn rebuild(&mut self, change: Change) -> Result<Outcome, Failure> {
        let result = complete(&mut self.incremental, change);
        let files = result
            .as_ref()
            .map(|o| o.files.clone())
            .map_err(|f| f.diagnostics.clone());
        self.assert_equal(files);
        result
    }

    fn assert_equal(&self, incremental: Result<Vec<OutputFile>, Vec<Diagnostic>>) {
        match (incremental, full_build(self.dir.path())) {
            (Ok(mut ours), Ok(mut full)) => {
                ours.sort_by(|a, b| a.path.cmp(&b.path));
                full.sort_by(|a, b| a.path.cmp(&b.path));
                let paths =
                    |files: &[OutputFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
                assert_eq!(paths(&ours), paths(&full), "the same files");
                for (a, b) in ours.iter().zip(&full) {
                    assert!(a.bytes == b.bytes, "{} differs from a full build", a.path);
                }
            }
            (Err(ours), Err(full)) => assert_eq!(ours, full, "the same diagnostics"),
            (ours, full) => panic!(
                "incremental ok: {}, full ok: {}",
                ours.is_ok(),
                full.is_ok()
            ),
        }
    }
}

/// A rebuild and its deferred outputs, as the server publishes them: the outcome's files are
/// the whole site, and `outputs_rendered` counts the deferred ones too. Checks that the files
/// published first differ from the whole site only at the pending paths.
fn complete(rebuilder: &mut Rebuilder, change: Change) -> Result<Outcome, Failure> {
    let mut outcome = rebuilder.rebuild(&change)?;
    let deferred = rebuilder.render_deferred()?;
    let mut paths: Vec<String> = deferred.iter().map(|f| f.path.clone()).collect();
    paths.sort();
    assert_eq!(
        paths, outcome.pending,
        "exactly the pending paths are rendered later"
    );
    outcome.outputs_rendered += usize::from(!deferred.is_empty());
    for file in deferred {
        match outcome.files.binary_search_by(|f| f.path.cmp(&file.path)) {
            Ok(i) => outcome.files[i] = file,
            Err(i) => outcome.files.insert(i, file),
        }
    }
    Ok(outcome)
}

fn content() -> Change {
    Change {
        content: true,
        ..Change::default()
    }
}

/// `build` streams each file to disk as a thread makes it, taking the slowest outputs first;
/// `check` and these tests render the site in memory: the same files, each written once.
#[test]
fn the_site_written_to_disk_is_the_site_rendered_in_memory() {
    let dir = project();
    let builder = Builder::new(dir.path(), Some(BASE_URL.into())).unwrap();
    let build = builder.load().unwrap();
    let in_memory = builder.render_site(&build).unwrap();
    let out = dir.path().join("site");
    let written = builder.write_site(&build, &out).unwrap();
    assert_eq!(written, in_memory.len(), "each file written once");
    for file in &in_memory {
        let on_disk = std::fs::read(out.join(&file.path)).unwrap();
        assert!(on_disk == file.bytes, "{} differs", file.path);
    }
    let on_disk = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count();
    // And nothing else but the marker of a built folder.
    assert_eq!(on_disk, in_memory.len() + 1);
}

#[test]
fn a_body_edit_renders_one_chapter_and_equals_a_full_build() {
    let mut f = Fixture::new();
    f.edit(&f.chapter(1), |t| t + "\n\nMột đoạn mới với `code`.\n");
    let outcome = f.rebuild(content()).unwrap();
    assert_eq!(outcome.chapters_rendered, 1);
    // Its page, then the print view; no other page. The search index is updated, not rendered.
    assert_eq!(outcome.pending, ["print.html"]);
    assert_eq!(
        outcome.outputs_rendered, 2,
        "stage 7 re-rendered other pages"
    );
    // Nothing changed: nothing is rendered.
    let again = f.rebuild(content()).unwrap();
    assert_eq!((again.chapters_rendered, again.outputs_rendered), (0, 0));
    assert_eq!(again.search_files_changed, 0);
}

#[test]
fn a_title_edit_updates_every_page_navigation() {
    let mut f = Fixture::new();
    f.edit(&f.chapter(2), |t| {
        t.replacen("title: ", "title: Đã sửa ", 1)
    });
    let outcome = f.rebuild(content()).unwrap();
    assert_eq!(outcome.chapters_rendered, 1);
}

#[test]
fn a_slug_change_rerenders_links_to_it() {
    let mut f = Fixture::new();
    f.edit(&f.chapter(0), |t| t.replacen("slug: ", "slug: moi-", 1));
    f.rebuild(content()).unwrap();
}

#[test]
fn a_template_edit_renders_no_markdown() {
    let mut f = Fixture::new();
    f.edit(&f.path("templates/chapter.html"), |t| {
        t + "\n<!-- edited -->\n"
    });
    assert_eq!(
        f.rebuild(Change {
            templates: true,
            ..Change::default()
        })
        .unwrap()
        .chapters_rendered,
        0
    );
    // A broken template fails like `build` and keeps failing until fixed.
    f.edit(&f.path("templates/chapter.html"), |t| t + "{% if %}");
    f.rebuild(Change {
        templates: true,
        ..Change::default()
    })
    .unwrap_err();
    f.rebuild(content()).unwrap_err();
    f.edit(&f.path("templates/chapter.html"), |t| {
        t.replace("{% if %}", "")
    });
    f.rebuild(Change {
        templates: true,
        ..Change::default()
    })
    .unwrap();
}

#[test]
fn static_edits_and_new_static_files_are_served() {
    let mut f = Fixture::new();
    f.edit(&f.path("static/assets/css/handbook.css"), |t| {
        t + "\nbody { color: red; }\n"
    });
    std::fs::write(f.path("static/new.txt"), "mới").unwrap();
    f.rebuild(Change {
        static_files: true,
        ..Change::default()
    })
    .unwrap();
    std::fs::remove_file(f.path("static/new.txt")).unwrap();
    f.rebuild(Change {
        static_files: true,
        ..Change::default()
    })
    .unwrap();
}

#[test]
fn a_config_edit_rebuilds_everything() {
    let mut f = Fixture::new();
    f.edit(&f.path("handbook.yaml"), |t| {
        t.replacen("title: ", "title: Sách ", 1)
    });
    assert_eq!(
        f.rebuild(Change {
            config: true,
            ..Change::default()
        })
        .unwrap()
        .chapters_reused,
        0
    );
    f.edit(&f.path("handbook.yaml"), |t| t + "\nunknown_key: 1\n");
    f.rebuild(Change {
        config: true,
        ..Change::default()
    })
    .unwrap_err();
    f.edit(&f.path("handbook.yaml"), |t| {
        t.replace("\nunknown_key: 1\n", "")
    });
    f.rebuild(Change {
        config: true,
        ..Change::default()
    })
    .unwrap();
}

#[test]
fn a_deleted_chapter_fails_then_recovers_when_recreated() {
    let mut f = Fixture::new();
    let path = f.chapter(3);
    let text = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    f.rebuild(content()).unwrap_err();
    std::fs::write(&path, text).unwrap();
    f.rebuild(content()).unwrap();
}

#[test]
fn a_renamed_unlisted_chapter_is_a_warning_and_is_evicted() {
    let mut f = Fixture::new();
    let extra = f.path("content/99-extra.md");
    std::fs::write(&extra, "---\ntitle: Thêm\nslug: them\n---\n# Thêm\n").unwrap();
    assert!(f
        .rebuild(content())
        .unwrap()
        .diagnostics
        .iter()
        .any(|d| d.kind == "unlisted-chapter"));
    std::fs::rename(&extra, f.path("content/98-extra.md")).unwrap();
    f.rebuild(content()).unwrap();
    std::fs::remove_file(f.path("content/98-extra.md")).unwrap();
    f.rebuild(content()).unwrap();
}

#[test]
fn broken_front_matter_fails_then_recovers() {
    let mut f = Fixture::new();
    let path = f.chapter(1);
    f.edit(&path, |t| t.replacen("slug: ", "slug: [unclosed ", 1));
    let failure = f.rebuild(content()).unwrap_err();
    assert!(
        failure.diagnostics.iter().any(|d| d.kind == "front-matter"),
        "{failure:?}"
    );
    f.edit(&path, |t| t.replacen("slug: [unclosed ", "slug: ", 1));
    f.rebuild(content()).unwrap();
}

#[test]
fn a_mermaid_change_rerenders_diagrams() {
    let mut f = Fixture::new();
    std::fs::create_dir_all(f.path("mermaid")).unwrap();
    std::fs::write(f.path("mermaid/config.json"), "{}").unwrap();
    f.rebuild(Change {
        mermaid: true,
        ..Change::default()
    })
    .unwrap();
}

#[test]
fn a_burst_of_mixed_changes_equals_a_full_build() {
    let mut f = Fixture::new();
    f.edit(&f.chapter(0), |t| t + "\nA.\n");
    f.edit(&f.chapter(4), |t| t.replacen("title: ", "title: B ", 1));
    f.edit(&f.path("templates/base.html"), |t| {
        t.replace("</body>", "<!-- x --></body>")
    });
    let mut change = content();
    change.merge(&Change {
        templates: true,
        ..Change::default()
    });
    f.rebuild(change).unwrap();
}

fn assets() -> Change {
    Change {
        assets: true,
        ..Change::default()
    }
}

#[test]
fn an_image_beside_a_chapter_appears_on_save_and_goes_when_removed() {
    let mut f = Fixture::new();
    let chapter = f.chapter(1);
    f.edit(&chapter, |t| t + "\n\n![Sơ đồ mới](hinh/so-do.svg)\n");
    let outcome = f.rebuild(content()).unwrap();
    assert!(outcome
        .diagnostics
        .iter()
        .any(|d| d.kind == "missing-image"));
    let image = chapter.parent().unwrap().join("hinh/so-do.svg");
    std::fs::create_dir_all(image.parent().unwrap()).unwrap();
    std::fs::write(&image, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    let outcome = f.rebuild(assets()).unwrap();
    assert_eq!(outcome.chapters_rendered, 0, "an image renders no chapter");
    assert!(outcome
        .files
        .iter()
        .any(|f| f.path.ends_with("/hinh/so-do.svg")));
    assert!(!outcome
        .diagnostics
        .iter()
        .any(|d| d.kind == "missing-image"));
    std::fs::write(
        &image,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"9\"/>",
    )
    .unwrap();
    f.rebuild(assets()).unwrap();
    std::fs::remove_file(&image).unwrap();
    let outcome = f.rebuild(assets()).unwrap();
    assert!(!outcome
        .files
        .iter()
        .any(|f| f.path.ends_with("/hinh/so-do.svg")));
}

#[test]
fn a_preface_and_sections_in_the_config_equal_a_full_build() {
    let mut f = Fixture::new();
    std::fs::write(
        f.path("content/loi-noi-dau.md"),
        "# Lời nói đầu\n\nXin chào.\n",
    )
    .unwrap();
    std::fs::write(f.path("content/muc-mot.md"), "# Mục một\n\nMột $x^2$.\n").unwrap();
    let mut book: BookConfig =
        serde_yaml::from_slice(&std::fs::read(f.path("handbook.yaml")).unwrap()).unwrap();
    book.preface = vec!["loi-noi-dau.md".into()];
    let first = book.parts[0].chapters[0].file().to_path_buf();
    book.parts[0].chapters[0] =
        crate::config::ChapterConfig::WithSections(crate::config::ChapterWithSections {
            file: first,
            sections: vec!["muc-mot.md".into()],
        });
    std::fs::write(
        f.path("handbook.yaml"),
        serde_yaml::to_string(&book).unwrap(),
    )
    .unwrap();
    f.rebuild(Change {
        config: true,
        ..Change::default()
    })
    .unwrap();
    // A section's title comes from its heading: an edit renames it in every page's navigation.
    f.edit(&f.path("content/muc-mot.md"), |t| {
        t.replace("# Mục một", "# Mục thứ nhất")
    });
    let outcome = f.rebuild(content()).unwrap();
    assert_eq!(outcome.chapters_rendered, 1);
}

#[test]
fn math_and_callouts_equal_a_full_build() {
    let mut f = Fixture::new();
    f.edit(&f.chapter(2), |t| {
        t + "\n\n> [!NOTE]\n> Ghi chú với $\\hat{y}_{ij}$.\n\n$$\\sum_{i=1}^n x_i$$\n"
    });
    f.rebuild(content()).unwrap();
}

#[test]
fn an_unlisted_file_that_cannot_load_is_a_warning_until_it_is_listed() {
    let mut f = Fixture::new();
    std::fs::write(f.path("content/README.md"), "Ghi chú, không có tiêu đề.\n").unwrap();
    let outcome = f.rebuild(content()).unwrap();
    assert!(
        outcome
            .diagnostics
            .iter()
            .any(|d| d.kind == "unlisted-chapter" && d.path.ends_with("README.md")),
        "{:?}",
        outcome.diagnostics
    );
    let mut book: BookConfig =
        serde_yaml::from_slice(&std::fs::read(f.path("handbook.yaml")).unwrap()).unwrap();
    let chapters = &mut book.parts[0].chapters;
    chapters.push(crate::config::ChapterConfig::File("README.md".into()));
    let listed = serde_yaml::to_string(&book).unwrap();
    std::fs::write(f.path("handbook.yaml"), listed).unwrap();
    let config = Change {
        config: true,
        ..Change::default()
    };
    let failure = f.rebuild(config).unwrap_err();
    assert!(
        failure.diagnostics.iter().any(|d| d.kind == "front-matter"),
        "listed, it would be published: {failure:?}"
    );
}

#[test]
fn a_chapter_saved_with_old_mac_line_ends_equals_a_full_build() {
    let mut f = Fixture::new();
    let path = f.chapter(1);
    let before = f.rebuild(content()).unwrap().files;
    f.edit(&path, |t| t.replace("\r\n", "\n").replace('\n', "\r"));
    let after = f.rebuild(content()).unwrap().files;
    assert!(before == after, "the same site, line ends aside");
}

/// The site's search index files, by path.
fn search_files(outcome: &Outcome) -> Vec<&OutputFile> {
    let dir = format!("{}/", crate::search::encode::DIR);
    outcome
        .files
        .iter()
        .filter(|f| f.path.starts_with(&dir))
        .collect()
}

#[test]
fn a_one_chapter_edit_updates_the_search_files_it_changes() {
    let mut f = Fixture::new();
    let before = f.rebuild(content()).unwrap();
    f.edit(&f.chapter(1), |t| t + "\n\nMột từ mới: zyxwvutsr.\n");
    let outcome = f.rebuild(content()).unwrap();
    let changed: Vec<&str> = search_files(&outcome)
        .into_iter()
        .filter(|new| !search_files(&before).iter().any(|old| old == new))
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(
        outcome.search_files_changed,
        changed.len(),
        "exactly the files that changed are handed over: {changed:?}"
    );
    // A new word: its shard, the chapter's section and the manifest's sizes.
    assert_eq!(
        changed,
        [
            "assets/search/meta.js",
            "assets/search/text.js",
            "assets/search/words.js"
        ]
    );
    let text = search_files(&outcome)
        .into_iter()
        .find(|f| f.path.ends_with("text.js"))
        .unwrap();
    assert!(String::from_utf8_lossy(&text.bytes).contains("zyxwvutsr"));
}

#[test]
fn the_search_index_catches_up_after_a_failed_build() {
    let mut f = Fixture::new();
    // One chapter gains a word while another breaks the build…
    f.edit(&f.chapter(0), |t| t + "\n\nTừ lạ: qqqwwweee.\n");
    f.edit(&f.chapter(2), |t| {
        t.replacen("slug: ", "slug: [unclosed ", 1)
    });
    f.rebuild(content()).unwrap_err();
    // …and the next good build publishes both edits.
    f.edit(&f.chapter(2), |t| {
        t.replacen("slug: [unclosed ", "slug: ", 1)
    });
    f.edit(&f.chapter(3), |t| t + "\n\nMột câu khác.\n");
    let outcome = f.rebuild(content()).unwrap();
    assert!(outcome.search_files_changed > 0);
    // A template edit renders every output again: the index is published whole.
    f.edit(&f.path("templates/chapter.html"), |t| t + "\n");
    let outcome = f
        .rebuild(Change {
            templates: true,
            ..Change::default()
        })
        .unwrap();
    assert_eq!(outcome.search_files_changed, 0, "the index did not change");
}
