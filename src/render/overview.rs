//! Overviews: a corpus too big to draw document by document, drawn as groups of documents
//! with counts, and counted edges between the groups. Their size is bounded by the country's
//! geography (63 provinces, four levels) or by a budget (issuers), not by the corpus: a
//! million documents draw as fast as a thousand once read.

use super::documents::{rank_level, short_issuer};
use super::layout::{
    self, fit, footer, header, Band, Entry, Item, LabelPlace, Link, Mark, Spec, MARGIN,
    TARGET_ASPECT,
};
use super::scene::{Anchor, Curve, Dash, Line, Panel, Scene, Shape, Text};
use super::{dot_quote, level_colour, level_name, level_rank, Collapse, Options};
use crate::graph::CitationGraph;
use crate::model::Relation;
use crate::normalize::fold_ascii;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// Colour of the counted edges of an overview.
const FLOW: &str = "#2f5f8f";
/// Central bodies drawn each in its box before the rest are counted together.
const CENTRAL_BOXES: usize = 12;
/// Issuers drawn in their own box, per level, in an overview by issuer.
const ISSUERS_PER_LEVEL: usize = 12;
/// Counted edges drawn in an overview by issuer, heaviest first.
const ISSUER_LINKS: usize = 60;

/// `n` with a comma every three digits: 12,345.
pub fn count(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n thing` or `n things`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// Line width of an edge standing for `n` citations.
fn flow_width(n: usize) -> f64 {
    (0.8 + (n as f64).log2() * 0.45).clamp(0.8, 5.0)
}

/// The documents and citations an overview counts.
struct Counted<'a> {
    g: &'a CitationGraph,
    ids: Vec<NodeIndex>,
    edges: Vec<(NodeIndex, NodeIndex, Relation)>,
}

impl<'a> Counted<'a> {
    fn new(g: &'a CitationGraph, nodes: Option<&BTreeSet<NodeIndex>>) -> Self {
        let keep = |n: NodeIndex| nodes.is_none_or(|s| s.contains(&n));
        let ids = g.graph.node_indices().filter(|&n| keep(n)).collect();
        let edges = g
            .graph
            .edge_references()
            .filter(|e| keep(e.source()) && keep(e.target()))
            .map(|e| (e.source(), e.target(), e.weight().relation))
            .collect();
        Counted { g, ids, edges }
    }

    fn rank(&self, n: NodeIndex) -> usize {
        level_rank(self.g.graph[n].level())
    }

    /// The province a document's issuer belongs to (its own for a province's body); none when
    /// the text does not tell a district's or commune's province.
    fn province(&self, n: NodeIndex) -> Option<&'a str> {
        let i = self.g.graph[n].issuer.as_ref()?;
        match i.province.as_deref() {
            Some(p) => Some(p),
            None if i.level == Some(crate::model::Level::Province) => i.locality.as_deref(),
            None => None,
        }
    }

    fn issuer(&self, n: NodeIndex) -> &'a str {
        self.g.graph[n]
            .issuer
            .as_ref()
            .map_or("issuer unknown", |i| i.name.as_str())
    }
}

/// A sort key for Vietnamese names: letters without their marks first, then as written.
fn name_key(s: &str) -> (String, String) {
    (fold_ascii(s), s.to_string())
}

/// The overview of `nodes` (all when `None`) grouped `by`.
pub fn scene(
    g: &CitationGraph,
    nodes: Option<&BTreeSet<NodeIndex>>,
    by: Collapse,
    opt: &Options,
) -> Scene {
    let c = Counted::new(g, nodes);
    match by {
        Collapse::Level => level_scene(&c, opt),
        Collapse::Issuer => layout::lay_out(&issuer_spec(&c, opt)),
        Collapse::Province | Collapse::None => province_scene(&c, opt),
    }
}

/// A title saying what is drawn.
fn title(c: &Counted, opt: &Options, by: &str) -> String {
    let what = format!(
        "{} and {} by {by}",
        plural(c.ids.len(), "document", "documents"),
        plural(c.edges.len(), "citation", "citations")
    );
    match &opt.title {
        Some(t) => format!("{t}: {what}"),
        None => what,
    }
}

/// Per level: documents, read ones, issuers.
fn level_stats<'a>(c: &Counted<'a>) -> BTreeMap<usize, (usize, usize, BTreeSet<&'a str>)> {
    let mut stats: BTreeMap<usize, (usize, usize, BTreeSet<&'a str>)> = BTreeMap::new();
    for &n in &c.ids {
        let s = stats.entry(c.rank(n)).or_default();
        s.0 += 1;
        s.1 += usize::from(c.g.graph[n].in_corpus);
        s.2.insert(c.issuer(n));
    }
    stats
}

/// Four (or five) boxes, one per level, top-down, with the citations between each two:
/// straight down from one level to the next, arcs on the right for a level skipped, on the
/// left for a citation up the hierarchy (the cited document's level is lower).
fn level_scene(c: &Counted, opt: &Options) -> Scene {
    const BW: f64 = 300.0;
    const BH: f64 = 56.0;
    const GAP: f64 = 84.0;
    const ARC: f64 = 30.0;
    let stats = level_stats(c);
    let ranks: Vec<usize> = stats.keys().copied().collect();
    let index: HashMap<usize, usize> = ranks.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    // (citing, cited) level index → citations, implementing ones.
    let mut flows: BTreeMap<(usize, usize), (usize, usize)> = BTreeMap::new();
    for &(citing, cited, r) in &c.edges {
        let f = flows
            .entry((index[&c.rank(citing)], index[&c.rank(cited)]))
            .or_default();
        f.0 += 1;
        f.1 += usize::from(r == Relation::Implements);
    }
    let right: Vec<(usize, usize)> = flows.keys().copied().filter(|&(a, b)| a > b + 1).collect();
    let left: Vec<(usize, usize)> = flows.keys().copied().filter(|&(a, b)| a < b).collect();
    let lw = if left.is_empty() {
        0.0
    } else {
        left.len() as f64 * ARC + 70.0
    };
    let rw = if right.is_empty() {
        0.0
    } else {
        right.len() as f64 * ARC + 70.0
    };
    let legend = vec![
        Entry {
            mark: Mark::Stroke {
                colour: FLOW,
                dash: Dash::Solid,
                width: 2.0,
            },
            text: "citations from one level's documents to another's (arrow at the cited)".into(),
        },
        Entry {
            mark: Mark::Note,
            text: "↺ citations within a level".into(),
        },
    ];
    let width = (2.0 * MARGIN + lw + BW + rw + 120.0).max(620.0);
    let mut scene = Scene::default();
    let top = MARGIN
        + header(
            &mut scene,
            Some(&title(c, opt, "level")),
            &legend,
            width,
            MARGIN,
        )
        + 8.0;
    let x0 = (width - BW) / 2.0;
    let cx = x0 + BW / 2.0;
    let box_y = |k: usize| top + k as f64 * (BH + GAP);
    for (k, &r) in ranks.iter().enumerate() {
        let (docs, read, issuers) = &stats[&r];
        let within = flows.get(&(k, k)).map_or(0, |f| f.0);
        let mut lines = vec![
            Line {
                text: level_name(rank_level(r)).to_string(),
                size: 12.0,
                bold: true,
            },
            Line {
                text: format!(
                    "{} · {}",
                    plural(*docs, "document", "documents"),
                    plural(issuers.len(), "issuer", "issuers")
                ),
                size: 10.0,
                bold: false,
            },
        ];
        let mut third = format!("{} read, {} only cited", count(*read), count(docs - read));
        if within > 0 {
            third.push_str(&format!(" · ↺ {}", count(within)));
        }
        lines.push(Line {
            text: third,
            size: 9.0,
            bold: false,
        });
        scene.shapes.push(Shape {
            x: x0,
            y: box_y(k),
            w: BW,
            h: BH,
            fill: level_colour(rank_level(r)),
            stroke: "#444444",
            stroke_width: 1.0,
            dashed: false,
            ink: "#111111",
            lines,
            tooltip: level_name(rank_level(r)).to_string(),
        });
    }
    let label = |n: usize, imp: usize| {
        if imp == n {
            format!("{} implement", count(n))
        } else if imp > 0 {
            format!("{} ({} implement)", count(n), count(imp))
        } else {
            count(n)
        }
    };
    let text = |x: f64, y: f64, s: String, anchor: Anchor| Text {
        x,
        y,
        text: s,
        size: 9.5,
        bold: false,
        colour: FLOW,
        anchor,
        halo: true,
    };
    for (&(a, b), &(n, imp)) in &flows {
        let tip = format!(
            "{} ({} implement): {} citing {}",
            plural(n, "citation", "citations"),
            count(imp),
            level_name(rank_level(ranks[a])),
            level_name(rank_level(ranks[b]))
        );
        let (start, pieces, t) = if a == b + 1 {
            let (y0, y1) = (box_y(b) + BH, box_y(a));
            (
                (cx, y0),
                Curve::polyline(&[(cx, y0), (cx, y1)]),
                text(
                    cx + 8.0,
                    (y0 + y1) / 2.0 + 3.0,
                    label(n, imp),
                    Anchor::Start,
                ),
            )
        } else if a > b + 1 {
            let slot = right.iter().position(|&p| p == (a, b)).unwrap_or(0);
            let x = x0 + BW + ARC * (slot as f64 + 1.0);
            let (y0, y1) = (box_y(b) + BH * 0.6, box_y(a) + BH * 0.4);
            let (s, p) = Curve::rounded(&[(x0 + BW, y0), (x, y0), (x, y1), (x0 + BW, y1)], 8.0);
            let mid = box_y(b + 1) + BH / 2.0 + 3.0 + slot as f64 * 14.0;
            // On its own line, the count alone: arcs stand too close for more.
            (s, p, text(x, mid, count(n), Anchor::Middle))
        } else if a < b {
            let slot = left.iter().position(|&p| p == (a, b)).unwrap_or(0);
            let x = x0 - ARC * (slot as f64 + 1.0);
            let (y0, y1) = (box_y(b) + BH * 0.4, box_y(a) + BH * 0.6);
            let (s, p) = Curve::rounded(&[(x0, y0), (x, y0), (x, y1), (x0, y1)], 8.0);
            let mid = (y0 + y1) / 2.0 + 3.0 + slot as f64 * 14.0;
            (s, p, text(x, mid, count(n), Anchor::Middle))
        } else {
            continue;
        };
        scene.curves.push(Curve {
            start,
            pieces,
            colour: FLOW,
            width: flow_width(n),
            dash: Dash::Solid,
            arrow: true,
            tooltip: tip,
        });
        scene.texts.push(t);
    }
    let bottom = box_y(ranks.len().saturating_sub(1)) + BH;
    scene.width = width;
    scene.height = bottom + MARGIN * 2.0;
    scene
}

/// The panel of a province: its documents per level and the citations among them.
#[derive(Default)]
struct Province {
    /// Documents per level (province, district, commune).
    docs: [usize; 3],
    /// Citations within the province: (citing level, cited level) → count, levels 1–3.
    flows: BTreeMap<(usize, usize), usize>,
    /// Citations of central documents by its documents.
    central: usize,
    /// Citations of other provinces' documents.
    across: usize,
}

/// A central body: its documents, citations of them by the provinces' documents, and which
/// provinces cite it.
type Body<'a> = (usize, usize, BTreeSet<Option<&'a str>>);

/// A box of the central row: its name, documents, and (citations, provinces) for a body.
type CentralBox = (String, usize, Option<(usize, usize)>);

/// Short Vietnamese names of the levels in a panel.
const PANEL_LEVELS: [&str; 3] = ["tỉnh", "huyện", "xã"];

/// Central bodies in a row on top, each with its documents and how often the provinces
/// cite them; under them a panel per province (alphabetical, "province unknown" last), each
/// its documents per level stacked tỉnh, huyện, xã with the citations between them.
fn province_scene(c: &Counted, opt: &Options) -> Scene {
    const PW: f64 = 150.0;
    const PH: f64 = 164.0;
    const BW: f64 = 96.0;
    const BH: f64 = 24.0;
    const STEP: f64 = 44.0;
    const CW: f64 = 196.0;
    const CH: f64 = 54.0;
    let mut provinces: BTreeMap<Option<&str>, Province> = BTreeMap::new();
    // Central bodies: documents, citations by the provinces' documents, which provinces.
    let mut central: BTreeMap<&str, Body> = BTreeMap::new();
    let mut unknown_level = 0;
    for &n in &c.ids {
        match c.rank(n) {
            0 => central.entry(c.issuer(n)).or_default().0 += 1,
            r @ 1..=3 => provinces.entry(c.province(n)).or_default().docs[r - 1] += 1,
            _ => unknown_level += 1,
        }
    }
    let mut other = 0;
    for &(citing, cited, _) in &c.edges {
        let (rc, rd) = (c.rank(citing), c.rank(cited));
        if !(1..=3).contains(&rc) {
            other += 1;
            continue;
        }
        let p = c.province(citing);
        if rd == 0 {
            let e = central.entry(c.issuer(cited)).or_default();
            e.1 += 1;
            e.2.insert(p);
            provinces.entry(p).or_default().central += 1;
        } else if (1..=3).contains(&rd) && c.province(cited) == p {
            *provinces
                .entry(p)
                .or_default()
                .flows
                .entry((rc, rd))
                .or_default() += 1;
        } else if (1..=3).contains(&rd) {
            provinces.entry(p).or_default().across += 1;
        } else {
            other += 1;
        }
    }
    // Central boxes: the most documents first; past the budget, counted together.
    let mut bodies: Vec<(&str, Body)> = central.into_iter().collect();
    bodies.sort_by(|a, b| {
        (b.1 .0 + b.1 .1)
            .cmp(&(a.1 .0 + a.1 .1))
            .then_with(|| name_key(a.0).cmp(&name_key(b.0)))
    });
    let mut central_boxes: Vec<(String, usize, usize, usize)> = Vec::new();
    let mut rest = (0, 0, 0, BTreeSet::new());
    for (k, (name, (docs, cited, from))) in bodies.into_iter().enumerate() {
        if k < CENTRAL_BOXES - 1 {
            central_boxes.push((name.to_string(), docs, cited, from.len()));
        } else {
            rest.0 += 1;
            rest.1 += docs;
            rest.2 += cited;
            rest.3.extend(from);
        }
    }
    if rest.0 == 1 {
        // One more body fits in its own box.
        rest.0 = 0;
    }
    let folded = rest.0 > 0;
    if folded {
        central_boxes.push((
            format!("{} other central bodies", rest.0),
            rest.1,
            rest.2,
            rest.3.len(),
        ));
    }
    let mut panels: Vec<(Option<&str>, Province)> = provinces.into_iter().collect();
    panels.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => name_key(x).cmp(&name_key(y)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let legend = vec![
        Entry {
            mark: Mark::Swatch {
                fill: level_colour(rank_level(1)),
                stroke: "#444444",
                dashed: false,
                width: 1.0,
            },
            text: "tỉnh: province".into(),
        },
        Entry {
            mark: Mark::Swatch {
                fill: level_colour(rank_level(2)),
                stroke: "#444444",
                dashed: false,
                width: 1.0,
            },
            text: "huyện: district".into(),
        },
        Entry {
            mark: Mark::Swatch {
                fill: level_colour(rank_level(3)),
                stroke: "#444444",
                dashed: false,
                width: 1.0,
            },
            text: "xã: commune".into(),
        },
        Entry {
            mark: Mark::Stroke {
                colour: FLOW,
                dash: Dash::Solid,
                width: 1.5,
            },
            text: "citations within the province (arrow at the cited)".into(),
        },
        Entry {
            mark: Mark::Note,
            text: "under a name: documents · ↑ citations of central documents · across: of other provinces' · down: of a lower level's · ↺ within a level".into(),
        },
    ];
    // Panel columns for a screen's shape.
    let n = panels.len().max(1);
    let central_rows = |cols: usize| {
        let per = ((cols as f64 * PW) / CW).floor().max(1.0) as usize;
        central_boxes.len().div_ceil(per)
    };
    let size = |cols: usize| {
        let width = 2.0 * MARGIN + (cols as f64 * PW).max(CW);
        let height = 110.0
            + central_rows(cols) as f64 * (CH + 12.0)
            + 46.0
            + n.div_ceil(cols) as f64 * PH
            + 40.0;
        (width, height)
    };
    let cols = (1..=n)
        .min_by(|&a, &b| {
            let s = |k: usize| {
                let (w, h) = size(k);
                (w / h / TARGET_ASPECT).ln().abs()
            };
            s(a).total_cmp(&s(b))
        })
        .unwrap_or(1);
    let width = size(cols).0;
    let mut scene = Scene::default();
    let mut y = MARGIN
        + header(
            &mut scene,
            Some(&title(c, opt, "level and province")),
            &legend,
            width,
            MARGIN,
        )
        + 6.0;
    // Central row(s).
    let per = ((cols as f64 * PW) / CW).floor().max(1.0) as usize;
    let mut extra: Vec<(String, usize)> = Vec::new();
    if unknown_level > 0 {
        extra.push(("level unknown".into(), unknown_level));
    }
    let all: Vec<CentralBox> = central_boxes
        .iter()
        .map(|(name, docs, cited, from)| (name.clone(), *docs, Some((*cited, *from))))
        .chain(extra.into_iter().map(|(n, d)| (n, d, None)))
        .collect();
    for row in all.chunks(per) {
        let x0 = (width - row.len() as f64 * CW) / 2.0;
        for (k, (name, docs, cited)) in row.iter().enumerate() {
            let mut lines = vec![
                Line {
                    text: fit(name, CW - 16.0, 10.0),
                    size: 10.0,
                    bold: true,
                },
                Line {
                    text: plural(*docs, "document", "documents"),
                    size: 9.0,
                    bold: false,
                },
            ];
            if let Some((n, from)) = cited {
                lines.push(Line {
                    text: format!(
                        "↑ {} from {}",
                        count(*n),
                        plural(*from, "province", "provinces")
                    ),
                    size: 9.0,
                    bold: false,
                });
            }
            scene.shapes.push(Shape {
                x: x0 + k as f64 * CW + 5.0,
                y,
                w: CW - 10.0,
                h: CH,
                fill: if cited.is_some() {
                    level_colour(rank_level(0))
                } else {
                    level_colour(None)
                },
                stroke: "#444444",
                stroke_width: 1.0,
                dashed: false,
                ink: "#111111",
                lines,
                tooltip: name.clone(),
            });
        }
        y += CH + 12.0;
    }
    let to_central: usize = panels.iter().map(|p| p.1.central).sum();
    scene.texts.push(Text {
        x: width / 2.0,
        y: y + 14.0,
        text: format!(
            "↑ {} by the documents of the provinces below (each panel's ↑)",
            plural(
                to_central,
                "citation of central documents",
                "citations of central documents"
            )
        ),
        size: 10.0,
        bold: false,
        colour: FLOW,
        anchor: Anchor::Middle,
        halo: false,
    });
    y += 34.0;
    let gx = (width - cols as f64 * PW) / 2.0;
    for (k, (name, p)) in panels.iter().enumerate() {
        let (px, py) = (
            gx + (k % cols) as f64 * PW + 4.0,
            y + (k / cols) as f64 * PH + 4.0,
        );
        draw_panel(
            &mut scene,
            *name,
            p,
            (px, py, PW - 8.0, PH - 8.0),
            (BW, BH, STEP),
        );
    }
    let bottom = y + n.div_ceil(cols) as f64 * PH;
    let mut notes = Vec::new();
    if other > 0 {
        notes.push(format!(
            "Not in the panels: {} (by central documents or documents of unknown level, or of documents of unknown level).",
            plural(other, "citation", "citations")
        ));
    }
    let foot = footer(&mut scene, &notes, bottom);
    scene.width = width;
    scene.height = bottom + foot + MARGIN;
    scene
}

/// One province's panel at `rect`, its level boxes `sizes` (width, height, step) apart.
fn draw_panel(
    scene: &mut Scene,
    name: Option<&str>,
    p: &Province,
    rect: (f64, f64, f64, f64),
    sizes: (f64, f64, f64),
) {
    let (x, y, w, h) = rect;
    let (bw, bh, step) = sizes;
    scene.panels.push(Panel {
        x,
        y,
        w,
        h,
        fill: Some("#fafafa"),
        stroke: Some("#cfcfcf"),
    });
    let name = name.unwrap_or("province unknown");
    scene.texts.push(Text {
        x: x + w / 2.0,
        y: y + 14.0,
        text: fit(name, w - 8.0, 10.0),
        size: 10.0,
        bold: true,
        colour: "#222222",
        anchor: Anchor::Middle,
        halo: false,
    });
    let total: usize = p.docs.iter().sum();
    let mut sub = format!("{} · ↑{}", count(total), count(p.central));
    if p.across > 0 {
        sub.push_str(&format!(" · {} across", count(p.across)));
    }
    let up: usize = p
        .flows
        .iter()
        .filter(|(&(a, b), _)| a < b)
        .map(|(_, &n)| n)
        .sum();
    if up > 0 {
        sub.push_str(&format!(" · {} down", count(up)));
    }
    scene.texts.push(Text {
        x: x + w / 2.0,
        y: y + 27.0,
        text: sub,
        size: 8.5,
        bold: false,
        colour: "#555555",
        anchor: Anchor::Middle,
        halo: false,
    });
    let bx = x + 10.0;
    let cx = bx + bw / 2.0;
    let top = y + 38.0;
    for (k, level) in PANEL_LEVELS.iter().enumerate() {
        let n = p.docs[k];
        let within = p.flows.get(&(k + 1, k + 1)).copied().unwrap_or(0);
        let mut text = format!("{level} {}", count(n));
        if within > 0 {
            text.push_str(&format!(" ↺{}", count(within)));
        }
        scene.shapes.push(Shape {
            x: bx,
            y: top + k as f64 * step,
            w: bw,
            h: bh,
            fill: if n > 0 {
                level_colour(rank_level(k + 1))
            } else {
                "#ffffff"
            },
            stroke: if n > 0 { "#444444" } else { "#bbbbbb" },
            stroke_width: 1.0,
            dashed: false,
            ink: if n > 0 { "#111111" } else { "#999999" },
            lines: vec![Line {
                text,
                size: 9.5,
                bold: false,
            }],
            tooltip: format!(
                "{name}: {} of level {level}",
                plural(n, "document", "documents")
            ),
        });
    }
    let label = |scene: &mut Scene, x: f64, y: f64, n: usize| {
        scene.texts.push(Text {
            x,
            y,
            text: count(n),
            size: 8.5,
            bold: false,
            colour: FLOW,
            anchor: Anchor::Start,
            halo: true,
        })
    };
    // tỉnh ← huyện, huyện ← xã: straight down; tỉnh ← xã: an arc on the right.
    for k in 0..2 {
        let n = p.flows.get(&(k + 2, k + 1)).copied().unwrap_or(0);
        if n == 0 {
            continue;
        }
        let (y0, y1) = (top + k as f64 * step + bh, top + (k + 1) as f64 * step);
        scene.curves.push(Curve {
            start: (cx, y0),
            pieces: Curve::polyline(&[(cx, y0), (cx, y1)]),
            colour: FLOW,
            width: flow_width(n),
            dash: Dash::Solid,
            arrow: true,
            tooltip: format!(
                "{name}: {} {} citing {}",
                plural(n, "citation", "citations"),
                PANEL_LEVELS[k + 1],
                PANEL_LEVELS[k]
            ),
        });
        label(scene, cx + 6.0, (y0 + y1) / 2.0 + 3.0, n);
    }
    let skip = p.flows.get(&(3, 1)).copied().unwrap_or(0);
    if skip > 0 {
        let ax = bx + bw;
        let xr = ax + 12.0;
        let (y0, y1) = (top + bh * 0.5, top + 2.0 * step + bh * 0.5);
        let (s, pieces) = Curve::rounded(&[(ax, y0), (xr, y0), (xr, y1), (ax, y1)], 6.0);
        scene.curves.push(Curve {
            start: s,
            pieces,
            colour: FLOW,
            width: flow_width(skip),
            dash: Dash::Solid,
            arrow: true,
            tooltip: format!(
                "{name}: {} xã citing tỉnh",
                plural(skip, "citation", "citations")
            ),
        });
        label(scene, xr + 3.0, top + step + bh / 2.0 + 3.0, skip);
    }
}

/// Issuers as boxes in their level's band (the busiest of each level; the rest counted in one
/// box per level), with the heaviest counted edges between them.
fn issuer_spec(c: &Counted, opt: &Options) -> Spec {
    // Per issuer: level, documents, times cited.
    let mut issuers: HashMap<&str, (usize, usize, usize)> = HashMap::new();
    for &n in &c.ids {
        let e = issuers.entry(c.issuer(n)).or_insert((c.rank(n), 0, 0));
        e.1 += 1;
    }
    for &(_, cited, _) in &c.edges {
        if let Some(e) = issuers.get_mut(c.issuer(cited)) {
            e.2 += 1;
        }
    }
    // The busiest issuers of each level keep a box.
    let mut by_level: BTreeMap<usize, Vec<(&str, usize, usize)>> = BTreeMap::new();
    for (&name, &(rank, docs, cited)) in &issuers {
        by_level.entry(rank).or_default().push((name, docs, cited));
    }
    let mut boxes: Vec<(String, usize, usize, usize, usize)> = Vec::new(); // name, rank, docs, cited, issuers
    let mut box_of: HashMap<&str, usize> = HashMap::new();
    for (rank, mut list) in by_level {
        list.sort_by(|a, b| {
            (b.1 + b.2)
                .cmp(&(a.1 + a.2))
                .then_with(|| name_key(a.0).cmp(&name_key(b.0)))
        });
        let budget = if list.len() > ISSUERS_PER_LEVEL {
            ISSUERS_PER_LEVEL - 1
        } else {
            list.len()
        };
        for &(name, docs, cited) in &list[..budget] {
            box_of.insert(name, boxes.len());
            boxes.push((name.to_string(), rank, docs, cited, 1));
        }
        if list.len() > budget {
            let rest = &list[budget..];
            let at = boxes.len();
            for &(name, _, _) in rest {
                box_of.insert(name, at);
            }
            boxes.push((
                format!(
                    "{} other {} issuers",
                    count(rest.len()),
                    level_name(rank_level(rank)).split(' ').next().unwrap_or("")
                ),
                rank,
                rest.iter().map(|r| r.1).sum(),
                rest.iter().map(|r| r.2).sum(),
                rest.len(),
            ));
        }
    }
    let mut flows: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut within: HashMap<usize, usize> = HashMap::new();
    for &(citing, cited, _) in &c.edges {
        let (a, b) = (box_of[c.issuer(citing)], box_of[c.issuer(cited)]);
        if a == b {
            *within.entry(a).or_default() += 1;
        } else {
            *flows.entry((a, b)).or_default() += 1;
        }
    }
    let mut heavy: Vec<((usize, usize), usize)> = flows.into_iter().collect();
    heavy.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let left_out = heavy.len().saturating_sub(ISSUER_LINKS);
    let left_out_citations: usize = heavy.iter().skip(ISSUER_LINKS).map(|h| h.1).sum();
    heavy.truncate(ISSUER_LINKS);
    let ranks: BTreeSet<usize> = boxes.iter().map(|b| b.1).collect();
    let band_index: HashMap<usize, usize> =
        ranks.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let bands = ranks
        .iter()
        .map(|&r| Band {
            label: level_name(rank_level(r)).to_string(),
            sub: Some(plural(
                boxes.iter().filter(|b| b.1 == r).map(|b| b.4).sum(),
                "issuer",
                "issuers",
            )),
            ..Band::default()
        })
        .collect();
    let items = boxes
        .iter()
        .enumerate()
        .map(|(i, (name, rank, docs, cited, _))| {
            let mut lines = vec![
                Line {
                    text: fit(&short_issuer(name), 190.0, 9.5),
                    size: 9.5,
                    bold: true,
                },
                Line {
                    text: plural(*docs, "document", "documents"),
                    size: 9.0,
                    bold: false,
                },
            ];
            let w = within.get(&i).copied().unwrap_or(0);
            let mut third = format!("cited {}×", count(*cited));
            if w > 0 {
                third.push_str(&format!(" · ↺{}", count(w)));
            }
            lines.push(Line {
                text: third,
                size: 9.0,
                bold: false,
            });
            let shape = Shape {
                x: 0.0,
                y: 0.0,
                w: layout::lines_width(&lines).max(120.0) + 14.0,
                h: layout::lines_height(&lines) + 9.0,
                fill: level_colour(rank_level(*rank)),
                stroke: "#444444",
                stroke_width: 1.0,
                dashed: false,
                ink: "#111111",
                lines,
                tooltip: name.clone(),
            };
            Item {
                shape,
                band: band_index[rank],
                tier: 0,
                group: None,
                key: format!("{:012}|{}", usize::MAX / 2 - docs, fold_ascii(name)),
                centre: false,
            }
        })
        .collect();
    let links = heavy
        .iter()
        .map(|&((a, b), n)| Link {
            from: b,
            to: a,
            colour: FLOW,
            width: flow_width(n),
            dash: Dash::Solid,
            label: count(n),
            tooltip: format!(
                "{}: {} citing {}",
                plural(n, "citation", "citations"),
                boxes[a].0,
                boxes[b].0
            ),
        })
        .collect();
    let mut legend: Vec<Entry> = ranks
        .iter()
        .map(|&r| Entry {
            mark: Mark::Swatch {
                fill: level_colour(rank_level(r)),
                stroke: "#444444",
                dashed: false,
                width: 1.0,
            },
            text: level_name(rank_level(r)).to_string(),
        })
        .collect();
    legend.push(Entry {
        mark: Mark::Stroke {
            colour: FLOW,
            dash: Dash::Solid,
            width: 1.5,
        },
        text: "citations between two issuers' documents (arrow at the cited)".into(),
    });
    legend.push(Entry {
        mark: Mark::Note,
        text: "↺ within one issuer".into(),
    });
    let mut notes = Vec::new();
    if left_out > 0 {
        notes.push(format!(
            "Not drawn: {} between {} other pairs of issuers (the {} heaviest are drawn).",
            plural(left_out_citations, "citation", "citations"),
            count(left_out),
            ISSUER_LINKS
        ));
    }
    Spec {
        title: Some(title(c, opt, "issuer")),
        bands,
        groups: Vec::new(),
        items,
        links,
        legend,
        notes,
        labels: LabelPlace::Middle,
    }
}

/// The overview as DOT for other tools: a node per group with its count, an edge per pair of
/// groups with the number of citations; by province, a cluster per province.
pub fn dot(
    g: &CitationGraph,
    nodes: Option<&BTreeSet<NodeIndex>>,
    by: Collapse,
    opt: &Options,
) -> String {
    let c = Counted::new(g, nodes);
    // Group of each document: (rank, cluster, name).
    let group = |n: NodeIndex| -> (usize, Option<&str>, String) {
        let r = c.rank(n);
        match by {
            Collapse::Level => (r, None, level_name(rank_level(r)).to_string()),
            Collapse::Issuer => (r, None, c.issuer(n).to_string()),
            Collapse::Province | Collapse::None => match r {
                1..=3 => {
                    let p = c.province(n);
                    (
                        r,
                        Some(p.unwrap_or("province unknown")),
                        format!(
                            "{} {}",
                            PANEL_LEVELS[r - 1],
                            p.unwrap_or("(province unknown)")
                        ),
                    )
                }
                _ => (r, None, c.issuer(n).to_string()),
            },
        }
    };
    let mut groups: BTreeMap<(usize, Option<&str>, String), usize> = BTreeMap::new();
    let mut of: HashMap<NodeIndex, (usize, Option<&str>, String)> = HashMap::new();
    for &n in &c.ids {
        let k = group(n);
        *groups.entry(k.clone()).or_default() += 1;
        of.insert(n, k);
    }
    let ids: HashMap<&(usize, Option<&str>, String), usize> =
        groups.keys().enumerate().map(|(i, k)| (k, i)).collect();
    let mut flows: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for &(citing, cited, _) in &c.edges {
        *flows
            .entry((ids[&of[&citing]], ids[&of[&cited]]))
            .or_default() += 1;
    }
    let mut s = String::new();
    let _ = writeln!(s, "digraph vncite {{");
    let _ = writeln!(
        s,
        "  graph [rankdir=TB, newrank=true, fontname=\"Helvetica\", labelloc=t, label={}];",
        dot_quote(&title(
            &c,
            opt,
            match by {
                Collapse::Level => "level",
                Collapse::Issuer => "issuer",
                _ => "level and province",
            }
        ))
    );
    s.push_str("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8, dir=back];\n");
    let mut clusters: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (k, &i) in &ids {
        clusters.entry(k.1).or_default().push(i);
    }
    let keys: Vec<&(usize, Option<&str>, String)> = groups.keys().collect();
    for (ci, (cluster, mut members)) in clusters.into_iter().enumerate() {
        members.sort_unstable();
        let indent = if cluster.is_some() { "    " } else { "  " };
        if let Some(name) = cluster {
            let _ = writeln!(
                s,
                "  subgraph cluster_{ci} {{\n    label={};",
                dot_quote(name)
            );
        }
        for i in members {
            let k = keys[i];
            let _ = writeln!(
                s,
                "{indent}g{i} [label={}, fillcolor=\"{}\"];",
                dot_quote(&format!(
                    "{}\n{}",
                    k.2,
                    plural(groups[k], "document", "documents")
                )),
                level_colour(rank_level(k.0))
            );
        }
        if cluster.is_some() {
            s.push_str("  }\n");
        }
    }
    let mut ranks: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        ranks.entry(k.0).or_default().push(i);
    }
    for members in ranks.values() {
        let list: Vec<String> = members.iter().map(|i| format!("g{i}")).collect();
        let _ = writeln!(s, "  {{ rank=same; {} }}", list.join("; "));
    }
    for ((a, b), n) in flows {
        if a == b {
            continue;
        }
        let _ = writeln!(
            s,
            "  g{b} -> g{a} [label=\"{}\", penwidth={:.1}{}];",
            count(n),
            flow_width(n),
            if keys[a].0 <= keys[b].0 {
                ", constraint=false"
            } else {
                ""
            }
        );
    }
    s.push_str("}\n");
    s
}
