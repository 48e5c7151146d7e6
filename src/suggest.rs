//! Suggesting CRM records for an email's people, best first, with why.
//!
//! Like the Mail Connector: look the sender up (or, for mail the user sent,
//! the recipients) in every module the user may see that has e-mail fields,
//! using the fields `describe` reports (never a hard-coded list: a CRM admin
//! can show or hide secondary e-mail fields). Then widen: the accounts of
//! matched contacts, accounts whose website is the sender's domain (not for
//! free-mail domains), and open potentials of what matched. Every query goes
//! through the CRM, so its permissions decide what can be suggested.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::crm::vtql::{Query, Value};
use crate::crm::{Connection, CrmError, Describe, Record, field};

/// Someone on the email we try to find in the CRM.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// Lower-cased address.
    pub address: String,
    pub name: Option<String>,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    From,
    To,
    Cc,
}

/// One suggested record.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub module: String,
    pub label: String,
    pub score: u32,
    /// Human-readable reasons, strongest first.
    pub reasons: Vec<String>,
}

/// Modules and how much an e-mail match in them is worth. Contacts first:
/// a person is a better target than the company or a ticket.
fn module_weight(module: &str) -> u32 {
    match module {
        "Contacts" => 100,
        "Leads" => 90,
        "Accounts" => 85,
        "Vendors" => 75,
        "HelpDesk" => 60,
        _ => 50,
    }
}

/// Providers whose domain says nothing about the company.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.it",
    "yahoo.co.uk",
    "outlook.com",
    "hotmail.com",
    "hotmail.it",
    "live.com",
    "live.it",
    "msn.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "libero.it",
    "virgilio.it",
    "tiscali.it",
    "alice.it",
    "tim.it",
    "email.it",
    "protonmail.com",
    "proton.me",
    "mail.ru",
    "yandex.ru",
    "qq.com",
    "163.com",
    "126.com",
    "orange.fr",
    "free.fr",
    "wanadoo.fr",
];

pub fn is_free_mail(domain: &str) -> bool {
    FREE_MAIL.contains(&domain)
}

/// `john+crm@x.com` → `john@x.com` (plus-addressing); `None` when there is no tag.
pub fn without_plus_tag(address: &str) -> Option<String> {
    let (local, domain) = address.rsplit_once('@')?;
    let (base, _tag) = local.split_once('+')?;
    if base.is_empty() {
        return None;
    }
    Some(format!("{base}@{domain}"))
}

/// The part of a domain an organisation owns: `mail.eu.acme.com` → `acme.com`,
/// `shop.acme.co.uk` → `acme.co.uk` (short second-level labels count as public).
pub fn organisation_domain(domain: &str) -> String {
    let labels: Vec<&str> = domain.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() <= 2 {
        return labels.join(".");
    }
    let second = labels[labels.len() - 2];
    let keep = if second.len() <= 3 && labels[labels.len() - 1].len() == 2 {
        3
    } else {
        2
    };
    labels[labels.len().saturating_sub(keep)..].join(".")
}

/// Host of a website field value: `https://www.Acme.com/x` → `acme.com`.
fn website_host(website: &str) -> Option<String> {
    let trimmed = website.trim().to_lowercase();
    let without_scheme = trimmed
        .split_once("://")
        .map_or(trimmed.as_str(), |(_, rest)| rest);
    let host = without_scheme
        .split(['/', '?', '#', ':'])
        .next()?
        .trim_start_matches("www.");
    (!host.is_empty()).then(|| host.to_owned())
}

/// Does the sender's domain belong to the website's host (same or a sub-domain)?
fn domain_matches(mail_domain: &str, host: &str) -> bool {
    mail_domain == host || mail_domain.ends_with(&format!(".{host}"))
}

/// Collects candidates and their reasons; the best score wins, each extra
/// reason adds a little.
#[derive(Default)]
struct Board {
    entries: BTreeMap<String, Suggestion>,
}

impl Board {
    fn add(&mut self, id: &str, module: &str, label: &str, score: u32, reason: String) {
        let entry = self
            .entries
            .entry(id.to_owned())
            .or_insert_with(|| Suggestion {
                id: id.to_owned(),
                module: module.to_owned(),
                label: label.to_owned(),
                score: 0,
                reasons: Vec::new(),
            });
        if entry.reasons.contains(&reason) {
            return;
        }
        if score > entry.score {
            entry.reasons.insert(0, reason);
            entry.score = score + (entry.reasons.len() as u32 - 1) * 3;
        } else {
            entry.reasons.push(reason);
            entry.score += 3;
        }
    }

