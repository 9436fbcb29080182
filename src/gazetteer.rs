//! What the country is made of, as documents name it: provinces, the central bodies and their
//! codes, the bodies every locality has, the words for a locality's rank, and the codes of
//! issuers without a body of their own. Extraction reads names with it; resolution and the
//! graph ask it what a code means.

use crate::model::{Issuer, Level};
use crate::normalize::{fold_ascii, squash_spaces};
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

/// Provinces and centrally-run cities, before and after the 2025 merger (docs/conventions.md, Levels).
pub const PROVINCES: &[&str] = &[
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bạc Liêu",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Định",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cần Thơ",
    "Cao Bằng",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Huế",
    "Tiền Giang",
    "Hồ Chí Minh",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
];

/// Cities that are provinces in their own right: `thành phố Hà Nội` is a province, `thành phố Sơn La` a district.
pub(crate) const CENTRAL_CITIES: &[&str] = &[
    "Hà Nội",
    "Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
];

/// The canonical spelling of a province name, if `name` is one.
pub fn province_named(name: &str) -> Option<&'static str> {
    // Folding is costly and the same few names come back in every document: remember them.
    thread_local! {
        static SEEN: std::cell::RefCell<HashMap<String, Option<&'static str>>> =
            std::cell::RefCell::new(HashMap::default());
    }
    if let Some(hit) = SEEN.with(|m| m.borrow().get(name).copied()) {
        return hit;
    }
    let found = fold_province(name);
    SEEN.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 4096 {
            m.clear();
        }
        m.insert(name.to_string(), found);
    });
    found
}

/// The province `name` names once folded, without its rank.
fn fold_province(name: &str) -> Option<&'static str> {
    let f = fold_key(name);
    let f = f
        .trim_start_matches("tp ")
        .trim_start_matches("thanh pho ")
        .trim_start_matches("tinh ");
    FOLDED_PROVINCES.get(f).copied()
}

/// Province names folded once (`son la` → `Sơn La`): a lookup, not 64 foldings a call.
pub(crate) static FOLDED_PROVINCES: LazyLock<HashMap<String, &'static str>> =
    LazyLock::new(|| PROVINCES.iter().map(|p| (fold_key(p), *p)).collect());

/// A name folded to ASCII, lower case, with one space between words.
fn fold_key(s: &str) -> String {
    squash_spaces(&fold_ascii(s).replace(['-', '.', ','], " "))
}

/// Single bodies with a code of their own: (canonical name, code, the phrase folds that name it).
pub(crate) static BODIES: &[(&str, &str)] = &[
    ("Thủ tướng Chính phủ", "TTg"),
    ("Văn phòng Chính phủ", "VPCP"),
    ("Chính phủ", "CP"),
    ("Ủy ban Thường vụ Quốc hội", "UBTVQH"),
    ("Quốc hội", "QH"),
    ("Ban Chấp hành Trung ương Đảng", "TW"),
    ("Ban Chấp hành Trung ương", "TW"),
    ("Bộ Chính trị", "TW"),
    ("Ban Bí thư", "TW"),
    ("Văn phòng Trung ương Đảng", "VPTW"),
    ("Ban Chỉ đạo quốc gia", "BCĐQG"),
    ("Ban Tổ chức Trung ương", "BTCTW"),
    ("Ban Tuyên giáo Trung ương", "BTGTW"),
    ("Ban Dân vận Trung ương", "BDVTW"),
    ("Ban Kinh tế Trung ương", "BKTTW"),
    ("Ban Nội chính Trung ương", "BNCTW"),
    ("Ủy ban Kiểm tra Trung ương", "UBKTTW"),
    ("Bộ Y tế", "BYT"),
    ("Bộ Tài chính", "BTC"),
    ("Bộ Nội vụ", "BNV"),
    ("Bộ Công an", "BCA"),
    ("Bộ Xây dựng", "BXD"),
    ("Bộ Công Thương", "BCT"),
    ("Bộ Tư pháp", "BTP"),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT"),
    ("Bộ Lao động - Thương binh và Xã hội", "BLĐTBXH"),
    ("Bộ Nông nghiệp và Phát triển nông thôn", "BNNPTNT"),
    ("Bộ Nông nghiệp và Môi trường", "BNNMT"),
    ("Bộ Tài nguyên và Môi trường", "BTNMT"),
    ("Bộ Kế hoạch và Đầu tư", "BKHĐT"),
    ("Bộ Giao thông vận tải", "BGTVT"),
    ("Bộ Thông tin và Truyền thông", "BTTTT"),
    ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL"),
    ("Bộ Khoa học và Công nghệ", "BKHCN"),
    ("Bộ Ngoại giao", "BNG"),
    ("Bộ Quốc phòng", "BQP"),
    ("Bộ Dân tộc và Tôn giáo", "BDTTG"),
    ("Ngân hàng Nhà nước Việt Nam", "NHNN"),
    ("Thanh tra Chính phủ", "TTCP"),
    ("Kiểm toán nhà nước", "KTNN"),
    ("Tòa án nhân dân tối cao", "TANDTC"),
    ("Viện kiểm sát nhân dân tối cao", "VKSNDTC"),
    ("Tổng cục Hải quan", "TCHQ"),
    ("Bảo hiểm xã hội Việt Nam", "BHXH"),
];

