//! Profiles, secrets and login flows, like the Mail Connector keeps them.
//!
//! - `config`: the non-secret profile settings (TOML).
//! - `store`: the secrets (OS keyring, or an opt-in 0600 file).
//! - `sso`: the OAuth 2.0 device flow and refresh grant.
//! - `mail_oauth`: access tokens for a mailbox (IMAP XOAUTH2/OAUTHBEARER).
//! - `connect`: turn a profile (or `VTELINK_*` env vars) into a live
//!   [`crate::crm::Connection`] that renews its session once when it expires.
//!
//! Terminal interaction (prompts, printing the user code) lives in `cli`.

pub mod config;
pub mod connect;
pub mod failures;
pub mod identity;
pub mod mail_oauth;
pub mod mailbox;
pub mod sso;
pub mod store;

pub use config::{AuthMethod, Config, Profile};
pub use connect::{
    ConnectOptions, EnvCredentials, connect, login_command, open_client, request_limit,
};
pub use identity::{CrmIdentity, identity};
pub use store::{SecretStore, StoredSecrets};

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("not logged in to profile '{profile}': run `{command}`", command = login_command(profile, false))]
    NotLoggedIn { profile: String },
    #[error(
        "profile '{profile}' is logged in to {stored}, not {requested}: run `vtelink login --url {requested} --profile NEW_NAME` for a second CRM"
    )]
    WrongCrm {
        profile: String,
        stored: String,
        requested: String,
    },
    #[error("invalid profile name {0:?}: use letters, digits, '-', '_' or '.'")]
    InvalidProfile(String),
    #[error(
        "no usable OS keyring (Secret Service) ({0}); start and unlock one (gnome-keyring, KWallet), or run `vtelink login --insecure-storage` to keep secrets in a 0600 file, or set VTELINK_URL, VTELINK_USER and VTELINK_ACCESS_KEY"
    )]
    NoKeyring(String),
    #[error("the OS keyring is locked or refused access ({0}); unlock it and try again")]
    KeyringLocked(String),
    #[error("keyring: {0}")]
    Keyring(String),
    /// A sentence for people; this error's `Display` (logs, JSON) is English.
    #[error("config: {}", .0.english())]
    Config(crate::l10n::Msg),
    /// Something only the user can give, and we may not ask.
    #[error("{what} is needed but vtelink may not prompt here; {hint}")]
    MissingInput { what: String, hint: String },
    #[error(
        "{message} Pass the code with --otp CODE within its validity, or, with --password-stdin, on the line after the password once it has arrived"
    )]
    OtpNeeded { message: String },
    #[error("the CRM advertises no identity provider for SSO; pass --sso-issuer URL")]
    SsoNotConfigured,
    /// A sentence for people; this error's `Display` (logs, JSON) is English.
    #[error("SSO: {}", .0.english())]
    Sso(crate::l10n::Msg),
    #[error("cannot reach the identity provider: {0}")]
    SsoUnreachable(String),
    #[error("the sign-in was denied at the identity provider")]
    SsoDenied,
    #[error("the sign-in code expired before it was approved; run `vtelink login --sso` again")]
    SsoExpired,
    /// The provider no longer honours the refresh token (`invalid_grant`):
    /// revoked, expired, or the password changed. Only a new sign-in helps.
    #[error("the identity provider no longer accepts the stored sign-in (invalid_grant)")]
    SsoGrantRevoked,
}
