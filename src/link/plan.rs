//! The plan of one link, in waves whose calls run concurrently: look-ups
//! and checks, then creates, then the Message's relations.

use tokio::sync::Semaphore;

use super::converge::converge;
use super::lookup::{FoundDocument, find_message};
use super::outgoing::{Key, Outgoing, OutgoingFile};
use super::relate::{documents_to_targets, message_to_all, replace_empty};
use super::report::{DocumentReport, LinkReport, stored_name, stored_title};
use super::state::{Known, RunState, Slot};
use super::targets::{check_targets, checked_targets};
use super::upload::{create_once, upload_document};
use super::{Calls, LinkError, LinkOptions, SMALL_CALL_CONCURRENCY};
use crate::crm::{Connection, CrmError, field};
use crate::l10n::{Arg, Msg};
use crate::msg;
/// What wave 1 learnt about one attachment.
pub(super) struct Planned<'a> {
    pub(super) file: &'a OutgoingFile,
    pub(super) marker: String,
    /// A Document of an earlier run that holds every byte.
    pub(super) complete: Option<String>,
    /// Documents of earlier runs that lack their file (an upload limit
    /// emptied them): replaced once a complete one exists.
    pub(super) empty: Vec<String>,
    /// Known before uploading that the CRM will not take it.
    pub(super) refused: Option<Msg>,
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
    link_with(conn, &RunState::new(conn), email, targets, opts).await
}

/// [`link`] as one of several links of a run that share `state` (describe
/// answers, checked targets, look-ups).
pub async fn link_with(
    conn: &Connection,
    state: &RunState,
    email: &Outgoing,
    targets: &[String],
    opts: &LinkOptions,
) -> Result<LinkReport, LinkError> {
    link_in_run(conn, state, email, targets, opts, &state.slot(None, None)).await
}

/// Marks the key's knowledge stale if a link stops after it began writing
/// (a failure, a cancelled run): a retry then looks the key up again.
struct Writing<'a> {
    state: &'a RunState,
    key: &'a Key,
    done: bool,
}

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.state.forget(self.key);
        }
    }
}

