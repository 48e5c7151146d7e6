//! Email parsing: `.eml` (RFC 5322/MIME) and Outlook `.msg` (CFB/MAPI) into
//! one [`Email`] model.
//!
//! The format is detected by content (the CFB signature), never by the file
//! extension alone. Partial damage is not an error: whatever is readable is
//! returned, and what went wrong is listed in [`Email::warnings`].

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::l10n::Msg;

mod eml;
mod filename;
pub mod imap;
mod large;
mod msg;
mod rtf;
mod text;

/// Inputs larger than this are refused before parsing (bounded memory).
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// The eight bytes every OLE2 compound file (and so every `.msg`) starts with.
pub const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why a file could not be parsed at all. Partial damage is not an error:
/// it yields an [`Email`] with warnings.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `reason` is a sentence for people; this error's `Display` (logs,
    /// JSON) is English.
    #[error("{path}: {}", .reason.english())]
    Invalid { path: PathBuf, reason: Msg },
    #[error("{path}: file is empty")]
    Empty { path: PathBuf },
    #[error("{path}: file is too large ({size} bytes; the limit is {limit} bytes)")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
}

/// Which container the email came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Eml,
    Msg,
}

/// A mailbox: optional display name (decoded) and the address, lower-cased
/// and trimmed so that it can be compared with CRM e-mail fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    pub name: Option<String>,
    pub address: String,
}

/// One file carried by the email: a real attachment, an inline (`cid:`)
/// image, or an embedded message (kept as `.eml` / `.msg`).
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub filename: Option<String>,
    pub content_type: String,
    pub size: u64,
    pub content_id: Option<String>,
    pub inline: bool,
    #[serde(skip)]
    pub data: Vec<u8>,
}

/// Everything vtelink reads from one email.
#[derive(Debug, Clone, Serialize)]
pub struct Email {
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub date: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub from: Option<Address>,
    pub sender: Option<Address>,
    pub reply_to: Option<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub bcc: Vec<Address>,
    pub subject: Option<String>,
    pub text_body: Option<String>,
    pub html_body: Option<String>,
    pub attachments: Vec<Attachment>,
    pub x_mailer: Option<String>,
    pub raw_size: u64,
    pub format: Format,
    /// Partial damage, for people (English in JSON).
    pub warnings: Vec<Msg>,
}

impl Email {
    fn empty(format: Format, raw_size: usize) -> Self {
        Email {
            message_id: None,
            in_reply_to: None,
            references: Vec::new(),
            date: None,
            from: None,
            sender: None,
            reply_to: None,
            to: Vec::new(),
            cc: Vec::new(),
            bcc: Vec::new(),
            subject: None,
            text_body: None,
            html_body: None,
            attachments: Vec::new(),
            x_mailer: None,
            raw_size: raw_size as u64,
            format,
            warnings: Vec::new(),
        }
    }

    /// The date in UTC (for display and matching).
    pub fn date_utc(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.date.map(|d| d.with_timezone(&chrono::Utc))
    }
}

impl Attachment {
    /// A file name that is safe to create anywhere: never a path, no control
    /// characters, no reserved Windows name, bounded length. `index` is the
    /// attachment's position and names unnamed attachments.
    pub fn safe_filename(&self, index: usize) -> String {
        filename::safe_filename(self.filename.as_deref(), &self.content_type, index)
    }
}

/// A mail-parser date as a chrono date with its offset; `None` for dates
/// that cannot exist (31 Feb, 25:61, a +9999 "zone"): no date is better than
/// a wrong one. Both readers use it (.msg transport headers are RFC 5322).
pub(crate) fn mail_date(
    date: &mail_parser::DateTime,
) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    use chrono::{NaiveDate, TimeZone};
    if date.tz_hour >= 24 || date.tz_minute >= 60 {
        return None;
    }
    let naive = NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )?
    .and_hms_opt(
        u32::from(date.hour),
        u32::from(date.minute),
        u32::from(date.second),
    )?;
    let seconds = i32::from(date.tz_hour) * 3600 + i32::from(date.tz_minute) * 60;
    let offset = chrono::FixedOffset::east_opt(if date.tz_before_gmt {
        -seconds
    } else {
        seconds
    })?;
    offset.from_local_datetime(&naive).single()
}

