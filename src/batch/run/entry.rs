//! One entry of a run: read and parse it, resolve `auto` (or hold it for
//! review), link it with retries and back-off, or (dry run) check its
//! targets. The scheduling around it is in the parent module.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use super::super::limit::backoff;
use super::super::review::{Held, Suggested};
use super::super::{BatchError, Entry, Outcome, Targets};
use super::{Shared, lock};
use crate::crm::{Connection, CrmError};
use crate::l10n::Msg;
use crate::link::{LinkError, Outgoing};
use crate::mail::Email;

/// What to do with a failure.
enum Class {
    /// Transient (5xx, timeout, reset, dropped, a session lost again right after renewal).
    Retry,
    /// Every other entry would fail the same way: stop the run (never loop on logins).
    Stop,
    Permanent,
}

fn classify(e: &LinkError) -> Class {
    use crate::Exit;
    match e {
        LinkError::Crm(c) if c.is_transient() || c.is_session_lost() => Class::Retry,
        // A refused login, a version or licence problem: every entry would hit it.
        LinkError::Crm(c)
            if matches!(
                crate::error::crm_exit(c),
                Exit::Auth | Exit::UnsupportedVersion
            ) || matches!(c, CrmError::NotLicensed(_)) =>
        {
            Class::Stop
        }
        _ => Class::Permanent,
    }
}

fn failed(error: crate::Error, transient: bool) -> Outcome {
    Outcome::Failed {
        kind: error.exit().kind().into(),
        error: error.to_string(),
        transient,
        message: Some(error.message()),
    }
}

impl Shared {
    pub(super) async fn link_entry(
        &self,
        entry: &Entry,
        attempts: &mut u32,
        slot: &crate::link::Slot<'_>,
    ) -> Option<Outcome> {
        // An mbox message stays in the entry: the failed-entries file may need it.
        let read;
        let raw: &[u8] = match &entry.data {
            Some(data) => data,
            None => match read_entry(&entry.file) {
                Ok(data) => {
                    read = data;
                    &read
                }
                Err(e) => return Some(failed(e.into(), false)),
            },
        };
        let origin = PathBuf::from(entry.origin.english());
        let email = match crate::mail::parse_bytes(raw, &origin) {
            Ok(email) => email,
            Err(e) => return Some(failed(e.into(), false)),
        };
        let targets = match &entry.targets {
            Targets::Ids(ids) => ids.clone(),
            Targets::Auto => {
                let own = self.own_addresses().await;
                let resolved = self
                    .retrying(entry, attempts, || async {
                        let schema = self
                            .schema
                            .get_or_try_init(|| crate::suggest::Schema::load(&self.conn))
                            .await?;
                        resolve_auto(&self.conn, schema, &email, own)
                            .await
                            .map_err(LinkError::Crm)
                    })
                    .await?;
                match resolved {
                    Ok(Ok(ids)) => ids,
                    Ok(Err(unclear)) => {
                        return Some(self.hold_for_review(entry, raw, &email, unclear));
                    }
                    Err(outcome) => return Some(outcome),
                }
            }
        };
        if self.dry_run {
            return self.check_targets(entry, attempts, &targets).await;
        }
        let outgoing = Outgoing::from_email(email);
        let linked = self
            .retrying(entry, attempts, || {
                link_once(&self.conn, &self.links, &outgoing, &targets, slot)
            })
            .await?;
        Some(linked.unwrap_or_else(|outcome| outcome))
    }

    /// Run `attempt` until it works, fails for good, or the attempts are used
    /// up. `None` when the run must stop; `Err(outcome)` for a failed entry.
    async fn retrying<T, F, Fut>(
        &self,
        entry: &Entry,
        attempts: &mut u32,
        attempt: F,
    ) -> Option<Result<T, Outcome>>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, LinkError>>,
    {
        let mut tries = 0;
        loop {
            *attempts += 1;
            tries += 1;
            match attempt().await {
                Ok(value) => {
                    self.transient_in_a_row.store(0, Ordering::Relaxed);
                    return Some(Ok(value));
                }
                Err(e) => match classify(&e) {
                    Class::Retry if tries < self.attempts => {
                        let wait = backoff(self.retry_base, tries, entry.seq);
                        tracing::info!(origin = %entry.origin, "retrying in {wait:?} after: {e}");
                        tokio::time::sleep(wait).await;
                        if self.stopping() {
                            return None;
                        }
                    }
                    Class::Retry => {
                        let outcome = Outcome::Failed {
                            kind: crate::Exit::Unreachable.kind().into(),
                            error: e.to_string(),
                            transient: true,
                            message: Some(crate::error_text::link(&e)),
                        };
                        let in_a_row = self.transient_in_a_row.fetch_add(1, Ordering::Relaxed) + 1;
                        if in_a_row >= self.outage_after
                            && let LinkError::Crm(c) = e
                        {
                            self.halt(BatchError::Stopped(c));
                        }
                        return Some(Err(outcome));
                    }
                    Class::Stop => {
                        if let LinkError::Crm(c) = e {
                            self.halt(BatchError::Stopped(c));
                        }
                        return None;
                    }
                    Class::Permanent => return Some(Err(failed(e.into(), false))),
                },
            }
        }
    }

