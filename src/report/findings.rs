//! The findings computed once from the graph, and the complete tables written beside the
//! report as they are computed: every chain below every root directive, every cited document,
//! every document to collect, every province's coverage and speed, every anomaly.

use super::analysis::{self, Coverage, Marks, Reached, Speed};
use super::out::{Plan, Table, Tally};
use super::source::name;
use super::ReportError;
use crate::graph::{Anomaly, CitationGraph};
use crate::model::Level;
use crate::query::{delay, format_delay};
use petgraph::graph::NodeIndex;
use std::collections::{BTreeMap, BTreeSet};

/// Top directives whose cascades are drawn.
pub const CASCADES_SHOWN: usize = 5;

/// Top central directives whose coverage is drawn.
pub const COVERAGE_SHOWN: usize = 10;

/// What the report found.
pub struct Findings {
    /// Documents by how many documents cite them, most first.
    pub cited: Vec<(usize, NodeIndex)>,
    /// Root directives by the documents down their cascade, most first.
    pub roots: Vec<(usize, NodeIndex)>,
    /// The longest chains of implementation.
    pub chains: Vec<Vec<NodeIndex>>,
    /// Delay of implementing hops by level.
    pub hops: BTreeMap<Option<Level>, Vec<f64>>,
    /// Coverage of every central directive, in id order.
    pub coverage: Vec<Coverage>,
    /// Indices into `coverage` of the top directives, most-cited first.
    pub top_coverage: Vec<usize>,
    /// The most-cited directives with a cascade, and their cascades.
    pub cascades: Vec<(NodeIndex, Vec<Reached>)>,
    /// Every province's speed.
    pub speeds: BTreeMap<String, Speed>,
    /// Provinces with documents in the corpus, in reading order (folded for sorting).
    pub provinces: Vec<String>,
    /// Anomalies as rows (kind, documents), the graph's then citations of later documents.
    pub anomalies: Vec<(String, String)>,
}

/// A date as written, empty when unknown.
pub fn date_of(g: &CitationGraph, n: NodeIndex) -> String {
    g.graph[n].date.map(|d| d.to_string()).unwrap_or_default()
}

/// Computes the findings and writes their complete tables beside the report.
pub fn compute(
    g: &CitationGraph,
    plan: &Plan,
    provinces_with_documents: &BTreeMap<String, usize>,
    tally: &mut Tally,
) -> Result<Findings, ReportError> {
    let cited = analysis::most_cited(g);
    write_cited(g, plan, &cited, tally)?;
    let mut marks = Marks::new(g.graph.node_count());
    let (roots, coverage) = walk_directives(g, plan, &mut marks, tally)?;
    let mut provinces: Vec<String> = provinces_with_documents.keys().cloned().collect();
    provinces.sort_by_cached_key(|p| (crate::normalize::fold_ascii(p).to_lowercase(), p.clone()));
    write_coverage(g, plan, &coverage, &provinces, tally)?;
    let speeds = analysis::speeds(&coverage);
    write_speeds(plan, &speeds, provinces_with_documents, tally)?;
    let anomalies = anomaly_rows(g);
    let mut t = Table::create(plan, "anomalies")?;
    for (k, d) in &anomalies {
        t.row(&[k, d])?;
    }
    t.finish(tally)?;
    let pos: BTreeMap<NodeIndex, usize> = coverage
        .iter()
        .enumerate()
        .map(|(i, c)| (c.directive, i))
        .collect();
    let top_coverage: Vec<usize> = cited
        .iter()
        .filter_map(|(_, n)| pos.get(n).copied())
        .filter(|&i| !coverage[i].provinces.is_empty())
        .take(COVERAGE_SHOWN)
        .collect();
    let mut cascades = Vec::new();
    for &(_, n) in &cited {
        if cascades.len() >= CASCADES_SHOWN {
            break;
        }
        let walk = analysis::cascade(g, n, &mut marks);
        if !walk.is_empty() {
            cascades.push((n, walk));
        }
    }
    Ok(Findings {
        cited,
        roots,
        chains: analysis::longest_chains(g, 10),
        hops: analysis::hop_delays(g),
        coverage,
        top_coverage,
        cascades,
        speeds,
        provinces,
        anomalies,
    })
}

/// Every cited document, ranked, and those not in the corpus (what to collect next).
fn write_cited(
    g: &CitationGraph,
    plan: &Plan,
    cited: &[(usize, NodeIndex)],
    tally: &mut Tally,
) -> Result<(), ReportError> {
    let mut all = Table::create(plan, "cited")?;
    let mut missing = Table::create(plan, "missing")?;
    for (i, &(c, n)) in cited.iter().enumerate() {
        let node = &g.graph[n];
        let row = [
            (i + 1).to_string(),
            node.id.clone(),
            name(g, n),
            node.kind.map(|k| k.name().to_string()).unwrap_or_default(),
            date_of(g, n),
            node.issuer
                .as_ref()
                .map(|i| i.name.clone())
                .unwrap_or_default(),
            node.level().map(|l| l.to_string()).unwrap_or_default(),
            c.to_string(),
            if node.in_corpus { "yes" } else { "no" }.to_string(),
        ];
        all.row(&row)?;
        if !node.in_corpus {
            let mut r = row[..8].to_vec();
            r[0] = (missing.rows + 1).to_string();
            missing.row(&r)?;
        }
    }
    all.finish(tally)?;
    missing.finish(tally)
}

/// Root directives ranked by their cascades' size, and the central directives' coverage.
type Walked = (Vec<(usize, NodeIndex)>, Vec<Coverage>);

