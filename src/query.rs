//! Queries over the citation graph: finding a document by what a user types, what implements
//! it down the chain, what it rests on, the chains between two documents.

use crate::graph::{CitationGraph, Edge};
use crate::model::DocKey;
use crate::model::{PartialDate, Relation};
use petgraph::graph::NodeIndex;
use petgraph::Direction;
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::Path;

/// What a user's KEY names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<N = NodeIndex> {
    /// Exactly one document.
    Found(N),
    /// Several documents carry that key (different localities or years).
    Ambiguous(Vec<N>),
    /// Nothing; the closest labels, best first.
    Unknown(Vec<String>),
}

/// Finds a document by id, file path, key in any spelling (`1068/cd-ttg`), or number alone (`1068`).
pub fn lookup(g: &CitationGraph, q: &str) -> Lookup {
    let q = q.trim();
    if let Some(n) = g.by_id(q) {
        return Lookup::Found(n);
    }
    if let Some(n) = g.by_path(q) {
        return Lookup::Found(n);
    }
    if Path::new(q).is_file() {
        if let Ok(want) = std::fs::canonicalize(q) {
            for n in g.nodes() {
                let same = g.graph[n]
                    .path
                    .as_deref()
                    .and_then(|p| std::fs::canonicalize(p).ok())
                    .is_some_and(|p| p == want);
                if same {
                    return Lookup::Found(n);
                }
            }
        }
    }
    let matches: Vec<NodeIndex> = if let Some(k) = parse_key(q) {
        g.with_key(&k)
    } else if let Ok(num) = q.parse::<u32>() {
        g.nodes()
            .filter(|&n| g.graph[n].key.as_ref().is_some_and(|k| k.number == num))
            .collect()
    } else {
        Vec::new()
    };
    match matches.len() {
        1 => Lookup::Found(matches[0]),
        0 => Lookup::Unknown(closest(g, q)),
        _ => Lookup::Ambiguous(matches),
    }
}

/// A key as a user types it: any spelling [`DocKey::parse`] takes, or its parts separated by
/// spaces instead of `/` and `-` (`1068 CĐ TTg`, `1068/CĐ TTg`, `79 2025 NĐ CP`).
pub fn parse_key(q: &str) -> Option<DocKey> {
    let q = q.trim();
    if let Ok(k) = DocKey::parse(q) {
        return Some(k);
    }
    let words: Vec<&str> = q.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let digits = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    let mut tries = Vec::new();
    if words[0].contains('/') {
        // `1068/CĐ TTg`: the number is written; the symbol's parts are spaced.
        tries.push(words.join("-"));
    } else if digits(words[0]) {
        if words.len() > 2 && digits(words[1]) && words[1].len() == 4 {
            // `79 2025 NĐ CP`: number, year, symbol.
            tries.push(format!(
                "{}/{}/{}",
                words[0],
                words[1],
                words[2..].join("-")
            ));
        }
        tries.push(format!("{}/{}", words[0], words[1..].join("-")));
    }
    tries.iter().find_map(|t| DocKey::parse(t).ok())
}

fn closest(g: &CitationGraph, q: &str) -> Vec<String> {
    let q = crate::normalize::fold_ascii(q);
    let mut scored: Vec<(usize, String)> = g
        .nodes()
        .map(|n| {
            let label = g.graph[n].label();
            (
                strsim::levenshtein(&q, &crate::normalize::fold_ascii(&label)),
                g.graph[n].id.clone(),
            )
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, id)| id).collect()
}

/// Which edges a walk may follow.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Relations to follow; empty means all.
    pub relations: Vec<Relation>,
    /// Deepest level to reach; none means no limit.
    pub depth: Option<usize>,
}

impl Filter {
    fn admits(&self, r: Relation) -> bool {
        self.relations.is_empty() || self.relations.contains(&r)
    }
}

/// Deepest level a tree shows unless `--depth` says otherwise: a tree's lines are indented by
/// their depth, so an uncapped tree of a long chain grows with the square of its length.
pub const TREE_DEPTH: usize = 50;

