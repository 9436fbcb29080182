//! The report's sections, one function each, in the order an analyst reads them: summary,
//! findings, evidence. Each shows its top rows; the complete tables are the CSV files.

use super::analysis::{self, quantile};
use super::figures::{self, Cascade, Figure};
use super::findings::{date_of, Findings};
use super::out::{Plan, Table, Tally, TABLES};
use super::source::{name, DocRow, Source};
use super::stats::DocStats;
use super::svg::{level_name, num, thousands, LEVELS};
use super::{Block, Header, Part, ReportError, Section};
use crate::graph::CitationGraph;
use crate::model::Skipped;
use crate::present::{display_name, node_line};
use crate::query::{self, Filter};
use petgraph::graph::NodeIndex;
use petgraph::Direction;
use std::collections::BTreeMap;

/// Rows of a table shown in the report; the rest are in its CSV file.
pub const TOP: usize = 25;

/// Root directives whose implementation trees are drawn.
const TREES_SHOWN: usize = 3;

/// Lines of one implementation tree drawn.
const TREE_LINES: usize = 30;

/// Largest graph drawn inline in the HTML report; a larger one is left to `vncite graph`.
const MAX_DRAWN_NODES: usize = 300;

/// A report ready to write: its header and sections.
pub struct Report {
    /// What made it.
    pub header: Header,
    /// Its sections, in order.
    pub sections: Vec<Section>,
}

impl Report {
    /// The header as named values.
    pub fn header_facts(&self) -> Vec<(String, String)> {
        let h = &self.header;
        vec![
            ("vncite".into(), h.version.clone()),
            ("date".into(), h.date.clone()),
            ("corpus".into(), h.corpus.clone()),
            ("command".into(), h.command.clone()),
        ]
    }
}

/// The figures of a report, in order.
pub fn figures(r: &Report) -> Vec<&Figure> {
    r.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Figure(f) => Some(f),
            _ => None,
        })
        .collect()
}

/// Counts the documents and writes the files table (every document, then every file passed
/// over); returns the counts and the skipped files.
pub fn documents_pass(
    src: &dyn Source,
    plan: &Plan,
    tally: &mut Tally,
) -> Result<(DocStats, Vec<Skipped>), ReportError> {
    let mut stats = DocStats::default();
    let mut t = Table::create(plan, "files")?;
    src.documents(&mut |d: DocRow| {
        stats.add(&d);
        t.row(&[
            d.path.as_str(),
            &d.part.to_string(),
            "read",
            d.number.as_deref().unwrap_or(""),
            d.symbol.as_deref().unwrap_or(""),
            d.kind.map_or("", |k| k.name()),
            &d.date.map(|x| x.to_string()).unwrap_or_default(),
            d.issuer.as_deref().unwrap_or(""),
            d.level.map_or("", |l| l.as_str()),
            d.province.as_deref().unwrap_or(""),
            d.subject.as_deref().unwrap_or(""),
            &d.references.to_string(),
            &d.missing().join(" "),
            "",
        ])
    })?;
    let skipped = src.skipped()?;
    for s in &skipped {
        let status = format!("skipped: {}", s.category);
        t.row(&[
            s.path.as_str(),
            "",
            &status,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            &s.reason,
        ])?;
    }
    t.finish(tally)?;
    Ok((stats, skipped))
}

/// The evidence: the first rows shown and how many there are in all.
pub struct EvidenceRows {
    /// The first [`TOP`] rows.
    pub shown: Vec<Vec<String>>,
    /// Mentions in all.
    pub total: usize,
}

/// Writes the edges table (every mention behind every edge, with its sentence).
pub fn evidence_pass(
    src: &dyn Source,
    plan: &Plan,
    tally: &mut Tally,
) -> Result<EvidenceRows, ReportError> {
    let g = src.graph();
    let mut t = Table::create(plan, "edges")?;
    let mut shown = Vec::new();
    src.evidence(&mut |e| {
        let (citing, cited) = (&g.graph[e.citing], &g.graph[e.cited]);
        let (a, b) = (display_name(citing), display_name(cited));
        if shown.len() < TOP {
            shown.push(vec![
                a.clone(),
                e.relation.to_string(),
                b.clone(),
                format!("{}:{}", e.path, e.line),
                e.sentence.clone(),
            ]);
        }
        t.row(&[
            citing.id.as_str(),
            &a,
            e.relation.as_str(),
            &cited.id,
            &b,
            if cited.in_corpus { "yes" } else { "no" },
            &e.path,
            &e.line.to_string(),
            &e.sentence,
        ])
    })?;
    let total = t.rows;
    t.finish(tally)?;
    Ok(EvidenceRows { shown, total })
}

