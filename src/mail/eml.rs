//! `.eml` (RFC 5322 / MIME) reader on `mail-parser`.
//!
//! `mail-parser` does the hard parts (MIME tree, RFC 2047/2231, charsets);
//! this module chooses the bodies and the attachments the way Python's
//! `email` package does (`get_body()` and a depth-first walk over the
//! leaves), so that results agree with independent parsers, and turns every
//! sign of damage into a warning instead of an error.

use std::borrow::Cow;

use mail_parser::{
    Encoding, Header, HeaderName, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders,
    PartType,
};

use super::text::{address, non_empty, unfold};
use super::{Address, Attachment, Email, Format};
use crate::l10n::{Arg, Msg};
use crate::msg;

/// Main types that make any leaf an attachment (as Python's oracle does).
const FILE_MAIN_TYPES: [&str; 6] = ["image", "audio", "video", "application", "font", "model"];

pub(crate) fn parse(input: &[u8]) -> Result<Email, Msg> {
    let mut warnings = Vec::new();
    let bytes = normalise_line_endings(input, &mut warnings);
    // mail-parser promises not to panic; the guard keeps a broken promise
    // from ever becoming a crash.
    let parsed = std::panic::catch_unwind(|| MessageParser::default().parse(bytes.as_ref()))
        .map_err(|_| msg!("mail-unreadable-mime"))?;
    let message = parsed.ok_or_else(|| msg!("mail-no-header-lines"))?;
    let root_headers = message
        .parts
        .first()
        .map(|p| p.headers.as_slice())
        .unwrap_or(&[]);
    if !root_headers.iter().any(|h| !h.name.is_other()) {
        return Err(msg!("mail-no-header"));
    }
    let mut email = Email::empty(Format::Eml, input.len());
    email.warnings = warnings;
    read_headers(&message, bytes.as_ref(), &mut email);
    let decoded = read_parts(&message, bytes.as_ref(), &mut email);
    move_decoded(message, decoded, &mut email);
    Ok(email)
}

/// Attachment `.0` gets the bytes mail-parser decoded for part `.1`.
type Decoded = Vec<(usize, usize)>;

/// Move decoded attachment bytes out of mail-parser's parts instead of
/// copying them: a 50 MiB attachment is then held once, not twice.
fn move_decoded(mut message: Message<'_>, decoded: Decoded, email: &mut Email) {
    for (attachment, part) in decoded {
        let (Some(file), Some(part)) = (
            email.attachments.get_mut(attachment),
            message.parts.get_mut(part),
        ) else {
            continue;
        };
        let body = std::mem::replace(&mut part.body, PartType::Text(Cow::Borrowed("")));
        if let PartType::Binary(bytes) | PartType::InlineBinary(bytes) = body {
            file.data = bytes.into_owned();
        }
    }
}

/// Files saved with bare CR line endings (old Mac tools) would otherwise be
/// one endless header line.
fn normalise_line_endings<'a>(input: &'a [u8], warnings: &mut Vec<Msg>) -> Cow<'a, [u8]> {
    let input = skip_leading_junk(input, warnings);
    if input.contains(&b'\n') || !input.contains(&b'\r') {
        return Cow::Borrowed(input);
    }
    warnings.push(msg!("mail-bare-cr"));
    let mut out = Vec::with_capacity(input.len() + input.len() / 32);
    for &b in input {
        out.push(b);
        if b == b'\r' {
            out.push(b'\n');
        }
    }
    Cow::Owned(out)
}

/// Lines of only spaces before the first header (some tools pad files) and
/// an mbox `From ` separator line are not part of the message.
fn skip_leading_junk<'a>(mut input: &'a [u8], warnings: &mut Vec<Msg>) -> &'a [u8] {
    let mut padding = 0;
    let mut first = true;
    while let Some(end) = input.iter().position(|&b| b == b'\n') {
        let line = &input[..end];
        let blank_padding = !line.is_empty()
            && line.iter().all(|&b| b == b' ' || b == b'\t' || b == b'\r')
            && line != b"\r";
        // An mbox separator is normal for mail saved from mbox: no warning.
        let mbox_separator = first && line.starts_with(b"From ");
        if !(blank_padding || mbox_separator) || padding >= 16 {
            break;
        }
        input = &input[end + 1..];
        padding += usize::from(blank_padding);
        first = false;
    }
    if padding > 0 {
        warnings.push(msg!("mail-skipped-blank-lines", count = padding));
    }
    input
}

