//! Presenting graph queries: trees in the style of `cargo tree`, lists, CSV, JSON, document cards.

use crate::graph::{CitationGraph, Edge, Node};
use crate::model::Relation;
use crate::query::{self, TreeLine};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::Serialize;
use std::collections::BTreeSet;
use std::io::{self, Write};

/// A node as published in JSON (`vncite graph --format json` and query JSON).
#[derive(Serialize)]
pub struct NodeOut<'a> {
    /// Unique id.
    pub id: &'a str,
    /// Canonical key, or null for an unnumbered document or a law cited by name.
    pub key: Option<String>,
    /// Title of a document known by name.
    pub title: Option<&'a str>,
    /// Kind.
    pub kind: Option<crate::model::DocKind>,
    /// Date.
    pub date: Option<crate::model::PartialDate>,
    /// Issuer.
    pub issuer: Option<&'a crate::model::Issuer>,
    /// True when the document was read.
    pub in_corpus: bool,
    /// File it was read from.
    pub path: Option<&'a str>,
    /// Subject of a document read.
    pub subject: Option<&'a str>,
}

/// The published view of a node.
pub fn node_out(n: &Node) -> NodeOut<'_> {
    NodeOut {
        id: &n.id,
        key: n.key.as_ref().map(|k| k.to_string()),
        title: n.title.as_deref(),
        kind: n.kind,
        date: n.date,
        issuer: n.issuer.as_ref(),
        in_corpus: n.in_corpus,
        path: n.path.as_deref(),
        subject: n.subject.as_deref(),
    }
}

/// An edge as published in JSON: `citing` cites `cited`.
#[derive(Serialize)]
pub struct EdgeOut<'a> {
    /// Id of the citing document.
    pub citing: &'a str,
    /// Id of the cited document.
    pub cited: &'a str,
    /// What the citing document does to the cited one.
    pub relation: Relation,
    /// Every mention behind the edge, with file, line and sentence.
    pub sources: &'a [crate::graph::EdgeSource],
}

/// The published view of an edge.
pub fn edge_out<'a>(
    g: &'a CitationGraph,
    e: petgraph::graph::EdgeReference<'a, Edge>,
) -> EdgeOut<'a> {
    EdgeOut {
        citing: &g.graph[e.source()].id,
        cited: &g.graph[e.target()].id,
        relation: e.weight().relation,
        sources: &e.weight().sources,
    }
}

#[derive(Serialize)]
struct GraphOut<'a> {
    nodes: Vec<NodeOut<'a>>,
    edges: Vec<EdgeOut<'a>>,
    anomalies: &'a [crate::graph::Anomaly],
}

/// Writes the graph (or the subgraph of `keep`) as JSON: `{nodes, edges, anomalies}`.
pub fn write_graph_json(
    g: &CitationGraph,
    keep: Option<&BTreeSet<NodeIndex>>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let inside = |n: NodeIndex| keep.is_none_or(|k| k.contains(&n));
    let nodes = g
        .nodes()
        .filter(|&n| inside(n))
        .map(|n| node_out(&g.graph[n]))
        .collect();
    let edges = g
        .graph
        .edge_references()
        .filter(|e| inside(e.source()) && inside(e.target()))
        .map(|e| edge_out(g, e))
        .collect();
    serde_json::to_writer_pretty(
        &mut *w,
        &GraphOut {
            nodes,
            edges,
            anomalies: &g.anomalies,
        },
    )?;
    writeln!(w)
}

/// One line describing a node: label, kind, date, issuer, and a mark when not in the corpus.
pub fn node_line(n: &Node) -> String {
    let mut parts = vec![display_name(n)];
    if let Some(k) = n.kind {
        parts.push(k.name().to_string());
    }
    parts.push(
        n.date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into()),
    );
    if let Some(i) = &n.issuer {
        parts.push(i.name.clone());
    }
    let mut s = parts.join("  ");
    if !n.in_corpus {
        s.push_str("  (not in corpus)");
    }
    s
}

/// The name a user reads and types: the key, the title, or `/SYMBOL (unnumbered, FILE)`.
pub fn display_name(n: &Node) -> String {
    match (&n.key, &n.title, &n.path) {
        (Some(k), _, _) => k.to_string(),
        (None, Some(t), _) => t.clone(),
        (None, None, Some(p)) => {
            format!("{} (unnumbered, {p})", n.id.split('|').next().unwrap_or(""))
        }
        _ => n.id.clone(),
    }
}

/// Ancestor levels drawn as rails before a tree line; deeper ones are folded into `[+N]`,
/// so a line's width, and the tree's size, stay linear however deep the tree goes.
const MAX_RAILS: usize = 64;

