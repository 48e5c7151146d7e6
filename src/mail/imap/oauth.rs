//! Logging in with an OAuth 2.0 access token (SASL XOAUTH2 or OAUTHBEARER,
//! whichever the server offers; OAUTHBEARER first). The token comes from a
//! [`TokenKeeper`], which renews it when it is stale; when the server refuses
//! a token anyway, it is renewed once and tried again on the same connection.

use std::sync::Arc;
use std::time::Duration;

use super::{ImapError, Stream};
use crate::auth::AuthError;
use crate::auth::mail_oauth::{BearerSasl, Mechanism, TokenKeeper};
use crate::l10n::Msg;
use crate::redact::Secret;

/// A mailbox's tokens, shared by every connection of a run (and a watch's
/// reconnects), so a renewal made by one is used by the next.
#[derive(Debug, Clone)]
pub struct OAuthLogin {
    keeper: Arc<tokio::sync::Mutex<TokenKeeper>>,
    /// What to run to sign in again, for the error when the sign-in has ended.
    sign_in_hint: Msg,
}

impl PartialEq for OAuthLogin {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.keeper, &other.keeper)
    }
}

impl Eq for OAuthLogin {}

impl OAuthLogin {
    pub fn new(keeper: TokenKeeper, sign_in_hint: Msg) -> OAuthLogin {
        OAuthLogin {
            keeper: Arc::new(tokio::sync::Mutex::new(keeper)),
            sign_in_hint,
        }
    }

    /// The keeper, to save its tokens after a renewal.
    pub fn keeper(&self) -> Arc<tokio::sync::Mutex<TokenKeeper>> {
        self.keeper.clone()
    }
}

/// `AUTHENTICATE` with the token; one renewal and retry when it is refused.
pub(super) async fn authenticate(
    mut client: async_imap::Client<Stream>,
    capabilities: &[String],
    login: &OAuthLogin,
    user: &str,
    server: &str,
    timeout: Duration,
) -> Result<async_imap::Session<Stream>, ImapError> {
    let mechanism =
        Mechanism::offered(|c| capabilities.iter().any(|have| have == c)).ok_or_else(|| {
            ImapError::TokenRefused {
                server: server.to_owned(),
                user: user.to_owned(),
                reason: crate::msg!("imap-no-oauth-mechanism"),
            }
        })?;
    let mut keeper = login.keeper.lock().await;
    let before = keeper.renewals();
    let token = keeper
        .access_token()
        .await
        .map_err(|e| token_error(e, user, &login.sign_in_hint))?;
    let mut refusal = match attempt(client, mechanism, user, &token, server, timeout).await? {
        Ok(session) => return Ok(session),
        Err(refused) => refused,
    };
    if keeper.renewals() == before {
        tracing::info!(
            "imap {server}: the token was refused ({}); renewing it once",
            refusal.reason
        );
        let token = keeper
            .renew()
            .await
            .map_err(|e| token_error(e, user, &login.sign_in_hint))?;
        client = refusal.client;
        refusal = match attempt(client, mechanism, user, &token, server, timeout).await? {
            Ok(session) => return Ok(session),
            Err(refused) => refused,
        };
    }
    Err(ImapError::TokenRefused {
        server: server.to_owned(),
        user: user.to_owned(),
        reason: Msg::verbatim(&refusal.reason),
    })
}

/// A refused `AUTHENTICATE`: why, and the connection to try again on.
struct Refusal {
    reason: String,
    client: async_imap::Client<Stream>,
}

/// One `AUTHENTICATE`: `Ok(Ok(session))`, `Ok(Err(refusal))` when the server
/// said NO, `Err` when the exchange itself failed.
async fn attempt(
    client: async_imap::Client<Stream>,
    mechanism: Mechanism,
    user: &str,
    token: &Secret,
    server: &str,
    timeout: Duration,
) -> Result<Result<async_imap::Session<Stream>, Refusal>, ImapError> {
    let mut sasl = BearerSasl::new(mechanism, user, token);
    let result = tokio::time::timeout(
        timeout,
        client.authenticate(mechanism.name(), Sasl(&mut sasl)),
    )
    .await
    .map_err(|_| ImapError::Timeout {
        server: server.to_owned(),
        seconds: timeout.as_secs(),
    })?;
    match result {
        Ok(session) => {
            tracing::debug!("imap {server}: logged in with {}", mechanism.name());
            Ok(Ok(session))
        }
        Err((async_imap::error::Error::No(text) | async_imap::error::Error::Bad(text), client)) => {
            let mut reason = crate::sanitize::one_line(&text);
            if let Some(said) = &sasl.refusal {
                tracing::debug!("imap {server}: {} refusal: {said}", mechanism.name());
                reason = format!("{reason} {said}");
            }
            Ok(Err(Refusal { reason, client }))
        }
        Err((other, _)) => Err(ImapError::Protocol {
            server: server.to_owned(),
            reason: Msg::verbatim(&other.to_string()),
        }),
    }
}

/// async-imap's side of [`BearerSasl`].
struct Sasl<'a>(&'a mut BearerSasl);

impl async_imap::Authenticator for Sasl<'_> {
    type Response = Vec<u8>;
    fn process(&mut self, challenge: &[u8]) -> Vec<u8> {
        self.0.respond(challenge)
    }
}

fn token_error(error: AuthError, user: &str, hint: &Msg) -> ImapError {
    match error {
        AuthError::SsoGrantRevoked => ImapError::SignedOut {
            user: user.to_owned(),
            hint: hint.clone(),
        },
        other => ImapError::OAuth(other),
    }
}
