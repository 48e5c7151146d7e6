//! The HTTP layer: one `webservice.php` call at a time, sent the way the real
//! server reads it (GET-type parameters in the query string, POST-type in the
//! body — wire fact 5), answers decoded from vtenext's envelope into typed
//! results or [`CrmError`]s.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use md5::{Digest, Md5};
use serde_json::Value;

use super::CrmError;
use crate::redact::Secret;

/// One request gives up after this long unless told otherwise (`--call-timeout`).
pub const DEFAULT_CALL_TIMEOUT: Duration = Duration::from_secs(20);

/// An upload gets this many more bytes per second of time limit on top of
/// the call's own (2 Mbit/s: a 25 MB attachment gets 100 s more).
const UPLOAD_BYTES_PER_SECOND: u64 = 256 * 1024;

/// How to reach the CRM.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// The time limit of one request (`None`: none); an upload gets more
    /// time per byte. A request past it fails with [`CrmError::Timeout`]
    /// (retried when the call is idempotent).
    pub timeout: Option<Duration>,
    /// Extra PEM CA certificate (private CAs).
    pub ca_cert: Option<PathBuf>,
    /// Allow plain `http://` to a host that is not loopback.
    pub allow_http: bool,
    /// Retries of idempotent calls on transport errors and HTTP 5xx.
    pub retries: u32,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Some(DEFAULT_CALL_TIMEOUT),
            ca_cert: None,
            allow_http: false,
            retries: 3,
        }
    }
}

/// GET-type operations read their parameters from the query string only,
/// POST-type ones from the body only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Get,
    Post,
}

/// A file sent as the multipart part named `filename` (wire fact 33).
#[derive(Debug, Clone)]
pub(crate) struct FilePart {
    pub file_name: String,
    pub content_type: String,
    /// Shared, so a retried upload does not copy the file again.
    pub data: bytes::Bytes,
}

/// One webservice call, kept as data so it can be re-sent after a retry or
/// a session renewal.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub operation: &'static str,
    pub kind: Kind,
    pub params: Vec<(&'static str, String)>,
    pub file: Option<FilePart>,
    /// Safe to send again when the answer was lost.
    pub idempotent: bool,
}

impl Call {
    pub fn get(operation: &'static str) -> Call {
        Call {
            operation,
            kind: Kind::Get,
            params: Vec::new(),
            file: None,
            idempotent: true,
        }
    }

    pub fn post(operation: &'static str) -> Call {
        Call {
            operation,
            kind: Kind::Post,
            params: Vec::new(),
            file: None,
            idempotent: false,
        }
    }

    pub fn param(mut self, name: &'static str, value: impl Into<String>) -> Call {
        self.params.push((name, value.into()));
        self
    }
}

/// A CRM session (`login` / `login_sso` answer).
#[derive(Debug, Clone)]
pub struct Session {
    pub session_name: Secret,
    pub user_id: String,
    /// Webservice API version (`0.22` on vtenext).
    pub version: String,
    /// Legacy vtiger-compatible version (`5.2.1` on vtenext).
    pub vte_version: String,
}

/// The `getchallenge` answer.
#[derive(Debug, Clone)]
pub struct Challenge {
    pub token: Secret,
    pub server_time: i64,
    pub expire_time: i64,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: String,
    endpoint: String,
    retries: u32,
    timeout: Option<Duration>,
    requests: AtomicU64,
    pace: std::sync::OnceLock<Arc<dyn Pace>>,
}

/// Spaces requests out: one shared pace for every task using this client
/// (`vtelink replay --max-rps`), so a limit holds across all workers.
pub trait Pace: Send + Sync + std::fmt::Debug {
    /// Resolves when the next request may go.
    fn wait(&self) -> super::BoxFuture<'_, ()>;
}

