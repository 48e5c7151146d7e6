//! Signal: the account a matched contact belongs to (its `account_id`).

use std::collections::HashMap;

use super::label::record_label;
use super::rank::Candidate;
use crate::crm::vtql::{Query, Value};
use crate::crm::{Describe, Record, field};
use crate::msg;

/// Scaled by how sure the contact match is (see [`super::derived_score`]).
pub const ACCOUNT_OF_CONTACT: u32 = 75;

/// (account id, contact id) for every matched contact that has an account.
pub fn links(contact_rows: &[Record]) -> Vec<(String, String)> {
    contact_rows
        .iter()
        .filter(|row| !field(row, "account_id").is_empty())
        .map(|row| {
            (
                field(row, "account_id").to_owned(),
                field(row, "id").to_owned(),
            )
        })
        .collect()
}

/// The accounts' labels, all in one query.
pub fn query(describe: &Describe, links: &[(String, String)]) -> Option<String> {
    let ids: Vec<Value> = links.iter().filter_map(|(a, _)| Value::text(a)).collect();
    if ids.is_empty() {
        return None;
    }
    let mut select = vec!["id"];
    select.extend(describe.label_fields.iter().map(String::as_str));
    Query::select("Accounts", &select)
        .in_list("id", ids)
        .limit(0, 200)
        .build()
        .ok()
}

/// `contacts`: contact id → (label, score of its best match).
pub fn candidates(
    describe: &Describe,
    account_rows: &[Record],
    links: &[(String, String)],
    contacts: &HashMap<String, (String, u32)>,
) -> Vec<Candidate> {
    let mut found = Vec::new();
    for row in account_rows {
        let id = field(row, "id");
        let label = record_label(Some(describe), row);
        for (_, contact) in links.iter().filter(|(account, _)| account == id) {
            let Some((who, score)) = contacts.get(contact) else {
                continue;
            };
            let mut candidate = Candidate::new(
                id,
                "Accounts",
                &label,
                super::derived_score(ACCOUNT_OF_CONTACT, *score),
                msg!("reason-account-of-contact", who = who),
            );
            candidate.via = Some(contact.clone());
            found.push(candidate);
        }
    }
    found
}
