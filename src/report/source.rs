//! Where a report's facts come from: a corpus read in memory with its graph, or an index read
//! row by row. Both hand the documents over in path order and the evidence in one canonical
//! order, so one corpus gives one report however it was read.

use super::ReportError;
use crate::graph::{CitationGraph, EdgeSource};
use crate::model::{DocKind, Document, Level, PartialDate, Relation, Skipped};
use crate::present::display_name;
use crate::Corpus;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::HashSet;
use std::path::PathBuf;

/// One document as the report lists it.
#[derive(Debug, Clone, Default)]
pub struct DocRow {
    /// File it was read from.
    pub path: String,
    /// Its place among the documents of its file (1-based).
    pub part: usize,
    /// Its own number as written in a key (`1068/CĐ-TTg`), none when unnumbered.
    pub number: Option<String>,
    /// Its own symbol (kept when the number is blank).
    pub symbol: Option<String>,
    /// Kind.
    pub kind: Option<DocKind>,
    /// Date of issue.
    pub date: Option<PartialDate>,
    /// Issuer's name.
    pub issuer: Option<String>,
    /// Issuer's level.
    pub level: Option<Level>,
    /// Issuer's province (canonical spelling).
    pub province: Option<String>,
    /// Subject line or title.
    pub subject: Option<String>,
    /// References it makes.
    pub references: usize,
}

impl DocRow {
    /// The identity fields it lacks: `number`, `date`, `issuer`.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.number.is_none() {
            v.push("number");
        }
        if self.date.is_none() {
            v.push("date");
        }
        if self.issuer.is_none() {
            v.push("issuer");
        }
        v
    }

    /// The row of a document read.
    pub fn of(d: &Document) -> DocRow {
        DocRow {
            path: d.path.clone(),
            part: d.span.part,
            // As the document writes it, as the index stores it (`05/KH-UBND`).
            number: d.number.as_ref().map(crate::model::DocKey::written),
            symbol: d.symbol.clone(),
            kind: d.kind,
            date: d.date,
            issuer: d.issuer.as_ref().map(|i| i.name.clone()),
            level: d.issuer.as_ref().and_then(|i| i.level),
            province: super::analysis::province_of(d.issuer.as_deref()),
            subject: d.subject.clone(),
            references: d.references.len(),
        }
    }
}

/// One mention behind an edge, as the evidence table lists it.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The citing document.
    pub citing: NodeIndex,
    /// The cited document.
    pub cited: NodeIndex,
    /// The edge's relation.
    pub relation: Relation,
    /// File of the citing text.
    pub path: String,
    /// Line of the mention.
    pub line: usize,
    /// The sentence it stands in.
    pub sentence: String,
}

/// What a report is made from.
pub trait Source {
    /// The graph: every node and edge (an edge's sources may be left out: the evidence
    /// comes from [`Source::evidence`]).
    fn graph(&self) -> &CitationGraph;
    /// Every document, in (path, part) order.
    fn documents(
        &self,
        f: &mut dyn FnMut(DocRow) -> Result<(), ReportError>,
    ) -> Result<(), ReportError>;
    /// Files passed over, in path order.
    fn skipped(&self) -> Result<Vec<Skipped>, ReportError>;
    /// Every mention behind every edge, ordered by citing id, cited id, relation, file, line,
    /// column and sentence.
    fn evidence(
        &self,
        f: &mut dyn FnMut(Evidence) -> Result<(), ReportError>,
    ) -> Result<(), ReportError>;
    /// The subject of a document read (the graph may leave it out).
    fn subject(&self, n: NodeIndex) -> Result<Option<String>, ReportError>;
    /// The first of `targets` that is an input file (a report is never written over one).
    fn input_among(&self, targets: &[PathBuf]) -> Result<Option<PathBuf>, ReportError>;
}

/// A corpus read in memory and its graph.
pub struct InMemory<'a> {
    /// The documents and skipped files.
    pub corpus: &'a Corpus,
    /// Their graph, with sources.
    pub graph: &'a CitationGraph,
}

impl Source for InMemory<'_> {
    fn graph(&self) -> &CitationGraph {
        self.graph
    }

    fn documents(
        &self,
        f: &mut dyn FnMut(DocRow) -> Result<(), ReportError>,
    ) -> Result<(), ReportError> {
        // By path, not in the order the files were named: one corpus gives one report.
        let mut docs: Vec<&Document> = self.corpus.documents.iter().collect();
        docs.sort_by(|a, b| a.path.cmp(&b.path).then(a.span.part.cmp(&b.span.part)));
        for d in docs {
            f(DocRow::of(d))?;
        }
        Ok(())
    }

    fn skipped(&self) -> Result<Vec<Skipped>, ReportError> {
        let mut v = self.corpus.skipped.clone();
        v.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(v)
    }

    fn evidence(
        &self,
        f: &mut dyn FnMut(Evidence) -> Result<(), ReportError>,
    ) -> Result<(), ReportError> {
        let g = self.graph;
        type Row<'g> = (NodeIndex, NodeIndex, Relation, &'g EdgeSource);
        let mut rows: Vec<Row> = g
            .graph
            .edge_references()
            .flat_map(|e| {
                e.weight()
                    .sources
                    .iter()
                    .map(move |s| (e.source(), e.target(), e.weight().relation, s))
            })
            .collect();
        type Key<'g> = (
            &'g str,
            &'g str,
            &'static str,
            &'g str,
            usize,
            usize,
            &'g str,
        );
        fn key<'g>(g: &'g CitationGraph, r: &Row<'g>) -> Key<'g> {
            (
                g.graph[r.0].id.as_str(),
                g.graph[r.1].id.as_str(),
                r.2.as_str(),
                r.3.path.as_str(),
                r.3.line,
                r.3.column,
                r.3.sentence.as_str(),
            )
        }
        rows.sort_by(|a, b| key(g, a).cmp(&key(g, b)));
        for (citing, cited, relation, s) in rows {
            f(Evidence {
                citing,
                cited,
                relation,
                path: s.path.clone(),
                line: s.line,
                sentence: s.sentence.clone(),
            })?;
        }
        Ok(())
    }

    fn subject(&self, n: NodeIndex) -> Result<Option<String>, ReportError> {
        Ok(self.graph.graph[n].subject.clone())
    }

    fn input_among(&self, targets: &[PathBuf]) -> Result<Option<PathBuf>, ReportError> {
        let existing: Vec<(PathBuf, &PathBuf)> = targets
            .iter()
            .filter_map(|t| std::fs::canonicalize(t).ok().map(|c| (c, t)))
            .collect();
        if existing.is_empty() {
            return Ok(None);
        }
        let inputs: HashSet<PathBuf> = self
            .corpus
            .documents
            .iter()
            .filter_map(|d| std::fs::canonicalize(&d.path).ok())
            .collect();
        Ok(existing
            .into_iter()
            .find(|(c, _)| inputs.contains(c))
            .map(|(_, t)| t.clone()))
    }
}

/// The name a node is listed under, for tables.
pub fn name(g: &CitationGraph, n: NodeIndex) -> String {
    display_name(&g.graph[n])
}