    fn ids_in(&self, module: &str) -> Vec<String> {
        self.entries
            .values()
            .filter(|s| s.module == module)
            .map(|s| s.id.clone())
            .collect()
    }

    fn into_sorted(self, limit: usize) -> Vec<Suggestion> {
        let mut list: Vec<Suggestion> = self.entries.into_values().collect();
        list.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| a.label.cmp(&b.label))
                .then_with(|| a.id.cmp(&b.id))
        });
        list.truncate(limit);
        list
    }
}

/// The text users know a record by, from the module's label fields.
pub fn record_label(describe: Option<&Describe>, record: &Record) -> String {
    let fields: Vec<&str> = match describe {
        Some(d) if !d.label_fields.is_empty() => {
            d.label_fields.iter().map(String::as_str).collect()
        }
        _ => vec![
            "accountname",
            "firstname",
            "lastname",
            "ticket_title",
            "potentialname",
            "vendorname",
        ],
    };
    // vtenext lists "lastname,firstname" but people read "First Last".
    let mut ordered = fields.clone();
    if let (Some(l), Some(f)) = (
        ordered.iter().position(|f| *f == "lastname"),
        ordered.iter().position(|f| *f == "firstname"),
    ) && l < f
    {
        ordered.swap(l, f);
    }
    let parts: Vec<&str> = ordered
        .iter()
        .map(|f| field(record, f).trim())
        .filter(|v| !v.is_empty())
        .collect();
    if parts.is_empty() {
        field(record, "id").to_owned()
    } else {
        parts.join(" ")
    }
}

fn values(addresses: &[String]) -> Vec<Value> {
    addresses.iter().filter_map(|a| Value::text(a)).collect()
}

