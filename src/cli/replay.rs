//! `vtelink replay`: many links from a manifest, mboxes or Maildirs,
//! concurrently and resumably (the work is in [`crate::batch`]; this file
//! reads the flags and prints).

use std::io::{IsTerminal, Write as _};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Ctx;
use crate::batch::failed::FailedFile;
use crate::batch::{self, Event, Journal, Outcome, Plan, Source, Summary, Targets, Totals};
use crate::output::{clean, one_line};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Manifest: CSV with a `file,to` header, or JSON Lines {"file": ..., "to": [...] | "auto"}
    pub manifest: Option<PathBuf>,
    /// An mbox file to replay (Gmail Takeout, Thunderbird); repeatable
    #[arg(long, value_name = "FILE")]
    pub mbox: Vec<PathBuf>,
    /// A Maildir (with cur/ and new/) to replay; repeatable
    #[arg(long, value_name = "DIR")]
    pub maildir: Vec<PathBuf>,
    /// A mailbox folder to replay, read-only: imaps://USER@HOST[:PORT]/FOLDER (imap:// uses STARTTLS); repeatable
    #[arg(long, value_name = "URL")]
    pub imap: Vec<String>,
    /// A mailbox saved with `vtelink mailbox add`: its folders, rule, password and journal
    #[arg(long, value_name = "NAME")]
    pub mailbox: Option<String>,
    /// Only mailbox messages that arrived on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<chrono::NaiveDate>,
    #[command(flatten)]
    pub server: super::mail_server::MailServerArgs,
    /// Record ids for mbox/Maildir messages and manifest lines without `to`; repeatable
    #[arg(long = "to", value_name = "ID")]
    pub to: Vec<String>,
    /// Link each email to its best suggestion when it is clearly ahead
    #[arg(long, conflicts_with = "to")]
    pub auto: bool,
    /// Emails linked at the same time
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// At most this many requests a second, across all workers
    #[arg(long, value_name = "R")]
    pub max_rps: Option<f64>,
    /// Attempts per email when the CRM fails transiently (HTTP 5xx, timeouts, resets)
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=20))]
    pub attempts: u32,
    /// The journal to write progress to and resume from (default: in the state directory, named after the sources)
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Check everything (files, ids, auto) and print the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Show the journal's totals and exit
    #[arg(long, conflicts_with = "dry_run")]
    pub status: bool,
    /// First wait before a retry, in milliseconds (doubles per attempt)
    #[arg(long, value_name = "MS", default_value_t = 500, hide = true)]
    pub retry_base_ms: u64,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let (saved, global) = super::mailbox::saved_with_profile(args.mailbox.as_deref(), ctx)?;
    let mut sources: Vec<Source> = Vec::new();
    sources.extend(args.manifest.iter().cloned().map(Source::Manifest));
    sources.extend(args.mbox.iter().cloned().map(Source::Mbox));
    sources.extend(args.maildir.iter().cloned().map(Source::Maildir));
    sources.extend(mailboxes(&args, ctx).await?);
    if let Some((name, mailbox)) = &saved {
        sources.extend(saved_mailbox(name, mailbox, &args, ctx).await?);
    }
    let default = super::mailbox::rule(args.auto, &args.to, saved.as_ref())?;
    if sources.is_empty() && !(args.status && args.journal.is_some()) {
        return Err(crate::Error::usage(crate::msg!("replay-nothing")));
    }
    // Which CRM and user the journal is for: known without a network call.
    let identity = || crate::auth::identity(&super::connect_options(&global));
    let journal_path = match (&args.journal, &saved) {
        (Some(path), _) => path.clone(),
        (None, Some((name, _))) => crate::auth::mailbox::journal_path(name)?,
        (None, None) => batch::journal::default_path(&batch::source::sources_key(
            &sources,
            default.as_ref(),
            &identity()?,
        ))?,
    };
    if args.status {
        let totals = Journal::open_existing(&journal_path)?.totals()?;
        print_totals(ctx, &totals)?;
        return Ok(());
    }
    if (!args.mbox.is_empty()
        || !args.maildir.is_empty()
        || !args.imap.is_empty()
        || saved.is_some())
        && default.is_none()
    {
        return Err(crate::Error::usage(crate::msg!(
            "replay-mbox-needs-targets"
        )));
    }
    if let Some(rps) = args.max_rps
        && !(rps.is_finite() && rps > 0.0)
    {
        return Err(crate::Error::usage(crate::msg!("replay-max-rps")));
    }
    for source in &sources {
        source.check(default.as_ref())?;
    }
    check_mailboxes(&sources).await?;

    let conn = Arc::new(crate::auth::connect(&super::connect_options(&global)).await?);
    let (journal, failed) = if args.dry_run {
        (None, None)
    } else {
        let journal = Arc::new(Journal::open(&journal_path, &identity()?)?);
        let failed = Arc::new(FailedFile::new(journal_path.with_extension("failed.jsonl")));
        (Some(journal), Some(failed))
    };
    if let Some(journal) = &journal {
        ctx.out.info(&crate::t!(
            "replay-journal",
            path = clean(&journal.path().display().to_string())
        ));
    }

    let bar = progress_bar(ctx, &sources, default.as_ref()).await;
    let observer = Arc::new(Printer {
        out: ctx.out.clone(),
        json: ctx.out.is_json(),
        quiet: ctx.out.is_quiet(),
        dry_run: args.dry_run,
        bar: bar.clone(),
        attention: Mutex::new(Vec::new()),
    });
    let plan = Plan {
        sources,
        default,
        concurrency: usize::from(args.concurrency),
        max_rps: args.max_rps,
        attempts: args.attempts,
        retry_base: Duration::from_millis(args.retry_base_ms),
        dry_run: args.dry_run,
        journal,
        failed,
        stop: None,
    };
    let result = batch::run(conn, plan, observer.clone()).await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let summary = result?;
    print_summary(ctx, &summary, &observer)?;
    let attention = summary.needs_attention();
    if attention > 0 {
        return Err(crate::Error::Partial {
            failed: attention as usize,
            total: (summary.entries + summary.done_before) as usize,
        });
    }
    Ok(())
}

