//! Whom an email is about: the addresses to look up, in what role, and the
//! Message-IDs of the thread it belongs to.

use serde::Serialize;

use crate::mail::{Address, Email};

/// Someone on the email we try to find in the CRM.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// Lower-cased address.
    pub address: String,
    pub name: Option<String>,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    From,
    ReplyTo,
    To,
    Cc,
}

impl Role {
    /// Points taken off a match through this header: the sender (or, for sent
    /// mail, the addressee) is who the mail is about; Reply-To often names a
    /// shared mailbox, and Cc is who was told.
    pub fn penalty(self) -> u32 {
        match self {
            Role::From | Role::To => 0,
            Role::ReplyTo => 10,
            Role::Cc => 20,
        }
    }

    /// Shown after a reason when the header is not the main one.
    pub fn note(self) -> crate::l10n::Arg {
        match self {
            Role::From | Role::To => "".into(),
            Role::ReplyTo => crate::msg!("reason-role-reply-to").into(),
            Role::Cc => crate::msg!("reason-role-cc").into(),
        }
    }
}

/// What the suggester needs from an email.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Input {
    pub people: Vec<Person>,
    /// In-Reply-To and References, each as it may be stored (with and
    /// without angle brackets).
    pub thread_ids: Vec<String>,
    /// The user's own addresses: never suggested, never a thread participant.
    #[serde(skip)]
    pub own_addresses: Vec<String>,
    /// The subject line, for records whose name it quotes.
    #[serde(skip)]
    pub subject: String,
}

impl Input {
    pub fn from_email(email: &Email, own_addresses: &[String]) -> Input {
        Input {
            people: people_for(email, own_addresses),
            thread_ids: thread_ids(email),
            own_addresses: own_addresses.iter().map(|a| a.to_lowercase()).collect(),
            subject: email.subject.clone().unwrap_or_default(),
        }
    }

    pub fn is_own(&self, address: &str) -> bool {
        self.own_addresses
            .iter()
            .any(|o| o.eq_ignore_ascii_case(address))
    }
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

/// The address with case and any `+tag` folded away, for comparing.
pub fn folded(address: &str) -> String {
    let lower = address.trim().to_lowercase();
    without_plus_tag(&lower).unwrap_or(lower)
}

/// Whom to look up. Received mail: From, then Reply-To and Cc. Mail the user
/// sent (From is one of `own_addresses`): To and Cc. The user's own
/// addresses are never looked up; each address once, in its strongest role.
pub fn people_for(email: &Email, own_addresses: &[String]) -> Vec<Person> {
    let own = |address: &str| {
        own_addresses
            .iter()
            .any(|o| o.trim().eq_ignore_ascii_case(address.trim()))
    };
    let person = |a: &Address, role: Role| Person {
        address: a.address.trim().to_lowercase(),
        name: a.name.clone(),
        role,
    };
    let sent_by_user = email.from.as_ref().is_some_and(|f| own(&f.address));
    let cc = email.cc.iter().map(|a| person(a, Role::Cc));
    let mut people: Vec<Person> = if sent_by_user {
        email
            .to
            .iter()
            .map(|a| person(a, Role::To))
            .chain(cc)
            .collect()
    } else {
        email
            .from
            .iter()
            .map(|a| person(a, Role::From))
            .chain(email.reply_to.iter().map(|a| person(a, Role::ReplyTo)))
            .chain(cc)
            .collect()
    };
    people.retain(|p| p.address.contains('@') && !own(&p.address));
    let mut seen = std::collections::HashSet::new();
    people.retain(|p| seen.insert(p.address.clone()));
    people
}

/// In-Reply-To first, then References newest first, each with and without
/// `<>` (the CRM stores what the mail client sent, usually bracketed).
pub fn thread_ids(email: &Email) -> Vec<String> {
    let mut ids = Vec::new();
    let named = email
        .in_reply_to
        .iter()
        .chain(email.references.iter().rev());
    for raw in named {
        let bare = raw.trim().trim_start_matches('<').trim_end_matches('>');
        if bare.is_empty() || bare.chars().any(char::is_control) {
            continue;
        }
        for form in [format!("<{bare}>"), bare.to_owned()] {
            if !ids.contains(&form) {
                ids.push(form);
            }
        }
    }
    // One query names them all; a mail with a runaway References header
    // should not turn it into a huge URL.
    ids.truncate(40);
    ids
}

/// The logged-in user's own addresses, so mail they sent is told from mail
/// they got; none when the user record cannot be read.
pub async fn own_addresses(conn: &crate::crm::Connection) -> Vec<String> {
    let user_id = conn.session().user_id;
    match conn.retrieve(&user_id).await {
        Ok(user) => ["email1", "email2", "secondaryemail"]
            .iter()
            .map(|f| crate::crm::field(&user, f).trim().to_lowercase())
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
    fn plus_tags_fold() {
        assert_eq!(
            without_plus_tag("john+crm@x.com").as_deref(),
            Some("john@x.com")
        );
        assert_eq!(without_plus_tag("john@x.com"), None);
        assert_eq!(without_plus_tag("+x@x.com"), None);
        assert_eq!(
            folded(" Anna+CRM@Plus-Example.com "),
            "anna@plus-example.com"
        );
    }

    #[test]
    fn thread_ids_come_in_both_forms() {
        let raw = b"From: a@y\r\nIn-Reply-To: <a@x>\r\nReferences: <b@x> <a@x>\r\nSubject: s\r\n\r\nbody\r\n";
        let email = crate::mail::parse_bytes(raw, std::path::Path::new("t.eml")).unwrap();
        assert_eq!(thread_ids(&email), vec!["<a@x>", "a@x", "<b@x>", "b@x"]);
    }
}
