//! `vtelink suggest FILE`: CRM records matching the email's people, best
//! first, with why.

use std::path::PathBuf;

use super::Ctx;
use crate::output::clean;
use crate::suggest::{self, Suggestion};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .eml or .msg file, or - for standard input
    pub file: PathBuf,
    /// At most this many suggestions
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let (email, _raw) = super::read_email(&args.file)?;
    let conn = super::connect(ctx).await?;
    let own = super::own_addresses(&conn).await;
    let people = suggest::people_for(&email, &own);
    let suggestions = if people.is_empty() {
        Vec::new()
    } else {
        suggest::suggest(&conn, &people, args.limit).await?
    };
    let who: Vec<String> = people.iter().map(|p| p.address.clone()).collect();
    if suggestions.is_empty() {
        return Err(crate::Error::NotFound(if who.is_empty() {
            "this email has no sender or recipient address to look up".to_owned()
        } else {
            format!(
                "no CRM record matches {}; try `vtelink search TEXT`",
                clean(&who.join(", "))
            )
        }));
    }
    if ctx.out.is_json() {
        ctx.out
            .json(&serde_json::json!({"people": people, "suggestions": suggestions}))?;
    } else {
        ctx.out
            .info(&format!("Looked up: {}", clean(&who.join(", "))));
        print_suggestions(ctx, &suggestions);
    }
    Ok(())
}

/// A numbered table: rank, id, module, label, reasons.
pub fn print_suggestions(ctx: &Ctx, suggestions: &[Suggestion]) {
    for (rank, s) in suggestions.iter().enumerate() {
        ctx.out.line(&format!(
            "{:>2}. {:<10} {:<11} {}  {}",
            rank + 1,
            s.id,
            s.module,
            ctx.out.bold(&clean(&s.label)),
            ctx.out.dim(&format!("score {}", s.score)),
        ));
        for reason in &s.reasons {
            ctx.out.line(&format!("               - {}", clean(reason)));
        }
    }
}
