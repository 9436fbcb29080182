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
