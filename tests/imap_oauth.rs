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

#[path = "common/crm.rs"]
mod crm;

/// Poll "seconds" of 20 ms.
const POLL_UNIT_MS: &str = "20";

fn message(n: usize) -> Vec<u8> {
    format!(
        "From: Customer {n} <customer{n}@example.com>\r\nTo: {MAIL_USER}\r\n\
         Subject: Token question {n}\r\nMessage-ID: <oauth{n}@example.com>\r\n\
         Date: Mon, 30 Nov 2026 10:00:00 +0000\r\n\r\nBody {n}\r\n"
    )
    .into_bytes()
}

/// `count` messages in the mailbox's INBOX, put there with the seeding password.
fn seed(server: &Dovecot, count: usize) {
    let mut imap = server.client(MAIL_USER, MAIL_PASSWORD);
    imap.append_all("INBOX", "", &(1..=count).map(message).collect::<Vec<_>>());
    imap.logout();
}

/// The URL of the mailbox's INBOX (plain imap:// on loopback: Dovecot also offers STARTTLS).
fn inbox_url(server: &Dovecot) -> String {
    server.imap_url(&MAIL_USER.replace('@', "%40"), "INBOX")
}

/// vtelink as the CRM's admin (environment credentials), with its own state
/// and config folders and a fast device-flow poll.
fn vtelink(crm: &crm::Crm, dirs: &tempfile::TempDir) -> std::process::Command {
    let mut cmd = crm.command("admin", &dirs.path().join("state"));
    cmd.env("VTELINK_CONFIG_DIR", dirs.path().join("config"))
        .env("VTELINK_SSO_POLL_UNIT_MS", POLL_UNIT_MS)
        .env("NO_COLOR", "1")
        .env_remove("VTELINK_PROFILE")
        .env_remove("VTELINK_IMAP_PASSWORD")
        .arg("--no-input");
    cmd
}

/// Run `cmd`; when it shows a device-flow code, approve it at `idp` as
/// `account`. The finished process's output, stderr included.
async fn run_signing_in(
    mut cmd: std::process::Command,
    idp: &Idp,
    account: &str,
) -> (std::process::Output, String) {
    use std::io::{BufRead, BufReader, Read};
    let mut child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let code = tokio::task::block_in_place(|| {
        loop {
            let mut line = String::new();
            if stderr.read_line(&mut line).unwrap() == 0 {
                return None;
            }
            seen.push_str(&line);
            if let Some(rest) = line.split("enter the code ").nth(1) {
                return Some(rest.trim().to_owned());
            }
        }
    });
    if let Some(code) = code {
        idp.approve(&code, account, false).await;
    }
    let out = tokio::task::block_in_place(|| {
        let mut rest = String::new();
        stderr.read_to_string(&mut rest).unwrap();
        seen.push_str(&rest);
        child.wait_with_output().unwrap()
    });
    (out, seen)
}

/// The device flow's token logs in (OAUTHBEARER), a folder is replayed, and
/// no token shows anywhere; a second run signs in again and links nothing twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_flow_token_reads_a_folder() {
    let test = "a_device_flow_token_reads_a_folder";
    let Some((idp, server)) = idp_and_dovecot(test, &[], "xoauth2 oauthbearer") else {
        return;
    };
    seed(&server, 3);
    let crm = crm::Crm::start(vtesim::Config::default()).await;
    let dirs = tempfile::tempdir().unwrap();
    let url = inbox_url(&server);
    let replay = |extra: &[&str]| {
        let mut cmd = vtelink(&crm, &dirs);
        cmd.args([
            "-vv",
            "replay",
            "--imap",
            &url,
            "--oauth",
            &idp.issuer,
            "--to",
            "4x143",
        ])
        .arg("--ca-cert")
        .arg(server.ca_pem())
        .args(extra);
        cmd
    };
    let (out, stderr) = run_signing_in(replay(&[]), &idp, "alice").await;
    assert!(out.status.success(), "{stderr}\n{}", server.log());
    for n in 1..=3 {
        assert_eq!(
            crm.count_messages(&format!("<oauth{n}@example.com>")).await,
            1,
            "{stderr}"
        );
    }
    assert!(
        server.log().contains("method=OAUTHBEARER"),
        "{}",
        server.log()
    );
    let everything = format!("{stderr}{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        !everything.contains("Bearer "),
        "a token leaked: {everything}"
    );
    assert_eq!(idp.refreshes().await, 0);

    // A second run signs in again; the journal keeps it from linking anything twice.
    let (out, stderr) = run_signing_in(replay(&["--json"]), &idp, "alice").await;
    assert!(out.status.success(), "{stderr}");
    let summary = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["event"] == "summary")
        .expect("a summary");
    assert_eq!(summary["summary"]["linked"], 0, "{summary}");
    for n in 1..=3 {
        assert_eq!(
            crm.count_messages(&format!("<oauth{n}@example.com>")).await,
            1
        );
    }
}

