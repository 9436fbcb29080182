//! Issuers: telling who a body is from its name, its heading, its code, or the citing document.

use crate::gazetteer::{
    central, compose_name, has_own_rank, is_generic_code, province_named, BODIES, CENTRAL_CITIES,
    FOLDED_PROVINCES, LOCALITY_WORDS, LOCAL_BODIES,
};
use crate::model::{Issuer, Level};
use crate::normalize::{fold_ascii, is_alnum, is_letter};
use regex::Regex;
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, LazyLock};

/// Capitalizes each word: `BẮC YÊN` → `Bắc Yên`.
pub fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Reads an issuer from a phrase in running text: `Ủy ban nhân dân tỉnh Sơn La`, `Bộ Y tế`,
/// `Ban Thường vụ Tỉnh ủy`, `UBND huyện`. Returns `None` when the phrase names no known body.
pub fn parse_phrase(phrase: &str) -> Option<Arc<Issuer>> {
    cached(phrase, Written::Phrase)
}

/// Reads an issuer from a header block (upper case, one part a line): `ỦY BAN NHÂN DÂN⏎TỈNH LAI CHÂU`.
/// Lines above the first body are stamps, not names (`DỰ THẢO`, `KHẨN`, `HỎA TỐC`, `MẬT`):
/// the block is read from the first line where a body's name starts.
pub fn parse_heading(block: &str) -> Option<Arc<Issuer>> {
    // A joint document's block names its bodies side by side (`UBND TỈNH QUẢNG NGÃI - ỦY BAN
    // MTTQ VIỆT NAM TỈNH QUẢNG NGÃI`, `BỘ Y TẾ - BỘ TÀI CHÍNH`): the first is the issuer, not
    // a parent of the second. A body of its own stands on the right (it names its place, or
    // is a known body); a unit without either is the left one's (`BỘ XÂY DỰNG - CỤC ĐƯỜNG BỘ
    // VIỆT NAM`).
    let joint = block.lines().position(|l| {
        l.split_once(" - ").is_some_and(|(a, b)| {
            cached(a.trim(), Written::Heading).is_some()
                && cached(b.trim(), Written::Heading)
                    .is_some_and(|r| r.locality.is_some() || r.code.is_some())
        })
    });
    let owned;
    let block = match joint {
        Some(i) => {
            let mut lines: Vec<&str> = block.lines().take(i + 1).collect();
            if let Some((first, _)) = lines[i].split_once(" - ") {
                lines[i] = first;
            }
            owned = lines.join("\n");
            owned.as_str()
        }
        None => block,
    };
    let mut rest = block;
    loop {
        if let Some(found) = cached(rest, Written::Heading) {
            return Some(found);
        }
        rest = &rest[rest.find('\n')? + 1..];
    }
}

/// How an issuer's name is written where it is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Written {
    /// In running text, in its own case: `Ủy ban nhân dân tỉnh Sơn La`.
    Phrase,
    /// In a header's block, in capitals, a part a line: `ỦY BAN NHÂN DÂN⏎TỈNH LAI CHÂU`.
    Heading,
}

/// The same phrases come back in every document (`Thủ tướng Chính phủ`): parsing is pure, so
/// each thread remembers its last few thousand answers.
fn cached(s: &str, written: Written) -> Option<Arc<Issuer>> {
    thread_local! {
        // One map for phrases, one for headings: a lookup borrows the text, never copies it,
        // and a hit shares the issuer rather than copying its five strings.
        static CACHE: std::cell::RefCell<[HashMap<String, Option<Arc<Issuer>>>; 2]> = Default::default();
    }
    CACHE.with(|c| {
        if let Some(hit) = c.borrow()[written as usize].get(s) {
            return hit.clone();
        }
        let v = parse(s, written).map(Arc::new);
        let mut c = c.borrow_mut();
        let m = &mut c[written as usize];
        if m.len() >= 4096 {
            m.clear();
        }
        m.insert(s.to_string(), v.clone());
        v
    })
}

/// Splits a phrase into words with their folded form, keeping line ends for headings.
fn words(s: &str) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for line in s.lines() {
        let ws: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '(' || c == ')')
            .filter(|w| !w.is_empty() && *w != "-")
            .collect();
        let n = ws.len();
        for (i, w) in ws.into_iter().enumerate() {
            let w = w.trim_matches(|c: char| !is_alnum(c));
            if w.is_empty() {
                continue;
            }
            out.push((w.to_string(), fold_ascii(w), i + 1 == n));
        }
    }
    out
}

/// Where a constant name lies: the parser's lists are `static` (a `const` is copied where it
/// is used, with an address of its own each time), so a name is known by its address and
/// length, hashed and compared without reading its text.
fn static_name(name: &'static str) -> (usize, usize) {
    (name.as_ptr() as usize, name.len())
}

/// The folded words of every constant name the parser compares with, computed once, keyed
/// by [`static_name`] (a name met at another address is folded on the spot).
static FOLDED: LazyLock<HashMap<(usize, usize), Vec<String>>> = LazyLock::new(|| {
    let names = BODIES
        .iter()
        .map(|(n, _)| *n)
        .chain(LOCAL_BODIES.iter().map(|(n, _, _)| *n))
        .chain(LOCALITY_WORDS.iter().map(|(f, _, _)| *f))
        .chain(UNITS.iter().copied())
        .chain(PROPER_PHRASES.iter().copied())
        .chain(["Chủ tịch", "đồng chí", "Thủ tướng", "khu vực"]);
    names
        .map(|n| (static_name(n), words(n).into_iter().map(|w| w.1).collect()))
        .collect()
});

