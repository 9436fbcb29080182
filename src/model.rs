//! Domain types shared by every stage of the pipeline.

use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

pub use crate::key::DocKey;

/// A date that may lack its day (or month), as in `ngày   tháng 8 năm 2021`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Four-digit year.
    pub year: u16,
    /// Month 1–12, when known.
    pub month: Option<u8>,
    /// Day 1–31, when known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Builds a date, rejecting impossible values (month 13, 31 February, day without month).
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Option<PartialDate> {
        if !(1900..=2199).contains(&year) {
            return None;
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return None;
            }
        }
        if let Some(d) = day {
            let m = month?;
            if d == 0 || d > days_in_month(year, m) {
                return None;
            }
        }
        Some(PartialDate { year, month, day })
    }

    /// Parses `2021-08-03`, `2021-08` or `2021`.
    pub fn parse_iso(s: &str) -> Option<PartialDate> {
        let mut it = s.trim().split('-');
        let year = it.next()?.parse().ok()?;
        let month = match it.next() {
            Some(m) => Some(m.parse().ok()?),
            None => None,
        };
        let day = match it.next() {
            Some(d) => Some(d.parse().ok()?),
            None => None,
        };
        if it.next().is_some() {
            return None;
        }
        PartialDate::new(year, month, day)
    }

    /// True when two dates can name the same day (one may be less precise).
    pub fn compatible(&self, other: &PartialDate) -> bool {
        self.year == other.year && opt_eq(self.month, other.month) && opt_eq(self.day, other.day)
    }

    /// Days since 1970-01-01 of the earliest day this date may be.
    pub fn first_day(&self) -> i64 {
        days_from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Days since 1970-01-01 of the latest day this date may be.
    pub fn last_day(&self) -> i64 {
        let m = self.month.unwrap_or(12);
        let d = self.day.unwrap_or_else(|| days_in_month(self.year, m));
        days_from_civil(self.year, m, d)
    }

    /// True when the day is known.
    pub fn is_exact(&self) -> bool {
        self.day.is_some()
    }
}

fn opt_eq(a: Option<u8>, b: Option<u8>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// The first of `month` (1–12) in `year` (up to 9999, jiff's range); `None` otherwise.
fn first_of_month(year: u16, month: u8) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, 1).ok()
}

/// The days in `month` of `year`, by jiff's Gregorian calendar (29 in February of 2000, 28 of
/// 1900). A month that does not exist has none, so no day is valid in it.
fn days_in_month(year: u16, month: u8) -> u8 {
    first_of_month(year, month).map_or(0, |d| d.days_in_month().unsigned_abs())
}

/// Days since 1970-01-01 of day `d` of month `m` of year `y`. A day past its month's end
/// (only a `PartialDate` built field by field can hold one) runs on into the next month, as
/// the arithmetic this replaced did; a month outside 1–12 counts as none: day 0 of 1970.
fn days_from_civil(y: u16, m: u8, d: u8) -> i64 {
    const EPOCH: jiff::civil::Date = jiff::civil::Date::constant(1970, 1, 1);
    first_of_month(y, m).map_or(0, |first| {
        first.duration_since(EPOCH).as_secs() / 86_400 + i64::from(d) - 1
    })
}

impl PartialDate {
    /// Writes `2021-08-05`, `2021-08` or `2021` into `buf` and returns it: every date of every
    /// reference is written out, and the formatting machinery cost more than the rest of it.
    pub(crate) fn write_iso<'b>(&self, buf: &'b mut [u8; 32]) -> &'b str {
        fn padded(n: u32, width: usize, out: &mut [u8; 32], at: &mut usize) {
            let mut digits = itoa::Buffer::new();
            let d = digits.format(n).as_bytes();
            for _ in d.len()..width {
                out[*at] = b'0';
                *at += 1;
            }
            out[*at..*at + d.len()].copy_from_slice(d);
            *at += d.len();
        }
        let mut n = 0;
        padded(u32::from(self.year), 4, buf, &mut n);
        if let Some(m) = self.month {
            buf[n] = b'-';
            n += 1;
            padded(u32::from(m), 2, buf, &mut n);
            if let Some(d) = self.day {
                buf[n] = b'-';
                n += 1;
                padded(u32::from(d), 2, buf, &mut n);
            }
        }
        // Only ASCII digits and hyphens were written.
        std::str::from_utf8(&buf[..n]).unwrap_or_default()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.write_iso(&mut [0; 32]))
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.write_iso(&mut [0; 32]))
    }
}

