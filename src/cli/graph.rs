//! `vncite graph`: the diagram (DOT, SVG, PNG, PDF), the explorer (HTML) or the graph for
//! other tools (JSON, GEXF, GraphML, node-link JSON, CSV).

use crate::cli::args::{Cluster, Collapse, GraphArgs, GraphFormat, LayoutBy};
use crate::cli::out::{
    check_output_file, check_parent, emit, info, say_ambiguous, spinner, warn, write_output,
};
use crate::cli::source::{find, index_find, Source};
use crate::cli::UsageError;
use anyhow::{bail, Context, Result};
use petgraph::graph::NodeIndex;
use petgraph::Direction;
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use vncite::graph::CitationGraph;
use vncite::index::Evidence;
use vncite::{present, render, Corpus};

/// Steps up and down from `--root` when `--depth` is not given.
const ROOT_DEPTH: usize = 2;
/// More documents than this are drawn as an overview unless `--collapse` says otherwise: past
/// it a drawing of documents one by one is wider than a few screens and its words too small
/// to read when it fits one.
pub const OVERVIEW_ABOVE: usize = 300;
/// More documents than this are not drawn one by one without `--force`: the drawing would be
/// tens of megabytes, past what Graphviz paints as PNG (32,767 pixels a side).
pub const DRAW_AT_MOST: usize = 10_000;

/// The format asked for: `--format`, else the output's extension, else DOT. An extension it
/// cannot tell is refused.
fn format_of(format: Option<GraphFormat>, out: Option<&Path>) -> Result<GraphFormat> {
    if let Some(f) = format {
        return Ok(f);
    }
    // networkx's node-link JSON is told from vncite's own JSON by its name.
    let node_link = out.and_then(|p| p.file_name()).is_some_and(|n| {
        n.to_string_lossy()
            .to_lowercase()
            .ends_with(".node-link.json")
    });
    if node_link {
        return Ok(GraphFormat::NodeLink);
    }
    let ext = out
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_lowercase());
    Ok(match ext.as_deref() {
        None => GraphFormat::Dot,
        Some("svg") => GraphFormat::Svg,
        Some("png") => GraphFormat::Png,
        Some("pdf") => GraphFormat::Pdf,
        Some("json") => GraphFormat::Json,
        Some("dot" | "gv") => GraphFormat::Dot,
        Some("gexf") => GraphFormat::Gexf,
        Some("graphml") => GraphFormat::Graphml,
        Some("csv") => GraphFormat::Csv,
        Some("html" | "htm") => GraphFormat::Html,
        Some(other) => bail!(UsageError(format!(
            "cannot tell the format from `.{other}`: use --format dot|svg|png|pdf|json|gexf|graphml|node-link|csv|html"
        ))),
    })
}

/// Refuses, before the corpus is read, what cannot be written: binary on a terminal, CSV
/// without a place, an output in a folder that does not exist.
fn check(format: GraphFormat, out: Option<&Path>) -> Result<()> {
    match (format, out) {
        (GraphFormat::Png | GraphFormat::Pdf, None) if std::io::stdout().is_terminal() => {
            bail!(UsageError(
                "PNG and PDF are binary and stdout is a terminal: give -o FILE, or redirect stdout to a file".into()
            ))
        }
        (GraphFormat::Csv, None) => bail!(UsageError(
            "csv writes three files (nodes, edges, mentions): give -o FOLDER/ or -o PREFIX".into()
        )),
        // A folder (`-o tables/`, made when missing) or a prefix: its folder must be there.
        (GraphFormat::Csv, Some(o)) => check_parent(o),
        (_, Some(o)) => check_output_file(o),
        (_, None) => Ok(()),
    }
}

/// Runs `vncite graph`.
pub fn run(req: &GraphArgs) -> Result<ExitCode> {
    let format = format_of(req.format, req.output.as_deref())?;
    check(format, req.output.as_deref())?;
    let depth = req.depth.unwrap_or(ROOT_DEPTH);
    let loaded = load(req, depth)?;
    let empty = Corpus::default();
    let inputs = loaded.src.corpus().unwrap_or(&empty);
    if let GraphFormat::Csv = format {
        write_csv(req, &loaded, inputs)?;
        return Ok(loaded.status(req));
    }
    warn_ignored(req, format);
    let bytes = make(req, format, &loaded, depth)?;
    match req.output.as_deref() {
        Some(p) => write_output(p, &bytes, inputs)?,
        None => emit(|w| w.write_all(&bytes))?,
    }
    Ok(loaded.status(req))
}

