//! `vtelink login`: password (+ second factor) or SSO device flow; the
//! session and credentials go to the OS keyring.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use chrono::Utc;

use super::Ctx;
use crate::auth::config::{AuthMethod, Config, Profile, validate_profile_name};
use crate::auth::sso::{self, SsoProvider};
use crate::auth::{AuthError, SecretStore, StoredSecrets, open_client};
use crate::crm::{Client, CrmError, CrmInfo, Session, check_supported};
use crate::output::clean;
use crate::redact::Secret;

/// A wrong code on a terminal may be typed again this many times.
const OTP_RETRIES: u32 = 3;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// CRM user name
    #[arg(long, env = "VTELINK_USER")]
    pub user: Option<String>,
    /// Read the password from the first line of standard input (the next line: the security code, read when the CRM asks)
    #[arg(long)]
    pub password_stdin: bool,
    /// Second-factor security code, when the CRM asks for one
    #[arg(long, value_name = "CODE")]
    pub otp: Option<String>,
    /// Log in through the organisation's identity provider (OAuth 2.0 device flow)
    #[arg(long)]
    pub sso: bool,
    /// OpenID issuer URL for --sso (default: the one the CRM advertises)
    #[arg(long, value_name = "URL", requires = "sso")]
    pub sso_issuer: Option<String>,
    /// OAuth client id for --sso (default: the one the CRM advertises, else vtelink-cli)
    #[arg(long, value_name = "ID", requires = "sso")]
    pub sso_client_id: Option<String>,
    /// Open the verification page in a browser during --sso
    #[arg(long, requires = "sso")]
    pub open_browser: bool,
    /// Trust this PEM CA certificate (private CAs); remembered in the profile
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Allow plain http:// to a host that is not loopback; remembered in the profile
    #[arg(long)]
    pub allow_http: bool,
    /// Use a CRM older than the supported minimum (24.08.2) anyway
    #[arg(long)]
    pub allow_unsupported_version: bool,
    /// Store secrets in a plaintext file (mode 0600) instead of the OS keyring
    #[arg(long)]
    pub insecure_storage: bool,
}

/// What `--password-stdin` delivered: the password, and the rest of the
/// input (a security code, when the CRM asks for one).
struct StdinCredentials {
    password: Secret,
    lines: StdinLines,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    if args.sso && (args.password_stdin || args.otp.is_some()) {
        return Err(crate::Error::usage(crate::msg!("login-sso-no-password")));
    }
    let profile_name = ctx.global.profile.clone();
    validate_profile_name(&profile_name)?;
    // Refuse `https://user:password@host` before anything is read, sent or saved.
    if let Some(url) = &ctx.global.url
        && crate::redact::url_has_credentials(url)
    {
        return Err(CrmError::CredentialsInUrl {
            url: crate::redact::strip_userinfo(url.trim()),
        }
        .into());
    }
    let mut config = Config::load()?;
    let previous = config.profile(&profile_name).cloned();

    // Read stdin first: it is the only input a script gives us.
    let stdin_credentials = if args.password_stdin {
        Some(read_stdin_credentials().await?)
    } else {
        None
    };

    let url = match ctx
        .global
        .url
        .clone()
        // An older vtelink may have kept `user:password@` in it: drop that.
        .or_else(|| {
            previous
                .as_ref()
                .map(|p| crate::redact::strip_userinfo(&p.url))
        }) {
        Some(url) => url,
        None => {
            ask(
                ctx,
                &crate::t!("login-what-url"),
                &crate::t!("login-hint-url"),
            )
            .await?
        }
    };
    let mut profile = Profile {
        url: url.trim().to_owned(),
        user: None,
        auth: if args.sso {
            AuthMethod::Sso
        } else {
            AuthMethod::Password
        },
        ca_cert: args
            .ca_cert
            .clone()
            .or_else(|| previous.as_ref().and_then(|p| p.ca_cert.clone())),
        allow_http: args.allow_http || previous.as_ref().is_some_and(|p| p.allow_http),
        allow_unsupported_version: args.allow_unsupported_version,
        insecure_storage: args.insecure_storage
            || previous.as_ref().is_some_and(|p| p.insecure_storage),
        sso_issuer: None,
        sso_client_id: None,
        crm_version: None,
    };
    if let Some(ca_cert) = &profile.ca_cert {
        // Remember an absolute path: later commands may run from elsewhere.
        if let Ok(absolute) = std::path::absolute(ca_cert) {
            profile.ca_cert = Some(absolute);
        }
    }

