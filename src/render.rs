//! Diagrams: the citation graph drawn by vncite's own layout ([`layout`]: bands per level or
//! month, wide bands wrapped into rows, edges routed between them), written as SVG by vncite
//! and painted by Graphviz for PNG and PDF with every position pinned; a corpus too big to
//! draw document by document drawn as an overview ([`overview`]); and the graph as DOT (built
//! with graphviz-rust) for Graphviz's own layout (`--layout dot`) or other tools.
//!
//! Reading order is top-down from the directive to what implements it: the cited document
//! stands above, the arrow points at it ("cites"), bands or clusters group administrative levels.

mod documents;
mod layout;
mod outline;
mod overview;
mod scene;

use crate::graph::{CitationGraph, Node};
use crate::model::{DocKind, Level, Relation};
use crate::query::{self, Filter};
use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// How nodes are grouped in boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClusterBy {
    /// One box per administrative level.
    #[default]
    Level,
    /// One box per issuer.
    Issuer,
    /// No boxes.
    None,
}

/// How documents are grouped into counted boxes in an overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Collapse {
    /// One box per level, and the citations between levels.
    Level,
    /// A panel per province with its documents per level, under the central bodies.
    Province,
    /// One box per issuer (the busiest of each level), and the citations between them.
    Issuer,
    /// No grouping: every document drawn.
    #[default]
    None,
}

/// Who lays the diagram out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// vncite: levels wrapped into rows, edges between them; Graphviz only paints PNG and PDF.
    #[default]
    Builtin,
    /// Graphviz's `dot`, falling back to vncite's when `dot` is missing or fails.
    Graphviz,
}

/// What to draw and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Rank by date (month) instead of administrative level.
    pub timeline: bool,
    /// Grouping.
    pub cluster_by: ClusterBy,
    /// A title over the diagram.
    pub title: Option<String>,
    /// The document a neighbourhood is drawn around: centred, outlined, its generations in rows.
    pub root: Option<NodeIndex>,
    /// Draw groups of documents instead of documents.
    pub collapse: Collapse,
    /// Who lays it out.
    pub layout: Layout,
}

/// A diagram made, and what the user should know of how it was made.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Notes for stderr (Graphviz missing or failing, and vncite's layout used instead).
    pub notes: Vec<String>,
}

/// Why a diagram could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Graphviz is needed for this format and is not installed.
    #[error("{0} output needs Graphviz's `dot` program, which was not found; install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`) or write .svg or .dot instead")]
    NoGraphviz(&'static str),
    /// `dot` ran too long.
    #[error("Graphviz `dot` did not finish within {0} s (--timeout); draw less (--root KEY --depth 1, or --collapse) or write .svg, which vncite draws itself")]
    Timeout(u64),
    /// `dot` failed.
    #[error("Graphviz `dot` failed: {0}")]
    Dot(String),
}

/// The nodes of the subgraph around `root`: everything within `depth` steps up or down.
pub fn ego(g: &CitationGraph, root: NodeIndex, depth: usize) -> BTreeSet<NodeIndex> {
    let f = Filter {
        relations: Vec::new(),
        depth: Some(depth),
    };
    let mut set = BTreeSet::from([root]);
    for dir in [Direction::Incoming, Direction::Outgoing] {
        set.extend(query::reach(g, root, dir, &f).into_iter().map(|(n, _)| n));
    }
    set
}

/// Quotes and escapes a DOT string: backslashes, quotes and line breaks can never break out.
pub fn dot_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escapes text for XML and HTML (SVG, HTML reports, DOT HTML labels, GEXF, GraphML).
/// Characters XML 1.0 does not allow (controls other than tab and line break, U+FFFE, U+FFFF)
/// become spaces: no escape can write them, and a parser stops at them.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn q(s: &str) -> Id {
    Id::Escaped(dot_quote(s))
}

fn plain(s: &str) -> Id {
    Id::Plain(s.to_string())
}

fn attr(k: &str, v: &str) -> Attribute {
    Attribute(plain(k), q(v))
}

