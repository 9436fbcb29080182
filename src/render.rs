//! Diagrams: the citation graph as DOT (built with graphviz-rust), rendered by Graphviz `dot`
//! when it is installed, or laid out in pure Rust as SVG when it is not.
//!
//! Reading order is top-down from the directive to what implements it: the cited document
//! stands above, the arrow points at it ("cites"), bands or clusters group administrative levels.

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
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

/// What to draw and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Rank by date (month) instead of administrative level.
    pub timeline: bool,
    /// Grouping.
    pub cluster_by: ClusterBy,
    /// A title over the diagram.
    pub title: Option<String>,
}

/// Why a diagram could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Graphviz is needed for this format and is not installed.
    #[error("{0} output needs Graphviz's `dot` program, which was not found; install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`) or write .svg or .dot instead")]
    NoGraphviz(&'static str),
    /// `dot` ran too long.
    #[error("Graphviz `dot` did not finish within {0} s")]
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
    for dir in [query::direction(true), query::direction(false)] {
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

/// Fill colour of a level.
pub fn level_colour(l: Option<Level>) -> &'static str {
    match l {
        Some(Level::Central) => "#fcbba1",
        Some(Level::Province) => "#c6dbef",
        Some(Level::District) => "#c7e9c0",
        Some(Level::Commune) => "#fdd0a2",
        None => "#eeeeee",
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

fn level_rank(l: Option<Level>) -> usize {
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
    let mut stmts = vec![
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
    ];
    let ids: Vec<NodeIndex> = g.graph.node_indices().filter(|&n| keep(n)).collect();
    // Names by position in the drawing, so one subgraph drawn from any source reads the same.
    let names: HashMap<NodeIndex, usize> = ids.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let nid = |n: NodeIndex| {
        NodeId(
            plain(&format!(
                "n{}",
                names.get(&n).copied().unwrap_or(usize::MAX)
            )),
            None,
        )
    };
    // Bands: an invisible (or, on a timeline, labelled) anchor per rank keeps ranks in order.
    let bands = bands_of(g, &ids, opt.timeline);
    let anchors: Vec<String> = bands
        .keys()
        .map(|k| format!("band_{}", k.replace('-', "_")))
        .collect();
    for (i, (_, (label, members))) in bands.iter().enumerate() {
        let mut rank = vec![Stmt::Attribute(attr("rank", "same"))];
        let anchor = DotNode {
            id: NodeId(plain(&anchors[i]), None),
            attributes: if opt.timeline {
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
            },
        };
        rank.push(Stmt::Node(anchor));
        for &m in members {
            rank.push(Stmt::Node(DotNode {
                id: nid(m),
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
    // Nodes, grouped in clusters.
    let mut groups: BTreeMap<(usize, String), Vec<NodeIndex>> = BTreeMap::new();
    for &n in &ids {
        let node = &g.graph[n];
        let group = match opt.cluster_by {
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
            .map(|&n| Stmt::Node(dot_node(g, n, nid(n))))
            .collect();
        if opt.cluster_by == ClusterBy::None {
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
    // Edges drawn from the cited (above) to the citing (below), the arrow at the cited end.
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
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(Vertex::N(nid(cited)), Vertex::N(nid(citing))),
            attributes: vec![
                attr("dir", "back"),
                attr("color", colour),
                attr("fontcolor", colour),
                attr("style", style),
                attr("penwidth", &width.to_string()),
                attr("label", r.as_str()),
                attr("tooltip", &shorten(tip, 300)),
            ],
        }));
    }
    stmts.push(Stmt::Subgraph(legend(&relations)));
    Graph::DiGraph {
        id: plain("vncite"),
        strict: false,
        stmts,
    }
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

fn legend(relations: &BTreeSet<Relation>) -> Subgraph {
    let mut rows = String::from("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\">");
    rows.push_str("<TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>");
    for l in [
        Some(Level::Central),
        Some(Level::Province),
        Some(Level::District),
        Some(Level::Commune),
    ] {
        rows.push_str(&format!(
            "<TR><TD BGCOLOR=\"{}\" WIDTH=\"24\"> </TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
            level_colour(l),
            xml_escape(level_name(l))
        ));
    }
    rows.push_str("<TR><TD>- - -</TD><TD ALIGN=\"LEFT\">dashed border: not in corpus</TD></TR>");
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
    let mut child = Command::new(dot)
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| RenderError::Dot(e.to_string()))?;
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
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RenderError::Timeout(timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(RenderError::Dot(e.to_string())),
        }
    };
    let _ = writer.join();
    let out = reader
        .join()
        .map_err(|_| RenderError::Dot("reader failed".into()))?
        .map_err(|e| RenderError::Dot(e.to_string()))?;
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        return Err(RenderError::Dot(err.trim().to_string()));
    }
    Ok(out)
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

/// Renders the diagram to bytes in `format` (JSON is written elsewhere).
pub fn render(
    g: &CitationGraph,
    nodes: Option<&BTreeSet<NodeIndex>>,
    opt: &Options,
    format: Format,
    timeout: Duration,
) -> Result<Vec<u8>, RenderError> {
    let dot = dot_text(&to_dot(g, nodes, opt));
    match format {
        Format::Dot | Format::Json => Ok(dot.into_bytes()),
        Format::Svg => match find_dot() {
            Some(d) => run_dot_routed(&d, &dot, "svg", timeout),
            None => Ok(builtin_svg(g, nodes, opt).into_bytes()),
        },
        Format::Png | Format::Pdf => {
            let (name, t) = if format == Format::Png {
                ("PNG", "png")
            } else {
                ("PDF", "pdf")
            };
            let d = find_dot().ok_or(RenderError::NoGraphviz(name))?;
            run_dot_routed(&d, &dot, t, timeout)
        }
    }
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

const CHAR_W: f64 = 6.4;
const LINE_H: f64 = 14.0;
const PAD: f64 = 8.0;
const GAP_X: f64 = 18.0;
const GAP_Y: f64 = 56.0;
const BAND_LABEL_W: f64 = 130.0;

/// The sentence behind an edge's first mention: its tooltip.
fn first_sentence(e: &crate::graph::Edge) -> &str {
    e.sources.first().map_or("", |s| s.sentence.as_str())
}

/// The SVG stroke attribute for a DOT line style.
fn svg_dash(style: &str) -> &'static str {
    match style {
        "dashed" => " stroke-dasharray=\"6,4\"",
        "dotted" => " stroke-dasharray=\"2,3\"",
        _ => "",
    }
}

/// A banded layered layout in pure Rust: one band per level (or month), nodes ordered within a
/// band by the mean position of what they cite, edges as curves with the arrow at the cited end.
pub fn builtin_svg(
    g: &CitationGraph,
    nodes: Option<&BTreeSet<NodeIndex>>,
    opt: &Options,
) -> String {
    let keep = |n: NodeIndex| nodes.is_none_or(|s| s.contains(&n));
    let ids: Vec<NodeIndex> = g.graph.node_indices().filter(|&n| keep(n)).collect();
    let mut layers: Vec<(String, Vec<NodeIndex>)> =
        bands_of(g, &ids, opt.timeline).into_values().collect();
    for (_, l) in layers.iter_mut() {
        l.sort_by_key(|&n| {
            (
                g.graph[n].date.map(|d| d.first_day()),
                g.graph[n].id.clone(),
            )
        });
    }
    let size = |n: NodeIndex| {
        let lines = label_lines(&g.graph[n]);
        let w =
            lines.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64 * CHAR_W + 2.0 * PAD;
        (w.max(60.0), lines.len() as f64 * LINE_H + 2.0 * PAD)
    };
    // Barycentre sweeps: order each band by the mean x of its neighbours in other bands.
    let mut pos: HashMap<NodeIndex, f64> = HashMap::new();
    let place = |layers: &Vec<(String, Vec<NodeIndex>)>, pos: &mut HashMap<NodeIndex, f64>| {
        for (_, l) in layers {
            let mut x = 0.0;
            for &n in l {
                let (w, _) = size(n);
                pos.insert(n, x + w / 2.0);
                x += w + GAP_X;
            }
        }
    };
    place(&layers, &mut pos);
    for _ in 0..4 {
        for li in 0..layers.len() {
            let mut keyed: Vec<(f64, String, NodeIndex)> = layers[li]
                .1
                .iter()
                .map(|&n| {
                    let nb: Vec<f64> = g
                        .graph
                        .neighbors_undirected(n)
                        .filter(|m| keep(*m) && *m != n)
                        .filter_map(|m| pos.get(&m).copied())
                        .collect();
                    let bary = if nb.is_empty() {
                        pos[&n]
                    } else {
                        nb.iter().sum::<f64>() / nb.len() as f64
                    };
                    (bary, g.graph[n].id.clone(), n)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
            layers[li].1 = keyed.into_iter().map(|k| k.2).collect();
            place(&layers, &mut pos);
        }
    }
    let widths: Vec<f64> = layers
        .iter()
        .map(|(_, l)| l.iter().map(|&n| size(n).0 + GAP_X).sum::<f64>() - GAP_X)
        .collect();
    let content_w = widths.iter().cloned().fold(200.0, f64::max);
    let mut boxes: HashMap<NodeIndex, (f64, f64, f64, f64)> = HashMap::new();
    let mut y = 40.0 + if opt.title.is_some() { 24.0 } else { 0.0 };
    let mut band_rects = Vec::new();
    for (li, (label, l)) in layers.iter().enumerate() {
        let h = l.iter().map(|&n| size(n).1).fold(0.0, f64::max);
        let mut x = BAND_LABEL_W + (content_w - widths[li]) / 2.0;
        for &n in l {
            let (w, nh) = size(n);
            boxes.insert(n, (x, y + (h - nh) / 2.0, w, nh));
            x += w + GAP_X;
        }
        band_rects.push((label.clone(), y - GAP_Y / 4.0, h + GAP_Y / 2.0));
        y += h + GAP_Y;
    }
    let width = BAND_LABEL_W + content_w + 40.0;
    let legend_y = y;
    let height = y + 40.0 + 18.0 * 12.0;
    let mut s = String::new();
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"Helvetica, Arial, sans-serif\">\n"
    ));
    s.push_str("<defs>");
    for r in Relation::ALL {
        let (c, _, _) = relation_style(r);
        s.push_str(&format!(
            "<marker id=\"arrow-{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{c}\"/></marker>",
            r.as_str()
        ));
    }
    s.push_str("</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    if let Some(t) = &opt.title {
        s.push_str(&format!(
            "<text x=\"{:.0}\" y=\"24\" font-size=\"16\" text-anchor=\"middle\">{}</text>\n",
            width / 2.0,
            xml_escape(t)
        ));
    }
    for (i, (label, by, bh)) in band_rects.iter().enumerate() {
        let fill = if i % 2 == 0 { "#f7f7f7" } else { "#ffffff" };
        s.push_str(&format!(
            "<rect x=\"4\" y=\"{by:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{fill}\" stroke=\"#e0e0e0\"/><text x=\"12\" y=\"{:.1}\" font-size=\"12\" fill=\"#555\">{}</text>\n",
            width - 8.0,
            by + bh / 2.0 + 4.0,
            xml_escape(label)
        ));
    }
    let mut relations = BTreeSet::new();
    for e in g.graph.edge_references() {
        let (citing, cited) = (e.source(), e.target());
        let (Some(a), Some(b)) = (boxes.get(&cited), boxes.get(&citing)) else {
            continue;
        };
        let r = e.weight().relation;
        relations.insert(r);
        let (c, style, w) = relation_style(r);
        let dash = svg_dash(style);
        // Down from the cited box to the citing one; side to side within a band; around otherwise.
        let (x1, y1, x2, y2, bend) = if b.1 > a.1 + a.3 {
            (a.0 + a.2 / 2.0, a.1 + a.3, b.0 + b.2 / 2.0, b.1, 0.0)
        } else if (b.1 - a.1).abs() < 1.0 {
            if b.0 > a.0 {
                (a.0 + a.2, a.1 + a.3 / 2.0, b.0, b.1 + b.3 / 2.0, 0.0)
            } else {
                (a.0, a.1 + a.3 / 2.0, b.0 + b.2, b.1 + b.3 / 2.0, 0.0)
            }
        } else {
            (a.0 + a.2, a.1 + a.3 / 2.0, b.0 + b.2, b.1 + b.3 / 2.0, 60.0)
        };
        let my = (y1 + y2) / 2.0;
        let tip = first_sentence(e.weight());
        s.push_str(&format!(
            "<path d=\"M{x1:.1},{y1:.1} C{:.1},{my:.1} {:.1},{my:.1} {x2:.1},{y2:.1}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"{w}\"{dash} marker-start=\"url(#arrow-{})\"><title>{}: {}</title></path>\n",
            x1 + bend,
            x2 + bend,
            r.as_str(),
            r.as_str(),
            xml_escape(&shorten(tip, 300))
        ));
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"{c}\">{}</text>\n",
            (x1 + x2) / 2.0 + 4.0 + bend / 2.0,
            my,
            r.as_str()
        ));
    }
    for &n in &ids {
        let Some(&(x, y, w, h)) = boxes.get(&n) else {
            continue;
        };
        let node = &g.graph[n];
        let dash = if node.in_corpus {
            ""
        } else {
            " stroke-dasharray=\"5,3\""
        };
        s.push_str(&format!(
            "<g><title>{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"5\" fill=\"{}\" stroke=\"{}\"{dash}/>",
            xml_escape(&node.id),
            level_colour(node.level()),
            if node.in_corpus { "#333" } else { "#888" }
        ));
        for (i, line) in label_lines(node).iter().enumerate() {
            let weight = if i == 0 { " font-weight=\"bold\"" } else { "" };
            s.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\"{weight}>{}</text>",
                x + w / 2.0,
                y + PAD + LINE_H * (i as f64 + 0.8),
                xml_escape(line)
            ));
        }
        s.push_str("</g>\n");
    }
    // Legend.
    let mut ly = legend_y + 10.0;
    s.push_str(&format!(
        "<text x=\"12\" y=\"{ly:.0}\" font-size=\"12\" font-weight=\"bold\">Legend</text>\n"
    ));
    for l in [
        Some(Level::Central),
        Some(Level::Province),
        Some(Level::District),
        Some(Level::Commune),
    ] {
        ly += 18.0;
        s.push_str(&format!(
            "<rect x=\"12\" y=\"{:.0}\" width=\"22\" height=\"12\" fill=\"{}\" stroke=\"#333\"/><text x=\"42\" y=\"{:.0}\" font-size=\"11\">{}</text>\n",
            ly - 10.0,
            level_colour(l),
            ly,
            xml_escape(level_name(l))
        ));
    }
    ly += 18.0;
    s.push_str(&format!(
        "<rect x=\"12\" y=\"{:.0}\" width=\"22\" height=\"12\" fill=\"#fff\" stroke=\"#888\" stroke-dasharray=\"5,3\"/><text x=\"42\" y=\"{ly:.0}\" font-size=\"11\">not in corpus</text>\n",
        ly - 10.0
    ));
    for r in relations {
        ly += 18.0;
        let (c, style, w) = relation_style(r);
        let dash = svg_dash(style);
        s.push_str(&format!(
            "<line x1=\"12\" y1=\"{:.0}\" x2=\"34\" y2=\"{:.0}\" stroke=\"{c}\" stroke-width=\"{w}\"{dash}/><text x=\"42\" y=\"{ly:.0}\" font-size=\"11\">{} (arrow at the cited document)</text>\n",
            ly - 4.0,
            ly - 4.0,
            r.as_str()
        ));
    }
    s.push_str("</svg>\n");
    s
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
}