/// Bodies every locality has: their canonical name, code and fixed level (docs/conventions.md,
/// Issuer codes and bodies).
pub(crate) static LOCAL_BODIES: &[(&str, &str, Option<Level>)] = &[
    ("Ban Thường vụ Tỉnh ủy", "TU", Some(Level::Province)),
    ("Thường trực Tỉnh ủy", "TU", Some(Level::Province)),
    ("Tỉnh ủy", "TU", Some(Level::Province)),
    ("Ban Thường vụ Huyện ủy", "HU", Some(Level::District)),
    ("Thường trực Huyện ủy", "HU", Some(Level::District)),
    ("Huyện ủy", "HU", Some(Level::District)),
    ("Ban Thường vụ Thành ủy", "TU", None),
    ("Thành ủy", "TU", None),
    ("Ủy ban nhân dân", "UBND", None),
    ("UBND", "UBND", None),
    ("Hội đồng nhân dân", "HĐND", None),
    ("HĐND", "HĐND", None),
];

/// Words naming a locality's rank, folded, with the level they give.
pub(crate) static LOCALITY_WORDS: &[(&str, &str, Level)] = &[
    ("thanh pho", "thành phố", Level::District),
    ("tp", "thành phố", Level::District),
    ("thi xa", "thị xã", Level::District),
    ("thi tran", "thị trấn", Level::Commune),
    ("tinh", "tỉnh", Level::Province),
    ("huyen", "huyện", Level::District),
    ("quan", "quận", Level::District),
    ("phuong", "phường", Level::Commune),
    ("xa", "xã", Level::Commune),
];

/// True for issuer codes that name no single body: every locality has one (docs/conventions.md,
/// Issuer codes and bodies).
pub fn is_generic_code(code: &str) -> bool {
    LOCAL_BODIES.iter().any(|(_, c, _)| *c == code)
}

/// The code of the one central body an issuer code names (`TTg`, `BYT`, `QH` for `QH15`), the
/// code [`issuer_from_code`] gives a central issuer.
pub fn central_code(code: &str) -> Option<&'static str> {
    let base = code.trim_end_matches(|c: char| c.is_ascii_digit());
    BODIES.iter().find(|(_, c)| *c == base).map(|(_, c)| *c)
}

/// The issuer an issuer code names on its own (`TTg`, `BYT`), or the bare body for `UBND`, `TU`...
pub fn issuer_from_code(code: &str) -> Option<Issuer> {
    let base = code.trim_end_matches(|c: char| c.is_ascii_digit());
    if let Some((name, c)) = BODIES.iter().find(|(_, c)| *c == base) {
        let name = if *c == "TW" {
            "Ban Chấp hành Trung ương Đảng"
        } else {
            name
        };
        return Some(central(name, c));
    }
    let (body, level) = match base {
        "UBND" => ("Ủy ban nhân dân", None),
        "HĐND" => ("Hội đồng nhân dân", None),
        "TU" => ("Tỉnh ủy", Some(Level::Province)),
        "HU" => ("Huyện ủy", Some(Level::District)),
        _ => return None,
    };
    Some(Issuer {
        name: body.to_string(),
        body: body.to_string(),
        code: Some(base.to_string()),
        level,
        locality: None,
        province: None,
    })
}

