//! The one ranker: merges what the signals found into suggestions, marks
//! ties, and decides what `link --auto` may take without a human.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;

use crate::l10n::Msg;
use crate::msg;

/// One signal's vote for one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub module: String,
    pub label: String,
    pub score: u32,
    pub reason: Msg,
    /// The address a person record matched directly (ties are found on it).
    pub address: Option<String>,
    /// The record this one was reached through (a contact for its account,
    /// a parent for its ticket).
    pub via: Option<String>,
    /// `modifiedtime` where it matters ("most recent first" among equals).
    pub recency: String,
}

impl Candidate {
    pub fn new(id: &str, module: &str, label: &str, score: u32, reason: Msg) -> Candidate {
        Candidate {
            id: id.to_owned(),
            module: module.to_owned(),
            label: label.to_owned(),
            score,
            reason,
            address: None,
            via: None,
            recency: String::new(),
        }
    }
}

/// One suggested record.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub module: String,
    /// The module's label in the CRM's language, for people (the name
    /// until [`super::suggest_for`] fills it in).
    #[serde(skip)]
    pub module_label: String,
    pub label: String,
    pub score: u32,
    /// Why, strongest first: sentences for people (English in JSON).
    pub reasons: Vec<Msg>,
    /// Another record matched the same address: a human has to choose.
    pub tie: bool,
    pub tied_with: Vec<String>,
    /// Records this one was reached through.
    pub via: Vec<String>,
    #[serde(skip)]
    pub recency: String,
    #[serde(skip)]
    addresses: Vec<String>,
}

/// Each further distinct reason adds this much, at most [`MAX_BONUS`].
const REASON_BONUS: u32 = 3;
const MAX_BONUS: u32 = 9;

/// Merge candidates by record: the best vote's score plus a little per
/// further reason; then ties, then best first (score, most recent, label).
pub fn rank(candidates: Vec<Candidate>, limit: usize) -> Vec<Suggestion> {
    let mut by_id: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
    for candidate in candidates {
        by_id
            .entry(candidate.id.clone())
            .or_default()
            .push(candidate);
    }
    let mut list: Vec<Suggestion> = by_id.into_values().filter_map(merge).collect();
    mark_ties(&mut list);
    list.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| b.recency.cmp(&a.recency))
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.id.cmp(&b.id))
    });
    list.truncate(limit);
    list
}

fn merge(mut votes: Vec<Candidate>) -> Option<Suggestion> {
    votes.sort_by_cached_key(|v| (std::cmp::Reverse(v.score), v.reason.english()));
    let best = votes.first()?.clone();
    let mut reasons: Vec<Msg> = Vec::new();
    let mut via: BTreeSet<String> = BTreeSet::new();
    let mut addresses: BTreeSet<String> = BTreeSet::new();
    let mut recency = String::new();
    for vote in &votes {
        if !reasons.contains(&vote.reason) {
            reasons.push(vote.reason.clone());
        }
        via.extend(vote.via.iter().cloned());
        addresses.extend(vote.address.iter().cloned());
        recency = recency.max(vote.recency.clone());
    }
    let bonus = (REASON_BONUS * (reasons.len() as u32).saturating_sub(1)).min(MAX_BONUS);
    Some(Suggestion {
        id: best.id,
        module_label: best.module.clone(),
        module: best.module,
        label: best.label,
        score: best.score + bonus,
        reasons,
        tie: false,
        tied_with: Vec::new(),
        via: via.into_iter().collect(),
        recency,
        addresses: addresses.into_iter().collect(),
    })
}

/// Two records that matched one address are tied — unless one was reached
/// through the other (a contact and its own account share the address on
/// purpose: the account is where the contact works).
fn mark_ties(list: &mut [Suggestion]) {
    let snapshot: Vec<(String, Vec<String>, Vec<String>)> = list
        .iter()
        .map(|s| (s.id.clone(), s.addresses.clone(), s.via.clone()))
        .collect();
    for suggestion in list.iter_mut() {
        let tied: Vec<String> = snapshot
            .iter()
            .filter(|(id, addresses, via)| {
                id != &suggestion.id
                    && addresses.iter().any(|a| suggestion.addresses.contains(a))
                    && !via.contains(&suggestion.id)
                    && !suggestion.via.contains(id)
            })
            .map(|(id, _, _)| id.clone())
            .collect();
        suggestion.tie = !tied.is_empty();
        suggestion.tied_with = tied;
    }
}

