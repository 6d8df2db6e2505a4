//! A small project in a temp folder, built and checked by the real binary.
//!
//! Layout: `<tmp>/book/` is the project root (real templates/ and static/, a two-chapter
//! handbook.yaml and content/), `<tmp>/public/` is where [`Fixture::build`] writes. Keeping the
//! project one level down means even `--out ..` stays inside the temp folder.

use std::path::{Path, PathBuf};

use super::{handbook, project_root};

/// What one run of the binary printed, and how it ended.
#[derive(Debug, Clone)]
pub struct Output {
    /// The exit code (-1 if killed by a signal).
    pub code: i32,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

impl Output {
    /// Panics with stderr unless the run succeeded.
    pub fn assert_success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success, got exit {}:\n{}",
            self.code, self.stderr
        );
        self
    }

    /// Panics with stderr unless the run failed.
    pub fn assert_failure(&self) -> &Self {
        assert_ne!(
            self.code, 0,
            "expected failure, got success:\n{}",
            self.stderr
        );
        self
    }
}

/// A project in a temp folder, removed when dropped.
pub struct Fixture {
    dir: tempfile::TempDir,
    root: PathBuf,
}

/// The subcommands that take `--root`.
const ROOTED: [&str; 4] = ["build", "check", "serve", "import"];

impl Fixture {
    /// A project with the real templates and assets and two small chapters; it builds clean.
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("handbook-fixture-")
            .tempdir()
            .expect("temp dir");
        let root = dir.path().join("book");
        for folder in ["templates", "static", "mermaid"] {
            let from = project_root().join(folder);
            if from.is_dir() {
                copy_dir(&from, &root.join(folder));
            }
        }
        let fixture = Self { dir, root };
        fixture.write("handbook.yaml", DEFAULT_CONFIG);
        fixture.chapter("01-mot/01-mo-dau.md", "Mở đầu", "01-mo-dau", DEFAULT_BODY_1);
        fixture.chapter(
            "01-mot/02-dong-bo.md",
            "Đồng bộ hóa",
            "02-dong-bo",
            DEFAULT_BODY_2,
        );
        fixture
    }

    /// The project root (`<tmp>/book`).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temp folder holding the project (`<tmp>`).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes any file of the project (relative to the root), creating its folders.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    /// Writes raw bytes, for encoding tests.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).expect("create folders");
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        self
    }

    /// Reads a file of the project.
    pub fn read(&self, rel: &str) -> String {
        let path = self.root.join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Writes `content/<rel>` with front matter and lists it in the first part of
    /// handbook.yaml unless some part lists it already.
    pub fn chapter(&self, rel: &str, title: &str, slug: &str, body: &str) -> &Self {
        let text = format!(
            "---\ntitle: {}\nslug: {slug}\n---\n\n{body}",
            yaml_string(title)
        );
        self.write(&format!("content/{rel}"), &text);
        self.list_chapter(rel)
    }

    fn list_chapter(&self, rel: &str) -> &Self {
        let mut config: serde_yaml::Value =
            serde_yaml::from_str(&self.read("handbook.yaml")).expect("handbook.yaml");
        let parts = config["parts"]
            .as_sequence_mut()
            .expect("handbook.yaml has parts");
        let listed = parts.iter().any(|p| {
            p["chapters"]
                .as_sequence()
                .is_some_and(|c| c.iter().any(|c| c.as_str() == Some(rel)))
        });
        if !listed {
            let chapters = parts[0]["chapters"]
                .as_sequence_mut()
                .expect("the first part has chapters");
            chapters.push(rel.into());
            self.write("handbook.yaml", &serde_yaml::to_string(&config).unwrap());
        }
        self
    }

    /// Runs the real binary in the project folder; adds `--root <root>` to the subcommands
    /// that take it unless `args` has one.
    pub fn run(&self, args: &[&str]) -> Output {
        let mut command = handbook();
        command.current_dir(&self.root).args(args);
        if args.first().is_some_and(|a| ROOTED.contains(a)) && !args.contains(&"--root") {
            command.arg("--root").arg(&self.root);
        }
        let output = command.output().expect("cannot run the handbook binary");
        Output {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Where [`Fixture::build`] writes: `<tmp>/public`.
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Builds into `<tmp>/public`.
    pub fn build(&self) -> (Output, PathBuf) {
        let out = self.out();
        let output = self.run(&["build", "--out", out.to_str().unwrap()]);
        (output, out)
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Self::new()
    }
}

/// Copies a folder tree; a `node_modules` folder is linked, not copied (it is large and read-only here).
pub fn copy_dir(from: &Path, to: &Path) {
    let mut walk = walkdir::WalkDir::new(from).into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_name() == "node_modules" && entry.file_type().is_dir() {
            std::os::unix::fs::symlink(entry.path(), &target).expect("link node_modules");
            walk.skip_current_dir();
        } else if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        }
    }
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

const DEFAULT_CONFIG: &str = "\
title: Sổ tay thử nghiệm
subtitle: Một cuốn sách nhỏ để kiểm thử
edition: Bản thử 2025
language: vi
parts:
- number: I
  title: Phần một
  chapters: []
";

const DEFAULT_BODY_1: &str = "\
## Giới thiệu

Đây là chương đầu tiên. Xem [chương sau](02-dong-bo.md#khoa).

### Chi tiết

Một đoạn văn ngắn.
";

const DEFAULT_BODY_2: &str = "\
## Khóa {#khoa}

Khóa (lock) bảo vệ dữ liệu dùng chung.

## Đồng bộ hóa

```python
import threading
lock = threading.Lock()
```
";
