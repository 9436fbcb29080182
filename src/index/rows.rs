//! Rows read back from an index, each kind a struct built in one place from its columns by
//! name, made into the documents, references, nodes and edges they store.

use super::Result;
use crate::graph::{EdgeSource, Node};
use crate::model::DocKey;
use crate::model::Encoding;
use crate::model::{
    Citer, DocKind, DocSpan, Document, IdentityFrom, IdentitySource, Issuer, Level, PartialDate,
    Reference, Relation, SkipReason, SourceSpan,
};
use rusqlite::{Connection, Row, Statement};

/// A statement's column positions by name, looked up once per query: rusqlite's by-name
/// `get` asks SQLite for every column's name on every call, which cost a fifth of an update
/// that reads every row back.
pub(crate) struct Cols(Vec<String>);

impl Cols {
    /// The columns `stmt` returns.
    pub(crate) fn of(stmt: &Statement) -> Cols {
        Cols(stmt.column_names().into_iter().map(String::from).collect())
    }

    /// The position of the column `name`.
    pub(crate) fn at(&self, name: &str) -> rusqlite::Result<usize> {
        self.0
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| rusqlite::Error::InvalidColumnName(name.to_string()))
    }
}

/// A stored date, if it is one.
pub(crate) fn opt_date(s: Option<String>) -> Option<PartialDate> {
    s.as_deref().and_then(PartialDate::parse_iso)
}

/// A stored kind, by its name.
pub(crate) fn kind_named(s: Option<String>) -> Option<DocKind> {
    s.as_deref().and_then(DocKind::from_word)
}

/// A stored level, by its name.
pub(crate) fn level_named(s: Option<&str>) -> Option<Level> {
    Level::parse(s?)
}

/// A skip reason is stored as the words it is shown with.
impl rusqlite::types::ToSql for SkipReason {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

/// A stored skip reason that vncite does not know is an error, not a guess.
impl rusqlite::types::FromSql for SkipReason {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = v.as_str()?;
        SkipReason::parse(s).ok_or_else(|| {
            rusqlite::types::FromSqlError::Other(format!("unknown skip reason `{s}`").into())
        })
    }
}

/// The issuer columns every table of documents, references and nodes has, as the SELECT
/// lists them.
const ISSUER_COLUMNS: &str = "issuer_name, issuer_body, issuer_code, level, locality, province";

/// The issuer a row's issuer columns name, if any (a name is required).
fn issuer_of(r: &Row, c: &Cols) -> rusqlite::Result<Option<Issuer>> {
    let Some(name) = r.get::<_, Option<String>>(c.at("issuer_name")?)? else {
        return Ok(None);
    };
    Ok(Some(Issuer {
        name,
        body: r
            .get::<_, Option<String>>("issuer_body")?
            .unwrap_or_default(),
        code: r.get(c.at("issuer_code")?)?,
        level: level_named(r.get::<_, Option<String>>(c.at("level")?)?.as_deref()),
        locality: r.get(c.at("locality")?)?,
        province: r.get(c.at("province")?)?,
    }))
}

/// A key column: a key stored that no longer parses is no key.
fn key_of(r: &Row, c: &Cols, column: &str) -> rusqlite::Result<Option<DocKey>> {
    Ok(r.get::<_, Option<String>>(c.at(column)?)?
        .and_then(|k| DocKey::parse(&k).ok()))
}

/// A count or position column (never negative when vncite wrote it).
fn usize_of(r: &Row, c: &Cols, column: &str) -> rusqlite::Result<usize> {
    Ok(r.get::<_, i64>(c.at(column)?)? as usize)
}

/// A relation column; one this build does not know reads as `cites`.
fn relation_of(r: &Row, c: &Cols, column: &str) -> rusqlite::Result<Relation> {
    Ok(Relation::parse(&r.get::<_, String>(c.at(column)?)?).unwrap_or(Relation::Cites))
}

