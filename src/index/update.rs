//! Updating an index: walking the given folders, reading what changed, writing documents and
//! references, and making the graph tables again from them.

use super::rows::{encoding_name, issuer_cols, mtime_ns, stream_documents, Cols, FileRow};
use super::schema::{
    self, old_version, record_update, schema_of, GRAPH_INDEXES, GRAPH_TABLES, SCHEMA_VERSION,
};
use super::{Index, IndexError, Removal, Result, SkippedGroup, Start, UpdateStats, SKIPPED_NAMED};
use crate::graph::GraphBuilder;
use crate::model::{Citer, Document, SkipReason, Skipped};
use crate::read::{self, ReadOptions};
use rayon::prelude::*;
use rusqlite::{params, Connection, Transaction};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};

impl Index {
    /// Builds or updates the index at `out` from files and folders. A new index is written to a
    /// temporary file and renamed into place; an update runs in one transaction. Either way an
    /// interrupted run leaves the previous index as it was. [`Start::Fresh`] writes a new index
    /// over an existing one (of any version) from `paths` alone; a file that is no vncite index is
    /// never written over. Temporary files that an interrupted run left beside `out` are
    /// removed first.
    pub fn update(
        out: &Path,
        paths: &[PathBuf],
        opt: &ReadOptions,
        removal: Removal,
        start: Start,
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
            let conn = schema::open_read_only(out)?;
            match schema_of(&conn)? {
                None => {
                    return Err(IndexError::Refused(format!(
                        "{} exists and is not a vncite index; name another file",
                        out.display()
                    )))
                }
                Some(v) if v != SCHEMA_VERSION && start == Start::Existing => {
                    return Err(IndexError::Refused(old_version(out, &v)))
                }
                Some(_) => {}
            }
        }
        let stale_removed = crate::temp::remove_stale(out);
        let fresh = !exists || start == Start::Fresh;
        let work = if fresh {
            crate::temp::temp_beside(out)
        } else {
            out.to_path_buf()
        };
        if fresh {
            crate::temp::register(&work);
        }
        let result = (|| {
            let mut conn = Connection::open(&work)?;
            conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;")?;
            if fresh {
                // A new index is written to a file of its own and renamed into place only
                // once complete: an interrupted run leaves nothing a journal could restore.
                // Its rows refer to rows written before them by construction, and it deletes
                // nothing, so checking each reference (a lookup per row of documents, refs,
                // edges and their sources) buys nothing either.
                // Rows are appended and the indexes made after them, so a small page cache
                // does: 8 MB instead of 64 made a new index of 100,000 documents 60 MB smaller
                // and no slower (4.53-7.22 s against 5.05-5.62 s, three runs each in turn).
                conn.execute_batch(
                    "PRAGMA journal_mode = OFF; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -8192;",
                )?;
            }
            let tx = conn.transaction()?;
            let indexes = if fresh {
                schema::Indexes::AfterRows
            } else {
                schema::Indexes::Now
            };
            schema::create(&tx, indexes)?;
            let stats = update_in(&tx, out, paths, opt, removal, progress)?;
            schema::create_indexes(&tx)?;
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
        doc.number.as_ref().map(crate::model::DocKey::written),
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

/// What reading one file during an update gave.
enum ReadResult {
    /// Its bytes hash as the index holds them: only its size and time change.
    Unchanged,
    /// Read anew: its content hash (none when it could not be read), its documents or why not.
    Read {
        hash: Option<String>,
        doc: std::result::Result<Vec<Document>, Skipped>,
    },
}

/// Files read and extracted together before their documents are written.
const BATCH: usize = 2048;

/// A file to read in an update: where it is, its size and time, and whether the path is a
/// symbolic link. Its name in the index, and the hash the index holds for it, are looked up
/// again when it is read rather than held for every file of a new index.
struct Todo<'a> {
    path: &'a Path,
    size: i64,
    mtime: i64,
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
    Read { size: i64, mtime: i64 },
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
            .strip_prefix(&crate::temp::temp_prefix(out))
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

/// What the index knows of a file from an earlier update (a `files` row).
struct KnownFile {
    id: i64,
    /// Size in bytes; -1 when unknown.
    size: i64,
    /// Modification time in nanoseconds; -1 when unknown.
    mtime: i64,
    /// The content hash recorded (a hash, not its 64 hex digits: one allocation fewer for
    /// every file an update holds in memory).
    hash: Option<blake3::Hash>,
    /// Its absolute path, when recorded.
    canonical: Option<String>,
    /// Found by this update's walk (or among the files it passed over).
    seen: bool,
}

/// What the index knows of each file, by its name.
#[derive(Default)]
struct Known {
    files: HashMap<String, KnownFile>,
}

/// The graph of a new index, built from its documents as they are written, with their row ids
/// in the order given.
type Inline = (GraphBuilder, Vec<i64>);

/// One update inside its transaction, step by step: what the index holds is matched with what
/// the walk finds, files gone are removed, files changed are read and written, and the graph
/// tables are made again when anything changed.
fn update_in(
    tx: &Transaction,
    out: &Path,
    paths: &[PathBuf],
    opt: &ReadOptions,
    removal: Removal,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<UpdateStats> {
    let (inputs, mut migrated, mut known) = walk_and_recall(tx, paths)?;
    let mut stats = UpdateStats {
        files: inputs.files.len() + inputs.skipped.len(),
        ..UpdateStats::default()
    };
    migrated += adopt_moved_files(tx, &inputs.files, &mut known)?;
    let (todo, walked_skipped) = plan_reads(&inputs.files, &inputs.skipped, &mut known, &mut stats);
    record_skipped(
        tx,
        &inputs.skipped,
        out,
        &mut known,
        &walked_skipped,
        &mut stats,
    )?;
    remove_gone(tx, paths, &known, removal, &mut stats)?;
    // An index that holds no document yet (a new one) gets its documents from this update
    // alone, in row-id order: the graph is built from them as they are written instead of
    // reading every one back (a fifth of a new index's time).
    let empty: bool = tx.query_row("SELECT NOT EXISTS(SELECT 1 FROM documents)", [], |r| {
        r.get(0)
    })?;
    let mut inline = empty.then(|| (GraphBuilder::new(), Vec::<i64>::new()));
    read_changed(tx, &todo, opt, &known, &mut inline, progress, &mut stats)?;
    // The walk's lists are not needed for the graph, whose making is when memory peaks.
    drop(todo);
    drop(known);
    drop(inputs);
    // Nothing read, nothing gone: the graph tables already say what the documents say.
    // Renamed rows change the graph's node paths too.
    let changed = stats.read > 0 || stats.removed > 0 || migrated > 0;
    refresh_graph(tx, changed, inline)?;
    count_documents(tx, &mut stats)?;
    stats.ambiguous = super::stored_ambiguous_mentions(tx)?;
    group_skipped(tx, &mut stats)?;
    Ok(stats)
}

/// The files under `paths` and every file the index holds, the two read at once: the walk
/// waits on the file system, the index's records on SQLite and the memory they fill, and in
/// an update that finds nothing changed they were two thirds of its time one after the other.
/// Records an older vncite named untidily are renamed first, which needs the walk's names.
fn walk_and_recall(tx: &Transaction, paths: &[PathBuf]) -> Result<(read::Inputs, usize, Known)> {
    std::thread::scope(|s| {
        let walk = s.spawn(|| read::collect(paths));
        let finish = |w: std::thread::ScopedJoinHandle<'_, read::Inputs>| match w.join() {
            Ok(inputs) => inputs,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let untidy = schema::untidy_paths(tx)?;
        if untidy.is_empty() {
            let known = known_files(tx)?;
            Ok((finish(walk), 0, known))
        } else {
            let inputs = finish(walk);
            let migrated = schema::tidy_old_paths(tx, untidy, &inputs.files)?;
            Ok((inputs, migrated, known_files(tx)?))
        }
    })
}

/// Every file the index holds, by name.
fn known_files(tx: &Transaction) -> Result<Known> {
    // Sized once: growing a map of 300,000 names rehashed it a dozen times.
    let n: i64 = tx.query_row("SELECT COUNT(*) FROM files", [], |r| r.get(0))?;
    let mut known = Known {
        files: HashMap::with_capacity_and_hasher(n.max(0) as usize, Default::default()),
    };
    let mut stmt = tx.prepare(FileRow::SELECT_ALL)?;
    let cols = Cols::of(&stmt);
    for row in stmt.query_map([], |r| FileRow::read(r, &cols))? {
        let f = row?;
        let file = KnownFile {
            id: f.id,
            size: f.size.unwrap_or(-1),
            mtime: f.mtime.unwrap_or(-1),
            hash: f.hash.and_then(|h| blake3::Hash::from_hex(h).ok()),
            canonical: f.canonical,
            seen: false,
        };
        known.files.insert(f.path, file);
    }
    Ok(known)
}

/// A file the index holds under another name — the index was made from another folder
/// (`vncite index sub -o sub/x.db`, then `vncite index .` inside sub) — takes the name this
/// update gives it, with its documents: it is the same file, not a new one and a gone one.
/// Returns how many were renamed.
fn adopt_moved_files(tx: &Transaction, files: &[PathBuf], known: &mut Known) -> Result<usize> {
    // Made at the first file the index does not know by name: an update of files it knows
    // (nothing added) makes no map of every absolute path.
    let mut by_canonical: Option<HashMap<&str, &str>> = None;
    let mut renames: Vec<(String, String)> = Vec::new();
    for p in files {
        let key = read::path_name_ref(p);
        if known.files.contains_key(key.as_ref()) {
            continue;
        }
        let by_canonical = by_canonical.get_or_insert_with(|| {
            known
                .files
                .iter()
                .filter_map(|(p, f)| Some((f.canonical.as_deref()?, p.as_str())))
                .collect()
        });
        if by_canonical.is_empty() {
            break;
        }
        let Ok(c) = std::fs::canonicalize(p) else {
            continue;
        };
        if let Some(&old) = by_canonical.get(read::path_name(&c).as_str()) {
            renames.push((old.to_string(), key.into_owned()));
        }
    }
    let mut renamed = 0;
    for (old, new) in renames {
        let Some(v) = known.files.remove(&old) else {
            continue;
        };
        schema::rename_file(tx, v.id, &old, &new)?;
        known.files.insert(new, v);
        renamed += 1;
    }
    Ok(renamed)
}

/// The files to read: new ones, and those whose size or time changed; marks the files the
/// index knows as seen, and counts the unchanged. Returns the files to read, and the names of
/// the files passed over (`skipped`) that the walk also found as files to read.
fn plan_reads<'a>(
    files: &'a [PathBuf],
    skipped: &[Skipped],
    known: &mut Known,
    stats: &mut UpdateStats,
) -> (Vec<Todo<'a>>, HashSet<String>) {
    // No set of every name walked: the index's own records are marked instead, and the few
    // names passed over are looked for among the files.
    let passed_over: HashSet<&str> = skipped.iter().map(|s| s.path.as_str()).collect();
    let mut walked_skipped: HashSet<String> = HashSet::default();
    let mut todo: Vec<Todo> = Vec::new();
    // The files' status is asked for in parallel, a slice at a time (the system calls were a
    // third of an update that finds nothing changed); the plan is made in the walk's order.
    for slice in files.chunks(BATCH) {
        let status: Vec<Status> = slice.par_iter().map(|p| Status::of(p)).collect();
        for (p, st) in slice.iter().zip(status) {
            let key = read::path_name_ref(p);
            if passed_over.contains(key.as_ref()) {
                walked_skipped.insert(key.to_string());
            }
            let old = known.files.get_mut(key.as_ref()).map(|k| {
                k.seen = true;
                &*k
            });
            let plan = match (st.size_mtime, old) {
                (Some((size, mtime)), Some(k)) if size == k.size && mtime == k.mtime => {
                    Plan::Unchanged
                }
                (Some((size, mtime)), _) => Plan::Read { size, mtime },
                (None, _) => Plan::Read {
                    size: -1,
                    mtime: -1,
                },
            };
            match plan {
                Plan::Unchanged => stats.unchanged += 1,
                Plan::Read { size, mtime } => todo.push(Todo {
                    path: p,
                    size,
                    mtime,
                    link: st.link,
                }),
            }
        }
    }
    (todo, walked_skipped)
}

/// What an update asks of a walked file before deciding to read it.
struct Status {
    /// Its size and modification time (ns), when its status could be read.
    size_mtime: Option<(i64, i64)>,
    /// Whether the path is a symbolic link (or its own status could not be read).
    link: bool,
}

impl Status {
    fn of(p: &Path) -> Status {
        // The link's own status first: for a plain file it is the file's, and it says whether
        // the real path may be found from the folder's (see `RealPaths`).
        let lmeta = std::fs::symlink_metadata(p);
        let link = lmeta.as_ref().map_or(true, |m| m.file_type().is_symlink());
        let meta = match lmeta {
            Ok(m) if !link => Ok(m),
            _ => std::fs::metadata(p),
        };
        Status {
            size_mtime: meta.ok().map(|m| (m.len() as i64, mtime_ns(&m))),
            link,
        }
    }
}

/// Records the files and folders the walk passed over as skipped.
fn record_skipped(
    tx: &Transaction,
    skipped: &[Skipped],
    out: &Path,
    known: &mut Known,
    walked: &HashSet<String>,
    stats: &mut UpdateStats,
) -> Result<()> {
    let mut recorded: HashSet<&str> = HashSet::default();
    for s in skipped {
        // A file named twice is read once: its record is the read one. The index's own
        // files in the corpus are not inputs.
        if walked.contains(&s.path)
            || recorded.contains(s.path.as_str())
            || is_own_file(Path::new(&s.path), out)
        {
            stats.files -= 1;
            continue;
        }
        recorded.insert(&s.path);
        if let Some(k) = known.files.get_mut(&s.path) {
            k.seen = true;
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
    Ok(())
}

/// Removes the files gone since the last run, under the roots this update was given: what
/// lies elsewhere was not looked at, and stays. Refuses when most of them are gone and
/// `removal` guards against it.
fn remove_gone(
    tx: &Transaction,
    paths: &[PathBuf],
    known: &Known,
    removal: Removal,
    stats: &mut UpdateStats,
) -> Result<()> {
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
    let is_under = |k: &String| match known.files.get(k).and_then(|f| f.canonical.as_ref()) {
        Some(c) => real_roots.iter().any(|r| under_root(c, r)),
        None => roots.iter().any(|r| under_root(k, r)),
    };
    let mut gone: Vec<&String> = known
        .files
        .iter()
        .filter(|(k, f)| !f.seen && is_under(k))
        .map(|(k, _)| k)
        .collect();
    gone.sort();
    // Measured against what the index holds under those roots: one empty mount among
    // several roots must not pass for a small removal.
    let held = known.files.keys().filter(|k| is_under(k)).count();
    if removal == Removal::Guarded && gone.len() >= 2 && gone.len() * 2 > held {
        return Err(IndexError::Refused(format!(
            "{} of the {} files the index holds under {} are gone; nothing was changed (a wrong or unmounted folder looks the same: pass --prune to remove them)",
            gone.len(),
            held,
            roots.join(", ")
        )));
    }
    for p in gone {
        tx.prepare_cached("DELETE FROM files WHERE path = ?1")?
            .execute([p])?;
        stats.removed += 1;
    }
    Ok(())
}

/// Reads the files of `batch` in parallel, each once within the size limit (the bytes hashed
/// are the bytes read), extracting those whose content changed.
fn read_batch(batch: &[Todo], known: &Known, opt: &ReadOptions) -> Vec<ReadResult> {
    batch
        .par_iter()
        .map(|t| {
            let bytes = crate::read::read_bytes(t.path, opt);
            let hash = bytes.as_ref().ok().map(|b| blake3::hash(b));
            let old = known.files.get(read::path_name_ref(t.path).as_ref());
            if hash.is_some() && hash == old.and_then(|k| k.hash) {
                ReadResult::Unchanged
            } else {
                let doc = crate::extract_bytes(t.path, bytes, opt);
                let hash = hash.map(|h| h.to_hex().to_string());
                ReadResult::Read { hash, doc }
            }
        })
        .collect()
}

/// Reads what changed, in parallel batches, and writes each file's record and documents.
///
/// The batches are read on another thread while this one writes the batch before: writing
/// is serial (one SQLite connection) and took as long as reading, so run one after the other
/// they left a core idle half the time. Batches arrive in order, so the rows are the same as
/// a serial update's; memory holds at most three batches of documents (one written, one
/// waiting, one read).
fn read_changed(
    tx: &Transaction,
    todo: &[Todo],
    opt: &ReadOptions,
    known: &Known,
    inline: &mut Option<Inline>,
    progress: &(dyn Fn(usize, usize) + Sync),
    stats: &mut UpdateStats,
) -> Result<()> {
    let mut real = RealPaths::default();
    let total = todo.len();
    std::thread::scope(|s| {
        let (send, batches) = std::sync::mpsc::sync_channel(1);
        s.spawn(move || {
            for batch in todo.chunks(BATCH) {
                // The writer stopped (an error): nothing more to read for it.
                if send.send((batch, read_batch(batch, known, opt))).is_err() {
                    break;
                }
            }
        });
        let mut done = 0;
        // Leaving this loop early drops the receiver, which stops the reader.
        for (batch, results) in batches {
            for (t, result) in batch.iter().zip(results) {
                write_result(tx, t, result, known, &mut real, inline, stats)?;
            }
            done += batch.len();
            progress(done, total);
        }
        Ok(())
    })
}

/// Writes what reading one file gave: its new size and time when its bytes had not changed,
/// else its record and documents in place of the old.
fn write_result(
    tx: &Transaction,
    t: &Todo,
    result: ReadResult,
    known: &Known,
    real: &mut RealPaths,
    inline: &mut Option<Inline>,
    stats: &mut UpdateStats,
) -> Result<()> {
    let key = read::path_name_ref(t.path);
    let ReadResult::Read { hash, doc } = result else {
        tx.prepare_cached("UPDATE files SET size = ?1, mtime_ns = ?2 WHERE path = ?3")?
            .execute(params![t.size, t.mtime, key])?;
        stats.unchanged += 1;
        return Ok(());
    };
    // Only a file the index holds has a record to replace: a new index deletes nothing.
    if known.files.contains_key(key.as_ref()) {
        tx.prepare_cached("DELETE FROM files WHERE path = ?1")?
            .execute([key.as_ref()])?;
    }
    // The real path, not the name: a name that is not UTF-8 is written with U+FFFD and hex
    // digits, which names no file on disk.
    let canonical = real.of(t.path, t.link);
    write_file(tx, t, &key, canonical, hash, doc, inline)?;
    stats.read += 1;
    Ok(())
}

/// Writes the record of one file read, and its documents (handed to the graph of a new
/// index as they are written).
fn write_file(
    tx: &Transaction,
    t: &Todo,
    key: &str,
    canonical: Option<String>,
    hash: Option<String>,
    doc: std::result::Result<Vec<Document>, Skipped>,
    inline: &mut Option<Inline>,
) -> Result<()> {
    let (size, mtime) = (t.size, t.mtime);
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
                if let Some((builder, rows)) = inline {
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
    Ok(())
}

/// Makes the graph tables again when the documents changed, or when they were never made.
fn refresh_graph(tx: &Transaction, changed: bool, inline: Option<Inline>) -> Result<()> {
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
    Ok(())
}

/// How many documents the index holds, and how many lack a number, a date or an issuer.
fn count_documents(tx: &Transaction, stats: &mut UpdateStats) -> Result<()> {
    (stats.documents, stats.missing) = tx.query_row(
        // Each count from an index (`schema::SCHEMA_INDEXES`), none from the table.
        "SELECT (SELECT COUNT(*) FROM documents) AS documents, \
         (SELECT COUNT(*) FROM documents WHERE number IS NULL) AS no_number, \
         (SELECT COUNT(*) FROM documents WHERE date IS NULL) AS no_date, \
         (SELECT COUNT(*) FROM documents WHERE issuer_name IS NULL) AS no_issuer",
        [],
        |r| {
            let n = |c: &str| r.get::<_, i64>(c).map(|v| v as usize);
            Ok((
                n("documents")?,
                crate::model::MissingCounts {
                    number: n("no_number")?,
                    date: n("no_date")?,
                    issuer: n("no_issuer")?,
                },
            ))
        },
    )?;
    Ok(())
}

/// The files held as skipped, grouped by category (the first few of each named).
fn group_skipped(tx: &Transaction, stats: &mut UpdateStats) -> Result<()> {
    let mut stmt =
        tx.prepare("SELECT category, path FROM files WHERE status = 'skipped' ORDER BY 1, 2")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, SkipReason>("category")?,
            r.get::<_, String>("path")?,
        ))
    })?;
    for row in rows {
        let (category, path) = row?;
        if stats
            .skipped_groups
            .last()
            .is_none_or(|g| g.category != category)
        {
            stats.skipped_groups.push(SkippedGroup {
                category,
                count: 0,
                first: Vec::new(),
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
    Ok(())
}

/// Rebuilds nodes, edges and their sources from the stored documents.
fn rebuild_graph(tx: &Transaction) -> Result<()> {
    let mut builder = GraphBuilder::new();
    let mut doc_ids: Vec<i64> = Vec::new();
    stream_documents(tx, &mut |id, d| {
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
    // Nodes are made one at a time as they are written: the graph is never held as nodes.
    let g = builder.resolve();
    {
        let mut ins = tx.prepare_cached(
            "INSERT INTO nodes(id, node_id, key, number, title, kind, date, issuer_name, issuer_body, issuer_code, level, locality, province, in_corpus, path, subject, date_from, date_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        )?;
        for n in 0..g.node_count() {
            let Some(node) = g.node(n) else { continue };
            let i = issuer_cols(node.issuer.as_ref());
            ins.execute(params![
                n as i64 + 1,
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
        for (e, w) in g.edges().enumerate() {
            let id = e as i64 + 1;
            ins_edge.execute(params![
                id,
                w.citing as i64 + 1,
                w.cited as i64 + 1,
                w.relation.as_str()
            ])?;
            for &(d, r) in w.refs {
                if let Some(doc) = doc_ids.get(d as usize) {
                    ins_src.execute(params![id, doc, r as i64])?;
                }
            }
        }
    }
    let mut ins = tx.prepare_cached("INSERT INTO anomalies(type, detail) VALUES (?1, ?2)")?;
    for a in g.anomalies() {
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
