//! The review queue: emails that `auto` did not link because no suggestion
//! was clearly ahead. A replay (or `vtelink watch`) puts such an entry in
//! the journal's `review` state and keeps the email's bytes and what `auto`
//! weighed next to it, so a person can decide later whatever the source was
//! (an mbox message, a Maildir file since moved, an IMAP message).
//!
//! A decision goes through the same journal, exactly once: it moves the row
//! from `review` to `deciding` with one conditional update (two reviewers
//! cannot both take it), links through [`crate::link`] (whose key and locks
//! make a second link of the same email a no-op in the CRM), then records
//! `done`; "ignore" moves it to `ignored`. Runs pass over all three states.
//! A decision that fails (the CRM down) puts the entry back in the queue.
//!
//! Which journals: by default every journal in the state directory that
//! belongs to the CRM and user the command acts as ([`journals`]).

use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{BatchError, Journal, Outcome};
use crate::auth::CrmIdentity;
use crate::crm::Connection;
use crate::l10n::{Msg, Stored};

/// How many characters of an entry's key name it in the queue (`vtelink
/// review ID`); any unique prefix of at least [`MIN_ID_LEN`] is accepted.
pub const ID_LEN: usize = 12;
pub const MIN_ID_LEN: usize = 6;

/// One suggestion `auto` weighed, as the queue keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggested {
    pub id: String,
    pub module: String,
    /// The module as the CRM names it to people (*Contatti*); kept in
    /// [`Held`]'s sentences, not in JSON.
    #[serde(skip)]
    pub module_label: String,
    pub label: String,
    pub score: u32,
    /// English in JSON and the journal (see [`Held`]).
    pub reasons: Vec<Msg>,
    /// Another record matched the same address.
    pub tie: bool,
}

impl Suggested {
    pub fn from_suggestion(s: &crate::suggest::Suggestion) -> Suggested {
        Suggested {
            id: s.id.clone(),
            module: s.module.clone(),
            module_label: s.module_label.clone(),
            label: s.label.clone(),
            score: s.score,
            reasons: s.reasons.clone(),
            tie: s.tie,
        }
    }
}

/// What the queue keeps about a waiting email besides its bytes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Held {
    pub subject: String,
    pub from: String,
    /// RFC 3339, when the email has a date.
    pub date: Option<String>,
    /// Why `auto` linked nothing.
    pub reason: Msg,
    pub suggestions: Vec<Suggested>,
    /// The reason and each suggestion's reasons as catalog keys, so the
    /// queue reads in the reviewer's language; the fields above keep the
    /// English text (older journals have only that).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    said: Option<Said>,
}

/// [`Held`]'s sentences as catalog keys and arguments.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Said {
    reason: Stored,
    reasons: Vec<Vec<Stored>>,
    #[serde(default)]
    module_labels: Vec<String>,
    /// Where the email came from (`inbox.mbox byte 4711 (line 12)`); the
    /// journal's own column keeps it in English.
    #[serde(default)]
    origin: Option<Stored>,
}

impl Held {
    pub fn new(
        email: &crate::mail::Email,
        origin: &Msg,
        reason: &Msg,
        suggestions: &[Suggested],
    ) -> Held {
        let from = email
            .from
            .as_ref()
            .map_or_else(String::new, |a| match &a.name {
                Some(name) if !name.is_empty() => format!("{name} <{}>", a.address),
                _ => a.address.clone(),
            });
        Held {
            subject: email.subject.clone().unwrap_or_default(),
            from,
            date: email.date.map(|d| d.to_rfc3339()),
            reason: reason.clone(),
            suggestions: suggestions.to_vec(),
            said: Some(Said {
                reason: Stored::from(reason),
                reasons: suggestions
                    .iter()
                    .map(|s| s.reasons.iter().map(Stored::from).collect())
                    .collect(),
                module_labels: suggestions.iter().map(|s| s.module_label.clone()).collect(),
                origin: Some(Stored::from(origin)),
            }),
        }
    }

