//! The report's charts, drawn as SVG by hand: documents per month by level, delay per hop by
//! level, the cascades of the most-cited directives, coverage by province, and the slowest and
//! fastest provinces. Each keeps to a fixed size whatever the corpus: bins, not documents.

use super::analysis::{quantile, Coverage, Speed};
use super::svg::{level_colour, level_name, num, thousands, ticks, Anchor, Scale, Svg, LEVELS};
use crate::model::Level;
use std::collections::BTreeMap;

/// A chart: inline in HTML, a file beside a Markdown report.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Short name: the element id (`fig-NAME`) and the file name (`REPORT.NAME.svg`).
    pub name: &'static str,
    /// What it shows.
    pub title: String,
    /// The picture.
    pub svg: String,
    /// How to read it.
    pub caption: String,
}

const WIDTH: f64 = 1100.0;

/// Month bins beyond which the chart counts documents by year.
const MAX_MONTH_BINS: i64 = 240;

/// The plotting area of a chart, in canvas units.
#[derive(Clone, Copy)]
struct Area {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

/// Draws a y axis of counts with grid lines at round values; returns the scale.
fn y_axis(s: &mut Svg, max: f64, a: Area) -> Scale {
    let (marks, lo, hi) = ticks(0.0, max.max(1.0), 5);
    let y = Scale {
        lo,
        hi,
        from: a.bottom,
        to: a.top,
    };
    for t in marks {
        let at = y.at(t);
        s.line((a.left, at), (a.right, at), "#e5e5e5", 1.0);
        let label = thousands(t as usize);
        s.text((a.left - 6.0, at + 4.0), &label, Anchor::End, 11.0, true);
    }
    y
}

/// Draws an x axis of days with round ticks along the area's bottom; returns the scale.
fn x_days(s: &mut Svg, lo: f64, hi: f64, a: Area) -> Scale {
    let (marks, lo, hi) = ticks(lo, hi, 8);
    let x = Scale {
        lo,
        hi,
        from: a.left,
        to: a.right,
    };
    s.line((a.left, a.bottom), (a.right, a.bottom), "#888", 1.0);
    for t in marks {
        let at = x.at(t);
        s.line((at, a.bottom), (at, a.bottom + 4.0), "#888", 1.0);
        let label = format!("{} d", num(t));
        s.text((at, a.bottom + 16.0), &label, Anchor::Middle, 11.0, true);
    }
    x
}

/// The legend of the levels that have data, from `(x, y)`.
fn level_legend(s: &mut Svg, at: (f64, f64), present: &[Option<Level>]) {
    let items: Vec<(&str, &str)> = LEVELS
        .iter()
        .filter(|l| present.contains(l))
        .map(|&l| (level_name(l), level_colour(l)))
        .collect();
    s.legend(at, &items);
}

/// `1 document`, `2 documents`.
fn documents(n: usize) -> String {
    format!(
        "{} {}",
        thousands(n),
        if n == 1 { "document" } else { "documents" }
    )
}

/// Bins of documents by month from the first month to the last (or by year when that is more
/// than [`MAX_MONTH_BINS`] months), each labelled `YYYY-MM` or `YYYY`.
fn month_bins(by_month: &BTreeMap<(u16, u8), [usize; 5]>) -> Option<Vec<(String, [usize; 5])>> {
    let (&(y0, m0), _) = by_month.iter().next()?;
    let (&(y1, m1), _) = by_month.iter().next_back()?;
    let span = (i64::from(y1) - i64::from(y0)) * 12 + i64::from(m1) - i64::from(m0) + 1;
    if span > MAX_MONTH_BINS {
        let bins = (y0..=y1).map(|y| {
            let mut c = [0; 5];
            for (_, v) in by_month.range((y, 0)..=(y, 12)) {
                c.iter_mut().zip(v).for_each(|(a, b)| *a += b);
            }
            (y.to_string(), c)
        });
        return Some(bins.collect());
    }
    let first = i64::from(y0) * 12 + i64::from(m0) - 1;
    let bins = (first..first + span).map(|i| {
        let (y, m) = (i / 12, i % 12 + 1);
        let c = by_month.get(&(y as u16, m as u8)).copied();
        (format!("{y:04}-{m:02}"), c.unwrap_or_default())
    });
    Some(bins.collect())
}

/// Draws the bins as bars stacked by level; returns the levels drawn.
fn stacked_bars(
    s: &mut Svg,
    bins: &[(String, [usize; 5])],
    a: Area,
    bw: f64,
) -> Vec<Option<Level>> {
    let max = bins.iter().map(|b| b.1.iter().sum::<usize>()).max();
    let y = y_axis(s, max.unwrap_or(0) as f64, a);
    let gap = if bw > 4.0 { 1.0 } else { 0.0 };
    let mut base = vec![0usize; bins.len()];
    let mut present = Vec::new();
    for (i, &l) in LEVELS.iter().enumerate() {
        if bins.iter().all(|b| b.1[i] == 0) {
            continue;
        }
        present.push(l);
        s.series(level_name(l));
        for (j, (label, c)) in bins.iter().enumerate().filter(|(_, b)| b.1[i] > 0) {
            let (lo, hi) = (y.at(base[j] as f64), y.at((base[j] + c[i]) as f64));
            let tip = format!("{label} · {} · {}", level_name(l), thousands(c[i]));
            let x = a.left + j as f64 * bw;
            s.rect(x, hi, bw - gap, lo - hi, level_colour(l), Some(&tip));
            base[j] += c[i];
        }
        s.end_series();
    }
    present
}

/// Labels the bins' time axis: each year's start (every few years when there are many), and
/// over three years or less each quarter too.
fn time_axis(s: &mut Svg, bins: &[(String, [usize; 5])], a: Area, bw: f64) {
    let by_year = bins.first().is_some_and(|b| b.0.len() == 4);
    s.line((a.left, a.bottom), (a.right, a.bottom), "#888", 1.0);
    let years = if by_year {
        bins.len()
    } else {
        bins.len().div_ceil(12)
    };
    let every = years.div_ceil(16).max(1);
    for (j, (label, _)) in bins.iter().enumerate() {
        let x = a.left + j as f64 * bw;
        let year: usize = label.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        let year_start = by_year || label.ends_with("-01") || j == 0;
        let quarter = ["-04", "-07", "-10"].iter().any(|q| label.ends_with(q));
        if year_start && (year % every == 0 || j == 0) {
            s.line((x, a.bottom), (x, a.bottom + 5.0), "#888", 1.0);
            let text = label.get(..4).unwrap_or(label);
            s.text((x + 2.0, a.bottom + 18.0), text, Anchor::Start, 11.0, true);
        } else if !by_year && bins.len() <= 36 && quarter {
            s.line((x, a.bottom), (x, a.bottom + 3.0), "#888", 1.0);
            let text = match label.get(5..) {
                Some("04") => "Apr",
                Some("07") => "Jul",
                _ => "Oct",
            };
            s.text((x + 2.0, a.bottom + 18.0), text, Anchor::Start, 10.0, true);
        }
    }
}

/// Documents per month (or year, over a long span), stacked by level.
pub fn months(
    by_month: &BTreeMap<(u16, u8), [usize; 5]>,
    undated: usize,
    year_only: usize,
) -> Option<Figure> {
    let bins = month_bins(by_month)?;
    let unit = if bins[0].0.len() == 4 {
        "year"
    } else {
        "month"
    };
    let a = Area {
        left: 60.0,
        right: WIDTH - 20.0,
        top: 40.0,
        bottom: 260.0,
    };
    let mut s = Svg::new("fig-months", WIDTH, 300.0);
    // Wide bars for a few bins would read as a different chart: at most 36 units each, the
    // axis as long as the bars.
    let bw = ((a.right - a.left) / bins.len() as f64).min(36.0);
    let a = Area {
        right: a.left + bw * bins.len() as f64,
        ..a
    };
    let present = stacked_bars(&mut s, &bins, a, bw);
    time_axis(&mut s, &bins, a, bw);
    level_legend(&mut s, (a.left, 20.0), &present);
    let mut caption = format!(
        "Documents read, by {unit} of issue and the issuer's level ({} bins).",
        bins.len()
    );
    if undated + year_only > 0 {
        caption.push_str(&format!(
            " Not drawn: {} undated, {} dated by year only.",
            thousands(undated),
            thousands(year_only)
        ));
    }
    Some(Figure {
        name: "months",
        title: format!("Documents per {unit}, by level"),
        svg: s.finish(&format!("Documents per {unit}, by level")),
        caption,
    })
}

/// One box of the delay chart: a level's delays (sorted) at height `cy`.
fn delay_box(s: &mut Svg, l: Option<Level>, v: &[f64], x: Scale, cy: f64) {
    let q = |p: f64| quantile(v, p).unwrap_or(0.0);
    let (p5, q1, med, q3, p95) = (q(0.05), q(0.25), q(0.5), q(0.75), q(0.95));
    s.series(level_name(l));
    let label = format!("{} (n = {})", level_name(l), thousands(v.len()));
    s.text((x.from - 10.0, cy + 4.0), &label, Anchor::End, 12.0, false);
    s.line((x.at(p5), cy), (x.at(p95), cy), "#555", 1.0);
    for w in [p5, p95] {
        s.line((x.at(w), cy - 7.0), (x.at(w), cy + 7.0), "#555", 1.0);
    }
    let tip = format!(
        "{}: 5% {} d, 25% {} d, median {} d, 75% {} d, 95% {} d",
        level_name(l),
        num(p5),
        num(q1),
        num(med),
        num(q3),
        num(p95)
    );
    let width = (x.at(q3) - x.at(q1)).max(2.0);
    s.rect(
        x.at(q1),
        cy - 13.0,
        width,
        26.0,
        level_colour(l),
        Some(&tip),
    );
    s.line((x.at(med), cy - 13.0), (x.at(med), cy + 13.0), "#000", 2.5);
    let text = format!("median {} d", num(med));
    s.text(
        (x.at(p95) + 8.0, cy + 4.0),
        &text,
        Anchor::Start,
        12.0,
        false,
    );
    s.end_series();
}

/// The delay of each implementing hop, one box per level of the implementing document.
pub fn delays(hops: &BTreeMap<Option<Level>, Vec<f64>>) -> Option<Figure> {
    let rows: Vec<(Option<Level>, &Vec<f64>)> = LEVELS
        .iter()
        .filter_map(|l| hops.get(l).filter(|v| !v.is_empty()).map(|v| (*l, v)))
        .collect();
    if rows.is_empty() {
        return None;
    }
    let q = |v: &[f64], p: f64| quantile(v, p).unwrap_or(0.0);
    let lo = rows.iter().map(|(_, v)| q(v, 0.05)).fold(0.0, f64::min);
    let hi = rows.iter().map(|(_, v)| q(v, 0.95)).fold(1.0, f64::max);
    let height = 50.0 + rows.len() as f64 * 46.0 + 30.0;
    let a = Area {
        left: 210.0,
        right: WIDTH - 150.0,
        top: 30.0,
        bottom: height - 34.0,
    };
    let mut s = Svg::new("fig-delays", WIDTH, height);
    let x = x_days(&mut s, lo, hi, a);
    for (i, (l, v)) in rows.iter().enumerate() {
        delay_box(&mut s, *l, v, x, 40.0 + i as f64 * 46.0);
    }
    let note = "days from the implemented document to the implementing one";
    s.text((a.left, 18.0), note, Anchor::Start, 11.0, true);
    Some(Figure {
        name: "delays",
        title: "Delay per hop, by level".into(),
        svg: s.finish("Delay per implementing hop, by level"),
        caption: "Each `implements` edge whose two dates are known at least to the month (a month counts as its middle day), by the level of the implementing document: the box spans the middle half, the black line is the median, the whiskers reach from 5% to 95%.".into(),
    })
}

/// One directive's cascade for the chart: its name, date and the documents below it.
pub struct Cascade {
    /// The directive's name.
    pub name: String,
    /// Its date, as written.
    pub date: String,
    /// Documents down the cascade.
    pub reached: usize,
    /// (level, days after the directive) of each document whose delay is known.
    pub events: Vec<(Option<Level>, f64)>,
}

/// Points of a cumulative step line of `days` (sorted) on `x` and `y`, at most `cap` steps.
fn steps(days: &[f64], x: Scale, y: Scale, cap: usize) -> Vec<(f64, f64)> {
    let mut pts = vec![(x.at(x.lo), y.at(0.0))];
    if days.len() <= cap {
        for (i, d) in days.iter().enumerate() {
            let at = x.at(d.max(x.lo));
            pts.push((at, y.at(i as f64)));
            pts.push((at, y.at(i as f64 + 1.0)));
        }
    } else {
        // Sampled at `cap` evenly spaced days: the step within a sample is not drawn.
        let mut k = 0;
        for i in 0..=cap {
            let d = x.lo + (x.hi - x.lo) * i as f64 / cap as f64;
            while k < days.len() && days[k] <= d {
                k += 1;
            }
            pts.push((x.at(d), y.at(k as f64)));
        }
    }
    pts.push((x.at(x.hi), y.at(days.len() as f64)));
    pts
}

/// Height of one directive's panel in the cascades chart.
const PANEL: f64 = 190.0;

/// Draws one directive's cascade in the panel whose top is `top`; returns the levels drawn.
fn cascade_panel(s: &mut Svg, c: &Cascade, top: f64) -> Vec<Option<Level>> {
    let a = Area {
        left: 60.0,
        right: WIDTH - 140.0,
        top: top + 26.0,
        bottom: top + PANEL - 40.0,
    };
    let title = format!(
        "{} ({}): {} down the cascade",
        c.name,
        c.date,
        documents(c.reached)
    );
    s.text((a.left, top + 12.0), &title, Anchor::Start, 13.0, false);
    let mut by_level: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
    for (l, d) in &c.events {
        by_level
            .entry(super::stats::level_slot(*l))
            .or_default()
            .push(*d);
    }
    by_level
        .values_mut()
        .for_each(|v| v.sort_by(f64::total_cmp));
    let mut all: Vec<f64> = c.events.iter().map(|e| e.1).collect();
    all.sort_by(f64::total_cmp);
    let hi = quantile(&all, 0.99).unwrap_or(30.0).max(30.0);
    let max = by_level.values().map(Vec::len).max().unwrap_or(1);
    let y = y_axis(s, max as f64, a);
    let x = x_days(s, 0.0, hi, a);
    let mut labels = Vec::new();
    for (slot, days) in &by_level {
        let l = LEVELS[*slot];
        s.series(level_name(l));
        s.polyline(&steps(days, x, y, 400), level_colour(l), 2.0);
        s.end_series();
        let text = format!("{} {}", thousands(days.len()), level_name(l));
        labels.push((y.at(days.len() as f64), text));
    }
    // Line ends at one height get their labels one under the other.
    labels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut floor = f64::MIN;
    for (at, text) in labels {
        floor = at.max(floor + 12.0);
        s.text(
            (a.right + 6.0, floor + 4.0),
            &text,
            Anchor::Start,
            11.0,
            false,
        );
    }
    by_level.keys().map(|&i| LEVELS[i]).collect()
}

/// Cumulative documents down each cascade over the days after its directive, by level.
pub fn cascades(list: &[Cascade]) -> Option<Figure> {
    if list.iter().all(|c| c.events.is_empty()) {
        return None;
    }
    let mut s = Svg::new("fig-cascades", WIDTH, 40.0 + PANEL * list.len() as f64);
    let mut present = Vec::new();
    for (i, c) in list.iter().enumerate() {
        present.extend(cascade_panel(&mut s, c, 40.0 + i as f64 * PANEL));
    }
    level_legend(&mut s, (60.0, 20.0), &present);
    Some(Figure {
        name: "cascades",
        title: "Cascades of the most-cited directives".into(),
        svg: s.finish("Cascades of the most-cited directives over time, by level"),
        caption: "For each of the most-cited directives, the documents down its cascade (implements, guided by, amends, at any depth) counted as they appear, by the level of their issuer; the x axis is days after the directive (to its 99th percentile; an earlier-dated document counts at day 0). Documents whose date or the directive's is not known to the month are not drawn.".into(),
    })
}

/// Colour bands of days to a province's first document.
const BANDS: [(f64, &str, &str); 5] = [
    (7.0, "#1a9850", "≤ 7 d"),
    (30.0, "#91cf60", "≤ 30 d"),
    (90.0, "#fee08b", "≤ 90 d"),
    (365.0, "#fc8d59", "≤ 365 d"),
    (f64::INFINITY, "#d73027", "> 365 d"),
];

/// Fill of a cell acted on in `days` (grey when the delay is unknown).
fn band(days: Option<f64>) -> &'static str {
    match days {
        Some(d) => BANDS.iter().find(|b| d <= b.0).map_or("#d73027", |b| b.1),
        None => "#bdbdbd",
    }
}

