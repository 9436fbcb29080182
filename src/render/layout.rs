//! vncite's own layout: boxes in bands (one per administrative level, or per month on a
//! timeline), each band's rows wrapped at a number of columns chosen so the drawing fits a
//! screen, boxes placed under what they are linked to, and edges routed through the gaps
//! between rows and columns, where no box stands. Graphviz's `dot` puts a level in one rank,
//! however many documents it holds: 63 provinces implementing a directive make a ribbon.
//!
//! Everything is computed in a few passes over the boxes and edges (no search), so a drawing
//! of thousands of boxes takes milliseconds, and the same input gives the same bytes.

use super::scene::{text_width, Anchor, Curve, Dash, Line, Panel, Pt, Scene, Shape, Text, LEADING};
use std::collections::HashMap;

/// Space around the drawing.
pub const MARGIN: f64 = 16.0;
/// Space on each side of a box within its column.
const CELL_PAD: f64 = 9.0;
/// Height of the gap between two rows of one band, where edges run.
const ROW_GAP: f64 = 40.0;
/// Height of the gap between two bands.
const BAND_GAP: f64 = 52.0;
/// Room over the boxes of a framed group for the group's name.
const FRAME_TOP: f64 = 14.0;
/// Radius of the corners of routed edges.
const CORNER: f64 = 7.0;
/// The width:height the column count aims at (a screen's).
pub const TARGET_ASPECT: f64 = 1.6;

/// A box to place.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its look: size, colours, lines, tooltip (its position is the layout's).
    pub shape: Shape,
    /// The band it belongs to.
    pub band: usize,
    /// Rows of a band are grouped by tier: a neighbourhood's generations around its root.
    pub tier: i64,
    /// The framed group it belongs to, if any (an issuer).
    pub group: Option<usize>,
    /// Order among boxes nothing else tells apart.
    pub key: String,
    /// Put in the middle of its row: the root of a neighbourhood.
    pub centre: bool,
}

/// An edge to route: drawn from the cited box (`from`, with the arrowhead) to the citing one.
#[derive(Debug, Clone)]
pub struct Link {
    /// The cited box.
    pub from: usize,
    /// The citing box.
    pub to: usize,
    /// Colour.
    pub colour: &'static str,
    /// Width.
    pub width: f64,
    /// Dashes.
    pub dash: Dash,
    /// The words beside it (a relation, a count), placed where they meet nothing else.
    pub label: String,
    /// Shown on hover in SVG.
    pub tooltip: String,
}

/// A band of rows: a level, or a month.
#[derive(Debug, Clone, Default)]
pub struct Band {
    /// Its name, in the left margin.
    pub label: String,
    /// A second line under the name (a count).
    pub sub: Option<String>,
    /// Extra space above it: a timeline's time since the band before.
    pub space_before: f64,
    /// Words in the gap above it, for a gap too long to draw to scale.
    pub break_before: Option<String>,
}

/// What a legend entry shows.
#[derive(Debug, Clone)]
pub enum Mark {
    /// A box's fill and outline.
    Swatch {
        /// Fill.
        fill: &'static str,
        /// Outline.
        stroke: &'static str,
        /// Dashed outline.
        dashed: bool,
        /// Outline width.
        width: f64,
    },
    /// A line with an arrowhead.
    Stroke {
        /// Colour.
        colour: &'static str,
        /// Dashes.
        dash: Dash,
        /// Width.
        width: f64,
    },
    /// Words alone.
    Note,
}

/// One entry of a legend.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its mark.
    pub mark: Mark,
    /// Its words.
    pub text: String,
}

/// Where edge labels go first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelPlace {
    /// Near the citing end, where edges from one cited box have parted.
    NearCiting,
    /// Midway.
    Middle,
}

/// A drawing to lay out.
#[derive(Debug, Clone)]
pub struct Spec {
    /// A title on top.
    pub title: Option<String>,
    /// The bands, top to bottom.
    pub bands: Vec<Band>,
    /// Names of the framed groups.
    pub groups: Vec<String>,
    /// The boxes.
    pub items: Vec<Item>,
    /// The edges.
    pub links: Vec<Link>,
    /// The legend: only what is drawn.
    pub legend: Vec<Entry>,
    /// Lines of small print at the bottom (what was left out).
    pub notes: Vec<String>,
    /// Where edge labels go first.
    pub labels: LabelPlace,
}

/// A rectangle: left, top, width, height.
type Rect = (f64, f64, f64, f64);

/// A row of a laid out band.
#[derive(Debug, Clone)]
struct Row {
    band: usize,
    /// Each box and its column.
    cells: Vec<(usize, usize)>,
    /// Framed runs: group, first column, columns.
    frames: Vec<(usize, usize, usize)>,
}

/// Texts and boxes already on the page, by area, so an edge label is put where it meets none.
pub struct Occupied {
    cells: HashMap<(i64, i64), Vec<usize>>,
    rects: Vec<(f64, f64, f64, f64)>,
}

const BUCKET: f64 = 64.0;

impl Occupied {
    /// An empty page.
    pub fn new() -> Self {
        Occupied {
            cells: HashMap::new(),
            rects: Vec::new(),
        }
    }

