//! The command line's shape: the commands, the options each takes and those they share, and
//! the values they take. The commands' work is in the modules beside this one.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use vncite::Relation;

/// Citation graphs from Vietnamese government documents.
#[derive(Parser)]
#[command(name = "vncite", version, about, after_help = crate::cli::EXIT_STATUSES)]
pub struct Cli {
    /// The command and its options.
    #[command(subcommand)]
    pub command: Command,
    /// Say nothing on stderr but warnings and errors: no summary line, no files written.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more on stderr: each document read, and the time taken.
    #[arg(short, long, global = true)]
    verbose: bool,
}

impl Cli {
    /// How much the commands say on stderr, from `-q` and `-v`.
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}

/// How much the commands say on stderr.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Warnings and errors only (`-q`).
    Quiet,
    /// Also summaries and the files written.
    Normal,
    /// Also each document read and the time taken (`-v`).
    Verbose,
}

/// The commands.
#[derive(Subcommand)]
pub enum Command {
    /// Report every document's identity and every reference it makes, with provenance.
    #[command(after_help = "Examples:
  vncite extract data/                      # a table on a terminal, JSON otherwise
  vncite extract corpus/ --format jsonl > corpus.jsonl")]
    Extract(ExtractArgs),
    /// Documents that implement or cite KEY, directly or down the chain.
    #[command(after_help = "Examples:
  vncite descendants 1068/CĐ-TTg            # a tree, like `cargo tree`
  vncite descendants '1068 CĐ TTg' --depth 1 --format list
  vncite descendants 1068 --no-dedupe --charset ascii --index corpus.db")]
    Descendants(WalkArgs),
    /// What KEY rests on, up to the root directives.
    #[command(after_help = "Examples:
  vncite ancestors 4924/UBND-VXNV
  vncite ancestors data/001_bac-yen_ubnd-huyen_cong-van-phong-chong-covid.txt --relation implements")]
    Ancestors(WalkArgs),
    /// The chains between two documents, shortest first.
    #[command(after_help = "Examples:
  vncite path 1068/CĐ-TTg data/001_bac-yen_ubnd-huyen_cong-van-phong-chong-covid.txt
  vncite path 1068 2405/UBND-KGVX --format json")]
    Path(PathArgs),
    /// One document's card: identity, what it cites, who cites it, with the sentences.
    #[command(after_help = "Examples:
  vncite show 5255/VPCP-KGVX
  vncite show 1068/CĐ-TTg --format json --index corpus.db")]
    Show(ShowArgs),
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
    Graph(GraphArgs),
    /// Index files and folders into a SQLite file that queries answer from (`--index FILE`).
    #[command(after_help = "Examples:
  vncite index corpus/ -o corpus.db            # again later: re-reads only what changed
  vncite index --status -o corpus.db           # what changed since, reading nothing")]
    Index(IndexArgs),
    /// Each file as an HTML page: its text with every reference highlighted, resolved and
    /// linked to the cited document's page, its identity on top; and an index page.
    #[command(after_help = "Examples:
  vncite annotate data/ -o annotated/          # then open annotated/index.html")]
    Annotate(AnnotateArgs),
    /// A research report: corpus summary, most-cited, implementation trees, gaps, anomalies, evidence.
    #[command(after_help = "Examples:
  vncite report data/ -o report.html
  vncite report --index corpus.db > report.md")]
    Report(ReportArgs),
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

/// `vncite extract`'s options.
#[derive(Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub files: Files,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub format: Option<ExtractFormat>,
}

/// `vncite descendants` and `vncite ancestors`'s options.
#[derive(Args)]
pub struct WalkArgs {
    /// A key (1068/CĐ-TTg, 1068/cd-ttg, '1068 CĐ TTg', 1068), a document id, or a file path.
    pub key: String,
    #[command(flatten)]
    pub input: Input,
    #[command(flatten)]
    pub walk: Walk,
}

