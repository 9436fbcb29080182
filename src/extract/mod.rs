//! Extraction: a document's own identity from its header, and every reference it makes.

pub mod header;
pub mod issuer;
pub mod refs;
pub mod signals;

use crate::model::{Document, Reference, SourceSpan};
use crate::normalize::{normalize, squash_spaces, LineCursor, Normalized};
use crate::read::SourceText;

/// Longest sentence kept as provenance; longer ones are cut around the reference.
const MAX_SENTENCE: usize = 600;

/// Reads one decoded file into a document: header, references with provenance, nothing inferred yet.
pub fn find(source: &SourceText) -> Document {
    let norm = normalize(&source.text);
    let t = &norm.text;
    let h = header::parse(t);
    let mut h = h;
    // A district or commune whose province its header does not name: the province its text names.
    if let Some(i) = h.issuer.as_mut() {
        if i.province.is_none()
            && matches!(
                i.level,
                Some(crate::model::Level::District | crate::model::Level::Commune)
            )
        {
            std::sync::Arc::make_mut(i).province =
                issuer::province_mentioned(&t[h.body_start..h.body_end]).map(str::to_string);
        }
    }
    let mut found = refs::find(t, h.body_start, h.body_end, h.number_span.as_ref());
    refs::drop_own_number(&mut found, h.number.as_ref());
    let mut cursor = LineCursor::new(&source.text);
    // References of one sentence share its text: folded once.
    let mut last_sentence: Option<(std::ops::Range<usize>, String)> = None;
    let references = found
        .into_iter()
        .map(|f| Reference {
            span: span_of(
                &norm,
                &mut cursor,
                &source.text,
                source.offset,
                f.span.clone(),
            ),
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
