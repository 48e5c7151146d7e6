//! Helpers for the login / keyring / SSO tests: an in-process vtesim, the
//! built binary with an isolated config dir, the test OpenID provider.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use assert_cmd::Command;

/// Start a simulated CRM on a free loopback port.
pub async fn sim(config: vtesim::Config) -> vtesim::Server {
    vtesim::Server::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("vtesim starts")
}

pub fn small_config() -> vtesim::Config {
    vtesim::Config {
        accounts: 3,
        contacts: 3,
        leads: 1,
        potentials: 1,
        tickets: 1,
        messages: 1,
        documents: 1,
        ..vtesim::Config::default()
    }
}

/// One isolated vtelink "home": its own config dir and a profile name that
/// no other test uses (the keyring is shared by all tests of a run).
pub struct Home {
    pub dir: tempfile::TempDir,
    pub profile: String,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl Home {
    pub fn new(tag: &str) -> Home {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        Home {
            dir: tempfile::tempdir().unwrap(),
            profile: format!("t-{tag}-{}-{n}", std::process::id()),
        }
    }

    pub fn config_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn config_file(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    /// The binary, never prompting, with this home's config and profile and
    /// none of the caller's VTELINK_* settings.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// Same, as a std Command (for spawning and reading output live).
    pub fn std_cmd(&self) -> StdCommand {
        let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("vtelink"));
        self.prepare(&mut cmd);
        cmd
    }

    fn prepare(&self, cmd: &mut StdCommand) {
        for var in [
            "VTELINK_URL",
            "VTELINK_USER",
            "VTELINK_ACCESS_KEY",
            "VTELINK_PROFILE",
            "VTELINK_NO_INPUT",
            "VTELINK_LOG",
            "VTELINK_ALLOW_UNSUPPORTED_VERSION",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("VTELINK_CONFIG_DIR", self.dir.path())
            .env("VTELINK_PROFILE", &self.profile)
            .env("NO_COLOR", "1")
            .arg("--no-input");
    }
}

/// Tests that need the real Secret Service skip without a session bus
/// (`scripts/test` always provides one).
pub fn keyring_available(test: &str) -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty()) {
        true
    } else {
        eprintln!(
            "SKIPPED {test}: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS unset); run scripts/test for the keyring tests"
        );
        false
    }
}

/// `secret-tool lookup service vtelink username PROFILE`, if secret-tool exists.
pub fn keyring_lookup(profile: &str) -> Option<Option<String>> {
    let out = StdCommand::new("secret-tool")
        .args(["lookup", "service", "vtelink", "username", profile])
        .output()
        .ok()?;
    Some(
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned()),
    )
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A seeded vtesim user's password.
pub fn password_of(server: &vtesim::Server, user: &str) -> String {
    server.user(user).expect("seeded user").password.clone()
}

/// `login --insecure-storage --password-stdin --url URL --user USER`, ready
/// for more arguments and its stdin.
pub fn insecure_login_cmd(home: &Home, url: &str, user: &str) -> Command {
    let mut cmd = home.cmd();
    cmd.args([
        "login",
        "--insecure-storage",
        "--password-stdin",
        "--url",
        url,
        "--user",
        user,
    ]);
    cmd
}

/// `login --insecure-storage` to `url` as `user`, with `stdin` (the password,
/// then the security code if any).
pub fn login_insecure(
    home: &Home,
    url: &str,
    user: &str,
    stdin: impl Into<Vec<u8>>,
) -> std::process::Output {
    insecure_login_cmd(home, url, user)
        .write_stdin(stdin)
        .output()
        .unwrap()
}

/// A fresh Home (tagged `tag`) in which the seeded `user` logged in to
/// `server` with `--insecure-storage`; the login succeeded.
pub fn logged_in_home(server: &vtesim::Server, tag: &str, user: &str) -> Home {
    let home = Home::new(tag);
    let out = login_insecure(
        &home,
        server.url(),
        user,
        format!("{}\n", password_of(server, user)),
    );
    assert_success(&out);
    home
}

/// The process succeeded (else: its stderr).
#[track_caller]
pub fn assert_success(output: &std::process::Output) {
    assert!(output.status.success(), "{}", stderr_of(output));
}

/// The process ended with exit code `code` and its stderr contains every
/// one of `needles`.
#[track_caller]
pub fn assert_exit(output: &std::process::Output, code: i32, needles: &[&str]) {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "{needle:?} not in {stderr}");
    }
}

/// The `vtelink: error:` lines of the process's stderr.
pub fn error_lines(output: &std::process::Output) -> Vec<String> {
    stderr_of(output)
        .lines()
        .filter(|l| l.starts_with("vtelink: error:"))
        .map(str::to_owned)
        .collect()
}

