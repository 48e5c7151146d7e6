//! `vtelink link FILE --to ID...`: copy an email into the CRM and relate it.

use std::path::PathBuf;

use super::Ctx;
use super::targets::{TargetArgs, resolve_targets};
use crate::link::{self, LinkReport, Outgoing};
use crate::output::{clean, human_size};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .eml or .msg file, or - for standard input
    pub file: PathBuf,
    #[command(flatten)]
    pub targets: TargetArgs,
    /// Show what would be created without changing the CRM
    #[arg(long)]
    pub dry_run: bool,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let (email, raw) = super::read_email(&args.file)?;
    for warning in &email.warnings {
        ctx.out.warn(&format!("{}: {warning}", args.file.display()));
    }
    args.targets.check(ctx)?;
    let conn = super::connect(ctx).await?;
    let targets = resolve_targets(ctx, &conn, &email, &args.targets).await?;
    let outgoing = Outgoing::from_email(email, &raw);
    let report = link::link(&conn, &outgoing, &targets, args.dry_run).await?;
    if ctx.out.is_json() {
        ctx.out.json(&report)?;
    } else {
        print_report(ctx, &report, &outgoing);
    }
    Ok(())
}

pub fn print_report(ctx: &Ctx, report: &LinkReport, email: &Outgoing) {
    let verb = |created: bool| match (report.dry_run, created) {
        (true, true) => "would create",
        (true, false) => "already in the CRM",
        (false, true) => "created",
        (false, false) => "already linked, reused",
    };
    ctx.out.line(&format!(
        "Message {} {}  {}",
        if report.message.is_empty() {
            "(new)"
        } else {
            report.message.as_str()
        },
        verb(report.message_created),
        ctx.out.dim(&clean(&email.subject)),
    ));
    for doc in &report.documents {
        ctx.out.line(&format!(
            "  Document {} {}  {} ({})",
            if doc.id.is_empty() {
                "(new)"
            } else {
                doc.id.as_str()
            },
            verb(doc.created),
            clean(&doc.file_name),
            human_size(doc.size),
        ));
    }
    let action = if report.dry_run {
        "would relate to"
    } else {
        "related to"
    };
    ctx.out
        .line(&format!("  {action} {}", report.related_to.join(", ")));
}
