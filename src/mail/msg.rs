//! Outlook `.msg` reader ([MS-OXMSG]) on the `cfb` crate.
//!
//! A `.msg` is a compound file: fixed-size MAPI properties live in
//! `__properties_version1.0`, variable-size ones in `__substg1.0_TTTTPPPP`
//! streams, recipients and attachments in numbered sub-storages. Embedded
//! messages are copied out into standalone `.msg` files.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use cfb::CompoundFile;
use mail_parser::{HeaderName, HeaderValue, MessageParser};

use super::filename::content_type_for;
use super::rtf::{self, Encapsulated};
use super::text::{
    address, codepage_for_locale, decode_codepage, decode_utf16le, encoding_for_codepage,
    non_empty, strip_nuls,
};
use super::{Address, Attachment, Email, Format, MAX_INPUT_BYTES};
use crate::l10n::Msg;
use crate::msg;

/// Anything the compound file can be read from: bytes in memory, or a
/// large file read through its own index (never loaded whole).
trait ReadSeek: Read + std::io::Seek {}
impl<T: Read + std::io::Seek> ReadSeek for T {}

type Cfb<'a> = CompoundFile<Box<dyn ReadSeek + 'a>>;

const PROPS: &str = "__properties_version1.0";
const NAMEID: &str = "__nameid_version1.0";

// Property ids ([MS-OXPROPS]).
const SUBJECT: u16 = 0x0037;
const CLIENT_SUBMIT_TIME: u16 = 0x0039;
const SENT_REPRESENTING_ADDRTYPE: u16 = 0x0064;
const SENT_REPRESENTING_EMAIL: u16 = 0x0065;
const TRANSPORT_HEADERS: u16 = 0x007d;
const SENDER_NAME: u16 = 0x0c1a;
const SENDER_ADDRTYPE: u16 = 0x0c1e;
const SENDER_EMAIL: u16 = 0x0c1f;
const RECIPIENT_TYPE: u16 = 0x0c15;
const MESSAGE_FLAGS: u16 = 0x0e07;
const BODY: u16 = 0x1000;
const RTF_COMPRESSED: u16 = 0x1009;
const HTML: u16 = 0x1013;
const INTERNET_MESSAGE_ID: u16 = 0x1035;
const INTERNET_REFERENCES: u16 = 0x1039;
const IN_REPLY_TO: u16 = 0x1042;
const DISPLAY_NAME: u16 = 0x3001;
const EMAIL_ADDRESS: u16 = 0x3003;
const ATTACH_DATA: u16 = 0x3701;
const ATTACH_FILENAME: u16 = 0x3704;
const ATTACH_METHOD: u16 = 0x3705;
const ATTACH_LONG_FILENAME: u16 = 0x3707;
const ATTACH_MIME_TAG: u16 = 0x370e;
const ATTACH_CONTENT_ID: u16 = 0x3712;
const SMTP_ADDRESS: u16 = 0x39fe;
const INTERNET_CPID: u16 = 0x3fde;
const LOCALE_ID: u16 = 0x3ff1;
const MESSAGE_CODEPAGE: u16 = 0x3ffd;
const SENDER_SMTP: u16 = 0x5d01;
const SENT_REPRESENTING_SMTP: u16 = 0x5d02;
const ATTACHMENT_HIDDEN: u16 = 0x7ffe;

const MSGFLAG_UNSENT: u32 = 0x8;
const ATTACH_EMBEDDED_MSG: u32 = 5;
const ATTACH_OLE: u32 = 6;

pub(crate) fn parse(bytes: &[u8]) -> Result<Email, Msg> {
    parse_from(Box::new(Cursor::new(bytes)), bytes.len() as u64)
}

/// A `.msg` read from the file itself (large inputs).
pub(crate) fn parse_file(file: std::fs::File, size: u64) -> Result<Email, Msg> {
    parse_from(Box::new(std::io::BufReader::new(file)), size)
}