/// What the passes over the corpus gathered for the sections.
pub struct Gathered {
    /// Counts over the documents.
    pub stats: DocStats,
    /// Files passed over.
    pub skipped: Vec<Skipped>,
    /// The findings.
    pub found: Findings,
    /// The evidence's first rows.
    pub evidence: EvidenceRows,
    /// Rows written to each table.
    pub tally: Tally,
}

/// Every section, in order.
pub fn build(src: &dyn Source, header: &Header, d: &Gathered) -> Result<Report, ReportError> {
    let g = src.graph();
    let (stats, skipped, f, ev) = (&d.stats, &d.skipped[..], &d.found, &d.evidence);
    let sections = vec![
        summary(g, stats, skipped, f),
        months(stats),
        most_cited(src, f)?,
        cascades(g, f),
        coverage(g, f),
        provinces(f),
        delays(f),
        chains(g, f),
        to_collect(g, f),
        lacking(stats),
        anomalies(f),
        evidence(ev),
        files(stats, skipped),
        tables(&d.tally),
        diagram(g),
    ];
    Ok(Report {
        header: header.clone(),
        sections,
    })
}

fn section(title: &str, part: Part, blocks: Vec<Block>) -> Section {
    Section {
        title: title.into(),
        part,
        blocks,
    }
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        return "0%".into();
    }
    let p = 100.0 * n as f64 / of as f64;
    if n > 0 && p < 0.05 {
        return "<0.1%".into();
    }
    format!("{}%", num(p))
}

/// The summary's named values: size, dates, identity not read, graph, provinces.
fn summary_facts(
    g: &CitationGraph,
    s: &DocStats,
    skipped: usize,
    f: &Findings,
) -> Vec<(String, String)> {
    let not_in = g.nodes().filter(|&n| !g.graph[n].in_corpus).count();
    let range = match (s.first, s.last) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "no date read".into(),
    };
    let lacks =
        |n: usize, what: &str| format!("{} without {what} ({})", thousands(n), pct(n, s.documents));
    let fact = |k: &str, v: String| (k.to_string(), v);
    vec![
        fact(
            "documents",
            format!("{} in {} files", thousands(s.documents), thousands(s.files)),
        ),
        fact("files skipped", thousands(skipped)),
        fact(
            "issued",
            format!(
                "{range} ({} undated, {} dated by year only)",
                thousands(s.no_date),
                thousands(s.year_only)
            ),
        ),
        fact(
            "identity not read",
            format!(
                "{}, {}, {}",
                lacks(s.no_number, "a number"),
                lacks(s.no_date, "a date"),
                lacks(s.no_issuer, "an issuer")
            ),
        ),
        fact("references", thousands(s.references)),
        fact(
            "citation graph",
            format!(
                "{} documents ({} cited but not in the corpus), {} edges",
                thousands(g.graph.node_count()),
                thousands(not_in),
                thousands(g.graph.edge_count())
            ),
        ),
        fact(
            "provinces",
            format!("{} with documents in the corpus", f.provinces.len()),
        ),
        fact("anomalies", thousands(f.anomalies.len())),
    ]
}

/// A table of counts with each one's share of `total`, in the order given.
fn share_table(what: &str, counts: Vec<(String, usize)>, total: usize) -> Block {
    Block::Table(
        vec![what.into(), "documents".into(), "share".into()],
        counts
            .into_iter()
            .map(|(k, n)| vec![k, thousands(n), pct(n, total)])
            .collect(),
    )
}

