//! `vtelink demo`: the main job, end to end, against an embedded vtesim.
//!
//! Every step is the real code path (the same client, parser, suggestion and
//! link code the other commands use) against a real HTTP server on loopback.
//! It never reads or writes the user's keyring or config files.

use std::path::Path;

use serde_json::json;

use super::Ctx;
use crate::crm::{AccessKeyRenew, Client, ClientOptions, Connection, check_supported, field};
use crate::link::{self, Outgoing};
use crate::output::{clean, human_size};
use crate::redact::Secret;

/// The bundled sample: a quote request with an inline logo, a PDF and a CSV.
const SAMPLE: &[u8] = include_bytes!("demo-quote-request.eml");
const SAMPLE_NAME: &str = "quote-request.eml";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Seed for the simulator's generated CRM data
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Log in as this seeded user (admin, restricted)
    #[arg(long, default_value = "admin")]
    pub user: String,
    /// Let the simulator serve at most N calls at once, like a small server's PHP workers
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub php_workers: Option<u16>,
    /// How long each call holds a simulator worker: recorded (a real 2-core server), none, or OP=MS,...
    #[arg(long, value_name = "SPEC", default_value = "none")]
    pub service_time: vtesim::ServiceTime,
}

/// Prints numbered steps for humans; collects a JSON record for `--json`.
struct Tour<'a> {
    ctx: &'a Ctx,
    step: usize,
    record: serde_json::Map<String, serde_json::Value>,
}

impl Tour<'_> {
    fn step(&mut self, title: &str) {
        self.step += 1;
        if !self.ctx.out.is_json() {
            self.ctx.out.line("");
            self.ctx
                .out
                .line(&self.ctx.out.bold(&format!("[{}] {title}", self.step)));
        }
    }

    fn say(&self, text: &str) {
        if !self.ctx.out.is_json() {
            self.ctx.out.line(&format!("    {text}"));
        }
    }

    fn keep(&mut self, key: &str, value: serde_json::Value) {
        self.record.insert(key.to_owned(), value);
    }
}

fn internal(what: &str, e: impl std::fmt::Display) -> crate::Error {
    crate::Error::io(what, std::io::Error::other(e.to_string()))
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let mut tour = Tour {
        ctx,
        step: 0,
        record: serde_json::Map::new(),
    };

    tour.step("Start vtesim, a vtenext-compatible CRM, inside this process");
    let config = vtesim::Config {
        seed: args.seed,
        php_workers: args.php_workers.map(usize::from),
        service_time: args.service_time.clone(),
        ..Default::default()
    };
    let listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let server = vtesim::Server::start(config, listen)
        .await
        .map_err(|e| internal("cannot start the embedded CRM simulator", e))?;
    let url = server.url().to_owned();
    tour.say(&format!(
        "CRM listening at {url}/webservice.php (seed {})",
        args.seed
    ));
    tour.keep("crm_url", json!(url));
    if args.php_workers.is_some() || !args.service_time.is_none() {
        let workers = args
            .php_workers
            .map_or_else(|| "unlimited".to_owned(), |n| n.to_string());
        tour.say(&format!(
            "A busy CRM: {workers} PHP workers, service times {}",
            args.service_time
        ));
    }

    let result = tour_steps(&mut tour, &server, &args).await;
    server.shutdown().await;
    result?;
    if ctx.out.is_json() {
        ctx.out.json(&tour.record)?;
    } else {
        ctx.out.line("");
        ctx.out.line(
            &ctx.out
                .green("Done: the email is in the CRM, linked once, with every attachment."),
        );
        ctx.out.info(
            "Next: `vtelink login --url https://your-crm.example.com` and `vtelink link mail.eml`.",
        );
    }
    Ok(())
}