/// The `--imap` folders as sources, each with its login: the password from
/// `VTELINK_IMAP_PASSWORD`, else asked once per account on a terminal.
async fn mailboxes(args: &Args, ctx: &Ctx) -> crate::Result<Vec<Source>> {
    use crate::mail::imap::{Login, MailboxUrl};
    let urls = args
        .imap
        .iter()
        .map(|u| MailboxUrl::parse(u))
        .collect::<Result<Vec<_>, _>>()?;
    if urls.is_empty() {
        if args.since.is_some() && args.mailbox.is_none() {
            return Err(crate::Error::usage(crate::msg!("replay-since-needs-imap")));
        }
        if args.server.oauth.oauth.is_some() {
            return Err(crate::Error::usage(crate::msg!("replay-oauth-needs-imap")));
        }
        return Ok(Vec::new());
    }
    let options = args.server.options();
    let logins = if args.status {
        // Only the journal is read: no login.
        urls.into_iter()
            .map(|url| (url, Login::Password(crate::redact::Secret::default())))
            .collect()
    } else {
        args.server.logins(ctx, urls).await?
    };
    Ok(logins
        .into_iter()
        .map(|(url, login)| {
            Source::Imap(Box::new(batch::imap::ImapSource::new(
                url,
                login,
                options.clone(),
                args.since,
            )))
        })
        .collect())
}

/// A saved mailbox's folders as sources, with its login
/// ([`super::mailbox::saved_login`]).
async fn saved_mailbox(
    name: &str,
    mailbox: &crate::auth::mailbox::SavedMailbox,
    args: &Args,
    ctx: &Ctx,
) -> crate::Result<Vec<Source>> {
    let login = super::mailbox::saved_login(name, mailbox, ctx, args.status).await?;
    let options = super::mailbox::options(mailbox);
    Ok(mailbox
        .folder_urls()?
        .into_iter()
        .map(|url| {
            Source::Imap(Box::new(batch::imap::ImapSource::new(
                url,
                login.clone(),
                options.clone(),
                args.since,
            )))
        })
        .collect())
}

