//! Outlook's compressed RTF (`PR_RTF_COMPRESSED`, [MS-OXRTFCP]) and the
//! recovery of the original HTML or plain text encapsulated in it
//! ([MS-OXRTFEX]). Used only when a `.msg` has no other body.

/// The dictionary every LZFu stream starts with ([MS-OXRTFCP] 2.1.2.1).
const PREBUF: &[u8] = b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
const COMPRESSED: u32 = 0x7546_5a4c; // "LZFu"
const UNCOMPRESSED: u32 = 0x414c_454d; // "MELA"
/// Never inflate beyond this (a hostile header can claim anything).
const MAX_RAW: usize = 64 * 1024 * 1024;

/// Decompress a `PR_RTF_COMPRESSED` stream into RTF bytes.
pub(crate) fn decompress(data: &[u8]) -> Result<Vec<u8>, String> {
    let header = |at: usize| -> Result<u32, String> {
        data.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or_else(|| "compressed RTF header is truncated".to_owned())
    };
    let comp_size = header(0)? as usize;
    let raw_size = header(4)? as usize;
    let magic = header(8)?;
    let body = data.get(16..).unwrap_or_default();
    // comp_size counts the 12 header bytes after itself.
    let body = &body[..comp_size.saturating_sub(12).min(body.len())];
    match magic {
        UNCOMPRESSED => Ok(body[..raw_size.min(body.len())].to_vec()),
        COMPRESSED => Ok(lzfu(body, raw_size.min(MAX_RAW))),
        _ => Err(format!("unknown compressed RTF type {magic:#010x}")),
    }
}

fn lzfu(body: &[u8], raw_size: usize) -> Vec<u8> {
    let mut dict = [0u8; 4096];
    dict[..PREBUF.len()].copy_from_slice(PREBUF);
    let mut write = PREBUF.len();
    let mut out = Vec::with_capacity(raw_size);
    let mut pos = 0;
    'outer: while pos < body.len() {
        let control = body[pos];
        pos += 1;
        for bit in 0..8 {
            if out.len() >= MAX_RAW {
                break 'outer;
            }
            if control & (1 << bit) == 0 {
                let Some(&byte) = body.get(pos) else {
                    break 'outer;
                };
                pos += 1;
                out.push(byte);
                dict[write] = byte;
                write = (write + 1) % 4096;
            } else {
                let (Some(&hi), Some(&lo)) = (body.get(pos), body.get(pos + 1)) else {
                    break 'outer;
                };
                pos += 2;
                let reference = (usize::from(hi) << 8) | usize::from(lo);
                let offset = reference >> 4;
                let length = (reference & 0xf) + 2;
                if offset == write {
                    break 'outer;
                }
                for i in 0..length {
                    let byte = dict[(offset + i) % 4096];
                    out.push(byte);
                    dict[write] = byte;
                    write = (write + 1) % 4096;
                }
            }
        }
    }
    out.truncate(raw_size);
    out
}

/// What an RTF body encapsulates.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Encapsulated {
    Html(String),
    Text(String),
    /// Native RTF: there is no original HTML or text to recover.
    Rtf,
}

