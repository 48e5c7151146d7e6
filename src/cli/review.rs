//! `vtelink review`: the emails `--auto` did not link because no suggestion
//! was clearly ahead. On a terminal, each one with its suggestions, then the
//! picker; link, skip for now or ignore for good. Without one, `--json`
//! lists the queue and `review ID --to X` / `--ignore` decides one entry.
//! The queue and the decisions are in [`crate::batch::review`].

use std::path::PathBuf;

use inquire::Select;
use serde::Serialize;

use super::Ctx;
use crate::batch::review::{self, Decided, MIN_ID_LEN, Waiting};
use crate::batch::{Journal, Outcome, Targets};
use crate::output::{clean, one_line};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The waiting email to decide (its id in the list; a unique start of it is enough)
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Link it to these records; repeatable
    #[arg(long = "to", value_name = "RECORD", requires = "id")]
    pub to: Vec<String>,
    /// Leave it out for good (later runs pass over it)
    #[arg(long, requires = "id", conflicts_with = "to")]
    pub ignore: bool,
    /// The journal whose queue to review; repeatable (default: every journal of this CRM and user in the state directory)
    #[arg(long, value_name = "FILE")]
    pub journal: Vec<PathBuf>,
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let identity = crate::auth::identity(&super::connect_options(&ctx.global))?;
    let paths = if args.journal.is_empty() {
        review::journals(&identity)?
    } else {
        args.journal.clone()
    };
    let mut journals = Vec::new();
    for path in &paths {
        journals.push(Journal::open_for_review(path, &identity)?);
    }
    if let Some(id) = &args.id {
        return decide_one(&args, ctx, &journals, id).await;
    }
    let mut queue = Vec::new();
    for (index, journal) in journals.iter().enumerate() {
        queue.extend(journal.waiting()?.into_iter().map(|w| (index, w)));
    }
    queue.sort_by(|a, b| a.1.since.cmp(&b.1.since));
    if ctx.out.is_json() {
        let entries: Vec<&Waiting> = queue.iter().map(|(_, w)| w).collect();
        return ctx.out.json(&serde_json::json!({
            "journals": paths_of(&journals),
            "entries": entries,
        }));
    }
    if queue.is_empty() {
        ctx.out.line(&crate::t!("review-empty"));
        return Ok(());
    }
    if !ctx.can_pick() {
        for (_, waiting) in &queue {
            print_waiting(ctx, waiting);
        }
        ctx.out
            .info(&crate::t!("review-list-hint", count = queue.len()));
        return Ok(());
    }
    interactive(ctx, &journals, &queue).await
}

fn paths_of(journals: &[Journal]) -> Vec<String> {
    journals
        .iter()
        .map(|j| j.path().display().to_string())
        .collect()
}

/// The entry `id` names: one journal and its waiting row.
fn find(journals: &[Journal], id: &str) -> crate::Result<(usize, String)> {
    let id = id.trim();
    if id.len() < MIN_ID_LEN {
        return Err(crate::Error::usage(crate::msg!(
            "review-id-too-short",
            id = clean(id),
            min = MIN_ID_LEN
        )));
    }
    let mut found = Vec::new();
    for (index, journal) in journals.iter().enumerate() {
        for (key, _) in journal.find(id)? {
            found.push((index, key));
        }
    }
    match found.len() {
        0 => Err(crate::Error::not_found(crate::msg!(
            "review-no-such-entry",
            id = clean(id)
        ))),
        1 => Ok(found.remove(0)),
        _ => Err(crate::Error::usage(crate::msg!(
            "review-id-ambiguous",
            id = clean(id),
            count = found.len()
        ))),
    }
}

/// What `review ID --to X / --ignore` printed for scripts.
#[derive(Serialize)]
struct DecisionDoc<'a> {
    id: &'a str,
    journal: String,
    /// `linked`, `ignored`, or `not_waiting` (decided before: see `state`).
    decision: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<&'a Outcome>,
}

