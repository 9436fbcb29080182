//! The corpus index: a SQLite file holding every document, reference and the resolved graph, so
//! queries never re-read the corpus and analysts can open it with sqlite3, Datasette or pandas.
//!
//! Re-indexing re-reads only files whose size or modification time changed (and whose content
//! hash then differs), then rebuilds the graph tables from the stored documents, streaming them
//! through [`GraphBuilder`] so memory does not grow with the corpus's bytes.

use crate::graph::{Anomaly, CitationGraph, Edge, EdgeSource, GraphBuilder, Node};
use crate::key::DocKey;
use crate::model::{
    Citer, DocKind, Document, Issuer, Level, PartialDate, Reference, Relation, Skipped, SourceSpan,
};
use crate::read::{self, Encoding, ReadOptions};
use crate::Corpus;
use petgraph::Direction;
use rayon::prelude::*;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The schema version this build writes and reads. Version 3: `date_from`/`date_to` (the first and last day a date may be), the identity
/// sources renamed `*_source`, foreign keys on the graph tables, and the views `edges_view`
/// and `mentions_view`.
pub const SCHEMA_VERSION: &str = "3";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
  id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, canonical TEXT, size INTEGER, mtime_ns INTEGER,
  hash TEXT, status TEXT NOT NULL, category TEXT, reason TEXT, encoding TEXT);
CREATE INDEX IF NOT EXISTS files_canonical ON files(canonical);
CREATE TABLE IF NOT EXISTS documents(
  id INTEGER PRIMARY KEY, file INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE, path TEXT NOT NULL, doc_id TEXT NOT NULL,
  number TEXT, symbol TEXT, kind TEXT, date TEXT, issuer_name TEXT, issuer_body TEXT, issuer_code TEXT,
  level TEXT, locality TEXT, province TEXT, place TEXT, subject TEXT, encoding TEXT,
  part INTEGER NOT NULL, parts INTEGER NOT NULL, line INTEGER NOT NULL, end_line INTEGER NOT NULL,
  start INTEGER NOT NULL, end INTEGER NOT NULL,
  number_source TEXT, kind_source TEXT, issuer_source TEXT, date_source TEXT, date_from TEXT, date_to TEXT);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file);
