//! The header and reference forms of real scraped and OCR'd pages (issue 16; docs/header.md
//! and docs/relations.md describe them): one fixture each, written the way the pages write them.

use vncite::model::{Document, IdentitySource, Relation};
use vncite::read::SourceText;

fn docs(text: &str) -> Vec<Document> {
    vncite::extract_text(&SourceText {
        path: "page.md".into(),
        text: text.to_string(),
        encoding: vncite::model::Encoding::Utf8,
        offset: 0,
    })
}

fn one(text: &str) -> Document {
    let mut d = docs(text);
    assert_eq!(d.len(), 1, "{d:#?}");
    d.remove(0)
}

fn number(d: &Document) -> Option<String> {
    d.number.as_ref().map(|k| k.text())
}

fn date(d: &Document) -> Option<String> {
    d.date.map(|x| x.to_string())
}

fn issuer(d: &Document) -> Option<String> {
    d.issuer.as_ref().map(|i| i.name.clone())
}

fn refs(d: &Document) -> Vec<(String, String, Relation)> {
    d.references
        .iter()
        .filter_map(|r| {
            let by = match r.citer {
                vncite::Citer::Reference(j) => d.references[j].key.as_ref()?.text(),
                vncite::Citer::Document => "self".to_string(),
            };
            Some((by, r.key.as_ref()?.text(), r.relation))
        })
        .collect()
}

#[test]
fn number_on_the_line_after_so_across_pipes_and_blank_lines() {
    let d = one("| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n| TỈNH LAI CHÂU | Độc lập - Tự do - Hạnh phúc |\n| Số: |\n|\n\n| 117/TB-UBND | Lai Châu, ngày 01 tháng 10 năm 2021 |\n\nTHÔNG BÁO\n\nThực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021.\n");
    assert_eq!(number(&d).as_deref(), Some("117/TB-UBND"));
    assert_eq!(date(&d).as_deref(), Some("2021-10-01"));
}

#[test]
fn issuer_motto_number_and_date_joined_on_lines_by_ocr() {
    let d = one("CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 236/2026/NĐ-CP Hà Nội, ngày 26 tháng 6 năm 2026\n\nNGHỊ ĐỊNH\nSửa đổi Nghị định số 151/2024/NĐ-CP ngày 15 tháng 11 năm 2024\n\nCăn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\n");
    assert_eq!(number(&d).as_deref(), Some("236/2026/NĐ-CP"));
    assert_eq!(date(&d).as_deref(), Some("2026-06-26"));
    assert_eq!(d.place.as_deref(), Some("Hà Nội"));
    assert_eq!(issuer(&d).as_deref(), Some("Chính phủ"));
    assert_eq!(d.kind.map(|k| k.name()), Some("Nghị định"));
    assert_eq!(d.identity_from.kind, Some(IdentitySource::Title));
}

#[test]
fn wrapped_and_bold_place_and_date_lines_without_a_comma() {
    for line in [
        "Hà Nội, ngày 20\ntháng 11 năm 2025",
        "Hà Nội, ngày **21**\ntháng **11** năm **2025**",
        "Hà Nội ngày 20 tháng 11 năm 2025",
        "Hà Nội, ngày 20 tháng 11, năm 2025",
        "Hà Nội, ngày 20/11/2025",
    ] {
        let d = one(&format!("BỘ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 6386/BYT-MT\n{line}\nV/v phòng chống dịch\n\nKính gửi: Ủy ban nhân dân các tỉnh\n"));
        assert_eq!(
            d.date.map(|x| (x.year, x.month)),
            Some((2025, Some(11))),
            "{line}"
        );
        assert!(d.date.is_some_and(|x| x.day.is_some()), "{line}");
    }
}

#[test]
fn number_above_the_motto_and_a_title_with_a_cited_date() {
    let d = one("## VĂN BẢN\n\nBỘ TÀI CHÍNH\n_______\nSố: 91/2026/TT-BTC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n_________________\nHà Nội, ngày 30 tháng 6 năm 2026\nTHÔNG TƯ\nQuy định một số điều của Nghị định số 254/2026/NĐ-CP\nCăn cứ Luật Quản lý thuế số 108/2025/QH15;\n");
    assert_eq!(number(&d).as_deref(), Some("91/2026/TT-BTC"));
    assert_eq!(date(&d).as_deref(), Some("2026-06-30"));
    assert_eq!(issuer(&d).as_deref(), Some("Bộ Tài chính"));
    assert_eq!(d.kind.map(|k| k.name()), Some("Thông tư"));
}

