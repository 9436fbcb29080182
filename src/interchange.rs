//! The citation graph in the formats other tools read: GEXF (Gephi), GraphML, node-link JSON
//! (networkx) and CSV tables (pandas, spreadsheets).
//!
//! Every format carries the same node attributes ([`NODE_ATTRIBUTES`]) and edge attributes
//! ([`EDGE_ATTRIBUTES`]), nodes and edges in the order of `vncite graph --format json`, and an
//! edge runs from the citing document (source) to the cited one (target). Nothing depends on
//! the time or the machine: the same graph gives the same bytes.

use crate::graph::{CitationGraph, Edge, Node};
use crate::model::PartialDate;
use crate::present::{defuse, display_name};
use crate::render::xml_escape;
use petgraph::graph::{EdgeReference, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The type an attribute is declared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    /// Text.
    String,
    /// `true` or `false`.
    Boolean,
    /// A whole number.
    Integer,
}

impl AttrType {
    /// The name GEXF declares the type by.
    fn gexf(self) -> &'static str {
        match self {
            AttrType::String => "string",
            AttrType::Boolean => "boolean",
            AttrType::Integer => "integer",
        }
    }

    /// The name GraphML declares the type by (`attr.type`).
    fn graphml(self) -> &'static str {
        match self {
            AttrType::String => "string",
            AttrType::Boolean => "boolean",
            AttrType::Integer => "int",
        }
    }
}

/// One attribute's value; an absent value is left out (XML) or empty (CSV) or null (JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value<'a> {
    Text(Cow<'a, str>),
    Bool(bool),
    Int(usize),
}

impl Value<'_> {
    /// The value as XML and CSV write it.
    fn text(&self) -> Cow<'_, str> {
        match self {
            Value::Text(s) => Cow::Borrowed(s),
            Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Value::Int(n) => Cow::Owned(n.to_string()),
        }
    }
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(t) => s.serialize_str(t),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(n) => s.serialize_u64(*n as u64),
        }
    }
}

/// The attributes of a node, beside its id, in the order every format writes them.
pub const NODE_ATTRIBUTES: [(&str, AttrType); 14] = [
    ("label", AttrType::String),
    ("key", AttrType::String),
    ("title", AttrType::String),
    ("kind", AttrType::String),
    ("date", AttrType::String),
    ("date_from", AttrType::String),
    ("date_to", AttrType::String),
    ("issuer", AttrType::String),
    ("level", AttrType::String),
    ("locality", AttrType::String),
    ("province", AttrType::String),
    ("in_corpus", AttrType::Boolean),
    ("path", AttrType::String),
    ("subject", AttrType::String),
];

/// The attributes of an edge, beside its source and target.
pub const EDGE_ATTRIBUTES: [(&str, AttrType); 2] = [
    ("relation", AttrType::String),
    ("evidence", AttrType::Integer),
];

/// A date as `YYYY-MM-DD`.
fn iso(year: u16, month: u8, day: u8) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// The first day a date may be: `2021-08` is `2021-08-01`, `2021` is `2021-01-01`.
pub fn date_from(d: PartialDate) -> String {
    iso(d.year, d.month.unwrap_or(1), d.day.unwrap_or(1))
}

/// The last day a date may be: `2021-08` is `2021-08-31`, `2021` is `2021-12-31`.
pub fn date_to(d: PartialDate) -> String {
    let month = d.month.unwrap_or(12);
    let day = d.day.unwrap_or_else(|| {
        // The month's last day is the largest that makes a valid date.
        (28..=31)
            .rev()
            .find(|&day| PartialDate::new(d.year, Some(month), Some(day)).is_some())
            .unwrap_or(28)
    });
    iso(d.year, month, day)
}

/// A node's values, in the order of [`NODE_ATTRIBUTES`].
fn node_values(n: &Node) -> [Option<Value<'_>>; 14] {
    fn text(s: Option<&str>) -> Option<Value<'_>> {
        s.map(|s| Value::Text(Cow::Borrowed(s)))
    }
    fn owned(s: Option<String>) -> Option<Value<'static>> {
        s.map(|s| Value::Text(Cow::Owned(s)))
    }
    let issuer = n.issuer.as_ref();
    [
        owned(Some(display_name(n))),
        owned(n.key.as_ref().map(|k| k.to_string())),
        text(n.title.as_deref()),
        text(n.kind.map(|k| k.name())),
        owned(n.date.map(|d| d.to_string())),
        owned(n.date.map(date_from)),
        owned(n.date.map(date_to)),
        text(issuer.map(|i| i.name.as_str())),
        text(n.level().map(|l| l.as_str())),
        text(issuer.and_then(|i| i.locality.as_deref())),
        text(issuer.and_then(|i| i.province.as_deref())),
        Some(Value::Bool(n.in_corpus)),
        text(n.path.as_deref()),
        text(n.subject.as_deref()),
    ]
}

