//! vtesim: a vtenext-compatible webservice simulator.
//!
//! Speaks `webservice.php` as the recordings in `shared/vtenext-wire` show (see docs/vtesim.md),
//! plus the Mail Connector additions of docs/protocol.md §2–5. Start it in-process with
//! [`Server::start`] or run the `vtesim` binary.

pub mod busy;
pub mod db;
pub mod json;
pub mod ops;
pub mod rng;
pub mod schema;
pub mod seed;
pub mod server;
pub mod sso;
pub mod state;
pub mod vtql;

pub use schema::Language;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use busy::ServiceTime;

/// Everything that shapes a simulated CRM. `Default` gives a small deterministic CRM.
#[derive(Debug, Clone)]
pub struct Config {
    pub seed: u64,
    pub accounts: usize,
    pub contacts: usize,
    pub leads: usize,
    pub potentials: usize,
    pub tickets: usize,
    pub messages: usize,
    pub documents: usize,
    /// Added to every webservice answer, before the request gets a worker (the network's share).
    pub latency_ms: u64,
    /// At most this many webservice requests are served at once; the others wait their turn,
    /// in arrival order (Apache prefork / PHP-FPM workers). `None` = unlimited.
    pub php_workers: Option<usize>,
    /// How long each operation holds its worker (wire fact 45 with [`ServiceTime::recorded`]).
    pub service_time: ServiceTime,
    /// Uniform extra delay in [0, jitter_ms].
    pub jitter_ms: u64,
    /// Share of webservice requests answered HTTP 500 with an empty body.
    pub fail_rate: f64,
    /// Share of webservice requests whose connection is closed without an answer.
    pub drop_rate: f64,
    /// Share of webservice requests delayed by `slow_ms` on top of the latency.
    pub slow_rate: f64,
    pub slow_ms: u64,
    /// Sessions die after this many calls.
    pub expire_every: Option<u64>,
    /// Sessions idle longer than this vanish (like PHP session GC).
    pub session_idle: Option<Duration>,
    /// How a dead session answers first: false = `INVALID_SESSIONID` (the real server, fact 16),
    /// true = the forged-expiry order: plain-text `No valid user ID found.` once, then `INVALID_SESSIONID`.
    pub forged_expiry: bool,
    /// SQLite file; `None` keeps everything in memory.
    pub db: Option<PathBuf>,
    pub crm_version: String,
    pub crm_build: String,
    pub licensed: bool,
    /// Whether the `mailconnector_info` / `login_sso` operations exist.
    pub info_op: bool,
    pub sso: Option<SsoConfig>,
    /// Make the hidden secondary e-mail field (`yahooid`) visible, as an admin can (captures 290–292).
    pub show_secondary_email: bool,
    /// PHP `upload_max_filesize` in bytes: a file part above it is dropped and the Document is
    /// created empty, `create` still answering success (fact 40).
    pub upload_max_filesize: u64,
    /// PHP `post_max_size` in bytes: a request body above it loses every field and is answered
    /// like an unknown operation, HTTP 500 with an empty body (fact 41). 0 = no limit, as in PHP.
    pub post_max_size: u64,
    /// vtenext's own `$upload_maxsize`, reported as `maxUploadFileSize` by `describe`
    /// (fact 42; 64000000 on the recorded install). Only reported: the PHP limits decide.
    pub max_upload_file_size: u64,
    /// The installation's language: the labels `listtypes` and `describe` answer (fact 49).
    pub language: schema::Language,
}

/// 64 MiB, PHP's `64M`: the limits of the recorded install's normal configuration.
pub const DEFAULT_PHP_LIMIT: u64 = 64 * 1024 * 1024;

/// Parses a PHP ini size (`2M`, `512K`, `1G`, `1048576`; K/M/G are 1024-based, case-insensitive).
pub fn parse_php_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, shift) = match t.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&t[..t.len() - 1], 10),
        Some('M') => (&t[..t.len() - 1], 20),
        Some('G') => (&t[..t.len() - 1], 30),
        _ => (t, 0),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("not a PHP size (like 2M, 512K, 1G or bytes): {text:?}"))?;
    n.checked_mul(1u64 << shift)
        .ok_or_else(|| format!("size too large: {text:?}"))
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            accounts: 60,
            contacts: 200,
            leads: 40,
            potentials: 20,
            tickets: 20,
            messages: 40,
            documents: 10,
            latency_ms: 0,
            php_workers: None,
            service_time: ServiceTime::none(),
            jitter_ms: 0,
            fail_rate: 0.0,
            drop_rate: 0.0,
            slow_rate: 0.0,
            slow_ms: 0,
            expire_every: None,
            session_idle: None,
            forged_expiry: false,
            db: None,
            crm_version: "25.04.1".into(),
            crm_build: "2900".into(),
            licensed: true,
            info_op: true,
            sso: None,
            show_secondary_email: false,
            upload_max_filesize: DEFAULT_PHP_LIMIT,
            max_upload_file_size: 64_000_000,
            post_max_size: DEFAULT_PHP_LIMIT,
            language: schema::Language::EnUs,
        }
    }
}

