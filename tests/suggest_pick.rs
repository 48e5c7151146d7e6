//! `vtelink link FILE --pick` on a terminal: choose a suggestion, filter by
//! typing, search the CRM in one module, open a record's card, cancel. A
//! pseudo-terminal comes from util-linux `script`; skipped without it.

#[path = "common/crm.rs"]
mod crm;
#[path = "common/pty.rs"]
mod pty;

use std::io::Write;
use std::process::{Child, ChildStdin, Stdio};
use std::time::Duration;

use crm::Crm;
use pty::{Screen, have_script};

struct Session {
    child: Child,
    stdin: ChildStdin,
    screen: Screen,
}

impl Session {
    /// Wait for `needle`, then type `keys` (the picker reads them raw).
    fn answer(&mut self, needle: &str, keys: &str) {
        let from = self.screen.text.len();
        assert!(
            self.screen.wait_for(needle, from.saturating_sub(4096)),
            "never saw {needle:?}: {}",
            self.screen.text
        );
        // The prompt is drawn right after raw mode is on; a moment more
        // keeps the keys from racing the first draw.
        std::thread::sleep(Duration::from_millis(300));
        self.stdin.write_all(keys.as_bytes()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn finish(mut self) -> (i32, String) {
        drop(self.stdin);
        let status = self.child.wait().unwrap();
        self.screen.drain();
        (status.code().unwrap_or(-1), self.screen.text)
    }
}

fn eml(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/suggest-eval")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn pick(crm: &Crm, file: &str) -> Session {
    let admin = crm.server.user("admin").unwrap().clone();
    let binary = assert_cmd::cargo::cargo_bin("vtelink");
    let command = format!("{} link {} --pick", binary.display(), eml(file));
    let mut child = std::process::Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .env("VTELINK_URL", crm.url())
        .env("VTELINK_USER", &admin.name)
        .env("VTELINK_ACCESS_KEY", &admin.access_key)
        .env(
            "VTELINK_CONFIG_DIR",
            std::env::temp_dir().join("vtelink-pick-tests-no-config"),
        )
        .env("NO_COLOR", "1")
        .env_remove("VTELINK_NO_INPUT")
        .env_remove("VTELINK_PROFILE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let screen = Screen::reading(child.stdout.take().unwrap());
    let stdin = child.stdin.take().unwrap();
    Session {
        child,
        stdin,
        screen,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pick_chooses_filters_searches_and_cancels() {
    if !have_script() {
        eprintln!("SKIPPED pick_chooses_filters_searches_and_cancels: `script` not found");
        return;
    }
    let crm = Crm::start(vtesim::Config::default()).await;

    // Choose: the top suggestion, with its reasons on screen.
    let mut session = tokio::task::block_in_place(|| pick(&crm, "plain-contact.eml"));
    tokio::task::block_in_place(|| session.answer("Link to:", " \r"));
    let (code, screen) = tokio::task::block_in_place(|| session.finish());
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Contact email is john.smith"), "{screen}");
    assert_eq!(crm.relations("4x143").await.len(), 1, "{screen}");
    assert!(
        crm.relations("3x140").await.is_empty(),
        "only what was chosen"
    );

    // Filter: typing narrows the tied twins down to one.
    let mut session = tokio::task::block_in_place(|| pick(&crm, "twins.eml"));
    tokio::task::block_in_place(|| session.answer("Link to:", "tina"));
    tokio::task::block_in_place(|| session.answer("tina", " \r"));
    let (code, screen) = tokio::task::block_in_place(|| session.finish());
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("TIE with"), "{screen}");
    assert_eq!(crm.relations("4x211").await.len(), 1, "{screen}");
    assert!(crm.relations("4x210").await.is_empty(), "{screen}");

    // Search: nothing is suggested for a free-mail stranger; search
    // Accounts for "Umbrella" and choose what it finds.
    let mut session = tokio::task::block_in_place(|| pick(&crm, "free-mail-stranger.eml"));
    tokio::task::block_in_place(|| {
        session.answer("search the CRM", " \r");
        session.answer("Search in:", "Accounts\r");
        session.answer("Search for:", "Umbrella\r");
        session.answer("Umbrella Holdings", " \r");
    });
    let (code, screen) = tokio::task::block_in_place(|| session.finish());
    assert_eq!(code, 0, "{screen}");
    assert_eq!(crm.relations("3x200").await.len(), 1, "{screen}");

    // A card: the "open a record's card" entry shows the highlighted
    // suggestion's card on the terminal, then the list comes back.
    let mut session = tokio::task::block_in_place(|| pick(&crm, "plain-contact.eml"));
    tokio::task::block_in_place(|| {
        session.answer("Link to:", "card");
        session.answer("open a record's card", "\x1b[B \r");
        session.answer("Open the card of:", "\r");
        session.answer("Contacts · 4x143", "");
        session.answer("Link to:", "\x1b");
    });
    let (code, screen) = tokio::task::block_in_place(|| session.finish());
    assert_eq!(code, 2, "{screen}");
    assert!(screen.contains("Acme Example Srl (3x140)"), "{screen}");

    // Cancel: Esc links nothing and says so.
    let mut session = tokio::task::block_in_place(|| pick(&crm, "account-email.eml"));
    tokio::task::block_in_place(|| session.answer("Link to:", "\x1b"));
    let (code, screen) = tokio::task::block_in_place(|| session.finish());
    assert_eq!(code, 2, "{screen}");
    assert!(screen.contains("nothing was linked"), "{screen}");
    assert_eq!(
        crm.count_messages("<eval-account-email@vtelink.test>")
            .await,
        0
    );
}