    let store = SecretStore::for_profile(&profile_name, profile.insecure_storage)?;
    store.check().await?;

    let client = open_client(&profile.url, Some(&profile), ctx.global.call_timeout)?;
    let info = client
        .info(args.allow_unsupported_version)
        .await
        .map_err(|e| match e {
            // Name the URL: the user may have mistyped it.
            CrmError::Transport(m) if m.contains("certificate") => CrmError::Transport(crate::t!(
                "login-certificate",
                url = client.base_url(),
                detail = m
            )),
            CrmError::Transport(m) => CrmError::Transport(format!("{} ({m})", client.base_url())),
            CrmError::Timeout(m) => CrmError::Timeout(format!("{} ({m})", client.base_url())),
            other => other,
        })?;
    for warning in check_supported(info.as_ref(), args.allow_unsupported_version)? {
        ctx.out.warn(&warning.to_string());
    }
    profile.crm_version = info.as_ref().map(|i| i.version.clone());
    tracing::info!("CRM at {} checked", client.base_url());

    let (secrets, session) = if args.sso {
        sso_login(
            &args,
            ctx,
            &client,
            info.as_ref(),
            previous.as_ref(),
            &mut profile,
        )
        .await?
    } else {
        let user = match args
            .user
            .clone()
            .or_else(|| previous.as_ref().and_then(|p| p.user.clone()))
        {
            Some(user) => user,
            None => {
                ask(
                    ctx,
                    &crate::t!("login-what-user"),
                    &crate::t!("login-hint-user"),
                )
                .await?
            }
        };
        profile.user = Some(user.clone());
        password_login(&args, ctx, &client, &user, stdin_credentials).await?
    };

    // A new login replaces the stored session: end the old one on the CRM
    // (best effort; it may be gone already).
    if let Ok(Some(old)) = store.load().await
        && let (Some(session_name), Some(user_id)) = (old.session_name, old.user_id)
        && session_name != session.session_name
    {
        let old_session = Session {
            session_name,
            user_id,
            version: String::new(),
            vte_version: String::new(),
        };
        let ended = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            client.logout(&old_session),
        )
        .await;
        tracing::info!(
            "ended the previous session: {}",
            matches!(ended, Ok(Ok(())))
        );
    }
    if let Err(e) = store.save(&secrets).await {
        // Do not leave a session open on the CRM that nobody can use or end.
        let _ = client.logout(&session).await;
        return Err(e.into());
    }
    if profile.insecure_storage {
        ctx.out.warn(&crate::t!(
            "login-insecure-storage",
            place = store.describe()
        ));
    }
    // Switching storage: do not leave the old copy behind.
    if let Some(previous) = &previous
        && previous.insecure_storage != profile.insecure_storage
        && let Ok(old_store) = SecretStore::for_profile(&profile_name, previous.insecure_storage)
        && let Err(e) = old_store.delete().await
    {
        ctx.out.warn(&crate::t!(
            "login-old-secrets-not-deleted",
            detail = crate::Error::from(e).message()
        ));
    }
    config
        .profiles
        .insert(profile_name.clone(), profile.clone());
    let config_path = config.save()?;
    tracing::info!("profile saved in {}", config_path.display());

    if ctx.out.is_json() {
        ctx.out.json(&serde_json::json!({
            "profile": profile_name,
            "url": client.base_url(),
            "user": secrets.user,
            "user_id": session.user_id,
            "auth": profile.auth,
            "crm": info,
            "secrets": store.kind(),
        }))?;
    } else {
        ctx.out.line(&format!(
            "{} {}",
            ctx.out.green("✓"),
            crate::t!(
                "login-done",
                url = clean(client.base_url()),
                user = clean(&secrets.user),
                profile = profile_name.as_str()
            )
        ));
        ctx.out.info(
            &ctx.out
                .dim(&crate::t!("login-secrets", place = store.describe())),
        );
    }
    Ok(())
}

