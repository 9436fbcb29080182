//! Writing a report as one self-contained HTML file (inline CSS and SVG, no script, no
//! network) or as Markdown, every text from the documents escaped.

use super::out::Plan;
use super::sections::Report;
use super::svg::thousands;
use super::{Block, Part};
use crate::render::xml_escape;
use std::io::{self, Write};

/// Text from documents made inert in Markdown: no tag, no table cell break, no link
/// (`[x](javascript:...)`), no code span; each escaped character shows as written.
fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in xml_escape(s).chars() {
        match c {
            '\\' | '|' | '[' | ']' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The sentence under a shortened table saying where all its rows are.
fn more_text(
    plan: &Plan,
    shown: usize,
    total: usize,
    table: &str,
) -> (String, Option<(String, String)>) {
    let lead = if shown == 0 {
        format!("The complete table has {} rows", thousands(total))
    } else if total <= shown {
        format!("All {} rows are shown", thousands(total))
    } else {
        format!(
            "The first {} of {} rows are shown",
            thousands(shown),
            thousands(total)
        )
    };
    match plan.report {
        Some(_) => (
            format!("{lead}: all are in "),
            Some((plan.side_name(table, "csv"), plan.link(table, "csv"))),
        ),
        None => (
            format!("{lead}: with -o FILE all are written beside the report as CSV."),
            None,
        ),
    }
}

/// Writes the report as Markdown; figures are linked SVG files beside it.
pub fn markdown(r: &Report, plan: &Plan, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "# vncite report\n")?;
    for (k, v) in r.header_facts() {
        writeln!(w, "- **{}**: {}", md_cell(&k), md_cell(&v))?;
    }
    writeln!(w)?;
    let mut part = None;
    for s in &r.sections {
        if s.part == Part::Summary {
            writeln!(w, "## {}\n", md_cell(&s.title))?;
        } else {
            if part != Some(s.part) {
                writeln!(w, "## {}\n", s.part.title())?;
            }
            writeln!(w, "### {}\n", md_cell(&s.title))?;
        }
        part = Some(s.part);
        for b in &s.blocks {
            md_block(b, plan, w)?;
        }
    }
    Ok(())
}

fn md_block(b: &Block, plan: &Plan, w: &mut dyn Write) -> io::Result<()> {
    match b {
        Block::Text(t) => writeln!(w, "{}\n", md_cell(t)),
        Block::Pre(t) => writeln!(w, "```text\n{}```\n", t.replace("```", "'''")),
        Block::Svg(_) => writeln!(
            w,
            "_(The diagram is in the HTML report and from `vncite graph`.)_\n"
        ),
        Block::Figure(f) => {
            if plan.report.is_some() {
                let href = plan.link(f.name, "svg");
                writeln!(w, "![{}]({href})\n", md_cell(&f.title))?;
            } else {
                let title = md_cell(&f.title);
                writeln!(
                    w,
                    "_(Figure: {title}; written beside the report as SVG with -o FILE.)_\n"
                )?;
            }
            writeln!(w, "{}\n", md_cell(&f.caption))
        }
        Block::Facts(items) => {
            for (k, v) in items {
                writeln!(w, "- **{}**: {}", md_cell(k), md_cell(v))?;
            }
            writeln!(w)
        }
        Block::More {
            shown,
            total,
            table,
        } => match more_text(plan, *shown, *total, table) {
            (text, Some((name, href))) => {
                writeln!(w, "{}[{}]({href}).\n", md_cell(&text), md_cell(&name))
            }
            (text, None) => writeln!(w, "{}\n", md_cell(&text)),
        },
        Block::Table(h, rows) => md_table(h, rows, w),
        Block::Tables(list) => {
            writeln!(w, "| table | rows | a row is |\n|---|---|---|")?;
            for (name, rows, about) in list {
                let file = plan.side_name(name, "csv");
                let cell = match plan.report {
                    Some(_) => format!("[{}]({})", md_cell(&file), plan.link(name, "csv")),
                    None => md_cell(&file),
                };
                writeln!(w, "| {cell} | {} | {} |", thousands(*rows), md_cell(about))?;
            }
            writeln!(w)
        }
    }
}

fn md_table(h: &[String], rows: &[Vec<String>], w: &mut dyn Write) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(w, "_None._\n");
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| md_cell(c))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    writeln!(w, "| {} |", line(h))?;
    writeln!(w, "|{}", "---|".repeat(h.len()))?;
    for r in rows {
        writeln!(w, "| {} |", line(r))?;
    }
    writeln!(w)
}

