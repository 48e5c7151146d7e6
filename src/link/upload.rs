//! Storing each attachment as a Document exactly once, and checking that
//! the CRM kept every byte.

use serde_json::json;
use tokio::sync::Semaphore;

use super::lookup::{FoundDocument, find_documents};
use super::plan::Planned;
use super::report::{DocumentReport, stored_name, stored_title};
use super::{Calls, closed};
use crate::crm::{Connection, CrmError, Record};
use crate::l10n::Arg;
use crate::msg;

/// Uploads at or above this size that get HTTP 500 with no answer, every
/// time, were dropped by PHP for exceeding `post_max_size` (wire fact 41:
/// it then answers like an unknown operation). PHP's smallest common
/// `post_max_size` is 2 MB; below 1 MiB a 500 is taken for a server fault.
const DROPPED_UPLOAD_MIN: u64 = 1024 * 1024;

/// Make sure one attachment is stored: reuse a complete Document, or upload
/// it and check the size the CRM kept. Returns its report and the empty
/// Documents of earlier runs it replaces.
pub(super) async fn upload_document(
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
        stored_title: stored_title(&file.file_name),
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
                "notes_title": stored_title(&file.file_name).unwrap_or_else(|| file.file_name.clone()),
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
                    report.problem = Some(msg!(
                        "link-upload-truncated",
                        name = file.file_name.as_str(),
                        size = Arg::Size(size),
                        kept = Arg::Size(found.filesize.unwrap_or(0))
                    ));
                    delete_all(conn, &empty, small_calls, calls).await;
                    return Ok((report, Vec::new()));
                }
                Err(CrmError::Http { status: 500, .. }) if size >= DROPPED_UPLOAD_MIN => {
                    report.problem = Some(msg!(
                        "link-upload-dropped",
                        name = file.file_name.as_str(),
                        size = Arg::Size(size)
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

/// Create a Document; if the answer is lost, look it up before trying again.
pub(super) async fn create_document_once(
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
pub(super) async fn delete_all(
    conn: &Connection,
    ids: &[String],
    small_calls: &Semaphore,
    calls: &Calls,
) {
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

/// How often a create whose answer was lost is looked up and tried again.
const CREATE_ATTEMPTS: usize = 3;

/// Create a record; if the answer is lost (transport error, HTTP 5xx), look
/// it up before trying again, so a lost answer never makes a duplicate.
/// `read` takes what the caller needs from the created record.
pub(super) async fn create_once<T, C, CF, F, FF>(
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
