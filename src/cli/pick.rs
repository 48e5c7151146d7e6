//! `link --pick`: choose the records on the terminal. Suggestions come first
//! with their reasons; typing filters the list; the last entry searches the
//! CRM in one module or all (like the Mail Connector's module selector) and
//! puts what it finds at the top; the "open a record's card" entry shows
//! one record's card (`vtelink show`) and comes back to the list; space
//! chooses, several records can be chosen, Enter links, Esc cancels. Drawn
//! on stderr, so stdout stays clean. (inquire's lists take no key bindings of
//! their own, so opening a card is an entry, not a key.)

use std::fmt;

use inquire::error::InquireError;
use inquire::{MultiSelect, Select, Text};

use crate::crm::Connection;
use crate::output::{clean, one_line};
use crate::suggest::Suggestion;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Record,
    Search,
    Card,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    entry: Entry,
    /// Empty for the "search the CRM" and "open a card" entries.
    id: String,
    module: String,
    label: String,
    detail: String,
}

impl Item {
    fn search() -> Item {
        Item::action(Entry::Search)
    }

    fn card() -> Item {
        Item::action(Entry::Card)
    }

    fn action(entry: Entry) -> Item {
        Item {
            entry,
            id: String::new(),
            module: String::new(),
            label: String::new(),
            detail: String::new(),
        }
    }

    fn is_search(&self) -> bool {
        self.entry == Entry::Search
    }

    fn is_action(&self) -> bool {
        self.entry != Entry::Record
    }

    fn from_suggestion(s: &Suggestion) -> Item {
        let mut detail = s
            .reasons
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join("; ");
        if s.tie {
            let tie = crate::t!("suggest-tie", ids = s.tied_with.join(", "));
            detail = format!("{tie} — {detail}");
        }
        Item {
            entry: Entry::Record,
            id: s.id.clone(),
            module: s.module_label.clone(),
            label: s.label.clone(),
            detail,
        }
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.entry {
            Entry::Search => return write!(f, "» {}", crate::t!("pick-search-entry")),
            Entry::Card => return write!(f, "» {}", crate::t!("pick-card-entry")),
            Entry::Record => {}
        }
        let line = format!(
            "{:<10} {:<10} {}  — {}",
            self.id,
            self.module,
            one_line(&clean(&self.label)),
            one_line(&clean(&self.detail))
        );
        // One terminal row per record: wrapped rows break the list's paging.
        let width = match crossterm::terminal::size() {
            Ok((columns, _)) if columns > 0 => usize::from(columns),
            // A pseudo-terminal nobody sized (tests, some CI runners).
            _ => 80,
        };
        let room = width.saturating_sub(8).max(30);
        if line.chars().count() > room {
            let cut: String = line.chars().take(room - 1).collect();
            write!(f, "{cut}…")
        } else {
            f.write_str(&line)
        }
    }
}

/// Keep the list's order; hide what does not contain every typed word; the
/// search and card entries always stay, last.
fn score(input: &str, item: &Item, shown: &str, index: usize) -> Option<i64> {
    if item.is_action() {
        return Some(i64::MIN);
    }
    let shown = shown.to_lowercase();
    input
        .split_whitespace()
        .all(|word| shown.contains(&word.to_lowercase()))
        .then(|| -(index as i64))
}

fn terminal_error(e: InquireError) -> crate::Error {
    match e {
        InquireError::OperationCanceled => crate::Error::usage(crate::msg!("pick-cancelled")),
        InquireError::OperationInterrupted => crate::Error::Interrupted,
        InquireError::NotTTY => crate::Error::usage(crate::msg!("targets-pick-needs-terminal")),
        InquireError::IO(e) => crate::Error::io(crate::t!("pick-terminal-failed"), e),
        other => crate::Error::io(
            crate::t!("pick-terminal-failed"),
            std::io::Error::other(other.to_string()),
        ),
    }
}

/// Run a blocking prompt off the async threads.
async fn ask<T: Send + 'static>(
    prompt: impl FnOnce() -> Result<T, InquireError> + Send + 'static,
) -> crate::Result<T> {
    tokio::task::spawn_blocking(prompt)
        .await
        .map_err(|e| crate::Error::io(crate::t!("pick-stopped"), std::io::Error::other(e)))?
        .map_err(terminal_error)
}

