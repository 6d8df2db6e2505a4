//! The crate's structure, checked: no import cycle between the files of `src/`, and no module
//! importing one that comes later in the stage order of `src/lib.rs`.
//!
//! The graph is read from the code itself: `use` declarations and paths through `crate::`,
//! `super::` or a child module, in every file but test code. A file's arrow to its own
//! `mod.rs` counts like any other, so a module's types live in named files and `mod.rs` only
//! ties them together.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::project_root;

/// The top-level modules, lowest first: a module may import only modules of lower rank (or
/// its own submodules). The stages of the pipeline in their order, with the helpers every
/// stage uses below them and the commands on top.
const STAGE_ORDER: &[&[&str]] = &[
    &[
        "cli", "diag", "html", "project", "slug", "stamp", "theme", "ui", "url", "yaml",
    ],
    &["output"],
    &["config"],
    &["source"],
    &["repair"],
    &["frontmatter"],
    &["load"],
    &["mermaid"],
    &["markdown"],
    &["site"],
    &["links", "search", "seo", "template"],
    &["epub", "import", "render"],
    &["build"],
    &["check"],
    &["serve"],
    &["commands", "fuzzing"],
];

/// One file of the crate: its module path (`render::keys`) and its code without tests.
struct Module {
    path: String,
    file: String,
    code: String,
}

/// Every file of `src/` but the binary's `main.rs` and test-only files.
fn modules() -> Vec<Module> {
    let src = project_root().join("src");
    let mut modules = Vec::new();
    for file in crate::support::files_under(&src) {
        if !file.ends_with(".rs") || file == "main.rs" || file == "lib.rs" {
            continue;
        }
        if Path::new(&file)
            .file_name()
            .is_some_and(|n| n == "tests.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(src.join(&file)).unwrap();
        let code = text.split("\n#[cfg(test)]").next().unwrap_or("");
        let path = file
            .trim_end_matches(".rs")
            .trim_end_matches("/mod")
            .replace('/', "::");
        modules.push(Module {
            path,
            file: format!("src/{file}"),
            code: strip_comments(code),
        });
    }
    modules
}

/// The code without `//` comments, so doc examples and prose never count as imports.
fn strip_comments(code: &str) -> String {
    code.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths `module` imports: every path it names through `crate::`, `super::` or a
/// child module, resolved to the longest module path that exists.
fn imports(module: &Module, known: &BTreeSet<String>) -> BTreeSet<String> {
    let parent = module.path.rsplit_once("::").map_or("", |(p, _)| p);
    let children = declared_children(&module.code);
    let mut found = BTreeSet::new();
    let mut resolve = |base: &str, rest: &str| {
        for tail in expand(rest) {
            let full = [base, tail.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("::");
            if let Some(target) = longest_known(&full, known) {
                if target != module.path {
                    found.insert(target);
                }
            }
        }
    };
    for (start, base) in [("crate::", ""), ("super::", parent)] {
        for (at, _) in module.code.match_indices(start) {
            let before = module.code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            resolve(base, path_after(&module.code[at + start.len()..]));
        }
    }
    for child in &children {
        let pattern = format!("{child}::");
        for (at, _) in module.code.match_indices(&pattern) {
            let before = module.code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            resolve(&module.path, path_after(&module.code[at..]));
        }
    }
    found
}

/// The submodules a file declares (`mod keys;`, `pub(crate) mod print;`).
fn declared_children(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line.split("mod ").nth(1)?;
            let name = rest.strip_suffix(';')?;
            let before = line.split("mod ").next().unwrap_or("");
            (before.is_empty() || before.starts_with("pub"))
                .then(|| name.trim().to_owned())
                .filter(|n| n.chars().all(|c| c.is_alphanumeric() || c == '_'))
        })
        .collect()
}

/// The path that starts `text`: identifiers, `::` and one `{…}` group.
fn path_after(text: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return &text[..=i];
                }
            }
            c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => {
                return &text[..i];
            }
            _ => {}
        }
    }
    text
}

