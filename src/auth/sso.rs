//! SSO: the OAuth 2.0 device authorization grant (RFC 8628) against the
//! organisation's OpenID provider, and the refresh-token grant used to renew.
//! Terminal-free: the caller prints the user code and chooses when to poll.
//!
//! The CRM login wants the ID token ([`SsoProvider::poll`], [`SsoProvider::refresh`]);
//! a mailbox wants an access token for its scope ([`SsoProvider::with_scope`],
//! [`SsoProvider::poll_grant`], [`SsoProvider::refresh_grant`]; see `mail_oauth`).

use std::path::Path;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::AuthError;
use crate::msg;
use crate::redact::Secret;

pub const DEFAULT_CLIENT_ID: &str = "vtelink-cli";
const SCOPE: &str = "openid email profile offline_access";
const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// RFC 8628 §3.5: poll every 5 s when the provider does not say, +5 s on slow_down.
const DEFAULT_INTERVAL_UNITS: u64 = 5;
const SLOW_DOWN_UNITS: u64 = 5;
/// Hidden, test-only: the length in ms of one "second" of the RFC's polling
/// arithmetic, so tests need not wait 5 s per poll. Device code expiry stays real time.
pub const POLL_UNIT_ENV: &str = "VTELINK_SSO_POLL_UNIT_MS";

/// Connection settings shared with the CRM profile.
#[derive(Debug, Clone, Default)]
pub struct HttpSettings {
    pub ca_cert: Option<std::path::PathBuf>,
    pub allow_http: bool,
    pub timeout: Option<Duration>,
}

#[derive(Debug, Clone, Deserialize)]
struct Discovery {
    issuer: String,
    token_endpoint: String,
    device_authorization_endpoint: Option<String>,
}

/// The provider's answer to the device authorization request (RFC 8628 §3.2).
#[derive(Debug, Clone, Deserialize)]
pub struct DeviceAuthorization {
    pub device_code: Secret,
    pub user_code: String,
    #[serde(alias = "verification_url")]
    pub verification_uri: String,
    #[serde(default)]
    pub verification_uri_complete: Option<String>,
    pub expires_in: u64,
    #[serde(default)]
    pub interval: Option<u64>,
}

/// What a successful grant gives us.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub id_token: Secret,
    pub refresh_token: Option<Secret>,
}

/// Everything a token answer may hold (RFC 6749 §5.1), for callers that want
/// the access token rather than the ID token.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Grant {
    #[serde(default)]
    pub access_token: Option<Secret>,
    #[serde(default)]
    pub id_token: Option<Secret>,
    #[serde(default)]
    pub refresh_token: Option<Secret>,
    /// Seconds the access token lives, if the provider says.
    #[serde(default)]
    pub expires_in: Option<u64>,
    /// The scope granted, when it differs from the one asked.
    #[serde(default)]
    pub scope: Option<String>,
}

#[derive(Deserialize)]
struct ErrorAnswer {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// What happened on one poll, for progress output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollEvent {
    Pending,
    SlowDown { interval: Duration },
}

/// A discovered provider, ready for the device flow or a refresh.
#[derive(Debug, Clone)]
pub struct SsoProvider {
    http: reqwest::Client,
    discovery: Discovery,
    client_id: String,
    /// What the device flow and the refresh ask for (default: an ID token).
    scope: String,
    /// Some providers (Google) give even device-flow clients a secret.
    client_secret: Option<Secret>,
}

impl SsoProvider {
    /// Fetch `<issuer>/.well-known/openid-configuration`.
    pub async fn discover(
        issuer: &str,
        client_id: &str,
        settings: &HttpSettings,
    ) -> Result<SsoProvider, AuthError> {
        let issuer = issuer.trim_end_matches('/');
        check_scheme(issuer, settings.allow_http)?;
        let http = http_client(settings)?;
        let url = format!("{issuer}/.well-known/openid-configuration");
        let response = http
            .get(&url)
            .send()
            .await
            .map_err(|e| AuthError::SsoUnreachable(format!("{issuer}: {}", error_chain(&e))))?;
        if !response.status().is_success() {
            return Err(AuthError::Sso(msg!(
                "sso-not-openid",
                issuer = issuer,
                status = response.status().as_u16().to_string()
            )));
        }
        let discovery: Discovery = response
            .json()
            .await
            .map_err(|_| AuthError::Sso(msg!("sso-bad-discovery", issuer = issuer)))?;
        if discovery.issuer.trim_end_matches('/') != issuer {
            return Err(AuthError::Sso(msg!(
                "sso-issuer-mismatch",
                issuer = issuer,
                name = crate::sanitize::clean(&discovery.issuer)
            )));
        }
        for endpoint in [
            Some(&discovery.token_endpoint),
            discovery.device_authorization_endpoint.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            check_scheme(endpoint, settings.allow_http)?;
        }
        Ok(SsoProvider {
            http,
            discovery,
            client_id: client_id.to_owned(),
            scope: SCOPE.to_owned(),
            client_secret: None,
        })
    }

