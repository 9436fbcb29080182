//! Document numbers ("số và ký hiệu"): scanning them out of text and writing them canonically.
//!
//! A key is written the way it should have been: `1063/CD-TTg` → `1063/CĐ-TTg`,
//! `117 /TB-UBND` → `117/TB-UBND`, `09/CT-UBND` → `9/CT-UBND`, `79/2025/NĐCP` → `79/2025/NĐ-CP`.

use crate::gazetteer;
use crate::model::{first_part, DocKey, DocKind, KeyError, Padding, Scheme};
use crate::normalize::{is_alnum, is_letter};
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

impl DocKey {
    /// Parses a key typed by a user or found in a file name, forgiving case, spaces, `CD` for `CĐ`.
    pub fn parse(s: &str) -> Result<DocKey, KeyError> {
        let text = crate::normalize::normalize(s).text;
        let text = text.trim();
        let first = text.find(|c: char| !c.is_whitespace()).unwrap_or(0);
        match scan_key(text, first, Case::Any) {
            Some(k) if text[k.end..].trim().is_empty() => Ok(k.key),
            Some(_) => Err(KeyError::Trailing(s.to_string())),
            None => Err(KeyError::NotAKey(s.to_string())),
        }
    }
}

/// Lookup tables for canonical code spelling: exact (case-folded) and with `Đ` typed as `D`.
struct Codes {
    exact: HashMap<String, &'static str>,
    d_folded: HashMap<String, &'static str>,
    types: HashMap<&'static str, ()>,
    issuers: HashMap<&'static str, ()>,
}

static CODES: LazyLock<Codes> = LazyLock::new(|| {
    let mut exact = HashMap::default();
    for c in DocKind::symbol_codes().chain(gazetteer::issuer_codes()) {
        exact.insert(c.to_uppercase(), c);
    }
    let mut d_folded: HashMap<String, &'static str> = HashMap::default();
    let mut clashes = Vec::new();
    for c in DocKind::symbol_codes().chain(gazetteer::issuer_codes()) {
        if !c.contains('Đ') {
            continue;
        }
        let folded = c.to_uppercase().replace('Đ', "D");
        if exact.contains_key(&folded) {
            continue; // `HD` is Hướng dẫn, `DA` is Dự án: never rewrite a real code.
        }
        if d_folded
            .insert(folded.clone(), c)
            .is_some_and(|prev| prev != c)
        {
            clashes.push(folded);
        }
    }
    for f in clashes {
        d_folded.remove(&f);
    }
    Codes {
        exact,
        d_folded,
        types: DocKind::symbol_codes().map(|c| (c, ())).collect(),
        issuers: gazetteer::issuer_codes().map(|c| (c, ())).collect(),
    }
});

/// Calls `f` with `token` in upper case, built on the stack: codes are looked up once or twice
/// in every number scanned, and an allocation each time cost more than the lookup.
fn with_upper<R>(token: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 128];
    let mut n = 0;
    for c in token.chars() {
        for u in c.to_uppercase() {
            if n + u.len_utf8() > buf.len() {
                return f(&token.to_uppercase());
            }
            n += u.encode_utf8(&mut buf[n..]).len();
        }
    }
    // Whole characters were encoded into the buffer, so it is UTF-8.
    match std::str::from_utf8(&buf[..n]) {
        Ok(upper) => f(upper),
        Err(_) => f(&token.to_uppercase()),
    }
}

/// The canonical spelling of an upper-cased code with a known spelling: exact, with `Đ` typed
/// as `D`, or a known code with a term number (`QH15`).
fn known_spelling(upper: &str) -> Option<(&'static str, &str)> {
    if let Some(c) = CODES.exact.get(upper) {
        return Some((c, ""));
    }
    if let Some(c) = CODES.d_folded.get(upper) {
        return Some((c, ""));
    }
    // Codes with a term number: QH15, UBTVQH15.
    let alpha_end = upper
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(upper.len());
    if alpha_end > 0
        && alpha_end < upper.len()
        && upper[alpha_end..].chars().all(|c| c.is_ascii_digit())
    {
        if let Some(c) = CODES.exact.get(&upper[..alpha_end]) {
            return Some((c, &upper[alpha_end..]));
        }
    }
    None
}

/// True when `token` is a known code in some spelling, a National Assembly term with OCR's
/// letters for figures among them (`QHl4`, read from the year later) counted.
fn is_known_spelling(token: &str) -> bool {
    with_upper(token, |upper| {
        known_spelling(upper).is_some()
            || ["UBTVQH", "QH"].iter().any(|p| {
                upper.strip_prefix(p).is_some_and(|r| {
                    (1..=3).contains(&r.len())
                        && r.chars().any(|c| c.is_ascii_digit())
                        && r.chars()
                            .all(|c| matches!(c, 'I' | 'L' | 'S' | 'O' | '0'..='9'))
                })
            })
    })
}

