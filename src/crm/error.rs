//! Typed webservice failures: one variant per error code vtenext answers
//! with (see `../shared/vtenext-wire/README.md`), plus the ways a transport
//! can fail. The variant carries the server's message as given.

#[derive(Debug, thiserror::Error)]
pub enum CrmError {
    /// `AUTHENTICATION_REQUIRED`: no session, or the user is inactive.
    #[error("authentication required: {0}")]
    AuthRequired(String),
    /// `INVALID_SESSIONID`: logged out, garbage-collected or unknown session.
    #[error("the CRM session is no longer valid: {0}")]
    InvalidSession(String),
    /// `SESSION_EXPIRED` / `SESSION_LEFT_IDLE` / the plain-text
    /// `No valid user ID found.` answer.
    #[error("the CRM session expired: {0}")]
    SessionExpired(String),
    /// `INVALID_USER_CREDENTIALS`.
    #[error("wrong user name, password or access key: {0}")]
    InvalidCredentials(String),
    /// `INVALID_AUTH_TOKEN`: the challenge token is missing or expired.
    #[error("the login challenge was refused: {0}")]
    InvalidAuthToken(String),
    /// `INVALID_AUTH_TOKEN` to a `login` right after its own `getchallenge`:
    /// the CRM keeps no challenge for that name, which means no such user
    /// (wire fact 10).
    #[error(
        "the CRM has no user named '{user}' (it refused the login challenge for that name); check the user name (--user, VTELINK_USER)"
    )]
    UnknownUser { user: String },
    /// `LOGIN_LOCKED`.
    #[error("the CRM locked this user after too many failed logins: {0}")]
    LoginLocked(String),
    /// `IP_BANNED`.
    #[error("the CRM banned this IP address after too many failed logins: {0}")]
    IpBanned(String),
    /// `AUTHENTICATION_FAILURE`.
    #[error("authentication failed: {0}")]
    AuthFailure(String),
    /// `OTP_REQUIRED` (docs/protocol.md): a security code was sent.
    #[error("the CRM asks for a security code: {message}")]
    OtpRequired { message: String },
    /// `INVALID_OTP`.
    #[error("wrong security code: {0}")]
    OtpInvalid(String),
    /// `OTP_EXPIRED`.
    #[error("the security code expired: {0}")]
    OtpExpired(String),
    /// `SSO_TOKEN_REJECTED`.
    #[error("the CRM refused the identity provider's token: {0}")]
    SsoRejected(String),
    /// A stored login (access key or SSO sign-in) no longer works and only
    /// a new `vtelink login` helps: vtelink's own words, with the server's
    /// among their arguments (exit code as for a refused login).
    #[error("{}", .0.english())]
    LoginAgain(crate::l10n::Msg),
    /// `ACCESS_DENIED`. vtenext also answers this for records that do not
    /// exist, so it means "not found or not visible to you".
    #[error("permission denied (or the record does not exist): {0}")]
    AccessDenied(String),
    /// `MAILCONNECTOR_NOT_LICENSED` or an inactive licence in `mailconnector_info`.
    /// Empty: `mailconnector_info` says the licence is not active.
    #[error("the Mail Connector is not licensed on this CRM: {}", licence_detail(.0))]
    NotLicensed(String),
    /// `RECORD_NOT_FOUND` (older builds).
    #[error("record not found: {0}")]
    RecordNotFound(String),
    /// The CRM is older than the supported minimum, or does not say.
    #[error("{message}")]
    UnsupportedVersion {
        message: String,
        /// The version the CRM reports (`None`: it reports none).
        version: Option<String>,
    },
    /// `QUERY_SYNTAX_ERROR`.
    #[error("the CRM rejected a query: {0}")]
    QuerySyntax(String),
    /// `MANDATORY_FIELDS_MISSING`.
    #[error("a mandatory field is missing: {0}")]
    MandatoryFieldsMissing(String),
    /// `REFERENCE_INVALID`.
    #[error("invalid reference: {0}")]
    ReferenceInvalid(String),
    /// `INVALID_ID_ATTRIBUTE`.
    #[error("invalid record id: {0}")]
    InvalidId(String),
    /// `INTERNAL_SERVER_ERROR` inside a JSON envelope.
    #[error("the CRM reported an internal error: {message}")]
    Server { message: String },
    /// Any other error code.
    #[error("the CRM answered {code}: {message}")]
    Other { code: String, message: String },
    /// Connection refused, DNS, TLS, connection reset.
    #[error("cannot reach the CRM: {0}")]
    Transport(String),
    /// The CRM URL holds a user name or password (`https://user:pw@host`):
    /// refused, never stored or shown. `url` is the URL without them.
    #[error(
        "the CRM URL must not hold a user name or password (user:password@); nothing was sent or saved. Log in with `vtelink login --url {url} --user NAME` (the password is asked for, or read with --password-stdin), or set VTELINK_USER and VTELINK_ACCESS_KEY"
    )]
    CredentialsInUrl { url: String },
    /// One request ran past its time limit (`--call-timeout`).
    #[error(
        "the CRM did not answer in time: no answer to {operation} within {} (the per-call limit, --call-timeout)",
        crate::sanitize::human_duration(*limit)
    )]
    CallTimeout {
        operation: String,
        limit: std::time::Duration,
    },
    /// An `https://` URL whose port answers plain HTTP (rustls: "received
    /// corrupt message of type InvalidContentType").
    #[error(
        "cannot reach the CRM: {url} answers plain HTTP, not HTTPS, on that port: check the URL (http:// instead of https://, or the CRM's HTTPS port)"
    )]
    PlainHttp { url: String },
    /// The request timed out.
    #[error("the CRM did not answer in time: {0}")]
    Timeout(String),
    /// HTTP status other than 200 (vtenext answers 500 with an empty body
    /// for unknown operations and PHP fatals).
    #[error("the CRM answered HTTP {status} to {operation}")]
    Http { status: u16, operation: String },
    /// A 200 answer that is not the vtenext JSON envelope.
    #[error("{url} does not answer like a vtenext webservice ({detail})")]
    NotVtenext { url: String, detail: String },
    /// The envelope was fine but the result had an unexpected shape.
    #[error("unexpected answer from the CRM to {0}")]
    Decode(String),
}