/// One more message in the INBOX, numbered `n`.
fn seed_one(server: &Dovecot, n: usize) {
    let mut imap = server.client(MAIL_USER, MAIL_PASSWORD);
    imap.append("INBOX", "", &message(n));
    imap.logout();
}

/// `replay --imap INBOX --oauth ISSUER --to 4x143` in `dirs`.
fn replay_cmd(
    crm: &crm::Crm,
    dirs: &tempfile::TempDir,
    server: &Dovecot,
    idp: &Idp,
) -> std::process::Command {
    let mut cmd = vtelink(crm, dirs);
    cmd.args([
        "-v",
        "replay",
        "--imap",
        &inbox_url(server),
        "--oauth",
        &idp.issuer,
        "--to",
        "4x143",
    ])
    .arg("--ca-cert")
    .arg(server.ca_pem());
    cmd
}

/// Run `cmd`, which must not ask for a sign-in (it gets no approval).
async fn run_kept(cmd: std::process::Command, idp: &Idp) -> (std::process::Output, String) {
    let (out, stderr) = run_signing_in(cmd, idp, "nobody").await;
    assert!(
        !stderr.contains("enter the code"),
        "asked for a sign-in: {stderr}"
    );
    (out, stderr)
}

/// A kept token that has expired is renewed with the refresh token, without
/// a new sign-in (here with XOAUTH2, the only mechanism offered).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_is_renewed() {
    let test = "an_expired_token_is_renewed";
    if !helpers::keyring_available(test) {
        return;
    }
    let Some((idp, server)) = idp_and_dovecot(test, &[("IDP_ACCESS_TTL", "2")], "xoauth2") else {
        return;
    };
    seed(&server, 1);
    let crm = crm::Crm::start(vtesim::Config::default()).await;
    let dirs = tempfile::tempdir().unwrap();
    let (out, stderr) = run_signing_in(replay_cmd(&crm, &dirs, &server, &idp), &idp, "alice").await;
    assert!(out.status.success(), "{stderr}\n{}", server.log());
    assert!(stderr.contains("enter the code"), "{stderr}");

    // Past the access token's life: the next run renews it and reads the new message.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    seed_one(&server, 2);
    let refreshes = idp.refreshes().await;
    let (out, stderr) = run_kept(replay_cmd(&crm, &dirs, &server, &idp), &idp).await;
    assert!(out.status.success(), "{stderr}\n{}", server.log());
    assert!(idp.refreshes().await > refreshes, "{stderr}");
    assert!(stderr.contains("expired"), "{stderr}");
    assert_eq!(crm.count_messages("<oauth2@example.com>").await, 1);
    assert!(server.log().contains("method=XOAUTH2"), "{}", server.log());
}

/// A kept token the mail server refuses before its time is renewed once and
/// the run goes on; when the whole sign-in is revoked, the run stops with one
/// line and exit code 13, and the next run signs in anew.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_is_renewed_and_a_revoked_sign_in_is_said() {
    let test = "a_refused_token_is_renewed_and_a_revoked_sign_in_is_said";
    if !helpers::keyring_available(test) {
        return;
    }
    let Some((idp, server)) = idp_and_dovecot(test, &[], "xoauth2 oauthbearer") else {
        return;
    };
    seed(&server, 1);
    let crm = crm::Crm::start(vtesim::Config::default()).await;
    let dirs = tempfile::tempdir().unwrap();
    let (out, stderr) = run_signing_in(replay_cmd(&crm, &dirs, &server, &idp), &idp, "alice").await;
    assert!(out.status.success(), "{stderr}\n{}", server.log());

    // Kept and still fresh: used as is.
    let (out, stderr) = run_kept(replay_cmd(&crm, &dirs, &server, &idp), &idp).await;
    assert!(out.status.success(), "{stderr}");
    assert_eq!(idp.refreshes().await, 0, "{stderr}");

    // The provider dropped the access token early: one renewal, and the run goes on.
    idp.revoke(false).await;
    seed_one(&server, 2);
    let (out, stderr) = run_kept(replay_cmd(&crm, &dirs, &server, &idp), &idp).await;
    assert!(out.status.success(), "{stderr}\n{}", server.log());
    assert_eq!(idp.refreshes().await, 1, "{stderr}");
    assert_eq!(crm.count_messages("<oauth2@example.com>").await, 1);

    // The user revoked the app: nothing can renew it.
    idp.revoke(true).await;
    seed_one(&server, 3);
    let (out, stderr) = run_kept(replay_cmd(&crm, &dirs, &server, &idp), &idp).await;
    assert_eq!(out.status.code(), Some(13), "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("vtelink: error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("sign in again"), "{stderr}");
    assert_eq!(crm.count_messages("<oauth3@example.com>").await, 0);

    // The ended sign-in was forgotten: the next run asks for a new one.
    let (out, stderr) = run_signing_in(replay_cmd(&crm, &dirs, &server, &idp), &idp, "alice").await;
    assert!(stderr.contains("enter the code"), "{stderr}");
    assert!(out.status.success(), "{stderr}");
    assert_eq!(crm.count_messages("<oauth3@example.com>").await, 1);
}