/// The characters a tree is drawn with, as `cargo tree --charset` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Charset {
    /// `├──`, `└──`, `│`, `(…)`, `–`.
    #[default]
    Utf8,
    /// `|--`, `` `-- ``, `|`, `(...)`, `-`: for terminals and files that take ASCII alone.
    Ascii,
}

impl Charset {
    /// Branch, last branch, rail, and the mark of a document with more below.
    fn parts(self) -> [&'static str; 4] {
        match self {
            Charset::Utf8 => ["├── ", "└── ", "│   ", " (…)"],
            Charset::Ascii => ["|-- ", "`-- ", "|   ", " (...)"],
        }
    }
}

/// Writes a tree walk like `cargo tree`: `├──`, `└──`, `(*)` for a document already shown,
/// `(…)` for one whose documents below lie past the depth shown. The rails are worked out
/// line by line from each line's depth and `last`, not stored per line.
pub fn write_tree(g: &CitationGraph, lines: &[TreeLine], w: &mut dyn Write) -> io::Result<()> {
    write_tree_with(g, lines, Charset::Utf8, w)
}

/// [`write_tree`] drawn with `charset`.
pub fn write_tree_with(
    g: &CitationGraph,
    lines: &[TreeLine],
    charset: Charset,
    w: &mut dyn Write,
) -> io::Result<()> {
    let [branch, last_branch, rail, more] = charset.parts();
    // Whether the latest line at each depth (from 1) has a later sibling: its rail is drawn.
    let mut open: Vec<bool> = Vec::new();
    for l in lines {
        let mut prefix = String::new();
        if l.depth > 0 {
            open.truncate(l.depth - 1);
            let folded = open.len().saturating_sub(MAX_RAILS);
            if folded > 0 {
                prefix.push_str(&format!("[+{folded}] "));
            }
            for &drawn in &open[folded..] {
                prefix.push_str(if drawn { rail } else { "    " });
            }
            prefix.push_str(if l.last { last_branch } else { branch });
            open.push(!l.last);
        }
        let node = &g.graph[l.node];
        let mut line = format!("{prefix}{}", node_line(node));
        if let (Some(r), Some(p)) = (l.relation, l.parent) {
            // The delay is of the line's document from the one above it: later in a
            // descendants tree (`+3 d`), earlier in an ancestors tree (`-3 d`), where the
            // line's document is the one cited.
            let mut d = if is_citer(g, l.node, p) {
                query::format_delay(query::delay(g.graph[p].date, g.graph[l.node].date))
            } else {
                query::format_delay_before(query::delay(g.graph[l.node].date, g.graph[p].date))
            };
            if charset == Charset::Ascii {
                d = d.replace('–', "-");
            }
            line.push_str(&format!("  [{r}]"));
            if !d.is_empty() {
                line.push_str(&format!(" {d}"));
            }
        }
        if l.repeated {
            line.push_str(" (*)");
        }
        if l.more {
            line.push_str(more);
        }
        writeln!(w, "{line}")?;
    }
    Ok(())
}

fn is_citer(g: &CitationGraph, a: NodeIndex, b: NodeIndex) -> bool {
    g.graph.find_edge(a, b).is_some()
}

/// Writes reached documents one a line, nearest first, with their depth.
pub fn write_list(
    g: &CitationGraph,
    reached: &[(NodeIndex, usize)],
    w: &mut dyn Write,
) -> io::Result<()> {
    for (n, d) in reached {
        writeln!(w, "{d}  {}", node_line(&g.graph[*n]))?;
    }
    Ok(())
}