/// An edge's values, in the order of [`EDGE_ATTRIBUTES`]: the evidence is how many mentions
/// stand behind it.
fn edge_values(e: &Edge) -> [Option<Value<'_>>; 2] {
    [
        Some(Value::Text(Cow::Borrowed(e.relation.as_str()))),
        Some(Value::Int(e.sources.len())),
    ]
}

/// The nodes and edges of the graph, or of the subgraph of `keep`, in the JSON's order.
fn selection<'g>(
    g: &'g CitationGraph,
    keep: Option<&BTreeSet<NodeIndex>>,
) -> (Vec<NodeIndex>, Vec<EdgeReference<'g, Edge>>) {
    let inside = |n: NodeIndex| keep.is_none_or(|k| k.contains(&n));
    let nodes = g.nodes().filter(|&n| inside(n)).collect();
    let edges = g
        .graph
        .edge_references()
        .filter(|e| inside(e.source()) && inside(e.target()))
        .collect();
    (nodes, edges)
}

/// Text for an XML attribute value: [`xml_escape`]d, with tab and line break as character
/// references, since a parser reads them raw in an attribute as spaces.
fn xml_attr(s: &str) -> String {
    xml_escape(s).replace('\t', "&#9;").replace('\n', "&#10;")
}

/// What every file says of itself.
const DESCRIPTION: &str =
    "Citation graph of Vietnamese government documents: each edge runs from the citing document (source) to the cited one (target)";

/// Writes GEXF 1.3 for Gephi: a directed graph whose nodes carry [`NODE_ATTRIBUTES`] and
/// whose edges carry [`EDGE_ATTRIBUTES`] (their weight is the evidence), in dynamic mode with
/// each dated node's `start` at the first day of its date, so Gephi's timeline shows documents
/// appearing; an undated node has no `start` and is there all the time.
pub fn write_gexf(
    g: &CitationGraph,
    keep: Option<&BTreeSet<NodeIndex>>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let (nodes, edges) = selection(g, keep);
    let mut s = String::with_capacity(1024 + 1024 * nodes.len() + 256 * edges.len());
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n");
    // No lastmodifieddate: the same corpus gives the same bytes whenever it is written.
    let _ = writeln!(
        s,
        "  <meta>\n    <creator>vncite {}</creator>\n    <description>{}</description>\n  </meta>",
        env!("CARGO_PKG_VERSION"),
        xml_escape(DESCRIPTION)
    );
    s.push_str("  <graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\">\n");
    // The label is GEXF's own node label; the other attributes are declared.
    for (class, attrs) in [
        ("node", &NODE_ATTRIBUTES[1..]),
        ("edge", &EDGE_ATTRIBUTES[..]),
    ] {
        let _ = writeln!(s, "    <attributes class=\"{class}\" mode=\"static\">");
        for (name, ty) in attrs {
            let _ = writeln!(
                s,
                "      <attribute id=\"{name}\" title=\"{name}\" type=\"{}\"/>",
                ty.gexf()
            );
        }
        s.push_str("    </attributes>\n");
    }
    s.push_str("    <nodes>\n");
    for &n in &nodes {
        let node = &g.graph[n];
        let values = node_values(node);
        let label = values[0].as_ref().map(|v| v.text().into_owned());
        let _ = write!(
            s,
            "      <node id=\"{}\" label=\"{}\"",
            xml_attr(&node.id),
            xml_attr(label.as_deref().unwrap_or(&node.id))
        );
        if let Some(d) = node.date {
            let _ = write!(s, " start=\"{}\"", date_from(d));
        }
        s.push_str(">\n        <attvalues>\n");
        for ((name, _), v) in NODE_ATTRIBUTES.iter().zip(&values).skip(1) {
            if let Some(v) = v {
                let _ = writeln!(
                    s,
                    "          <attvalue for=\"{name}\" value=\"{}\"/>",
                    xml_attr(&v.text())
                );
            }
        }
        s.push_str("        </attvalues>\n      </node>\n");
    }
    s.push_str("    </nodes>\n    <edges>\n");
    for (i, e) in edges.iter().enumerate() {
        let weight = e.weight();
        let _ = writeln!(
            s,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" label=\"{}\" weight=\"{}\">\n        <attvalues>",
            xml_attr(&g.graph[e.source()].id),
            xml_attr(&g.graph[e.target()].id),
            weight.relation.as_str(),
            weight.sources.len()
        );
        for ((name, _), v) in EDGE_ATTRIBUTES.iter().zip(edge_values(weight)) {
            if let Some(v) = v {
                let _ = writeln!(
                    s,
                    "          <attvalue for=\"{name}\" value=\"{}\"/>",
                    xml_attr(&v.text())
                );
            }
        }
        s.push_str("        </attvalues>\n      </edge>\n");
    }
    s.push_str("    </edges>\n  </graph>\n</gexf>\n");
    w.write_all(s.as_bytes())
}