fn first<'a, 'x>(headers: &'a [Header<'x>], name: &HeaderName<'_>) -> Option<&'a Header<'x>> {
    headers.iter().find(|h| &h.name == name)
}

fn raw_value<'a>(raw: &'a [u8], header: &Header<'_>) -> Cow<'a, str> {
    let start = header.offset_start as usize;
    let end = (header.offset_end as usize).min(raw.len());
    String::from_utf8_lossy(raw.get(start..end).unwrap_or_default())
}

fn read_headers(message: &Message<'_>, raw: &[u8], email: &mut Email) {
    let headers = message
        .parts
        .first()
        .map(|p| p.headers.as_slice())
        .unwrap_or(&[]);
    header_block_warnings(raw, message, &mut email.warnings);

    email.message_id =
        first(headers, &HeaderName::MessageId).and_then(|h| non_empty(&raw_value(raw, h)));
    email.in_reply_to =
        first(headers, &HeaderName::InReplyTo).and_then(|h| ids(&h.value).into_iter().next());
    email.references = first(headers, &HeaderName::References)
        .map(|h| ids(&h.value))
        .unwrap_or_default();

    if let Some(header) = first(headers, &HeaderName::Date) {
        email.date = header.value.as_datetime().and_then(super::mail_date);
        if email.date.is_none() {
            email.warnings.push(msg!(
                "mail-bad-date",
                value = format!("{:?}", truncate(&unfold(&raw_value(raw, header)), 80))
            ));
        }
    }

    email.from =
        first(headers, &HeaderName::From).and_then(|h| mailboxes(&h.value).into_iter().next());
    email.sender =
        first(headers, &HeaderName::Sender).and_then(|h| mailboxes(&h.value).into_iter().next());
    email.reply_to =
        first(headers, &HeaderName::ReplyTo).and_then(|h| mailboxes(&h.value).into_iter().next());
    email.to = first(headers, &HeaderName::To)
        .map(|h| mailboxes(&h.value))
        .unwrap_or_default();
    email.cc = first(headers, &HeaderName::Cc)
        .map(|h| mailboxes(&h.value))
        .unwrap_or_default();
    email.bcc = first(headers, &HeaderName::Bcc)
        .map(|h| mailboxes(&h.value))
        .unwrap_or_default();

    email.subject = first(headers, &HeaderName::Subject)
        .and_then(|h| h.value.as_text())
        .map(|s| s.replace('\0', ""))
        .and_then(|s| non_empty(&s));
    email.x_mailer = headers
        .iter()
        .find(|h| h.name.as_str().eq_ignore_ascii_case("x-mailer"))
        .and_then(|h| h.value.as_text())
        .and_then(non_empty);

    if email
        .subject
        .as_deref()
        .is_some_and(|v| v.contains('\u{fffd}'))
    {
        email.warnings.push(msg!("mail-subject-undecodable"));
    }
}

/// Message ids keep their angle brackets, as written in headers.
fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    let bracket = |id: &str| {
        let id = id.trim();
        if id.is_empty() {
            None
        } else {
            Some(format!("<{id}>"))
        }
    };
    match value {
        HeaderValue::Text(id) => bracket(id).into_iter().collect(),
        HeaderValue::TextList(list) => list.iter().filter_map(|id| bracket(id)).collect(),
        _ => Vec::new(),
    }
}

