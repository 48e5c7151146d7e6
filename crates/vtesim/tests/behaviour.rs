//! Lockout, inactive users, session end, permission denial and HTTP 500s behave as recorded.
mod common;

use common::{Client, access_key, error_code, start};
use serde_json::json;
use std::time::Duration;
use vtesim::Config;

const WRONG: &str = "0123456789abcdef0123456789abcdef";

async fn wrong_login(c: &Client, user: &str) -> String {
    c.token(user).await;
    let v = c
        .post_json(&[
            ("operation", "login"),
            ("username", user),
            ("accessKey", WRONG),
        ])
        .await;
    error_code(&v).to_string()
}

#[tokio::test]
async fn lockout_after_five_failures_then_ip_ban_at_hundred() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let restricted = server.user("restricted").expect("seeded").clone();
    let admin = server.user("admin").expect("seeded").clone();
    let admin_session = c.session("admin", &admin.access_key).await;
    for _ in 0..5 {
        assert_eq!(
            wrong_login(&c, "restricted").await,
            "INVALID_USER_CREDENTIALS"
        );
    }
    // Locked: even the right key is refused, login_pwd says nothing more than "invalid".
    let v = c.login("restricted", &restricted.access_key).await;
    assert_eq!(error_code(&v), "LOGIN_LOCKED");
    assert_eq!(
        v["error"]["message"],
        "Login failed because too many unsuccessfully logins"
    );
    let v = c
        .post_json(&[
            ("operation", "login_pwd"),
            ("username", "restricted"),
            ("password", &restricted.password),
        ])
        .await;
    assert_eq!(error_code(&v), "INVALID_USER_CREDENTIALS");
    // Other users are not affected.
    assert_eq!(c.login("admin", &admin.access_key).await["success"], true);
    // 100 failures ban the IP for every user; getchallenge and open sessions keep working.
    for _ in 5..100 {
        assert_eq!(
            wrong_login(&c, "restricted").await,
            "INVALID_USER_CREDENTIALS"
        );
    }
    assert_eq!(wrong_login(&c, "restricted").await, "IP_BANNED");
    let v = c.login("admin", &admin.access_key).await;
    assert_eq!(error_code(&v), "IP_BANNED");
    assert!(!c.token("admin").await.is_empty());
    let v = c
        .query(&admin_session, "SELECT id FROM Accounts LIMIT 1;")
        .await;
    assert_eq!(v["success"], true);
    // Unlocking = deleting the rows.
    server.admin(&json!({"action": "unban"})).expect("unban");
    assert_eq!(
        c.login("restricted", &restricted.access_key).await["success"],
        true
    );
    server.shutdown().await;
}

