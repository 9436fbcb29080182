//! A drawing as positioned shapes: laid out once by vncite, then written as SVG by vncite
//! itself or as DOT with every position pinned, which Graphviz only paints (PNG, PDF). The
//! picture is the same whatever the format, and Graphviz never has to lay out or route.
//!
//! Coordinates are points (1/72 in) from the top left; Graphviz counts from the bottom left,
//! so the DOT writer turns them over.

use super::{dot_quote, xml_escape};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// A point.
pub type Pt = (f64, f64);

/// A line's start and its cubic Bézier pieces (each two control points and an end).
pub type Route = (Pt, Vec<[Pt; 3]>);

/// A rectangle behind the drawing: a band's stripe, a group's frame, a panel.
#[derive(Debug, Clone)]
pub struct Panel {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Fill, if any.
    pub fill: Option<&'static str>,
    /// Outline, if any.
    pub stroke: Option<&'static str>,
}

/// One line of text in a box.
#[derive(Debug, Clone)]
pub struct Line {
    /// The words.
    pub text: String,
    /// Font size in points.
    pub size: f64,
    /// Bold.
    pub bold: bool,
}

impl Line {
    /// A line in regular weight.
    pub fn regular(text: impl Into<String>, size: f64) -> Line {
        Line {
            text: text.into(),
            size,
            bold: false,
        }
    }

    /// A line in bold.
    pub fn bold(text: impl Into<String>, size: f64) -> Line {
        Line {
            text: text.into(),
            size,
            bold: true,
        }
    }
}

/// A box with lines of text: a document, a group of documents.
#[derive(Debug, Clone)]
pub struct Shape {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Fill.
    pub fill: &'static str,
    /// Outline.
    pub stroke: &'static str,
    /// Outline width.
    pub stroke_width: f64,
    /// A dashed outline (a document not in the corpus).
    pub dashed: bool,
    /// Text colour.
    pub ink: &'static str,
    /// The lines, top to bottom, centred.
    pub lines: Vec<Line>,
    /// Shown on hover in SVG.
    pub tooltip: String,
}

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dash {
    /// Solid.
    Solid,
    /// Dashes.
    Dashed,
    /// Dots.
    Dotted,
}

impl Dash {
    /// The DOT style of a relation's line.
    pub fn of(style: &str) -> Dash {
        match style {
            "dashed" => Dash::Dashed,
            "dotted" => Dash::Dotted,
            _ => Dash::Solid,
        }
    }
}

/// A line made of cubic Bézier pieces, with an arrowhead at its start (the cited document).
#[derive(Debug, Clone)]
pub struct Curve {
    /// Where it starts: the tip of the arrow when there is one.
    pub start: Pt,
    /// Each piece's two control points and its end.
    pub pieces: Vec<[Pt; 3]>,
    /// Colour.
    pub colour: &'static str,
    /// Width.
    pub width: f64,
    /// Dashes.
    pub dash: Dash,
    /// An arrowhead at the start.
    pub arrow: bool,
    /// Shown on hover in SVG.
    pub tooltip: String,
}

