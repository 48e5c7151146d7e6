//! From a profile (or the `VTELINK_*` environment) to a live connection whose
//! session renews itself once, persisting what changed.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use chrono::Utc;

use super::AuthError;
use super::config::{AuthMethod, Config, Profile, validate_profile_name};
use super::sso::{self, SsoProvider};
use super::store::{SecretStore, StoredSecrets};
use crate::crm::{AccessKeyRenew, Client, ClientOptions, Connection, CrmError, Renew, Session};
use crate::redact::Secret;

/// What a command asks `connect` for.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    pub profile: String,
    /// `--url`: must match the profile's CRM, or with env credentials names the CRM.
    pub url: Option<String>,
    /// Credentials from `VTELINK_URL` / `VTELINK_USER` / `VTELINK_ACCESS_KEY`;
    /// `ConnectOptions::new` reads them from the environment.
    pub env: Option<EnvCredentials>,
    pub allow_unsupported_version: bool,
    /// The time limit of one CRM request: `None` for the default
    /// ([`crate::crm::DEFAULT_CALL_TIMEOUT`]), zero for none.
    pub call_timeout: Option<std::time::Duration>,
}

/// CI and pipelines: everything from the environment, nothing stored.
#[derive(Debug, Clone)]
pub struct EnvCredentials {
    pub url: Option<String>,
    pub user: Option<String>,
    pub access_key: Secret,
}

impl EnvCredentials {
    /// The CRM URL (`--url` first) and user name that environment
    /// credentials act as, or which variable is missing.
    pub(crate) fn url_and_user(
        &self,
        opts: &ConnectOptions,
    ) -> Result<(String, String), AuthError> {
        let missing = |what: &str, var: &str| AuthError::MissingInput {
            what: what.to_owned(),
            hint: format!("VTELINK_ACCESS_KEY is set, so set {var} too"),
        };
        let url = opts
            .url
            .clone()
            .or_else(|| self.url.clone())
            .ok_or_else(|| missing("the CRM URL", "VTELINK_URL (or pass --url)"))?;
        let user = self
            .user
            .clone()
            .ok_or_else(|| missing("the CRM user name", "VTELINK_USER"))?;
        Ok((url, user))
    }

    /// `Some` when `VTELINK_ACCESS_KEY` is set (and not empty).
    pub fn from_env() -> Option<EnvCredentials> {
        let non_empty = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let access_key = non_empty("VTELINK_ACCESS_KEY")?;
        Some(EnvCredentials {
            url: non_empty("VTELINK_URL"),
            user: non_empty("VTELINK_USER"),
            access_key: Secret::new(access_key),
        })
    }
}

impl ConnectOptions {
    pub fn new(profile: &str, url: Option<&str>) -> Self {
        ConnectOptions {
            profile: profile.to_owned(),
            url: url.map(str::to_owned),
            env: EnvCredentials::from_env(),
            // Env credentials skip `login`, so the override is an env var too.
            allow_unsupported_version: std::env::var("VTELINK_ALLOW_UNSUPPORTED_VERSION")
                .is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true")),
            call_timeout: None,
        }
    }
}

/// The command that fixes a missing or dead login for this profile.
pub fn login_command(profile: &str, sso: bool) -> String {
    let mut command = String::from("vtelink login");
    if sso {
        command.push_str(" --sso");
    }
    if profile != "default" {
        command.push_str(" --profile ");
        command.push_str(profile);
    }
    command
}

/// A webservice client for a profile's CRM settings. `call_timeout`: the
/// time limit of one request (`None`: the default, zero: none).
pub fn open_client(
    url: &str,
    profile: Option<&Profile>,
    call_timeout: Option<std::time::Duration>,
) -> Result<Client, CrmError> {
    let opts = ClientOptions {
        ca_cert: profile.and_then(|p| p.ca_cert.clone()),
        allow_http: profile.is_some_and(|p| p.allow_http),
        timeout: request_limit(call_timeout),
        ..ClientOptions::default()
    };
    Client::new(url, &opts)
}

/// `None` → the default limit, zero → no limit.
pub fn request_limit(call_timeout: Option<std::time::Duration>) -> Option<std::time::Duration> {
    match call_timeout {
        None => Some(crate::crm::DEFAULT_CALL_TIMEOUT),
        Some(limit) if limit.is_zero() => None,
        Some(limit) => Some(limit),
    }
}

