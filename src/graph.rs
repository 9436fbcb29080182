//! The citation graph: one node per document (read or only referenced), one edge per
//! (citing, cited, relation) with every sentence behind it.
//!
//! Identity (issue: "same document"): same canonical key, compatible year, and — for issuer
//! codes that name no single body (`UBND`, `HĐND`, `TU`, `HU`) — the same level and locality.
//! A mention that leaves the year or locality unsaid joins the one node it can be; when it
//! could be several, it stays a node of its own rather than merge two documents.

use crate::extract::issuer::is_generic_code;
use crate::key::{DocKey, Scheme};
use crate::model::{Citer, DocKind, Document, Issuer, Level, PartialDate, Relation};
use crate::Corpus;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A document in the graph.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// Unique, stable identifier (the key, qualified only when one key names several documents).
    pub id: String,
    /// Canonical key, if numbered.
    pub key: Option<DocKey>,
    /// Title of a document known by name only (a law).
    pub title: Option<String>,
    /// Kind of document.
    pub kind: Option<DocKind>,
    /// Issue date, at the best precision any mention gives.
    pub date: Option<PartialDate>,
    /// Issuer, from the document itself or the most specific mention.
    pub issuer: Option<Issuer>,
    /// True when the document itself was read.
    pub in_corpus: bool,
    /// The file it was read from.
    pub path: Option<String>,
    /// Subject of a document read.
    pub subject: Option<String>,
}

impl Node {
    /// What to call the node in one line: the key, or the title, or the id.
    pub fn label(&self) -> String {
        match (&self.key, &self.title) {
            (Some(k), _) => k.to_string(),
            (None, Some(t)) => t.clone(),
            (None, None) => self.id.clone(),
        }
    }

    /// Administrative level of the issuer, when known.
    pub fn level(&self) -> Option<Level> {
        self.issuer.as_ref().and_then(|i| i.level)
    }
}

/// Where an edge was read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EdgeSource {
    /// File of the citing text.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The mention as written.
    pub text: String,
    /// The sentence it stands in.
    pub sentence: String,
}

/// A citation: the citing document does `relation` to the cited one.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    /// What the citing document does to the cited one.
    pub relation: Relation,
    /// Every mention behind the edge.
    pub sources: Vec<EdgeSource>,
}

/// Something odd in the corpus a researcher should know of.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Anomaly {
    /// A document that cites itself.
    SelfCitation {
        /// The node.
        id: String,
    },
    /// Documents that cite each other round in a circle (a mis-numbered document).
    Cycle {
        /// The nodes on the cycle.
        ids: Vec<String>,
    },
    /// One document given different dates by different mentions.
    ConflictingDates {
        /// The node.
        id: String,
        /// The dates given.
        dates: Vec<String>,
    },
    /// One document given different issuers by different mentions.
    ConflictingIssuers {
        /// The node.
        id: String,
        /// The issuers given.
        issuers: Vec<String>,
    },
}

/// The citation graph over a corpus. Edges point from citing to cited.
#[derive(Debug, Default)]
pub struct CitationGraph {
    /// Nodes and edges (citing → cited).
    pub graph: DiGraph<Node, Edge>,
    /// Oddities found while building.
    pub anomalies: Vec<Anomaly>,
    by_id: HashMap<String, NodeIndex>,
    by_path: HashMap<String, NodeIndex>,
}

/// Where a mention comes from: a document's own header, or one of its references.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Origin {
    Own(usize),
    Ref(usize, usize),
}

#[derive(Debug, Clone)]
struct Mention {
    origin: Origin,
    year: Option<u16>,
    /// Level and locality, only for generic issuer codes.
    place: Option<(Option<Level>, String)>,
    date: Option<PartialDate>,
    issuer: Option<Issuer>,
    kind: Option<DocKind>,
}

fn generic(key: &DocKey) -> bool {
    key.issuer_code().is_some_and(is_generic_code)
}

fn mention(
    key: &DocKey,
    date: Option<PartialDate>,
    issuer: Option<&Issuer>,
    kind: Option<DocKind>,
    origin: Origin,
) -> Mention {
    let year = match key.scheme {
        Scheme::Legal => key.year,
        _ => date.map(|d| d.year),
    };
    let place = if generic(key) {
        issuer.and_then(|i| i.locality.clone().map(|l| (i.level, l)))
    } else {
        None
    };
    Mention {
        origin,
        year,
        place,
        date,
        issuer: issuer.cloned(),
        kind,
    }
}

