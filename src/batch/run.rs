//! Running a replay: a reader thread streams the sources into a bounded
//! queue, up to `concurrency` entries are linked at once over one shared
//! [`Connection`], and every entry's progress goes to the journal as it
//! happens. Memory is bounded by the queue and the entries in flight.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;

use super::failed::FailedFile;
use super::journal::{Claim, Journal};
use super::limit::{RateLimit, backoff};
use super::review::{Held, Suggested};
use super::{BatchError, Entry, Event, Item, Outcome, Source, Targets, source};
use crate::crm::{Connection, CrmError};
use crate::l10n::Msg;
use crate::link::{LinkError, Outgoing};
use crate::mail::Email;
use crate::msg;

/// Everything a run needs besides the connection.
pub struct Plan {
    pub sources: Vec<Source>,
    /// Targets for mbox/Maildir entries and manifest lines without `to`.
    pub default: Option<Targets>,
    pub concurrency: usize,
    pub max_rps: Option<f64>,
    /// Attempts per entry for transient failures (1 = no retry).
    pub attempts: u32,
    /// First back-off; doubles per attempt (with jitter).
    pub retry_base: Duration,
    /// Check everything, change nothing (no journal, no failed file).
    pub dry_run: bool,
    pub journal: Option<Arc<Journal>>,
    pub failed: Option<Arc<FailedFile>>,
    /// Set from outside (a watch being stopped): take no new entry, let
    /// the links in flight finish; the rest stays for the next run.
    pub stop: Option<Arc<AtomicBool>>,
}

/// Hears about every entry as it ends (printing, progress bars).
pub trait Observer: Send + Sync {
    fn event(&self, event: &Event);
    /// An entry finished in an earlier run was passed over.
    fn done_before(&self) {}
    /// An entry waiting for review (from an earlier run) was passed over.
    fn waiting(&self) {}
}

/// Counts for this run.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    pub entries: u64,
    pub linked: u64,
    pub already_present: u64,
    pub partial: u64,
    pub failed: u64,
    pub skipped: u64,
    /// Put in the review queue by this run (`auto` found no clear winner).
    pub review: u64,
    /// Dry run: entries that would be linked.
    pub planned: u64,
    /// Finished in an earlier run, not touched again.
    pub done_before: u64,
    /// Waiting for review since an earlier run, not touched again.
    pub waiting: u64,
    /// Of `skipped`: lines naming the same email and targets as an earlier line
    /// (nothing to do: the earlier one links it).
    pub duplicates: u64,
    /// Of `failed`: lines or messages that are no entry at all (not in the failed-entries file).
    pub malformed: u64,
    pub dry_run: bool,
    pub journal: Option<PathBuf>,
    /// Where the entries needing attention were written (none when there are none).
    pub failed_file: Option<PathBuf>,
}

impl Summary {
    /// Entries that need another go (exit 6).
    pub fn needs_attention(&self) -> u64 {
        self.failed + self.partial + self.skipped.saturating_sub(self.duplicates)
    }

    fn count(&mut self, outcome: &Outcome) {
        self.entries += 1;
        match outcome {
            Outcome::Linked { .. } => self.linked += 1,
            Outcome::AlreadyPresent { .. } => self.already_present += 1,
            Outcome::Partial { .. } => self.partial += 1,
            Outcome::Failed { .. } => self.failed += 1,
            Outcome::Skipped { .. } => self.skipped += 1,
            Outcome::Review { .. } => self.review += 1,
            Outcome::Planned { .. } => self.planned += 1,
        }
    }
}

enum Queued {
    Run(Entry),
    DoneBefore,
    Waiting,
    Skip(Entry, Msg),
    Malformed { seq: u64, origin: Msg, reason: Msg },
    Failed(BatchError),
}

