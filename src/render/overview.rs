//! Overviews: a corpus too big to draw document by document, drawn as groups of documents
//! with counts, and counted edges between the groups. Their size is bounded by the country's
//! geography (63 provinces, four levels) or by a budget (issuers), not by the corpus: a
//! million documents draw as fast as a thousand once read.

use super::documents::{rank_level, short_issuer};
use super::layout::{
    self, closest_to_screen, fit, footer, header, header_width, Band, Entry, Item, LabelPlace,
    Link, Mark, Spec, MARGIN,
};
use super::scene::{Anchor, Curve, Dash, Line, Panel, Pt, Route, Scene, Shape, Text};
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

/// The citations from one group's documents to another's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Flow {
    /// How many.
    citations: usize,
    /// How many of them implement.
    implementing: usize,
}

/// The citations counted by (citing group, cited group), a group within itself included.
fn flows(c: &Counted, group: impl Fn(NodeIndex) -> usize) -> BTreeMap<(usize, usize), Flow> {
    let mut flows: BTreeMap<(usize, usize), Flow> = BTreeMap::new();
    for &(citing, cited, r) in &c.edges {
        let f = flows.entry((group(citing), group(cited))).or_default();
        f.citations += 1;
        f.implementing += usize::from(r == Relation::Implements);
    }
    flows
}

/// Sorts the busiest first (the most documents and citations, `weight`), then by name.
fn busiest_first<T>(list: &mut [T], weight: impl Fn(&T) -> (&str, usize)) {
    list.sort_by(|a, b| {
        let ((na, wa), (nb, wb)) = (weight(a), weight(b));
        wb.cmp(&wa).then_with(|| name_key(na).cmp(&name_key(nb)))
    });
}

/// A legend entry: a box of a level's colour.
fn level_swatch(r: usize, text: impl Into<String>) -> Entry {
    Entry {
        mark: Mark::Swatch {
            fill: level_colour(rank_level(r)),
            stroke: "#444444",
            dashed: false,
            width: 1.0,
        },
        text: text.into(),
    }
}

/// A legend entry: the counted edges' line.
fn flow_entry(width: f64, text: &str) -> Entry {
    Entry {
        mark: Mark::Stroke {
            colour: FLOW,
            dash: Dash::Solid,
            width,
        },
        text: text.into(),
    }
}

/// A legend entry of words alone.
fn note_entry(text: &str) -> Entry {
    Entry {
        mark: Mark::Note,
        text: text.into(),
    }
}

/// A counted edge along `route` standing for `n` citations.
fn flow_curve((start, pieces): Route, n: usize, tooltip: String) -> Curve {
    Curve {
        start,
        pieces,
        colour: FLOW,
        width: flow_width(n),
        dash: Dash::Solid,
        arrow: true,
        tooltip,
    }
}

/// A box of a group of documents in `fill`, its place left to the caller.
fn group_box(fill: &'static str, lines: Vec<Line>, tooltip: String) -> Shape {
    Shape {
        x: 0.0,
        y: 0.0,
        w: 0.0,
        h: 0.0,
        fill,
        stroke: "#444444",
        stroke_width: 1.0,
        dashed: false,
        ink: "#111111",
        lines,
        tooltip,
    }
}

/// Width of a level's box in an overview by level.
const LEVEL_W: f64 = 300.0;
/// Height of a level's box.
const LEVEL_H: f64 = 56.0;
/// Gap between two levels' boxes, where the counts stand.
const LEVEL_GAP: f64 = 84.0;
/// Room each arc beside the boxes takes.
const LEVEL_ARC: f64 = 30.0;