/// Every mailbox of an address header, groups flattened, empty addresses
/// skipped.
fn mailboxes(value: &HeaderValue<'_>) -> Vec<Address> {
    let Some(list) = value.as_address() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|a| address(a.name(), a.address().unwrap_or("")))
        .collect()
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// Damage in the top header block that mail-parser silently survives.
fn header_block_warnings(raw: &[u8], message: &Message<'_>, warnings: &mut Vec<Msg>) {
    let end = message
        .parts
        .first()
        .map(|p| p.offset_body as usize)
        .unwrap_or(0)
        .min(raw.len());
    let block = &raw[..end];
    if block.iter().any(|&b| b >= 0x80) {
        warnings.push(msg!("mail-header-8bit"));
    }
    if block.contains(&0) {
        warnings.push(msg!("mail-header-nul"));
    }
    for (number, line) in block.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() || line[0] == b' ' || line[0] == b'\t' {
            continue;
        }
        if !line.contains(&b':') {
            warnings.push(msg!("mail-header-no-colon", line = number + 1));
            break;
        }
    }
}

/// The part's content type as (main, sub), lower-case, with the RFC 2046
/// defaults (text/plain, or message/rfc822 inside multipart/digest).
fn mime_type(part: &MessagePart<'_>, in_digest: bool) -> (String, String) {
    match part.content_type() {
        Some(ct) => (
            ct.ctype().to_ascii_lowercase(),
            ct.subtype().unwrap_or("").to_ascii_lowercase(),
        ),
        None if in_digest => ("message".into(), "rfc822".into()),
        None => ("text".into(), "plain".into()),
    }
}

fn is_attachment_disposition(part: &MessagePart<'_>) -> bool {
    part.content_disposition()
        .is_some_and(|d| d.ctype().eq_ignore_ascii_case("attachment"))
}

fn strip_brackets(id: &str) -> &str {
    let id = id.trim();
    id.strip_prefix('<')
        .and_then(|i| i.strip_suffix('>'))
        .unwrap_or(id)
}

/// Python's `get_body(preferencelist=(wanted,))`: the first `text/<wanted>`
/// in depth-first order, not under an attachment, only the root of a
/// `multipart/related`, never inside an embedded message.
fn find_body(message: &Message<'_>, wanted: &str) -> Option<usize> {
    let mut stack: Vec<(usize, bool)> = vec![(0, false)];
    while let Some((id, in_digest)) = stack.pop() {
        let part = message.parts.get(id)?;
        if is_attachment_disposition(part) {
            continue;
        }
        let (main, sub) = mime_type(part, in_digest);
        if main == "text" {
            if sub == wanted {
                return Some(id);
            }
            continue;
        }
        if main != "multipart" {
            continue;
        }
        let Some(children) = part.sub_parts().filter(|c| !c.is_empty()) else {
            continue;
        };
        let digest = sub == "digest";
        if sub != "related" {
            stack.extend(children.iter().rev().map(|&c| (c as usize, digest)));
            continue;
        }
        let start = part.content_type().and_then(|ct| ct.attribute("start"));
        let root = start
            .and_then(|start| {
                children.iter().find(|&&c| {
                    message
                        .parts
                        .get(c as usize)
                        .and_then(|p| p.content_id())
                        .is_some_and(|cid| strip_brackets(cid) == strip_brackets(start))
                })
            })
            .or_else(|| children.first());
        if let Some(&root) = root {
            stack.push((root as usize, false));
        }
    }
    None
}

fn part_text(part: &MessagePart<'_>) -> String {
    match &part.body {
        PartType::Text(t) | PartType::Html(t) => t.to_string(),
        other => String::from_utf8_lossy(match other {
            PartType::Binary(b) | PartType::InlineBinary(b) => b.as_ref(),
            _ => &[],
        })
        .into_owned(),
    }
}

fn read_parts(message: &Message<'_>, raw: &[u8], email: &mut Email) -> Decoded {
    let text_id = find_body(message, "plain");
    let html_id = find_body(message, "html");
    email.text_body = text_id.and_then(|id| message.parts.get(id)).map(part_text);
    email.html_body = html_id.and_then(|id| message.parts.get(id)).map(part_text);

    let mut budget = MAX_RECOVERIES;
    let mut decoded = Decoded::new();
    walk_leaves(
        message,
        raw,
        (text_id, html_id),
        email,
        &mut budget,
        Some(&mut decoded),
    );
    decoded
}

/// How many times, in the whole message, a swallowed sibling list is
/// re-parsed (each time a strictly shorter suffix of the input): bounded so
/// that hostile input cannot multiply the work.
const MAX_RECOVERIES: usize = 16;