#[test]
fn a_subject_line_makes_a_cong_van_whatever_the_symbol_starts_with() {
    let d = one("BỘ TÀI CHÍNH\nCỤC THUẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 4417/CT-CS\nHà Nội, ngày 20 tháng 11 năm 2025\nV/v chính sách thuế\n\nKính gửi: Thuế tỉnh Lào Cai\n");
    assert_eq!(d.kind.map(|k| k.name()), Some("Công văn"));
    assert_eq!(d.identity_from.kind, Some(IdentitySource::SubjectLine));
}

#[test]
fn header_after_kilobytes_of_chrome_and_the_metadata_block() {
    let chrome =
        "Trang chủ | Văn bản | Tin tức — cập nhật văn bản mới nhất mỗi ngày.\n".repeat(120);
    let page = format!("{chrome}\n| | |\n|---|---|\n| **Số hiệu** | 1341/QĐ-TTg |\n| **Ngày ban hành** | 30/6/2026 |\n\nTHỦ TƯỚNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 1341/QĐ-TTg\nHà Nội, ngày 30 tháng 6 năm 2026\nQUYẾT ĐỊNH\nVề việc phê duyệt\n\nCăn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\n");
    assert!(page.find("Số: 1341").unwrap_or(0) > 6000);
    let d = one(&page);
    assert_eq!(number(&d).as_deref(), Some("1341/QĐ-TTg"));
    assert_eq!(d.identity_from.number, Some(IdentitySource::Header));
    assert_eq!(issuer(&d).as_deref(), Some("Thủ tướng Chính phủ"));
    // The metadata's copy of the number and the chrome are outside the document.
    assert_eq!(
        refs(&d),
        [("self".into(), "63/2025/QH15".into(), Relation::BasedOn)]
    );
}

#[test]
fn a_page_with_no_header_takes_its_identity_from_the_metadata_and_says_so() {
    let d = one("# Nghị định 85/2026\n\n| | |\n|---|---|\n| **Số hiệu** | 85/2026/NĐ-CP |\n| **Loại văn bản** | Nghị định |\n| **Cơ quan ban hành** | Chính phủ |\n| **Ngày ban hành** | 25/3/2026 |\n\nĐiều 1. Phạm vi điều chỉnh\n\nNghị định này quy định chi tiết Luật Bảo hiểm xã hội số 41/2024/QH15.\n");
    assert_eq!(number(&d).as_deref(), Some("85/2026/NĐ-CP"));
    assert_eq!(date(&d).as_deref(), Some("2026-03-25"));
    assert_eq!(d.identity_from.number, Some(IdentitySource::Metadata));
    assert_eq!(d.identity_from.date, Some(IdentitySource::Metadata));
    assert_eq!(d.identity_from.kind, Some(IdentitySource::Metadata));
    assert!(refs(&d).iter().all(|r| r.1 != "85/2026/NĐ-CP"));
}

#[test]
fn with_the_number_from_the_metadata_its_kind_wins_over_a_subject_line_or_a_title() {
    // The body's own lines (a `Về việc` or another title) are no header without a number.
    let d = one("| Trường | Nội dung |\n|---|---|\n| Số hiệu | 48/2026/TT-BGDĐT |\n| Ngày ban hành | 22/6/2026 |\n| Cơ quan ban hành | Bộ Giáo dục và Đào tạo |\n| Loại văn bản | Thông tư |\n\n## VĂN BẢN\n\nVề việc ban hành Quy chế tổ chức và hoạt động của trường tư thục\n\nCăn cứ Luật Nhà giáo số 73/2025/QH15;\n");
    assert_eq!(d.kind.map(|k| k.name()), Some("Thông tư"));
    assert_eq!(d.identity_from.kind, Some(IdentitySource::Metadata));
    // No `Loại văn bản`: the type code of the publisher's number says it.
    let d = one("| Thông tin | Chi tiết |\n|---|---|\n| **Số hiệu** | 23/2026/TT-BKHCN |\n| **Ngày ban hành** | 28 tháng 05 năm 2026 |\n| **Cơ quan ban hành** | Bộ Khoa học và Công nghệ |\n\nĐiều 1. Phạm vi điều chỉnh\n");
    assert_eq!(d.kind.map(|k| k.name()), Some("Thông tư"));
    assert_eq!(d.identity_from.kind, Some(IdentitySource::Symbol));
}

