//! Legacy Vietnamese encodings: Windows-1258, TCVN3 (ABC) and VNI-Windows, and telling them apart.
//!
//! The detection rule: a file that is not UTF-8 is decoded as each legacy encoding in turn, and
//! each decoding is scored by how many of its words are common Vietnamese words (`của`, `các`,
//! `thực`, `hiện`, `ngày`...). The best decoding wins when at least a third of its accented words
//! and at least three words in all are such words; otherwise the file is refused, never half-read.

use unicode_normalization::UnicodeNormalization;

/// The legacy encodings vncite reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// Windows code page 1258 (base letters and combining tone marks).
    Windows1258,
    /// TCVN 5712:1993 VN3, the ABC fonts (.VnTime): precomposed lower-case letters in 0xA1–0xFF.
    Tcvn3,
    /// VNI-Windows fonts: a base letter followed by modifier bytes.
    Vni,
}

impl Legacy {
    /// Every legacy encoding, in detection order.
    pub const ALL: [Legacy; 3] = [Legacy::Windows1258, Legacy::Tcvn3, Legacy::Vni];

    /// Decodes `bytes` to NFC text.
    pub fn decode(self, bytes: &[u8]) -> String {
        let raw = match self {
            Legacy::Windows1258 => encoding_rs::WINDOWS_1258
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            Legacy::Tcvn3 => tcvn3(bytes),
            Legacy::Vni => vni(bytes),
        };
        raw.nfc().collect()
    }
}

/// TCVN3 bytes 0xA0–0xFF (the TCVN-5712 upper half; VN3 has no upper-case accented letters).
const TCVN3_HIGH: [u16; 96] = [
    0x00a0, 0x0102, 0x00c2, 0x00ca, 0x00d4, 0x01a0, 0x01af, 0x0110, 0x0103, 0x00e2, 0x00ea, 0x00f4,
    0x01a1, 0x01b0, 0x0111, 0x1eb0, 0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00e0, 0x1ea3, 0x00e3,
    0x00e1, 0x1ea1, 0x1eb2, 0x1eb1, 0x1eb3, 0x1eb5, 0x1eaf, 0x1eb4, 0x1eae, 0x1ea6, 0x1ea8, 0x1eaa,
    0x1ea4, 0x1ec0, 0x1eb7, 0x1ea7, 0x1ea9, 0x1eab, 0x1ea5, 0x1ead, 0x00e8, 0x1ec2, 0x1ebb, 0x1ebd,
    0x00e9, 0x1eb9, 0x1ec1, 0x1ec3, 0x1ec5, 0x1ebf, 0x1ec7, 0x00ec, 0x1ec9, 0x1ec4, 0x1ebe, 0x1ed2,
    0x0129, 0x00ed, 0x1ecb, 0x00f2, 0x1ed4, 0x1ecf, 0x00f5, 0x00f3, 0x1ecd, 0x1ed3, 0x1ed5, 0x1ed7,
    0x1ed1, 0x1ed9, 0x1edd, 0x1edf, 0x1ee1, 0x1edb, 0x1ee3, 0x00f9, 0x1ed6, 0x1ee7, 0x0169, 0x00fa,
    0x1ee5, 0x1eeb, 0x1eed, 0x1eef, 0x1ee9, 0x1ef1, 0x1ef3, 0x1ef7, 0x1ef9, 0x00fd, 0x1ef5, 0x1ed0,
];

fn cp1252(b: u8) -> char {
    let one = [b];
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(&one)
        .0
        .chars()
        .next()
        .unwrap_or('\u{FFFD}')
}

fn tcvn3(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        match b {
            0x00..=0x7F => out.push(b as char),
            0x80..=0x9F => out.push(cp1252(b)),
            _ => out
                .push(char::from_u32(TCVN3_HIGH[(b - 0xA0) as usize] as u32).unwrap_or('\u{FFFD}')),
        }
    }
    upper_case_headings(&out)
}

