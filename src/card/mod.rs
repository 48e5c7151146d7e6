//! The record card (`vtelink show ID`): a record's fields under the CRM's
//! own labels, in the CRM's order, with the records it refers to and the
//! ones around it.
//!
//! Two concurrent waves: (1) the record, `listtypes` and the describes the
//! card needs (the record's module, named by its id's prefix when that is a
//! standard one, and the modules of its related records); (2) the
//! referenced records' labels, the related records
//! (a Contact's or Lead's Account, an Account's Contacts, the open tickets
//! and potentials suggest finds) and, with `--messages`, the Messages by
//! address. A record of a custom module (a prefix no standard module has)
//! is described in the second wave, next to the look-ups of every value
//! that looks like a record id. Labels are what people read; every
//! decision reads names and values (wire fact 49).

mod layout;
mod related;

use std::collections::HashMap;

use futures_util::future::join_all;
use serde::Serialize;

use crate::crm::{Connection, CrmError, Describe, ModuleInfo, Record, field};
use crate::suggest::{self, Schema, record_label};

pub use layout::{CardField, Reference};
pub use related::{MAX_CONTACTS, MAX_MESSAGES, MessageRow};

/// What can stop a card.
#[derive(Debug, thiserror::Error)]
pub enum CardError {
    #[error("'{0}' is not a record id (like 4x143; `vtelink search TEXT` finds ids)")]
    BadId(String),
    #[error("record {0} not found or not visible to you")]
    NotVisible(String),
    #[error(transparent)]
    Crm(#[from] CrmError),
}

/// What the card includes besides the non-empty fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// The empty fields too.
    pub all: bool,
    /// The Messages sent from or to the record's addresses.
    pub messages: bool,
}

/// A record around the card's record.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    /// `account`, `contact`, `open_ticket` or `open_potential`.
    pub relation: &'static str,
    pub id: String,
    pub module: String,
    pub module_label: String,
    pub label: String,
    /// A ticket's or potential's status: the stored value...
    pub status: Option<String>,
    /// ...and its label in the CRM's language.
    pub status_label: Option<String>,
}

/// `--messages`: found by address, since the CRM cannot list a record's
/// related Messages (wire fact 37).
#[derive(Debug, Clone, Serialize)]
pub struct Messages {
    /// Always `address`.
    pub by: &'static str,
    pub addresses: Vec<String>,
    pub items: Vec<MessageRow>,
    /// More Messages than [`MAX_MESSAGES`] matched.
    pub more: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub id: String,
    pub module: String,
    pub module_label: String,
    pub label: String,
    pub fields: Vec<CardField>,
    pub related: Vec<Related>,
    /// The Account had more Contacts than [`MAX_CONTACTS`].
    pub more_contacts: bool,
    pub messages: Option<Messages>,
    /// Webservice calls made.
    pub requests: u64,
}

/// Where the standard modules live on vtenext (`vte_ws_entity`, the same on
/// every installation of a version): a hint, checked against `describe`.
const STANDARD_PREFIXES: &[(&str, &str)] = &[
    ("1", "Calendar"),
    ("2", "Leads"),
    ("3", "Accounts"),
    ("4", "Contacts"),
    ("5", "Potentials"),
    ("6", "Products"),
    ("7", "Documents"),
    ("8", "Emails"),
    ("9", "HelpDesk"),
    ("10", "Faq"),
    ("11", "Vendors"),
    ("12", "PriceBooks"),
    ("13", "Quotes"),
    ("14", "PurchaseOrder"),
    ("15", "SalesOrder"),
    ("16", "Invoice"),
    ("17", "Campaigns"),
    ("18", "Events"),
    ("19", "Users"),
    ("20", "Reports"),
    ("22", "Groups"),
    ("23", "Currency"),
    ("24", "DocumentFolders"),
    ("25", "Ddt"),
    ("26", "Sms"),
    ("27", "Services"),
    ("28", "Timecards"),
    ("29", "Assets"),
    ("30", "Charts"),
    ("31", "Myfiles"),
    ("32", "ProjectMilestone"),
    ("33", "ProjectTask"),
    ("34", "JobOrder"),
    ("35", "ProjectPlan"),
    ("36", "ModComments"),
    ("37", "MyNotes"),
    ("38", "PBXManager"),
    ("39", "Visitreport"),
    ("40", "ServiceContracts"),
    ("41", "Targets"),
    ("42", "Newsletter"),
    ("43", "Fax"),
    ("44", "Messages"),
    ("45", "ProductLines"),
    ("46", "Processes"),
    ("47", "Employees"),
    ("48", "ConfProducts"),
    ("49", "ModLightProdAttr"),
];