/// Words that start a unit's or an organisation's name, as the name writes them: `Sở Y tế`,
/// `Chi cục Thuế khu vực V`, `Đảng ủy Chính phủ`. A longer lead wins over its first word.
static UNITS: &[&str] = &[
    "Sở",
    "Ban cán sự đảng",
    "Ban",
    "Cục",
    "Chi cục",
    "Tổng cục",
    "Văn phòng",
    "Phòng",
    "Trung tâm",
    "Thuế cơ sở",
    "Thuế",
    "Hải quan",
    "Kho bạc Nhà nước",
    "Bảo hiểm xã hội",
    "Đảng ủy",
    "Đảng bộ",
    "Đảng đoàn",
    "Tổng Liên đoàn",
    "Liên đoàn",
    "Công an",
    "Bộ Chỉ huy",
    "Bộ Tư lệnh",
    "Học viện",
    "Viện",
    "Trường",
    "Bệnh viện",
    "Chi nhánh",
    "Tòa án nhân dân",
    "Viện kiểm sát nhân dân",
    "Ủy ban",
];

/// Leads after which the rest of the name is its owner's, never a unit of its own:
/// `Đảng ủy Bộ Tài chính`, `Ban cán sự đảng Bộ Y tế`.
static OWNED_LEADS: &[&str] = &["Đảng ủy", "Đảng bộ", "Đảng đoàn", "Ban cán sự đảng"];

/// The folded first word of each name: the one lookup that tells a word can start none.
fn first_words<'a>(names: impl Iterator<Item = &'a str>) -> std::collections::HashSet<String> {
    names
        .filter_map(|n| words(n).into_iter().next().map(|w| w.1))
        .collect()
}

/// The longest unit lead at `at`, with the words it takes.
fn unit_at(ws: &[(String, String, bool)], at: usize) -> Option<(&'static str, usize)> {
    // Most words start no unit: their first word is looked up once, not each lead compared.
    static FIRST: LazyLock<std::collections::HashSet<String>> =
        LazyLock::new(|| first_words(UNITS.iter().copied()));
    if !FIRST.contains(ws.get(at)?.1.as_str()) {
        return None;
    }
    UNITS
        .iter()
        .filter_map(|u| starts_with(ws, at, u).map(|n| (*u, n)))
        .max_by_key(|&(_, n)| n)
}

/// True when a new unit's name starts at `at` inside a heading line that names a body
/// before it (`BỘ TÀI CHÍNH CỤC HẢI QUAN`, `CỤC THUẾ THUẾ TỈNH BẮC NINH`, a block a
/// scraped table cell put on one line). Leads that are also words of names count only
/// where they cannot be one: `Văn phòng`, `Hải Phòng`, `Ủy ban`, `Tổng cục`, `Cục Thuế`.
fn unit_starts_inside(ws: &[(String, String, bool)], at: usize) -> bool {
    if at == 0 || at >= ws.len() {
        return false;
    }
    let prev = ws[at - 1].1.as_str();
    let Some((lead, n)) = unit_at(ws, at) else {
        return LOCAL_BODIES
            .iter()
            .filter(|(_, code, _)| matches!(*code, "UBND" | "HĐND"))
            .any(|(name, _, _)| starts_with(ws, at, name).is_some());
    };
    let then_locality = || locality_at(ws, at + n).is_some();
    let next = ws.get(at + n).map(|w| w.1.as_str());
    match lead {
        // `Văn phòng`, `Hải Phòng`, and `phòng, chống` / `phòng cháy` (to prevent) inside a
        // name: `BAN CHỈ ĐẠO PHÒNG, CHỐNG THAM NHŨNG`, `CỤC CẢNH SÁT PHÒNG CHÁY`.
        // ... and `PHONG` without its mark is a place's word (`MƯỜNG PHONG`, `TUY PHONG`).
        "Phòng" => {
            ws[at].0.to_lowercase() == "phòng"
                && !matches!(prev, "van" | "hai" | "dao" | "huy" | "sat")
                && !matches!(next, Some("chong" | "chay" | "ngua" | "chua" | "tranh"))
                && !ws[at].0.ends_with(',')
        }
        "Ban" => prev != "uy",
        "Cục" => prev != "tong" && prev != "chi",
        "Thuế" | "Công an" => then_locality(),
        // `ĐẢNG BỘ TỈNH BẮC NINH ĐẢNG ỦY XÃ TIÊN DU`: a Party committee of a place starts a
        // unit; `VĂN PHÒNG ĐẢNG ỦY`, `BAN THƯỜNG VỤ ĐẢNG ỦY XÃ ...` hold it in their name.
        "Đảng ủy" | "Đảng bộ" => {
            then_locality() && !matches!(prev, "phong" | "vu" | "tra")
        }
        "Hải quan" => {
            prev != "cuc" && (then_locality() || starts_with(ws, at + n, "khu vực").is_some())
        }
        // `Thuế cơ sở 5` (a tax unit since 2025): `sở` after `cơ` is a word of the name.
        "Sở" => prev != "co",
        "Thuế cơ sở"
        | "Chi cục"
        | "Tổng cục"
        | "Văn phòng"
        | "Trung tâm"
        | "Kho bạc Nhà nước"
        | "Bảo hiểm xã hội"
        | "Chi nhánh" => true,
        _ => false,
    }
}

/// A word naming a locality's rank at `at` (`tỉnh`, `quận`), with the words it takes and the
/// level it gives — unless the word belongs to a name: `Hải quan`, `xã hội`, `Tỉnh ủy`.
fn locality_at(ws: &[(String, String, bool)], at: usize) -> Option<(usize, Level, &'static str)> {
    // On its letters: OCR gets the marks of rank words wrong (`TÍNH`, `HUYÊN`, `THÀNH PHÔ`).
    let (f, n, level, proper) = LOCALITY_WORDS
        .iter()
        .find_map(|(f, proper, l)| starts_with(ws, at, f).map(|n| (*f, n, *l, *proper)))?;
    let next = ws.get(at + n).map(|w| w.1.as_str());
    let prev = at.checked_sub(1).map(|i| ws[i].1.as_str());
    let in_a_name = match f {
        // `HẢI QUAN`, `CƠ QUAN`, `QUẢN LÝ`, `QUÂN SỰ`, `QUAN TRẮC` (folding makes them all
        // `quan`): the word must be `quận` as written, or carry no marks at all (OCR lost
        // them) and stand where no such name can.
        "quan" => {
            let written = ws[at].0.to_lowercase();
            (written != "quận" && !written.is_ascii())
                || matches!(prev, Some("hai" | "co"))
                || matches!(next, Some("ly" | "su" | "trac" | "doi" | "khu"))
        }
        // `... VÀ XÃ HỘI`, `BẢO HIỂM XÃ HỘI`, `CHÍNH SÁCH XÃ HỘI`; `XÃ HỘI AN` is a commune.
        "xa" => next == Some("hoi") && matches!(prev, Some("va" | "hiem" | "sach" | "nghia")),
        "tinh" | "huyen" => next == Some("uy"),
        _ => false,
    };
    (!in_a_name).then_some((n, level, proper))
}

