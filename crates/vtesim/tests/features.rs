//! The Mail Connector additions (docs/protocol.md §2–5), persistence, seeding and query limits.
mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::{Client, access_key, error_code, start};
use serde_json::{Value, json};
use vtesim::{Config, SsoConfig};

#[tokio::test]
async fn mailconnector_info_reports_version_licence_and_auth() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let v = c.get_json(&[("operation", "mailconnector_info")]).await;
    assert_eq!(v["result"]["version"], "25.04.1");
    assert_eq!(
        v["result"]["mailconnector"],
        json!({"installed": true, "licensed": true})
    );
    assert_eq!(
        v["result"]["auth"],
        json!({"password": true, "otp": true, "sso": null})
    );
    server.shutdown().await;

    let server = start(Config {
        licensed: false,
        crm_version: "24.08.1".into(),
        ..Config::default()
    })
    .await;
    let c = Client::new(&server);
    let v = c.get_json(&[("operation", "mailconnector_info")]).await;
    assert_eq!(v["result"]["mailconnector"]["licensed"], false);
    assert_eq!(v["result"]["version"], "24.08.1");
    let key = access_key(&server, "admin");
    assert_eq!(
        error_code(&c.login("admin", &key).await),
        "MAILCONNECTOR_NOT_LICENSED"
    );
    server
        .admin(&json!({"action": "set_licensed", "value": true}))
        .expect("licence");
    assert_eq!(c.login("admin", &key).await["success"], true);
    server.shutdown().await;

    let server = start(Config {
        info_op: false,
        ..Config::default()
    })
    .await;
    let c = Client::new(&server);
    let (status, _, body) = c.get(&[("operation", "mailconnector_info")]).await;
    assert_eq!(
        (status, body.as_str()),
        (500, ""),
        "an old server does not know the operation"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn second_factor_flow() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let mfa = server.user("mfa").expect("seeded").clone();
    assert!(mfa.features.contains(&"otp".to_string()));
    let pwd = |p: &str, otp: &str| {
        vec![
            ("operation".to_string(), "login_pwd".to_string()),
            ("username".to_string(), "mfa".to_string()),
            ("password".to_string(), p.to_string()),
            ("otp".to_string(), otp.to_string()),
        ]
    };
    let post = |params: Vec<(String, String)>| {
        let c = &c;
        async move {
            let r = c
                .http
                .post(&c.ws)
                .form(&params)
                .send()
                .await
                .expect("answer");
            r.json::<Value>().await.expect("json")
        }
    };
    // Wrong password: no code is sent.
    assert_eq!(
        error_code(&post(pwd("nope", "")).await),
        "INVALID_USER_CREDENTIALS"
    );
    assert_eq!(server.last_otp("mfa"), None);
    let v = post(pwd(&mfa.password, "")).await;
    assert_eq!(error_code(&v), "OTP_REQUIRED");
    assert_eq!(
        v["error"]["message"],
        "A security code was sent to your vtenext app. It is valid for 60 seconds."
    );
    let code = server.last_otp("mfa").expect("a code was sent");
    assert_eq!(code.len(), 6);
    let outbox: Value = reqwest::get(format!("{}/__vtesim/outbox?user=mfa", server.url()))
        .await
        .expect("outbox")
        .json()
        .await
        .expect("json");
    assert_eq!(outbox[0]["code"], code.as_str());
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        error_code(&post(pwd(&mfa.password, wrong)).await),
        "INVALID_OTP"
    );
    let v = post(pwd(&mfa.password, &code)).await;
    assert_eq!(v["result"], json!([mfa.access_key]));
    assert_eq!(
        error_code(&post(pwd(&mfa.password, &code)).await),
        "OTP_EXPIRED",
        "codes are single-use"
    );
    // The key then logs in as usual, without a code.
    assert_eq!(c.login("mfa", &mfa.access_key).await["success"], true);
    server.shutdown().await;
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn sign(claims: &Value) -> String {
    let der = include_bytes!("data/sso_test_key.pk8");
    let key = ring::signature::RsaKeyPair::from_pkcs8(der).expect("test key");
    let header = json!({"alg": "RS256", "kid": "vtesim-test-1", "typ": "JWT"});
    let signed = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let mut sig = vec![0u8; key.public().modulus_len()];
    key.sign(
        &ring::signature::RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        signed.as_bytes(),
        &mut sig,
    )
    .expect("sign");
    format!("{signed}.{}", b64(&sig))
}

