//! The kinds of documents: one table of their names, codes and type words.

use super::Scheme;
use serde::{Serialize, Serializer};
use std::fmt;

/// The kind of a document: the type word of its title, the type code of its symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    /// Công văn: an administrative letter, numbered without a type code.
    CongVan,
    /// Công điện: an urgent dispatch (CĐ).
    CongDien,
    /// Chỉ thị: a directive (CT).
    ChiThi,
    /// Quyết định (QĐ).
    QuyetDinh,
    /// Nghị quyết (NQ).
    NghiQuyet,
    /// Nghị định (NĐ).
    NghiDinh,
    /// Thông tư (TT).
    ThongTu,
    /// Thông tri, the Party's circular (TT under a Party number).
    ThongTri,
    /// Thông báo (TB).
    ThongBao,
    /// Thông cáo (TC).
    ThongCao,
    /// Kế hoạch (KH).
    KeHoach,
    /// Kế hoạch hành động (KHHĐ).
    KeHoachHanhDong,
    /// Hướng dẫn (HD).
    HuongDan,
    /// Chương trình (CTr).
    ChuongTrinh,
    /// Phương án (PA).
    PhuongAn,
    /// Đề án (ĐA).
    DeAn,
    /// Dự án (DA).
    DuAn,
    /// Báo cáo (BC).
    BaoCao,
    /// Biên bản (BB).
    BienBan,
    /// Tờ trình (TTr).
    ToTrinh,
    /// Hợp đồng (HĐ).
    HopDong,
    /// Giấy mời (GM).
    GiayMoi,
    /// Kết luận (KL).
    KetLuan,
    /// Quy chế (QC).
    QuyChe,
    /// Quy định (QyĐ, Party QĐi).
    QuyDinh,
    /// Văn bản hợp nhất (VBHN).
    VanBanHopNhat,
    /// Luật: a law.
    Luat,
    /// Bộ luật: a code of law.
    BoLuat,
    /// Pháp lệnh: an ordinance.
    PhapLenh,
    /// Hiến pháp: the constitution.
    HienPhap,
}

/// Everything the code knows of one kind, in one row of [`KINDS`].
struct KindRow {
    /// The kind.
    kind: DocKind,
    /// Its Vietnamese name.
    name: &'static str,
    /// Its short code in diagrams.
    code: &'static str,
    /// The type words in lower case that name it in running text, its name first.
    words: &'static [&'static str],
    /// The type codes that name it inside a symbol, the first its own.
    codes: &'static [&'static str],
    /// Codes that name it inside a Party number only (`TT` is a Thông tri there).
    party_codes: &'static [&'static str],
    /// A law, cited by name as often as by number.
    law: bool,
}

/// A row of a kind that is no law and has no code of its own under Party numbers.
const fn row(
    kind: DocKind,
    name: &'static str,
    code: &'static str,
    words: &'static [&'static str],
    codes: &'static [&'static str],
) -> KindRow {
    KindRow {
        kind,
        name,
        code,
        words,
        codes,
        party_codes: &[],
        law: false,
    }
}

impl KindRow {
    /// The row with codes that name its kind under Party numbers only.
    const fn party(self, party_codes: &'static [&'static str]) -> KindRow {
        KindRow {
            party_codes,
            ..self
        }
    }

    /// The row of a law.
    const fn law(self) -> KindRow {
        KindRow { law: true, ..self }
    }
}

