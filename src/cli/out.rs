//! What the commands say and write: messages on stderr at the verbosity asked for, coloured
//! on a terminal; data and text on stdout; output files written atomically, never over an
//! input, and refused before the corpus is read when they cannot be written.

use crate::cli::args::{Files, Verbosity};
use crate::cli::UsageError;
use anstyle::{AnsiColor, Style};
use anyhow::{bail, Context, Result};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU8, Ordering};
use vncite::present::{self, escape_controls};
use vncite::Corpus;

/// How much the commands say on stderr: 0 quiet, 1 normal, 2 verbose.
static LEVEL: AtomicU8 = AtomicU8::new(1);

/// Sets how much is said: `-q` drops what is said for information (summaries, files
/// written); `-v` adds each document read and the time taken.
pub fn set_verbosity(v: Verbosity) {
    let level = match v {
        Verbosity::Quiet => 0,
        Verbosity::Normal => 1,
        Verbosity::Verbose => 2,
    };
    LEVEL.store(level, Ordering::Relaxed);
}

/// True under `-v`.
pub fn verbose() -> bool {
    LEVEL.load(Ordering::Relaxed) >= 2
}

/// What a message is, which decides whether `-q` drops it and its colour on a terminal.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A summary or a file written: dropped by `-q`.
    Info,
    /// Something the user should know about the result (files skipped, documents not shown).
    Warn,
    /// Why the command failed.
    Error,
}

/// Says `msg` on stderr as `vncite: msg`, its control characters escaped, the prefix coloured
/// on a terminal that takes colour (`NO_COLOR` is honoured).
pub fn say(tone: Tone, msg: &str) {
    if tone == Tone::Info && LEVEL.load(Ordering::Relaxed) == 0 {
        return;
    }
    let style = match tone {
        Tone::Info => Style::new().dimmed(),
        Tone::Warn => Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        Tone::Error => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
    };
    let mut err = anstream::stderr().lock();
    // Nothing is left to tell of a failure to write to stderr.
    let _ = writeln!(
        err,
        "{}vncite:{} {}",
        style.render(),
        style.render_reset(),
        escape_controls(msg)
    );
}

/// [`say`] for information: dropped by `-q`.
pub fn info(msg: &str) {
    say(Tone::Info, msg);
}

/// [`say`] for a warning.
pub fn warn(msg: &str) {
    say(Tone::Warn, msg);
}

/// [`say`] under `-v` only.
pub fn detail(msg: &str) {
    if verbose() {
        say(Tone::Info, msg);
    }
}

/// Writes data (JSON, CSV, DOT, an image, a report) to stdout through a buffer, byte for byte.
pub fn emit(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    f(&mut out)
        .and_then(|_| out.flush())
        .context("writing output")
}

/// Writes text for reading (a table, a tree, a card) to stdout, control characters escaped:
/// a document's words cannot drive the terminal. On a terminal that takes colour, relations,
/// tree rails and marks are coloured after the escaping.
pub fn emit_text(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let stdout = std::io::stdout();
    let colour = matches!(
        anstream::AutoStream::choice(&stdout),
        anstream::ColorChoice::Always | anstream::ColorChoice::AlwaysAnsi
    );
    let lock = std::io::BufWriter::new(stdout.lock());
    let written = if colour {
        let mut out = present::ControlsEscaped::new(Paint::new(lock));
        f(&mut out).and_then(|_| out.flush())
    } else {
        let mut out = present::ControlsEscaped::new(lock);
        f(&mut out).and_then(|_| out.flush())
    };
    written.context("writing output")
}

/// A writer that colours text for reading line by line: `[relation]` in the relation's
/// colour, tree rails, `(not in corpus)`, `(*)` and `(…)` dimmed. It sits after the control
/// escaping, so the only escapes that reach the terminal are its own.
struct Paint<W: Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> Paint<W> {
    fn new(inner: W) -> Self {
        Paint {
            inner,
            line: Vec::new(),
        }
    }

    /// Writes the line held, coloured.
    fn paint_line(&mut self) -> std::io::Result<()> {
        let line = std::mem::take(&mut self.line);
        match std::str::from_utf8(&line) {
            Ok(text) => self.inner.write_all(paint(text).as_bytes()),
            Err(_) => self.inner.write_all(&line),
        }
    }
}

impl<W: Write> Write for Paint<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for part in buf.split_inclusive(|&b| b == b'\n') {
            self.line.extend_from_slice(part);
            if part.ends_with(b"\n") {
                self.paint_line()?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.paint_line()?;
        self.inner.flush()
    }
}

/// The colour of a relation's tag.
fn relation_style(r: vncite::Relation) -> Style {
    use vncite::Relation::*;
    let c = match r {
        Implements => AnsiColor::Cyan,
        BasedOn => AnsiColor::Magenta,
        GuidedBy => AnsiColor::Green,
        RespondsTo | ProposedBy => AnsiColor::Yellow,
        Amends | Replaces | Repeals | Corrects => AnsiColor::Red,
        Cites => AnsiColor::BrightBlack,
    };
    Style::new().fg_color(Some(c.into()))
}

/// The length of the rails and branches a tree line starts with (`│   ├── `, `|-- `, a
/// folded `[+N] `).
fn rails_len(line: &str) -> usize {
    const PARTS: [&str; 7] = ["│   ", "    ", "├── ", "└── ", "|   ", "|-- ", "`-- "];
    let mut at = 0;
    loop {
        let rest = &line[at..];
        if let Some(p) = PARTS.iter().find(|p| rest.starts_with(*p)) {
            at += p.len();
        } else if let Some(n) = rest.strip_prefix("[+").and_then(|r| {
            r.find("] ")
                .filter(|&i| i > 0 && r[..i].bytes().all(|b| b.is_ascii_digit()))
        }) {
            at += 2 + n + 2;
        } else {
            return at;
        }
    }
}

