//! `vtelink watch`: link new mail as it arrives. A Maildir is watched
//! through the `notify` crate (inotify on Linux), a mailbox folder with
//! IMAP IDLE ([`idle_folder`]); each change, once things have been quiet
//! for a moment (debounce), starts a pass of the same replay over the same
//! journal, so:
//!
//! - mail that arrived while watch was down is caught up by the first pass;
//! - a message read in a mail client (moved from `new/` to `cur/` with
//!   flags) keeps its journal key (the Maildir unique name before `:2,`)
//!   and is not linked again; link's own key would find it anyway;
//! - `auto` without a clear winner puts the email in the review queue.
//!
//! Never a busy loop: a pass runs only after a change, after the rescan
//! interval (a safety net for lost events), or after a back-off while the
//! CRM is away. Stopping ([`Stop`]) lets the links in flight finish; the
//! rest stays in the journal for the next start.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use notify::Watcher as _;

use super::{BatchError, Event, Journal, Observer, Outcome, Plan, Source, Summary, Targets};
use crate::crm::Connection;

/// A stop request shared by the signal handler and the watch.
#[derive(Clone, Default)]
pub struct Stop {
    flag: Arc<AtomicBool>,
    notify: Arc<tokio::sync::Notify>,
}

impl Stop {
    pub fn new() -> Stop {
        Stop::default()
    }

    pub fn stop(&self) {
        self.flag.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    pub fn is_stopped(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// Resolves once [`Stop::stop`] was called.
    pub async fn stopped(&self) {
        loop {
            let notified = self.notify.notified();
            if self.is_stopped() {
                return;
            }
            notified.await;
        }
    }
}

/// What a watch says besides each email (which goes to [`Observer::event`]).
#[derive(Debug, Clone)]
pub enum Notice {
    /// The first pass is over: what arrived while watch was down is linked.
    CaughtUp(Summary),
    /// The CRM did not answer; the next pass starts after `retry_in`.
    Outage { error: String, retry_in: Duration },
    /// A pass after an outage went through.
    Reconnected,
    /// Stopping: the links in flight finish first.
    Stopping,
    /// A mail server does not answer; connecting again after `retry_in`
    /// (then the next pass catches up by UID).
    MailServerAway {
        server: String,
        error: String,
        retry_in: Duration,
    },
}

/// Hears every email as it ends, and the watch's own news.
pub trait Watcher: Observer {
    fn notice(&self, notice: &Notice);
}

/// A mailbox folder to hear changes from (IMAP IDLE).
#[derive(Debug, Clone)]
pub struct Mailbox {
    pub url: crate::mail::imap::MailboxUrl,
    pub login: crate::mail::imap::Login,
    pub options: crate::mail::imap::Options,
}

/// Re-IDLE this often: under the 30 minutes after which RFC 2177 lets a
/// server drop an idle client.
pub const REIDLE: Duration = Duration::from_secs(25 * 60);

/// What a watch needs besides the connection.
pub struct WatchPlan {
    /// What each pass replays (a Maildir, mailbox folders).
    pub sources: Vec<Source>,
    /// Folders whose changes start a pass (IMAP IDLE); Maildirs in
    /// `sources` are watched through the file system.
    pub mailboxes: Vec<Mailbox>,
    pub targets: Targets,
    pub concurrency: usize,
    pub attempts: u32,
    pub retry_base: Duration,
    /// Look at the whole folder again this often without a change (lost
    /// events, transient failures).
    pub rescan: Duration,
    /// How long the folder stays quiet before a pass (a burst of deliveries is one pass).
    pub debounce: Duration,
    /// The longest wait between attempts while the CRM is away.
    pub max_backoff: Duration,
    pub journal: Arc<Journal>,
}

/// Who did not answer in a pass.
enum Away {
    Crm(String),
    MailServer(crate::mail::imap::ImapError),
}

/// Counts this pass's transient failures (the CRM went away) on the way to
/// the caller's observer.
struct Counting {
    inner: Arc<dyn Watcher>,
    transient: AtomicU64,
    last_error: std::sync::Mutex<String>,
}

impl Observer for Counting {
    fn event(&self, event: &Event) {
        if let Outcome::Failed {
            transient: true,
            error,
            ..
        } = &event.outcome
        {
            self.transient.fetch_add(1, Ordering::Relaxed);
            *self.last_error.lock().unwrap_or_else(|p| p.into_inner()) = error.clone();
        }
        self.inner.event(event);
    }

    fn done_before(&self) {
        self.inner.done_before();
    }

    fn waiting(&self) {
        self.inner.waiting();
    }
}

/// Why a watch could not start.
fn watch_error(dir: &std::path::Path, e: notify::Error) -> BatchError {
    BatchError::BadSource {
        path: dir.display().to_string(),
        reason: crate::msg!("watch-cannot-watch", detail = e.to_string()),
    }
}

/// Is this file-system event worth a pass (a message arrived, moved or
/// was written), as opposed to someone reading a file?
fn relevant(event: &notify::Event) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode};
    let kind = match event.kind {
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Any | EventKind::Other => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Remove(_) => false,
    };
    let hidden = |p: &PathBuf| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
    };
    kind && (event.paths.is_empty() || event.paths.iter().any(|p| !hidden(p)))
}

