//! One Message per email when two machines link it at the same moment.
//!
//! Locks keep the links of one machine apart; nothing on the server does
//! that across machines (it has no duplicate check, fact 32). So a link that
//! created something looks again: when the key has an older Message, or an
//! attachment's marker an older complete Document, the oldest is kept, it
//! gets this link's relations, and what this link created is removed. Both
//! sides apply the same rule, so they end with the same records.

use std::collections::HashMap;

use tokio::sync::Semaphore;

use super::lookup::FoundDocument;
use super::report::LinkReport;
use super::{Calls, closed};
use crate::crm::{Connection, CrmError};

/// Keep the oldest records of this email; remove the ones this link made
/// that are not. `messages` and `found` are what the look-up after creating
/// saw (oldest first); `markers` are the attachments' markers, in order.
pub(super) async fn converge(
    conn: &Connection,
    report: &mut LinkReport,
    markers: &[String],
    messages: &[String],
    found: &HashMap<String, Vec<FoundDocument>>,
    small_calls: &Semaphore,
    calls: &Calls,
) -> Result<(), CrmError> {
    let mut remove_documents: Vec<String> = Vec::new();
    let mut remove_message: Option<String> = None;
    if report.message_created
        && let Some(oldest) = messages.first()
        && *oldest != report.message
    {
        remove_message = Some(std::mem::replace(&mut report.message, oldest.clone()));
        report.message_created = false;
    }
    let mut adopted: Vec<String> = Vec::new();
    for (document, marker) in report.documents.iter_mut().zip(markers) {
        if !(document.created && document.stored) {
            continue;
        }
        let oldest = found
            .get(marker)
            .and_then(|list| list.iter().find(|d| d.filesize == Some(document.size)));
        if let Some(oldest) = oldest
            && oldest.id != document.id
        {
            remove_documents.push(std::mem::replace(&mut document.id, oldest.id.clone()));
            document.created = false;
            adopted.push(oldest.id.clone());
        }
    }
    if remove_message.is_none() && remove_documents.is_empty() {
        return Ok(());
    }
    tracing::info!(
        "another link stored this email at the same moment: keeping the oldest records, removing {:?} {:?}",
        remove_message,
        remove_documents
    );
    // First the kept records get this link's relations (so the email never
    // disappears from a target), then this link's copies go.
    let stored: Vec<String> = report
        .documents
        .iter()
        .filter(|d| d.stored)
        .map(|d| d.id.clone())
        .collect();
    let mut message_list = report.related_to.clone();
    message_list.extend(stored);
    let message = report.message.clone();
    let related_to = report.related_to.clone();
    let relates = futures::future::join_all(
        std::iter::once((message, message_list))
            .chain(adopted.into_iter().map(|id| (id, related_to.clone())))
            .map(|(id, list)| async move {
                let _slot = small_calls.acquire().await.map_err(|_| closed())?;
                calls.add(1);
                conn.relate(&id, &list).await
            }),
    )
    .await;
    relates.into_iter().collect::<Result<Vec<()>, _>>()?;
    // Documents first: an interrupted removal still leaves the Message to
    // find (and the next run converges the rest).
    for batch in [remove_documents, remove_message.into_iter().collect()] {
        let deleted = futures::future::join_all(batch.iter().map(|id| async move {
            let _slot = small_calls.acquire().await.map_err(|_| closed())?;
            calls.add(1);
            conn.delete(id).await.map(|()| id.clone())
        }))
        .await;
        for id in deleted {
            report.removed_duplicates.push(id?);
        }
    }
    Ok(())
}
