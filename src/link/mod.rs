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
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::Semaphore;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::crm::vtql::{Query, Value};
use crate::crm::{Connection, CrmError, Record, field};
use crate::sanitize::human_size;

pub mod unlink;

/// Folder and type of the Messages vtelink creates (how `unlink` tells them
/// from another tool's Message with the same Message-ID).
const MESSAGE_FOLDER: &str = "vtelink";
const MESSAGE_TYPE: &str = "Link";

/// The part of every Document marker that names the email (hex and `:`
/// only, so it is safe in a VTQL LIKE pattern).
fn marker_prefix(messageid: &str) -> String {
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
    fn document_marker(&self, index: usize, data: &[u8]) -> String {
        let data_hash = hex(&Sha256::digest(data));
        format!(
            "{}{}:{}",
            marker_prefix(&self.crm_message_id()),
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

/// How a link runs.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// Plan and check everything, write nothing.
    pub dry_run: bool,
    /// Document uploads in flight at once (the heavy requests).
    pub upload_concurrency: usize,
}

/// Uploads in flight by default: enough for a typical email's attachments
/// to go in one round trip, few enough not to flood a PHP server.
pub const DEFAULT_UPLOAD_CONCURRENCY: usize = 8;

/// Small requests (`relate`, `delete`) in flight at once. They are cheap for
/// the server, and bounding them separately from uploads lets each
/// Document's relations start as soon as it exists.
const SMALL_CALL_CONCURRENCY: usize = 16;

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            dry_run: false,
            upload_concurrency: DEFAULT_UPLOAD_CONCURRENCY,
        }
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
    /// Records the Message (and every stored Document) is related to.
    pub related_to: Vec<String>,
    pub dry_run: bool,
    /// True when every attachment is stored in full: false means the link
    /// is partial (see each Document's `problem`) and exits 6.
    pub complete: bool,
    /// Webservice calls this link made.
    pub requests: u64,
}

impl LinkReport {
    /// Attachments the CRM did not keep.
    pub fn not_stored(&self) -> impl Iterator<Item = &DocumentReport> {
        self.documents.iter().filter(|d| !d.stored)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport {
    /// The Document's id; empty when none holds the file (or in a dry run).
    pub id: String,
    pub file_name: String,
    /// The name the CRM stores the file under, when it differs (vtenext
    /// appends `.txt` to names on its bad-extension list, wire fact 43).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_name: Option<String>,
    /// Bytes of the attachment.
    pub size: u64,
    /// Created by this run (false: found from an earlier link).
    pub created: bool,
    /// The CRM holds every byte (its `filesize` equals `size`). In a dry run:
    /// the upload is expected to fit.
    pub stored: bool,
    /// Why the attachment is not stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Empty Documents of earlier attempts that this one replaced (deleted).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaced: Vec<String>,
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
    #[error(
        "{id} is a {module} record: emails are linked to records such as Contacts, Accounts, Leads or tickets"
    )]
    NotATarget { id: String, module: &'static str },
    #[error(
        "your CRM user may not create {module}, so {what} cannot be stored; ask the CRM administrator for the permission"
    )]
    NotPermitted {
        module: &'static str,
        what: &'static str,
    },
    #[error("'{0}' cannot be a Message-ID (it is empty or has control characters)")]
    BadMessageId(String),
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

/// Counts the webservice calls of one link (several links may share a
/// connection concurrently, so the client's global counter cannot).
#[derive(Default)]
struct Calls(AtomicU64);

impl Calls {
    fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
    fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// What wave 1 learnt about one attachment.
struct Planned<'a> {
    file: &'a OutgoingFile,
    marker: String,
    /// A Document of an earlier run that holds every byte.
    complete: Option<String>,
    /// Documents of earlier runs that lack their file (an upload limit
    /// emptied them): replaced once a complete one exists.
    empty: Vec<String>,
    /// Known before uploading that the CRM will not take it.
    refused: Option<String>,
}

