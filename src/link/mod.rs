//! Copying an email into the CRM: one Message with all its fields, one
//! Document per attachment, and the relations Message → records/Documents.
//!
//! Exactly once, from what the real server offers (it has no duplicate
//! check and no way to read relations back): the Message is found again by
//! its `messageid` (a synthetic, content-derived one when the email has
//! none), each Document by a marker in its note, and `relate` is harmless to
//! repeat. So linking the same email twice, or re-running after a crash or a
//! lost answer, completes the first link instead of duplicating it.
//!
//! Where each step lives:
//! - [`outgoing`]: what the CRM gets from an email (fields, markers, keys);
//! - [`plan`]: the waves of one link, from look-ups to the last relate;
//! - [`targets`]: which ids may be targets, and checking they exist;
//! - [`lookup`]: finding the Message and the Documents again;
//! - [`upload`]: creating Documents exactly once, checking what the CRM kept;
//! - [`relate`]: putting Documents into the targets' related lists;
//! - [`converge`]: one Message per email when two machines link it at once;
//! - [`report`]: what a link did;
//! - [`state`]: what several links of one process share (describe answers,
//!   checked targets, what was seen of each key, locks, places);
//! - [`window`]: the look-ups of many emails in shared rounds (read-ahead,
//!   look-ups after creating).

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::crm::CrmError;

mod converge;
mod lookup;
pub mod outgoing;
mod plan;
mod relate;
pub mod report;
pub mod state;
mod targets;
pub mod unlink;
mod upload;
mod window;

pub use outgoing::{CutField, Key, Outgoing, OutgoingFile, Party, canonical_fingerprint};
pub use plan::{link, link_in_run, link_with};
pub use report::{DocumentReport, LinkReport, stored_name};
pub use state::{Coming, Probe, RunState, Slot};
pub use targets::verify_targets;

/// Folder and type of the Messages vtelink creates (how `unlink` tells them
/// from another tool's Message with the same Message-ID).
const MESSAGE_FOLDER: &str = "vtelink";
const MESSAGE_TYPE: &str = "Link";

/// How a link runs.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// Plan and check everything, write nothing.
    pub dry_run: bool,
    /// Document uploads in flight at once (the heavy requests).
    pub upload_concurrency: usize,
}

/// Uploads in flight by default: enough for a typical email's attachments
/// to go in one round trip, few enough not to flood a PHP server.
pub const DEFAULT_UPLOAD_CONCURRENCY: usize = 8;

/// Small requests (`relate`, `delete`) in flight at once. They are cheap for
/// the server, and bounding them separately from uploads lets each
/// Document's relations start as soon as it exists.
const SMALL_CALL_CONCURRENCY: usize = 16;

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            dry_run: false,
            upload_concurrency: DEFAULT_UPLOAD_CONCURRENCY,
        }
    }
}

/// Why a link could not be done.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("no record to link to: pass one or more record ids with --to (see `vtelink suggest`)")]
    NoTargets,
    #[error("'{0}' is not a CRM record id (expected something like 4x143)")]
    BadTargetId(String),
    #[error("record {id} not found or not visible to you")]
    TargetNotVisible { id: String },
    #[error(
        "{id} is a {module} record: emails are linked to records such as Contacts, Accounts, Leads or tickets"
    )]
    NotATarget { id: String, module: &'static str },
    #[error(
        "your CRM user may not create {module}, so {what} cannot be stored; ask the CRM administrator for the permission"
    )]
    NotPermitted {
        module: &'static str,
        what: &'static str,
    },
    #[error("'{0}' cannot be a Message-ID (it is empty or has control characters)")]
    BadMessageId(String),
    #[error(transparent)]
    Crm(#[from] CrmError),
}

/// Is `id` shaped like a webservice id (`<prefix>x<number>`)?
pub fn is_ws_id(id: &str) -> bool {
    match id.split_once('x') {
        Some((prefix, number)) => {
            !prefix.is_empty()
                && !number.is_empty()
                && prefix.chars().all(|c| c.is_ascii_digit())
                && number.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// Counts the webservice calls of one link (several links may share a
/// connection concurrently, so the client's global counter cannot).
#[derive(Default)]
struct Calls(AtomicU64);

impl Calls {
    fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
    fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

fn closed() -> CrmError {
    CrmError::Transport("the link was cancelled".into())
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

fn short(text: &str, len: usize) -> &str {
    text.get(..len).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ws_ids() {
        assert!(is_ws_id("4x143"));
        assert!(is_ws_id("44x1"));
        assert!(!is_ws_id("x1"));
        assert!(!is_ws_id("4x"));
        assert!(!is_ws_id("4x1; DROP"));
        assert!(!is_ws_id("143"));
    }
}
