//! Scores vncite against the hand-keyed gold of real documents (`tests/gold/`, its README
//! says what the files hold): identity accuracy per field, reference precision and recall,
//! relation accuracy. Shared by the `score` example and the `gold_score` test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use vncite::{DocKey, Relation};

/// Whether a gold document's text is a clean copy or an OCR'd one with damage in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyState {
    /// Typed or cleanly scraped text.
    Clean,
    /// An OCR'd copy with damage in it (lost marks, broken numbers, merged lines).
    Damaged,
}

impl CopyState {
    fn parse(s: &str) -> Option<CopyState> {
        match s {
            "clean" => Some(CopyState::Clean),
            "damaged" => Some(CopyState::Damaged),
            _ => None,
        }
    }
}

/// One gold identity line.
#[derive(Debug, Clone)]
pub struct GoldIdentity {
    pub file: String,
    pub line: usize,
    pub copy: CopyState,
    pub number: Option<String>,
    pub kind: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<String>,
}

/// One gold reference list: the (citer, cited) pairs of one document with their relation.
#[derive(Debug, Clone)]
pub struct GoldRefs {
    pub file: String,
    pub line: usize,
    pub copy: CopyState,
    /// (by, key) → relation; `by` is `None` for the document itself.
    pub pairs: BTreeMap<(Option<String>, String), Relation>,
}

/// Hits out of a total, printed as a share.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Share {
    pub hits: usize,
    pub total: usize,
}

impl Share {
    fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hits += hit as usize;
    }

    /// The share, 1.0 when nothing was counted.
    pub fn value(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.hits as f64 / self.total as f64
        }
    }
}

impl std::fmt::Display for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.3} ({}/{})", self.value(), self.hits, self.total)
    }
}

/// What the scorer measured.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub number: Share,
    pub date: Share,
    pub kind: Share,
    pub issuer: Share,
    pub all_four: Share,
    /// Gold documents that some extracted document's span holds.
    pub found: Share,
    /// Documents that list their own number among their references (lower is better).
    pub own_number_cited: Share,
    pub ref_precision: Share,
    pub ref_recall: Share,
    /// Pairs found by both whose relation agrees.
    pub relation: Share,
    /// Gold `based_on` pairs of the document itself found as `based_on`.
    pub based_on: Share,
    /// Gold `based_on` pairs of the document itself found as `amends` (lower is better).
    pub based_on_as_amends: Share,
    /// Gold `proposed_by` pairs found as `proposed_by`.
    pub proposed_by: Share,
    /// Every miss, for reading.
    pub misses: Vec<String>,
}

fn canonical_key(s: &str) -> String {
    DocKey::parse(s)
        .map(|k| k.text())
        .unwrap_or_else(|_| s.trim().to_string())
}

fn fold(s: &str) -> String {
    vncite::normalize::fold_ascii(&vncite::normalize::lower(s))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn opt_str(v: &serde_json::Value, k: &str) -> Option<String> {
    v.get(k).and_then(|x| x.as_str()).map(str::to_string)
}

/// Reads every `identity-*.jsonl` and `refs-*.jsonl` file of `dir`.
pub fn load(dir: &Path) -> Result<(Vec<GoldIdentity>, Vec<GoldRefs>), String> {
    let mut ids = Vec::new();
    let mut refs = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    names.sort();
    for p in names {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: {e}", p.display(), n + 1))?;
            let file = opt_str(&v, "file").ok_or(format!("{}:{}: no file", p.display(), n + 1))?;
            let at = v.get("line").and_then(|x| x.as_u64()).unwrap_or(0) as usize;
            let copy = opt_str(&v, "copy")
                .as_deref()
                .and_then(CopyState::parse)
                .ok_or(format!(
                    "{}:{}: copy is neither \"clean\" nor \"damaged\"",
                    p.display(),
                    n + 1
                ))?;
            if name.starts_with("identity-") {
                ids.push(GoldIdentity {
                    file,
                    line: at,
                    copy,
                    number: opt_str(&v, "number"),
                    kind: opt_str(&v, "kind"),
                    issuer: opt_str(&v, "issuer"),
                    date: opt_str(&v, "date"),
                });
            } else if name.starts_with("refs-") {
                let mut pairs = BTreeMap::new();
                for r in v
                    .get("refs")
                    .and_then(|x| x.as_array())
                    .into_iter()
                    .flatten()
                {
                    let (Some(key), Some(rel)) = (opt_str(r, "key"), opt_str(r, "relation")) else {
                        return Err(format!(
                            "{}:{}: a reference lacks key or relation",
                            p.display(),
                            n + 1
                        ));
                    };
                    let rel = Relation::parse(&rel).ok_or(format!(
                        "{}:{}: unknown relation {rel}",
                        p.display(),
                        n + 1
                    ))?;
                    let by = opt_str(r, "by").map(|b| canonical_key(&b));
                    pairs.insert((by, canonical_key(&key)), rel);
                }
                refs.push(GoldRefs {
                    file,
                    line: at,
                    copy,
                    pairs,
                });
            }
        }
    }
    Ok((ids, refs))
}