impl Curve {
    /// A curve through straight segments.
    pub fn polyline(points: &[Pt]) -> Vec<[Pt; 3]> {
        points
            .windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                [lerp(a, b, 1.0 / 3.0), lerp(a, b, 2.0 / 3.0), b]
            })
            .collect()
    }

    /// An orthogonal route through `points`, its corners rounded with `radius`.
    pub fn rounded(points: &[Pt], radius: f64) -> (Pt, Vec<[Pt; 3]>) {
        let first = points.first().copied().unwrap_or((0.0, 0.0));
        if points.len() < 3 {
            return (first, Curve::polyline(points));
        }
        let mut out = Vec::new();
        let mut at = first;
        for i in 1..points.len() - 1 {
            let (p, c, n) = (points[i - 1], points[i], points[i + 1]);
            let r = radius.min(dist(p, c) / 2.0).min(dist(c, n) / 2.0);
            let a = towards(c, p, r);
            let b = towards(c, n, r);
            out.extend(Curve::polyline(&[at, a]));
            // A quarter turn as a cubic: control points two thirds of the way to the corner.
            out.push([lerp(a, c, 2.0 / 3.0), lerp(b, c, 2.0 / 3.0), b]);
            at = b;
        }
        out.extend(Curve::polyline(&[at, points[points.len() - 1]]));
        (first, out)
    }

    /// The point a fraction `t` (0–1) of the way along the curve, by length, and whether the
    /// curve runs mostly up or down there.
    pub fn point_at(&self, t: f64) -> (Pt, bool) {
        let mut pts = vec![self.start];
        let mut prev = self.start;
        for p in &self.pieces {
            for k in 1..=8 {
                pts.push(bezier(prev, p[0], p[1], p[2], k as f64 / 8.0));
            }
            prev = p[2];
        }
        let total: f64 = pts.windows(2).map(|w| dist(w[0], w[1])).sum();
        let mut left = total * t.clamp(0.0, 1.0);
        for w in pts.windows(2) {
            let d = dist(w[0], w[1]);
            if d >= left && d > 0.0 {
                let vertical = (w[1].1 - w[0].1).abs() >= (w[1].0 - w[0].0).abs();
                return (lerp(w[0], w[1], left / d), vertical);
            }
            left -= d;
        }
        (prev, true)
    }
}

fn lerp(a: Pt, b: Pt, t: f64) -> Pt {
    (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
}

fn dist(a: Pt, b: Pt) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// The point `r` from `from` towards `to`.
fn towards(from: Pt, to: Pt, r: f64) -> Pt {
    let d = dist(from, to);
    if d == 0.0 {
        from
    } else {
        lerp(from, to, r / d)
    }
}

fn bezier(p0: Pt, p1: Pt, p2: Pt, p3: Pt, t: f64) -> Pt {
    let u = 1.0 - t;
    let f = |a: f64, b: f64, c: f64, d: f64| {
        u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
    };
    (f(p0.0, p1.0, p2.0, p3.0), f(p0.1, p1.1, p2.1, p3.1))
}

/// Where a text stands relative to its point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The point is the text's left end.
    Start,
    /// The point is its middle.
    Middle,
}

/// A text on its own: a title, a band's name, a count on an edge, a legend's words.
#[derive(Debug, Clone)]
pub struct Text {
    /// Anchor point's x.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// The words.
    pub text: String,
    /// Font size in points.
    pub size: f64,
    /// Bold.
    pub bold: bool,
    /// Colour.
    pub colour: &'static str,
    /// Where the point is.
    pub anchor: Anchor,
    /// A white halo behind it, so it reads over lines.
    pub halo: bool,
}

impl Text {
    /// Regular words starting at `x` on the baseline `y`, without a halo; other looks by
    /// struct update (`Text { anchor: Anchor::Middle, ..Text::plain(..) }`).
    pub fn plain(x: f64, y: f64, text: impl Into<String>, size: f64, colour: &'static str) -> Text {
        Text {
            x,
            y,
            text: text.into(),
            size,
            bold: false,
            colour,
            anchor: Anchor::Start,
            halo: false,
        }
    }

    /// Its box: left, top, width, height.
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let w = text_width(&self.text, self.size, self.bold);
        let left = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - w / 2.0,
        };
        (left, self.y - self.size * 0.8, w, self.size)
    }
}

/// A whole drawing.
#[derive(Debug, Clone, Default)]
pub struct Scene {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Stripes and frames, drawn first.
    pub panels: Vec<Panel>,
    /// Edges, drawn over the panels and under the boxes.
    pub curves: Vec<Curve>,
    /// Boxes.
    pub shapes: Vec<Shape>,
    /// Texts, drawn last.
    pub texts: Vec<Text>,
}