/// `watch --imap --oauth`: signed in once with the device flow, it links a
/// message APPENDed while it runs, and SIGTERM ends it with exit 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_with_a_token_links_new_mail() {
    use std::io::{BufRead, BufReader, Read};
    let test = "watch_with_a_token_links_new_mail";
    let Some((idp, server)) = idp_and_dovecot(test, &[], "xoauth2 oauthbearer") else {
        return;
    };
    let crm = crm::Crm::start(vtesim::Config::default()).await;
    let dirs = tempfile::tempdir().unwrap();
    let mut cmd = vtelink(&crm, &dirs);
    cmd.args([
        "watch",
        "--imap",
        &inbox_url(&server),
        "--oauth",
        &idp.issuer,
    ])
    .args(["--to", "4x143", "--ca-cert"])
    .arg(server.ca_pem());
    let mut child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let mut read_until = |needle: &str, seen: &mut String| -> Option<String> {
        tokio::task::block_in_place(|| {
            loop {
                let mut line = String::new();
                if stderr.read_line(&mut line).unwrap() == 0 {
                    return None;
                }
                seen.push_str(&line);
                if line.contains(needle) {
                    return Some(line);
                }
            }
        })
    };
    let line = read_until("enter the code ", &mut seen).unwrap_or_else(|| panic!("{seen}"));
    let code = line
        .split("enter the code ")
        .nth(1)
        .unwrap()
        .trim()
        .to_owned();
    idp.approve(&code, "alice", false).await;
    read_until("watching", &mut seen).unwrap_or_else(|| panic!("{seen}\n{}", server.log()));

    seed_one(&server, 7);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while crm.count_messages("<oauth7@example.com>").await == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "{seen}\n{}",
            server.log()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::task::block_in_place(|| {
        let mut rest = String::new();
        let _ = stderr.read_to_string(&mut rest);
        seen.push_str(&rest);
        child.wait().unwrap()
    });
    assert_eq!(status.code(), Some(0), "{seen}");
    assert!(!seen.contains("Bearer "), "{seen}");
}

/// A saved mailbox signed in with `--oauth`: `mailbox add` shows the code
/// once and keeps no password; `replay --mailbox` uses the kept sign-in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_mailbox_keeps_its_sign_in() {
    let test = "a_saved_mailbox_keeps_its_sign_in";
    if !helpers::keyring_available(test) {
        return;
    }
    let Some((idp, server)) = idp_and_dovecot(test, &[], "xoauth2 oauthbearer") else {
        return;
    };
    seed(&server, 1);
    let crm = crm::Crm::start(vtesim::Config::default()).await;
    let dirs = tempfile::tempdir().unwrap();
    let name = format!("oauth-{}", std::process::id());
    let mut add = vtelink(&crm, &dirs);
    add.args(["mailbox", "add", &name, &inbox_url(&server)])
        .args(["--oauth", &idp.issuer, "--to", "4x143", "--ca-cert"])
        .arg(server.ca_pem());
    let (out, stderr) = run_signing_in(add, &idp, "alice").await;
    assert!(out.status.success(), "{stderr}\n{}", server.log());
    let saved = std::fs::read_to_string(dirs.path().join("config/mailboxes.toml")).unwrap();
    assert!(saved.contains("[mailboxes."), "{saved}");
    assert!(saved.contains(&idp.issuer), "{saved}");

    let mut replay = vtelink(&crm, &dirs);
    replay.args(["-v", "replay", "--mailbox", &name]);
    let (out, stderr) = run_kept(replay, &idp).await;
    assert!(out.status.success(), "{stderr}\n{}", server.log());
    assert_eq!(crm.count_messages("<oauth1@example.com>").await, 1);

    let mut remove = vtelink(&crm, &dirs);
    remove.args(["mailbox", "remove", &name]);
    let out = tokio::task::block_in_place(|| remove.output().unwrap());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
