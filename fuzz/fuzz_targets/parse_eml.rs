//! The `.eml` reader must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A leading CFB signature would route to the .msg reader: keep this
    // target on the MIME path.
    if vtelink::mail::is_cfb(data) {
        return;
    }
    let _ = vtelink::mail::parse_bytes(data, std::path::Path::new("fuzz.eml"));
});
