//! Measures the repair stage on clean text: damage it as ENCODING.md describes, repair it, and
//! count the lost bytes restored exactly; also checks that the clean text passes unchanged.
//!
//! `cargo run --release --example repair_eval -- FILE_OR_DIR... [--errors N]`
//! `--damage cp1252-replaced`, `cp1252-dropped`, `latin1-twice` or `cp1252-replaced-twice` damages
//! the text another way (see
//! `handbook::repair::Damage`); `--by-hand` leaves every fifth word as written, like a damaged
//! file partly fixed by hand.
//! `--fixes FILE` writes every fix of a lost byte as a line of tab-separated values (confidence,
//! right or wrong, the word chosen, the right word, the evidence, the alternatives), for
//! `tools/langdata/calibrate.py`.
//! With `--handbook FILE`: repairs an already damaged file and lists the least certain fixes.
//! To score the handbook itself, rebuild its proofread reading first
//! (`python3 tools/langdata/handbook_reference.py`) and pass `target/langdata/handbook-reference`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use handbook::repair::{repair, Damage};

/// The flags that take a value.
const VALUED: [&str; 4] = ["--errors", "--handbook", "--damage", "--fixes"];

/// How the clean text is damaged.
#[derive(Clone, Copy)]
struct Setup {
    how: Damage,
    /// Every fifth word is left as written.
    by_hand: bool,
    errors: usize,
}

#[derive(Default)]
struct Score {
    gaps: usize,
    restored: usize,
    clean_changed: usize,
    files_changed_when_clean: usize,
    misaligned_lines: usize,
    /// Every fix of a lost byte: its confidence and whether it was right (for the review curve).
    fixes: Vec<(f32, bool)>,
    /// Where `--fixes FILE` lists them: confidence, right (1) or wrong (0), the word chosen, the
    /// right word, its evidence (in context, alone), then each alternative and its
    /// probability (tab-separated).
    table: Option<std::io::BufWriter<std::fs::File>>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let errors = flag(&args, "--errors").map_or(40, |n| n.parse().unwrap_or(40));
    if let Some(path) = flag(&args, "--handbook") {
        return handbook(Path::new(path), errors);
    }
    let how = match flag(&args, "--damage") {
        None | Some("cp1254-dropped") => Damage::Cp1254Dropped,
        Some("cp1252-replaced") => Damage::Cp1252Replaced,
        Some("cp1252-dropped") => Damage::Cp1252Dropped,
        Some("latin1-twice") => Damage::Latin1Twice,
        Some("cp1252-replaced-twice") => Damage::Cp1252ReplacedTwice,
        Some(other) => panic!("unknown --damage {other}"),
    };
    let setup = Setup {
        how,
        by_hand: args.iter().any(|a| a == "--by-hand"),
        errors,
    };
    let files = collect(
        args.iter()
            .filter(|a| !a.starts_with("--") && !is_value(&args, a))
            .map(PathBuf::from),
    );
    let mut score = Score::default();
    if let Some(path) = flag(&args, "--fixes") {
        let file = std::fs::File::create(path).expect("cannot create the --fixes file");
        score.table = Some(std::io::BufWriter::new(file));
    }
    let mut shown = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        evaluate(f, &text, setup, &mut score, &mut shown);
    }
    let pct = 100.0 * score.restored as f64 / score.gaps.max(1) as f64;
    let counted = match how {
        Damage::Cp1254Dropped | Damage::Cp1252Dropped => "lost bytes",
        Damage::Cp1252Replaced => "replaced bytes",
        Damage::Latin1Twice | Damage::Cp1252ReplacedTwice => "non-ASCII characters",
    };
    println!(
        "{} files: {} {counted}, {} restored exactly ({pct:.3} %), {} wrong; \
         clean characters changed: {}; clean files changed by repair: {}; misaligned lines: {}",
        files.len(),
        score.gaps,
        score.restored,
        score.gaps - score.restored,
        score.clean_changed,
        score.files_changed_when_clean,
        score.misaligned_lines
    );
    if !score.fixes.is_empty() {
        print_review(&mut score.fixes);
    }
}