/// The province named by the words at `at`, across line ends (`HÀ⏎NỘI`), with the words it
/// takes (the longest name: `Hà Nam` is no `Hà`).
fn province_at(ws: &[(String, String, bool)], at: usize) -> Option<(&'static str, usize)> {
    // Words are folded as province names are (`ba ria vung tau`): the joined folds are the key.
    static FIRST: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
        FOLDED_PROVINCES
            .keys()
            .filter_map(|k| k.split(' ').next())
            .collect()
    });
    if !FIRST.contains(ws.get(at)?.1.as_str()) {
        return None;
    }
    let mut key = String::new();
    let mut best = None;
    for (n, w) in ws[at..].iter().take(4).enumerate() {
        if n > 0 {
            key.push(' ');
        }
        key.push_str(&w.1);
        if let Some(p) = FOLDED_PROVINCES.get(&key) {
            best = Some((*p, n + 1));
        }
    }
    best
}

/// Names inside a unit's name that keep their capitals: `Tổng Liên đoàn Lao động Việt Nam`.
static PROPER_PHRASES: &[&str] = &[
    "Việt Nam",
    "Chính phủ",
    "Quốc hội",
    "Trung ương",
    "Nhà nước",
    "Tổ quốc",
];

/// True for a body every locality has one of (`Ủy ban nhân dân`, `Tỉnh ủy`, `Sở Y tế`,
/// `Phòng Nội vụ`): named without its place, it is the place's the header gives.
pub fn is_local_body(iss: &Issuer) -> bool {
    iss.code.as_deref().is_some_and(is_generic_code)
        || iss.body.starts_with("Sở ")
        || iss.body.starts_with("Phòng ")
}

/// A unit's name in heading capitals written as names are: the lead as listed, the word after
/// it capitalized, Roman numerals and provinces as written, the rest in lower case
/// (`CHI CỤC HẢI QUAN KHU VỰC II` → `Chi cục Hải quan khu vực II`). A department named
/// after its ministry capitalizes each field it joins with `và`, as the ministry's name does
/// (`Sở Giáo dục và Đào tạo`, `Phòng Tài nguyên và Môi trường`).
fn unit_case(ws: &[(String, String, bool)], lead: &'static str, lead_len: usize) -> String {
    let mut out = lead.to_string();
    let mut i = lead_len;
    let mut first = true;
    let fields = matches!(lead, "Sở" | "Phòng");
    while i < ws.len() {
        if fields && i > lead_len && ws[i - 1].1 == "va" && locality_at(ws, i).is_none() {
            first = true;
        }
        out.push(' ');
        if let Some((p, n)) = province_at(ws, i).filter(|&(_, n)| n >= 2 || i + 1 == ws.len()) {
            out.push_str(p);
            i += n;
            first = false;
            continue;
        }
        if let Some((p, n)) = PROPER_PHRASES
            .iter()
            .find_map(|p| starts_with(ws, i, p).map(|n| (*p, n)))
        {
            out.push_str(p);
            i += n;
            first = false;
            continue;
        }
        // A region is no word of the name (`Kho bạc Nhà nước khu vực VI`).
        if let Some(n) = starts_with(ws, i, "khu vực") {
            out.push_str("khu vực");
            i += n;
            first = false;
            continue;
        }
        let w = &ws[i].0;
        let roman = w.len() <= 5 && w.chars().all(|c| "IVX".contains(c));
        // An acronym has no vowel: `THPT`, `THCS`, `CNCH`.
        let acronym = w.len() >= 2 && !ws[i].1.chars().any(|c| "aeiouy".contains(c));
        if roman || acronym || w.chars().any(|c| c.is_ascii_digit()) {
            out.push_str(w);
        } else if first {
            out.push_str(&title_case(w));
        } else {
            out.push_str(&w.to_lowercase());
        }
        first = false;
        i += 1;
    }
    out
}

/// Does the folded phrase `name` start the word list at `at`? Returns the words it takes.
fn starts_with(ws: &[(String, String, bool)], at: usize, name: &'static str) -> Option<usize> {
    if at >= ws.len() {
        return None;
    }
    let computed;
    let parts = match FOLDED.get(&static_name(name)) {
        Some(p) => p,
        None => {
            computed = words(name)
                .into_iter()
                .map(|w| w.1)
                .collect::<Vec<String>>();
            &computed
        }
    };
    if ws.len() < at + parts.len() {
        return None;
    }
    parts
        .iter()
        .zip(&ws[at..])
        .all(|(p, w)| *p == w.1)
        .then_some(parts.len())
}

/// The issuer a phrase or a heading (`heading`: in capitals, over lines) names: the body it
/// names first — a central body, a body every locality has, or a unit — with its locality,
/// and in a heading the unit under it on the next line.
fn parse(s: &str, written: Written) -> Option<Issuer> {
    let heading = written == Written::Heading;
    let ws = words(s);
    // Skip titles before the body: `Chủ tịch`, `Thường trực`, `đồng chí`.
    let mut at = 0;
    while let Some(n) =
        starts_with(&ws, at, "Chủ tịch").or_else(|| starts_with(&ws, at, "đồng chí"))
    {
        at += n;
    }
    if at >= ws.len() {
        return None;
    }
    let (iss, at) = central_at(&ws, at)
        .or_else(|| local_body_at(&ws, at, written))
        .or_else(|| unit_body_at(&ws, at, written))?;
    // A heading may name a unit under the body on the next line: `SỞ Y TẾ` under `UBND TỈNH`.
    if heading && at < ws.len() {
        if let Some(child) = parse(&rest_lines(&ws, at), Written::Heading) {
            return Some(under(&iss, child));
        }
    }
    Some(iss)
}

