//! The conventions a command-line user expects (issue 21): quiet and verbose, colour on a
//! terminal but never with NO_COLOR, completions and a man page, an example in every help,
//! JSON cards and chains, trees without deduplication or in ASCII, keys typed with spaces,
//! ambiguous keys listed twenty at a time, outputs refused before the corpus is read, and
//! errors that say what went wrong.

mod common;

use common::{decision, implementing, json, stdout, vncite, COMMANDS};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn quiet_drops_the_summary_and_verbose_names_each_document_and_the_time() {
    let normal = vncite().args(["show", "1068"]).output().unwrap();
    assert!(stderr_of(&normal).contains("5 document(s) read"));
    let quiet = vncite().args(["-q", "show", "1068"]).output().unwrap();
    assert!(quiet.status.success());
    assert_eq!(stderr_of(&quiet), "");
    assert_eq!(quiet.stdout, normal.stdout);
    // Anywhere on the line, and for writes too: no `wrote`.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.json");
    let q = vncite()
        .args(["graph", "--quiet", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(stderr_of(&q), "");
    // Warnings stay: a file skipped is still said.
    let skipped = vncite()
        .args(["-q", "extract", "--format", "json", "data", "/nope"])
        .output()
        .unwrap();
    assert!(stderr_of(&skipped).contains("skipped /nope"));
    let verbose = vncite().args(["show", "1068", "-v"]).output().unwrap();
    let err = stderr_of(&verbose);
    assert!(
        err.contains("read data/003_bac-kan_ubnd-tinh_cong-van-4924-UBND-VXNV.txt: 4924/UBND-VXNV, 6 reference(s)"),
        "{err}"
    );
    assert!(err.contains("took ") && err.contains(" s\n"), "{err}");
    vncite().args(["-q", "-v", "show", "1068"]).assert().code(2);
}

#[test]
fn colour_is_forced_by_clicolor_force_never_given_under_no_color_nor_in_data() {
    let tree = |envs: &[(&str, &str)], args: &[&str]| {
        let mut cmd = vncite();
        cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        cmd.args(args).output().unwrap()
    };
    let forced = tree(&[("CLICOLOR_FORCE", "1")], &["descendants", "1068"]);
    let text = String::from_utf8(forced.stdout.clone()).unwrap();
    assert!(text.contains("\u{1b}[36m[implements]\u{1b}[0m"), "{text:?}");
    assert!(stderr_of(&forced).contains("\u{1b}["));
    // The colours are all it adds.
    let plain = tree(&[], &["descendants", "1068"]);
    assert_eq!(
        anstream::adapter::strip_str(&text).to_string(),
        String::from_utf8(plain.stdout).unwrap()
    );
    for args in [
        &["descendants", "1068"][..],
        &["descendants", "1068", "--format", "json"],
    ] {
        let out = tree(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], args);
        assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b));
    }
    // Data is never coloured.
    let data = tree(
        &[("CLICOLOR_FORCE", "1")],
        &["descendants", "1068", "--format", "csv"],
    );
    assert!(!data.stdout.contains(&0x1b));
    // A document's own escape characters are still escaped, colour or not.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        decision(1, "Thực hiện Công điện số 1068/CĐ-TTg \u{1b}[2J."),
    )
    .unwrap();
    let out = tree(
        &[("CLICOLOR_FORCE", "1")],
        &["show", "1/2021/QĐ-UBND", dir.path().to_str().unwrap()],
    );
    let card = String::from_utf8(out.stdout).unwrap();
    assert!(
        card.contains("\\u{1b}[2J") && !card.contains("\u{1b}[2J"),
        "{card:?}"
    );
}

#[test]
fn completions_for_every_shell_and_man_pages() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&["completions", shell]);
        assert!(
            script.contains("annotate") && script.contains("descendants"),
            "{shell}"
        );
    }
    let bash = stdout(&["completions", "bash"]);
    assert!(bash.contains("_vncite()") && bash.contains("--no-dedupe"));
    let man = stdout(&["man"]);
    assert!(
        man.contains(".TH vncite 1") && man.contains("annotate"),
        "{man}"
    );
    let page = stdout(&["man", "descendants"]);
    assert!(
        page.contains(".TH vncite\\-descendants 1") || page.contains(".TH vncite-descendants 1"),
        "{page}"
    );
    assert!(page.contains("no\\-dedupe"), "{page}");
    vncite().args(["man", "nope"]).assert().code(2);
}

