//! Full-build benchmark: prints the time to build the handbook, and the time for ten times
//! the content, so both the speed and the linearity can be read off.
//!
//! Run: `cargo bench --bench build`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use handbook::build::Builder;
use handbook::config::BookConfig;

const RUNS: usize = 7;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let once = measure(&root);
    let scaled = tempfile::tempdir().expect("temp dir");
    scale_project(&root, scaled.path(), 10);
    let tenfold = measure(scaled.path());
    println!(
        "full build, handbook (32 chapters):  median {:>7.1} ms",
        ms(once)
    );
    println!(
        "full build, 10x content (320 files): median {:>7.1} ms",
        ms(tenfold)
    );
    println!(
        "ratio 10x / 1x: {:.2} (linear = 10.0)",
        tenfold.as_secs_f64() / once.as_secs_f64()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median wall time of a complete build (load, render, write) of the project at `root`.
fn measure(root: &Path) -> Duration {
    let out = tempfile::tempdir().expect("temp dir");
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let builder = Builder::new(root, None).expect("project loads");
            let build = builder.load().expect("content loads");
            let files = builder.render_site(&build.site).expect("site renders");
            handbook::output::write_site(&out.path().join("public"), &files)
                .expect("site is written");
            started.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

/// Copies the project with every chapter repeated `factor` times (new slugs, same text).
fn scale_project(root: &Path, dest: &Path, factor: usize) {
    for dir in ["templates", "static", "mermaid"] {
        copy_tree(&root.join(dir), &dest.join(dir));
    }
    let text = std::fs::read_to_string(root.join("handbook.yaml")).expect("handbook.yaml");
    let mut config: BookConfig = serde_yaml::from_str(&text).expect("valid config");
    for part in &mut config.parts {
        let mut chapters = Vec::new();
        for copy in 0..factor {
            for chapter in &part.chapters {
                let source =
                    std::fs::read_to_string(root.join("content").join(chapter)).expect("chapter");
                let name = format!("{}-x{copy}.md", chapter.with_extension("").display());
                let slug_line = source
                    .lines()
                    .find(|l| l.starts_with("slug: "))
                    .expect("slug");
                let renamed = source.replacen(slug_line, &format!("{slug_line}-x{copy}"), 1);
                let path = dest.join("content").join(&name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, renamed).unwrap();
                chapters.push(PathBuf::from(name));
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