fn parse_from<'a>(input: Box<dyn ReadSeek + 'a>, size: u64) -> Result<Email, Msg> {
    // The cfb crate is not written for hostile input; a panic inside it must
    // still end as a clean "corrupt file" error, never a crash.
    match catch_unwind(AssertUnwindSafe(|| parse_inner(input, size))) {
        Ok(result) => result,
        Err(_) => Err(msg!("mail-msg-inconsistent")),
    }
}

fn parse_inner<'a>(input: Box<dyn ReadSeek + 'a>, size: u64) -> Result<Email, Msg> {
    let mut cfb: Cfb<'a> =
        CompoundFile::open(input).map_err(|e| msg!("mail-msg-corrupt", detail = e.to_string()))?;
    let mut email = Email::empty(Format::Msg, size as usize);
    let root = Node::read(&mut cfb, "", 32, None, &mut email.warnings);
    let has_mapi = !root.props.is_empty()
        || root.streams.iter().any(|s| s.starts_with("__substg1.0_"))
        || root.storages.iter().any(|s| {
            s.starts_with("__attach_version1.0_#") || s.starts_with("__recip_version1.0_#")
        });
    if !has_mapi {
        // E.g. a Word .doc or Excel .xls: the same container, another format.
        return Err(msg!("mail-msg-not-outlook"));
    }
    if root.props.is_empty() {
        email.warnings.push(msg!("mail-msg-no-properties"));
    }

    let headers = root
        .string(&mut cfb, TRANSPORT_HEADERS)
        .filter(|h| !h.trim().is_empty());
    let parsed_headers = headers.as_deref().and_then(|h| {
        MessageParser::default()
            .parse_headers(h.as_bytes())
            .map(|m| m.into_owned())
    });
    let header = |name: HeaderName<'static>| {
        parsed_headers
            .as_ref()
            .and_then(|m| m.parts.first())
            .and_then(|p| p.headers.iter().find(|h| h.name == name))
            .map(|h| h.value.clone())
    };
    let header_raw = |name: &str| -> Option<String> {
        let headers = headers.as_deref()?;
        let message = parsed_headers.as_ref()?;
        let h = message
            .parts
            .first()?
            .headers
            .iter()
            .find(|h| h.name.as_str().eq_ignore_ascii_case(name))?;
        headers
            .get(h.offset_start as usize..h.offset_end as usize)
            .and_then(non_empty)
    };

    email.subject = root
        .string(&mut cfb, SUBJECT)
        .and_then(|s| non_empty(strip_nuls(&s)));
    email.message_id = header_raw("Message-ID").or_else(|| {
        root.string(&mut cfb, INTERNET_MESSAGE_ID)
            .and_then(|s| non_empty(strip_nuls(&s)))
    });
    email.in_reply_to = header_raw("In-Reply-To").or_else(|| {
        root.string(&mut cfb, IN_REPLY_TO)
            .and_then(|s| non_empty(strip_nuls(&s)))
    });
    email.references = header_raw("References")
        .or_else(|| {
            root.string(&mut cfb, INTERNET_REFERENCES)
                .map(|s| strip_nuls(&s).to_owned())
        })
        .map(|refs| refs.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    email.x_mailer = header_raw("X-Mailer");

    // Date: the submit time of a sent message, else the transport Date.
    let header_date = header(HeaderName::Date)
        .and_then(|v| v.as_datetime().cloned())
        .and_then(|d| super::mail_date(&d));
    let unsent = root
        .long(MESSAGE_FLAGS)
        .is_some_and(|f| f & MSGFLAG_UNSENT != 0);
    let submit = root.time(CLIENT_SUBMIT_TIME).filter(|_| !unsent);
    email.date = match (submit, header_date) {
        // Same instant: keep the header's form, which has the sender's offset.
        (Some(s), Some(h)) if s.timestamp() == h.timestamp() => Some(h),
        (Some(s), _) => Some(s),
        (None, h) => h,
    };

    email.from = sender(&root, &mut cfb, header(HeaderName::From).as_ref());
    email.sender = header(HeaderName::Sender).as_ref().and_then(first_mailbox);
    email.reply_to = header(HeaderName::ReplyTo).as_ref().and_then(first_mailbox);

    read_recipients(&mut cfb, &root, &mut email);
    read_bodies(&mut cfb, &root, &mut email);
    read_attachments(&mut cfb, &root, &mut email);
    Ok(email)
}

