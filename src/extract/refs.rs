//! Finding references: numbered ones, lists, back-references, laws by name,
//! and the structure of a sentence that decides who cites what and how.

use super::issuer;
use super::signals::{relation_before, relation_in_subject};
use crate::key::{scan_key, Case, ScannedKey};
use crate::model::DocKey;
use crate::model::{Citer, DocKind, Issuer, PartialDate, Relation};
use crate::normalize::{
    floor_char, is_alnum, is_letter, lower, lower_first, lower_into_string, lowers_to,
    squash_spaces, squash_spaces_into,
};
use regex::Regex;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

/// A reference found in normalized text, before it is mapped back to the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Normalized span of the mention (type word through key).
    pub span: Range<usize>,
    /// Canonical key, none for a law cited by name.
    pub key: Option<DocKey>,
    /// Kind of the cited document.
    pub kind: Option<DocKind>,
    /// Title of a document cited by name.
    pub title: Option<String>,
    /// Date given after the key.
    pub date: Option<PartialDate>,
    /// Issuer named in the text (`của ...`), before inference.
    pub issuer: Option<Arc<Issuer>>,
    /// What the citer does to it.
    pub relation: Relation,
    /// Who cites it.
    pub citer: Citer,
    /// True for a resolved short back-reference.
    pub back_reference: bool,
    /// Normalized span of the sentence it stands in.
    pub sentence: Range<usize>,
    kind_from_word: bool,
    tail_end: usize,
    back_number: Option<u32>,
}

impl Found {
    /// A short back-reference (`Công điện số 1068`, `Công văn nêu trên`) at `span`, of a kind
    /// its type word names, to be given the key of the full reference it repeats; `number`
    /// when it repeats the number.
    fn back(
        span: Range<usize>,
        kind: DocKind,
        sentence: Range<usize>,
        number: Option<u32>,
    ) -> Found {
        Found {
            tail_end: span.end,
            span,
            key: None,
            kind: Some(kind),
            title: None,
            date: None,
            issuer: None,
            relation: Relation::Cites,
            citer: Citer::Document,
            back_reference: true,
            sentence,
            kind_from_word: true,
            back_number: number,
        }
    }
}

/// Type words before a number (every kind's, from the table of kinds), longest first: in a
/// pattern's alternation `thông tư liên tịch` must be tried before `thông tư`.
static TYPE_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut words: Vec<&'static str> = DocKind::type_words().map(|(w, _)| w).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words
});

fn type_word_alt() -> String {
    TYPE_WORDS
        .iter()
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

fn re(p: &str) -> Regex {
    super::pattern(p)
}

static LAW_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[^\p{L}\p{N}])(Bộ\s+luật|Luật|Pháp\s+lệnh)(?:\s+(\p{Lu}[^.;:\n()/]{0,150}?|sửa\s+đổi[^.;:\n()/]{0,150}?))?\s+số\s*:?\s*$",
    )
});
static PRE_ISSUER_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^\p{L}\p{N}])của\s+([^,;.()]{2,80}?)\s*\(?\s*tại\s*$"));
static NUMBER_ONLY_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:^|[^\p{{L}}\p{{N}}])({})\s+số\s*$",
        type_word_alt()
    ))
});
/// Kept as a `regex-automata` pattern: it searches short windows of the body, and its
/// anchors and boundaries must still see the text around each window.
static BACK_PHRASE_RE: LazyLock<regex_automata::meta::Regex> = LazyLock::new(|| {
    let p = format!(
        r"(?i)(?:^|[^\p{{L}}\p{{N}}])({})\s+((?:nêu|nói|kể)\s+trên|(?:đã|vừa)\s+nêu|trên(?:\s*[,.;:)\n]|\s*$))(?:[^\p{{L}}\p{{N}}]|$)",
        type_word_alt()
    );
    regex_automata::meta::Regex::new(&p).unwrap_or_else(|e| panic!("bad pattern {p}: {e}"))
});
/// Letters other than white space a back phrase can hold before its `trên` or `nêu`: a
/// boundary, the longest type word, and `vừa`, `nói`... with room to spare.
static BACK_REACH: LazyLock<usize> = LazyLock::new(|| {
    TYPE_WORDS
        .iter()
        .map(|w| w.chars().filter(|c| !c.is_whitespace()).count())
        .max()
        .unwrap_or(0)
        + 16
});
/// Letters other than white space a back phrase can hold from its first `trên` or `nêu`
/// on (`nêu trên`, then a mark and a boundary), with room to spare.
const BACK_TAIL: usize = 16;
static LAW_BY_NAME_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(Bộ\s+luật|Luật|Pháp\s+lệnh|Hiến\s+pháp)\s+(\p{Lu}[^.;:\n()]{0,160}?|sửa\s+đổi[^.;:\n()]{0,160}?|nước\s+Cộng[^.;:\n()]{0,80}?)\s+(?:ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})|ngày\s+(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})|năm\s+(?P<y3>\d{4}))",
    )
});

/// How far before a reference its signal words are looked for (a long sentence is not read again
/// for each of its references).
const SIGNAL_WINDOW: usize = 1200;

/// Words a list goes on with: `217/CĐ-TTg, 218/CĐ-TTg và 222/CĐ-TTg`.
const CONNECTORS: &[&str] = &["và", "hoặc", "cùng", "với"];
/// True for a word that ends an issuer phrase after `của`. A `match`, not a list: each arm
/// compares against a constant length, where a list's search called memcmp for every word
/// of the length of a stop word.
fn is_issuer_stop(w: &str) -> bool {
    matches!(
        w,
        "về" | "v/v"
            | "ngày"
            | "tại"
            | "đã"
            | "và"
            | "theo"
            | "để"
            | "trong"
            | "với"
            | "nhằm"
            | "thì"
            | "cho"
            | "gửi"
            | "đối"
            | "năm"
            | "số"
            | "được"
            | "là"
            | "có"
            | "trên"
            | "gồm"
            | "khi"
            | "nay"
            | "này"
            | "tới"
            | "đến"
            | "từ"
            | "sau"
            | "trước"
            | "vẫn"
            | "cũng"
            | "đang"
            | "sẽ"
    )
}
/// Two-word phrases that end an issuer phrase (`ban` alone is part of `Ủy ban`).
const ISSUER_STOP_PAIRS: &[(&str, &str)] = &[
    ("ban", "hành"),
    ("quy", "định"),
    ("hướng", "dẫn"),
    ("sửa", "đổi"),
    ("bổ", "sung"),
    ("thay", "thế"),
    ("bãi", "bỏ"),
];

