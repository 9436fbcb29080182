//! The `vncite` command line: parse options, read the corpus, build the graph, query or draw
//! or report, print the result.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use petgraph::Direction;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use vncite::graph::CitationGraph;
use vncite::query::{self, Filter, Lookup};
use vncite::{present, render, report, Corpus, Relation};

/// Exit statuses, as `--help` lists them and the README.
const EXIT_STATUSES: &str = "Exit status:
  0  done
  1  nothing readable; a skipped input under --strict; `path` found no chain
  2  usage error: a bad option, an unknown or ambiguous KEY, a missing path, a file that is
     no index of this version, a format that needs Graphviz where it is not installed,
     refusing to write over an input
  3  the system failed: a file or the index could not be read or written
  130  interrupted (Ctrl-C, SIGTERM); temporary files are removed";

/// Status of a usage error.
const EXIT_USAGE: u8 = 2;
/// Status of a failure of the system: I/O, SQLite.
const EXIT_FAILURE: u8 = 3;
/// Status after an interrupt (128 + SIGINT).
const EXIT_INTERRUPTED: i32 = 130;

/// Citation graphs from Vietnamese government documents.
#[derive(Parser)]
#[command(name = "vncite", version, about, after_help = EXIT_STATUSES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The corpus a command reads.
#[derive(Args)]
struct Input {
    /// Files or folders to read (.txt, .md, .html and .htm, recursively); default: data/
    paths: Vec<PathBuf>,
    /// Exit with status 1 when any input was skipped.
    #[arg(long)]
    strict: bool,
    /// Decode every file with this encoding: utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni.
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<vncite::read::Encoding>,
    /// Skip files larger than this many bytes (memory stays bounded).
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    max_file_size: u64,
    /// Answer from an index made by `vncite index` instead of reading files.
    #[arg(long, value_name = "FILE")]
    index: Option<PathBuf>,
}

fn parse_encoding(s: &str) -> Result<vncite::read::Encoding, String> {
    vncite::read::Encoding::parse(s).ok_or_else(|| {
        let names: Vec<&str> = vncite::read::Encoding::NAMES
            .iter()
            .map(|(n, _)| *n)
            .collect();
        format!("unknown encoding `{s}`; one of: {}", names.join(", "))
    })
}

/// Which relations a walk follows and how deep.
#[derive(Args)]
struct Walk {
    /// Deepest level to show (1 = direct only); a tree stops at 50 unless given, and says how
    /// many documents lie below.
    #[arg(long)]
    depth: Option<usize>,
    /// Relations to follow, comma-separated (default: all): implements,based_on,guided_by,...
    #[arg(long, value_delimiter = ',')]
    relation: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Tree)]
    format: QueryFormat,
}