/// One storage (message, recipient or attachment): its fixed properties
/// and the names of its streams.
struct Node {
    path: String,
    props: HashMap<u16, (u16, [u8; 8])>,
    streams: Vec<String>,
    storages: Vec<String>,
    codepage: u32,
}

impl Node {
    fn read(
        cfb: &mut Cfb<'_>,
        path: &str,
        header_len: usize,
        codepage: Option<u32>,
        warnings: &mut Vec<Msg>,
    ) -> Node {
        let mut streams = Vec::new();
        let mut storages = Vec::new();
        let dir = if path.is_empty() { "/" } else { path };
        match cfb.read_storage(dir) {
            Ok(entries) => {
                for entry in entries {
                    if entry.is_stream() {
                        streams.push(entry.name().to_owned());
                    } else if entry.is_storage() {
                        storages.push(entry.name().to_owned());
                    }
                }
            }
            Err(e) => warnings.push(msg!(
                "mail-msg-storage-unlisted",
                storage = dir,
                detail = e.to_string()
            )),
        }
        streams.sort();
        storages.sort();
        let mut props = HashMap::new();
        if streams.iter().any(|s| s == PROPS) {
            match read_stream(cfb, &format!("{path}/{PROPS}")) {
                Some(data) => {
                    for entry in data.get(header_len..).unwrap_or_default().chunks_exact(16) {
                        let tag = u32::from_le_bytes([entry[0], entry[1], entry[2], entry[3]]);
                        let mut value = [0u8; 8];
                        value.copy_from_slice(&entry[8..16]);
                        props.insert((tag >> 16) as u16, ((tag & 0xffff) as u16, value));
                    }
                }
                None => warnings.push(msg!("mail-msg-properties-unreadable", storage = dir)),
            }
        }
        let mut node = Node {
            path: path.to_owned(),
            props,
            streams,
            storages,
            codepage: 1252,
        };
        node.codepage = node
            .long(MESSAGE_CODEPAGE)
            .filter(|&cp| encoding_for_codepage(cp).is_some())
            .or(codepage)
            .or_else(|| node.long(LOCALE_ID).map(codepage_for_locale))
            .unwrap_or(1252);
        node
    }

    fn long(&self, id: u16) -> Option<u32> {
        self.props
            .get(&id)
            .filter(|(ty, _)| *ty == 0x0003 || *ty == 0x000b)
            .map(|(_, v)| u32::from_le_bytes([v[0], v[1], v[2], v[3]]))
    }

    fn time(&self, id: u16) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let (ty, v) = self.props.get(&id)?;
        if *ty != 0x0040 {
            return None;
        }
        let ticks = i64::from_le_bytes(*v);
        // FILETIME: 100 ns ticks since 1601-01-01.
        let unix = ticks.checked_div(10_000_000)?.checked_sub(11_644_473_600)?;
        let utc = chrono::DateTime::from_timestamp(unix, 0)?;
        Some(utc.fixed_offset())
    }

    fn has(&self, stream: &str) -> bool {
        self.streams.iter().any(|s| s.eq_ignore_ascii_case(stream))
    }

    fn stream_name(id: u16, ty: u16) -> String {
        format!("__substg1.0_{id:04X}{ty:04X}")
    }

    fn binary(&self, cfb: &mut Cfb<'_>, id: u16) -> Option<Vec<u8>> {
        let name = Self::stream_name(id, 0x0102);
        if !self.has(&name) {
            return None;
        }
        read_stream(cfb, &format!("{}/{name}", self.path))
    }

    /// A string property, Unicode or 8-bit (in the node's code page).
    fn string(&self, cfb: &mut Cfb<'_>, id: u16) -> Option<String> {
        let unicode = Self::stream_name(id, 0x001f);
        if self.has(&unicode) {
            return read_stream(cfb, &format!("{}/{unicode}", self.path))
                .map(|b| strip_nuls(&decode_utf16le(&b)).to_owned());
        }
        let ansi = Self::stream_name(id, 0x001e);
        if self.has(&ansi) {
            return read_stream(cfb, &format!("{}/{ansi}", self.path))
                .map(|b| strip_nuls(&decode_codepage(&b, self.codepage)).to_owned());
        }
        None
    }
}