/// Four (or five) boxes, one per level, top-down, with the citations between each two:
/// straight down from one level to the next, arcs on the right for a level skipped, on the
/// left for a citation up the hierarchy (the cited document's level is lower).
fn level_scene(c: &Counted, opt: &Options) -> Scene {
    let stats = level_stats(c);
    let ranks: Vec<usize> = stats.keys().copied().collect();
    let index: HashMap<usize, usize> = ranks.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    // (citing, cited) level index → citations.
    let flows = flows(c, |n| index[&c.rank(n)]);
    let right: Vec<(usize, usize)> = flows.keys().copied().filter(|&(a, b)| a > b + 1).collect();
    let left: Vec<(usize, usize)> = flows.keys().copied().filter(|&(a, b)| a < b).collect();
    let arcs_w = |arcs: &[(usize, usize)]| {
        if arcs.is_empty() {
            0.0
        } else {
            arcs.len() as f64 * LEVEL_ARC + 70.0
        }
    };
    let legend = vec![
        flow_entry(
            2.0,
            "citations from one level's documents to another's (arrow at the cited)",
        ),
        note_entry("↺ citations within a level"),
    ];
    let title = title(c, opt, "level");
    let width = (2.0 * MARGIN + arcs_w(&left) + LEVEL_W + arcs_w(&right) + 120.0)
        .max(620.0)
        .max(header_width(Some(&title), &legend));
    let mut scene = Scene::default();
    let top = MARGIN + header(&mut scene, Some(&title), &legend, width, MARGIN) + 8.0;
    let column = LevelColumn {
        x0: (width - LEVEL_W) / 2.0,
        top,
        right,
        left,
    };
    for (k, &r) in ranks.iter().enumerate() {
        let within = flows.get(&(k, k)).map_or(0, |f| f.citations);
        scene.shapes.push(Shape {
            x: column.x0,
            y: column.box_y(k),
            w: LEVEL_W,
            h: LEVEL_H,
            ..level_box(r, &stats[&r], within)
        });
    }
    for (&(a, b), f) in &flows {
        let Some((route, words)) = column.flow_line((a, b), f) else {
            continue;
        };
        let tip = format!(
            "{} ({} implement): {} citing {}",
            plural(f.citations, "citation", "citations"),
            count(f.implementing),
            level_name(rank_level(ranks[a])),
            level_name(rank_level(ranks[b]))
        );
        scene.curves.push(flow_curve(route, f.citations, tip));
        scene.texts.push(words);
    }
    let bottom = column.box_y(ranks.len().saturating_sub(1)) + LEVEL_H;
    scene.width = width;
    scene.height = bottom + MARGIN * 2.0;
    scene
}

/// A level's box: its name, documents and issuers, read and only cited, citations within.
fn level_box(
    r: usize,
    (docs, read, issuers): &(usize, usize, BTreeSet<&str>),
    within: usize,
) -> Shape {
    let mut third = format!("{} read, {} only cited", count(*read), count(docs - read));
    if within > 0 {
        third.push_str(&format!(" · ↺ {}", count(within)));
    }
    let lines = vec![
        Line::bold(level_name(rank_level(r)), 12.0),
        Line::regular(
            format!(
                "{} · {}",
                plural(*docs, "document", "documents"),
                plural(issuers.len(), "issuer", "issuers")
            ),
            10.0,
        ),
        Line::regular(third, 9.0),
    ];
    group_box(
        level_colour(rank_level(r)),
        lines,
        level_name(rank_level(r)).to_string(),
    )
}

/// The column of level boxes: where they stand and which flows run as arcs beside them.
struct LevelColumn {
    /// The boxes' left.
    x0: f64,
    /// The first box's top.
    top: f64,
    /// Flows skipping a level down, on the right, each its own arc.
    right: Vec<(usize, usize)>,
    /// Flows up the hierarchy, on the left.
    left: Vec<(usize, usize)>,
}

impl LevelColumn {
    /// The top of the `k`th box.
    fn box_y(&self, k: usize) -> f64 {
        self.top + k as f64 * (LEVEL_H + LEVEL_GAP)
    }

