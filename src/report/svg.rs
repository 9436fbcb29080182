//! A small SVG writer for the report's charts: rectangles, lines, text and step lines on a
//! fixed canvas, every number written with one decimal so the bytes do not depend on the
//! platform's float printing, every text escaped.

use crate::model::Level;
use crate::render::xml_escape;
use std::fmt::Write;

/// Colours of the administrative levels (Okabe–Ito: told apart with most colour blindness).
pub fn level_colour(l: Option<Level>) -> &'static str {
    match l {
        Some(Level::Central) => "#0072B2",
        Some(Level::Province) => "#E69F00",
        Some(Level::District) => "#009E73",
        Some(Level::Commune) => "#CC79A7",
        None => "#999999",
    }
}

/// A level's name in the charts, `unknown` when the issuer's level was not read.
pub fn level_name(l: Option<Level>) -> &'static str {
    l.map_or("unknown", |l| l.as_str())
}

/// Every level in drawing order, the unknown last.
pub const LEVELS: [Option<Level>; 5] = [
    Some(Level::Central),
    Some(Level::Province),
    Some(Level::District),
    Some(Level::Commune),
    None,
];

/// A number with at most one decimal and no trailing `.0`.
pub fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// An SVG picture being drawn.
pub struct Svg {
    id: String,
    width: f64,
    height: f64,
    body: String,
}

/// Text alignment on its anchor point.
#[derive(Clone, Copy)]
pub enum Anchor {
    /// Left edge at the point.
    Start,
    /// Centred on the point.
    Middle,
    /// Right edge at the point.
    End,
}

impl Svg {
    /// A blank picture of `width` × `height` user units, its `id` for links and tests.
    pub fn new(id: &str, width: f64, height: f64) -> Svg {
        Svg {
            id: id.to_string(),
            width,
            height,
            body: String::new(),
        }
    }

    /// Starts a group of marks that draw one series (`data-series` names it).
    pub fn series(&mut self, name: &str) {
        let _ = write!(self.body, "<g data-series=\"{}\">", xml_escape(name));
    }

    /// Ends the group begun by [`Svg::series`].
    pub fn end_series(&mut self) {
        self.body.push_str("</g>");
    }

    /// A filled rectangle; `tip` shows on hover (an SVG `<title>`, no script).
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, tip: Option<&str>) {
        let _ = write!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"",
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0))
        );
        match tip {
            Some(t) => {
                let _ = write!(self.body, "><title>{}</title></rect>", xml_escape(t));
            }
            None => self.body.push_str("/>"),
        }
    }

    /// A rectangle outlined, not filled.
    pub fn frame(&mut self, x: f64, y: f64, w: f64, h: f64, stroke: &str) {
        let _ = write!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{stroke}\"/>",
            num(x),
            num(y),
            num(w),
            num(h)
        );
    }

    /// A straight line.
    pub fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, width: f64) {
        let _ = write!(
            self.body,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(width)
        );
    }

    /// A line through `points`, in order.
    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64) {
        if points.is_empty() {
            return;
        }
        let pts: Vec<String> = points
            .iter()
            .map(|&(x, y)| format!("{},{}", num(x), num(y)))
            .collect();
        let _ = write!(
            self.body,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            pts.join(" "),
            num(width)
        );
    }

    /// Text at a point, in `size` px, grey when `muted`.
    pub fn text(&mut self, (x, y): (f64, f64), s: &str, anchor: Anchor, size: f64, muted: bool) {
        let a = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let _ = write!(
            self.body,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{a}\" font-size=\"{}\"{}>{}</text>",
            num(x),
            num(y),
            num(size),
            if muted { " fill=\"#555\"" } else { "" },
            xml_escape(s)
        );
    }

    /// Text turned `deg` degrees about its anchor point (column labels).
    pub fn text_turned(&mut self, (x, y): (f64, f64), s: &str, deg: f64, size: f64) {
        let _ = write!(
            self.body,
            "<text x=\"{x}\" y=\"{y}\" transform=\"rotate({} {x} {y})\" font-size=\"{}\">{}</text>",
            num(deg),
            num(size),
            xml_escape(s),
            x = num(x),
            y = num(y)
        );
    }

    /// A legend row of coloured squares (outlined) and names, from `(x, y)` rightwards.
    pub fn legend(&mut self, (x, y): (f64, f64), items: &[(&str, &str)]) {
        let mut at = x;
        for (name, colour) in items {
            self.rect(at, y - 9.0, 10.0, 10.0, colour, None);
            self.frame(at, y - 9.0, 10.0, 10.0, "#bbbbbb");
            self.text((at + 14.0, y), name, Anchor::Start, 11.0, false);
            at += 24.0 + 6.5 * name.chars().count() as f64;
        }
    }

    /// The finished picture: `<svg>` with its title for screen readers and hover.
    pub fn finish(self, title: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"Helvetica,Arial,sans-serif\" role=\"img\"><title>{t}</title>{body}</svg>",
            id = xml_escape(&self.id),
            w = num(self.width),
            h = num(self.height),
            t = xml_escape(title),
            body = self.body
        )
    }
}

/// A linear map from data values onto a span of the canvas.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    /// Data value at the start of the span.
    pub lo: f64,
    /// Data value at its end.
    pub hi: f64,
    /// Canvas coordinate of `lo`.
    pub from: f64,
    /// Canvas coordinate of `hi`.
    pub to: f64,
}

impl Scale {
    /// The canvas coordinate of `v`, clamped to the span.
    pub fn at(&self, v: f64) -> f64 {
        let span = if self.hi > self.lo {
            self.hi - self.lo
        } else {
            1.0
        };
        let t = ((v - self.lo) / span).clamp(0.0, 1.0);
        self.from + t * (self.to - self.from)
    }
}

/// About `n` round tick values covering `lo..=hi` (steps of 1, 2 or 5 times a power of ten),
/// and the range widened to the outer ticks.
pub fn ticks(lo: f64, hi: f64, n: usize) -> (Vec<f64>, f64, f64) {
    let span = (hi - lo).max(1.0);
    let raw = span / n.max(1) as f64;
    let pow = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * pow)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * pow)
        .max(1.0);
    let first = (lo / step).floor() * step;
    let last = (hi / step).ceil() * step;
    let mut v = Vec::new();
    let mut t = first;
    while t <= last + step * 0.5 {
        v.push(t);
        t += step;
    }
    (v, first, last.max(first + step))
}

/// A count with thousands separated by commas (`16,854`).
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let (t, lo, hi) = ticks(0.0, 87.0, 5);
        assert_eq!(t, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!((lo, hi), (0.0, 100.0));
        let (t, _, _) = ticks(-12.0, 3.0, 4);
        assert_eq!(t.first(), Some(&-15.0));
    }

    #[test]
    fn numbers_print_the_same_everywhere() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(3.04), "3");
        assert_eq!(num(-2.25), "-2.3");
        assert_eq!(thousands(16854), "16,854");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn text_is_escaped() {
        let mut s = Svg::new("x", 10.0, 10.0);
        s.text((0.0, 0.0), "<b>&", Anchor::Start, 10.0, false);
        assert!(s.finish("t<").contains("&lt;b&gt;&amp;</text>"));
    }
}
