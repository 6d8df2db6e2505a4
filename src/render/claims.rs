//! The paths a site's outputs claim, checked before anything is written: no two outputs may
//! write the same file, nor files whose names differ only in case (one would replace the
//! other on a case-insensitive file system), nor a file where another needs a folder, nor a
//! file in a folder that an output claims whole (the search index's); and every name must be
//! one that Linux, macOS and Windows can all hold.
//!
//! Input: the [`plan`](super::plan) of a site (the one list of its outputs), the site and its
//! static files. Output: errors of the kinds `output-collision` and `output-name`, each at
//! its source: a chapter's `slug:` line, or the static file. Generated files (the home,
//! print and 404 pages, the search index, the stylesheet of code, the files of the Mermaid
//! runtime, `sitemap.xml` and `robots.txt`, and the marker of a built folder) are claimed
//! first, so a chapter or static file that takes one of their names is the one reported.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use super::plan::{paths_of, Output, Sources};
use crate::diag::{quote, Diagnostic};
use crate::output::MARKER;
use crate::project::Folder;
use crate::source::{Origin, StaticFile};

/// Bytes a path component may hold: most file systems allow 255, some (encrypted home
/// folders) fewer; the rest is left for the `-1` of copies and the like.
const MAX_COMPONENT_BYTES: usize = 200;

/// Names Windows keeps for devices, whatever their extension (`CON.html` is the console).
const WINDOWS_DEVICES: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM0", "COM1", "COM2", "COM3", "COM4",
    "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3",
    "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// Who claims a path: where a problem with it is reported.
#[derive(Debug, Clone, Copy)]
enum Claimant {
    /// A generated file.
    Generated,
    /// The chapter at this index of [`Site::pages`].
    Chapter(usize),
    /// The file of static/ at this index.
    Static(usize),
    /// The file of content/ at this index of the published ones.
    Asset(usize),
}

/// One path of the site and who writes it.
struct Claim {
    path: String,
    by: Claimant,
}

/// Every problem with the paths the outputs of `plan` write.
pub(crate) fn claims(plan: &[Output], sources: &Sources<'_>) -> Vec<Diagnostic> {
    let all = claimed(plan, sources);
    let mut diagnostics = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, claim) in all.iter().enumerate() {
        let report = |problem: String, kind: &'static str| locate(claim, sources, kind, problem);
        if let Some(problem) = name_problem(&claim.path, claim.by, sources) {
            diagnostics.push(report(problem, "output-name"));
        }
        let key = fold(&claim.path);
        match seen.get(&key) {
            Some(&first) if is_duplicate_slug(&all[first], claim) => {}
            Some(&first) => {
                let problem = collision(&all[first], claim, sources);
                diagnostics.push(report(problem, "output-collision"));
            }
            None => {
                seen.insert(key, index);
            }
        }
    }
    diagnostics.extend(folder_conflicts(&all, &seen, sources));
    diagnostics
}

/// The paths of every output, generated files first, then chapters, then static files, then
/// files of content/.
fn claimed(plan: &[Output], sources: &Sources<'_>) -> Vec<Claim> {
    let by = |output: Output| match output {
        Output::Chapter(index) => Claimant::Chapter(index),
        Output::Static(index) => Claimant::Static(index),
        Output::Asset(index) => Claimant::Asset(index),
        _ => Claimant::Generated,
    };
    let rank = |claim: &Claim| match claim.by {
        Claimant::Generated => 0,
        Claimant::Chapter(_) => 1,
        Claimant::Static(_) => 2,
        Claimant::Asset(_) => 3,
    };
    let mut all: Vec<Claim> = std::iter::once(Claim {
        path: MARKER.to_owned(),
        by: Claimant::Generated,
    })
    .chain(plan.iter().flat_map(|&output| {
        paths_of(output, sources)
            .into_iter()
            .map(move |path| Claim {
                path,
                by: by(output),
            })
    }))
    .collect();
    all.sort_by_key(rank);
    all
}

/// The path as a case-insensitive file system compares it (macOS also ignores the Unicode
/// normal form).
fn fold(path: &str) -> String {
    path.nfc().collect::<String>().to_lowercase()
}

/// Two chapters with the same slug: `duplicate-slug` reports them already.
fn is_duplicate_slug(first: &Claim, claim: &Claim) -> bool {
    matches!(
        (first.by, claim.by),
        (Claimant::Chapter(_), Claimant::Chapter(_))
    ) && first.path == claim.path
}

/// What `claim` would do to the file `first` claimed first.
fn collision(first: &Claim, claim: &Claim, sources: &Sources<'_>) -> String {
    let what = describe(first, sources);
    if first.path == claim.path {
        format!(
            "`{}` would be written twice: it is also {what}; one would silently replace the other",
            quote(&claim.path)
        )
    } else {
        format!(
            "`{}` differs only in case from `{}` ({what}): on a case-insensitive file system (macOS, Windows) one replaces the other",
            quote(&claim.path),
            quote(&first.path)
        )
    }
}

