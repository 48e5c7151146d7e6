//! OAuth 2.0 for mailboxes: the access token an IMAP server takes through
//! SASL XOAUTH2 or OAUTHBEARER (RFC 7628) instead of a password, as
//! Microsoft 365 and Gmail require.
//!
//! The token comes from the same device flow as `vtelink login --sso`
//! ([`super::sso`]), asked for the mail scope; the refresh token renews it.
//! Terminal-free: the caller shows the user code and stores [`MailTokens`]
//! (in the OS keyring for a saved mailbox).

use std::sync::Arc;

use chrono::{DateTime, Duration as ChronoDuration, Utc};

use serde::{Deserialize, Serialize, Serializer};

use super::AuthError;
use super::sso::{Grant, HttpSettings, SsoProvider};
use super::store::blocking;
use crate::redact::Secret;

/// The scope asked for when the user names none: Microsoft 365's and Google's
/// IMAP scopes for their issuers, else an OpenID scope with a refresh token.
pub fn default_scope(issuer: &str) -> &'static str {
    let host = url::Url::parse(issuer)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    if host == "login.microsoftonline.com" {
        "https://outlook.office.com/IMAP.AccessAsUser.All offline_access"
    } else if host == "accounts.google.com" {
        "https://mail.google.com/"
    } else {
        "openid email offline_access"
    }
}

/// Which identity provider issues a mailbox's tokens. Nothing secret: kept
/// with the mailbox's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthSettings {
    /// The OpenID issuer (`https://login.microsoftonline.com/TENANT/v2.0`).
    pub issuer: String,
    /// The application (client) id registered at the provider.
    pub client_id: String,
    /// What to ask for; the provider's IMAP scope.
    pub scope: String,
}

impl OAuthSettings {
    /// Settings with the default client id and scope where none are given.
    pub fn new(issuer: &str, client_id: Option<&str>, scope: Option<&str>) -> OAuthSettings {
        OAuthSettings {
            issuer: issuer.trim_end_matches('/').to_owned(),
            client_id: client_id
                .unwrap_or(super::sso::DEFAULT_CLIENT_ID)
                .to_owned(),
            scope: scope
                .map(str::to_owned)
                .unwrap_or_else(|| default_scope(issuer).to_owned()),
        }
    }

    /// Discover the provider (its token and device endpoints), set up for
    /// this mailbox's scope.
    pub async fn provider(
        &self,
        http: &HttpSettings,
        client_secret: Option<Secret>,
    ) -> Result<SsoProvider, AuthError> {
        Ok(SsoProvider::discover(&self.issuer, &self.client_id, http)
            .await?
            .with_scope(&self.scope)
            .with_client_secret(client_secret))
    }
}

/// Renew the access token this long before the provider says it expires.
const EXPIRY_MARGIN_SECS: i64 = 30;

/// A mailbox's tokens. Debug never shows a value; the JSON (for the keyring)
/// holds them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MailTokens {
    #[serde(serialize_with = "expose")]
    pub access_token: Secret,
    /// When the access token stops working, if the provider said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "expose_opt"
    )]
    pub refresh_token: Option<Secret>,
}

fn expose<S: Serializer>(value: &Secret, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.expose())
}

fn expose_opt<S: Serializer>(value: &Option<Secret>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(secret) => serializer.serialize_some(secret.expose()),
        None => serializer.serialize_none(),
    }
}

impl MailTokens {
    /// The tokens of a fresh grant; a renewal that brings no new refresh token
    /// keeps `previous_refresh` (providers rotate it, or not).
    pub fn from_grant(
        grant: Grant,
        previous_refresh: Option<Secret>,
        now: DateTime<Utc>,
    ) -> Result<MailTokens, AuthError> {
        let access_token = grant
            .access_token
            .ok_or_else(|| AuthError::Sso(crate::msg!("sso-no-access-token")))?;
        let expires_at = grant
            .expires_in
            .and_then(|s| i64::try_from(s).ok())
            .and_then(ChronoDuration::try_seconds)
            .map(|d| now + d);
        Ok(MailTokens {
            access_token,
            expires_at,
            refresh_token: grant.refresh_token.or(previous_refresh),
        })
    }

    /// The access token is past (or near) its end: renew before using it.
    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {
        self.expires_at
            .is_some_and(|end| now + ChronoDuration::seconds(EXPIRY_MARGIN_SECS) >= end)
    }