/// The graph to write, and where it came from.
struct Loaded {
    g: CitationGraph,
    /// Where it came from.
    src: Source,
    /// The documents around `--root` (none: all); from an index the walk is the graph.
    keep: Option<BTreeSet<NodeIndex>>,
    /// `--root`'s document, drawn centred.
    root: Option<NodeIndex>,
}

impl Loaded {
    /// The exit status: from the files read (skipped ones under `--strict`), else success.
    fn status(&self, req: &GraphArgs) -> ExitCode {
        self.src.status(&req.input.files)
    }
}

/// The graph from the index, or from the files read; around `--root` when given.
fn load(req: &GraphArgs, depth: usize) -> Result<Loaded> {
    let src = Source::open(&req.input)?;
    let both = [Direction::Incoming, Direction::Outgoing];
    let g = src.graph(|idx| match req.root.as_deref() {
        Some(k) => Ok(idx.walk(index_find(idx, k)?, &both, &[], Some(depth), Evidence::With)?),
        None => Ok(idx.whole_graph()?),
    })?;
    if let Source::Files(_) = src {
        say_ambiguous(vncite::graph::ambiguous_mentions(&g.anomalies));
    }
    let (keep, root) = match (&src, req.root.as_deref()) {
        (Source::Files(_), Some(k)) => {
            let r = find(&g, k)?;
            (Some(render::ego(&g, r, depth)), Some(r))
        }
        // From an index the walk is the graph; its root is found again by its key to be
        // drawn centred.
        (Source::Index(_), Some(k)) => (None, find(&g, k).ok()),
        (_, None) => (None, None),
    };
    Ok(Loaded { g, src, keep, root })
}

/// The three CSV tables into `-o`: a folder (made when missing) or a prefix.
fn write_csv(req: &GraphArgs, loaded: &Loaded, inputs: &Corpus) -> Result<()> {
    let out: PathBuf = req
        .output
        .as_deref()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    // `-o tables/` is the folder itself: made when missing, as a file would be.
    if vncite::interchange::names_folder(&out) && !out.is_dir() {
        std::fs::create_dir(&out).with_context(|| format!("creating {}", out.display()))?;
    }
    let tables = vncite::interchange::write_csv_tables(&loaded.g, loaded.keep.as_ref())?;
    for (path, bytes) in vncite::interchange::csv_paths(&out, &tables) {
        write_output(&path, &bytes, inputs)?;
    }
    Ok(())
}

/// Says which options the format makes no use of.
fn warn_ignored(req: &GraphArgs, format: GraphFormat) {
    let drawing = matches!(
        format,
        GraphFormat::Dot | GraphFormat::Svg | GraphFormat::Png | GraphFormat::Pdf
    );
    if !drawing && req.collapse.is_some() {
        warn("--collapse applies to diagrams (dot, svg, png, pdf); the whole graph is written");
    }
    if matches!(format, GraphFormat::Html) && (req.timeline || req.force) {
        warn("--timeline and --force apply to diagrams; the explorer lays out every document by level and date");
    }
}

/// The bytes of the graph in `format` (any but CSV).
fn make(req: &GraphArgs, format: GraphFormat, loaded: &Loaded, depth: usize) -> Result<Vec<u8>> {
    let (g, keep) = (&loaded.g, loaded.keep.as_ref());
    let mut buf = Vec::new();
    match format {
        GraphFormat::Json => present::write_graph_json(g, keep, &mut buf)?,
        GraphFormat::Gexf => vncite::interchange::write_gexf(g, keep, &mut buf)?,
        GraphFormat::Graphml => vncite::interchange::write_graphml(g, keep, &mut buf)?,
        GraphFormat::NodeLink => vncite::interchange::write_node_link(g, keep, &mut buf)?,
        GraphFormat::Html => {
            let drawn = keep.map_or(g.graph.node_count(), |k| k.len());
            let title = match req.root.as_deref() {
                Some(r) => format!("around {r}, {depth} step(s): {drawn} documents"),
                None => format!("{drawn} documents"),
            };
            vncite::explorer::write_explorer(g, keep, loaded.root, &title, &mut buf)?;
        }
        f => return diagram(req, f, loaded),
    }
    Ok(buf)
}