CREATE TABLE IF NOT EXISTS refs(
  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, ord INTEGER NOT NULL,
  key TEXT, title TEXT, kind TEXT, date TEXT, issuer_name TEXT, issuer_body TEXT, issuer_code TEXT,
  level TEXT, locality TEXT, province TEXT, relation TEXT NOT NULL, citer INTEGER, back_reference INTEGER,
  line INTEGER, col INTEGER, start INTEGER, end INTEGER, text TEXT, sentence TEXT, date_from TEXT, date_to TEXT,
  PRIMARY KEY(doc, ord)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS refs_key ON refs(key);
CREATE TABLE IF NOT EXISTS anomalies(type TEXT NOT NULL, detail TEXT NOT NULL);
";

/// The graph tables, made again whole by each update that changes the graph (see
/// [`write_graph`]).
const GRAPH_TABLES: &str = "
CREATE TABLE IF NOT EXISTS nodes(
  id INTEGER PRIMARY KEY, node_id TEXT NOT NULL UNIQUE, key TEXT, number INTEGER, title TEXT, kind TEXT,
  date TEXT, issuer_name TEXT, issuer_body TEXT, issuer_code TEXT, level TEXT, locality TEXT, province TEXT,
  in_corpus INTEGER NOT NULL, path TEXT, subject TEXT, date_from TEXT, date_to TEXT);
CREATE TABLE IF NOT EXISTS edges(
  id INTEGER PRIMARY KEY, citing INTEGER NOT NULL REFERENCES nodes(id),
  cited INTEGER NOT NULL REFERENCES nodes(id), relation TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS edge_sources(
  edge INTEGER NOT NULL REFERENCES edges(id), doc INTEGER NOT NULL, ord INTEGER NOT NULL,
  FOREIGN KEY(doc, ord) REFERENCES refs(doc, ord) ON DELETE CASCADE);
";

/// The graph tables' indexes, made after their rows are written: one sort instead of an
/// insertion at a random place of each index for each row.
const GRAPH_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS nodes_key ON nodes(key);
CREATE INDEX IF NOT EXISTS nodes_number ON nodes(number);
CREATE INDEX IF NOT EXISTS nodes_path ON nodes(path);
CREATE INDEX IF NOT EXISTS edges_citing ON edges(citing);
CREATE INDEX IF NOT EXISTS edges_cited ON edges(cited);
CREATE INDEX IF NOT EXISTS edge_sources_edge ON edge_sources(edge);
CREATE INDEX IF NOT EXISTS edge_sources_ref ON edge_sources(doc, ord);
";

/// The views over the tables, for analysts.
const VIEWS: &str = "
CREATE VIEW IF NOT EXISTS edges_view AS
SELECT e.id AS edge,
  a.node_id AS citing, a.key AS citing_key, a.kind AS citing_kind, a.date AS citing_date,
  a.date_from AS citing_date_from, a.date_to AS citing_date_to, a.issuer_name AS citing_issuer,
  a.level AS citing_level, a.province AS citing_province, a.in_corpus AS citing_in_corpus,
  a.path AS citing_path,
  e.relation,
  b.node_id AS cited, b.key AS cited_key, b.kind AS cited_kind, b.date AS cited_date,
  b.date_from AS cited_date_from, b.date_to AS cited_date_to, b.issuer_name AS cited_issuer,
  b.level AS cited_level, b.province AS cited_province, b.in_corpus AS cited_in_corpus,
  b.path AS cited_path,
  (SELECT COUNT(*) FROM edge_sources s WHERE s.edge = e.id) AS evidence
FROM edges e JOIN nodes a ON a.id = e.citing JOIN nodes b ON b.id = e.cited;
CREATE VIEW IF NOT EXISTS mentions_view AS
SELECT d.path || CASE WHEN d.parts > 1 THEN '#' || d.part ELSE '' END AS path,
  d.doc_id, r.ord, r.line, r.col AS \"column\", r.start, r.end, r.text, r.sentence,
  r.key, r.title, r.kind, r.date, r.date_from, r.date_to, r.issuer_name AS issuer,
  r.relation, r.back_reference,
  s.edge, a.node_id AS citing, b.node_id AS cited, e.relation AS edge_relation
FROM refs r JOIN documents d ON d.id = r.doc
  LEFT JOIN edge_sources s ON s.doc = r.doc AND s.ord = r.ord
  LEFT JOIN edges e ON e.id = s.edge
  LEFT JOIN nodes a ON a.id = e.citing
  LEFT JOIN nodes b ON b.id = e.cited;
";

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkippedGroup {
    /// The reason's category (`binary`, `empty`, `own output`, ...).
    pub category: String,
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

impl UpdateStats {
    /// Skipped files that `--strict` fails on: all but vncite's own output in the corpus.
    pub fn skipped_for_strict(&self) -> usize {
        self.skipped_groups
            .iter()
            .filter(|g| g.category != crate::read::OWN_OUTPUT)
            .map(|g| g.count)
            .sum()
    }
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

/// An open index.
pub struct Index {
    conn: Connection,
    path: PathBuf,
}

fn opt_date(s: Option<String>) -> Option<PartialDate> {
    s.as_deref().and_then(PartialDate::parse_iso)
}

fn kind_named(s: Option<String>) -> Option<DocKind> {
    s.as_deref().and_then(DocKind::from_word)
}

fn level_named(s: Option<&str>) -> Option<Level> {
    match s? {
        "central" => Some(Level::Central),
        "province" => Some(Level::Province),
        "district" => Some(Level::District),
        "commune" => Some(Level::Commune),
        _ => None,
    }
}

fn issuer_from(cols: [Option<String>; 6]) -> Option<Issuer> {
    let [name, body, code, level, locality, province] = cols;
    Some(Issuer {
        name: name?,
        body: body.unwrap_or_default(),
        code,
        level: level_named(level.as_deref()),
        locality,
        province,
    })
}

fn issuer_cols(i: Option<&Issuer>) -> [Option<String>; 6] {
    match i {
        Some(i) => [
            Some(i.name.clone()),
            Some(i.body.clone()),
            i.code.clone(),
            i.level.map(|l| l.to_string()),
            i.locality.clone(),
            i.province.clone(),
        ],
        None => Default::default(),
    }
}

fn mtime_ns(m: &std::fs::Metadata) -> i64 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

fn encoding_name(e: Encoding) -> &'static str {
    Encoding::NAMES
        .iter()
        .find(|(_, x)| *x == e)
        .map(|(n, _)| *n)
        .unwrap_or("utf-8")
}

impl Index {
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
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
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
        let mut stmt = self
            .conn
            .prepare("SELECT path, canonical, size, mtime_ns FROM files ORDER BY path")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
            ))
        })?;
        for row in rows {
            let (path, canonical, size, mtime) = row?;
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

    /// Builds or updates the index at `out` from files and folders. A new index is written to a
    /// temporary file and renamed into place; an update runs in one transaction. Either way an
    /// interrupted run leaves the previous index as it was. `rebuild` writes a new index over
    /// an existing one (of any version) from `paths` alone; a file that is no vncite index is
    /// never written over. Temporary files that an interrupted run left beside `out` are
    /// removed first.
    pub fn update(
        out: &Path,
        paths: &[PathBuf],
        opt: &ReadOptions,
        removal: Removal,
        rebuild: bool,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<UpdateStats> {
        // A root that is not there (mistyped, unmounted, another folder's `data/`) would read
        // as a corpus whose every file was deleted.
        for p in paths {
            if std::fs::symlink_metadata(p).is_err() {
                return Err(IndexError::Refused(format!(
                    "{}: no such file or folder; {} was not changed",
                    p.display(),
                    out.display()
                )));
            }
        }
        if out.is_dir() {
            return Err(IndexError::Refused(format!(
                "{} is a folder; -o names the index file to write",
                out.display()
            )));
        }
        let exists = out.exists();
        if exists {
            // Only a vncite index is ever written to or over.
            let conn =
                Connection::open_with_flags(out, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            match schema_of(&conn)? {
                None => {
                    return Err(IndexError::Refused(format!(
                        "{} exists and is not a vncite index; name another file",
                        out.display()
                    )))
                }
                Some(v) if v != SCHEMA_VERSION && !rebuild => {
                    return Err(IndexError::Refused(old_version(out, &v)))
                }
                Some(_) => {}
            }
        }
        let stale_removed = crate::temp::remove_stale(out);
        let fresh = !exists || rebuild;
        let work = if fresh {
            crate::export::temp_beside(out)
        } else {
            out.to_path_buf()
        };
        if fresh {
            crate::temp::register(&work);
        }
        let result = (|| {
            let mut conn = Connection::open(&work)?;
            conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;")?;
            let tx = conn.transaction()?;
            for part in [SCHEMA, GRAPH_TABLES, GRAPH_INDEXES, VIEWS] {
                tx.execute_batch(part)?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', ?1)",
                [SCHEMA_VERSION],
            )?;
            let stats = update_in(&tx, out, paths, opt, removal, progress)?;
            record_update(&tx, paths)?;
            tx.commit()?;
            // A new index has nothing to reclaim (no row was deleted), and rewriting it cost a
            // quarter of its time; an update compacts the file only once much of it is free
            // pages (files removed), in a transaction of its own like any other.
            let (pages, free): (i64, i64) = conn.query_row(
                "SELECT (SELECT page_count FROM pragma_page_count), (SELECT freelist_count FROM pragma_freelist_count)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if free * 4 > pages {
                conn.execute_batch("VACUUM")?;
            }
            Ok(stats)
        })();
        match result {
            Ok(stats) => {
                if fresh {
                    crate::temp::persist(&work, out)?;
                }
                Ok(UpdateStats {
                    stale_removed,
                    ..stats
                })
            }
            Err(e) => {
                if fresh {
                    crate::temp::remove_with_side_files(&work);
                    crate::temp::forget(&work);
                }
                Err(e)
            }
        }
    }

    /// Every node and edge, with sources: the whole graph (for reports and full diagrams).
    pub fn whole_graph(&self) -> Result<CitationGraph> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM nodes ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let set: BTreeSet<i64> = ids.into_iter().collect();
        let edges: Vec<(i64, i64, i64, String)> = self
            .conn
            .prepare("SELECT id, citing, cited, relation FROM edges ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<std::result::Result<_, _>>()?;
        self.assemble(&set, edges)
    }

    /// The documents reached from `root` by walking `dir` (citers for descendants), as a graph.
    pub fn walk(
        &self,
        root: i64,
        dirs: &[Direction],
        relations: &[Relation],
        depth: Option<usize>,
    ) -> Result<CitationGraph> {
        let mut seen: BTreeSet<i64> = BTreeSet::from([root]);
        let mut edges: HashMap<i64, (i64, i64, i64, String)> = HashMap::new();
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
                    "SELECT id, citing, cited, relation FROM edges WHERE {col} IN ({{ids}})"
                );
                let rows = self.query_ids(&sql, &frontier, |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })?;
                for (id, citing, cited, rel) in rows {
                    if !relations.is_empty()
                        && !Relation::parse(&rel).is_some_and(|r| relations.contains(&r))
                    {
                        continue;
                    }
                    let other = if dir == Direction::Incoming {
                        citing
                    } else {
                        cited
                    };
                    edges.insert(id, (id, citing, cited, rel));
                    seen.insert(other);
                    if visited.insert(other) {
                        next.push(other);
                    }
                }
                frontier = next;
                level += 1;
            }
        }
        let mut edges: Vec<(i64, i64, i64, String)> = edges.into_values().collect();
        edges.sort();
        self.assemble(&seen, edges)
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
        let sql = format!("SELECT {to}, relation FROM edges WHERE {from} IN ({{ids}})");
        let mut seen: HashSet<i64> = HashSet::from([root]);
        let mut frontier = vec![root];
        while !frontier.is_empty() {
            let rows = self.query_ids(&sql, &frontier, |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
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
        mut f: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let list = chunk
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",");
            let mut stmt = self.conn.prepare(&sql.replace("{ids}", &list))?;
            let rows = stmt.query_map([], |r| f(r))?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }

    fn assemble(
        &self,
        ids: &BTreeSet<i64>,
        edges: Vec<(i64, i64, i64, String)>,
    ) -> Result<CitationGraph> {
        let ids: Vec<i64> = ids.iter().copied().collect();
        let mut nodes: Vec<(i64, Node)> = self.query_ids(
            "SELECT id, node_id, key, title, kind, date, issuer_name, issuer_body, issuer_code, level, locality, province, in_corpus, path, subject FROM nodes WHERE id IN ({ids})",
            &ids,
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    Node {
                        id: r.get(1)?,
                        key: r.get::<_, Option<String>>(2)?.and_then(|k| DocKey::parse(&k).ok()),
                        title: r.get(3)?,
                        kind: kind_named(r.get(4)?),
                        date: opt_date(r.get(5)?),
                        issuer: issuer_from([r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?]),
                        in_corpus: r.get::<_, i64>(12)? != 0,
                        path: r.get(13)?,
                        subject: r.get(14)?,
                    },
                ))
            },
        )?;
        nodes.sort_by_key(|n| n.0);
        let pos: HashMap<i64, usize> = nodes.iter().enumerate().map(|(i, n)| (n.0, i)).collect();
        let mut sources: HashMap<i64, Vec<EdgeSource>> = HashMap::new();
        let edge_ids: Vec<i64> = edges.iter().map(|e| e.0).collect();
        let rows = self.query_ids(
            "SELECT s.edge, d.path, r.line, r.col, r.text, r.sentence, r.relation FROM edge_sources s JOIN refs r ON r.doc = s.doc AND r.ord = s.ord JOIN documents d ON d.id = s.doc WHERE s.edge IN ({ids})",
            &edge_ids,
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    EdgeSource {
                        path: r.get(1)?,
                        line: r.get::<_, i64>(2)? as usize,
                        column: r.get::<_, i64>(3)? as usize,
                        text: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                        sentence: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                        relation: Relation::parse(&r.get::<_, String>(6)?)
                            .unwrap_or(Relation::Cites),
                    },
                ))
            },
        )?;
        for (e, src) in rows {
            sources.entry(e).or_default().push(src);
        }
        let mut out_edges = Vec::with_capacity(edges.len());
        for (id, citing, cited, rel) in edges {
            let (Some(&a), Some(&b), Some(relation)) =
                (pos.get(&citing), pos.get(&cited), Relation::parse(&rel))
            else {
                continue;
            };
            let mut s = sources.remove(&id).unwrap_or_default();
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
            nodes.into_iter().map(|n| n.1).collect(),
            out_edges,
            anomalies,
        ))
    }

    fn anomalies(&self) -> Result<Vec<Anomaly>> {
        stored_anomalies(&self.conn)
    }

    /// Finds node rows by what a user typed: id, file path, key in any spelling, number alone.
    pub fn lookup(&self, q: &str) -> Result<(Vec<i64>, Vec<String>)> {
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
        // Nothing: the closest keys among those sharing the number (or the first thousands).
        let num: Option<i64> = q
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .ok();
        let mut stmt = match num {
            Some(_) => self
                .conn
                .prepare("SELECT node_id FROM nodes WHERE number = ?1 LIMIT 5000")?,
            None => self
                .conn
                .prepare("SELECT node_id FROM nodes WHERE ?1 IS NULL LIMIT 5000")?,
        };
        let names: Vec<String> = stmt
            .query_map([num], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
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
        stream_documents(&self.conn, false, &mut |_, d| {
            builder_docs.push(d);
            Ok(())
        })?;
        corpus.documents = builder_docs;
        let mut stmt = self.conn.prepare(
            "SELECT path, reason, category FROM files WHERE status = 'skipped' ORDER BY path",
        )?;
        for row in stmt.query_map([], |r| {
            Ok(Skipped {
                path: r.get(0)?,
                reason: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                category: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            })
        })? {
            corpus.skipped.push(row?);
        }
        Ok(corpus)
    }
}

