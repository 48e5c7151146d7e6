//! `vtelink watch NAME` / `--maildir DIR` / `--imap URL`: link new mail as it
//! arrives (the work is in [`crate::batch::watch`]; this file reads the
//! flags, handles SIGTERM and Ctrl-C, and prints one line per email).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::Ctx;
use crate::batch::watch::{Mailbox, Notice, Stop, WatchPlan, Watcher};
use crate::batch::{self, Event, Journal, Observer, Outcome, Source};
use crate::output::{clean, one_line};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A mailbox saved with `vtelink mailbox add`: its folders, rule, password, CRM profile and journal
    #[arg(value_name = "NAME", conflicts_with_all = ["maildir", "imap"])]
    pub name: Option<String>,
    /// A Maildir (with cur/ and new/) to watch; repeatable
    #[arg(long, value_name = "DIR", required_unless_present_any = ["imap", "name"])]
    pub maildir: Vec<PathBuf>,
    /// A mailbox folder to watch with IMAP IDLE: imaps://USER@HOST[:PORT]/FOLDER; repeatable (password: VTELINK_IMAP_PASSWORD, or asked)
    #[arg(long, value_name = "URL")]
    pub imap: Vec<String>,
    #[command(flatten)]
    pub server: super::mail_server::MailServerArgs,
    /// Record ids every new email is linked to; repeatable
    #[arg(long = "to", value_name = "ID")]
    pub to: Vec<String>,
    /// Link each new email to its best suggestion when it is clearly ahead; the others wait for `vtelink review`
    #[arg(long, conflicts_with = "to")]
    pub auto: bool,
    /// Emails linked at the same time
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Attempts per email when the CRM fails transiently (HTTP 5xx, timeouts, resets)
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=20))]
    pub attempts: u32,
    /// The journal (default: the one `vtelink replay` uses for the same sources and --to/--auto)
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Look at the whole of each source again this often even when nothing changed, e.g. 5m
    #[arg(long, value_name = "DURATION", default_value = "5m",
          value_parser = super::clock::parse_duration)]
    pub rescan: Duration,
    /// Wait this long for the folder to be quiet before linking, in milliseconds
    #[arg(long, value_name = "MS", default_value_t = 300, hide = true)]
    pub debounce_ms: u64,
    /// First wait before a retry, in milliseconds (doubles per attempt)
    #[arg(long, value_name = "MS", default_value_t = 500, hide = true)]
    pub retry_base_ms: u64,
    /// The longest wait between attempts while the CRM is away, in seconds
    #[arg(long, value_name = "S", default_value_t = 60, hide = true)]
    pub max_backoff_s: u64,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let (saved, global) = super::mailbox::saved_with_profile(args.name.as_deref(), ctx)?;
    let Some(targets) = super::mailbox::rule(args.auto, &args.to, saved.as_ref())? else {
        return Err(crate::Error::usage(crate::msg!("watch-needs-targets")));
    };
    let mut sources: Vec<Source> = args.maildir.iter().cloned().map(Source::Maildir).collect();
    for source in &sources {
        source.check(Some(&targets))?;
    }
    let mut mailboxes = mailboxes(&args, ctx).await?;
    if let Some((name, mailbox)) = &saved {
        mailboxes.extend(saved_mailbox(name, mailbox, ctx).await?);
    }
    sources.extend(mailboxes.iter().map(|m| {
        Source::Imap(Box::new(batch::imap::ImapSource::new(
            m.url.clone(),
            m.login.clone(),
            m.options.clone(),
            None,
        )))
    }));
    let identity = crate::auth::identity(&super::connect_options(&global))?;
    let journal_path = match (&args.journal, &saved) {
        (Some(path), _) => path.clone(),
        // The same journal as `replay --mailbox NAME`.
        (None, Some((name, _))) => crate::auth::mailbox::journal_path(name)?,
        (None, None) => batch::journal::default_path(&batch::source::sources_key(
            &sources,
            Some(&targets),
            &identity,
        ))?,
    };
    let journal = Arc::new(Journal::open(&journal_path, &identity)?);
    let shown: Vec<String> = sources
        .iter()
        .map(|s| s.path().display().to_string())
        .collect();

    let stop = Stop::new();
    let printer = Arc::new(Printer {
        out: ctx.out.clone(),
        json: ctx.out.is_json(),
        sources: shown,
        journal: journal.path().display().to_string(),
    });
    let signals = tokio::spawn(on_signal(stop.clone(), printer.clone()));
    let conn = tokio::select! {
        conn = connect(&global, &printer, &stop, Duration::from_secs(args.max_backoff_s.max(1))) => conn,
        _ = stop.stopped() => None,
    };
    let result = match conn {
        None => Ok(()),
        Some(conn) => {
            let plan = WatchPlan {
                sources,
                mailboxes,
                targets,
                concurrency: usize::from(args.concurrency),
                attempts: args.attempts,
                retry_base: Duration::from_millis(args.retry_base_ms),
                rescan: args.rescan.max(Duration::from_secs(1)),
                debounce: Duration::from_millis(args.debounce_ms.max(10)),
                max_backoff: Duration::from_secs(args.max_backoff_s.max(1)),
                journal,
            };
            batch::watch::watch(Arc::new(conn?), plan, printer.clone(), stop.clone())
                .await
                .map_err(Into::into)
        }
    };
    signals.abort();
    if result.is_ok() {
        printer.stopped();
    }
    result
}

