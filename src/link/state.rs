//! What the links of one run share: `describe` answers (one per module per
//! process), the targets already checked, what was seen of each key (a
//! read-ahead, an earlier link of it), the per-key locks and the places of
//! `--concurrency`. `link` of several files and `replay` hold one
//! [`RunState`] for the whole run; a single `link` makes its own.
//!
//! What a cache may get wrong, and how it is caught (docs/protocol.md §5):
//! - a permission changed mid-run: `create` answers `ACCESS_DENIED` and the
//!   entry fails with the CRM's own answer;
//! - a target deleted mid-run: `relate` answers `ACCESS_DENIED` and only the
//!   entries naming it fail (the target is then forgotten, so a later
//!   entry checks it again);
//! - what was seen of a key is stale: another process on this machine wrote
//!   under its lock since (its stamp on the lock file, not ours, is newer:
//!   the key is looked up again), or a link of the key in this run wrote and
//!   did not finish (dropped: its retry looks up again), or another machine
//!   wrote (the look-up after creating converges, `converge`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

use super::lookup::FoundDocument;
use super::outgoing::Key;
use super::window::Windows;
use super::{Calls, LinkError, hex, short};
use crate::crm::{Connection, CrmError, Describe};

/// What `describe` said about a module: its answer, or that the user may
/// not see the module at all.
#[derive(Debug, Clone)]
enum Described {
    Module(Arc<Describe>),
    Denied(String),
}

/// What the CRM holds for one key, as last seen by this process.
#[derive(Debug, Clone, Default)]
pub(super) struct Known {
    /// The key's Messages, oldest first.
    pub(super) messages: Vec<String>,
    /// Marker → Documents, oldest first.
    pub(super) documents: HashMap<String, Vec<FoundDocument>>,
    /// When it was seen: a look-up older than another process's write under
    /// the same lock is not trusted.
    pub(super) at: Option<SystemTime>,
    /// A link of the key wrote and did not finish: nothing seen before
    /// `at` is trusted, nor this.
    pub(super) stale: bool,
}

/// What a look-up saw: a key's Messages, and Documents per marker (both
/// oldest first).
pub(super) type Seen = (Vec<String>, HashMap<String, Vec<FoundDocument>>);

/// Keys are locked in this many buckets per CRM (one small file each), so
/// the state directory does not grow with the emails linked. Two keys in
/// one bucket only wait for each other.
const LOCK_BUCKETS: usize = 1024;

/// Per-run state shared by every link of one process.
pub struct RunState {
    describes: Mutex<HashMap<&'static str, Arc<OnceCell<Described>>>>,
    /// Targets found to exist and be visible.
    targets: Mutex<HashMap<String, Arc<OnceCell<()>>>>,
    /// Targets that refused record → Documents (the user may only read them).
    read_only: Mutex<std::collections::HashSet<String>>,
    /// Look-ups and what earlier links of this run stored, per key.
    known: Mutex<HashMap<Key, Known>>,
    /// One link per bucket of keys at a time in this process.
    buckets: Vec<Arc<tokio::sync::Mutex<()>>>,
    /// Where the cross-process locks live, and the CRM (URL and user) they
    /// are for; `None`: no state directory, in-process locks only.
    locks: Option<(PathBuf, String)>,
    /// Per lock bucket: this process's last stamp, and the latest write
    /// another process may have made (a stamp found that is not ours).
    stamps: Mutex<HashMap<usize, Stamps>>,
    /// The look-ups of the run, sent together (`window`).
    windows: Arc<Windows>,
    /// Keys whose read-ahead look-up is on its way: a link of one waits for
    /// it instead of asking again (the sender is dropped when it lands).
    prefetching: Mutex<HashMap<Key, tokio::sync::watch::Receiver<()>>>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Stamps {
    ours: Option<SystemTime>,
    foreign: Option<SystemTime>,
}

/// What a read-ahead looks up for one email: its key and its attachments'
/// markers ([`crate::link::Outgoing::probe`]).
#[derive(Debug, Clone)]
pub struct Probe {
    pub(super) key: Key,
    pub(super) markers: Vec<String>,
}

impl Default for RunState {
    fn default() -> Self {
        RunState {
            describes: Mutex::default(),
            targets: Mutex::default(),
            read_only: Mutex::default(),
            known: Mutex::default(),
            buckets: (0..LOCK_BUCKETS).map(|_| Arc::default()).collect(),
            locks: None,
            stamps: Mutex::default(),
            windows: Arc::default(),
            prefetching: Mutex::default(),
        }
    }
}

/// The directory of the per-key locks: `$VTELINK_STATE_DIR/locks`, else the
/// OS state (or local data) directory's `vtelink/locks`.
pub fn lock_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("VTELINK_STATE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("locks"));
    }
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|d| d.join("vtelink").join("locks"))
}

