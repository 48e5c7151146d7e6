//! Calls per email, counted by vtesim (`/__vtesim/stats`), and the per-run
//! caches: describe once per process, each target checked once per run,
//! one `relate` per writable target for the Documents of many emails,
//! look-ups batched across emails (read-ahead and look-ups after creating
//! in shared rounds), copies of one email in one window linked once, a
//! target deleted mid-run failing only its own entries.

#[path = "common/crm.rs"]
mod crm;
use crm::{Crm, bytes, write_email};
use serde_json::Value;
use std::path::Path;

/// Calls vtelink made between two readings, its login and version check
/// included (as issue 20's targets count them).
fn calls(before: &Value, after: &Value) -> (u64, Value) {
    let mut total = 0;
    let mut by_op = serde_json::Map::new();
    for (op, n) in after["requests"].as_object().unwrap() {
        let n = n.as_u64().unwrap() - before["requests"][op].as_u64().unwrap_or(0);
        if n == 0 {
            continue;
        }
        total += n;
        by_op.insert(op.clone(), n.into());
    }
    (total, Value::Object(by_op))
}

fn mails(dir: &Path, prefix: &str, count: usize, attachments: usize) -> Vec<String> {
    (0..count)
        .map(|n| {
            let files: Vec<(String, Vec<u8>)> = (0..attachments)
                .map(|i| (format!("f{i}.pdf"), bytes(2000 + i * 10, (n + i) as u8)))
                .collect();
            let named: Vec<(&str, Vec<u8>)> =
                files.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
            let name = format!("{prefix}{n}.eml");
            write_email(dir, &name, &format!("<{prefix}{n}@calls.test>"), &named);
            name
        })
        .collect()
}

