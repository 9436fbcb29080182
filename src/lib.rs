//! vncite: citation graphs from Vietnamese government documents.
//!
//! A document travels a pipeline, and each stage is a module:
//! [`read`] (files and encodings) → [`normalize`] (one clean spelling, mapped back to the input)
//! → [`extract`] (header and references) → [`resolve`] (issuers and shared facts)
//! → [`graph`] (identities across the corpus, citation edges) → [`query`] (descendants,
//! ancestors, paths) → [`render`] (DOT, SVG) and [`present`] (trees, lists, cards)
//! → [`report`] (Markdown, HTML); [`export`] writes extraction results.
//!
//! The whole pipeline for a set of paths is [`extract_paths`].

pub mod decode;
pub mod export;
pub mod extract;
pub mod graph;
pub mod index;
pub mod key;
pub mod model;
pub mod normalize;
pub mod present;
pub mod query;
pub mod read;
pub mod render;
pub mod report;
pub mod resolve;

use model::{Document, Skipped};
use rayon::prelude::*;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

pub use key::DocKey;
pub use model::{Citer, DocKind, Issuer, Level, PartialDate, Reference, Relation, SourceSpan};

/// Documents read from a set of paths, and every file that was not read.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Documents in input order (named paths first to last, folders sorted by name).
    pub documents: Vec<Document>,
    /// Files and folders passed over, with the reason.
    pub skipped: Vec<Skipped>,
}

/// Reads, extracts and resolves one decoded text.
pub fn extract_text(source: &read::SourceText) -> Document {
    let mut doc = extract::find(source);
    resolve::resolve(&mut doc);
    doc
}

/// Reads one file into a document, or says why it cannot be read.
pub fn extract_file(path: &Path, opt: &read::ReadOptions) -> Result<Document, Skipped> {
    read::read_file(path, opt)
        .map(|s| extract_text(&s))
        .map_err(|e| Skipped {
            path: path.to_string_lossy().into_owned(),
            reason: e.to_string(),
            category: e.category().to_string(),
        })
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
                let results: Vec<Result<T, Skipped>> = batch
                    .par_iter()
                    .map(|p| extract_file(p, opt).map(map))
                    .collect();
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

/// [`extract_paths`] with read options (forced encoding, size limit).
pub fn extract_paths_with(paths: &[PathBuf], opt: &read::ReadOptions) -> Corpus {
    let inputs = read::collect(paths);
    let results: Vec<Result<Document, Skipped>> = inputs
        .files
        .par_iter()
        .map(|p| extract_file(p, opt))
        .collect();
    let mut corpus = Corpus {
        documents: Vec::with_capacity(results.len()),
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
