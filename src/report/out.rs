//! The files a report writes: the report itself and, beside it, its complete tables as CSV
//! and (for Markdown) its figures as SVG. Each is written to a temporary file beside its name
//! and renamed into place when whole, so an interrupted run leaves no half file.

use super::ReportError;
pub use crate::own::{svg_file_start, TableSpec, FIGURES, TABLES};
use crate::present::defuse;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The tables written so far: their rows, by name, and their files, whole but not yet renamed
/// into place (all are renamed at the end, the report last, so that an interrupted run leaves
/// the previous report and tables as they were).
#[derive(Default)]
pub struct Tally {
    /// Rows written to each table.
    pub rows: std::collections::BTreeMap<&'static str, usize>,
    /// Files ready to be renamed into place.
    pub ready: Vec<Ready>,
}

/// A file being written under a temporary name beside `dest`.
pub struct AtomicFile {
    dest: PathBuf,
    w: BufWriter<crate::temp::Pending>,
}

impl AtomicFile {
    /// Starts writing `dest`; the temporary file is known to the interrupt handler.
    pub fn create(dest: &Path) -> io::Result<AtomicFile> {
        Ok(AtomicFile {
            dest: dest.to_path_buf(),
            w: BufWriter::with_capacity(1 << 16, crate::temp::Pending::beside(dest)?),
        })
    }

    /// Flushes and syncs the file; it is renamed into place by [`Ready::persist`]. Dropped
    /// unfinished (an error on the way), its temporary file is removed.
    pub fn close(self) -> io::Result<Ready> {
        let mut file = self.w.into_inner().map_err(|e| e.into_error())?;
        file.sync()?;
        Ok(Ready {
            file,
            dest: self.dest,
        })
    }
}

/// A file written whole under its temporary name, waiting to be renamed into place; dropped
/// without that, its temporary file is removed.
pub struct Ready {
    file: crate::temp::Pending,
    dest: PathBuf,
}

impl Ready {
    /// Renames the file into place.
    pub fn persist(self) -> Result<PathBuf, ReportError> {
        match self.file.persist(&self.dest) {
            Ok(()) => Ok(self.dest),
            Err(e) => Err(ReportError::write(&self.dest, e)),
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.w.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// Writes `bytes` to a temporary file beside `dest`, ready to be renamed over it.
pub fn write_whole(dest: &Path, bytes: &[u8]) -> Result<Ready, ReportError> {
    let mut f = AtomicFile::create(dest).map_err(|e| ReportError::write(dest, e))?;
    f.write_all(bytes)
        .and_then(|_| f.close())
        .map_err(|e| ReportError::write(dest, e))
}

/// Where a report and the files beside it go.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The report file; none for Markdown on stdout (nothing is written beside it).
    pub report: Option<PathBuf>,
    /// HTML (else Markdown).
    pub html: bool,
    /// The report's name without its extension: the side files' prefix.
    stem: String,
    dir: PathBuf,
}

impl Plan {
    /// The plan for `-o output` (HTML for `.html`/`.htm`).
    pub fn new(output: Option<&Path>) -> Plan {
        let html = output
            .and_then(|p| p.extension())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        let (stem, dir) = match output {
            Some(p) => (
                p.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "report".into()),
                match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                },
            ),
            None => ("report".into(), PathBuf::from(".")),
        };
        Plan {
            // A device, a pipe or a socket (`-o /dev/stdout`) is written into like stdout,
            // with nothing beside it: a file renamed over it would take its place.
            report: output
                .filter(|p| !crate::temp::is_stream(p))
                .map(Path::to_path_buf),
            html,
            stem,
            dir,
        }
    }

    /// The file name of the side file `NAME.EXT` (`r.edges.csv`).
    pub fn side_name(&self, name: &str, ext: &str) -> String {
        format!("{}.{name}.{ext}", self.stem)
    }

    /// The path of the side file `NAME.EXT`; none when the report goes to stdout.
    pub fn side(&self, name: &str, ext: &str) -> Option<PathBuf> {
        self.report.as_ref()?;
        Some(self.dir.join(self.side_name(name, ext)))
    }

