//! What the CRM gets from one email, independent of the file format: the
//! Message's fields, the Documents, and the markers that find them again.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{MESSAGE_FOLDER, MESSAGE_TYPE, hex, short};

/// The part of every Document marker that names the email (hex and `:`
/// only, so it is safe in a VTQL LIKE pattern).
pub(super) fn marker_prefix(messageid: &str) -> String {
    let id_hash = hex(&Sha256::digest(messageid.as_bytes()));
    format!("vtelink:{}:", short(&id_hash, 24))
}

/// An address as the CRM stores it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Party {
    pub name: Option<String>,
    pub address: String,
}

/// One file to store as a Document.
#[derive(Debug, Clone)]
pub struct OutgoingFile {
    /// Already made safe (never a path).
    pub file_name: String,
    pub content_type: String,
    /// The attachment's bytes, shared (uploads and retries never copy them).
    pub data: bytes::Bytes,
}

/// Everything the CRM gets from one email, independent of the file format.
#[derive(Debug, Clone, Default)]
pub struct Outgoing {
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub date: Option<DateTime<Utc>>,
    pub subject: String,
    pub from: Option<Party>,
    pub to: Vec<Party>,
    pub cc: Vec<Party>,
    pub bcc: Vec<Party>,
    pub reply_to: Option<Party>,
    pub x_mailer: Option<String>,
    pub text_body: Option<String>,
    pub html_body: Option<String>,
    pub files: Vec<OutgoingFile>,
    /// SHA-256 of the email's canonical form ([`canonical_fingerprint`]):
    /// names the email when it has no Message-ID.
    pub fingerprint: String,
}

/// What names one email in the CRM, as vtenext does (its `messagehash` and
/// MessagesRelationManager key a Message on both): the `messageid` and the
/// subject, each as its column stores it (255 characters, wire fact 50).
/// Two emails with one Message-ID and different subjects are two Messages.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub messageid: String,
    pub subject: String,
}

impl Key {
    /// Does a Message's stored subject belong to this key? (The server
    /// trims nothing and keeps case; surrounding blanks are not meaningful.)
    pub(super) fn subject_matches(&self, stored: &str) -> bool {
        stored.trim() == self.subject.trim()
    }

    /// A short, stable hash of the key (hex): names its lock and tells its
    /// Documents from those of another email with the same Message-ID.
    pub(super) fn hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.messageid.as_bytes());
        hasher.update([0]);
        hasher.update(self.subject.trim().as_bytes());
        hex(&hasher.finalize())
    }
}

/// A field of the email longer than its CRM column: the CRM keeps only its
/// first `stored` characters (wire facts 50, 52).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CutField {
    /// The CRM field: `messageid`, `subject`, `mfrom`, `mreplyto`, `in_reply_to`.
    pub field: &'static str,
    /// Characters in the email.
    pub length: usize,
    /// Characters the CRM keeps.
    pub stored: usize,
}

/// `value` as the Messages column `field` stores it.
fn fit_message(field: &str, value: &str) -> String {
    crate::crm::columns::fit("Messages", field, value).into_owned()
}

