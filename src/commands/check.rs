//! `handbook check`: the whole pipeline without writing, as a publishing gate. Reports every
//! problem as `path:line:col: severity: message [kind]` (or a JSON array) on stdout. Exit 1
//! when it finds any problem, 2 when it cannot run (no or invalid `handbook.yaml`,
//! unreadable folders).

use std::collections::HashMap;
use std::process::ExitCode;

use super::exit::{FAILED, FOUND_PROBLEMS};
use crate::build::{BuildError, Builder};
use crate::cli::{CheckArgs, Format};
use crate::diag::Diagnostic;

/// Runs the checks and prints what they found.
pub(super) fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    // An error that stops the check still reaches tools, located, in the format they asked for.
    let stopped = |error: BuildError| -> anyhow::Result<ExitCode> {
        let diagnostic = error.diagnostic();
        print(std::slice::from_ref(&diagnostic), args.format)?;
        let path = crate::diag::escape_controls(&diagnostic.path.to_string_lossy()).into_owned();
        eprintln!("error: the check stopped at {path}; nothing else was checked");
        Ok(ExitCode::from(FAILED))
    };
    let builder = match Builder::new(&args.root.root, None) {
        Ok(builder) => builder.for_check(),
        Err(error) => return stopped(error),
    };
    let build = match builder.load() {
        Ok(build) => build,
        Err(error) => return stopped(error),
    };
    let diagnostics = crate::check::problems(&builder, &build)?;
    print(&diagnostics, args.format)?;
    Ok(if diagnostics.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FOUND_PROBLEMS)
    })
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
