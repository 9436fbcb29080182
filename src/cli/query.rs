//! The queries: `descendants`, `ancestors`, `path` and `show`, from files or an index.

use crate::cli::args::{Charset, PathArgs, QueryFormat, ShowArgs, TextFormat, WalkArgs};
use crate::cli::out::{emit, emit_text, warn};
use crate::cli::source::{find, index_find, Source};
use anyhow::Result;
use petgraph::Direction;
use std::collections::HashSet;
use std::process::ExitCode;
use vncite::index::Evidence;
use vncite::present;
use vncite::query::{self, Filter, TreeOptions};

/// Lines a tree without deduplication shows at most: shared documents repeat down every path
/// that reaches them, which can be many more than the documents.
const NO_DEDUPE_LINES: usize = 200_000;

/// `descendants` (`Incoming`: the documents whose citations come in) or `ancestors`
/// (`Outgoing`) of KEY.
pub fn walk(args: &WalkArgs, dir: Direction) -> Result<ExitCode> {
    let (key, input, walk) = (args.key.as_str(), &args.input, &args.walk);
    let relations = walk.relation.clone();
    let tree_depth = match walk.format {
        QueryFormat::Tree => Some(walk.depth.unwrap_or(query::TREE_DEPTH)),
        _ => None,
    };
    // From an index, a tree loads one level past its depth (to mark what lies below) and
    // counts the rest from the edges alone.
    let mut reached_in_index = None;
    let src = Source::open_documents(input)?;
    let g = src.graph(|idx| {
        let row = index_find(idx, key)?;
        let load = match tree_depth {
            Some(d) => {
                reached_in_index = Some(idx.reach_count(row, dir, &relations)?);
                Some(d.saturating_add(1))
            }
            None => walk.depth,
        };
        // Only JSON prints the mentions behind the edges.
        let evidence = match walk.format {
            QueryFormat::Json => Evidence::With,
            QueryFormat::Tree | QueryFormat::List | QueryFormat::Csv => Evidence::Without,
        };
        Ok(idx.walk(row, &[dir], &relations, load, evidence)?)
    })?;
    let root = find(&g, key)?;
    let f = Filter {
        relations,
        depth: walk.depth,
    };
    match walk.format {
        QueryFormat::Tree => {
            let depth = walk.depth.unwrap_or(query::TREE_DEPTH);
            let opt = TreeOptions {
                dedupe: !walk.no_dedupe,
                max_lines: if walk.no_dedupe {
                    NO_DEDUPE_LINES
                } else {
                    usize::MAX
                },
            };
            let f = Filter {
                depth: Some(depth),
                ..f
            };
            let t = query::tree_with(&g, root, dir, &f, opt);
            let charset = match walk.charset {
                Charset::Utf8 => present::Charset::Utf8,
                Charset::Ascii => present::Charset::Ascii,
            };
            emit_text(|w| present::write_tree_with(&g, &t.lines, charset, w))?;
            if t.truncated {
                warn(&format!(
                    "the tree stopped after {NO_DEDUPE_LINES} lines: without deduplication shared documents repeat down every path; give --depth N, or leave out --no-dedupe"
                ));
            }
            let left_out = match reached_in_index {
                Some(all) => {
                    let shown: HashSet<_> = t
                        .lines
                        .iter()
                        .map(|l| l.node)
                        .filter(|&n| n != root)
                        .collect();
                    all.saturating_sub(shown.len())
                }
                None => t.left_out,
            };
            if left_out > 0 && !t.truncated {
                warn(&format!(
                    "{left_out} more document(s) below depth {depth} not shown (marked (…)); use --depth N to see deeper, or --format list"
                ));
            }
            Ok(())
        }
        QueryFormat::List => {
            emit_text(|w| present::write_list(&g, &query::reach(&g, root, dir, &f), w))
        }
        QueryFormat::Json => {
            emit(|w| present::write_reach_json(&g, root, &query::reach(&g, root, dir, &f), w))
        }
        QueryFormat::Csv => {
            emit(|w| present::write_csv(&g, root, &query::reach(&g, root, dir, &f), dir, w))
        }
    }?;
    Ok(src.status(&input.files))
}

/// `path FROM TO`: the shortest chains between two documents.
pub fn path(args: &PathArgs) -> Result<ExitCode> {
    let (from, to, input) = (args.from.as_str(), args.to.as_str(), &args.input);
    let (max_hops, max_paths) = (args.max_hops, args.max_paths);
    let no_chain = || {
        warn(&format!(
            "no chain of citations joins {from} and {to} within {max_hops} hops"
        ));
        Ok(ExitCode::from(1))
    };
    let mut joined = true;
    let src = Source::open_documents(input)?;
    let g = src.graph(|idx| {
        let a = index_find(idx, from)?;
        let b = index_find(idx, to)?;
        let g = idx.walk(
            a,
            &[Direction::Incoming, Direction::Outgoing],
            &[],
            Some(max_hops),
            Evidence::Without,
        )?;
        joined = g.by_id(&idx.node_id(b)?).is_some();
        Ok(g)
    })?;
    if !joined {
        return no_chain();
    }
    let a = find(&g, from)?;
    let b = find(&g, to)?;
    let found = query::paths(&g, a, b, max_hops, max_paths);
    if found.chains.is_empty() {
        return no_chain();
    }
    match args.format {
        TextFormat::Text => emit_text(|w| present::write_paths(&g, &found.chains, w))?,
        TextFormat::Json => emit(|w| present::write_paths_json(&g, a, b, &found, w))?,
    }
    if found.left_out > 0 {
        warn(&format!(
            "{} more chain(s) of the same length not shown; raise --max-paths to see them",
            found.left_out
        ));
    }
    Ok(src.status(&input.files))
}

/// `show KEY`: one document's card.
pub fn show(args: &ShowArgs) -> Result<ExitCode> {
    let (key, input, format) = (args.key.as_str(), &args.input, args.format);
    let src = Source::open_documents(input)?;
    let g = src.graph(|idx| {
        let row = index_find(idx, key)?;
        Ok(idx.walk(
            row,
            &[Direction::Incoming, Direction::Outgoing],
            &[],
            Some(1),
            Evidence::With,
        )?)
    })?;
    let n = find(&g, key)?;
    match format {
        TextFormat::Text => emit_text(|w| present::write_card(&g, n, w))?,
        TextFormat::Json => emit(|w| present::write_card_json(&g, n, w))?,
    }
    Ok(src.status(&input.files))
}
