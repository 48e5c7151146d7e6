//! Reading a large email without holding it twice.
//!
//! Parsing a file in memory holds the raw bytes and the decoded attachments
//! at once: an .eml with a 50 MiB attachment is ~68 MB of base64 plus 50 MiB
//! decoded. For files of [`LARGE_INPUT`] or more, vtelink instead streams
//! the file once: it hashes it, copies everything but long base64 bodies
//! into a small stand-in message (each long body replaced by a one-line
//! placeholder), parses that, and decodes each long body straight from the
//! file into the attachment's buffer. A `.msg` is read through the compound
//! file's own index, never loaded whole.
//!
//! The stand-in is only used when the result is unambiguous: each
//! placeholder must come back as exactly one attachment and nowhere else
//! (not in a body, not inside a forwarded message). Otherwise the file is
//! parsed the ordinary way.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::{Email, Loaded, MailError};

/// Files at least this large take the streaming path.
pub const LARGE_INPUT: u64 = 16 * 1024 * 1024;

/// Base64 bodies at least this long are decoded from the file, not parsed.
const LONG_BODY: usize = 1024 * 1024;

/// Lines longer than this are not base64 as mail writes it (RFC 2045: 76).
const MAX_BASE64_LINE: usize = 998;

/// A long base64 body: where it is in the file.
struct Span {
    start: u64,
    end: u64,
}

fn placeholder(index: usize) -> Vec<u8> {
    format!("\u{0}vtelink-streamed-attachment:{index}\u{0}").into_bytes()
}

/// Read a regular file of [`LARGE_INPUT`] bytes or more.
pub(super) fn load(path: &Path, size: u64) -> Result<Loaded, MailError> {
    let read_error = |source| MailError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(read_error)?;
    let mut magic = [0u8; 8];
    let is_cfb = file.read_exact(&mut magic).is_ok() && magic == super::CFB_MAGIC;
    file.seek(SeekFrom::Start(0)).map_err(read_error)?;
    if is_cfb {
        let sha256 = hash_file(&mut file).map_err(read_error)?;
        file.seek(SeekFrom::Start(0)).map_err(read_error)?;
        let email = super::msg::parse_file(file, size).map_err(|reason| MailError::Invalid {
            path: path.to_path_buf(),
            reason,
        })?;
        return Ok(Loaded { email, sha256 });
    }
    let (stand_in, spans, sha256) = stand_in(&mut file).map_err(read_error)?;
    if spans.is_empty() {
        let email = super::parse_bytes(&stand_in, path)?;
        return Ok(Loaded { email, sha256 });
    }
    let mut email = super::parse_bytes(&stand_in, path)?;
    if !fill_in(&mut email, &spans, &mut file).map_err(read_error)? {
        // Ambiguous: parse it the ordinary way.
        drop(email);
        drop(stand_in);
        let raw = super::read_input(path)?;
        let email = super::parse_bytes(&raw, path)?;
        return Ok(Loaded { email, sha256 });
    }
    email.raw_size = size;
    Ok(Loaded { email, sha256 })
}

fn hash_file(file: &mut File) -> std::io::Result<[u8; 32]> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok(hasher.finalize().into());
        }
        hasher.update(&buffer[..n]);
    }
}

/// One pass over the file: its hash, and the stand-in message.
fn stand_in(file: &mut File) -> std::io::Result<(Vec<u8>, Vec<Span>, [u8; 32])> {
    let mut reader = BufReader::with_capacity(1 << 20, &mut *file);
    let mut hasher = Sha256::new();
    let mut out = Vec::new();
    let mut spans = Vec::new();
    let mut line = Vec::new();
    let mut offset: u64 = 0;
    // Header block of the current part (lower-cased, bounded), and whether
    // we are in it.
    let mut headers = String::new();
    let mut in_headers = true;
    let mut base64_body = false;
    let mut run = Run::default();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        hasher.update(&line);
        let here = offset;
        offset += n as u64;
        let content = trim_eol(&line);
        if in_headers {
            out.extend_from_slice(&line);
            if content.is_empty() {
                in_headers = false;
                base64_body = declares_base64(&headers);
                headers.clear();
            } else if headers.len() < 64 * 1024 {
                headers.push_str(&String::from_utf8_lossy(content).to_ascii_lowercase());
                headers.push('\n');
            }
            continue;
        }
        if base64_body && is_base64_line(content) {
            run.push(&line, here);
            continue;
        }
        // Anything else ends a run of base64 lines.
        run.close(&mut out, here, &mut spans);
        out.extend_from_slice(&line);
        if content.starts_with(b"--") {
            // A boundary (or something like one): a part's headers may follow.
            in_headers = true;
            base64_body = false;
            headers.clear();
        }
    }
    run.close(&mut out, offset, &mut spans);
    Ok((out, spans, hasher.finalize().into()))
}