    fn buckets(r: (f64, f64, f64, f64)) -> impl Iterator<Item = (i64, i64)> {
        let (x0, y0) = ((r.0 / BUCKET).floor() as i64, (r.1 / BUCKET).floor() as i64);
        let (x1, y1) = (
            ((r.0 + r.2) / BUCKET).floor() as i64,
            ((r.1 + r.3) / BUCKET).floor() as i64,
        );
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    /// Marks a rectangle (left, top, width, height) taken.
    pub fn add(&mut self, r: (f64, f64, f64, f64)) {
        let i = self.rects.len();
        self.rects.push(r);
        for b in Self::buckets(r) {
            self.cells.entry(b).or_default().push(i);
        }
    }

    /// True when the rectangle meets nothing taken.
    pub fn free(&self, r: (f64, f64, f64, f64)) -> bool {
        Self::buckets(r).all(|b| {
            self.cells.get(&b).is_none_or(|v| {
                v.iter().all(|&i| {
                    let o = self.rects[i];
                    r.0 + r.2 <= o.0 || o.0 + o.2 <= r.0 || r.1 + r.3 <= o.1 || o.1 + o.3 <= r.1
                })
            })
        })
    }
}

impl Default for Occupied {
    fn default() -> Self {
        Self::new()
    }
}

/// A box's lines: how tall they stand.
pub fn lines_height(lines: &[Line]) -> f64 {
    lines.iter().map(|l| l.size * LEADING).sum()
}

/// The width the widest of `lines` needs.
pub fn lines_width(lines: &[Line]) -> f64 {
    lines
        .iter()
        .map(|l| text_width(&l.text, l.size, l.bold))
        .fold(0.0, f64::max)
}

/// The tiers (band, tier) in drawing order, each with its boxes.
fn tiers(spec: &Spec) -> Vec<Vec<usize>> {
    let mut by: std::collections::BTreeMap<(usize, i64), Vec<usize>> = Default::default();
    for (i, it) in spec.items.iter().enumerate() {
        by.entry((it.band, it.tier)).or_default().push(i);
    }
    by.into_values().collect()
}

/// Sizes of the units a tier is wrapped in: a framed group's boxes stay together, any other
/// box is a unit of its own.
fn unit_sizes(spec: &Spec, tier: &[usize]) -> Vec<usize> {
    let mut groups: std::collections::BTreeMap<usize, usize> = Default::default();
    let mut singles = 0;
    for &i in tier {
        match spec.items[i].group {
            Some(g) => *groups.entry(g).or_default() += 1,
            None => singles += 1,
        }
    }
    let mut sizes: Vec<usize> = groups.into_values().collect();
    sizes.extend(std::iter::repeat_n(1, singles));
    sizes
}

/// How many rows units of these sizes fill at `cols` columns.
fn rows_needed(sizes: &[usize], cols: usize) -> usize {
    let (mut rows, mut cur) = (1, 0);
    for &k in sizes {
        if cur + k <= cols {
            cur += k;
        } else if k <= cols {
            rows += 1;
            cur = k;
        } else {
            if cur > 0 {
                rows += 1;
            }
            let full = k.div_ceil(cols);
            rows += full - 1;
            cur = k - (full - 1) * cols;
        }
    }
    rows
}

/// Sizes the layout is made of.
#[derive(Debug, Clone, Copy)]
struct Metrics {
    cell_w: f64,
    row_h: f64,
    left: f64,
    header: f64,
}

/// The column count whose drawing is closest to a screen's shape.
fn choose_columns(spec: &Spec, tiers: &[Vec<usize>], m: Metrics, footer: f64) -> usize {
    let sizes: Vec<Vec<usize>> = tiers.iter().map(|t| unit_sizes(spec, t)).collect();
    let widest = tiers.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let bands_space: f64 = spec.bands.iter().map(|b| b.space_before).sum();
    let score = |cols: usize| {
        let rows: usize = sizes.iter().map(|s| rows_needed(s, cols)).sum();
        let width = m.left + cols as f64 * m.cell_w + MARGIN;
        let height = m.header
            + rows as f64 * (m.row_h + ROW_GAP)
            + spec.bands.len() as f64 * (BAND_GAP - ROW_GAP)
            + bands_space
            + footer;
        (width / height / TARGET_ASPECT).ln().abs()
    };
    // Every count up to 60, then coarser: a drawing wider than that is read by zooming anyway.
    let mut candidates: Vec<usize> = (1..=widest.min(60)).collect();
    let mut c = 60;
    while c < widest {
        c = (c * 11 / 10).min(widest);
        candidates.push(c);
    }
    let mut best = (f64::INFINITY, 1);
    for c in candidates {
        let s = score(c);
        if s < best.0 - 1e-9 {
            best = (s, c);
        }
    }
    best.1
}

/// Of the `candidates` (counts of columns), the one whose drawing, `size(count)` (width,
/// height), is closest to a screen's shape; the first on a tie.
pub fn closest_to_screen(
    candidates: impl Iterator<Item = usize>,
    size: impl Fn(usize) -> (f64, f64),
) -> usize {
    let off = |k: usize| {
        let (w, h) = size(k);
        (w / h / TARGET_ASPECT).ln().abs()
    };
    candidates
        .min_by(|&a, &b| off(a).total_cmp(&off(b)))
        .unwrap_or(1)
}

/// Start columns for blocks of `k` columns wanting to start at `want` (if anything), in
/// order, within `cols` columns: each as near as it can be, none overlapping.
fn assign(blocks: &[(usize, Option<f64>)], cols: usize) -> Vec<usize> {
    let total: usize = blocks.iter().map(|b| b.0).sum();
    if blocks.iter().all(|b| b.1.is_none()) {
        let mut s = cols.saturating_sub(total) / 2;
        return blocks
            .iter()
            .map(|b| {
                let at = s;
                s += b.0;
                at
            })
            .collect();
    }
    let mut starts: Vec<i64> = Vec::with_capacity(blocks.len());
    let mut end = 0i64;
    for &(k, want) in blocks {
        let s = want.map_or(end, |w| (w.round() as i64).max(end));
        starts.push(s);
        end = s + k as i64;
    }
    let mut limit = cols as i64;
    for (i, &(k, _)) in blocks.iter().enumerate().rev() {
        starts[i] = starts[i].min(limit - k as i64);
        limit = starts[i];
    }
    let mut end = 0i64;
    for (i, &(k, _)) in blocks.iter().enumerate() {
        starts[i] = starts[i].max(end);
        end = starts[i] + k as i64;
    }
    starts.into_iter().map(|s| s.max(0) as usize).collect()
}

/// Which way a sweep runs through the tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// From the top tier down.
    Down,
    /// From the bottom tier up.
    Up,
}