/// Reads every stored document in id order with its references (text and sentences only when
/// `with_text`), handing each to `f` without keeping them.
fn stream_documents(
    conn: &Connection,
    with_text: bool,
    f: &mut dyn FnMut(i64, Document) -> Result<()>,
) -> Result<()> {
    let mut docs = conn.prepare(
        "SELECT id, path, number, symbol, kind, date, issuer_name, issuer_body, issuer_code, level, locality, province, place, subject, encoding, part, parts, line, end_line, start, end, number_source, kind_source, issuer_source, date_source FROM documents ORDER BY id",
    )?;
    let text_cols = if with_text {
        "text, sentence"
    } else {
        "NULL, NULL"
    };
    let mut refs = conn.prepare(&format!(
        "SELECT doc, key, title, kind, date, issuer_name, issuer_body, issuer_code, level, locality, province, relation, citer, back_reference, line, col, start, end, {text_cols} FROM refs ORDER BY doc, ord"
    ))?;
    let mut ref_rows = refs.query([])?;
    let mut pending: Option<(i64, Reference)> = None;
    let mut doc_rows = docs.query([])?;
    while let Some(r) = doc_rows.next()? {
        let id: i64 = r.get(0)?;
        let encoding = r
            .get::<_, Option<String>>(14)?
            .and_then(|e| Encoding::parse(&e))
            .unwrap_or(Encoding::Utf8);
        let mut doc = Document {
            path: r.get(1)?,
            number: r
                .get::<_, Option<String>>(2)?
                .and_then(|k| DocKey::parse(&k).ok()),
            symbol: r.get(3)?,
            kind: kind_named(r.get(4)?),
            issuer: issuer_from([
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
            ])
            .map(std::sync::Arc::new),
            place: r.get(12)?,
            date: opt_date(r.get(5)?),
            subject: r.get(13)?,
            encoding,
            span: crate::model::DocSpan {
                part: r.get::<_, i64>(15)? as usize,
                parts: r.get::<_, i64>(16)? as usize,
                line: r.get::<_, i64>(17)? as usize,
                end_line: r.get::<_, i64>(18)? as usize,
                start: r.get::<_, i64>(19)? as usize,
                end: r.get::<_, i64>(20)? as usize,
            },
            identity_from: crate::model::IdentityFrom {
                number: source_named(r.get(21)?),
                kind: source_named(r.get(22)?),
                issuer: source_named(r.get(23)?),
                date: source_named(r.get(24)?),
            },
            references: Vec::new(),
        };
        loop {
            if let Some((d, _)) = &pending {
                if *d == id {
                    if let Some((_, rf)) = pending.take() {
                        doc.references.push(rf);
                    }
                    continue;
                }
                if *d > id {
                    break;
                }
                pending = None;
            }
            let Some(x) = ref_rows.next()? else { break };
            let citer: Option<i64> = x.get(12)?;
            let rf = Reference {
                key: x
                    .get::<_, Option<String>>(1)?
                    .and_then(|k| DocKey::parse(&k).ok()),
                title: x.get(2)?,
                kind: kind_named(x.get(3)?),
                date: opt_date(x.get(4)?),
                issuer: issuer_from([
                    x.get(5)?,
                    x.get(6)?,
                    x.get(7)?,
                    x.get(8)?,
                    x.get(9)?,
                    x.get(10)?,
                ])
                .map(std::sync::Arc::new),
                relation: Relation::parse(&x.get::<_, String>(11)?).unwrap_or(Relation::Cites),
                citer: citer.map_or(Citer::Document, |c| Citer::Reference(c as usize)),
                back_reference: x.get::<_, i64>(13)? != 0,
                span: SourceSpan {
                    line: x.get::<_, i64>(14)? as usize,
                    column: x.get::<_, i64>(15)? as usize,
                    start: x.get::<_, i64>(16)? as usize,
                    end: x.get::<_, i64>(17)? as usize,
                    text: x.get::<_, Option<String>>(18)?.unwrap_or_default(),
                },
                sentence: x.get::<_, Option<String>>(19)?.unwrap_or_default(),
            };
            pending = Some((x.get(0)?, rf));
        }
        f(id, doc)?;
    }
    Ok(())
}

