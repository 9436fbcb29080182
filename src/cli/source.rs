//! Where a command's documents come from — files read now, or an index — and finding the
//! document a user names in them.

use crate::cli::args::{Files, Input};
use crate::cli::out::{detail, info, summarize};
use crate::cli::{NothingRead, UsageError};
use anyhow::{bail, Result};
use petgraph::graph::NodeIndex;
use std::path::Path;
use std::process::ExitCode;
use vncite::graph::CitationGraph;
use vncite::index::Index;
use vncite::present;
use vncite::query::{self, Lookup};
use vncite::Corpus;

/// Candidates an ambiguous KEY lists; the rest are counted.
const CANDIDATES: usize = 20;

/// Where a command's documents come from: the files and folders given, read now, or an index
/// made before. Each command asks it for the graph it answers from, and the one document a
/// user names in it, the same way whichever it is.
pub enum Source {
    /// The files and folders given, read and resolved.
    Files(Corpus),
    /// An index made by `vncite index`.
    Index(Index),
}

impl Source {
    /// Reads the files, or opens the index `--index` names (refusing paths given beside it).
    pub fn open(input: &Input) -> Result<Source> {
        Ok(match &input.index {
            Some(db) => Source::Index(open_index(db, &input.files)?),
            None => Source::Files(read(&input.files)),
        })
    }

    /// [`Source::open`], refusing files of which no document could be read: a KEY cannot be
    /// looked for in nothing.
    pub fn open_documents(input: &Input) -> Result<Source> {
        let src = Source::open(input)?;
        if let Source::Files(corpus) = &src {
            require_documents(&input.files, corpus)?;
        }
        Ok(src)
    }

    /// The graph to answer from: the whole graph of the files read, or what `part` loads of the
    /// index (a walk around a document, or the whole graph).
    pub fn graph(
        &self,
        part: impl FnOnce(&Index) -> Result<CitationGraph>,
    ) -> Result<CitationGraph> {
        match self {
            Source::Files(corpus) => Ok(CitationGraph::build(corpus)),
            Source::Index(idx) => part(idx),
        }
    }

    /// The corpus read (none from an index): what the exit status and the output's guard
    /// against writing over an input look at.
    pub fn corpus(&self) -> Option<&Corpus> {
        match self {
            Source::Files(corpus) => Some(corpus),
            Source::Index(_) => None,
        }
    }

    /// The exit status once the answer is written: that of the files read, or 0 from an index.
    pub fn status(&self, files: &Files) -> ExitCode {
        self.corpus()
            .map_or(ExitCode::SUCCESS, |c| crate::cli::out::status(c, files))
    }
}

/// Reads the corpus and says on stderr what was converted, what was skipped and why (under
/// `-v`, each document read).
pub fn read(files: &Files) -> Corpus {
    let corpus = vncite::extract_paths_with(&files.paths(), &files.read_options());
    let converted: Vec<String> = corpus
        .documents
        .iter()
        .filter(|d| d.encoding.is_legacy() || files.encoding.is_some())
        .map(|d| format!("{} from {}", d.path, d.encoding))
        .collect();
    for d in &corpus.documents {
        detail(&format!(
            "read {}: {}, {} reference(s)",
            d.address(),
            d.id(),
            d.references.len()
        ));
    }
    let missing = vncite::model::MissingCounts::of(&corpus.documents);
    summarize(corpus.documents.len(), missing, &converted, &corpus.skipped);
    corpus
}

/// Refuses a corpus of no document: a KEY cannot be looked for in nothing. A path that does
/// not exist is the user's to fix (status 2); files that could not be read, status 1.
pub fn require_documents(files: &Files, corpus: &Corpus) -> Result<()> {
    if !corpus.documents.is_empty() {
        return Ok(());
    }
    let paths = files.paths();
    let missing: Vec<String> = paths
        .iter()
        .filter(|p| std::fs::symlink_metadata(p).is_err())
        .map(|p| p.display().to_string())
        .collect();
    if !missing.is_empty() {
        bail!(UsageError(format!(
            "nothing was read: {} does not exist",
            missing.join(", ")
        )));
    }
    let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    bail!(NothingRead(format!(
        "nothing was read from {} ({} file(s) skipped)",
        named.join(", "),
        corpus.skipped.len()
    )))
}

/// Opens the index named by `--index`, refusing paths given beside it, and says on stderr
/// when it was built: an index does not see the files change after it.
pub fn open_index(db: &Path, files: &Files) -> Result<vncite::index::Index> {
    if !files.paths.is_empty() {
        bail!(UsageError(
            "give either files and folders or --index, not both".into()
        ));
    }
    let idx = vncite::index::Index::open(db)?;
    info(&format!(
        "answering from {}, built {}; `vncite index --status -o {}` lists the files changed since",
        db.display(),
        idx.built().map_or("at an unknown time".into(), when),
        db.display(),
    ));
    Ok(idx)
}

/// `2026-12-07 15:20 UTC (3 h ago)`.
pub fn when(secs: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let ago = now - secs;
    let ago = match ago {
        a if a < 0 => "in the future: check the clock".to_string(),
        a if a < 120 => format!("{a} s ago"),
        a if a < 2 * 3600 => format!("{} min ago", a / 60),
        a if a < 2 * 86400 => format!("{} h ago", a / 3600),
        a => format!("{} days ago", a / 86400),
    };
    format!("{} ({ago})", vncite::report::utc(secs))
}

/// The lines of the first candidates, and how many more of `total` there are.
fn listed(mut lines: Vec<String>, total: usize) -> String {
    let more = total.saturating_sub(lines.len());
    if more > 0 {
        lines.push(format!("  … and {more} more"));
    }
    lines.join("\n")
}

/// Finds one node row in an index, or explains why not (exit status 2).
pub fn index_find(idx: &vncite::index::Index, key: &str) -> Result<i64> {
    the_one(key, idx.lookup(key)?, "the index", |r| {
        Ok(format!("  {}", idx.node_id(r)?))
    })
}

/// Finds a document by what the user typed, or explains why not (exit status 2).
pub fn find(g: &CitationGraph, key: &str) -> Result<NodeIndex> {
    the_one(key, query::lookup(g, key), "the corpus", |n| {
        let node = &g.graph[n];
        Ok(format!("  {}    {}", node.id, present::node_line(node)))
    })
}

/// The one document a lookup found, or the message that says why there is none: the same
/// words whether the documents come from files or an index (`place`), a candidate a line as
/// `line` writes it.
fn the_one<N: Copy>(
    key: &str,
    found: Lookup<N>,
    place: &str,
    line: impl Fn(N) -> Result<String>,
) -> Result<N> {
    match found {
        Lookup::Found(n) => Ok(n),
        Lookup::Ambiguous(ns) => {
            let lines: Vec<String> = ns
                .iter()
                .take(CANDIDATES)
                .map(|&n| line(n))
                .collect::<Result<_>>()?;
            bail!(UsageError(format!(
                "`{key}` names {} documents; name one by its id:\n{}",
                ns.len(),
                listed(lines, ns.len())
            )))
        }
        Lookup::Unknown(close) => bail!(UsageError(format!(
            "no document `{key}` in {place}{}",
            if close.is_empty() {
                String::new()
            } else {
                format!("; closest: {}", close.join(", "))
            }
        ))),
    }
}