/// One sweep down (or up) the tiers: each tier ordered by where its boxes' neighbours stand
/// (those placed in this sweep, else where the sweep before put them), wrapped into rows and
/// each row's boxes put under their neighbours.
fn sweep(
    spec: &Spec,
    tiers: &[Vec<usize>],
    adj: &[Vec<usize>],
    cols: usize,
    before: Option<&[f64]>,
    way: Way,
) -> (Vec<Row>, Vec<f64>) {
    let mut pos = vec![f64::NAN; spec.items.len()];
    let mut tier_rows: Vec<Vec<Row>> = vec![Vec::new(); tiers.len()];
    let order: Vec<usize> = match way {
        Way::Up => (0..tiers.len()).rev().collect(),
        Way::Down => (0..tiers.len()).collect(),
    };
    for t in order {
        let want = wants(spec, &tiers[t], adj, &pos, before, cols);
        let key = |i: usize| want[&i];
        for blocks in wrap(units(spec, &tiers[t], &key), cols) {
            if blocks.is_empty() {
                continue;
            }
            tier_rows[t].push(lay_row(spec, &blocks, cols, &key, &mut pos));
        }
    }
    (tier_rows.into_iter().flatten().collect(), pos)
}

/// The mean of the values that are known (not NaN), if any.
fn mean_known(values: impl Iterator<Item = f64>) -> Option<f64> {
    let known: Vec<f64> = values.filter(|v| !v.is_nan()).collect();
    (!known.is_empty()).then(|| known.iter().sum::<f64>() / known.len() as f64)
}

/// Where each box of `tier` wants to stand: the middle of the row for a centred box, else the
/// mean column of its neighbours placed in this sweep (else where the sweep `before` put
/// them); NaN when none is placed.
fn wants(
    spec: &Spec,
    tier: &[usize],
    adj: &[Vec<usize>],
    pos: &[f64],
    before: Option<&[f64]>,
    cols: usize,
) -> HashMap<usize, f64> {
    tier.iter()
        .map(|&i| {
            if spec.items[i].centre {
                return (i, cols as f64 / 2.0);
            }
            let at = adj[i].iter().map(|&j| {
                if pos[j].is_nan() {
                    before.map_or(f64::NAN, |b| b[j])
                } else {
                    pos[j]
                }
            });
            (i, mean_known(at).unwrap_or(f64::NAN))
        })
        .collect()
}

/// The units of a tier, in order of where they want to stand (`key`; unplaced last), then by
/// key or group name: a framed group's boxes together, in the same order, any other box
/// alone.
fn units(spec: &Spec, tier: &[usize], key: &dyn Fn(usize) -> f64) -> Vec<Vec<usize>> {
    let mut units: Vec<(f64, String, Vec<usize>)> = Vec::new();
    let mut by_group: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for &i in tier {
        match spec.items[i].group {
            Some(g) => by_group.entry(g).or_default().push(i),
            None => units.push((key(i), spec.items[i].key.clone(), vec![i])),
        }
    }
    for (g, mut members) in by_group {
        members.sort_by(|&a, &b| {
            nan_last(key(a), key(b)).then_with(|| spec.items[a].key.cmp(&spec.items[b].key))
        });
        let mean = mean_known(members.iter().map(|&i| key(i))).unwrap_or(f64::NAN);
        let name = spec.groups.get(g).cloned().unwrap_or_default();
        units.push((mean, name, members));
    }
    units.sort_by(|a, b| nan_last(a.0, b.0).then_with(|| a.1.cmp(&b.1)));
    units.into_iter().map(|u| u.2).collect()
}

/// Units wrapped into rows of `cols` columns, each row a list of blocks: a unit that does
/// not fit what is left of a row starts the next; one wider than a row is cut into rows.
fn wrap(units: Vec<Vec<usize>>, cols: usize) -> Vec<Vec<Vec<usize>>> {
    let mut wrapped: Vec<Vec<Vec<usize>>> = vec![Vec::new()];
    let mut used = 0;
    for members in units {
        let k = members.len();
        if used + k > cols && used > 0 {
            wrapped.push(Vec::new());
            used = 0;
        }
        for chunk in members.chunks(cols) {
            if used + chunk.len() > cols {
                wrapped.push(Vec::new());
                used = 0;
            }
            if let Some(r) = wrapped.last_mut() {
                r.push(chunk.to_vec());
            }
            used += chunk.len();
        }
    }
    wrapped
}

