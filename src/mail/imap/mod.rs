//! Reading mail from an IMAP server, read-only: connect (rustls, STARTTLS),
//! log in, `EXAMINE` a folder, list its UIDs, stream messages with
//! `UID FETCH set BODY.PEEK[]` (nothing is marked read, no flag changes).
//!
//! Built on `async-imap` (tokio). Each `UID FETCH` covers up to
//! [`FETCH_BATCH`] messages, so a folder costs a few round trips per hundred
//! messages, not one per message; messages are handed over one at a time as
//! they arrive, so memory holds one message plus what the caller queues.
//!
//! Domain code: no terminal, typed errors ([`ImapError`]); the password or
//! token comes from the caller ([`Login`]).

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt as _;
use tokio::net::TcpStream;
use tokio_rustls::rustls;

use crate::l10n::Msg;
use crate::redact::Secret;

mod oauth;
mod stream;
pub mod url;

pub use oauth::OAuthLogin;
pub use stream::Stream;
pub use url::{MailboxUrl, Security, encode_folder};

/// What a server, the network or a library said: not ours to translate.
fn said(text: &impl std::fmt::Display) -> Msg {
    Msg::verbatim(&text.to_string())
}

/// UIDs per `UID FETCH` command.
pub const FETCH_BATCH: usize = 100;

/// Why a mailbox could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("'{url}' is not a usable mailbox URL: {}", .reason.english())]
    BadUrl { url: String, reason: Msg },
    /// `user:password@` in the URL: never used, stored or shown.
    #[error(
        "the mailbox URL {url} holds a password; leave it out (it is asked for, read from VTELINK_IMAP_PASSWORD or the keyring)"
    )]
    CredentialsInUrl { url: String },
    /// `imap://` to a server that is not this machine and offers no STARTTLS.
    #[error(
        "the mail server {server} offers no STARTTLS: plain imap:// would send the password unencrypted; use imaps://, or pass --allow-plaintext"
    )]
    Plaintext { server: String },
    #[error("cannot read the CA certificate {path}: {}", .reason.english())]
    CaCert { path: String, reason: Msg },
    #[error("cannot reach the mail server {server}: {}", .reason.english())]
    Unreachable { server: String, reason: Msg },
    #[error("TLS with the mail server {server} failed: {}", .reason.english())]
    Tls { server: String, reason: Msg },
    #[error("the mail server {server} refused the login of {user}: {}", .reason.english())]
    LoginRefused {
        server: String,
        user: String,
        reason: Msg,
    },
    #[error("no folder {folder} on {server}: {}", .reason.english())]
    NoFolder {
        server: String,
        folder: String,
        reason: Msg,
    },
    /// The server refused the OAuth token, even a freshly renewed one.
    #[error("the mail server {server} refused the OAuth token for {user}: {}", .reason.english())]
    TokenRefused {
        server: String,
        user: String,
        reason: Msg,
    },
    /// The mailbox's OAuth sign-in has ended (refresh token revoked or
    /// expired): only signing in again helps.
    #[error(
        "the sign-in for the mailbox {user} has ended at the identity provider (revoked, expired or the password changed); sign in again: {}",
        .hint.english()
    )]
    SignedOut { user: String, hint: Msg },
    /// Getting or renewing the mailbox's access token failed.
    #[error(transparent)]
    OAuth(crate::auth::AuthError),
    #[error("the mail server {server} failed: {}", .reason.english())]
    Protocol { server: String, reason: Msg },
    #[error("the mail server {server} did not answer within {seconds} s")]
    Timeout { server: String, seconds: u64 },
}

impl ImapError {
    /// Worth trying again later (the server or network was away).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ImapError::Unreachable { .. } | ImapError::Timeout { .. } | ImapError::Protocol { .. }
        )
    }
}

/// How to log in. `Password` uses `AUTHENTICATE PLAIN` where offered, else
/// `LOGIN`; `OAuth` an access token with `OAUTHBEARER` or `XOAUTH2` (`oauth`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    Password(Secret),
    OAuth(OAuthLogin),
}

/// How to connect, besides the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// PEM CA certificates trusted besides the system's.
    pub ca_cert: Option<std::path::PathBuf>,
    /// Plain text to a host that is not loopback.
    pub allow_plaintext: bool,
    /// Longest wait for one answer.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ca_cert: None,
            allow_plaintext: false,
            timeout: Duration::from_secs(120),
        }
    }
}

