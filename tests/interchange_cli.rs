//! End-to-end: `vncite graph` as GEXF, GraphML, node-link JSON and CSV — the JSON's nodes
//! and edges in each, well-formed with hostile text, the same bytes every run, and loaded by
//! networkx.

mod common;

use common::{csv_rows, json, json_shape, stdout, stdout_bytes, vncite, xml_shape, Shape};
use predicates::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Writes the graph of `args` in every interchange format into `dir`: the GEXF, GraphML and
/// node-link files, and the CSV tables' folder.
fn write_all(dir: &Path, args: &[&str]) -> [PathBuf; 4] {
    let files = [
        dir.join("g.gexf"),
        dir.join("g.graphml"),
        dir.join("g.node-link.json"),
        dir.join("csv"),
    ];
    std::fs::create_dir_all(&files[3]).unwrap();
    for (i, f) in files.iter().enumerate() {
        let mut cmd = vncite();
        cmd.arg("graph").args(args).arg("-o").arg(f);
        if i == 3 {
            cmd.args(["--format", "csv"]);
        }
        cmd.assert().success();
    }
    files
}

/// The shape of a node-link file.
fn node_link_shape(path: &Path) -> Shape {
    let v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
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
                    e["source"].as_str().unwrap().to_string(),
                    e["target"].as_str().unwrap().to_string(),
                )
            })
            .collect(),
        edge_records: edges.len(),
    }
}

/// The shape of the CSV tables in `dir`.
fn csv_shape(dir: &Path) -> Shape {
    let nodes = csv_rows(&dir.join("nodes.csv"));
    let edges = csv_rows(&dir.join("edges.csv"));
    assert_eq!(&nodes[0][0], "id");
    assert_eq!((&edges[0][0], &edges[0][1]), ("source", "target"));
    Shape {
        nodes: nodes[1..].iter().map(|r| r[0].to_string()).collect(),
        edges: edges[1..]
            .iter()
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect(),
        edge_records: edges.len() - 1,
    }
}

/// Every format's nodes and edges are the JSON's, for `args`.
fn assert_formats_match_json(args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let mut json_args = vec!["graph", "--format", "json"];
    json_args.extend_from_slice(args);
    let want = json_shape(&json(&json_args));
    let [gexf, graphml, node_link, csv] = write_all(dir.path(), args);
    for (name, got) in [
        ("gexf", xml_shape(&std::fs::read_to_string(&gexf).unwrap())),
        (
            "graphml",
            xml_shape(&std::fs::read_to_string(&graphml).unwrap()),
        ),
        ("node-link", node_link_shape(&node_link)),
        ("csv", csv_shape(&csv)),
    ] {
        assert_eq!(got, want, "{name} of {args:?}");
    }
}

#[test]
fn every_format_has_the_nodes_and_edges_of_the_json() {
    assert_formats_match_json(&["data"]);
    let whole = json_shape(&json(&["graph", "--format", "json", "data"]));
    assert_eq!((whole.nodes.len(), whole.edge_records), (21, 18));
    // Around one document, the subgraph is the JSON's too.
    assert_formats_match_json(&["data", "--root", "2405/UBND-KGVX", "--depth", "1"]);
    // And from an index.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let db = db.to_str().unwrap();
    stdout(&["index", "data", "-o", db]);
    assert_formats_match_json(&["--index", db]);
}

#[test]
fn the_csv_mentions_are_every_sentence_behind_the_edges() {
    let dir = tempfile::tempdir().unwrap();
    let [.., csv] = write_all(dir.path(), &["data"]);
    let g = json(&["graph", "--format", "json", "data"]);
    let sources: usize = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["sources"].as_array().unwrap().len())
        .sum();
    let mentions = csv_rows(&csv.join("mentions.csv"));
    assert_eq!(
        mentions[0].iter().collect::<Vec<_>>(),
        ["source", "target", "relation", "path", "line", "column", "text", "sentence"]
    );
    assert_eq!(mentions.len() - 1, sources);
    let edges = csv_rows(&csv.join("edges.csv"));
    let evidence: usize = edges[1..]
        .iter()
        .map(|r| r[3].parse::<usize>().unwrap())
        .sum();
    assert_eq!(evidence, sources, "an edge's evidence counts its mentions");
    let line = mentions
        .iter()
        .find(|r| &r[0] == "2405/UBND-KGVX" && &r[1] == "1068/CĐ-TTg")
        .unwrap();
    assert_eq!((&line[2], &line[4]), ("implements", "22"));
    assert!(line[7].starts_with("Thực hiện"), "{line:?}");
    // Nothing but the three tables is left in the folder: each was renamed into place.
    let names: BTreeSet<String> = std::fs::read_dir(&csv)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["edges.csv", "mentions.csv", "nodes.csv"]
            .map(String::from)
            .into()
    );
}

