//! End-to-end: an index update never loses what it was not asked about (issue 17).

use std::path::Path;

mod common;
use common::{indexed_paths as files, seeds_into as corpus, vncite};

/// The first file of `sub` by name, as `sub/name` (relative to the corpus folder).
fn first_file(dir: &Path, sub: &str) -> String {
    let mut names: Vec<String> = std::fs::read_dir(dir.join(sub))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    format!("{sub}/{}", names[0])
}

fn index(dir: &Path, args: &[&str]) -> std::process::Output {
    vncite()
        .current_dir(dir)
        .arg("index")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_root_that_is_not_there_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    assert!(index(dir.path(), &["a", "b", "-o", "x.db"])
        .status
        .success());
    let before = files(&dir.path().join("x.db"));
    assert_eq!(before.len(), 5);
    for args in [&["mistyped", "-o", "x.db"][..], &["-o", "x.db"][..]] {
        // A mistyped folder, and the default `data/` of a folder that has none.
        let out = index(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("no such file or folder") && err.contains("not changed"),
            "{err}"
        );
        assert_eq!(files(&dir.path().join("x.db")), before);
    }
}

#[test]
fn an_update_of_one_root_keeps_what_lies_outside_it() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    assert!(index(dir.path(), &["a", "b", "-o", "x.db"])
        .status
        .success());
    // One file, then one folder: the others stay.
    let one = first_file(dir.path(), "b");
    assert!(index(dir.path(), &[&one, "-o", "x.db"]).status.success());
    assert_eq!(files(&dir.path().join("x.db")).len(), 5);
    assert!(index(dir.path(), &["a", "-o", "x.db"]).status.success());
    assert_eq!(files(&dir.path().join("x.db")).len(), 5);
}

