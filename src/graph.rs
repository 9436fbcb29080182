//! The citation graph: one node per document (read or only referenced), one edge per
//! (citing, cited, relation) with every sentence behind it.
//!
//! Identity (issue: "same document"): same canonical key, compatible year, and — for issuer
//! codes that name no single body (`UBND`, `HĐND`, `TU`, `HU`) — the same level and locality.
//! A mention that leaves the year or locality unsaid joins the one node it can be; when it
//! could be several, it stays a node of its own rather than merge two documents.

use crate::gazetteer::is_generic_code;
use crate::model::{Citer, DocKind, Document, Issuer, Level, PartialDate, Relation};
use crate::model::{DocKey, Scheme};
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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
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
    /// A mention that several documents of the corpus fit equally (a `UBND` key whose
    /// province the text does not say): it is kept as a node of its own, not guessed.
    AmbiguousReference {
        /// The node the mention stands for.
        id: String,
        /// The documents it could be.
        candidates: Vec<String>,
        /// How many mentions the node holds.
        mentions: usize,
    },
    /// Several files read as one document: the same number, issuer and date (copies of one
    /// document, or two the text cannot tell apart). Every path still names the node.
    DuplicateDocument {
        /// The node.
        id: String,
        /// The files, each of which names the node.
        paths: Vec<String>,
    },
    /// One document given different issuers by different mentions.
    ConflictingIssuers {
        /// The node.
        id: String,
        /// The issuers given.
        issuers: Vec<String>,
    },
}

