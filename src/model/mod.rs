//! Domain types shared by every stage of the pipeline: a document and its references, and
//! the concepts they are made of, one module each.

mod date;
mod encoding;
mod key;
mod kind;
mod relation;

pub use date::PartialDate;
pub use encoding::Encoding;
pub use key::{first_part, DocKey, KeyError, Padding, Scheme};
pub use kind::DocKind;
pub use relation::Relation;

use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// Administrative level of an issuer (docs/conventions.md, Levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// National bodies: Quốc hội, Chính phủ, Thủ tướng, ministries, Party Central.
    Central,
    /// Provinces and centrally-run cities.
    Province,
    /// Districts, provincial towns and cities (until 1 July 2025).
    District,
    /// Communes, wards and townships.
    Commune,
}

impl Level {
    /// The level [`Level::as_str`] names.
    pub fn parse(s: &str) -> Option<Level> {
        [
            Level::Central,
            Level::Province,
            Level::District,
            Level::Commune,
        ]
        .into_iter()
        .find(|l| l.as_str() == s)
    }

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Central => "central",
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }
}

impl Serialize for Level {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who issued a document: a named body, its level and its locality.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Issuer {
    /// Full name as a reader writes it: `Ủy ban nhân dân tỉnh Sơn La`.
    pub name: String,
    /// The body without its locality: `Ủy ban nhân dân`, `Thủ tướng Chính phủ`.
    pub body: String,
    /// The issuer code of the body when it has one (`UBND`, `TTg`, `BYT`).
    pub code: Option<String>,
    /// Administrative level, when it can be told.
    pub level: Option<Level>,
    /// The locality the body belongs to (`Sơn La`, `Bắc Yên`); none for central bodies.
    pub locality: Option<String>,
    /// The province the locality lies in, when known (equal to `locality` for a province).
    pub province: Option<String>,
}

/// Where a piece of text came from in its input file.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SourceSpan {
    /// 1-based line of the first character.
    pub line: usize,
    /// 1-based column of the first character, counted in Unicode characters.
    pub column: usize,
    /// Byte offset of the first byte in the decoded UTF-8 text (the file itself for UTF-8 input).
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The text exactly as it stands in the input.
    pub text: String,
}

/// Who cites a reference: the document being read, or an earlier reference whose subject nests it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Citer {
    /// The document being read.
    Document,
    /// The reference at this index of the same document's reference list.
    Reference(usize),
}

/// One mention of another document inside a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    /// Canonical number and symbol; none for a document cited by name only (a law).
    pub key: Option<DocKey>,
    /// Kind of the cited document, when said or implied by its symbol.
    pub kind: Option<DocKind>,
    /// Name of a document cited by title (`Luật Tổ chức chính quyền địa phương`).
    pub title: Option<String>,
    /// Issue date, when given in the text or in another mention of the same key.
    pub date: Option<PartialDate>,
    /// Issuer, when given or inferable.
    pub issuer: Option<Arc<Issuer>>,
    /// What the citer does to the cited document.
    pub relation: Relation,
    /// Who cites it.
    #[serde(skip)]
    pub citer: Citer,
    /// True for a short back-reference (`Công điện nêu trên`) resolved to an earlier full one.
    pub back_reference: bool,
    /// Where the mention stands in the input.
    #[serde(flatten)]
    pub span: SourceSpan,
    /// The sentence the mention stands in, whitespace folded.
    pub sentence: String,
}

/// One input document with its identity and the references it makes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The input file, as it was named on the command line or found in a folder.
    pub path: String,
    /// Canonical own number; none for an unnumbered draft (`Số: /UBND-KGVX`).
    pub number: Option<DocKey>,
    /// The own symbol, also kept when the number is blank (`UBND-KGVX`).
    pub symbol: Option<String>,
    /// Kind of the document.
    pub kind: Option<DocKind>,
    /// Who issued it.
    pub issuer: Option<Arc<Issuer>>,
    /// Place on the place-and-date line.
    pub place: Option<String>,
    /// Issue date; month precision when the day was left blank.
    pub date: Option<PartialDate>,
    /// Subject (`V/v ...`) or title.
    pub subject: Option<String>,
    /// The encoding the file was decoded from.
    pub encoding: Encoding,
    /// Where the document lies in its file (a file can hold several documents).
    pub span: DocSpan,
    /// Where each part of the identity was read from.
    pub identity_from: IdentityFrom,
    /// The province the document's text names, when it names one: read by extraction, given
    /// to a district's or commune's issuer by resolution when its header names none.
    #[serde(skip)]
    pub province_in_text: Option<String>,
    /// Every reference, in reading order.
    pub references: Vec<Reference>,
}

