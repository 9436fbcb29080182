//! The citation graph: one node per document (read or only referenced), one edge per
//! (citing, cited, relation) with every sentence behind it.
//!
//! Identity (issue: "same document"): same canonical key, compatible year, and — for issuer
//! codes that name no single body (`UBND`, `HĐND`, `TU`, `HU`) — the same level and locality.
//! A mention that leaves the year or locality unsaid joins the one node it can be; when it
//! could be several, it stays a node of its own rather than merge two documents.
//!
//! This module is the graph as built; `build` builds it from documents, deciding which
//! mentions are one document by the rules of `identity` (`docs/identity.md`).

mod build;
mod compact;
mod identity;
mod resolved;

pub use build::{GraphBuilder, Lookups};
pub use resolved::{Resolved, ResolvedEdge};

use crate::model::DocKey;
use crate::model::{DocKind, Issuer, Level, PartialDate, Relation};
use crate::Corpus;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::Serialize;
use std::collections::HashMap;

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
    use crate::model::Document;
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
