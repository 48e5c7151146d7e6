//! The real server's VTQL escaping and column sizes (wire facts 50–52), as
//! vtesim reproduces them, through the built binary: a Message-ID holding a
//! backslash, and one longer than its column, are found again by a re-link
//! and by `unlink`; an attachment name longer than a Document title is
//! reported with the title the CRM keeps.

#[path = "common/crm.rs"]
mod crm;
use crm::{Crm, bytes, write_email};

async fn relink_and_unlink(crm: &Crm, file: &std::path::Path, stored_id: &str) {
    let path = file.to_str().unwrap();
    for round in 0..2 {
        let (code, report, stderr) = crm
            .vtelink("admin", &["--json", "link", path, "--to", "4x143"])
            .await;
        assert_eq!(code, 0, "round {round}: {stderr}");
        assert_eq!(
            report["message_created"],
            round == 0,
            "round {round}: {report:#}"
        );
        assert_eq!(crm.count_messages(stored_id).await, 1, "round {round}");
    }
    let (code, _, stderr) = crm.vtelink("admin", &["unlink", path, "--yes"]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(crm.count_messages(stored_id).await, 0);
    assert!(crm.vtelink_documents().await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backslash_message_id_is_found_again() {
    let crm = Crm::start(vtesim::Config {
        latency_ms: 50,
        ..vtesim::Config::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let id = r"<bs-o'brien\x@vtelink.test>";
    let file = write_email(dir.path(), "bs.eml", id, &[("a.pdf", bytes(100, 1))]);
    relink_and_unlink(&crm, &file, id).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_300_character_message_id_is_found_again() {
    let crm = Crm::start(vtesim::Config {
        latency_ms: 50,
        ..vtesim::Config::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let id = format!("<{}@long.example>", "L".repeat(285));
    assert_eq!(id.chars().count(), 300);
    let file = write_email(dir.path(), "long.eml", &id, &[("a.pdf", bytes(100, 2))]);
    // The CRM keeps the first 255 characters (fact 50).
    let stored: String = id.chars().take(255).collect();
    relink_and_unlink(&crm, &file, &stored).await;
    // `unlink --message-id` with the whole id finds it too.
    let path = file.to_str().unwrap();
    let (code, _, stderr) = crm.vtelink("admin", &["link", path, "--to", "4x143"]).await;
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = crm
        .vtelink("admin", &["unlink", "--message-id", &id, "--yes"])
        .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(crm.count_messages(&stored).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_60_character_attachment_name_is_reported_with_its_stored_title() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{}.pdf", "N".repeat(56));
    assert_eq!(name.chars().count(), 60);
    let file = write_email(
        dir.path(),
        "title.eml",
        "<title-60@vtelink.test>",
        &[(name.as_str(), bytes(100, 3))],
    );
    let (code, report, stderr) = crm
        .vtelink(
            "admin",
            &["--json", "link", file.to_str().unwrap(), "--to", "4x143"],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    let document = &report["documents"][0];
    assert_eq!(document["stored_title"], "N".repeat(50), "{report:#}");
    let id = document["id"].as_str().unwrap();
    let stored = crm
        .admin_query(&format!(
            "SELECT notes_title FROM Documents WHERE id = '{id}';"
        ))
        .await;
    assert_eq!(stored[0]["notes_title"], "N".repeat(50));
}
