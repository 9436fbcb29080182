//! Which mentions of one key are one document: the rules of `docs/identity.md`.
//!
//! A key's mentions (its documents' own headers and every reference to it) are sorted into
//! slots, one per document. The passes run in the order of the document: documents read,
//! references that say year and place, documents read whose place is told only in part,
//! references that leave something unsaid. Each pass decides against a snapshot of the slots
//! taken before it, so what a mention joins does not depend on the order files were read in.

use crate::model::{DocKind, Level, PartialDate};
use std::collections::{BTreeMap, BTreeSet};

/// Where a mention comes from: a document's own header, or one of its references
/// (document and reference indices in the order documents were added).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Origin {
    Own(u32),
    Ref(u32, u32),
}

/// Where a body with a generic code sits: level, interned locality, and interned province
/// when known.
pub(super) type Place = (Option<Level>, u32, Option<u32>);

/// One mention of a document, compact: issuers and localities are interned.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mention {
    pub(super) origin: Origin,
    pub(super) year: Option<u16>,
    /// Level, interned locality and interned province (when known), only for generic codes.
    pub(super) place: Option<Place>,
    /// The issuer's level, only for generic codes (known even when its locality is not).
    pub(super) level: Option<Level>,
    pub(super) date: Option<PartialDate>,
    pub(super) issuer: Option<u32>,
    pub(super) kind: Option<DocKind>,
    /// Year of the citing document (a document cites what was issued before it).
    pub(super) citing_year: Option<u16>,
}

/// The documents one key's mentions fall into, and the mentions several of them fit.
#[derive(Debug, Default)]
pub(super) struct Clustering {
    /// Each document's mentions (indices into the key's mentions).
    pub(super) groups: Vec<Vec<usize>>,
    /// (group, candidate groups): a group of mentions that several documents fit equally.
    pub(super) ambiguous: Vec<(usize, Vec<usize>)>,
}

/// Whether a key's issuer code names one body (`TTg`, `BYT`) or every province's, district's
/// and commune's (`UBND`, `HĐND`, `TU`, `HU`): for the latter the place tells documents apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Code {
    /// The code names one body.
    OneBody,
    /// The code is shared by bodies of every place.
    Shared,
}

/// One document: year and place, and for a document read whose place is told only in part,
/// its date (two such files of one key and different dates are two bodies: communes of one
/// name in two provinces).
type Slot = (Option<u16>, Option<Place>, Option<PartialDate>);

/// The exact dates each slot's document is known by: its own, or else its mentions'.
type Dates = BTreeMap<Slot, BTreeSet<PartialDate>>;

/// A mention no slot takes alone: its slot, and the citing document when it is kept apart per
/// citing document.
type Alone = (Slot, Option<u32>);

/// True when a place said with less detail (`province` unknown) can be the same as another.
fn place_fits(known: &Option<Place>, said: &Option<Place>) -> bool {
    match (known, said) {
        (_, None) => true,
        (Some(k), Some(s)) => k.0 == s.0 && k.1 == s.1 && (s.2.is_none() || k.2 == s.2),
        (None, Some(_)) => false,
    }
}

/// True when a mention that gives only its issuer's level can be a body at `known`.
fn level_fits(known: &Option<Place>, said: Option<Level>) -> bool {
    match (known, said) {
        (Some(k), Some(l)) => k.0.is_none_or(|kl| kl == l),
        _ => true,
    }
}

fn exact(m: &Mention) -> Option<PartialDate> {
    m.date.filter(PartialDate::is_exact)
}

fn is_own(m: &Mention) -> bool {
    matches!(m.origin, Origin::Own(_))
}

/// The slots a mention can be: of its year when it gives one, at a place and level it fits.
fn fits(dates: &Dates, m: &Mention) -> Vec<Slot> {
    // Slots sort by year first: a dated mention looks at its year's only.
    let keys: Box<dyn Iterator<Item = &Slot>> = match m.year {
        Some(y) => Box::new(
            dates
                .range((Some(y), None, None)..)
                .map(|(s, _)| s)
                .take_while(move |(sy, _, _)| *sy == Some(y)),
        ),
        None => Box::new(dates.keys()),
    };
    keys.filter(|(_, p, _)| place_fits(p, &m.place) && level_fits(p, m.level))
        .copied()
        .collect()
}

