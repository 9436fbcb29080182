//! End-to-end: `vncite extract data/` finds everything `shared/seeds-expected.md` lists.

use assert_cmd::Command;
use serde_json::Value;

fn extract_json(args: &[&str]) -> Value {
    let out = Command::cargo_bin("vncite")
        .unwrap()
        .args(["extract", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn seeds() -> Value {
    extract_json(&["data"])
}

fn doc<'a>(v: &'a Value, file_prefix: &str) -> &'a Value {
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .starts_with(file_prefix)
        })
        .unwrap_or_else(|| panic!("no document {file_prefix}"))
}

/// (key, relation, cited_by, date, issuer name) of every reference, in order.
fn refs(d: &Value) -> Vec<(String, String, String, String, String)> {
    d["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap_or("").to_string(),
                r["relation"].as_str().unwrap().to_string(),
                r["cited_by"].as_str().unwrap().to_string(),
                r["date"].as_str().unwrap_or("").to_string(),
                r["issuer"]["name"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn has(d: &Value, key: &str, relation: &str, cited_by: &str, date: &str, issuer: &str) -> usize {
    refs(d)
        .iter()
        .filter(|r| {
            r.0 == key
                && r.1 == relation
                && r.2 == cited_by
                && (date.is_empty() || r.3 == date)
                && (issuer.is_empty() || r.4 == issuer)
        })
        .count()
}

#[test]
fn every_seed_is_read_and_nothing_skipped() {
    let v = seeds();
    assert_eq!(v["documents"].as_array().unwrap().len(), 5);
    assert_eq!(v["skipped"].as_array().unwrap().len(), 0);
}

#[test]
fn seed_000_son_la_province() {
    let v = seeds();
    let d = doc(&v, "000");
    assert_eq!(d["number"], Value::Null);
    assert_eq!(d["symbol"], "UBND-KGVX");
    assert_eq!(d["date"], "2021-09");
    assert_eq!(d["kind"], "Công văn");
    assert_eq!(d["issuer"]["name"], "Ủy ban nhân dân tỉnh Sơn La");
    assert_eq!(d["issuer"]["level"], "province");
    assert_eq!(d["place"], "Sơn La");
    assert!(d["subject"]
        .as_str()
        .unwrap()
        .starts_with("triển khai Công văn số 892-CV/TU"));
    let me = d["id"].as_str().unwrap();
    // Written across a line break in the subject, and again in the body.
    assert_eq!(
        has(
            d,
            "892-CV/TU",
            "implements",
            me,
            "2021-09-08",
            "Ban Thường vụ Tỉnh ủy Sơn La"
        ),
        2
    );
    assert_eq!(
        has(d, "6386/BYT-MT", "guided_by", me, "2021-08-06", "Bộ Y tế"),
        1
    );
    assert_eq!(
        has(
            d,
            "1102/CĐ-TTg",
            "cites",
            me,
            "2021-08-23",
            "Thủ tướng Chính phủ"
        ),
        1
    );
    assert_eq!(refs(d).len(), 4);
    let cd = d["references"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "1102/CĐ-TTg")
        .unwrap();
    assert_eq!(cd["text"], "Công điện số 1102/CD-TTg");
}

#[test]
fn seed_001_bac_yen_district_with_nested_references() {
    let v = seeds();
    let d = doc(&v, "001");
    assert_eq!(d["number"], Value::Null);
    assert_eq!(d["symbol"], "UBND-VP");
    assert_eq!(d["date"], "2021-08");
    assert_eq!(d["issuer"]["name"], "Ủy ban nhân dân huyện Bắc Yên");
    assert_eq!(d["issuer"]["level"], "district");
    assert_eq!(d["issuer"]["province"], "Sơn La");
    let me = d["id"].as_str().unwrap();
    assert_eq!(
        has(
            d,
            "550-CV/HU",
            "implements",
            me,
            "2021-08-09",
            "Huyện ủy Bắc Yên"
        ),
        1
    );
    assert_eq!(
        has(
            d,
            "2395/UBND-KGVX",
            "implements",
            me,
            "2021-08-06",
            "Ủy ban nhân dân tỉnh Sơn La"
        ),
        1
    );
    assert_eq!(
        has(
            d,
            "5312/VPCP-KGVX",
            "implements",
            "2395/UBND-KGVX",
            "",
            "Văn phòng Chính phủ"
        ),
        1
    );
    assert_eq!(
        has(
            d,
            "2405/UBND-KGVX",
            "implements",
            me,
            "2021-08-06",
            "Ủy ban nhân dân tỉnh Sơn La"
        ),
        1
    );
    assert_eq!(
        has(
            d,
            "1068/CĐ-TTg",
            "implements",
            "2405/UBND-KGVX",
            "",
            "Thủ tướng Chính phủ"
        ),
        1
    );
    assert_eq!(
        has(d, "21/NQ-CP", "cites", me, "2021-02-26", "Chính phủ"),
        1
    );
    assert_eq!(
        has(d, "68/NQ-CP", "cites", me, "2021-07-01", "Chính phủ"),
        1
    );
    assert_eq!(has(d, "23/2021/QĐ-TTg", "cites", me, "2021-07-07", ""), 1);
    assert_eq!(refs(d).len(), 8);
    // The nested reference points at its outer reference by index too.
    let r = d["references"].as_array().unwrap();
    let outer = r.iter().position(|x| x["key"] == "2395/UBND-KGVX").unwrap();
    let inner = r.iter().find(|x| x["key"] == "5312/VPCP-KGVX").unwrap();
    assert_eq!(inner["cited_by_index"], outer);
}

#[test]
fn seed_002_lai_chau_notice_with_stamp_trap() {
    let v = seeds();
    let d = doc(&v, "002");
    assert_eq!(d["number"], "117/TB-UBND");
    assert_eq!(d["date"], "2021-10-01");
    assert_eq!(d["kind"], "Thông báo");
    assert_eq!(d["issuer"]["name"], "Ủy ban nhân dân tỉnh Lai Châu");
    let me = "117/TB-UBND";
    assert_eq!(has(d, "116/NQ-CP", "cites", me, "", "Chính phủ"), 1);
    assert_eq!(
        has(
            d,
            "1265/CĐ-TTg",
            "cites",
            me,
            "2021-09-30",
            "Thủ tướng Chính phủ"
        ),
        1
    );
    assert_eq!(
        refs(d).len(),
        2,
        "the ĐẾN Số: 520 stamp is neither number nor reference"
    );
    let r = d["references"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "116/NQ-CP")
        .unwrap();
    assert_eq!(r["text"], "Nghị quyết 116/NQ-CP");
}

#[test]
fn seed_003_bac_kan_supplement() {
    let v = seeds();
    let d = doc(&v, "003");
    assert_eq!(d["number"], "4924/UBND-VXNV");
    assert_eq!(d["date"], "2021-08-03");
    assert_eq!(d["issuer"]["name"], "Ủy ban nhân dân tỉnh Bắc Kạn");
    let me = "4924/UBND-VXNV";
    assert_eq!(
        has(
            d,
            "1063/CĐ-TTg",
            "implements",
            me,
            "2021-07-31",
            "Thủ tướng Chính phủ"
        ),
        2
    );
    assert_eq!(has(d, "1063/CĐ-TTg", "amends", "5255/VPCP-KGVX", "", ""), 1);
    assert_eq!(
        has(
            d,
            "5255/VPCP-KGVX",
            "implements",
            me,
            "2021-07-31",
            "Văn phòng Chính phủ"
        ),
        1
    );
    assert_eq!(
        has(d, "16/CT-TTg", "cites", me, "", "Thủ tướng Chính phủ"),
        2
    );
    assert_eq!(refs(d).len(), 6);
    // Every mention of 1063 keeps the text as written.
    for r in d["references"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["key"] == "1063/CĐ-TTg")
    {
        assert!(r["text"].as_str().unwrap().ends_with("1063/CD-TTg"));
    }
}

#[test]
fn seed_004_lai_chau_broken_symbol_in_subject() {
    let v = seeds();
    let d = doc(&v, "004");
    assert_eq!(d["number"], Value::Null);
    assert_eq!(d["symbol"], "UBND-VX");
    assert_eq!(d["date"], "2021-08");
    assert_eq!(d["issuer"]["name"], "Ủy ban nhân dân tỉnh Lai Châu");
    let me = d["id"].as_str().unwrap();
    assert_eq!(
        has(
            d,
            "1068/CĐ-TTg",
            "implements",
            me,
            "2021-08-05",
            "Thủ tướng Chính phủ"
        ),
        2
    );
    assert_eq!(refs(d).len(), 2);
    let subject_mention = &d["references"][0];
    assert_eq!(subject_mention["text"], "Công điện số 1068/CĐ-\nTTg");
    assert_eq!(subject_mention["line"], 10);
}

#[test]
fn unnumbered_documents_have_distinct_ids() {
    let v = seeds();
    let ids: std::collections::BTreeSet<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 5);
}

#[test]
fn provenance_points_at_the_exact_bytes() {
    let v = seeds();
    for d in v["documents"].as_array().unwrap() {
        let bytes = std::fs::read(d["path"].as_str().unwrap()).unwrap();
        let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
        for r in d["references"].as_array().unwrap() {
            let (s, e) = (
                r["start"].as_u64().unwrap() as usize,
                r["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&bytes[s..e], r["text"].as_str().unwrap().as_bytes());
            let line = r["line"].as_u64().unwrap() as usize;
            let col = r["column"].as_u64().unwrap() as usize;
            let l = std::str::from_utf8(lines[line - 1]).unwrap();
            let at: String = l.chars().skip(col - 1).collect();
            let first_line = r["text"].as_str().unwrap().lines().next().unwrap();
            assert!(at.starts_with(first_line), "{at:?} vs {first_line:?}");
        }
    }
}

#[test]
fn output_is_identical_across_runs_and_thread_counts() {
    let run = |threads: &str| {
        Command::cargo_bin("vncite")
            .unwrap()
            .env("RAYON_NUM_THREADS", threads)
            .args(["extract", "--format", "json", "data"])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert_eq!(one, run("4"));
    assert_eq!(one, run("1"));
}