#[test]
fn the_own_number_in_title_footer_and_appendix_is_no_reference() {
    let d = one("BỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 91/2026/TT-BTC\nHà Nội, ngày 30 tháng 6 năm 2026\nTHÔNG TƯ\n\nCăn cứ Nghị định số 254/2026/NĐ-CP;\n\nPhụ lục I\nSố: 91/2026/TT-BTC\n");
    assert_eq!(
        refs(&d),
        [("self".into(), "254/2026/NĐ-CP".into(), Relation::BasedOn)]
    );
}

#[test]
fn a_bundle_of_documents_in_one_file_gives_one_document_each() {
    let a = "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 10/2026/NĐ-CP\nHà Nội, ngày 01 tháng 2 năm 2026\nNGHỊ ĐỊNH\n\nCăn cứ Luật số 63/2025/QH15;\n\nMẫu số 01\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: ..../TB-.....\n......, ngày ... tháng ... năm ....\n\n";
    let b = "BỘ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 5/2026/TT-BYT\nHà Nội, ngày 03 tháng 3 năm 2026\nTHÔNG TƯ\n\nCăn cứ Nghị định số 10/2026/NĐ-CP;\n";
    let ds = docs(&format!("{a}{b}"));
    assert_eq!(
        ds.len(),
        2,
        "the form template in the appendix is no document"
    );
    assert_eq!(number(&ds[0]).as_deref(), Some("10/2026/NĐ-CP"));
    assert_eq!(number(&ds[1]).as_deref(), Some("5/2026/TT-BYT"));
    assert_eq!(issuer(&ds[1]).as_deref(), Some("Bộ Y tế"));
    assert_eq!(
        (ds[0].span.part, ds[0].span.parts, ds[1].span.part),
        (1, 2, 2)
    );
    assert!(ds[0].span.end_line < ds[1].span.line);
    assert_eq!(
        refs(&ds[0]),
        [("self".into(), "63/2025/QH15".into(), Relation::BasedOn)]
    );
    assert_eq!(
        refs(&ds[1]),
        [("self".into(), "10/2026/NĐ-CP".into(), Relation::BasedOn)]
    );
    assert_eq!(ds[1].address(), "page.md#2");
}

/// A district's letter as a scanned bundle holds it: issuer block, motto, number, date, body,
/// sign-off.
fn district_letter(district: &str, number: &str, date: &str, body: &str) -> String {
    format!(
        "ỦY BAN NHÂN DÂN\nHUYỆN {}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: {number}\n\n{district}, ngày {date}\n\nV/v phòng, chống dịch bệnh\n\n{body}\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An\n\n\n",
        district.to_uppercase()
    )
}

#[test]
fn a_bundle_of_two_bodies_letters_with_one_number_gives_two_documents() {
    // `UBND` numbers are every district's: the same number under another heading is another
    // document, not the first one's header repeated.
    let a = district_letter(
        "Nam Thanh",
        "1/KH-UBND",
        "14 tháng 11 năm 2021",
        "Triển khai Công văn số 4/UBND-KGVX ngày 07/11/2021 của Ủy ban nhân dân tỉnh Phú Thọ.",
    );
    let b = district_letter(
        "Vĩnh Hưng",
        "1/KH-UBND",
        "09 tháng 08 năm 2022",
        "Thực hiện Quyết định số 2/QĐ-BYT ngày 17/7/2022 của Bộ Y tế.",
    );
    let ds = docs(&format!("{a}{b}"));
    assert_eq!(ds.len(), 2, "{ds:#?}");
    assert_eq!(
        issuer(&ds[0]).as_deref(),
        Some("Ủy ban nhân dân huyện Nam Thanh")
    );
    assert_eq!(
        issuer(&ds[1]).as_deref(),
        Some("Ủy ban nhân dân huyện Vĩnh Hưng")
    );
    assert_eq!(date(&ds[1]).as_deref(), Some("2022-08-09"));
    assert_eq!(refs(&ds[0]).len(), 1);
    assert_eq!(refs(&ds[1])[0].1, "2/QĐ-BYT");
    // One body's header repeated over a page is still one document.
    let again = district_letter("Nam Thanh", "1/KH-UBND", "14 tháng 11 năm 2021", "Trang 2.");
    assert_eq!(docs(&format!("{a}{again}")).len(), 1);
}