/// What `EXAMINE` says about a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderState {
    pub uidvalidity: u32,
    pub exists: u32,
}

/// One message as fetched.
#[derive(Debug)]
pub struct Message {
    pub uid: u32,
    pub data: Vec<u8>,
}

/// A logged-in session.
pub struct Session {
    inner: async_imap::Session<Stream>,
    server: String,
    timeout: Duration,
    /// Commands sent (each one round trip; a `UID FETCH` of many messages is one).
    round_trips: u64,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("server", &self.server)
            .field("round_trips", &self.round_trips)
            .finish()
    }
}

async fn timed<T, E>(
    server: &str,
    limit: Duration,
    what: impl std::future::Future<Output = Result<T, E>>,
) -> Result<T, ImapError>
where
    E: std::fmt::Display,
{
    match tokio::time::timeout(limit, what).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(ImapError::Protocol {
            server: server.to_owned(),
            reason: said(&e),
        }),
        Err(_) => Err(ImapError::Timeout {
            server: server.to_owned(),
            seconds: limit.as_secs(),
        }),
    }
}

fn tls_config(opts: &Options) -> Result<Arc<rustls::ClientConfig>, ImapError> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject as _;
    let mut extra: Vec<CertificateDer<'static>> = Vec::new();
    if let Some(path) = &opts.ca_cert {
        let shown = path.display().to_string();
        let pem = std::fs::read(path).map_err(|e| ImapError::CaCert {
            path: shown.clone(),
            reason: said(&e),
        })?;
        for cert in CertificateDer::pem_slice_iter(&pem) {
            extra.push(cert.map_err(|e| ImapError::CaCert {
                path: shown.clone(),
                reason: crate::msg!("imap-not-pem", detail = e.to_string()),
            })?);
        }
        if extra.is_empty() {
            return Err(ImapError::CaCert {
                path: shown,
                reason: crate::msg!("imap-no-pem"),
            });
        }
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let tls = |e: rustls::Error| ImapError::Tls {
        server: String::new(),
        reason: said(&e),
    };
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone())
            .map_err(tls)?;
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(Arc::new(config))
}

async fn start_tls(tcp: TcpStream, url: &MailboxUrl, opts: &Options) -> Result<Stream, ImapError> {
    let server = url.server();
    let mut config = tls_config(opts).map_err(|e| match e {
        ImapError::Tls { reason, .. } => ImapError::Tls {
            server: server.clone(),
            reason,
        },
        other => other,
    })?;
    Arc::make_mut(&mut config).alpn_protocols = vec![b"imap".to_vec()];
    let name =
        rustls::pki_types::ServerName::try_from(url.host.clone()).map_err(|e| ImapError::Tls {
            server: server.clone(),
            reason: said(&e),
        })?;
    let connector = tokio_rustls::TlsConnector::from(config);
    let tls = tokio::time::timeout(opts.timeout, connector.connect(name, tcp))
        .await
        .map_err(|_| ImapError::Timeout {
            server: server.clone(),
            seconds: opts.timeout.as_secs(),
        })?
        .map_err(|e| ImapError::Tls {
            server: server.clone(),
            reason: said(&e),
        })?;
    Ok(Stream::Tls(Box::new(tls)))
}

/// What the server says it can do (`CAPABILITY`), upper-case:
/// `IMAP4REV1`, `STARTTLS`, `AUTH=PLAIN`, ...
async fn capabilities(
    client: &mut async_imap::Client<Stream>,
    server: &str,
    limit: Duration,
) -> Result<Vec<String>, ImapError> {
    use async_imap::imap_proto::{Capability, Response};
    let (tx, rx) = async_channel::bounded(16);
    timed(
        server,
        limit,
        client.run_command_and_check_ok("CAPABILITY", Some(tx)),
    )
    .await?;
    let mut out = Vec::new();
    while let Ok(response) = rx.try_recv() {
        if let async_imap::types::UnsolicitedResponse::Other(data) = response
            && let Response::Capabilities(caps) = data.parsed()
        {
            for cap in caps {
                out.push(match cap {
                    Capability::Imap4rev1 => "IMAP4REV1".to_owned(),
                    Capability::Auth(m) => format!("AUTH={}", m.to_ascii_uppercase()),
                    Capability::Atom(a) => a.to_ascii_uppercase(),
                });
            }
        }
    }
    Ok(out)
}

