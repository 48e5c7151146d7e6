//! `vtelink link` at the protocol's limit, through the built binary against
//! vtesim: Documents on every target, what the CRM really kept (upload
//! limits), several files in one call, interrupted links completed.

#[path = "common/crm.rs"]
mod crm;
use crm::{Crm, bytes, write_email};
use serde_json::Value;

fn ids(report: &Value) -> Vec<String> {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Documents in a record's Documents related list (vtesim's view of fact 44).
async fn documents_of(crm: &Crm, record: &str) -> Vec<String> {
    let mut list: Vec<String> = crm
        .server
        .relations(record)
        .iter()
        .filter(|r| r["via"] == "documents")
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    list.sort();
    list
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_attachment_lands_once_on_every_target() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for count in [0usize, 1, 5, 20] {
        let attachments: Vec<(String, Vec<u8>)> = (0..count)
            .map(|i| (format!("file-{i}.bin.dat"), bytes(1000 + i * 37, i as u8)))
            .collect();
        let named: Vec<(&str, Vec<u8>)> = attachments
            .iter()
            .map(|(n, d)| (n.as_str(), d.clone()))
            .collect();
        let messageid = format!("<plan-{count}@example.test>");
        let file = write_email(dir.path(), &format!("n{count}.eml"), &messageid, &named);
        let file = file.to_str().unwrap();
        let args = ["--json", "link", file, "--to", "4x143", "--to", "3x140"];
        let (code, report, stderr) = crm.vtelink("admin", &args).await;
        assert_eq!(code, 0, "{count} attachments: {stderr}");
        assert_eq!(report["complete"], true);
        let documents = ids(&report);
        assert_eq!(documents.len(), count);
        for (id, (_, data)) in documents.iter().zip(&attachments) {
            let stored = crm.server.document_file(id).expect("file stored").2;
            assert_eq!(&stored, data, "every byte of {id}");
        }
        let message = report["message"].as_str().unwrap().to_owned();
        let related = crm.relations(&message).await;
        for id in documents
            .iter()
            .chain(["4x143".into(), "3x140".into()].iter())
        {
            assert!(related.contains(id), "message related to {id}: {related:?}");
        }
        for target in ["4x143", "3x140"] {
            let listed = documents_of(&crm, target).await;
            for id in &documents {
                assert!(listed.contains(id), "{target} lists {id}: {listed:?}");
            }
        }
        // A new email costs three waves; its calls: 5 in wave 1 (message,
        // two targets, documents, describes) + creates + relates.
        if count <= 5 {
            let (code, again, _) = crm.vtelink("admin", &args).await;
            assert_eq!(code, 0);
            assert_eq!(again["message_created"], false);
            assert_eq!(ids(&again), documents, "the same Documents are reused");
            assert_eq!(crm.count_messages(&messageid).await, 1);
        }
    }
    // Nothing was created twice.
    assert_eq!(crm.vtelink_documents().await.len(), 1 + 5 + 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_target_lists_the_documents_too() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = write_email(
        dir.path(),
        "ro.eml",
        "<read-only@example.test>",
        &[("quote.pdf", bytes(5000, 1))],
    );
    let (code, report, stderr) = crm
        .vtelink(
            "restricted",
            &["--json", "link", file.to_str().unwrap(), "--to", "3x140"],
        )
        .await;
    assert_eq!(code, 0, "Accounts are read-only for restricted: {stderr}");
    let documents = ids(&report);
    assert_eq!(documents_of(&crm, "3x140").await, documents);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_the_upload_limit_is_partial_and_a_relink_after_raising_it_stores_every_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crm.sqlite");
    let big = bytes(3 * 1024 * 1024, 7);
    let small = bytes(2000, 8);
    let file = write_email(
        dir.path(),
        "scan.eml",
        "<upload-limit@example.test>",
        &[("scan.pdf", big.clone()), ("note.txt", small.clone())],
    );
    let file = file.to_str().unwrap();
    let limited = vtesim::Config {
        db: Some(db.clone()),
        upload_max_filesize: 2 * 1024 * 1024,
        post_max_size: 8 * 1024 * 1024,
        ..vtesim::Config::default()
    };
    let crm = Crm::start(limited).await;
    let out = crm.run("admin", &["link", file, "--to", "4x143"]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one clear line: {stderr}");
    assert!(
        lines[0].contains("scan.pdf")
            && lines[0].contains("3.0 MiB")
            && lines[0].contains("upload limit"),
        "{stderr}"
    );
    let (code, report, _) = crm
        .vtelink("admin", &["--json", "link", file, "--to", "4x143"])
        .await;
    assert_eq!(code, 6);
    assert_eq!(report["complete"], false, "{report:#}");
    assert_eq!(report["documents"][0]["stored"], false);
    assert_eq!(report["documents"][1]["stored"], true);
    // Only the small file has a Document: the empty one was not kept.
    assert_eq!(crm.vtelink_documents().await.len(), 1);
    crm.server.shutdown().await;

    // The administrator raises the limit; the same command completes the link.
    let raised = vtesim::Config {
        db: Some(db),
        ..vtesim::Config::default()
    };
    let crm = Crm::start(raised).await;
    let (code, report, stderr) = crm
        .vtelink("admin", &["--json", "link", file, "--to", "4x143"])
        .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["complete"], true);
    assert_eq!(report["message_created"], false);
    let documents = ids(&report);
    assert_eq!(crm.server.document_file(&documents[0]).unwrap().2, big);
    assert_eq!(crm.server.document_file(&documents[1]).unwrap().2, small);
    assert_eq!(crm.count_messages("<upload-limit@example.test>").await, 1);
    assert_eq!(crm.vtelink_documents().await.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_document_of_an_earlier_run_is_replaced() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let data = bytes(30_000, 9);
    let messageid = "<empty-doc@example.test>";
    let file = write_email(
        dir.path(),
        "empty.eml",
        messageid,
        &[("scan.pdf", data.clone())],
    );
    // What an interrupted run leaves on a CRM with a low upload limit: an
    // empty Document carrying the attachment's marker (docs/protocol.md).
    let marker = crm::document_marker(messageid, "empty.eml", 1, &data);
    let empty = crm.admin_create_document(&marker).await;
    assert_eq!(crm.vtelink_documents().await, std::slice::from_ref(&empty));

    let (code, report, stderr) = crm
        .vtelink(
            "admin",
            &["--json", "link", file.to_str().unwrap(), "--to", "4x143"],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    let documents = ids(&report);
    assert_ne!(
        documents[0], empty,
        "an empty Document never counts as stored"
    );
    assert_eq!(report["documents"][0]["replaced"][0], empty.as_str());
    assert_eq!(crm.server.document_file(&documents[0]).unwrap().2, data);
    assert_eq!(
        crm.vtelink_documents().await,
        documents,
        "the empty one is gone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_upload_is_too_large_not_unreachable() {
    let crm = Crm::start(vtesim::Config {
        upload_max_filesize: 2 * 1024 * 1024,
        post_max_size: 2 * 1024 * 1024,
        ..vtesim::Config::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let file = write_email(
        dir.path(),
        "huge.eml",
        "<post-max@example.test>",
        &[("video.mp4", bytes(3 * 1024 * 1024, 3))],
    );
    let out = crm
        .run("admin", &["link", file.to_str().unwrap(), "--to", "4x143"])
        .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(
        stderr.contains("video.mp4") && stderr.contains("too large for this CRM"),
        "{stderr}"
    );
    assert_eq!(
        crm.count_messages("<post-max@example.test>").await,
        1,
        "the rest is linked"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_extension_reports_the_stored_name() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = write_email(
        dir.path(),
        "exe.eml",
        "<bad-ext@example.test>",
        &[("setup.exe", bytes(100, 1))],
    );
    let file = file.to_str().unwrap();
    let (code, report, stderr) = crm
        .vtelink("admin", &["--json", "link", file, "--to", "4x143"])
        .await;
    assert_eq!(code, 0, "{stderr}");
    let doc = &report["documents"][0];
    assert_eq!(doc["stored_name"], "setup.exe.txt");
    let id = doc["id"].as_str().unwrap();
    assert_eq!(crm.server.document(id).unwrap().filename, "setup.exe.txt");
    let out = crm
        .run(
            "admin",
            &["--color", "never", "link", file, "--to", "4x143"],
        )
        .await;
    assert!(String::from_utf8_lossy(&out.stdout).contains("stored as setup.exe.txt"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_files_in_one_call_with_a_bad_one() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<String> = (0..3)
        .map(|i| {
            write_email(
                dir.path(),
                &format!("m{i}.eml"),
                &format!("<many-{i}@example.test>"),
                &[("a.txt", bytes(100 + i, i as u8))],
            )
            .to_str()
            .unwrap()
            .to_owned()
        })
        .collect();
    let bad = dir.path().join("bad.eml");
    std::fs::write(&bad, b"").unwrap();
    files.insert(1, bad.to_str().unwrap().to_owned());
    let mut args = vec!["--json", "link"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--to", "4x143"]);
    let out = crm.run("admin", &args).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "one object per email, then a summary");
    let statuses: Vec<&str> = lines[..4]
        .iter()
        .map(|l| l["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["linked", "failed", "linked", "linked"]);
    assert_eq!(lines[1]["error"]["exit_code"], 9);
    assert_eq!(lines[4]["summary"]["linked"], 3);
    assert_eq!(lines[4]["summary"]["failed"], 1);
    assert!(stderr.contains("bad.eml"), "the failure is named: {stderr}");
    for i in 0..3 {
        assert_eq!(
            crm.count_messages(&format!("<many-{i}@example.test>"))
                .await,
            1
        );
    }

    // Human output: one line per email.
    let mut args = vec!["--color", "never", "link"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--to", "4x143"]);
    let out = crm.run("admin", &args).await;
    assert_eq!(out.status.code(), Some(6));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(shown.lines().count(), 4, "{shown}");
    assert!(
        shown.lines().nth(1).unwrap().starts_with("failed"),
        "{shown}"
    );

    // Several files need targets that fit them all.
    let out = crm.run("admin", &["link", &files[0], &files[2]]).await;
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_after_the_message_was_created_a_rerun_completes_it() {
    let crm = Crm::start(vtesim::Config {
        latency_ms: 300,
        ..vtesim::Config::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let attachments: Vec<(String, Vec<u8>)> = (0..12)
        .map(|i| (format!("part{i}.pdf"), bytes(20_000 + i, i as u8)))
        .collect();
    let named: Vec<(&str, Vec<u8>)> = attachments
        .iter()
        .map(|(n, d)| (n.as_str(), d.clone()))
        .collect();
    let messageid = "<killed@example.test>";
    let file = write_email(dir.path(), "killed.eml", messageid, &named);
    let file = file.to_str().unwrap().to_owned();
    let admin = crm.server.user("admin").unwrap().clone();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vtelink"))
        .env("VTELINK_URL", crm.url())
        .env("VTELINK_USER", &admin.name)
        .env("VTELINK_ACCESS_KEY", &admin.access_key)
        .args(["link", &file, "--to", "4x143", "--upload-concurrency", "2"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while crm.count_messages(messageid).await == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the Message never appeared"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    let _ = child.wait();
    let before = crm.vtelink_documents().await.len();
    assert!(before < 12, "killed part-way ({before} documents)");

    let (code, report, stderr) = crm
        .vtelink("admin", &["--json", "link", &file, "--to", "4x143"])
        .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["message_created"], false);
    assert_eq!(crm.count_messages(messageid).await, 1);
    let documents = ids(&report);
    assert_eq!(crm.vtelink_documents().await.len(), 12, "no duplicates");
    let message = report["message"].as_str().unwrap();
    let related = crm.relations(message).await;
    for id in &documents {
        assert!(related.contains(id));
    }
    assert_eq!(documents_of(&crm, "4x143").await.len(), 12);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlink_deletes_what_vtelink_created_and_leaves_the_rest() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let messageid = "<wrong-record@example.test>";
    let file = write_email(
        dir.path(),
        "wrong.eml",
        messageid,
        &[("a.pdf", bytes(500, 1)), ("b.pdf", bytes(600, 2))],
    );
    let file = file.to_str().unwrap();
    let (code, report, _) = crm
        .vtelink("admin", &["--json", "link", file, "--to", "4x147"])
        .await;
    assert_eq!(code, 0);
    let message = report["message"].as_str().unwrap().to_owned();
    let documents = ids(&report);
    // Another tool stored the same email too.
    let foreign = crm.admin_create_message(messageid, "INBOX").await;

    // Without a terminal and without --yes nothing is deleted.
    let out = crm.run("admin", &["unlink", file]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    // A dry run lists everything, and says what is left alone.
    let out = crm
        .run("admin", &["--color", "never", "unlink", file, "--dry-run"])
        .await;
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains(&format!("Message {message}  would delete")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("Message {foreign}  left alone")),
        "{shown}"
    );
    assert_eq!(shown.matches("Document").count(), 2, "{shown}");
    assert_eq!(crm.count_messages(messageid).await, 2);

    let (code, done, stderr) = crm
        .vtelink(
            "admin",
            &["--json", "unlink", "--message-id", messageid, "--yes"],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    let mut deleted: Vec<String> = done["deleted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_owned())
        .collect();
    deleted.sort();
    let mut expected = documents.clone();
    expected.push(message.clone());
    expected.sort();
    assert_eq!(deleted, expected);
    assert_eq!(
        crm.count_messages(messageid).await,
        1,
        "the foreign Message stays"
    );
    assert!(crm.vtelink_documents().await.is_empty());
    assert!(documents_of(&crm, "4x147").await.is_empty());

    // Nothing left of vtelink's: exit 4, and linking again works from scratch.
    let out = crm.run("admin", &["unlink", file, "--yes"]).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("left alone"));
    let (code, again, _) = crm
        .vtelink("admin", &["--json", "link", file, "--to", "4x143"])
        .await;
    assert_eq!(code, 0);
    assert_eq!(again["documents"].as_array().unwrap().len(), 2);
}

/// Requests of one operation vtesim answered so far.
async fn op_count(crm: &Crm, operation: &str) -> u64 {
    let url = format!("{}/__vtesim/stats", crm.url());
    let stats: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    stats["requests"][operation].as_u64().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_crm_is_refused_at_once_and_passes_with_the_override_without_waiting() {
    let crm = Crm::start(vtesim::Config {
        info_op: false,
        ..vtesim::Config::default()
    })
    .await;
    let started = std::time::Instant::now();
    let out = crm.run("admin", &["modules"]).await;
    let refused_in = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(8), "{stderr}");
    assert!(stderr.contains("24.08.2"), "{stderr}");
    assert!(
        refused_in < std::time::Duration::from_millis(900),
        "{refused_in:?}"
    );
    assert_eq!(
        op_count(&crm, "mailconnector_info").await,
        2,
        "asked, probed, asked once more"
    );

    let before = op_count(&crm, "mailconnector_info").await;
    let admin = crm.server.user("admin").unwrap().clone();
    let url = crm.url();
    let started = std::time::Instant::now();
    let out = tokio::task::spawn_blocking(move || {
        assert_cmd::Command::cargo_bin("vtelink")
            .unwrap()
            .env("VTELINK_URL", &url)
            .env("VTELINK_USER", &admin.name)
            .env("VTELINK_ACCESS_KEY", &admin.access_key)
            .env("VTELINK_ALLOW_UNSUPPORTED_VERSION", "1")
            .args(["modules"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("does not report a Mail Connector version"),
        "{stderr}"
    );
    assert_eq!(
        op_count(&crm, "mailconnector_info").await - before,
        1,
        "asked once"
    );
    assert!(
        took < std::time::Duration::from_millis(900),
        "no back-off: {took:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attachment_over_max_upload_file_size_is_not_sent() {
    let crm = Crm::start(vtesim::Config {
        max_upload_file_size: 1_000_000,
        ..vtesim::Config::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let file = write_email(
        dir.path(),
        "max.eml",
        "<max-upload@example.test>",
        &[("big.iso", bytes(1_200_000, 4)), ("ok.txt", bytes(10, 5))],
    );
    let (code, report, stderr) = crm
        .vtelink(
            "admin",
            &["--json", "link", file.to_str().unwrap(), "--to", "4x143"],
        )
        .await;
    assert_eq!(code, 6, "{stderr}");
    assert!(
        stderr.contains("big.iso") && stderr.contains("maxUploadFileSize"),
        "{stderr}"
    );
    assert_eq!(report["documents"][0]["stored"], false);
    assert_eq!(report["documents"][0]["id"], "");
    assert_eq!(
        op_count(&crm, "create").await,
        2,
        "the Message and ok.txt only"
    );
    assert_eq!(crm.vtelink_documents().await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_or_a_document_is_refused_as_a_target_before_anything_is_written() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let messageid = "<not-a-target@example.test>";
    let file = write_email(dir.path(), "n.eml", messageid, &[("a.pdf", bytes(10, 1))]);
    for target in ["19x1", "7x1"] {
        let out = crm
            .run(
                "admin",
                &[
                    "link",
                    file.to_str().unwrap(),
                    "--to",
                    "4x143",
                    "--to",
                    target,
                ],
            )
            .await;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(target), "{stderr}");
    }
    assert_eq!(crm.count_messages(messageid).await, 0);
    assert!(crm.vtelink_documents().await.is_empty());
}
