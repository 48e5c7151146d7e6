//! The one place where every failure gets its exit code.
//!
//! Domain modules return their own typed errors (`CrmError`, `MailError`,
//! `AuthError`, ...); this file wraps them in [`Error`] and maps each
//! variant to exactly one [`Exit`] code. The table is documented in the
//! README ("Exit codes") and is a stable contract for scripts.

use crate::auth::AuthError;
use crate::crm::CrmError;
use crate::mail::MailError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Process exit codes. Stable: scripts depend on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Success = 0,
    /// An unexpected failure (a bug, an I/O error on a local file we write).
    Failure = 1,
    /// The command line is wrong (clap uses 2 as well).
    Usage = 2,
    /// Not logged in, session could not be renewed, wrong credentials, locked.
    Auth = 3,
    /// The record, profile or match asked for does not exist (or is not visible).
    NotFound = 4,
    /// The CRM denies the operation or the Mail Connector is not licensed.
    Permission = 5,
    /// A batch finished but some items failed.
    Partial = 6,
    /// The CRM could not be reached (after retries), or did not answer like vtenext.
    Unreachable = 7,
    /// The CRM is older than the supported minimum.
    UnsupportedVersion = 8,
    /// An input file is not a readable email (or manifest).
    BadInput = 9,
    /// Another vtelink run holds what this one needs (a replay journal):
    /// try again when it ends.
    Busy = 10,
    /// No usable OS keyring: none running, locked, or access refused.
    Keyring = 11,
    /// A replay journal written for another CRM or user.
    JournalMismatch = 12,
    /// The mail server (IMAP) refused the login: wrong password or token.
    MailAuth = 13,
    /// The mail server (IMAP) could not be reached, or TLS with it failed,
    /// or it did not answer like an IMAP server.
    MailUnreachable = 14,
    /// Interrupted by the user (Ctrl-C).
    Interrupted = 130,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// Short machine-readable name used in `--json` error output.
    pub fn kind(self) -> &'static str {
        match self {
            Exit::Success => "success",
            Exit::Failure => "failure",
            Exit::Usage => "usage",
            Exit::Auth => "auth",
            Exit::NotFound => "not_found",
            Exit::Permission => "permission",
            Exit::Partial => "partial",
            Exit::Unreachable => "unreachable",
            Exit::UnsupportedVersion => "unsupported_version",
            Exit::BadInput => "bad_input",
            Exit::Busy => "busy",
            Exit::Keyring => "keyring",
            Exit::JournalMismatch => "journal_mismatch",
            Exit::MailAuth => "mail_auth",
            Exit::MailUnreachable => "mail_unreachable",
            Exit::Interrupted => "interrupted",
        }
    }

    /// Every code, in order, for the README table and its test.
    pub const ALL: [Exit; 16] = [
        Exit::Success,
        Exit::Failure,
        Exit::Usage,
        Exit::Auth,
        Exit::NotFound,
        Exit::Permission,
        Exit::Partial,
        Exit::Unreachable,
        Exit::UnsupportedVersion,
        Exit::BadInput,
        Exit::Busy,
        Exit::Keyring,
        Exit::JournalMismatch,
        Exit::MailAuth,
        Exit::MailUnreachable,
        Exit::Interrupted,
    ];
}