async fn replay_manifest(crm: &Crm, dir: &Path, names: &[String], to: &str) -> (i32, String) {
    let mut csv = String::from("file,to\n");
    for name in names {
        csv.push_str(&format!("{name},{to}\n"));
    }
    let manifest = dir.join(format!("{}.csv", names[0]));
    std::fs::write(&manifest, csv).unwrap();
    let state = dir.join("state");
    let mut cmd = crm.command("admin", &state);
    cmd.args(["--json", "replay", "--concurrency", "8"])
        .arg(&manifest);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_per_new_email() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();

    // Replay: 200 emails, one attachment, one target (issue 20: at most 4.3
    // calls per email: create, create, relate, relate and a share of the
    // batched look-ups).
    let names = mails(dir.path(), "one", 200, 1);
    let before = crm.stats().await;
    let (code, out) = replay_manifest(&crm, dir.path(), &names, "4x143").await;
    assert_eq!(code, 0, "{out}");
    let (total, by_op) = calls(&before, &crm.stats().await);
    let per_email = total as f64 / 200.0;
    eprintln!("replay, 1 attachment, 1 target: {per_email:.2} calls per email {by_op}");
    assert_eq!(by_op["describe"], 2, "describe once per module: {by_op}");
    assert_eq!(by_op["retrieve"], 1, "the target checked once: {by_op}");
    assert!(per_email <= 4.3, "{per_email} {by_op}");

    // Replay: 40 emails, five attachments, two writable targets.
    let names = mails(dir.path(), "five", 40, 5);
    let before = crm.stats().await;
    let (code, out) = replay_manifest(&crm, dir.path(), &names, "4x143;3x140").await;
    assert_eq!(code, 0, "{out}");
    let (total, by_op) = calls(&before, &crm.stats().await);
    let per_email = total as f64 / 40.0;
    eprintln!("replay, 5 attachments, 2 targets: {per_email:.2} calls per email {by_op}");
    // create ×6; relate: the Message, and each target takes the Documents
    // of every email in a round of look-ups in one call.
    let relates = by_op["relate"].as_u64().unwrap();
    assert!((40..=40 + 2 * 8).contains(&relates), "{by_op}");
    assert!(per_email <= 9.5, "{per_email} {by_op}");

    // `link` of 20 files in one call.
    let names = mails(dir.path(), "twenty", 20, 1);
    let files: Vec<String> = names
        .iter()
        .map(|n| dir.path().join(n).to_str().unwrap().to_owned())
        .collect();
    let mut args: Vec<&str> = vec!["link"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--to", "4x143"]);
    let before = crm.stats().await;
    let (code, _, stderr) = crm.vtelink("admin", &args).await;
    assert_eq!(code, 0, "{stderr}");
    let (total, by_op) = calls(&before, &crm.stats().await);
    let per_email = total as f64 / 20.0;
    eprintln!("link of 20 files: {per_email:.2} calls per email {by_op}");
    assert_eq!(by_op["describe"], 2, "{by_op}");
    assert_eq!(by_op["retrieve"], 1, "{by_op}");
    // One read-ahead round and one round of look-ups after creating.
    assert_eq!(by_op["query"], 4, "{by_op}");
    assert!(per_email <= 4.5, "{per_email} {by_op}");
}

/// Copies of one email in one read-ahead window (a manifest naming each
/// email under two file names, next to each other and far apart) are one
/// Message each, with one Document; the copies cost no look-up of their own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_in_one_window_are_linked_once() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let names = mails(dir.path(), "twice", 12, 1);
    let mut copies = names.clone();
    for name in &names {
        let copy = format!("copy-{name}");
        std::fs::copy(dir.path().join(name), dir.path().join(&copy)).unwrap();
        copies.push(copy);
    }
    // Next to each other too: the first and its copy in flight together.
    copies.swap(1, 12);
    let before = crm.stats().await;
    let (code, out) = replay_manifest(&crm, dir.path(), &copies, "4x143").await;
    assert_eq!(code, 0, "{out}");
    let (_, by_op) = calls(&before, &crm.stats().await);
    eprintln!("12 emails, each named twice: {by_op}");
    assert_eq!(
        by_op["create"],
        2 * 12,
        "one Message and one Document each: {by_op}"
    );
    assert!(by_op["query"].as_u64().unwrap() <= 6, "{by_op}");
    for n in 0..12 {
        let rows = crm
            .admin_query(&format!(
                "SELECT id FROM Messages WHERE messageid = '<twice{n}@calls.test>';"
            ))
            .await;
        assert_eq!(rows.len(), 1, "twice{n}: {rows:?}");
    }
    // Every Document is in the Contact's Documents list (one `relate` for
    // the Documents of many emails).
    let listed = crm.relations("4x143").await;
    let documents = crm
        .admin_query("SELECT id FROM Documents WHERE notecontent LIKE 'vtelink:%';")
        .await;
    assert_eq!(documents.len(), 12, "{documents:?}");
    for d in &documents {
        let id = d["id"].as_str().unwrap();
        assert!(
            listed.iter().any(|l| l == id),
            "{id} not listed: {listed:?}"
        );
    }
    let linked = out.matches("\"outcome\":\"linked\"").count();
    let present = out.matches("\"outcome\":\"already_present\"").count();
    assert_eq!((linked, present), (12, 12), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_deleted_mid_replay_fails_only_its_entries() {
    let crm = Crm::start(vtesim::Config {
        latency_ms: 20,
        ..vtesim::Config::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let conn = crm.admin_conn().await;
    let doomed = conn
        .create(
            "Contacts",
            &serde_json::json!({"lastname": "Doomed", "assigned_user_id": "19x1"}),
        )
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let names = mails(dir.path(), "gone", 30, 1);
    let mut csv = String::from("file,to\n");
    for (n, name) in names.iter().enumerate() {
        let to = if n % 2 == 0 { doomed.as_str() } else { "4x143" };
        csv.push_str(&format!("{name},{to}\n"));
    }
    let manifest = dir.path().join("gone.csv");
    std::fs::write(&manifest, csv).unwrap();
    let mut cmd = crm.command("admin", &dir.path().join("state"));
    cmd.args(["--json", "replay", "--concurrency", "2", "--attempts", "1"])
        .arg(&manifest)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    // Delete the target once the run is under way.
    let mut waited = 0;
    loop {
        let made = crm
            .admin_query("SELECT count(*) FROM Messages WHERE messageid LIKE '<gone%';")
            .await;
        let made: u64 = made[0]["count"]
            .as_str()
            .unwrap_or("0")
            .parse()
            .unwrap_or(0);
        if made >= 4 || waited > 400 {
            break;
        }
        waited += 1;
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    conn.delete(&doomed).await.unwrap();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let events: Vec<Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v.get("entry").cloned())
        .collect();
    assert_eq!(events.len(), 30, "{stdout}");
    let mut failed_for_doomed = 0;
    for event in &events {
        let to_doomed = event["to"].to_string().contains(&doomed);
        if event["outcome"] == "failed" {
            assert!(
                to_doomed,
                "only entries naming the deleted target fail: {event}"
            );
            let error = event["error"].as_str().unwrap();
            assert!(
                error.contains(&doomed) && error.contains("not found"),
                "the entry says which target: {error}"
            );
            failed_for_doomed += 1;
        } else {
            assert_eq!(event["outcome"], "linked", "{event}");
        }
    }
    assert!(failed_for_doomed > 0, "the deletion hit the run: {stdout}");
    assert_eq!(out.status.code(), Some(6));
}
