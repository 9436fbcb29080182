//! The explorer: one self-contained HTML page (`vncite graph -o corpus.html`) in which an
//! analyst pans, zooms, searches, filters and drills down through the citation graph.
//!
//! The page holds its data as JSON in a `<script type="application/json">`, the nodes and
//! edges exactly as `graph --format json` publishes them ([`crate::present::node_out`],
//! [`crate::present::EdgeOut`]), plus a position for every node computed here. The layout is
//! done in Rust, once and deterministically, so the browser never runs a physics simulation:
//! a few thousand documents are drawn on a canvas in milliseconds and the same corpus gives
//! the same bytes.

use crate::graph::CitationGraph;
use crate::model::Level;
use crate::present::{edge_out, node_out, EdgeOut, NodeOut};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;

/// The page's styles, kept in a file of their own so they read as CSS.
const CSS: &str = include_str!("explorer/explorer.css");
/// The page's script: plain JavaScript, no library.
const JS: &str = include_str!("explorer/explorer.js");

/// World units between two documents' centres in a lane: wide enough for the largest dot.
const GAP: i64 = 14;
/// Height of a lane in world units.
const LANE: i64 = 14;
/// Space between two level bands.
const BAND_GAP: i64 = 60;
/// The shape the overview aims at (width over height): a screen's.
const ASPECT: f64 = 1.6;

/// Why the explorer could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExplorerError {
    /// The data could not be serialised.
    #[error("serialising the explorer's data: {0}")]
    Json(#[from] serde_json::Error),
    /// The page could not be written.
    #[error("writing the explorer: {0}")]
    Io(#[from] std::io::Error),
}

/// A level band of the overview: its name and vertical extent.
#[derive(Serialize, Debug, PartialEq)]
struct Band {
    name: &'static str,
    level: Option<Level>,
    y0: i64,
    y1: i64,
}

/// A mark on the time axis.
#[derive(Serialize, Debug, PartialEq)]
struct Tick {
    x: i64,
    label: String,
}

/// Where every document stands in the overview.
#[derive(Debug, PartialEq)]
struct Layout {
    pos: Vec<(i64, i64)>,
    bands: Vec<Band>,
    ticks: Vec<Tick>,
    /// Left edge of the dated part: undated documents stand left of it.
    dated_x0: i64,
}

#[derive(Serialize)]
struct Data<'a> {
    title: &'a str,
    root: Option<&'a str>,
    nodes: Vec<NodeOut<'a>>,
    edges: Vec<EdgeOut<'a>>,
    /// `[x, y]` of each node, in the order of `nodes`.
    xy: Vec<[i64; 2]>,
    bands: Vec<Band>,
    ticks: Vec<Tick>,
    dated_x0: i64,
}

/// The bands, top to bottom: the cited centre above the provinces that carry it out.
const BANDS: [(Option<Level>, &str); 5] = [
    (Some(Level::Central), "Trung ương (central)"),
    (Some(Level::Province), "Tỉnh (province)"),
    (Some(Level::District), "Huyện (district)"),
    (Some(Level::Commune), "Xã (commune)"),
    (None, "level unknown"),
];

/// Lanes a band of documents needs at `scale` world units a step of time: each dated
/// document goes into the first lane where it clears the one before it. Returns each document's x and lane,
/// and how many lanes the band takes.
fn lanes(days: &[Option<f64>], scale: f64, x0: i64) -> (Vec<(i64, usize)>, usize) {
    let mut ends: Vec<i64> = Vec::new();
    let mut res = vec![(0i64, 0usize); days.len()];
    for (i, d) in days.iter().enumerate() {
        if let Some(day) = d {
            let x = x0 + (day * scale).round() as i64;
            let lane = match ends.iter().position(|&e| e + GAP <= x) {
                Some(l) => l,
                None => {
                    ends.push(x);
                    ends.len() - 1
                }
            };
            ends[lane] = x;
            res[i] = (x, lane);
        }
    }
    // Undated documents stand in a block left of the dated ones, in as many rows as the band
    // has anyway (at least four), so they add width rather than height.
    let undated = days.iter().filter(|d| d.is_none()).count();
    let rows = ends.len().max(4).min(undated.max(1));
    let cols = undated.div_ceil(rows) as i64;
    let mut k = 0usize;
    for (i, d) in days.iter().enumerate() {
        if d.is_none() {
            let col = (k / rows) as i64;
            res[i] = (x0 - GAP * 3 - (cols - 1 - col) * GAP, k % rows);
            k += 1;
        }
    }
    let taken = if undated > 0 { rows } else { 0 };
    (res, ends.len().max(taken).max(1))
}

