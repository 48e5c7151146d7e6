//! Which records `link` relates an email to: given ids (`--to`), the top
//! suggestion (`--best`), the top one only when it is clearly ahead
//! (`--auto`), an interactive picker (`--pick`), or — on a terminal with
//! none of these — a numbered prompt.

use super::Ctx;
use crate::crm::Connection;
use crate::mail::Email;
use crate::suggest::{AUTO_MIN_SCORE, Suggestion, auto_choice};

#[derive(Debug, Clone, clap::Args)]
pub struct TargetArgs {
    /// Record ids to relate the message to (e.g. 4x143); repeatable
    #[arg(long = "to", value_name = "ID")]
    pub to: Vec<String>,
    /// Relate to the best suggestion, however close the next one (see `vtelink suggest`)
    #[arg(long, conflicts_with_all = ["to", "auto", "pick"])]
    pub best: bool,
    /// Relate to the best suggestion only when it is clearly ahead; else link nothing (exit 4)
    #[arg(long, conflicts_with_all = ["to", "pick"])]
    pub auto: bool,
    /// With --auto: the lowest score it accepts [default: 85]
    #[arg(long, value_name = "SCORE", requires = "auto")]
    pub min_score: Option<u32>,
    /// Choose on the terminal: suggestions first; type to filter or search the CRM
    #[arg(long, conflicts_with = "to")]
    pub pick: bool,
}

impl TargetArgs {
    /// Refusals that need no CRM: `--pick` without a terminal.
    pub fn check(&self, ctx: &Ctx) -> crate::Result<()> {
        if self.pick && !ctx.can_pick() {
            return Err(crate::Error::usage(crate::msg!(
                "targets-pick-needs-terminal"
            )));
        }
        Ok(())
    }
}

/// How many suggestions the prompt and the picker offer.
const OFFERED: usize = 9;

pub async fn resolve_targets(
    ctx: &Ctx,
    conn: &Connection,
    email: &Email,
    args: &TargetArgs,
) -> crate::Result<Vec<String>> {
    if !args.to.is_empty() {
        return Ok(args.to.clone());
    }
    args.check(ctx)?;
    if args.pick {
        let found = super::suggest::suggestions_for(conn, email, 20).await?;
        // The user takes their time in the picker: not counted by --timeout.
        let _waiting = ctx.clock.pause();
        return super::pick::pick(conn, &found.suggestions).await;
    }
    if !args.auto && !args.best && !ctx.can_prompt() {
        // `link` says that no target was given.
        return Ok(Vec::new());
    }
    let found = super::suggest::suggestions_for(conn, email, OFFERED).await?;
    let suggestions = found.suggestions;
    if args.auto {
        let auto = auto_choice(&suggestions, args.min_score.unwrap_or(AUTO_MIN_SCORE));
        if !auto.link {
            return Err(crate::Error::not_found(crate::msg!(
                "targets-auto-linked-nothing",
                why = crate::output::clean(&auto.why.to_string())
            )));
        }
        ctx.out.info(&crate::t!(
            "targets-auto",
            why = crate::output::clean(&auto.why.to_string())
        ));
        return Ok(auto.ids);
    }
    if suggestions.is_empty() {
        return Err(crate::Error::not_found(crate::msg!("targets-no-match")));
    }
    if args.best {
        return Ok(vec![suggestions[0].id.clone()]);
    }
    super::suggest::print_suggestions(ctx, &suggestions);
    let _waiting = ctx.clock.pause();
    ask_choice(&suggestions)
}

/// Ask which suggestions to link to ("1", "1 3", "1,2").
fn ask_choice(suggestions: &[Suggestion]) -> crate::Result<Vec<String>> {
    eprint!("{} ", crate::t!("targets-ask"));
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| crate::Error::io(crate::t!("cli-cannot-read-answer"), e))?;
    let mut chosen = Vec::new();
    for part in line
        .split([',', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let index: usize = part
            .parse()
            .map_err(|_| crate::Error::usage(crate::msg!("targets-not-a-number", answer = part)))?;
        let suggestion = index
            .checked_sub(1)
            .and_then(|i| suggestions.get(i))
            .ok_or_else(|| {
                crate::Error::usage(crate::msg!(
                    "targets-not-a-number",
                    answer = index.to_string()
                ))
            })?;
        chosen.push(suggestion.id.clone());
    }
    if chosen.is_empty() {
        return Err(crate::Error::usage(crate::msg!("targets-nothing-chosen")));
    }
    Ok(chosen)
}
