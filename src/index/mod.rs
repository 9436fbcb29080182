//! The corpus index: a SQLite file holding every document, reference and the resolved graph, so
//! queries never re-read the corpus and analysts can open it with sqlite3, Datasette or pandas.
//!
//! Re-indexing re-reads only files whose size or modification time changed (and whose content
//! hash then differs), then rebuilds the graph tables from the stored documents, streaming them
//! through [`crate::graph::GraphBuilder`] so memory does not grow with the corpus's bytes.
//!
//! `schema` says what the file holds, `update` walks the corpus and writes it, and the
//! rows read back are named in `rows`; this module opens an index and answers from it.

mod rows;
pub(crate) use rows::{kind_named, level_named, opt_date, Cols};
mod schema;
mod update;

pub(crate) use schema::open_read_only;
pub use schema::SCHEMA_VERSION;

use crate::graph::{Anomaly, CitationGraph, Edge, EdgeSource};
use crate::model::{Relation, SkipReason, Skipped};
use crate::read;
use crate::Corpus;
use petgraph::Direction;
use rows::{mtime_ns, stream_documents, EdgeRow, EdgeSourceRow, FileRow, NodeRow};
use rusqlite::Connection;
use schema::{built_at, old_version, schema_of, stored_roots};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Why the index could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// SQLite failed.
    #[error("index: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file system failed.
    #[error("index: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not a vncite index of this version.
    #[error("{0}")]
    Format(String),
    /// What the update was given would lose documents or names nothing: nothing was changed.
    #[error("{0}")]
    Refused(String),
}

/// What an update starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Start {
    /// The index at the output, when there is one of this version: only what changed is read.
    #[default]
    Existing,
    /// A new index written over the one at the output (of any version), from the paths alone.
    Fresh,
}

/// Whether an update may remove most of an index: files gone from the roots it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Removal {
    /// Files gone are removed, unless they are most of the index (a wrong or unmounted
    /// folder looks the same as a deleted corpus): then the update is refused.
    #[default]
    Guarded,
    /// Files gone are removed however many they are.
    Allowed,
}

type Result<T> = std::result::Result<T, IndexError>;

/// Files the index holds as skipped for one reason: how many, and the first few by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedGroup {
    /// Why they were passed over.
    pub category: SkipReason,
    /// How many files.
    pub count: usize,
    /// The first files of the category, by path.
    pub first: Vec<String>,
}

/// Files named in each group of [`UpdateStats::skipped_groups`].
const SKIPPED_NAMED: usize = 5;

/// What an update did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateStats {
    /// Files found under the given paths.
    pub files: usize,
    /// Files read and extracted again (new or changed).
    pub read: usize,
    /// Files whose size and time, or content hash, had not changed.
    pub unchanged: usize,
    /// Files gone since the last run, removed from the index.
    pub removed: usize,
    /// Documents in the index after the update.
    pub documents: usize,
    /// Files skipped (listed in `files` with their reason).
    pub skipped: usize,
    /// Documents in the index lacking a number, a date or an issuer.
    pub missing: crate::model::MissingCounts,
    /// Mentions that several documents fit, kept apart (see the `ambiguous_reference` anomalies).
    pub ambiguous: usize,
    /// The skipped files by category, in category order.
    pub skipped_groups: Vec<SkippedGroup>,
    /// Temporary files an interrupted run had left beside the index, removed.
    pub stale_removed: Vec<PathBuf>,
}

/// What changed on disk since an index was last updated, found from each file's size and
/// modification time (nothing is read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// When the index was last updated, in seconds since 1970 (UTC).
    pub built: Option<i64>,
    /// Files whose size or modification time differ from what the index recorded.
    pub changed: Vec<String>,
    /// Files under the roots that the index does not hold.
    pub added: Vec<String>,
    /// Files the index holds that are gone.
    pub removed: Vec<String>,
}

/// Whether a graph read from the index carries the mentions behind its edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// Every edge with its mentions (file, line, sentence): cards, JSON, exports.
    With,
    /// Edges without their mentions: trees, lists, CSV and chains print no sentence, and
    /// reading the mentions was most of a large walk's time (16,000 descendants of a law in a
    /// million-document index).
    Without,
}

/// An open index.
pub struct Index {
    conn: Connection,
    path: PathBuf,
}

