//! The queries of the card's second wave: an Account's Contacts, a Lead's
//! Account, and the Messages sent from or to the record's addresses.

use serde::Serialize;

use crate::crm::vtql::{Query, Value};
use crate::crm::{Connection, CrmError, Describe, Record, field};

/// How many Contacts an Account's card lists.
pub const MAX_CONTACTS: u64 = 10;
/// How many Messages `--messages` lists, newest first.
pub const MAX_MESSAGES: u64 = 20;

/// A query's rows; nothing when there is no query or the user may not read
/// the module.
pub async fn rows(conn: &Connection, vtql: Option<String>) -> Result<Vec<Record>, CrmError> {
    let Some(vtql) = vtql else {
        return Ok(Vec::new());
    };
    match conn.query(&vtql).await {
        Ok(rows) => Ok(rows),
        Err(CrmError::AccessDenied(_)) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

fn label_select(describe: &Describe) -> Vec<&str> {
    let mut select = vec!["id"];
    select.extend(describe.label_fields.iter().map(String::as_str));
    select
}

/// The Account's Contacts, one more than shown (to tell that there are more).
pub fn contacts_of(contacts: &Describe, account_id: &str) -> Option<String> {
    if !contacts.has_field("account_id") {
        return None;
    }
    Query::select("Contacts", &label_select(contacts))
        .eq("account_id", Value::text(account_id)?)
        .limit(0, MAX_CONTACTS + 1)
        .build()
        .ok()
}

/// The Account whose name is the Lead's company (a Lead has no account
/// reference; converting it makes one by that name).
pub fn account_named(accounts: &Describe, company: &str) -> Option<String> {
    let company = company.trim();
    if company.is_empty() || !accounts.has_field("accountname") {
        return None;
    }
    Query::select("Accounts", &label_select(accounts))
        .eq("accountname", Value::text(company)?)
        .limit(0, 1)
        .build()
        .ok()
}

/// A Message sent from or to one of the record's addresses.
#[derive(Debug, Clone, Serialize)]
pub struct MessageRow {
    pub id: String,
    pub subject: String,
    pub date: String,
    pub from: String,
    pub to: String,
}

/// Messages whose sender or recipients hold one of `addresses`, newest first.
pub fn messages_query(messages: &Describe, addresses: &[String]) -> Option<String> {
    let wanted: Vec<&str> = ["mfrom", "mto", "mcc"]
        .into_iter()
        .filter(|f| messages.has_field(f))
        .collect();
    if wanted.is_empty() || addresses.is_empty() {
        return None;
    }
    let mut select = vec!["id", "subject", "mfrom", "mto", "mcc"];
    select.retain(|f| *f == "id" || messages.has_field(f));
    let ordered = messages.has_field("mdate");
    if ordered {
        select.push("mdate");
    }
    let mut query = Query::select("Messages", &select);
    let mut first = true;
    for address in addresses {
        let Some(pattern) = Value::text(&format!("%{address}%")) else {
            continue;
        };
        for f in &wanted {
            if !first {
                query = query.or();
            }
            first = false;
            query = query.like(f, pattern.clone());
        }
    }
    if first {
        return None;
    }
    if ordered {
        query = query.order_by("mdate", false);
    }
    query.limit(0, MAX_MESSAGES).build().ok()
}

/// The rows that really name one of `addresses` (LIKE also matches
/// `xjohn@...`), as [`MessageRow`]s.
pub fn message_rows(rows: &[Record], addresses: &[String]) -> Vec<MessageRow> {
    let folded: Vec<String> = addresses.iter().map(|a| a.to_lowercase()).collect();
    rows.iter()
        .filter(|row| {
            let people = format!(
                "{},{},{}",
                field(row, "mfrom"),
                field(row, "mto"),
                field(row, "mcc")
            )
            .to_lowercase();
            people
                .split(|c: char| c == ',' || c == ';' || c == '<' || c == '>' || c.is_whitespace())
                .any(|part| folded.iter().any(|a| a == part.trim()))
        })
        .map(|row| MessageRow {
            id: field(row, "id").to_owned(),
            subject: field(row, "subject").to_owned(),
            date: field(row, "mdate").to_owned(),
            from: field(row, "mfrom").to_owned(),
            to: field(row, "mto").to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, &str)]) -> Record {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String((*v).to_owned())))
            .collect()
    }

    #[test]
    fn only_whole_addresses_count() {
        let rows = vec![
            row(&[("id", "44x1"), ("mfrom", "John <John@Acme.example>")]),
            row(&[("id", "44x2"), ("mfrom", "xjohn@acme.example")]),
            row(&[
                ("id", "44x3"),
                ("mfrom", "a@b.example"),
                ("mto", "x@y.example, john@acme.example"),
            ]),
        ];
        let found = message_rows(&rows, &["john@acme.example".to_owned()]);
        let ids: Vec<&str> = found.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["44x1", "44x3"]);
    }
}
