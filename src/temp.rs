//! Temporary files vncite writes beside an output before renaming them into place
//! (`.NAME.vncite-PID.XXXXXX.tmp` made and renamed by `tempfile`; the index's
//! `.NAME.vncite-PID.tmp`, and SQLite's `-journal` beside it): the ones in flight are
//! remembered, so an interrupt (Ctrl-C, `kill`) can remove them, and the ones a dead process
//! left behind are found by their process number and removed on the next run.

use std::fs::File;
use std::io::{self, Write};
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

/// A file being written under a temporary name in its destination's folder (the same file
/// system, so the rename into place is atomic). The interrupt handler knows it while it
/// lives; dropped before [`Pending::persist`], it is removed.
pub struct Pending {
    // An `Option` only so that `persist` can take it: `Drop` has nothing to do then.
    file: Option<tempfile::NamedTempFile>,
}

/// The random letters `tempfile` puts in a temporary name: two runs of one process writing
/// the same output never share a file.
pub const RANDOM_LETTERS: usize = 6;

impl Pending {
    /// Creates `.NAME.vncite-PID.XXXXXX.tmp` beside `dest`, known to the interrupt handler.
    pub fn beside(dest: &Path) -> io::Result<Pending> {
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let prefix = format!("{}{}.", temp_prefix(dest), std::process::id());
        let mut builder = tempfile::Builder::new();
        builder
            .prefix(&prefix)
            .suffix(".tmp")
            .rand_bytes(RANDOM_LETTERS);
        // tempfile makes its files 0600; an output is made like any new file (0666 less the
        // umask), so that a report served or shared reads as before.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let file = builder.tempfile_in(dir)?;
        register(file.path());
        Ok(Pending { file: Some(file) })
    }

    /// The temporary file's path.
    pub fn path(&self) -> &Path {
        self.file.as_ref().map_or(Path::new(""), |f| f.path())
    }

    /// The open file.
    fn inner(&mut self) -> io::Result<&mut File> {
        self.file
            .as_mut()
            .map(|f| f.as_file_mut())
            .ok_or_else(|| io::Error::other("temporary file already renamed"))
    }

    /// Flushes the file to disk: a file renamed into place is whole even after a crash.
    pub fn sync(&mut self) -> io::Result<()> {
        self.inner()?.sync_all()
    }

    /// Renames the file over `dest` (`tempfile`'s persist) and forgets it, holding the list
    /// while it does: an interrupt removes a temporary file either before the rename or not
    /// at all, never one half renamed. On an error the temporary file is removed.
    pub fn persist(mut self, dest: &Path) -> io::Result<()> {
        let Some(file) = self.file.take() else {
            return Err(io::Error::other("temporary file already renamed"));
        };
        let tmp = file.path().to_path_buf();
        let mut v = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        // A failed persist hands the file back; dropping it removes it.
        let result = file.persist(dest).map(drop).map_err(|e| e.error);
        v.retain(|p| p != &tmp);
        result
    }
}

impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner()?.flush()
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            forget(file.path());
            // Dropping the NamedTempFile removes it.
        }
    }
}

/// Writes `bytes` to `dest` whole or not at all: into a temporary file beside it, synced,
/// then renamed over it. A device, a pipe or a socket (`-o /dev/stdout`) is written into
/// instead: a file renamed over it would take its place.
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    if is_stream(dest) {
        let mut f = std::fs::OpenOptions::new().write(true).open(dest)?;
        f.write_all(bytes)?;
        return f.flush();
    }
    let mut f = Pending::beside(dest)?;
    f.write_all(bytes)?;
    f.sync()?;
    f.persist(dest)
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
    let prefix = temp_prefix(dest);
    remove_dead(&dir, |name| {
        name.starts_with(&prefix).then_some(prefix.len())
    })
}

