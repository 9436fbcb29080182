//! Building the graph: documents are added one at a time as compact mentions, then
//! [`GraphBuilder::finish`] decides which mentions are one document (see [`super::identity`])
//! and links them.

use super::identity::{cluster, Code, Mention, Origin};
use super::{Anomaly, CitationGraph, Edge, Node};
use crate::gazetteer::is_generic_code;
use crate::model::{Citer, DocKind, Document, Issuer, Level, PartialDate, Relation};
use crate::model::{DocKey, Scheme};
use petgraph::graph::NodeIndex;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Interns values so a million mentions of one issuer share one copy.
#[derive(Debug)]
struct Interner<T: std::hash::Hash + Eq + Clone> {
    values: Vec<T>,
    ids: HashMap<T, u32>,
}

impl<T: std::hash::Hash + Eq + Clone> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            values: Vec::new(),
            ids: HashMap::new(),
        }
    }
}

impl<T: std::hash::Hash + Eq + Clone> Interner<T> {
    fn id(&mut self, v: &T) -> u32 {
        if let Some(&i) = self.ids.get(v) {
            return i;
        }
        let i = self.values.len() as u32;
        self.values.push(v.clone());
        self.ids.insert(v.clone(), i);
        i
    }

    fn get(&self, i: u32) -> &T {
        &self.values[i as usize]
    }
}

/// Whether the key's issuer code is one body's or shared by every place's.
fn code_of(key: &DocKey) -> Code {
    if key.issuer_code().is_some_and(is_generic_code) {
        Code::Shared
    } else {
        Code::OneBody
    }
}

/// The date a document is shown with: its own header's, else the most precise mention's.
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

/// How much an issuer says: a place (or the centre) outweighs a level, a level a code.
fn specificity(i: &Issuer) -> u8 {
    (i.level == Some(Level::Central) || i.locality.is_some()) as u8 * 4
        + i.level.is_some() as u8 * 2
        + i.code.is_some() as u8
}

/// What the graph keeps of a document read: enough for its node, nothing of its text.
#[derive(Debug, Clone)]
struct DocInfo {
    /// The id of an unnumbered document (a numbered one is named by its key).
    unnumbered_id: Option<String>,
    path: String,
    kind: Option<DocKind>,
    date: Option<PartialDate>,
    issuer: Option<u32>,
    first_ref: u32,
}

/// A citation waiting for its nodes: who cites, what is cited, how.
#[derive(Debug, Clone, Copy)]
struct Link {
    citing: Origin,
    cited: Origin,
    relation: Relation,
}

/// Whether a finished graph keeps the maps that find a node by id and by file path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookups {
    /// Kept: the graph is queried in memory.
    Keep,
    /// Left out: the graph is written to an index and never looked up in memory.
    Skip,
}

/// How a numbered node's id names it: by its key alone, or qualified by place and year when
/// the key names several documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Naming {
    /// The key names this document only.
    Key,
    /// The key names several documents.
    Qualified,
}

/// A node to be: the node, its mentions, and its place in the order built.
struct Pending {
    node: Node,
    origins: Vec<Origin>,
    at: u32,
}

/// A mention several documents fit: its node-to-be, its candidates', how many mentions it
/// holds (positions in the order built).
struct Ambiguity {
    at: u32,
    candidates: Vec<u32>,
    mentions: usize,
}

/// No node (yet) in a [`NodeTable`].
const NONE: u32 = u32::MAX;

/// The node of every origin, in flat tables: `own[d]`, `refs[first_ref(d) + r]`, and the node
/// of each node-to-be by its place in the order built.
struct NodeTable {
    own: Vec<u32>,
    refs: Vec<u32>,
    at: Vec<u32>,
}

/// Builds a citation graph from documents given one at a time, keeping only compact facts,
/// so a corpus of millions of documents never has to sit in memory at once.
#[derive(Debug, Default)]
pub struct GraphBuilder {
    issuers: Interner<Issuer>,
    places: Interner<String>,
    by_key: BTreeMap<DocKey, Vec<Mention>>,
    named: BTreeMap<(String, Option<u16>), (Vec<Mention>, String)>,
    docs: Vec<DocInfo>,
    /// Subjects apart, so each moves into its node instead of being copied.
    subjects: Vec<Option<String>>,
    links: Vec<Link>,
    refs_total: u32,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> GraphBuilder {
        GraphBuilder::default()
    }