fn read_stream(cfb: &mut Cfb<'_>, path: &str) -> Option<Vec<u8>> {
    let stream = cfb.open_stream(path).ok()?;
    let mut data = Vec::new();
    stream.take(MAX_INPUT_BYTES).read_to_end(&mut data).ok()?;
    Some(data)
}

fn first_mailbox(value: &HeaderValue<'_>) -> Option<Address> {
    value
        .as_address()?
        .iter()
        .find_map(|a| address(a.name(), a.address().unwrap_or("")))
}

/// The sender as Outlook shows it: transport `From`, else PR_SENDER_NAME and
/// the SMTP address; X.500 DNs never become addresses.
fn sender(
    root: &Node,
    cfb: &mut Cfb<'_>,
    from_header: Option<&HeaderValue<'_>>,
) -> Option<Address> {
    let first_from = from_header
        .and_then(|v| v.as_address())
        .and_then(|list| list.iter().next());
    let (name, addr) = match first_from {
        Some(first) => (
            first.name().and_then(non_empty),
            first.address().unwrap_or("").to_owned(),
        ),
        None => (
            root.string(cfb, SENDER_NAME).and_then(|n| non_empty(&n)),
            root.string(cfb, SENDER_SMTP).unwrap_or_default(),
        ),
    };
    // A bare address in the name slot is an address, not a name.
    let (name, mut addr) = match name {
        Some(n)
            if addr.trim().is_empty() && n.contains('@') && !n.contains(char::is_whitespace) =>
        {
            (None, n)
        }
        other => (other, addr),
    };
    if !addr.contains('@') {
        let sender_type = root.string(cfb, SENDER_ADDRTYPE).unwrap_or_default();
        let repr_type = root
            .string(cfb, SENT_REPRESENTING_ADDRTYPE)
            .unwrap_or_default();
        let candidates = [
            sender_type
                .eq_ignore_ascii_case("smtp")
                .then(|| root.string(cfb, SENDER_EMAIL))
                .flatten(),
            root.string(cfb, SENT_REPRESENTING_SMTP),
            repr_type
                .eq_ignore_ascii_case("smtp")
                .then(|| root.string(cfb, SENT_REPRESENTING_EMAIL))
                .flatten(),
        ];
        if let Some(found) = candidates.into_iter().flatten().find(|c| c.contains('@')) {
            addr = found;
        } else {
            addr.clear();
        }
    }
    match address(name.as_deref(), &addr) {
        Some(a) => Some(a),
        // A sender known only by name (e.g. an Exchange DN) keeps the name.
        None => name.map(|n| Address {
            name: Some(super::text::unquote(&n)),
            address: String::new(),
        }),
    }
}

fn read_recipients(cfb: &mut Cfb<'_>, root: &Node, email: &mut Email) {
    for storage in root
        .storages
        .iter()
        .filter(|s| s.starts_with("__recip_version1.0_#"))
    {
        let node = Node::read(
            cfb,
            &format!("{}/{storage}", root.path),
            8,
            Some(root.codepage),
            &mut email.warnings,
        );
        let kind = node.long(RECIPIENT_TYPE).unwrap_or(1) & 0xf;
        let addr = node
            .string(cfb, SMTP_ADDRESS)
            .filter(|a| !a.trim().is_empty())
            .or_else(|| node.string(cfb, EMAIL_ADDRESS).filter(|a| a.contains('@')))
            .unwrap_or_default();
        let name = node.string(cfb, DISPLAY_NAME);
        let Some(recipient) = address(name.as_deref(), &addr) else {
            continue;
        };
        match kind {
            1 => email.to.push(recipient),
            2 => email.cc.push(recipient),
            3 => email.bcc.push(recipient),
            _ => {}
        }
    }
}