async fn password_login(
    args: &Args,
    ctx: &Ctx,
    client: &Client,
    user: &str,
    stdin_credentials: Option<StdinCredentials>,
) -> crate::Result<(StoredSecrets, Session)> {
    let (password, mut stdin) = match stdin_credentials {
        Some(c) => (c.password, Some(c.lines)),
        None if ctx.can_prompt() => {
            let prompt = format!(
                "{} ",
                crate::t!(
                    "login-password-prompt",
                    user = clean(user),
                    url = clean(client.base_url())
                )
            );
            let _waiting = ctx.clock.pause();
            (prompt_hidden(prompt).await?, None)
        }
        None => {
            return Err(AuthError::MissingInput {
                what: crate::t!("login-what-password"),
                hint: crate::t!("login-hint-password"),
            }
            .into());
        }
    };
    // A code given up front goes with the first request: asking without it
    // would make the CRM send a new code and void this one. On stdin, a code
    // is up front when it was there with the password; otherwise the next
    // line is read when the CRM asks for it.
    let mut otp = args.otp.clone();
    if otp.is_none()
        && let Some(lines) = stdin.as_mut()
    {
        otp = lines.ready_line().await;
    }
    let mut retries = 0;
    let mut asked = 0;
    let access_key = loop {
        match client.login_pwd(user, &password, otp.as_deref()).await {
            Ok(key) => {
                crate::auth::failures::clear(client.base_url(), user);
                break key;
            }
            Err(CrmError::OtpRequired { message }) if asked <= OTP_RETRIES => {
                asked += 1;
                let needed = || AuthError::OtpNeeded {
                    message: clean(&message).into_owned(),
                };
                if let Some(lines) = stdin.as_mut() {
                    ctx.out.info(&crate::t!(
                        "login-otp-waiting-on-stdin",
                        detail = clean(&message)
                    ));
                    let _waiting = ctx.clock.pause();
                    otp = Some(lines.next_line().await.ok_or_else(needed)?);
                    continue;
                }
                if !ctx.can_prompt() {
                    return Err(needed().into());
                }
                ctx.out.info(&clean(&message));
                let _waiting = ctx.clock.pause();
                otp = Some(prompt_line(&format!("{} ", crate::t!("login-otp-prompt"))).await?);
            }
            Err(e @ (CrmError::OtpInvalid(_) | CrmError::OtpExpired(_)))
                if (ctx.can_prompt() || stdin.is_some()) && retries < OTP_RETRIES =>
            {
                retries += 1;
                if matches!(e, CrmError::OtpInvalid(_)) {
                    crate::auth::failures::record(client.base_url(), user);
                }
                let next = match e {
                    // Ask the CRM for a fresh code: the next answer is OTP_REQUIRED.
                    CrmError::OtpExpired(_) => None,
                    _ => {
                        let _waiting = ctx.clock.pause();
                        match stdin.as_mut() {
                            Some(lines) => match lines.next_line().await {
                                Some(code) => Some(code),
                                None => return Err(e.into()),
                            },
                            None => {
                                ctx.out.warn(&crate::error_text::crm(&e).to_string());
                                Some(
                                    prompt_line(&format!("{} ", crate::t!("login-otp-prompt")))
                                        .await?,
                                )
                            }
                        }
                    }
                };
                if stdin.is_some() {
                    ctx.out.warn(&crate::error_text::crm(&e).to_string());
                }
                otp = next;
            }
            // login_pwd gives the same answer for a wrong password and a locked
            // or inactive user (wire fact 17): what this machine saw tells them apart.
            Err(CrmError::InvalidCredentials(message)) => {
                return Err(refused(client, user, &message));
            }
            Err(e) => {
                if matches!(e, CrmError::OtpInvalid(_)) {
                    crate::auth::failures::record(client.base_url(), user);
                }
                return Err(e.into());
            }
        }
    };
    let session = client.login(user, &access_key).await?;
    let now = Utc::now();
    let secrets = StoredSecrets {
        user: user.to_owned(),
        access_key: Some(access_key),
        refresh_token: None,
        session_name: Some(session.session_name.clone()),
        user_id: Some(session.user_id.clone()),
        login_time: now,
        session_time: Some(now),
    };
    Ok((secrets, session))
}

