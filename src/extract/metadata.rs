//! The publisher's metadata block of a scraped page (`Số hiệu:`, `Loại văn bản:`,
//! `Nơi ban hành:`, `Ngày ban hành:`, as `label: value` lines or table rows): the identity of a
//! document whose text has no header, and the fields its header leaves out.

use super::issuer;
use crate::key::{scan_key, Case};
use crate::model::DocKey;
use crate::model::{DocKind, Issuer, PartialDate};
use regex::Regex;
use std::sync::{Arc, LazyLock};

/// How far past the start of a page's first header its metadata block may stand: before it,
/// or just after a header the site wrote itself. The block is read from the page's head
/// only, so a long document's body is never scanned for it.
pub const REACH: usize = 16 * 1024;

/// What a page's metadata block says of the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// `Số hiệu` / `Số ký hiệu`.
    pub number: Option<DocKey>,
    /// `Loại văn bản`.
    pub kind: Option<DocKind>,
    /// `Nơi ban hành` / `Cơ quan ban hành`.
    pub issuer: Option<Arc<Issuer>>,
    /// `Ngày ban hành`.
    pub date: Option<PartialDate>,
}

/// The labels a metadata block uses, and the field each one gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Number,
    Kind,
    Issuer,
    Date,
}

/// Label words as publishers write them, folded to lower case.
const LABELS: &[(&str, Field)] = &[
    ("số hiệu", Field::Number),
    ("số ký hiệu", Field::Number),
    ("số kí hiệu", Field::Number),
    ("số văn bản", Field::Number),
    ("loại văn bản", Field::Kind),
    ("nơi ban hành", Field::Issuer),
    ("cơ quan ban hành", Field::Issuer),
    ("ngày ban hành", Field::Date),
];

/// A `label: value` line or a `| label | value |` row, bold marks allowed around the label.
/// Normalized text has its pipes and bold marks turned to spaces, so a run of two spaces
/// separates a label from its value too.
static ROW: LazyLock<Regex> = LazyLock::new(|| {
    super::pattern(
        r"(?m)^[ \t]*\|?[ \t]*\**[ \t]*(\p{L}[\p{L} ]{2,20}?\p{L})[ \t]*\**[ \t]*(?::|\||[ \t]{2,})[ \t]*\**[ \t]*([^\n|]+?)[ \t]*\**[ \t]*\|?[ \t]*$",
    )
});

/// A key of a site's YAML front matter: `so_hieu: "283/2026/NĐ-CP"`, quotes optional.
static FRONT_MATTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^([a-z]+(?:_[a-z]+){0,3}):[ \t]*"?([^"\n]*?)"?[ \t]*$"#)
        .unwrap_or_else(|e| panic!("{e}"))
});

/// Front-matter keys in English, read only inside a page's leading `---` block (a line
/// `number: 5` of a document's text is no label). `date` is left out: sites use it for the
/// day they published the page.
const ENGLISH_KEYS: &[(&str, Field)] = &[
    ("number", Field::Number),
    ("document_number", Field::Number),
    ("issuing_body", Field::Issuer),
    ("issuer", Field::Issuer),
    ("document_type", Field::Kind),
    ("issue_date", Field::Date),
    ("issued_date", Field::Date),
];

/// The page's leading YAML front matter (`---` … `---`), if it has one.
fn front_matter(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return "";
    };
    match rest.find("\n---") {
        Some(end) => &rest[..end + 1],
        None => "",
    }
}

/// Reads the metadata rows of `text`; the first value of each field stands.
pub fn read(text: &str) -> Metadata {
    let mut m = Metadata::default();
    // Most texts have no metadata: one pass for a label (the literals searched together)
    // before the row pattern; words such as `hiệu quả` and `ban hành` alone stand in every
    // document.
    static HINT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            "Số hiệu|SỐ HIỆU|ký hiệu|kí hiệu|Số văn bản|SỐ VĂN BẢN|Loại văn bản|LOẠI VĂN BẢN|Ngày ban hành|NGÀY BAN HÀNH|so_hieu|sohieu|loai_van_ban|loaivanban|ngay_ban_hanh|ngaybanhanh|\nnumber:|\nissuing_body:",
        )
        .unwrap_or_else(|e| panic!("{e}"))
    });
    if !HINT.is_match(text) {
        return m;
    }
    let rows = ROW.captures_iter(text).filter_map(|c| {
        let label = crate::normalize::lower(c.get(1)?.as_str().trim());
        let &(_, field) = LABELS.iter().find(|(l, _)| *l == label)?;
        Some((field, c.get(2)?.as_str()))
    });
    // A site's front matter names the same fields by their words folded, joined by `_` or
    // run together (`so_hieu:`, `sohieu:`).
    let keys = FRONT_MATTER.captures_iter(text).filter_map(|c| {
        let key = c.get(1)?.as_str().replace('_', "");
        let &(_, field) = LABELS
            .iter()
            .find(|(l, _)| crate::normalize::fold_ascii(l).replace(' ', "") == key)?;
        Some((field, c.get(2)?.as_str()))
    });
    let english = FRONT_MATTER
        .captures_iter(front_matter(text))
        .filter_map(|c| {
            let key = c.get(1)?.as_str();
            let &(_, field) = ENGLISH_KEYS.iter().find(|(k, _)| *k == key)?;
            Some((field, c.get(2)?.as_str()))
        });
    for (field, value) in rows.chain(keys).chain(english) {
        let value = value.trim();
        match field {
            Field::Number if m.number.is_none() => {
                m.number = value
                    .find(|c: char| c.is_ascii_digit())
                    .and_then(|i| scan_key(value, i, Case::Any))
                    .map(|k| k.key);
            }
            Field::Kind if m.kind.is_none() => m.kind = DocKind::from_word(value),
            Field::Issuer if m.issuer.is_none() => m.issuer = issuer::parse_phrase(value),
            Field::Date if m.date.is_none() => m.date = date(value),
            _ => {}
        }
    }
    m
}