    /// The sentences as messages again, in the reader's language where
    /// this version knows every key, else the English text kept; and where
    /// the email came from (`origin`, the journal's English) for people.
    fn read_back(mut self, origin: &str) -> (Held, Msg) {
        let Some(said) = self.said.take() else {
            return (self, Msg::verbatim(origin));
        };
        let origin = said
            .origin
            .as_ref()
            .and_then(Stored::to_msg)
            .unwrap_or_else(|| Msg::verbatim(origin));
        if let Some(reason) = said.reason.to_msg() {
            self.reason = reason;
        }
        if said.module_labels.len() == self.suggestions.len() {
            for (s, label) in self.suggestions.iter_mut().zip(said.module_labels) {
                s.module_label = label;
            }
        }
        if said.reasons.len() == self.suggestions.len() {
            for (s, stored) in self.suggestions.iter_mut().zip(&said.reasons) {
                let reasons: Option<Vec<Msg>> = stored.iter().map(Stored::to_msg).collect();
                if let Some(reasons) = reasons.filter(|r| r.len() == s.reasons.len()) {
                    s.reasons = reasons;
                }
            }
        }
        (self, origin)
    }
}

/// One email waiting for review.
#[derive(Debug, Clone, Serialize)]
pub struct Waiting {
    /// Names the entry for `vtelink review ID` (the start of its journal key).
    pub id: String,
    #[serde(skip)]
    pub key: String,
    pub journal: PathBuf,
    /// Where it came from: `inbox.mbox byte 4711`, a Maildir file.
    pub origin: Msg,
    pub file: PathBuf,
    pub subject: String,
    pub from: String,
    pub date: Option<String>,
    pub reason: Msg,
    pub suggestions: Vec<Suggested>,
    /// When it was queued (RFC 3339).
    pub since: String,
    /// A decision was started and did not end (the process was stopped):
    /// deciding it again is safe.
    pub interrupted: bool,
}

