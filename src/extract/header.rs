//! The document's own header: number, kind, issuer, place, date, subject (docs/header.md).

use super::issuer;
use crate::gazetteer::{compose_name, province_named};
use crate::key::{scan_blank_symbol, scan_key, Case};
use crate::model::{
    DocKey, DocKind, IdentityFrom, IdentitySource, Issuer, Level, PartialDate, Scheme,
};
use crate::normalize::{
    floor_char, is_alnum, is_letter, is_lower, lower, lower_first, lowers_to, squash_spaces,
};
use regex::Regex;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

/// What the header says, with the spans the reference finder must not read as references.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// Own number, if not blank.
    pub number: Option<DocKey>,
    /// Own symbol (kept for unnumbered drafts).
    pub symbol: Option<String>,
    /// Kind from the symbol, the title line or `V/v`.
    pub kind: Option<DocKind>,
    /// Issuer from the heading block, or the symbol and place.
    pub issuer: Option<Arc<Issuer>>,
    /// Place on the place-and-date line.
    pub place: Option<String>,
    /// Date on the place-and-date line.
    pub date: Option<PartialDate>,
    /// Subject (`V/v ...`) or title.
    pub subject: Option<String>,
    /// Normalized span of the own number (`Số: ...`), never a reference.
    pub number_span: Option<Range<usize>>,
    /// Where the document starts in the normalized text (web-page chrome before it is ignored).
    pub body_start: usize,
    /// Where the document ends (chrome after it is ignored).
    pub body_end: usize,
    /// Where each identity field was read.
    pub from: IdentityFrom,
}

/// How far into the text the header may reach.
const HEADER_BYTES: usize = 6000;

/// The mottos that anchor a header, spelled for [`mottos`]: a letter or a `[set]` of letters
/// in lower case (matched in any case, as the pattern `(?i)` does), a space for `\s+`, a `~`
/// for `\s*`. The pattern they stand for is kept in the tests.
const MOTTO_SPELLINGS: [&str; 3] = [
    "c[ộo]ng h[òo]a x[ãa] h[ộo]i ch[ủu] ngh[ĩi]a vi[ệe]t nam",
    "đ[ộo]c l[ậa]p~-~t[ựu] do~-~h[ạa]nh ph[úu]c",
    "đảng cộng sản việt nam",
];

/// The spellings most headers use, motto by motto: one comparison accepts them before the
/// steps are walked (each is what its steps match, as a test shows).
const MOTTO_USUAL: [&[&str]; 3] = [
    &[
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
    ],
    &["Độc lập - Tự do - Hạnh phúc", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"],
    &["ĐẢNG CỘNG SẢN VIỆT NAM", "Đảng Cộng sản Việt Nam"],
];

/// One step of a motto: one character from a set, or a run of white space.
enum MottoStep {
    /// One of these characters, as (UTF-8 bytes read little-endian, mask of their bytes,
    /// length): the letters of the spelling in both cases.
    Char(Vec<(u32, u32, usize)>),
    /// White space; `true` when at least one character is needed.
    Space(bool),
}

/// The characters `(?i)` lets stand for the lower-case letter `l` (simple case folding: the
/// letter, its capital, and the long `ſ` for `s`).
fn case_class(l: char) -> impl Iterator<Item = char> {
    let upper = Some(l.to_uppercase())
        .filter(|u| u.len() == 1)
        .and_then(|mut u| u.next());
    [Some(l), upper, (l == 's').then_some('ſ')]
        .into_iter()
        .flatten()
}

/// The mottos, each as its steps.
static MOTTOS: LazyLock<Vec<Vec<MottoStep>>> = LazyLock::new(|| {
    MOTTO_SPELLINGS
        .iter()
        .map(|spelling| {
            let mut steps = Vec::new();
            let mut cs = spelling.chars();
            while let Some(c) = cs.next() {
                let letters: Vec<char> = match c {
                    ' ' => {
                        steps.push(MottoStep::Space(true));
                        continue;
                    }
                    '~' => {
                        steps.push(MottoStep::Space(false));
                        continue;
                    }
                    '[' => cs.by_ref().take_while(|&c| c != ']').collect(),
                    c => vec![c],
                };
                steps.push(MottoStep::Char(
                    letters
                        .into_iter()
                        .flat_map(case_class)
                        .map(|c| {
                            let mut w = [0; 4];
                            let n = c.encode_utf8(&mut w).len();
                            (u32::from_le_bytes(w), u32::MAX >> (8 * (4 - n)), n)
                        })
                        .collect(),
                ));
            }
            steps
        })
        .collect()
});

/// Each motto's second letter in every spelling its step accepts, as UTF-8.
static MOTTO_SECONDS: LazyLock<Vec<Vec<Vec<u8>>>> = LazyLock::new(|| {
    MOTTOS
        .iter()
        .map(|m| match m.get(1) {
            Some(MottoStep::Char(set)) => set
                .iter()
                .map(|&(w, _, n)| w.to_le_bytes()[..n].to_vec())
                .collect(),
            _ => Vec::new(),
        })
        .collect()
});

/// Length of the motto `steps` at the start of `s`, if one is there, compared byte by byte.
/// White space is taken greedily: no step after a run of it can match white space, so
/// nothing is given back.
fn motto_len(s: &str, steps: &[MottoStep]) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    for step in steps {
        match step {
            MottoStep::Char(set) => {
                // The next four bytes (zeros past the end) against each spelling's bytes,
                // read one by one: a copy of a variable length is a call to memcpy.
                let at = |k: usize| u32::from(b.get(i + k).copied().unwrap_or(0)) << (8 * k);
                let w = at(0) | at(1) | at(2) | at(3);
                i += set.iter().find(|&&(v, mask, _)| w & mask == v)?.2;
            }
            MottoStep::Space(needed) => {
                let from = i;
                while let Some(&c) = b.get(i) {
                    let n = match c {
                        b'\t'..=b'\r' | b' ' => 1,
                        0x80.. => match s[i..].chars().next() {
                            Some(ch) if ch.is_whitespace() => ch.len_utf8(),
                            _ => break,
                        },
                        _ => break,
                    };
                    i += n;
                }
                if *needed && i == from {
                    return None;
                }
            }
        }
    }
    Some(i)
}

/// Which mottos a scan reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MottoCase {
    /// Every motto, in any case.
    Any,
    /// Mottos written without a lower-case letter, as headers write them (a motto in running
    /// text, `nước Cộng hòa xã hội chủ nghĩa Việt Nam`, is no header).
    Capitals,
}

/// The mottos in `s`, left to right, as the pattern's `find_iter` finds them.
fn mottos(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    mottos_in(s, MottoCase::Any)
}

/// The mottos in `s` written in `case`. Read by hand: every motto starts with `c` or `đ` in
/// some case. For [`MottoCase::Capitals`] the scan stops only at `C` and `Đ`: it yields what
/// [`MottoCase::Any`] yields less the mottos with a lower-case letter, because a motto that
/// starts in lower case has one, and no motto's capital start stands inside a motto that
/// starts in lower case (a test holds the two scans together). Whole pages are scanned so
/// for headers, and lower-case `c` is most of their candidates.
fn mottos_in(s: &str, case: MottoCase) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = s.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            // `C`, `c`, and the lead byte of `Đ` and `đ`; for capitals `C` and the last byte
            // of `Đ` (C4 90), which few other letters of a text end in (`ă` and `đ` share
            // the lead byte, not this one).
            let next = match case {
                MottoCase::Any => memchr::memchr3(b'c', b'C', 0xC4, &b[at..]),
                MottoCase::Capitals => memchr::memchr2(b'C', 0x90, &b[at..]),
            };
            let Some(i) = next else { break };
            let mut p = at + i;
            at = p + 1;
            if b[p] == 0x90 {
                if p == 0 || b[p - 1] != 0xC4 {
                    continue;
                }
                p -= 1;
            }
            // The first motto alone starts with `c`, the other two with `đ`.
            let (which, second) = match (b[p], b.get(p + 1), case) {
                (0xC4, Some(0x90), _) | (0xC4, Some(0x91), MottoCase::Any) => (1..3, p + 2),
                (0xC4, _, _) => continue,
                _ => (0..1, p + 1),
            };
            // Most candidates fail on their second letter (`các`, `cũng`, `để`).
            let rest = &b[second..];
            if !MOTTO_SECONDS[which.clone()]
                .iter()
                .flatten()
                .any(|v| rest.starts_with(v))
            {
                continue;
            }
            let here = &s[p..];
            let usual = |k: usize| MOTTO_USUAL[k].iter().find(|u| here.starts_with(**u));
            if let Some(n) = which.into_iter().find_map(|k| {
                usual(k)
                    .map(|u| u.len())
                    .or_else(|| motto_len(here, &MOTTOS[k]))
            }) {
                at = p + n;
                if case == MottoCase::Capitals && s[p..p + n].chars().any(is_lower) {
                    continue;
                }
                return Some(p..p + n);
            }
        }
        at = b.len();
        None
    })
}

/// True when `c` is a letter or a digit of any script (`[\p{L}\p{N}]`): Vietnamese letters
/// are answered at once, the rest by the pattern.
fn letter_or_number(c: char) -> bool {
    static LN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[\p{L}\p{N}]").unwrap_or_else(|e| panic!("{e}")));
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0xC0..=0xFF => !matches!(c, '×' | '÷'),
        0x1EA0..=0x1EF9 => true,
        _ => LN.is_match(c.encode_utf8(&mut [0; 4])),
    }
}

/// The `Số` marks of `t[from..to]`, as (start of `Số`, end of the mark): `Số` starting a
/// word, then white space, an optional `hiệu`, an optional colon and spaces — what the pattern
/// `(?:^|[^\p{L}\p{N}])(S[ốo]\s*(?:hiệu\s*)?:?[ \t]*)` finds with `find_iter` over the slice,
/// read by hand: this runs on every header.
/// The vowel of `Số` as pages and OCR write it: any `o` with any marks, in either case.
const SO_VOWELS: &str = "oóòỏõọôốồổỗộơớờởỡợOÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢ";