/// [`link_with`] in `slot`, one of the run's places (`--concurrency`): it
/// is given back once the link only waits for its look-up after creating.
pub async fn link_in_run(
    conn: &Connection,
    state: &RunState,
    email: &Outgoing,
    targets: &[String],
    opts: &LinkOptions,
    slot: &Slot<'_>,
) -> Result<LinkReport, LinkError> {
    slot.resume().await;
    let calls = Calls::default();
    let related_to = checked_targets(targets)?;
    let key = email.key();
    let messageid = key.messageid.clone();
    let has_files = !email.files.is_empty();
    let markers: Vec<String> = email
        .files
        .iter()
        .enumerate()
        .map(|(index, file)| email.document_marker(index, &file.data))
        .collect();

    // One link of this email at a time, here and in other processes on this
    // machine: the second then finds what the first stored.
    let guard = state.hold(&key, !opts.dry_run, slot).await;

    // Wave 1: everything that can be known before writing. The look-ups are
    // often known already (read ahead with other emails, or stored by an
    // earlier link of this key in this run).
    let (seen, target_checks, messages_module, documents_module) = tokio::join!(
        state.lookup(conn, &key, &markers, &guard, &calls),
        check_targets(conn, state, &related_to, &calls),
        state.describe(conn, "Messages", &calls),
        async {
            if has_files {
                state.describe(conn, "Documents", &calls).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    target_checks?;
    let seen = seen?;
    let existing_message = seen.messages.first().cloned();
    let found_documents = seen.documents;
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
    let planned_markers = markers.clone();
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
                p.refused = Some(msg!(
                    "link-over-max-upload",
                    name = p.file.file_name.as_str(),
                    size = Arg::Size(size),
                    limit = Arg::Size(max)
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
                stored_title: stored_title(&p.file.file_name),
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
            cut: email.cut_fields(),
            removed_duplicates: Vec::new(),
        });
    }

    state.forget(&key);
    let mut writing = Writing {
        state,
        key: &key,
        done: false,
    };
    // Wave 2: create what is missing, the Message and the Documents at
    // once. Wave 3 starts as soon as every Document has its id: the Message
    // to its records and Documents, each record to the Documents, and the
    // look-up after creating, all at once.
    let owner = conn.session().user_id;
    let uploads = Semaphore::new(opts.upload_concurrency.max(1));
    let small_calls = Semaphore::new(SMALL_CALL_CONCURRENCY);
    // Each Document's id once it is stored, and whether this link created it.
    let (stored_tx, mut stored_rx) =
        tokio::sync::mpsc::unbounded_channel::<Option<(String, bool, usize)>>();
    let document_tasks = futures::future::join_all(planned.iter().enumerate().map(|(index, p)| {
        let stored_tx = stored_tx.clone();
        let (owner, uploads, small_calls, calls) = (&owner, &uploads, &small_calls, &calls);
        async move {
            let uploaded = upload_document(conn, p, owner, uploads, small_calls, calls).await;
            let id = match &uploaded {
                Ok((report, _)) if report.stored => {
                    Some((report.id.clone(), report.created, index))
                }
                _ => None,
            };
            // Every Document says once whether it is stored, whatever happens.
            let _ = stored_tx.send(id);
            let (report, empty) = uploaded?;
            Ok::<_, CrmError>(replace_empty(conn, report, empty, small_calls, calls).await)
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
                    || find_message(conn, &key, &calls),
                )
                .await?;
                (id, true)
            }
        };
        // (Counted, not "until closed": each sender lives until its
        // Document's empty predecessors are deleted.)
        let mut stored_documents: Vec<String> = Vec::new();
        let mut created_markers: Vec<String> = Vec::new();
        for _ in 0..planned.len() {
            match stored_rx.recv().await {
                Some(Some((id, created, index))) => {
                    if created && let Some(marker) = planned_markers.get(index) {
                        created_markers.push(marker.clone());
                    }
                    stored_documents.push(id);
                }
                Some(None) => {}
                None => break,
            }
        }
        // Wave 3: the Message to its records and Documents ∥ the records
        // the user may only read to the Documents (from their side) ∥ the
        // other records to the Documents and the look-up after creating,
        // both with the run's next round (`window`): one `relate` per record
        // for the Documents of every email in it. Alone, that round leaves
        // at once, alongside the Message's relate, so it costs no time.
        let mut message_list = related_to.clone();
        message_list.extend(stored_documents.iter().cloned());
        let relate_message = message_to_all(conn, &message, &message_list, &small_calls, &calls);
        let (read_only, writable): (Vec<String>, Vec<String>) = related_to
            .iter()
            .cloned()
            .partition(|t| state.is_read_only(t));
        let relate_read_only = documents_to_targets(
            conn,
            state,
            &read_only,
            &stored_documents,
            &small_calls,
            &calls,
        );
        let in_round = async {
            slot.pause();
            let look = created || !created_markers.is_empty();
            let relate = !stored_documents.is_empty() && !writable.is_empty();
            if !look && !relate {
                return Ok((None, Vec::new()));
            }
            let (seen, refused) = state
                .look_again(
                    conn,
                    created.then_some(&key),
                    &created_markers,
                    &writable,
                    &stored_documents,
                    &calls,
                )
                .await?;
            Ok::<_, CrmError>((look.then_some(seen), refused))
        };
        let relates = async {
            let done = tokio::join!(relate_message, relate_read_only);
            slot.give_back();
            done
        };
        let ((related, read_only_related), round) = tokio::join!(relates, in_round);
        related?;
        read_only_related?;
        let (seen, refused) = round?;
        // A record that refused its Documents in the round (read-only, or
        // gone): this email alone, the way that works for it or says why.
        documents_to_targets(
            conn,
            state,
            &refused,
            &stored_documents,
            &small_calls,
            &calls,
        )
        .await?;
        Ok::<_, CrmError>((message, created, seen))
    };
    let (message, documents) = tokio::join!(message_task, document_tasks);
    let (message, message_created, seen) = match message {
        Ok(done) => done,
        Err(CrmError::AccessDenied(why)) => {
            // A target deleted (or hidden) since it was checked: say which.
            for target in &related_to {
                state.forget_target(target);
            }
            check_targets(conn, state, &related_to, &calls).await?;
            return Err(CrmError::AccessDenied(why).into());
        }
        Err(e) => return Err(e.into()),
    };
    let documents = documents.into_iter().collect::<Result<Vec<_>, _>>()?;

    let mut report = LinkReport {
        message,
        messageid,
        message_created,
        complete: documents.iter().all(|d| d.stored),
        documents,
        related_to,
        dry_run: false,
        requests: 0,
        cut: email.cut_fields(),
        removed_duplicates: Vec::new(),
    };
    if let Some((messages, found)) = seen {
        converge(
            conn,
            &mut report,
            &planned_markers,
            &messages,
            &found,
            &small_calls,
            &calls,
        )
        .await?;
    }
    let created = report.message_created || report.documents.iter().any(|d| d.created);
    if created || !report.removed_duplicates.is_empty() {
        state.wrote(&guard);
    }
    state.remember(&key, known_after(&report, &planned_markers));
    writing.done = true;
    drop(guard);
    report.requests = calls.get();
    Ok(report)
}

/// What the CRM holds for an email after its link.
fn known_after(report: &LinkReport, markers: &[String]) -> Known {
    Known {
        messages: vec![report.message.clone()],
        documents: markers
            .iter()
            .zip(&report.documents)
            .map(|(marker, d)| {
                let found = d.stored.then(|| FoundDocument {
                    id: d.id.clone(),
                    filesize: Some(d.size),
                });
                (marker.clone(), found.into_iter().collect())
            })
            .collect(),
        at: None,
        stale: false,
    }
}
