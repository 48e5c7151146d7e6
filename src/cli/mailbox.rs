//! `vtelink mailbox add/list/remove`: saved mailboxes (the work is in
//! [`crate::auth::mailbox`]); `replay --mailbox NAME` reads one.

use super::Ctx;
use crate::auth::mailbox::{self, Mailboxes, SavedMailbox};
use crate::batch::{Journal, Targets};
use crate::mail::imap::{self, Login, MailboxUrl};
use crate::output::clean;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Save a mailbox: its account, folders, and where its mail goes (the password goes to the OS keyring)
    Add(AddArgs),
    /// The saved mailboxes: address, folders, CRM profile, rule, last sync, linked / waiting for review / failed
    List,
    /// Forget a saved mailbox and its password (the CRM keeps what was linked)
    Remove(RemoveArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// A name for it (letters, digits, - _ .)
    pub name: String,
    /// The account: imaps://USER@HOST[:PORT][/FOLDER] (imap:// uses STARTTLS)
    pub url: String,
    /// A folder to read (default: the URL's, else INBOX); repeatable
    #[arg(long, value_name = "FOLDER")]
    pub folder: Vec<String>,
    /// Record ids every message is linked to; repeatable
    #[arg(long = "to", value_name = "ID", required_unless_present = "auto")]
    pub to: Vec<String>,
    /// Link each message to its best suggestion when it is clearly ahead
    #[arg(long, conflicts_with = "to")]
    pub auto: bool,
    #[command(flatten)]
    pub server: super::mail_server::MailServerArgs,
}

#[derive(Debug, clap::Args)]
pub struct RemoveArgs {
    /// The saved mailbox's name
    pub name: String,
}

/// The mailbox saved under `name` (one line when there is none).
pub fn saved(name: &str) -> crate::Result<SavedMailbox> {
    mailbox::validate_name(name)?;
    Mailboxes::load()?
        .get(name)
        .cloned()
        .ok_or_else(|| crate::Error::not_found(crate::msg!("mailbox-unknown", name = clean(name))))
}

/// How a saved mailbox logs in: its OAuth sign-in (renewed, or a new device
/// flow), else its password (`VTELINK_IMAP_PASSWORD` when set, else the
/// keyring). `offline`: nothing will connect (`replay --status`), so nothing
/// is asked or read.
pub async fn saved_login(
    name: &str,
    saved: &SavedMailbox,
    ctx: &Ctx,
    offline: bool,
) -> crate::Result<Login> {
    if offline {
        return Ok(Login::Password(crate::redact::Secret::default()));
    }
    if let Some(settings) = &saved.oauth {
        let account = MailboxUrl::parse(&saved.url)?;
        let http = super::device_flow::provider_http(ctx, saved.ca_cert.as_deref());
        return super::device_flow::oauth_login(ctx, settings, http, &account).await;
    }
    let password = match std::env::var("VTELINK_IMAP_PASSWORD") {
        Ok(password) if !password.is_empty() => crate::redact::Secret::new(password),
        _ => mailbox::load_password(name).await?.ok_or_else(|| {
            crate::Error::usage(crate::msg!("mailbox-no-password", name = clean(name)))
        })?,
    };
    Ok(Login::Password(password))
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    match args.action {
        Action::Add(add_args) => add(add_args, ctx).await,
        Action::List => list(ctx),
        Action::Remove(remove_args) => remove(remove_args, ctx).await,
    }
}

/// The options to reach a saved mailbox's server.
pub(super) fn options(saved: &SavedMailbox) -> imap::Options {
    imap::Options {
        ca_cert: saved.ca_cert.clone(),
        allow_plaintext: saved.allow_plaintext,
        ..imap::Options::default()
    }
}

/// The saved mailbox `name` (when one is named) and the global options to
/// run it under: a saved mailbox links into its own CRM profile unless
/// `--profile` names another.
pub(super) fn saved_with_profile(
    name: Option<&str>,
    ctx: &Ctx,
) -> crate::Result<(Option<(String, SavedMailbox)>, super::GlobalArgs)> {
    let saved = match name {
        Some(name) => Some((name.to_owned(), saved(name)?)),
        None => None,
    };
    let mut global = ctx.global.clone();
    if let Some((_, mailbox)) = &saved
        && global.profile == "default"
    {
        global.profile = mailbox.profile.clone();
    }
    Ok((saved, global))
}

/// What to link to: `--auto`, the `--to` ids, else the saved mailbox's rule.
pub(super) fn rule(
    auto: bool,
    to: &[String],
    saved: Option<&(String, SavedMailbox)>,
) -> crate::Result<Option<Targets>> {
    if auto {
        return Ok(Some(Targets::Auto));
    }
    if !to.is_empty() {
        return Targets::from_ids(to.iter().map(|s| s.trim()))
            .map(Some)
            .map_err(|e| crate::Error::usage(crate::msg!("replay-bad-to", detail = e)));
    }
    Ok(saved.and_then(|(_, mailbox)| targets(mailbox)))
}

/// Its rule as targets.
pub(super) fn targets(saved: &SavedMailbox) -> Option<Targets> {
    if saved.auto {
        Some(Targets::Auto)
    } else {
        Targets::from_ids(saved.to.iter().map(String::as_str)).ok()
    }
}