    /// The route of the citations from level `a` to level `b` and the count beside it; none
    /// within a level (said in the box).
    fn flow_line(&self, (a, b): (usize, usize), f: &Flow) -> Option<(Route, Text)> {
        let (x0, n) = (self.x0, f.citations);
        let cx = x0 + LEVEL_W / 2.0;
        let words = |x: f64, y: f64, s: String, anchor: Anchor| Text {
            anchor,
            halo: true,
            ..Text::plain(x, y, s, 9.5, FLOW)
        };
        if a == b + 1 {
            let (y0, y1) = (self.box_y(b) + LEVEL_H, self.box_y(a));
            let label = flow_label(n, f.implementing);
            let t = words(cx + 8.0, (y0 + y1) / 2.0 + 3.0, label, Anchor::Start);
            Some((((cx, y0), Curve::polyline(&[(cx, y0), (cx, y1)])), t))
        } else if a > b + 1 {
            let slot = self.right.iter().position(|&p| p == (a, b)).unwrap_or(0);
            let x = x0 + LEVEL_W + LEVEL_ARC * (slot as f64 + 1.0);
            let (y0, y1) = (self.box_y(b) + LEVEL_H * 0.6, self.box_y(a) + LEVEL_H * 0.4);
            let edge = x0 + LEVEL_W;
            let route = Curve::rounded(&[(edge, y0), (x, y0), (x, y1), (edge, y1)], 8.0);
            let mid = self.box_y(b + 1) + LEVEL_H / 2.0 + 3.0 + slot as f64 * 14.0;
            // On its own line, the count alone: arcs stand too close for more.
            Some((route, words(x, mid, count(n), Anchor::Middle)))
        } else if a < b {
            let slot = self.left.iter().position(|&p| p == (a, b)).unwrap_or(0);
            let x = x0 - LEVEL_ARC * (slot as f64 + 1.0);
            let (y0, y1) = (self.box_y(b) + LEVEL_H * 0.4, self.box_y(a) + LEVEL_H * 0.6);
            let route = Curve::rounded(&[(x0, y0), (x, y0), (x, y1), (x0, y1)], 8.0);
            let mid = (y0 + y1) / 2.0 + 3.0 + slot as f64 * 14.0;
            Some((route, words(x, mid, count(n), Anchor::Middle)))
        } else {
            None
        }
    }
}

/// The words on a flow between neighbouring levels: its count, and how many implement.
fn flow_label(n: usize, implementing: usize) -> String {
    if implementing == n {
        format!("{} implement", count(n))
    } else if implementing > 0 {
        format!("{} ({} implement)", count(n), count(implementing))
    } else {
        count(n)
    }
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

/// Width of a province's panel (its cell in the grid).
const PANEL_W: f64 = 150.0;
/// Height of a province's panel.
const PANEL_H: f64 = 164.0;
/// Width of a level's box in a panel.
const PANEL_BOX_W: f64 = 96.0;
/// Height of a level's box in a panel.
const PANEL_BOX_H: f64 = 24.0;
/// From one level's box in a panel to the next.
const PANEL_STEP: f64 = 44.0;
/// Width of a central body's box (its cell in the row).
const CENTRAL_W: f64 = 196.0;
/// Height of a central body's box.
const CENTRAL_H: f64 = 54.0;

/// What an overview by province counts.
#[derive(Default)]
struct Tally<'a> {
    /// Each province's panel ("province unknown" as `None`).
    provinces: BTreeMap<Option<&'a str>, Province>,
    /// Each central body.
    central: BTreeMap<&'a str, Body<'a>>,
    /// Documents of no known level.
    unknown_level: usize,
    /// Citations no panel holds: by central documents or documents of unknown level, or of
    /// documents of unknown level.
    other: usize,
}

/// Counts the documents and citations of `c` into provinces' panels and central bodies.
fn tally<'a>(c: &Counted<'a>) -> Tally<'a> {
    let mut t = Tally::default();
    for &n in &c.ids {
        match c.rank(n) {
            0 => t.central.entry(c.issuer(n)).or_default().0 += 1,
            r @ 1..=3 => t.provinces.entry(c.province(n)).or_default().docs[r - 1] += 1,
            _ => t.unknown_level += 1,
        }
    }
    for &(citing, cited, _) in &c.edges {
        let (rc, rd) = (c.rank(citing), c.rank(cited));
        if !(1..=3).contains(&rc) {
            t.other += 1;
            continue;
        }
        let p = c.province(citing);
        if rd == 0 {
            let e = t.central.entry(c.issuer(cited)).or_default();
            e.1 += 1;
            e.2.insert(p);
            t.provinces.entry(p).or_default().central += 1;
        } else if (1..=3).contains(&rd) && c.province(cited) == p {
            *t.provinces
                .entry(p)
                .or_default()
                .flows
                .entry((rc, rd))
                .or_default() += 1;
        } else if (1..=3).contains(&rd) {
            t.provinces.entry(p).or_default().across += 1;
        } else {
            t.other += 1;
        }
    }
    t
}

