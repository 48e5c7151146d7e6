//! Building Outlook `.msg` files in tests with the `cfb` writer: streams,
//! UTF-16 strings and MAPI property streams (so tests need no corpus).
#![allow(dead_code)]

use std::io::{Cursor, Write};

pub type Cfb = cfb::CompoundFile<Cursor<Vec<u8>>>;

pub fn stream(cfb: &mut Cfb, path: &str, data: &[u8]) {
    let mut s = cfb.create_stream(path).unwrap();
    s.write_all(data).unwrap();
}

pub fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// A property stream: `header` reserved bytes, then 16-byte entries.
pub fn props(header: usize, entries: &[(u32, [u8; 8])]) -> Vec<u8> {
    let mut out = vec![0u8; header];
    for (tag, value) in entries {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&6u32.to_le_bytes());
        out.extend_from_slice(value);
    }
    out
}

/// A PT_LONG property value.
pub fn long(v: u32) -> [u8; 8] {
    let mut out = [0u8; 8];
    out[..4].copy_from_slice(&v.to_le_bytes());
    out
}