    /// Ask for `scope` instead of the CRM login's `openid email profile offline_access`.
    pub fn with_scope(mut self, scope: &str) -> Self {
        self.scope = scope.to_owned();
        self
    }

    /// Send a client secret with every token request (providers that give
    /// installed applications one, like Google).
    pub fn with_client_secret(mut self, secret: Option<Secret>) -> Self {
        self.client_secret = secret.filter(|s| !s.is_empty());
        self
    }

    pub fn issuer(&self) -> &str {
        &self.discovery.issuer
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The form fields that identify the client: its id, and its secret if any.
    fn client_fields(&self) -> Vec<(&'static str, &str)> {
        let mut fields = vec![("client_id", self.client_id.as_str())];
        if let Some(secret) = &self.client_secret {
            fields.push(("client_secret", secret.expose()));
        }
        fields
    }

    /// Step 1: ask for a device code and user code.
    pub async fn start(&self) -> Result<DeviceAuthorization, AuthError> {
        let endpoint = self
            .discovery
            .device_authorization_endpoint
            .as_deref()
            .ok_or_else(|| {
                AuthError::Sso(msg!(
                    "sso-no-device-flow",
                    issuer = self.discovery.issuer.as_str()
                ))
            })?;
        let mut form = self.client_fields();
        form.push(("scope", self.scope.as_str()));
        let (status, body) = self.post_form(endpoint, &form).await?;
        if !status.is_success() {
            return Err(provider_error(
                "device authorization",
                &body,
                &self.client_id,
            ));
        }
        serde_json::from_slice(&body)
            .map_err(|_| AuthError::Sso(msg!("sso-device-answer-malformed")))
    }

    /// Step 2: poll the token endpoint until the user approves, denies or the
    /// code expires. Stops at the first success: providers treat a second
    /// poll after success as replay and revoke the grant.
    pub async fn poll(
        &self,
        authorization: &DeviceAuthorization,
        on_event: impl FnMut(&PollEvent),
    ) -> Result<Tokens, AuthError> {
        let body = self.poll_answer(authorization, on_event).await?;
        tokens_from(&body)
    }

    /// [`poll`](Self::poll) for an access token: the whole grant.
    pub async fn poll_grant(
        &self,
        authorization: &DeviceAuthorization,
        on_event: impl FnMut(&PollEvent),
    ) -> Result<Grant, AuthError> {
        let body = self.poll_answer(authorization, on_event).await?;
        grant_from(&body)
    }

    /// The poll loop; the body of the first successful answer.
    async fn poll_answer(
        &self,
        authorization: &DeviceAuthorization,
        mut on_event: impl FnMut(&PollEvent),
    ) -> Result<Vec<u8>, AuthError> {
        let unit = poll_unit();
        let mut interval = unit
            * authorization
                .interval
                .unwrap_or(DEFAULT_INTERVAL_UNITS)
                .max(1) as u32;
        let deadline = Instant::now() + Duration::from_secs(authorization.expires_in.max(1));
        loop {
            tokio::time::sleep(interval).await;
            if Instant::now() >= deadline {
                return Err(AuthError::SsoExpired);
            }
            let mut form = self.client_fields();
            form.push(("grant_type", DEVICE_GRANT));
            form.push(("device_code", authorization.device_code.expose()));
            let response = self.send_form(&self.discovery.token_endpoint, &form).await;
            let response = match response {
                Ok(r) => r,
                // A blip while the user is still approving: try again next round.
                Err(e) if e.is_timeout() || e.is_connect() => {
                    tracing::info!(
                        "token endpoint unreachable, polling on: {}",
                        error_chain(&e)
                    );
                    continue;
                }
                Err(e) => return Err(provider_unreachable(e)),
            };
            let (status, body) = read_answer(response).await?;
            if status.is_success() {
                return Ok(body);
            }
            let answer: Option<ErrorAnswer> = serde_json::from_slice(&body).ok();
            match answer.as_ref().map(|a| a.error.as_str()) {
                Some("authorization_pending") => on_event(&PollEvent::Pending),
                Some("slow_down") => {
                    interval += unit * SLOW_DOWN_UNITS as u32;
                    on_event(&PollEvent::SlowDown { interval });
                }
                Some("access_denied") => return Err(AuthError::SsoDenied),
                Some("expired_token") => return Err(AuthError::SsoExpired),
                _ => return Err(provider_error("token", &body, &self.client_id)),
            }
        }
    }

    /// Renewal: trade the refresh token for a fresh ID token.
    pub async fn refresh(&self, refresh_token: &Secret) -> Result<Tokens, AuthError> {
        let body = self.refresh_answer(refresh_token).await?;
        tokens_from(&body)
    }

    /// [`refresh`](Self::refresh) for an access token: the whole grant.
    pub async fn refresh_grant(&self, refresh_token: &Secret) -> Result<Grant, AuthError> {
        let body = self.refresh_answer(refresh_token).await?;
        grant_from(&body)
    }

    async fn refresh_answer(&self, refresh_token: &Secret) -> Result<Vec<u8>, AuthError> {
        let mut form = self.client_fields();
        form.push(("grant_type", "refresh_token"));
        form.push(("refresh_token", refresh_token.expose()));
        form.push(("scope", self.scope.as_str()));
        let (status, body) = self
            .post_form(&self.discovery.token_endpoint, &form)
            .await?;
        if !status.is_success() {
            return Err(match serde_json::from_slice::<ErrorAnswer>(&body) {
                // The grant is gone (revoked, expired, password changed): only a new sign-in helps.
                Ok(answer) if answer.error == "invalid_grant" => AuthError::SsoGrantRevoked,
                _ => provider_error("refresh", &body, &self.client_id),
            });
        }
        Ok(body)
    }

    /// POST `form` to one of the provider's endpoints. A failed send is
    /// returned as is: the poll loop rides out some kinds of it.
    async fn send_form(
        &self,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Result<reqwest::Response> {
        self.http.post(endpoint).form(form).send().await
    }

    /// POST `form` and read the answer (status and body); failing to send or
    /// to read means the provider is unreachable.
    async fn post_form(
        &self,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Result<(reqwest::StatusCode, Vec<u8>), AuthError> {
        let response = self
            .send_form(endpoint, form)
            .await
            .map_err(provider_unreachable)?;
        read_answer(response).await
    }
}

/// The provider's answer: status and body.
async fn read_answer(
    response: reqwest::Response,
) -> Result<(reqwest::StatusCode, Vec<u8>), AuthError> {
    let status = response.status();
    let body = response.bytes().await.map_err(provider_unreachable)?;
    Ok((status, Vec::from(body)))
}

fn provider_unreachable(error: reqwest::Error) -> AuthError {
    AuthError::SsoUnreachable(error_chain(&error))
}

fn tokens_from(body: &[u8]) -> Result<Tokens, AuthError> {
    let answer: Grant = serde_json::from_slice(body)
        .map_err(|_| AuthError::Sso(msg!("sso-token-answer-malformed")))?;
    let id_token = answer
        .id_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| AuthError::Sso(msg!("sso-no-id-token")))?;
    Ok(Tokens {
        id_token,
        refresh_token: answer.refresh_token.filter(|t| !t.is_empty()),
    })
}

fn grant_from(body: &[u8]) -> Result<Grant, AuthError> {
    let mut grant: Grant = serde_json::from_slice(body)
        .map_err(|_| AuthError::Sso(msg!("sso-token-answer-malformed")))?;
    grant.access_token = grant.access_token.filter(|t| !t.is_empty());
    grant.refresh_token = grant.refresh_token.filter(|t| !t.is_empty());
    if grant.access_token.is_none() {
        return Err(AuthError::Sso(msg!("sso-no-access-token")));
    }
    Ok(grant)
}

fn provider_error(step: &str, body: &[u8], client_id: &str) -> AuthError {
    match serde_json::from_slice::<ErrorAnswer>(body) {
        Ok(answer) if answer.error == "invalid_client" || answer.error == "unauthorized_client" => {
            AuthError::Sso(msg!(
                "sso-unknown-client",
                client = crate::sanitize::clean(client_id)
            ))
        }
        Ok(answer) => AuthError::Sso(msg!(
            "sso-refused",
            step = step,
            error = crate::sanitize::clean(&answer.error),
            description = answer
                .error_description
                .map(|d| format!(" ({})", crate::sanitize::clean(&d)))
                .unwrap_or_default()
        )),
        Err(_) => AuthError::Sso(msg!("sso-error-answer", step = step)),
    }
}

fn poll_unit() -> Duration {
    std::env::var(POLL_UNIT_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_millis)
        .unwrap_or(Duration::from_secs(1))
}

/// Plain http only to loopback unless explicitly allowed, like the CRM URL.
fn check_scheme(url: &str, allow_http: bool) -> Result<(), AuthError> {
    let parsed = url::Url::parse(url)
        .map_err(|_| AuthError::Sso(msg!("sso-bad-url", url = crate::sanitize::clean(url))))?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if allow_http || is_loopback(&parsed) => Ok(()),
        "http" => Err(AuthError::Sso(msg!(
            "sso-plain-http",
            host = parsed.host_str().unwrap_or("?")
        ))),
        other => Err(AuthError::Sso(msg!("sso-bad-scheme", scheme = other))),
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn http_client(settings: &HttpSettings) -> Result<reqwest::Client, AuthError> {
    let mut builder = reqwest::Client::builder()
        .timeout(settings.timeout.unwrap_or(Duration::from_secs(30)))
        .user_agent(concat!("vtelink/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = &settings.ca_cert {
        builder = builder.add_root_certificate(load_ca(path)?);
    }
    builder
        .build()
        .map_err(|e| AuthError::Sso(msg!("sso-https-setup", detail = e.to_string())))
}

fn load_ca(path: &Path) -> Result<reqwest::Certificate, AuthError> {
    let pem = std::fs::read(path).map_err(|e| {
        AuthError::Config(msg!(
            "config-ca-unreadable",
            path = path,
            detail = e.to_string()
        ))
    })?;
    reqwest::Certificate::from_pem(&pem)
        .map_err(|_| AuthError::Config(msg!("config-ca-not-pem", path = path)))
}

/// reqwest hides the useful part (refused, DNS, certificate) in the source chain.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    crate::sanitize::one_line(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_only_for_loopback() {
        assert!(check_scheme("http://127.0.0.1:8080", false).is_ok());
        assert!(check_scheme("http://localhost/x", false).is_ok());
        assert!(check_scheme("http://[::1]:9/", false).is_ok());
        assert!(check_scheme("http://idp.example.com", false).is_err());
        assert!(check_scheme("http://idp.example.com", true).is_ok());
        assert!(check_scheme("https://idp.example.com", false).is_ok());
        assert!(check_scheme("ftp://idp.example.com", true).is_err());
    }

    #[test]
    fn token_answer_needs_an_id_token() {
        assert!(tokens_from(br#"{"access_token":"a"}"#).is_err());
        let tokens = tokens_from(br#"{"id_token":"x.y.z","refresh_token":"r"}"#).unwrap();
        assert_eq!(tokens.id_token.expose(), "x.y.z");
        assert_eq!(tokens.refresh_token.unwrap().expose(), "r");
    }

    #[test]
    fn grant_needs_an_access_token() {
        assert!(grant_from(br#"{"id_token":"x.y.z"}"#).is_err());
        let grant =
            grant_from(br#"{"access_token":"a","expires_in":60,"refresh_token":""}"#).unwrap();
        assert_eq!(grant.access_token.unwrap().expose(), "a");
        assert_eq!(grant.expires_in, Some(60));
        assert!(grant.refresh_token.is_none());
    }

    #[test]
    fn device_answer_without_interval() {
        let auth: DeviceAuthorization = serde_json::from_str(
            r#"{"device_code":"d","user_code":"AB-CD","verification_uri":"http://i/device","expires_in":600}"#,
        )
        .unwrap();
        assert_eq!(auth.interval, None);
        assert!(!format!("{auth:?}").contains("\"d\""));
    }
}
