//! What the report finds in the graph: the most-cited documents, the implementation cascades
//! of root and central directives, delays per hop, coverage by province, the longest chains.
//! Every walk keeps its own stack or queue and visits each document once per directive, so
//! the work grows with the cascades, not with their square.

use crate::graph::CitationGraph;
use crate::model::{Level, PartialDate, Relation};
use crate::present::display_name;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The relations an implementation cascade follows down from a directive.
pub const CASCADE: [Relation; 3] = [Relation::Implements, Relation::GuidedBy, Relation::Amends];

/// One document reached down a directive's cascade.
#[derive(Debug, Clone, Copy)]
pub struct Reached {
    /// The document.
    pub node: NodeIndex,
    /// Hops below the directive.
    pub depth: usize,
    /// The document it was first reached from (one hop up).
    pub parent: NodeIndex,
    /// The relation of that hop.
    pub relation: Relation,
}

/// Walks down from `root` breadth first along [`CASCADE`] relations, each document once,
/// children in a stable order (date, id): the same graph gives the same walk however it was
/// read. `seen` is scratch space of the graph's size, reused between walks.
pub fn cascade(g: &CitationGraph, root: NodeIndex, seen: &mut Marks) -> Vec<Reached> {
    seen.next();
    seen.set(root);
    let mut out = Vec::new();
    let mut i = 0;
    let mut frontier = vec![(root, 0usize)];
    while let Some(&(n, depth)) = frontier.get(i) {
        i += 1;
        for (m, e) in g.neighbours(n, Direction::Incoming) {
            if !CASCADE.contains(&e.relation) || seen.is_set(m) {
                continue;
            }
            seen.set(m);
            out.push(Reached {
                node: m,
                depth: depth + 1,
                parent: n,
                relation: e.relation,
            });
            frontier.push((m, depth + 1));
        }
    }
    out
}

/// Visited marks for repeated walks: a generation number per node, so starting a walk costs
/// nothing however large the graph.
pub struct Marks {
    stamp: Vec<u32>,
    now: u32,
}

impl Marks {
    /// Marks for a graph of `n` nodes.
    pub fn new(n: usize) -> Marks {
        Marks {
            stamp: vec![0; n],
            now: 0,
        }
    }

    fn next(&mut self) {
        self.now = self.now.wrapping_add(1);
        if self.now == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.now = 1;
        }
    }

    fn set(&mut self, n: NodeIndex) {
        if let Some(s) = self.stamp.get_mut(n.index()) {
            *s = self.now;
        }
    }

    fn is_set(&self, n: NodeIndex) -> bool {
        self.stamp.get(n.index()) == Some(&self.now)
    }
}

/// Days from `cited` to `citing` as one number: the middle of the range when a date is known
/// only to the month; none when either date is unknown or known only to the year (a range of
/// a year says nothing about a delay of days).
pub fn delay_days(cited: Option<PartialDate>, citing: Option<PartialDate>) -> Option<f64> {
    let (a, b) = (cited?, citing?);
    if a.month.is_none() || b.month.is_none() {
        return None;
    }
    let (lo, hi) = crate::query::delay(Some(a), Some(b))?;
    Some((lo + hi) as f64 / 2.0)
}

/// Documents ranked by how many documents cite them (each citer once), most first, then by id.
pub fn most_cited(g: &CitationGraph) -> Vec<(usize, NodeIndex)> {
    let mut cited: Vec<(usize, NodeIndex)> = g
        .nodes()
        .map(|n| {
            let mut citers: Vec<NodeIndex> = g
                .graph
                .edges_directed(n, Direction::Incoming)
                .map(|e| e.source())
                .collect();
            citers.sort_unstable();
            citers.dedup();
            (citers.len(), n)
        })
        .filter(|(c, _)| *c > 0)
        .collect();
    cited.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| g.graph[a.1].id.cmp(&g.graph[b.1].id))
    });
    cited
}

/// Root directives: implemented by some document and implementing none, in id order.
pub fn roots(g: &CitationGraph) -> Vec<NodeIndex> {
    let has = |n: NodeIndex, d: Direction| {
        g.graph
            .edges_directed(n, d)
            .any(|e| e.weight().relation == Relation::Implements)
    };
    let mut v: Vec<NodeIndex> = g
        .nodes()
        .filter(|&n| has(n, Direction::Incoming) && !has(n, Direction::Outgoing))
        .collect();
    v.sort_by(|a, b| g.graph[*a].id.cmp(&g.graph[*b].id));
    v
}