/// Everything a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Crm(#[from] CrmError),
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Link(#[from] crate::link::LinkError),
    #[error(transparent)]
    Batch(#[from] crate::batch::BatchError),
    #[error(transparent)]
    Card(#[from] crate::card::CardError),
    #[error(transparent)]
    Imap(#[from] crate::mail::imap::ImapError),
    /// The user asked for something the command line cannot express.
    #[error("{0}")]
    Usage(String),
    /// A lookup the user asked for found nothing.
    #[error("{0}")]
    NotFound(String),
    /// Input the user handed us (a file, a manifest, stdin) is unusable.
    #[error("{0}")]
    BadInput(String),
    /// Writing a local file failed.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// The user pressed Ctrl-C.
    #[error("interrupted")]
    Interrupted,
    /// A batch ran to the end but some items failed (details, and with
    /// `--json` the summary, already printed: no JSON error document).
    #[error("{failed} of {total} items failed")]
    Partial { failed: usize, total: usize },
    /// The command's result is already on stdout (a partial link, a batch
    /// with failures): the message goes to stderr, no JSON error document.
    #[error("{message}")]
    Reported { exit: Exit, message: String },
    /// The whole-command time limit (`--timeout`) ran out.
    #[error(
        "gave up after {} (the --timeout limit, VTELINK_TIMEOUT): the CRM did not answer in time; it may be down or overloaded",
        crate::sanitize::human_duration(*limit)
    )]
    TimedOut { limit: std::time::Duration },
    /// A failure the command line found itself, worded from the catalogs
    /// (`locales/*.ftl`): build it with [`Error::usage`],
    /// [`Error::not_found`], [`Error::bad_input`] or [`Error::said`].
    #[error("{}", msg.english())]
    Said { exit: Exit, msg: crate::l10n::Msg },
}

impl Error {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// A wrong command line (exit 2), in the user's language:
    /// `Error::usage(msg!("search-nothing"))`.
    pub fn usage(msg: crate::l10n::Msg) -> Self {
        Error::said(Exit::Usage, msg)
    }

    /// Nothing found (exit 4), in the user's language.
    pub fn not_found(msg: crate::l10n::Msg) -> Self {
        Error::said(Exit::NotFound, msg)
    }

    /// Unusable input (exit 9), in the user's language.
    pub fn bad_input(msg: crate::l10n::Msg) -> Self {
        Error::said(Exit::BadInput, msg)
    }

    /// Any exit code, in the user's language.
    pub fn said(exit: Exit, msg: crate::l10n::Msg) -> Self {
        Error::Said { exit, msg }
    }

    /// What a person reads: the error in the process's language.
    pub fn message(&self) -> crate::l10n::Msg {
        crate::error_text::message(self)
    }

    pub fn exit(&self) -> Exit {
        match self {
            Error::Crm(e) => crm_exit(e),
            Error::Mail(e) => mail_exit(e),
            Error::Auth(e) => auth_exit(e),
            Error::Link(e) => link_exit(e),
            Error::Batch(e) => batch_exit(e),
            Error::Card(e) => card_exit(e),
            Error::Imap(e) => imap_exit(e),
            Error::Usage(_) => Exit::Usage,
            Error::NotFound(_) => Exit::NotFound,
            Error::BadInput(_) => Exit::BadInput,
            Error::Io { .. } => Exit::Failure,
            Error::Interrupted => Exit::Interrupted,
            Error::Partial { .. } => Exit::Partial,
            Error::Reported { exit, .. } => *exit,
            Error::TimedOut { .. } => Exit::Unreachable,
            Error::Said { exit, .. } => *exit,
        }
    }
}

/// The exit code of a CRM failure (also: which failures stop a whole batch).
pub(crate) fn crm_exit(e: &CrmError) -> Exit {
    use CrmError::*;
    match e {
        AuthRequired(_)
        | InvalidSession(_)
        | SessionExpired(_)
        | InvalidCredentials(_)
        | InvalidAuthToken(_)
        | UnknownUser { .. }
        | LoginLocked(_)
        | IpBanned(_)
        | AuthFailure(_)
        | OtpRequired { .. }
        | OtpInvalid(_)
        | OtpExpired(_)
        | SsoRejected(_)
        | LoginAgain(_) => Exit::Auth,
        AccessDenied(_) | NotLicensed(_) => Exit::Permission,
        RecordNotFound(_) => Exit::NotFound,
        CredentialsInUrl { .. } => Exit::Usage,
        UnsupportedVersion { .. } => Exit::UnsupportedVersion,
        Transport(_)
        | Http { .. }
        | NotVtenext { .. }
        | Timeout(_)
        | CallTimeout { .. }
        | PlainHttp { .. } => Exit::Unreachable,
        QuerySyntax(_)
        | MandatoryFieldsMissing(_)
        | ReferenceInvalid(_)
        | InvalidId(_)
        | Server { .. }
        | Other { .. }
        | Decode(_) => Exit::Failure,
    }
}

fn mail_exit(e: &MailError) -> Exit {
    match e {
        MailError::Read { .. }
        | MailError::Invalid { .. }
        | MailError::Empty { .. }
        | MailError::TooLarge { .. } => Exit::BadInput,
    }
}

fn auth_exit(e: &AuthError) -> Exit {
    use AuthError::*;
    match e {
        NotLoggedIn { .. }
        | OtpNeeded { .. }
        | Sso(_)
        | SsoDenied
        | SsoExpired
        | SsoGrantRevoked => Exit::Auth,
        WrongCrm { .. } | InvalidProfile(_) | MissingInput { .. } | SsoNotConfigured => Exit::Usage,
        SsoUnreachable(_) => Exit::Unreachable,
        NoKeyring(_) | KeyringLocked(_) => Exit::Keyring,
        Keyring(_) | Config(_) => Exit::Failure,
    }
}

fn link_exit(e: &crate::link::LinkError) -> Exit {
    use crate::link::LinkError;
    match e {
        LinkError::NoTargets
        | LinkError::BadTargetId(_)
        | LinkError::BadMessageId(_)
        | LinkError::NotATarget { .. } => Exit::Usage,
        LinkError::TargetNotVisible { .. } => Exit::NotFound,
        LinkError::NotPermitted { .. } => Exit::Permission,
        LinkError::Crm(e) => crm_exit(e),
    }
}

fn card_exit(e: &crate::card::CardError) -> Exit {
    use crate::card::CardError;
    match e {
        CardError::BadId(_) => Exit::Usage,
        CardError::NotVisible(_) => Exit::NotFound,
        CardError::Crm(e) => crm_exit(e),
    }
}

fn batch_exit(e: &crate::batch::BatchError) -> Exit {
    use crate::batch::BatchError;
    match e {
        BatchError::BadSource { .. } => Exit::BadInput,
        BatchError::NoJournal { .. } => Exit::NotFound,
        BatchError::JournalBusy { .. } => Exit::Busy,
        BatchError::OtherCrm { .. } => Exit::JournalMismatch,
        BatchError::Journal { .. } | BatchError::FailedFile { .. } => Exit::Failure,
        BatchError::Stopped(e) => crm_exit(e),
        BatchError::Imap(e) => imap_exit(e),
    }
}

/// The exit code of a mail-server failure.
pub(crate) fn imap_exit(e: &crate::mail::imap::ImapError) -> Exit {
    use crate::mail::imap::ImapError::*;
    match e {
        BadUrl { .. } | CredentialsInUrl { .. } | Plaintext { .. } | CaCert { .. } => Exit::Usage,
        LoginRefused { .. } | TokenRefused { .. } | SignedOut { .. } => Exit::MailAuth,
        OAuth(e) => auth_exit(e),
        NoFolder { .. } => Exit::NotFound,
        Unreachable { .. } | Tls { .. } | Protocol { .. } | Timeout { .. } => Exit::MailUnreachable,
    }
}
