//! Research reports: what the corpus holds, how each directive travelled down, what is missing,
//! what looks wrong, and every edge with the sentence behind it. Markdown or one HTML file.

use crate::graph::{Anomaly, CitationGraph};
use crate::model::{Level, Relation};
use crate::present::{display_name, node_line};
use crate::query::{self, Filter};
use crate::render::{self, xml_escape};
use crate::Corpus;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Write};

/// Largest graph drawn inline in the HTML report; a larger one is left to `vncite graph`.
const MAX_DRAWN_NODES: usize = 300;

/// Tree lines drawn in the implementation trees section: past them, the remaining root
/// directives are listed with their counts, so the section grows with the roots, not with
/// the trees they share.
const MAX_TREE_LINES: usize = 20_000;

/// Documents named in one chain of the longest chains section: the first and last halves;
/// those between are counted.
const MAX_CHAIN_NAMES: usize = 20;

/// A piece of a report section.
#[derive(Debug, Clone)]
pub enum Block {
    /// A paragraph of plain text.
    Text(String),
    /// A table: header and rows of plain text cells.
    Table(Vec<String>, Vec<Vec<String>>),
    /// Preformatted text (a tree).
    Pre(String),
    /// An SVG picture (HTML only; Markdown gets a note).
    Svg(String),
}

/// A titled section of the report.
#[derive(Debug, Clone)]
pub struct Section {
    /// Heading.
    pub title: String,
    /// Content.
    pub blocks: Vec<Block>,
}

fn count_table<K: Ord + ToString>(title: &str, m: BTreeMap<K, usize>) -> Block {
    let mut rows: Vec<(K, usize)> = m.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Block::Table(
        vec![title.to_string(), "documents".into()],
        rows.into_iter()
            .map(|(k, v)| vec![k.to_string(), v.to_string()])
            .collect(),
    )
}