impl CrmError {
    /// Map a vtenext error code to its variant.
    pub fn from_code(code: &str, message: String) -> Self {
        match code {
            "AUTHENTICATION_REQUIRED" => CrmError::AuthRequired(message),
            "INVALID_SESSIONID" => CrmError::InvalidSession(message),
            "SESSION_EXPIRED" | "SESSION_LEFT_IDLE" => CrmError::SessionExpired(message),
            "INVALID_USER_CREDENTIALS" => CrmError::InvalidCredentials(message),
            "INVALID_AUTH_TOKEN" => CrmError::InvalidAuthToken(message),
            "LOGIN_LOCKED" => CrmError::LoginLocked(message),
            "IP_BANNED" => CrmError::IpBanned(message),
            "AUTHENTICATION_FAILURE" => CrmError::AuthFailure(message),
            "OTP_REQUIRED" => CrmError::OtpRequired { message },
            "INVALID_OTP" => CrmError::OtpInvalid(message),
            "OTP_EXPIRED" => CrmError::OtpExpired(message),
            "SSO_TOKEN_REJECTED" => CrmError::SsoRejected(message),
            "ACCESS_DENIED" => CrmError::AccessDenied(message),
            "MAILCONNECTOR_NOT_LICENSED" => CrmError::NotLicensed(message),
            "RECORD_NOT_FOUND" => CrmError::RecordNotFound(message),
            "QUERY_SYNTAX_ERROR" => CrmError::QuerySyntax(message),
            "MANDATORY_FIELDS_MISSING" => CrmError::MandatoryFieldsMissing(message),
            "REFERENCE_INVALID" => CrmError::ReferenceInvalid(message),
            "INVALID_ID_ATTRIBUTE" => CrmError::InvalidId(message),
            "INTERNAL_SERVER_ERROR" => CrmError::Server { message },
            _ => CrmError::Other {
                code: code.to_owned(),
                message,
            },
        }
    }

    /// The session is gone and a fresh login may fix it: renew once.
    pub fn is_session_lost(&self) -> bool {
        matches!(
            self,
            CrmError::InvalidSession(_) | CrmError::SessionExpired(_)
        )
    }

    /// Worth retrying the same request (idempotent reads, or a write whose
    /// outcome is checked before it is repeated).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            CrmError::Transport(_)
                | CrmError::Timeout(_)
                | CrmError::CallTimeout { .. }
                | CrmError::Http {
                    status: 500..=599,
                    ..
                }
        )
    }
}

/// What follows "not licensed": the server's message, or the licence check's
/// own words when there is none.
fn licence_detail(message: &str) -> &str {
    if message.is_empty() {
        "the Mail Connector licence is not active on this CRM; ask your vtenext partner to activate it"
    } else {
        message
    }
}