/// Several fit: those known by the very day the mention gives are the ones it can name.
fn by_day(dates: &Dates, fit: Vec<Slot>, m: &Mention) -> Vec<Slot> {
    match (fit.len(), exact(m)) {
        (2.., Some(d)) => {
            let same: Vec<Slot> = fit
                .iter()
                .filter(|s| dates.get(*s).is_some_and(|k| k.contains(&d)))
                .copied()
                .collect();
            if same.is_empty() {
                fit
            } else {
                same
            }
        }
        _ => fit,
    }
}

/// Undated and fitting several years: the latest issued no later than the citing document.
fn latest_before_citing(fit: Vec<Slot>, m: &Mention) -> Vec<Slot> {
    match (fit.len(), m.year, m.citing_year) {
        (2.., None, Some(cy)) => {
            let earlier: Vec<Slot> = fit
                .into_iter()
                .filter(|(y, _, _)| y.is_some_and(|y| y <= cy))
                .collect();
            let latest = earlier.iter().filter_map(|(y, _, _)| *y).max();
            earlier
                .into_iter()
                .filter(|(y, _, _)| *y == latest)
                .collect()
        }
        _ => fit,
    }
}

/// A key's mentions sorted by what they say, before any is placed but the documents read
/// whose year and place are settled.
#[derive(Default)]
struct Sorted {
    /// Documents read whose year or place is not settled.
    loose_own: Vec<usize>,
    /// References that say year and place.
    placed_ref: Vec<usize>,
    /// References that leave something unsaid.
    loose_ref: Vec<usize>,
}

/// The slots of one key as the passes fill them.
struct Clusterer<'a> {
    ms: &'a [Mention],
    code: Code,
    /// True when any mention says a place: then a mention without one is not settled.
    needs_place: bool,
    /// Places some mention names with their province: the same place without one is not exact.
    with_province: BTreeSet<(Option<Level>, u32)>,
    clusters: BTreeMap<Slot, Vec<usize>>,
    /// Mentions no slot takes alone, with the slots (by position) they could be.
    alone: BTreeMap<Alone, (Vec<usize>, BTreeSet<usize>)>,
}

/// Splits the mentions of one key into documents (see the module comment).
pub(super) fn cluster(ms: &[Mention], code: Code) -> Clustering {
    let mut c = Clusterer::new(ms, code);
    let sorted = c.place_documents_read();
    let ambiguous_placed = c.join_placed_references(sorted.placed_ref);
    c.join_loose_documents(sorted.loose_own);
    // No slot is made after this: positions in `slots` name the documents from here on.
    let slots: Vec<Slot> = c.clusters.keys().copied().collect();
    c.set_apart_placed(ambiguous_placed, &slots);
    c.join_loose_references(sorted.loose_ref, &slots);
    c.into_clustering()
}

impl<'a> Clusterer<'a> {
    fn new(ms: &'a [Mention], code: Code) -> Self {
        Clusterer {
            ms,
            code,
            needs_place: ms.iter().any(|m| m.place.is_some()),
            with_province: ms
                .iter()
                .filter_map(|m| m.place)
                .filter(|p| p.2.is_some())
                .map(|p| (p.0, p.1))
                .collect(),
            clusters: BTreeMap::new(),
            alone: BTreeMap::new(),
        }
    }

    /// True when a mention says its year and, where places matter, an exact place (one
    /// without its province is exact only if no mention names that place with one).
    fn settled(&self, m: &Mention) -> bool {
        let exact_place = m
            .place
            .is_some_and(|p| p.2.is_some() || !self.with_province.contains(&(p.0, p.1)));
        m.year.is_some() && (exact_place || !self.needs_place)
    }

    /// Rule 1: each document read whose year and place are settled makes a slot (copies of
    /// one document share it); every other mention is sorted for the passes after.
    fn place_documents_read(&mut self) -> Sorted {
        let mut sorted = Sorted::default();
        for (i, m) in self.ms.iter().enumerate() {
            match (is_own(m), self.settled(m)) {
                (true, true) => {
                    // Only districts and communes carry a province; a province is whole.
                    let partial = self.code == Code::Shared
                        && m.place.is_some_and(|p| {
                            p.2.is_none() && matches!(p.0, Some(Level::District | Level::Commune))
                        });
                    let date = if partial { exact(m) } else { None };
                    self.clusters
                        .entry((m.year, m.place, date))
                        .or_default()
                        .push(i);
                }
                (true, false) => sorted.loose_own.push(i),
                (false, true) => sorted.placed_ref.push(i),
                (false, false) => sorted.loose_ref.push(i),
            }
        }
        sorted
    }

