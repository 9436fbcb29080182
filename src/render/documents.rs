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
    let (mut bands, band_of) = if opt.timeline {
        month_bands(g, &ids)
    } else {
        level_bands(g, &ids)
    };
    count_documents(&mut bands, &ids, &band_of);
    let mut groups = Groups::default();
    let mut items = Vec::with_capacity(ids.len());
    let mut item_of: HashMap<NodeIndex, usize> = HashMap::with_capacity(ids.len());
    let mut levels = BTreeSet::new();
    let mut outside = false;
    for &n in &ids {
        let node = &g.graph[n];
        levels.insert(level_rank(node.level()));
        outside |= !node.in_corpus;
        item_of.insert(n, items.len());
        items.push(Item {
            shape: document_shape(node, Some(n) == root),
            band: band_of[&n],
            tier: gens.get(&n).copied().unwrap_or(0),
            group: groups.of(node, opt),
            key: document_key(node),
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
        links.push(Link {
            from,
            to,
            colour,
            width: f64::from(width),
            dash: Dash::of(style),
            label: r.as_str().to_string(),
            tooltip: citation_tip(g, citing, cited, e.weight()),
        });
    }
    Spec {
        title: opt.title.clone(),
        bands,
        groups: groups.names,
        items,
        links,
        legend: legend(&levels, outside, root.is_some(), &relations),
        notes: Vec::new(),
        labels: LabelPlace::NearCiting,
    }
}

/// The tooltip of a citation: who does what to whom, and the sentence that says so.
pub fn citation_tip(
    g: &CitationGraph,
    citing: NodeIndex,
    cited: NodeIndex,
    e: &crate::graph::Edge,
) -> String {
    let sentence = e.sources.first().map_or("", |s| s.sentence.as_str());
    shorten(
        &format!(
            "{} {} {}: {sentence}",
            g.graph[citing].label(),
            e.relation.as_str(),
            g.graph[cited].label()
        ),
        300,
    )
}

/// The order of documents nothing else tells apart: by date (undated last), then id.
fn document_key(node: &Node) -> String {
    let date_key = node.date.map_or_else(
        || "~".to_string(),
        |d| format!("{:012}", d.first_day() + 10_000_000),
    );
    format!("{date_key}|{}", node.id)
}

/// A band per month of `ids`, dated first in order, undated last, each with the time since
/// the band before (to scale up to [`MONTHS_TO_SCALE`] months, else marked); and the band of
/// each document.
fn month_bands(g: &CitationGraph, ids: &[NodeIndex]) -> (Vec<Band>, HashMap<NodeIndex, usize>) {
    let months: BTreeSet<Option<(u16, u8)>> = ids.iter().map(|&n| month_of(&g.graph[n])).collect();
    let order: Vec<Option<(u16, u8)>> = months
        .iter()
        .copied()
        .filter(Option::is_some)
        .chain(months.contains(&None).then_some(None))
        .collect();
    let index: HashMap<Option<(u16, u8)>, usize> =
        order.iter().enumerate().map(|(i, &m)| (m, i)).collect();
    let mut bands = Vec::new();
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
    let band_of = ids
        .iter()
        .map(|&n| (n, index[&month_of(&g.graph[n])]))
        .collect();
    (bands, band_of)
}

/// A band per level of `ids`, top-down, and the band of each document.
fn level_bands(g: &CitationGraph, ids: &[NodeIndex]) -> (Vec<Band>, HashMap<NodeIndex, usize>) {
    let ranks: BTreeSet<usize> = ids
        .iter()
        .map(|&n| level_rank(g.graph[n].level()))
        .collect();
    let index: HashMap<usize, usize> = ranks.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let bands = ranks
        .iter()
        .map(|&r| Band {
            label: level_name(rank_level(r)).to_string(),
            ..Band::default()
        })
        .collect();
    let band_of = ids
        .iter()
        .map(|&n| (n, index[&level_rank(g.graph[n].level())]))
        .collect();
    (bands, band_of)
}

/// Writes each band's count of documents under its name.
fn count_documents(bands: &mut [Band], ids: &[NodeIndex], band_of: &HashMap<NodeIndex, usize>) {
    let mut band_counts: BTreeMap<usize, usize> = BTreeMap::new();
    for &n in ids {
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
}

/// The framed groups, numbered as they are first met: issuers, or levels on a timeline.
#[derive(Default)]
struct Groups {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Groups {
    /// The group `node` is framed in, if `opt` frames any.
    fn of(&mut self, node: &Node, opt: &Options) -> Option<usize> {
        let name = match opt.cluster_by {
            ClusterBy::Issuer => node
                .issuer
                .as_ref()
                .map_or_else(|| "issuer unknown".to_string(), |i| short_issuer(&i.name)),
            ClusterBy::Level if opt.timeline => level_name(node.level()).to_string(),
            _ => return None,
        };
        if let Some(&i) = self.index.get(&name) {
            return Some(i);
        }
        self.names.push(name.clone());
        self.index.insert(name, self.names.len() - 1);
        Some(self.names.len() - 1)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Issuer, PartialDate};

    fn node(id: &str, year: Option<u16>, issuer: Option<&str>) -> Node {
        Node {
            id: id.into(),
            key: None,
            title: None,
            kind: None,
            date: year.map(|year| PartialDate {
                year,
                month: Some(3),
                day: None,
            }),
            issuer: issuer.map(|name| Issuer {
                name: name.into(),
                body: "Ủy ban nhân dân".into(),
                code: None,
                level: Some(Level::Province),
                locality: None,
                province: None,
            }),
            in_corpus: true,
            path: None,
            subject: None,
        }
    }

    #[test]
    fn documents_order_by_date_undated_last() {
        let keys = [
            document_key(&node("b", Some(2021), None)),
            document_key(&node("a", Some(2022), None)),
            document_key(&node("c", None, None)),
        ];
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(sorted, keys);
    }

    #[test]
    fn groups_are_numbered_as_first_met_and_only_when_framed() {
        let opt = Options {
            cluster_by: ClusterBy::Issuer,
            ..Options::default()
        };
        let mut groups = Groups::default();
        let a = node("1", None, Some("Ủy ban nhân dân tỉnh Sơn La"));
        let b = node("2", None, None);
        assert_eq!(groups.of(&a, &opt), Some(0));
        assert_eq!(groups.of(&b, &opt), Some(1));
        assert_eq!(groups.of(&a, &opt), Some(0));
        assert_eq!(groups.names, ["UBND tỉnh Sơn La", "issuer unknown"]);
        // Levels frame only a timeline.
        assert_eq!(Groups::default().of(&a, &Options::default()), None);
    }
}