    /// Trade the refresh token for a new access token. `Ok(None)` when there
    /// is no refresh token (the caller must sign in again).
    pub async fn renew(&self, provider: &SsoProvider) -> Result<Option<MailTokens>, AuthError> {
        let Some(refresh) = &self.refresh_token else {
            return Ok(None);
        };
        let grant = provider.refresh_grant(refresh).await?;
        tracing::info!(
            "renewed the mailbox's access token at {}",
            provider.issuer()
        );
        MailTokens::from_grant(grant, Some(refresh.clone()), Utc::now()).map(Some)
    }
}

/// A mailbox's tokens while a command runs: hands out a usable access token,
/// renewing it when it is stale or the mail server refused it. The provider
/// is discovered only when a renewal needs it. After use, [`Self::renewed`]
/// says whether the caller must save [`Self::tokens`] (providers rotate
/// refresh tokens: save even when the login failed afterwards).
pub struct TokenKeeper {
    settings: OAuthSettings,
    http: HttpSettings,
    tokens: MailTokens,
    provider: Option<SsoProvider>,
    renewals: u32,
    on_renewed: Option<SaveTokens>,
}

/// Where renewed tokens go (the keyring): `Some(tokens)` after a renewal,
/// `None` when the sign-in has ended (forget them). Called off the async
/// workers (it may block); a failure is logged, the run goes on.
pub type SaveTokens = Arc<dyn Fn(Option<&MailTokens>) -> Result<(), AuthError> + Send + Sync>;

impl std::fmt::Debug for TokenKeeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeeper")
            .field("settings", &self.settings)
            .field("tokens", &self.tokens)
            .field("renewals", &self.renewals)
            .finish_non_exhaustive()
    }
}

impl TokenKeeper {
    pub fn new(settings: OAuthSettings, http: HttpSettings, tokens: MailTokens) -> TokenKeeper {
        TokenKeeper {
            settings,
            http,
            tokens,
            provider: None,
            renewals: 0,
            on_renewed: None,
        }
    }

    /// Save the tokens after each renewal with `save` (providers rotate
    /// refresh tokens: the old one may no longer work).
    pub fn saving_with(mut self, save: SaveTokens) -> TokenKeeper {
        self.on_renewed = Some(save);
        self
    }

    pub fn settings(&self) -> &OAuthSettings {
        &self.settings
    }

    pub fn tokens(&self) -> &MailTokens {
        &self.tokens
    }

    /// The tokens changed since [`Self::new`]: save them.
    pub fn renewed(&self) -> bool {
        self.renewals > 0
    }

    /// How many renewals so far.
    pub fn renewals(&self) -> u32 {
        self.renewals
    }

    /// An access token that is not known to be expired (renewed first if it is).
    pub async fn access_token(&mut self) -> Result<Secret, AuthError> {
        if self.tokens.is_stale(Utc::now()) {
            tracing::info!("the mailbox's access token has expired; renewing it");
            return self.renew().await;
        }
        Ok(self.tokens.access_token.clone())
    }

    /// A new access token, whatever the old one's expiry (the mail server
    /// refused it). [`AuthError::SsoGrantRevoked`] when there is no refresh
    /// token or the provider no longer honours it.
    pub async fn renew(&mut self) -> Result<Secret, AuthError> {
        let result = self.renew_once().await;
        let save = match &result {
            Ok(_) => Some(Some(self.tokens.clone())),
            Err(AuthError::SsoGrantRevoked) => Some(None),
            Err(_) => None,
        };
        if let (Some(tokens), Some(save)) = (save, self.on_renewed.clone()) {
            let saved = tokio::task::spawn_blocking(move || save(tokens.as_ref()))
                .await
                .map_err(|e| AuthError::Keyring(format!("saving task failed: {e}")))
                .and_then(|r| r);
            if let Err(e) = saved {
                tracing::warn!("could not save the mailbox's tokens: {e}");
            }
        }
        result
    }

    async fn renew_once(&mut self) -> Result<Secret, AuthError> {
        if self.tokens.refresh_token.is_none() {
            return Err(AuthError::SsoGrantRevoked);
        }
        if self.provider.is_none() {
            self.provider = Some(self.settings.provider(&self.http, None).await?);
        }
        let Some(provider) = self.provider.as_ref() else {
            return Err(AuthError::SsoGrantRevoked);
        };
        let fresh = self
            .tokens
            .renew(provider)
            .await?
            .ok_or(AuthError::SsoGrantRevoked)?;
        self.tokens = fresh;
        self.renewals += 1;
        Ok(self.tokens.access_token.clone())
    }
}

