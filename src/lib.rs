//! vncite: citation graphs from Vietnamese government documents.
//!
//! A document travels a pipeline, and each stage is a module:
//! [`read`] (files, folders, encodings; [`decode`] the legacy ones) → [`normalize`] (one clean
//! spelling, mapped back to the input) → [`extract`] (header and references; [`key`] reads
//! numbers) → [`resolve`] (issuers and shared facts) → [`graph`] (identities across the
//! corpus, citation edges) → [`query`] (descendants, ancestors, paths) → [`render`] (DOT, SVG)
//! and [`present`] (trees, lists, cards) → [`report`] (Markdown, HTML); [`export`] writes
//! extraction results, [`interchange`] the graph for other tools (GEXF, GraphML, node-link
//! JSON, CSV), [`explorer`] the browsable page, [`annotate`] each file as an HTML page with its
//! references highlighted, [`index`] all of it into SQLite for later queries.
//!
//! What the stages share: [`model`] (the document, its references, and the concepts they are
//! made of: kinds, relations, keys, dates, encodings), [`gazetteer`] (provinces, bodies and
//! codes), [`own`] (vncite's own outputs, so that reading passes them over) and [`temp`]
//! (files replaced whole). No module imports one that imports it back (`tests/house.rs`).
//!
//! The whole pipeline for a set of paths is [`extract_paths`].

pub mod annotate;
pub mod decode;
pub mod explorer;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod graph;
pub mod index;
pub mod interchange;
pub mod key;
pub mod model;
pub mod normalize;
pub mod own;
pub mod present;
pub mod query;
pub mod read;
pub mod render;
pub mod report;
pub mod resolve;
pub mod temp;

use model::{Document, Skipped};
use rayon::prelude::*;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

pub use model::DocKey;
pub use model::{Citer, DocKind, Issuer, Level, PartialDate, Reference, Relation, SourceSpan};

/// Documents read from a set of paths, and every file that was not read.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Documents in input order (named paths first to last, folders sorted by name).
    pub documents: Vec<Document>,
    /// Files and folders passed over, with the reason.
    pub skipped: Vec<Skipped>,
}

/// Reads, extracts and resolves one decoded text: its documents, in order (one for most
/// files; a bundle of documents gives one each).
pub fn extract_text(source: &read::SourceText) -> Vec<Document> {
    let mut docs = extract::find(source);
    for doc in &mut docs {
        resolve::resolve(doc);
    }
    docs
}

/// [`extract_text`] held to one file: a bug that panics on some text costs that file (skipped,
/// with the panic's message), never the run and every other file's documents.
fn extract_guarded(source: &read::SourceText) -> Result<Vec<Document>, read::ReadError> {
    std::panic::catch_unwind(|| extract_text(source)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string());
        read::ReadError::Internal(message)
    })
}

/// Reads one file into its documents, or says why it cannot be read.
pub fn extract_file(path: &Path, opt: &read::ReadOptions) -> Result<Vec<Document>, Skipped> {
    read::read_file(path, opt)
        .and_then(|s| extract_guarded(&s))
        .map_err(|e| skipped_file(path, e))
}

/// [`extract_file`] on bytes already read from `path` (or the error reading them gave).
pub fn extract_bytes(
    path: &Path,
    bytes: Result<Vec<u8>, read::ReadError>,
    opt: &read::ReadOptions,
) -> Result<Vec<Document>, Skipped> {
    bytes
        .and_then(|b| read::decode_owned(&read::path_name(path), b, opt.encoding))
        .and_then(|s| extract_guarded(&s))
        .map_err(|e| skipped_file(path, e))
}

/// The whole pipeline over files and folders, in parallel, with output in a stable order.
pub fn extract_paths(paths: &[PathBuf]) -> Corpus {
    extract_paths_with(paths, &read::ReadOptions::default())
}

/// Runs the pipeline over files and folders in parallel batches, handing each document to
/// `each` in input order and dropping it, so memory holds one batch, not the corpus. Returns
/// the files passed over, sorted.
pub fn extract_paths_streaming(
    paths: &[PathBuf],
    opt: &read::ReadOptions,
    each: &mut dyn FnMut(Document) -> std::io::Result<()>,
) -> std::io::Result<Vec<Skipped>> {
    extract_paths_map(paths, opt, |d| d, each)
}

/// Documents handed over per batch: large enough that the workers rarely wait on each other,
/// small enough that memory holds a few batches, never the corpus.
const BATCH: usize = 2048;