async fn tour_steps(
    tour: &mut Tour<'_>,
    server: &vtesim::Server,
    args: &Args,
) -> crate::Result<()> {
    let url = server.url().to_owned();
    let user = server
        .user(&args.user)
        .ok_or_else(|| crate::Error::Usage(format!("the simulator has no user '{}'", args.user)))?
        .clone();

    tour.step("Check the CRM's version and Mail Connector licence");
    let client = Client::new(&url, &ClientOptions::default())?;
    let info = client.info(false).await?;
    for warning in check_supported(info.as_ref(), false)? {
        tour.ctx.out.warn(&warning);
    }
    if let Some(info) = &info {
        tour.say(&format!(
            "{} {} — Mail Connector licensed: {} (minimum supported: {})",
            info.product,
            info.version,
            if info.licensed { "yes" } else { "no" },
            crate::crm::MIN_VERSION
        ));
        tour.keep("crm_version", json!(info.version));
    }

    tour.step(&format!(
        "Log in as '{}' (login_pwd → getchallenge → login)",
        user.name
    ));
    let password = Secret::new(user.password.clone());
    let access_key = client.login_pwd(&user.name, &password, None).await?;
    let session = client.login(&user.name, &access_key).await?;
    tour.say(&format!(
        "session opened for user {} (webservice API {}); the demo keeps it in memory only",
        session.user_id, session.version
    ));
    tour.keep("user", json!({"name": user.name, "id": session.user_id}));
    let conn = Connection::new(
        client,
        session,
        Box::new(AccessKeyRenew {
            user: user.name.clone(),
            access_key,
        }),
    );

    tour.step("Parse the bundled sample email");
    let email = crate::mail::parse_bytes(SAMPLE, Path::new(SAMPLE_NAME))?;
    let from = email
        .from
        .as_ref()
        .map(|a| a.address.clone())
        .unwrap_or_default();
    tour.say(&format!(
        "Subject: {}",
        clean(email.subject.as_deref().unwrap_or(""))
    ));
    tour.say(&format!("From:    {}", clean(&from)));
    tour.say(&format!(
        "Date:    {}",
        email
            .date
            .map(|d| d.to_rfc3339())
            .unwrap_or_else(|| "(none)".into())
    ));
    for a in &email.attachments {
        tour.say(&format!(
            "Attachment: {} ({}, {}{})",
            clean(a.filename.as_deref().unwrap_or("(unnamed)")),
            a.content_type,
            human_size(a.size),
            if a.inline { ", inline" } else { "" }
        ));
    }
    tour.keep("email", serde_json::to_value(&email).unwrap_or_default());

    tour.step("Suggest CRM records for the sender");
    let own = super::own_addresses(&conn).await;
    let people = crate::suggest::people_for(&email, &own);
    let suggestions = crate::suggest::suggest(&conn, &people, 5).await?;
    if !tour.ctx.out.is_json() {
        super::suggest::print_suggestions(tour.ctx, &suggestions);
    }
    tour.keep("suggestions", json!(suggestions));
    // Link to the best person and the best company, as a user would pick.
    let mut targets: Vec<String> = Vec::new();
    for module in ["Contacts", "Accounts"] {
        if let Some(s) = suggestions.iter().find(|s| s.module == module) {
            targets.push(s.id.clone());
        }
    }
    if targets.is_empty()
        && let Some(best) = suggestions.first()
    {
        targets.push(best.id.clone());
    }

    tour.step(&format!("Link the email to {}", targets.join(" and ")));
    let outgoing = Outgoing::from_email(email, SAMPLE);
    let report = link::link(&conn, &outgoing, &targets, &link::LinkOptions::default()).await?;
    if !tour.ctx.out.is_json() {
        super::link::print_report(tour.ctx, &report, &outgoing);
    }
    // The calls go out in three concurrent waves (docs/protocol.md §5).
    tour.say(&format!(
        "{} webservice calls, sent in 3 concurrent waves (3 round trips' worth of waiting)",
        report.requests
    ));
    tour.keep("link", json!(report));

    tour.step("Read the result back from the CRM");
    let message = conn.retrieve(&report.message).await?;
    tour.say(&format!(
        "Message {}: \"{}\" from {} on {}, {} chars of body",
        report.message,
        clean(field(&message, "subject")),
        clean(field(&message, "mfrom")),
        field(&message, "mdate"),
        field(&message, "description").chars().count()
    ));
    for doc in &report.documents {
        let record = conn.retrieve(&doc.id).await?;
        tour.say(&format!(
            "Document {}: {} — {} bytes, {}",
            doc.id,
            clean(field(&record, "notes_title")),
            field(&record, "filesize"),
            field(&record, "filetype")
        ));
    }
    // vtenext has no webservice call that lists relations; the simulator has
    // a test-only endpoint, used here (and in tests) to show what was stored.
    let relations_url = format!("{url}/__vtesim/relations?id={}", report.message);
    if let Ok(response) = reqwest::get(&relations_url).await
        && let Ok(related) = response.json::<serde_json::Value>().await
    {
        let ids: Vec<String> = related
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|r| r.get("id").and_then(|v| v.as_str()).map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        tour.say(&format!(
            "Related records (simulator's view): {}",
            ids.join(", ")
        ));
        tour.keep("relations", related);
    }

    tour.step("Link the same email again: nothing is duplicated");
    let again = link::link(&conn, &outgoing, &targets, &link::LinkOptions::default()).await?;
    if !tour.ctx.out.is_json() {
        super::link::print_report(tour.ctx, &again, &outgoing);
    }
    let messageid = outgoing.crm_message_id();
    let query = crate::crm::vtql::Value::text(&messageid)
        .and_then(|id| {
            crate::crm::vtql::Query::count("Messages")
                .eq("messageid", id)
                .build()
                .ok()
        })
        .ok_or_else(|| internal("cannot build the check query", &messageid))?;
    let rows = conn.query(&query).await?;
    let count = rows
        .first()
        .map(|r| field(r, "count").to_owned())
        .unwrap_or_default();
    tour.say(&format!(
        "Messages with Message-ID {}: {count}",
        clean(&messageid)
    ));
    tour.keep("link_again", json!(again));
    tour.keep("messages_with_this_id", json!(count));

    tour.step("Log out (the CRM data stays)");
    conn.logout().await?;
    tour.say("session closed");
    Ok(())
}