/// What a citing document does to the document it cites (conventions §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// Carries out the cited directive (Thực hiện, Triển khai, Tiếp theo).
    Implements,
    /// Takes the cited document as its legal basis (Căn cứ).
    BasedOn,
    /// Follows the cited document's guidance (theo hướng dẫn của/tại).
    GuidedBy,
    /// Answers the cited letter (Trả lời, nhận được công văn số).
    RespondsTo,
    /// Acts on a proposal in the cited document (Theo đề nghị, Xét Tờ trình).
    ProposedBy,
    /// Amends or supplements the cited document (sửa đổi, bổ sung).
    Amends,
    /// Replaces the cited document (thay thế).
    Replaces,
    /// Repeals the cited document (bãi bỏ, hủy bỏ).
    Repeals,
    /// Corrects errors in the cited document (đính chính).
    Corrects,
    /// Any other mention (theo, tại).
    Cites,
}

impl Relation {
    /// Every relation, in the order of conventions §6.
    pub const ALL: [Relation; 10] = [
        Relation::Implements,
        Relation::BasedOn,
        Relation::GuidedBy,
        Relation::RespondsTo,
        Relation::ProposedBy,
        Relation::Amends,
        Relation::Replaces,
        Relation::Repeals,
        Relation::Corrects,
        Relation::Cites,
    ];

    /// The snake_case name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Implements => "implements",
            Relation::BasedOn => "based_on",
            Relation::GuidedBy => "guided_by",
            Relation::RespondsTo => "responds_to",
            Relation::ProposedBy => "proposed_by",
            Relation::Amends => "amends",
            Relation::Replaces => "replaces",
            Relation::Repeals => "repeals",
            Relation::Corrects => "corrects",
            Relation::Cites => "cites",
        }
    }

    /// How strongly the relation binds the two documents: when one document names another
    /// several times, the strongest relation stands for the pair. What a document does to
    /// the cited text comes first (replaces, repeals, amends, corrects), then carrying it
    /// out, resting on it, following its guidance, answering it, acting on its proposal,
    /// and a plain mention last.
    pub fn strength(self) -> u8 {
        match self {
            Relation::Replaces => 9,
            Relation::Repeals => 8,
            Relation::Amends => 7,
            Relation::Corrects => 6,
            Relation::Implements => 5,
            Relation::BasedOn => 4,
            Relation::GuidedBy => 3,
            Relation::RespondsTo => 2,
            Relation::ProposedBy => 1,
            Relation::Cites => 0,
        }
    }

    /// Parses a snake_case relation name.
    pub fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }
}

impl Serialize for Relation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of a document (conventions §2).
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

/// Type words in lower case and the kind each names (`văn bản` says nothing more than a công văn).
const TYPE_WORD_KINDS: &[(&str, DocKind)] = &[
    ("công văn", DocKind::CongVan),
    ("văn bản", DocKind::CongVan),
    ("công điện", DocKind::CongDien),
    ("chỉ thị", DocKind::ChiThi),
    ("quyết định", DocKind::QuyetDinh),
    ("nghị quyết", DocKind::NghiQuyet),
    ("nghị định", DocKind::NghiDinh),
    ("thông tư", DocKind::ThongTu),
    ("thông tư liên tịch", DocKind::ThongTu),
    ("thông tri", DocKind::ThongTri),
    ("thông báo", DocKind::ThongBao),
    ("thông cáo", DocKind::ThongCao),
    ("kế hoạch", DocKind::KeHoach),
    ("kế hoạch hành động", DocKind::KeHoachHanhDong),
    ("hướng dẫn", DocKind::HuongDan),
    ("chương trình", DocKind::ChuongTrinh),
    ("chương trình hành động", DocKind::ChuongTrinh),
    ("phương án", DocKind::PhuongAn),
    ("đề án", DocKind::DeAn),
    ("dự án", DocKind::DuAn),
    ("báo cáo", DocKind::BaoCao),
    ("biên bản", DocKind::BienBan),
    ("tờ trình", DocKind::ToTrinh),
    ("hợp đồng", DocKind::HopDong),
    ("giấy mời", DocKind::GiayMoi),
    ("kết luận", DocKind::KetLuan),
    ("quy chế", DocKind::QuyChe),
    ("quy định", DocKind::QuyDinh),
    ("văn bản hợp nhất", DocKind::VanBanHopNhat),
    ("luật", DocKind::Luat),
    ("bộ luật", DocKind::BoLuat),
    ("pháp lệnh", DocKind::PhapLenh),
    ("hiến pháp", DocKind::HienPhap),
];