/// A central body named at word `at` (`Thủ tướng Chính phủ`, `Bộ Y tế`), and the word after.
fn central_at(ws: &[(String, String, bool)], at: usize) -> Option<(Issuer, usize)> {
    BODIES.iter().find_map(|(name, code)| {
        let n = starts_with(ws, at, name)?;
        let mut iss = central(name, code);
        if *code == "TW" {
            iss.body = name.to_string();
        }
        Some((iss, at + n))
    })
}

/// A body every locality has (`Ủy ban nhân dân`, `Tỉnh ủy`) named at word `at`, with the
/// locality after it, and the word after that.
fn local_body_at(
    ws: &[(String, String, bool)],
    at: usize,
    written: Written,
) -> Option<(Issuer, usize)> {
    LOCAL_BODIES.iter().find_map(|(name, code, level)| {
        let n = starts_with(ws, at, name)?;
        let mut at = at + n;
        let body = match *name {
            "UBND" => "Ủy ban nhân dân",
            "HĐND" => "Hội đồng nhân dân",
            other => other,
        };
        let mut iss = Issuer {
            name: body.to_string(),
            body: body.to_string(),
            code: Some(code.to_string()),
            level: *level,
            locality: None,
            province: None,
        };
        let name = match level {
            Some(_) => Name::Bare,
            None => Name::Ranked,
        };
        read_locality(ws, &mut at, &mut iss, written, name);
        Some((iss, at))
    })
}