struct Shared {
    conn: Arc<Connection>,
    attempts: u32,
    retry_base: Duration,
    dry_run: bool,
    journal: Option<Arc<Journal>>,
    failed: Option<Arc<FailedFile>>,
    observer: Arc<dyn Observer>,
    summary: Mutex<Summary>,
    own_addresses: tokio::sync::OnceCell<Vec<String>>,
    /// What `auto` needs from `describe`, asked once per run.
    schema: tokio::sync::OnceCell<crate::suggest::Schema>,
    /// Dry run: each target id is checked once however many entries name it.
    checked: Mutex<HashMap<String, Option<Outcome>>>,
    stop: AtomicBool,
    /// [`Plan::stop`].
    stop_from_outside: Option<Arc<AtomicBool>>,
    stopped_by: Mutex<Option<BatchError>>,
    /// Entries in a row that ran out of attempts on transient failures: the
    /// CRM is down, and going on would only fail the whole backlog quickly.
    transient_in_a_row: std::sync::atomic::AtomicUsize,
    outage_after: usize,
    /// What the links of this run share: describe answers, checked targets,
    /// and one link per email key at a time (copies of one email wait for
    /// each other, then find what the first stored).
    links: crate::link::RunState,
}

/// Replay `plan` over `conn`.
pub async fn run(
    conn: Arc<Connection>,
    plan: Plan,
    observer: Arc<dyn Observer>,
) -> Result<Summary, BatchError> {
    if let Some(limit) = plan.max_rps.and_then(RateLimit::per_second) {
        conn.client().set_pace(Arc::new(limit));
    }
    let concurrency = plan.concurrency.max(1);
    let links = crate::link::RunState::new(&conn);
    let shared = Arc::new(Shared {
        links,
        conn,
        attempts: plan.attempts.max(1),
        retry_base: plan.retry_base,
        dry_run: plan.dry_run,
        journal: plan.journal.clone(),
        failed: plan.failed.clone(),
        observer,
        summary: Mutex::new(Summary {
            dry_run: plan.dry_run,
            journal: plan.journal.as_ref().map(|j| j.path().to_path_buf()),
            ..Default::default()
        }),
        own_addresses: tokio::sync::OnceCell::new(),
        schema: tokio::sync::OnceCell::new(),
        checked: Mutex::new(HashMap::new()),
        stop: AtomicBool::new(false),
        stop_from_outside: plan.stop.clone(),
        stopped_by: Mutex::new(None),
        transient_in_a_row: Default::default(),
        outage_after: (2 * concurrency).max(8),
    });

    // The read-ahead window: entries are looked up in the CRM this far
    // ahead of their links, many in one query (`link::RunState::prefetch`).
    let window = READ_AHEAD.max(2 * concurrency);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Queued>(window);
    // Files are read on a blocking thread, then mailboxes on the runtime;
    // both feed the same bounded queue.
    let (files, mailboxes): (Vec<Source>, Vec<Source>) = plan
        .sources
        .into_iter()
        .partition(|s| !matches!(s, Source::Imap(_)));
    let default = plan.default;
    let journal = plan.journal;
    let reader = tokio::spawn(async move {
        // Without a journal (a dry run) repeated lines are told apart here, as
        // the journal does for a real run: key → where it was first seen.
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut seq = 0u64;
        if !files.is_empty() {
            let tx = tx.clone();
            let journal = journal.clone();
            let default = default.clone();
            let read = tokio::task::spawn_blocking(move || {
                let mut last = 0u64;
                let read = source::read_all(&files, default.as_ref(), |item| {
                    last = item.seq();
                    let (queued, go_on) = queue(item, journal.as_deref(), &mut seen);
                    tx.blocking_send(queued).is_ok() && go_on
                });
                (read, last, seen)
            })
            .await;
            let Ok((read, last, kept)) = read else {
                return Ok(());
            };
            read?;
            seq = last;
            seen = kept;
        }
        for mailbox in &mailboxes {
            let Source::Imap(mailbox_source) = mailbox else {
                continue;
            };
            let Some(targets) = default.as_ref() else {
                return Err(source::no_targets(mailbox));
            };
            let go_on = super::imap::read(
                mailbox_source,
                targets,
                &mut seq,
                journal.as_deref(),
                &tx,
                |item| queue(item, journal.as_deref(), &mut seen),
            )
            .await?;
            if !go_on {
                break;
            }
        }
        Ok(())
    });

    let permits = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    // Entries read, waiting for their link; each counts as coming (its
    // look-up after creating will share a round with the others').
    let mut ahead: std::collections::VecDeque<(Queued, Option<crate::link::Coming>)> =
        std::collections::VecDeque::new();
    let mut open = true;
    let mut first = true;
    loop {
        if shared.stopping() {
            break;
        }
        // Keep the window at least half full, and look up what enters it
        // while earlier entries are in flight.
        if open && ahead.len() <= window / 2 {
            let mut fresh: Vec<Entry> = Vec::new();
            let mut take = |queued: Queued, ahead: &mut std::collections::VecDeque<_>| {
                let coming = match &queued {
                    Queued::Run(entry) => {
                        fresh.push(entry.clone());
                        Some(shared.links.coming())
                    }
                    _ => None,
                };
                ahead.push_back((queued, coming));
            };
            // The first window is filled before any link starts (up to a
            // moment's wait for a slow source), and looked up first.
            let wait = if first {
                FIRST_WINDOW_WAIT
            } else {
                Duration::ZERO
            };
            let until = tokio::time::Instant::now() + wait;
            while open && ahead.len() < window {
                let next = if ahead.is_empty() {
                    rx.recv().await
                } else {
                    match tokio::time::timeout_at(until, rx.recv()).await {
                        Ok(next) => next,
                        Err(_) => break,
                    }
                };
                match next {
                    Some(queued) => take(queued, &mut ahead),
                    None => open = false,
                }
            }
            if !fresh.is_empty() && !shared.dry_run {
                let shared = shared.clone();
                if first {
                    shared.read_ahead(fresh).await;
                } else {
                    tasks.spawn(async move { shared.read_ahead(fresh).await });
                }
            }
            first = false;
        }
        let Some((queued, coming)) = ahead.pop_front() else {
            if open {
                continue;
            }
            break;
        };
        match queued {
            Queued::Run(entry) => {
                let Ok(permit) = permits.clone().acquire_owned().await else {
                    break;
                };
                let shared = shared.clone();
                let places = permits.clone();
                tasks.spawn(async move {
                    let slot = shared.links.slot(Some(places), Some(permit));
                    drop(coming);
                    let (outcome, attempts, entry) = shared.process(entry, &slot).await;
                    drop(slot);
                    if let Some(outcome) = outcome {
                        shared.finish(&entry, outcome, attempts);
                    }
                });
            }
            Queued::DoneBefore => {
                lock(&shared.summary).done_before += 1;
                shared.observer.done_before();
            }
            Queued::Waiting => {
                lock(&shared.summary).waiting += 1;
                shared.observer.waiting();
            }
            Queued::Skip(entry, reason) => {
                // Not journaled: the first line with this key owns the row.
                lock(&shared.summary).duplicates += 1;
                shared.report(&entry, Outcome::Skipped { reason }, 0);
            }
            Queued::Malformed {
                seq,
                origin,
                reason,
            } => {
                let outcome = Outcome::Failed {
                    kind: crate::Exit::BadInput.kind().into(),
                    error: reason.english(),
                    transient: false,
                    message: Some(reason),
                };
                lock(&shared.summary).malformed += 1;
                let entry = Entry {
                    seq,
                    key: String::new(),
                    origin,
                    file: PathBuf::new(),
                    data: None,
                    targets: Targets::Ids(Vec::new()),
                    extra: Default::default(),
                };
                shared.report(&entry, outcome, 0);
            }
            Queued::Failed(e) => shared.halt(e),
        }
        while tasks.try_join_next().is_some() {}
    }
    // Entries not started no longer count as coming: the links waiting for
    // their look-up after creating must not wait for them.
    drop(ahead);
    drop(rx);
    while tasks.join_next().await.is_some() {}
    let read = reader.await.unwrap_or(Ok(()));
    if let Some(e) = lock(&shared.stopped_by).take() {
        return Err(e);
    }
    read?;
    let mut summary = lock(&shared.summary).clone();
    summary.failed_file = shared
        .failed
        .as_ref()
        .filter(|f| f.written.load(Ordering::Relaxed) > 0)
        .map(|f| f.path().to_path_buf());
    Ok(summary)
}

