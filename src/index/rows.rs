//! Rows read back from an index, made into the documents, references and nodes they store.

use super::Result;
use crate::key::DocKey;
use crate::model::{
    Citer, DocKind, Document, Issuer, Level, PartialDate, Reference, Relation, SourceSpan,
};
use crate::read::Encoding;
use rusqlite::Connection;

pub(super) fn opt_date(s: Option<String>) -> Option<PartialDate> {
    s.as_deref().and_then(PartialDate::parse_iso)
}

pub(super) fn kind_named(s: Option<String>) -> Option<DocKind> {
    s.as_deref().and_then(DocKind::from_word)
}

pub(super) fn level_named(s: Option<&str>) -> Option<Level> {
    match s? {
        "central" => Some(Level::Central),
        "province" => Some(Level::Province),
        "district" => Some(Level::District),
        "commune" => Some(Level::Commune),
        _ => None,
    }
}

pub(super) fn issuer_from(cols: [Option<String>; 6]) -> Option<Issuer> {
    let [name, body, code, level, locality, province] = cols;
    Some(Issuer {
        name: name?,
        body: body.unwrap_or_default(),
        code,
        level: level_named(level.as_deref()),
        locality,
        province,
    })
}

pub(super) fn issuer_cols(i: Option<&Issuer>) -> [Option<String>; 6] {
    match i {
        Some(i) => [
            Some(i.name.clone()),
            Some(i.body.clone()),
            i.code.clone(),
            i.level.map(|l| l.to_string()),
            i.locality.clone(),
            i.province.clone(),
        ],
        None => Default::default(),
    }
}

pub(super) fn mtime_ns(m: &std::fs::Metadata) -> i64 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

pub(super) fn encoding_name(e: Encoding) -> &'static str {
    Encoding::NAMES
        .iter()
        .find(|(_, x)| *x == e)
        .map(|(n, _)| *n)
        .unwrap_or("utf-8")
}

/// Reads every stored document in id order with its references (text and sentences only when
/// `with_text`), handing each to `f` without keeping them.
pub(super) fn stream_documents(
    conn: &Connection,
    with_text: bool,
    f: &mut dyn FnMut(i64, Document) -> Result<()>,
) -> Result<()> {
    let mut docs = conn.prepare(
        "SELECT id, path, number, symbol, kind, date, issuer_name, issuer_body, issuer_code, level, locality, province, place, subject, encoding, part, parts, line, end_line, start, end, number_source, kind_source, issuer_source, date_source FROM documents ORDER BY id",
    )?;
    let text_cols = if with_text {
        "text, sentence"
    } else {
        "NULL, NULL"
    };
    let mut refs = conn.prepare(&format!(
        "SELECT doc, key, title, kind, date, issuer_name, issuer_body, issuer_code, level, locality, province, relation, citer, back_reference, line, col, start, end, {text_cols} FROM refs ORDER BY doc, ord"
    ))?;
    let mut ref_rows = refs.query([])?;
    let mut pending: Option<(i64, Reference)> = None;
    let mut doc_rows = docs.query([])?;
    while let Some(r) = doc_rows.next()? {
        let id: i64 = r.get(0)?;
        let encoding = r
            .get::<_, Option<String>>(14)?
            .and_then(|e| Encoding::parse(&e))
            .unwrap_or(Encoding::Utf8);
        let mut doc = Document {
            path: r.get(1)?,
            number: r
                .get::<_, Option<String>>(2)?
                .and_then(|k| DocKey::parse(&k).ok()),
            symbol: r.get(3)?,
            kind: kind_named(r.get(4)?),
            issuer: issuer_from([
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
            ])
            .map(std::sync::Arc::new),
            place: r.get(12)?,
            date: opt_date(r.get(5)?),
            subject: r.get(13)?,
            encoding,
            span: crate::model::DocSpan {
                part: r.get::<_, i64>(15)? as usize,
                parts: r.get::<_, i64>(16)? as usize,
                line: r.get::<_, i64>(17)? as usize,
                end_line: r.get::<_, i64>(18)? as usize,
                start: r.get::<_, i64>(19)? as usize,
                end: r.get::<_, i64>(20)? as usize,
            },
            identity_from: crate::model::IdentityFrom {
                number: source_named(r.get(21)?),
                kind: source_named(r.get(22)?),
                issuer: source_named(r.get(23)?),
                date: source_named(r.get(24)?),
            },
            references: Vec::new(),
        };
        loop {
            if let Some((d, _)) = &pending {
                if *d == id {
                    if let Some((_, rf)) = pending.take() {
                        doc.references.push(rf);
                    }
                    continue;
                }
                if *d > id {
                    break;
                }
                pending = None;
            }
            let Some(x) = ref_rows.next()? else { break };
            let citer: Option<i64> = x.get(12)?;
            let rf = Reference {
                key: x
                    .get::<_, Option<String>>(1)?
                    .and_then(|k| DocKey::parse(&k).ok()),
                title: x.get(2)?,
                kind: kind_named(x.get(3)?),
                date: opt_date(x.get(4)?),
                issuer: issuer_from([
                    x.get(5)?,
                    x.get(6)?,
                    x.get(7)?,
                    x.get(8)?,
                    x.get(9)?,
                    x.get(10)?,
                ])
                .map(std::sync::Arc::new),
                relation: Relation::parse(&x.get::<_, String>(11)?).unwrap_or(Relation::Cites),
                citer: citer.map_or(Citer::Document, |c| Citer::Reference(c as usize)),
                back_reference: x.get::<_, i64>(13)? != 0,
                span: SourceSpan {
                    line: x.get::<_, i64>(14)? as usize,
                    column: x.get::<_, i64>(15)? as usize,
                    start: x.get::<_, i64>(16)? as usize,
                    end: x.get::<_, i64>(17)? as usize,
                    text: x.get::<_, Option<String>>(18)?.unwrap_or_default(),
                },
                sentence: x.get::<_, Option<String>>(19)?.unwrap_or_default(),
            };
            pending = Some((x.get(0)?, rf));
        }
        f(id, doc)?;
    }
    Ok(())
}

/// The identity source stored under `name`, if any.
pub(super) fn source_named(name: Option<String>) -> Option<crate::model::IdentitySource> {
    name.as_deref()
        .and_then(crate::model::IdentitySource::parse)
}