#[test]
fn an_unnumbered_draft_after_a_sign_off_is_a_document_an_attached_charter_is_not() {
    let a = district_letter(
        "Nam Thanh",
        "1/KH-UBND",
        "14 tháng 11 năm 2021",
        "Kính gửi: các xã.",
    );
    let draft = district_letter(
        "Vĩnh Hưng",
        "     /UBND-VP",
        "   tháng 08 năm 2022",
        "Kính gửi: các xã.",
    );
    let ds = docs(&format!("{a}{draft}"));
    assert_eq!(ds.len(), 2, "{ds:#?}");
    assert_eq!(ds[1].number, None);
    assert_eq!(
        issuer(&ds[1]).as_deref(),
        Some("Ủy ban nhân dân huyện Vĩnh Hưng")
    );
    // A charter the letter attaches, under the same issuer and a motto but no `Số:`.
    let charter = "BỘ GIÁO DỤC VÀ ĐÀO TẠO\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nĐIỀU LỆ TRƯỜNG\n(Kèm theo Thông tư số 46/2026/TT-BGDĐT ngày 10 tháng 06 năm 2026)\n\nĐiều 1. Phạm vi.\n";
    let tt = "BỘ GIÁO DỤC VÀ ĐÀO TẠO\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 46/2026/TT-BGDĐT\n\nHà Nội, ngày 10 tháng 06 năm 2026\n\nTHÔNG TƯ\n\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\n";
    assert_eq!(docs(&format!("{tt}{charter}")).len(), 1);
    // A blank-numbered form under an appendix heading belongs to the document.
    let form = "Phụ lục\nMẫu số 01\nỦY BAN NHÂN DÂN XÃ ...\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố:    /UBND\n\n......, ngày ... tháng ... năm ....\n";
    assert_eq!(docs(&format!("{tt}{form}")).len(), 1);
    // Its label may stand right above the form's heading, inside the header block.
    let labelled = "PHỤ LỤC I\nỦY BAN NHÂN DÂN\nXÃ AN TÂY\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố:    /UBND-VP\n\n......, ngày ... tháng ... năm ....\n";
    assert_eq!(docs(&format!("{tt}{labelled}")).len(), 1);
}

#[test]
fn can_cu_a_amended_by_b_rests_on_both_and_b_amends_a() {
    let d = one("Số: 58/2026/NĐ-CP\nHà Nội, ngày 01 tháng 2 năm 2026\n\nCăn cứ Luật Công an nhân dân số 37/2018/QH14 được sửa đổi, bổ sung bởi Luật số 21/2023/QH15, Luật số 30/2023/QH15;\n\nCăn cứ Luật số 1/2020/QH14; Luật số 2/2024/QH15 sửa đổi, bổ sung một số điều của Luật số 1/2020/QH14;\n");
    let r = refs(&d);
    let has = |by: &str, key: &str, rel: Relation| r.contains(&(by.into(), key.into(), rel));
    assert!(has("self", "37/2018/QH14", Relation::BasedOn), "{r:?}");
    assert!(has("self", "21/2023/QH15", Relation::BasedOn), "{r:?}");
    assert!(has("self", "30/2023/QH15", Relation::BasedOn), "{r:?}");
    assert!(
        has("21/2023/QH15", "37/2018/QH14", Relation::Amends),
        "{r:?}"
    );
    assert!(
        has("30/2023/QH15", "37/2018/QH14", Relation::Amends),
        "{r:?}"
    );
    assert!(has("2/2024/QH15", "1/2020/QH14", Relation::Amends), "{r:?}");
    assert!(
        !r.iter().any(|x| x.0 == "self" && x.2 == Relation::Amends),
        "{r:?}"
    );
}

#[test]
fn ocr_damaged_signal_words_still_chain() {
    let d = one("Số: 58/2026/NĐ-CP\n\nCăn cứ Luật số 37/2018/QH14 đã được sửa đôi, bỗ sung bởi Luật số 21/2023/QH15;\n");
    let r = refs(&d);
    assert!(
        r.contains(&(
            "21/2023/QH15".into(),
            "37/2018/QH14".into(),
            Relation::Amends
        )),
        "{r:?}"
    );
}

#[test]
fn a_proposal_named_after_theo_de_nghi_is_proposed_by() {
    let d = one("Số: 1255/QĐ-TTg\n\nCăn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\n\nTheo đề nghị của Bộ trưởng Bộ Giáo dục và Đào tạo tại Tờ trình số 906/TTr-BGDĐT ngày 1 tháng 6 năm 2026;\n");
    let r = refs(&d);
    assert!(
        r.contains(&("self".into(), "906/TTr-BGDĐT".into(), Relation::ProposedBy)),
        "{r:?}"
    );
}