/// One line of a tree walk (`cargo tree` style).
#[derive(Debug, Clone)]
pub struct TreeLine {
    /// The document.
    pub node: NodeIndex,
    /// Depth below the root (root is 0).
    pub depth: usize,
    /// The relation that leads here from the parent line.
    pub relation: Option<Relation>,
    /// The parent line's document.
    pub parent: Option<NodeIndex>,
    /// Already expanded above: not expanded again.
    pub repeated: bool,
    /// True when this is the last child of its parent (for drawing).
    pub last: bool,
    /// At the depth limit, with documents below it that the tree does not show.
    pub more: bool,
}

/// A tree walk and how many documents it reaches but does not show.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// The lines, depth first, the root first.
    pub lines: Vec<TreeLine>,
    /// Documents reachable from the root (under the filter's relations) that no line shows
    /// because they lie below the depth limit.
    pub left_out: usize,
    /// True when the lines stopped at [`TreeOptions::max_lines`].
    pub truncated: bool,
}

/// How a tree treats a document met again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeOptions {
    /// Expand each document once and mark it `(*)` where it is met again (`cargo tree`'s
    /// default); when false, expand it wherever it is met, but never inside itself (a cycle).
    pub dedupe: bool,
    /// Lines at most: without deduplication a tree of shared documents can grow with the
    /// number of paths, not of documents.
    pub max_lines: usize,
}

impl Default for TreeOptions {
    fn default() -> Self {
        TreeOptions {
            dedupe: true,
            max_lines: usize::MAX,
        }
    }
}

/// Depth-first tree from `root` down to `f.depth`, a document already expanded marked as
/// repeated (never loops). Each document is expanded once, so the lines are at most the
/// edges followed; the walk keeps its own stack, so a chain of any length fits.
pub fn tree(g: &CitationGraph, root: NodeIndex, dir: Direction, f: &Filter) -> Tree {
    tree_with(g, root, dir, f, TreeOptions::default())
}

/// [`tree`] with a choice of deduplication and a cap on its lines; a tree cut by the cap says
/// so in [`Tree::truncated`].
pub fn tree_with(
    g: &CitationGraph,
    root: NodeIndex,
    dir: Direction,
    f: &Filter,
    opt: TreeOptions,
) -> Tree {
    let within = |d: usize| f.depth.is_none_or(|max| d < max);
    let mut lines = vec![TreeLine {
        node: root,
        depth: 0,
        relation: None,
        parent: None,
        repeated: false,
        last: true,
        more: !within(0) && !children(g, root, dir, f).is_empty(),
    }];
    let mut expanded = HashSet::from([root]);
    // The documents on the path from the root to the line being written: without
    // deduplication, a document is not expanded inside itself.
    let mut on_path: HashSet<NodeIndex> = HashSet::from([root]);
    let mut truncated = false;
    struct Frame {
        node: NodeIndex,
        depth: usize,
        kids: Vec<(NodeIndex, Relation)>,
        next: usize,
    }
    let mut stack = Vec::new();
    if within(0) {
        stack.push(Frame {
            node: root,
            depth: 0,
            kids: children(g, root, dir, f),
            next: 0,
        });
    }
    while let Some(top) = stack.last_mut() {
        if top.next >= top.kids.len() {
            on_path.remove(&top.node);
            stack.pop();
            continue;
        }
        if lines.len() >= opt.max_lines {
            truncated = true;
            break;
        }
        let (child, rel) = top.kids[top.next];
        top.next += 1;
        let last = top.next == top.kids.len();
        let (parent, depth) = (top.node, top.depth + 1);
        let repeated = if opt.dedupe {
            expanded.contains(&child)
        } else {
            on_path.contains(&child)
        };
        // A document at the limit is shown but not expanded, nor counted as expanded: met
        // again higher up, it is expanded there.
        let expand = !repeated && within(depth);
        let kids = if expand {
            expanded.insert(child);
            children(g, child, dir, f)
        } else {
            Vec::new()
        };
        lines.push(TreeLine {
            node: child,
            depth,
            relation: Some(rel),
            parent: Some(parent),
            repeated,
            last,
            more: !repeated && !expand && !children(g, child, dir, f).is_empty(),
        });
        if expand {
            on_path.insert(child);
            stack.push(Frame {
                node: child,
                depth,
                kids,
                next: 0,
            });
        }
    }
    let left_out = if f.depth.is_some() {
        let all = Filter {
            relations: f.relations.clone(),
            depth: None,
        };
        let shown: HashSet<NodeIndex> = lines.iter().map(|l| l.node).collect();
        reach(g, root, dir, &all)
            .iter()
            .filter(|(n, _)| !shown.contains(n))
            .count()
    } else {
        0
    };
    Tree {
        lines,
        left_out,
        truncated,
    }
}