/// One directive's row of the coverage matrix at height `y`, cells `cell` wide from `left`.
fn coverage_row(
    s: &mut Svg,
    (name, c): (&str, &Coverage),
    provinces: &[String],
    (left, y, cell): (f64, f64, f64),
) {
    s.series(name);
    let shown: String = name.chars().take(34).collect();
    s.text(
        (left - 8.0, y + cell / 2.0 + 4.0),
        &shown,
        Anchor::End,
        12.0,
        false,
    );
    for (j, p) in provinces.iter().enumerate() {
        let x = left + j as f64 * cell;
        match c.provinces.get(p) {
            Some((days, _)) => {
                let tip = match days {
                    Some(d) => format!("{name} · {p}: first document after {} d", num(*d)),
                    None => format!("{name} · {p}: acted (date unknown)"),
                };
                s.rect(x, y, cell - 1.0, cell - 1.0, band(*days), Some(&tip));
            }
            None => {
                let tip = format!("{name} · {p}: no document");
                s.rect(
                    x + 0.5,
                    y + 0.5,
                    cell - 2.0,
                    cell - 2.0,
                    "#ffffff",
                    Some(&tip),
                );
                s.frame(x + 0.5, y + 0.5, cell - 2.0, cell - 2.0, "#d0d0d0");
            }
        }
    }
    let acted = provinces
        .iter()
        .filter(|p| c.provinces.contains_key(*p))
        .count();
    let med = c
        .median_days()
        .map(|d| format!(" · {} d", num(d)))
        .unwrap_or_default();
    let text = format!("{acted}/{}{med}", provinces.len());
    let x = left + cell * provinces.len() as f64 + 6.0;
    s.text((x, y + cell / 2.0 + 4.0), &text, Anchor::Start, 11.0, false);
    s.end_series();
}