/// Removes the temporary files of pages (`.NAME.html.vncite-PID.tmp`) that processes no
/// longer running left in `dir`; returns their names. One pass over the folder, however many
/// pages it holds.
pub fn remove_stale_pages(dir: &Path) -> Vec<PathBuf> {
    const MARK: &str = ".html.vncite-";
    remove_dead(dir, |name| {
        let at = name.find(MARK).filter(|_| name.starts_with('.'))?;
        Some(at + MARK.len())
    })
}

/// Removes the files of `dir` that are temporary files of dead processes: those whose name
/// `prefix_len` says starts with a temporary prefix of that many bytes, a process number after
/// it. Returns their names, sorted.
fn remove_dead(dir: &Path, prefix_len: impl Fn(&str) -> Option<usize>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = prefix_len(name).and_then(|n| stale_pid(name, &name[..n])) else {
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

/// The process number in `name` when it is a temporary file of `prefix`: `PREFIXPID.tmp`
/// (the index's) or `PREFIXPID.XXXXXX.tmp` (a [`Pending`] file's), perhaps with a side
/// file's suffix.
fn stale_pid(name: &str, prefix: &str) -> Option<u32> {
    let rest = name.strip_prefix(prefix)?;
    let rest = SIDE_FILES
        .iter()
        .find_map(|s| rest.strip_suffix(s))
        .unwrap_or(rest);
    let rest = rest.strip_suffix(".tmp")?;
    let digits = match rest.split_once('.') {
        Some((pid, letters))
            if !letters.is_empty() && letters.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            pid
        }
        Some(_) => return None,
        None => rest,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The longest file name most file systems take (`NAME_MAX`).
const NAME_MAX: usize = 255;

/// The room a temporary name keeps for what SQLite adds to it (`-journal`).
const SIDE_FILE_ROOM: usize = "-journal".len();

/// The start of the temporary file names vncite writes beside `path` before renaming them
/// over it (`.NAME.vncite-`): the name cut, at a character boundary, so that the whole name
/// with its process number, `.tmp` and a side file's suffix stays within `NAME_MAX` bytes. A
/// name that had to be cut carries a hash of the whole name after the cut (`.NAME~1a2b3c4d.vncite-`):
/// two long names that differ only past the cut (a report and the tables beside it) are
/// written under two temporary names.
pub fn temp_prefix(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    // `.` + name + `.vncite-` + up to 10 digits of a process number + `.` and tempfile's
    // random letters (not in the index's name, which is shorter) + `.tmp`.
    let random = ".".len() + RANDOM_LETTERS;
    let room =
        NAME_MAX - SIDE_FILE_ROOM - ".".len() - ".vncite-".len() - 10 - random - ".tmp".len();
    if name.len() <= room {
        return format!(".{name}.vncite-");
    }
    let hash = blake3::hash(name.as_bytes());
    let tag = format!(
        "~{:02x}{:02x}{:02x}{:02x}",
        hash.as_bytes()[0],
        hash.as_bytes()[1],
        hash.as_bytes()[2],
        hash.as_bytes()[3]
    );
    let mut cut = room - tag.len();
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(".{}{tag}.vncite-", &name[..cut])
}

/// The temporary file beside `path` this process writes before renaming it over `path`.
pub fn temp_beside(path: &std::path::Path) -> std::path::PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    dir.join(format!("{}{}.tmp", temp_prefix(path), std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_stay_within_the_file_systems_limit() {
        for name in ["r.md".to_string(), "ố".repeat(120) + ".db", "x".repeat(255)] {
            let tmp = temp_beside(std::path::Path::new(&name));
            let file = tmp.file_name().unwrap().to_str().unwrap();
            assert!(file.len() + "-journal".len() <= 255, "{file}");
            assert!(file.starts_with(&temp_prefix(std::path::Path::new(&name))));
            // And tempfile's name, with its random letters, when the folder takes it.
            let dir = tempfile::tempdir().unwrap();
            let dest = dir.path().join(&name);
            let pending = Pending::beside(&dest).unwrap();
            let file = pending.path().file_name().unwrap().to_str().unwrap();
            assert!(file.len() + "-journal".len() <= 255, "{file}");
            assert!(file.starts_with(&temp_prefix(&dest)));
        }
        // A short name is kept whole.
        assert_eq!(temp_prefix(std::path::Path::new("a/r.md")), ".r.md.vncite-");
        // Long names that differ only past the cut get different temporary names.
        let long =
            |tail: &str| temp_prefix(std::path::Path::new(&format!("{}{tail}", "r".repeat(240))));
        assert_ne!(long(".files.csv"), long(".edges.csv"));
    }

    #[test]
    fn a_temporary_name_gives_its_process_number() {
        let p = ".x.db.vncite-";
        assert_eq!(stale_pid(".x.db.vncite-12.tmp", p), Some(12));
        assert_eq!(stale_pid(".x.db.vncite-12.tmp-journal", p), Some(12));
        assert_eq!(stale_pid(".x.db.vncite-.tmp", p), None);
        assert_eq!(stale_pid(".x.db.vncite-1a.tmp", p), None);
        assert_eq!(stale_pid(".x.db.vncite-12.tmp.md", p), None);
        assert_eq!(stale_pid(".y.db.vncite-12.tmp", p), None);
        assert_eq!(stale_pid(".x.db.vncite-12.aZ09xy.tmp", p), Some(12));
        assert_eq!(stale_pid(".x.db.vncite-12.aZ09xy.tmp-journal", p), Some(12));
        assert_eq!(stale_pid(".x.db.vncite-12..tmp", p), None);
        assert_eq!(stale_pid(".x.db.vncite-12.a-b.tmp", p), None);
        assert_eq!(stale_pid(".x.db.vncite-.abc.tmp", p), None);
    }

    #[test]
    fn a_pending_file_is_renamed_into_place_or_removed() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("r.md");
        std::fs::write(&dest, b"old").unwrap();
        let mut f = Pending::beside(&dest).unwrap();
        let tmp = f.path().to_path_buf();
        let name = tmp.file_name().unwrap().to_str().unwrap().to_string();
        // Beside its destination, named so that the next run knows whose it is.
        assert_eq!(tmp.parent(), Some(dir.path()));
        assert_eq!(stale_pid(&name, ".r.md.vncite-"), Some(std::process::id()));
        assert!(IN_FLIGHT.lock().unwrap().contains(&tmp));
        f.write_all(b"new").unwrap();
        f.sync().unwrap();
        // Nothing is in place before the rename.
        assert_eq!(std::fs::read(&dest).unwrap(), b"old");
        f.persist(&dest).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"new");
        assert!(!tmp.exists());
        assert!(!IN_FLIGHT.lock().unwrap().contains(&tmp));

        // Dropped unfinished: removed and forgotten, the destination untouched.
        let mut f = Pending::beside(&dest).unwrap();
        let tmp = f.path().to_path_buf();
        f.write_all(b"half").unwrap();
        drop(f);
        assert!(!tmp.exists());
        assert!(!IN_FLIGHT.lock().unwrap().contains(&tmp));
        assert_eq!(std::fs::read(&dest).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn an_atomic_write_makes_a_file_like_any_other() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"x").unwrap();
        let dest = dir.path().join("r.html");
        write_atomic(&dest, b"<p>").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"<p>");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // Not tempfile's 0600: the umask decides, as for a file made by File::create.
        assert_eq!(mode(&dest), mode(&plain));
        // Nothing is left beside it.
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn an_atomic_write_into_a_pipe_writes_into_it() {
        // A named pipe stands for `/dev/stdout`: it is written into and stays a pipe.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_atomic(&fifo, b"line\n").unwrap();
        assert_eq!(reader.join().unwrap(), b"line\n");
        assert!(is_stream(&fifo));
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