/// Open a session on `url`'s server (no folder chosen yet).
pub async fn connect(
    url: &MailboxUrl,
    login: &Login,
    opts: &Options,
) -> Result<Session, ImapError> {
    let server = url.server();
    let connect_limit = opts.timeout.min(Duration::from_secs(30));
    let tcp = tokio::time::timeout(
        connect_limit,
        TcpStream::connect((url.host.as_str(), url.port)),
    )
    .await
    .map_err(|_| ImapError::Timeout {
        server: server.clone(),
        seconds: connect_limit.as_secs(),
    })?
    .map_err(|e| ImapError::Unreachable {
        server: server.clone(),
        reason: said(&e),
    })?;
    let _ = tcp.set_nodelay(true);
    let mut round_trips = 0u64;
    let mut client = match url.security {
        Security::Tls => {
            let mut client = async_imap::Client::new(start_tls(tcp, url, opts).await?);
            greeting(&mut client, &server, opts.timeout).await?;
            client
        }
        Security::StartTls => {
            let mut client = async_imap::Client::new(Stream::Plain(tcp));
            greeting(&mut client, &server, opts.timeout).await?;
            let caps = capabilities(&mut client, &server, opts.timeout).await?;
            round_trips += 1;
            if caps.iter().any(|c| c == "STARTTLS") {
                timed(
                    &server,
                    opts.timeout,
                    client.run_command_and_check_ok("STARTTLS", None),
                )
                .await?;
                round_trips += 1;
                match client.into_inner() {
                    Stream::Plain(tcp) => async_imap::Client::new(start_tls(tcp, url, opts).await?),
                    tls => async_imap::Client::new(tls),
                }
            } else if url.is_loopback() || opts.allow_plaintext {
                tracing::warn!(
                    "imap {server}: no STARTTLS offered; plain text (loopback or --allow-plaintext)"
                );
                client
            } else {
                return Err(ImapError::Plaintext { server });
            }
        }
    };
    let caps = capabilities(&mut client, &server, opts.timeout).await?;
    round_trips += 1;
    let refused = |e: async_imap::error::Error| match e {
        async_imap::error::Error::No(text) | async_imap::error::Error::Bad(text) => {
            ImapError::LoginRefused {
                server: server.clone(),
                user: url.user.clone(),
                reason: Msg::verbatim(&server_text(&text)),
            }
        }
        other => ImapError::Protocol {
            server: server.clone(),
            reason: said(&other),
        },
    };
    let too_slow = || ImapError::Timeout {
        server: server.clone(),
        seconds: opts.timeout.as_secs(),
    };
    let session = match login {
        Login::Password(password) => {
            let result = if caps.iter().any(|c| c == "AUTH=PLAIN") {
                let plain = Plain {
                    user: url.user.clone(),
                    password: password.clone(),
                };
                tokio::time::timeout(opts.timeout, client.authenticate("PLAIN", plain))
                    .await
                    .map_err(|_| too_slow())?
            } else if caps.iter().any(|c| c == "LOGINDISABLED") {
                return Err(ImapError::LoginRefused {
                    server: server.clone(),
                    user: url.user.clone(),
                    reason: crate::msg!("imap-login-disabled"),
                });
            } else {
                tokio::time::timeout(opts.timeout, client.login(&url.user, password.expose()))
                    .await
                    .map_err(|_| too_slow())?
            };
            result.map_err(|(e, _)| refused(e))?
        }
        Login::OAuth(login) => {
            oauth::authenticate(client, &caps, login, &url.user, &server, opts.timeout).await?
        }
    };
    round_trips += 1;
    tracing::debug!(
        "imap {server}: logged in as {}",
        crate::sanitize::clean(&url.user)
    );
    Ok(Session {
        inner: session,
        server,
        timeout: opts.timeout,
        round_trips,
    })
}

async fn greeting(
    client: &mut async_imap::Client<Stream>,
    server: &str,
    limit: Duration,
) -> Result<(), ImapError> {
    match timed(server, limit, client.read_response()).await? {
        Some(_) => Ok(()),
        None => Err(ImapError::Protocol {
            server: server.to_owned(),
            reason: crate::msg!("imap-no-greeting"),
        }),
    }
}

/// SASL PLAIN: authorization id empty, then user and password.
struct Plain {
    user: String,
    password: Secret,
}

