//! Extraction: a document's own identity from its header, and every reference it makes.

pub mod header;
pub mod issuer;
pub mod metadata;
pub mod refs;
pub mod signals;

use crate::model::{DocSpan, Document, Reference, SourceSpan};
use crate::normalize::{normalize_as, squash_spaces, LineCursor, Normalized, Syntax};
use crate::read::SourceText;

/// Bytes of lazy-DFA cache an extraction pattern gets per thread (the regex crate's default
/// is a few MB): enough that its states, once built, are kept.
const DFA_ROOM: usize = 64 << 20;

/// An extraction pattern, with room for its lazy DFA's states: bounded runs of Unicode
/// classes (`[^.;:\n()/]{0,150}?`, `[\p{L} ]{2,20}?`) make thousands, and in the default
/// room they were thrown away and built again search after search (a fifth of the dev
/// corpus's extraction time). Panics on a bad pattern: every pattern is a constant.
pub(crate) fn pattern(p: &str) -> regex::Regex {
    regex::RegexBuilder::new(p)
        .dfa_size_limit(DFA_ROOM)
        .build()
        .unwrap_or_else(|e| panic!("bad pattern {p}: {e}"))
}

/// Longest sentence kept as provenance; longer ones are cut around the reference.
const MAX_SENTENCE: usize = 600;

/// Reads one decoded file into its documents (a file can hold several, one after another):
/// each one's header, references with provenance, nothing inferred yet.
pub fn find(source: &SourceText) -> Vec<Document> {
    let norm = normalize_as(&source.text, Syntax::of_path(&source.path));
    let t = &norm.text;
    let regions = header::split(t);
    let parts = regions.len();
    let mut cursor = LineCursor::new(&source.text);
    let mut docs = Vec::with_capacity(parts);
    for (i, region) in regions.iter().enumerate() {
        let mut h = header::parse_region(t, region);
        // The publisher's metadata block (before the first header, or anywhere in a page
        // with no header) fills in what the header does not say.
        if i == 0 && !complete(&h) {
            let head =
                crate::normalize::floor_char(t, region.header.saturating_add(metadata::REACH));
            fill_from_metadata(&mut h, &metadata::read(&t[..head]));
            // A number read from the metadata can name the issuer through its symbol.
            if h.from.number == Some(crate::model::IdentitySource::Metadata) {
                header::fill_issuer_from_symbol(t, region, &mut h);
            }
        }
        docs.push(document(
            source,
            &norm,
            &mut cursor,
            h,
            region,
            i + 1,
            parts,
        ));
    }
    docs
}

/// True when the header gave every field the metadata could fill: number, date, issuer, and a
/// kind from its title or subject line.
fn complete(h: &header::Header) -> bool {
    use crate::model::IdentitySource::{SubjectLine, Title};
    h.number.is_some()
        && h.date.is_some()
        && h.issuer.is_some()
        && matches!(h.from.kind, Some(Title | SubjectLine))
}

/// Fills the identity fields the header left empty from the page's metadata.
fn fill_from_metadata(h: &mut header::Header, m: &metadata::Metadata) {
    use crate::model::IdentitySource::Metadata;
    if h.number.is_none() && m.number.is_some() {
        h.number = m.number.clone();
        h.symbol = m.number.as_ref().map(|k| k.symbol.clone());
        h.from.number = Some(Metadata);
    }
    if h.date.is_none() && m.date.is_some() {
        h.date = m.date;
        h.from.date = Some(Metadata);
    }
    if h.issuer.is_none() && m.issuer.is_some() {
        h.issuer = m.issuer.clone();
        h.from.issuer = Some(Metadata);
    }
    // With no number of its own, the text before the metadata's number is no header: its
    // title or subject line says less than the publisher's `Loại văn bản`, or the type code
    // of the number the publisher gives (`48/2026/TT-BGDĐT` is a Thông tư).
    let number_from_metadata = h.from.number == Some(Metadata);
    let weak_kind = number_from_metadata
        || matches!(
            h.from.kind,
            None | Some(crate::model::IdentitySource::Symbol)
        );
    if weak_kind && m.kind.is_some() {
        h.kind = m.kind;
        h.from.kind = Some(Metadata);
    } else if number_from_metadata {
        let coded = h
            .number
            .as_ref()
            .filter(|k| k.type_code().is_some())
            .and_then(|k| k.kind());
        if coded.is_some() {
            h.kind = coded;
            h.from.kind = Some(crate::model::IdentitySource::Symbol);
        }
    }
}

