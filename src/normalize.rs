//! Text normalization: one clean spelling of Vietnamese text, with a map back to the input.
//!
//! Real files carry decomposed diacritics (NFD), `Ð` typed for `Đ`, old-style tone placement
//! (`uỷ` for `ủy`), markdown emphasis splitting numbers, table pipes, odd dashes and spaces.
//! The extractor only ever sees the normalized text; every span it finds is mapped back to
//! the exact bytes of the input so provenance shows what the file really says.

mod markup;

use markup::Markup;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Normalized text and the map from its byte offsets to the input's.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    segs: Vec<Seg>,
    src_len: usize,
}

/// A run of output bytes: copied 1:1 from the input, or one rewritten cluster.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Seg {
    norm: usize,
    orig: usize,
    /// Length in the input of a rewritten cluster; `None` for a 1:1 copy run.
    rewritten: Option<usize>,
}

impl Normalized {
    fn seg_at(&self, p: usize) -> Option<&Seg> {
        let i = self.segs.partition_point(|s| s.norm <= p);
        i.checked_sub(1).map(|i| &self.segs[i])
    }

    /// Input offset of the character starting at normalized offset `p`.
    pub fn orig_start(&self, p: usize) -> usize {
        match self.seg_at(p) {
            Some(s) if s.rewritten.is_none() => s.orig + (p - s.norm),
            Some(s) => s.orig,
            None => 0,
        }
    }

    /// Input offset just past the character that ends at normalized offset `q`.
    pub fn orig_end(&self, q: usize) -> usize {
        if q == 0 {
            return 0;
        }
        let Some(c) = self.text[..q].chars().next_back() else {
            return 0;
        };
        let p = q - c.len_utf8();
        match self.seg_at(p) {
            Some(s) => match s.rewritten {
                None => s.orig + (q - s.norm),
                Some(len) => s.orig + len,
            },
            None => self.src_len,
        }
    }

    /// The input byte range behind the normalized range `start..end`.
    pub fn orig_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let s = self.orig_start(start);
        let e = self.orig_end(end).max(s);
        s..e
    }
}

/// Turns byte offsets of a text into 1-based lines and character columns, for offsets that
/// mostly come in increasing order: it counts only from the last offset asked, so a document's
/// references cost one pass over it, and no table of line starts is built.
pub struct LineCursor<'a> {
    text: &'a str,
    at: usize,
    line: usize,
    col: usize,
}

/// Characters in `text[a..b]`, or its bytes when those are no character boundaries.
fn chars_between(text: &str, a: usize, b: usize) -> usize {
    text.get(a..b)
        .map_or(b.saturating_sub(a), |s| s.chars().count())
}

impl<'a> LineCursor<'a> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'a str) -> LineCursor<'a> {
        LineCursor {
            text,
            at: 0,
            line: 1,
            col: 1,
        }
    }

    /// 1-based line and 1-based character column of byte offset `at`. A line ends where
    /// normalization ends one: `\n`, `\r\n`, a lone `\r` (old Mac files), U+0085, U+2028 and
    /// U+2029, so lines agree with the text the references were found in.
    pub fn line_col(&mut self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        if at < self.at {
            *self = LineCursor::new(self.text);
        }
        let (breaks, last_end) = line_breaks(self.text.as_bytes(), self.at, at);
        match last_end {
            Some(line_start) => {
                self.line += breaks;
                self.col = 1 + chars_between(self.text, line_start, at);
            }
            None => self.col += chars_between(self.text, self.at, at),
        }
        self.at = at;
        (self.line, self.col)
    }
}

/// The line breaks that end in `b[from..to]` and the offset just past the last one. A `\r`
/// right before a `\n` is no break of its own, even when the `\n` lies past `to`. Only the
/// bytes that can start a break (`\n`, `\r`, 0xE2 of U+2028/U+2029, 0xC2 of U+0085) are
/// looked at; [`line_breaks_plain`] reads every character and the tests hold them equal.
fn line_breaks(b: &[u8], from: usize, to: usize) -> (usize, Option<usize>) {
    let seg = &b[from..to];
    let mut n = 0;
    let mut last = None;
    let mut note = |end: usize| {
        n += 1;
        last = Some(end);
    };
    let mut rare = memchr::memchr3_iter(b'\r', 0xE2, 0xC2, seg).peekable();
    if rare.peek().is_none() {
        // The common case: `\n` alone ends lines.
        let count = memchr::memchr_iter(b'\n', seg).count();
        let end = memchr::memrchr(b'\n', seg).map(|k| from + k + 1);
        return (count, end);
    }
    // Breaks in text order: `\n` and the rarer starts merged.
    let mut nl = memchr::memchr_iter(b'\n', seg).peekable();
    loop {
        let next = match (nl.peek(), rare.peek()) {
            (Some(&a), Some(&r)) if a < r => nl.next(),
            (Some(_), Some(_)) | (None, Some(_)) => rare.next(),
            (Some(_), None) => nl.next(),
            (None, None) => break,
        };
        let Some(k) = next else { break };
        let at = from + k;
        match b[at] {
            b'\n' => note(at + 1),
            b'\r' if b.get(at + 1) != Some(&b'\n') => note(at + 1),
            0xE2 if matches!(b.get(at + 1..at + 3), Some([0x80, 0xA8 | 0xA9])) && at + 3 <= to => {
                note(at + 3)
            }
            0xC2 if b.get(at + 1) == Some(&0x85) && at + 2 <= to => note(at + 2),
            _ => {}
        }
    }
    (n, last)
}