/// A webservice client for one CRM. Cheap to clone; connections are reused.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl Client {
    /// `crm_url` may be the CRM root (`https://crm.example.com/crm`) or the
    /// endpoint itself (`.../webservice.php`).
    pub fn new(crm_url: &str, opts: &ClientOptions) -> Result<Client, CrmError> {
        let (base_url, endpoint) = normalise_url(crm_url, opts.allow_http)?;
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("vtelink/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(
                opts.timeout
                    .unwrap_or(Duration::MAX)
                    .min(Duration::from_secs(10)),
            )
            .pool_idle_timeout(Duration::from_secs(60))
            // Never follow a redirect to somewhere else with a session id in it.
            .redirect(reqwest::redirect::Policy::none());
        if let Some(path) = &opts.ca_cert {
            let pem = std::fs::read(path).map_err(|e| {
                CrmError::Transport(format!(
                    "cannot read CA certificate {}: {e}",
                    path.display()
                ))
            })?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                CrmError::Transport(format!(
                    "{} is not a PEM CA certificate: {e}",
                    path.display()
                ))
            })?;
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder
            .build()
            .map_err(|e| CrmError::Transport(format!("cannot set up HTTPS: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                endpoint,
                retries: opts.retries,
                timeout: opts.timeout,
                requests: AtomicU64::new(0),
                pace: std::sync::OnceLock::new(),
            }),
        })
    }

    /// The CRM URL without `/webservice.php`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Pace every later request (retries included) with `pace`. Only the
    /// first pace set counts: false when one was already set.
    pub fn set_pace(&self, pace: Arc<dyn Pace>) -> bool {
        self.inner.pace.set(pace).is_ok()
    }

    /// HTTP requests sent so far (benchmarks report round trips per email).
    pub fn request_count(&self) -> u64 {
        self.inner.requests.load(Ordering::Relaxed)
    }

    /// `mailconnector_info` (docs/protocol.md §2). `Ok(None)` when the CRM does
    /// not know the operation.
    ///
    /// A CRM without it answers HTTP 500 with an empty body, like every
    /// unknown operation (wire fact 2), and that answer is final: it is not
    /// retried. Since a failing server answers 500 too, one `getchallenge`
    /// (which every vtenext knows) tells a live old CRM from a dead one, and
    /// one more ask rules out a passing fault. With `allow_unsupported` the
    /// answer changes nothing but a warning, so the first 500 is taken as is.
    pub async fn info(&self, allow_unsupported: bool) -> Result<Option<super::CrmInfo>, CrmError> {
        let mut call = Call::get("mailconnector_info");
        call.idempotent = false; // one try: see above
        let parse = |result: Value| super::info::CrmInfo::from_result(&result).map(Some);
        match self.send(&call, None).await {
            Ok(result) => parse(result),
            Err(CrmError::Http { status: 500, .. }) if allow_unsupported => Ok(None),
            Err(CrmError::Http { status: 500, .. }) => {
                self.send(&Call::get("getchallenge").param("username", ""), None)
                    .await?;
                match self.send(&call, None).await {
                    Ok(result) => parse(result),
                    Err(CrmError::Http { status: 500, .. }) => Ok(None),
                    Err(e) => Err(e),
                }
            }
            Err(e) if e.is_transient() => {
                // Not an answer at all (refused, reset, timeout): the usual retries.
                call.idempotent = true;
                self.send(&call, None).await.and_then(parse)
            }
            Err(e) => Err(e),
        }
    }

    pub async fn getchallenge(&self, user: &str) -> Result<Challenge, CrmError> {
        let result = self
            .send(&Call::get("getchallenge").param("username", user), None)
            .await?;
        let token = result
            .get("token")
            .and_then(Value::as_str)
            .ok_or_else(|| CrmError::Decode("getchallenge".into()))?;
        Ok(Challenge {
            token: Secret::new(token),
            server_time: int_field(&result, "serverTime"),
            expire_time: int_field(&result, "expireTime"),
        })
    }

    /// `login_pwd`: the user's access key for a password (and security code).
    pub async fn login_pwd(
        &self,
        user: &str,
        password: &Secret,
        otp: Option<&str>,
    ) -> Result<Secret, CrmError> {
        let mut call = Call::post("login_pwd")
            .param("username", user)
            .param("password", password.expose());
        if let Some(code) = otp {
            call = call.param("otp", code.trim());
        }
        let result = self.send(&call, None).await?;
        result
            .as_array()
            .and_then(|list| list.first())
            .and_then(Value::as_str)
            .filter(|key| !key.is_empty())
            .map(Secret::new)
            .ok_or_else(|| CrmError::Decode("login_pwd".into()))
    }

    /// `getchallenge` + `login` with `md5(token + access key)`.
    pub async fn login(&self, user: &str, access_key: &Secret) -> Result<Session, CrmError> {
        let challenge = self.getchallenge(user).await?;
        let digest = Md5::digest(format!(
            "{}{}",
            challenge.token.expose(),
            access_key.expose()
        ));
        let mut call = Call::post("login")
            .param("username", user)
            .param("accessKey", hex(&digest));
        // A lost answer only leaves an unused session behind: safe to resend.
        call.idempotent = true;
        let result = self.send(&call, None).await.map_err(|e| match e {
            // The challenge was fetched a moment ago for this very name: the
            // CRM keeps none for it because it knows no such user.
            CrmError::InvalidAuthToken(_) => CrmError::UnknownUser {
                user: crate::sanitize::clean(user).into_owned(),
            },
            other => other,
        })?;
        session_from(&result, "login")
    }

    /// `login_sso` (docs/protocol.md §4): an identity provider's ID token for a session.
    pub async fn login_sso(&self, id_token: &Secret) -> Result<Session, CrmError> {
        let call = Call::post("login_sso").param("id_token", id_token.expose());
        let result = self.send(&call, None).await?;
        session_from(&result, "login_sso")
    }

    pub async fn logout(&self, session: &Session) -> Result<(), CrmError> {
        self.send(&Call::post("logout"), Some(&session.session_name))
            .await
            .map(|_| ())
    }

    /// Send one call, retrying idempotent ones on transient failures.
    pub(crate) async fn send(
        &self,
        call: &Call,
        session: Option<&Secret>,
    ) -> Result<Value, CrmError> {
        let mut attempt = 0;
        loop {
            match self.send_once(call, session).await {
                Err(e) if e.is_transient() && call.idempotent && attempt < self.inner.retries => {
                    attempt += 1;
                    let backoff = Duration::from_millis(200 * (1 << attempt.min(5)));
                    tracing::info!(operation = call.operation, attempt, "retrying after: {e}");
                    tokio::time::sleep(backoff).await;
                }
                other => return other,
            }
        }
    }

    async fn send_once(&self, call: &Call, session: Option<&Secret>) -> Result<Value, CrmError> {
        let inner = &self.inner;
        let mut fields: Vec<(&str, &str)> = vec![("operation", call.operation)];
        if let Some(session) = session {
            fields.push(("sessionName", session.expose()));
        }
        fields.extend(call.params.iter().map(|(k, v)| (*k, v.as_str())));
        let request = match (call.kind, &call.file) {
            (Kind::Get, _) => inner.http.get(&inner.endpoint).query(&fields),
            (Kind::Post, None) => inner.http.post(&inner.endpoint).form(&fields),
            (Kind::Post, Some(file)) => {
                let mut form = reqwest::multipart::Form::new();
                for (name, value) in &fields {
                    form = form.text(name.to_string(), value.to_string());
                }
                let part = |mime: &str| {
                    reqwest::multipart::Part::stream_with_length(
                        reqwest::Body::from(file.data.clone()),
                        file.data.len() as u64,
                    )
                    .file_name(file.file_name.clone())
                    .mime_str(mime)
                };
                let part = part(&file.content_type)
                    .or_else(|_| part("application/octet-stream"))
                    .map_err(|e| CrmError::Transport(e.to_string()))?;
                inner
                    .http
                    .post(&inner.endpoint)
                    .multipart(form.part("filename", part))
            }
        };
        let limit = inner.timeout.map(|limit| {
            let uploaded = call.file.as_ref().map_or(0, |f| f.data.len() as u64);
            limit + Duration::from_secs(uploaded / UPLOAD_BYTES_PER_SECOND)
        });
        let request = match limit {
            Some(limit) => request.timeout(limit),
            None => request,
        };
        if let Some(pace) = inner.pace.get() {
            pace.wait().await;
        }
        inner.requests.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        let failed = |e: reqwest::Error| match limit {
            Some(limit) if e.is_timeout() => CrmError::CallTimeout {
                operation: call.operation.to_owned(),
                limit,
            },
            _ => match transport_error(&e) {
                // rustls on a plain-http answer to its hello.
                CrmError::Transport(m)
                    if inner.base_url.starts_with("https:")
                        && (m.contains("InvalidContentType") || m.contains("corrupt message")) =>
                {
                    CrmError::PlainHttp {
                        url: inner.base_url.clone(),
                    }
                }
                other => other,
            },
        };
        let response = request.send().await.map_err(failed)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(failed)?;
        tracing::info!(
            operation = call.operation,
            status,
            ms = started.elapsed().as_millis() as u64,
            bytes = body.len(),
            "webservice call"
        );
        decode_envelope(&inner.base_url, call.operation, status, &body)
    }
}