async fn add(args: AddArgs, ctx: &Ctx) -> crate::Result<()> {
    mailbox::validate_name(&args.name)?;
    let url = MailboxUrl::parse(&args.url)?;
    let folders: Vec<String> = if args.folder.is_empty() {
        vec![url.folder.clone()]
    } else {
        args.folder.clone()
    };
    if !args.auto {
        Targets::from_ids(args.to.iter().map(|s| s.trim()))
            .map_err(|e| crate::Error::usage(crate::msg!("replay-bad-to", detail = e)))?;
    }
    let saved = SavedMailbox {
        url: url.account(),
        folders: folders.clone(),
        profile: ctx.global.profile.clone(),
        to: if args.auto {
            Vec::new()
        } else {
            args.to.clone()
        },
        auto: args.auto,
        ca_cert: args
            .server
            .ca_cert
            .as_ref()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone())),
        allow_plaintext: args.server.allow_plaintext,
        oauth: args.server.oauth.settings(),
    };
    // An OAuth sign-in is kept per mail account (the OS keyring), not with
    // the mailbox; a password is saved with it below.
    let login = args.server.login(ctx, &url).await?;
    // The login, the certificate and every folder work before anything is saved.
    imap::check(&url, &folders, &login, &options(&saved)).await?;
    if let Login::Password(password) = &login {
        mailbox::save_password(&args.name, password).await?;
    }
    let mut all = Mailboxes::load()?;
    // Adding a saved name again updates it (a new password, other
    // folders); its journal stays, so nothing linked is linked again.
    let updated = all
        .mailboxes
        .insert(args.name.clone(), saved.clone())
        .is_some();
    all.save()?;
    if ctx.out.is_json() {
        return ctx.out.json(&Row::new(&args.name, &saved));
    }
    if updated {
        ctx.out
            .line(&crate::t!("mailbox-updated", name = clean(&args.name)));
    }
    ctx.out.line(&crate::t!(
        "mailbox-added",
        name = clean(&args.name),
        url = clean(&saved.url),
        folders = clean(&saved.folders.join(", ")),
        profile = clean(&saved.profile)
    ));
    Ok(())
}

/// One mailbox as `list` shows it (docs/json.md, `mailbox list`).
#[derive(Debug, serde::Serialize)]
struct Row {
    name: String,
    url: String,
    folders: Vec<String>,
    profile: String,
    /// `auto`, or the record ids.
    rule: Option<Targets>,
    /// When its journal last changed (`null`: never replayed).
    last_sync: Option<String>,
    /// Linked, or found linked already.
    linked: u64,
    /// Waiting for someone to decide (`vtelink review`).
    review: u64,
    /// Failed, partial or skipped: see the journal's failed-entries file.
    failed: u64,
}

impl Row {
    fn new(name: &str, saved: &SavedMailbox) -> Row {
        let totals = mailbox::journal_path(name)
            .ok()
            .and_then(|path| Journal::open_existing(&path).ok())
            .and_then(|journal| journal.totals().ok());
        Row {
            name: name.to_owned(),
            url: saved.url.clone(),
            folders: saved.folders.clone(),
            profile: saved.profile.clone(),
            rule: targets(saved),
            last_sync: totals.as_ref().and_then(|t| t.last_change.clone()),
            linked: totals.as_ref().map_or(0, |t| t.linked + t.already_present),
            review: totals.as_ref().map_or(0, |t| t.review),
            failed: totals
                .as_ref()
                .map_or(0, |t| t.failed + t.partial + t.skipped),
        }
    }
}

#[derive(Debug, serde::Serialize)]
struct List {
    mailboxes: Vec<Row>,
}

fn list(ctx: &Ctx) -> crate::Result<()> {
    let all = Mailboxes::load()?;
    let rows: Vec<Row> = all
        .mailboxes
        .iter()
        .map(|(name, saved)| Row::new(name, saved))
        .collect();
    if ctx.out.is_json() {
        return ctx.out.json(&List { mailboxes: rows });
    }
    if rows.is_empty() {
        ctx.out.info(&crate::t!("mailbox-none"));
        return Ok(());
    }
    for row in rows {
        let rule = match &row.rule {
            Some(Targets::Auto) => "auto".to_owned(),
            Some(Targets::Ids(ids)) => ids.join(" "),
            None => "-".to_owned(),
        };
        let never = crate::t!("replay-never");
        ctx.out.line(&crate::t!(
            "mailbox-row",
            name = clean(&row.name),
            url = clean(&row.url),
            folders = clean(&row.folders.join(", ")),
            profile = clean(&row.profile),
            rule = clean(&rule),
            last = row.last_sync.as_deref().map_or(never, |t| {
                match chrono::DateTime::parse_from_rfc3339(t) {
                    Ok(t) => crate::l10n::datetime(&t.with_timezone(&chrono::Local)),
                    Err(_) => clean(t).into_owned(),
                }
            }),
            linked = row.linked,
            review = row.review,
            failed = row.failed
        ));
    }
    Ok(())
}

async fn remove(args: RemoveArgs, ctx: &Ctx) -> crate::Result<()> {
    mailbox::validate_name(&args.name)?;
    let mut all = Mailboxes::load()?;
    let Some(removed) = all.mailboxes.remove(&args.name) else {
        return Err(crate::Error::not_found(crate::msg!(
            "mailbox-unknown",
            name = clean(&args.name)
        )));
    };
    if removed.oauth.is_some() {
        // The kept sign-in of its account (shared with `--imap URL --oauth` runs).
        let store = crate::auth::mail_oauth::TokenStore::for_account(&removed.url);
        if let Err(e) = store.delete().await {
            tracing::warn!("could not forget the mailbox's OAuth sign-in: {e}");
        }
    }
    // The password first: a keyring that cannot be reached keeps the entry.
    mailbox::delete_password(&args.name).await?;
    all.save()?;
    if ctx.out.is_json() {
        return ctx.out.json(&serde_json::json!({ "removed": args.name }));
    }
    ctx.out
        .line(&crate::t!("mailbox-removed", name = clean(&args.name)));
    Ok(())
}
