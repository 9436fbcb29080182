//! Resolving identities inside a document: whose body an issuer code means, which province a
//! district lies in, and what one mention of a key tells about its other mentions.

use crate::gazetteer::{central_code, compose_name, is_generic_code, issuer_from_code};
use crate::model::{Citer, Document, Issuer, Level};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Fills in what the document leaves unsaid but implies; changes no key and drops nothing.
pub fn resolve(doc: &mut Document) {
    infer_own_province(doc);
    for i in 0..doc.references.len() {
        // The citer's issuer is borrowed, not copied: it is read for every reference.
        let (before, rest) = doc.references.split_at_mut(i);
        let Some((r, after)) = rest.split_first_mut() else {
            break;
        };
        let own_issuer;
        let citer_issuer = match r.citer {
            Citer::Document => doc.issuer.as_ref(),
            Citer::Reference(j) if j < i => before[j].issuer.as_ref(),
            Citer::Reference(j) if j > i => after.get(j - i - 1).and_then(|x| x.issuer.as_ref()),
            Citer::Reference(_) => {
                own_issuer = r.issuer.clone();
                own_issuer.as_ref()
            }
        };
        let code = r.key.as_ref().and_then(|k| k.issuer_code());
        // Only a code that names one central body can override the phrase: the issuer the
        // code gives is built only when it is the answer.
        let central = code.and_then(central_code);
        r.issuer = match (central, r.issuer.take()) {
            // `Bộ Chính trị` for `TW`: the phrase names the body more exactly than the code.
            (Some(c), Some(p)) if p.code.as_deref() == Some(c) => Some(p),
            // A single-body code (`TTg`, `BYT`) says who issued it, whatever a list's `của` says.
            (Some(_), _) => code.and_then(issuer_from_code).map(Arc::new),
            (None, Some(phrase)) => Some(phrase),
            (None, None) => code.and_then(issuer_from_code).map(Arc::new),
        };
        if let (Some(iss), Some(citer)) = (r.issuer.as_mut(), citer_issuer) {
            if may_localize(iss, citer) {
                localize(Arc::make_mut(iss), citer);
            }
        }
    }
    share_between_mentions(doc);
}

/// A district's or commune's province when its header names none: the province its text
/// names, else the one province of every provincial body it cites.
fn infer_own_province(doc: &mut Document) {
    let Some(own) = doc.issuer.as_mut() else {
        return;
    };
    if own.province.is_some() || !matches!(own.level, Some(Level::District | Level::Commune)) {
        return;
    }
    if let Some(p) = &doc.province_in_text {
        Arc::make_mut(own).province = Some(p.clone());
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
        let province = provinces.into_iter().next().map(str::to_string);
        if let Some(own) = doc.issuer.as_mut() {
            Arc::make_mut(own).province = province;
        }
    }
}

fn more_specific(a: &Issuer, b: &Issuer) -> bool {
    let score = |i: &Issuer| {
        (i.level == Some(Level::Central) || i.locality.is_some()) as u8 * 2
            + i.level.is_some() as u8
    };
    score(a) > score(b)
}

/// The references of `doc` grouped by key, for keys mentioned more than once. Groups are
/// disjoint, so their order does not matter. A document cites a few keys: they are compared
/// pairwise without a table, and hashed only when there are many.
fn repeated_keys(doc: &Document) -> Vec<Vec<usize>> {
    let grouping = if doc.references.len() > 64 {
        Grouping::Hashed
    } else {
        Grouping::Pairwise
    };
    repeated_keys_with(doc, grouping)
}

/// How [`repeated_keys_with`] groups keys.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Grouping {
    /// In a hash table: for many references.
    Hashed,
    /// Pairwise, without a table: for the few most documents make.
    Pairwise,
}

