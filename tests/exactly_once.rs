//! One Message per email, whoever links it: copies of one email in one run,
//! two processes at once, two machines at once (no shared lock), and the
//! key (Message-ID with the subject; a content-derived id when there is no
//! Message-ID). Through the built binary against vtesim on a LAN-like
//! latency (50 ms), each duplicate case repeated 20 times.

#[path = "common/crm.rs"]
mod crm;
use crm::{Crm, bytes, write_email};
use serde_json::Value;
use std::path::Path;

const ROUNDS: usize = 20;

async fn lan_crm() -> Crm {
    Crm::start(vtesim::Config {
        latency_ms: 50,
        ..vtesim::Config::default()
    })
    .await
}

/// `vtelink` as admin, its state (journals, locks) in `state`.
fn command(crm: &Crm, state: &Path, args: &[&str]) -> std::process::Command {
    let mut cmd = crm.command("admin", state);
    cmd.args(args);
    cmd
}

/// Run several commands at the same moment; their exit codes and stderr.
async fn all_at_once(commands: Vec<std::process::Command>) -> Vec<(i32, String)> {
    tokio::task::spawn_blocking(move || {
        let children: Vec<_> = commands
            .into_iter()
            .map(|mut c| {
                c.stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        children
            .into_iter()
            .map(|child| {
                let out = child.wait_with_output().unwrap();
                (
                    out.status.code().unwrap_or(-1),
                    String::from_utf8_lossy(&out.stderr).into_owned(),
                )
            })
            .collect()
    })
    .await
    .unwrap()
}

/// Documents vtelink stored for one email (their marker starts with its prefix).
async fn documents_for(crm: &Crm, messageid: &str) -> usize {
    use sha2::Digest as _;
    let hash: String = sha2::Sha256::digest(messageid.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    crm.admin_query(&format!(
        "SELECT id FROM Documents WHERE notecontent LIKE 'vtelink:{}:%' LIMIT 0, 100;",
        &hash[..24]
    ))
    .await
    .len()
}

/// Exactly one Message and one Document per attachment for `messageid`.
async fn assert_once(crm: &Crm, messageid: &str, attachments: usize, case: &str) {
    assert_eq!(
        crm.count_messages(messageid).await,
        1,
        "{case}: one Message for {messageid}"
    );
    assert_eq!(
        documents_for(crm, messageid).await,
        attachments,
        "{case}: one set of Documents for {messageid}"
    );
}

fn mail(dir: &Path, name: &str, messageid: &str) -> std::path::PathBuf {
    write_email(
        dir,
        name,
        messageid,
        &[("a.pdf", bytes(3000, 1)), ("b.txt", bytes(500, 2))],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_file_twice_in_one_link_is_one_message() {
    let crm = lan_crm().await;
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    for round in 0..ROUNDS {
        let messageid = format!("<twice-{round}@example.test>");
        let file = mail(dir.path(), &format!("t{round}.eml"), &messageid);
        let file = file.to_str().unwrap();
        let cmd = command(&crm, state.path(), &["link", file, file, "--to", "4x143"]);
        let (code, stderr) = all_at_once(vec![cmd]).await.remove(0);
        assert_eq!(code, 0, "{stderr}");
        assert_once(&crm, &messageid, 2, "link a.eml a.eml").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_links_at_once_on_one_machine_make_one_message() {
    let crm = lan_crm().await;
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    for round in 0..ROUNDS {
        let messageid = format!("<together-{round}@example.test>");
        let file = mail(dir.path(), &format!("c{round}.eml"), &messageid);
        let file = file.to_str().unwrap();
        let args = ["link", file, "--to", "4x143"];
        let results = all_at_once(vec![
            command(&crm, state.path(), &args),
            command(&crm, state.path(), &args),
        ])
        .await;
        for (code, stderr) in results {
            assert_eq!(code, 0, "{stderr}");
        }
        assert_once(&crm, &messageid, 2, "two vtelink link at once").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_machines_at_once_converge_on_the_oldest_message() {
    // Separate state directories: no shared lock, as on two machines.
    let crm = lan_crm().await;
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for round in 0..ROUNDS {
        let messageid = format!("<machines-{round}@example.test>");
        let file = mail(dir.path(), &format!("m{round}.eml"), &messageid);
        let file = file.to_str().unwrap();
        let results = all_at_once(vec![
            command(&crm, one.path(), &["link", file, "--to", "4x143"]),
            command(&crm, two.path(), &["link", file, "--to", "3x140"]),
        ])
        .await;
        for (code, stderr) in results {
            assert_eq!(code, 0, "{stderr}");
        }
        assert_once(&crm, &messageid, 2, "two machines at once").await;
        // The kept Message carries both links' targets.
        let conn = crm.admin_conn().await;
        let q = format!("SELECT id FROM Messages WHERE messageid = '{messageid}';");
        let kept = conn.query(&q).await.unwrap()[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let related = crm.relations(&kept).await;
        for target in ["4x143", "3x140"] {
            assert!(
                related.contains(&target.to_owned()),
                "{target}: {related:?}"
            );
        }
    }
}

/// An mbox with `messages` in order.
fn mbox(path: &Path, messages: &[&Path]) {
    let mut out = Vec::new();
    for m in messages {
        out.extend_from_slice(b"From sender@example.test Tue Dec  1 10:00:00 2026\n");
        let text = std::fs::read_to_string(m).unwrap().replace("\r\n", "\n");
        out.extend_from_slice(text.as_bytes());
        out.extend_from_slice(b"\n");
    }
    std::fs::write(path, out).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_in_an_mbox_a_maildir_and_a_manifest_named_twice_are_one_message() {
    let crm = lan_crm().await;
    let dir = tempfile::tempdir().unwrap();
    for round in 0..ROUNDS {
        let state = tempfile::tempdir().unwrap();
        let round_dir = dir.path().join(format!("r{round}"));
        std::fs::create_dir_all(&round_dir).unwrap();
        // An mbox holding one message twice.
        let mbox_id = format!("<mbox-{round}@example.test>");
        let eml = mail(&round_dir, "in-mbox.eml", &mbox_id);
        let mbox_path = round_dir.join("twice.mbox");
        mbox(&mbox_path, &[&eml, &eml]);
        // A Maildir with a copy in cur/ and in new/.
        let maildir_id = format!("<maildir-{round}@example.test>");
        let maildir = round_dir.join("Maildir");
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(maildir.join(sub)).unwrap();
        }
        let copy = mail(&round_dir, "copy.eml", &maildir_id);
        std::fs::copy(&copy, maildir.join("cur/1.host:2,S")).unwrap();
        std::fs::copy(&copy, maildir.join("new/1.host")).unwrap();
        // One manifest, named once directly and once through a symlink,
        // replayed by two processes at once.
        let manifest_id = format!("<manifest-{round}@example.test>");
        mail(&round_dir, "listed.eml", &manifest_id);
        let manifest = round_dir.join("links.csv");
        std::fs::write(&manifest, "file,to\nlisted.eml,4x143\n").unwrap();
        let link = round_dir.join("via-link.csv");
        std::os::unix::fs::symlink(&manifest, &link).unwrap();

        let s = state.path();
        let results = all_at_once(vec![
            command(
                &crm,
                s,
                &[
                    "replay",
                    "--mbox",
                    mbox_path.to_str().unwrap(),
                    "--to",
                    "4x143",
                ],
            ),
            command(
                &crm,
                s,
                &[
                    "replay",
                    "--maildir",
                    maildir.to_str().unwrap(),
                    "--to",
                    "4x143",
                ],
            ),
            command(&crm, s, &["replay", manifest.to_str().unwrap()]),
            command(&crm, s, &["replay", link.to_str().unwrap()]),
        ])
        .await;
        // A second replay of one manifest may be refused (its journal is
        // busy); none may fail otherwise.
        for (code, stderr) in &results[..2] {
            assert_eq!(*code, 0, "{stderr}");
        }
        assert!(
            results[2..].iter().any(|(code, _)| *code == 0),
            "{results:?}"
        );
        assert_once(&crm, &mbox_id, 2, "mbox with a message twice").await;
        assert_once(&crm, &maildir_id, 2, "Maildir copy in cur/ and new/").await;
        assert_once(&crm, &manifest_id, 2, "one manifest named twice").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_message_id_with_two_subjects_is_two_messages() {
    let crm = lan_crm().await;
    let dir = tempfile::tempdir().unwrap();
    let messageid = "<reused-by-exchange@example.test>";
    // write_email uses the file name as the subject.
    let first = write_email(
        dir.path(),
        "first.eml",
        messageid,
        &[("a.pdf", bytes(900, 3))],
    );
    let second = write_email(
        dir.path(),
        "second.eml",
        messageid,
        &[("a.pdf", bytes(900, 3))],
    );
    let (code, one, stderr) = crm
        .vtelink(
            "admin",
            &["--json", "link", first.to_str().unwrap(), "--to", "4x143"],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    let (code, two, stderr) = crm
        .vtelink(
            "admin",
            &["--json", "link", second.to_str().unwrap(), "--to", "4x143"],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        two["message_created"], true,
        "not 'already linked': {two:#}"
    );
    assert_eq!(two["documents"][0]["created"], true, "its own Document");
    assert_ne!(one["message"], two["message"]);
    assert_eq!(crm.count_messages(messageid).await, 2);
    // Each links again onto its own Message.
    let (_, again, _) = crm
        .vtelink(
            "admin",
            &["--json", "link", second.to_str().unwrap(), "--to", "4x143"],
        )
        .await;
    assert_eq!(again["message"], two["message"]);
    assert_eq!(again["message_created"], false);
    // Unlinking one file removes that email only: the other email's
    // Message and Document, under the same Message-ID, stay.
    let (code, unlinked, stderr) = crm
        .vtelink(
            "admin",
            &["--json", "unlink", first.to_str().unwrap(), "--yes"],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        unlinked["deleted"].as_array().map(Vec::len),
        Some(2),
        "its Document and its Message: {unlinked:#}"
    );
    assert_eq!(crm.count_messages(messageid).await, 1);
    assert_eq!(documents_for(&crm, messageid).await, 1);
    let (_, kept, _) = crm
        .vtelink(
            "admin",
            &["--json", "link", second.to_str().unwrap(), "--to", "4x143"],
        )
        .await;
    assert_eq!(kept["message"], two["message"], "the other email is intact");
    assert_eq!(kept["documents"][0]["created"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crlf_and_an_lf_copy_without_message_id_are_one_message() {
    let crm = lan_crm().await;
    let dir = tempfile::tempdir().unwrap();
    let crlf = "From: John Smith <john.smith@acme-example.com>\r\nTo: sales@example.com\r\n\
                Subject: no id here\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\n\
                MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
                Hello,\r\nno Message-ID in this one.\r\n";
    let crlf_path = dir.path().join("crlf.eml");
    let lf_path = dir.path().join("lf.eml");
    std::fs::write(&crlf_path, crlf).unwrap();
    std::fs::write(&lf_path, crlf.replace("\r\n", "\n")).unwrap();
    let (code, one, stderr) = crm
        .vtelink(
            "admin",
            &[
                "--json",
                "link",
                crlf_path.to_str().unwrap(),
                "--to",
                "4x143",
            ],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    let (code, two, stderr) = crm
        .vtelink(
            "admin",
            &["--json", "link", lf_path.to_str().unwrap(), "--to", "4x143"],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(one["messageid"], two["messageid"], "one content-derived id");
    assert_eq!(two["message_created"], false);
    assert_eq!(one["message"], two["message"]);
    let messageid = one["messageid"].as_str().unwrap();
    assert!(messageid.starts_with("<vtelink-"), "{messageid}");
    assert_eq!(crm.count_messages(messageid).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fields_longer_than_their_column_are_reported() {
    let crm = lan_crm().await;
    let dir = tempfile::tempdir().unwrap();
    let long_name = format!("{}.pdf", "q".repeat(56));
    let subject = "s".repeat(300);
    let path = write_email(
        dir.path(),
        "long.eml",
        "<long-fields@example.test>",
        &[(long_name.as_str(), bytes(700, 4))],
    );
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Subject: long.eml", &format!("Subject: {subject}")),
    )
    .unwrap();
    let (code, report, stderr) = crm
        .vtelink(
            "admin",
            &["--json", "link", path.to_str().unwrap(), "--to", "4x143"],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    let cut: &Vec<Value> = report["cut"].as_array().unwrap();
    assert!(
        cut.iter()
            .any(|c| c["field"] == "subject" && c["length"] == 300 && c["stored"] == 255),
        "{report:#}"
    );
    let title = report["documents"][0]["stored_title"].as_str().unwrap();
    assert_eq!(title.chars().count(), 50);
    assert!(long_name.starts_with(title));
    // Linked again: found by the subject as the CRM keeps it.
    let (_, again, _) = crm
        .vtelink(
            "admin",
            &["--json", "link", path.to_str().unwrap(), "--to", "4x143"],
        )
        .await;
    assert_eq!(again["message_created"], false, "{again:#}");
    assert_eq!(again["message"], report["message"]);
}