fn summary(g: &CitationGraph, s: &DocStats, skipped: &[Skipped], f: &Findings) -> Section {
    let lacking = if s.lacking == 0 {
        "Every document's number, date and issuer were read.".into()
    } else {
        format!(
            "Identity not read: {} of {} documents lack a number, a date or an issuer; the section below lists the first, the files table all (its missing column).",
            thousands(s.lacking),
            thousands(s.documents)
        )
    };
    let levels: Vec<(String, usize)> = LEVELS
        .iter()
        .zip(s.by_level)
        .filter(|(_, n)| *n > 0)
        .map(|(l, n)| (level_name(*l).to_string(), n))
        .collect();
    // Levels from the centre down; kinds most first.
    let mut kinds: Vec<(String, usize)> = s.by_kind.iter().map(|(k, n)| (k.clone(), *n)).collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let blocks = vec![
        Block::Facts(summary_facts(g, s, skipped.len(), f)),
        Block::Text(lacking),
        share_table("level", levels, s.documents),
        share_table("kind", kinds, s.documents),
    ];
    section("Summary", Part::Summary, blocks)
}

fn months(s: &DocStats) -> Section {
    let blocks = match figures::months(&s.by_month, s.no_date, s.year_only) {
        Some(fig) => vec![Block::Figure(fig)],
        None => vec![Block::Text("No document is dated to the month.".into())],
    };
    section("Documents per month, by level", Part::Findings, blocks)
}

/// Documents ranked by how many documents cite them, as a table.
fn ranked_table(g: &CitationGraph, rows: &[(usize, NodeIndex)], with_corpus: bool) -> Block {
    let (header, rows) = ranked_rows(g, rows, with_corpus);
    Block::Table(header, rows)
}

/// The header and rows of [`ranked_table`].
fn ranked_rows(
    g: &CitationGraph,
    rows: &[(usize, NodeIndex)],
    with_corpus: bool,
) -> (Vec<String>, Vec<Vec<String>>) {
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
                date_of(g, n),
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
    (header, rows)
}

fn most_cited(src: &dyn Source, f: &Findings) -> Result<Section, ReportError> {
    let g = src.graph();
    let shown = &f.cited[..f.cited.len().min(TOP)];
    let (mut header, mut rows) = ranked_rows(g, shown, true);
    // What each is about: read for the rows shown only (an index keeps subjects on disk).
    header.push("subject".into());
    for (row, &(_, n)) in rows.iter_mut().zip(shown) {
        row.push(src.subject(n)?.unwrap_or_default());
    }
    Ok(section(
        "Most-cited directives",
        Part::Findings,
        vec![
            Block::Table(header, rows),
            Block::More {
                shown: shown.len(),
                total: f.cited.len(),
                table: "cited",
            },
        ],
    ))
}

/// One directive's cascade: its chart data and its table row (counts by level, median delay).
fn cascade_of(
    g: &CitationGraph,
    n: NodeIndex,
    walk: &[analysis::Reached],
) -> (Cascade, Vec<String>) {
    let date = g.graph[n].date;
    let events: Vec<_> = walk
        .iter()
        .filter_map(|r| {
            let node = &g.graph[r.node];
            Some((
                node.level(),
                analysis::delay_days(date, node.date)?.max(0.0),
            ))
        })
        .collect();
    let mut by_level = [0usize; 5];
    for r in walk {
        by_level[super::stats::level_slot(g.graph[r.node].level())] += 1;
    }
    let mut days: Vec<f64> = events.iter().map(|e| e.1).collect();
    days.sort_by(f64::total_cmp);
    let mut row = vec![name(g, n), date_of(g, n), thousands(walk.len())];
    row.extend(by_level.iter().map(|c| thousands(*c)));
    row.push(
        quantile(&days, 0.5)
            .map(|d| format!("{} d", num(d)))
            .unwrap_or_default(),
    );
    let c = Cascade {
        name: name(g, n),
        date: date_of(g, n),
        reached: walk.len(),
        events,
    };
    (c, row)
}

