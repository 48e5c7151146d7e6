//! Look-ups shared by the links of a run: the Messages of many keys in one
//! `messageid IN (...)` query and their Documents in one marker query.
//!
//! Requests wait in one queue and go out together as a *round*: the keys of
//! every request in one Messages query, their markers in one Documents
//! query (split only by the limits of `lookup`). One round is in flight at
//! a time; what arrives meanwhile goes with the next one. A round leaves:
//! - at once when someone waits for it to start work (the first look-up of
//!   a link, the read-ahead of the next entries): nothing waits longer than
//!   the round already in flight;
//! - for the look-ups after creating (`again`), only when enough of them
//!   wait (about a read-ahead round's worth), or when no link of the run
//!   is working or coming any more (then no one else would share it), or
//!   after 5 s at most. Until then they ride along with the next
//!   read-ahead round.
//!
//! Whoever waits sends the round (no task of its own): the first waiter to
//! find the queue ready leads, the others get the answer. A round that
//! fails answers nothing: each of its requests then asks for itself, so
//! every error is the CRM's own answer to that link.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Notify, oneshot};

use super::Calls;
use super::lookup::{FoundDocument, find_documents, find_messages};
use super::outgoing::Key;
use crate::crm::{Connection, CrmError};

/// Look-ups after creating that make a round by themselves: about what a
/// read-ahead round brings (half of its window), so emails finish in
/// steady steps even when no read-ahead comes (a short run, its end).
const AGAIN_ROUND: usize = 24;

/// The longest a look-up after creating waits for others to share its
/// round: a safety net (links that stall, a source that stops yielding),
/// well above the time a read-ahead round takes to come on a busy CRM.
const AGAIN_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// What one round found, and which targets took their Documents.
#[derive(Debug, Default)]
pub(super) struct Answer {
    pub(super) messages: HashMap<Key, Vec<String>>,
    pub(super) documents: HashMap<String, Vec<FoundDocument>>,
    /// Target → whether its `relate` (all the round's Documents for it)
    /// was answered with success.
    pub(super) related: HashMap<String, bool>,
}

impl Answer {
    /// The part of the answer about `keys` and `markers`: every marker
    /// asked gets an entry (empty when nothing carries it).
    pub(super) fn about(&self, key: Option<&Key>, markers: &[String]) -> Answer {
        let mut messages = HashMap::new();
        if let Some(key) = key {
            messages.insert(
                key.clone(),
                self.messages.get(key).cloned().unwrap_or_default(),
            );
        }
        let documents = markers
            .iter()
            .map(|m| {
                (
                    m.clone(),
                    self.documents.get(m).cloned().unwrap_or_default(),
                )
            })
            .collect();
        Answer {
            messages,
            documents,
            related: self.related.clone(),
        }
    }
}

struct Request {
    keys: Vec<Key>,
    markers: Vec<String>,
    /// Target → Documents to relate to it (record → Documents).
    relates: Vec<(String, Vec<String>)>,
    /// Someone waits for this to start work.
    urgent: bool,
    tx: oneshot::Sender<Arc<Answer>>,
}

#[derive(Default)]
struct Queue {
    pending: Vec<Request>,
    in_flight: bool,
    /// A request waited [`AGAIN_WAIT`]: the next round leaves at once.
    overdue: bool,
    /// Links working (holding their place, not waiting for a lock or for
    /// a look-up after creating): look-ups after creating wait for them.
    active: usize,
}

impl Queue {
    fn ready(&self) -> bool {
        !self.in_flight
            && !self.pending.is_empty()
            && (self.active == 0
                || self.overdue
                || self.pending.iter().any(|r| r.urgent)
                || self
                    .pending
                    .iter()
                    .map(|r| r.keys.len().max(1))
                    .sum::<usize>()
                    >= AGAIN_ROUND)
    }
}

/// The queue of look-ups of one run.
#[derive(Default)]
pub(super) struct Windows {
    queue: Mutex<Queue>,
    changed: Notify,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Ends a round however its leader stops (answered, failed, cancelled).
struct InFlight<'a>(&'a Windows);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        lock(&self.0.queue).in_flight = false;
        self.0.changed.notify_waiters();
    }
}

impl Windows {
    /// A link starts working.
    pub(super) fn enter(&self) {
        lock(&self.queue).active += 1;
    }

    /// A link stops working (done, or only waiting now).
    pub(super) fn leave(&self) {
        let mut queue = lock(&self.queue);
        queue.active = queue.active.saturating_sub(1);
        let ready = queue.ready();
        drop(queue);
        if ready {
            self.changed.notify_waiters();
        }
    }

    /// Look `keys` and `markers` up with the other requests of the run.
    pub(super) async fn ask(
        &self,
        conn: &Connection,
        keys: Vec<Key>,
        markers: Vec<String>,
        urgent: bool,
        calls: &Calls,
    ) -> Result<Arc<Answer>, CrmError> {
        self.ask_and_relate(conn, keys, markers, Vec::new(), urgent, calls)
            .await
    }