/// The chosen record ids, in the order shown.
pub async fn pick(conn: &Connection, suggestions: &[Suggestion]) -> crate::Result<Vec<String>> {
    let mut items: Vec<Item> = suggestions.iter().map(Item::from_suggestion).collect();
    let mut chosen: Vec<String> = Vec::new();
    let mut modules: Option<Vec<(String, String)>> = None;
    loop {
        let mut options = items.clone();
        options.push(Item::search());
        if !items.is_empty() {
            options.push(Item::card());
        }
        let defaults: Vec<usize> = options
            .iter()
            .enumerate()
            .filter(|(_, item)| chosen.contains(&item.id))
            .map(|(i, _)| i)
            .collect();
        let (title, help) = (crate::t!("pick-link-to"), crate::t!("pick-keys"));
        let picked = ask(move || {
            MultiSelect::new(&title, options)
                .with_default(&defaults)
                .with_scorer(&score)
                .with_page_size(12)
                .with_help_message(&help)
                .prompt()
        })
        .await?;
        let wants_search = picked.iter().any(Item::is_search);
        let wants_card = picked.iter().any(|i| i.entry == Entry::Card);
        chosen = picked
            .iter()
            .filter(|i| !i.is_action())
            .map(|i| i.id.clone())
            .collect();
        if wants_card {
            open_card(conn, &items, &chosen).await?;
            continue;
        }
        if !wants_search {
            if chosen.is_empty() {
                return Err(crate::Error::usage(crate::msg!("targets-nothing-chosen")));
            }
            return Ok(chosen);
        }
        if modules.is_none() {
            modules = Some(searchable_modules(conn).await?);
        }
        let labels: Vec<(String, String)> = modules.clone().unwrap_or_default();
        // Modules by the CRM's label; the search itself takes the name.
        let all_modules = crate::t!("pick-all-modules");
        let mut choices = vec![all_modules.clone()];
        choices.extend(labels.iter().map(|(_, label)| clean(label).into_owned()));
        let search_in = crate::t!("pick-search-in");
        let module = ask(move || Select::new(&search_in, choices).prompt()).await?;
        let module = labels
            .iter()
            .find(|(_, label)| clean(label) == module)
            .map(|(name, _)| name.clone())
            .unwrap_or(module);
        let search_for = crate::t!("pick-search-for");
        let text = ask(move || Text::new(&search_for).prompt()).await?;
        let text = text.trim().to_owned();
        if text.is_empty() {
            continue;
        }
        let only: Vec<String> = if module == all_modules {
            Vec::new()
        } else {
            vec![module]
        };
        let hits = super::search::search(conn, &text, &only, 20).await?;
        if hits.is_empty() {
            eprintln!("{}", crate::t!("pick-no-match", text = clean(&text)));
        }
        let mut found: Vec<Item> = hits
            .into_iter()
            .filter(|hit| !items.iter().any(|item| item.id == hit.id))
            .map(|hit| Item {
                entry: Entry::Record,
                id: hit.id,
                module: labels
                    .iter()
                    .find(|(name, _)| *name == hit.module)
                    .map(|(_, label)| label.clone())
                    .unwrap_or(hit.module),
                label: hit.label,
                detail: crate::t!("pick-found-by-search", matched = hit.matched),
            })
            .collect();
        found.append(&mut items);
        items = found;
    }
}

/// The modules `vtelink search` looks in that this user may see, as
/// (name, label in the CRM's language).
async fn searchable_modules(conn: &Connection) -> crate::Result<Vec<(String, String)>> {
    let visible = conn.listtypes().await?;
    Ok(super::search::DEFAULT_MODULES
        .iter()
        .filter_map(|m| visible.iter().find(|v| v.name == *m))
        .map(|v| (v.name.clone(), v.label.clone()))
        .collect())
}

/// Ask which record, show its card on stderr, then back to the list.
async fn open_card(conn: &Connection, items: &[Item], chosen: &[String]) -> crate::Result<()> {
    let records: Vec<Item> = items.to_vec();
    let start = records
        .iter()
        .position(|i| chosen.contains(&i.id))
        .unwrap_or(0);
    let prompt = crate::t!("pick-open-card");
    let record = ask(move || {
        Select::new(&prompt, records)
            .with_starting_cursor(start)
            .with_page_size(12)
            .prompt()
    })
    .await?;
    let card = crate::card::show(conn, &record.id, crate::card::Options::default()).await?;
    eprintln!();
    for line in super::show::lines(&card, &crate::output::Output::plain()) {
        eprintln!("{line}");
    }
    eprintln!();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filtering_keeps_order_and_the_search_entry() {
        let item = Item {
            entry: Entry::Record,
            id: "4x1".into(),
            module: "Contacts".into(),
            label: "Tom Twin".into(),
            detail: String::new(),
        };
        assert_eq!(score("twin", &item, &item.to_string(), 3), Some(-3));
        assert_eq!(score("tom contacts", &item, &item.to_string(), 0), Some(0));
        assert_eq!(score("tina", &item, &item.to_string(), 0), None);
        assert_eq!(score("zzz", &Item::search(), "", 9), Some(i64::MIN));
        assert_eq!(score("zzz", &Item::card(), "", 9), Some(i64::MIN));
    }
}
