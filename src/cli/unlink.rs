//! `vtelink unlink FILE | --message-id ID`: undo a link made to the wrong
//! record (deletes what vtelink created for that email, nothing else).

use std::path::PathBuf;

use super::Ctx;
use crate::link::Outgoing;
use crate::link::unlink::{self, Found, UnlinkPlan};
use crate::output::clean;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .eml or .msg file that was linked, or - for standard input
    #[arg(required_unless_present = "message_id", conflicts_with = "message_id")]
    pub file: Option<PathBuf>,
    /// The Message-ID the email was linked under, with or without <> (`vtelink link --json` shows it)
    #[arg(long, value_name = "ID")]
    pub message_id: Option<String>,
    /// Show what would be deleted without deleting it
    #[arg(long)]
    pub dry_run: bool,
    /// Delete without asking (scripts)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let (messageid, key) = match (&args.file, &args.message_id) {
        // With or without the angle brackets the Message-ID header has.
        // As the CRM stores it: a longer id keeps its first 255 characters.
        (_, Some(id)) => {
            let id = match id.trim() {
                id if id.starts_with('<') => id.to_owned(),
                id => format!("<{id}>"),
            };
            let id = crate::crm::columns::fit("Messages", "messageid", &id).into_owned();
            (id, None)
        }
        // A file names one email: its Message-ID with its subject.
        (Some(file), None) => {
            let (email, _raw) = super::read_email(file)?;
            let key = Outgoing::from_email(email).key();
            (key.messageid.clone(), Some(key))
        }
        (None, None) => {
            return Err(crate::Error::usage(crate::msg!("unlink-name-the-email")));
        }
    };
    let conn = super::connect(ctx).await?;
    let plan = unlink::plan(&conn, &messageid, key.as_ref()).await?;
    if plan.is_empty() {
        let foreign = plan.messages.len();
        return Err(crate::Error::not_found(crate::msg!(
            "unlink-nothing-found",
            id = clean(&messageid),
            foreign = foreign
        )));
    }
    if !ctx.out.is_json() {
        print_plan(ctx, &plan, args.dry_run);
    }
    if args.dry_run {
        if ctx.out.is_json() {
            ctx.out.json(&plan)?;
        }
        return Ok(());
    }
    if !args.yes {
        if !ctx.can_prompt() {
            return Err(crate::Error::usage(crate::msg!("unlink-needs-yes")));
        }
        let waiting = ctx.clock.pause();
        let confirmed = confirm()?;
        drop(waiting);
        if !confirmed {
            return Err(crate::Error::usage(crate::msg!("unlink-nothing-deleted")));
        }
    }
    let done = unlink::run(&conn, plan).await?;
    if ctx.out.is_json() {
        ctx.out.json(&done)?;
    } else {
        ctx.out
            .line(&crate::t!("unlink-deleted", ids = done.deleted.join(", ")));
    }
    Ok(())
}

fn print_plan(ctx: &Ctx, plan: &UnlinkPlan, dry_run: bool) {
    let verb = if dry_run {
        crate::t!("unlink-would-delete")
    } else {
        crate::t!("unlink-delete")
    };
    let show = |kind: &str, found: &Found| {
        let what = if found.ours {
            verb.clone()
        } else {
            crate::t!("unlink-left-alone")
        };
        ctx.out.line(&format!(
            "{kind} {}  {}  {}",
            found.id,
            what,
            ctx.out.dim(&clean(&found.label))
        ));
    };
    for found in &plan.messages {
        show(&crate::t!("unlink-kind-message"), found);
    }
    for found in &plan.documents {
        show(&format!("  {}", crate::t!("unlink-kind-document")), found);
    }
}

fn confirm() -> crate::Result<bool> {
    eprint!("{} ", crate::t!("unlink-confirm"));
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| crate::Error::io(crate::t!("cli-cannot-read-answer"), e))?;
    Ok(super::is_yes(&line))
}
