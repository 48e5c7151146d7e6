//! The one place where a typed error becomes a sentence: each variant maps
//! to a catalog key (`locales/*.ftl`, `err-…`) and its arguments. Exit
//! codes stay in `crate::error`.
//!
//! Text from outside (a server's message, an OS error) is passed as the
//! `detail` argument, as it came; the printer cleans it.

use crate::auth::AuthError;
use crate::batch::BatchError;
use crate::crm::CrmError;
use crate::error::Error;
use crate::l10n::Msg;
use crate::link::LinkError;
use crate::mail::MailError;
use crate::msg;

/// The sentence for an error (render it with `to_string()`, or
/// [`Msg::english`] for JSON).
pub fn message(error: &Error) -> Msg {
    match error {
        Error::Crm(e) => crm(e),
        Error::Mail(e) => mail(e),
        Error::Auth(e) => auth(e),
        Error::Link(e) => link(e),
        Error::Batch(e) => batch(e),
        Error::Card(e) => card(e),
        Error::Imap(e) => imap(e),
        Error::Said { msg, .. } => msg.clone(),
        Error::Usage(text) | Error::NotFound(text) | Error::BadInput(text) => verbatim(text),
        Error::Io { context, source } => msg!(
            "err-io",
            context = context.as_str(),
            detail = source.to_string()
        ),
        Error::Interrupted => msg!("err-interrupted"),
        Error::Partial { failed, total } => msg!("err-partial", failed = failed, total = total),
        Error::Reported { message, .. } => verbatim(message),
        Error::TimedOut { limit } => msg!(
            "err-timed-out",
            limit = crate::sanitize::human_duration(*limit)
        ),
    }
}

/// Text a caller already worded (older call sites, messages rendered by
/// the command itself).
fn verbatim(text: &str) -> Msg {
    msg!("err-text", text = text)
}

pub fn crm(e: &CrmError) -> Msg {
    use CrmError::*;
    let d = |detail: &String| crate::l10n::Arg::from(detail);
    let with = |id: &'static str, detail: &String| Msg::new(id, vec![("detail", d(detail))]);
    match e {
        AuthRequired(m) => with("err-crm-auth-required", m),
        InvalidSession(m) => with("err-crm-invalid-session", m),
        SessionExpired(m) => with("err-crm-session-expired", m),
        InvalidCredentials(m) => with("err-crm-invalid-credentials", m),
        InvalidAuthToken(m) => with("err-crm-invalid-auth-token", m),
        UnknownUser { user } => msg!("err-crm-unknown-user", user = user.as_str()),
        CredentialsInUrl { url } => msg!("err-crm-credentials-in-url", url = url.as_str()),
        LoginLocked(m) => with("err-crm-login-locked", m),
        IpBanned(m) => with("err-crm-ip-banned", m),
        AuthFailure(m) => with("err-crm-auth-failure", m),
        OtpRequired { message } => with("err-crm-otp-required", message),
        OtpInvalid(m) => with("err-crm-otp-invalid", m),
        OtpExpired(m) => with("err-crm-otp-expired", m),
        SsoRejected(m) => with("err-crm-sso-rejected", m),
        LoginAgain(why) => why.clone(),
        AccessDenied(m) => with("err-crm-access-denied", m),
        NotLicensed(m) if m.is_empty() => msg!("err-crm-licence-inactive"),
        NotLicensed(m) => with("err-crm-not-licensed", m),
        RecordNotFound(m) => with("err-crm-record-not-found", m),
        UnsupportedVersion { version: None, .. } => {
            msg!("err-crm-no-version", minimum = crate::crm::MIN_VERSION)
        }
        UnsupportedVersion {
            version: Some(v), ..
        } => msg!(
            "err-crm-old-version",
            version = v.as_str(),
            minimum = crate::crm::MIN_VERSION
        ),
        QuerySyntax(m) => with("err-crm-query-syntax", m),
        MandatoryFieldsMissing(m) => with("err-crm-mandatory-missing", m),
        ReferenceInvalid(m) => with("err-crm-reference-invalid", m),
        InvalidId(m) => with("err-crm-invalid-id", m),
        Server { message } => with("err-crm-server", message),
        Other { code, message } => msg!(
            "err-crm-other",
            code = code.as_str(),
            detail = message.as_str()
        ),
        Transport(m) => with("err-crm-transport", m),
        Timeout(m) => with("err-crm-timeout", m),
        CallTimeout { operation, limit } => msg!(
            "err-crm-call-timeout",
            operation = operation.as_str(),
            limit = crate::sanitize::human_duration(*limit)
        ),
        PlainHttp { url } => msg!("err-crm-plain-http", url = url.as_str()),
        Http { status, operation } => msg!(
            "err-crm-http",
            status = status.to_string(),
            operation = operation.as_str()
        ),
        NotVtenext { url, detail } => msg!(
            "err-crm-not-vtenext",
            url = url.as_str(),
            detail = detail.as_str()
        ),
        Decode(m) => msg!("err-crm-decode", operation = m.as_str()),
    }
}

fn mail(e: &MailError) -> Msg {
    match e {
        MailError::Read { path, source } => {
            msg!("err-mail-read", path = path, detail = source.to_string())
        }
        MailError::Invalid { path, reason } => {
            msg!("err-mail-invalid", path = path, detail = reason.clone())
        }
        MailError::Empty { path } => msg!("err-mail-empty", path = path),
        MailError::TooLarge { path, size, limit } => msg!(
            "err-mail-too-large",
            path = path,
            size = crate::l10n::size(*size),
            limit = crate::l10n::size(*limit)
        ),
    }
}