/// The lowest score `--auto` accepts by default: a direct address match in
/// From/To (Contact 100, Lead 90, Account or Vendor 85), in a secondary field
/// (−5), through a folded `+tag` (−10), or in Reply-To (−10). Not enough:
/// Cc (−20), thread participants (75), organisation domains (64 at most, plus 9 for further reasons).
pub const AUTO_MIN_SCORE: u32 = 85;
/// How far ahead of the nearest competitor the top suggestion must be.
pub const AUTO_MARGIN: u32 = 15;

/// What `link --auto` would do, and why.
#[derive(Debug, Clone, Serialize)]
pub struct AutoChoice {
    /// Whether `--auto` links (the ids below) or refuses.
    pub link: bool,
    /// The top suggestion, plus its account when the top one is a contact
    /// whose account was suggested because of it.
    pub ids: Vec<String>,
    /// For people; English in JSON.
    pub why: Msg,
    pub min_score: u32,
    pub margin: u32,
}

/// "Clearly ahead": the top suggestion is not tied, scores at least
/// `min_score`, and leads the best *competitor* by at least [`AUTO_MARGIN`].
/// Competitors exclude records reached through the top one (its account,
/// its tickets and potentials): they agree with it rather than compete.
pub fn auto_choice(suggestions: &[Suggestion], min_score: u32) -> AutoChoice {
    let refuse = |why: Msg| AutoChoice {
        link: false,
        ids: Vec::new(),
        why,
        min_score,
        margin: AUTO_MARGIN,
    };
    let Some(top) = suggestions.first() else {
        return refuse(msg!("auto-no-suggestion"));
    };
    if top.tie {
        return refuse(msg!(
            "auto-tied",
            id = top.id.as_str(),
            label = top.label.as_str(),
            ids = top.tied_with.join(", ")
        ));
    }
    if top.score < min_score {
        return refuse(msg!(
            "auto-below-minimum",
            id = top.id.as_str(),
            label = top.label.as_str(),
            score = top.score,
            minimum = min_score
        ));
    }
    let derived = reached_through(suggestions, &top.id);
    let competitor = suggestions[1..]
        .iter()
        .find(|s| !derived.contains(s.id.as_str()) && !top.via.contains(&s.id));
    if let Some(next) = competitor
        && top.score < next.score + AUTO_MARGIN
    {
        return refuse(msg!(
            "auto-not-ahead",
            id = top.id.as_str(),
            label = top.label.as_str(),
            score = top.score,
            margin = AUTO_MARGIN,
            next_id = next.id.as_str(),
            next_label = next.label.as_str(),
            next_score = next.score
        ));
    }
    let mut ids = vec![top.id.clone()];
    if top.module == "Contacts" {
        ids.extend(
            suggestions
                .iter()
                .filter(|s| s.module == "Accounts" && s.via.contains(&top.id))
                .map(|s| s.id.clone()),
        );
    }
    let why = match competitor {
        Some(next) => msg!(
            "auto-ahead",
            id = top.id.as_str(),
            label = top.label.as_str(),
            score = top.score,
            lead = top.score - next.score,
            next_id = next.id.as_str(),
            next_label = next.label.as_str()
        ),
        None => msg!(
            "auto-alone",
            id = top.id.as_str(),
            label = top.label.as_str(),
            score = top.score
        ),
    };
    AutoChoice {
        link: true,
        ids,
        why,
        min_score,
        margin: AUTO_MARGIN,
    }
}