/// How a decision ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    /// Linked (or found linked): the entry is done.
    Linked(Outcome),
    /// Ignored for good.
    Ignored,
    /// It was not waiting any more: decided before (`done`, `ignored`), or
    /// never queued (the state it is in).
    NotWaiting { state: String },
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Journal {
    /// Keep a waiting email's bytes and what `auto` weighed; the entry's
    /// state moves to `review` when [`Journal::finished`] records the outcome.
    pub fn hold_for_review(&self, key: &str, email: &[u8], held: &Held) -> Result<(), BatchError> {
        let details = serde_json::to_string(held).map_err(|e| self.err(e))?;
        self.db()
            .prepare_cached(
                "INSERT OR REPLACE INTO review(key, email, details, decision) VALUES(?1, ?2, ?3, NULL)",
            )
            .and_then(|mut s| s.execute(params![key, email, details]))
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    /// The emails waiting for review, oldest first.
    pub fn waiting(&self) -> Result<Vec<Waiting>, BatchError> {
        let db = self.db();
        let read = || -> rusqlite::Result<Vec<Waiting>> {
            let mut stmt = db.prepare(
                "SELECT e.key, e.origin, e.file, e.state, e.updated, r.details
                 FROM entries e LEFT JOIN review r ON r.key = e.key
                 WHERE e.state IN ('review', 'deciding') ORDER BY e.updated, e.key",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (key, origin, file, state, since, details) = row?;
                let (held, origin) = details
                    .and_then(|d| serde_json::from_str::<Held>(&d).ok())
                    .unwrap_or_default()
                    .read_back(&origin);
                out.push(Waiting {
                    id: key.get(..ID_LEN).unwrap_or(&key).to_owned(),
                    key,
                    journal: self.path().to_path_buf(),
                    origin,
                    file: PathBuf::from(file),
                    subject: held.subject,
                    from: held.from,
                    date: held.date,
                    reason: held.reason,
                    suggestions: held.suggestions,
                    since,
                    interrupted: state == "deciding",
                });
            }
            Ok(out)
        };
        read().map_err(|e| self.err(e))
    }

    /// Entries whose key starts with `id`, with their state.
    pub fn find(&self, id: &str) -> Result<Vec<(String, String)>, BatchError> {
        let db = self.db();
        let read = || -> rusqlite::Result<Vec<(String, String)>> {
            // Keys are lower-case hex: anything else matches nothing.
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit()) {
                return Ok(Vec::new());
            }
            let mut stmt =
                db.prepare("SELECT key, state FROM entries WHERE substr(key, 1, ?2) = ?1")?;
            let rows = stmt.query_map(params![id.to_ascii_lowercase(), id.len() as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            rows.collect()
        };
        read().map_err(|e| self.err(e))
    }

    fn state_of(&self, key: &str) -> Result<String, BatchError> {
        self.db()
            .query_row("SELECT state FROM entries WHERE key = ?1", [key], |r| {
                r.get::<_, String>(0)
            })
            .optional()
            .map(Option::unwrap_or_default)
            .map_err(|e| self.err(e))
    }

    /// Take a waiting entry for a decision: one conditional update, so of
    /// two reviewers only one gets it. False when it is not waiting.
    fn begin_decision(&self, key: &str, decision: &str) -> Result<bool, BatchError> {
        let db = self.db();
        let changed = db
            .execute(
                "UPDATE entries SET state = 'deciding', updated = ?2
                 WHERE key = ?1 AND state IN ('review', 'deciding')",
                params![key, now()],
            )
            .map_err(|e| self.err(e))?;
        if changed == 1 {
            db.execute(
                "UPDATE review SET decision = ?2 WHERE key = ?1",
                params![key, decision],
            )
            .map_err(|e| self.err(e))?;
        }
        Ok(changed == 1)
    }

    /// The decision ended: done, or back in the queue (it failed, or an
    /// attachment was not stored).
    fn end_decision(&self, key: &str, outcome: Option<&Outcome>) -> Result<(), BatchError> {
        let db = self.db();
        let result = match outcome {
            Some(outcome) if outcome.is_done() => db.execute(
                "UPDATE entries SET state = 'done', outcome = ?2, result = ?3,
                 attempts = attempts + 1, updated = ?4 WHERE key = ?1",
                params![
                    key,
                    outcome.name(),
                    serde_json::to_string(outcome).unwrap_or_default(),
                    now()
                ],
            ),
            _ => db.execute(
                "UPDATE entries SET state = 'review', attempts = attempts + 1, updated = ?2
                 WHERE key = ?1 AND state = 'deciding'",
                params![key, now()],
            ),
        };
        result.map(|_| ()).map_err(|e| self.err(e))
    }

    /// The email's bytes as the queue kept them.
    fn held_email(&self, key: &str) -> Result<Option<Vec<u8>>, BatchError> {
        self.db()
            .query_row("SELECT email FROM review WHERE key = ?1", [key], |r| {
                r.get::<_, Option<Vec<u8>>>(0)
            })
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// Leave a waiting email out for good.
    pub fn ignore(&self, key: &str) -> Result<Decided, BatchError> {
        let changed = self
            .db()
            .execute(
                "UPDATE entries SET state = 'ignored', outcome = 'ignored', updated = ?2
                 WHERE key = ?1 AND state IN ('review', 'deciding')",
                params![key, now()],
            )
            .map_err(|e| self.err(e))?;
        if changed == 1 {
            return Ok(Decided::Ignored);
        }
        Ok(Decided::NotWaiting {
            state: self.state_of(key)?,
        })
    }

    /// The bytes of a waiting email: as the queue kept them, else the file
    /// the entry names (a journal that kept none).
    pub fn review_email(&self, key: &str, file: &Path) -> Result<Vec<u8>, crate::Error> {
        match self.held_email(key)? {
            Some(bytes) => Ok(bytes),
            None => Ok(crate::mail::read_input(file)?),
        }
    }
}

/// Every journal in the state directory that belongs to `identity` (a
/// journal not bound to a CRM yet, or unreadable, is left out: pass it
/// with `--journal`).
pub fn journals(identity: &CrmIdentity) -> Result<Vec<PathBuf>, BatchError> {
    let dir = super::journal::state_dir()?;
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(BatchError::Journal {
                path: dir.display().to_string(),
                reason: e.to_string(),
            });
        }
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "sqlite") {
            continue;
        }
        let Ok(journal) = Journal::open_existing(&path) else {
            continue;
        };
        match journal.owner() {
            Ok((Some(url), Some(user))) if url == identity.url && user == identity.user => {
                found.push(journal.path().to_path_buf());
            }
            _ => {}
        }
    }
    found.sort();
    Ok(found)
}