/// How many of the wrong fixes a reader finds by reviewing the report's least sure fixes first.
fn print_review(fixes: &mut [(f32, bool)]) {
    fixes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let wrong = fixes.iter().filter(|f| !f.1).count();
    let found = |n: usize| fixes.iter().take(n).filter(|f| !f.1).count();
    let shares = [0.01, 0.02, 0.05, 0.1, 0.2];
    let cells: Vec<String> = shares
        .iter()
        .map(|s| {
            let n = (fixes.len() as f64 * s).ceil() as usize;
            format!("{:.0} % ({n}): {}", s * 100.0, found(n))
        })
        .collect();
    let last = fixes.iter().rposition(|f| !f.1).map_or(0, |i| i + 1);
    let sure = fixes.iter().filter(|f| !f.1 && f.0 >= 0.999).count();
    println!(
        "review, least sure first: {wrong} wrong of {} fixes; found in the first {}; all by fix {last}; \
         wrong at confidence 0.999 or more: {sure}",
        fixes.len(),
        cells.join(", ")
    );
}

/// Scores each fix of a lost byte against the clean text, for the review curve.
fn review(damaged: &str, clean: &str, fixes: &[handbook::repair::Fix], score: &mut Score) {
    let (lines, want): (Vec<&str>, Vec<&str>) =
        (damaged.split('\n').collect(), clean.split('\n').collect());
    for f in fixes.iter().filter(|f| f.restored.is_some()) {
        let prefix: String = lines[f.line - 1].chars().take(f.col - 1).collect();
        let at = repaired_col(&prefix);
        let right: String = want[f.line - 1]
            .chars()
            .skip(at)
            .take(f.after.chars().count())
            .collect();
        score.fixes.push((f.confidence, right == f.after));
        if let Some(out) = score.table.as_mut() {
            let alternatives: Vec<String> = (f.alternatives.iter())
                .map(|(a, p)| format!("{a}\t{p}"))
                .collect();
            let e = f.evidence;
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{right}\t{}\t{}\t{}",
                f.confidence,
                u8::from(right == f.after),
                f.after,
                e.context,
                e.alone,
                alternatives.join("\t")
            );
        }
    }
}

fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

/// Whether `a` is the value of a `--flag VALUE` pair.
fn is_value(args: &[String], a: &String) -> bool {
    let i = args.iter().position(|x| std::ptr::eq(x, a)).unwrap_or(0);
    i > 0 && VALUED.contains(&args[i - 1].as_str())
}

fn collect(paths: impl Iterator<Item = PathBuf>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&p)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .collect();
            entries.sort();
            out.extend(collect(entries.into_iter()));
        } else {
            out.push(p);
        }
    }
    out
}

/// `text` damaged as set up, and for each of its characters whether the damage harmed it.
fn damaged(text: &str, setup: Setup) -> (String, Vec<bool>) {
    let (mut out, mut harmed) = (String::with_capacity(text.len() * 2), Vec::new());
    for (i, word) in text.split_inclusive([' ', '\n']).enumerate() {
        let kept = setup.by_hand && i % 5 == 2;
        out.push_str(&if kept {
            word.to_owned()
        } else {
            setup.how.apply(word)
        });
        harmed.extend(word.chars().map(|c| !kept && setup.how.harms(c)));
    }
    (out, harmed)
}