async fn decide_one(args: &Args, ctx: &Ctx, journals: &[Journal], id: &str) -> crate::Result<()> {
    if args.to.is_empty() && !args.ignore {
        return Err(crate::Error::usage(crate::msg!("review-say-what")));
    }
    let (index, key) = find(journals, id)?;
    let journal = &journals[index];
    let waiting = journal.waiting()?.into_iter().find(|w| w.key == key);
    let decided = match (&waiting, args.ignore) {
        (None, _) => Decided::NotWaiting {
            state: journal
                .find(&key)?
                .into_iter()
                .next()
                .map(|(_, state)| state)
                .unwrap_or_default(),
        },
        (Some(_), true) => journal.ignore(&key)?,
        (Some(waiting), false) => {
            let targets = match Targets::from_ids(args.to.iter().map(|s| s.trim())) {
                Ok(Targets::Ids(ids)) => ids,
                Ok(Targets::Auto) | Err(_) => {
                    return Err(crate::Error::usage(crate::msg!(
                        "review-bad-to",
                        ids = clean(&args.to.join(", "))
                    )));
                }
            };
            let conn = super::connect(ctx).await?;
            review::link(&conn, journal, waiting, &targets).await?
        }
    };
    report(ctx, journal, &key, waiting.as_ref(), &decided)
}

fn report(
    ctx: &Ctx,
    journal: &Journal,
    key: &str,
    waiting: Option<&Waiting>,
    decided: &Decided,
) -> crate::Result<()> {
    let id = key.get(..review::ID_LEN).unwrap_or(key);
    let origin = waiting
        .map(|w| clean(&w.origin.to_string()).into_owned())
        .unwrap_or_default();
    if ctx.out.is_json() {
        let (decision, state, result) = match decided {
            Decided::Linked(outcome) => ("linked", None, Some(outcome)),
            Decided::Ignored => ("ignored", None, None),
            Decided::NotWaiting { state } => ("not_waiting", Some(state.clone()), None),
        };
        ctx.out.json(&DecisionDoc {
            id,
            journal: journal.path().display().to_string(),
            decision,
            state,
            result,
        })?;
    } else {
        ctx.out.line(&decision_line(id, &origin, decided));
    }
    match decided {
        Decided::Linked(Outcome::Partial { not_stored, .. }) => Err(crate::Error::Reported {
            exit: crate::Exit::Partial,
            message: crate::t!(
                "review-partial",
                id = id,
                names = clean(
                    &not_stored
                        .iter()
                        .map(|m| m.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            ),
        }),
        _ => Ok(()),
    }
}

fn decision_line(id: &str, origin: &str, decided: &Decided) -> String {
    match decided {
        Decided::Linked(Outcome::Linked {
            message,
            related_to,
            ..
        })
        | Decided::Linked(Outcome::Partial {
            message,
            related_to,
            ..
        }) => crate::t!(
            "review-linked",
            id = id,
            origin = origin,
            message = message.as_str(),
            to = related_to.join(", ")
        ),
        Decided::Linked(Outcome::AlreadyPresent {
            message,
            related_to,
        }) => crate::t!(
            "review-already-linked",
            id = id,
            origin = origin,
            message = message.as_str(),
            to = related_to.join(", ")
        ),
        Decided::Linked(_) => crate::t!("review-linked-short", id = id),
        Decided::Ignored => crate::t!("review-ignored", id = id, origin = origin),
        Decided::NotWaiting { state } => {
            crate::t!("review-not-waiting", id = id, state = state.as_str())
        }
    }
}

/// One waiting email, for people: what it is, why it waits, what `auto` weighed.
fn print_waiting(ctx: &Ctx, waiting: &Waiting) {
    let subject = one_line(&clean(&waiting.subject));
    // The email's own date, in local time the way the language writes it.
    let date = waiting
        .date
        .as_deref()
        .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
        .map(|d| {
            let local = crate::l10n::datetime(&d.with_timezone(&chrono::Local));
            format!("  {}", ctx.out.dim(&local))
        })
        .unwrap_or_default();
    ctx.out.line(&format!(
        "{}  {}{date}",
        ctx.out.bold(&waiting.id),
        ctx.out.bold(&subject)
    ));
    ctx.out.line(&format!(
        "    {}",
        crate::t!(
            "review-from",
            from = one_line(&clean(&waiting.from)),
            origin = one_line(&clean(&waiting.origin.to_string()))
        )
    ));
    ctx.out.line(&format!(
        "    {}",
        crate::t!(
            "review-why",
            why = one_line(&clean(&waiting.reason.to_string()))
        )
    ));
    for s in &waiting.suggestions {
        ctx.out.line(&format!(
            "      {:<10} {:<10} {}  {}  {}",
            s.id,
            clean(if s.module_label.is_empty() {
                &s.module
            } else {
                &s.module_label
            }),
            clean(&s.label),
            ctx.out.dim(&crate::t!("suggest-score", score = s.score)),
            ctx.out.dim(&one_line(&clean(
                &s.reasons
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            )))
        ));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Link,
    Skip,
    Ignore,
    Stop,
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Choice::Link => crate::t!("review-choice-link"),
            Choice::Skip => crate::t!("review-choice-skip"),
            Choice::Ignore => crate::t!("review-choice-ignore"),
            Choice::Stop => crate::t!("review-choice-stop"),
        })
    }
}

