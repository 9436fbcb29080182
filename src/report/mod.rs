//! Research reports: what an analyst asks first. A header (version, date, corpus, command),
//! a summary (size, date range, identity not read), the findings (documents per month,
//! most-cited directives, their cascades, coverage by province, the slowest and fastest
//! provinces, delay per hop, implementation chains, what to collect next, anomalies) and the
//! evidence. Top rows are shown; the complete tables are CSV files beside the report, and the
//! figures are SVG (inline in HTML, files beside Markdown). The report's size is bounded
//! whatever the corpus; the CSV files grow with it.

pub mod analysis;
pub mod figures;
mod findings;
pub mod from_index;
mod index_evidence;
pub mod out;
mod sections;
pub mod source;
mod stats;
pub mod svg;
mod write;

pub use from_index::IndexSource;
pub use source::{InMemory, Source};

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A piece of a report section.
#[derive(Debug, Clone)]
pub enum Block {
    /// A paragraph of plain text.
    Text(String),
    /// A table: header and rows of plain text cells.
    Table(Vec<String>, Vec<Vec<String>>),
    /// Preformatted text (a tree).
    Pre(String),
    /// A diagram of the graph (HTML only; Markdown gets a note).
    Svg(String),
    /// A chart: inline in HTML, an SVG file beside Markdown.
    Figure(figures::Figure),
    /// Named values, one a line.
    Facts(Vec<(String, String)>),
    /// The complete tables beside the report: name, rows, what a row is.
    Tables(Vec<(&'static str, usize, &'static str)>),
    /// Where the complete table is: `shown` of `total` rows are above, all are in the CSV
    /// file `NAME` beside the report.
    More {
        /// Rows shown above.
        shown: usize,
        /// Rows in the file.
        total: usize,
        /// The table's name (`edges` for `REPORT.edges.csv`).
        table: &'static str,
    },
}

/// Which part of the report a section belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// What the corpus is.
    Summary,
    /// What it says.
    Findings,
    /// Where each finding comes from.
    Evidence,
}

impl Part {
    /// The part's heading.
    pub fn title(self) -> &'static str {
        match self {
            Part::Summary => "Summary",
            Part::Findings => "Findings",
            Part::Evidence => "Evidence",
        }
    }
}

/// A titled section of the report.
#[derive(Debug, Clone)]
pub struct Section {
    /// Heading.
    pub title: String,
    /// The part it belongs to.
    pub part: Part,
    /// Content.
    pub blocks: Vec<Block>,
}

/// What made the report: shown at its top.
#[derive(Debug, Clone)]
pub struct Header {
    /// vncite's version.
    pub version: String,
    /// When it was made (`SOURCE_DATE_EPOCH` when set).
    pub date: String,
    /// The corpus: paths read, or the index.
    pub corpus: String,
    /// The command line that made it.
    pub command: String,
}

