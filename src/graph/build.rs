//! Building the graph: documents are added one at a time as compact mentions, then
//! [`GraphBuilder::resolve`] decides which mentions are one document (see [`super::identity`])
//! and links them. What it gives, [`Resolved`], hands out nodes one at a time, so an index
//! writes a graph of millions of nodes without ever holding them all as [`Node`]s.
//!
//! Memory is what bounds an index of millions of documents, so what is kept per document is
//! counted in bytes: keys interned by bytes that sort as keys do ([`Keys`]), paths and
//! subjects in one buffer each ([`Strings`]), a mention in 32 bytes ([`Packed`]), a citation
//! in 16 ([`Link`]), and no node is made as a [`Node`] until it is asked for.

use super::compact::{Interner, Keys, Strings};
use super::identity::{cluster, Code, Mention, Origin};
use super::resolved::{EdgeRow, Facts, Resolved, Store};
use super::{Anomaly, CitationGraph};
use crate::gazetteer::is_generic_code;
use crate::model::{Citer, DocKind, Document, Issuer, Level, PartialDate, Relation};
use crate::model::{DocKey, Scheme};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

/// No value in a `u32` slot: no issuer, no place, no node (yet), the document itself.
pub(super) const NONE: u32 = u32::MAX;

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

/// What the graph keeps of a document read: enough for its node, nothing of its text (its
/// path and subject are in [`GraphBuilder::paths`] and [`GraphBuilder::subjects`]).
#[derive(Debug, Clone, Copy)]
struct DocInfo {
    kind: Option<DocKind>,
    date: Option<PartialDate>,
    issuer: u32,
    first_ref: u32,
}

/// One mention of a numbered document as kept until its key is clustered: [`Mention`] without
/// what the key and the citing document say again (the year, the citing year).
#[derive(Debug, Clone, Copy)]
struct Packed {
    key: u32,
    doc: u32,
    /// The reference's position in its document, or [`NONE`] for the document's own number.
    reference: u32,
    issuer: u32,
    /// Interned locality and province, only for generic codes ([`NONE`]: not said).
    locality: u32,
    province: u32,
    date: Option<PartialDate>,
    /// The issuer's level, only for generic codes.
    level: Option<Level>,
    kind: Option<DocKind>,
}

/// A citation waiting for its nodes: in document `doc`, reference `reference` is cited by the
/// document (`citer` [`NONE`]) or by its reference `citer`.
#[derive(Debug, Clone, Copy)]
struct Link {
    doc: u32,
    citer: u32,
    reference: u32,
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

/// A mention several documents fit: its node-to-be, its candidates', how many mentions it
/// holds (positions in the order made).
pub(super) struct Ambiguity {
    pub(super) at: u32,
    pub(super) candidates: Vec<u32>,
    pub(super) mentions: usize,
}

/// Builds a citation graph from documents given one at a time, keeping only compact facts,
/// so a corpus of millions of documents never has to sit in memory at once.
#[derive(Debug, Default)]
pub struct GraphBuilder {
    issuers: Interner<Issuer>,
    places: Interner<String>,
    keys: Keys,
    mentions: Vec<Packed>,
    named: BTreeMap<(String, Option<u16>), (Vec<Mention>, String)>,
    docs: Vec<DocInfo>,
    /// Each document's address (`path`, or `path#part`).
    paths: Strings,
    /// Each document's subject.
    subjects: Strings,
    /// The ids of documents read without a number, with their positions.
    unnumbered: Vec<(u32, String)>,
    links: Vec<Link>,
    refs_total: u32,
}

/// The nodes to be, in the order made, and what the rest of the build needs of them.
#[derive(Default)]
pub(super) struct Made {
    pub(super) facts: Vec<Facts>,
    pub(super) ids: Strings,
    /// The files read as each node that several files were read as.
    pub(super) copies: FxHashMap<u32, Vec<u32>>,
    /// The node-to-be of each document's own mention, and of each reference.
    pub(super) own: Vec<u32>,
    pub(super) refs: Vec<u32>,
    pub(super) ambiguous: Vec<Ambiguity>,
    pub(super) anomalies: Vec<Anomaly>,
    /// Titles of documents cited by name.
    pub(super) titles: Strings,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> GraphBuilder {
        GraphBuilder::default()
    }