    /// The link to the side file `NAME.EXT` from the report: its name, percent-encoded.
    pub fn link(&self, name: &str, ext: &str) -> String {
        percent_encode(&self.side_name(name, ext))
    }

    /// Every file the report writes.
    pub fn all_paths(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = TABLES
            .iter()
            .filter_map(|t| self.side(t.name, "csv"))
            .collect();
        if !self.html {
            v.extend(FIGURES.iter().filter_map(|f| self.side(f, "svg")));
        }
        v.extend(self.report.clone());
        v
    }
}

/// A relative link's text: every byte but letters, digits and `-._~` percent-encoded.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `io::Error` in a CSV writer's error.
fn io_of(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        k => io::Error::other(format!("{k:?}")),
    }
}

/// A CSV table beside the report; nothing is written when the report goes to stdout.
pub struct Table {
    name: &'static str,
    w: Option<(csv::Writer<AtomicFile>, PathBuf)>,
    numeric: Vec<bool>,
    /// Rows written, the header not counted.
    pub rows: usize,
}

impl Table {
    /// Starts the table `name` (one of [`TABLES`]) of the plan with its header; a numeric
    /// column is written as it is (a negative delay is no formula), the rest defused.
    pub fn create(plan: &Plan, name: &str) -> Result<Table, ReportError> {
        let spec = TABLES.iter().find(|t| t.name == name).ok_or_else(|| {
            ReportError::write(Path::new(name), io::Error::other("no such table"))
        })?;
        let (header, numeric) = (spec.columns, spec.numeric);
        let w = match plan.side(name, "csv") {
            Some(p) => {
                let file = AtomicFile::create(&p).map_err(|e| ReportError::write(&p, e))?;
                let mut w = csv::Writer::from_writer(file);
                w.write_record(header)
                    .map_err(|e| ReportError::write(&p, io_of(e)))?;
                Some((w, p))
            }
            None => None,
        };
        Ok(Table {
            name: spec.name,
            w,
            numeric: header.iter().map(|h| numeric.contains(h)).collect(),
            rows: 0,
        })
    }

    /// Writes one row; every text cell is defused.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<(), ReportError> {
        self.rows += 1;
        let Some((w, p)) = &mut self.w else {
            return Ok(());
        };
        let cells = cells.iter().zip(&self.numeric).map(|(c, &num)| {
            if num {
                std::borrow::Cow::Borrowed(c.as_ref().as_bytes())
            } else {
                match defuse(c.as_ref()) {
                    std::borrow::Cow::Borrowed(s) => std::borrow::Cow::Borrowed(s.as_bytes()),
                    std::borrow::Cow::Owned(s) => std::borrow::Cow::Owned(s.into_bytes()),
                }
            }
        });
        w.write_record(cells)
            .map_err(|e| ReportError::write(p, io_of(e)))
    }

    /// Writes the rest and counts its rows in `tally`, where its file waits to be renamed.
    pub fn finish(self, tally: &mut Tally) -> Result<(), ReportError> {
        tally.rows.insert(self.name, self.rows);
        match self.w {
            Some((w, p)) => {
                let ready = w
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .and_then(AtomicFile::close)
                    .map_err(|e| ReportError::write(&p, e))?;
                tally.ready.push(ready);
                Ok(())
            }
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_files_sit_beside_the_report_under_its_name() {
        let p = Plan::new(Some(Path::new("out/r.v2.html")));
        assert!(p.html);
        assert_eq!(
            p.side("edges", "csv"),
            Some(PathBuf::from("out/r.v2.edges.csv"))
        );
        assert_eq!(p.link("edges", "csv"), "r.v2.edges.csv");
        assert_eq!(Plan::new(Some(Path::new("r.md"))).all_paths().len(), 14);
        assert!(Plan::new(None).all_paths().is_empty());
        assert_eq!(
            percent_encode("báo cáo#1.csv"),
            "b%C3%A1o%20c%C3%A1o%231.csv"
        );
    }
}
