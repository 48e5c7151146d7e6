//! Suggesting CRM records for an email, best first, with why.
//!
//! Each signal is one module with a query builder and a pure function that
//! turns the answer into scored [`Candidate`]s with a reason; [`rank`] merges
//! them and marks ties; [`auto_choice`] says whether a script may link
//! without a human. A new signal is one new function plus one line in a wave.
//!
//! The calls go in three concurrent waves, because each needs the one
//! before: (1) `describe` of every module involved (the e-mail fields and
//! picklists decide the queries) and the user's own record; (2) one address
//! look-up per person module for all addresses, the organisation-domain
//! look-up and the thread's earlier Messages; (3) expansions: accounts of
//! matched contacts, open tickets and potentials, and the thread's
//! participants as people. A fourth wave, only when the thread found someone
//! new, expands those people too. Every query goes through the CRM, so its
//! permissions decide what can be suggested.

mod account;
mod address;
mod domain;
mod label;
mod open;
mod people;
mod rank;
mod thread;

use std::collections::{BTreeMap, HashMap};

use futures_util::future::join_all;

use crate::crm::{Connection, CrmError, Describe, Record, field};

pub use domain::{is_free_mail, organisation_domain};
pub use label::record_label;
pub use open::{OpenRecord, closed_values, status_field};
pub use people::{
    Input, Person, Role, folded, own_addresses, people_for, thread_ids, without_plus_tag,
};
pub use rank::{AUTO_MARGIN, AUTO_MIN_SCORE, AutoChoice, Candidate, Suggestion, auto_choice, rank};

/// Modules whose records are people or organisations an address can be on.
pub const PERSON_MODULES: [&str; 4] = ["Contacts", "Leads", "Accounts", "Vendors"];
/// The modules [`Schema::load`] describes.
pub const DESCRIBED: [&str; 7] = [
    "Contacts",
    "Leads",
    "Accounts",
    "Vendors",
    "HelpDesk",
    "Potentials",
    "Messages",
];

/// What `describe` said about the modules the user may see.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    describes: HashMap<String, Describe>,
}

impl Schema {
    /// All describes at once. A module the user may not see (or that this
    /// CRM does not have, like Vendors on vtesim) is left out.
    pub async fn load(conn: &Connection) -> Result<Schema, CrmError> {
        Schema::load_modules(conn, &DESCRIBED).await
    }