fn evaluate(path: &Path, text: &str, setup: Setup, score: &mut Score, shown: &mut usize) {
    if repair(text).text != text {
        score.files_changed_when_clean += 1;
        println!("CLEAN TEXT CHANGED: {}", path.display());
    }
    let (damaged, harmed) = damaged(text, setup);
    let r = repair(&damaged);
    let repaired = r.text.into_owned();
    // Columns of fixes map to the clean text only where each character read back is one byte.
    if setup.how == Damage::Cp1254Dropped && !setup.by_hand {
        review(&damaged, text, &r.fixes, score);
    }
    let mut harmed = harmed.into_iter();
    for (n, (want, got)) in text.split('\n').zip(repaired.split('\n')).enumerate() {
        let (w, g): (Vec<char>, Vec<char>) = (want.chars().collect(), got.chars().collect());
        // The line's characters, then its newline.
        let hurt: Vec<bool> = harmed.by_ref().take(w.len() + 1).collect();
        score.gaps += hurt.iter().filter(|&&h| h).count();
        if w.len() != g.len() {
            score.misaligned_lines += 1;
            println!(
                "{}:{}: MISALIGNED\n  want {want}\n  got  {got}",
                path.display(),
                n + 1
            );
            continue;
        }
        for (i, (a, b)) in w.iter().zip(&g).enumerate() {
            match (hurt[i], a == b) {
                (true, true) => score.restored += 1,
                (false, false) => score.clean_changed += 1,
                _ => {}
            }
            if a != b && *shown < setup.errors {
                *shown += 1;
                let ctx = |v: &[char]| {
                    v[i.saturating_sub(30)..(i + 30).min(v.len())]
                        .iter()
                        .collect::<String>()
                };
                println!(
                    "{}:{}:{}: want {a:?} got {b:?}\n  want …{}…\n  got  …{}…",
                    path.display(),
                    n + 1,
                    i + 1,
                    ctx(&w),
                    ctx(&g)
                );
            }
        }
    }
}

fn handbook(path: &Path, errors: usize) {
    let text = std::fs::read_to_string(path).expect("read the handbook");
    let r = repair(&text);
    let gaps: Vec<_> = r.fixes.iter().filter(|f| f.restored.is_some()).collect();
    let still = r.text.chars().filter(|&c| c == '\u{FFFD}').count();
    println!(
        "{}: {} fixes, {} restored bytes, {} U+FFFD left",
        path.display(),
        r.fixes.len(),
        gaps.len(),
        still
    );
    let mut sorted = gaps.clone();
    sorted.sort_by(|a, b| a.confidence.total_cmp(&b.confidence));
    for (k, t) in [0.5f32, 0.8, 0.9, 0.99]
        .iter()
        .map(|t| (t, sorted.iter().filter(|f| f.confidence < *t).count()))
    {
        println!("  confidence < {k}: {t}");
    }
    let repaired: Vec<&str> = r.text.split('\n').collect();
    for f in sorted.iter().take(errors) {
        let at = repaired_col(
            &text
                .split('\n')
                .nth(f.line - 1)
                .unwrap_or("")
                .chars()
                .take(f.col - 1)
                .collect::<String>(),
        );
        let line: Vec<char> = repaired[f.line - 1].chars().collect();
        let ctx = |a: usize, b: usize| {
            line[a.min(line.len())..b.min(line.len())]
                .iter()
                .collect::<String>()
        };
        let alts: Vec<String> = f
            .alternatives
            .iter()
            .map(|(a, p)| format!("{a} {p:.2}"))
            .collect();
        println!(
            "{}:{}: {:.3} {} | …{}[{}]{}… | {}",
            f.line,
            f.col,
            f.confidence,
            f.after,
            ctx(at.saturating_sub(40), at),
            f.after,
            ctx(
                at + f.after.chars().count(),
                at + f.after.chars().count() + 40
            ),
            alts.join(", ")
        );
    }
}

/// The length in characters of the repaired form of a damaged prefix: one per UTF-8 lead byte.
fn repaired_col(prefix: &str) -> usize {
    prefix
        .chars()
        .filter(|&c| c.is_ascii() || ('\u{C0}'..='\u{FF}').contains(&c) || "ĞİŞğış".contains(c))
        .count()
}