/// Walks down from every root directive (writing its chains) and every central directive
/// (measuring its coverage), each once; returns the roots ranked by their cascades' size and
/// the coverage of the central directives in id order.
fn walk_directives(
    g: &CitationGraph,
    plan: &Plan,
    marks: &mut Marks,
    tally: &mut Tally,
) -> Result<Walked, ReportError> {
    let roots = analysis::roots(g);
    let central = analysis::central_directives(g);
    let root_set: BTreeSet<NodeIndex> = roots.iter().copied().collect();
    let central_set: BTreeSet<NodeIndex> = central.iter().copied().collect();
    let mut all: Vec<NodeIndex> = roots.iter().chain(&central).copied().collect();
    all.sort_by(|a, b| g.graph[*a].id.cmp(&g.graph[*b].id));
    all.dedup();
    let mut chains = Table::create(plan, "chains")?;
    let mut ranked = Vec::new();
    let mut coverage = Vec::new();
    for d in all {
        let walk = analysis::cascade(g, d, marks);
        if root_set.contains(&d) {
            ranked.push((walk.len(), d));
            write_chain_rows(g, &mut chains, d, &walk)?;
        }
        if central_set.contains(&d) {
            coverage.push(analysis::coverage_of(g, d, &walk));
        }
    }
    chains.finish(tally)?;
    ranked.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| g.graph[a.1].id.cmp(&g.graph[b.1].id))
    });
    Ok((ranked, coverage))
}

fn days(d: Option<(i64, i64)>) -> (String, String) {
    d.map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap_or_default()
}

fn write_chain_rows(
    g: &CitationGraph,
    t: &mut Table,
    root: NodeIndex,
    walk: &[Reached],
) -> Result<(), ReportError> {
    let (root_id, root_name, root_date) = (&g.graph[root].id, name(g, root), g.graph[root].date);
    for r in walk {
        let node = &g.graph[r.node];
        let hop = days(delay(g.graph[r.parent].date, node.date));
        let total = days(delay(root_date, node.date));
        t.row(&[
            root_id.clone(),
            root_name.clone(),
            r.depth.to_string(),
            node.id.clone(),
            name(g, r.node),
            node.level().map(|l| l.to_string()).unwrap_or_default(),
            analysis::province_of(node.issuer.as_ref()).unwrap_or_default(),
            date_of(g, r.node),
            r.relation.to_string(),
            g.graph[r.parent].id.clone(),
            hop.0,
            hop.1,
            total.0,
            total.1,
        ])?;
    }
    Ok(())
}

/// Every central directive × every province with documents: acted or not, the first
/// document and the days to it.
fn write_coverage(
    g: &CitationGraph,
    plan: &Plan,
    coverage: &[Coverage],
    provinces: &[String],
    tally: &mut Tally,
) -> Result<(), ReportError> {
    let mut t = Table::create(plan, "coverage")?;
    for c in coverage {
        let (id, dname, date) = (
            g.graph[c.directive].id.clone(),
            name(g, c.directive),
            date_of(g, c.directive),
        );
        for p in provinces {
            let (acted, first, fdate, days) = match c.provinces.get(p) {
                Some((d, n)) => (
                    "yes",
                    g.graph[*n].id.clone(),
                    date_of(g, *n),
                    d.map(super::svg::num).unwrap_or_default(),
                ),
                None => ("no", String::new(), String::new(), String::new()),
            };
            t.row(&[&id, &dname, &date, p, acted, &first, &fdate, &days])?;
        }
    }
    t.finish(tally)
}

/// Every province: its documents, the central directives it acted on, and its speed.
fn write_speeds(
    plan: &Plan,
    speeds: &BTreeMap<String, Speed>,
    documents: &BTreeMap<String, usize>,
    tally: &mut Tally,
) -> Result<(), ReportError> {
    let mut t = Table::create(plan, "provinces")?;
    let names: BTreeSet<&String> = speeds.keys().chain(documents.keys()).collect();
    let q = |v: &[f64], p: f64| {
        analysis::quantile(v, p)
            .map(super::svg::num)
            .unwrap_or_default()
    };
    for p in names {
        let s = speeds.get(p).cloned().unwrap_or_default();
        t.row(&[
            p.clone(),
            documents.get(p).copied().unwrap_or(0).to_string(),
            s.acted.to_string(),
            s.days.len().to_string(),
            q(&s.days, 0.5),
            q(&s.days, 0.25),
            q(&s.days, 0.75),
        ])?;
    }
    t.finish(tally)
}

/// The graph's anomalies and the citations of later documents, as (kind, documents) rows.
fn anomaly_rows(g: &CitationGraph) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = g
        .anomalies
        .iter()
        .map(|a| match a {
            Anomaly::SelfCitation { id } => ("self-citation".into(), id.clone()),
            Anomaly::Cycle { ids } => ("cycle".into(), ids.join(" ↔ ")),
            Anomaly::ConflictingDates { id, dates } => (
                "conflicting dates".into(),
                format!("{id}: {}", dates.join(", ")),
            ),
            Anomaly::AmbiguousReference { id, candidates, .. } => {
                const SHOWN: usize = 10;
                let more = candidates.len().saturating_sub(SHOWN);
                (
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
                )
            }
            Anomaly::DuplicateDocument { id, paths } => (
                "one document in several files".into(),
                format!("{id}: {}", paths.join(", ")),
            ),
            Anomaly::ConflictingIssuers { id, issuers } => (
                "conflicting issuers".into(),
                format!("{id}: {}", issuers.join(", ")),
            ),
        })
        .collect();
    for (a, b) in analysis::cites_later(g) {
        let (citing, cited) = (&g.graph[a], &g.graph[b]);
        rows.push((
            "cites a later document".into(),
            format!(
                "{} ({}) cites {} ({}): {}",
                citing.id,
                date_of(g, a),
                cited.id,
                date_of(g, b),
                format_delay(delay(cited.date, citing.date))
            ),
        ));
    }
    rows
}