fn cascades(g: &CitationGraph, f: &Findings) -> Section {
    let title = "Cascades of the most-cited directives";
    if f.cascades.is_empty() {
        let none = "No directive is implemented down a chain.";
        return section(title, Part::Findings, vec![Block::Text(none.into())]);
    }
    let (list, rows): (Vec<Cascade>, Vec<Vec<String>>) = f
        .cascades
        .iter()
        .map(|(n, walk)| cascade_of(g, *n, walk))
        .unzip();
    let mut header: Vec<String> = ["directive", "date", "down the cascade"]
        .map(String::from)
        .to_vec();
    header.extend(LEVELS.iter().map(|l| level_name(*l).to_string()));
    header.push("median delay".into());
    let mut blocks: Vec<Block> = figures::cascades(&list)
        .map(Block::Figure)
        .into_iter()
        .collect();
    blocks.push(Block::Table(header, rows));
    blocks.push(Block::Text("Every document down every root directive's cascade, with the delay of each hop and from the directive, is in the chains table (see Implementation chains).".into()));
    section(title, Part::Findings, blocks)
}

/// One top directive's coverage row: provinces acted, median days, provinces with none.
fn coverage_row(
    g: &CitationGraph,
    name: &str,
    c: &analysis::Coverage,
    provinces: &[String],
) -> Vec<String> {
    let not: Vec<&str> = provinces
        .iter()
        .filter(|p| !c.provinces.contains_key(*p))
        .map(String::as_str)
        .collect();
    vec![
        name.to_string(),
        date_of(g, c.directive),
        format!("{} of {}", provinces.len() - not.len(), provinces.len()),
        c.median_days()
            .map(|d| format!("{} d", num(d)))
            .unwrap_or_default(),
        if not.is_empty() {
            "none".into()
        } else {
            not.join(", ")
        },
    ]
}

fn coverage(g: &CitationGraph, f: &Findings) -> Section {
    let title = "Coverage by province: who has acted, how fast, who has not";
    if f.top_coverage.is_empty() {
        let none =
            "No central directive has an implementing document from a province in the corpus.";
        return section(title, Part::Findings, vec![Block::Text(none.into())]);
    }
    let rows: Vec<(String, &analysis::Coverage)> = f
        .top_coverage
        .iter()
        .map(|&i| (name(g, f.coverage[i].directive), &f.coverage[i]))
        .collect();
    let mut blocks: Vec<Block> = figures::coverage(&rows, &f.provinces)
        .map(Block::Figure)
        .into_iter()
        .collect();
    let header = [
        "directive",
        "date",
        "provinces acted",
        "median days to first document",
        "provinces with no document",
    ];
    blocks.push(Block::Table(
        header.map(String::from).to_vec(),
        rows.iter()
            .map(|(n, c)| coverage_row(g, n, c, &f.provinces))
            .collect(),
    ));
    blocks.push(Block::Text(format!(
        "A province has acted when a document of its own or of a district or commune in it lies down the directive's cascade; the provinces counted are the {} with documents in the corpus.",
        f.provinces.len()
    )));
    blocks.push(Block::More {
        shown: 0,
        total: f.coverage.len() * f.provinces.len(),
        table: "coverage",
    });
    section(title, Part::Findings, blocks)
}

fn provinces(f: &Findings) -> Section {
    let blocks = match figures::provinces(&f.speeds) {
        Some(fig) => vec![
            Block::Figure(fig),
            Block::More {
                shown: 0,
                total: f.provinces.len().max(f.speeds.len()),
                table: "provinces",
            },
        ],
        None => vec![Block::Text(
            "Too few provinces answer central directives with dated documents to rank them.".into(),
        )],
    };
    section("Slowest and fastest provinces", Part::Findings, blocks)
}

