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
use crate::output::clean;
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

fn internal(what: String, e: impl std::fmt::Display) -> crate::Error {
    crate::Error::io(what, std::io::Error::other(e.to_string()))
}

pub async fn run(args: Args, ctx: &Ctx) -> crate::Result<()> {
    let mut tour = Tour {
        ctx,
        step: 0,
        record: serde_json::Map::new(),
    };

    tour.step(&crate::t!("demo-step-start"));
    // The embedded CRM speaks the reader's language, as an Italian
    // installation answers Italian labels (wire fact 49).
    let language = match crate::l10n::lang() {
        crate::l10n::Lang::It => vtesim::Language::ItIt,
        crate::l10n::Lang::En => vtesim::Language::EnUs,
    };
    let config = vtesim::Config {
        seed: args.seed,
        language,
        php_workers: args.php_workers.map(usize::from),
        service_time: args.service_time.clone(),
        ..Default::default()
    };
    let listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let server = vtesim::Server::start(config, listen)
        .await
        .map_err(|e| internal(crate::t!("demo-cannot-start"), e))?;
    let url = server.url().to_owned();
    tour.say(&crate::t!(
        "demo-listening",
        url = format!("{url}/webservice.php"),
        seed = args.seed.to_string()
    ));
    tour.keep("crm_url", json!(url));
    if args.php_workers.is_some() || !args.service_time.is_none() {
        let workers = args
            .php_workers
            .map_or_else(|| crate::t!("demo-unlimited"), |n| n.to_string());
        tour.say(&crate::t!(
            "demo-busy",
            workers = workers,
            times = args.service_time.to_string()
        ));
    }

    let result = tour_steps(&mut tour, &server, &args).await;
    server.shutdown().await;
    result?;
    if ctx.out.is_json() {
        ctx.out.json(&tour.record)?;
    } else {
        ctx.out.line("");
        ctx.out.line(&ctx.out.green(&crate::t!("demo-done")));
        ctx.out.info(&crate::t!("demo-next"));
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
        .ok_or_else(|| crate::Error::usage(crate::msg!("demo-no-user", user = args.user.as_str())))?
        .clone();

    tour.step(&crate::t!("demo-step-version"));
    let client = Client::new(&url, &ClientOptions::default())?;
    let info = client.info(false).await?;
    for warning in check_supported(info.as_ref(), false)? {
        tour.ctx.out.warn(&warning.to_string());
    }
    if let Some(info) = &info {
        let licensed = if info.licensed {
            crate::t!("demo-yes")
        } else {
            crate::t!("demo-no")
        };
        tour.say(&crate::t!(
            "demo-version",
            product = info.product.as_str(),
            version = info.version.as_str(),
            licensed = licensed,
            minimum = crate::crm::MIN_VERSION
        ));
        tour.keep("crm_version", json!(info.version));
    }

    tour.step(&crate::t!("demo-step-login", user = user.name.as_str()));
    let password = Secret::new(user.password.clone());
    let access_key = client.login_pwd(&user.name, &password, None).await?;
    let session = client.login(&user.name, &access_key).await?;
    tour.say(&crate::t!(
        "demo-session",
        user = session.user_id.as_str(),
        api = session.version.as_str()
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

    tour.step(&crate::t!("demo-step-parse"));
    let email = crate::mail::parse_bytes(SAMPLE, Path::new(SAMPLE_NAME))?;
    let from = email
        .from
        .as_ref()
        .map(|a| a.address.clone())
        .unwrap_or_default();
    tour.say(&crate::t!(
        "demo-subject",
        subject = clean(email.subject.as_deref().unwrap_or(""))
    ));
    tour.say(&crate::t!("demo-from", from = clean(&from)));
    tour.say(&crate::t!(
        "demo-date",
        date = email
            .date
            .map(|d| format!("{} {}", crate::l10n::datetime(&d), d.format("%:z")))
            .unwrap_or_else(|| crate::t!("parse-none"))
    ));
    for a in &email.attachments {
        let inline = if a.inline {
            format!(", {}", crate::t!("parse-inline"))
        } else {
            String::new()
        };
        tour.say(&crate::t!(
            "demo-attachment",
            name = clean(
                a.filename
                    .clone()
                    .unwrap_or_else(|| crate::t!("parse-no-name"))
                    .as_str()
            ),
            kind = a.content_type.as_str(),
            size = crate::l10n::size(a.size),
            inline = inline
        ));
    }
    tour.keep("email", serde_json::to_value(&email).unwrap_or_default());

    tour.step(&crate::t!("demo-step-suggest"));
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

    tour.step(&crate::t!("demo-step-link", targets = targets.join(", ")));
    let outgoing = Outgoing::from_email(email);
    let report = link::link(&conn, &outgoing, &targets, &link::LinkOptions::default()).await?;
    if !tour.ctx.out.is_json() {
        super::link::print_report(tour.ctx, &report, &outgoing);
    }
    // The calls go out in three concurrent waves (docs/protocol.md §5).
    tour.say(&crate::t!("demo-calls", calls = report.requests));
    tour.keep("link", json!(report));

    tour.step(&crate::t!("demo-step-read-back"));
    let message = conn.retrieve(&report.message).await?;
    tour.say(&crate::t!(
        "demo-message",
        id = report.message.as_str(),
        subject = clean(field(&message, "subject")),
        from = clean(field(&message, "mfrom")),
        date = super::show::when(field(&message, "mdate"))
            .unwrap_or_else(|| field(&message, "mdate").to_owned()),
        chars = field(&message, "description").chars().count()
    ));
    for doc in &report.documents {
        let record = conn.retrieve(&doc.id).await?;
        tour.say(&crate::t!(
            "demo-document",
            id = doc.id.as_str(),
            title = clean(field(&record, "notes_title")),
            bytes = field(&record, "filesize"),
            kind = field(&record, "filetype")
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
        tour.say(&crate::t!("demo-related", ids = ids.join(", ")));
        tour.keep("relations", related);
    }

    tour.step(&crate::t!("demo-step-again"));
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
        .ok_or_else(|| internal(crate::t!("demo-cannot-query"), &messageid))?;
    let rows = conn.query(&query).await?;
    let count = rows
        .first()
        .map(|r| field(r, "count").to_owned())
        .unwrap_or_default();
    tour.say(&crate::t!(
        "demo-messages-with-id",
        id = clean(&messageid),
        count = count.as_str()
    ));
    tour.keep("link_again", json!(again));
    tour.keep("messages_with_this_id", json!(count));

    tour.step(&crate::t!("demo-step-logout"));
    conn.logout().await?;
    tour.say(&crate::t!("demo-session-closed"));
    Ok(())
}