/// A text column that may be null, as text.
fn text_of(r: &Row, c: &Cols, column: &str) -> rusqlite::Result<String> {
    Ok(r.get::<_, Option<String>>(c.at(column)?)?
        .unwrap_or_default())
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

/// The identity source stored under `name`, if any.
fn source_named(name: Option<String>) -> Option<IdentitySource> {
    name.as_deref().and_then(IdentitySource::parse)
}

/// A `documents` row: the document it stores, without its references.
pub(super) struct DocumentRow {
    /// The row id.
    pub(super) id: i64,
    /// The document, its references still to be added.
    pub(super) document: Document,
}

impl DocumentRow {
    /// Every document, in row-id order.
    fn select() -> String {
        format!(
            "SELECT id, path, number, symbol, kind, date, {ISSUER_COLUMNS}, place, subject, encoding, part, parts, line, end_line, start, end, number_source, kind_source, issuer_source, date_source FROM documents ORDER BY id"
        )
    }

    fn read(r: &Row, c: &Cols) -> rusqlite::Result<DocumentRow> {
        let encoding = r
            .get::<_, Option<String>>("encoding")?
            .and_then(|e| Encoding::parse(&e))
            .unwrap_or(Encoding::Utf8);
        let document = Document {
            path: r.get(c.at("path")?)?,
            number: key_of(r, c, "number")?,
            symbol: r.get(c.at("symbol")?)?,
            kind: kind_named(r.get(c.at("kind")?)?),
            issuer: issuer_of(r, c)?.map(std::sync::Arc::new),
            place: r.get(c.at("place")?)?,
            date: opt_date(r.get(c.at("date")?)?),
            subject: r.get(c.at("subject")?)?,
            encoding,
            span: DocSpan {
                part: usize_of(r, c, "part")?,
                parts: usize_of(r, c, "parts")?,
                line: usize_of(r, c, "line")?,
                end_line: usize_of(r, c, "end_line")?,
                start: usize_of(r, c, "start")?,
                end: usize_of(r, c, "end")?,
            },
            identity_from: IdentityFrom {
                number: source_named(r.get(c.at("number_source")?)?),
                kind: source_named(r.get(c.at("kind_source")?)?),
                issuer: source_named(r.get(c.at("issuer_source")?)?),
                date: source_named(r.get(c.at("date_source")?)?),
            },
            // Stored resolved: the text's province is in the issuer already.
            province_in_text: None,
            references: Vec::new(),
        };
        Ok(DocumentRow {
            id: r.get(c.at("id")?)?,
            document,
        })
    }
}

/// A `refs` row: the reference it stores and the document row that makes it.
pub(super) struct RefRow {
    /// The citing document's row id.
    pub(super) doc: i64,
    /// The reference.
    pub(super) reference: Reference,
}

impl RefRow {
    /// Every reference, by document and order, without its text and sentence: the graph and
    /// the reports read back do not show them, and they are most of the table's bytes.
    fn select() -> String {
        format!(
            "SELECT doc, key, title, kind, date, {ISSUER_COLUMNS}, relation, citer, back_reference, line, col, start, end, NULL AS text, NULL AS sentence FROM refs ORDER BY doc, ord"
        )
    }

    fn read(r: &Row, c: &Cols) -> rusqlite::Result<RefRow> {
        let citer: Option<i64> = r.get(c.at("citer")?)?;
        let reference = Reference {
            key: key_of(r, c, "key")?,
            title: r.get(c.at("title")?)?,
            kind: kind_named(r.get(c.at("kind")?)?),
            date: opt_date(r.get(c.at("date")?)?),
            issuer: issuer_of(r, c)?.map(std::sync::Arc::new),
            relation: relation_of(r, c, "relation")?,
            citer: citer.map_or(Citer::Document, |c| Citer::Reference(c as usize)),
            back_reference: r.get::<_, i64>(c.at("back_reference")?)? != 0,
            span: SourceSpan {
                line: usize_of(r, c, "line")?,
                column: usize_of(r, c, "col")?,
                start: usize_of(r, c, "start")?,
                end: usize_of(r, c, "end")?,
                text: text_of(r, c, "text")?,
            },
            sentence: text_of(r, c, "sentence")?,
        };
        Ok(RefRow {
            doc: r.get(c.at("doc")?)?,
            reference,
        })
    }
}

/// Reads every stored document in id order with its references (without their text and
/// sentences), handing each to `f` without keeping them.
pub(super) fn stream_documents(
    conn: &Connection,
    f: &mut dyn FnMut(i64, Document) -> Result<()>,
) -> Result<()> {
    let mut docs = conn.prepare(&DocumentRow::select())?;
    let mut refs = conn.prepare(&RefRow::select())?;
    // Both run in document order: each document takes the references of its row id as the
    // two are walked side by side.
    let (doc_cols, ref_cols) = (Cols::of(&docs), Cols::of(&refs));
    let mut ref_rows = refs.query([])?;
    let mut pending: Option<RefRow> = None;
    let mut doc_rows = docs.query([])?;
    while let Some(r) = doc_rows.next()? {
        let DocumentRow { id, mut document } = DocumentRow::read(r, &doc_cols)?;
        loop {
            if let Some(p) = &pending {
                if p.doc == id {
                    if let Some(p) = pending.take() {
                        document.references.push(p.reference);
                    }
                    continue;
                }
                if p.doc > id {
                    break;
                }
                pending = None;
            }
            let Some(x) = ref_rows.next()? else { break };
            pending = Some(RefRow::read(x, &ref_cols)?);
        }
        f(id, document)?;
    }
    Ok(())
}

/// A `nodes` row: the node it stores.
pub(super) struct NodeRow {
    /// The row id.
    pub(super) id: i64,
    /// The node.
    pub(super) node: Node,
}

impl NodeRow {
    /// The nodes whose row ids stand for `{ids}`.
    pub(super) fn select_ids() -> String {
        format!(
            "SELECT id, node_id, key, title, kind, date, {ISSUER_COLUMNS}, in_corpus, path, subject FROM nodes WHERE id IN ({{ids}})"
        )
    }

    /// The node of a row of [`select_ids`](Self::select_ids).
    pub(super) fn read(r: &Row, c: &Cols) -> rusqlite::Result<NodeRow> {
        let node = Node {
            id: r.get(c.at("node_id")?)?,
            key: key_of(r, c, "key")?,
            title: r.get(c.at("title")?)?,
            kind: kind_named(r.get(c.at("kind")?)?),
            date: opt_date(r.get(c.at("date")?)?),
            issuer: issuer_of(r, c)?,
            in_corpus: r.get::<_, i64>(c.at("in_corpus")?)? != 0,
            path: r.get(c.at("path")?)?,
            subject: r.get(c.at("subject")?)?,
        };
        Ok(NodeRow {
            id: r.get(c.at("id")?)?,
            node,
        })
    }
}

/// An `edges` row: citing and cited node row ids, and the relation as stored.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct EdgeRow {
    /// The row id.
    pub(super) id: i64,
    /// The citing node's row id.
    pub(super) citing: i64,
    /// The cited node's row id.
    pub(super) cited: i64,
    /// The relation's name.
    pub(super) relation: String,
}