/// A department or other unit named at word `at` (`Sở Y tế tỉnh Sơn La`, `Ban Chỉ đạo ...`),
/// with its locality, and the word after.
fn unit_body_at(
    ws: &[(String, String, bool)],
    at: usize,
    written: Written,
) -> Option<(Issuer, usize)> {
    let heading = written == Written::Heading;
    let (lead, n) = unit_at(ws, at)?;
    // `Đảng ủy Bộ Tài chính`: the rest is the owner, not a unit under it.
    let owned = OWNED_LEADS.contains(&lead);
    let mut end = at + n;
    while end < ws.len() && end - at < 12 && locality_at(ws, end).is_none() {
        let inside = end > at + n;
        // A lead written twice starts the second body (`KHO BẠC NHÀ NƯỚC KHO BẠC NHÀ
        // NƯỚC KHU VỰC VI`, a parent and its branch in one table cell).
        let repeated = !inside && unit_at(ws, end).is_some_and(|(l, _)| l == lead);
        if heading && (inside || repeated) && !owned && unit_starts_inside(ws, end) {
            break;
        }
        // A name wraps onto the next line (`TỔNG LIÊN ĐOÀN LAO ĐỘNG⏎VIỆT NAM`) unless
        // that line names a body of its own (`CỤC THUẾ⏎THUẾ TỈNH BẮC NINH`).
        if heading && ws[end - 1].2 && (unit_at(ws, end).is_some() || is_body_start(ws, end)) {
            break;
        }
        end += 1;
    }
    let body = if heading {
        unit_case(&ws[at..end], lead, n)
    } else {
        ws[at..end]
            .iter()
            .map(|w| w.0.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let regional = starts_with(ws, end.saturating_sub(3), "khu vực").is_some()
        || starts_with(ws, end.saturating_sub(2), "khu vực").is_some();
    let mut at = end;
    let mut iss = Issuer {
        name: body.clone(),
        body,
        code: None,
        level: None,
        locality: None,
        province: None,
    };
    read_locality(ws, &mut at, &mut iss, written, Name::Ranked);
    if iss.locality.is_none() {
        // A department with no place is a central one (`Cục Hải quan`, since 2025
        // `Cục Thuế`); a regional branch (`Chi cục Thuế khu vực V`) ranks with the
        // provinces it serves.
        iss.level = match lead {
            "Cục" | "Tổng cục" => Some(Level::Central),
            "Chi cục" | "Hải quan" | "Kho bạc Nhà nước" | "Bảo hiểm xã hội" if regional => {
                Some(Level::Province)
            }
            // `Đảng ủy Chính phủ`, `Tổng Liên đoàn Lao động Việt Nam`.
            _ if ["Việt Nam", "Chính phủ", "Quốc hội", "Trung ương"]
                .iter()
                .any(|p| iss.body.ends_with(p)) =>
            {
                Some(Level::Central)
            }
            _ => iss.level,
        };
    }
    Some((iss, at))
}

/// The unit a heading names under `parent` (`SỞ Y TẾ` under `UBND TỈNH SƠN LA`): in the
/// parent's place when it names none of its own.
fn under(parent: &Issuer, mut child: Issuer) -> Issuer {
    if child.locality.is_some() {
        return child;
    }
    child.locality = parent.locality.clone();
    child.province = parent.province.clone();
    child.level = child.level.or(parent.level);
    // Under `UBND QUẬN BA ĐÌNH` the unit is `... quận Ba Đình`: the parent's rank
    // word as written, where it wrote one.
    let place = parent.name.strip_prefix(parent.body.as_str()).filter(|p| {
        p.strip_prefix(' ')
            .is_some_and(|p| p.starts_with(char::is_lowercase))
    });
    child.name = match place {
        Some(p) if !has_own_rank(&child.body) => format!("{}{p}", child.body),
        _ => compose_name(&child.body, child.level, child.locality.as_deref()),
    };
    if let Some(name) = owned_name(parent, &child) {
        child.name = name;
    }
    child
}

/// The name of an office or board that belongs to the body above it, as such units are named:
/// `Văn phòng Ủy ban nhân dân thành phố Huế`, `Ban Tổ chức Trung ương`, `Ban Tuyên giáo Tỉnh ủy
/// Nghệ An` (a department, `Sở Y tế tỉnh X`, takes only the place).
fn owned_name(parent: &Issuer, child: &Issuer) -> Option<String> {
    let board = child.body == "Văn phòng" || child.body.starts_with("Ban ");
    if !board {
        return None;
    }
    if parent.code.as_deref() == Some("TW") {
        return Some(match child.body.as_str() {
            "Văn phòng" => "Văn phòng Trung ương Đảng".to_string(),
            b => format!("{b} Trung ương"),
        });
    }
    // A province's or district's Party organisation (`ĐẢNG BỘ TỈNH LẠNG SƠN`) acts through its
    // committee: its boards are the committee's (`Ban Tuyên giáo Tỉnh ủy Lạng Sơn`).
    if parent.body == "Đảng bộ" && !child.body.contains(" ủy") {
        let committee = match parent.level? {
            Level::Province => "Tỉnh ủy",
            Level::District => "Huyện ủy",
            _ => return None,
        };
        let place = parent.locality.as_deref()?;
        return Some(format!("{} {committee} {place}", child.body));
    }
    let party = parent.body.ends_with(" ủy") || parent.body.ends_with("Đảng ủy");
    let council = matches!(parent.code.as_deref(), Some("UBND" | "HĐND"));
    (party || (council && child.body == "Văn phòng"))
        .then(|| format!("{} {}", child.body, parent.name))
}

fn rest_lines(ws: &[(String, String, bool)], at: usize) -> String {
    let mut s = String::new();
    for w in &ws[at..] {
        s.push_str(&w.0);
        s.push(if w.2 { '\n' } else { ' ' });
    }
    s
}

/// How a locality may follow a body's name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Name {
    /// With its rank word only: `tỉnh Sơn La`, `huyện Bắc Yên`.
    Ranked,
    /// Also bare, after a body whose level is fixed: `Tỉnh ủy Sơn La`.
    Bare,
}

/// Reads `tỉnh Sơn La`, `huyện Bắc Yên`, or a bare name after a body with a fixed level.
fn read_locality(
    ws: &[(String, String, bool)],
    at: &mut usize,
    iss: &mut Issuer,
    written: Written,
    name: Name,
) {
    let heading = written == Written::Heading;
    let bare_name = name == Name::Bare;
    let mut level = iss.level;
    let mut word_found = false;
    let mut rank = None;
    if let Some((n, l, written)) = locality_at(ws, *at) {
        rank = Some(written);
        // `UBND tỉnh` fixes the level; `Tỉnh ủy Sơn La` has its own.
        if level.is_none() || bare_name {
            level = Some(l);
        }
        *at += n;
        word_found = true;
    }
    if !word_found && !bare_name {
        iss.level = level;
        return;
    }
    // The name: a province by its words (across a line end: `HÀ⏎NỘI`), else capitalized
    // words (running text) or the rest of the line (heading), up to the next body's name.
    let start = *at;
    let mut end = start;
    // A province's name only where the name ends there: `ĐIỆN BIÊN ĐÔNG` is a district of
    // its own, not Điện Biên.
    let whole = province_at(ws, start).filter(|&(_, n)| {
        let e = start + n;
        e == ws.len()
            || ws[e - 1].2
            || !ws[e].0.chars().next().is_some_and(char::is_uppercase)
            || is_body_start(ws, e)
            || (heading && unit_starts_inside(ws, e))
    });
    if let Some((_, n)) = whole {
        end = start + n;
    } else {
        while end < ws.len() && end - start < 5 {
            let w = &ws[end].0;
            if !w.chars().next().is_some_and(char::is_uppercase) {
                break;
            }
            if end > start
                && ((!heading && starts_with(ws, end, "Thủ tướng").is_some())
                    || is_body_start(ws, end)
                    || (heading && unit_starts_inside(ws, end)))
            {
                break;
            }
            end += 1;
            if heading && ws[end - 1].2 {
                break;
            }
        }
    }
    let name = if end > start {
        let raw = ws[start..end]
            .iter()
            .map(|w| w.0.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Some(if heading { title_case(&raw) } else { raw })
    } else {
        None
    };
    *at = end;
    if let Some(n) = &name {
        if let Some(p) = province_named(n) {
            let is_city_word = ws[..start]
                .last()
                .is_some_and(|w| w.1 == "pho" || w.1 == "tp");
            if level == Some(Level::District) && is_city_word && CENTRAL_CITIES.contains(&p) {
                level = Some(Level::Province);
            }
            if level == Some(Level::Province) {
                iss.locality = Some(p.to_string());
                iss.province = Some(p.to_string());
            }
        }
        if iss.locality.is_none() {
            iss.locality = Some(n.clone());
        }
    }
    iss.level = level;
    iss.name = match (rank, &iss.locality) {
        // The rank as written (`quận`, `thị xã`, `phường`), where the level alone would say
        // `huyện` or `xã`; a province keeps its own (`tỉnh`, `thành phố` for the six cities).
        (Some(r), Some(loc)) if level != Some(Level::Province) && !has_own_rank(&iss.body) => {
            format!("{} {r} {loc}", iss.body)
        }
        _ => compose_name(&iss.body, level, iss.locality.as_deref()),
    };
}

fn is_body_start(ws: &[(String, String, bool)], at: usize) -> bool {
    // A word that starts no body's name is told at one lookup.
    static FIRST: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
        first_words(
            BODIES
                .iter()
                .map(|(n, _)| *n)
                .chain(LOCAL_BODIES.iter().map(|(n, _, _)| *n)),
        )
    });
    if !ws.get(at).is_some_and(|w| FIRST.contains(w.1.as_str())) {
        return false;
    }
    BODIES.iter().any(|(n, _)| starts_with(ws, at, n).is_some())
        || LOCAL_BODIES
            .iter()
            .any(|(n, _, _)| starts_with(ws, at, n).is_some())
}