/// A live connection for the commands that talk to the CRM.
///
/// Order: env credentials (`VTELINK_ACCESS_KEY`) win; else the profile and its
/// stored secrets: the stored session is resumed without a request, and the
/// first request that finds it expired logs in again once from the stored
/// access key (or SSO refresh token) and saves the new session.
pub async fn connect(opts: &ConnectOptions) -> crate::Result<Connection> {
    // `--url https://user:password@host`: refused before anything is sent.
    if let Some(url) = &opts.url
        && crate::redact::url_has_credentials(url)
    {
        return Err(CrmError::CredentialsInUrl {
            url: crate::redact::strip_userinfo(url.trim()),
        }
        .into());
    }
    if let Some(env) = &opts.env {
        return connect_env(opts, env).await;
    }
    validate_profile_name(&opts.profile)?;
    let config = Config::load()?;
    let not_logged_in = || AuthError::NotLoggedIn {
        profile: opts.profile.clone(),
    };
    let profile = config
        .profile(&opts.profile)
        .ok_or_else(not_logged_in)?
        .clone();
    if let Some(requested) = &opts.url
        && !same_crm(requested, &profile.url)
    {
        return Err(AuthError::WrongCrm {
            profile: opts.profile.clone(),
            stored: crate::redact::url(&profile.url).into_owned(),
            requested: requested.clone(),
        }
        .into());
    }
    let store = SecretStore::for_profile(&opts.profile, profile.insecure_storage)?;
    let secrets = store.load().await?.ok_or_else(not_logged_in)?;
    let client = open_client(&profile.url, Some(&profile), opts.call_timeout)?;
    let shared = Arc::new(Mutex::new(secrets.clone()));
    let renew = StoredRenew {
        profile_name: opts.profile.clone(),
        profile: profile.clone(),
        store: store.clone(),
        secrets: shared.clone(),
        call_timeout: request_limit(opts.call_timeout),
    };
    let session = match (&secrets.session_name, &secrets.user_id) {
        (Some(session_name), Some(user_id)) => Session {
            session_name: session_name.clone(),
            user_id: user_id.clone(),
            version: String::new(),
            vte_version: String::new(),
        },
        // No session kept (or it was dropped): open one now.
        _ => {
            let session = renew.renew(&client).await?;
            persist_session(&store, &shared, &session);
            session
        }
    };
    let mut connection = Connection::new(client, session, Box::new(renew));
    connection.on_renew(Box::new(move |session: &Session| {
        persist_session(&store, &shared, session);
    }));
    Ok(connection)
}

async fn connect_env(opts: &ConnectOptions, env: &EnvCredentials) -> crate::Result<Connection> {
    let (url, user) = env.url_and_user(opts)?;
    let client = open_client(&url, None, opts.call_timeout)?;
    let renew = AccessKeyRenew {
        user,
        access_key: env.access_key.clone(),
    };
    // The version check and the login (getchallenge, then login) share
    // their first round trip: 2 in all before the work starts.
    let (info, session) = tokio::join!(
        client.info(opts.allow_unsupported_version),
        renew.renew(&client)
    );
    let supported = info.map_err(crate::Error::from).and_then(|info| {
        let warnings = crate::crm::check_supported(info.as_ref(), opts.allow_unsupported_version)?;
        Ok((warnings, info))
    });
    let (warnings, info) = match supported {
        Ok(checked) => checked,
        Err(refused) => {
            // Do not leave the session we just opened on a CRM we refuse.
            if let Ok(session) = &session {
                let _ = client.logout(session).await;
            }
            return Err(refused);
        }
    };
    for warning in warnings {
        tracing::warn!("{}", warning.english());
    }
    let session = session.map_err(explain_env_failure)?;
    let mut connection = Connection::new(client, session, Box::new(renew));
    connection.set_crm_info(info);
    Ok(connection)
}

fn explain_env_failure(error: CrmError) -> CrmError {
    match error {
        CrmError::InvalidCredentials(m) => {
            CrmError::LoginAgain(crate::msg!("err-crm-env-key-refused", detail = m))
        }
        other => other,
    }
}

/// Loose comparison: with or without `/webservice.php` and trailing slash.
fn same_crm(a: &str, b: &str) -> bool {
    fn norm(url: &str) -> String {
        let url = url.trim().trim_end_matches('/');
        let url = url.strip_suffix("/webservice.php").unwrap_or(url);
        url.trim_end_matches('/').to_ascii_lowercase()
    }
    norm(a) == norm(b)
}

/// Save a new session next to the stored credentials. Runs from the
/// connection's sync hook, so the blocking keyring call gets its own thread
/// (no async runtime to block, whatever flavour the caller runs).
fn persist_session(store: &SecretStore, shared: &Arc<Mutex<StoredSecrets>>, session: &Session) {
    let snapshot = {
        let Ok(mut secrets) = shared.lock() else {
            return;
        };
        secrets.session_name = Some(session.session_name.clone());
        secrets.user_id = Some(session.user_id.clone());
        secrets.session_time = Some(Utc::now());
        secrets.clone()
    };
    let store = store.clone();
    let saved = std::thread::spawn(move || store.save_blocking(&snapshot)).join();
    match saved {
        Ok(Ok(())) => tracing::info!("saved the renewed session"),
        Ok(Err(e)) => tracing::warn!("could not save the renewed session: {e}"),
        Err(_) => tracing::warn!("could not save the renewed session"),
    }
}

