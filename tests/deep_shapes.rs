//! Long chains and wide stars: output and memory grow linearly with the graph, trees and the
//! report's chain sections are capped and say what they leave out, and every command finishes.

mod common;
use common::{vncite, write_chain, write_star};

/// Runs vncite, asserting success; stdout and stderr.
fn run(args: &[&str]) -> (String, String) {
    let out = vncite().args(args).output().unwrap();
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{args:?}: {e}");
    (o, e)
}

/// A tree of a chain of 300 stops at depth 50 by default and counts the 249 documents below;
/// asked for all of it, its lines fold their indentation past 64 levels, so every line stays
/// short (before: line n was 4n characters wide, a 10,000 chain made 200 MB).
#[test]
fn a_chain_tree_stops_at_depth_fifty_and_counts_what_lies_below() {
    let dir = tempfile::tempdir().unwrap();
    write_chain(dir.path(), 300);
    let root = dir.path().to_str().unwrap();
    let (tree, err) = run(&["descendants", "1/2021/QĐ-UBND", root]);
    assert_eq!(tree.lines().count(), 51, "root and 50 levels:\n{tree}");
    let last = tree.lines().last().unwrap();
    assert!(
        last.contains("51/2021/QĐ-UBND") && last.ends_with("(…)"),
        "{last}"
    );
    assert!(
        err.contains("249 more document(s) below depth 50 not shown"),
        "{err}"
    );
    let (all, err) = run(&["descendants", "1/2021/QĐ-UBND", "--depth", "1000", root]);
    assert_eq!(all.lines().count(), 300);
    assert!(!err.contains("more document(s)"), "{err}");
    let widest = all.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest < 400, "a line of {widest} characters");
    let deepest = all.lines().last().unwrap();
    assert!(
        deepest.starts_with("[+234] ") && deepest.contains("300/2021/QĐ-UBND"),
        "{deepest}"
    );
    // Upward too, from an index.
    let db = dir.path().join("x.db");
    vncite()
        .args(["index", root, "-o"])
        .arg(&db)
        .assert()
        .success();
    let (up, err) = run(&[
        "ancestors",
        "300/2021/QĐ-UBND",
        "--index",
        db.to_str().unwrap(),
    ]);
    assert_eq!(up.lines().count(), 51);
    assert!(
        err.contains("249 more document(s) below depth 50 not shown"),
        "{err}"
    );
    // A shallow tree loads one level past its depth and counts the rest from the edges.
    let (top, err) = run(&[
        "descendants",
        "1/2021/QĐ-UBND",
        "--depth",
        "3",
        "--index",
        db.to_str().unwrap(),
    ]);
    assert_eq!(top.lines().count(), 4);
    assert!(top.lines().last().unwrap().ends_with("(…)"), "{top}");
    assert!(
        err.contains("296 more document(s) below depth 3 not shown"),
        "{err}"
    );
}

/// The report of a chain stays the same size however long the chain (before, its tree made
/// it grow with the square: 10,000 documents, 205 MB; then linearly; now the complete tables
/// are CSV files beside it). Its tree and its longest chain say what they leave out.
#[test]
fn a_chain_report_stays_bounded_and_says_what_it_cut() {
    let size = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        write_chain(dir.path(), n);
        let (md, _) = run(&["report", dir.path().to_str().unwrap()]);
        md
    };
    let (small, large) = (size(200), size(800));
    let ratio = large.len() as f64 / small.len() as f64;
    assert!(
        ratio < 1.2,
        "800 vs 200 documents: {ratio:.2} times the bytes"
    );
    assert!(
        large.contains("… 770 more (`vncite descendants 1/2021/QĐ-UBND` shows them"),
        "the tree's cut is said"
    );
    assert!(
        large.contains("| 799 | 1/2021/QĐ-UBND → ")
            && large.contains("→ … 780 more … → (+0 d) 791/2021/QĐ-UBND"),
        "the longest chain shows its ends, with the delay of each hop, and counts the rest"
    );
}

/// A star of 2,000 documents implementing one: its tree is one line each, its report has one
/// tree, and every command finishes.
#[test]
fn a_star_is_one_level_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    write_star(dir.path(), 2000);
    let root = dir.path().to_str().unwrap();
    let (tree, err) = run(&["descendants", "1/2021/QĐ-UBND", root]);
    assert_eq!(tree.lines().count(), 2001);
    assert!(!err.contains("more document(s)"), "{err}");
    let (md, _) = run(&["report", root]);
    assert!(md.contains("| 1/2021/QĐ-UBND |"), "most cited");
    run(&["ancestors", "2001/2021/QĐ-UBND", root]);
    run(&["show", "1/2021/QĐ-UBND", root]);
    run(&["path", "2001/2021/QĐ-UBND", "1/2021/QĐ-UBND", root]);
}

/// Every command on a chain of 1,000,000 documents and a star of 200,000, each document
/// implementing the one it cites. Large (minutes, several GB):
/// `cargo test --release --test deep_shapes -- --ignored --nocapture`; BENCHMARKS.md has the
/// figures.
#[test]
#[ignore]
fn every_command_finishes_on_a_million_chain_and_a_star_of_two_hundred_thousand() {
    let n: usize = std::env::var("VNCITE_CHAIN")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let star: usize = std::env::var("VNCITE_STAR")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let dir = tempfile::tempdir().unwrap();
    let chain = dir.path().join("chain");
    write_chain(&chain, n);
    let root = chain.to_str().unwrap();
    let last = format!("{n}/2021/QĐ-UBND");
    let hops = (n + 1).to_string();
    let db = dir.path().join("chain.db");
    let dbs = db.to_str().unwrap();
    for args in [
        vec!["descendants", "1/2021/QĐ-UBND", root],
        vec!["descendants", "1/2021/QĐ-UBND", "--format", "list", root],
        vec!["ancestors", &last, root],
        vec!["show", "500000/2021/QĐ-UBND", root],
        vec!["path", &last, "1/2021/QĐ-UBND", "--max-hops", &hops, root],
        vec!["report", root],
        vec!["graph", root],
        vec!["index", root, "-o", dbs],
        vec!["descendants", "1/2021/QĐ-UBND", "--index", dbs],
        vec!["report", "--index", dbs],
    ] {
        let t = std::time::Instant::now();
        let (out, _) = run(&args);
        eprintln!(
            "chain {n}: {:?}: {:.1} s, {} bytes",
            &args[..2],
            t.elapsed().as_secs_f64(),
            out.len()
        );
        assert!(out.len() < 2000 * n, "{args:?}: {} bytes", out.len());
    }
    let stars = dir.path().join("star");
    write_star(&stars, star);
    let root = stars.to_str().unwrap();
    let leaf = format!("{}/2021/QĐ-UBND", star + 1);
    for args in [
        vec!["descendants", "1/2021/QĐ-UBND", root],
        vec!["ancestors", &leaf, root],
        vec!["show", "1/2021/QĐ-UBND", root],
        vec!["path", &leaf, "1/2021/QĐ-UBND", root],
        vec!["report", root],
        vec!["graph", root],
    ] {
        let t = std::time::Instant::now();
        let (out, _) = run(&args);
        eprintln!(
            "star {star}: {:?}: {:.1} s, {} bytes",
            &args[..2],
            t.elapsed().as_secs_f64(),
            out.len()
        );
        assert!(out.len() < 4000 * star, "{args:?}: {} bytes", out.len());
    }
}