/// Depth-first over the leaves, in document order, without recursion
/// (200 nested multiparts must not exhaust the stack); every file-like leaf
/// becomes an attachment.
fn walk_leaves(
    message: &Message<'_>,
    raw: &[u8],
    bodies: (Option<usize>, Option<usize>),
    email: &mut Email,
    budget: &mut usize,
    // Where to note attachments whose decoded bytes are moved out of
    // `message` afterwards; `None`: copy them now (a temporary message).
    mut decoded: Option<&mut Decoded>,
) {
    // (part id, inside multipart/digest, parent's boundary, last child?)
    let mut stack: Vec<(usize, bool, Option<String>, bool)> = vec![(0, false, None, true)];
    let mut full_searches = 0;
    while let Some((id, in_digest, parent_boundary, is_last)) = stack.pop() {
        let Some(part) = message.parts.get(id) else {
            continue;
        };
        let (main, sub) = mime_type(part, in_digest);
        if main == "multipart" {
            boundary_warning(message, part, raw, &mut full_searches, &mut email.warnings);
            if let Some(children) = part.sub_parts().filter(|c| !c.is_empty()) {
                let digest = sub == "digest";
                let boundary = part
                    .content_type()
                    .and_then(|ct| ct.attribute("boundary"))
                    .map(str::to_owned);
                let last = children.len() - 1;
                stack.extend(
                    children
                        .iter()
                        .enumerate()
                        .rev()
                        .map(|(i, &c)| (c as usize, digest, boundary.clone(), i == last)),
                );
                continue;
            }
        }
        if Some(id) == bodies.0 || Some(id) == bodies.1 {
            charset_warnings(part, id, &mut email.warnings);
            continue;
        }
        let name = part.attachment_name().and_then(non_empty);
        let is_message = main == "message" && (sub == "rfc822" || sub == "global");
        let is_file = is_attachment_disposition(part)
            || name.is_some()
            || FILE_MAIN_TYPES.contains(&main.as_str())
            || is_message;
        if !is_file {
            continue;
        }
        let mut file = attachment(part, raw, name, &main, &sub, id, &mut email.warnings);
        if let PartType::Binary(bytes) | PartType::InlineBinary(bytes) = &part.body
            && is_moveable(part)
        {
            match decoded.as_deref_mut() {
                Some(decoded) => decoded.push((email.attachments.len(), id)),
                None => file.data = bytes.to_vec(),
            }
        }
        // A forwarded message cut off inside its header block makes
        // mail-parser read the parent's next boundary as more headers, so
        // the following siblings vanish into it. Cut it at that boundary and
        // parse what follows as the rest of the parent.
        if let (true, Encoding::None, Some(boundary)) =
            (is_message, part.encoding, parent_boundary.as_deref())
            && let Some(cut) = find_boundary_line(&file.data, boundary.as_bytes())
        {
            let body_start = (part.offset_body as usize).min(raw.len());
            let rest_start = (body_start + cut).min(raw.len());
            file.data.truncate(trim_newline(&file.data, cut));
            file.size = file.data.len() as u64;
            email.attachments.push(file);
            // Only a last child can have swallowed siblings that mail-parser
            // does not list itself (no duplicates).
            if is_last && *budget > 0 {
                *budget -= 1;
                email.warnings.push(msg!(
                    "mail-forward-without-body",
                    boundary = format!("{:?}", truncate(boundary, 70))
                ));
                recover_siblings(&raw[rest_start..], boundary, email, budget);
            }
            continue;
        }
        email.attachments.push(file);
    }
}

/// Position of a line that starts with `--boundary` (at a line start).
fn find_boundary_line(data: &[u8], boundary: &[u8]) -> Option<usize> {
    let mut line_start = 0;
    for line in data.split(|&b| b == b'\n') {
        if line.len() >= boundary.len() + 2
            && line.starts_with(b"--")
            && line[2..].starts_with(boundary)
        {
            return Some(line_start);
        }
        line_start += line.len() + 1;
    }
    None
}

