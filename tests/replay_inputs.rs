//! What a replay reads, through the built binary against an in-process
//! vtesim: a dry run refuses what the real run refuses and counts a repeated
//! line once; mbox messages start where real readers say they do; CSV line
//! numbers are right for CRLF files and after blank lines.

use std::path::{Path, PathBuf};

use serde_json::Value;

#[path = "common/crm.rs"]
mod crm;
use crm::{Crm, write_email};

struct Run {
    code: i32,
    events: Vec<Value>,
    summary: Value,
    stderr: String,
}

async fn replay(crm: &Crm, state: &Path, args: &[&str]) -> Run {
    let mut cmd = crm.command("admin", state);
    cmd.arg("--json").arg("replay").args(args);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let mut events = Vec::new();
    let mut summary = Value::Null;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        match v["event"].as_str() {
            Some("entry") => events.push(v["entry"].clone()),
            Some("summary") => summary = v["summary"].clone(),
            _ => {}
        }
    }
    Run {
        code: out.status.code().unwrap_or(-1),
        events,
        summary,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// (origin, kind) of the failed entries, by origin.
fn failed_kinds(run: &Run) -> Vec<(String, String)> {
    let mut failed: Vec<(String, String)> = run
        .events
        .iter()
        .filter(|e| e["outcome"] == "failed")
        .map(|e| {
            (
                e["origin"].as_str().unwrap().to_owned(),
                e["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    failed.sort();
    failed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_refuses_what_the_run_refuses_and_counts_repeats_once() {
    let crm = Crm::start(vtesim::Config {
        latency_ms: 50,
        ..vtesim::Config::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let mut jsonl = String::new();
    for n in 0..3 {
        write_email(
            dir.path(),
            &format!("d{n}.eml"),
            &format!("<dry-{n}@vtelink.test>"),
            &[],
        );
    }
    // Each email named 4 times, then one line to a User (no email links to one).
    for _ in 0..4 {
        for n in 0..3 {
            jsonl.push_str(&format!(
                "{{\"file\": \"d{n}.eml\", \"to\": [\"4x143\"]}}\n"
            ));
        }
    }
    jsonl.push_str("{\"file\": \"d0.eml\", \"to\": [\"19x1\"]}\n");
    let manifest = dir.path().join("plan.jsonl");
    std::fs::write(&manifest, jsonl).unwrap();
    let manifest = manifest.to_str().unwrap();

    let dry = replay(&crm, state.path(), &["--dry-run", manifest]).await;
    assert_eq!(dry.code, 6, "{}", dry.stderr);
    assert_eq!(dry.summary["planned"], 3, "{:#}", dry.summary);
    assert_eq!(dry.summary["duplicates"], 9, "{:#}", dry.summary);
    assert_eq!(dry.summary["failed"], 1, "{:#}", dry.summary);
    for n in 0..3 {
        assert_eq!(
            crm.count_messages(&format!("<dry-{n}@vtelink.test>")).await,
            0
        );
    }

    let real = replay(&crm, state.path(), &[manifest]).await;
    assert_eq!(real.code, 6, "{}", real.stderr);
    assert_eq!(real.summary["linked"], 3, "{:#}", real.summary);
    assert_eq!(real.summary["duplicates"], 9, "{:#}", real.summary);
    assert_eq!(real.summary["done_before"], 0, "{:#}", real.summary);
    assert_eq!(real.summary["failed"], 1, "{:#}", real.summary);
    // The same refusal, on the same line, with the same kind.
    assert_eq!(failed_kinds(&dry), failed_kinds(&real));
    assert_eq!(failed_kinds(&real)[0].1, "usage");
    assert!(failed_kinds(&real)[0].0.ends_with("line 13"));
    for n in 0..3 {
        assert_eq!(
            crm.count_messages(&format!("<dry-{n}@vtelink.test>")).await,
            1
        );
    }
}

/// A small multipart email ending with its closing boundary, CRLF.
fn multipart(tag: &str, body: &str) -> String {
    format!(
        "From: a@example.org\r\nTo: b@example.com\r\nSubject: {tag}\r\n\
         Message-ID: <mbox-{tag}@vtelink.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b-{tag}\"\r\n\r\n\
         --b-{tag}\r\nContent-Type: text/plain\r\n\r\n{body}\r\n\
         --b-{tag}\r\nContent-Type: application/octet-stream\r\n\
         Content-Disposition: attachment; filename=\"{tag}.bin\"\r\n\r\n{tag}\r\n\
         --b-{tag}--\r\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mbox_messages_start_where_real_readers_say() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    // Prose after a blank line; then separators right after closing
    // boundaries, no blank line, one of them a bare `From - `.
    let mbox = format!(
        "From a@example.org Tue Dec  1 20:11:53 2026\r\n{}From - \r\n{}From - Wed Dec  2 08:00:00 2026\r\n{}",
        multipart(
            "one",
            "Hello.\r\n\r\nFrom here on, things change.\r\n\r\nRegards"
        ),
        multipart("two", "Second."),
        multipart("three", "Third."),
    );
    let path = dir.path().join("archive.mbox");
    std::fs::write(&path, mbox).unwrap();
    let run = replay(
        &crm,
        state.path(),
        &["--mbox", path.to_str().unwrap(), "--to", "4x143"],
    )
    .await;
    assert_eq!(run.code, 0, "{}\n{:#?}", run.stderr, run.events);
    assert_eq!(run.summary["linked"], 3, "{:#}", run.summary);
    for tag in ["one", "two", "three"] {
        assert_eq!(
            crm.count_messages(&format!("<mbox-{tag}@vtelink.test>"))
                .await,
            1,
            "{tag}"
        );
    }
}

/// `../shared/corpus` next to the checkout (or its worktree parent).
fn corpus_eml_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        root.join("../shared/corpus/eml"),
        root.join("../../shared/corpus/eml"),
    ]
    .into_iter()
    .find(|d| d.is_dir())
}

/// Real emails from the corpus joined into an mbox the way an old Netscape
/// archive is: each From_ line right after the previous message's closing
/// boundary, some of them bare `From - `.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_archive_of_corpus_emails_without_blank_lines_splits_into_each() {
    let Some(corpus) = corpus_eml_dir() else {
        eprintln!("SKIPPED: ../shared/corpus not found");
        return;
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    let mut mbox = Vec::new();
    let mut count = 0;
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        // A leading From_ line of the file's own is dropped; files with any
        // other `From ` line, or not ending in a closing boundary, are left out.
        let body = match text.strip_prefix("From ") {
            Some(rest) => rest.split_once('\n').map_or("", |(_, b)| b),
            None => &text,
        };
        let closes = body
            .trim_end()
            .lines()
            .last()
            .is_some_and(|l| l.ends_with("--"));
        if !closes || body.lines().any(|l| l.starts_with("From ")) || bytes.len() > 200_000 {
            continue;
        }
        let separator = if count % 2 == 0 {
            "From - Mon Nov 24 10:20:30 2003\r\n".to_owned()
        } else {
            "From - \r\n".to_owned()
        };
        mbox.extend_from_slice(separator.as_bytes());
        mbox.extend_from_slice(body.trim_end().as_bytes());
        mbox.extend_from_slice(b"\r\n");
        count += 1;
    }
    assert!(count >= 5, "corpus emails usable: {count}");
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let path = dir.path().join("netscape.mbox");
    std::fs::write(&path, mbox).unwrap();
    let run = replay(
        &crm,
        state.path(),
        &[
            "--dry-run",
            "--mbox",
            path.to_str().unwrap(),
            "--to",
            "4x143",
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}\n{:#?}", run.stderr, run.events);
    assert_eq!(run.summary["planned"], count, "{:#}", run.summary);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_line_numbers_are_right_for_crlf_and_after_blank_lines() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    write_email(dir.path(), "ok.eml", "<lines-ok@vtelink.test>", &[]);
    for (name, text, bad_lines) in [
        (
            "crlf.csv",
            "file,to\r\nok.eml,4x143\r\nmissing1.eml,4x143\r\nok.eml,bob\r\n",
            ["line 3", "line 4"],
        ),
        (
            "blank.csv",
            "file,to\nok.eml,4x143\n\nmissing1.eml,4x143\n\n\nok.eml,bob\n",
            ["line 4", "line 7"],
        ),
    ] {
        let manifest = dir.path().join(name);
        std::fs::write(&manifest, text).unwrap();
        let run = replay(
            &crm,
            state.path(),
            &["--dry-run", manifest.to_str().unwrap()],
        )
        .await;
        assert_eq!(run.code, 6, "{}", run.stderr);
        let origins: Vec<String> = failed_kinds(&run).into_iter().map(|(o, _)| o).collect();
        assert_eq!(origins.len(), 2, "{origins:?}");
        for (origin, line) in origins.iter().zip(bad_lines) {
            assert!(origin.ends_with(line), "{name}: {origin} is not {line}");
        }
        let planned = run
            .events
            .iter()
            .find(|e| e["outcome"] == "planned")
            .unwrap();
        assert!(planned["origin"].as_str().unwrap().ends_with("line 2"));
    }
}
