//! What the links of one run share: `describe` answers (one per module per
//! process) and the targets already checked. `link` of several files and
//! `replay` hold one [`RunState`] for the whole run; a single `link` makes
//! its own.
//!
//! What a cache may get wrong, and how it is caught (docs/protocol.md §5):
//! - a permission changed mid-run: `create` answers `ACCESS_DENIED` and the
//!   entry fails with the CRM's own answer;
//! - a target deleted mid-run: `relate` answers `ACCESS_DENIED` and only the
//!   entries naming it fail (the target is then forgotten, so a later
//!   entry checks it again).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

use super::lookup::FoundDocument;
use super::outgoing::Key;
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
}

/// Keys are locked in this many buckets per CRM (one small file each), so
/// the state directory does not grow with the emails linked. Two keys in
/// one bucket only wait for each other.
const LOCK_BUCKETS: usize = 256;

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
}

impl KeyGuard {
    /// When another holder last wrote to the CRM under this lock.
    fn last_write(&self) -> Option<SystemTime> {
        let (file, _) = self.file.as_ref()?;
        file.metadata().and_then(|m| m.modified()).ok()
    }

    /// Say that this holder wrote to the CRM (other processes then look
    /// again instead of trusting what they looked up before the lock).
    pub(super) fn wrote(&self) {
        if let Some((file, path)) = &self.file
            && let Err(e) = file.set_modified(SystemTime::now())
        {
            tracing::debug!("could not stamp the lock {}: {e}", path.display());
        }
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

    /// Wait until no other link of `key` runs (in this process, and with
    /// `across_processes` in others on this machine), and hold it.
    pub(super) async fn hold(&self, key: &Key, across_processes: bool) -> KeyGuard {
        let hash = key.hash();
        let bucket = usize::from_str_radix(short(&hash, 4), 16).unwrap_or(0) % LOCK_BUCKETS;
        let in_process = self.buckets[bucket].clone().lock_owned().await;
        let mut file = None;
        if across_processes && let Some((dir, crm)) = &self.locks {
            let crm_hash = hex(&Sha256::digest(crm.as_bytes()));
            let path = dir.join(format!("{}-{bucket:03}.lock", short(&crm_hash, 16)));
            let opened = std::fs::create_dir_all(dir).and_then(|()| {
                std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&path)
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
        KeyGuard {
            _in_process: in_process,
            file,
        }
    }

    /// What this run knows of `key`, unless another process wrote under its
    /// lock since.
    pub(super) fn known(&self, key: &Key, guard: &KeyGuard) -> Option<Known> {
        let known = lock(&self.known).get(key).cloned()?;
        match (known.at, guard.last_write()) {
            (Some(at), Some(written)) if written > at => None,
            _ => Some(known),
        }
    }

    /// Remember what the CRM holds for `key` now.
    pub(super) fn remember(&self, key: &Key, mut known: Known) {
        known.at = Some(SystemTime::now());
        lock(&self.known).insert(key.clone(), known);
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