/// How many mentions the anomalies mark ambiguous (several documents fit each).
pub fn ambiguous_mentions(anomalies: &[Anomaly]) -> usize {
    anomalies
        .iter()
        .map(|a| match a {
            Anomaly::AmbiguousReference { mentions, .. } => *mentions,
            _ => 0,
        })
        .sum()
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
    /// The issuer's level, only for generic codes (known even when its locality is not).
    level: Option<Level>,
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

/// The documents one key's mentions fall into, and the mentions several of them fit.
#[derive(Debug, Default)]
struct Clustering {
    /// Each document's mentions (indices into the key's mentions).
    groups: Vec<Vec<usize>>,
    /// (group, candidate groups): a group of mentions that several documents fit equally.
    ambiguous: Vec<(usize, Vec<usize>)>,
}

/// True when a mention that gives only its issuer's level can be a body at `known`.
fn level_fits(known: &Option<Place>, said: Option<Level>) -> bool {
    match (known, said) {
        (Some(k), Some(l)) => k.0.is_none_or(|kl| kl == l),
        _ => true,
    }
}

fn cluster(ms: &[Mention], generic: bool) -> Clustering {
    // A slot is one document: year and place, and for a document read whose place is told
    // only in part, its date (two such files of one key and different dates are two bodies:
    // communes of one name in two provinces).
    type Slot = (Option<u16>, Option<Place>, Option<PartialDate>);
    let needs_place = ms.iter().any(|m| m.place.is_some());
    // A place without its province is exact only if no mention names that place with one.
    let with_province: BTreeSet<(Option<Level>, u32)> = ms
        .iter()
        .filter_map(|m| m.place)
        .filter(|p| p.2.is_some())
        .map(|p| (p.0, p.1))
        .collect();
    let exact = |m: &Mention| m.date.filter(PartialDate::is_exact);
    let settled = |m: &Mention| {
        let exact_place = m
            .place
            .is_some_and(|p| p.2.is_some() || !with_province.contains(&(p.0, p.1)));
        m.year.is_some() && (exact_place || !needs_place)
    };
    let is_own = |m: &Mention| matches!(m.origin, Origin::Own(_));
    let mut clusters: BTreeMap<Slot, Vec<usize>> = BTreeMap::new();
    let (mut loose_own, mut placed_ref, mut loose_ref) = (Vec::new(), Vec::new(), Vec::new());
    for (i, m) in ms.iter().enumerate() {
        match (is_own(m), settled(m)) {
            (true, true) => {
                // Only districts and communes carry a province; a province is whole.
                let partial = generic
                    && m.place.is_some_and(|p| {
                        p.2.is_none() && matches!(p.0, Some(Level::District | Level::Commune))
                    });
                let date = if partial { exact(m) } else { None };
                clusters.entry((m.year, m.place, date)).or_default().push(i);
            }
            (true, false) => loose_own.push(i),
            (false, true) => placed_ref.push(i),
            (false, false) => loose_ref.push(i),
        }
    }
    // The exact dates a slot's document is known by: its own, or else its mentions'. Each
    // pass below decides against a snapshot taken before it, so what a mention joins does not
    // depend on the order the documents were read in.
    type Dates = BTreeMap<Slot, BTreeSet<PartialDate>>;
    let dates_now = |clusters: &BTreeMap<Slot, Vec<usize>>| -> Dates {
        clusters
            .iter()
            .map(|(s, members)| {
                let own: BTreeSet<PartialDate> = members
                    .iter()
                    .filter(|&&i| is_own(&ms[i]))
                    .filter_map(|&i| exact(&ms[i]))
                    .collect();
                let known = if own.is_empty() {
                    members.iter().filter_map(|&i| exact(&ms[i])).collect()
                } else {
                    own
                };
                (*s, known)
            })
            .collect()
    };
    let fits = |dates: &Dates, m: &Mention| -> Vec<Slot> {
        // Slots sort by year first: a dated mention looks at its year's only.
        let keys: Box<dyn Iterator<Item = &Slot>> = match m.year {
            Some(y) => Box::new(
                dates
                    .range((Some(y), None, None)..)
                    .map(|(s, _)| s)
                    .take_while(move |(sy, _, _)| *sy == Some(y)),
            ),
            None => Box::new(dates.keys()),
        };
        keys.filter(|(_, p, _)| place_fits(p, &m.place) && level_fits(p, m.level))
            .copied()
            .collect()
    };
    // Several fit: those known by the very day the mention gives are the ones it can name.
    let by_day = |dates: &Dates, fit: Vec<Slot>, m: &Mention| match (fit.len(), exact(m)) {
        (2.., Some(d)) => {
            let same: Vec<Slot> = fit
                .iter()
                .filter(|s| dates.get(*s).is_some_and(|k| k.contains(&d)))
                .copied()
                .collect();
            if same.is_empty() {
                fit
            } else {
                same
            }
        }
        _ => fit,
    };
    // A reference that says year and place: the document read there, or one of its own.
    let read = dates_now(&clusters);
    let mut ambiguous_placed: Vec<(usize, Vec<Slot>)> = Vec::new();
    for i in placed_ref {
        let m = &ms[i];
        // Slots of one year and place sort together, undated first.
        let same: Vec<Slot> = read
            .range((m.year, m.place, None)..)
            .map(|(s, _)| *s)
            .take_while(|(y, p, _)| *y == m.year && *p == m.place)
            .collect();
        let fit = by_day(&read, same, m);
        match fit.as_slice() {
            [] => clusters.entry((m.year, m.place, None)).or_default().push(i),
            [one] => clusters.entry(*one).or_default().push(i),
            _ => ambiguous_placed.push((i, fit)),
        }
    }
    // A document read joins the one document it fits unless their dates differ: then it is
    // a document of its own (a district of the same name in another province).
    let placed = dates_now(&clusters);
    for i in loose_own {
        let m = &ms[i];
        let fit: Vec<Slot> = fits(&placed, m)
            .into_iter()
            .filter(|s| {
                exact(m).is_none_or(|d| {
                    let known = &placed[s];
                    known.is_empty() || known.contains(&d)
                })
            })
            .collect();
        let slot = match fit.as_slice() {
            [one] => *one,
            _ => (m.year, m.place, exact(m)),
        };
        clusters.entry(slot).or_default().push(i);
    }
    let slots: Vec<Slot> = clusters.keys().copied().collect();
    let slot_index = |s: &Slot| slots.binary_search(s).ok();
    // A `UBND` key whose locality nobody could tell stays apart per citing document: two
    // documents' `1/UBND-VP` may be two provinces'.
    type Alone = (Slot, Option<u32>);
    let mut alone: BTreeMap<Alone, (Vec<usize>, BTreeSet<usize>)> = BTreeMap::new();
    for (i, fit) in ambiguous_placed {
        let m = &ms[i];
        // Apart per day: two days are two documents even when neither can be told.
        let entry = alone
            .entry(((m.year, m.place, exact(m)), None))
            .or_default();
        entry.0.push(i);
        entry.1.extend(fit.iter().filter_map(slot_index));
    }
    let settled_dates = dates_now(&clusters);
    for i in loose_ref {
        let m = &ms[i];
        let fit = fits(&settled_dates, m);
        // Undated and fitting several years: the latest issued no later than the citing document.
        let fit: Vec<Slot> = match (fit.len(), m.year, m.citing_year) {
            (2.., None, Some(cy)) => {
                let earlier: Vec<Slot> = fit
                    .into_iter()
                    .filter(|(y, _, _)| y.is_some_and(|y| y <= cy))
                    .collect();
                let latest = earlier.iter().filter_map(|(y, _, _)| *y).max();
                earlier
                    .into_iter()
                    .filter(|(y, _, _)| *y == latest)
                    .collect()
            }
            _ => fit,
        };
        let fit = by_day(&settled_dates, fit, m);
        if let [one] = fit.as_slice() {
            if let Some(c) = clusters.get_mut(one) {
                c.push(i);
            }
        } else {
            let citing_doc = match m.origin {
                Origin::Ref(d, _) if generic && m.place.is_none() => Some(d),
                _ => None,
            };
            let entry = alone
                .entry(((m.year, m.place, None), citing_doc))
                .or_default();
            entry.0.push(i);
            entry.1.extend(fit.iter().filter_map(slot_index));
        }
    }
    // Loose mentions with no single home and the same unknowns are taken as one document.
    let mut out = Clustering {
        groups: clusters.into_values().collect(),
        ambiguous: Vec::new(),
    };
    for (members, candidates) in alone.into_values() {
        if !candidates.is_empty() {
            out.ambiguous
                .push((out.groups.len(), candidates.into_iter().collect()));
        }
        out.groups.push(members);
    }
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
        let level = if generic(key) {
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
        // Each document to be: its node, its mentions, and its place in the order built.
        let mut pending: Vec<(Node, Vec<Origin>, u32)> = Vec::new();
        // (document, candidate documents, mentions) by place in the order built.
        let mut ambiguous: Vec<(u32, Vec<u32>, usize)> = Vec::new();
        // Consumed as it is clustered, so mentions and nodes are not all held at once.
        let by_key = std::mem::take(&mut self.by_key);
        for (key, ms) in by_key {
            let clusters = cluster(&ms, generic(&key));
            let many = clusters.groups.len() > 1;
            let first = pending.len() as u32;
            for (c, candidates) in clusters.ambiguous {
                let at = |i: usize| first + i as u32;
                let mentions = clusters.groups[c].len();
                ambiguous.push((at(c), candidates.into_iter().map(at).collect(), mentions));
            }
            for c in clusters.groups {
                let members: Vec<&Mention> = c.iter().map(|&i| &ms[i]).collect();
                let node = self.numbered_node(&key, &members, many, &mut g.anomalies);
                let at = pending.len() as u32;
                pending.push((node, members.iter().map(|m| m.origin).collect(), at));
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
            let at = pending.len() as u32;
            pending.push((node, members.iter().map(|m| m.origin).collect(), at));
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
                let at = pending.len() as u32;
                pending.push((node, vec![Origin::Own(d as u32)], at));
            }
        }
        // Stable order and unique ids: sort by id, then tell repeats apart by their file, or
        // the file that cites them, and a counter as the last resort.
        let hint = |node: &Node, origins: &[Origin]| -> String {
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
        let mut node_at = vec![NONE; pending.len()];
        for ((mut node, origins, at), repeated) in pending.into_iter().zip(repeated) {
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
            // Several files read as one document (copies, or two documents the text cannot
            // tell apart): each file still names the node, and the clash is reported.
            let mut copies: Vec<String> = origins
                .iter()
                .filter_map(|o| match o {
                    Origin::Own(d) => self.docs.get(*d as usize).map(|x| x.path.clone()),
                    Origin::Ref(..) => None,
                })
                .collect();
            copies.sort();
            copies.dedup();
            if copies.len() > 1 {
                g.anomalies.push(Anomaly::DuplicateDocument {
                    id: node.id.clone(),
                    paths: copies.clone(),
                });
            }
            let (id, path) = if lookups {
                (Some(node.id.clone()), node.path.clone())
            } else {
                (None, None)
            };
            if !lookups {
                copies.clear();
            }
            let ix = g.graph.add_node(node);
            for c in copies {
                g.by_path.entry(c).or_insert(ix);
            }
            node_at[at as usize] = ix.index() as u32;
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
        // A mention several documents fit stays a node of its own, named with its candidates.
        let id_at = |at: u32| -> Option<String> {
            let n = *node_at.get(at as usize)?;
            (n != NONE).then(|| g.graph[NodeIndex::new(n as usize)].id.clone())
        };
        for (at, candidates, mentions) in &ambiguous {
            let Some(id) = id_at(*at) else { continue };
            let mut candidates: Vec<String> = candidates.iter().filter_map(|&c| id_at(c)).collect();
            candidates.sort();
            g.anomalies.push(Anomaly::AmbiguousReference {
                id,
                candidates,
                mentions: *mentions,
            });
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
        // Files read as copies of one document name its node too.
        let copies: Vec<(String, NodeIndex)> = g
            .anomalies
            .iter()
            .filter_map(|a| match a {
                Anomaly::DuplicateDocument { id, paths } => Some((id, paths)),
                _ => None,
            })
            .filter_map(|(id, paths)| Some((paths, g.by_id(id)?)))
            .flat_map(|(paths, n)| paths.iter().map(move |p| (p.clone(), n)))
            .collect();
        for (p, n) in copies {
            g.by_path.entry(p).or_insert(n);
        }
        g
    }

    fn find_cycles(&mut self) {
        // Kosaraju's, not Tarjan's: petgraph's Tarjan recurses once per document of a chain
        // and overflows the stack on a chain of 100,000; Kosaraju's walks with a stack of its
        // own. The cycles are sorted below, so the order it finds them in does not show.
        for scc in petgraph::algo::kosaraju_scc(&self.graph) {
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
        self.by_path.get(path).copied().or_else(|| {
            // `./seeds/a.txt` is read as `seeds/a.txt`.
            let tidy = crate::read::tidy_path(std::path::Path::new(path));
            self.by_path.get(tidy.to_str()?).copied()
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Encoding;
    use crate::read::SourceText;

    /// A commune's or a province's letter: its header and one sentence of body.
    fn letter(
        path: &str,
        heading: &str,
        place: &str,
        number: &str,
        date: &str,
        body: &str,
    ) -> Document {
        let (d, m, y) = {
            let p: Vec<&str> = date.split('/').collect();
            (p[0], p[1], p[2])
        };
        let text = format!(
            "ỦY BAN NHÂN DÂN\n{heading}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: {number}\n\n{place}, ngày {d} tháng {m} năm {y}\n\nV/v phòng, chống dịch bệnh\n\n{body}\n"
        );
        let src = SourceText {
            path: path.into(),
            text,
            encoding: Encoding::Utf8,
            offset: 0,
        };
        crate::extract_text(&src).remove(0)
    }

    fn corpus(docs: Vec<Document>) -> CitationGraph {
        CitationGraph::build(&Corpus {
            documents: docs,
            skipped: Vec::new(),
        })
    }

    #[test]
    fn a_cycle_of_a_hundred_thousand_documents_is_found_without_recursion() {
        // Each decision implements the one before and the first the last: one cycle as long
        // as the corpus, which a recursive search walks a stack frame a document deep.
        let template = letter(
            "0.txt",
            "TỈNH SƠN LA",
            "Sơn La",
            "2/2021/QĐ-UBND",
            "01/07/2021",
            "Thực hiện Quyết định số 1/2021/QĐ-UBND của Ủy ban nhân dân tỉnh Sơn La.",
        );
        assert_eq!(template.references.len(), 1);
        let n = 100_000;
        let key = |i: usize| DocKey::parse(&format!("{i}/2021/QĐ-UBND")).unwrap();
        let docs = (1..=n)
            .map(|i| {
                let mut d = template.clone();
                d.path = format!("{i}.txt");
                d.number = Some(key(i));
                d.references[0].key = Some(key(if i == 1 { n } else { i - 1 }));
                d
            })
            .collect();
        let g = corpus(docs);
        assert_eq!(g.graph.node_count(), n);
        assert_eq!(g.graph.edge_count(), n);
        let cycles: Vec<usize> = g
            .anomalies
            .iter()
            .filter_map(|a| match a {
                Anomaly::Cycle { ids } => Some(ids.len()),
                _ => None,
            })
            .collect();
        assert_eq!(cycles, [n]);
    }

    #[test]
    fn two_communes_of_one_name_and_number_stay_two_documents() {
        // Neither says its province; their dates differ, so they are two bodies' letters.
        let a = letter(
            "a.txt",
            "XÃ AN TÂY",
            "An Tây",
            "1/UBND-KT",
            "14/04/2022",
            "Kính gửi: các thôn.",
        );
        let b = letter(
            "b.txt",
            "XÃ AN TÂY",
            "An Tây",
            "1/UBND-KT",
            "08/09/2022",
            "Kính gửi: các thôn.",
        );
        let g = corpus(vec![a, b]);
        assert!(g.by_path("a.txt").is_some() && g.by_path("b.txt").is_some());
        assert_ne!(g.by_path("a.txt"), g.by_path("b.txt"));
    }

    /// Two provinces' `4/KH-UBND` of 2021 (Sơn La's of 4 November, Lai Châu's of
    /// `second_day`) and a district letter citing `4/KH-UBND` of 4 November of `UBND tỉnh`.
    fn rank_only_case(second_day: &str) -> CitationGraph {
        let province = |path: &str, heading: &str, place: &str, day: &str| {
            letter(
                path,
                heading,
                place,
                "4/KH-UBND",
                day,
                "Kính gửi: các huyện.",
            )
        };
        let d = letter(
            "d.txt",
            "HUYỆN MAI SƠN",
            "Mai Sơn",
            "1/KH-UBND",
            "09/11/2021",
            "Triển khai Kế hoạch số 4/KH-UBND ngày 04 tháng 11 năm 2021 của UBND tỉnh về phòng, chống dịch bệnh, Ủy ban nhân dân huyện Mai Sơn yêu cầu thực hiện.",
        );
        corpus(vec![
            province("p1.txt", "TỈNH SƠN LA", "Sơn La", "04/11/2021"),
            province("p2.txt", "TỈNH LAI CHÂU", "Lai Châu", second_day),
            d,
        ])
    }

    #[test]
    fn a_province_named_by_rank_only_is_the_one_of_that_day() {
        let g = rank_only_case("20/03/2021");
        let citing = g.by_path("d.txt").unwrap();
        let cited: Vec<NodeIndex> = g.graph.neighbors(citing).collect();
        assert_eq!(cited, vec![g.by_path("p1.txt").unwrap()]);
        assert!(!g
            .anomalies
            .iter()
            .any(|a| matches!(a, Anomaly::AmbiguousReference { .. })));
    }

    #[test]
    fn a_mention_several_documents_fit_is_ambiguous_with_its_candidates() {
        // Same number, same day, two provinces: the text cannot tell which.
        let g = rank_only_case("04/11/2021");
        let citing = g.by_path("d.txt").unwrap();
        let cited: Vec<NodeIndex> = g.graph.neighbors(citing).collect();
        assert_eq!(cited.len(), 1);
        assert!(
            !g.graph[cited[0]].in_corpus,
            "not guessed: a node of its own"
        );
        let amb: Vec<&Anomaly> = g
            .anomalies
            .iter()
            .filter(|a| matches!(a, Anomaly::AmbiguousReference { .. }))
            .collect();
        let [Anomaly::AmbiguousReference {
            id,
            candidates,
            mentions,
        }] = amb.as_slice()
        else {
            panic!("one ambiguous reference expected, got {amb:?}");
        };
        assert_eq!(id, &g.graph[cited[0]].id);
        assert_eq!(*mentions, 1);
        let want: Vec<String> = ["p1.txt", "p2.txt"]
            .iter()
            .map(|p| g.graph[g.by_path(p).unwrap()].id.clone())
            .collect();
        let mut got = candidates.clone();
        got.sort();
        let mut want = want;
        want.sort();
        assert_eq!(got, want);
    }
}
