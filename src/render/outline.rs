//! A neighbourhood drawn around its root: what the root rests on in rows above it, the root
//! centred, and under it what implements it as outlines — each document the root's
//! implementers are, with what implements them indented beneath, as `vncite descendants`
//! prints them — set in newspaper columns. A line from the root runs along the columns and a
//! short branch reaches each document citing it: 63 provinces implementing a directive make
//! a few columns of a page, not a ribbon, and no line crosses another.

use super::documents::{citation_tip, document_shape, legend, shorten};
use super::layout::{closest_to_screen, footer, header, place_label, Occupied, MARGIN};
use super::scene::{text_width, Anchor, Curve, Dash, Pt, Route, Scene, Shape, Text};
use super::{level_rank, relation_style, Options};
use crate::graph::CitationGraph;
use crate::model::Relation;
use crate::normalize::fold_ascii;
use crate::query;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

/// Indentation of each step down an outline.
const INDENT: f64 = 26.0;
/// Deepest indentation drawn: a longer chain goes on at this depth.
const MAX_INDENT: usize = 12;
/// Room left of an outline's first boxes for the line from the root and its branches.
const SPINE: f64 = 18.0;
/// Gap between two boxes of an outline.
const LINE_GAP: f64 = 10.0;
/// Gap between columns.
const COLUMN_GAP: f64 = 22.0;
/// Gap between rows above the root.
const ROW_GAP: f64 = 40.0;
/// Size of the words beside a box.
const NOTE: f64 = 8.5;
/// Citations beside a box in words before the rest are counted.
const EXTRA_NOTES: usize = 2;

/// A box of an outline: its document, depth (1 for the root's implementers), and the
/// document above it in the outline.
struct OutLine {
    node: NodeIndex,
    depth: usize,
    parent: NodeIndex,
}

/// Where the relation of the edge `citing → cited` is, if there is one.
fn relation(g: &CitationGraph, citing: NodeIndex, cited: NodeIndex) -> Option<Relation> {
    g.graph
        .find_edge(citing, cited)
        .map(|e| g.graph[e].relation)
}

/// The words beside a box: how it cites the document above it, and how long after it.
fn note(g: &CitationGraph, citing: NodeIndex, cited: NodeIndex) -> (String, &'static str) {
    let r = relation(g, citing, cited).unwrap_or(Relation::Cites);
    let d = query::format_delay(query::delay(g.graph[cited].date, g.graph[citing].date));
    let text = if d.is_empty() {
        r.as_str().to_string()
    } else {
        format!("{} {d}", r.as_str())
    };
    (text, relation_style(r).0)
}

/// The order of documents among their siblings: level, province, date, id.
fn sibling_key(g: &CitationGraph, n: NodeIndex) -> (usize, String, i64, String) {
    let node = &g.graph[n];
    (
        level_rank(node.level()),
        node.issuer
            .as_ref()
            .and_then(|i| i.province.as_deref().or(i.locality.as_deref()))
            .map(fold_ascii)
            .unwrap_or_default(),
        node.date.map_or(i64::MAX, |d| d.first_day()),
        node.id.clone(),
    )
}

/// The neighbourhood of `root` among `nodes` (all when `None`).
pub fn scene(
    g: &CitationGraph,
    nodes: Option<&BTreeSet<NodeIndex>>,
    root: NodeIndex,
    opt: &Options,
) -> Scene {
    let keep = |n: NodeIndex| nodes.is_none_or(|s| s.contains(&n));
    let hood = Neighbourhood::new(g, root, &keep);
    let drawn = hood.drawn();
    let boxes = Boxes::new(g, root, &drawn);
    let notes = hood.notes(&keep);
    let note_w = notes
        .values()
        .flatten()
        .map(|(t, _)| text_width(t, NOTE, false))
        .fold(0.0, f64::max);
    let col_w = hood.column_width(&boxes, note_w);
    let legend = drawn_legend(g, &drawn);
    let (columns, width) = hood.columns(&boxes, col_w, opt.title.as_deref());

    let mut page = Page {
        scene: Scene::default(),
        occupied: Occupied::new(),
        at: HashMap::new(),
        boxes: &boxes,
    };
    let top = MARGIN
        + header(
            &mut page.scene,
            opt.title.as_deref(),
            &legend,
            width,
            MARGIN,
        )
        + 8.0;
    let root_y = page.place_rows_above(&hood.up, width, top);
    let root_x = (width - boxes.w) / 2.0;
    page.place(root, root_x, root_y);
    let root_bottom = root_y + boxes.h;
    let bus_y = root_bottom + 22.0;
    let grid_x = (width - columns.len() as f64 * col_w + COLUMN_GAP) / 2.0;
    let (spines, bottom) =
        page.place_columns(&hood.blocks, &columns, (grid_x, col_w), bus_y + 14.0);
    page.draw_root_line(&hood, (root_x + boxes.w / 2.0, root_bottom), bus_y, &spines);
    let spine_of = spine_of(&hood.blocks, &columns, &spines);
    let tree_edges = page.draw_branches(&hood, &spine_of, &notes);
    page.draw_other_citations(&hood, &tree_edges, &spine_of, note_w);
    let mut scene = page.scene;
    let foot = footer(&mut scene, &[], bottom);
    scene.width = width;
    scene.height = bottom + foot + MARGIN * 1.5;
    scene
}

