//! Helpers the CLI tests share: the binary, and the graph shapes they build on disk.
#![allow(dead_code)] // each test file uses some of them

use assert_cmd::Command;
use std::path::Path;

/// The `vncite` binary under test.
pub fn vncite() -> Command {
    Command::cargo_bin("vncite").unwrap()
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
