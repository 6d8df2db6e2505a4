//! `handbook build`: the site into the output folder, swapped in whole only when the build
//! succeeds.

use std::process::ExitCode;

use super::exit::{report, FAILED};
use crate::build::Builder;
use crate::cli::BuildArgs;
use crate::output;

/// Builds the site; content errors leave the previous site as it was (exit 2).
pub(super) fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let out = output::resolve_output_dir(&args.root.root, &args.out)?;
    let builder = Builder::new(&args.root.root, args.base_url.clone())?;
    let build = builder.load()?;
    report(&build.diagnostics);
    let errors = build.errors();
    if errors > 0 {
        eprintln!(
            "build failed: {errors} error(s); the previous site in {} is unchanged",
            out.display()
        );
        return Ok(ExitCode::from(FAILED));
    }
    let files = builder.write_site(&build, &out)?;
    eprintln!(
        "built {} pages ({files} files) into {} in {:.0} ms",
        build.site.pages.len() + 3,
        out.display(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(ExitCode::SUCCESS)
}
