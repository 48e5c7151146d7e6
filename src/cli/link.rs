//! `vtelink link FILE... --to ID...`: copy emails into the CRM and relate them.

use std::path::{Path, PathBuf};

use futures::StreamExt as _;
use serde::Serialize;

use super::Ctx;
use super::targets::{TargetArgs, resolve_targets};
use crate::error::Exit;
use crate::link::{self, LinkOptions, LinkReport, Outgoing};
use crate::output::clean;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .eml or .msg files, or - for standard input (once)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Show what would be created without changing the CRM
    #[arg(long)]
    pub dry_run: bool,
    /// Attachments uploaded at once, per email
    #[arg(long, value_name = "N", default_value_t = link::DEFAULT_UPLOAD_CONCURRENCY as u16,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub upload_concurrency: u16,
    /// Emails linked at once when several files are given
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY,
          value_parser = clap::value_parser!(u16).range(1..=32))]
    pub concurrency: u16,
}

/// Emails in flight at once: each holds its attachments in memory, so this
/// bounds memory as well as the load on the CRM.
const DEFAULT_CONCURRENCY: u16 = 4;

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    if args.files.iter().filter(|f| is_stdin(f)).count() > 1 {
        return Err(crate::Error::usage(crate::msg!("link-stdin-once")));
    }
    let opts = LinkOptions {
        dry_run: args.dry_run,
        upload_concurrency: usize::from(args.upload_concurrency),
    };
    if let [file] = args.files.as_slice() {
        return link_one(&args, ctx, file, &opts).await;
    }
    let targets = &args.targets;
    if targets.pick {
        return Err(crate::Error::usage(crate::msg!("link-pick-one-file")));
    }
    if targets.to.is_empty() && !targets.best && !targets.auto {
        return Err(crate::Error::usage(crate::msg!(
            "link-several-need-targets"
        )));
    }
    link_many(&args, ctx, &opts).await
}