/// Where a mail account's tokens are kept between runs: the OS keyring,
/// service `vtelink`, account `imap-oauth:` + the account's URL
/// (`imaps://USER@HOST:PORT`), holding [`StoredMailTokens`] as JSON. Without
/// a usable keyring the tokens live only as long as the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenStore {
    account: String,
}

/// What [`TokenStore`] keeps: the tokens and who issued them (tokens of
/// another issuer or client are not used).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredMailTokens {
    pub issuer: String,
    pub client_id: String,
    pub tokens: MailTokens,
}

impl TokenStore {
    /// The store of the mail account `account` (`MailboxUrl::account`).
    pub fn for_account(account: &str) -> TokenStore {
        TokenStore {
            account: format!("imap-oauth:{account}"),
        }
    }

    /// The keyring account name (for documentation and `status`).
    pub fn keyring_account(&self) -> &str {
        &self.account
    }

    /// The stored tokens for `settings`' issuer and client, if any.
    pub async fn load(&self, settings: &OAuthSettings) -> Result<Option<MailTokens>, AuthError> {
        let account = self.account.clone();
        let text = blocking(move || super::store::keyring_get(&account)).await?;
        let Some(text) = text else { return Ok(None) };
        match serde_json::from_str::<StoredMailTokens>(&text) {
            Ok(stored)
                if stored.issuer == settings.issuer && stored.client_id == settings.client_id =>
            {
                Ok(Some(stored.tokens))
            }
            Ok(_) => {
                tracing::info!(
                    "the stored mail tokens are from another issuer or client; signing in anew"
                );
                Ok(None)
            }
            Err(_) => {
                tracing::warn!("the stored mail tokens are unreadable; ignoring them");
                Ok(None)
            }
        }
    }

    /// Keep `tokens` (blocking: call off the async workers).
    pub fn save_blocking(
        &self,
        settings: &OAuthSettings,
        tokens: &MailTokens,
    ) -> Result<(), AuthError> {
        let stored = StoredMailTokens {
            issuer: settings.issuer.clone(),
            client_id: settings.client_id.clone(),
            tokens: tokens.clone(),
        };
        let text = serde_json::to_string(&stored).map_err(|e| {
            AuthError::Config(crate::msg!("tokens-cannot-encode", detail = e.to_string()))
        })?;
        super::store::keyring_set(&self.account, &text)
    }

    /// Forget the tokens (blocking); `Ok(false)` when there were none.
    pub fn delete_blocking(&self) -> Result<bool, AuthError> {
        super::store::keyring_delete(&self.account)
    }

    /// Forget the tokens; `Ok(false)` when there were none.
    pub async fn delete(&self) -> Result<bool, AuthError> {
        let account = self.account.clone();
        blocking(move || super::store::keyring_delete(&account)).await
    }
}

/// The SASL mechanisms that carry a bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    /// Google's and Microsoft's `XOAUTH2`.
    XOAuth2,
    /// RFC 7628 `OAUTHBEARER`.
    OAuthBearer,
}

impl Mechanism {
    /// The name in `AUTHENTICATE` and in the `AUTH=` capability.
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::XOAuth2 => "XOAUTH2",
            Mechanism::OAuthBearer => "OAUTHBEARER",
        }
    }

    /// The server's choice from its capabilities: OAUTHBEARER (the standard)
    /// when offered, else XOAUTH2 (all Microsoft 365 offers); `None` when it
    /// offers neither.
    pub fn offered(has_capability: impl Fn(&str) -> bool) -> Option<Mechanism> {
        [Mechanism::OAuthBearer, Mechanism::XOAuth2]
            .into_iter()
            .find(|m| has_capability(&format!("AUTH={}", m.name())))
    }

    /// The client's first message: who, and the token (before base64).
    pub fn initial_response(self, user: &str, token: &Secret) -> Vec<u8> {
        let token = token.expose();
        match self {
            Mechanism::XOAuth2 => format!("user={user}\x01auth=Bearer {token}\x01\x01"),
            // RFC 7628 §3.1: the GS2 header names the user; "," and "=" in it are escaped.
            Mechanism::OAuthBearer => format!(
                "n,a={},\x01auth=Bearer {token}\x01\x01",
                user.replace('=', "=3D").replace(',', "=2C")
            ),
        }
        .into_bytes()
    }

    /// What the client answers when the server refuses the token with a JSON
    /// challenge: the dummy response the mechanism asks for, after which the
    /// server says NO (RFC 7628 §3.2.3: %x01; XOAUTH2: empty).
    pub fn after_refusal(self) -> &'static [u8] {
        match self {
            Mechanism::XOAuth2 => b"",
            Mechanism::OAuthBearer => b"\x01",
        }
    }
}