/// Entries read ahead of the links: their look-ups go to the CRM together
/// (a round of about half of this every time the window is half empty).
const READ_AHEAD: usize = 48;

/// How long the first window waits for a slow source to fill it.
const FIRST_WINDOW_WAIT: Duration = Duration::from_millis(50);

/// What the run does with an item a source read (the journal's claim),
/// and whether reading goes on.
fn queue(
    item: Item,
    journal: Option<&Journal>,
    seen: &mut HashMap<String, String>,
) -> (Queued, bool) {
    let queued = match item {
        Item::Malformed {
            seq,
            origin,
            reason,
        } => Queued::Malformed {
            seq,
            origin,
            reason,
        },
        Item::Entry(entry) => match journal {
            None => match seen.get(&entry.key) {
                Some(origin) => {
                    let reason = msg!("batch-duplicate", origin = origin);
                    Queued::Skip(entry, reason)
                }
                None => {
                    seen.insert(entry.key.clone(), entry.origin.english());
                    Queued::Run(entry)
                }
            },
            Some(journal) => match journal.claim(&entry) {
                Ok(Claim::Run) => Queued::Run(entry),
                Ok(Claim::DoneBefore) => Queued::DoneBefore,
                Ok(Claim::Waiting) => Queued::Waiting,
                Ok(Claim::Duplicate { origin }) => {
                    Queued::Skip(entry, msg!("batch-duplicate", origin = origin))
                }
                Err(e) => return (Queued::Failed(e), false),
            },
        },
    };
    (queued, true)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

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
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
            || self
                .stop_from_outside
                .as_ref()
                .is_some_and(|s| s.load(Ordering::Relaxed))
    }

    fn halt(&self, e: BatchError) {
        self.stop.store(true, Ordering::Relaxed);
        lock(&self.stopped_by).get_or_insert(e);
    }

    /// Count and tell the observer.
    fn report(&self, entry: &Entry, outcome: Outcome, attempts: u32) {
        lock(&self.summary).count(&outcome);
        self.observer.event(&Event {
            seq: entry.seq,
            origin: entry.origin.clone(),
            file: entry.file.clone(),
            to: entry.targets.clone(),
            extra: entry.extra.clone(),
            attempts,
            outcome,
        });
    }

    /// Journal, failed-entries file, then report.
    fn finish(&self, entry: &Entry, outcome: Outcome, attempts: u32) {
        if let Some(journal) = &self.journal
            && let Err(e) = journal.finished(&entry.key, &outcome, attempts)
        {
            return self.halt(e);
        }
        if outcome.needs_attention()
            && let Some(failed) = &self.failed
            && let Err(e) = failed.add(entry, &outcome)
        {
            self.halt(e);
        }
        self.report(entry, outcome, attempts);
    }

    /// Look the entries about to be linked up in the CRM, together.
    async fn read_ahead(&self, entries: Vec<Entry>) {
        let probes = tokio::task::spawn_blocking(move || {
            entries
                .iter()
                .filter_map(|entry| {
                    let read;
                    let raw: &[u8] = match &entry.data {
                        Some(data) => data,
                        None => {
                            read = crate::mail::read_input(&entry.file).ok()?;
                            &read
                        }
                    };
                    let email =
                        crate::mail::parse_bytes(raw, Path::new(&entry.origin.english())).ok()?;
                    Some(Outgoing::from_email(email).probe())
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        self.links.prefetch(&self.conn, probes).await;
    }

    /// Link one entry. `None` when the run is stopping (the entry stays
    /// unfinished in the journal, for the next run).
    async fn process(
        &self,
        entry: Entry,
        slot: &crate::link::Slot<'_>,
    ) -> (Option<Outcome>, u32, Entry) {
        if self.stopping() {
            return (None, 0, entry);
        }
        if !self.dry_run
            && let Some(journal) = &self.journal
            && let Err(e) = journal.started(&entry.key)
        {
            self.halt(e);
            return (None, 0, entry);
        }
        let mut attempts = 0;
        let outcome = self.link_entry(&entry, &mut attempts, slot).await;
        (outcome, attempts, entry)
    }

    async fn link_entry(
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
            let held = Held::new(email, &unclear.why, &suggestions);
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
        Err(e) => match super::maildir::moved(file) {
            Some(now) => crate::mail::read_input(&now),
            None => Err(e),
        },
        read => read,
    }
}

/// The one call into [`crate::link`]: when link gains its options struct and
/// its "partial" report, only this function changes.
pub(super) async fn link_once(
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
