//! `handbook check`: the whole pipeline without writing, as a publishing gate. Reports every
//! problem as `path:line:col: severity: message [kind]` (or a JSON array) on stdout. Exit 1
//! when it finds any problem, 2 when it cannot run (no or invalid `handbook.yaml`,
//! unreadable folders).

use std::collections::HashMap;
use std::process::ExitCode;

use super::exit::{FAILED, FOUND_PROBLEMS};
use crate::build::{BuildError, Builder};
use crate::cli::{CheckArgs, Format};
use crate::config::ConfigError;
use crate::diag::Diagnostic;
use crate::project::CONFIG_FILE;

/// Runs the checks and prints what they found.
pub(super) fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let builder = match Builder::new(&args.root.root, None) {
        Ok(builder) => builder.for_check(),
        // A configuration that does not parse stops the check, but tools still get its
        // location in the format they asked for.
        Err(error @ BuildError::Config(ConfigError::Invalid(_))) => {
            print(&[error.diagnostic()], args.format)?;
            eprintln!("error: {CONFIG_FILE} is invalid; nothing else was checked");
            return Ok(ExitCode::from(FAILED));
        }
        Err(error) => return Err(error.into()),
    };
    let build = builder.load()?;
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
