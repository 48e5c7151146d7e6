//! Undoing a link made to the wrong record: delete the Message and the
//! Documents vtelink created for one email — and nothing else.
//!
//! "Created by vtelink" is decided from what vtelink writes: a Message in
//! folder `vtelink` with type `Link`, a Document whose note is this email's
//! marker. Another tool's Message with the same Message-ID is listed and
//! left alone. Documents without the marker cannot be found at all (the
//! webservice does not read relations back, wire fact 37), so they are
//! never touched.

use serde::Serialize;

use super::lookup::crm_number;
use super::outgoing::{Key, marker_prefix};
use super::{LinkError, SMALL_CALL_CONCURRENCY};
use crate::crm::vtql::{Query, Value};
use crate::crm::{Connection, CrmError, field};

/// A record `unlink` found.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    pub id: String,
    /// Subject (Messages) or title (Documents).
    pub label: String,
    /// Made by vtelink, so `unlink` deletes it.
    pub ours: bool,
}

/// What `unlink` deletes (or, in a dry run, would delete) and leaves alone.
#[derive(Debug, Clone, Serialize)]
pub struct UnlinkPlan {
    pub messageid: String,
    pub messages: Vec<Found>,
    pub documents: Vec<Found>,
    pub dry_run: bool,
    /// Records deleted (empty in a dry run).
    pub deleted: Vec<String>,
}

impl UnlinkPlan {
    /// Does it find anything of vtelink's to delete?
    pub fn is_empty(&self) -> bool {
        !self.messages.iter().chain(&self.documents).any(|f| f.ours)
    }
}

/// Find what vtelink created for the email stored under `messageid`.
///
/// With `key` (unlink of a file, whose subject is known), only that email's
/// records are vtelink's to delete: a vtelink Message with the same
/// Message-ID but another subject, and Documents whose marker names another
/// key, belong to another email (`docs/protocol.md` §5) and are listed as
/// left alone. Documents stored before markers carried the key hash are
/// still this email's.
pub async fn plan(
    conn: &Connection,
    messageid: &str,
    key: Option<&Key>,
) -> Result<UnlinkPlan, LinkError> {
    let Some(value) = Value::text(messageid) else {
        return Err(LinkError::BadMessageId(messageid.to_owned()));
    };
    let messages = Query::select("Messages", &["id", "subject", "folder", "mtype"])
        .eq("messageid", value)
        .limit(0, 100)
        .build()
        .map_err(|e| CrmError::Decode(e.to_string()))?;
    // The marker prefix is hex and ':' only; LIKE's wildcards stay ours.
    let documents = Query::select("Documents", &["id", "notes_title", "notecontent"])
        .like(
            "notecontent",
            Value::text(&format!("{}%", marker_prefix(messageid)))
                .ok_or_else(|| CrmError::Decode("marker".into()))?,
        )
        .limit(0, 1000)
        .build()
        .map_err(|e| CrmError::Decode(e.to_string()))?;
    let (messages, documents) = tokio::join!(conn.query(&messages), conn.query(&documents));
    let mut messages: Vec<Found> = messages?
        .iter()
        .map(|m| Found {
            id: field(m, "id").to_owned(),
            label: field(m, "subject").to_owned(),
            ours: field(m, "folder") == super::MESSAGE_FOLDER
                && field(m, "mtype") == super::MESSAGE_TYPE
                && key.is_none_or(|key| key.subject_matches(field(m, "subject"))),
        })
        .collect();
    let mut documents: Vec<Found> = match documents {
        Ok(rows) => rows
            .iter()
            .map(|d| Found {
                id: field(d, "id").to_owned(),
                label: field(d, "notes_title").to_owned(),
                ours: key.is_none_or(|key| marker_names_key(field(d, "notecontent"), key)),
            })
            .collect(),
        // A user who may not see Documents has none of vtelink's to delete.
        Err(CrmError::AccessDenied(_)) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    messages.sort_by_key(|f| crm_number(&f.id));
    documents.sort_by_key(|f| crm_number(&f.id));
    Ok(UnlinkPlan {
        messageid: messageid.to_owned(),
        messages,
        documents,
        dry_run: true,
        deleted: Vec::new(),
    })
}

/// Delete what the plan marks as vtelink's: its Documents first, so an
/// interrupted run still finds the Message (and, by marker, the rest) the
/// next time. A record already gone counts as deleted (the real server
/// answers success to a second delete, wire fact 34).
pub async fn run(conn: &Connection, mut plan: UnlinkPlan) -> Result<UnlinkPlan, LinkError> {
    let slots = tokio::sync::Semaphore::new(SMALL_CALL_CONCURRENCY);
    let ours = |found: &[Found]| -> Vec<String> {
        found
            .iter()
            .filter(|f| f.ours)
            .map(|f| f.id.clone())
            .collect()
    };
    for batch in [ours(&plan.documents), ours(&plan.messages)] {
        let results = futures::future::join_all(batch.iter().map(|id| async {
            let _slot = slots.acquire().await.map_err(|_| super::closed())?;
            conn.delete(id).await.map(|()| id.clone())
        }))
        .await;
        for result in results {
            plan.deleted.push(result?);
        }
    }
    plan.dry_run = false;
    Ok(plan)
}

/// Does a Document marker belong to `key`? Markers are
/// `vtelink:<messageid hash>:<key hash>:<position>:<content hash>`; those
/// written before the key hash existed (`vtelink:<messageid hash>:<position>:
/// <content hash>`) name only the Message-ID, so they belong to it.
fn marker_names_key(marker: &str, key: &Key) -> bool {
    let parts: Vec<&str> = marker.trim().split(':').collect();
    match parts.as_slice() {
        [_, _, key_hash, _, _] => key.hash().starts_with(key_hash),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_name_their_key_and_old_markers_their_message_id() {
        let key = Key {
            messageid: "<a@b>".into(),
            subject: "Quote".into(),
        };
        let other = Key {
            messageid: "<a@b>".into(),
            subject: "Another".into(),
        };
        let prefix = marker_prefix(&key.messageid);
        let ours = format!("{prefix}{}:1:0123456789abcdef", &key.hash()[..8]);
        let theirs = format!("{prefix}{}:1:0123456789abcdef", &other.hash()[..8]);
        let old = format!("{prefix}1:0123456789abcdef");
        assert!(marker_names_key(&ours, &key));
        assert!(!marker_names_key(&theirs, &key));
        assert!(marker_names_key(&old, &key));
    }
}
