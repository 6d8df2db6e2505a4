//! Full-build benchmark: prints the time to build the handbook, and the time for ten times
//! the content, so both the speed and the linearity can be read off. Each build is the whole
//! `handbook build` process, as an author or CI runs it, into a cold output folder.
//!
//! The series runs twice: with the sites written to disk (the temp folder), then to memory
//! (`/dev/shm`, where it exists). On disk, the file system's state weighs in: ext4 skips the
//! inodes deleted in the last 30 seconds when it makes a file, reading the inode table to find
//! them (`recently_deleted` in `perf`), so a build right after thousands of files were deleted
//! takes up to twice as long. No run's site is therefore deleted before its series ends. In
//! memory, what is left is the build's own cost.
//!
//! Run: `cargo bench --bench build`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use handbook::config::{BookConfig, ChapterConfig};
use tempfile::TempDir;

const RUNS: usize = 7;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scaled: Vec<(TempDir, &str)> = [
        (Scale::Chapters, "320 chapters"),
        (Scale::Length, "32 chapters, 10x as long"),
    ]
    .into_iter()
    .map(|(scale, label)| {
        let project = tempfile::tempdir().expect("temp dir");
        scale_project(&root, project.path(), 10, scale);
        (project, label)
    })
    .collect();
    let memory = Path::new("/dev/shm");
    let mut places = vec![("disk", std::env::temp_dir())];
    if memory.is_dir() {
        places.push(("memory", memory.to_path_buf()));
    } else {
        println!("(no /dev/shm here: the series in memory is skipped)");
    }
    for (place, folder) in places {
        let outputs = tempfile::tempdir_in(&folder).expect("output folder");
        let once = measure(&root, outputs.path());
        println!(
            "full build, handbook (32 chapters), {place}:          median {:>7.1} ms",
            ms(once)
        );
        for (project, label) in &scaled {
            let tenfold = measure(project.path(), outputs.path());
            println!(
                "full build, 10x content ({label}), {place}: median {:>7.1} ms",
                ms(tenfold)
            );
            println!(
                "  ratio 10x / 1x: {:.2} (linear = 10.0)",
                tenfold.as_secs_f64() / once.as_secs_f64()
            );
        }
    }
}

/// How to make ten times the content.
#[derive(Clone, Copy, PartialEq)]
enum Scale {
    /// Every chapter repeated as new chapters (the navigation grows too).
    Chapters,
    /// Every chapter's text repeated inside the same chapter.
    Length,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median time of a full build of `root` into a new folder of `outputs` (cold, as
/// `rm -rf public && handbook build` leaves it), whole process.
///
/// The file system is flushed (`sync`) before each run: otherwise the pages earlier runs wrote
/// are still being written back, and the kernel throttles the next run's writes, which costs
/// large sites (77–98 MB at ten times the handbook) far more than small ones and is no cost
/// of the build itself.
fn measure(root: &Path, outputs: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let out = tempfile::Builder::new()
                .tempdir_in(outputs)
                .expect("output folder")
                .keep()
                .join("public");
            // Best effort: where there is no `sync`, runs simply share the write-back.
            let _ = std::process::Command::new("sync").status();
            let started = Instant::now();
            let status = std::process::Command::new(env!("CARGO_BIN_EXE_handbook"))
                .arg("build")
                .arg("--root")
                .arg(root)
                .arg("--out")
                .arg(&out)
                .stderr(std::process::Stdio::null())
                .status()
                .expect("handbook runs");
            assert!(status.success(), "the build of {} failed", root.display());
            started.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

/// Copies the project with ten times the content, made by `scale`.
fn scale_project(root: &Path, dest: &Path, factor: usize, scale: Scale) {
    for dir in ["templates", "static", "mermaid"] {
        copy_tree(&root.join(dir), &dest.join(dir));
    }
    let text = std::fs::read_to_string(root.join("handbook.yaml")).expect("handbook.yaml");
    let mut config: BookConfig = serde_yaml::from_str(&text).expect("valid config");
    for part in &mut config.parts {
        let mut chapters = Vec::new();
        for chapter in part.chapters.iter().map(ChapterConfig::file) {
            let source =
                std::fs::read_to_string(root.join("content").join(chapter)).expect("chapter");
            if scale == Scale::Length {
                let body_start = source[4..].find("\n---\n").expect("front matter") + 9;
                let mut longer = source.clone();
                for copy in 1..factor {
                    longer += &distinct_code(&source[body_start..], copy);
                }
                write(&dest.join("content").join(chapter), &longer);
                chapters.push(ChapterConfig::File(chapter.to_path_buf()));
                continue;
            }
            for copy in 0..factor {
                let name = format!("{}-x{copy}.md", chapter.with_extension("").display());
                let slug_line = source
                    .lines()
                    .find(|l| l.starts_with("slug: "))
                    .expect("slug");
                let renamed = source.replacen(slug_line, &format!("{slug_line}-x{copy}"), 1);
                let renamed = distinct_code(&renamed, copy);
                write(&dest.join("content").join(&name), &renamed);
                chapters.push(ChapterConfig::File(PathBuf::from(name)));
            }
        }
        part.chapters = chapters;
    }
    std::fs::write(
        dest.join("handbook.yaml"),
        serde_yaml::to_string(&config).unwrap(),
    )
    .unwrap();
}

/// `text` with every line of its highlighted code blocks ending in `copy` more spaces, so that
/// each copy's code is new to the highlighter, which remembers the lines it parsed: ten times
/// the content is ten times the code to parse, as in a book that does not repeat itself.
/// Diagrams are left as they are (they come from the Mermaid cache, by their source).
fn distinct_code(text: &str, copy: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut fence: Option<(&str, bool)> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(marker)) => {
                let diagram = trimmed[marker.len()..].trim() == "mermaid";
                fence = Some((marker, !diagram));
            }
            (Some((open, _)), Some(marker)) if marker == open => fence = None,
            (Some((_, true)), _) => {
                let body = line.trim_end_matches('\n');
                out.push_str(body);
                out.push_str(&" ".repeat(copy));
                out.push_str(&line[body.len()..]);
                continue;
            }
            _ => {}
        }
        out.push_str(line);
    }
    out
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.components().any(|c| c.as_os_str() == "node_modules") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