/// Ids reached (directly or further down) through `root`.
fn reached_through<'a>(suggestions: &'a [Suggestion], root: &str) -> HashSet<&'a str> {
    let mut found: HashSet<&str> = HashSet::new();
    loop {
        let before = found.len();
        for s in suggestions {
            if s.via
                .iter()
                .any(|v| v == root || found.contains(v.as_str()))
            {
                found.insert(s.id.as_str());
            }
        }
        if found.len() == before {
            return found;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Msg {
        msg!("err-text", text = s)
    }

    fn person(id: &str, module: &str, score: u32, address: &str) -> Candidate {
        let mut c = Candidate::new(id, module, id, score, text(&format!("{module} e-mail")));
        c.address = Some(address.into());
        c
    }

    fn through(id: &str, module: &str, score: u32, via: &str, reason: &str) -> Candidate {
        let mut c = Candidate::new(id, module, id, score, text(reason));
        c.via = Some(via.into());
        c
    }

    #[test]
    fn merges_reasons_and_ranks_best_first() {
        let list = rank(
            vec![
                Candidate::new("3x1", "Accounts", "Acme", 62, text("website")),
                person("4x2", "Contacts", 100, "j@acme.test"),
                through("3x1", "Accounts", 75, "4x2", "account of John"),
            ],
            10,
        );
        assert_eq!(list[0].id, "4x2");
        assert_eq!(
            list[1].reasons,
            vec![text("account of John"), text("website")]
        );
        assert_eq!(list[1].score, 78);
        assert!(!list[0].tie && !list[1].tie);
    }

    #[test]
    fn one_address_on_two_records_is_a_tie_but_not_with_its_own_account() {
        let list = rank(
            vec![
                person("4x1", "Contacts", 100, "x@y.test"),
                person("2x2", "Leads", 90, "x@y.test"),
                person("3x3", "Accounts", 85, "x@y.test"),
                through("3x3", "Accounts", 75, "4x1", "account of contact"),
            ],
            10,
        );
        let by_id = |id: &str| list.iter().find(|s| s.id == id).unwrap();
        assert_eq!(by_id("4x1").tied_with, vec!["2x2"]);
        assert_eq!(by_id("2x2").tied_with, vec!["3x3", "4x1"]);
        let auto = auto_choice(&list, AUTO_MIN_SCORE);
        assert!(!auto.link, "{auto:?}");
        assert!(auto.why.english().contains("tied"), "{}", auto.why);
    }

    #[test]
    fn auto_takes_a_clear_contact_and_its_account() {
        let list = rank(
            vec![
                person("4x1", "Contacts", 100, "j@acme.test"),
                through("3x1", "Accounts", 75, "4x1", "account of John"),
                through("9x1", "HelpDesk", 65, "3x1", "open ticket"),
                Candidate::new("3x9", "Accounts", "Other", 62, text("website")),
            ],
            10,
        );
        let auto = auto_choice(&list, AUTO_MIN_SCORE);
        assert!(auto.link, "{auto:?}");
        assert_eq!(auto.ids, vec!["4x1", "3x1"]);
    }

    #[test]
    fn auto_refuses_close_calls_and_weak_tops() {
        let close = rank(
            vec![
                person("4x1", "Contacts", 100, "a@x.test"),
                person("4x2", "Contacts", 90, "b@x.test"),
            ],
            10,
        );
        assert!(!auto_choice(&close, AUTO_MIN_SCORE).link);
        let weak = rank(
            vec![Candidate::new("3x1", "Accounts", "A", 62, text("website"))],
            10,
        );
        let auto = auto_choice(&weak, AUTO_MIN_SCORE);
        assert!(
            !auto.link && auto.why.english().contains("below 85"),
            "{}",
            auto.why
        );
        assert!(auto_choice(&weak, 60).link);
        assert!(!auto_choice(&[], AUTO_MIN_SCORE).link);
    }

    #[test]
    fn most_recent_first_among_equals() {
        let mut old = Candidate::new("9x1", "HelpDesk", "B", 65, text("t"));
        old.recency = "2026-01-01 00:00:00".into();
        let mut new = Candidate::new("9x2", "HelpDesk", "A", 65, text("t"));
        new.recency = "2026-06-01 00:00:00".into();
        let list = rank(vec![old, new], 10);
        assert_eq!(list[0].id, "9x2");
    }
}
