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
    /// What this mention says the citer does (the edge has the strongest of its mentions').
    pub relation: Relation,
}

/// A citation: the citing document does `relation` to the cited one.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    /// What the citing document does to the cited one.
    pub relation: Relation,
    /// Every mention behind the edge.
    pub sources: Vec<EdgeSource>,
    /// The (document, reference) positions behind the edge, in the order documents were added.
    #[serde(skip)]
    pub refs: Vec<(u32, u32)>,
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

/// Where a mention comes from: a document's own header, or one of its references
/// (document and reference indices in the order documents were added).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Origin {
    Own(u32),
    Ref(u32, u32),
}

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

/// One mention of a document, compact: issuers and localities are interned.
#[derive(Debug, Clone, Copy)]
struct Mention {
    origin: Origin,
    year: Option<u16>,
    /// Level, interned locality and interned province (when known), only for generic codes.
    place: Option<Place>,
    date: Option<PartialDate>,
    issuer: Option<u32>,
    kind: Option<DocKind>,
    /// Year of the citing document (a document cites what was issued before it).
    citing_year: Option<u16>,
}

fn generic(key: &DocKey) -> bool {
    key.issuer_code().is_some_and(is_generic_code)
}

/// Splits the mentions of one key into documents (see the module comment).
/// Where a body with a generic code sits: level, locality, and province when known.
type Place = (Option<Level>, u32, Option<u32>);

/// True when a place said with less detail (`province` unknown) can be the same as another.
fn place_fits(known: &Option<Place>, said: &Option<Place>) -> bool {
    match (known, said) {
        (_, None) => true,
        (Some(k), Some(s)) => k.0 == s.0 && k.1 == s.1 && (s.2.is_none() || k.2 == s.2),
        (None, Some(_)) => false,
    }
}