fn so_marks(t: &str, from: usize, to: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = t.as_bytes();
    // Where the next search starts: the boundary before `S` must lie at or after it.
    let mut pos = from;
    let mut at = from;
    std::iter::from_fn(move || {
        while let Some(i) = memchr::memchr(b'S', &b[at..to]) {
            let p = at + i;
            at = p + 1;
            let boundary = if p == from {
                true
            } else {
                t[..p]
                    .char_indices()
                    .next_back()
                    .is_some_and(|(q, c)| q >= pos && !letter_or_number(c))
            };
            if !boundary {
                continue;
            }
            let rest = &t[p + 1..to];
            // `Số` in any case and with any marks OCR gives its vowel (`Sô`, `SỐ`, `So`).
            let Some(rest) = rest
                .chars()
                .next()
                .filter(|c| SO_VOWELS.contains(*c))
                .map(|c| &rest[c.len_utf8()..])
            else {
                continue;
            };
            let mut rest = rest.trim_start();
            if let Some(r) = rest.strip_prefix("hiệu") {
                rest = r.trim_start();
            }
            rest = rest.strip_prefix(':').unwrap_or(rest);
            rest = rest.trim_start_matches([' ', '\t']);
            let end = to - rest.len();
            pos = end;
            at = end;
            return Some((p, end));
        }
        at = to;
        None
    })
}

/// Unicode general-category tests the place-and-date reader needs, as the pattern classes
/// `\p{Lu}`, `\p{Ll}` and `\d` (`Nd`) read them: Latin and Vietnamese letters and ASCII
/// digits answered at once, the rest by the pattern.
fn char_class(c: char, class: CharClass) -> bool {
    static PATTERNS: LazyLock<[Regex; 3]> = LazyLock::new(|| {
        [r"^\p{Lu}", r"^\p{Ll}", r"^\d"].map(|p| Regex::new(p).unwrap_or_else(|e| panic!("{e}")))
    });
    let u = c as u32;
    match (class, u) {
        (CharClass::Digit, 0..=0x7F) => c.is_ascii_digit(),
        // Latin letters: the case properties agree with the categories here (an exhaustive
        // test holds them to the pattern).
        (CharClass::Upper, 0..=0x7F) => c.is_ascii_uppercase(),
        (CharClass::Lower, 0..=0x7F) => c.is_ascii_lowercase(),
        (CharClass::Upper, 0xC0..=0x24F) => c.is_uppercase(),
        (CharClass::Lower, 0xC0..=0x24F) => c.is_lowercase(),
        // The Vietnamese block: capitals even, small letters odd.
        (CharClass::Upper | CharClass::Lower, 0x1EA0..=0x1EF9) => {
            (u & 1 == 0) == (class == CharClass::Upper)
        }
        _ => PATTERNS[class as usize].is_match(c.encode_utf8(&mut [0; 4])),
    }
}

/// The classes [`char_class`] tells apart.
#[derive(Clone, Copy, PartialEq)]
enum CharClass {
    Upper = 0,
    Lower = 1,
    Digit = 2,
}

/// Start of the place word that ends at `end` (`\p{Lu}\p{Ll}*`), if one does.
fn place_word_start(line: &str, end: usize) -> Option<usize> {
    let head = &line[..end];
    let lower = head
        .trim_end_matches(|c| char_class(c, CharClass::Lower))
        .len();
    let c = head[..lower].chars().next_back()?;
    char_class(c, CharClass::Upper).then(|| lower - c.len_utf8())
}

/// Start of the place word before the one that starts at `start`, across one separator: a
/// space, a dot, or a hyphen with at most one white space either side (`\s?-\s?|[ .]`). A
/// word ends in a letter, so at most one reading of the separator can work.
fn previous_place_word(line: &str, start: usize) -> Option<usize> {
    let before = &line[..start];
    let last = before.chars().next_back()?;
    let rest = &before[..before.len() - last.len_utf8()];
    let dash = match last {
        '-' => Some(rest),
        c if c.is_whitespace() => rest.strip_suffix('-'),
        _ => None,
    };
    let end = match dash {
        // A white space before the hyphen belongs to it.
        Some(d) => d.strip_suffix(char::is_whitespace).unwrap_or(d).len(),
        None if matches!(last, ' ' | '.') => rest.len(),
        None => return None,
    };
    place_word_start(line, end)
}

/// The place-and-date pattern's first match in `line`, read by hand: the place (up to five
/// capitalized words joined by a space, a dot or a hyphen) read back from a comma, the date
/// read on from it, each comma in turn. It stands for
/// `(?P<place>\p{Lu}\p{Ll}*(?:(?:\s?-\s?|[ .])\p{Lu}\p{Ll}*){0,4})\s*,\s*ngày\s*(?P<d>\d{1,2})?[\s._…]*tháng\s*(?P<m>\d{1,2})?[\s._…]*năm\s*(?P<y>\d{4})`,
/// held to it by a property test. A later comma's place starts after an earlier comma, so
/// the first comma that works gives the leftmost match.
fn place_date_find(line: &str) -> Option<&str> {
    for (comma, _) in line.match_indices(',') {
        let Some(end) = date_after_comma(&line[comma + 1..]) else {
            continue;
        };
        // The place: white space, then up to five words back from the comma.
        let at = line[..comma].trim_end_matches(char::is_whitespace).len();
        let Some(mut start) = place_word_start(line, at) else {
            continue;
        };
        for _ in 0..4 {
            match previous_place_word(line, start) {
                Some(s) => start = s,
                None => break,
            }
        }
        return Some(&line[start..comma + 1 + end]);
    }
    None
}

/// Length of `\s*ngày\s*(\d{1,2})?[\s._…]*tháng\s*(\d{1,2})?[\s._…]*năm\s*\d{4}` at the
/// start of `s` (what follows the comma), if it is there.
fn date_after_comma(s: &str) -> Option<usize> {
    fn skip(s: &str, at: usize, f: impl Fn(char) -> bool) -> usize {
        at + (s[at..].len() - s[at..].trim_start_matches(f).len())
    }
    let filler = |c: char| c.is_whitespace() || matches!(c, '.' | '_' | '…');
    let mut at = skip(s, 0, char::is_whitespace);
    at += s[at..].starts_with("ngày").then_some("ngày".len())?;
    for word in ["tháng", "năm"] {
        at = skip(s, at, char::is_whitespace);
        // One or two digits; a longer number is neither a day nor filler.
        let run = skip(s, at, |c| char_class(c, CharClass::Digit));
        if s[at..run].chars().count() > 2 {
            return None;
        }
        at = run;
        at = skip(s, at, filler);
        at += s[at..].starts_with(word).then_some(word.len())?;
    }
    at = skip(s, at, char::is_whitespace);
    // Four digits of the year (more may follow).
    let mut year = s[at..].char_indices();
    for _ in 0..4 {
        let (_, c) = year.next()?;
        if !char_class(c, CharClass::Digit) {
            return None;
        }
    }
    Some(year.next().map_or(s.len(), |(i, _)| at + i))
}

static VV_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t#>]*(?:V/v|V/V|v/v|Về việc)\s*:?\s*").unwrap_or_else(|e| panic!("{e}"))
});

/// Web-page chrome that ends a document when a line starts with it (one space between words).
const CHROME_WORDS: &[&str] = &[
    "tải về",
    "tải văn bản",
    "văn bản liên quan",
    "văn bản gốc",
    "lược đồ",
    "thuộc tính văn bản",
    "bài viết liên quan",
    "tin liên quan",
    "các tin khác",
    "xem thêm",
    "chia sẻ bài",
    "đăng nhập",
    "trang chủ",
    "copyright",
    "bản quyền thuộc",
    "©",
];

/// Words that end the header when a line starts with them (any white space between words).
const END_OF_HEADER_WORDS: &[&str] = &["kính gửi", "căn cứ", "nơi nhận"];

/// Length of the prefix of `s` that spells `pat` (lower case) in any case; a space in `pat`
/// stands for one space, or for any run of white space when `any_space`.
fn prefix_ci(s: &str, pat: &str, any_space: bool) -> Option<usize> {
    let mut it = s.char_indices().peekable();
    for p in pat.chars() {
        if p == ' ' && any_space {
            let mut n = 0;
            while it.next_if(|(_, c)| c.is_whitespace()).is_some() {
                n += 1;
            }
            if n == 0 {
                return None;
            }
            continue;
        }
        let (_, c) = it.next()?;
        if !lowers_to(c, p) {
            return None;
        }
    }
    Some(it.peek().map_or(s.len(), |(i, _)| *i))
}

/// Words a line may start with, and the first bytes they can start with in either case.
struct LineWords {
    /// Each word with its first two letters, which most lines already fail to match.
    words: Vec<(char, Option<char>, &'static str)>,
    first_bytes: [bool; 256],
    any_space: bool,
    whole_word: bool,
}

impl LineWords {
    fn new(words: &'static [&'static str], any_space: bool, whole_word: bool) -> LineWords {
        let mut first_bytes = [false; 256];
        for w in words {
            for v in [w.to_string(), w.to_uppercase()] {
                if let Some(&b) = v.as_bytes().first() {
                    first_bytes[b as usize] = true;
                }
            }
        }
        LineWords {
            words: words
                .iter()
                .filter_map(|w| {
                    let mut cs = w.chars();
                    Some((cs.next()?, cs.next().filter(|c| *c != ' '), *w))
                })
                .collect(),
            first_bytes,
            any_space,
            whole_word,
        }
    }

    /// True when `s` starts with one of the words.
    fn starts(&self, s: &str) -> bool {
        // Most lines start with no word's first letter: one lookup turns them away.
        if !s
            .as_bytes()
            .first()
            .is_some_and(|&b| self.first_bytes[b as usize])
        {
            return false;
        }
        let mut cs = s.chars().map(lower_first);
        let (first, second) = (cs.next(), cs.next());
        self.words.iter().any(|&(c1, c2, w)| {
            Some(c1) == first
                && (c2.is_none() || c2 == second)
                && prefix_ci(s, w, self.any_space).is_some_and(|n| {
                    !self.whole_word || s[n..].chars().next().is_none_or(|c| !is_alnum(c))
                })
        })
    }
}