/// Where the data ends once the line break before `at` is dropped.
fn trim_newline(data: &[u8], at: usize) -> usize {
    let mut end = at.min(data.len());
    if end > 0 && data[end - 1] == b'\n' {
        end -= 1;
    }
    if end > 0 && data[end - 1] == b'\r' {
        end -= 1;
    }
    end
}

fn recover_siblings(rest: &[u8], boundary: &str, email: &mut Email, budget: &mut usize) {
    let mut synthetic =
        format!("Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n").into_bytes();
    synthetic.extend_from_slice(rest);
    let parsed = std::panic::catch_unwind(|| MessageParser::default().parse(&synthetic[..]));
    if let Ok(Some(message)) = parsed {
        walk_leaves(&message, &synthetic, (None, None), email, budget, None);
    }
}

fn attachment(
    part: &MessagePart<'_>,
    raw: &[u8],
    filename: Option<String>,
    main: &str,
    sub: &str,
    id: usize,
    warnings: &mut Vec<Msg>,
) -> Attachment {
    let label: Arg = match &filename {
        Some(name) => name.into(),
        None => msg!("mail-part", number = id + 1).into(),
    };
    let mut size = None;
    let data: Vec<u8> = match &part.body {
        PartType::Message(nested) => {
            if part.encoding == Encoding::None {
                body_slice(part, raw).to_vec()
            } else {
                nested.raw_message().to_vec()
            }
        }
        // Decoded by mail-parser: the caller moves (or copies) the bytes in.
        PartType::Binary(b) | PartType::InlineBinary(b) if !part.is_encoding_problem => {
            size = Some(b.len());
            Vec::new()
        }
        // Text parts were charset-decoded by mail-parser: the file the user
        // wants is the original bytes, so decode the transfer encoding again.
        _ => {
            let (bytes, clean) = decode_transfer(part, body_slice(part, raw));
            if !clean || part.is_encoding_problem {
                warnings.push(msg!(
                    "mail-attachment-damaged-encoding",
                    name = label.clone()
                ));
            }
            bytes
        }
    };
    if main == "application" && (sub == "ms-tnef" || sub == "vnd.ms-tnef")
        || filename
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case("winmail.dat"))
    {
        warnings.push(msg!("mail-tnef", name = label));
    }
    let disposition = part
        .content_disposition()
        .map(|d| d.ctype().to_ascii_lowercase());
    let content_id = part.content_id().map(strip_brackets).and_then(non_empty);
    let inline = match disposition.as_deref() {
        Some("inline") => true,
        Some(_) => false,
        None => content_id.is_some(),
    };
    Attachment {
        filename,
        content_type: if sub.is_empty() {
            format!("{main}/octet-stream")
        } else {
            format!("{main}/{sub}")
        },
        size: size.unwrap_or(data.len()) as u64,
        content_id,
        inline,
        data,
    }
}

/// A leaf whose decoded bytes can be moved out of mail-parser as they are.
fn is_moveable(part: &MessagePart<'_>) -> bool {
    matches!(part.body, PartType::Binary(_) | PartType::InlineBinary(_))
        && !part.is_encoding_problem
}

fn body_slice<'a>(part: &MessagePart<'_>, raw: &'a [u8]) -> &'a [u8] {
    let start = (part.offset_body as usize).min(raw.len());
    let end = (part.offset_end as usize).clamp(start, raw.len());
    &raw[start..end]
}