/// One line of text with its colours.
fn paint(line: &str) -> String {
    let dim = Style::new().dimmed();
    let styled = |s: &str, st: Style| format!("{}{s}{}", st.render(), st.render_reset());
    let rails_end = rails_len(line);
    let (rails, rest) = line.split_at(rails_end);
    let mut out = String::with_capacity(line.len() + 32);
    if !rails.trim().is_empty() {
        out.push_str(&styled(rails, dim));
    } else {
        out.push_str(rails);
    }
    let mut rest = rest.to_string();
    for r in vncite::Relation::ALL {
        let tag = format!("[{r}]");
        if rest.contains(&tag) {
            rest = rest.replace(&tag, &styled(&tag, relation_style(r)));
        }
    }
    for mark in ["(not in corpus)", "(*)", "(…)", "(...)"] {
        if rest.contains(mark) {
            rest = rest.replace(mark, &styled(mark, dim));
        }
    }
    out.push_str(&rest);
    out
}

/// Refuses, before anything is read, an output file that cannot be written: a folder, or a
/// file in a folder that does not exist.
pub fn check_output_file(path: &Path) -> Result<()> {
    if path.is_dir() {
        bail!(UsageError(format!(
            "{} is a folder; -o names the file to write",
            path.display()
        )));
    }
    check_parent(path)
}

/// Whether a report written to `path` is HTML (`.html`, `.htm`) or Markdown (`.md`,
/// `.markdown`, or no extension), told before the corpus is read: another extension is
/// refused (`report.pdf` would be Markdown under a PDF's name), and so is a file in a folder
/// that does not exist.
pub fn report_format(path: &Path) -> Result<bool> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    let html = match ext.as_deref() {
        Some("html" | "htm") => true,
        None | Some("md" | "markdown") => false,
        Some(other) => bail!(UsageError(format!(
            "cannot write a report as `.{other}`: -o takes a .md or .html file"
        ))),
    };
    check_output_file(path)?;
    Ok(html)
}

/// Refuses, before anything is read, an output whose folder does not exist.
pub fn check_parent(path: &Path) -> Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        bail!(UsageError(format!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            parent.display()
        )));
    }
    Ok(())
}

/// Writes a file atomically (a temporary file, then a rename), never over an input file; a
/// device or a pipe is written into as it is.
pub fn write_output(path: &Path, bytes: &[u8], corpus: &Corpus) -> Result<()> {
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
    // A device, a pipe or a socket (`-o /dev/stdout`) is written into: a file renamed over
    // it would take its place.
    if vncite::temp::is_stream(path) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()))
            .with_context(|| format!("writing {}", path.display()));
    }
    for stale in vncite::temp::remove_stale(path) {
        info(&format!(
            "removed {}, left by an interrupted run",
            stale.display()
        ));
    }
    // The temporary file is known to the interrupt handler while it is written.
    vncite::temp::write_atomic(path, bytes)
        .with_context(|| format!("writing {}", path.display()))?;
    info(&format!("wrote {}", path.display()));
    Ok(())
}

/// Says on stderr which files were converted, which were skipped and why, and the counts,
/// with how many documents lack a number, a date or an issuer.
pub fn summarize(
    read: usize,
    missing: vncite::model::MissingCounts,
    converted: &[String],
    skipped: &[vncite::model::Skipped],
) {
    for c in converted {
        info(&format!("converted {c}"));
    }
    for s in skipped {
        warn(&format!("skipped {}: {}", s.path, s.reason));
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
    info(&format!(
        "{read} document(s) read, {} skipped{}{}",
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
    ));
}

/// Says on stderr how many mentions several documents fit: they are kept apart, not guessed.
pub fn say_ambiguous(mentions: usize) {
    if mentions > 0 {
        warn(&format!(
            "{mentions} reference(s) fit several documents and stay apart (anomalies of type ambiguous_reference list the candidates)"
        ));
    }
}

/// A progress bar on stderr for long runs; none when stderr is not a terminal or under `-q`.
pub fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || LEVEL.load(Ordering::Relaxed) == 0 {
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

/// A spinner on stderr with `msg`, for work whose length cannot be counted (Graphviz
/// drawing); none when stderr is not a terminal or under `-q`.
pub fn spinner(msg: &str) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || LEVEL.load(Ordering::Relaxed) == 0 {
        return None;
    }
    let b = indicatif::ProgressBar::new_spinner();
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
        b.set_style(style);
    }
    b.set_message(msg.to_string());
    b.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(b)
}

/// The exit status of a run over `files` that read `corpus`.
pub fn status(corpus: &Corpus, files: &Files) -> ExitCode {
    files.exit_status(
        corpus.documents.len(),
        corpus.skipped.iter().map(|s| s.category),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_line_is_painted_around_its_words() {
        let line = "│   └── 12/UBND-VP  Công văn  2021-08  [implements] +1 d (*)\n";
        let p = paint(line);
        assert!(p.contains("\u{1b}[36m[implements]"), "{p:?}");
        assert!(
            p.starts_with("\u{1b}[2m│   └── \u{1b}[0m12/UBND-VP"),
            "{p:?}"
        );
        // Without its escapes it is the line as it was.
        let plain: String = anstream::adapter::strip_str(&p).to_string();
        assert_eq!(plain, line);
        // A line that starts with a key has no rails.
        assert_eq!(rails_len("1068/CĐ-TTg  Công điện"), 0);
        assert_eq!(rails_len("[+12] │   |-- x"), "[+12] │   |-- ".len());
    }
}
