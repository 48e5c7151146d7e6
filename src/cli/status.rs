//! `vtelink status`: profile, CRM, user, version and session state.

use chrono::Utc;
use serde::Serialize;

use super::Ctx;
use crate::auth::config::{AuthMethod, Config, validate_profile_name};
use crate::auth::{AuthError, ConnectOptions, EnvCredentials, SecretStore, connect, login_command};
use crate::output::clean;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Do not contact the CRM; show only what is stored locally
    #[arg(long)]
    pub offline: bool,
}

/// The `--json` document. Never holds a secret value.
#[derive(Debug, Serialize)]
struct Status {
    profile: String,
    logged_in: bool,
    url: Option<String>,
    user: Option<String>,
    user_id: Option<String>,
    auth: Option<AuthMethod>,
    crm_version: Option<String>,
    login_time: Option<String>,
    session_age_seconds: Option<i64>,
    /// "valid", "renewed", "invalid: <why>", or "unchecked" (--offline).
    session: String,
    secrets_store: String,
    secrets_location: crate::l10n::Msg,
    config_file: String,
    #[serde(skip)]
    failure: Option<crate::Error>,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let profile_name = ctx.global.profile.clone();
    // The same choice `connect` makes: a typed --profile beats env credentials.
    let env = super::connect_options(&ctx.global).env;
    let config_path = crate::auth::config::config_path()?;
    let status = if let Some(env) = env {
        env_status(&args, ctx, &profile_name, env, &config_path).await
    } else {
        validate_profile_name(&profile_name)?;
        profile_status(&args, ctx, &profile_name, &config_path).await?
    };
    let failed = !status.logged_in || status.failure.is_some();
    // --json promises one document: on failure that is the error document.
    if !(failed && ctx.out.is_json()) {
        print(ctx, &status)?;
    }
    if !status.logged_in {
        return Err(AuthError::NotLoggedIn {
            profile: profile_name,
        }
        .into());
    }
    if let Some(failure) = status.failure {
        // The details were printed; the exit code says what kind of failure.
        return Err(failure);
    }
    Ok(())
}

async fn env_status(
    args: &Args,
    ctx: &Ctx,
    profile_name: &str,
    env: EnvCredentials,
    config_path: &std::path::Path,
) -> Status {
    let url = ctx
        .global
        .url
        .clone()
        .or(env.url.clone())
        .map(|u| crate::redact::url(&u).into_owned());
    let mut status = Status {
        profile: profile_name.to_owned(),
        logged_in: true,
        url,
        user: env.user.clone(),
        user_id: None,
        auth: Some(AuthMethod::Password),
        crm_version: None,
        login_time: None,
        session_age_seconds: None,
        session: "unchecked".into(),
        secrets_store: "environment".into(),
        secrets_location: crate::l10n::Msg::verbatim("VTELINK_ACCESS_KEY (environment)"),
        config_file: config_path.display().to_string(),
        failure: None,
    };
    if !args.offline {
        let opts = ConnectOptions {
            env: Some(env),
            ..super::connect_options(&ctx.global)
        };
        check_live(&opts, &mut status).await;
    }
    status
}

async fn profile_status(
    args: &Args,
    ctx: &Ctx,
    profile_name: &str,
    config_path: &std::path::Path,
) -> crate::Result<Status> {
    let config = Config::load()?;
    let profile = config.profile(profile_name);
    let insecure = profile.is_some_and(|p| p.insecure_storage);
    let store = SecretStore::for_profile(profile_name, insecure)?;
    let secrets = if profile.is_some() {
        store.load().await?
    } else {
        None
    };
    let location = match &store {
        SecretStore::Keyring { .. } => store.describe(),
        SecretStore::PlaintextFile { path } => {
            crate::l10n::Msg::verbatim(&path.display().to_string())
        }
    };
    let mut status = Status {
        profile: profile_name.to_owned(),
        logged_in: profile.is_some() && secrets.is_some(),
        url: profile.map(|p| crate::redact::url(&p.url).into_owned()),
        user: secrets
            .as_ref()
            .map(|s| s.user.clone())
            .or_else(|| profile.and_then(|p| p.user.clone())),
        user_id: secrets.as_ref().and_then(|s| s.user_id.clone()),
        auth: profile.map(|p| p.auth),
        crm_version: profile.and_then(|p| p.crm_version.clone()),
        login_time: secrets.as_ref().map(|s| s.login_time.to_rfc3339()),
        session_age_seconds: secrets
            .as_ref()
            .map(|s| (Utc::now() - s.session_time.unwrap_or(s.login_time)).num_seconds()),
        session: "unchecked".into(),
        secrets_store: store.kind().into(),
        secrets_location: location,
        config_file: config_path.display().to_string(),
        failure: None,
    };
    if status.logged_in && !args.offline {
        let opts = ConnectOptions {
            env: None,
            ..super::connect_options(&ctx.global)
        };
        check_live(&opts, &mut status).await;
    }
    Ok(status)
}

