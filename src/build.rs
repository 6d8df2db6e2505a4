//! The pipeline: from the project folder to the files of the site.
//!
//! [`Builder`] holds what is expensive to create (grammars, templates, Mermaid cache) so the
//! dev server can keep one alive across rebuilds. Stages 1–5 run per file and in parallel
//! ([`Builder::load_documents`], [`Builder::render_documents`]); stages 6–7 run once over the
//! whole book ([`site::assemble`], [`Builder::render_site`]); `run` writes the result to disk.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use rayon::prelude::*;

use crate::cli::BuildArgs;
use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::frontmatter::{self, Document};
use crate::markdown::{self, highlight::Highlighter, LinkMap, Renderers};
use crate::mermaid::MermaidRenderer;
use crate::output::{self, OutputFile};
use crate::site::{self, Chapter, Site};
use crate::template::{self, PageContext, Sidebar, Templates};
use crate::{pages, repair, source};

/// The long-lived state of the pipeline.
pub struct Builder {
    /// The validated configuration.
    pub config: Config,
    /// Code highlighting.
    pub highlighter: Highlighter,
    /// Mermaid diagrams.
    pub mermaid: MermaidRenderer,
    /// The templates.
    pub templates: Templates,
    /// The public URL of the site, if known.
    pub base_url: Option<String>,
    /// The file name of the book's EPUB when the build writes one (the home page links to it).
    pub epub: Option<String>,
}

/// Everything one build produced.
#[derive(Debug)]
pub struct Build {
    /// The book, assembled.
    pub site: Site,
    /// Every problem found, sorted (mojibake summed up once per file).
    pub diagnostics: Vec<Diagnostic>,
    /// Every change the repair made in memory, per file (`check` reports each one).
    pub repairs: Vec<Repairs>,
}

/// One chapter file after stages 1–4.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The document.
    pub doc: Document,
    /// Its warnings: the mojibake repaired in memory, summed up.
    pub diagnostics: Vec<Diagnostic>,
    /// Every change the repair made.
    pub fixes: Vec<repair::Fix>,
}

/// The changes the repair made in memory to one file.
#[derive(Debug, Clone)]
pub struct Repairs {
    /// The file, relative to the project root.
    pub path: PathBuf,
    /// The changes, in text order.
    pub fixes: Vec<repair::Fix>,
}

/// Stages 1–4 for every file: the documents, the problems, and the repairs made in memory.
#[derive(Debug, Default)]
pub struct Documents {
    /// The documents that loaded.
    pub docs: Vec<Document>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// The repairs made, for the files that needed any.
    pub repairs: Vec<Repairs>,
    /// The files (relative to content/) that could not be loaded.
    pub failed: Vec<PathBuf>,
}

impl Documents {
    /// Adds the outcome of loading the file `rel_path`.
    pub fn add(&mut self, rel_path: &Path, loaded: Result<Loaded, Diagnostic>) {
        match loaded {
            Ok(l) => {
                if !l.fixes.is_empty() {
                    self.repairs.push(Repairs {
                        path: l.doc.display_path.clone(),
                        fixes: l.fixes,
                    });
                }
                self.docs.push(l.doc);
                self.diagnostics.extend(l.diagnostics);
            }
            Err(d) => {
                self.diagnostics.push(d);
                self.failed.push(rel_path.to_path_buf());
            }
        }
    }
}

impl Builder {
    /// Loads the configuration, grammars and templates of the project at `root`.
    pub fn new(root: &Path, base_url: Option<String>) -> anyhow::Result<Self> {
        let config = Config::load(root)?;
        let templates = Templates::load(&config.templates_dir())?;
        let base_url = base_url
            .or_else(|| config.book.base_url.clone())
            .map(|u| normalize_base_url(&u));
        let mermaid = MermaidRenderer::load(root);
        Ok(Self {
            config,
            highlighter: Highlighter::new(),
            mermaid,
            templates,
            base_url,
            epub: None,
        })
    }

