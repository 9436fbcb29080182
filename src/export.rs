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
    pub key: Option<&'a crate::key::DocKey>,
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
    pub encoding: crate::read::Encoding,
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
        number: d.number.as_ref().map(crate::key::DocKey::written),
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
/// Written field by field rather than through serde: this runs once for every document of a
/// corpus, and the generic serializer spent more on the walk through `DocumentOut` than on the
/// bytes. The tests hold it byte for byte to serde_json's compact form of [`DocumentOut`].
pub fn push_jsonl_document(d: &Document, line: &mut Vec<u8>) -> io::Result<()> {
    let id = d.id();
    let mut w = JsonLine(line);
    w.raw("{\"record\":\"document\",\"path\":");
    w.string(&d.path);
    w.raw(",\"id\":");
    w.string(&id);
    w.raw(",\"number\":");
    w.opt_str(
        d.number
            .as_ref()
            .map(crate::key::DocKey::written)
            .as_deref(),
    );
    w.raw(",\"symbol\":");
    w.opt_str(d.symbol.as_deref());
    w.raw(",\"kind\":");
    w.opt_str(d.kind.map(DocKind::name));
    w.raw(",\"issuer\":");
    w.opt_issuer(d.issuer.as_deref());
    w.raw(",\"place\":");
    w.opt_str(d.place.as_deref());
    w.raw(",\"date\":");
    w.opt_date(d.date);
    w.raw(",\"subject\":");
    w.opt_str(d.subject.as_deref());
    w.raw(",\"encoding\":");
    w.string(d.encoding.json_name());
    let sp = &d.span;
    w.raw(",\"span\":{");
    for (i, (name, n)) in [
        ("\"part\":", sp.part),
        ("\"parts\":", sp.parts),
        ("\"line\":", sp.line),
        ("\"end_line\":", sp.end_line),
        ("\"start\":", sp.start),
        ("\"end\":", sp.end),
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            w.raw(",");
        }
        w.raw(name);
        w.number(n);
    }
    let f = &d.identity_from;
    let src = |s: Option<crate::model::IdentitySource>| s.map(|s| s.as_str());
    w.raw("},\"identity_from\":{\"number\":");
    w.opt_str(src(f.number));
    w.raw(",\"kind\":");
    w.opt_str(src(f.kind));
    w.raw(",\"issuer\":");
    w.opt_str(src(f.issuer));
    w.raw(",\"date\":");
    w.opt_str(src(f.date));
    w.raw("},\"missing\":[");
    for (i, m) in d.missing().into_iter().enumerate() {
        if i > 0 {
            w.raw(",");
        }
        w.string(m.as_str());
    }
    w.raw("],\"references\":[");
    for (i, r) in d.references.iter().enumerate() {
        if i > 0 {
            w.raw(",");
        }
        w.raw("{\"key\":");
        w.opt_key(r.key.as_ref());
        w.raw(",\"kind\":");
        w.opt_str(r.kind.map(DocKind::name));
        w.raw(",\"title\":");
        w.opt_str(r.title.as_deref());
        w.raw(",\"date\":");
        w.opt_date(r.date);
        w.raw(",\"issuer\":");
        w.opt_issuer(r.issuer.as_deref());
        w.raw(",\"relation\":");
        w.string(r.relation.as_str());
        w.raw(",\"cited_by\":");
        match r.citer {
            Citer::Reference(j) => {
                w.string(&d.citer_id(i));
                w.raw(",\"cited_by_index\":");
                w.number(j);
            }
            Citer::Document => {
                w.string(&id);
                w.raw(",\"cited_by_index\":null");
            }
        }
        w.raw(if r.back_reference {
            ",\"back_reference\":true,\"line\":"
        } else {
            ",\"back_reference\":false,\"line\":"
        });
        w.number(r.span.line);
        w.raw(",\"column\":");
        w.number(r.span.column);
        w.raw(",\"start\":");
        w.number(r.span.start);
        w.raw(",\"end\":");
        w.number(r.span.end);
        w.raw(",\"text\":");
        w.string(&r.span.text);
        w.raw(",\"sentence\":");
        w.string(&r.sentence);
        w.raw("}");
    }
    w.raw("]}\n");
    Ok(())
}

/// A JSON line being written into a byte buffer, in serde_json's compact form.
struct JsonLine<'a>(&'a mut Vec<u8>);