    fn packed(
        &mut self,
        key: &DocKey,
        date: Option<PartialDate>,
        issuer: Option<&Issuer>,
        kind: Option<DocKind>,
        (doc, reference): (u32, u32),
    ) -> Packed {
        let shared = code_of(key) == Code::Shared;
        // A district or commune is told apart by its province too when it is known: many
        // provinces have a district of the same name.
        let (mut locality, mut province, mut level) = (NONE, NONE, None);
        if let Some(i) = issuer.filter(|_| shared) {
            level = i.level;
            if let Some(loc) = &i.locality {
                locality = self.places.id(loc);
                if let (Some(Level::District | Level::Commune), Some(p)) = (i.level, &i.province) {
                    province = self.places.id(p);
                }
            }
        }
        Packed {
            key: self.keys.id(key),
            doc,
            reference,
            issuer: issuer.map_or(NONE, |i| self.issuers.id(i)),
            locality,
            province,
            date,
            level,
            kind,
        }
    }

    /// The mention `p` of `key` as the clustering reads it.
    fn unpack(&self, key: &DocKey, p: &Packed) -> Mention {
        let some = |v: u32| (v != NONE).then_some(v);
        let own = p.reference == NONE;
        Mention {
            origin: if own {
                Origin::Own(p.doc)
            } else {
                Origin::Ref(p.doc, p.reference)
            },
            year: match key.scheme {
                Scheme::Legal => key.year,
                _ => p.date.map(|d| d.year),
            },
            place: some(p.locality).map(|l| (p.level, l, some(p.province))),
            level: p.level,
            date: p.date,
            issuer: some(p.issuer),
            kind: p.kind,
            citing_year: match own {
                true => None,
                false => self.docs[p.doc as usize].date.map(|x| x.year),
            },
        }
    }