    /// The describes of these modules only, all at once (a module the user
    /// may not see is left out).
    pub async fn load_modules(conn: &Connection, modules: &[&str]) -> Result<Schema, CrmError> {
        let answers = join_all(modules.iter().map(|m| conn.describe(m))).await;
        let mut describes = HashMap::new();
        for (module, answer) in modules.iter().zip(answers) {
            match answer {
                Ok(d) => {
                    describes.insert((*module).to_owned(), d);
                }
                Err(CrmError::AccessDenied(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(Schema { describes })
    }

    pub fn describe(&self, module: &str) -> Option<&Describe> {
        self.describes.get(module)
    }

    pub fn has(&self, module: &str) -> bool {
        self.describes.contains_key(module)
    }

    /// Every describe loaded, in no particular order.
    pub fn describes(&self) -> impl Iterator<Item = &Describe> {
        self.describes.values()
    }

    /// The module's label in the CRM's language (its name when not loaded).
    pub fn module_label<'a>(&'a self, module: &'a str) -> &'a str {
        self.describes
            .get(module)
            .map(|d| d.label.as_str())
            .filter(|l| !l.is_empty())
            .unwrap_or(module)
    }
}

/// A record reached through another is worth its base score scaled by how
/// sure the other one is (the account of a Cc'd contact is weaker than the
/// sender's).
pub fn derived_score(base: u32, parent_score: u32) -> u32 {
    base * parent_score.min(100) / 100
}

/// A query's rows; nothing when there is no query or the module is hidden.
async fn rows(conn: &Connection, vtql: Option<String>) -> Result<Vec<Record>, CrmError> {
    let Some(vtql) = vtql else {
        return Ok(Vec::new());
    };
    match conn.query(&vtql).await {
        Ok(rows) => Ok(rows),
        Err(CrmError::AccessDenied(_)) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Look `people` up with one query per module, all modules at once.
async fn look_up<'a>(
    conn: &Connection,
    modules: &[(&'a str, &'a Describe)],
    people: &[Person],
) -> Result<Vec<Vec<Record>>, CrmError> {
    if people.is_empty() {
        return Ok(vec![Vec::new(); modules.len()]);
    }
    join_all(
        modules
            .iter()
            .map(|(m, d)| rows(conn, address::query(m, d, people))),
    )
    .await
    .into_iter()
    .collect()
}

/// Suggestions for these people alone (no thread, no own addresses).
pub async fn suggest(
    conn: &Connection,
    people: &[Person],
    limit: usize,
) -> Result<Vec<Suggestion>, CrmError> {
    let schema = Schema::load(conn).await?;
    let input = Input {
        people: people.to_vec(),
        ..Input::default()
    };
    suggest_for(conn, &schema, &input, limit).await
}

/// Suggestions for an email, after [`Schema::load`] (waves 2 to 4).
pub async fn suggest_for(
    conn: &Connection,
    schema: &Schema,
    input: &Input,
    limit: usize,
) -> Result<Vec<Suggestion>, CrmError> {
    let person_modules: Vec<(&str, &Describe)> = PERSON_MODULES
        .iter()
        .filter_map(|m| schema.describe(m).map(|d| (*m, d)))
        .collect();
    let accounts = schema.describe("Accounts");
    let domains = domain::mail_domains(&input.people, &input.own_addresses);

    // Wave 2: addresses, organisation domains, the thread's earlier mail.
    let (found, domain_rows, messages) = tokio::join!(
        look_up(conn, &person_modules, &input.people),
        rows(conn, accounts.and_then(|d| domain::query(d, &domains))),
        rows(
            conn,
            schema
                .describe("Messages")
                .and_then(|d| thread::query(d, &input.thread_ids))
        ),
    );
    let (found, domain_rows, messages) = (found?, domain_rows?, messages?);

    let mut candidates: Vec<Candidate> = Vec::new();
    for ((module, describe), rows) in person_modules.iter().zip(&found) {
        candidates.extend(address::candidates(module, describe, rows, &input.people));
    }
    if let Some(d) = accounts {
        candidates.extend(domain::candidates(d, &domain_rows, &domains, &input.people));
    }
    let participants = thread::participants(&messages, input);
    let looked_up: Vec<String> = input.people.iter().map(|p| folded(&p.address)).collect();
    let (known, strangers): (BTreeMap<String, String>, BTreeMap<String, String>) = participants
        .into_iter()
        .partition(|(address, _)| looked_up.contains(address));
    for ((module, describe), rows) in person_modules.iter().zip(&found) {
        candidates.extend(thread::candidates(module, describe, rows, &known));
    }

    // Wave 3: what hangs off the matches, and the thread's other people.
    let stranger_people: Vec<Person> = strangers
        .keys()
        .map(|address| Person {
            address: address.clone(),
            name: None,
            role: Role::From,
        })
        .collect();
    let (expanded, stranger_rows) = tokio::join!(
        expand(
            conn,
            schema,
            &person_modules,
            &found,
            &candidates,
            &input.subject
        ),
        look_up(conn, &person_modules, &stranger_people),
    );
    candidates.extend(expanded?);
    let stranger_rows = stranger_rows?;
    let mut from_thread: Vec<Candidate> = Vec::new();
    for ((module, describe), rows) in person_modules.iter().zip(&stranger_rows) {
        from_thread.extend(thread::candidates(module, describe, rows, &strangers));
    }

    // Wave 4, only for a thread reply from someone new: what hangs off the
    // people of the earlier mail.
    if !from_thread.is_empty() {
        candidates.extend(
            expand(
                conn,
                schema,
                &person_modules,
                &stranger_rows,
                &from_thread,
                &input.subject,
            )
            .await?,
        );
    }
    candidates.extend(from_thread);
    let mut ranked = rank(candidates, limit);
    for s in &mut ranked {
        s.module_label = schema.module_label(&s.module).to_owned();
    }
    Ok(ranked)
}

/// Accounts of the matched contacts, and open tickets and potentials of
/// every matched record, in one concurrent wave. `found` holds the look-up
/// rows per person module (in `person_modules` order), `matched` what the
/// signals made of them.
async fn expand(
    conn: &Connection,
    schema: &Schema,
    person_modules: &[(&str, &Describe)],
    found: &[Vec<Record>],
    matched: &[Candidate],
    subject: &str,
) -> Result<Vec<Candidate>, CrmError> {
    let mut scores = best_scores(matched);
    let contact_rows: Vec<Record> = person_modules
        .iter()
        .zip(found)
        .filter(|((m, _), _)| *m == "Contacts")
        .flat_map(|(_, rows)| rows.iter())
        .filter(|row| scores.contains_key(field(row, "id")))
        .cloned()
        .collect();
    let links = account::links(&contact_rows);
    let mut parents: Vec<String> = scores.keys().cloned().collect();
    parents.extend(links.iter().map(|(account, _)| account.clone()));
    parents.sort();
    parents.dedup();
    let accounts = schema.describe("Accounts");
    let open_modules: Vec<(&str, &Describe)> = ["HelpDesk", "Potentials"]
        .iter()
        .filter_map(|m| schema.describe(m).map(|d| (*m, d)))
        .collect();
    let (account_rows, open_rows) = tokio::join!(
        rows(conn, accounts.and_then(|d| account::query(d, &links))),
        join_all(
            open_modules
                .iter()
                .map(|(m, d)| rows(conn, open::query(m, d, &parents)))
        ),
    );
    let account_rows = account_rows?;

    let mut candidates = Vec::new();
    if let Some(d) = accounts {
        let found = account::candidates(d, &account_rows, &links, &scores);
        for c in &found {
            keep_best(&mut scores, c);
        }
        candidates.extend(found);
    }
    let tickets = open::picklist(schema.describe("HelpDesk"), "ticketstatus");
    let stages = open::picklist(schema.describe("Potentials"), "sales_stage");
    for ((module, describe), rows) in open_modules.iter().zip(open_rows) {
        let rows = rows?;
        let closed = if *module == "HelpDesk" {
            closed_values(&tickets, &stages)
        } else {
            closed_values(&stages, &tickets)
        };
        candidates.extend(open::candidates(
            module, describe, &rows, &closed, &scores, subject,
        ));
    }
    Ok(candidates)
}

/// The open tickets and potentials of `parents` — the same ones suggest
/// finds for a matched record — in one concurrent wave.
pub async fn open_records(
    conn: &Connection,
    schema: &Schema,
    parents: &[String],
) -> Result<Vec<OpenRecord>, CrmError> {
    let open_modules: Vec<(&str, &Describe)> = ["HelpDesk", "Potentials"]
        .iter()
        .filter_map(|m| schema.describe(m).map(|d| (*m, d)))
        .collect();
    let answers = join_all(
        open_modules
            .iter()
            .map(|(m, d)| rows(conn, open::query(m, d, parents))),
    )
    .await;
    let tickets = open::picklist(schema.describe("HelpDesk"), "ticketstatus");
    let stages = open::picklist(schema.describe("Potentials"), "sales_stage");
    let mut found = Vec::new();
    for ((module, describe), answer) in open_modules.iter().zip(answers) {
        let closed = if *module == "HelpDesk" {
            closed_values(&tickets, &stages)
        } else {
            closed_values(&stages, &tickets)
        };
        found.extend(open::open_records(
            module, describe, &answer?, &closed, parents,
        ));
    }
    Ok(found)
}

/// Record id → (label, best score so far).
fn best_scores(candidates: &[Candidate]) -> HashMap<String, (String, u32)> {
    let mut best = HashMap::new();
    for c in candidates {
        keep_best(&mut best, c);
    }
    best
}

fn keep_best(best: &mut HashMap<String, (String, u32)>, c: &Candidate) {
    let entry = best
        .entry(c.id.clone())
        .or_insert_with(|| (c.label.clone(), 0));
    entry.1 = entry.1.max(c.score);
}
