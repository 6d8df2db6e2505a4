//! `handbook serve`: the authors' live preview (see [`crate::serve`]).

use std::process::ExitCode;

use crate::cli::ServeArgs;
use crate::serve::{self, Settings};

/// Serves the project until interrupted.
pub(super) fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    serve::run(&Settings {
        root: args.root.root.clone(),
        host: args.host.clone(),
        port: args.port,
        open: args.open,
        base_path: args.base_path.clone(),
        poll: args.poll,
    })?;
    Ok(ExitCode::SUCCESS)
}