/// Writes GraphML: keys declared with `attr.type` for [`NODE_ATTRIBUTES`] and
/// [`EDGE_ATTRIBUTES`], a directed graph, node ids the JSON's ids.
pub fn write_graphml(
    g: &CitationGraph,
    keep: Option<&BTreeSet<NodeIndex>>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let (nodes, edges) = selection(g, keep);
    let mut s = String::with_capacity(1024 + 1024 * nodes.len() + 256 * edges.len());
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    let _ = writeln!(s, "  <desc>{}</desc>", xml_escape(DESCRIPTION));
    // Node and edge attribute names differ, so each name is its key's id.
    for (class, attrs) in [
        ("node", &NODE_ATTRIBUTES[..]),
        ("edge", &EDGE_ATTRIBUTES[..]),
    ] {
        for (name, ty) in attrs {
            let _ = writeln!(
                s,
                "  <key id=\"{name}\" for=\"{class}\" attr.name=\"{name}\" attr.type=\"{}\"/>",
                ty.graphml()
            );
        }
    }
    s.push_str("  <graph id=\"vncite\" edgedefault=\"directed\">\n");
    for &n in &nodes {
        let node = &g.graph[n];
        let _ = writeln!(s, "    <node id=\"{}\">", xml_attr(&node.id));
        for ((name, _), v) in NODE_ATTRIBUTES.iter().zip(node_values(node)) {
            if let Some(v) = v {
                let _ = writeln!(
                    s,
                    "      <data key=\"{name}\">{}</data>",
                    xml_escape(&v.text())
                );
            }
        }
        s.push_str("    </node>\n");
    }
    for (i, e) in edges.iter().enumerate() {
        let _ = writeln!(
            s,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
            xml_attr(&g.graph[e.source()].id),
            xml_attr(&g.graph[e.target()].id)
        );
        for ((name, _), v) in EDGE_ATTRIBUTES.iter().zip(edge_values(e.weight())) {
            if let Some(v) = v {
                let _ = writeln!(
                    s,
                    "      <data key=\"{name}\">{}</data>",
                    xml_escape(&v.text())
                );
            }
        }
        s.push_str("    </edge>\n");
    }
    s.push_str("  </graph>\n</graphml>\n");
    w.write_all(s.as_bytes())
}

/// A node-link node: `id`, then every attribute (null when absent).
struct LinkNode<'a>(&'a Node);

impl Serialize for LinkNode<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1 + NODE_ATTRIBUTES.len()))?;
        m.serialize_entry("id", &self.0.id)?;
        for ((name, _), v) in NODE_ATTRIBUTES.iter().zip(node_values(self.0)) {
            m.serialize_entry(name, &v)?;
        }
        m.end()
    }
}

/// A node-link edge: `source` (citing), `target` (cited), the attributes, and every mention
/// behind it as in the JSON's `sources`.
struct LinkEdge<'a> {
    source: &'a str,
    target: &'a str,
    edge: &'a Edge,
}

impl Serialize for LinkEdge<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3 + EDGE_ATTRIBUTES.len()))?;
        m.serialize_entry("source", self.source)?;
        m.serialize_entry("target", self.target)?;
        for ((name, _), v) in EDGE_ATTRIBUTES.iter().zip(edge_values(self.edge)) {
            m.serialize_entry(name, &v)?;
        }
        m.serialize_entry("sources", &self.edge.sources)?;
        m.end()
    }
}