/// One SASL exchange with a bearer token, for an IMAP client's
/// `AUTHENTICATE`: the first challenge gets the token, any later one is the
/// server's refusal (its JSON kept for the log) and gets the dummy answer.
pub struct BearerSasl {
    mechanism: Mechanism,
    first: Option<Vec<u8>>,
    /// The server's error document, when it refused.
    pub refusal: Option<String>,
}

impl std::fmt::Debug for BearerSasl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BearerSasl")
            .field("mechanism", &self.mechanism)
            .field("refusal", &self.refusal)
            .finish_non_exhaustive()
    }
}

impl BearerSasl {
    pub fn new(mechanism: Mechanism, user: &str, token: &Secret) -> BearerSasl {
        BearerSasl {
            mechanism,
            first: Some(mechanism.initial_response(user, token)),
            refusal: None,
        }
    }

    pub fn mechanism(&self) -> Mechanism {
        self.mechanism
    }

    /// The answer to one server challenge (already base64-decoded).
    pub fn respond(&mut self, challenge: &[u8]) -> Vec<u8> {
        match self.first.take() {
            Some(first) => first,
            None => {
                self.refusal = Some(crate::sanitize::one_line(&String::from_utf8_lossy(
                    challenge,
                )));
                self.mechanism.after_refusal().to_vec()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_for_the_big_two() {
        assert!(
            default_scope("https://login.microsoftonline.com/common/v2.0")
                .contains("IMAP.AccessAsUser.All")
        );
        assert_eq!(
            default_scope("https://accounts.google.com"),
            "https://mail.google.com/"
        );
        assert!(default_scope("http://127.0.0.1:9/").contains("offline_access"));
    }

    #[test]
    fn sasl_messages() {
        let token = Secret::new("T0K");
        assert_eq!(
            Mechanism::XOAuth2.initial_response("a@b.c", &token),
            b"user=a@b.c\x01auth=Bearer T0K\x01\x01"
        );
        assert_eq!(
            Mechanism::OAuthBearer.initial_response("a,b=c", &token),
            b"n,a=a=2Cb=3Dc,\x01auth=Bearer T0K\x01\x01"
        );
        let mut sasl = BearerSasl::new(Mechanism::OAuthBearer, "u", &token);
        assert!(sasl.respond(b"").starts_with(b"n,a=u,"));
        assert_eq!(sasl.respond(br#"{"status":"401"}"#), b"\x01");
        assert_eq!(sasl.refusal.as_deref(), Some(r#"{"status":"401"}"#));
        assert!(!format!("{sasl:?}").contains("T0K"));
    }

    #[test]
    fn mechanism_from_capabilities() {
        let caps = ["AUTH=PLAIN", "AUTH=XOAUTH2"];
        assert_eq!(
            Mechanism::offered(|c| caps.contains(&c)),
            Some(Mechanism::XOAuth2)
        );
        let both = ["AUTH=XOAUTH2", "AUTH=OAUTHBEARER"];
        assert_eq!(
            Mechanism::offered(|c| both.contains(&c)),
            Some(Mechanism::OAuthBearer)
        );
        assert_eq!(Mechanism::offered(|_| false), None);
    }

    #[test]
    fn staleness_and_storage() {
        let now = Utc::now();
        let grant = Grant {
            access_token: Some(Secret::new("A")),
            expires_in: Some(3600),
            ..Grant::default()
        };
        let tokens = MailTokens::from_grant(grant, Some(Secret::new("R")), now).unwrap();
        assert!(!tokens.is_stale(now));
        assert!(tokens.is_stale(now + ChronoDuration::seconds(3590)));
        assert_eq!(tokens.refresh_token.as_ref().unwrap().expose(), "R");
        let json = serde_json::to_string(&tokens).unwrap();
        let back: MailTokens = serde_json::from_str(&json).unwrap();
        assert_eq!(back.access_token.expose(), "A");
        assert!(!format!("{tokens:?}").contains("\"A\""));
    }
}