/// Renewal from what the profile stored: the access key, or the SSO refresh token.
struct StoredRenew {
    profile_name: String,
    profile: Profile,
    store: SecretStore,
    secrets: Arc<Mutex<StoredSecrets>>,
    /// For the identity provider's requests too.
    call_timeout: Option<std::time::Duration>,
}

impl StoredRenew {
    fn snapshot(&self) -> Option<StoredSecrets> {
        self.secrets.lock().ok().map(|s| s.clone())
    }

    async fn renew_with_key(&self, client: &Client) -> Result<Session, CrmError> {
        let secrets = self.snapshot().unwrap_or_default();
        let command = login_command(&self.profile_name, false);
        let Some(access_key) = secrets.access_key else {
            return Err(CrmError::LoginAgain(crate::msg!(
                "err-relogin-no-key",
                command = command.as_str()
            )));
        };
        let renew = AccessKeyRenew {
            user: secrets.user.clone(),
            access_key,
        };
        renew.renew(client).await.map_err(|e| match e {
            // Revoked key or deactivated user: only a new login helps.
            CrmError::InvalidCredentials(m) => CrmError::LoginAgain(crate::msg!(
                "err-relogin-key-refused",
                detail = m,
                command = command.as_str()
            )),
            CrmError::AuthRequired(m) => CrmError::LoginAgain(crate::msg!(
                "err-relogin-login-refused",
                detail = m,
                command = command.as_str()
            )),
            other => other,
        })
    }

    async fn renew_with_sso(&self, client: &Client) -> Result<Session, CrmError> {
        let secrets = self.snapshot().unwrap_or_default();
        let command = login_command(&self.profile_name, true);
        let relogin_with = |id: &'static str, detail: String| {
            CrmError::LoginAgain(crate::l10n::Msg::new(
                id,
                vec![
                    ("detail", crate::l10n::Arg::from(&detail)),
                    ("command", crate::l10n::Arg::from(&command)),
                ],
            ))
        };
        let Some(refresh_token) = secrets.refresh_token.clone() else {
            return Err(relogin_with("err-relogin-no-refresh-token", String::new()));
        };
        let Some(issuer) = self.profile.sso_issuer.as_deref() else {
            return Err(relogin_with("err-relogin-no-idp", String::new()));
        };
        let client_id = self
            .profile
            .sso_client_id
            .as_deref()
            .unwrap_or(sso::DEFAULT_CLIENT_ID);
        let settings = sso::HttpSettings {
            ca_cert: self.profile.ca_cert.clone(),
            allow_http: self.profile.allow_http,
            timeout: self.call_timeout,
        };
        let provider = SsoProvider::discover(issuer, client_id, &settings)
            .await
            .map_err(|e| match e {
                AuthError::SsoUnreachable(m) => {
                    CrmError::Transport(format!("identity provider: {m}"))
                }
                other => relogin_with("err-relogin-idp-failed", other.to_string()),
            })?;
        let tokens = provider
            .refresh(&refresh_token)
            .await
            .map_err(|e| match e {
                AuthError::SsoUnreachable(m) => {
                    CrmError::Transport(format!("identity provider: {m}"))
                }
                other => relogin_with("err-relogin-idp-refused", other.to_string()),
            })?;
        // Providers rotate refresh tokens: keep the new one before anything else can fail.
        if let Some(new_refresh) = tokens.refresh_token.clone() {
            let snapshot = {
                let Ok(mut stored) = self.secrets.lock() else {
                    return Err(relogin_with(
                        "err-relogin-internal",
                        "internal lock poisoned".into(),
                    ));
                };
                stored.refresh_token = Some(new_refresh);
                stored.clone()
            };
            if let Err(e) = self.store.save(&snapshot).await {
                tracing::warn!("could not save the new refresh token: {e}");
            }
        }
        client
            .login_sso(&tokens.id_token)
            .await
            .map_err(|e| match e {
                CrmError::SsoRejected(m) => relogin_with("err-relogin-sso-refused", m),
                other => other,
            })
    }
}

impl Renew for StoredRenew {
    fn renew<'a>(
        &'a self,
        client: &'a Client,
    ) -> Pin<Box<dyn Future<Output = Result<Session, CrmError>> + Send + 'a>> {
        Box::pin(async move {
            match self.profile.auth {
                AuthMethod::Password => self.renew_with_key(client).await,
                AuthMethod::Sso => self.renew_with_sso(client).await,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_command_names_the_profile() {
        assert_eq!(login_command("default", false), "vtelink login");
        assert_eq!(
            login_command("work", true),
            "vtelink login --sso --profile work"
        );
    }

    #[test]
    fn same_crm_ignores_endpoint_and_slash() {
        assert!(same_crm(
            "https://crm.example.com/",
            "https://crm.example.com/webservice.php"
        ));
        assert!(!same_crm(
            "https://crm.example.com",
            "https://other.example.com"
        ));
    }
}