/// The identity source stored under `name`, if any.
fn source_named(name: Option<String>) -> Option<crate::model::IdentitySource> {
    name.as_deref()
        .and_then(crate::model::IdentitySource::parse)
}

/// Writes one document and its references; returns the document's row id.
fn insert_document(tx: &Transaction, file_id: i64, doc: &Document) -> Result<i64> {
    let i = issuer_cols(doc.issuer.as_deref());
    let from = |s: Option<crate::model::IdentitySource>| s.map(|s| s.as_str());
    tx.prepare_cached(
        "INSERT INTO documents(file, path, doc_id, number, symbol, kind, date, issuer_name, issuer_body, issuer_code, level, locality, province, place, subject, encoding, part, parts, line, end_line, start, end, number_source, kind_source, issuer_source, date_source, date_from, date_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
    )?
    .execute(params![
        file_id,
        doc.path,
        doc.id(),
        doc.number.as_ref().map(crate::key::DocKey::written),
        doc.symbol,
        doc.kind.map(|k| k.name()),
        doc.date.map(|d| d.to_string()),
        i[0], i[1], i[2], i[3], i[4], i[5],
        doc.place,
        doc.subject,
        encoding_name(doc.encoding),
        doc.span.part as i64,
        doc.span.parts as i64,
        doc.span.line as i64,
        doc.span.end_line as i64,
        doc.span.start as i64,
        doc.span.end as i64,
        from(doc.identity_from.number),
        from(doc.identity_from.kind),
        from(doc.identity_from.issuer),
        from(doc.identity_from.date),
        doc.date.map(crate::interchange::date_from),
        doc.date.map(crate::interchange::date_to),
    ])?;
    let doc_id = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO refs(doc, ord, key, title, kind, date, issuer_name, issuer_body, issuer_code, level, locality, province, relation, citer, back_reference, line, col, start, end, text, sentence, date_from, date_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
    )?;
    for (ord, r) in doc.references.iter().enumerate() {
        let i = issuer_cols(r.issuer.as_deref());
        let citer = match r.citer {
            Citer::Document => None,
            Citer::Reference(j) => Some(j as i64),
        };
        stmt.execute(params![
            doc_id,
            ord as i64,
            r.key.as_ref().map(|k| k.to_string()),
            r.title,
            r.kind.map(|k| k.name()),
            r.date.map(|d| d.to_string()),
            i[0],
            i[1],
            i[2],
            i[3],
            i[4],
            i[5],
            r.relation.as_str(),
            citer,
            r.back_reference as i64,
            r.span.line as i64,
            r.span.column as i64,
            r.span.start as i64,
            r.span.end as i64,
            r.span.text,
            r.sentence,
            r.date.map(crate::interchange::date_from),
            r.date.map(crate::interchange::date_to),
        ])?;
    }
    Ok(doc_id)
}