/// Recover the encapsulated HTML (`\fromhtml1`) or text (`\fromtext`).
pub(crate) fn de_encapsulate(rtf: &[u8]) -> Encapsulated {
    let head = &rtf[..rtf.len().min(1024)];
    let from_html = find(head, b"\\fromhtml").is_some();
    let from_text = find(head, b"\\fromtext").is_some();
    if !from_html && !from_text {
        return Encapsulated::Rtf;
    }
    let text = extract(rtf, from_html);
    if from_html {
        Encapsulated::Html(text)
    } else {
        Encapsulated::Text(text)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Destinations whose content is never part of the original document.
const SKIPPED_DESTINATIONS: [&[u8]; 10] = [
    b"fonttbl",
    b"colortbl",
    b"stylesheet",
    b"info",
    b"pict",
    b"object",
    b"header",
    b"footer",
    b"listtable",
    b"generator",
];

struct Group {
    /// Inside `\htmlrtf` (RTF-only rendering help, not original content).
    suppressed: bool,
    /// Inside a destination that holds no content.
    skipped: bool,
    /// Characters to drop after `\uN` (the `\ucN` fallback count).
    uc: usize,
}

/// A small RTF reader: enough of [MS-OXRTFEX] to recover HTML or text.
fn extract(rtf: &[u8], html: bool) -> String {
    let mut codepage = 1252u32;
    let mut out: Vec<u8> = Vec::with_capacity(rtf.len());
    let mut text = String::with_capacity(rtf.len());
    let mut stack: Vec<Group> = vec![Group {
        suppressed: false,
        skipped: false,
        uc: 1,
    }];
    let mut pending_skip = 0usize;
    let mut i = 0;
    // Bytes from \'hh escapes are gathered and decoded in the code page.
    let flush = |out: &mut Vec<u8>, text: &mut String, codepage: u32| {
        if !out.is_empty() {
            text.push_str(&super::text::decode_codepage(out, codepage));
            out.clear();
        }
    };
    while i < rtf.len() {
        let (suppressed, skipped) = stack
            .last()
            .map(|g| (g.suppressed, g.skipped))
            .unwrap_or((false, false));
        let active = !suppressed && !skipped;
        let byte = rtf[i];
        match byte {
            b'{' => {
                let top = stack
                    .last()
                    .map(|g| (g.suppressed, g.skipped, g.uc))
                    .unwrap_or((false, false, 1));
                if stack.len() < 1024 {
                    stack.push(Group {
                        suppressed: top.0,
                        skipped: top.1,
                        uc: top.2,
                    });
                }
                // `{\*\htmltag...}` holds original HTML even inside suppression.
                if rtf[i + 1..].starts_with(b"\\*\\htmltag") {
                    if let Some(g) = stack.last_mut() {
                        g.suppressed = false;
                    }
                } else if rtf[i + 1..].starts_with(b"\\*")
                    && let Some(g) = stack.last_mut()
                {
                    g.skipped = true;
                }
                i += 1;
            }
            b'}' => {
                if stack.len() > 1 {
                    stack.pop();
                }
                i += 1;
            }
            b'\\' => {
                let next = rtf.get(i + 1).copied().unwrap_or(0);
                if next == b'\'' {
                    let hex = rtf
                        .get(i + 2..i + 4)
                        .and_then(|h| std::str::from_utf8(h).ok());
                    let value = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
                    if pending_skip > 0 {
                        pending_skip -= 1;
                    } else if let (Some(v), true) = (value, active) {
                        out.push(v);
                    }
                    i += 4;
                    continue;
                }
                flush(&mut out, &mut text, codepage);
                if !next.is_ascii_alphabetic() {
                    // Control symbol: \\ \{ \} are literal; \~ is a hard space.
                    if active {
                        match next {
                            b'\\' | b'{' | b'}' => text.push(next as char),
                            b'~' => text.push('\u{a0}'),
                            _ => {}
                        }
                    }
                    i += 2;
                    continue;
                }
                let start = i + 1;
                let mut end = start;
                while end < rtf.len() && rtf[end].is_ascii_alphabetic() {
                    end += 1;
                }
                let word = &rtf[start..end];
                let mut num_end = end;
                if num_end < rtf.len() && rtf[num_end] == b'-' {
                    num_end += 1;
                }
                while num_end < rtf.len() && rtf[num_end].is_ascii_digit() && num_end - end < 10 {
                    num_end += 1;
                }
                let param: Option<i64> = std::str::from_utf8(&rtf[end..num_end])
                    .ok()
                    .and_then(|s| s.parse().ok());
                i = num_end;
                if i < rtf.len() && rtf[i] == b' ' {
                    i += 1;
                }
                match word {
                    b"htmlrtf" => {
                        if let Some(g) = stack.last_mut() {
                            g.suppressed = param != Some(0);
                        }
                    }
                    b"ansicpg" => {
                        codepage = param.and_then(|p| u32::try_from(p).ok()).unwrap_or(1252)
                    }
                    b"uc" => {
                        if let Some(g) = stack.last_mut() {
                            g.uc = param
                                .and_then(|p| usize::try_from(p).ok())
                                .unwrap_or(1)
                                .min(8);
                        }
                    }
                    b"u" => {
                        if active && let Some(p) = param {
                            let code = if p < 0 { p + 65536 } else { p };
                            let c = u32::try_from(code).ok().and_then(char::from_u32);
                            text.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                        }
                        pending_skip = stack.last().map(|g| g.uc).unwrap_or(1);
                    }
                    b"par" | b"line" if active => text.push_str("\r\n"),
                    b"tab" if active => text.push('\t'),
                    b"htmltag" | b"mhtmltag" => {}
                    w if SKIPPED_DESTINATIONS.contains(&w) => {
                        if let Some(g) = stack.last_mut() {
                            g.skipped = true;
                        }
                    }
                    _ => {}
                }
            }
            b'\r' | b'\n' => i += 1,
            _ => {
                if pending_skip > 0 {
                    pending_skip -= 1;
                } else if active {
                    out.push(byte);
                }
                i += 1;
            }
        }
    }
    flush(&mut out, &mut text, codepage);
    let _ = html;
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncompressed_and_compressed() {
        // [MS-OXRTFCP] 3.1.1: the spec's compressed example.
        let sample: [u8; 49] = [
            0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5,
            0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42,
            0x32, 0x0a, 0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0,
            0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0,
        ];
        let rtf = decompress(&sample).unwrap();
        assert_eq!(
            rtf,
            b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n".to_vec()
        );
        let mela = [
            &15u32.to_le_bytes()[..],
            &3u32.to_le_bytes(),
            &UNCOMPRESSED.to_le_bytes(),
            &[0; 4],
            b"abc",
        ]
        .concat();
        assert_eq!(decompress(&mela).unwrap(), b"abc");
        assert!(decompress(b"short").is_err());
    }

    #[test]
    fn html_is_recovered() {
        let rtf = br"{\rtf1\ansi\ansicpg1252\fromhtml1 {\*\htmltag19 <html>}\htmlrtf {\b x}\htmlrtf0 caf\'e9{\*\htmltag0 </html>}}";
        assert_eq!(
            de_encapsulate(rtf),
            Encapsulated::Html("<html>café</html>".into())
        );
        let plain = br"{\rtf1\ansi\fromtext {\fonttbl{\f0 Arial;}}hello\par world}";
        assert_eq!(
            de_encapsulate(plain),
            Encapsulated::Text("hello\r\nworld".into())
        );
        assert_eq!(de_encapsulate(br"{\rtf1 plain}"), Encapsulated::Rtf);
    }
}