impl DocKind {
    /// The Vietnamese name, as a reader expects it.
    pub fn name(self) -> &'static str {
        use DocKind::*;
        match self {
            CongVan => "Công văn",
            CongDien => "Công điện",
            ChiThi => "Chỉ thị",
            QuyetDinh => "Quyết định",
            NghiQuyet => "Nghị quyết",
            NghiDinh => "Nghị định",
            ThongTu => "Thông tư",
            ThongTri => "Thông tri",
            ThongBao => "Thông báo",
            ThongCao => "Thông cáo",
            KeHoach => "Kế hoạch",
            KeHoachHanhDong => "Kế hoạch hành động",
            HuongDan => "Hướng dẫn",
            ChuongTrinh => "Chương trình",
            PhuongAn => "Phương án",
            DeAn => "Đề án",
            DuAn => "Dự án",
            BaoCao => "Báo cáo",
            BienBan => "Biên bản",
            ToTrinh => "Tờ trình",
            HopDong => "Hợp đồng",
            GiayMoi => "Giấy mời",
            KetLuan => "Kết luận",
            QuyChe => "Quy chế",
            QuyDinh => "Quy định",
            VanBanHopNhat => "Văn bản hợp nhất",
            Luat => "Luật",
            BoLuat => "Bộ luật",
            PhapLenh => "Pháp lệnh",
            HienPhap => "Hiến pháp",
        }
    }

    /// The short code used in diagrams (CĐ, QĐ, CV...).
    pub fn code(self) -> &'static str {
        use DocKind::*;
        match self {
            CongVan => "CV",
            CongDien => "CĐ",
            ChiThi => "CT",
            QuyetDinh => "QĐ",
            NghiQuyet => "NQ",
            NghiDinh => "NĐ",
            ThongTu => "TT",
            ThongTri => "TT",
            ThongBao => "TB",
            ThongCao => "TC",
            KeHoach => "KH",
            KeHoachHanhDong => "KHHĐ",
            HuongDan => "HD",
            ChuongTrinh => "CTr",
            PhuongAn => "PA",
            DeAn => "ĐA",
            DuAn => "DA",
            BaoCao => "BC",
            BienBan => "BB",
            ToTrinh => "TTr",
            HopDong => "HĐ",
            GiayMoi => "GM",
            KetLuan => "KL",
            QuyChe => "QC",
            QuyDinh => "QyĐ",
            VanBanHopNhat => "VBHN",
            Luat => "Luật",
            BoLuat => "BLuật",
            PhapLenh => "PL",
            HienPhap => "HP",
        }
    }

    /// The kind named by a type code inside a symbol (`CĐ` → Công điện), `party` for Party numbers.
    pub fn from_code(code: &str, party: bool) -> Option<DocKind> {
        use DocKind::*;
        Some(match code {
            "NQ" => NghiQuyet,
            "QĐ" => QuyetDinh,
            "CT" => ChiThi,
            "QC" => QuyChe,
            "QyĐ" | "QĐi" => QuyDinh,
            "TC" => ThongCao,
            "TB" => ThongBao,
            "HD" => HuongDan,
            "CTr" => ChuongTrinh,
            "KH" => KeHoach,
            "KHHĐ" => KeHoachHanhDong,
            "PA" => PhuongAn,
            "ĐA" => DeAn,
            "DA" => DuAn,
            "BC" => BaoCao,
            "BB" => BienBan,
            "TTr" => ToTrinh,
            "HĐ" => HopDong,
            "CĐ" => CongDien,
            "GM" => GiayMoi,
            "KL" => KetLuan,
            "TT" if party => ThongTri,
            "TT" => ThongTu,
            "NĐ" => NghiDinh,
            // Joint documents of several bodies: a joint circular is a circular.
            "TTLT" => ThongTu,
            "NQLT" => NghiQuyet,
            "CTLT" => ChiThi,
            "VBHN" => VanBanHopNhat,
            "CV" => CongVan,
            _ => return None,
        })
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
                // Byte by byte: a copy of a variable length is a call to memcpy.
                for &x in crate::normalize::lower_into(c, &mut one) {
                    *buf.get_mut(n)? = x;
                    n += 1;
                }
            }
            // Compared as bytes: the buffer holds whole characters, so a byte prefix is a
            // prefix of characters, and there is nothing to validate.
            let so_far = &buf[..n];
            // No type word goes on this way: most title lines stop at their first word.
            if !TYPE_WORD_KINDS.iter().any(|(w, _)| {
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
        TYPE_WORD_KINDS
            .iter()
            .find(|(t, _)| t.as_bytes() == w)
            .map(|(_, k)| *k)
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

/// Administrative level of an issuer (conventions §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// National bodies: Quốc hội, Chính phủ, Thủ tướng, ministries, Party Central.
    Central,
    /// Provinces and centrally-run cities.
    Province,
    /// Districts, provincial towns and cities (until 1 July 2025).
    District,
    /// Communes, wards and townships.
    Commune,
}

impl Level {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Central => "central",
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }
}