/// One file read during an update: its path, content hash, document (or why not), unchanged.
type ReadResult = (
    String,
    Option<String>,
    std::result::Result<Vec<Document>, Skipped>,
    bool,
);

/// Files read and extracted together before their documents are written.
const BATCH: usize = 2048;

/// A file to read in an update: where it is, its name in the index, its size and time, the
/// hash the index holds for it, and whether the path is a symbolic link.
struct Todo {
    path: PathBuf,
    key: String,
    size: i64,
    mtime: i64,
    old_hash: Option<String>,
    link: bool,
}

/// The absolute paths of the files an update records, each folder resolved once:
/// `canonicalize` on every file makes the kernel resolve every step of its path again (a
/// `readlink` each), which cost a serial main thread 4 % of an index of 100,000 files.
#[derive(Default)]
struct RealPaths {
    dirs: HashMap<PathBuf, Option<PathBuf>>,
}

impl RealPaths {
    /// The absolute path of the file `p`, by its folder's when `p` is no symbolic link itself
    /// (a folder's real path joined with a plain name is the file's real path).
    fn of(&mut self, p: &Path, link: bool) -> Option<String> {
        let name = match p.file_name() {
            Some(n) if !link => n,
            _ => return std::fs::canonicalize(p).ok().map(|c| read::path_name(&c)),
        };
        let dir = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let real = self
            .dirs
            .entry(dir.to_path_buf())
            .or_insert_with(|| std::fs::canonicalize(dir).ok());
        real.as_ref().map(|d| read::path_name(&d.join(name)))
    }
}

/// What to do with one file found on disk.
enum Plan {
    Unchanged,
    Read {
        size: i64,
        mtime: i64,
        old_hash: Option<String>,
    },
}