/// One cheap authenticated call; a lost session is renewed once by the
/// connection, which we report as "renewed".
async fn check_live(opts: &ConnectOptions, status: &mut Status) {
    let checked = async {
        let connection = connect(opts).await?;
        let before = connection.session().session_name;
        connection.listtypes().await?;
        let session = connection.session();
        // Environment credentials ask the CRM its version while connecting.
        let version = connection.crm_info().map(|info| info.version.clone());
        Ok::<_, crate::Error>((session.session_name != before, session.user_id, version))
    }
    .await;
    match checked {
        Ok((renewed, user_id, version)) => {
            status.user_id = Some(user_id);
            if version.is_some() {
                status.crm_version = version;
            }
            status.session = if renewed { "renewed" } else { "valid" }.into();
        }
        Err(e) => {
            status.session = format!("invalid: {}", crate::output::one_line(&e.to_string()));
            status.failure = Some(e);
        }
    }
}

fn print(ctx: &Ctx, status: &Status) -> crate::Result<()> {
    if ctx.out.is_json() {
        return ctx.out.json(status);
    }
    let show = |value: &Option<String>| {
        value
            .as_deref()
            .map(|v| clean(v).into_owned())
            .unwrap_or_else(|| "-".into())
    };
    let out = &ctx.out;
    // Labels padded to the longest one, in whatever language.
    let labels = [
        "status-crm",
        "status-user",
        "status-login",
        "status-version",
        "status-session",
        "status-secrets",
        "status-config",
    ]
    .map(|key| crate::l10n::lookup(crate::l10n::lang(), key).unwrap_or_default());
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 2;
    let [crm, user, login, version, session, secrets, config] = &labels;
    let row = |label: &str, value: &str| {
        out.line(&format!("  {:<width$} {value}", format!("{label}:")));
    };
    out.line(&format!(
        "{} {}",
        out.bold(&crate::t!("status-profile")),
        status.profile
    ));
    if !status.logged_in {
        out.line(&format!(
            "  {}",
            crate::t!(
                "status-not-logged-in",
                command = login_command(&status.profile, false)
            )
        ));
        row(config, &status.config_file);
        return Ok(());
    }
    row(crm, &show(&status.url));
    row(
        user,
        &format!(
            "{}{}",
            show(&status.user),
            status
                .user_id
                .as_deref()
                .map(|id| format!(" ({})", clean(id)))
                .unwrap_or_default()
        ),
    );
    if let Some(auth) = status.auth {
        let method = match auth {
            AuthMethod::Password => crate::t!("status-method-password"),
            AuthMethod::Sso => crate::t!("status-method-sso"),
        };
        row(login, &method);
    }
    row(version, &show(&status.crm_version));
    let age = status
        .session_age_seconds
        .map(|s| crate::t!("status-opened-ago", age = human_age(s)))
        .unwrap_or_default();
    let state = match (status.session.as_str(), &status.failure) {
        ("valid", _) => crate::t!("status-session-valid"),
        ("renewed", _) => crate::t!("status-session-renewed"),
        ("unchecked", _) => crate::t!("status-session-unchecked"),
        (_, Some(failure)) => crate::t!(
            "status-session-invalid",
            why = crate::output::one_line(&failure.message().to_string())
        ),
        (other, None) => other.to_owned(),
    };
    row(session, &format!("{}{age}", clean(&state)));
    let where_ = if status.secrets_store == "environment" {
        crate::t!("status-secrets-environment")
    } else {
        status.secrets_location.to_string()
    };
    row(secrets, &where_);
    row(config, &status.config_file);
    Ok(())
}

fn human_age(seconds: i64) -> String {
    let seconds = seconds.max(0);
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min", seconds / 60),
        3600..86400 => format!("{} h {} min", seconds / 3600, (seconds % 3600) / 60),
        _ => crate::t!("status-age-days", days = seconds / 86400),
    }
}