/// The central bodies' boxes: the most documents and citations first; past the budget,
/// counted together in one box.
fn central_boxes(central: BTreeMap<&str, Body>) -> Vec<CentralBox> {
    let mut bodies: Vec<(&str, Body)> = central.into_iter().collect();
    busiest_first(&mut bodies, |b| (b.0, b.1 .0 + b.1 .1));
    // Up to the budget every body has its own box; past it the last box counts the rest (a
    // box of "1 other central body" would hide a name that fits).
    let own = if bodies.len() <= CENTRAL_BOXES {
        bodies.len()
    } else {
        CENTRAL_BOXES - 1
    };
    let mut boxes: Vec<CentralBox> = Vec::new();
    let mut rest = (0, 0, 0, BTreeSet::new());
    for (k, (name, (docs, cited, from))) in bodies.into_iter().enumerate() {
        if k < own {
            boxes.push((name.to_string(), docs, Some((cited, from.len()))));
        } else {
            rest.0 += 1;
            rest.1 += docs;
            rest.2 += cited;
            rest.3.extend(from);
        }
    }
    if rest.0 > 0 {
        boxes.push((
            format!("{} other central bodies", rest.0),
            rest.1,
            Some((rest.2, rest.3.len())),
        ));
    }
    boxes
}

/// The provinces' panels in order: alphabetical, "province unknown" last.
fn sorted_panels(provinces: BTreeMap<Option<&str>, Province>) -> Vec<(Option<&str>, Province)> {
    let mut panels: Vec<(Option<&str>, Province)> = provinces.into_iter().collect();
    panels.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => name_key(x).cmp(&name_key(y)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    panels
}

/// The legend of an overview by province.
fn province_legend() -> Vec<Entry> {
    vec![
        level_swatch(1, "tỉnh: province"),
        level_swatch(2, "huyện: district"),
        level_swatch(3, "xã: commune"),
        flow_entry(1.5, "citations within the province (arrow at the cited)"),
        note_entry("under a name: documents · ↑ citations of central documents · across: of other provinces' · down: of a lower level's · ↺ within a level"),
    ]
}

/// Central boxes in a row `cols` panels wide.
fn central_per_row(cols: usize) -> usize {
    ((cols as f64 * PANEL_W) / CENTRAL_W).floor().max(1.0) as usize
}

/// The count of panel columns for a screen's shape, and the drawing's width.
fn panel_columns(panels: usize, central: usize) -> (usize, f64) {
    let n = panels.max(1);
    let size = |cols: usize| {
        let width = 2.0 * MARGIN + (cols as f64 * PANEL_W).max(CENTRAL_W);
        let central_rows = central.div_ceil(central_per_row(cols));
        let height = 110.0
            + central_rows as f64 * (CENTRAL_H + 12.0)
            + 46.0
            + n.div_ceil(cols) as f64 * PANEL_H
            + 40.0;
        (width, height)
    };
    let cols = closest_to_screen(1..=n, size);
    (cols, size(cols).0)
}

/// Central bodies in a row on top, each with its documents and how often the provinces
/// cite them; under them a panel per province (alphabetical, "province unknown" last), each
/// its documents per level stacked tỉnh, huyện, xã with the citations between them.
fn province_scene(c: &Counted, opt: &Options) -> Scene {
    let t = tally(c);
    let mut boxes = central_boxes(t.central);
    // The columns are chosen for the bodies' boxes alone.
    let (cols, width) = panel_columns(t.provinces.len(), boxes.len());
    let title = title(c, opt, "level and province");
    // As wide as the header needs at least; the central bodies then fill the rows it gives.
    let width = width.max(header_width(Some(&title), &province_legend()));
    let per_row = central_per_row(cols).max(((width - 2.0 * MARGIN) / CENTRAL_W).floor() as usize);
    if t.unknown_level > 0 {
        boxes.push(("level unknown".into(), t.unknown_level, None));
    }
    let panels = sorted_panels(t.provinces);
    let mut scene = Scene::default();
    let mut y = MARGIN + header(&mut scene, Some(&title), &province_legend(), width, MARGIN) + 6.0;
    y = draw_central_rows(&mut scene, &boxes, per_row, width, y);
    let to_central: usize = panels.iter().map(|p| p.1.central).sum();
    let words = format!(
        "↑ {} by the documents of the provinces below (each panel's ↑)",
        plural(
            to_central,
            "citation of central documents",
            "citations of central documents"
        )
    );
    scene.texts.push(Text {
        anchor: Anchor::Middle,
        ..Text::plain(width / 2.0, y + 14.0, words, 10.0, FLOW)
    });
    y += 34.0;
    let gx = (width - cols as f64 * PANEL_W) / 2.0;
    for (k, (name, p)) in panels.iter().enumerate() {
        let (px, py) = (
            gx + (k % cols) as f64 * PANEL_W + 4.0,
            y + (k / cols) as f64 * PANEL_H + 4.0,
        );
        draw_panel(&mut scene, *name, p, (px, py, PANEL_W - 8.0, PANEL_H - 8.0));
    }
    let bottom = y + panels.len().max(1).div_ceil(cols) as f64 * PANEL_H;
    let mut notes = Vec::new();
    if t.other > 0 {
        notes.push(format!(
            "Not in the panels: {} (by central documents or documents of unknown level, or of documents of unknown level).",
            plural(t.other, "citation", "citations")
        ));
    }
    let foot = footer(&mut scene, &notes, bottom);
    scene.width = width;
    scene.height = bottom + foot + MARGIN;
    scene
}

/// The central boxes from `y` in centred rows of `per`; returns the y under them.
fn draw_central_rows(
    scene: &mut Scene,
    boxes: &[CentralBox],
    per: usize,
    width: f64,
    y: f64,
) -> f64 {
    let mut y = y;
    for row in boxes.chunks(per) {
        let x0 = (width - row.len() as f64 * CENTRAL_W) / 2.0;
        for (k, b) in row.iter().enumerate() {
            scene.shapes.push(Shape {
                x: x0 + k as f64 * CENTRAL_W + 5.0,
                y,
                w: CENTRAL_W - 10.0,
                h: CENTRAL_H,
                ..central_box(b)
            });
        }
        y += CENTRAL_H + 12.0;
    }
    y
}

/// A central body's box (or the box of documents of unknown level): name, documents, and
/// for a body how often the provinces cite it.
fn central_box((name, docs, cited): &CentralBox) -> Shape {
    let mut lines = vec![
        Line::bold(fit(name, CENTRAL_W - 16.0, 10.0), 10.0),
        Line::regular(plural(*docs, "document", "documents"), 9.0),
    ];
    if let Some((n, from)) = cited {
        lines.push(Line::regular(
            format!(
                "↑ {} from {}",
                count(*n),
                plural(*from, "province", "provinces")
            ),
            9.0,
        ));
    }
    let fill = if cited.is_some() {
        level_colour(rank_level(0))
    } else {
        level_colour(None)
    };
    group_box(fill, lines, name.clone())
}

/// One province's panel at `rect`: its name and counts, its level boxes, the citations
/// between them.
fn draw_panel(scene: &mut Scene, name: Option<&str>, p: &Province, rect: (f64, f64, f64, f64)) {
    let (x, y, w, h) = rect;
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
        bold: true,
        anchor: Anchor::Middle,
        ..Text::plain(
            x + w / 2.0,
            y + 14.0,
            fit(name, w - 8.0, 10.0),
            10.0,
            "#222222",
        )
    });
    scene.texts.push(Text {
        anchor: Anchor::Middle,
        ..Text::plain(x + w / 2.0, y + 27.0, panel_counts(p), 8.5, "#555555")
    });
    let bx = x + 10.0;
    let top = y + 38.0;
    for (k, level) in PANEL_LEVELS.iter().enumerate() {
        scene.shapes.push(Shape {
            x: bx,
            y: top + k as f64 * PANEL_STEP,
            ..panel_level_box(name, p, k, level)
        });
    }
    draw_panel_flows(scene, name, p, (bx, top));
}

