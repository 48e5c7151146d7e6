//! The JSON contract (`docs/json.md`): every command's real `--json` output,
//! run through the built binary against vtesim, validates against its schema
//! in `docs/schemas/`. A changed shape fails here until the schema (and, if it
//! breaks consumers, `schema_version`) changes with it.

#[path = "common/crm.rs"]
mod crm;
#[path = "common/schema.rs"]
mod schema;
use schema::{assert_valid, schema};
#[path = "common/auth_helpers.rs"]
mod helpers;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crm::{Crm, bytes, write_email};
use serde_json::Value;

const SAMPLE: &str = "src/cli/demo-quote-request.eml";

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas")
}

async fn json_of(crm: &Crm, args: &[&str]) -> (i32, Value) {
    let mut full = vec!["--json"];
    full.extend_from_slice(args);
    let (code, doc, stderr) = crm.vtelink("admin", &full).await;
    assert!(
        !doc.is_null(),
        "{args:?}: stdout is not one JSON document; {stderr}"
    );
    (code, doc)
}

/// Every line of a JSON Lines stdout, parsed (each must parse on its own).
#[track_caller]
fn json_lines(out: &std::process::Output) -> Vec<Value> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| {
                panic!(
                    "stdout is not JSON Lines ({e}): {line}\nstderr: {}",
                    String::from_utf8_lossy(&out.stderr)
                )
            })
        })
        .collect()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A CRM that refuses attachments over 1 MB before they are sent
/// (`maxUploadFileSize`): a link with a bigger one is partial.
fn limited() -> vtesim::Config {
    vtesim::Config {
        max_upload_file_size: 1_000_000,
        ..vtesim::Config::default()
    }
}

/// An email over the limit of [`limited`] (one attachment too big, one fine).
fn big_email(dir: &Path, name: &str, messageid: &str) -> String {
    path_string(write_email(
        dir,
        name,
        messageid,
        &[("big.iso", bytes(1_200_000, 4)), ("ok.txt", bytes(10, 5))],
    ))
}