impl Outgoing {
    /// The email's Message-ID as given (trimmed), or the content-derived
    /// one when it has none.
    fn full_message_id(&self) -> String {
        match self.message_id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() && id.chars().all(|c| !c.is_control()) => id.to_owned(),
            _ => format!("<vtelink-{}@vtelink.invalid>", short(&self.fingerprint, 40)),
        }
    }

    /// The `messageid` the Message is stored (and found again) under: the
    /// Message-ID as its column keeps it (its first 255 characters).
    pub fn crm_message_id(&self) -> String {
        fit_message("messageid", &self.full_message_id())
    }

    /// The subject as the CRM stores it.
    pub fn crm_subject(&self) -> String {
        fit_message("subject", &self.subject)
    }

    /// What names this email's Message in the CRM.
    pub fn key(&self) -> Key {
        Key {
            messageid: self.crm_message_id(),
            subject: self.crm_subject(),
        }
    }

    /// The fields of the email that the CRM keeps only in part.
    pub fn cut_fields(&self) -> Vec<CutField> {
        let from = self.from.as_ref().map(|p| p.address.clone());
        let reply_to = self.reply_to.as_ref().map(|p| p.address.clone());
        let fields: [(&'static str, Option<String>); 5] = [
            ("messageid", Some(self.full_message_id())),
            ("subject", Some(self.subject.clone())),
            ("mfrom", from),
            ("mreplyto", reply_to),
            ("in_reply_to", self.in_reply_to.clone()),
        ];
        fields
            .into_iter()
            .filter_map(|(field, value)| {
                let value = value?;
                let fitted = crate::crm::columns::fit("Messages", field, &value);
                fitted.cut.then(|| CutField {
                    field,
                    length: fitted.original_chars,
                    stored: fitted.value.chars().count(),
                })
            })
            .collect()
    }

    /// What a read-ahead looks up for this email ([`super::RunState::prefetch`]):
    /// its key and its attachments' markers.
    pub fn probe(&self) -> super::Probe {
        super::Probe {
            key: self.key(),
            markers: self
                .files
                .iter()
                .enumerate()
                .map(|(index, file)| self.document_marker(index, &file.data))
                .collect(),
        }
    }

    /// The marker that finds attachment `index` again among Documents:
    /// `vtelink:<messageid hash>:<key hash>:<position>:<content hash>`. The
    /// key hash tells apart the Documents of two emails that share a
    /// Message-ID but not a subject.
    pub(super) fn document_marker(&self, index: usize, data: &[u8]) -> String {
        let data_hash = hex(&Sha256::digest(data));
        let key = self.key();
        format!(
            "{}{}:{}:{}",
            marker_prefix(&key.messageid),
            short(&key.hash(), 8),
            index + 1,
            short(&data_hash, 16)
        )
    }

    /// The Messages element, field by field as the Mail Connector fills it.
    pub(super) fn message_element(&self, owner: &str) -> serde_json::Value {
        let join = |parties: &[Party]| {
            parties
                .iter()
                .map(|p| p.address.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let names = |parties: &[Party]| {
            parties
                .iter()
                .map(|p| p.name.as_deref().unwrap_or(""))
                .collect::<Vec<_>>()
                .join(", ")
                .trim_matches([',', ' '])
                .to_owned()
        };
        let from: Vec<Party> = self.from.iter().cloned().collect();
        let reply_to: Vec<Party> = self.reply_to.iter().cloned().collect();
        json!({
            "subject": self.crm_subject(),
            "mdate": self.date.map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default(),
            "mfrom": fit_message("mfrom", &join(&from)),
            "mfrom_n": names(&from),
            "mto": join(&self.to),
            "mto_n": names(&self.to),
            "mcc": join(&self.cc),
            "mcc_n": names(&self.cc),
            "mbcc": join(&self.bcc),
            "mbcc_n": names(&self.bcc),
            "mreplyto": fit_message("mreplyto", &join(&reply_to)),
            "mreplyto_n": names(&reply_to),
            "messageid": self.crm_message_id(),
            "in_reply_to": fit_message("in_reply_to", self.in_reply_to.as_deref().unwrap_or_default()),
            "mreferences": self.references.join(" "),
            "xmailer": self.x_mailer.clone().unwrap_or_default(),
            "folder": MESSAGE_FOLDER,
            "mtype": MESSAGE_TYPE,
            "description": self.body_html(),
            "assigned_user_id": owner,
        })
    }

    /// The body as the CRM shows it: the HTML body, else the text escaped.
    fn body_html(&self) -> String {
        if let Some(html) = self.html_body.as_deref().filter(|h| !h.trim().is_empty()) {
            return html.to_owned();
        }
        let text = self.text_body.as_deref().unwrap_or("");
        let mut out = String::with_capacity(text.len() + 32);
        out.push_str("<pre style=\"white-space: pre-wrap\">");
        for c in text.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '"' => out.push_str("&quot;"),
                c => out.push(c),
            }
        }
        out.push_str("</pre>");
        out
    }
}

impl Outgoing {
    /// What the CRM gets from a loaded email (attachment bytes moved, not copied).
    pub fn from_loaded(loaded: crate::mail::Loaded) -> Outgoing {
        Outgoing::from_email(loaded.email)
    }

    /// What the CRM gets from a parsed email (its attachment bytes are moved,
    /// not copied).
    pub fn from_email(email: crate::mail::Email) -> Outgoing {
        let fingerprint = canonical_fingerprint(&email);
        let party = |a: &crate::mail::Address| Party {
            name: a.name.clone().filter(|n| !n.trim().is_empty()),
            address: a.address.clone(),
        };
        Outgoing {
            message_id: email.message_id.clone(),
            in_reply_to: email.in_reply_to.clone(),
            references: email.references.clone(),
            date: email.date_utc(),
            subject: email.subject.clone().unwrap_or_default(),
            from: email.from.as_ref().map(party),
            to: email.to.iter().map(party).collect(),
            cc: email.cc.iter().map(party).collect(),
            bcc: email.bcc.iter().map(party).collect(),
            reply_to: email.reply_to.as_ref().map(party),
            x_mailer: email.x_mailer.clone(),
            text_body: email.text_body.clone(),
            html_body: email.html_body.clone(),
            files: email
                .attachments
                .into_iter()
                .enumerate()
                .map(|(index, a)| OutgoingFile {
                    file_name: a.safe_filename(index),
                    content_type: a.content_type.clone(),
                    data: bytes::Bytes::from(a.data),
                })
                .collect(),
            fingerprint,
        }
    }
}

