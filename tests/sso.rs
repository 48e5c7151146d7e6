//! `vtelink login --sso`: the device flow against a real OpenID provider
//! (tests/idp/idp.mjs, oidc-provider on loopback), the ID token exchanged with
//! vtesim, which checks it against the provider's JWKS. The user's approval
//! is driven over HTTP. Skips with a message when node or the provider's
//! packages are missing.

#[path = "common/auth_helpers.rs"]
mod helpers;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use helpers::{
    Home, Idp, assert_exit, sim, small_config, status_json, stderr_of, stored_secrets,
    verbose_json_status,
};
use serde_json::json;

/// Poll "seconds" of 20 ms: 100 ms by default, 200 ms after one slow_down.
const POLL_UNIT_MS: &str = "20";

/// The test provider (started with `knobs`) and a CRM that trusts it; `None`
/// (with a message) when the provider cannot run.
async fn idp_and_crm(test: &str, knobs: &[(&str, &str)]) -> Option<(Idp, vtesim::Server)> {
    let idp = Idp::start(test, knobs)?;
    let server = sim(vtesim::Config {
        sso: Some(vtesim::SsoConfig {
            issuer: idp.issuer.clone(),
            client_id: "vtelink-cli".into(),
        }),
        ..small_config()
    })
    .await;
    Some((idp, server))
}

/// `login --sso --insecure-storage --url URL`.
fn sso_login_args(server: &vtesim::Server) -> [&str; 5] {
    [
        "login",
        "--sso",
        "--insecure-storage",
        "--url",
        server.url(),
    ]
}

/// Start `vtelink login --sso` (plus `extra`) with a fast poll unit, its
/// output piped.
fn spawn_sso_login(home: &Home, server: &vtesim::Server, extra: &[&str]) -> std::process::Child {
    home.std_cmd()
        .args(sso_login_args(server))
        .args(extra)
        .env("VTELINK_SSO_POLL_UNIT_MS", POLL_UNIT_MS)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Run `vtelink login --sso`; once it prints the user code, `act` plays the
/// user at the provider. Returns the finished process's output (stderr
/// includes what was read live).
async fn sso_login<F, Fut>(
    home: &Home,
    server: &vtesim::Server,
    extra: &[&str],
    act: F,
) -> (std::process::Output, String)
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut child = spawn_sso_login(home, server, extra);
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let user_code = loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            let out = child.wait_with_output().unwrap();
            panic!(
                "vtelink ended before printing a user code: {seen}{}",
                stderr_of(&out)
            );
        }
        seen.push_str(&line);
        if let Some(rest) = line.split("enter the code ").nth(1) {
            break rest.trim().to_owned();
        }
    };
    act(user_code).await;
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    seen.push_str(&rest);
    let out = child.wait_with_output().unwrap();
    (out, seen)
}

/// `sso_login` where the user answers at the provider as `account`:
/// approves, or denies when `deny`.
async fn sso_login_answered(
    home: &Home,
    server: &vtesim::Server,
    extra: &[&str],
    idp: &Idp,
    account: &str,
    deny: bool,
) -> (std::process::Output, String) {
    sso_login(home, server, extra, |code| async move {
        idp.approve(&code, account, deny).await;
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approve_then_renew_with_the_refresh_token() {
    let Some((idp, server)) = idp_and_crm("approve_then_renew_with_the_refresh_token", &[]).await
    else {
        return;
    };
    let home = Home::new("sso-ok");
    let (out, stderr) = sso_login_answered(&home, &server, &[], &idp, "admin", false).await;
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("{}/device", idp.issuer)),
        "verification URL shown: {stderr}"
    );
    assert!(
        stderr.contains("user_code="),
        "verification_uri_complete shown: {stderr}"
    );

    let status = status_json(&home);
    assert_eq!(status["auth"], "sso");
    assert_eq!(status["session"], "valid");

    // Twice: the provider rotates refresh tokens, so the new one must have been saved.
    for round in 0..2 {
        server.admin(&json!({"action": "expire_sessions"})).unwrap();
        let out = home.cmd().args(["status", "--json"]).output().unwrap();
        assert!(out.status.success(), "round {round}: {}", stderr_of(&out));
        let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(status["session"], "renewed", "round {round}");
    }

    // Nothing secret in the config file.
    let config = std::fs::read_to_string(home.config_file()).unwrap();
    assert!(config.contains("auth = \"sso\""), "{config}");
    assert!(
        !config.contains("refresh") && !config.contains("token"),
        "{config}"
    );

    // Nor in the output or the -vv log of a renewal.
    let stored = stored_secrets(&home);
    let refresh_token = stored["refresh_token"]
        .as_str()
        .expect("refresh token kept")
        .to_owned();
    server.admin(&json!({"action": "expire_sessions"})).unwrap();
    let out = verbose_json_status(&home);
    let everything = format!(
        "{stderr}{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr_of(&out)
    );
    assert!(!everything.contains(&refresh_token), "refresh token leaked");
    assert!(!everything.contains("eyJ"), "a JWT leaked: {everything}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn denied_sign_in_is_an_auth_error() {
    let Some((idp, server)) = idp_and_crm("denied_sign_in_is_an_auth_error", &[]).await else {
        return;
    };
    let home = Home::new("sso-deny");
    let (out, stderr) = sso_login_answered(&home, &server, &[], &idp, "admin", true).await;
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("denied"), "{stderr}");
    assert!(!home.config_file().exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_code_is_an_auth_error() {
    let Some((_idp, server)) =
        idp_and_crm("expired_code_is_an_auth_error", &[("IDP_DEVICE_TTL", "1")]).await
    else {
        return;
    };
    let home = Home::new("sso-exp");
    // The user never approves.
    let (out, stderr) = sso_login(&home, &server, &[], |_code| async {}).await;
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("expired"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_down_makes_polling_slower() {
    let Some((idp, server)) = idp_and_crm(
        "slow_down_makes_polling_slower",
        &[("IDP_SLOW_DOWN_POLLS", "1")],
    )
    .await
    else {
        return;
    };
    let home = Home::new("sso-slow");
    let (out, stderr) = sso_login_answered(&home, &server, &["-v"], &idp, "admin", false).await;
    assert!(out.status.success(), "{stderr}");
    // 5 units + 5 units of 20 ms.
    assert!(stderr.contains("polling every 200 ms"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_unknown_to_the_crm_is_rejected() {
    let Some((idp, server)) = idp_and_crm("user_unknown_to_the_crm_is_rejected", &[]).await else {
        return;
    };
    let home = Home::new("sso-unknown");
    let (out, stderr) = sso_login_answered(&home, &server, &[], &idp, "nobody-here", false).await;
    assert_eq!(out.status.code(), Some(3), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crm_without_sso_asks_for_an_issuer() {
    let server = sim(small_config()).await;
    let home = Home::new("sso-none");
    let out = home.cmd().args(sso_login_args(&server)).output().unwrap();
    assert_exit(&out, 2, &["--sso-issuer"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_cancels_cleanly() {
    let Some((_idp, server)) = idp_and_crm("ctrl_c_cancels_cleanly", &[]).await else {
        return;
    };
    let home = Home::new("sso-int");
    let mut child = spawn_sso_login(&home, &server, &[]);
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    while !seen.contains("enter the code") {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "ended early: {seen}"
        );
        seen.push_str(&line);
    }
    // What a terminal's Ctrl-C sends.
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{seen}{rest}");
    assert!(rest.contains("interrupted"), "{rest}");
    assert!(!home.config_file().exists(), "nothing stored");
}
