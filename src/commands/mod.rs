//! The commands, one module each: what runs when the command line names it, and the exit code
//! it ends with. Only this module and `main` know the command line ([`crate::cli`]).
//!
//! Exit codes: 0 success, 1 `check` (or `repair --check`) found problems, 2 an error stopped
//! the command.

mod build;
mod check;
mod exit;
mod import;
mod init;
pub mod repair;
mod serve;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use exit::FAILED;

/// Runs the parsed command and turns its result into an exit code; an error is printed with
/// its whole chain of causes.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Repair(args) => repair::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Init(args) => init::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            // Paths in errors come from the project's files: shown with control characters escaped.
            let shown = |text: String| crate::diag::escape_controls(&text).into_owned();
            eprintln!("error: {}", shown(error.to_string()));
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {}", shown(cause.to_string()));
            }
            ExitCode::from(FAILED)
        }
    }
}