/// Helvetica's advance widths (thousandths of an em) of the ASCII printable characters,
/// regular and bold, from its AFM files: text is measured before any renderer sees it.
const HELVETICA: [(u16, u16); 95] = [
    (278, 278),
    (278, 333),
    (355, 474),
    (556, 556),
    (556, 556),
    (889, 889),
    (667, 722),
    (191, 238),
    (333, 333),
    (333, 333),
    (389, 389),
    (584, 584),
    (278, 278),
    (333, 333),
    (278, 278),
    (278, 278),
    (556, 556),
    (556, 556),
    (556, 556),
    (556, 556),
    (556, 556),
    (556, 556),
    (556, 556),
    (556, 556),
    (556, 556),
    (556, 556),
    (278, 333),
    (278, 333),
    (584, 584),
    (584, 584),
    (584, 584),
    (556, 611),
    (1015, 975),
    (667, 722),
    (667, 722),
    (722, 722),
    (722, 722),
    (667, 667),
    (611, 611),
    (778, 778),
    (722, 722),
    (278, 278),
    (500, 556),
    (667, 722),
    (556, 611),
    (833, 833),
    (722, 722),
    (778, 778),
    (667, 667),
    (778, 778),
    (722, 722),
    (667, 667),
    (611, 611),
    (722, 722),
    (667, 667),
    (944, 944),
    (667, 667),
    (667, 667),
    (611, 611),
    (278, 333),
    (278, 278),
    (278, 333),
    (469, 584),
    (556, 556),
    (333, 333),
    (556, 556),
    (556, 611),
    (500, 556),
    (556, 611),
    (556, 556),
    (278, 333),
    (556, 611),
    (556, 611),
    (222, 278),
    (222, 278),
    (500, 556),
    (222, 278),
    (833, 889),
    (556, 611),
    (556, 611),
    (556, 611),
    (556, 611),
    (333, 389),
    (500, 556),
    (278, 333),
    (556, 611),
    (500, 556),
    (722, 778),
    (500, 556),
    (500, 556),
    (500, 500),
    (334, 389),
    (260, 280),
    (334, 389),
    (584, 584),
];

/// The width of `s` in points at `size`, in Helvetica (a Vietnamese letter as wide as its
/// base letter; other characters as wide as a digit), a little generous so text stays inside
/// its box with the renderer's own font.
pub fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    use unicode_normalization::char::decompose_canonical;
    let mut total = 0u32;
    for c in s.chars() {
        let mut base = c;
        decompose_canonical(c, |d| {
            if base == c && (d as u32) < 0x300 {
                base = d;
            }
        });
        let base = match base {
            'Đ' => 'D',
            'đ' => 'd',
            b => b,
        };
        let w = match base as u32 {
            0x20..=0x7e => {
                let (r, b) = HELVETICA[(base as u32 - 0x20) as usize];
                if bold {
                    b
                } else {
                    r
                }
            }
            _ => match base {
                '·' | '‧' => 278,
                '…' | '—' | '↑' | '↓' | '→' | '←' | '↔' | '⋯' => 1000,
                '–' => 556,
                '×' => 584,
                _ => 600,
            },
        };
        total += u32::from(w);
    }
    total as f64 / 1000.0 * size * 1.04
}

/// A number with two decimals at most and no trailing zeros: the same bytes every run.
fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let mut s = format!("{r:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s = "0".into();
    }
    s
}

fn dash_svg(d: Dash) -> &'static str {
    match d {
        Dash::Solid => "",
        Dash::Dashed => " stroke-dasharray=\"6,4\"",
        Dash::Dotted => " stroke-dasharray=\"2,3\"",
    }
}

/// The id of the arrowhead marker of a colour.
fn marker_id(colour: &str) -> String {
    format!("arrow-{}", colour.trim_start_matches('#'))
}

/// The scene as a standalone SVG document (no XML declaration, so it can be placed inline in
/// HTML as it is).
pub fn svg(scene: &Scene) -> String {
    let (w, h) = (num(scene.width), num(scene.height));
    let mut s = String::with_capacity(256 + scene.shapes.len() * 400 + scene.curves.len() * 200);
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"Arial, Liberation Sans, Helvetica, sans-serif\">"
    );
    let colours: BTreeSet<&str> = scene
        .curves
        .iter()
        .filter(|c| c.arrow)
        .map(|c| c.colour)
        .collect();
    s.push_str("<defs>");
    for c in colours {
        let _ = write!(
            s,
            "<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{c}\"/></marker>",
            marker_id(c)
        );
    }
    s.push_str("</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for p in &scene.panels {
        svg_panel(&mut s, p);
    }
    for c in &scene.curves {
        svg_curve(&mut s, c);
    }
    for b in &scene.shapes {
        svg_shape(&mut s, b);
    }
    for t in &scene.texts {
        svg_text(&mut s, t);
    }
    s.push_str("</svg>\n");
    s
}

