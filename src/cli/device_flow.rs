//! The user's side of an OAuth 2.0 device flow, shared by `login --sso` and
//! mailboxes signed in with `--oauth`: show the code (even with `--quiet` or
//! `--json`: only the user can act on it), optionally open a browser, and
//! wait with the command's clock stopped.

use super::Ctx;
use crate::auth::AuthError;
use crate::auth::mail_oauth::{MailTokens, OAuthSettings, TokenKeeper};
use crate::auth::sso::{DeviceAuthorization, HttpSettings, PollEvent, SsoProvider};
use crate::output::clean;

/// Print where to go and which code to enter; open a browser when asked.
pub fn announce(ctx: &Ctx, authorization: &DeviceAuthorization, open_browser: bool) {
    let verification = clean(&authorization.verification_uri).into_owned();
    eprintln!(
        "{}",
        crate::t!(
            "login-sso-open",
            url = verification.as_str(),
            code = clean(&authorization.user_code)
        )
    );
    if let Some(complete) = &authorization.verification_uri_complete {
        eprintln!(
            "{}",
            crate::t!("login-sso-open-direct", url = clean(complete))
        );
    }
    if open_browser {
        let target = authorization
            .verification_uri_complete
            .as_deref()
            .unwrap_or(&authorization.verification_uri);
        browse(ctx, target);
    }
    ctx.out.info(&crate::t!("login-sso-waiting"));
}

/// What one poll said, for `-v`.
pub fn log_poll(event: &PollEvent) {
    match event {
        PollEvent::Pending => tracing::debug!("authorization pending"),
        PollEvent::SlowDown { interval } => {
            tracing::info!(
                "provider asked to slow down: polling every {} ms",
                interval.as_millis()
            )
        }
    }
}

/// A mailbox's sign-in: the device flow for `settings`' scope, to the tokens.
pub async fn sign_in_for_mail(
    ctx: &Ctx,
    settings: &OAuthSettings,
    http: &HttpSettings,
    open_browser: bool,
) -> crate::Result<MailTokens> {
    let provider: SsoProvider = settings.provider(http, None).await?;
    let authorization = provider.start().await?;
    announce(ctx, &authorization, open_browser);
    let waiting = ctx.clock.pause();
    let grant = provider
        .poll_grant(&authorization, log_poll)
        .await
        .map_err(|e| match e {
            // The SSO wording names `vtelink login --sso`; here the remedy is to run the same command again.
            AuthError::SsoExpired => {
                crate::Error::said(crate::Exit::Auth, crate::msg!("oauth-code-expired"))
            }
            other => other.into(),
        })?;
    drop(waiting);
    if grant.refresh_token.is_none() {
        ctx.out.warn(&crate::t!("oauth-no-refresh"));
    }
    Ok(MailTokens::from_grant(grant, None, chrono::Utc::now())?)
}

/// Open `url` in the desktop's browser; a failure is only a warning.
pub fn browse(ctx: &Ctx, url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    match std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(_) => ctx.out.info(&crate::t!("login-browser-opened")),
        Err(e) => ctx.out.warn(&crate::t!(
            "login-browser-failed",
            opener = opener,
            detail = e.to_string()
        )),
    }
}

/// A mailbox's OAuth 2.0 sign-in, for `replay --imap` and `mailbox add`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OAuthArgs {
    /// Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password
    #[arg(long, value_name = "ISSUER")]
    pub oauth: Option<String>,
    /// The application (client) id registered at the issuer for --oauth [default: vtelink-cli]
    #[arg(long, value_name = "ID", requires = "oauth")]
    pub oauth_client_id: Option<String>,
    /// What --oauth asks for [default: the issuer's IMAP scope: Microsoft's, Google's, else openid email offline_access]
    #[arg(long, value_name = "SCOPE", requires = "oauth")]
    pub oauth_scope: Option<String>,
}

impl OAuthArgs {
    /// The provider settings, when `--oauth` was given.
    pub fn settings(&self) -> Option<OAuthSettings> {
        self.oauth.as_deref().map(|issuer| {
            OAuthSettings::new(
                issuer,
                self.oauth_client_id.as_deref(),
                self.oauth_scope.as_deref(),
            )
        })
    }
}

/// How vtelink reaches the identity provider for a mailbox: the mail
/// server's `--ca-cert` (one private CA usually issues both), https or loopback http.
pub fn provider_http(ctx: &Ctx, ca_cert: Option<&std::path::Path>) -> HttpSettings {
    HttpSettings {
        ca_cert: ca_cert.map(std::path::Path::to_path_buf),
        allow_http: false,
        timeout: crate::auth::request_limit(ctx.global.call_timeout),
    }
}

/// A mail login with an OAuth token for `url`'s account: the one kept in the
/// keyring from an earlier sign-in (renewed as needed), else a device-flow
/// sign-in now, which is then kept. Without a usable keyring the token lives
/// for this run only. When the kept sign-in has ended it is forgotten, so the
/// next run signs in anew.
pub async fn oauth_login(
    ctx: &Ctx,
    settings: &OAuthSettings,
    http: HttpSettings,
    url: &crate::mail::imap::MailboxUrl,
) -> crate::Result<crate::mail::imap::Login> {
    use crate::auth::mail_oauth::TokenStore;
    let store = TokenStore::for_account(&url.account());
    let (stored, keyring) = match store.load(settings).await {
        Ok(tokens) => (tokens, true),
        Err(e) => {
            tracing::warn!(
                "the OS keyring is not usable ({e}); the mail token is kept for this run only"
            );
            (None, false)
        }
    };
    let tokens = match stored {
        Some(tokens) => {
            tracing::info!("using the kept sign-in for {}", clean(&url.account()));
            tokens
        }
        None => {
            let tokens = sign_in_for_mail(ctx, settings, &http, false).await?;
            if keyring {
                let (store, settings, kept) = (store.clone(), settings.clone(), tokens.clone());
                let saved =
                    tokio::task::spawn_blocking(move || store.save_blocking(&settings, &kept))
                        .await
                        .map_err(|e| AuthError::Keyring(e.to_string()))
                        .and_then(|r| r);
                if let Err(e) = saved {
                    tracing::warn!("could not keep the mail token in the OS keyring: {e}");
                }
            }
            tokens
        }
    };
    let mut keeper = TokenKeeper::new(settings.clone(), http, tokens);
    if keyring {
        let settings = settings.clone();
        keeper = keeper.saving_with(std::sync::Arc::new(move |tokens| match tokens {
            Some(tokens) => store.save_blocking(&settings, tokens),
            None => store.delete_blocking().map(|_| ()),
        }));
    }
    Ok(crate::mail::imap::Login::OAuth(
        crate::mail::imap::OAuthLogin::new(keeper, crate::msg!("oauth-sign-in-again")),
    ))
}