static CHROME: LazyLock<LineWords> = LazyLock::new(|| LineWords::new(CHROME_WORDS, false, true));
/// The recipients' block that closes a document.
static SIGN_OFF: LazyLock<LineWords> = LazyLock::new(|| LineWords::new(&["nơi nhận"], true, false));
/// The headings of what follows a document's signature and belongs to it.
static APPENDIX: LazyLock<LineWords> = LazyLock::new(|| {
    LineWords::new(
        &["phụ lục", "phụ biểu", "mẫu", "biểu", "danh mục"],
        true,
        true,
    )
});
static END_OF_HEADER: LazyLock<LineWords> =
    LazyLock::new(|| LineWords::new(END_OF_HEADER_WORDS, true, false));

/// Start of the first line at or after `from` (and before `to`) that begins, after spaces,
/// `#`, `>` and `-`, with one of `words`.
fn line_starting_with(t: &str, from: usize, to: usize, words: &LineWords) -> Option<usize> {
    let b = t.as_bytes();
    let mut ls = from;
    // `from` counts as a line start only when it is one.
    // The search stays before `to`: a line starting past it is none of this range's (on a
    // page flattened onto one line, the next line start can lie past the document's end).
    if ls > 0 && b.get(ls - 1) != Some(&b'\n') {
        ls = memchr::memchr(b'\n', b.get(ls..to)?).map(|i| ls + i + 1)?;
    }
    // One searcher walks all the line ends: most lines are turned away by their first byte.
    let base = ls;
    let mut ends = memchr::memchr_iter(b'\n', &b[base..to]).map(|i| base + i + 1);
    while ls < to {
        let lead = b[ls..to]
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t' | b'#' | b'>' | b'-'))
            .count();
        if words.starts(&t[ls + lead..to]) {
            return Some(ls);
        }
        ls = ends.next()?;
    }
    None
}

/// Where the text of the `V/v` (or `Về việc`) line in `t[from..to]` starts.
fn subject_line(t: &str, from: usize, to: usize) -> Option<usize> {
    let b = t.as_bytes();
    let mut ls = from;
    while ls < to {
        let line = &t[ls..to];
        let rest = line.trim_start_matches([' ', '\t', '#', '>']);
        if let Some(after) = after_subject_mark(rest, &SUBJECT_MARKS) {
            return Some(to - after.len());
        }
        ls = memchr::memchr(b'\n', &b[ls..to]).map(|i| ls + i + 1)?;
    }
    None
}

/// The marks a subject line opens with.
const SUBJECT_MARKS: [&str; 4] = ["V/v", "V/V", "v/v", "Về việc"];

/// The text after a subject mark that opens `s` (and its `:`), when one does.
fn after_subject_mark<'a>(s: &'a str, marks: &[&str]) -> Option<&'a str> {
    let after = marks.iter().find_map(|m| s.strip_prefix(m))?.trim_start();
    Some(after.strip_prefix(':').unwrap_or(after).trim_start())
}

/// Where the subject starts when a `V/v` follows the own number on its line (`Số: 4417/CT-CS
/// V/v chính sách thuế`: a table cell holding both, flattened onto one line). `Về việc` is
/// not taken there: mid-line it is a title's words.
fn subject_beside_number(t: &str, number_end: usize) -> Option<usize> {
    let end = line_end(t, number_end);
    let rest = t[number_end..end].trim_start_matches([' ', '\t', '*', '_']);
    let after = after_subject_mark(rest, &SUBJECT_MARKS[..3])?;
    Some(end - after.len())
}

// Line ends found with memchr itself: `str::find('\n')` adds a one-byte memcmp call to
// every hit, and headers are walked line by line.
/// Start of the line holding byte `at`.
pub(super) fn line_start(t: &str, at: usize) -> usize {
    memchr::memrchr(b'\n', &t.as_bytes()[..at]).map_or(0, |i| i + 1)
}

fn line_end(t: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &t.as_bytes()[at..]).map_or(t.len(), |i| at + i)
}

/// Parses the header of normalized text `t`, taken as one document (the first of [`split`]).
pub fn parse(t: &str) -> Header {
    let first = split(t).into_iter().next().unwrap_or(Region {
        start: 0,
        header: 0,
        end: t.len(),
        motto: None,
    });
    parse_region(t, &first)
}

/// One document's stretch of the normalized text: from its header to the next one's; the
/// first document of a page also holds what stands before its header (web chrome, the
/// publisher's metadata), so every byte of a page belongs to a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Where the document's stretch starts: its header block, or 0 for a page's first.
    pub start: usize,
    /// Where its header block starts (0 when the text has no header).
    pub header: usize,
    /// Where the next document starts, or the end of the text.
    pub end: usize,
    /// The first motto in capitals of the header, found while splitting (no other stands in
    /// the text when this is none).
    pub motto: Option<Range<usize>>,
}

/// How far below its motto a header's own number may stand.
const NUMBER_REACH: usize = 1200;

/// A header's anchor: the national (or Party) motto in capitals, the block it heads, and the
/// own number written near it.
struct Anchor {
    block_start: usize,
    /// The first motto of the block (an earlier anchor's, when two share a block).
    motto: Range<usize>,
    number: Option<DocKey>,
    /// A `Số:` mark with its number left blank (`Số:    /UBND-VP`): a draft's or a form's.
    blank_number: bool,
    /// The issuer lines above the motto, letters only: two bodies' headers with one number
    /// (`1/KH-UBND` of two districts) are two documents.
    issuer: String,
}

/// The letters of a header's issuer lines (from the block start to the motto), upper case,
/// so one body's header repeated compares equal however it is spaced or framed.
fn issuer_letters(t: &str, block_start: usize, motto_start: usize) -> String {
    let mut out: String = t[block_start..motto_start.max(block_start)]
        .lines()
        .filter(|l| {
            let c = l.trim_matches(|c: char| "*_|-–—=. \t".contains(c));
            !(c.starts_with("Số") || c.starts_with("SỐ") || c.contains("ngày"))
        })
        .flat_map(|l| l.chars())
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_uppercase)
        .collect();
    out.shrink_to_fit();
    out
}

/// The documents of a text, in order. A file can hold several (a bundle of OCR'd PDFs): each
/// starts where a motto in capitals stands with a real own number near it, other than the
/// number of the document before. A motto over a blank number (`Số: ..../TB-...`, a form in
/// an appendix) belongs to the document it stands in. Text with no motto is one document.
pub fn split(t: &str) -> Vec<Region> {
    let mut anchors: Vec<Anchor> = Vec::new();
    for m in mottos_in(t, MottoCase::Capitals) {
        let ls = line_start(t, m.start);
        if anchors.last().is_some_and(|a| a.block_start >= ls) {
            continue;
        }
        let block_start = block_above(t, ls);
        let reach = floor_char(t, m.end + NUMBER_REACH);
        let own = own_number(t, block_start, header_end_from(t, m.end, reach));
        let blank_number = own.as_ref().is_some_and(|n| n.key.is_none());
        let number = own.and_then(|n| n.key);
        let motto = match anchors.last() {
            Some(a) if a.block_start == block_start => a.motto.clone(),
            _ => m,
        };
        let issuer = issuer_letters(t, block_start, motto.start);
        anchors.push(Anchor {
            block_start,
            motto,
            number,
            blank_number,
            issuer,
        });
    }
    let mut regions: Vec<Region> = Vec::new();
    let mut last: Option<(DocKey, String)> = None;
    for a in anchors {
        let starts_new = match (&a.number, regions.is_empty()) {
            (_, true) => true,
            (Some(n), false) => last.as_ref().is_none_or(|(ln, li)| {
                ln != n || (!li.is_empty() && !a.issuer.is_empty() && *li != a.issuer)
            }),
            // An unnumbered draft (`Số:    /UBND-VP`) after a document's sign-off, under an
            // issuer heading of its own, is a document; a blank-numbered form in that
            // document's appendix is not, nor is a charter it attaches (no `Số:` at all).
            (None, false) => regions.last().is_some_and(|prev| {
                a.blank_number
                    && !a.issuer.is_empty()
                    && line_starting_with(t, prev.header, a.block_start, &SIGN_OFF).is_some_and(
                        |sign_off| {
                            // The block above a motto can hold its label (`PHỤ LỤC I`).
                            line_starting_with(t, sign_off, a.motto.start, &APPENDIX).is_none()
                        },
                    )
                    && issuer::parse_heading(&t[a.block_start..a.motto.start]).is_some()
            }),
        };
        if !starts_new {
            continue;
        }
        if let Some(prev) = regions.last_mut() {
            prev.end = a.block_start;
        }
        last = a.number.clone().map(|n| (n, a.issuer.clone()));
        regions.push(Region {
            start: if regions.is_empty() { 0 } else { a.block_start },
            header: a.block_start,
            end: t.len(),
            motto: Some(a.motto),
        });
    }
    if regions.is_empty() {
        regions.push(Region {
            start: 0,
            header: 0,
            end: t.len(),
            motto: None,
        });
    }
    regions
}

/// The start of a header block above line `ls`: capital, blank, separator and `Số:` lines,
/// a handful at most; a markdown heading above the block (the page's own) ends it.
fn block_above(t: &str, ls: usize) -> usize {
    let mut s = ls;
    let mut taken = 0;
    while s > 0 && taken < 8 {
        let prev = line_start(t, s - 1);
        let line = t[prev..s].trim();
        if line.starts_with('#') || line.len() > 200 {
            break;
        }
        let cleaned = line.trim_matches(|c: char| "*_|-–—=. \t".contains(c));
        let number_line = cleaned.starts_with("Số") || cleaned.starts_with("SỐ");
        // `Số:` and the place-and-date line may stand above the issuer block and motto.
        let date_line =
            cleaned.contains("ngày") && cleaned.contains("tháng") && cleaned.contains("năm");
        if !cleaned.is_empty() && !number_line && !date_line && cleaned.chars().any(is_lower) {
            // A Party letter's left column holds its `V/v` subject above the motto, the
            // subject wrapped over a line or two: the block goes on above it.
            match subject_above(t, prev, 3) {
                Some(vv) => {
                    taken += 1;
                    s = vv;
                    continue;
                }
                None => break,
            }
        }
        if !cleaned.is_empty() {
            taken += 1;
        }
        s = prev;
    }
    // Blank lines above the first written one are not part of the block.
    while s < ls {
        let e = line_end(t, s);
        if !t[s..e].trim().is_empty() {
            break;
        }
        s = (e + 1).min(ls);
    }
    s
}