/// Fill colour of a level: four hues far apart (rose, blue, green, yellow), light enough for
/// black text, told apart in grey too (central darkest, commune lightest).
pub fn level_colour(l: Option<Level>) -> &'static str {
    match l {
        Some(Level::Central) => "#ef9a9a",
        Some(Level::Province) => "#9ec5ea",
        Some(Level::District) => "#a8dba0",
        Some(Level::Commune) => "#fbe38a",
        None => "#dddddd",
    }
}

/// Vietnamese and English name of a level band.
pub fn level_name(l: Option<Level>) -> &'static str {
    match l {
        Some(Level::Central) => "Trung ương (central)",
        Some(Level::Province) => "Tỉnh (province)",
        Some(Level::District) => "Huyện (district)",
        Some(Level::Commune) => "Xã (commune)",
        None => "level unknown",
    }
}

/// Line colour and DOT style of a relation.
pub fn relation_style(r: Relation) -> (&'static str, &'static str, f32) {
    match r {
        Relation::Implements => ("#08519c", "solid", 2.0),
        Relation::BasedOn => ("#54278f", "dashed", 1.2),
        Relation::GuidedBy => ("#006d2c", "dashed", 1.2),
        Relation::RespondsTo => ("#8c6d31", "dotted", 1.2),
        Relation::ProposedBy => ("#7f2704", "dotted", 1.2),
        Relation::Amends => ("#d94801", "solid", 1.5),
        Relation::Replaces => ("#a50f15", "solid", 2.0),
        Relation::Repeals => ("#a50f15", "dashed", 2.0),
        Relation::Corrects => ("#636363", "dashed", 1.0),
        Relation::Cites => ("#737373", "dotted", 1.0),
    }
}

fn shape(k: Option<DocKind>) -> &'static str {
    match k {
        Some(DocKind::CongDien) => "hexagon",
        Some(DocKind::QuyetDinh) => "box3d",
        Some(DocKind::NghiQuyet | DocKind::NghiDinh) => "folder",
        Some(DocKind::ChiThi) => "component",
        Some(DocKind::KeHoach | DocKind::ThongBao | DocKind::KetLuan) => "tab",
        Some(DocKind::Luat | DocKind::BoLuat | DocKind::PhapLenh | DocKind::HienPhap) => "cylinder",
        Some(DocKind::CongVan) => "note",
        _ => "box",
    }
}

