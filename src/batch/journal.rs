//! The replay journal: one SQLite row per entry, moved pending → started →
//! done / failed / review, each change its own transaction, so a run killed
//! at any point resumes from what the file says. An entry in `review`
//! (`auto` found no clear winner) waits for a person: `vtelink review`
//! moves it to `deciding` and then `done`, or to `ignored` (see
//! [`super::review`]); later runs pass over all three.
//!
//! A journal is bound to one CRM and one user (`meta` rows `crm_url`,
//! `crm_user`, written by its first run): an entry done for one CRM is not
//! done for another, so a run as someone else is refused
//! ([`BatchError::OtherCrm`]) instead of skipping everything as "done".
//!
//! WAL with `synchronous=NORMAL`: a commit survives the process being killed
//! (`kill -9`, Ctrl-C); a power cut may lose the last few commits, which only
//! means those entries are linked again, and link's own look-up (Message by
//! Message-ID, Documents by marker) makes that a no-op in the CRM.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::Ordering;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{BatchError, Entry, Outcome};
use crate::auth::CrmIdentity;

pub struct Journal {
    path: PathBuf,
    db: Mutex<rusqlite::Connection>,
    /// This run's number: tells a duplicate line in this run from an entry of an earlier one.
    /// A watch moves it on with each pass ([`Journal::begin_pass`]).
    run: std::sync::atomic::AtomicI64,
    /// Run entries that failed for good in an earlier run again (a replay
    /// does; a watch only at its start, not on every change it sees).
    retry_failed: std::sync::atomic::AtomicBool,
    /// Held while the run lasts: two replays on one journal could link one email twice at once.
    _lock: Option<std::fs::File>,
}

/// What the journal says about an entry about to be queued.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// Not done yet: run it.
    Run,
    /// Finished in an earlier run.
    DoneBefore,
    /// The same email and targets came earlier in this run.
    Duplicate { origin: String },
    /// Waiting in the review queue: a person decides it (`vtelink review`).
    Waiting,
}

