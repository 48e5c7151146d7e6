//! A mailbox folder as a replay source: its messages, read-only, as
//! entries keyed by `(UIDVALIDITY, UID)`.
//!
//! - Messages the journal has finished are not fetched again.
//! - A new UIDVALIDITY (the folder was recreated, or the server rebuilt its
//!   index) gives every message a new key: the folder is read again, and
//!   link's exactly-once rule (Message-ID and markers) finds what is in the
//!   CRM already, so nothing is created twice.
//! - The same message in two folders is two entries and one Message in the
//!   CRM, for the same reason.
//! - When the server goes away mid-folder, the reader reconnects (a few
//!   times, with back-off) and goes on after the last UID it handed over.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use super::journal::Journal;
use super::{BatchError, Entry, Item, Targets, source};
use crate::mail::imap::{self, ImapError, Login, MailboxUrl};

/// One folder to read, and how to log in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImapSource {
    pub url: MailboxUrl,
    pub login: Login,
    pub options: imap::Options,
    /// Only messages that arrived on or after this day.
    pub since: Option<chrono::NaiveDate>,
    /// The URL, for messages and [`super::Source::path`].
    pub shown: PathBuf,
}

impl ImapSource {
    pub fn new(
        url: MailboxUrl,
        login: Login,
        options: imap::Options,
        since: Option<chrono::NaiveDate>,
    ) -> ImapSource {
        let shown = PathBuf::from(url.to_string());
        ImapSource {
            url,
            login,
            options,
            since,
            shown,
        }
    }
}

/// Reconnections per folder before the run gives up (it resumes when run again).
const RECONNECTS: u32 = 5;

/// Read `source` into entries for `targets`, numbering on from `seq`:
/// `each` turns an item into what goes to `out` and says whether to go on.
/// Returns false when reading stopped early (`each` said so, or `out` is
/// closed).
pub async fn read<T>(
    source: &ImapSource,
    targets: &Targets,
    seq: &mut u64,
    journal: Option<&Journal>,
    out: &tokio::sync::mpsc::Sender<T>,
    mut each: impl FnMut(Item) -> (T, bool),
) -> Result<bool, BatchError> {
    // Handed over already in this run (UIDVALIDITY, UIDs): after a
    // reconnection, not again.
    let mut after: (u32, HashSet<u32>) = (0, HashSet::new());
    let mut failures = 0u32;
    loop {
        match read_once(source, targets, seq, journal, &mut after, out, &mut each).await {
            Ok(go_on) => return Ok(go_on),
            Err(ReadError::Imap(e)) if e.is_transient() && failures < RECONNECTS => {
                failures += 1;
                let wait = Duration::from_millis(500 * 2u64.pow(failures));
                tracing::warn!(
                    "imap {}: {e}; connecting again in {} ms ({failures}/{RECONNECTS})",
                    source.url.server(),
                    wait.as_millis()
                );
                tokio::time::sleep(wait).await;
            }
            Err(ReadError::Imap(e)) => return Err(e.into()),
            Err(ReadError::Batch(e)) => return Err(e),
        }
    }
}

enum ReadError {
    Imap(ImapError),
    Batch(BatchError),
}

impl From<ImapError> for ReadError {
    fn from(e: ImapError) -> Self {
        ReadError::Imap(e)
    }
}

/// `imaps://user@host:993/INBOX;UIDVALIDITY=7/;UID=42` (RFC 5092's shape).
fn origin(source: &ImapSource, uidvalidity: u32, uid: u32) -> String {
    format!(
        "{};UIDVALIDITY={uidvalidity}/;UID={uid}",
        source.shown.display()
    )
}

fn key(source: &ImapSource, uidvalidity: u32, uid: u32, targets: &Targets) -> String {
    source::entry_key(
        "imap",
        &source.shown,
        &format!("{uidvalidity}:{uid}"),
        targets,
    )
}

async fn read_once<T>(
    source: &ImapSource,
    targets: &Targets,
    seq: &mut u64,
    journal: Option<&Journal>,
    after: &mut (u32, HashSet<u32>),
    out: &tokio::sync::mpsc::Sender<T>,
    each: &mut impl FnMut(Item) -> (T, bool),
) -> Result<bool, ReadError> {
    let mut session = imap::connect(&source.url, &source.login, &source.options).await?;
    let folder = session.examine(&source.url.folder).await?;
    let validity = folder.uidvalidity;
    let mut uids = session.uids(source.since).await?;
    if after.0 == validity {
        uids.retain(|uid| !after.1.contains(uid));
    } else {
        *after = (validity, HashSet::new());
    }
    let entry = |seq: u64, uid: u32, data: Option<Vec<u8>>| {
        let origin = origin(source, validity, uid);
        Entry {
            seq,
            key: key(source, validity, uid, targets),
            file: PathBuf::from(&origin),
            origin: crate::l10n::Msg::verbatim(&origin),
            data,
            targets: targets.clone(),
            extra: Default::default(),
        }
    };
    // Finished in an earlier run: passed on without their bytes (the
    // journal's claim says "done before"), never fetched again.
    let mut wanted = Vec::with_capacity(uids.len());
    for uid in uids {
        let done = match journal {
            Some(journal) => journal
                .is_done(&key(source, validity, uid, targets))
                .map_err(ReadError::Batch)?,
            None => false,
        };
        if !done {
            wanted.push(uid);
            continue;
        }
        *seq += 1;
        after.1.insert(uid);
        let (value, more) = each(Item::Entry(entry(*seq, uid, None)));
        if out.send(value).await.is_err() || !more {
            session.logout().await;
            return Ok(false);
        }
    }
    // The server streams into a one-message channel; this side hands each
    // message on to the run's bounded queue.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<imap::Message>(1);
    let fetching = async {
        let fetched = session.fetch(&wanted, &tx).await;
        drop(tx);
        fetched
    };
    let handing = async move {
        while let Some(message) = rx.recv().await {
            *seq += 1;
            after.1.insert(message.uid);
            let (value, more) = each(Item::Entry(entry(*seq, message.uid, Some(message.data))));
            if out.send(value).await.is_err() || !more {
                return false;
            }
        }
        true
    };
    let (fetched, go_on) = tokio::join!(fetching, handing);
    fetched?;
    tracing::info!(
        "imap {}: {} of {} messages fetched, {} round trips",
        source.url.server(),
        wanted.len(),
        folder.exists,
        session.round_trips()
    );
    session.logout().await;
    Ok(go_on)
}
