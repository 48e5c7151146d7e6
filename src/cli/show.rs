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

/// A CRM date and time (`2026-11-20 10:15:00`, the CRM's own clock) the
/// way the language writes it (`20/11/2026 10:15`); `None` when it is not one.
pub(super) fn when(value: &str) -> Option<String> {
    let naive = chrono::NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%d %H:%M:%S").ok()?;
    Some(crate::l10n::datetime(&naive.and_utc()))
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
        // A boolean's display is English for JSON; people read their language.
        let display = match (f.type_name.as_str(), f.value.as_str()) {
            ("boolean", "0") => crate::t!("show-no"),
            ("boolean", v) if !v.is_empty() => crate::t!("show-yes"),
            ("datetime", v) => when(v).unwrap_or_else(|| text(&f.display)),
            _ => text(&f.display),
        };
        lines.push(format!(
            "  {}  {}",
            out.dim(&pad(&text(&f.label), width)),
            display
        ));
    }
    if !card.related.is_empty() {
        lines.push(String::new());
        lines.push(out.bold(&crate::t!("show-related")));
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
                "  {}",
                crate::t!("show-more-contacts", count = card::MAX_CONTACTS)
            )));
        }
    }
    if let Some(messages) = &card.messages {
        lines.push(String::new());
        let addresses = if messages.addresses.is_empty() {
            crate::t!("show-messages-no-address")
        } else {
            text(&messages.addresses.join(", "))
        };
        lines.push(out.bold(&crate::t!("show-messages-heading", addresses = addresses)));
        lines.push(out.dim(&format!("  {}", crate::t!("show-messages-by-address"))));
        if messages.items.is_empty() && !messages.addresses.is_empty() {
            lines.push(format!("  {}", crate::t!("show-messages-none")));
        }
        for m in &messages.items {
            lines.push(format!(
                "  {:<10} {:<16}  {}  {}",
                m.id,
                when(&m.date).unwrap_or_else(|| text(&m.date)),
                text(&m.subject),
                out.dim(&format!("{} → {}", text(&m.from), text(&m.to)))
            ));
        }
        if messages.more {
            lines.push(out.dim(&format!(
                "  {}",
                crate::t!("show-messages-more", count = card::MAX_MESSAGES)
            )));
        }
    }
    lines
}
