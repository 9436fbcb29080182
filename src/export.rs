//! Writing extraction results: JSON (the published interface), JSON Lines, and a readable table.

use crate::model::{Citer, DocKind, Document, Issuer, PartialDate, Relation, Skipped};
use crate::Corpus;
use serde::Serialize;
use std::io::{self, Write};
use std::rc::Rc;

/// One reference as published in JSON.
#[derive(Serialize)]
pub struct ReferenceOut<'a> {
    /// Canonical key, or null for a document cited by name.
    pub key: Option<&'a crate::model::DocKey>,
    /// Kind of the cited document.
    pub kind: Option<DocKind>,
    /// Title of a document cited by name.
    pub title: Option<&'a str>,
    /// Issue date, at the precision known.
    pub date: Option<PartialDate>,
    /// Issuer, given or inferred.
    pub issuer: Option<&'a Issuer>,
    /// What the citer does to the cited document.
    pub relation: Relation,
    /// Identifier of the citer: the document's id or the outer reference's key.
    pub cited_by: Rc<str>,
    /// Index in `references` of the outer reference, or null when the document itself cites.
    pub cited_by_index: Option<usize>,
    /// True for a short back-reference resolved to an earlier full one.
    pub back_reference: bool,
    /// 1-based line of the mention.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset of the mention's start in the file.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
    /// The mention exactly as written.
    pub text: &'a str,
    /// The sentence it stands in, whitespace folded.
    pub sentence: &'a str,
}

/// One document as published in JSON.
#[derive(Serialize)]
pub struct DocumentOut<'a> {
    /// `"document"` on a JSON line (records of several kinds share the stream); absent in JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<&'static str>,
    /// Input file.
    pub path: &'a str,
    /// Stable identifier: the number, or symbol, issuer and date for an unnumbered document.
    pub id: Rc<str>,
    /// Own number as the document writes it (zero padding kept: `01/2014/TT-NHNN`; the `id`
    /// is the canonical key), or null.
    pub number: Option<String>,
    /// Own symbol, kept for unnumbered documents.
    pub symbol: Option<&'a str>,
    /// Kind of document.
    pub kind: Option<DocKind>,
    /// Issuer.
    pub issuer: Option<&'a Issuer>,
    /// Place on the place-and-date line.
    pub place: Option<&'a str>,
    /// Date, possibly month precision.
    pub date: Option<PartialDate>,
    /// Subject or title.
    pub subject: Option<&'a str>,
    /// Encoding the file was decoded from.
    pub encoding: crate::model::Encoding,
    /// Where the document lies in its file: part N of M, lines and bytes.
    pub span: crate::model::DocSpan,
    /// Where the number, kind, issuer and date were read (`header`, `title`, `metadata`...).
    pub identity_from: crate::model::IdentityFrom,
    /// Identity fields that could not be read: `number`, `date`, `issuer`.
    pub missing: Vec<crate::model::IdentityField>,
    /// References in reading order.
    pub references: Vec<ReferenceOut<'a>>,
}

/// Builds the published view of a document.
pub fn document_out(d: &Document) -> DocumentOut<'_> {
    // Most references are cited by the document itself: its id is built once and shared.
    let id: Rc<str> = d.id().into();
    let references = d
        .references
        .iter()
        .enumerate()
        .map(|(i, r)| ReferenceOut {
            key: r.key.as_ref(),
            kind: r.kind,
            title: r.title.as_deref(),
            date: r.date,
            issuer: r.issuer.as_deref(),
            relation: r.relation,
            cited_by: match r.citer {
                Citer::Reference(_) => d.citer_id(i).into(),
                Citer::Document => Rc::clone(&id),
            },
            cited_by_index: match r.citer {
                Citer::Reference(j) => Some(j),
                Citer::Document => None,
            },
            back_reference: r.back_reference,
            line: r.span.line,
            column: r.span.column,
            start: r.span.start,
            end: r.span.end,
            text: &r.span.text,
            sentence: &r.sentence,
        })
        .collect();
    DocumentOut {
        record: None,
        path: &d.path,
        id,
        number: d.number.as_ref().map(crate::model::DocKey::written),
        symbol: d.symbol.as_deref(),
        kind: d.kind,
        issuer: d.issuer.as_deref(),
        place: d.place.as_deref(),
        date: d.date,
        subject: d.subject.as_deref(),
        encoding: d.encoding,
        span: d.span,
        identity_from: d.identity_from,
        missing: d.missing(),
        references,
    }
}

#[derive(Serialize)]
struct CorpusOut<'a> {
    documents: Vec<DocumentOut<'a>>,
    skipped: &'a [Skipped],
}

/// Writes the corpus as one pretty-printed JSON object: `{"documents": [...], "skipped": [...]}`.
pub fn write_json(corpus: &Corpus, w: &mut dyn Write) -> io::Result<()> {
    let out = CorpusOut {
        documents: corpus.documents.iter().map(document_out).collect(),
        skipped: &corpus.skipped,
    };
    serde_json::to_writer_pretty(&mut *w, &out)?;
    writeln!(w)
}

#[derive(Serialize)]
struct Tagged<'a, T: Serialize> {
    record: &'static str,
    #[serde(flatten)]
    inner: &'a T,
}

/// Writes one document as a JSON line (`"record": "document"`).
pub fn write_jsonl_document<W: Write + ?Sized>(d: &Document, w: &mut W) -> io::Result<()> {
    let mut line = Vec::with_capacity(4096);
    push_jsonl_document(d, &mut line)?;
    w.write_all(&line)
}

