//! Resolving identities inside a document: whose body an issuer code means, which province a
//! district lies in, and what one mention of a key tells about its other mentions.

use crate::extract::issuer::{issuer_from_code, localize};
use crate::model::{Citer, Document, Issuer, Level};
use std::collections::BTreeSet;

/// Fills in what the document leaves unsaid but implies; changes no key and drops nothing.
pub fn resolve(doc: &mut Document) {
    infer_own_province(doc);
    for i in 0..doc.references.len() {
        let citer_issuer = match doc.references[i].citer {
            Citer::Document => doc.issuer.clone(),
            Citer::Reference(j) => doc.references.get(j).and_then(|r| r.issuer.clone()),
        };
        let r = &mut doc.references[i];
        let from_code = r
            .key
            .as_ref()
            .and_then(|k| k.issuer_code())
            .and_then(issuer_from_code);
        r.issuer = match (from_code, r.issuer.take()) {
            // `Bộ Chính trị` for `TW`: the phrase names the body more exactly than the code.
            (Some(c), Some(p)) if c.level == Some(Level::Central) && p.code == c.code => Some(p),
            // A single-body code (`TTg`, `BYT`) says who issued it, whatever a list's `của` says.
            (Some(c), _) if c.level == Some(Level::Central) => Some(c),
            (_, Some(phrase)) => Some(phrase),
            (c, None) => c,
        };
        if let (Some(iss), Some(citer)) = (r.issuer.as_mut(), citer_issuer.as_ref()) {
            localize(iss, citer);
        }
    }
    share_between_mentions(doc);
}

/// A district's province, when every provincial body it cites is of one province.
fn infer_own_province(doc: &mut Document) {
    let Some(own) = doc.issuer.as_mut() else {
        return;
    };
    if own.province.is_some() || !matches!(own.level, Some(Level::District | Level::Commune)) {
        return;
    }
    let provinces: BTreeSet<&str> = doc
        .references
        .iter()
        .filter_map(|r| r.issuer.as_ref())
        .filter(|i| i.level == Some(Level::Province))
        .filter_map(|i| i.province.as_deref().or(i.locality.as_deref()))
        .collect();
    if provinces.len() == 1 {
        own.province = provinces.into_iter().next().map(str::to_string);
    }
}

fn more_specific(a: &Issuer, b: &Issuer) -> bool {
    let score = |i: &Issuer| {
        (i.level == Some(Level::Central) || i.locality.is_some()) as u8 * 2
            + i.level.is_some() as u8
    };
    score(a) > score(b)
}

/// Mentions of one key in one document are one document: a date or issuer said once holds for all.
fn share_between_mentions(doc: &mut Document) {
    use std::collections::HashMap;
    let mut groups: HashMap<crate::key::DocKey, Vec<usize>> = HashMap::new();
    for (i, r) in doc.references.iter().enumerate() {
        if let Some(k) = &r.key {
            groups.entry(k.clone()).or_default().push(i);
        }
    }
    for idx in groups.into_values().filter(|g| g.len() > 1) {
        // What the group knows: the first date, kind, and the most specific issuer per body.
        let date = idx.iter().find_map(|&i| doc.references[i].date);
        let kind = idx.iter().find_map(|&i| doc.references[i].kind);
        let mut best: Vec<Issuer> = Vec::new();
        for &i in &idx {
            if let Some(s) = &doc.references[i].issuer {
                match best.iter_mut().find(|b| b.body == s.body) {
                    Some(b) if more_specific(s, b) => *b = s.clone(),
                    Some(_) => {}
                    None => best.push(s.clone()),
                }
            }
        }
        for &i in &idx {
            let dst = &mut doc.references[i];
            if dst.date.is_none() {
                dst.date = date;
            }
            if dst.kind.is_none() {
                dst.kind = kind;
            }
            match &dst.issuer {
                None => dst.issuer = best.first().cloned(),
                Some(d) => {
                    if let Some(b) = best
                        .iter()
                        .find(|b| b.body == d.body && more_specific(b, d))
                    {
                        dst.issuer = Some(b.clone());
                    }
                }
            }
        }
    }
}
