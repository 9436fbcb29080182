//! The drawing of documents one by one: a box per document (key, kind and date, issuer) in
//! its level's band, or its month's on a timeline; an edge per citation.

use super::layout::{Band, Entry, Item, LabelPlace, Link, Mark, Spec};
use super::scene::{Dash, Line, Shape};
use super::{
    label_lines, level_colour, level_name, level_rank, relation_style, ClusterBy, Options,
};
use crate::graph::{CitationGraph, Node};
use crate::model::{Level, Relation};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// Longest first line of a box, in characters.
const KEY_CHARS: usize = 30;
/// Longest issuer line, in characters.
const ISSUER_CHARS: usize = 30;
/// Space a month without documents takes on a timeline.
pub const MONTH_SPACE: f64 = 14.0;
/// Months without documents drawn to scale; a longer gap is marked instead.
pub const MONTHS_TO_SCALE: i64 = 6;

/// An issuer's name as a box shows it: the people's committee and council by their usual
/// abbreviations, so the locality stays readable.
pub fn short_issuer(name: &str) -> String {
    let mut s = name.to_string();
    for (long, short) in [
        ("Ủy ban nhân dân", "UBND"),
        ("Uỷ ban nhân dân", "UBND"),
        ("ỦY BAN NHÂN DÂN", "UBND"),
        ("Hội đồng nhân dân", "HĐND"),
        ("HỘI ĐỒNG NHÂN DÂN", "HĐND"),
    ] {
        if s.contains(long) {
            s = s.replace(long, short);
        }
    }
    s
}

/// `s` cut to `max` characters, with an ellipsis.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The look of a document's box, at no place yet.
pub fn document_shape(n: &Node, root: bool) -> Shape {
    let lines = label_lines(n);
    let mut out = vec![Line {
        text: shorten(&lines[0], KEY_CHARS),
        size: 10.0,
        bold: true,
    }];
    if let Some(l) = lines.get(1) {
        out.push(Line {
            text: l.clone(),
            size: 9.0,
            bold: false,
        });
    }
    if let Some(i) = &n.issuer {
        out.push(Line {
            text: shorten(&short_issuer(&i.name), ISSUER_CHARS),
            size: 9.0,
            bold: false,
        });
    }
    let w = (super::layout::lines_width(&out) + 14.0).max(76.0);
    let h = super::layout::lines_height(&out) + 9.0;
    let mut tooltip = n.id.clone();
    if let Some(s) = &n.subject {
        tooltip.push_str(" — ");
        tooltip.push_str(s);
    }
    if !n.in_corpus {
        tooltip.push_str(" (not in corpus)");
    }
    Shape {
        x: 0.0,
        y: 0.0,
        w,
        h,
        fill: level_colour(n.level()),
        stroke: if root {
            "#000000"
        } else if n.in_corpus {
            "#444444"
        } else {
            "#8a8a8a"
        },
        stroke_width: if root { 2.6 } else { 1.0 },
        dashed: !n.in_corpus,
        ink: "#111111",
        lines: out,
        tooltip: shorten(&tooltip, 300),
    }
}

/// Steps from `root` among `keep`: +1 for each step down to a citing document, -1 for each
/// step up to a cited one; a document reached both ways keeps its way down.
fn generations(
    g: &CitationGraph,
    root: NodeIndex,
    keep: &dyn Fn(NodeIndex) -> bool,
) -> HashMap<NodeIndex, i64> {
    let mut gen = HashMap::from([(root, 0i64)]);
    for (dir, step) in [(Direction::Incoming, 1i64), (Direction::Outgoing, -1)] {
        let mut queue = VecDeque::from([root]);
        while let Some(n) = queue.pop_front() {
            let d = gen[&n];
            for m in g.graph.neighbors_directed(n, dir) {
                if keep(m) && !gen.contains_key(&m) {
                    gen.insert(m, d + step);
                    queue.push_back(m);
                }
            }
        }
    }
    gen
}