/// True when `path` (as the index records it) lies at or under `root` (as given).
fn under_root(path: &str, root: &str) -> bool {
    // `.`: every relative path recorded lies under the folder the command ran in.
    if root == "." {
        return !path.starts_with('/') && !path.starts_with("../") && path != "..";
    }
    let root = root.trim_end_matches('/');
    path == root
        || (root.is_empty() && path.starts_with('/'))
        || path
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// True when `p` is the index at `out` itself or one of SQLite's or the update's files beside
/// it (`x.db-journal`, `x.db-wal`, `.x.db.vncite-….tmp`): an index written inside its corpus
/// is no input of it.
fn is_own_file(p: &Path, out: &Path) -> bool {
    let (Some(name), Some(own)) = (p.file_name(), out.file_name()) else {
        return false;
    };
    let (name, own) = (name.to_string_lossy(), own.to_string_lossy());
    let ours = name == own
        || name
            .strip_prefix(own.as_ref())
            .is_some_and(|rest| matches!(rest, "-journal" | "-wal" | "-shm"))
        || name
            .strip_prefix(&crate::export::temp_prefix(out))
            .is_some_and(|rest| {
                let rest = ["-journal", "-wal", "-shm"]
                    .iter()
                    .find_map(|s| rest.strip_suffix(s))
                    .unwrap_or(rest);
                rest.ends_with(".tmp")
            });
    let dir = |q: &Path| {
        let parent = q.parent().filter(|d| !d.as_os_str().is_empty());
        std::fs::canonicalize(parent.unwrap_or(Path::new(".")))
    };
    ours && matches!((dir(p), dir(out)), (Ok(a), Ok(b)) if a == b)
}

fn update_in(
    tx: &Transaction,
    out: &Path,
    paths: &[PathBuf],
    opt: &ReadOptions,
    removal: Removal,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<UpdateStats> {
    let inputs = read::collect(paths);
    let mut stats = UpdateStats {
        files: inputs.files.len() + inputs.skipped.len(),
        ..UpdateStats::default()
    };
    // An index written before paths were tidied may name a file `./seeds/a.txt`: it takes the
    // name the walk gives it now (`seeds/a.txt`). When this update reads that name, or the
    // index holds it too, the old record goes and the file is read under its name; else the
    // record and its documents are renamed, so nothing outside this update's roots is lost.
    let mut migrated = 0usize;
    {
        let walked: HashSet<String> = inputs.files.iter().map(|p| read::path_name(p)).collect();
        let mut stmt = tx.prepare("SELECT id, path FROM files WHERE path LIKE '%./%'")?;
        let rows: Vec<(i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        for (id, path) in rows {
            let tidy = read::tidy_path(Path::new(&path))
                .to_string_lossy()
                .into_owned();
            if tidy == path {
                continue;
            }
            let taken: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM files WHERE path = ?1)",
                [&tidy],
                |r| r.get(0),
            )?;
            migrated += 1;
            if taken || walked.contains(&tidy) {
                tx.execute("DELETE FROM files WHERE id = ?1", [id])?;
            } else {
                tx.execute(
                    "UPDATE files SET path = ?1 WHERE id = ?2",
                    params![tidy, id],
                )?;
                tx.execute(
                    "UPDATE documents SET path = ?1 || substr(path, length(?2) + 1) WHERE file = ?3",
                    params![tidy, path, id],
                )?;
            }
        }
    }
    // What the index knows of each file, and where each file it read is (absolute).
    let mut known: HashMap<String, (i64, i64, i64, Option<String>)> = HashMap::new();
    let mut canonical: HashMap<String, String> = HashMap::new();
    {
        let mut stmt = tx.prepare("SELECT id, path, size, mtime_ns, hash, canonical FROM files")?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(1)?,
                (
                    r.get(0)?,
                    r.get::<_, Option<i64>>(2)?.unwrap_or(-1),
                    r.get::<_, Option<i64>>(3)?.unwrap_or(-1),
                    r.get(4)?,
                ),
                r.get::<_, Option<String>>(5)?,
            ))
        })? {
            let (p, v, c) = row?;
            if let Some(c) = c {
                canonical.insert(p.clone(), c);
            }
            known.insert(p, v);
        }
    }
    // A file the index holds under another name — the index was made from another folder
    // (`vncite index sub -o sub/x.db`, then `vncite index .` inside sub) — takes the name this
    // update gives it, with its documents: it is the same file, not a new one and a gone one.
    let by_canonical: HashMap<&str, &str> = canonical
        .iter()
        .map(|(p, c)| (c.as_str(), p.as_str()))
        .collect();
    let mut renames: Vec<(String, String)> = Vec::new();
    for p in &inputs.files {
        let key = read::path_name(p);
        if known.contains_key(&key) || by_canonical.is_empty() {
            continue;
        }
        let Ok(c) = std::fs::canonicalize(p) else {
            continue;
        };
        if let Some(&old) = by_canonical.get(read::path_name(&c).as_str()) {
            if !known.contains_key(&key) {
                renames.push((old.to_string(), key));
            }
        }
    }
    for (old, new) in renames {
        let Some(v) = known.remove(&old) else {
            continue;
        };
        tx.execute(
            "UPDATE files SET path = ?1 WHERE id = ?2",
            params![new, v.0],
        )?;
        tx.execute(
            "UPDATE documents SET path = ?1 || substr(path, length(?2) + 1) WHERE file = ?3",
            params![new, old, v.0],
        )?;
        if let Some(c) = canonical.remove(&old) {
            canonical.insert(new.clone(), c);
        }
        known.insert(new, v);
        migrated += 1;
    }
    let mut present: HashSet<String> = HashSet::new();
    let mut todo: Vec<Todo> = Vec::new();
    for p in &inputs.files {
        let key = read::path_name(p);
        present.insert(key.clone());
        // The link's own status first: for a plain file it is the file's, and it says whether
        // the real path may be found from the folder's (see `RealPaths`).
        let lmeta = std::fs::symlink_metadata(p);
        let link = lmeta.as_ref().map_or(true, |m| m.file_type().is_symlink());
        let meta = match lmeta {
            Ok(m) if !link => Ok(m),
            _ => std::fs::metadata(p),
        };
        let plan = match (&meta, known.get(&key)) {
            (Ok(m), Some(&(_, size, mtime, _)))
                if m.len() as i64 == size && mtime_ns(m) == mtime =>
            {
                Plan::Unchanged
            }
            (Ok(m), k) => Plan::Read {
                size: m.len() as i64,
                mtime: mtime_ns(m),
                old_hash: k.and_then(|k| k.3.clone()),
            },
            (Err(_), k) => Plan::Read {
                size: -1,
                mtime: -1,
                old_hash: k.and_then(|k| k.3.clone()),
            },
        };
        match plan {
            Plan::Unchanged => stats.unchanged += 1,
            Plan::Read {
                size,
                mtime,
                old_hash,
            } => todo.push(Todo {
                path: p.clone(),
                key,
                size,
                mtime,
                old_hash,
                link,
            }),
        }
    }
    // Files and folders passed over by the walk are recorded as skipped.
    for s in &inputs.skipped {
        // A file named twice is read once: its record is the read one. The index's own
        // files in the corpus are not inputs.
        if present.contains(&s.path) || is_own_file(Path::new(&s.path), out) {
            stats.files -= 1;
            continue;
        }
        present.insert(s.path.clone());
        if known.contains_key(&s.path) {
            tx.prepare_cached("DELETE FROM files WHERE path = ?1")?
                .execute([&s.path])?;
        }
        let canonical = std::fs::canonicalize(&s.path)
            .ok()
            .map(|c| read::path_name(&c));
        tx.prepare_cached(
            "INSERT INTO files(path, canonical, status, category, reason) VALUES (?1, ?2, 'skipped', ?3, ?4)",
        )?
        .execute(params![s.path, canonical, s.category, s.reason])?;
    }
    // Files gone since the last run, under the roots this update was given: what lies
    // elsewhere was not looked at, and stays.
    let roots: Vec<String> = paths
        .iter()
        .map(|p| read::path_name(&crate::read::tidy_path(p)))
        .collect();
    // Where a file's absolute path is known, it decides: a name recorded from another folder
    // (`sub/a.txt`) is no file under `.` of this one.
    let real_roots: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .map(|c| read::path_name(&c))
        .collect();
    let is_under = |k: &String| match canonical.get(k) {
        Some(c) => real_roots.iter().any(|r| under_root(c, r)),
        None => roots.iter().any(|r| under_root(k, r)),
    };
    let mut gone: Vec<String> = known
        .keys()
        .filter(|k| !present.contains(*k))
        .filter(|k| is_under(k))
        .cloned()
        .collect();
    gone.sort();
    // Measured against what the index holds under those roots: one empty mount among
    // several roots must not pass for a small removal.
    let held = known.keys().filter(|k| is_under(k)).count();
    if removal == Removal::Guarded && gone.len() >= 2 && gone.len() * 2 > held {
        return Err(IndexError::Refused(format!(
            "{} of the {} files the index holds under {} are gone; nothing was changed (a wrong or unmounted folder looks the same: pass --prune to remove them)",
            gone.len(),
            held,
            roots.join(", ")
        )));
    }
    for p in &gone {
        tx.prepare_cached("DELETE FROM files WHERE path = ?1")?
            .execute([p])?;
        stats.removed += 1;
    }
    // An index that holds no document yet (a new one) gets its documents from this update
    // alone, in row-id order: the graph is built from them as they are written instead of
    // reading every one back (a fifth of a new index's time).
    let empty: bool = tx.query_row("SELECT NOT EXISTS(SELECT 1 FROM documents)", [], |r| {
        r.get(0)
    })?;
    let mut inline = empty.then(|| (GraphBuilder::new(), Vec::<i64>::new()));
    let mut real = RealPaths::default();
    // Read what changed, in parallel batches: memory holds one batch of documents at a time.
    // (Reading the next batch while this one is written did not pay on the shared 2-core
    // machine: 14.5-15.3 s against 14.4-16.0 s for 100,000 documents, and 9 MB more.)
    let total = todo.len();
    let mut done = 0;
    let read_batch = |batch: &[Todo]| -> Vec<ReadResult> {
        batch
            .par_iter()
            .map(|t| {
                // Read once, within the size limit: the bytes hashed are the bytes read.
                let bytes = crate::read::read_bytes(&t.path, opt);
                let hash = bytes
                    .as_ref()
                    .ok()
                    .map(|b| blake3::hash(b).to_hex().to_string());
                let same = hash.is_some() && hash == t.old_hash;
                let doc = if same {
                    Err(Skipped {
                        path: t.key.clone(),
                        reason: String::new(),
                        category: String::new(),
                    })
                } else {
                    crate::extract_bytes(&t.path, bytes, opt)
                };
                (t.key.clone(), hash, doc, same)
            })
            .collect()
    };
    for batch in todo.chunks(BATCH) {
        let results = read_batch(batch);
        for (t, (_, hash, doc, same)) in batch.iter().zip(results) {
            let (key, size, mtime) = (&t.key, t.size, t.mtime);
            if same {
                tx.prepare_cached("UPDATE files SET size = ?1, mtime_ns = ?2 WHERE path = ?3")?
                    .execute(params![size, mtime, key])?;
                stats.unchanged += 1;
                continue;
            }
            // Only a file the index holds has a record to replace: a new index deletes nothing.
            if known.contains_key(key) {
                tx.prepare_cached("DELETE FROM files WHERE path = ?1")?
                    .execute([key])?;
            }
            // The real path, not the name: a name that is not UTF-8 is written with
            // U+FFFD and hex digits, which names no file on disk.
            let canonical = real.of(&t.path, t.link);
            match doc {
                Ok(docs) => {
                    let encoding = docs.first().map_or("utf-8", |d| encoding_name(d.encoding));
                    tx.prepare_cached(
                        "INSERT INTO files(path, canonical, size, mtime_ns, hash, status, encoding) VALUES (?1, ?2, ?3, ?4, ?5, 'document', ?6)",
                    )?
                    .execute(params![key, canonical, size, mtime, hash, encoding])?;
                    let id = tx.last_insert_rowid();
                    for d in &docs {
                        let row = insert_document(tx, id, d)?;
                        if let Some((builder, rows)) = &mut inline {
                            builder.add(d);
                            rows.push(row);
                        }
                    }
                }
                Err(s) => {
                    tx.prepare_cached(
                        "INSERT INTO files(path, canonical, size, mtime_ns, hash, status, category, reason) VALUES (?1, ?2, ?3, ?4, ?5, 'skipped', ?6, ?7)",
                    )?
                    .execute(params![key, canonical, size, mtime, hash, s.category, s.reason])?;
                }
            }
            stats.read += 1;
        }
        done += batch.len();
        progress(done, total);
    }
    // Nothing read, nothing gone: the graph tables already say what the documents say.
    // Renamed rows change the graph's node paths too.
    let changed = stats.read > 0 || stats.removed > 0 || migrated > 0;
    let built: i64 = tx.query_row("SELECT COUNT(*) FROM meta WHERE key = 'graph'", [], |r| {
        r.get(0)
    })?;
    if changed || built == 0 {
        match inline {
            Some((builder, rows)) => write_graph(tx, builder, &rows)?,
            None => rebuild_graph(tx)?,
        }
        tx.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('graph', 'built')",
            [],
        )?;
    }
    (stats.documents, stats.missing) = tx.query_row(
        "SELECT COUNT(*), COALESCE(SUM(number IS NULL), 0), COALESCE(SUM(date IS NULL), 0), \
         COALESCE(SUM(issuer_name IS NULL), 0) FROM documents",
        [],
        |r| {
            let n = |i: usize| r.get::<_, i64>(i).map(|v| v as usize);
            Ok((
                n(0)?,
                crate::model::MissingCounts {
                    number: n(1)?,
                    date: n(2)?,
                    issuer: n(3)?,
                },
            ))
        },
    )?;
    stats.ambiguous = crate::graph::ambiguous_mentions(&stored_anomalies(tx)?);
    {
        let mut stmt = tx.prepare(
            "SELECT COALESCE(category, ''), path FROM files WHERE status = 'skipped' ORDER BY 1, 2",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (category, path) = row?;
            if stats
                .skipped_groups
                .last()
                .is_none_or(|g| g.category != category)
            {
                stats.skipped_groups.push(SkippedGroup {
                    category,
                    ..SkippedGroup::default()
                });
            }
            if let Some(g) = stats.skipped_groups.last_mut() {
                g.count += 1;
                if g.first.len() < SKIPPED_NAMED {
                    g.first.push(path);
                }
            }
            stats.skipped += 1;
        }
    }
    Ok(stats)
}