/// Appends the canonical spelling of one symbol part to `out`; true when it is a known code.
fn push_canonical_code(token: &str, out: &mut String) -> bool {
    with_upper(token, |upper| {
        if let Some((code, term)) = known_spelling(upper) {
            out.push_str(code);
            out.push_str(term);
            return true;
        }
        if let Some(code) = with_ocr_letter_dropped(upper) {
            out.push_str(code);
            return true;
        }
        let has_lower = token.chars().any(char::is_lowercase);
        let has_upper = token.chars().any(char::is_uppercase);
        out.push_str(if has_lower && has_upper { token } else { upper });
        false
    })
}

/// A known code of five letters or more with one letter OCR added (`BNNMTT`: a letter
/// doubled; `BNNMIT`: an `I` for a stroke): the one code that dropping such a letter spells.
/// Shorter codes are left alone: `CTT`, `CCT`, `KHH` are codes of their own, not `CT`, `KH`.
fn with_ocr_letter_dropped(upper: &str) -> Option<&'static str> {
    let chars: Vec<(usize, char)> = upper.char_indices().collect();
    if chars.len() < 3 || chars.len() > 12 || !chars.iter().all(|(_, c)| c.is_alphabetic()) {
        return None;
    }
    let mut found: Option<&'static str> = None;
    for (k, &(at, c)) in chars.iter().enumerate() {
        let doubled = k > 0 && chars[k - 1].1 == c;
        let stroke = matches!(c, 'I' | 'L') && chars.len() > 4;
        if !(doubled || stroke) {
            continue;
        }
        let dropped = format!("{}{}", &upper[..at], &upper[at + c.len_utf8()..]);
        if let Some(&code) = CODES.exact.get(&dropped).filter(|c| c.chars().count() >= 5) {
            if found.is_some_and(|f| f != code) {
                return None;
            }
            found = Some(code);
        }
    }
    found
}

/// The canonical spelling of one symbol part, and whether it is a known code.
fn canonical_code(token: &str) -> (String, bool) {
    let mut out = String::new();
    let known = push_canonical_code(token, &mut out);
    (out, known)
}

/// True when a canonical code is a known type or issuer code.
pub fn is_known_code(code: &str) -> bool {
    CODES.types.contains_key(code) || CODES.issuers.contains_key(code)
}

/// Writes a symbol canonically: each part by `canonical_code`, separators kept, a lost hyphen restored.
fn canonical_symbol(parts: &[(char, &str)]) -> (String, usize) {
    // Codes keep their length in bytes, save a rare lost `Đ`: one allocation for the symbol.
    let mut out = String::with_capacity(parts.iter().map(|(_, t)| t.len() + 1).sum());
    let mut known = 0;
    let mut prev_type = false;
    for (i, (sep, tok)) in parts.iter().enumerate() {
        if i > 0 {
            // OCR reads a hyphen as a dot between a type and an issuer code (`NQ.CP`).
            let ocr_dot = *sep == '.'
                && prev_type
                && with_upper(tok, |u| {
                    known_spelling(u).is_some_and(|(c, _)| CODES.issuers.contains_key(c))
                });
            out.push(if ocr_dot { '-' } else { *sep });
        }
        let part_start = out.len();
        let k = push_canonical_code(tok, &mut out);
        prev_type = k && CODES.types.contains_key(&out[part_start..]);
        known += k as usize;
        if !k && parts.len() == 1 {
            if let Some(split) = split_lost_hyphen(&out) {
                return (split, 2);
            }
        }
    }
    (out, known)
}

/// `NĐCP` → `NĐ-CP`, `TTBTC` → `TT-BTC`: a type code and an issuer code run together.
fn split_lost_hyphen(token: &str) -> Option<String> {
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    for &(i, _) in chars.iter().skip(1) {
        let (l, lk) = canonical_code(&token[..i]);
        let (r, rk) = canonical_code(&token[i..]);
        if lk
            && rk
            && CODES.types.contains_key(l.as_str())
            && CODES.issuers.contains_key(r.as_str())
        {
            return Some(format!("{l}-{r}"));
        }
    }
    None
}

