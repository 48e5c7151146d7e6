//! A replay journal belongs to one CRM and one user, and one manifest has one
//! journal however its path is spelled: through the built binary against
//! in-process vtesims.

use std::path::Path;

use serde_json::Value;

#[path = "common/crm.rs"]
mod crm;
use crm::{Crm, write_email};

/// vtelink as `user` of `crm` (environment credentials), with its own state directory.
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

async fn run(mut cmd: std::process::Command) -> Out {
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The summary line of `replay --json`.
fn summary(out: &Out) -> Value {
    out.stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["event"] == "summary")
        .map(|v| v["summary"].clone())
        .unwrap_or_else(|| panic!("no summary: {}\n{}", out.stdout, out.stderr))
}

/// `count` emails in `dir` and a CSV manifest `links.csv` linking each to `target`.
fn manifest(dir: &Path, count: usize, target: &str) -> Vec<String> {
    let mut csv = String::from("file,to\n");
    let mut ids = Vec::new();
    for n in 0..count {
        let messageid = format!("<journal-{n}@vtelink.test>");
        write_email(dir, &format!("m{n}.eml"), &messageid, &[]);
        csv.push_str(&format!("m{n}.eml,{target}\n"));
        ids.push(messageid);
    }
    std::fs::write(dir.join("links.csv"), csv).unwrap();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_manifest_against_two_crms_links_every_email_in_each() {
    let config = || vtesim::Config {
        latency_ms: 50,
        ..vtesim::Config::default()
    };
    let (test, prod) = (Crm::start(config()).await, Crm::start(config()).await);
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let ids = manifest(dir.path(), 5, "4x143");
    let links = dir.path().join("links.csv");
    let links = links.to_str().unwrap();

    for crm in [&test, &prod] {
        let mut cmd = crm.command("admin", state.path());
        cmd.args(["--json", "replay", links]);
        let out = run(cmd).await;
        assert_eq!(out.code, 0, "{}", out.stderr);
        let summary = summary(&out);
        assert_eq!(summary["linked"], 5, "{summary:#}");
        assert_eq!(summary["done_before"], 0, "{summary:#}");
        for id in &ids {
            assert_eq!(crm.count_messages(id).await, 1, "{id}");
        }
    }
    // Each CRM's journal remembers its own run.
    let mut again = test.command("admin", state.path());
    again.args(["--json", "replay", links]);
    let out = run(again).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(summary(&out)["done_before"], 5);

    // Another user of the same CRM has a journal of their own too.
    let mut status = test.command("restricted", state.path());
    status.args(["replay", "--status", links]);
    let out = run(status).await;
    assert_eq!(out.code, 4, "no journal for restricted yet: {}", out.stderr);

    // A journal named explicitly is refused on another CRM: one line, exit 12.
    let journal = state.path().join("explicit.sqlite");
    let journal = journal.to_str().unwrap();
    let mut first = test.command("admin", state.path());
    first.args(["replay", "--journal", journal, links]);
    assert_eq!(run(first).await.code, 0);
    for (crm, user) in [(&prod, "admin"), (&test, "restricted")] {
        let mut other = crm.command(user, state.path());
        other.args(["replay", "--journal", journal, links]);
        let out = run(other).await;
        assert_eq!(out.code, 12, "{}", out.stderr);
        assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
        assert!(
            out.stderr.contains("belongs to admin on http://127.0.0.1:"),
            "{}",
            out.stderr
        );
        let mut json = crm.command(user, state.path());
        json.args(["--json", "replay", "--journal", journal, links]);
        let doc: Value = serde_json::from_str(run(json).await.stdout.trim()).unwrap();
        assert_eq!(doc["error"]["kind"], "journal_mismatch");
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_spelling_of_a_manifest_finds_one_journal_and_one_lock() {
    let crm = Crm::start(vtesim::Config {
        latency_ms: 50,
        ..vtesim::Config::default()
    })
    .await;
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("dir");
    std::fs::create_dir_all(root.path().join("other")).unwrap();
    std::fs::create_dir(&dir).unwrap();
    let state = tempfile::tempdir().unwrap();
    let ids = manifest(&dir, 20, "4x143");
    std::os::unix::fs::symlink(dir.join("links.csv"), root.path().join("alias.csv")).unwrap();
    let spellings = [
        dir.join("links.csv"),
        root.path().join("alias.csv"),
        root.path().join("other/../dir/links.csv"),
    ];

    // Two replays at once, through the file and through the symlink: the
    // second finds the first one's journal busy.
    let mut first = crm.command("admin", state.path());
    first.args(["--json", "replay", "--concurrency", "1"]);
    first.arg(&spellings[0]);
    first.stdout(std::process::Stdio::piped());
    first.stderr(std::process::Stdio::piped());
    let first = first.spawn().unwrap();
    // Wait for its journal (the lock is taken before the file is created).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !std::fs::read_dir(state.path())
        .unwrap()
        .flatten()
        .any(|e| e.path().extension().is_some_and(|x| x == "sqlite"))
    {
        assert!(std::time::Instant::now() < deadline, "no journal appeared");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let mut second = crm.command("admin", state.path());
    second.args(["replay"]).arg(&spellings[1]);
    let out = run(second).await;
    assert_eq!(out.code, 10, "{}", out.stderr);
    assert!(
        out.stderr.contains("another `vtelink replay` is using"),
        "{}",
        out.stderr
    );
    let first = tokio::task::spawn_blocking(move || first.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}\n{}",
        String::from_utf8_lossy(&first.stderr),
        String::from_utf8_lossy(&first.stdout)
    );
    for id in &ids {
        assert_eq!(crm.count_messages(id).await, 1, "{id}");
    }

    // Every spelling: the same journal for --status, and nothing left to do.
    let mut journals = Vec::new();
    for spelling in &spellings {
        let mut status = crm.command("admin", state.path());
        status.args(["--json", "replay", "--status"]).arg(spelling);
        let out = run(status).await;
        assert_eq!(out.code, 0, "{spelling:?}: {}", out.stderr);
        let totals: Value = serde_json::from_str(out.stdout.trim()).unwrap();
        assert_eq!(totals["linked"], 20, "{totals:#}");
        assert_eq!(totals["crm_user"], "admin");
        assert_eq!(totals["crm_url"], crm.url().trim_end_matches('/'));
        journals.push(totals["journal"].as_str().unwrap().to_owned());

        let mut again = crm.command("admin", state.path());
        again.args(["--json", "replay"]).arg(spelling);
        let out = run(again).await;
        assert_eq!(out.code, 0, "{}\n{}", out.stderr, out.stdout);
        assert_eq!(summary(&out)["done_before"], 20, "{spelling:?}");
    }
    journals.dedup();
    assert_eq!(journals.len(), 1, "{journals:?}");
}
