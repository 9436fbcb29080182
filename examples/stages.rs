//! Time per document of each extraction stage, on files held in memory (no reading, no
//! threads): where the time goes, for work on the extractor's speed.
//!
//! `cargo run --release --example stages -- DIR [N]` reads N files (default all) spread evenly
//! over DIR — the first files of a generated corpus cite less than the rest — then times
//! decoding, normalization, the header, the references, the whole per-document pipeline and
//! JSON writing. Compare runs side by side; the machine is shared.

use std::time::Instant;

fn report(name: &str, t: Instant, n: usize) {
    let us = t.elapsed().as_secs_f64() * 1e6 / n.max(1) as f64;
    println!("{name:16} {us:8.2} µs/document");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: stages DIR [N]");
        std::process::exit(2);
    };
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    let files = vncite::read::collect(&[std::path::PathBuf::from(dir)]).files;
    let step = (files.len() / n.max(1)).max(1);
    let raw: Vec<(String, Vec<u8>)> = files
        .iter()
        .step_by(step)
        .take(n)
        .filter_map(|p| Some((p.to_string_lossy().into_owned(), std::fs::read(p).ok()?)))
        .collect();
    let n = raw.len();
    let bytes: usize = raw.iter().map(|r| r.1.len()).sum();
    println!("{n} documents, {bytes} bytes");

    let t = Instant::now();
    let sources: Vec<_> = raw
        .iter()
        .filter_map(|(p, b)| vncite::read::decode(p, b).ok())
        .collect();
    report("decode", t, n);

    let t = Instant::now();
    let norms: Vec<_> = sources
        .iter()
        .map(|s| vncite::normalize::normalize(&s.text))
        .collect();
    report("normalize", t, n);

    let t = Instant::now();
    let headers: Vec<_> = norms
        .iter()
        .map(|x| vncite::extract::header::parse(&x.text))
        .collect();
    report("header", t, n);

    let t = Instant::now();
    let mut found = 0;
    for (x, h) in norms.iter().zip(&headers) {
        found +=
            vncite::extract::refs::find(&x.text, h.body_start, h.body_end, h.number_span.as_ref())
                .len();
    }
    report("references", t, n);

    let t = Instant::now();
    let docs: Vec<_> = sources.iter().flat_map(vncite::extract_text).collect();
    report("whole document", t, n);

    let t = Instant::now();
    let mut out = Vec::new();
    for d in &docs {
        if let Err(e) = vncite::export::write_jsonl_document(d, &mut out) {
            eprintln!("{e}");
        }
    }
    report("JSON line", t, n);
    println!("{found} references, {} bytes of JSON lines", out.len());
}
