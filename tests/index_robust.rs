//! End-to-end: an index says how old it is and what changed since, an interrupt leaves no
//! temporary file, errors have the status and the advice they should (issue 17).

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

mod common;
use common::{decision, implementing, indexed_paths, seeds_into, vncite, write_chain};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    vncite().current_dir(dir).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The temporary files vncite writes beside `x.db` that are in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".x.db.vncite-"))
        .collect();
    v.sort();
    v
}

#[test]
fn a_query_from_an_index_says_when_it_was_built() {
    let dir = tempfile::tempdir().unwrap();
    seeds_into(dir.path());
    assert!(run_in(dir.path(), &["index", "a", "b", "-o", "x.db"])
        .status
        .success());
    let o = run_in(
        dir.path(),
        &["descendants", "1068/CĐ-TTg", "--index", "x.db"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("answering from x.db, built 20") && e.contains("s ago)"),
        "{e}"
    );
    assert!(e.contains("`vncite index --status -o x.db`"), "{e}");
}

/// `index --status` lists what changed, was added or removed since the last update, reading
/// nothing and changing nothing: the index file keeps its bytes.
#[test]
fn index_status_lists_the_files_changed_added_and_removed_since() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    for i in 1..=4 {
        std::fs::create_dir_all(&c).unwrap();
        std::fs::write(c.join(format!("{i}.txt")), decision(i, "Nội dung.")).unwrap();
    }
    assert!(run_in(dir.path(), &["index", "c", "-o", "x.db"])
        .status
        .success());
    let o = run_in(dir.path(), &["index", "--status", "-o", "x.db"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "nothing changed yet");
    assert!(
        stderr(&o).contains("since: 0 changed, 0 added, 0 removed"),
        "{}",
        stderr(&o)
    );
    std::fs::write(c.join("1.txt"), decision(1, &implementing(2))).unwrap();
    std::fs::remove_file(c.join("2.txt")).unwrap();
    std::fs::write(c.join("5.txt"), decision(5, "Nội dung.")).unwrap();
    let before = std::fs::read(dir.path().join("x.db")).unwrap();
    let o = run_in(dir.path(), &["index", "--status", "-o", "x.db"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "changed c/1.txt\nadded c/5.txt\nremoved c/2.txt\n"
    );
    assert!(
        stderr(&o).contains("since: 1 changed, 1 added, 1 removed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(dir.path().join("x.db")).unwrap(), before);
    // From another folder, by the real paths the index recorded.
    let o = run_in(
        &c,
        &[
            "index",
            "--status",
            "-o",
            dir.path().join("x.db").to_str().unwrap(),
        ],
    );
    assert!(stdout(&o).contains("changed c/1.txt"), "{}", stdout(&o));
}

/// SIGINT or SIGTERM during a first index: the temporary file and its journal go, the
/// status is 130, and no index is left half written.
#[test]
fn an_interrupted_first_index_leaves_no_temporary_file() {
    for signal in ["INT", "TERM"] {
        let dir = tempfile::tempdir().unwrap();
        write_chain(&dir.path().join("c"), 3000);
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vncite"))
            .current_dir(dir.path())
            .args(["index", "c", "-o", "x.db"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while temporaries(dir.path()).is_empty() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no temporary file appeared"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        // 3,000 files take seconds in a debug build: the signal comes mid-run.
        std::thread::sleep(Duration::from_millis(50));
        let killed = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(killed.success());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(130), "{signal}: {}", stderr(&out));
        assert_eq!(temporaries(dir.path()), Vec::<String>::new(), "{signal}");
        assert!(!dir.path().join("x.db").exists());
    }
}

/// What a killed process left (SIGKILL gives no chance to clean) is removed by the next run,
/// unless its process is still running.
#[test]
fn the_temporary_files_of_a_dead_process_are_removed_on_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    seeds_into(dir.path());
    // Process numbers above the kernel's largest (4,194,304) are never running.
    let dead = [
        ".x.db.vncite-4999999.tmp",
        ".x.db.vncite-4999999.tmp-journal",
    ];
    let live = format!(".x.db.vncite-{}.tmp", std::process::id());
    for name in dead.iter().copied().chain([live.as_str()]) {
        std::fs::write(dir.path().join(name), b"half an index").unwrap();
    }
    let o = run_in(dir.path(), &["index", "a", "-o", "x.db"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(".x.db.vncite-4999999.tmp-journal, left by an interrupted run"),
        "{}",
        stderr(&o)
    );
    assert_eq!(temporaries(dir.path()), vec![live.clone()]);
    // A report's too.
    std::fs::write(dir.path().join(".r.md.vncite-4999999.tmp"), b"half").unwrap();
    let o = run_in(dir.path(), &["report", "a", "-o", "r.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!dir.path().join(".r.md.vncite-4999999.tmp").exists());
}

/// `--help` lists the exit statuses; an I/O error exits 3, not 2 (usage), said once.
#[test]
fn io_and_database_errors_exit_3_and_say_it_once() {
    let help = vncite().arg("--help").output().unwrap();
    let help = stdout(&help);
    assert!(
        help.contains("Exit status:") && help.contains("3  the system failed"),
        "{help}"
    );
    let dir = tempfile::tempdir().unwrap();
    seeds_into(dir.path());
    // A full disk (an output in a folder that does not exist is a usage error, found before
    // anything is read). The device is written into, never replaced by a file.
    if std::fs::metadata("/dev/full").is_ok_and(|m| !m.is_file()) {
        let o = run_in(dir.path(), &["report", "a", "-o", "/dev/full"]);
        assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("writing /dev/full: No space left on device"),
            "{}",
            stderr(&o)
        );
        assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
    }
    let o = run_in(dir.path(), &["report", "a", "-o", "no/such/folder/r.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // A damaged index: the second half of its pages overwritten.
    assert!(run_in(dir.path(), &["index", "a", "b", "-o", "x.db"])
        .status
        .success());
    let db = dir.path().join("x.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let half = bytes.len() / 2;
    for b in bytes.iter_mut().skip(half) {
        *b = 0x5a;
    }
    std::fs::write(&db, bytes).unwrap();
    let o = run_in(dir.path(), &["report", "--index", "x.db"]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{e}");
    assert_eq!(e.matches("malformed").count(), 1, "{e}");
}

/// An index of an old version is refused with advice, and the advice works.
#[test]
fn an_old_index_is_rebuilt_by_the_command_its_message_gives() {
    let dir = tempfile::tempdir().unwrap();
    seeds_into(dir.path());
    assert!(run_in(dir.path(), &["index", "a", "b", "-o", "x.db"])
        .status
        .success());
    {
        let conn = rusqlite::Connection::open(dir.path().join("x.db")).unwrap();
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema'", [])
            .unwrap();
    }
    let o = run_in(dir.path(), &["report", "--index", "x.db"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("version 1 index") && e.contains("`vncite index PATH... --rebuild -o x.db`"),
        "{e}"
    );
    // An update without --rebuild gives the same advice.
    let o = run_in(dir.path(), &["index", "a", "b", "-o", "x.db"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--rebuild -o x.db"), "{}", stderr(&o));
    let o = run_in(dir.path(), &["index", "a", "b", "--rebuild", "-o", "x.db"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run_in(dir.path(), &["report", "--index", "x.db"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A file that is no index is never written over, --rebuild or not.
    std::fs::write(dir.path().join("notes.db"), b"my notes").unwrap();
    let o = run_in(dir.path(), &["index", "a", "--rebuild", "-o", "notes.db"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not a vncite index"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(dir.path().join("notes.db")).unwrap(),
        b"my notes"
    );
}

#[test]
fn a_folder_given_as_the_index_is_named_as_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["show", "1068", "--index", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(". is a folder; --index takes the file"),
        "{}",
        stderr(&o)
    );
}

/// `vncite index` names what it skipped, by reason, the first five of each.
#[test]
fn index_names_the_files_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("1.txt"), decision(1, "Nội dung.")).unwrap();
    std::fs::write(c.join("scan.txt"), b"%PDF-1.4\x00\x01").unwrap();
    for i in 0..7 {
        std::fs::write(c.join(format!("e{i}.txt")), b"").unwrap();
    }
    let o = run_in(dir.path(), &["index", "c", "-o", "x.db"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("vncite: skipped 1 binary: c/scan.txt\n"), "{e}");
    assert!(
        e.contains(
            "vncite: skipped 7 empty: c/e0.txt, c/e1.txt, c/e2.txt, c/e3.txt, c/e4.txt and 2 more"
        ),
        "{e}"
    );
}

/// `index .` inside a folder that was indexed from its parent: the files are the same files
/// under new names, and what was indexed from elsewhere is not under this `.`.
#[test]
fn index_dot_from_a_subfolder_keeps_what_the_parent_indexed() {
    let dir = tempfile::tempdir().unwrap();
    seeds_into(dir.path());
    assert!(run_in(dir.path(), &["index", "a", "b", "-o", "a/x.db"])
        .status
        .success());
    let all = indexed_paths(&dir.path().join("a/x.db"));
    let o = run_in(&dir.path().join("a"), &["index", ".", "-o", "x.db"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 removed"), "{}", stderr(&o));
    let now = indexed_paths(&dir.path().join("a/x.db"));
    assert_eq!(now.len(), all.len(), "{now:?}");
    assert!(now.iter().filter(|p| p.starts_with("b/")).count() > 0);
    assert!(
        now.iter().all(|p| !p.starts_with("a/")),
        "a's files take the names given from inside a: {now:?}"
    );
}

/// A name that is not UTF-8 has its real path in the `canonical` column, written the way
/// its `path` is.
#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_has_its_canonical_path() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir_all(&c).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"a\xff.txt");
    std::fs::write(c.join(name), decision(1, "Nội dung.")).unwrap();
    assert!(run_in(dir.path(), &["index", "c", "-o", "x.db"])
        .status
        .success());
    let conn = rusqlite::Connection::open(dir.path().join("x.db")).unwrap();
    let canonical: Option<String> = conn
        .query_row("SELECT canonical FROM files", [], |r| r.get(0))
        .unwrap();
    let canonical = canonical.expect("a canonical path");
    assert!(
        canonical.starts_with('/') && canonical.ends_with("/c/a\u{FFFD}FF.txt"),
        "{canonical}"
    );
}

/// vncite's own report written into the corpus is passed over and `index --strict` does not
/// fail on it (a file it cannot read still fails it).
#[test]
fn index_strict_passes_over_its_own_report() {
    let dir = tempfile::tempdir().unwrap();
    seeds_into(dir.path());
    assert!(run_in(dir.path(), &["report", "a", "-o", "a/r.html"])
        .status
        .success());
    let o = run_in(dir.path(), &["index", "a", "--strict", "-o", "x.db"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The report and the eight tables beside it.
    assert!(
        stderr(&o).contains("skipped 9 own output: a/r.anomalies.csv"),
        "{}",
        stderr(&o)
    );
    std::fs::write(dir.path().join("a/empty.txt"), b"").unwrap();
    let o = run_in(dir.path(), &["index", "a", "--strict", "-o", "x.db"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}
