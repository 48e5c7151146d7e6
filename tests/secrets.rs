//! A password in a CRM URL (`http://admin:SECRET@host`) is refused with one
//! line saying how to log in instead, and never written, printed or logged:
//! `login`, `VTELINK_URL` with environment credentials, `status` (text,
//! JSON, offline) and `-vv` logs, and a profile an older vtelink saved with
//! one (shown redacted, dropped by `logout`).

#[path = "common/auth_helpers.rs"]
mod helpers;

use helpers::{
    Home, assert_one_line_error, assert_success, logged_in_home, password_of, sim, small_config,
    stderr_of, stdout_of,
};

const SECRET: &str = "Sup3r-SECRET-pw";

/// `http://admin:SECRET@127.0.0.1:PORT` for the simulator at `url`.
fn with_credentials(url: &str) -> String {
    url.replacen("://", &format!("://admin:{SECRET}@"), 1)
}

#[track_caller]
fn assert_no_secret(out: &std::process::Output) {
    let all = format!("{}{}", stdout_of(out), stderr_of(out));
    assert!(!all.contains(SECRET), "the password leaked: {all}");
}

fn config_text(home: &Home) -> String {
    std::fs::read_to_string(home.config_file()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_refuses_a_url_with_a_password_and_saves_nothing() {
    let server = sim(small_config()).await;
    let home = Home::new("urlpw");
    let url = with_credentials(server.url());
    let password = password_of(&server, "admin");
    for extra in [&[][..], &["-vv"][..], &["--json"][..]] {
        let out = home
            .cmd()
            .args(extra)
            .args([
                "login",
                "--insecure-storage",
                "--password-stdin",
                "--url",
                &url,
                "--user",
                "admin",
            ])
            .write_stdin(format!("{password}\n"))
            .output()
            .unwrap();
        assert_no_secret(&out);
        if extra == ["--json"] {
            assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(doc["error"]["kind"], "usage");
        } else {
            assert_one_line_error(&out, 2, "must not hold a user name or password");
            // The line says how to log in instead, with the URL minus its userinfo.
            assert!(
                stderr_of(&out).contains(&format!("vtelink login --url {}", server.url())),
                "{}",
                stderr_of(&out)
            );
        }
        assert!(!config_text(&home).contains(SECRET));
        assert!(!home.config_file().exists(), "nothing saved");
    }
    // The user name alone is refused as well (it belongs in --user).
    let bare_user = server.url().replacen("://", "://admin@", 1);
    let out = home
        .cmd()
        .args(["login", "--insecure-storage", "--password-stdin"])
        .args(["--url", &bare_user, "--user", "admin"])
        .write_stdin(format!("{password}\n"))
        .output()
        .unwrap();
    assert_one_line_error(&out, 2, "must not hold a user name or password");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vtelink_url_with_a_password_is_refused_and_redacted() {
    let server = sim(small_config()).await;
    let home = Home::new("envpw");
    let admin = server.user("admin").unwrap().clone();
    let url = with_credentials(server.url());
    let run = |args: &[&str]| {
        home.cmd()
            .env("VTELINK_URL", &url)
            .env("VTELINK_USER", &admin.name)
            .env("VTELINK_ACCESS_KEY", &admin.access_key)
            .args(args)
            .output()
            .unwrap()
    };
    for args in [
        &["status"][..],
        &["status", "--json"][..],
        &["-vv", "status"][..],
        &["-vv", "modules"][..],
        &["--json", "modules"][..],
    ] {
        let out = run(args);
        assert_no_secret(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
    }
    // Offline, status shows where it would connect, without the password.
    for args in [
        &["status", "--offline"][..],
        &["status", "--offline", "--json"],
    ] {
        let out = run(args);
        assert_success(&out);
        assert_no_secret(&out);
        assert!(stdout_of(&out).contains("http://***@127.0.0.1"), "{args:?}");
    }
    // --url on the command line (with env credentials) too.
    let out = home
        .cmd()
        .env("VTELINK_USER", &admin.name)
        .env("VTELINK_ACCESS_KEY", &admin.access_key)
        .args(["-vv", "--url", &url, "modules"])
        .output()
        .unwrap();
    assert_one_line_error(&out, 2, "must not hold a user name or password");
    assert_no_secret(&out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_saved_with_a_password_is_redacted_and_logout_drops_it() {
    let server = sim(small_config()).await;
    let home = logged_in_home(&server, "oldpw", "admin");
    // What an older vtelink wrote for `login --url http://admin:SECRET@host`.
    let config = config_text(&home).replace(server.url(), &with_credentials(server.url()));
    assert!(config.contains(SECRET));
    std::fs::write(home.config_file(), config).unwrap();

    for args in [
        &["status", "--offline"][..],
        &["status", "--offline", "--json"][..],
        &["-vv", "status"][..],
        &["--json", "status"][..],
        &["-vv", "modules"][..],
    ] {
        let out = home.cmd().args(args).output().unwrap();
        assert_no_secret(&out);
    }
    let out = home.cmd().args(["-vv", "logout"]).output().unwrap();
    assert_success(&out);
    assert_no_secret(&out);
    assert!(
        !config_text(&home).contains(SECRET),
        "logout drops the password from config.toml"
    );
    // A new login without --url uses the profile's URL, minus the password.
    let out = home
        .cmd()
        .args(["login", "--insecure-storage", "--password-stdin"])
        .args(["--user", "admin"])
        .write_stdin(format!("{}\n", password_of(&server, "admin")))
        .output()
        .unwrap();
    assert_success(&out);
    assert_no_secret(&out);
    assert!(config_text(&home).contains(server.url()));
}
