//! Stage 7 for the dev server: re-render only the pages whose inputs changed.
//!
//! Input: the assembled [`Site`], the render sequence number of each chapter (a new number
//! every time a chapter goes through stage 5) and the kind of change. Output: every
//! [`OutputFile`] of the site, equal to [`Builder::render_site`].
//!
//! A full render calls [`Builder::render_site`] itself and keeps the result as the baseline.
//! After a content-only change, a page is rendered again only when its key changes: a chapter
//! page's key covers the navigation (every title, number, label and URL), its own chapter and
//! its neighbours; the home and 404 pages' key is the navigation; the print page's key covers
//! every chapter. `sitemap.xml` and `robots.txt` are cheap and always redone. Every other file
//! is taken from the baseline. Two guards keep this equal to a
//! full build when `build.rs` evolves: a baseline holding a file this module does not know how
//! to re-render (say, a new generated index) turns patching off, and on every full render the
//! chapter pages are rendered both ways and compared, turning patching off on any difference.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use crate::build::Builder;
use crate::output::OutputFile;
use crate::site::Site;
use crate::template::TemplateError;

/// Generated files that depend on nothing a content change can touch.
const CONSTANT: [&str; 2] = ["assets/css/syntax.css", ".nojekyll"];
/// The pages rendered by [`crate::pages::render`], by kind.
const SPECIAL: [(&str, &str); 3] = [
    ("home", "index.html"),
    ("print", "print.html"),
    ("404", "404.html"),
];

/// The last full output and the key each page was rendered with.
#[derive(Default)]
pub struct Stage7 {
    files: Vec<OutputFile>,
    keys: HashMap<String, u64>,
    /// Whether incremental renders are known to equal full ones.
    patchable: bool,
}

impl Stage7 {
    /// Whether the next [`Self::patch`] re-renders only the stale pages.
    pub fn patchable(&self) -> bool {
        self.patchable
    }

    /// Renders the whole site with [`Builder::render_site`] and checks that patching would
    /// give the same bytes.
    pub fn full(
        &mut self,
        builder: &Builder,
        site: &Site,
        seqs: &[u64],
    ) -> anyhow::Result<Vec<OutputFile>> {
        self.files = builder.render_site(site)?;
        self.keys = keys(site, seqs);
        self.patchable = self.check_patchable(builder, site);
        Ok(self.files.clone())
    }

    /// Re-renders the pages whose keys changed; falls back to [`Self::full`] when patching is
    /// off.
    pub fn patch(
        &mut self,
        builder: &Builder,
        site: &Site,
        seqs: &[u64],
    ) -> anyhow::Result<Vec<OutputFile>> {
        if !self.patchable {
            return self.full(builder, site, seqs);
        }
        let keys = keys(site, seqs);
        let mut files: HashMap<String, OutputFile> = std::mem::take(&mut self.files)
            .into_iter()
            .map(|f| (f.path.clone(), f))
            .collect();
        let stale = |path: &str| keys.get(path) != self.keys.get(path) || !files.contains_key(path);
        let chapters: Vec<usize> = (0..site.pages.len())
            .filter(|&i| stale(&site.pages[i].url))
            .collect();
        let specials: Vec<(&str, &str)> = SPECIAL
            .iter()
            .copied()
            .filter(|(_, path)| stale(path))
            .collect();
        let mut fresh = render_pages(builder, site, &chapters, &specials)?;
        fresh.extend(cheap_files(builder, site));
        // Pages that are gone (a chapter removed, or its slug changed).
        for path in self.keys.keys().filter(|p| !keys.contains_key(*p)) {
            files.remove(path);
        }
        files.extend(fresh.into_iter().map(|f| (f.path.clone(), f)));
        let mut files: Vec<OutputFile> = files.into_values().collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        self.files = files.clone();
        self.keys = keys;
        Ok(files)
    }

