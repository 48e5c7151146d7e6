//! Shared helpers for vtesim integration tests.
#![allow(dead_code)]
use md5::{Digest, Md5};
use serde_json::Value;
use std::path::PathBuf;
use vtesim::{Config, Server};

pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("VTESIM_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    dir.join("vtenext-wire/captures").is_dir().then_some(dir)
}

pub async fn start(config: Config) -> Server {
    Server::start(config, "127.0.0.1:0".parse().expect("literal addr"))
        .await
        .expect("vtesim starts")
}

/// A seeded user's access key.
pub fn access_key(server: &Server, user: &str) -> String {
    server.user(user).expect("seeded").access_key.clone()
}

pub fn md5_hex(text: &str) -> String {
    Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub struct Client {
    pub http: reqwest::Client,
    pub ws: String,
}

impl Client {
    pub fn new(server: &Server) -> Client {
        Client {
            http: reqwest::Client::new(),
            ws: format!("{}/webservice.php", server.url()),
        }
    }

    pub async fn get(&self, params: &[(&str, &str)]) -> (u16, String, String) {
        let r = self
            .http
            .get(&self.ws)
            .query(params)
            .send()
            .await
            .expect("GET answers");
        Self::read(r).await
    }

    pub async fn post(&self, params: &[(&str, &str)]) -> (u16, String, String) {
        let r = self
            .http
            .post(&self.ws)
            .form(params)
            .send()
            .await
            .expect("POST answers");
        Self::read(r).await
    }

    /// Status, content type and body of an answer, as the captures record them.
    pub async fn read(r: reqwest::Response) -> (u16, String, String) {
        let status = r.status().as_u16();
        let ct = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = r.text().await.unwrap_or_default();
        (status, ct, body)
    }

    pub async fn get_json(&self, params: &[(&str, &str)]) -> Value {
        serde_json::from_str(&self.get(params).await.2).unwrap_or(Value::Null)
    }

    pub async fn post_json(&self, params: &[(&str, &str)]) -> Value {
        serde_json::from_str(&self.post(params).await.2).unwrap_or(Value::Null)
    }

    pub async fn token(&self, user: &str) -> String {
        let v = self
            .get_json(&[("operation", "getchallenge"), ("username", user)])
            .await;
        v["result"]["token"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// getchallenge + login; returns the whole answer.
    pub async fn login(&self, user: &str, access_key: &str) -> Value {
        let token = self.token(user).await;
        let key = md5_hex(&format!("{token}{access_key}"));
        self.post_json(&[
            ("operation", "login"),
            ("username", user),
            ("accessKey", &key),
        ])
        .await
    }

    pub async fn session(&self, user: &str, access_key: &str) -> String {
        let v = self.login(user, access_key).await;
        v["result"]["sessionName"]
            .as_str()
            .unwrap_or_else(|| panic!("login failed: {v}"))
            .to_string()
    }

    pub async fn query(&self, session: &str, q: &str) -> Value {
        self.get_json(&[
            ("operation", "query"),
            ("sessionName", session),
            ("query", q),
        ])
        .await
    }
}

pub fn error_code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}