/// A CSV cell's text with a `'` before it when a spreadsheet would run it as a formula
/// (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return): every CSV vncite writes
/// passes its text cells through here, so a document's words cannot run in a spreadsheet.
pub fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Quotes a CSV field; a field a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is defused.
pub fn csv_field(s: &str) -> String {
    let s = defuse(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

/// Writes reached documents as CSV with the edge that first reached each.
pub fn write_csv(
    g: &CitationGraph,
    root: NodeIndex,
    reached: &[(NodeIndex, usize)],
    dir: Direction,
    w: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        w,
        "depth,id,key,kind,date,issuer,level,in_corpus,relation,via"
    )?;
    let depth_of: std::collections::HashMap<NodeIndex, usize> = reached
        .iter()
        .copied()
        .chain(std::iter::once((root, 0)))
        .collect();
    for &(n, d) in reached {
        let node = &g.graph[n];
        // The edge that reaches it from one step nearer the root.
        let back = if dir == Direction::Incoming {
            Direction::Outgoing
        } else {
            Direction::Incoming
        };
        let via = g
            .neighbours(n, back)
            .into_iter()
            .find(|(m, _)| depth_of.get(m) == Some(&(d - 1)));
        let row = [
            d.to_string(),
            node.id.clone(),
            node.key.as_ref().map(|k| k.to_string()).unwrap_or_default(),
            node.kind.map(|k| k.name().to_string()).unwrap_or_default(),
            node.date.map(|x| x.to_string()).unwrap_or_default(),
            node.issuer
                .as_ref()
                .map(|i| i.name.clone())
                .unwrap_or_default(),
            node.level().map(|l| l.to_string()).unwrap_or_default(),
            node.in_corpus.to_string(),
            via.map(|(_, e)| e.relation.to_string()).unwrap_or_default(),
            via.map(|(m, _)| g.graph[m].id.clone()).unwrap_or_default(),
        ];
        let line: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        writeln!(w, "{}", line.join(","))?;
    }
    Ok(())
}

/// Writes a query result as JSON: the root, the documents reached with depth, the edges among them.
pub fn write_reach_json(
    g: &CitationGraph,
    root: NodeIndex,
    reached: &[(NodeIndex, usize)],
    w: &mut dyn Write,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Reached<'a> {
        depth: usize,
        #[serde(flatten)]
        node: NodeOut<'a>,
    }
    #[derive(Serialize)]
    struct Out<'a> {
        root: NodeOut<'a>,
        documents: Vec<Reached<'a>>,
        edges: Vec<EdgeOut<'a>>,
    }
    let set: BTreeSet<NodeIndex> = reached
        .iter()
        .map(|r| r.0)
        .chain(std::iter::once(root))
        .collect();
    let edges = g
        .graph
        .edge_references()
        .filter(|e| set.contains(&e.source()) && set.contains(&e.target()))
        .map(|e| edge_out(g, e))
        .collect();
    let out = Out {
        root: node_out(&g.graph[root]),
        documents: reached
            .iter()
            .map(|&(n, depth)| Reached {
                depth,
                node: node_out(&g.graph[n]),
            })
            .collect(),
        edges,
    };
    serde_json::to_writer_pretty(&mut *w, &out)?;
    writeln!(w)
}

/// Writes chains between two documents, one a block, each hop with its relation and delay.
pub fn write_paths(g: &CitationGraph, paths: &[query::Chain], w: &mut dyn Write) -> io::Result<()> {
    for (i, p) in paths.iter().enumerate() {
        writeln!(w, "chain {} ({} hops)", i + 1, p.len().saturating_sub(1))?;
        for (j, &n) in p.iter().enumerate() {
            if j > 0 {
                let prev = p[j - 1];
                let edges: Vec<&Edge> = query::edges_between(g, prev, n);
                let rel: Vec<&str> = edges.iter().map(|e| e.relation.as_str()).collect();
                let (cited, citing) = if is_citer(g, n, prev) {
                    (prev, n)
                } else {
                    (n, prev)
                };
                // The arrow points at the cited document, as in the diagrams: down when the
                // next line is cited, up when the next line cites this one.
                let arrow = if cited == prev {
                    "↑ cited by"
                } else {
                    "↓ cites"
                };
                let d =
                    query::format_delay(query::delay(g.graph[cited].date, g.graph[citing].date));
                writeln!(w, "    {arrow} [{}] {d}", rel.join(", "))?;
            }
            writeln!(w, "  {}", node_line(&g.graph[n]))?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// Writes a document's card: identity, what it cites, who cites it, with sentences.
pub fn write_card(g: &CitationGraph, n: NodeIndex, w: &mut dyn Write) -> io::Result<()> {
    let node = &g.graph[n];
    writeln!(w, "{}", display_name(node))?;
    writeln!(w, "  id        {}", node.id)?;
    writeln!(
        w,
        "  kind      {}",
        node.kind.map(|k| k.name()).unwrap_or("-")
    )?;
    writeln!(
        w,
        "  date      {}",
        node.date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into())
    )?;
    match &node.issuer {
        Some(i) => writeln!(
            w,
            "  issuer    {}{}",
            i.name,
            i.level.map(|l| format!(" ({l})")).unwrap_or_default()
        )?,
        None => writeln!(w, "  issuer    -")?,
    }
    writeln!(
        w,
        "  in corpus {}",
        if node.in_corpus {
            node.path.as_deref().unwrap_or("yes")
        } else {
            "no"
        }
    )?;
    if let Some(s) = &node.subject {
        writeln!(w, "  subject   {s}")?;
    }
    for (title, dir) in [
        ("cites", Direction::Outgoing),
        ("cited by", Direction::Incoming),
    ] {
        let ns = g.neighbours(n, dir);
        writeln!(w, "\n  {title} ({})", ns.len())?;
        for (m, e) in ns {
            writeln!(w, "    [{}] {}", e.relation, node_line(&g.graph[m]))?;
            for s in &e.sources {
                writeln!(w, "        {}:{}: {}", s.path, s.line, s.sentence)?;
            }
        }
    }
    Ok(())
}

/// One neighbour of a card as JSON: the edge's relation, the document, and the mentions.
#[derive(Serialize)]
struct CardEdge<'a> {
    relation: Relation,
    document: NodeOut<'a>,
    sources: &'a [crate::graph::EdgeSource],
}

/// Writes a document's card as JSON: `{document, cites, cited_by}`, each neighbour with the
/// relation and the mentions behind it, in the card's order.
pub fn write_card_json(g: &CitationGraph, n: NodeIndex, w: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Card<'a> {
        document: NodeOut<'a>,
        cites: Vec<CardEdge<'a>>,
        cited_by: Vec<CardEdge<'a>>,
    }
    let side = |dir: Direction| -> Vec<CardEdge> {
        g.neighbours(n, dir)
            .into_iter()
            .map(|(m, e)| CardEdge {
                relation: e.relation,
                document: node_out(&g.graph[m]),
                sources: &e.sources,
            })
            .collect()
    };
    let card = Card {
        document: node_out(&g.graph[n]),
        cites: side(Direction::Outgoing),
        cited_by: side(Direction::Incoming),
    };
    serde_json::to_writer_pretty(&mut *w, &card)?;
    writeln!(w)
}