#[test]
fn a_subject_line_above_the_place_and_date_line_is_the_subject() {
    let d = one("**ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU**\n\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc**\n\nSố: /UBND-VX\nV/v thực hiện Công điện số 1068/CĐ-\nTTg của Thủ tướng Chính phủ\n\nLai Châu, ngày tháng 8 năm 2021\n\nKính gửi: Các sở, ban, ngành tỉnh\n");
    assert_eq!(
        d.subject.as_deref(),
        Some("thực hiện Công điện số 1068/CĐ-TTg của Thủ tướng Chính phủ")
    );
    assert_eq!(d.identity_from.kind, Some(IdentitySource::SubjectLine));
    assert_eq!(date(&d).as_deref(), Some("2021-08"));
}

#[test]
fn number_and_date_above_the_issuer_block_and_motto() {
    let d = one("# THÔNG TƯ\n# Ban hành Quy chế tuyển sinh\n\n**Số: 53/2026/TT-BGDĐT**\n\n*Hà Nội, ngày 30 tháng 06 năm 2026*\n\nBỘ GIÁO DỤC VÀ ĐÀO TẠO\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nTHÔNG TƯ\n\nCăn cứ Luật Giáo dục số 43/2019/QH14;\n");
    assert_eq!(number(&d).as_deref(), Some("53/2026/TT-BGDĐT"));
    assert_eq!(date(&d).as_deref(), Some("2026-06-30"));
    assert_eq!(issuer(&d).as_deref(), Some("Bộ Giáo dục và Đào tạo"));
}

#[test]
fn a_page_whose_only_motto_heads_an_appendix_form_is_one_document_from_its_start() {
    let d = one("# Nghị định 156/2026/NĐ-CP\n\n| | |\n|---|---|\n| **Số hiệu** | 156/2026/NĐ-CP |\n| **Ngày ban hành** | 15/05/2026 |\n\nĐiều 1. Sửa đổi, bổ sung một số điều của Nghị định số 31/2019/NĐ-CP.\n\n### Mẫu số 02. Đơn rút tố cáo\n\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n**Độc lập - Tự do - Hạnh phúc**\n\n.........(1), ngày ... tháng ... năm ...\n\nĐƠN RÚT TỐ CÁO\n");
    assert_eq!(d.span.line, 1);
    assert_eq!(number(&d).as_deref(), Some("156/2026/NĐ-CP"));
    assert_eq!(d.identity_from.number, Some(IdentitySource::Metadata));
    assert_eq!(date(&d).as_deref(), Some("2026-05-15"));
    let r = refs(&d);
    assert!(r.iter().any(|x| x.1 == "31/2019/NĐ-CP"), "{r:?}");
}

#[test]
fn the_chrome_before_a_header_is_in_the_first_document_but_cites_nothing() {
    let d = one("Trang chủ › Văn bản › Nghị định số 99/2020/NĐ-CP mới\n\nCHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 10/2026/NĐ-CP\nHà Nội, ngày 01 tháng 2 năm 2026\nNGHỊ ĐỊNH\n\nCăn cứ Luật số 63/2025/QH15;\n");
    assert_eq!(d.span.line, 1);
    assert_eq!(
        refs(&d),
        [("self".into(), "63/2025/QH15".into(), Relation::BasedOn)]
    );
}

/// A scraped page's header table flattened to one line a row: the issuer block, the number
/// with its `V/v` and the place-and-date each in a cell, bold inside the cells.
fn flattened_letter(block: &str, number: &str, place: &str) -> String {
    format!(
        "| {block} ------- | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc** --------------- |\n| --- | --- |\n| Số: {number} V/v hướng dẫn chính sách thuế | *{place}, ngày 20 tháng 11 năm 2025* |\n\nKính gửi: Các đơn vị.\n\nCăn cứ Nghị định số 181/2025/NĐ-CP của Chính phủ, đề nghị các đơn vị thực hiện.\n"
    )
}

