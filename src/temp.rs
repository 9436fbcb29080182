//! Temporary files vncite writes beside an output before renaming them into place
//! (`.NAME.vncite-PID.tmp`, and SQLite's `-journal` beside it): the ones in flight are
//! remembered, so an interrupt (Ctrl-C, `kill`) can remove them, and the ones a dead process
//! left behind are found by their process number and removed on the next run.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What SQLite may write beside a database file.
const SIDE_FILES: [&str; 3] = ["-journal", "-wal", "-shm"];

/// Temporary files this process is writing now.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remembers `tmp` as being written, until [`forget`] or [`persist`].
pub fn register(tmp: &Path) {
    if let Ok(mut v) = IN_FLIGHT.lock() {
        v.push(tmp.to_path_buf());
    }
}

/// Forgets `tmp`: it was renamed into place or removed.
pub fn forget(tmp: &Path) {
    if let Ok(mut v) = IN_FLIGHT.lock() {
        v.retain(|p| p != tmp);
    }
}

/// Whether `p` exists and is a device, a pipe or a socket (`-o /dev/stdout`): an output there
/// is written into, never replaced by a file renamed over it.
pub fn is_stream(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Renames `tmp` over `dest` and forgets it, holding the list while it does: an interrupt
/// removes a temporary file either before the rename or not at all, never one half renamed.
pub fn persist(tmp: &Path, dest: &Path) -> std::io::Result<()> {
    let mut v = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    std::fs::rename(tmp, dest)?;
    v.retain(|p| p != tmp);
    Ok(())
}

/// Removes `tmp` and what SQLite wrote beside it; a file already gone is no error.
pub fn remove_with_side_files(tmp: &Path) {
    let _ = std::fs::remove_file(tmp);
    for side in SIDE_FILES {
        let mut name = tmp.as_os_str().to_os_string();
        name.push(side);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Removes every temporary file this process is writing (on an interrupt) and holds the list,
/// so none is renamed into place afterwards. Returns how many there were.
pub fn remove_in_flight() -> usize {
    let v = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    for p in v.iter() {
        remove_with_side_files(p);
    }
    let n = v.len();
    // The list stays locked until the process exits: nothing is renamed after this.
    std::mem::forget(v);
    n
}

/// True when a process numbered `pid` is running. Where that cannot be told (no `/proc`),
/// every process counts as running, so nothing of a live one is ever removed.
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    pid == std::process::id() || proc.join(pid.to_string()).exists()
}

/// Removes the temporary files beside `dest` (`.NAME.vncite-PID.tmp` and its side files) left
/// by processes that are no longer running; returns their names. Those of a running process
/// (another vncite writing the same output) are left alone.
pub fn remove_stale(dest: &Path) -> Vec<PathBuf> {
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = crate::export::temp_prefix(dest);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = stale_pid(name, &prefix) else {
            continue;
        };
        if alive(pid) {
            continue;
        }
        let path = dir.join(name);
        if std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    removed.sort();
    removed
}

/// Removes the temporary files of pages (`.NAME.html.vncite-PID.tmp`) that processes no
/// longer running left in `dir`; returns their names. One pass over the folder, however many
/// pages it holds.
pub fn remove_stale_pages(dir: &Path) -> Vec<PathBuf> {
    const MARK: &str = ".html.vncite-";
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(at) = name.find(MARK).filter(|_| name.starts_with('.')) else {
            continue;
        };
        let Some(pid) = stale_pid(name, &name[..at + MARK.len()]) else {
            continue;
        };
        if alive(pid) {
            continue;
        }
        let path = dir.join(name);
        if std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    removed.sort();
    removed
}

/// The process number in `name` when it is a temporary file of `prefix`: `PREFIXPID.tmp`,
/// perhaps with a side file's suffix.
fn stale_pid(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?;
    let rest = SIDE_FILES
        .iter()
        .find_map(|s| rest.strip_suffix(s))
        .unwrap_or(rest);
    let digits = rest.strip_suffix(".tmp")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_name_gives_its_process_number() {
        let p = ".x.db.vncite-";
        assert_eq!(stale_pid(".x.db.vncite-12.tmp", p), Some(12));
        assert_eq!(stale_pid(".x.db.vncite-12.tmp-journal", p), Some(12));
        assert_eq!(stale_pid(".x.db.vncite-.tmp", p), None);
        assert_eq!(stale_pid(".x.db.vncite-1a.tmp", p), None);
        assert_eq!(stale_pid(".x.db.vncite-12.tmp.md", p), None);
        assert_eq!(stale_pid(".y.db.vncite-12.tmp", p), None);
    }

    #[test]
    fn only_the_files_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("x.db");
        // Process numbers above the kernel's largest (4,194,304) are never running.
        let dead = dir.path().join(".x.db.vncite-4999999.tmp");
        let dead_journal = dir.path().join(".x.db.vncite-4999999.tmp-journal");
        let live = dir
            .path()
            .join(format!(".x.db.vncite-{}.tmp", std::process::id()));
        let other = dir.path().join(".y.db.vncite-4999999.tmp");
        for p in [&dead, &dead_journal, &live, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        assert_eq!(
            remove_stale(&dest),
            vec![dead.clone(), dead_journal.clone()]
        );
        assert!(!dead.exists() && !dead_journal.exists());
        assert!(live.exists() && other.exists());
    }

    #[test]
    fn only_pages_of_dead_processes_are_removed_from_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".a.txt.html.vncite-4999999.tmp");
        let live = dir
            .path()
            .join(format!(".b.txt.html.vncite-{}.tmp", std::process::id()));
        let index = dir.path().join(".x.db.vncite-4999999.tmp");
        let page = dir.path().join("a.txt.html");
        for p in [&dead, &live, &index, &page] {
            std::fs::write(p, b"x").unwrap();
        }
        assert_eq!(remove_stale_pages(dir.path()), vec![dead.clone()]);
        assert!(!dead.exists() && live.exists() && index.exists() && page.exists());
    }
}
