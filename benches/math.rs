//! What formulas cost: a 30-page book with 300 formulas (inline and display, from the corpus of
//! machine-learning formulas in tests/fixtures/author/formulas.tex), built against the same
//! book with every formula replaced by a word. The two are built in alternating rounds; the
//! figure is the ratio of the median build times (the goal: at most 1.20).
//!
//! Run: `cargo bench --bench math`.

use std::path::Path;
use std::time::{Duration, Instant};

use handbook::build::Builder;

const PAGES: usize = 30;
const FORMULAS_PER_PAGE: usize = 10;
const ROUNDS: usize = 15;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::fs::read_to_string(root.join("tests/fixtures/author/formulas.tex"))
        .expect("the formula corpus");
    let supported = corpus.split("# Not converted").next().unwrap_or_default();
    let formulas: Vec<&str> = supported
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    let with = tempfile::tempdir().expect("temp dir");
    let without = tempfile::tempdir().expect("temp dir");
    write_book(with.path(), &formulas, true);
    write_book(without.path(), &formulas, false);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        a.push(build(with.path()));
        b.push(build(without.path()));
    }
    let (a, b) = (median(a), median(b));
    let count = PAGES * FORMULAS_PER_PAGE;
    println!(
        "book of {PAGES} pages with {count} formulas: median {:>7.1} ms",
        ms(a)
    );
    println!(
        "the same book without them:          median {:>7.1} ms",
        ms(b)
    );
    println!(
        "  ratio: {:.3} (goal: at most 1.20); {:.1} µs per formula",
        a.as_secs_f64() / b.as_secs_f64(),
        (a.as_secs_f64() - b.as_secs_f64()) / count as f64 * 1e6
    );
}

/// A book of [`PAGES`] chapters of Vietnamese prose, each with [`FORMULAS_PER_PAGE`] formulas
/// (every third one on its own line), or the word "công thức" in their place.
fn write_book(dir: &Path, formulas: &[&str], with_formulas: bool) {
    let mut chapters = String::new();
    for page in 0..PAGES {
        let file = format!("{:02}-chuong.md", page + 1);
        chapters.push_str(&format!("      - {file}\n"));
        let mut text = format!("# Chương thử {}\n\n", page + 1);
        for k in 0..FORMULAS_PER_PAGE {
            let formula = formulas[(page * FORMULAS_PER_PAGE + k) % formulas.len()];
            let shown = match (with_formulas, k % 3) {
                (false, _) => "công thức".to_owned(),
                (true, 2) => format!("\n\n$${formula}$$\n\n"),
                (true, _) => format!("${formula}$"),
            };
            text.push_str(&format!(
                "## Mục {k}\n\n{PROSE} Ta có {shown} với mọi mẫu.\n\n{PROSE}\n\n"
            ));
        }
        write(&dir.join("content").join(file), &text);
    }
    let config = format!(
        "title: Sách thử công thức\nlanguage: vi\nparts:\n  - title: Một\n    chapters:\n{chapters}"
    );
    write(&dir.join("handbook.yaml"), &config);
}

const PROSE: &str = "Mô hình học từ dữ liệu bằng cách cực tiểu hóa một hàm mất mát trên tập huấn luyện, \
rồi được đánh giá trên một tập kiểm tra mà nó chưa từng thấy. Tốc độ học quá lớn làm thuật toán \
dao động quanh cực tiểu, còn quá nhỏ thì hội tụ chậm; chuẩn hóa đặc trưng giúp các trục có cùng thang đo.";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The wall time of one complete build (load, render, write) of the book at `root`.
fn build(root: &Path) -> Duration {
    let out = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let builder = Builder::new(root, None).expect("the book loads");
    let build = builder.load().expect("content loads");
    assert_eq!(build.errors(), 0, "{:?}", build.diagnostics);
    builder
        .write_site(&build, &out.path().join("public"))
        .expect("the site is written");
    started.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