/// The start of the `V/v` line among the `lines` lines that end at line start `ls` (`ls`'s
/// own line first, then up), if one opens there.
fn subject_above(t: &str, mut ls: usize, lines: usize) -> Option<usize> {
    for _ in 0..lines {
        let line = t[ls..line_end(t, ls)].trim_start_matches([' ', '\t', '|', '*', '_']);
        if after_subject_mark(line, &SUBJECT_MARKS).is_some() {
            return Some(ls);
        }
        if ls == 0 {
            break;
        }
        ls = line_start(t, ls - 1);
    }
    None
}

/// Where a header's lead lines end: the first `Kính gửi`, `Căn cứ` or `Nơi nhận` line at or
/// after `from`, or `to`.
fn header_end_from(t: &str, from: usize, to: usize) -> usize {
    line_starting_with(t, from, to, &END_OF_HEADER).unwrap_or(to)
}

/// A document's own number as its header writes it.
struct OwnNumber {
    key: Option<DocKey>,
    symbol: String,
    /// From the `Số` mark to the end of the number.
    span: Range<usize>,
}

/// The own number in `t[from..to]`: the first `Số:` (or `Luật số:`) mark that is no
/// incoming-mail stamp (`ĐẾN Số: 520`), with the number after it — on the same line or a
/// line or two below, past table pipes, bold marks and blank lines — or a blank number with
/// its symbol (`Số: /UBND-KGVX`).
fn own_number(t: &str, from: usize, to: usize) -> Option<OwnNumber> {
    let to = to.min(t.len());
    if from >= to {
        return None;
    }
    // Both kinds of mark in text order, read lazily: the first good one ends the search.
    let mut laws = law_marks(t, from, to).peekable();
    let mut sos = so_marks(t, from, to).peekable();
    let marks = std::iter::from_fn(|| match (sos.peek(), laws.peek()) {
        (Some(s), Some(l)) if l < s => laws.next(),
        (Some(_), _) => sos.next(),
        (None, _) => laws.next(),
    });
    for (start, end) in marks {
        // `Số hiệu` labels the publisher's metadata row, read by `metadata`, not a header.
        if t[start..end].contains("hiệu") {
            continue;
        }
        let ls = line_start(t, start);
        // An incoming-mail stamp says `ĐẾN` before `Số` on its line, or on the line above.
        let before = &t[ls..start];
        if before.len() >= 3 {
            let before = lower(before);
            if before.contains("đến") || before.contains("den") {
                continue;
            }
        }
        let above = ls.saturating_sub(1);
        let prev_line = t[line_start(t, above)..above].trim();
        if prev_line.len() == "đến".len() && lower(prev_line) == "đến" {
            continue;
        }
        let at = skip_layout(t, end, to);
        if let Some(n) = number_at(t, at, start) {
            return Some(n);
        }
        // OCR of a two-column header: `Số:` ends the left column's line and the right
        // column's place and date stand beside it (`Số:   Hà Nội, ngày 11`); the number opens
        // the next line (`5012/CT-CS   tháng 12 năm 2025`).
        if !t[end..at].contains('\n') && at < to {
            let next = line_end(t, at) + 1;
            if next < to {
                let at = next + t[next..to].len()
                    - t[next..to].trim_start_matches([' ', '\t', '|']).len();
                if let Some(n) = number_at(t, at, start) {
                    return Some(n);
                }
            }
        }
    }
    None
}

/// The own number (or a blank one with its symbol) at `at`, for the mark at `mark`. (A number
/// OCR wrote with look-alike letters, `l23/KH-UBND`, is made digits by normalization.)
fn number_at(t: &str, at: usize, mark: usize) -> Option<OwnNumber> {
    let found = |k: crate::key::ScannedKey, end: usize| OwnNumber {
        symbol: k.key.symbol.clone(),
        key: Some(k.key),
        span: mark..end,
    };
    if t[at..].starts_with(|c: char| c.is_ascii_digit()) {
        if let Some(k) = scan_key(t, at, Case::Codes).or_else(|| scan_key(t, at, Case::Any)) {
            let end = k.end;
            return Some(found(k, end));
        }
    }
    scan_blank_symbol(t, at).map(|(symbol, e)| OwnNumber {
        key: None,
        symbol,
        span: mark..e,
    })
}

/// `Luật số:`, `Bộ luật số:`, `Nghị quyết số:`, `Pháp lệnh số:` at a line start: how laws and
/// resolutions of the National Assembly write their own number.
fn law_marks(t: &str, from: usize, to: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    // Searched anchored at a line's start: unanchored, the search looked for the pattern's
    // inner literals through the whole line (a paragraph, in a web page) before it failed.
    static LAW: LazyLock<regex_automata::meta::Regex> = LazyLock::new(|| {
        regex_automata::meta::Regex::new(
            r"(?i:bộ luật|luật|nghị quyết|pháp lệnh)[ \t]+s[ốo][ \t]*:[ \t]*",
        )
        .unwrap_or_else(|e| panic!("{e}"))
    });
    const LEAD: &[u8] = b" \t*#|_";
    let b = t.as_bytes();
    let mut ls = from;
    std::iter::from_fn(move || {
        // Line by line: a line whose first letter can start no kind word is passed over at
        // once, and the pattern reads only the lines that can hold a mark.
        while ls < to {
            let end = memchr::memchr(b'\n', &b[ls..to]).map_or(to, |i| ls + i);
            let lead = b[ls..end].iter().take_while(|c| LEAD.contains(c)).count();
            let start = ls + lead;
            ls = end + 1;
            if !matches!(
                b.get(start),
                Some(b'l' | b'L' | b'b' | b'B' | b'n' | b'N' | b'p' | b'P')
            ) {
                continue;
            }
            let line =
                regex_automata::Input::new(&t[start..end]).anchored(regex_automata::Anchored::Yes);
            if let Some(m) = LAW.find(line) {
                return Some((start, start + m.end()));
            }
        }
        None
    })
}

/// Past spaces, table pipes, bold and italic marks and at most three line ends from `at`: where a
/// number set in a cell of its own (`Số:` ending one cell, the number in the next) begins.
fn skip_layout(t: &str, mut at: usize, to: usize) -> usize {
    let b = t.as_bytes();
    let mut lines = 0;
    while at < to {
        match b[at] {
            b' ' | b'\t' | b'\r' | b'|' | b'*' | b'_' => at += 1,
            b'\n' if lines < 3 => {
                lines += 1;
                at += 1;
            }
            _ => break,
        }
    }
    at
}