/// A panel as an SVG rectangle.
fn svg_panel(s: &mut String, p: &Panel) {
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{}\" stroke=\"{}\"/>",
        num(p.x),
        num(p.y),
        num(p.w),
        num(p.h),
        p.fill.unwrap_or("none"),
        p.stroke.unwrap_or("none")
    );
}

/// A curve as an SVG path, its arrowhead a marker, its tooltip a title.
fn svg_curve(s: &mut String, c: &Curve) {
    let mut d = format!("M{},{}", num(c.start.0), num(c.start.1));
    for p in &c.pieces {
        let _ = write!(
            d,
            " C{},{} {},{} {},{}",
            num(p[0].0),
            num(p[0].1),
            num(p[1].0),
            num(p[1].1),
            num(p[2].0),
            num(p[2].1)
        );
    }
    let marker = if c.arrow {
        format!(" marker-start=\"url(#{})\"", marker_id(c.colour))
    } else {
        String::new()
    };
    let title = if c.tooltip.is_empty() {
        String::new()
    } else {
        format!("<title>{}</title>", xml_escape(&c.tooltip))
    };
    let _ = writeln!(
        s,
        "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{}{marker}>{title}</path>",
        c.colour,
        num(c.width),
        dash_svg(c.dash)
    );
}

/// A box as an SVG group: its tooltip, its rectangle, its lines.
fn svg_shape(s: &mut String, b: &Shape) {
    let dash = if b.dashed {
        " stroke-dasharray=\"5,3\""
    } else {
        ""
    };
    let _ = write!(
        s,
        "<g><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
        xml_escape(&b.tooltip),
        num(b.x),
        num(b.y),
        num(b.w),
        num(b.h),
        b.fill,
        b.stroke,
        num(b.stroke_width)
    );
    for (x, y, line) in line_positions(b) {
        let weight = if line.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"{}\"{weight}>{}</text>",
            num(x),
            num(y),
            num(line.size),
            b.ink,
            xml_escape(&line.text)
        );
    }
    s.push_str("</g>\n");
}

/// A text as SVG, with a white halo when it has one.
fn svg_text(s: &mut String, t: &Text) {
    let anchor = match t.anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
    };
    let weight = if t.bold { " font-weight=\"bold\"" } else { "" };
    let halo = if t.halo {
        " stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\""
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\" fill=\"{}\"{weight}{halo}>{}</text>",
        num(t.x),
        num(t.y),
        num(t.size),
        t.colour,
        xml_escape(&t.text)
    );
}

/// Line height of a box's text, as a multiple of its size.
pub const LEADING: f64 = 1.25;

/// Each line of a box with the baseline point of its middle.
fn line_positions(b: &Shape) -> Vec<(f64, f64, &Line)> {
    let total: f64 = b.lines.iter().map(|l| l.size * LEADING).sum();
    let mut y = b.y + (b.h - total) / 2.0;
    b.lines
        .iter()
        .map(|l| {
            y += l.size * LEADING;
            (b.x + b.w / 2.0, y - l.size * 0.3, l)
        })
        .collect()
}