const CSS: &str = "body{font-family:Helvetica,Arial,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222;line-height:1.4}\
h1{border-bottom:2px solid #08519c}h2{margin-top:2em;color:#08519c;border-bottom:1px solid #c6dbef}h3{margin-top:1.6em;color:#08519c}\
table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}\
th{background:#f0f4f8}tr:nth-child(even) td{background:#fafafa}td.n{text-align:right}pre{background:#f7f7f7;padding:1em;overflow-x:auto;font-size:12px}\
table.facts th{background:none;border:none;padding:1px 12px 1px 0;color:#555;font-weight:normal}table.facts td{border:none;padding:1px 0;background:none}\
nav{font-size:14px;margin:1em 0}nav .part{font-weight:bold;margin-right:.5em}nav a{margin-right:1em}.svg{overflow-x:auto;border:1px solid #ddd}\
figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{font-size:13px;color:#555;max-width:900px}p.more{font-size:13px;color:#555}";

/// True for a cell that holds a number (right-aligned).
fn numeric(c: &str) -> bool {
    !c.is_empty()
        && c.chars()
            .all(|ch| ch.is_ascii_digit() || ch == ',' || ch == '.' || ch == '%')
}

/// The report's escaper for its HTML templates (see `askama.toml`): [`xml_escape`]'s rule,
/// the one the SVG figures inside the page are written with. `&<>"'` become named entities
/// and control characters, which XML does not allow, spaces.
#[derive(Debug, Clone, Copy, Default)]
pub struct Xml;

impl askama::filters::Escaper for Xml {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, s: &str) -> std::fmt::Result {
        // Most text needs nothing: written as it is, without a copy.
        let plain = |c: char| {
            !matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}')
                && (!c.is_control() || c == '\n' || c == '\t')
        };
        if s.chars().all(plain) {
            dest.write_str(s)
        } else {
            dest.write_str(&xml_escape(s))
        }
    }
}

/// The HTML page: its markup is `templates/report.html` and `templates/report_block.html`.
#[derive(askama::Template)]
#[template(path = "report.html")]
struct Page<'a> {
    /// The generator tag that marks a file as a vncite report (never read as input).
    generator: &'static str,
    /// The inline style sheet.
    css: &'static str,
    /// What made the report, as named values.
    header: Vec<(String, String)>,
    /// The sections, in order.
    sections: Vec<SectionView<'a>>,
}

/// A section as the page shows it.
struct SectionView<'a> {
    /// Its heading.
    title: &'a str,
    /// The summary's sections have a heading of their own (`h2`), the others one under
    /// their part's.
    summary: bool,
    /// Its part, when it is the first section of it: the part's heading comes before it.
    new_part: Option<Part>,
    /// Its blocks.
    blocks: Vec<View<'a>>,
}

/// A block with what the page shows of it worked out: links, sentences, number cells.
enum View<'a> {
    /// A paragraph.
    Text(&'a str),
    /// Preformatted text.
    Pre(&'a str),
    /// A diagram vncite drew (SVG, written whole).
    Svg(&'a str),
    /// A chart vncite drew (SVG, written whole) and its caption.
    Figure(&'a str, &'a str),
    /// Named values.
    Facts(&'a [(String, String)]),
    /// Where the complete table is: the sentence, and the file's name and link.
    More(String, Option<(String, String)>),
    /// A table's header and rows, each cell with whether it holds a number.
    Table(&'a [String], Vec<Vec<(&'a str, bool)>>),
    /// The complete tables beside the report.
    Tables(Vec<TableLine<'a>>),
}

/// A line of the list of complete tables.
struct TableLine<'a> {
    /// The file's name.
    file: String,
    /// Its link, when the report is a file (the tables are beside it).
    href: Option<String>,
    /// Its rows, with thousands separators.
    rows: String,
    /// What a row is.
    about: &'a str,
}

fn view<'a>(b: &'a Block, plan: &Plan) -> View<'a> {
    match b {
        Block::Text(t) => View::Text(t),
        Block::Pre(t) => View::Pre(t),
        Block::Svg(svg) => View::Svg(svg),
        Block::Figure(f) => View::Figure(&f.svg, &f.caption),
        Block::Facts(items) => View::Facts(items),
        Block::More {
            shown,
            total,
            table,
        } => {
            let (text, link) = more_text(plan, *shown, *total, table);
            View::More(text, link)
        }
        Block::Table(h, rows) => View::Table(
            h,
            rows.iter()
                .map(|r| r.iter().map(|c| (c.as_str(), numeric(c))).collect())
                .collect(),
        ),
        Block::Tables(list) => View::Tables(
            list.iter()
                .map(|(name, rows, about)| TableLine {
                    file: plan.side_name(name, "csv"),
                    href: plan.report.as_ref().map(|_| plan.link(name, "csv")),
                    rows: thousands(*rows),
                    about,
                })
                .collect(),
        ),
    }
}