/// Builds every section of the report.
pub fn build(corpus: &Corpus, g: &CitationGraph) -> Vec<Section> {
    let mut out = Vec::new();
    // Documents by path, not in the order the files were named or an index stored them:
    // one corpus gives one report, however it was read.
    let mut docs: Vec<&crate::model::Document> = corpus.documents.iter().collect();
    docs.sort_by(|a, b| a.path.cmp(&b.path).then(a.span.part.cmp(&b.span.part)));
    let in_corpus: Vec<NodeIndex> = g.nodes().filter(|&n| g.graph[n].in_corpus).collect();

    // 1. Corpus summary.
    let mut by_kind = BTreeMap::new();
    let mut by_level = BTreeMap::new();
    let mut by_locality = BTreeMap::new();
    let mut by_month = BTreeMap::new();
    for d in &docs {
        *by_kind
            .entry(
                d.kind
                    .map(|k| k.name().to_string())
                    .unwrap_or_else(|| "unknown".into()),
            )
            .or_insert(0) += 1;
        let lvl = d.issuer.as_ref().and_then(|i| i.level);
        *by_level
            .entry(
                lvl.map(|l| l.to_string())
                    .unwrap_or_else(|| "unknown".into()),
            )
            .or_insert(0) += 1;
        let loc = d
            .issuer
            .as_ref()
            .and_then(|i| i.province.clone().or_else(|| i.locality.clone()))
            .unwrap_or_else(|| {
                if lvl == Some(Level::Central) {
                    "(central)".into()
                } else {
                    "unknown".into()
                }
            });
        *by_locality.entry(loc).or_insert(0) += 1;
        let month = d
            .date
            .map(|x| match x.month {
                Some(m) => format!("{:04}-{m:02}", x.year),
                None => x.year.to_string(),
            })
            .unwrap_or_else(|| "undated".into());
        *by_month.entry(month).or_insert(0) += 1;
    }
    let refs: usize = corpus.documents.iter().map(|d| d.references.len()).sum();
    let mut summary = vec![Block::Text(format!(
        "{} documents read, {} files skipped; {} references found; the graph has {} documents ({} not in the corpus) and {} citation edges.",
        corpus.documents.len(),
        corpus.skipped.len(),
        refs,
        g.graph.node_count(),
        g.graph.node_count() - in_corpus.len(),
        g.graph.edge_count()
    ))];
    let missing = crate::model::MissingCounts::of(&corpus.documents);
    summary.push(Block::Text(if missing.is_empty() {
        "Every document's number, date and issuer were read.".into()
    } else {
        format!(
            "Identity not read: {missing} (of {} documents; the missing column below and the JSON say which).",
            corpus.documents.len()
        )
    }));
    summary.push(Block::Table(
        vec![
            "file".into(),
            "document".into(),
            "kind".into(),
            "date".into(),
            "issuer".into(),
            "subject".into(),
            "missing".into(),
        ],
        docs.iter()
            .map(|d| {
                vec![
                    d.path.clone(),
                    d.number
                        .as_ref()
                        .map(|k| k.to_string())
                        .unwrap_or_else(|| "(unnumbered)".into()),
                    d.kind.map(|k| k.name().to_string()).unwrap_or_default(),
                    d.date.map(|x| x.to_string()).unwrap_or_default(),
                    d.issuer
                        .as_ref()
                        .map(|i| i.name.clone())
                        .unwrap_or_default(),
                    d.subject.clone().unwrap_or_default(),
                    d.missing()
                        .iter()
                        .map(|f| f.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect(),
    ));
    summary.push(count_table("kind", by_kind));
    summary.push(count_table("level", by_level));
    summary.push(count_table("province / locality", by_locality));
    summary.push(count_table("month", by_month));
    if corpus.skipped.is_empty() {
        summary.push(Block::Text("No file was skipped.".into()));
    } else {
        summary.push(Block::Table(
            vec!["skipped file".into(), "reason".into()],
            corpus
                .skipped
                .iter()
                .map(|s| vec![s.path.clone(), s.reason.clone()])
                .collect(),
        ));
    }
    if g.graph.node_count() <= MAX_DRAWN_NODES {
        summary.push(Block::Svg(render::builtin_svg(
            g,
            None,
            &render::Options::default(),
        )));
    } else {
        summary.push(Block::Text(format!(
            "The graph has {} documents, too many to draw here; draw a part with `vncite graph --root KEY --depth N -o part.svg`.",
            g.graph.node_count()
        )));
    }
    out.push(Section {
        title: "Corpus summary".into(),
        blocks: summary,
    });

    // 2. Most-cited directives.
    let mut cited: Vec<(usize, NodeIndex)> = g
        .nodes()
        .map(|n| {
            let citers: HashSet<NodeIndex> = g
                .graph
                .edges_directed(n, Direction::Incoming)
                .map(|e| e.source())
                .collect();
            (citers.len(), n)
        })
        .filter(|(c, _)| *c > 0)
        .collect();
    cited.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| g.graph[a.1].id.cmp(&g.graph[b.1].id))
    });
    out.push(Section {
        title: "Most-cited directives".into(),
        blocks: vec![ranked_table(g, &cited[..cited.len().min(25)], true)],
    });

    // 3. Implementation trees of the root directives.
    let implements = Filter {
        relations: vec![Relation::Implements, Relation::Amends, Relation::GuidedBy],
        depth: None,
    };
    let mut roots: Vec<(usize, NodeIndex)> = g
        .nodes()
        .filter(|&n| {
            let implemented = g
                .graph
                .edges_directed(n, Direction::Incoming)
                .any(|e| e.weight().relation == Relation::Implements);
            let implements_other = g
                .graph
                .edges_directed(n, Direction::Outgoing)
                .any(|e| e.weight().relation == Relation::Implements);
            implemented && !implements_other
        })
        .map(|n| {
            (
                query::reach(g, n, Direction::Incoming, &implements).len(),
                n,
            )
        })
        .collect();
    roots.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| g.graph[a.1].id.cmp(&g.graph[b.1].id))
    });
    let mut trees = Vec::new();
    if roots.is_empty() {
        trees.push(Block::Text(
            "No directive in the corpus is implemented by another document.".into(),
        ));
    }
    let capped = Filter {
        depth: Some(query::TREE_DEPTH),
        ..implements.clone()
    };
    let mut drawn = 0usize;
    let mut undrawn: Vec<Vec<String>> = Vec::new();
    for &(count, root) in &roots {
        if drawn >= MAX_TREE_LINES {
            undrawn.push(vec![display_name(&g.graph[root]), count.to_string()]);
            continue;
        }
        trees.push(Block::Text(format!(
            "{} — implemented down the chain by:",
            node_line(&g.graph[root])
        )));
        let tree = query::tree(g, root, Direction::Incoming, &capped);
        drawn += tree.lines.len();
        let mut buf = Vec::new();
        let _ = crate::present::write_tree(g, &tree.lines, &mut buf);
        trees.push(Block::Pre(String::from_utf8_lossy(&buf).into_owned()));
        if tree.left_out > 0 {
            trees.push(Block::Text(format!(
                "… {} more documents below depth {} (marked (…)); `vncite descendants {} --depth N` shows them.",
                tree.left_out,
                query::TREE_DEPTH,
                display_name(&g.graph[root])
            )));
        }
        let reached = query::reach(g, root, Direction::Incoming, &implements);
        let mut cov: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (n, _) in &reached {
            let node = &g.graph[*n];
            let prov = node
                .issuer
                .as_ref()
                .and_then(|i| i.province.clone().or_else(|| i.locality.clone()))
                .unwrap_or_else(|| "unknown".into());
            let lvl = node
                .level()
                .map(|l| l.to_string())
                .unwrap_or_else(|| "unknown".into());
            *cov.entry((prov, lvl)).or_default() += 1;
        }
        trees.push(Block::Table(
            vec!["province".into(), "level".into(), "documents".into()],
            cov.into_iter()
                .map(|((p, l), c)| vec![p, l, c.to_string()])
                .collect(),
        ));
    }
    if !undrawn.is_empty() {
        trees.push(Block::Text(format!(
            "{} more root directives, their trees not drawn here ({} tree lines drawn above); `vncite descendants KEY` draws one:",
            undrawn.len(),
            drawn
        )));
        trees.push(Block::Table(
            vec!["directive".into(), "implemented by".into()],
            undrawn,
        ));
    }
    out.push(Section {
        title: "Implementation trees (delay at each hop; month-precision dates give ranges)".into(),
        blocks: trees,
    });

    // 4. Longest chains of implementation.
    let chains = longest_chains(g, 10);
    out.push(Section {
        title: "Longest chains".into(),
        blocks: if chains.is_empty() {
            vec![Block::Text("No chain of implementation.".into())]
        } else {
            vec![Block::Table(
                vec![
                    "hops".into(),
                    "chain (directive → … → implementer)".into(),
                    "total delay".into(),
                ],
                chains
                    .iter()
                    .map(|c| {
                        let first = g.graph[c[0]].date;
                        let last = g.graph[*c.last().unwrap_or(&c[0])].date;
                        vec![
                            (c.len() - 1).to_string(),
                            chain_names(g, c),
                            query::format_delay(query::delay(first, last)),
                        ]
                    })
                    .collect(),
            )]
        },
    });

    // 5. Documents to collect next.
    let missing: Vec<(usize, NodeIndex)> = cited
        .iter()
        .filter(|(_, n)| !g.graph[*n].in_corpus)
        .copied()
        .collect();
    // `cited` is ranked already; filtering keeps its order.

    out.push(Section {
        title: "Referenced but not in the corpus (what to collect next)".into(),
        blocks: vec![ranked_table(g, &missing, false)],
    });

    // 6. Unnumbered documents.
    let unnumbered: Vec<Vec<String>> = docs
        .iter()
        .filter(|d| d.number.is_none())
        .map(|d| {
            vec![
                d.path.clone(),
                d.symbol
                    .clone()
                    .map(|s| format!("/{s}"))
                    .unwrap_or_default(),
                d.issuer
                    .as_ref()
                    .map(|i| i.name.clone())
                    .unwrap_or_default(),
                d.date.map(|x| x.to_string()).unwrap_or_default(),
                d.subject.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out.push(Section {
        title: "Unnumbered documents".into(),
        blocks: vec![Block::Table(
            vec![
                "file".into(),
                "symbol".into(),
                "issuer".into(),
                "date".into(),
                "subject".into(),
            ],
            unnumbered,
        )],
    });

    // 7. Anomalies.
    let mut anomalies: Vec<Vec<String>> = g
        .anomalies
        .iter()
        .map(|a| match a {
            Anomaly::SelfCitation { id } => vec!["self-citation".into(), id.clone()],
            Anomaly::Cycle { ids } => vec!["cycle".into(), ids.join(" ↔ ")],
            Anomaly::ConflictingDates { id, dates } => vec![
                "conflicting dates".into(),
                format!("{id}: {}", dates.join(", ")),
            ],
            Anomaly::AmbiguousReference { id, candidates, .. } => {
                const SHOWN: usize = 10;
                let more = candidates.len().saturating_sub(SHOWN);
                vec![
                    "ambiguous reference".into(),
                    format!(
                        "{id}: could be {}{}",
                        candidates[..candidates.len().min(SHOWN)].join(", "),
                        if more > 0 {
                            format!(" and {more} more")
                        } else {
                            String::new()
                        }
                    ),
                ]
            }
            Anomaly::DuplicateDocument { id, paths } => vec![
                "one document in several files".into(),
                format!("{id}: {}", paths.join(", ")),
            ],
            Anomaly::ConflictingIssuers { id, issuers } => vec![
                "conflicting issuers".into(),
                format!("{id}: {}", issuers.join(", ")),
            ],
        })
        .collect();
    for e in g.graph.edge_references() {
        let (citing, cited) = (&g.graph[e.source()], &g.graph[e.target()]);
        if let Some((_, hi)) = query::delay(cited.date, citing.date) {
            if hi < 0 {
                anomalies.push(vec![
                    "cites a later document".into(),
                    format!(
                        "{} ({}) cites {} ({})",
                        citing.id,
                        citing.date.map(|d| d.to_string()).unwrap_or_default(),
                        cited.id,
                        cited.date.map(|d| d.to_string()).unwrap_or_default()
                    ),
                ]);
            }
        }
    }
    out.push(Section {
        title: "Anomalies".into(),
        blocks: if anomalies.is_empty() {
            vec![Block::Text("None found: no cycle, self-citation, conflicting date or issuer, ambiguous reference, document in several files, or citation of a later document.".into())]
        } else {
            vec![Block::Table(vec!["anomaly".into(), "documents".into()], anomalies)]
        },
    });

    // 8. Evidence for every edge.
    let mut rows = Vec::new();
    for e in g.graph.edge_references() {
        for s in &e.weight().sources {
            rows.push(vec![
                display_name(&g.graph[e.source()]),
                e.weight().relation.to_string(),
                display_name(&g.graph[e.target()]),
                format!("{}:{}", s.path, s.line),
                s.sentence.clone(),
            ]);
        }
    }
    out.push(Section {
        title: "Every edge and the sentence it came from".into(),
        blocks: vec![Block::Table(
            vec![
                "citing".into(),
                "relation".into(),
                "cited".into(),
                "file:line".into(),
                "sentence".into(),
            ],
            rows,
        )],
    });
    out
}

/// Documents ranked by how many documents cite them, as a table.
fn ranked_table(g: &CitationGraph, rows: &[(usize, NodeIndex)], with_corpus: bool) -> Block {
    let mut header: Vec<String> = ["document", "kind", "date", "issuer", "cited by"]
        .map(String::from)
        .to_vec();
    if with_corpus {
        header.push("in corpus".into());
    }
    let rows = rows
        .iter()
        .map(|&(c, n)| {
            let node = &g.graph[n];
            let mut row = vec![
                display_name(node),
                node.kind.map(|k| k.name().to_string()).unwrap_or_default(),
                node.date.map(|d| d.to_string()).unwrap_or_default(),
                node.issuer
                    .as_ref()
                    .map(|i| i.name.clone())
                    .unwrap_or_default(),
                c.to_string(),
            ];
            if with_corpus {
                row.push(if node.in_corpus { "yes" } else { "no" }.into());
            }
            row
        })
        .collect();
    Block::Table(header, rows)
}

/// A chain's documents joined by arrows; a long one shows its first and last documents and
/// counts those between.
fn chain_names(g: &CitationGraph, c: &[NodeIndex]) -> String {
    let name = |n: &NodeIndex| display_name(&g.graph[*n]);
    if c.len() <= MAX_CHAIN_NAMES {
        return c.iter().map(name).collect::<Vec<_>>().join(" → ");
    }
    let half = MAX_CHAIN_NAMES / 2;
    let head: Vec<String> = c[..half].iter().map(name).collect();
    let tail: Vec<String> = c[c.len() - half..].iter().map(name).collect();
    format!(
        "{} → … {} more … → {}",
        head.join(" → "),
        c.len() - 2 * half,
        tail.join(" → ")
    )
}

/// The longest chains of implementation (cited → … → citing), longest first.
///
/// The longest chain down from each document is found once, by a depth-first walk with its
/// own stack that keeps only each document's length and next step (a chain of a million
/// documents neither overflows the stack nor stores a chain per document); an edge back to a
/// document still on the walk (a cycle) is not followed.
fn longest_chains(g: &CitationGraph, top: usize) -> Vec<Vec<NodeIndex>> {
    let implementers = |n: NodeIndex| -> Vec<NodeIndex> {
        let mut v: Vec<NodeIndex> = g
            .neighbours(n, Direction::Incoming)
            .into_iter()
            .filter(|(_, e)| e.relation == Relation::Implements)
            .map(|(m, _)| m)
            .collect();
        v.dedup();
        v
    };
    // Length of the longest chain down from a finished document, and its next document.
    let mut best: HashMap<NodeIndex, (usize, Option<NodeIndex>)> = HashMap::new();
    let mut on_walk: HashSet<NodeIndex> = HashSet::new();
    let starts: Vec<NodeIndex> = g
        .nodes()
        .filter(|&n| {
            !g.graph
                .edges_directed(n, Direction::Outgoing)
                .any(|e| e.weight().relation == Relation::Implements)
        })
        .collect();
    for &s in &starts {
        if best.contains_key(&s) {
            continue;
        }
        let mut stack: Vec<(NodeIndex, Vec<NodeIndex>, usize)> = vec![(s, implementers(s), 0)];
        on_walk.insert(s);
        while let Some((n, kids, next)) = stack.last_mut() {
            if let Some(&m) = kids.get(*next) {
                *next += 1;
                if !best.contains_key(&m) && !on_walk.contains(&m) {
                    on_walk.insert(m);
                    let k = implementers(m);
                    stack.push((m, k, 0));
                }
                continue;
            }
            let n = *n;
            let mut chosen: (usize, Option<NodeIndex>) = (1, None);
            for m in kids.iter() {
                if let Some(&(len, _)) = best.get(m) {
                    if len + 1 > chosen.0 {
                        chosen = (len + 1, Some(*m));
                    }
                }
            }
            best.insert(n, chosen);
            on_walk.remove(&n);
            stack.pop();
        }
    }
    // Only the chains shown are spelt out: many starts can share one long chain.
    let mut ranked: Vec<(usize, NodeIndex)> = starts
        .iter()
        .filter_map(|s| best.get(s).map(|b| (b.0, *s)))
        .filter(|(len, _)| *len > 1)
        .collect();
    ranked.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| g.graph[a.1].id.cmp(&g.graph[b.1].id))
    });
    ranked.truncate(top);
    ranked
        .into_iter()
        .map(|(_, s)| {
            let mut chain = vec![s];
            let mut at = s;
            while let Some(&(_, Some(next))) = best.get(&at) {
                chain.push(next);
                at = next;
            }
            chain
        })
        .collect()
}