/// A row of `blocks`, each as near as it can be under where its boxes want to stand
/// (`key`); each box's column is written to `pos`.
fn lay_row(
    spec: &Spec,
    blocks: &[Vec<usize>],
    cols: usize,
    key: &dyn Fn(usize) -> f64,
    pos: &mut [f64],
) -> Row {
    let wants: Vec<(usize, Option<f64>)> = blocks
        .iter()
        .map(|b| {
            let w = mean_known(b.iter().map(|&i| key(i))).map(|m| m - b.len() as f64 / 2.0);
            (b.len(), w)
        })
        .collect();
    let starts = assign(&wants, cols);
    let mut row = Row {
        band: spec.items[blocks[0][0]].band,
        cells: Vec::new(),
        frames: Vec::new(),
    };
    for (b, &s) in blocks.iter().zip(&starts) {
        for (k, &i) in b.iter().enumerate() {
            row.cells.push((i, s + k));
            pos[i] = (s + k) as f64 + 0.5;
        }
        if let Some(g) = spec.items[b[0]].group {
            row.frames.push((g, s, b.len()));
        }
    }
    row
}

fn nan_last(a: f64, b: f64) -> std::cmp::Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        (false, false) => a.total_cmp(&b),
    }
}

/// The title and legend on top of a drawing `width` wide: their texts, marks and height.
pub fn header(
    scene: &mut Scene,
    title: Option<&str>,
    legend: &[Entry],
    width: f64,
    at_y: f64,
) -> f64 {
    let mut y = at_y;
    if let Some(t) = title {
        scene.texts.push(Text {
            x: width / 2.0,
            y: y + 15.0,
            text: t.to_string(),
            size: TITLE_SIZE,
            bold: true,
            colour: "#222222",
            anchor: Anchor::Middle,
            halo: false,
        });
        y += 26.0;
    }
    y + legend_block(scene, legend, width, y)
}

/// The narrowest drawing whose header shows `title` and each legend entry whole: a corpus of
/// one province or a few documents draws narrower than its own title.
pub fn header_width(title: Option<&str>, legend: &[Entry]) -> f64 {
    let title = title.map_or(0.0, |t| text_width(t, TITLE_SIZE, true));
    let widest = legend.iter().map(legend_item_width).fold(0.0, f64::max);
    (2.0 * MARGIN + title.max(widest)).ceil()
}

/// The width a legend entry takes in its line: its mark, its words and the gap after.
fn legend_item_width(e: &Entry) -> f64 {
    let mark = if matches!(e.mark, Mark::Note) {
        0.0
    } else {
        26.0
    };
    mark + text_width(&e.text, LEGEND_SIZE, false) + 16.0
}

/// The size of a drawing's title.
const TITLE_SIZE: f64 = 15.0;
/// The size of a legend's words.
const LEGEND_SIZE: f64 = 9.5;

/// The height `legend` takes at `width`.
pub fn legend_height(legend: &[Entry], width: f64) -> f64 {
    legend_block(&mut Scene::default(), legend, width, 0.0)
}

/// Lays the legend out in lines across the drawing; returns its height.
fn legend_block(scene: &mut Scene, legend: &[Entry], width: f64, top: f64) -> f64 {
    if legend.is_empty() {
        return 0.0;
    }
    const LINE: f64 = 17.0;
    let item_w = legend_item_width;
    // Lines, then each line centred.
    let mut lines: Vec<Vec<&Entry>> = vec![Vec::new()];
    let mut used = 0.0;
    let room = (width - 2.0 * MARGIN).max(200.0);
    for e in legend {
        let w = item_w(e);
        if used + w > room && used > 0.0 {
            lines.push(Vec::new());
            used = 0.0;
        }
        if let Some(l) = lines.last_mut() {
            l.push(e);
        }
        used += w;
    }
    for (k, line) in lines.iter().enumerate() {
        let total: f64 = line.iter().map(|e| item_w(e)).sum();
        let mut x = (width - total) / 2.0;
        let y = top + 6.0 + k as f64 * LINE;
        for e in line {
            match &e.mark {
                Mark::Swatch {
                    fill,
                    stroke,
                    dashed,
                    width,
                } => scene.shapes.push(Shape {
                    x,
                    y,
                    w: 20.0,
                    h: 11.0,
                    fill,
                    stroke,
                    stroke_width: *width,
                    dashed: *dashed,
                    ink: "#000000",
                    lines: Vec::new(),
                    tooltip: e.text.clone(),
                }),
                Mark::Stroke {
                    colour,
                    dash,
                    width,
                } => scene.curves.push(Curve {
                    start: (x, y + 5.5),
                    pieces: Curve::polyline(&[(x, y + 5.5), (x + 20.0, y + 5.5)]),
                    colour,
                    width: *width,
                    dash: *dash,
                    arrow: true,
                    tooltip: String::new(),
                }),
                Mark::Note => {}
            }
            let tx = if matches!(e.mark, Mark::Note) {
                x
            } else {
                x + 26.0
            };
            scene.texts.push(Text {
                x: tx,
                y: y + 9.5,
                text: e.text.clone(),
                size: LEGEND_SIZE,
                bold: false,
                colour: "#333333",
                anchor: Anchor::Start,
                halo: false,
            });
            x += item_w(e);
        }
    }
    lines.len() as f64 * LINE + 10.0
}

