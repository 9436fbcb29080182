//! `cargo run --release --example score [-- --misses] [GOLD_DIR [CORPUS_DIR]]`: scores vncite
//! on the hand-keyed gold of real documents (default `tests/gold` and `../shared/dev-corpus`)
//! and prints identity accuracy per field (for all documents, the clean and the damaged copies), reference precision and recall, relation accuracy;
//! `--misses` lists every miss after the table.

mod gold;

use std::path::PathBuf;

fn main() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    args.retain(|a| a != "--misses");
    let dir = PathBuf::from(args.first().map_or("tests/gold", String::as_str));
    let corpus = PathBuf::from(args.get(1).map_or("../shared/dev-corpus", String::as_str));
    if !corpus.is_dir() {
        return Err(format!("no corpus at {}", corpus.display()));
    }
    let (ids, refs) = gold::load(&dir)?;
    let s = gold::score_by_copy(&corpus, &ids, &refs);
    println!(
        "{} gold identities, {} documents with gold references ({} pairs)",
        ids.len(),
        refs.len(),
        refs.iter().map(|r| r.pairs.len()).sum::<usize>()
    );
    print!("{}", gold::table(&s));
    if misses {
        for m in &s.all.misses {
            println!("{m}");
        }
    }
    Ok(())
}
