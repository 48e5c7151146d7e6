//! `vtelink login`: password (+ second factor) or SSO device flow; the
//! session and credentials go to the OS keyring. (Filled in by the login issue.)

use std::path::PathBuf;

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// CRM user name
    #[arg(long, env = "VTELINK_USER")]
    pub user: Option<String>,
    /// Read the password from the first line of standard input (second line: security code)
    #[arg(long)]
    pub password_stdin: bool,
    /// Second-factor security code, when the CRM asks for one
    #[arg(long, value_name = "CODE")]
    pub otp: Option<String>,
    /// Log in through the organisation's identity provider (OAuth 2.0 device flow)
    #[arg(long)]
    pub sso: bool,
    /// OpenID issuer URL for --sso (default: the one the CRM advertises)
    #[arg(long, value_name = "URL", requires = "sso")]
    pub sso_issuer: Option<String>,
    /// OAuth client id for --sso (default: the one the CRM advertises, else vtelink-cli)
    #[arg(long, value_name = "ID", requires = "sso")]
    pub sso_client_id: Option<String>,
    /// Open the verification page in a browser during --sso
    #[arg(long, requires = "sso")]
    pub open_browser: bool,
    /// Trust this PEM CA certificate (private CAs); remembered in the profile
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Allow plain http:// to a host that is not loopback; remembered in the profile
    #[arg(long)]
    pub allow_http: bool,
    /// Use a CRM older than the supported minimum (24.08.2) anyway
    #[arg(long)]
    pub allow_unsupported_version: bool,
    /// Store secrets in a plaintext file (mode 0600) instead of the OS keyring
    #[arg(long)]
    pub insecure_storage: bool,
}

pub async fn run(_args: Args, _ctx: &Ctx) -> crate::Result<()> {
    Err(crate::Error::Unsupported(
        "`vtelink login` is not available in this build yet".into(),
    ))
}