/// The anomalies stored with the graph, in the order found.
fn stored_anomalies(conn: &Connection) -> Result<Vec<Anomaly>> {
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

/// The schema version an index records, or none when the file is no vncite index (no
/// database, or none with vncite's `meta` table). A damaged or unreadable one is an error.
fn schema_of(conn: &Connection) -> Result<Option<String>> {
    let has_meta: bool = match conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta')",
        [],
        |r| r.get(0),
    ) {
        Ok(b) => b,
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Ok(None)
        }
        Err(e) => return Err(e.into()),
    };
    if !has_meta {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
            r.get(0)
        })
        .optional()?)
}

/// What to say of an index of another version: how to rebuild it, by a command that works.
fn old_version(path: &Path, version: &str) -> String {
    format!(
        "{} is a version {version} index and this vncite reads version {SCHEMA_VERSION}; rebuild it with `vncite index PATH... --rebuild -o {}` (PATH: the files and folders it was made from)",
        path.display(),
        path.display()
    )
}

/// Seconds since 1970 now.
fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// When the index at `path` was last updated: as recorded, else its file's modification time.
fn built_at(conn: &Connection, path: &Path) -> Option<i64> {
    let recorded: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'updated'", [], |r| {
            r.get(0)
        })
        .optional()
        .ok()
        .flatten();
    recorded.and_then(|v| v.parse().ok()).or_else(|| {
        std::fs::metadata(path)
            .ok()
            .map(|m| mtime_ns(&m) / 1_000_000_000)
    })
}

