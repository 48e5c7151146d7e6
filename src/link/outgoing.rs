//! What the CRM gets from one email, independent of the file format: the
//! Message's fields, the Documents, and the markers that find them again.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{MESSAGE_FOLDER, MESSAGE_TYPE, hex, short};

/// The part of every Document marker that names the email (hex and `:`
/// only, so it is safe in a VTQL LIKE pattern).
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
    /// SHA-256 of the raw file: names the email when it has no Message-ID.
    pub fingerprint: String,
}

impl Outgoing {
    /// The `messageid` the Message is stored (and found again) under.
    pub fn crm_message_id(&self) -> String {
        match self.message_id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() && id.chars().all(|c| !c.is_control()) => id.to_owned(),
            _ => format!("<vtelink-{}@vtelink.invalid>", short(&self.fingerprint, 40)),
        }
    }

    /// The marker that finds attachment `index` again among Documents:
    /// `vtelink:<messageid hash>:<position>:<content hash>`.
    pub(super) fn document_marker(&self, index: usize, data: &[u8]) -> String {
        let data_hash = hex(&Sha256::digest(data));
        format!(
            "{}{}:{}",
            marker_prefix(&self.crm_message_id()),
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
            "subject": self.subject,
            "mdate": self.date.map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default(),
            "mfrom": join(&from),
            "mfrom_n": names(&from),
            "mto": join(&self.to),
            "mto_n": names(&self.to),
            "mcc": join(&self.cc),
            "mcc_n": names(&self.cc),
            "mbcc": join(&self.bcc),
            "mbcc_n": names(&self.bcc),
            "mreplyto": join(&reply_to),
            "mreplyto_n": names(&reply_to),
            "messageid": self.crm_message_id(),
            "in_reply_to": self.in_reply_to.clone().unwrap_or_default(),
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
        Outgoing::with_fingerprint(loaded.email, hex(&loaded.sha256))
    }

    /// What the CRM gets from a parsed email (its attachment bytes are moved,
    /// not copied). `raw` is the file as read: its hash names emails that
    /// have no Message-ID.
    pub fn from_email(email: crate::mail::Email, raw: &[u8]) -> Outgoing {
        Outgoing::with_fingerprint(email, hex(&Sha256::digest(raw)))
    }

    fn with_fingerprint(email: crate::mail::Email, fingerprint: String) -> Outgoing {
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

#[cfg(test)]
mod tests {
    use super::*;

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