/// A file claimed where another claim needs a folder (`a.html` and `a.html/b.css`), or in a
/// folder claimed whole (`assets/search/x.js` and `assets/search/`).
fn folder_conflicts(
    all: &[Claim],
    claims: &HashMap<String, usize>,
    sources: &Sources<'_>,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (index, claim) in all.iter().enumerate() {
        let key = fold(&claim.path);
        let conflict = key.match_indices('/').find_map(|(at, _)| {
            let file = claims.get(&key[..at]).map(|&file| (file, false));
            let folder = claims.get(&key[..=at]).filter(|_| at + 1 < key.len());
            file.or(folder.map(|&folder| (folder, true)))
        });
        let Some((other, in_claimed_folder)) = conflict else {
            continue;
        };
        // Generated files come first: the later of the two is the one to change.
        let (blamed, other) = if other > index {
            (&all[other], claim)
        } else {
            (claim, &all[other])
        };
        let problem = if in_claimed_folder {
            format!(
                "`{}` is in {}, a folder the build fills alone: move it elsewhere",
                quote(&blamed.path),
                describe(other, sources)
            )
        } else {
            format!(
                "`{}` and {} cannot both exist: one is a file where the other needs a folder",
                quote(&blamed.path),
                describe(other, sources)
            )
        };
        diagnostics.push(locate(blamed, sources, "output-collision", problem));
    }
    diagnostics
}

/// A claim for a person: "the page of content/a.md (slug `a`)", "static/x.css".
fn describe(claim: &Claim, sources: &Sources<'_>) -> String {
    match claim.by {
        Claimant::Generated => format!("the generated `{}`", claim.path),
        Claimant::Chapter(index) => {
            let doc = &sources.site.pages[index].chapter.doc;
            format!(
                "the page of {} (slug `{}`)",
                doc.display_path.display(),
                doc.meta.slug
            )
        }
        Claimant::Static(_) | Claimant::Asset(_) => file_display(claim.by, sources)
            .unwrap_or_default()
            .display()
            .to_string(),
    }
}

/// Why `path` cannot be a file name everywhere, if it cannot.
fn name_problem(path: &str, by: Claimant, sources: &Sources<'_>) -> Option<String> {
    if let Some(file) = file_of(by, sources) {
        if matches!(&file.origin, Origin::Disk(path) if path.to_str().is_none()) {
            return Some("the file name is not valid UTF-8: it would be published under another name; rename it".into());
        }
    }
    path.split('/').find_map(component_problem)
}

