//! `handbook import FILE`: split the handbook, received as one Markdown file, into chapter
//! files under content/ and `handbook.yaml` (used once, to create a project).

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};

use crate::cli::ImportArgs;
use crate::diag;
use crate::import::{import, ImportedFile};
use crate::project::{Folder, CONFIG_FILE};

/// `handbook import FILE`.
pub(super) fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let bytes = diag::read(&args.file)?;
    let text = String::from_utf8(bytes)
        .with_context(|| format!("{}: not valid UTF-8", args.file.display()))?;
    let repaired = crate::repair::repair(&text);
    if !repaired.fixes.is_empty() {
        eprintln!(
            "{}: repaired mojibake at {} place(s) while importing",
            args.file.display(),
            repaired.places()
        );
    }
    let files = import(&repaired.text)?;
    write_files(&args.root.root, &files, args.force)?;
    let chapters = files.len() - 1;
    eprintln!(
        "imported {chapters} chapter files into {}",
        Folder::Content.under(&args.root.root).display()
    );
    Ok(ExitCode::SUCCESS)
}

fn write_files(root: &Path, files: &[ImportedFile], force: bool) -> anyhow::Result<()> {
    let content = Folder::Content.under(root);
    let occupied = content.exists() && std::fs::read_dir(&content)?.next().is_some();
    if (occupied || root.join(CONFIG_FILE).exists()) && !force {
        bail!(
            "{} or {} already exists; pass --force to replace them",
            content.display(),
            root.join(CONFIG_FILE).display()
        );
    }
    if occupied {
        std::fs::remove_dir_all(&content)
            .with_context(|| format!("{}: cannot remove", content.display()))?;
    }
    for file in files {
        diag::write(&root.join(&file.path), file.text.as_bytes())?;
    }
    Ok(())
}
