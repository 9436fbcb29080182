//! A report's facts read from an index row by row.
//!
//! The index's own loaders (`Index::corpus`, `Index::whole_graph`) hold every document with
//! its references and every edge with its sentences at once: 4.7 GB for a million documents.
//! A report needs the graph's shape and the nodes' identities in memory, and everything else
//! only once, in order, to count it or write it to a CSV file: this reader streams the
//! documents and the evidence from SQLite and keeps only the graph. It reads the tables of
//! index schema version 3 (a test fails when the schema's version changes, to bring this
//! reader along).

use super::source::{DocRow, Evidence, Source};
use super::ReportError;
use crate::graph::{Anomaly, CitationGraph, Edge, Node};
use crate::index::{kind_named, level_named, opt_date, Cols, Index};
use crate::model::DocKey;
use crate::model::{Issuer, Relation, Skipped};
use petgraph::graph::NodeIndex;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The index schema version this reader knows.
pub const KNOWN_SCHEMA: &str = "3";

/// An index opened for a report: its graph in memory, the rest read when asked for.
pub struct IndexSource {
    conn: Connection,
    graph: CitationGraph,
    /// Node row ids, ascending; a node's place here is its `NodeIndex`.
    rows: Vec<i64>,
}

impl IndexSource {
    /// Opens the index at `path` (checked by [`Index::open`]: an index of this version) and
    /// loads its graph without the sentences.
    pub fn open(path: &Path) -> Result<IndexSource, ReportError> {
        drop(Index::open(path)?);
        let conn = crate::index::open_read_only(path)?;
        let (nodes, rows) = load_nodes(&conn)?;
        let edges = load_edges(&conn, &rows)?;
        let anomalies = load_anomalies(&conn)?;
        Ok(IndexSource {
            conn,
            graph: CitationGraph::from_parts(nodes, edges, anomalies),
            rows,
        })
    }
}

/// Every node in row order: what the report shows of it (no subject; the file only where it
/// names an unnumbered document).
fn load_nodes(conn: &Connection) -> Result<(Vec<Node>, Vec<i64>), ReportError> {
    let mut stmt = conn.prepare(
        "SELECT id, node_id, key, title, kind, date, issuer_name, level, locality, province, in_corpus, path FROM nodes ORDER BY id",
    )?;
    let c = Cols::of(&stmt);
    let mut rows = stmt.query([])?;
    let (mut nodes, mut ids) = (Vec::new(), Vec::new());
    while let Some(r) = rows.next()? {
        let key = r
            .get::<_, Option<String>>(2)?
            .and_then(|k| DocKey::parse(&k).ok());
        let title: Option<String> = r.get(c.at("title")?)?;
        let issuer = r
            .get::<_, Option<String>>("issuer_name")?
            .map(|name| Issuer {
                name,
                body: String::new(),
                code: None,
                level: None,
                locality: None,
                province: None,
            });
        let issuer = match issuer {
            Some(mut i) => {
                i.level = level_named(r.get::<_, Option<String>>(c.at("level")?)?.as_deref());
                i.locality = r.get(c.at("locality")?)?;
                i.province = r.get(c.at("province")?)?;
                Some(i)
            }
            None => None,
        };
        let path = if key.is_none() && title.is_none() {
            r.get(c.at("path")?)?
        } else {
            None
        };
        ids.push(r.get::<_, i64>(c.at("id")?)?);
        nodes.push(Node {
            id: r.get(c.at("node_id")?)?,
            key,
            title,
            kind: kind_named(r.get(c.at("kind")?)?),
            date: opt_date(r.get(c.at("date")?)?),
            issuer,
            in_corpus: r.get::<_, i64>(c.at("in_corpus")?)? != 0,
            path,
            subject: None,
        });
    }
    Ok((nodes, ids))
}

/// Every edge, without its sources.
fn load_edges(conn: &Connection, rows: &[i64]) -> Result<Vec<(usize, usize, Edge)>, ReportError> {
    let mut stmt = conn.prepare("SELECT citing, cited, relation FROM edges ORDER BY id")?;
    let c = Cols::of(&stmt);
    let mut q = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        let (a, b, rel): (i64, i64, String) = (
            r.get(c.at("citing")?)?,
            r.get(c.at("cited")?)?,
            r.get(c.at("relation")?)?,
        );
        let (Ok(a), Ok(b), Some(relation)) = (
            rows.binary_search(&a),
            rows.binary_search(&b),
            Relation::parse(&rel),
        ) else {
            continue;
        };
        out.push((
            a,
            b,
            Edge {
                relation,
                sources: Vec::new(),
                refs: Vec::new(),
            },
        ));
    }
    Ok(out)
}

