//! `vtelink link FILE --to ID...`: copy an email into the CRM and relate it.

use std::path::PathBuf;

use super::Ctx;
use crate::link::{self, LinkReport, Outgoing};
use crate::output::{clean, human_size};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .eml or .msg file, or - for standard input
    pub file: PathBuf,
    /// Record ids to relate the message to (e.g. 4x143); repeatable
    #[arg(long = "to", value_name = "ID")]
    pub to: Vec<String>,
    /// Relate to the best suggestion (see `vtelink suggest`) instead of --to
    #[arg(long, conflicts_with = "to")]
    pub best: bool,
    /// Show what would be created without changing the CRM
    #[arg(long)]
    pub dry_run: bool,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let (email, raw) = super::read_email(&args.file)?;
    for warning in &email.warnings {
        ctx.out.warn(&format!("{}: {warning}", args.file.display()));
    }
    let conn = super::connect(ctx).await?;
    let mut targets = args.to.clone();
    if targets.is_empty() && (args.best || ctx.can_prompt()) {
        let own = super::own_addresses(&conn).await;
        let people = crate::suggest::people_for(&email, &own);
        let suggestions = crate::suggest::suggest(&conn, &people, 9).await?;
        if suggestions.is_empty() {
            return Err(crate::Error::NotFound(
                "no CRM record matches this email; pick one with `vtelink search` and pass --to ID"
                    .into(),
            ));
        }
        if args.best {
            targets.push(suggestions[0].id.clone());
        } else {
            super::suggest::print_suggestions(ctx, &suggestions);
            targets = ask_choice(&suggestions)?;
        }
    }
    let outgoing = Outgoing::from_email(email, &raw);
    let report = link::link(&conn, &outgoing, &targets, args.dry_run).await?;
    if ctx.out.is_json() {
        ctx.out.json(&report)?;
    } else {
        print_report(ctx, &report, &outgoing);
    }
    Ok(())
}

/// Ask which suggestions to link to ("1", "1 3", "1,2").
fn ask_choice(suggestions: &[crate::suggest::Suggestion]) -> crate::Result<Vec<String>> {
    eprint!("Link to which records? (numbers, e.g. 1 or 1,3; empty to cancel): ");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| crate::Error::io("cannot read the answer", e))?;
    let mut chosen = Vec::new();
    for part in line
        .split([',', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let index: usize = part.parse().map_err(|_| {
            crate::Error::Usage(format!("'{part}' is not one of the numbers shown"))
        })?;
        let suggestion = index
            .checked_sub(1)
            .and_then(|i| suggestions.get(i))
            .ok_or_else(|| {
                crate::Error::Usage(format!("{index} is not one of the numbers shown"))
            })?;
        chosen.push(suggestion.id.clone());
    }
    if chosen.is_empty() {
        return Err(crate::Error::Usage(
            "nothing chosen; nothing was linked".into(),
        ));
    }
    Ok(chosen)
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
