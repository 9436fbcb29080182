//! A graph decided but not yet made: every node's facts in a few bytes, its id, its place in
//! the id order, and the edges between those places. An index writes its nodes one at a time
//! from here; [`Resolved::into_graph`] makes the whole [`CitationGraph`] for queries in memory.

use super::build::{Ambiguity, Lookups, Made, NONE};
use super::compact::{Interner, Keys, Strings};
use super::{Anomaly, CitationGraph, Edge, Node};
use crate::model::{DocKind, Issuer, PartialDate, Relation};
use petgraph::graph::NodeIndex;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// What a node is made from: interned ids ([`NONE`] when not there) and plain values.
#[derive(Debug, Clone, Copy)]
pub(super) struct Facts {
    pub(super) key: u32,
    pub(super) title: u32,
    /// The document read as the node (the first of its copies), if it was read.
    pub(super) own: u32,
    /// The document whose path tells this node apart from others of its id.
    pub(super) hint: u32,
    pub(super) issuer: u32,
    pub(super) date: Option<PartialDate>,
    pub(super) kind: Option<DocKind>,
}

impl Default for Facts {
    fn default() -> Self {
        Facts {
            key: NONE,
            title: NONE,
            own: NONE,
            hint: NONE,
            issuer: NONE,
            date: None,
            kind: None,
        }
    }
}

/// What the builder read that nodes are made from.
#[derive(Debug, Default)]
pub(super) struct Store {
    pub(super) issuers: Interner<Issuer>,
    pub(super) keys: Keys,
    pub(super) paths: Strings,
    pub(super) subjects: Strings,
}

/// An edge between node positions; its mentions end at `end` in [`Resolved::edge_refs`].
#[derive(Debug, Clone, Copy)]
pub(super) struct EdgeRow {
    pub(super) citing: u32,
    pub(super) cited: u32,
    pub(super) relation: Relation,
    pub(super) end: u32,
}

/// One edge of a [`Resolved`] graph.
#[derive(Debug, Clone, Copy)]
pub struct ResolvedEdge<'a> {
    /// Position of the citing node.
    pub citing: usize,
    /// Position of the cited node.
    pub cited: usize,
    /// The strongest relation of its mentions.
    pub relation: Relation,
    /// The (document, reference) positions behind it, in the order documents were added.
    pub refs: &'a [(u32, u32)],
}

/// A citation graph whose identities are decided, held compact; see the module comment.
#[derive(Debug)]
pub struct Resolved {
    /// By the order nodes were made in.
    facts: Vec<Facts>,
    ids: Strings,
    /// The ids that repeats were renamed to.
    renamed: FxHashMap<u32, String>,
    /// The node made at each position of the id order.
    order: Vec<u32>,
    /// The position of each node made in the id order.
    rank: Vec<u32>,
    copies: FxHashMap<u32, Vec<u32>>,
    titles: Strings,
    store: Store,
    edges: Vec<EdgeRow>,
    edge_refs: Vec<(u32, u32)>,
    anomalies: Vec<Anomaly>,
}

impl Resolved {
    /// Orders the nodes made by id, renames repeats, and reports copies and ambiguities.
    pub(super) fn new(made: Made, store: Store) -> Resolved {
        let Made {
            facts,
            ids,
            copies,
            ambiguous,
            anomalies,
            titles,
            ..
        } = made;
        let mut r = Resolved {
            order: (0..facts.len() as u32).collect(),
            rank: Vec::new(),
            facts,
            ids,
            renamed: FxHashMap::default(),
            copies,
            titles,
            store,
            edges: Vec::new(),
            edge_refs: Vec::new(),
            anomalies,
        };
        r.sort_and_name_repeats();
        r.rank = vec![NONE; r.order.len()];
        for (i, &p) in r.order.iter().enumerate() {
            r.rank[p as usize] = i as u32;
        }
        r.report_copies();
        r.report_ambiguities(&ambiguous);
        r
    }