fn load_anomalies(conn: &Connection) -> Result<Vec<Anomaly>, ReportError> {
    let mut stmt = conn.prepare("SELECT detail FROM anomalies ORDER BY rowid")?;
    let mut out = Vec::new();
    for d in stmt.query_map([], |r| r.get::<_, String>(0))? {
        // An anomaly of a kind this build does not know is passed over, as the index does.
        if let Ok(a) = serde_json::from_str::<Anomaly>(&d?) {
            out.push(a);
        }
    }
    Ok(out)
}

impl Source for IndexSource {
    fn graph(&self) -> &CitationGraph {
        &self.graph
    }

    fn documents(
        &self,
        f: &mut dyn FnMut(DocRow) -> Result<(), ReportError>,
    ) -> Result<(), ReportError> {
        let mut stmt = self.conn.prepare(
            "SELECT d.path, d.part, d.number, d.symbol, d.kind, d.date, d.issuer_name, d.level, d.province, d.subject, (SELECT count(*) FROM refs r WHERE r.doc = d.id) AS refs FROM documents d ORDER BY d.path, d.part",
        )?;
        let c = Cols::of(&stmt);
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let province: Option<String> = r.get(c.at("province")?)?;
            f(DocRow {
                path: r.get(c.at("path")?)?,
                part: r.get::<_, i64>(c.at("part")?)? as usize,
                number: r
                    .get::<_, Option<String>>(2)?
                    .and_then(|k| DocKey::parse(&k).ok())
                    .map(|k| k.written()),
                symbol: r.get(c.at("symbol")?)?,
                kind: kind_named(r.get(c.at("kind")?)?),
                date: opt_date(r.get(c.at("date")?)?),
                issuer: r.get(c.at("issuer_name")?)?,
                level: level_named(r.get::<_, Option<String>>(c.at("level")?)?.as_deref()),
                province: province.map(|p| {
                    crate::gazetteer::province_named(&p)
                        .map(str::to_string)
                        .unwrap_or(p)
                }),
                subject: r.get(c.at("subject")?)?,
                references: r.get::<_, i64>(c.at("refs")?)? as usize,
            })?;
        }
        Ok(())
    }

    fn skipped(&self) -> Result<Vec<Skipped>, ReportError> {
        let mut stmt = self.conn.prepare(
            "SELECT path, reason, category FROM files WHERE status = 'skipped' ORDER BY path",
        )?;
        let v = stmt
            .query_map([], |r| {
                Ok(Skipped {
                    path: r.get("path")?,
                    reason: r.get::<_, Option<String>>("reason")?.unwrap_or_default(),
                    category: r.get("category")?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    fn evidence(
        &self,
        f: &mut dyn FnMut(Evidence) -> Result<(), ReportError>,
    ) -> Result<(), ReportError> {
        super::index_evidence::evidence(&self.conn, &self.graph, &self.rows, f)
    }

    fn subject(&self, n: NodeIndex) -> Result<Option<String>, ReportError> {
        let Some(&row) = self.rows.get(n.index()) else {
            return Ok(None);
        };
        Ok(self
            .conn
            .query_row("SELECT subject FROM nodes WHERE id = ?1", [row], |r| {
                r.get(0)
            })?)
    }

    fn input_among(&self, targets: &[PathBuf]) -> Result<Option<PathBuf>, ReportError> {
        let mut stmt = self
            .conn
            .prepare("SELECT EXISTS(SELECT 1 FROM files f WHERE (f.canonical = ?1 OR f.path = ?2) AND EXISTS(SELECT 1 FROM documents d WHERE d.file = f.id))")?;
        for t in targets {
            let Ok(c) = std::fs::canonicalize(t) else {
                continue;
            };
            let hit: bool = stmt.query_row(
                [crate::read::path_name(&c), crate::read::path_name(t)],
                |r| r.get(0),
            )?;
            if hit {
                return Ok(Some(t.clone()));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn this_reader_knows_the_schema_the_index_writes() {
        // When this fails, the index's tables changed: bring the SQL above along, then the version.
        assert_eq!(crate::index::SCHEMA_VERSION, super::KNOWN_SCHEMA);
    }
}