/// The roots recorded by the updates so far: each as given and as an absolute path.
fn stored_roots(conn: &Connection) -> Result<Vec<(String, String)>> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'roots'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(v.and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default())
}

/// Records when this update ran and the roots it was given (absolute, added to those of
/// earlier updates), so a later `--status` knows when and where to look.
fn record_update(tx: &Transaction, paths: &[PathBuf]) -> Result<()> {
    let mut roots: BTreeSet<(String, String)> = stored_roots(tx)?.into_iter().collect();
    for p in paths {
        if let Ok(c) = std::fs::canonicalize(p) {
            let real = read::path_name(&c);
            roots.retain(|(_, r)| *r != real);
            roots.insert((read::path_name(&read::tidy_path(p)), real));
        }
    }
    let roots: Vec<(String, String)> = roots.into_iter().collect();
    tx.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('roots', ?1)",
        [serde_json::to_string(&roots).unwrap_or_else(|_| "[]".into())],
    )?;
    tx.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('updated', ?1)",
        [now_secs().to_string()],
    )?;
    Ok(())
}

/// Rebuilds nodes, edges and their sources from the stored documents.
fn rebuild_graph(tx: &Transaction) -> Result<()> {
    let mut builder = GraphBuilder::new();
    let mut doc_ids: Vec<i64> = Vec::new();
    stream_documents(tx, false, &mut |id, d| {
        builder.add(&d);
        doc_ids.push(id);
        Ok(())
    })?;
    write_graph(tx, builder, &doc_ids)
}

/// Replaces the graph tables by the graph `builder` holds; `doc_ids` are the row ids of the
/// documents it was given, in the order given.
fn write_graph(tx: &Transaction, builder: GraphBuilder, doc_ids: &[i64]) -> Result<()> {
    // Dropped and made again rather than emptied: with foreign keys on, SQLite deletes a table
    // that keys refer to row by row, with each row's index entries (13 % of an update's time),
    // where a dropped table's pages are freed whole. Children first, so that no key refers to
    // a table dropped. The views name the tables again once they are made.
    tx.execute_batch(
        "DROP TABLE IF EXISTS edge_sources; DROP TABLE IF EXISTS edges; DROP TABLE IF EXISTS nodes; DELETE FROM anomalies;",
    )?;
    tx.execute_batch(GRAPH_TABLES)?;
    let g = builder.finish_with(crate::graph::Lookups::Skip);
    {
        let mut ins = tx.prepare_cached(
            "INSERT INTO nodes(id, node_id, key, number, title, kind, date, issuer_name, issuer_body, issuer_code, level, locality, province, in_corpus, path, subject, date_from, date_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        )?;
        for n in g.graph.node_indices() {
            let node = &g.graph[n];
            let i = issuer_cols(node.issuer.as_ref());
            ins.execute(params![
                n.index() as i64 + 1,
                node.id,
                node.key.as_ref().map(|k| k.to_string()),
                node.key.as_ref().map(|k| k.number as i64),
                node.title,
                node.kind.map(|k| k.name()),
                node.date.map(|d| d.to_string()),
                i[0],
                i[1],
                i[2],
                i[3],
                i[4],
                i[5],
                node.in_corpus as i64,
                node.path,
                node.subject,
                node.date.map(crate::interchange::date_from),
                node.date.map(crate::interchange::date_to),
            ])?;
        }
    }
    {
        let mut ins_edge = tx.prepare_cached(
            "INSERT INTO edges(id, citing, cited, relation) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut ins_src =
            tx.prepare_cached("INSERT INTO edge_sources(edge, doc, ord) VALUES (?1, ?2, ?3)")?;
        for e in g.graph.edge_indices() {
            let Some((a, b)) = g.graph.edge_endpoints(e) else {
                continue;
            };
            let w = &g.graph[e];
            let id = e.index() as i64 + 1;
            ins_edge.execute(params![
                id,
                a.index() as i64 + 1,
                b.index() as i64 + 1,
                w.relation.as_str()
            ])?;
            for &(d, r) in &w.refs {
                if let Some(doc) = doc_ids.get(d as usize) {
                    ins_src.execute(params![id, doc, r as i64])?;
                }
            }
        }
    }
    let mut ins = tx.prepare_cached("INSERT INTO anomalies(type, detail) VALUES (?1, ?2)")?;
    for a in &g.anomalies {
        let v = serde_json::to_value(a).unwrap_or_default();
        ins.execute(params![v["type"].as_str().unwrap_or(""), v.to_string()])?;
    }
    tx.execute_batch(GRAPH_INDEXES)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_under_the_roots_that_contain_it_only() {
        assert!(under_root("data/a.txt", "data"));
        assert!(under_root("data/a.txt", "data/"));
        assert!(under_root("data/a.txt", "data/a.txt"));
        assert!(under_root("./data/x/a.txt", "."));
        assert!(under_root("/abs/a.txt", "/"));
        assert!(!under_root("data2/a.txt", "data"));
        assert!(!under_root("data/a.txt", "data/b.txt"));
        assert!(!under_root("other/a.txt", "data"));
    }

    #[test]
    fn the_index_files_beside_it_are_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("x.db");
        for own in [
            "x.db",
            "x.db-journal",
            "x.db-wal",
            ".x.db.vncite-12.tmp",
            ".x.db.vncite-12.tmp-journal",
        ] {
            assert!(is_own_file(&dir.path().join(own), &out), "{own}");
        }
        for other in ["y.db", "x.dbx", "x.db.txt", ".x.db.vncite-12.tmp.md"] {
            assert!(!is_own_file(&dir.path().join(other), &out), "{other}");
        }
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        assert!(
            !is_own_file(&sub.join("x.db"), &out),
            "another folder's x.db is an input"
        );
    }
}
