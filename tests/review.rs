//! The review queue through the built binary against an in-process vtesim:
//! `replay --auto` puts an email with no clear winner in the queue (exit 0,
//! not a failure), later runs pass over it, `review --json` lists it,
//! `review ID --to X` links it once (a second decision changes nothing),
//! `--ignore` leaves another out for good.

use std::path::Path;

use serde_json::Value;

#[path = "common/crm.rs"]
mod crm;
use crm::Crm;
#[path = "common/schema.rs"]
mod schema;
use schema::assert_valid;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/cli/demo-quote-request.eml"
);
const TWINS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/suggest-eval/twins.eml"
);

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }

    /// The last line of a JSON Lines stream (replay's summary).
    fn summary(&self) -> Value {
        let last = self.stdout.lines().last().unwrap_or("null");
        serde_json::from_str::<Value>(last).unwrap()["summary"].clone()
    }
}

async fn vtelink(crm: &Crm, state: &Path, args: &[&str]) -> Out {
    let mut cmd = crm.command("admin", state);
    cmd.args(args);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

async fn writes(crm: &Crm) -> u64 {
    let url = format!("{}/__vtesim/stats", crm.url());
    let stats: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    ["create", "update", "delete", "relate"]
        .iter()
        .filter_map(|op| stats["requests"][op].as_u64())
        .sum()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unclear_email_waits_is_decided_through_json_and_linked_once() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let twins = std::fs::read_to_string(TWINS).unwrap();
    let other = twins
        .replace("<eval-twins@vtelink.test>", "<eval-twins-2@vtelink.test>")
        .replace("Subject:", "Subject: again");
    let maildir = crm::maildir(
        dir.path(),
        &[
            ("1.a.host", std::fs::read_to_string(SAMPLE).unwrap()),
            ("2.b.host", twins),
            ("3.c.host", other),
        ],
    );
    let maildir = maildir.to_str().unwrap();

    let run = vtelink(
        &crm,
        &state,
        &["--json", "replay", "--maildir", maildir, "--auto"],
    )
    .await;
    assert_eq!(
        run.code, 0,
        "waiting for review is no failure: {}",
        run.stderr
    );
    let summary = run.summary();
    assert_eq!(summary["linked"], 1, "{summary:#}");
    assert_eq!(summary["review"], 2, "{summary:#}");
    for line in run.stdout.lines() {
        assert_valid("replay", &serde_json::from_str(line).unwrap());
    }
    let events: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["event"] == "entry" && v["entry"]["outcome"] == "review")
        .collect();
    assert_eq!(events.len(), 2, "{}", run.stdout);
    assert!(
        events[0]["entry"]["reason"]
            .as_str()
            .unwrap()
            .contains("tied")
    );

    // A rerun passes over the waiting emails: nothing written.
    let before = writes(&crm).await;
    assert!(before > 0, "the clear email was linked");
    let again = vtelink(
        &crm,
        &state,
        &["--json", "replay", "--maildir", maildir, "--auto"],
    )
    .await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    let summary = again.summary();
    assert_eq!(
        (summary["waiting"].as_u64(), summary["done_before"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(writes(&crm).await, before);

    // The queue, without a terminal.
    let list = vtelink(&crm, &state, &["--json", "review"]).await;
    assert_eq!(list.code, 0, "{}", list.stderr);
    let queue = list.json();
    assert_valid("review", &queue);
    let entries = queue["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{queue:#}");
    let first = &entries[0];
    let suggestions = first["suggestions"].as_array().unwrap();
    assert!(suggestions.len() >= 2, "{first:#}");
    assert!(suggestions[0]["tie"].as_bool().unwrap(), "{first:#}");
    let id = first["id"].as_str().unwrap().to_owned();
    let target = suggestions[0]["id"].as_str().unwrap().to_owned();
    let mid = if first["subject"].as_str().unwrap().starts_with("again") {
        "<eval-twins-2@vtelink.test>"
    } else {
        "<eval-twins@vtelink.test>"
    };
    let second = entries[1]["id"].as_str().unwrap().to_owned();

    // Without a terminal, the text list says how to decide.
    let text = vtelink(&crm, &state, &["review"]).await;
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(text.stdout.contains(&id), "{}", text.stdout);

    // Decide it: linked once.
    let decided = vtelink(
        &crm,
        &state,
        &["--json", "review", &id[..8], "--to", &target],
    )
    .await;
    assert_eq!(decided.code, 0, "{}", decided.stderr);
    let doc = decided.json();
    assert_valid("review", &doc);
    assert_eq!(doc["decision"], "linked", "{doc:#}");
    assert_eq!(doc["result"]["outcome"], "linked", "{doc:#}");
    assert_eq!(crm.count_messages(mid).await, 1);
    let message = doc["result"]["message"].as_str().unwrap().to_owned();
    assert!(crm.relations(&message).await.contains(&target));

    // Deciding again changes nothing.
    let before = writes(&crm).await;
    let twice = vtelink(&crm, &state, &["--json", "review", &id, "--to", &target]).await;
    assert_eq!(twice.code, 0, "{}", twice.stderr);
    assert_valid("review", &twice.json());
    assert_eq!(twice.json()["decision"], "not_waiting");
    assert_eq!(twice.json()["state"], "done");
    assert_eq!(writes(&crm).await, before);
    assert_eq!(crm.count_messages(mid).await, 1);

    // Ignore the other for good: no CRM call needed, later runs pass over it.
    let ignored = vtelink(&crm, &state, &["review", &second, "--ignore"]).await;
    assert_eq!(ignored.code, 0, "{}", ignored.stderr);
    assert!(ignored.stdout.contains("Ignored"), "{}", ignored.stdout);
    let list = vtelink(&crm, &state, &["--json", "review"]).await;
    assert_eq!(list.json()["entries"].as_array().unwrap().len(), 0);
    let last = vtelink(
        &crm,
        &state,
        &["--json", "replay", "--maildir", maildir, "--auto"],
    )
    .await;
    assert_eq!(last.summary()["done_before"], 3, "{}", last.stdout);
    let status = vtelink(
        &crm,
        &state,
        &[
            "--json",
            "replay",
            "--maildir",
            maildir,
            "--auto",
            "--status",
        ],
    )
    .await;
    let totals = status.json();
    assert_valid("replay-status", &totals);
    assert_eq!(
        (totals["review"].as_u64(), totals["ignored"].as_u64()),
        (Some(0), Some(1))
    );

    // Mistakes: one line each, a distinct exit code.
    let unknown = vtelink(&crm, &state, &["review", "abcdef0123", "--to", &target]).await;
    assert_eq!(unknown.code, 4, "{}", unknown.stderr);
    assert_eq!(
        unknown.stderr.trim().lines().count(),
        1,
        "{}",
        unknown.stderr
    );
    let short = vtelink(&crm, &state, &["review", "ab", "--ignore"]).await;
    assert_eq!(short.code, 2, "{}", short.stderr);
    let nothing = vtelink(&crm, &state, &["review", &id]).await;
    assert_eq!(nothing.code, 2, "{}", nothing.stderr);
}

#[path = "common/pty.rs"]
mod pty;

/// On a terminal: each waiting email with its suggestions, then link
/// (through the picker), or ignore for good; a summary at the end.
#[tokio::test(flavor = "multi_thread")]
async fn on_a_terminal_each_email_is_linked_through_the_picker_or_ignored() {
    use std::io::Write as _;
    if !pty::have_script() {
        eprintln!(
            "SKIPPED on_a_terminal_each_email_is_linked_through_the_picker_or_ignored: `script` not found"
        );
        return;
    }
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let twins = std::fs::read_to_string(TWINS).unwrap();
    let other = twins
        .replace("<eval-twins@vtelink.test>", "<eval-twins-3@vtelink.test>")
        .replace("Subject:", "Subject: later");
    let maildir = crm::maildir(dir.path(), &[("1.a.host", twins), ("2.b.host", other)]);
    let run = vtelink(
        &crm,
        &state,
        &[
            "--json",
            "replay",
            "--maildir",
            maildir.to_str().unwrap(),
            "--auto",
            "--concurrency",
            "1",
        ],
    )
    .await;
    assert_eq!(run.summary()["review"], 2, "{}", run.stdout);

    let binary = env!("CARGO_BIN_EXE_vtelink");
    let admin = crm.server.user("admin").unwrap().clone();
    let mut script = std::process::Command::new("script")
        .args(["-qfec", &format!("{binary} review"), "/dev/null"])
        .env("VTELINK_URL", crm.url())
        .env("VTELINK_USER", &admin.name)
        .env("VTELINK_ACCESS_KEY", &admin.access_key)
        .env("VTELINK_STATE_DIR", &state)
        .env(
            "VTELINK_CONFIG_DIR",
            std::env::temp_dir().join("vtelink-review-tests-no-config"),
        )
        .env("NO_COLOR", "1")
        .env_remove("VTELINK_NO_INPUT")
        .env_remove("VTELINK_PROFILE")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut screen = pty::Screen::reading(script.stdout.take().unwrap());
    let mut stdin = script.stdin.take().unwrap();
    let mut answer = |screen: &mut pty::Screen, needle: &str, keys: &str| {
        let from = screen.text.len();
        assert!(
            screen.wait_for(needle, from.saturating_sub(4096)),
            "never saw {needle:?}: {}",
            screen.text
        );
        std::thread::sleep(std::time::Duration::from_millis(300));
        stdin.write_all(keys.as_bytes()).unwrap();
        stdin.flush().unwrap();
    };
    tokio::task::block_in_place(|| {
        // The first: link it to its first suggestion through the picker.
        answer(&mut screen, "What to do with this email?", "\r");
        answer(&mut screen, "Link to:", " \r");
        // The second: ignore it for good (third choice).
        answer(&mut screen, "Email 2 of 2", "");
        answer(&mut screen, "What to do with this email?", "\x1b[B\x1b[B\r");
    });
    drop(stdin);
    let status = tokio::task::block_in_place(|| script.wait().unwrap());
    screen.drain();
    assert_eq!(status.code(), Some(0), "{}", screen.text);
    assert!(screen.text.contains("waiting because:"), "{}", screen.text);
    assert!(
        screen
            .text
            .contains("1 linked, 1 ignored, 0 skipped; 0 still waiting"),
        "{}",
        screen.text
    );
    let linked = crm.count_messages("<eval-twins@vtelink.test>").await
        + crm.count_messages("<eval-twins-3@vtelink.test>").await;
    assert_eq!(linked, 1, "{}", screen.text);
    let list = vtelink(&crm, &state, &["--json", "review"]).await;
    assert_eq!(list.json()["entries"].as_array().unwrap().len(), 0);
}