#[tokio::test]
async fn successful_login_clears_an_unlocked_counter() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let key = access_key(&server, "restricted");
    for _ in 0..4 {
        wrong_login(&c, "restricted").await;
    }
    assert_eq!(c.login("restricted", &key).await["success"], true);
    for _ in 0..4 {
        wrong_login(&c, "restricted").await;
    }
    assert_eq!(
        c.login("restricted", &key).await["success"],
        true,
        "counter was reset by the success"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn inactive_user_is_refused() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let inactive = server.user("inactive").expect("seeded").clone();
    let v = c.login("inactive", &inactive.access_key).await;
    assert_eq!(error_code(&v), "AUTHENTICATION_REQUIRED");
    assert_eq!(v["error"]["message"], "Given user is inactive");
    let v = c
        .post_json(&[
            ("operation", "login_pwd"),
            ("username", "inactive"),
            ("password", &inactive.password),
        ])
        .await;
    assert_eq!(error_code(&v), "INVALID_USER_CREDENTIALS");
    // Deactivating a user through the admin endpoint has the same effect.
    let admin = server.user("admin").expect("seeded").clone();
    server
        .admin(&json!({"action": "deactivate", "user": "admin"}))
        .expect("deactivate");
    assert_eq!(
        error_code(&c.login("admin", &admin.access_key).await),
        "AUTHENTICATION_REQUIRED"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn sessions_end_by_logout_expire_every_and_idle() {
    let server = start(Config {
        expire_every: Some(3),
        ..Config::default()
    })
    .await;
    let c = Client::new(&server);
    let key = access_key(&server, "admin");
    let s = c.session("admin", &key).await;
    for _ in 0..3 {
        assert_eq!(
            c.query(&s, "SELECT id FROM Accounts LIMIT 1;").await["success"],
            true
        );
    }
    let v = c.query(&s, "SELECT id FROM Accounts LIMIT 1;").await;
    assert_eq!(error_code(&v), "INVALID_SESSIONID");
    assert_eq!(
        v["error"]["message"],
        "Session Identifier provided is Invalid"
    );
    // A fresh login works again; logout ends it.
    let s = c.session("admin", &key).await;
    let v = c
        .post_json(&[("operation", "logout"), ("sessionName", &s)])
        .await;
    assert_eq!(v["result"]["message"], "successfull");
    assert_eq!(
        error_code(&c.query(&s, "SELECT id FROM Accounts LIMIT 1;").await),
        "INVALID_SESSIONID"
    );
    server.shutdown().await;

    // Idle limit of zero: any later call finds the session gone, like PHP session GC.
    let server = start(Config {
        session_idle: Some(Duration::ZERO),
        ..Config::default()
    })
    .await;
    let c = Client::new(&server);
    let s = c.session("admin", &key).await;
    assert_eq!(
        error_code(&c.query(&s, "SELECT id FROM Accounts LIMIT 1;").await),
        "INVALID_SESSIONID"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn forged_expiry_answers_plain_text_once_then_invalid_session() {
    let server = start(Config {
        forged_expiry: true,
        ..Config::default()
    })
    .await;
    let c = Client::new(&server);
    let key = access_key(&server, "admin");
    let s = c.session("admin", &key).await;
    server
        .admin(&json!({"action": "expire_sessions"}))
        .expect("expire");
    let params = [
        ("operation", "query"),
        ("sessionName", s.as_str()),
        ("query", "SELECT id FROM Accounts LIMIT 1;"),
    ];
    let (status, ct, body) = c.get(&params).await;
    assert_eq!(
        (status, ct.as_str(), body.as_str()),
        (200, "text/html; charset=UTF-8", "No valid user ID found.")
    );
    let (status, ct, body) = c.get(&params).await;
    assert_eq!((status, ct.as_str()), (200, "application/json"));
    assert!(body.contains("INVALID_SESSIONID"));
    server.shutdown().await;
}

#[tokio::test]
async fn permissions_deny_as_recorded() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let key = access_key(&server, "restricted");
    let s = c.session("restricted", &key).await;
    let v = c.query(&s, "SELECT id FROM Leads LIMIT 1;").await;
    assert_eq!(
        v["error"],
        json!({"code": "ACCESS_DENIED", "message": "Permission to perform the operation is denied"})
    );
    let v = c
        .get_json(&[
            ("operation", "describe"),
            ("sessionName", &s),
            ("elementType", "HelpDesk"),
        ])
        .await;
    assert_eq!(error_code(&v), "ACCESS_DENIED");
    let v = c
        .get_json(&[
            ("operation", "describe"),
            ("sessionName", &s),
            ("elementType", "Accounts"),
        ])
        .await;
    assert_eq!(
        v["result"]["createable"], false,
        "Accounts are read-only for restricted"
    );
    let v = c
        .post_json(&[
            ("operation", "create"),
            ("sessionName", &s),
            ("elementType", "Accounts"),
            (
                "element",
                r#"{"accountname":"X","assigned_user_id":"19x4"}"#,
            ),
        ])
        .await;
    assert_eq!(v["error"]["message"], "Permission to write is denied");
    // Messages are private to their owner.
    let v = c
        .get_json(&[
            ("operation", "retrieve"),
            ("sessionName", &s),
            ("id", "44x154"),
        ])
        .await;
    assert_eq!(
        v["error"]["message"],
        "Permission to read given object is denied"
    );
    assert_eq!(
        c.query(&s, "SELECT id FROM Messages;").await["result"],
        json!([])
    );
    let v = c
        .get_json(&[("operation", "listtypes"), ("sessionName", &s)])
        .await;
    let types = v["result"]["types"].as_array().expect("types");
    assert!(!types.contains(&json!("Leads")) && types.contains(&json!("Contacts")));
    server.shutdown().await;
}

#[tokio::test]
async fn http_500_cases() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    for op in ["nosuchop", "retrieve_related", ""] {
        let (status, ct, body) = c.get(&[("operation", op)]).await;
        assert_eq!(
            (status, ct.as_str(), body.as_str()),
            (500, "text/html; charset=UTF-8", ""),
            "op {op:?}"
        );
    }
    let key = access_key(&server, "admin");
    let s = c.session("admin", &key).await;
    let (status, _, body) = c
        .post(&[
            ("operation", "create"),
            ("sessionName", &s),
            ("elementType", "Messages"),
            (
                "element",
                r#"{"subject":"no id","assigned_user_id":"19x1"}"#,
            ),
        ])
        .await;
    assert_eq!((status, body.as_str()), (500, ""));
    server.shutdown().await;

    // Injected faults: every request fails, or every connection is dropped.
    let server = start(Config {
        fail_rate: 1.0,
        ..Config::default()
    })
    .await;
    let c = Client::new(&server);
    let (status, _, body) = c
        .get(&[("operation", "getchallenge"), ("username", "admin")])
        .await;
    assert_eq!((status, body.as_str()), (500, ""));
    server.shutdown().await;
    let server = start(Config {
        drop_rate: 1.0,
        ..Config::default()
    })
    .await;
    let url = format!(
        "{}/webservice.php?operation=getchallenge&username=admin",
        server.url()
    );
    assert!(
        reqwest::get(&url).await.is_err(),
        "connection closed without an answer"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn fault_injection_is_deterministic_by_seed() {
    let mut outcomes = Vec::new();
    for _ in 0..2 {
        let server = start(Config {
            fail_rate: 0.5,
            seed: 7,
            ..Config::default()
        })
        .await;
        let c = Client::new(&server);
        let mut seq = Vec::new();
        for _ in 0..20 {
            seq.push(
                c.get(&[("operation", "getchallenge"), ("username", "admin")])
                    .await
                    .0,
            );
        }
        outcomes.push(seq);
        server.shutdown().await;
    }
    assert_eq!(outcomes[0], outcomes[1]);
    assert!(outcomes[0].contains(&500) && outcomes[0].contains(&200));
}

#[tokio::test]
async fn odd_input_always_gets_an_answer() {
    let server = start(Config::default()).await;
    let c = Client::new(&server);
    let key = access_key(&server, "admin");
    let s = c.session("admin", &key).await;
    let ids = [
        "",
        "x",
        "4x",
        "x4",
        "4x-1",
        "4x99999999999999999999",
        "19x4294967297",
        "44x154x1",
        "ü",
        "4x143;",
    ];
    for id in ids {
        for op in ["retrieve", "delete"] {
            let (status, _, _) = if op == "retrieve" {
                c.get(&[("operation", op), ("sessionName", &s), ("id", id)])
                    .await
            } else {
                c.post(&[("operation", op), ("sessionName", &s), ("id", id)])
                    .await
            };
            assert_eq!(status, 200, "{op} {id:?}");
        }
        let list = format!("[\"{id}\"]");
        let (status, _, _) = c
            .post(&[
                ("operation", "relate"),
                ("sessionName", &s),
                ("id", "44x154"),
                ("relatelist", &list),
            ])
            .await;
        assert_eq!(status, 200, "relate {id:?}");
    }
    for element in [
        "",
        "[]",
        "1",
        "{\"id\":[1]}",
        "{\"lastname\":{\"a\":1},\"assigned_user_id\":\"19x1\"}",
        "{\"assigned_user_id\":\"19x99999999999\",\"lastname\":\"x\"}",
    ] {
        for op in ["create", "update", "revise"] {
            let (status, _, body) = c
                .post(&[
                    ("operation", op),
                    ("sessionName", &s),
                    ("elementType", "Contacts"),
                    ("element", element),
                ])
                .await;
            assert_eq!(status, 200, "{op} {element}: {body}");
        }
    }
    for q in [
        "SELECT",
        ";",
        "SELECT * FROM Contacts WHERE id IN ();",
        "SELECT id FROM Contacts LIMIT 99999999999999999999999;",
        "SELECT id FROM Contacts ORDER BY nosuch;",
    ] {
        let (status, _, body) = c
            .get(&[("operation", "query"), ("sessionName", &s), ("query", q)])
            .await;
        assert_eq!(status, 200, "{q}: {body}");
    }
    // A multipart body that is not valid multipart.
    let r = c
        .http
        .post(&c.ws)
        .header("content-type", "multipart/form-data; boundary=zzz")
        .body("garbage")
        .send()
        .await
        .expect("an answer, not a dropped connection");
    assert!(r.status().as_u16() == 500 || r.status().as_u16() == 200);
    server.shutdown().await;
}