fn children(
    g: &CitationGraph,
    n: NodeIndex,
    dir: Direction,
    f: &Filter,
) -> Vec<(NodeIndex, Relation)> {
    g.neighbours(n, dir)
        .into_iter()
        .filter(|(_, e)| f.admits(e.relation))
        .map(|(m, e)| (m, e.relation))
        .collect()
}

/// Every document reachable from `root` (not the root), with its least depth, nearest first.
pub fn reach(
    g: &CitationGraph,
    root: NodeIndex,
    dir: Direction,
    f: &Filter,
) -> Vec<(NodeIndex, usize)> {
    let mut depth: HashMap<NodeIndex, usize> = HashMap::from([(root, 0)]);
    let mut queue = VecDeque::from([root]);
    let mut order = Vec::new();
    while let Some(n) = queue.pop_front() {
        let d = depth[&n];
        if f.depth.is_some_and(|max| d >= max) {
            continue;
        }
        for (m, _) in children(g, n, dir, f) {
            if let std::collections::hash_map::Entry::Vacant(e) = depth.entry(m) {
                e.insert(d + 1);
                order.push((m, d + 1));
                queue.push_back(m);
            }
        }
    }
    order
}

/// One step of a chain: a document and the edge that leads on to the next one.
pub type Chain = Vec<NodeIndex>;

/// The shortest chains between two documents, and how many more of that length there are.
#[derive(Debug, Default)]
pub struct Chains {
    /// Chains from `a` to `b`, shortest first: down (b implements … a) before up at one length.
    pub chains: Vec<Chain>,
    /// Shortest chains not listed, over the `max_paths` asked for (saturating).
    pub left_out: u64,
}

/// The shortest chains from `a` down to `b` (b implements … a) and up, of at most `max_len`
/// hops, by a breadth-first search from `a`: each document is visited once, so a chain of a
/// million documents or a star of a million is searched in linear time; of many chains of the
/// same length, the first `max_paths` are listed and the rest counted.
pub fn paths(
    g: &CitationGraph,
    a: NodeIndex,
    b: NodeIndex,
    max_len: usize,
    max_paths: usize,
) -> Chains {
    let mut out = Chains::default();
    if a == b {
        return out;
    }
    for dir in [Direction::Incoming, Direction::Outgoing] {
        // Distance from `a`, each node's predecessors on shortest chains, and how many
        // shortest chains reach it.
        let mut dist: HashMap<NodeIndex, usize> = HashMap::from([(a, 0)]);
        let mut preds: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
        let mut count: HashMap<NodeIndex, u64> = HashMap::from([(a, 1)]);
        let mut queue = VecDeque::from([a]);
        while let Some(u) = queue.pop_front() {
            let du = dist[&u];
            // Nothing beyond `b`'s own distance can be on a shortest chain to it.
            if du >= max_len || dist.get(&b).is_some_and(|&db| du >= db) {
                continue;
            }
            let cu = count[&u];
            let mut next: Vec<NodeIndex> =
                g.neighbours(u, dir).into_iter().map(|(m, _)| m).collect();
            next.sort_unstable();
            next.dedup();
            for m in next {
                match dist.get(&m) {
                    None => {
                        dist.insert(m, du + 1);
                        preds.insert(m, vec![u]);
                        count.insert(m, cu);
                        queue.push_back(m);
                    }
                    Some(&dm) if dm == du + 1 => {
                        preds.entry(m).or_default().push(u);
                        let c = count.entry(m).or_insert(0);
                        *c = c.saturating_add(cu);
                    }
                    Some(_) => {}
                }
            }
        }
        let Some(&total) = count.get(&b).filter(|_| dist.contains_key(&b)) else {
            continue;
        };
        // Walk the predecessors back from `b`, without recursion: each stack entry is a
        // node and which of its predecessors to try next.
        let room = max_paths.saturating_sub(out.chains.len());
        let mut listed = 0u64;
        let mut stack: Vec<(NodeIndex, usize)> = vec![(b, 0)];
        while let Some(&mut (n, ref mut next)) = stack.last_mut() {
            if listed as usize >= room {
                break;
            }
            if n == a {
                let mut chain: Chain = stack.iter().map(|&(m, _)| m).collect();
                chain.reverse();
                out.chains.push(chain);
                listed += 1;
                stack.pop();
                continue;
            }
            let ps = preds.get(&n).map_or(&[][..], Vec::as_slice);
            if *next < ps.len() {
                let p = ps[*next];
                *next += 1;
                stack.push((p, 0));
            } else {
                stack.pop();
            }
        }
        out.left_out = out.left_out.saturating_add(total.saturating_sub(listed));
    }
    // Shortest first, down before up at one length (the sort is stable).
    out.chains.sort_by_key(Vec::len);
    out
}