/// Turn an HTTP answer into the envelope's result or a typed error.
pub(crate) fn decode_envelope(
    url: &str,
    operation: &str,
    status: u16,
    body: &[u8],
) -> Result<Value, CrmError> {
    if status != 200 {
        return Err(CrmError::Http {
            status,
            operation: operation.to_owned(),
        });
    }
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    // Wire facts 16 / captures 232, 234: an expired PHP session answers in plain text.
    if trimmed == "No valid user ID found." {
        return Err(CrmError::SessionExpired(trimmed.to_owned()));
    }
    let not_vtenext = |detail: &str| CrmError::NotVtenext {
        url: url.to_owned(),
        detail: detail.to_owned(),
    };
    if trimmed.is_empty() {
        return Err(not_vtenext("empty answer"));
    }
    let envelope: Value =
        serde_json::from_str(trimmed).map_err(|_| not_vtenext("the answer is not JSON"))?;
    match envelope.get("success").and_then(Value::as_bool) {
        Some(true) => Ok(envelope.get("result").cloned().unwrap_or(Value::Null)),
        Some(false) => {
            let error = envelope.get("error");
            let code = error
                .and_then(|e| e.get("code"))
                .and_then(Value::as_str)
                .unwrap_or("UNKNOWN");
            let message = error
                .and_then(|e| e.get("message"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            Err(CrmError::from_code(code, message))
        }
        None => Err(not_vtenext("the JSON has no \"success\" field")),
    }
}

fn session_from(result: &Value, operation: &str) -> Result<Session, CrmError> {
    let text = |key: &str| result.get(key).and_then(Value::as_str).map(str::to_owned);
    Ok(Session {
        session_name: Secret::new(
            text("sessionName").ok_or_else(|| CrmError::Decode(operation.to_owned()))?,
        ),
        user_id: text("userId").ok_or_else(|| CrmError::Decode(operation.to_owned()))?,
        version: text("version").unwrap_or_default(),
        vte_version: text("vteVersion").unwrap_or_default(),
    })
}

fn int_field(value: &Value, key: &str) -> i64 {
    match value.get(key) {
        Some(Value::Number(n)) => n.as_i64().unwrap_or_default(),
        Some(Value::String(s)) => s.parse().unwrap_or_default(),
        _ => 0,
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn transport_error(e: &reqwest::Error) -> CrmError {
    // reqwest's own Display names the URL, which can carry a session id in
    // its query string: describe the error from its source chain only.
    if e.is_timeout() {
        CrmError::Timeout(describe_reqwest(e))
    } else {
        CrmError::Transport(describe_reqwest(e))
    }
}

fn describe_reqwest(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    if parts.is_empty() {
        parts.push(if e.is_connect() {
            "connection failed".into()
        } else {
            "request failed".into()
        });
    }
    parts.dedup();
    parts.join(": ")
}

/// Split a user-given CRM URL into (base URL, endpoint URL) and apply the
/// plain-http policy.
pub(crate) fn normalise_url(raw: &str, allow_http: bool) -> Result<(String, String), CrmError> {
    let shown = crate::redact::url(raw.trim());
    let bad = |why: &str| CrmError::Transport(format!("'{shown}' is not a usable CRM URL: {why}"));
    if crate::redact::url_has_credentials(raw) {
        // Never used, stored or shown: a password in a URL ends up in
        // config files, logs and shell history.
        return Err(CrmError::CredentialsInUrl {
            url: crate::redact::strip_userinfo(raw.trim()),
        });
    }
    let mut url = url::Url::parse(raw.trim()).map_err(|e| bad(&e.to_string()))?;
    match url.scheme() {
        "https" => {}
        "http" => {
            let loopback = match url.host() {
                Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
                Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
                Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
                None => false,
            };
            if !loopback && !allow_http {
                return Err(bad(
                    "plain http:// would send your password unencrypted; use https:// or pass --allow-http",
                ));
            }
        }
        other => return Err(bad(&format!("unsupported scheme {other}://"))),
    }
    if url.host().is_none() {
        return Err(bad("no host"));
    }
    url.set_query(None);
    url.set_fragment(None);
    let mut path = url.path().trim_end_matches('/').to_owned();
    if let Some(stripped) = path.strip_suffix("/webservice.php") {
        path = stripped.to_owned();
    } else if path == "webservice.php" {
        path.clear();
    }
    url.set_path(&path);
    let base = url.as_str().trim_end_matches('/').to_owned();
    let endpoint = format!("{base}/webservice.php");
    Ok((base, endpoint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_forms() {
        let n = |u| normalise_url(u, false).unwrap();
        assert_eq!(
            n("https://crm.example.com/crm/"),
            (
                "https://crm.example.com/crm".into(),
                "https://crm.example.com/crm/webservice.php".into()
            )
        );
        assert_eq!(
            n("https://crm.example.com/crm/webservice.php").0,
            "https://crm.example.com/crm"
        );
        assert_eq!(
            n("https://crm.example.com").1,
            "https://crm.example.com/webservice.php"
        );
        assert_eq!(
            n("http://127.0.0.1:8080/webservice.php?x=1").0,
            "http://127.0.0.1:8080"
        );
        assert!(normalise_url("http://crm.example.com", false).is_err());
        assert!(normalise_url("http://crm.example.com", true).is_ok());
        assert!(normalise_url("ftp://crm.example.com", true).is_err());
        assert!(normalise_url("not a url", true).is_err());
        let refused = normalise_url("http://admin:SECRET@127.0.0.1:1/crm", false).unwrap_err();
        assert!(matches!(refused, CrmError::CredentialsInUrl { .. }));
        assert!(!refused.to_string().contains("SECRET"));
        assert!(refused.to_string().contains("http://127.0.0.1:1/crm"));
    }

    #[test]
    fn envelopes() {
        let ok = decode_envelope("u", "query", 200, br#"{"success":true,"result":[1]}"#).unwrap();
        assert_eq!(ok, serde_json::json!([1]));
        let err = decode_envelope(
            "u",
            "query",
            200,
            br#"{"success":false,"error":{"code":"INVALID_SESSIONID","message":"Session Identifier provided is Invalid"}}"#,
        )
        .unwrap_err();
        assert!(err.is_session_lost());
        assert!(
            decode_envelope("u", "q", 200, b"No valid user ID found.")
                .unwrap_err()
                .is_session_lost()
        );
        assert!(matches!(
            decode_envelope("u", "q", 500, b""),
            Err(CrmError::Http { status: 500, .. })
        ));
        assert!(matches!(
            decode_envelope("u", "q", 200, b"<html>"),
            Err(CrmError::NotVtenext { .. })
        ));
        assert!(matches!(
            decode_envelope("u", "q", 200, b""),
            Err(CrmError::NotVtenext { .. })
        ));
    }
}