/// A key found in text, with where it ends.
#[derive(Debug, Clone, PartialEq)]
pub struct ScannedKey {
    /// The canonical key.
    pub key: DocKey,
    /// Byte offset just past the key's last character.
    pub end: usize,
    /// How many symbol parts are known codes (a weak key needs `số` or a type word before it).
    pub known_codes: usize,
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Whether a gap may run over line breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Breaks {
    /// Spaces only.
    Stay,
    /// Spaces and a line break or a page break (two at most): `1068/CĐ-⏎TTg`.
    Cross,
}

/// Skips spaces, and line breaks as `breaks` allows.
fn skip_ws(text: &str, mut i: usize, breaks: Breaks) -> usize {
    let mut newlines = 0;
    for c in text[i..].chars() {
        if is_space(c) {
            i += c.len_utf8();
        } else if c == '\n' && breaks == Breaks::Cross && newlines < 2 {
            newlines += 1;
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Where the slash after a number stands: past spaces, and past one line break when a slash
/// follows it; `i` itself when nothing but a slash may follow.
fn skip_to_slash(text: &str, i: usize) -> usize {
    let k = skip_ws(text, i, Breaks::Stay);
    if text.as_bytes().get(k) == Some(&b'\n') {
        let l = skip_ws(text, k + 1, Breaks::Stay);
        if text.as_bytes().get(l) == Some(&b'/') {
            return l;
        }
    }
    k
}

/// Which part of a symbol a token is: the first must start with a letter and be a code.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The first part (`QĐ` of `QĐ-UBND`), or the type of a Party key.
    First,
    /// A later part, which may be a unit code in mixed case (`KTr3`).
    Later,
}

/// Reads one symbol part starting at `i`: letters and digits, spelled as `case` allows.
fn read_token(text: &str, i: usize, case: Case, part: Part) -> Option<(usize, &str)> {
    let first = part == Part::First;
    let rest = &text[i..];
    let mut end = 0;
    for c in rest.chars() {
        if is_alnum(c) && (c.is_ascii() || !is_combining(c)) {
            end += c.len_utf8();
        } else {
            break;
        }
    }
    if end == 0 || end > 24 {
        return None;
    }
    let tok = &rest[..end];
    let lead = tok.chars().next()?;
    if first && !is_letter(lead) {
        return None;
    }
    if case == Case::Codes {
        if lead.is_lowercase() {
            return None;
        }
        if tok.chars().any(char::is_lowercase)
            && !is_known_spelling(tok)
            && split_lost_hyphen(tok).is_none()
            && (first || !is_mixed_case_code(tok))
        {
            return None; // `Văn`, `Công`: a word, not a code.
        }
    }
    Some((i + end, tok))
}

/// A unit code written in mixed case after a first part (`KTr3` in `215/QTR-KTr3`): a capital
/// first and a second capital or a digit, which the words of a sentence (`Văn`, `Công`) lack.
fn is_mixed_case_code(tok: &str) -> bool {
    tok.len() <= 10
        && tok.chars().next().is_some_and(char::is_uppercase)
        && (tok.chars().filter(|c| c.is_uppercase()).count() >= 2
            || tok.chars().any(|c| c.is_ascii_digit()))
}

fn is_combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Reads symbol parts joined by `-`, `.`, `&`; returns the parts and the end offset.
/// True for a token that can be an issuer or unit code: a letter first, then letters and
/// digits, none of them marked but `Đ` (`BTC`, `BGDĐT`, `KTr3`; not `200`, not `CƯỚC`).
fn looks_like_code(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == 'Đ')
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, 'Đ' | 'đ'))
}

fn read_symbol(text: &str, i: usize, case: Case) -> Option<(Vec<(char, &str)>, usize)> {
    let (mut end, tok) = read_token(text, i, case, Part::First)?;
    // Symbols have a few parts (`QĐ-UBND-KGVX`): room for them at once, not a regrowth each.
    let mut parts = Vec::with_capacity(4);
    parts.push((' ', tok));
    loop {
        // Spaces before a separator, never a line break: `UBND-VP⏎- UBND` is a list item.
        let mut j = end;
        while text[j..].starts_with(' ') && j - end < 2 {
            j += 1;
        }
        let Some(sep) = text[j..].chars().next() else {
            break;
        };
        if !matches!(sep, '-' | '.' | '&') {
            break;
        }
        if sep == '.' && j != end {
            break;
        }
        let after = j + 1;
        let k = if sep == '.' {
            after
        } else {
            skip_ws(text, after, Breaks::Cross)
        };
        match read_token(text, k, case, Part::Later) {
            Some((e, t)) => {
                if sep == '.' && t.chars().all(|c| c.is_ascii_digit()) && text[e..].starts_with('.')
                {
                    break; // `Quyết định 12/QĐ-UBND.2021.` is a sentence end, not a code.
                }
                // Across a gap (`64/2025/TT- | 200.000đ`, `TT- CƯỚC:` in a broken table
                // cell) only a code goes on the symbol: letters first, none but `Đ` marked.
                if k > after && !looks_like_code(t) {
                    break;
                }
                parts.push((sep, t));
                end = e;
            }
            None => break,
        }
    }
    // The year written after the symbol (`1031/PLYK/2025`) belongs to it.
    let b = text.as_bytes();
    if b.get(end) == Some(&b'/')
        && b.len() >= end + 5
        && b[end + 1..end + 5].iter().all(u8::is_ascii_digit)
        && matches!(&b[end + 1..end + 3], b"19" | b"20" | b"21")
        && text[end + 5..].chars().next().is_none_or(|c| !is_alnum(c))
    {
        parts.push(('/', &text[end + 1..end + 5]));
        end += 5;
    }
    Some((parts, end))
}

/// How a symbol's parts may be spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// As codes are written in a document: a part led by a lower-case letter, or a word in
    /// mixed case (`Văn`, `Công`), ends the symbol.
    Codes,
    /// Any case, as a user types a key or a publisher's metadata gives it (`1068/cd-ttg`).
    Any,
}

/// The number a key starts with: its value, the zeros before it, the rest of a compound number
/// (`.7` of `66.7/2025/NQ-CP`), and where it ends.
struct Number {
    value: u32,
    padding: Padding,
    suffix: Option<String>,
    end: usize,
}

