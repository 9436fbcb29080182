//! Writes a synthetic corpus with a known graph, and scores vncite's graph against it.
//!
//! ```sh
//! cargo run --release --example gencorpus -- --docs 100000 --seed 1 --out /tmp/corpus
//! cargo run --release --example gencorpus -- --eval /tmp/corpus            # in memory
//! cargo run --release --example gencorpus -- --eval /tmp/corpus --index /tmp/corpus.db
//! cargo run --release --example gencorpus -- --web 40 --seed 1 --out /tmp/web   # 40 MB of web pages
//! ```

mod generator;
mod webmix;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    if let Some(mb) = get("--web") {
        let out = PathBuf::from(get("--out").unwrap_or_else(|| "web".into()));
        let seed = get("--seed").and_then(|v| v.parse().ok()).unwrap_or(1);
        return match mb
            .parse()
            .map_err(|e| format!("--web {mb}: {e}"))
            .and_then(|mb| webmix::write(mb, seed, &out).map_err(|e| e.to_string()))
        {
            Ok((files, bytes)) => {
                println!(
                    "{files} web pages, {bytes} bytes, in {}",
                    out.join("web").display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("gencorpus: {e}");
                ExitCode::from(2)
            }
        };
    }
    if let Some(dir) = get("--eval") {
        let dir = PathBuf::from(dir);
        let graph = match get("--index") {
            Some(db) => match vncite::index::Index::open(std::path::Path::new(&db))
                .and_then(|i| i.whole_graph())
            {
                Ok(g) => g,
                Err(e) => {
                    eprintln!("gencorpus: {e}");
                    return ExitCode::from(2);
                }
            },
            None => {
                vncite::graph::CitationGraph::build(&vncite::extract_paths(&[dir.join("docs")]))
            }
        };
        match generator::evaluate(&dir, &graph) {
            Ok(s) => {
                println!(
                    "edges: precision {:.4} recall {:.4} (true {}, false {}: {} wrong document, {} wrong relation, {} untellable; missed {}; ambiguous set aside {}; laws by name not scored {})",
                    s.precision(),
                    s.recall(),
                    s.true_positives,
                    s.false_positives,
                    s.false_positives - s.wrong_relation - s.untellable,
                    s.wrong_relation,
                    s.untellable,
                    s.false_negatives,
                    s.ambiguous,
                    s.by_name
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("gencorpus: {e}");
                ExitCode::from(2)
            }
        }
    } else {
        let cfg = generator::Config {
            docs: get("--docs").and_then(|v| v.parse().ok()).unwrap_or(1000),
            seed: get("--seed").and_then(|v| v.parse().ok()).unwrap_or(1),
        };
        let out = PathBuf::from(get("--out").unwrap_or_else(|| "corpus".into()));
        let g = generator::plan(cfg);
        if let Err(e) = std::fs::create_dir_all(&out).and_then(|_| generator::write(&g, cfg, &out))
        {
            eprintln!("gencorpus: {e}");
            return ExitCode::from(2);
        }
        let written = g.docs.iter().filter(|d| d.path.is_some()).count();
        println!(
            "{} documents ({written} written), {} true edges, in {}",
            g.docs.len(),
            g.edges.len(),
            out.display()
        );
        ExitCode::SUCCESS
    }
}
