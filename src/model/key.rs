//! Document keys: a canonical number and symbol, the identity references are resolved by.

use super::DocKind;
use serde::{Serialize, Serializer};
use std::fmt;

/// Which numbering scheme a key follows (docs/conventions.md, Numbering).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scheme {
    /// `NUMBER/TYPE-ISSUER` or `NUMBER/ISSUER-UNIT`: numbers restart every year.
    State,
    /// `NUMBER/YEAR/TYPE-ISSUER`: the year is part of the number.
    Legal,
    /// `NUMBER-TYPE/ISSUER`: Communist Party documents.
    Party,
}

/// A canonical document number and symbol.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocKey {
    /// The number, without zero padding.
    pub number: u32,
    /// The rest of a compound number with its separator, without zero padding: `.7` in
    /// `66.7/2025/NQ-CP`, `-7` in `03-07/2025/CV-TKV`.
    pub number_suffix: Option<String>,
    /// Numbering scheme.
    pub scheme: Scheme,
    /// The year written inside a legal number (`23/2021/QĐ-TTg`).
    pub year: Option<u16>,
    /// The Party type code before the slash (`CV` in `892-CV/TU`).
    pub party_type: Option<String>,
    /// The canonical symbol after the slash (or after the year).
    pub symbol: String,
    /// The zeros written before the number (`01/2014/TT-NHNN`): how the text wrote it,
    /// never part of which document the key names.
    pub padding: Padding,
}

/// Zeros written before a number (`09` in `09/CT-UBND`). Every padding compares equal and
/// hashes alike: `09/CT-UBND` and `9/CT-UBND` are one document, so a key's identity (`==`,
/// `Hash`, `Ord`) never sees it; only [`DocKey::written`] does.
#[derive(Debug, Clone, Copy, Default)]
pub struct Padding(pub u8);

impl PartialEq for Padding {
    fn eq(&self, _: &Padding) -> bool {
        true
    }
}

impl Eq for Padding {}

impl PartialOrd for Padding {
    fn partial_cmp(&self, other: &Padding) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Padding {
    fn cmp(&self, _: &Padding) -> std::cmp::Ordering {
        std::cmp::Ordering::Equal
    }
}

impl std::hash::Hash for Padding {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

/// Why a text is not a document number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Nothing that looks like `NUMBER/SYMBOL` was found.
    #[error("`{0}` is not a document number (expected NUMBER/SYMBOL such as 1068/CĐ-TTg)")]
    NotAKey(String),
    /// A number and symbol were found but more text follows.
    #[error("`{0}` has text after the document number")]
    Trailing(String),
}

impl DocKey {
    /// The type code inside the symbol (`CĐ` in `1068/CĐ-TTg`, `CV` in `892-CV/TU`), if any.
    pub fn type_code(&self) -> Option<&str> {
        if let Some(t) = &self.party_type {
            return Some(t);
        }
        let first = first_part(&self.symbol);
        DocKind::from_code(first, Scheme::State).map(|_| first)
    }

    /// The kind the symbol's type code names; a symbol without one is a Công văn.
    pub fn kind(&self) -> Option<DocKind> {
        match self.type_code() {
            Some(c) => DocKind::from_code(c, self.scheme),
            None if self.scheme == Scheme::State => Some(DocKind::CongVan),
            None => None,
        }
    }

    /// The issuer code: the first symbol part that is not a type code (`TTg`, `UBND`, `TU`).
    pub fn issuer_code(&self) -> Option<&str> {
        let mut parts = self.symbol.split(['-', '&']);
        let first = parts.next()?;
        if self.party_type.is_some() {
            return Some(first);
        }
        if DocKind::from_code(first, Scheme::State).is_some() {
            parts.next()
        } else {
            Some(first)
        }
    }
}

impl DocKey {
    /// True when the symbol of a key with its year is a type code alone (`106/2021/TT`): a
    /// decree or circular always names its issuer, so OCR or a table cell cut it.
    pub fn is_cut_after_type(&self) -> bool {
        self.scheme == Scheme::Legal && DocKind::is_symbol_code(&self.symbol)
    }

    /// True when `self` is `full` with its symbol cut after the type code (`106/2021/TT-`
    /// at a broken table cell, for `106/2021/TT-BTC`): a decree or circular always names its
    /// issuer, so a type code alone is never the whole symbol.
    pub fn truncates(&self, full: &DocKey) -> bool {
        self.is_cut_after_type()
            && full.scheme == Scheme::Legal
            && self.number == full.number
            && self.number_suffix == full.number_suffix
            && self.year == full.year
            && full
                .symbol
                .strip_prefix(self.symbol.as_str())
                .is_some_and(|rest| rest.len() > 1 && rest.starts_with('-'))
    }

    /// The key as its document writes it: the canonical text with the number's zero padding
    /// kept (`01/2014/TT-NHNN`), as an issuer's own number and a publisher's list give it.
    pub fn written(&self) -> String {
        let mut s = "0".repeat(usize::from(self.padding.0));
        s.push_str(&self.text());
        s
    }

    /// The key as text (`1068/CĐ-TTg`), as `to_string` gives it, in a String sized once.
    pub fn text(&self) -> String {
        use fmt::Write as _;
        let mut s = String::with_capacity(self.symbol.len() + 16);
        // Writing to a String cannot fail.
        let _ = write!(s, "{self}");
        s
    }
}

impl fmt::Display for DocKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Pieces written as they are: keys are written for every reference, and the format
        // machinery cost more than the rest of writing one.
        f.write_str(itoa::Buffer::new().format(self.number))?;
        if let Some(x) = &self.number_suffix {
            f.write_str(x)?;
        }
        match (&self.party_type, self.year) {
            (Some(t), _) => {
                f.write_str("-")?;
                f.write_str(t)?;
            }
            (None, Some(y)) => {
                f.write_str("/")?;
                f.write_str(itoa::Buffer::new().format(y))?;
            }
            (None, None) => {}
        }
        f.write_str("/")?;
        f.write_str(&self.symbol)
    }
}

impl Serialize for DocKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The first part of a symbol (`QĐ` of `QĐ-UBND`, `NQ` of `NQ.CP`): where a type code stands.
pub fn first_part(symbol: &str) -> &str {
    symbol.split(['-', '.', '&']).next().unwrap_or(symbol)
}