/// Small print at the bottom; returns the height it takes.
pub fn footer(scene: &mut Scene, notes: &[String], top: f64) -> f64 {
    for (k, n) in notes.iter().enumerate() {
        scene.texts.push(Text {
            x: MARGIN,
            y: top + 12.0 + k as f64 * 14.0,
            text: n.clone(),
            size: 9.5,
            bold: false,
            colour: "#555555",
            anchor: Anchor::Start,
            halo: false,
        });
    }
    footer_height(notes)
}

/// The height `notes` take at the bottom.
fn footer_height(notes: &[String]) -> f64 {
    if notes.is_empty() {
        0.0
    } else {
        notes.len() as f64 * 14.0 + 10.0
    }
}

/// The width of the left margin that holds the bands' names.
fn band_margin(spec: &Spec) -> f64 {
    let w = spec
        .bands
        .iter()
        .map(|b| {
            text_width(&b.label, 10.0, true)
                .max(b.sub.as_deref().map_or(0.0, |s| text_width(s, 8.5, false)))
        })
        .fold(0.0, f64::max);
    if w > 0.0 {
        MARGIN + w + 14.0
    } else {
        MARGIN
    }
}

/// Lays `spec` out.
pub fn lay_out(spec: &Spec) -> Scene {
    let framed = spec.items.iter().any(|it| it.group.is_some());
    let frame_top = if framed { FRAME_TOP } else { 0.0 };
    let cell_w = spec.items.iter().map(|it| it.shape.w).fold(60.0, f64::max) + 2.0 * CELL_PAD;
    let row_h = spec.items.iter().map(|it| it.shape.h).fold(20.0, f64::max) + frame_top + 8.0;
    let left = band_margin(spec);
    let title_h = if spec.title.is_some() { 26.0 } else { 0.0 };
    let tiers = tiers(spec);
    // The legend's height depends on the width: guess it from a middling one.
    let guess = Metrics {
        cell_w,
        row_h,
        left,
        header: MARGIN + title_h + legend_height(&spec.legend, 900.0) + 8.0,
    };
    let cols = choose_columns(spec, &tiers, guess, footer_height(&spec.notes) + MARGIN);
    let width = (left + cols as f64 * cell_w + MARGIN).max(
        spec.title
            .as_deref()
            .map_or(0.0, |t| text_width(t, 15.0, true) + 2.0 * MARGIN),
    );
    let rows = settle(spec, &tiers, cols);

    let mut page = Page {
        scene: Scene::default(),
        occupied: Occupied::new(),
    };
    let top = MARGIN
        + header(
            &mut page.scene,
            spec.title.as_deref(),
            &spec.legend,
            width,
            MARGIN,
        );
    let grid = Grid {
        left_x: left + (width - MARGIN - left - cols as f64 * cell_w).max(0.0) / 2.0,
        cell_w,
        row_h,
        frame_top,
        cols,
    };
    let (row_y, band_spans, bottom) = page.stack_rows(spec, &rows, grid, top);
    page.draw_bands(spec, &band_spans, width, row_h);
    let (place, boxes) = page.place_boxes(spec, &rows, &row_y, grid);
    let geometry = Geometry {
        row_y: &row_y,
        row_h,
        left_x: grid.left_x,
        cell_w,
        lanes: lanes(&spec.links, &place, &boxes),
    };
    page.draw_links(spec, &geometry, &place, &boxes);
    let mut scene = page.scene;
    let foot = footer(&mut scene, &spec.notes, bottom + 18.0);
    scene.width = width;
    scene.height = bottom + 18.0 + foot + MARGIN;
    scene
}

/// Which boxes are linked, both ways.
fn adjacency(spec: &Spec) -> Vec<Vec<usize>> {
    let n = spec.items.len();
    let mut adj = vec![Vec::new(); n];
    for l in &spec.links {
        if l.from < n && l.to < n && l.from != l.to {
            adj[l.from].push(l.to);
            adj[l.to].push(l.from);
        }
    }
    adj
}

/// The rows of the tiers at `cols` columns after sweeps down, up, down, up and down: each box
/// settles between what it cites and what cites it.
fn settle(spec: &Spec, tiers: &[Vec<usize>], cols: usize) -> Vec<Row> {
    let adj = adjacency(spec);
    let (_, mut pos) = sweep(spec, tiers, &adj, cols, None, Way::Down);
    for way in [Way::Up, Way::Down, Way::Up] {
        pos = sweep(spec, tiers, &adj, cols, Some(&pos), way).1;
    }
    sweep(spec, tiers, &adj, cols, Some(&pos), Way::Down).0
}

/// Where the columns stand and how rows are made.
#[derive(Debug, Clone, Copy)]
struct Grid {
    /// The left of the first column.
    left_x: f64,
    /// A column's width.
    cell_w: f64,
    /// A row's height.
    row_h: f64,
    /// Room over the boxes for a frame's name (none when nothing is framed).
    frame_top: f64,
    /// Columns.
    cols: usize,
}

/// The drawing as it is laid out, and where a label may not go.
struct Page {
    scene: Scene,
    occupied: Occupied,
}

