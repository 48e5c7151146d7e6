//! Relations: the Message to its records and Documents, and the Documents
//! into the records' own Documents lists, in as few calls as permissions
//! allow.
//!
//! A record the user may write takes all of an email's Documents in one
//! `relate` (record → Documents, fact 44). A record the user may only read
//! refuses that direction (`ACCESS_DENIED`, fact 46); the Documents are then
//! related from their side (Document → records, one call per Document), and
//! the run remembers the record as read-only so later emails go straight
//! there.

use tokio::sync::Semaphore;

use super::report::DocumentReport;
use super::state::RunState;
use super::upload::delete_all;
use super::{Calls, closed};
use crate::crm::{Connection, CrmError};

/// The empty Documents a stored one replaces, deleted.
pub(super) async fn replace_empty(
    conn: &Connection,
    mut report: DocumentReport,
    empty: Vec<String>,
    small_calls: &Semaphore,
    calls: &Calls,
) -> DocumentReport {
    if report.stored {
        delete_all(conn, &empty, small_calls, calls).await;
        report.replaced = empty;
    }
    report
}

async fn relate_one(
    conn: &Connection,
    id: &str,
    list: &[String],
    small_calls: &Semaphore,
    calls: &Calls,
) -> Result<(), CrmError> {
    let _slot = small_calls.acquire().await.map_err(|_| closed())?;
    calls.add(1);
    conn.relate(id, list).await
}

/// Put `documents` into each target's Documents list.
pub(super) async fn documents_to_targets(
    conn: &Connection,
    state: &RunState,
    targets: &[String],
    documents: &[String],
    small_calls: &Semaphore,
    calls: &Calls,
) -> Result<(), CrmError> {
    if documents.is_empty() {
        return Ok(());
    }
    // Record → Documents where the record may be written (one call each).
    let writable =
        futures::future::join_all(targets.iter().filter(|t| !state.is_read_only(t)).map(
            |target| async move {
                match relate_one(conn, target, documents, small_calls, calls).await {
                    Ok(()) => Ok(None),
                    Err(CrmError::AccessDenied(_)) => Ok(Some(target.clone())),
                    Err(e) => Err(e),
                }
            },
        ))
        .await;
    let mut from_documents: Vec<String> = targets
        .iter()
        .filter(|t| state.is_read_only(t))
        .cloned()
        .collect();
    for refused in writable {
        if let Some(target) = refused? {
            state.mark_read_only(&target);
            from_documents.push(target);
        }
    }
    if from_documents.is_empty() {
        return Ok(());
    }
    // Document → records: the direction that works for read-only records.
    let relates = futures::future::join_all(
        documents
            .iter()
            .map(|id| relate_one(conn, id, &from_documents, small_calls, calls)),
    )
    .await;
    relates.into_iter().collect()
}

/// Relate the Message to its records and Documents.
pub(super) async fn message_to_all(
    conn: &Connection,
    message: &str,
    list: &[String],
    small_calls: &Semaphore,
    calls: &Calls,
) -> Result<(), CrmError> {
    relate_one(conn, message, list, small_calls, calls).await
}