/// The label lines of a node: key, short kind and date, issuer.
pub fn label_lines(n: &Node) -> Vec<String> {
    let first = match (&n.key, &n.title) {
        (Some(k), _) => k.to_string(),
        (None, Some(t)) => t.clone(),
        (None, None) => match n.issuer.as_ref() {
            Some(_) => format!("(unnumbered) {}", n.id.split('|').next().unwrap_or("")),
            None => n.id.clone(),
        },
    };
    let mut lines = vec![shorten(&first, 48)];
    let kind = n.kind.map(|k| k.code()).unwrap_or("?");
    let date = n
        .date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".into());
    lines.push(format!("{kind} · {date}"));
    if let Some(i) = &n.issuer {
        lines.push(shorten(&i.name, 40));
    }
    lines
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// The order of a level's band, top-down: central 0, province 1, district 2, commune 3,
/// unknown 4.
pub(crate) fn level_rank(l: Option<Level>) -> usize {
    match l {
        Some(Level::Central) => 0,
        Some(Level::Province) => 1,
        Some(Level::District) => 2,
        Some(Level::Commune) => 3,
        None => 4,
    }
}

/// The rank (band) of a node, and the band's label.
fn band(n: &Node, timeline: bool) -> (String, String) {
    if timeline {
        match n.date.and_then(|d| d.month.map(|m| (d.year, m))) {
            Some((y, m)) => (format!("{y:04}-{m:02}"), format!("{m:02}/{y}")),
            None => match n.date {
                Some(d) => (format!("{:04}", d.year), d.year.to_string()),
                None => ("9999".into(), "undated".into()),
            },
        }
    } else {
        let l = n.level();
        (level_rank(l).to_string(), level_name(l).to_string())
    }
}

/// The nodes of each band (rank), by band key, with the band's label.
fn bands_of(
    g: &CitationGraph,
    ids: &[NodeIndex],
    timeline: bool,
) -> BTreeMap<String, (String, Vec<NodeIndex>)> {
    let mut bands: BTreeMap<String, (String, Vec<NodeIndex>)> = BTreeMap::new();
    for &n in ids {
        let (k, label) = band(&g.graph[n], timeline);
        bands
            .entry(k)
            .or_insert_with(|| (label, Vec::new()))
            .1
            .push(n);
    }
    bands
}

/// Builds the DOT graph of `nodes` (all nodes when `None`).
pub fn to_dot(g: &CitationGraph, nodes: Option<&BTreeSet<NodeIndex>>, opt: &Options) -> Graph {
    let keep = |n: NodeIndex| nodes.is_none_or(|s| s.contains(&n));
    let ids: Vec<NodeIndex> = g.graph.node_indices().filter(|&n| keep(n)).collect();
    // Names by position in the drawing, so one subgraph drawn from any source reads the same.
    let names: HashMap<NodeIndex, usize> = ids.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let mut stmts = dot_defaults(opt);
    let band_index = push_ranks(&mut stmts, g, &ids, &names, opt.timeline);
    push_clusters(&mut stmts, g, &ids, &names, opt.cluster_by);
    let relations = push_citations(&mut stmts, g, &keep, &names, &band_index);
    let levels: BTreeSet<usize> = ids
        .iter()
        .map(|&n| level_rank(g.graph[n].level()))
        .collect();
    let outside = ids.iter().any(|&n| !g.graph[n].in_corpus);
    stmts.push(Stmt::Subgraph(legend(&levels, outside, &relations)));
    Graph::DiGraph {
        id: plain("vncite"),
        strict: false,
        stmts,
    }
}

/// The DOT id of a drawn document: `n` and its position in the drawing.
fn node_id(names: &HashMap<NodeIndex, usize>, n: NodeIndex) -> NodeId {
    NodeId(
        plain(&format!(
            "n{}",
            names.get(&n).copied().unwrap_or(usize::MAX)
        )),
        None,
    )
}

/// The graph's, nodes' and edges' default attributes.
fn dot_defaults(opt: &Options) -> Vec<Stmt> {
    vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", "TB"),
            attr("newrank", "true"),
            attr("fontname", "Helvetica"),
            attr("nodesep", "0.25"),
            attr("ranksep", "0.55"),
            attr("labelloc", "t"),
            attr("label", opt.title.as_deref().unwrap_or("")),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", "filled"),
            attr("fontname", "Helvetica"),
            attr("fontsize", "10"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "8"),
        ])),
    ]
}

/// Bands: an invisible (or, on a timeline, labelled) anchor per rank, chained in order,
/// keeps ranks in order. Returns each document's band.
fn push_ranks(
    stmts: &mut Vec<Stmt>,
    g: &CitationGraph,
    ids: &[NodeIndex],
    names: &HashMap<NodeIndex, usize>,
    timeline: bool,
) -> HashMap<NodeIndex, usize> {
    let bands = bands_of(g, ids, timeline);
    let band_index: HashMap<NodeIndex, usize> = bands
        .values()
        .enumerate()
        .flat_map(|(i, (_, members))| members.iter().map(move |&n| (n, i)))
        .collect();
    let anchors: Vec<String> = bands
        .keys()
        .map(|k| format!("band_{}", k.replace('-', "_")))
        .collect();
    for (i, (_, (label, members))) in bands.iter().enumerate() {
        let mut rank = vec![Stmt::Attribute(attr("rank", "same"))];
        let attributes = if timeline {
            vec![
                attr("shape", "plaintext"),
                attr("style", ""),
                attr("label", label),
                attr("fontsize", "12"),
            ]
        } else {
            vec![
                attr("style", "invis"),
                attr("shape", "point"),
                attr("label", ""),
            ]
        };
        rank.push(Stmt::Node(DotNode {
            id: NodeId(plain(&anchors[i]), None),
            attributes,
        }));
        for &m in members {
            rank.push(Stmt::Node(DotNode {
                id: node_id(names, m),
                attributes: vec![],
            }));
        }
        stmts.push(Stmt::Subgraph(Subgraph {
            id: plain(&format!("rank_{i}")),
            stmts: rank,
        }));
    }
    for w in anchors.windows(2) {
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(plain(&w[0]), None)),
                Vertex::N(NodeId(plain(&w[1]), None)),
            ),
            attributes: vec![attr("style", "invis")],
        }));
    }
    band_index
}