/// Where one document lies in its file: which of the file's documents it is, its lines and bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DocSpan {
    /// 1-based position among the documents of the file.
    pub part: usize,
    /// How many documents the file holds.
    pub parts: usize,
    /// 1-based first line.
    pub line: usize,
    /// 1-based last line.
    pub end_line: usize,
    /// Byte offset of the first byte in the file.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
}

/// What part of a page an identity field was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdentitySource {
    /// The document's own header: the `Số:` line, the issuer block, the place-and-date line.
    Header,
    /// The title line under the header (`QUYẾT ĐỊNH`, `NGHỊ ĐỊNH`).
    Title,
    /// The `V/v` subject line of a letter (a công văn).
    SubjectLine,
    /// The symbol of the own number (`CĐ` in `1068/CĐ-TTg`; `UBND` for the issuer).
    Symbol,
    /// The publisher's metadata block (`Số hiệu:`, `Loại văn bản:`, `Ngày ban hành:`).
    Metadata,
}

impl IdentitySource {
    /// Every source, from the header down to the page's metadata.
    pub const ALL: [IdentitySource; 5] = [
        IdentitySource::Header,
        IdentitySource::Title,
        IdentitySource::SubjectLine,
        IdentitySource::Symbol,
        IdentitySource::Metadata,
    ];

    /// The snake_case name used in JSON and in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentitySource::Header => "header",
            IdentitySource::Title => "title",
            IdentitySource::SubjectLine => "subject_line",
            IdentitySource::Symbol => "symbol",
            IdentitySource::Metadata => "metadata",
        }
    }

    /// Parses a snake_case source name.
    pub fn parse(s: &str) -> Option<IdentitySource> {
        IdentitySource::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl Serialize for IdentitySource {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Where the number, kind, issuer and date of a document came from; none for a field not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct IdentityFrom {
    /// Source of the own number.
    pub number: Option<IdentitySource>,
    /// Source of the kind.
    pub kind: Option<IdentitySource>,
    /// Source of the issuer.
    pub issuer: Option<IdentitySource>,
    /// Source of the date.
    pub date: Option<IdentitySource>,
}

/// An identity field a document could not be read for; analysts need to know what is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdentityField {
    /// The own number.
    Number,
    /// The date of issue.
    Date,
    /// The issuing body.
    Issuer,
}

impl IdentityField {
    /// Every field whose absence is flagged, in the order they are listed.
    pub const ALL: [IdentityField; 3] = [
        IdentityField::Number,
        IdentityField::Date,
        IdentityField::Issuer,
    ];

    /// The snake_case name used in JSON and on stderr.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityField::Number => "number",
            IdentityField::Date => "date",
            IdentityField::Issuer => "issuer",
        }
    }
}

/// How many documents of a corpus lack each identity field: what an analyst is told is missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MissingCounts {
    /// Documents without an own number.
    pub number: usize,
    /// Documents without a date of issue.
    pub date: usize,
    /// Documents without an issuer.
    pub issuer: usize,
}

impl MissingCounts {
    /// Counts what `fields` (one document's [`Document::missing`]) lacks.
    pub fn add(&mut self, fields: &[IdentityField]) {
        for f in fields {
            match f {
                IdentityField::Number => self.number += 1,
                IdentityField::Date => self.date += 1,
                IdentityField::Issuer => self.issuer += 1,
            }
        }
    }

    /// The counts over `docs`.
    pub fn of<'a>(docs: impl IntoIterator<Item = &'a Document>) -> MissingCounts {
        let mut m = MissingCounts::default();
        for d in docs {
            m.add(&d.missing());
        }
        m
    }

    /// True when every document has every field.
    pub fn is_empty(&self) -> bool {
        *self == MissingCounts::default()
    }
}

impl std::fmt::Display for MissingCounts {
    /// `3 without a number, 5 without a date, 1 without an issuer`, naming only what is lacking.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = [
            (self.number, "a number"),
            (self.date, "a date"),
            (self.issuer, "an issuer"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} without {what}"))
        .collect();
        f.write_str(&parts.join(", "))
    }
}