/// Which provinces issued a document down each top directive's cascade, and how fast.
pub fn coverage(rows: &[(String, &Coverage)], provinces: &[String]) -> Option<Figure> {
    if rows.is_empty() || provinces.is_empty() {
        return None;
    }
    // Cells fill about 840 units, 14 to 28 each.
    let cell = (840.0 / provinces.len() as f64).clamp(14.0, 28.0);
    let (left, top) = (240.0, 130.0);
    let width = (left + cell * provinces.len() as f64 + 110.0).max(700.0);
    let height = top + (cell + 4.0) * rows.len() as f64 + 60.0;
    let mut s = Svg::new("fig-coverage", width, height);
    // Narrow columns take their names more upright, so that neighbours do not touch.
    let turn = if cell < 18.0 { -75.0 } else { -60.0 };
    for (j, p) in provinces.iter().enumerate() {
        let at = (left + j as f64 * cell + cell / 2.0 + 3.0, top - 6.0);
        s.text_turned(at, p, turn, 11.0);
    }
    for (i, (name, c)) in rows.iter().enumerate() {
        let y = top + i as f64 * (cell + 4.0);
        coverage_row(&mut s, (name, c), provinces, (left, y, cell));
    }
    let mut items: Vec<(&str, &str)> = BANDS.iter().map(|b| (b.2, b.1)).collect();
    items.push(("date unknown", "#bdbdbd"));
    items.push(("no document", "#ffffff"));
    s.legend((left, height - 22.0), &items);
    Some(Figure {
        name: "coverage",
        title: "Coverage by province".into(),
        svg: s.finish("Coverage of the top directives by province"),
        caption: "One row per top central directive, one column per province with documents in the corpus: the colour says how many days after the directive the province's first document down its cascade came; an empty cell is a province with no such document. At the right: provinces acted / provinces, and the median days.".into(),
    })
}