/// SHA-256 of `bytes` as the canonical form takes them (every line ending
/// as LF, trailing blanks dropped), fed to the hasher in place: an
/// attachment is not copied to be hashed (a 50 MiB one would double the
/// memory of a link). The trailing blanks of the input are exactly those of
/// its LF form, so they are cut first.
fn lf_digest(bytes: &[u8]) -> impl AsRef<[u8]> {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    let mut rest = &bytes[..end];
    let mut hasher = Sha256::new();
    while let Some(at) = rest.iter().position(|&b| b == b'\r') {
        hasher.update(&rest[..at]);
        // CRLF: the LF that follows stands for both; a lone CR becomes LF.
        if rest.get(at + 1) != Some(&b'\n') {
            hasher.update(b"\n");
        }
        rest = &rest[at + 1..];
    }
    hasher.update(rest);
    hasher.finalize()
}

/// SHA-256 (hex) of the email's canonical form: what it says, not how the
/// file spells it. Headers that name it (addresses, date, subject, threading)
/// and its bodies and attachments, with every line ending as LF and trailing
/// blanks dropped, so a copy saved with CRLF and one with LF (or re-encoded
/// by a mailbox) name the same email. Mailbox bookkeeping (`Status:`,
/// `X-Mozilla-Status:`, the mbox `From ` line) is not part of the model, so
/// it does not count either.
pub fn canonical_fingerprint(email: &crate::mail::Email) -> String {
    fn lf(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
                b'\r' => out.push(b'\n'),
                b => out.push(b),
            }
            i += 1;
        }
        while out.last().is_some_and(|b| b.is_ascii_whitespace()) {
            out.pop();
        }
        out
    }
    let mut hasher = Sha256::new();
    let mut part = |name: &str, value: &[u8]| {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update((value.len() as u64).to_le_bytes());
        hasher.update(value);
    };
    let addresses = |list: &[crate::mail::Address]| {
        list.iter()
            .map(|a| a.address.trim().to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(",")
    };
    let text = |value: &Option<String>| lf(value.as_deref().unwrap_or_default().as_bytes());
    part("from", addresses(email.from.as_slice()).as_bytes());
    part("to", addresses(&email.to).as_bytes());
    part("cc", addresses(&email.cc).as_bytes());
    part(
        "date",
        email
            .date_utc()
            .map(|d| d.timestamp().to_string())
            .unwrap_or_default()
            .as_bytes(),
    );
    part("subject", &text(&email.subject));
    part("in-reply-to", &text(&email.in_reply_to));
    part("references", email.references.join(" ").as_bytes());
    part("text", &text(&email.text_body));
    part("html", &text(&email.html_body));
    for attachment in &email.attachments {
        part(
            "attachment",
            attachment
                .filename
                .as_deref()
                .unwrap_or_default()
                .as_bytes(),
        );
        part("data", lf_digest(&attachment.data).as_ref());
    }
    hex(&hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_hash_in_place_as_their_lf_form() {
        fn lf_copy(bytes: &[u8]) -> Vec<u8> {
            let mut out = Vec::new();
            for (i, &b) in bytes.iter().enumerate() {
                match b {
                    b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
                    b'\r' => out.push(b'\n'),
                    b => out.push(b),
                }
            }
            while out.last().is_some_and(|b| b.is_ascii_whitespace()) {
                out.pop();
            }
            out
        }
        for input in [
            &b""[..],
            b"\r\n \t",
            b"a",
            b"a\r\nb\r\n",
            b"a\rb\r",
            b"a\r\r\nb",
            b"\r\ra \r\n\r",
            b"x\n\r\ny\r \n",
        ] {
            assert_eq!(
                lf_digest(input).as_ref(),
                Sha256::digest(lf_copy(input)).as_slice(),
                "{input:?}"
            );
        }
    }

    #[test]
    fn synthetic_message_id_is_stable() {
        let email = Outgoing {
            fingerprint: "ab".repeat(32),
            ..Default::default()
        };
        assert_eq!(
            email.crm_message_id(),
            format!("<vtelink-{}@vtelink.invalid>", "ab".repeat(20))
        );
        let with_id = Outgoing {
            message_id: Some(" <x@y> ".into()),
            ..Default::default()
        };
        assert_eq!(with_id.crm_message_id(), "<x@y>");
    }

    #[test]
    fn text_bodies_are_escaped() {
        let email = Outgoing {
            text_body: Some("a <b> & \"c\"".into()),
            ..Default::default()
        };
        assert_eq!(
            email.body_html(),
            "<pre style=\"white-space: pre-wrap\">a &lt;b&gt; &amp; &quot;c&quot;</pre>"
        );
    }
}