    fn mention(
        &mut self,
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
        let shared = code_of(key) == Code::Shared;
        // A district or commune is told apart by its province too when it is known: many
        // provinces have a district of the same name.
        let place = if shared {
            issuer.and_then(|i| {
                let loc = self.places.id(i.locality.as_ref()?);
                let province = match i.level {
                    Some(Level::District | Level::Commune) => {
                        i.province.as_ref().map(|p| self.places.id(p))
                    }
                    _ => None,
                };
                Some((i.level, loc, province))
            })
        } else {
            None
        };
        let level = if shared {
            issuer.and_then(|i| i.level)
        } else {
            None
        };
        Mention {
            origin,
            year,
            place,
            level,
            date,
            issuer: issuer.map(|i| self.issuers.id(i)),
            kind,
            citing_year: None,
        }
    }

    /// Adds one document and its references; returns its index in the builder.
    pub fn add(&mut self, doc: &Document) -> u32 {
        let d = self.docs.len() as u32;
        if let Some(k) = &doc.number {
            let m = self.mention(k, doc.date, doc.issuer.as_deref(), doc.kind, Origin::Own(d));
            self.by_key.entry(k.clone()).or_default().push(m);
        }
        let issuer = doc.issuer.as_ref().map(|i| self.issuers.id(i));
        self.docs.push(DocInfo {
            unnumbered_id: doc.number.is_none().then(|| doc.id()),
            path: doc.address(),
            kind: doc.kind,
            date: doc.date,
            issuer,
            first_ref: self.refs_total,
        });
        self.subjects.push(doc.subject.clone());
        self.refs_total += doc.references.len() as u32;
        for (r, rf) in doc.references.iter().enumerate() {
            let origin = Origin::Ref(d, r as u32);
            let citing_year = doc.date.map(|x| x.year);
            match (&rf.key, &rf.title) {
                (Some(k), _) => {
                    let mut m = self.mention(k, rf.date, rf.issuer.as_deref(), rf.kind, origin);
                    m.citing_year = citing_year;
                    self.by_key.entry(k.clone()).or_default().push(m);
                }
                (None, Some(t)) => {
                    let m = Mention {
                        origin,
                        year: rf.date.map(|x| x.year),
                        place: None,
                        level: None,
                        date: rf.date,
                        issuer: rf.issuer.as_ref().map(|i| self.issuers.id(i)),
                        kind: rf.kind,
                        citing_year,
                    };
                    self.named
                        .entry((crate::normalize::fold_ascii(t), rf.date.map(|x| x.year)))
                        .or_insert_with(|| (Vec::new(), t.clone()))
                        .0
                        .push(m);
                }
                (None, None) => continue,
            }
            let citing = match rf.citer {
                Citer::Document => Origin::Own(d),
                Citer::Reference(j) => Origin::Ref(d, j as u32),
            };
            self.links.push(Link {
                citing,
                cited: origin,
                relation: rf.relation,
            });
        }
        d
    }

    /// The issuer a document is shown with: its own header's, else the most specific mention's.
    fn best_issuer(&self, ms: &[&Mention]) -> Option<Issuer> {
        if let Some(i) = ms
            .iter()
            .find(|m| matches!(m.origin, Origin::Own(_)))
            .and_then(|m| m.issuer)
        {
            return Some(self.issuers.get(i).clone());
        }
        let mut is: Vec<&Issuer> = ms
            .iter()
            .filter_map(|m| m.issuer)
            .map(|i| self.issuers.get(i))
            .collect();
        is.sort_by(|a, b| specificity(b).cmp(&specificity(a)).then_with(|| a.cmp(b)));
        is.first().map(|i| (*i).clone())
    }

