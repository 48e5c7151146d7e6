//! vtesim binary: clap flags → `Config`, start the server, print one JSON line.
use clap::Parser;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use vtesim::{Config, Server, SsoConfig};

/// A vtenext-compatible webservice simulator for tests, demos and benchmarks.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Seed for generated records, tokens and fault injection.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value_t = 60)]
    accounts: usize,
    #[arg(long, default_value_t = 200)]
    contacts: usize,
    #[arg(long, default_value_t = 40)]
    leads: usize,
    #[arg(long, default_value_t = 20)]
    potentials: usize,
    #[arg(long, default_value_t = 20)]
    tickets: usize,
    #[arg(long, default_value_t = 40)]
    messages: usize,
    #[arg(long, default_value_t = 10)]
    documents: usize,
    /// Latency added to every webservice answer.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// At most N webservice requests are served at once; the rest wait their turn (default: unlimited).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    php_workers: Option<u64>,
    /// How long each operation holds a worker: recorded (wire fact 45), none, or OP=MS,...
    /// (query=27.4,create.Messages=43.2,*=20; start with "recorded," to change single times).
    #[arg(long, value_name = "SPEC", default_value = "none")]
    service_time: vtesim::ServiceTime,
    /// Uniform random extra latency in [0, N] ms.
    #[arg(long, default_value_t = 0)]
    jitter_ms: u64,
    /// Share (0..1) of requests answered HTTP 500 with an empty body.
    #[arg(long, default_value_t = 0.0)]
    fail_rate: f64,
    /// Share (0..1) of requests whose connection is closed without an answer.
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,
    /// Share (0..1) of requests delayed by --slow-ms more.
    #[arg(long, default_value_t = 0.0)]
    slow_rate: f64,
    #[arg(long, default_value_t = 2000)]
    slow_ms: u64,
    /// Sessions die after N calls.
    #[arg(long)]
    expire_every: Option<u64>,
    /// Sessions idle longer than SECS vanish (INVALID_SESSIONID), like PHP session GC.
    #[arg(long, value_name = "SECS")]
    session_idle: Option<u64>,
    /// Dead sessions first answer the plain-text "No valid user ID found." (forged-expiry order).
    #[arg(long)]
    forged_expiry: bool,
    /// SQLite file to keep records across restarts (default: in memory).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Version reported by mailconnector_info.
    #[arg(long, default_value = "25.04.1")]
    crm_version: String,
    /// Report the Mail Connector as not licensed (login answers MAILCONNECTOR_NOT_LICENSED).
    #[arg(long)]
    unlicensed: bool,
    /// Behave like an old server without mailconnector_info / login_sso (HTTP 500).
    #[arg(long)]
    no_info: bool,
    /// OpenID provider issuer URL enabling login_sso.
    #[arg(long, requires = "sso_client_id")]
    sso_issuer: Option<String>,
    #[arg(long)]
    sso_client_id: Option<String>,
    /// Make the hidden secondary e-mail field (yahooid) visible.
    #[arg(long)]
    show_secondary_email: bool,
    /// PHP upload_max_filesize: a larger file is dropped and its Document created empty.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = vtesim::parse_php_size)]
    upload_max_filesize: u64,
    /// PHP post_max_size: a larger request is answered HTTP 500 with an empty body.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = vtesim::parse_php_size)]
    post_max_size: u64,
    /// vtenext's $upload_maxsize, reported by describe as maxUploadFileSize (bytes).
    #[arg(long, value_name = "BYTES", default_value_t = 64_000_000)]
    max_upload_file_size: u64,
    /// The installation's language: labels of listtypes and describe (en_us or it_it);
    /// names and values stay English.
    #[arg(long, value_name = "LANG", default_value = "en_us", value_parser = vtesim::Language::parse)]
    language: vtesim::Language,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let a = Args::parse();
    let config = Config {
        seed: a.seed,
        accounts: a.accounts,
        contacts: a.contacts,
        leads: a.leads,
        potentials: a.potentials,
        tickets: a.tickets,
        messages: a.messages,
        documents: a.documents,
        latency_ms: a.latency_ms,
        php_workers: a
            .php_workers
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        service_time: a.service_time,
        jitter_ms: a.jitter_ms,
        fail_rate: a.fail_rate,
        drop_rate: a.drop_rate,
        slow_rate: a.slow_rate,
        slow_ms: a.slow_ms,
        expire_every: a.expire_every,
        session_idle: a.session_idle.map(Duration::from_secs),
        forged_expiry: a.forged_expiry,
        db: a.db,
        crm_version: a.crm_version,
        licensed: !a.unlicensed,
        info_op: !a.no_info,
        sso: match (a.sso_issuer, a.sso_client_id) {
            (Some(issuer), Some(client_id)) => Some(SsoConfig { issuer, client_id }),
            _ => None,
        },
        show_secondary_email: a.show_secondary_email,
        upload_max_filesize: a.upload_max_filesize,
        max_upload_file_size: a.max_upload_file_size,
        post_max_size: a.post_max_size,
        language: a.language,
        ..Config::default()
    };
    let server = Server::start(config, a.listen).await?;
    let line = server.startup_json();
    let mut stdout = std::io::stdout();
    writeln!(stdout, "{}", serde_json::to_string(&line)?)?;
    stdout.flush()?;
    eprintln!("vtesim listening on {}/webservice.php", server.url());
    for u in server.users() {
        eprintln!(
            "  user {:<11} password {:<20} access key {}  {:?}",
            u.name, u.password, u.access_key, u.features
        );
    }
    eprintln!("  records: {}", line["records"]);
    eprintln!("press Ctrl-C to stop");
    tokio::signal::ctrl_c().await?;
    server.shutdown().await;
    Ok(())
}
