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