#[derive(Subcommand)]
enum Command {
    /// Report every document's identity and every reference it makes, with provenance.
    Extract {
        #[command(flatten)]
        input: Input,
        /// Output format (default: table on a terminal, json otherwise).
        #[arg(long, value_enum)]
        format: Option<ExtractFormat>,
    },
    /// Documents that implement or cite KEY, directly or down the chain.
    Descendants {
        /// A key (1068/CĐ-TTg, 1068/cd-ttg, 1068), a document id, or a file path.
        key: String,
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        walk: Walk,
    },
    /// What KEY rests on, up to the root directives.
    Ancestors {
        /// A key, a document id, or a file path.
        key: String,
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        walk: Walk,
    },
    /// The chains between two documents, shortest first.
    Path {
        /// One end.
        from: String,
        /// The other end.
        to: String,
        #[command(flatten)]
        input: Input,
        /// Longest chain, in hops.
        #[arg(long, default_value_t = 12)]
        max_hops: usize,
        /// Most chains shown.
        #[arg(long, default_value_t = 20)]
        max_paths: usize,
    },
    /// One document's card: identity, what it cites, who cites it, with the sentences.
    Show {
        /// A key, a document id, or a file path.
        key: String,
        #[command(flatten)]
        input: Input,
    },
    /// Draw or export the graph: DOT, SVG, PNG, PDF, JSON, GEXF, GraphML, node-link JSON or CSV,
    /// by the output's extension or --format.
    Graph {
        #[command(flatten)]
        input: Input,
        /// Output file (default: DOT on stdout); for csv, a folder or a prefix of the three files' names.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Output format (default: from the extension, else dot).
        #[arg(long, value_enum)]
        format: Option<GraphFormat>,
        /// Draw only the documents around this one.
        #[arg(long)]
        root: Option<String>,
        /// With --root: how many steps up and down.
        #[arg(long, default_value_t = 2)]
        depth: usize,
        /// Rank by month of issue instead of administrative level.
        #[arg(long)]
        timeline: bool,
        /// Boxes around levels, issuers, or none.
        #[arg(long, value_enum, default_value_t = Cluster::Level)]
        cluster_by: Cluster,
        /// Seconds Graphviz may take.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
    /// Index files and folders into a SQLite file that queries answer from (`--index FILE`).
    Index {
        #[command(flatten)]
        input: Input,
        /// The index file to create or update.
        #[arg(short, long)]
        output: PathBuf,
        /// Remove the files gone from the given folders even when they are most of the index.
        #[arg(long)]
        prune: bool,
        /// Write a new index over the one at -o (of any version) from the given paths alone.
        #[arg(long, conflicts_with = "status")]
        rebuild: bool,
        /// Read nothing, change nothing: list the files changed, added or removed since the
        /// index was last updated (by size and modification time), under the given paths or
        /// those it was made from.
        #[arg(long)]
        status: bool,
    },
    /// A research report: corpus summary, most-cited, implementation trees, gaps, anomalies, evidence.
    Report {
        #[command(flatten)]
        input: Input,
        /// Output file, .md or .html (default: Markdown on stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractFormat {
    Table,
    Json,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum QueryFormat {
    Tree,
    List,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Dot,
    Svg,
    Png,
    Pdf,
    Json,
    Gexf,
    Graphml,
    NodeLink,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum Cluster {
    Level,
    Issuer,
    None,
}

/// An error that is the user's to fix: printed, exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct UsageError(String);

fn main() -> ExitCode {
    // Ctrl-C, SIGTERM or SIGHUP while an index or a report is being written: its temporary
    // file goes with the process, and the output stays as it was.
    let _ = ctrlc::set_handler(|| {
        vncite::temp::remove_in_flight();
        eprintln!("vncite: interrupted; no index or output file was changed");
        std::process::exit(EXIT_INTERRUPTED);
    });
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vncite: {}", present::escape_controls(&message(&e)));
            ExitCode::from(if is_usage(&e) {
                EXIT_USAGE
            } else {
                EXIT_FAILURE
            })
        }
    }
}

/// True for an error that is the user's to fix (status 2): a usage error, an index update
/// refused, a file that is no index of this version, a format that needs Graphviz where it
/// is not installed.
fn is_usage(e: &anyhow::Error) -> bool {
    use vncite::index::IndexError;
    e.downcast_ref::<UsageError>().is_some()
        || matches!(
            e.downcast_ref::<IndexError>(),
            Some(IndexError::Refused(_) | IndexError::Format(_))
        )
        || matches!(
            e.downcast_ref::<report::ReportError>(),
            Some(
                report::ReportError::Input(_)
                    | report::ReportError::Index(IndexError::Refused(_) | IndexError::Format(_))
            )
        )
        || matches!(
            e.downcast_ref::<render::RenderError>(),
            Some(render::RenderError::NoGraphviz(_))
        )
}

/// The error and its causes, each said once: SQLite's message is carried by the index's
/// error, by rusqlite's and by SQLite's own (`Error code 11: database disk image is
/// malformed`), and would otherwise be printed three times.
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    let mut last = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        // Said already, or the cause before said again with a code in front.
        let repeated = out.contains(&text) || (!last.is_empty() && text.ends_with(&last));
        last = text.clone();
        if repeated {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract { input, format } => {
            if input.index.is_some() {
                bail!(UsageError("`vncite extract` reads files and folders; --index is for queries, graph and report".into()));
            }
            let format = format.unwrap_or(if std::io::stdout().is_terminal() {
                ExtractFormat::Table
            } else {
                ExtractFormat::Json
            });
            if let ExtractFormat::Jsonl = format {
                // JSON lines stream: memory holds one batch of documents, not the corpus.
                let opt = vncite::read::ReadOptions {
                    encoding: input.encoding,
                    max_file_size: input.max_file_size,
                };
                let stdout = std::io::stdout();
                let mut out = std::io::BufWriter::new(stdout.lock());
                let mut read_count = 0usize;
                let mut converted = Vec::new();
                let forced = input.encoding.is_some();
                // Each worker writes its document's line; this thread only copies bytes out.
                let mut missing = vncite::model::MissingCounts::default();
                let line = |d: vncite::model::Document| {
                    let mut buf = Vec::with_capacity(4096);
                    let written = vncite::export::push_jsonl_document(&d, &mut buf);
                    let note = (d.encoding.is_legacy() || forced)
                        .then(|| format!("{} from {}", d.path, d.encoding));
                    (written.map(|()| buf), note, d.missing())
                };
                let skipped = vncite::extract_paths_map(
                    &input_paths(&input),
                    &opt,
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
                let bad =
                    read_count == 0 || (input.strict && skipped.iter().any(counts_for_strict));
                return Ok(if bad {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                });
            }
            let corpus = read(&input);
            match format {
                ExtractFormat::Table => emit_text(|w| vncite::export::write_table(&corpus, w)),
                ExtractFormat::Json => emit(|w| vncite::export::write_json(&corpus, w)),
                ExtractFormat::Jsonl => emit(|w| vncite::export::write_jsonl(&corpus, w)),
            }?;
            Ok(status(&corpus, input.strict))
        }
        Command::Index {
            input,
            output,
            prune,
            rebuild,
            status,
        } => {
            if input.index.is_some() {
                bail!(UsageError(
                    "`vncite index` reads files and folders; it takes no --index".into()
                ));
            }
            if status {
                return index_status(&output, &input.paths);
            }
            let paths = input_paths(&input);
            let opt = vncite::read::ReadOptions {
                encoding: input.encoding,
                max_file_size: input.max_file_size,
            };
            let bar = progress_bar();
            let removal = if prune {
                vncite::index::Removal::Allowed
            } else {
                vncite::index::Removal::Guarded
            };
            let stats = vncite::index::Index::update(
                &output,
                &paths,
                &opt,
                removal,
                rebuild,
                &|done, total| {
                    if let Some(b) = &bar {
                        b.set_length(total as u64);
                        b.set_position(done as u64);
                    }
                },
            )?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            for p in &stats.stale_removed {
                eprintln!(
                    "vncite: removed {}, left by an interrupted run",
                    present::escape_controls(&p.display().to_string())
                );
            }
            for g in &stats.skipped_groups {
                let more = g.count - g.first.len();
                eprintln!(
                    "vncite: skipped {} {}: {}{}",
                    g.count,
                    present::escape_controls(&g.category),
                    present::escape_controls(&g.first.join(", ")),
                    if more > 0 {
                        format!(" and {more} more (the files table lists them)")
                    } else {
                        String::new()
                    }
                );
            }
            eprintln!(
                "vncite: indexed {} file(s) into {}: {} read, {} unchanged, {} removed; {} document(s), {} skipped{}",
                stats.files,
                output.display(),
                stats.read,
                stats.unchanged,
                stats.removed,
                stats.documents,
                stats.skipped,
                if stats.missing.is_empty() {
                    String::new()
                } else {
                    format!("; {}", stats.missing)
                }
            );
            say_ambiguous(stats.ambiguous);
            Ok(
                if stats.documents == 0 || (input.strict && stats.skipped_for_strict() > 0) {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                },
            )
        }
        Command::Descendants { key, input, walk } => walk_cmd(&key, &input, &walk, true),
        Command::Ancestors { key, input, walk } => walk_cmd(&key, &input, &walk, false),
        Command::Path {
            from,
            to,
            input,
            max_hops,
            max_paths,
        } => {
            let (g, corpus) = match &input.index {
                Some(db) => {
                    let idx = open_index(db, &input)?;
                    let a = index_find(&idx, &from)?;
                    let b = index_find(&idx, &to)?;
                    let g = idx.walk(
                        a,
                        &[Direction::Incoming, Direction::Outgoing],
                        &[],
                        Some(max_hops),
                    )?;
                    if g.by_id(&idx.node_id(b)?).is_none() {
                        eprintln!("vncite: no chain of citations joins {from} and {to} within {max_hops} hops");
                        return Ok(ExitCode::from(1));
                    }
                    (g, None)
                }
                None => {
                    let corpus = read(&input);
                    (CitationGraph::build(&corpus), Some(corpus))
                }
            };
            let a = find(&g, &from)?;
            let b = find(&g, &to)?;
            let found = query::paths(&g, a, b, max_hops, max_paths);
            if found.chains.is_empty() {
                eprintln!(
                    "vncite: no chain of citations joins {} and {} within {max_hops} hops",
                    present::escape_controls(&from),
                    present::escape_controls(&to)
                );
                return Ok(ExitCode::from(1));
            }
            emit_text(|w| present::write_paths(&g, &found.chains, w))?;
            if found.left_out > 0 {
                eprintln!(
                    "vncite: {} more chain(s) of the same length not shown; raise --max-paths to see them",
                    found.left_out
                );
            }
            Ok(corpus.map_or(ExitCode::SUCCESS, |c| status(&c, input.strict)))
        }
        Command::Show { key, input } => {
            let (g, corpus) = match &input.index {
                Some(db) => {
                    let idx = open_index(db, &input)?;
                    let row = index_find(&idx, &key)?;
                    (
                        idx.walk(
                            row,
                            &[Direction::Incoming, Direction::Outgoing],
                            &[],
                            Some(1),
                        )?,
                        None,
                    )
                }
                None => {
                    let corpus = read(&input);
                    (CitationGraph::build(&corpus), Some(corpus))
                }
            };
            let n = find(&g, &key)?;
            emit_text(|w| present::write_card(&g, n, w))?;
            Ok(corpus.map_or(ExitCode::SUCCESS, |c| status(&c, input.strict)))
        }
        Command::Graph {
            input,
            output,
            format,
            root,
            depth,
            timeline,
            cluster_by,
            timeout,
        } => {
            let (g, corpus, keep) = match &input.index {
                Some(db) => {
                    let idx = open_index(db, &input)?;
                    match &root {
                        Some(k) => {
                            let row = index_find(&idx, k)?;
                            let g = idx.walk(
                                row,
                                &[Direction::Incoming, Direction::Outgoing],
                                &[],
                                Some(depth),
                            )?;
                            (g, None, None)
                        }
                        None => (idx.whole_graph()?, None, None),
                    }
                }
                None => {
                    let corpus = read(&input);
                    let g = CitationGraph::build(&corpus);
                    say_ambiguous(vncite::graph::ambiguous_mentions(&g.anomalies));
                    let keep = match &root {
                        Some(k) => Some(render::ego(&g, find(&g, k)?, depth)),
                        None => None,
                    };
                    (g, Some(corpus), keep)
                }
            };
            let out = output.as_deref();
            let ext = out
                .and_then(|p| p.extension())
                .map(|e| e.to_string_lossy().to_lowercase());
            // networkx's node-link JSON is told from vncite's own JSON by its name.
            let node_link = out.and_then(|p| p.file_name()).is_some_and(|n| {
                n.to_string_lossy()
                    .to_lowercase()
                    .ends_with(".node-link.json")
            });
            let format = match (format, ext.as_deref()) {
                (Some(f), _) => f,
                (None, _) if node_link => GraphFormat::NodeLink,
                (None, Some(e)) => match e {
                    "svg" => GraphFormat::Svg,
                    "png" => GraphFormat::Png,
                    "pdf" => GraphFormat::Pdf,
                    "json" => GraphFormat::Json,
                    "dot" | "gv" => GraphFormat::Dot,
                    "gexf" => GraphFormat::Gexf,
                    "graphml" => GraphFormat::Graphml,
                    "csv" => GraphFormat::Csv,
                    other => bail!(UsageError(format!(
                        "cannot tell the format from `.{other}`: use --format dot|svg|png|pdf|json|gexf|graphml|node-link|csv"
                    ))),
                },
                (None, None) => GraphFormat::Dot,
            };
            let opt = render::Options {
                timeline,
                cluster_by: match cluster_by {
                    Cluster::Level => render::ClusterBy::Level,
                    Cluster::Issuer => render::ClusterBy::Issuer,
                    Cluster::None => render::ClusterBy::None,
                },
                title: root.as_ref().map(|r| format!("Around {r}")),
            };
            let empty = Corpus::default();
            if let GraphFormat::Csv = format {
                let Some(out) = &output else {
                    bail!(UsageError("csv writes three files (nodes, edges, mentions): give -o FOLDER/ or -o PREFIX".into()));
                };
                // `-o tables/` is the folder itself: made when missing, as a file would be.
                if vncite::interchange::names_folder(out) && !out.is_dir() {
                    std::fs::create_dir(out)
                        .with_context(|| format!("creating {}", out.display()))?;
                }
                let tables = vncite::interchange::write_csv_tables(&g, keep.as_ref())?;
                for (path, bytes) in vncite::interchange::csv_paths(out, &tables) {
                    write_output(&path, &bytes, corpus.as_ref().unwrap_or(&empty))?;
                }
                return Ok(corpus.map_or(ExitCode::SUCCESS, |c| status(&c, input.strict)));
            }
            let mut buf = Vec::new();
            let bytes = match format {
                GraphFormat::Json => {
                    present::write_graph_json(&g, keep.as_ref(), &mut buf)?;
                    buf
                }
                GraphFormat::Gexf => {
                    vncite::interchange::write_gexf(&g, keep.as_ref(), &mut buf)?;
                    buf
                }
                GraphFormat::Graphml => {
                    vncite::interchange::write_graphml(&g, keep.as_ref(), &mut buf)?;
                    buf
                }
                GraphFormat::NodeLink => {
                    vncite::interchange::write_node_link(&g, keep.as_ref(), &mut buf)?;
                    buf
                }
                f => {
                    let rf = match f {
                        GraphFormat::Svg => render::Format::Svg,
                        GraphFormat::Png => render::Format::Png,
                        GraphFormat::Pdf => render::Format::Pdf,
                        _ => render::Format::Dot,
                    };
                    render::render(&g, keep.as_ref(), &opt, rf, Duration::from_secs(timeout))?
                }
            };
            match &output {
                Some(p) => write_output(p, &bytes, corpus.as_ref().unwrap_or(&empty))?,
                None => emit(|w| w.write_all(&bytes))?,
            }
            Ok(corpus.map_or(ExitCode::SUCCESS, |c| status(&c, input.strict)))
        }
        Command::Report { input, output } => report_cmd(&input, output.as_deref()),
    }
}

/// `vncite report`: the report and its tables, from files or an index.
fn report_cmd(input: &Input, output: Option<&Path>) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let outcome = match &input.index {
        Some(db) => {
            let built = open_index(db, input)?.built();
            let src = report::IndexSource::open(db)?;
            let corpus = format!(
                "index {} (built {})",
                db.display(),
                built.map_or("at an unknown time".into(), report::utc)
            );
            let header = report::Header::new(corpus, std::env::args_os());
            report::run(&src, &header, output, &mut w)?
        }
        None => {
            let corpus = read(input);
            let g = CitationGraph::build(&corpus);
            say_ambiguous(vncite::graph::ambiguous_mentions(&g.anomalies));
            let paths = report::command_line(
                std::iter::once("vncite".into())
                    .chain(input_paths(input).into_iter().map(Into::into)),
            );
            let header = report::Header::new(paths.replacen("vncite ", "", 1), std::env::args_os());
            report::run(
                &report::InMemory {
                    corpus: &corpus,
                    graph: &g,
                },
                &header,
                output,
                &mut w,
            )?
        }
    };
    for stale in &outcome.stale {
        eprintln!(
            "vncite: removed {}, left by an interrupted run",
            present::escape_controls(&stale.display().to_string())
        );
    }
    if let Some((report, beside)) = outcome.written.split_last() {
        eprintln!(
            "vncite: wrote {} and {} files beside it ({})",
            present::escape_controls(&report.display().to_string()),
            beside.len(),
            present::escape_controls(&report.with_extension("*").display().to_string())
        );
    }
    let strict_fails = input.strict && outcome.skipped.iter().any(counts_for_strict);
    Ok(if outcome.documents == 0 || strict_fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn walk_cmd(key: &str, input: &Input, walk: &Walk, down: bool) -> Result<ExitCode> {
    let relations = walk
        .relation
        .iter()
        .map(|r| {
            Relation::parse(r).ok_or_else(|| {
                UsageError(format!(
                    "unknown relation `{r}`; one of: {}",
                    Relation::ALL.map(|r| r.as_str()).join(", ")
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let dir = query::direction(down);
    let tree_depth = match walk.format {
        QueryFormat::Tree => Some(walk.depth.unwrap_or(query::TREE_DEPTH)),
        _ => None,
    };
    // From an index, a tree loads one level past its depth (to mark what lies below) and
    // counts the rest from the edges alone.
    let mut reached_in_index = None;
    let (g, corpus) = match &input.index {
        Some(db) => {
            let idx = open_index(db, input)?;
            let row = index_find(&idx, key)?;
            let load = match tree_depth {
                Some(d) => {
                    reached_in_index = Some(idx.reach_count(row, dir, &relations)?);
                    Some(d.saturating_add(1))
                }
                None => walk.depth,
            };
            (idx.walk(row, &[dir], &relations, load)?, None)
        }
        None => {
            let corpus = read(input);
            (CitationGraph::build(&corpus), Some(corpus))
        }
    };
    let root = find(&g, key)?;
    let f = Filter {
        relations,
        depth: walk.depth,
    };
    match walk.format {
        QueryFormat::Tree => {
            let depth = walk.depth.unwrap_or(query::TREE_DEPTH);
            let t = query::tree(
                &g,
                root,
                dir,
                &Filter {
                    depth: Some(depth),
                    ..f
                },
            );
            emit_text(|w| present::write_tree(&g, &t.lines, w))?;
            let left_out = match reached_in_index {
                Some(all) => {
                    let shown: std::collections::HashSet<_> = t
                        .lines
                        .iter()
                        .map(|l| l.node)
                        .filter(|&n| n != root)
                        .collect();
                    all.saturating_sub(shown.len())
                }
                None => t.left_out,
            };
            if left_out > 0 {
                eprintln!(
                    "vncite: {left_out} more document(s) below depth {depth} not shown (marked (…)); use --depth N to see deeper, or --format list"
                );
            }
            Ok(())
        }
        QueryFormat::List => {
            emit_text(|w| present::write_list(&g, &query::reach(&g, root, dir, &f), w))
        }
        QueryFormat::Json => {
            emit(|w| present::write_reach_json(&g, root, &query::reach(&g, root, dir, &f), w))
        }
        QueryFormat::Csv => {
            emit(|w| present::write_csv(&g, root, &query::reach(&g, root, dir, &f), dir, w))
        }
    }?;
    Ok(corpus.map_or(ExitCode::SUCCESS, |c| status(&c, input.strict)))
}

fn input_paths(input: &Input) -> Vec<PathBuf> {
    if input.paths.is_empty() {
        vec![PathBuf::from("data")]
    } else {
        input.paths.clone()
    }
}

/// Opens the index named by `--index`, refusing paths given beside it, and says on stderr
/// when it was built: an index does not see the files change after it.
fn open_index(db: &Path, input: &Input) -> Result<vncite::index::Index> {
    if !input.paths.is_empty() {
        bail!(UsageError(
            "give either files and folders or --index, not both".into()
        ));
    }
    let idx = vncite::index::Index::open(db)?;
    eprintln!(
        "vncite: answering from {}, built {}; `vncite index --status -o {}` lists the files changed since",
        present::escape_controls(&db.display().to_string()),
        idx.built().map_or("at an unknown time".into(), when),
        present::escape_controls(&db.display().to_string()),
    );
    Ok(idx)
}

/// `2026-12-07 15:20 UTC (3 h ago)`.
fn when(secs: i64) -> String {
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
    let (days, rest) = (secs.div_euclid(86400), secs.rem_euclid(86400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC ({ago})",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `vncite index --status`: the files changed, added and removed since the index was last
/// updated, one a line on stdout (`changed PATH`), counts on stderr. Nothing is read.
fn index_status(db: &Path, roots: &[PathBuf]) -> Result<ExitCode> {
    let idx = vncite::index::Index::open(db)?;
    let st = idx.status(roots)?;
    emit_text(|w| {
        for (what, paths) in [
            ("changed", &st.changed),
            ("added", &st.added),
            ("removed", &st.removed),
        ] {
            for p in paths {
                writeln!(w, "{what} {p}")?;
            }
        }
        Ok(())
    })?;
    eprintln!(
        "vncite: {} built {}; since: {} changed, {} added, {} removed{}",
        present::escape_controls(&db.display().to_string()),
        st.built.map_or("at an unknown time".into(), when),
        st.changed.len(),
        st.added.len(),
        st.removed.len(),
        if st.changed.len() + st.added.len() + st.removed.len() > 0 {
            format!(
                "; `vncite index PATH... -o {}` brings it up to date",
                present::escape_controls(&db.display().to_string())
            )
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Finds one node row in an index, or explains why not (exit status 2).
fn index_find(idx: &vncite::index::Index, key: &str) -> Result<i64> {
    let (rows, close) = idx.lookup(key)?;
    match rows.as_slice() {
        [one] => Ok(*one),
        [] => bail!(UsageError(format!(
            "no document `{key}` in the index{}",
            if close.is_empty() {
                String::new()
            } else {
                format!("; closest: {}", close.join(", "))
            }
        ))),
        many => {
            let ids: Vec<String> = many
                .iter()
                .map(|&r| idx.node_id(r).map(|s| format!("  {s}")))
                .collect::<Result<_, _>>()?;
            bail!(UsageError(format!(
                "`{key}` names {} documents; name one by its id:\n{}",
                many.len(),
                ids.join("\n")
            )))
        }
    }
}

/// A progress bar on stderr for long runs; none when stderr is not a terminal.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let b = indicatif::ProgressBar::new(0);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} files {wide_bar} {eta}")
    {
        b.set_style(style);
    }
    Some(b)
}

/// Reads the corpus and says on stderr what was converted, what was skipped and why.
fn read(input: &Input) -> Corpus {
    let opt = vncite::read::ReadOptions {
        encoding: input.encoding,
        max_file_size: input.max_file_size,
    };
    let corpus = vncite::extract_paths_with(&input_paths(input), &opt);
    let converted: Vec<String> = corpus
        .documents
        .iter()
        .filter(|d| d.encoding.is_legacy() || input.encoding.is_some())
        .map(|d| format!("{} from {}", d.path, d.encoding))
        .collect();
    let missing = vncite::model::MissingCounts::of(&corpus.documents);
    summarize(corpus.documents.len(), missing, &converted, &corpus.skipped);
    corpus
}

/// Says on stderr which files were converted, which were skipped and why, and the counts,
/// with how many documents lack a number, a date or an issuer.
fn summarize(
    read: usize,
    missing: vncite::model::MissingCounts,
    converted: &[String],
    skipped: &[vncite::model::Skipped],
) {
    for c in converted {
        eprintln!("vncite: converted {}", present::escape_controls(c));
    }
    for s in skipped {
        eprintln!(
            "vncite: skipped {}: {}",
            present::escape_controls(&s.path),
            present::escape_controls(&s.reason)
        );
    }
    let mut by_category: std::collections::BTreeMap<&str, usize> =
        std::collections::BTreeMap::new();
    for s in skipped {
        *by_category.entry(s.category.as_str()).or_default() += 1;
    }
    let detail: Vec<String> = by_category
        .iter()
        .map(|(c, n)| format!("{n} {c}"))
        .collect();
    eprintln!(
        "vncite: {read} document(s) read, {} skipped{}{}",
        skipped.len(),
        if detail.is_empty() {
            String::new()
        } else {
            format!(" ({})", detail.join(", "))
        },
        if missing.is_empty() {
            String::new()
        } else {
            format!("; {missing}")
        }
    );
}

/// Says on stderr how many mentions several documents fit: they are kept apart, not guessed.
fn say_ambiguous(mentions: usize) {
    if mentions > 0 {
        eprintln!(
            "vncite: {mentions} reference(s) fit several documents and stay apart (anomalies of type ambiguous_reference list the candidates)"
        );
    }
}

/// Finds a document by what the user typed, or explains why not (exit status 2).
fn find(g: &CitationGraph, key: &str) -> Result<petgraph::graph::NodeIndex> {
    match query::lookup(g, key) {
        Lookup::Found(n) => Ok(n),
        Lookup::Ambiguous(ns) => {
            let list: Vec<String> = ns
                .iter()
                .map(|&n| format!("  {}", present::node_line(&g.graph[n])))
                .collect();
            let ids: Vec<String> = ns.iter().map(|&n| format!("  {}", g.graph[n].id)).collect();
            bail!(UsageError(format!(
                "`{key}` names {} documents:\n{}\nname one by its id:\n{}",
                ns.len(),
                list.join("\n"),
                ids.join("\n")
            )))
        }
        Lookup::Unknown(close) => bail!(UsageError(format!(
            "no document `{key}` in the corpus{}",
            if close.is_empty() {
                String::new()
            } else {
                format!("; closest: {}", close.join(", "))
            }
        ))),
    }
}

/// Writes data (JSON, CSV, DOT, an image, a report) to stdout through a buffer, byte for byte.
fn emit(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    f(&mut out)
        .and_then(|_| out.flush())
        .context("writing output")
}

/// Writes text for reading (a table, a tree, a card) to stdout, control characters escaped:
/// a document's words cannot drive the terminal.
fn emit_text(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = present::ControlsEscaped::new(std::io::BufWriter::new(stdout.lock()));
    f(&mut out)
        .and_then(|_| out.flush())
        .context("writing output")
}

/// True for a file passed over that `--strict` fails on: anything but vncite's own report
/// written into the corpus folder.
fn counts_for_strict(s: &vncite::model::Skipped) -> bool {
    s.category != vncite::read::OWN_OUTPUT
}

/// Writes a file atomically (a temporary file, then a rename), never over an input file.
fn write_output(path: &Path, bytes: &[u8], corpus: &Corpus) -> Result<()> {
    if let Ok(target) = std::fs::canonicalize(path) {
        let is_input = corpus
            .documents
            .iter()
            .any(|d| std::fs::canonicalize(&d.path).is_ok_and(|p| p == target));
        if is_input {
            bail!(UsageError(format!(
                "refusing to write over input file {}",
                path.display()
            )));
        }
    }
    for stale in vncite::temp::remove_stale(path) {
        eprintln!(
            "vncite: removed {}, left by an interrupted run",
            present::escape_controls(&stale.display().to_string())
        );
    }
    // Known while it is written, so an interrupt removes it.
    let tmp = vncite::export::temp_beside(path);
    vncite::temp::register(&tmp);
    let written = vncite::export::write_atomic(path, bytes);
    vncite::temp::forget(&tmp);
    written.with_context(|| format!("writing {}", path.display()))?;
    eprintln!(
        "vncite: wrote {}",
        present::escape_controls(&path.display().to_string())
    );
    Ok(())
}

fn status(corpus: &Corpus, strict: bool) -> ExitCode {
    if corpus.documents.is_empty() || (strict && corpus.skipped.iter().any(counts_for_strict)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
