//! The options the commands share, and the values they take.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

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
    pub encoding: Option<vncite::read::Encoding>,
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

fn parse_encoding(s: &str) -> Result<vncite::read::Encoding, String> {
    vncite::read::Encoding::parse(s).ok_or_else(|| {
        let names: Vec<&str> = vncite::read::Encoding::NAMES
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
    #[arg(long, value_delimiter = ',')]
    pub relation: Vec<String>,
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