    /// The exact dates each slot's document is known by now: its own, or else its mentions'.
    fn dates_now(&self) -> Dates {
        let ms = self.ms;
        self.clusters
            .iter()
            .map(|(s, members)| {
                let own: BTreeSet<PartialDate> = members
                    .iter()
                    .filter(|&&i| is_own(&ms[i]))
                    .filter_map(|&i| exact(&ms[i]))
                    .collect();
                let known = if own.is_empty() {
                    members.iter().filter_map(|&i| exact(&ms[i])).collect()
                } else {
                    own
                };
                (*s, known)
            })
            .collect()
    }

    /// Rule 2: a reference that says year and place joins the document read there (the one
    /// of its day when several are), or makes one of its own. Returns the references several
    /// documents fit, with those documents.
    fn join_placed_references(&mut self, placed_ref: Vec<usize>) -> Vec<(usize, Vec<Slot>)> {
        let read = self.dates_now();
        let mut ambiguous = Vec::new();
        for i in placed_ref {
            let m = &self.ms[i];
            // Slots of one year and place sort together, undated first.
            let same: Vec<Slot> = read
                .range((m.year, m.place, None)..)
                .map(|(s, _)| *s)
                .take_while(|(y, p, _)| *y == m.year && *p == m.place)
                .collect();
            let fit = by_day(&read, same, m);
            match fit.as_slice() {
                [] => self
                    .clusters
                    .entry((m.year, m.place, None))
                    .or_default()
                    .push(i),
                [one] => self.clusters.entry(*one).or_default().push(i),
                _ => ambiguous.push((i, fit)),
            }
        }
        ambiguous
    }

    /// Rule 1, second half: a document read whose place is told in part joins the one
    /// document it fits unless their dates differ: then it is a document of its own (a
    /// district of the same name in another province).
    fn join_loose_documents(&mut self, loose_own: Vec<usize>) {
        let placed = self.dates_now();
        for i in loose_own {
            let m = &self.ms[i];
            let fit: Vec<Slot> = fits(&placed, m)
                .into_iter()
                .filter(|s| {
                    exact(m).is_none_or(|d| {
                        let known = &placed[s];
                        known.is_empty() || known.contains(&d)
                    })
                })
                .collect();
            let slot = match fit.as_slice() {
                [one] => *one,
                _ => (m.year, m.place, exact(m)),
            };
            self.clusters.entry(slot).or_default().push(i);
        }
    }

    /// Rule 4 for references that said year and place: several documents fit, so they stay
    /// apart, one node per day (two days are two documents even when neither can be told).
    fn set_apart_placed(&mut self, ambiguous: Vec<(usize, Vec<Slot>)>, slots: &[Slot]) {
        for (i, fit) in ambiguous {
            let m = &self.ms[i];
            let entry = self
                .alone
                .entry(((m.year, m.place, exact(m)), None))
                .or_default();
            entry.0.push(i);
            entry
                .1
                .extend(fit.iter().filter_map(|s| slots.binary_search(s).ok()));
        }
    }

    /// Rule 3: a reference that leaves something unsaid joins the one document it fits (the
    /// latest before the citing document when undated, the one of its day when several);
    /// else it is set apart (rule 4).
    fn join_loose_references(&mut self, loose_ref: Vec<usize>, slots: &[Slot]) {
        let settled = self.dates_now();
        for i in loose_ref {
            let m = &self.ms[i];
            let fit = latest_before_citing(fits(&settled, m), m);
            let fit = by_day(&settled, fit, m);
            if let [one] = fit.as_slice() {
                if let Some(c) = self.clusters.get_mut(one) {
                    c.push(i);
                }
                continue;
            }
            // A `UBND` key whose locality nobody could tell stays apart per citing document:
            // two documents' `1/UBND-VP` may be two provinces'.
            let citing_doc = match m.origin {
                Origin::Ref(d, _) if self.code == Code::Shared && m.place.is_none() => Some(d),
                _ => None,
            };
            let entry = self
                .alone
                .entry(((m.year, m.place, None), citing_doc))
                .or_default();
            entry.0.push(i);
            entry
                .1
                .extend(fit.iter().filter_map(|s| slots.binary_search(s).ok()));
        }
    }

    /// The slots as groups, then the mentions set apart: those with no single home and the
    /// same unknowns are taken as one document.
    fn into_clustering(self) -> Clustering {
        let mut out = Clustering {
            groups: self.clusters.into_values().collect(),
            ambiguous: Vec::new(),
        };
        for (members, candidates) in self.alone.into_values() {
            if !candidates.is_empty() {
                out.ambiguous
                    .push((out.groups.len(), candidates.into_iter().collect()));
            }
            out.groups.push(members);
        }
        out
    }
}