/// The kinds, in the enum's order: name, diagram code, type words, type codes. `văn bản` says
/// no more than a công văn; a joint circular (`TTLT`) is a circular.
const KINDS: [KindRow; 30] = {
    use DocKind::*;
    [
        row(CongVan, "Công văn", "CV", &["công văn", "văn bản"], &["CV"]),
        row(CongDien, "Công điện", "CĐ", &["công điện"], &["CĐ"]),
        row(ChiThi, "Chỉ thị", "CT", &["chỉ thị"], &["CT", "CTLT"]),
        row(QuyetDinh, "Quyết định", "QĐ", &["quyết định"], &["QĐ"]),
        row(
            NghiQuyet,
            "Nghị quyết",
            "NQ",
            &["nghị quyết"],
            &["NQ", "NQLT"],
        ),
        row(NghiDinh, "Nghị định", "NĐ", &["nghị định"], &["NĐ"]),
        row(
            ThongTu,
            "Thông tư",
            "TT",
            &["thông tư", "thông tư liên tịch"],
            &["TT", "TTLT"],
        ),
        row(ThongTri, "Thông tri", "TT", &["thông tri"], &[]).party(&["TT"]),
        row(ThongBao, "Thông báo", "TB", &["thông báo"], &["TB"]),
        row(ThongCao, "Thông cáo", "TC", &["thông cáo"], &["TC"]),
        row(KeHoach, "Kế hoạch", "KH", &["kế hoạch"], &["KH"]),
        row(
            KeHoachHanhDong,
            "Kế hoạch hành động",
            "KHHĐ",
            &["kế hoạch hành động"],
            &["KHHĐ"],
        ),
        row(HuongDan, "Hướng dẫn", "HD", &["hướng dẫn"], &["HD"]),
        row(
            ChuongTrinh,
            "Chương trình",
            "CTr",
            &["chương trình", "chương trình hành động"],
            &["CTr"],
        ),
        row(PhuongAn, "Phương án", "PA", &["phương án"], &["PA"]),
        row(DeAn, "Đề án", "ĐA", &["đề án"], &["ĐA"]),
        row(DuAn, "Dự án", "DA", &["dự án"], &["DA"]),
        row(BaoCao, "Báo cáo", "BC", &["báo cáo"], &["BC"]),
        row(BienBan, "Biên bản", "BB", &["biên bản"], &["BB"]),
        row(ToTrinh, "Tờ trình", "TTr", &["tờ trình"], &["TTr"]),
        row(HopDong, "Hợp đồng", "HĐ", &["hợp đồng"], &["HĐ"]),
        row(GiayMoi, "Giấy mời", "GM", &["giấy mời"], &["GM"]),
        row(KetLuan, "Kết luận", "KL", &["kết luận"], &["KL"]),
        row(QuyChe, "Quy chế", "QC", &["quy chế"], &["QC"]),
        row(QuyDinh, "Quy định", "QyĐ", &["quy định"], &["QyĐ", "QĐi"]),
        row(
            VanBanHopNhat,
            "Văn bản hợp nhất",
            "VBHN",
            &["văn bản hợp nhất"],
            &["VBHN"],
        ),
        row(Luat, "Luật", "Luật", &["luật"], &[]).law(),
        row(BoLuat, "Bộ luật", "BLuật", &["bộ luật"], &[]).law(),
        row(PhapLenh, "Pháp lệnh", "PL", &["pháp lệnh"], &[]).law(),
        row(HienPhap, "Hiến pháp", "HP", &["hiến pháp"], &[]).law(),
    ]
};