/// The organisation's OpenID provider as configured in the CRM (docs/protocol.md §4).
#[derive(Debug, Clone)]
pub struct SsoConfig {
    pub issuer: String,
    pub client_id: String,
}

/// A seeded CRM user and its credentials.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SeedUser {
    pub name: String,
    pub password: String,
    pub access_key: String,
    pub user_id: String,
    pub features: Vec<String>,
}

/// A Document as vtesim stores it, including the file name that the webservice never
/// returns (fact 28). From [`Server::document`] or `GET /__vtesim/documents/{id}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub notes_title: String,
    /// The stored name (whitespace → `_`, `.txt` appended to bad extensions); empty when no file.
    pub filename: String,
    /// As the webservice reports it: the bytes received, `"0"` over upload_max_filesize.
    pub filesize: String,
    pub filetype: String,
    pub filelocationtype: String,
    /// Content type of the stored file, `None` when no file is stored.
    pub stored_content_type: Option<String>,
    /// The stored bytes (empty when no file is stored).
    pub content: Vec<u8>,
}

impl StoredDocument {
    /// The `/__vtesim/documents/{id}` answer: metadata, the size and SHA-256 of the bytes.
    pub fn to_json(&self, ws_id: &str) -> serde_json::Value {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(&self.content);
        let sha256: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        serde_json::json!({
            "id": ws_id,
            "notes_title": self.notes_title,
            "filename": self.filename,
            "filesize": self.filesize,
            "filetype": self.filetype,
            "filelocationtype": self.filelocationtype,
            "has_file": self.stored_content_type.is_some(),
            "stored_bytes": self.content.len(),
            "sha256": sha256,
        })
    }
}

/// A running simulator.
pub struct Server {
    url: String,
    sim: Arc<server::Sim>,
    shutdown: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Seeds the CRM and serves it on `listen` (port 0 picks a free port), on the current tokio runtime.
    pub async fn start(config: Config, listen: SocketAddr) -> anyhow::Result<Server> {
        // Seeding 100k records takes a second or more: keep it off the async worker threads.
        let sim = Arc::new(tokio::task::spawn_blocking(move || server::Sim::new(config)).await??);
        let listener = tokio::net::TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        let url = format!("http://{}", addr);
        let (tx, rx) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(server::serve(sim.clone(), listener, rx));
        Ok(Server {
            url,
            sim,
            shutdown: tx,
            task,
        })
    }

    /// Base URL; the webservice is at `url() + "/webservice.php"` (any path prefix works too).
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn users(&self) -> &[SeedUser] {
        &self.sim.seed_users
    }

    pub fn user(&self, name: &str) -> Option<&SeedUser> {
        self.sim.seed_users.iter().find(|u| u.name == name)
    }

    /// The newest second-factor code sent to `user`, if any.
    pub fn last_otp(&self, user: &str) -> Option<String> {
        self.sim.last_otp(user)
    }

    /// What `relate` stored for a record (same as `GET /__vtesim/relations?id=`):
    /// `[{"id","module","via":"messages"|"documents"|"generic","direction":"from_this"|"to_this"}]`.
    /// `documents` rows (a record's Documents related list, fact 44) always read record →
    /// Document, whichever side `relate` was called from. Deleted records are left out.
    pub fn relations(&self, ws_id: &str) -> Vec<serde_json::Value> {
        self.sim.relations(ws_id).unwrap_or_default()
    }

    /// A live Document with its stored name, size and bytes; `None` for an unknown or deleted id.
    pub fn document(&self, ws_id: &str) -> Option<StoredDocument> {
        self.sim.document(ws_id)
    }

    /// (file name, content type, bytes) of a live Document's stored file; `None` when there is
    /// none (no file sent, over upload_max_filesize, or the Document was deleted).
    pub fn document_file(&self, ws_id: &str) -> Option<(String, String, Vec<u8>)> {
        self.sim.document_file(ws_id)
    }

    /// The one JSON line the binary prints on start.
    pub fn startup_json(&self) -> serde_json::Value {
        self.sim.startup_json(&self.url)
    }

    /// Test control, same actions as `POST /__vtesim/admin` (docs/protocol.md §6).
    pub fn admin(&self, action: &serde_json::Value) -> Result<serde_json::Value, String> {
        self.sim.admin(action)
    }

    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }
}

#[cfg(test)]
mod tests {
    use super::parse_php_size;

    #[test]
    fn php_sizes() {
        assert_eq!(parse_php_size("2M"), Ok(2 * 1024 * 1024));
        assert_eq!(parse_php_size("8m"), Ok(8 * 1024 * 1024));
        assert_eq!(parse_php_size("512K"), Ok(512 * 1024));
        assert_eq!(parse_php_size("1G"), Ok(1024 * 1024 * 1024));
        assert_eq!(parse_php_size("1048576"), Ok(1_048_576));
        assert_eq!(parse_php_size(" 64M "), Ok(64 * 1024 * 1024));
        for bad in ["", "M", "2MB", "-1K", "1.5M", "99999999999999999999G"] {
            assert!(parse_php_size(bad).is_err(), "{bad}");
        }
    }
}