/// The words under a province's name: documents, ↑ citations of central documents, across
/// (of other provinces'), down (of a lower level's).
fn panel_counts(p: &Province) -> String {
    let total: usize = p.docs.iter().sum();
    let mut sub = format!("{} · ↑{}", count(total), count(p.central));
    if p.across > 0 {
        sub.push_str(&format!(" · {} across", count(p.across)));
    }
    let down: usize = p
        .flows
        .iter()
        .filter(|(&(a, b), _)| a < b)
        .map(|(_, &n)| n)
        .sum();
    if down > 0 {
        sub.push_str(&format!(" · {} down", count(down)));
    }
    sub
}

/// The box of a panel's `k`th level: its documents and citations within; pale when empty.
fn panel_level_box(name: &str, p: &Province, k: usize, level: &str) -> Shape {
    let n = p.docs[k];
    let within = p.flows.get(&(k + 1, k + 1)).copied().unwrap_or(0);
    let mut text = format!("{level} {}", count(n));
    if within > 0 {
        text.push_str(&format!(" ↺{}", count(within)));
    }
    Shape {
        x: 0.0,
        y: 0.0,
        w: PANEL_BOX_W,
        h: PANEL_BOX_H,
        fill: if n > 0 {
            level_colour(rank_level(k + 1))
        } else {
            "#ffffff"
        },
        stroke: if n > 0 { "#444444" } else { "#bbbbbb" },
        stroke_width: 1.0,
        dashed: false,
        ink: if n > 0 { "#111111" } else { "#999999" },
        lines: vec![Line::regular(text, 9.5)],
        tooltip: format!(
            "{name}: {} of level {level}",
            plural(n, "document", "documents")
        ),
    }
}