impl Page {
    /// Adds a text no label may cover.
    fn add_text(&mut self, t: Text) {
        self.occupied.add(t.bounds());
        self.scene.texts.push(t);
    }

    /// Stacks the rows from `top`, a band's gap and its time before each band, with the words
    /// of a break too long to draw; returns each row's top, each band's span (band, top,
    /// bottom) and the bottom of the last row.
    fn stack_rows(
        &mut self,
        spec: &Spec,
        rows: &[Row],
        grid: Grid,
        top: f64,
    ) -> (Vec<f64>, Vec<(usize, f64, f64)>, f64) {
        let mut row_y = Vec::with_capacity(rows.len());
        let mut y = top;
        let mut band_spans: Vec<(usize, f64, f64)> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let new_band = r == 0 || rows[r - 1].band != row.band;
            if new_band {
                if r > 0 {
                    y += BAND_GAP - ROW_GAP;
                }
                let band = &spec.bands[row.band];
                if let Some(b) = &band.break_before {
                    let x = grid.left_x + grid.cols as f64 * grid.cell_w / 2.0;
                    let by = y - (BAND_GAP - ROW_GAP) / 2.0 + band.space_before / 2.0;
                    self.add_text(Text {
                        anchor: Anchor::Middle,
                        halo: true,
                        ..Text::plain(x, by, b.clone(), 9.5, "#777777")
                    });
                }
                y += band.space_before;
                band_spans.push((row.band, y, y));
            }
            row_y.push(y);
            y += grid.row_h;
            if let Some(s) = band_spans.last_mut() {
                s.2 = y;
            }
            y += ROW_GAP;
        }
        (row_y, band_spans, y - ROW_GAP)
    }

    /// Each band's stripe (alternating shades) and its name, with its count under it.
    fn draw_bands(
        &mut self,
        spec: &Spec,
        band_spans: &[(usize, f64, f64)],
        width: f64,
        row_h: f64,
    ) {
        for (k, &(b, y0, y1)) in band_spans.iter().enumerate() {
            let band = &spec.bands[b];
            self.scene.panels.push(Panel {
                x: 4.0,
                y: y0 - 10.0,
                w: width - 8.0,
                h: y1 - y0 + 20.0,
                fill: Some(if k % 2 == 0 { "#f6f6f6" } else { "#fcfcfc" }),
                stroke: Some("#e4e4e4"),
            });
            let mid = y0 + row_h / 2.0;
            let name_y = mid + if band.sub.is_some() { -1.0 } else { 3.5 };
            self.add_text(Text {
                bold: true,
                ..Text::plain(MARGIN, name_y, band.label.clone(), 10.0, "#444444")
            });
            if let Some(sub) = &band.sub {
                self.add_text(Text::plain(MARGIN, mid + 10.5, sub.clone(), 8.5, "#666666"));
            }
        }
    }

    /// Each row's frames and boxes; returns each box's (row, column) and rectangle.
    fn place_boxes(
        &mut self,
        spec: &Spec,
        rows: &[Row],
        row_y: &[f64],
        grid: Grid,
    ) -> (Vec<Option<(usize, usize)>>, Vec<Rect>) {
        let n = spec.items.len();
        let (cell_w, row_h, frame_top) = (grid.cell_w, grid.row_h, grid.frame_top);
        let mut place: Vec<Option<(usize, usize)>> = vec![None; n];
        let mut boxes: Vec<Rect> = vec![(0.0, 0.0, 0.0, 0.0); n];
        for (r, row) in rows.iter().enumerate() {
            for &(g, start, len) in &row.frames {
                let name = spec.groups.get(g).map_or("", String::as_str);
                self.draw_frame(
                    name,
                    (grid.left_x + start as f64 * cell_w + 3.0, row_y[r] + 1.0),
                    len as f64 * cell_w - 6.0,
                    row_h,
                );
            }
            for &(i, col) in &row.cells {
                let mut s = spec.items[i].shape.clone();
                s.x = grid.left_x + col as f64 * cell_w + (cell_w - s.w) / 2.0;
                s.y = row_y[r] + frame_top + (row_h - frame_top - s.h) / 2.0;
                boxes[i] = (s.x, s.y, s.w, s.h);
                place[i] = Some((r, col));
                self.occupied.add((s.x, s.y, s.w, s.h));
                self.scene.shapes.push(s);
            }
        }
        (place, boxes)
    }

    /// A framed group's frame at `(x, y)`, `w` wide, its name in its top left.
    fn draw_frame(&mut self, name: &str, (x, y): Pt, w: f64, row_h: f64) {
        self.scene.panels.push(Panel {
            x,
            y,
            w,
            h: row_h - 2.0,
            fill: Some("#ffffff"),
            stroke: Some("#c8c8c8"),
        });
        let name = fit(name, w - 10.0, 8.5);
        self.add_text(Text::plain(x + 5.0, y + 10.5, name, 8.5, "#555555"));
    }

    /// The links routed between the placed boxes, then their labels where they meet nothing.
    fn draw_links(
        &mut self,
        spec: &Spec,
        geometry: &Geometry,
        place: &[Option<(usize, usize)>],
        boxes: &[(f64, f64, f64, f64)],
    ) {
        let mut labelled = Vec::new();
        for (k, l) in spec.links.iter().enumerate() {
            let (Some(a), Some(b)) = (
                place.get(l.from).copied().flatten(),
                place.get(l.to).copied().flatten(),
            ) else {
                continue;
            };
            let (start, pieces) =
                route(geometry, (boxes[l.from], l.from, a), (boxes[l.to], l.to, b));
            if !l.label.is_empty() {
                labelled.push((k, self.scene.curves.len()));
            }
            self.scene.curves.push(Curve {
                start,
                pieces,
                colour: l.colour,
                width: l.width,
                dash: l.dash,
                arrow: true,
                tooltip: l.tooltip.clone(),
            });
        }
        let fractions: &[f64] = match spec.labels {
            LabelPlace::NearCiting => &[0.86, 0.78, 0.7, 0.62, 0.54, 0.46, 0.38, 0.93],
            LabelPlace::Middle => &[0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82],
        };
        for (k, c) in labelled {
            let l = &spec.links[k];
            let curve = &self.scene.curves[c];
            if let Some(t) = place_label(curve, &l.label, l.colour, fractions, &self.occupied) {
                self.add_text(t);
            }
        }
    }
}

