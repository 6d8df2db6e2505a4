//! `handbook serve`: the authors' preview server.

use std::process::ExitCode;

use crate::cli::ServeArgs;

/// `handbook serve`.
pub fn run(_args: &ServeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`handbook serve` is not available yet")
}
