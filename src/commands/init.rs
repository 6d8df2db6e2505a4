//! `handbook init [DIR]`: a minimal book to start from — `handbook.yaml` and two chapters, the
//! second with a section holding a formula, a figure beside it and a callout — in Vietnamese
//! or English. It builds, checks clean and serves as it is.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use crate::cli::InitArgs;
use crate::diag;
use crate::project::{Folder, CONFIG_FILE};

/// The files of the starter book in one language: (path from the book's root, bytes).
type Starter = &'static [(&'static str, &'static [u8])];

const VI: Starter = &[
    ("handbook.yaml", include_bytes!("init/vi/handbook.yaml")),
    (
        "content/01-bat-dau.md",
        include_bytes!("init/vi/content/01-bat-dau.md"),
    ),
    (
        "content/02-viet-chuong.md",
        include_bytes!("init/vi/content/02-viet-chuong.md"),
    ),
    (
        "content/02-viet-chuong/01-cong-thuc-va-hinh.md",
        include_bytes!("init/vi/content/02-viet-chuong/01-cong-thuc-va-hinh.md"),
    ),
    (
        "content/02-viet-chuong/hinh/so-do.svg",
        include_bytes!("init/vi/content/02-viet-chuong/hinh/so-do.svg"),
    ),
];

const EN: Starter = &[
    ("handbook.yaml", include_bytes!("init/en/handbook.yaml")),
    (
        "content/01-getting-started.md",
        include_bytes!("init/en/content/01-getting-started.md"),
    ),
    (
        "content/02-writing.md",
        include_bytes!("init/en/content/02-writing.md"),
    ),
    (
        "content/02-writing/01-formulas-and-figures.md",
        include_bytes!("init/en/content/02-writing/01-formulas-and-figures.md"),
    ),
    (
        "content/02-writing/figures/network.svg",
        include_bytes!("init/en/content/02-writing/figures/network.svg"),
    ),
];

/// Writes the starter book into `args.dir`, which must not hold a book already.
pub(super) fn run(args: &InitArgs) -> anyhow::Result<ExitCode> {
    let root = &args.dir;
    refuse_to_overwrite(root)?;
    let starter = match args.language.as_str() {
        "en" => EN,
        _ => VI,
    };
    for (path, bytes) in starter {
        diag::write(&root.join(path), bytes)?;
    }
    eprintln!(
        "created a book in {}: {CONFIG_FILE} and {} pages under {}/",
        root.display(),
        starter.iter().filter(|(p, _)| p.ends_with(".md")).count(),
        Folder::Content.name()
    );
    eprintln!(
        "next: handbook serve --root {}   (or build, check)",
        root.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Errs when `root` already has a configuration or a content/ folder with files in it.
fn refuse_to_overwrite(root: &Path) -> anyhow::Result<()> {
    let content = Folder::Content.under(root);
    let occupied = std::fs::read_dir(&content).is_ok_and(|mut entries| entries.next().is_some());
    if root.join(CONFIG_FILE).exists() || occupied {
        bail!(
            "{} already holds a book ({CONFIG_FILE} or {}/): nothing was written",
            root.display(),
            Folder::Content.name()
        );
    }
    Ok(())
}