/// The rules above, each on a few documents built by hand (no text is read, so a change in
/// extraction cannot hide a change here).
#[cfg(test)]
mod tests {
    use crate::graph::{Anomaly, CitationGraph};
    use crate::model::DocKey;
    use crate::model::Encoding;
    use crate::model::{
        Citer, DocKind, DocSpan, Document, IdentityFrom, Issuer, Level, PartialDate, Reference,
        Relation, SourceSpan,
    };
    use crate::Corpus;
    use petgraph::graph::NodeIndex;
    use std::sync::Arc;

    fn date(s: &str) -> PartialDate {
        PartialDate::parse_iso(s).unwrap()
    }

    fn central(name: &str, code: &str) -> Issuer {
        Issuer {
            name: name.into(),
            body: name.into(),
            code: Some(code.into()),
            level: Some(Level::Central),
            locality: None,
            province: None,
        }
    }

    /// A people's committee (`UBND`) at `level` of `locality`, in `province` when said.
    fn committee(level: Level, locality: &str, province: Option<&str>) -> Issuer {
        let rank = match level {
            Level::Province => "tỉnh",
            Level::District => "huyện",
            _ => "xã",
        };
        Issuer {
            name: format!("Ủy ban nhân dân {rank} {locality}"),
            body: "Ủy ban nhân dân".into(),
            code: Some("UBND".into()),
            level: Some(level),
            locality: Some(locality.into()),
            province: province.map(Into::into),
        }
    }

    /// A committee named by rank only (`UBND tỉnh`): its level, no place.
    fn rank_only(level: Level) -> Issuer {
        Issuer {
            name: "Ủy ban nhân dân tỉnh".into(),
            body: "Ủy ban nhân dân".into(),
            code: Some("UBND".into()),
            level: Some(level),
            locality: None,
            province: None,
        }
    }

    /// A document read from `path`: its number (none for an unnumbered draft), date, issuer.
    fn doc(path: &str, number: Option<&str>, dated: Option<&str>, issuer: Issuer) -> Document {
        Document {
            path: path.into(),
            number: number.map(|n| DocKey::parse(n).unwrap()),
            symbol: Some(
                number
                    .map_or("UBND-VP", |n| n.split('/').next_back().unwrap())
                    .into(),
            ),
            kind: Some(DocKind::CongVan),
            issuer: Some(Arc::new(issuer)),
            place: None,
            date: dated.map(date),
            subject: Some(format!("subject of {path}")),
            encoding: Encoding::Utf8,
            span: DocSpan {
                part: 1,
                parts: 1,
                ..DocSpan::default()
            },
            identity_from: IdentityFrom::default(),
            province_in_text: None,
            references: Vec::new(),
        }
    }

    /// `d` citing `key` (with the date and issuer the reference gives).
    fn cites(mut d: Document, key: &str, dated: Option<&str>, issuer: Option<Issuer>) -> Document {
        d.references.push(Reference {
            key: Some(DocKey::parse(key).unwrap()),
            kind: None,
            title: None,
            date: dated.map(date),
            issuer: issuer.map(Arc::new),
            relation: Relation::Implements,
            citer: Citer::Document,
            back_reference: false,
            span: SourceSpan {
                line: 1,
                column: 1,
                text: key.into(),
                ..SourceSpan::default()
            },
            sentence: format!("Thực hiện {key}."),
        });
        d
    }

    fn graph(docs: Vec<Document>) -> CitationGraph {
        CitationGraph::build(&Corpus {
            documents: docs,
            skipped: Vec::new(),
        })
    }

    fn node(g: &CitationGraph, path: &str) -> NodeIndex {
        g.by_path(path)
            .unwrap_or_else(|| panic!("no node read from {path}"))
    }

    /// The nodes `path` cites.
    fn cited(g: &CitationGraph, path: &str) -> Vec<NodeIndex> {
        g.graph.neighbors(node(g, path)).collect()
    }

    fn ambiguous(g: &CitationGraph) -> Vec<(String, Vec<String>, usize)> {
        g.anomalies
            .iter()
            .filter_map(|a| match a {
                Anomaly::AmbiguousReference {
                    id,
                    candidates,
                    mentions,
                } => Some((id.clone(), candidates.clone(), *mentions)),
                _ => None,
            })
            .collect()
    }