/// Splits the mentions of one key into documents (see the module comment).
fn cluster(ms: &[Mention]) -> Vec<Vec<usize>> {
    type Slot = (Option<u16>, Option<(Option<Level>, String)>);
    let mut clusters: BTreeMap<Slot, Vec<usize>> = BTreeMap::new();
    let mut loose = Vec::new();
    for (i, m) in ms.iter().enumerate() {
        if m.year.is_some() && (m.place.is_some() || !needs_place(ms)) {
            clusters
                .entry((m.year, m.place.clone()))
                .or_default()
                .push(i);
        } else {
            loose.push(i);
        }
    }
    let fixed: Vec<Slot> = clusters.keys().cloned().collect();
    let mut alone: BTreeMap<Slot, Vec<usize>> = BTreeMap::new();
    for i in loose {
        let m = &ms[i];
        let fits: Vec<&Slot> = fixed
            .iter()
            .filter(|(y, p)| {
                m.year.is_none_or(|my| *y == Some(my)) && (m.place.is_none() || *p == m.place)
            })
            .collect();
        if let [one] = fits.as_slice() {
            if let Some(c) = clusters.get_mut(*one) {
                c.push(i);
            }
        } else {
            alone.entry((m.year, m.place.clone())).or_default().push(i);
        }
    }
    // Loose mentions with no single home and the same unknowns are taken as one document.
    let mut out: Vec<Vec<usize>> = clusters.into_values().collect();
    out.extend(alone.into_values());
    out
}

fn needs_place(ms: &[Mention]) -> bool {
    ms.iter().any(|m| m.place.is_some())
}

fn best_date(ms: &[&Mention]) -> Option<PartialDate> {
    if let Some(d) = ms
        .iter()
        .find(|m| matches!(m.origin, Origin::Own(_)))
        .and_then(|m| m.date)
    {
        return Some(d);
    }
    let mut dates: Vec<PartialDate> = ms.iter().filter_map(|m| m.date).collect();
    dates.sort_by_key(|d| {
        (
            std::cmp::Reverse(d.day.is_some() as u8 + d.month.is_some() as u8),
            *d,
        )
    });
    dates.first().copied()
}

fn specificity(i: &Issuer) -> u8 {
    (i.level == Some(Level::Central) || i.locality.is_some()) as u8 * 4
        + i.level.is_some() as u8 * 2
        + i.code.is_some() as u8
}

fn best_issuer(ms: &[&Mention]) -> Option<Issuer> {
    if let Some(i) = ms
        .iter()
        .find(|m| matches!(m.origin, Origin::Own(_)))
        .and_then(|m| m.issuer.clone())
    {
        return Some(i);
    }
    let mut is: Vec<&Issuer> = ms.iter().filter_map(|m| m.issuer.as_ref()).collect();
    is.sort_by(|a, b| specificity(b).cmp(&specificity(a)).then_with(|| a.cmp(b)));
    is.first().map(|i| (*i).clone())
}