/// Wait for changes in one mailbox folder and say so on `tx`: IDLE,
/// again every [`REIDLE`]; when the server goes away, connect again with
/// back-off (1 s doubling to `max_backoff`) and ask for a pass, which
/// catches up by UID from the journal. Each connection, the first too, asks
/// for a pass once the folder is chosen, so nothing that arrives before
/// IDLE listens is missed. Ends when stopped.
pub async fn idle_folder(
    mailbox: Mailbox,
    tx: tokio::sync::mpsc::UnboundedSender<()>,
    watcher: Arc<dyn Watcher>,
    stop: Stop,
    max_backoff: Duration,
) {
    let server = mailbox.url.server();
    let mut wait = Duration::from_secs(1);
    // The first connection asks for a pass too: the catch-up pass may have
    // read the folder before this connection chose it, and a message that
    // arrived in between is not news to IDLE (it was there at EXAMINE).
    let mut away = true;
    while !stop.is_stopped() {
        let open = async {
            let mut session =
                crate::mail::imap::connect(&mailbox.url, &mailbox.login, &mailbox.options).await?;
            session.examine(&mailbox.url.folder).await?;
            Ok::<_, crate::mail::imap::ImapError>(session)
        };
        let connected = tokio::select! {
            s = open => s,
            _ = stop.stopped() => return,
        };
        let error = match connected {
            Err(e) => e,
            Ok(mut session) => {
                wait = Duration::from_secs(1);
                if std::mem::take(&mut away) {
                    // What arrived before this connection listened (at start, or while
                    // the server was away): the pass reads it by UID.
                    let _ = tx.send(());
                }
                loop {
                    let idled = tokio::select! {
                        idled = session.idle(REIDLE) => idled,
                        _ = stop.stopped() => return,
                    };
                    match idled {
                        Ok((next, changed)) => {
                            if changed {
                                let _ = tx.send(());
                            }
                            session = next;
                        }
                        Err(e) => break e,
                    }
                }
            }
        };
        away = true;
        watcher.notice(&Notice::MailServerAway {
            server: server.clone(),
            error: error.to_string(),
            retry_in: wait,
        });
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.stopped() => return,
        }
        wait = (wait * 2).min(max_backoff);
    }
}