#[test]
fn every_command_has_an_example_in_its_help_and_the_exit_statuses_are_listed() {
    let top = stdout(&["--help"]);
    assert!(top.contains("Exit status:") && top.contains("130"));
    for c in COMMANDS {
        assert!(top.contains(&format!("  {c} ")), "{c} in --help");
        let help = stdout(&[c, "--help"]);
        assert!(help.contains("Examples:\n  vncite "), "{c} --help:\n{help}");
    }
}

#[test]
fn show_and_path_write_json() {
    let card = json(&["show", "1063/CĐ-TTg", "--format", "json"]);
    assert_eq!(card["document"]["id"], "1063/CĐ-TTg");
    assert_eq!(card["cites"].as_array().unwrap().len(), 0);
    let citers = card["cited_by"].as_array().unwrap();
    assert!(citers
        .iter()
        .any(|c| c["document"]["id"] == "4924/UBND-VXNV" && c["relation"] == "implements"));
    assert!(citers
        .iter()
        .all(|c| !c["sources"].as_array().unwrap().is_empty()));
    let bac_yen = "data/001_bac-yen_ubnd-huyen_cong-van-phong-chong-covid.txt";
    let p = json(&["path", "1068/CĐ-TTg", bac_yen, "--format", "json"]);
    assert_eq!(p["from"]["id"], "1068/CĐ-TTg");
    let chain = &p["chains"][0];
    assert_eq!(chain["hops"], 2);
    let ids: Vec<&str> = chain["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids[..2], ["1068/CĐ-TTg", "2405/UBND-KGVX"]);
    assert_eq!(chain["steps"][0]["direction"], "cited_by");
    assert_eq!(chain["steps"][0]["relations"][0], "implements");
    assert_eq!(chain["steps"][0]["delay_days"], serde_json::json!([1, 1]));
    assert_eq!(p["left_out"], 0);
    // The same from an index.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    stdout(&["index", "data", "-o", db]);
    let from_index = json(&[
        "path",
        "1068/CĐ-TTg",
        bac_yen,
        "--format",
        "json",
        "--index",
        db,
    ]);
    assert_eq!(from_index["chains"], p["chains"]);
    let card2 = json(&["show", "1063/CĐ-TTg", "--format", "json", "--index", db]);
    assert_eq!(card2["cited_by"], card["cited_by"]);
}

/// Decisions 1 ← 2, 1 ← 3, 2 ← 4, 3 ← 4, 4 ← 5: document 4 (and 5 below it) reached twice.
fn diamond(dir: &Path) {
    let cites = |ns: &[usize]| {
        ns.iter()
            .map(|&n| implementing(n))
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (n, body) in [
        (1, String::new()),
        (2, cites(&[1])),
        (3, cites(&[1])),
        (4, cites(&[2, 3])),
        (5, cites(&[4])),
    ] {
        std::fs::write(dir.join(format!("{n}.txt")), decision(n, &body)).unwrap();
    }
}

#[test]
fn descendants_without_dedupe_expand_a_document_wherever_it_is_met_and_draw_in_ascii() {
    let dir = tempfile::tempdir().unwrap();
    diamond(dir.path());
    let d = dir.path().to_str().unwrap();
    let count = |text: &str, what: &str| text.matches(what).count();
    let dedup = stdout(&["descendants", "1/2021/QĐ-UBND", d]);
    assert_eq!(count(&dedup, "4/2021/QĐ-UBND"), 2, "{dedup}");
    assert_eq!(count(&dedup, "5/2021/QĐ-UBND"), 1, "{dedup}");
    assert_eq!(count(&dedup, "(*)"), 1, "{dedup}");
    let full = stdout(&["descendants", "1/2021/QĐ-UBND", "--no-dedupe", d]);
    assert_eq!(count(&full, "4/2021/QĐ-UBND"), 2, "{full}");
    assert_eq!(count(&full, "5/2021/QĐ-UBND"), 2, "{full}");
    assert_eq!(count(&full, "(*)"), 0, "{full}");
    let ascii = stdout(&[
        "descendants",
        "1/2021/QĐ-UBND",
        "--no-dedupe",
        "--charset",
        "ascii",
        d,
    ]);
    assert!(!ascii.contains(['├', '└', '│', '…', '–']), "{ascii}");
    assert!(ascii.contains("|-- ") && ascii.contains("`-- "), "{ascii}");
    // Line for line the same tree.
    let unicode_free = full
        .replace("├── ", "|-- ")
        .replace("└── ", "`-- ")
        .replace("│   ", "|   ")
        .replace('–', "-");
    assert_eq!(ascii, unicode_free);
    // A cycle is cut without deduplication too, marked where it closes.
    let cyc = tempfile::tempdir().unwrap();
    std::fs::write(cyc.path().join("a.txt"), decision(1, &implementing(2))).unwrap();
    std::fs::write(cyc.path().join("b.txt"), decision(2, &implementing(1))).unwrap();
    let c = stdout(&[
        "descendants",
        "1/2021/QĐ-UBND",
        "--no-dedupe",
        cyc.path().to_str().unwrap(),
    ]);
    assert_eq!(c.lines().count(), 3, "{c}");
    assert!(c.lines().last().unwrap().ends_with("(*)"), "{c}");
}

#[test]
fn a_key_typed_with_spaces_is_found_in_files_and_in_an_index() {
    for key in ["1068 CĐ TTg", "1068 cd ttg", "1068/CĐ TTg"] {
        let card = stdout(&["show", key]);
        assert!(card.starts_with("1068/CĐ-TTg\n"), "{key}: {card}");
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    stdout(&["index", "data", "-o", db]);
    let card = stdout(&["show", "4924 UBND VXNV", "--index", db]);
    assert!(card.starts_with("4924/UBND-VXNV\n"), "{card}");
}

#[test]
fn an_ambiguous_key_lists_twenty_candidates_and_counts_the_rest() {
    const PROVINCES: [&str; 25] = [
        "SƠN LA",
        "LAI CHÂU",
        "BẮC KẠN",
        "HÀ GIANG",
        "CAO BẰNG",
        "LÀO CAI",
        "YÊN BÁI",
        "TUYÊN QUANG",
        "THÁI NGUYÊN",
        "LẠNG SƠN",
        "QUẢNG NINH",
        "BẮC GIANG",
        "PHÚ THỌ",
        "VĨNH PHÚC",
        "BẮC NINH",
        "HẢI DƯƠNG",
        "HƯNG YÊN",
        "THÁI BÌNH",
        "HÀ NAM",
        "NAM ĐỊNH",
        "NINH BÌNH",
        "THANH HÓA",
        "NGHỆ AN",
        "HÀ TĨNH",
        "QUẢNG BÌNH",
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, p) in PROVINCES.iter().enumerate() {
        let text = format!("ỦY BAN NHÂN DÂN\nTỈNH {p}\n\nSố: 12/UBND-VP\n\nngày 05 tháng 8 năm 2021\n\nThực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021.\n");
        std::fs::write(dir.path().join(format!("{i:02}.txt")), text).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    stdout(&["index", d, "-o", db]);
    for args in [
        vec!["show", "12/UBND-VP", d],
        vec!["show", "12/UBND-VP", "--index", db],
    ] {
        let out = vncite().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = stderr_of(&out);
        assert!(err.contains("`12/UBND-VP` names 25 documents"), "{err}");
        let listed = err
            .lines()
            .filter(|l| l.starts_with("  12/UBND-VP ("))
            .count();
        assert_eq!(listed, 20, "{err}");
        assert!(err.contains("  … and 5 more"), "{err}");
    }
}

#[test]
fn outputs_that_cannot_be_written_are_refused_before_the_corpus_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("nope");
    for (args, says) in [
        (
            vec!["report", "-o", "x.pdf"],
            "-o takes a .md or .html file",
        ),
        (
            vec!["report", "-o", "x.docx"],
            "-o takes a .md or .html file",
        ),
        (
            vec!["report", "-o", &format!("{}/r.md", gone.display())],
            "does not exist",
        ),
        (
            vec!["graph", "-o", &format!("{}/g.svg", gone.display())],
            "does not exist",
        ),
        (vec!["graph", "-o", "g.xyz"], "cannot tell the format"),
        (
            vec![
                "graph",
                "--format",
                "csv",
                "-o",
                &format!("{}/t/", gone.display()),
            ],
            "does not exist",
        ),
        (
            vec!["index", "data", "-o", &format!("{}/c.db", gone.display())],
            "does not exist",
        ),
        (
            vec![
                "annotate",
                "data",
                "-o",
                &format!("{}/pages", gone.display()),
            ],
            "does not exist",
        ),
        (
            vec!["report", "-o", dir.path().to_str().unwrap()],
            "is a folder",
        ),
    ] {
        vncite()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says))
            .stderr(predicate::str::contains("document(s) read").not())
            .stdout(predicate::str::is_empty());
    }
    assert!(!Path::new("x.pdf").exists() && !gone.exists());
    // A device is written into, never replaced by a file renamed over it.
    let out = vncite()
        .args(["report", "-q", "-o", "/dev/stdout"])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.starts_with(b"# vncite report"));
    assert!(!std::fs::symlink_metadata("/dev/stdout").unwrap().is_file());
    // What works still does.
    let md = dir.path().join("r.markdown");
    vncite().args(["report", "-o"]).arg(&md).assert().success();
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .starts_with("# vncite report"));
}