/// The base64 lines seen so far in one body: kept until they are long
/// enough to be streamed from the file instead.
#[derive(Default)]
struct Run {
    kept: Vec<u8>,
    start: u64,
    len: usize,
    streamed: bool,
}

impl Run {
    fn push(&mut self, line: &[u8], offset: u64) {
        if self.len == 0 {
            self.start = offset;
        }
        self.len += line.len();
        if !self.streamed {
            self.kept.extend_from_slice(line);
            if self.kept.len() >= LONG_BODY {
                self.streamed = true;
                self.kept = Vec::new();
            }
        }
    }

    /// End the run at `end`: a long one becomes a placeholder line (and a
    /// span to decode later), a short one goes into the stand-in as it was.
    fn close(&mut self, out: &mut Vec<u8>, end: u64, spans: &mut Vec<Span>) {
        if self.len == 0 {
            return;
        }
        if self.streamed {
            let token = base64::engine::general_purpose::STANDARD.encode(placeholder(spans.len()));
            out.extend_from_slice(token.as_bytes());
            out.extend_from_slice(b"\r\n");
            spans.push(Span {
                start: self.start,
                end,
            });
        } else {
            out.append(&mut self.kept);
        }
        *self = Run::default();
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn declares_base64(headers: &str) -> bool {
    headers.lines().any(|h| {
        h.strip_prefix("content-transfer-encoding:")
            .is_some_and(|v| v.trim() == "base64")
    })
}

fn is_base64_line(line: &[u8]) -> bool {
    !line.is_empty()
        && line.len() <= MAX_BASE64_LINE
        && line
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// Put each streamed body into the attachment that stands for it. False
/// when a placeholder is not exactly one attachment (then nothing is used).
fn fill_in(email: &mut Email, spans: &[Span], file: &mut File) -> std::io::Result<bool> {
    let tokens: Vec<Vec<u8>> = (0..spans.len()).map(placeholder).collect();
    let mut owner: Vec<Option<usize>> = vec![None; spans.len()];
    for (index, attachment) in email.attachments.iter().enumerate() {
        if let Some(k) = tokens.iter().position(|t| *t == attachment.data) {
            if owner[k].replace(index).is_some() {
                return Ok(false);
            }
        } else if contains_marker(&attachment.data) {
            return Ok(false);
        }
    }
    let in_body = |b: &Option<String>| b.as_deref().is_some_and(|b| contains_marker(b.as_bytes()));
    if owner.iter().any(Option::is_none) || in_body(&email.text_body) || in_body(&email.html_body) {
        return Ok(false);
    }
    for (span, index) in spans.iter().zip(owner) {
        let Some(index) = index else { return Ok(false) };
        let data = decode_span(file, span)?;
        if let Some(attachment) = email.attachments.get_mut(index) {
            attachment.size = data.len() as u64;
            attachment.data = data;
        }
    }
    Ok(true)
}

fn contains_marker(data: &[u8]) -> bool {
    const MARKER: &[u8] = b"vtelink-streamed-attachment:";
    // Also its base64 form, as it stands inside a forwarded message.
    const ENCODED: &[u8] = b"AHZ0ZWxpbmstc3RyZWFtZWQtYXR0YWNobWVu";
    data.windows(MARKER.len()).any(|w| w == MARKER)
        || data.windows(ENCODED.len()).any(|w| w == ENCODED)
}

/// Decode one base64 body from the file, a chunk at a time, into a buffer
/// of (about) its final size.
fn decode_span(file: &mut File, span: &Span) -> std::io::Result<Vec<u8>> {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let len = span.end - span.start;
    let mut out = Vec::with_capacity((len / 4 * 3) as usize);
    file.seek(SeekFrom::Start(span.start))?;
    let mut reader = file.take(len);
    let mut chunk = vec![0u8; 1 << 20];
    let mut pending: Vec<u8> = Vec::with_capacity((1 << 20) + 4);
    loop {
        let n = reader.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        pending.extend(
            chunk[..n]
                .iter()
                .copied()
                .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/')),
        );
        let whole = pending.len() / 4 * 4;
        decode_into(&engine, &pending[..whole], &mut out);
        pending.drain(..whole);
    }
    decode_into(&engine, &pending, &mut out);
    Ok(out)
}

fn decode_into(engine: &base64::engine::GeneralPurpose, input: &[u8], out: &mut Vec<u8>) {
    if input.is_empty() {
        return;
    }
    // A final partial quantum keeps the bytes it holds, as the in-memory
    // decoder does.
    if engine.decode_vec(input, out).is_err() {
        out.extend(super::eml::decode_base64_lenient(input).0);
    }
}