impl CitationGraph {
    /// Builds the graph over every document of a corpus.
    pub fn build(corpus: &Corpus) -> CitationGraph {
        let docs = &corpus.documents;
        let mut g = CitationGraph::default();
        // Every mention of a numbered document, grouped by key.
        let mut by_key: BTreeMap<DocKey, Vec<Mention>> = BTreeMap::new();
        let mut named: BTreeMap<(String, Option<u16>), Vec<Mention>> = BTreeMap::new();
        for (d, doc) in docs.iter().enumerate() {
            if let Some(k) = &doc.number {
                by_key.entry(k.clone()).or_default().push(mention(
                    k,
                    doc.date,
                    doc.issuer.as_ref(),
                    doc.kind,
                    Origin::Own(d),
                ));
            }
            for (r, rf) in doc.references.iter().enumerate() {
                let origin = Origin::Ref(d, r);
                match (&rf.key, &rf.title) {
                    (Some(k), _) => by_key.entry(k.clone()).or_default().push(mention(
                        k,
                        rf.date,
                        rf.issuer.as_ref(),
                        rf.kind,
                        origin,
                    )),
                    (None, Some(t)) => named
                        .entry((crate::normalize::fold_ascii(t), rf.date.map(|x| x.year)))
                        .or_default()
                        .push(Mention {
                            origin,
                            year: rf.date.map(|x| x.year),
                            place: None,
                            date: rf.date,
                            issuer: rf.issuer.clone(),
                            kind: rf.kind,
                        }),
                    (None, None) => {}
                }
            }
        }
        let mut node_of: HashMap<Origin, NodeIndex> = HashMap::new();
        let mut pending: Vec<(Node, Vec<Origin>)> = Vec::new();
        for (key, ms) in &by_key {
            let clusters = cluster(ms);
            let many = clusters.len() > 1;
            for c in clusters {
                let members: Vec<&Mention> = c.iter().map(|&i| &ms[i]).collect();
                let node = numbered_node(key, &members, docs, many, &mut g.anomalies);
                pending.push((node, members.iter().map(|m| m.origin).collect()));
            }
        }
        for ((_, _), ms) in &named {
            let members: Vec<&Mention> = ms.iter().collect();
            let Origin::Ref(d, r) = members[0].origin else {
                continue;
            };
            let rf = &docs[d].references[r];
            let title = rf.title.clone().unwrap_or_default();
            let date = best_date(&members);
            pending.push((
                Node {
                    id: match date {
                        Some(dt) => format!("{title} ({dt})"),
                        None => title.clone(),
                    },
                    key: None,
                    title: Some(title),
                    kind: rf.kind,
                    date,
                    issuer: best_issuer(&members),
                    in_corpus: false,
                    path: None,
                    subject: None,
                },
                members.iter().map(|m| m.origin).collect(),
            ));
        }
        for (d, doc) in docs.iter().enumerate() {
            if doc.number.is_none() {
                pending.push((unnumbered_node(doc), vec![Origin::Own(d)]));
            }
        }
        // Stable order and unique ids: sort by id, then disambiguate repeats by path.
        pending.sort_by(|a, b| a.0.id.cmp(&b.0.id).then_with(|| a.0.path.cmp(&b.0.path)));
        let mut counts: HashMap<String, usize> = HashMap::new();
        for (n, _) in &pending {
            *counts.entry(n.id.clone()).or_default() += 1;
        }
        for (mut node, origins) in pending {
            if counts.get(&node.id).copied().unwrap_or(0) > 1 {
                node.id = format!("{} [{}]", node.id, node.path.as_deref().unwrap_or("?"));
            }
            let path = node.path.clone();
            let id = node.id.clone();
            let ix = g.graph.add_node(node);
            g.by_id.insert(id, ix);
            if let Some(p) = path {
                g.by_path.insert(p, ix);
            }
            for o in origins {
                node_of.insert(o, ix);
            }
        }
        // Edges, merged per (citing, cited, relation), in a stable order.
        let mut edges: BTreeMap<(NodeIndex, NodeIndex, Relation), Vec<crate::graph::EdgeSource>> =
            BTreeMap::new();
        for (d, doc) in docs.iter().enumerate() {
            for (r, rf) in doc.references.iter().enumerate() {
                let Some(&cited) = node_of.get(&Origin::Ref(d, r)) else {
                    continue;
                };
                let citing = match rf.citer {
                    Citer::Document => node_of.get(&Origin::Own(d)),
                    Citer::Reference(j) => node_of.get(&Origin::Ref(d, j)),
                };
                let Some(&citing) = citing else { continue };
                edges
                    .entry((citing, cited, rf.relation))
                    .or_default()
                    .push(EdgeSource {
                        path: doc.path.clone(),
                        line: rf.span.line,
                        column: rf.span.column,
                        text: rf.span.text.clone(),
                        sentence: rf.sentence.clone(),
                    });
            }
        }
        for ((a, b, relation), mut sources) in edges {
            sources.sort();
            sources.dedup();
            if a == b {
                g.anomalies.push(Anomaly::SelfCitation {
                    id: g.graph[a].id.clone(),
                });
            }
            g.graph.add_edge(a, b, Edge { relation, sources });
        }
        for scc in petgraph::algo::tarjan_scc(&g.graph) {
            if scc.len() > 1 {
                let mut ids: Vec<String> = scc.iter().map(|&i| g.graph[i].id.clone()).collect();
                ids.sort();
                g.anomalies.push(Anomaly::Cycle { ids });
            }
        }
        g.anomalies.sort();
        g.anomalies.dedup();
        g
    }