/// The scene as DOT for Graphviz to paint with everything pinned (`neato -n2`): stripes,
/// frames and boxes are fixed-size nodes at their places (in that order, which is the order
/// they are painted in), texts are plain nodes, every edge carries its own spline and is
/// painted last. (Graphviz's `_background` would hold the stripes, but its scanner stops at
/// 16,384 characters.)
pub fn pinned_dot(scene: &Scene) -> String {
    let h = scene.height;
    let flip = |p: Pt| format!("{},{}", num(p.0), num(h - p.1));
    let mut s = String::new();
    let _ = writeln!(s, "digraph vncite {{");
    s.push_str("  graph [outputorder=nodesfirst, pad=\"0.1\"];\n");
    s.push_str("  node [fixedsize=true, fontname=\"Arial\", margin=0, label=\"\"];\n");
    s.push_str("  edge [arrowsize=0.7];\n");
    // The corners hold the page to the scene's size.
    let _ = writeln!(
        s,
        "  corner0 [shape=point, style=invis, width=0.01, pos=\"0,0!\"];\n  corner1 [shape=point, style=invis, width=0.01, pos=\"{},{}!\"];",
        num(scene.width),
        num(h)
    );
    for (i, p) in scene.panels.iter().enumerate() {
        dot_panel(&mut s, &flip, i, p);
    }
    for (i, c) in scene.curves.iter().enumerate() {
        dot_curve(&mut s, &flip, i, c);
    }
    for (i, b) in scene.shapes.iter().enumerate() {
        dot_shape(&mut s, &flip, i, b);
    }
    // Texts are labels of invisible edges, declared last: Graphviz paints edges after nodes,
    // in order, so a count stands over the lines it belongs to, on white when it has a halo.
    for (i, t) in scene.texts.iter().enumerate() {
        dot_text(&mut s, &flip, i, t);
    }
    s.push_str("}\n");
    s
}

/// Turns a point of the scene into Graphviz's coordinates (from the bottom left).
type Flip<'a> = dyn Fn(Pt) -> String + 'a;

/// A panel as a fixed-size node `p{i}`.
fn dot_panel(s: &mut String, flip: &Flip, i: usize, p: &Panel) {
    let _ = writeln!(
        s,
        "  p{i} [shape=box, style=\"{}\", pos=\"{}!\", width={}, height={}, fillcolor=\"{}\", color=\"{}\"];",
        if p.fill.is_some() { "rounded,filled" } else { "rounded" },
        flip((p.x + p.w / 2.0, p.y + p.h / 2.0)),
        num4(p.w / 72.0),
        num4(p.h / 72.0),
        p.fill.unwrap_or("none"),
        p.stroke.unwrap_or("transparent")
    );
}

/// A curve as an edge `e{i}a -> e{i}b` between invisible points, carrying its own spline.
fn dot_curve(s: &mut String, flip: &Flip, i: usize, c: &Curve) {
    let end = c.pieces.last().map_or(c.start, |p| p[2]);
    let _ = writeln!(
        s,
        "  e{i}a [shape=point, style=invis, width=0.01, pos=\"{}!\"];\n  e{i}b [shape=point, style=invis, width=0.01, pos=\"{}!\"];",
        flip(c.start),
        flip(end)
    );
    // With an arrowhead the spline starts an arrow's length from the tip.
    let mut pts = String::new();
    let (start, pieces) = if c.arrow {
        shorten_start(c, 7.0)
    } else {
        (c.start, c.pieces.clone())
    };
    if c.arrow {
        let _ = write!(pts, "s,{} ", flip(c.start));
    }
    pts.push_str(&flip(start));
    for p in &pieces {
        for q in p {
            pts.push(' ');
            pts.push_str(&flip(*q));
        }
    }
    let style = match c.dash {
        Dash::Solid => "solid",
        Dash::Dashed => "dashed",
        Dash::Dotted => "dotted",
    };
    let _ = writeln!(
        s,
        "  e{i}a -> e{i}b [dir={}, color=\"{}\", style={style}, penwidth={}, pos=\"{pts}\", tooltip={}];",
        if c.arrow { "back" } else { "none" },
        c.colour,
        num(c.width),
        dot_quote(&c.tooltip)
    );
}

