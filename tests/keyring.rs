//! The real OS keyring (Secret Service). `scripts/test` runs these inside a
//! throwaway D-Bus session with an unlocked gnome-keyring; a plain
//! `cargo test` without a session bus skips them with a message.

#[path = "common/auth_helpers.rs"]
mod helpers;

use helpers::{
    Home, assert_exit, assert_renewal_is_saved, assert_success, keyring_available, keyring_lookup,
    password_of, sim, small_config, stderr_of, stdout_of,
};

/// `login --password-stdin` as admin, secrets to the keyring (the default).
fn keyring_login_args(server: &vtesim::Server) -> [&str; 6] {
    [
        "login",
        "--password-stdin",
        "--url",
        server.url(),
        "--user",
        "admin",
    ]
}

fn login_keyring(home: &Home, server: &vtesim::Server) -> std::process::Output {
    home.cmd()
        .args(keyring_login_args(server))
        .write_stdin(format!("{}\n", password_of(server, "admin")))
        .output()
        .unwrap()
}

/// `logout`, which must succeed (and leaves no keyring entry behind: on a
/// desktop this is the user's real keyring).
#[track_caller]
fn logout(home: &Home) {
    assert_success(&home.cmd().arg("logout").output().unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_survives_a_new_process_and_logout_removes_the_entry() {
    if !keyring_available("login_survives_a_new_process_and_logout_removes_the_entry") {
        return;
    }
    let server = sim(small_config()).await;
    let home = Home::new("kr");
    let user = server.user("admin").unwrap().clone();
    let out = login_keyring(&home, &server);
    assert_success(&out);
    assert!(
        !stderr_of(&out).contains("unencrypted"),
        "keyring is the default"
    );

    // The entry is in the Secret Service, where other tools see it.
    if let Some(found) = keyring_lookup(&home.profile) {
        let entry = found.expect("secret-tool finds the entry");
        assert!(
            entry.contains(&user.access_key),
            "entry holds the access key"
        );
    }
    // Nothing secret in the config file.
    let config = std::fs::read_to_string(home.config_file()).unwrap();
    assert!(
        !config.contains(&user.access_key) && !config.contains(&user.password),
        "{config}"
    );

    // A new process finds and uses it.
    let out = home.cmd().args(["status", "--json"]).output().unwrap();
    assert_success(&out);
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["secrets_store"], "keyring");
    assert_eq!(status["session"], "valid");
    assert!(!stdout_of(&out).contains(&user.access_key));

    logout(&home);
    if let Some(found) = keyring_lookup(&home.profile) {
        assert!(found.is_none(), "logout removed the keyring entry");
    }
    let out = home.cmd().args(["status", "--offline"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_reach_the_process_list() {
    if !keyring_available("secrets_never_reach_the_process_list") {
        return;
    }
    let server = sim(small_config()).await;
    let home = Home::new("argv");
    let user = server.user("admin").unwrap().clone();
    // The password goes through stdin; while the process waits on it, its
    // argv (what `ps` shows) holds no secret.
    let mut child = home
        .std_cmd()
        .args(keyring_login_args(&server))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", child.id())).unwrap_or_default();
    let cmdline = String::from_utf8_lossy(&cmdline).into_owned();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{}", user.password).unwrap();
    }
    assert_success(&child.wait_with_output().unwrap());
    assert!(
        !cmdline.contains(&user.password) && !cmdline.contains(&user.access_key),
        "{cmdline}"
    );
    logout(&home);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relogin_with_insecure_storage_moves_the_secrets() {
    if !keyring_available("relogin_with_insecure_storage_moves_the_secrets") {
        return;
    }
    let server = sim(small_config()).await;
    let home = Home::new("move");
    assert_success(&login_keyring(&home, &server));
    let password = password_of(&server, "admin");
    let out = home
        .cmd()
        .args([
            "login",
            "--insecure-storage",
            "--password-stdin",
            "--user",
            "admin",
        ])
        .write_stdin(format!("{password}\n"))
        .output()
        .unwrap();
    assert_success(&out);
    if let Some(found) = keyring_lookup(&home.profile) {
        assert!(found.is_none(), "the keyring copy was deleted");
    }
    logout(&home);
}

/// A headless server without a Secret Service: the error says what to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_service_says_what_to_do() {
    let server = sim(small_config()).await;
    let home = Home::new("nobus");
    let out = home
        .cmd()
        .args(keyring_login_args(&server))
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/vtelink-test-bus",
        )
        .env("XDG_RUNTIME_DIR", home.config_dir())
        .write_stdin(format!("{}\n", password_of(&server, "admin")))
        .output()
        .unwrap();
    assert_exit(&out, 11, &["--insecure-storage", "keyring"]);
    assert!(!home.config_file().exists(), "no half-saved profile");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renewed_session_is_saved_in_the_keyring() {
    if !keyring_available("renewed_session_is_saved_in_the_keyring") {
        return;
    }
    let server = sim(small_config()).await;
    let home = Home::new("krrenew");
    assert_success(&login_keyring(&home, &server));
    assert_renewal_is_saved(&home, &server);
    logout(&home);
}