/// Log in to each mail account once and choose its folders (read-only)
/// before anything else: a wrong password or folder ends the command here.
async fn check_mailboxes(sources: &[Source]) -> crate::Result<()> {
    let mut accounts: Vec<(&batch::imap::ImapSource, Vec<String>)> = Vec::new();
    for source in sources {
        let Source::Imap(mailbox) = source else {
            continue;
        };
        match accounts
            .iter_mut()
            .find(|(first, _)| first.url.account() == mailbox.url.account())
        {
            Some((_, folders)) => folders.push(mailbox.url.folder.clone()),
            None => accounts.push((mailbox, vec![mailbox.url.folder.clone()])),
        }
    }
    for (mailbox, folders) in accounts {
        crate::mail::imap::check(&mailbox.url, &folders, &mailbox.login, &mailbox.options).await?;
    }
    Ok(())
}

/// On a terminal only, and not with --quiet/--json: a bar with rate and ETA.
async fn progress_bar(
    ctx: &Ctx,
    sources: &[Source],
    default: Option<&Targets>,
) -> Option<ProgressBar> {
    if ctx.out.is_json() || ctx.out.is_quiet() || !std::io::stderr().is_terminal() {
        return None;
    }
    // A mailbox's size is known only as it is read: a count and a rate then,
    // no bar and no ETA.
    let open_ended = sources.iter().any(|s| matches!(s, Source::Imap(_)));
    let total = if open_ended {
        None
    } else {
        let counted = sources.to_vec();
        let default = default.cloned();
        // One streaming pass to know the length; the run streams again.
        let total =
            tokio::task::spawn_blocking(move || batch::source::count(&counted, default.as_ref()))
                .await
                .unwrap_or(0);
        Some(total)
    };
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
    let template = if open_ended {
        crate::t!("replay-progress-open")
    } else {
        crate::t!("replay-progress")
    };
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}/s", crate::l10n::decimal(state.per_sec()));
            },
        ));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

/// Prints each entry as it ends: JSON Lines with --json; otherwise the
/// entries needing attention (and, in a dry run, the plan).
struct Printer {
    /// For the JSON lines (each carries `schema_version`, docs/json.md).
    out: crate::output::Output,
    json: bool,
    quiet: bool,
    dry_run: bool,
    bar: Option<ProgressBar>,
    /// Lines for the final list of entries needing attention.
    attention: Mutex<Vec<(u64, String)>>,
}

/// How many entries needing attention are listed at the end (all are in the file).
const LISTED: usize = 50;

impl Printer {
    fn human(&self, text: String, to_stdout: bool) {
        match (&self.bar, to_stdout) {
            (Some(bar), _) => bar.println(text),
            (None, true) => {
                let _ = writeln!(std::io::stdout().lock(), "{text}");
            }
            (None, false) => eprintln!("{text}"),
        }
    }
}

fn describe(event: &Event) -> String {
    let why = match &event.outcome {
        Outcome::Failed { error, message, .. } => message
            .as_ref()
            .map_or_else(|| error.clone(), |m| m.to_string()),
        Outcome::Skipped { reason } => reason.to_string(),
        Outcome::Partial { not_stored, .. } => {
            let names: Vec<String> = not_stored.iter().map(|m| m.to_string()).collect();
            crate::t!("replay-not-stored", names = names.join(", "))
        }
        _ => String::new(),
    };
    let state = match event.outcome.name() {
        "failed" => crate::t!("replay-state-failed"),
        "partial" => crate::t!("replay-state-partial"),
        "skipped" => crate::t!("replay-state-skipped"),
        other => other.to_owned(),
    };
    format!(
        "{:<8} {}: {}",
        state,
        clean(&event.origin.to_string()),
        one_line(&clean(&why))
    )
}