impl Serialize for Level {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who issued a document: a named body, its level and its locality.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Issuer {
    /// Full name as a reader writes it: `Ủy ban nhân dân tỉnh Sơn La`.
    pub name: String,
    /// The body without its locality: `Ủy ban nhân dân`, `Thủ tướng Chính phủ`.
    pub body: String,
    /// The issuer code of the body when it has one (`UBND`, `TTg`, `BYT`).
    pub code: Option<String>,
    /// Administrative level, when it can be told.
    pub level: Option<Level>,
    /// The locality the body belongs to (`Sơn La`, `Bắc Yên`); none for central bodies.
    pub locality: Option<String>,
    /// The province the locality lies in, when known (equal to `locality` for a province).
    pub province: Option<String>,
}

/// Where a piece of text came from in its input file.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SourceSpan {
    /// 1-based line of the first character.
    pub line: usize,
    /// 1-based column of the first character, counted in Unicode characters.
    pub column: usize,
    /// Byte offset of the first byte in the decoded UTF-8 text (the file itself for UTF-8 input).
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The text exactly as it stands in the input.
    pub text: String,
}

/// Who cites a reference: the document being read, or an earlier reference whose subject nests it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Citer {
    /// The document being read.
    Document,
    /// The reference at this index of the same document's reference list.
    Reference(usize),
}

/// One mention of another document inside a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    /// Canonical number and symbol; none for a document cited by name only (a law).
    pub key: Option<DocKey>,
    /// Kind of the cited document, when said or implied by its symbol.
    pub kind: Option<DocKind>,
    /// Name of a document cited by title (`Luật Tổ chức chính quyền địa phương`).
    pub title: Option<String>,
    /// Issue date, when given in the text or in another mention of the same key.
    pub date: Option<PartialDate>,
    /// Issuer, when given or inferable.
    pub issuer: Option<Arc<Issuer>>,
    /// What the citer does to the cited document.
    pub relation: Relation,
    /// Who cites it.
    #[serde(skip)]
    pub citer: Citer,
    /// True for a short back-reference (`Công điện nêu trên`) resolved to an earlier full one.
    pub back_reference: bool,
    /// Where the mention stands in the input.
    #[serde(flatten)]
    pub span: SourceSpan,
    /// The sentence the mention stands in, whitespace folded.
    pub sentence: String,
}

/// One input document with its identity and the references it makes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The input file, as it was named on the command line or found in a folder.
    pub path: String,
    /// Canonical own number; none for an unnumbered draft (`Số: /UBND-KGVX`).
    pub number: Option<DocKey>,
    /// The own symbol, also kept when the number is blank (`UBND-KGVX`).
    pub symbol: Option<String>,
    /// Kind of the document.
    pub kind: Option<DocKind>,
    /// Who issued it.
    pub issuer: Option<Arc<Issuer>>,
    /// Place on the place-and-date line.
    pub place: Option<String>,
    /// Issue date; month precision when the day was left blank.
    pub date: Option<PartialDate>,
    /// Subject (`V/v ...`) or title.
    pub subject: Option<String>,
    /// The encoding the file was decoded from.
    pub encoding: crate::read::Encoding,
    /// Where the document lies in its file (a file can hold several documents).
    pub span: DocSpan,
    /// Where each part of the identity was read from.
    pub identity_from: IdentityFrom,
    /// Every reference, in reading order.
    pub references: Vec<Reference>,
}