#[test]
fn files_gone_are_removed_and_counted_but_most_of_an_index_needs_prune() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    assert!(index(dir.path(), &["a", "b", "-o", "x.db"])
        .status
        .success());
    // One file deleted: removed, and said.
    std::fs::remove_file(dir.path().join(first_file(dir.path(), "a"))).unwrap();
    let out = index(dir.path(), &["a", "b", "-o", "x.db"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 removed"));
    assert_eq!(files(&dir.path().join("x.db")).len(), 4);
    // A folder emptied (or unmounted): refused, nothing changed, until --prune.
    for f in std::fs::read_dir(dir.path().join("a"))
        .unwrap()
        .chain(std::fs::read_dir(dir.path().join("b")).unwrap())
    {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    let out = index(dir.path(), &["a", "b", "-o", "x.db"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("4 of the 4 files") && err.contains("--prune"),
        "{err}"
    );
    assert_eq!(files(&dir.path().join("x.db")).len(), 4);
    let out = index(dir.path(), &["a", "b", "-o", "x.db", "--prune"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("4 removed"));
    assert_eq!(files(&dir.path().join("x.db")).len(), 0);
}

#[test]
fn a_folder_and_a_file_in_it_count_the_file_once() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let one = first_file(dir.path(), "a");
    let out = index(dir.path(), &["a", "b", &one, "-o", "x.db"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("indexed 5 file(s)") && err.contains("5 document(s), 0 skipped"),
        "{err}"
    );
    let out = vncite()
        .current_dir(dir.path())
        .args(["extract", "--format", "jsonl", &one, "a", "b"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("5 document(s) read, 1 skipped (1 repeated file)"),
        "{err}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let documents = stdout
        .lines()
        .filter(|l| !l.contains(r#""record":"skipped""#));
    assert_eq!(documents.count(), 5, "{stdout}");
}

#[test]
fn an_index_written_inside_its_corpus_is_no_input() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    for _ in 0..2 {
        let out = index(dir.path(), &["a", "-o", "a/corpus.db"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("indexed 3 file(s)")
                && err.contains("0 removed; 3 document(s), 0 skipped"),
            "{err}"
        );
    }
}

#[test]
fn two_files_of_one_document_both_name_it_and_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    // A copy of a numbered seed under another name.
    let first = first_file(dir.path(), "b");
    std::fs::copy(dir.path().join(&first), dir.path().join("b/copy.txt")).unwrap();
    assert!(index(dir.path(), &["a", "b", "-o", "x.db"])
        .status
        .success());
    for input in [&["a", "b"][..], &["--index", "x.db"][..]] {
        let show = |p: &str| {
            let out = vncite()
                .current_dir(dir.path())
                .args(["show", p])
                .args(input)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{p} {input:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(show("b/copy.txt"), show(&first), "{input:?}");
    }
    let out = vncite()
        .current_dir(dir.path())
        .args(["graph", "--format", "json", "a", "b"])
        .output()
        .unwrap();
    let g: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dup: Vec<&serde_json::Value> = g["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["type"] == "duplicate_document")
        .collect();
    assert_eq!(dup.len(), 1, "{:?}", g["anomalies"]);
    let mut want = vec![first.clone(), "b/copy.txt".to_string()];
    want.sort();
    assert_eq!(dup[0]["paths"], serde_json::json!(want));
}

#[test]
fn emptying_one_of_the_roots_given_is_guarded_by_what_lies_under_it() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    assert!(index(dir.path(), &["a", "b", "-o", "x.db"])
        .status
        .success());
    // `b` holds 2 of the 5 files: all of what lies under the root given.
    for f in std::fs::read_dir(dir.path().join("b")).unwrap() {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    let out = index(dir.path(), &["b", "-o", "x.db"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files(&dir.path().join("x.db")).len(), 5);
}

#[test]
fn an_index_name_near_the_file_system_limit_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{}.db", "i".repeat(240));
    let db = dir.path().join(&name);
    vncite()
        .args(["index", "data", "-o"])
        .arg(&db)
        .assert()
        .success();
    vncite()
        .args(["show", "1068/CĐ-TTg", "--index"])
        .arg(&db)
        .assert()
        .success();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_folder_typed_with_or_without_dot_slash_is_one_set_of_files() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let db = dir.path().join("x.db");
    let run = |root: &str| {
        let out = vncite()
            .current_dir(dir.path())
            .args(["index", root, "-o"])
            .arg(&db)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    run("./a");
    let second = run("a");
    assert!(
        second.contains("0 read, 3 unchanged, 0 removed"),
        "{second}"
    );
    let third = run("./a/");
    assert!(third.contains("0 read, 3 unchanged, 0 removed"), "{third}");
    let held = files(&db);
    assert_eq!(held.len(), 3, "{held:?}");
    assert!(held.iter().all(|p| p.starts_with("a/")), "{held:?}");
    // Found by either spelling.
    vncite()
        .current_dir(dir.path())
        .args(["show", &format!("./{}", held[0]), "--index"])
        .arg(&db)
        .assert()
        .success();
}

/// Two file names that differ only in bytes that are not UTF-8 are two files.
#[cfg(unix)]
#[test]
fn names_that_differ_only_in_bad_bytes_stay_two_files() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut seed_files: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seed_files.sort();
    for (name, seed) in [
        (&b"a\xff.txt"[..], &seed_files[0]),
        (&b"a\xfe.txt"[..], &seed_files[1]),
    ] {
        let p = dir.path().join(std::ffi::OsStr::from_bytes(name));
        if std::fs::copy(seed, &p).is_err() {
            return; // A file system that refuses such names has nothing to lose.
        }
    }
    let db = dir.path().join("x.db");
    vncite()
        .arg("index")
        .arg(dir.path())
        .arg("-o")
        .arg(&db)
        .assert()
        .success();
    let held = files(&db);
    assert_eq!(held.len(), 2, "{held:?}");
    assert_ne!(held[0], held[1]);
}

/// An index written before paths were tidied (`./a/...` in its rows), updated with another
/// root: its files, documents and graph all take the new names.
#[test]
fn an_index_with_dot_slash_names_takes_the_new_names_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let db = dir.path().join("x.db");
    vncite()
        .current_dir(dir.path())
        .args(["index", "a", "b", "-o"])
        .arg(&db)
        .assert()
        .success();
    {
        // What an older vncite wrote when given `./a`.
        let c = rusqlite::Connection::open(&db).unwrap();
        for table in ["files", "documents", "nodes"] {
            c.execute(
                &format!("UPDATE {table} SET path = './' || path WHERE path LIKE 'a/%'"),
                [],
            )
            .unwrap();
        }
    }
    vncite()
        .current_dir(dir.path())
        .args(["index", "b", "-o"])
        .arg(&db)
        .assert()
        .success();
    let c = rusqlite::Connection::open(&db).unwrap();
    for table in ["files", "documents", "nodes"] {
        let old: i64 = c
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE path LIKE './%'"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(old, 0, "{table}");
    }
    assert_eq!(files(&db).len(), 5);
    let a0 = first_file(dir.path(), "a");
    vncite()
        .current_dir(dir.path())
        .args(["show", &a0, "--index"])
        .arg(&db)
        .assert()
        .success();
}
