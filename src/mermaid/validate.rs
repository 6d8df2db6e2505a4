//! Checking diagrams with the official Mermaid parser, for `handbook check` and the tests.
//!
//! Input: the book's diagrams as [`DiagramRef`]s. Output: one [`Diagnostic`] per diagram the
//! parser rejects, at the line the parser names (`content/a.md:85:44: error: Mermaid parse
//! error: …`). The parser is the vendored library run by `node mermaid/validate.mjs` in jsdom,
//! one process for the whole book (about two seconds).
//!
//! Without node or `mermaid/node_modules`, a diagram that has a pre-rendered SVG needs no
//! check (the official library drew it); any other gets a warning that it was not validated.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::cache::Cache;
use crate::diag::Diagnostic;
use crate::project::Folder;

/// One diagram to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiagramRef {
    /// The file as diagnostics show it (`content/…md`).
    pub path: PathBuf,
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The diagram's source, between the fences.
    pub source: String,
}

#[derive(Deserialize)]
struct Report {
    results: Vec<Verdict>,
}

/// The parser's verdict on one diagram.
#[derive(Deserialize)]
struct Verdict {
    path: PathBuf,
    ok: bool,
    #[serde(default)]
    error_line: usize,
    #[serde(default)]
    col: usize,
    #[serde(default)]
    message: String,
}

/// Checks `diagrams` with the parser of the project at `root`. Errs only when the validator
/// itself breaks (it crashed or printed something unreadable).
pub fn validate(root: &Path, diagrams: &[DiagramRef]) -> anyhow::Result<Vec<Diagnostic>> {
    if diagrams.is_empty() {
        return Ok(Vec::new());
    }
    match validator_available(root) {
        Ok(()) => run(root, diagrams),
        Err(reason) => Ok(unvalidated(root, diagrams, &reason)),
    }
}

/// `Ok` when node and `mermaid/node_modules` are there to run `mermaid/validate.mjs`;
/// otherwise what is missing.
pub fn validator_available(root: &Path) -> Result<(), String> {
    let dir = Folder::Mermaid.under(root);
    if !dir.join("validate.mjs").is_file() || !dir.join("vendor/mermaid.min.js").is_file() {
        return Err(format!(
            "{} has no validate.mjs and vendor/mermaid.min.js",
            dir.display()
        ));
    }
    if !dir.join("node_modules/jsdom").is_dir() {
        return Err(format!(
            "its tools are not installed: run `npm ci --prefix {}`",
            dir.display()
        ));
    }
    match Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(status) if status.success() => Ok(()),
        _ => Err("`node` (Node.js 20 or later) was not found".to_owned()),
    }
}

fn run(root: &Path, diagrams: &[DiagramRef]) -> anyhow::Result<Vec<Diagnostic>> {
    let script = Folder::Mermaid.under(root).join("validate.mjs");
    let mut child = Command::new("node")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run node {}", script.display()))?;
    let input = serde_json::to_vec(diagrams)?;
    let mut stdin = child
        .stdin
        .take()
        .context("no stdin for the Mermaid validator")?;
    // Write from a thread: the validator may start answering before it has read everything.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .with_context(|| format!("{} did not finish", script.display()))?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("writing to the Mermaid validator panicked"))??;
    if !output.status.success() {
        anyhow::bail!(
            "{} failed ({}): {}",
            script.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let report: Report = serde_json::from_slice(&output.stdout).with_context(|| {
        format!(
            "{} printed something that is not its JSON report",
            script.display()
        )
    })?;
    Ok(report
        .results
        .into_iter()
        .filter(|r| !r.ok)
        .map(|r| Diagnostic::error(r.path, r.error_line, r.col, "mermaid", r.message))
        .collect())
}

/// Warnings for the diagrams that the validator would have checked and no cached SVG vouches for.
fn unvalidated(root: &Path, diagrams: &[DiagramRef], reason: &str) -> Vec<Diagnostic> {
    let cache = Cache::load(&Folder::Mermaid.under(root).join("cache"));
    diagrams
        .iter()
        .filter(|d| !cache.contains_source(&d.source))
        .map(|d| {
            let message = format!("Mermaid diagram not validated: {reason}");
            Diagnostic::warning(&d.path, d.line, 1, "mermaid-unvalidated", message)
        })
        .collect()
}
