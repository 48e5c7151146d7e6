//! `vtelink suggest FILE`: CRM records matching the email's people, best
//! first, with why — and what `link --auto` would do with them.

use std::path::PathBuf;

use super::Ctx;
use crate::crm::Connection;
use crate::mail::Email;
use crate::output::clean;
use crate::suggest::{self, AUTO_MIN_SCORE, Input, Schema, Suggestion};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .eml or .msg file, or - for standard input
    pub file: PathBuf,
    /// At most this many suggestions
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Judge `link --auto` with this lowest score [default: 85]
    #[arg(long, value_name = "SCORE")]
    pub min_score: Option<u32>,
}

/// What the suggester found for one email, and what it cost.
pub struct Found {
    pub input: Input,
    pub suggestions: Vec<Suggestion>,
    /// Webservice calls made (the user's record, describes, queries).
    pub requests: u64,
}

/// The user's own record and the describes in one wave, then the rest.
pub async fn suggestions_for(
    conn: &Connection,
    email: &Email,
    limit: usize,
) -> crate::Result<Found> {
    let before = conn.client().request_count();
    let (own, schema) = tokio::join!(super::own_addresses(conn), Schema::load(conn));
    let schema = schema?;
    let input = Input::from_email(email, &own);
    let suggestions = if input.people.is_empty() && input.thread_ids.is_empty() {
        Vec::new()
    } else {
        suggest::suggest_for(conn, &schema, &input, limit).await?
    };
    Ok(Found {
        input,
        suggestions,
        requests: conn.client().request_count().saturating_sub(before),
    })
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let (email, _raw) = super::read_email(&args.file)?;
    let conn = super::connect(ctx).await?;
    let found = suggestions_for(&conn, &email, args.limit).await?;
    let who: Vec<String> = found
        .input
        .people
        .iter()
        .map(|p| p.address.clone())
        .collect();
    if found.suggestions.is_empty() {
        return Err(crate::Error::not_found(if who.is_empty() {
            crate::msg!("suggest-no-address")
        } else {
            crate::msg!("suggest-no-match", who = clean(&who.join(", ")))
        }));
    }
    let auto = suggest::auto_choice(&found.suggestions, args.min_score.unwrap_or(AUTO_MIN_SCORE));
    if ctx.out.is_json() {
        ctx.out.json(&serde_json::json!({
            "people": found.input.people,
            "thread_ids": found.input.thread_ids,
            "suggestions": found.suggestions,
            "auto": auto,
            "requests": found.requests,
        }))?;
    } else {
        ctx.out.info(&crate::t!(
            "suggest-looked-up",
            who = clean(&who.join(", "))
        ));
        print_suggestions(ctx, &found.suggestions);
        ctx.out.info(&clean(&if auto.link {
            crate::t!(
                "suggest-auto-would-link",
                ids = auto.ids.join(", "),
                why = auto.why.to_string()
            )
        } else {
            crate::t!(
                "suggest-auto-would-link-nothing",
                why = auto.why.to_string()
            )
        }));
    }
    Ok(())
}

/// A numbered table: rank, id, module, label, score, tie; reasons below.
pub fn print_suggestions(ctx: &Ctx, suggestions: &[Suggestion]) {
    // Modules by their label in the CRM's language ("Assistenza Clienti").
    let width = suggestions
        .iter()
        .map(|s| clean(&s.module_label).chars().count())
        .max()
        .unwrap_or(0)
        .max(11);
    for (rank, s) in suggestions.iter().enumerate() {
        let tie = if s.tie {
            format!(
                "  {}",
                crate::t!("suggest-tie", ids = s.tied_with.join(", "))
            )
        } else {
            String::new()
        };
        ctx.out.line(&format!(
            "{:>2}. {:<10} {:<width$} {}  {}{}",
            rank + 1,
            s.id,
            clean(&s.module_label),
            ctx.out.bold(&clean(&s.label)),
            ctx.out.dim(&crate::t!("suggest-score", score = s.score)),
            ctx.out.bold(&clean(&tie)),
        ));
        for reason in &s.reasons {
            ctx.out
                .line(&format!("               - {}", clean(&reason.to_string())));
        }
    }
}