/// The (by, key) pairs a document's references make, with the strongest relation of each.
fn pairs_of(d: &vncite::model::Document) -> BTreeMap<(Option<String>, String), Relation> {
    let mut out: BTreeMap<(Option<String>, String), Relation> = BTreeMap::new();
    for r in &d.references {
        let Some(k) = &r.key else { continue };
        let by = match r.citer {
            vncite::Citer::Reference(j) => match d.references.get(j).and_then(|o| o.key.as_ref()) {
                Some(o) => Some(o.text()),
                None => continue,
            },
            vncite::Citer::Document => None,
        };
        let e = out.entry((by, k.text())).or_insert(r.relation);
        if r.relation.strength() > e.strength() {
            *e = r.relation;
        }
    }
    out
}

/// Extracts the gold's files from `corpus` and scores the result.
pub fn score(corpus: &Path, ids: &[GoldIdentity], refs: &[GoldRefs]) -> Scores {
    let mut files: BTreeSet<&str> = ids.iter().map(|g| g.file.as_str()).collect();
    files.extend(refs.iter().map(|g| g.file.as_str()));
    let opt = vncite::read::ReadOptions::default();
    let docs: BTreeMap<&str, Vec<vncite::model::Document>> = files
        .into_iter()
        .map(|f| {
            (
                f,
                vncite::extract_file(&corpus.join(f), &opt).unwrap_or_default(),
            )
        })
        .collect();
    let find = |file: &str, line: usize| {
        docs.get(file).and_then(|ds| {
            ds.iter()
                .find(|d| d.span.line <= line && line <= d.span.end_line)
        })
    };
    let mut s = Scores::default();
    for g in ids {
        let d = find(&g.file, g.line);
        s.found.add(d.is_some());
        let at = format!("{}:{}", g.file, g.line);
        let number = d.and_then(|d| d.number.as_ref()).map(|k| k.text());
        let want = g.number.as_deref().map(canonical_key);
        let ok_n = number == want;
        let kind = d.and_then(|d| d.kind).map(|k| k.name().to_string());
        let ok_k = kind == g.kind;
        let issuer = d.and_then(|d| d.issuer.as_ref()).map(|i| fold(&i.name));
        let ok_i = issuer == g.issuer.as_deref().map(fold);
        let date = d.and_then(|d| d.date).map(|x| x.to_string());
        let ok_d = date == g.date;
        for (ok, field, got, want) in [
            (ok_n, "number", number.clone(), want.clone()),
            (ok_k, "kind", kind, g.kind.clone()),
            (
                ok_i,
                "issuer",
                d.and_then(|d| d.issuer.as_ref()).map(|i| i.name.clone()),
                g.issuer.clone(),
            ),
            (ok_d, "date", date, g.date.clone()),
        ] {
            if !ok {
                s.misses
                    .push(format!("{at} {field}: got {got:?}, gold {want:?}"));
            }
        }
        s.number.add(ok_n);
        s.kind.add(ok_k);
        s.issuer.add(ok_i);
        s.date.add(ok_d);
        s.all_four.add(ok_n && ok_k && ok_i && ok_d);
        if let (Some(d), Some(own)) = (d, want) {
            let cited = d.references.iter().any(|r| {
                matches!(r.citer, vncite::Citer::Document)
                    && r.key.as_ref().is_some_and(|k| k.text() == own)
            });
            s.own_number_cited.add(cited);
            if cited {
                s.misses.push(format!("{at} cites its own number {own}"));
            }
        }
    }
    for g in refs {
        let at = format!("{}:{}", g.file, g.line);
        let got = find(&g.file, g.line).map(pairs_of).unwrap_or_default();
        for (pair, rel) in &got {
            let hit = g.pairs.contains_key(pair);
            s.ref_precision.add(hit);
            if !hit {
                s.misses
                    .push(format!("{at} extra reference {pair:?} {rel}"));
            }
        }
        for (pair, rel) in &g.pairs {
            let found = got.get(pair);
            s.ref_recall.add(found.is_some());
            match found {
                None => s
                    .misses
                    .push(format!("{at} missed reference {pair:?} {rel}")),
                Some(f) => {
                    s.relation.add(f == rel);
                    if f != rel {
                        s.misses
                            .push(format!("{at} relation of {pair:?}: got {f}, gold {rel}"));
                    }
                }
            }
            if pair.0.is_none() && *rel == Relation::BasedOn {
                s.based_on.add(found == Some(&Relation::BasedOn));
                s.based_on_as_amends.add(found == Some(&Relation::Amends));
            }
            if *rel == Relation::ProposedBy {
                s.proposed_by.add(found == Some(&Relation::ProposedBy));
            }
        }
    }
    s
}

