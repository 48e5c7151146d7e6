//! A vtesim running inside the test process and a way to run the built
//! `vtelink` against it as a seeded user, with credentials from the
//! environment (VTELINK_URL / VTELINK_USER / VTELINK_ACCESS_KEY) the way
//! pipelines use vtelink, so no keyring is needed.
#![allow(dead_code)]

use serde_json::Value;

pub struct Crm {
    pub server: vtesim::Server,
}

impl Crm {
    pub async fn start(config: vtesim::Config) -> Crm {
        let server = vtesim::Server::start(config, "127.0.0.1:0".parse().unwrap())
            .await
            .expect("vtesim starts");
        Crm { server }
    }

    /// A CRM started again where `previous_url` listened: the same URL, as a
    /// real CRM keeps across restarts (a replay journal belongs to one URL).
    pub async fn start_at(config: vtesim::Config, previous_url: &str) -> Crm {
        let addr: std::net::SocketAddr = previous_url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .expect("a vtesim URL");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            match vtesim::Server::start(config.clone(), addr).await {
                Ok(server) => return Crm { server },
                Err(e) if std::time::Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                Err(e) => panic!("vtesim restarts at {addr}: {e}"),
            }
        }
    }

    pub fn url(&self) -> String {
        self.server.url().to_owned()
    }

    /// The built vtelink as `user` with environment credentials (the way
    /// pipelines run it), its journals and locks in `state`, and none of the
    /// developer's profiles or config (a test may set its own after).
    pub fn command(&self, user: &str, state: &std::path::Path) -> std::process::Command {
        let seeded = self.server.user(user).expect("seeded user").clone();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_vtelink"));
        cmd.env("VTELINK_URL", self.url())
            .env("VTELINK_USER", &seeded.name)
            .env("VTELINK_ACCESS_KEY", &seeded.access_key)
            .env("VTELINK_STATE_DIR", state)
            .env(
                "VTELINK_CONFIG_DIR",
                std::env::temp_dir().join("vtelink-tests-no-config"),
            )
            .env_remove("VTELINK_PROFILE")
            .env_remove("VTELINK_IMAP_PASSWORD");
        cmd
    }

    /// Run vtelink as `user`; the raw process output.
    pub async fn run(&self, user: &str, args: &[&str]) -> std::process::Output {
        let seeded = self.server.user(user).expect("seeded user").clone();
        let url = self.url();
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        tokio::task::spawn_blocking(move || {
            assert_cmd::Command::cargo_bin("vtelink")
                .unwrap()
                .env("VTELINK_URL", &url)
                .env("VTELINK_USER", &seeded.name)
                .env("VTELINK_ACCESS_KEY", &seeded.access_key)
                .env(
                    "VTELINK_CONFIG_DIR",
                    std::env::temp_dir().join("vtelink-link-tests-no-config"),
                )
                .env_remove("VTELINK_PROFILE")
                .args(&args)
                .output()
                .unwrap()
        })
        .await
        .unwrap()
    }

    /// Run vtelink as `user` and return (exit code, stdout JSON or Null, stderr).
    pub async fn vtelink(&self, user: &str, args: &[&str]) -> (i32, Value, String) {
        let out = self.run(user, args).await;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
        (
            out.status.code().unwrap_or(-1),
            json,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// What the simulator stored as related to `id` (test-only endpoint).
    pub async fn relations(&self, id: &str) -> Vec<String> {
        let url = format!("{}/__vtesim/relations?id={id}", self.url());
        let list: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
        let mut ids: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    }

    pub async fn document_bytes(&self, id: &str) -> Vec<u8> {
        let url = format!("{}/__vtesim/documents/{id}/content", self.url());
        reqwest::get(url)
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .to_vec()
    }

    /// Count of Messages with this messageid, as admin sees them.
    pub async fn count_messages(&self, messageid: &str) -> usize {
        let conn = self.admin_conn().await;
        let q = vtelink::crm::vtql::Query::select("Messages", &["id"])
            .eq(
                "messageid",
                vtelink::crm::vtql::Value::text(messageid).unwrap(),
            )
            .build()
            .unwrap();
        conn.query(&q).await.unwrap().len()
    }
}

impl Crm {
    /// A webservice connection as admin (what any client could do).
    pub async fn admin_conn(&self) -> vtelink::crm::Connection {
        let admin = self.server.user("admin").unwrap().clone();
        let client = vtelink::crm::Client::new(&self.url(), &Default::default()).unwrap();
        let session = client
            .login(&admin.name, &admin.access_key.clone().into())
            .await
            .unwrap();
        vtelink::crm::Connection::new(client, session, Box::new(vtelink::crm::NoRenew))
    }

    /// A query as admin through the webservice (what any client could see).
    pub async fn admin_query(&self, vtql: &str) -> Vec<serde_json::Map<String, Value>> {
        let conn = self.admin_conn().await;
        conn.query(vtql).await.unwrap()
    }

    /// A Document without a file, with `note` as its note (as admin).
    pub async fn admin_create_document(&self, note: &str) -> String {
        let conn = self.admin_conn().await;
        let element = serde_json::json!({"notes_title": "scan.pdf", "assigned_user_id": "19x1",
            "filelocationtype": "B", "filestatus": "1", "notecontent": note});
        let record = conn.create("Documents", &element).await.unwrap();
        record["id"].as_str().unwrap().to_owned()
    }

    /// A Message another tool stored (folder `folder`), as admin.
    pub async fn admin_create_message(&self, messageid: &str, folder: &str) -> String {
        let conn = self.admin_conn().await;
        let element = serde_json::json!({"subject": "same mail", "messageid": messageid,
            "folder": folder, "mtype": "", "assigned_user_id": "19x1"});
        let record = conn.create("Messages", &element).await.unwrap();
        record["id"].as_str().unwrap().to_owned()
    }

    /// Documents vtelink stored (their note carries its marker), as admin sees them.
    pub async fn vtelink_documents(&self) -> Vec<String> {
        let rows = self
            .admin_query(
                "SELECT id FROM Documents WHERE notecontent LIKE 'vtelink:%' LIMIT 0, 10000;",
            )
            .await;
        let mut ids: Vec<String> = rows
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    }
}

/// A Maildir (`cur/`, `new/`, `tmp/`) under `dir` holding `files` in new/.
pub fn maildir<T: AsRef<[u8]>>(dir: &std::path::Path, files: &[(&str, T)]) -> std::path::PathBuf {
    let root = dir.join("Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    for (name, bytes) in files {
        std::fs::write(root.join("new").join(name), bytes).unwrap();
    }
    root
}

/// An .eml with the given attachments (name, bytes), written to `dir`.
pub fn write_email(
    dir: &std::path::Path,
    file: &str,
    message_id: &str,
    attachments: &[(&str, Vec<u8>)],
) -> std::path::PathBuf {
    use base64::Engine as _;
    let mut eml = format!(
        "From: John Smith <john.smith@acme-example.com>\r\nTo: sales@example.com\r\n\
         Subject: {file}\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\nMessage-ID: {message_id}\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n\
         --b0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, see attached.\r\n"
    );
    for (name, data) in attachments {
        let encoded = base64::engine::general_purpose::STANDARD.encode(data);
        eml.push_str(&format!(
            "--b0\r\nContent-Type: application/octet-stream\r\n\
             Content-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n"
        ));
        for line in encoded.as_bytes().chunks(76) {
            eml.push_str(std::str::from_utf8(line).unwrap());
            eml.push_str("\r\n");
        }
    }
    eml.push_str("--b0--\r\n");
    let path = dir.join(file);
    std::fs::write(&path, eml).unwrap();
    path
}

/// Deterministic bytes of a given length (distinct per `seed`).
pub fn bytes(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[3] ^ seed)
        .collect()
}

/// The marker vtelink puts in the note of attachment `position` (1-based)
/// of the email stored under `messageid` with `subject` (docs/protocol.md §5).
pub fn document_marker(messageid: &str, subject: &str, position: usize, data: &[u8]) -> String {
    use sha2::Digest as _;
    let hex = |d: &[u8]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let mut key = sha2::Sha256::new();
    key.update(messageid.as_bytes());
    key.update([0]);
    key.update(subject.trim().as_bytes());
    format!(
        "vtelink:{}:{}:{position}:{}",
        &hex(&sha2::Sha256::digest(messageid.as_bytes()))[..24],
        &hex(&key.finalize())[..8],
        &hex(&sha2::Sha256::digest(data))[..16]
    )
}

impl Crm {
    /// The simulator's counters (`GET /__vtesim/stats`): `requests` per operation, and under
    /// `busy` the calls and busy ms per operation (`create Messages`, `query`, …; docs/vtesim.md).
    /// Counters run from the start: compare two readings.
    pub async fn stats(&self) -> Value {
        let url = format!("{}/__vtesim/stats", self.url());
        reqwest::get(url).await.unwrap().json().await.unwrap()
    }
}