impl Index {
    /// The index file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens an existing index for queries.
    pub fn open(path: &Path) -> Result<Index> {
        if path.is_dir() {
            return Err(IndexError::Format(format!(
                "{} is a folder; --index takes the file `vncite index PATH... -o FILE` wrote",
                path.display()
            )));
        }
        if !path.is_file() {
            return Err(IndexError::Format(format!(
                "no index at {}; make one with `vncite index PATH... -o {}`",
                path.display(),
                path.display()
            )));
        }
        let conn = schema::open_read_only(path)?;
        match schema_of(&conn)? {
            Some(v) if v == SCHEMA_VERSION => Ok(Index {
                conn,
                path: path.to_path_buf(),
            }),
            Some(v) => Err(IndexError::Format(old_version(path, &v))),
            None => Err(IndexError::Format(format!(
                "{} is not a vncite index",
                path.display()
            ))),
        }
    }

    /// When the index was last updated, in seconds since 1970 (UTC): as it recorded, or, for
    /// an index written before it recorded that, its file's modification time.
    pub fn built(&self) -> Option<i64> {
        built_at(&self.conn, &self.path)
    }

    /// What changed on disk since the index was last updated, without reading any file: each
    /// file it holds is compared by size and modification time, and the folders it was made
    /// from (or `roots`, when given) are walked for files it does not hold.
    pub fn status(&self, roots: &[PathBuf]) -> Result<Status> {
        let mut st = Status {
            built: self.built(),
            ..Status::default()
        };
        let mut held: HashSet<String> = HashSet::new();
        let mut stmt = self.conn.prepare(FileRow::SELECT)?;
        let cols = Cols::of(&stmt);
        for row in stmt.query_map([], |r| FileRow::read(r, &cols))? {
            let FileRow {
                path,
                canonical,
                size,
                mtime,
                ..
            } = row?;
            // The name as recorded is relative to where the index was made; the canonical
            // path finds the file from anywhere.
            let at = read::path_from_name(canonical.as_deref().unwrap_or(&path));
            match std::fs::metadata(at) {
                Err(_) => st.removed.push(path.clone()),
                Ok(m) => {
                    let differs = match (size, mtime) {
                        (Some(s), Some(t)) if s >= 0 => m.len() as i64 != s || mtime_ns(&m) != t,
                        _ => false,
                    };
                    if differs {
                        st.changed.push(path.clone());
                    }
                }
            }
            held.insert(path);
            if let Some(c) = canonical {
                held.insert(c);
            }
        }
        let roots: Vec<PathBuf> = if roots.is_empty() {
            // As given when that names the same folder from here (the files' names are then
            // the index's), else by the absolute path.
            self.roots()?
                .into_iter()
                .map(|(given, real)| {
                    let given = read::path_from_name(&given);
                    let real = read::path_from_name(&real);
                    match std::fs::canonicalize(&given) {
                        Ok(c) if c == real => given,
                        _ => real,
                    }
                })
                .filter(|p| p.exists())
                .collect()
        } else {
            roots.to_vec()
        };
        let inputs = read::collect(&roots);
        for p in inputs.files {
            let name = read::path_name(&p);
            if held.contains(&name) {
                continue;
            }
            let canonical = std::fs::canonicalize(&p).ok().map(|c| read::path_name(&c));
            if canonical.is_some_and(|c| held.contains(&c)) {
                continue;
            }
            st.added.push(name);
        }
        st.added.sort();
        Ok(st)
    }

    /// The folders and files the index was made from: as given, and as absolute paths.
    fn roots(&self) -> Result<Vec<(String, String)>> {
        stored_roots(&self.conn)
    }