/// Writes the chains between two documents as JSON: `{from, to, chains, left_out}`, each
/// chain its documents in order and a step between each two — which way the citation runs
/// (`cited_by`: the next document cites this one; `cites`), its relations and the delay in
/// days (`[least, most]`, a range when a date is a month; null when one is undated).
pub fn write_paths_json(
    g: &CitationGraph,
    from: NodeIndex,
    to: NodeIndex,
    found: &query::Chains,
    w: &mut dyn Write,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Step<'a> {
        from: &'a str,
        to: &'a str,
        direction: &'static str,
        relations: Vec<Relation>,
        delay_days: Option<(i64, i64)>,
    }
    #[derive(Serialize)]
    struct ChainOut<'a> {
        hops: usize,
        documents: Vec<NodeOut<'a>>,
        steps: Vec<Step<'a>>,
    }
    #[derive(Serialize)]
    struct Out<'a> {
        from: NodeOut<'a>,
        to: NodeOut<'a>,
        chains: Vec<ChainOut<'a>>,
        left_out: u64,
    }
    let chains = found
        .chains
        .iter()
        .map(|p| ChainOut {
            hops: p.len().saturating_sub(1),
            documents: p.iter().map(|&m| node_out(&g.graph[m])).collect(),
            steps: p
                .windows(2)
                .map(|pair| {
                    let (prev, next) = (pair[0], pair[1]);
                    let (cited, citing) = if is_citer(g, next, prev) {
                        (prev, next)
                    } else {
                        (next, prev)
                    };
                    Step {
                        from: &g.graph[prev].id,
                        to: &g.graph[next].id,
                        direction: if cited == prev { "cited_by" } else { "cites" },
                        relations: query::edges_between(g, prev, next)
                            .iter()
                            .map(|e| e.relation)
                            .collect(),
                        delay_days: query::delay(g.graph[cited].date, g.graph[citing].date),
                    }
                })
                .collect(),
        })
        .collect();
    let out = Out {
        from: node_out(&g.graph[from]),
        to: node_out(&g.graph[to]),
        chains,
        left_out: found.left_out,
    };
    serde_json::to_writer_pretty(&mut *w, &out)?;
    writeln!(w)
}

/// Text from documents and file names made safe for a terminal: every control character
/// but the line break and the tab is written as `\u{1b}`, so a document cannot move the
/// cursor, clear the screen or retitle the window.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_escaped) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_escaped(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_escaped(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// A writer for text meant to be read on a terminal (tables, trees, cards): what
/// [`escape_controls`] escapes is escaped on the way through, across any split of the bytes.
pub struct ControlsEscaped<W: Write> {
    inner: W,
    /// A `0xC2` that ended the last write: it may start a C1 control (`U+0080`–`U+009F`).
    pending_c2: bool,
}

impl<W: Write> ControlsEscaped<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        ControlsEscaped {
            inner,
            pending_c2: false,
        }
    }

    fn escape(&mut self, code: u32) -> io::Result<()> {
        write!(self.inner, "\\u{{{code:x}}}")
    }
}

