//! `vncite annotate FILE|DIR... -o DIR`: each input file as an HTML page with its references
//! highlighted and resolved, and an index page (see [`vncite::annotate`]).

use crate::cli::args::AnnotateArgs;
use crate::cli::out::{info, say_ambiguous, status, warn};
use crate::cli::source::{read, require_documents};
use crate::cli::{message, UsageError, EXIT_FAILURE};
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vncite::annotate::{Annotated, INDEX_PAGE};
use vncite::graph::CitationGraph;
use vncite::read::{path_from_name, ReadOptions};

/// Pages made at once: enough for the cores to share, few enough that memory holds them.
const BATCH: usize = 64;

/// Refuses an output that cannot be the folder of the pages, before anything is read: a
/// file, or a folder to make inside one that does not exist.
pub fn check_output(out: &Path) -> Result<()> {
    if out.exists() && !out.is_dir() {
        bail!(UsageError(format!(
            "{} is a file; -o names the folder the pages are written into",
            out.display()
        )));
    }
    if !out.exists() {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !parent.is_dir() {
            bail!(UsageError(format!(
                "cannot make {}: the folder {} does not exist",
                out.display(),
                parent.display()
            )));
        }
    }
    Ok(())
}

/// Reads the corpus, resolves it, and writes one page per file and the index into `out`
/// (made when missing, not its parents). A file that cannot be read again, or changed since
/// it was read, is said and passed over; the run then exits with status 3.
pub fn run(args: &AnnotateArgs) -> Result<ExitCode> {
    let (input, out) = (&args.files, args.output.as_path());
    check_output(out)?;
    let corpus = read(input);
    require_documents(input, &corpus)?;
    let g = CitationGraph::build(&corpus);
    say_ambiguous(vncite::graph::ambiguous_mentions(&g.anomalies));
    let ann = Annotated::new(&corpus, &g);
    if !out.is_dir() {
        std::fs::create_dir(out).with_context(|| format!("creating {}", out.display()))?;
    }
    for stale in vncite::temp::remove_stale_pages(out) {
        info(&format!(
            "removed {}, left by an interrupted run",
            stale.display()
        ));
    }
    // Never a page over an input: the inputs by their real paths, found once.
    let inputs: HashSet<PathBuf> = corpus
        .documents
        .iter()
        .filter_map(|d| std::fs::canonicalize(path_from_name(&d.path)).ok())
        .collect();
    let opt = input.read_options();
    let order: Vec<usize> = (0..ann.pages().len()).collect();
    let mut failed = 0usize;
    for chunk in order.chunks(BATCH) {
        let made: Vec<(usize, Result<String>)> = chunk
            .par_iter()
            .map(|&i| (i, page(&ann, i, &opt)))
            .collect();
        for (i, html) in made {
            let p = &ann.pages()[i];
            match html {
                Ok(html) => write_page(&out.join(&p.name), html.as_bytes(), &inputs)?,
                Err(e) => {
                    warn(&format!("no page for {}: {}", p.path, message(&e)));
                    failed += 1;
                }
            }
        }
    }
    write_page(&out.join(INDEX_PAGE), ann.index_html().as_bytes(), &inputs)?;
    info(&format!(
        "wrote {} page(s) and {INDEX_PAGE} into {}",
        ann.pages().len() - failed,
        out.display()
    ));
    if failed > 0 {
        return Ok(ExitCode::from(EXIT_FAILURE));
    }
    Ok(status(&corpus, input))
}

/// Page `i`, from its file read again.
fn page(ann: &Annotated, i: usize, opt: &ReadOptions) -> Result<String> {
    let p = &ann.pages()[i];
    let source = vncite::read::read_file(&path_from_name(&p.path), opt)?;
    Ok(ann.page_html(i, &source)?)
}

/// Writes a page atomically (a temporary file, then a rename), never over an input file.
fn write_page(path: &Path, bytes: &[u8], inputs: &HashSet<PathBuf>) -> Result<()> {
    if std::fs::canonicalize(path).is_ok_and(|c| inputs.contains(&c)) {
        bail!(UsageError(format!(
            "refusing to write over input file {}",
            path.display()
        )));
    }
    // The temporary file is known to the interrupt handler while it is written.
    vncite::temp::write_atomic(path, bytes).with_context(|| format!("writing {}", path.display()))
}
