//! Builds the default theme into the binary: every `*.html` of templates/ and every file of
//! static/ become byte arrays of `theme.rs` in OUT_DIR, which `src/theme.rs` includes. A book
//! without templates/ or static/ is built with these; a file of the same name in the book's
//! own folders overrides the built-in one.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let mut code = String::new();
    for (name, folder, only_html) in [
        ("TEMPLATES", "templates", true),
        ("STATIC", "static", false),
    ] {
        let dir = root.join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files = Vec::new();
        walk(&dir, &mut files);
        files.sort();
        let _ = writeln!(code, "pub(crate) static {name}: &[(&str, &[u8])] = &[");
        for file in files {
            let rel = file.strip_prefix(&dir).expect("under the folder");
            let rel: Vec<_> = rel.iter().map(|c| c.to_string_lossy()).collect();
            let rel = rel.join("/");
            if (only_html && !rel.ends_with(".html")) || rel.split('/').any(|c| c.starts_with('.'))
            {
                continue;
            }
            let _ = writeln!(
                code,
                "    ({rel:?}, include_bytes!({:?})),",
                file.display().to_string()
            );
        }
        code.push_str("];\n");
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("theme.rs");
    std::fs::write(out, code).expect("write theme.rs");
}

/// Every file under `dir`.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}