/// A timeline's band of a date: (year, month), month 0 for a date known to the year only;
/// none for no date.
fn month_of(n: &Node) -> Option<(u16, u8)> {
    n.date.map(|d| (d.year, d.month.unwrap_or(0)))
}

/// The name of a timeline band.
fn month_label(m: Option<(u16, u8)>) -> String {
    match m {
        Some((y, 0)) => format!("{y} (month unknown)"),
        Some((y, m)) => format!("{m:02}/{y}"),
        None => "undated".into(),
    }
}

/// The drawing of the documents `nodes` (all when `None`).
pub fn spec(g: &CitationGraph, nodes: Option<&BTreeSet<NodeIndex>>, opt: &Options) -> Spec {
    let keep = |n: NodeIndex| nodes.is_none_or(|s| s.contains(&n));
    let ids: Vec<NodeIndex> = g.graph.node_indices().filter(|&n| keep(n)).collect();
    let root = opt.root.filter(|&r| keep(r));
    let gens = root.map(|r| generations(g, r, &keep)).unwrap_or_default();
    // Bands: levels, or months in order with the time between them.
    let mut bands: Vec<Band> = Vec::new();
    let band_of: HashMap<NodeIndex, usize>;
    let mut band_counts: BTreeMap<usize, usize> = BTreeMap::new();
    if opt.timeline {
        let months: BTreeSet<Option<(u16, u8)>> =
            ids.iter().map(|&n| month_of(&g.graph[n])).collect();
        // Dated first, in order; undated last.
        let order: Vec<Option<(u16, u8)>> = months
            .iter()
            .copied()
            .filter(Option::is_some)
            .chain(months.contains(&None).then_some(None))
            .collect();
        let index: HashMap<Option<(u16, u8)>, usize> =
            order.iter().enumerate().map(|(i, &m)| (m, i)).collect();
        let mut prev: Option<i64> = None;
        for m in &order {
            let mut band = Band {
                label: month_label(*m),
                ..Band::default()
            };
            if let Some((y, mo)) = m {
                let at = i64::from(*y) * 12 + i64::from(mo.saturating_sub(1));
                if let Some(p) = prev {
                    let missing = at - p - 1;
                    if missing > MONTHS_TO_SCALE {
                        band.space_before = 2.0 * MONTH_SPACE;
                        band.break_before = Some(format!("≈ {missing} months without documents ≈"));
                    } else if missing > 0 {
                        band.space_before = missing as f64 * MONTH_SPACE;
                    }
                }
                prev = Some(at.max(prev.unwrap_or(at)));
            } else if prev.is_some() {
                band.space_before = MONTH_SPACE;
            }
            bands.push(band);
        }
        band_of = ids
            .iter()
            .map(|&n| (n, index[&month_of(&g.graph[n])]))
            .collect();
    } else {
        let ranks: BTreeSet<usize> = ids
            .iter()
            .map(|&n| level_rank(g.graph[n].level()))
            .collect();
        let index: HashMap<usize, usize> = ranks.iter().enumerate().map(|(i, &r)| (r, i)).collect();
        for &r in &ranks {
            bands.push(Band {
                label: level_name(rank_level(r)).to_string(),
                ..Band::default()
            });
        }
        band_of = ids
            .iter()
            .map(|&n| (n, index[&level_rank(g.graph[n].level())]))
            .collect();
    }
    for &n in &ids {
        *band_counts.entry(band_of[&n]).or_default() += 1;
    }
    for (b, count) in band_counts {
        if let Some(band) = bands.get_mut(b) {
            band.sub = Some(format!(
                "{count} document{}",
                if count == 1 { "" } else { "s" }
            ));
        }
    }
    // Framed groups: issuers, or levels on a timeline.
    let mut groups: Vec<String> = Vec::new();
    let mut group_index: HashMap<String, usize> = HashMap::new();
    let mut group_of = |name: String| -> usize {
        if let Some(&i) = group_index.get(&name) {
            return i;
        }
        groups.push(name.clone());
        group_index.insert(name, groups.len() - 1);
        groups.len() - 1
    };
    let mut items = Vec::with_capacity(ids.len());
    let mut item_of: HashMap<NodeIndex, usize> = HashMap::with_capacity(ids.len());
    let mut levels = BTreeSet::new();
    let mut outside = false;
    for &n in &ids {
        let node = &g.graph[n];
        let group = match opt.cluster_by {
            ClusterBy::Issuer => Some(group_of(
                node.issuer
                    .as_ref()
                    .map_or_else(|| "issuer unknown".to_string(), |i| short_issuer(&i.name)),
            )),
            ClusterBy::Level if opt.timeline => {
                Some(group_of(level_name(node.level()).to_string()))
            }
            _ => None,
        };
        levels.insert(level_rank(node.level()));
        outside |= !node.in_corpus;
        let date_key = node.date.map_or_else(
            || "~".to_string(),
            |d| format!("{:012}", d.first_day() + 10_000_000),
        );
        item_of.insert(n, items.len());
        items.push(Item {
            shape: document_shape(node, Some(n) == root),
            band: band_of[&n],
            tier: gens.get(&n).copied().unwrap_or(0),
            group,
            key: format!("{date_key}|{}", node.id),
            centre: Some(n) == root,
        });
    }
    let mut links = Vec::new();
    let mut relations = BTreeSet::new();
    for e in g.graph.edge_references() {
        let (citing, cited) = (e.source(), e.target());
        let (Some(&to), Some(&from)) = (item_of.get(&citing), item_of.get(&cited)) else {
            continue;
        };
        let r = e.weight().relation;
        relations.insert(r);
        let (colour, style, width) = relation_style(r);
        let sentence = e
            .weight()
            .sources
            .first()
            .map_or("", |s| s.sentence.as_str());
        links.push(Link {
            from,
            to,
            colour,
            width: f64::from(width),
            dash: Dash::of(style),
            label: r.as_str().to_string(),
            tooltip: shorten(
                &format!(
                    "{} {} {}: {sentence}",
                    g.graph[citing].label(),
                    r.as_str(),
                    g.graph[cited].label()
                ),
                300,
            ),
        });
    }
    Spec {
        title: opt.title.clone(),
        bands,
        groups,
        items,
        links,
        legend: legend(&levels, outside, root.is_some(), &relations),
        notes: Vec::new(),
        labels: LabelPlace::NearCiting,
    }
}