    /// Adds one document and its references; returns its index in the builder.
    pub fn add(&mut self, doc: &Document) -> u32 {
        let d = self.docs.len() as u32;
        if let Some(k) = &doc.number {
            let m = self.packed(k, doc.date, doc.issuer.as_deref(), doc.kind, (d, NONE));
            self.mentions.push(m);
        } else {
            self.unnumbered.push((d, doc.id()));
        }
        let issuer = doc.issuer.as_ref().map_or(NONE, |i| self.issuers.id(i));
        self.docs.push(DocInfo {
            kind: doc.kind,
            date: doc.date,
            issuer,
            first_ref: self.refs_total,
        });
        self.paths.push(Some(&doc.address()));
        self.subjects.push(doc.subject.as_deref());
        self.refs_total += doc.references.len() as u32;
        for (r, rf) in doc.references.iter().enumerate() {
            let r = r as u32;
            match (&rf.key, &rf.title) {
                (Some(k), _) => {
                    let m = self.packed(k, rf.date, rf.issuer.as_deref(), rf.kind, (d, r));
                    self.mentions.push(m);
                }
                (None, Some(t)) => {
                    let m = Mention {
                        origin: Origin::Ref(d, r),
                        year: rf.date.map(|x| x.year),
                        place: None,
                        level: None,
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
            let citer = match rf.citer {
                Citer::Document => NONE,
                Citer::Reference(j) => j as u32,
            };
            self.links.push(Link {
                doc: d,
                citer,
                reference: r,
                relation: rf.relation,
            });
        }
        d
    }

    /// The issuer a document is shown with: its own header's, else the most specific mention's.
    fn best_issuer(&self, ms: &[&Mention]) -> u32 {
        if let Some(i) = ms
            .iter()
            .find(|m| matches!(m.origin, Origin::Own(_)))
            .and_then(|m| m.issuer)
        {
            return i;
        }
        let mut is: Vec<(u32, &Issuer)> = ms
            .iter()
            .filter_map(|m| m.issuer)
            .filter_map(|i| Some((i, self.issuers.get(i)?)))
            .collect();
        is.sort_by(|a, b| {
            specificity(b.1)
                .cmp(&specificity(a.1))
                .then_with(|| a.1.cmp(b.1))
        });
        is.first().map_or(NONE, |i| i.0)
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
            q.push(self.places.get(p.1).cloned().unwrap_or_default());
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
    fn mention_conflicts(&self, id: &str, key: &DocKey, ms: &[&Mention], out: &mut Vec<Anomaly>) {
        let exact: BTreeSet<String> = ms
            .iter()
            .filter_map(|m| m.date.filter(|d| d.is_exact()))
            .map(|d| d.to_string())
            .collect();
        if exact.len() > 1 {
            out.push(Anomaly::ConflictingDates {
                id: id.to_string(),
                dates: exact.into_iter().collect(),
            });
        }
        if code_of(key) == Code::OneBody {
            let known: BTreeSet<&Issuer> = ms
                .iter()
                .filter_map(|m| m.issuer)
                .filter_map(|i| self.issuers.get(i))
                .filter(|i| i.code.is_some() && specificity(i) >= 4)
                .collect();
            let codes: BTreeSet<Option<&str>> = known.iter().map(|i| i.code.as_deref()).collect();
            if codes.len() > 1 {
                let names: BTreeSet<String> = known.iter().map(|i| i.name.clone()).collect();
                out.push(Anomaly::ConflictingIssuers {
                    id: id.to_string(),
                    issuers: names.into_iter().collect(),
                });
            }
        }
    }

    /// The document whose file tells apart nodes of one id that no file was read as: the first
    /// citing file by name, not by the order files were given in, so the same corpus gives
    /// the same ids however its paths are listed.
    fn first_citing(&self, ms: &[&Mention]) -> u32 {
        ms.iter()
            .map(|m| match m.origin {
                Origin::Own(d) | Origin::Ref(d, _) => d,
            })
            .filter(|&d| (d as usize) < self.docs.len())
            .min_by(|&a, &b| self.paths.str(a).cmp(self.paths.str(b)).then(a.cmp(&b)))
            .unwrap_or(NONE)
    }

    /// Records a node to be: its facts and id, and which mentions are it.
    fn make(&self, made: &mut Made, mut facts: Facts, id: &str, ms: &[&Mention]) {
        let at = made.facts.len() as u32;
        let mut own: Vec<u32> = Vec::new();
        for m in ms {
            match m.origin {
                Origin::Own(d) => {
                    own.push(d);
                    if let Some(slot) = made.own.get_mut(d as usize) {
                        *slot = at;
                    }
                }
                Origin::Ref(d, r) => {
                    let first = self.docs.get(d as usize).map_or(NONE, |x| x.first_ref);
                    if let Some(slot) = made.refs.get_mut(first.wrapping_add(r) as usize) {
                        *slot = at;
                    }
                }
            }
        }
        facts.own = own.first().copied().unwrap_or(NONE);
        facts.hint = match facts.own {
            NONE => self.first_citing(ms),
            d => d,
        };
        // Several files read as one document: each file still names the node, and the clash
        // is reported.
        let mut paths: Vec<&str> = own.iter().map(|&d| self.paths.str(d)).collect();
        paths.sort();
        paths.dedup();
        if paths.len() > 1 {
            made.copies.insert(at, own);
        }
        made.ids.push(Some(id));
        made.facts.push(facts);
    }

    /// Decides every identity and builds the graph. Each edge's `refs` names the
    /// (document, reference) positions behind it; `sources` is left for the caller to fill.
    pub fn finish(self) -> CitationGraph {
        self.finish_with(Lookups::Keep)
    }

    /// [`finish`](Self::finish), with or without the id and path lookup maps (an index
    /// writes the graph and never looks a node up in memory).
    pub fn finish_with(self, lookups: Lookups) -> CitationGraph {
        self.resolve().into_graph(lookups)
    }

    /// Decides every identity and links the nodes, keeping them compact: [`Resolved`] makes
    /// each [`Node`](super::Node) when it is asked for.
    pub fn resolve(mut self) -> Resolved {
        let mut made = Made {
            own: vec![NONE; self.docs.len()],
            refs: vec![NONE; self.refs_total as usize],
            ..Made::default()
        };
        self.numbered_nodes(&mut made);
        self.named_nodes(&mut made);
        self.unnumbered_nodes(&mut made);
        self.keys.freeze();
        let (own, refs) = (
            std::mem::take(&mut made.own),
            std::mem::take(&mut made.refs),
        );
        let store = Store {
            issuers: self.issuers,
            keys: self.keys,
            paths: self.paths,
            subjects: self.subjects,
        };
        let mut resolved = Resolved::new(made, store);
        let docs = self.docs;
        let node_of = |d: u32, r: u32| -> u32 {
            let at = match r {
                NONE => own.get(d as usize),
                r => docs
                    .get(d as usize)
                    .and_then(|x| refs.get(x.first_ref.wrapping_add(r) as usize)),
            };
            resolved.node_at(at.copied().unwrap_or(NONE))
        };
        let (edges, edge_refs) = edges_of(&self.links, &node_of);
        resolved.link(edges, edge_refs);
        resolved
    }

    /// The mentions of each key, keys in key order, each key's in the order added: a
    /// counting sort of positions, so no list is made per key.
    fn by_key(&self) -> (Vec<u32>, Vec<u32>) {
        let n = self.keys.len();
        let mut starts = vec![0u32; n + 1];
        for m in &self.mentions {
            starts[m.key as usize + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; self.mentions.len()];
        for (i, m) in self.mentions.iter().enumerate() {
            let slot = &mut next[m.key as usize];
            order[*slot as usize] = i as u32;
            *slot += 1;
        }
        (starts, order)
    }

    /// The nodes of numbered documents, key by key, and the mentions several of them fit.
    fn numbered_nodes(&mut self, made: &mut Made) {
        let (starts, order) = self.by_key();
        for k in self.keys.sorted() {
            let Some(key) = self.keys.get(k) else {
                continue;
            };
            let (a, b) = (starts[k as usize] as usize, starts[k as usize + 1] as usize);
            let ms: Vec<Mention> = order[a..b]
                .iter()
                .map(|&i| self.unpack(&key, &self.mentions[i as usize]))
                .collect();
            let clusters = cluster(&ms, code_of(&key));
            let naming = if clusters.groups.len() > 1 {
                Naming::Qualified
            } else {
                Naming::Key
            };
            let first = made.facts.len() as u32;
            let at = |i: usize| first + i as u32;
            for (c, candidates) in clusters.ambiguous {
                made.ambiguous.push(Ambiguity {
                    at: at(c),
                    candidates: candidates.into_iter().map(at).collect(),
                    mentions: clusters.groups[c].len(),
                });
            }
            for c in clusters.groups {
                let members: Vec<&Mention> = c.iter().map(|&i| &ms[i]).collect();
                let own_kind = members.iter().find_map(|m| match m.origin {
                    Origin::Own(d) => self.docs.get(d as usize),
                    Origin::Ref(..) => None,
                });
                let id = self.numbered_id(&key, &members, naming);
                self.mention_conflicts(&id, &key, &members, &mut made.anomalies);
                let facts = Facts {
                    key: k,
                    kind: own_kind
                        .and_then(|d| d.kind)
                        .or_else(|| members.iter().find_map(|m| m.kind))
                        .or_else(|| key.kind()),
                    date: best_date(&members),
                    issuer: self.best_issuer(&members),
                    ..Facts::default()
                };
                self.make(made, facts, &id, &members);
            }
        }
        self.mentions = Vec::new();
    }

    /// The nodes of documents cited by title (one per title and year).
    fn named_nodes(&self, made: &mut Made) {
        for (ms, title) in self.named.values() {
            let members: Vec<&Mention> = ms.iter().collect();
            let date = best_date(&members);
            let id = match date {
                Some(dt) => format!("{title} ({dt})"),
                None => title.clone(),
            };
            let facts = Facts {
                title: made.titles.push(Some(title)),
                kind: members.iter().find_map(|m| m.kind),
                date,
                issuer: self.best_issuer(&members),
                ..Facts::default()
            };
            self.make(made, facts, &id, &members);
        }
    }

    /// The nodes of documents read without a number: each is its own document.
    fn unnumbered_nodes(&mut self, made: &mut Made) {
        for (d, id) in std::mem::take(&mut self.unnumbered) {
            let Some(doc) = self.docs.get(d as usize).copied() else {
                continue;
            };
            let own = Mention {
                origin: Origin::Own(d),
                year: None,
                place: None,
                level: None,
                date: None,
                issuer: None,
                kind: None,
                citing_year: None,
            };
            let facts = Facts {
                kind: doc.kind,
                date: doc.date,
                issuer: doc.issuer,
                ..Facts::default()
            };
            self.make(made, facts, &id, &[&own]);
        }
    }
}

/// The edges: one per (citing, cited) pair, in the order of their node positions, each with
/// the strongest relation of its mentions and every mention as evidence, in the order added
/// (all edges' mentions in one list, each edge's ending where its `end` says). `node_of(document,
/// reference)` gives a mention's node ([`NONE`] as the reference: the document's own).
fn edges_of(links: &[Link], node_of: &dyn Fn(u32, u32) -> u32) -> (Vec<EdgeRow>, Vec<(u32, u32)>) {
    // (citing, cited, link): sorting these replaces a map of every pair.
    let mut pairs: Vec<(u32, u32, u32)> = links
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let a = node_of(l.doc, l.citer);
            let b = node_of(l.doc, l.reference);
            (a != NONE && b != NONE).then_some((a, b, i as u32))
        })
        .collect();
    pairs.sort_unstable();
    let mut edges: Vec<EdgeRow> = Vec::new();
    let mut refs: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
    for (a, b, i) in pairs {
        let l = &links[i as usize];
        match edges.last_mut() {
            Some(e) if e.citing == a && e.cited == b => {
                if l.relation.strength() > e.relation.strength() {
                    e.relation = l.relation;
                }
            }
            _ => edges.push(EdgeRow {
                citing: a,
                cited: b,
                relation: l.relation,
                end: 0,
            }),
        }
        refs.push((l.doc, l.reference));
        if let Some(e) = edges.last_mut() {
            e.end = refs.len() as u32;
        }
    }
    (edges, refs)
}