/// A date as metadata writes it: `26 tháng 6 năm 2026`, `30/6/2026`, `2026-06-26`.
fn date(s: &str) -> Option<PartialDate> {
    static D: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(\d{1,2})\s*(?:tháng|/|-|\.)\s*(\d{1,2})\s*(?:năm|/|-|\.)\s*(\d{4})|(\d{4})-(\d{1,2})-(\d{1,2})")
            .unwrap_or_else(|e| panic!("{e}"))
    });
    let c = D.captures(s)?;
    let n = |i: usize| c.get(i).and_then(|g| g.as_str().parse::<u16>().ok());
    let (d, mo, y) = match (n(1), n(2), n(3)) {
        (Some(d), Some(mo), Some(y)) => (d, mo, y),
        _ => (n(6)?, n(5)?, n(4)?),
    };
    PartialDate::new(y, Some(mo as u8), Some(d as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_and_label_lines() {
        let t = "| | |\n|---|---|\n| **Số hiệu** | 91/2026/TT-BTC |\n| **Ngày ban hành** | 30/6/2026 |\n| **Cơ quan ban hành** | Bộ Tài chính |\nLoại văn bản: Thông tư\n";
        let m = read(t);
        assert_eq!(
            m.number.map(|k| k.to_string()).as_deref(),
            Some("91/2026/TT-BTC")
        );
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2026-06-30"));
        assert_eq!(m.kind, Some(DocKind::ThongTu));
        assert_eq!(
            m.issuer.map(|i| i.name.clone()).as_deref(),
            Some("Bộ Tài chính")
        );
    }

    #[test]
    fn front_matter_keys() {
        let t = "---\nlayout: vanban\nso_hieu: \"283/2026/NĐ-CP\"\nloai_van_ban: \"Nghị định\"\nngay_ban_hanh: \"2026-07-15\"\nco_quan_ban_hanh: \"Chính phủ\"\nngay_hieu_luc: \"2026-09-01\"\n---\n";
        let m = read(t);
        assert_eq!(
            m.number.map(|k| k.to_string()).as_deref(),
            Some("283/2026/NĐ-CP")
        );
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2026-07-15"));
        assert_eq!(m.kind, Some(DocKind::NghiDinh));
        assert_eq!(
            m.issuer.map(|i| i.name.clone()).as_deref(),
            Some("Chính phủ")
        );
    }

    #[test]
    fn front_matter_keys_run_together() {
        let t = "---\nsohieu: \"152/2026/NĐ-CP\"\nngaybanhanh: \"13/05/2026\"\n---\n";
        let m = read(t);
        assert_eq!(
            m.number.map(|k| k.to_string()).as_deref(),
            Some("152/2026/NĐ-CP")
        );
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2026-05-13"));
    }

    #[test]
    fn english_front_matter_and_a_numbers_row() {
        let t = "---\nlayout: vanban\ndate: 2026-06-26\nnumber: 35/2026/TT-BXD\nissuing_body: Bộ Xây dựng\n---\n\nnumber: 7/2020/TT-BYT\n";
        let m = read(t);
        assert_eq!(
            m.number.map(|k| k.to_string()).as_deref(),
            Some("35/2026/TT-BXD")
        );
        // The page's own date is no date of issue.
        assert_eq!(m.date, None);
        assert_eq!(
            m.issuer.map(|i| i.name.clone()).as_deref(),
            Some("Bộ Xây dựng")
        );
        // Outside a leading front matter an English key is text.
        assert_eq!(read("Văn bản\nnumber: 7/2020/TT-BYT\n").number, None);
        let m = read("| Trường | Nội dung |\n|---|---|\n| Số văn bản | 35/2026/TT-BXD |\n");
        assert_eq!(
            m.number.map(|k| k.to_string()).as_deref(),
            Some("35/2026/TT-BXD")
        );
    }

    #[test]
    fn rows_of_normalized_text() {
        let t = crate::normalize::normalize(
            "| **Số hiệu** | 85/2026/NĐ-CP |\n| **Ngày ban hành** | 25/3/2026 |\n",
        )
        .text;
        let m = read(&t);
        assert_eq!(
            m.number.map(|k| k.to_string()).as_deref(),
            Some("85/2026/NĐ-CP")
        );
        assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2026-03-25"));
    }

    #[test]
    fn dates_in_words_and_iso() {
        assert_eq!(
            date("26 tháng 6 năm 2026")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-06-26")
        );
        assert_eq!(
            date("2025-11-20").map(|d| d.to_string()).as_deref(),
            Some("2025-11-20")
        );
        assert_eq!(date("không rõ"), None);
    }

    #[test]
    fn text_without_metadata_gives_nothing() {
        assert_eq!(
            read("Căn cứ Luật số 63/2025/QH15;\nSố: 12/QĐ-UBND"),
            Metadata::default()
        );
    }
}