fn path_string(path: PathBuf) -> String {
    path.to_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_prints_what_its_schema_says() {
    let crm = Crm::start(vtesim::Config::default()).await;

    let (code, status) = json_of(&crm, &["status"]).await;
    assert_eq!(code, 0);
    assert_valid("status", &status);

    let (code, modules) = json_of(&crm, &["modules"]).await;
    assert_eq!(code, 0);
    assert_valid("modules", &modules);

    let (code, found) = json_of(&crm, &["search", "O'Brien"]).await;
    assert_eq!(code, 0);
    assert_valid("search", &found);

    let (code, suggested) = json_of(&crm, &["suggest", SAMPLE]).await;
    assert_eq!(code, 0);
    assert_valid("suggest", &suggested);
    let best = suggested["suggestions"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let (code, parsed) = json_of(&crm, &["parse", SAMPLE]).await;
    assert_eq!(code, 0);
    assert_valid("parse", &parsed);
    let dir = tempfile::tempdir().unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let (code, extracted) = json_of(&crm, &["parse", SAMPLE, "--extract", dir_arg]).await;
    assert_eq!(code, 0);
    assert_valid("parse", &extracted);
    assert_eq!(extracted["extracted"].as_array().unwrap().len(), 3);

    for round in ["dry run", "first", "again"] {
        let mut args = vec!["link", SAMPLE, "--to", &best];
        if round == "dry run" {
            args.push("--dry-run");
        }
        let (code, linked) = json_of(&crm, &args).await;
        assert_eq!(code, 0, "{round}");
        assert_valid("link", &linked);
        assert_eq!(linked["complete"], true, "{round}");
    }
}

/// Cards of a contact (with its Messages), an account, a custom module with
/// every field, and one with a reference the user may not read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_prints_what_its_schema_says() {
    let crm = Crm::start(vtesim::Config::default()).await;
    for args in [
        &["show", "4x143", "--messages"][..],
        &["show", "3x140"],
        &["show", "50x250", "--all"],
    ] {
        let (code, card) = json_of(&crm, args).await;
        assert_eq!(code, 0, "{args:?}");
        assert_valid("show", &card);
    }
    let (code, card, stderr) = crm
        .vtelink("restricted", &["--json", "show", "50x250"])
        .await;
    assert_eq!(code, 0, "{stderr}");
    assert_valid("show", &card);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partial_link_prints_its_report_and_no_error_document() {
    let crm = Crm::start(limited()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = big_email(dir.path(), "big.eml", "<contract-partial@example.test>");
    for dry_run in [true, false] {
        let mut args = vec!["link", file.as_str(), "--to", "4x143"];
        if dry_run {
            args.push("--dry-run");
        }
        // json_of: stdout is exactly one document, so no error document follows it.
        let (code, report) = json_of(&crm, &args).await;
        assert_eq!(code, 6, "partial exits 6 (dry run: {dry_run})");
        assert_valid("link", &report);
        assert_eq!(report["complete"], false);
        assert_eq!(report["documents"][0]["stored"], false);
        assert!(report["documents"][0]["problem"].is_string(), "{report:#}");
        assert_eq!(report["documents"][1]["stored"], true);
    }

    // A renamed file (`stored_name`) and an empty Document of an earlier
    // attempt replaced (`replaced`).
    let messageid = "<contract-renamed@example.test>";
    let data = bytes(100, 1);
    let file = path_string(write_email(
        dir.path(),
        "exe.eml",
        messageid,
        &[("setup.exe", data.clone())],
    ));
    let marker = crm::document_marker(messageid, "exe.eml", 1, &data);
    let empty = crm.admin_create_document(&marker).await;
    let (code, report) = json_of(&crm, &["link", &file, "--to", "4x143"]).await;
    assert_eq!(code, 0);
    assert_valid("link", &report);
    assert_eq!(report["documents"][0]["stored_name"], "setup.exe.txt");
    assert_eq!(report["documents"][0]["replaced"][0], empty.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_files_print_json_lines_and_a_summary() {
    let crm = Crm::start(limited()).await;
    let dir = tempfile::tempdir().unwrap();
    let ok = path_string(write_email(
        dir.path(),
        "ok.eml",
        "<contract-many-ok@example.test>",
        &[("a.txt", bytes(100, 1))],
    ));
    let big = big_email(dir.path(), "big.eml", "<contract-many-big@example.test>");
    let bad = path_string(dir.path().join("bad.eml"));
    std::fs::write(&bad, b"").unwrap();
    for dry_run in [true, false] {
        let mut args = vec!["--json", "link", &ok, &big, &bad, "--to", "4x143"];
        if dry_run {
            args.push("--dry-run");
        }
        let out = crm.run("admin", &args).await;
        assert_eq!(out.status.code(), Some(6), "{}", stderr_of(&out));
        let lines = json_lines(&out);
        for line in &lines {
            assert_valid("link-stream", line);
        }
        // One line per file, in the order given, then the summary — and no
        // error document after it: exit 6 says some file needs attention.
        assert_eq!(lines.len(), 4, "{lines:#?}");
        let statuses: Vec<&str> = lines[..3]
            .iter()
            .map(|l| l["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["linked", "partial", "failed"]);
        assert_eq!(lines[0]["file"], ok.as_str());
        assert_eq!(lines[0]["report"]["complete"], true);
        assert_eq!(lines[1]["report"]["complete"], false);
        assert_eq!(lines[2]["error"]["kind"], "bad_input");
        assert_eq!(
            lines[3]["summary"],
            serde_json::json!({"files": 3, "linked": 1, "partial": 1, "failed": 1,
                "dry_run": dry_run})
        );
    }

    // All linked: exit 0, the same stream.
    let out = crm
        .run("admin", &["--json", "link", &ok, &ok, "--to", "4x143"])
        .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    for line in &lines {
        assert_valid("link-stream", line);
    }
    assert_eq!(lines[2]["summary"]["linked"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlink_prints_what_its_schema_says() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let messageid = "<contract-unlink@example.test>";
    let file = path_string(write_email(
        dir.path(),
        "wrong.eml",
        messageid,
        &[("a.pdf", bytes(500, 1))],
    ));
    let (code, linked) = json_of(&crm, &["link", &file, "--to", "4x143"]).await;
    assert_eq!(code, 0);
    let message = linked["message"].as_str().unwrap().to_owned();
    let document = linked["documents"][0]["id"].as_str().unwrap().to_owned();
    let foreign = crm.admin_create_message(messageid, "INBOX").await;

    let (code, plan) = json_of(&crm, &["unlink", &file, "--dry-run"]).await;
    assert_eq!(code, 0);
    assert_valid("unlink", &plan);
    assert_eq!(plan["messageid"], messageid);
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["deleted"], serde_json::json!([]));
    let ours = |list: &Value, id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("{id} not listed: {list:#}"))["ours"]
            .clone()
    };
    assert_eq!(ours(&plan["messages"], &message), true);
    assert_eq!(ours(&plan["messages"], &foreign), false);
    assert_eq!(ours(&plan["documents"], &document), true);

    let (code, done) = json_of(&crm, &["unlink", "--message-id", messageid, "--yes"]).await;
    assert_eq!(code, 0);
    assert_valid("unlink", &done);
    assert_eq!(done["dry_run"], false);
    assert_eq!(
        done["deleted"],
        serde_json::json!([document, message]),
        "Documents first"
    );

    let (code, gone) = json_of(&crm, &["unlink", &file, "--yes"]).await;
    assert_eq!(code, 4);
    assert_valid("error", &gone);
}

/// A replay's stdout: entry events, then the summary as the last line — on
/// exit 6 too (no error document follows). Each line is validated; returns
/// (entries, summary).
#[track_caller]
fn replay_stream(out: &std::process::Output) -> (Vec<Value>, Value) {
    let code = out.status.code();
    assert!(
        code == Some(0) || code == Some(6),
        "{code:?}: {}",
        stderr_of(out)
    );
    let mut lines = json_lines(out);
    for line in &lines {
        // Every line of a stream carries the version (docs/json.md): replay's
        // lines go through Output::json_line like link's.
        assert_eq!(
            line["schema_version"], 1,
            "a replay --json line without schema_version: {line}"
        );
        assert_valid("replay", line);
    }
    let summary = lines.pop().expect("a summary line");
    assert_eq!(
        summary["event"], "summary",
        "the summary is the last line: {summary:#}"
    );
    let entries: Vec<Value> = lines
        .iter()
        .map(|l| {
            assert_eq!(l["event"], "entry", "{l:#}");
            l["entry"].clone()
        })
        .collect();
    (entries, summary["summary"].clone())
}

fn outcomes(entries: &[Value]) -> BTreeSet<String> {
    entries
        .iter()
        .map(|e| e["outcome"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_prints_what_its_schemas_say() {
    let crm = Crm::start(limited()).await;
    let dir = tempfile::tempdir().unwrap();
    write_email(
        dir.path(),
        "a.eml",
        "<contract-replay-a@example.test>",
        &[("a.txt", bytes(100, 1))],
    );
    big_email(dir.path(), "big.eml", "<contract-replay-big@example.test>");
    let sample = format!("{}/{SAMPLE}", env!("CARGO_MANIFEST_DIR"));
    let manifest = path_string(dir.path().join("links.csv"));
    std::fs::write(
        &manifest,
        format!(
            "file,to,ticket\n\
             a.eml,4x143,T-1\n\
             big.eml,4x143,T-2\n\
             missing.eml,4x143,T-3\n\
             a.eml,bob,T-4\n\
             {sample},auto,T-5\n\
             a.eml,4x143,T-6\n"
        ),
    )
    .unwrap();
    let journal = path_string(dir.path().join("links.sqlite"));

    let dry = crm
        .run(
            "admin",
            &[
                "--json",
                "replay",
                &manifest,
                "--dry-run",
                "--journal",
                &journal,
            ],
        )
        .await;
    let (entries, summary) = replay_stream(&dry);
    assert_eq!(entries.len(), 6, "{entries:#?}");
    assert!(outcomes(&entries).contains("planned"), "{entries:#?}");
    assert_eq!(summary["dry_run"], true);

    let run = crm
        .run(
            "admin",
            &["--json", "replay", &manifest, "--journal", &journal],
        )
        .await;
    assert_eq!(run.status.code(), Some(6), "{}", stderr_of(&run));
    let (entries, summary) = replay_stream(&run);
    assert_eq!(entries.len(), 6, "{entries:#?}");
    assert_eq!(
        outcomes(&entries),
        ["failed", "linked", "partial", "skipped"]
            .map(str::to_owned)
            .into(),
        "{entries:#?}"
    );
    let auto = entries
        .iter()
        .find(|e| e["extra"]["ticket"] == "T-5")
        .unwrap();
    assert_eq!(auto["to"], "auto");
    assert_eq!(summary["linked"], 2, "{summary:#}");
    assert_eq!(summary["malformed"], 1, "{summary:#}");
    assert!(summary["failed_file"].is_string(), "{summary:#}");

    // Linked already (under another journal): already_present, exit 0, no error document.
    let again = path_string(dir.path().join("again.csv"));
    std::fs::write(&again, "file,to\na.eml,4x143\n").unwrap();
    let other = path_string(dir.path().join("again.sqlite"));
    let out = crm
        .run("admin", &["--json", "replay", &again, "--journal", &other])
        .await;
    let (entries, summary) = replay_stream(&out);
    assert_eq!(outcomes(&entries), ["already_present".to_owned()].into());
    assert_eq!(summary["failed_file"], Value::Null);

    let out = crm
        .run(
            "admin",
            &["--json", "replay", "--status", "--journal", &journal],
        )
        .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let totals: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid("replay-status", &totals);
    assert_eq!(totals["linked"], 2, "{totals:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_keep_their_document() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let cases: [(&[&str], i32, &str); 3] = [
        (&["link", SAMPLE, "--to", "99x1"], 4, "not_found"),
        (&["parse", "/nonexistent/mail.eml"], 9, "bad_input"),
        (&["search", " "], 2, "usage"),
    ];
    for (args, exit_code, kind) in cases {
        let (code, doc) = json_of(&crm, args).await;
        assert_eq!(code, exit_code, "{args:?}");
        assert_valid("error", &doc);
        // The pre-contract shape stays: scripts that read error.kind keep working.
        assert_eq!(doc["error"]["kind"], kind);
        assert_eq!(doc["error"]["exit_code"], exit_code);
    }
}

#[test]
fn demo_prints_what_its_schema_says() {
    let config_dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("vtelink")
        .unwrap()
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("VTELINK_CONFIG_DIR", config_dir.path())
        .args(["--json", "demo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_valid("demo", &serde_json::from_slice(&out.stdout).unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_and_logout_print_what_their_schemas_say() {
    let server = helpers::sim(helpers::small_config()).await;
    let home = helpers::Home::new("contract");
    let out = helpers::insecure_login_cmd(&home, server.url(), "admin")
        .arg("--json")
        .write_stdin(format!("{}\n", helpers::password_of(&server, "admin")))
        .output()
        .unwrap();
    helpers::assert_success(&out);
    assert_valid("login", &serde_json::from_slice(&out.stdout).unwrap());

    let out = home.cmd().args(["--json", "logout"]).output().unwrap();
    helpers::assert_success(&out);
    assert_valid("logout", &serde_json::from_slice(&out.stdout).unwrap());
}

#[test]
fn schemas_are_valid_json_schemas_and_each_is_checked() {
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(schema_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let Some(name) = name.strip_suffix(".schema.json") else {
            continue;
        };
        let schema = schema(name);
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!("docs/schemas/{name}.schema.json is not a valid JSON Schema: {e}");
        }
        assert_eq!(
            schema["properties"]["schema_version"]["const"], 1,
            "{name}: every document carries schema_version"
        );
        names.insert(name.to_owned());
    }
    // The schemas are strict: an unknown kind, a missing version or an
    // undocumented field fails, so docs/json.md cannot fall behind.
    let error = schema("error");
    let good = serde_json::json!({"schema_version": 1,
        "error": {"kind": "not_found", "exit_code": 4, "message": "x"}});
    assert!(jsonschema::is_valid(&error, &good));
    for bad in [
        serde_json::json!({"error": good["error"]}),
        serde_json::json!({"schema_version": 1,
            "error": {"kind": "gone", "exit_code": 4, "message": "x"}}),
        serde_json::json!({"schema_version": 1, "error": good["error"], "extra": true}),
    ] {
        assert!(!jsonschema::is_valid(&error, &bad), "{bad}");
    }

    // Lines of a stream are one of their shapes, never a mix.
    let stream = schema("link-stream");
    let report = serde_json::json!({"message": "44x1", "messageid": "<a@b>",
        "message_created": true, "documents": [], "related_to": ["4x1"], "dry_run": false,
        "complete": true, "requests": 3});
    assert!(jsonschema::is_valid(
        &stream,
        &serde_json::json!({"schema_version": 1, "file": "a.eml", "status": "linked",
            "report": report})
    ));
    for bad in [
        serde_json::json!({"schema_version": 1, "file": "a.eml", "status": "failed",
            "report": report}),
        serde_json::json!({"schema_version": 1, "file": "a.eml", "status": "linked",
            "error": good["error"]}),
        serde_json::json!({"schema_version": 1, "file": "a.eml", "status": "linked",
            "report": report, "summary": {"files": 1, "linked": 1, "partial": 0,
            "failed": 0, "dry_run": false}}),
    ] {
        assert!(!jsonschema::is_valid(&stream, &bad), "{bad}");
    }
    let replay = schema("replay");
    let entry = serde_json::json!({"seq": 1, "origin": "m.csv line 2", "file": "a.eml",
        "to": "auto", "attempts": 1, "outcome": "skipped", "reason": "tie"});
    assert!(jsonschema::is_valid(
        &replay,
        &serde_json::json!({"schema_version": 1, "event": "entry", "entry": entry})
    ));
    let mut linked_with_reason = entry.clone();
    linked_with_reason["outcome"] = "linked".into();
    assert!(!jsonschema::is_valid(
        &replay,
        &serde_json::json!({"schema_version": 1, "event": "entry", "entry": linked_with_reason})
    ));

    let tested: BTreeSet<String> = [
        "demo",
        "error",
        "link",
        "link-stream",
        "login",
        "logout",
        // Validated in tests/replay_imap.rs, where a mailbox is saved.
        "mailbox-list",
        "modules",
        "parse",
        "replay",
        "replay-status",
        // Validated in tests/review.rs, where the queue is made.
        "review",
        "search",
        "show",
        "status",
        "suggest",
        "unlink",
        // Validated in tests/watch.rs, where watch runs.
        "watch",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    // A schema nobody validates is a promise nobody keeps.
    assert_eq!(
        names, tested,
        "docs/schemas/ and the outputs this file validates differ"
    );
}