/// The tree down from the root: each document under the first document through which a
/// breadth-first walk from the root reached it.
struct Down {
    parent: HashMap<NodeIndex, NodeIndex>,
    children: HashMap<NodeIndex, Vec<NodeIndex>>,
    /// The root and every document under it.
    seen: HashSet<NodeIndex>,
}

/// The tree of what cites `root`, down every step, siblings in [`sibling_key`] order.
fn walk_down(g: &CitationGraph, root: NodeIndex, keep: &dyn Fn(NodeIndex) -> bool) -> Down {
    let mut parent: HashMap<NodeIndex, NodeIndex> = HashMap::new();
    let mut children: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
    let mut queue = VecDeque::from([root]);
    let mut seen = HashSet::from([root]);
    while let Some(n) = queue.pop_front() {
        let mut next: Vec<NodeIndex> = g
            .graph
            .neighbors_directed(n, Direction::Incoming)
            .filter(|&m| keep(m) && seen.insert(m))
            .collect();
        next.sort_by_key(|&m| sibling_key(g, m));
        for &m in &next {
            parent.insert(m, n);
            queue.push_back(m);
        }
        children.insert(n, next);
    }
    Down {
        parent,
        children,
        seen,
    }
}

/// What the root rests on, by steps up; anything else kept (reached neither way from the
/// root) stands with the farthest ancestors.
fn rows_above(
    g: &CitationGraph,
    root: NodeIndex,
    keep: &dyn Fn(NodeIndex) -> bool,
    down: &Down,
) -> BTreeMap<usize, Vec<NodeIndex>> {
    let mut up: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
    let mut steps: HashMap<NodeIndex, usize> = HashMap::from([(root, 0)]);
    let mut queue = VecDeque::from([root]);
    while let Some(n) = queue.pop_front() {
        let d = steps[&n];
        let mut next: Vec<NodeIndex> = g
            .graph
            .neighbors_directed(n, Direction::Outgoing)
            .filter(|&m| keep(m) && !down.seen.contains(&m) && !steps.contains_key(&m))
            .collect();
        next.sort_by_key(|&m| sibling_key(g, m));
        for m in next {
            steps.insert(m, d + 1);
            up.entry(d + 1).or_default().push(m);
            queue.push_back(m);
        }
    }
    let mut loose: Vec<NodeIndex> = g
        .graph
        .node_indices()
        .filter(|&n| keep(n) && !down.seen.contains(&n) && !steps.contains_key(&n))
        .collect();
    loose.sort_by_key(|&m| sibling_key(g, m));
    if !loose.is_empty() {
        let far = up.keys().next_back().copied().unwrap_or(0) + 1;
        up.entry(far).or_default().extend(loose);
    }
    up
}

/// The outlines: one per document citing the root, in order, each walked depth first.
fn outlines(down: &Down, root: NodeIndex) -> Vec<Vec<OutLine>> {
    let children_of = |n: NodeIndex| down.children.get(&n).map_or(&[][..], Vec::as_slice);
    let mut blocks: Vec<Vec<OutLine>> = Vec::new();
    for &c in children_of(root) {
        let mut block = Vec::new();
        let mut stack = vec![(c, 1usize, root)];
        while let Some((n, depth, p)) = stack.pop() {
            block.push(OutLine {
                node: n,
                depth,
                parent: p,
            });
            for &m in children_of(n).iter().rev() {
                stack.push((m, depth + 1, n));
            }
        }
        blocks.push(block);
    }
    blocks
}