/// A place-and-date line's date, as [`header_date`] reads it. OCR and old fonts damage the
/// date words (`ngảy`, `thảng`, `nǎm` with a caron, `ngàv`) and the figures (`2O25`, `l5`,
/// `2 025`); a few headers write the date in figures (`ngày 15/4/2025`). The figures are
/// cleaned before they are read.
static DATE: LazyLock<regex_automata::meta::Regex> = LazyLock::new(|| {
    // Both cases written out: a case-insensitive pattern over these classes costs far
    // more to build and to run.
    let a = format!("[{DATE_A}]");
    const NGAY: &str = "[nN][gG]";
    const FIG: &str = r"[0-9OoIl](?:\s?[0-9Oo])?";
    // OCR of a two-column header wraps the date onto the next line behind the left
    // column's cell (`ngày 11⏎5012/CT-CS   tháng 12 năm 2025`): a cell two spaces wide.
    const BESIDE: &str = r"(?:[ \t*_|]*\n[^\n]{1,40}?[ \t]{2,})?";
    let words = format!(
        r"{NGAY}{a}[yYvV][\s*_|]*(?:{FIG})?{BESIDE}[\s*_|.…]*[tT][hH]{a}[nN][gG][\s*_|]*(?:{FIG})[\s*_|.…,]*[nN]{a}[mM][\s*_|]*(?:[12](?:\s?[0-9Oo]){{3}})"
    );
    let figures = format!(
        r"{NGAY}{a}[yYvV][\s*_|]*(?:[0-9]{{1,2}})\s*[/.-]\s*(?:[0-9]{{1,2}})\s*[/.-]\s*(?:(?:19|20)[0-9]{{2}})"
    );
    regex_automata::meta::Regex::new(&format!("{words}|{figures}"))
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A place-and-date line's date anywhere in `t[from..to]`, wrapped or bold: `Hà Nội, ngày 20⏎tháng
/// 11 năm 2025`, `ngày **21** tháng **11** năm **2025**`. The day may be blank (month precision).
/// A date that follows a document number (`Nghị định số 151/2024/NĐ-CP ngày ...` in a title) is
/// that document's, not this one's.
fn header_date(t: &str, from: usize, to: usize) -> Option<(Range<usize>, PartialDate)> {
    /// The figures of a matched date in order (day, month, year or month, year): runs of
    /// digits and their OCR look-alikes, a single space inside a run taken as OCR's. The date
    /// words hold none of `0-9`, `O`, `o`, `I`, `l`, so only figures make runs.
    fn figures(s: &str) -> Vec<u16> {
        let fig = |c: char| c.is_ascii_digit() || matches!(c, 'O' | 'o' | 'I' | 'l');
        let value = |c: char| match c {
            'O' | 'o' => 0,
            'I' | 'l' => 1,
            c => c.to_digit(10).unwrap_or(0) as u16,
        };
        let cs: Vec<char> = s.chars().collect();
        let mut out = Vec::with_capacity(3);
        let mut run: Option<u16> = None;
        for (k, &c) in cs.iter().enumerate() {
            if fig(c) {
                run = Some(run.unwrap_or(0).saturating_mul(10).saturating_add(value(c)));
            } else if c == ' ' && run.is_some() && cs.get(k + 1).is_some_and(|&n| fig(n)) {
                continue;
            } else if let Some(r) = run.take() {
                out.push(r);
            }
        }
        out.extend(run);
        out
    }
    /// The match without the left column's cell the date wrapped behind (see `BESIDE`).
    fn without_beside(s: &str) -> std::borrow::Cow<'_, str> {
        let Some(nl) = s.find('\n') else {
            return s.into();
        };
        let line = &s[nl + 1..];
        match line.find("  ") {
            Some(gap)
                if line[..gap].chars().any(|c| !c.is_whitespace())
                    && line[gap..].trim_start().starts_with(['t', 'T']) =>
            {
                format!("{} {}", &s[..nl], &line[gap..]).into()
            }
            _ => s.into(),
        }
    }
    let to = floor_char(t, to.min(t.len()));
    for m in date_matches(&t[from..to]) {
        let at = from + m.start();
        // Whole word `ngày`.
        if t[..at].chars().next_back().is_some_and(is_alnum) {
            continue;
        }
        let ls = line_start(t, at);
        let before =
            t[ls..at].trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
        let last_word = before.rsplit(char::is_whitespace).next().unwrap_or("");
        if last_word.contains('/') && last_word.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let (d, mo, y) =
            match *figures(&without_beside(&t[from + m.start()..from + m.end()])).as_slice() {
                [d, mo, y] => (u8::try_from(d).ok(), mo, y),
                [mo, y] => (None, mo, y),
                _ => continue,
            };
        let Ok(mo) = u8::try_from(mo) else { continue };
        if let Some(date) =
            PartialDate::new(y, Some(mo), d).or_else(|| PartialDate::new(y, Some(mo), None))
        {
            return Some((at..from + m.end(), date));
        }
    }
    None
}

/// The letters `a` of [`header_date`]'s pattern, in either case: the letter after `ng` in
/// `ngày` and its damaged spellings.
const DATE_A: &str = "aàáảãạăằắẳẵặâầấẩẫậǎAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ";

/// The matches of [`DATE`] in `hay`, exactly as its `find_iter` gives them. Every match
/// starts with `ng`, a [`DATE_A`] and `y` or `v`, in any case, and the pattern looks at
/// nothing before its start, so the regex is only tried, anchored, at those starts: an
/// unanchored search ran its automaton over the whole of a header's reach (a tenth of a web
/// page's extraction time), and `ngày` and `ngay` are a few words in a page.
fn date_matches(hay: &str) -> impl Iterator<Item = regex_automata::Match> + '_ {
    use regex_automata::{Anchored, Input};
    let b = hay.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let start = memchr::memchr2_iter(b'g', b'G', b.get(at + 1..)?)
            .map(|k| at + 1 + k)
            .find(|&g| {
                matches!(b[g - 1], b'n' | b'N')
                    && hay.get(g + 1..).is_some_and(|rest| {
                        // The `y` first: `ng` is followed by some letter in every other
                        // word, by a letter and `y` or `v` in a few.
                        let mut cs = rest.chars();
                        let a = cs.next();
                        matches!(cs.next(), Some('y' | 'Y' | 'v' | 'V'))
                            && a.is_some_and(|a| DATE_A.contains(a))
                    })
            })?
            - 1;
        let input = Input::new(hay).range(start..).anchored(Anchored::Yes);
        match DATE.find(input) {
            Some(m) => {
                at = m.end().max(start + 1);
                return Some(m);
            }
            None => at = start + 1,
        }
    })
}

/// The gap a flattened table cell's edge leaves: three spaces or more.
const CELL_GAP: &str = "   ";

/// The place written before the date at `at` on its line: `Hà Nội` in `Số: 236/2026/NĐ-CP Hà
/// Nội, ngày ...`; none when nothing place-like stands there.
fn place_before(t: &str, at: usize, number_end: Option<usize>) -> Option<String> {
    let ls = line_start(t, at);
    let mut from = ls;
    if let Some(e) = number_end.filter(|e| (ls..at).contains(e)) {
        from = e;
    }
    let mut s = &t[from..at];
    if let Some(i) = s.rfind('|') {
        s = &s[i + 1..];
    }
    // Table cells flattened by normalization stand apart by a run of spaces (a cell's pipe
    // and the spaces around it): the place is in the last (`Số: 12/BYT V/v ...   Hà Nội,
    // ngày`). Two spaces are no cell's edge: justified text and `&nbsp; ` leave them inside
    // a name (`Hà  Nội`).
    let trimmed = s.trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    if let Some(i) = trimmed.rfind(CELL_GAP) {
        s = &s[i..];
    }
    if let Some(motto) = mottos(s).last() {
        s = &s[motto.end..];
    }
    let s = s.trim_matches(|c: char| c.is_whitespace() || ",*_-–".contains(c));
    let words = s.split_whitespace().count();
    (1..=6)
        .contains(&words)
        .then(|| squash_spaces(s))
        .filter(|p| p.chars().next().is_some_and(|c| !is_lower(c)) && !p.contains('/'))
}

/// The kind a title line names: `NGHỊ ĐỊNH`, `THÔNG TƯ LIÊN TỊCH`, `LUẬT VIỄN THÔNG`, `**QUYẾT
/// ĐỊNH**` (a line in capitals starting with a type word), with where the line ends.
fn title_kind(t: &str, from: usize, to: usize) -> Option<(DocKind, usize, usize)> {
    let to = to.max(from);
    let mut at = from;
    while at < to {
        let end = memchr::memchr(b'\n', &t.as_bytes()[at..to]).map_or(to, |i| at + i + 1);
        let s = t[at..end].trim_matches(|c: char| c.is_whitespace() || "#*_|".contains(c));
        // A chapter or article heading starts the body: what follows (`Chương I⏎QUY ĐỊNH
        // CHUNG`) is no title of the document.
        if starts_body(s) {
            return None;
        }
        if !s.is_empty() && s.chars().any(is_letter) && !s.chars().any(is_lower) {
            let words: Vec<&str> = s.split_whitespace().collect();
            for n in (1..=words.len().min(4)).rev() {
                if let Some(k) = DocKind::from_word(&words[..n].join(" ")) {
                    return Some((k, at, end));
                }
            }
        }
        at = end;
    }
    None
}

/// True for the heading of a chapter, a part or an article (`Chương I`, `CHƯƠNG II`, `Điều
/// 1.`, `Phần thứ nhất`): the body of a document has begun.
fn starts_body(line: &str) -> bool {
    // Only the first two words are lowered: lowering makes and unmakes no white space, and
    // this runs on every line of a header's reach (a whole web page when it has none).
    let mut words = line.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let (first, second) = (
        crate::normalize::lower(first),
        crate::normalize::lower(second),
    );
    let (first, second) = (first.as_str(), second.as_str());
    let numbered = second
        .trim_end_matches(['.', ':'])
        .chars()
        .all(|c| c.is_ascii_digit() || "ivxlc".contains(c));
    match first {
        "chương" | "điều" => numbered,
        "phần" => numbered || second == "thứ",
        _ => false,
    }
}

/// The issuer block's lines in `t[from..to]`, one part a line: mottos, separators, the number
/// and anything in lower case cut away, table cells split.
fn issuer_lines(t: &str, from: usize, to: usize) -> String {
    let src = &t[from..to.max(from)];
    let mut block = String::with_capacity(src.len());
    let mut last = 0;
    for m in mottos(src) {
        block.push_str(&src[last..m.start]);
        block.push('\n');
        last = m.end;
    }
    block.push_str(&src[last..]);
    let mut lines = String::with_capacity(block.len());
    for raw in block.lines() {
        for cell in raw.split('|') {
            let l = cell.trim_matches(|c: char| c.is_whitespace() || "#*_-–—=.".contains(c));
            if l.is_empty() || l.chars().any(is_lower) || !l.chars().any(is_letter) {
                continue;
            }
            if !lines.is_empty() {
                lines.push('\n');
            }
            lines.push_str(l);
        }
    }
    lines
}

/// Parses the header of the document in `region` of normalized text `t`.
pub fn parse_region(t: &str, region: &Region) -> Header {
    let mut h = Header {
        body_start: region.header,
        body_end: region.end,
        ..Header::default()
    };
    let hs = region.header;
    let limit = floor_char(t, (hs + HEADER_BYTES).min(region.end));
    let motto = region
        .motto
        .clone()
        .filter(|m| m.end <= limit)
        .map(|m| (m.start, m.end));
    let header_end = header_end_from(t, motto.map_or(hs, |m| m.1), limit);

    // The own number.
    let own = own_number(t, hs, header_end);
    let mut so_mark = None;
    if let Some(n) = &own {
        h.symbol = Some(n.symbol.clone());
        h.number_span = Some(n.span.clone());
        h.number = n.key.clone();
        so_mark = Some(n.span.start);
        if h.number.is_some() {
            h.from.number = Some(IdentitySource::Header);
        }
    }

    // Place and date.
    let date = header_date(t, hs, header_end);
    if let Some((r, d)) = &date {
        h.date = Some(*d);
        h.from.date = Some(IdentitySource::Header);
        h.place = place_before(t, r.start, h.number_span.as_ref().map(|s| s.end));
    }

    // The date's line, unless that line is the header's first (a flattened page): then the
    // date itself, the place before it being in lower case and cut from the issuer block.
    let date_line = date.as_ref().map(|d| match line_start(t, d.0.start) {
        ls if ls <= hs => d.0.start,
        ls => ls,
    });

    // Title and subject line, under the number and motto.
    // From the motto or the number, whichever ends later: a `V/v` line often stands above
    // the place-and-date line.
    let lead_end = [motto.map(|m| m.1), h.number_span.as_ref().map(|s| s.end)]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(hs);
    let title = title_kind(t, line_start(t, lead_end.min(t.len())), header_end);
    let vv = subject_line(t, line_start(t, lead_end.min(t.len())), header_end).or_else(|| {
        h.number_span
            .as_ref()
            .and_then(|n| subject_beside_number(t, n.end))
    });

    h.issuer = issuer_block(t, hs, [so_mark, date_line, title.map(|x| x.1)]);
    if h.issuer.is_some() {
        h.from.issuer = Some(IdentitySource::Header);
    }
    if let (Some(i), Some(p)) = (&mut h.issuer, &h.place) {
        place_issuer(i, p);
    }
    fill_issuer_from_symbol(t, region, &mut h);

    let (kind, from) = header_kind(&h, title.map(|x| x.0), vv);
    h.kind = kind;
    h.from.kind = from;

    // Subject: the `V/v` lines, or the paragraphs under the title.
    h.subject = match (vv, &title) {
        (Some(s), _) => Some(paragraph(t, s)),
        (None, Some((_, _, s))) => subject_under_title(t, *s, header_end.max(*s)),
        _ => None,
    }
    .filter(|s| !s.is_empty());

    // A header that gave neither a number nor a date is no header of this document (a blank
    // form in an appendix of a page whose own header is lost): its text from the page's
    // start is the document's.
    if h.number.is_none() && h.date.is_none() {
        h.body_start = region.start;
    }

    // Web-page chrome after the document ends it.
    let after = h.number_span.as_ref().map_or(h.body_start, |r| r.end);
    if let Some(at) = chrome_line(t, after, region.end) {
        h.body_end = at;
    }
    h
}

