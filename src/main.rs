//! The `vncite` command line: parse options, run the pipeline, print the result.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Citation graphs from Vietnamese government documents.
#[derive(Parser)]
#[command(name = "vncite", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report every document's identity and every reference it makes, with provenance.
    Extract {
        /// Files or folders to read (.txt and .md, recursively); default: data/
        paths: Vec<PathBuf>,
        /// Output format (default: table on a terminal, json otherwise).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Exit with status 1 when any input was skipped.
        #[arg(long)]
        strict: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Jsonl,
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vncite: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract {
            paths,
            format,
            strict,
        } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from("data")]
            } else {
                paths
            };
            let corpus = vncite::extract_paths(&paths);
            report_skipped(&corpus);
            let format = format.unwrap_or(if std::io::stdout().is_terminal() {
                Format::Table
            } else {
                Format::Json
            });
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            match format {
                Format::Table => vncite::export::write_table(&corpus, &mut out),
                Format::Json => vncite::export::write_json(&corpus, &mut out),
                Format::Jsonl => vncite::export::write_jsonl(&corpus, &mut out),
            }
            .and_then(|_| out.flush())
            .context("writing output")?;
            Ok(exit_status(&corpus, strict))
        }
    }
}

/// Says on stderr what was skipped and why, and how many documents were read.
fn report_skipped(corpus: &vncite::Corpus) {
    for s in &corpus.skipped {
        eprintln!("vncite: skipped {}: {}", s.path, s.reason);
    }
    eprintln!(
        "vncite: {} document(s) read, {} skipped",
        corpus.documents.len(),
        corpus.skipped.len()
    );
}

fn exit_status(corpus: &vncite::Corpus, strict: bool) -> ExitCode {
    if corpus.documents.is_empty() || (strict && !corpus.skipped.is_empty()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