/// Where one document lies in its file: which of the file's documents it is, its lines and bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DocSpan {
    /// 1-based position among the documents of the file.
    pub part: usize,
    /// How many documents the file holds.
    pub parts: usize,
    /// 1-based first line.
    pub line: usize,
    /// 1-based last line.
    pub end_line: usize,
    /// Byte offset of the first byte in the file.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
}

/// What part of a page an identity field was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdentitySource {
    /// The document's own header: the `Số:` line, the issuer block, the place-and-date line.
    Header,
    /// The title line under the header (`QUYẾT ĐỊNH`, `NGHỊ ĐỊNH`).
    Title,
    /// The `V/v` subject line of a letter (a công văn).
    SubjectLine,
    /// The symbol of the own number (`CĐ` in `1068/CĐ-TTg`; `UBND` for the issuer).
    Symbol,
    /// The publisher's metadata block (`Số hiệu:`, `Loại văn bản:`, `Ngày ban hành:`).
    Metadata,
}

impl IdentitySource {
    /// Every source, from the header down to the page's metadata.
    pub const ALL: [IdentitySource; 5] = [
        IdentitySource::Header,
        IdentitySource::Title,
        IdentitySource::SubjectLine,
        IdentitySource::Symbol,
        IdentitySource::Metadata,
    ];

    /// The snake_case name used in JSON and in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentitySource::Header => "header",
            IdentitySource::Title => "title",
            IdentitySource::SubjectLine => "subject_line",
            IdentitySource::Symbol => "symbol",
            IdentitySource::Metadata => "metadata",
        }
    }

    /// Parses a snake_case source name.
    pub fn parse(s: &str) -> Option<IdentitySource> {
        IdentitySource::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl Serialize for IdentitySource {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Where the number, kind, issuer and date of a document came from; none for a field not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct IdentityFrom {
    /// Source of the own number.
    pub number: Option<IdentitySource>,
    /// Source of the kind.
    pub kind: Option<IdentitySource>,
    /// Source of the issuer.
    pub issuer: Option<IdentitySource>,
    /// Source of the date.
    pub date: Option<IdentitySource>,
}

/// An identity field a document could not be read for; analysts need to know what is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdentityField {
    /// The own number.
    Number,
    /// The date of issue.
    Date,
    /// The issuing body.
    Issuer,
}

impl IdentityField {
    /// Every field whose absence is flagged, in the order they are listed.
    pub const ALL: [IdentityField; 3] = [
        IdentityField::Number,
        IdentityField::Date,
        IdentityField::Issuer,
    ];

    /// The snake_case name used in JSON and on stderr.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityField::Number => "number",
            IdentityField::Date => "date",
            IdentityField::Issuer => "issuer",
        }
    }
}

/// How many documents of a corpus lack each identity field: what an analyst is told is missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MissingCounts {
    /// Documents without an own number.
    pub number: usize,
    /// Documents without a date of issue.
    pub date: usize,
    /// Documents without an issuer.
    pub issuer: usize,
}

impl MissingCounts {
    /// Counts what `fields` (one document's [`Document::missing`]) lacks.
    pub fn add(&mut self, fields: &[IdentityField]) {
        for f in fields {
            match f {
                IdentityField::Number => self.number += 1,
                IdentityField::Date => self.date += 1,
                IdentityField::Issuer => self.issuer += 1,
            }
        }
    }

    /// The counts over `docs`.
    pub fn of<'a>(docs: impl IntoIterator<Item = &'a Document>) -> MissingCounts {
        let mut m = MissingCounts::default();
        for d in docs {
            m.add(&d.missing());
        }
        m
    }

    /// True when every document has every field.
    pub fn is_empty(&self) -> bool {
        *self == MissingCounts::default()
    }
}