/// Which way a citation said in words beside a box runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Way {
    /// The box cites the other document (said first).
    Cites,
    /// The other document, above the outlines, cites the box.
    CitedBy,
}

/// The root's neighbourhood in the shape it is drawn: rows above, outlines below.
struct Neighbourhood<'g> {
    g: &'g CitationGraph,
    root: NodeIndex,
    down: Down,
    up: BTreeMap<usize, Vec<NodeIndex>>,
    blocks: Vec<Vec<OutLine>>,
    /// Each document of an outline and the document above it there.
    in_outline: HashMap<NodeIndex, NodeIndex>,
}

impl<'g> Neighbourhood<'g> {
    fn new(g: &'g CitationGraph, root: NodeIndex, keep: &dyn Fn(NodeIndex) -> bool) -> Self {
        let down = walk_down(g, root, keep);
        let up = rows_above(g, root, keep, &down);
        let blocks = outlines(&down, root);
        let in_outline = blocks
            .iter()
            .flatten()
            .map(|l| (l.node, l.parent))
            .collect();
        Neighbourhood {
            g,
            root,
            down,
            up,
            blocks,
            in_outline,
        }
    }

    /// Every document drawn: the root, the outlines', the rows above's.
    fn drawn(&self) -> Vec<NodeIndex> {
        std::iter::once(self.root)
            .chain(self.down.parent.keys().copied())
            .chain(self.up.values().flatten().copied())
            .collect()
    }

    /// The documents citing the root, in order.
    fn root_children(&self) -> &[NodeIndex] {
        self.down
            .children
            .get(&self.root)
            .map_or(&[][..], Vec::as_slice)
    }