#[test]
fn the_output_name_picks_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    for (name, start) in [
        (
            "a.GEXF",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf ",
        ),
        (
            "a.graphml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml ",
        ),
        ("a.node-link.json", "{\n  \"directed\": true,"),
        ("a.json", "{\n  \"nodes\": ["),
    ] {
        vncite()
            .arg("graph")
            .arg("-o")
            .arg(at(name))
            .assert()
            .success();
        let text = std::fs::read_to_string(at(name)).unwrap();
        assert!(text.starts_with(start), "{name}: {}", &text[..80]);
    }
    // vncite's own JSON is unchanged: citing/cited edges, no node-link keys.
    let own: Value = serde_json::from_str(&std::fs::read_to_string(at("a.json")).unwrap()).unwrap();
    assert!(own["edges"][0]["citing"].is_string() && own.get("directed").is_none());
    // A name prefix gives three files beside it.
    vncite()
        .arg("graph")
        .arg("-o")
        .arg(at("cites.csv"))
        .assert()
        .success();
    for t in ["nodes", "edges", "mentions"] {
        assert!(at(&format!("cites.{t}.csv")).is_file(), "{t}");
    }
    // A folder written with a trailing `/` is made (not its parents).
    let fresh = format!("{}/fresh/", dir.path().display());
    stdout(&["graph", "--format", "csv", "-o", &fresh]);
    assert!(at("fresh/mentions.csv").is_file());
    vncite()
        .args(["graph", "--format", "csv", "-o"])
        .arg(format!("{}/no/fresh/", dir.path().display()))
        .assert()
        .code(2) // the folder's parent is missing: refused before anything is read
        .stderr(predicate::str::contains("does not exist"));
    vncite()
        .args(["graph", "--format", "csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give -o FOLDER/ or -o PREFIX"));
    vncite()
        .arg("graph")
        .arg("-o")
        .arg(at("a.xlsx"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("gexf|graphml|node-link|csv"));
    // To stdout, with --format.
    let gexf = stdout(&["graph", "--format", "gexf"]);
    assert_eq!(
        gexf.as_bytes(),
        std::fs::read(at("a.GEXF")).unwrap().as_slice()
    );
}

#[test]
fn gexf_dates_each_dated_node_for_gephis_timeline() {
    let gexf = stdout(&["graph", "--format", "gexf"]);
    let doc = roxmltree::Document::parse(&gexf).unwrap();
    let graph = doc.descendants().find(|n| n.has_tag_name("graph")).unwrap();
    assert_eq!(graph.attribute("mode"), Some("dynamic"));
    assert_eq!(graph.attribute("timeformat"), Some("date"));
    assert_eq!(doc.root_element().attribute("version"), Some("1.3"));
    let start = |id: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("node") && n.attribute("id") == Some(id))
            .unwrap()
            .attribute("start")
    };
    assert_eq!(start("1068/CĐ-TTg"), Some("2021-08-05"));
    // Known to the month: the first day.
    assert_eq!(
        start("/UBND-VX|Ủy ban nhân dân tỉnh Lai Châu|2021-08"),
        Some("2021-08-01")
    );
    // Undated (cited without a date): no start, there all the time.
    assert_eq!(start("16/CT-TTg"), None);
}

/// A letter whose subject and file name hold markup, quotes, a formula and control characters.
fn hostile_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a\u{1}<&>\".txt"),
        "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n\
         Số: 12/UBND-VP\n\nSơn La, ngày 06 tháng 8 năm 2021\n\n\
         V/v =cmd <script>&\"' \u{1}\u{b}\u{1b}[2J ]]> x\n\n\
         Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng \u{2}Chính phủ <b>&amp;, UBND tỉnh yêu cầu.\n",
    )
    .unwrap();
    dir
}

