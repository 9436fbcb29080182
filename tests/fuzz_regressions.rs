//! The fuzz targets' properties on inputs kept from fuzzing and on hand-made edge cases:
//! no panic, every span points at its own text, every canonical own number parses back.
//! (Fuzzing `extract` for 15 minutes, `header` and `decode` for 5 each found no crash; a
//! crashing input found later is added to `CASES`.)

const CASES: &[&[u8]] = &[
    b"",
    b"\xCC\x81\xCC\x81", // combining marks with no base
    b"S\xE1\xBB\x91: /", // `Số: /` and nothing
    b"S\xE1\xBB\x91: 99999999999999999999/UBND-VP", // a number past u32
    b"1/2/3/4/5/6/7/8/9/QD-TTg",
    b"s\xE1\xBB\x91\n\n\n1068/C\xC4\x90-\n\nTTg", // breaks everywhere
    b"\r\r\r\n\n\r",
    b"C\xC3\xB4ng \xC4\x91i\xE1\xBB\x87n n\xC3\xAAu tr\xC3\xAAn",
    b"Lu\xE1\xBA\xADt A ng\xC3\xA0y 31 th\xC3\xA1ng 2 n\xC4\x83m 2021", // an impossible date
    b"1068/ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGH-TTg",
    b"\xEF\xBB\xBF", // a BOM alone
    b"\xFF\xFE\x00", // UTF-16 with an odd byte
    b"| ** | ** |**s\xE1\xBB\x91** 1/**QH15**",
    b"c\xE1\xBB\xA7a c\xE1\xBB\xA7a c\xE1\xBB\xA7a \x80\x81\x82",
];

fn check(data: &[u8]) {
    if let Ok(src) = vncite::read::decode("case.txt", data) {
        for doc in vncite::extract_text(&src) {
            for r in &doc.references {
                let (s, e) = (r.span.start - src.offset, r.span.end - src.offset);
                assert!(s <= e && e <= src.text.len());
                assert_eq!(&src.text[s..e], r.span.text);
            }
            if let Some(k) = doc.number {
                assert_eq!(vncite::DocKey::parse(&k.to_string()), Ok(k));
            }
        }
    }
    for enc in vncite::decode::Legacy::ALL {
        let _ = enc.decode(data);
    }
}

#[test]
fn kept_inputs_hold_the_fuzz_properties() {
    for c in CASES {
        check(c);
    }
}

#[test]
fn the_seeds_cut_at_every_line_hold_them_too() {
    for f in std::fs::read_dir("data").unwrap() {
        let bytes = std::fs::read(f.unwrap().path()).unwrap();
        for (i, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'\n') {
            check(&bytes[..i]);
            check(&bytes[i..]);
        }
    }
}