impl Header {
    /// The header of a report on `corpus`, made by the command line `args` (the program's
    /// name first, written as `vncite`).
    pub fn new(corpus: String, args: impl IntoIterator<Item = OsString>) -> Header {
        Header {
            version: env!("CARGO_PKG_VERSION").to_string(),
            date: report_date(),
            corpus,
            command: command_line(args),
        }
    }
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// An output file would replace an input file.
    #[error("refusing to write over input file {}", .0.display())]
    Input(PathBuf),
    /// A file could not be written.
    #[error("writing {}: {source}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
    /// The report could not be written to stdout.
    #[error("writing the report: {0}")]
    Stdout(io::Error),
    /// The index could not be opened.
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    /// The index could not be read.
    #[error("reading the index: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl ReportError {
    /// A write error on `path`.
    pub fn write(path: &Path, source: io::Error) -> ReportError {
        ReportError::Write {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// What a report run did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Documents in the corpus.
    pub documents: usize,
    /// Files passed over.
    pub skipped: Vec<crate::model::Skipped>,
    /// Files written, the report last.
    pub written: Vec<PathBuf>,
    /// Temporary files of interrupted runs removed.
    pub stale: Vec<PathBuf>,
}

/// Makes the report of `src`: to `output` (HTML for `.html`/`.htm`, else Markdown) with its
/// CSV tables (and, for Markdown, its figures) beside it, or as Markdown to `stdout` alone.
/// Nothing is written over an input file; each file is written whole or not at all.
pub fn run(
    src: &dyn Source,
    header: &Header,
    output: Option<&Path>,
    stdout: &mut dyn Write,
) -> Result<Outcome, ReportError> {
    let plan = out::Plan::new(output);
    let targets = plan.all_paths();
    if let Some(p) = src.input_among(&targets)? {
        return Err(ReportError::Input(p));
    }
    let stale = targets
        .iter()
        .flat_map(|t| crate::temp::remove_stale(t))
        .collect();
    let mut tally = out::Tally::default();
    let (stats, skipped) = sections::documents_pass(src, &plan, &mut tally)?;
    let found = findings::compute(src.graph(), &plan, &stats.by_province, &mut tally)?;
    let evidence = sections::evidence_pass(src, &plan, &mut tally)?;
    let mut ready = std::mem::take(&mut tally.ready);
    let gathered = sections::Gathered {
        stats,
        skipped,
        found,
        evidence,
        tally,
    };
    let report = sections::build(src, header, &gathered)?;
    let mut bytes = Vec::new();
    if plan.html {
        write::html(&report, &plan, &mut bytes)
    } else {
        write::markdown(&report, &plan, &mut bytes)
    }
    .map_err(ReportError::Stdout)?;
    if !plan.html {
        for f in sections::figures(&report) {
            if let Some(p) = plan.side(f.name, "svg") {
                ready.push(out::write_whole(&p, svg_file(f).as_bytes())?);
            }
        }
    }
    match &plan.report {
        Some(p) => ready.push(out::write_whole(p, &bytes)?),
        None => match output {
            Some(device) => std::fs::OpenOptions::new()
                .write(true)
                .open(device)
                .and_then(|mut f| f.write_all(&bytes).and_then(|()| f.flush()))
                .map_err(|e| ReportError::write(device, e))?,
            None => stdout
                .write_all(&bytes)
                .and_then(|_| stdout.flush())
                .map_err(ReportError::Stdout)?,
        },
    }
    // Every file is whole: now each is renamed into place, the report last.
    let written = ready
        .into_iter()
        .map(out::Ready::persist)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Outcome {
        documents: gathered.stats.documents,
        skipped: gathered.skipped,
        written,
        stale,
    })
}

/// A figure as a file of its own: with the XML declaration viewers expect.
fn svg_file(f: &figures::Figure) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}\n", f.svg)
}

/// The date and time a report is made, in UTC: `SOURCE_DATE_EPOCH` (seconds since 1970) when
/// it is set, so that a build or a test gets the same bytes every time; else now.
pub fn report_date() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    utc(secs)
}

/// A time in seconds since 1970 as `2026-12-07 15:20 UTC`; one outside jiff's years
/// (-9999 to 9999) is written as the number of seconds it is.
pub fn utc(secs: i64) -> String {
    match jiff::Timestamp::from_second(secs) {
        Ok(t) => {
            let t = jiff::tz::TimeZone::UTC.to_datetime(t);
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute()
            )
        }
        Err(_) => format!("{secs} s after 1970-01-01 00:00 UTC"),
    }
}

/// A command line as a shell would take it back: the program as `vncite`, each argument
/// quoted when it holds anything but letters, digits and `-_./=:,+@%`.
pub fn command_line(args: impl IntoIterator<Item = OsString>) -> String {
    let mut out = vec!["vncite".to_string()];
    for a in args.into_iter().skip(1) {
        let a = a.to_string_lossy().into_owned();
        let plain = !a.is_empty()
            && a.chars()
                .all(|c| c.is_alphanumeric() || "-_./=:,+@%".contains(c));
        out.push(if plain {
            a
        } else {
            format!("'{}'", a.replace('\'', "'\\''"))
        });
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_are_quoted_for_a_shell() {
        let args = ["/x/vncite", "report", "my corpus", "it's", "-o", "r.html"].map(OsString::from);
        assert_eq!(
            command_line(args),
            "vncite report 'my corpus' 'it'\\''s' -o r.html"
        );
    }

    #[test]
    fn times_are_civil_in_utc() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(19_000 * 86_400 + 59), "2022-01-08 00:00 UTC");
        assert_eq!(utc(1_796_656_800), "2026-12-07 15:20 UTC");
        // Leap days, the end of a year, and a time before 1970.
        assert_eq!(utc(951_782_400 - 60), "2000-02-28 23:59 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc(1_735_689_599), "2024-12-31 23:59 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59 UTC");
        assert_eq!(
            utc(i64::MAX),
            format!("{} s after 1970-01-01 00:00 UTC", i64::MAX)
        );
    }
}
