//! Compact storage for the graph builder: strings one after another in one buffer, keys
//! interned by an encoding that sorts as they do, and an interner for the few distinct
//! issuers and places. A million documents then cost a few allocations, not millions.

use crate::model::{DocKey, Scheme};
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::hash::BuildHasher;

/// Interns values so a million mentions of one issuer share one copy.
#[derive(Debug)]
pub(super) struct Interner<T: std::hash::Hash + Eq + Clone> {
    values: Vec<T>,
    ids: FxHashMap<T, u32>,
}

impl<T: std::hash::Hash + Eq + Clone> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            values: Vec::new(),
            ids: FxHashMap::default(),
        }
    }
}

impl<T: std::hash::Hash + Eq + Clone> Interner<T> {
    /// The id of `v`, interned on first sight.
    pub(super) fn id(&mut self, v: &T) -> u32 {
        if let Some(&i) = self.ids.get(v) {
            return i;
        }
        let i = self.values.len() as u32;
        self.values.push(v.clone());
        self.ids.insert(v.clone(), i);
        i
    }

    /// The value of an id this interner gave.
    pub(super) fn get(&self, i: u32) -> Option<&T> {
        self.values.get(i as usize)
    }
}

/// Marks an absent string in [`Strings::ends`].
const ABSENT: usize = 1 << (usize::BITS - 1);

/// Optional strings one after another in one buffer, by position: a path or subject per
/// document costs its bytes and one offset instead of an allocation and a 24-byte header.
#[derive(Debug, Default)]
pub(super) struct Strings {
    text: String,
    /// Where each string ends in `text`; [`ABSENT`] set for a string that is not there.
    ends: Vec<usize>,
}

impl Strings {
    /// Appends a string (or its absence); returns its position.
    pub(super) fn push(&mut self, s: Option<&str>) -> u32 {
        let i = self.ends.len() as u32;
        match s {
            Some(s) => {
                self.text.push_str(s);
                self.ends.push(self.text.len());
            }
            None => self.ends.push(self.text.len() | ABSENT),
        }
        i
    }

    /// The string at position `i`, if one was pushed there.
    pub(super) fn get(&self, i: u32) -> Option<&str> {
        let i = i as usize;
        let end = *self.ends.get(i)?;
        if end & ABSENT != 0 {
            return None;
        }
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] & !ABSENT,
        };
        self.text.get(start..end)
    }

    /// The string at `i`, or the empty string.
    pub(super) fn str(&self, i: u32) -> &str {
        self.get(i).unwrap_or("")
    }

    /// How many strings (and absences) were pushed.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }
}

/// Document keys interned by [`encode`]d bytes: about 25 bytes a key where a `DocKey` in a map
/// costs 150. Ids are given in order of first sight; [`Keys::sorted`] gives them in key order.
#[derive(Debug, Default)]
pub(super) struct Keys {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    /// The zeros each key was first written with (a key's identity never sees them).
    padding: Vec<u8>,
    table: hashbrown::HashTable<u32>,
    scratch: Vec<u8>,
}

impl Keys {
    fn bytes_of<'a>(bytes: &'a [u8], ends: &[usize], i: u32) -> &'a [u8] {
        let i = i as usize;
        let start = if i == 0 { 0 } else { ends[i - 1] };
        &bytes[start..ends[i]]
    }

    /// The encoded key `i`.
    fn encoded(&self, i: u32) -> &[u8] {
        Keys::bytes_of(&self.bytes, &self.ends, i)
    }

    /// The id of `key`, interned on first sight.
    pub(super) fn id(&mut self, key: &DocKey) -> u32 {
        let mut enc = std::mem::take(&mut self.scratch);
        enc.clear();
        encode(key, &mut enc);
        let hash = FxBuildHasher.hash_one(&enc[..]);
        let Keys {
            bytes,
            ends,
            table,
            padding,
            ..
        } = self;
        let found = table
            .find(hash, |&i| Keys::bytes_of(bytes, ends, i) == &enc[..])
            .copied();
        let id = match found {
            Some(i) => i,
            None => {
                let i = ends.len() as u32;
                bytes.extend_from_slice(&enc);
                ends.push(bytes.len());
                padding.push(key.padding.0);
                table.insert_unique(hash, i, |&j| {
                    FxBuildHasher.hash_one(Keys::bytes_of(bytes, ends, j))
                });
                i
            }
        };
        self.scratch = enc;
        id
    }

    /// How many keys.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The key `i`, with the zeros it was first written with.
    pub(super) fn get(&self, i: u32) -> Option<DocKey> {
        if i as usize >= self.len() {
            return None;
        }
        let mut k = decode(self.encoded(i))?;
        k.padding.0 = *self.padding.get(i as usize)?;
        Some(k)
    }

    /// Every key id, in key order (as `DocKey`'s `Ord` sorts them).
    pub(super) fn sorted(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = (0..self.len() as u32).collect();
        ids.sort_unstable_by(|&a, &b| self.encoded(a).cmp(self.encoded(b)));
        ids
    }

    /// Frees the hash table: no key is interned after this.
    pub(super) fn freeze(&mut self) {
        self.table = hashbrown::HashTable::new();
        self.scratch = Vec::new();
    }
}

/// Writes a string that other fields follow: a NUL byte as `0 255`, the end as `0 0`, so that
/// encodings compare as the strings do.
fn push_str(out: &mut Vec<u8>, s: &str) {
    for &b in s.as_bytes() {
        out.push(b);
        if b == 0 {
            out.push(255);
        }
    }
    out.extend_from_slice(&[0, 0]);
}

