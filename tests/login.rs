//! `vtelink login` / `status` / `logout` through the built binary against an
//! in-process vtesim. These use `--insecure-storage` (a 0600 file) so they run
//! without a Secret Service; tests/keyring.rs covers the real keyring.

#[path = "common/auth_helpers.rs"]
mod helpers;

use helpers::{
    Home, assert_exit, assert_one_line_error, assert_renewal_is_saved, assert_success, error_lines,
    insecure_login_cmd, insecure_secrets_file, logged_in_home, login_insecure, password_of, sim,
    small_config, status_json, stderr_of, stdout_of, stored_secrets, verbose_json_status,
};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_login_then_status_then_logout() {
    let server = sim(small_config()).await;
    let home = Home::new("pw");
    let password = password_of(&server, "admin");
    let out = login_insecure(&home, server.url(), "admin", format!("{password}\n"));
    assert_success(&out);
    assert!(stdout_of(&out).contains("Logged in"), "{}", stdout_of(&out));
    assert!(
        stderr_of(&out).contains("unencrypted"),
        "insecure storage warns"
    );

    // A new process resumes the stored session.
    let status = status_json(&home);
    assert_eq!(status["logged_in"], true);
    assert_eq!(status["user"], "admin");
    assert_eq!(status["session"], "valid");
    assert_eq!(status["secrets_store"], "plaintext_file");
    assert_eq!(status["crm_version"], "25.04.1");

    assert_success(&home.cmd().arg("logout").output().unwrap());
    let out = home.cmd().args(["status", "--offline"]).output().unwrap();
    assert_exit(&out, 3, &["vtelink login"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plaintext_secrets_file_is_0600_and_config_holds_no_secret() {
    let server = sim(small_config()).await;
    let home = Home::new("file");
    let user = server.user("admin").unwrap().clone();
    let out = login_insecure(&home, server.url(), "admin", format!("{}\n", user.password));
    assert_success(&out);
    let secrets_path = insecure_secrets_file(&home);
    let stored = std::fs::read_to_string(&secrets_path).unwrap();
    assert!(
        stored.contains(&user.access_key),
        "the access key is kept for renewal"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secrets_path)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let config = std::fs::read_to_string(home.config_file()).unwrap();
    assert!(config.contains("insecure_storage = true"), "{config}");
    for secret in [&user.password, &user.access_key] {
        assert!(
            !config.contains(secret.as_str()),
            "secret in config: {config}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_secret_in_verbose_logs_or_json() {
    let server = sim(small_config()).await;
    let home = Home::new("leak");
    let user = server.user("admin").unwrap().clone();
    let out = home
        .cmd()
        .args([
            "-vv",
            "--json",
            "login",
            "--insecure-storage",
            "--password-stdin",
        ])
        .args(["--url", server.url(), "--user", "admin"])
        .write_stdin(format!("{}\n", user.password))
        .output()
        .unwrap();
    assert_success(&out);
    let session = stored_secrets(&home)["session_name"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut everything = format!("{}{}", stdout_of(&out), stderr_of(&out));
    let out = verbose_json_status(&home);
    everything.push_str(&stdout_of(&out));
    everything.push_str(&stderr_of(&out));
    for secret in [&user.password, &user.access_key, &session] {
        assert!(
            !everything.contains(secret.as_str()),
            "a secret leaked: {everything}"
        );
    }
    serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("status --json is JSON");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_is_an_auth_error() {
    let server = sim(small_config()).await;
    let home = Home::new("wrongpw");
    let out = login_insecure(&home, server.url(), "admin", "not-the-password\n");
    assert_one_line_error(&out, 3, "wrong user name");
    assert!(!home.config_file().exists(), "nothing saved on failure");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inactive_user_is_an_auth_error() {
    let server = sim(small_config()).await;
    let home = Home::new("inactive");
    let password = password_of(&server, "inactive");
    let out = login_insecure(&home, server.url(), "inactive", format!("{password}\n"));
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_password_without_prompt_names_password_stdin() {
    let server = sim(small_config()).await;
    let home = Home::new("nopw");
    let out = home
        .cmd()
        .args([
            "login",
            "--insecure-storage",
            "--url",
            server.url(),
            "--user",
            "admin",
        ])
        .output()
        .unwrap();
    assert_one_line_error(&out, 2, "--password-stdin");
    let out = home
        .cmd()
        .args(["login", "--insecure-storage", "--password-stdin"])
        .write_stdin("x\n")
        .output()
        .unwrap();
    assert_one_line_error(&out, 2, "--url");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_factor_via_flag_and_via_stdin() {
    let server = sim(small_config()).await;
    let home = Home::new("otp");
    let password = password_of(&server, "mfa");
    // Without a code: the CRM sends one and we say how to pass it.
    let out = login_insecure(&home, server.url(), "mfa", format!("{password}\n"));
    assert_one_line_error(&out, 3, "--otp");
    let code = server.last_otp("mfa").expect("a code was sent");
    let out = insecure_login_cmd(&home, server.url(), "mfa")
        .args(["--otp", &code])
        .write_stdin(format!("{password}\n"))
        .output()
        .unwrap();
    assert_success(&out);

    // Second stdin line = the code.
    let home = Home::new("otp2");
    let out = login_insecure(&home, server.url(), "mfa", format!("{password}\n"));
    assert_eq!(out.status.code(), Some(3));
    let code = server.last_otp("mfa").unwrap();
    let out = login_insecure(&home, server.url(), "mfa", format!("{password}\n{code}\n"));
    assert_success(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_security_code_has_its_own_message() {
    let server = sim(small_config()).await;
    let home = Home::new("badotp");
    let password = password_of(&server, "mfa");
    let out = login_insecure(&home, server.url(), "mfa", format!("{password}\n"));
    assert_eq!(out.status.code(), Some(3));
    let code = server.last_otp("mfa").unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let out = login_insecure(&home, server.url(), "mfa", format!("{password}\n{wrong}\n"));
    assert_one_line_error(&out, 3, "security code");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_crm_is_refused_unless_overridden() {
    let server = sim(vtesim::Config {
        crm_version: "24.05.1".into(),
        ..small_config()
    })
    .await;
    let home = Home::new("old");
    let password = password_of(&server, "admin");
    let out = login_insecure(&home, server.url(), "admin", format!("{password}\n"));
    assert_one_line_error(&out, 8, "24.08.2");
    let out = insecure_login_cmd(&home, server.url(), "admin")
        .arg("--allow-unsupported-version")
        .write_stdin(format!("{password}\n"))
        .output()
        .unwrap();
    assert_success(&out);
    assert!(stderr_of(&out).contains("warning:"), "{}", stderr_of(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crm_without_version_report_is_refused() {
    let server = sim(vtesim::Config {
        info_op: false,
        ..small_config()
    })
    .await;
    let home = Home::new("noinfo");
    let password = password_of(&server, "admin");
    let out = login_insecure(&home, server.url(), "admin", format!("{password}\n"));
    assert_one_line_error(&out, 8, "--allow-unsupported-version");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlicensed_connector_is_refused_even_with_override() {
    let server = sim(vtesim::Config {
        licensed: false,
        ..small_config()
    })
    .await;
    let home = Home::new("unlicensed");
    let password = password_of(&server, "admin");
    for extra in [None, Some("--allow-unsupported-version")] {
        let out = insecure_login_cmd(&home, server.url(), "admin")
            .args(extra)
            .write_stdin(format!("{password}\n"))
            .output()
            .unwrap();
        assert_one_line_error(&out, 5, "licen");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_crm_is_exit_7() {
    // A port that was free a moment ago: connection refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let home = Home::new("unreach");
    let out = login_insecure(&home, &format!("http://127.0.0.1:{port}"), "admin", "pw\n");
    assert_one_line_error(&out, 7, "127.0.0.1");
}

/// A loopback HTTP server that answers every request with `body` (not vtenext).
async fn foreign_server(status: &'static str, body: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let _ = socket.read(&mut buf).await;
                let reply = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn url_that_is_not_vtenext_is_exit_7() {
    let url = foreign_server("200 OK", "<html><body>Welcome to nginx!</body></html>").await;
    let home = Home::new("notvte");
    let out = login_insecure(&home, &url, "admin", "pw\n");
    assert_one_line_error(&out, 7, "vtenext");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_failure_is_exit_7() {
    // https:// to a server that speaks plain HTTP: the TLS handshake fails.
    let url = foreign_server("200 OK", "plain")
        .await
        .replace("http://", "https://");
    let home = Home::new("tls");
    let out = login_insecure(&home, &url, "admin", "pw\n");
    assert_eq!(out.status.code(), Some(7), "{}", stderr_of(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_ca_cert_file_is_refused() {
    let server = sim(small_config()).await;
    let home = Home::new("ca");
    let not_pem = home.config_dir().join("not-a-cert.pem");
    std::fs::write(&not_pem, "hello").unwrap();
    let out = insecure_login_cmd(&home, server.url(), "admin")
        .arg("--ca-cert")
        .arg(&not_pem)
        .write_stdin("pw\n")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(error_lines(&out).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_to_a_remote_host_is_refused() {
    let home = Home::new("http");
    let out = login_insecure(&home, "http://crm.example.invalid", "admin", "pw\n");
    assert!(!out.status.success());
    assert!(
        stderr_of(&out).contains("--allow-http"),
        "{}",
        stderr_of(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_session_is_renewed_and_saved() {
    let server = sim(small_config()).await;
    let home = logged_in_home(&server, "renew", "admin");
    assert_renewal_is_saved(&home, &server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_expiry_form_is_renewed_too() {
    let server = sim(vtesim::Config {
        forged_expiry: true,
        ..small_config()
    })
    .await;
    let home = logged_in_home(&server, "forged", "admin");
    server.admin(&json!({"action": "expire_sessions"})).unwrap();
    assert_eq!(status_json(&home)["session"], "renewed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_key_says_which_command_to_run() {
    let server = sim(small_config()).await;
    let home = logged_in_home(&server, "revoked", "admin");
    server
        .admin(&json!({"action": "revoke_key", "user": "admin"}))
        .unwrap();
    server.admin(&json!({"action": "expire_sessions"})).unwrap();
    let out = home.cmd().arg("status").output().unwrap();
    let expected = format!("vtelink login --profile {}", home.profile);
    assert_exit(&out, 3, &[&expected, "to log in again"]);
    // Under Italian the whole line is Italian, the command as it is typed.
    let out = home
        .cmd()
        .arg("status")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env("LANG", "it_IT.UTF-8")
        .output()
        .unwrap();
    assert_exit(&out, 3, &[&expected, "per accedere di nuovo"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("to log in again"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deactivated_user_says_which_command_to_run() {
    let server = sim(small_config()).await;
    let home = logged_in_home(&server, "deact", "admin");
    server
        .admin(&json!({"action": "deactivate", "user": "admin"}))
        .unwrap();
    server.admin(&json!({"action": "expire_sessions"})).unwrap();
    let out = home.cmd().arg("status").output().unwrap();
    assert_exit(&out, 3, &["vtelink login"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn env_credentials_override_profiles() {
    let server = sim(small_config()).await;
    let home = Home::new("env");
    let key = server.user("admin").unwrap().access_key.clone();
    let out = home
        .cmd()
        .args(["status", "--json"])
        .env("VTELINK_URL", server.url())
        .env("VTELINK_USER", "admin")
        .env("VTELINK_ACCESS_KEY", &key)
        .output()
        .unwrap();
    assert_success(&out);
    let text = stdout_of(&out);
    assert!(!text.contains(&key), "the key leaked: {text}");
    let status: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(status["session"], "valid");
    assert_eq!(status["secrets_store"], "environment");
    assert!(
        !home.config_file().exists(),
        "env credentials store nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locked_user_is_shown_as_locked_and_not_retried() {
    let server = sim(small_config()).await;
    let home = Home::new("locked");
    let key = server.user("restricted").unwrap().access_key.clone();
    let status = |access_key: &str| {
        home.cmd()
            .arg("status")
            .env("VTELINK_URL", server.url())
            .env("VTELINK_USER", "restricted")
            .env("VTELINK_ACCESS_KEY", access_key)
            .output()
            .unwrap()
    };
    for _ in 0..6 {
        let out = status("wrong-key");
        assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    }
    let out = status(&key);
    assert_one_line_error(&out, 3, "locked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_works_when_the_crm_is_gone() {
    let server = sim(small_config()).await;
    let home = logged_in_home(&server, "gone", "admin");
    server.shutdown().await;
    let out = home.cmd().arg("logout").output().unwrap();
    assert_success(&out);
    assert!(stderr_of(&out).contains("warning:"), "{}", stderr_of(&out));
    assert!(
        !insecure_secrets_file(&home).exists(),
        "local secrets deleted anyway"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_all_logs_out_every_profile_and_ends_crm_sessions() {
    let server = sim(small_config()).await;
    let home = Home::new("all");
    let password = password_of(&server, "admin");
    for profile in ["one", "two"] {
        let out = home
            .cmd()
            .args([
                "--profile",
                profile,
                "login",
                "--insecure-storage",
                "--password-stdin",
            ])
            .args(["--url", server.url(), "--user", "admin"])
            .write_stdin(format!("{password}\n"))
            .output()
            .unwrap();
        assert_success(&out);
    }
    let out = home
        .cmd()
        .args(["--json", "logout", "--all"])
        .output()
        .unwrap();
    assert_success(&out);
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(results["profiles"].as_array().unwrap().len(), 2);
    for result in results["profiles"].as_array().unwrap() {
        assert_eq!(result["crm_session_ended"], true);
        assert_eq!(result["secrets_deleted"], true);
    }
}

#[test]
fn not_logged_in_names_the_login_command() {
    let home = Home::new("none");
    let out = home.cmd().args(["status", "--offline"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains(&format!("vtelink login --profile {}", home.profile)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn banned_ip_is_shown_as_banned() {
    let server = sim(small_config()).await;
    let home = Home::new("banned");
    // Someone on this IP failed 100 logins (wire fact 17).
    let http = reqwest::Client::new();
    let endpoint = format!("{}/webservice.php", server.url());
    for _ in 0..100 {
        http.get(&endpoint)
            .query(&[("operation", "getchallenge"), ("username", "restricted")])
            .send()
            .await
            .unwrap();
        http.post(&endpoint)
            .form(&[
                ("operation", "login"),
                ("username", "restricted"),
                ("accessKey", "wrong"),
            ])
            .send()
            .await
            .unwrap();
    }
    let out = home
        .cmd()
        .arg("status")
        .env("VTELINK_URL", server.url())
        .env("VTELINK_USER", "admin")
        .env(
            "VTELINK_ACCESS_KEY",
            &server.user("admin").unwrap().access_key,
        )
        .output()
        .unwrap();
    assert_one_line_error(&out, 3, "banned");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_json_is_one_document_on_failure() {
    let server = sim(small_config()).await;
    let home = logged_in_home(&server, "jsonfail", "admin");
    server
        .admin(&json!({"action": "revoke_key", "user": "admin"}))
        .unwrap();
    server.admin(&json!({"action": "expire_sessions"})).unwrap();
    let out = home.cmd().args(["--json", "status"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let doc: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("exactly one JSON document");
    assert_eq!(doc["error"]["kind"], "auth");
    assert!(
        doc["error"]["message"]
            .as_str()
            .unwrap()
            .contains("vtelink login")
    );
}
