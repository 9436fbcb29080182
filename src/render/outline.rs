//! A neighbourhood drawn around its root: what the root rests on in rows above it, the root
//! centred, and under it what implements it as outlines — each document the root's
//! implementers are, with what implements them indented beneath, as `vncite descendants`
//! prints them — set in newspaper columns. A line from the root runs along the columns and a
//! short branch reaches each document citing it: 63 provinces implementing a directive make
//! a few columns of a page, not a ribbon, and no line crosses another.

use super::documents::{document_shape, legend, shorten};
use super::layout::{footer, header, place_label, Occupied, MARGIN, TARGET_ASPECT};
use super::scene::{text_width, Anchor, Curve, Dash, Scene, Shape, Text};
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
    // The tree down: each document under the first document through which a breadth-first
    // walk from the root reached it.
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
    // Above: what the root rests on, by steps up.
    let mut up: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
    let mut steps: HashMap<NodeIndex, usize> = HashMap::from([(root, 0)]);
    let mut queue = VecDeque::from([root]);
    while let Some(n) = queue.pop_front() {
        let d = steps[&n];
        let mut next: Vec<NodeIndex> = g
            .graph
            .neighbors_directed(n, Direction::Outgoing)
            .filter(|&m| keep(m) && !seen.contains(&m) && !steps.contains_key(&m))
            .collect();
        next.sort_by_key(|&m| sibling_key(g, m));
        for m in next {
            steps.insert(m, d + 1);
            up.entry(d + 1).or_default().push(m);
            queue.push_back(m);
        }
    }
    // Anything else kept (reached neither way from the root) stands with the ancestors.
    let mut loose: Vec<NodeIndex> = g
        .graph
        .node_indices()
        .filter(|&n| keep(n) && !seen.contains(&n) && !steps.contains_key(&n))
        .collect();
    loose.sort_by_key(|&m| sibling_key(g, m));
    if !loose.is_empty() {
        let far = up.keys().next_back().copied().unwrap_or(0) + 1;
        up.entry(far).or_default().extend(loose);
    }
    // Outlines: one per document citing the root, in order, each walked depth first.
    let mut blocks: Vec<Vec<OutLine>> = Vec::new();
    for &c in children.get(&root).map_or(&[][..], Vec::as_slice) {
        let mut block = Vec::new();
        let mut stack = vec![(c, 1usize, root)];
        while let Some((n, depth, p)) = stack.pop() {
            block.push(OutLine {
                node: n,
                depth,
                parent: p,
            });
            for &m in children.get(&n).map_or(&[][..], Vec::as_slice).iter().rev() {
                stack.push((m, depth + 1, n));
            }
        }
        blocks.push(block);
    }
    // Boxes: one size for all, so outlines line up.
    let drawn: Vec<NodeIndex> = std::iter::once(root)
        .chain(parent.keys().copied())
        .chain(up.values().flatten().copied())
        .collect();
    let shapes: HashMap<NodeIndex, Shape> = drawn
        .iter()
        .map(|&n| (n, document_shape(&g.graph[n], n == root)))
        .collect();
    let bw = shapes.values().map(|s| s.w).fold(80.0, f64::max);
    let bh = shapes.values().map(|s| s.h).fold(20.0, f64::max);
    let pitch = bh + LINE_GAP;
    let mut notes: HashMap<NodeIndex, Vec<(String, &'static str)>> = blocks
        .iter()
        .flatten()
        .map(|l| (l.node, vec![note(g, l.node, l.parent)]))
        .collect();
    // Citations the outlines do not draw (between two outlines, or a document citing two of
    // one outline) are said in words beside the citing box: lines across the columns would
    // cross everything between.
    let in_outline: HashMap<NodeIndex, NodeIndex> = blocks
        .iter()
        .flatten()
        .map(|l| (l.node, l.parent))
        .collect();
    let mut extra: BTreeMap<NodeIndex, Vec<(Relation, NodeIndex, bool)>> = BTreeMap::new();
    for e in g.graph.edge_references() {
        let (citing, cited) = (e.source(), e.target());
        if !keep(citing) || !keep(cited) || cited == root {
            continue;
        }
        if in_outline.get(&citing) == Some(&cited) {
            continue;
        }
        if in_outline.contains_key(&citing) {
            extra
                .entry(citing)
                .or_default()
                .push((e.weight().relation, cited, true));
        } else if in_outline.contains_key(&cited) {
            // Cited from above (by the root or what it rests on): a cycle, or a date wrong.
            extra
                .entry(cited)
                .or_default()
                .push((e.weight().relation, citing, false));
        }
    }
    for (n, mut list) in extra {
        list.sort_by_key(|&(r, c, out)| (!out, r, sibling_key(g, c)));
        let lines = notes.entry(n).or_default();
        for &(r, c, out) in list.iter().take(EXTRA_NOTES) {
            let other = shorten(&g.graph[c].label(), 24);
            lines.push((
                if out {
                    format!("also {} {other}", r.as_str())
                } else {
                    format!("also cited by {other} ({})", r.as_str())
                },
                relation_style(r).0,
            ));
        }
        if list.len() > EXTRA_NOTES {
            lines.push((format!("and {} more", list.len() - EXTRA_NOTES), "#666666"));
        }
    }
    let note_w = notes
        .values()
        .flatten()
        .map(|(t, _)| text_width(t, NOTE, false))
        .fold(0.0, f64::max);
    let deepest = blocks
        .iter()
        .flatten()
        .map(|l| l.depth.min(MAX_INDENT))
        .max()
        .unwrap_or(1);
    let col_w = SPINE + (deepest - 1) as f64 * INDENT + bw + 6.0 + note_w + COLUMN_GAP;
    // Everything this neighbourhood draws: for the legend.
    let mut levels = BTreeSet::new();
    let mut outside = false;
    for &n in &drawn {
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
    let legend = legend(&levels, outside, true, &relations);
    // Columns: as many as make the page a screen's shape.
    let heights: Vec<usize> = blocks.iter().map(Vec::len).collect();
    let above_rows = |width: f64| -> usize {
        let per = (((width - 2.0 * MARGIN) / (bw + 16.0)).floor() as usize).max(1);
        up.values().map(|r| r.len().div_ceil(per)).sum()
    };
    let fill = |k: usize| -> Vec<Vec<usize>> {
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
    };
    let title_h = if opt.title.is_some() { 26.0 } else { 0.0 };
    let size = |k: usize| {
        let cols = fill(k);
        let tallest = cols
            .iter()
            .map(|c| c.iter().map(|&b| heights[b]).sum::<usize>())
            .max()
            .unwrap_or(0);
        let width = (2.0 * MARGIN + cols.len() as f64 * col_w).max(bw + 2.0 * MARGIN);
        let height = MARGIN * 2.0
            + title_h
            + 50.0
            + above_rows(width) as f64 * (bh + ROW_GAP)
            + bh
            + 40.0
            + tallest as f64 * pitch;
        (width, height)
    };
    let k = (1..=blocks.len().max(1))
        .min_by(|&a, &b| {
            let s = |k: usize| {
                let (w, h) = size(k);
                (w / h / TARGET_ASPECT).ln().abs()
            };
            s(a).total_cmp(&s(b))
        })
        .unwrap_or(1);
    let columns = fill(k);
    let width = size(k).0.max(
        opt.title
            .as_deref()
            .map_or(0.0, |t| text_width(t, 15.0, true) + 2.0 * MARGIN),
    );

    let mut scene = Scene::default();
    let mut occupied = Occupied::new();
    let mut y = MARGIN + header(&mut scene, opt.title.as_deref(), &legend, width, MARGIN) + 8.0;
    let mut at: HashMap<NodeIndex, (f64, f64)> = HashMap::new();
    let mut place = |scene: &mut Scene, occupied: &mut Occupied, n: NodeIndex, x: f64, y: f64| {
        if let Some(s) = shapes.get(&n) {
            let mut s = s.clone();
            s.x = x;
            s.y = y;
            s.w = bw;
            s.h = bh;
            occupied.add((x, y, bw, bh));
            scene.shapes.push(s);
            at.insert(n, (x, y));
        }
    };
    // Rows above the root, farthest first, each centred and wrapped.
    let per = (((width - 2.0 * MARGIN) / (bw + 16.0)).floor() as usize).max(1);
    for row in up.values().rev() {
        for chunk in row.chunks(per) {
            let x0 = (width - chunk.len() as f64 * (bw + 16.0) + 16.0) / 2.0;
            for (i, &n) in chunk.iter().enumerate() {
                place(&mut scene, &mut occupied, n, x0 + i as f64 * (bw + 16.0), y);
            }
            y += bh + ROW_GAP;
        }
    }
    // The root, centred.
    let root_x = (width - bw) / 2.0;
    place(&mut scene, &mut occupied, root, root_x, y);
    let root_bottom = y + bh;
    let bus_y = root_bottom + 22.0;
    let top = bus_y + 14.0;
    // The columns of outlines.
    let grid_x = (width - columns.len() as f64 * col_w + COLUMN_GAP) / 2.0;
    let mut spines: Vec<(f64, f64)> = Vec::new();
    let mut bottom = top;
    for (c, col) in columns.iter().enumerate() {
        let cx = grid_x + c as f64 * col_w;
        let mut ly = top;
        let mut last_tick = top;
        for &b in col {
            for l in &blocks[b] {
                let x = cx + SPINE + (l.depth.min(MAX_INDENT) - 1) as f64 * INDENT;
                place(&mut scene, &mut occupied, l.node, x, ly);
                if l.depth == 1 {
                    last_tick = ly + bh / 2.0;
                }
                ly += pitch;
            }
        }
        spines.push((cx + 6.0, last_tick));
        bottom = bottom.max(ly - LINE_GAP);
    }
    // The root's line: down from it to a bus over the columns, a spine down each column.
    let root_edges: Vec<Relation> = children
        .get(&root)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter_map(|&c| relation(g, c, root))
        .collect();
    let main = most_common(&root_edges).unwrap_or(Relation::Implements);
    let (main_colour, main_style, main_width) = relation_style(main);
    let line =
        |start: (f64, f64), end: (f64, f64), colour, dash, width, arrow, tip: String| Curve {
            start,
            pieces: Curve::polyline(&[start, end]),
            colour,
            width,
            dash,
            arrow,
            tooltip: tip,
        };
    if !spines.is_empty() {
        let rc = root_x + bw / 2.0;
        let lo = spines.iter().map(|s| s.0).fold(rc, f64::min);
        let hi = spines.iter().map(|s| s.0).fold(rc, f64::max);
        let w = f64::from(main_width);
        let dash = Dash::of(main_style);
        scene.curves.push(line(
            (rc, root_bottom),
            (rc, bus_y),
            main_colour,
            dash,
            w,
            true,
            format!("documents citing {}", g.graph[root].label()),
        ));
        scene.curves.push(line(
            (lo, bus_y),
            (hi, bus_y),
            main_colour,
            dash,
            w,
            false,
            String::new(),
        ));
        for &(sx, end) in &spines {
            scene.curves.push(line(
                (sx, bus_y),
                (sx, end),
                main_colour,
                dash,
                w,
                false,
                String::new(),
            ));
        }
    }
    // Branches: from a column's spine to each document citing the root; in an outline, from
    // under a document to each document citing it; the words to the right of each box.
    let spine_of: HashMap<NodeIndex, f64> = columns
        .iter()
        .enumerate()
        .flat_map(|(c, col)| {
            col.iter()
                .flat_map(|&b| blocks[b].iter().map(|l| l.node))
                .map(move |n| (n, c))
        })
        .map(|(n, c)| (n, spines[c].0))
        .collect();
    let mut tree_edges: HashSet<(NodeIndex, NodeIndex)> = HashSet::new();
    for l in blocks.iter().flatten() {
        let Some(&(x, y)) = at.get(&l.node) else {
            continue;
        };
        let mid = y + bh / 2.0;
        let r = relation(g, l.node, l.parent).unwrap_or(Relation::Cites);
        let (colour, style, width) = relation_style(r);
        let tip = edge_tip(g, l.node, l.parent);
        if l.parent == root {
            let sx = spine_of.get(&l.node).copied().unwrap_or(x - 12.0);
            scene.curves.push(line(
                (sx, mid),
                (x, mid),
                colour,
                Dash::of(style),
                f64::from(width),
                false,
                tip,
            ));
        } else if let Some(&(px, py)) = at.get(&l.parent) {
            let vx = px + 12.0;
            let (s, pieces) = Curve::rounded(&[(vx, py + bh), (vx, mid), (x, mid)], 6.0);
            scene.curves.push(Curve {
                start: s,
                pieces,
                colour,
                width: f64::from(width),
                dash: Dash::of(style),
                arrow: true,
                tooltip: tip,
            });
        }
        tree_edges.insert((l.node, l.parent));
        let lines = notes.get(&l.node).map_or(&[][..], Vec::as_slice);
        let first = mid + 3.0 - (lines.len().saturating_sub(1)) as f64 * (NOTE + 2.0) / 2.0;
        for (i, (text, colour)) in lines.iter().enumerate() {
            let t = Text {
                x: x + bw + 5.0,
                y: first + i as f64 * (NOTE + 2.0),
                text: text.clone(),
                size: NOTE,
                bold: false,
                colour,
                anchor: Anchor::Start,
                halo: false,
            };
            occupied.add(t.bounds());
            scene.texts.push(t);
        }
    }
    // Every other citation among the documents drawn: to the root from deeper in an outline,
    // a branch from the spine; between rows above, a curve down; any other, an arc beside.
    let mut labelled = Vec::new();
    for e in g.graph.edge_references() {
        let (citing, cited) = (e.source(), e.target());
        if tree_edges.contains(&(citing, cited))
            || (cited != root && in_outline.contains_key(&citing))
            || (!in_outline.contains_key(&citing) && in_outline.contains_key(&cited))
        {
            continue;
        }
        let (Some(&(ax, ay)), Some(&(bx, by))) = (at.get(&cited), at.get(&citing)) else {
            continue;
        };
        let r = e.weight().relation;
        let (colour, style, width) = relation_style(r);
        let tip = edge_tip(g, citing, cited);
        let (start, pieces) = if cited == root && spine_of.contains_key(&citing) {
            let sx = spine_of[&citing];
            (
                (sx, by + bh / 2.0),
                Curve::polyline(&[(sx, by + bh / 2.0), (bx, by + bh / 2.0)]),
            )
        } else if ay + bh < by {
            let (p0, p3) = ((ax + bw / 2.0, ay + bh), (bx + bw / 2.0, by));
            let dy = (p3.1 - p0.1) * 0.5;
            (p0, vec![[(p0.0, p0.1 + dy), (p3.0, p3.1 - dy), p3]])
        } else {
            // Beside: from the right of one box to the right of the other.
            let (p0, p3) = ((ax + bw, ay + bh / 2.0), (bx + bw, by + bh / 2.0));
            let out = 24.0 + note_w;
            (p0, vec![[(p0.0 + out, p0.1), (p3.0 + out, p3.1), p3]])
        };
        let arrow = !(cited == root && spine_of.contains_key(&citing));
        labelled.push((scene.curves.len(), r));
        scene.curves.push(Curve {
            start,
            pieces,
            colour,
            width: f64::from(width),
            dash: Dash::of(style),
            arrow,
            tooltip: tip,
        });
    }
    for (c, r) in labelled {
        let colour = relation_style(r).0;
        let fractions = [0.5, 0.4, 0.6, 0.3, 0.7];
        if let Some(t) = place_label(&scene.curves[c], r.as_str(), colour, &fractions, &occupied) {
            occupied.add(t.bounds());
            scene.texts.push(t);
        }
    }
    let foot = footer(&mut scene, &[], bottom);
    scene.width = width;
    scene.height = bottom + foot + MARGIN * 1.5;
    scene
}

/// The tooltip of an edge: who does what to whom, and the sentence that says so.
fn edge_tip(g: &CitationGraph, citing: NodeIndex, cited: NodeIndex) -> String {
    let Some(e) = g.graph.find_edge(citing, cited) else {
        return String::new();
    };
    let w = &g.graph[e];
    let sentence = w.sources.first().map_or("", |s| s.sentence.as_str());
    shorten(
        &format!(
            "{} {} {}: {sentence}",
            g.graph[citing].label(),
            w.relation.as_str(),
            g.graph[cited].label()
        ),
        300,
    )
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
