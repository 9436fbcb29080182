//! End-to-end: the graph, its queries, diagrams and reports on the seeds.

use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;

mod common;
use common::{decision, vncite};

fn stdout(args: &[&str]) -> String {
    let out = vncite().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).unwrap()
}

/// The file names (or keys) of the documents a JSON query reached.
fn reached(v: &Value) -> BTreeSet<String> {
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| match d["key"].as_str() {
            Some(k) => k.to_string(),
            None => d["path"].as_str().unwrap().rsplit('/').next().unwrap()[..3].to_string(),
        })
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn descendants_of_1068_are_exactly_son_la_bac_yen_and_lai_chau() {
    let v = json(&["descendants", "1068/CĐ-TTg", "data", "--format", "json"]);
    assert_eq!(reached(&v), set(&["2405/UBND-KGVX", "001", "004"]));
    let depth: Vec<u64> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["depth"].as_u64().unwrap())
        .collect();
    assert_eq!(
        depth.iter().filter(|d| **d == 2).count(),
        1,
        "Bắc Yên is reached through 2405"
    );
}

#[test]
fn keys_are_forgiving() {
    for k in ["1068/CD-TTg", "1068/cđ-ttg", "1068", " 1068/CĐ-TTg "] {
        let v = json(&["descendants", k, "--format", "json"]);
        assert_eq!(v["root"]["key"], "1068/CĐ-TTg", "{k}");
    }
    let v = json(&[
        "ancestors",
        "data/003_bac-kan_ubnd-tinh_cong-van-4924-UBND-VXNV.txt",
        "--format",
        "json",
    ]);
    assert_eq!(v["root"]["key"], "4924/UBND-VXNV");
}