/// The scores of every gold document, then of the clean copies and of the damaged ones alone.
pub struct ByCopy {
    /// Every gold document.
    pub all: Scores,
    /// The clean copies alone.
    pub clean: Scores,
    /// The damaged copies alone.
    pub damaged: Scores,
}

/// Scores the gold whole and split by copy.
pub fn score_by_copy(corpus: &Path, ids: &[GoldIdentity], refs: &[GoldRefs]) -> ByCopy {
    let part = |c: CopyState| {
        let ids: Vec<GoldIdentity> = ids.iter().filter(|g| g.copy == c).cloned().collect();
        let refs: Vec<GoldRefs> = refs.iter().filter(|g| g.copy == c).cloned().collect();
        score(corpus, &ids, &refs)
    };
    ByCopy {
        all: score(corpus, ids, refs),
        clean: part(CopyState::Clean),
        damaged: part(CopyState::Damaged),
    }
}

/// The scores as a small table, a column for all documents, the clean and the damaged copies.
pub fn table(s: &ByCopy) -> String {
    let rows = |s: &Scores| {
        [
            ("gold documents found", s.found),
            ("own number", s.number),
            ("date", s.date),
            ("kind", s.kind),
            ("issuer", s.issuer),
            ("all four", s.all_four),
            ("own number cited (lower is better)", s.own_number_cited),
            ("reference precision", s.ref_precision),
            ("reference recall", s.ref_recall),
            ("relation of pairs found", s.relation),
            ("Căn cứ pairs as based_on", s.based_on),
            (
                "Căn cứ pairs as amends (lower is better)",
                s.based_on_as_amends,
            ),
            ("Tờ trình pairs as proposed_by", s.proposed_by),
        ]
    };
    let mut out = format!("{:<42} {:<20} {:<20} {}\n", "", "all", "clean", "damaged");
    for ((name, a), ((_, c), (_, d))) in rows(&s.all)
        .into_iter()
        .zip(rows(&s.clean).into_iter().zip(rows(&s.damaged)))
    {
        let cell = |v: Share| format!("{v}");
        out.push_str(&format!(
            "{name:<42} {:<20} {:<20} {}\n",
            cell(a),
            cell(c),
            cell(d)
        ));
    }
    out
}