    fn ids(g: &CitationGraph) -> Vec<String> {
        g.nodes().map(|n| g.graph[n].id.clone()).collect()
    }

    #[test]
    fn one_key_issued_by_two_provinces_is_two_documents() {
        let a = doc(
            "a.txt",
            Some("4/KH-UBND"),
            Some("2021-11-04"),
            committee(Level::Province, "Sơn La", None),
        );
        let b = doc(
            "b.txt",
            Some("4/KH-UBND"),
            Some("2021-11-04"),
            committee(Level::Province, "Lai Châu", None),
        );
        let g = graph(vec![a, b]);
        assert_eq!(g.graph.node_count(), 2);
        assert_ne!(node(&g, "a.txt"), node(&g, "b.txt"));
        // One key naming two documents: each id says its place and year.
        assert_eq!(
            ids(&g),
            ["4/KH-UBND (Lai Châu, 2021)", "4/KH-UBND (Sơn La, 2021)"]
        );
    }

    #[test]
    fn districts_of_one_name_in_two_provinces_are_two_documents() {
        // Same key, same day, same district name: only the province tells them apart.
        let a = doc(
            "a.txt",
            Some("1/UBND-VP"),
            Some("2022-03-01"),
            committee(Level::District, "Mai Sơn", Some("Sơn La")),
        );
        let b = doc(
            "b.txt",
            Some("1/UBND-VP"),
            Some("2022-03-01"),
            committee(Level::District, "Mai Sơn", Some("Lào Cai")),
        );
        let g = graph(vec![a, b]);
        assert_ne!(node(&g, "a.txt"), node(&g, "b.txt"));
        assert!(!g
            .anomalies
            .iter()
            .any(|a| matches!(a, Anomaly::DuplicateDocument { .. })));
    }

    #[test]
    fn a_code_of_one_body_is_one_document_whatever_place_its_mentions_give() {
        // `TTg` names the Prime Minister alone: a reference's wrong place does not split it.
        let cd = doc(
            "cd.txt",
            Some("1068/CĐ-TTg"),
            Some("2021-06-20"),
            central("Thủ tướng Chính phủ", "TTg"),
        );
        let letter = cites(
            doc(
                "l.txt",
                Some("2/UBND-VP"),
                Some("2021-06-25"),
                committee(Level::Province, "Sơn La", None),
            ),
            "1068/CĐ-TTg",
            Some("2021-06-20"),
            Some(committee(Level::Province, "Sơn La", None)),
        );
        let g = graph(vec![cd, letter]);
        assert_eq!(cited(&g, "l.txt"), [node(&g, "cd.txt")]);
    }

    #[test]
    fn copies_of_one_document_are_one_node_named_by_each_file() {
        let issuer = || committee(Level::Province, "Sơn La", None);
        let a = doc("a.txt", Some("4/KH-UBND"), Some("2021-11-04"), issuer());
        let b = doc("b.txt", Some("4/KH-UBND"), Some("2021-11-04"), issuer());
        let g = graph(vec![a, b]);
        assert_eq!(g.graph.node_count(), 1);
        assert_eq!(node(&g, "a.txt"), node(&g, "b.txt"));
        assert!(g.anomalies.contains(&Anomaly::DuplicateDocument {
            id: "4/KH-UBND".into(),
            paths: vec!["a.txt".into(), "b.txt".into()],
        }));
    }

    #[test]
    fn communes_of_one_name_without_province_are_two_documents_when_their_days_differ() {
        let commune = || committee(Level::Commune, "An Tây", None);
        let g = graph(vec![
            doc("a.txt", Some("1/UBND-KT"), Some("2022-04-14"), commune()),
            doc("b.txt", Some("1/UBND-KT"), Some("2022-09-08"), commune()),
        ]);
        assert_ne!(node(&g, "a.txt"), node(&g, "b.txt"));
        // The same day: copies of one letter.
        let g = graph(vec![
            doc("a.txt", Some("1/UBND-KT"), Some("2022-04-14"), commune()),
            doc("b.txt", Some("1/UBND-KT"), Some("2022-04-14"), commune()),
        ]);
        assert_eq!(node(&g, "a.txt"), node(&g, "b.txt"));
    }

