//! The `.msg` reader (cfb + MAPI) must never panic, whatever the bytes. The
//! CFB signature is prepended so every input reaches the compound-file code.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = vtelink::mail::CFB_MAGIC.to_vec();
    bytes.extend_from_slice(
        data.strip_prefix(&vtelink::mail::CFB_MAGIC[..])
            .unwrap_or(data),
    );
    let _ = vtelink::mail::parse_bytes(&bytes, std::path::Path::new("fuzz.msg"));
});