/// Exit code `code` and exactly one error line, which contains `needle`
/// (ignoring case).
#[track_caller]
pub fn assert_one_line_error(output: &std::process::Output, code: i32, needle: &str) {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    let lines = error_lines(output);
    assert_eq!(lines.len(), 1, "one error line expected: {stderr}");
    assert!(
        lines[0].to_lowercase().contains(&needle.to_lowercase()),
        "{needle:?} not in {stderr}"
    );
}

/// `status --json` in `home`, which must succeed: the document.
#[track_caller]
pub fn status_json(home: &Home) -> serde_json::Value {
    let out = home.cmd().args(["status", "--json"]).output().unwrap();
    assert_success(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `-vv --json status` in `home`, which must succeed (its output and log are
/// searched for leaked secrets).
#[track_caller]
pub fn verbose_json_status(home: &Home) -> std::process::Output {
    let out = home
        .cmd()
        .args(["-vv", "--json", "status"])
        .output()
        .unwrap();
    assert_success(&out);
    out
}

/// Once the CRM has forgotten every session, `status` renews the session and
/// saves it: the next process finds it valid.
#[track_caller]
pub fn assert_renewal_is_saved(home: &Home, server: &vtesim::Server) {
    server
        .admin(&serde_json::json!({"action": "expire_sessions"}))
        .unwrap();
    assert_eq!(status_json(home)["session"], "renewed");
    let out = home.cmd().args(["status", "--json"]).output().unwrap();
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        status["session"],
        "valid",
        "the renewed session was saved: {}",
        stderr_of(&out)
    );
}

/// What `--insecure-storage` keeps for `home`'s profile.
pub fn insecure_secrets_file(home: &Home) -> PathBuf {
    home.config_dir()
        .join("insecure-secrets")
        .join(format!("{}.json", home.profile))
}

/// The JSON document in `home`'s insecure secrets file.
pub fn stored_secrets(home: &Home) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(insecure_secrets_file(home)).unwrap()).unwrap()
}

/// The test OpenID provider (tests/idp/idp.mjs) as a child process.
pub struct Idp {
    child: Child,
    pub issuer: String,
    // Kept open so the provider never writes into a closed pipe.
    _stdout: std::io::Lines<BufReader<std::process::ChildStdout>>,
}

impl Idp {
    /// `None` (with a message) when node or the provider package is missing.
    pub fn start(test: &str, knobs: &[(&str, &str)]) -> Option<Idp> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/idp");
        if !dir.join("node_modules/oidc-provider").is_dir() {
            eprintln!(
                "SKIPPED {test}: tests/idp/node_modules is missing (run `npm ci` in tests/idp, or scripts/test)"
            );
            return None;
        }
        let mut cmd = StdCommand::new("node");
        cmd.current_dir(&dir)
            .arg("idp.mjs")
            .arg("0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (name, value) in knobs {
            cmd.env(name, value);
        }
        let mut child = match cmd.spawn() {
            Ok(child) => child,
            Err(e) => {
                eprintln!("SKIPPED {test}: cannot run node ({e}); install nodejs");
                return None;
            }
        };
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let issuer = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(issuer) = line.strip_prefix("READY ") {
                        break issuer.trim().to_owned();
                    }
                }
                _ => {
                    let _ = child.kill();
                    panic!("the test IdP did not start");
                }
            }
        };
        Some(Idp {
            child,
            issuer,
            _stdout: lines,
        })
    }

    /// Approve (or deny) a user code as `account`, like the user in a browser.
    pub async fn approve(&self, user_code: &str, account: &str, deny: bool) {
        let mut form = vec![("user_code", user_code), ("account", account)];
        if deny {
            form.push(("deny", "1"));
        }
        let response = reqwest::Client::new()
            .post(format!("{}/__test/approve", self.issuer))
            .form(&form)
            .send()
            .await
            .expect("IdP answers");
        assert!(
            response.status().is_success(),
            "approve failed: {:?}",
            response.text().await
        );
    }

    pub async fn token_requests(&self) -> u64 {
        self.counters().await["token_requests"].as_u64().unwrap()
    }

    /// How many refresh-token grants the provider answered.
    pub async fn refreshes(&self) -> u64 {
        self.counters().await["refreshes"].as_u64().unwrap()
    }

    async fn counters(&self) -> serde_json::Value {
        reqwest::get(format!("{}/__test/polls", self.issuer))
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Where the test Dovecot checks tokens, with the `dovecot` client's credentials.
    pub fn introspection_url(&self) -> String {
        let rest = self.issuer.trim_start_matches("http://");
        format!("http://dovecot:dovecot-secret@{rest}/token/introspection")
    }

    /// Destroy every access token issued so far (`all`: refresh tokens too).
    pub async fn revoke(&self, all: bool) {
        let response = reqwest::Client::new()
            .post(format!("{}/__test/revoke", self.issuer))
            .form(&[("what", if all { "all" } else { "access" })])
            .send()
            .await
            .expect("IdP answers");
        assert!(response.status().is_success());
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