/// Reads the number at byte `i`: one to seven digits, then a compound part (`66.7`, `03-07`)
/// when digits and a slash follow its separator.
fn read_number(text: &str, i: usize) -> Option<Number> {
    let bytes = text.as_bytes();
    let mut j = i;
    while j < bytes.len() && bytes[j].is_ascii_digit() {
        j += 1;
    }
    if j == i || j - i > 7 {
        return None;
    }
    let value: u32 = text[i..j].parse().ok()?;
    // `0` alone is the number zero, not padding.
    let zeros = text[i..j - 1].bytes().take_while(|&b| b == b'0').count();
    let padding = Padding(u8::try_from(zeros).unwrap_or(0));
    let mut suffix = None;
    if let Some(&sep @ (b'.' | b'-')) = bytes.get(j) {
        let mut e = j + 1;
        while e < bytes.len() && bytes[e].is_ascii_digit() {
            e += 1;
        }
        if e > j + 1 && e - j <= 5 && bytes.get(e) == Some(&b'/') {
            let part: u32 = text[j + 1..e].parse().ok()?;
            suffix = Some(format!("{}{part}", sep as char));
            j = e;
        }
    }
    Some(Number {
        value,
        padding,
        suffix,
        end: j,
    })
}

/// Scans a key whose number starts at byte `i` (`1068/CĐ-TTg`, `23/2021/QĐ-TTg`, `892-CV/TU`).
pub fn scan_key(text: &str, i: usize, case: Case) -> Option<ScannedKey> {
    let n = read_number(text, i)?;
    // A line break may stand before the slash (`178/2025⏎ /NĐ-CP`), never a blank line.
    let k = skip_to_slash(text, n.end);
    match *text.as_bytes().get(k)? {
        b'/' => scan_after_slash(text, &text[i..n.end], n, k + 1, case),
        b'-' => scan_party(text, n, k + 1, case),
        _ => None,
    }
}

/// The rest of a State or Legal key after its number's slash at `after - 1`: a year and its
/// slash (`23/2021/QĐ-TTg`), a year run into the symbol (`66/2026NĐ-CP`), a number and year
/// run together (`1402018/NĐ-CP`), or the symbol alone (`1068/CĐ-TTg`). `digits` is the
/// number as written.
fn scan_after_slash(
    text: &str,
    digits: &str,
    n: Number,
    after: usize,
    case: Case,
) -> Option<ScannedKey> {
    let bytes = text.as_bytes();
    let s = skip_ws(text, after, Breaks::Cross);
    let mut y = s;
    while y < bytes.len() && bytes[y].is_ascii_digit() {
        y += 1;
    }
    if y - s == 4 {
        let after_year = skip_to_slash(text, y);
        if bytes.get(after_year) == Some(&b'/') {
            return scan_legal_symbol(text, n, &text[s..y], after_year + 1, case);
        }
        if let Some(k) = year_run_into_symbol(text, s, y, case) {
            return Some(ScannedKey {
                key: DocKey {
                    number: n.value,
                    number_suffix: n.suffix,
                    padding: n.padding,
                    ..k.key
                },
                ..k
            });
        }
    }
    let (parts, end) = read_symbol(text, s, case)?;
    let (symbol, known) = canonical_symbol(&parts);
    let key = match split_merged_year(digits, &symbol) {
        Some((number, year)) => DocKey {
            number,
            number_suffix: n.suffix,
            scheme: Scheme::Legal,
            year: Some(year),
            party_type: None,
            symbol: repair_term(symbol, year),
            padding: Padding::default(),
        },
        None => DocKey {
            number: n.value,
            number_suffix: n.suffix,
            scheme: Scheme::State,
            year: None,
            party_type: None,
            symbol,
            padding: n.padding,
        },
    };
    Some(ScannedKey {
        key,
        end,
        known_codes: known,
    })
}

/// The symbol of a Legal key after its year's slash at `after - 1` (`QĐ-TTg` of
/// `23/2021/QĐ-TTg`), with a National Assembly term split or misread by OCR repaired.
fn scan_legal_symbol(
    text: &str,
    n: Number,
    year: &str,
    after: usize,
    case: Case,
) -> Option<ScannedKey> {
    let year: u16 = year.parse().ok()?;
    let sym_start = skip_ws(text, after, Breaks::Cross);
    let (parts, end) = read_symbol(text, sym_start, case)?;
    let (symbol, known) = canonical_symbol(&parts);
    if !(1945..=2199).contains(&year) {
        return None;
    }
    let (symbol, end) = join_split_term(text, symbol, end);
    let repaired = repair_term(symbol.clone(), year);
    // A repaired term is a known code (`OH15` read `QH15`).
    let known = known + usize::from(repaired != symbol);
    Some(ScannedKey {
        key: DocKey {
            number: n.value,
            number_suffix: n.suffix,
            scheme: Scheme::Legal,
            year: Some(year),
            party_type: None,
            symbol: repaired,
            padding: n.padding,
        },
        end,
        known_codes: known,
    })
}