impl std::fmt::Display for MissingCounts {
    /// `3 without a number, 5 without a date, 1 without an issuer`, naming only what is lacking.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = [
            (self.number, "a number"),
            (self.date, "a date"),
            (self.issuer, "an issuer"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} without {what}"))
        .collect();
        f.write_str(&parts.join(", "))
    }
}

impl Serialize for IdentityField {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Document {
    /// How a user names this document by file: the path, with `#N` for the N-th document of a
    /// file that holds several.
    pub fn address(&self) -> String {
        if self.span.parts > 1 {
            format!("{}#{}", self.path, self.span.part)
        } else {
            self.path.clone()
        }
    }

    /// The identity fields that could not be read (a blank number counts as missing).
    pub fn missing(&self) -> Vec<IdentityField> {
        IdentityField::ALL
            .into_iter()
            .filter(|f| match f {
                IdentityField::Number => self.number.is_none(),
                IdentityField::Date => self.date.is_none(),
                IdentityField::Issuer => self.issuer.is_none(),
            })
            .collect()
    }

    /// A stable identifier: the own number, or for an unnumbered document its symbol, issuer and date.
    pub fn id(&self) -> String {
        if let Some(k) = &self.number {
            return k.text();
        }
        let mut id = String::from("/");
        id.push_str(self.symbol.as_deref().unwrap_or("?"));
        if let Some(i) = &self.issuer {
            id.push('|');
            id.push_str(&i.name);
        }
        if let Some(d) = &self.date {
            id.push('|');
            id.push_str(&d.to_string());
        }
        if self.issuer.is_none() && self.date.is_none() {
            id.push('|');
            id.push_str(&self.path);
        }
        id
    }