/// Minimum directives answered for a province to be ranked by speed.
const MIN_ANSWERS: usize = 3;

/// A province's place in the speed chart.
struct Ranked<'a> {
    province: &'a str,
    median: f64,
    q1: f64,
    q3: f64,
    n: usize,
}

/// Provinces with enough dated answers, fastest first.
fn rank(speeds: &BTreeMap<String, Speed>) -> Vec<Ranked<'_>> {
    let mut ranked: Vec<Ranked> = speeds
        .iter()
        .filter(|(_, s)| s.days.len() >= MIN_ANSWERS)
        .filter_map(|(p, s)| {
            Some(Ranked {
                province: p,
                median: quantile(&s.days, 0.5)?,
                q1: quantile(&s.days, 0.25)?,
                q3: quantile(&s.days, 0.75)?,
                n: s.days.len(),
            })
        })
        .collect();
    ranked.sort_by(|a, b| {
        a.median
            .total_cmp(&b.median)
            .then_with(|| a.province.cmp(b.province))
    });
    ranked
}

/// One province's bar at height `y`: the median, the middle half, the count.
fn speed_bar(s: &mut Svg, r: &Ranked, x: Scale, y: f64, fill: &str) {
    s.text(
        (x.from - 8.0, y + 4.0),
        r.province,
        Anchor::End,
        12.0,
        false,
    );
    let tip = format!(
        "{}: median {} d over {} directives (25%–75%: {}–{} d)",
        r.province,
        num(r.median),
        r.n,
        num(r.q1),
        num(r.q3)
    );
    s.rect(
        x.from,
        y - 7.0,
        x.at(r.median) - x.from,
        14.0,
        fill,
        Some(&tip),
    );
    s.line((x.at(r.q1), y), (x.at(r.q3), y), "#333", 1.0);
    let label = format!("{} d (n = {})", num(r.median), r.n);
    let at = x.at(r.q3.max(r.median)) + 6.0;
    s.text((at, y + 4.0), &label, Anchor::Start, 11.0, false);
}