/// [`line_breaks`] character by character: the plain version the fast one is held to.
/// The largest character boundary of `t` at or before byte `i` (its length past the end): a
/// window cut at a byte count never splits a character.
pub fn floor_char(t: &str, i: usize) -> usize {
    let mut i = i.min(t.len());
    while !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
fn line_breaks_plain(text: &str, from: usize, to: usize) -> (usize, Option<usize>) {
    let mut n = 0;
    let mut last = None;
    for (i, c) in text[from..to].char_indices() {
        let at = from + i;
        let is_break = match c {
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => true,
            '\r' => !text[at + 1..].starts_with('\n'),
            _ => false,
        };
        if is_break {
            n += 1;
            last = Some(at + c.len_utf8());
        }
    }
    (n, last)
}

/// What to do with one input character.
enum Fold {
    Keep,
    To(char),
    Drop,
}

fn fold_char(c: char) -> Fold {
    match c {
        '\u{D0}' | '\u{189}' => Fold::To('Đ'),
        '\u{F0}' | '\u{256}' => Fold::To('đ'),
        // `ǎ` (a caron) is no Vietnamese letter: old fonts and converters write it for `ă`.
        '\u{1CE}' => Fold::To('ă'),
        '\u{1CD}' => Fold::To('Ă'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => Fold::To('-'),
        '\u{FF0F}' | '\u{2215}' | '\u{2044}' => Fold::To('/'),
        // Full-width digits (`１２３/QĐ-TTg`, typed with an East Asian input method).
        '\u{FF10}'..='\u{FF19}' => Fold::To(char::from(b'0' + (c as u32 - 0xFF10) as u8)),
        '\t'
        | '\u{B}'
        | '\u{C}'
        | '\u{A0}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Fold::To(' '),
        '\u{85}' | '\u{2028}' | '\u{2029}' => Fold::To('\n'),
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => Fold::Drop,
        // Markdown emphasis splits numbers (`số ** 203**/2025/QH15**`); pipes are table cells.
        '*' => Fold::Drop,
        '|' => Fold::To(' '),
        _ => Fold::Keep,
    }
}

/// End of the character cluster (a starter and its combining marks) starting at `i`.
fn cluster_end(src: &str, i: usize) -> usize {
    let mut it = src[i..].char_indices();
    let mut end = match it.next() {
        Some((_, c)) => i + c.len_utf8(),
        None => return i,
    };
    for (k, c) in it {
        if is_combining_mark(c) {
            end = i + k + c.len_utf8();
        } else {
            break;
        }
    }
    end
}

const TONED_A: [&str; 2] = ["àáảãạ", "ÀÁẢÃẠ"];
const TONED_E: [&str; 2] = ["èéẻẽẹ", "ÈÉẺẼẸ"];
const TONED_Y: [&str; 2] = ["ỳýỷỹỵ", "ỲÝỶỸỴ"];
const TONED_O: [&str; 2] = ["òóỏõọ", "ÒÓỎÕỌ"];
const TONED_U: [&str; 2] = ["ùúủũụ", "ÙÚỦŨỤ"];

fn tone_of(c: char, table: [&str; 2], base: char) -> Option<(usize, char)> {
    table
        .iter()
        .find_map(|row| row.chars().position(|x| x == c))
        .map(|t| (t, base))
}

/// Old-style tone placement (`hoà`, `uỷ`) rewritten new-style (`hòa`, `ủy`), as a pair.
fn retone(first: char, second: char) -> Option<(char, char)> {
    let (table, toned) = match first {
        'o' | 'O' => {
            let t = tone_of(second, TONED_A, 'a').or_else(|| tone_of(second, TONED_E, 'e'))?;
            (TONED_O, t)
        }
        'u' | 'U' => (TONED_U, tone_of(second, TONED_Y, 'y')?),
        _ => return None,
    };
    let case = first.is_uppercase() as usize;
    let moved = table[case].chars().nth(toned.0)?;
    let plain = if second.is_uppercase() {
        toned.1.to_ascii_uppercase()
    } else {
        toned.1.to_ascii_lowercase()
    };
    Some((moved, plain))
}

/// Length in bytes of the UTF-8 character starting with byte `b` when it is a precomposed
/// Latin letter that needs no rewriting (U+00C0–U+01BF but the `Đ` look-alikes, U+1E00–U+1EFF),
/// else 0.
fn clean_letter_len(bytes: &[u8], i: usize) -> usize {
    match bytes[i] {
        0xC3..=0xC6 => match (bytes[i], bytes.get(i + 1)) {
            // Ð, ð, Ɖ become Đ/đ.
            (0xC3, Some(0x90 | 0xB0)) | (0xC6, Some(0x89)) => 0,
            (_, Some(0x80..=0xBF)) => 2,
            _ => 0,
        },
        0xE1 => match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(0xB8..=0xBB), Some(0x80..=0xBF)) => 3,
            _ => 0,
        },
        _ => 0,
    }
}

/// ASCII bytes copied as they are: printable but `*`, `|` and the `<` and `&` that may open
/// markup, and newlines. `o`, `O`, `u`, `U`
/// are copied too, and looked at again from the character after them when it is not ASCII:
/// only there can a pair's tone have to move (`hoà` → `hòa`).
const CLEAN_ASCII: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x20;
    while b < 0x7F {
        t[b] = !matches!(b as u8, b'*' | b'|' | b'<' | b'&');
        b += 1;
    }
    t[b'\n' as usize] = true;
    t
};

/// End of the run of clean characters starting at `start`: characters that need no rewriting
/// ([`CLEAN_ASCII`], precomposed letters, `o`/`u` but before a letter that may end their pair)
/// and carry no combining mark. Whole blocks that [`plain_block`] passes are taken at once;
/// [`clean_run_walk`] is the byte-by-byte version the tests hold it to.
fn clean_run(bytes: &[u8], start: usize) -> usize {
    clean_run_with(bytes, start, Blocks::Skip)
}

/// [`clean_run`] one byte at a time: the plain version of the block skipping.
#[cfg(test)]
fn clean_run_walk(bytes: &[u8], start: usize) -> usize {
    clean_run_with(bytes, start, Blocks::Walk)
}

