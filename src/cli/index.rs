//! `vncite index`: build or update the SQLite index, or say what changed since (`--status`).

use crate::cli::args::IndexArgs;
use crate::cli::out::{check_parent, emit_text, info, progress_bar, say_ambiguous, warn};
use crate::cli::source::when;
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `vncite index`.
pub fn run(req: &IndexArgs) -> Result<ExitCode> {
    let (files, output) = (&req.files, req.output.as_path());
    if req.status {
        return status(output, &files.paths);
    }
    check_parent(output)?;
    let bar = progress_bar();
    let removal = if req.prune {
        vncite::index::Removal::Allowed
    } else {
        vncite::index::Removal::Guarded
    };
    let stats = vncite::index::Index::update(
        output,
        &files.paths(),
        &files.read_options(),
        removal,
        if req.rebuild {
            vncite::index::Start::Fresh
        } else {
            vncite::index::Start::Existing
        },
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
        info(&format!(
            "removed {}, left by an interrupted run",
            p.display()
        ));
    }
    for g in &stats.skipped_groups {
        let more = g.count - g.first.len();
        warn(&format!(
            "skipped {} {}: {}{}",
            g.count,
            g.category,
            g.first.join(", "),
            if more > 0 {
                format!(" and {more} more (the files table lists them)")
            } else {
                String::new()
            }
        ));
    }
    info(&format!(
        "indexed {} file(s) into {}: {} read, {} unchanged, {} removed; {} document(s), {} skipped{}",
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
    ));
    say_ambiguous(stats.ambiguous);
    Ok(files.exit_status(
        stats.documents,
        stats.skipped_groups.iter().map(|g| g.category),
    ))
}

/// `vncite index --status`: the files changed, added and removed since the index was last
/// updated, one a line on stdout (`changed PATH`), counts on stderr. Nothing is read.
fn status(db: &Path, roots: &[PathBuf]) -> Result<ExitCode> {
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
    let n = st.changed.len() + st.added.len() + st.removed.len();
    info(&format!(
        "{} built {}; since: {} changed, {} added, {} removed{}",
        db.display(),
        st.built.map_or("at an unknown time".into(), when),
        st.changed.len(),
        st.added.len(),
        st.removed.len(),
        if n > 0 {
            format!(
                "; `vncite index PATH... -o {}` brings it up to date",
                db.display()
            )
        } else {
            String::new()
        }
    ));
    Ok(ExitCode::SUCCESS)
}