impl EdgeRow {
    /// The columns of an edge, for a SELECT from `edges`.
    pub(super) const COLUMNS: &'static str = "id, citing, cited, relation";

    /// The edge of a row selecting [`COLUMNS`](Self::COLUMNS).
    pub(super) fn read(r: &Row, c: &Cols) -> rusqlite::Result<EdgeRow> {
        Ok(EdgeRow {
            id: r.get(c.at("id")?)?,
            citing: r.get(c.at("citing")?)?,
            cited: r.get(c.at("cited")?)?,
            relation: r.get(c.at("relation")?)?,
        })
    }
}

/// An `edge_sources` row with the reference it names: one mention behind an edge.
pub(super) struct EdgeSourceRow {
    /// The edge's row id.
    pub(super) edge: i64,
    /// Where the mention was read.
    pub(super) source: EdgeSource,
}

impl EdgeSourceRow {
    /// The mentions behind the edges whose row ids stand for `{ids}`.
    pub(super) const SELECT_IDS: &'static str = "SELECT s.edge AS edge, d.path AS path, r.line AS line, r.col AS col, r.text AS text, r.sentence AS sentence, r.relation AS relation FROM edge_sources s JOIN refs r ON r.doc = s.doc AND r.ord = s.ord JOIN documents d ON d.id = s.doc WHERE s.edge IN ({ids})";

    /// The mention of a row of [`SELECT_IDS`](Self::SELECT_IDS).
    pub(super) fn read(r: &Row, c: &Cols) -> rusqlite::Result<EdgeSourceRow> {
        Ok(EdgeSourceRow {
            edge: r.get(c.at("edge")?)?,
            source: EdgeSource {
                path: r.get(c.at("path")?)?,
                line: usize_of(r, c, "line")?,
                column: usize_of(r, c, "col")?,
                text: text_of(r, c, "text")?,
                sentence: text_of(r, c, "sentence")?,
                relation: relation_of(r, c, "relation")?,
            },
        })
    }
}

/// A `files` row as `--status` and updates compare it with the disk.
pub(super) struct FileRow {
    /// The row id.
    pub(super) id: i64,
    /// The name the file was recorded under.
    pub(super) path: String,
    /// Its absolute path, when known.
    pub(super) canonical: Option<String>,
    /// Size in bytes, when recorded.
    pub(super) size: Option<i64>,
    /// Modification time in nanoseconds, when recorded.
    pub(super) mtime: Option<i64>,
    /// Content hash, when read.
    pub(super) hash: Option<String>,
}

impl FileRow {
    /// Every file, by name.
    pub(super) const SELECT: &'static str =
        "SELECT id, path, canonical, size, mtime_ns, hash FROM files ORDER BY path";

    /// Every file, in the table's order: an update puts them in a map, and the table read
    /// straight through is a third of the time of the table read through the path index.
    pub(super) const SELECT_ALL: &'static str =
        "SELECT id, path, canonical, size, mtime_ns, hash FROM files";

    /// The file of a row of [`SELECT`](Self::SELECT).
    pub(super) fn read(r: &Row, c: &Cols) -> rusqlite::Result<FileRow> {
        Ok(FileRow {
            id: r.get(c.at("id")?)?,
            path: r.get(c.at("path")?)?,
            canonical: r.get(c.at("canonical")?)?,
            size: r.get(c.at("size")?)?,
            mtime: r.get(c.at("mtime_ns")?)?,
            hash: r.get(c.at("hash")?)?,
        })
    }
}
