//! What `vtelink watch` hears from a mailbox folder, against a real Dovecot
//! (tests/common/dovecot.rs): IMAP IDLE says a message was APPENDed within
//! seconds, and when Dovecot stops for 10 s and starts again the watcher
//! says so, connects again and asks for a pass (which catches up by UID).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "common/dovecot.rs"]
mod dovecot;

use dovecot::Dovecot;
use vtelink::batch::watch::{Mailbox, Notice, Stop, Watcher, idle_folder};
use vtelink::mail::imap::{self, Login, MailboxUrl};

fn message(n: usize) -> Vec<u8> {
    format!(
        "From: Customer {n} <customer{n}@example.com>\r\nTo: support@example.test\r\n\
         Subject: Question {n}\r\nMessage-ID: <idle{n}@example.com>\r\n\
         Date: Mon, 30 Nov 2026 10:00:00 +0000\r\n\r\nBody {n}\r\n"
    )
    .into_bytes()
}

#[derive(Default)]
struct Heard(Mutex<Vec<String>>);

impl vtelink::batch::Observer for Heard {
    fn event(&self, _: &vtelink::batch::Event) {}
}

impl Watcher for Heard {
    fn notice(&self, notice: &Notice) {
        self.0.lock().unwrap().push(format!("{notice:?}"));
    }
}

fn mailbox(server: &Dovecot, folder: &str) -> Mailbox {
    Mailbox {
        url: MailboxUrl::parse(&server.imaps_url(dovecot::USER, folder)).unwrap(),
        login: Login::Password(dovecot::PASSWORD.into()),
        options: imap::Options {
            ca_cert: Some(server.ca_pem()),
            timeout: Duration::from_secs(10),
            ..Default::default()
        },
    }
}