    #[test]
    fn a_header_without_province_joins_the_document_read_with_one_unless_the_days_differ() {
        let full = committee(Level::District, "Mai Sơn", Some("Sơn La"));
        let part = committee(Level::District, "Mai Sơn", None);
        let g = graph(vec![
            doc("a.txt", Some("1/UBND-VP"), Some("2022-03-01"), full.clone()),
            doc("b.txt", Some("1/UBND-VP"), Some("2022-03-01"), part.clone()),
        ]);
        assert_eq!(node(&g, "a.txt"), node(&g, "b.txt"));
        let g = graph(vec![
            doc("a.txt", Some("1/UBND-VP"), Some("2022-03-01"), full),
            doc("b.txt", Some("1/UBND-VP"), Some("2022-05-09"), part),
        ]);
        assert_ne!(node(&g, "a.txt"), node(&g, "b.txt"));
    }

    #[test]
    fn unnumbered_drafts_never_merge_with_each_other_or_with_a_numbered_document() {
        let issuer = || committee(Level::District, "An Lâm", Some("Ninh Bình"));
        let g = graph(vec![
            doc("draft1.txt", None, Some("2021-08"), issuer()),
            doc("draft2.txt", None, Some("2021-08"), issuer()),
            doc("n.txt", Some("1/UBND-VP"), Some("2021-08-03"), issuer()),
        ]);
        assert_eq!(g.graph.node_count(), 3);
        let (d1, d2, n) = (
            node(&g, "draft1.txt"),
            node(&g, "draft2.txt"),
            node(&g, "n.txt"),
        );
        assert!(d1 != d2 && d1 != n && d2 != n);
        for d in [d1, d2] {
            assert_eq!(g.graph[d].key, None);
            assert!(g.graph[d].in_corpus);
        }
        // Two drafts alike in all but their file: each id names its file.
        assert_eq!(
            g.graph[d1].id,
            "/UBND-VP|Ủy ban nhân dân huyện An Lâm|2021-08 [draft1.txt]"
        );
        assert!(g.anomalies.is_empty(), "{:?}", g.anomalies);
    }

    #[test]
    fn a_number_renewed_each_year_is_one_document_per_year() {
        let pm = || central("Thủ tướng Chính phủ", "TTg");
        let citing = cites(
            doc(
                "l.txt",
                Some("5/UBND-VP"),
                Some("2022-04-01"),
                committee(Level::Province, "Sơn La", None),
            ),
            "2/CT-TTg",
            Some("2021-01-01"),
            None,
        );
        let g = graph(vec![
            doc("y21.txt", Some("2/CT-TTg"), Some("2021-01-01"), pm()),
            doc("y22.txt", Some("2/CT-TTg"), Some("2022-01-01"), pm()),
            citing,
        ]);
        assert_ne!(node(&g, "y21.txt"), node(&g, "y22.txt"));
        assert_eq!(g.graph[node(&g, "y21.txt")].id, "2/CT-TTg (2021)");
        assert_eq!(g.graph[node(&g, "y22.txt")].id, "2/CT-TTg (2022)");
        // A dated reference joins its year's, not the latest.
        assert_eq!(cited(&g, "l.txt"), [node(&g, "y21.txt")]);
    }

    #[test]
    fn a_key_with_its_year_is_one_document_outright() {
        // `15/2021/NĐ-CP` carries its year: an undated reference from 2023 is that document.
        let g = graph(vec![
            doc(
                "nd.txt",
                Some("15/2021/NĐ-CP"),
                Some("2021-03-01"),
                central("Chính phủ", "CP"),
            ),
            cites(
                doc(
                    "l.txt",
                    Some("9/UBND-VP"),
                    Some("2023-01-05"),
                    committee(Level::Province, "Sơn La", None),
                ),
                "15/2021/NĐ-CP",
                None,
                None,
            ),
        ]);
        assert_eq!(cited(&g, "l.txt"), [node(&g, "nd.txt")]);
        assert_eq!(g.graph[node(&g, "nd.txt")].id, "15/2021/NĐ-CP");
    }

    /// Years of the `2/CT-TTg` read, and a letter of `citing_year` citing it undated.
    fn undated_case(years: &[u16], citing_year: u16) -> CitationGraph {
        let mut docs: Vec<Document> = years
            .iter()
            .map(|y| {
                doc(
                    &format!("{y}.txt"),
                    Some("2/CT-TTg"),
                    Some(&format!("{y}-01-01")),
                    central("Thủ tướng Chính phủ", "TTg"),
                )
            })
            .collect();
        docs.push(cites(
            doc(
                "l.txt",
                Some("5/UBND-VP"),
                Some(&format!("{citing_year}-06-01")),
                committee(Level::Province, "Sơn La", None),
            ),
            "2/CT-TTg",
            None,
            None,
        ));
        graph(docs)
    }