    /// The node with this id.
    pub fn by_id(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    /// The node read from this file.
    pub fn by_path(&self, path: &str) -> Option<NodeIndex> {
        self.by_path.get(path).copied()
    }

    /// Every node, in id order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph.node_indices()
    }

    /// Nodes whose key is `key`.
    pub fn with_key(&self, key: &DocKey) -> Vec<NodeIndex> {
        self.graph
            .node_indices()
            .filter(|&i| self.graph[i].key.as_ref() == Some(key))
            .collect()
    }

    /// Edges into (`Incoming`: who cites it) or out of (`Outgoing`: what it cites) a node, in a stable order.
    pub fn neighbours(&self, n: NodeIndex, dir: Direction) -> Vec<(NodeIndex, &Edge)> {
        let mut v: Vec<(NodeIndex, &Edge)> = self
            .graph
            .edges_directed(n, dir)
            .map(|e| {
                let other = if dir == Direction::Incoming {
                    e.source()
                } else {
                    e.target()
                };
                (other, e.weight())
            })
            .collect();
        v.sort_by(|a, b| {
            let (na, nb) = (&self.graph[a.0], &self.graph[b.0]);
            na.date
                .map(|d| d.first_day())
                .cmp(&nb.date.map(|d| d.first_day()))
                .then_with(|| na.id.cmp(&nb.id))
                .then_with(|| a.1.relation.cmp(&b.1.relation))
        });
        v
    }
}

fn numbered_node(
    key: &DocKey,
    ms: &[&Mention],
    docs: &[Document],
    many: bool,
    anomalies: &mut Vec<Anomaly>,
) -> Node {
    let own = ms.iter().find_map(|m| match m.origin {
        Origin::Own(d) => Some(&docs[d]),
        _ => None,
    });
    let date = best_date(ms);
    let issuer = best_issuer(ms);
    let exact: BTreeSet<String> = ms
        .iter()
        .filter_map(|m| m.date.filter(|d| d.is_exact()))
        .map(|d| d.to_string())
        .collect();
    let mut id = key.to_string();
    if many {
        let mut q = Vec::new();
        if let Some(p) = ms.iter().find_map(|m| m.place.clone()) {
            q.push(p.1);
        }
        if let Some(y) = ms.iter().find_map(|m| m.year) {
            q.push(y.to_string());
        }
        if q.is_empty() {
            q.push("?".into());
        }
        id = format!("{id} ({})", q.join(", "));
    }
    if exact.len() > 1 {
        anomalies.push(Anomaly::ConflictingDates {
            id: id.clone(),
            dates: exact.into_iter().collect(),
        });
    }
    let bodies: BTreeSet<String> = ms
        .iter()
        .filter_map(|m| m.issuer.as_ref())
        .filter(|i| i.code.is_some() && specificity(i) >= 4)
        .map(|i| i.name.clone())
        .collect();
    if bodies.len() > 1 && key.issuer_code().is_none_or(|c| !is_generic_code(c)) {
        let codes: BTreeSet<Option<&str>> = ms
            .iter()
            .filter_map(|m| m.issuer.as_ref())
            .map(|i| i.code.as_deref())
            .collect();
        if codes.len() > 1 {
            anomalies.push(Anomaly::ConflictingIssuers {
                id: id.clone(),
                issuers: bodies.into_iter().collect(),
            });
        }
    }
    Node {
        id,
        key: Some(key.clone()),
        title: None,
        kind: own
            .and_then(|d| d.kind)
            .or_else(|| ms.iter().find_map(|m| m.kind))
            .or_else(|| key.kind()),
        date,
        issuer,
        in_corpus: own.is_some(),
        path: own.map(|d| d.path.clone()),
        subject: own.and_then(|d| d.subject.clone()),
    }
}

fn unnumbered_node(doc: &Document) -> Node {
    Node {
        id: doc.id(),
        key: None,
        title: None,
        kind: doc.kind,
        date: doc.date,
        issuer: doc.issuer.clone(),
        in_corpus: true,
        path: Some(doc.path.clone()),
        subject: doc.subject.clone(),
    }
}