/// The issuer block's heading: the lines above the earliest of `ends` (the number's mark, the
/// date's line, the title) from the header's start `hs`. The mark, not its line: a page
/// flattened onto one line (`BỘ TÀI CHÍNH CỤC THUẾ ------- CỘNG HÒA ... Số: 4521/CT-CS ...`)
/// holds the block on the number's own line.
fn issuer_block(t: &str, hs: usize, ends: [Option<usize>; 3]) -> Option<Arc<Issuer>> {
    let block_end = ends.into_iter().flatten().min().unwrap_or(hs);
    if block_end <= hs {
        return None;
    }
    let lines = issuer_lines(t, hs, block_end);
    if lines.is_empty() {
        return None;
    }
    issuer::parse_heading(&lines)
}

/// A local body whose heading names no locality (`ỦY BAN NHÂN DÂN`) takes the place of its
/// date line (`Sơn La, ngày ...`): a province's name there makes it the province's.
fn place_issuer(i: &mut Arc<Issuer>, place: &str) {
    if i.locality.is_some() || i.level == Some(Level::Central) || !issuer::is_local_body(i) {
        return;
    }
    // The cached issuer is shared: copied only here, where it changes.
    let i = Arc::make_mut(i);
    i.locality = Some(place.to_string());
    if let Some(prov) = province_named(place) {
        if i.level == Some(Level::Province) {
            i.province = Some(prov.to_string());
            i.locality = Some(prov.to_string());
        }
    }
    i.name = compose_name(&i.body, i.level, i.locality.as_deref());
}

/// The kind and where it was read: the title line's kind (`title`), else the symbol's type
/// code when a known issuer code follows it, else a công văn for a `V/v` line (`subject`, where
/// it starts),
/// else the symbol's type code, else a công văn for any symbol.
fn header_kind(
    h: &Header,
    title: Option<DocKind>,
    subject: Option<usize>,
) -> (Option<DocKind>, Option<IdentitySource>) {
    let key_kind = h.number.as_ref().and_then(|k| {
        k.type_code().and_then(|c| match k.party_type {
            Some(_) => DocKind::from_code(c, Scheme::Party),
            None => DocKind::from_code(c, Scheme::State),
        })
    });
    let blank_kind = h.symbol.as_deref().and_then(|s| {
        let first = s.split(['-', '.']).next()?;
        DocKind::from_code(first, Scheme::State)
    });
    // A type code followed by a known issuer code (`QĐ-BYT`) names the kind outright; one
    // followed by a unit's own letters (`CT-CS` of Cục Thuế) may be no type code at all,
    // and a `V/v` line then makes the document a letter.
    let symbol_sure = key_kind.is_some()
        && h.symbol.as_deref().is_some_and(|s| {
            s.split(['-', '&'])
                .nth(1)
                .is_some_and(crate::key::is_known_code)
        });
    if let Some(k) = title {
        (Some(k), Some(IdentitySource::Title))
    } else if let Some(k) = key_kind.filter(|_| symbol_sure) {
        (Some(k), Some(IdentitySource::Symbol))
    } else if subject.is_some() {
        (Some(DocKind::CongVan), Some(IdentitySource::SubjectLine))
    } else if let Some(k) = key_kind.or(blank_kind) {
        (Some(k), Some(IdentitySource::Symbol))
    } else if h.symbol.is_some() {
        (Some(DocKind::CongVan), Some(IdentitySource::Symbol))
    } else {
        (None, None)
    }
}

/// Start of the first line of web-page chrome in `t[from..to]`: a line that starts with a
/// chrome word (`Trang chủ`, `Tải về`) and does not go on a sentence of the text (`... công bố
/// trên⏎trang chủ trang thông tin điện tử của doanh nghiệp`).
fn chrome_line(t: &str, from: usize, to: usize) -> Option<usize> {
    // A copyright sign anywhere is a site's footer (`Bản quyền © ... Giấy phép số
    // 27/GP-TTĐT`): its line, or on a page folded onto one line the sign itself.
    let copyright = memchr::memmem::find(&t.as_bytes()[from..to], "©".as_bytes()).map(|i| {
        let at = from + i;
        match line_start(t, at) {
            ls if ls >= from => ls,
            _ => at,
        }
    });
    let mut at = from;
    let word = loop {
        let Some(ls) = line_starting_with(t, at, to, &CHROME) else {
            break None;
        };
        if !goes_on_a_sentence(t, ls) {
            break Some(ls);
        }
        at = line_end(t, ls);
    };
    word.into_iter().chain(copyright).min()
}

/// True when the line at `ls` starts in lower case right under a line that ends mid-sentence.
fn goes_on_a_sentence(t: &str, ls: usize) -> bool {
    if !t[ls..].chars().next().is_some_and(char::is_lowercase) || ls == 0 {
        return false;
    }
    let above = &t[line_start(t, ls - 1)..ls - 1];
    let above = above.trim_end();
    !above.is_empty() && !above.ends_with(['.', ':', ';', '!', '?', '|', '*', ')'])
}

/// Gives a header without an issuer the one its symbol and place line name, if any.
pub(crate) fn fill_issuer_from_symbol(t: &str, region: &Region, h: &mut Header) {
    if h.issuer.is_none() {
        h.issuer = issuer_from_symbol(&t[region.start..region.end], h).map(Arc::new);
        if h.issuer.is_some() {
            h.from.issuer = Some(IdentitySource::Symbol);
        }
    }
}

/// The issuer when the header has no block: the symbol's issuer code and the place line.
fn issuer_from_symbol(t: &str, h: &Header) -> Option<Issuer> {
    let sym = h.symbol.as_deref()?;
    let code = match &h.number {
        Some(k) => k.issuer_code()?.to_string(),
        None => {
            let mut parts = sym.split('-');
            let first = parts.next()?;
            if DocKind::from_code(first, Scheme::State).is_some() {
                parts.next()?.to_string()
            } else {
                first.to_string()
            }
        }
    };
    let mut iss = crate::gazetteer::issuer_from_code(&code)?;
    if iss.level == Some(Level::Central) {
        return Some(iss);
    }
    let place = h.place.as_deref()?;
    let level = iss
        .level
        .or_else(|| issuer::level_from_recipients(t))
        .or_else(|| province_named(place).map(|_| Level::Province));
    iss.level = level;
    iss.locality = Some(
        match level {
            Some(Level::Province) => province_named(place).unwrap_or(place),
            _ => place,
        }
        .to_string(),
    );
    if level == Some(Level::Province) {
        iss.province = iss.locality.clone();
    }
    iss.name = compose_name(&iss.body, level, iss.locality.as_deref());
    Some(iss)
}

/// The lines from `at` to the next blank line, joined.
fn paragraph(t: &str, at: usize) -> String {
    let rest = &t[at..];
    let end = rest
        .find("\n\n")
        .or_else(|| rest.find("\n \n"))
        .unwrap_or(rest.len());
    let mut lines: Vec<&str> = Vec::new();
    for l in rest[..end].lines() {
        if l.contains("năm") {
            if let Some(pd) = place_date_find(l) {
                // A cell beside the subject held the place and date: keep what stands before.
                let mut before = &l[..pd.as_ptr() as usize - l.as_ptr() as usize];
                // Cells stand apart by a run of spaces: a motto cell may lie between.
                if let Some(i) = before.trim_end().rfind(CELL_GAP) {
                    before = &before[..i];
                }
                // Capitals alone are the place's own start (`TP. Hồ Chí Minh`, `HÀ NỘI`),
                // which the pattern's place words leave out, not a subject's words.
                let before = before.trim();
                if before.chars().any(is_lower) {
                    lines.push(before);
                }
                break;
            }
        }
        if prefix_ci(l.trim_start(), "kính gửi", false).is_some() {
            break;
        }
        lines.push(l.trim());
    }
    // A symbol broken at its hyphen (`1068/CĐ-⏎TTg`) is joined back without a space.
    let mut joined = String::new();
    for l in lines {
        if !joined.is_empty() && !joined.ends_with('-') {
            joined.push(' ');
        }
        joined.push_str(l);
    }
    squash_spaces(&joined)
}