/// The documents, each in its cluster (a level's or an issuer's box) unless `by` is none.
fn push_clusters(
    stmts: &mut Vec<Stmt>,
    g: &CitationGraph,
    ids: &[NodeIndex],
    names: &HashMap<NodeIndex, usize>,
    by: ClusterBy,
) {
    let mut groups: BTreeMap<(usize, String), Vec<NodeIndex>> = BTreeMap::new();
    for &n in ids {
        let node = &g.graph[n];
        let group = match by {
            ClusterBy::Level => (
                level_rank(node.level()),
                level_name(node.level()).to_string(),
            ),
            ClusterBy::Issuer => (
                level_rank(node.level()),
                node.issuer
                    .as_ref()
                    .map(|i| i.name.clone())
                    .unwrap_or_else(|| "issuer unknown".into()),
            ),
            ClusterBy::None => (0, String::new()),
        };
        groups.entry(group).or_default().push(n);
    }
    for (gi, ((_, name), members)) in groups.into_iter().enumerate() {
        let node_stmts: Vec<Stmt> = members
            .iter()
            .map(|&n| Stmt::Node(dot_node(g, n, node_id(names, n))))
            .collect();
        if by == ClusterBy::None {
            stmts.extend(node_stmts);
        } else {
            let mut s = vec![
                Stmt::Attribute(attr("label", &name)),
                Stmt::Attribute(attr("style", "rounded,filled")),
                Stmt::Attribute(attr("color", "#dddddd")),
                Stmt::Attribute(attr("fillcolor", "#fafafa")),
            ];
            s.extend(node_stmts);
            stmts.push(Stmt::Subgraph(Subgraph {
                id: plain(&format!("cluster_{gi}")),
                stmts: s,
            }));
        }
    }
}

/// The citations among kept documents, drawn from the cited (above) to the citing (below),
/// the arrow at the cited end. Returns the relations drawn.
fn push_citations(
    stmts: &mut Vec<Stmt>,
    g: &CitationGraph,
    keep: &dyn Fn(NodeIndex) -> bool,
    names: &HashMap<NodeIndex, usize>,
    band_index: &HashMap<NodeIndex, usize>,
) -> BTreeSet<Relation> {
    let mut relations = BTreeSet::new();
    for e in g.graph.edge_references() {
        let (citing, cited) = (e.source(), e.target());
        if !keep(citing) || !keep(cited) {
            continue;
        }
        let r = e.weight().relation;
        relations.insert(r);
        let (colour, style, width) = relation_style(r);
        let tip = first_sentence(e.weight());
        let mut attributes = vec![
            attr("dir", "back"),
            attr("color", colour),
            attr("fontcolor", colour),
            attr("style", style),
            attr("penwidth", &width.to_string()),
            attr("label", r.as_str()),
            attr("tooltip", &shorten(tip, 300)),
        ];
        // An edge that does not run down the bands must not rank them: `dot` would find a
        // cycle among the bands' order and its own, and fail (`trouble in init_rank`).
        if band_index.get(&cited) >= band_index.get(&citing) {
            attributes.push(attr("constraint", "false"));
        }
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(node_id(names, cited)),
                Vertex::N(node_id(names, citing)),
            ),
            attributes,
        }));
    }
    relations
}

fn dot_node(g: &CitationGraph, n: NodeIndex, id: NodeId) -> DotNode {
    let node = &g.graph[n];
    let style = if node.in_corpus {
        "filled"
    } else {
        "filled,dashed"
    };
    let mut tooltip = node.id.clone();
    if let Some(s) = &node.subject {
        tooltip.push_str(" — ");
        tooltip.push_str(s);
    }
    if !node.in_corpus {
        tooltip.push_str(" (not in corpus)");
    }
    DotNode {
        id,
        attributes: vec![
            attr("label", &label_lines(node).join("\n")),
            attr("shape", shape(node.kind)),
            attr("style", style),
            attr("fillcolor", level_colour(node.level())),
            attr("color", if node.in_corpus { "#333333" } else { "#888888" }),
            attr("tooltip", &shorten(&tooltip, 300)),
        ],
    }
}