#[test]
fn a_flattened_header_row_gives_a_letter_its_subject_place_and_lowest_body() {
    let cases = [
        (
            "BỘ TÀI CHÍNH **CỤC THUẾ**",
            "4417/CT-CS",
            "Hà Nội",
            "Cục Thuế",
        ),
        (
            "BỘ TÀI CHÍNH **CỤC HẢI QUAN**",
            "2345/CHQ-GSQL",
            "Hà Nội",
            "Cục Hải quan",
        ),
        (
            "CỤC THUẾ **THUẾ TỈNH BẮC NINH**",
            "123/BNI-QLDN",
            "Bắc Ninh",
            "Thuế tỉnh Bắc Ninh",
        ),
        (
            "UBND TỈNH LÂM ĐỒNG **SỞ Y TẾ**",
            "1234/SYT-NVY",
            "Lâm Đồng",
            "Sở Y tế tỉnh Lâm Đồng",
        ),
        (
            "CỤC THUẾ **CHI CỤC THUẾ KHU VỰC V**",
            "789/CCT-KV5",
            "TP. Hồ Chí Minh",
            "Chi cục Thuế khu vực V",
        ),
    ];
    for (block, number, place, body) in cases {
        let d = one(&flattened_letter(block, number, place));
        assert_eq!(self::number(&d).as_deref(), Some(number));
        // `4417/CT-CS` opens like a Chỉ thị; the `V/v` in its cell makes it a letter.
        assert_eq!(d.kind, Some(vncite::model::DocKind::CongVan), "{number}");
        assert_eq!(
            d.identity_from.kind,
            Some(IdentitySource::SubjectLine),
            "{number}"
        );
        assert_eq!(
            d.subject.as_deref(),
            Some("hướng dẫn chính sách thuế"),
            "{number}"
        );
        assert_eq!(d.place.as_deref(), Some(place), "{number}");
        assert_eq!(date(&d).as_deref(), Some("2025-11-20"), "{number}");
        assert_eq!(issuer(&d).as_deref(), Some(body), "{number}");
        assert_eq!(
            refs(&d),
            [(
                "self".to_string(),
                "181/2025/NĐ-CP".to_string(),
                Relation::BasedOn
            )]
        );
    }
}

#[test]
fn a_party_bodys_letter_without_a_colon_after_so() {
    let d = one("|  |  |\n| --- | --- |\n| **TỈNH ỦY NGHỆ AN** \\* Số 45-CV/TU *V/v triển khai thực hiện Chỉ thị số 45-CT/TW* | **ĐẢNG CỘNG SẢN VIỆT NAM** *Nghệ An, ngày 12 tháng 8 năm 2025* |\n\nKính gửi: Các huyện ủy.\n\nThực hiện Chỉ thị số 45-CT/TW ngày 14/4/2025 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy yêu cầu.\n");
    assert_eq!(number(&d).as_deref(), Some("45-CV/TU"));
    assert_eq!(d.kind, Some(vncite::model::DocKind::CongVan));
    assert_eq!(
        d.subject.as_deref(),
        Some("triển khai thực hiện Chỉ thị số 45-CT/TW")
    );
    assert_eq!(issuer(&d).as_deref(), Some("Tỉnh ủy Nghệ An"));
    assert_eq!(date(&d).as_deref(), Some("2025-08-12"));
}

#[test]
fn a_date_line_damaged_by_ocr_or_old_fonts_is_still_read() {
    let lines = [
        "Hà Nội, ngày 15 tháng 4 n\u{1CE}m 2025", // `ǎ` of old fonts for `ă`
        "Hà Nội, ngảy 15 thảng 4 nãm 2025",       // wrong tone marks
        "Hà Nội, ngàv 15 tháng 4 năm 2O25",       // `v` for `y`, letter O for zero
        "Hà Nội, ngày l5 tháng 4 năm 2 025",      // `l` for one, a space inside the year
        "Hà Nội, ngày 15/4/2025",                 // figures
        "Hà Nội, ngày 15 - 4 - 2025",
    ];
    for line in lines {
        let d = one(&format!("BỘ Y TẾ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\nSố: 12/BYT-KCB\nV/v phòng chống dịch\n{line}\n\nKính gửi: Các đơn vị.\n"));
        assert_eq!(date(&d).as_deref(), Some("2025-04-15"), "{line}");
        assert_eq!(d.place.as_deref(), Some("Hà Nội"), "{line}");
    }
}

#[test]
fn the_number_mark_in_capitals_or_with_its_vowel_damaged() {
    for mark in ["SỐ:", "Sô:", "Sồ:", "So:", "SO:", "Số"] {
        let d = one(&format!("BỘ TÀI CHÍNH\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n{mark} 1234/BTC-CST\nV/v chính sách thuế\nHà Nội, ngày 15 tháng 4 năm 2025\n\nKính gửi: Các đơn vị.\n"));
        assert_eq!(number(&d).as_deref(), Some("1234/BTC-CST"), "{mark}");
    }
}