/// One document of a file: its header `h`, its references, its place in the file.
fn document(
    source: &SourceText,
    norm: &Normalized,
    cursor: &mut LineCursor<'_>,
    h: header::Header,
    region: &header::Region,
    part: usize,
    parts: usize,
) -> Document {
    let t = &norm.text;
    // Read only for a district or commune whose header does not name its province: the
    // search is over the whole body.
    let province_in_text = h
        .issuer
        .as_ref()
        .filter(|i| {
            i.province.is_none()
                && matches!(
                    i.level,
                    Some(crate::model::Level::District | crate::model::Level::Commune)
                )
        })
        .and_then(|_| issuer::province_mentioned(&t[h.body_start..h.body_end]))
        .map(str::to_string);
    let mut found = refs::find(t, h.body_start, h.body_end, h.number_span.as_ref());
    refs::drop_own_number(&mut found, h.number.as_ref(), h.date, h.issuer.as_deref());
    let whole = norm.orig_range(region.start, region.end);
    let (line, _) = cursor.line_col(whole.start);
    // Lines and columns are counted forward through the text: the spans are taken in text
    // order (an amendment chain's edge repeats an earlier mention after a later one, and a
    // cursor sent back counts again from the start: quadratic over a consolidated text).
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| found[i].span.start);
    let mut spans: Vec<Option<SourceSpan>> = vec![None; found.len()];
    for i in order {
        spans[i] = Some(span_of(
            norm,
            cursor,
            &source.text,
            source.offset,
            found[i].span.clone(),
        ));
    }
    // References of one sentence share its text: folded once.
    let mut last_sentence: Option<(std::ops::Range<usize>, String)> = None;
    let references = found
        .into_iter()
        .zip(spans)
        .map(|(f, span)| Reference {
            span: span.unwrap_or_default(),
            sentence: match &last_sentence {
                Some((r, text)) if *r == f.sentence && f.sentence.len() <= MAX_SENTENCE => {
                    text.clone()
                }
                _ => {
                    let text = sentence_text(t, &f.sentence, &f.span);
                    last_sentence = Some((f.sentence.clone(), text.clone()));
                    text
                }
            },
            key: f.key,
            kind: f.kind,
            title: f.title,
            date: f.date,
            issuer: f.issuer,
            relation: f.relation,
            citer: f.citer,
            back_reference: f.back_reference,
        })
        .collect();
    // The last line: the line of the region's last byte (its end when the region is empty).
    let last = whole.end.saturating_sub(1).max(whole.start);
    let (end_line, _) = cursor.line_col(last);
    Document {
        path: source.path.clone(),
        number: h.number,
        symbol: h.symbol,
        kind: h.kind,
        issuer: h.issuer,
        place: h.place,
        date: h.date,
        subject: h.subject,
        encoding: source.encoding,
        span: DocSpan {
            part,
            parts,
            line,
            end_line: end_line.max(line),
            start: whole.start + source.offset,
            end: whole.end + source.offset,
        },
        identity_from: h.from,
        province_in_text,
        references,
    }
}

fn span_of(
    norm: &Normalized,
    lines: &mut LineCursor<'_>,
    src: &str,
    offset: usize,
    span: std::ops::Range<usize>,
) -> SourceSpan {
    let r = norm.orig_range(span.start, span.end);
    let (line, column) = lines.line_col(r.start);
    SourceSpan {
        line,
        column,
        start: r.start + offset,
        end: r.end + offset,
        text: src.get(r.clone()).unwrap_or_default().to_string(),
    }
}

fn sentence_text(
    t: &str,
    sentence: &std::ops::Range<usize>,
    span: &std::ops::Range<usize>,
) -> String {
    // A short sentence whole; a long one only around the mention (never re-read in full).
    if sentence.len() <= MAX_SENTENCE * 4 {
        let whole = squash_spaces(&t[sentence.clone()]);
        // Characters are never more than bytes: most sentences need no count.
        if whole.len() <= MAX_SENTENCE || whole.chars().count() <= MAX_SENTENCE {
            return whole;
        }
    }
    // Cut a window around the mention, on character boundaries.
    let half = MAX_SENTENCE / 2;
    let mut a = span.start.saturating_sub(half).max(sentence.start);
    while !t.is_char_boundary(a) {
        a += 1;
    }
    let mut b = (span.end + half).min(sentence.end);
    while !t.is_char_boundary(b) {
        b -= 1;
    }
    let mut out = String::new();
    if a > sentence.start {
        out.push('…');
    }
    out.push_str(&squash_spaces(&t[a..b]));
    if b < sentence.end {
        out.push('…');
    }
    out
}
