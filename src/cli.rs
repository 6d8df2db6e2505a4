//! The command line as clap parses it: flags and their help, and nothing else.
//!
//! This module imports nothing of the crate: [`crate::commands`] turns each `*Args` into
//! work, and decides the exit code.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A static site generator for books written as Markdown chapters.
#[derive(Parser, Debug)]
#[command(name = "handbook", version, about)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// What `handbook` can do.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the static site from handbook.yaml and content/ (and templates/, static/,
    /// mermaid/ when the book has them).
    Build(BuildArgs),
    /// Run the whole pipeline without writing, and report every problem.
    Check(CheckArgs),
    /// Serve the site locally and rebuild it on every edit.
    Serve(ServeArgs),
    /// Repair mojibake (UTF-8 read as cp1254/cp1252) in text files.
    Repair(RepairArgs),
    /// Split one big handbook Markdown file into chapter files under content/.
    Import(ImportArgs),
    /// Write a minimal book (handbook.yaml and two chapters) to start from.
    Init(InitArgs),
}

/// Flags every site command shares.
#[derive(Args, Debug, Clone)]
pub struct RootArgs {
    /// The project folder (holding handbook.yaml, content/, templates/, static/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// `handbook build`.
#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    /// Where the project is.
    #[command(flatten)]
    pub root: RootArgs,
    /// The output folder; it is replaced as a whole only when the build succeeds.
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// The public URL of the site (e.g. https://user.github.io/repo/), for canonical links and the sitemap.
    #[arg(long)]
    pub base_url: Option<String>,
}

/// Output format of `check`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `path:line:col: message` lines.
    Text,
    /// One JSON array of diagnostics.
    Json,
}

/// `handbook check`.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// Where the project is.
    #[command(flatten)]
    pub root: RootArgs,
    /// How to print the problems.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// `handbook serve`.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Where the project is.
    #[command(flatten)]
    pub root: RootArgs,
    /// The address to listen on; anything but loopback is reachable by others.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// The port (0 picks a free one).
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Serve under this path prefix, as a GitHub Pages project site does (e.g. /handbook/).
    #[arg(long, default_value = "/")]
    pub base_path: String,
    /// Poll the file system instead of relying on change events.
    #[arg(long)]
    pub poll: bool,
}

/// `handbook repair`.
#[derive(Args, Debug, Clone)]
pub struct RepairArgs {
    /// Files to repair; a folder stands for every Markdown file under it, `-` for standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Rewrite the files in place (atomically) instead of printing to stdout.
    #[arg(long)]
    pub write: bool,
    /// Print and write nothing: name each file that needs repair, and exit with 1 if one does
    /// (for CI and pre-commit hooks).
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// List every change on stderr, lowest confidence first.
    #[arg(long)]
    pub report: bool,
    /// With --report: machine-readable JSON.
    #[arg(long)]
    pub json: bool,
    /// With --report: list only the changes less sure than this (e.g. 0.99), the ones worth
    /// proofreading.
    #[arg(long, value_name = "CONFIDENCE", value_parser = confidence)]
    pub below: Option<f32>,
}

/// A confidence between 0 and 1.
fn confidence(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(c) if (0.0..=1.0).contains(&c) => Ok(c),
        _ => Err(format!("{text:?} is not a confidence between 0 and 1")),
    }
}

/// `handbook import`.
#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    /// The single Markdown file holding the whole handbook.
    pub file: PathBuf,
    /// Where the project is; content/ and handbook.yaml are written there.
    #[command(flatten)]
    pub root: RootArgs,
    /// Replace an existing content/ folder.
    #[arg(long)]
    pub force: bool,
}

/// `handbook init`.
#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// The folder to create the book in (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The language of the book and its interface.
    #[arg(long, default_value = "vi", value_parser = ["vi", "en"])]
    pub language: String,
}