    /// Every node and edge, with sources: the whole graph (for reports and full diagrams).
    pub fn whole_graph(&self) -> Result<CitationGraph> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM nodes ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let set: BTreeSet<i64> = ids.into_iter().collect();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {} FROM edges ORDER BY id",
            EdgeRow::COLUMNS
        ))?;
        let cols = Cols::of(&stmt);
        let edges: Vec<EdgeRow> = stmt
            .query_map([], |r| EdgeRow::read(r, &cols))?
            .collect::<std::result::Result<_, _>>()?;
        self.assemble(&set, edges, Evidence::With)
    }

    /// The documents reached from `root` by walking `dir` (citers for descendants), as a graph.
    pub fn walk(
        &self,
        root: i64,
        dirs: &[Direction],
        relations: &[Relation],
        depth: Option<usize>,
        evidence: Evidence,
    ) -> Result<CitationGraph> {
        let mut seen: BTreeSet<i64> = BTreeSet::from([root]);
        let mut edges: HashMap<i64, EdgeRow> = HashMap::new();
        for &dir in dirs {
            let mut frontier = vec![root];
            let mut level = 0;
            let mut visited: HashSet<i64> = HashSet::from([root]);
            while !frontier.is_empty() && depth.is_none_or(|d| level < d) {
                let mut next = Vec::new();
                let col = if dir == Direction::Incoming {
                    "cited"
                } else {
                    "citing"
                };
                let sql = format!(
                    "SELECT {} FROM edges WHERE {col} IN ({{ids}})",
                    EdgeRow::COLUMNS
                );
                for e in self.query_ids(&sql, &frontier, EdgeRow::read)? {
                    if !relations.is_empty()
                        && !Relation::parse(&e.relation).is_some_and(|r| relations.contains(&r))
                    {
                        continue;
                    }
                    let other = if dir == Direction::Incoming {
                        e.citing
                    } else {
                        e.cited
                    };
                    edges.insert(e.id, e);
                    seen.insert(other);
                    if visited.insert(other) {
                        next.push(other);
                    }
                }
                frontier = next;
                level += 1;
            }
        }
        let mut edges: Vec<EdgeRow> = edges.into_values().collect();
        edges.sort();
        self.assemble(&seen, edges, evidence)
    }

    /// How many documents a walk from `root` along `dir` reaches at any depth (not the root),
    /// from the edges alone: a tree shown to some depth says how many it leaves out without
    /// loading them.
    pub fn reach_count(&self, root: i64, dir: Direction, relations: &[Relation]) -> Result<usize> {
        let (from, to) = if dir == Direction::Incoming {
            ("cited", "citing")
        } else {
            ("citing", "cited")
        };
        let sql = format!("SELECT {to} AS other, relation FROM edges WHERE {from} IN ({{ids}})");
        let mut seen: HashSet<i64> = HashSet::from([root]);
        let mut frontier = vec![root];
        while !frontier.is_empty() {
            let rows = self.query_ids(&sql, &frontier, |r, c| {
                Ok((
                    r.get::<_, i64>(c.at("other")?)?,
                    r.get::<_, String>(c.at("relation")?)?,
                ))
            })?;
            frontier = rows
                .into_iter()
                .filter(|(_, rel)| {
                    relations.is_empty()
                        || Relation::parse(rel).is_some_and(|r| relations.contains(&r))
                })
                .filter_map(|(n, _)| seen.insert(n).then_some(n))
                .collect();
        }
        Ok(seen.len() - 1)
    }

    /// Runs `sql`, whose `{ids}` stands for a list of row ids, over `ids` in chunks SQLite takes.
    fn query_ids<T>(
        &self,
        sql: &str,
        ids: &[i64],
        mut f: impl FnMut(&rusqlite::Row, &Cols) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let list = chunk
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",");
            let mut stmt = self.conn.prepare(&sql.replace("{ids}", &list))?;
            let cols = Cols::of(&stmt);
            let rows = stmt.query_map([], |r| f(r, &cols))?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }

    fn assemble(
        &self,
        ids: &BTreeSet<i64>,
        edges: Vec<EdgeRow>,
        evidence: Evidence,
    ) -> Result<CitationGraph> {
        let ids: Vec<i64> = ids.iter().copied().collect();
        let mut nodes: Vec<NodeRow> =
            self.query_ids(&NodeRow::select_ids(), &ids, NodeRow::read)?;
        nodes.sort_by_key(|n| n.id);
        let pos: HashMap<i64, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
        let mut sources: HashMap<i64, Vec<EdgeSource>> = HashMap::new();
        if evidence == Evidence::With {
            let edge_ids: Vec<i64> = edges.iter().map(|e| e.id).collect();
            for row in self.query_ids(EdgeSourceRow::SELECT_IDS, &edge_ids, EdgeSourceRow::read)? {
                sources.entry(row.edge).or_default().push(row.source);
            }
        }
        let mut out_edges = Vec::with_capacity(edges.len());
        for e in edges {
            let (Some(&a), Some(&b), Some(relation)) = (
                pos.get(&e.citing),
                pos.get(&e.cited),
                Relation::parse(&e.relation),
            ) else {
                continue;
            };
            let mut s = sources.remove(&e.id).unwrap_or_default();
            s.sort();
            out_edges.push((
                a,
                b,
                Edge {
                    relation,
                    sources: s,
                    refs: Vec::new(),
                },
            ));
        }
        let anomalies = self.anomalies()?;
        Ok(CitationGraph::from_parts(
            nodes.into_iter().map(|n| n.node).collect(),
            out_edges,
            anomalies,
        ))
    }

    fn anomalies(&self) -> Result<Vec<Anomaly>> {
        stored_anomalies(&self.conn)
    }

    /// Finds the node row a user names: by id, file path, key in any spelling, number alone;
    /// as [`crate::query::lookup`] finds it in a graph.
    pub fn lookup(&self, q: &str) -> Result<crate::query::Lookup<i64>> {
        use crate::query::Lookup;
        let (mut rows, close) = self.lookup_rows(q)?;
        Ok(match rows.len() {
            0 => Lookup::Unknown(close),
            1 => Lookup::Found(rows.remove(0)),
            _ => Lookup::Ambiguous(rows),
        })
    }

    /// The node rows `q` names, or none and the closest node ids.
    fn lookup_rows(&self, q: &str) -> Result<(Vec<i64>, Vec<String>)> {
        let q = q.trim();
        let one = |sql: &str, p: &dyn rusqlite::ToSql| -> Result<Vec<i64>> {
            let mut stmt = self.conn.prepare(sql)?;
            let v = stmt
                .query_map([p], |r| r.get(0))?
                .collect::<std::result::Result<Vec<i64>, _>>()?;
            Ok(v)
        };
        let by_id = one("SELECT id FROM nodes WHERE node_id = ?1", &q)?;
        if !by_id.is_empty() {
            return Ok((by_id, Vec::new()));
        }
        let mut by_path = one("SELECT id FROM nodes WHERE path = ?1", &q)?;
        let tidy = read::tidy_path(Path::new(q)).to_string_lossy().into_owned();
        if by_path.is_empty() && tidy != q {
            // `./seeds/a.txt` is recorded as `seeds/a.txt`.
            by_path = one("SELECT id FROM nodes WHERE path = ?1", &tidy)?;
        }
        if !by_path.is_empty() {
            return Ok((by_path, Vec::new()));
        }
        // A file read as a copy of another names the node the copies became.
        for a in self.anomalies()? {
            if let Anomaly::DuplicateDocument { id, paths } = a {
                if paths.iter().any(|p| p == q) {
                    return Ok((
                        one("SELECT id FROM nodes WHERE node_id = ?1", &id)?,
                        Vec::new(),
                    ));
                }
            }
        }
        if let Ok(c) = std::fs::canonicalize(q) {
            let canon = c.to_string_lossy().into_owned();
            let v = one(
                "SELECT n.id FROM nodes n JOIN files f ON f.path = n.path WHERE f.canonical = ?1",
                &canon,
            )?;
            if !v.is_empty() {
                return Ok((v, Vec::new()));
            }
        }
        let found = if let Some(k) = crate::query::parse_key(q) {
            one(
                "SELECT id FROM nodes WHERE key = ?1 ORDER BY id",
                &k.to_string(),
            )?
        } else if let Ok(n) = q.parse::<i64>() {
            one("SELECT id FROM nodes WHERE number = ?1 ORDER BY id", &n)?
        } else {
            Vec::new()
        };
        if !found.is_empty() {
            return Ok((found, Vec::new()));
        }
        // Nothing: the closest keys among a few thousand candidates.
        let num: Option<i64> = q
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .ok();
        // The same number first; else numbers near it (a digit mistyped); else any.
        let ids = |sql: &str, params: &[i64]| -> Result<Vec<String>> {
            let mut stmt = self.conn.prepare(sql)?;
            let v = stmt
                .query_map(rusqlite::params_from_iter(params), |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            Ok(v)
        };
        let mut names: Vec<String> = Vec::new();
        if let Some(n) = num {
            names = ids(
                "SELECT node_id FROM nodes WHERE number = ?1 LIMIT 5000",
                &[n],
            )?;
            if names.is_empty() {
                names = ids(
                    "SELECT node_id FROM nodes WHERE number BETWEEN ?1 - 100 AND ?1 + 100 LIMIT 5000",
                    &[n],
                )?;
            }
        }
        if names.is_empty() {
            names = ids("SELECT node_id FROM nodes LIMIT 5000", &[])?;
        }
        let f = crate::normalize::fold_ascii(q);
        let mut scored: Vec<(usize, String)> = names
            .into_iter()
            .map(|n| {
                (
                    strsim::levenshtein(&f, &crate::normalize::fold_ascii(&n)),
                    n,
                )
            })
            .collect();
        scored.sort();
        Ok((
            Vec::new(),
            scored.into_iter().take(5).map(|s| s.1).collect(),
        ))
    }

    /// The node id string of a node row.
    pub fn node_id(&self, row: i64) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT node_id FROM nodes WHERE id = ?1", [row], |r| {
                r.get(0)
            })?)
    }

    /// The documents and skipped files of the index, references without their text (for reports).
    pub fn corpus(&self) -> Result<Corpus> {
        let mut corpus = Corpus::default();
        let mut builder_docs = Vec::new();
        stream_documents(&self.conn, &mut |_, d| {
            builder_docs.push(d);
            Ok(())
        })?;
        corpus.documents = builder_docs;
        let mut stmt = self.conn.prepare(
            "SELECT path, reason, category FROM files WHERE status = 'skipped' ORDER BY path",
        )?;
        for row in stmt.query_map([], |r| {
            Ok(Skipped {
                path: r.get("path")?,
                reason: r.get::<_, Option<String>>("reason")?.unwrap_or_default(),
                category: r.get("category")?,
            })
        })? {
            corpus.skipped.push(row?);
        }
        Ok(corpus)
    }
}

