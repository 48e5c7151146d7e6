//! Many links in one resumable run (`vtelink replay`): entries streamed from
//! manifests, mboxes and Maildirs, linked concurrently over one session,
//! each entry's progress kept in a SQLite journal so a killed run resumes
//! where it stopped.
//!
//! Domain code only: what is printed, and how, is the caller's
//! ([`Observer`]).

use std::path::PathBuf;

use serde::Serialize;
use serde::ser::SerializeSeq;

use crate::l10n::Msg;
use crate::msg;

pub mod failed;
pub mod imap;
pub mod journal;
pub mod limit;
pub mod maildir;
pub mod manifest;
pub mod mbox;
pub mod review;
mod run;
pub mod source;
pub mod watch;

pub use journal::{Journal, Totals};
pub use run::{Observer, Plan, Summary, Unclear, resolve_auto, run};
pub use source::Source;

/// Where an entry's email goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    /// Record ids, as given (checked shape, deduplicated, in order).
    Ids(Vec<String>),
    /// The best suggestion, when it is clearly ahead.
    Auto,
}

impl Targets {
    /// Parse `to` as a manifest holds it: `auto`, or ids separated by `;`.
    pub fn parse(text: &str) -> Result<Targets, Msg> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("auto") {
            return Ok(Targets::Auto);
        }
        Targets::from_ids(text.split(';').map(str::trim).filter(|t| !t.is_empty()))
    }

    pub fn from_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> Result<Targets, Msg> {
        let mut out: Vec<String> = Vec::new();
        for id in ids {
            if !crate::link::is_ws_id(id) {
                return Err(msg!("batch-bad-id", id = id));
            }
            if !out.iter().any(|o| o == id) {
                out.push(id.to_owned());
            }
        }
        if out.is_empty() {
            return Err(msg!("batch-no-ids"));
        }
        Ok(Targets::Ids(out))
    }

    /// A stable text for keys and the journal: `auto` or sorted ids.
    pub fn key(&self) -> String {
        match self {
            Targets::Auto => "auto".into(),
            Targets::Ids(ids) => {
                let mut sorted = ids.clone();
                sorted.sort();
                sorted.join(";")
            }
        }
    }
}

impl Serialize for Targets {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Targets::Auto => s.serialize_str("auto"),
            Targets::Ids(ids) => {
                let mut seq = s.serialize_seq(Some(ids.len()))?;
                for id in ids {
                    seq.serialize_element(id)?;
                }
                seq.end()
            }
        }
    }
}

/// One email to link, as read from a source.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Position in this run's input, from 1.
    pub seq: u64,
    /// Names the entry across runs (source identity + targets): the journal key.
    pub key: String,
    /// Where it came from, for people: `manifest.csv line 12`, `inbox.mbox
    /// byte 4711` (English for machines: JSON, the journal, logs).
    pub origin: Msg,
    /// The email file (for mbox entries, the mbox).
    pub file: PathBuf,
    /// The email's bytes when the source holds them (mbox); else read from `file`.
    pub data: Option<Vec<u8>>,
    pub targets: Targets,
    /// A manifest's other columns, echoed in results and the failed-entries file.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// What a source yields: an entry, or a line/message that cannot be one.
#[derive(Debug)]
pub enum Item {
    Entry(Entry),
    Malformed { seq: u64, origin: Msg, reason: Msg },
}

impl Item {
    /// Its position in the run's input.
    pub fn seq(&self) -> u64 {
        match self {
            Item::Entry(entry) => entry.seq,
            Item::Malformed { seq, .. } => *seq,
        }
    }
}