/// Sentence starts: after `.`/`!`/`?`, before a list item, after a colon or semicolon ending a
/// line, and after a blank line unless the next line goes on in lower case (a page break).
pub fn sentence_breaks(t: &str) -> Vec<usize> {
    let b = t.as_bytes();
    // Room for a sentence start every 48 bytes at once (they come about every 60), not
    // grown by doubling.
    let mut v = Vec::with_capacity(t.len() / 48 + 8);
    v.push(0);
    let next_non_ws = |mut j: usize| {
        let mut newlines = 0;
        while j < b.len() && (b[j] == b' ' || b[j] == b'\n') {
            newlines += (b[j] == b'\n') as usize;
            j += 1;
        }
        (j, newlines)
    };
    let mut i = 0;
    // Next positions of `.`/`:`/newline and of `!`/`?`/`;` at or after the last look.
    let mut common = memchr::memchr3(b'.', b':', b'\n', b).unwrap_or(b.len());
    let mut rare = memchr::memchr3(b'!', b'?', b';', b).unwrap_or(b.len());
    while i < b.len() {
        // Jump to the next mark that may break a sentence; the rare ones are looked for apart.
        if common < i {
            common = memchr::memchr3(b'.', b':', b'\n', &b[i..]).map_or(b.len(), |k| i + k);
        }
        if rare < i {
            rare = memchr::memchr3(b'!', b'?', b';', &b[i..]).map_or(b.len(), |k| i + k);
        }
        i = common.min(rare);
        if i == b.len() {
            break;
        }
        match b[i] {
            b'.' | b'!' | b'?' if i + 1 == b.len() || b[i + 1] == b' ' || b[i + 1] == b'\n' => {
                let (j, _) = next_non_ws(i + 1);
                v.push(j);
                i = j.max(i + 1);
                continue;
            }
            b':' | b';' => {
                let (j, nl) = next_non_ws(i + 1);
                if nl > 0 {
                    v.push(j);
                    i = j;
                    continue;
                }
            }
            b'\n' => {
                let (j, nl) = next_non_ws(i);
                let rest = &t[j..];
                let c = rest.chars().next();
                let marker = rest.starts_with("- ")
                    || rest.starts_with("+ ")
                    || rest.starts_with("• ")
                    || numbered_item(rest);
                let upper_after_blank =
                    nl >= 2 && c.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
                // A `Căn cứ` line opens a clause of its own, whatever OCR made of the `;`
                // that should end the one above (`... số 123/2025/QH15,⏎Căn cứ Luật ...`).
                let marker = marker || opens_can_cu(rest);
                // `1068/CĐ-⏎⏎TTg`: a symbol broken by a page break goes on.
                let broken_symbol = t[..i].trim_end_matches(' ').ends_with(['-', '/', '&']);
                if (marker || upper_after_blank) && !broken_symbol {
                    v.push(j);
                }
                // The whole run of blank space gives one answer: never scan it again.
                i = j.max(i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// True when `s` starts with `Căn cứ` with a capital, in any marks (`Căn cú`, `CĂN CỨ`).
fn opens_can_cu(s: &str) -> bool {
    // A capital only: `làm⏎căn cứ đánh giá` goes on a sentence.
    if !s.starts_with('C') {
        return false;
    }
    let head = &s[..floor_char(s, s.len().min(16))];
    let folded = crate::normalize::fold_ascii(&lower(head));
    folded.starts_with("can cu") && !folded[6..].starts_with(|c: char| c.is_alphanumeric())
}

fn sentence_of(breaks: &[usize], at: usize, len: usize) -> Range<usize> {
    let i = breaks.partition_point(|&b| b <= at);
    let start = breaks[i.saturating_sub(1)];
    let end = breaks.get(i).copied().unwrap_or(len);
    start..end
}

/// Finds every reference in `t[from..to]`, skipping the own-number span.
pub fn find(t: &str, from: usize, to: usize, own: Option<&Range<usize>>) -> Vec<Found> {
    let breaks = sentence_breaks(t);
    let mut found = Vec::with_capacity(8);
    scan_numbered(t, from, to, own, &breaks, &mut found);
    scan_laws_by_name(t, from, to, &breaks, &mut found);
    scan_back_phrases(t, from, to, &breaks, &mut found);
    found.sort_by_key(|f| (f.span.start, f.span.end));
    // Drop a mention that overlaps an earlier one (a law name around a number).
    let mut kept: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if kept.last().is_some_and(|k| f.span.start < k.span.end) {
            continue;
        }
        kept.push(f);
    }
    complete_truncated(&mut kept);
    structure(t, &mut kept);
    heading_lists(t, from, &mut kept);
    expiry_sentences(t, &mut kept);
    repeal_clauses(t, &mut kept);
    proposals(&mut kept);
    amendment_chains(t, resolve_back_references(kept))
}

/// A key cut after its type code (`106/2021/TT-` at a broken table cell) is the one whole key
/// of the document's references that it truncates, when there is one.
fn complete_truncated(found: &mut [Found]) {
    let is_cut = DocKey::is_cut_after_type;
    if !found.iter().any(|f| f.key.as_ref().is_some_and(is_cut)) {
        return;
    }
    // Each cut key's whole keys: none yet, one, or several (then it stays as written).
    enum Whole {
        None,
        One(DocKey),
        Several,
    }
    let mut whole: std::collections::HashMap<DocKey, Whole> = found
        .iter()
        .filter_map(|f| f.key.clone().filter(is_cut))
        .map(|k| (k, Whole::None))
        .collect();
    for k in found.iter().filter_map(|f| f.key.as_ref()) {
        let Some(type_code) = Some(crate::model::first_part(&k.symbol)).filter(|t| *t != k.symbol)
        else {
            continue;
        };
        let short = DocKey {
            symbol: type_code.to_string(),
            ..k.clone()
        };
        if !short.truncates(k) {
            continue;
        }
        if let Some(w) = whole.get_mut(&short) {
            *w = match std::mem::replace(w, Whole::None) {
                Whole::None => Whole::One(k.clone()),
                Whole::One(x) if x == *k => Whole::One(x),
                _ => Whole::Several,
            };
        }
    }
    for f in found.iter_mut() {
        if let Some(Whole::One(w)) = f.key.as_ref().and_then(|k| whole.get(k)) {
            f.key = Some(w.clone());
        }
    }
}

/// Lines a heading's list may span above one of its references before the walk gives up.
const LIST_REACH_LINES: usize = 120;

/// The items of a list under a heading take the heading's relation: under `Căn cứ:` (or
/// `CĂN CỨ PHÁP LÝ`) they are `Căn cứ` clauses, `based_on`; under `Các văn bản sau hết hiệu
/// lực ...:` or `Bãi bỏ ...:` the document repeals them; under `... thay thế ...:` it replaces
/// them. Only a reference the document makes with no signal of its own changes.
fn heading_lists(t: &str, from: usize, found: &mut [Found]) {
    // The last decision: the line start a walk reached and what it found there. A later
    // reference's walk that reaches that line reuses it, so each line is walked once.
    let mut last: Option<(usize, Option<Relation>)> = None;
    // The line of the reference before: references of one line share it, so a long line is
    // searched for its ends once, not once for each of its references.
    let mut this_line: Option<Range<usize>> = None;
    let mut checked = 0;
    for f in found.iter_mut() {
        if f.citer != Citer::Document || f.relation != Relation::Cites || f.back_reference {
            continue;
        }
        // Still the same line when no line break came since the last look (each stretch of
        // text between references is looked at once).
        let same_line = this_line.as_ref().is_some_and(|l| {
            let from = checked.max(l.start);
            l.start <= f.span.start
                && f.span.end <= l.end
                && memchr::memchr(b'\n', &t.as_bytes()[from..f.span.start.max(from)]).is_none()
        });
        checked = f.span.start;
        let (line, end) = match &this_line {
            Some(l) if same_line => (l.start, l.end),
            _ => {
                let line = line_start(t, from, f.span.start);
                let end = memchr::memchr(b'\n', &t.as_bytes()[f.span.end..])
                    .map_or(t.len(), |i| f.span.end + i);
                this_line = Some(line..end);
                (line, end)
            }
        };
        // Its own line is an item too: a bullet, or a clause ending in `;` (the paragraph after
        // the list is not). The first line under the heading is looked at by the walk.
        let item = in_list_item(t, from, line, end);
        let Some(heading) = list_heading_above(t, from, line, last) else {
            continue;
        };
        last = Some((line, heading));
        if let Some(r) = heading {
            if item || heading_just_above(t, from, line) {
                f.relation = r;
            }
        }
    }
}

/// How far after a reference an expiry (`... hết hiệu lực`) is looked for in its sentence.
const EXPIRY_REACH: usize = 1500;

/// `Nghị định số X ...; Nghị định số Y ... hết hiệu lực kể từ ngày Nghị định này có hiệu lực`:
/// the document repeals the ones it names before `hết hiệu lực`, but not one that sets the
/// date (`kể từ ngày Nghị định số Z có hiệu lực, ...`).
fn expiry_sentences(t: &str, found: &mut [Found]) {
    for f in found.iter_mut() {
        if f.citer != Citer::Document || f.relation != Relation::Cites || f.back_reference {
            continue;
        }
        let end = f.sentence.end.min(floor_char(t, f.span.end + EXPIRY_REACH));
        let Some(tail) = t.get(f.span.end..end) else {
            continue;
        };
        // A cheap look for `lực` in any case or marks before folding.
        if !(tail.contains("lực") || tail.contains("LỰC") || tail.contains("luc")) {
            continue;
        }
        let folded = crate::normalize::fold_ascii(&crate::normalize::lower(tail));
        let Some(at) = ["het hieu luc", "cham dut hieu luc"]
            .iter()
            .filter_map(|w| folded.find(w))
            .min()
        else {
            continue;
        };
        let before = &folded[..at];
        let sets_the_date = before.contains("co hieu luc");
        // `chưa hết hiệu lực`, `không còn`; `bị chấm dứt hiệu lực khi ...` tells of a permit.
        let negated = ["chua", "khong", "bi"]
            .iter()
            .any(|w| before.trim_end().ends_with(w));
        if !sets_the_date && !negated {
            f.relation = Relation::Repeals;
        }
    }
}

/// `4. Bãi bỏ Điều 8 của Nghị định số X ...; điểm a khoản 14 Điều 4 của Nghị định số Y ...;
/// các Điều 6, 7 của Nghị định Z`: a clause that opens with `Bãi bỏ` (or `Hủy bỏ`) repeals
/// every document it names with no signal of its own, however long the parts it lists.
fn repeal_clauses(t: &str, found: &mut [Found]) {
    for i in 0..found.len() {
        let f = &found[i];
        if f.citer != Citer::Document || f.relation != Relation::Cites || f.back_reference {
            continue;
        }
        if !opens_with_repeal(&t[f.sentence.start..f.span.start]) {
            continue;
        }
        // The words since the reference before (or the sentence's start) carry no signal.
        let from = found[..i]
            .iter()
            .rev()
            .map(|p| p.tail_end)
            .find(|&e| e <= f.span.start)
            .unwrap_or(f.sentence.start)
            .max(f.sentence.start);
        // What turns away may stand in the reference before's tail (`... của Ủy ban nhân dân
        // tỉnh kể từ ngày`): looked for from that reference's end.
        let after_prev = found[..i]
            .iter()
            .rev()
            .map(|p| p.span.end)
            .find(|&e| e <= f.span.start)
            .unwrap_or(f.sentence.start)
            .max(f.sentence.start);
        // Only the words of this item: after the last `;` (the previous item's subject may
        // hold `kể từ` or `nhu cầu` of its own).
        let item = &t[after_prev..f.span.start];
        let item = item.rfind(';').map_or(item, |k| &item[k + 1..]);
        if relation_before(&t[from..f.span.start]).is_none() && !leaves_the_repeal(item) {
            found[i].relation = Relation::Repeals;
        }
    }
}

/// True when the words before a reference in a repeal clause turn to something else: the
/// date the repeal takes effect (`kể từ ngày Nghị định số Z có hiệu lực`), what stays
/// (`giữ nguyên như Quyết định số Y`), a document it is held against (`không phù hợp với`).
fn leaves_the_repeal(gap: &str) -> bool {
    let lowered = lower(gap);
    let words_of = |s: &str| {
        let w: String = s
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        format!(" {} ", w.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    // `như` with its marks: folded, it is the `nhu` of `nhu cầu`.
    if words_of(&lowered).contains(" như ") {
        return true;
    }
    let words = words_of(&crate::normalize::fold_ascii(&lowered));
    [
        " ke tu ",
        " co hieu luc ",
        " giu nguyen ",
        " phu hop voi ",
        " can cu ",
        " thay the bang ",
    ]
    .iter()
    .any(|w| words.contains(w))
}

/// True when a clause opens with `Bãi bỏ`/`Hủy bỏ` (any marks), after an item's number or bullet.
fn opens_with_repeal(clause: &str) -> bool {
    let c = clause.trim_start_matches(|c: char| {
        c.is_ascii_digit()
            || c.is_whitespace()
            || matches!(c, '.' | ')' | '-' | '+' | '•' | '*' | '_')
    });
    let c = match c.char_indices().nth(1) {
        // `a) Bãi bỏ`: a letter item.
        Some((i, ')')) => c[i + 1..].trim_start(),
        _ => c,
    };
    let head = &c[..floor_char(c, c.len().min(12))];
    let folded = crate::normalize::fold_ascii(&lower(head));
    ["bai bo ", "huy bo "].iter().any(|w| folded.starts_with(w))
}

/// A Tờ trình (a submission) the document names with no signal of its own is the proposal it
/// acts on: a decision cites submissions only so (`chịu trách nhiệm về nội dung ... tại Tờ
/// trình số 906/TTr-BGDĐT`).
fn proposals(found: &mut [Found]) {
    for f in found.iter_mut() {
        if f.citer == Citer::Document
            && f.relation == Relation::Cites
            && !f.back_reference
            && f.kind == Some(DocKind::ToTrinh)
        {
            f.relation = Relation::ProposedBy;
        }
    }
}

/// Start of the line holding `at`, not before `from`.
fn line_start(t: &str, from: usize, at: usize) -> usize {
    super::header::line_start(t, at).max(from)
}

/// True when the first non-blank line above `line` is a list heading.
fn heading_just_above(t: &str, from: usize, line: usize) -> bool {
    let mut start = line;
    while start > from {
        let end = start - 1;
        start = line_start(t, from, end);
        let above = t[start..end].trim();
        if !above.is_empty() {
            return list_heading(above).is_some();
        }
    }
    false
}

/// The relation of the heading whose list holds the line starting at `line` (none when the
/// list has no such heading), walking up over list items and blank lines; `None` when the
/// walk gave up undecided.
fn list_heading_above(
    t: &str,
    from: usize,
    line: usize,
    last: Option<(usize, Option<Relation>)>,
) -> Option<Option<Relation>> {
    let mut start = line;
    // The line under the one looked at.
    let mut below = line;
    for _ in 0..LIST_REACH_LINES {
        if start <= from {
            return Some(None);
        }
        if let Some((l, heading)) = last {
            if start == l {
                return Some(heading);
            }
        }
        // The line above.
        let end = start - 1;
        start = line_start(t, from, end);
        let above = t[start..end].trim();
        if above.is_empty() {
            below = start;
            continue;
        }
        if let Some(r) = list_heading(above) {
            return Some(Some(r));
        }
        let bare = above.trim_end_matches(['*', '_', ' ']);
        if bare.ends_with(':') {
            // A heading wrapped over lines (`Các quy định sau đây hết hiệu lực ... có⏎hiệu
            // lực thi hành:`): its clause read from where it starts.
            if let Some(r) = clause_ending_at(t, from, start).and_then(|c| list_heading(&c)) {
                return Some(Some(r));
            }
            // A sub-list's own heading (`1. Các quyết định của Ủy ban nhân dân tỉnh:`) is an
            // item of the list above: the walk goes on to that list's heading.
            if !is_list_item(above) {
                return Some(None);
            }
            below = start;
            continue;
        }
        if !(is_list_item(above) || bare.ends_with(';') || runs_on(bare, &t[below..])) {
            return Some(None);
        }
        below = start;
    }
    None
}

/// True when a line ends mid-sentence: the text goes on onto the next line (OCR'd PDFs and
/// some pages break lines at a width, inside list items as anywhere).
fn wraps(line: &str) -> bool {
    // A section's title ends without a stop but goes on nowhere: `### Điều 20. Hiệu lực`.
    let l = line.trim_start_matches(['*', '_', ' ']);
    if l.starts_with('#')
        || ["Điều ", "Chương ", "Mục ", "ĐIỀU ", "CHƯƠNG "]
            .iter()
            .any(|w| l.starts_with(w))
    {
        return false;
    }
    line.chars()
        .next_back()
        .is_some_and(|c| is_alnum(c) || matches!(c, ',' | '-' | '(' | '/'))
}

/// True when the line `above` runs on into the text `below` it: it ends mid-sentence and the
/// line under it goes on in lower case or with a figure (`... và Nghị định⏎số 109/2005`), or
/// after a word that never ends a clause (`... của⏎Chính phủ`). A capital after a finished
/// phrase starts a clause of its own (`... của Chính phủ⏎Theo đề nghị ...`).
fn runs_on(above: &str, below: &str) -> bool {
    if !wraps(above) {
        return false;
    }
    // A key or word broken at its hyphen or slash goes on whatever follows (`NĐ-⏎CP`).
    if above.ends_with(['-', '/']) {
        return true;
    }
    let next = below.trim_start_matches([' ', '*', '_']);
    if next
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
    {
        return true;
    }
    let last = above.rsplit(' ').next().unwrap_or("");
    matches!(
        crate::normalize::fold_ascii(&lower(last)).as_str(),
        "cua" | "va" | "tai" | "so" | "ve" | "ngay" | "cac" | "bo" | "theo"
    )
}

/// The clause that ends on the line starting at `line`: that line with the lines above it
/// that run on into it (up to a blank line, a list item's start or a sentence's end); `None`
/// when no line above runs on into it.
fn clause_ending_at(t: &str, from: usize, line: usize) -> Option<String> {
    let mut start = line;
    for _ in 0..6 {
        if is_list_item(&t[start..]) || start <= from {
            break;
        }
        let end = start - 1;
        let above_start = line_start(t, from, end);
        let above = t[above_start..end].trim_end_matches(['*', '_', ' ']);
        if above.trim().is_empty() || !runs_on(above, &t[start..]) {
            break;
        }
        start = above_start;
    }
    if start == line {
        return None;
    }
    let end = t[line..].find('\n').map_or(t.len(), |i| line + i);
    Some(
        t[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// True when the line starting at `line` is part of a list item: an item's first line, a line
/// ending its clause with `;`, or a line an item's text wraps onto.
fn in_list_item(t: &str, from: usize, line: usize, end: usize) -> bool {
    let own = &t[line..end];
    if is_list_item(own) || own.trim_end_matches(['*', '_', ' ']).ends_with(';') {
        return true;
    }
    let mut start = line;
    for _ in 0..8 {
        if start <= from {
            return false;
        }
        let e = start - 1;
        let below = start;
        start = line_start(t, from, e);
        let above = t[start..e].trim_end_matches(['*', '_', ' ']);
        if above.trim().is_empty() || !runs_on(above, &t[below..]) {
            return false;
        }
        if is_list_item(above) {
            return true;
        }
    }
    false
}

/// The relation a heading line gives the list under it: `Căn cứ:`, `**Căn cứ:**`, `## CĂN CỨ
/// PHÁP LÝ` alone on a line; a clause ending in `:` that says the list expires (`hết hiệu
/// lực`), is repealed (`bãi bỏ`) or replaced (`thay thế`). Marks folded for OCR.
fn list_heading(line: &str) -> Option<Relation> {
    let core = line
        .trim_start_matches(['#', '*', '_', '>', '|', ' '])
        .trim_end_matches(['*', '_', '|', ' ']);
    if core.len() <= 40 {
        let folded = crate::normalize::fold_ascii(core.trim_end_matches([':', ' ', '*']));
        let words: Vec<&str> = folded.split_whitespace().collect();
        if matches!(
            words.as_slice(),
            ["can", "cu"] | ["can", "cu", "phap", "ly"]
        ) {
            return Some(Relation::BasedOn);
        }
    }
    if !core.ends_with(':') || core.len() > 400 {
        return None;
    }
    let folded = crate::normalize::fold_ascii(&crate::normalize::lower(core));
    if folded.contains("het hieu luc") || folded.contains("bai bo") {
        Some(Relation::Repeals)
    } else if folded.contains("thay the") {
        Some(Relation::Replaces)
    } else {
        None
    }
}

/// A line that opens a list item: `- `, `+ `, `• `, `– `, `1. `, `a) `.
fn is_list_item(line: &str) -> bool {
    let l = line.trim_start_matches(['>', '|', ' ']);
    if l.starts_with(['-', '+', '•', '–', '—']) || l.starts_with("* ") {
        return true;
    }
    let mut chars = l.chars();
    numbered_item(l) || (chars.next().is_some_and(char::is_alphabetic) && chars.next() == Some(')'))
}

/// True when `s` opens with an item number: one to three digits, then `.` or `)`.
fn numbered_item(s: &str) -> bool {
    let d = s.bytes().take_while(u8::is_ascii_digit).count();
    d > 0 && d < 4 && matches!(s.as_bytes().get(d), Some(b'.' | b')'))
}

/// What the words between two references of one `Căn cứ` clause say of the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChainGap {
    /// `A được sửa đổi, bổ sung bởi B`: B amends A, and the document rests on both.
    AmendedBy,
    /// `B sửa đổi, bổ sung (một số điều của) A`: B amends A.
    Amending,
    /// `, ` or `và` (with the next one's type word): the list goes on.
    List,
    /// Anything else.
    Other,
}

/// Reads the gap between two references (diacritics folded, so OCR's `bỗ sung` and
/// `sửa đôi` read as written).
fn chain_gap(gap: &str) -> ChainGap {
    static AMENDED_BY: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?:(?s:.){0,250}?[\s,(])?(?:(?:da\s+)?duoc\s+(?:sua\s+doi(?:\s*,?\s*bo\s+sung)?|bo\s+sung)(?:\s+mot\s+so\s+dieu)?(?:\s+(?:va|,)\s*bai\s+bo)?(?:\s+mot\s+so\s+dieu)?\s+(?:boi|tai|theo)|sua\s+doi(?:\s*,?\s*bo\s+sung)?(?:\s+mot\s+so\s+dieu)?\s+boi)\b",
        )
    });
    static AMENDING: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^[\s,]*(?:sua\s+doi(?:\s*,?\s*bo\s+sung)?|bo\s+sung)(?:\s+mot\s+so\s+dieu)?(?:\s+(?:cua|tai))?[\s\p{L}]{0,40}?(?:so\s*:?)?\s*$",
        )
    });
    static LIST: LazyLock<Regex> =
        LazyLock::new(|| re(r"^\s*(?:,|va|,\s*va)\s*(?:\p{L}+\s+){0,3}?(?:so\s*:?)?\s*$"));
    if gap.len() > 300 {
        return ChainGap::Other;
    }
    let g = crate::normalize::fold_ascii(&crate::normalize::lower(gap));
    if AMENDED_BY.is_match(&g) {
        ChainGap::AmendedBy
    } else if LIST.is_match(&g) {
        ChainGap::List
    } else if AMENDING.is_match(&g) && !g.contains("duoc") {
        ChainGap::Amending
    } else {
        ChainGap::Other
    }
}

/// Amendment chains (`Căn cứ Luật A số X được sửa đổi, bổ sung bởi Luật số Y, Luật số Z`):
/// the document rests on X, Y and Z alike, and Y and Z each amend X — an edge of their own,
/// nested under Y and Z, with X's mention as its evidence. The same chain in the body
/// (`Điều 4 Nghị định số X được sửa đổi, bổ sung bởi Nghị định số Y`) cites X and Y. In `Căn cứ
/// Luật số Y sửa đổi, bổ sung một số điều của Luật số X`, X is cited by Y, which amends it.
fn amendment_chains(t: &str, found: Vec<Found>) -> Vec<Found> {
    let n = found.len();
    // Each reference's chain targets (the ones it amends), whether it is lifted to the
    // document's level (the sentence nested it under the one it amends), and the one before
    // it that amends it (`B sửa đổi A và C`: B amends A and C).
    let mut targets: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut lifted = vec![false; n];
    let mut amended_by: Vec<Option<usize>> = vec![None; n];
    for r in 1..n {
        let p = r - 1;
        let p_top = found[p].citer == Citer::Document || lifted[p];
        // `A về ... được sửa đổi bởi B` nests B under A, and `bởi B và C` nests C beside B.
        let r_under_p = found[r].citer == Citer::Reference(p);
        let r_beside_p = lifted[p] && found[r].citer == found[p].citer;
        if found[p].sentence != found[r].sentence
            || !p_top
            || !(found[r].citer == Citer::Document || r_under_p || r_beside_p)
            || found[p].key.is_none()
            || found[r].key.is_none()
            || found[p].back_reference
            || found[r].back_reference
            || found[p].tail_end > found[r].span.start
        {
            continue;
        }
        let based = found[p].relation == Relation::BasedOn;
        let gap = &t[found[p].tail_end..found[r].span.start];
        // Most pairs of a sentence are lists: a cheap look for an amendment word first.
        if !based
            && targets[p].is_empty()
            && amended_by[p].is_none()
            && !gap.contains("bởi")
            && !gap.contains("tại")
            && !gap.contains("theo")
            && !gap.contains("sửa")
            && !gap.contains("sung")
        {
            continue;
        }
        match chain_gap(gap) {
            ChainGap::List if !targets[p].is_empty() => {
                targets[r] = targets[p].clone();
                lifted[r] = found[r].citer != Citer::Document;
            }
            ChainGap::AmendedBy => {
                // `A, B và C đã được sửa đổi bởi D`: D amends all three; for a chain
                // `A ... bởi B, được sửa đổi bởi C`, C amends B only.
                targets[r] = list_ending_at(t, &found, p);
                lifted[r] = found[r].citer != Citer::Document;
            }
            ChainGap::Amending if found[r].citer == Citer::Document => amended_by[r] = Some(p),
            ChainGap::List if found[r].citer == Citer::Document => amended_by[r] = amended_by[p],
            _ => {}
        }
    }
    if targets.iter().all(Vec::is_empty) && amended_by.iter().all(Option::is_none) {
        return found;
    }
    // `B sửa đổi A và C ... và D sửa đổi E`: D, which amends a document of its own, stands
    // beside B (it took B's `sửa đổi` for its own relation, by the list) and is not amended.
    // The relation each such one takes: that of the first amender of the row.
    let mut beside: Vec<Option<Relation>> = vec![None; n];
    for r in 1..n.saturating_sub(1) {
        let Some(a) = amended_by[r - 1] else { continue };
        if amended_by[r + 1] == Some(r)
            && found[r].citer == Citer::Document
            && found[r].relation == Relation::Amends
            && found[r].sentence == found[r - 1].sentence
        {
            amended_by[r] = None;
            beside[r] = Some(beside[a].unwrap_or(found[a].relation));
        }
    }
    // Rebuild with the new edges after their amending reference; citer indices remapped.
    let mut new_index = Vec::with_capacity(n);
    let mut added = 0;
    for t in &targets {
        new_index.push(new_index.len() + added);
        added += t.len();
    }
    let mut out: Vec<Found> = Vec::with_capacity(n + added);
    for (r, mut f) in found.iter().cloned().enumerate() {
        if let Citer::Reference(j) = f.citer {
            f.citer = Citer::Reference(new_index[j]);
        }
        if lifted[r] {
            f.citer = Citer::Document;
        }
        if let Some(a) = amended_by[r] {
            f.citer = Citer::Reference(new_index[a]);
            f.relation = Relation::Amends;
        }
        if let Some(rel) = beside[r] {
            f.relation = rel;
        }
        if let Some(&a) = targets[r].first() {
            // The document does to B what it does to A when that is resting on, carrying out
            // or following it; a document amending A merely names A's earlier amendments.
            f.relation = match top_relation(&found, a) {
                r @ (Relation::BasedOn | Relation::Implements | Relation::GuidedBy) => r,
                _ => Relation::Cites,
            };
        }
        out.push(f);
        for &a in &targets[r] {
            let mut edge = found[a].clone();
            edge.citer = Citer::Reference(new_index[r]);
            edge.relation = Relation::Amends;
            edge.back_reference = false;
            out.push(edge);
        }
    }
    out
}

/// The most references one `được sửa đổi bởi` is taken to amend at once.
const MAX_AMENDED_LIST: usize = 32;

/// The references of the list that ends at `p` (`A, B và C`), first to last: those before it
/// in its sentence, at its level, joined to it by list gaps.
fn list_ending_at(t: &str, found: &[Found], p: usize) -> Vec<usize> {
    let mut first = p;
    // A cap keeps the edges a chain adds linear in the references (a list is never this long).
    while first > 0 && p - first < MAX_AMENDED_LIST {
        let q = first - 1;
        let joined = found[q].sentence == found[p].sentence
            && found[q].citer == found[p].citer
            && found[q].key.is_some()
            && !found[q].back_reference
            && found[q].tail_end <= found[first].span.start
            && chain_gap(&t[found[q].tail_end..found[first].span.start]) == ChainGap::List;
        if !joined {
            break;
        }
        first = q;
    }
    (first..=p).collect()
}

/// Drops every mention of the document's own number: a document never cites itself, and its
/// number comes back in page headers, appendix titles (`Kèm theo Nghị định số 289/2026/NĐ-CP`)
/// and its own articles (`Thông tư này ...`, `Thông tư 04/2026/TT-NHNN có hiệu lực`). A mention
/// the text sets apart stays: a key without its year dated otherwise than the document
/// (`số 12/UBND-VP ngày 5/3/2019` in a letter of 2021 names an older document, numbers
/// restarting every year), or naming another issuer (`12/UBND-VP của UBND tỉnh Sơn La` in a
/// letter of another province, as `UBND` symbols are shared). References nested under a
/// dropped one are then the document's own.
pub fn drop_own_number(
    found: &mut Vec<Found>,
    own: Option<&DocKey>,
    own_date: Option<PartialDate>,
    own_issuer: Option<&Issuer>,
) {
    let Some(own) = own else { return };
    let is_own = |f: &Found| {
        let Some(k) = f.key.as_ref() else {
            return false;
        };
        let same = k == own
            // A key with its year names one document whatever date a mention gives it
            // (`ngày 22` in an appendix of a decree of the 21st).
            && (own.year.is_some() || !dated_otherwise(f.date, own_date));
        (same || own_number_damaged(k, f.date, own, own_date))
            && !names_another(f.issuer.as_deref(), own_issuer)
    };
    if !found.iter().any(is_own) {
        return;
    }
    let mut new_index = Vec::with_capacity(found.len());
    let mut kept = 0;
    for f in found.iter() {
        if is_own(f) {
            new_index.push(None);
        } else {
            new_index.push(Some(kept));
            kept += 1;
        }
    }
    let old = std::mem::take(found);
    for (mut f, keep) in old.into_iter().zip(&new_index) {
        if keep.is_none() {
            continue;
        }
        if let Citer::Reference(j) = f.citer {
            f.citer = match new_index.get(j).copied().flatten() {
                Some(k) => Citer::Reference(k),
                None => Citer::Document,
            };
        }
        found.push(f);
    }
}

/// True when `k`, dated `date`, is the own number `own` with figures OCR lost at its start
/// (`(Kèm theo Nghị quyết số 6.22/2026/NQ-CP ngày 09 tháng 7 năm 2026 ...)` in an appendix of
/// 66.22/2026/NQ-CP of that day): the rest of the key the same, its figures the end of the
/// own number's, and the document's own date to the day.
fn own_number_damaged(
    k: &DocKey,
    date: Option<PartialDate>,
    own: &DocKey,
    own_date: Option<PartialDate>,
) -> bool {
    let to_the_day = |d: Option<PartialDate>| d.filter(|d| d.day.is_some());
    k.number != own.number
        && own.number.to_string().ends_with(&k.number.to_string())
        && k.number_suffix == own.number_suffix
        && k.year == own.year
        && k.party_type == own.party_type
        && k.symbol == own.symbol
        && to_the_day(date).is_some()
        && to_the_day(date) == to_the_day(own_date)
}

/// True when two mentions name one document: one key, and no issuer or date that sets them
/// apart (`1/UBND-KT` of a district and `1/UBND-KT` of a province are two letters).
fn same_document(a: &Found, b: &Found) -> bool {
    a.key.is_some()
        && a.key == b.key
        && !names_another(a.issuer.as_deref(), b.issuer.as_deref())
        && (a.key.as_ref().is_some_and(|k| k.year.is_some()) || !dated_otherwise(a.date, b.date))
}

/// True when a mention's date and the document's own date disagree in a field both give.
fn dated_otherwise(mention: Option<PartialDate>, own: Option<PartialDate>) -> bool {
    let (Some(m), Some(o)) = (mention, own) else {
        return false;
    };
    let differ = |a: Option<u8>, b: Option<u8>| matches!((a, b), (Some(a), Some(b)) if a != b);
    m.year != o.year || differ(m.month, o.month) || differ(m.day, o.day)
}

/// True when a mention names an issuer that cannot be the document's own: another level,
/// another locality, or another body. A name by rank only (`UBND tỉnh`) tells nothing apart.
fn names_another(named: Option<&Issuer>, own: Option<&Issuer>) -> bool {
    let (Some(n), Some(o)) = (named, own) else {
        return false;
    };
    let differ = |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if !a.eq_ignore_ascii_case(b));
    matches!((n.level, o.level), (Some(a), Some(b)) if a != b)
        || differ(&n.locality, &o.locality)
        || differ(&n.code, &o.code)
}

/// A number OCR split with a space (`số 3 6/2024/QH15` for `36/2024/QH15`), read whole: one
/// or two digits right after `số`, one space, at most three digits and the slash. The key's
/// end is in `t`'s offsets.
fn scan_split_number(t: &str, i: usize, floor: usize) -> Option<ScannedKey> {
    let b = t.as_bytes();
    let digits = |from: usize| {
        (from..b.len())
            .find(|&k| !b[k].is_ascii_digit())
            .unwrap_or(b.len())
    };
    let j = digits(i);
    if !(1..=2).contains(&(j - i)) || b.get(j) != Some(&b' ') {
        return None;
    }
    let e = digits(j + 1);
    if !(1..=3).contains(&(e - j - 1)) || b.get(e) != Some(&b'/') {
        return None;
    }
    if !ends_with_so(&t[floor..i], 12) {
        return None;
    }
    let rest_end = floor_char(t, (j + 1 + 96).min(t.len()));
    let joined = format!("{}{}", &t[i..j], &t[j + 1..rest_end]);
    let mut k = scan_key(&joined, 0, Case::Codes)?;
    // The joined text lacks the one space at `j`.
    k.end += i + 1;
    Some(k)
}

/// The last `bytes` bytes (or so) of `s`, lower-cased into `out` (a buffer the caller keeps
/// across a document's numbers): a cheap look before a costly pattern.
fn lower_tail(s: &str, bytes: usize, out: &mut String) {
    let start = floor_char(s, s.len().saturating_sub(bytes));
    lower_into_string(&s[start..], out);
}

/// True when the last `bytes` bytes (or so) of `s`, white space trimmed, end with `số` in any
/// case: [`lower_tail`] without the copy, for the many numbers that follow no `số`.
fn ends_with_so(s: &str, bytes: usize) -> bool {
    let start = floor_char(s, s.len().saturating_sub(bytes));
    // `số` in any case is `s`/`S` then `ố`/`Ố`: E1 BB 91 or E1 BB 90. Compared as bytes, as
    // four string comparisons were four calls to memcmp for every number in a document.
    matches!(
        s[start..].trim_end().as_bytes(),
        [.., b's' | b'S', 0xE1, 0xBB, 0x90 | 0x91]
    )
}

/// True when `tail` (lower-cased) ends with a type word, optionally followed by `số` and a colon.
fn ends_with_type_word(tail: &str, squashed: &mut String) -> bool {
    let mut t = tail.trim_end().trim_end_matches(':').trim_end();
    if let Some(x) = t.strip_suffix("số hiệu").or_else(|| t.strip_suffix("số")) {
        t = x.trim_end();
    }
    squash_spaces_into(t, squashed);
    let last = squashed.as_bytes().last();
    TYPE_WORDS.iter().any(|w| {
        // The last byte first: most type words end otherwise, and each comparison is a call.
        w.as_bytes().last() == last
            && squashed
                .strip_suffix(w)
                .is_some_and(|rest| rest.chars().next_back().is_none_or(|c| !is_alnum(c)))
    })
}

/// Case-insensitive equality of `s` with a lower-case type word (or `số`, `hiệu`). Their
/// letters have the same length in bytes in either case, so unequal lengths differ.
fn eq_ci(s: &str, word: &str) -> bool {
    s.len() == word.len() && s.chars().zip(word.chars()).all(|(c, w)| lowers_to(c, w))
}

/// Start of the run of letters and digits that ends at `at`.
fn word_start(s: &str, at: usize) -> usize {
    s[..at].trim_end_matches(is_alnum).len()
}

/// Strips a lower-case word from the end of `s`, in any case.
fn strip_suffix_ci<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(word.len())?;
    (s.is_char_boundary(cut) && eq_ci(&s[cut..], word)).then(|| &s[..cut])
}