/// Writes the report as one self-contained HTML file.
pub fn html(r: &Report, plan: &Plan, w: &mut dyn Write) -> io::Result<()> {
    let mut part = None;
    let sections = r
        .sections
        .iter()
        .map(|s| {
            let new_part = (part != Some(s.part)).then_some(s.part);
            part = Some(s.part);
            SectionView {
                title: &s.title,
                summary: s.part == Part::Summary,
                new_part,
                blocks: s.blocks.iter().map(|b| view(b, plan)).collect(),
            }
        })
        .collect();
    let page = Page {
        generator: crate::own::REPORT_GENERATOR,
        css: CSS,
        header: r.header_facts(),
        sections,
    };
    askama::Template::write_into(&page, w)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::figures::Figure;
    use crate::report::{Header, Section};

    /// The hand-written writer the templates replaced, kept as the oracle that the page's
    /// bytes did not change.
    mod old {
        use super::super::*;

        /// The HTML head, the title and the header (what made the report).
        fn html_header(r: &Report, w: &mut dyn Write) -> io::Result<()> {
            writeln!(w, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">{}<title>vncite report</title><style>{CSS}</style></head><body>", crate::own::REPORT_GENERATOR)?;
            writeln!(
                w,
                "<h1>vncite report</h1>\n<table class=\"facts\" id=\"header\">"
            )?;
            for (k, v) in r.header_facts() {
                let v = xml_escape(&v);
                let v = if k == "command" {
                    format!("<code>{v}</code>")
                } else {
                    v
                };
                writeln!(w, "<tr><th>{}</th><td>{v}</td></tr>", xml_escape(&k))?;
            }
            writeln!(w, "</table>")
        }

        /// The table of contents, one line per part.
        fn html_nav(r: &Report, w: &mut dyn Write) -> io::Result<()> {
            writeln!(w, "<nav>")?;
            let mut part = None;
            for (i, s) in r.sections.iter().enumerate() {
                if part != Some(s.part) {
                    if part.is_some() {
                        write!(w, "<br>")?;
                    }
                    write!(w, "<span class=\"part\">{}</span>", s.part.title())?;
                    part = Some(s.part);
                }
                writeln!(w, "<a href=\"#s{i}\">{}</a>", xml_escape(&s.title))?;
            }
            writeln!(w, "</nav>")
        }

        /// Writes the report as one self-contained HTML file.
        pub(super) fn html(r: &Report, plan: &Plan, w: &mut dyn Write) -> io::Result<()> {
            html_header(r, w)?;
            html_nav(r, w)?;
            let mut part = None;
            for (i, s) in r.sections.iter().enumerate() {
                let title = xml_escape(&s.title);
                if s.part == Part::Summary {
                    writeln!(w, "<section id=\"s{i}\"><h2>{title}</h2>")?;
                } else {
                    if part != Some(s.part) {
                        let p = s.part.title();
                        writeln!(w, "<h2 id=\"{}\">{p}</h2>", p.to_lowercase())?;
                    }
                    writeln!(w, "<section id=\"s{i}\"><h3>{title}</h3>")?;
                }
                part = Some(s.part);
                for b in &s.blocks {
                    html_block(b, plan, w)?;
                }
                writeln!(w, "</section>")?;
            }
            writeln!(w, "</body></html>")
        }

        fn html_block(b: &Block, plan: &Plan, w: &mut dyn Write) -> io::Result<()> {
            match b {
                Block::Text(t) => writeln!(w, "<p>{}</p>", xml_escape(t)),
                Block::Pre(t) => writeln!(w, "<pre>{}</pre>", xml_escape(t)),
                Block::Svg(svg) => writeln!(w, "<div class=\"svg\">{svg}</div>"),
                Block::Figure(f) => writeln!(
                    w,
                    "<figure>{}<figcaption>{}</figcaption></figure>",
                    f.svg,
                    xml_escape(&f.caption)
                ),
                Block::Facts(items) => {
                    writeln!(w, "<table class=\"facts\">")?;
                    for (k, v) in items {
                        writeln!(
                            w,
                            "<tr><th>{}</th><td>{}</td></tr>",
                            xml_escape(k),
                            xml_escape(v)
                        )?;
                    }
                    writeln!(w, "</table>")
                }
                Block::More {
                    shown,
                    total,
                    table,
                } => match more_text(plan, *shown, *total, table) {
                    (text, Some((name, href))) => writeln!(
                        w,
                        "<p class=\"more\">{}<a href=\"{href}\">{}</a>.</p>",
                        xml_escape(&text),
                        xml_escape(&name)
                    ),
                    (text, None) => writeln!(w, "<p class=\"more\">{}</p>", xml_escape(&text)),
                },
                Block::Table(h, rows) => html_table(h, rows, w),
                Block::Tables(list) => {
                    writeln!(w, "<table class=\"tables\"><thead><tr><th>table</th><th>rows</th><th>a row is</th></tr></thead><tbody>")?;
                    for (name, rows, about) in list {
                        let file = xml_escape(&plan.side_name(name, "csv"));
                        let cell = match plan.report {
                            Some(_) => format!("<a href=\"{}\">{file}</a>", plan.link(name, "csv")),
                            None => file,
                        };
                        let rows = thousands(*rows);
                        writeln!(
                            w,
                            "<tr><td>{cell}</td><td class=\"n\">{rows}</td><td>{}</td></tr>",
                            xml_escape(about)
                        )?;
                    }
                    writeln!(w, "</tbody></table>")
                }
            }
        }

        fn html_table(h: &[String], rows: &[Vec<String>], w: &mut dyn Write) -> io::Result<()> {
            if rows.is_empty() {
                return writeln!(w, "<p><em>None.</em></p>");
            }
            write!(w, "<table><thead><tr>")?;
            for c in h {
                write!(w, "<th>{}</th>", xml_escape(c))?;
            }
            writeln!(w, "</tr></thead><tbody>")?;
            for r in rows {
                write!(w, "<tr>")?;
                for c in r {
                    let class = if numeric(c) { " class=\"n\"" } else { "" };
                    write!(w, "<td{class}>{}</td>", xml_escape(c))?;
                }
                writeln!(w, "</tr>")?;
            }
            writeln!(w, "</tbody></table>")
        }
    }

    /// Text from a hostile document: markup, quotes, an entity, control characters.
    const HOSTILE: &str =
        "<script>alert('x')</script> & \"q\" &amp; \u{0}\u{1b}\u{7f}\u{FFFF} tab\t\nline";

    fn report() -> Report {
        let h = HOSTILE.to_string();
        let block = |i: usize| match i {
            0 => Block::Text(h.clone()),
            1 => Block::Pre(format!("{h}\n  └─ {h}\n")),
            2 => Block::Svg("<svg><text>a &amp; b</text></svg>".into()),
            3 => Block::Figure(Figure {
                name: "months",
                title: h.clone(),
                svg: "<svg width=\"1\"></svg>".into(),
                caption: h.clone(),
            }),
            4 => Block::Facts(vec![
                (h.clone(), h.clone()),
                ("documents".into(), "1,234".into()),
            ]),
            5 => Block::More {
                shown: 25,
                total: 1234,
                table: "edges",
            },
            6 => Block::More {
                shown: 0,
                total: 7,
                table: "cited",
            },
            7 => Block::Table(
                vec![h.clone(), "n".into()],
                vec![
                    vec![h.clone(), "1,234".into()],
                    vec!["".into(), "12.5%".into()],
                ],
            ),
            8 => Block::Table(vec!["a".into()], vec![]),
            _ => Block::Tables(vec![("edges", 1234, "a citation"), ("files", 3, "a file")]),
        };
        let section = |title: &str, part, blocks: std::ops::Range<usize>| Section {
            title: title.to_string(),
            part,
            blocks: blocks.map(block).collect(),
        };
        Report {
            header: Header {
                version: "0.1.0".into(),
                date: "2026-12-07 15:20 UTC".into(),
                corpus: h.clone(),
                command: format!("vncite report '{h}' -o r.html"),
            },
            sections: vec![
                section(&h, Part::Summary, 0..3),
                section("Size", Part::Summary, 3..5),
                section(&h, Part::Findings, 5..8),
                section("Chains", Part::Findings, 8..10),
                section("Files", Part::Evidence, 0..10),
            ],
        }
    }

    fn page(plan: &Plan, new: bool) -> String {
        let mut bytes = Vec::new();
        if new {
            html(&report(), plan, &mut bytes).unwrap();
        } else {
            old::html(&report(), plan, &mut bytes).unwrap();
        }
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn the_templates_write_what_the_hand_written_page_did() {
        for out in [Some(std::path::Path::new("dir/my report's.html")), None] {
            let plan = Plan::new(out);
            assert_eq!(page(&plan, true), page(&plan, false), "{out:?}");
        }
    }

    #[test]
    fn document_text_is_inert_in_the_page() {
        let p = page(&Plan::new(Some(std::path::Path::new("r.html"))), true);
        assert!(!p.contains("<script>") && !p.contains("alert('x')"));
        assert!(p.contains(
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; &amp;amp;"
        ));
        assert!(!p.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
        assert!(!p.contains('\u{FFFF}'));
        // What vncite drew itself is written whole.
        assert!(p.contains("<div class=\"svg\"><svg><text>a &amp; b</text></svg></div>"));
        assert!(p.ends_with("</section>\n</body></html>\n"));
    }
}