/// The `--imap` folders, each with its login (the password from
/// `VTELINK_IMAP_PASSWORD`, else asked once per account on a terminal),
/// checked before anything else: a wrong password or folder ends it here.
async fn mailboxes(args: &Args, ctx: &Ctx) -> crate::Result<Vec<Mailbox>> {
    use crate::mail::imap::MailboxUrl;
    let options = args.server.options();
    let urls = args
        .imap
        .iter()
        .map(|u| MailboxUrl::parse(u))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out: Vec<Mailbox> = Vec::new();
    for (url, login) in args.server.logins(ctx, urls).await? {
        crate::mail::imap::check(&url, std::slice::from_ref(&url.folder), &login, &options).await?;
        out.push(Mailbox {
            url,
            login,
            options: options.clone(),
        });
    }
    Ok(out)
}

/// A saved mailbox's folders, with its login (password or OAuth sign-in),
/// checked like `--imap` folders.
async fn saved_mailbox(
    name: &str,
    mailbox: &crate::auth::mailbox::SavedMailbox,
    ctx: &Ctx,
) -> crate::Result<Vec<Mailbox>> {
    let login = super::mailbox::saved_login(name, mailbox, ctx, false).await?;
    let options = super::mailbox::options(mailbox);
    let urls = mailbox.folder_urls()?;
    let folders: Vec<String> = urls.iter().map(|url| url.folder.clone()).collect();
    if let Some(first) = urls.first() {
        crate::mail::imap::check(first, &folders, &login, &options).await?;
    }
    Ok(urls
        .into_iter()
        .map(|url| Mailbox {
            url,
            login: login.clone(),
            options: options.clone(),
        })
        .collect())
}

/// Log in; while the CRM is unreachable, try again with back-off (a
/// service may start before the network or the CRM). `None` when stopped.
async fn connect(
    global: &super::GlobalArgs,
    printer: &Printer,
    stop: &Stop,
    max_backoff: Duration,
) -> Option<crate::Result<crate::crm::Connection>> {
    let mut wait = Duration::from_secs(1);
    loop {
        match crate::auth::connect(&super::connect_options(global)).await {
            Err(e) if e.exit() == crate::Exit::Unreachable => {
                printer.notice(&Notice::Outage {
                    error: e.message().english(),
                    retry_in: wait,
                });
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stop.stopped() => return None,
                }
                wait = (wait * 2).min(max_backoff);
            }
            other => return Some(other),
        }
    }
}

/// SIGTERM (systemd stopping the service) or Ctrl-C: stop taking new mail,
/// let the links in flight finish.
async fn on_signal(stop: Stop, printer: Arc<Printer>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut term) = signal(SignalKind::terminate()) else {
            let _ = tokio::signal::ctrl_c().await;
            printer.notice(&Notice::Stopping);
            return stop.stop();
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    printer.notice(&Notice::Stopping);
    stop.stop();
}

