//! vncite's own outputs as the inputs may hold them: a report written into the corpus folder,
//! its tables and figures beside it, annotated pages. Their marks are written here and
//! recognised here, so that reading passes them over instead of taking a report that lists
//! every document for a document citing them all.

use std::fs::File;
use std::path::Path;
use std::sync::LazyLock;

/// The mark vncite's HTML report carries in its head, so that a report written into the
/// corpus is not read back as a document citing every document it lists.
pub const REPORT_GENERATOR: &str = "<meta name=\"generator\" content=\"vncite\">";

/// True for a report or an annotated page vncite wrote: the Markdown report's first line or
/// the HTML pages' mark.
pub fn is_own_report(b: &[u8]) -> bool {
    let head = &b[..b.len().min(512)];
    head.starts_with(b"# vncite report\n") || {
        static MARK: LazyLock<memchr::memmem::Finder<'static>> =
            // Without its `>`: annotated pages close it as XML does (` />`).
            LazyLock::new(|| {
                memchr::memmem::Finder::new(REPORT_GENERATOR.trim_end_matches('>').as_bytes())
            });
        MARK.find(head).is_some()
    }
}

/// A complete table written beside the report (`REPORT.NAME.csv`).
pub struct TableSpec {
    /// Its name in the file name.
    pub name: &'static str,
    /// Its header.
    pub columns: &'static [&'static str],
    /// The columns that hold numbers (written as they are, not defused).
    pub numeric: &'static [&'static str],
    /// What a row is.
    pub about: &'static str,
}

const CITED: &[&str] = &[
    "rank",
    "id",
    "document",
    "kind",
    "date",
    "issuer",
    "level",
    "cited_by",
    "in_corpus",
];

/// The complete tables written beside the report, in the order they are listed.
pub const TABLES: [TableSpec; 8] = [
    TableSpec {
        name: "files",
        columns: &[
            "file",
            "part",
            "status",
            "number",
            "symbol",
            "kind",
            "date",
            "issuer",
            "level",
            "province",
            "subject",
            "references",
            "missing",
            "reason",
        ],
        numeric: &["part", "references"],
        about: "every document read (file, part, identity, what it lacks) and every file passed over, with the reason",
    },
    TableSpec {
        name: "edges",
        columns: &[
            "citing_id",
            "citing",
            "relation",
            "cited_id",
            "cited",
            "cited_in_corpus",
            "file",
            "line",
            "sentence",
        ],
        numeric: &["line"],
        about: "every mention behind every citation edge: citing and cited document, relation, file, line and sentence",
    },
    TableSpec {
        name: "chains",
        columns: &[
            "directive_id",
            "directive",
            "depth",
            "id",
            "document",
            "level",
            "province",
            "date",
            "relation",
            "via_id",
            "hop_days_min",
            "hop_days_max",
            "days_from_directive_min",
            "days_from_directive_max",
        ],
        numeric: &[
            "depth",
            "hop_days_min",
            "hop_days_max",
            "days_from_directive_min",
            "days_from_directive_max",
        ],
        about: "every document down every root directive's cascade: depth, the document it implements, the delay of that hop and from the directive",
    },
    TableSpec {
        name: "cited",
        columns: CITED,
        numeric: &["rank", "cited_by"],
        about: "every cited document, ranked by how many documents cite it",
    },
    TableSpec {
        name: "missing",
        columns: CITED.split_at(8).0,
        numeric: &["rank", "cited_by"],
        about: "every cited document not in the corpus, ranked: what to collect next",
    },
    TableSpec {
        name: "coverage",
        columns: &[
            "directive_id",
            "directive",
            "date",
            "province",
            "acted",
            "first_id",
            "first_date",
            "days",
        ],
        numeric: &["days"],
        about: "every central directive × every province with documents: acted or not, the first document and the days to it",
    },
    TableSpec {
        name: "provinces",
        columns: &[
            "province",
            "documents",
            "directives_acted_on",
            "dated",
            "median_days",
            "p25_days",
            "p75_days",
        ],
        numeric: &[
            "documents",
            "directives_acted_on",
            "dated",
            "median_days",
            "p25_days",
            "p75_days",
        ],
        about: "every province: its documents, the central directives it acted on, the median days to its first document",
    },
    TableSpec {
        name: "anomalies",
        columns: &["anomaly", "documents"],
        numeric: &[],
        about: "every anomaly and every citation of a later document",
    },
];

/// The start of every figure file: the XML declaration and the figure's `<svg>` up to its id.
pub fn svg_file_start(name: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"fig-{name}\"")
}

/// True for a table or figure a report wrote beside itself (found in a corpus folder): its
/// name ends in `.NAME.csv` with that table's header as its first line, or `.NAME.svg` with a
/// report figure's start. Reading passes it over as vncite's own output.
pub fn is_side_file(p: &Path) -> bool {
    let Some(file) = p.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let expect = if let Some(t) = TABLES
        .iter()
        .find(|t| file.ends_with(&format!(".{}.csv", t.name)))
    {
        format!("{}\n", t.columns.join(","))
    } else if let Some(f) = FIGURES
        .iter()
        .find(|f| file.ends_with(&format!(".{f}.svg")))
    {
        svg_file_start(f)
    } else {
        return false;
    };
    let mut head = vec![0; expect.len()];
    let read = File::open(p).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head));
    read.is_ok() && head == expect.as_bytes()
}

/// The figures written beside a Markdown report (`REPORT.NAME.svg`).
pub const FIGURES: [&str; 5] = ["months", "cascades", "coverage", "provinces", "delays"];