    /// The words beside each box of an outline: how it cites the box above it, then the
    /// citations the outlines do not draw (between two outlines, or a document citing two of
    /// one outline), since lines across the columns would cross everything between.
    fn notes(
        &self,
        keep: &dyn Fn(NodeIndex) -> bool,
    ) -> HashMap<NodeIndex, Vec<(String, &'static str)>> {
        let g = self.g;
        let mut notes: HashMap<NodeIndex, Vec<(String, &'static str)>> = self
            .blocks
            .iter()
            .flatten()
            .map(|l| (l.node, vec![note(g, l.node, l.parent)]))
            .collect();
        for (n, mut list) in self.unoutlined_citations(keep) {
            list.sort_by_key(|&(r, c, way)| (way, r, sibling_key(g, c)));
            notes.entry(n).or_default().extend(also_lines(g, &list));
        }
        notes
    }

    /// The citations among kept documents that touch an outline but are not its lines, by
    /// the outline's document they are said beside.
    fn unoutlined_citations(
        &self,
        keep: &dyn Fn(NodeIndex) -> bool,
    ) -> BTreeMap<NodeIndex, Vec<(Relation, NodeIndex, Way)>> {
        let mut extra: BTreeMap<NodeIndex, Vec<(Relation, NodeIndex, Way)>> = BTreeMap::new();
        for e in self.g.graph.edge_references() {
            let (citing, cited) = (e.source(), e.target());
            if !keep(citing) || !keep(cited) || cited == self.root {
                continue;
            }
            if self.in_outline.get(&citing) == Some(&cited) {
                continue;
            }
            let r = e.weight().relation;
            if self.in_outline.contains_key(&citing) {
                extra
                    .entry(citing)
                    .or_default()
                    .push((r, cited, Way::Cites));
            } else if self.in_outline.contains_key(&cited) {
                // Cited from above (by the root or what it rests on): a cycle, or a date wrong.
                extra
                    .entry(cited)
                    .or_default()
                    .push((r, citing, Way::CitedBy));
            }
        }
        extra
    }

    /// The width of a column: the deepest indentation, a box and its words.
    fn column_width(&self, boxes: &Boxes, note_w: f64) -> f64 {
        let deepest = self
            .blocks
            .iter()
            .flatten()
            .map(|l| l.depth.min(MAX_INDENT))
            .max()
            .unwrap_or(1);
        SPINE + (deepest - 1) as f64 * INDENT + boxes.w + 6.0 + note_w + COLUMN_GAP
    }

    /// The outlines set in columns, as many as make the page a screen's shape, and the page's
    /// width (wide enough for the title too).
    fn columns(&self, boxes: &Boxes, col_w: f64, title: Option<&str>) -> (Vec<Vec<usize>>, f64) {
        let heights: Vec<usize> = self.blocks.iter().map(Vec::len).collect();
        let title_h = if title.is_some() { 26.0 } else { 0.0 };
        let pitch = boxes.h + LINE_GAP;
        let size = |k: usize| {
            let cols = fill_columns(&heights, k);
            let tallest = cols
                .iter()
                .map(|c| c.iter().map(|&b| heights[b]).sum::<usize>())
                .max()
                .unwrap_or(0);
            let width = (2.0 * MARGIN + cols.len() as f64 * col_w).max(boxes.w + 2.0 * MARGIN);
            let per = per_row(width, boxes.w);
            let above_rows: usize = self.up.values().map(|r| r.len().div_ceil(per)).sum();
            let height = MARGIN * 2.0
                + title_h
                + 50.0
                + above_rows as f64 * (boxes.h + ROW_GAP)
                + boxes.h
                + 40.0
                + tallest as f64 * pitch;
            (width, height)
        };
        let k = closest_to_screen(1..=self.blocks.len().max(1), size);
        let width = size(k)
            .0
            .max(title.map_or(0.0, |t| text_width(t, 15.0, true) + 2.0 * MARGIN));
        (fill_columns(&heights, k), width)
    }
}

/// The words for citations an outline does not draw, the first [`EXTRA_NOTES`] of `list`
/// and how many more.
fn also_lines(
    g: &CitationGraph,
    list: &[(Relation, NodeIndex, Way)],
) -> Vec<(String, &'static str)> {
    let mut lines = Vec::new();
    for &(r, c, way) in list.iter().take(EXTRA_NOTES) {
        let other = shorten(&g.graph[c].label(), 24);
        let text = match way {
            Way::Cites => format!("also {} {other}", r.as_str()),
            Way::CitedBy => format!("also cited by {other} ({})", r.as_str()),
        };
        lines.push((text, relation_style(r).0));
    }
    if list.len() > EXTRA_NOTES {
        lines.push((format!("and {} more", list.len() - EXTRA_NOTES), "#666666"));
    }
    lines
}

/// Blocks of `heights` lines in order into at most `k` columns of about equal height: a
/// column is closed when the next block would take it past its share.
fn fill_columns(heights: &[usize], k: usize) -> Vec<Vec<usize>> {
    let total: usize = heights.iter().sum();
    let target = total.div_ceil(k.max(1));
    let mut cols: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0;
    for (b, &h) in heights.iter().enumerate() {
        if used > 0 && used + h > target && cols.len() < k {
            cols.push(Vec::new());
            used = 0;
        }
        if let Some(c) = cols.last_mut() {
            c.push(b);
        }
        used += h;
    }
    cols
}

/// Boxes `bw` wide in a row above the root on a page `width` wide.
fn per_row(width: f64, bw: f64) -> usize {
    (((width - 2.0 * MARGIN) / (bw + 16.0)).floor() as usize).max(1)
}

/// The legend of the documents drawn: their levels, whether one is outside the corpus, the
/// relations among them.
fn drawn_legend(g: &CitationGraph, drawn: &[NodeIndex]) -> Vec<super::layout::Entry> {
    let mut levels = BTreeSet::new();
    let mut outside = false;
    for &n in drawn {
        levels.insert(level_rank(g.graph[n].level()));
        outside |= !g.graph[n].in_corpus;
    }
    let drawn_set: HashSet<NodeIndex> = drawn.iter().copied().collect();
    let relations: BTreeSet<Relation> = g
        .graph
        .edge_references()
        .filter(|e| drawn_set.contains(&e.source()) && drawn_set.contains(&e.target()))
        .map(|e| e.weight().relation)
        .collect();
    legend(&levels, outside, true, &relations)
}

/// The boxes of the documents drawn, all one size so outlines line up.
struct Boxes {
    shapes: HashMap<NodeIndex, Shape>,
    w: f64,
    h: f64,
}

impl Boxes {
    fn new(g: &CitationGraph, root: NodeIndex, drawn: &[NodeIndex]) -> Self {
        let shapes: HashMap<NodeIndex, Shape> = drawn
            .iter()
            .map(|&n| (n, document_shape(&g.graph[n], n == root)))
            .collect();
        let w = shapes.values().map(|s| s.w).fold(80.0, f64::max);
        let h = shapes.values().map(|s| s.h).fold(20.0, f64::max);
        Boxes { shapes, w, h }
    }
}

/// The x of each outline document's column spine.
fn spine_of(
    blocks: &[Vec<OutLine>],
    columns: &[Vec<usize>],
    spines: &[(f64, f64)],
) -> HashMap<NodeIndex, f64> {
    columns
        .iter()
        .enumerate()
        .flat_map(|(c, col)| {
            col.iter()
                .flat_map(|&b| blocks[b].iter().map(|l| l.node))
                .map(move |n| (n, c))
        })
        .map(|(n, c)| (n, spines[c].0))
        .collect()
}

/// A relation's line: colour, dashes, width.
#[derive(Clone, Copy)]
struct Pen {
    colour: &'static str,
    dash: Dash,
    width: f64,
}

impl Pen {
    fn of(r: Relation) -> Pen {
        let (colour, style, width) = relation_style(r);
        Pen {
            colour,
            dash: Dash::of(style),
            width: f64::from(width),
        }
    }
}

/// A straight line without an arrowhead.
fn straight(start: Pt, end: Pt, pen: Pen, tooltip: String) -> Curve {
    Curve {
        start,
        pieces: Curve::polyline(&[start, end]),
        colour: pen.colour,
        width: pen.width,
        dash: pen.dash,
        arrow: false,
        tooltip,
    }
}

/// The drawing as it is made: what is on it, where each box stands.
struct Page<'a> {
    scene: Scene,
    occupied: Occupied,
    at: HashMap<NodeIndex, (f64, f64)>,
    boxes: &'a Boxes,
}

