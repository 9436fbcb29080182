//! Hostile and broken input, generated here (no binary is committed): every file is accounted
//! for, nothing hangs or panics, memory stays bounded, and output is deterministic.

use serde_json::Value;
use std::collections::HashMap;
use std::fs;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;
use vncite::decode::Legacy;

mod common;
use common::vncite;

const LETTER: &str = "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nSố: 12/UBND-VP\n\nSơn La, ngày 05 tháng 8 năm 2021\n\nV/v thực hiện Công điện của Thủ tướng Chính phủ\n\nThực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ về tăng cường phòng, chống dịch, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành thực hiện nghiêm các nội dung sau.\n";

/// Encodes with a single-byte legacy table by inverting its decoder.
fn encode_single(text: &str, enc: Legacy) -> Vec<u8> {
    let mut inverse: HashMap<char, u8> = HashMap::new();
    for b in 0x20..=0xFFu8 {
        let s = enc.decode(&[b]);
        let mut cs = s.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            inverse.entry(c).or_insert(b);
            if let Some(l) = c.to_lowercase().next() {
                inverse.entry(l).or_insert(b);
            }
        }
    }
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                c as u8
            } else {
                inverse[&c.to_lowercase().next().unwrap()]
            }
        })
        .collect()
}

/// Encodes with VNI by searching base letter + modifier pairs.
fn encode_vni(text: &str) -> Vec<u8> {
    let mut inverse: HashMap<char, Vec<u8>> = HashMap::new();
    let bases: Vec<u8> = b"aeouyAEOUY"
        .iter()
        .copied()
        .chain([0xF4, 0xD4, 0xF6, 0xD6])
        .collect();
    for b in 0x80..=0xFFu8 {
        let s = Legacy::Vni.decode(&[b]);
        if s.chars().count() == 1 {
            inverse.entry(s.chars().next().unwrap()).or_insert(vec![b]);
        }
    }
    for &base in &bases {
        for m in 0x80..=0xFFu8 {
            let s = Legacy::Vni.decode(&[base, m]);
            if s.chars().count() == 1 {
                inverse
                    .entry(s.chars().next().unwrap())
                    .or_insert(vec![base, m]);
            }
        }
    }
    text.chars()
        .flat_map(|c| {
            if c.is_ascii() {
                vec![c as u8]
            } else {
                inverse[&c].clone()
            }
        })
        .collect()
}

/// Encodes with Windows-1258: base letters (with circumflex, breve, horn) and a combining tone byte.
fn encode_1258(text: &str) -> Vec<u8> {
    let tones = [
        ('\u{300}', 0xCC),
        ('\u{301}', 0xEC),
        ('\u{309}', 0xD2),
        ('\u{303}', 0xDE),
        ('\u{323}', 0xF2),
    ];
    let mut out = Vec::new();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let d: String = c.nfd().collect();
        let tone = d
            .chars()
            .find_map(|m| tones.iter().find(|t| t.0 == m).map(|t| t.1));
        let base: String = d
            .chars()
            .filter(|m| !tones.iter().any(|t| t.0 == *m))
            .collect::<String>()
            .nfc()
            .collect();
        let (enc, _, _) = encoding_rs::WINDOWS_1258.encode(&base);
        out.extend_from_slice(&enc);
        out.extend(tone);
    }
    out
}