/// Whether [`clean_run_with`] takes whole [`BLOCK`]s that hold nothing to stop at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Blocks {
    /// Taken whole when [`plain_block`] passes them (the fast path).
    Skip,
    /// Walked byte by byte (the plain version).
    #[cfg_attr(not(test), allow(dead_code))]
    Walk,
}

/// Bytes [`plain_block`] judges at once.
const BLOCK: usize = 32;

/// [`clean_run`], with blocks skipped or walked.
fn clean_run_with(bytes: &[u8], start: usize, blocks: Blocks) -> usize {
    let is_o_u = |b: u8| matches!(b, b'o' | b'O' | b'u' | b'U');
    let mut i = start;
    // Start of the last character taken: it is given back when a combining mark may follow.
    let mut last = start;
    // Below this offset a block was turned away: walk there before judging another.
    let mut walk_until = start;
    loop {
        if blocks == Blocks::Skip && i >= walk_until {
            let from = i;
            while let Some(next) = plain_block(bytes, i) {
                i = next;
            }
            if i > from {
                last = char_start_before(bytes, i);
            }
            walk_until = i + BLOCK;
        }
        // Most of a document is clean ASCII: one table look a byte.
        let run = i;
        while bytes.get(i).is_some_and(|&b| CLEAN_ASCII[b as usize]) {
            i += 1;
        }
        if i > run {
            last = i - 1;
        }
        let Some(&b) = bytes.get(i) else {
            return i;
        };
        if b < 0x80 {
            return i;
        }
        // `o`/`u` before a letter that may carry its pair's tone and ends the word: the pair
        // goes the long way.
        if i > start && is_o_u(bytes[i - 1]) && retone_partner(bytes, i) && !word_goes_on(bytes, i)
        {
            return i - 1;
        }
        let len = clean_letter_len(bytes, i);
        if len == 0 {
            // Maybe a combining mark on the character before: that one goes the long way,
            // with the `o`/`u` before it, whose pair it may end (`hoa\u{300}` → `hòa`).
            if last > start && bytes[last] < 0x80 && is_o_u(bytes[last - 1]) {
                return last - 1;
            }
            return last;
        }
        last = i;
        i += len;
    }
}

/// Start of the character that ends at `i` (a character boundary past `0`).
fn char_start_before(bytes: &[u8], i: usize) -> usize {
    let mut j = i - 1;
    while j > 0 && (0x80..0xC0).contains(&bytes[j]) {
        j -= 1;
    }
    j
}

/// True when the precomposed letter at `i` is one whose tone [`retone`] moves onto an `o`
/// (toned `a`, `e`) or a `u` (toned `y`) before it, in either case. Other letters after an
/// `o`/`u` (`của`, `luật`, `thuộc`) never move, so the pair is copied.
fn retone_partner(bytes: &[u8], i: usize) -> bool {
    let o = matches!(bytes[i - 1], b'o' | b'O');
    match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
        // à á ã è é and capitals after `o`; ý Ý after `u`.
        (0xC3, Some(&c), _) => match o {
            true => matches!(
                c,
                0x80 | 0x81 | 0x83 | 0x88 | 0x89 | 0xA0 | 0xA1 | 0xA3 | 0xA8 | 0xA9
            ),
            false => matches!(c, 0x9D | 0xBD),
        },
        // ạ ả ẹ ẻ ẽ and capitals (U+1EA0–1EA3, U+1EB8–1EBD) after `o`; ỳ ỵ ỷ ỹ and capitals
        // (U+1EF2–1EF9) after `u`.
        (0xE1, Some(0xBA), Some(&c)) if o => matches!(c, 0xA0..=0xA3 | 0xB8..=0xBD),
        (0xE1, Some(0xBB), Some(&c)) if !o => matches!(c, 0xB2..=0xB9),
        _ => false,
    }
}

/// With `i` at a character boundary, the end of the [`BLOCK`] bytes from `i` (moved on to
/// the next character boundary) when [`clean_run_with`]'s walk would take every one of them
/// without stopping: nothing but [`CLEAN_ASCII`] bytes, precomposed letters that are not
/// `Đ` look-alikes, and no `o`/`u` before a [`retone_partner`]. The test is a superset of the
/// walk's stops (it asks no question of a word's end and passes no ×, ÷ after an `o`), so a
/// block it turns away is walked; `None` too when fewer than `BLOCK + 3` bytes are left.
#[inline]
fn plain_block(bytes: &[u8], i: usize) -> Option<usize> {
    let w: &[u8; BLOCK + 3] = bytes.get(i..i + BLOCK + 3)?.try_into().ok()?;
    let mut stop = false;
    // Branch-free on purpose: the compiler judges many bytes per instruction.
    for k in 0..BLOCK {
        let (a, b, c, d) = (w[k], w[k + 1], w[k + 2], w[k + 3]);
        let unclean_ascii = (a < 0x20 && a != b'\n')
            | (a == b'*')
            | (a == b'|')
            | (a == b'<')
            | (a == b'&')
            | (a == 0x7F);
        // Lead bytes of no precomposed Vietnamese letter (C3–C6 and E1 are; 80–BF continue).
        let odd_lead = (0xC0..=0xC2).contains(&a) | (0xC7..=0xE0).contains(&a) | (a >= 0xE2);
        let look_alike = (a == 0xC3 && (b == 0x90 || b == 0xB0))
            | (a == 0xC6 && b == 0x89)
            | (a == 0xE1 && !(0xB8..=0xBB).contains(&b));
        let o = a == b'o' || a == b'O';
        let u = a == b'u' || a == b'U';
        let partner_c3 = b == 0xC3
            && ((o
                && matches!(
                    c,
                    0x80 | 0x81 | 0x83 | 0x88 | 0x89 | 0xA0 | 0xA1 | 0xA3 | 0xA8 | 0xA9
                ))
                | (u && (c == 0x9D || c == 0xBD)));
        let partner_e1 = b == 0xE1
            && ((o && c == 0xBA && ((0xA0..=0xA3).contains(&d) | (0xB8..=0xBD).contains(&d)))
                | (u && c == 0xBB && (0xB2..=0xB9).contains(&d)));
        stop |= unclean_ascii | odd_lead | look_alike | partner_c3 | partner_e1;
    }
    if stop {
        return None;
    }
    // The block's last character may run past it: on to the next boundary.
    let mut end = i + BLOCK;
    while bytes.get(end).is_some_and(|b| (0x80..0xC0).contains(b)) {
        end += 1;
    }
    Some(end)
}