#[test]
fn extract_and_index_do_not_offer_index() {
    for c in ["extract", "index", "annotate"] {
        let help = stdout(&[c, "--help"]);
        assert!(!help.contains("--index <FILE>"), "{c}: {help}");
    }
    for c in ["descendants", "show", "graph", "report"] {
        assert!(stdout(&[c, "--help"]).contains("--index <FILE>"), "{c}");
    }
    vncite()
        .args(["extract", "--index", "x.db"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unexpected argument '--index'"));
}

#[test]
fn a_query_over_nothing_read_says_so_not_that_the_key_is_missing() {
    vncite()
        .args(["descendants", "1068", "/nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nothing was read: /nope does not exist",
        ))
        .stderr(predicate::str::contains("no document").not());
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("scan.pdf.txt"), b"%PDF-1.4 binary").unwrap();
    vncite()
        .args(["show", "1068"])
        .arg(empty.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nothing was read from"))
        .stderr(predicate::str::contains("1 file(s) skipped"));
}

#[test]
fn png_and_pdf_are_not_written_to_a_terminal() {
    let Ok(script) = which("script") else {
        eprintln!("skipped: `script` (util-linux) is not installed to give vncite a terminal");
        return;
    };
    let bin = assert_cmd::cargo::cargo_bin("vncite");
    for format in ["png", "pdf"] {
        let out = std::process::Command::new(&script)
            .args(["-qec"])
            .arg(format!("{} graph --format {format} data", bin.display()))
            .arg("/dev/null")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(text.contains("binary and stdout is a terminal"), "{text}");
        assert!(!text.contains("document(s) read"), "{text}");
    }
    // Redirected, it is written as before (or explains that Graphviz is missing).
    let out = vncite()
        .args(["graph", "--format", "png"])
        .output()
        .unwrap();
    assert!(out.status.success() || stderr_of(&out).contains("Graphviz"));
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .find(|f| f.is_file())
        })
        .ok_or(())
}

#[test]
fn depth_without_root_is_an_error() {
    vncite()
        .args(["graph", "--depth", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--root"));
    let g: Value = json(&[
        "graph", "--root", "1068", "--depth", "1", "--format", "json",
    ]);
    assert!(g["nodes"].as_array().unwrap().len() >= 3);
}