/// One line per email on stderr, or JSON Lines on stdout with --json
/// (docs/json.md, `watch.schema.json`).
struct Printer {
    out: crate::output::Output,
    json: bool,
    /// What is watched: Maildir paths, mailbox URLs.
    sources: Vec<String>,
    journal: String,
}

impl Printer {
    fn stopped(&self) {
        if self.json {
            let _ = self.out.json_line(&serde_json::json!({"event": "stopped"}));
        } else {
            eprintln!("{}", crate::t!("watch-stopped"));
        }
    }
}

fn line(event: &Event) -> String {
    let origin = one_line(&clean(&event.origin.to_string()));
    match &event.outcome {
        Outcome::Linked {
            message,
            related_to,
            ..
        } => crate::t!(
            "watch-linked",
            origin = origin,
            message = message.as_str(),
            to = related_to.join(", ")
        ),
        Outcome::AlreadyPresent {
            message,
            related_to,
        } => crate::t!(
            "watch-already-linked",
            origin = origin,
            message = message.as_str(),
            to = related_to.join(", ")
        ),
        Outcome::Partial {
            message,
            not_stored,
            ..
        } => crate::t!(
            "watch-partial",
            origin = origin,
            message = message.as_str(),
            names = one_line(&clean(
                &not_stored
                    .iter()
                    .map(|m| m.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        ),
        Outcome::Failed { error, message, .. } => {
            let why = message
                .as_ref()
                .map_or_else(|| error.clone(), |m| m.to_string());
            crate::t!(
                "watch-failed",
                origin = origin,
                error = one_line(&clean(&why))
            )
        }
        Outcome::Review { reason, .. } => crate::t!(
            "watch-review",
            origin = origin,
            reason = one_line(&clean(&reason.to_string()))
        ),
        Outcome::Skipped { reason } => crate::t!(
            "watch-skipped",
            origin = origin,
            reason = one_line(&clean(&reason.to_string()))
        ),
        Outcome::Planned { .. } => origin,
    }
}

impl Observer for Printer {
    fn event(&self, event: &Event) {
        if self.json {
            let _ = self
                .out
                .json_line(&serde_json::json!({"event": "entry", "entry": event}));
        } else {
            eprintln!("{}", line(event));
        }
    }
}

impl Watcher for Printer {
    fn notice(&self, notice: &Notice) {
        if self.json {
            let doc = match notice {
                Notice::CaughtUp(summary) => serde_json::json!({
                    "event": "ready", "sources": self.sources, "journal": self.journal,
                    "caught_up": summary,
                }),
                Notice::Outage { error, retry_in } => serde_json::json!({
                    "event": "outage", "error": error,
                    "retry_in_ms": retry_in.as_millis() as u64,
                }),
                Notice::Reconnected => serde_json::json!({"event": "reconnected"}),
                Notice::Stopping => serde_json::json!({"event": "stopping"}),
                Notice::MailServerAway {
                    server,
                    error,
                    retry_in,
                } => serde_json::json!({
                    "event": "mail_server_away", "server": server, "error": error,
                    "retry_in_ms": retry_in.as_millis() as u64,
                }),
            };
            let _ = self.out.json_line(&doc);
            return;
        }
        let text = match notice {
            Notice::CaughtUp(summary) => crate::t!(
                "watch-ready",
                sources = clean(&self.sources.join(", ")),
                linked = summary.linked,
                review = summary.review + summary.waiting,
                failed = summary.failed + summary.partial
            ),
            Notice::Outage { error, retry_in } => crate::t!(
                "watch-outage",
                error = one_line(&clean(error)),
                wait = crate::sanitize::human_duration(*retry_in)
            ),
            Notice::Reconnected => crate::t!("watch-reconnected"),
            Notice::Stopping => crate::t!("watch-stopping"),
            Notice::MailServerAway {
                server,
                error,
                retry_in,
            } => crate::t!(
                "watch-mail-server-away",
                server = clean(server),
                error = one_line(&clean(error)),
                wait = crate::sanitize::human_duration(*retry_in)
            ),
        };
        eprintln!("{text}");
    }
}