/// Find records for these people. Modules the user may not see are skipped
/// silently (the CRM's permissions are the only permissions).
pub async fn suggest(
    conn: &Connection,
    people: &[Person],
    limit: usize,
) -> Result<Vec<Suggestion>, CrmError> {
    let mut board = Board::default();
    if people.is_empty() {
        return Ok(Vec::new());
    }
    // address as queried → (the person's own address, how it was derived)
    let mut lookups: HashMap<String, (String, Option<&'static str>)> = HashMap::new();
    for person in people {
        lookups
            .entry(person.address.clone())
            .or_insert((person.address.clone(), None));
        if let Some(base) = without_plus_tag(&person.address) {
            lookups
                .entry(base)
                .or_insert((person.address.clone(), Some("without its +tag")));
        }
    }
    let mut queried: Vec<String> = lookups.keys().cloned().collect();
    queried.sort();

    let modules = conn.listtypes_with_fields(&["email"]).await?;
    let mut describes: HashMap<String, Describe> = HashMap::new();
    for module in modules.iter().filter(|m| m.is_entity) {
        let describe = match conn.describe(&module.name).await {
            Ok(d) => d,
            Err(CrmError::AccessDenied(_)) => continue,
            Err(e) => return Err(e),
        };
        let email_fields: Vec<String> = describe
            .fields_of_type("email")
            .map(|f| f.name.clone())
            .collect();
        if email_fields.is_empty() {
            continue;
        }
        let mut select: Vec<&str> = vec!["id"];
        select.extend(describe.label_fields.iter().map(String::as_str));
        select.extend(email_fields.iter().map(String::as_str));
        select.dedup();
        let mut query = Query::select(&module.name, &select);
        for (i, email_field) in email_fields.iter().enumerate() {
            if i > 0 {
                query = query.or();
            }
            query = query.in_list(email_field, values(&queried));
        }
        let Ok(vtql) = query.limit(0, 200).build() else {
            continue;
        };
        let records = match conn.query(&vtql).await {
            Ok(r) => r,
            Err(CrmError::AccessDenied(_)) => continue,
            Err(e) => return Err(e),
        };
        let weight = module_weight(&module.name);
        for record in &records {
            let label = record_label(Some(&describe), record);
            for (position, email_field) in email_fields.iter().enumerate() {
                let stored = field(record, email_field).trim().to_lowercase();
                let Some((original, derived)) = lookups.get(&stored) else {
                    continue;
                };
                let field_label = describe
                    .fields
                    .iter()
                    .find(|f| &f.name == email_field)
                    .map_or(email_field.as_str(), |f| f.label.as_str());
                let mut score = weight;
                let mut reason = format!(
                    "{} {} is {original}",
                    module.singular,
                    field_label.to_lowercase()
                );
                if position > 0 {
                    score -= 5;
                }
                if let Some(how) = derived {
                    score -= 10;
                    reason = format!(
                        "{} {} is {stored} ({original} {how})",
                        module.singular,
                        field_label.to_lowercase()
                    );
                }
                board.add(field(record, "id"), &module.name, &label, score, reason);
            }
        }
        describes.insert(module.name.clone(), describe);
    }

    // The companies of matched contacts.
    let contact_ids = board.ids_in("Contacts");
    let mut account_links: Vec<(String, String)> = Vec::new();
    if !contact_ids.is_empty()
        && describes
            .get("Contacts")
            .is_some_and(|d| d.has_field("account_id"))
    {
        let q =
            Query::select("Contacts", &["id", "account_id"]).in_list("id", values(&contact_ids));
        if let Ok(vtql) = q.build()
            && let Ok(rows) = conn.query(&vtql).await
        {
            for row in rows {
                let account = field(&row, "account_id");
                if !account.is_empty() {
                    account_links.push((account.to_owned(), field(&row, "id").to_owned()));
                }
            }
        }
    }

    // Accounts by website domain (never for free-mail senders).
    let mut domains: Vec<String> = people
        .iter()
        .filter_map(|p| p.address.rsplit_once('@').map(|(_, d)| d.to_owned()))
        .filter(|d| !is_free_mail(d) && !is_free_mail(&organisation_domain(d)))
        .collect();
    domains.sort();
    domains.dedup();
    let accounts_visible = describes.contains_key("Accounts");
    if accounts_visible && !domains.is_empty() {
        let describe = describes.get("Accounts");
        let mut org_domains: Vec<String> = domains.iter().map(|d| organisation_domain(d)).collect();
        org_domains.sort();
        org_domains.dedup();
        let mut query = Query::select("Accounts", &["id", "accountname", "website"]);
        for (i, org) in org_domains.iter().enumerate() {
            if i > 0 {
                query = query.or();
            }
            if let Some(v) = Value::text(&format!("%{org}%")) {
                query = query.like("website", v);
            }
        }
        if let Ok(vtql) = query.limit(0, 100).build()
            && let Ok(rows) = conn.query(&vtql).await
        {
            for row in rows {
                let Some(host) = website_host(field(&row, "website")) else {
                    continue;
                };
                if let Some(domain) = domains.iter().find(|d| domain_matches(d, &host)) {
                    let label = record_label(describe, &row);
                    board.add(
                        field(&row, "id"),
                        "Accounts",
                        &label,
                        70,
                        format!("Account website {host} matches @{domain}"),
                    );
                }
            }
        }
    }

    if accounts_visible && !account_links.is_empty() {
        let ids: Vec<String> = account_links.iter().map(|(a, _)| a.clone()).collect();
        let q = Query::select("Accounts", &["id", "accountname"]).in_list("id", values(&ids));
        if let Ok(vtql) = q.build()
            && let Ok(rows) = conn.query(&vtql).await
        {
            for row in rows {
                let id = field(&row, "id");
                let label = record_label(describes.get("Accounts"), &row);
                for (_, contact) in account_links.iter().filter(|(a, _)| a == id) {
                    let who = board
                        .entries
                        .get(contact)
                        .map_or(contact.clone(), |s| s.label.clone());
                    board.add(
                        id,
                        "Accounts",
                        &label,
                        75,
                        format!("Account of contact {who}"),
                    );
                }
            }
        }
    }

    // Open potentials of what matched (if the user may see Potentials).
    let mut parents = board.ids_in("Accounts");
    parents.extend(board.ids_in("Contacts"));
    if !parents.is_empty() {
        let q = Query::select(
            "Potentials",
            &["id", "potentialname", "related_to", "sales_stage"],
        )
        .in_list("related_to", values(&parents))
        .limit(0, 50);
        if let Ok(vtql) = q.build() {
            match conn.query(&vtql).await {
                Ok(rows) => {
                    for row in rows {
                        let stage = field(&row, "sales_stage");
                        if stage.starts_with("Closed") {
                            continue;
                        }
                        let parent = field(&row, "related_to");
                        let who = board
                            .entries
                            .get(parent)
                            .map_or(parent.to_owned(), |s| s.label.clone());
                        let label = field(&row, "potentialname").to_owned();
                        board.add(
                            field(&row, "id"),
                            "Potentials",
                            &label,
                            55,
                            format!("Open potential of {who}"),
                        );
                    }
                }
                Err(CrmError::AccessDenied(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }

    Ok(board.into_sorted(limit))
}

/// Whom to look up: the sender, or — for mail the user sent (the sender is
/// one of `own_addresses`) — the recipients. The user's own addresses are
/// never looked up.
pub fn people_for(email: &crate::mail::Email, own_addresses: &[String]) -> Vec<Person> {
    let own = |address: &str| {
        own_addresses
            .iter()
            .any(|o| o.eq_ignore_ascii_case(address))
    };
    let person = |a: &crate::mail::Address, role: Role| Person {
        address: a.address.trim().to_lowercase(),
        name: a.name.clone(),
        role,
    };
    let sent_by_user = email.from.as_ref().is_some_and(|f| own(&f.address));
    let mut people: Vec<Person> = if sent_by_user {
        email
            .to
            .iter()
            .map(|a| person(a, Role::To))
            .chain(email.cc.iter().map(|a| person(a, Role::Cc)))
            .collect()
    } else {
        email
            .from
            .iter()
            .map(|a| person(a, Role::From))
            .chain(email.reply_to.iter().map(|a| person(a, Role::From)))
            .collect()
    };
    people.retain(|p| p.address.contains('@') && !own(&p.address));
    let mut seen = std::collections::HashSet::new();
    people.retain(|p| seen.insert(p.address.clone()));
    people
}

/// The logged-in user's own addresses, so mail they sent is told from mail
/// they got; none when the user record cannot be read.
pub async fn own_addresses(conn: &Connection) -> Vec<String> {
    let user_id = conn.session().user_id;
    match conn.retrieve(&user_id).await {
        Ok(user) => ["email1", "email2", "secondaryemail"]
            .iter()
            .map(|f| field(&user, f).trim().to_lowercase())
            .filter(|a| a.contains('@'))
            .collect(),
        Err(e) => {
            tracing::info!(
                "cannot read the user's own record ({e}); treating all mail as received"
            );
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_tags() {
        assert_eq!(
            without_plus_tag("john+crm@x.com").as_deref(),
            Some("john@x.com")
        );
        assert_eq!(without_plus_tag("john@x.com"), None);
        assert_eq!(without_plus_tag("+x@x.com"), None);
    }

    #[test]
    fn domains() {
        assert_eq!(organisation_domain("mail.eu.acme.com"), "acme.com");
        assert_eq!(organisation_domain("shop.acme.co.uk"), "acme.co.uk");
        assert_eq!(organisation_domain("acme.com"), "acme.com");
        assert_eq!(
            website_host("https://www.Acme-Example.com/contact").as_deref(),
            Some("acme-example.com")
        );
        assert_eq!(
            website_host("www.acme-example.com").as_deref(),
            Some("acme-example.com")
        );
        assert!(domain_matches("sales.acme.com", "acme.com"));
        assert!(!domain_matches("notacme.com", "acme.com"));
        assert!(is_free_mail("gmail.com"));
    }

    #[test]
    fn board_ranks_best_first_and_merges_reasons() {
        let mut board = Board::default();
        board.add("3x1", "Accounts", "Acme", 70, "website".into());
        board.add("4x2", "Contacts", "John", 100, "email".into());
        board.add("3x1", "Accounts", "Acme", 75, "account of John".into());
        let list = board.into_sorted(10);
        assert_eq!(list[0].id, "4x2");
        assert_eq!(
            list[1].reasons,
            vec!["account of John".to_string(), "website".to_string()]
        );
        assert_eq!(list[1].score, 78);
    }
}
