//! End-to-end: formats, bad input, exit statuses.

use predicates::prelude::*;
use serde_json::Value;
use std::fs;

mod common;
use common::vncite;

const LETTER: &str = "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nSố: 12/UBND-VP\n\nSơn La, ngày 05 tháng 8 năm 2021\n\nV/v thực hiện Công điện số 1068/CĐ-TTg\n\nThực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ, UBND tỉnh yêu cầu.\n";

#[test]
fn jsonl_has_one_record_a_line() {
    let out = vncite()
        .args(["extract", "--format", "jsonl", "data"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert!(lines
        .iter()
        .all(|l| l["record"] == "document" && l["references"].is_array()));
}

#[test]
fn table_shows_each_document_and_nested_references() {
    vncite()
        .args(["extract", "--format", "table", "data"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "issuer   Ủy ban nhân dân huyện Bắc Yên (district)",
        ))
        .stdout(predicate::str::contains("↳ implements   5312/VPCP-KGVX"))
        .stdout(predicate::str::contains("number   117/TB-UBND"));
}

#[test]
fn bad_files_are_skipped_with_reasons_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("good.txt"), LETTER).unwrap();
    fs::write(p.join("empty.txt"), "").unwrap();
    fs::write(p.join("scan.txt"), b"%PDF-1.4\n%\xE2\xE3").unwrap();
    fs::write(p.join("legacy.txt"), b"C\xF4ng v\xE3n s\xE8 12").unwrap();
    fs::write(p.join("photo.png"), b"\x89PNG\r\n").unwrap();
    let out = vncite()
        .args(["extract", "--format", "json"])
        .arg(p)
        .arg(p.join("missing.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
    let skipped = v["skipped"].as_array().unwrap();
    let reason = |name: &str| {
        skipped
            .iter()
            .find(|s| s["path"].as_str().unwrap().ends_with(name))
            .map(|s| s["reason"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{name} not listed in skipped"))
    };
    assert_eq!(reason("empty.txt"), "empty file");
    assert!(reason("scan.txt").contains("PDF"));
    assert!(reason("legacy.txt").contains("not valid UTF-8"));
    assert!(reason("photo.png").contains("not a .txt, .md or .html"));
    assert!(reason("missing.txt").contains("cannot open"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("scan.txt") && stderr.contains("1 document(s) read, 5 skipped"),
        "{stderr}"
    );
}

#[test]
fn strict_turns_a_skip_into_status_1() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.txt"), LETTER).unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    vncite()
        .args(["extract", "--format", "json", "--strict"])
        .arg(dir.path())
        .assert()
        .code(1);
    vncite()
        .args(["extract", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(0);
}

#[test]
fn nothing_readable_is_status_1_and_usage_errors_are_status_2() {
    let dir = tempfile::tempdir().unwrap();
    vncite()
        .args(["extract", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(1);
    vncite()
        .args(["extract", "--format", "yaml", "data"])
        .assert()
        .code(2);
}

#[test]
fn utf16_and_bom_files_are_read_with_file_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let mut le = vec![0xFF, 0xFE];
    for u in LETTER.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    fs::write(dir.path().join("a_utf16.txt"), le).unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(LETTER.as_bytes());
    fs::write(dir.path().join("b_bom.txt"), &bom).unwrap();
    let out = vncite()
        .args(["extract", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs[0]["encoding"], "utf16-le");
    assert_eq!(docs[1]["encoding"], "utf8-bom");
    for d in docs {
        assert_eq!(d["number"], "12/UBND-VP");
        assert_eq!(d["references"].as_array().unwrap().len(), 2);
    }
    let r = &docs[1]["references"][1];
    let (s, e) = (
        r["start"].as_u64().unwrap() as usize,
        r["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&bom[s..e], "Công điện số 1068/CĐ-TTg".as_bytes());
}

#[test]
fn what_could_not_be_read_is_counted_on_stderr_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("full.txt"), LETTER).unwrap();
    // No number, no date, no issuer block: only a reference.
    fs::write(
        dir.path().join("bare.txt"),
        "Thực hiện Công điện số 1068/CĐ-TTg của Thủ tướng Chính phủ.\n",
    )
    .unwrap();
    for format in ["jsonl", "json"] {
        let out = vncite()
            .args(["extract", "--format", format])
            .arg(dir.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(
                "2 document(s) read, 0 skipped; 1 without a number, 1 without a date, 1 without an issuer"
            ),
            "{format}: {err}"
        );
    }
    let db = tempfile::tempdir().unwrap();
    let out = vncite()
        .arg("index")
        .arg(dir.path())
        .arg("-o")
        .arg(db.path().join("c.db"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "2 document(s), 0 skipped; 1 without a number, 1 without a date, 1 without an issuer"
        ),
        "index: {err}"
    );
    let out = vncite()
        .args(["extract", "--format", "jsonl"])
        .arg(dir.path().join("full.txt"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.trim_end().ends_with("1 document(s) read, 0 skipped"),
        "{err}"
    );
}

#[test]
fn a_saved_web_page_is_read_as_its_text_and_a_report_in_the_folder_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let page = "<!DOCTYPE html><html><head><title>Công văn 456/UBND-KGVX</title><script>var a = 1/2 < 3;</script></head><body>\
        <table><tr><td><p><b>ỦY BAN NHÂN DÂN<br>TỈNH PHÚ THỌ</b></p></td><td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</p></td></tr>\
        <tr><td>Số: 456/UBND-KGVX<br>V/v triển khai Công điện số 112/CĐ-TTg</td><td><i>Phú Thọ, ngày 03 tháng 7 n&#259;m 2025</i></td></tr></table>\
        <p>Thực hiện Công điện số 112/CĐ-TTg ngày 30/6/2025 của Thủ&nbsp;tướng Chính phủ, UBND tỉnh yêu cầu.</p></body></html>";
    fs::write(p.join("page.html"), page).unwrap();
    let report = p.join("report.html");
    vncite()
        .args(["report", "-o"])
        .arg(&report)
        .arg(p)
        .assert()
        .success();
    let out = vncite()
        .args(["extract", "--format", "json"])
        .arg(p)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "{v:#}");
    let d = &docs[0];
    assert_eq!(d["number"], "456/UBND-KGVX");
    assert_eq!(d["kind"], "Công văn");
    assert_eq!(d["issuer"]["name"], "Ủy ban nhân dân tỉnh Phú Thọ");
    assert_eq!(d["date"], "2025-07-03");
    assert_eq!(d["place"], "Phú Thọ");
    let refs = d["references"].as_array().unwrap();
    assert!(
        refs.iter()
            .all(|r| r["key"] == "112/CĐ-TTg" && r["relation"] == "implements"),
        "{refs:#?}"
    );
    // Spans are the page's own bytes, markup and all.
    let start = refs[1]["start"].as_u64().unwrap() as usize;
    let end = refs[1]["end"].as_u64().unwrap() as usize;
    assert_eq!(
        &page.as_bytes()[start..end],
        "Công điện số 112/CĐ-TTg".as_bytes()
    );
    // The report and the eight tables it writes beside itself are passed over as its own.
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 9, "{skipped:#?}");
    assert!(
        skipped.iter().all(|s| s["category"] == "own output"),
        "{skipped:#?}"
    );
}

#[test]
fn control_characters_from_a_document_reach_no_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let letter = LETTER.replace(
        "V/v thực hiện",
        "V/v \u{1b}]0;pwned\u{7}\u{1b}[2J thực hiện",
    );
    fs::write(dir.path().join("esc\u{1b}[31m.txt"), letter).unwrap();
    let out = vncite()
        .args(["extract", "--format", "table"])
        .arg(dir.path())
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        !table.contains('\u{1b}') && !table.contains('\u{7}'),
        "{table}"
    );
    assert!(table.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J"), "{table}");
    // JSON keeps the text as it is (escaped the JSON way).
    let out = vncite()
        .args(["extract", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["documents"][0]["subject"]
        .as_str()
        .unwrap()
        .contains("\u{1b}]0;pwned"));
    // A message naming the file escapes it too.
    fs::write(dir.path().join("empty\u{1b}[2J.txt"), "").unwrap();
    let out = vncite().arg("extract").arg(dir.path()).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        !err.contains('\u{1b}') && err.contains("empty\\u{1b}[2J.txt"),
        "{err}"
    );
}

#[test]
fn strict_does_not_fail_on_vncites_own_report_in_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.txt"), LETTER).unwrap();
    vncite()
        .args(["report", "-o"])
        .arg(dir.path().join("report.md"))
        .arg(dir.path())
        .assert()
        .success();
    vncite()
        .args(["extract", "--strict"])
        .arg(dir.path())
        .assert()
        .success();
}

#[test]
fn the_own_number_keeps_the_zeros_its_header_writes_and_the_id_is_canonical() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(
        p.join("kh.txt"),
        "UBND TỈNH THANH HÓA\nSỞ Y TẾ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 05/KH-SYT\nThanh Hóa, ngày 03 tháng 01 năm 2025\nKẾ HOẠCH\nTriển khai Quyết định số 0123/QĐ-UBND ngày 15/12/2024 của UBND tỉnh\n",
    )
    .unwrap();
    for format in ["json", "jsonl"] {
        let out = vncite()
            .args(["extract", "--format", format])
            .arg(p)
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let doc: Value = match format {
            "json" => serde_json::from_str::<Value>(&text).unwrap()["documents"][0].clone(),
            _ => serde_json::from_str(text.lines().next().unwrap()).unwrap(),
        };
        assert_eq!(doc["number"], "05/KH-SYT", "{format}");
        assert_eq!(doc["id"], "5/KH-SYT", "{format}");
        // References stay canonical keys.
        assert_eq!(doc["references"][0]["key"], "123/QĐ-UBND", "{format}");
    }
    // The number typed either way finds it.
    for typed in ["5/KH-SYT", "05/KH-SYT"] {
        vncite()
            .args(["show", typed])
            .arg(p)
            .assert()
            .success()
            .stdout(predicate::str::contains("5/KH-SYT"));
    }
}
