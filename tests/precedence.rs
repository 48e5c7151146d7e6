//! Configuration precedence, through the built binary: flags > environment >
//! profile file > defaults (`docs/auth.md`). The stored profile is logged in
//! as `admin`; the environment credentials are `restricted`'s, so the user a
//! command runs as shows whose credentials won.

#[path = "common/auth_helpers.rs"]
mod helpers;

use helpers::{Home, logged_in_home, sim, small_config, stderr_of};
use serde_json::Value;

/// `restricted`'s credentials in the environment, for `url`.
fn with_env_credentials(cmd: &mut assert_cmd::Command, server: &vtesim::Server, url: &str) {
    let restricted = server.user("restricted").unwrap();
    cmd.env("VTELINK_URL", url)
        .env("VTELINK_USER", &restricted.name)
        .env("VTELINK_ACCESS_KEY", &restricted.access_key);
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

fn module_names(doc: &Value) -> Vec<String> {
    doc["modules"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|m| m["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Nothing listens here: a URL that must not be used.
const NOWHERE: &str = "http://127.0.0.1:9/";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn environment_credentials_beat_the_profile_file() {
    let server = sim(small_config()).await;
    let home = logged_in_home(&server, "prec-env", "admin");
    // VTELINK_PROFILE names the stored profile (Home sets it), but the
    // environment's complete credentials win over what the file points to.
    let mut cmd = home.cmd();
    with_env_credentials(&mut cmd, &server, server.url());
    let out = cmd.args(["--json", "status"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let status = json(&out);
    assert_eq!(status["user"], "restricted");
    assert_eq!(status["secrets_store"], "environment");

    let mut cmd = home.cmd();
    with_env_credentials(&mut cmd, &server, server.url());
    let out = cmd.args(["--json", "modules"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(!module_names(&json(&out)).contains(&"Leads".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_flag_beats_environment_credentials() {
    let server = sim(small_config()).await;
    let home = logged_in_home(&server, "prec-flag", "admin");
    // VTELINK_URL belongs to the environment credentials the flag overrides:
    // pointing it nowhere must not matter.
    for url in [server.url(), NOWHERE] {
        let mut cmd = home.cmd();
        with_env_credentials(&mut cmd, &server, url);
        let out = cmd
            .args(["--json", "--profile", &home.profile, "status"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{url}: {}", stderr_of(&out));
        let status = json(&out);
        assert_eq!(status["user"], "admin", "{url}");
        assert_eq!(status["profile"], home.profile.as_str());
        assert_ne!(status["secrets_store"], "environment");

        let mut cmd = home.cmd();
        with_env_credentials(&mut cmd, &server, url);
        // The flag also works after the subcommand.
        let out = cmd
            .args(["--json", "modules", "--profile", &home.profile])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{url}: {}", stderr_of(&out));
        assert!(module_names(&json(&out)).contains(&"Leads".to_owned()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_url_flag_beats_vtelink_url() {
    let server = sim(small_config()).await;
    let home = Home::new("prec-url");
    let mut cmd = home.cmd();
    with_env_credentials(&mut cmd, &server, NOWHERE);
    let out = cmd
        .args(["--json", "--url", server.url(), "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(json(&out)["user"], "restricted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_url_is_checked_against_the_profile_not_used_instead_of_it() {
    let server = sim(small_config()).await;
    let home = logged_in_home(&server, "prec-wrong", "admin");
    let out = home
        .cmd()
        .args(["--json", "--url", "http://127.0.0.1:9", "modules"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("is logged in to"),
        "{}",
        stderr_of(&out)
    );
    // The same URL as the environment's VTELINK_URL: the same check.
    let out = home
        .cmd()
        .env("VTELINK_URL", "http://127.0.0.1:9")
        .args(["--json", "modules"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_environment_profile_beats_the_default() {
    let server = sim(small_config()).await;
    let home = logged_in_home(&server, "prec-default", "admin");
    // Home sets VTELINK_PROFILE to its profile: that is the one used.
    let out = home.cmd().args(["--json", "status"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(json(&out)["profile"], home.profile.as_str());
    // Without it, the default profile `default`, which is not logged in here.
    let out = home
        .cmd()
        .env_remove("VTELINK_PROFILE")
        .args(["--json", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(json(&out)["error"]["kind"], "auth");
    assert!(
        stderr_of(&out).contains("`vtelink login`"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_verbose_flag_beats_vtelink_log() {
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("vtelink")
            .unwrap()
            .env("VTELINK_LOG", "off")
            .env_remove("VTELINK_ACCESS_KEY")
            .args(args)
            .arg("demo")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        stderr_of(&out)
    };
    assert!(
        !run(&[]).contains("INFO"),
        "VTELINK_LOG=off beats the default"
    );
    assert!(run(&["-v"]).contains("INFO"), "-v beats VTELINK_LOG");
}