/// The type word that ends `window`, before an optional `số` (`số hiệu`, a colon): its span,
/// as `TYPE_BEFORE_RE` would capture it — read backwards by hand, which costs far less than
/// the pattern's search.
fn type_word_before(window: &str) -> Option<Range<usize>> {
    // What may follow the word: spaces, or `số`, `hiệu`, a colon and spaces.
    let bare = window.trim_end();
    let r = bare.strip_suffix(':').unwrap_or(bare).trim_end();
    let r = strip_suffix_ci(r, "hiệu").map_or(r, str::trim_end);
    let end = match strip_suffix_ci(r, "số") {
        Some(before) => before.trim_end().len(),
        // Without `số` only spaces may follow the word.
        None if r.len() == bare.len() => bare.len(),
        None => return None,
    };
    if end == 0 || !window[..end].ends_with(is_alnum) {
        return None;
    }
    // The type words split once, last word first: most windows end in a word that ends none.
    static PARTS: LazyLock<Vec<Vec<&'static str>>> =
        LazyLock::new(|| TYPE_WORDS.iter().map(|w| w.rsplit(' ').collect()).collect());
    // The leftmost start among the type words that end there, each word of it a whole word.
    let last = word_start(window, end);
    let mut best: Option<usize> = None;
    for parts in PARTS.iter() {
        if !parts.first().is_some_and(|p| eq_ci(&window[last..end], p)) {
            continue;
        }
        let mut at = end;
        let mut ok = true;
        let mut first = true;
        for part in parts {
            if !first {
                let spaces = window[..at].trim_end().len();
                if spaces == at {
                    ok = false;
                    break;
                }
                at = spaces;
            }
            let w = if first { last } else { word_start(window, at) };
            first = false;
            if !eq_ci(&window[w..at], part) {
                ok = false;
                break;
            }
            at = w;
        }
        if ok && best.is_none_or(|b| at < b) {
            best = Some(at);
        }
    }
    best.map(|b| b..end)
}

/// Captures of the leftmost match: found first by the fast engines, groups read only there.
fn captures_fast<'h>(re: &Regex, hay: &'h str) -> Option<regex::Captures<'h>> {
    let m = re.find(hay)?;
    re.captures_at(hay, m.start())
}

fn window_before(t: &str, at: usize, floor: usize, bytes: usize) -> (usize, &str) {
    let s = floor_char(t, at.saturating_sub(bytes)).max(floor);
    (s, &t[s..at])
}