/// How one entry ended.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Something was created (the Message or some of its Documents).
    Linked {
        message: String,
        documents: usize,
        related_to: Vec<String>,
    },
    /// Everything was there already (linked before, by this tool or a resumed run).
    AlreadyPresent {
        message: String,
        related_to: Vec<String>,
    },
    /// Linked, but some attachments were not stored (e.g. over the upload limit).
    Partial {
        message: String,
        related_to: Vec<String>,
        /// Why each attachment is not stored (English in JSON).
        not_stored: Vec<Msg>,
    },
    Failed {
        /// The exit-code name of the failure (`bad_input`, `not_found`, ...).
        kind: String,
        error: String,
        /// Worth running again (the CRM was unreachable), as opposed to a fix needed first.
        transient: bool,
        /// `error` for people, in their language (JSON and the journal keep `error`).
        #[serde(skip)]
        message: Option<crate::l10n::Msg>,
    },
    /// Not attempted: a line repeating an earlier one, nothing to decide.
    Skipped { reason: Msg },
    /// `auto` found no suggestion clearly ahead: the email waits in the
    /// review queue (`vtelink review`) for a person to decide.
    Review {
        /// Why (English in JSON and the journal, the reader's language for people).
        reason: Msg,
        /// What `auto` weighed, best first (when it ran).
        suggestions: Vec<review::Suggested>,
    },
    /// Dry run: everything checks out.
    Planned { related_to: Vec<String> },
}

impl Outcome {
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Linked { .. } => "linked",
            Outcome::AlreadyPresent { .. } => "already_present",
            Outcome::Partial { .. } => "partial",
            Outcome::Failed { .. } => "failed",
            Outcome::Skipped { .. } => "skipped",
            Outcome::Review { .. } => "review",
            Outcome::Planned { .. } => "planned",
        }
    }

    /// Does the entry need fixing (and a place in the failed-entries file)?
    /// An email waiting for review does not: it is queued for a person.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self,
            Outcome::Failed { .. } | Outcome::Partial { .. } | Outcome::Skipped { .. }
        )
    }

    /// Finished for good: a resumed run does not redo it.
    pub fn is_done(&self) -> bool {
        matches!(
            self,
            Outcome::Linked { .. } | Outcome::AlreadyPresent { .. }
        )
    }
}

/// What happened to one entry, as reported to the [`Observer`].
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub seq: u64,
    pub origin: Msg,
    pub file: PathBuf,
    pub to: Targets,
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub attempts: u32,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Why a replay could not run (per-entry failures are [`Outcome::Failed`], not this).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("{path}: {}", .reason.english())]
    BadSource { path: String, reason: Msg },
    #[error("replay journal {path}: {reason}")]
    Journal { path: String, reason: String },
    /// Another process holds the journal's lock.
    #[error(
        "another `vtelink replay` is using the journal {path}; wait for it to end or stop it, then run this again"
    )]
    JournalBusy { path: String },
    /// The journal was written for another CRM or user.
    #[error(
        "the replay journal {path} belongs to {journal_user} on {journal_url}, not {user} on {url}: \
         leave out --journal (each CRM and user gets its own), or name another journal file"
    )]
    OtherCrm {
        path: String,
        journal_url: String,
        journal_user: String,
        url: String,
        user: String,
    },
    #[error(
        "no replay journal for these sources at {path} (nothing was replayed yet, or pass --journal FILE)"
    )]
    NoJournal { path: String },
    #[error("cannot write the failed-entries file {path}: {source}")]
    FailedFile {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A failure that every further entry would hit too (credentials refused,
    /// locked, not licensed, the CRM down).
    #[error("replay stopped (run the same command again to resume): {0}")]
    Stopped(#[source] crate::crm::CrmError),
    /// A mailbox (IMAP source) could not be read; what was read is journaled.
    #[error("{0}")]
    Imap(#[from] crate::mail::imap::ImapError),
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// A short stable hash of `parts` (keys, journal names).
pub(crate) fn digest(parts: &[&[u8]]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let full = hex(&hasher.finalize());
    full.get(..32).unwrap_or(&full).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse() {
        assert_eq!(Targets::parse(" AUTO "), Ok(Targets::Auto));
        assert_eq!(
            Targets::parse("4x1; 4x2;4x1;"),
            Ok(Targets::Ids(vec!["4x1".into(), "4x2".into()]))
        );
        assert!(Targets::parse("4x1;bob").is_err());
        assert!(Targets::parse(" ; ").is_err());
        assert_eq!(Targets::parse("4x2;4x1").unwrap().key(), "4x1;4x2");
    }
}
