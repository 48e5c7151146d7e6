//! Email parsing: `.eml` (RFC 5322/MIME) and Outlook `.msg` (CFB/MAPI) into
//! one [`Email`] model. (Filled in by the parsing issue.)

use std::path::PathBuf;

/// Why a file could not be parsed at all. Partial damage is not an error:
/// it yields an [`Email`] with warnings.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Invalid { path: PathBuf, reason: String },
}