/// Why one path component cannot be a file or folder name on some system.
fn component_problem(name: &str) -> Option<String> {
    let shown = quote(name);
    if name.len() > MAX_COMPONENT_BYTES {
        return Some(format!(
            "`{shown}` is {} bytes long: file systems hold names of at most 255 bytes, some fewer; keep it under {MAX_COMPONENT_BYTES}",
            name.len()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_control() || "<>:\"\\|?*".contains(*c))
    {
        return Some(format!(
            "`{shown}` holds {c:?}, which Windows does not allow in file names"
        ));
    }
    if name.ends_with(['.', ' ']) {
        return Some(format!(
            "`{shown}` ends with a dot or a space, which Windows drops from file names"
        ));
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    WINDOWS_DEVICES
        .iter()
        .any(|device| device.eq_ignore_ascii_case(stem))
        .then(|| format!("`{shown}` is a device name on Windows (`{stem}`), not a file name"))
}

/// A diagnostic about `claim`, at its source.
fn locate(claim: &Claim, sources: &Sources<'_>, kind: &'static str, message: String) -> Diagnostic {
    if let Claimant::Chapter(index) = claim.by {
        let doc = &sources.site.pages[index].chapter.doc;
        let (line, col) = doc.position_of("slug");
        return Diagnostic::error(&doc.display_path, line, col, kind, message);
    }
    let path = file_display(claim.by, sources).unwrap_or_else(|| PathBuf::from(&claim.path));
    Diagnostic::error(path, 0, 0, kind, message)
}

/// The copied file a claimant stands for, if it is one.
fn file_of<'a>(by: Claimant, sources: &Sources<'a>) -> Option<&'a StaticFile> {
    match by {
        Claimant::Static(index) => Some(&sources.statics[index]),
        Claimant::Asset(index) => Some(&sources.assets[index]),
        Claimant::Generated | Claimant::Chapter(_) => None,
    }
}

/// A copied file's path relative to the project root: static/… or content/….
fn file_display(by: Claimant, sources: &Sources<'_>) -> Option<PathBuf> {
    let folder = match by {
        Claimant::Asset(_) => Folder::Content,
        _ => Folder::Static,
    };
    file_of(by, sources).map(|file| folder.display(Path::new(&file.site_path)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::plan;
    use crate::site::{test_page, test_site, Site};

    fn site(slugs: &[&str]) -> Site {
        // The front matter refuses some names itself: the page's URL is what is claimed.
        let pages = slugs.iter().enumerate();
        test_site(
            pages
                .map(|(i, slug)| test_page(&format!("c{i}"), &format!("{slug}.html"), ""))
                .collect(),
        )
    }

    fn statics(paths: &[&str]) -> Vec<StaticFile> {
        paths
            .iter()
            .map(|p| StaticFile::on_disk((*p).to_owned(), Path::new("/project/static").join(p)))
            .collect()
    }

    fn problems(slugs: &[&str], files: &[&str]) -> Vec<String> {
        let (site, statics) = (site(slugs), statics(files));
        let plan = plan::plan(&site, &statics, &[], true);
        let sources = Sources {
            site: &site,
            statics: &statics,
            assets: &[],
        };
        claims(&plan, &sources)
            .iter()
            .map(|d| format!("{}:{}:{} {}", d.path.display(), d.line, d.col, d.kind))
            .collect()
    }

    #[test]
    fn a_clean_site_claims_nothing_twice() {
        assert!(problems(&["01-a", "02-b"], &["assets/css/a.css", "favicon.svg"]).is_empty());
    }

    #[test]
    fn chapters_may_not_take_the_names_of_generated_pages() {
        for slug in ["index", "404", "print", "Index", "sitemap"] {
            let found = problems(&["01-a", slug], &[]);
            let expected = if slug == "sitemap" {
                Vec::<String>::new()
            } else {
                vec!["content/c1.md:3:1 output-collision".to_owned()]
            };
            assert_eq!(found, expected, "{slug}");
        }
    }

    #[test]
    fn static_files_may_not_replace_generated_or_chapter_files() {
        let found = problems(
            &["01-a"],
            &[
                "index.html",
                "01-A.html",
                "assets/search/meta.js",
                "robots.txt",
                ".handbook-site",
            ],
        );
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(
            found
                .iter()
                .all(|f| f.starts_with("static/") && f.ends_with("output-collision")),
            "{found:?}"
        );
    }

    #[test]
    fn slugs_differing_only_in_case_collide_but_equal_ones_are_left_to_duplicate_slug() {
        assert_eq!(
            problems(&["01-mo-dau", "01-MO-DAU"], &[]),
            ["content/c1.md:3:1 output-collision"]
        );
        assert!(problems(&["a", "a"], &[]).is_empty());
    }

    #[test]
    fn a_file_where_a_folder_is_needed_collides() {
        assert_eq!(
            problems(&[], &["assets/search", "X.css/y.css", "x.css"]),
            [
                "static/assets/search:0:0 output-collision",
                "static/x.css:0:0 output-collision"
            ]
        );
    }

    #[test]
    fn the_search_index_claims_its_folder_whole() {
        // Its files are named after the book's words: any name there may be taken tomorrow.
        let (site, statics) = (
            site(&["01-a"]),
            statics(&[
                "assets/search/mine.js",
                "assets/search/words.js",
                "assets/searchable.css",
            ]),
        );
        let plan = plan::plan(&site, &statics, &[], false);
        let sources = Sources {
            site: &site,
            statics: &statics,
            assets: &[],
        };
        let found: Vec<String> = claims(&plan, &sources)
            .iter()
            .map(|d| format!("{} {}", d.path.display(), d.message))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        for (found, path) in found
            .iter()
            .zip(["assets/search/mine.js", "assets/search/words.js"])
        {
            assert_eq!(
                found,
                &format!("static/{path} `{path}` is in the generated `assets/search/`, a folder the build fills alone: move it elsewhere")
            );
        }
    }

    #[test]
    fn names_must_be_portable() {
        let long = "a".repeat(201);
        for bad in ["CON", "nul", "com1", "lpt9", long.as_str()] {
            assert_eq!(
                problems(&[bad], &[]),
                ["content/c0.md:3:1 output-name"],
                "{bad}"
            );
        }
        for bad in [
            "CON.css",
            "a./b.css",
            "b.css ",
            "a:b.css",
            "a|b.css",
            "q?.css",
            "tab\t.css",
        ] {
            assert_eq!(
                problems(&[], &[bad]),
                [format!("static/{bad}:0:0 output-name")],
                "{bad}"
            );
        }
        let longest = "a".repeat(MAX_COMPONENT_BYTES - ".html".len());
        assert!(problems(&["console", "nul-1", &longest], &["com10.css"]).is_empty());
    }
}