/// A refused password (`INVALID_USER_CREDENTIALS` from `login_pwd`), said
/// as what it most likely is after this many failures in a row here.
fn refused(client: &Client, user: &str, message: &str) -> crate::Error {
    use crate::auth::failures::{self, Hint, LOCK_AT};
    let failures = failures::record(client.base_url(), user);
    let user = clean(user).into_owned();
    let detail = clean(message).into_owned();
    let msg = match failures::hint(failures) {
        Hint::Locked => crate::msg!(
            "err-login-locked-likely",
            user = user,
            failures = failures,
            lock = LOCK_AT,
            detail = detail
        ),
        Hint::LastTry => crate::msg!(
            "err-login-refused-last-try",
            user = user,
            failures = failures,
            detail = detail
        ),
        Hint::None => crate::msg!("err-login-refused", detail = detail),
    };
    crate::Error::said(crate::Exit::Auth, msg)
}

async fn sso_login(
    args: &Args,
    ctx: &Ctx,
    client: &Client,
    info: Option<&CrmInfo>,
    previous: Option<&Profile>,
    profile: &mut Profile,
) -> crate::Result<(StoredSecrets, Session)> {
    let advertised = info.and_then(|i| i.sso.as_ref());
    let previous_sso = previous.filter(|p| p.auth == AuthMethod::Sso);
    let issuer = args
        .sso_issuer
        .clone()
        .or_else(|| advertised.map(|s| s.issuer.clone()))
        .or_else(|| previous_sso.and_then(|p| p.sso_issuer.clone()))
        .ok_or(AuthError::SsoNotConfigured)?;
    let client_id = args
        .sso_client_id
        .clone()
        .or_else(|| advertised.map(|s| s.client_id.clone()))
        .or_else(|| previous_sso.and_then(|p| p.sso_client_id.clone()))
        .unwrap_or_else(|| sso::DEFAULT_CLIENT_ID.to_owned());
    let settings = sso::HttpSettings {
        ca_cert: profile.ca_cert.clone(),
        allow_http: profile.allow_http,
        timeout: crate::auth::request_limit(ctx.global.call_timeout),
    };
    let provider = SsoProvider::discover(&issuer, &client_id, &settings).await?;
    let authorization = provider.start().await?;

    // The user code must reach the user even with --quiet or --json.
    super::device_flow::announce(ctx, &authorization, args.open_browser);
    let waiting = ctx.clock.pause();
    let tokens = provider
        .poll(&authorization, super::device_flow::log_poll)
        .await?;
    drop(waiting);
    let session = client.login_sso(&tokens.id_token).await?;
    if tokens.refresh_token.is_none() {
        ctx.out.warn(&crate::t!("login-sso-no-refresh"));
    }
    let user = token_user(&tokens.id_token).unwrap_or_else(|| session.user_id.clone());
    profile.user = Some(user.clone());
    profile.sso_issuer = Some(provider.issuer().to_owned());
    profile.sso_client_id = Some(client_id);
    let now = Utc::now();
    let secrets = StoredSecrets {
        user,
        access_key: None,
        refresh_token: tokens.refresh_token,
        session_name: Some(session.session_name.clone()),
        user_id: Some(session.user_id.clone()),
        login_time: now,
        session_time: Some(now),
    };
    Ok((secrets, session))
}

/// A display name from the ID token's claims (not verified here: the CRM
/// verifies the token; this only labels the profile).
fn token_user(id_token: &Secret) -> Option<String> {
    use base64::Engine;
    let payload = id_token.expose().split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    ["preferred_username", "email", "sub"]
        .iter()
        .find_map(|name| claims.get(*name)?.as_str().map(str::to_owned))
        .filter(|s| !s.is_empty())
}

