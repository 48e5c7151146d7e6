//! Mailbox URLs: `imaps://USER@HOST[:PORT]/FOLDER` (TLS from the first
//! byte), `imap://USER@HOST[:PORT]/FOLDER` (STARTTLS, or plain text to a
//! loopback address, or anywhere with `--allow-plaintext`).
//!
//! A user name holding `@` is written `%40` or as is
//! (`imaps://support@example.com@imap.example.com/INBOX`); the folder is
//! percent-decoded (`Sent%20Items`), `INBOX` when left out. A password in
//! the URL is refused: it would end up in shell history and config files.

use std::net::IpAddr;

use super::ImapError;
use crate::l10n::Msg;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// `imaps://`: TLS from the first byte (port 993).
    Tls,
    /// `imap://`: STARTTLS when the server offers it (port 143).
    StartTls,
}

/// One folder on one server, as one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxUrl {
    pub security: Security,
    pub host: String,
    pub port: u16,
    pub user: String,
    /// As the user wrote it (decoded), e.g. `Sent Items`.
    pub folder: String,
}

fn percent_decode(text: &str) -> Result<String, Msg> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| crate::msg!("imap-url-escape", text = &text[i..]))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| crate::msg!("imap-url-escape-utf8"))
}

impl MailboxUrl {
    /// Parse a mailbox URL (no network).
    pub fn parse(raw: &str) -> Result<MailboxUrl, ImapError> {
        let raw = raw.trim();
        let shown = crate::redact::strip_userinfo(raw);
        let bad = |reason: Msg| ImapError::BadUrl {
            url: shown.clone(),
            reason,
        };
        let (scheme, rest) = raw
            .split_once("://")
            .ok_or_else(|| bad(crate::msg!("imap-url-no-scheme")))?;
        let security = match scheme.to_ascii_lowercase().as_str() {
            "imaps" => Security::Tls,
            "imap" => Security::StartTls,
            other => {
                return Err(bad(crate::msg!("imap-url-scheme", scheme = other)));
            }
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        // The last `@` ends the user: the user may be an address itself.
        let (userinfo, hostport) = authority
            .rsplit_once('@')
            .ok_or_else(|| bad(crate::msg!("imap-url-no-user")))?;
        if userinfo.contains(':') {
            return Err(ImapError::CredentialsInUrl { url: shown });
        }
        let user = percent_decode(userinfo).map_err(bad)?;
        if user.is_empty() {
            return Err(bad(crate::msg!("imap-url-no-user")));
        }
        // Host: a name, an IPv4 address, or [IPv6]; then an optional port.
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (addr, after) = v6
                .split_once(']')
                .ok_or_else(|| bad(crate::msg!("imap-url-ipv6")))?;
            (addr.to_owned(), after.strip_prefix(':'))
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h.to_owned(), Some(p)),
                None => (hostport.to_owned(), None),
            }
        };
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'))
        {
            return Err(bad(crate::msg!("imap-url-no-host")));
        }
        let port = match port {
            None | Some("") => match security {
                Security::Tls => 993,
                Security::StartTls => 143,
            },
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| bad(crate::msg!("imap-url-port", port = p)))?,
        };
        let path = path.split(['?', '#']).next().unwrap_or("");
        let folder = percent_decode(path.trim_end_matches('/')).map_err(bad)?;
        let folder = if folder.is_empty() {
            "INBOX".to_owned()
        } else {
            folder
        };
        if folder.chars().any(char::is_control) {
            return Err(bad(crate::msg!("imap-url-control")));
        }
        Ok(MailboxUrl {
            security,
            host: host.to_ascii_lowercase(),
            port,
            user,
            folder,
        })
    }

    /// The same server and user, another folder.
    pub fn with_folder(&self, folder: &str) -> MailboxUrl {
        MailboxUrl {
            folder: folder.to_owned(),
            ..self.clone()
        }
    }

    /// `host:port`, for messages.
    pub fn server(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// Is the host this machine (plain text stays on it)?
    pub fn is_loopback(&self) -> bool {
        self.host == "localhost" || self.host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }

    /// The account without a folder: `imaps://user@host:port`.
    pub fn account(&self) -> String {
        let scheme = match self.security {
            Security::Tls => "imaps",
            Security::StartTls => "imap",
        };
        format!(
            "{scheme}://{}@{}",
            self.user.replace('%', "%25").replace('@', "%40"),
            self.server()
        )
    }
}

impl std::fmt::Display for MailboxUrl {
    /// `imaps://user@host:port/Folder` (the folder percent-encoded where
    /// it must be).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut folder = String::new();
        for c in self.folder.chars() {
            match c {
                '%' | ' ' | '?' | '#' => {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        folder.push_str(&format!("%{b:02X}"));
                    }
                }
                c => folder.push(c),
            }
        }
        write!(f, "{}/{folder}", self.account())
    }
}

/// A folder name as IMAP sends it: modified UTF-7 (RFC 3501 5.1.3) for
/// anything outside printable ASCII, `&` as `&-`.
pub fn encode_folder(name: &str) -> String {
    use base64::Engine as _;
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::IMAP_MUTF7,
        base64::engine::general_purpose::NO_PAD,
    );
    let mut out = String::new();
    let mut pending: Vec<u16> = Vec::new();
    let flush = |pending: &mut Vec<u16>, out: &mut String| {
        if pending.is_empty() {
            return;
        }
        let bytes: Vec<u8> = pending.iter().flat_map(|u| u.to_be_bytes()).collect();
        out.push('&');
        out.push_str(&engine.encode(bytes));
        out.push('-');
        pending.clear();
    };
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut pending, &mut out);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut buf = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    flush(&mut pending, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_shapes() {
        let u =
            MailboxUrl::parse("imaps://support@example.com@IMAP.example.com/Sent%20Items").unwrap();
        assert_eq!(u.security, Security::Tls);
        assert_eq!(u.user, "support@example.com");
        assert_eq!(u.host, "imap.example.com");
        assert_eq!(u.port, 993);
        assert_eq!(u.folder, "Sent Items");
        assert_eq!(
            u.to_string(),
            "imaps://support%40example.com@imap.example.com:993/Sent%20Items"
        );
        let u = MailboxUrl::parse("imap://bob@127.0.0.1:1143").unwrap();
        assert_eq!((u.port, u.folder.as_str()), (1143, "INBOX"));
        assert!(u.is_loopback());
        let u = MailboxUrl::parse("imaps://bob@[::1]:993/a/b").unwrap();
        assert_eq!((u.host.as_str(), u.folder.as_str()), ("::1", "a/b"));
        assert!(MailboxUrl::parse("https://bob@host/INBOX").is_err());
        assert!(MailboxUrl::parse("imaps://host/INBOX").is_err());
        assert!(MailboxUrl::parse("imaps://bob@host:99999/INBOX").is_err());
        assert!(matches!(
            MailboxUrl::parse("imaps://bob:pw@host/INBOX"),
            Err(ImapError::CredentialsInUrl { .. })
        ));
    }

    #[test]
    fn folders_in_modified_utf7() {
        assert_eq!(encode_folder("INBOX"), "INBOX");
        assert_eq!(encode_folder("A&B"), "A&-B");
        assert_eq!(encode_folder("Posta inviata"), "Posta inviata");
        // RFC 3501's example.
        assert_eq!(
            encode_folder("~peter/mail/台北/日本語"),
            "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
        );
    }
}
