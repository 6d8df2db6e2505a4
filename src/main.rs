//! The `handbook` command line: parse the flags and hand over to [`handbook::cli::run`].

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = handbook::cli::Cli::parse();
    handbook::cli::run(cli)
}