    #[test]
    fn an_undated_mention_is_the_one_document_of_its_key() {
        let g = undated_case(&[2021], 2023);
        assert_eq!(cited(&g, "l.txt"), [node(&g, "2021.txt")]);
        assert_eq!(g.graph.node_count(), 2);
    }

    #[test]
    fn an_undated_mention_is_the_latest_issued_no_later_than_its_citer() {
        let g = undated_case(&[2020, 2021, 2023], 2022);
        assert_eq!(cited(&g, "l.txt"), [node(&g, "2021.txt")]);
        // The citer's own year counts as no later.
        let g = undated_case(&[2020, 2022, 2023], 2022);
        assert_eq!(cited(&g, "l.txt"), [node(&g, "2022.txt")]);
        assert!(ambiguous(&g).is_empty());
    }

    #[test]
    fn an_undated_mention_older_than_every_document_of_its_key_is_a_document_not_read() {
        // Both `2/CT-TTg` read are later than the letter: neither can be the one it cites,
        // and with no candidate left the mention is no ambiguity either.
        let g = undated_case(&[2023, 2024], 2022);
        let to = cited(&g, "l.txt");
        assert_eq!(to.len(), 1);
        assert!(!g.graph[to[0]].in_corpus);
        assert_eq!(g.graph[to[0]].id, "2/CT-TTg (?)");
        assert!(ambiguous(&g).is_empty());
        // With one document of the key, the mention fits it alone and joins it, later or not:
        // the citing year only chooses among several.
        let g = undated_case(&[2023], 2022);
        assert_eq!(cited(&g, "l.txt"), [node(&g, "2023.txt")]);
    }

    /// Sơn La's and Lai Châu's `4/KH-UBND` of 2021 (of 4 November and `second_day`), and a
    /// district letter citing `4/KH-UBND` of `UBND tỉnh`, of `cited_day` when given.
    fn rank_only_case(second_day: &str, cited_day: Option<&str>) -> CitationGraph {
        let province = |path: &str, name: &str, day: &str| {
            doc(
                path,
                Some("4/KH-UBND"),
                Some(day),
                committee(Level::Province, name, None),
            )
        };
        let letter = cites(
            doc(
                "d.txt",
                Some("1/KH-UBND"),
                Some("2021-11-09"),
                committee(Level::District, "Mai Sơn", Some("Sơn La")),
            ),
            "4/KH-UBND",
            Some(cited_day.unwrap_or("2021")),
            Some(rank_only(Level::Province)),
        );
        graph(vec![
            province("p1.txt", "Sơn La", "2021-11-04"),
            province("p2.txt", "Lai Châu", second_day),
            letter,
        ])
    }

    #[test]
    fn a_mention_fitting_several_is_the_one_of_the_day_it_gives() {
        let g = rank_only_case("2021-03-20", Some("2021-11-04"));
        assert_eq!(cited(&g, "d.txt"), [node(&g, "p1.txt")]);
        assert!(ambiguous(&g).is_empty());
    }

    #[test]
    fn a_mention_fitting_several_equally_stays_a_node_of_its_own_with_its_candidates() {
        for (second, day) in [
            ("2021-11-04", Some("2021-11-04")), // two of that very day
            ("2021-03-20", None),               // no day to choose by
        ] {
            let g = rank_only_case(second, day);
            let to = cited(&g, "d.txt");
            assert_eq!(to.len(), 1);
            assert!(!g.graph[to[0]].in_corpus, "not guessed");
            let mut want = vec![
                g.graph[node(&g, "p1.txt")].id.clone(),
                g.graph[node(&g, "p2.txt")].id.clone(),
            ];
            want.sort();
            assert_eq!(ambiguous(&g), [(g.graph[to[0]].id.clone(), want, 1)]);
        }
    }

    #[test]
    fn a_rank_joins_only_documents_of_that_level() {
        // `UBND tỉnh`: the province's letter, not the district's of the same key and year.
        let letter = cites(
            doc(
                "c.txt",
                Some("3/UBND-VP"),
                Some("2021-12-01"),
                committee(Level::Commune, "An Tây", Some("Sơn La")),
            ),
            "4/KH-UBND",
            Some("2021"),
            Some(rank_only(Level::Province)),
        );
        let g = graph(vec![
            doc(
                "p.txt",
                Some("4/KH-UBND"),
                Some("2021-11-04"),
                committee(Level::Province, "Sơn La", None),
            ),
            doc(
                "d.txt",
                Some("4/KH-UBND"),
                Some("2021-11-04"),
                committee(Level::District, "Mai Sơn", Some("Sơn La")),
            ),
            letter,
        ]);
        assert_eq!(cited(&g, "c.txt"), [node(&g, "p.txt")]);
    }