fn cluster(ms: &[Mention], generic: bool) -> Vec<Vec<usize>> {
    type Slot = (Option<u16>, Option<Place>);
    let needs_place = ms.iter().any(|m| m.place.is_some());
    // A place without its province is exact only if no mention names that place with one.
    let with_province: BTreeSet<(Option<Level>, u32)> = ms
        .iter()
        .filter_map(|m| m.place)
        .filter(|p| p.2.is_some())
        .map(|p| (p.0, p.1))
        .collect();
    let mut clusters: BTreeMap<Slot, Vec<usize>> = BTreeMap::new();
    let mut loose = Vec::new();
    for (i, m) in ms.iter().enumerate() {
        let exact_place = m
            .place
            .is_some_and(|p| p.2.is_some() || !with_province.contains(&(p.0, p.1)));
        if m.year.is_some() && (exact_place || !needs_place) {
            clusters.entry((m.year, m.place)).or_default().push(i);
        } else {
            loose.push(i);
        }
    }
    let fixed: Vec<Slot> = clusters.keys().cloned().collect();
    // A `UBND` key whose locality nobody could tell stays apart per citing document: two
    // documents' `1/UBND-VP` may be two provinces'.
    let mut alone: BTreeMap<(Slot, Option<u32>), Vec<usize>> = BTreeMap::new();
    for i in loose {
        let m = &ms[i];
        let fits: Vec<&Slot> = fixed
            .iter()
            .filter(|(y, p)| m.year.is_none_or(|my| *y == Some(my)) && place_fits(p, &m.place))
            .collect();
        // Undated and fitting several years: the latest issued no later than the citing document.
        let fits: Vec<&Slot> = match (fits.len(), m.year, m.citing_year) {
            (2.., None, Some(cy)) => {
                let earlier: Vec<&Slot> = fits
                    .into_iter()
                    .filter(|(y, _)| y.is_some_and(|y| y <= cy))
                    .collect();
                let latest = earlier.iter().filter_map(|(y, _)| *y).max();
                earlier.into_iter().filter(|(y, _)| *y == latest).collect()
            }
            _ => fits,
        };
        if let [one] = fits.as_slice() {
            if let Some(c) = clusters.get_mut(*one) {
                c.push(i);
            }
        } else {
            let citing_doc = match m.origin {
                Origin::Ref(d, _) if generic && m.place.is_none() => Some(d),
                _ => None,
            };
            alone
                .entry(((m.year, m.place), citing_doc))
                .or_default()
                .push(i);
        }
    }
    // Loose mentions with no single home and the same unknowns are taken as one document.
    let mut out: Vec<Vec<usize>> = clusters.into_values().collect();
    out.extend(alone.into_values());
    out
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
        // A district or commune is told apart by its province too when it is known: many
        // provinces have a district of the same name.
        let place = if generic(key) {
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
        Mention {
            origin,
            year,
            place,
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
            match (&rf.key, &rf.title) {
                (Some(k), _) => {
                    let mut m = self.mention(k, rf.date, rf.issuer.as_deref(), rf.kind, origin);
                    m.citing_year = doc.date.map(|x| x.year);
                    self.by_key.entry(k.clone()).or_default().push(m);
                }
                (None, Some(t)) => {
                    let m = Mention {
                        origin,
                        year: rf.date.map(|x| x.year),
                        place: None,
                        date: rf.date,
                        issuer: rf.issuer.as_ref().map(|i| self.issuers.id(i)),
                        kind: rf.kind,
                        citing_year: doc.date.map(|x| x.year),
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

    fn numbered_node(
        &self,
        key: &DocKey,
        ms: &[&Mention],
        many: bool,
        anomalies: &mut Vec<Anomaly>,
    ) -> Node {
        let own = ms.iter().find_map(|m| match m.origin {
            Origin::Own(d) => Some(&self.docs[d as usize]),
            _ => None,
        });
        let date = best_date(ms);
        let issuer = self.best_issuer(ms);
        let exact: BTreeSet<String> = ms
            .iter()
            .filter_map(|m| m.date.filter(|d| d.is_exact()))
            .map(|d| d.to_string())
            .collect();
        let mut id = key.to_string();
        if many {
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
            id = format!("{id} ({})", q.join(", "));
        }
        if exact.len() > 1 {
            anomalies.push(Anomaly::ConflictingDates {
                id: id.clone(),
                dates: exact.into_iter().collect(),
            });
        }
        if !key.issuer_code().is_some_and(is_generic_code) {
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
                    id: id.clone(),
                    issuers: names.into_iter().collect(),
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
            subject: None,
        }
    }

    /// Decides every identity and builds the graph. Each edge's `refs` names the
    /// (document, reference) positions behind it; `sources` is left for the caller to fill.
    pub fn finish(self) -> CitationGraph {
        self.finish_with(true)
    }

    /// [`finish`](Self::finish), without the id and path lookup maps when `lookups` is false
    /// (an index writes the graph and never looks a node up in memory).
    pub fn finish_with(mut self, lookups: bool) -> CitationGraph {
        let mut g = CitationGraph::default();
        let mut pending: Vec<(Node, Vec<Origin>)> = Vec::new();
        // Consumed as it is clustered, so mentions and nodes are not all held at once.
        let by_key = std::mem::take(&mut self.by_key);
        for (key, ms) in by_key {
            let clusters = cluster(&ms, generic(&key));
            let many = clusters.len() > 1;
            for c in clusters {
                let members: Vec<&Mention> = c.iter().map(|&i| &ms[i]).collect();
                let node = self.numbered_node(&key, &members, many, &mut g.anomalies);
                pending.push((node, members.iter().map(|m| m.origin).collect()));
            }
        }
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
            pending.push((node, members.iter().map(|m| m.origin).collect()));
        }
        for (d, doc) in self.docs.iter().enumerate() {
            if let Some(id) = &doc.unnumbered_id {
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
                pending.push((node, vec![Origin::Own(d as u32)]));
            }
        }
        // Stable order and unique ids: sort by id, then tell repeats apart by their file, or
        // the file that cites them, and a counter as the last resort.
        let hint = |node: &Node, origins: &[Origin]| -> String {
            node.path.clone().unwrap_or_else(|| {
                let d = origins
                    .iter()
                    .map(|o| match o {
                        Origin::Own(d) | Origin::Ref(d, _) => *d,
                    })
                    .min()
                    .unwrap_or(0);
                format!(
                    "cited in {}",
                    self.docs.get(d as usize).map_or("?", |x| x.path.as_str())
                )
            })
        };
        pending.sort_by(|a, b| {
            a.0.id
                .cmp(&b.0.id)
                .then_with(|| hint(&a.0, &a.1).cmp(&hint(&b.0, &b.1)))
        });
        // Sorted by id, repeats stand side by side: mark them without a map of every id.
        let repeated: Vec<bool> = (0..pending.len())
            .map(|i| {
                (i > 0 && pending[i - 1].0.id == pending[i].0.id)
                    || (i + 1 < pending.len() && pending[i + 1].0.id == pending[i].0.id)
            })
            .collect();
        let mut used: HashMap<String, usize> = HashMap::new();
        // The node of every origin, in flat tables: own[d] and refs[first_ref(d) + r].
        const NONE: u32 = u32::MAX;
        let mut own_node = vec![NONE; self.docs.len()];
        let mut ref_node = vec![NONE; self.refs_total as usize];
        let mut subjects = std::mem::take(&mut self.subjects);
        for ((mut node, origins), repeated) in pending.into_iter().zip(repeated) {
            if let Some(d) = origins.iter().find_map(|o| match o {
                Origin::Own(d) => Some(*d as usize),
                Origin::Ref(..) => None,
            }) {
                node.subject = subjects.get_mut(d).and_then(Option::take);
            }
            if repeated {
                node.id = format!("{} [{}]", node.id, hint(&node, &origins));
                let seen = used.entry(node.id.clone()).or_insert(0);
                *seen += 1;
                if *seen > 1 {
                    node.id = format!("{} #{}", node.id, seen);
                }
            }
            let (id, path) = if lookups {
                (Some(node.id.clone()), node.path.clone())
            } else {
                (None, None)
            };
            let ix = g.graph.add_node(node);
            if let Some(id) = id {
                g.by_id.insert(id, ix);
            }
            if let Some(p) = path {
                g.by_path.insert(p, ix);
            }
            for o in origins {
                match o {
                    Origin::Own(d) => own_node[d as usize] = ix.index() as u32,
                    Origin::Ref(d, r) => {
                        ref_node[(self.docs[d as usize].first_ref + r) as usize] = ix.index() as u32
                    }
                }
            }
        }
        let node_of = |o: Origin| -> Option<NodeIndex> {
            let n = match o {
                Origin::Own(d) => own_node[d as usize],
                Origin::Ref(d, r) => ref_node[(self.docs[d as usize].first_ref + r) as usize],
            };
            (n != NONE).then(|| NodeIndex::new(n as usize))
        };
        // One edge per (citing, cited) pair, in a stable order: a document that implements X
        // and later names `Quyết định nêu trên` has one edge to X, with the strongest
        // relation of its mentions and every mention as evidence.
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
        g.find_cycles();
        g
    }
}

impl CitationGraph {
    /// Builds the graph over every document of a corpus, each edge with its sentences.
    pub fn build(corpus: &Corpus) -> CitationGraph {
        let mut b = GraphBuilder::new();
        for d in &corpus.documents {
            b.add(d);
        }
        let mut g = b.finish();
        for e in g.graph.edge_weights_mut() {
            let mut sources: Vec<EdgeSource> = e
                .refs
                .iter()
                .filter_map(|&(d, r)| {
                    let doc = corpus.documents.get(d as usize)?;
                    let rf = doc.references.get(r as usize)?;
                    Some(EdgeSource {
                        path: doc.address(),
                        line: rf.span.line,
                        column: rf.span.column,
                        text: rf.span.text.clone(),
                        sentence: rf.sentence.clone(),
                        relation: rf.relation,
                    })
                })
                .collect();
            sources.sort();
            sources.dedup();
            e.sources = sources;
        }
        g
    }

    /// Assembles a graph from stored parts (an index): nodes, and edges between node positions.
    pub fn from_parts(
        nodes: Vec<Node>,
        edges: Vec<(usize, usize, Edge)>,
        anomalies: Vec<Anomaly>,
    ) -> CitationGraph {
        let mut g = CitationGraph {
            anomalies,
            ..CitationGraph::default()
        };
        for n in nodes {
            let (id, path) = (n.id.clone(), n.path.clone());
            let ix = g.graph.add_node(n);
            g.by_id.insert(id, ix);
            if let Some(p) = path {
                g.by_path.insert(p, ix);
            }
        }
        for (a, b, e) in edges {
            g.graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), e);
        }
        g
    }

    fn find_cycles(&mut self) {
        for scc in petgraph::algo::tarjan_scc(&self.graph) {
            if scc.len() > 1 {
                let mut ids: Vec<String> = scc.iter().map(|&i| self.graph[i].id.clone()).collect();
                ids.sort();
                self.anomalies.push(Anomaly::Cycle { ids });
            }
        }
        self.anomalies.sort();
        self.anomalies.dedup();
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