/// Edges between two consecutive documents of a chain, in either direction.
pub fn edges_between(g: &CitationGraph, a: NodeIndex, b: NodeIndex) -> Vec<&Edge> {
    let mut v: Vec<&Edge> = g
        .graph
        .edges_connecting(a, b)
        .chain(g.graph.edges_connecting(b, a))
        .map(|e| e.weight())
        .collect();
    v.sort_by_key(|e| e.relation);
    v
}

/// Days from the cited document to the citing one: `(least, most)`, a range when a date lacks its day.
pub fn delay(cited: Option<PartialDate>, citing: Option<PartialDate>) -> Option<(i64, i64)> {
    let (a, b) = (cited?, citing?);
    let lo = (b.first_day() - a.last_day()).max(if a.is_exact() && b.is_exact() {
        i64::MIN
    } else {
        0
    });
    let hi = b.last_day() - a.first_day();
    Some((lo.min(hi), hi))
}

/// `+1 d`, or `+0–30 d` when a date is only known to the month.
pub fn format_delay(d: Option<(i64, i64)>) -> String {
    match d {
        Some((a, b)) if a == b => format!("{a:+} d"),
        Some((a, b)) => format!("{a:+}–{b} d"),
        None => String::new(),
    }
}

/// A delay seen from the citing document's side: how long before it the cited one was issued
/// (`-3 d`, or `-0–30 d` when a date is only known to the month). A cited document issued
/// after its citer shows as `+N d`.
pub fn format_delay_before(d: Option<(i64, i64)>) -> String {
    match d {
        Some((a, b)) if a == b => format!("{:+} d", -a),
        Some((a, b)) => format!("-{a}–{b} d"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<PartialDate> {
        PartialDate::parse_iso(s)
    }

    #[test]
    fn a_key_typed_with_spaces_is_read_as_its_parts() {
        let k = |s: &str| parse_key(s).map(|k| k.to_string());
        assert_eq!(k("1068 CĐ TTg").as_deref(), Some("1068/CĐ-TTg"));
        assert_eq!(k("1068 cd ttg").as_deref(), Some("1068/CĐ-TTg"));
        assert_eq!(k("1068/CĐ TTg").as_deref(), Some("1068/CĐ-TTg"));
        assert_eq!(k("  4924 UBND VXNV ").as_deref(), Some("4924/UBND-VXNV"));
        assert_eq!(k("79 2025 NĐ CP").as_deref(), Some("79/2025/NĐ-CP"));
        assert_eq!(k("1068/CĐ-TTg").as_deref(), Some("1068/CĐ-TTg"));
        assert_eq!(k("hello world"), None);
        assert_eq!(k("1068"), None);
    }

    #[test]
    fn delays_are_exact_or_ranges_never_invented() {
        assert_eq!(delay(d("2021-08-05"), d("2021-08-06")), Some((1, 1)));
        assert_eq!(delay(d("2021-08-06"), d("2021-08")), Some((0, 25)));
        assert_eq!(
            format_delay(delay(d("2021-07-31"), d("2021-08-03"))),
            "+3 d"
        );
        assert_eq!(
            format_delay(delay(d("2021-08-06"), d("2021-08"))),
            "+0–25 d"
        );
        assert_eq!(delay(None, d("2021-08")), None);
        // Seen from the citer, the cited document came first.
        assert_eq!(
            format_delay_before(delay(d("2021-02-26"), d("2021-08"))),
            "-156–186 d"
        );
        assert_eq!(
            format_delay_before(delay(d("2021-07-31"), d("2021-08-03"))),
            "-3 d"
        );
        assert_eq!(format_delay_before(None), "");
    }
}
