//! `vtelink suggest` and `vtelink link` through the built binary against a
//! real vtesim: the email lands once, with every attachment, related to the
//! chosen records, and bad input fails with the documented exit codes.
//! Credentials come from VTELINK_URL / VTELINK_USER / VTELINK_ACCESS_KEY, the
//! way pipelines use vtelink, so these tests need no keyring.

use std::path::PathBuf;

#[path = "common/crm.rs"]
mod crm;
use crm::Crm;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/cli/demo-quote-request.eml"
);

fn sample() -> PathBuf {
    PathBuf::from(SAMPLE)
}

fn sample_attachments() -> Vec<Vec<u8>> {
    let raw = std::fs::read(sample()).unwrap();
    let email = vtelink::mail::parse_bytes(&raw, &sample()).unwrap();
    email.attachments.into_iter().map(|a| a.data).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggests_the_sender_first_with_reasons() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let (code, json, stderr) = crm.vtelink("admin", &["--json", "suggest", SAMPLE]).await;
    assert_eq!(code, 0, "{stderr}");
    let first = &json["suggestions"][0];
    assert_eq!(first["module"], "Contacts", "{json:#}");
    assert!(
        first["label"].as_str().unwrap().contains("Smith"),
        "{json:#}"
    );
    assert!(
        first["reasons"][0]
            .as_str()
            .unwrap()
            .contains("john.smith@acme-example.com")
    );
    let modules: Vec<&str> = json["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["module"].as_str().unwrap())
        .collect();
    assert!(
        modules.contains(&"Accounts"),
        "the sender's company is suggested too: {modules:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_once_with_every_attachment_and_relation() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let (_, suggestions, _) = crm.vtelink("admin", &["--json", "suggest", SAMPLE]).await;
    let contact = suggestions["suggestions"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let (code, report, stderr) = crm
        .vtelink("admin", &["--json", "link", SAMPLE, "--to", &contact])
        .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["message_created"], true);
    let message = report["message"].as_str().unwrap().to_owned();
    assert!(message.starts_with("44x"), "{report:#}");
    let documents: Vec<String> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(documents.len(), 3, "inline logo, PDF and CSV: {report:#}");

    // Every attachment's bytes are in the CRM, unchanged.
    let expected = sample_attachments();
    for (doc, bytes) in documents.iter().zip(&expected) {
        assert_eq!(&crm.document_bytes(doc).await, bytes, "content of {doc}");
    }
    let mut want: Vec<String> = documents.clone();
    want.push(contact.clone());
    want.sort();
    assert_eq!(crm.relations(&message).await, want);

    // The Message carries the email's fields.
    let messageid = report["messageid"].as_str().unwrap().to_owned();
    assert_eq!(messageid, "<demo-20261120101500.4711@acme-example.com>");

    // Linking again reuses everything: no duplicate Message or Document.
    let (code, again, stderr) = crm
        .vtelink("admin", &["--json", "link", SAMPLE, "--to", &contact])
        .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(again["message"], report["message"]);
    assert_eq!(again["message_created"], false);
    assert!(
        again["documents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["created"] == false)
    );
    assert_eq!(crm.count_messages(&messageid).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_targets_and_files_fail_cleanly_and_write_nothing() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let messageid = "<demo-20261120101500.4711@acme-example.com>";

    let (code, json, stderr) = crm
        .vtelink("admin", &["--json", "link", SAMPLE, "--to", "4x99999999"])
        .await;
    assert_eq!(code, 4, "{stderr}");
    assert_eq!(json["error"]["kind"], "not_found");
    assert_eq!(stderr.trim().lines().count(), 1, "one-line error: {stderr}");

    let (code, _, stderr) = crm
        .vtelink("admin", &["link", SAMPLE, "--to", "not-an-id"])
        .await;
    assert_eq!(code, 2, "{stderr}");

    let (code, _, stderr) = crm.vtelink("admin", &["--no-input", "link", SAMPLE]).await;
    assert_eq!(code, 2, "no --to and no prompt allowed: {stderr}");
    assert_eq!(crm.count_messages(messageid).await, 0);

    let empty = tempfile::NamedTempFile::new().unwrap();
    let (code, _, stderr) = crm
        .vtelink(
            "admin",
            &["link", empty.path().to_str().unwrap(), "--to", "4x1"],
        )
        .await;
    assert_eq!(code, 9, "{stderr}");
    assert!(
        stderr.contains(empty.path().to_str().unwrap()),
        "names the file: {stderr}"
    );

    // The restricted user may not see Leads: a Lead is "not found or not visible".
    let (_, leads, _) = crm
        .vtelink("admin", &["--json", "search", "--module", "Leads", "a"])
        .await;
    if let Some(lead) = leads["records"][0]["id"].as_str() {
        let (code, _, stderr) = crm
            .vtelink("restricted", &["link", SAMPLE, "--to", lead])
            .await;
        assert_eq!(code, 4, "{stderr}");
    }
    assert_eq!(crm.count_messages(messageid).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn survives_server_errors_and_session_loss_without_duplicates() {
    // HTTP 500s, dropped connections and sessions that die every few calls:
    // the link still completes, exactly once.
    let crm = Crm::start(vtesim::Config {
        seed: 7,
        fail_rate: 0.2,
        drop_rate: 0.1,
        expire_every: Some(4),
        ..Default::default()
    })
    .await;
    let mut message = None;
    for _ in 0..6 {
        let (code, report, stderr) = crm
            .vtelink("admin", &["--json", "link", SAMPLE, "--to", "4x143"])
            .await;
        // A run may give up on this very faulty CRM, but only as "unreachable".
        assert!(code == 0 || code == 7, "exit {code}: {stderr}");
        if code == 0 {
            message = report["message"].as_str().map(str::to_owned);
        }
    }
    let message = message.expect("at least one run succeeds");
    assert_eq!(
        crm.count_messages("<demo-20261120101500.4711@acme-example.com>")
            .await,
        1
    );
    assert!(crm.relations(&message).await.contains(&"4x143".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_logged_in_says_what_to_run() {
    let out = tokio::task::spawn_blocking(|| {
        assert_cmd::Command::cargo_bin("vtelink")
            .unwrap()
            .env_remove("VTELINK_URL")
            .env_remove("VTELINK_ACCESS_KEY")
            .env_remove("VTELINK_USER")
            .env("VTELINK_CONFIG_DIR", tempfile::tempdir().unwrap().keep())
            .args(["--profile", "nobody", "link", SAMPLE, "--to", "4x1"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("vtelink login"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_names_and_escapes_never_reach_paths_or_the_terminal() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let hostile = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/mail/hostile_names.eml"
    );
    let (code, report, stderr) = crm
        .vtelink("admin", &["--json", "link", hostile, "--to", "4x143"])
        .await;
    assert_eq!(code, 0, "{stderr}");
    let names: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file_name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 6, "every attachment is stored: {names:?}");
    for name in &names {
        assert!(
            !name.contains(['/', '\\']) && !name.starts_with('.'),
            "path-like name {name:?}"
        );
        assert!(
            !name.chars().any(char::is_control),
            "control character in {name:?}"
        );
    }

    // Human output of the same link (now a no-op) shows no escape sequences.
    let out = crm
        .run(
            "admin",
            &["--color", "never", "link", hostile, "--to", "4x143"],
        )
        .await;
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("already linked"), "{shown}");
    assert!(
        !shown.contains(['\u{1b}', '\u{7}']),
        "escape sequence printed: {shown:?}"
    );
}