impl<W: Write> Write for ControlsEscaped<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        let mut i = 0;
        if self.pending_c2 {
            self.pending_c2 = false;
            match buf.first() {
                Some(&b @ 0x80..=0x9F) => {
                    self.escape(u32::from(b))?;
                    start = 1;
                    i = 1;
                }
                Some(_) => self.inner.write_all(&[0xC2])?,
                None => {
                    self.pending_c2 = true;
                    return Ok(0);
                }
            }
        }
        while i < buf.len() {
            let b = buf[i];
            let c0 = (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F;
            if c0 {
                self.inner.write_all(&buf[start..i])?;
                self.escape(u32::from(b))?;
                i += 1;
                start = i;
            } else if b == 0xC2 {
                match buf.get(i + 1) {
                    Some(&n @ 0x80..=0x9F) => {
                        self.inner.write_all(&buf[start..i])?;
                        self.escape(u32::from(n))?;
                        i += 2;
                        start = i;
                    }
                    Some(_) => i += 1,
                    None => {
                        self.inner.write_all(&buf[start..i])?;
                        self.pending_c2 = true;
                        return Ok(buf.len());
                    }
                }
            } else {
                i += 1;
            }
        }
        self.inner.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.pending_c2 {
            self.pending_c2 = false;
            self.inner.write_all(&[0xC2])?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod terminal_tests {
    use super::*;

    #[test]
    fn controls_are_escaped_the_same_however_the_bytes_are_split() {
        let text = "Công văn \u{1b}]0;pwned\u{7}\u{1b}[2J số 1/\u{9b}UBND\tx\n\u{7f}é";
        let want = escape_controls(text).into_owned();
        assert_eq!(
            want,
            "Công văn \\u{1b}]0;pwned\\u{7}\\u{1b}[2J số 1/\\u{9b}UBND\tx\n\\u{7f}é"
        );
        let bytes = text.as_bytes();
        for cut in 0..=bytes.len() {
            let mut w = ControlsEscaped::new(Vec::new());
            w.write_all(&bytes[..cut]).unwrap();
            w.write_all(&bytes[cut..]).unwrap();
            w.flush().unwrap();
            assert_eq!(String::from_utf8(w.inner).unwrap(), want, "cut at {cut}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Filter, TreeOptions};
    use petgraph::Direction;

    /// The seeds' graph and its Prime Minister's dispatch.
    fn seeds() -> (CitationGraph, NodeIndex) {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let g = CitationGraph::build(&crate::extract_paths(&[data]));
        let crate::query::Lookup::Found(root) = crate::query::lookup(&g, "1068/CĐ-TTg") else {
            panic!("1068/CĐ-TTg is not one document of the seeds");
        };
        (g, root)
    }

    fn text(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
        let mut buf = Vec::new();
        f(&mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn a_tree_in_ascii_is_the_same_tree_with_other_rails() {
        let (g, root) = seeds();
        let opt = TreeOptions {
            dedupe: true,
            max_lines: usize::MAX,
        };
        let t = query::tree_with(&g, root, Direction::Incoming, &Filter::default(), opt);
        let utf8 = text(|w| write_tree_with(&g, &t.lines, Charset::Utf8, w));
        let ascii = text(|w| write_tree_with(&g, &t.lines, Charset::Ascii, w));
        // Rails and dashes aside, every line says the same; the root's line comes first.
        assert!(utf8.starts_with("1068/CĐ-TTg"), "{utf8}");
        assert!(t.lines.len() > 2);
        let plain = |s: &str| -> Vec<String> {
            s.lines()
                .map(|l| {
                    l.trim_start_matches(|c: char| "├└│─|`- ".contains(c))
                        .replace('–', "-")
                })
                .collect()
        };
        assert_eq!(plain(&utf8), plain(&ascii));
        // The ASCII tree draws with no rail of box-drawing characters.
        assert!(!ascii.contains(['├', '└', '│']), "{ascii}");
    }

    #[test]
    fn a_card_names_the_document_and_who_cites_it_with_the_sentence() {
        let (g, root) = seeds();
        let card = text(|w| write_card(&g, root, w));
        assert!(card.starts_with("1068/CĐ-TTg"), "{card}");
        // Each document citing it is listed with the words that cite it.
        for e in g.graph.edges_directed(root, Direction::Incoming) {
            let citer = &g.graph[petgraph::visit::EdgeRef::source(&e)];
            let name = display_name(citer);
            assert!(card.contains(&name), "{name} missing from\n{card}");
        }
        assert!(card.contains("Thực hiện"), "{card}");
    }
}