fn read_bodies(cfb: &mut Cfb<'_>, root: &Node, email: &mut Email) {
    email.text_body = root.string(cfb, BODY);
    email.html_body = match root.binary(cfb, HTML) {
        Some(bytes) => Some(decode_html(
            &bytes,
            root.long(INTERNET_CPID).unwrap_or(0),
            root.codepage,
        )),
        None => root.string(cfb, HTML),
    };
    if email.text_body.is_some() && email.html_body.is_some() {
        return;
    }
    let Some(compressed) = root.binary(cfb, RTF_COMPRESSED) else {
        return;
    };
    match rtf::decompress(&compressed) {
        Ok(rtf) => match rtf::de_encapsulate(&rtf) {
            Encapsulated::Html(html) if email.html_body.is_none() && !html.trim().is_empty() => {
                email.html_body = Some(html);
            }
            Encapsulated::Text(text) if email.text_body.is_none() => {
                email.text_body = Some(text);
            }
            _ => {}
        },
        Err(e) => email
            .warnings
            .push(msg!("mail-msg-rtf-unreadable", detail = e.to_string())),
    }
}

/// PR_HTML is bytes: in PR_INTERNET_CPID if set, else UTF-8 if valid, else
/// the message code page.
fn decode_html(bytes: &[u8], cpid: u32, codepage: u32) -> String {
    let bytes = bytes.strip_suffix(&[0]).unwrap_or(bytes);
    if let Some(encoding) = encoding_for_codepage(cpid) {
        return encoding.decode(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => decode_codepage(bytes, codepage),
    }
}

fn read_attachments(cfb: &mut Cfb<'_>, root: &Node, email: &mut Email) {
    let storages: Vec<String> = root
        .storages
        .iter()
        .filter(|s| s.starts_with("__attach_version1.0_#"))
        .cloned()
        .collect();
    for storage in storages {
        let path = format!("{}/{storage}", root.path);
        let node = Node::read(cfb, &path, 8, Some(root.codepage), &mut email.warnings);
        let method = node.long(ATTACH_METHOD).unwrap_or(1);
        let clean = |s: Option<String>| s.and_then(|s| non_empty(strip_nuls(&s)));
        let long_name = clean(node.string(cfb, ATTACH_LONG_FILENAME))
            .or_else(|| clean(node.string(cfb, ATTACH_FILENAME)));
        let content_id = clean(node.string(cfb, ATTACH_CONTENT_ID))
            .map(|c| c.trim_start_matches('<').trim_end_matches('>').to_owned());
        let hidden = node.long(ATTACHMENT_HIDDEN).is_some_and(|h| h != 0);
        let label = long_name.clone().unwrap_or_else(|| storage.clone());

        let embedded_dir = format!("{path}/{}", Node::stream_name(ATTACH_DATA, 0x000d));
        let has_object = node
            .storages
            .iter()
            .any(|s| s.eq_ignore_ascii_case(&Node::stream_name(ATTACH_DATA, 0x000d)));
        let (filename, content_type, data) = if method == ATTACH_OLE && has_object {
            // An OLE object (e.g. an embedded Word document) is itself a
            // compound file: copy its storage out as one.
            let data = match export_storage(cfb, &embedded_dir, false) {
                Ok(bytes) => bytes,
                Err(e) => {
                    email.warnings.push(msg!(
                        "mail-msg-ole-not-copied",
                        name = label.as_str(),
                        detail = e
                    ));
                    Vec::new()
                }
            };
            (long_name, "application/octet-stream".to_owned(), data)
        } else if method == ATTACH_EMBEDDED_MSG || has_object {
            let display = clean(node.string(cfb, DISPLAY_NAME));
            let filename = display.map(|d| format!("{d}.msg")).or(long_name);
            let data = if cfb.is_storage(&embedded_dir) {
                match export_storage(cfb, &embedded_dir, true) {
                    Ok(bytes) => bytes,
                    Err(e) => {
                        email.warnings.push(msg!(
                            "mail-msg-embedded-not-copied",
                            name = label.as_str(),
                            detail = e
                        ));
                        Vec::new()
                    }
                }
            } else {
                email
                    .warnings
                    .push(msg!("mail-msg-embedded-missing", name = label.as_str()));
                Vec::new()
            };
            (filename, "application/vnd.ms-outlook".to_owned(), data)
        } else {
            let data = match node.binary(cfb, ATTACH_DATA) {
                Some(data) => data,
                None => {
                    email
                        .warnings
                        .push(msg!("mail-msg-attachment-missing", name = label.as_str()));
                    Vec::new()
                }
            };
            let mime = clean(node.string(cfb, ATTACH_MIME_TAG))
                .map(|m| m.to_ascii_lowercase())
                .filter(|m| m.contains('/'))
                .unwrap_or_else(|| content_type_for(long_name.as_deref().unwrap_or("")).to_owned());
            (long_name, mime, data)
        };
        email.attachments.push(Attachment {
            filename,
            content_type,
            size: data.len() as u64,
            inline: hidden || content_id.is_some(),
            content_id,
            data,
        });
    }
}

/// Copy a sub-storage into a standalone compound file. For an embedded
/// message (`as_message`) it becomes a `.msg`: the top-level property
/// header (8 bytes longer), the named-property map of the outer file, and
/// the message CLSID.
fn export_storage(cfb: &mut Cfb<'_>, dir: &str, as_message: bool) -> Result<Vec<u8>, String> {
    let entries: Vec<(String, bool)> = cfb
        .walk_storage(dir)
        .map_err(|e| e.to_string())?
        .map(|e| (e.path().to_string_lossy().into_owned(), e.is_stream()))
        .collect();
    let mut out = CompoundFile::create(Cursor::new(Vec::new())).map_err(|e| e.to_string())?;
    let mut has_nameid = false;
    let copy = |cfb: &mut Cfb<'_>,
                out: &mut CompoundFile<Cursor<Vec<u8>>>,
                from: &str,
                to: &str,
                is_stream: bool,
                fix_props: bool|
     -> Result<(), String> {
        if !is_stream {
            if to != "/" && !out.exists(to) {
                out.create_storage_all(to).map_err(|e| e.to_string())?;
            }
            return Ok(());
        }
        let mut data = read_stream(cfb, from).ok_or_else(|| format!("unreadable stream {from}"))?;
        if fix_props && data.len() >= 24 {
            data.splice(24..24, [0u8; 8]);
        }
        if let Some(parent) = std::path::Path::new(to).parent()
            && parent != std::path::Path::new("/")
            && !out.exists(parent)
        {
            out.create_storage_all(parent).map_err(|e| e.to_string())?;
        }
        let mut stream = out.create_stream(to).map_err(|e| e.to_string())?;
        stream.write_all(&data).map_err(|e| e.to_string())?;
        Ok(())
    };
    for (path, is_stream) in &entries {
        let Some(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let to = if rel.is_empty() {
            "/".to_owned()
        } else {
            rel.to_owned()
        };
        if to == format!("/{NAMEID}") || to.starts_with(&format!("/{NAMEID}/")) {
            has_nameid = true;
        }
        copy(
            cfb,
            &mut out,
            path,
            &to,
            *is_stream,
            as_message && to == format!("/{PROPS}"),
        )?;
    }
    if !as_message {
        let clsid = *cfb.entry(dir).map_err(|e| e.to_string())?.clsid();
        out.set_storage_clsid("/", clsid)
            .map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
        return Ok(out.into_inner().into_inner());
    }
    if !has_nameid && cfb.is_storage(format!("/{NAMEID}")) {
        let named: Vec<(String, bool)> = cfb
            .walk_storage(format!("/{NAMEID}"))
            .map_err(|e| e.to_string())?
            .map(|e| (e.path().to_string_lossy().into_owned(), e.is_stream()))
            .collect();
        for (path, is_stream) in named {
            copy(cfb, &mut out, &path, &path, is_stream, false)?;
        }
    }
    // The outer file's root CLSID is the message CLSID an embedded message
    // needs as a standalone file.
    let clsid = *cfb.root_entry().clsid();
    out.set_storage_clsid("/", clsid)
        .map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    Ok(out.into_inner().into_inner())
}