/// The delay of every `implements` hop whose two dates are known to the month, by the level
/// of the implementing document.
pub fn hop_delays(g: &CitationGraph) -> BTreeMap<Option<Level>, Vec<f64>> {
    let mut out: BTreeMap<Option<Level>, Vec<f64>> = BTreeMap::new();
    for e in g.graph.edge_references() {
        if e.weight().relation != Relation::Implements {
            continue;
        }
        let (citing, cited) = (&g.graph[e.source()], &g.graph[e.target()]);
        if let Some(d) = delay_days(cited.date, citing.date) {
            out.entry(citing.level()).or_default().push(d);
        }
    }
    for v in out.values_mut() {
        v.sort_by(f64::total_cmp);
    }
    out
}

/// The value at quantile `q` (0–1) of sorted values, interpolated between neighbours.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    let t = pos - lo as f64;
    Some(sorted[lo] * (1.0 - t) + sorted[hi] * t)
}

/// The province a document belongs to, in its canonical spelling.
pub fn province_of(i: Option<&crate::model::Issuer>) -> Option<String> {
    let p = i?.province.as_deref()?;
    Some(crate::gazetteer::province_named(p).unwrap_or(p).to_string())
}

/// How one directive reached the provinces: for each province with a document down its
/// cascade, the first such document and how many days after the directive it came.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// The directive.
    pub directive: NodeIndex,
    /// Documents down its cascade.
    pub reached: usize,
    /// Province → (days to its first document when both dates are known, that document).
    pub provinces: BTreeMap<String, (Option<f64>, NodeIndex)>,
}

impl Coverage {
    /// The median of the provinces' days to their first document.
    pub fn median_days(&self) -> Option<f64> {
        let mut d: Vec<f64> = self.provinces.values().filter_map(|v| v.0).collect();
        d.sort_by(f64::total_cmp);
        quantile(&d, 0.5)
    }
}

/// The coverage of one directive, from its cascade.
pub fn coverage_of(g: &CitationGraph, directive: NodeIndex, walk: &[Reached]) -> Coverage {
    let date = g.graph[directive].date;
    let mut provinces: BTreeMap<String, (Option<f64>, NodeIndex)> = BTreeMap::new();
    for r in walk {
        let node = &g.graph[r.node];
        let Some(p) = province_of(node.issuer.as_ref()) else {
            continue;
        };
        let days = delay_days(date, node.date);
        let better = |old: &(Option<f64>, NodeIndex)| match (days, old.0) {
            (Some(a), Some(b)) => a < b,
            (Some(_), None) => true,
            _ => false,
        };
        match provinces.get(&p) {
            Some(old) if !better(old) => {}
            _ => {
                provinces.insert(p, (days, r.node));
            }
        }
    }
    Coverage {
        directive,
        reached: walk.len(),
        provinces,
    }
}

/// Central directives implemented by some document, in id order: the directives whose
/// coverage by province the report measures.
pub fn central_directives(g: &CitationGraph) -> Vec<NodeIndex> {
    let mut v: Vec<NodeIndex> = g
        .nodes()
        .filter(|&n| g.graph[n].level() == Some(Level::Central))
        .filter(|&n| {
            g.graph
                .edges_directed(n, Direction::Incoming)
                .any(|e| CASCADE.contains(&e.weight().relation))
        })
        .collect();
    v.sort_by(|a, b| g.graph[*a].id.cmp(&g.graph[*b].id));
    v
}

/// How fast one province answers central directives: the days to its first document for
/// each directive it acted on.
#[derive(Debug, Clone, Default)]
pub struct Speed {
    /// Days to the first document, one per directive with both dates known, sorted.
    pub days: Vec<f64>,
    /// Directives it acted on (dated or not).
    pub acted: usize,
}

/// Every province's speed over the coverage of every central directive.
pub fn speeds(cov: &[Coverage]) -> BTreeMap<String, Speed> {
    let mut out: BTreeMap<String, Speed> = BTreeMap::new();
    for c in cov {
        for (p, (days, _)) in &c.provinces {
            let s = out.entry(p.clone()).or_default();
            s.acted += 1;
            if let Some(d) = days {
                s.days.push(*d);
            }
        }
    }
    for s in out.values_mut() {
        s.days.sort_by(f64::total_cmp);
    }
    out
}