/// The graph-level facts of a node-link file (`G.graph` in networkx).
#[derive(Serialize)]
struct LinkGraph<'a> {
    name: &'static str,
    description: &'static str,
    anomalies: &'a [crate::graph::Anomaly],
}

/// The node-link document.
#[derive(Serialize)]
struct NodeLink<'a> {
    directed: bool,
    multigraph: bool,
    graph: LinkGraph<'a>,
    nodes: Vec<LinkNode<'a>>,
    edges: Vec<LinkEdge<'a>>,
}

/// Writes node-link JSON, the form `networkx.node_link_graph(data)` reads with its default
/// keys (networkx 3.6 and later: `nodes`, `edges`, `id`, `source`, `target`): a directed
/// graph, one edge per citing–cited pair, node attributes [`NODE_ATTRIBUTES`], edge attributes
/// [`EDGE_ATTRIBUTES`] and the mentions as `sources`, the anomalies in the graph's attributes.
pub fn write_node_link(
    g: &CitationGraph,
    keep: Option<&BTreeSet<NodeIndex>>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let (nodes, edges) = selection(g, keep);
    let doc = NodeLink {
        directed: true,
        multigraph: false,
        graph: LinkGraph {
            name: "vncite",
            description: DESCRIPTION,
            anomalies: &g.anomalies,
        },
        nodes: nodes.iter().map(|&n| LinkNode(&g.graph[n])).collect(),
        edges: edges
            .iter()
            .map(|e| LinkEdge {
                source: &g.graph[e.source()].id,
                target: &g.graph[e.target()].id,
                edge: e.weight(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
}

/// The three CSV tables of a graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTables {
    /// `nodes.csv`: `id` and [`NODE_ATTRIBUTES`], one row a document.
    pub nodes: Vec<u8>,
    /// `edges.csv`: `source` (citing), `target` (cited) and [`EDGE_ATTRIBUTES`], one row a
    /// citing–cited pair.
    pub edges: Vec<u8>,
    /// `mentions.csv`: `source`, `target`, the mention's own `relation`, `path`, `line`,
    /// `column`, `text` and `sentence`, one row a mention behind an edge.
    pub mentions: Vec<u8>,
}

impl CsvTables {
    /// Each table with its file name (`nodes.csv`, `edges.csv`, `mentions.csv`).
    pub fn files(&self) -> [(&'static str, &[u8]); 3] {
        [
            ("nodes.csv", &self.nodes),
            ("edges.csv", &self.edges),
            ("mentions.csv", &self.mentions),
        ]
    }
}

/// A CSV writer into memory, lines ending in `\n` like vncite's other CSV.
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

/// The bytes a CSV writer wrote.
fn csv_bytes(w: csv::Writer<Vec<u8>>) -> io::Result<Vec<u8>> {
    w.into_inner().map_err(|e| e.into_error())
}

/// A text cell: defused so that a spreadsheet does not run it as a formula.
fn cell(v: Option<&Value<'_>>) -> String {
    match v {
        Some(Value::Text(t)) => defuse(t).into_owned(),
        Some(v) => v.text().into_owned(),
        None => String::new(),
    }
}

/// Writes the graph as three CSV tables for pandas, polars or a spreadsheet: nodes, edges
/// (one row a citing–cited pair, joined to nodes by `source`/`target` = `id`) and mentions
/// (one row a sentence behind an edge, so the evidence is tidy data). Text cells a
/// spreadsheet would run as a formula are defused with [`defuse`], ids too, so that the
/// tables still join.
pub fn write_csv_tables(
    g: &CitationGraph,
    keep: Option<&BTreeSet<NodeIndex>>,
) -> io::Result<CsvTables> {
    let (nodes, edges) = selection(g, keep);
    let id = |n: NodeIndex| defuse(&g.graph[n].id).into_owned();

    let mut w = csv_writer();
    w.write_record(std::iter::once("id").chain(NODE_ATTRIBUTES.iter().map(|(n, _)| *n)))?;
    for &n in &nodes {
        let values = node_values(&g.graph[n]);
        w.write_record(std::iter::once(id(n)).chain(values.iter().map(|v| cell(v.as_ref()))))?;
    }
    let nodes_csv = csv_bytes(w)?;

    let mut w = csv_writer();
    w.write_record(
        ["source", "target"]
            .into_iter()
            .chain(EDGE_ATTRIBUTES.iter().map(|(n, _)| *n)),
    )?;
    for e in &edges {
        let values = edge_values(e.weight());
        w.write_record(
            [id(e.source()), id(e.target())]
                .into_iter()
                .chain(values.iter().map(|v| cell(v.as_ref()))),
        )?;
    }
    let edges_csv = csv_bytes(w)?;

    let mut w = csv_writer();
    w.write_record([
        "source", "target", "relation", "path", "line", "column", "text", "sentence",
    ])?;
    for e in &edges {
        for m in &e.weight().sources {
            w.write_record([
                id(e.source()),
                id(e.target()),
                m.relation.as_str().to_string(),
                defuse(&m.path).into_owned(),
                m.line.to_string(),
                m.column.to_string(),
                defuse(&m.text).into_owned(),
                defuse(&m.sentence).into_owned(),
            ])?;
        }
    }
    let mentions_csv = csv_bytes(w)?;

    Ok(CsvTables {
        nodes: nodes_csv,
        edges: edges_csv,
        mentions: mentions_csv,
    })
}

/// True when `-o OUT` names a folder for the CSV tables: one that exists, or a name written
/// with a trailing `/`.
pub fn names_folder(out: &Path) -> bool {
    let text = out.as_os_str().to_string_lossy();
    out.is_dir() || text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR)
}

/// Where `-o OUT` puts the CSV tables: inside OUT when it [`names_folder`] (`out/nodes.csv`),
/// else beside it with OUT as the names' prefix, its `.csv` dropped (`out/cites` and
/// `out/cites.csv` give `out/cites.nodes.csv`).
pub fn csv_paths(out: &Path, tables: &CsvTables) -> Vec<(PathBuf, Vec<u8>)> {
    let folder = names_folder(out);
    tables
        .files()
        .into_iter()
        .map(|(name, bytes)| {
            let path = if folder {
                out.join(name)
            } else {
                let prefix = match out.extension() {
                    Some(e) if e.eq_ignore_ascii_case("csv") => out.with_extension(""),
                    _ => out.to_path_buf(),
                };
                let mut file = prefix.into_os_string();
                file.push(".");
                file.push(name);
                PathBuf::from(file)
            };
            (path, bytes.to_vec())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Encoding;
    use crate::read::SourceText;

    /// The graph of documents given as (path, text).
    fn graph_of(files: &[(&str, &str)]) -> CitationGraph {
        let mut corpus = crate::Corpus::default();
        for (path, text) in files {
            corpus.documents.extend(crate::extract_text(&SourceText {
                path: path.to_string(),
                text: text.to_string(),
                encoding: Encoding::Utf8,
                offset: 0,
            }));
        }
        CitationGraph::build(&corpus)
    }

    /// A Sơn La letter dated `date` whose subject line is `subject`, implementing 1068/CĐ-TTg.
    fn letter(number: &str, date: &str, subject: &str) -> String {
        format!(
            "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: {number}\n\nSơn La, {date}\n\nV/v {subject}\n\nThực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ, UBND tỉnh yêu cầu. Theo Công điện số 1068/CĐ-TTg.\n"
        )
    }

    /// Two Sơn La letters implementing 1068/CĐ-TTg, one unnumbered and dated to the month,
    /// the other's subject hostile to XML and spreadsheets; extraction drops control
    /// characters, so they are put into the subject afterwards.
    fn hostile() -> CitationGraph {
        let mut g = graph_of(&[
            (
                "a.txt",
                &letter(
                    "12/UBND-VP",
                    "ngày 06 tháng 8 năm 2021",
                    "=HYPERLINK <script>&\"' \u{1}x",
                ),
            ),
            (
                "b.txt",
                &letter("/UBND-VX", "ngày tháng 8 năm 2021", "phòng, chống dịch"),
            ),
        ]);
        if let Some(n) = g.by_id("12/UBND-VP") {
            g.graph[n].subject = Some("=HYPERLINK <script>&\"' \u{1}x\u{FFFF}\ty\nz".into());
        }
        g
    }

    fn text(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_vec()).unwrap_or_default()
    }

    #[test]
    fn partial_dates_span_their_month_or_year() {
        let d = |s| {
            PartialDate::parse_iso(s).unwrap_or(PartialDate {
                year: 1900,
                month: None,
                day: None,
            })
        };
        assert_eq!(date_from(d("2021-08")), "2021-08-01");
        assert_eq!(date_to(d("2021-08")), "2021-08-31");
        assert_eq!(date_to(d("2024-02")), "2024-02-29");
        assert_eq!(date_to(d("2023-02")), "2023-02-28");
        assert_eq!(date_from(d("2021")), "2021-01-01");
        assert_eq!(date_to(d("2021")), "2021-12-31");
        assert_eq!(date_from(d("2021-08-05")), "2021-08-05");
        assert_eq!(date_to(d("2021-08-05")), "2021-08-05");
    }

    #[test]
    fn gexf_escapes_every_text_and_dates_each_dated_node() {
        let g = hostile();
        let mut out = Vec::new();
        write_gexf(&g, None, &mut out).unwrap_or_default();
        let s = text(&out);
        assert!(s.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\""
        ));
        assert!(
            s.contains("value=\"=HYPERLINK &lt;script&gt;&amp;&quot;&#39;  x &#9;y&#10;z\"/>"),
            "{s}"
        );
        assert!(!s.contains("<script") && !s.contains(['\u{1}', '\u{FFFF}']));
        // 12/UBND-VP is dated to the day, the unnumbered letter to the month, 1068 by mention.
        assert!(s.contains("<node id=\"12/UBND-VP\" label=\"12/UBND-VP\" start=\"2021-08-06\">"));
        assert!(s.contains("start=\"2021-08-01\">"), "{s}");
        assert!(s.contains("<attvalue for=\"date_to\" value=\"2021-08-31\"/>"));
        assert!(s.contains("<attvalue for=\"in_corpus\" value=\"false\"/>"));
        assert!(s.contains(
            "source=\"12/UBND-VP\" target=\"1068/CĐ-TTg\" label=\"implements\" weight=\"2\""
        ));
        assert!(s.contains("<attvalue for=\"evidence\" value=\"2\"/>"));
        assert_eq!(s.matches("<node ").count(), g.graph.node_count());
        assert_eq!(s.matches("<edge ").count(), g.graph.edge_count());
    }

    #[test]
    fn graphml_declares_typed_keys_and_escapes() {
        let g = hostile();
        let mut out = Vec::new();
        write_graphml(&g, None, &mut out).unwrap_or_default();
        let s = text(&out);
        assert!(s.contains(
            "<key id=\"in_corpus\" for=\"node\" attr.name=\"in_corpus\" attr.type=\"boolean\"/>"
        ));
        assert!(s.contains(
            "<key id=\"evidence\" for=\"edge\" attr.name=\"evidence\" attr.type=\"int\"/>"
        ));
        assert!(
            s.contains(">=HYPERLINK &lt;script&gt;&amp;&quot;&#39;  x \ty\nz</data>"),
            "{s}"
        );
        assert!(!s.contains(['\u{1}', '\u{FFFF}']));
        assert_eq!(s.matches("<node ").count(), g.graph.node_count());
        assert_eq!(s.matches("<edge ").count(), g.graph.edge_count());
    }

    #[test]
    fn xml_attributes_keep_tabs_and_line_breaks() {
        assert_eq!(xml_attr("a\tb\nc\u{7}<"), "a&#9;b&#10;c &lt;");
    }

    #[test]
    fn node_link_uses_networkx_default_keys() {
        let g = hostile();
        let mut out = Vec::new();
        write_node_link(&g, None, &mut out).unwrap_or_default();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap_or_default();
        assert_eq!(v["directed"], true);
        assert_eq!(v["multigraph"], false);
        let nodes = v["nodes"].as_array().cloned().unwrap_or_default();
        let edges = v["edges"].as_array().cloned().unwrap_or_default();
        assert_eq!(nodes.len(), g.graph.node_count());
        assert_eq!(edges.len(), g.graph.edge_count());
        assert!(v.get("links").is_none());
        let e = edges
            .iter()
            .find(|e| e["source"] == "12/UBND-VP")
            .cloned()
            .unwrap_or_default();
        assert_eq!(e["target"], "1068/CĐ-TTg");
        assert_eq!(e["relation"], "implements");
        assert_eq!(e["evidence"], 2);
        assert_eq!(e["sources"].as_array().map(Vec::len), Some(2));
        let n = nodes
            .iter()
            .find(|n| n["id"] == "1068/CĐ-TTg")
            .cloned()
            .unwrap_or_default();
        assert_eq!(n["in_corpus"], false);
        assert_eq!(n["path"], serde_json::Value::Null);
        assert_eq!(n["date_from"], "2021-08-05");
    }

    #[test]
    fn csv_tables_join_and_defuse_formulas() {
        let g = hostile();
        let t = write_csv_tables(&g, None).unwrap_or_else(|_| CsvTables {
            nodes: Vec::new(),
            edges: Vec::new(),
            mentions: Vec::new(),
        });
        let nodes = text(&t.nodes);
        assert!(nodes.starts_with("id,label,key,title,kind,date,date_from,date_to,issuer,level,locality,province,in_corpus,path,subject\n"));
        assert!(
            nodes.contains(",\"'=HYPERLINK <script>&\"\"' \u{1}x\u{FFFF}\ty\nz\"\n"),
            "{nodes}"
        );
        let read = |b: &[u8]| {
            csv::Reader::from_reader(b)
                .records()
                .filter_map(Result::ok)
                .collect::<Vec<_>>()
        };
        let node_rows = read(&t.nodes);
        let edge_rows = read(&t.edges);
        let mention_rows = read(&t.mentions);
        assert_eq!(node_rows.len(), g.graph.node_count());
        assert_eq!(edge_rows.len(), g.graph.edge_count());
        assert_eq!(mention_rows.len(), 4);
        let ids: BTreeSet<&str> = node_rows.iter().filter_map(|r| r.get(0)).collect();
        for r in edge_rows.iter().chain(&mention_rows) {
            assert!(ids.contains(r.get(0).unwrap_or("?")) && ids.contains(r.get(1).unwrap_or("?")));
        }
        assert!(text(&t.edges).contains("\n12/UBND-VP,1068/CĐ-TTg,implements,2\n"));
        assert!(text(&t.mentions)
            .starts_with("source,target,relation,path,line,column,text,sentence\n"));
        assert!(text(&t.mentions).contains("\n12/UBND-VP,1068/CĐ-TTg,implements,a.txt,"));
    }

    #[test]
    fn writers_are_deterministic() {
        let (a, b) = (hostile(), hostile());
        for write in [write_gexf, write_graphml, write_node_link] {
            let (mut x, mut y) = (Vec::new(), Vec::new());
            write(&a, None, &mut x).unwrap_or_default();
            write(&b, None, &mut y).unwrap_or_default();
            assert_eq!(x, y);
            assert!(!x.is_empty());
        }
        assert_eq!(
            write_csv_tables(&a, None).ok(),
            write_csv_tables(&b, None).ok()
        );
    }

    #[test]
    fn a_subgraph_keeps_only_its_nodes_and_their_edges() {
        let g = hostile();
        let keep: BTreeSet<NodeIndex> = g.by_id("12/UBND-VP").into_iter().collect();
        let mut out = Vec::new();
        write_graphml(&g, Some(&keep), &mut out).unwrap_or_default();
        let s = text(&out);
        assert_eq!(s.matches("<node ").count(), 1);
        assert_eq!(s.matches("<edge ").count(), 0);
    }

    #[test]
    fn csv_goes_into_a_folder_or_beside_a_prefix() {
        let t = CsvTables {
            nodes: b"n".to_vec(),
            edges: b"e".to_vec(),
            mentions: b"m".to_vec(),
        };
        let names = |out: &str| -> Vec<String> {
            csv_paths(Path::new(out), &t)
                .into_iter()
                .map(|(p, _)| p.to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(
            names("out/"),
            ["out/nodes.csv", "out/edges.csv", "out/mentions.csv"]
        );
        assert_eq!(
            names("out/cites"),
            [
                "out/cites.nodes.csv",
                "out/cites.edges.csv",
                "out/cites.mentions.csv"
            ]
        );
        assert_eq!(names("g.csv")[2], "g.mentions.csv");
        let dir = std::env::temp_dir();
        let inside = csv_paths(&dir, &t);
        assert_eq!(inside[0].0, dir.join("nodes.csv"));
        assert_eq!(inside[1].1, b"e");
    }
}
