//! `vtelink show ID`: a record's card — its fields under the CRM's own
//! labels in the CRM's order, the records it refers to, and the records
//! around it (`card` gathers it; this file prints it).

use super::Ctx;
use crate::card::{self, Card, Options};
use crate::output::{Output, clean, one_line};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record's id (like 4x143; `vtelink search TEXT` finds ids)
    pub id: String,
    /// Show the empty fields too
    #[arg(long)]
    pub all: bool,
    /// Add the Messages sent from or to the record's e-mail addresses
    #[arg(long)]
    pub messages: bool,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let conn = super::connect(ctx).await?;
    let card = card::show(
        &conn,
        &args.id,
        Options {
            all: args.all,
            messages: args.messages,
        },
    )
    .await?;
    if ctx.out.is_json() {
        ctx.out.json(&card)?;
    } else {
        for line in lines(&card, &ctx.out) {
            ctx.out.line(&line);
        }
    }
    Ok(())
}

/// Longest label shown in full in the fields' column.
const LABEL_COLUMN: usize = 28;

fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    if len >= width {
        text.to_owned()
    } else {
        format!("{text}{}", " ".repeat(width - len))
    }
}

/// The card as lines of text (untrusted parts cleaned), for stdout or for
/// the picker on stderr.
pub fn lines(card: &Card, out: &Output) -> Vec<String> {
    let text = |s: &str| one_line(&clean(s));
    let mut lines = vec![
        out.bold(&text(&card.label)),
        out.dim(&format!("{} · {}", text(&card.module_label), card.id)),
        String::new(),
    ];
    let width = card
        .fields
        .iter()
        .map(|f| text(&f.label).chars().count())
        .max()
        .unwrap_or(0)
        .min(LABEL_COLUMN);
    for f in &card.fields {
        lines.push(format!(
            "  {}  {}",
            out.dim(&pad(&text(&f.label), width)),
            text(&f.display)
        ));
    }
    if !card.related.is_empty() {
        lines.push(String::new());
        lines.push(out.bold("Related"));
        let width = card
            .related
            .iter()
            .map(|r| text(&r.module_label).chars().count())
            .max()
            .unwrap_or(0);
        for r in &card.related {
            let status = r
                .status_label
                .as_deref()
                .map(|s| format!("  ({})", text(s)))
                .unwrap_or_default();
            lines.push(format!(
                "  {}  {:<10} {}{}",
                pad(&text(&r.module_label), width),
                r.id,
                text(&r.label),
                status
            ));
        }
        if card.more_contacts {
            lines.push(out.dim(&format!(
                "  (only the first {} contacts)",
                card::MAX_CONTACTS
            )));
        }
    }
    if let Some(messages) = &card.messages {
        lines.push(String::new());
        lines.push(out.bold(&format!(
            "Messages from or to {}",
            if messages.addresses.is_empty() {
                "(no e-mail address on this record)".to_owned()
            } else {
                text(&messages.addresses.join(", "))
            }
        )));
        lines.push(
            out.dim("  found by address: the CRM cannot list the Messages related to a record"),
        );
        if messages.items.is_empty() && !messages.addresses.is_empty() {
            lines.push("  none you may read".to_owned());
        }
        for m in &messages.items {
            lines.push(format!(
                "  {:<10} {:<19}  {}  {}",
                m.id,
                text(&m.date),
                text(&m.subject),
                out.dim(&format!("{} → {}", text(&m.from), text(&m.to)))
            ));
        }
        if messages.more {
            lines.push(out.dim(&format!("  (the newest {} only)", card::MAX_MESSAGES)));
        }
    }
    lines
}
