//! Mailboxes signed in with OAuth 2.0: a real Dovecot (tests/common/dovecot.rs)
//! whose `oauth2` passdb checks every XOAUTH2/OAUTHBEARER token at the test
//! OpenID provider's introspection endpoint (tests/idp/idp.mjs, oidc-provider),
//! and the built binary getting its token from that provider's device flow.
//! Skips with a message when node, the provider's packages or Dovecot are missing.

#[path = "common/dovecot.rs"]
mod dovecot;
#[path = "common/auth_helpers.rs"]
mod helpers;

use base64::Engine as _;
use dovecot::{Dovecot, OAuth};
use helpers::Idp;

/// The mailbox user: the address the provider puts in its tokens for account `alice`.
const MAIL_USER: &str = "alice@example.test";
const MAIL_PASSWORD: &str = "seed-only-password";
const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// The test provider and a Dovecot that takes its tokens (`mechanisms`:
/// what Dovecot offers besides PLAIN/LOGIN); `None` when either cannot run.
fn idp_and_dovecot(test: &str, knobs: &[(&str, &str)], mechanisms: &str) -> Option<(Idp, Dovecot)> {
    let idp = Idp::start(test, knobs)?;
    let server = Dovecot::start_with_oauth(
        test,
        OAuth {
            introspection_url: idp.introspection_url(),
            mechanisms: mechanisms.into(),
        },
    )?;
    // A password too, so the test can seed the same mailbox.
    server.set_users(&[(MAIL_USER, MAIL_PASSWORD)]);
    Some((idp, server))
}

/// A token the way a client gets one, over plain HTTP: device authorization,
/// approval as `account`, one poll.
async fn device_flow_token(idp: &Idp, account: &str) -> String {
    let http = reqwest::Client::new();
    let start: serde_json::Value = http
        .post(format!("{}/device/auth", idp.issuer))
        .form(&[
            ("client_id", "vtelink-cli"),
            ("scope", "openid email offline_access"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    idp.approve(start["user_code"].as_str().unwrap(), account, false)
        .await;
    let tokens: serde_json::Value = http
        .post(format!("{}/token", idp.issuer))
        .form(&[
            ("grant_type", DEVICE_GRANT),
            ("client_id", "vtelink-cli"),
            ("device_code", start["device_code"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    tokens["access_token"].as_str().unwrap().to_owned()
}

/// `AUTHENTICATE XOAUTH2` with an initial response (SASL-IR), by hand, on
/// plain loopback: did Dovecot say OK? (A refusal is a JSON challenge first,
/// which the client answers with an empty line, then NO.)
fn xoauth2(port: u16, user: &str, token: &str) -> bool {
    use std::io::{BufRead, BufReader, Write};
    let stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let blob = base64::engine::general_purpose::STANDARD
        .encode(format!("user={user}\x01auth=Bearer {token}\x01\x01"));
    writer
        .write_all(format!("A1 AUTHENTICATE XOAUTH2 {blob}\r\n").as_bytes())
        .unwrap();
    loop {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "Dovecot hung up");
        if line.starts_with("+ ") {
            writer.write_all(b"\r\n").unwrap();
        } else if let Some(status) = line.strip_prefix("A1 ") {
            return status.starts_with("OK");
        }
    }
}

/// Dovecot asks the provider about each token: the user's own token logs in;
/// another user's, a made-up one and a revoked one do not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dovecot_checks_tokens_at_the_provider() {
    let test = "dovecot_checks_tokens_at_the_provider";
    let Some((idp, server)) = idp_and_dovecot(test, &[], "xoauth2 oauthbearer") else {
        return;
    };
    let token = device_flow_token(&idp, "alice").await;
    let port = server.imap_port;
    let check = |user: &'static str, token: String| {
        tokio::task::spawn_blocking(move || xoauth2(port, user, &token))
    };
    assert!(
        check(MAIL_USER, token.clone()).await.unwrap(),
        "{}",
        server.log()
    );
    assert!(!check("bob@example.test", token.clone()).await.unwrap());
    assert!(!check(MAIL_USER, "not-a-token".into()).await.unwrap());
    idp.revoke(false).await;
    assert!(!check(MAIL_USER, token).await.unwrap());
}