/// Undo the Content-Transfer-Encoding leniently: (bytes, was it clean?).
fn decode_transfer(part: &MessagePart<'_>, body: &[u8]) -> (Vec<u8>, bool) {
    let cte = part
        .content_transfer_encoding()
        .map(|c| c.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match cte.as_str() {
        "base64" => decode_base64_lenient(body),
        "quoted-printable" => (decode_qp(body), true),
        _ => (body.to_vec(), true),
    }
}

/// Base64 that skips whitespace and stray characters and keeps the bytes of
/// complete quanta (and of a final partial quantum).
pub(crate) fn decode_base64_lenient(body: &[u8]) -> (Vec<u8>, bool) {
    fn value(b: u8) -> Option<u32> {
        match b {
            b'A'..=b'Z' => Some(u32::from(b - b'A')),
            b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(body.len() / 4 * 3);
    let mut clean = true;
    let mut acc = 0u32;
    let mut count = 0;
    let mut padding = false;
    for &b in body {
        match value(b) {
            Some(v) => {
                if padding {
                    clean = false;
                    padding = false;
                }
                acc = (acc << 6) | v;
                count += 1;
                if count == 4 {
                    out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
                    acc = 0;
                    count = 0;
                }
            }
            None if b == b'=' => padding = true,
            None if b.is_ascii_whitespace() => {}
            None => clean = false,
        }
    }
    match count {
        2 => out.push((acc >> 4) as u8),
        3 => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
        1 => clean = false,
        _ => {}
    }
    if count != 0 && !padding {
        clean = false;
    }
    (out, clean)
}

fn decode_qp(body: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        if b == b'=' {
            match (body.get(i + 1), body.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => i += 3,
                (Some(b'\n'), _) => i += 2,
                (Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                    out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                    i += 3;
                }
                _ => {
                    out.push(b);
                    i += 1;
                }
            }
        } else {
            out.push(b);
            i += 1;
        }
    }
    out
}

/// A multipart is closed when `--boundary--` follows its last child (where
/// mail-parser ended that child); looking only there keeps this linear.
fn boundary_warning(
    message: &Message<'_>,
    part: &MessagePart<'_>,
    raw: &[u8],
    full_searches: &mut usize,
    warnings: &mut Vec<Msg>,
) {
    let Some(boundary) = part.content_type().and_then(|ct| ct.attribute("boundary")) else {
        return;
    };
    let last_end = part
        .sub_parts()
        .and_then(|c| c.last())
        .and_then(|&c| message.parts.get(c as usize))
        .map_or(part.offset_body as usize, |p| p.offset_end as usize);
    let start = last_end.saturating_sub(4).min(raw.len());
    let end = (start + boundary.len() + 64).min(raw.len());
    let closing = format!("--{boundary}--");
    // Damaged nesting can move the end: then search the rest of the input
    // (only on this rare path, so well-formed mail stays linear).
    // Bounded: at most a few full searches per message, and RFC 2046
    // boundaries are at most 70 characters (longer ones are not checked).
    const MAX_FULL_SEARCHES: usize = 8;
    if boundary.len() > 200 {
        return;
    }
    let closed = contains(&raw[start..end], closing.as_bytes())
        || (*full_searches < MAX_FULL_SEARCHES && {
            *full_searches += 1;
            contains(
                &raw[(part.offset_body as usize).min(raw.len())..],
                closing.as_bytes(),
            )
        });
    if !closed {
        warnings.push(msg!(
            "mail-boundary-not-closed",
            boundary = format!("{:?}", truncate(boundary, 70))
        ));
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn charset_warnings(part: &MessagePart<'_>, id: usize, warnings: &mut Vec<Msg>) {
    if let Some(charset) = part.content_type().and_then(|ct| ct.attribute("charset"))
        && mail_parser::decoders::charsets::map::charset_decoder(charset.as_bytes()).is_none()
        && !matches!(
            charset.to_ascii_lowercase().as_str(),
            "us-ascii" | "utf-8" | "utf8" | "ascii"
        )
    {
        warnings.push(msg!(
            "mail-unknown-charset",
            part = id + 1,
            charset = format!("{:?}", truncate(charset, 40))
        ));
    }
    if part.is_encoding_problem {
        warnings.push(msg!("mail-body-damaged-encoding", part = id + 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_lenient() {
        assert_eq!(decode_base64_lenient(b"aGVs\r\nbG8=").0, b"hello");
        assert!(decode_base64_lenient(b"aGVsbG8=").1);
        let (bytes, clean) = decode_base64_lenient(b"aGV!sbG8");
        assert_eq!(bytes, b"hello");
        assert!(!clean);
    }

    #[test]
    fn qp() {
        assert_eq!(
            decode_qp(b"caf=C3=A9=\r\nx=ZZ"),
            "café".bytes().chain(*b"x=ZZ").collect::<Vec<u8>>()
        );
    }
}