/// What an XML reader gives back for `s`: the characters XML 1.0 cannot hold read as spaces.
fn as_xml_reads(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[test]
fn hostile_text_is_well_formed_xml_and_defused_csv() {
    let corpus = hostile_corpus();
    let dir = tempfile::tempdir().unwrap();
    let input = corpus.path().to_str().unwrap();
    let g = json(&["graph", "--format", "json", input]);
    let doc = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["in_corpus"] == true)
        .unwrap();
    let subject = doc["subject"].as_str().unwrap();
    let path = doc["path"].as_str().unwrap();
    assert!(
        subject.starts_with("=cmd <script>&\"'") && subject.contains('\u{1}'),
        "{subject:?}"
    );
    assert!(path.contains('\u{1}'));
    let [gexf, graphml, node_link, csv] = write_all(dir.path(), &[input]);

    let text = std::fs::read_to_string(&gexf).unwrap();
    assert_eq!(xml_shape(&text), json_shape(&g));
    let x = roxmltree::Document::parse(&text).unwrap();
    let value = |name: &str| {
        x.descendants()
            .find(|n| n.has_tag_name("attvalue") && n.attribute("for") == Some(name))
            .and_then(|n| n.attribute("value"))
            .unwrap()
            .to_string()
    };
    assert_eq!(value("subject"), as_xml_reads(subject));
    assert_eq!(value("path"), as_xml_reads(path));

    let text = std::fs::read_to_string(&graphml).unwrap();
    assert_eq!(xml_shape(&text), json_shape(&g));
    let x = roxmltree::Document::parse(&text).unwrap();
    let data = |name: &str| {
        x.descendants()
            .find(|n| n.has_tag_name("data") && n.attribute("key") == Some(name))
            .and_then(|n| n.text())
            .unwrap()
            .to_string()
    };
    assert_eq!(data("subject"), as_xml_reads(subject));
    assert_eq!(data("path"), as_xml_reads(path));

    // JSON holds any text: node-link keeps it exactly.
    let v: Value = serde_json::from_slice(&std::fs::read(&node_link).unwrap()).unwrap();
    let n = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["in_corpus"] == true)
        .unwrap();
    assert_eq!(
        (n["subject"].as_str(), n["path"].as_str()),
        (Some(subject), Some(path))
    );

    // A spreadsheet sees text, not a formula.
    let nodes = csv_rows(&csv.join("nodes.csv"));
    let col = nodes[0].iter().position(|h| h == "subject").unwrap();
    let row = nodes.iter().find(|r| r[col].contains("cmd")).unwrap();
    assert_eq!(&row[col], format!("'{subject}"));
}

#[test]
fn every_format_is_the_same_bytes_run_after_run() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = write_all(a.path(), &["data"]);
    let second = write_all(b.path(), &["data"]);
    for (x, y) in first.iter().zip(&second) {
        if x.is_dir() {
            for t in ["nodes.csv", "edges.csv", "mentions.csv"] {
                assert_eq!(
                    std::fs::read(x.join(t)).unwrap(),
                    std::fs::read(y.join(t)).unwrap(),
                    "{t}"
                );
            }
        } else {
            assert_eq!(
                std::fs::read(x).unwrap(),
                std::fs::read(y).unwrap(),
                "{x:?}"
            );
        }
    }
    assert_eq!(
        stdout_bytes(&["graph", "--format", "graphml"]),
        stdout_bytes(&["graph", "--format", "graphml"])
    );
}

/// Loads each format with networkx the way its README line says, and prints node and edge
/// counts, with the dates and attributes the tools rely on.
const LOAD_IN_NETWORKX: &str = r#"
import csv, json, sys, warnings
import networkx as nx
warnings.simplefilter("error")  # a FutureWarning about defaults fails the test
gexf, graphml, node_link, tables = sys.argv[1:5]
G = nx.read_gexf(gexf)
H = nx.read_graphml(graphml)
with open(node_link, encoding="utf-8") as f:
    L = nx.node_link_graph(json.load(f))
C = nx.DiGraph()
with open(tables + "/nodes.csv", encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        C.add_node(row["id"], **row)
with open(tables + "/edges.csv", encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        C.add_edge(row["source"], row["target"], **row)
out = {name: [g.number_of_nodes(), g.number_of_edges(), g.is_directed()]
       for name, g in [("gexf", G), ("graphml", H), ("node-link", L), ("csv", C)]}
n = "1068/CĐ-TTg"
out["gexf_1068"] = [G.nodes[n]["start"], G.nodes[n]["in_corpus"], G.nodes[n]["kind"]]
out["graphml_1068"] = [H.nodes[n]["in_corpus"], H.nodes[n]["level"]]
e = ("2405/UBND-KGVX", n)
out["edge"] = [G.edges[e]["relation"], G.edges[e]["evidence"], H.edges[e]["evidence"],
               L.edges[e]["relation"], len(L.edges[e]["sources"])]
print(json.dumps(out))
"#;

#[test]
fn networkx_loads_every_format_with_the_counts_of_the_json() {
    if !common::networkx_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let files = write_all(dir.path(), &["data"]);
    let want = json_shape(&json(&["graph", "--format", "json", "data"]));
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let got = common::python_json(LOAD_IN_NETWORKX, &paths);
    for name in ["gexf", "graphml", "node-link", "csv"] {
        assert_eq!(
            got[name],
            serde_json::json!([want.nodes.len(), want.edge_records, true]),
            "{name}"
        );
    }
    assert_eq!(
        got["gexf_1068"],
        serde_json::json!(["2021-08-05", false, "Công điện"])
    );
    assert_eq!(got["graphml_1068"], serde_json::json!([false, "central"]));
    assert_eq!(
        got["edge"],
        serde_json::json!(["implements", 1, 1, "implements", 1])
    );
}
