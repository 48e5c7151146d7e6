//! IMAP as a replay source, through the built binary against a real Dovecot
//! started by the test (tests/common/dovecot.rs) and an in-process vtesim:
//! a folder is backfilled once with every byte of its attachments and its
//! flags untouched; a rerun writes nothing; a recreated folder (new
//! UIDVALIDITY) makes no duplicates; the same message in two folders is
//! linked once; the mail server going away mid-folder is ridden out; a wrong
//! password, a bad URL and an unknown certificate each end in one line and
//! their own exit code.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

#[path = "common/crm.rs"]
mod crm;
#[path = "common/schema.rs"]
mod schema;
use schema::assert_valid;
#[path = "common/dovecot.rs"]
mod dovecot;

use crm::Crm;
use dovecot::{Dovecot, PASSWORD, USER};

/// An email we generated, and what the CRM must end up holding for it.
#[derive(Debug, Clone)]
struct Mail {
    messageid: String,
    attachments: Vec<Vec<u8>>,
    bytes: Vec<u8>,
}

fn b64(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// Mail `n` with one to three attachments of a few hundred bytes to ~40 KB.
fn mail(n: usize) -> Mail {
    let messageid = format!("<imap-{n}@vtelink.test>");
    let attachments: Vec<Vec<u8>> = (0..1 + n % 3)
        .map(|a| crm::bytes(300 + (n * 977 + a * 13_001) % 40_000, (n * 7 + a) as u8))
        .collect();
    let mut text = format!(
        "From: Customer {n} <customer{n}@example.org>\r\nTo: support@example.com\r\n\
         Subject: mailbox {n}\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\n\
         Message-ID: {messageid}\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nQuestion {n}.\r\n"
    );
    for (a, data) in attachments.iter().enumerate() {
        text.push_str(&format!(
            "--b\r\nContent-Type: application/octet-stream\r\n\
             Content-Disposition: attachment; filename=\"file{a}.bin\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n"
        ));
        for line in b64(data).as_bytes().chunks(76) {
            text.push_str(std::str::from_utf8(line).unwrap());
            text.push_str("\r\n");
        }
    }
    text.push_str("--b--\r\n");
    Mail {
        messageid,
        attachments,
        bytes: text.into_bytes(),
    }
}

/// Put `mails` into `folder` (created first unless it is INBOX), as alice.
fn deliver(server: &Dovecot, folder: &str, mails: &[Mail]) {
    let mut imap = server.alice();
    if folder != "INBOX" {
        imap.create(folder);
    }
    imap.append_all(
        folder,
        "",
        &mails.iter().map(|m| m.bytes.clone()).collect::<Vec<_>>(),
    );
    imap.logout();
}

async fn admin(crm: &Crm) -> vtelink::crm::Connection {
    crm.admin_conn().await
}

async fn contacts(crm: &Crm, count: u64) -> Vec<String> {
    let conn = admin(crm).await;
    let q = vtelink::crm::vtql::Query::select("Contacts", &["id"])
        .limit(0, count)
        .build()
        .unwrap();
    conn.query(&q)
        .await
        .unwrap()
        .iter()
        .map(|r| vtelink::crm::field(r, "id").to_owned())
        .collect()
}

/// Every mail is in the CRM once, with exactly its attachments (bytes
/// compared), related to `target`.
async fn assert_exactly_once(crm: &Crm, mails: &[Mail], target: &str) {
    let conn = admin(crm).await;
    for mail in mails {
        let q = vtelink::crm::vtql::Query::select("Messages", &["id"])
            .eq(
                "messageid",
                vtelink::crm::vtql::Value::text(&mail.messageid).unwrap(),
            )
            .build()
            .unwrap();
        let rows = conn.query(&q).await.unwrap();
        assert_eq!(rows.len(), 1, "one Message for {}", mail.messageid);
        let message = vtelink::crm::field(&rows[0], "id").to_owned();
        let mut documents = Vec::new();
        let mut related = Vec::new();
        for relation in crm.server.relations(&message) {
            let id = relation["id"].as_str().unwrap().to_owned();
            if relation["module"] == "Documents" {
                documents.push(id);
            } else {
                related.push(id);
            }
        }
        assert_eq!(related, [target], "targets of {}", mail.messageid);
        let mut stored: Vec<Vec<u8>> = documents
            .iter()
            .map(|d| crm.server.document_file(d).expect("document file").2)
            .collect();
        stored.sort();
        let mut expected = mail.attachments.clone();
        expected.sort();
        assert!(stored == expected, "attachments of {}", mail.messageid);
    }
}

async fn requests(crm: &Crm, op: &str) -> u64 {
    crm.stats().await["requests"][op].as_u64().unwrap_or(0)
}

async fn writes(crm: &Crm) -> u64 {
    let stats = crm.stats().await;
    ["create", "update", "delete", "relate"]
        .iter()
        .filter_map(|op| stats["requests"][op].as_u64())
        .sum()
}

struct Run {
    code: i32,
    events: Vec<Value>,
    summary: Value,
    error: Value,
    stderr: String,
}

impl Run {
    fn count(&self, outcome: &str) -> usize {
        self.events
            .iter()
            .filter(|e| e["outcome"] == outcome)
            .count()
    }
}

/// `vtelink --json replay ARGS` as admin, the IMAP password from the environment.
async fn replay(crm: &Crm, state: &Path, password: Option<&str>, args: &[&str]) -> Run {
    let mut cmd = crm.command("admin", state);
    cmd.env_remove("VTELINK_IMAP_PASSWORD")
        .stdin(std::process::Stdio::null());
    if let Some(password) = password {
        cmd.env("VTELINK_IMAP_PASSWORD", password);
    }
    cmd.arg("--json").arg("replay").args(args);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let mut run = Run {
        code: out.status.code().unwrap_or(-1),
        events: Vec::new(),
        summary: Value::Null,
        error: Value::Null,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("stdout is JSON Lines ({e}): {line}"));
        match v["event"].as_str() {
            Some("entry") => run.events.push(v["entry"].clone()),
            Some("summary") => run.summary = v["summary"].clone(),
            _ if v.get("error").is_some() => run.error = v["error"].clone(),
            _ => {}
        }
    }
    run
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_is_backfilled_once_flags_untouched_rerun_writes_nothing_and_a_new_uidvalidity_duplicates_nothing()
 {
    let Some(server) = Dovecot::start("imap_backfill") else {
        return;
    };
    let crm = Crm::start(vtesim::Config::default()).await;
    let target = contacts(&crm, 1).await.remove(0);
    let state = tempfile::tempdir().unwrap();
    let mails: Vec<Mail> = (1..=60).map(mail).collect();
    let mut imap = server.alice();
    imap.create("Support");
    for (n, m) in mails.iter().enumerate() {
        let flags = match n % 4 {
            0 => "\\Seen",
            1 => "\\Seen \\Flagged",
            _ => "",
        };
        imap.send(&format!("APPEND \"Support\" ({flags})"), Some(&m.bytes));
    }
    imap.finish();
    let flags_before = imap.flags("Support");
    assert_eq!(flags_before.len(), 60);
    let validity = imap.uidvalidity("Support");

    let url = server.imaps_url(USER, "Support");
    let ca = server.ca_pem();
    let args = [
        "--imap",
        &url,
        "--ca-cert",
        ca.to_str().unwrap(),
        "--to",
        &target,
        "--concurrency",
        "8",
    ];
    let first = replay(&crm, state.path(), Some(PASSWORD), &args).await;
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(first.count("linked"), 60, "{:#?}", first.summary);
    let origin = first.events[0]["origin"].as_str().unwrap();
    assert!(
        origin.contains(&format!("/Support;UIDVALIDITY={validity}/;UID=")),
        "{origin}"
    );
    assert_exactly_once(&crm, &mails, &target).await;
    assert_eq!(imap.flags("Support"), flags_before, "flags unchanged");

    // The same command again: nothing fetched for linking, nothing written.
    let before = writes(&crm).await;
    let again = replay(&crm, state.path(), Some(PASSWORD), &args).await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(again.summary["done_before"], 60, "{:#?}", again.summary);
    assert_eq!(writes(&crm).await, before, "a rerun writes nothing");

    // The folder recreated with the same mail: a new UIDVALIDITY, so every
    // message is read again, and each is found in the CRM.
    imap.delete("Support");
    std::thread::sleep(Duration::from_millis(1100));
    imap.create("Support");
    imap.append_all(
        "Support",
        "",
        &mails.iter().map(|m| m.bytes.clone()).collect::<Vec<_>>(),
    );
    assert_ne!(imap.uidvalidity("Support"), validity);
    let creates = requests(&crm, "create").await;
    let reset = replay(&crm, state.path(), Some(PASSWORD), &args).await;
    assert_eq!(reset.code, 0, "{}", reset.stderr);
    assert_eq!(reset.count("already_present"), 60, "{:#?}", reset.summary);
    assert_eq!(requests(&crm, "create").await, creates, "no duplicates");
    assert_exactly_once(&crm, &mails, &target).await;
    imap.logout();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_message_in_two_folders_is_linked_once_over_starttls() {
    let Some(server) = Dovecot::start("imap_two_folders") else {
        return;
    };
    let crm = Crm::start(vtesim::Config::default()).await;
    let target = contacts(&crm, 1).await.remove(0);
    let state = tempfile::tempdir().unwrap();
    let mails: Vec<Mail> = (1..=3).map(mail).collect();
    let mut imap = server.alice();
    imap.create("Archive");
    imap.append_all(
        "INBOX",
        "",
        &[mails[0].bytes.clone(), mails[1].bytes.clone()],
    );
    imap.append_all(
        "Archive",
        "",
        &[mails[1].bytes.clone(), mails[2].bytes.clone()],
    );
    let inbox = server.imap_url(USER, "INBOX");
    let archive = server.imap_url(USER, "Archive");
    let ca = server.ca_pem();
    let run = replay(
        &crm,
        state.path(),
        Some(PASSWORD),
        &[
            "--imap",
            &inbox,
            "--imap",
            &archive,
            "--ca-cert",
            ca.to_str().unwrap(),
            "--to",
            &target,
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.events.len(), 4, "{:#?}", run.events);
    assert_eq!(run.count("linked"), 3, "{:#?}", run.events);
    assert_eq!(run.count("already_present"), 1, "{:#?}", run.events);
    assert_exactly_once(&crm, &mails, &target).await;
    // STARTTLS was used (the log names TLS for each login).
    assert!(server.log().contains("TLS"), "{}", server.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mail_server_going_away_mid_folder_is_ridden_out() {
    let Some(mut server) = Dovecot::start("imap_restart") else {
        return;
    };
    // Each link takes a while, so the server is stopped mid-folder: enough
    // mail that the replay's read-ahead (~100 entries) and the sockets'
    // buffers do not hold the rest of the folder.
    let crm = Crm::start(vtesim::Config {
        latency_ms: 20,
        ..Default::default()
    })
    .await;
    let target = contacts(&crm, 1).await.remove(0);
    let state = tempfile::tempdir().unwrap();
    let mails: Vec<Mail> = (1..=400).map(mail).collect();
    deliver(&server, "INBOX", &mails);
    let url = server.imaps_url(USER, "INBOX");
    let ca = server.ca_pem();
    let run = {
        let args = vec![
            "--imap".to_owned(),
            url,
            "--ca-cert".to_owned(),
            ca.to_str().unwrap().to_owned(),
            "--to".to_owned(),
            target.clone(),
            "--concurrency".to_owned(),
            "2".to_owned(),
            "-v".to_owned(),
        ];
        let state = state.path().to_owned();
        let crm_ref = &crm;
        let running = async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            replay(crm_ref, &state, Some(PASSWORD), &args).await
        };
        let disturb = async {
            // Wait for the first links, then take the server away for 2 s.
            let deadline = std::time::Instant::now() + Duration::from_secs(60);
            while requests(&crm, "create").await < 10 && std::time::Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            tokio::task::block_in_place(|| {
                server.stop();
                std::thread::sleep(Duration::from_secs(2));
                server.start_again();
            });
        };
        let (run, ()) = tokio::join!(running, disturb);
        run
    };
    assert_eq!(
        run.code,
        0,
        "{}\n{:#}\n{:#}\n{}",
        run.stderr,
        run.error,
        run.summary,
        server.log()
    );
    assert_eq!(run.count("linked"), mails.len(), "{:#?}", run.summary);
    assert!(run.stderr.contains("connecting again"), "{}", run.stderr);
    assert_exactly_once(&crm, &mails, &target).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_a_bad_url_and_an_unknown_certificate_each_say_one_line() {
    let Some(server) = Dovecot::start("imap_failures") else {
        return;
    };
    let crm = Crm::start(vtesim::Config::default()).await;
    let target = contacts(&crm, 1).await.remove(0);
    let state = tempfile::tempdir().unwrap();
    let url = server.imaps_url(USER, "INBOX");
    let ca = server.ca_pem();
    let ca = ca.to_str().unwrap();
    let one_line = |run: &Run| {
        let lines: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(lines.len(), 1, "one line: {}", run.stderr);
    };

    let wrong = replay(
        &crm,
        state.path(),
        Some("not-the-password"),
        &["--imap", &url, "--ca-cert", ca, "--to", &target],
    )
    .await;
    assert_eq!(wrong.code, 13, "{}", wrong.stderr);
    assert_eq!(wrong.error["kind"], "mail_auth");
    assert!(
        wrong.stderr.contains("refused the login of alice"),
        "{}",
        wrong.stderr
    );
    one_line(&wrong);

    let unknown = replay(
        &crm,
        state.path(),
        Some(PASSWORD),
        &["--imap", &url, "--to", &target],
    )
    .await;
    assert_eq!(unknown.code, 14, "{}", unknown.stderr);
    assert!(unknown.stderr.contains("--ca-cert"), "{}", unknown.stderr);
    one_line(&unknown);

    for bad in [
        "imaps://127.0.0.1/INBOX",
        "imaps://alice:secret@127.0.0.1/INBOX",
        "pop3://alice@127.0.0.1/INBOX",
    ] {
        let run = replay(
            &crm,
            state.path(),
            Some(PASSWORD),
            &["--imap", bad, "--to", &target],
        )
        .await;
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(!run.stderr.contains("secret"), "{}", run.stderr);
        one_line(&run);
    }

    // No password and no terminal to ask on.
    let none = replay(&crm, state.path(), None, &["--imap", &url, "--to", &target]).await;
    assert_eq!(none.code, 2, "{}", none.stderr);
    assert!(
        none.stderr.contains("VTELINK_IMAP_PASSWORD"),
        "{}",
        none.stderr
    );
    assert_eq!(writes(&crm).await, 0);
}

/// `vtelink --json ARGS` with its own config and state folders (the saved
/// mailboxes live in the config folder, their passwords in the keyring).
async fn vtelink_at(
    crm: &Crm,
    home: &Path,
    password: Option<&str>,
    args: &[&str],
) -> (i32, Value, String) {
    let mut cmd = crm.command("admin", &home.join("state"));
    cmd.env("VTELINK_CONFIG_DIR", home.join("config"))
        .env_remove("VTELINK_IMAP_PASSWORD")
        .stdin(std::process::Stdio::null());
    if let Some(password) = password {
        cmd.env("VTELINK_IMAP_PASSWORD", password);
    }
    cmd.arg("--json").args(args);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    // One document, or JSON Lines (replay): the last line then.
    let json = serde_json::from_str(&stdout)
        .or_else(|_| serde_json::from_str(stdout.lines().last().unwrap_or("")))
        .unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_mailbox_is_checked_listed_replayed_from_the_keyring_and_removed() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none_or(|v| v.is_empty()) {
        eprintln!(
            "SKIPPED imap_saved_mailbox: no D-Bus session bus; run scripts/test for the keyring tests"
        );
        return;
    }
    let Some(server) = Dovecot::start("imap_saved_mailbox") else {
        return;
    };
    let crm = Crm::start(vtesim::Config::default()).await;
    let target = contacts(&crm, 1).await.remove(0);
    let home = tempfile::tempdir().unwrap();
    let mails: Vec<Mail> = (1..=5).map(mail).collect();
    deliver(&server, "Support", &mails);
    let account = format!("imaps://{USER}@127.0.0.1:{}", server.imaps_port);
    let ca = server.ca_pem();
    let add = |password: &'static str| {
        let account = account.clone();
        let ca = ca.clone();
        let target = target.clone();
        let crm = &crm;
        let home = home.path().to_owned();
        async move {
            vtelink_at(
                crm,
                &home,
                Some(password),
                &[
                    "mailbox",
                    "add",
                    "support",
                    &account,
                    "--folder",
                    "Support",
                    "--ca-cert",
                    ca.to_str().unwrap(),
                    "--to",
                    &target,
                ],
            )
            .await
        }
    };
    // A wrong password is found before anything is saved.
    let (code, doc, stderr) = add("wrong").await;
    assert_eq!(code, 13, "{stderr}");
    assert_eq!(doc["error"]["kind"], "mail_auth");
    let (code, doc, _) = vtelink_at(&crm, home.path(), None, &["mailbox", "list"]).await;
    assert_eq!(code, 0);
    assert_eq!(doc["mailboxes"], serde_json::json!([]));

    let (code, _, stderr) = add(PASSWORD).await;
    assert_eq!(code, 0, "{stderr}");
    let (code, doc, _) = vtelink_at(&crm, home.path(), None, &["mailbox", "list"]).await;
    assert_eq!(code, 0);
    assert_valid("mailbox-list", &doc);
    let row = &doc["mailboxes"][0];
    assert_eq!(row["name"], "support");
    assert_eq!(row["folders"], serde_json::json!(["Support"]));
    assert_eq!(row["rule"], serde_json::json!([target]));
    assert_eq!(row["linked"], 0);
    assert!(row["last_sync"].is_null());

    // The password comes from the keyring now.
    let (code, _, stderr) =
        vtelink_at(&crm, home.path(), None, &["replay", "--mailbox", "support"]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_exactly_once(&crm, &mails, &target).await;
    let (_, doc, _) = vtelink_at(&crm, home.path(), None, &["mailbox", "list"]).await;
    assert_valid("mailbox-list", &doc);
    assert_eq!(doc["mailboxes"][0]["linked"], 5, "{doc:#}");
    assert!(doc["mailboxes"][0]["last_sync"].is_string(), "{doc:#}");

    // `watch NAME`: the same folders, rule, password (from the keyring) and
    // journal: the five are not linked again, a message APPENDed while it
    // runs is, and SIGTERM ends it with 0.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vtelink"))
        .env("VTELINK_URL", crm.url())
        .env("VTELINK_USER", &crm.server.user("admin").unwrap().name)
        .env(
            "VTELINK_ACCESS_KEY",
            &crm.server.user("admin").unwrap().access_key,
        )
        .env("VTELINK_STATE_DIR", home.path().join("state"))
        .env("VTELINK_CONFIG_DIR", home.path().join("config"))
        .env_remove("VTELINK_PROFILE")
        .env_remove("VTELINK_IMAP_PASSWORD")
        .args(["--json", "watch", "support", "--debounce-ms", "100"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = std::sync::mpsc::channel::<Value>();
    std::thread::spawn(move || {
        use std::io::BufRead as _;
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let Ok(doc) = serde_json::from_str(&line) else {
                continue;
            };
            if tx.send(doc).is_err() {
                break;
            }
        }
    });
    let expect = |event: &str| {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let line = lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("watch NAME: no {event} within 30 s"));
            if line["event"] == event {
                return line;
            }
        }
    };
    let ready = tokio::task::block_in_place(|| expect("ready"));
    assert_eq!(ready["caught_up"]["linked"], 0, "{ready:#}");
    let sixth = mail(6);
    tokio::task::block_in_place(|| {
        let mut imap = server.alice();
        imap.append_all("Support", "", std::slice::from_ref(&sixth.bytes));
        imap.logout();
    });
    let entry = tokio::task::block_in_place(|| expect("entry"));
    assert_eq!(entry["entry"]["outcome"], "linked", "{entry:#}");
    let pid = child.id().to_string();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let status = tokio::task::block_in_place(|| child.wait().unwrap());
    assert_eq!(status.code(), Some(0));
    let mut all = mails.clone();
    all.push(sixth);
    assert_exactly_once(&crm, &all, &target).await;

    let (code, _, stderr) =
        vtelink_at(&crm, home.path(), None, &["mailbox", "remove", "support"]).await;
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) =
        vtelink_at(&crm, home.path(), None, &["replay", "--mailbox", "support"]).await;
    assert_eq!(code, 4, "{stderr}");
}

#[path = "common/pty.rs"]
mod pty;

/// On a terminal, a mailbox replay shows a running count and rate (its
/// size is known only as it is read: no bar, no ETA), then the summary.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_terminal_a_mailbox_replay_counts_as_it_goes() {
    let Some(server) = Dovecot::start("imap_progress") else {
        return;
    };
    let crm = Crm::start(vtesim::Config {
        latency_ms: 40,
        ..vtesim::Config::default()
    })
    .await;
    let target = contacts(&crm, 1).await.remove(0);
    let mails: Vec<Mail> = (1..=30).map(mail).collect();
    deliver(&server, "INBOX", &mails);
    let state = tempfile::tempdir().unwrap();
    let url = server.imaps_url(USER, "INBOX");
    let ca = server.ca_pem();
    let binary = env!("CARGO_BIN_EXE_vtelink");
    let admin = crm.server.user("admin").unwrap().clone();
    let line = format!(
        "{binary} replay --imap {url} --ca-cert {} --to {target} --concurrency 1",
        ca.display()
    );
    let mut script = std::process::Command::new("script")
        .args(["-qfec", &line, "/dev/null"])
        .env("VTELINK_URL", crm.url())
        .env("VTELINK_USER", &admin.name)
        .env("VTELINK_ACCESS_KEY", &admin.access_key)
        .env("VTELINK_STATE_DIR", state.path())
        .env("VTELINK_IMAP_PASSWORD", PASSWORD)
        .env(
            "VTELINK_CONFIG_DIR",
            std::env::temp_dir().join("vtelink-replay-imap-tests-no-config"),
        )
        .env("NO_COLOR", "1")
        .env_remove("VTELINK_PROFILE")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut screen = pty::Screen::reading(script.stdout.take().unwrap());
    assert!(screen.wait_for(" emails ", 0), "no count: {}", screen.text);
    assert!(screen.wait_for("/s", 0), "no rate: {}", screen.text);
    assert!(
        screen.wait_for("30 linked", 0),
        "no summary: {}",
        screen.text
    );
    assert!(!screen.text.contains("ETA"), "{}", screen.text);
    assert!(script.wait().unwrap().success());
    assert_exactly_once(&crm, &mails, &target).await;
}