/// The legend of what is drawn: its levels, the dashed border when a document outside the
/// corpus is drawn, its relations.
fn legend(levels: &BTreeSet<usize>, outside: bool, relations: &BTreeSet<Relation>) -> Subgraph {
    let mut rows = String::from("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\">");
    rows.push_str("<TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>");
    for l in levels.iter().map(|&r| documents::rank_level(r)) {
        rows.push_str(&format!(
            "<TR><TD BGCOLOR=\"{}\" WIDTH=\"24\"> </TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
            level_colour(l),
            xml_escape(level_name(l))
        ));
    }
    if outside {
        rows.push_str(
            "<TR><TD>- - -</TD><TD ALIGN=\"LEFT\">dashed border: not in corpus</TD></TR>",
        );
    }
    for r in relations {
        let (colour, style, _) = relation_style(*r);
        let glyph = match style {
            "dashed" => "- - →",
            "dotted" => "· · →",
            _ => "——→",
        };
        rows.push_str(&format!(
            "<TR><TD><FONT COLOR=\"{colour}\">{glyph}</FONT></TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
            r.as_str()
        ));
    }
    rows.push_str(
        "<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\">arrow points at the cited document</TD></TR>",
    );
    rows.push_str("</TABLE>");
    Subgraph {
        id: plain("cluster_legend"),
        stmts: vec![
            Stmt::Attribute(attr("label", "")),
            Stmt::Attribute(attr("style", "rounded")),
            Stmt::Attribute(attr("color", "#bbbbbb")),
            Stmt::Node(DotNode {
                id: NodeId(plain("legend"), None),
                attributes: vec![
                    attr("shape", "plaintext"),
                    attr("style", ""),
                    Attribute(plain("label"), Id::Html(format!("<{rows}>"))),
                ],
            }),
        ],
    }
}

/// Prints a DOT graph as text.
pub fn dot_text(graph: &Graph) -> String {
    let mut ctx = PrinterContext::default();
    let mut s = graph.print(&mut ctx);
    s.push('\n');
    s
}

/// Where Graphviz's `dot` is, if installed (`VNCITE_DOT` overrides, `none` disables).
pub fn find_dot() -> Option<std::path::PathBuf> {
    if let Ok(p) = std::env::var("VNCITE_DOT") {
        return (p != "none").then(|| p.into());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("dot"))
        .find(|p| p.is_file())
}

/// Runs `dot -T<format>` on DOT text, killing it after `timeout`.
pub fn run_dot(
    dot: &std::path::Path,
    text: &str,
    format: &str,
    timeout: Duration,
) -> Result<Vec<u8>, RenderError> {
    run_graphviz(dot, &[], text, format, timeout)
}

/// Runs Graphviz (`dot` with `args` before `-T<format>`) on DOT text, killing it after
/// `timeout`. Its complaint, when it fails, is cut to its first line: the rest is Graphviz's
/// internals (70 lines of `%0 7` after `trouble in init_rank`).
pub fn run_graphviz(
    dot: &std::path::Path,
    args: &[&str],
    text: &str,
    format: &str,
    timeout: Duration,
) -> Result<Vec<u8>, RenderError> {
    let mut child = Command::new(dot)
        .args(args)
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| RenderError::Dot(format!("cannot run {}: {e}", dot.display())))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| RenderError::Dot("no stdin".into()))?;
    let input = text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| RenderError::Dot("no stdout".into()))?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stdout.read_to_end(&mut buf).map(|_| buf)
    });
    let mut stderr = child
        .stderr
        .take()
        .ok_or_else(|| RenderError::Dot("no stderr".into()))?;
    let err_reader = std::thread::spawn(move || {
        let mut buf = String::new();
        let _ = stderr.read_to_string(&mut buf);
        buf
    });
    // The pipes are drained by the threads above while this waits, so a child that writes
    // more than a pipe holds cannot block on it and be mistaken for a slow one.
    let status = match child.wait_timeout(timeout) {
        Ok(Some(s)) => s,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(RenderError::Timeout(timeout.as_secs()));
        }
        Err(e) => return Err(RenderError::Dot(e.to_string())),
    };
    let _ = writer.join();
    let out = reader
        .join()
        .map_err(|_| RenderError::Dot("reader failed".into()))?
        .map_err(|e| RenderError::Dot(e.to_string()))?;
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        return Err(RenderError::Dot(first_complaint(&err, status)));
    }
    Ok(out)
}