/// The overview's layout: a band per level (central on top), time running left to right,
/// documents of one band stacked in lanes where their dates crowd; the scale of time is
/// the one of a few tried that gives the picture a screen's shape.
fn layout(g: &CitationGraph, nodes: &[NodeIndex]) -> Layout {
    let mut by_band: Vec<Vec<usize>> = vec![Vec::new(); BANDS.len()];
    for (i, &n) in nodes.iter().enumerate() {
        let lvl = g.graph[n].level();
        let b = BANDS.iter().position(|(l, _)| *l == lvl).unwrap_or(4);
        by_band[b].push(i);
    }
    let day = |i: usize| g.graph[nodes[i]].date.map(|d| d.first_day());
    // Each band in date order (then by id, for ties), the order lanes are filled in.
    for band in &mut by_band {
        band.sort_by(|&a, &b| {
            (day(a).is_some(), day(a), &g.graph[nodes[a]].id).cmp(&(
                day(b).is_some(),
                day(b),
                &g.graph[nodes[b]].id,
            ))
        });
    }
    // Time runs by rank, not by calendar: a day takes as much width as it has documents, so
    // the busy months of a campaign spread out and a law of years before stays near.
    let mut days: Vec<i64> = (0..nodes.len()).filter_map(day).collect();
    days.sort_unstable();
    let below = |d: i64| days.partition_point(|&x| x < d) as f64;
    let upto = |d: i64| days.partition_point(|&x| x <= d) as f64;
    let undated = nodes.len() - days.len();
    let undated_w = if undated > 0 { GAP * 8 } else { 0 };
    let x0 = undated_w;
    // Each band's documents of one day spread over the day's share of the axis.
    let units: Vec<Vec<Option<f64>>> = by_band
        .iter()
        .map(|members| {
            let mut out = Vec::with_capacity(members.len());
            let mut j = 0;
            while j < members.len() {
                let Some(d) = day(members[j]) else {
                    out.push(None);
                    j += 1;
                    continue;
                };
                let same = members[j..]
                    .iter()
                    .take_while(|&&i| day(i) == Some(d))
                    .count();
                let (a, b) = (below(d), upto(d));
                for k in 0..same {
                    out.push(Some(a + (b - a) * k as f64 / same as f64));
                }
                j += same;
            }
            out
        })
        .collect();
    let place = |scale: f64| {
        let mut pos = vec![(0i64, 0i64); nodes.len()];
        let mut bands = Vec::new();
        let mut y = 0i64;
        let mut min_x = 0i64;
        for (b, members) in by_band.iter().enumerate() {
            if members.is_empty() {
                continue;
            }
            let (xs, rows) = lanes(&units[b], scale, x0);
            for (&i, &(x, lane)) in members.iter().zip(&xs) {
                pos[i] = (x, y + LANE / 2 + lane as i64 * LANE);
                min_x = min_x.min(x);
            }
            let y1 = y + rows as i64 * LANE;
            bands.push(Band {
                name: BANDS[b].1,
                level: BANDS[b].0,
                y0: y,
                y1,
            });
            y = y1 + BAND_GAP;
        }
        let width = (x0 + (days.len() as f64 * scale).round() as i64) - min_x + GAP;
        let height = (y - BAND_GAP).max(LANE);
        (pos, bands, width, height)
    };
    // Scales from an eighth of a unit a rank to 256: the one whose picture is nearest a
    // screen's shape, the smaller on a tie (a fixed list, so the choice is deterministic).
    let scales = [
        0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0,
    ];
    let mut best: Option<(f64, f64)> = None;
    for s in scales {
        let (_, _, w, h) = place(s);
        let off = ((w as f64 / h as f64) / ASPECT).ln().abs();
        if best.is_none_or(|(_, o)| off < o) {
            best = Some((s, off));
        }
    }
    let scale = best.map_or(1.0, |(s, _)| s);
    let (pos, bands, _, _) = place(scale);
    Layout {
        pos,
        bands,
        ticks: ticks(&days, scale, x0),
        dated_x0: x0,
    }
}

