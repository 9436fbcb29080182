//! Property: damaging a text the way real files are damaged never changes the keys found.
//! Damage kinds (docs/conventions.md, Noise): NFD, `Ð`/`ð` look-alikes, `CD`/`QD`/`ND` for `CĐ`/`QĐ`/`NĐ`,
//! line breaks and stray spaces inside references.

use proptest::prelude::*;
use std::fs;
use unicode_normalization::UnicodeNormalization;
use vncite::read::{decode, SourceText};

fn keys_of(text: &str) -> Vec<(String, String)> {
    let src = decode("t.txt", text.as_bytes()).unwrap();
    let docs = vncite::extract_text(&src);
    let mut out: Vec<(String, String)> = docs
        .iter()
        .flat_map(|d| &d.references)
        .map(|r| {
            (
                r.key.as_ref().map(|k| k.to_string()).unwrap_or_default(),
                r.relation.to_string(),
            )
        })
        .collect();
    out.push((
        "own".into(),
        docs.first()
            .and_then(|d| d.number.as_ref())
            .map(|k| k.to_string())
            .unwrap_or_default(),
    ));
    out
}

fn seed_texts() -> Vec<String> {
    let mut paths: Vec<_> = fs::read_dir("data")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut texts: Vec<String> = paths
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    texts.push(
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ; Quyết định số 270/QĐ-TTg ngày 01/3/2021 \
         của Thủ tướng Chính phủ; Thực hiện các Công điện số 217/CĐ-TTg, 218/CĐ-TTg và 222/CĐ-TTg; \
         theo Nghị quyết số 27/NQ-TW và Kế hoạch số 459-KHHĐ/TU."
            .to_string(),
    );
    texts
}

/// Positions of every key in a text: (start of number, end of symbol).
fn key_spans(text: &str) -> Vec<(usize, usize)> {
    let norm = text; // seed texts are already NFC and clean around keys
    let mut spans = Vec::new();
    let b = norm.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit()
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b"/.-".contains(&b[i - 1])))
        {
            if let Some(k) = vncite::key::scan_key(norm, i, vncite::key::Case::Codes) {
                spans.push((i, k.end));
                i = k.end;
                continue;
            }
        }
        i += 1;
    }
    spans
}

#[derive(Debug, Clone)]
enum Damage {
    Nfd,
    EthLookAlike,
    DForDj,
    BreakAfterHyphen(usize),
    SpaceBeforeSlash(usize),
    SpaceAfterHyphen(usize),
    BreakAfterSo(usize),
}

fn apply(text: &str, d: &Damage) -> String {
    match d {
        Damage::Nfd => text.nfd().collect(),
        Damage::EthLookAlike => text.replace('Đ', "\u{D0}").replace('đ', "\u{F0}"),
        Damage::DForDj => text
            .replace("CĐ-", "CD-")
            .replace("QĐ-", "QD-")
            .replace("NĐ-", "ND-"),
        Damage::BreakAfterHyphen(n) | Damage::SpaceAfterHyphen(n) | Damage::SpaceBeforeSlash(n) => {
            let spans = key_spans(text);
            if spans.is_empty() {
                return text.to_string();
            }
            let (s, e) = spans[n % spans.len()];
            let key = &text[s..e];
            let damaged = match d {
                Damage::BreakAfterHyphen(_) => key.replacen('-', "-\n", 1),
                Damage::SpaceAfterHyphen(_) => key.replacen('-', "- ", 1),
                _ => key.replacen('/', " /", 1),
            };
            format!("{}{}{}", &text[..s], damaged, &text[e..])
        }
        Damage::BreakAfterSo(n) => {
            let hits: Vec<usize> = text.match_indices("số ").map(|(i, _)| i).collect();
            if hits.is_empty() {
                return text.to_string();
            }
            let at = hits[n % hits.len()];
            format!("{}số\n{}", &text[..at], &text[at + "số ".len()..])
        }
    }
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        Just(Damage::Nfd),
        Just(Damage::EthLookAlike),
        Just(Damage::DForDj),
        any::<usize>().prop_map(Damage::BreakAfterHyphen),
        any::<usize>().prop_map(Damage::SpaceBeforeSlash),
        any::<usize>().prop_map(Damage::SpaceAfterHyphen),
        any::<usize>().prop_map(Damage::BreakAfterSo),
    ]
}

proptest! {
    // A fixed seed: CI must not turn red by chance; raise `cases` to search further.
    #![proptest_config(ProptestConfig {
        cases: 256,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5EED_F00D),
        ..ProptestConfig::default()
    })]

    #[test]
    fn damage_never_changes_the_keys_found(which in 0usize..6, ds in prop::collection::vec(damage(), 1..4)) {
        let texts = seed_texts();
        let clean = &texts[which % texts.len()];
        let mut damaged = clean.clone();
        // Position-based damage first (it reads keys in clean text), then whole-text damage.
        let mut ds = ds;
        ds.sort_by_key(|d| matches!(d, Damage::Nfd | Damage::EthLookAlike | Damage::DForDj));
        for d in &ds {
            damaged = apply(&damaged, d);
        }
        prop_assert_eq!(keys_of(clean), keys_of(&damaged), "damage {:?}", ds);
    }
}

#[test]
fn every_damage_at_once_on_every_seed() {
    for clean in seed_texts() {
        let mut t = clean.clone();
        for d in [
            Damage::BreakAfterHyphen(0),
            Damage::SpaceBeforeSlash(1),
            Damage::BreakAfterSo(0),
            Damage::DForDj,
            Damage::EthLookAlike,
            Damage::Nfd,
        ] {
            t = apply(&t, &d);
        }
        assert_eq!(keys_of(&clean), keys_of(&t));
    }
}

#[test]
fn random_unicode_never_panics() {
    let mut runner = proptest::test_runner::TestRunner::default();
    runner
        .run(&".{0,400}", |s| {
            let src = SourceText {
                path: "x".into(),
                text: s,
                encoding: vncite::model::Encoding::Utf8,
                offset: 0,
            };
            let _ = vncite::extract_text(&src);
            Ok(())
        })
        .unwrap();
}