#[test]
fn a_place_abbreviated_in_capitals_is_no_part_of_the_subject_above_it() {
    let d = one("CỤC HẢI QUAN\nCHI CỤC HẢI QUAN KHU VỰC II\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\nSố: 2345/HQKVII-NV\nV/v thủ tục hải quan\nTP. Hồ Chí Minh, ngày 05 tháng 9 năm 2025\n\nKính gửi: Công ty TNHH A\n");
    assert_eq!(d.subject.as_deref(), Some("thủ tục hải quan"));
    assert_eq!(d.place.as_deref(), Some("TP. Hồ Chí Minh"));
    assert_eq!(date(&d).as_deref(), Some("2025-09-05"));
    assert_eq!(issuer(&d).as_deref(), Some("Chi cục Hải quan khu vực II"));
}

#[test]
fn a_page_flattened_onto_one_line_gives_its_whole_identity() {
    // Datasets store scraped pages with their white space folded: the whole letter on one
    // line. This once panicked (a line search ran past the document's end).
    let d = one("BỘ TÀI CHÍNH CỤC THUẾ ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Số: 4521/CT-CS V/v hóa đơn điện tử đối với hoạt động bán lẻ xăng dầu Hà Nội, ngày 27 tháng 11 năm 2025 Kính gửi: Công ty Cổ phần Xăng dầu Phú Thọ. Cục Thuế nhận được văn bản số 118/CV-XDPT ngày 03/11/2025 của Công ty. Về vấn đề này, Cục Thuế có ý kiến như sau: căn cứ Nghị định số 123/2020/NĐ-CP ngày 19/10/2020 của Chính phủ. Nơi nhận: - Như trên; - Lưu: VT, CS.");
    assert_eq!(number(&d).as_deref(), Some("4521/CT-CS"));
    assert_eq!(issuer(&d).as_deref(), Some("Cục Thuế"));
    assert_eq!(date(&d).as_deref(), Some("2025-11-27"));
    assert_eq!(d.kind.map(|k| k.name()), Some("Công văn"));
    let keys: Vec<String> = refs(&d).into_iter().map(|r| r.1).collect();
    assert!(keys.contains(&"118/CV-XDPT".to_string()), "{keys:?}");
    assert!(keys.contains(&"123/2020/NĐ-CP".to_string()), "{keys:?}");
}

#[test]
fn stamps_above_the_issuer_block_are_no_part_of_its_name() {
    for stamp in ["DỰ THẢO", "HỎA TỐC", "KHẨN"] {
        let d = one(&format!("{stamp}\n\nỦY BAN NHÂN DÂN\nXÃ TIÊN DU\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\nSố: 12/UBND-VP\nV/v triển khai\nTiên Du, ngày 5 tháng 9 năm 2025\n"));
        assert_eq!(
            issuer(&d).as_deref(),
            Some("Ủy ban nhân dân xã Tiên Du"),
            "{stamp}"
        );
    }
}

#[test]
fn ocr_of_two_columns_puts_the_number_and_the_rest_of_the_date_on_the_next_line() {
    let d = one("BỘ TÀI CHÍNH  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCUC THUẾ Độc lập - Tự do - Hạnh phúc\n-------   ---------------\nSố:  Hà Nội, ngày 11\n5012/CT-CS  tháng 12 năm 2025\nV/v kê khai thuế đối với hộ kinh doanh\n\nKính gửi: Thuế tỉnh Thái Nguyên.\n\nCục Thuế nhận được công văn số 2876/TNG-QLHKĐ ngày 20/11/2025 của Thuế tỉnh Thái Nguyên.\n");
    assert_eq!(number(&d).as_deref(), Some("5012/CT-CS"));
    assert_eq!(date(&d).as_deref(), Some("2025-12-11"));
    assert_eq!(issuer(&d).as_deref(), Some("Cục Thuế"));
    // The number is the document's own, not a reference.
    assert_eq!(
        refs(&d),
        [("self".into(), "2876/TNG-QLHKĐ".into(), Relation::RespondsTo)]
    );
    let d = one("ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN MƯỜNG TÈ  Độc lập - Tự do - Hạnh phúc\n\nSố:      Mường Tè, ngày 16 tháng 12 năm 2024\n112/BC-UBND\n\nBÁO CÁO\nKết quả thực hiện Chương trình\n");
    assert_eq!(number(&d).as_deref(), Some("112/BC-UBND"));
    assert_eq!(date(&d).as_deref(), Some("2024-12-16"));
    assert_eq!(
        issuer(&d).as_deref(),
        Some("Ủy ban nhân dân huyện Mường Tè")
    );
}

