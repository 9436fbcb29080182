//! Fuzz the whole per-document pipeline: decoding, normalization, header, references, resolution.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = vncite::read::decode("fuzz.txt", data) {
        // Every span must point inside the decoded text, at character boundaries.
        for r in vncite::extract_text(&src).iter().flat_map(|d| &d.references) {
            let (s, e) = (r.span.start - src.offset, r.span.end - src.offset);
            assert!(s <= e && e <= src.text.len());
            assert_eq!(&src.text[s..e], r.span.text);
        }
    }
});
