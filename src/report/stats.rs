//! Counts over the documents, gathered in one pass while they are written to the files table.

use super::source::DocRow;
use super::svg::LEVELS;
use crate::model::{Level, PartialDate};
use std::collections::BTreeMap;

/// Documents shown inline in the section of documents lacking an identity field.
pub const LACKING_SHOWN: usize = 20;

/// What the documents hold, counted.
#[derive(Debug, Default)]
pub struct DocStats {
    /// Documents read.
    pub documents: usize,
    /// Files they came from.
    pub files: usize,
    /// References they make.
    pub references: usize,
    /// Documents by kind name (`unknown` when not read).
    pub by_kind: BTreeMap<String, usize>,
    /// Documents by level, in [`LEVELS`] order.
    pub by_level: [usize; 5],
    /// Documents by (year, month) of issue and level, in [`LEVELS`] order.
    pub by_month: BTreeMap<(u16, u8), [usize; 5]>,
    /// Documents dated to the year only.
    pub year_only: usize,
    /// Documents by province (canonical name).
    pub by_province: BTreeMap<String, usize>,
    /// Earliest and latest dates of issue.
    pub first: Option<PartialDate>,
    /// See `first`.
    pub last: Option<PartialDate>,
    /// Documents without a number.
    pub no_number: usize,
    /// Documents without a date.
    pub no_date: usize,
    /// Documents without an issuer.
    pub no_issuer: usize,
    /// Documents lacking any identity field.
    pub lacking: usize,
    /// The first of those, in path order.
    pub lacking_rows: Vec<DocRow>,
    last_path: Option<String>,
}

/// The place of a level in [`LEVELS`].
pub fn level_slot(l: Option<Level>) -> usize {
    LEVELS
        .iter()
        .position(|x| *x == l)
        .unwrap_or(LEVELS.len() - 1)
}

impl DocStats {
    /// Counts one document (documents come in path order).
    pub fn add(&mut self, d: &DocRow) {
        self.documents += 1;
        if self.last_path.as_deref() != Some(d.path.as_str()) {
            self.files += 1;
            self.last_path = Some(d.path.clone());
        }
        self.references += d.references;
        let kind = d.kind.map_or("unknown", |k| k.name());
        *self.by_kind.entry(kind.to_string()).or_default() += 1;
        let slot = level_slot(d.level);
        self.by_level[slot] += 1;
        if let Some(date) = d.date {
            match date.month {
                Some(m) => self.by_month.entry((date.year, m)).or_default()[slot] += 1,
                None => self.year_only += 1,
            }
            let key = |x: &PartialDate| (x.first_day(), x.last_day());
            if self.first.is_none_or(|f| key(&date) < key(&f)) {
                self.first = Some(date);
            }
            if self.last.is_none_or(|l| key(&date) > key(&l)) {
                self.last = Some(date);
            }
        }
        if let Some(p) = &d.province {
            *self.by_province.entry(p.clone()).or_default() += 1;
        }
        self.no_number += usize::from(d.number.is_none());
        self.no_date += usize::from(d.date.is_none());
        self.no_issuer += usize::from(d.issuer.is_none());
        if !d.missing().is_empty() {
            self.lacking += 1;
            if self.lacking_rows.len() < LACKING_SHOWN {
                self.lacking_rows.push(d.clone());
            }
        }
    }
}
