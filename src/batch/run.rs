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
use super::limit::RateLimit;
use super::{BatchError, Entry, Event, Item, Outcome, Source, Targets, source};
use crate::crm::Connection;
use crate::l10n::Msg;
use crate::link::Outgoing;
use crate::msg;

mod entry;
pub(super) use entry::link_once;
pub use entry::{Unclear, resolve_auto};

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
}