/// Each waiting email in turn: its suggestions (asked again: the CRM may
/// have changed), then link (the picker), skip for now, ignore, or stop.
async fn interactive(
    ctx: &Ctx,
    journals: &[Journal],
    queue: &[(usize, Waiting)],
) -> crate::Result<()> {
    let conn = super::connect(ctx).await?;
    let (mut linked, mut ignored, mut skipped) = (0usize, 0usize, 0usize);
    for (n, (index, waiting)) in queue.iter().enumerate() {
        let journal = &journals[*index];
        ctx.out.line("");
        ctx.out.line(&crate::t!(
            "review-progress",
            n = n + 1,
            total = queue.len()
        ));
        print_waiting(ctx, waiting);
        let raw = journal.review_email(&waiting.key, &waiting.file)?;
        let email =
            crate::mail::parse_bytes(&raw, std::path::Path::new(&waiting.origin.english()))?;
        let found = super::suggest::suggestions_for(&conn, &email, 20).await?;
        let choice = {
            let _waiting = ctx.clock.pause();
            let prompt = crate::t!("review-what-now");
            let options = vec![Choice::Link, Choice::Skip, Choice::Ignore, Choice::Stop];
            tokio::task::spawn_blocking(move || Select::new(&prompt, options).prompt())
                .await
                .map_err(|e| {
                    crate::Error::io(crate::t!("pick-stopped"), std::io::Error::other(e))
                })?
        };
        let choice = match choice {
            Ok(choice) => choice,
            Err(inquire::InquireError::OperationCanceled) => Choice::Skip,
            Err(inquire::InquireError::OperationInterrupted) => {
                return Err(crate::Error::Interrupted);
            }
            Err(e) => {
                return Err(crate::Error::io(
                    crate::t!("pick-terminal-failed"),
                    std::io::Error::other(e.to_string()),
                ));
            }
        };
        let decided = match choice {
            Choice::Stop => break,
            Choice::Skip => {
                skipped += 1;
                continue;
            }
            Choice::Ignore => journal.ignore(&waiting.key)?,
            Choice::Link => {
                let picked = {
                    let _waiting = ctx.clock.pause();
                    super::pick::pick(&conn, &found.suggestions).await
                };
                let targets = match picked {
                    Ok(targets) => targets,
                    Err(crate::Error::Said { msg, .. })
                        if matches!(msg.id(), "pick-cancelled" | "targets-nothing-chosen") =>
                    {
                        skipped += 1;
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                match review::link(&conn, journal, waiting, &targets).await {
                    Ok(decided) => decided,
                    Err(e) => {
                        // Stays in the queue; the next email may go through.
                        ctx.out.warn(&format!(
                            "{}: {}",
                            waiting.id,
                            one_line(&clean(&e.message().to_string()))
                        ));
                        skipped += 1;
                        continue;
                    }
                }
            }
        };
        match &decided {
            Decided::Linked(_) => linked += 1,
            Decided::Ignored => ignored += 1,
            Decided::NotWaiting { .. } => {}
        }
        let origin = clean(&waiting.origin.to_string()).into_owned();
        ctx.out.line(&decision_line(&waiting.id, &origin, &decided));
    }
    let mut left = 0;
    for journal in journals {
        left += journal.waiting()?.len();
    }
    ctx.out.line("");
    ctx.out.line(&crate::t!(
        "review-summary",
        linked = linked,
        ignored = ignored,
        skipped = skipped,
        left = left
    ));
    Ok(())
}