impl JsonLine<'_> {
    fn raw(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    fn null(&mut self) {
        self.raw("null");
    }

    fn number(&mut self, n: usize) {
        self.raw(itoa::Buffer::new().format(n));
    }

    /// A quoted string with serde_json's escapes: `\"`, `\\`, the five short control escapes,
    /// `\u00xx` for the other control characters; everything else as it is.
    fn string(&mut self, s: &str) {
        self.0.reserve(s.len() + 2);
        self.0.push(b'"');
        push_escaped(self.0, s);
        self.0.push(b'"');
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.null(),
        }
    }

    fn opt_key(&mut self, k: Option<&crate::key::DocKey>) {
        match k {
            Some(k) => {
                use std::fmt::Write as _;
                self.raw("\"");
                // Written piece by piece through the escapes, with no String between;
                // writing to a Vec cannot fail.
                let _ = write!(Escaped(self.0), "{k}");
                self.raw("\"");
            }
            None => self.null(),
        }
    }

    fn opt_date(&mut self, d: Option<PartialDate>) {
        match d {
            Some(d) => self.string(d.write_iso(&mut [0; 32])),
            None => self.null(),
        }
    }

    fn opt_issuer(&mut self, i: Option<&Issuer>) {
        let Some(i) = i else {
            return self.null();
        };
        self.raw("{\"name\":");
        self.string(&i.name);
        self.raw(",\"body\":");
        self.string(&i.body);
        self.raw(",\"code\":");
        self.opt_str(i.code.as_deref());
        self.raw(",\"level\":");
        self.opt_str(i.level.map(crate::model::Level::as_str));
        self.raw(",\"locality\":");
        self.opt_str(i.locality.as_deref());
        self.raw(",\"province\":");
        self.opt_str(i.province.as_deref());
        self.raw("}");
    }
}

/// A string's JSON escapes written as it is formatted, quotes left to the caller.
struct Escaped<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Escaped<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        push_escaped(self.0, s);
        Ok(())
    }
}

/// Appends `s` with serde_json's escapes, without quotes.
fn push_escaped(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    let mut clean = 0;
    let mut i = 0;
    while i < b.len() {
        i = next_to_escape(b, i);
        if i == b.len() {
            break;
        }
        out.extend_from_slice(&b[clean..i]);
        push_escape(out, b[i]);
        i += 1;
        clean = i;
    }
    out.extend_from_slice(&b[clean..]);
}

/// Position of the first byte at or after `i` that JSON escapes (a control character, `"`
/// or `\\`), or the length: eight bytes at a time, as almost no text has one.
fn next_to_escape(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 128;
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    while i + 8 <= b.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        let x = u64::from_le_bytes(w);
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        if control | zero_in(x ^ (ONES * u64::from(b'"'))) | zero_in(x ^ (ONES * u64::from(b'\\')))
            != 0
        {
            break;
        }
        i += 8;
    }
    while i < b.len() && !needs_escape(b[i]) {
        i += 1;
    }
    i
}

fn needs_escape(c: u8) -> bool {
    c < 0x20 || c == b'"' || c == b'\\'
}

fn push_escape(out: &mut Vec<u8>, c: u8) {
    let short = match c {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0C => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => 0,
    };
    if short != 0 {
        out.extend_from_slice(&[b'\\', short]);
    } else {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.extend_from_slice(b"\\u00");
        out.extend_from_slice(&[HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]);
    }
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

/// The longest file name most file systems take (`NAME_MAX`).
const NAME_MAX: usize = 255;

/// The room a temporary name keeps for what SQLite adds to it (`-journal`).
const SIDE_FILE_ROOM: usize = "-journal".len();

/// The start of the temporary file names vncite writes beside `path` before renaming them
/// over it (`.NAME.vncite-`): the name cut, at a character boundary, so that the whole name
/// with its process number, `.tmp` and a side file's suffix stays within `NAME_MAX` bytes. A
/// name that had to be cut carries a hash of the whole name after the cut (`.NAME~1a2b3c4d.vncite-`):
/// two long names that differ only past the cut (a report and the tables beside it) are
/// written under two temporary names.
pub fn temp_prefix(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    // `.` + name + `.vncite-` + up to 10 digits of a process number + `.` and tempfile's
    // random letters (not in the index's name, which is shorter) + `.tmp`.
    let random = ".".len() + crate::temp::RANDOM_LETTERS;
    let room =
        NAME_MAX - SIDE_FILE_ROOM - ".".len() - ".vncite-".len() - 10 - random - ".tmp".len();
    if name.len() <= room {
        return format!(".{name}.vncite-");
    }
    let hash = blake3::hash(name.as_bytes());
    let tag = format!(
        "~{:02x}{:02x}{:02x}{:02x}",
        hash.as_bytes()[0],
        hash.as_bytes()[1],
        hash.as_bytes()[2],
        hash.as_bytes()[3]
    );
    let mut cut = room - tag.len();
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(".{}{tag}.vncite-", &name[..cut])
}

/// The temporary file beside `path` this process writes before renaming it over `path`.
pub fn temp_beside(path: &std::path::Path) -> std::path::PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    dir.join(format!("{}{}.tmp", temp_prefix(path), std::process::id()))
}

