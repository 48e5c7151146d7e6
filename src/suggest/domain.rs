//! Signal: the sender's organisation domain (from the Public Suffix List)
//! against account websites and account e-mail domains — never for
//! free-mail providers, whose domain says nothing about the company.

use super::label::record_label;
use super::people::Person;
use super::rank::Candidate;
use crate::crm::vtql::{Pattern, Query};
use crate::crm::{Describe, Record, field};
use crate::msg;

/// The website's host is the mail's domain.
const WEBSITE_EXACT: u32 = 64;
/// The website's host is a parent of the mail's domain (`acme.com` for `@eu.acme.com`).
const WEBSITE_PARENT: u32 = 62;
/// The website is elsewhere in the same organisation (`logistics.x.com` for `@x.com`).
const WEBSITE_SAME_ORGANISATION: u32 = 58;
/// One of the account's own addresses is in the organisation.
const ACCOUNT_EMAIL_DOMAIN: u32 = 56;

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

/// The part of a domain an organisation registers: `mail.eu.acme.com` →
/// `acme.com`, `shop.acme.co.uk` → `acme.co.uk` (Public Suffix List).
pub fn organisation_domain(domain: &str) -> Option<String> {
    let domain = domain.trim().trim_end_matches('.').to_lowercase();
    psl::domain_str(&domain).map(str::to_owned)
}

/// Host of a website field value: `https://www.Acme.com/x` → `acme.com`.
pub fn website_host(website: &str) -> Option<String> {
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

/// A mail domain worth matching, with the organisation it belongs to.
#[derive(Debug, Clone)]
pub struct MailDomain {
    pub domain: String,
    pub organisation: String,
    pub penalty: u32,
}

/// The people's domains, minus free mail and the user's own organisations.
pub fn mail_domains(people: &[Person], own_addresses: &[String]) -> Vec<MailDomain> {
    let own_orgs: Vec<String> = own_addresses
        .iter()
        .filter_map(|a| a.rsplit_once('@'))
        .filter_map(|(_, d)| organisation_domain(d))
        .collect();
    let mut found: Vec<MailDomain> = Vec::new();
    for person in people {
        let Some((_, domain)) = person.address.rsplit_once('@') else {
            continue;
        };
        let Some(organisation) = organisation_domain(domain) else {
            continue;
        };
        if is_free_mail(domain) || is_free_mail(&organisation) || own_orgs.contains(&organisation) {
            continue;
        }
        if found.iter().any(|d| d.domain == domain) {
            continue;
        }
        found.push(MailDomain {
            domain: domain.to_owned(),
            organisation,
            penalty: person.role.penalty(),
        });
    }
    found
}

/// Accounts whose website or e-mail fields mention an organisation, in one
/// query; the exact rule is checked on the answer.
pub fn query(describe: &Describe, domains: &[MailDomain]) -> Option<String> {
    if domains.is_empty() || !describe.has_field("website") {
        return None;
    }
    let email_fields: Vec<&str> = describe
        .fields_of_type("email")
        .map(|f| f.name.as_str())
        .collect();
    let mut select = vec!["id", "website"];
    select.extend(describe.label_fields.iter().map(String::as_str));
    select.extend(email_fields.iter().copied());
    select.dedup();
    let mut q = Query::select("Accounts", &select);
    let mut organisations: Vec<&str> = domains.iter().map(|d| d.organisation.as_str()).collect();
    organisations.sort();
    organisations.dedup();
    for org in organisations {
        if let Some(pattern) = Pattern::contains(org) {
            q = q.like("website", pattern).or();
        }
        for f in &email_fields {
            if let Some(pattern) = Pattern::ends_with(org) {
                q = q.like(f, pattern).or();
            }
        }
    }
    q.limit(0, 100).build().ok()
}

pub fn candidates(
    describe: &Describe,
    rows: &[Record],
    domains: &[MailDomain],
    people: &[Person],
) -> Vec<Candidate> {
    let mut found = Vec::new();
    for row in rows {
        let id = field(row, "id");
        let label = record_label(Some(describe), row);
        if let Some(host) = website_host(field(row, "website")) {
            let host_org = organisation_domain(&host);
            for d in domains {
                let (score, reason) = if d.domain == host {
                    (
                        WEBSITE_EXACT,
                        msg!(
                            "reason-website-exact",
                            host = host.as_str(),
                            domain = d.domain.as_str()
                        ),
                    )
                } else if d.domain.ends_with(&format!(".{host}")) {
                    (
                        WEBSITE_PARENT,
                        msg!(
                            "reason-website-parent",
                            host = host.as_str(),
                            domain = d.domain.as_str()
                        ),
                    )
                } else if host_org.as_deref() == Some(d.organisation.as_str()) {
                    (
                        WEBSITE_SAME_ORGANISATION,
                        msg!(
                            "reason-website-organisation",
                            host = host.as_str(),
                            domain = d.domain.as_str()
                        ),
                    )
                } else {
                    continue;
                };
                found.push(Candidate::new(
                    id,
                    "Accounts",
                    &label,
                    score.saturating_sub(d.penalty),
                    reason,
                ));
            }
        }
        // One account e-mail says enough; more would only add bonus points.
        let mut matched_orgs: Vec<String> = Vec::new();
        for f in describe.fields_of_type("email") {
            let stored = field(row, &f.name).trim().to_lowercase();
            // The same address is the address signal's business.
            if stored.is_empty() || people.iter().any(|p| p.address == stored) {
                continue;
            }
            let Some(org) = stored
                .rsplit_once('@')
                .and_then(|(_, domain)| organisation_domain(domain))
            else {
                continue;
            };
            if matched_orgs.contains(&org) {
                continue;
            }
            let Some(best) = domains
                .iter()
                .filter(|d| d.organisation == org)
                .min_by_key(|d| d.penalty)
            else {
                continue;
            };
            found.push(Candidate::new(
                id,
                "Accounts",
                &label,
                ACCOUNT_EMAIL_DOMAIN.saturating_sub(best.penalty),
                msg!(
                    "reason-account-email-organisation",
                    field = f.label.to_lowercase(),
                    address = stored.as_str(),
                    organisation = org.as_str()
                ),
            ));
            matched_orgs.push(org);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_domains_come_from_the_public_suffix_list() {
        assert_eq!(
            organisation_domain("mail.eu.acme.com").as_deref(),
            Some("acme.com")
        );
        assert_eq!(
            organisation_domain("shop.acme.co.uk").as_deref(),
            Some("acme.co.uk")
        );
        assert_eq!(
            organisation_domain("Eu.Sales.Acme-Example.COM").as_deref(),
            Some("acme-example.com")
        );
        // Private suffixes count too: one blog is not another's organisation.
        assert_eq!(
            organisation_domain("alice.github.io").as_deref(),
            Some("alice.github.io")
        );
        assert_eq!(
            website_host("https://www.Acme-Example.com/contact").as_deref(),
            Some("acme-example.com")
        );
        assert!(is_free_mail("gmail.com"));
    }
}
