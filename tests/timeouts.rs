//! A CRM that hangs (vtesim stopped with SIGSTOP: the kernel still accepts
//! connections, nothing answers) is answered within the time limits, with
//! the "CRM unreachable" exit code (7) and one clear line: the whole-command
//! limit (`--timeout`), and the per-call limit with its retries
//! (`VTELINK_CALL_TIMEOUT`) when the whole command has none.
//!
//! vtesim runs in a child process (this test binary again, running the
//! ignored `serve_vtesim` below), so that it can be stopped on its own.

#![cfg(unix)]

#[path = "common/crm.rs"]
mod crm;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SERVE: &str = "VTELINK_TEST_SERVE_VTESIM";

/// Not a test: the child process the tests below stop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "started by the other tests as a child process"]
async fn serve_vtesim() {
    if std::env::var_os(SERVE).is_none() {
        return;
    }
    let server = vtesim::Server::start(vtesim::Config::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let admin = server.user("admin").unwrap();
    println!(
        "VTESIM {} {} {}",
        server.url(),
        admin.name,
        admin.access_key
    );
    std::future::pending::<()>().await;
}

/// A vtesim in a child process that SIGSTOPs itself on request, and is
/// killed when dropped.
struct StoppedCrm {
    child: Child,
    url: String,
    user: String,
    key: String,
}

impl StoppedCrm {
    fn start() -> StoppedCrm {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "serve_vtesim", "--ignored", "--nocapture"])
            .env(SERVE, "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let ready = loop {
            match lines.next() {
                Some(Ok(line)) if line.starts_with("VTESIM ") => break line,
                Some(Ok(_)) => continue,
                _ => {
                    let _ = child.kill();
                    panic!("vtesim did not start in the child process");
                }
            }
        };
        // Keep reading (and dropping) its output so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let parts: Vec<&str> = ready.split_whitespace().collect();
        StoppedCrm {
            url: parts[1].to_owned(),
            user: parts[2].to_owned(),
            key: parts[3].to_owned(),
            child,
        }
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// vtelink with environment credentials for this CRM; (exit code, stderr, time taken).
    fn vtelink(&self, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, Duration) {
        let config = tempfile::tempdir().unwrap();
        let mut cmd = assert_cmd::Command::cargo_bin("vtelink").unwrap();
        cmd.env("VTELINK_URL", &self.url)
            .env("VTELINK_USER", &self.user)
            .env("VTELINK_ACCESS_KEY", &self.key)
            .env("VTELINK_CONFIG_DIR", config.path())
            .env("NO_COLOR", "1")
            .env_remove("VTELINK_PROFILE")
            .env_remove("VTELINK_TIMEOUT")
            .env_remove("VTELINK_CALL_TIMEOUT")
            .args(args);
        for (name, value) in env {
            cmd.env(name, value);
        }
        let started = Instant::now();
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            started.elapsed(),
        )
    }
}

impl Drop for StoppedCrm {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("vtelink: error:"))
        .collect()
}

#[test]
fn a_hung_crm_is_answered_within_the_limits() {
    let crm = StoppedCrm::start();
    let dir = tempfile::tempdir().unwrap();
    let mail = crm::write_email(dir.path(), "a.eml", "<hung@example.test>", &[]);
    let mail = mail.to_str().unwrap();

    // Alive, the link works.
    let (code, stderr, _) = crm.vtelink(&["link", mail, "--to", "4x143"], &[]);
    assert_eq!(code, Some(0), "{stderr}");

    crm.signal("-STOP");
    // The whole-command limit.
    let (code, stderr, took) = crm.vtelink(&["--timeout", "3", "link", mail, "--to", "4x143"], &[]);
    assert_eq!(code, Some(7), "{stderr}");
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert_eq!(error_lines(&stderr).len(), 1, "{stderr}");
    assert!(
        error_lines(&stderr)[0].contains("gave up after 3 s"),
        "{stderr}"
    );
    // The same from the environment.
    let (code, stderr, took) = crm.vtelink(
        &["link", mail, "--to", "4x143"],
        &[("VTELINK_TIMEOUT", "2s")],
    );
    assert_eq!(code, Some(7), "{stderr}");
    assert!(took < Duration::from_secs(7), "took {took:?}");
    assert!(stderr.contains("gave up after 2 s"), "{stderr}");

    // No whole-command limit: the per-call limit and its retries end it.
    let (code, stderr, took) = crm.vtelink(
        &["--timeout", "0", "link", mail, "--to", "4x143"],
        &[("VTELINK_CALL_TIMEOUT", "500ms")],
    );
    assert_eq!(code, Some(7), "{stderr}");
    assert!(took < Duration::from_secs(15), "took {took:?}");
    assert_eq!(error_lines(&stderr).len(), 1, "{stderr}");
    assert!(
        error_lines(&stderr)[0].contains("within 500 ms (the per-call limit, --call-timeout)"),
        "{stderr}"
    );

    // A bad value is a usage error.
    let (code, stderr, _) = crm.vtelink(&["--timeout", "soon", "modules"], &[]);
    assert_eq!(code, Some(2), "{stderr}");

    crm.signal("-CONT");
    let (code, stderr, _) = crm.vtelink(&["--timeout", "30", "link", mail, "--to", "4x143"], &[]);
    assert_eq!(code, Some(0), "{stderr}");
}