/// Marks on the time axis (`days`: every dated document's day, sorted): months when the
/// span is short enough to read them, else years, each where its first day falls in rank.
fn ticks(days: &[i64], scale: f64, x0: i64) -> Vec<Tick> {
    use crate::model::PartialDate;
    let (Some(&day0), Some(&day1)) = (days.first(), days.last()) else {
        return Vec::new();
    };
    let (Some(a), Some(b)) = (civil(day0), civil(day1)) else {
        return Vec::new();
    };
    let months = (b.0 - a.0) * 12 + (b.1 as i64 - a.1 as i64);
    let step = match months {
        ..=30 => 1,
        31..=90 => 3,
        91..=240 => 12,
        _ => 60,
    };
    let mut out = Vec::new();
    let (mut y, mut m) = (a.0, a.1 as i64);
    if step >= 12 {
        m = 1;
    }
    while let Some(d) = u16::try_from(y)
        .ok()
        .and_then(|yy| PartialDate::new(yy, Some(m as u8), Some(1)))
    {
        let first = d.first_day();
        if first > day1 {
            break;
        }
        if first >= day0 {
            let rank = days.partition_point(|&x| x < first) as f64;
            out.push(Tick {
                x: x0 + (rank * scale).round() as i64,
                label: if step >= 12 {
                    format!("{y}")
                } else {
                    format!("{y}-{m:02}")
                },
            });
        }
        m += step;
        while m > 12 {
            m -= 12;
            y += 1;
        }
    }
    out
}

/// Year and month of a day counted from 1970-01-01; `None` past jiff's years (±9999).
fn civil(z: i64) -> Option<(i64, u8)> {
    const EPOCH: jiff::civil::Date = jiff::civil::Date::constant(1970, 1, 1);
    let secs = jiff::SignedDuration::from_secs(z.checked_mul(86_400)?);
    let d = EPOCH.checked_add(secs).ok()?;
    Some((i64::from(d.year()), d.month().unsigned_abs()))
}

/// JSON made safe to stand inside a `<script>` element: every `<` written `\u003c`, so no
/// text of a document (`</script>`, `<!--`) can end the element or open a comment. JSON
/// reads `\u003c` back as `<`.
pub fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// Writes the explorer for the graph (or the subgraph of `keep`); `root`, when given, is the
/// document the page opens on, drilled down one step.
pub fn write_explorer(
    g: &CitationGraph,
    keep: Option<&BTreeSet<NodeIndex>>,
    root: Option<NodeIndex>,
    title: &str,
    w: &mut dyn Write,
) -> Result<(), ExplorerError> {
    let inside = |n: NodeIndex| keep.is_none_or(|k| k.contains(&n));
    let nodes: Vec<NodeIndex> = g.nodes().filter(|&n| inside(n)).collect();
    let lay = layout(g, &nodes);
    let index: HashMap<NodeIndex, usize> = nodes.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let edges = g
        .graph
        .edge_references()
        .filter(|e| index.contains_key(&e.source()) && index.contains_key(&e.target()))
        .map(|e| edge_out(g, e))
        .collect();
    let data = Data {
        title,
        root: root.filter(|r| inside(*r)).map(|r| g.graph[r].id.as_str()),
        nodes: nodes.iter().map(|&n| node_out(&g.graph[n])).collect(),
        edges,
        xy: lay.pos.iter().map(|&(x, y)| [x, y]).collect(),
        bands: lay.bands,
        ticks: lay.ticks,
        dated_x0: lay.dated_x0,
    };
    let json = script_json(&serde_json::to_string(&data)?);
    let title = crate::render::xml_escape(title);
    write!(
        w,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n{BODY}\
         <script type=\"application/json\" id=\"vncite-data\">{json}</script>\n\
         <script>\n{JS}</script>\n</body>\n</html>\n"
    )?;
    Ok(())
}