/// Link `email` to `targets`: the Message with all its fields, a Document
/// per attachment, the Message related to the targets and Documents, and
/// each Document related to the targets (so it is in their Documents list).
///
/// The plan (docs/protocol.md, "Linking"), each wave's calls concurrent:
/// 1. look the Message up by `messageid` ∥ check every target ∥ look the
///    Documents up by marker ∥ describe Messages and Documents (permissions,
///    upload limit);
/// 2. create the Message ∥ create the missing Documents (bounded), each
///    Document related to the targets as soon as it exists;
/// 3. relate the Message to the targets and Documents.
///
/// Exactly once: nothing is created that a look-up found, a create whose
/// answer is lost is looked up before it is tried again, `relate` is
/// harmless to repeat, and an empty Document never counts as stored.
pub async fn link(
    conn: &Connection,
    email: &Outgoing,
    targets: &[String],
    opts: &LinkOptions,
) -> Result<LinkReport, LinkError> {
    let calls = Calls::default();
    let related_to = checked_targets(targets)?;
    let messageid = email.crm_message_id();
    let has_files = !email.files.is_empty();
    let markers: Vec<String> = email
        .files
        .iter()
        .enumerate()
        .map(|(index, file)| email.document_marker(index, &file.data))
        .collect();

    // Wave 1: everything that can be known before writing.
    let (message, target_checks, found_documents, messages_module, documents_module) = tokio::join!(
        find_message(conn, &messageid, &calls),
        check_targets(conn, &related_to, &calls),
        async {
            if has_files {
                find_documents(conn, &markers, &calls).await
            } else {
                Ok(HashMap::new())
            }
        },
        async {
            calls.add(1);
            conn.describe("Messages").await
        },
        async {
            if has_files {
                calls.add(1);
                conn.describe("Documents").await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    target_checks?;
    let existing_message = message?;
    let found_documents = found_documents?;
    if existing_message.is_none() {
        let refused = LinkError::NotPermitted {
            module: "Messages",
            what: "the email",
        };
        match messages_module {
            Ok(d) if !d.createable => return Err(refused),
            Ok(_) => {}
            Err(CrmError::AccessDenied(_)) => return Err(refused),
            Err(e) => return Err(e.into()),
        }
    }
    let mut planned: Vec<Planned> = email
        .files
        .iter()
        .zip(markers)
        .map(|(file, marker)| {
            let found = found_documents.get(&marker).cloned().unwrap_or_default();
            let size = file.data.len() as u64;
            let (complete, empty): (Vec<_>, Vec<_>) =
                found.into_iter().partition(|d| d.filesize == Some(size));
            Planned {
                file,
                marker,
                complete: complete.into_iter().next().map(|d| d.id),
                empty: empty.into_iter().map(|d| d.id).collect(),
                refused: None,
            }
        })
        .collect();
    let needs_upload = planned.iter().any(|p| p.complete.is_none());
    let not_permitted = LinkError::NotPermitted {
        module: "Documents",
        what: "its attachments",
    };
    let max_upload = match documents_module {
        Ok(Some(d)) if needs_upload && !d.createable => return Err(not_permitted),
        Ok(Some(d)) => d.max_upload_size(),
        Ok(None) => None,
        Err(CrmError::AccessDenied(_)) if needs_upload => return Err(not_permitted),
        Err(CrmError::AccessDenied(_)) => None,
        Err(e) => return Err(e.into()),
    };
    if let Some(max) = max_upload {
        for p in planned.iter_mut().filter(|p| p.complete.is_none()) {
            let size = p.file.data.len() as u64;
            if size > max {
                p.refused = Some(format!(
                    "{} ({}) is larger than this CRM accepts ({}, its maxUploadFileSize); \
                     a CRM administrator can raise it",
                    p.file.file_name,
                    human_size(size),
                    human_size(max)
                ));
            }
        }
    }

    if opts.dry_run {
        let documents = planned
            .iter()
            .map(|p| DocumentReport {
                id: p.complete.clone().unwrap_or_default(),
                file_name: p.file.file_name.clone(),
                stored_name: stored_name(&p.file.file_name),
                size: p.file.data.len() as u64,
                created: p.complete.is_none(),
                stored: p.refused.is_none(),
                problem: p.refused.clone(),
                replaced: Vec::new(),
            })
            .collect::<Vec<_>>();
        return Ok(LinkReport {
            message: existing_message.clone().unwrap_or_default(),
            messageid,
            message_created: existing_message.is_none(),
            complete: documents.iter().all(|d| d.stored),
            documents,
            related_to,
            dry_run: true,
            requests: calls.get(),
        });
    }

    // Wave 2: create what is missing. Each Document is related to the
    // targets as soon as it exists, and the Message to the targets and
    // Documents as soon as every Document has its id (wave 3), so relations
    // overlap the last uploads instead of waiting for each other.
    let owner = conn.session().user_id;
    let uploads = Semaphore::new(opts.upload_concurrency.max(1));
    let small_calls = Semaphore::new(SMALL_CALL_CONCURRENCY);
    let (stored_tx, mut stored_rx) = tokio::sync::mpsc::unbounded_channel::<Option<String>>();
    let document_tasks = futures::future::join_all(planned.iter().map(|p| {
        let stored_tx = stored_tx.clone();
        let (owner, related_to, uploads, small_calls, calls) =
            (&owner, &related_to, &uploads, &small_calls, &calls);
        async move {
            let uploaded = upload_document(conn, p, owner, uploads, small_calls, calls).await;
            let id = match &uploaded {
                Ok((report, _)) if report.stored => Some(report.id.clone()),
                _ => None,
            };
            // Every Document says once whether it is stored, whatever happens.
            let _ = stored_tx.send(id);
            let (report, empty) = uploaded?;
            relate_document(conn, report, empty, related_to, small_calls, calls).await
        }
    }));
    drop(stored_tx);
    let message_task = async {
        let (message, created) = match &existing_message {
            Some(id) => (id.clone(), false),
            None => {
                let element = email.message_element(&owner);
                let id = create_once(
                    &calls,
                    || conn.create("Messages", &element),
                    |record| field(record, "id").to_owned(),
                    || find_message(conn, &messageid, &calls),
                )
                .await?;
                (id, true)
            }
        };
        // Wave 3: the Message to its records and every stored Document.
        // (Counted, not "until closed": each sender lives until its
        // Document's own relations are done.)
        let mut relate_list = related_to.clone();
        for _ in 0..planned.len() {
            match stored_rx.recv().await {
                Some(stored) => relate_list.extend(stored),
                None => break,
            }
        }
        let _slot = small_calls.acquire().await.map_err(|_| closed())?;
        calls.add(1);
        conn.relate(&message, &relate_list).await?;
        Ok::<_, CrmError>((message, created))
    };
    let (message, documents) = tokio::join!(message_task, document_tasks);
    let (message, message_created) = message?;
    let documents = documents.into_iter().collect::<Result<Vec<_>, _>>()?;

    Ok(LinkReport {
        message,
        messageid,
        message_created,
        complete: documents.iter().all(|d| d.stored),
        documents,
        related_to,
        dry_run: false,
        requests: calls.get(),
    })
}

/// Records that are never link targets, by their (fixed, vtenext-wide)
/// webservice prefix (wire `entity-prefixes.tsv`): they have no Messages or
/// Documents relation, so a link to one would fail half-way, after writing.
const NOT_TARGETS: &[(&str, &str)] = &[
    ("7", "Documents"),
    ("8", "Emails"),
    ("19", "Users"),
    ("22", "Groups"),
    ("23", "Currency"),
    ("24", "DocumentFolders"),
    ("44", "Messages"),
];

/// Target ids in order, without repeats; refuses ids that are not ids, or
/// not records an email can be linked to.
fn checked_targets(targets: &[String]) -> Result<Vec<String>, LinkError> {
    if targets.is_empty() {
        return Err(LinkError::NoTargets);
    }
    let mut unique: Vec<String> = Vec::new();
    for target in targets {
        if !is_ws_id(target) {
            return Err(LinkError::BadTargetId(target.clone()));
        }
        let prefix = target.split_once('x').map_or("", |(p, _)| p);
        if let Some((_, module)) = NOT_TARGETS.iter().find(|(p, _)| *p == prefix) {
            return Err(LinkError::NotATarget {
                id: target.clone(),
                module,
            });
        }
        if !unique.contains(target) {
            unique.push(target.clone());
        }
    }
    Ok(unique)
}

/// Every target exists and is visible, checked before anything is written:
/// a typo must not leave a half-linked message behind.
async fn check_targets(
    conn: &Connection,
    targets: &[String],
    calls: &Calls,
) -> Result<(), LinkError> {
    let checks = futures::future::join_all(targets.iter().map(|target| async move {
        calls.add(1);
        match conn.retrieve(target).await {
            Ok(_) => Ok(()),
            Err(
                CrmError::AccessDenied(_) | CrmError::InvalidId(_) | CrmError::RecordNotFound(_),
            ) => Err(LinkError::TargetNotVisible { id: target.clone() }),
            Err(e) => Err(e.into()),
        }
    }))
    .await;
    checks.into_iter().collect()
}

/// Uploads at or above this size that get HTTP 500 with no answer, every
/// time, were dropped by PHP for exceeding `post_max_size` (wire fact 41:
/// it then answers like an unknown operation). PHP's smallest common
/// `post_max_size` is 2 MB; below 1 MiB a 500 is taken for a server fault.
const DROPPED_UPLOAD_MIN: u64 = 1024 * 1024;

/// Make sure one attachment is stored: reuse a complete Document, or upload
/// it and check the size the CRM kept. Returns its report and the empty
/// Documents of earlier runs it replaces.
async fn upload_document(
    conn: &Connection,
    planned: &Planned<'_>,
    owner: &str,
    uploads: &Semaphore,
    small_calls: &Semaphore,
    calls: &Calls,
) -> Result<(DocumentReport, Vec<String>), CrmError> {
    let file = planned.file;
    let size = file.data.len() as u64;
    let mut report = DocumentReport {
        id: String::new(),
        file_name: file.file_name.clone(),
        stored_name: stored_name(&file.file_name),
        size,
        created: false,
        stored: false,
        problem: planned.refused.clone(),
        replaced: Vec::new(),
    };
    if planned.refused.is_some() {
        return Ok((report, Vec::new()));
    }
    let mut empty = planned.empty.clone();
    let id = match &planned.complete {
        Some(id) => id.clone(),
        None => {
            let _slot = uploads.acquire().await.map_err(|_| closed())?;
            let element = json!({
                "notes_title": file.file_name,
                "assigned_user_id": owner,
                "filelocationtype": "B",
                "backend_name": "file",
                "filestatus": "1",
                "notecontent": planned.marker,
            });
            let created = create_document_once(conn, &element, planned, calls).await;
            match created {
                Ok(found) if found.filesize == Some(size) => {
                    report.created = true;
                    found.id
                }
                Ok(found) => {
                    // Fact 40: over PHP's upload_max_filesize the CRM answers
                    // success and keeps an empty Document. It is not the
                    // attachment: remove it so no one mistakes it for one.
                    empty.push(found.id);
                    report.problem = Some(format!(
                        "{} ({}) was not stored: the CRM kept {} of it, so its upload limit is below \
                         this size; a CRM administrator can raise PHP's upload_max_filesize and \
                         post_max_size, then run the same command again",
                        file.file_name,
                        human_size(size),
                        human_size(found.filesize.unwrap_or(0)),
                    ));
                    delete_all(conn, &empty, small_calls, calls).await;
                    return Ok((report, Vec::new()));
                }
                Err(CrmError::Http { status: 500, .. }) if size >= DROPPED_UPLOAD_MIN => {
                    report.problem = Some(format!(
                        "{} ({}) is too large for this CRM: it dropped the upload without an answer \
                         (HTTP 500), as PHP does over post_max_size; a CRM administrator can raise \
                         PHP's post_max_size and upload_max_filesize, then run the same command again",
                        file.file_name,
                        human_size(size),
                    ));
                    return Ok((report, Vec::new()));
                }
                Err(e) => return Err(e),
            }
        }
    };
    report.id = id;
    report.stored = true;
    Ok((report, empty))
}

/// A stored Document into the targets' related lists (Document → target:
/// the direction that works for targets the user may only read, fact 46),
/// and the empty Documents it replaces deleted.
async fn relate_document(
    conn: &Connection,
    mut report: DocumentReport,
    empty: Vec<String>,
    targets: &[String],
    small_calls: &Semaphore,
    calls: &Calls,
) -> Result<DocumentReport, CrmError> {
    if !report.stored {
        return Ok(report);
    }
    let relate = async {
        let _slot = small_calls.acquire().await.map_err(|_| closed())?;
        calls.add(1);
        conn.relate(&report.id, targets).await
    };
    let ((), ()) = tokio::try_join!(relate, async {
        delete_all(conn, &empty, small_calls, calls).await;
        Ok(())
    })?;
    report.replaced = empty;
    Ok(report)
}

/// Create a Document; if the answer is lost, look it up before trying again.
async fn create_document_once(
    conn: &Connection,
    element: &serde_json::Value,
    planned: &Planned<'_>,
    calls: &Calls,
) -> Result<FoundDocument, CrmError> {
    let file = planned.file;
    create_once(
        calls,
        || {
            conn.create_document(
                element,
                &file.file_name,
                &file.content_type,
                file.data.clone(),
            )
        },
        FoundDocument::from_record,
        || async {
            Ok(
                find_documents(conn, std::slice::from_ref(&planned.marker), calls)
                    .await?
                    .remove(&planned.marker)
                    .and_then(|found| found.into_iter().next()),
            )
        },
    )
    .await
}

/// Delete Documents (best effort: one left behind is found and replaced
/// again by the next run).
async fn delete_all(conn: &Connection, ids: &[String], small_calls: &Semaphore, calls: &Calls) {
    futures::future::join_all(ids.iter().map(|id| async move {
        let Ok(_slot) = small_calls.acquire().await else {
            return;
        };
        calls.add(1);
        if let Err(e) = conn.delete(id).await {
            tracing::warn!("could not delete the empty Document {id}: {e}");
        }
    }))
    .await;
}

fn closed() -> CrmError {
    CrmError::Transport("the link was cancelled".into())
}

/// The name vtenext stores a file under: names on its bad-extension list get
/// `.txt` appended (wire fact 43; `filename` cannot be read back, so this is
/// the documented rule, not an answer).
pub fn stored_name(file_name: &str) -> Option<String> {
    const BAD_EXTENSIONS: &[&str] = &[
        "php", "php3", "php4", "php5", "pht", "phtml", "phps", "phar", "htm", "html", "xhtml",
        "js", "pl", "py", "rb", "cgi", "asp", "cfm", "vbs", "jsp", "exe", "bin", "bat", "com",
        "sh", "dll", "msi", "htaccess", "htpasswd",
    ];
    let extension = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    BAD_EXTENSIONS
        .contains(&extension.as_str())
        .then(|| format!("{file_name}.txt"))
}

/// How often a create whose answer was lost is looked up and tried again.
const CREATE_ATTEMPTS: usize = 3;

/// Create a record; if the answer is lost (transport error, HTTP 5xx), look
/// it up before trying again, so a lost answer never makes a duplicate.
/// `read` takes what the caller needs from the created record.
async fn create_once<T, C, CF, F, FF>(
    calls: &Calls,
    create: C,
    read: fn(&Record) -> T,
    find: F,
) -> Result<T, CrmError>
where
    C: Fn() -> CF,
    CF: Future<Output = Result<Record, CrmError>>,
    F: Fn() -> FF,
    FF: Future<Output = Result<Option<T>, CrmError>>,
{
    let mut attempt = 1;
    loop {
        calls.add(1);
        match create().await {
            Ok(record) => return Ok(read(&record)),
            Err(e) if e.is_transient() && attempt < CREATE_ATTEMPTS => {
                tracing::info!("create failed ({e}); checking whether it happened before retrying");
                if let Some(found) = find().await? {
                    return Ok(found);
                }
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

async fn find_message(
    conn: &Connection,
    messageid: &str,
    calls: &Calls,
) -> Result<Option<String>, CrmError> {
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
    calls.add(1);
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

/// A Document found by its marker.
#[derive(Debug, Clone)]
struct FoundDocument {
    id: String,
    /// What the CRM says it stored (`None` when it says nothing usable).
    filesize: Option<u64>,
}

impl FoundDocument {
    fn from_record(record: &Record) -> FoundDocument {
        FoundDocument {
            id: field(record, "id").to_owned(),
            filesize: field(record, "filesize").trim().parse().ok(),
        }
    }
}

/// Documents carrying these markers, in one query: marker → Documents,
/// oldest first.
async fn find_documents(
    conn: &Connection,
    markers: &[String],
    calls: &Calls,
) -> Result<HashMap<String, Vec<FoundDocument>>, CrmError> {
    let values: Vec<Value> = markers.iter().filter_map(|m| Value::text(m)).collect();
    if values.is_empty() {
        return Ok(HashMap::new());
    }
    let vtql = Query::select("Documents", &["id", "notecontent", "filesize"])
        .in_list("notecontent", values)
        .limit(0, markers.len() as u64 * 4)
        .build()
        .map_err(|e| CrmError::Decode(e.to_string()))?;
    let mut found: HashMap<String, Vec<FoundDocument>> = HashMap::new();
    calls.add(1);
    for row in conn.query(&vtql).await? {
        let document = FoundDocument::from_record(&row);
        if document.id.is_empty() {
            continue;
        }
        found
            .entry(field(&row, "notecontent").trim().to_owned())
            .or_default()
            .push(document);
    }
    for documents in found.values_mut() {
        documents.sort_by_key(|d| crm_number(&d.id));
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
    fn ws_ids() {
        assert!(is_ws_id("4x143"));
        assert!(is_ws_id("44x1"));
        assert!(!is_ws_id("x1"));
        assert!(!is_ws_id("4x"));
        assert!(!is_ws_id("4x1; DROP"));
        assert!(!is_ws_id("143"));
    }

    #[test]
    fn users_documents_and_messages_are_not_targets() {
        for id in ["19x1", "7x12", "44x3"] {
            assert!(matches!(
                checked_targets(&[id.to_owned()]),
                Err(LinkError::NotATarget { .. })
            ));
        }
        let ok = checked_targets(&["4x143".into(), "3x140".into(), "4x143".into()]).unwrap();
        assert_eq!(ok, ["4x143", "3x140"]);
        // 44 is Messages, 4 is Contacts: the whole prefix counts.
        assert!(checked_targets(&["4x44".into()]).is_ok());
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
