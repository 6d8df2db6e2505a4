//! `handbook check`: the whole pipeline without writing, as a publishing gate.
//!
//! Reports every problem as `path:line:col: message` (or JSON): broken links and anchors,
//! missing images, malformed URLs, mojibake, unknown code languages, front-matter problems,
//! duplicate slugs, chapters missing from or unknown to the configuration. Exit 1 when it
//! finds any problem, 2 when it cannot run at all.

use std::process::ExitCode;

use crate::build::Builder;
use crate::cli::{CheckArgs, Format};
use crate::diag::Diagnostic;
use crate::site::Site;

/// Every problem in the project, sorted by path and line.
pub fn check(builder: &Builder) -> anyhow::Result<Vec<Diagnostic>> {
    let build = builder.load()?;
    let mut diagnostics = build.diagnostics;
    diagnostics.extend(code_languages(builder, &build.site));
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(diagnostics)
}

/// Code blocks whose language no grammar knows are shown unhighlighted: worth a warning.
fn code_languages(builder: &Builder, site: &Site) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for page in &site.pages {
        for block in &page.chapter.rendered.code_blocks {
            if block.lang != "mermaid" && !builder.highlighter.knows(&block.lang) {
                let message = format!("unknown code language `{}`: the block is shown without highlighting", block.lang);
                diagnostics.push(Diagnostic::warning(&page.chapter.doc.display_path, block.line, 1, "unknown-language", message));
            }
        }
    }
    diagnostics
}

/// `handbook check`.
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let builder = Builder::new(&args.root.root, None)?;
    let diagnostics = check(&builder)?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&diagnostics)?),
        Format::Text => {
            for d in &diagnostics {
                println!("{d}");
            }
            eprintln!("{} problem(s) found", diagnostics.len());
        }
    }
    Ok(if diagnostics.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
