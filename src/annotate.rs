//! Annotated documents (`vncite annotate`): each input file as one self-contained HTML page —
//! its text exactly as read, every reference highlighted, with its key, relation and the
//! document the graph resolves it to in a tooltip, linked to that document's own page when it
//! was read too — and an index page listing them.
//!
//! One page per file: a file holding several documents (a bundle) gives one page with a
//! section per document, each with its identity card and an anchor (`page.html#doc-2`). The
//! text is the file's, cut at the byte offsets the JSON publishes, never re-flowed or
//! re-typed; every character from a document or a file name is escaped. Nothing depends on
//! the time, the machine or the output folder: the same corpus gives the same bytes.

use crate::graph::CitationGraph;
use crate::graph::Node;
use crate::model::{Citer, Document, IdentitySource, Relation};
use crate::present::display_name;
use crate::read::SourceText;
use crate::render::{relation_style, xml_escape};
use crate::Corpus;
use petgraph::graph::NodeIndex;
use petgraph::Direction;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The file name of the index page.
pub const INDEX_PAGE: &str = "index.html";

/// Longest page name kept from a file's name (bytes, before `-N` and `.html`).
const STEM_MAX: usize = 120;

/// The references of a page by span (start, end longest first): (document, reference) each.
type Spans = BTreeMap<(usize, Reverse<usize>), Vec<(usize, usize)>>;

/// Why a page could not be written.
#[derive(Debug, thiserror::Error)]
pub enum AnnotateError {
    /// The file no longer holds the text its documents were read from.
    #[error("{0} changed while it was being read (a reference's bytes differ); run again")]
    Changed(String),
}

/// One page: an input file and its documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The file as named or found.
    pub path: String,
    /// The page's file name in the output folder (`003_bac-kan...txt.html`).
    pub name: String,
    /// Its documents, as positions in the corpus.
    pub docs: Vec<usize>,
}

/// A corpus laid out as pages, with the graph that resolves its references.
pub struct Annotated<'a> {
    corpus: &'a Corpus,
    graph: &'a CitationGraph,
    pages: Vec<Page>,
    /// The page and part of each document address (`path`, `path#2`).
    at: HashMap<String, (usize, usize)>,
    /// The (citing, cited) nodes each (document, reference) became.
    resolved: HashMap<(u32, u32), (NodeIndex, NodeIndex)>,
}