/// Position of the first ASCII digit in `b[from..to]`, or `to`: eight bytes at a time, as
/// most of a document is no number.
fn next_digit(b: &[u8], mut i: usize, to: usize) -> usize {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 128;
    while i + 8 <= to {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        let x = u64::from_le_bytes(w);
        // A byte between 0x30 and 0x39 (bit tricks: "has a byte between m and n").
        let low = x & (ONES * 127);
        let hit = (ONES * (127 + 0x3A) - low) & !x & (low + ONES * (127 - 0x2F)) & HIGH;
        if hit != 0 {
            return i + (hit.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < to && !b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Every numbered reference between `from` and `to` (not inside the document's own number
/// `own`): a key with what stands before it, or a number alone after a type word.
fn scan_numbered(
    t: &str,
    from: usize,
    to: usize,
    own: Option<&Range<usize>>,
    breaks: &[usize],
    out: &mut Vec<Found>,
) {
    let b = t.as_bytes();
    // Buffers for the lower-cased and squashed windows, kept across the document's numbers.
    let mut bufs = (String::new(), String::new());
    let mut i = from;
    while i < to {
        if !b[i].is_ascii_digit() {
            i = next_digit(b, i + 1, to);
            continue;
        }
        let prev = t[..i].chars().next_back();
        let starts_number = match prev {
            None => true,
            Some(c) => !(is_alnum(c) || matches!(c, '/' | '.' | '-' | '_')),
        };
        if !starts_number || own.is_some_and(|r| r.contains(&i)) {
            while i < to && b[i].is_ascii_digit() {
                i += 1;
            }
            continue;
        }
        let sentence = sentence_of(breaks, i, t.len());
        let floor = sentence.start.max(from);
        match scan_key(t, i, Case::Codes).or_else(|| scan_split_number(t, i, floor)) {
            Some(k) if k.end <= to => {
                let end = k.end;
                out.extend(keyed(t, i, k, floor..to, &sentence, &mut bufs));
                i = end;
            }
            _ => {
                let (found, end) = bare_number(t, i, floor..to, &sentence);
                out.extend(found);
                i = end;
            }
        }
    }
}

/// What the words before a key say of it: where the mention starts, its kind and title (a
/// law's name), whether a type word gave the kind, and whether anything (`số`, a type word, a
/// law) marks the number as a reference at all.
struct Before {
    span_start: usize,
    kind: Option<DocKind>,
    title: Option<String>,
    from_word: bool,
    context: bool,
}

/// Reads the words before the key at `i` (within the sentence from `floor`): a law by name
/// and `số`, a type word, or `số` alone. `bufs` are reused buffers.
fn before_key(t: &str, i: usize, floor: usize, bufs: &mut (String, String)) -> Before {
    let (tail_lower, squashed) = bufs;
    let (wstart, window) = window_before(t, i, floor, 240);
    let mut before = Before {
        span_start: i,
        kind: None,
        title: None,
        from_word: false,
        context: false,
    };
    lower_tail(window, 48, tail_lower);
    let trimmed = tail_lower.trim_end().trim_end_matches(':').trim_end();
    let ends_so = trimmed.ends_with("số") || trimmed.ends_with("số hiệu");
    let law = ends_so
        && (window.contains("Luật") || window.contains("luật") || window.contains("Pháp lệnh"))
        // `Luật X được sửa đổi bởi Nghị định số`: the nearer type word names it.
        && type_word_before(window).is_none_or(|w| {
            matches!(
                DocKind::from_word(&window[w]),
                Some(DocKind::Luat | DocKind::BoLuat | DocKind::PhapLenh)
            )
        });
    if let Some(c) = law.then(|| captures_fast(&LAW_BEFORE_RE, window)).flatten() {
        let word = squash_spaces(&c[1]);
        before.kind = DocKind::from_word(&word);
        before.title = Some(match c.get(2) {
            Some(n) => format!("{} {}", word, squash_spaces(n.as_str())),
            None => word,
        });
        before.span_start = wstart + c.get(1).map_or(0, |m| m.start());
        before.from_word = true;
        before.context = true;
    } else if let Some(w) = ends_with_type_word(tail_lower, squashed)
        .then(|| type_word_before(window))
        .flatten()
    {
        let word = squash_spaces(&window[w.clone()]);
        // `văn bản` says nothing of the kind: the symbol decides.
        if !eq_ci(&word, "văn bản") {
            before.kind = DocKind::from_word(&word);
            before.from_word = true;
        }
        before.span_start = wstart + w.start;
        before.context = true;
    } else if ends_so {
        before.context = true;
    }
    before
}

/// The reference a key found at `i` makes, when something marks it as one (`số`, a type
/// word, a known code) and its symbol has letters: with its date, issuer and what follows.
fn keyed(
    t: &str,
    i: usize,
    k: ScannedKey,
    within: Range<usize>,
    sentence: &Range<usize>,
    bufs: &mut (String, String),
) -> Option<Found> {
    let floor = within.start;
    let before = before_key(t, i, floor, bufs);
    let letters = k.key.symbol.chars().filter(|&c| is_letter(c)).count();
    if !(before.context || k.known_codes > 0) || letters < 2 {
        return None;
    }
    let (_, pre) = window_before(t, before.span_start, floor, 160);
    let ends_tai = pre
        .trim_end()
        .trim_end_matches('(')
        .trim_end()
        .ends_with("tại");
    let pre_issuer = ends_tai
        .then(|| captures_fast(&PRE_ISSUER_RE, pre))
        .flatten()
        .and_then(|c| issuer::parse_phrase(&squash_spaces(&c[1])));
    let (date, iss, tail_end) = tail(t, k.end, within.end);
    let kind = before.kind.or_else(|| k.key.kind());
    Some(Found {
        span: before.span_start..k.end,
        kind,
        title: before.title,
        date,
        issuer: iss.or(pre_issuer),
        relation: Relation::Cites,
        citer: Citer::Document,
        back_reference: false,
        sentence: sentence.clone(),
        kind_from_word: before.from_word,
        tail_end,
        back_number: None,
        key: Some(k.key),
    })
}

/// `Công điện số 1068`: a number alone after a type word and `số`, which repeats an earlier
/// reference. Returns it, if it is one, and where the number ends.
fn bare_number(
    t: &str,
    i: usize,
    within: Range<usize>,
    sentence: &Range<usize>,
) -> (Option<Found>, usize) {
    let b = t.as_bytes();
    let mut j = i;
    while j < within.end && b[j].is_ascii_digit() {
        j += 1;
    }
    let next = t[j..].chars().next();
    let bare = next.is_none_or(|c| !(is_alnum(c) || matches!(c, '/' | '-' | '.' | ',')))
        || t[j..].starts_with(". ")
        || t[j..].starts_with(", ")
        || t[j..].starts_with(".\n");
    let (wstart, window) = window_before(t, i, within.start, 80);
    if !bare || !ends_with_so(window, 8) {
        return (None, j);
    }
    let found = captures_fast(&NUMBER_ONLY_RE, window).and_then(|c| {
        let word = squash_spaces(&c[1]);
        let (Ok(n), Some(kind)) = (t[i..j].parse::<u32>(), DocKind::from_word(&word)) else {
            return None;
        };
        Some(Found::back(
            wstart + c.get(1).map_or(0, |m| m.start())..j,
            kind,
            sentence.clone(),
            Some(n),
        ))
    });
    (found, j)
}

/// A cursor over text for the small hand-written parsers of what follows a key.
struct Cur<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Cur<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.at..]
    }
    /// Skips white space; returns how many bytes were skipped.
    fn spaces(&mut self) -> usize {
        let r = self.rest();
        let n = r.len() - r.trim_start().len();
        self.at += n;
        n
    }
    fn lit(&mut self, w: &str) -> bool {
        let ok = self.rest().starts_with(w);
        if ok {
            self.at += w.len();
        }
        ok
    }
    /// A word followed by at least one white space.
    fn word(&mut self, w: &str) -> bool {
        let save = self.at;
        if self.lit(w) && self.spaces() > 0 {
            return true;
        }
        self.at = save;
        false
    }
    /// Between `min` and `max` ASCII digits, as many as there are.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let n = self
            .rest()
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_digit)
            .count();
        if n < min {
            return None;
        }
        let v = self.rest()[..n].parse().ok();
        self.at += n;
        v
    }
    fn one_of(&mut self, set: &[u8]) -> bool {
        let ok = self
            .rest()
            .as_bytes()
            .first()
            .is_some_and(|b| set.contains(b));
        if ok {
            self.at += 1;
        }
        ok
    }
}

/// A date right after a key (`, ngày 05/8/2021`, `ngày 5 tháng 8 năm 2021`, `năm 2021`,
/// optionally after `ban hành`): the date and the length of text it takes.
fn date_after(s: &str) -> Option<(Option<PartialDate>, usize)> {
    let mut c = Cur { s, at: 0 };
    c.spaces();
    c.lit(",");
    c.spaces();
    let save = c.at;
    if !(c.word("ban") && c.word("hành")) {
        c.at = save;
    }
    let start = c.at;
    let day_first = |c: &mut Cur| -> Option<Option<PartialDate>> {
        // `ngày 05/8/2021` (or with `.` or `-`), spaces allowed around the separators.
        if !c.word("ngày") {
            return None;
        }
        let d = c.digits(1, 2)?;
        c.spaces();
        if !c.one_of(b"/.-") {
            return None;
        }
        c.spaces();
        let m = c.digits(1, 2)?;
        c.spaces();
        if !c.one_of(b"/.-") {
            return None;
        }
        c.spaces();
        let y = c.digits(4, 4)?;
        Some(PartialDate::new(y as u16, Some(m as u8), Some(d as u8)))
    };
    if let Some(d) = day_first(&mut c) {
        return Some((d, c.at));
    }
    c.at = start;
    let in_words = |c: &mut Cur| -> Option<Option<PartialDate>> {
        if !c.word("ngày") {
            return None;
        }
        let d = c.digits(1, 2)?;
        if c.spaces() == 0 || !c.word("tháng") {
            return None;
        }
        let m = c.digits(1, 2)?;
        if c.spaces() == 0 || !c.word("năm") {
            return None;
        }
        let y = c.digits(4, 4)?;
        Some(PartialDate::new(y as u16, Some(m as u8), Some(d as u8)))
    };
    if let Some(d) = in_words(&mut c) {
        return Some((d, c.at));
    }
    c.at = start;
    // `năm 2021` and a character that is no digit (taken too), or the end.
    if c.word("năm") {
        let y = c.digits(4, 4)?;
        match c.rest().chars().next() {
            Some(x) if x.is_ascii_digit() => return None,
            Some(x) => c.at += x.len_utf8(),
            None => {}
        }
        return Some((PartialDate::new(y as u16, None, None), c.at));
    }
    None
}

/// `của` or `do` (after an optional comma) and the space after: the length it takes.
fn of_after(s: &str) -> Option<usize> {
    let mut c = Cur { s, at: 0 };
    c.spaces();
    c.lit(",");
    c.spaces();
    (c.word("của") || c.word("do")).then_some(c.at)
}

/// Date and issuer written after a key: `ngày 05/8/2021 của Thủ tướng Chính phủ`.
fn tail(t: &str, mut at: usize, to: usize) -> (Option<PartialDate>, Option<Arc<Issuer>>, usize) {
    let mut date = None;
    let mut iss = None;
    for _ in 0..3 {
        let rest = &t[at..to.max(at)];
        if date.is_none() {
            if let Some((d, len)) = date_after(rest) {
                date = d;
                at += len;
                continue;
            }
        }
        if iss.is_none() {
            if let Some(m) = of_after(rest) {
                let (phrase, end) = issuer_phrase(t, at + m, to);
                if !phrase.is_empty() {
                    iss = issuer::parse_phrase(&phrase).or_else(|| {
                        phrase.chars().next().filter(|c| c.is_uppercase()).map(|_| {
                            Arc::new(Issuer {
                                name: phrase.clone(),
                                body: phrase.clone(),
                                code: None,
                                level: None,
                                locality: None,
                                province: None,
                            })
                        })
                    });
                    at = end;
                    continue;
                }
            }
        }
        break;
    }
    (date, iss, at)
}

/// The words of an issuer after `của`, up to a stop word, punctuation or a new paragraph.
fn issuer_phrase(t: &str, mut at: usize, to: usize) -> (String, usize) {
    let mut words: Vec<(&str, usize)> = Vec::new();
    while words.len() < 12 && at < to {
        let rest = &t[at..to];
        let ws = rest.len() - rest.trim_start().len();
        let gap = &rest[..ws];
        let w_start = at + ws;
        let word_rest = &t[w_start..to];
        let w_len = word_rest
            .find(char::is_whitespace)
            .unwrap_or(word_rest.len());
        if w_len == 0 {
            break;
        }
        let word = &word_rest[..w_len];
        let first = word.chars().next().unwrap_or(' ');
        if gap.matches('\n').count() >= 2 && !first.is_lowercase() {
            break;
        }
        // A hyphen inside a province's name joins it: `tỉnh Bà Rịa - Vũng Tàu` (and not
        // `tỉnh Sơn La - Kế hoạch`).
        if matches!(word, "-" | "–") && !words.is_empty() {
            let next = t[w_start + w_len..to].trim_start_matches(' ');
            let next_word = next.split(char::is_whitespace).next().unwrap_or("");
            let last = words.last().map_or("", |w| w.0);
            let joined = format!("{last} - {next_word}");
            if !next_word.is_empty()
                && crate::gazetteer::PROVINCES
                    .iter()
                    .any(|p| p.contains(joined.as_str()))
            {
                words.push((word, w_start + w_len));
                at = w_start + w_len;
                continue;
            }
        }
        if !is_alnum(first) {
            break;
        }
        let core = word.trim_end_matches(|c: char| !is_alnum(c));
        if core.is_empty() || is_issuer_stop(core) {
            break;
        }
        if let Some((prev, _)) = words.last() {
            if ISSUER_STOP_PAIRS.contains(&(*prev, core)) {
                words.pop();
                break;
            }
        }
        words.push((core, w_start + core.len()));
        if core.len() != word.len() {
            break;
        }
        at = w_start + w_len;
    }
    if words
        .last()
        .is_some_and(|(w, _)| ISSUER_STOP_PAIRS.iter().any(|(a, _)| a == w))
    {
        words.pop();
    }
    while words.last().is_some_and(|(w, _)| matches!(*w, "-" | "–")) {
        words.pop();
    }
    let end = words.last().map_or(at, |w| w.1);
    let mut phrase = String::with_capacity(words.iter().map(|w| w.0.len() + 1).sum());
    for (k, (w, _)) in words.iter().enumerate() {
        if k > 0 {
            phrase.push(' ');
        }
        phrase.push_str(w);
    }
    (phrase, end)
}

fn scan_laws_by_name(t: &str, from: usize, to: usize, breaks: &[usize], out: &mut Vec<Found>) {
    // Only where a law word stands: the pattern is costly, the words are rare.
    static LAW_WORDS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
        DocKind::all()
            .filter(|k| k.is_law())
            .map(|k| memchr::memmem::Finder::new(k.name()))
            .collect()
    });
    let mut starts: Vec<usize> = LAW_WORDS
        .iter()
        .flat_map(|f| f.find_iter(&t.as_bytes()[from..to]).map(move |i| from + i))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let mut done = from;
    for at in starts {
        if at < done {
            continue;
        }
        let end = floor_char(t, (at + 600).min(to));
        let Some(c) = LAW_BY_NAME_RE.captures(&t[at..end]) else {
            continue;
        };
        let from = at;
        let Some(m) = c.get(0) else { continue };
        done = from + m.end();
        let name = squash_spaces(&c[2]);
        if name.contains('/') {
            continue; // `Luật Đất đai số 31/2024/QH15 ngày ...` is a numbered reference.
        }
        let g = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
        let date = match (g("y"), g("y2"), g("y3")) {
            (Some(y), _, _) => {
                PartialDate::new(y as u16, g("m").map(|m| m as u8), g("d").map(|d| d as u8))
            }
            (_, Some(y), _) => {
                PartialDate::new(y as u16, g("m2").map(|m| m as u8), g("d2").map(|d| d as u8))
            }
            (_, _, Some(y)) => PartialDate::new(y as u16, None, None),
            _ => None,
        };
        let word = squash_spaces(&c[1]);
        let start = from + m.start();
        out.push(Found {
            span: start..from + m.end(),
            key: None,
            kind: DocKind::from_word(&word),
            title: Some(format!("{word} {name}")),
            date,
            // Laws and codes are passed by the National Assembly, ordinances by its Standing Committee.
            issuer: crate::gazetteer::issuer_from_code(if word.starts_with("Pháp") {
                "UBTVQH"
            } else {
                "QH"
            })
            .map(Arc::new),
            relation: Relation::Cites,
            citer: Citer::Document,
            back_reference: false,
            sentence: sentence_of(breaks, start, t.len()),
            kind_from_word: true,
            tail_end: from + m.end(),
            back_number: None,
        });
    }
}

/// Where `trên` or `nêu` starts, in any case, in `t[from..to]`: every back phrase holds one.
fn back_phrase_marks(t: &str, from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    let b = t.as_bytes();
    let ci = |i: usize, c: u8| b.get(i).is_some_and(|x| x.to_ascii_lowercase() == c);
    static E_HAT: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
        [
            memchr::memmem::Finder::new("ê"),
            memchr::memmem::Finder::new("Ê"),
        ]
    });
    // `ê` is rare enough that a search for the pair of bytes beats a look at every `Ã`-led
    // letter; `Ê` is rarer still.
    let mut at: Vec<usize> = E_HAT
        .iter()
        .flat_map(|f| f.find_iter(&b[from..to]).map(move |i| from + i))
        .collect();
    at.sort_unstable();
    at.into_iter()
        .filter_map(move |i| {
            if i >= 2 && ci(i - 2, b't') && ci(i - 1, b'r') && ci(i + 2, b'n') {
                Some((i - 2, true))
            } else if i >= 1 && ci(i - 1, b'n') && ci(i + 2, b'u') {
                Some((i - 1, false))
            } else {
                None
            }
        })
        .filter(move |&(at, tren)| mark_can_open(&t[..to], at, tren))
        .map(|(at, _)| at)
}

