//! The house rules that keep the code readable, checked on `src/` as text: modules import each
//! other without a cycle (a stage of the pipeline never reaches back into a later one), and no
//! function outside a table runs over 120 lines. `cargo test --test house -- --nocapture` prints
//! the module graph and the longest functions.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest a function may be, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 120;

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file belongs to (`graph` for `src/graph/build.rs`).
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// A file's text without its test module and without comments' and strings' contents, so that
/// a path named in a doc comment or a test is no import.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `code` names through `crate::NAME` paths, `use crate::{NAME, ...}` included.
fn imports(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name = ident(part.trim());
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            let name = ident(after);
            if after[name.len()..].starts_with("::") {
                found.insert(name);
            }
        }
        rest = after;
    }
    found
}

/// The module graph: each top-level module and the others it imports.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = src();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in rust_files(&src) {
        let m = top_module(&src, &f);
        if m == "main" || m == "lib" {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&f).unwrap());
        let deps = graph.entry(m.clone()).or_default();
        deps.extend(imports(&code).into_iter().filter(|d| *d != m));
    }
    // Only modules count: `crate::Corpus` names the crate root's type.
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for deps in graph.values_mut() {
        deps.retain(|d| modules.contains(d));
    }
    graph
}

/// A cycle in `graph`, if there is one, as the modules along it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
    for start in graph.keys() {
        if marks.contains_key(start.as_str()) {
            continue;
        }
        // Depth first without recursion: (module, its dependencies not yet visited).
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(
            start.as_str(),
            graph[start].iter().map(String::as_str).collect(),
        )];
        marks.insert(start.as_str(), Mark::Open);
        while let Some((m, todo)) = stack.last_mut() {
            let m = *m;
            match todo.pop() {
                Some(d) => match marks.get(d) {
                    Some(Mark::Open) => {
                        let from = stack.iter().position(|(x, _)| *x == d).unwrap_or(0);
                        let mut cycle: Vec<String> =
                            stack[from..].iter().map(|(x, _)| x.to_string()).collect();
                        cycle.push(d.to_string());
                        return Some(cycle);
                    }
                    Some(Mark::Done) => {}
                    None => {
                        marks.insert(d, Mark::Open);
                        let next = graph
                            .get(d)
                            .map(|s| s.iter().map(String::as_str).collect())
                            .unwrap_or_default();
                        stack.push((d, next));
                    }
                },
                None => {
                    marks.insert(m, Mark::Done);
                    stack.pop();
                }
            }
        }
    }
    None
}

/// Every function of `text` with its first line and length: from a line that declares it to
/// the line that closes its body, strings and comments left out of the brace count.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let t = t
            .strip_prefix("pub(crate) ")
            .or_else(|| t.strip_prefix("pub(super) "))
            .or_else(|| t.strip_prefix("pub "))
            .unwrap_or(t);
        let t = t.strip_prefix("const ").unwrap_or(t);
        let Some(rest) = t.strip_prefix("fn ") else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut depth = 0i64;
        let mut opened = false;
        let mut end = i;
        'body: for (j, l) in lines.iter().enumerate().skip(i) {
            let mut in_str = false;
            let mut chars = l.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if in_str => {
                        chars.next();
                    }
                    '"' => in_str = !in_str,
                    '/' if !in_str && chars.peek() == Some(&'/') => break,
                    '\'' if !in_str => {
                        // A char literal ('{', '\n'), not a lifetime: skip to its close.
                        let look: String = chars.clone().take(3).collect();
                        if look.starts_with('\\') {
                            chars.nth(2);
                        } else if look.chars().nth(1) == Some('\'') {
                            chars.nth(1);
                        }
                    }
                    '{' if !in_str => {
                        depth += 1;
                        opened = true;
                    }
                    '}' if !in_str => depth -= 1,
                    _ => {}
                }
            }
            if opened && depth <= 0 {
                end = j;
                break 'body;
            }
        }
        out.push((name, i + 1, end - i + 1));
    }
    out
}

#[test]
fn modules_import_each_other_without_a_cycle() {
    let graph = module_graph();
    for (m, deps) in &graph {
        println!(
            "{m} -> {}",
            deps.iter().cloned().collect::<Vec<_>>().join(" ")
        );
    }
    assert!(graph.contains_key("model") && graph["extract"].contains("model"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "modules import each other in a cycle: {}",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn no_function_runs_over_120_lines() {
    let src = src();
    let mut long = Vec::new();
    for f in rust_files(&src) {
        let text = std::fs::read_to_string(&f).unwrap();
        for (name, line, len) in functions(&text) {
            if len > 80 {
                let at = format!("{}:{line}", f.strip_prefix(&src).unwrap().display());
                long.push((len, at, name));
            }
        }
    }
    long.sort_by(|a, b| b.cmp(a));
    for (len, at, name) in &long {
        println!("{len:4} {at} {name}");
    }
    let over: Vec<String> = long
        .iter()
        .filter(|(len, _, _)| *len > MAX_FN_LINES)
        .map(|(len, at, name)| format!("{at} {name} ({len} lines)"))
        .collect();
    assert!(
        over.is_empty(),
        "functions over {MAX_FN_LINES} lines: {over:?}"
    );
}

#[test]
fn the_checks_see_what_they_check() {
    // A cycle is found, and a chain is none.
    let g = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    };
    assert!(find_cycle(&g(&[("a", "b"), ("b", "c"), ("c", "a")])).is_some());
    assert!(find_cycle(&g(&[("a", "b"), ("b", "c"), ("a", "c")])).is_none());
    // Imports through a path and through a group (a name that is no module is dropped later,
    // against the modules found); a comment names none.
    let code = code_of("use crate::model::{DocKey, Scheme};\nuse crate::{graph::X, temp};\nlet x = crate::read::f(); // crate::report::y\n");
    assert_eq!(
        imports(&code),
        ["graph", "model", "read", "temp"].map(String::from).into()
    );
    // A function's length counts its body, braces in strings and chars aside.
    let text = "fn a() {\n    let s = \"{\";\n    let c = '{';\n    if x {\n    }\n}\nfn b() {}\n";
    assert_eq!(
        functions(text),
        [("a".to_string(), 1, 6), ("b".to_string(), 7, 1)]
    );
}