/// Graphviz's first line of complaint, and how many more it wrote.
fn first_complaint(stderr: &str, status: std::process::ExitStatus) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let first = lines
        .iter()
        .find(|l| l.starts_with("Error"))
        .or(lines.first())
        .map(|l| shorten(l, 160))
        .unwrap_or_else(|| format!("it stopped with {status} and said nothing"));
    match lines.len() {
        0 | 1 => first,
        n => format!("{first} (and {} more line(s) of its internals)", n - 1),
    }
}

/// Output formats of `vncite graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// DOT text.
    Dot,
    /// SVG, through Graphviz or the built-in layout.
    Svg,
    /// PNG, through Graphviz.
    Png,
    /// PDF, through Graphviz.
    Pdf,
    /// The graph as JSON.
    Json,
}

/// The DOT a diagram is made from for `--layout dot` and `.dot` files: documents one by one,
/// or the overview's groups.
pub fn dot_of(g: &CitationGraph, nodes: Option<&BTreeSet<NodeIndex>>, opt: &Options) -> String {
    match opt.collapse {
        Collapse::None => dot_text(&to_dot(g, nodes, opt)),
        by => overview::dot(g, nodes, by, opt),
    }
}

/// The drawing by vncite's own layout: documents one by one, or the overview's groups.
fn scene_of(g: &CitationGraph, nodes: Option<&BTreeSet<NodeIndex>>, opt: &Options) -> scene::Scene {
    let root = opt.root.filter(|r| nodes.is_none_or(|s| s.contains(r)));
    match (opt.collapse, root) {
        (Collapse::None, Some(r)) if !opt.timeline => outline::scene(g, nodes, r, opt),
        (Collapse::None, _) => layout::lay_out(&documents::spec(g, nodes, opt)),
        (by, _) => overview::scene(g, nodes, by, opt),
    }
}

/// The size in points of the drawing vncite's layout makes (width, height): what a diagram
/// would be before it is made.
pub fn drawing_size(
    g: &CitationGraph,
    nodes: Option<&BTreeSet<NodeIndex>>,
    opt: &Options,
) -> (f64, f64) {
    let s = scene_of(g, nodes, opt);
    (s.width, s.height)
}

/// Renders the diagram to bytes in `format` (JSON is written elsewhere). SVG is vncite's own;
/// PNG and PDF are vncite's drawing painted by Graphviz (`neato -n2`: every position given).
/// With [`Layout::Graphviz`], `dot` lays it out, and vncite's layout stands in, with a note,
/// when `dot` is missing or fails.
pub fn render(
    g: &CitationGraph,
    nodes: Option<&BTreeSet<NodeIndex>>,
    opt: &Options,
    format: Format,
    timeout: Duration,
) -> Result<Rendered, RenderError> {
    let (name, t) = match format {
        Format::Dot | Format::Json => {
            return Ok(Rendered {
                bytes: dot_of(g, nodes, opt).into_bytes(),
                notes: Vec::new(),
            })
        }
        Format::Svg => ("SVG", "svg"),
        Format::Png => ("PNG", "png"),
        Format::Pdf => ("PDF", "pdf"),
    };
    let mut notes = Vec::new();
    if opt.layout == Layout::Graphviz {
        match find_dot() {
            Some(d) => match run_dot_routed(&d, &dot_of(g, nodes, opt), t, timeout) {
                Ok(bytes) => return Ok(Rendered { bytes, notes }),
                Err(e) => notes.push(format!("{e}; drawn with vncite's own layout instead")),
            },
            None => notes.push(
                "Graphviz's `dot` was not found; drawn with vncite's own layout instead".into(),
            ),
        }
    }
    let drawing = scene_of(g, nodes, opt);
    if format == Format::Svg {
        return Ok(Rendered {
            bytes: scene::svg(&drawing).into_bytes(),
            notes,
        });
    }
    let d = find_dot().ok_or(RenderError::NoGraphviz(name))?;
    let bytes = run_graphviz(
        &d,
        &["-Kneato", "-n2"],
        &scene::pinned_dot(&drawing),
        t,
        timeout,
    )?;
    Ok(Rendered { bytes, notes })
}