/// The citations among a panel's levels, whose boxes start at (`bx`, `top`): tỉnh ← huyện,
/// huyện ← xã straight down; tỉnh ← xã an arc on the right.
fn draw_panel_flows(scene: &mut Scene, name: &str, p: &Province, (bx, top): Pt) {
    let (bw, bh, step) = (PANEL_BOX_W, PANEL_BOX_H, PANEL_STEP);
    let cx = bx + bw / 2.0;
    let label = |scene: &mut Scene, x: f64, y: f64, n: usize| {
        scene.texts.push(Text {
            halo: true,
            ..Text::plain(x, y, count(n), 8.5, FLOW)
        })
    };
    for k in 0..2 {
        let n = p.flows.get(&(k + 2, k + 1)).copied().unwrap_or(0);
        if n == 0 {
            continue;
        }
        let (y0, y1) = (top + k as f64 * step + bh, top + (k + 1) as f64 * step);
        let tip = format!(
            "{name}: {} {} citing {}",
            plural(n, "citation", "citations"),
            PANEL_LEVELS[k + 1],
            PANEL_LEVELS[k]
        );
        let route = ((cx, y0), Curve::polyline(&[(cx, y0), (cx, y1)]));
        scene.curves.push(flow_curve(route, n, tip));
        label(scene, cx + 6.0, (y0 + y1) / 2.0 + 3.0, n);
    }
    let skip = p.flows.get(&(3, 1)).copied().unwrap_or(0);
    if skip > 0 {
        let ax = bx + bw;
        let xr = ax + 12.0;
        let (y0, y1) = (top + bh * 0.5, top + 2.0 * step + bh * 0.5);
        let route = Curve::rounded(&[(ax, y0), (xr, y0), (xr, y1), (ax, y1)], 6.0);
        let tip = format!(
            "{name}: {} xã citing tỉnh",
            plural(skip, "citation", "citations")
        );
        scene.curves.push(flow_curve(route, skip, tip));
        label(scene, xr + 3.0, top + step + bh / 2.0 + 3.0, skip);
    }
}

/// An issuer's box in an overview by issuer, or the box of the rest of a level's issuers.
struct IssuerBox {
    name: String,
    rank: usize,
    docs: usize,
    cited: usize,
    /// How many issuers it stands for.
    issuers: usize,
}