    /// What tells apart nodes of one id: the file read, or the first file citing it.
    fn hint(&self, p: u32) -> Cow<'_, str> {
        let f = &self.facts[p as usize];
        if f.own != NONE {
            return Cow::Borrowed(self.store.paths.str(f.own));
        }
        let path = self.store.paths.get(f.hint).unwrap_or("?");
        Cow::Owned(format!("cited in {path}"))
    }

    /// The id of the node made at `p`, as renamed when it repeats another's.
    fn id_made(&self, p: u32) -> &str {
        match self.renamed.get(&p) {
            Some(id) => id,
            None => self.ids.str(p),
        }
    }

    /// Stable order and unique ids: sorts by id, then tells repeats apart by their file, or
    /// the file that cites them, and a counter as the last resort.
    fn sort_and_name_repeats(&mut self) {
        let mut order = std::mem::take(&mut self.order);
        order.sort_by(|&a, &b| {
            self.ids
                .str(a)
                .cmp(self.ids.str(b))
                .then_with(|| self.hint(a).cmp(&self.hint(b)))
        });
        // Sorted by id, repeats stand side by side: mark them without a map of every id.
        let id = |i: usize| self.ids.str(order[i]);
        let repeated: Vec<usize> = (0..order.len())
            .filter(|&i| {
                (i > 0 && id(i - 1) == id(i)) || (i + 1 < order.len() && id(i + 1) == id(i))
            })
            .collect();
        let mut used: FxHashMap<String, usize> = FxHashMap::default();
        for i in repeated {
            let p = order[i];
            let base = format!("{} [{}]", self.ids.str(p), self.hint(p));
            let seen = used.entry(base.clone()).or_insert(0);
            *seen += 1;
            let name = if *seen > 1 {
                format!("{base} #{seen}")
            } else {
                base
            };
            self.renamed.insert(p, name);
        }
        self.order = order;
    }

    /// Several files read as one document: each file still names the node, and the clash is
    /// reported.
    fn report_copies(&mut self) {
        let mut found: Vec<Anomaly> = Vec::new();
        for (&p, docs) in &self.copies {
            found.push(Anomaly::DuplicateDocument {
                id: self.id_made(p).to_string(),
                paths: self.copy_paths(docs),
            });
        }
        self.anomalies.extend(found);
    }

    fn copy_paths(&self, docs: &[u32]) -> Vec<String> {
        let mut paths: Vec<String> = docs
            .iter()
            .map(|&d| self.store.paths.str(d).to_string())
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    /// A mention several documents fit stays a node of its own, named with its candidates.
    fn report_ambiguities(&mut self, ambiguous: &[Ambiguity]) {
        let n = self.facts.len() as u32;
        for a in ambiguous {
            if a.at >= n {
                continue;
            }
            let mut candidates: Vec<String> = a
                .candidates
                .iter()
                .filter(|&&c| c < n)
                .map(|&c| self.id_made(c).to_string())
                .collect();
            candidates.sort();
            self.anomalies.push(Anomaly::AmbiguousReference {
                id: self.id_made(a.at).to_string(),
                candidates,
                mentions: a.mentions,
            });
        }
    }

    /// The position in the id order of the node made at `at` ([`NONE`] for none).
    pub(super) fn node_at(&self, at: u32) -> u32 {
        self.rank.get(at as usize).copied().unwrap_or(NONE)
    }

    /// Takes the edges, reports self-citations and cycles, and puts the anomalies in order.
    pub(super) fn link(&mut self, edges: Vec<EdgeRow>, edge_refs: Vec<(u32, u32)>) {
        self.edges = edges;
        self.edge_refs = edge_refs;
        let mut found: Vec<Anomaly> = Vec::new();
        for e in &self.edges {
            if e.citing == e.cited {
                found.push(Anomaly::SelfCitation {
                    id: self.id(e.citing as usize).to_string(),
                });
            }
        }
        // Kosaraju's, not Tarjan's: petgraph's Tarjan recurses once per document of a chain
        // and overflows the stack on a chain of 100,000; Kosaraju's walks with a stack of its
        // own. The cycles are sorted below, so the order it finds them in does not show. The
        // graph walked holds positions only, not nodes.
        let mut shape: petgraph::graph::DiGraph<(), ()> =
            petgraph::graph::DiGraph::with_capacity(self.order.len(), self.edges.len());
        for _ in 0..self.order.len() {
            shape.add_node(());
        }
        for e in &self.edges {
            shape.add_edge(
                NodeIndex::new(e.citing as usize),
                NodeIndex::new(e.cited as usize),
                (),
            );
        }
        for scc in petgraph::algo::kosaraju_scc(&shape) {
            if scc.len() > 1 {
                let mut ids: Vec<String> = scc
                    .iter()
                    .map(|&i| self.id(i.index()).to_string())
                    .collect();
                ids.sort();
                found.push(Anomaly::Cycle { ids });
            }
        }
        self.anomalies.extend(found);
        self.anomalies.sort();
        self.anomalies.dedup();
    }

    /// How many nodes.
    pub fn node_count(&self) -> usize {
        self.order.len()
    }

    /// The id of the node at position `i`.
    pub fn id(&self, i: usize) -> &str {
        self.order.get(i).map_or("", |&p| self.id_made(p))
    }

    /// The node at position `i`, made now.
    pub fn node(&self, i: usize) -> Option<Node> {
        let p = *self.order.get(i)?;
        let f = self.facts.get(p as usize)?;
        let read = f.own != NONE;
        Some(Node {
            id: self.id_made(p).to_string(),
            key: self.store.keys.get(f.key),
            title: self.titles.get(f.title).map(str::to_string),
            kind: f.kind,
            date: f.date,
            issuer: self.store.issuers.get(f.issuer).cloned(),
            in_corpus: read,
            path: read.then(|| self.store.paths.str(f.own).to_string()),
            subject: self.store.subjects.get(f.own).map(str::to_string),
        })
    }

    /// Every edge, in order.
    pub fn edges(&self) -> impl Iterator<Item = ResolvedEdge<'_>> + '_ {
        let mut start = 0usize;
        self.edges.iter().map(move |e| {
            let end = e.end as usize;
            let refs = self.edge_refs.get(start..end).unwrap_or(&[]);
            start = end;
            ResolvedEdge {
                citing: e.citing as usize,
                cited: e.cited as usize,
                relation: e.relation,
                refs,
            }
        })
    }

    /// The anomalies found, sorted.
    pub fn anomalies(&self) -> &[Anomaly] {
        &self.anomalies
    }

    /// The whole graph in memory, with or without the maps that find a node by id and path.
    pub fn into_graph(self, lookups: Lookups) -> CitationGraph {
        let mut g = CitationGraph::default();
        for i in 0..self.node_count() {
            let Some(node) = self.node(i) else {
                continue;
            };
            let copies = match self.order.get(i).and_then(|p| self.copies.get(p)) {
                Some(docs) => self.copy_paths(docs),
                None => Vec::new(),
            };
            let (id, path) = (node.id.clone(), node.path.clone());
            let ix = g.graph.add_node(node);
            if lookups == Lookups::Keep {
                for c in copies {
                    g.by_path.entry(c).or_insert(ix);
                }
                g.by_id.insert(id, ix);
                if let Some(p) = path {
                    g.by_path.insert(p, ix);
                }
            }
        }
        for e in self.edges() {
            g.graph.add_edge(
                NodeIndex::new(e.citing),
                NodeIndex::new(e.cited),
                Edge {
                    relation: e.relation,
                    sources: Vec::new(),
                    refs: e.refs.to_vec(),
                },
            );
        }
        g.anomalies = self.anomalies;
        g
    }
}
