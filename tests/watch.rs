//! `vtelink watch --maildir` through the built binary against an in-process
//! vtesim: a message delivered into new/ is linked within seconds; moved to
//! cur/ with flags it is not linked twice; mail that arrived while watch was
//! down is caught up at start; SIGTERM stops it with exit 0; a CRM that goes
//! away and comes back loses nothing.

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "common/crm.rs"]
mod crm;
use crm::{Crm, write_email};
#[path = "common/schema.rs"]
mod schema;
use schema::assert_valid;

struct Watch {
    child: Child,
    lines: mpsc::Receiver<Value>,
    seen: Vec<Value>,
}

impl Watch {
    fn start(crm: &Crm, state: &Path, maildir: &Path, extra: &[&str]) -> Watch {
        let mut child = crm
            .command("admin", state)
            .args(["--json", "watch", "--maildir"])
            .arg(maildir)
            .args([
                "--to",
                "4x143",
                "--debounce-ms",
                "100",
                "--retry-base-ms",
                "100",
            ])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let value: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
                if tx.send(value).is_err() {
                    break;
                }
            }
        });
        Watch {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// The next line whose `event` is `event`, within `limit`.
    fn expect(&mut self, event: &str, limit: Duration) -> Value {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line["event"] == event {
                        return line;
                    }
                }
                Err(_) => panic!("no {event} event within {limit:?}; seen: {:#?}", self.seen),
            }
        }
    }

    /// Lines that arrive within `wait` (none expected).
    fn quiet_for(&mut self, wait: Duration) -> Vec<Value> {
        let deadline = Instant::now() + wait;
        let mut got = Vec::new();
        while let Ok(line) = self
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            got.push(line);
        }
        got
    }

    /// SIGTERM, then the exit code.
    fn terminate(&mut self) -> i32 {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "watch did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every line watch printed matches watch.schema.json; entries and the
/// catch-up counts are shaped as replay's (replay.schema.json).
#[track_caller]
fn assert_lines_valid(lines: &[Value]) {
    for line in lines {
        assert_valid("watch", line);
        if let Some(entry) = line.get("entry") {
            assert_valid(
                "replay",
                &serde_json::json!({"schema_version": 1, "event": "entry", "entry": entry}),
            );
        }
        if let Some(summary) = line.get("caught_up") {
            assert_valid(
                "replay",
                &serde_json::json!({"schema_version": 1, "event": "summary", "summary": summary}),
            );
        }
    }
}

/// Deliver as a mail server does: write into tmp/, then rename into new/.
fn deliver(maildir: &Path, name: &str, message_id: &str) -> PathBuf {
    let scratch = tempfile::tempdir().unwrap();
    let eml = write_email(
        scratch.path(),
        "m.eml",
        message_id,
        &[("a.txt", vec![b'x'; 300])],
    );
    let tmp = maildir.join("tmp").join(name);
    std::fs::copy(eml, &tmp).unwrap();
    let new = maildir.join("new").join(name);
    std::fs::rename(&tmp, &new).unwrap();
    new
}

#[tokio::test(flavor = "multi_thread")]
async fn new_mail_is_linked_once_caught_up_at_start_and_sigterm_exits_0() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let maildir = crm::maildir::<&[u8]>(dir.path(), &[]);
    // Arrived before watch started: caught up.
    deliver(&maildir, "1000.a.host", "<watch-before@example.test>");

    let mut watch = tokio::task::block_in_place(|| Watch::start(&crm, &state, &maildir, &[]));
    let ready = tokio::task::block_in_place(|| watch.expect("ready", Duration::from_secs(30)));
    assert_eq!(ready["caught_up"]["linked"], 1, "{ready:#}");
    assert_eq!(crm.count_messages("<watch-before@example.test>").await, 1);

    // Delivered while it runs: linked within 5 s.
    let started = Instant::now();
    let new = deliver(&maildir, "2000.b.host", "<watch-new@example.test>");
    let entry = tokio::task::block_in_place(|| watch.expect("entry", Duration::from_secs(5)));
    assert_eq!(entry["entry"]["outcome"], "linked", "{entry:#}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(crm.count_messages("<watch-new@example.test>").await, 1);

    // Read in a mail client: moved to cur/ with flags. Not linked again.
    std::fs::rename(&new, maildir.join("cur/2000.b.host:2,S")).unwrap();
    let after = tokio::task::block_in_place(|| watch.quiet_for(Duration::from_millis(1500)));
    assert!(after.is_empty(), "nothing to link: {after:#?}");
    assert_eq!(crm.count_messages("<watch-new@example.test>").await, 1);

    // SIGTERM: a clean stop, exit 0, the last line says so.
    let code = tokio::task::block_in_place(|| watch.terminate());
    assert_eq!(code, 0);
    let rest: Vec<Value> = watch.lines.try_iter().collect();
    assert_eq!(
        rest.last().map(|l| l["event"].clone()),
        Some("stopped".into()),
        "{rest:#?}"
    );
    assert_lines_valid(&watch.seen);
    assert_lines_valid(&rest);

    // Down: new mail waits; at the next start it is caught up, the rest is not redone.
    deliver(&maildir, "3000.c.host", "<watch-while-down@example.test>");
    let mut again = tokio::task::block_in_place(|| Watch::start(&crm, &state, &maildir, &[]));
    let ready = tokio::task::block_in_place(|| again.expect("ready", Duration::from_secs(30)));
    let caught_up = &ready["caught_up"];
    assert_eq!(
        (
            caught_up["linked"].as_u64(),
            caught_up["done_before"].as_u64()
        ),
        (Some(1), Some(2)),
        "{ready:#}"
    );
    assert_eq!(tokio::task::block_in_place(|| again.terminate()), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crm_that_goes_away_and_comes_back_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = vtesim::Config {
        db: Some(dir.path().join("crm.sqlite")),
        ..vtesim::Config::default()
    };
    let crm = Crm::start(config.clone()).await;
    let url = crm.url();
    let state = dir.path().join("state");
    let maildir = crm::maildir::<&[u8]>(dir.path(), &[]);
    let mut watch = tokio::task::block_in_place(|| {
        Watch::start(
            &crm,
            &state,
            &maildir,
            &["--attempts", "2", "--max-backoff-s", "1"],
        )
    });
    tokio::task::block_in_place(|| watch.expect("ready", Duration::from_secs(30)));

    // The CRM goes away; mail keeps arriving.
    crm.server.shutdown().await;
    deliver(&maildir, "4000.d.host", "<watch-outage@example.test>");
    let outage = tokio::task::block_in_place(|| watch.expect("outage", Duration::from_secs(30)));
    assert!(outage["retry_in_ms"].as_u64().unwrap() >= 100, "{outage:#}");

    // Back at the same address, on the same database: linked, nothing lost.
    let crm = Crm::start_at(config, &url).await;
    tokio::task::block_in_place(|| watch.expect("reconnected", Duration::from_secs(30)));
    assert_eq!(crm.count_messages("<watch-outage@example.test>").await, 1);
    let linked = watch
        .seen
        .iter()
        .filter(|l| l["event"] == "entry" && l["entry"]["outcome"] == "linked")
        .count();
    assert_eq!(linked, 1, "{:#?}", watch.seen);
    assert_lines_valid(&watch.seen);
    assert_eq!(tokio::task::block_in_place(|| watch.terminate()), 0);
}
