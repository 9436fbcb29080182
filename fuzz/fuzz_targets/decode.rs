//! Fuzz the legacy decoders and the encoding detection.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for enc in vncite::decode::Legacy::ALL {
        let _ = enc.decode(data);
    }
    let _ = vncite::decode::detect(data);
});