impl batch::Observer for Printer {
    fn event(&self, event: &Event) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
        if self.json {
            let line = serde_json::json!({"event": "entry", "entry": event});
            let _ = self.out.json_line(&line);
            return;
        }
        if event.outcome.needs_attention() {
            let text = describe(event);
            let mut listed = self.attention.lock().unwrap_or_else(|p| p.into_inner());
            if listed.len() < LISTED {
                listed.push((event.seq, text));
            }
        } else if self.dry_run && !self.quiet {
            let to = match &event.outcome {
                Outcome::Planned { related_to } => related_to.join(", "),
                _ => String::new(),
            };
            self.human(
                crate::t!(
                    "replay-would-link",
                    origin = clean(&event.origin.to_string()),
                    to = to
                ),
                true,
            );
        }
    }

    fn done_before(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn waiting(&self) {
        self.done_before();
    }
}

fn print_summary(ctx: &Ctx, summary: &Summary, printer: &Printer) -> crate::Result<()> {
    let failed_file = || {
        if let Some(path) = &summary.failed_file {
            let shown = clean(&path.display().to_string()).into_owned();
            eprintln!("{}", crate::t!("replay-failed-file", path = shown));
        }
    };
    if ctx.out.is_json() {
        failed_file();
        let line = serde_json::json!({"event": "summary", "summary": summary});
        return ctx.out.json_line(&line);
    }
    let mut listed = printer
        .attention
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    listed.sort();
    let attention = summary.needs_attention();
    if attention > 0 {
        eprintln!("{}", crate::t!("replay-attention"));
        for (_, line) in &listed {
            eprintln!("  {line}");
        }
        if attention as usize > listed.len() {
            eprintln!(
                "  {}",
                crate::t!("replay-and-more", count = attention as usize - listed.len())
            );
        }
    }
    let head = if summary.dry_run {
        crate::t!(
            "replay-summary-dry-run",
            planned = summary.planned,
            failed = summary.failed,
            skipped = summary.skipped
        )
    } else {
        crate::t!(
            "replay-summary",
            linked = summary.linked,
            present = summary.already_present,
            partial = summary.partial,
            failed = summary.failed,
            skipped = summary.skipped,
            before = summary.done_before
        )
    };
    ctx.out.line(&head);
    let waiting = summary.review + summary.waiting;
    if waiting > 0 {
        ctx.out.line(&if summary.dry_run {
            crate::t!("replay-review-dry-run", count = waiting)
        } else {
            crate::t!("replay-review", count = waiting)
        });
    }
    failed_file();
    if summary.malformed > 0 {
        eprintln!(
            "{}",
            crate::t!("replay-malformed", count = summary.malformed)
        );
    }
    Ok(())
}

fn print_totals(ctx: &Ctx, totals: &Totals) -> crate::Result<()> {
    if ctx.out.is_json() {
        return ctx.out.json(totals);
    }
    ctx.out.line(&crate::t!(
        "replay-totals-journal",
        path = clean(&totals.journal)
    ));
    if let (Some(url), Some(user)) = (&totals.crm_url, &totals.crm_user) {
        ctx.out.line(&crate::t!(
            "replay-totals-crm",
            user = clean(user),
            url = clean(url)
        ));
    }
    ctx.out.line(&crate::t!(
        "replay-totals",
        entries = totals.entries,
        linked = totals.linked,
        present = totals.already_present,
        partial = totals.partial,
        failed = totals.failed,
        skipped = totals.skipped,
        unfinished = totals.unfinished
    ));
    if totals.review + totals.ignored > 0 {
        ctx.out.line(&crate::t!(
            "replay-totals-review",
            review = totals.review,
            ignored = totals.ignored
        ));
    }
    let last = totals
        .last_change
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| crate::l10n::datetime(&t.with_timezone(&chrono::Local)))
        .unwrap_or_else(|| crate::t!("replay-never"));
    ctx.out
        .line(&crate::t!("replay-runs", runs = totals.runs, last = last));
    Ok(())
}
