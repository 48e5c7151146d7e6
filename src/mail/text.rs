//! Small text helpers shared by the `.eml` and `.msg` readers: header
//! unfolding, address normalisation and Windows code pages.

use encoding_rs::Encoding;

use super::Address;

/// Whitespace as Python's `str.strip()` sees it (Rust's `trim` misses the
/// information separators U+001C..U+001F).
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Remove folding (every LF and the CR before it), then trim.
pub(crate) fn unfold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {}
            c => out.push(c),
        }
    }
    out.trim_matches(is_py_space).to_owned()
}

/// Unfolded, trimmed, and `None` when nothing is left.
pub(crate) fn non_empty(text: &str) -> Option<String> {
    let text = unfold(text);
    (!text.is_empty()).then_some(text)
}

/// Drop trailing NULs (MAPI strings are often NUL-terminated).
pub(crate) fn strip_nuls(text: &str) -> &str {
    text.trim_end_matches('\0')
}

/// A mailbox with its address lower-cased and trimmed, and an empty display
/// name dropped; `None` without an address.
pub(crate) fn address(name: Option<&str>, addr: &str) -> Option<Address> {
    let addr = addr.trim_matches(is_py_space).to_lowercase();
    let name = name.and_then(non_empty).map(|n| unquote(&n));
    if addr.is_empty() {
        return None;
    }
    // Outlook wraps copied names in single quotes and repeats bare
    // addresses as names; neither is a display name.
    let name = name
        .map(
            |n| match n.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
                Some(inner) if !inner.trim().is_empty() => inner.trim().to_owned(),
                _ => n,
            },
        )
        .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case(&addr));
    Some(Address {
        name,
        address: addr,
    })
}

/// `"Doe, John"` → `Doe, John` (with `\"` and `\\` unescaped).
pub(crate) fn unquote(name: &str) -> String {
    let Some(inner) = name
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        return name.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

/// The encoding for a Windows code page number (`PR_MESSAGE_CODEPAGE`,
/// `PR_INTERNET_CPID`); `None` for unknown numbers.
pub(crate) fn encoding_for_codepage(codepage: u32) -> Option<&'static Encoding> {
    use encoding_rs::*;
    Some(match codepage {
        874 => WINDOWS_874,
        932 => SHIFT_JIS,
        936 => GBK,
        949 => EUC_KR,
        950 => BIG5,
        1200 => UTF_16LE,
        1201 => UTF_16BE,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1252 | 20127 | 28591 => WINDOWS_1252,
        1253 => WINDOWS_1253,
        1254 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        10000 => MACINTOSH,
        20866 => KOI8_R,
        21866 => KOI8_U,
        28592 => ISO_8859_2,
        28593 => ISO_8859_3,
        28594 => ISO_8859_4,
        28595 => ISO_8859_5,
        28596 => ISO_8859_6,
        28597 => ISO_8859_7,
        28598 => ISO_8859_8,
        28603 => ISO_8859_13,
        28605 => ISO_8859_15,
        50220..=50222 => ISO_2022_JP,
        51932 => EUC_JP,
        51936 => GBK,
        51949 => EUC_KR,
        52936 | 54936 => GB18030,
        65001 => UTF_8,
        _ => return None,
    })
}

/// The ANSI code page Outlook used for a locale (`PR_MESSAGE_LOCALE_ID`),
/// when the message does not state its code page.
pub(crate) fn codepage_for_locale(lcid: u32) -> u32 {
    let primary = lcid & 0x3ff;
    match primary {
        0x11 => 932,
        0x04 => match lcid {
            0x0404 | 0x0c04 | 0x1404 => 950,
            _ => 936,
        },
        0x12 => 949,
        0x1e => 874,
        0x2a => 1258,
        0x08 => 1253,
        0x1f => 1254,
        0x0d => 1255,
        0x01 => 1256,
        0x25..=0x27 => 1257,
        0x19 | 0x22 | 0x02 | 0x23 | 0x2f => 1251,
        // Serbian Cyrillic shares the primary language of Croatian.
        0x1a if lcid == 0x0c1a || lcid == 0x1c1a => 1251,
        0x05 | 0x0e | 0x15 | 0x1a | 0x1b | 0x24 | 0x18 => 1250,
        _ => 1252,
    }
}

/// Decode 8-bit text in a code page (unknown code pages read as cp1252).
pub(crate) fn decode_codepage(bytes: &[u8], codepage: u32) -> String {
    let encoding = encoding_for_codepage(codepage).unwrap_or(encoding_rs::WINDOWS_1252);
    let (text, _, _) = encoding.decode(bytes);
    text.into_owned()
}

/// UTF-16LE bytes to a string (odd trailing byte ignored, bad surrogates
/// replaced).
pub(crate) fn decode_utf16le(bytes: &[u8]) -> String {
    let units = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfold_like_python() {
        assert_eq!(unfold("a\r\n b"), "a b");
        assert_eq!(unfold("a\r\nb"), "ab");
        assert_eq!(unfold(" \u{1f}x\r "), "x");
    }

    #[test]
    fn addresses_are_normalised() {
        let a = address(Some(" \"Doe, J\\\"o\" "), " John@EXAMPLE.com ").unwrap();
        assert_eq!(a.address, "john@example.com");
        assert_eq!(a.name.as_deref(), Some("Doe, J\"o"));
        assert!(address(Some("x"), "  ").is_none());
        let quoted = address(Some("'Roy W'"), "roy@example.com").unwrap();
        assert_eq!(quoted.name.as_deref(), Some("Roy W"));
        let repeated = address(Some("Nick@Example.com"), "nick@example.com").unwrap();
        assert_eq!(repeated.name, None);
    }

    #[test]
    fn locales() {
        assert_eq!(codepage_for_locale(0x0411), 932);
        assert_eq!(codepage_for_locale(0x0404), 950);
        assert_eq!(codepage_for_locale(0x0804), 936);
        assert_eq!(codepage_for_locale(0x0407), 1252);
        assert_eq!(codepage_for_locale(0x0419), 1251);
    }
}