/// [`repeated_keys`], hashed or pairwise (the tests hold one to the other).
fn repeated_keys_with(doc: &Document, grouping: Grouping) -> Vec<Vec<usize>> {
    let refs = &doc.references;
    if grouping == Grouping::Hashed {
        let mut groups: rustc_hash::FxHashMap<&crate::model::DocKey, Vec<usize>> =
            Default::default();
        for (i, r) in refs.iter().enumerate() {
            if let Some(k) = &r.key {
                groups.entry(k).or_default().push(i);
            }
        }
        return groups.into_values().filter(|g| g.len() > 1).collect();
    }
    let mut out = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        let Some(k) = &r.key else { continue };
        // A key's group is gathered at its first mention.
        if refs[..i].iter().any(|p| p.key.as_ref() == Some(k)) {
            continue;
        }
        let later = refs[i + 1..].iter().any(|p| p.key.as_ref() == Some(k));
        if later {
            let group = (i..refs.len())
                .filter(|&j| refs[j].key.as_ref() == Some(k))
                .collect();
            out.push(group);
        }
    }
    out
}

/// Mentions of one key in one document are one document: a date or issuer said once holds for all.
fn share_between_mentions(doc: &mut Document) {
    for idx in repeated_keys(doc) {
        // What the group knows: the first date, kind, and the most specific issuer per body.
        let date = idx.iter().find_map(|&i| doc.references[i].date);
        let kind = idx.iter().find_map(|&i| doc.references[i].kind);
        let mut best: Vec<Arc<Issuer>> = Vec::new();
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

/// False when [`localize`] would leave `iss` as it is: issuers are shared, and one is copied
/// only to be changed.
fn may_localize(iss: &Issuer, citing: &Issuer) -> bool {
    let fills_province = iss.locality.is_some()
        && iss.province.is_none()
        && matches!(iss.level, Some(Level::District | Level::Commune))
        && citing.level != Some(Level::Central);
    if fills_province {
        return true;
    }
    if iss.level == Some(Level::Central) || iss.locality.is_some() {
        return false;
    }
    iss.code.as_deref().is_some_and(is_generic_code)
        || (iss.code.is_none() && iss.body.starts_with("Sở "))
}

/// Fills what a reference leaves unsaid from the citing document: `UBND tỉnh` or a bare `TU`
/// cited by Sơn La's committee is Sơn La's (docs/conventions.md, Issuer codes and bodies).
fn localize(iss: &mut Issuer, citing: &Issuer) {
    // A district or commune named without its province lies in the citing document's province.
    if iss.locality.is_some()
        && iss.province.is_none()
        && matches!(iss.level, Some(Level::District | Level::Commune))
        && citing.level != Some(Level::Central)
    {
        iss.province = citing.province.clone();
        return;
    }
    if iss.level == Some(Level::Central) || iss.locality.is_some() {
        return;
    }
    let local = iss.code.as_deref().is_some_and(is_generic_code);
    let department = iss.code.is_none() && iss.body.starts_with("Sở ");
    if department && iss.level.is_none() {
        iss.level = Some(Level::Province);
    }
    if !local && !department {
        return; // `Ban Tổ chức Trung ương` is nobody's local body.
    }
    let level = iss.level.or(citing.level);
    let locality = match level {
        Some(Level::Province) => citing.province.clone().or_else(|| {
            (citing.level == Some(Level::Province))
                .then(|| citing.locality.clone())
                .flatten()
        }),
        Some(l) if Some(l) == citing.level => citing.locality.clone(),
        _ => None,
    };
    if locality.is_none() {
        return;
    }
    iss.level = level;
    iss.province = if level == Some(Level::Province) {
        locality.clone()
    } else {
        citing.province.clone()
    };
    iss.locality = locality;
    iss.name = compose_name(&iss.body, iss.level, iss.locality.as_deref());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::issuer::parse_phrase;

    proptest::proptest! {
        /// Gathering repeated keys pairwise gives the groups the hash table gives.
        #[test]
        fn pairwise_groups_are_the_hashed_ones(keys in proptest::collection::vec(proptest::option::of(0u32..12), 0..90)) {
            let text = keys
                .iter()
                .map(|k| match k {
                    Some(n) => format!("Thực hiện Công văn số {n}/UBND-VP. "),
                    None => "Thực hiện Luật Đất đai. ".to_string(),
                })
                .collect::<String>();
            let text = format!("Số: 99/KH-UBND\n\n{text}");
            let doc = crate::extract_text(&crate::read::decode("x.txt", text.as_bytes()).unwrap()).remove(0);
            let mut pairwise = repeated_keys_with(&doc, Grouping::Pairwise);
            let mut hashed = repeated_keys_with(&doc, Grouping::Hashed);
            pairwise.sort();
            hashed.sort();
            proptest::prop_assert_eq!(&pairwise, &hashed);
            // Every repeated key is found.
            let repeated = (0..12u32).filter(|n| keys.iter().filter(|k| **k == Some(*n)).count() > 1).count();
            proptest::prop_assert_eq!(pairwise.len(), repeated);
        }
    }
    /// Every issuer shape against every citer shape: where `may_localize` says no, `localize`
    /// changes nothing (a shared issuer is left uncopied only when that holds).
    #[test]
    fn localize_changes_nothing_where_may_localize_says_no() {
        let levels = [
            None,
            Some(Level::Central),
            Some(Level::Province),
            Some(Level::District),
            Some(Level::Commune),
        ];
        let place = [None, Some("Sơn La".to_string())];
        let mut shapes = Vec::new();
        for level in levels {
            for locality in &place {
                for province in &place {
                    for (body, code) in [
                        ("Ủy ban nhân dân", Some("UBND")),
                        ("Sở Y tế", None),
                        ("Sở Y tế", Some("SYT")),
                        ("Thủ tướng Chính phủ", Some("TTg")),
                        ("Ban Tổ chức", None),
                        ("Tỉnh ủy", Some("TU")),
                    ] {
                        shapes.push(Issuer {
                            name: body.to_string(),
                            body: body.to_string(),
                            code: code.map(str::to_string),
                            level,
                            locality: locality.clone(),
                            province: province.clone(),
                        });
                    }
                }
            }
        }
        let mut refused = 0;
        for iss in &shapes {
            for citer in &shapes {
                if !may_localize(iss, citer) {
                    refused += 1;
                    let mut copy = iss.clone();
                    localize(&mut copy, citer);
                    assert_eq!(&copy, iss, "citer {citer:?}");
                }
            }
        }
        assert!(refused > 0 && refused < shapes.len() * shapes.len());
    }

    #[test]
    fn standing_board_without_locality_takes_the_citers() {
        let mut i = Arc::unwrap_or_clone(parse_phrase("Ban Thường vụ Tỉnh ủy").unwrap());
        assert_eq!(i.locality, None);
        let citer = parse_phrase("Ủy ban nhân dân tỉnh Sơn La").unwrap();
        assert!(may_localize(&i, &citer));
        localize(&mut i, &citer);
        assert_eq!(i.name, "Ban Thường vụ Tỉnh ủy Sơn La");
        assert_eq!(i.level, Some(Level::Province));
    }

    #[test]
    fn a_named_district_takes_the_citers_province() {
        let mut i = Arc::unwrap_or_clone(parse_phrase("Ủy ban nhân dân huyện Sơn Quỳnh").unwrap());
        let mut citer = Arc::unwrap_or_clone(parse_phrase("Ủy ban nhân dân xã Trung Phù").unwrap());
        citer.province = Some("Bắc Giang".into());
        assert!(may_localize(&i, &citer));
        localize(&mut i, &citer);
        assert_eq!(i.province.as_deref(), Some("Bắc Giang"));
        assert_eq!(i.name, "Ủy ban nhân dân huyện Sơn Quỳnh");
    }
}