/// ABC headings are typed in lower-case codes and shown in capitals by a `.VnTimeH` font:
/// an accented lower-case letter inside an otherwise upper-case word is an upper-case letter.
fn upper_case_headings(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, word) in s
        .split_inclusive(|c: char| !c.is_alphanumeric())
        .enumerate()
    {
        let _ = i;
        let lower_ascii = word.chars().any(|c| c.is_ascii_lowercase());
        // `Số` is a capitalized word; `ủY`, `TỉNH` are capitals typed with lower-case codes.
        let inner_upper = word.chars().skip(1).any(|c| c.is_ascii_uppercase());
        if inner_upper && !lower_ascii {
            out.extend(word.chars().flat_map(char::to_uppercase));
        } else {
            out.push_str(word);
        }
    }
    out
}

const ACUTE: char = '\u{301}';
const GRAVE: char = '\u{300}';
const HOOK: char = '\u{309}';
const TILDE: char = '\u{303}';
const DOT: char = '\u{323}';
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';
const HORN: char = '\u{31B}';

/// A VNI tone modifier byte: (lower-case byte, upper-case byte, mark).
const VNI_TONES: [(u8, u8, char); 5] = [
    (0xF9, 0xD9, ACUTE),
    (0xF8, 0xD8, GRAVE),
    (0xFB, 0xDB, HOOK),
    (0xF5, 0xD5, TILDE),
    (0xEF, 0xCF, DOT),
];
/// A VNI circumflex modifier (after a, e, o), alone or with a tone.
const VNI_CIRCUMFLEX: [(u8, u8, Option<char>); 6] = [
    (0xE2, 0xC2, None),
    (0xE1, 0xC1, Some(ACUTE)),
    (0xE0, 0xC0, Some(GRAVE)),
    (0xE5, 0xC5, Some(HOOK)),
    (0xE3, 0xC3, Some(TILDE)),
    (0xE4, 0xC4, Some(DOT)),
];
/// A VNI breve modifier (after a), alone or with a tone.
const VNI_BREVE: [(u8, u8, Option<char>); 6] = [
    (0xEA, 0xCA, None),
    (0xE9, 0xC9, Some(ACUTE)),
    (0xE8, 0xC8, Some(GRAVE)),
    (0xFA, 0xCA, Some(HOOK)),
    (0xFC, 0xDC, Some(TILDE)),
    (0xEB, 0xCB, Some(DOT)),
];

/// Letters VNI writes in one byte: (byte, letter).
const VNI_SINGLE: [(u8, char); 18] = [
    (0xF4, 'ơ'),
    (0xD4, 'Ơ'),
    (0xF6, 'ư'),
    (0xD6, 'Ư'),
    (0xF1, 'đ'),
    (0xD1, 'Đ'),
    (0xED, 'í'),
    (0xCD, 'Í'),
    (0xEC, 'ì'),
    (0xCC, 'Ì'),
    (0xE6, 'ỉ'),
    (0xC6, 'Ỉ'),
    (0xF3, 'ĩ'),
    (0xD3, 'Ĩ'),
    (0xF2, 'ị'),
    (0xD2, 'Ị'),
    (0xEE, 'ỵ'),
    (0xCE, 'Ỵ'),
];