/// A journal's counts, for `--status` and the summary.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Totals {
    pub journal: String,
    pub entries: u64,
    pub linked: u64,
    pub already_present: u64,
    pub partial: u64,
    pub failed: u64,
    pub skipped: u64,
    /// Waiting for a person to decide (`vtelink review`).
    pub review: u64,
    /// Decided in review to be left out for good.
    pub ignored: u64,
    /// Queued or started but not finished (the run was stopped).
    pub unfinished: u64,
    pub runs: i64,
    pub last_change: Option<String>,
    /// The CRM and user the journal belongs to (`None` for a journal made
    /// before journals were bound to one).
    pub crm_url: Option<String>,
    pub crm_user: Option<String>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries(
    key TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    run INTEGER NOT NULL,
    origin TEXT NOT NULL,
    file TEXT NOT NULL,
    targets TEXT NOT NULL,
    state TEXT NOT NULL,
    outcome TEXT,
    result TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS review(
    key TEXT PRIMARY KEY,
    email BLOB,
    details TEXT NOT NULL,
    decision TEXT
);
";

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// `$VTELINK_STATE_DIR`, else the OS state directory (data directory where
/// there is none, as on macOS and Windows), then `vtelink/replay`.
pub fn state_dir() -> Result<PathBuf, BatchError> {
    if let Some(dir) = std::env::var_os("VTELINK_STATE_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|d| d.join("vtelink").join("replay"))
        .ok_or_else(|| BatchError::Journal {
            path: "(state directory)".into(),
            reason:
                "cannot find the user's state directory; set VTELINK_STATE_DIR or pass --journal"
                    .into(),
        })
}

/// The default journal for sources named by `sources_key`
/// ([`super::source::sources_key`]: the canonical source paths, the default
/// targets, the CRM and the user).
pub fn default_path(sources_key: &str) -> Result<PathBuf, BatchError> {
    Ok(state_dir()?.join(format!("{sources_key}.sqlite")))
}

/// One spelling of a journal's path (a symlink to it, `../dir/j.sqlite`),
/// so that every spelling shares one lock file.
pub fn canonical_path(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    // Not created yet: its folder may exist.
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|dir| dir.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

impl Journal {
    fn error(path: &Path, reason: impl std::fmt::Display) -> BatchError {
        BatchError::Journal {
            path: path.display().to_string(),
            reason: reason.to_string(),
        }
    }

    pub(super) fn err(&self, e: impl std::fmt::Display) -> BatchError {
        Journal::error(&self.path, e)
    }

    /// Open (or create) the journal for a run as `identity`; fails when
    /// another run holds it, or when it belongs to another CRM or user.
    pub fn open(path: &Path, identity: &CrmIdentity) -> Result<Journal, BatchError> {
        let path = &canonical_path(path);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Journal::error(path, e))?;
        }
        let lock_path = path.with_extension("lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Journal::error(&lock_path, e))?;
        if lock.try_lock().is_err() {
            return Err(BatchError::JournalBusy {
                path: path.display().to_string(),
            });
        }
        let db = rusqlite::Connection::open(path).map_err(|e| Journal::error(path, e))?;
        let setup = || -> rusqlite::Result<Result<i64, BatchError>> {
            db.pragma_update(None, "journal_mode", "WAL")?;
            db.pragma_update(None, "synchronous", "NORMAL")?;
            db.busy_timeout(std::time::Duration::from_secs(5))?;
            db.execute_batch(SCHEMA)?;
            let (url, user) = binding(&db)?;
            match (url, user) {
                (Some(url), Some(user)) if url != identity.url || user != identity.user => {
                    return Ok(Err(BatchError::OtherCrm {
                        path: path.display().to_string(),
                        journal_url: url,
                        journal_user: user,
                        url: identity.url.clone(),
                        user: identity.user.clone(),
                    }));
                }
                (Some(_), Some(_)) => {}
                // New, or made before journals were bound: it is this CRM's from now on.
                _ => {
                    db.execute(
                        "INSERT OR REPLACE INTO meta(key, value) VALUES('crm_url', ?1), ('crm_user', ?2)",
                        [&identity.url, &identity.user],
                    )?;
                }
            }
            let runs: i64 = db
                .query_row("SELECT value FROM meta WHERE key='runs'", [], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            db.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES('runs', ?1)",
                [(runs + 1).to_string()],
            )?;
            Ok(Ok(runs + 1))
        };
        let run = setup().map_err(|e| Journal::error(path, e))??;
        Ok(Journal {
            path: path.to_path_buf(),
            db: Mutex::new(db),
            run: run.into(),
            retry_failed: true.into(),
            _lock: Some(lock),
        })
    }

    /// Open an existing journal to read its totals (no lock, no writes).
    pub fn open_existing(path: &Path) -> Result<Journal, BatchError> {
        let path = &canonical_path(path);
        if !path.is_file() {
            return Err(BatchError::NoJournal {
                path: path.display().to_string(),
            });
        }
        let db =
            rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(|e| Journal::error(path, e))?;
        Ok(Journal {
            path: path.to_path_buf(),
            db: Mutex::new(db),
            run: 0.into(),
            retry_failed: true.into(),
            _lock: None,
        })
    }

    /// Open a journal to work on its review queue while a run may hold it
    /// (no run lock: each decision is one conditional update, see
    /// [`super::review`]); refused when it belongs to another CRM or user.
    pub fn open_for_review(path: &Path, identity: &CrmIdentity) -> Result<Journal, BatchError> {
        let path = &canonical_path(path);
        if !path.is_file() {
            return Err(BatchError::NoJournal {
                path: path.display().to_string(),
            });
        }
        let db = rusqlite::Connection::open(path).map_err(|e| Journal::error(path, e))?;
        let setup = || -> rusqlite::Result<Option<BatchError>> {
            db.busy_timeout(std::time::Duration::from_secs(5))?;
            if let (Some(url), Some(user)) = binding(&db)?
                && (url != identity.url || user != identity.user)
            {
                return Ok(Some(BatchError::OtherCrm {
                    path: path.display().to_string(),
                    journal_url: url,
                    journal_user: user,
                    url: identity.url.clone(),
                    user: identity.user.clone(),
                }));
            }
            db.execute_batch(SCHEMA)?;
            Ok(None)
        };
        if let Some(e) = setup().map_err(|e| Journal::error(path, e))? {
            return Err(e);
        }
        Ok(Journal {
            path: path.to_path_buf(),
            db: Mutex::new(db),
            run: 0.into(),
            retry_failed: true.into(),
            _lock: None,
        })
    }

    /// A watch's next pass over its source: a new run number (so an entry
    /// seen again is not taken for a repeated line), counted in `runs`;
    /// `retry_failed` says whether entries that failed for good are tried
    /// again (transient failures always are).
    pub fn begin_pass(&self, retry_failed: bool) -> Result<(), BatchError> {
        let db = self.db();
        let runs: i64 = db
            .query_row("SELECT value FROM meta WHERE key='runs'", [], |r| {
                r.get::<_, String>(0)
            })
            .optional()
            .map_err(|e| self.err(e))?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let next = runs.max(self.run.load(Ordering::Relaxed)) + 1;
        db.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES('runs', ?1)",
            [next.to_string()],
        )
        .map_err(|e| self.err(e))?;
        self.run.store(next, Ordering::Relaxed);
        self.retry_failed.store(retry_failed, Ordering::Relaxed);
        Ok(())
    }

    /// The CRM URL and user the journal belongs to, if it is bound.
    pub fn owner(&self) -> Result<(Option<String>, Option<String>), BatchError> {
        binding(&self.db()).map_err(|e| self.err(e))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn db(&self) -> std::sync::MutexGuard<'_, rusqlite::Connection> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Record that `entry` is queued in this run, unless it is done or a duplicate.
    pub fn claim(&self, entry: &Entry) -> Result<Claim, BatchError> {
        let this_run = self.run.load(Ordering::Relaxed);
        let db = self.db();
        let found: Option<(String, i64, String, i64)> = db
            .prepare_cached("SELECT state, run, origin, seq FROM entries WHERE key = ?1")
            .and_then(|mut s| {
                s.query_row([&entry.key], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()
            })
            .map_err(|e| self.err(e))?;
        let file = entry.file.display().to_string();
        match found {
            // Before "done": an earlier line of this run may have finished
            // already, which does not make this one "done in an earlier run".
            Some((_, run, origin, seq)) if run == this_run && seq != entry.seq as i64 => {
                Ok(Claim::Duplicate { origin })
            }
            Some((state, _, _, _)) if state == "done" || state == "ignored" => {
                Ok(Claim::DoneBefore)
            }
            Some((state, _, _, _)) if state == "review" || state == "deciding" => {
                Ok(Claim::Waiting)
            }
            // A watch's later passes: only transient failures are worth another go.
            Some((state, _, _, _))
                if state == "failed"
                    && !self.retry_failed.load(Ordering::Relaxed)
                    && !failed_transiently(&db, &entry.key).map_err(|e| self.err(e))? =>
            {
                Ok(Claim::DoneBefore)
            }
            Some(_) => {
                db.prepare_cached(
                    "UPDATE entries SET run = ?2, seq = ?3, origin = ?4, file = ?5, updated = ?6 WHERE key = ?1",
                )
                .and_then(|mut s| {
                    s.execute(params![entry.key, this_run, entry.seq as i64, entry.origin.english(), file, now()])
                })
                .map_err(|e| self.err(e))?;
                Ok(Claim::Run)
            }
            None => {
                db.prepare_cached(
                    "INSERT INTO entries(key, seq, run, origin, file, targets, state, updated)
                     VALUES(?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7)",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        entry.key,
                        entry.seq as i64,
                        this_run,
                        entry.origin.english(),
                        file,
                        entry.targets.key(),
                        now()
                    ])
                })
                .map_err(|e| self.err(e))?;
                Ok(Claim::Run)
            }
        }
    }

    /// Will [`Journal::claim`] pass the entry `key` over (finished, ignored
    /// or waiting for review; failed for good during a watch's later
    /// passes)? A mailbox source asks before fetching a message again.
    pub fn is_done(&self, key: &str) -> Result<bool, BatchError> {
        let db = self.db();
        let state = db
            .prepare_cached("SELECT state FROM entries WHERE key = ?1")
            .and_then(|mut s| s.query_row([key], |r| r.get::<_, String>(0)).optional())
            .map_err(|e| self.err(e))?;
        Ok(match state.as_deref() {
            Some("done" | "ignored" | "review" | "deciding") => true,
            Some("failed") => {
                !self.retry_failed.load(Ordering::Relaxed)
                    && !failed_transiently(&db, key).map_err(|e| self.err(e))?
            }
            _ => false,
        })
    }

    /// A worker picked the entry up: from here on the CRM may hold part of it.
    pub fn started(&self, key: &str) -> Result<(), BatchError> {
        self.db()
            .prepare_cached("UPDATE entries SET state = 'started', updated = ?2 WHERE key = ?1")
            .and_then(|mut s| s.execute(params![key, now()]))
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// The entry ended: done (never redone), waiting for review, or not
    /// (tried again next run).
    pub fn finished(&self, key: &str, outcome: &Outcome, attempts: u32) -> Result<(), BatchError> {
        let state = match outcome {
            _ if outcome.is_done() => "done",
            Outcome::Review { .. } => "review",
            _ => "failed",
        };
        let result = serde_json::to_string(outcome).unwrap_or_default();
        self.db()
            .prepare_cached(
                "UPDATE entries SET state = ?2, outcome = ?3, result = ?4,
                 attempts = attempts + ?5, updated = ?6 WHERE key = ?1",
            )
            .and_then(|mut s| {
                s.execute(params![key, state, outcome.name(), result, attempts, now()])
            })
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    pub fn totals(&self) -> Result<Totals, BatchError> {
        let db = self.db();
        let mut totals = Totals {
            journal: self.path.display().to_string(),
            ..Default::default()
        };
        let mut read = || -> rusqlite::Result<()> {
            let mut stmt = db.prepare(
                "SELECT state, COALESCE(outcome, ''), count(*), max(updated) FROM entries GROUP BY 1, 2",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?;
            for row in rows {
                let (state, outcome, count, updated) = row?;
                let count = count.max(0) as u64;
                totals.entries += count;
                match (state.as_str(), outcome.as_str()) {
                    ("done", "linked") => totals.linked += count,
                    ("done", _) => totals.already_present += count,
                    ("failed", "partial") => totals.partial += count,
                    ("failed", "skipped") => totals.skipped += count,
                    ("failed", _) => totals.failed += count,
                    ("review" | "deciding", _) => totals.review += count,
                    ("ignored", _) => totals.ignored += count,
                    _ => totals.unfinished += count,
                }
                if updated > totals.last_change {
                    totals.last_change = updated;
                }
            }
            (totals.crm_url, totals.crm_user) = binding(&db)?;
            totals.runs = db
                .query_row("SELECT value FROM meta WHERE key='runs'", [], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            Ok(())
        };
        read().map_err(|e| self.err(e))?;
        Ok(totals)
    }
}

/// Did the entry's last attempt fail transiently (the CRM unreachable)?
fn failed_transiently(db: &rusqlite::Connection, key: &str) -> rusqlite::Result<bool> {
    let result: Option<Option<String>> = db
        .query_row("SELECT result FROM entries WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(result
        .flatten()
        .and_then(|r| serde_json::from_str::<serde_json::Value>(&r).ok())
        .is_some_and(|v| v["transient"] == true))
}

/// The CRM URL and user a journal is bound to, if it is.
fn binding(db: &rusqlite::Connection) -> rusqlite::Result<(Option<String>, Option<String>)> {
    let get = |key: &str| {
        db.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
            r.get::<_, String>(0)
        })
        .optional()
    };
    Ok((get("crm_url")?, get("crm_user")?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::Targets;

    fn entry(seq: u64, key: &str) -> Entry {
        Entry {
            seq,
            key: key.into(),
            origin: crate::l10n::Msg::verbatim(&format!("m.csv line {seq}")),
            file: "a.eml".into(),
            data: None,
            targets: Targets::Ids(vec!["4x1".into()]),
            extra: Default::default(),
        }
    }

    fn crm(url: &str, user: &str) -> CrmIdentity {
        CrmIdentity {
            url: url.into(),
            user: user.into(),
        }
    }

    #[test]
    fn a_journal_belongs_to_one_crm_and_user() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.sqlite");
        let test = crm("https://test.example", "admin");
        drop(Journal::open(&path, &test).unwrap());
        for other in [
            crm("https://prod.example", "admin"),
            crm("https://test.example", "restricted"),
        ] {
            let err = Journal::open(&path, &other).err().unwrap();
            assert!(matches!(err, BatchError::OtherCrm { .. }), "{err}");
        }
        let journal = Journal::open(&path, &test).unwrap();
        let totals = journal.totals().unwrap();
        assert_eq!(totals.crm_url.as_deref(), Some("https://test.example"));
        assert_eq!(totals.crm_user.as_deref(), Some("admin"));
        // Refused runs were not counted.
        assert_eq!(totals.runs, 2);
    }

    #[cfg(unix)]
    #[test]
    fn every_spelling_of_a_journal_shares_its_lock() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let path = dir.path().join("j.sqlite");
        let me = crm("https://test.example", "admin");
        let journal = Journal::open(&path, &me).unwrap();
        std::os::unix::fs::symlink(&path, dir.path().join("link.sqlite")).unwrap();
        for spelling in [
            dir.path().join("link.sqlite"),
            dir.path().join("sub/../j.sqlite"),
        ] {
            assert!(Journal::open(&spelling, &me).is_err(), "{spelling:?}");
            assert_eq!(
                Journal::open_existing(&spelling).unwrap().path(),
                journal.path()
            );
        }
    }

    #[test]
    fn resumes_skipping_done_entries_and_spots_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.sqlite");
        let me = crm("https://test.example", "admin");
        {
            let journal = Journal::open(&path, &me).unwrap();
            assert!(Journal::open(&path, &me).is_err(), "one run per journal");
            assert_eq!(journal.claim(&entry(1, "a")).unwrap(), Claim::Run);
            assert_eq!(journal.claim(&entry(2, "b")).unwrap(), Claim::Run);
            assert!(matches!(
                journal.claim(&entry(3, "a")).unwrap(),
                Claim::Duplicate { .. }
            ));
            journal.started("a").unwrap();
            let linked = Outcome::Linked {
                message: "44x1".into(),
                documents: 0,
                related_to: vec![],
            };
            journal.finished("a", &linked, 1).unwrap();
            // A repeat after the first line finished is still this run's repeat.
            assert!(matches!(
                journal.claim(&entry(4, "a")).unwrap(),
                Claim::Duplicate { .. }
            ));
            journal.started("b").unwrap();
        }
        let journal = Journal::open(&path, &me).unwrap();
        assert_eq!(journal.claim(&entry(1, "a")).unwrap(), Claim::DoneBefore);
        assert_eq!(journal.claim(&entry(2, "b")).unwrap(), Claim::Run);
        let totals = journal.totals().unwrap();
        assert_eq!(
            (totals.entries, totals.linked, totals.unfinished),
            (2, 1, 1)
        );
        assert_eq!(totals.runs, 2);
    }
}