fn push_opt_str(out: &mut Vec<u8>, s: &Option<String>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            push_str(out, s);
        }
    }
}

/// A key's identity as bytes that compare (`memcmp`) as `DocKey`'s `Ord` compares keys:
/// its fields in declaration order, numbers big-endian, `None` before `Some`. The padding is
/// no part of it, as it is no part of the key's identity.
pub(super) fn encode(k: &DocKey, out: &mut Vec<u8>) {
    out.extend_from_slice(&k.number.to_be_bytes());
    push_opt_str(out, &k.number_suffix);
    out.push(match k.scheme {
        Scheme::State => 0,
        Scheme::Legal => 1,
        Scheme::Party => 2,
    });
    match k.year {
        None => out.push(0),
        Some(y) => {
            out.push(1);
            out.extend_from_slice(&y.to_be_bytes());
        }
    }
    push_opt_str(out, &k.party_type);
    // Last: no end mark needed, and a prefix sorts first as with strings.
    out.extend_from_slice(k.symbol.as_bytes());
}

/// Reads bytes [`encode`] wrote.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (a, b) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = b;
        Some(a)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn string(&mut self) -> Option<String> {
        let mut v = Vec::new();
        loop {
            match self.byte()? {
                0 => match self.byte()? {
                    0 => break,
                    _ => v.push(0),
                },
                b => v.push(b),
            }
        }
        String::from_utf8(v).ok()
    }

    fn opt_string(&mut self) -> Option<Option<String>> {
        match self.byte()? {
            0 => Some(None),
            _ => Some(Some(self.string()?)),
        }
    }
}

/// The key [`encode`] wrote (padding none); `None` for bytes it did not write.
pub(super) fn decode(bytes: &[u8]) -> Option<DocKey> {
    let mut r = Reader(bytes);
    let number = u32::from_be_bytes(r.take(4)?.try_into().ok()?);
    let number_suffix = r.opt_string()?;
    let scheme = match r.byte()? {
        0 => Scheme::State,
        1 => Scheme::Legal,
        _ => Scheme::Party,
    };
    let year = match r.byte()? {
        0 => None,
        _ => Some(u16::from_be_bytes(r.take(2)?.try_into().ok()?)),
    };
    let party_type = r.opt_string()?;
    let symbol = String::from_utf8(r.0.to_vec()).ok()?;
    Some(DocKey {
        number,
        number_suffix,
        scheme,
        year,
        party_type,
        symbol,
        padding: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(
        number: u32,
        suffix: Option<&str>,
        scheme: Scheme,
        year: Option<u16>,
        party: Option<&str>,
        symbol: &str,
    ) -> DocKey {
        DocKey {
            number,
            number_suffix: suffix.map(str::to_string),
            scheme,
            year,
            party_type: party.map(str::to_string),
            symbol: symbol.to_string(),
            padding: Default::default(),
        }
    }

    #[test]
    fn encoded_keys_sort_as_keys_and_read_back() {
        let keys = vec![
            key(9, None, Scheme::State, None, None, "CT-UBND"),
            key(10, None, Scheme::State, None, None, "CT-UBND"),
            key(10, None, Scheme::State, None, None, "CT"),
            key(10, Some(".7"), Scheme::Legal, Some(2025), None, "NQ-CP"),
            key(10, Some(""), Scheme::Legal, Some(2025), None, "NQ-CP"),
            key(10, Some("a\0b"), Scheme::Legal, Some(2025), None, "NQ-CP"),
            key(10, Some("a"), Scheme::Legal, Some(2025), None, "NQ-CP"),
            key(10, None, Scheme::Legal, Some(2021), None, "QĐ-TTg"),
            key(10, None, Scheme::Legal, None, None, "QĐ-TTg"),
            key(892, None, Scheme::Party, None, Some("CV"), "TU"),
            key(892, None, Scheme::Party, None, Some("C"), "TU"),
            key(892, None, Scheme::Party, Some(1), Some("CV"), "TU"),
            key(u32::MAX, None, Scheme::State, None, None, ""),
        ];
        let mut by_key = keys.clone();
        by_key.sort();
        let mut by_bytes = keys.clone();
        let enc = |k: &DocKey| {
            let mut v = Vec::new();
            encode(k, &mut v);
            v
        };
        by_bytes.sort_by_key(enc);
        assert_eq!(by_key, by_bytes);
        for k in &keys {
            assert_eq!(decode(&enc(k)).as_ref(), Some(k));
        }
        let mut interned = Keys::default();
        let ids: Vec<u32> = keys.iter().map(|k| interned.id(k)).collect();
        assert_eq!(ids, (0..keys.len() as u32).collect::<Vec<_>>());
        assert_eq!(interned.id(&keys[3]), 3);
        let sorted: Vec<DocKey> = interned
            .sorted()
            .into_iter()
            .filter_map(|i| interned.get(i))
            .collect();
        assert_eq!(sorted, by_key);
    }

    #[test]
    fn strings_keep_absence_and_empty_apart() {
        let mut s = Strings::default();
        let a = s.push(Some("a/b.txt"));
        let b = s.push(None);
        let c = s.push(Some(""));
        let d = s.push(Some("Sơn La"));
        assert_eq!(
            (s.get(a), s.get(b), s.get(c), s.get(d)),
            (Some("a/b.txt"), None, Some(""), Some("Sơn La"))
        );
        assert_eq!(s.get(9), None);
        assert_eq!(s.len(), 4);
    }
}
