//! Helpers shared by the command-line tests: running vncite, reading what it writes, loading
//! it in Python's networkx, and the graph shapes the tests build on disk.
// Each test file uses only some of them.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Every command, as `vncite --help` lists them.
pub const COMMANDS: [&str; 11] = [
    "extract",
    "descendants",
    "ancestors",
    "path",
    "show",
    "graph",
    "index",
    "annotate",
    "report",
    "completions",
    "man",
];

/// The vncite binary under test.
pub fn vncite() -> Command {
    Command::cargo_bin("vncite").unwrap()
}

/// Runs vncite, asserts it succeeded, and returns its stdout as bytes.
pub fn stdout_bytes(args: &[&str]) -> Vec<u8> {
    let out = vncite().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs vncite, asserts it succeeded, and returns its stdout.
pub fn stdout(args: &[&str]) -> String {
    String::from_utf8(stdout_bytes(args)).unwrap()
}

/// Runs vncite and parses its stdout as JSON.
pub fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).unwrap()
}

/// Node ids and (citing, cited) pairs of a graph: what two formats must agree on.
#[derive(Debug, PartialEq, Eq)]
pub struct Shape {
    /// Every node id.
    pub nodes: BTreeSet<String>,
    /// Every edge, source to target.
    pub edges: BTreeSet<(String, String)>,
    /// How many edge records there were (a set would hide a duplicate).
    pub edge_records: usize,
}

/// The shape of `vncite graph --format json` output.
pub fn json_shape(v: &Value) -> Shape {
    let nodes = v["nodes"].as_array().unwrap();
    let edges = v["edges"].as_array().unwrap();
    Shape {
        nodes: nodes
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect(),
        edges: edges
            .iter()
            .map(|e| {
                (
                    e["citing"].as_str().unwrap().to_string(),
                    e["cited"].as_str().unwrap().to_string(),
                )
            })
            .collect(),
        edge_records: edges.len(),
    }
}

/// Parses XML (failing the test when it is not well-formed) and returns the shape of its
/// `node` and `edge` elements, as GEXF and GraphML both name them.
pub fn xml_shape(text: &str) -> Shape {
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not XML: {e}"));
    let named = |tag: &'static str| {
        doc.descendants()
            .filter(move |n| n.is_element() && n.tag_name().name() == tag)
    };
    let nodes: Vec<String> = named("node")
        .map(|n| n.attribute("id").unwrap().to_string())
        .collect();
    let edges: Vec<(String, String)> = named("edge")
        .map(|e| {
            (
                e.attribute("source").unwrap().to_string(),
                e.attribute("target").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        nodes.len(),
        nodes.iter().collect::<BTreeSet<_>>().len(),
        "node ids are unique"
    );
    Shape {
        nodes: nodes.into_iter().collect(),
        edge_records: edges.len(),
        edges: edges.into_iter().collect(),
    }
}

/// The rows of a CSV file, header first.
pub fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    r.records().map(Result::unwrap).collect()
}

/// True when `python3` can import networkx; otherwise says why the caller skips.
pub fn networkx_available() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import networkx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!(
            "skipped: python3 with networkx is not installed (`pip install networkx`; .ci/run installs it)"
        );
    }
    ok
}

/// Runs a Python script with `args`, asserts it succeeded, and parses the JSON it prints.
pub fn python_json(script: &str, args: &[&Path]) -> Value {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Decision `n`/2021/QĐ-UBND of Sơn La's committee, saying `body`: the document the graph
/// shapes are built of.
pub fn decision(n: usize, body: &str) -> String {
    format!("UBND TỈNH SƠN LA\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: {n}/2021/QĐ-UBND\nSơn La, ngày 01 tháng 7 năm 2021\nQUYẾT ĐỊNH\nVề việc triển khai.\n\n{body}\n")
}

/// The sentence by which a decision implements decision `n`.
pub fn implementing(n: usize) -> String {
    format!("Thực hiện Quyết định số {n}/2021/QĐ-UBND của UBND tỉnh Sơn La.")
}

/// Writes decision `i` to `dir`, a thousand files a folder (a million in one folder is slow
/// to list).
fn write_decision(dir: &Path, i: usize, body: &str) {
    let sub = dir.join(format!("{:04}", i / 1000));
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join(format!("{i:07}.txt")), decision(i, body)).unwrap();
}

/// A chain of `n` decisions under `dir`, each implementing the one before: 1 ← 2 ← … ← n.
pub fn write_chain(dir: &Path, n: usize) {
    for i in 1..=n {
        let body = if i > 1 {
            implementing(i - 1)
        } else {
            "Nội dung.".to_string()
        };
        write_decision(dir, i, &body);
    }
}

/// A star under `dir`: decision 1 and `n` decisions (2 … n+1) that each implement it.
pub fn write_star(dir: &Path, n: usize) {
    write_decision(dir, 1, "Nội dung.");
    for i in 2..=n + 1 {
        write_decision(dir, i, &implementing(1));
    }
}

/// Copies the seeds into `dir/a` (three files) and `dir/b` (the rest).
pub fn seeds_into(dir: &Path) {
    let mut seeds: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    for (i, s) in seeds.iter().enumerate() {
        let sub = dir.join(if i < 3 { "a" } else { "b" });
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::copy(s, sub.join(s.file_name().unwrap())).unwrap();
    }
}

/// The paths of the documents an index holds, sorted, each once.
pub fn indexed_paths(db: &Path) -> Vec<String> {
    let idx = vncite::index::Index::open(db).unwrap();
    let mut v: Vec<String> = idx
        .corpus()
        .unwrap()
        .documents
        .iter()
        .map(|d| d.path.clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The date the report tests make their reports on (`SOURCE_DATE_EPOCH`): 2023-11-14 22:13 UTC.
pub const REPORT_EPOCH: &str = "1700000000";

/// Runs `vncite report ARGS... -o NAME` inside `dir` on a fixed date, asserts it succeeded,
/// and returns the report's text. Run twice in two folders with the same arguments, it gives
/// the same command line, so the two reports can be compared byte for byte.
pub fn report_in(dir: &Path, args: &[&std::ffi::OsStr], name: &str) -> String {
    let out = vncite()
        .env("VNCITE_DOT", "none")
        .env("SOURCE_DATE_EPOCH", REPORT_EPOCH)
        .current_dir(dir)
        .arg("report")
        .args(args)
        .args(["-o", name])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// The report of the seeds (`data/`, named by its absolute path) written as `name` in `dir`.
pub fn seeds_report(dir: &Path, name: &str) -> String {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    report_in(dir, &[data.as_os_str()], name)
}
