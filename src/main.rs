//! The `vncite` command line: parse options, read the corpus, build the graph, query or draw
//! or report, print the result. Each command's work is in [`cli`].

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod cli;

use cli::args::{
    Cluster, Collapse, ExtractFormat, Files, GraphFormat, Input, LayoutBy, TextFormat, Walk,
};

/// Citation graphs from Vietnamese government documents.
#[derive(Parser)]
#[command(name = "vncite", version, about, after_help = cli::EXIT_STATUSES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Say nothing on stderr but warnings and errors: no summary line, no files written.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more on stderr: each document read, and the time taken.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Report every document's identity and every reference it makes, with provenance.
    #[command(after_help = "Examples:
  vncite extract data/                      # a table on a terminal, JSON otherwise
  vncite extract corpus/ --format jsonl > corpus.jsonl")]
    Extract {
        #[command(flatten)]
        files: Files,
        /// Output format (default: table on a terminal, json otherwise).
        #[arg(long, value_enum)]
        format: Option<ExtractFormat>,
    },
    /// Documents that implement or cite KEY, directly or down the chain.
    #[command(after_help = "Examples:
  vncite descendants 1068/CĐ-TTg            # a tree, like `cargo tree`
  vncite descendants '1068 CĐ TTg' --depth 1 --format list
  vncite descendants 1068 --no-dedupe --charset ascii --index corpus.db")]
    Descendants {
        /// A key (1068/CĐ-TTg, 1068/cd-ttg, '1068 CĐ TTg', 1068), a document id, or a file path.
        key: String,
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        walk: Walk,
    },
    /// What KEY rests on, up to the root directives.
    #[command(after_help = "Examples:
  vncite ancestors 4924/UBND-VXNV
  vncite ancestors data/001_bac-yen_ubnd-huyen_cong-van-phong-chong-covid.txt --relation implements")]
    Ancestors {
        /// A key, a document id, or a file path.
        key: String,
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        walk: Walk,
    },
    /// The chains between two documents, shortest first.
    #[command(after_help = "Examples:
  vncite path 1068/CĐ-TTg data/001_bac-yen_ubnd-huyen_cong-van-phong-chong-covid.txt
  vncite path 1068 2405/UBND-KGVX --format json")]
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
        /// Output format.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// One document's card: identity, what it cites, who cites it, with the sentences.
    #[command(after_help = "Examples:
  vncite show 5255/VPCP-KGVX
  vncite show 1068/CĐ-TTg --format json --index corpus.db")]
    Show {
        /// A key, a document id, or a file path.
        key: String,
        #[command(flatten)]
        input: Input,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Draw, explore or export the graph: DOT, SVG, PNG, PDF, the explorer (HTML), JSON, GEXF,
    /// GraphML, node-link JSON or CSV, by the output's extension or --format.
    #[command(after_help = "Examples:
  vncite graph -o corpus.svg                   # an overview when over 300 documents
  vncite graph --collapse level -o levels.png  # four boxes and the citations between them
  vncite graph --root 1068/CĐ-TTg --depth 2 -o 1068.png
  vncite graph --timeline --cluster-by issuer -o by-month.pdf
  vncite graph -o corpus.html                  # the explorer: search, filter, drill down
  vncite graph -o corpus.gexf                  # Gephi
  vncite graph --format csv -o tables/         # pandas")]
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
        /// With --root: how many steps up and down (default 2).
        #[arg(long, requires = "root")]
        depth: Option<usize>,
        /// Rank by month of issue instead of administrative level.
        #[arg(long)]
        timeline: bool,
        /// Boxes around levels, issuers, or none.
        #[arg(long, value_enum, default_value_t = Cluster::Level)]
        cluster_by: Cluster,
        /// Draw groups of documents with counts (default: province when more than 300
        /// documents would be drawn, else none: every document).
        #[arg(long, value_enum)]
        collapse: Option<Collapse>,
        /// Who lays the diagram out.
        #[arg(long, value_enum, default_value_t = LayoutBy::Builtin)]
        layout: LayoutBy,
        /// Draw every document even past 10,000 (--collapse none).
        #[arg(long)]
        force: bool,
        /// Seconds Graphviz may take.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
    },
    /// Index files and folders into a SQLite file that queries answer from (`--index FILE`).
    #[command(after_help = "Examples:
  vncite index corpus/ -o corpus.db            # again later: re-reads only what changed
  vncite index --status -o corpus.db           # what changed since, reading nothing")]
    Index {
        #[command(flatten)]
        files: Files,
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
    /// Each file as an HTML page: its text with every reference highlighted, resolved and
    /// linked to the cited document's page, its identity on top; and an index page.
    #[command(after_help = "Examples:
  vncite annotate data/ -o annotated/          # then open annotated/index.html")]
    Annotate {
        #[command(flatten)]
        files: Files,
        /// The folder to write the pages into (made when missing, not its parents).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// A research report: corpus summary, most-cited, implementation trees, gaps, anomalies, evidence.
    #[command(after_help = "Examples:
  vncite report data/ -o report.html
  vncite report --index corpus.db > report.md")]
    Report {
        #[command(flatten)]
        input: Input,
        /// Output file, .md or .html (default: Markdown on stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// A completion script for a shell, on stdout.
    #[command(after_help = "Examples:
  vncite completions bash > ~/.local/share/bash-completion/completions/vncite
  vncite completions zsh > ~/.zfunc/_vncite")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// The man page of vncite, or of one command, on stdout (roff).
    #[command(after_help = "Examples:
  vncite man > vncite.1 && man ./vncite.1
  vncite man descendants | man -l -")]
    Man {
        /// A command, for its own page.
        command: Option<String>,
    },
}

fn main() -> ExitCode {
    // Ctrl-C, SIGTERM or SIGHUP while an index or a report is being written: its temporary
    // file goes with the process, and the output stays as it was.
    let _ = ctrlc::set_handler(|| {
        vncite::temp::remove_in_flight();
        cli::out::warn("interrupted; no index or output file was changed");
        std::process::exit(cli::EXIT_INTERRUPTED);
    });
    let started = std::time::Instant::now();
    let args = Cli::parse();
    cli::out::set_verbosity(args.quiet, args.verbose);
    let code = match run(args.command) {
        Ok(code) => code,
        Err(e) => {
            cli::out::say(cli::out::Tone::Error, &cli::message(&e));
            ExitCode::from(cli::exit_status(&e))
        }
    };
    cli::out::detail(&format!("took {:.2} s", started.elapsed().as_secs_f64()));
    code
}

fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Extract { files, format } => cli::extract::run(&files, format),
        Command::Index {
            files,
            output,
            prune,
            rebuild,
            status,
        } => cli::index::run(&cli::index::Request {
            files: &files,
            output: &output,
            prune,
            rebuild,
            status,
        }),
        Command::Annotate { files, output } => cli::annotate::run(&files, &output),
        Command::Descendants { key, input, walk } => cli::query::walk(&key, &input, &walk, true),
        Command::Ancestors { key, input, walk } => cli::query::walk(&key, &input, &walk, false),
        Command::Path {
            from,
            to,
            input,
            max_hops,
            max_paths,
            format,
        } => cli::query::path(&from, &to, &input, max_hops, max_paths, format),
        Command::Show { key, input, format } => cli::query::show(&key, &input, format),
        Command::Graph {
            input,
            output,
            format,
            root,
            depth,
            timeline,
            cluster_by,
            collapse,
            layout,
            force,
            timeout,
        } => cli::graph::run(&cli::graph::Request {
            input: &input,
            output: output.as_deref(),
            format,
            root: root.as_deref(),
            depth,
            timeline,
            cluster_by,
            collapse,
            layout,
            force,
            timeout,
        }),
        Command::Completions { shell } => cli::extras::completions::<Cli>(shell),
        Command::Man { command } => cli::extras::man::<Cli>(command.as_deref()),
        Command::Report { input, output } => cli::report::run(&input, output.as_deref()),
    }
}