/// Is this the start of a CFB (OLE2) file, i.e. an Outlook `.msg`?
pub fn is_cfb(bytes: &[u8]) -> bool {
    bytes.starts_with(&CFB_MAGIC)
}

/// Parse an email held in memory. `origin` only names the input in errors.
pub fn parse_bytes(bytes: &[u8], origin: &Path) -> Result<Email, MailError> {
    if bytes.is_empty() {
        return Err(MailError::Empty {
            path: origin.to_path_buf(),
        });
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(MailError::TooLarge {
            path: origin.to_path_buf(),
            size: bytes.len() as u64,
            limit: MAX_INPUT_BYTES,
        });
    }
    let invalid = |reason: Msg| MailError::Invalid {
        path: origin.to_path_buf(),
        reason,
    };
    if is_cfb(bytes) {
        msg::parse(bytes).map_err(invalid)
    } else {
        eml::parse(bytes).map_err(invalid)
    }
}

/// A parsed email and the SHA-256 of the file it came from (which names an
/// email that has no Message-ID).
#[derive(Debug)]
pub struct Loaded {
    pub email: Email,
    pub sha256: [u8; 32],
}

/// Read, hash and parse a file (`-`: standard input). Large regular files are
/// streamed so that their attachments are held once, not beside the raw file
/// (see `large.rs`).
pub fn load(path: &Path) -> Result<Loaded, MailError> {
    use sha2::Digest as _;
    if path.as_os_str() != "-"
        && let Ok(meta) = std::fs::metadata(path)
        && meta.is_file()
        && (large::LARGE_INPUT..=MAX_INPUT_BYTES).contains(&meta.len())
    {
        return large::load(path, meta.len());
    }
    let raw = read_input(path)?;
    let email = parse_bytes(&raw, path)?;
    Ok(Loaded {
        email,
        sha256: sha2::Sha256::digest(&raw).into(),
    })
}

/// [`load`]'s streaming path whatever the file's size (tests compare it
/// with the in-memory path on small files).
#[doc(hidden)]
pub fn load_streaming(path: &Path) -> Result<Loaded, MailError> {
    let size = std::fs::metadata(path)
        .map_err(|source| MailError::Read {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    large::load(path, size)
}

/// Read and parse a file; `-` reads standard input.
pub fn parse_path(path: &Path) -> Result<Email, MailError> {
    let bytes = read_input(path)?;
    parse_bytes(&bytes, path)
}

/// Read a whole input (file or `-` for stdin), refusing more than
/// [`MAX_INPUT_BYTES`] without ever holding more than that in memory.
pub fn read_input(path: &Path) -> Result<Vec<u8>, MailError> {
    let read_error = |source| MailError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        let stdin = std::io::stdin();
        let mut limited = stdin.lock().take(MAX_INPUT_BYTES + 1);
        limited.read_to_end(&mut bytes).map_err(read_error)?;
    } else {
        let file = std::fs::File::open(path).map_err(read_error)?;
        let meta = file.metadata().map_err(read_error)?;
        if meta.is_dir() {
            return Err(MailError::Invalid {
                path: path.to_path_buf(),
                reason: crate::msg!("mail-is-directory"),
            });
        }
        if meta.len() > MAX_INPUT_BYTES {
            return Err(MailError::TooLarge {
                path: path.to_path_buf(),
                size: meta.len(),
                limit: MAX_INPUT_BYTES,
            });
        }
        bytes.reserve(meta.len() as usize);
        file.take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
    }
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(MailError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit: MAX_INPUT_BYTES,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_is_an_error_naming_the_file() {
        let err = parse_bytes(b"", Path::new("x.eml")).unwrap_err();
        assert_eq!(err.to_string(), "x.eml: file is empty");
    }

    #[test]
    fn format_serializes_lowercase() {
        assert_eq!(serde_json::to_string(&Format::Msg).unwrap(), "\"msg\"");
    }
}
