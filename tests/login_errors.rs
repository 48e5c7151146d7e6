//! Clear one-line answers instead of transport or protocol jargon: https to
//! a plain-http port, an unknown user, the lockout after repeated wrong
//! passwords (wire fact 17), and `status` with environment credentials
//! showing the CRM version. Also: a security code on standard input after
//! the password, read once the CRM has sent it.

#[path = "common/auth_helpers.rs"]
mod helpers;

use std::io::Write as _;
use std::time::{Duration, Instant};

use helpers::{
    Home, assert_one_line_error, assert_success, error_lines, login_insecure, password_of, sim,
    small_config, status_json, stderr_of, stdout_of,
};

/// `home`'s binary with environment credentials for `user` at `url`.
fn env_cmd(home: &Home, server: &vtesim::Server, url: &str, user: &str) -> assert_cmd::Command {
    let key = server.user("admin").unwrap().access_key.clone();
    let mut cmd = home.cmd();
    cmd.env("VTELINK_URL", url)
        .env("VTELINK_USER", user)
        .env("VTELINK_ACCESS_KEY", key);
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_to_a_plain_http_port_says_so() {
    let server = sim(small_config()).await;
    let home = Home::new("https");
    let https = server.url().replacen("http://", "https://", 1);
    let out = env_cmd(&home, &server, &https, "admin")
        .arg("modules")
        .output()
        .unwrap();
    assert_one_line_error(&out, 7, "answers plain HTTP, not HTTPS");
    assert!(!stderr_of(&out).contains("InvalidContentType"));
    let out = home
        .cmd()
        .args([
            "login",
            "--insecure-storage",
            "--password-stdin",
            "--url",
            &https,
        ])
        .args(["--user", "admin"])
        .write_stdin(format!("{}\n", password_of(&server, "admin")))
        .output()
        .unwrap();
    assert_one_line_error(&out, 7, "answers plain HTTP, not HTTPS");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_user_is_named() {
    let server = sim(small_config()).await;
    let home = Home::new("nouser");
    let out = env_cmd(&home, &server, server.url(), "nobody")
        .arg("modules")
        .output()
        .unwrap();
    assert_one_line_error(&out, 3, "the CRM has no user named 'nobody'");
    assert!(!stderr_of(&out).contains("Specified token"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_with_environment_credentials_shows_the_version() {
    let server = sim(small_config()).await;
    let home = Home::new("envversion");
    let out = env_cmd(&home, &server, server.url(), "admin")
        .args(["status", "--json"])
        .output()
        .unwrap();
    assert_success(&out);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["crm_version"], "25.04.1");
    let out = env_cmd(&home, &server, server.url(), "admin")
        .arg("status")
        .output()
        .unwrap();
    assert!(
        stdout_of(&out).contains("Version:  25.04.1"),
        "{}",
        stdout_of(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lockout_after_wrong_passwords_is_reported_as_such() {
    let server = sim(small_config()).await;
    let home = Home::new("lockout");
    let user = "restricted";
    for attempt in 1..=6 {
        let out = login_insecure(&home, server.url(), user, "wrong-password\n");
        assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
        assert_eq!(error_lines(&out).len(), 1, "{}", stderr_of(&out));
        let line = &error_lines(&out)[0];
        match attempt {
            1..=3 => assert!(line.contains("wrong user name, password"), "{line}"),
            4 => assert!(
                line.contains("one more and vtenext locks the user"),
                "{line}"
            ),
            _ => assert!(line.contains("locked"), "{line}"),
        }
    }
    // The right password is refused now, and said to be a lockout.
    let right = format!("{}\n", password_of(&server, user));
    let out = login_insecure(&home, server.url(), user, right.clone());
    assert_one_line_error(&out, 3, "is most likely locked");
    assert!(stderr_of(&out).contains("administrator"));

    // Once an administrator unlocks the user, the right password works and
    // the count starts again.
    server
        .admin(&serde_json::json!({"action": "unlock", "user": user}))
        .unwrap();
    assert_success(&login_insecure(&home, server.url(), user, right));
    let out = login_insecure(&home, server.url(), user, "wrong-password\n");
    assert_one_line_error(
        &out,
        3,
        "the CRM answers the same for a locked or inactive user",
    );
}

/// The README's script: the password, then the code once the CRM has sent
/// it, on one standard input. The wait for the code does not count against
/// --timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_security_code_is_read_from_stdin_when_the_crm_asks() {
    let server = sim(small_config()).await;
    let home = Home::new("lazyotp");
    let mut child = home
        .std_cmd()
        .args([
            "--timeout",
            "2",
            "login",
            "--insecure-storage",
            "--password-stdin",
        ])
        .args(["--url", server.url(), "--user", "mfa"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}", password_of(&server, "mfa")).unwrap();
    stdin.flush().unwrap();
    let started = Instant::now();
    let code = loop {
        if let Some(code) = server.last_otp("mfa") {
            break code;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "no code sent");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // Longer than --timeout: waiting for the user is not vtelink's time.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    writeln!(stdin, "{code}").unwrap();
    drop(stdin);
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_success(&out);
    assert!(stderr_of(&out).contains("security code was sent"));
    assert_eq!(status_json(&home)["user"], "mfa");

    // Standard input ends after the password: the message says how to pass
    // the code, and a code is on its way.
    let home = Home::new("lazyotp-eof");
    let out = login_insecure(
        &home,
        server.url(),
        "mfa",
        format!("{}\n", password_of(&server, "mfa")),
    );
    assert_one_line_error(&out, 3, "--otp");
}