/// Text from documents made inert in Markdown: no tag, no table cell break, no link
/// (`[x](javascript:...)`), no code span; each escaped character shows as written.
fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in xml_escape(s).chars() {
        match c {
            '\\' | '|' | '[' | ']' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Writes the report as Markdown.
pub fn write_markdown(sections: &[Section], w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "# vncite report\n")?;
    for s in sections {
        writeln!(w, "## {}\n", s.title)?;
        for b in &s.blocks {
            match b {
                Block::Text(t) => writeln!(w, "{}\n", md_cell(t))?,
                Block::Pre(t) => writeln!(w, "```text\n{}```\n", t.replace("```", "'''"))?,
                Block::Svg(_) => writeln!(
                    w,
                    "_(The diagram is in the HTML report and from `vncite graph`.)_\n"
                )?,
                Block::Table(h, rows) => {
                    if rows.is_empty() {
                        writeln!(w, "_None._\n")?;
                        continue;
                    }
                    writeln!(
                        w,
                        "| {} |",
                        h.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
                    )?;
                    writeln!(w, "|{}", "---|".repeat(h.len()))?;
                    for r in rows {
                        writeln!(
                            w,
                            "| {} |",
                            r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
                        )?;
                    }
                    writeln!(w)?;
                }
            }
        }
    }
    Ok(())
}

const CSS: &str = "body{font-family:Helvetica,Arial,sans-serif;margin:2em auto;max-width:1200px;color:#222;line-height:1.4}\
h1{border-bottom:2px solid #08519c}h2{margin-top:2em;color:#08519c}\
table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}\
th{background:#f0f4f8}tr:nth-child(even) td{background:#fafafa}pre{background:#f7f7f7;padding:1em;overflow-x:auto;font-size:12px}\
nav a{margin-right:1em}.svg{overflow-x:auto;border:1px solid #ddd}";

/// Writes the report as one self-contained HTML file (inline CSS and SVG, no network).
pub fn write_html(sections: &[Section], w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">{}<title>vncite report</title><style>{CSS}</style></head><body>", crate::read::REPORT_GENERATOR)?;
    writeln!(w, "<h1>vncite report</h1>\n<nav>")?;
    for (i, s) in sections.iter().enumerate() {
        writeln!(w, "<a href=\"#s{i}\">{}</a>", xml_escape(&s.title))?;
    }
    writeln!(w, "</nav>")?;
    for (i, s) in sections.iter().enumerate() {
        writeln!(w, "<section id=\"s{i}\"><h2>{}</h2>", xml_escape(&s.title))?;
        for b in &s.blocks {
            match b {
                Block::Text(t) => writeln!(w, "<p>{}</p>", xml_escape(t))?,
                Block::Pre(t) => writeln!(w, "<pre>{}</pre>", xml_escape(t))?,
                Block::Svg(svg) => writeln!(w, "<div class=\"svg\">{svg}</div>")?,
                Block::Table(h, rows) => {
                    if rows.is_empty() {
                        writeln!(w, "<p><em>None.</em></p>")?;
                        continue;
                    }
                    write!(w, "<table><thead><tr>")?;
                    for c in h {
                        write!(w, "<th>{}</th>", xml_escape(c))?;
                    }
                    writeln!(w, "</tr></thead><tbody>")?;
                    for r in rows {
                        write!(w, "<tr>")?;
                        for c in r {
                            write!(w, "<td>{}</td>", xml_escape(c))?;
                        }
                        writeln!(w, "</tr>")?;
                    }
                    writeln!(w, "</tbody></table>")?;
                }
            }
        }
        writeln!(w, "</section>")?;
    }
    writeln!(w, "</body></html>")
}