/// How many mentions the stored anomalies call ambiguous (as [`crate::graph::ambiguous_mentions`]
/// counts them), read without parsing every anomaly: an update that changed nothing says it.
pub(super) fn stored_ambiguous_mentions(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT COALESCE(SUM(json_extract(detail, '$.mentions')), 0) FROM anomalies \
         WHERE type = 'ambiguous_reference'",
        [],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as usize)
}

/// The anomalies stored with the graph, in the order found.
pub(super) fn stored_anomalies(conn: &Connection) -> Result<Vec<Anomaly>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare("SELECT detail FROM anomalies ORDER BY rowid")?;
    for d in stmt.query_map([], |r| r.get::<_, String>(0))? {
        // An anomaly of a kind this build does not know is passed over, not an error.
        if let Ok(a) = serde_json::from_str::<Anomaly>(&d?) {
            out.push(a);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Lookup;
    use petgraph::visit::EdgeRef;

    /// An index of the seeds in a folder of its own, and the folder (dropped: removed).
    fn seeds_index() -> (Index, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("seeds.db");
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        Index::update(
            &db,
            &[data],
            &read::ReadOptions::default(),
            Removal::Guarded,
            Start::Fresh,
            &|_, _| {},
        )
        .unwrap();
        (Index::open(&db).unwrap(), dir)
    }

    /// Node ids and (citing, cited, relation) of a graph.
    fn shape(g: &CitationGraph) -> (BTreeSet<String>, BTreeSet<(String, String, Relation)>) {
        let nodes = g.nodes().map(|n| g.graph[n].id.clone()).collect();
        let edges = g
            .graph
            .edge_references()
            .map(|e| {
                (
                    g.graph[e.source()].id.clone(),
                    g.graph[e.target()].id.clone(),
                    e.weight().relation,
                )
            })
            .collect();
        (nodes, edges)
    }

    #[test]
    fn the_whole_graph_read_back_is_the_graph_built_in_memory() {
        let (idx, _dir) = seeds_index();
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let built = CitationGraph::build(&crate::extract_paths(&[data]));
        assert_eq!(shape(&idx.whole_graph().unwrap()), shape(&built));
    }

    #[test]
    fn lookup_finds_one_several_or_the_closest() {
        let (idx, _dir) = seeds_index();
        // Any spelling of a key names its node.
        let Lookup::Found(row) = idx.lookup("1068/cd-ttg").unwrap() else {
            panic!("1068/CĐ-TTg not found");
        };
        assert_eq!(idx.node_id(row).unwrap(), "1068/CĐ-TTg");
        assert!(matches!(idx.lookup("1068 CĐ TTg").unwrap(), Lookup::Found(r) if r == row));
        // Nothing: the closest ids, none of them empty.
        match idx.lookup("1069/CĐ-TTg").unwrap() {
            Lookup::Unknown(close) => {
                assert!(!close.is_empty() && close.iter().all(|c| !c.is_empty()))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_walk_down_from_a_directive_reaches_its_implementers() {
        let (idx, _dir) = seeds_index();
        let Lookup::Found(root) = idx.lookup("1068/CĐ-TTg").unwrap() else {
            panic!("1068/CĐ-TTg not found");
        };
        let down = idx
            .walk(root, &[Direction::Incoming], &[], None, Evidence::With)
            .unwrap();
        let one = idx
            .walk(root, &[Direction::Incoming], &[], Some(1), Evidence::With)
            .unwrap();
        assert!(down.graph.node_count() > one.graph.node_count());
        assert!(one.graph.node_count() > 1);
        // Every edge of the walk leads towards the root's side: its cited end is reached.
        let reached = idx.reach_count(root, Direction::Incoming, &[]).unwrap();
        assert_eq!(reached, down.graph.node_count() - 1);
    }
}