/// Provinces ranked by the median days to their first document for a central directive:
/// the fastest and the slowest ten (all when there are twenty or fewer).
pub fn provinces(speeds: &BTreeMap<String, Speed>) -> Option<Figure> {
    let ranked = rank(speeds);
    if ranked.is_empty() {
        return None;
    }
    let groups: Vec<(&str, &[Ranked], &str)> = if ranked.len() <= 20 {
        vec![("all", &ranked[..], "#4a7ab5")]
    } else {
        let n = ranked.len();
        vec![
            ("fastest", &ranked[..10], "#1a9850"),
            ("slowest", &ranked[n - 10..], "#d73027"),
        ]
    };
    let rows: usize = groups.iter().map(|g| g.1.len() + 1).sum();
    let height = 40.0 + rows as f64 * 20.0 + 40.0;
    let a = Area {
        left: 200.0,
        right: WIDTH - 200.0,
        top: 30.0,
        bottom: height - 34.0,
    };
    let mut s = Svg::new("fig-provinces", WIDTH, height);
    let hi = ranked.iter().map(|r| r.q3).fold(1.0, f64::max);
    let x = x_days(&mut s, 0.0, hi, a);
    let mut y = a.top;
    for (name, list, fill) in groups {
        s.text((a.left, y + 4.0), name, Anchor::Start, 12.0, true);
        y += 20.0;
        s.series(name);
        for r in list {
            speed_bar(&mut s, r, x, y, fill);
            y += 20.0;
        }
        s.end_series();
    }
    Some(Figure {
        name: "provinces",
        title: "Slowest and fastest provinces".into(),
        svg: s.finish("Provinces by the median days to their first document"),
        caption: format!(
            "For each central directive a province acted on, the days from the directive to the province's first document down its cascade; the bar is the median over the directives (at least {MIN_ANSWERS} with both dates known to the month), the thin line the middle half."
        ),
    })
}