/// Read and parse an email off the async threads (parsing is CPU work that
/// would hold up the other links' network calls).
async fn load(path: PathBuf) -> crate::Result<crate::mail::Loaded> {
    tokio::task::spawn_blocking(move || crate::mail::load(&path))
        .await
        .map_err(|e| crate::Error::io(crate::t!("link-parsing-stopped"), std::io::Error::other(e)))?
        .map_err(Into::into)
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// One file: the full report, an interactive choice when no target is given.
async fn link_one(args: &Args, ctx: &Ctx, file: &Path, opts: &LinkOptions) -> crate::Result<()> {
    let loaded = load(file.to_owned()).await?;
    let email = &loaded.email;
    for warning in &email.warnings {
        ctx.out.warn(&format!("{}: {warning}", file.display()));
    }
    args.targets.check(ctx)?;
    let conn = super::connect(ctx).await?;
    let targets = resolve_targets(ctx, &conn, email, &args.targets).await?;
    let outgoing = Outgoing::from_loaded(loaded);
    let report = link::link(&conn, &outgoing, &targets, opts).await?;
    if ctx.out.is_json() {
        ctx.out.json(&report)?;
    } else {
        print_report(ctx, &report, &outgoing);
    }
    match not_stored_message(&report) {
        Some(message) => Err(crate::Error::Reported {
            exit: Exit::Partial,
            message,
        }),
        None => Ok(()),
    }
}

/// The one line that says which attachments the CRM did not keep.
fn not_stored_message(report: &LinkReport) -> Option<String> {
    let problems: Vec<String> = report
        .not_stored()
        .filter_map(|d| d.problem.as_ref().map(|p| p.to_string()))
        .collect();
    match problems.as_slice() {
        [] => None,
        [one] if report.dry_run => Some(one.clone()),
        [one] => Some(crate::t!("link-without-attachment", problem = one)),
        many => Some(crate::t!(
            "link-attachments-not-stored",
            count = many.len(),
            problems = many.join("; ")
        )),
    }
}

/// What happened to one of several files.
#[derive(Debug, Serialize)]
struct FileOutcome {
    file: String,
    /// `linked`, `partial` (an attachment was not stored) or `failed`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<LinkReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<FileError>,
}

#[derive(Debug, Serialize)]
struct FileError {
    kind: &'static str,
    exit_code: u8,
    message: String,
}

#[derive(Debug, Default, Serialize)]
struct Summary {
    files: usize,
    linked: usize,
    partial: usize,
    failed: usize,
    dry_run: bool,
}

/// Several files over one session, `--concurrency` at a time; a bad file
/// fails alone.
async fn link_many(args: &Args, ctx: &Ctx, opts: &LinkOptions) -> crate::Result<()> {
    let conn = super::connect(ctx).await?;
    let conn = &conn;
    let state = &link::RunState::new(conn);
    // Look the files up in the CRM ahead of their links, many per query:
    // the first window before any link starts, the others alongside.
    let mut windows = args.files.chunks(READ_AHEAD);
    if let Some(first) = windows.next() {
        state.prefetch(conn, probes(first).await).await;
    }
    let read_ahead = async {
        for window in windows {
            state.prefetch(conn, probes(window).await).await;
        }
    };
    let places = std::sync::Arc::new(tokio::sync::Semaphore::new(usize::from(args.concurrency)));
    let mut outcomes = futures::stream::iter(args.files.iter())
        .map(|file| {
            let places = places.clone();
            async move {
                // From here the link counts as coming: the look-ups after
                // creating of the links before it wait to share its round.
                let slot = state.slot(Some(places), None);
                let result = link_file(ctx, conn, state, file, &args.targets, opts, &slot).await;
                (file, result)
            }
        })
        .buffered(READ_AHEAD.max(usize::from(args.concurrency)));
    let mut read_ahead = std::pin::pin!(read_ahead);
    let mut read = false;
    let mut summary = Summary {
        files: args.files.len(),
        dry_run: opts.dry_run,
        ..Summary::default()
    };
    let mut failures: Vec<String> = Vec::new();
    loop {
        let next = tokio::select! {
            next = outcomes.next() => next,
            () = &mut read_ahead, if !read => {
                read = true;
                continue;
            }
        };
        let Some((file, result)) = next else {
            break;
        };
        let name = file.display().to_string();
        let outcome = match result {
            Ok((report, subject)) => {
                let partial = not_stored_message(&report);
                if !ctx.out.is_json() {
                    print_file_line(ctx, &name, &report, &subject, partial.as_deref());
                }
                match partial {
                    Some(problem) => {
                        summary.partial += 1;
                        failures.push(format!("{}: {problem}", clean(&name)));
                        ("partial", Some(report), None)
                    }
                    None => {
                        summary.linked += 1;
                        ("linked", Some(report), None)
                    }
                }
            }
            Err(e) => {
                summary.failed += 1;
                let text = e.message();
                let message = crate::output::one_line(&clean(&text.to_string()));
                if !ctx.out.is_json() {
                    ctx.out.line(&format!(
                        "{} {}: {message}",
                        ctx.out.red(&crate::t!("link-state-failed")),
                        clean(&name)
                    ));
                }
                failures.push(format!("{}: {message}", clean(&name)));
                let exit = e.exit();
                (
                    "failed",
                    None,
                    Some(FileError {
                        kind: exit.kind(),
                        exit_code: exit.code(),
                        // Machines read English (docs/json.md).
                        message: crate::output::one_line(&clean(&text.english())),
                    }),
                )
            }
        };
        if ctx.out.is_json() {
            let (status, report, error) = outcome;
            ctx.out.json_line(&FileOutcome {
                file: name,
                status,
                report,
                error,
            })?;
        }
    }
    drop(outcomes);
    if ctx.out.is_json() {
        ctx.out
            .json_line(&serde_json::json!({ "summary": &summary }))?;
    } else {
        let line = if opts.dry_run {
            crate::msg!(
                "link-summary-dry-run",
                files = summary.files,
                linked = summary.linked,
                partial = summary.partial,
                failed = summary.failed
            )
        } else {
            crate::msg!(
                "link-summary",
                files = summary.files,
                linked = summary.linked,
                partial = summary.partial,
                failed = summary.failed
            )
        };
        ctx.out.info(&line.to_string());
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(crate::Error::Reported {
            exit: Exit::Partial,
            message: crate::t!(
                "link-files-not-fully-linked",
                count = failures.len(),
                files = summary.files,
                failures = failures.join("; ")
            ),
        })
    }
}

/// Files looked up in the CRM together, ahead of their links (and the most
/// emails in memory at once: those waiting for their look-up after
/// creating, plus `--concurrency` working).
const READ_AHEAD: usize = 48;

/// What the read-ahead looks up for `files` (standard input is not read
/// twice; a file that does not parse is left to its link to report).
async fn probes(files: &[PathBuf]) -> Vec<link::Probe> {
    let files: Vec<PathBuf> = files.iter().filter(|f| !is_stdin(f)).cloned().collect();
    tokio::task::spawn_blocking(move || {
        files
            .iter()
            .filter_map(|f| crate::mail::load(f).ok())
            .map(|loaded| Outgoing::from_loaded(loaded).probe())
            .collect()
    })
    .await
    .unwrap_or_default()
}

/// Parse, choose the targets and link one of several files, in `slot`.
async fn link_file(
    ctx: &Ctx,
    conn: &crate::crm::Connection,
    state: &link::RunState,
    file: &Path,
    targets: &TargetArgs,
    opts: &LinkOptions,
    slot: &link::Slot<'_>,
) -> crate::Result<(LinkReport, String)> {
    slot.resume().await;
    let loaded = load(file.to_owned()).await?;
    let targets = resolve_targets(ctx, conn, &loaded.email, targets).await?;
    let outgoing = Outgoing::from_loaded(loaded);
    let report = link::link_in_run(conn, state, &outgoing, &targets, opts, slot).await?;
    Ok((report, outgoing.subject))
}

fn print_file_line(
    ctx: &Ctx,
    name: &str,
    report: &LinkReport,
    subject: &str,
    problem: Option<&str>,
) {
    let state = match (report.dry_run, report.message_created) {
        (true, true) => crate::t!("link-state-would-link"),
        (true, false) => crate::t!("link-state-already-in-crm"),
        (false, true) => crate::t!("link-state-linked"),
        (false, false) => crate::t!("link-state-already-linked"),
    };
    let state = if problem.is_some() {
        ctx.out.red(&crate::t!("link-state-partial"))
    } else {
        ctx.out.green(&state)
    };
    let message = if report.message.is_empty() {
        crate::t!("link-new")
    } else {
        report.message.clone()
    };
    ctx.out.line(&format!(
        "{state} {}: {}  {}",
        clean(name),
        crate::t!(
            "link-file-line",
            message = message,
            documents = report.documents.len(),
            targets = report.related_to.join(", ")
        ),
        ctx.out.dim(&clean(subject)),
    ));
}

pub fn print_report(ctx: &Ctx, report: &LinkReport, email: &Outgoing) {
    let verb = |created: bool| match (report.dry_run, created) {
        (true, true) => crate::t!("link-verb-would-create"),
        (true, false) => crate::t!("link-state-already-in-crm"),
        (false, true) => crate::t!("link-verb-created"),
        (false, false) => crate::t!("link-verb-reused"),
    };
    let new = crate::t!("link-new");
    ctx.out.line(&format!(
        "{} {} {}  {}",
        crate::t!("unlink-kind-message"),
        if report.message.is_empty() {
            new.as_str()
        } else {
            report.message.as_str()
        },
        verb(report.message_created),
        ctx.out.dim(&clean(&email.subject)),
    ));
    for doc in &report.documents {
        let id = if doc.id.is_empty() {
            new.as_str()
        } else {
            doc.id.as_str()
        };
        let state = if doc.stored {
            verb(doc.created)
        } else {
            ctx.out.red(&crate::t!("link-not-stored"))
        };
        let mut renamed = doc
            .stored_name
            .as_deref()
            .map(|n| crate::t!("link-stored-as", name = clean(n)))
            .unwrap_or_default();
        if let Some(title) = &doc.stored_title {
            renamed.push_str(&crate::t!("link-stored-title", title = clean(title)));
        }
        ctx.out.line(&format!(
            "  {} {id} {state}  {} ({}{renamed})",
            crate::t!("unlink-kind-document"),
            clean(&doc.file_name),
            crate::l10n::size(doc.size),
        ));
    }
    let stored = report.documents.iter().any(|d| d.stored);
    let targets = report.related_to.join(", ");
    let line = match (report.dry_run, stored) {
        (true, true) => crate::msg!("link-would-relate-with-documents", targets = &targets),
        (true, false) => crate::msg!("link-would-relate", targets = &targets),
        (false, true) => crate::msg!("link-related-with-documents", targets = &targets),
        (false, false) => crate::msg!("link-related", targets = &targets),
    };
    ctx.out.line(&format!("  {line}"));
    for cut in &report.cut {
        ctx.out.line(&format!(
            "  {}",
            crate::t!(
                "link-field-cut",
                field = cut.field,
                stored = cut.stored,
                length = cut.length
            )
        ));
    }
    if !report.removed_duplicates.is_empty() {
        ctx.out.line(&format!(
            "  {}",
            crate::t!("link-converged", ids = report.removed_duplicates.join(", "))
        ));
    }
}