impl<'a> Annotated<'a> {
    /// Lays the corpus out as pages: one per file, in input order, each with a name made
    /// from the file's (ASCII letters, digits, `.`, `-`, `_`; `-2`, `-3` for a name taken).
    /// `graph` must be [`CitationGraph::build`] of `corpus`: its edges name documents by
    /// their position in it.
    pub fn new(corpus: &'a Corpus, graph: &'a CitationGraph) -> Annotated<'a> {
        let mut pages: Vec<Page> = Vec::new();
        let mut taken: HashSet<String> = HashSet::from([INDEX_PAGE.to_string()]);
        let mut at = HashMap::new();
        for (i, d) in corpus.documents.iter().enumerate() {
            if pages.last().is_none_or(|p| p.path != d.path) {
                let stem = page_stem(&d.path);
                // Told apart without case: `A.txt` and `a.txt` are one file on some systems.
                let mut name = format!("{stem}.html");
                let mut n = 1;
                while taken.contains(&name.to_ascii_lowercase()) {
                    n += 1;
                    name = format!("{stem}-{n}.html");
                }
                taken.insert(name.to_ascii_lowercase());
                pages.push(Page {
                    path: d.path.clone(),
                    name,
                    docs: Vec::new(),
                });
            }
            let p = pages.len() - 1;
            pages[p].docs.push(i);
            at.insert(d.address(), (p, d.span.part));
        }
        let mut resolved = HashMap::new();
        for e in graph.graph.edge_indices() {
            let Some((a, b)) = graph.graph.edge_endpoints(e) else {
                continue;
            };
            for &dr in &graph.graph[e].refs {
                resolved.insert(dr, (a, b));
            }
        }
        Annotated {
            corpus,
            graph,
            pages,
            at,
            resolved,
        }
    }

    /// The pages, in input order.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// The link to a node's section, from page `from`: none when it was not read.
    fn href(&self, n: NodeIndex, from: usize) -> Option<String> {
        let node = &self.graph.graph[n];
        let &(p, part) = self.at.get(node.path.as_deref()?)?;
        Some(if p == from {
            format!("#doc-{part}")
        } else {
            format!("{}#doc-{part}", self.pages[p].name)
        })
    }

    /// The graph node of a document of the corpus.
    fn node_of(&self, d: &Document) -> Option<NodeIndex> {
        self.graph.by_path(&d.address())
    }

    /// Page `i` as HTML, from the file's text as read again now (`source`). The text must
    /// still hold every reference where its documents were read, or the page is refused.
    pub fn page_html(&self, i: usize, source: &SourceText) -> Result<String, AnnotateError> {
        let page = &self.pages[i];
        let docs: Vec<(usize, &Document)> = page
            .docs
            .iter()
            .map(|&d| (d, &self.corpus.documents[d]))
            .collect();
        let text = source.text.as_str();
        let off = source.offset;
        // Byte offsets are the file's; the text starts after a byte-order mark.
        let local = |pos: usize| pos.checked_sub(off).filter(|&p| text.is_char_boundary(p));
        let changed = || AnnotateError::Changed(page.path.clone());
        // Mentions by span: several references can share one (a law named once and amended
        // by several others), and each mark carries them all.
        // Longest first where two start together, so a span inside another is the one left out.
        let mut spans: Spans = BTreeMap::new();
        for &(di, d) in &docs {
            let (Some(a), Some(b)) = (local(d.span.start), local(d.span.end)) else {
                return Err(changed());
            };
            if a > b {
                return Err(changed());
            }
            for (ri, r) in d.references.iter().enumerate() {
                let (Some(a), Some(b)) = (local(r.span.start), local(r.span.end)) else {
                    return Err(changed());
                };
                if text.get(a..b) != Some(r.span.text.as_str()) {
                    return Err(changed());
                }
                spans.entry((a, Reverse(b))).or_default().push((di, ri));
            }
        }
        let mut h = Html::default();
        let title = match docs.as_slice() {
            [(_, d)] => format!("{} — {}", doc_title(d), page.path),
            _ => format!("{} documents — {}", docs.len(), page.path),
        };
        head(&mut h, &title);
        h.raw("<nav><a href=\"index.html\">All documents</a></nav>\n<header>\n<p class=\"file\">");
        h.text(&page.path);
        h.raw(" · ");
        h.text(&source.encoding.to_string());
        if docs.len() > 1 {
            h.raw(&format!(" · {} documents", docs.len()));
        }
        h.raw("</p>\n");
        for &(di, d) in &docs {
            self.card(&mut h, i, di, d);
        }
        h.raw("</header>\n<main>\n<h2>Text</h2>\n");
        legend(&mut h);
        // HTML drops a line break just after `<pre>`: this one, not the file's first.
        h.raw("<pre class=\"text\">\n");
        self.text(&mut h, i, text, &docs, &spans, off);
        h.raw("</pre>\n</main>\n</body>\n</html>\n");
        Ok(h.0)
    }

    /// A document's identity card, references and citers.
    fn card(&self, h: &mut Html, page: usize, di: usize, d: &Document) {
        let from = &d.identity_from;
        h.raw(&format!(
            "<section class=\"card\" id=\"doc-{}\">\n<h1>",
            d.span.part
        ));
        h.text(&doc_title(d));
        if d.span.parts > 1 {
            h.raw(&format!(
                " <small>document {} of {}</small>",
                d.span.part, d.span.parts
            ));
        }
        h.raw("</h1>\n<table class=\"identity\">\n");
        let issuer = d.issuer.as_deref().map(|i| {
            let mut s = i.name.clone();
            let extra: Vec<&str> = i.level.map(|l| l.as_str()).into_iter().collect();
            if !extra.is_empty() {
                s.push_str(&format!(" ({})", extra.join(", ")));
            }
            s
        });
        let rows: [(&str, Option<String>, Option<IdentitySource>); 7] = [
            (
                "number",
                d.number.as_ref().map(crate::model::DocKey::written),
                from.number,
            ),
            ("kind", d.kind.map(|k| k.name().to_string()), from.kind),
            ("issuer", issuer, from.issuer),
            ("date", d.date.map(|x| x.to_string()), from.date),
            ("place", d.place.clone(), None),
            ("subject", d.subject.clone(), None),
            ("id", Some(d.id()), None),
        ];
        for (name, value, src) in rows {
            h.raw("<tr><th>");
            h.raw(name);
            h.raw("</th><td>");
            match &value {
                Some(v) => h.text(v),
                None => h.raw("<span class=\"none\">not found</span>"),
            }
            h.raw("</td><td class=\"from\">");
            if let Some(s) = src {
                h.raw("from the ");
                h.raw(source_words(s));
            }
            h.raw("</td></tr>\n");
        }
        h.raw(&format!(
            "<tr><th>where</th><td>lines {}–{}, bytes {}–{}</td><td></td></tr>\n</table>\n",
            d.span.line, d.span.end_line, d.span.start, d.span.end
        ));
        let refs = &d.references;
        h.raw(&format!("<h2>References ({})</h2>\n", refs.len()));
        if !refs.is_empty() {
            h.raw("<table class=\"refs\">\n<tr><th>#</th><th>line</th><th>as written</th><th>key</th><th>relation</th><th>cited by</th><th>resolves to</th></tr>\n");
            for (ri, r) in refs.iter().enumerate() {
                h.raw(&format!(
                    "<tr><td><a href=\"#d{}-r{ri}\">{}</a></td><td>{}</td><td>",
                    d.span.part,
                    ri + 1,
                    r.span.line
                ));
                h.text(&r.span.text);
                h.raw("</td><td>");
                h.text(&r.display_id());
                if r.back_reference {
                    h.raw(" <small>(back-reference)</small>");
                }
                h.raw(&format!(
                    "</td><td class=\"r-{0}\">{0}</td><td>",
                    r.relation.as_str()
                ));
                match r.citer {
                    Citer::Document => h.raw("this document"),
                    Citer::Reference(j) => {
                        h.raw(&format!(
                            "<a href=\"#d{}-r{j}\">#{}</a> ",
                            d.span.part,
                            j + 1
                        ));
                        h.text(&d.citer_id(ri));
                    }
                }
                h.raw("</td><td>");
                self.target_cell(h, page, di, ri);
                h.raw("</td></tr>\n");
            }
            h.raw("</table>\n");
        }
        let citers = self
            .node_of(d)
            .map(|n| self.graph.neighbours(n, Direction::Incoming))
            .unwrap_or_default();
        h.raw(&format!("<h2>Cited by ({})</h2>\n", citers.len()));
        if !citers.is_empty() {
            h.raw("<ul class=\"citers\">\n");
            for (m, e) in citers {
                h.raw(&format!(
                    "<li><span class=\"r-{0}\">[{0}]</span> ",
                    e.relation.as_str()
                ));
                self.node_link(h, page, m);
                h.raw("</li>\n");
            }
            h.raw("</ul>\n");
        }
        h.raw("</section>\n");
    }

    /// The document a reference resolves to: linked when it was read.
    fn target_cell(&self, h: &mut Html, page: usize, di: usize, ri: usize) {
        match self.resolved.get(&(di as u32, ri as u32)) {
            Some(&(_, cited)) => self.node_link(h, page, cited),
            None => h.raw("<span class=\"none\">not resolved</span>"),
        }
    }

    /// A node's line, linked to its page when it was read.
    fn node_link(&self, h: &mut Html, page: usize, n: NodeIndex) {
        let node = &self.graph.graph[n];
        match self.href(n, page) {
            Some(href) => {
                h.raw("<a href=\"");
                h.text(&href);
                h.raw("\">");
                h.text(&node_summary(node));
                h.raw("</a>");
            }
            None => h.text(&node_summary(node)),
        }
    }

    /// The tooltip of a mark: for each reference on the span, its key, relation, citer and
    /// the document it resolves to.
    fn tooltip(&self, refs: &[(usize, usize)]) -> String {
        let mut parts = Vec::new();
        for &(di, ri) in refs {
            let d = &self.corpus.documents[di];
            let r = &d.references[ri];
            let mut s = format!("{} — {}", r.display_id(), r.relation);
            if r.back_reference {
                s.push_str(" (back-reference)");
            }
            if let Citer::Reference(_) = r.citer {
                s.push_str(&format!(
                    "\ncited by {} (the reference it is nested in)",
                    d.citer_id(ri)
                ));
            }
            match self.resolved.get(&(di as u32, ri as u32)) {
                Some(&(_, cited)) => {
                    s.push_str("\n→ ");
                    s.push_str(&node_summary(&self.graph.graph[cited]));
                }
                None => s.push_str("\nnot resolved to a document"),
            }
            s.push_str(&format!(
                "\nreference {} of {}, line {}",
                ri + 1,
                d.id(),
                r.span.line
            ));
            parts.push(s);
        }
        parts.join("\n\n")
    }

    /// The file's text with every mention marked and each document's start labelled.
    fn text(
        &self,
        h: &mut Html,
        page: usize,
        text: &str,
        docs: &[(usize, &Document)],
        spans: &Spans,
        off: usize,
    ) {
        // Where each document starts, when the page holds several or the file has more
        // than the document (a web page's chrome before it).
        let mut starts: Vec<(usize, &Document)> = docs
            .iter()
            .filter(|(_, d)| d.span.parts > 1 || d.span.start > off)
            .map(|&(_, d)| (d.span.start.saturating_sub(off), d))
            .collect();
        starts.sort_by_key(|s| s.0);
        let mut starts = starts.into_iter().peekable();
        let mut cursor = 0;
        for (&(a, Reverse(b)), refs) in spans {
            while let Some((s, d)) = starts.next_if(|(s, _)| *s <= a) {
                let s = unsplit(text, s.max(cursor)).min(a);
                h.pre_text(&text[cursor..s]);
                cursor = s;
                doc_start(h, d);
            }
            // A mention that overlaps one already marked is listed in its document's table
            // but not marked again (none does in the corpora seen; shared spans are one mark).
            if a < cursor {
                continue;
            }
            h.pre_text(&text[cursor..a]);
            let (di, ri) = refs[0];
            let part = self.corpus.documents[di].span.part;
            let relation = strongest(
                refs.iter()
                    .map(|&(d, r)| self.corpus.documents[d].references[r].relation),
            );
            h.raw(&format!(
                "<mark class=\"ref r-{}\" id=\"d{part}-r{ri}\" title=\"",
                relation.as_str()
            ));
            h.text(&self.tooltip(refs));
            h.raw("\">");
            let link = self
                .resolved
                .get(&(di as u32, ri as u32))
                .and_then(|&(_, cited)| self.href(cited, page));
            if let Some(href) = &link {
                h.raw("<a href=\"");
                h.text(href);
                h.raw("\">");
            }
            h.pre_text(&text[a..b]);
            if link.is_some() {
                h.raw("</a>");
            }
            h.raw("</mark>");
            // Other references on the same span keep an anchor of their own for the table.
            for &(d2, r2) in &refs[1..] {
                let part = self.corpus.documents[d2].span.part;
                h.raw(&format!("<span id=\"d{part}-r{r2}\"></span>"));
            }
            cursor = b;
        }
        for (s, d) in starts {
            let s = unsplit(text, s.max(cursor).min(text.len()));
            h.pre_text(&text[cursor..s]);
            cursor = s;
            doc_start(h, d);
        }
        h.pre_text(&text[cursor..]);
    }

    /// The index page: every page with its documents, and the files that were not read.
    pub fn index_html(&self) -> String {
        let mut h = Html::default();
        head(&mut h, "vncite: annotated documents");
        h.raw(&format!(
            "<header>\n<h1>Annotated documents</h1>\n<p>{} file(s), {} document(s), {} reference(s){}. Each page shows a file's text as read, every reference highlighted: hover over one for its key, relation and the document it resolves to; a link leads to that document's page when it was read too.</p>\n</header>\n<main>\n",
            self.pages.len(),
            self.corpus.documents.len(),
            self.corpus.documents.iter().map(|d| d.references.len()).sum::<usize>(),
            if self.corpus.skipped.is_empty() {
                String::new()
            } else {
                format!(", {} file(s) skipped", self.corpus.skipped.len())
            }
        ));
        h.raw("<table class=\"index\">\n<tr><th>file</th><th>document</th><th>kind</th><th>date</th><th>issuer</th><th>references</th><th>cited by</th></tr>\n");
        for p in &self.pages {
            for (k, &di) in p.docs.iter().enumerate() {
                let d = &self.corpus.documents[di];
                h.raw("<tr><td>");
                if k == 0 {
                    h.raw("<a href=\"");
                    h.text(&p.name);
                    h.raw("\">");
                    h.text(&p.path);
                    h.raw("</a>");
                }
                h.raw("</td><td><a href=\"");
                h.text(&p.name);
                h.raw(&format!("#doc-{}\">", d.span.part));
                h.text(&doc_title(d));
                h.raw("</a></td><td>");
                h.text(d.kind.map_or("", |k| k.name()));
                h.raw("</td><td>");
                h.text(&d.date.map(|x| x.to_string()).unwrap_or_default());
                h.raw("</td><td>");
                h.text(d.issuer.as_deref().map_or("", |i| i.name.as_str()));
                let citers = self
                    .node_of(d)
                    .map_or(0, |n| self.graph.neighbours(n, Direction::Incoming).len());
                h.raw(&format!(
                    "</td><td class=\"n\">{}</td><td class=\"n\">{citers}</td></tr>\n",
                    d.references.len()
                ));
            }
        }
        h.raw("</table>\n");
        if !self.corpus.skipped.is_empty() {
            h.raw("<h2>Not read</h2>\n<ul>\n");
            for s in &self.corpus.skipped {
                h.raw("<li>");
                h.text(&s.path);
                h.raw(": ");
                h.text(&s.reason);
                h.raw("</li>\n");
            }
            h.raw("</ul>\n");
        }
        h.raw("</main>\n</body>\n</html>\n");
        h.0
    }
}