/// True when the character at `j` is a clean precomposed letter and a letter follows it: an
/// `o`/`u` before it does not end a pair at the end of a word, so no tone can move (`quốc`,
/// `đoàn`, `tuổi` are copied, not taken the long way).
fn word_goes_on(bytes: &[u8], j: usize) -> bool {
    let n = clean_letter_len(bytes, j);
    if n == 0 {
        return false;
    }
    match bytes.get(j + n) {
        Some(&b) if b < 0x80 => b.is_ascii_alphabetic(),
        // A clean letter, but `×` and `÷`, which share its lead byte and are no letters.
        Some(&b) => {
            clean_letter_len(bytes, j + n) > 0
                && !(b == 0xC3 && matches!(bytes.get(j + n + 1), Some(0x97 | 0xB7)))
        }
        None => false,
    }
}

/// How a file writes its text: plain, or with HTML markup between the words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Plain text (`.txt`, OCR output): a `<` is a `<`.
    Plain,
    /// HTML, or Markdown that may hold it (`.html`, `.htm`, `.md`): tags and character
    /// references are read as the text they stand for.
    Markup,
}

impl Syntax {
    /// The syntax a file's name says it is written in.
    pub fn of_path(path: &str) -> Syntax {
        let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
        if ["html", "htm", "md", "markdown", "xhtml"]
            .iter()
            .any(|x| ext.eq_ignore_ascii_case(x))
        {
            Syntax::Markup
        } else {
            Syntax::Plain
        }
    }
}

/// Normalizes plain text `src`: NFC, `Đ` look-alikes, new-style tones, dashes, spaces, markdown noise.
pub fn normalize(src: &str) -> Normalized {
    normalize_with(src, Runs::Skip, Syntax::Plain)
}

/// [`normalize`] for a text written in `syntax`: markup read as the text it stands for.
pub fn normalize_as(src: &str, syntax: Syntax) -> Normalized {
    normalize_with(src, Runs::Skip, syntax)
}

/// How [`normalize_with`] walks runs of text that need no change.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Runs {
    /// Skipped whole (the fast path).
    Skip,
    /// Walked character by character (the plain version the tests hold the fast one to).
    #[cfg_attr(not(test), allow(dead_code))]
    Walk,
}

/// [`normalize_as`], with clean runs skipped or walked.
fn normalize_with(src: &str, runs: Runs, syntax: Syntax) -> Normalized {
    let mut out = normalize_chars(src, runs, syntax);
    repair_figures(&mut out.text);
    out
}

/// True for a digit and the letters OCR reads for one (`l`, `I` for 1; `O`, `o` for 0).
fn is_figure_like(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'l' | b'I' | b'O' | b'o')
}

/// Where `bytes[from..to]` is a document number's figures that OCR wrote partly as letters:
/// a run of digits and look-alikes holding both, standing apart from any word.
fn damaged_figures(bytes: &[u8], from: usize, to: usize) -> bool {
    let run = &bytes[from..to];
    !run.is_empty()
        && run.len() <= 7
        && run.iter().all(|&b| is_figure_like(b))
        && run.iter().any(u8::is_ascii_digit)
        && !run.iter().all(u8::is_ascii_digit)
}

/// Makes digits of the letters OCR read for them in document numbers: `2l/2024/QĐ-TTg`,
/// `1O234/BTC-NSNN`, `07/2O25/TT-BTC`. Only the figures before a `/` that a symbol or a year
/// follows, and a year between two slashes, are touched; a run that starts inside a word
/// (`H5N1`) is left alone. Each letter becomes one ASCII digit in its place, so every offset
/// (and the map back to the input) stays as it was.
fn repair_figures(text: &mut String) {
    let b = text.as_bytes();
    let mut fixes: Vec<usize> = Vec::new();
    for s in memchr::memchr_iter(b'/', b) {
        // The number before the slash.
        let mut r = s;
        while r > 0 && s - r < 8 && is_figure_like(b[r - 1]) {
            r -= 1;
        }
        let apart = r == 0 || !(b[r - 1].is_ascii_alphanumeric() || b[r - 1] >= 0x80);
        let symbol_after = b
            .get(s + 1)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c >= 0x80);
        if apart && symbol_after && damaged_figures(b, r, s) {
            fixes.extend(r..s);
        }
        // A year between this slash and the next: `/2O25/`.
        let y = s + 1;
        if b.get(y + 4) == Some(&b'/') && damaged_figures(b, y, y + 4) && b[y] == b'2' {
            fixes.extend(y..y + 4);
        }
    }
    if fixes.is_empty() {
        return;
    }
    for i in fixes {
        let digit = match text.as_bytes()[i] {
            b'l' | b'I' => "1",
            b'O' | b'o' => "0",
            _ => continue,
        };
        // One ASCII byte for another: nothing after it moves.
        text.replace_range(i..i + 1, digit);
    }
}