/// A minimal OpenID provider: discovery + JWKS.
async fn identity_provider() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let jwks: Value = serde_json::from_str(include_str!("data/sso_test_jwks.json")).expect("jwks");
    let discovery = json!({"issuer": url, "jwks_uri": format!("{url}/jwks")});
    let app = axum::Router::new()
        .route(
            "/.well-known/openid-configuration",
            axum::routing::get(move || async move { axum::Json(discovery) }),
        )
        .route(
            "/jwks",
            axum::routing::get(move || async move { axum::Json(jwks) }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn login_sso_validates_the_id_token() {
    let issuer = identity_provider().await;
    let sso = SsoConfig {
        issuer: issuer.clone(),
        client_id: "vtelink-cli".into(),
    };
    let server = start(Config {
        sso: Some(sso),
        ..Config::default()
    })
    .await;
    let c = Client::new(&server);
    let v = c.get_json(&[("operation", "mailconnector_info")]).await;
    assert_eq!(
        v["result"]["auth"]["sso"],
        json!({"issuer": issuer, "client_id": "vtelink-cli"})
    );
    let now = chrono::Utc::now().timestamp();
    let claims = |sub: &str, aud: &str, iss: &str, exp: i64| json!({"iss": iss, "aud": aud, "sub": sub, "email": "", "iat": now, "exp": exp});
    let login = |token: String| {
        let c = &c;
        async move {
            c.post_json(&[("operation", "login_sso"), ("id_token", &token)])
                .await
        }
    };
    let v = login(sign(&claims("admin", "vtelink-cli", &issuer, now + 300))).await;
    assert_eq!(v["result"]["userId"], "19x1", "{v}");
    let session = v["result"]["sessionName"]
        .as_str()
        .expect("session")
        .to_string();
    assert_eq!(
        c.query(&session, "SELECT id FROM Accounts LIMIT 1;").await["success"],
        true
    );
    // Mapping by configured subject and by e-mail.
    let v = login(sign(&claims(
        "mfa-subject-0001",
        "vtelink-cli",
        &issuer,
        now + 300,
    )))
    .await;
    assert_eq!(v["result"]["userId"], "19x6");
    let by_mail = json!({"iss": issuer, "aud": ["x", "vtelink-cli"], "sub": "zzz", "email": "restricted@vtesim.example", "iat": now, "exp": now + 300});
    assert_eq!(login(sign(&by_mail)).await["result"]["userId"], "19x4");
    let rejected = |v: &Value| {
        (
            error_code(v).to_string(),
            v["error"]["message"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(
        rejected(&login(sign(&claims("admin", "other", &issuer, now + 300))).await).1,
        "wrong audience"
    );
    assert_eq!(
        rejected(
            &login(sign(&claims(
                "admin",
                "vtelink-cli",
                "http://evil",
                now + 300
            )))
            .await
        )
        .1,
        "wrong issuer"
    );
    assert_eq!(
        rejected(&login(sign(&claims("admin", "vtelink-cli", &issuer, now - 120))).await).1,
        "token expired"
    );
    assert_eq!(
        rejected(&login(sign(&claims("nobody", "vtelink-cli", &issuer, now + 300))).await).1,
        "no such user"
    );
    let inactive = login(sign(&claims("inactive", "vtelink-cli", &issuer, now + 300))).await;
    assert_eq!(error_code(&inactive), "AUTHENTICATION_REQUIRED");
    // A tampered payload fails the signature check.
    let good = sign(&claims("admin", "vtelink-cli", &issuer, now + 300));
    let parts: Vec<&str> = good.split('.').collect();
    let forged_claims = b64(claims("restricted", "vtelink-cli", &issuer, now + 300)
        .to_string()
        .as_bytes());
    let forged = format!("{}.{}.{}", parts[0], forged_claims, parts[2]);
    assert_eq!(
        rejected(&login(forged).await),
        ("SSO_TOKEN_REJECTED".into(), "bad signature".into())
    );
    server.shutdown().await;
}

async fn admin_session(server: &vtesim::Server, c: &Client) -> String {
    c.session("admin", &server.user("admin").expect("seeded").access_key)
        .await
}

#[tokio::test]
async fn relations_and_document_content_are_inspectable() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let s = admin_session(&server, &c).await;
    let relate = |id: &str, list: &str| {
        let (c, s) = (&c, s.clone());
        let (id, list) = (id.to_string(), list.to_string());
        async move {
            c.post_json(&[
                ("operation", "relate"),
                ("sessionName", &s),
                ("id", &id),
                ("relatelist", &list),
            ])
            .await
        }
    };
    assert_eq!(
        relate("44x154", r#"["4x143","3x140"]"#).await,
        json!({"success": true, "result": null})
    );
    assert_eq!(relate("4x144", r#"["44x156"]"#).await["success"], true);
    let rel = |id: &str| {
        let url = format!("{}/__vtesim/relations?id={id}", server.url());
        async move {
            reqwest::get(url)
                .await
                .expect("relations")
                .json::<Value>()
                .await
                .expect("json")
        }
    };
    let r = rel("44x154").await;
    assert_eq!(r[0]["id"], "4x143");
    assert_eq!(r[0]["via"], "messages");
    assert_eq!(r[1]["module"], "Accounts");
    assert_eq!(
        Value::Array(server.relations("44x154")),
        rel("44x154").await,
        "library and endpoint agree"
    );
    let r = rel("44x156").await;
    assert_eq!(
        (r[0]["id"].as_str(), r[0]["via"].as_str()),
        (Some("4x144"), Some("generic")),
        "{r}"
    );

    let bytes = b"%PDF-1.4 hello".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("operation", "create")
        .text("sessionName", s.clone())
        .text("elementType", "Documents")
        .text("element", r#"{"notes_title":"Upload","assigned_user_id":"19x1","filelocationtype":"I","filestatus":"1"}"#)
        .part(
            "filename",
            reqwest::multipart::Part::bytes(bytes.clone()).file_name("my file.pdf").mime_str("application/pdf").expect("mime"),
        );
    let v: Value = c
        .http
        .post(&c.ws)
        .multipart(form)
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
    assert_eq!(v["result"]["filesize"], bytes.len().to_string());
    assert!(
        v["result"].get("filename").is_none(),
        "filename is never returned"
    );
    let id = v["result"]["id"].as_str().expect("id");
    let got = reqwest::get(format!("{}/__vtesim/documents/{id}/content", server.url()))
        .await
        .expect("content");
    assert!(
        got.headers()["content-disposition"]
            .to_str()
            .unwrap_or("")
            .contains("my_file.pdf")
    );
    assert_eq!(got.bytes().await.expect("bytes").to_vec(), bytes);
    assert_eq!(server.document_file(id).map(|f| f.2), Some(bytes.clone()));
    let stats: Value = reqwest::get(format!("{}/__vtesim/stats", server.url()))
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    assert!(stats["requests"]["relate"].as_u64() >= Some(2));
    server.shutdown().await;
}

/// `create` a Contact owned by admin; the raw answer.
async fn create_contact(c: &Client, session: &str, lastname: &str) -> Value {
    let element = json!({"lastname": lastname, "assigned_user_id": "19x1"}).to_string();
    c.post_json(&[
        ("operation", "create"),
        ("sessionName", session),
        ("elementType", "Contacts"),
        ("element", &element),
    ])
    .await
}

#[tokio::test]
async fn db_file_keeps_records_across_restarts_but_not_sessions() {
    let dir = tempfile_dir();
    let db = dir.join("crm.sqlite");
    let config = Config {
        db: Some(db.clone()),
        ..Config::default()
    };
    let server = start(config.clone()).await;
    let c = Client::new(&server);
    let s = admin_session(&server, &c).await;
    let v = create_contact(&c, &s, "Persisted").await;
    let id = v["result"]["id"].as_str().expect("created").to_string();
    c.post_json(&[
        ("operation", "relate"),
        ("sessionName", &s),
        ("id", "44x154"),
        ("relatelist", &format!("[\"{id}\"]")),
    ])
    .await;
    server.shutdown().await;

    let server = start(config).await;
    let c = Client::new(&server);
    assert_eq!(
        error_code(&c.query(&s, "SELECT id FROM Contacts LIMIT 1;").await),
        "INVALID_SESSIONID"
    );
    let s = admin_session(&server, &c).await;
    let v = c
        .get_json(&[("operation", "retrieve"), ("sessionName", &s), ("id", &id)])
        .await;
    assert_eq!(v["result"]["lastname"], "Persisted");
    let r: Value = reqwest::get(format!("{}/__vtesim/relations?id={id}", server.url()))
        .await
        .expect("rel")
        .json()
        .await
        .expect("json");
    assert_eq!(r[0]["id"], "44x154");
    // A new record does not reuse a crmid.
    let v = create_contact(&c, &s, "Second").await;
    assert_ne!(v["result"]["id"].as_str(), Some(id.as_str()));
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "vtesim-test-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[tokio::test]
async fn query_caps_at_1000_rows_without_limit() {
    let server = start(Config {
        messages: 1100,
        ..Config::default()
    })
    .await;
    let c = Client::new(&server);
    let s = admin_session(&server, &c).await;
    let n = |v: Value| v["result"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(n(c.query(&s, "SELECT id FROM Messages;").await), 1000);
    assert!(n(c.query(&s, "SELECT id FROM Messages LIMIT 1200;").await) > 1000);
    let count = c.query(&s, "SELECT count(*) FROM Messages;").await;
    assert!(
        count["result"][0]["count"]
            .as_str()
            .and_then(|x| x.parse::<u64>().ok())
            > Some(1000)
    );
    server.shutdown().await;
}

#[tokio::test]
async fn seeded_awkward_cases_are_queryable() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let s = admin_session(&server, &c).await;
    let ids = |v: Value| -> Vec<String> {
        v["result"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["id"].as_str().map(String::from))
            .collect()
    };
    assert_eq!(
        ids(c
            .query(
                &s,
                "SELECT id FROM Contacts WHERE email = 'shared@twins-example.com';"
            )
            .await),
        ["4x210", "4x211"]
    );
    assert_eq!(
        ids(c
            .query(
                &s,
                "SELECT id FROM Contacts WHERE email = 'pat.upper@shout-example.com';"
            )
            .await),
        ["4x212"]
    );
    assert_eq!(
        ids(c
            .query(
                &s,
                "SELECT id FROM Contacts WHERE email = 'only.secondary@hidden-example.net';"
            )
            .await),
        Vec::<String>::new()
    );
    for (query, expected) in [
        (
            "SELECT id FROM Leads WHERE email = 'dual.role@overlap-example.com';",
            &["2x230"][..],
        ),
        (
            "SELECT id FROM Accounts WHERE website LIKE '%stark-example.com%';",
            &["3x201", "3x202"][..],
        ),
        (
            "SELECT id FROM Accounts WHERE website LIKE '%umbrella-example.com%';",
            &["3x200"][..],
        ),
        (
            "SELECT id FROM Contacts WHERE lastname = 'O''Connor';",
            &["4x214"][..],
        ),
        (
            "SELECT id FROM Contacts WHERE email = 'anna+crm@plus-example.com';",
            &["4x217"][..],
        ),
        (
            "SELECT id FROM Accounts WHERE email1 = 'bobs.garage@gmail.com';",
            &["3x203"][..],
        ),
        // Case-insensitive beyond ASCII, like utf8_general_ci.
        (
            "SELECT id FROM Contacts WHERE lastname = 'ИВАНОВ';",
            &["4x215"][..],
        ),
        (
            "SELECT id FROM Accounts WHERE accountname LIKE 'MÜLLER%';",
            &["3x204"][..],
        ),
    ] {
        assert_eq!(ids(c.query(&s, query).await), expected, "{query}");
    }
    // The hidden secondary field becomes queryable once shown.
    server
        .admin(&json!({"action": "show_secondary_email", "value": true}))
        .expect("show");
    assert_eq!(
        ids(c
            .query(
                &s,
                "SELECT id FROM Contacts WHERE yahooid = 'only.secondary@hidden-example.net';"
            )
            .await),
        ["4x213"]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn generation_is_deterministic_by_seed() {
    let mut results = Vec::new();
    for seed in [5, 5, 6] {
        let server = start(Config {
            seed,
            ..Config::default()
        })
        .await;
        let c = Client::new(&server);
        let s = admin_session(&server, &c).await;
        results.push(
            c.query(
                &s,
                "SELECT id, firstname, lastname, email FROM Contacts WHERE id = '4x1100';",
            )
            .await,
        );
        server.shutdown().await;
    }
    assert_eq!(results[0], results[1]);
    assert_ne!(results[0], results[2]);
}

#[tokio::test]
async fn php_style_json_and_path_prefix() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let s = admin_session(&server, &c).await;
    let url = format!("{}/crm/webservice.php", server.url());
    let r = c
        .http
        .get(&url)
        .query(&[
            ("operation", "retrieve"),
            ("sessionName", s.as_str()),
            ("id", "4x215"),
        ])
        .send()
        .await
        .expect("answer");
    assert_eq!(
        r.headers()["cache-control"],
        "no-store, no-cache, must-revalidate"
    );
    assert_eq!(r.headers()["expires"], "Thu, 19 Nov 1981 08:52:00 GMT");
    let body = r.text().await.expect("body");
    assert!(
        body.starts_with(r#"{"success":true,"result":{"salutationtype":"#),
        "{body:.80}"
    );
    assert!(
        body.contains(r#""firstname":"\u0414\u043c\u0438\u0442\u0440\u0438\u0439""#),
        "non-ASCII as \\uXXXX"
    );
    let v = c
        .get(&[
            ("operation", "query"),
            ("sessionName", &s),
            ("query", "SELECT website FROM Accounts WHERE id = '3x200';"),
        ])
        .await;
    assert!(
        v.2.contains(r#"https:\/\/www.umbrella-example.com\/"#),
        "{}",
        v.2
    );
    server.shutdown().await;
}

#[tokio::test]
async fn large_document_upload_is_accepted() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let s = admin_session(&server, &c).await;
    let bytes: Vec<u8> = (0..5 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let form = reqwest::multipart::Form::new()
        .text("operation", "create")
        .text("sessionName", s)
        .text("elementType", "Documents")
        .text("element", r#"{"notes_title":"Big","assigned_user_id":"19x1","filelocationtype":"B","backend_name":"file"}"#)
        .part("filename", reqwest::multipart::Part::bytes(bytes.clone()).file_name("big.bin"));
    let v: Value = c
        .http
        .post(&c.ws)
        .multipart(form)
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
    assert_eq!(v["result"]["filesize"], bytes.len().to_string(), "{v}");
    let id = v["result"]["id"].as_str().expect("id");
    let got = reqwest::get(format!("{}/__vtesim/documents/{id}/content", server.url()))
        .await
        .expect("content");
    assert_eq!(got.bytes().await.expect("bytes").len(), bytes.len());
    server.shutdown().await;
}
