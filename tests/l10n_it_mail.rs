//! Mailboxes, `review`, `watch` and the exit codes tests/l10n_it.rs does
//! not reach (10 to 14), through the built binary under
//! `LANG=it_IT.UTF-8`, against vtesim and a real Dovecot: each output is
//! checked against the English catalog (no English sentence, no raw
//! message id).

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "common/crm.rs"]
mod crm;
use crm::Crm;
#[path = "common/dovecot.rs"]
mod dovecot;
use dovecot::{Dovecot, PASSWORD, USER};
#[path = "common/italian.rs"]
mod italian;
use italian::{IT, assert_italian, code, login, text, vtelink};

const TWINS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/suggest-eval/twins.eml"
);

/// vtelink in Italian as the admin of `crm`, with its config under `home`
/// and its state in `home/state`, no terminal, its output captured.
fn command(crm: &Crm, home: &Path, state: &str) -> Command {
    let admin = crm.server.user("admin").unwrap().clone();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vtelink"));
    cmd.env("LANG", IT)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env("VTELINK_URL", crm.url())
        .env("VTELINK_USER", &admin.name)
        .env("VTELINK_ACCESS_KEY", &admin.access_key)
        .env("VTELINK_STATE_DIR", home.join(state))
        .env("VTELINK_CONFIG_DIR", home.join("config"))
        .env_remove("VTELINK_PROFILE")
        .env_remove("VTELINK_IMAP_PASSWORD")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// [`command`] run to its end, with the mail password `imap_password`.
async fn run(crm: &Crm, home: &Path, imap_password: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = command(crm, home, "state");
    cmd.args(args);
    if let Some(password) = imap_password {
        cmd.env("VTELINK_IMAP_PASSWORD", password);
    }
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

/// Send `signal` to a running vtelink and take its output.
async fn stop(child: Child, signal: &str) -> Output {
    std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap()
}

#[track_caller]
fn expect(what: &str, out: &Output, exit: i32) {
    assert_eq!(code(out), exit, "{what}: {}", text(out));
    assert_italian(what, out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mailboxes_and_their_failures_are_italian() {
    let Some(server) = Dovecot::start("l10n_it_mail") else {
        return;
    };
    let crm = Crm::start(vtesim::Config::default()).await;
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut imap = server.alice();
    imap.create("Support");
    for n in 0..2 {
        let mail = crm::write_email(
            dir.path(),
            &format!("{n}.eml"),
            &format!("<l10n-imap-{n}@vtelink.test>"),
            &[("nota.txt", vec![b'x'; 100])],
        );
        imap.append("Support", "", &std::fs::read(mail).unwrap());
    }
    imap.logout();
    let url = server.imaps_url(USER, "Support");
    let ca = server.ca_pem();
    let ca = ca.to_str().unwrap();

    // 13: the mail server refuses the password.
    let out = run(
        &crm,
        home.path(),
        Some("not-the-password"),
        &["replay", "--imap", &url, "--ca-cert", ca, "--to", "4x143"],
    )
    .await;
    expect("wrong mail password", &out, 13);
    // 14: a certificate from an unknown CA; nothing listening.
    let out = run(
        &crm,
        home.path(),
        Some(PASSWORD),
        &["replay", "--imap", &url, "--to", "4x143"],
    )
    .await;
    expect("unknown CA", &out, 14);
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let nowhere = format!("imaps://{USER}@127.0.0.1:{port}/INBOX");
    let out = run(
        &crm,
        home.path(),
        Some(PASSWORD),
        &["replay", "--imap", &nowhere, "--to", "4x143"],
    )
    .await;
    expect("no mail server", &out, 14);
    // 2: every kind of unusable URL, each with its reason in Italian.
    for bad in [
        "127.0.0.1/INBOX",
        "pop3://alice@127.0.0.1/INBOX",
        "imaps://127.0.0.1/INBOX",
        "imaps://alice@[::1/INBOX",
        "imaps://alice@/INBOX",
        "imaps://alice@127.0.0.1:99999/INBOX",
        "imaps://alice@127.0.0.1/IN%ZZ",
        "imaps://alice@127.0.0.1/IN%FF",
        "imaps://alice:secret@127.0.0.1/INBOX",
    ] {
        let out = run(
            &crm,
            home.path(),
            Some(PASSWORD),
            &["replay", "--imap", bad, "--to", "4x143"],
        )
        .await;
        expect(bad, &out, 2);
        assert!(text(&out).contains("errore"), "{bad}: {}", text(&out));
    }
    // A folder that is not there.
    let missing = server.imaps_url(USER, "Nessuna");
    let out = run(
        &crm,
        home.path(),
        Some(PASSWORD),
        &[
            "replay",
            "--imap",
            &missing,
            "--ca-cert",
            ca,
            "--to",
            "4x143",
        ],
    )
    .await;
    expect("no such folder", &out, 4);

    // A saved mailbox: add, list, replay with its summary, remove.
    let account = format!("imaps://{USER}@127.0.0.1:{}", server.imaps_port);
    let add = [
        "mailbox",
        "add",
        "assistenza",
        &account,
        "--folder",
        "Support",
        "--ca-cert",
        ca,
        "--to",
        "4x143",
    ];
    let list: &[&str] = &["mailbox", "list"];
    let remove: &[&str] = &["mailbox", "remove", "assistenza"];
    for (what, password, args, exit, says) in [
        (
            "mailbox add, wrong password",
            Some("not-the-password"),
            &add[..],
            13,
            "",
        ),
        ("mailbox list, empty", None, list, 0, "Nessuna casella"),
        ("mailbox add", Some(PASSWORD), &add[..], 0, "salvata"),
        (
            "mailbox add, twice",
            Some(PASSWORD),
            &add[..],
            0,
            "era già salvata",
        ),
        (
            "replay --mailbox",
            None,
            &["replay", "--mailbox", "assistenza"],
            0,
            "2 collegate",
        ),
        ("mailbox list", None, list, 0, "assistenza"),
        (
            "an unknown mailbox",
            None,
            &["replay", "--mailbox", "nessuna"],
            4,
            "",
        ),
        ("mailbox remove", None, remove, 0, "rimossa"),
        ("mailbox remove, twice", None, remove, 4, ""),
    ] {
        let out = run(&crm, home.path(), password, args).await;
        expect(what, &out, exit);
        assert!(text(&out).contains(says), "{what}: {}", text(&out));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_and_watch_are_italian() {
    // An Italian installation: modules are named as its screens name them.
    let crm = Crm::start(vtesim::Config {
        language: vtesim::Language::ItIt,
        ..vtesim::Config::default()
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let twins = std::fs::read(TWINS).unwrap();
    // The same sender in an mbox, as another email.
    let mut mbox = b"From shared@twins-example.com Tue Dec  1 10:00:00 2026\n".to_vec();
    mbox.extend(
        String::from_utf8_lossy(&twins)
            .replace(
                "<eval-twins@vtelink.test>",
                "<eval-twins-mbox@vtelink.test>",
            )
            .replace("\r\n", "\n")
            .into_bytes(),
    );
    let inbox = home.path().join("posta.mbox");
    std::fs::write(&inbox, mbox).unwrap();
    let maildir = crm::maildir(home.path(), &[("1.a.host", twins)]);
    let maildir = maildir.to_str().unwrap();

    // `auto` finds no clear winner: the emails wait for review.
    for source in [["--maildir", maildir], ["--mbox", inbox.to_str().unwrap()]] {
        let mut args = vec!["replay", "--auto"];
        args.extend(source);
        let out = run(&crm, home.path(), None, &args).await;
        expect("replay --auto into the review queue", &out, 0);
    }
    let out = run(&crm, home.path(), None, &["review"]).await;
    expect("review list", &out, 0);
    let listed = text(&out);
    // The reason `auto` gave and the suggestions' reasons, kept in the
    // journal, read in Italian.
    assert!(listed.contains("pari merito"), "{listed}");
    assert!(listed.contains("Contatti"), "{listed}");
    // The email's date as Italian writes it (local time: the day may move).
    assert!(
        listed.contains("/12/2026 ") || listed.contains("30/11/2026 "),
        "{listed}"
    );
    // Where the mbox message is, in Italian too.
    assert!(listed.contains("posta.mbox byte 0 (riga 1)"), "{listed}");
    let json = run(&crm, home.path(), None, &["--json", "review"]).await;
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let id = doc["entries"][0]["id"].as_str().unwrap().to_owned();
    let reason = doc["entries"][0]["reason"].as_str().unwrap();
    assert!(reason.is_ascii(), "JSON keeps English: {reason}");
    for (what, args, exit) in [
        ("review of a bad id", &["review", "zz", "--ignore"][..], 2),
        (
            "review of an unknown id",
            &["review", "abcdef012345", "--ignore"],
            4,
        ),
        ("review --ignore", &["review", &id, "--ignore"], 0),
        ("review --ignore, twice", &["review", &id, "--ignore"], 0),
    ] {
        let out = run(&crm, home.path(), None, args).await;
        expect(what, &out, exit);
    }

    // watch: an email delivered while it runs is linked; SIGTERM ends it.
    let watched = tempfile::tempdir().unwrap();
    let watched_dir = crm::maildir::<&[u8]>(watched.path(), &[]);
    let child = command(&crm, home.path(), "state")
        .args(["watch", "--maildir"])
        .arg(&watched_dir)
        .args(["--to", "4x143", "--debounce-ms", "100"])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    crm::write_email(
        &watched_dir.join("new"),
        "2.b.host",
        "<l10n-watch@vtelink.test>",
        &[("nota.txt", vec![b'y'; 50])],
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while crm.count_messages("<l10n-watch@vtelink.test>").await == 0 {
        assert!(Instant::now() < deadline, "watch linked nothing");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let out = stop(child, "-TERM").await;
    expect("watch --maildir", &out, 0);
    assert!(
        text(&out).contains("l10n-watch") || text(&out).contains("2.b.host"),
        "{}",
        text(&out)
    );
}

/// The exit codes of batch runs that tests/l10n_it.rs does not reach.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn busy_keyring_journal_mismatch_and_interrupt_are_italian() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let home = tempfile::tempdir().unwrap();
    let mail = crm::write_email(home.path(), "a.eml", "<l10n-busy@vtelink.test>", &[]);
    let manifest = home.path().join("links.csv");
    std::fs::write(&manifest, format!("file,to\n{},4x143\n", mail.display())).unwrap();
    let manifest = manifest.to_str().unwrap();
    let journal = home.path().join("links.sqlite");
    let journal_arg = journal.to_str().unwrap();

    // 10: another run holds the journal.
    let lock = std::fs::File::create(journal.with_extension("lock")).unwrap();
    lock.try_lock().unwrap();
    let out = run(
        &crm,
        home.path(),
        None,
        &["replay", "--journal", journal_arg, manifest],
    )
    .await;
    expect("busy journal", &out, 10);
    drop(lock);
    let out = run(
        &crm,
        home.path(),
        None,
        &["replay", "--journal", journal_arg, manifest],
    )
    .await;
    expect("replay", &out, 0);
    // 12: the same journal against another CRM.
    let other = Crm::start(vtesim::Config::default()).await;
    let out = run(
        &other,
        home.path(),
        None,
        &["replay", "--journal", journal_arg, manifest],
    )
    .await;
    expect("journal of another CRM", &out, 12);

    // 11: no Secret Service to keep the login in.
    let config = home.path().join("login-config");
    let password = crm.server.user("admin").unwrap().password.clone();
    let mut cmd = vtelink(IT);
    cmd.env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/vtelink-test-bus",
    )
    .env("XDG_RUNTIME_DIR", &config);
    let out = login(cmd, &crm.url(), &password, &config, &[]).await;
    expect("no keyring", &out, 11);

    // 130: Ctrl-C during a replay (a distant CRM, one email at a time).
    let slow = Crm::start(vtesim::Config {
        latency_ms: 100,
        ..vtesim::Config::default()
    })
    .await;
    let mut csv = String::from("file,to\n");
    for n in 0..60 {
        let mail = crm::write_email(
            home.path(),
            &format!("slow-{n}.eml"),
            &format!("<l10n-slow-{n}@vtelink.test>"),
            &[],
        );
        csv.push_str(&format!("{},4x143\n", mail.display()));
    }
    let slow_manifest = home.path().join("slow.csv");
    std::fs::write(&slow_manifest, csv).unwrap();
    let child = command(&slow, home.path(), "slow-state")
        .args(["replay", "--concurrency", "1"])
        .arg(&slow_manifest)
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let out = stop(child, "-INT").await;
    expect("Ctrl-C", &out, 130);
    assert!(text(&out).contains("interrotto"), "{}", text(&out));
}
