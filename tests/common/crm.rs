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

    pub fn url(&self) -> String {
        self.server.url().to_owned()
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

    /// A webservice connection as admin, for setting up and reading back.
    pub async fn admin_connection(&self) -> vtelink::crm::Connection {
        let admin = self.server.user("admin").unwrap().clone();
        let client = vtelink::crm::Client::new(&self.url(), &Default::default()).unwrap();
        let session = client
            .login(&admin.name, &admin.access_key.clone().into())
            .await
            .unwrap();
        vtelink::crm::Connection::new(client, session, Box::new(vtelink::crm::NoRenew))
    }

    /// Count of Messages with this messageid, as admin sees them.
    pub async fn count_messages(&self, messageid: &str) -> usize {
        let conn = self.admin_connection().await;
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
