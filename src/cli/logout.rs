//! `vtelink logout`: end the CRM session and delete local secrets. Never
//! changes CRM data; works when the CRM is unreachable (warns, still deletes).

use std::time::Duration;

use super::Ctx;
use crate::auth::config::{Config, validate_profile_name};
use crate::auth::{SecretStore, open_client};
use crate::crm::Session;

/// Logging out must not hang on a dead CRM: the local delete matters more.
const LOGOUT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Log out of every profile
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, serde::Serialize)]
struct LoggedOut {
    profile: String,
    /// Whether the CRM confirmed the end of the session.
    crm_session_ended: bool,
    secrets_deleted: bool,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let config = Config::load()?;
    let profiles: Vec<String> = if args.all {
        config.profiles.keys().cloned().collect()
    } else {
        validate_profile_name(&ctx.global.profile)?;
        vec![ctx.global.profile.clone()]
    };
    let mut results = Vec::new();
    for name in &profiles {
        results.push(logout_one(ctx, &config, name).await?);
    }
    scrub_urls(&profiles)?;
    if ctx.out.is_json() {
        return ctx.out.json(&serde_json::json!({ "profiles": results }));
    }
    if results.is_empty() {
        ctx.out.info(&crate::t!("logout-none"));
    }
    for result in &results {
        if result.secrets_deleted {
            ctx.out.line(&format!(
                "{} {}",
                ctx.out.green("✓"),
                crate::t!("logout-done", profile = &result.profile)
            ));
        } else {
            ctx.out.line(&crate::t!(
                "logout-not-logged-in",
                profile = &result.profile
            ));
        }
    }
    Ok(())
}

async fn logout_one(ctx: &Ctx, config: &Config, name: &str) -> crate::Result<LoggedOut> {
    let profile = config.profile(name);
    let store = SecretStore::for_profile(name, profile.is_some_and(|p| p.insecure_storage))?;
    let secrets = store.load().await?;
    let mut crm_session_ended = false;
    if let (Some(profile), Some(secrets)) = (profile, &secrets)
        && let (Some(session_name), Some(user_id)) = (&secrets.session_name, &secrets.user_id)
    {
        let session = Session {
            session_name: session_name.clone(),
            user_id: user_id.clone(),
            version: String::new(),
            vte_version: String::new(),
        };
        // An older vtelink kept `user:password@` in the URL: never send it.
        let url = crate::redact::strip_userinfo(&profile.url);
        let ended = match open_client(&url, Some(profile), ctx.global.call_timeout) {
            Ok(client) => tokio::time::timeout(LOGOUT_TIMEOUT, client.logout(&session))
                .await
                .map_err(|_| crate::t!("logout-timeout"))
                .and_then(|r| r.map_err(|e| crate::error_text::crm(&e).to_string())),
            Err(e) => Err(crate::error_text::crm(&e).to_string()),
        };
        match ended {
            Ok(()) => crm_session_ended = true,
            // An already-dead session is as good as ended.
            Err(why) => ctx.out.warn(&crate::t!(
                "logout-session-not-ended",
                profile = name,
                reason = why
            )),
        }
    }
    let secrets_deleted = store.delete().await? || secrets.is_some();
    Ok(LoggedOut {
        profile: name.to_owned(),
        crm_session_ended,
        secrets_deleted,
    })
}

/// An older vtelink saved a URL's `user:password@` in `config.toml`: drop it
/// from the profiles just logged out of, so no password outlives the login.
fn scrub_urls(profiles: &[String]) -> crate::Result<()> {
    let mut config = Config::load()?;
    let mut changed = false;
    for name in profiles {
        if let Some(profile) = config.profiles.get_mut(name)
            && crate::redact::url_has_credentials(&profile.url)
        {
            profile.url = crate::redact::strip_userinfo(&profile.url);
            changed = true;
        }
    }
    if changed {
        let path = config.save()?;
        tracing::info!(
            "removed a password kept in a profile URL from {}",
            path.display()
        );
    }
    Ok(())
}