fn vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        // Bases that take modifiers: a e o u y, and ơ ư written as ô ö.
        let base: Option<(char, char)> = match b {
            b'a' | b'e' | b'o' | b'u' | b'y' | b'A' | b'E' | b'O' | b'U' | b'Y' => {
                Some((b as char, b as char))
            }
            0xF4 => Some(('o', HORN)),
            0xD4 => Some(('O', HORN)),
            0xF6 => Some(('u', HORN)),
            0xD6 => Some(('U', HORN)),
            _ => None,
        };
        if let (Some((letter, extra)), Some(m)) = (base, next) {
            let lower = letter.to_ascii_lowercase();
            let mut marks: Vec<char> = Vec::new();
            if extra == HORN {
                marks.push(HORN);
            }
            let mut used = false;
            if let Some(&(_, _, t)) = VNI_TONES.iter().find(|(l, u, _)| *l == m || *u == m) {
                marks.push(t);
                used = true;
            } else if extra != HORN && matches!(lower, 'a' | 'e' | 'o') {
                if let Some(&(_, _, t)) = VNI_CIRCUMFLEX.iter().find(|(l, u, _)| *l == m || *u == m)
                {
                    marks.push(CIRCUMFLEX);
                    marks.extend(t);
                    used = true;
                } else if lower == 'a' {
                    if let Some(&(_, _, t)) = VNI_BREVE.iter().find(|(l, u, _)| *l == m || *u == m)
                    {
                        marks.push(BREVE);
                        marks.extend(t);
                        used = true;
                    }
                }
            }
            if used {
                out.push(letter);
                out.extend(marks);
                i += 2;
                continue;
            }
            if extra == HORN {
                out.push(letter);
                out.push(HORN);
                i += 1;
                continue;
            }
        }
        match VNI_SINGLE.iter().find(|(x, _)| *x == b) {
            Some((_, c)) => out.push(*c),
            None if b < 0x80 => out.push(b as char),
            None => out.push(cp1252(b)),
        }
        i += 1;
    }
    out
}

/// Common words of administrative Vietnamese: a decoding that yields them is the right one.
const COMMON: &[&str] = &[
    "của",
    "các",
    "và",
    "số",
    "ngày",
    "tháng",
    "năm",
    "được",
    "thực",
    "hiện",
    "tỉnh",
    "huyện",
    "xã",
    "ủy",
    "nhân",
    "dân",
    "công",
    "văn",
    "điện",
    "quyết",
    "định",
    "nghị",
    "theo",
    "về",
    "việc",
    "những",
    "trên",
    "địa",
    "bàn",
    "phòng",
    "chống",
    "dịch",
    "người",
    "đồng",
    "chí",
    "chỉ",
    "đạo",
    "cơ",
    "quan",
    "đơn",
    "vị",
    "thông",
    "báo",
    "kế",
    "hoạch",
    "tổ",
    "chức",
    "yêu",
    "cầu",
    "triển",
    "khai",
    "hướng",
    "dẫn",
    "bộ",
    "sở",
    "tế",
    "để",
    "có",
    "không",
    "đã",
    "này",
    "với",
    "trong",
    "cho",
    "tại",
    "từ",
    "đến",
    "chủ",
    "tịch",
    "hành",
    "nội",
    "dung",
    "nhiệm",
    "vụ",
    "cấp",
    "tăng",
    "cường",
    "kiểm",
    "tra",
    "báo",
    "cáo",
    "trưởng",
    "phó",
    "lưu",
    "nơi",
    "nhận",
    "kính",
    "gửi",
    "độc",
    "lập",
    "tự",
    "do",
    "hạnh",
    "phúc",
    "cộng",
    "hòa",
    "hội",
    "nghĩa",
    "việt",
    "nam",
    "chính",
    "phủ",
    "thủ",
    "tướng",
    "đơn",
    "vị",
    "liên",
    "quan",
];

/// How Vietnamese a decoding reads: (common accented words, all accented words, common words).
pub fn score(text: &str) -> (usize, usize, usize) {
    let mut common_accented = 0;
    let mut accented = 0;
    let mut common = 0;
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(20_000)
    {
        // Decoders give NFC already: lower-casing is all a comparison needs.
        let lower = w.to_lowercase();
        let is_common = COMMON.contains(&lower.as_str());
        common += is_common as usize;
        if !w.is_ascii() {
            accented += 1;
            common_accented += is_common as usize;
        }
    }
    (common_accented, accented, common)
}