/// `a::{b, c::d}` → `a::b`, `a::c::d`; a path without a group → itself.
fn expand(path: &str) -> Vec<String> {
    let Some(open) = path.find('{') else {
        return vec![path.trim_end_matches("::").to_owned()];
    };
    let prefix = path[..open].trim_end_matches("::");
    let inner = &path[open + 1..path.len().saturating_sub(1)];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .map(str::trim)
        .filter(|item| !item.is_empty() && *item != "self")
        .flat_map(|item| expand(item.split(" as ").next().unwrap_or(item)))
        .map(|item| {
            if prefix.is_empty() {
                item
            } else {
                format!("{prefix}::{item}")
            }
        })
        .chain(std::iter::once(prefix.to_owned()).filter(|p| !p.is_empty()))
        .collect()
}

/// The longest prefix of `path` that names a module.
fn longest_known(path: &str, known: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|candidate| known.contains(candidate))
}

/// The import graph: file → files it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let known: BTreeSet<String> = modules.iter().map(|m| m.path.clone()).collect();
    let file_of: BTreeMap<&str, &str> = modules
        .iter()
        .map(|m| (m.path.as_str(), m.file.as_str()))
        .collect();
    modules
        .iter()
        .map(|m| {
            let targets = imports(m, &known)
                .iter()
                .map(|t| file_of[t.as_str()].to_owned())
                .collect();
            (m.file.clone(), targets)
        })
        .collect()
}

/// The top-level module of a file (`src/render/keys.rs` → `render`).
fn top_level(file: &str) -> &str {
    let rest = file.trim_start_matches("src/");
    rest.split(['/', '.']).next().unwrap_or(rest)
}

fn rank(top: &str) -> Option<usize> {
    STAGE_ORDER.iter().position(|layer| layer.contains(&top))
}

#[test]
fn every_top_level_module_has_a_place_in_the_stage_order() {
    let unplaced: BTreeSet<&str> = graph()
        .keys()
        .map(|f| top_level(f))
        .filter(|top| rank(top).is_none())
        .map(|top| Box::leak(top.to_owned().into_boxed_str()) as &str)
        .collect();
    assert!(
        unplaced.is_empty(),
        "add these modules to STAGE_ORDER: {unplaced:?}"
    );
}

#[test]
fn no_module_imports_a_later_stage() {
    let mut backwards = Vec::new();
    for (file, targets) in graph() {
        for target in targets {
            let (from, to) = (top_level(&file), top_level(&target));
            if from != to && rank(from) <= rank(to) {
                backwards.push(format!("{file} ({from}) -> {target} ({to})"));
            }
        }
    }
    assert!(
        backwards.is_empty(),
        "imports that run back up the stage order:\n{}",
        backwards.join("\n")
    );
}

#[test]
fn no_import_cycle_between_files() {
    let graph = graph();
    let cycles = cycles(&graph);
    assert!(
        cycles.is_empty(),
        "import cycles between files:\n{}",
        cycles
            .iter()
            .map(|c| c.join(" -> "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The strongly connected components of more than one file (Tarjan's algorithm).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, node: &'g str) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.insert(node);
            for next in self.graph.get(node).into_iter().flatten() {
                if !self.index.contains_key(next.as_str()) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next.as_str()]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next.as_str()) {
                    let low = self.low[node].min(self.index[next.as_str()]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    component.push(top.to_owned());
                    if top == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !walk.index.contains_key(node.as_str()) {
            walk.visit(node);
        }
    }
    walk.found
}

#[test]
fn the_reader_sees_real_imports() {
    // The reader itself: a grouped `use`, a child module, `super::` and a path in code.
    let known: BTreeSet<String> = ["a", "a::b", "a::c", "d", "d::e"]
        .into_iter()
        .map(String::from)
        .collect();
    let module = Module {
        path: "a::b".into(),
        file: "src/a/b.rs".into(),
        code: strip_comments(
            "mod x;\nuse crate::d::{self, e::E};\nuse super::c::C; // crate::zzz\nfn f() { crate::a::helper(); }",
        ),
    };
    let found: Vec<String> = imports(&module, &known).into_iter().collect();
    assert_eq!(found, ["a", "a::c", "d", "d::e"]);
    let mut graph = BTreeMap::new();
    graph.insert("x".to_owned(), BTreeSet::from(["y".to_owned()]));
    graph.insert("y".to_owned(), BTreeSet::from(["x".to_owned()]));
    graph.insert("z".to_owned(), BTreeSet::from(["x".to_owned()]));
    assert_eq!(cycles(&graph), [vec!["x".to_owned(), "y".to_owned()]]);
}