#[test]
fn depth_and_relation_filters() {
    let v = json(&[
        "descendants",
        "1068/CĐ-TTg",
        "--depth",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(reached(&v), set(&["2405/UBND-KGVX", "004"]));
    let v = json(&[
        "descendants",
        "1068/CĐ-TTg",
        "--relation",
        "cites",
        "--format",
        "json",
    ]);
    assert!(reached(&v).is_empty());
    let v = json(&[
        "ancestors",
        "4924/UBND-VXNV",
        "--relation",
        "implements,amends",
        "--format",
        "json",
    ]);
    assert_eq!(reached(&v), set(&["1063/CĐ-TTg", "5255/VPCP-KGVX"]));
    vncite()
        .args(["descendants", "1068", "--relation", "obeys"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown relation"));
}

#[test]
fn tree_format_marks_repeats_and_shows_dates_issuers_relations() {
    let t = stdout(&["ancestors", "4924/UBND-VXNV"]);
    assert!(
        t.starts_with("4924/UBND-VXNV  Công văn  2021-08-03  Ủy ban nhân dân tỉnh Bắc Kạn\n"),
        "{t}"
    );
    // The ancestor came first: three days before the document above it.
    assert!(t.contains("├── 1063/CĐ-TTg  Công điện  2021-07-31  Thủ tướng Chính phủ  (not in corpus)  [implements] -3 d"), "{t}");
    assert!(
        t.contains("└── 1063/CĐ-TTg") && t.contains("[amends] +0 d (*)"),
        "{t}"
    );
    let t = stdout(&["descendants", "1068/CĐ-TTg"]);
    assert!(
        t.contains("└── 2405/UBND-KGVX") && t.contains("    └── /UBND-VP (unnumbered, "),
        "{t}"
    );
}

#[test]
fn list_and_csv_formats() {
    let l = stdout(&["descendants", "1068", "--format", "list"]);
    assert_eq!(l.lines().count(), 3);
    assert!(l
        .lines()
        .all(|x| x.starts_with("1  ") || x.starts_with("2  ")));
    let c = stdout(&["descendants", "1068", "--format", "csv"]);
    let lines: Vec<&str> = c.lines().collect();
    assert_eq!(
        lines[0],
        "depth,id,key,kind,date,issuer,level,in_corpus,relation,via"
    );
    assert_eq!(lines.len(), 4);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("2,") && l.ends_with(",implements,2405/UBND-KGVX")),
        "{c}"
    );
}

#[test]
fn ancestors_reach_the_root_directives() {
    let v = json(&[
        "ancestors",
        "data/001_bac-yen_ubnd-huyen_cong-van-phong-chong-covid.txt",
        "--format",
        "json",
    ]);
    assert_eq!(
        reached(&v),
        set(&[
            "550-CV/HU",
            "2395/UBND-KGVX",
            "5312/VPCP-KGVX",
            "2405/UBND-KGVX",
            "1068/CĐ-TTg",
            "21/NQ-CP",
            "68/NQ-CP",
            "23/2021/QĐ-TTg"
        ])
    );
}

#[test]
fn path_between_the_directive_and_the_district() {
    let t = stdout(&[
        "path",
        "1068/CĐ-TTg",
        "data/001_bac-yen_ubnd-huyen_cong-van-phong-chong-covid.txt",
    ]);
    assert!(t.starts_with("chain 1 (2 hops)\n  1068/CĐ-TTg"), "{t}");
    assert!(t.contains("2405/UBND-KGVX"));
    vncite()
        .args(["path", "1063/CĐ-TTg", "1068/CĐ-TTg"])
        .assert()
        .code(1);
}

#[test]
fn show_gives_a_card_with_sentences() {
    let t = stdout(&["show", "5255/VPCP-KGVX"]);
    assert!(t.contains("issuer    Văn phòng Chính phủ (central)"));
    assert!(t.contains("[amends] 1063/CĐ-TTg"));
    assert!(t.contains("[implements] 4924/UBND-VXNV"));
    assert!(t.contains(
        "003_bac-kan_ubnd-tinh_cong-van-4924-UBND-VXNV.txt:15: Thực hiện Công điện số 1063/CD-TTg"
    ));
}

#[test]
fn unknown_and_ambiguous_keys_exit_2_with_candidates() {
    vncite()
        .args(["show", "1069/CĐ-TTg"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("closest: ").and(predicate::str::contains("1068/CĐ-TTg")));
    // Two provinces' 2395/UBND-KGVX are two documents, and a bare key must say which.
    let dir = tempfile::tempdir().unwrap();
    for (f, prov) in [("a.txt", "SƠN LA"), ("b.txt", "LAI CHÂU")] {
        let text = format!("ỦY BAN NHÂN DÂN\nTỈNH {prov}\n\nSố: 12/UBND-VP\n\nHà Nội, ngày 05 tháng 8 năm 2021\n\nThực hiện Công văn số 2395/UBND-KGVX ngày 06/8/2021.\n");
        std::fs::write(dir.path().join(f), text).unwrap();
    }
    let out = vncite()
        .args(["show", "2395/UBND-KGVX"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("names 2 documents") && err.contains("Sơn La") && err.contains("Lai Châu"),
        "{err}"
    );
    let g: Value = serde_json::from_slice(
        &vncite()
            .args(["graph", "--format", "json"])
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let keys: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["key"].as_str())
        .collect();
    assert_eq!(keys.iter().filter(|k| **k == "2395/UBND-KGVX").count(), 2);
    assert_eq!(keys.iter().filter(|k| **k == "12/UBND-VP").count(), 2);
}

#[test]
fn graph_json_has_nodes_and_edges_with_sources() {
    let g = json(&["graph", "--format", "json"]);
    let nodes = g["nodes"].as_array().unwrap();
    let n = nodes.iter().find(|n| n["key"] == "1068/CĐ-TTg").unwrap();
    assert_eq!(n["in_corpus"], false);
    assert_eq!(n["date"], "2021-08-05");
    assert_eq!(n["kind"], "Công điện");
    assert_eq!(n["issuer"]["code"], "TTg");
    assert_eq!(
        nodes.iter().filter(|n| n["key"] == "1063/CĐ-TTg").count(),
        1,
        "CD and CĐ are one node"
    );
    assert_eq!(nodes.iter().filter(|n| n["in_corpus"] == true).count(), 5);
    let edges = g["edges"].as_array().unwrap();
    let e = edges
        .iter()
        .find(|e| e["citing"] == "2405/UBND-KGVX" && e["cited"] == "1068/CĐ-TTg")
        .unwrap();
    assert_eq!(e["relation"], "implements");
    assert_eq!(e["sources"][0]["line"], 22);
    let amend = edges
        .iter()
        .find(|e| e["citing"] == "5255/VPCP-KGVX")
        .unwrap();
    assert_eq!(amend["relation"], "amends");
    assert_eq!(amend["cited"], "1063/CĐ-TTg");
    // The subject and body mentions of 1063 in 4924 are one edge with two sources.
    let e = edges
        .iter()
        .find(|e| e["citing"] == "4924/UBND-VXNV" && e["cited"] == "1063/CĐ-TTg")
        .unwrap();
    assert_eq!(e["sources"].as_array().unwrap().len(), 2);
}

#[test]
fn dot_output_escapes_and_draws_every_node() {
    let dot = stdout(&["graph", "--format", "dot"]);
    assert!(dot.starts_with("digraph vncite {"));
    assert!(dot.contains("dir=\"back\""));
    assert!(
        dot.contains("filled,dashed"),
        "documents not in the corpus are dashed"
    );
    assert!(dot.contains("cluster_legend"));
    assert_eq!(
        dot.matches("label=\"1068/CĐ-TTg\\nCĐ · 2021-08-05\\nThủ tướng Chính phủ\"")
            .count(),
        1
    );
    let ego = stdout(&[
        "graph",
        "--root",
        "2405/UBND-KGVX",
        "--depth",
        "1",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&ego).unwrap();
    assert_eq!(v["nodes"].as_array().unwrap().len(), 3);
}

#[test]
fn svg_without_graphviz_uses_the_builtin_layout_and_png_explains() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("g.svg");
    vncite()
        .env("VNCITE_DOT", "none")
        .args(["graph", "-o"])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg")
            && text.contains("1068/CĐ-TTg")
            && text.contains("(arrows point at the cited document)")
    );
    vncite()
        .env("VNCITE_DOT", "none")
        .args(["graph", "-o"])
        .arg(dir.path().join("g.png"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("apt-get install graphviz"));
    assert!(!dir.path().join("g.png").exists());
}

#[test]
fn never_writes_over_an_input_file() {
    let dir = tempfile::tempdir().unwrap();
    // A Markdown document, as a report could be named (a `.txt` is no report's name).
    let f = dir.path().join("doc.md");
    std::fs::write(&f, "Số: 12/UBND-VP\nThực hiện Công điện số 1068/CĐ-TTg.\n").unwrap();
    vncite()
        .args(["report", "-o"])
        .arg(&f)
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to write over input"));
    assert!(std::fs::read_to_string(&f).unwrap().starts_with("Số: 12"));
}

/// A file holding two documents gives two documents, each named `path#N` by `show`, from
/// files and from an index alike.
#[test]
fn each_document_of_a_bundle_file_is_named_by_its_part() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.txt");
    std::fs::write(
        &file,
        "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 10/2026/NĐ-CP\nHà Nội, ngày 01 tháng 2 năm 2026\nNGHỊ ĐỊNH\n\nCăn cứ Luật số 63/2025/QH15;\n\nBỘ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 5/2026/TT-BYT\nHà Nội, ngày 03 tháng 3 năm 2026\nTHÔNG TƯ\n\nCăn cứ Nghị định số 10/2026/NĐ-CP;\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let dir_s = dir.path().to_str().unwrap();
    let second = format!("{file}#2");
    let card = stdout(&["show", &second, dir_s]);
    assert!(card.starts_with("5/2026/TT-BYT"), "{card}");
    let db = dir.path().join("b.db");
    let db = db.to_str().unwrap();
    stdout(&["index", file, "-o", db]);
    let card = stdout(&["show", &second, "--index", db]);
    assert!(card.starts_with("5/2026/TT-BYT"), "{card}");
    let first = stdout(&["show", &format!("{file}#1"), "--index", db]);
    assert!(first.starts_with("10/2026/NĐ-CP"), "{first}");
}

#[test]
fn one_edge_per_citing_and_cited_pair_with_every_mention() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "ỦY BAN NHÂN DÂN TỈNH SƠN LA\nSố: 12/UBND-VP\nSơn La, ngày 05 tháng 8 năm 2021\n\n\
         Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ, UBND tỉnh \
         yêu cầu các sở thực hiện nghiêm. Các nội dung khác theo Công điện số 1068/CĐ-TTg.\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let g = json(&["graph", "--format", "json", path]);
    let edges: Vec<&Value> = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["cited"] == "1068/CĐ-TTg")
        .collect();
    assert_eq!(edges.len(), 1, "{edges:?}");
    assert_eq!(edges[0]["relation"], "implements");
    let rels: Vec<&str> = edges[0]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["relation"].as_str().unwrap())
        .collect();
    assert_eq!(rels, ["implements", "cites"]);
    let d = json(&["descendants", "1068/CĐ-TTg", "--format", "json", path]);
    assert_eq!(d["documents"].as_array().unwrap().len(), 1, "{d}");
}

/// A province's or district's letter, as a file in `dir`.
fn write_letter(
    dir: &std::path::Path,
    name: &str,
    heading: &str,
    place: &str,
    number: &str,
    date: (u8, u8, u16),
    body: &str,
) {
    let text = format!(
        "ỦY BAN NHÂN DÂN\n{heading}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: {number}\n\n{place}, ngày {:02} tháng {:02} năm {}\n\nV/v phòng, chống dịch bệnh\n\n{body}\n",
        date.0, date.1, date.2
    );
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn a_reference_two_documents_fit_is_counted_and_listed_not_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Kính gửi: các huyện.";
    write_letter(
        dir.path(),
        "son-la.txt",
        "TỈNH SƠN LA",
        "Sơn La",
        "4/KH-UBND",
        (4, 11, 2021),
        body,
    );
    write_letter(
        dir.path(),
        "lai-chau.txt",
        "TỈNH LAI CHÂU",
        "Lai Châu",
        "4/KH-UBND",
        (4, 11, 2021),
        body,
    );
    write_letter(
        dir.path(),
        "dien-bien.txt",
        "TỈNH ĐIỆN BIÊN",
        "Điện Biên",
        "4/KH-UBND",
        (20, 3, 2021),
        body,
    );
    write_letter(
        dir.path(),
        "mai-son.txt",
        "HUYỆN MAI SƠN",
        "Mai Sơn",
        "1/KH-UBND",
        (9, 11, 2021),
        "Triển khai Kế hoạch số 4/KH-UBND ngày 04 tháng 11 năm 2021 của UBND tỉnh về phòng, chống dịch bệnh, Ủy ban nhân dân huyện Mai Sơn yêu cầu thực hiện.",
    );
    let out = vncite()
        .args(["graph", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 reference(s) fit several documents"),
        "{stderr}"
    );
    let g: Value = serde_json::from_slice(&out.stdout).unwrap();
    let amb: Vec<&Value> = g["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["type"] == "ambiguous_reference")
        .collect();
    assert_eq!(amb.len(), 1, "{:?}", g["anomalies"]);
    let candidates: BTreeSet<String> = amb[0]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    // The two of that day, not Điện Biên's of March.
    assert_eq!(candidates.len(), 2, "{candidates:?}");
    assert!(
        candidates.iter().all(|c| !c.contains("Điện Biên")),
        "{candidates:?}"
    );
    // The district's edge goes to the ambiguous node, not to either province.
    let edge = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["sources"][0]["path"]
                .as_str()
                .unwrap()
                .ends_with("mai-son.txt")
        })
        .unwrap();
    assert_eq!(edge["cited"], amb[0]["id"]);
    // An index says it too, when it is made and when an update finds nothing changed (the
    // count is then read from the stored anomalies).
    let db = tempfile::tempdir().unwrap();
    let db = db.path().join("ix.db");
    for run in ["new", "unchanged"] {
        let out = vncite()
            .arg("index")
            .arg(dir.path())
            .arg("-o")
            .arg(&db)
            .output()
            .unwrap();
        assert!(out.status.success(), "{run}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("1 reference(s) fit several documents"),
            "{run}: {stderr}"
        );
    }
}

#[test]
fn a_graph_graphviz_cannot_route_curved_is_drawn_with_straight_edges() {
    // Three real decrees and circulars whose clustered, ranked graph makes `dot` 2.x fail in
    // `routesplines` and draw nothing.
    let corpus = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/dev-corpus"));
    let files = [
        "tai-chinh__thong-tu-97-2026-tt-btc-bai-bo-tt-55-2010.md",
        "thuong-mai__nghi-dinh-137-2026-nd-cp-kinh-doanh-da-cap.md",
        "nang-luong__nghi-quyet-29-2026-nq-cp-thi-diem-xang-E10.md",
    ];
    if !corpus.is_dir()
        || std::process::Command::new("dot")
            .arg("-V")
            .output()
            .is_err()
    {
        eprintln!("skipped: no dev corpus or no Graphviz");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("g.png");
    let mut cmd = vncite();
    cmd.arg("graph");
    for f in files {
        cmd.arg(corpus.join(f));
    }
    cmd.arg("-o").arg(&png).assert().success();
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG was written");
}

/// A ladder of 20 levels of two documents, each implementing both of the level above: 2^20
/// chains of 21 hops join its top and bottom. Enumerating partial chains gave up at 200,000
/// and said there was no chain; a breadth-first search finds the shortest ones and says how
/// many it does not list.
#[test]
fn path_finds_the_shortest_chains_of_a_ladder_and_counts_those_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let doc = |n: u32, cites: &[u32]| {
        let body = match cites {
            [] => "Nội dung.".to_string(),
            c => format!(
                "Thực hiện {}.",
                c.iter()
                    .map(|k| format!("Quyết định số {k}/2021/QĐ-UBND"))
                    .collect::<Vec<_>>()
                    .join(" và ")
            ),
        };
        std::fs::write(
            dir.path().join(format!("{n:04}.txt")),
            decision(n as usize, &body),
        )
        .unwrap();
    };
    doc(1, &[]);
    let mut above = vec![1];
    for level in 1..=20u32 {
        let here = vec![100 + 2 * level, 101 + 2 * level];
        for &n in &here {
            doc(n, &above);
        }
        above = here;
    }
    doc(999, &above);
    let out = vncite()
        .args([
            "path",
            "1/2021/QĐ-UBND",
            "999/2021/QĐ-UBND",
            "--max-hops",
            "30",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("chain 1 (21 hops)"), "{stdout}");
    let shown = stdout.matches("(21 hops)").count() as u64;
    assert!(shown >= 1);
    assert!(
        stderr.contains(&format!(
            "{} more chain(s) of the same length",
            (1u64 << 20) - shown
        )),
        "{stderr}"
    );
    // Within fewer hops than the chain has, there is none, and the hops are said.
    let out = vncite()
        .args([
            "path",
            "1/2021/QĐ-UBND",
            "999/2021/QĐ-UBND",
            "--max-hops",
            "20",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("within 20 hops"));
}

/// The shortest chain comes first, whichever way it runs: in a cycle 1 → 2 → 3 → 4 → 1 the
/// one hop from 4 to 1 is listed before the three from 1 up to 4.
#[test]
fn path_lists_the_shortest_chain_first_in_either_direction() {
    let dir = tempfile::tempdir().unwrap();
    for (n, cites) in [(1, 2), (2, 3), (3, 4), (4, 1)] {
        std::fs::write(
            dir.path().join(format!("{n}.txt")),
            decision(n, &format!("Thực hiện Quyết định số {cites}/2021/QĐ-UBND.")),
        )
        .unwrap();
    }
    let out = vncite()
        .args(["path", "1/2021/QĐ-UBND", "4/2021/QĐ-UBND"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let first = stdout.lines().next().unwrap_or("");
    assert!(first.starts_with("chain 1 (1 hop"), "{stdout}");
    assert!(stdout.contains("chain 2 (3 hops)"), "{stdout}");
}