    /// Stages 1–4 for one file: read, decode, repair, split the front matter.
    /// Mojibake is repaired in memory with a warning.
    pub fn load_document(&self, rel_path: &Path) -> Result<Loaded, Diagnostic> {
        let file = source::read(&self.config, rel_path).map_err(|e| {
            Diagnostic::error(
                Path::new("content").join(rel_path),
                0,
                0,
                "io",
                e.to_string(),
            )
        })?;
        let text = source::decode(&file)?;
        let repaired = repair::repair(&text);
        let mut diagnostics = Vec::new();
        if let Some(first) = repaired.fixes.first() {
            let places = repaired.places();
            let message = format!(
                "mojibake repaired in memory at {places} place(s) (first: {:?} -> {:?}); run `handbook repair --write {}`",
                first.before, first.after, file.display_path.display()
            );
            diagnostics.push(Diagnostic::warning(
                &file.display_path,
                first.line,
                first.col,
                "mojibake",
                message,
            ));
        }
        let doc = frontmatter::split(file.rel_path, file.display_path, &repaired.text)?;
        Ok(Loaded {
            doc,
            diagnostics,
            fixes: repaired.fixes,
        })
    }

    /// Stages 1–4 for every file under content/, in parallel.
    pub fn load_documents(&self) -> anyhow::Result<Documents> {
        let paths = source::discover(&self.config)?;
        let results: Vec<_> = paths.par_iter().map(|p| self.load_document(p)).collect();
        let mut documents = Documents::default();
        for (path, result) in paths.iter().zip(results) {
            documents.add(path, result);
        }
        Ok(documents)
    }

    /// Stage 5 for one document.
    pub fn render_document(&self, doc: Document, links: &LinkMap) -> Chapter {
        let tools = Renderers {
            highlighter: &self.highlighter,
            mermaid: &self.mermaid,
            links,
        };
        let rendered = markdown::render(&doc, &tools);
        Chapter {
            doc: Arc::new(doc),
            rendered: Arc::new(rendered),
        }
    }

    /// Stage 5 for every document, in parallel.
    pub fn render_documents(&self, docs: Vec<Document>, links: &LinkMap) -> Vec<Chapter> {
        docs.into_par_iter()
            .map(|doc| self.render_document(doc, links))
            .collect()
    }

    /// Stages 1–6 and the content checks: everything but writing.
    pub fn load(&self) -> anyhow::Result<Build> {
        let Documents {
            docs,
            mut diagnostics,
            repairs,
            failed,
        } = self.load_documents()?;
        let links = link_map(&docs);
        let chapters = self.render_documents(docs, &links);
        let (site, site_diagnostics) = site::assemble(&self.config, chapters, &failed);
        diagnostics.extend(site_diagnostics);
        diagnostics.extend(crate::links::check(&self.config, &site));
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        Ok(Build {
            site,
            diagnostics,
            repairs,
        })
    }

    /// Stage 7: every file of the site, in memory.
    pub fn render_site(&self, site: &Site) -> anyhow::Result<Vec<OutputFile>> {
        let sidebar = self.sidebar(site, "")?;
        // Every page, the special pages (the print view is the largest) and the search index
        // are independent: they are all made at once.
        const SPECIALS: [(&str, &str); 3] = [
            ("print", "print.html"),
            ("home", "index.html"),
            ("404", "404.html"),
        ];
        let (pages, (specials, index)) = rayon::join(
            || {
                (0..site.pages.len())
                    .into_par_iter()
                    .map(|i| self.render_chapter(site, i, &sidebar))
                    .collect::<Result<Vec<_>, _>>()
            },
            || {
                rayon::join(
                    || {
                        SPECIALS
                            .par_iter()
                            .map(|(kind, path)| {
                                Ok(OutputFile::text(*path, self.render_special(site, kind)?))
                            })
                            .collect::<Result<Vec<_>, template::TemplateError>>()
                    },
                    || crate::search::index_files(site),
                )
            },
        );
        let mut files = pages?;
        files.extend(specials?);
        files.extend(index);
        files.push(OutputFile::text(
            "assets/css/syntax.css",
            markdown::highlight::stylesheet(),
        ));
        files.push(OutputFile::text(".nojekyll", String::new()));
        if let Some(base_url) = &self.base_url {
            files.extend(crate::seo::files(site, base_url));
        }
        files.extend(static_files(&self.config.static_dir())?);
        // The 5 MB Mermaid library ships only when some diagram has no pre-rendered SVG.
        if site
            .pages
            .iter()
            .any(|p| crate::mermaid::needs_client(&p.chapter.rendered.html))
        {
            files.extend(self.mermaid.runtime_files(&self.config.root)?);
        }
        Ok(files)
    }