/// Normalizes the characters of `src` (see [`normalize_with`]).
fn normalize_chars(src: &str, runs: Runs, syntax: Syntax) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(src.len()),
        // Most texts have a few rewritten spots: room for them at once, not grown by doubling.
        segs: Vec::with_capacity(16),
        src_len: src.len(),
    };
    let mut buf = String::new();
    let mut markup = markup::Reader::default();
    let mut prev: Option<char> = None;
    let mut i = 0;
    let bytes = src.as_bytes();
    while i < src.len() {
        // Fast path: a run of characters that are already clean — printable ASCII and the
        // precomposed Latin letters Vietnamese is written in — each followed by no combining
        // mark and no tone to move, is copied whole.
        let k = match runs {
            Runs::Skip => clean_run(bytes, i),
            Runs::Walk => i,
        };
        if k > i {
            emit_copy(&mut out, &src[i..k], i);
            prev = src[..k].chars().next_back();
            i = k;
            continue;
        }
        if syntax == Syntax::Markup && matches!(bytes[i], b'<' | b'&') {
            if let Some((m, end)) = markup.at(src, i) {
                let text = match m {
                    Markup::Nothing => None,
                    Markup::LineBreak => Some('\n'),
                    Markup::Char(c) => match fold_char(c) {
                        Fold::Keep => Some(c),
                        Fold::To(r) => Some(r),
                        Fold::Drop => None,
                    },
                };
                if let Some(c) = text {
                    buf.clear();
                    buf.push(c);
                    emit_rewritten(&mut out, &buf, i, end);
                    prev = Some(c);
                }
                i = end;
                continue;
            }
        }
        let j = cluster_end(src, i);
        let cluster = &src[i..j];
        let mut chars = cluster.chars();
        let c = chars.next().unwrap_or(' ');
        // Tone placement: look at the next cluster as a pair at the end of a word.
        if matches!(c, 'o' | 'O' | 'u' | 'U')
            && j == i + 1
            && !matches!(prev, Some('q' | 'Q'))
            && j < src.len()
        {
            let k = cluster_end(src, j);
            // Only a pair that ends its word can carry a misplaced tone: most do not, and
            // they are turned away before the next cluster is composed.
            let word_ends = src[k..].chars().next().is_none_or(|x| !is_letter(x));
            if word_ends {
                let next: String = src[j..k].nfc().collect();
                let mut nc = next.chars();
                if let (Some(second), None) = (nc.next(), nc.next()) {
                    if let Some((a, b)) = retone(c, second) {
                        buf.clear();
                        buf.push(a);
                        buf.push(b);
                        emit_rewritten(&mut out, &buf, i, k);
                        prev = Some(b);
                        i = k;
                        continue;
                    }
                }
            }
        }
        if chars.next().is_none() {
            if c == '\r' {
                if !src[j..].starts_with('\n') {
                    emit_rewritten(&mut out, "\n", i, j);
                    prev = Some('\n');
                }
            } else {
                match fold_char(c) {
                    Fold::Keep => {
                        emit_copy(&mut out, cluster, i);
                        prev = Some(c);
                    }
                    Fold::To(r) => {
                        buf.clear();
                        buf.push(r);
                        emit_rewritten(&mut out, &buf, i, j);
                        prev = Some(r);
                    }
                    Fold::Drop => {}
                }
            }
        } else {
            buf.clear();
            for x in cluster.nfc() {
                match fold_char(x) {
                    Fold::Keep => buf.push(x),
                    Fold::To(r) => buf.push(r),
                    Fold::Drop => {}
                }
            }
            if buf == cluster {
                emit_copy(&mut out, cluster, i);
            } else if !buf.is_empty() {
                let b = std::mem::take(&mut buf);
                emit_rewritten(&mut out, &b, i, j);
                buf = b;
            }
            prev = buf.chars().last().or(prev);
        }
        i = j;
    }
    out
}

fn emit_copy(out: &mut Normalized, s: &str, orig: usize) {
    let contiguous = out.segs.last().is_some_and(|seg| {
        seg.rewritten.is_none() && seg.orig + (out.text.len() - seg.norm) == orig
    });
    if !contiguous {
        out.segs.push(Seg {
            norm: out.text.len(),
            orig,
            rewritten: None,
        });
    }
    out.text.push_str(s);
}

fn emit_rewritten(out: &mut Normalized, s: &str, orig: usize, orig_end: usize) {
    out.segs.push(Seg {
        norm: out.text.len(),
        orig,
        rewritten: Some(orig_end - orig),
    });
    out.text.push_str(s);
}