/// The rest of a Party key after its number's hyphen at `after - 1`: `TYPE/ISSUER` (`CV/TU`
/// of `892-CV/TU`).
fn scan_party(text: &str, n: Number, after: usize, case: Case) -> Option<ScannedKey> {
    let t = skip_ws(text, after, Breaks::Cross);
    let (te, tok) = read_token(text, t, case, Part::First)?;
    let slash = skip_ws(text, te, Breaks::Stay);
    if text.as_bytes().get(slash) != Some(&b'/') {
        return None;
    }
    let s = skip_ws(text, slash + 1, Breaks::Cross);
    let (parts, end) = read_symbol(text, s, case)?;
    let (ptype, pk) = canonical_code(tok);
    let (symbol, known) = canonical_symbol(&parts);
    Some(ScannedKey {
        key: DocKey {
            number: n.value,
            number_suffix: n.suffix,
            scheme: Scheme::Party,
            year: None,
            party_type: Some(ptype),
            symbol,
            padding: n.padding,
        },
        end,
        known_codes: known + pk as usize,
    })
}

/// A year with the slash after it lost to OCR (`66/2026NĐ-CP`): the four digits at `s..y`
/// run straight into a symbol whose first part is a known type code. The key's number is the
/// caller's to fill in.
fn year_run_into_symbol(text: &str, s: usize, y: usize, case: Case) -> Option<ScannedKey> {
    let year: u16 = text[s..y].parse().ok()?;
    if !(1945..=2199).contains(&year) {
        return None;
    }
    let (parts, end) = read_symbol(text, y, case)?;
    let (symbol, known) = canonical_symbol(&parts);
    let first = first_part(&symbol);
    if !CODES.types.contains_key(first) || parts.len() < 2 {
        return None;
    }
    Some(ScannedKey {
        key: DocKey {
            number: 0,
            number_suffix: None,
            scheme: Scheme::Legal,
            year: Some(year),
            party_type: None,
            symbol: repair_term(symbol, year),
            padding: Padding::default(),
        },
        end,
        known_codes: known,
    })
}

/// A number and year OCR ran together (`1402018/NĐ-CP` for `140/2018/NĐ-CP`): decrees and
/// circulars carry their year and never reach five digits in one, so five to seven digits
/// before their symbol end in the year.
fn split_merged_year(digits: &str, symbol: &str) -> Option<(u32, u16)> {
    let first = first_part(symbol);
    if !matches!(first, "NĐ" | "TT" | "TTLT") || !(5..=7).contains(&digits.len()) {
        return None;
    }
    let (n, y) = digits.split_at(digits.len() - 4);
    let year: u16 = y.parse().ok()?;
    let number: u32 = n.parse().ok()?;
    ((1990..=2099).contains(&year) && !n.starts_with('0')).then_some((number, year))
}

/// The terms of the National Assembly (Quốc hội khóa X–XVI) and the year each began; a
/// term's documents bear its number (`QH15`), and a year of a new term's election has both.
const QH_TERMS: &[(u16, u16)] = &[
    (10, 1997),
    (11, 2002),
    (12, 2007),
    (13, 2011),
    (14, 2016),
    (15, 2021),
    (16, 2026),
];

/// The terms a document of `year` may bear.
fn terms_of(year: u16) -> impl Iterator<Item = u16> {
    QH_TERMS
        .iter()
        .enumerate()
        .filter_map(move |(i, &(term, start))| {
            let end = QH_TERMS.get(i + 1).map_or(start + 5, |&(_, next)| next);
            (start..=end).contains(&year).then_some(term)
        })
}

/// A term number OCR damaged, read from the year (`127/2025/QHI15`, `QHI5`, `OH15` → `QH15`):
/// a `QH` or `UBTVQH` part whose term holds an `I` or `L` for a `1`, or whose `Q` reads `O`.
/// The read digits decide when they end in a term of the year; else the year's only term. A
/// clean term is never changed.
fn repair_term(symbol: String, year: u16) -> String {
    if !symbol.contains("QH") && !symbol.contains("OH") {
        return symbol;
    }
    // Most law keys are clean: the symbol is rebuilt only when a part changes.
    if !symbol
        .split('-')
        .any(|part| repaired_term_part(part, year).is_some())
    {
        return symbol;
    }
    symbol
        .split('-')
        .map(|part| repaired_term_part(part, year).unwrap_or_else(|| part.to_string()))
        .collect::<Vec<_>>()
        .join("-")
}

/// A National Assembly term split off its code by a space OCR put in (`QH1 5`, `QH l2`): the
/// one or two figures after the space join the symbol ending in a short `QH` part, with where
/// the key now ends. A term of two clean digits takes nothing more.
fn join_split_term(text: &str, symbol: String, end: usize) -> (String, usize) {
    let last = symbol.rsplit('-').next().unwrap_or(&symbol);
    let Some(rest) = ["UBTVQH", "QH", "OH"]
        .iter()
        .find_map(|p| last.strip_prefix(p))
    else {
        return (symbol, end);
    };
    if rest.len() >= 2 {
        return (symbol, end);
    }
    let b = text.as_bytes();
    let figure = |c: &u8| c.is_ascii_digit() || matches!(c, b'l' | b'I' | b'S' | b'O');
    if b.get(end) != Some(&b' ') {
        return (symbol, end);
    }
    let n = b[end + 1..].iter().take_while(|c| figure(c)).count();
    let after = end + 1 + n;
    if n == 0 || n + rest.len() > 2 || text[after..].chars().next().is_some_and(is_alnum) {
        return (symbol, end);
    }
    (
        format!("{symbol}{}", text[end + 1..after].to_uppercase()),
        after,
    )
}