/// A cut at `at`, moved past a line feed that follows a carriage return: markup between the
/// two would make them two line breaks.
fn unsplit(text: &str, at: usize) -> usize {
    if at > 0
        && text.as_bytes().get(at - 1) == Some(&b'\r')
        && text.as_bytes().get(at) == Some(&b'\n')
    {
        at + 1
    } else {
        at
    }
}

/// A node in one line of a page: name, kind, date, issuer, and whether it was read, with
/// separators that survive HTML's folding of spaces.
fn node_summary(n: &Node) -> String {
    let mut parts = vec![display_name(n)];
    parts.extend(n.kind.map(|k| k.name().to_string()));
    parts.push(
        n.date
            .map_or_else(|| "undated".to_string(), |d| d.to_string()),
    );
    parts.extend(n.issuer.as_ref().map(|i| i.name.clone()));
    if !n.in_corpus {
        parts.push("not in corpus".to_string());
    }
    parts.join(" · ")
}

/// The strongest of several relations (one mark for several references on one span).
fn strongest(rs: impl Iterator<Item = Relation>) -> Relation {
    rs.max_by_key(|r| r.strength()).unwrap_or(Relation::Cites)
}

/// What a document is called at the top of its card: its number, or what names an
/// unnumbered one (`/UBND-VX (unnumbered)`).
fn doc_title(d: &Document) -> String {
    match &d.number {
        Some(k) => k.written(),
        None => format!(
            "{} (unnumbered)",
            d.symbol
                .as_deref()
                .map_or("?".to_string(), |s| format!("/{s}"))
        ),
    }
}