fn delays(f: &Findings) -> Section {
    let mut blocks = Vec::new();
    if let Some(fig) = figures::delays(&f.hops) {
        blocks.push(Block::Figure(fig));
    }
    let rows: Vec<Vec<String>> = LEVELS
        .iter()
        .filter_map(|l| {
            let v = f.hops.get(l).filter(|v| !v.is_empty())?;
            let q = |p| quantile(v, p).map(num).unwrap_or_default();
            Some(vec![
                level_name(*l).to_string(),
                thousands(v.len()),
                q(0.25),
                q(0.5),
                q(0.75),
                q(0.9),
            ])
        })
        .collect();
    if rows.is_empty() {
        blocks.push(Block::Text(
            "No implementing hop has both dates known to the month.".into(),
        ));
    } else {
        blocks.push(Block::Table(
            [
                "implementing level",
                "hops",
                "25% (days)",
                "median",
                "75%",
                "90%",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        ));
    }
    section("Delay per hop, by level", Part::Findings, blocks)
}

fn chains(g: &CitationGraph, f: &Findings) -> Section {
    let mut blocks = Vec::new();
    if f.chains.is_empty() {
        blocks.push(Block::Text("No chain of implementation.".into()));
    } else {
        blocks.push(Block::Table(
            [
                "hops",
                "chain (directive → … → implementer, with the delay of each hop)",
                "total delay",
            ]
            .map(String::from)
            .to_vec(),
            f.chains
                .iter()
                .map(|c| {
                    let last = c.last().copied().unwrap_or(c[0]);
                    vec![
                        (c.len() - 1).to_string(),
                        analysis::chain_names(g, c),
                        query::format_delay(query::delay(g.graph[c[0]].date, g.graph[last].date)),
                    ]
                })
                .collect(),
        ));
    }
    blocks.extend(trees(g, f));
    let total: usize = f.roots.iter().map(|r| r.0).sum();
    blocks.push(Block::More {
        shown: 0,
        total,
        table: "chains",
    });
    section(
        "Implementation chains (delay at each hop; month-precision dates give ranges)",
        Part::Findings,
        blocks,
    )
}

/// The implementation trees of the largest root directives, each cut at [`TREE_LINES`].
fn trees(g: &CitationGraph, f: &Findings) -> Vec<Block> {
    let filter = Filter {
        relations: analysis::CASCADE.to_vec(),
        depth: Some(query::TREE_DEPTH),
    };
    let mut blocks = Vec::new();
    for &(count, root) in f.roots.iter().take(TREES_SHOWN) {
        blocks.push(Block::Text(format!(
            "{} — {} documents down its cascade:",
            node_line(&g.graph[root]),
            thousands(count)
        )));
        let tree = query::tree(g, root, Direction::Incoming, &filter);
        let cut = tree.lines.len().min(TREE_LINES);
        let mut buf = Vec::new();
        let _ = crate::present::write_tree(g, &tree.lines[..cut], &mut buf);
        let mut text = String::from_utf8_lossy(&buf).into_owned();
        let more = tree.lines.len() - cut + tree.left_out;
        if more > 0 {
            text.push_str(&format!(
                "… {} more (`vncite descendants {}` shows them; the chains table lists them)\n",
                thousands(more),
                display_name(&g.graph[root])
            ));
        }
        blocks.push(Block::Pre(text));
    }
    if f.roots.len() > TREES_SHOWN {
        blocks.push(Block::Text(format!(
            "{} more root directives; the chains table lists every document below each.",
            thousands(f.roots.len() - TREES_SHOWN)
        )));
    }
    blocks
}

fn to_collect(g: &CitationGraph, f: &Findings) -> Section {
    let missing: Vec<(usize, NodeIndex)> = f
        .cited
        .iter()
        .filter(|(_, n)| !g.graph[*n].in_corpus)
        .copied()
        .collect();
    let shown = &missing[..missing.len().min(TOP)];
    section(
        "Referenced but not in the corpus (what to collect next)",
        Part::Findings,
        vec![
            ranked_table(g, shown, false),
            Block::More {
                shown: shown.len(),
                total: missing.len(),
                table: "missing",
            },
        ],
    )
}

fn lacking(s: &DocStats) -> Section {
    let rows: Vec<Vec<String>> = s
        .lacking_rows
        .iter()
        .map(|d| {
            vec![
                d.path.clone(),
                d.number
                    .clone()
                    .or_else(|| d.symbol.as_ref().map(|s| format!("/{s}")))
                    .unwrap_or_default(),
                d.issuer.clone().unwrap_or_default(),
                d.date.map(|x| x.to_string()).unwrap_or_default(),
                d.subject.clone().unwrap_or_default(),
                d.missing().join(", "),
            ]
        })
        .collect();
    let blocks = vec![
        Block::Text(format!(
            "{} documents lack a number, {} a date, {} an issuer.",
            thousands(s.no_number),
            thousands(s.no_date),
            thousands(s.no_issuer)
        )),
        Block::Table(
            [
                "file",
                "number or symbol",
                "issuer",
                "date",
                "subject",
                "missing",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        ),
        Block::More {
            shown: s.lacking_rows.len(),
            total: s.lacking,
            table: "files",
        },
    ];
    section(
        "Documents lacking a number, date or issuer",
        Part::Findings,
        blocks,
    )
}

fn anomalies(f: &Findings) -> Section {
    if f.anomalies.is_empty() {
        return section("Anomalies", Part::Findings, vec![Block::Text(
            "None found: no cycle, self-citation, conflicting date or issuer, ambiguous reference, document in several files, or citation of a later document.".into(),
        )]);
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, _) in &f.anomalies {
        *kinds.entry(k).or_default() += 1;
    }
    let shown: Vec<Vec<String>> = f
        .anomalies
        .iter()
        .take(TOP)
        .map(|(k, d)| vec![k.clone(), d.clone()])
        .collect();
    section(
        "Anomalies",
        Part::Findings,
        vec![
            Block::Table(
                vec!["anomaly".into(), "count".into()],
                kinds
                    .into_iter()
                    .map(|(k, n)| vec![k.to_string(), thousands(n)])
                    .collect(),
            ),
            Block::Table(vec!["anomaly".into(), "documents".into()], shown.clone()),
            Block::More {
                shown: shown.len(),
                total: f.anomalies.len(),
                table: "anomalies",
            },
        ],
    )
}

fn evidence(ev: &EvidenceRows) -> Section {
    section(
        "Every edge and the sentence it came from",
        Part::Evidence,
        vec![
            Block::Table(
                ["citing", "relation", "cited", "file:line", "sentence"]
                    .map(String::from)
                    .to_vec(),
                ev.shown.clone(),
            ),
            Block::More {
                shown: ev.shown.len(),
                total: ev.total,
                table: "edges",
            },
        ],
    )
}

fn files(s: &DocStats, skipped: &[Skipped]) -> Section {
    let mut blocks = vec![Block::Text(format!(
        "{} documents read from {} files; {} files passed over.",
        thousands(s.documents),
        thousands(s.files),
        thousands(skipped.len())
    ))];
    if !skipped.is_empty() {
        let mut by: BTreeMap<&str, usize> = BTreeMap::new();
        for k in skipped {
            *by.entry(k.category.as_str()).or_default() += 1;
        }
        blocks.push(Block::Table(
            vec!["skipped because".into(), "files".into()],
            by.into_iter()
                .map(|(k, n)| vec![k.to_string(), thousands(n)])
                .collect(),
        ));
        blocks.push(Block::Table(
            vec!["skipped file".into(), "reason".into()],
            skipped
                .iter()
                .take(TOP)
                .map(|k| vec![k.path.clone(), k.reason.clone()])
                .collect(),
        ));
    }
    blocks.push(Block::More {
        shown: 0,
        total: s.documents + skipped.len(),
        table: "files",
    });
    section("Every file", Part::Evidence, blocks)
}

fn tables(tally: &Tally) -> Section {
    let list = TABLES
        .iter()
        .map(|t| {
            (
                t.name,
                tally.rows.get(t.name).copied().unwrap_or(0),
                t.about,
            )
        })
        .collect();
    section(
        "The complete tables (CSV)",
        Part::Evidence,
        vec![Block::Tables(list), Block::Text(
            "UTF-8 CSV with a header row; a text cell that a spreadsheet would run as a formula starts with a '. They load in pandas (pd.read_csv) or any spreadsheet.".into(),
        )],
    )
}

fn diagram(g: &CitationGraph) -> Section {
    let block = if g.graph.node_count() <= MAX_DRAWN_NODES {
        Block::Svg(crate::render::builtin_svg(
            g,
            None,
            &crate::render::Options::default(),
        ))
    } else {
        Block::Text(format!(
            "The graph has {} documents, too many to draw here; draw a part with `vncite graph --root KEY --depth N -o part.svg`.",
            thousands(g.graph.node_count())
        ))
    };
    section("The citation graph", Part::Evidence, vec![block])
}