    /// The navigation for pages whose URLs start with `root`, rendered once.
    pub fn sidebar(&self, site: &Site, root: &str) -> Result<Sidebar, template::TemplateError> {
        let context =
            template::base_context(&self.config, site, None, root, self.base_url.as_deref());
        Sidebar::render(&self.templates, &context)
    }

    /// One chapter page.
    pub fn render_chapter(
        &self,
        site: &Site,
        index: usize,
        sidebar: &Sidebar,
    ) -> Result<OutputFile, template::TemplateError> {
        let mut context = template::base_context(
            &self.config,
            site,
            Some(index),
            "",
            self.base_url.as_deref(),
        );
        context.insert("sidebar", &sidebar.marked(Some(&site.pages[index].url)));
        context.insert("page", &PageContext::chapter(site, index));
        let html = self.templates.render("chapter.html", &context)?;
        Ok(OutputFile::text(site.pages[index].url.clone(), html))
    }

    fn render_special(&self, site: &Site, kind: &str) -> Result<String, template::TemplateError> {
        pages::render(self, site, kind)
    }
}

/// Makes sure a base URL ends with exactly one `/`.
fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}

/// Where each chapter file is published, for links between chapters.
pub fn link_map(docs: &[Document]) -> LinkMap {
    docs.iter()
        .map(|d| (d.rel_path.clone(), site::page_url(&d.meta.slug)))
        .collect()
}

/// Every file under static/, to be copied to the same place in the site.
fn static_files(dir: &Path) -> anyhow::Result<Vec<OutputFile>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| anyhow::anyhow!("{}: cannot list: {e}", dir.display()))?;
        if entry.file_type().is_file() {
            paths.push(entry.into_path());
        }
    }
    paths
        .par_iter()
        .map(|path| {
            let rel = path.strip_prefix(dir).unwrap_or(path);
            let url = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Ok(OutputFile {
                path: url,
                bytes: crate::diag::read(path)?,
            })
        })
        .collect()
}

/// Prints diagnostics to stderr, sorted, and counts the errors among them.
pub fn report(diagnostics: &[Diagnostic]) -> usize {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

/// `handbook build`.
pub fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let out = output::resolve_output_dir(&args.root.root, &args.out)?;
    let mut builder = Builder::new(&args.root.root, args.base_url.clone())?;
    if args.epub {
        builder.epub = Some(crate::epub::from_site::file_name(
            &builder.config.book.title,
        ));
    }
    let build = builder.load()?;
    let errors = report(&build.diagnostics);
    if errors > 0 {
        eprintln!(
            "build failed: {errors} error(s); the previous site in {} is unchanged",
            out.display()
        );
        return Ok(ExitCode::from(2));
    }
    let mut files = builder.render_site(&build.site)?;
    if let Some(name) = &builder.epub {
        let base_url = builder.base_url.as_deref();
        let bytes = crate::epub::from_site::write(&builder.config, &build.site, &files, base_url)?;
        files.push(OutputFile {
            path: name.clone(),
            bytes,
        });
    }
    output::write_site(&out, &files)?;
    let elapsed = started.elapsed();
    eprintln!(
        "built {} pages ({} files) into {} in {:.0} ms",
        build.site.pages.len() + 3,
        files.len(),
        out.display(),
        elapsed.as_secs_f64() * 1000.0
    );
    Ok(ExitCode::SUCCESS)
}
