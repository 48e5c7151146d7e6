//! The user's side of an OAuth 2.0 device flow, shared by `login --sso` and
//! mailboxes signed in with `--oauth`: show the code (even with `--quiet` or
//! `--json`: only the user can act on it), optionally open a browser, and
//! wait with the command's clock stopped.

use super::Ctx;
use crate::auth::AuthError;
use crate::auth::mail_oauth::{MailTokens, OAuthSettings};
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