    /// Renders every chapter page the patching way and compares it with the full render, and
    /// makes sure every other file is one this module knows.
    fn check_patchable(&self, builder: &Builder, site: &Site) -> bool {
        let statics = static_paths(builder);
        let cheap: Vec<String> = cheap_files(builder, site)
            .into_iter()
            .map(|f| f.path)
            .collect();
        let known: HashSet<&str> = site
            .pages
            .iter()
            .map(|p| p.url.as_str())
            .chain(SPECIAL.iter().map(|(_, p)| *p))
            .chain(CONSTANT)
            .chain(cheap.iter().map(String::as_str))
            .chain(statics.iter().map(String::as_str))
            .collect();
        if let Some(unknown) = self.files.iter().find(|f| !known.contains(f.path.as_str())) {
            eprintln!("note: serve re-renders every page on each edit: it does not know how `{}` is generated", unknown.path);
            return false;
        }
        let all: Vec<usize> = (0..site.pages.len()).collect();
        let Ok(pages) = render_pages(builder, site, &all, &[]) else {
            return false;
        };
        let same = pages.iter().all(|page| {
            self.files
                .iter()
                .any(|f| f.path == page.path && f.bytes == page.bytes)
        });
        if !same {
            eprintln!("note: serve re-renders every page on each edit: its chapter pages differ from `build`'s");
        }
        same
    }
}

/// Small generated files redone on every patch (sitemap.xml and robots.txt when the base
/// URL is known).
fn cheap_files(builder: &Builder, site: &Site) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = builder
        .base_url
        .as_deref()
        .map(|url| crate::seo::files(site, url))
        .unwrap_or_default();
    files.extend(crate::search::index_files(site));
    files
}

/// Every file under static/, as site paths.
fn static_paths(builder: &Builder) -> Vec<String> {
    let dir = builder.config.static_dir();
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(&dir)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

/// The chapter pages at `chapters` and the `specials`, rendered as `build` renders them.
fn render_pages(
    builder: &Builder,
    site: &Site,
    chapters: &[usize],
    specials: &[(&str, &str)],
) -> Result<Vec<OutputFile>, TemplateError> {
    use rayon::prelude::*;
    let sidebar = builder.sidebar(site, "")?;
    let mut files: Vec<OutputFile> = chapters
        .par_iter()
        .map(|&i| builder.render_chapter(site, i, &sidebar))
        .collect::<Result<_, _>>()?;
    for (kind, path) in specials {
        files.push(OutputFile::text(
            *path,
            crate::pages::render(builder, site, kind)?,
        ));
    }
    Ok(files)
}

/// The key of every page: what its rendering depends on.
fn keys(site: &Site, seqs: &[u64]) -> HashMap<String, u64> {
    let nav = navigation_key(site);
    let mut keys = HashMap::new();
    for (i, page) in site.pages.iter().enumerate() {
        let neighbour = |p: Option<&crate::site::Page>| {
            p.map(|p| {
                (
                    p.chapter.doc.meta.title.clone(),
                    p.url.clone(),
                    p.label.clone(),
                )
            })
        };
        keys.insert(
            page.url.clone(),
            hash(&(
                nav,
                i,
                seqs[i],
                neighbour(site.prev(i)),
                neighbour(site.next(i)),
            )),
        );
    }
    keys.insert("index.html".into(), hash(&("home", nav)));
    keys.insert("404.html".into(), hash(&("404", nav)));
    keys.insert("print.html".into(), hash(&("print", nav, seqs)));
    keys
}

/// Everything of the navigation a page shows: parts, and each page's number, label, title, URL.
fn navigation_key(site: &Site) -> u64 {
    let parts: Vec<_> = site
        .parts
        .iter()
        .map(|p| (&p.number, &p.label, &p.title, p.is_appendix, &p.pages))
        .collect();
    let pages: Vec<_> = site
        .pages
        .iter()
        .map(|p| {
            (
                &p.chapter.doc.meta.number,
                &p.label,
                &p.chapter.doc.meta.title,
                &p.url,
                p.part,
            )
        })
        .collect();
    hash(&(parts, pages))
}

fn hash(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