#[test]
fn an_own_number_written_with_ocr_look_alikes_is_read_as_digits() {
    for (line, want) in [
        ("Sô: l23/KH-UBND", "123/KH-UBND"),
        ("Số: 1O5/QĐ-UBND", "105/QĐ-UBND"),
        ("Số: I2/2025/NQ-HĐND", "12/2025/NQ-HĐND"),
    ] {
        let d = one(&format!("UBND TỈNH NGHỆ AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n{line}      Nghệ An, ngảy 05 thảng 8 năm 2025\n\nKẾ HOẠCH\nThực hiện chính sách\n"));
        assert_eq!(number(&d).as_deref(), Some(want), "{line}");
        assert_eq!(date(&d).as_deref(), Some("2025-08-05"), "{line}");
    }
}

#[test]
fn a_party_letters_number_and_subject_above_its_motto() {
    let d = one("ĐẢNG BỘ TỈNH BẮC NINH\nĐẢNG ỦY PHƯỜNG TỪ SƠN\n*\nSố 25-CV/ĐU\nV/v tổ chức sinh hoạt chi bộ chuyên đề\nquý IV năm 2025\nĐẢNG CỘNG SẢN VIỆT NAM\n---------------\nTừ Sơn, ngày 03 tháng 11 năm 2025\n\nKính gửi: Các chi bộ trực thuộc.\n\nThực hiện Hướng dẫn số 12-HD/BTCTW ngày 15/7/2025 của Ban Tổ chức Trung ương.\n");
    assert_eq!(number(&d).as_deref(), Some("25-CV/ĐU"));
    assert_eq!(issuer(&d).as_deref(), Some("Đảng ủy phường Từ Sơn"));
    assert_eq!(date(&d).as_deref(), Some("2025-11-03"));
    assert_eq!(d.kind.map(|k| k.name()), Some("Công văn"));
}

#[test]
fn a_description_says_what_its_document_carries_out_and_a_semicolon_lists_under_the_signal() {
    let d = one("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ ĐÀ NẴNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 210/KH-UBND\nĐà Nẵng, ngày 02 tháng 10 năm 2025\nKẾ HOẠCH\nTriển khai\n\nThực hiện Nghị quyết số 281/NQ-CP ngày 15/9/2025 của Chính phủ ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 71-NQ/TW; Chương trình hành động số 12-CTr/TU ngày 30/9/2025 của Ban Thường vụ Thành ủy Đà Nẵng, UBND thành phố ban hành Kế hoạch.\n");
    assert_eq!(
        refs(&d),
        [
            ("self".into(), "281/NQ-CP".into(), Relation::Implements),
            ("281/NQ-CP".into(), "71-NQ/TW".into(), Relation::Implements),
            ("self".into(), "12-CTr/TU".into(), Relation::Implements),
        ]
    );
}

#[test]
fn a_can_cu_list_folded_onto_one_line_keeps_its_items_based_on() {
    let d = one("ỦY BAN NHÂN DÂN HUYỆN TIẾN QUANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 12/UBND-KGVX Tiến Quang, ngày 5 tháng 11 năm 2022 V/v triển khai công tác Kính gửi: - Các sở, ban, ngành. Căn cứ: - Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; - Nghị quyết số 8/NQ-CP ngày 08 tháng 08 năm 2022 của Chính phủ; Thực hiện Quyết định số 4/QĐ-UBND ngày 04/11/2022 của UBND tỉnh, UBND huyện yêu cầu.");
    let r = refs(&d);
    assert!(
        r.contains(&("self".into(), "8/NQ-CP".into(), Relation::BasedOn)),
        "{r:?}"
    );
    assert!(
        r.contains(&("self".into(), "4/QĐ-UBND".into(), Relation::Implements)),
        "{r:?}"
    );
}

#[test]
fn the_own_number_with_figures_lost_to_ocr_in_an_appendix_is_no_reference() {
    let d = one("CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 66.22/2026/NQ-CP\nHà Nội, ngày 09 tháng 7 năm 2026\nNGHỊ QUYẾT\nVề phát triển công dân số\n\nCăn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\n\nPhụ lục I\n(Kèm theo Nghị quyết số 1 6.22/2026/NQ-CP ngày 09 tháng 7 năm 2026 của Chính phủ)\n\nTheo Nghị quyết số 6.21/2026/NQ-CP ngày 09 tháng 7 năm 2026 của Chính phủ.\n");
    let keys: Vec<String> = refs(&d).into_iter().map(|r| r.1).collect();
    assert!(!keys.contains(&"6.22/2026/NQ-CP".to_string()), "{keys:?}");
    // A sibling of the same day is another document.
    assert!(keys.contains(&"6.21/2026/NQ-CP".to_string()), "{keys:?}");
}
