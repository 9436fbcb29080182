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
pub fn html(r: &Report, plan: &Plan, w: &mut dyn Write) -> io::Result<()> {
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