/// True when the word before `at`, across white space, spells one of `words` in any case.
fn word_before_is(t: &str, at: usize, words: &[&str]) -> bool {
    let before = &t[..at];
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() {
        return false; // `\s+` stands between them
    }
    words.iter().any(|w| {
        let mut cs = trimmed.chars().rev();
        w.chars()
            .rev()
            .all(|p| cs.next().is_some_and(|c| lowers_to(c, p)))
    })
}

/// True when the `trên` (or `nêu`) at `at` can be the first of its kind in a back phrase:
/// `nêu trên`, `nói trên`, `kể trên`, `đã nêu`, `vừa nêu`, or `trên` closing a clause.
/// A cheap look that turns away `trên địa bàn`, `nêu rõ`... before the pattern runs.
fn mark_can_open(t: &str, at: usize, tren: bool) -> bool {
    let len = if tren { "trên".len() } else { "nêu".len() };
    let Some(after) = t.get(at + len..) else {
        return true;
    };
    let rest = after.trim_start();
    if tren {
        after[..after.len() - rest.len()].contains('\n')
            || rest.is_empty()
            || rest.starts_with([',', '.', ';', ':', ')'])
            || word_before_is(t, at, &["nêu", "nói", "kể"])
    } else {
        let spaced = rest.len() < after.len();
        (spaced && rest.chars().take(4).map(lower_first).eq("trên".chars()))
            || word_before_is(t, at, &["đã", "vừa"])
    }
}

/// The position `n` characters other than white space before `at`, not before `floor`.
fn back_by_letters(t: &str, at: usize, floor: usize, n: usize) -> usize {
    let mut seen = 0;
    for (i, c) in t[floor..at].char_indices().rev() {
        if !c.is_whitespace() {
            seen += 1;
            if seen > n {
                return floor + i + c.len_utf8();
            }
        }
    }
    floor
}

/// The position `n` characters other than white space after `at`, not after `ceil`.
fn on_by_letters(t: &str, at: usize, ceil: usize, n: usize) -> usize {
    let mut seen = 0;
    for (i, c) in t[at..ceil].char_indices() {
        if !c.is_whitespace() {
            seen += 1;
            if seen > n {
                return at + i;
            }
        }
    }
    ceil
}

/// The back phrases in `t[from..to]`, as the type word's span and the phrase's span.
fn back_phrase_matches(t: &str, from: usize, to: usize) -> Vec<(Range<usize>, Range<usize>)> {
    use regex_automata::Input;
    // The pattern runs only in a short window around each `trên` or `nêu`, with the body
    // as its haystack so its anchors and boundaries read the same as over the whole body.
    // A match whose first mark is `m` lies between BACK_REACH letters before `m` and
    // BACK_TAIL letters after it, so windows find exactly the matches a scan of the body does.
    let re = &*BACK_PHRASE_RE;
    let mut caps = re.create_captures();
    let mut pos = from;
    let mut out = Vec::new();
    for mark in back_phrase_marks(t, from, to) {
        if mark < pos {
            continue;
        }
        let start = back_by_letters(t, mark, pos, *BACK_REACH);
        let end = on_by_letters(t, mark, to, BACK_TAIL);
        // `^` of the pattern stands for the start of the body.
        let input = Input::new(&t[from..to]).span(start - from..end - from);
        re.search_captures(&input, &mut caps);
        let Some(m) = caps.get_match() else { continue };
        // A match starting after the mark has a later first mark: its own window finds it.
        if from + m.start() > mark {
            continue;
        }
        pos = from + m.end();
        if let (Some(w), Some(p)) = (caps.get_group(1), caps.get_group(2)) {
            out.push((from + w.start..from + w.end, from + p.start..from + p.end));
        }
    }
    out
}

fn scan_back_phrases(t: &str, from: usize, to: usize, breaks: &[usize], out: &mut Vec<Found>) {
    for (w, p) in back_phrase_matches(t, from, to) {
        let word = squash_spaces(&t[w.clone()]);
        if lower(&word) == "văn bản" {
            continue; // `văn bản trên` may mean any of several documents.
        }
        let Some(kind) = DocKind::from_word(&word) else {
            continue;
        };
        let (start, end) = (w.start, p.end);
        out.push(Found::back(
            start..end,
            kind,
            sentence_of(breaks, start, t.len()),
            None,
        ));
    }
}

/// Gives each back-reference the key of the full reference it repeats — the latest one the
/// document itself cites, else the latest at all — and drops those that repeat nothing.
/// Runs after [`structure`], so it knows which references are nested; indices are remapped.
fn resolve_back_references(found: Vec<Found>) -> Vec<Found> {
    use std::collections::HashMap;
    // Most documents make no back-reference: nothing to resolve, drop or renumber.
    if !found.iter().any(|f| f.back_reference) {
        return found;
    }
    // Latest full reference by kind, and by number: (any, cited by the document).
    let mut by_kind: HashMap<Option<DocKind>, (usize, Option<usize>)> = HashMap::new();
    let mut by_number: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut target: Vec<Option<usize>> = vec![None; found.len()];
    for (i, f) in found.iter().enumerate() {
        if !f.back_reference {
            if let Some(k) = &f.key {
                let top = f.citer == Citer::Document;
                let e = by_kind.entry(f.kind).or_insert((i, None));
                e.0 = i;
                if top {
                    e.1 = Some(i);
                }
                let v = by_number.entry(k.number).or_default();
                v.push(i);
                if v.len() > 8 {
                    v.remove(0);
                }
            }
            continue;
        }
        target[i] = match f.back_number {
            Some(n) => by_number.get(&n).and_then(|v| {
                v.iter()
                    .rev()
                    .find(|&&j| kinds_agree(found[j].kind, f.kind))
                    .copied()
            }),
            None => by_kind.get(&f.kind).map(|&(any, top)| top.unwrap_or(any)),
        };
    }
    let mut new_index: Vec<Option<usize>> = vec![None; found.len()];
    let mut n = 0;
    for (i, f) in found.iter().enumerate() {
        if !f.back_reference || target[i].is_some() {
            new_index[i] = Some(n);
            n += 1;
        }
    }
    /// What a back-reference copies from the reference it repeats.
    type Repeated = (
        Option<DocKey>,
        Option<PartialDate>,
        Option<Arc<Issuer>>,
        Option<String>,
    );
    // Only the references repeated are copied.
    let mut snapshot: Vec<Option<Repeated>> = vec![None; found.len()];
    for &t in target.iter().flatten() {
        let f = &found[t];
        snapshot[t]
            .get_or_insert_with(|| (f.key.clone(), f.date, f.issuer.clone(), f.title.clone()));
    }
    let mut out = Vec::with_capacity(n);
    for (i, mut f) in found.into_iter().enumerate() {
        if new_index[i].is_none() {
            continue;
        }
        if let Some((key, date, issuer, title)) = target[i].and_then(|t| snapshot[t].clone()) {
            f.key = key;
            f.date = date;
            f.issuer = issuer;
            f.title = title;
        }
        if let Citer::Reference(j) = f.citer {
            f.citer = new_index[j].map_or(Citer::Document, Citer::Reference);
        }
        out.push(f);
    }
    out
}

fn kinds_agree(a: Option<DocKind>, b: Option<DocKind>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// What a gap between two references in one sentence makes of the second.
#[derive(Debug, PartialEq)]
enum Link {
    /// A list goes on (`, `, `và`, `;`): same citer; `;` returns to the top level.
    Sibling { top: bool },
    /// `... về việc thực hiện Công văn số ...`: the first reference cites the second.
    Nested,
    /// `Nghị định số X ... quy định chi tiết Nghị quyết số Y`, `Thông tư số X ... hướng dẫn
    /// thi hành Nghị định số Y`: the first reference implements the second.
    Details,
    /// Anything else: the document cites it, by the words before it.
    Own,
}

fn classify(gap: &str) -> Link {
    let trimmed = gap.trim();
    // A list item's bullet (`; - Nghị quyết số ...` on a page folded onto one line).
    let mut core = trimmed.trim_end_matches(['-', '+', '•', '*', ' ']);
    for filler in ["các", "những"] {
        core = core.strip_suffix(filler).map(str::trim_end).unwrap_or(core);
    }
    let last_word = core.rsplit(char::is_whitespace).next().unwrap_or("");
    let ends_connected = core.is_empty()
        || core.ends_with([',', ';'])
        || CONNECTORS.contains(&lower(last_word).as_str());
    let has_break = gap.contains(['.', '!', '?']);
    let head = lower(trimmed.trim_start_matches([',', '(']).trim_start());
    // `X quy định chi tiết một số điều của Luật A và Nghị định số B`: X details B too; a comma
    // lists, and without `của` the `và` may join X's siblings.
    if ends_connected
        && !has_break
        && !core.ends_with([',', ';'])
        && head.contains(" của ")
        && details(&head)
    {
        return Link::Details;
    }
    if ends_connected && !has_break {
        return Link::Sibling {
            top: gap.contains(';'),
        };
    }
    // A colon ends the description: what follows is the issuer's own text (`về ...: Thực
    // hiện Công văn số B` on a page folded onto one line).
    if (head.starts_with("về") || head.starts_with("v/v")) && !gap.contains([';', '.', ':']) {
        return Link::Nested;
    }
    // A comma ends the description (`... hướng dẫn thi hành Luật A, bãi bỏ Thông tư số B`).
    if !head.contains(',') && details(&head) {
        return Link::Details;
    }
    // `A ngày ... của Chính phủ ban hành Chương trình hành động thực hiện Nghị quyết số B`:
    // A's description, unbroken, says what A carries out.
    if !gap.contains([',', ';', '.', ':', '(']) && describes_implementing(&head) {
        return Link::Nested;
    }
    Link::Own
}

/// True when a description (lower case) names its document's issuer (`của ...`) and then
/// what that document carries out (`thực hiện`, `triển khai`) right before the next reference.
fn describes_implementing(head: &str) -> bool {
    let Some(at) = head.find(" của ") else {
        return false;
    };
    let folded = crate::normalize::fold_ascii(&head[at..]);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let tail = &words[words.len().saturating_sub(8)..];
    tail.windows(2)
        .any(|w| w == ["thuc", "hien"] || w == ["trien", "khai"])
}

/// The rank of a document in the order of legal force, highest first: laws and the National
/// Assembly's resolutions, decrees, the Prime Minister's decisions, circulars; none for the
/// rest. Only a lower rank details a higher one (a circular a decree, never the reverse).
fn legal_rank(f: &Found) -> Option<u8> {
    let code = f.key.as_ref().and_then(DocKey::issuer_code);
    match f.kind? {
        DocKind::Luat | DocKind::BoLuat | DocKind::PhapLenh | DocKind::HienPhap => Some(0),
        DocKind::NghiQuyet
            if code.is_some_and(|c| c.starts_with("QH") || c.starts_with("UBTVQH")) =>
        {
            Some(0)
        }
        DocKind::NghiDinh => Some(1),
        DocKind::QuyetDinh if code == Some("TTg") => Some(2),
        DocKind::ThongTu => Some(3),
        _ => None,
    }
}

/// True unless both ranks are known and `detailed` does not outrank `detailer`.
fn may_detail(detailer: &Found, detailed: &Found) -> bool {
    match (legal_rank(detailer), legal_rank(detailed)) {
        (Some(a), Some(b)) => b < a,
        _ => true,
    }
}

/// Words a reference's description may run to before the document it details.
const DETAILS_WORDS: usize = 16;

/// True when a reference's description (lower case) says it details or guides the next one:
/// `quy định chi tiết (một số điều của)`, `hướng dẫn thi hành`, `hướng dẫn một số điều của`.
/// Not when an amender comes next (`... Luật A được sửa đổi bởi`: an amendment chain).
fn details(head: &str) -> bool {
    static DETAILS: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?:quy\s+dinh\s+chi\s+tiet|huong\s+dan\s+(?:thi\s+hanh|thuc\s+hien|chi\s+tiet|mot\s+so\s+dieu))(?:\s|$)",
        )
    });
    if head.contains([';', '.', '(', ')']) || head.split_whitespace().nth(DETAILS_WORDS).is_some() {
        return false;
    }
    let folded = crate::normalize::fold_ascii(head);
    let words: Vec<&str> = folded.split_whitespace().collect();
    // (`duoc` alone is also `Dược`, pharmacy: the chain is `được sửa đổi` or `bởi`.)
    DETAILS.is_match(&folded)
        && !words.contains(&"boi")
        && !words.windows(2).any(|w| w == ["duoc", "sua"])
}

/// The part of a gap after its last list separator: a sibling's own signal words, if any.
fn after_last_connector(gap: &str) -> &str {
    let mut cut = 0;
    for (i, c) in gap.char_indices() {
        if c == ',' || c == ';' {
            cut = i + 1;
        }
    }
    for w in CONNECTORS {
        let pat = format!(" {w} ");
        if let Some(i) = gap.rfind(&pat) {
            cut = cut.max(i + pat.len());
        }
    }
    &gap[cut..]
}

fn top_relation(found: &[Found], mut i: usize) -> Relation {
    while let Citer::Reference(p) = found[i].citer {
        i = p;
    }
    found[i].relation
}

