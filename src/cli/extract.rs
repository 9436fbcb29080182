//! `vncite extract`: every document's identity and references, as a table, JSON or JSON lines.

use crate::cli::args::{ExtractArgs, ExtractFormat, Files};
use crate::cli::out::{emit, emit_text, status, summarize};
use crate::cli::source::read;
use anyhow::{Context, Result};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Runs `vncite extract` (default format: a table on a terminal, JSON otherwise).
pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let files = &args.files;
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        ExtractFormat::Table
    } else {
        ExtractFormat::Json
    });
    if let ExtractFormat::Jsonl = format {
        return jsonl(files);
    }
    let corpus = read(files);
    match format {
        ExtractFormat::Table => emit_text(|w| vncite::export::write_table(&corpus, w)),
        ExtractFormat::Json => emit(|w| vncite::export::write_json(&corpus, w)),
        ExtractFormat::Jsonl => emit(|w| vncite::export::write_jsonl(&corpus, w)),
    }?;
    Ok(status(&corpus, files))
}

/// JSON lines, streamed: memory holds one batch of documents, not the corpus.
fn jsonl(files: &Files) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut read_count = 0usize;
    let mut converted = Vec::new();
    let forced = files.encoding.is_some();
    // Each worker writes its document's line; this thread only copies bytes out.
    let mut missing = vncite::model::MissingCounts::default();
    let line = |d: vncite::model::Document| {
        let mut buf = Vec::with_capacity(4096);
        let written = vncite::export::push_jsonl_document(&d, &mut buf);
        let note =
            (d.encoding.is_legacy() || forced).then(|| format!("{} from {}", d.path, d.encoding));
        (written.map(|()| buf), note, d.missing())
    };
    let skipped = vncite::extract_paths_map(
        &files.paths(),
        &files.read_options(),
        line,
        &mut |(buf, note, lacks)| {
            converted.extend(note);
            missing.add(&lacks);
            read_count += 1;
            out.write_all(&buf?)
        },
    )
    .context("writing output")?;
    for s in &skipped {
        vncite::export::write_jsonl_skipped(s, &mut out).context("writing output")?;
    }
    out.flush().context("writing output")?;
    summarize(read_count, missing, &converted, &skipped);
    Ok(files.exit_status(read_count, skipped.iter().map(|s| s.category)))
}