/// Held while one email is linked: no other link of the same key runs, in
/// this process (an async mutex) or in another on this machine (a file lock
/// in the state directory). Dropping it releases both.
pub(super) struct KeyGuard {
    _in_process: tokio::sync::OwnedMutexGuard<()>,
    file: Option<(std::fs::File, PathBuf)>,
    bucket: usize,
}

impl KeyGuard {
    /// When a holder last wrote to the CRM under this lock.
    fn last_write(&self) -> Option<SystemTime> {
        let (file, _) = self.file.as_ref()?;
        file.metadata().and_then(|m| m.modified()).ok()
    }
}

/// A place among the links a run lets work at once (`--concurrency`).
///
/// A link holds it while it works and gives it back while it only waits:
/// for another link of its key (the lock), or for its look-up after
/// creating, which goes out with the next emails' look-ups (`window`). A
/// slot taken for a link that has not started yet counts as working: the
/// look-ups after creating wait for it, so they share one round.
pub struct Slot<'a> {
    state: &'a RunState,
    places: Option<Arc<tokio::sync::Semaphore>>,
    permit: Mutex<Option<tokio::sync::OwnedSemaphorePermit>>,
    working: std::sync::atomic::AtomicBool,
}

impl Slot<'_> {
    /// Not working for now (waiting for a lock or an answer others share).
    pub(super) fn pause(&self) {
        if self
            .working
            .swap(false, std::sync::atomic::Ordering::Relaxed)
        {
            self.state.windows.leave();
        }
    }

    /// Working (again): waits for a place when the run limits them.
    pub async fn resume(&self) {
        if !self
            .working
            .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            self.state.windows.enter();
        }
        let held = lock(&self.permit).is_some();
        if !held && let Some(places) = &self.places {
            // A closed semaphore: the run is ending; go on without a place.
            if let Ok(permit) = places.clone().acquire_owned().await {
                *lock(&self.permit) = Some(permit);
            }
        }
    }

    /// Done working for now: let the next link start.
    pub(super) fn give_back(&self) {
        self.pause();
        lock(&self.permit).take();
    }
}

/// A link on its way (read, not started): look-ups after creating wait
/// for it as for a working link, so they share its round.
pub struct Coming(Arc<Windows>);

