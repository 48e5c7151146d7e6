//! Copying an email into the CRM: one Message with all its fields, one
//! Document per attachment, and the relations Message → records/Documents.
//!
//! Exactly once, from what the real server offers (it has no duplicate
//! check and no way to read relations back): the Message is found again by
//! its `messageid` (a synthetic, content-derived one when the email has
//! none), each Document by a marker in its note, and `relate` is harmless to
//! repeat. So linking the same email twice, or re-running after a crash or a
//! lost answer, completes the first link instead of duplicating it.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::crm::vtql::{Query, Value};
use crate::crm::{Connection, CrmError, Record, field};

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

    /// The marker that finds attachment `index` again among Documents.
    fn document_marker(&self, index: usize, data: &[u8]) -> String {
        let id_hash = hex(&Sha256::digest(self.crm_message_id().as_bytes()));
        let data_hash = hex(&Sha256::digest(data));
        format!(
            "vtelink:{}:{}:{}",
            short(&id_hash, 24),
            index + 1,
            short(&data_hash, 16)
        )
    }

    /// The Messages element, field by field as the Mail Connector fills it.
    fn message_element(&self, owner: &str) -> serde_json::Value {
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
            "folder": "vtelink",
            "mtype": "Link",
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

/// What a link did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Serialize)]
pub struct LinkReport {
    /// The Message's CRM id (`44x…`); empty in a dry run that would create it.
    pub message: String,
    pub messageid: String,
    /// False when the Message already existed (linked before).
    pub message_created: bool,
    pub documents: Vec<DocumentReport>,
    /// Records the Message is related to.
    pub related_to: Vec<String>,
    pub dry_run: bool,
    /// HTTP round trips this link cost.
    pub requests: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport {
    pub id: String,
    pub file_name: String,
    pub size: u64,
    pub created: bool,
}

/// Why a link could not be done.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("no record to link to: pass one or more record ids with --to (see `vtelink suggest`)")]
    NoTargets,
    #[error("'{0}' is not a CRM record id (expected something like 4x143)")]
    BadTargetId(String),
    #[error("record {id} not found or not visible to you")]
    TargetNotVisible { id: String },
    #[error(transparent)]
    Crm(#[from] CrmError),
}

/// Is `id` shaped like a webservice id (`<prefix>x<number>`)?
pub fn is_ws_id(id: &str) -> bool {
    match id.split_once('x') {
        Some((prefix, number)) => {
            !prefix.is_empty()
                && !number.is_empty()
                && prefix.chars().all(|c| c.is_ascii_digit())
                && number.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// Link `email` to `targets`. See the module docs for the exactly-once rules.
pub async fn link(
    conn: &Connection,
    email: &Outgoing,
    targets: &[String],
    dry_run: bool,
) -> Result<LinkReport, LinkError> {
    let start_requests = conn.client().request_count();
    if targets.is_empty() {
        return Err(LinkError::NoTargets);
    }
    let mut related_to: Vec<String> = Vec::new();
    for target in targets {
        if !is_ws_id(target) {
            return Err(LinkError::BadTargetId(target.clone()));
        }
        if !related_to.contains(target) {
            related_to.push(target.clone());
        }
    }
    // Check every target before writing anything: a typo must not leave a
    // half-linked message behind.
    for target in &related_to {
        match conn.retrieve(target).await {
            Ok(_) => {}
            Err(
                CrmError::AccessDenied(_) | CrmError::InvalidId(_) | CrmError::RecordNotFound(_),
            ) => {
                return Err(LinkError::TargetNotVisible { id: target.clone() });
            }
            Err(e) => return Err(e.into()),
        }
    }

    let messageid = email.crm_message_id();
    let owner = conn.session().user_id;
    let existing = find_message(conn, &messageid).await?;
    let (message, message_created) = match existing {
        Some(id) => (id, false),
        None if dry_run => (String::new(), true),
        None => {
            let element = email.message_element(&owner);
            let created = create_once(
                || conn.create("Messages", &element),
                || find_message(conn, &messageid),
            )
            .await?;
            (created, true)
        }
    };

    // Documents are created after their Message, so a Message that did not
    // exist has no Documents yet: look them up only when it did.
    let markers: Vec<String> = email
        .files
        .iter()
        .enumerate()
        .map(|(index, file)| email.document_marker(index, &file.data))
        .collect();
    let existing_documents = if message_created {
        HashMap::new()
    } else {
        find_documents(conn, &markers).await?
    };
    let mut documents = Vec::new();
    for (file, marker) in email.files.iter().zip(&markers) {
        let (id, created) = match existing_documents.get(marker) {
            Some(id) => (id.clone(), false),
            None if dry_run => (String::new(), true),
            None => {
                let element = json!({
                    "notes_title": file.file_name,
                    "assigned_user_id": owner,
                    "filelocationtype": "B",
                    "backend_name": "file",
                    "filestatus": "1",
                    "notecontent": marker,
                });
                let id = create_once(
                    || {
                        conn.create_document(
                            &element,
                            &file.file_name,
                            &file.content_type,
                            file.data.clone(),
                        )
                    },
                    || async {
                        Ok(find_documents(conn, std::slice::from_ref(marker))
                            .await?
                            .remove(marker))
                    },
                )
                .await?;
                (id, true)
            }
        };
        documents.push(DocumentReport {
            id,
            file_name: file.file_name.clone(),
            size: file.data.len() as u64,
            created,
        });
    }

    if !dry_run {
        let mut relate_list = related_to.clone();
        relate_list.extend(documents.iter().map(|d| d.id.clone()));
        conn.relate(&message, &relate_list).await?;
    }

    Ok(LinkReport {
        message,
        messageid,
        message_created,
        documents,
        related_to,
        dry_run,
        requests: conn.client().request_count() - start_requests,
    })
}

/// How often a create whose answer was lost is looked up and tried again.
const CREATE_ATTEMPTS: usize = 3;

/// Create a record; if the answer is lost (transport error, HTTP 5xx), look
/// it up before trying again, so a lost answer never makes a duplicate.
async fn create_once<C, CF, F, FF>(create: C, find: F) -> Result<String, CrmError>
where
    C: Fn() -> CF,
    CF: Future<Output = Result<Record, CrmError>>,
    F: Fn() -> FF,
    FF: Future<Output = Result<Option<String>, CrmError>>,
{
    let mut attempt = 1;
    loop {
        match create().await {
            Ok(record) => return Ok(field(&record, "id").to_owned()),
            Err(e) if e.is_transient() && attempt < CREATE_ATTEMPTS => {
                tracing::info!("create failed ({e}); checking whether it happened before retrying");
                if let Some(id) = find().await? {
                    return Ok(id);
                }
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

async fn find_message(conn: &Connection, messageid: &str) -> Result<Option<String>, CrmError> {
    let Some(value) = Value::text(messageid) else {
        return Ok(None);
    };
    // The real server keeps duplicates made by other tools (wire fact 32):
    // reuse the oldest. (ORDER BY id is not a recorded VTQL form, so sort here.)
    let vtql = Query::select("Messages", &["id"])
        .eq("messageid", value)
        .limit(0, 50)
        .build()
        .map_err(|e| CrmError::Decode(e.to_string()))?;
    let rows = conn.query(&vtql).await?;
    Ok(rows
        .iter()
        .map(|r| field(r, "id"))
        .filter(|id| !id.is_empty())
        .min_by_key(|id| crm_number(id))
        .map(str::to_owned))
}

/// The numeric part of a ws id (`44x1390` → 1390), for ordering.
fn crm_number(id: &str) -> u64 {
    id.split_once('x')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(u64::MAX)
}

/// Documents carrying these markers, in one query: marker → id.
async fn find_documents(
    conn: &Connection,
    markers: &[String],
) -> Result<HashMap<String, String>, CrmError> {
    let values: Vec<Value> = markers.iter().filter_map(|m| Value::text(m)).collect();
    if values.is_empty() {
        return Ok(HashMap::new());
    }
    let vtql = Query::select("Documents", &["id", "notecontent"])
        .in_list("notecontent", values)
        .limit(0, markers.len() as u64 * 4)
        .build()
        .map_err(|e| CrmError::Decode(e.to_string()))?;
    let mut found = HashMap::new();
    for row in conn.query(&vtql).await? {
        let id = field(&row, "id");
        let marker = field(&row, "notecontent").trim();
        // Keep the oldest when a marker appears twice.
        let keep = found
            .get(marker)
            .is_none_or(|old: &String| crm_number(id) < crm_number(old));
        if !id.is_empty() && keep {
            found.insert(marker.to_owned(), id.to_owned());
        }
    }
    Ok(found)
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

fn short(text: &str, len: usize) -> &str {
    text.get(..len).unwrap_or(text)
}

impl Outgoing {
    /// What the CRM gets from a parsed email (its attachment bytes are moved,
    /// not copied). `raw` is the file as read: its hash names emails that
    /// have no Message-ID.
    pub fn from_email(email: crate::mail::Email, raw: &[u8]) -> Outgoing {
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
            fingerprint: hex(&Sha256::digest(raw)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ws_ids() {
        assert!(is_ws_id("4x143"));
        assert!(is_ws_id("44x1"));
        assert!(!is_ws_id("x1"));
        assert!(!is_ws_id("4x"));
        assert!(!is_ws_id("4x1; DROP"));
        assert!(!is_ws_id("143"));
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
