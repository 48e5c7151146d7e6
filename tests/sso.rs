//! `vtelink login --sso`: the device flow against a real OpenID provider
//! (tests/idp/idp.mjs, oidc-provider on loopback), the ID token exchanged with
//! vtesim, which checks it against the provider's JWKS. The user's approval
//! is driven over HTTP. Skips with a message when node or the provider's
//! packages are missing.

#[path = "common/auth_helpers.rs"]
mod helpers;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use helpers::{Home, Idp, sim, small_config, stderr_of};
use serde_json::json;

/// Poll "seconds" of 20 ms: 100 ms by default, 200 ms after one slow_down.
const POLL_UNIT_MS: &str = "20";

async fn crm_with_sso(idp: &Idp) -> vtesim::Server {
    sim(vtesim::Config {
        sso: Some(vtesim::SsoConfig {
            issuer: idp.issuer.clone(),
            client_id: "vtelink-cli".into(),
        }),
        ..small_config()
    })
    .await
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
    let mut child = home
        .std_cmd()
        .args([
            "login",
            "--sso",
            "--insecure-storage",
            "--url",
            server.url(),
        ])
        .args(extra)
        .env("VTELINK_SSO_POLL_UNIT_MS", POLL_UNIT_MS)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approve_then_renew_with_the_refresh_token() {
    let Some(idp) = Idp::start("approve_then_renew_with_the_refresh_token", &[]) else {
        return;
    };
    let server = crm_with_sso(&idp).await;
    let home = Home::new("sso-ok");
    let idp_ref = &idp;
    let (out, stderr) = sso_login(&home, &server, &[], |code| async move {
        idp_ref.approve(&code, "admin", false).await;
    })
    .await;
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("{}/device", idp.issuer)),
        "verification URL shown: {stderr}"
    );
    assert!(
        stderr.contains("user_code="),
        "verification_uri_complete shown: {stderr}"
    );

    let out = home.cmd().args(["status", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
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
    let secrets_file = home
        .config_dir()
        .join("insecure-secrets")
        .join(format!("{}.json", home.profile));
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(secrets_file).unwrap()).unwrap();
    let refresh_token = stored["refresh_token"]
        .as_str()
        .expect("refresh token kept")
        .to_owned();
    server.admin(&json!({"action": "expire_sessions"})).unwrap();
    let out = home
        .cmd()
        .args(["-vv", "--json", "status"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
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
    let Some(idp) = Idp::start("denied_sign_in_is_an_auth_error", &[]) else {
        return;
    };
    let server = crm_with_sso(&idp).await;
    let home = Home::new("sso-deny");
    let idp_ref = &idp;
    let (out, stderr) = sso_login(&home, &server, &[], |code| async move {
        idp_ref.approve(&code, "admin", true).await;
    })
    .await;
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("denied"), "{stderr}");
    assert!(!home.config_file().exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_code_is_an_auth_error() {
    let Some(idp) = Idp::start("expired_code_is_an_auth_error", &[("IDP_DEVICE_TTL", "1")]) else {
        return;
    };
    let server = crm_with_sso(&idp).await;
    let home = Home::new("sso-exp");
    // The user never approves.
    let (out, stderr) = sso_login(&home, &server, &[], |_code| async {}).await;
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("expired"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_down_makes_polling_slower() {
    let Some(idp) = Idp::start(
        "slow_down_makes_polling_slower",
        &[("IDP_SLOW_DOWN_POLLS", "1")],
    ) else {
        return;
    };
    let server = crm_with_sso(&idp).await;
    let home = Home::new("sso-slow");
    let idp_ref = &idp;
    let (out, stderr) = sso_login(&home, &server, &["-v"], |code| async move {
        idp_ref.approve(&code, "admin", false).await;
    })
    .await;
    assert!(out.status.success(), "{stderr}");
    // 5 units + 5 units of 20 ms.
    assert!(stderr.contains("polling every 200 ms"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_unknown_to_the_crm_is_rejected() {
    let Some(idp) = Idp::start("user_unknown_to_the_crm_is_rejected", &[]) else {
        return;
    };
    let server = crm_with_sso(&idp).await;
    let home = Home::new("sso-unknown");
    let idp_ref = &idp;
    let (out, stderr) = sso_login(&home, &server, &[], |code| async move {
        idp_ref.approve(&code, "nobody-here", false).await;
    })
    .await;
    assert_eq!(out.status.code(), Some(3), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crm_without_sso_asks_for_an_issuer() {
    let server = sim(small_config()).await;
    let home = Home::new("sso-none");
    let out = home
        .cmd()
        .args([
            "login",
            "--sso",
            "--insecure-storage",
            "--url",
            server.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("--sso-issuer"),
        "{}",
        stderr_of(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_cancels_cleanly() {
    let Some(idp) = Idp::start("ctrl_c_cancels_cleanly", &[]) else {
        return;
    };
    let server = crm_with_sso(&idp).await;
    let home = Home::new("sso-int");
    let mut child = home
        .std_cmd()
        .args([
            "login",
            "--sso",
            "--insecure-storage",
            "--url",
            server.url(),
        ])
        .env("VTELINK_SSO_POLL_UNIT_MS", POLL_UNIT_MS)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
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
