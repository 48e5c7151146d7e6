//! Signal: the address itself is on a Contact, Lead, Account or Vendor, in
//! any e-mail field `describe` reports (an admin can show or hide secondary
//! fields, so the list is never hard-coded).

use super::label::record_label;
use super::people::{Person, folded, without_plus_tag};
use super::rank::Candidate;
use crate::crm::vtql::{Pattern, Query, Value};
use crate::crm::{Describe, FieldInfo, Record, field};
use crate::l10n::Arg;
use crate::msg;

/// A person is a better target than the company; the order is the Mail
/// Connector's.
pub fn module_weight(module: &str) -> u32 {
    match module {
        "Contacts" => 100,
        "Leads" => 90,
        _ => 85,
    }
}
/// A match in the second or later e-mail field is a little weaker.
const SECONDARY_FIELD_PENALTY: u32 = 5;
/// The record has `anna+crm@` and the mail `anna@` (or the other way round).
const PLUS_FOLDED_PENALTY: u32 = 10;

pub fn email_fields(describe: &Describe) -> Vec<&FieldInfo> {
    describe.fields_of_type("email").collect()
}

/// One query for every address in every e-mail field of `module`: exact
/// values with `IN`, and `local+%@domain` with `LIKE` so a stored `+tag`
/// is found from the plain address (VTQL has no parentheses: a flat `OR`).
pub fn query(module: &str, describe: &Describe, people: &[Person]) -> Option<String> {
    let fields = email_fields(describe);
    if fields.is_empty() || people.is_empty() {
        return None;
    }
    let mut exact: Vec<String> = Vec::new();
    let mut tagged: Vec<(String, String)> = Vec::new();
    for person in people {
        exact.push(person.address.clone());
        exact.extend(without_plus_tag(&person.address));
        if let Some((local, domain)) = folded(&person.address).rsplit_once('@') {
            tagged.push((local.to_owned(), domain.to_owned()));
        }
    }
    exact.sort();
    exact.dedup();
    tagged.sort();
    tagged.dedup();
    let mut select: Vec<&str> = vec!["id"];
    select.extend(describe.label_fields.iter().map(String::as_str));
    select.extend(fields.iter().map(|f| f.name.as_str()));
    if describe.has_field("account_id") {
        select.push("account_id");
    }
    select.dedup();
    let mut q = Query::select(module, &select);
    let values: Vec<Value> = exact.iter().filter_map(|a| Value::text(a)).collect();
    if values.is_empty() {
        // Without a condition the query would list the whole module.
        return None;
    }
    for f in &fields {
        q = q.in_list(&f.name, values.clone()).or();
        for (local, domain) in &tagged {
            let Some(pattern) = Pattern::new()
                .text(&format!("{local}+"))
                .any()
                .text(&format!("@{domain}"))
                .finish()
            else {
                continue;
            };
            q = q.like(&f.name, pattern).or();
        }
    }
    q.limit(0, 200).build().ok()
}

/// Every (record, field, person) whose address is the same once case and
/// `+tag` are folded.
pub fn candidates(
    module: &str,
    describe: &Describe,
    rows: &[Record],
    people: &[Person],
) -> Vec<Candidate> {
    let fields = email_fields(describe);
    let mut found = Vec::new();
    for row in rows {
        let label = record_label(Some(describe), row);
        for (position, f) in fields.iter().enumerate() {
            let stored = field(row, &f.name).trim().to_lowercase();
            if stored.is_empty() {
                continue;
            }
            for person in people
                .iter()
                .filter(|p| folded(&p.address) == folded(&stored))
            {
                let mut score = module_weight(module).saturating_sub(person.role.penalty());
                if position > 0 {
                    score = score.saturating_sub(SECONDARY_FIELD_PENALTY);
                }
                let fold_note: Arg = if stored == person.address {
                    "".into()
                } else {
                    score = score.saturating_sub(PLUS_FOLDED_PENALTY);
                    msg!("reason-plus-folded", address = person.address.as_str()).into()
                };
                let reason = msg!(
                    "reason-address",
                    module = module,
                    field = f.label.to_lowercase(),
                    address = stored.as_str(),
                    folded = fold_note,
                    role = person.role.note()
                );
                let mut candidate = Candidate::new(field(row, "id"), module, &label, score, reason);
                candidate.address = Some(folded(&stored));
                found.push(candidate);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm::FieldInfo;
    use crate::suggest::Role;

    fn email_field(name: &str, label: &str) -> FieldInfo {
        FieldInfo {
            name: name.into(),
            label: label.into(),
            type_name: "email".into(),
            refers_to: Vec::new(),
            mandatory: false,
            editable: true,
            ..FieldInfo::default()
        }
    }

    /// Vendors as recorded (capture 310): `vendorname`, one `email` field.
    fn vendors() -> Describe {
        Describe {
            name: "Vendors".into(),
            label: "Vendors".into(),
            id_prefix: "11".into(),
            createable: true,
            updateable: true,
            retrieveable: true,
            label_fields: vec!["vendorname".into()],
            fields: vec![email_field("email", "Email")],
        }
    }

    fn person(address: &str, role: Role) -> Person {
        Person {
            address: address.into(),
            name: None,
            role,
        }
    }

    #[test]
    fn one_flat_query_for_every_address_and_field() {
        let people = [
            person("anna@plus.test", Role::From),
            person("o'brien+x@b.test", Role::Cc),
        ];
        let vtql = query("Vendors", &vendors(), &people).unwrap();
        assert_eq!(
            vtql,
            "SELECT id, vendorname, email FROM Vendors WHERE email IN ('anna@plus.test', \
             'o''brien+x@b.test', 'o''brien@b.test') OR email LIKE 'anna+%@plus.test' \
             OR email LIKE 'o''brien+%@b.test' LIMIT 200;"
        );
        assert_eq!(query("Vendors", &vendors(), &[]), None);
    }

    #[test]
    fn vendors_match_like_any_person_module() {
        let mut row = Record::new();
        row.insert("id".into(), "11x5".into());
        row.insert("vendorname".into(), "Paper Supplies".into());
        row.insert("email".into(), "Orders+EU@Paper.test".into());
        let found = candidates(
            "Vendors",
            &vendors(),
            &[row],
            &[person("orders@paper.test", Role::ReplyTo)],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].score, 85 - 10 - 10);
        assert_eq!(
            found[0].reason.english(),
            "Vendor email is orders+eu@paper.test (+tag folded: the mail has orders@paper.test) (Reply-To)"
        );
    }
}