/// `vncite path`'s options.
#[derive(Args)]
pub struct PathArgs {
    /// One end.
    pub from: String,
    /// The other end.
    pub to: String,
    #[command(flatten)]
    pub input: Input,
    /// Longest chain, in hops.
    #[arg(long, default_value_t = 12)]
    pub max_hops: usize,
    /// Most chains shown.
    #[arg(long, default_value_t = 20)]
    pub max_paths: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

/// `vncite show`'s options.
#[derive(Args)]
pub struct ShowArgs {
    /// A key, a document id, or a file path.
    pub key: String,
    #[command(flatten)]
    pub input: Input,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

/// `vncite graph`'s options.
#[derive(Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub input: Input,
    /// Output file (default: DOT on stdout); for csv, a folder or a prefix of the three files' names.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Output format (default: from the extension, else dot).
    #[arg(long, value_enum)]
    pub format: Option<GraphFormat>,
    /// Draw only the documents around this one.
    #[arg(long)]
    pub root: Option<String>,
    /// With --root: how many steps up and down (default 2).
    #[arg(long, requires = "root")]
    pub depth: Option<usize>,
    /// Rank by month of issue instead of administrative level.
    #[arg(long)]
    pub timeline: bool,
    /// Boxes around levels, issuers, or none.
    #[arg(long, value_enum, default_value_t = Cluster::Level)]
    pub cluster_by: Cluster,
    /// Draw groups of documents with counts (default: province when more than 300
    /// documents would be drawn, else none: every document).
    #[arg(long, value_enum)]
    pub collapse: Option<Collapse>,
    /// Who lays the diagram out.
    #[arg(long, value_enum, default_value_t = LayoutBy::Builtin)]
    pub layout: LayoutBy,
    /// Draw every document even past 10,000 (--collapse none).
    #[arg(long)]
    pub force: bool,
    /// Seconds Graphviz may take.
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
}

/// `vncite index`'s options.
#[derive(Args)]
pub struct IndexArgs {
    #[command(flatten)]
    pub files: Files,
    /// The index file to create or update.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Remove the files gone from the given folders even when they are most of the index.
    #[arg(long)]
    pub prune: bool,
    /// Write a new index over the one at -o (of any version) from the given paths alone.
    #[arg(long, conflicts_with = "status")]
    pub rebuild: bool,
    /// Read nothing, change nothing: list the files changed, added or removed since the
    /// index was last updated (by size and modification time), under the given paths or
    /// those it was made from.
    #[arg(long)]
    pub status: bool,
}

/// `vncite annotate`'s options.
#[derive(Args)]
pub struct AnnotateArgs {
    #[command(flatten)]
    pub files: Files,
    /// The folder to write the pages into (made when missing, not its parents).
    #[arg(short, long)]
    pub output: PathBuf,
}

/// `vncite report`'s options.
#[derive(Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: Input,
    /// Output file, .md or .html (default: Markdown on stdout).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// The files and folders a command reads.
#[derive(Args)]
pub struct Files {
    /// Files or folders to read (.txt, .md, .html and .htm, recursively); default: data/
    pub paths: Vec<PathBuf>,
    /// Exit with status 1 when any input was skipped.
    #[arg(long)]
    pub strict: bool,
    /// Decode every file with this encoding: utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni.
    #[arg(long, value_parser = parse_encoding)]
    pub encoding: Option<vncite::model::Encoding>,
    /// Skip files larger than this many bytes (memory stays bounded).
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    pub max_file_size: u64,
}

impl Files {
    /// The paths given, or `data/`.
    pub fn paths(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            vec![PathBuf::from("data")]
        } else {
            self.paths.clone()
        }
    }

    /// Status 1 when nothing was read, or under `--strict` when a file was passed over for a
    /// reason it fails on (any but vncite's own output); else 0.
    pub fn exit_status(
        &self,
        documents: usize,
        skipped: impl IntoIterator<Item = vncite::model::SkipReason>,
    ) -> std::process::ExitCode {
        let strict_fails = self.strict && skipped.into_iter().any(|r| r.fails_strict());
        if documents == 0 || strict_fails {
            std::process::ExitCode::from(crate::cli::EXIT_NOTHING)
        } else {
            std::process::ExitCode::SUCCESS
        }
    }

    /// How each file is to be read.
    pub fn read_options(&self) -> vncite::read::ReadOptions {
        vncite::read::ReadOptions {
            encoding: self.encoding,
            max_file_size: self.max_file_size,
        }
    }
}

/// The corpus a query, a diagram or a report reads: files and folders, or an index.
#[derive(Args)]
pub struct Input {
    // The files and folders, when no index is given.
    #[command(flatten)]
    pub files: Files,
    /// Answer from an index made by `vncite index` instead of reading files.
    #[arg(long, value_name = "FILE")]
    pub index: Option<PathBuf>,
}