/// One symbol part with its term repaired by [`repair_term`]'s rule, if it needs and allows it.
fn repaired_term_part(part: &str, year: u16) -> Option<String> {
    let (prefix, rest) = ["UBTVQH", "QH", "UBTVOH", "OH"]
        .iter()
        .find_map(|p| part.strip_prefix(p).map(|r| (*p, r)))?;
    let o_for_q = prefix.contains('O');
    // A clean term (two digits) stays; a term with look-alike letters (`QHI5`, `QHL4`,
    // `QH1S`), cut short (`QH1`, `QH` alone) or under an `OH` is read from the year.
    let clean = rest.len() == 2 && rest.chars().all(|c| c.is_ascii_digit());
    let damaged = (o_for_q || !clean)
        && rest.len() <= 3
        && rest
            .chars()
            .all(|c| matches!(c, 'I' | 'L' | 'l' | 'S' | 'O' | '0'..='9'));
    if !damaged {
        return None;
    }
    let read: String = rest
        .chars()
        .map(|c| match c {
            'I' | 'L' | 'l' => '1',
            'S' => '5',
            'O' => '0',
            c => c,
        })
        .collect();
    let terms: Vec<u16> = terms_of(year).collect();
    let term =
        terms
            .iter()
            .find(|t| read.ends_with(&t.to_string()))
            .or(match terms.as_slice() {
                [only] => Some(only),
                _ => None,
            })?;
    Some(format!("{}{term}", prefix.replace('O', "Q")))
}

