//! The probes of `tests/probes/` (documents of 2025 in the layouts analysts get them in, keyed
//! by their writer): identity and references scored against their truth and held to floors at
//! what the extractor reaches. `cargo test --test probe_score -- --nocapture` prints the table
//! and every miss.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use vncite::model::Document;
use vncite::DocKey;

/// A count of right answers out of a count of questions.
#[derive(Default, Clone, Copy)]
struct Share {
    right: usize,
    of: usize,
}

impl Share {
    fn add(&mut self, ok: bool) {
        self.right += usize::from(ok);
        self.of += 1;
    }
    fn value(self) -> f64 {
        self.right as f64 / self.of.max(1) as f64
    }
}

/// One document's truth, as `truth.jsonl` keys it.
struct Truth {
    file: String,
    doc: usize,
    number: Option<String>,
    kind: Option<String>,
    issuer: Option<String>,
    date: Option<String>,
    /// Canonical keys the document itself names, with their relations.
    refs: BTreeMap<String, BTreeSet<String>>,
}

fn canonical(key: &str) -> String {
    DocKey::parse(key).map_or_else(|_| key.to_string(), |k| k.to_string())
}

fn load_truth(path: &Path) -> Vec<Truth> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().map(str::to_string);
            let mut refs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for r in v["refs"].as_array().unwrap() {
                // Amendments between cited documents are the chain rules' to score.
                if r.get("by").is_some_and(|b| !b.is_null()) {
                    continue;
                }
                refs.entry(canonical(r["key"].as_str().unwrap()))
                    .or_default()
                    .insert(r["relation"].as_str().unwrap().to_string());
            }
            Truth {
                file: s("file").unwrap(),
                doc: v["doc"].as_u64().unwrap() as usize,
                number: s("number"),
                kind: s("kind"),
                issuer: s("issuer"),
                date: s("date"),
                refs,
            }
        })
        .collect()
}

/// The keys a document itself names, with the relations of their mentions.
fn own_refs(d: &Document) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &d.references {
        if let (vncite::Citer::Document, Some(k)) = (r.citer, &r.key) {
            out.entry(k.to_string())
                .or_default()
                .insert(r.relation.as_str().to_string());
        }
    }
    out
}

#[test]
fn probes_of_2025_layouts_score_at_least_the_floors() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/probes"));
    let truth = load_truth(&root.join("truth.jsonl"));
    assert!(truth.len() >= 90, "the probe set is too small");
    let opt = vncite::read::ReadOptions::default();
    let mut docs: BTreeMap<String, Vec<Document>> = BTreeMap::new();
    let [mut number, mut kind, mut issuer, mut date] = [Share::default(); 4];
    let [mut precision, mut recall, mut relation, mut own_cited] = [Share::default(); 4];
    let mut misses: Vec<String> = Vec::new();
    for t in &truth {
        let found = docs.entry(t.file.clone()).or_insert_with(|| {
            vncite::extract_file(&root.join("docs").join(&t.file), &opt)
                .unwrap_or_else(|s| panic!("{}: {}", s.path, s.reason))
        });
        let d = found.get(t.doc - 1);
        let at = format!("{}#{}", t.file, t.doc);
        let mut check =
            |share: &mut Share, what: &str, got: Option<String>, want: &Option<String>| {
                let ok = &got == want;
                share.add(ok);
                if !ok {
                    misses.push(format!("{at} {what}: got {got:?}, want {want:?}"));
                }
            };
        check(
            &mut number,
            "number",
            d.and_then(|d| d.number.as_ref().map(DocKey::written)),
            &t.number,
        );
        check(
            &mut kind,
            "kind",
            d.and_then(|d| d.kind.map(|k| k.name().to_string())),
            &t.kind,
        );
        // Case aside: `Cục Quản lý Dược` and `Cục Quản lý dược` name one body.
        check(
            &mut issuer,
            "issuer",
            d.and_then(|d| d.issuer.as_ref().map(|i| i.name.to_lowercase())),
            &t.issuer.as_ref().map(|i| i.to_lowercase()),
        );
        check(
            &mut date,
            "date",
            d.and_then(|d| d.date.map(|x| x.to_string())),
            &t.date,
        );
        let Some(d) = d else { continue };
        let got = own_refs(d);
        for (k, rels) in &got {
            let hit = t.refs.get(k);
            precision.add(hit.is_some());
            match hit {
                None => misses.push(format!("{at} extra reference {k} {rels:?}")),
                Some(want) => {
                    let ok = !want.is_disjoint(rels);
                    relation.add(ok);
                    if !ok {
                        misses.push(format!("{at} relation of {k}: got {rels:?}, want {want:?}"));
                    }
                }
            }
        }
        for (k, rels) in &t.refs {
            let ok = got.contains_key(k);
            recall.add(ok);
            if !ok {
                misses.push(format!("{at} missed reference {k} {rels:?}"));
            }
        }
        let own = d.number.as_ref().map(|k| k.to_string());
        own_cited.add(own.is_some_and(|o| got.contains_key(&o)));
    }
    let rows = [
        ("own number (as written)", number, 0.98),
        ("kind", kind, 0.98),
        ("issuer", issuer, 0.98),
        ("date", date, 0.98),
        ("reference precision", precision, 0.98),
        ("reference recall", recall, 0.98),
        ("relation of pairs found", relation, 0.97),
    ];
    for (what, s, _) in &rows {
        eprintln!("{what:26} {:.3} ({}/{})", s.value(), s.right, s.of);
    }
    eprintln!(
        "{:26} {} of {}",
        "own number cited", own_cited.right, own_cited.of
    );
    for m in &misses {
        eprintln!("{m}");
    }
    for (what, s, floor) in rows {
        assert!(
            s.value() >= floor,
            "{what}: {:.3} is below its floor {floor}",
            s.value()
        );
    }
    assert_eq!(own_cited.right, 0, "a document cites its own number");
}