/// Per issuer: level, documents, times cited.
fn issuer_tallies<'a>(c: &Counted<'a>) -> HashMap<&'a str, (usize, usize, usize)> {
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
    issuers
}

/// The boxes of each level's busiest issuers, the rest of a level counted in one box; and
/// the box each issuer is drawn in.
fn issuer_boxes<'a>(
    issuers: &HashMap<&'a str, (usize, usize, usize)>,
) -> (Vec<IssuerBox>, HashMap<&'a str, usize>) {
    let mut by_level: BTreeMap<usize, Vec<(&str, usize, usize)>> = BTreeMap::new();
    for (&name, &(rank, docs, cited)) in issuers {
        by_level.entry(rank).or_default().push((name, docs, cited));
    }
    let mut boxes: Vec<IssuerBox> = Vec::new();
    let mut box_of: HashMap<&str, usize> = HashMap::new();
    for (rank, mut list) in by_level {
        busiest_first(&mut list, |i| (i.0, i.1 + i.2));
        let budget = if list.len() > ISSUERS_PER_LEVEL {
            ISSUERS_PER_LEVEL - 1
        } else {
            list.len()
        };
        for &(name, docs, cited) in &list[..budget] {
            box_of.insert(name, boxes.len());
            boxes.push(IssuerBox {
                name: name.to_string(),
                rank,
                docs,
                cited,
                issuers: 1,
            });
        }
        if list.len() > budget {
            let rest = &list[budget..];
            let at = boxes.len();
            for &(name, _, _) in rest {
                box_of.insert(name, at);
            }
            boxes.push(IssuerBox {
                name: format!(
                    "{} other {} issuers",
                    count(rest.len()),
                    level_name(rank_level(rank)).split(' ').next().unwrap_or("")
                ),
                rank,
                docs: rest.iter().map(|r| r.1).sum(),
                cited: rest.iter().map(|r| r.2).sum(),
                issuers: rest.len(),
            });
        }
    }
    (boxes, box_of)
}

/// Issuers as boxes in their level's band (the busiest of each level; the rest counted in one
/// box per level), with the heaviest counted edges between them.
fn issuer_spec(c: &Counted, opt: &Options) -> Spec {
    let (boxes, box_of) = issuer_boxes(&issuer_tallies(c));
    let mut within: HashMap<usize, usize> = HashMap::new();
    let mut heavy: Vec<((usize, usize), usize)> = Vec::new();
    for ((a, b), f) in flows(c, |n| box_of[c.issuer(n)]) {
        if a == b {
            within.insert(a, f.citations);
        } else {
            heavy.push(((a, b), f.citations));
        }
    }
    heavy.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let left_out = heavy.len().saturating_sub(ISSUER_LINKS);
    let left_out_citations: usize = heavy.iter().skip(ISSUER_LINKS).map(|h| h.1).sum();
    heavy.truncate(ISSUER_LINKS);
    let ranks: BTreeSet<usize> = boxes.iter().map(|b| b.rank).collect();
    let band_index: HashMap<usize, usize> =
        ranks.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let bands = ranks
        .iter()
        .map(|&r| Band {
            label: level_name(rank_level(r)).to_string(),
            sub: Some(plural(
                boxes
                    .iter()
                    .filter(|b| b.rank == r)
                    .map(|b| b.issuers)
                    .sum(),
                "issuer",
                "issuers",
            )),
            ..Band::default()
        })
        .collect();
    let items = boxes
        .iter()
        .enumerate()
        .map(|(i, b)| issuer_item(b, band_index[&b.rank], within.get(&i).copied().unwrap_or(0)))
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
                boxes[a].name,
                boxes[b].name
            ),
        })
        .collect();
    let mut legend: Vec<Entry> = ranks
        .iter()
        .map(|&r| level_swatch(r, level_name(rank_level(r))))
        .collect();
    legend.push(flow_entry(
        1.5,
        "citations between two issuers' documents (arrow at the cited)",
    ));
    legend.push(note_entry("↺ within one issuer"));
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