/// Lowercases and strips Vietnamese diacritics (`Đ` → `d`): a key for loose comparisons.
pub fn fold_ascii(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'Đ' | 'đ' => 'd',
            c => c.to_ascii_lowercase(),
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Length of the white-space character at `i` of `s`, or 0 when there is none.
fn space_len(s: &str, i: usize) -> usize {
    let b = s.as_bytes()[i];
    match b {
        b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => 1,
        // The other white space: U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
        // U+202F, U+205F, U+3000. Vietnamese letters share the lead bytes 0xC2 and 0xE1, so
        // the following bytes decide.
        0xC2 => match s.as_bytes().get(i + 1) {
            Some(0x85 | 0xA0) => 2,
            _ => 0,
        },
        0xE1..=0xE3 => {
            let c = s[i..].chars().next();
            let ws = match s.as_bytes().get(i + 1) {
                Some(0x9A) if b == 0xE1 => c == Some('\u{1680}'),
                Some(0x80 | 0x81) if b == 0xE2 => c.is_some_and(char::is_whitespace),
                Some(0x80) if b == 0xE3 => c == Some('\u{3000}'),
                _ => false,
            };
            if ws {
                3
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// Collapses runs of whitespace to single spaces and trims.
pub fn squash_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    squash_spaces_into(s, &mut out);
    out
}

/// [`squash_spaces`] into `out`, which is cleared first: a loop that squashes many small
/// windows keeps one buffer instead of allocating each time.
pub fn squash_spaces_into(s: &str, out: &mut String) {
    out.clear();
    let b = s.as_bytes();
    // Text is copied in runs: only white space other than one space between words is acted on.
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        // Bytes that may start white space: controls, the space, and four lead bytes.
        const MAYBE: [bool; 256] = {
            let mut t = [false; 256];
            let mut k = 0;
            while k <= b' ' as usize {
                t[k] = true;
                k += 1;
            }
            t[0xC2] = true;
            t[0xE1] = true;
            t[0xE2] = true;
            t[0xE3] = true;
            t
        };
        match b[i..].iter().position(|&x| MAYBE[x as usize]) {
            Some(k) => i += k,
            None => break,
        }
        let c = b[i];
        // One space between two words, the common case, stays in the run.
        if c == b' ' && i > 0 && b.get(i + 1).is_some_and(|&x| !MAYBE[x as usize]) {
            i += 1;
            continue;
        }
        // Vietnamese letters share lead bytes 0xC2 and 0xE1 with some white space: the next
        // byte tells them apart.
        let plain = match c {
            0xC2 => !matches!(b.get(i + 1), Some(0x85 | 0xA0)),
            0xE1 => b.get(i + 1) != Some(&0x9A),
            _ => false,
        };
        if plain {
            i += 1;
            continue;
        }
        let n = space_len(s, i);
        if n == 0 {
            i += 1;
            continue;
        }
        let mut j = i + n;
        while j < b.len() {
            match space_len(s, j) {
                0 => break,
                k => j += k,
            }
        }
        // One space between two words stays in the run; anything else ends it.
        let regular = c == b' ' && j == i + 1 && i > 0 && j < b.len();
        if !regular {
            out.push_str(&s[copied..i]);
            if !out.is_empty() && j < b.len() {
                out.push(' ');
            }
            copied = j;
        }
        i = j;
    }
    out.push_str(&s[copied..]);
}

/// The lower case of `c` when it is one letter the fast path knows (ASCII and every
/// Vietnamese letter); `None` sends the caller to the standard library's tables, which cost
/// a search per character and run on every header line.
#[inline]
fn lower_fast(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        0x41..=0x5A => u + 0x20,
        0..=0x7F => u,
        0xC0..=0xDE if u != 0xD7 => u + 0x20,
        0xDF..=0xFF => u,
        0x102 | 0x110 | 0x128 | 0x168 | 0x1A0 => u + 1,
        0x1AF => 0x1B0,
        0x103 | 0x111 | 0x129 | 0x169 | 0x1A1 | 0x1B0 => u,
        0x1EA0..=0x1EF9 => u | 1,
        _ => return None,
    };
    char::from_u32(l)
}

/// True when `c` lower-cases to exactly `lower` (`Đ` to `đ`, `Ộ` to `ộ`).
#[inline]
pub fn lowers_to(c: char, lower: char) -> bool {
    c == lower
        || match lower_fast(c) {
            Some(l) => l == lower,
            None => c.to_lowercase().eq(std::iter::once(lower)),
        }
}

/// The first character of the lower case of `c`.
#[inline]
pub fn lower_first(c: char) -> char {
    lower_fast(c).unwrap_or_else(|| c.to_lowercase().next().unwrap_or(c))
}

/// The lower case of `c`, written in UTF-8 into `buf` (a character lower-cases to at most
/// three characters of at most four bytes).
#[inline]
pub fn lower_into(c: char, buf: &mut [u8; 12]) -> &[u8] {
    match lower_fast(c) {
        Some(l) => l.encode_utf8(buf).as_bytes(),
        None => {
            let mut n = 0;
            for l in c.to_lowercase() {
                n += l.encode_utf8(&mut buf[n..]).len();
            }
            &buf[..n]
        }
    }
}

/// Appends the lower case of `c` to `out`.
#[inline]
pub fn push_lower(out: &mut String, c: char) {
    match lower_fast(c) {
        Some(l) => out.push(l),
        None => out.extend(c.to_lowercase()),
    }
}

/// The lower case of `s`, as `str::to_lowercase` gives it (final sigma aside, which
/// Vietnamese text never meets in a word this is used on).
pub fn lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    lower_into_string(s, &mut out);
    out
}

/// [`lower`] into `out`, which is cleared first (a buffer kept across a loop).
pub fn lower_into_string(s: &str, out: &mut String) {
    out.clear();
    out.reserve(s.len());
    for c in s.chars() {
        push_lower(out, c);
    }
}

/// True when `c` is a letter or a digit, as `char::is_alphanumeric` says, by way of
/// [`is_letter`]'s fast path (digits are ASCII in these documents, and cheap to test).
#[inline]
pub fn is_alnum(c: char) -> bool {
    is_letter(c) || c.is_numeric()
}

/// True when `c` is a letter, as `char::is_alphabetic` says: answered at once for ASCII and
/// every Latin and Vietnamese letter, where the standard library searches a table for each
/// non-ASCII character.
#[inline]
pub fn is_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        0xC0..=0x24F => !matches!(c, '×' | '÷'),
        0x1EA0..=0x1EF9 => true,
        _ => c.is_alphabetic(),
    }
}