/// Text cut to fit `width` at `size`, with an ellipsis.
pub fn fit(s: &str, width: f64, size: f64) -> String {
    if text_width(s, size, false) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if text_width(&out, size, false) + text_width("…", size, false) > width {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

/// A label for `curve` at the first of `fractions` along it where it meets nothing.
pub fn place_label(
    curve: &Curve,
    label: &str,
    colour: &'static str,
    fractions: &[f64],
    occupied: &Occupied,
) -> Option<Text> {
    for &f in fractions {
        let ((x, y), vertical) = curve.point_at(f);
        let t = if vertical {
            Text {
                x: x + 4.0,
                y: y + 3.0,
                text: label.to_string(),
                size: 8.0,
                bold: false,
                colour,
                anchor: Anchor::Start,
                halo: true,
            }
        } else {
            Text {
                x,
                y: y - 3.5,
                text: label.to_string(),
                size: 8.0,
                bold: false,
                colour,
                anchor: Anchor::Middle,
                halo: true,
            }
        };
        let b = t.bounds();
        if occupied.free((b.0 - 1.0, b.1 - 1.0, b.2 + 2.0, b.3 + 2.0)) {
            return Some(t);
        }
    }
    None
}

/// Where rows and columns are.
struct Geometry<'a> {
    row_y: &'a [f64],
    row_h: f64,
    left_x: f64,
    cell_w: f64,
    /// The lane of each box in each gap it routes through: gap `r` lies under row `r`.
    lanes: HashMap<(usize, usize), f64>,
}

impl Geometry<'_> {
    /// The y of `box`'s lane in the gap under row `r`: each box's edges run together there
    /// (a bus), apart from other boxes' edges.
    fn lane(&self, r: usize, item: usize) -> f64 {
        let top = self.row_y[r] + self.row_h;
        top + ROW_GAP * self.lanes.get(&(r, item)).copied().unwrap_or(0.5)
    }

    /// The x of the column boundary `j` (0 is the left edge of the first column).
    fn boundary(&self, j: usize) -> f64 {
        self.left_x + j as f64 * self.cell_w
    }
}

/// The gaps a routed edge runs along: beside the cited box's row (keyed by the cited box) and
/// beside the citing box's row (keyed by the citing box).
fn gaps_of(pa: (usize, usize), pb: (usize, usize)) -> Option<(usize, usize)> {
    let (ra, rb) = (pa.0, pb.0);
    if ra.abs_diff(rb) < 2 {
        return None;
    }
    Some(if rb > ra { (ra, rb - 1) } else { (ra - 1, rb) })
}

/// Lanes in each gap, one per box whose edges run there, spread over the gap in the order
/// of the boxes' places, so no two boxes' edges run on one line.
fn lanes(
    links: &[Link],
    place: &[Option<(usize, usize)>],
    boxes: &[(f64, f64, f64, f64)],
) -> HashMap<(usize, usize), f64> {
    let mut users: std::collections::BTreeMap<usize, Vec<(f64, usize)>> = Default::default();
    for l in links {
        let (Some(pa), Some(pb)) = (
            place.get(l.from).copied().flatten(),
            place.get(l.to).copied().flatten(),
        ) else {
            continue;
        };
        if let Some((ga, gb)) = gaps_of(pa, pb) {
            users.entry(ga).or_default().push((boxes[l.from].0, l.from));
            users.entry(gb).or_default().push((boxes[l.to].0, l.to));
        }
    }
    let mut out = HashMap::new();
    for (gap, mut list) in users {
        list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        list.dedup_by_key(|u| u.1);
        let n = list.len() as f64;
        for (i, &(_, item)) in list.iter().enumerate() {
            out.insert((gap, item), 0.18 + 0.64 * (i as f64 + 0.5) / n);
        }
    }
    out
}