/// Appends one document's JSON line to `line`: the form workers build before the writer
/// thread copies it out.
///
/// serde_json's compact form of [`DocumentOut`]. A hand-written field-by-field writer stood
/// here, held byte for byte to this by a property test; measured side by side on 19,041
/// generated documents (BENCHMARKS.md, "JSON lines: serde_json again") it saved 5 % of the
/// whole `extract --format jsonl` in instructions and 3–4 % in time, under the 10 % that
/// would pay for 280 lines of escaping code, so serde_json writes it again.
pub fn push_jsonl_document(d: &Document, line: &mut Vec<u8>) -> io::Result<()> {
    let out = DocumentOut {
        record: Some("document"),
        ..document_out(d)
    };
    serde_json::to_writer(&mut *line, &out)?;
    line.push(b'\n');
    Ok(())
}

/// Writes one skipped file as a JSON line (`"record": "skipped"`).
pub fn write_jsonl_skipped(s: &Skipped, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(
        &mut *w,
        &Tagged {
            record: "skipped",
            inner: s,
        },
    )?;
    writeln!(w)
}

/// Writes one JSON object a line: `"record": "document"` lines, then `"record": "skipped"` lines.
pub fn write_jsonl(corpus: &Corpus, w: &mut dyn Write) -> io::Result<()> {
    for d in &corpus.documents {
        write_jsonl_document(d, w)?;
    }
    for s in &corpus.skipped {
        write_jsonl_skipped(s, w)?;
    }
    Ok(())
}

fn issuer_text(i: Option<&Issuer>) -> String {
    match i {
        Some(i) => match i.level {
            Some(l) => format!("{} ({l})", i.name),
            None => i.name.clone(),
        },
        None => "-".to_string(),
    }
}

/// Writes one readable block per document, nested references indented under their citer.
pub fn write_table(corpus: &Corpus, w: &mut dyn Write) -> io::Result<()> {
    for d in &corpus.documents {
        writeln!(w, "{}", d.path)?;
        let number = match (&d.number, &d.symbol) {
            (Some(k), _) => k.written(),
            (None, Some(s)) => format!("(blank) /{s}"),
            (None, None) => "-".to_string(),
        };
        let opt = |v: Option<String>| v.unwrap_or_else(|| "-".to_string());
        writeln!(w, "  number   {number}")?;
        writeln!(
            w,
            "  kind     {}",
            opt(d.kind.map(|k| k.name().to_string()))
        )?;
        writeln!(w, "  issuer   {}", issuer_text(d.issuer.as_deref()))?;
        writeln!(w, "  place    {}", opt(d.place.clone()))?;
        writeln!(w, "  date     {}", opt(d.date.map(|x| x.to_string())))?;
        writeln!(w, "  subject  {}", opt(d.subject.clone()))?;
        writeln!(w, "  references ({})", d.references.len())?;
        for (i, r) in d.references.iter().enumerate() {
            let mut depth = 0;
            let mut c = r.citer;
            while let Citer::Reference(j) = c {
                depth += 1;
                c = d
                    .references
                    .get(j)
                    .map(|x| x.citer)
                    .unwrap_or(Citer::Document);
                if depth > d.references.len() {
                    break;
                }
            }
            let indent = "  ".repeat(depth);
            let arrow = if depth > 0 { "↳ " } else { "" };
            let _ = i;
            writeln!(
                w,
                "    {indent}{arrow}{:<12} {:<16} {:<11} {:<10} {}{}   [line {}]",
                r.relation.as_str(),
                r.display_id(),
                r.kind.map(|k| k.name()).unwrap_or("-"),
                r.date.map(|x| x.to_string()).unwrap_or_else(|| "-".into()),
                r.issuer.as_ref().map(|i| i.name.as_str()).unwrap_or("-"),
                if r.back_reference {
                    " (back-reference)"
                } else {
                    ""
                },
                r.span.line,
            )?;
        }
        writeln!(w)?;
    }
    for s in &corpus.skipped {
        writeln!(w, "skipped  {}: {}", s.path, s.reason)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::SourceText;

    /// A real extracted document whose free-text fields are replaced by `s`.
    fn document_with(s: &str) -> Document {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/004_lai-chau_ubnd-tinh_cong-van-thuc-hien-1068-CD-TTg.txt"
        ))
        .unwrap_or_default();
        let mut d = crate::extract_text(&SourceText {
            path: s.to_string(),
            text,
            encoding: crate::model::Encoding::Utf8,
            offset: 0,
        })
        .remove(0);
        d.place = Some(s.to_string());
        d.subject = Some(format!("{s}\"\\{s}"));
        for r in &mut d.references {
            r.sentence = s.to_string();
            r.span.text = s.chars().rev().collect();
        }
        d
    }

    #[test]
    fn a_json_line_is_one_line_that_reads_back_as_written() {
        // Every control character, quotes, backslash, DEL, the line separators JSON allows raw.
        let all: String = (0u32..0x80)
            .filter_map(char::from_u32)
            .chain(['\u{2028}', '\u{2029}', 'Đ', 'ệ', '\u{FEFF}', '𝄞'])
            .collect();
        let d = document_with(&all);
        assert!(!d.references.is_empty());
        let mut line = Vec::new();
        push_jsonl_document(&d, &mut line).unwrap();
        assert!(line.starts_with(b"{\"record\":\"document\",\"path\":"));
        assert_eq!(line.iter().filter(|&&b| b == b'\n').count(), 1);
        assert_eq!(line.last(), Some(&b'\n'));
        let v: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(v["path"], all.as_str());
        assert_eq!(v["subject"], format!("{all}\"\\{all}").as_str());
        assert_eq!(v["references"][0]["sentence"], all.as_str());
    }
}