fn parse_encoding(s: &str) -> Result<vncite::model::Encoding, String> {
    vncite::model::Encoding::parse(s).ok_or_else(|| {
        let names: Vec<&str> = vncite::model::Encoding::NAMES
            .iter()
            .map(|(n, _)| *n)
            .collect();
        format!("unknown encoding `{s}`; one of: {}", names.join(", "))
    })
}

/// Which relations a walk follows, how deep, and how it is shown.
#[derive(Args)]
pub struct Walk {
    /// Deepest level to show (1 = direct only); a tree stops at 50 unless given, and says how
    /// many documents lie below.
    #[arg(long)]
    pub depth: Option<usize>,
    /// Relations to follow, comma-separated (default: all): implements,based_on,guided_by,...
    #[arg(long, value_delimiter = ',', value_parser = parse_relation)]
    pub relation: Vec<Relation>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Tree)]
    pub format: QueryFormat,
    /// Tree: show a document again, expanded, wherever it is met (only a cycle is cut, with
    /// `(*)`); by default it is expanded once and marked `(*)` where met again.
    #[arg(long)]
    pub no_dedupe: bool,
    /// Tree: the characters it is drawn with.
    #[arg(long, value_enum, default_value_t = Charset::Utf8)]
    pub charset: Charset,
}

/// Reads a relation by the name `Relation::as_str` gives it, or lists the names.
fn parse_relation(name: &str) -> Result<Relation, String> {
    Relation::parse(name).ok_or_else(|| {
        format!(
            "unknown relation `{name}`; one of: {}",
            Relation::ALL.map(|r| r.as_str()).join(", ")
        )
    })
}

/// The output of `vncite extract`.
#[derive(Clone, Copy, ValueEnum)]
pub enum ExtractFormat {
    /// A table for reading.
    Table,
    /// One JSON object: documents and skipped files.
    Json,
    /// One JSON object a line, streamed.
    Jsonl,
}

/// The output of `descendants` and `ancestors`.
#[derive(Clone, Copy, ValueEnum)]
pub enum QueryFormat {
    /// A tree, like `cargo tree`.
    Tree,
    /// One document a line, nearest first, with its depth.
    List,
    /// The root, the documents reached and the edges among them.
    Json,
    /// One row a document, with the edge that reached it.
    Csv,
}

/// The output of `show` and `path`.
#[derive(Clone, Copy, ValueEnum)]
pub enum TextFormat {
    /// Text for reading.
    Text,
    /// JSON.
    Json,
}

/// The characters a tree is drawn with.
#[derive(Clone, Copy, ValueEnum)]
pub enum Charset {
    /// `├──`, `└──`, `│`.
    Utf8,
    /// `|--`, `` `-- ``, `|`.
    Ascii,
}

/// The formats `vncite graph` writes.
#[derive(Clone, Copy, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz's DOT.
    Dot,
    /// The diagram as SVG.
    Svg,
    /// The diagram as PNG (needs Graphviz).
    Png,
    /// The diagram as PDF (needs Graphviz).
    Pdf,
    /// vncite's JSON: nodes, edges with their sources, anomalies.
    Json,
    /// GEXF 1.3, for Gephi.
    Gexf,
    /// GraphML, for networkx and igraph.
    Graphml,
    /// networkx's node-link JSON.
    NodeLink,
    /// Three CSV tables: nodes, edges, mentions.
    Csv,
    /// The explorer: one self-contained HTML page to search, filter and drill down in.
    Html,
}

/// How the diagram groups its documents.
#[derive(Clone, Copy, ValueEnum)]
pub enum Cluster {
    /// A box per administrative level.
    Level,
    /// A box per issuer.
    Issuer,
    /// No boxes.
    None,
}

/// What an overview groups documents by (`--collapse`).
#[derive(Clone, Copy, ValueEnum)]
pub enum Collapse {
    /// A box per level (central, province, district, commune), and the citations between levels.
    Level,
    /// A panel per province with its documents per level, under the central bodies.
    Province,
    /// A box per issuer (the busiest of each level), and the citations between them.
    Issuer,
    /// Every document its own box (refused past 10,000 without --force).
    None,
}

/// Who lays a diagram out (`--layout`).
#[derive(Clone, Copy, ValueEnum)]
pub enum LayoutBy {
    /// vncite: wide levels wrapped into rows; Graphviz only paints PNG and PDF.
    Builtin,
    /// Graphviz's `dot` (vncite's layout stands in, with a note, when it is missing or fails).
    Dot,
}
