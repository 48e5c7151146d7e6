//! Signal: open HelpDesk tickets and open Potentials of what matched, most
//! recent first.
//!
//! "Open" is read from the status picklists `describe` reports, never from
//! English words: a status value is *closed* when its first word starts
//! another value too — in its own picklist (`Closed Won`, `Closed Lost`) or
//! in the other module's status picklist (`Closed` for tickets, against
//! `Closed Won`). vtenext's pipelines share exactly one such word, their end
//! state, in whatever language the values were made in. The stored `value`
//! is compared, not the translated `label`.

use std::collections::{HashMap, HashSet};

use super::label::record_label;
use super::rank::Candidate;
use crate::crm::vtql::{Query, Value};
use crate::crm::{Describe, Record, field};
use crate::l10n::Arg;
use crate::msg;

pub const OPEN_TICKET: u32 = 65;
pub const OPEN_POTENTIAL: u32 = 60;
/// The subject quotes the record's name ("Re: Invoice question"): the mail is
/// about that ticket more than about the person, so it outranks the sender.
pub const NAMED_IN_SUBJECT: u32 = 101;

/// Does the subject quote this name? Whole words, case-insensitive, and at
/// least two words, so a ticket called "Help" is not in every subject.
pub fn named_in_subject(subject: &str, name: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let name = words(name);
    let subject = words(subject);
    name.len() >= 2
        && subject
            .windows(name.len())
            .any(|window| window == name.as_slice())
}

/// The status field of each module this signal reads, and its base score.
pub fn status_field(module: &str) -> Option<(&'static str, u32)> {
    match module {
        "HelpDesk" => Some(("ticketstatus", OPEN_TICKET)),
        "Potentials" => Some(("sales_stage", OPEN_POTENTIAL)),
        _ => None,
    }
}

fn first_word(value: &str) -> String {
    value.split_whitespace().next().unwrap_or("").to_lowercase()
}

/// The closed values of `own`, given the other status picklist `other`.
pub fn closed_values(own: &[String], other: &[String]) -> HashSet<String> {
    let mut closed = HashSet::new();
    for value in own {
        let word = first_word(value);
        if word.is_empty() {
            continue;
        }
        let in_own = own
            .iter()
            .filter(|v| *v != value && first_word(v) == word)
            .count()
            > 0;
        let in_other = other.iter().any(|v| first_word(v) == word);
        if in_own || in_other {
            closed.insert(value.clone());
        }
    }
    closed
}

pub fn picklist(describe: Option<&Describe>, name: &str) -> Vec<String> {
    describe
        .and_then(|d| d.fields.iter().find(|f| f.name == name))
        .map(|f| f.picklist_values.clone())
        .unwrap_or_default()
}

/// Reference fields of `describe` that can point at one of the parents.
fn parent_fields(describe: &Describe) -> Vec<&str> {
    describe
        .fields_of_type("reference")
        .filter(|f| {
            f.refers_to
                .iter()
                .any(|m| matches!(m.as_str(), "Contacts" | "Accounts" | "Leads" | "Vendors"))
        })
        .map(|f| f.name.as_str())
        .collect()
}

/// The newest records of `module` whose parent is one of `parents`.
pub fn query(module: &str, describe: &Describe, parents: &[String]) -> Option<String> {
    let (status, _) = status_field(module)?;
    let fields = parent_fields(describe);
    let ids: Vec<Value> = parents.iter().filter_map(|p| Value::text(p)).collect();
    if fields.is_empty() || ids.is_empty() || !describe.has_field(status) {
        return None;
    }
    let mut select = vec!["id", status];
    select.extend(describe.label_fields.iter().map(String::as_str));
    select.extend(fields.iter().copied());
    let ordered = describe.has_field("modifiedtime");
    if ordered {
        select.push("modifiedtime");
    }
    select.dedup();
    let mut q = Query::select(module, &select);
    for f in &fields {
        q = q.in_list(f, ids.clone()).or();
    }
    if ordered {
        q = q.order_by("modifiedtime", false);
    }
    q.limit(0, 100).build().ok()
}

