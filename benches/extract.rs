//! Criterion benchmarks of the hot functions: normalization, header, references, the whole
//! per-document pipeline, JSON lines and key parsing, on the seed documents; and the scan
//! (normalization's clean-run blocks, the finders' candidate search) and parse stages on two
//! web pages from `gencorpus --web` (`benches/pages/`): one without a single reference, as
//! half the bytes of a scraped corpus are, and a headed decision among site chrome.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

fn seeds() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir("data")
        .expect("data/")
        .filter_map(|e| e.ok())
        .map(|e| {
            let p = e.path();
            (
                p.file_name().unwrap_or_default().to_string_lossy()[..3].to_string(),
                std::fs::read_to_string(&p).unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

fn bench(c: &mut Criterion) {
    let docs = seeds();
    let all: String = docs
        .iter()
        .map(|d| d.1.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(all.len() as u64));
    g.bench_function("normalize", |b| {
        b.iter(|| vncite::normalize::normalize(black_box(&all)))
    });
    let norm = vncite::normalize::normalize(&all).text;
    g.bench_function("header", |b| {
        b.iter(|| vncite::extract::header::parse(black_box(&norm)))
    });
    g.bench_function("references", |b| {
        b.iter(|| vncite::extract::refs::find(black_box(&norm), 0, norm.len(), None))
    });
    g.finish();
    let mut g = c.benchmark_group("document");
    for (name, text) in &docs {
        let src = vncite::read::decode("bench.txt", text.as_bytes()).expect("seed decodes");
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("extract_text", name), &src, |b, s| {
            b.iter(|| vncite::extract_text(black_box(s)))
        });
    }
    g.finish();
    // The JSON lines of `extract --format jsonl` (serde_json since issue 21): the number to
    // beat, per seed document, for anyone who would hand-write the writer again.
    let extracted: Vec<vncite::model::Document> = docs
        .iter()
        .filter_map(|(_, text)| vncite::read::decode("bench.txt", text.as_bytes()).ok())
        .flat_map(|s| vncite::extract_text(&s))
        .collect();
    c.bench_function("jsonl line (seeds)", |b| {
        let mut line = Vec::with_capacity(1 << 16);
        b.iter(|| {
            line.clear();
            for d in &extracted {
                let _ = vncite::export::push_jsonl_document(black_box(d), &mut line);
            }
            line.len()
        })
    });
    web_pages(c);
    c.bench_function("DocKey::parse", |b| {
        b.iter(|| vncite::DocKey::parse(black_box("1063/CD- TTg")))
    });
}

/// Scan and parse on a quiet web page and a busy one: normalization (the byte scan that
/// copies clean blocks whole), the header and the references on the normalized text, and
/// the whole file's extraction.
fn web_pages(c: &mut Criterion) {
    for name in ["quiet", "busy"] {
        let path = format!("benches/pages/{name}.md");
        let text = std::fs::read_to_string(&path).expect("benches/pages/");
        let mut g = c.benchmark_group(format!("web page ({name})"));
        g.throughput(Throughput::Bytes(text.len() as u64));
        let syntax = vncite::normalize::Syntax::Markup;
        g.bench_function("scan: normalize", |b| {
            b.iter(|| vncite::normalize::normalize_as(black_box(&text), syntax))
        });
        let norm = vncite::normalize::normalize_as(&text, syntax).text;
        g.bench_function("parse: header", |b| {
            b.iter(|| vncite::extract::header::parse(black_box(&norm)))
        });
        g.bench_function("scan and parse: references", |b| {
            b.iter(|| vncite::extract::refs::find(black_box(&norm), 0, norm.len(), None))
        });
        let src = vncite::read::decode(&path, text.as_bytes()).expect("page decodes");
        g.bench_function("extract_text", |b| {
            b.iter(|| vncite::extract_text(black_box(&src)))
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