async fn next(rx: &mut tokio::sync::mpsc::UnboundedReceiver<()>, limit: Duration) -> bool {
    tokio::time::timeout(limit, rx.recv()).await.is_ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn idle_hears_an_append_and_a_restarted_server() {
    let Some(mut server) = Dovecot::start("idle_hears_an_append_and_a_restarted_server") else {
        return;
    };
    let mut client = server.alice();
    client.create("Support");
    client.logout();

    // One IDLE round by hand: an APPEND ends it with "changed".
    let folder = mailbox(&server, "Support");
    let mut session = imap::connect(&folder.url, &folder.login, &folder.options)
        .await
        .unwrap();
    session.examine("Support").await.unwrap();
    let waiting = tokio::spawn(session.idle(Duration::from_secs(30)));
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    tokio::task::block_in_place(|| {
        let mut client = server.alice();
        client.append("Support", "", &message(1));
        client.logout();
    });
    let (session, changed) = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("IDLE answers within 5 s")
        .unwrap()
        .unwrap();
    assert!(changed);
    assert!(started.elapsed() < Duration::from_secs(5));
    // Without a change, a wait ends at its limit and the session goes on.
    let (session, changed) = session.idle(Duration::from_millis(300)).await.unwrap();
    assert!(!changed);
    session.logout().await;

    // The watcher's loop: a change is heard; the server away and back.
    let heard = Arc::new(Heard::default());
    let stop = Stop::new();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(idle_folder(
        folder,
        tx,
        heard.clone(),
        stop.clone(),
        Duration::from_secs(2),
    ));
    // The first connection asks for a pass as soon as it has chosen the
    // folder: what arrived after the catch-up read it and before this
    // connection listened is not news to IDLE.
    assert!(
        next(&mut rx, Duration::from_secs(5)).await,
        "a pass once the folder is chosen"
    );
    while rx.try_recv().is_ok() {}
    tokio::time::sleep(Duration::from_millis(300)).await;
    tokio::task::block_in_place(|| {
        let mut client = server.alice();
        client.append("Support", "", &message(2));
        client.logout();
    });
    assert!(next(&mut rx, Duration::from_secs(5)).await, "APPEND heard");
    while rx.try_recv().is_ok() {}

    tokio::task::block_in_place(|| server.stop());
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert!(
        heard
            .0
            .lock()
            .unwrap()
            .iter()
            .any(|n| n.contains("MailServerAway")),
        "{:?}",
        heard.0.lock().unwrap()
    );
    tokio::task::block_in_place(|| server.start_again());
    assert!(
        next(&mut rx, Duration::from_secs(10)).await,
        "a pass is asked for once the server is back"
    );
    // And it is IDLE again: the next APPEND is heard.
    while rx.try_recv().is_ok() {}
    tokio::time::sleep(Duration::from_millis(500)).await;
    tokio::task::block_in_place(|| {
        let mut client = server.alice();
        client.append("Support", "", &message(3));
        client.logout();
    });
    assert!(
        next(&mut rx, Duration::from_secs(5)).await,
        "APPEND heard after the restart"
    );

    stop.stop();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("stops at once")
        .unwrap();
}

#[path = "common/crm.rs"]
mod crm;

/// `vtelink --json watch --imap URL` through the built binary against
/// Dovecot and vtesim: caught up at start, an APPEND linked within 5 s,
/// Dovecot stopped for 10 s (a message delivered meanwhile) and started
/// again loses nothing, SIGTERM exits 0.
#[tokio::test(flavor = "multi_thread")]
async fn watch_imap_links_appends_and_survives_a_mail_server_restart() {
    use std::io::BufRead as _;
    let Some(mut server) =
        Dovecot::start("watch_imap_links_appends_and_survives_a_mail_server_restart")
    else {
        return;
    };
    let crm = crm::Crm::start(vtesim::Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut client = server.alice();
    client.create("Support");
    client.append("Support", "", &message(10));
    client.logout();

    let mut child = crm
        .command("admin", dir.path())
        .env("VTELINK_CONFIG_DIR", dir.path().join("config"))
        .env("VTELINK_IMAP_PASSWORD", dovecot::PASSWORD)
        .env_remove("VTELINK_PROFILE")
        .args(["--json", "watch", "--imap"])
        .arg(server.imaps_url(dovecot::USER, "Support"))
        .arg("--ca-cert")
        .arg(server.ca_pem())
        .args([
            "--to",
            "4x143",
            "--debounce-ms",
            "100",
            "--max-backoff-s",
            "2",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = std::sync::mpsc::channel::<serde_json::Value>();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(serde_json::from_str(&line).unwrap()).is_err() {
                break;
            }
        }
    });
    let mut seen: Vec<serde_json::Value> = Vec::new();
    let mut expect = |event: &str, limit: Duration| {
        let deadline = Instant::now() + limit;
        loop {
            match lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) => {
                    seen.push(line.clone());
                    if line["event"] == event {
                        return line;
                    }
                }
                Err(_) => panic!("no {event} within {limit:?}: {seen:#?}"),
            }
        }
    };

    let ready = tokio::task::block_in_place(|| expect("ready", Duration::from_secs(30)));
    assert_eq!(ready["caught_up"]["linked"], 1, "{ready:#}");

    // APPENDed while it runs: linked within 5 s.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    tokio::task::block_in_place(|| {
        let mut client = server.alice();
        client.append("Support", "", &message(11));
        client.logout();
    });
    let entry = tokio::task::block_in_place(|| expect("entry", Duration::from_secs(5)));
    assert_eq!(entry["entry"]["outcome"], "linked", "{entry:#}");
    assert!(started.elapsed() < Duration::from_secs(5));

    // Dovecot away for 10 s; a message delivered into its Maildir meanwhile.
    tokio::task::block_in_place(|| server.stop());
    let new = server.maildir(dovecot::USER, "Support").join("new");
    std::fs::create_dir_all(&new).unwrap();
    std::fs::write(new.join("1700000000.M1P1.test"), message(12)).unwrap();
    tokio::time::sleep(Duration::from_secs(10)).await;
    tokio::task::block_in_place(|| server.start_again());
    let entry = tokio::task::block_in_place(|| expect("entry", Duration::from_secs(20)));
    assert_eq!(entry["entry"]["outcome"], "linked", "{entry:#}");
    assert!(
        seen.iter().any(|l| l["event"] == "mail_server_away"),
        "{seen:#?}"
    );
    for n in 10..=12 {
        assert_eq!(
            crm.count_messages(&format!("<idle{n}@example.com>")).await,
            1,
            "message {n}"
        );
    }

    // SIGTERM: exit 0.
    let pid = child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = tokio::task::block_in_place(|| child.wait().unwrap());
    assert_eq!(status.code(), Some(0));
    let rest: Vec<serde_json::Value> = lines.try_iter().collect();
    assert_eq!(
        rest.last().map(|l| l["event"].clone()),
        Some("stopped".into()),
        "{rest:#?}"
    );
}