    /// [`Windows::ask`], and relate each target to its Documents: one
    /// `relate` per target for all the Documents the round's requests
    /// bring for it (a refused one is left to each request:
    /// [`Answer::related`]).
    pub(super) async fn ask_and_relate(
        &self,
        conn: &Connection,
        keys: Vec<Key>,
        markers: Vec<String>,
        relates: Vec<(String, Vec<String>)>,
        urgent: bool,
        calls: &Calls,
    ) -> Result<Arc<Answer>, CrmError> {
        if keys.is_empty() && markers.is_empty() && relates.is_empty() {
            return Ok(Arc::default());
        }
        let (tx, mut rx) = oneshot::channel();
        lock(&self.queue).pending.push(Request {
            keys: keys.clone(),
            markers: markers.clone(),
            relates: relates.clone(),
            urgent,
            tx,
        });
        self.changed.notify_waiters();
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            match rx.try_recv() {
                Ok(answer) => return Ok(answer),
                Err(oneshot::error::TryRecvError::Closed) => {
                    // Its round failed or was cancelled: ask alone.
                    return alone(conn, &keys, &markers, &relates, calls).await;
                }
                Err(oneshot::error::TryRecvError::Empty) => {}
            }
            let round = {
                let mut queue = lock(&self.queue);
                if queue.ready() {
                    queue.in_flight = true;
                    queue.overdue = false;
                    Some(std::mem::take(&mut queue.pending))
                } else {
                    None
                }
            };
            match round {
                Some(requests) => self.send(conn, requests, calls).await,
                None => {
                    if tokio::time::timeout(AGAIN_WAIT, notified).await.is_err() {
                        lock(&self.queue).overdue = true;
                    }
                }
            }
        }
    }

    /// One round: every request's keys and markers in as few queries as
    /// the limits allow.
    async fn send(&self, conn: &Connection, requests: Vec<Request>, calls: &Calls) {
        let _in_flight = InFlight(self);
        let mut keys: Vec<Key> = Vec::new();
        let mut markers: Vec<String> = Vec::new();
        let mut relates: Vec<(String, Vec<String>)> = Vec::new();
        for r in &requests {
            for key in &r.keys {
                if !keys.contains(key) {
                    keys.push(key.clone());
                }
            }
            markers.extend(r.markers.iter().cloned());
            for (target, documents) in &r.relates {
                match relates.iter_mut().find(|(t, _)| t == target) {
                    Some((_, all)) => all.extend(documents.iter().cloned()),
                    None => relates.push((target.clone(), documents.clone())),
                }
            }
        }
        markers.sort();
        markers.dedup();
        tracing::debug!(
            "look-up round: {} requests, {} keys, {} markers, {} targets to relate",
            requests.len(),
            keys.len(),
            markers.len(),
            relates.len()
        );
        let (found, related) = tokio::join!(
            lookups(conn, &keys, &markers, calls),
            relate_all(conn, relates, calls)
        );
        match found {
            Ok((messages, documents)) => {
                let answer = Arc::new(Answer {
                    messages,
                    documents,
                    related,
                });
                for r in requests {
                    let _ = r.tx.send(answer.clone());
                }
            }
            Err(e) => {
                tracing::debug!("look-up round failed: {e}");
                // Dropping the requests tells each to ask alone; before the
                // waiters are woken (`_in_flight`), or they would sleep on.
                drop(requests);
            }
        }
    }
}

/// The Messages of `keys` ∥ the Documents of `markers`.
async fn lookups(
    conn: &Connection,
    keys: &[Key],
    markers: &[String],
    calls: &Calls,
) -> Result<
    (
        HashMap<Key, Vec<String>>,
        HashMap<String, Vec<FoundDocument>>,
    ),
    CrmError,
> {
    tokio::try_join!(
        async {
            if keys.is_empty() {
                Ok(HashMap::new())
            } else {
                find_messages(conn, keys, calls).await
            }
        },
        async {
            if markers.is_empty() {
                Ok(HashMap::new())
            } else {
                find_documents(conn, markers, calls).await
            }
        },
    )
}

/// Documents per `relate` call: the list goes in the form body, so only
/// the server's own work per call bounds it.
const DOCUMENTS_PER_RELATE: usize = 100;

/// Each target related to its Documents, one call per target (per
/// [`DOCUMENTS_PER_RELATE`]), all at once: which targets took them.
async fn relate_all(
    conn: &Connection,
    relates: Vec<(String, Vec<String>)>,
    calls: &Calls,
) -> HashMap<String, bool> {
    let done =
        futures::future::join_all(relates.into_iter().map(|(target, documents)| async move {
            let mut ok = true;
            for chunk in documents.chunks(DOCUMENTS_PER_RELATE) {
                calls.add(1);
                if let Err(e) = conn.relate(&target, chunk).await {
                    tracing::debug!("relate {target} → {} Documents: {e}", chunk.len());
                    ok = false;
                    break;
                }
            }
            (target, ok)
        }))
        .await;
    done.into_iter().collect()
}

/// One request on its own.
async fn alone(
    conn: &Connection,
    keys: &[Key],
    markers: &[String],
    relates: &[(String, Vec<String>)],
    calls: &Calls,
) -> Result<Arc<Answer>, CrmError> {
    let (found, related) = tokio::join!(
        lookups(conn, keys, markers, calls),
        relate_all(conn, relates.to_vec(), calls)
    );
    let (messages, documents) = found?;
    Ok(Arc::new(Answer {
        messages,
        documents,
        related,
    }))
}