/// The route of an edge from the cited box `a` (box `ia`, at row and column `pa`) to the
/// citing box `b`: an S-curve between neighbouring rows, an arc under a row, or along its
/// lane in the gap beside the cited box's row, down (or up) beside a column boundary of the
/// citing box's column, where no box stands, and along the citing box's lane to it.
fn route(
    geo: &Geometry,
    (a, ia, pa): ((f64, f64, f64, f64), usize, (usize, usize)),
    (b, ib, pb): ((f64, f64, f64, f64), usize, (usize, usize)),
) -> (Pt, Vec<[Pt; 3]>) {
    let (ax, bx) = (a.0 + a.2 / 2.0, b.0 + b.2 / 2.0);
    let (ra, rb) = (pa.0, pb.0);
    if ra == rb {
        if pa.1 == pb.1 {
            // A document citing itself: a loop on its right.
            let (x, y) = (a.0 + a.2, a.1 + a.3 / 2.0);
            return (
                (x, y - 5.0),
                vec![[(x + 22.0, y - 16.0), (x + 22.0, y + 16.0), (x, y + 5.0)]],
            );
        }
        // An arc under the row, from bottom to bottom, clear of the frames' names above it.
        let drop = ROW_GAP * 0.6;
        let (p0, p3) = ((ax, a.1 + a.3), (bx, b.1 + b.3));
        return (p0, vec![[(ax, p0.1 + drop), (bx, p3.1 + drop), p3]]);
    }
    let down = rb > ra;
    let (p0, p3) = if down {
        ((ax, a.1 + a.3), (bx, b.1))
    } else {
        ((ax, a.1), (bx, b.1 + b.3))
    };
    let Some((ga, gb)) = gaps_of(pa, pb) else {
        let dy = (p3.1 - p0.1) * 0.55;
        return (p0, vec![[(p0.0, p0.1 + dy), (p3.0, p3.1 - dy), p3]]);
    };
    // Beside the boundary of the citing box's column that faces the cited box, a little
    // inside it: the neighbouring column's edges use the other side.
    let (j, off) = if ax <= bx {
        (pb.1, 3.0)
    } else {
        (pb.1 + 1, -3.0)
    };
    let xc = geo.boundary(j) + off;
    let (y1, y2) = (geo.lane(ga, ia), geo.lane(gb, ib));
    Curve::rounded(
        &[p0, (p0.0, y1), (xc, y1), (xc, y2), (p3.0, y2), p3],
        CORNER,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_counted_as_they_are_filled() {
        assert_eq!(rows_needed(&[1; 10], 4), 3);
        assert_eq!(rows_needed(&[3, 3, 3], 4), 3);
        assert_eq!(rows_needed(&[9], 4), 3);
        assert_eq!(rows_needed(&[2, 9], 4), 4);
    }

    #[test]
    fn blocks_stand_where_they_want_without_overlapping() {
        assert_eq!(assign(&[(1, None), (1, None)], 6), vec![2, 3]);
        assert_eq!(assign(&[(1, Some(3.0)), (1, Some(3.0))], 6), vec![3, 4]);
        assert_eq!(assign(&[(2, Some(5.0)), (1, Some(9.0))], 6), vec![3, 5]);
        assert_eq!(assign(&[(3, Some(-2.0))], 6), vec![0]);
    }

    #[test]
    fn units_wrap_into_rows_whole_when_they_fit() {
        // A unit that does not fit what is left of a row starts the next.
        assert_eq!(
            wrap(vec![vec![0], vec![1, 2, 3], vec![4]], 3),
            vec![vec![vec![0]], vec![vec![1, 2, 3]], vec![vec![4]]]
        );
        assert_eq!(
            wrap(vec![vec![0], vec![1], vec![2, 3]], 4),
            vec![vec![vec![0], vec![1], vec![2, 3]]]
        );
        // One wider than a row is cut into rows.
        assert_eq!(
            wrap(vec![vec![0, 1, 2, 3, 4]], 2),
            vec![vec![vec![0, 1]], vec![vec![2, 3]], vec![vec![4]]]
        );
    }

    fn item(key: &str, group: Option<usize>) -> Item {
        Item {
            shape: Shape {
                x: 0.0,
                y: 0.0,
                w: 80.0,
                h: 30.0,
                fill: "#ffffff",
                stroke: "#000000",
                stroke_width: 1.0,
                dashed: false,
                ink: "#000000",
                lines: Vec::new(),
                tooltip: String::new(),
            },
            band: 0,
            tier: 0,
            group,
            key: key.into(),
            centre: false,
        }
    }

    #[test]
    fn units_go_where_they_want_unplaced_last_groups_together() {
        let spec = Spec {
            title: None,
            bands: vec![Band::default()],
            groups: vec!["G".into()],
            items: vec![
                item("a", None),
                item("b", Some(0)),
                item("c", None),
                item("d", Some(0)),
                item("e", None),
            ],
            links: Vec::new(),
            legend: Vec::new(),
            notes: Vec::new(),
            labels: LabelPlace::Middle,
        };
        let want = [3.0, 1.0, f64::NAN, 2.0, 0.5];
        let key = |i: usize| want[i];
        // The group stands at its members' mean (1.5), between e (0.5) and a (3); c has no
        // place and goes last.
        assert_eq!(
            units(&spec, &[0, 1, 2, 3, 4], &key),
            vec![vec![4], vec![1, 3], vec![0], vec![2]]
        );
        assert_eq!(mean_known([1.0, f64::NAN, 2.0].into_iter()), Some(1.5));
        assert_eq!(mean_known([f64::NAN].into_iter()), None);
    }

    #[test]
    fn occupied_areas_are_found() {
        let mut o = Occupied::new();
        o.add((0.0, 0.0, 10.0, 10.0));
        assert!(!o.free((5.0, 5.0, 10.0, 10.0)));
        assert!(o.free((10.0, 0.0, 10.0, 10.0)));
        assert!(o.free((200.0, 200.0, 10.0, 10.0)));
    }
}