impl Page<'_> {
    /// Puts `n`'s box with its top left at (`x`, `y`).
    fn place(&mut self, n: NodeIndex, x: f64, y: f64) {
        let (bw, bh) = (self.boxes.w, self.boxes.h);
        if let Some(s) = self.boxes.shapes.get(&n) {
            let mut s = s.clone();
            s.x = x;
            s.y = y;
            s.w = bw;
            s.h = bh;
            self.occupied.add((x, y, bw, bh));
            self.scene.shapes.push(s);
            self.at.insert(n, (x, y));
        }
    }

    /// The rows above the root from `y`, farthest first, each centred and wrapped; returns
    /// the y under them.
    fn place_rows_above(
        &mut self,
        up: &BTreeMap<usize, Vec<NodeIndex>>,
        width: f64,
        y: f64,
    ) -> f64 {
        let (bw, bh) = (self.boxes.w, self.boxes.h);
        let per = per_row(width, bw);
        let mut y = y;
        for row in up.values().rev() {
            for chunk in row.chunks(per) {
                let x0 = (width - chunk.len() as f64 * (bw + 16.0) + 16.0) / 2.0;
                for (i, &n) in chunk.iter().enumerate() {
                    self.place(n, x0 + i as f64 * (bw + 16.0), y);
                }
                y += bh + ROW_GAP;
            }
        }
        y
    }

    /// The columns of outlines from `top`, at (left, column width): returns each column's
    /// spine (x, end) and the bottom of the tallest.
    fn place_columns(
        &mut self,
        blocks: &[Vec<OutLine>],
        columns: &[Vec<usize>],
        (grid_x, col_w): (f64, f64),
        top: f64,
    ) -> (Vec<(f64, f64)>, f64) {
        let bh = self.boxes.h;
        let mut spines: Vec<(f64, f64)> = Vec::new();
        let mut bottom = top;
        for (c, col) in columns.iter().enumerate() {
            let cx = grid_x + c as f64 * col_w;
            let mut ly = top;
            let mut last_tick = top;
            for &b in col {
                for l in &blocks[b] {
                    let x = cx + SPINE + (l.depth.min(MAX_INDENT) - 1) as f64 * INDENT;
                    self.place(l.node, x, ly);
                    if l.depth == 1 {
                        last_tick = ly + bh / 2.0;
                    }
                    ly += bh + LINE_GAP;
                }
            }
            spines.push((cx + 6.0, last_tick));
            bottom = bottom.max(ly - LINE_GAP);
        }
        (spines, bottom)
    }

    /// The root's line: down from the root's bottom middle to a bus over the columns, a spine
    /// down each column; drawn as the relation most of the root's citers have.
    fn draw_root_line(
        &mut self,
        hood: &Neighbourhood,
        (rc, root_bottom): Pt,
        bus_y: f64,
        spines: &[(f64, f64)],
    ) {
        if spines.is_empty() {
            return;
        }
        let g = hood.g;
        let root_edges: Vec<Relation> = hood
            .root_children()
            .iter()
            .filter_map(|&c| relation(g, c, hood.root))
            .collect();
        let pen = Pen::of(most_common(&root_edges).unwrap_or(Relation::Implements));
        let lo = spines.iter().map(|s| s.0).fold(rc, f64::min);
        let hi = spines.iter().map(|s| s.0).fold(rc, f64::max);
        let tip = format!("documents citing {}", g.graph[hood.root].label());
        self.scene.curves.push(Curve {
            arrow: true,
            ..straight((rc, root_bottom), (rc, bus_y), pen, tip)
        });
        self.scene
            .curves
            .push(straight((lo, bus_y), (hi, bus_y), pen, String::new()));
        for &(sx, end) in spines {
            self.scene
                .curves
                .push(straight((sx, bus_y), (sx, end), pen, String::new()));
        }
    }

    /// Branches: from a column's spine to each document citing the root; in an outline, from
    /// under a document to each document citing it; the words to the right of each box.
    /// Returns the citations drawn so.
    fn draw_branches(
        &mut self,
        hood: &Neighbourhood,
        spine_of: &HashMap<NodeIndex, f64>,
        notes: &HashMap<NodeIndex, Vec<(String, &'static str)>>,
    ) -> HashSet<(NodeIndex, NodeIndex)> {
        let (g, bw, bh) = (hood.g, self.boxes.w, self.boxes.h);
        let mut tree_edges: HashSet<(NodeIndex, NodeIndex)> = HashSet::new();
        for l in hood.blocks.iter().flatten() {
            let Some(&(x, y)) = self.at.get(&l.node) else {
                continue;
            };
            let mid = y + bh / 2.0;
            let pen = Pen::of(relation(g, l.node, l.parent).unwrap_or(Relation::Cites));
            let tip = edge_tip(g, l.node, l.parent);
            if l.parent == hood.root {
                let sx = spine_of.get(&l.node).copied().unwrap_or(x - 12.0);
                self.scene
                    .curves
                    .push(straight((sx, mid), (x, mid), pen, tip));
            } else if let Some(&(px, py)) = self.at.get(&l.parent) {
                let vx = px + 12.0;
                let (s, pieces) = Curve::rounded(&[(vx, py + bh), (vx, mid), (x, mid)], 6.0);
                self.scene.curves.push(Curve {
                    start: s,
                    pieces,
                    colour: pen.colour,
                    width: pen.width,
                    dash: pen.dash,
                    arrow: true,
                    tooltip: tip,
                });
            }
            tree_edges.insert((l.node, l.parent));
            let lines = notes.get(&l.node).map_or(&[][..], Vec::as_slice);
            self.write_notes(lines, x + bw + 5.0, mid);
        }
        tree_edges
    }

    /// `lines` of small words from `x`, centred on `mid`.
    fn write_notes(&mut self, lines: &[(String, &'static str)], x: f64, mid: f64) {
        let first = mid + 3.0 - (lines.len().saturating_sub(1)) as f64 * (NOTE + 2.0) / 2.0;
        for (i, (text, colour)) in lines.iter().enumerate() {
            let t = Text {
                x,
                y: first + i as f64 * (NOTE + 2.0),
                text: text.clone(),
                size: NOTE,
                bold: false,
                colour,
                anchor: Anchor::Start,
                halo: false,
            };
            self.occupied.add(t.bounds());
            self.scene.texts.push(t);
        }
    }

    /// Every other citation among the documents drawn: to the root from deeper in an outline,
    /// a branch from the spine; between rows above, a curve down; any other, an arc beside.
    /// Then their relations' names where they meet nothing.
    fn draw_other_citations(
        &mut self,
        hood: &Neighbourhood,
        tree_edges: &HashSet<(NodeIndex, NodeIndex)>,
        spine_of: &HashMap<NodeIndex, f64>,
        note_w: f64,
    ) {
        let (g, root) = (hood.g, hood.root);
        let in_outline = &hood.in_outline;
        let mut labelled = Vec::new();
        for e in g.graph.edge_references() {
            let (citing, cited) = (e.source(), e.target());
            if tree_edges.contains(&(citing, cited))
                || (cited != root && in_outline.contains_key(&citing))
                || (!in_outline.contains_key(&citing) && in_outline.contains_key(&cited))
            {
                continue;
            }
            let (Some(&a), Some(&b)) = (self.at.get(&cited), self.at.get(&citing)) else {
                continue;
            };
            let r = e.weight().relation;
            let pen = Pen::of(r);
            let from_spine = (cited == root)
                .then(|| spine_of.get(&citing).copied())
                .flatten();
            let (start, pieces) = match from_spine {
                Some(sx) => {
                    let y = b.1 + self.boxes.h / 2.0;
                    ((sx, y), Curve::polyline(&[(sx, y), (b.0, y)]))
                }
                None => self.other_route(a, b, note_w),
            };
            labelled.push((self.scene.curves.len(), r));
            self.scene.curves.push(Curve {
                start,
                pieces,
                colour: pen.colour,
                width: pen.width,
                dash: pen.dash,
                arrow: from_spine.is_none(),
                tooltip: edge_tip(g, citing, cited),
            });
        }
        for (c, r) in labelled {
            let colour = relation_style(r).0;
            let fractions = [0.5, 0.4, 0.6, 0.3, 0.7];
            let curve = &self.scene.curves[c];
            if let Some(t) = place_label(curve, r.as_str(), colour, &fractions, &self.occupied) {
                self.occupied.add(t.bounds());
                self.scene.texts.push(t);
            }
        }
    }

    /// The route from the box at `a` (cited) to the box at `b` (citing): a curve down when
    /// `b` stands lower, else an arc beside, from the right of one box to the right of the
    /// other, clear of the words beside them.
    fn other_route(&self, (ax, ay): Pt, (bx, by): Pt, note_w: f64) -> Route {
        let (bw, bh) = (self.boxes.w, self.boxes.h);
        if ay + bh < by {
            let (p0, p3) = ((ax + bw / 2.0, ay + bh), (bx + bw / 2.0, by));
            let dy = (p3.1 - p0.1) * 0.5;
            (p0, vec![[(p0.0, p0.1 + dy), (p3.0, p3.1 - dy), p3]])
        } else {
            let (p0, p3) = ((ax + bw, ay + bh / 2.0), (bx + bw, by + bh / 2.0));
            let out = 24.0 + note_w;
            (p0, vec![[(p0.0 + out, p0.1), (p3.0 + out, p3.1), p3]])
        }
    }
}

/// The tooltip of the edge `citing → cited`, if there is one.
fn edge_tip(g: &CitationGraph, citing: NodeIndex, cited: NodeIndex) -> String {
    g.graph
        .find_edge(citing, cited)
        .map_or_else(String::new, |e| citation_tip(g, citing, cited, &g.graph[e]))
}

/// The relation most edges have (the first in order on a tie).
fn most_common(rs: &[Relation]) -> Option<Relation> {
    let mut counts: BTreeMap<Relation, usize> = BTreeMap::new();
    for &r in rs {
        *counts.entry(r).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|&(_, c)| c == best).map(|(r, _)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_fill_columns_in_order_to_about_equal_heights() {
        // 12 lines in 3 columns: 4 each; a block is never split.
        assert_eq!(
            fill_columns(&[2, 2, 2, 2, 2, 2], 3),
            vec![vec![0, 1], vec![2, 3], vec![4, 5]]
        );
        // A tall block closes the column before it and fills its own.
        assert_eq!(fill_columns(&[1, 6, 1], 2), vec![vec![0], vec![1, 2]]);
        // Never more columns than asked, however uneven.
        assert_eq!(fill_columns(&[5, 5, 5], 2), vec![vec![0], vec![1, 2]]);
        assert_eq!(fill_columns(&[], 3), vec![Vec::<usize>::new()]);
    }

    #[test]
    fn citations_by_the_box_are_said_before_citations_of_it() {
        assert!(Way::Cites < Way::CitedBy);
    }

    #[test]
    fn the_most_common_relation_wins_and_ties_go_to_the_first() {
        use Relation::*;
        assert_eq!(most_common(&[Cites, Implements, Cites]), Some(Cites));
        assert_eq!(most_common(&[Cites, Implements]), Some(Implements));
        assert_eq!(most_common(&[]), None);
    }
}