/// An issuer's box in its band: name, documents, times cited, citations within.
fn issuer_item(b: &IssuerBox, band: usize, within: usize) -> Item {
    let mut third = format!("cited {}×", count(b.cited));
    if within > 0 {
        third.push_str(&format!(" · ↺{}", count(within)));
    }
    let lines = vec![
        Line::bold(fit(&short_issuer(&b.name), 190.0, 9.5), 9.5),
        Line::regular(plural(b.docs, "document", "documents"), 9.0),
        Line::regular(third, 9.0),
    ];
    let shape = Shape {
        w: layout::lines_width(&lines).max(120.0) + 14.0,
        h: layout::lines_height(&lines) + 9.0,
        ..group_box(level_colour(rank_level(b.rank)), lines, b.name.clone())
    };
    Item {
        shape,
        band,
        tier: 0,
        group: None,
        key: format!("{:012}|{}", usize::MAX / 2 - b.docs, fold_ascii(&b.name)),
        centre: false,
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
    let flows = flows(&c, |n| ids[&of[&n]]);
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
    for ((a, b), f) in flows {
        let n = f.citations;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(n: usize) -> BTreeMap<&'static str, Body<'static>> {
        const NAMES: [&str; 14] = [
            "Bộ A", "Bộ B", "Bộ C", "Bộ D", "Bộ E", "Bộ G", "Bộ H", "Bộ I", "Bộ K", "Bộ L", "Bộ M",
            "Bộ N", "Bộ O", "Bộ P",
        ];
        NAMES[..n]
            .iter()
            .enumerate()
            .map(|(i, &name)| (name, (i + 1, 0, BTreeSet::from([Some("Sơn La")]))))
            .collect()
    }

    #[test]
    fn central_bodies_past_the_budget_are_counted_in_one_box() {
        let boxes = central_boxes(bodies(14));
        assert_eq!(boxes.len(), CENTRAL_BOXES);
        // The busiest first: Bộ P has 14 documents.
        assert_eq!(boxes[0].0, "Bộ P");
        let last = &boxes[CENTRAL_BOXES - 1];
        assert_eq!(last.0, "3 other central bodies");
        // The three quietest: 1 + 2 + 3 documents, one province citing them.
        assert_eq!((last.1, last.2), (6, Some((0, 1))));
        assert_eq!(central_boxes(bodies(11)).len(), 11);
    }

    #[test]
    fn as_many_bodies_as_the_budget_each_get_a_box() {
        // The twelfth body was once neither boxed nor counted.
        let boxes = central_boxes(bodies(CENTRAL_BOXES));
        assert_eq!(boxes.len(), CENTRAL_BOXES);
        assert!(boxes.iter().all(|b| !b.0.contains("other central")));
        let all: usize = boxes.iter().map(|b| b.1).sum();
        let want: usize = bodies(CENTRAL_BOXES).values().map(|b| b.0).sum();
        assert_eq!(all, want, "every body's documents are drawn");
    }

    #[test]
    fn busiest_first_then_by_name_without_marks() {
        let mut list = vec![
            ("Đà Nẵng", 2),
            ("An Giang", 5),
            ("Cà Mau", 2),
            ("Bắc Ninh", 2),
        ];
        busiest_first(&mut list, |&(n, w)| (n, w));
        let names: Vec<&str> = list.iter().map(|l| l.0).collect();
        assert_eq!(names, ["An Giang", "Bắc Ninh", "Cà Mau", "Đà Nẵng"]);
    }

    #[test]
    fn a_flow_says_how_many_implement() {
        assert_eq!(flow_label(1200, 1200), "1,200 implement");
        assert_eq!(flow_label(5, 2), "5 (2 implement)");
        assert_eq!(flow_label(5, 0), "5");
    }

    #[test]
    fn a_panel_counts_what_leaves_it_and_what_runs_down() {
        let mut p = Province {
            docs: [1, 2, 3],
            central: 4,
            ..Province::default()
        };
        assert_eq!(panel_counts(&p), "6 · ↑4");
        p.across = 2;
        p.flows.insert((1, 2), 3);
        p.flows.insert((2, 1), 9);
        assert_eq!(panel_counts(&p), "6 · ↑4 · 2 across · 3 down");
    }
}