/// The title's subject: short paragraphs under the title until the body or the authority line.
fn subject_under_title(t: &str, from: usize, to: usize) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let end = line_end(t, to.min(t.len()));
    let region = t.get(from..end.max(from)).unwrap_or("");
    let region = region.get(..region.len().min(2000)).unwrap_or(region);
    for para in region.split("\n\n") {
        let p = squash_spaces(para);
        if p.is_empty() {
            continue;
        }
        let lower = lower(&p);
        let starts_body = ["kính gửi", "căn cứ", "thực hiện", "ngày ", "theo ", "để "]
            .iter()
            .any(|w| lower.starts_with(w));
        let upper_subject = ["VỀ VIỆC", "V/V"].iter().any(|w| p.starts_with(w));
        let authority = !upper_subject && !p.chars().any(is_lower);
        if starts_body || authority || p.len() > 400 || parts.len() >= 3 {
            break;
        }
        let p = VV_RE
            .replace(&p, "")
            .trim_start_matches("VỀ VIỆC")
            .trim()
            .to_string();
        parts.push(p);
        if para.trim_end().ends_with(['.', ':']) {
            break;
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn header(s: &str) -> Header {
        parse(&normalize(s).text)
    }

    /// The `Số` marks as the pattern finds them: the specification [`so_marks`] meets.
    fn so_marks_by_pattern(t: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
        static SO_RE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(&format!(
                r"(?:^|[^\p{{L}}\p{{N}}])(S[{SO_VOWELS}]\s*(?:hiệu\s*)?:?[ \t]*)"
            ))
            .unwrap_or_else(|e| panic!("{e}"))
        });
        SO_RE
            .find_iter(&t[from..to])
            .map(|m| {
                let skip = if m.as_str().starts_with('S') {
                    0
                } else {
                    m.as_str().chars().next().map_or(0, char::len_utf8)
                };
                (from + m.start() + skip, from + m.end())
            })
            .collect()
    }

    #[test]
    fn a_chapter_heading_after_the_date_is_no_title() {
        let h = header("**BỘ XÂY DỰNG**\n\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 27/2026/TT-BXD\n\nHà Nội, ngày 05 tháng 6 năm 2026\n\n## Chương I\n\n### QUY ĐỊNH CHUNG\n\n### Điều 1. Phạm vi điều chỉnh\n");
        assert_eq!(
            h.number.map(|k| k.to_string()).as_deref(),
            Some("27/2026/TT-BXD")
        );
        // The kind is the symbol's, not the chapter's `QUY ĐỊNH CHUNG`.
        assert_eq!(h.kind, Some(DocKind::ThongTu));
        assert!(
            starts_body("CHƯƠNG II")
                && starts_body("Điều 1. Phạm vi")
                && starts_body("Phần thứ nhất")
        );
        assert!(!starts_body("QUY ĐỊNH") && !starts_body("Chương trình hành động"));
    }

    #[test]
    fn place_date_classes_of_every_character() {
        let pats = [r"^\p{Lu}", r"^\p{Ll}", r"^\d"].map(|p| Regex::new(p).unwrap());
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut [0; 4]).to_string();
            for (class, re) in [CharClass::Upper, CharClass::Lower, CharClass::Digit]
                .into_iter()
                .zip(&pats)
            {
                assert_eq!(char_class(c, class), re.is_match(&s), "{c:?}");
            }
        }
    }

    #[test]
    fn place_date_lines() {
        for (line, want) in [
            (
                "Hà Nội, ngày 26 tháng 9 năm 2021",
                Some("Hà Nội, ngày 26 tháng 9 năm 2021"),
            ),
            (
                "TP. Hồ Chí Minh, ngày 5 tháng 10 năm 2021",
                Some("Hồ Chí Minh, ngày 5 tháng 10 năm 2021"),
            ),
            (
                "Bà Rịa - Vũng Tàu, ngày   tháng 9 năm 2025",
                Some("Bà Rịa - Vũng Tàu, ngày   tháng 9 năm 2025"),
            ),
            (
                "HÀ NỘI, ngày 1 tháng 1 năm 2020",
                Some("I, ngày 1 tháng 1 năm 2020"),
            ),
            ("Sơn La, ngày 123 tháng 9 năm 2021", None),
            ("Sơn La, ngày 12 tháng 9 năm 202", None),
            (
                ", ngày 12 tháng 9 năm 2021, Huế, ngày 1 tháng 2 năm 2022",
                Some("Huế, ngày 1 tháng 2 năm 2022"),
            ),
            (
                "A B C D E F, ngày 5 tháng 9 năm 2021",
                Some("B C D E F, ngày 5 tháng 9 năm 2021"),
            ),
        ] {
            assert_eq!(place_date_find(line), want, "{line}");
            assert_eq!(PLACE_DATE_RE.find(line).map(|m| m.as_str()), want, "{line}");
        }
    }

    #[test]
    fn letters_and_numbers_of_every_script() {
        let re = Regex::new(r"^[\p{L}\p{N}]").unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                letter_or_number(c),
                re.is_match(c.encode_utf8(&mut [0; 4])),
                "{c:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 4000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(13),
            ..proptest::test_runner::Config::default()
        })]
        /// On headers made of the pieces that matter, the hand reader finds the marks the
        /// pattern finds, in the same places.
        #[test]
        fn so_marks_agree_with_the_pattern(
            parts in proptest::collection::vec(0usize..22, 0..16),
            cut in 0usize..3,
        ) {
            const TOKENS: [&str; 22] = ["Số", "So", "SỐ", "Sở", "S", "ố", " ", "  ", "\t", "\n",
                ":", "hiệu", "Số:", "ĐẾN", "x", "1", "Số hiệu:", "\u{a0}", "-", "ǅ", "\u{300}", "Ⅻ"];
            let t: String = parts.iter().map(|&k| TOKENS[k]).collect();
            let from = t.char_indices().nth(cut).map_or(t.len(), |(i, _)| i);
            let to = t.char_indices().rev().nth(cut).map_or(from, |(i, _)| i).max(from);
            proptest::prop_assert_eq!(
                so_marks(&t, from, to).collect::<Vec<_>>(),
                so_marks_by_pattern(&t, from, to),
                "header {:?}", &t[from..to]
            );
        }
    }

    /// The mottos as a pattern: the specification [`mottos`] meets.
    static MOTTO_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)c[ộo]ng\s+h[òo]a\s+x[ãa]\s+h[ộo]i\s+ch[ủu]\s+ngh[ĩi]a\s+vi[ệe]t\s+nam|đ[ộo]c\s+l[ậa]p\s*-\s*t[ựu]\s+do\s*-\s*h[ạa]nh\s+ph[úu]c|đảng\s+cộng\s+sản\s+việt\s+nam",
        )
        .unwrap()
    });

    #[test]
    fn mottos_in_any_case_and_spacing() {
        let t = "ỦY BAN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nĐộc lập-Tự do - Hạnh phúc\nĐẢNG CỘNG SẢN VIỆT NAM";
        let found: Vec<&str> = mottos(t).map(|m| &t[m]).collect();
        assert_eq!(
            found,
            [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM",
                "Độc lập-Tự do - Hạnh phúc",
                "ĐẢNG CỘNG SẢN VIỆT NAM"
            ]
        );
        assert_eq!(mottos("cong hoa xa hoi chu nghia viet").count(), 0);
    }

    #[test]
    fn usual_motto_spellings_are_what_their_steps_and_the_pattern_match() {
        for (k, usual) in MOTTO_USUAL.iter().enumerate() {
            for u in *usual {
                assert_eq!(motto_len(u, &MOTTOS[k]), Some(u.len()), "{u}");
                for around in ["", " ", "\n", "x", "-", " - ", "\u{a0}"] {
                    let t = format!("{around}{u}{around}{u}.");
                    let by_pattern: Vec<_> = MOTTO_RE.find_iter(&t).map(|m| m.range()).collect();
                    assert_eq!(mottos(&t).collect::<Vec<_>>(), by_pattern, "{t:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 4000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(19),
            ..proptest::test_runner::Config::default()
        })]
        /// On texts made of mottos in every case and spacing, some spoiled, the hand reader
        /// finds the mottos the pattern finds, in the same places.
        #[test]
        fn mottos_agree_with_the_pattern(
            pieces in proptest::collection::vec((0usize..5, proptest::num::u64::ANY), 0..8),
        ) {
            // Each word of each motto in three spellings; the last is sometimes not the motto's.
            const MOTTO_WORDS: [&[[&str; 3]]; 3] = [
                &[["cộng", "CONG", "cổng"], ["hòa", "HOA", "hoà"], ["xã", "XA", "xá"],
                  ["hội", "HỘI", "hoi"], ["chủ", "CHU", "chú"], ["nghĩa", "NGHIA", "nghia"],
                  ["việt", "VIET", "viet"], ["nam", "NAM", "Nan"]],
                &[["độc", "ĐOC", "dộc"], ["lập", "LAP", "lạp"], ["-", "-", "–"], ["tự", "TỰ", "tu"],
                  ["do", "DO", "dò"], ["-", "-", ""], ["hạnh", "HANH", "hanh"], ["phúc", "PHUC", "phục"]],
                &[["đảng", "ĐẢNG", "dang"], ["cộng", "CỘNG", "Cộng"], ["sản", "ſản", "san"],
                  ["việt", "VIỆT", "Việt"], ["nam", "NAM", "nam."]],
            ];
            const GAPS: [&str; 4] = [" ", "\n", "\u{a0}\t ", ""];
            const NOISE: [&str; 2] = ["Số: 1/CĐ-TTg, ngày", "c đ x"];
            let mut t = String::new();
            for (kind, mut bits) in pieces {
                let mut take = |n: u64| { let v = bits % n; bits /= n; v as usize };
                if kind >= 3 {
                    t.push_str(NOISE[kind - 3]);
                    continue;
                }
                for w in MOTTO_WORDS[kind] {
                    // Mostly the motto's own spellings, the third one now and then.
                    let v = if take(8) == 0 { 2 } else { take(2) };
                    t.push_str(w[v]);
                    t.push_str(GAPS[if take(4) == 0 { take(4) } else { 0 }]);
                }
            }
            let by_pattern: Vec<_> = MOTTO_RE.find_iter(&t).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(mottos(&t).collect::<Vec<_>>(), by_pattern.clone(), "text {:?}", &t);
            // The capitals-only scan is the plain one less the mottos with a lower-case letter.
            let capitals: Vec<_> = by_pattern
                .into_iter()
                .filter(|m| !t[m.clone()].chars().any(is_lower))
                .collect();
            proptest::prop_assert_eq!(
                mottos_in(&t, MottoCase::Capitals).collect::<Vec<_>>(),
                capitals,
                "text {:?}",
                &t
            );
        }
    }

    /// The place-and-date pattern: the specification [`place_date_find`] meets.
    static PLACE_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?P<place>\p{Lu}\p{Ll}*(?:(?:\s?-\s?|[ .])\p{Lu}\p{Ll}*){0,4})\s*,\s*ngày\s*(?P<d>\d{1,2})?[\s._…]*tháng\s*(?P<m>\d{1,2})?[\s._…]*năm\s*(?P<y>\d{4})",
        )
        .unwrap()
    });

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 8000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(23),
            ..proptest::test_runner::Config::default()
        })]
        /// On lines made of places, separators and dates in every shape, some spoiled, the
        /// hand reader finds the match the pattern finds.
        #[test]
        fn place_date_agrees_with_the_pattern(
            pieces in proptest::collection::vec((0usize..4, proptest::num::u64::ANY), 0..6),
        ) {
            // Each piece mostly well formed, one time in four spoiled.
            const GOOD_WORDS: [&str; 6] = ["Hà", "Nội", "Hồ", "Chí", "Minh", "Đắk"];
            const ODD_WORDS: [&str; 8] = ["HÀ", "TP", "x", "Ⅻ", "ǅa", "Σσ", "Ứng", "ß"];
            const SEPS: [&str; 9] = [" ", ".", "-", " - ", "- ", " -", "\t-\u{a0}", "  ", ". "];
            const GOOD_NUMS: [&str; 3] = ["", "5", "05"];
            const ODD_NUMS: [&str; 5] = ["123", "٣", "٣٣", "2021", "20215"];
            const FILL: [&str; 6] = ["", " ", "…", "_ _", ". .", "\n"];
            let mut t = String::new();
            for (kind, mut bits) in pieces {
                let words = 1 + bits % 7;
                bits /= 7;
                let mut take = |n: u64| { let v = bits % n; bits /= n; v as usize };
                let mut pick = |good: &[&'static str], odd: &[&'static str]| -> &'static str {
                    if take(4) == 0 { odd[take(odd.len() as u64)] } else { good[take(good.len() as u64)] }
                };
                match kind {
                    0 | 1 => {
                        for i in 0..words {
                            if i > 0 { t.push_str(pick(&[" "], &SEPS)); }
                            t.push_str(pick(&GOOD_WORDS, &ODD_WORDS));
                        }
                    }
                    2 => {
                        t.push_str(pick(&[","], &[" ,", ",  ", "x"]));
                        t.push_str(pick(&[" ngày "], &["ngày", "ngay"]));
                        t.push_str(pick(&GOOD_NUMS, &ODD_NUMS));
                        t.push_str(pick(&[" "], &FILL));
                        t.push_str(pick(&["tháng "], &["tháng", " tháng", "thang"]));
                        t.push_str(pick(&["9", "10"], &ODD_NUMS));
                        t.push_str(pick(&[" "], &FILL));
                        t.push_str(pick(&["năm "], &["năm", "năm\u{a0}", "nam "]));
                        t.push_str(pick(&["2021"], &ODD_NUMS));
                    }
                    _ => t.push_str(pick(&[", "], &["-", " ", "ngày", ","])),
                }
            }
            proptest::prop_assert_eq!(
                place_date_find(&t),
                PLACE_DATE_RE.find(&t).map(|m| m.as_str()),
                "line {:?}", &t
            );
        }
    }

    #[test]
    fn a_law_writes_its_number_after_its_kind() {
        let t = normalize(
            "## QUỐC HỘI - CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n**Luật số: 24/2023/QH15**\n\n_Hà Nội, ngày 24 tháng 11 năm 2023_\n\nLUẬT\nVIỄN THÔNG\n\nCăn cứ Hiến pháp;\n",
        )
        .text;
        let h = parse(&t);
        assert_eq!(
            h.number.map(|k| k.to_string()).as_deref(),
            Some("24/2023/QH15")
        );
        assert_eq!(h.kind, Some(DocKind::Luat));
        assert_eq!(h.date.map(|d| d.to_string()).as_deref(), Some("2023-11-24"));
        // A mark stands at a line start only: `theo Luật số: ...` in a sentence is none.
        let t = "Thực hiện theo Luật số: 24/2023/QH15\n  | **Pháp lệnh số: 1/2020/UBTVQH14";
        let marks: Vec<&str> = law_marks(t, 0, t.len()).map(|(a, b)| &t[a..b]).collect();
        assert_eq!(marks, ["Pháp lệnh số: "]);
    }

    #[test]
    fn blank_number_and_month_date() {
        let h = header("\n\nSố: /UBND-KGVX\n\nSơn La, ngày tháng 9 năm 2021\n\nV/v triển khai Công văn số\n892-CV/TU của Ban Thường vụ Tỉnh uỷ\n\nKính gửi:\n\n- UBND các huyện, thành phố.\n");
        assert_eq!(h.number, None);
        assert_eq!(h.symbol.as_deref(), Some("UBND-KGVX"));
        assert_eq!(h.date.map(|d| d.to_string()).as_deref(), Some("2021-09"));
        assert_eq!(h.place.as_deref(), Some("Sơn La"));
        assert_eq!(h.kind, Some(DocKind::CongVan));
        assert_eq!(
            h.subject.as_deref(),
            Some("triển khai Công văn số 892-CV/TU của Ban Thường vụ Tỉnh ủy")
        );
        let i = h.issuer.unwrap();
        assert_eq!(i.name, "Ủy ban nhân dân tỉnh Sơn La");
        assert_eq!(i.level, Some(Level::Province));
    }

    #[test]
    fn incoming_mail_stamp_is_not_the_number() {
        let h = header("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 117 /TB-UBND\n\nLai Châu, ngày 01 tháng 10 năm 2021\n\nĐẾN Số: 520\nNgày 01/10/2021\n\nTHÔNG BÁO\n\nKết luận của đồng chí Phó Chủ tịch\n\nNgày 01/10/2021, đồng chí chủ trì.\n");
        assert_eq!(h.number.unwrap().to_string(), "117/TB-UBND");
        assert_eq!(h.kind, Some(DocKind::ThongBao));
        assert_eq!(h.date.unwrap().to_string(), "2021-10-01");
        assert_eq!(h.issuer.unwrap().name, "Ủy ban nhân dân tỉnh Lai Châu");
        assert_eq!(
            h.subject.as_deref(),
            Some("Kết luận của đồng chí Phó Chủ tịch")
        );
    }

    #[test]
    fn stamp_before_the_number_is_skipped_too() {
        let h = header("ĐẾN Số: 520 Ngày 01/10/2021\nSố: 3783/QĐ-\nUBND\nHà Nội, ngày 5 tháng 8 năm 2021\nQUYẾT ĐỊNH\nVề việc phê duyệt kế hoạch\n");
        assert_eq!(h.number.unwrap().to_string(), "3783/QĐ-UBND");
        assert_eq!(h.kind, Some(DocKind::QuyetDinh));
        assert_eq!(h.subject.as_deref(), Some("phê duyệt kế hoạch"));
    }

    #[test]
    fn header_in_a_markdown_table() {
        let h = header("| **ỦY BAN NHÂN DÂN HUYỆN BẮC YÊN** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |\n|---|---|\n| Số: 12/KH-UBND | Bắc Yên, ngày 05 tháng 8 năm 2021 |\n\nKẾ HOẠCH\n\nTriển khai tiêm chủng\n\nCăn cứ Luật Phòng, chống bệnh truyền nhiễm;\n");
        assert_eq!(h.number.unwrap().to_string(), "12/KH-UBND");
        assert_eq!(h.place.as_deref(), Some("Bắc Yên"));
        assert_eq!(h.issuer.unwrap().name, "Ủy ban nhân dân huyện Bắc Yên");
        assert_eq!(h.kind, Some(DocKind::KeHoach));
    }

    #[test]
    fn chrome_before_and_after_is_outside_the_document() {
        let t = normalize("Trang chủ > Văn bản\nCăn cứ Nghị định 30/2020/NĐ-CP\nỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 5/UBND-VP\nNội dung.\nVăn bản liên quan\nNghị định 1/2020/NĐ-CP\n").text;
        let h = parse(&t);
        assert!(t[h.body_start..].starts_with("ỦY BAN"));
        assert!(t[h.body_end..].starts_with("Văn bản liên quan"));
    }

    #[test]
    fn a_sentence_wrapped_onto_a_chrome_word_goes_on() {
        let t = normalize("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 5/UBND-VP\nDoanh nghiệp công bố trên\ntrang chủ trang thông tin điện tử của doanh nghiệp.\nNội dung theo Nghị định 1/2020/NĐ-CP.\n\ntrang chủ\n").text;
        let h = parse(&t);
        assert!(
            t[..h.body_end].contains("Nghị định 1/2020"),
            "{:?}",
            &t[..h.body_end]
        );
        assert!(t[h.body_end..].starts_with("trang chủ\n"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 3000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(31),
            ..proptest::test_runner::Config::default()
        })]
        /// Jumping to the starts of `ngày` finds the date pattern's matches `find_iter` finds.
        #[test]
        fn date_matches_are_find_iters(
            dates in proptest::collection::vec(proptest::collection::vec(0usize..6, 8), 0..6),
        ) {
            // Each date is written slot by slot, every slot from its own list: whole dates,
            // damaged ones, near misses and noise between them.
            const SLOTS: [[&str; 6]; 8] = [
                ["", "Hà Nội, ", "nga", "ngay ", "x", "\n"],
                ["ngày", "Ngày", "NGÀY", "ngàv", "ngảy", "ng"],
                [" ", "  ", "\n", "**", "", " 1"],
                ["15", "2O", "l5", "", "1/", "4"],
                [" tháng ", " thảng ", " THÁNG ", "/", "tháng", " "],
                ["4", "11", "", "l2", "/", "-"],
                [" năm ", " nǎm ", "/", " NĂM ", "năm", " "],
                ["2025", "2O25", "2 025", "1999", "", "20"],
            ];
            let s: String = dates
                .iter()
                .flat_map(|d| d.iter().zip(SLOTS.iter()).map(|(&k, slot)| slot[k]))
                .collect();
            let fast: Vec<_> = date_matches(&s).map(|m| m.range()).collect();
            let plain: Vec<_> = DATE.find_iter(s.as_str()).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(fast, plain, "{:?}", &s);
        }
    }
}