/// The level of a band rank.
pub fn rank_level(r: usize) -> Option<Level> {
    match r {
        0 => Some(Level::Central),
        1 => Some(Level::Province),
        2 => Some(Level::District),
        3 => Some(Level::Commune),
        _ => None,
    }
}

/// The legend of what is drawn: its levels, documents outside the corpus, the root, its
/// relations.
pub fn legend(
    levels: &BTreeSet<usize>,
    outside: bool,
    root: bool,
    relations: &BTreeSet<Relation>,
) -> Vec<Entry> {
    let mut out: Vec<Entry> = levels
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
    if outside {
        out.push(Entry {
            mark: Mark::Swatch {
                fill: "#ffffff",
                stroke: "#8a8a8a",
                dashed: true,
                width: 1.0,
            },
            text: "dashed: not in the corpus (only cited)".into(),
        });
    }
    if root {
        out.push(Entry {
            mark: Mark::Swatch {
                fill: "#ffffff",
                stroke: "#000000",
                dashed: false,
                width: 2.6,
            },
            text: "the root".into(),
        });
    }
    for &r in relations {
        let (colour, style, width) = relation_style(r);
        out.push(Entry {
            mark: Mark::Stroke {
                colour,
                dash: Dash::of(style),
                width: f64::from(width),
            },
            text: r.as_str().to_string(),
        });
    }
    if !relations.is_empty() {
        out.push(Entry {
            mark: Mark::Note,
            text: "(arrows point at the cited document)".into(),
        });
    }
    out
}