fn auth(e: &AuthError) -> Msg {
    use AuthError::*;
    match e {
        NotLoggedIn { profile } => msg!(
            "err-auth-not-logged-in",
            profile = profile.as_str(),
            command = crate::auth::login_command(profile, false)
        ),
        WrongCrm {
            profile,
            stored,
            requested,
        } => msg!(
            "err-auth-wrong-crm",
            profile = profile.as_str(),
            stored = stored.as_str(),
            requested = requested.as_str()
        ),
        InvalidProfile(name) => msg!("err-auth-invalid-profile", name = format!("{name:?}")),
        NoKeyring(d) => msg!("err-auth-no-keyring", detail = d.as_str()),
        KeyringLocked(d) => msg!("err-auth-keyring-locked", detail = d.as_str()),
        Keyring(d) => msg!("err-auth-keyring", detail = d.as_str()),
        Config(d) => msg!("err-auth-config", detail = d.clone()),
        MissingInput { what, hint } => msg!(
            "err-auth-missing-input",
            what = what.as_str(),
            hint = hint.as_str()
        ),
        OtpNeeded { message } => msg!("err-auth-otp-needed", detail = message.as_str()),
        SsoNotConfigured => msg!("err-auth-sso-not-configured"),
        Sso(d) => msg!("err-auth-sso", detail = d.clone()),
        SsoUnreachable(d) => msg!("err-auth-sso-unreachable", detail = d.as_str()),
        SsoDenied => msg!("err-auth-sso-denied"),
        SsoExpired => msg!("err-auth-sso-expired"),
        SsoGrantRevoked => msg!("err-auth-sso-grant-revoked"),
    }
}

pub fn link(e: &LinkError) -> Msg {
    match e {
        LinkError::NoTargets => msg!("err-link-no-targets"),
        LinkError::BadTargetId(id) => msg!("err-link-bad-target-id", id = id.as_str()),
        LinkError::TargetNotVisible { id } => msg!("err-link-not-visible", id = id.as_str()),
        LinkError::NotATarget { id, module } => {
            msg!("err-link-not-a-target", id = id.as_str(), module = *module)
        }
        LinkError::NotPermitted { module, what } => {
            msg!("err-link-not-permitted", module = *module, what = *what)
        }
        LinkError::BadMessageId(id) => msg!("err-link-bad-message-id", id = id.as_str()),
        LinkError::Crm(e) => crm(e),
    }
}

fn card(e: &crate::card::CardError) -> Msg {
    use crate::card::CardError;
    match e {
        CardError::BadId(id) => msg!("err-card-bad-id", id = id.as_str()),
        CardError::NotVisible(id) => msg!("err-card-not-visible", id = id.as_str()),
        CardError::Crm(e) => crm(e),
    }
}

fn batch(e: &BatchError) -> Msg {
    match e {
        BatchError::BadSource { path, reason } => {
            msg!(
                "err-batch-bad-source",
                path = path.as_str(),
                detail = reason.clone()
            )
        }
        BatchError::Journal { path, reason } => {
            msg!(
                "err-batch-journal",
                path = path.as_str(),
                detail = reason.as_str()
            )
        }
        BatchError::NoJournal { path } => msg!("err-batch-no-journal", path = path.as_str()),
        BatchError::JournalBusy { path } => msg!("err-batch-journal-busy", path = path.as_str()),
        BatchError::OtherCrm {
            path,
            journal_url,
            journal_user,
            url,
            user,
        } => msg!(
            "err-batch-other-crm",
            path = path.as_str(),
            journal_url = journal_url.as_str(),
            journal_user = journal_user.as_str(),
            url = url.as_str(),
            user = user.as_str()
        ),
        BatchError::FailedFile { path, source } => msg!(
            "err-batch-failed-file",
            path = path.as_str(),
            detail = source.to_string()
        ),
        BatchError::Stopped(e) => msg!("err-batch-stopped", reason = crm(e)),
        BatchError::Imap(e) => imap(e),
    }
}

pub fn imap(e: &crate::mail::imap::ImapError) -> Msg {
    use crate::mail::imap::ImapError::*;
    match e {
        BadUrl { url, reason } => msg!(
            "err-imap-bad-url",
            url = url.as_str(),
            detail = reason.clone()
        ),
        CredentialsInUrl { url } => msg!("err-imap-credentials-in-url", url = url.as_str()),
        Plaintext { server } => msg!("err-imap-plaintext", server = server.as_str()),
        CaCert { path, reason } => msg!(
            "err-imap-ca-cert",
            path = path.as_str(),
            detail = reason.clone()
        ),
        Unreachable { server, reason } => msg!(
            "err-imap-unreachable",
            server = server.as_str(),
            detail = reason.clone()
        ),
        Tls { server, reason } => msg!(
            "err-imap-tls",
            server = server.as_str(),
            detail = reason.clone()
        ),
        LoginRefused {
            server,
            user,
            reason,
        } => msg!(
            "err-imap-login-refused",
            server = server.as_str(),
            user = user.as_str(),
            detail = reason.clone()
        ),
        NoFolder {
            server,
            folder,
            reason,
        } => msg!(
            "err-imap-no-folder",
            server = server.as_str(),
            folder = folder.as_str(),
            detail = reason.clone()
        ),
        Protocol { server, reason } => msg!(
            "err-imap-protocol",
            server = server.as_str(),
            detail = reason.clone()
        ),
        TokenRefused {
            server,
            user,
            reason,
        } => msg!(
            "err-imap-token-refused",
            server = server.as_str(),
            user = user.as_str(),
            detail = reason.clone()
        ),
        SignedOut { user, hint } => msg!(
            "err-imap-signed-out",
            user = user.as_str(),
            hint = hint.clone()
        ),
        OAuth(e) => auth(e),
        Timeout { server, seconds } => msg!(
            "err-imap-timeout",
            server = server.as_str(),
            seconds = *seconds
        ),
    }
}