/// Where an identity field was read, in words.
fn source_words(s: IdentitySource) -> &'static str {
    match s {
        IdentitySource::Header => "header",
        IdentitySource::Title => "title line",
        IdentitySource::SubjectLine => "V/v subject line",
        IdentitySource::Symbol => "number's symbol",
        IdentitySource::Metadata => "publisher's metadata",
    }
}

/// The label where a document starts in the text: drawn by CSS from an attribute, so the
/// page's text stays the file's.
fn doc_start(h: &mut Html, d: &Document) {
    h.raw(&format!(
        "<span class=\"doc-start\" id=\"text-doc-{}\" data-label=\"",
        d.span.part
    ));
    h.text(&format!(
        "document {} of {} · {} · line {}",
        d.span.part,
        d.span.parts,
        doc_title(d),
        d.span.line
    ));
    h.raw("\"></span>");
}

/// The page's name from a file's: the last component with its marks taken off (`Đ` as `D`),
/// anything but ASCII letters, digits, `.`, `-`, `_` as `_`, no leading dot or dash, cut to a
/// length every file system takes. Case is kept; names are told apart without it.
pub fn page_stem(path: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let mut s: String = base
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'Đ' => 'D',
            'đ' => 'd',
            c if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') => c,
            _ => '_',
        })
        .collect();
    s = s.trim_start_matches(['.', '-']).to_string();
    s.truncate(STEM_MAX);
    if s.is_empty() {
        s.insert_str(0, "document");
    }
    s
}

