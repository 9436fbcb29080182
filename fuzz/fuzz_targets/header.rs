//! Fuzz the header parser and key canonicalization on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let norm = vncite::normalize::normalize(text);
    let h = vncite::extract::header::parse(&norm.text);
    if let Some(k) = h.number {
        // A canonical key parses back to itself.
        assert_eq!(vncite::DocKey::parse(&k.to_string()), Ok(k));
    }
    let _ = vncite::DocKey::parse(text);
});
