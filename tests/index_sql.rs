//! The index as SQL users meet it: every SQL recipe of the README run against an index of
//! `data/` (and the pandas one where pandas is installed), the views' rows against the JSON,
//! partial dates as day ranges, foreign keys that hold through updates, and an index of the
//! previous schema refused with the command that rebuilds it.

mod common;

use common::{json, vncite};
use predicates::prelude::*;
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::path::Path;

/// Indexes `data/` into `dir/corpus.db`.
fn index_data(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("corpus.db");
    vncite()
        .args(["index", "data", "-o"])
        .arg(&db)
        .assert()
        .success();
    db
}

/// The fenced blocks of the README in `lang`, in order.
fn readme_blocks(lang: &str) -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let fence = format!("```{lang}\n");
    let mut out = Vec::new();
    let mut rest = readme.as_str();
    while let Some(at) = rest.find(&fence) {
        let body = &rest[at + fence.len()..];
        let end = body.find("```").unwrap();
        out.push(body[..end].to_string());
        rest = &body[end..];
    }
    out
}

/// Every row of a query, each cell as text (null as empty).
fn rows(conn: &Connection, sql: &str) -> Vec<Vec<String>> {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => String::new(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Real(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    rusqlite::types::ValueRef::Blob(_) => "<blob>".into(),
                })
            })
            .collect()
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn every_sql_recipe_of_the_readme_runs_on_an_index_of_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = index_data(dir.path());
    let conn = Connection::open(&db).unwrap();
    let recipes = readme_blocks("sql");
    assert!(recipes.len() >= 3, "the README's SQL recipes: {recipes:?}");
    for sql in &recipes {
        let got = rows(&conn, sql);
        assert!(!got.is_empty(), "no rows on data/ from\n{sql}");
        if sql.contains("WITH RECURSIVE") {
            // The recursive CTE finds what `vncite descendants` finds.
            let want: BTreeSet<String> = json(&["descendants", "1068/CĐ-TTg", "--format", "json"])
                ["documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["id"].as_str().unwrap().to_string())
                .collect();
            let found: BTreeSet<String> = got.iter().map(|r| r[0].clone()).collect();
            assert_eq!(found, want);
        }
    }
}

#[test]
fn the_pandas_recipe_runs_where_pandas_is_installed() {
    let has_pandas = std::process::Command::new("python3")
        .args(["-c", "import pandas"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_pandas {
        eprintln!("skipped: python3 with pandas is not installed (`pip install pandas`)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = index_data(dir.path());
    let script = readme_blocks("python")
        .into_iter()
        .find(|b| b.contains("edges_view"))
        .unwrap()
        .replace("\"corpus.db\"", &format!("{:?}", db.to_str().unwrap()))
        + "\nassert str(edges['cited_date_from'].dtype).startswith('datetime64')\nassert len(mentions) > 0\n";
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_views_hold_the_graphs_edges_and_mentions_with_day_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let db = index_data(dir.path());
    let conn = Connection::open(&db).unwrap();
    let g = json(&["graph", "--format", "json"]);
    let want: BTreeSet<(String, String, String)> = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["citing"].as_str().unwrap().to_string(),
                e["cited"].as_str().unwrap().to_string(),
                e["relation"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let got: BTreeSet<(String, String, String)> =
        rows(&conn, "SELECT citing, cited, relation FROM edges_view")
            .into_iter()
            .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
            .collect();
    assert_eq!(got, want);
    let evidence: usize = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["sources"].as_array().unwrap().len())
        .sum();
    let in_view = rows(&conn, "SELECT SUM(evidence) FROM edges_view");
    assert_eq!(in_view[0][0], evidence.to_string());
    // One mention a row, each with its sentence; those behind edges name both ends.
    let mentions = rows(
        &conn,
        "SELECT COUNT(*), SUM(sentence <> ''), SUM(edge IS NOT NULL) FROM mentions_view",
    );
    let refs = rows(&conn, "SELECT COUNT(*) FROM refs");
    assert_eq!(mentions[0][0], refs[0][0]);
    assert_eq!(mentions[0][1], refs[0][0]);
    assert_eq!(mentions[0][2], evidence.to_string());
    // A month is its first and last day; a day is itself.
    let dates = rows(
        &conn,
        "SELECT date, date_from, date_to FROM nodes WHERE node_id LIKE '/UBND-VX|%' OR node_id = '1068/CĐ-TTg' ORDER BY node_id",
    );
    assert_eq!(
        dates,
        [
            ["2021-08", "2021-08-01", "2021-08-31"],
            ["2021-08-05", "2021-08-05", "2021-08-05"]
        ]
    );
    let docs = rows(
        &conn,
        "SELECT date_from, date_to, date_source FROM documents WHERE doc_id LIKE '/UBND-VX|%'",
    );
    assert_eq!(docs, [["2021-08-01", "2021-08-31", "header"]]);
}

#[test]
fn foreign_keys_hold_through_updates_that_change_and_remove_files() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for e in std::fs::read_dir("data").unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), corpus.join(e.file_name())).unwrap();
    }
    let db = dir.path().join("c.db");
    let index = |extra: &[&str]| {
        vncite()
            .arg("index")
            .arg(&corpus)
            .arg("-o")
            .arg(&db)
            .args(extra)
            .assert()
            .success();
    };
    index(&[]);
    let check = || {
        let conn = Connection::open(&db).unwrap();
        let fk: Vec<String> = conn
            .prepare("SELECT \"table\" FROM pragma_foreign_key_list('edges')")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!fk.is_empty(), "edges declares its foreign keys");
        assert!(rows(&conn, "PRAGMA foreign_key_check").is_empty());
        rows(&conn, "SELECT COUNT(*) FROM edges_view")[0][0].clone()
    };
    let before = check();
    let letter = corpus.join("003_bac-kan_ubnd-tinh_cong-van-4924-UBND-VXNV.txt");
    let mut text = std::fs::read_to_string(&letter).unwrap();
    text.push_str("\nThực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021.\n");
    std::fs::write(&letter, text).unwrap();
    std::fs::remove_file(corpus.join("000_son-la_ubnd-tinh_cong-van-trien-khai-892-CV-TU.txt"))
        .unwrap();
    index(&["--prune"]);
    assert_ne!(check(), before);
}

#[test]
fn an_index_of_the_previous_schema_is_refused_with_the_command_that_rebuilds_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = index_data(dir.path());
    Connection::open(&db)
        .unwrap()
        .execute("UPDATE meta SET value = '2' WHERE key = 'schema'", [])
        .unwrap();
    vncite()
        .args(["descendants", "1068", "--index"])
        .arg(&db)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("version 2 index")
                .and(predicate::str::contains("reads version 3"))
                .and(predicate::str::contains("--rebuild")),
        );
    vncite()
        .args(["index", "data", "--rebuild", "-o"])
        .arg(&db)
        .assert()
        .success();
    vncite()
        .args(["descendants", "1068", "--index"])
        .arg(&db)
        .assert()
        .success();
}