    /// The identifier of whoever cites reference `i`: this document or the outer reference.
    pub fn citer_id(&self, i: usize) -> String {
        match self.references.get(i).map(|r| r.citer) {
            Some(Citer::Reference(j)) => self
                .references
                .get(j)
                .map(|r| r.display_id())
                .unwrap_or_else(|| self.id()),
            _ => self.id(),
        }
    }
}

impl Reference {
    /// The key as text, or the title and date for a document cited by name.
    pub fn display_id(&self) -> String {
        match (&self.key, &self.title) {
            (Some(k), _) => k.text(),
            (None, Some(t)) => match &self.date {
                Some(d) => format!("{t} ({d})"),
                None => t.clone(),
            },
            (None, None) => String::from("?"),
        }
    }
}

/// A file that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Skipped {
    /// The file as it was named or found.
    pub path: String,
    /// What is wrong with it, in words a user can act on.
    pub reason: String,
    /// A short category for summaries: `binary`, `empty`, `encoding`, `too large`, `unreadable`...
    pub category: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The arithmetic jiff replaced (Howard Hinnant's days-from-civil and the leap rule),
    /// kept here as the oracle that the results did not change.
    fn old_days_from_civil(y: i64, m: i64, d: i64) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    fn old_days_in_month(year: u16, month: u8) -> u8 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            _ => 28,
        }
    }

    #[test]
    fn every_day_of_every_accepted_year_counts_as_before() {
        for year in 1900..=2199u16 {
            for month in 1..=12u8 {
                for day in 0..=32u8 {
                    let valid = day >= 1 && day <= old_days_in_month(year, month);
                    let d = PartialDate::new(year, Some(month), Some(day));
                    assert_eq!(d.is_some(), valid, "{year}-{month}-{day}");
                    if let Some(d) = d {
                        let want = old_days_from_civil(year.into(), month.into(), day.into());
                        assert_eq!((d.first_day(), d.last_day()), (want, want));
                    }
                }
                let m = PartialDate::new(year, Some(month), None).unwrap();
                let last = i64::from(old_days_in_month(year, month));
                let first = old_days_from_civil(year.into(), month.into(), 1);
                assert_eq!((m.first_day(), m.last_day()), (first, first + last - 1));
            }
        }
    }

    #[test]
    fn calendar_facts() {
        let day = |y, m, d| PartialDate::new(y, Some(m), Some(d)).map(|d| d.first_day());
        assert_eq!(day(1970, 1, 1), Some(0));
        assert_eq!(day(1900, 1, 1), Some(-25_567));
        assert_eq!(day(2021, 8, 3), Some(18_842));
        assert_eq!(day(2199, 12, 31), Some(84_005));
        // 2000 is a leap year (divisible by 400), 1900 is not (by 100), 2024 is (by 4).
        assert_eq!(day(2000, 2, 29), Some(11_016));
        assert_eq!(day(2000, 3, 1), Some(11_017));
        assert_eq!(day(1900, 2, 29), None);
        assert_eq!(day(2023, 2, 29), None);
        assert!(day(2024, 2, 29).is_some());
        // Impossible days and months are refused, as before.
        for (m, d) in [
            (2, 31),
            (2, 30),
            (4, 31),
            (6, 31),
            (9, 31),
            (11, 31),
            (1, 32),
            (1, 0),
        ] {
            assert_eq!(day(2021, m, d), None, "{m}/{d}");
        }
        assert_eq!(PartialDate::new(2021, Some(13), None), None);
        assert_eq!(PartialDate::new(2021, Some(0), None), None);
        assert_eq!(PartialDate::new(2021, None, Some(1)), None);
        // Month lengths, February of a year as a whole.
        let len = |y, m| {
            let d = PartialDate::new(y, Some(m), None).unwrap();
            d.last_day() - d.first_day() + 1
        };
        let lengths: Vec<i64> = (1..=12).map(|m| len(2021, m)).collect();
        assert_eq!(lengths, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
        assert_eq!((len(1900, 2), len(2000, 2), len(2100, 2)), (28, 29, 28));
        // A year spans 365 or 366 days, and a delay across a new year counts both sides.
        let y = |y| PartialDate::new(y, None, None).unwrap();
        assert_eq!(y(2024).last_day() - y(2024).first_day() + 1, 366);
        assert_eq!(y(2100).last_day() - y(2100).first_day() + 1, 365);
        assert_eq!(
            day(2025, 1, 1).zip(day(2024, 12, 31)).map(|(a, b)| a - b),
            Some(1)
        );
        assert_eq!(
            day(2022, 3, 1).zip(day(2020, 2, 28)).map(|(a, b)| a - b),
            Some(732)
        );
    }

    #[test]
    fn dates_print_as_the_format_machinery_printed_them() {
        for year in [0u16, 7, 99, 999, 1900, 2021, 9999, 10000, u16::MAX] {
            for month in [
                None,
                Some(0u8),
                Some(1),
                Some(9),
                Some(12),
                Some(99),
                Some(255),
            ] {
                for day in [None, Some(0u8), Some(5), Some(31), Some(100)] {
                    let d = PartialDate { year, month, day };
                    let mut want = format!("{year:04}");
                    if let Some(m) = month {
                        want += &format!("-{m:02}");
                        if let Some(d) = day {
                            want += &format!("-{d:02}");
                        }
                    }
                    assert_eq!(d.to_string(), want);
                    assert_eq!(serde_json::to_string(&d).ok(), Some(format!("\"{want}\"")));
                }
            }
        }
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
        for (w, k) in TYPE_WORD_KINDS {
            assert_eq!(DocKind::from_word(&w.to_uppercase()), Some(*k), "{w}");
        }
    }

    #[test]
    fn partial_dates_display_at_their_precision() {
        assert_eq!(
            PartialDate::new(2021, Some(8), Some(3))
                .unwrap()
                .to_string(),
            "2021-08-03"
        );
        assert_eq!(
            PartialDate::new(2021, Some(8), None).unwrap().to_string(),
            "2021-08"
        );
        assert_eq!(
            PartialDate::new(2006, None, None).unwrap().to_string(),
            "2006"
        );
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(PartialDate::new(2021, Some(2), Some(29)).is_none());
        assert!(PartialDate::new(2020, Some(2), Some(29)).is_some());
        assert!(PartialDate::new(2021, Some(13), None).is_none());
        assert!(PartialDate::new(2021, None, Some(3)).is_none());
    }

    #[test]
    fn day_arithmetic_spans_months() {
        let a = PartialDate::new(2021, Some(7), Some(31)).unwrap();
        let b = PartialDate::new(2021, Some(8), Some(3)).unwrap();
        assert_eq!(b.first_day() - a.first_day(), 3);
        let m = PartialDate::new(2021, Some(8), None).unwrap();
        assert_eq!(m.last_day() - m.first_day(), 30);
        assert!(m.compatible(&b));
    }

    #[test]
    fn relations_round_trip_their_names() {
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
        }
    }
}