impl DocKind {
    /// The Vietnamese name, as a reader expects it.
    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// The short code used in diagrams (CĐ, QĐ, CV...).
    pub fn code(self) -> &'static str {
        self.row().code
    }

    /// True for a law, a code of law, an ordinance or the constitution: texts cited by name
    /// as often as by number.
    pub fn is_law(self) -> bool {
        self.row().law
    }

    /// The kind named by a type code inside a symbol (`CĐ` → Công điện). Under a Party number
    /// (`12-TT/TW`) a code may name another kind than under a State one (`12/TT-BYT`).
    pub fn from_code(code: &str, scheme: Scheme) -> Option<DocKind> {
        let party = (scheme == Scheme::Party)
            .then(|| KINDS.iter().find(|r| r.party_codes.contains(&code)))
            .flatten();
        party
            .or_else(|| KINDS.iter().find(|r| r.codes.contains(&code)))
            .map(|r| r.kind)
    }

    /// True for a type code written inside symbols (`QĐ`, `TTLT`, `QĐi`), of any kind.
    pub fn is_symbol_code(code: &str) -> bool {
        KINDS
            .iter()
            .any(|r| r.codes.contains(&code) || r.party_codes.contains(&code))
    }

    /// Every type code written inside symbols.
    pub fn symbol_codes() -> impl Iterator<Item = &'static str> {
        KINDS
            .iter()
            .flat_map(|r| r.codes.iter().chain(r.party_codes))
            .copied()
    }

    /// Every type word in lower case (`công văn`, `văn bản`, `thông tư liên tịch`) and the
    /// kind it names.
    pub fn type_words() -> impl Iterator<Item = (&'static str, DocKind)> {
        KINDS
            .iter()
            .flat_map(|r| r.words.iter().map(move |w| (*w, r.kind)))
    }

    /// Every kind, in the enum's order.
    pub fn all() -> impl Iterator<Item = DocKind> {
        KINDS.iter().map(|r| r.kind)
    }

    /// This kind's row of [`KINDS`].
    fn row(self) -> &'static KindRow {
        // The table is in the enum's order (a test holds it so).
        &KINDS[self as usize]
    }

    /// The kind named by a type word in running text (`Công điện`, `công văn`, `Nghị quyết`).
    pub fn from_word(word: &str) -> Option<DocKind> {
        // The longest type word has 26 bytes besides its spaces: longer lines stop here.
        // (Counted no further than needed: a long line is refused without being read whole.)
        if word
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .nth(40)
            .is_some()
        {
            return None;
        }
        // Lower case with single spaces, in a buffer on the stack: this runs on every
        // capitalized line of every header, so each word is screened as soon as it is read.
        let mut buf = [0u8; 64];
        let mut n = 0;
        for part in word.split_whitespace() {
            if n > 0 {
                *buf.get_mut(n)? = b' ';
                n += 1;
            }
            for c in part.chars() {
                let mut one = [0u8; 12];
                // Byte by byte into the buffer, which holds only whole characters: any prefix
                // of it compared below is a prefix of characters.
                for &x in crate::normalize::lower_into(c, &mut one) {
                    *buf.get_mut(n)? = x;
                    n += 1;
                }
            }
            // Compared as bytes: the buffer holds whole characters, so a byte prefix is a
            // prefix of characters, and there is nothing to validate.
            let so_far = &buf[..n];
            // No type word goes on this way: most title lines stop at their first word.
            if !DocKind::type_words().any(|(w, _)| {
                let w = w.as_bytes();
                // Most words differ in the first byte: a cheap look before the comparison.
                w.first() == so_far.first()
                    && w.strip_prefix(so_far)
                        .is_some_and(|rest| rest.first().is_none_or(|&b| b == b' '))
            }) {
                return None;
            }
        }
        let w = &buf[..n];
        DocKind::type_words()
            .find(|(t, _)| t.as_bytes() == w)
            .map(|(_, k)| k)
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for DocKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_the_enums_order_and_each_name_is_a_word() {
        for (i, r) in KINDS.iter().enumerate() {
            assert_eq!(r.kind as usize, i, "{}", r.name);
            assert_eq!(
                r.words.first().copied(),
                Some(r.name.to_lowercase()).as_deref()
            );
        }
    }

    #[test]
    fn codes_name_kinds_by_numbering_scheme() {
        assert_eq!(
            DocKind::from_code("CĐ", Scheme::State),
            Some(DocKind::CongDien)
        );
        assert_eq!(
            DocKind::from_code("TT", Scheme::State),
            Some(DocKind::ThongTu)
        );
        assert_eq!(
            DocKind::from_code("TT", Scheme::Party),
            Some(DocKind::ThongTri)
        );
        assert_eq!(
            DocKind::from_code("TTLT", Scheme::Legal),
            Some(DocKind::ThongTu)
        );
        assert_eq!(
            DocKind::from_code("QĐi", Scheme::Party),
            Some(DocKind::QuyDinh)
        );
        assert_eq!(DocKind::from_code("UBND", Scheme::State), None);
        // Laws have no code inside a symbol.
        assert_eq!(DocKind::from_code("Luật", Scheme::State), None);
        assert!(DocKind::is_symbol_code("NQLT") && !DocKind::is_symbol_code("TTg"));
        assert!(DocKind::Luat.is_law() && !DocKind::NghiDinh.is_law());
    }

    #[test]
    fn type_words_in_any_case_and_spacing() {
        assert_eq!(DocKind::from_word("Công văn"), Some(DocKind::CongVan));
        assert_eq!(
            DocKind::from_word("KẾ HOẠCH  HÀNH\nĐỘNG"),
            Some(DocKind::KeHoachHanhDong)
        );
        assert_eq!(DocKind::from_word(" quyết định "), Some(DocKind::QuyetDinh));
        assert_eq!(DocKind::from_word("Bộ luật"), Some(DocKind::BoLuat));
        assert_eq!(DocKind::from_word("luật"), Some(DocKind::Luat));
        // A prefix of a type word, a longer phrase, or a heading line is none.
        assert_eq!(DocKind::from_word("kế"), None);
        assert_eq!(DocKind::from_word("kế hoạch hành"), None);
        assert_eq!(DocKind::from_word("công văn số"), None);
        assert_eq!(DocKind::from_word("TỈNH ĐẮK LẮK"), None);
        assert_eq!(
            DocKind::from_word("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            None
        );
        assert_eq!(DocKind::from_word(""), None);
        // Every kind's table entry is found again from its own spelling in capitals.
        for (w, k) in DocKind::type_words() {
            assert_eq!(DocKind::from_word(&w.to_uppercase()), Some(k), "{w}");
        }
    }
}
