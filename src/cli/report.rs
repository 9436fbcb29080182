//! `vncite report`: the research report and the tables beside it, from files or an index.

use crate::cli::args::ReportArgs;
use crate::cli::out::{info, report_format, say_ambiguous};
use crate::cli::source::Source;
use anyhow::Result;
use std::process::ExitCode;
use vncite::graph::CitationGraph;
use vncite::present;
use vncite::report;

/// Writes the report to `output` (its tables and figures beside it) or to stdout.
pub fn run(args: &ReportArgs) -> Result<ExitCode> {
    let (input, output) = (&args.input, args.output.as_deref());
    // An extension it cannot write, or a folder that does not exist, is refused before the
    // corpus is read.
    if let Some(p) = output {
        report_format(p)?;
    }
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let source = Source::open(input)?;
    let outcome = match &source {
        Source::Index(idx) => {
            let (db, built) = (idx.path(), idx.built());
            let src = report::IndexSource::open(db)?;
            let corpus = format!(
                "index {} (built {})",
                db.display(),
                built.map_or("at an unknown time".into(), report::utc)
            );
            let header = report::Header::new(corpus, std::env::args_os());
            report::run(&src, &header, output, &mut w)?
        }
        Source::Files(corpus) => {
            let g = CitationGraph::build(corpus);
            say_ambiguous(vncite::graph::ambiguous_mentions(&g.anomalies));
            let paths = report::command_line(
                std::iter::once("vncite".into())
                    .chain(input.files.paths().into_iter().map(Into::into)),
            );
            let header = report::Header::new(paths.replacen("vncite ", "", 1), std::env::args_os());
            let src = report::InMemory { corpus, graph: &g };
            report::run(&src, &header, output, &mut w)?
        }
    };
    for stale in &outcome.stale {
        info(&format!(
            "removed {}, left by an interrupted run",
            present::escape_controls(&stale.display().to_string())
        ));
    }
    if let Some((report, beside)) = outcome.written.split_last() {
        info(&format!(
            "wrote {} and {} files beside it ({})",
            present::escape_controls(&report.display().to_string()),
            beside.len(),
            present::escape_controls(&report.with_extension("*").display().to_string())
        ));
    }
    Ok(input.files.exit_status(
        outcome.documents,
        outcome.skipped.iter().map(|s| s.category),
    ))
}