/// Edges whose citing document is dated before the document it cites (a misread date or
/// number), as (citing, cited), in id order.
pub fn cites_later(g: &CitationGraph) -> Vec<(NodeIndex, NodeIndex)> {
    let mut v: Vec<(NodeIndex, NodeIndex)> = g
        .graph
        .edge_references()
        .filter(|e| {
            let (citing, cited) = (&g.graph[e.source()], &g.graph[e.target()]);
            crate::query::delay(cited.date, citing.date).is_some_and(|(_, hi)| hi < 0)
        })
        .map(|e| (e.source(), e.target()))
        .collect();
    v.sort_by(|a, b| {
        (&g.graph[a.0].id, &g.graph[a.1].id).cmp(&(&g.graph[b.0].id, &g.graph[b.1].id))
    });
    v.dedup();
    v
}

/// Documents named in one chain of the longest chains: the first and last halves; those
/// between are counted.
const MAX_CHAIN_NAMES: usize = 20;

/// A chain's documents joined by arrows with the delay of each hop; a long one shows its
/// first and last documents and counts those between.
pub fn chain_names(g: &CitationGraph, c: &[NodeIndex]) -> String {
    let name = |i: usize| {
        let n = &g.graph[c[i]];
        if i == 0 {
            return display_name(n);
        }
        let d = crate::query::format_delay(crate::query::delay(g.graph[c[i - 1]].date, n.date));
        if d.is_empty() {
            format!("→ {}", display_name(n))
        } else {
            format!("→ ({d}) {}", display_name(n))
        }
    };
    if c.len() <= MAX_CHAIN_NAMES {
        return (0..c.len()).map(name).collect::<Vec<_>>().join(" ");
    }
    let half = MAX_CHAIN_NAMES / 2;
    let head: Vec<String> = (0..half).map(name).collect();
    let tail: Vec<String> = (c.len() - half..c.len()).map(name).collect();
    format!(
        "{} → … {} more … {}",
        head.join(" "),
        c.len() - 2 * half,
        tail.join(" ")
    )
}

/// For each document, the length of the longest chain of implementation down from it and
/// the next document on that chain.
type Longest = HashMap<NodeIndex, (usize, Option<NodeIndex>)>;

/// The documents that implement `n`, in a stable order.
fn implementers(g: &CitationGraph, n: NodeIndex) -> Vec<NodeIndex> {
    let mut v: Vec<NodeIndex> = g
        .neighbours(n, Direction::Incoming)
        .into_iter()
        .filter(|(_, e)| e.relation == Relation::Implements)
        .map(|(m, _)| m)
        .collect();
    v.dedup();
    v
}

/// The longest chain down from `s` and from every document below it not measured yet, by a
/// depth-first walk with its own stack that keeps only each document's length and next step
/// (a chain of a million documents neither overflows the stack nor stores a chain per
/// document); an edge back to a document still on the walk (a cycle) is not followed.
fn measure(g: &CitationGraph, s: NodeIndex, best: &mut Longest, on_walk: &mut HashSet<NodeIndex>) {
    let mut stack: Vec<(NodeIndex, Vec<NodeIndex>, usize)> = vec![(s, implementers(g, s), 0)];
    on_walk.insert(s);
    while let Some((n, kids, next)) = stack.last_mut() {
        if let Some(&m) = kids.get(*next) {
            *next += 1;
            if !best.contains_key(&m) && !on_walk.contains(&m) {
                on_walk.insert(m);
                let k = implementers(g, m);
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

/// The longest chains of implementation (cited → … → citing), longest first: the longest
/// chain down from each document is measured once.
pub fn longest_chains(g: &CitationGraph, top: usize) -> Vec<Vec<NodeIndex>> {
    let mut best: Longest = HashMap::new();
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
        if !best.contains_key(&s) {
            measure(g, s, &mut best, &mut on_walk);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 10.0];
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert_eq!(quantile(&v, 0.0), Some(1.0));
        assert_eq!(quantile(&v, 1.0), Some(10.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn delays_need_months() {
        let d = PartialDate::parse_iso;
        assert_eq!(delay_days(d("2021-08-05"), d("2021-08-06")), Some(1.0));
        assert_eq!(delay_days(d("2021-08-06"), d("2021-08")), Some(12.5));
        assert_eq!(delay_days(d("2021"), d("2021-08-06")), None);
    }
}
