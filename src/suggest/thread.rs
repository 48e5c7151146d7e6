//! Signal: earlier mail of the same thread is already in the CRM.
//!
//! The webservice cannot read a Message's relations back (wire fact 37), so
//! the records the earlier mail was linked to stay unknown. What it does
//! return is the Message itself (`SELECT *`; `mfrom` cannot be named in a
//! select list, fact 28b): its participants are looked up again as people.
//! Only Messages the user may see are found (others are filtered silently,
//! fact 29).

use std::collections::BTreeMap;

use super::address::{email_fields, module_weight};
use super::label::record_label;
use super::people::{Input, folded};
use super::rank::Candidate;
use crate::crm::vtql::{Query, Value};
use crate::crm::{Describe, Record, field};
use crate::msg;

pub const THREAD: u32 = 75;

/// The earlier Messages, by the ids In-Reply-To and References name.
pub fn query(describe: &Describe, thread_ids: &[String]) -> Option<String> {
    let ids: Vec<Value> = thread_ids.iter().filter_map(|i| Value::text(i)).collect();
    if ids.is_empty() || !describe.has_field("messageid") {
        return None;
    }
    Query::select("Messages", &[])
        .in_list("messageid", ids)
        .limit(0, 20)
        .build()
        .ok()
}

/// Everyone on the earlier mail except the user: folded address → subject
/// of (one of) the Messages they were on.
pub fn participants(messages: &[Record], input: &Input) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for message in messages {
        let subject = field(message, "subject").trim();
        for header in ["mfrom", "mreplyto", "mto", "mcc"] {
            for token in field(message, header).split([',', ';', ' ']) {
                let address = token
                    .trim()
                    .trim_matches(['<', '>', '"', '\''])
                    .to_lowercase();
                if address.contains('@') && !input.is_own(&address) {
                    found
                        .entry(folded(&address))
                        .or_insert_with(|| subject.to_owned());
                }
            }
        }
    }
    found
}

/// Person records (`rows` of `module`) that were on the earlier mail.
pub fn candidates(
    module: &str,
    describe: &Describe,
    rows: &[Record],
    participants: &BTreeMap<String, String>,
) -> Vec<Candidate> {
    let score = THREAD.saturating_sub((100 - module_weight(module).min(100)) / 4);
    let mut found = Vec::new();
    for row in rows {
        for f in email_fields(describe) {
            let stored = folded(field(row, &f.name));
            let Some(subject) = participants.get(&stored) else {
                continue;
            };
            let mut candidate = Candidate::new(
                field(row, "id"),
                module,
                &record_label(Some(describe), row),
                score,
                msg!("reason-thread", subject = subject),
            );
            candidate.address = Some(stored);
            found.push(candidate);
        }
    }
    found
}