/// True when `c` is a lower-case letter, as `char::is_lowercase` says.
#[inline]
pub fn is_lower(c: char) -> bool {
    let u = c as u32;
    match u {
        0x61..=0x7A => true,
        0..=0x7F => false,
        0x1EA0..=0x1EF9 => u & 1 == 1,
        _ => c.is_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_ending_normalization_knows_ends_a_line() {
        let t = "a\r\nb\rc\u{2028}d\u{2029}e\u{85}f\ng";
        let mut c = LineCursor::new(t);
        for (ch, line) in [('b', 2), ('c', 3), ('d', 4), ('e', 5), ('f', 6), ('g', 7)] {
            let at = t.find(ch).unwrap();
            assert_eq!(c.line_col(at), (line, 1), "{ch}");
        }
    }

    #[test]
    fn ocr_letters_in_a_documents_figures_become_digits_in_place() {
        for (text, want) in [
            (
                "Quyết định số 2l/2024/QĐ-TTg",
                "Quyết định số 21/2024/QĐ-TTg",
            ),
            ("Công văn số 1O234/BTC-NSNN", "Công văn số 10234/BTC-NSNN"),
            ("Thông tư số 07/2O25/TT-BTC", "Thông tư số 07/2025/TT-BTC"),
            ("Số: l23/KH-UBND", "Số: 123/KH-UBND"),
            // Words, a run inside a word, letters without a digit: as they are.
            ("cúm H5N1/2024", "cúm H5N1/2024"),
            ("lO/KH", "lO/KH"),
            ("Điều l/ khoản", "Điều l/ khoản"),
            ("tháng l2 năm 2O25", "tháng l2 năm 2O25"),
        ] {
            let n = normalize(text);
            assert_eq!(n.text, want, "{text}");
            // Nothing moved: every offset maps to itself.
            for i in (0..=n.text.len()).filter(|&i| n.text.is_char_boundary(i)) {
                assert_eq!(n.orig_start(i.min(n.text.len())), i, "{text} at {i}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn line_breaks_fast_and_plain_agree(
            parts in proptest::collection::vec(0usize..9, 0..40),
            cut in 0usize..200,
        ) {
            const PIECES: [&str; 9] = ["a", "\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{85}", "–", "\u{a0}"];
            let t: String = parts.iter().map(|&p| PIECES[p]).collect();
            let mut to = cut.min(t.len());
            while !t.is_char_boundary(to) {
                to -= 1;
            }
            for from in (0..=to).filter(|&f| t.is_char_boundary(f)) {
                proptest::prop_assert_eq!(
                    line_breaks(t.as_bytes(), from, to),
                    line_breaks_plain(&t, from, to),
                    "{:?} {}..{}", t, from, to
                );
            }
        }
    }

    /// Pieces of text that stop a clean run, or come close: `o`/`u` and the letters whose
    /// tone may move onto them, look-alikes, combining marks, markup, ×/÷, and letters of
    /// the same lead bytes that are no partner (`ả` after `u`, `ặ` after `o`).
    const TOKENS: [&str; 56] = [
        "o", "u", "O", "U", "q", "à", "ố", "ỷ", "ạ", "×", "÷", "n", " ", ".", "1", "\u{301}",
        "\u{300}", "e\u{301}", "Ð", "ð", "*", "|", "y", "\n", "<br>", "<", ">", "&nbsp;", "&",
        "</td>", "á", "ả", "ã", "è", "é", "ẻ", "ẽ", "ẹ", "ý", "ỳ", "ỹ", "ỵ", "À", "Ý", "Ỵ", "Ẹ",
        "ặ", "ậ", "ủ", "ộ", "\u{1F00}", "Ɖ", "ǎ", "–", "\u{a0}", "\r",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 4000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(29),
            ..proptest::test_runner::Config::default()
        })]
        /// Taking whole blocks ends a clean run where walking it byte by byte does.
        #[test]
        fn clean_run_blocks_end_where_the_walk_does(
            parts in proptest::collection::vec(0usize..TOKENS.len(), 0..160),
            plain in proptest::collection::vec(0usize..24, 0..160),
        ) {
            // Clean stretches between half the tokens, so that whole blocks do occur.
            const CLEAN: [&str; 24] = ["Thủ tướng ", "chỉ thị ", "của ", "luật ", "thuộc ",
                "quốc ", "đoàn ", "hoạt ", "toàn ", "mưa ", "ĐẠI HỘI ", "Nam.\n", "", "", "", "",
                "", "", "", "", "", "", "", ""];
            let s: String = parts
                .iter()
                .zip(plain.iter().chain(std::iter::repeat(&0)))
                .map(|(&k, &p)| format!("{}{}", TOKENS[k], CLEAN[p]))
                .collect();
            let b = s.as_bytes();
            for start in (0..b.len()).filter(|&i| s.is_char_boundary(i)) {
                proptest::prop_assert_eq!(
                    clean_run(b, start), clean_run_walk(b, start), "{:?} from {}", &s, start
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 4000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(23),
            ..proptest::test_runner::Config::default()
        })]
        /// The fast path for clean runs changes nothing: same text, same map to the input.
        #[test]
        fn clean_runs_normalize_as_the_long_way_does(
            parts in proptest::collection::vec(0usize..TOKENS.len(), 0..120),
        ) {
            let s: String = parts.iter().map(|&k| TOKENS[k]).collect();
            for syntax in [Syntax::Plain, Syntax::Markup] {
                let (fast, slow) = (normalize_with(&s, Runs::Skip, syntax), normalize_with(&s, Runs::Walk, syntax));
                proptest::prop_assert_eq!(&fast.text, &slow.text, "input {:?}", &s);
                proptest::prop_assert_eq!(&fast.segs, &slow.segs, "input {:?}", &s);
            }
        }
    }

    #[test]
    fn markup_is_read_as_text_and_maps_back_to_the_input() {
        let src = "ỦY BAN<br>TỈNH&nbsp;SƠN LA</td><td><b>Số:</b> 12 &lt; 13 <TÊN>";
        // Plain text keeps it as written.
        assert_eq!(normalize(src).text, src);
        let n = normalize_as(src, Syntax::Markup);
        assert_eq!(n.text, "ỦY BAN\nTỈNH SƠN LA\n\nSố: 12 < 13 <TÊN>");
        let at = n.text.find("TỈNH").unwrap();
        assert_eq!(&src[n.orig_start(at)..], &src[src.find("TỈNH").unwrap()..]);
        let so = n.text.find("Số").unwrap();
        assert_eq!(&src[n.orig_range(so, so + "Số:".len())], "Số:");
    }

    #[test]
    fn a_with_caron_of_old_fonts_is_a_breve() {
        assert_eq!(norm("n\u{1CE}m 2025, N\u{1CD}M"), "năm 2025, NĂM");
        // Decomposed, it composes to `ǎ` first.
        assert_eq!(norm("na\u{30C}m"), "năm");
    }

    #[test]
    fn letter_and_digit_tests_agree_with_std_on_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    fn norm(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn fast_case_agrees_with_the_standard_library_on_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if let Some(l) = lower_fast(c) {
                assert!(c.to_lowercase().eq(std::iter::once(l)), "{c:?}");
            }
            assert_eq!(is_lower(c), c.is_lowercase(), "{c:?}");
            let mut one = String::new();
            push_lower(&mut one, c);
            assert_eq!(one, c.to_lowercase().collect::<String>(), "{c:?}");
        }
        assert!(lowers_to('Đ', 'đ') && lowers_to('Ộ', 'ộ') && !lowers_to('Ô', 'ộ'));
        assert_eq!(lower("CÔNG ĐIỆN Hỏa Tốc"), "công điện hỏa tốc");
    }

    #[test]
    fn nfd_is_composed() {
        let nfd: String = "Công điện số 1068/CĐ-TTg".nfd().collect();
        assert_ne!(nfd, "Công điện số 1068/CĐ-TTg");
        assert_eq!(norm(&nfd), "Công điện số 1068/CĐ-TTg");
    }

    #[test]
    fn eth_look_alikes_become_d_with_stroke() {
        assert_eq!(norm("C\u{D0}-TTg c\u{F0}iện"), "CĐ-TTg cđiện");
        assert_eq!(norm("\u{FF11}\u{FF12}\u{FF10}\u{FF0F}QĐ-TTg"), "120/QĐ-TTg");
    }

    #[test]
    fn old_tone_placement_is_moved() {
        assert_eq!(norm("Tỉnh uỷ"), "Tỉnh ủy");
        assert_eq!(norm("hoà bình, Hoà, khoẻ"), "hòa bình, Hòa, khỏe");
        assert_eq!(norm("TỈNH UỶ"), "TỈNH ỦY");
        // `qu` keeps its tone on the last vowel; a vowel pair inside a word is untouched.
        assert_eq!(norm("quý hoàn"), "quý hoàn");
        // Decomposed input (tone as a combining mark) is moved the same way.
        assert_eq!(
            norm("hoa\u{300} bi\u{300}nh, khoe\u{309}"),
            "hòa bình, khỏe"
        );
    }

    #[test]
    fn markdown_pipes_dashes_and_spaces_are_cleaned() {
        assert_eq!(norm("số ** 203**/2025/QH15**"), "số  203/2025/QH15");
        assert_eq!(norm("| Số: 1 | x |"), "  Số: 1   x  ");
        assert_eq!(norm("1068/CĐ\u{2013}TTg\u{A0}ngày"), "1068/CĐ-TTg ngày");
        assert_eq!(norm("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(norm("a\u{200B}b\u{FEFF}"), "ab");
    }

    #[test]
    fn spans_map_back_to_the_exact_input_bytes() {
        let nfd: String = "Công điện".nfd().collect();
        let src = format!("xx **{nfd}** số 1063/C\u{D0}-TTg.");
        let n = normalize(&src);
        let s = n.text.find("Công").unwrap();
        let e = n.text.find("điện").unwrap() + "điện".len();
        assert_eq!(&src[n.orig_range(s, e)], nfd);
        let k = n.text.find("1063").unwrap();
        let ke = n.text.find("TTg").unwrap() + 3;
        assert_eq!(&src[n.orig_range(k, ke)], "1063/C\u{D0}-TTg");
    }

    #[test]
    fn line_and_column_count_characters() {
        let t = "ab\nđc 1068\nx";
        let mut c = LineCursor::new(t);
        assert_eq!(c.line_col(t.find("1068").unwrap()), (2, 4));
        assert_eq!(c.line_col(t.find("068").unwrap()), (2, 5));
        assert_eq!(c.line_col(t.len()), (3, 2));
        // Going back starts over.
        assert_eq!(c.line_col(0), (1, 1));
        assert_eq!(c.line_col(1), (1, 2));
    }

    #[test]
    fn squashing_spaces_keeps_words_whole() {
        assert_eq!(
            squash_spaces("  a \t\n b\u{A0}c\u{3000} ủy\u{1680}ban  "),
            "a b c ủy ban"
        );
        assert_eq!(squash_spaces(""), "");
        assert_eq!(squash_spaces(" \n "), "");
        assert_eq!(squash_spaces("Đắk Lắk"), "Đắk Lắk");
        assert_eq!(squash_spaces(" a"), "a");
        assert_eq!(squash_spaces("a "), "a");
        assert_eq!(squash_spaces("a b  c\nd e"), "a b c d e");
        assert_eq!(squash_spaces("\u{A0}"), "");
        // The same as splitting on white space, on every mix of a few characters.
        let parts = [" ", "  ", "\n", "\u{A0}", "x", "ủy", "\u{2003}", "ế"];
        for a in parts {
            for b in parts {
                for c in parts {
                    for d in parts {
                        let s = format!("{a}{b}{c}{d}");
                        let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
                        assert_eq!(squash_spaces(&s), want, "{s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn folding_strips_diacritics() {
        assert_eq!(fold_ascii("Thủ tướng Chính phủ"), "thu tuong chinh phu");
        assert_eq!(fold_ascii("ĐẾN"), "den");
    }
}