    /// The id of a numbered document: its key, qualified with place and year when the key
    /// names several documents.
    fn numbered_id(&self, key: &DocKey, ms: &[&Mention], naming: Naming) -> String {
        let id = key.to_string();
        if naming == Naming::Key {
            return id;
        }
        let mut q = Vec::new();
        if let Some(p) = ms.iter().find_map(|m| m.place) {
            q.push(self.places.get(p.1).clone());
        }
        if let Some(y) = ms.iter().find_map(|m| m.year) {
            q.push(y.to_string());
        }
        if q.is_empty() {
            q.push("?".into());
        }
        format!("{id} ({})", q.join(", "))
    }

    /// The anomalies of one numbered document's mentions: several exact dates, or (for a code
    /// that names one body) several issuers.
    fn mention_conflicts(&self, id: &str, key: &DocKey, ms: &[&Mention]) -> Vec<Anomaly> {
        let mut anomalies = Vec::new();
        let exact: BTreeSet<String> = ms
            .iter()
            .filter_map(|m| m.date.filter(|d| d.is_exact()))
            .map(|d| d.to_string())
            .collect();
        if exact.len() > 1 {
            anomalies.push(Anomaly::ConflictingDates {
                id: id.to_string(),
                dates: exact.into_iter().collect(),
            });
        }
        if code_of(key) == Code::OneBody {
            let known: BTreeSet<&Issuer> = ms
                .iter()
                .filter_map(|m| m.issuer)
                .map(|i| self.issuers.get(i))
                .filter(|i| i.code.is_some() && specificity(i) >= 4)
                .collect();
            let codes: BTreeSet<Option<&str>> = known.iter().map(|i| i.code.as_deref()).collect();
            if codes.len() > 1 {
                let names: BTreeSet<String> = known.iter().map(|i| i.name.clone()).collect();
                anomalies.push(Anomaly::ConflictingIssuers {
                    id: id.to_string(),
                    issuers: names.into_iter().collect(),
                });
            }
        }
        anomalies
    }

    fn numbered_node(
        &self,
        key: &DocKey,
        ms: &[&Mention],
        naming: Naming,
        anomalies: &mut Vec<Anomaly>,
    ) -> Node {
        let own = ms.iter().find_map(|m| match m.origin {
            Origin::Own(d) => Some(&self.docs[d as usize]),
            _ => None,
        });
        let id = self.numbered_id(key, ms, naming);
        anomalies.extend(self.mention_conflicts(&id, key, ms));
        Node {
            id,
            key: Some(key.clone()),
            title: None,
            kind: own
                .and_then(|d| d.kind)
                .or_else(|| ms.iter().find_map(|m| m.kind))
                .or_else(|| key.kind()),
            date: best_date(ms),
            issuer: self.best_issuer(ms),
            in_corpus: own.is_some(),
            path: own.map(|d| d.path.clone()),
            subject: None,
        }
    }

    /// Decides every identity and builds the graph. Each edge's `refs` names the
    /// (document, reference) positions behind it; `sources` is left for the caller to fill.
    pub fn finish(self) -> CitationGraph {
        self.finish_with(Lookups::Keep)
    }

    /// [`finish`](Self::finish), with or without the id and path lookup maps (an index
    /// writes the graph and never looks a node up in memory).
    pub fn finish_with(mut self, lookups: Lookups) -> CitationGraph {
        let mut g = CitationGraph::default();
        let (mut pending, ambiguous) = self.numbered_nodes(&mut g.anomalies);
        self.named_nodes(&mut pending);
        self.unnumbered_nodes(&mut pending);
        self.sort_and_name_repeats(&mut pending);
        let table = self.add_nodes(&mut g, pending, lookups);
        add_ambiguities(&mut g, &table, &ambiguous);
        self.add_edges(&mut g, &table);
        g.find_cycles();
        g
    }