/// The diagram (DOT, SVG, PNG, PDF), with a spinner while Graphviz draws and its notes said.
fn diagram(req: &GraphArgs, format: GraphFormat, loaded: &Loaded) -> Result<Vec<u8>> {
    let (g, keep) = (&loaded.g, loaded.keep.as_ref());
    let rf = match format {
        GraphFormat::Svg => render::Format::Svg,
        GraphFormat::Png => render::Format::Png,
        GraphFormat::Pdf => render::Format::Pdf,
        _ => render::Format::Dot,
    };
    let mut opt = render_options(req, loaded.root);
    let drawn = keep.map_or(g.graph.node_count(), |k| k.len());
    opt.collapse = collapse(req, g, keep, &opt, drawn, rf)?;
    // Graphviz's time cannot be counted: a spinner says it is at work.
    let graphviz = rf != render::Format::Dot
        && (rf != render::Format::Svg || opt.layout == render::Layout::Graphviz);
    let bar = if graphviz {
        spinner("Graphviz is drawing")
    } else {
        None
    };
    let made = render::render(g, keep, &opt, rf, Duration::from_secs(req.timeout));
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let made = made?;
    for n in &made.notes {
        warn(n);
    }
    Ok(made.bytes)
}

/// The drawing options the request asks for, every document drawn until [`collapse`] says.
fn render_options(req: &GraphArgs, root: Option<NodeIndex>) -> render::Options {
    render::Options {
        timeline: req.timeline,
        cluster_by: match req.cluster_by {
            Cluster::Level => render::ClusterBy::Level,
            Cluster::Issuer => render::ClusterBy::Issuer,
            Cluster::None => render::ClusterBy::None,
        },
        title: req.root.as_deref().map(|r| format!("Around {r}")),
        root,
        collapse: render::Collapse::None,
        layout: match req.layout {
            LayoutBy::Builtin => render::Layout::Builtin,
            LayoutBy::Dot => render::Layout::Graphviz,
        },
    }
}

/// The grouping a diagram is drawn with: `--collapse` when given, else an overview by level
/// and province past [`OVERVIEW_ABOVE`] documents, said on stderr. Every document of a big
/// graph is drawn only after saying how big the drawing is and what else to try, and past
/// [`DRAW_AT_MOST`] only with `--force`.
fn collapse(
    req: &GraphArgs,
    g: &CitationGraph,
    keep: Option<&BTreeSet<NodeIndex>>,
    opt: &render::Options,
    drawn: usize,
    format: render::Format,
) -> Result<render::Collapse> {
    let citations = match keep {
        Some(k) => g
            .graph
            .edge_indices()
            .filter(|&e| {
                g.graph
                    .edge_endpoints(e)
                    .is_some_and(|(a, b)| k.contains(&a) && k.contains(&b))
            })
            .count(),
        None => g.graph.edge_count(),
    };
    let instead = "--collapse province|level|issuer draws counted groups, --root KEY --depth 1 one directive's neighbourhood";
    match req.collapse {
        Some(Collapse::Level) => Ok(render::Collapse::Level),
        Some(Collapse::Province) => Ok(render::Collapse::Province),
        Some(Collapse::Issuer) => Ok(render::Collapse::Issuer),
        None if drawn > OVERVIEW_ABOVE => {
            info(&format!(
                "{drawn} documents are too many to draw one by one (over {OVERVIEW_ABOVE}): drawing an overview by level and province; --collapse level|issuer for others, --collapse none for every document"
            ));
            Ok(render::Collapse::Province)
        }
        None => Ok(render::Collapse::None),
        Some(Collapse::None)
            if drawn > DRAW_AT_MOST && !req.force && format != render::Format::Dot =>
        {
            bail!(UsageError(format!(
                "drawing {drawn} documents and {citations} citations one by one would take a drawing tens of thousands of points a side, unreadable and past what Graphviz paints; {instead}, or --force draws them all"
            )))
        }
        Some(Collapse::None) if drawn > OVERVIEW_ABOVE => {
            let size = if format == render::Format::Dot {
                String::new()
            } else {
                let (w, h) = render::drawing_size(g, keep, opt);
                format!(", a drawing of {w:.0} × {h:.0} pt")
            };
            info(&format!(
                "drawing {drawn} documents and {citations} citations one by one{size}; {instead}"
            ));
            Ok(render::Collapse::None)
        }
        Some(Collapse::None) => Ok(render::Collapse::None),
    }
}