fn standard_module(prefix: &str) -> Option<&'static str> {
    STANDARD_PREFIXES
        .iter()
        .find(|(p, _)| *p == prefix)
        .map(|(_, m)| *m)
}

fn is_standard(module: &str) -> bool {
    STANDARD_PREFIXES.iter().any(|(_, m)| *m == module)
}

/// The describes the first wave loads: the record's module (a hint from
/// its prefix), the modules of its related records, and Messages.
fn modules_to_describe(module: Option<&'static str>, options: Options) -> Vec<&'static str> {
    let mut wanted: Vec<&'static str> = module.into_iter().collect();
    if let Some(m) = module
        && suggest::PERSON_MODULES.contains(&m)
    {
        wanted.extend(["HelpDesk", "Potentials"]);
    }
    match module {
        Some("Accounts") => wanted.push("Contacts"),
        Some("Leads") => wanted.push("Accounts"),
        _ => {}
    }
    if options.messages {
        wanted.push("Messages");
    }
    wanted.sort();
    wanted.dedup();
    wanted
}

/// The card of record `id`, as the connected user may see it.
pub async fn show(conn: &Connection, id: &str, options: Options) -> Result<Card, CardError> {
    let id = id.trim();
    if !crate::link::is_ws_id(id) {
        return Err(CardError::BadId(id.to_owned()));
    }
    let before = conn.client().request_count();
    let prefix = id.split_once('x').map(|(p, _)| p).unwrap_or_default();

    // Wave 1: the record, the modules' labels, and the describes the card
    // needs (the record's module when its prefix is a standard one).
    let wanted = modules_to_describe(standard_module(prefix), options);
    let (record, types, schema) = tokio::join!(
        conn.retrieve(id),
        conn.listtypes(),
        Schema::load_modules(conn, &wanted),
    );
    let record = match record {
        Ok(record) => record,
        Err(CrmError::AccessDenied(_) | CrmError::InvalidId(_) | CrmError::RecordNotFound(_)) => {
            return Err(CardError::NotVisible(id.to_owned()));
        }
        Err(e) => return Err(e.into()),
    };
    let types = types?;
    let schema = schema?;
    let known = schema.describes().find(|d| d.id_prefix == prefix).cloned();

    // A custom module: describe the modules no standard prefix names, in the
    // second wave with everything else.
    let custom: Vec<&str> = if known.is_some() {
        Vec::new()
    } else {
        types
            .iter()
            .filter(|m| m.is_entity && !is_standard(&m.name))
            .map(|m| m.name.as_str())
            .collect()
    };
    let reference_ids = reference_ids(known.as_ref(), &record, id);
    let module = known.as_ref().map(|d| d.name.clone()).unwrap_or_default();
    let open_parents = open_parents(&module, &record, id);
    let addresses = match &known {
        Some(d) => layout::addresses(d, &record),
        None => looks_like_addresses(&record),
    };
    let messages_query = if options.messages {
        schema
            .describe("Messages")
            .and_then(|d| related::messages_query(d, &addresses))
    } else {
        None
    };
    let contacts_query = (module == "Accounts")
        .then(|| schema.describe("Contacts"))
        .flatten()
        .and_then(|d| related::contacts_of(d, id));
    let account_query = (module == "Leads")
        .then(|| schema.describe("Accounts"))
        .flatten()
        .and_then(|d| related::account_named(d, field(&record, "company")));

    // Wave 2: everything that needs the record.
    let (custom_describes, referenced, open, contacts, lead_account, messages) = tokio::join!(
        join_all(custom.iter().map(|m| conn.describe(m))),
        join_all(reference_ids.iter().map(|r| conn.retrieve(r))),
        suggest::open_records(conn, &schema, &open_parents),
        related::rows(conn, contacts_query),
        related::rows(conn, account_query),
        related::rows(conn, messages_query),
    );
    let describe = match known {
        Some(d) => d,
        None => custom_describes
            .into_iter()
            .filter_map(Result::ok)
            .find(|d| d.id_prefix == prefix)
            .ok_or_else(|| CardError::NotVisible(id.to_owned()))?,
    };
    let labels = ModuleLabels::new(&types, &schema, &describe);

    let mut references: HashMap<String, Reference> = HashMap::new();
    for (ref_id, answer) in reference_ids.iter().zip(referenced) {
        let reference = match answer {
            Ok(found) => {
                let module = module_of(&schema, &describe, ref_id, &found);
                let label = layout::reference_label(
                    module.as_deref().and_then(|m| schema.describe(m)),
                    &found,
                );
                Reference {
                    id: ref_id.clone(),
                    module,
                    label: Some(label),
                }
            }
            Err(
                CrmError::AccessDenied(_) | CrmError::InvalidId(_) | CrmError::RecordNotFound(_),
            ) => Reference {
                id: ref_id.clone(),
                module: standard_module(ref_id.split_once('x').map(|(p, _)| p).unwrap_or(""))
                    .map(str::to_owned),
                label: None,
            },
            Err(e) => return Err(e.into()),
        };
        references.insert(ref_id.clone(), reference);
    }
    let fields = layout::fields(&describe, &record, &references, options.all);

    let mut related = Vec::new();
    let account_ref = (describe.name == "Contacts")
        .then(|| field(&record, "account_id"))
        .and_then(|a| references.get(a));
    if let Some(account) = account_ref {
        related.push(Related {
            relation: "account",
            id: account.id.clone(),
            module: "Accounts".into(),
            module_label: labels.of("Accounts"),
            label: account.label.clone().unwrap_or_else(|| account.id.clone()),
            status: None,
            status_label: None,
        });
    }
    for row in lead_account?.iter() {
        related.push(Related {
            relation: "account",
            id: field(row, "id").to_owned(),
            module: "Accounts".into(),
            module_label: labels.of("Accounts"),
            label: record_label(schema.describe("Accounts"), row),
            status: None,
            status_label: None,
        });
    }
    let contacts = contacts?;
    let more_contacts = contacts.len() as u64 > MAX_CONTACTS;
    for row in contacts.iter().take(MAX_CONTACTS as usize) {
        related.push(Related {
            relation: "contact",
            id: field(row, "id").to_owned(),
            module: "Contacts".into(),
            module_label: labels.of("Contacts"),
            label: record_label(schema.describe("Contacts"), row),
            status: None,
            status_label: None,
        });
    }
    for open in open? {
        let status_label = suggest::status_field(&open.module)
            .and_then(|(status, _)| {
                schema
                    .describe(&open.module)?
                    .fields
                    .iter()
                    .find(|f| f.name == status)
                    .map(|f| f.picklist_label(&open.status).to_owned())
            })
            .unwrap_or_else(|| open.status.clone());
        related.push(Related {
            relation: if open.module == "HelpDesk" {
                "open_ticket"
            } else {
                "open_potential"
            },
            module_label: labels.of(&open.module),
            id: open.id,
            module: open.module,
            label: open.label,
            status: Some(open.status),
            status_label: Some(status_label),
        });
    }

    let messages = if options.messages {
        let addresses = layout::addresses(&describe, &record);
        let rows = messages?;
        let more = rows.len() as u64 >= MAX_MESSAGES;
        Some(Messages {
            by: "address",
            items: related::message_rows(&rows, &addresses),
            addresses,
            more,
        })
    } else {
        None
    };

    Ok(Card {
        id: id.to_owned(),
        module: describe.name.clone(),
        module_label: labels.of(&describe.name),
        label: record_label(Some(&describe), &record),
        fields,
        related,
        more_contacts,
        messages,
        requests: conn.client().request_count().saturating_sub(before),
    })
}

/// The ids to look up for their labels: the values of reference fields, or
/// (module not known yet) every value that looks like a record id.
fn reference_ids(describe: Option<&Describe>, record: &Record, own: &str) -> Vec<String> {
    let mut ids: Vec<String> = match describe {
        Some(d) => d
            .fields
            .iter()
            .filter(|f| layout::is_reference(f))
            .map(|f| field(record, &f.name))
            .collect::<Vec<_>>(),
        None => record
            .iter()
            .filter(|(name, _)| name.as_str() != "id")
            .filter_map(|(_, v)| v.as_str())
            .collect(),
    }
    .into_iter()
    .map(str::trim)
    .filter(|v| crate::link::is_ws_id(v) && *v != own && !v.ends_with("x0"))
    .map(str::to_owned)
    .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Whose open tickets and potentials the card lists: the record's, and a
/// Contact's Account's too (as suggest expands a matched contact).
fn open_parents(module: &str, record: &Record, id: &str) -> Vec<String> {
    match module {
        "Contacts" => {
            let mut parents = vec![id.to_owned()];
            let account = field(record, "account_id");
            if crate::link::is_ws_id(account) {
                parents.push(account.to_owned());
            }
            parents
        }
        "Accounts" | "Leads" | "Vendors" => vec![id.to_owned()],
        _ => Vec::new(),
    }
}

/// Values that look like e-mail addresses (a custom module's fields are not
/// known before the second wave).
fn looks_like_addresses(record: &Record) -> Vec<String> {
    let mut found: Vec<String> = record
        .values()
        .filter_map(|v| v.as_str())
        .map(str::trim)
        .filter(|v| {
            v.split_once('@')
                .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
                && !v.contains(char::is_whitespace)
        })
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The module of a referenced record: a user, the only module the field
/// may point at, or the describe whose prefix it has.
fn module_of(schema: &Schema, describe: &Describe, id: &str, found: &Record) -> Option<String> {
    if found.contains_key("user_name") {
        return Some("Users".into());
    }
    let prefix = id.split_once('x').map(|(p, _)| p)?;
    if let Some(d) = schema.describes().find(|d| d.id_prefix == prefix) {
        return Some(d.name.clone());
    }
    if describe.id_prefix == prefix {
        return Some(describe.name.clone());
    }
    standard_module(prefix).map(str::to_owned)
}

/// Module labels in the CRM's language: `listtypes`, else `describe`.
struct ModuleLabels(HashMap<String, String>);

impl ModuleLabels {
    fn new(types: &[ModuleInfo], schema: &Schema, describe: &Describe) -> ModuleLabels {
        let mut labels: HashMap<String, String> = schema
            .describes()
            .chain(std::iter::once(describe))
            .filter(|d| !d.label.is_empty())
            .map(|d| (d.name.clone(), d.label.clone()))
            .collect();
        for m in types {
            if !m.label.is_empty() {
                labels.insert(m.name.clone(), m.label.clone());
            }
        }
        ModuleLabels(labels)
    }

    fn of(&self, module: &str) -> String {
        self.0
            .get(module)
            .cloned()
            .unwrap_or_else(|| module.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(pairs: &[(&str, &str)]) -> Record {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String((*v).to_owned())))
            .collect()
    }

    #[test]
    fn without_a_describe_every_id_like_value_is_looked_up() {
        let r = record(&[
            ("id", "50x250"),
            ("account_id", "3x140"),
            ("assigned_user_id", "19x1"),
            ("creator", "19x1"),
            ("cf_812", "25"),
            ("startdate", "01-01-2026"),
            ("empty", "2x0"),
        ]);
        assert_eq!(reference_ids(None, &r, "50x250"), ["19x1", "3x140"]);
    }

    #[test]
    fn addresses_of_an_unknown_module() {
        let r = record(&[("a", "renewals@acme-example.com"), ("b", "not an @address")]);
        assert_eq!(looks_like_addresses(&r), ["renewals@acme-example.com"]);
    }

    #[test]
    fn prefixes_are_hints() {
        assert_eq!(standard_module("4"), Some("Contacts"));
        assert_eq!(standard_module("50"), None);
        assert!(!is_standard("Subscriptions"));
    }
}