/// The page's elements; the script fills them.
const BODY: &str = r#"<header id="bar">
<strong class="brand">vncite</strong> <span id="title"></span>
<span class="searchbox"><input id="q" type="search" placeholder="Search key or issuer (1068/CD-TTg, ubnd son la)" autocomplete="off" spellcheck="false"><ul id="hits" hidden></ul></span>
<button id="overview" title="Every document, by level and date">Overview</button>
<button id="fit" title="Fit the drawing to the window">Fit</button>
<button id="zin" title="Zoom in">+</button><button id="zout" title="Zoom out">−</button>
<span id="status"></span>
</header>
<aside id="side">
<details id="filters" open><summary>Filters</summary>
<fieldset id="f-rel"><legend>Relation</legend></fieldset>
<fieldset id="f-lvl"><legend>Level</legend></fieldset>
<fieldset id="f-date"><legend>Date</legend>
<label>from <input id="d-from" type="date"></label>
<label>to <input id="d-to" type="date"></label>
<label><input id="d-undated" type="checkbox" checked> undated</label>
</fieldset>
</details>
<section id="card"><p class="hint">Search for a document, or click one, to see its card: what it cites and who cites it, with the sentences that say so. “Explore from here” drills down one step at a time.</p></section>
</aside>
<main id="stage"><canvas id="canvas"></canvas><div id="legend"></div></main>
<div id="timing" hidden></div>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_escapes_every_less_than() {
        let s = script_json(r#"{"a":"</script><!-- x"}"#);
        assert!(!s.contains('<'));
        assert_eq!(s, r#"{"a":"\u003c/script>\u003c!-- x"}"#);
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["a"], "</script><!-- x");
    }

    #[test]
    fn civil_days_round_trip() {
        assert_eq!(civil(0), Some((1970, 1)));
        assert_eq!(civil(-1), Some((1969, 12)));
        assert_eq!(civil(i64::MAX), None);
        let d = crate::model::PartialDate::new(2021, Some(8), Some(3)).unwrap();
        assert_eq!(civil(d.first_day()), Some((2021, 8)));
        let d = crate::model::PartialDate::new(2024, Some(2), Some(29)).unwrap();
        assert_eq!(civil(d.first_day()), Some((2024, 2)));
    }

    #[test]
    fn ticks_are_months_over_a_short_span() {
        let day = |m, d| {
            crate::model::PartialDate::new(2021, Some(m), Some(d))
                .unwrap()
                .first_day()
        };
        let days = [day(8, 3), day(8, 20), day(9, 2), day(11, 20)];
        let t = ticks(&days, 10.0, 0);
        let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["2021-09", "2021-10", "2021-11"]);
        // By rank: September starts after two documents, October and November after three.
        let xs: Vec<i64> = t.iter().map(|t| t.x).collect();
        assert_eq!(xs, [20, 30, 30]);
    }

    #[test]
    fn the_seeds_lie_apart_central_above_the_provinces_earlier_to_the_left() {
        let corpus = crate::extract_paths(&[std::path::PathBuf::from("data")]);
        let g = CitationGraph::build(&corpus);
        let nodes: Vec<NodeIndex> = g.nodes().collect();
        let lay = layout(&g, &nodes);
        let distinct: BTreeSet<(i64, i64)> = lay.pos.iter().copied().collect();
        assert_eq!(distinct.len(), nodes.len(), "two documents on one spot");
        let at = |key: &str| {
            let i = nodes
                .iter()
                .position(|&n| {
                    g.graph[n]
                        .key
                        .as_ref()
                        .is_some_and(|k| k.to_string() == key)
                })
                .unwrap();
            lay.pos[i]
        };
        let (directive, answer) = (at("1068/CĐ-TTg"), at("2405/UBND-KGVX"));
        assert!(directive.1 < answer.1, "central above province");
        assert!(directive.0 <= answer.0, "5 August before 6 August");
        assert_eq!(lay, layout(&g, &nodes), "the same layout twice");
    }

    #[test]
    fn lanes_stack_crowded_days_and_block_the_undated() {
        let days = [Some(0.0), Some(0.0), Some(5.0), None, Some(100.0)];
        let (xs, rows) = lanes(&days, 1.0, 100);
        // Two on day 0 need two lanes; day 5 is too close to both (GAP 14).
        assert_eq!(xs[0], (100, 0));
        assert_eq!(xs[1], (100, 1));
        assert_eq!(xs[2], (105, 2));
        assert_eq!(xs[4], (200, 0));
        assert!(xs[3].0 < 100, "undated left of the dated: {:?}", xs[3]);
        assert_eq!(rows, 3);
    }
}