    /// The nodes of numbered documents, key by key, and the mentions several of them fit.
    fn numbered_nodes(&mut self, anomalies: &mut Vec<Anomaly>) -> (Vec<Pending>, Vec<Ambiguity>) {
        let mut pending: Vec<Pending> = Vec::new();
        let mut ambiguous: Vec<Ambiguity> = Vec::new();
        // Consumed as it is clustered, so mentions and nodes are not all held at once.
        let by_key = std::mem::take(&mut self.by_key);
        for (key, ms) in by_key {
            let clusters = cluster(&ms, code_of(&key));
            let naming = if clusters.groups.len() > 1 {
                Naming::Qualified
            } else {
                Naming::Key
            };
            let first = pending.len() as u32;
            let at = |i: usize| first + i as u32;
            for (c, candidates) in clusters.ambiguous {
                ambiguous.push(Ambiguity {
                    at: at(c),
                    candidates: candidates.into_iter().map(at).collect(),
                    mentions: clusters.groups[c].len(),
                });
            }
            for c in clusters.groups {
                let members: Vec<&Mention> = c.iter().map(|&i| &ms[i]).collect();
                let node = self.numbered_node(&key, &members, naming, anomalies);
                pending.push(Pending {
                    node,
                    origins: members.iter().map(|m| m.origin).collect(),
                    at: pending.len() as u32,
                });
            }
        }
        (pending, ambiguous)
    }

    /// The nodes of documents cited by title (one per title and year).
    fn named_nodes(&self, pending: &mut Vec<Pending>) {
        for (ms, title) in self.named.values() {
            let members: Vec<&Mention> = ms.iter().collect();
            let date = best_date(&members);
            let node = Node {
                id: match date {
                    Some(dt) => format!("{title} ({dt})"),
                    None => title.clone(),
                },
                key: None,
                title: Some(title.clone()),
                kind: members.iter().find_map(|m| m.kind),
                date,
                issuer: self.best_issuer(&members),
                in_corpus: false,
                path: None,
                subject: None,
            };
            pending.push(Pending {
                node,
                origins: members.iter().map(|m| m.origin).collect(),
                at: pending.len() as u32,
            });
        }
    }

    /// The nodes of documents read without a number: each is its own document.
    fn unnumbered_nodes(&self, pending: &mut Vec<Pending>) {
        for (d, doc) in self.docs.iter().enumerate() {
            let Some(id) = &doc.unnumbered_id else {
                continue;
            };
            let node = Node {
                id: id.clone(),
                key: None,
                title: None,
                kind: doc.kind,
                date: doc.date,
                issuer: doc.issuer.map(|i| self.issuers.get(i).clone()),
                in_corpus: true,
                path: Some(doc.path.clone()),
                subject: None,
            };
            pending.push(Pending {
                node,
                origins: vec![Origin::Own(d as u32)],
                at: pending.len() as u32,
            });
        }
    }

    /// What tells apart nodes of one id: the file read, or the first file citing it.
    fn hint(&self, node: &Node, origins: &[Origin]) -> String {
        node.path.clone().unwrap_or_else(|| {
            // The first citing file by name, not by the order files were given in: the
            // same corpus gives the same ids however its paths are listed.
            let path = origins
                .iter()
                .filter_map(|o| match o {
                    Origin::Own(d) | Origin::Ref(d, _) => self.docs.get(*d as usize),
                })
                .map(|x| x.path.as_str())
                .min()
                .unwrap_or("?");
            format!("cited in {path}")
        })
    }

    /// Stable order and unique ids: sorts by id, then tells repeats apart by their file, or
    /// the file that cites them, and a counter as the last resort.
    fn sort_and_name_repeats(&self, pending: &mut [Pending]) {
        pending.sort_by(|a, b| {
            a.node.id.cmp(&b.node.id).then_with(|| {
                self.hint(&a.node, &a.origins)
                    .cmp(&self.hint(&b.node, &b.origins))
            })
        });
        // Sorted by id, repeats stand side by side: mark them without a map of every id.
        let repeated: Vec<bool> = (0..pending.len())
            .map(|i| {
                (i > 0 && pending[i - 1].node.id == pending[i].node.id)
                    || (i + 1 < pending.len() && pending[i + 1].node.id == pending[i].node.id)
            })
            .collect();
        let mut used: HashMap<String, usize> = HashMap::new();
        for (p, repeated) in pending.iter_mut().zip(repeated) {
            if !repeated {
                continue;
            }
            let id = format!("{} [{}]", p.node.id, self.hint(&p.node, &p.origins));
            let seen = used.entry(id.clone()).or_insert(0);
            *seen += 1;
            p.node.id = if *seen > 1 {
                format!("{id} #{seen}")
            } else {
                id
            };
        }
    }