/// A central body of that name and code.
pub(crate) fn central(name: &str, code: &str) -> Issuer {
    Issuer {
        name: name.to_string(),
        body: name.to_string(),
        code: Some(code.to_string()),
        level: Some(Level::Central),
        locality: None,
        province: None,
    }
}

/// True for bodies whose name carries their rank: `Tỉnh ủy Sơn La`, not `Tỉnh ủy tỉnh Sơn La`.
pub(crate) fn has_own_rank(body: &str) -> bool {
    body.ends_with("Tỉnh ủy") || body.ends_with("Huyện ủy") || body.ends_with("Thành ủy")
}

/// `Ủy ban nhân dân` + province + `Sơn La` → `Ủy ban nhân dân tỉnh Sơn La`; `Tỉnh ủy` + `Sơn La` → `Tỉnh ủy Sơn La`.
pub fn compose_name(body: &str, level: Option<Level>, locality: Option<&str>) -> String {
    let Some(loc) = locality else {
        return body.to_string();
    };
    if has_own_rank(body) {
        return format!("{body} {loc}");
    }
    let rank = match level {
        // The city named after a person writes its rank as part of its name.
        Some(Level::Province) if loc == "Hồ Chí Minh" => "Thành phố",
        Some(Level::Province) if CENTRAL_CITIES.contains(&loc) => "thành phố",
        Some(Level::Province) => "tỉnh",
        Some(Level::District) => "huyện",
        Some(Level::Commune) => "xã",
        _ => "",
    };
    if rank.is_empty() {
        format!("{body} {loc}")
    } else {
        format!("{body} {rank} {loc}")
    }
}

/// Issuer codes with no body of their own in [`BODIES`] or [`LOCAL_BODIES`]: departments,
/// Party committees, fronts.
const OTHER_ISSUER_CODES: &[&str] = &[
    "BCĐ", "MTTQ", "ĐU", "ĐUK", "CHQ", "TCT", "SYT", "SNV", "STP", "SXD", "SNNMT", "SGDĐT", "STC",
    "SCT", "SKHĐT", "SLĐTBXH", "STNMT", "SNN", "SGTVT", "STTTT", "SVHTTDL", "SKHCN", "BDT",
    "UBMTTQ", "BTG", "BDV", "UBKT", "BCSĐ", "BCH", "TWĐTN", "TƯ",
];

/// Every issuer code, in its canonical spelling: the bodies', the localities' and the others'.
pub fn issuer_codes() -> impl Iterator<Item = &'static str> {
    BODIES
        .iter()
        .map(|(_, c)| *c)
        .chain(LOCAL_BODIES.iter().map(|(_, c, _)| *c))
        .chain(OTHER_ISSUER_CODES.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn central_code_is_the_code_of_a_central_issuer() {
        let codes = BODIES
            .iter()
            .map(|(_, c)| c.to_string())
            .chain(["UBND", "HĐND", "TU", "HU", "QH15", "TTg2", "XYZ", ""].map(String::from));
        for code in codes {
            let central = issuer_from_code(&code)
                .filter(|i| i.level == Some(Level::Central))
                .and_then(|i| i.code);
            assert_eq!(central_code(&code).map(str::to_string), central, "{code}");
        }
    }

    #[test]
    fn codes_name_central_bodies() {
        assert_eq!(issuer_from_code("TTg").unwrap().name, "Thủ tướng Chính phủ");
        assert_eq!(issuer_from_code("QH15").unwrap().name, "Quốc hội");
        assert!(issuer_from_code("KGVX").is_none());
        assert!(is_generic_code("UBND") && !is_generic_code("TTg"));
        assert_eq!(province_named("tỉnh Sơn La"), Some("Sơn La"));
    }
}