/// A page being written: every text from a document or a file goes through an escape.
#[derive(Default)]
struct Html(String);

impl Html {
    /// Markup written by vncite itself.
    fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }

    /// Text for an element or an attribute: `&`, `<`, `>`, quotes escaped, control
    /// characters as spaces.
    fn text(&mut self, s: &str) {
        self.0.push_str(&xml_escape(s));
    }

    /// A stretch of the file's text inside `<pre>`: escaped, line breaks and tabs kept, and
    /// each other control character shown as its code (`\u{1b}`), marked, so nothing in the
    /// file is lost or acts on the page.
    fn pre_text(&mut self, s: &str) {
        for c in s.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                // A carriage return is written as it is: HTML and XML read `\r\n` and a lone
                // `\r` as the line break vncite reads them as.
                '\n' | '\t' | '\r' => self.0.push(c),
                c if c.is_control() || is_noncharacter(c) => {
                    self.0.push_str(&format!(
                        "<span class=\"ctl\" title=\"control character U+{0:04X}\">\\u{{{0:x}}}</span>",
                        c as u32
                    ));
                }
                c => self.0.push(c),
            }
        }
    }
}

/// Characters HTML reads as a parse error however they are written.
fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// The page's head: the generator mark first (a page written into a corpus folder is
/// passed over as vncite's own output), the charset, the title, the style. Void elements are
/// closed (` />`), so a page is well-formed XML too and XML tools read it.
fn head(h: &mut Html, title: &str) {
    h.raw("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n");
    h.raw(crate::own::REPORT_GENERATOR.trim_end_matches('>'));
    h.raw(" />");
    h.raw("\n<meta charset=\"utf-8\" />\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>");
    h.text(title);
    h.raw("</title>\n<style>\n");
    h.raw(STYLE);
    for r in Relation::ALL {
        let (colour, _, _) = relation_style(r);
        h.raw(&format!(
            ".ref.r-{0} {{ background: {1}26; border-bottom: 2px solid {1}; }} td.r-{0}, span.r-{0} {{ color: {1}; }}\n",
            r.as_str(),
            colour
        ));
    }
    h.raw("</style>\n</head>\n<body>\n");
}

