//! `handbook build`: the site into the output folder, swapped in whole only when the build
//! succeeds.

use std::process::ExitCode;

use super::exit::{report, FAILED};
use crate::build::{BuildError, Builder};
use crate::cli::BuildArgs;
use crate::diag::Error;
use crate::output;

/// Builds the site; content errors leave the previous site as it was (exit 2).
pub(super) fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let out = output::resolve_output_dir(&args.root.root, &args.out)?;
    // An error that stops the build is printed like any problem: located, in one line.
    let stopped = |error: BuildError| {
        match &error {
            // A refusal concerns the command line (`--out`), not a file.
            BuildError::Io(Error::Invalid(why)) => eprintln!("error: {why}"),
            _ => report(&[error.diagnostic()]),
        }
        eprintln!(
            "build failed; the previous site in {} is unchanged",
            out.display()
        );
        ExitCode::from(FAILED)
    };
    let builder = match Builder::new(&args.root.root, args.base_url.clone()) {
        Ok(builder) if args.epub => builder.with_epub(),
        Ok(builder) => builder,
        Err(error) => return Ok(stopped(error)),
    };
    let build = match builder.load() {
        Ok(build) => build,
        Err(error) => return Ok(stopped(error)),
    };
    report(&build.diagnostics);
    let errors = build.errors();
    if errors > 0 {
        eprintln!(
            "build failed: {errors} error(s); the previous site in {} is unchanged",
            out.display()
        );
        return Ok(ExitCode::from(FAILED));
    }
    let files = match builder.write_site(&build, &out) {
        Ok(files) => files,
        Err(error) => return Ok(stopped(error)),
    };
    eprintln!(
        "built {} pages ({files} files) into {} in {:.0} ms",
        build.site.pages.len() + 3,
        out.display(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    // The process ends here and the system takes its memory back whole: freeing the book and
    // the grammars allocation by allocation would add 2–4 ms to the handbook's build. Nothing
    // of theirs needs closing (the site was moved in place above).
    std::mem::forget(build);
    std::mem::forget(builder);
    Ok(ExitCode::SUCCESS)
}