impl async_imap::Authenticator for Plain {
    type Response = Vec<u8>;
    fn process(&mut self, _challenge: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        out.push(0);
        out.extend_from_slice(self.user.as_bytes());
        out.push(0);
        out.extend_from_slice(self.password.expose().as_bytes());
        out
    }
}

/// `1:3,7,9:12`: a UID set for sorted, distinct UIDs.
pub fn uid_set(uids: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end.saturating_add(1) {
            i += 1;
            end = uids[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

impl Session {
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Commands sent so far (each one round trip).
    pub fn round_trips(&self) -> u64 {
        self.round_trips
    }

    /// Choose `folder` read-only (`EXAMINE`: flags stay as they are).
    pub async fn examine(&mut self, folder: &str) -> Result<FolderState, ImapError> {
        let wire = encode_folder(folder);
        self.round_trips += 1;
        let result = tokio::time::timeout(self.timeout, self.inner.examine(&wire))
            .await
            .map_err(|_| self.timeout_error())?;
        let mailbox = match result {
            Ok(mailbox) => mailbox,
            Err(async_imap::error::Error::No(reason)) => {
                return Err(ImapError::NoFolder {
                    server: self.server.clone(),
                    folder: folder.to_owned(),
                    reason: Msg::verbatim(&server_text(&reason)),
                });
            }
            Err(e) => return Err(self.protocol(e)),
        };
        let uidvalidity = mailbox.uid_validity.ok_or_else(|| ImapError::Protocol {
            server: self.server.clone(),
            reason: crate::msg!("imap-no-uidvalidity", folder = folder),
        })?;
        Ok(FolderState {
            uidvalidity,
            exists: mailbox.exists,
        })
    }

    /// The UIDs of the chosen folder, ascending; with `since`, only
    /// messages that arrived on or after that day (`SEARCH SINCE`, the
    /// server's arrival date).
    pub async fn uids(&mut self, since: Option<chrono::NaiveDate>) -> Result<Vec<u32>, ImapError> {
        let query = match since {
            Some(day) => format!("SINCE {}", day.format("%-d-%b-%Y")),
            None => "ALL".to_owned(),
        };
        self.round_trips += 1;
        let found = tokio::time::timeout(self.timeout, self.inner.uid_search(&query))
            .await
            .map_err(|_| self.timeout_error())?
            .map_err(|e| self.protocol(e))?;
        let mut uids: Vec<u32> = found.into_iter().collect();
        uids.sort_unstable();
        Ok(uids)
    }

    /// Fetch `uids` (sorted) in `UID FETCH` batches, sending every message
    /// into `out` as it arrives (a bounded channel: the server waits while
    /// the receiver is busy). Stops when the receiver is gone.
    pub async fn fetch(
        &mut self,
        uids: &[u32],
        out: &tokio::sync::mpsc::Sender<Message>,
    ) -> Result<(), ImapError> {
        let limit = self.timeout;
        let server = self.server.clone();
        let too_slow = || ImapError::Timeout {
            server: server.clone(),
            seconds: limit.as_secs(),
        };
        for batch in uids.chunks(FETCH_BATCH) {
            self.round_trips += 1;
            let set = uid_set(batch);
            let answer =
                tokio::time::timeout(limit, self.inner.uid_fetch(&set, "(UID BODY.PEEK[])"))
                    .await
                    .map_err(|_| too_slow())?;
            let mut stream = match answer {
                Ok(stream) => stream,
                Err(e) => return Err(protocol(&server, e)),
            };
            let mut stopped = false;
            loop {
                let next = tokio::time::timeout(limit, stream.next())
                    .await
                    .map_err(|_| too_slow())?;
                let Some(fetch) = next else { break };
                let fetch = fetch.map_err(|e| protocol(&server, e))?;
                // Other FETCH responses (a flag change by another client) carry no body.
                let (Some(uid), Some(body)) = (fetch.uid, fetch.body()) else {
                    continue;
                };
                if stopped {
                    continue;
                }
                let message = Message {
                    uid,
                    data: body.to_vec(),
                };
                drop(fetch);
                if out.send(message).await.is_err() {
                    // Read the rest of this answer off the wire, then stop.
                    stopped = true;
                }
            }
            if stopped {
                break;
            }
        }
        Ok(())
    }

    /// Wait until the chosen folder changes (RFC 2177 IDLE: new mail,
    /// expunges, flag changes) or `limit` passes without any, then end the
    /// IDLE. Keep `limit` under the server's own timeout (30 minutes by the
    /// RFC; ~25 is usual) and call again. The session comes back for the
    /// next wait; an error means it is gone (connect again).
    pub async fn idle(self, limit: Duration) -> Result<(Session, bool), ImapError> {
        let Session {
            inner,
            server,
            timeout,
            round_trips,
        } = self;
        let lost = |e: async_imap::error::Error| match e {
            async_imap::error::Error::Io(io) => ImapError::Unreachable {
                server: server.clone(),
                reason: said(&io),
            },
            other => ImapError::Protocol {
                server: server.clone(),
                reason: said(&other),
            },
        };
        let too_slow = || ImapError::Timeout {
            server: server.clone(),
            seconds: timeout.as_secs(),
        };
        let mut handle = inner.idle();
        tokio::time::timeout(timeout, handle.init())
            .await
            .map_err(|_| too_slow())?
            .map_err(lost)?;
        let changed = {
            let (wait, interrupt) = handle.wait_with_timeout(limit);
            let answer = wait.await;
            drop(interrupt);
            match answer.map_err(lost)? {
                async_imap::extensions::idle::IdleResponse::NewData(_) => true,
                async_imap::extensions::idle::IdleResponse::Timeout
                | async_imap::extensions::idle::IdleResponse::ManualInterrupt => false,
            }
        };
        let inner = tokio::time::timeout(timeout, handle.done())
            .await
            .map_err(|_| too_slow())?
            .map_err(lost)?;
        Ok((
            Session {
                inner,
                server,
                timeout,
                round_trips: round_trips + 1,
            },
            changed,
        ))
    }

    /// Say goodbye (best effort).
    pub async fn logout(mut self) {
        self.round_trips += 1;
        let _ = tokio::time::timeout(Duration::from_secs(5), self.inner.logout()).await;
        tracing::info!("imap {}: {} round trips", self.server, self.round_trips);
    }

    fn timeout_error(&self) -> ImapError {
        ImapError::Timeout {
            server: self.server.clone(),
            seconds: self.timeout.as_secs(),
        }
    }

    fn protocol(&self, e: async_imap::error::Error) -> ImapError {
        protocol(&self.server, e)
    }
}

/// What the server said in a NO/BAD answer: async-imap hands it over as
/// `code: .., info: Some("[AUTHENTICATIONFAILED] Authentication failed.")`
/// (or `information: Some(..)`); the quoted text is what people need.
fn server_text(raw: &str) -> String {
    raw.split_once(": Some(\"")
        .and_then(|(_, rest)| rest.rsplit_once("\")"))
        .map(|(text, _)| text.replace("\\\"", "\""))
        .unwrap_or_else(|| raw.to_owned())
}

/// Log in and choose each folder, read-only, then log out: a source is
/// usable (the password, the certificate, the folders) before any work.
pub async fn check(
    url: &MailboxUrl,
    folders: &[String],
    login: &Login,
    opts: &Options,
) -> Result<(), ImapError> {
    let mut session = connect(url, login, opts).await?;
    for folder in folders {
        session.examine(folder).await?;
    }
    session.logout().await;
    Ok(())
}

/// A failure after login: the connection lost, or an answer not understood.
fn protocol(server: &str, e: async_imap::error::Error) -> ImapError {
    match e {
        async_imap::error::Error::Io(io) => ImapError::Unreachable {
            server: server.to_owned(),
            reason: said(&io),
        },
        async_imap::error::Error::ConnectionLost => ImapError::Unreachable {
            server: server.to_owned(),
            reason: crate::msg!("imap-connection-lost"),
        },
        other => ImapError::Protocol {
            server: server.to_owned(),
            reason: said(&other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_is_the_quoted_part() {
        assert_eq!(
            server_text(
                r#"code: None, info: Some("[AUTHENTICATIONFAILED] Authentication failed.")"#
            ),
            "[AUTHENTICATIONFAILED] Authentication failed."
        );
        assert_eq!(
            server_text(
                r#"outcome: Outcome { code: None, information: Some("Mailbox doesn't exist: X") }"#
            ),
            "Mailbox doesn't exist: X"
        );
        assert_eq!(server_text("plain"), "plain");
    }

    #[test]
    fn uid_sets_are_ranges() {
        assert_eq!(uid_set(&[1, 2, 3, 7, 9, 10, 11, 12]), "1:3,7,9:12");
        assert_eq!(uid_set(&[5]), "5");
        assert_eq!(uid_set(&[]), "");
    }
}