/// [`run_dot`], and once more with straight edges when Graphviz fails to route its curved
/// ones: `dot` 2.x gives up on some shapes of clustered, ranked graphs (`in routesplines,
/// illegal values of prev 1 and next 1`, `lost n3 n2 edge`) and draws nothing, where straight
/// edges draw the same nodes in the same places.
fn run_dot_routed(
    dot: &std::path::Path,
    text: &str,
    format: &str,
    timeout: Duration,
) -> Result<Vec<u8>, RenderError> {
    match run_dot(dot, text, format, timeout) {
        Err(RenderError::Dot(msg)) if msg.contains("routesplines") || msg.contains(" edge") => {
            run_dot(dot, &with_straight_edges(text), format, timeout)
        }
        other => other,
    }
}

/// The DOT text with `splines=line` set on the graph (after its opening brace).
fn with_straight_edges(text: &str) -> String {
    match text.find('{') {
        Some(i) => format!("{} splines=line;{}", &text[..=i], &text[i + 1..]),
        None => text.to_string(),
    }
}

/// The sentence behind an edge's first mention: its tooltip.
fn first_sentence(e: &crate::graph::Edge) -> &str {
    e.sources.first().map_or("", |s| s.sentence.as_str())
}

/// The documents `nodes` (all when `None`) as an SVG drawn by vncite's own layout: a band per
/// level (or month), wide bands wrapped into rows, edges routed between the rows.
pub fn builtin_svg(
    g: &CitationGraph,
    nodes: Option<&BTreeSet<NodeIndex>>,
    opt: &Options,
) -> String {
    scene::svg(&scene_of(g, nodes, opt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_cannot_break_out() {
        assert_eq!(dot_quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(dot_quote("x\ny"), r#""x\ny""#);
        assert_eq!(dot_quote("Ủy ban / \"{x}\""), "\"Ủy ban / \\\"{x}\\\"\"");
    }

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(xml_escape("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(xml_escape("]]>"), "]]&gt;");
        assert_eq!(xml_escape("a\u{0}b\u{1b}c\u{FFFF}\td\n"), "a b c \td\n");
    }

    /// A stand-in for Graphviz: a shell script with `body`, in a folder that lives as long
    /// as the returned guard.
    #[cfg(unix)]
    fn fake_dot(body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dot");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        (dir, path)
    }

    #[cfg(unix)]
    #[test]
    fn a_slow_graphviz_is_killed_at_the_timeout() {
        let (_dir, dot) = fake_dot("sleep 30");
        let start = std::time::Instant::now();
        let r = run_dot(&dot, "digraph{}", "svg", Duration::from_millis(300));
        assert!(matches!(r, Err(RenderError::Timeout(_))), "{r:?}");
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[cfg(unix)]
    #[test]
    fn graphviz_writing_more_than_a_pipe_holds_does_not_deadlock() {
        // 4 MB on stdout and 1 MB on stderr, far past a pipe's 64 KiB, while its input is
        // still being written: every pipe must be drained as the child runs.
        let (_dir, dot) =
            fake_dot("head -c 1048576 /dev/zero >&2; head -c 4194304 /dev/zero; cat > /dev/null");
        let text = "x".repeat(1 << 20);
        let out = run_dot(&dot, &text, "svg", Duration::from_secs(60)).unwrap();
        assert_eq!(out.len(), 4 << 20);
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_graphviz_says_its_first_line() {
        let (_dir, dot) =
            fake_dot("echo 'Error: syntax error in line 1' >&2; echo more >&2; exit 1");
        match run_dot(&dot, "digraph{", "svg", Duration::from_secs(60)) {
            Err(RenderError::Dot(m)) => assert_eq!(
                m,
                "Error: syntax error in line 1 (and 1 more line(s) of its internals)"
            ),
            r => panic!("{r:?}"),
        }
    }
}
