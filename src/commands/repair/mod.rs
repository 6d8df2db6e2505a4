//! `handbook repair`: print repaired files to stdout, or rewrite them in place (`--write`,
//! atomically: a temporary file in the same folder, then a rename), or only say which are damaged
//! (`--check`, exit code 1: every place [`damaged_places`] finds, the same places `handbook check`
//! reports), and list the changes on stderr (`--report`, `--json`; `--below` keeps the ones worth
//! proofreading).
//!
//! A folder stands for every Markdown file under it (`handbook repair --write content/`), and `-`
//! for standard input (`curl … | handbook repair -`). A file that cannot be read or is not UTF-8
//! is reported with its path (and line:col) and skipped; the others are still processed, and the
//! exit code is then 2.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};

mod report;

use crate::cli::RepairArgs;
use crate::repair::{damaged_places, repair, Fix, Place, PlaceKind};
pub use report::placed;
use report::{Located, Placed};

/// The changes made to one file, and (for the report) where each stands in the repaired text.
struct Changes {
    path: PathBuf,
    fixes: Vec<Fix>,
    placed: Vec<Placed>,
    rewritten: bool,
    /// For `--check`: every damaged place, and how many of them the repair restores.
    damaged: Vec<Place>,
}

/// What becomes of a repaired text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    /// Printed to stdout.
    Print,
    /// Written over its file, if it changed.
    Write,
    /// Neither: the file is only named if it needs repair.
    Check,
}

/// The path that stands for standard input.
const STDIN: &str = "-";

/// Runs `handbook repair`.
pub fn run(args: &RepairArgs) -> Result<ExitCode> {
    if args.write && args.files.iter().any(|p| p.as_os_str() == STDIN) {
        anyhow::bail!(
            "--write rewrites files in place; standard input (`-`) has no place to write to"
        );
    }
    let output = match (args.write, args.check) {
        (true, _) => Output::Write,
        (false, true) => Output::Check,
        (false, false) => Output::Print,
    };
    let mut all: Vec<Changes> = Vec::new();
    let mut failed = false;
    let mut files = Vec::new();
    for path in &args.files {
        if let Err(e) = expand(path, &mut files) {
            failed = true;
            eprintln!("error: {e:#}");
        }
    }
    for path in &files {
        match repair_file(path, output, args.report) {
            Ok(changes) => all.push(changes),
            Err(e) => {
                failed = true;
                eprintln!("error: {e:#}");
            }
        }
    }
    if args.report {
        print_report(&all, args.json, args.below)?;
    }
    let damaged = all.iter().any(|c| !c.damaged.is_empty());
    for c in all.iter().filter(|c| !c.damaged.is_empty()) {
        print_damaged(&c.path, &c.damaged);
    }
    Ok(match (failed, output == Output::Check && damaged) {
        (true, _) => ExitCode::from(2),
        (false, true) => ExitCode::from(1),
        (false, false) => ExitCode::SUCCESS,
    })
}

/// Adds `path` to `files`, or, for a folder, every Markdown file under it in name order.
fn expand(path: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    if path.as_os_str() == STDIN || !path.is_dir() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
        let entry = entry.with_context(|| format!("{}: cannot list", path.display()))?;
        if entry.file_type().is_file() && crate::source::is_markdown(entry.path()) {
            files.push(entry.into_path());
        }
    }
    Ok(())
}

/// Repairs one file, and prints it, rewrites it if it changed, or neither (`output`). Where each
/// change stands in the repaired text, and the words around it, are worked out only for a
/// `report`.
fn repair_file(path: &Path, output: Output, report: bool) -> Result<Changes> {
    let (path, bytes) = read(path)?;
    let path = path.as_path();
    let text = decode(path, &bytes)?;
    let repaired = repair(text);
    match output {
        Output::Write if !repaired.fixes.is_empty() => {
            write_atomically(path, repaired.text.as_bytes())?;
        }
        Output::Print => std::io::stdout()
            .lock()
            .write_all(repaired.text.as_bytes())
            .context("cannot write to stdout")?,
        Output::Write | Output::Check => {}
    }
    let placed = match report {
        true => report::placed(&repaired.text, &repaired.fixes),
        false => Vec::new(),
    };
    let damaged = match output {
        Output::Check => damaged_places(text, &repaired),
        Output::Print | Output::Write => Vec::new(),
    };
    Ok(Changes {
        path: path.to_path_buf(),
        fixes: repaired.fixes,
        placed,
        rewritten: output == Output::Write,
        damaged,
    })
}

/// The bytes of the file at `path`, or of standard input for `-`, with the name to report them
/// under.
fn read(path: &Path) -> Result<(PathBuf, Vec<u8>)> {
    if path.as_os_str() != STDIN {
        let bytes =
            std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
        return Ok((path.to_path_buf(), bytes));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
        .context("<stdin>: cannot read")?;
    Ok((PathBuf::from("<stdin>"), bytes))
}

/// The text of `bytes`, or an error naming the file and the line:col of the first invalid byte.
fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
        let line = valid.matches('\n').count() + 1;
        let col = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let bad = bytes[e.valid_up_to()];
        anyhow::anyhow!(
            "{}:{line}:{col}: invalid UTF-8 (byte 0x{bad:02X}); the repair reads UTF-8 text only",
            path.display()
        )
    })
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("{}: cannot write", tmp.path().display()))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path)
        .with_context(|| format!("{}: cannot replace", path.display()))?;
    Ok(())
}

/// Lists the changes on stderr, least sure first (only those below `below`, if given), then, in
/// text, how many were listed.
fn print_report(all: &[Changes], json: bool, below: Option<f32>) -> Result<()> {
    let mut located: Vec<Located<'_>> = all
        .iter()
        .flat_map(|c| {
            (c.fixes.iter().zip(&c.placed)).map(|(fix, placed)| Located {
                path: &c.path,
                fix,
                placed,
                rewritten: c.rewritten,
            })
        })
        .collect();
    let total = located.len();
    located.retain(|l| below.is_none_or(|b| l.fix.confidence < b));
    report::sort(&mut located);
    let mut err = std::io::stderr().lock();
    if json {
        serde_json::to_writer_pretty(&mut err, &report::json(&located))?;
        writeln!(err)?;
        return Ok(());
    }
    for l in &located {
        writeln!(err, "{}", report::text(*l))?;
    }
    match below {
        Some(b) => writeln!(
            err,
            "{} of {} {} less sure than {b}",
            located.len(),
            changes(total),
            if total == 1 { "is" } else { "are" }
        )?,
        None => writeln!(err, "{}", changes(total))?,
    }
    Ok(())
}

/// For `--check`: names a damaged file, with how many places the repair restores, then each
/// place it cannot restore.
fn print_damaged(path: &Path, damaged: &[Place]) {
    let path = path.display();
    let restored = damaged
        .iter()
        .filter(|p| matches!(p.kind, PlaceKind::Repaired { .. }))
        .count();
    if restored > 0 {
        eprintln!(
            "{path}: needs repair ({}); `handbook repair --write {path}` makes them",
            changes(restored)
        );
    }
    for p in damaged {
        if !matches!(p.kind, PlaceKind::Repaired { .. }) {
            eprintln!("{path}:{}:{}: {}", p.line, p.col, p.message());
        }
    }
}

/// "1 change", "2 changes".
fn changes(n: usize) -> String {
    format!("{n} change{}", if n == 1 { "" } else { "s" })
}