    #[test]
    fn a_shared_code_nobody_places_stays_apart_per_citing_document() {
        // Two letters cite an undated `7/UBND-VP` of no known place: two provinces' perhaps.
        let letter = |path: &str, key: &str| {
            cites(
                doc(
                    path,
                    Some(&format!("{}/BYT-KH", path.len())),
                    Some("2021-05-01"),
                    central("Bộ Y tế", "BYT"),
                ),
                key,
                None,
                None,
            )
        };
        let g = graph(vec![
            letter("a.txt", "7/UBND-VP"),
            letter("bb.txt", "7/UBND-VP"),
        ]);
        assert_ne!(cited(&g, "a.txt"), cited(&g, "bb.txt"));
        // A code of one body cited alike by both is one document.
        let g = graph(vec![
            letter("a.txt", "7/CT-TTg"),
            letter("bb.txt", "7/CT-TTg"),
        ]);
        assert_eq!(cited(&g, "a.txt"), cited(&g, "bb.txt"));
    }

    #[test]
    fn a_reference_no_document_read_fits_is_a_document_not_in_the_corpus() {
        let g = graph(vec![cites(
            doc(
                "l.txt",
                Some("5/UBND-VP"),
                Some("2022-04-01"),
                committee(Level::Province, "Sơn La", None),
            ),
            "2/CT-TTg",
            Some("2021-01-01"),
            None,
        )]);
        let to = cited(&g, "l.txt");
        assert_eq!(to.len(), 1);
        let n = &g.graph[to[0]];
        assert!(!n.in_corpus && n.path.is_none());
        assert_eq!(n.id, "2/CT-TTg");
        // What the node shows comes from its mentions: the date, and the kind its symbol says.
        assert_eq!(n.date, Some(date("2021-01-01")));
        assert_eq!(n.kind, Some(DocKind::ChiThi));
    }

    #[test]
    fn a_node_not_read_shows_its_most_precise_date_and_most_specific_issuer() {
        let letter = |path: &str, dated: &str, issuer: Issuer| {
            cites(
                doc(
                    path,
                    Some(&format!("{}/UBND-VP", path.len())),
                    Some("2022-04-01"),
                    committee(Level::Province, "Sơn La", None),
                ),
                "2/CT-TTg",
                Some(dated),
                Some(issuer),
            )
        };
        let vague = Issuer {
            name: "Thủ tướng".into(),
            body: "Thủ tướng".into(),
            code: Some("TTg".into()),
            level: None,
            locality: None,
            province: None,
        };
        let g = graph(vec![
            letter("a.txt", "2021-01", vague),
            letter(
                "bb.txt",
                "2021-01-05",
                central("Thủ tướng Chính phủ", "TTg"),
            ),
        ]);
        let to = cited(&g, "a.txt");
        assert_eq!(to, cited(&g, "bb.txt"));
        let n = &g.graph[to[0]];
        assert_eq!(n.date, Some(date("2021-01-05")));
        assert_eq!(
            n.issuer.as_ref().map(|i| i.name.as_str()),
            Some("Thủ tướng Chính phủ")
        );
    }

    #[test]
    fn two_exact_dates_for_one_document_are_a_conflict_and_its_own_date_wins() {
        let g = graph(vec![
            doc(
                "cd.txt",
                Some("1068/CĐ-TTg"),
                Some("2021-06-20"),
                central("Thủ tướng Chính phủ", "TTg"),
            ),
            cites(
                doc(
                    "l.txt",
                    Some("2/UBND-VP"),
                    Some("2021-07-01"),
                    committee(Level::Province, "Sơn La", None),
                ),
                "1068/CĐ-TTg",
                Some("2021-06-21"),
                None,
            ),
        ]);
        let cd = node(&g, "cd.txt");
        assert_eq!(cited(&g, "l.txt"), [cd]);
        assert_eq!(g.graph[cd].date, Some(date("2021-06-20")));
        assert!(g.anomalies.contains(&Anomaly::ConflictingDates {
            id: "1068/CĐ-TTg".into(),
            dates: vec!["2021-06-20".into(), "2021-06-21".into()],
        }));
    }
}
