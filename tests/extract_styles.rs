//! End-to-end on documents in the styles the seeds lack: a provincial decision with its
//! `Căn cứ` clauses, a ministry letter answering a province, a Party letter in markdown.

use assert_cmd::Command;
use serde_json::Value;

fn extract(file: &str) -> Value {
    let out = Command::cargo_bin("vncite")
        .unwrap()
        .args(["extract", "--format", "json"])
        .arg(format!("tests/fixtures/styles/{file}"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["documents"][0].clone()
}

fn rows(d: &Value) -> Vec<String> {
    d["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {}",
                r["key"].as_str().or(r["title"].as_str()).unwrap(),
                r["relation"].as_str().unwrap(),
                r["date"].as_str().unwrap_or("-"),
                r["issuer"]["name"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn provincial_decision() {
    let d = extract("quyet-dinh-tinh.txt");
    assert_eq!(d["number"], "3783/QĐ-UBND");
    assert_eq!(d["kind"], "Quyết định");
    assert_eq!(d["issuer"]["name"], "Ủy ban nhân dân tỉnh Quảng Ninh");
    assert_eq!(d["date"], "2021-11-15");
    assert!(d["subject"]
        .as_str()
        .unwrap()
        .starts_with("BAN HÀNH KẾ HOẠCH"));
    assert_eq!(
        rows(&d),
        [
            "128/NQ-CP implements 2021-10-11 Chính phủ",
            "Luật Tổ chức chính quyền địa phương based_on 2015-06-19 Quốc hội",
            "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương based_on 2019-11-22 Quốc hội",
            "Luật Phòng, chống bệnh truyền nhiễm based_on 2007-11-21 Quốc hội",
            "128/NQ-CP based_on 2021-10-11 Chính phủ",
            "4800/QĐ-BYT based_on 2021-10-12 Bộ Y tế",
            "128/NQ-CP implements 2021-10-11 Chính phủ",
            "512/TTr-SYT proposed_by 2021-11-10 Sở Y tế tỉnh Quảng Ninh",
            "128/NQ-CP implements 2021-10-11 Chính phủ",
            "2140/QĐ-UBND replaces 2021-07-05 Ủy ban nhân dân tỉnh Quảng Ninh",
            "1901/QĐ-UBND repeals 2021-06-01 Ủy ban nhân dân tỉnh Quảng Ninh",
        ]
    );
    assert_eq!(d["references"][6]["cited_by"], "4800/QĐ-BYT");
    assert_eq!(d["references"][1]["key"], Value::Null);
}

#[test]
fn ministry_letter() {
    let d = extract("cong-van-bo.txt");
    assert_eq!(d["number"], "6386/BYT-MT");
    assert_eq!(d["issuer"]["name"], "Bộ Y tế");
    assert_eq!(d["issuer"]["level"], "central");
    assert_eq!(d["place"], "Hà Nội");
    assert_eq!(
        rows(&d),
        [
            "2231/UBND-KGVX responds_to 2021-07-28 Ủy ban nhân dân tỉnh Sơn La",
            "5599/BYT-MT implements 2021-07-14 Bộ Y tế",
            "16/CT-TTg implements 2020-03-31 Thủ tướng Chính phủ",
            "15/CT-TTg implements 2020-03-27 Thủ tướng Chính phủ",
            "2686/QĐ-BCĐQG cites 2021-05-31 Ban Chỉ đạo quốc gia",
            "5488/BYT-MT corrects 2021-07-10 Bộ Y tế",
        ]
    );
}

#[test]
fn party_letter_in_markdown() {
    let d = extract("cong-van-tinh-uy.md");
    assert_eq!(d["number"], "892-CV/TU");
    assert_eq!(d["issuer"]["name"], "Tỉnh ủy Sơn La");
    assert_eq!(d["date"], "2021-09-08");
    assert_eq!(
        rows(&d),
        [
            "7-KL/TW implements 2021-06-16 Bộ Chính trị",
            "5-CT/TW implements 2016-05-15 Bộ Chính trị",
            "14-KH/TU implements 2021-08-02 Ban Thường vụ Tỉnh ủy Sơn La",
            "27/NQ-TW cites - Ban Chấp hành Trung ương Đảng",
            "22-QĐ/TW cites - Ban Chấp hành Trung ương Đảng",
            "10-HD/BTCTW cites 2021-08-25 Ban Tổ chức Trung ương",
            "203/2025/QH15 based_on - Quốc hội",
            "79/2025/NĐ-CP based_on - Chính phủ",
            "103/2014/TT-BTC based_on - Bộ Tài chính",
        ]
    );
}
