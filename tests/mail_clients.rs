//! The recipes of `docs/mail-clients.md`, each run against vtesim through the
//! same command line the recipe gives the mail client: mutt/neomutt and aerc
//! pipe the raw message to `vtelink link - ...`, Thunderbird and Outlook users
//! save a file (`.eml` / `.msg`) and link it, or let `contrib/link-saved-mail`
//! link a folder of them. Credentials come from the environment, as in a
//! shell the mail client was started from.

#[path = "common/crm.rs"]
mod crm;
#[path = "common/msg_builder.rs"]
mod msg_builder;

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crm::Crm;
use msg_builder::{long, props, stream, utf16};

const SAMPLE: &str = "src/cli/demo-quote-request.eml";
const SAMPLE_ID: &str = "<demo-20261120101500.4711@acme-example.com>";
/// The seeded contact the sample's sender is (vtesim's fixed demo data).
const JOHN_SMITH: &str = "4x143";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("vtelink")
}

/// `sh -c LINE` as the mail client runs it: vtelink on PATH, `admin`'s
/// credentials in the environment, `stdin` on standard input.
async fn shell(crm: &Crm, line: &str, stdin: Vec<u8>) -> Output {
    let admin = crm.server.user("admin").unwrap().clone();
    let url = crm.url();
    let line = line.to_owned();
    tokio::task::spawn_blocking(move || {
        let bin_dir = binary().parent().unwrap().to_owned();
        let path = format!(
            "{}:{}",
            bin_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut child = Command::new("sh")
            .args(["-c", &line])
            .current_dir(repo())
            .env("PATH", path)
            .env("VTELINK_URL", &url)
            .env("VTELINK_USER", &admin.name)
            .env("VTELINK_ACCESS_KEY", &admin.access_key)
            .env(
                "VTELINK_CONFIG_DIR",
                std::env::temp_dir().join("vtelink-recipes-no-config"),
            )
            .env_remove("VTELINK_PROFILE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        // A command that does not read stdin may close it early: not an error.
        let _ = input.write_all(&stdin);
        drop(input);
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

fn sample() -> Vec<u8> {
    std::fs::read(repo().join(SAMPLE)).unwrap()
}

#[track_caller]
fn assert_ok(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The Message for `messageid` exists once and is related to `record`.
async fn assert_linked_once(crm: &Crm, messageid: &str, record: &str) {
    assert_eq!(crm.count_messages(messageid).await, 1, "one Message");
    let (code, found, stderr) = crm
        .vtelink(
            "admin",
            &["--json", "link", SAMPLE, "--to", record, "--dry-run"],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    let message = found["message"].as_str().unwrap().to_owned();
    assert!(!message.is_empty());
    assert!(
        crm.relations(&message).await.contains(&record.to_owned()),
        "{message} related to {record}"
    );
}

// --- mutt / neomutt: macro index,pager \cl "<pipe-message>vtelink link - --best<enter>"

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutt_pipe_message_best() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let out = shell(&crm, "vtelink link - --best", sample()).await;
    assert_ok(&out);
    assert_linked_once(&crm, SAMPLE_ID, JOHN_SMITH).await;
    // Pressing the key again links nothing twice.
    assert_ok(&shell(&crm, "vtelink link - --best", sample()).await);
    assert_eq!(crm.count_messages(SAMPLE_ID).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutt_pipe_message_suggest() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let out = shell(&crm, "vtelink suggest -", sample()).await;
    assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("John Smith"));
    assert_eq!(
        crm.count_messages(SAMPLE_ID).await,
        0,
        "suggest writes nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutt_pipe_message_auto() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let out = shell(&crm, "vtelink link - --auto", sample()).await;
    assert_ok(&out);
    assert_linked_once(&crm, SAMPLE_ID, JOHN_SMITH).await;
}

/// neomutt's `<pipe-message>vtelink link - --pick<enter>`: the message on
/// stdin, the picker on the terminal (it must read keys from the tty, not
/// from stdin). Space chooses the highlighted first suggestion, Enter links.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutt_pipe_message_pick_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED mutt_pipe_message_pick: `script` (util-linux) not found");
        return;
    }
    let crm = Crm::start(vtesim::Config::default()).await;
    let sample_path = repo().join(SAMPLE);
    let line = format!(
        "script -qec 'vtelink link - --pick < {}' /dev/null",
        sample_path.display()
    );
    let out = shell(&crm, &line, b" \r".to_vec()).await;
    assert_ok(&out);
    assert_linked_once(&crm, SAMPLE_ID, JOHN_SMITH).await;
}

// --- aerc: binds.conf [view] L = :pipe -m vtelink link - --best<Enter>
// aerc runs the :pipe command through `sh -c`, the message on stdin.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aerc_pipe_best() {
    let crm = Crm::start(vtesim::Config::default()).await;
    assert_ok(&shell(&crm, "vtelink link - --best", sample()).await);
    assert_linked_once(&crm, SAMPLE_ID, JOHN_SMITH).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aerc_pipe_auto() {
    let crm = Crm::start(vtesim::Config::default()).await;
    assert_ok(&shell(&crm, "vtelink link - --auto", sample()).await);
    assert_linked_once(&crm, SAMPLE_ID, JOHN_SMITH).await;
}

// --- Thunderbird: File > Save As > File (.eml), then link the file.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thunderbird_saved_eml() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("Richiesta offerta.eml");
    std::fs::write(&saved, sample()).unwrap();
    let line = format!("vtelink link '{}' --to {JOHN_SMITH}", saved.display());
    assert_ok(&shell(&crm, &line, Vec::new()).await);
    assert_linked_once(&crm, SAMPLE_ID, JOHN_SMITH).await;
}

/// A filter (or you) saves messages into a folder; `contrib/link-saved-mail`
/// links them and sorts the files; a second run finds nothing left to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_of_saved_mail_is_linked_and_sorted() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path();
    std::fs::write(inbox.join("quote request.eml"), sample()).unwrap();
    std::fs::write(inbox.join("order.msg"), outlook_msg()).unwrap();
    std::fs::write(inbox.join("notes.eml"), b"").unwrap();
    let line = format!("contrib/link-saved-mail '{}' --best", inbox.display());

    let out = shell(&crm, &line, Vec::new()).await;
    assert_ok(&out);
    let names = |sub: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(inbox.join(sub))
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };
    assert_eq!(names("linked"), ["order.msg", "quote request.eml"]);
    assert_eq!(names("unreadable"), ["notes.eml"]);
    assert_linked_once(&crm, SAMPLE_ID, JOHN_SMITH).await;
    assert_eq!(crm.count_messages(OUTLOOK_ID).await, 1);

    assert_ok(&shell(&crm, &line, Vec::new()).await);
    assert_eq!(crm.count_messages(SAMPLE_ID).await, 1);
}

// --- Outlook: File > Save As > Outlook Message Format - Unicode (.msg).

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outlook_saved_msg() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("Order.msg");
    std::fs::write(&saved, outlook_msg()).unwrap();
    let line = format!("vtelink link '{}' --best", saved.display());
    assert_ok(&shell(&crm, &line, Vec::new()).await);
    assert_msg_linked(&crm, &saved).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outlook_saved_msg_auto() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("Order.msg");
    std::fs::write(&saved, outlook_msg()).unwrap();
    let line = format!("vtelink link '{}' --auto", saved.display());
    assert_ok(&shell(&crm, &line, Vec::new()).await);
    assert_msg_linked(&crm, &saved).await;
}

async fn assert_msg_linked(crm: &Crm, saved: &Path) {
    assert_eq!(crm.count_messages(OUTLOOK_ID).await, 1);
    let path = saved.to_str().unwrap();
    let (code, found, stderr) = crm
        .vtelink(
            "admin",
            &["--json", "link", path, "--to", JOHN_SMITH, "--dry-run"],
        )
        .await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(found["message_created"], false);
    assert_eq!(found["documents"].as_array().unwrap().len(), 1);
    let message = found["message"].as_str().unwrap();
    assert!(
        crm.relations(message)
            .await
            .contains(&JOHN_SMITH.to_owned())
    );
}

const OUTLOOK_ID: &str = "<order-7@acme-example.com>";

/// A small Unicode `.msg` as Outlook saves it: the sample's sender, a
/// Message-ID, a text body and one attachment.
fn outlook_msg() -> Vec<u8> {
    // 2026-11-21T08:00:00Z as FILETIME.
    let filetime = ((1_795_248_000i64 + 11_644_473_600) * 10_000_000).to_le_bytes();

    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    stream(
        &mut cfb,
        "/__properties_version1.0",
        &props(32, &[(0x0039_0040, filetime), (0x0e07_0003, long(1))]),
    );
    stream(&mut cfb, "/__substg1.0_0037001F", &utf16("Order 7"));
    stream(&mut cfb, "/__substg1.0_0C1A001F", &utf16("John Smith"));
    stream(
        &mut cfb,
        "/__substg1.0_5D01001F",
        &utf16("john.smith@acme-example.com"),
    );
    stream(&mut cfb, "/__substg1.0_1035001F", &utf16(OUTLOOK_ID));
    stream(
        &mut cfb,
        "/__substg1.0_1000001F",
        &utf16("Please ship 500 units.\r\n"),
    );
    let att = "/__attach_version1.0_#00000000";
    cfb.create_storage(att).unwrap();
    stream(
        &mut cfb,
        &format!("{att}/__properties_version1.0"),
        &props(8, &[(0x3705_0003, long(1))]),
    );
    stream(
        &mut cfb,
        &format!("{att}/__substg1.0_3707001F"),
        &utf16("order.csv"),
    );
    stream(
        &mut cfb,
        &format!("{att}/__substg1.0_37010102"),
        b"site,units\nMilano,500\n",
    );
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}