/// Link a waiting email to `targets`, exactly once. `Err` leaves it in the
/// queue (a failure worth telling: the CRM down, a target refused).
pub async fn link(
    conn: &Connection,
    journal: &Journal,
    waiting: &Waiting,
    targets: &[String],
) -> Result<Decided, crate::Error> {
    if !journal.begin_decision(&waiting.key, &targets.join(";"))? {
        return Ok(Decided::NotWaiting {
            state: journal.state_of(&waiting.key)?,
        });
    }
    let linked = async {
        let raw = journal.review_email(&waiting.key, &waiting.file)?;
        let email = crate::mail::parse_bytes(&raw, Path::new(&waiting.origin.english()))?;
        let outgoing = crate::link::Outgoing::from_email(email);
        let state = crate::link::RunState::new(conn);
        let slot = state.slot(None, None);
        Ok::<_, crate::Error>(super::run::link_once(conn, &state, &outgoing, targets, &slot).await?)
    }
    .await;
    match linked {
        Ok(outcome) => {
            journal.end_decision(&waiting.key, Some(&outcome))?;
            Ok(Decided::Linked(outcome))
        }
        Err(e) => {
            journal.end_decision(&waiting.key, None)?;
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::journal::Claim;
    use crate::batch::{Entry, Targets};

    fn entry(key: &str) -> Entry {
        Entry {
            seq: 1,
            key: key.into(),
            origin: Msg::verbatim("inbox line 1"),
            file: "a.eml".into(),
            data: None,
            targets: Targets::Auto,
            extra: Default::default(),
        }
    }

    #[test]
    fn a_waiting_entry_is_passed_over_decided_once_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.sqlite");
        let me = CrmIdentity {
            url: "https://crm.example".into(),
            user: "admin".into(),
        };
        let key = "0123456789abcdef0123456789abcdef";
        {
            let journal = Journal::open(&path, &me).unwrap();
            assert_eq!(journal.claim(&entry(key)).unwrap(), Claim::Run);
            journal.started(key).unwrap();
            let held = Held {
                reason: Msg::verbatim("tie"),
                ..Default::default()
            };
            journal
                .hold_for_review(key, b"Subject: x\r\n\r\nhi", &held)
                .unwrap();
            let review = Outcome::Review {
                reason: Msg::verbatim("tie"),
                suggestions: vec![],
            };
            journal.finished(key, &review, 1).unwrap();
            // While the run still holds the journal, review may work on it.
            let other = Journal::open_for_review(&path, &me).unwrap();
            let waiting = other.waiting().unwrap();
            assert_eq!(waiting.len(), 1);
            assert_eq!(waiting[0].id, &key[..ID_LEN]);
            assert_eq!(waiting[0].reason.english(), "tie");
            assert_eq!(other.find(&key[..6]).unwrap().len(), 1);
            assert!(other.find("zz'--").unwrap().is_empty());
        }
        let journal = Journal::open(&path, &me).unwrap();
        assert_eq!(journal.claim(&entry(key)).unwrap(), Claim::Waiting);
        assert_eq!(journal.totals().unwrap().review, 1);
        assert!(journal.begin_decision(key, "4x1").unwrap());
        let again = Journal::open_for_review(&path, &me).unwrap();
        assert_eq!(
            again.waiting().unwrap().len(),
            1,
            "an interrupted decision waits"
        );
        assert_eq!(journal.ignore(key).unwrap(), Decided::Ignored);
        assert_eq!(
            again.ignore(key).unwrap(),
            Decided::NotWaiting {
                state: "ignored".into()
            }
        );
        assert_eq!(journal.claim(&entry(key)).unwrap(), Claim::DoneBefore);
        let totals = journal.totals().unwrap();
        assert_eq!((totals.review, totals.ignored), (0, 1));
        let other = CrmIdentity {
            url: "https://other.example".into(),
            user: "admin".into(),
        };
        assert!(matches!(
            Journal::open_for_review(&path, &other),
            Err(BatchError::OtherCrm { .. })
        ));
    }
}