/// Names after `tỉnh`/`thành phố` (in lower case or capitals): up to four capitalized words
/// joined by spaces or hyphens (`tỉnh Bà Rịa - Vũng Tàu`), in reading order.
fn province_phrases(text: &str) -> impl Iterator<Item = &str> {
    const LEADS: [&str; 4] = ["tỉnh", "TỈNH", "thành phố", "THÀNH PHỐ"];
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() {
            // The next lead word: `tỉnh` and `thành phố` both start with `t`/`T`.
            let k = memchr::memchr2(b't', b'T', &text.as_bytes()[at..])?;
            let start = at + k;
            at = start + 1;
            let Some(lead) = LEADS.iter().find(|w| text[start..].starts_with(**w)) else {
                continue;
            };
            let rest = &text[start + lead.len()..];
            let name = rest.trim_start();
            if name.len() == rest.len() {
                continue;
            }
            let name_start = text.len() - name.len();
            let word_end = |from: usize| -> Option<usize> {
                let mut it = text[from..].char_indices();
                let (_, c) = it.next()?;
                if !c.is_uppercase() {
                    return None;
                }
                let n = it
                    .find(|&(_, c)| !is_letter(c))
                    .map_or(text.len() - from, |(i, _)| i);
                Some(from + n)
            };
            let Some(mut end) = word_end(name_start) else {
                continue;
            };
            for _ in 0..3 {
                let gap = text[end..].len() - text[end..].trim_start_matches([' ', '-']).len();
                match (gap > 0).then(|| word_end(end + gap)).flatten() {
                    Some(e) => end = e,
                    None => break,
                }
            }
            at = end;
            return Some(&text[name_start..end]);
        }
        None
    })
}

/// The province a text names most (`trên địa bàn tỉnh Sơn La`), when one stands out.
pub fn province_mentioned(text: &str) -> Option<&'static str> {
    // A handful of provinces at most: a list, not a table.
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for m in province_phrases(text).take(200) {
        // The longest run of words that is a province: `Sơn La về` → `Sơn La`. A phrase's
        // only white space is the ASCII space, so a run of words is a prefix of it.
        let mut prefix = m;
        let hit = loop {
            let hit = if prefix.contains("  ") {
                province_named(&prefix.split_whitespace().collect::<Vec<_>>().join(" "))
            } else {
                province_named(prefix)
            };
            match (hit, prefix.rfind(' ')) {
                (Some(p), _) => break Some(p),
                (None, Some(cut)) => prefix = prefix[..cut].trim_end_matches(' '),
                (None, None) => break None,
            }
        };
        if let Some(p) = hit {
            match counts.iter_mut().find(|(q, _)| *q == p) {
                Some((_, n)) => *n += 1,
                None => counts.push((p, 1)),
            }
        }
    }
    let mut v = counts;
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    match v.as_slice() {
        [(p, _)] => Some(p),
        [(p, a), (_, b), ..] if a > b => Some(p),
        _ => None,
    }
}