/// An open ticket or potential hanging off a record (what `vtelink show`
/// lists): its status is the stored value, never the label.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OpenRecord {
    pub id: String,
    pub module: String,
    pub label: String,
    pub status: String,
    /// The parent it was found through.
    pub via: String,
}

/// The open rows of one `query` answer, newest first as queried.
pub fn open_records(
    module: &str,
    describe: &Describe,
    rows: &[Record],
    closed: &HashSet<String>,
    parents: &[String],
) -> Vec<OpenRecord> {
    let Some((status, _)) = status_field(module) else {
        return Vec::new();
    };
    let fields = parent_fields(describe);
    rows.iter()
        .filter(|row| !closed.contains(field(row, status)))
        .filter_map(|row| {
            let via = fields
                .iter()
                .map(|f| field(row, f))
                .find(|v| parents.iter().any(|p| p == v))?;
            Some(OpenRecord {
                id: field(row, "id").to_owned(),
                module: module.to_owned(),
                label: record_label(Some(describe), row),
                status: field(row, status).to_owned(),
                via: via.to_owned(),
            })
        })
        .collect()
}

/// `parents`: id → (label, score of its own best match).
pub fn candidates(
    module: &str,
    describe: &Describe,
    rows: &[Record],
    closed: &HashSet<String>,
    parents: &HashMap<String, (String, u32)>,
    subject: &str,
) -> Vec<Candidate> {
    let Some((status, base)) = status_field(module) else {
        return Vec::new();
    };
    let fields = parent_fields(describe);
    let mut found = Vec::new();
    for row in rows {
        let state = field(row, status);
        if closed.contains(state) {
            continue;
        }
        let label = record_label(Some(describe), row);
        // People read the status as the CRM labels it ("Aperto").
        let shown = describe
            .fields
            .iter()
            .find(|f| f.name == status)
            .map_or(state, |f| f.picklist_label(state));
        for f in &fields {
            let Some((who, parent_score)) = parents.get(field(row, f)) else {
                continue;
            };
            let mut candidate = Candidate::new(
                field(row, "id"),
                module,
                &label,
                super::derived_score(base, *parent_score),
                msg!(
                    "reason-open",
                    module = module,
                    who = who,
                    status = Arg::shown(state, shown)
                ),
            );
            candidate.via = Some(field(row, f).to_owned());
            candidate.recency = field(row, "modifiedtime").to_owned();
            if named_in_subject(subject, &label) {
                let mut named = candidate.clone();
                named.score = super::derived_score(NAMED_IN_SUBJECT, *parent_score);
                named.reason = msg!("reason-named-in-subject", module = module);
                found.push(named);
            }
            found.push(candidate);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn subjects_name_records_by_whole_words() {
        assert!(named_in_subject("Re: Invoice question", "Invoice question"));
        assert!(named_in_subject(
            "RE: [TT12] invoice QUESTION?",
            "Invoice question"
        ));
        assert!(!named_in_subject(
            "Invoice questionnaire",
            "Invoice question"
        ));
        assert!(!named_in_subject("Help", "Help"));
        assert!(!named_in_subject(
            "Printer still on fire",
            "Printer on fire"
        ));
    }

    #[test]
    fn closed_states_come_from_the_picklists_not_from_english() {
        let tickets = list(&["Open", "In Progress", "Closed", "Maintain"]);
        let stages = list(&["Prospecting", "Closed Won", "Closed Lost", "PotentialOpen"]);
        let closed_tickets = closed_values(&tickets, &stages);
        assert_eq!(closed_tickets, HashSet::from(["Closed".to_owned()]));
        let closed_stages = closed_values(&stages, &tickets);
        assert_eq!(
            closed_stages,
            HashSet::from(["Closed Won".to_owned(), "Closed Lost".to_owned()])
        );
        // The same CRM with Italian values.
        let tickets = list(&["Aperto", "In lavorazione", "Chiuso"]);
        let stages = list(&["Prospezione", "Chiuso vinto", "Chiuso perso"]);
        assert_eq!(
            closed_values(&tickets, &stages),
            HashSet::from(["Chiuso".to_owned()])
        );
    }
}
