//! The commands' work beyond parsing their options, one module each, so `main.rs` stays the
//! parser and the dispatch; what they share: errors and exit statuses, output, the corpus.

pub mod annotate;
pub mod args;
pub mod extract;
pub mod extras;
pub mod graph;
pub mod index;
pub mod out;
pub mod query;
pub mod report;
pub mod source;

/// Exit statuses, as `--help` lists them and the README.
pub const EXIT_STATUSES: &str = "Exit status:
  0  done
  1  nothing readable; a skipped input under --strict; `path` found no chain
  2  usage error: a bad option, an unknown or ambiguous KEY, a missing path, a file that is
     no index of this version, a format that needs Graphviz where it is not installed,
     refusing to write over an input, an output that cannot be written
  3  the system failed: a file or the index could not be read or written
  130  interrupted (Ctrl-C, SIGTERM); temporary files are removed";

/// Status of nothing readable.
pub const EXIT_NOTHING: u8 = 1;
/// Status of a usage error.
pub const EXIT_USAGE: u8 = 2;
/// Status of a failure of the system: I/O, SQLite.
pub const EXIT_FAILURE: u8 = 3;
/// Status after an interrupt (128 + SIGINT).
pub const EXIT_INTERRUPTED: i32 = 130;

/// An error that is the user's to fix: printed, exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Nothing could be read from the paths given: printed, exit status 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NothingRead(pub String);

/// The exit status of an error: 2 for what the user is to fix (a usage error, an index
/// update refused, a file that is no index of this version, a format that needs Graphviz
/// where it is not installed), 1 when nothing was read, 3 when the system failed.
pub fn exit_status(e: &anyhow::Error) -> u8 {
    use vncite::index::IndexError;
    let usage = e.downcast_ref::<UsageError>().is_some()
        || matches!(
            e.downcast_ref::<IndexError>(),
            Some(IndexError::Refused(_) | IndexError::Format(_))
        )
        || matches!(
            e.downcast_ref::<vncite::report::ReportError>(),
            Some(
                vncite::report::ReportError::Input(_)
                    | vncite::report::ReportError::Index(
                        IndexError::Refused(_) | IndexError::Format(_)
                    )
            )
        )
        || matches!(
            e.downcast_ref::<vncite::render::RenderError>(),
            Some(vncite::render::RenderError::NoGraphviz(_))
        );
    if usage {
        EXIT_USAGE
    } else if e.downcast_ref::<NothingRead>().is_some() {
        EXIT_NOTHING
    } else {
        EXIT_FAILURE
    }
}

/// The error and its causes, each said once: SQLite's message is carried by the index's
/// error, by rusqlite's and by SQLite's own (`Error code 11: database disk image is
/// malformed`), and would otherwise be printed three times.
pub fn message(e: &anyhow::Error) -> String {
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