async fn read_stdin_credentials() -> crate::Result<StdinCredentials> {
    let mut lines = StdinLines::start();
    let first = match lines.rx.recv().await {
        Some(Ok(line)) => line,
        Some(Err(e)) => return Err(crate::Error::io(crate::t!("login-cannot-read-stdin"), e)),
        None => String::new(),
    };
    if first.is_empty() {
        return Err(crate::Error::bad_input(crate::msg!("login-empty-password")));
    }
    Ok(StdinCredentials {
        password: Secret::new(first),
        lines,
    })
}

/// Standard input, line by line, read by a thread of its own: the line
/// after the password may only come once the CRM has sent the code.
struct StdinLines {
    rx: tokio::sync::mpsc::UnboundedReceiver<std::io::Result<String>>,
}

impl StdinLines {
    fn start() -> StdinLines {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        // A plain thread, not the runtime's blocking pool: it may stay
        // blocked on a silent pipe, and the process must still exit.
        std::thread::spawn(move || {
            let stdin = std::io::stdin();
            let mut lock = stdin.lock();
            loop {
                let mut line = String::new();
                match lock.read_line(&mut line) {
                    Ok(0) => break,
                    Ok(_) => {
                        let line = line.trim_end_matches(['\r', '\n']).to_owned();
                        if tx.send(Ok(line)).is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        break;
                    }
                }
            }
        });
        StdinLines { rx }
    }

    /// A security code that came with the password (a script that already
    /// holds one): only what arrives at once, never a wait for the user.
    async fn ready_line(&mut self) -> Option<String> {
        let soon = std::time::Duration::from_millis(100);
        match tokio::time::timeout(soon, self.rx.recv()).await {
            Ok(Some(Ok(line))) => Some(line.trim().to_owned()).filter(|l| !l.is_empty()),
            _ => None,
        }
    }

    /// The next non-empty line, waiting for it; `None` at the end of input.
    async fn next_line(&mut self) -> Option<String> {
        while let Some(Ok(line)) = self.rx.recv().await {
            let line = line.trim();
            if !line.is_empty() {
                return Some(line.to_owned());
            }
        }
        None
    }
}

/// Ask for a value on the terminal, or explain which flag gives it.
async fn ask(ctx: &Ctx, what: &str, hint: &str) -> crate::Result<String> {
    if !ctx.can_prompt() {
        return Err(AuthError::MissingInput {
            what: what.to_owned(),
            hint: hint.to_owned(),
        }
        .into());
    }
    let _waiting = ctx.clock.pause();
    let answer = prompt_line(&format!("{what}: ")).await?;
    if answer.is_empty() {
        return Err(crate::Error::usage(crate::msg!(
            "login-required",
            what = what
        )));
    }
    Ok(answer)
}

async fn prompt_line(prompt: &str) -> crate::Result<String> {
    let prompt = prompt.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut stderr = std::io::stderr();
        let _ = write!(stderr, "{prompt}");
        let _ = stderr.flush();
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok::<_, std::io::Error>(line.trim().to_owned())
    })
    .await
    .map_err(|e| {
        crate::Error::io(
            crate::t!("login-cannot-read-terminal"),
            std::io::Error::other(e),
        )
    })?
    .map_err(|e| crate::Error::io(crate::t!("login-cannot-read-terminal"), e))
}

pub(super) async fn prompt_hidden(prompt: String) -> crate::Result<Secret> {
    tokio::task::spawn_blocking(move || rpassword::prompt_password(prompt))
        .await
        .map_err(|e| {
            crate::Error::io(
                crate::t!("login-cannot-read-password"),
                std::io::Error::other(e),
            )
        })?
        .map(Secret::new)
        .map_err(|e| crate::Error::io(crate::t!("login-cannot-read-password"), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_user_prefers_readable_claims() {
        use base64::Engine;
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"sub":"abc","email":"a@example.test"}"#);
        let token = Secret::new(format!("h.{payload}.s"));
        assert_eq!(token_user(&token).as_deref(), Some("a@example.test"));
        assert_eq!(token_user(&Secret::new("garbage")), None);
    }
}