/// Decides citer and relation of every reference from the sentence around it.
fn structure(t: &str, found: &mut [Found]) {
    for r in 0..found.len() {
        let start = found[r].span.start;
        let sentence = found[r].sentence.clone();
        // References are in text order: the walk back stops at the sentence's start, so a
        // file of one-reference sentences is not walked back whole for each of them.
        let prev = (0..r)
            .rev()
            .take_while(|&p| found[p].span.start >= sentence.start)
            .find(|&p| found[p].tail_end <= start);
        let (citer, relation, inherit_kind) = match prev {
            Some(p) => {
                let gap = &t[found[p].tail_end..start];
                match classify(gap) {
                    Link::Sibling { top } => {
                        let own = relation_before(after_last_connector(gap));
                        let citer = if top { Citer::Document } else { found[p].citer };
                        let inherited = if top {
                            top_relation(found, p)
                        } else {
                            found[p].relation
                        };
                        (
                            citer,
                            own.unwrap_or(inherited),
                            found[p].kind_from_word && !top,
                        )
                    }
                    // (A description never names its own document again: the same key
                    // after a gap is a mention of its own.)
                    Link::Nested
                        if !found[p].back_reference && !same_document(&found[p], &found[r]) =>
                    {
                        (
                            Citer::Reference(p),
                            relation_in_subject(gap).unwrap_or(Relation::Cites),
                            false,
                        )
                    }
                    Link::Details
                        if !found[p].back_reference
                            && !same_document(&found[p], &found[r])
                            && may_detail(&found[p], &found[r]) =>
                    {
                        (Citer::Reference(p), Relation::Implements, false)
                    }
                    _ => {
                        let from = found[p]
                            .tail_end
                            .max(sentence.start)
                            .max(floor_char(t, start.saturating_sub(SIGNAL_WINDOW)));
                        (
                            Citer::Document,
                            relation_before(&t[from..start]).unwrap_or(Relation::Cites),
                            false,
                        )
                    }
                }
            }
            None => {
                let from = floor_char(t, start.saturating_sub(SIGNAL_WINDOW)).max(sentence.start);
                (
                    Citer::Document,
                    relation_before(&t[from..start]).unwrap_or(Relation::Cites),
                    false,
                )
            }
        };
        if inherit_kind && !found[r].kind_from_word {
            if let Some(p) = prev {
                let inherited = found[p].kind;
                let symbol_kind = found[r].key.as_ref().and_then(DocKey::type_code);
                if symbol_kind.is_none()
                    || inherited
                        .and_then(|k| found[r].key.as_ref().map(|key| key.kind() == Some(k)))
                        == Some(true)
                {
                    found[r].kind = inherited;
                    found[r].kind_from_word = true;
                }
            }
        }
        found[r].citer = citer;
        found[r].relation = relation;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    #[derive(Debug)]
    struct R {
        key: String,
        kind: String,
        date: String,
        relation: Relation,
        citer: Option<String>,
        back: bool,
        issuer: String,
    }

    fn refs(s: &str) -> Vec<R> {
        let t = normalize(s).text;
        let f = find(&t, 0, t.len(), None);
        f.iter()
            .map(|x| R {
                key: x
                    .key
                    .as_ref()
                    .map(|k| k.to_string())
                    .or(x.title.clone())
                    .unwrap_or_default(),
                kind: x.kind.map(|k| k.name().to_string()).unwrap_or_default(),
                date: x.date.map(|d| d.to_string()).unwrap_or_default(),
                relation: x.relation,
                citer: match x.citer {
                    Citer::Document => None,
                    Citer::Reference(i) => f[i].key.as_ref().map(|k| k.to_string()),
                },
                back: x.back_reference,
                issuer: x
                    .issuer
                    .as_ref()
                    .map(|i| i.name.clone())
                    .unwrap_or_default(),
            })
            .collect()
    }

    fn keys(s: &str) -> Vec<String> {
        refs(s).into_iter().map(|r| r.key).collect()
    }

    #[test]
    fn so_in_any_case_ends_a_window() {
        for w in [
            "số",
            "Số",
            "sỐ",
            "SỐ",
            "số  ",
            "theo Số\n",
            "Số:",
            "so",
            "sỏ",
            "xsố",
            "ố",
            "",
            "Sồ",
        ] {
            let as_strings = ["số", "Số", "sỐ", "SỐ"]
                .iter()
                .any(|s| w.trim_end().ends_with(s));
            assert_eq!(ends_with_so(w, 8), as_strings, "{w:?}");
        }
    }

    #[test]
    fn full_reference_with_date_and_issuer() {
        let r = refs("Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ về tăng cường phòng, chống dịch.");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].key, "1068/CĐ-TTg");
        assert_eq!(r[0].kind, "Công điện");
        assert_eq!(r[0].date, "2021-08-05");
        assert_eq!(r[0].relation, Relation::Implements);
        assert_eq!(r[0].issuer, "Thủ tướng Chính phủ");
    }

    #[test]
    fn date_written_in_words() {
        let r = refs("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;");
        assert_eq!(r[0].key, "30/2020/NĐ-CP");
        assert_eq!(r[0].date, "2020-03-05");
        assert_eq!(r[0].relation, Relation::BasedOn);
        assert_eq!(r[0].kind, "Nghị định");
    }

    #[test]
    fn reference_without_so() {
        let r = refs("theo quy định tại Nghị quyết 116/NQ-CP của Chính phủ;");
        assert_eq!(r[0].key, "116/NQ-CP");
        assert_eq!(r[0].kind, "Nghị quyết");
        assert_eq!(r[0].relation, Relation::Cites);
        assert_eq!(r[0].issuer, "Chính phủ");
    }

    #[test]
    fn so_with_colon_and_a_list_of_letters() {
        let r = refs("Thực hiện các văn bản số: 10894/VPCP-CN ngày 8/11/2025, 8563/VPCP-CN ngày 12/9/2025 của Văn phòng Chính phủ.");
        assert_eq!(keys_of(&r), ["10894/VPCP-CN", "8563/VPCP-CN"]);
        assert_eq!(r[0].date, "2025-11-08");
        assert_eq!(r[1].date, "2025-09-12");
        assert!(r
            .iter()
            .all(|x| x.relation == Relation::Implements && x.kind == "Công văn"));
    }

    fn keys_of(r: &[R]) -> Vec<&str> {
        r.iter().map(|x| x.key.as_str()).collect()
    }

    #[test]
    fn the_items_under_a_can_cu_heading_are_based_on() {
        let r = refs(
            "**Căn cứ:**\n\n- Luật Quản lý thuế số 108/2025/QH15; Nghị định số 252/2026/NĐ-CP \
             của Chính phủ;\n- Thông tư số 03/2024/TT-BTNMT ngày 16 tháng 5 năm 2024 quy định \
             chi tiết;\n\n**Theo đề nghị của Cục trưởng Cục Thuế,**\n\nBộ trưởng ban hành \
             Thông tư quy định tại Nghị định số 20/2020/NĐ-CP.",
        );
        let rel: Vec<(&str, Relation)> = r.iter().map(|x| (x.key.as_str(), x.relation)).collect();
        assert_eq!(
            rel,
            [
                ("108/2025/QH15", Relation::BasedOn),
                ("252/2026/NĐ-CP", Relation::BasedOn),
                ("3/2024/TT-BTNMT", Relation::BasedOn),
                ("20/2020/NĐ-CP", Relation::Cites),
            ]
        );
        let r = refs("## CĂN CỨ PHÁP LÝ\n\n1. Quyết định số 205/QĐ-TTg ngày 31 tháng 01 năm 2026;");
        assert_eq!(r[0].relation, Relation::BasedOn);
    }

    #[test]
    fn what_the_document_ends_is_repealed() {
        let r = refs(
            "2. Nghị định số 120/2017/NĐ-CP ngày 06 tháng 11 năm 2017; Nghị định số \
             121/2017/NĐ-CP của Chính phủ hết hiệu lực kể từ ngày Nghị định này có hiệu lực. \
             Kể từ ngày Nghị định số 5/2026/NĐ-CP có hiệu lực, Thông tư số 24/2014/TT-NHNN hết \
             hiệu lực thi hành. Thông tư số 7/2020/TT-BTC chưa hết hiệu lực.\n\n\
             3. Các Thông tư sau hết hiệu lực kể từ ngày Thông tư này có hiệu lực:\n\
             a) Thông tư số 48/2015/TT-BGTVT ngày 22 tháng 9 năm 2015.\n\
             b) Thông tư số 16/2023/TT-BGTVT ngày 30 tháng 6 năm 2023 sửa đổi, bổ sung.",
        );
        let rel: Vec<(&str, Relation)> = r.iter().map(|x| (x.key.as_str(), x.relation)).collect();
        assert_eq!(
            rel,
            [
                ("120/2017/NĐ-CP", Relation::Repeals),
                ("121/2017/NĐ-CP", Relation::Repeals),
                ("5/2026/NĐ-CP", Relation::Cites),
                ("24/2014/TT-NHNN", Relation::Repeals),
                ("7/2020/TT-BTC", Relation::Cites),
                ("48/2015/TT-BGTVT", Relation::Repeals),
                ("16/2023/TT-BGTVT", Relation::Repeals),
            ]
        );
    }

    #[test]
    fn a_wrapped_expiry_heading_and_its_wrapped_items_are_repealed() {
        // OCR'd PDFs break lines at a width: the heading runs over two lines, and an item's
        // second reference stands on a line its text wraps onto.
        let r = refs(
            "2. Các quy định sau đây hết hiệu lực thi hành kể từ ngày Nghị định này có\n\
             hiệu lực thi hành:\n\n\
             a) Nghị định số 68/2013/NĐ-CP ngày 28 tháng 6 năm 2013 của Chính phủ\n\
             quy định chi tiết Luật Bảo hiểm tiền gửi;\n\n\
             b) Các quy định về phí tại Nghị định số 89/1999/NĐ-CP\n\
             ngày 01 tháng 9 năm 1999 của Chính phủ về bảo hiểm tiền gửi và Nghị định\n\
             số 109/2005/NĐ-CP ngày 24 tháng 8 năm 2005 của Chính phủ.\n\n\
             ### Điều 37. Điều khoản chuyển tiếp\n\
             1. Việc quản lý thực hiện theo Thông tư số 20/2017/TT-BYT đến hết năm 2026.\n\n\
             3. Điều 25 Nghị định số 55/2024/NĐ-CP ngày 16 tháng 5 năm 2024 của\n\
             Chính phủ chấm dứt hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành.",
        );
        let rel: Vec<(&str, Relation)> = r.iter().map(|x| (x.key.as_str(), x.relation)).collect();
        assert_eq!(
            rel,
            [
                ("68/2013/NĐ-CP", Relation::Repeals),
                ("89/1999/NĐ-CP", Relation::Repeals),
                ("109/2005/NĐ-CP", Relation::Repeals),
                ("20/2017/TT-BYT", Relation::Cites),
                ("55/2024/NĐ-CP", Relation::Repeals),
            ]
        );
    }

    #[test]
    fn a_clause_opening_with_bai_bo_repeals_each_document_it_lists() {
        let r = refs(
            "4. Bãi bỏ Điều 8, 9 của Nghị định số 17/2020/NĐ-CP ngày 05 tháng 05 năm 2020 của \
             Chính phủ; điểm a khoản 14 Điều 4 và các Điều 10, 11, 12, 13 của Nghị định số \
             33/2024/NĐ-CP ngày 27 tháng 3 năm 2024 của Chính phủ; các Điều 6, 7, 8, 9 của Nghị \
             định 146/2025/NĐ-CP theo hướng dẫn tại Thông tư số 5/2025/TT-BCT.\n\
             5. Các Điều 3, 4 của Nghị định số 18/2021/NĐ-CP được áp dụng.",
        );
        let rel: Vec<(&str, Relation)> = r.iter().map(|x| (x.key.as_str(), x.relation)).collect();
        assert_eq!(
            rel,
            [
                ("17/2020/NĐ-CP", Relation::Repeals),
                ("33/2024/NĐ-CP", Relation::Repeals),
                ("146/2025/NĐ-CP", Relation::Repeals),
                ("5/2025/TT-BCT", Relation::GuidedBy),
                ("18/2021/NĐ-CP", Relation::Cites),
            ]
        );
    }

    #[test]
    fn list_walks_pass_sub_headings_and_stop_at_a_clause_of_its_own() {
        let rel = |s: &str| -> Vec<(String, Relation)> {
            refs(s).into_iter().map(|x| (x.key, x.relation)).collect()
        };
        // A sub-list's heading is an item of the list above.
        assert_eq!(
            rel("Điều 1. Bãi bỏ các văn bản sau đây:\n1. Các quyết định của Ủy ban nhân dân tỉnh:\na) Quyết định số 12/2019/QĐ-UBND ngày 10 tháng 5 năm 2019;\n2. Các chỉ thị:\na) Chỉ thị số 5/CT-UBND ngày 1 tháng 2 năm 2018.\n"),
            [("12/2019/QĐ-UBND".to_string(), Relation::Repeals), ("5/CT-UBND".to_string(), Relation::Repeals)]
        );
        // A capital after a finished phrase is no wrapped line: the proposal keeps its relation.
        assert_eq!(
            rel("Căn cứ:\n- Nghị định số 15/2020/NĐ-CP ngày 03 tháng 02 năm 2020 của Chính phủ\nTheo đề nghị của Giám đốc Sở Tài chính tại Tờ trình số 55/TTr-STC ngày 2 tháng 1 năm 2025\n"),
            [("15/2020/NĐ-CP".to_string(), Relation::BasedOn), ("55/TTr-STC".to_string(), Relation::ProposedBy)]
        );
        // The date a repeal takes effect is no repealed document; a permit that lapses
        // repeals nothing.
        assert_eq!(
            rel("Điều 1. Bãi bỏ Quyết định số 10/2019/QĐ-UBND ngày 01 tháng 3 năm 2019 của Ủy ban nhân dân tỉnh kể từ ngày Nghị định số 15/2020/NĐ-CP có hiệu lực.\n\nChứng chỉ cấp theo mẫu của Thông tư số 12/2019/TT-BXD bị chấm dứt hiệu lực khi hết hạn.\n"),
            [("10/2019/QĐ-UBND".to_string(), Relation::Repeals), ("15/2020/NĐ-CP".to_string(), Relation::Cites), ("12/2019/TT-BXD".to_string(), Relation::Cites)]
        );
    }

    /// (citer, key, relation) of every reference.
    fn edges(s: &str) -> Vec<(Option<String>, String, Relation)> {
        refs(s)
            .into_iter()
            .map(|r| (r.citer, r.key, r.relation))
            .collect()
    }

    #[test]
    fn one_amender_of_a_list_amends_each() {
        let e = edges(
            "Căn cứ Luật Công đoàn số 50/2024/QH15, Luật Thanh niên số 57/2020/QH14 và Luật \
             Thực hiện dân chủ cơ sở số 10/2022/QH15 đã được sửa đổi, bổ sung một số điều theo \
             Luật số 47/2024/QH15;",
        );
        let amended: Vec<&str> = e
            .iter()
            .filter(|(by, _, r)| by.as_deref() == Some("47/2024/QH15") && *r == Relation::Amends)
            .map(|(_, k, _)| k.as_str())
            .collect();
        assert_eq!(
            amended,
            ["50/2024/QH15", "57/2020/QH14", "10/2022/QH15"],
            "{e:?}"
        );
        assert!(
            e.contains(&(None, "47/2024/QH15".into(), Relation::BasedOn)),
            "{e:?}"
        );
    }

    #[test]
    fn a_title_with_semicolons_keeps_its_amendment_chain() {
        let e = edges(
            "- Căn cứ Nghị định số 63/2019/NĐ-CP ngày 11 tháng 7 năm 2019 của Chính phủ quy \
             định xử phạt trong lĩnh vực tài sản công; dự trữ quốc gia; kho bạc nhà nước được \
             sửa đổi, bổ sung bởi Nghị định số 102/2021/NĐ-CP, Nghị định số 55/2026/NĐ-CP;",
        );
        for amender in ["102/2021/NĐ-CP", "55/2026/NĐ-CP"] {
            assert!(
                e.contains(&(None, amender.into(), Relation::BasedOn)),
                "{e:?}"
            );
            assert!(
                e.contains(&(
                    Some(amender.into()),
                    "63/2019/NĐ-CP".into(),
                    Relation::Amends
                )),
                "{e:?}"
            );
        }
    }

    #[test]
    fn an_amender_of_two_amends_both_and_the_next_amender_stands_beside_it() {
        let e = edges(
            "Bộ Công Thương công bố giá theo quy định tại khoản 11 Điều 1 Nghị định số \
             80/2023/NĐ-CP ngày 17/11/2023 của Chính phủ sửa đổi, bổ sung một số điều của Nghị \
             định số 95/2021/NĐ-CP ngày 01/11/2021 và Nghị định số 83/2014/NĐ-CP ngày 03/9/2014 \
             của Chính phủ về kinh doanh xăng dầu và Nghị quyết số 55/NQ-CP ngày 19/3/2026 của \
             Chính phủ sửa đổi, bổ sung một số nội dung tại Nghị quyết số 36/NQ-CP ngày \
             06/3/2026 của Chính phủ.",
        );
        let want = [
            (None, "80/2023/NĐ-CP", Relation::Cites),
            (Some("80/2023/NĐ-CP"), "95/2021/NĐ-CP", Relation::Amends),
            (Some("80/2023/NĐ-CP"), "83/2014/NĐ-CP", Relation::Amends),
            (None, "55/NQ-CP", Relation::Cites),
            (Some("55/NQ-CP"), "36/NQ-CP", Relation::Amends),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(b, k, r)| (b.map(String::from), k.to_string(), *r))
            .collect();
        assert_eq!(e, want);
    }

    #[test]
    fn a_description_that_details_a_document_implements_it() {
        let e = edges(
            "Tổng Liên đoàn căn cứ Nghị định số 289/2025/NĐ-CP ngày 06 tháng 11 năm 2025 của \
             Chính phủ hướng dẫn thi hành Nghị quyết số 197/2025/QH15 để xây dựng văn bản. Áp \
             dụng Nghị định số 76/2025/NĐ-CP ngày 01 tháng 4 năm 2025 của Chính phủ quy định \
             chi tiết Nghị quyết số 170/2024/QH15 ngày 30 tháng 11 năm 2024 của Quốc hội.",
        );
        assert!(
            e.contains(&(
                Some("289/2025/NĐ-CP".into()),
                "197/2025/QH15".into(),
                Relation::Implements
            )),
            "{e:?}"
        );
        assert!(
            e.contains(&(
                Some("76/2025/NĐ-CP".into()),
                "170/2024/QH15".into(),
                Relation::Implements
            )),
            "{e:?}"
        );
        // Detailing a law by name, then an amender: the amendment chain decides.
        let e = edges(
            "theo quy định tại Điều 28a Nghị định số 18/2021/NĐ-CP ngày 23 tháng 12 năm 2021 \
             của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Xử lý vi \
             phạm hành chính được sửa đổi, bổ sung một số điều bởi Nghị định số 190/2025/NĐ-CP \
             ngày 01 tháng 7 năm 2025 của Chính phủ.",
        );
        assert!(
            e.contains(&(
                Some("190/2025/NĐ-CP".into()),
                "18/2021/NĐ-CP".into(),
                Relation::Amends
            )),
            "{e:?}"
        );
        assert!(
            !e.iter().any(|(_, k, _)| k.contains("Luật")),
            "the law's name does not swallow the decree: {e:?}"
        );
    }

    #[test]
    fn a_can_cu_line_opens_a_clause_though_the_one_above_ends_in_a_comma() {
        let e = edges(
            "Căn cứ Luật Giáo dục số 43/2019/QH14 được sửa đổi, bổ sung bởi Luật\nsố \
             123/2025/OH15,\nCăn cú Luật Nhà giáo số 73/2025/QH15,\nCăn cứ Luật Giáo dục nghề \
             nghiệp số 124/2025/QH15;",
        );
        let amends: Vec<_> = e.iter().filter(|x| x.2 == Relation::Amends).collect();
        assert_eq!(
            amends,
            [&(
                Some("123/2025/QH15".into()),
                "43/2019/QH14".into(),
                Relation::Amends
            )],
            "{e:?}"
        );
        assert!(e.contains(&(None, "124/2025/QH15".into(), Relation::BasedOn)));
    }

    #[test]
    fn an_amendment_chain_runs_over_line_breaks_and_a_bare_sua_doi_boi() {
        let e = edges(
            "Căn cứ Nghị định số 29/2025/NĐ-CP của Chính phủ quy định chức năng,\nnhiệm vụ của \
             Bộ Tài chính đã được sửa đổi, bồ\nsung một số điều bởi Nghị định số \
             166/2025/NĐ-CP;\nthực hiện theo quy định tại Thông tư số 23/2011/TT-BYT (sửa đổi \
             bởi Thông tư số 50/2017/TT-BYT).",
        );
        for (by, key) in [
            ("166/2025/NĐ-CP", "29/2025/NĐ-CP"),
            ("50/2017/TT-BYT", "23/2011/TT-BYT"),
        ] {
            assert!(
                e.contains(&(Some(by.into()), key.into(), Relation::Amends)),
                "{e:?}"
            );
        }
    }

    #[test]
    fn detailing_a_law_and_a_decree_implements_the_decree() {
        let e = edges(
            "a) Thông tư số 20/2017/TT-BYT quy định chi tiết một số điều của Luật Dược\nvà Nghị \
             định số 54/2017/NĐ-CP ngày 08 tháng 5 năm 2017 của Chính phủ về thuốc;",
        );
        assert!(
            e.contains(&(
                Some("20/2017/TT-BYT".into()),
                "54/2017/NĐ-CP".into(),
                Relation::Implements
            )),
            "{e:?}"
        );
        // A comma lists: the second decree stands beside the first.
        let e = edges(
            "Nghị định số 1/2020/NĐ-CP quy định chi tiết Luật A, Nghị định số 2/2020/NĐ-CP quy \
             định chi tiết Luật B.",
        );
        assert!(e.iter().all(|x| x.0.is_none()), "{e:?}");
    }

    #[test]
    fn a_clause_after_an_amendment_chain_keeps_the_heading_relation() {
        let e = edges(
            "**Căn cứ:**\n\n- Luật Thuế giá trị gia tăng số 48/2024/QH15 được sửa đổi, bổ sung bởi \
             Luật số 149/2025/QH15, Luật số 09/2026/QH16; Nghị định số 181/2025/NĐ-CP của Chính \
             phủ quy định chi tiết thi hành một số điều của Luật Thuế giá trị gia tăng;\n",
        );
        assert!(
            e.contains(&(None, "181/2025/NĐ-CP".into(), Relation::BasedOn)),
            "{e:?}"
        );
        assert!(
            e.contains(&(
                Some("09/2026/QH16".into()),
                "48/2024/QH15".into(),
                Relation::Amends
            )) || e.contains(&(
                Some("9/2026/QH16".into()),
                "48/2024/QH15".into(),
                Relation::Amends
            )),
            "{e:?}"
        );
    }

    #[test]
    fn a_letter_of_one_number_and_another_issuer_nests_under_the_first() {
        let e = edges(
            "Thực hiện Công văn số 1/UBND-KT ngày 11 tháng 10 năm 2022 của Ủy ban nhân dân huyện \
             Sơn Hưng về việc thực hiện Công văn số 1/UBND-KT của Ủy ban nhân dân tỉnh Sơn La, Ủy \
             ban nhân dân xã yêu cầu. Thực hiện Quyết định số 5/2025/QĐ-UBND về việc ban hành \
             quy chế, tại Quyết định số 5/2025/QĐ-UBND nêu rõ.",
        );
        assert_eq!(
            e[1],
            (
                Some("1/UBND-KT".into()),
                "1/UBND-KT".into(),
                Relation::Implements
            )
        );
        assert!(
            e[3].0.is_none(),
            "one key with its year is one document: {e:?}"
        );
    }

    #[test]
    fn a_description_ends_at_a_comma_and_never_details_a_higher_document() {
        for text in [
            "Thông tư số 80/2021/TT-BTC hướng dẫn thi hành Luật Quản lý thuế, bãi bỏ Thông tư số 156/2013/TT-BTC.",
            "Căn cứ Thông tư số 01/2021/TT-BNV hướng dẫn thực hiện chế độ tiền lương và Nghị định số 204/2004/NĐ-CP;",
            "Nghị định số 11/2020/NĐ-CP quy định chi tiết một số điều của Luật Ngân sách và Thông tư số 5/2021/TT-BTC.",
        ] {
            let e = edges(text);
            assert!(e.iter().all(|x| x.0.is_none()), "{text}: {e:?}");
        }
    }

    #[test]
    fn a_reference_after_a_key_broken_over_lines_is_on_the_items_wrapped_line() {
        // The second line is the item's text wrapped: its reference is an item's too. A line
        // after an item that ended is none.
        let r = refs("**Căn cứ:**\n- Nghị định số 5/2020/NĐ-\nCP trong đó có Quyết định số 7/QĐ-UBND của tỉnh\n");
        assert_eq!(r[0].relation, Relation::BasedOn);
        assert_eq!(r[1].relation, Relation::BasedOn, "{r:?}");
        let r = refs(
            "**Căn cứ:**\n- Nghị định số 5/2020/NĐ-CP.\nTheo Quyết định số 7/QĐ-UBND của tỉnh\n",
        );
        assert_eq!(r[0].relation, Relation::BasedOn);
        assert_eq!(r[1].relation, Relation::Cites, "{r:?}");
    }

    #[test]
    fn a_lower_case_can_cu_goes_on_its_sentence() {
        let e = edges(
            "Công văn số 5/UBND-VP về việc lấy kết quả làm\ncăn cứ đánh giá theo Kế hoạch số 7/KH-UBND.",
        );
        assert_eq!(e[1].0.as_deref(), Some("5/UBND-VP"), "{e:?}");
    }

    #[test]
    fn every_later_amender_of_a_row_stands_beside_the_first() {
        let e = edges(
            "theo quy định tại Nghị định số 80/2023/NĐ-CP ngày 17/11/2023 của Chính phủ sửa đổi, \
             bổ sung một số điều của Nghị định số 95/2021/NĐ-CP ngày 01/11/2021 về xăng dầu và \
             Nghị quyết số 55/NQ-CP ngày 19/3/2026 của Chính phủ sửa đổi, bổ sung một số nội dung \
             tại Nghị quyết số 36/NQ-CP ngày 06/3/2026 về giá và Nghị quyết số 60/NQ-CP ngày \
             20/3/2026 của Chính phủ sửa đổi, bổ sung một số nội dung tại Nghị quyết số 40/NQ-CP \
             ngày 07/3/2026.",
        );
        for amender in ["55/NQ-CP", "60/NQ-CP"] {
            assert!(
                e.contains(&(None, amender.into(), Relation::Cites)),
                "{e:?}"
            );
        }
        assert!(e.contains(&(Some("60/NQ-CP".into()), "40/NQ-CP".into(), Relation::Amends)));
    }

    #[test]
    fn a_joint_circular_cut_after_its_type_code_is_completed() {
        let k = keys("theo Thông tư liên tịch số 208/2014/TTLT- | và Thông tư liên tịch số 208/2014/TTLT-BTC-BGDĐT ngày 26/12/2014.");
        assert_eq!(k, ["208/2014/TTLT-BTC-BGDĐT", "208/2014/TTLT-BTC-BGDĐT"]);
    }

    #[test]
    fn a_key_cut_after_its_type_code_is_the_whole_key_the_document_names() {
        let k = keys("| Thông tư số 106/2021/TT- | lệ phí | Thông tư số 106/2021/TT-BTC sửa đổi | Nghị định số 18/2023/NĐ- -CP |");
        assert_eq!(k, ["106/2021/TT-BTC", "106/2021/TT-BTC", "18/2023/NĐ"]);
    }

    #[test]
    fn a_joint_circular_is_a_circular() {
        let r = refs("theo Thông tư liên tịch số 208/2014/TTLT-BTC-BGDĐT ngày 26 tháng 12 năm 2014 của Bộ Tài chính quy định chính sách ưu đãi.");
        assert_eq!(r[0].kind, "Thông tư");
        assert_eq!(
            r[0].relation,
            Relation::Cites,
            "`định chính` is no correction"
        );
    }

    #[test]
    fn replacing_the_provisions_of_a_document_amends_it() {
        let r = refs("Các quy định tại Nghị định này thay thế các quy định tương ứng tại Nghị định số 123/2024/NĐ-CP ngày 04 tháng 10 năm 2024. Nghị định này thay thế Nghị định số 5/2020/NĐ-CP.");
        assert_eq!(r[0].relation, Relation::Amends);
        assert_eq!(r[1].relation, Relation::Replaces);
    }

    #[test]
    fn an_amender_after_a_subject_is_no_nested_citation() {
        let e = edges(
            "Căn cứ Quyết định số 142/2008/QĐ-TTg của Thủ tướng Chính phủ về thực hiện chế độ \
             đối với quân nhân, được sửa đổi, bổ sung bởi Quyết định số 38/2010/QĐ-TTg và \
             Quyết định số 22/2025/QĐ-TTg của Thủ tướng Chính phủ;",
        );
        for amender in ["38/2010/QĐ-TTg", "22/2025/QĐ-TTg"] {
            assert!(
                e.contains(&(None, amender.into(), Relation::BasedOn)),
                "{e:?}"
            );
            assert!(
                e.contains(&(
                    Some(amender.into()),
                    "142/2008/QĐ-TTg".into(),
                    Relation::Amends
                )),
                "{e:?}"
            );
        }
        assert!(
            !e.iter()
                .any(|(by, _, _)| by.as_deref() == Some("142/2008/QĐ-TTg")),
            "{e:?}"
        );
    }

    #[test]
    fn an_amending_description_in_the_body_nests_what_it_amends() {
        let e = edges(
            "Thực hiện theo quy định tại khoản 11 Điều 1 Nghị định số 80/2023/NĐ-CP ngày \
             17/11/2023 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số \
             95/2021/NĐ-CP ngày 01/11/2021.",
        );
        assert_eq!(
            e.last(),
            Some(&(
                Some("80/2023/NĐ-CP".into()),
                "95/2021/NĐ-CP".into(),
                Relation::Amends
            )),
            "{e:?}"
        );
    }

    #[test]
    fn a_submission_named_is_the_proposal() {
        let r = refs("Bộ Giáo dục và Đào tạo chịu trách nhiệm về nội dung đề xuất tại Tờ trình số 906/TTr-BGDĐT ngày 29 tháng 5 năm 2026. Theo Công văn số 5/BGDĐT-KH.");
        assert_eq!(r[0].relation, Relation::ProposedBy);
        assert_eq!(r[1].relation, Relation::Cites);
    }

    #[test]
    fn a_number_split_by_ocr_after_so_is_read_whole() {
        let r = refs("Căn cứ Luật số 3 6/2024/QH15 ngày 1/1/2024; Điều 3 6/2024/QH15 khác.");
        assert_eq!(keys_of(&r)[0], "36/2024/QH15");
        assert_eq!(keys_of(&r)[1], "6/2024/QH15");
    }

    #[test]
    fn a_list_under_another_heading_only_cites() {
        let r = refs(
            "Các văn bản liên quan:\n- Nghị định số 1/2020/NĐ-CP;\n- Thông tư số 2/2021/TT-BTC.",
        );
        assert!(r.iter().all(|x| x.relation == Relation::Cites), "{r:?}");
    }

    #[test]
    fn signals_take_ocr_damaged_marks() {
        let r = refs("Căn cú Luật Báo chí số 126/2025/QH15. Thục hiện Công điện số 1068/CĐ-TTg.");
        assert_eq!(r[0].relation, Relation::BasedOn);
        assert_eq!(r[1].relation, Relation::Implements);
    }

    #[test]
    fn list_sharing_one_type_word() {
        let r = refs("Triển khai các Công điện số 217/CĐ-TTg, 218/CĐ-TTg, 219/CĐ-TTg và 222/CĐ-TTg của Thủ tướng Chính phủ.");
        assert_eq!(
            keys_of(&r),
            ["217/CĐ-TTg", "218/CĐ-TTg", "219/CĐ-TTg", "222/CĐ-TTg"]
        );
        assert!(r.iter().all(|x| x.relation == Relation::Implements
            && x.kind == "Công điện"
            && x.citer.is_none()));
    }

    #[test]
    fn year_after_nam() {
        let r = refs("theo Quyết định 1629/QĐ-TTg năm 2006 của Thủ tướng Chính phủ");
        assert_eq!(r[0].key, "1629/QĐ-TTg");
        assert_eq!(r[0].date, "2006");
    }

    #[test]
    fn nested_reference_is_cited_by_the_outer_one() {
        let r = refs("Thực hiện Công văn số 2395/UBND-KGVX ngày 06/8/2021 của Ủy ban nhân dân tỉnh Sơn La về việc thực hiện Công văn số 5312/VPCP-KGVX của Văn phòng Chính phủ; Công văn số 2405/UBND-KGVX ngày 06/8/2021 của Ủy ban nhân dân tỉnh Sơn La về việc thực hiện Công điện số 1068/CĐ-TTg của Thủ tướng Chính phủ; Chủ tịch yêu cầu:");
        assert_eq!(
            keys_of(&r),
            [
                "2395/UBND-KGVX",
                "5312/VPCP-KGVX",
                "2405/UBND-KGVX",
                "1068/CĐ-TTg"
            ]
        );
        assert_eq!(r[0].citer, None);
        assert_eq!(r[1].citer.as_deref(), Some("2395/UBND-KGVX"));
        assert_eq!(r[2].citer, None);
        assert_eq!(r[3].citer.as_deref(), Some("2405/UBND-KGVX"));
        assert!(r.iter().all(|x| x.relation == Relation::Implements));
        assert_eq!(r[0].issuer, "Ủy ban nhân dân tỉnh Sơn La");
    }

    #[test]
    fn a_colon_ends_the_description_of_a_reference() {
        // A page folded onto one line: the issuer's own clause after the description, then
        // its own `Thực hiện`.
        let r = refs("Các đơn vị thực hiện các biện pháp theo Nghị quyết số 4/NQ-CP ngày 26/8/2021 của Chính phủ về tăng cường công tác phòng, chống dịch bệnh, Ủy ban nhân dân huyện Đức Hà yêu cầu các nội dung sau: Thực hiện Công văn số 2/UBND-KGVX ngày 21/7/2022 của Ủy ban nhân dân tỉnh Bến Tre về tăng cường công tác.");
        assert_eq!(keys_of(&r), ["4/NQ-CP", "2/UBND-KGVX"]);
        assert_eq!(r[1].citer, None);
        assert_eq!(r[1].relation, Relation::Implements);
    }

    #[test]
    fn a_hyphenated_province_is_one_issuer_name() {
        let r = refs("Tiếp theo Công văn số 3/UBND-VX ngày 27/3/2021 của Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu về việc phòng, chống dịch.");
        assert_eq!(r[0].issuer, "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu");
        // A dash before a lower-case word ends the name.
        let r = refs("Thực hiện Công văn số 3/UBND-VX ngày 27/3/2021 của UBND tỉnh Sơn La - nội dung như sau.");
        assert_eq!(r[0].issuer, "Ủy ban nhân dân tỉnh Sơn La");
    }

    #[test]
    fn supplement_nested_after_a_sibling() {
        let r = refs("Thực hiện Công điện số 1063/CD-TTg ngày 31/7/2021 của Thủ tướng Chính phủ về phòng, chống dịch COVID-19 và Công văn số 5255/VPCP-KGVX ngày 31/7/2021 của Văn phòng Chính phủ về việc bổ sung nội dung Công điện số 1063/CD-TTg (gửi kèm bản điện tử), Ủy ban nhân dân tỉnh yêu cầu.");
        assert_eq!(
            keys_of(&r),
            ["1063/CĐ-TTg", "5255/VPCP-KGVX", "1063/CĐ-TTg"]
        );
        assert_eq!(r[1].citer, None);
        assert_eq!(r[1].relation, Relation::Implements);
        assert_eq!(r[2].citer.as_deref(), Some("5255/VPCP-KGVX"));
        assert_eq!(r[2].relation, Relation::Amends);
    }

    #[test]
    fn short_back_references_resolve_to_the_full_one() {
        let r = refs("Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021. Các sở tiếp tục triển khai Công điện số 1068 nghiêm túc. Công điện nêu trên yêu cầu khẩn trương. Công văn này có hiệu lực.");
        assert_eq!(keys_of(&r), ["1068/CĐ-TTg", "1068/CĐ-TTg", "1068/CĐ-TTg"]);
        assert!(!r[0].back && r[1].back && r[2].back);
        assert_eq!(r[1].date, "2021-08-05");
        assert_eq!(r[1].relation, Relation::Implements);
    }

    #[test]
    fn a_back_reference_repeats_what_the_document_cites_not_a_nested_reference() {
        let r = refs("Tiếp theo Công văn số 1/UBND-VP ngày 13/7/2021 của UBND huyện về việc thực hiện Công văn số 2/UBND-VX của UBND tỉnh, UBND xã yêu cầu.\n\n1. Các cơ quan quán triệt Công văn nêu trên.");
        assert_eq!(keys_of(&r), ["1/UBND-VP", "2/UBND-VX", "1/UBND-VP"]);
        assert_eq!(r[1].citer.as_deref(), Some("1/UBND-VP"));
        assert!(r[2].back && r[2].citer.is_none());
    }

    #[test]
    fn back_reference_with_nothing_before_is_dropped() {
        assert!(keys("Công điện nêu trên yêu cầu. Công văn trên địa bàn tỉnh.").is_empty());
    }

    #[test]
    fn laws_by_name_and_date() {
        let r = refs("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\nCăn cứ Luật Đất đai số 31/2024/QH15;");
        assert_eq!(r[0].key, "Luật Tổ chức chính quyền địa phương");
        assert_eq!(r[0].date, "2025-06-16");
        assert_eq!(r[0].kind, "Luật");
        assert_eq!(r[0].relation, Relation::BasedOn);
        assert_eq!(r[1].key, "31/2024/QH15");
        assert_eq!(r[1].kind, "Luật");
    }

    #[test]
    fn guided_by_with_tai() {
        let r = refs("- Tham mưu theo hướng dẫn của Bộ Y tế tại Công văn số 6386/BYT-MT ngày 06/8/2021 để triển khai.");
        assert_eq!(r[0].relation, Relation::GuidedBy);
        assert_eq!(r[0].date, "2021-08-06");
    }

    #[test]
    fn issuer_split_across_a_page_break() {
        let r = refs("theo chỉ đạo của Thủ\n\ntướng Chính phủ (tại Công điện số 1265/CĐ-TTg ngày 30/9/2021), để người dân");
        assert_eq!(r[0].key, "1265/CĐ-TTg");
        assert_eq!(r[0].relation, Relation::Cites);
        assert_eq!(r[0].issuer, "Thủ tướng Chính phủ");
    }

    #[test]
    fn party_numbers_and_line_breaks() {
        let r =
            refs("V/v triển khai Công văn số\n892-CV/TU của Ban Thường vụ Tỉnh uỷ\n\nKính gửi:");
        assert_eq!(r[0].key, "892-CV/TU");
        assert_eq!(r[0].relation, Relation::Implements);
        assert_eq!(r[0].issuer, "Ban Thường vụ Tỉnh ủy");
        let r = refs("V/v thực hiện Công điện số 1068/CĐ-\nTTg của Thủ tướng Chính phủ về");
        assert_eq!(r[0].key, "1068/CĐ-TTg");
    }

    #[test]
    fn markdown_and_table_pipes_do_not_hide_numbers() {
        assert_eq!(
            keys("theo Luật số ** 203**/2025/QH15** của Quốc hội"),
            ["203/2025/QH15"]
        );
        assert_eq!(
            keys("| Căn cứ | Quyết định số 12/QĐ-UBND |"),
            ["12/QĐ-UBND"]
        );
    }

    /// The pattern the type-word reader replaces, kept as its specification.
    static TYPE_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"(?i)(?:^|[^\p{{L}}\p{{N}}])({})\s*(?:số\s*(?:hiệu\s*)?:?\s*)?$",
            type_word_alt()
        ))
    });

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 4000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(11),
            ..proptest::test_runner::Config::default()
        })]
        /// On windows made of the words and marks that matter, in any case and spacing, the
        /// reader finds the word the pattern captures.
        #[test]
        fn type_word_before_agrees_with_the_pattern(
            parts in proptest::collection::vec(0usize..30, 0..8),
            upper in proptest::collection::vec(proptest::bool::ANY, 8),
            gaps in proptest::collection::vec(0usize..4, 8),
        ) {
            const TOKENS: [&str; 30] = ["công", "văn", "bản", "hợp", "nhất", "kế", "hoạch", "hành",
                "động", "bộ", "luật", "số", "hiệu", ":", "(", "x", "Thực hiện", "theo", "1",
                "chương", "trình", "quyết", "định", "sốx", "số hiệu", "số hiệu:", "công văn",
                "bộ luật", "kế hoạch hành động", "văn bản hợp nhất"];
            const GAPS: [&str; 4] = ["", " ", "  ", "\n"];
            let mut w = String::new();
            for (i, &k) in parts.iter().enumerate() {
                if i > 0 {
                    w.push_str(GAPS[gaps[i]]);
                }
                let tok = TOKENS[k];
                w.push_str(&if upper[i] { tok.to_uppercase() } else { tok.to_string() });
            }
            w.push_str(GAPS[gaps[0]]);
            let by_pattern = captures_fast(&TYPE_BEFORE_RE, &w)
                .and_then(|c| c.get(1))
                .map(|m| m.range());
            proptest::prop_assert_eq!(type_word_before(&w), by_pattern, "window {:?}", w);
        }
    }

    /// The back phrases a plain scan of the whole body finds: the specification the
    /// windowed search must meet.
    fn back_phrases_by_scan(t: &str, from: usize, to: usize) -> Vec<(Range<usize>, Range<usize>)> {
        let re = &*BACK_PHRASE_RE;
        let mut caps = re.create_captures();
        let mut out = Vec::new();
        for m in re.find_iter(&t[from..to]) {
            re.search_captures(
                &regex_automata::Input::new(&t[from..to]).span(m.range()),
                &mut caps,
            );
            if let (Some(w), Some(p)) = (caps.get_group(1), caps.get_group(2)) {
                out.push((from + w.start..from + w.end, from + p.start..from + p.end));
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 4000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(12),
            ..proptest::test_runner::Config::default()
        })]
        /// On bodies made of type words, back-phrase words and marks, in any case and spacing,
        /// the windows around each `trên` and `nêu` find what a scan of the whole body finds.
        #[test]
        fn back_phrase_windows_agree_with_a_whole_scan(
            parts in proptest::collection::vec(0usize..26, 0..24),
            upper in proptest::collection::vec(0u8..3, 24),
            gaps in proptest::collection::vec(0usize..5, 24),
            cut in 0usize..4,
        ) {
            const TOKENS: [&str; 26] = ["công văn", "kế hoạch hành động", "chương trình", "văn bản",
                "nêu", "trên", "nói", "kể", "đã", "vừa", "địa bàn", "tỉnh", ",", ".", ")", ";",
                "x", "1", "quyết định", "chỉ thị", "nêutrên", "trênx", "các", "rõ", "số", "Ê"];
            const GAPS: [&str; 5] = ["", " ", "  ", "\n", " \n "];
            let mut t = String::new();
            for (i, &k) in parts.iter().enumerate() {
                t.push_str(GAPS[gaps[i]]);
                let tok = TOKENS[k];
                t.push_str(&match upper[i] {
                    0 => tok.to_string(),
                    1 => tok.to_uppercase(),
                    _ => tok.chars().enumerate().map(|(j, c)| {
                        if j % 2 == 1 { c.to_uppercase().collect::<String>() } else { c.to_string() }
                    }).collect(),
                });
            }
            // Bodies that start and end inside the text, as they do after a header.
            let from = t.char_indices().nth(cut).map_or(t.len(), |(i, _)| i);
            let to = t.char_indices().rev().nth(cut).map_or(from, |(i, _)| i).max(from);
            proptest::prop_assert_eq!(
                back_phrase_matches(&t, from, to),
                back_phrases_by_scan(&t, from, to),
                "body {:?}", &t[from..to]
            );
        }
    }

    #[test]
    fn type_word_before_reads_the_word_the_pattern_captures() {
        for w in [
            "Thực hiện Công văn ",
            "theo Kế hoạch hành động số ",
            "(Chương trình hành động  số hiệu: ",
            "QUYẾT ĐỊNH SỐ ",
            "các văn bản hợp nhất số:",
            "Kế hoạch\nhành động số",
            "xcông văn số ",
            "công văn sốx ",
            "Chỉ thị",
            "nghị quyết số hiệu",
        ] {
            let by_pattern = captures_fast(&TYPE_BEFORE_RE, w)
                .and_then(|c| c.get(1))
                .map(|m| m.range());
            assert_eq!(type_word_before(w), by_pattern, "{w:?}");
        }
    }

    #[test]
    fn next_digit_finds_the_first_ascii_digit() {
        let samples = [
            "",
            "abc",
            "1",
            "abcdefgh9",
            "abcdefghijklmnop/0",
            "Số: 12",
            "ÀÁÂ Ã9",
            "////////::::",
        ];
        for s in samples {
            let b = s.as_bytes();
            for from in 0..=b.len() {
                let want = (from..b.len())
                    .find(|&i| b[i].is_ascii_digit())
                    .unwrap_or(b.len());
                assert_eq!(next_digit(b, from, b.len()), want, "{s:?} from {from}");
            }
        }
        // Every byte value, at every place in a word.
        for v in 0..=255u8 {
            for k in 0..8 {
                let mut b = [b'x'; 9];
                b[k] = v;
                let want = if v.is_ascii_digit() { k } else { 9 };
                assert_eq!(next_digit(&b, 0, 9), want, "byte {v} at {k}");
            }
        }
    }

    #[test]
    fn dates_and_other_slashes_are_not_references() {
        assert!(
            keys("ngày 08/9/2021, 11h30', Covid-19/SARS-CoV-2, F0/F1, 5K, tỷ lệ 1/2.").is_empty()
        );
    }

    #[test]
    fn unknown_codes_need_a_type_word_or_so() {
        assert!(keys("xem ABC/XYZ 12/ABC-XYZ").is_empty());
        assert_eq!(keys("văn bản số 12/ABC-XYZ"), ["12/ABC-XYZ"]);
    }

    #[test]
    fn each_noise_kind_alone_gives_the_clean_key() {
        use unicode_normalization::UnicodeNormalization;
        let clean = "Thực hiện Công điện số 1063/CĐ-TTg ngày 31/7/2021.";
        let nfd: String = clean.nfd().collect();
        for noisy in [
            nfd.as_str(),
            "Thực hiện Công điện số 1063/C\u{D0}-TTg ngày 31/7/2021.",
            "Thực hiện Công điện số 1063/CD-TTg ngày 31/7/2021.",
            "Thực hiện Công điện số 1063 /CĐ- TTg ngày 31/7/2021.",
            "Thực hiện Công điện số\n1063/CĐ-\nTTg ngày 31/7/2021.",
            "Thực hiện Công điện số **1063**/CĐ-TTg ngày 31/7/2021.",
            "| Thực hiện Công điện số 1063/CĐ-TTg | ngày 31/7/2021. |",
            "Thực hiện Công điện số 01063/CĐ-TTg ngày 31/7/2021.",
            "Thực hiện Công điện số 1063/CĐTTg ngày 31/7/2021.",
        ] {
            let r = refs(noisy);
            assert_eq!(keys_of(&r), ["1063/CĐ-TTg"], "{noisy:?}");
            assert_eq!(r[0].relation, Relation::Implements, "{noisy:?}");
            assert_eq!(r[0].date, "2021-07-31", "{noisy:?}");
        }
    }

    #[test]
    fn addresses_and_one_letter_symbols_are_not_references() {
        assert!(keys("nhà số 12/A đường Lê Lợi, số 5/2A ngõ 3").is_empty());
    }

    #[test]
    fn the_own_number_in_a_page_header_or_the_text_is_not_a_citation() {
        let t = normalize(
            "Trang 2\nSố: 12/UBND-VP\nTiếp theo nội dung. Công văn số 12/UBND-VP này. \
             (Kèm theo Công văn số 12/UBND-VP ngày 05/3/2021 của UBND tỉnh Sơn La)",
        )
        .text;
        let mut f = find(&t, 0, t.len(), None);
        let own_date = PartialDate::new(2021, Some(3), Some(5));
        let own = issuer::parse_phrase("UBND tỉnh Sơn La");
        drop_own_number(
            &mut f,
            DocKey::parse("12/UBND-VP").ok().as_ref(),
            own_date,
            own.as_deref(),
        );
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn the_own_number_of_another_issuer_is_another_document() {
        let t = normalize(
            "Thực hiện Công văn số 12/UBND-VP ngày 05/3/2021 của UBND tỉnh Lai Châu về phòng dịch.",
        )
        .text;
        let mut f = find(&t, 0, t.len(), None);
        let own_date = PartialDate::new(2021, Some(3), Some(5));
        let own = issuer::parse_phrase("UBND tỉnh Sơn La");
        drop_own_number(
            &mut f,
            DocKey::parse("12/UBND-VP").ok().as_ref(),
            own_date,
            own.as_deref(),
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn the_own_number_dated_another_year_is_an_older_document() {
        let t = normalize(
            "Thực hiện Công văn số 12/UBND-VP ngày 5/3/2019 và số 12/UBND-VP ngày 5/3/2021.",
        )
        .text;
        let mut f = find(&t, 0, t.len(), None);
        let own_date = PartialDate::new(2021, Some(3), Some(5));
        drop_own_number(
            &mut f,
            DocKey::parse("12/UBND-VP").ok().as_ref(),
            own_date,
            None,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].date.map(|d| d.year), Some(2019));
    }

    #[test]
    fn references_nested_under_the_own_number_become_the_documents() {
        let t = normalize("Kèm theo số 91/2026/TT-BTC ngày 30/6/2026 về việc thực hiện Nghị định số 254/2026/NĐ-CP.").text;
        let mut f = find(&t, 0, t.len(), None);
        let own_date = PartialDate::new(2026, Some(6), Some(30));
        drop_own_number(
            &mut f,
            DocKey::parse("91/2026/TT-BTC").ok().as_ref(),
            own_date,
            None,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].citer, Citer::Document);
    }

    #[test]
    fn a_page_break_inside_a_symbol_is_no_sentence_break() {
        let r = refs("Thực hiện Công điện số 1063/CD-\n\nTTg ngày 31/7/2021 và Công văn số 5255/VPCP-KGVX ngày 31/7/2021.");
        assert_eq!(keys_of(&r), ["1063/CĐ-TTg", "5255/VPCP-KGVX"]);
        assert!(r.iter().all(|x| x.relation == Relation::Implements));
    }

    #[test]
    fn sentence_breaks_ignore_page_breaks() {
        let t = "Thực hiện chỉ đạo của Thủ\n\ntướng. Tiếp\n- Mục";
        let b = sentence_breaks(t);
        assert_eq!(b.len(), 3, "{b:?}");
    }
}
