//! The hand-keyed gold of real documents (`tests/gold/`), scored as `cargo run --release
//! --example score` scores it, held to floors at what the extractor reaches. A change that
//! reads real documents worse fails here. Needs `../shared/dev-corpus`; skips without it.

#[path = "../examples/score/gold.rs"]
#[allow(dead_code)]
mod gold;

use std::path::Path;

#[test]
fn real_documents_score_at_least_the_floors() {
    let corpus = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/dev-corpus"));
    if !corpus.is_dir() {
        eprintln!("skipped: no dev corpus at {}", corpus.display());
        return;
    }
    let (ids, refs) = gold::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/gold"
    )))
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        ids.len() >= 100 && refs.len() >= 30,
        "the gold is too small"
    );
    let by = gold::score_by_copy(corpus, &ids, &refs);
    let table = gold::table(&by);
    eprintln!("{table}");
    let (s, clean, damaged) = (&by.all, &by.clean, &by.damaged);
    // (what, measured, floor, higher is better)
    let checks = [
        ("own number", s.number.value(), 0.99, true),
        ("date", s.date.value(), 0.99, true),
        ("kind", s.kind.value(), 0.99, true),
        ("issuer", s.issuer.value(), 0.99, true),
        ("reference precision", s.ref_precision.value(), 0.97, true),
        ("reference recall", s.ref_recall.value(), 0.96, true),
        ("relation of pairs found", s.relation.value(), 0.945, true),
        ("Căn cứ pairs as based_on", s.based_on.value(), 0.96, true),
        ("own number cited", s.own_number_cited.value(), 0.02, false),
        (
            "Căn cứ pairs as amends",
            s.based_on_as_amends.value(),
            0.02,
            false,
        ),
        (
            "clean: reference precision",
            clean.ref_precision.value(),
            0.98,
            true,
        ),
        (
            "clean: reference recall",
            clean.ref_recall.value(),
            0.98,
            true,
        ),
        ("damaged: own number", damaged.number.value(), 0.98, true),
        ("damaged: date", damaged.date.value(), 0.99, true),
        ("damaged: kind", damaged.kind.value(), 0.99, true),
        (
            "damaged: reference precision",
            damaged.ref_precision.value(),
            0.92,
            true,
        ),
        (
            "damaged: reference recall",
            damaged.ref_recall.value(),
            0.93,
            true,
        ),
        (
            "damaged: relation of pairs found",
            damaged.relation.value(),
            0.925,
            true,
        ),
    ];
    let failed: Vec<String> = checks
        .iter()
        .filter(|(_, v, floor, up)| if *up { v < floor } else { v > floor })
        .map(|(what, v, floor, _)| format!("{what}: {v:.3} against {floor}"))
        .collect();
    assert!(failed.is_empty(), "{failed:?}\n{table}");
}