impl Drop for Coming {
    fn drop(&mut self) {
        self.0.leave();
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.pause();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl RunState {
    /// State for the links of one run on `conn`, with cross-process locks in
    /// [`lock_dir`] when there is one.
    pub fn new(conn: &Connection) -> RunState {
        let crm = format!("{}\n{}", conn.client().base_url(), conn.session().user_id);
        RunState {
            locks: lock_dir().map(|dir| (dir, crm)),
            ..RunState::default()
        }
    }

    /// Say that a link will come (see [`Coming`]).
    pub fn coming(&self) -> Coming {
        self.windows.enter();
        Coming(self.windows.clone())
    }

    /// A place for one link of this run, among `places` (the run's
    /// concurrency; `None`: no limit), holding `permit` if it has one
    /// already. It counts as working from now on (see [`Slot`]).
    pub fn slot(
        &self,
        places: Option<Arc<tokio::sync::Semaphore>>,
        permit: Option<tokio::sync::OwnedSemaphorePermit>,
    ) -> Slot<'_> {
        self.windows.enter();
        Slot {
            state: self,
            places,
            permit: Mutex::new(permit),
            working: std::sync::atomic::AtomicBool::new(true),
        }
    }

    /// Wait until no other link of `key` runs (in this process, and with
    /// `across_processes` in others on this machine), and hold it. While
    /// another link of this process holds it, `slot` is given back.
    pub(super) async fn hold(
        &self,
        key: &Key,
        across_processes: bool,
        slot: &Slot<'_>,
    ) -> KeyGuard {
        let hash = key.hash();
        let bucket = usize::from_str_radix(short(&hash, 4), 16).unwrap_or(0) % LOCK_BUCKETS;
        let in_process = match self.buckets[bucket].clone().try_lock_owned() {
            Ok(held) => held,
            Err(_) => {
                slot.give_back();
                let held = self.buckets[bucket].clone().lock_owned().await;
                slot.resume().await;
                held
            }
        };
        let mut file = None;
        if across_processes && let Some((dir, crm)) = &self.locks {
            let crm_hash = hex(&Sha256::digest(crm.as_bytes()));
            let path = dir.join(format!("{}-{bucket:03}.lock", short(&crm_hash, 16)));
            let opened = std::fs::create_dir_all(dir).and_then(|()| {
                // A new lock file carries no write: its time is set to the
                // epoch, so only a holder's stamp says someone wrote.
                match std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
                {
                    Ok(f) => {
                        let _ = f.set_modified(SystemTime::UNIX_EPOCH);
                        Ok(f)
                    }
                    Err(_) => std::fs::OpenOptions::new()
                        .create(true)
                        .truncate(false)
                        .write(true)
                        .open(&path),
                }
            });
            match opened {
                Ok(f) => {
                    let locked = tokio::task::spawn_blocking(move || f.lock().map(|()| f)).await;
                    match locked {
                        Ok(Ok(f)) => file = Some((f, path)),
                        Ok(Err(e)) => tracing::warn!(
                            "could not lock {}: {e}; linking without the cross-process lock",
                            path.display()
                        ),
                        Err(e) => tracing::warn!("lock wait stopped: {e}"),
                    }
                }
                Err(e) => tracing::warn!(
                    "could not open {}: {e}; linking without the cross-process lock",
                    path.display()
                ),
            }
        }
        let guard = KeyGuard {
            _in_process: in_process,
            file,
            bucket,
        };
        // Under the lock: a stamp that is not this process's last one is
        // another process's write.
        if let Some(written) = guard.last_write() {
            let mut stamps = lock(&self.stamps);
            let stamps = stamps.entry(bucket).or_default();
            if stamps.ours != Some(written) && stamps.foreign.is_none_or(|f| f < written) {
                stamps.foreign = Some(written);
            }
        }
        guard
    }

    /// Say that the holder of `guard` wrote to the CRM (other processes
    /// then look again instead of trusting what they looked up before the
    /// lock).
    pub(super) fn wrote(&self, guard: &KeyGuard) {
        let Some((file, path)) = &guard.file else {
            return;
        };
        if let Err(e) = file.set_modified(SystemTime::now()) {
            tracing::debug!("could not stamp the lock {}: {e}", path.display());
            return;
        }
        lock(&self.stamps).entry(guard.bucket).or_default().ours = guard.last_write();
    }

    /// What this run knows of `key`, unless another process wrote under its
    /// lock since it was seen.
    pub(super) fn known(&self, key: &Key, guard: &KeyGuard) -> Option<Known> {
        let known = lock(&self.known).get(key).cloned().filter(|k| !k.stale)?;
        let foreign = lock(&self.stamps)
            .get(&guard.bucket)
            .and_then(|s| s.foreign);
        match (known.at, foreign) {
            (Some(at), Some(written)) if written > at => None,
            _ => Some(known),
        }
    }

    /// Remember what the CRM holds for `key` now.
    pub(super) fn remember(&self, key: &Key, mut known: Known) {
        known.at = Some(SystemTime::now());
        lock(&self.known).insert(key.clone(), known);
    }

    /// A link of `key` is about to write (or stopped part-way): what was
    /// seen of it before now no longer holds.
    pub(super) fn forget(&self, key: &Key) {
        lock(&self.known).insert(
            key.clone(),
            Known {
                at: Some(SystemTime::now()),
                stale: true,
                ..Known::default()
            },
        );
    }

    /// Keep what a look-up sent at `at` found, unless this run learnt
    /// something about the key since (a link of it remembered later).
    fn remember_seen(&self, key: &Key, known: Known) {
        let mut all = lock(&self.known);
        let newer = all.get(key).is_some_and(|k| {
            k.at.is_some_and(|at| known.at.is_none_or(|seen| at >= seen))
        });
        if !newer {
            all.insert(key.clone(), known);
        }
    }

    /// Look the next emails up ahead of their links, in one round with the
    /// run's other look-ups: their links then start with it known. A
    /// failed read-ahead is not an error (each link then asks itself).
    pub async fn prefetch(&self, conn: &Connection, probes: Vec<Probe>) {
        if probes.is_empty() {
            return;
        }
        let (_sent, receiver) = tokio::sync::watch::channel(());
        {
            let mut prefetching = lock(&self.prefetching);
            for probe in &probes {
                prefetching.insert(probe.key.clone(), receiver.clone());
            }
        }
        let at = SystemTime::now();
        let keys: Vec<Key> = probes.iter().map(|p| p.key.clone()).collect();
        let markers: Vec<String> = probes.iter().flat_map(|p| p.markers.clone()).collect();
        let answer = self
            .windows
            .ask(conn, keys, markers, true, &Calls::default())
            .await;
        match answer {
            Ok(answer) => {
                for probe in &probes {
                    let seen = answer.about(Some(&probe.key), &probe.markers);
                    self.remember_seen(
                        &probe.key,
                        Known {
                            messages: seen.messages.into_values().next().unwrap_or_default(),
                            documents: seen.documents,
                            at: Some(at),
                            stale: false,
                        },
                    );
                }
            }
            Err(e) => tracing::debug!("read-ahead look-up failed: {e}"),
        }
        let mut prefetching = lock(&self.prefetching);
        for probe in &probes {
            if prefetching
                .get(&probe.key)
                .is_some_and(|r| r.same_channel(&receiver))
            {
                prefetching.remove(&probe.key);
            }
        }
    }

    /// What the CRM holds for `key` and `markers`: what this run already
    /// knows (a read-ahead, an earlier link of the key) unless another
    /// process wrote under the key's lock since, else one look-up with the
    /// run's others.
    pub(super) async fn lookup(
        &self,
        conn: &Connection,
        key: &Key,
        markers: &[String],
        guard: &KeyGuard,
        calls: &Calls,
    ) -> Result<Known, CrmError> {
        let covers =
            |k: &Known| markers.iter().all(|m| k.documents.contains_key(m)) || markers.is_empty();
        if let Some(known) = self.known(key, guard).filter(covers) {
            return Ok(known);
        }
        let on_its_way = lock(&self.prefetching).get(key).cloned();
        if let Some(mut landed) = on_its_way {
            let _ = landed.changed().await;
            if let Some(known) = self.known(key, guard).filter(covers) {
                return Ok(known);
            }
        }
        let at = SystemTime::now();
        let answer = self
            .windows
            .ask(conn, vec![key.clone()], markers.to_vec(), true, calls)
            .await?;
        let seen = answer.about(Some(key), markers);
        Ok(Known {
            messages: seen.messages.into_values().next().unwrap_or_default(),
            documents: seen.documents,
            at: Some(at),
            stale: false,
        })
    }

    /// The look-up after creating (converging, `converge`): `key`'s
    /// Messages when `key` is given, the Documents of `markers`; and each
    /// of `targets` related to `documents` (record → Documents). It goes
    /// out with the run's next round, where each target takes the
    /// Documents of every email in the round in one call. Returns what was
    /// seen and the targets that refused (left to the caller).
    pub(super) async fn look_again(
        &self,
        conn: &Connection,
        key: Option<&Key>,
        markers: &[String],
        targets: &[String],
        documents: &[String],
        calls: &Calls,
    ) -> Result<(Seen, Vec<String>), CrmError> {
        let keys: Vec<Key> = key.into_iter().cloned().collect();
        let relates: Vec<(String, Vec<String>)> = if documents.is_empty() {
            Vec::new()
        } else {
            targets
                .iter()
                .map(|t| (t.clone(), documents.to_vec()))
                .collect()
        };
        let answer = self
            .windows
            .ask_and_relate(conn, keys, markers.to_vec(), relates, false, calls)
            .await?;
        let refused = targets
            .iter()
            .filter(|t| !documents.is_empty() && answer.related.get(*t) != Some(&true))
            .cloned()
            .collect();
        let seen = answer.about(key, markers);
        Ok((
            (
                seen.messages.into_values().next().unwrap_or_default(),
                seen.documents,
            ),
            refused,
        ))
    }

    /// `describe` of `module`, asked once per run (concurrent callers share
    /// the one call). Transport failures are not kept: the next caller asks
    /// again.
    pub(super) async fn describe(
        &self,
        conn: &Connection,
        module: &'static str,
        calls: &Calls,
    ) -> Result<Arc<Describe>, CrmError> {
        let cell = lock(&self.describes).entry(module).or_default().clone();
        let described = cell
            .get_or_try_init(|| async {
                calls.add(1);
                match conn.describe(module).await {
                    Ok(d) => Ok(Described::Module(Arc::new(d))),
                    Err(CrmError::AccessDenied(why)) => Ok(Described::Denied(why)),
                    Err(e) => Err(e),
                }
            })
            .await?;
        match described {
            Described::Module(d) => Ok(d.clone()),
            Described::Denied(why) => Err(CrmError::AccessDenied(why.clone())),
        }
    }

    /// Is `target` there and visible? Asked once per run while it is.
    pub(super) async fn check_target(
        &self,
        conn: &Connection,
        target: &str,
        calls: &Calls,
    ) -> Result<(), LinkError> {
        let cell = lock(&self.targets)
            .entry(target.to_owned())
            .or_default()
            .clone();
        cell.get_or_try_init(|| async {
            calls.add(1);
            match conn.retrieve(target).await {
                Ok(_) => Ok(()),
                Err(
                    CrmError::AccessDenied(_)
                    | CrmError::InvalidId(_)
                    | CrmError::RecordNotFound(_),
                ) => Err(LinkError::TargetNotVisible {
                    id: target.to_owned(),
                }),
                Err(e) => Err(e.into()),
            }
        })
        .await
        .map(|_| ())
    }

    /// `target` turned out gone or hidden (a `relate` was refused): check
    /// it again next time.
    pub(super) fn forget_target(&self, target: &str) {
        lock(&self.targets).remove(target);
        lock(&self.read_only).remove(target);
    }

    pub(super) fn is_read_only(&self, target: &str) -> bool {
        lock(&self.read_only).contains(target)
    }

    pub(super) fn mark_read_only(&self, target: &str) {
        lock(&self.read_only).insert(target.to_owned());
    }
}