fn run_json(args: &[&std::ffi::OsStr]) -> (Value, String, Option<i32>) {
    let out = vncite()
        .arg("extract")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn legacy_encodings_are_detected_converted_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("a_tcvn3.txt"), encode_single(LETTER, Legacy::Tcvn3)).unwrap();
    fs::write(p.join("b_vni.txt"), encode_vni(LETTER)).unwrap();
    fs::write(p.join("c_cp1258.txt"), encode_1258(LETTER)).unwrap();
    let (v, err, code) = run_json(&[p.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
    let docs = v["documents"].as_array().unwrap();
    let encodings: Vec<&str> = docs
        .iter()
        .map(|d| d["encoding"].as_str().unwrap())
        .collect();
    assert_eq!(encodings, ["tcvn3", "vni", "windows-1258"]);
    for d in docs {
        assert_eq!(d["number"], "12/UBND-VP", "{}", d["path"]);
        assert_eq!(
            d["issuer"]["name"], "Ủy ban nhân dân tỉnh Sơn La",
            "{}",
            d["path"]
        );
        assert_eq!(d["references"][0]["key"], "1068/CĐ-TTg");
        assert_eq!(d["references"][0]["relation"], "implements");
    }
    assert!(
        err.contains("a_tcvn3.txt from TCVN3 (ABC)")
            && err.contains("b_vni.txt from VNI-Windows")
            && err.contains("c_cp1258.txt from Windows-1258"),
        "{err}"
    );
    // --encoding overrides detection.
    let (v, _, _) = run_json(&[
        "--encoding".as_ref(),
        "vni".as_ref(),
        p.join("b_vni.txt").as_os_str(),
    ]);
    assert_eq!(v["documents"][0]["encoding"], "vni");
    let out = vncite()
        .args(["extract", "--encoding", "klingon", "data"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn every_kind_of_bad_file_is_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("good.txt"), LETTER).unwrap();
    fs::write(p.join("empty.txt"), "").unwrap();
    fs::write(p.join("nul.txt"), b"S\x00o\x00 \x00").unwrap();
    fs::write(p.join("scan.txt"), b"%PDF-1.7\n1 0 obj").unwrap();
    fs::write(p.join("letter.md"), b"PK\x03\x04\x14\x00word/document.xml").unwrap();
    fs::write(p.join("image.txt"), b"\x89PNG\r\n\x1a\n").unwrap();
    fs::write(
        p.join("noise.txt"),
        (0..5000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 11) as u8 | 0x80)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    fs::write(p.join("notes.docx"), b"PK\x03\x04").unwrap();
    // A 1 GB file (sparse: no disk is used) is refused before it is read.
    fs::File::create(p.join("huge.txt"))
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    // A folder that links back to itself.
    #[cfg(unix)]
    std::os::unix::fs::symlink(p, p.join("loop")).unwrap();
    // A named pipe would block a read forever.
    let fifo = std::process::Command::new("mkfifo")
        .arg(p.join("pipe.txt"))
        .status()
        .is_ok_and(|s| s.success());
    // A file name that is not UTF-8.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        fs::write(p.join(std::ffi::OsStr::from_bytes(b"ten-\xff.txt")), LETTER).unwrap();
    }
    let (v, err, code) = run_json(&[p.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
    let docs = v["documents"].as_array().unwrap();
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(docs.len(), 2, "good.txt and the non-UTF-8 name");
    let reason = |name: &str| -> (String, String) {
        let s = skipped
            .iter()
            .find(|s| s["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not accounted for: {skipped:?}"));
        (
            s["reason"].as_str().unwrap().to_string(),
            s["category"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(reason("empty.txt").1, "empty");
    assert!(reason("nul.txt").0.contains("NUL"));
    assert!(reason("scan.txt").0.contains("PDF"));
    assert!(reason("letter.md").0.contains(".docx"));
    assert!(reason("image.txt").0.contains("PNG"));
    assert_eq!(reason("noise.txt").1, "encoding");
    assert_eq!(reason("notes.docx").1, "not a text file");
    assert!(reason("huge.txt").0.contains("larger than the limit"));
    assert_eq!(reason("loop").1, "repeated folder");
    if fifo {
        assert!(reason("pipe.txt").0.contains("not a regular file"));
    }
    let expected_skips = 9 + fifo as usize;
    assert_eq!(skipped.len(), expected_skips, "{skipped:?}");
    assert!(
        err.contains(&format!("2 document(s) read, {expected_skips} skipped (")),
        "{err}"
    );
    assert!(
        err.contains("1 empty") && err.contains("3 binary") || err.contains("binary"),
        "{err}"
    );
    // --strict turns the skips into status 1.
    let (_, _, code) = run_json(&["--strict".as_ref(), p.as_os_str()]);
    assert_eq!(code, Some(1));
}

/// How many references `extract` finds in the first document of the files under `dir`.
fn references_of_the_one_document(dir: &Path) -> usize {
    let out = vncite()
        .args(["extract", "--format", "jsonl"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value =
        serde_json::from_slice(out.stdout.split(|b| *b == b'\n').next().unwrap()).unwrap();
    v["references"].as_array().unwrap().len()
}

#[test]
fn ten_megabyte_lines_are_read_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut line = String::from("Số: 1/UBND-TH\nThực hiện ");
    let mut n = 0;
    while line.len() < 10 * 1024 * 1024 {
        n += 1;
        line.push_str(&format!(
            "Công văn số {n}/UBND-VP ngày 01/7/2021 của Ủy ban nhân dân tỉnh Sơn La, "
        ));
        line.push_str(&"phòng chống dịch bệnh ".repeat(40));
    }
    line.push_str("và các văn bản khác.\n");
    fs::write(dir.path().join("long.txt"), &line).unwrap();
    let start = std::time::Instant::now();
    assert_eq!(references_of_the_one_document(dir.path()), n);
    // Not a timing test: a quadratic pass over 10 MB would take hours, not this bound.
    assert!(start.elapsed().as_secs() < 300);
}

#[test]
fn a_hundred_thousand_one_line_references_in_one_file_are_read_in_bounded_time() {
    // One reference a sentence: each one's walk back to the reference before once ran over
    // every earlier reference of the file (27.9 s for 160,000 in a release build).
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    let mut text = String::from("Số: 1/UBND-TH\n");
    for i in 1..=n {
        text.push_str(&format!("- Công văn số {i}/UBND-VP ngày 01/7/2021;\n"));
    }
    fs::write(dir.path().join("list.txt"), &text).unwrap();
    let start = std::time::Instant::now();
    assert_eq!(references_of_the_one_document(dir.path()), n);
    // Not a timing test: the bound is far above the linear walk (seconds in a debug build)
    // and far below the quadratic one.
    assert!(start.elapsed().as_secs() < 300);
}

#[test]
fn many_files_in_one_folder() {
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    write_numbered_letters(dir.path(), n);
    let out = vncite()
        .args(["extract", "--format", "jsonl"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        out.stdout
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .count(),
        n
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("{n} document(s) read, 0 skipped"))
    );
}

/// Writes `n` one-line letters, numbered 1 to n, in files named in that order.
fn write_numbered_letters(p: &Path, n: usize) {
    for i in 0..n {
        fs::write(
            p.join(format!("{i:06}.txt")),
            format!(
                "Số: {}/UBND-VP\nThực hiện Công điện số 1068/CĐ-TTg.\n",
                i + 1
            ),
        )
        .unwrap();
    }
}

fn write_docs(p: &Path, docs: &[(&str, &str)]) {
    for (name, text) in docs {
        fs::write(p.join(name), text).unwrap();
    }
}

#[test]
fn cycles_self_citations_and_conflicting_dates_never_hang_and_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write_docs(
        p,
        &[
            ("a.txt", "Số: 10/CĐ-TTg\nHà Nội, ngày 01 tháng 8 năm 2021\nThực hiện Công điện số 11/CĐ-TTg ngày 02/8/2021 của Thủ tướng Chính phủ. Công điện số 10/CĐ-TTg ngày 01/9/2021 được thực hiện ngay.\n"),
            ("b.txt", "Số: 11/CĐ-TTg\nHà Nội, ngày 02 tháng 8 năm 2021\nThực hiện Công điện số 10/CĐ-TTg ngày 01/8/2021 của Thủ tướng Chính phủ.\n"),
            ("c.txt", "Số: 12/UBND-VP\nSơn La, ngày 05 tháng 8 năm 2021\nThực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021.\n"),
            ("d.txt", "Số: 13/UBND-VP\nSơn La, ngày 06 tháng 8 năm 2021\nThực hiện Công điện số 1068/CĐ-TTg ngày 04/8/2021.\n"),
        ],
    );
    let g: Value = serde_json::from_slice(
        &vncite()
            .args(["graph", "--format", "json"])
            .arg(p)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let kinds: Vec<&str> = g["anomalies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["type"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"cycle")
            && kinds.contains(&"self_citation")
            && kinds.contains(&"conflicting_dates"),
        "{kinds:?}"
    );
    for args in [
        vec!["descendants", "10/CĐ-TTg"],
        vec!["ancestors", "10/CĐ-TTg"],
        vec!["path", "10/CĐ-TTg", "11/CĐ-TTg"],
        vec!["show", "10/CĐ-TTg"],
    ] {
        let out = vncite()
            .args(&args)
            .arg(p)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
    }
    let tree = String::from_utf8(
        vncite()
            .args(["descendants", "10/CĐ-TTg"])
            .arg(p)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        tree.contains("(*)"),
        "a cycle ends in a repeat mark: {tree}"
    );
    let report = String::from_utf8(vncite().arg("report").arg(p).output().unwrap().stdout).unwrap();
    assert!(
        report.contains("| cycle |")
            && report.contains("| self-citation |")
            && report.contains("| conflicting dates |"),
        "{report}"
    );
}

/// JSON lines stream in batches through worker threads: across several batches the lines
/// keep the files' order and the bytes do not depend on the thread count.
#[test]
fn json_lines_keep_file_order_across_batches_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let n = 5000;
    write_numbered_letters(dir.path(), n);
    let run = |threads: &str| {
        vncite()
            .env("RAYON_NUM_THREADS", threads)
            .args(["extract", "--format", "jsonl"])
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("8"));
    let paths: Vec<String> = one
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            serde_json::from_slice::<Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(paths.len(), n);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn output_is_byte_identical_across_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        fs::write(dir.path().join(format!("{i:02}.txt")), format!("Số: {}/UBND-VP\nSơn La, ngày 0{} tháng 8 năm 2021\nThực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021; Công văn số {}/UBND-VP.\n", i + 1, i % 9 + 1, i + 2)).unwrap();
    }
    for args in [
        vec!["extract", "--format", "json"],
        vec!["graph", "--format", "dot"],
        vec!["graph", "--format", "json"],
        vec!["report"],
    ] {
        let run = |threads: &str| {
            vncite()
                .env("RAYON_NUM_THREADS", threads)
                .env("VNCITE_DOT", "none")
                .args(&args)
                .arg(dir.path())
                .output()
                .unwrap()
                .stdout
        };
        let one = run("1");
        assert_eq!(one, run("8"), "{args:?}");
        assert_eq!(one, run("2"), "{args:?}");
    }
}

#[test]
fn old_mac_and_unicode_line_endings_give_each_reference_its_line() {
    let dir = tempfile::tempdir().unwrap();
    for (name, eol) in [
        ("cr.txt", "\r"),
        ("ls.txt", "\u{2028}"),
        ("ps.txt", "\u{2029}"),
    ] {
        let text = [
            "Số: 1/UBND-TH",
            "Thực hiện Công văn số 5/UBND-VP ngày 01/7/2021.",
            "Căn cứ Nghị định số 30/2020/NĐ-CP;",
            "",
        ]
        .join(eol);
        fs::write(dir.path().join(name), text).unwrap();
    }
    let out = vncite()
        .args(["extract", "--format", "jsonl"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let docs: Vec<Value> = out
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 3);
    for d in &docs {
        let lines: Vec<u64> = d["references"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["line"].as_u64().unwrap())
            .collect();
        assert_eq!(lines, [2, 3], "{}", d["path"]);
    }
}
