//! The seeds' outputs, byte for byte: every command's help and the man page, extraction (JSON,
//! JSONL, table), every graph format, the diagrams, the queries and the report (Markdown, HTML
//! and the files beside it) must come out exactly as `tests/snapshots/seeds/` holds them (the
//! annotated pages are held by `docs/annotated/`, which `tests/annotate_cli.rs` checks). A reorganisation of the
//! code changes none of these bytes; a change meant to alter an output rewrites the snapshot
//! with `VNCITE_BLESS=1 cargo test --test seeds_snapshot` and shows up in the diff for review.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the expected bytes live.
fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/seeds")
}

/// Runs vncite on the seeds from the crate's root (so paths in the outputs read `data/...`),
/// with the report's date fixed, and returns stdout.
fn run(args: &[&str]) -> Vec<u8> {
    let out = common::vncite()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every file under `dir`, by its path relative to `dir`, with the temporary folder's own path
/// written as `$OUT` (the report records the command that made it).
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let bytes = std::fs::read(&path).unwrap();
                found.insert(
                    rel,
                    replace(&bytes, dir.to_str().unwrap().as_bytes(), b"$OUT"),
                );
            }
        }
    }
    found
}

/// `bytes` with every `from` replaced by `to`.
fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// Everything the seeds give, by the snapshot file's name.
fn outputs() -> BTreeMap<String, Vec<u8>> {
    let mut all = BTreeMap::new();
    let stdout_cases: &[(&str, &[&str])] = &[
        ("extract.json", &["extract", "data", "--format", "json"]),
        ("extract.jsonl", &["extract", "data", "--format", "jsonl"]),
        (
            "extract.table.txt",
            &["extract", "data", "--format", "table"],
        ),
        ("graph.dot", &["graph", "data"]),
        ("graph.json", &["graph", "data", "--format", "json"]),
        ("graph.svg", &["graph", "data", "--format", "svg"]),
        (
            "graph-timeline.svg",
            &["graph", "data", "--format", "svg", "--timeline"],
        ),
        (
            "graph-issuer.svg",
            &["graph", "data", "--format", "svg", "--cluster-by", "issuer"],
        ),
        (
            "graph-root.svg",
            &["graph", "data", "--format", "svg", "--root", "1068/CĐ-TTg"],
        ),
        (
            "graph-collapse-level.svg",
            &["graph", "data", "--format", "svg", "--collapse", "level"],
        ),
        (
            "graph-collapse-province.svg",
            &["graph", "data", "--format", "svg", "--collapse", "province"],
        ),
        ("graph.gexf", &["graph", "data", "--format", "gexf"]),
        ("graph.graphml", &["graph", "data", "--format", "graphml"]),
        (
            "graph.node-link.json",
            &["graph", "data", "--format", "node-link"],
        ),
        ("explorer.html", &["graph", "data", "--format", "html"]),
        ("descendants.txt", &["descendants", "1068/CĐ-TTg", "data"]),
        (
            "descendants.list.txt",
            &["descendants", "1068/CĐ-TTg", "data", "--format", "list"],
        ),
        (
            "ancestors.txt",
            &[
                "ancestors",
                "data/001_bac-yen_ubnd-huyen_cong-van-phong-chong-covid.txt",
                "data",
            ],
        ),
        (
            "path.txt",
            &[
                "path",
                "1068/CĐ-TTg",
                "data/001_bac-yen_ubnd-huyen_cong-van-phong-chong-covid.txt",
                "data",
            ],
        ),
        (
            "path.json",
            &[
                "path",
                "1068/CĐ-TTg",
                "data/001_bac-yen_ubnd-huyen_cong-van-phong-chong-covid.txt",
                "data",
                "--format",
                "json",
            ],
        ),
        ("show.txt", &["show", "5255/VPCP-KGVX", "data"]),
        (
            "show.json",
            &["show", "5255/VPCP-KGVX", "data", "--format", "json"],
        ),
        ("report.md", &["report", "data"]),
    ];
    for (name, args) in stdout_cases {
        all.insert(name.to_string(), run(args));
    }
    // The command line itself: every command's help and the man page.
    all.insert("help/vncite.txt".into(), run(&["--help"]));
    for command in common::COMMANDS {
        all.insert(format!("help/{command}.txt"), run(&[command, "--help"]));
    }
    all.insert("help/vncite.1".into(), run(&["man"]));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let with_out = |args: &[&str], sub: &str| {
        let target = out.join(sub);
        let mut full: Vec<&str> = args.to_vec();
        full.push("-o");
        full.push(target.to_str().unwrap());
        run(&full);
    };
    std::fs::create_dir_all(out.join("report")).unwrap();
    std::fs::create_dir_all(out.join("csv")).unwrap();
    with_out(&["report", "data"], "report/report.html");
    with_out(&["graph", "data", "--format", "csv"], "csv/");
    for (rel, bytes) in files_under(out) {
        all.insert(rel.replace(std::path::MAIN_SEPARATOR, "/"), bytes);
    }
    all
}

#[test]
fn seeds_outputs_are_byte_identical_to_the_snapshot() {
    let dir = snapshot_dir();
    let got = outputs();
    if std::env::var_os("VNCITE_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        for (name, bytes) in &got {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        return;
    }
    let want = files_under(&dir);
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "the set of outputs changed");
    let differ: Vec<&String> = got
        .iter()
        .filter(|(name, bytes)| want.get(*name) != Some(bytes))
        .map(|(name, _)| name)
        .collect();
    assert!(
        differ.is_empty(),
        "these outputs differ from tests/snapshots/seeds/ (rewrite with VNCITE_BLESS=1 if the \
         change is meant): {differ:?}"
    );
}
