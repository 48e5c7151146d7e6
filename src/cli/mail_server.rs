//! How to reach a mail server and log in to it: the flags `replay --imap`,
//! `watch --imap` and `mailbox add` share (`--ca-cert`, `--allow-plaintext`,
//! `--oauth ...`), and one login per mail account (one password prompt, one
//! sign-in whose token every folder shares).

use std::collections::HashMap;
use std::path::PathBuf;

use super::Ctx;
use super::device_flow::{OAuthArgs, oauth_login, provider_http};
use crate::mail::imap::{Login, MailboxUrl, Options};
use crate::output::clean;
use crate::redact::Secret;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct MailServerArgs {
    /// A PEM CA certificate that issued the mail server's certificate (a private CA)
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)
    #[arg(long)]
    pub allow_plaintext: bool,
    #[command(flatten)]
    pub oauth: OAuthArgs,
}

impl MailServerArgs {
    /// How to connect.
    pub fn options(&self) -> Options {
        Options {
            ca_cert: self.ca_cert.clone(),
            allow_plaintext: self.allow_plaintext,
            ..Options::default()
        }
    }

    /// One account's login: an OAuth token with `--oauth`, else the password.
    pub async fn login(&self, ctx: &Ctx, url: &MailboxUrl) -> crate::Result<Login> {
        match self.oauth.settings() {
            Some(settings) => {
                let http = provider_http(ctx, self.ca_cert.as_deref());
                oauth_login(ctx, &settings, http, url).await
            }
            None => Ok(Login::Password(password(ctx, url).await?)),
        }
    }

    /// Each folder with its account's login, logging in once per account.
    pub async fn logins(
        &self,
        ctx: &Ctx,
        urls: Vec<MailboxUrl>,
    ) -> crate::Result<Vec<(MailboxUrl, Login)>> {
        let mut known: HashMap<String, Login> = HashMap::new();
        let mut out = Vec::with_capacity(urls.len());
        for url in urls {
            let login = match known.get(&url.account()) {
                Some(login) => login.clone(),
                None => {
                    let login = self.login(ctx, &url).await?;
                    known.insert(url.account(), login.clone());
                    login
                }
            };
            out.push((url, login));
        }
        Ok(out)
    }
}

/// A mail account's password: `VTELINK_IMAP_PASSWORD`, else a prompt.
async fn password(ctx: &Ctx, url: &MailboxUrl) -> crate::Result<Secret> {
    if let Ok(password) = std::env::var("VTELINK_IMAP_PASSWORD")
        && !password.is_empty()
    {
        return Ok(Secret::new(password));
    }
    let account = url.account();
    let account = clean(&account).into_owned();
    if !ctx.can_prompt() {
        return Err(crate::Error::usage(crate::msg!(
            "replay-imap-no-password",
            account = account
        )));
    }
    let _pause = ctx.clock.pause();
    let prompt = format!("{} ", crate::t!("replay-imap-password", account = account));
    super::login::prompt_hidden(prompt).await
}