/// The relations' colours, above the text.
fn legend(h: &mut Html) {
    h.raw("<p class=\"legend\">");
    for r in Relation::ALL {
        h.raw(&format!(
            "<mark class=\"ref r-{0}\">{0}</mark> ",
            r.as_str()
        ));
    }
    h.raw("</p>\n");
}

/// The style every page shares (inline: a page is one file, no network).
const STYLE: &str = "body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem; color: #222; }
nav { font-size: 0.9rem; margin-bottom: 0.5rem; }
.file { color: #555; font-family: ui-monospace, monospace; font-size: 0.85rem; word-break: break-all; }
.card { border: 1px solid #ccc; border-radius: 6px; padding: 0.5rem 1rem; margin: 0.75rem 0; background: #fafafa; }
.card h1 { font-size: 1.4rem; margin: 0.3rem 0; }
.card h2 { font-size: 1rem; margin: 0.8rem 0 0.3rem; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.15rem 0.6rem 0.15rem 0; }
table.refs td, table.refs th, table.index td, table.index th { border-bottom: 1px solid #e4e4e4; }
td.from, .none { color: #888; font-style: italic; }
td.n { text-align: right; }
.legend { font-size: 0.8rem; }
pre.text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: system-ui, sans-serif; font-size: 0.95rem; line-height: 1.45; border-top: 1px solid #ccc; padding-top: 0.5rem; }
mark.ref { color: inherit; border-radius: 2px; }
mark.ref a { color: inherit; text-decoration: none; }
mark.ref a:hover { text-decoration: underline; }
mark.ref:target, span:target + mark, .card:target { outline: 2px solid #e6550d; }
.ctl { color: #a50f15; background: #fee; font-size: 0.75rem; }
.doc-start::before { content: attr(data-label); display: block; margin: 0.8rem 0 0.3rem; padding: 0.1rem 0.4rem; background: #eee; color: #444; font-family: system-ui, sans-serif; border-left: 3px solid #888; user-select: none; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_are_safe() {
        assert_eq!(page_stem("data/003_bac-kan.txt"), "003_bac-kan.txt");
        assert_eq!(page_stem("x/Công văn số 1.TXT"), "Cong_van_so_1.TXT");
        assert_eq!(page_stem("ĐIỆN.md"), "DIEN.md");
        assert_eq!(page_stem("../../.hidden"), "hidden");
        assert_eq!(page_stem("a/<script>&\"'.md"), "_script____.md");
        assert_eq!(page_stem("a/-rf"), "rf");
        assert_eq!(page_stem("a/"), "document");
        assert!(page_stem(&"ố".repeat(300)).len() <= STEM_MAX);
    }

    #[test]
    fn a_file_changed_since_it_was_read_gives_no_page() {
        let text =
            "ỦY BAN NHÂN DÂN TỈNH SƠN LA\nSố: 12/UBND-VP\n\nThực hiện Công điện số 1068/CĐ-TTg.\n";
        let source = |text: &str| SourceText {
            path: "a.txt".into(),
            text: text.into(),
            encoding: crate::model::Encoding::Utf8,
            offset: 0,
        };
        let corpus = Corpus {
            documents: crate::extract_text(&source(text)),
            skipped: Vec::new(),
        };
        let g = CitationGraph::build(&corpus);
        let ann = Annotated::new(&corpus, &g);
        let html = ann.page_html(0, &source(text)).unwrap();
        assert!(html.contains(">Công điện số 1068/CĐ-TTg</mark>"), "{html}");
        for changed in [text.replace("1068", "1069"), text[..40].to_string()] {
            assert!(matches!(
                ann.page_html(0, &source(&changed)),
                Err(AnnotateError::Changed(p)) if p == "a.txt"
            ));
        }
    }

    #[test]
    fn text_in_pre_is_escaped_and_controls_are_shown() {
        let mut h = Html::default();
        h.pre_text("a<b>&c\r\nd\u{1b}[2J\u{7f}\u{9b}\u{FFFE}\te");
        assert_eq!(
            h.0,
            "a&lt;b&gt;&amp;c\r\nd<span class=\"ctl\" title=\"control character U+001B\">\\u{1b}</span>[2J<span class=\"ctl\" title=\"control character U+007F\">\\u{7f}</span><span class=\"ctl\" title=\"control character U+009B\">\\u{9b}</span><span class=\"ctl\" title=\"control character U+FFFE\">\\u{fffe}</span>\te"
        );
    }
}