impl Serialize for IdentityField {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Document {
    /// How a user names this document by file: the path, with `#N` for the N-th document of a
    /// file that holds several.
    pub fn address(&self) -> String {
        if self.span.parts > 1 {
            format!("{}#{}", self.path, self.span.part)
        } else {
            self.path.clone()
        }
    }

    /// The identity fields that could not be read (a blank number counts as missing).
    pub fn missing(&self) -> Vec<IdentityField> {
        IdentityField::ALL
            .into_iter()
            .filter(|f| match f {
                IdentityField::Number => self.number.is_none(),
                IdentityField::Date => self.date.is_none(),
                IdentityField::Issuer => self.issuer.is_none(),
            })
            .collect()
    }

    /// A stable identifier: the own number, or for an unnumbered document its symbol, issuer and date.
    pub fn id(&self) -> String {
        if let Some(k) = &self.number {
            return k.text();
        }
        let mut id = String::from("/");
        id.push_str(self.symbol.as_deref().unwrap_or("?"));
        if let Some(i) = &self.issuer {
            id.push('|');
            id.push_str(&i.name);
        }
        if let Some(d) = &self.date {
            id.push('|');
            id.push_str(&d.to_string());
        }
        if self.issuer.is_none() && self.date.is_none() {
            id.push('|');
            id.push_str(&self.path);
        }
        id
    }

    /// The identifier of whoever cites reference `i`: this document or the outer reference.
    pub fn citer_id(&self, i: usize) -> String {
        match self.references.get(i).map(|r| r.citer) {
            Some(Citer::Reference(j)) => self
                .references
                .get(j)
                .map(|r| r.display_id())
                .unwrap_or_else(|| self.id()),
            _ => self.id(),
        }
    }
}

impl Reference {
    /// The key as text, or the title and date for a document cited by name.
    pub fn display_id(&self) -> String {
        match (&self.key, &self.title) {
            (Some(k), _) => k.text(),
            (None, Some(t)) => match &self.date {
                Some(d) => format!("{t} ({d})"),
                None => t.clone(),
            },
            (None, None) => String::from("?"),
        }
    }
}

/// A file that was not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Skipped {
    /// The file as it was named or found.
    pub path: String,
    /// What is wrong with it, in words a user can act on.
    pub reason: String,
    /// Why, as a category for summaries and counts.
    pub category: SkipReason,
}

/// Why a file or folder was passed over: the categories summaries count, the index stores and
/// `--strict` judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// The operating system refused or failed to open or list it.
    Unreadable,
    /// An empty file.
    Empty,
    /// Larger than the size limit.
    TooLarge,
    /// Not text: a PDF, an archive, an image, a file with NUL bytes.
    Binary,
    /// Text in no encoding vncite reads, or not in the one `--encoding` named.
    Encoding,
    /// A report, table, figure or annotated page vncite wrote: no input `--strict` fails on.
    OwnOutput,
    /// Not a .txt, .md or .html file in a folder, or not a regular file.
    NotText,
    /// A file already read (named twice, or named and inside a folder named).
    RepeatedFile,
    /// A folder already read (a symbolic link loop, or named twice).
    RepeatedFolder,
    /// vncite failed on the file: a bug, kept to that file.
    Internal,
}

impl SkipReason {
    /// Every reason.
    pub const ALL: [SkipReason; 10] = [
        SkipReason::Unreadable,
        SkipReason::Empty,
        SkipReason::TooLarge,
        SkipReason::Binary,
        SkipReason::Encoding,
        SkipReason::OwnOutput,
        SkipReason::NotText,
        SkipReason::RepeatedFile,
        SkipReason::RepeatedFolder,
        SkipReason::Internal,
    ];

    /// The words summaries, JSON and the index use.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Unreadable => "unreadable",
            SkipReason::Empty => "empty",
            SkipReason::TooLarge => "too large",
            SkipReason::Binary => "binary",
            SkipReason::Encoding => "encoding",
            SkipReason::OwnOutput => "own output",
            SkipReason::NotText => "not a text file",
            SkipReason::RepeatedFile => "repeated file",
            SkipReason::RepeatedFolder => "repeated folder",
            SkipReason::Internal => "internal error",
        }
    }

    /// The reason [`SkipReason::as_str`] names.
    pub fn parse(s: &str) -> Option<SkipReason> {
        SkipReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// True for what `--strict` fails on: anything but vncite's own output.
    pub fn fails_strict(self) -> bool {
        self != SkipReason::OwnOutput
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for SkipReason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
