//! `handbook check`: the whole pipeline without writing, as a publishing gate.
//!
//! Runs [`Builder::load`] (stages 1–6 and the link checks of [`crate::links`]), looks for
//! mojibake (`mojibake.rs`), then renders the site in memory and checks what the templates and
//! stylesheets refer to (`assets.rs`). Nothing is written. Reports every problem as
//! `path:line:col: severity: message [kind]` (or a JSON array): broken links and anchors
//! (`broken-link`, `broken-anchor`), missing images and assets (`missing-image`,
//! `missing-asset`), malformed URLs (`malformed-link`), remaining mojibake (`mojibake`),
//! unknown code languages (`unknown-language`), front-matter problems (`front-matter`),
//! duplicate slugs (`duplicate-slug`), chapters missing from or unknown to `handbook.yaml`
//! (`unlisted-chapter`, `missing-chapter`), template errors (`template`). Exit 1 when it finds
//! any problem, 2 when it cannot run (no or invalid `handbook.yaml`, unreadable folders).

mod assets;
mod mojibake;

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use crate::build::Builder;
use crate::cli::{CheckArgs, Format};
use crate::config::{ConfigError, CONFIG_FILE};
use crate::diag::Diagnostic;
use crate::site::Site;

/// Every problem in the project, sorted by path and position.
pub fn check(builder: &Builder) -> anyhow::Result<Vec<Diagnostic>> {
    let build = builder.load()?;
    let mut diagnostics: Vec<Diagnostic> = build
        .diagnostics
        .into_iter()
        // `load` sums mojibake up once per file; `check` reports every place, below.
        .filter(|d| d.kind != "mojibake")
        .map(|d| locate(&builder.config.root, d))
        .collect();
    diagnostics.extend(mojibake::check(builder, &build.repairs)?);
    diagnostics.extend(code_languages(builder, &build.site));
    diagnostics.extend(crate::mermaid::check(&builder.config.root, &build.site)?);
    diagnostics.extend(assets::rendered(builder, &build.site)?);
    diagnostics.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.kind.cmp(b.kind))
    });
    diagnostics.dedup();
    Ok(diagnostics)
}

/// Gives a line to diagnostics that stages report for a whole file or at a guessed line.
fn locate(root: &Path, mut d: Diagnostic) -> Diagnostic {
    let needle = match d.kind {
        // "the configuration lists `x.md`, …": the line of `x.md` in handbook.yaml.
        "missing-chapter" => d.message.split('`').nth(1).map(str::to_owned),
        "duplicate-slug" => Some("slug:".to_owned()),
        _ => None,
    };
    let Some(needle) = needle else { return d };
    let Ok(text) = std::fs::read_to_string(root.join(&d.path)) else {
        return d;
    };
    let found = text.lines().enumerate().find_map(|(i, line)| {
        line.find(&needle)
            .map(|at| (i + 1, line[..at].chars().count() + 1))
    });
    if let Some((line, col)) = found {
        (d.line, d.col) = (line, col);
    }
    d
}

/// Code blocks whose language no grammar knows are shown unhighlighted: worth a warning.
fn code_languages(builder: &Builder, site: &Site) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for page in &site.pages {
        for block in &page.chapter.rendered.code_blocks {
            if block.lang != "mermaid" && !builder.highlighter.knows(&block.lang) {
                let message = format!(
                    "unknown code language `{}`: the block is shown without highlighting",
                    block.lang
                );
                diagnostics.push(Diagnostic::warning(
                    &page.chapter.doc.display_path,
                    block.line,
                    4,
                    "unknown-language",
                    message,
                ));
            }
        }
    }
    diagnostics
}

/// Prints `diagnostics` in `format` on stdout (and a count on stderr for people).
fn print(diagnostics: &[Diagnostic], format: Format) -> anyhow::Result<()> {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(diagnostics)?),
        Format::Text => {
            for d in diagnostics {
                println!("{d}");
            }
            let by_kind = diagnostics
                .iter()
                .fold(HashMap::<&str, usize>::new(), |mut m, d| {
                    *m.entry(d.kind).or_default() += 1;
                    m
                });
            let mut kinds: Vec<_> = by_kind
                .into_iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
            kinds.sort();
            match diagnostics.len() {
                0 => eprintln!("no problems found"),
                n => eprintln!("{n} problem(s) found: {}", kinds.join(", ")),
            }
        }
    }
    Ok(())
}

/// `handbook check`.
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let builder = match Builder::new(&args.root.root, None) {
        Ok(builder) => builder,
        Err(error) => {
            // A configuration that does not parse stops the check (exit 2), but tools still get
            // its location in the format they asked for.
            if let Some(ConfigError::Invalid(d)) = error.downcast_ref::<ConfigError>() {
                print(std::slice::from_ref(d), args.format)?;
                eprintln!("error: {CONFIG_FILE} is invalid; nothing else was checked");
                return Ok(ExitCode::from(2));
            }
            return Err(error);
        }
    };
    let diagnostics = check(&builder)?;
    print(&diagnostics, args.format)?;
    Ok(if diagnostics.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