    /// `auto` found no clear winner: keep the email in the journal's review
    /// queue (a dry run only says so).
    fn hold_for_review(
        &self,
        entry: &Entry,
        raw: &[u8],
        email: &Email,
        unclear: Unclear,
    ) -> Outcome {
        let suggestions: Vec<Suggested> = unclear
            .suggestions
            .iter()
            .map(Suggested::from_suggestion)
            .collect();
        if !self.dry_run
            && let Some(journal) = &self.journal
        {
            let held = Held::new(email, &entry.origin, &unclear.why, &suggestions);
            if let Err(e) = journal.hold_for_review(&entry.key, raw, &held) {
                return Outcome::Failed {
                    kind: crate::Exit::Failure.kind().into(),
                    error: e.to_string(),
                    transient: false,
                    message: None,
                };
            }
        }
        Outcome::Review {
            reason: unclear.why,
            suggestions,
        }
    }

    async fn own_addresses(&self) -> &[String] {
        self.own_addresses
            .get_or_init(|| crate::suggest::own_addresses(&self.conn))
            .await
    }

    /// Dry run: the targets pass the checks `link` makes before writing
    /// ([`crate::link::verify_targets`]: an id of a record that takes no
    /// link, one that does not exist or is not visible), each id asked once
    /// per run.
    async fn check_targets(
        &self,
        entry: &Entry,
        attempts: &mut u32,
        targets: &[String],
    ) -> Option<Outcome> {
        for id in targets {
            let known = lock(&self.checked).get(id).cloned();
            let problem = match known {
                Some(problem) => problem,
                None => {
                    let one = std::slice::from_ref(id);
                    let result = self
                        .retrying(entry, attempts, || async {
                            crate::link::verify_targets(&self.conn, &self.links, one).await
                        })
                        .await?;
                    let problem = match result {
                        Ok(_) => None,
                        // Transient failures are not cached: the CRM may answer next time.
                        Err(Outcome::Failed {
                            transient: true, ..
                        }) => return result.err(),
                        Err(outcome) => Some(outcome),
                    };
                    lock(&self.checked).insert(id.clone(), problem.clone());
                    problem
                }
            };
            if let Some(problem) = problem {
                return Some(problem);
            }
        }
        Some(Outcome::Planned {
            related_to: targets.to_vec(),
        })
    }
}

/// An entry's file; a Maildir message that was moved since it was listed
/// (read: from `new/` to `cur/` with flags) is found under its new name.
fn read_entry(file: &std::path::Path) -> Result<Vec<u8>, crate::mail::MailError> {
    match crate::mail::read_input(file) {
        Err(e) => match super::super::maildir::moved(file) {
            Some(now) => crate::mail::read_input(&now),
            None => Err(e),
        },
        read => read,
    }
}

/// The one call into [`crate::link`]: when link gains its options struct and
/// its "partial" report, only this function changes.
pub(in crate::batch) async fn link_once(
    conn: &Connection,
    state: &crate::link::RunState,
    email: &Outgoing,
    targets: &[String],
    slot: &crate::link::Slot<'_>,
) -> Result<Outcome, LinkError> {
    let options = crate::link::LinkOptions::default();
    let report = crate::link::link_in_run(conn, state, email, targets, &options, slot).await?;
    if !report.complete {
        // Not retried here: the CRM's limit has to change first. A later run
        // (or the failed-entries file) completes it.
        return Ok(Outcome::Partial {
            not_stored: report
                .not_stored()
                .map(|d| {
                    d.problem
                        .clone()
                        .unwrap_or_else(|| Msg::verbatim(&d.file_name))
                })
                .collect(),
            message: report.message,
            related_to: report.related_to,
        });
    }
    let created = report.message_created || report.documents.iter().any(|d| d.created);
    Ok(if created {
        Outcome::Linked {
            message: report.message,
            documents: report.documents.len(),
            related_to: report.related_to,
        }
    } else {
        Outcome::AlreadyPresent {
            message: report.message,
            related_to: report.related_to,
        }
    })
}

/// Why `auto` linked nothing, and what it weighed.
#[derive(Debug, Clone)]
pub struct Unclear {
    pub why: Msg,
    pub suggestions: Vec<crate::suggest::Suggestion>,
}

/// The records `auto` links to, by the same "clearly ahead" rule as
/// `link --auto` (docs/suggest.md): the ids, or why nothing is linked.
pub async fn resolve_auto(
    conn: &Connection,
    schema: &crate::suggest::Schema,
    email: &Email,
    own_addresses: &[String],
) -> Result<Result<Vec<String>, Unclear>, CrmError> {
    let input = crate::suggest::Input::from_email(email, own_addresses);
    let suggestions = crate::suggest::suggest_for(conn, schema, &input, AUTO_CANDIDATES).await?;
    let auto = crate::suggest::auto_choice(&suggestions, crate::suggest::AUTO_MIN_SCORE);
    Ok(if auto.link {
        Ok(auto.ids)
    } else {
        Err(Unclear {
            why: auto.why,
            suggestions,
        })
    })
}

/// Suggestions `auto` weighs (the leader and its competitors).
const AUTO_CANDIDATES: usize = 9;