/// A box as a fixed-size node `b{i}` with an HTML label of its lines.
fn dot_shape(s: &mut String, flip: &Flip, i: usize, b: &Shape) {
    let mut label = String::from("<");
    for (k, l) in b.lines.iter().enumerate() {
        if k > 0 {
            label.push_str("<BR/>");
        }
        let text = xml_escape(&l.text);
        let text = if l.bold {
            format!("<B>{text}</B>")
        } else {
            text
        };
        let _ = write!(
            label,
            "<FONT POINT-SIZE=\"{}\" COLOR=\"{}\">{text}</FONT>",
            num(l.size),
            b.ink
        );
    }
    label.push('>');
    let style = if b.dashed {
        "rounded,filled,dashed"
    } else {
        "rounded,filled"
    };
    let _ = writeln!(
        s,
        "  b{i} [shape=box, style=\"{style}\", pos=\"{}!\", width={}, height={}, fillcolor=\"{}\", color=\"{}\", penwidth={}, tooltip={}, label={label}];",
        flip((b.x + b.w / 2.0, b.y + b.h / 2.0)),
        num4(b.w / 72.0),
        num4(b.h / 72.0),
        b.fill,
        b.stroke,
        num(b.stroke_width),
        dot_quote(&b.tooltip)
    );
}

/// A text as the label of an invisible edge `t{i}a -> t{i}b`.
fn dot_text(s: &mut String, flip: &Flip, i: usize, t: &Text) {
    let (left, top, w, hgt) = t.bounds();
    let at = flip((left + w / 2.0, top + hgt / 2.0));
    let text = if t.bold {
        format!("<B>{}</B>", xml_escape(&t.text))
    } else {
        xml_escape(&t.text)
    };
    let label = if t.halo {
        format!("<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLPADDING=\"0\" CELLSPACING=\"0\" BGCOLOR=\"white\"><TR><TD>{text}</TD></TR></TABLE>>")
    } else {
        format!("<{text}>")
    };
    let _ = writeln!(
        s,
        "  t{i}a [shape=point, style=invis, width=0.01, pos=\"{at}!\"];\n  t{i}b [shape=point, style=invis, width=0.01, pos=\"{at}!\"];\n  t{i}a -> t{i}b [color=transparent, dir=none, pos=\"{at} {at} {at} {at}\", lp=\"{at}\", fontname=\"Arial\", fontsize={}, fontcolor=\"{}\", label={label}];",
        num(t.size),
        t.colour
    );
}

fn num4(v: f64) -> String {
    let r = (v * 10000.0).round() / 10000.0;
    let mut s = format!("{r:.4}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    s
}

/// The curve without its first `by` points of length, where Graphviz draws the arrowhead.
fn shorten_start(c: &Curve, by: f64) -> (Pt, Vec<[Pt; 3]>) {
    let Some(first) = c.pieces.first() else {
        return (c.start, Vec::new());
    };
    let len = dist(c.start, first[0]) + dist(first[0], first[1]) + dist(first[1], first[2]);
    if len <= by * 1.5 {
        return (c.start, c.pieces.clone());
    }
    // Split the first piece at the parameter that leaves `by` behind (de Casteljau).
    let t = (by / len).clamp(0.0, 0.9);
    let (p0, p1, p2, p3) = (c.start, first[0], first[1], first[2]);
    let a = lerp(p0, p1, t);
    let b = lerp(p1, p2, t);
    let cc = lerp(p2, p3, t);
    let d = lerp(a, b, t);
    let e = lerp(b, cc, t);
    let f = lerp(d, e, t);
    let mut pieces = vec![[e, cc, p3]];
    pieces.extend(c.pieces[1..].iter().copied());
    (f, pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_like_helvetica() {
        // Graphviz measures this at 184 pt in Nimbus Sans, Helvetica's twin.
        let w = text_width("Ủy ban nhân dân tỉnh Thừa Thiên Huế", 10.0, false);
        assert!((175.0..200.0).contains(&w), "{w}");
        assert!(text_width("1068/CĐ-TTg", 10.0, true) > text_width("1068/CĐ-TTg", 10.0, false));
    }

    #[test]
    fn numbers_are_written_the_same_every_time() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
    }

    #[test]
    fn a_rounded_route_ends_where_it_should() {
        let (start, pieces) = Curve::rounded(&[(0.0, 0.0), (0.0, 10.0), (20.0, 10.0)], 4.0);
        assert_eq!(start, (0.0, 0.0));
        assert_eq!(pieces.last().map(|p| p[2]), Some((20.0, 10.0)));
    }
}