/// Scans a bare symbol (`/UBND-KGVX` after a blank number); `i` is at the slash.
pub fn scan_blank_symbol(text: &str, i: usize) -> Option<(String, usize)> {
    if text.as_bytes().get(i) != Some(&b'/') {
        return None;
    }
    let s = skip_ws(text, i + 1, Breaks::Cross);
    let (parts, end) = read_symbol(text, s, Case::Codes)?;
    Some((canonical_symbol(&parts).0, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_the_display() {
        for k in [
            "1068/CĐ-TTg",
            "12/2021/NĐ-CP",
            "892-CV/TU",
            "5-KH/HU",
            "2405/UBND-KGVX",
        ] {
            let key = DocKey::parse(k).unwrap();
            assert_eq!(key.text(), key.to_string());
            assert_eq!(key.text(), k);
        }
    }

    fn key(s: &str) -> String {
        DocKey::parse(s)
            .map(|k| k.to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn state_scheme_keys() {
        assert_eq!(key("117/TB-UBND"), "117/TB-UBND");
        assert_eq!(key("2395/UBND-KGVX"), "2395/UBND-KGVX");
        assert_eq!(key("1604/TTg-KTN"), "1604/TTg-KTN");
        assert_eq!(key("38544/TB-CHQ"), "38544/TB-CHQ");
    }

    #[test]
    fn legal_and_law_scheme_keys() {
        assert_eq!(key("23/2021/QĐ-TTg"), "23/2021/QĐ-TTg");
        assert_eq!(key("72/2025/QH15"), "72/2025/QH15");
        assert_eq!(key("76/2025/UBTVQH15"), "76/2025/UBTVQH15");
        assert_eq!(key("1655/NQ-UBTVQH15"), "1655/NQ-UBTVQH15");
    }

    #[test]
    fn party_scheme_keys() {
        assert_eq!(key("892-CV/TU"), "892-CV/TU");
        assert_eq!(key("459-KHHĐ/TU"), "459-KHHĐ/TU");
        assert_eq!(key("459-KHHD/TU"), "459-KHHĐ/TU");
        let k = DocKey::parse("66-NQ/TW").unwrap();
        assert_eq!(k.scheme, Scheme::Party);
        assert_eq!(k.type_code(), Some("NQ"));
        assert_eq!(k.issuer_code(), Some("TW"));
    }

    #[test]
    fn symbols_with_digits_dots_and_ampersands() {
        assert_eq!(key("12/CCTKV.05-TTKT3"), "12/CCTKV.05-TTKT3");
        assert_eq!(key("33/BNV-CTTN&BĐG"), "33/BNV-CTTN&BĐG");
        assert_eq!(key("7/KH-BCA-BNN&MT"), "7/KH-BCA-BNN&MT");
        assert_eq!(key("15972/SXD-QLN& TTBĐS"), "15972/SXD-QLN&TTBĐS");
        assert_eq!(key("88/XNK-SSVN2"), "88/XNK-SSVN2");
    }

    #[test]
    fn zero_padding_is_dropped() {
        assert_eq!(key("09/CT-UBND"), "9/CT-UBND");
        assert_eq!(key("0125/QĐ-UBND"), "125/QĐ-UBND");
        assert_eq!(DocKey::parse("007/TB-UBND"), DocKey::parse("7/TB-UBND"));
    }

    #[test]
    fn the_written_form_keeps_the_zeros_identity_ignores() {
        let written = |s: &str| DocKey::parse(s).map(|k| k.written());
        assert_eq!(written("01/2014/TT-NHNN").as_deref(), Ok("01/2014/TT-NHNN"));
        assert_eq!(written("05-KH/TU").as_deref(), Ok("05-KH/TU"));
        assert_eq!(written("0125 /QD-UBND").as_deref(), Ok("0125/QĐ-UBND"));
        assert_eq!(written("9/CT-UBND").as_deref(), Ok("9/CT-UBND"));
        // The number zero is no padding.
        assert_eq!(written("0/TB-UBND").as_deref(), Ok("0/TB-UBND"));
        let (a, b) = (DocKey::parse("09/CT-UBND"), DocKey::parse("9/CT-UBND"));
        assert_eq!(a, b);
        let hash = |k: &DocKey| {
            use std::hash::{BuildHasher, BuildHasherDefault};
            BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(k)
        };
        assert_eq!(a.map(|k| hash(&k)), b.map(|k| hash(&k)));
    }

    #[test]
    fn d_for_dj_is_repaired_only_where_it_is_a_known_code() {
        assert_eq!(key("1063/CD-TTg"), "1063/CĐ-TTg");
        assert_eq!(key("270/QD-TTg"), "270/QĐ-TTg");
        assert_eq!(key("13/2023/ND-CP"), "13/2023/NĐ-CP");
        assert_eq!(key("34/2025/NQ-HDND"), "34/2025/NQ-HĐND");
        // HD (Hướng dẫn) and DA (Dự án) are codes of their own.
        assert_eq!(key("12/HD-UBND"), "12/HD-UBND");
        assert_eq!(key("5/DA-UBND"), "5/DA-UBND");
    }

    #[test]
    fn ocr_damage_in_a_symbol_is_repaired() {
        // A dot for a hyphen between a type and an issuer code.
        assert_eq!(key("5/2025/NQ.CP"), "5/2025/NQ-CP");
        assert_eq!(key("12/QĐ.UBND"), "12/QĐ-UBND");
        assert_eq!(key("13/UBND.VP"), "13/UBND.VP");
        // The term of the National Assembly with an `I` for a `1`, read from the year.
        assert_eq!(key("127/2025/QHI15"), "127/2025/QH15");
        assert_eq!(key("129/2025/QHI5"), "129/2025/QH15");
        assert_eq!(key("22/2023/QHI"), "22/2023/QH15");
        assert_eq!(key("123/2025/OH15"), "123/2025/QH15");
        assert_eq!(key("12/2025/OHA"), "12/2025/OHA");
        assert_eq!(key("12/2025/NQ-UBTVQHI5"), "12/2025/NQ-UBTVQH15");
        // A year of two terms keeps what the digits say, and a clean term is never changed.
        assert_eq!(key("30/2016/QHI3"), "30/2016/QH13");
        assert_eq!(key("30/2016/QHI"), "30/2016/QHI");
        assert_eq!(key("30/2021/QH14"), "30/2021/QH14");
        assert_eq!(key("43/2024/QH14"), "43/2024/QH14");
        // Other look-alikes, a space OCR put inside the term, a term cut off.
        assert_eq!(key("38/2019/QHl4"), "38/2019/QH14");
        assert_eq!(key("245/2025/QH1S"), "245/2025/QH15");
        assert_eq!(key("57/2024/QH1 5"), "57/2024/QH15");
        assert_eq!(key("58/2010/QH l2"), "58/2010/QH12");
        assert_eq!(key("58/2010/QH"), "58/2010/QH12");
        assert_eq!(key("30/2016/QH"), "30/2016/QH");
        // A letter OCR added to a known code.
        assert_eq!(key("417/QĐ-BNNMIT"), "417/QĐ-BNNMT");
        assert_eq!(key("417/QĐ-BNNMTT"), "417/QĐ-BNNMT");
        assert_eq!(key("5/UBND-KGVX"), "5/UBND-KGVX");
        assert_eq!(key("5/UBND-KTT"), "5/UBND-KTT");
        for own in [
            "1234/CTT-QLDN",
            "12/CCT-KK",
            "5/TTT-VP",
            "5/KHH-UBND",
            "5/UBND-TCC",
        ] {
            assert_eq!(key(own), own, "a short code of its own");
        }
        // A number and its year run together.
        assert_eq!(key("1402018/NĐ-CP"), "140/2018/NĐ-CP");
        assert_eq!(key("12345/TCT-CS"), "12345/TCT-CS");
        assert_eq!(key("1402018/QĐ-TTg"), "1402018/QĐ-TTg");
        assert_eq!(key("0122018/NĐ-CP"), "122018/NĐ-CP");
        // The slash after the year lost.
        assert_eq!(key("66/2026NĐ-CP"), "66/2026/NĐ-CP");
        assert_eq!(key("22/2022NĐ.CP"), "22/2022/NĐ-CP");
    }

    #[test]
    fn lost_hyphen_is_restored() {
        assert_eq!(key("79/2025/NĐCP"), "79/2025/NĐ-CP");
        assert_eq!(key("103/2014/TTBTC"), "103/2014/TT-BTC");
        // A single known code is left alone.
        assert_eq!(key("1604/VPCP"), "1604/VPCP");
    }

    #[test]
    fn stray_spaces_and_line_breaks() {
        assert_eq!(key("117 /TB-UBND"), "117/TB-UBND");
        assert_eq!(key("27/NQ- TW"), "27/NQ-TW");
        assert_eq!(key("3727/QĐ- BKHCN"), "3727/QĐ-BKHCN");
        assert_eq!(key("1068/CĐ-\nTTg"), "1068/CĐ-TTg");
    }

    #[test]
    fn user_input_is_forgiving_about_case_and_look_alikes() {
        assert_eq!(key("1068/cđ-ttg"), "1068/CĐ-TTg");
        assert_eq!(key("1068/CD-TTG"), "1068/CĐ-TTg");
        assert_eq!(key("1068/C\u{D0}-TTg"), "1068/CĐ-TTg");
        assert_eq!(key("2395/ubnd-kgvx"), "2395/UBND-KGVX");
    }

    #[test]
    fn non_keys_are_rejected() {
        assert!(DocKey::parse("08/9/2021").is_err());
        assert!(DocKey::parse("hello").is_err());
        assert!(DocKey::parse("1068").is_err());
        assert!(DocKey::parse("1068/CĐ-TTg ngày").is_err());
    }

    #[test]
    fn kinds_and_issuer_codes_follow_the_symbol() {
        use crate::model::DocKind;
        let k = DocKey::parse("2395/UBND-KGVX").unwrap();
        assert_eq!(k.kind(), Some(DocKind::CongVan));
        assert_eq!(k.issuer_code(), Some("UBND"));
        let k = DocKey::parse("1068/CĐ-TTg").unwrap();
        assert_eq!(k.kind(), Some(DocKind::CongDien));
        assert_eq!(k.issuer_code(), Some("TTg"));
        let k = DocKey::parse("892-CV/TU").unwrap();
        assert_eq!(k.kind(), Some(DocKind::CongVan));
        assert_eq!(k.issuer_code(), Some("TU"));
    }

    #[test]
    fn sentence_end_after_a_key_is_not_part_of_it() {
        let t = "số 5312/VPCP-KGVX. Tiếp";
        let k = scan_key(t, t.find('5').unwrap(), Case::Codes).unwrap();
        assert_eq!(k.key.to_string(), "5312/VPCP-KGVX");
        assert_eq!(&t[k.end..], ". Tiếp");
    }

    #[test]
    fn a_list_item_on_the_next_line_is_not_part_of_a_key() {
        let t = "số 123/UBND-VP\n- UBND các huyện";
        let k = scan_key(t, t.find('1').unwrap(), Case::Codes).unwrap();
        assert_eq!(k.key.to_string(), "123/UBND-VP");
    }

    #[test]
    fn words_after_a_spaced_hyphen_are_not_codes() {
        let t = "123/UBND-VP - Văn phòng";
        let k = scan_key(t, 0, Case::Codes).unwrap();
        assert_eq!(k.key.to_string(), "123/UBND-VP");
    }

    /// Scans a key in running text (strict case, as the reference finder does).
    fn in_text(t: &str) -> String {
        let i = t.find(|c: char| c.is_ascii_digit()).unwrap();
        scan_key(t, i, Case::Codes)
            .map(|k| k.key.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn real_key_forms() {
        // Decimal and hyphenated numbers, zero padding dropped in each part.
        assert_eq!(in_text("66.7/2025/NQ-CP ngày"), "66.7/2025/NQ-CP");
        assert_eq!(in_text("03-07/2025/CV-TKV"), "3-7/2025/CV-TKV");
        // A Party number is no compound number.
        assert_eq!(in_text("892-CV/TU"), "892-CV/TU");
        // A mixed-case unit code after the first part; a sentence's word is none.
        assert_eq!(in_text("215/QTR-KTr3 ngày"), "215/QTR-KTr3");
        assert_eq!(in_text("215/QTR-Văn phòng"), "215/QTR");
        // The year after the symbol; a longer number after it is not a year.
        assert_eq!(in_text("1031/PLYK/2025 ngày"), "1031/PLYK/2025");
        assert_eq!(in_text("1031/PLYK/20250"), "1031/PLYK");
        // A line break before the slash, but not a blank line.
        assert_eq!(in_text("178/2025\n /NĐ-CP"), "178/2025/NĐ-CP");
        assert_eq!(in_text("178\n\n/NĐ-CP"), "");
        for k in [
            "66.7/2025/NQ-CP",
            "3-7/2025/CV-TKV",
            "215/QTR-KTr3",
            "1031/PLYK/2025",
        ] {
            assert_eq!(key(k), k, "parses back");
        }
    }
}