/// Watch `plan`'s sources until `stop`: a catch-up pass, then a pass per
/// change. Returns when stopped (`Ok`), or with a failure every pass would
/// hit (credentials refused, a journal that cannot be written).
pub async fn watch(
    conn: Arc<Connection>,
    plan: WatchPlan,
    watcher: Arc<dyn Watcher>,
    stop: Stop,
) -> Result<(), BatchError> {
    // Changes are heard from before the first pass, so none is missed.
    let (tx, mut changes) = tokio::sync::mpsc::unbounded_channel::<()>();
    let fs_tx = tx.clone();
    let mut fs = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // An error (the kernel's queue overflowed) is worth a pass too.
        if res.as_ref().map_or(true, relevant) {
            let _ = fs_tx.send(());
        }
    })
    .map_err(|e| watch_error(std::path::Path::new("."), e))?;
    for source in &plan.sources {
        let Source::Maildir(maildir) = source else {
            continue;
        };
        super::maildir::messages(maildir)?;
        for sub in ["new", "cur"] {
            let dir = maildir.join(sub);
            if dir.is_dir() {
                fs.watch(&dir, notify::RecursiveMode::NonRecursive)
                    .map_err(|e| watch_error(maildir, e))?;
            }
        }
    }
    let mut idlers = tokio::task::JoinSet::new();
    for mailbox in &plan.mailboxes {
        idlers.spawn(idle_folder(
            mailbox.clone(),
            tx.clone(),
            watcher.clone(),
            stop.clone(),
            plan.max_backoff,
        ));
    }
    drop(tx);

    let flag = stop.flag.clone();
    let mut first = true;
    let mut backoff: Option<Duration> = None;
    while !stop.is_stopped() {
        // Drop the changes heard so far: this pass sees them.
        while changes.try_recv().is_ok() {}
        plan.journal.begin_pass(first)?;
        let counting = Arc::new(Counting {
            inner: watcher.clone(),
            transient: AtomicU64::new(0),
            last_error: Default::default(),
        });
        let pass = Plan {
            sources: plan.sources.clone(),
            default: Some(plan.targets.clone()),
            concurrency: plan.concurrency,
            max_rps: None,
            attempts: plan.attempts,
            retry_base: plan.retry_base,
            dry_run: false,
            journal: Some(plan.journal.clone()),
            failed: None,
            stop: Some(flag.clone()),
        };
        let outage = match super::run(conn.clone(), pass, counting.clone()).await {
            Ok(summary) => {
                if first {
                    watcher.notice(&Notice::CaughtUp(summary));
                    first = false;
                }
                match counting.transient.load(Ordering::Relaxed) {
                    0 => None,
                    _ => Some(Away::Crm(
                        counting
                            .last_error
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .clone(),
                    )),
                }
            }
            Err(BatchError::Stopped(e)) if e.is_transient() || e.is_session_lost() => {
                Some(Away::Crm(e.to_string()))
            }
            // The mail server went away for longer than a pass waits for it.
            Err(BatchError::Imap(e)) if e.is_transient() => Some(Away::MailServer(e)),
            Err(e) => return Err(e),
        };
        if stop.is_stopped() {
            break;
        }
        match outage {
            Some(away) => {
                let wait = backoff.map_or(plan.retry_base.max(Duration::from_secs(1)), |b| {
                    (b * 2).min(plan.max_backoff)
                });
                backoff = Some(wait);
                watcher.notice(&match away {
                    Away::Crm(error) => Notice::Outage {
                        error,
                        retry_in: wait,
                    },
                    Away::MailServer(e) => Notice::MailServerAway {
                        server: plan
                            .mailboxes
                            .iter()
                            .map(|m| m.url.server())
                            .collect::<Vec<_>>()
                            .join(", "),
                        error: e.to_string(),
                        retry_in: wait,
                    },
                });
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stop.stopped() => break,
                }
                continue;
            }
            None if backoff.take().is_some() => watcher.notice(&Notice::Reconnected),
            None => {}
        }
        // Wait for a change (then for quiet), the rescan, or the stop.
        tokio::select! {
            _ = stop.stopped() => break,
            _ = tokio::time::sleep(plan.rescan) => {}
            heard = changes.recv() => {
                if heard.is_none() {
                    break;
                }
                let quiet_by = tokio::time::Instant::now() + plan.debounce * 8;
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep(plan.debounce) => break,
                        _ = tokio::time::sleep_until(quiet_by) => break,
                        more = changes.recv() => if more.is_none() { break },
                    }
                }
            }
        }
    }
    stop.stop();
    while idlers.join_next().await.is_some() {}
    drop(fs);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode, CreateKind};

    #[test]
    fn reading_a_message_is_no_change() {
        let at = |kind: EventKind, path: &str| notify::Event::new(kind).add_path(path.into());
        assert!(relevant(&at(
            EventKind::Create(CreateKind::File),
            "/m/new/1.a.host"
        )));
        assert!(!relevant(&at(
            EventKind::Access(AccessKind::Open(AccessMode::Read)),
            "/m/new/1.a.host"
        )));
        assert!(relevant(&at(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            "/m/new/1.a.host"
        )));
        assert!(!relevant(&at(
            EventKind::Create(CreateKind::File),
            "/m/new/.swp"
        )));
    }

    #[tokio::test]
    async fn stop_wakes_every_waiter() {
        let stop = Stop::new();
        let waiter = tokio::spawn({
            let stop = stop.clone();
            async move { stop.stopped().await }
        });
        tokio::task::yield_now().await;
        stop.stop();
        tokio::time::timeout(Duration::from_secs(2), waiter)
            .await
            .unwrap()
            .unwrap();
        // Already stopped: returns at once.
        stop.stopped().await;
    }
}