/// Runs the pipeline over files and folders, turning each document into a `T` with `map` on
/// the worker threads (serializing it, say) and handing the results to `each` in input order
/// on the calling thread while the next batch is being read. Returns the files passed over,
/// sorted.
pub fn extract_paths_map<T, M>(
    paths: &[PathBuf],
    opt: &read::ReadOptions,
    map: M,
    each: &mut dyn FnMut(T) -> std::io::Result<()>,
) -> std::io::Result<Vec<Skipped>>
where
    T: Send,
    M: Fn(Document) -> T + Sync,
{
    let (paths_tx, paths_rx) = std::sync::mpsc::sync_channel::<Vec<PathBuf>>(4);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<T, Skipped>>>(2);
    let mut skipped = std::thread::scope(|scope| {
        // The walk runs beside the reading: the first batch is read while folders are still
        // being listed, and a corpus of a million files is never listed before work starts.
        let walker = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let skipped = read::collect_each(paths, &mut |p| {
                batch.push(p);
                if batch.len() < BATCH {
                    return ControlFlow::Continue(());
                }
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                // The readers stop early only on a write error: the walk stops with them.
                match paths_tx.send(full) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(_) => ControlFlow::Break(()),
                }
            });
            if !batch.is_empty() {
                // A refusal means the readers stopped on a write error, which is reported.
                let _ = paths_tx.send(batch);
            }
            skipped
        });
        let map = &map;
        scope.spawn(move || {
            for batch in paths_rx {
                let chunks: Vec<Vec<Result<T, Skipped>>> = batch
                    .par_chunks(STAGE)
                    .map(|chunk| extract_chunk(chunk, opt, map))
                    .collect();
                let results: Vec<Result<T, Skipped>> = chunks.into_iter().flatten().collect();
                // The receiver stops early only on a write error, which it reports.
                if tx.send(results).is_err() {
                    break;
                }
            }
        });
        let mut skipped = Vec::new();
        for results in rx {
            for r in results {
                match r {
                    Ok(t) => each(t)?,
                    Err(s) => skipped.push(s),
                }
            }
        }
        let walked = walker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        skipped.extend(walked);
        Ok::<_, std::io::Error>(skipped)
    })?;
    skipped.sort();
    Ok(skipped)
}

/// Files a worker reads before it extracts them: the kernel's file calls run for several
/// files in a row, then the extractor for several documents, so each finds its code and
/// branch history where the last file left them (a fifth less time than one file at a
/// time, BENCHMARKS.md).
const STAGE: usize = 64;

/// Text held by one worker between reading and extracting, at most (one file may exceed it
/// alone).
const STAGE_BYTES: usize = 4 << 20;

/// Reads files, then extracts and maps each: [`extract_file`] in two stages, a few files
/// (at most [`STAGE_BYTES`] of text) at a time.
fn extract_chunk<T, M>(
    chunk: &[PathBuf],
    opt: &read::ReadOptions,
    map: &M,
) -> Vec<Result<T, Skipped>>
where
    M: Fn(Document) -> T,
{
    let mut out = Vec::with_capacity(chunk.len());
    let mut texts: Vec<Result<read::SourceText, Skipped>> = Vec::with_capacity(chunk.len());
    let mut held = 0;
    let mut flush = |texts: &mut Vec<Result<read::SourceText, Skipped>>| {
        for t in texts.drain(..) {
            match t {
                Ok(s) => match extract_guarded(&s) {
                    Ok(docs) => out.extend(docs.into_iter().map(|d| Ok(map(d)))),
                    Err(e) => out.push(Err(Skipped {
                        path: s.path.clone(),
                        reason: e.to_string(),
                        category: e.category(),
                    })),
                },
                Err(e) => out.push(Err(e)),
            }
        }
    };
    for p in chunk {
        let t = read::read_file(p, opt).map_err(|e| skipped_file(p, e));
        held += t.as_ref().map_or(0, |s| s.text.len());
        texts.push(t);
        if held >= STAGE_BYTES {
            flush(&mut texts);
            held = 0;
        }
    }
    flush(&mut texts);
    out
}

fn skipped_file(path: &Path, e: read::ReadError) -> Skipped {
    Skipped {
        path: read::path_name(path),
        reason: e.to_string(),
        category: e.category(),
    }
}

/// [`extract_paths`] with read options (forced encoding, size limit).
pub fn extract_paths_with(paths: &[PathBuf], opt: &read::ReadOptions) -> Corpus {
    let inputs = read::collect(paths);
    let chunks: Vec<Vec<Result<Document, Skipped>>> = inputs
        .files
        .par_chunks(STAGE)
        .map(|chunk| extract_chunk(chunk, opt, &|d| d))
        .collect();
    let results = chunks.into_iter().flatten();
    let mut corpus = Corpus {
        documents: Vec::with_capacity(inputs.files.len()),
        skipped: inputs.skipped,
    };
    for r in results {
        match r {
            Ok(d) => corpus.documents.push(d),
            Err(s) => corpus.skipped.push(s),
        }
    }
    corpus.skipped.sort();
    corpus
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_keeps_file_order_and_accounts_for_every_file_across_stage_flushes() {
        let dir = tempfile::tempdir().unwrap();
        let letter = |n: usize| format!("Số: {n}/UBND-VP\n\nThực hiện Công điện số 1068/CĐ-TTg.\n");
        // Two files large enough that the chunk is flushed between them, and a missing one.
        let big = |n: usize| letter(n) + &" lời".repeat(STAGE_BYTES / 4 + 1);
        let texts = [letter(1), big(2), letter(3), big(4), letter(5)];
        let mut paths = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let p = dir.path().join(format!("{i}.txt"));
            std::fs::write(&p, t).unwrap();
            paths.push(p);
            if i == 2 {
                paths.push(dir.path().join("missing.txt"));
            }
        }
        let results = extract_chunk(&paths, &read::ReadOptions::default(), &|d: Document| {
            d.number.map(|k| k.to_string())
        });
        let got: Vec<Result<Option<String>, model::SkipReason>> = results
            .into_iter()
            .map(|r| r.map_err(|s| s.category))
            .collect();
        let n = |k: &str| Ok(Some(k.to_string()));
        assert_eq!(
            got,
            [
                n("1/UBND-VP"),
                n("2/UBND-VP"),
                n("3/UBND-VP"),
                Err(model::SkipReason::Unreadable),
                n("4/UBND-VP"),
                n("5/UBND-VP"),
            ]
        );
    }
}