    /// The files read as this node: several are copies of one document (or two documents the
    /// text cannot tell apart).
    fn copies_of(&self, origins: &[Origin]) -> Vec<String> {
        let mut copies: Vec<String> = origins
            .iter()
            .filter_map(|o| match o {
                Origin::Own(d) => self.docs.get(*d as usize).map(|x| x.path.clone()),
                Origin::Ref(..) => None,
            })
            .collect();
        copies.sort();
        copies.dedup();
        copies
    }

    /// Adds the nodes in order, each with its subject, and records the node of every origin.
    fn add_nodes(
        &mut self,
        g: &mut CitationGraph,
        pending: Vec<Pending>,
        lookups: Lookups,
    ) -> NodeTable {
        let mut table = NodeTable {
            own: vec![NONE; self.docs.len()],
            refs: vec![NONE; self.refs_total as usize],
            at: vec![NONE; pending.len()],
        };
        let mut subjects = std::mem::take(&mut self.subjects);
        for Pending {
            mut node,
            origins,
            at,
        } in pending
        {
            if let Some(d) = origins.iter().find_map(|o| match o {
                Origin::Own(d) => Some(*d as usize),
                Origin::Ref(..) => None,
            }) {
                node.subject = subjects.get_mut(d).and_then(Option::take);
            }
            // Several files read as one document: each file still names the node, and the
            // clash is reported.
            let copies = self.copies_of(&origins);
            if copies.len() > 1 {
                g.anomalies.push(Anomaly::DuplicateDocument {
                    id: node.id.clone(),
                    paths: copies.clone(),
                });
            }
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
            table.at[at as usize] = ix.index() as u32;
            for o in origins {
                match o {
                    Origin::Own(d) => table.own[d as usize] = ix.index() as u32,
                    Origin::Ref(d, r) => {
                        table.refs[(self.docs[d as usize].first_ref + r) as usize] =
                            ix.index() as u32
                    }
                }
            }
        }
        table
    }

    /// One edge per (citing, cited) pair, in a stable order: a document that implements X
    /// and later names `Quyết định nêu trên` has one edge to X, with the strongest relation
    /// of its mentions and every mention as evidence.
    fn add_edges(&self, g: &mut CitationGraph, table: &NodeTable) {
        let node_of = |o: Origin| -> Option<NodeIndex> {
            let n = match o {
                Origin::Own(d) => table.own[d as usize],
                Origin::Ref(d, r) => table.refs[(self.docs[d as usize].first_ref + r) as usize],
            };
            (n != NONE).then(|| NodeIndex::new(n as usize))
        };
        type Mentions = Vec<(u32, u32)>;
        let mut edges: BTreeMap<(NodeIndex, NodeIndex), (Relation, Mentions)> = BTreeMap::new();
        for l in &self.links {
            let (Some(a), Some(b)) = (node_of(l.citing), node_of(l.cited)) else {
                continue;
            };
            let Origin::Ref(d, r) = l.cited else { continue };
            let e = edges.entry((a, b)).or_insert((l.relation, Vec::new()));
            if l.relation.strength() > e.0.strength() {
                e.0 = l.relation;
            }
            e.1.push((d, r));
        }
        for ((a, b), (relation, refs)) in edges {
            if a == b {
                g.anomalies.push(Anomaly::SelfCitation {
                    id: g.graph[a].id.clone(),
                });
            }
            g.graph.add_edge(
                a,
                b,
                Edge {
                    relation,
                    sources: Vec::new(),
                    refs,
                },
            );
        }
    }
}

/// A mention several documents fit stays a node of its own, named with its candidates.
fn add_ambiguities(g: &mut CitationGraph, table: &NodeTable, ambiguous: &[Ambiguity]) {
    let id_at = |g: &CitationGraph, at: u32| -> Option<String> {
        let n = *table.at.get(at as usize)?;
        (n != NONE).then(|| g.graph[NodeIndex::new(n as usize)].id.clone())
    };
    for a in ambiguous {
        let Some(id) = id_at(g, a.at) else { continue };
        let mut candidates: Vec<String> =
            a.candidates.iter().filter_map(|&c| id_at(g, c)).collect();
        candidates.sort();
        g.anomalies.push(Anomaly::AmbiguousReference {
            id,
            candidates,
            mentions: a.mentions,
        });
    }
}