static RANK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:UBND|Ủy ban nhân dân)\s+các\s+(huyện|xã|phường|quận)")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// The level of a body that addresses its subordinates: `UBND các huyện` → the sender is a province.
pub fn level_from_recipients(text: &str) -> Option<Level> {
    let mut best = None;
    for c in RANK_RE.captures_iter(text) {
        let l = match fold_ascii(&c[1]).as_str() {
            "huyen" | "quan" => Level::Province,
            _ => Level::District,
        };
        best = Some(match best {
            Some(Level::Province) => Level::Province,
            _ => l,
        });
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_listed_name_finds_its_folded_words_by_address() {
        let names = BODIES
            .iter()
            .map(|(n, _)| *n)
            .chain(LOCAL_BODIES.iter().map(|(n, _, _)| *n))
            .chain(LOCALITY_WORDS.iter().map(|(f, _, _)| *f))
            .chain(UNITS.iter().copied())
            .chain(PROPER_PHRASES.iter().copied());
        for n in names {
            let folded: Vec<String> = words(n).into_iter().map(|w| w.1).collect();
            assert_eq!(FOLDED.get(&static_name(n)), Some(&folded), "{n}");
        }
    }

    /// The province count as first written: every run of words joined anew.
    fn province_mentioned_by_joining(text: &str) -> Option<&'static str> {
        let mut counts: HashMap<&'static str, usize> = HashMap::default();
        for m in province_phrases(text).take(200) {
            let words: Vec<&str> = m.split_whitespace().collect();
            if let Some(p) = (1..=words.len())
                .rev()
                .find_map(|n| province_named(&words[..n].join(" ")))
            {
                *counts.entry(p).or_default() += 1;
            }
        }
        let mut v: Vec<(&'static str, usize)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        match v.as_slice() {
            [(p, _)] => Some(p),
            [(p, a), (_, b), ..] if a > b => Some(p),
            _ => None,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, rng_seed: proptest::test_runner::RngSeed::Fixed(41), ..ProptestConfig::default() })]
        /// Runs of words read as prefixes of the phrase count the same provinces as joined words.
        #[test]
        fn province_prefixes_count_as_joined_words(parts in proptest::collection::vec(0usize..22, 0..30)) {
            const TOKENS: [&str; 22] = ["tỉnh ", "TỈNH ", "thành phố ", "Sơn", "La", " ", "  ", "-",
                " - ", "Bà", "Rịa", "Vũng", "Tàu", "Hà", "Nội", "về", "Hồ", "Chí", "Minh", "Giang",
                "Hà Giang", ". "];
            let text: String = parts.iter().map(|&k| TOKENS[k]).collect();
            prop_assert_eq!(province_mentioned(&text), province_mentioned_by_joining(&text), "{:?}", text);
        }
    }

    #[test]
    fn provincial_committee_from_running_text() {
        let i = parse_phrase("Ủy ban nhân dân tỉnh Sơn La").unwrap();
        assert_eq!(i.name, "Ủy ban nhân dân tỉnh Sơn La");
        assert_eq!(i.level, Some(Level::Province));
        assert_eq!(i.locality.as_deref(), Some("Sơn La"));
        assert_eq!(i.code.as_deref(), Some("UBND"));
    }

    #[test]
    fn district_party_committee() {
        let i = parse_phrase("Huyện ủy Bắc Yên").unwrap();
        assert_eq!(i.name, "Huyện ủy Bắc Yên");
        assert_eq!(i.level, Some(Level::District));
        assert_eq!(i.code.as_deref(), Some("HU"));
    }

    #[test]
    fn central_bodies_and_codes() {
        assert_eq!(
            parse_phrase("Thủ tướng Chính phủ").unwrap().code.as_deref(),
            Some("TTg")
        );
        assert_eq!(
            parse_phrase("Chính phủ").unwrap().code.as_deref(),
            Some("CP")
        );
        assert_eq!(
            parse_phrase("Văn phòng Chính phủ").unwrap().code.as_deref(),
            Some("VPCP")
        );
        assert_eq!(parse_phrase("Bộ Y tế").unwrap().name, "Bộ Y tế");
    }

    #[test]
    fn headings_in_capitals() {
        let i = parse_heading("ỦY BAN NHÂN DÂN\nHUYỆN BẮC YÊN").unwrap();
        assert_eq!(i.name, "Ủy ban nhân dân huyện Bắc Yên");
        assert_eq!(i.level, Some(Level::District));
        let i = parse_heading("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU").unwrap();
        assert_eq!(i.name, "Ủy ban nhân dân tỉnh Lai Châu");
        let i = parse_heading("UBND TỈNH SƠN LA\nSỞ Y TẾ").unwrap();
        assert_eq!(i.name, "Sở Y tế tỉnh Sơn La");
        let i = parse_heading("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI").unwrap();
        assert_eq!(i.level, Some(Level::Province));
        let i = parse_heading("ỦY BAN NHÂN DÂN\nXÃ CHIỀNG SƠN").unwrap();
        assert_eq!(i.level, Some(Level::Commune));
        assert_eq!(i.name, "Ủy ban nhân dân xã Chiềng Sơn");
    }

    /// (heading, name, level) for blocks of the bodies that write most letters since 2025.
    const BLOCKS: &[(&str, &str, Option<Level>)] = &[
        (
            "BỘ TÀI CHÍNH\nCỤC HẢI QUAN",
            "Cục Hải quan",
            Some(Level::Central),
        ),
        (
            "BỘ TÀI CHÍNH CỤC HẢI QUAN",
            "Cục Hải quan",
            Some(Level::Central),
        ),
        ("BỘ TÀI CHÍNH\nCỤC THUẾ", "Cục Thuế", Some(Level::Central)),
        (
            "CỤC THUẾ\nTHUẾ TỈNH BẮC NINH",
            "Thuế tỉnh Bắc Ninh",
            Some(Level::Province),
        ),
        (
            "CỤC THUẾ THUẾ THÀNH PHỐ HẢI PHÒNG",
            "Thuế thành phố Hải Phòng",
            Some(Level::Province),
        ),
        (
            "CỤC THUẾ\nCHI CỤC THUẾ KHU VỰC V",
            "Chi cục Thuế khu vực V",
            Some(Level::Province),
        ),
        (
            "CỤC HẢI QUAN CHI CỤC HẢI QUAN KHU VỰC II",
            "Chi cục Hải quan khu vực II",
            Some(Level::Province),
        ),
        (
            "ĐẢNG BỘ TỈNH LẠNG SƠN\nBAN TUYÊN GIÁO VÀ DÂN VẬN",
            "Ban Tuyên giáo và dân vận Tỉnh ủy Lạng Sơn",
            Some(Level::Province),
        ),
        (
            "TÒA ÁN NHÂN DÂN TỐI CAO",
            "Tòa án nhân dân tối cao",
            Some(Level::Central),
        ),
        (
            "UBND TỈNH QUẢNG NGÃI - ỦY BAN MTTQ VIỆT NAM TỈNH QUẢNG NGÃI",
            "Ủy ban nhân dân tỉnh Quảng Ngãi",
            Some(Level::Province),
        ),
        (
            "BỘ XÂY DỰNG - CỤC ĐƯỜNG BỘ VIỆT NAM",
            "Cục Đường bộ Việt Nam",
            Some(Level::Central),
        ),
        ("BỘ Y TẾ - BỘ TÀI CHÍNH", "Bộ Y tế", Some(Level::Central)),
        (
            "ỦY BAN NHÂN DÂN\nHUYỆN TUY PHONG",
            "Ủy ban nhân dân huyện Tuy Phong",
            Some(Level::District),
        ),
        (
            "KHO BẠC NHÀ NƯỚC KHO BẠC NHÀ NƯỚC KHU VỰC VI",
            "Kho bạc Nhà nước khu vực VI",
            Some(Level::Province),
        ),
        (
            "ĐẢNG BỘ TỈNH BẮC NINH ĐẢNG ỦY XÃ TIÊN DU",
            "Đảng ủy xã Tiên Du",
            Some(Level::Commune),
        ),
        (
            "DỰ THẢO\nỦY BAN NHÂN DÂN\nXÃ TIÊN DU",
            "Ủy ban nhân dân xã Tiên Du",
            Some(Level::Commune),
        ),
        ("HỎA TỐC\nBỘ Y TẾ", "Bộ Y tế", Some(Level::Central)),
        (
            "UBND THÀNH PHỐ HUẾ\nVĂN PHÒNG",
            "Văn phòng Ủy ban nhân dân thành phố Huế",
            Some(Level::Province),
        ),
        (
            "BAN CHẤP HÀNH TRUNG ƯƠNG\nBAN TỔ CHỨC",
            "Ban Tổ chức Trung ương",
            Some(Level::Central),
        ),
        (
            "TỈNH ỦY NGHỆ AN\nBAN TUYÊN GIÁO",
            "Ban Tuyên giáo Tỉnh ủy Nghệ An",
            Some(Level::Province),
        ),
        (
            "UBND TỈNH ĐỒNG THÁP\nSỞ GIÁO DỤC VÀ ĐÀO TẠO",
            "Sở Giáo dục và Đào tạo tỉnh Đồng Tháp",
            Some(Level::Province),
        ),
        (
            "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH",
            "Ủy ban nhân dân Thành phố Hồ Chí Minh",
            Some(Level::Province),
        ),
        (
            "THUẾ THÀNH PHỐ HÀ NỘI\nTHUẾ CƠ SỞ 5",
            "Thuế cơ sở 5 thành phố Hà Nội",
            Some(Level::Province),
        ),
        (
            "UBND TỈNH LÂM ĐỒNG SỞ Y TẾ",
            "Sở Y tế tỉnh Lâm Đồng",
            Some(Level::Province),
        ),
        (
            "UBND THÀNH PHỐ HÀ NỘI\nSỞ TÀI CHÍNH",
            "Sở Tài chính thành phố Hà Nội",
            Some(Level::Province),
        ),
        (
            "UBND THÀNH PHỐ HÀ\nNỘI",
            "Ủy ban nhân dân thành phố Hà Nội",
            Some(Level::Province),
        ),
        (
            "ĐẢNG BỘ TỈNH NGHỆ AN\nTỈNH ỦY",
            "Tỉnh ủy Nghệ An",
            Some(Level::Province),
        ),
        (
            "ĐẢNG BỘ TỈNH NGHỆ AN BAN THƯỜNG VỤ TỈNH ỦY",
            "Ban Thường vụ Tỉnh ủy Nghệ An",
            Some(Level::Province),
        ),
        (
            "BAN CHẤP HÀNH TRUNG ƯƠNG",
            "Ban Chấp hành Trung ương",
            Some(Level::Central),
        ),
        (
            "ĐẢNG ỦY CHÍNH PHỦ",
            "Đảng ủy Chính phủ",
            Some(Level::Central),
        ),
        (
            "TỔNG LIÊN ĐOÀN LAO ĐỘNG\nVIỆT NAM",
            "Tổng Liên đoàn Lao động Việt Nam",
            Some(Level::Central),
        ),
        (
            "UBND TỈNH HƯNG YÊN\nBAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP",
            "Ban Quản lý các khu công nghiệp tỉnh Hưng Yên",
            Some(Level::Province),
        ),
        (
            "BỘ TÀI CHÍNH\nKHO BẠC NHÀ NƯỚC",
            "Kho bạc Nhà nước",
            Some(Level::Central),
        ),
        (
            "ỦY BAN NHÂN DÂN\nQUẬN BA ĐÌNH",
            "Ủy ban nhân dân quận Ba Đình",
            Some(Level::District),
        ),
        (
            "UBND HUYỆN BẮC YÊN PHÒNG NỘI VỤ",
            "Phòng Nội vụ huyện Bắc Yên",
            Some(Level::District),
        ),
        // `phòng, chống` (to prevent) inside a name starts no unit.
        (
            "UBND TỈNH NGHỆ AN\nBAN CHỈ ĐẠO PHÒNG, CHỐNG THAM NHŨNG",
            "Ban Chỉ đạo phòng chống tham nhũng tỉnh Nghệ An",
            Some(Level::Province),
        ),
        (
            "BỘ CÔNG AN\nCỤC CẢNH SÁT PHÒNG CHÁY, CHỮA CHÁY VÀ CNCH",
            "Cục Cảnh sát phòng cháy chữa cháy và CNCH",
            Some(Level::Central),
        ),
        // A district or commune named like a province is itself.
        (
            "ỦY BAN NHÂN DÂN\nHUYỆN ĐIỆN BIÊN ĐÔNG",
            "Ủy ban nhân dân huyện Điện Biên Đông",
            Some(Level::District),
        ),
        (
            "ỦY BAN NHÂN DÂN\nXÃ HỘI AN",
            "Ủy ban nhân dân xã Hội An",
            Some(Level::Commune),
        ),
        // OCR's wrong marks on a rank word.
        (
            "ỦY BAN NHÂN DÂN\nTÍNH NGHỆ AN",
            "Ủy ban nhân dân tỉnh Nghệ An",
            Some(Level::Province),
        ),
        (
            "ỦY BAN NHÂN DÂN\nTHÀNH PHÔ HẢI PHÒNG",
            "Ủy ban nhân dân thành phố Hải Phòng",
            Some(Level::Province),
        ),
        (
            "CỤC THUẾ TP HỒ CHÍ MINH",
            "Cục Thuế Thành phố Hồ Chí Minh",
            Some(Level::Province),
        ),
        (
            "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TRUNG ƯƠNG",
            "Đảng ủy Khối các cơ quan Trung ương",
            Some(Level::Central),
        ),
        (
            "UBND HUYỆN NAM ĐÀN\nTRƯỜNG THPT CHU VĂN AN",
            "Trường THPT chu văn an huyện Nam Đàn",
            Some(Level::District),
        ),
        (
            "UBND TỈNH SƠN LA\nBỘ CHỈ HUY QUÂN SỰ TỈNH",
            "Bộ Chỉ huy Quân sự tỉnh Sơn La",
            Some(Level::Province),
        ),
    ];

    #[test]
    fn two_level_merged_and_wrapped_blocks_name_the_lowest_body() {
        for (block, name, level) in BLOCKS {
            let i = parse_heading(block).unwrap_or_else(|| panic!("no issuer in {block:?}"));
            assert_eq!((i.name.as_str(), i.level), (*name, *level), "{block:?}");
        }
    }

    #[test]
    fn rank_words_inside_names_are_no_localities() {
        // `QUẢN` folds like `QUẬN`, `xã hội` holds `xã`, `Tỉnh ủy` holds `tỉnh`.
        let i = parse_heading("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI").unwrap();
        assert_eq!(i.locality, None, "{i:?}");
        let i = parse_heading("BAN TỔ CHỨC TỈNH ỦY").unwrap();
        assert_eq!(i.level, None, "{i:?}");
        // An OCR copy without marks is still read on its letters.
        let i = parse_heading("UY BAN NHAN DAN\nQUAN BA DINH").unwrap();
        assert_eq!(i.level, Some(Level::District));
    }

    #[test]
    fn provinces_are_recognized_in_any_spelling() {
        assert_eq!(province_named("SƠN LA"), Some("Sơn La"));
        assert_eq!(province_named("TP. Hồ Chí Minh"), Some("Hồ Chí Minh"));
        assert_eq!(province_named("Bắc Yên"), None);
    }

    #[test]
    fn recipients_tell_the_senders_level() {
        assert_eq!(
            level_from_recipients("- UBND các huyện, thành phố."),
            Some(Level::Province)
        );
        assert_eq!(
            level_from_recipients("- UBND các xã, thị trấn."),
            Some(Level::District)
        );
        assert_eq!(level_from_recipients("Kính gửi: Sở Y tế"), None);
    }
}