/// The legacy encoding `bytes` read as, by the rule in the module comment.
pub fn detect(bytes: &[u8]) -> Option<Legacy> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let mut best: Option<(Legacy, usize, usize)> = None;
    for enc in Legacy::ALL {
        let (hits, accented, common) = score(&enc.decode(sample));
        let better = best.is_none_or(|(_, h, _)| hits > h);
        if better {
            best = Some((enc, hits, accented.max(1)));
        }
        let _ = common;
    }
    let (enc, hits, accented) = best?;
    (hits >= 3 && hits * 3 >= accented).then_some(enc)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ về tăng cường phòng, chống dịch";

    /// Encodes Unicode text to TCVN3 by inverting the table (lower case only, as ABC fonts do).
    fn to_tcvn3(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for c in s.chars() {
            if c.is_ascii() {
                out.push(c as u8);
                continue;
            }
            let lc = c.to_lowercase().next().unwrap_or(c);
            let pos = TCVN3_HIGH
                .iter()
                .position(|&u| u as u32 == c as u32)
                .or_else(|| TCVN3_HIGH.iter().position(|&u| u as u32 == lc as u32));
            out.push(0xA0 + pos.expect("letter in TCVN3") as u8);
        }
        out
    }

    #[test]
    fn tcvn3_decodes_and_is_detected() {
        let bytes = to_tcvn3(SENTENCE);
        assert_eq!(Legacy::Tcvn3.decode(&bytes), SENTENCE);
        assert_eq!(detect(&bytes), Some(Legacy::Tcvn3));
    }

    #[test]
    fn tcvn3_headings_in_capitals() {
        // `ỦY BAN` typed with the lower-case code of `ủ`.
        let bytes = to_tcvn3("ủY BAN NHÂN DÂN");
        assert_eq!(Legacy::Tcvn3.decode(&bytes), "ỦY BAN NHÂN DÂN");
    }

    #[test]
    fn vni_decodes_and_is_detected() {
        // "Thực hiện Công điện số ... của Thủ tướng Chính phủ về ..." in VNI-Windows bytes.
        let mut b: Vec<u8> = Vec::new();
        for part in [
            &b"Th"[..],
            &[0xF6, 0xEF],
            b"c hi",
            &[b'e', 0xE4],
            b"n C",
            &[b'o', 0xE2],
            b"ng ",
            &[0xF1],
            b"i",
            &[b'e', 0xE4],
            b"n s",
            &[b'o', 0xE1],
            b" 1068/C",
            &[0xD1],
            b"-TTg c",
            &[b'u', 0xFB],
            b"a Th",
            &[b'u', 0xFB],
            b" t",
            &[0xF6, 0xF4, 0xF9],
            b"ng Ch",
            &[0xED],
            b"nh ph",
            &[b'u', 0xFB],
            b" v",
            &[b'e', 0xC0],
            b" t",
            &[b'a', 0xEB],
            b"ng c",
            &[0xF6, 0xF4, 0xF8],
            b"ng",
        ] {
            b.extend_from_slice(part);
        }
        let text = Legacy::Vni.decode(&b);
        assert_eq!(
            text,
            "Thực hiện Công điện số 1068/CĐ-TTg của Thủ tướng Chính phủ về tặng cường"
        );
        assert_eq!(detect(&b), Some(Legacy::Vni));
    }

    #[test]
    fn windows_1258_with_combining_tones() {
        // "của" = c u 0xF2(hook above) a; "Đ" = 0xD0.
        let b = b"Th\xFD\xF2c hi\xEA\xF2n cu\xD2a c\xE1c v\xE0 ng\xE0y \xD0i\xEA\xF2n";
        let t = Legacy::Windows1258.decode(b);
        assert_eq!(t, "Thực hiện của các và ngày Điện");
        assert_eq!(detect(b), Some(Legacy::Windows1258));
    }

    #[test]
    fn arbitrary_bytes_are_not_vietnamese() {
        let noise: Vec<u8> = (0..4000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 0x80)
            .collect();
        assert_eq!(detect(&noise), None);
    }
}
