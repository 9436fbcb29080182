//! What an index file holds: the tables, their indexes and views, the version that names
//! them, and the `meta` rows that say when and from where the index was last updated.

use super::rows::mtime_ns;
use super::Result;
use crate::read;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::collections::{BTreeSet, HashSet};
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
CREATE TABLE IF NOT EXISTS documents(
  id INTEGER PRIMARY KEY, file INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE, path TEXT NOT NULL, doc_id TEXT NOT NULL,
  number TEXT, symbol TEXT, kind TEXT, date TEXT, issuer_name TEXT, issuer_body TEXT, issuer_code TEXT,
  level TEXT, locality TEXT, province TEXT, place TEXT, subject TEXT, encoding TEXT,
  part INTEGER NOT NULL, parts INTEGER NOT NULL, line INTEGER NOT NULL, end_line INTEGER NOT NULL,
  start INTEGER NOT NULL, end INTEGER NOT NULL,
  number_source TEXT, kind_source TEXT, issuer_source TEXT, date_source TEXT, date_from TEXT, date_to TEXT);
CREATE TABLE IF NOT EXISTS refs(
  doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE, ord INTEGER NOT NULL,
  key TEXT, title TEXT, kind TEXT, date TEXT, issuer_name TEXT, issuer_body TEXT, issuer_code TEXT,
  level TEXT, locality TEXT, province TEXT, relation TEXT NOT NULL, citer INTEGER, back_reference INTEGER,
  line INTEGER, col INTEGER, start INTEGER, end INTEGER, text TEXT, sentence TEXT, date_from TEXT, date_to TEXT,
  PRIMARY KEY(doc, ord)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS anomalies(type TEXT NOT NULL, detail TEXT NOT NULL);
";

/// The indexes of the document tables. A new index makes them after its rows are written
/// (one sort each, instead of an insertion at a random place for every row); an update of an
/// index that has them keeps them up to date as it writes. The partial ones hold the few
/// files passed over and the few documents without a number, date or issuer, which every
/// update counts: without them, a scan of every record (a quarter second at a million).
const SCHEMA_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS files_canonical ON files(canonical);
CREATE INDEX IF NOT EXISTS files_skipped ON files(category, path) WHERE status = 'skipped';
CREATE INDEX IF NOT EXISTS documents_no_number ON documents(id) WHERE number IS NULL;
CREATE INDEX IF NOT EXISTS documents_no_date ON documents(id) WHERE date IS NULL;
CREATE INDEX IF NOT EXISTS documents_no_issuer ON documents(id) WHERE issuer_name IS NULL;
CREATE INDEX IF NOT EXISTS documents_file ON documents(file);
CREATE INDEX IF NOT EXISTS refs_key ON refs(key);
";

/// The graph tables, made again whole by each update that changes the graph (see
/// `update::write_graph`).
pub(super) const GRAPH_TABLES: &str = "
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
/// insertion at a random place of each index for each row. The edges' two indexes hold every
/// column of an edge, so a walk reads its edges from the index alone: a walk that reaches
/// 15,000 documents of a million made a third fewer reads, 12 % less time.
pub(super) const GRAPH_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS nodes_key ON nodes(key);
CREATE INDEX IF NOT EXISTS nodes_number ON nodes(number);
CREATE INDEX IF NOT EXISTS nodes_path ON nodes(path);
CREATE INDEX IF NOT EXISTS edges_citing ON edges(citing, cited, relation);
CREATE INDEX IF NOT EXISTS edges_cited ON edges(cited, citing, relation);
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

/// Whether [`create`] makes the document tables' indexes now or leaves them to
/// [`create_indexes`], after the rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Indexes {
    /// Now: the index may hold rows already.
    Now,
    /// After the rows: a new index.
    AfterRows,
}

/// Makes whatever tables, indexes and views the index lacks, and records this version.
pub(super) fn create(tx: &Transaction, indexes: Indexes) -> Result<()> {
    for part in [SCHEMA, GRAPH_TABLES, GRAPH_INDEXES, VIEWS] {
        tx.execute_batch(part)?;
    }
    if indexes == Indexes::Now {
        create_indexes(tx)?;
    }
    tx.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', ?1)",
        [SCHEMA_VERSION],
    )?;
    Ok(())
}

/// Makes the document tables' indexes the index lacks.
pub(super) fn create_indexes(tx: &Transaction) -> Result<()> {
    tx.execute_batch(SCHEMA_INDEXES)?;
    Ok(())
}

/// The file records whose names an older vncite wrote untidy (with a `./`), for
/// [`tidy_old_paths`]; nearly always none.
pub(super) fn untidy_paths(tx: &Transaction) -> Result<Vec<(i64, String)>> {
    let mut stmt = tx.prepare("SELECT id, path FROM files WHERE path LIKE '%./%'")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get("id")?, r.get("path")?)))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(rows)
}

/// An index written before paths were tidied may name a file `./seeds/a.txt`: it takes the
/// name the walk gives it now (`seeds/a.txt`). When this update reads that name (`walked`), or
/// the index holds it too, the old record goes and the file is read under its name; else the
/// record and its documents are renamed, so nothing outside this update's roots is lost.
/// Returns how many records were changed; `rows` are the records [`untidy_paths`] found.
pub(super) fn tidy_old_paths(
    tx: &Transaction,
    rows: Vec<(i64, String)>,
    walked: &[PathBuf],
) -> Result<usize> {
    if rows.is_empty() {
        // The usual case: no set of every name walked is made.
        return Ok(0);
    }
    let walked: HashSet<String> = walked.iter().map(|p| read::path_name(p)).collect();
    let mut migrated = 0;
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
            rename_file(tx, id, &path, &tidy)?;
        }
    }
    Ok(migrated)
}

/// Renames the file record `id` from `old` to `new`, with its documents' paths.
pub(super) fn rename_file(tx: &Transaction, id: i64, old: &str, new: &str) -> Result<()> {
    tx.execute("UPDATE files SET path = ?1 WHERE id = ?2", params![new, id])?;
    tx.execute(
        "UPDATE documents SET path = ?1 || substr(path, length(?2) + 1) WHERE file = ?3",
        params![new, old, id],
    )?;
    Ok(())
}

/// Opens an index file to read it. The connection is used by one thread at a time (a
/// `Connection` is not `Sync`), so SQLite's own lock around every call is left out: it was a
/// tenth of a query that reads 15,000 nodes.
pub(crate) fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// The schema version an index records, or none when the file is no vncite index (no
/// database, or none with vncite's `meta` table). A damaged or unreadable one is an error.
pub(super) fn schema_of(conn: &Connection) -> Result<Option<String>> {
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
pub(super) fn old_version(path: &Path, version: &str) -> String {
    format!(
        "{} is a version {version} index and this vncite reads version {SCHEMA_VERSION}; rebuild it with `vncite index PATH... --rebuild -o {}` (PATH: the files and folders it was made from)",
        path.display(),
        path.display()
    )
}

/// Seconds since 1970 now.
pub(super) fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// When the index at `path` was last updated: as recorded, else its file's modification time.
pub(super) fn built_at(conn: &Connection, path: &Path) -> Option<i64> {
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
pub(super) fn stored_roots(conn: &Connection) -> Result<Vec<(String, String)>> {
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
pub(super) fn record_update(tx: &Transaction, paths: &[PathBuf]) -> Result<()> {
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
