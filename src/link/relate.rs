//! Putting each stored Document into the targets' related lists.

use tokio::sync::Semaphore;

use super::report::DocumentReport;
use super::upload::delete_all;
use super::{Calls, closed};
use crate::crm::{Connection, CrmError};

/// A stored Document into the targets' related lists (Document → target:
/// the direction that works for targets the user may only read, fact 46),
/// and the empty Documents it replaces deleted.
pub(super) async fn relate_document(
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