/// Writes a file atomically: a temporary file beside it, then a rename, so an interrupted run
/// never leaves half a report ([`crate::temp::write_atomic`]; a device or a pipe is written
/// into).
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> io::Result<()> {
    crate::temp::write_atomic(path, bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn temporary_names_stay_within_the_file_systems_limit() {
        for name in ["r.md".to_string(), "ố".repeat(120) + ".db", "x".repeat(255)] {
            let tmp = super::temp_beside(std::path::Path::new(&name));
            let file = tmp.file_name().unwrap().to_str().unwrap();
            assert!(file.len() + "-journal".len() <= 255, "{file}");
            assert!(file.starts_with(&super::temp_prefix(std::path::Path::new(&name))));
            // And tempfile's name, with its random letters, when the folder takes it.
            let dir = tempfile::tempdir().unwrap();
            let dest = dir.path().join(&name);
            let pending = crate::temp::Pending::beside(&dest).unwrap();
            let file = pending.path().file_name().unwrap().to_str().unwrap();
            assert!(file.len() + "-journal".len() <= 255, "{file}");
            assert!(file.starts_with(&super::temp_prefix(&dest)));
        }
        // A short name is kept whole.
        assert_eq!(
            super::temp_prefix(std::path::Path::new("a/r.md")),
            ".r.md.vncite-"
        );
        // Long names that differ only past the cut get different temporary names.
        let long = |tail: &str| {
            super::temp_prefix(std::path::Path::new(&format!("{}{tail}", "r".repeat(240))))
        };
        assert_ne!(long(".files.csv"), long(".edges.csv"));
    }

    use super::*;
    use crate::model::{Level, Reference};
    use crate::read::SourceText;
    use proptest::prelude::*;

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
            encoding: crate::read::Encoding::Utf8,
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

    fn serde_json_line(d: &Document) -> Vec<u8> {
        let out = DocumentOut {
            record: Some("document"),
            ..document_out(d)
        };
        let mut v = serde_json::to_vec(&out).unwrap_or_default();
        v.push(b'\n');
        v
    }

    #[test]
    fn json_lines_are_what_serde_json_writes_for_every_escape() {
        // Every control character, quotes, backslash, DEL, the line separators JSON allows raw.
        let all: String = (0u32..0x80)
            .filter_map(char::from_u32)
            .chain(['\u{2028}', '\u{2029}', 'Đ', 'ệ', '\u{FEFF}', '𝄞'])
            .collect();
        let d = document_with(&all);
        assert!(!d.references.is_empty());
        let mut line = Vec::new();
        push_jsonl_document(&d, &mut line).unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&line),
            String::from_utf8_lossy(&serde_json_line(&d))
        );
    }

    /// Any text a field may hold: escapes, Vietnamese, nothing at all.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof!["[a-zĐđệ \\x00-\\x1f\"\\\\/]{0,12}", "\\PC{0,8}"]
    }

    fn issuer() -> impl Strategy<Value = Option<Issuer>> {
        let level = prop_oneof![
            Just(None),
            Just(Some(Level::Central)),
            Just(Some(Level::Province)),
            Just(Some(Level::District)),
            Just(Some(Level::Commune)),
        ];
        let parts = (
            text(),
            text(),
            proptest::option::of(text()),
            level,
            proptest::option::of(text()),
            proptest::option::of(text()),
        );
        proptest::option::of(
            parts.prop_map(|(name, body, code, level, locality, province)| Issuer {
                name,
                body,
                code,
                level,
                locality,
                province,
            }),
        )
    }

    fn date() -> impl Strategy<Value = Option<PartialDate>> {
        proptest::option::of(
            (1u16..9999, proptest::option::of(1u8..13), 1u8..29)
                .prop_filter_map("a date", |(y, m, d)| PartialDate::new(y, m, m.and(Some(d)))),
        )
    }

    fn key() -> impl Strategy<Value = Option<crate::key::DocKey>> {
        let written = prop_oneof![
            Just("1068/CĐ-TTg"),
            Just("12/2021/NĐ-CP"),
            Just("892-CV/TU"),
            Just("05-KH/HU"),
            Just("2405/UBND-KGVX"),
        ];
        proptest::option::of(written)
            .prop_map(|k| k.and_then(|k| crate::key::DocKey::parse(k).ok()))
    }

    fn kind() -> impl Strategy<Value = Option<DocKind>> {
        let kinds: Vec<DocKind> = ["công văn", "công điện", "quyết định", "luật", "kế hoạch"]
            .iter()
            .filter_map(|w| DocKind::from_word(w))
            .collect();
        proptest::option::of(proptest::sample::select(kinds))
    }

    fn reference() -> impl Strategy<Value = Reference> {
        (
            (
                key(),
                kind(),
                proptest::option::of(text()),
                date(),
                issuer(),
            ),
            (
                proptest::sample::select(Relation::ALL.to_vec()),
                any::<bool>(),
                (
                    0usize..100_000,
                    0usize..500,
                    0usize..10_000_000,
                    0usize..10_000_000,
                ),
                text(),
                text(),
            ),
        )
            .prop_map(
                |(
                    (key, kind, title, date, issuer),
                    (relation, back, (line, column, start, end), t, sentence),
                )| {
                    Reference {
                        key,
                        kind,
                        title,
                        date,
                        issuer: issuer.map(std::sync::Arc::new),
                        relation,
                        citer: Citer::Document,
                        back_reference: back,
                        span: crate::model::SourceSpan {
                            line,
                            column,
                            start,
                            end,
                            text: t,
                        },
                        sentence,
                    }
                },
            )
    }

    fn document() -> impl Strategy<Value = Document> {
        let encoding = proptest::sample::select(
            crate::read::Encoding::NAMES
                .iter()
                .map(|(_, e)| *e)
                .collect::<Vec<_>>(),
        );
        (
            (
                text(),
                key(),
                proptest::option::of(text()),
                kind(),
                issuer(),
            ),
            (
                proptest::option::of(text()),
                date(),
                proptest::option::of(text()),
                encoding,
            ),
            proptest::collection::vec(
                (reference(), any::<prop::sample::Index>(), any::<bool>()),
                0..5,
            ),
            (
                proptest::array::uniform6(0usize..100_000),
                proptest::array::uniform4(proptest::option::of(0usize..5)),
            ),
        )
            .prop_map(
                |(
                    (path, number, symbol, kind, issuer),
                    (place, date, subject, encoding),
                    refs,
                    (n, from),
                )| {
                    let src = |i: Option<usize>| i.map(|i| crate::model::IdentitySource::ALL[i]);
                    let mut references = Vec::new();
                    for (i, (mut r, outer, nested)) in refs.into_iter().enumerate() {
                        if nested && i > 0 {
                            r.citer = Citer::Reference(outer.index(i));
                        }
                        references.push(r);
                    }
                    Document {
                        path,
                        number,
                        symbol,
                        kind,
                        issuer: issuer.map(std::sync::Arc::new),
                        place,
                        date,
                        subject,
                        encoding,
                        span: crate::model::DocSpan {
                            part: n[0],
                            parts: n[1],
                            line: n[2],
                            end_line: n[3],
                            start: n[4],
                            end: n[5],
                        },
                        identity_from: crate::model::IdentityFrom {
                            number: src(from[0]),
                            kind: src(from[1]),
                            issuer: src(from[2]),
                            date: src(from[3]),
                        },
                        references,
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        #[test]
        fn json_lines_match_serde_json_for_any_document(d in document()) {
            let mut line = Vec::new();
            push_jsonl_document(&d, &mut line).unwrap_or_default();
            let expected = serde_json_line(&d);
            prop_assert_eq!(String::from_utf8_lossy(&line), String::from_utf8_lossy(&expected));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn json_lines_match_serde_json_on_any_text(s in "\\PC*|[\\x00-\\x1f\"\\\\]{0,40}|.{0,300}") {
            let d = document_with(&s);
            let mut line = Vec::new();
            push_jsonl_document(&d, &mut line).unwrap_or_default();
            prop_assert_eq!(line, serde_json_line(&d));
        }
    }
}
