//! Every mention behind every edge of an index, in the report's order, read in one pass over
//! the references in their stored order.
//!
//! Sorting the joined rows in SQLite by node id, file and sentence took 25 s of the 51 s a
//! report of a million documents took: SQLite looked each mention's reference up by key
//! (random reads through a 1.7 GB file) and sorted 1.45 million rows by long strings. Here the
//! references are scanned once in key order and matched to their edges by a merge; the order
//! is then a sort of integer ranks (node ids and file names ranked once), and the sentences
//! wait in one buffer until they are written.

use super::source::Evidence;
use super::ReportError;
use crate::graph::CitationGraph;
use crate::model::Relation;
use petgraph::graph::NodeIndex;
use rusqlite::Connection;
use std::cmp::Ordering;

/// One mention, its sort key in ranks, its sentence in the buffer.
struct Mention {
    citing: u32,
    cited: u32,
    relation: Relation,
    doc: u32,
    line: u32,
    column: u32,
    sentence: (usize, usize),
}

/// Ranks of `0..n` when ordered by `cmp`: `rank[i]` is `i`'s place.
fn ranks(n: usize, cmp: impl Fn(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    let mut rank = vec![0u32; n];
    for (place, i) in order.into_iter().enumerate() {
        rank[i] = place as u32;
    }
    rank
}

/// Each edge row's (id, citing, cited, relation) by id, ends as graph places.
fn edges(conn: &Connection, rows: &[i64]) -> Result<Vec<(i64, u32, u32, Relation)>, ReportError> {
    let mut stmt = conn.prepare("SELECT id, citing, cited, relation FROM edges ORDER BY id")?;
    let mut q = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        let (a, b, rel): (i64, i64, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
        if let (Ok(a), Ok(b), Some(relation)) = (
            rows.binary_search(&a),
            rows.binary_search(&b),
            Relation::parse(&rel),
        ) {
            out.push((r.get(0)?, a as u32, b as u32, relation));
        }
    }
    Ok(out)
}

/// Each document row's id and how a user names it by file (`PATH`, or `PATH#N` for one of
/// several documents in a file, as `Document::address` does), by id.
fn documents(conn: &Connection) -> Result<Vec<(i64, String)>, ReportError> {
    let mut stmt = conn.prepare("SELECT id, path, part, parts FROM documents ORDER BY id")?;
    let mut q = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        let (path, part, parts): (String, i64, i64) = (r.get(1)?, r.get(2)?, r.get(3)?);
        let address = if parts > 1 {
            format!("{path}#{part}")
        } else {
            path
        };
        out.push((r.get(0)?, address));
    }
    Ok(out)
}

/// Reads every mention with its sentence, matched to its edge and document.
fn mentions(
    conn: &Connection,
    edges: &[(i64, u32, u32, Relation)],
    docs: &[(i64, String)],
    buffer: &mut String,
) -> Result<Vec<Mention>, ReportError> {
    let mut sources: Vec<(i64, i64, i64)> = conn
        .prepare("SELECT doc, ord, edge FROM edge_sources")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    sources.sort_unstable();
    // References come in key order (doc, ord): a merge with the sorted sources.
    let mut stmt =
        conn.prepare("SELECT doc, ord, line, col, sentence FROM refs ORDER BY doc, ord")?;
    let mut q = stmt.query([])?;
    let (mut at, mut out) = (0usize, Vec::with_capacity(sources.len()));
    while let Some(r) = q.next()? {
        let key: (i64, i64) = (r.get(0)?, r.get(1)?);
        while sources.get(at).is_some_and(|s| (s.0, s.1) < key) {
            at += 1;
        }
        // The sentence is buffered once, however many edges the reference stands behind.
        let mut sentence = None;
        while let Some(&(_, _, edge)) = sources.get(at).filter(|s| (s.0, s.1) == key) {
            at += 1;
            let (Ok(e), Ok(d)) = (
                edges.binary_search_by_key(&edge, |e| e.0),
                docs.binary_search_by_key(&key.0, |d| d.0),
            ) else {
                continue;
            };
            let span = match sentence {
                Some(span) => span,
                None => {
                    let start = buffer.len();
                    buffer.push_str(&r.get::<_, Option<String>>(4)?.unwrap_or_default());
                    *sentence.insert((start, buffer.len()))
                }
            };
            out.push(Mention {
                citing: edges[e].1,
                cited: edges[e].2,
                relation: edges[e].3,
                doc: d as u32,
                line: r.get::<_, Option<i64>>(2)?.unwrap_or(0) as u32,
                column: r.get::<_, Option<i64>>(3)?.unwrap_or(0) as u32,
                sentence: span,
            });
        }
    }
    Ok(out)
}

/// Hands every mention to `f` ordered by citing id, cited id, relation, file, line, column
/// and sentence: the order of the report from files.
pub fn evidence(
    conn: &Connection,
    g: &CitationGraph,
    rows: &[i64],
    f: &mut dyn FnMut(Evidence) -> Result<(), ReportError>,
) -> Result<(), ReportError> {
    let edges = edges(conn, rows)?;
    let docs = documents(conn)?;
    let mut buffer = String::new();
    let mut list = mentions(conn, &edges, &docs, &mut buffer)?;
    drop(edges);
    let node = |i: usize| &g.graph[NodeIndex::new(i)].id;
    let node_rank = ranks(g.graph.node_count(), |a, b| node(a).cmp(node(b)));
    let doc_rank = ranks(docs.len(), |a, b| docs[a].1.cmp(&docs[b].1));
    let text = |m: &Mention| &buffer[m.sentence.0..m.sentence.1];
    list.sort_unstable_by(|a, b| {
        let key = |m: &Mention| {
            (
                node_rank[m.citing as usize],
                node_rank[m.cited as usize],
                m.relation.as_str(),
                doc_rank[m.doc as usize],
                m.line,
                m.column,
            )
        };
        key(a).cmp(&key(b)).then_with(|| text(a).cmp(text(b)))
    });
    for m in &list {
        f(Evidence {
            citing: NodeIndex::new(m.citing as usize),
            cited: NodeIndex::new(m.cited as usize),
            relation: m.relation,
            path: docs[m.doc as usize].1.clone(),
            line: m.line as usize,
            sentence: text(m).to_string(),
        })?;
    }
    Ok(())
}
