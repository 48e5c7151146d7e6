//! IMAP as a replay source, against a real Dovecot started by the test
//! (tests/common/dovecot.rs) and an in-process vtesim.

#[path = "common/dovecot.rs"]
mod dovecot;

use dovecot::Dovecot;

fn message(n: usize) -> Vec<u8> {
    format!(
        "From: Customer {n} <customer{n}@example.com>\r\nTo: support@example.test\r\n\
         Subject: Question {n}\r\nMessage-ID: <q{n}@example.com>\r\n\
         Date: Mon, 30 Nov 2026 10:00:00 +0000\r\n\r\nBody {n}\r\n"
    )
    .into_bytes()
}

/// The harness itself: seed, read flags back, restart on the same port.
#[test]
fn dovecot_harness_seeds_and_restarts() {
    let Some(mut server) = Dovecot::start("dovecot_harness_seeds_and_restarts") else {
        return;
    };
    let mut imap = server.alice();
    imap.create("Support");
    imap.append_all("Support", "", &(1..=3).map(message).collect::<Vec<_>>());
    imap.append("Support", "\\Seen \\Flagged", &message(4));
    assert_eq!(
        imap.flags("Support"),
        ["1 ", "2 ", "3 ", "4 \\Flagged \\Seen"]
    );
    let validity = imap.uidvalidity("Support");
    imap.logout();
    assert!(
        server
            .maildir(dovecot::USER, "Support")
            .join("cur")
            .is_dir()
    );

    server.stop();
    assert!(std::net::TcpStream::connect(("127.0.0.1", server.imap_port)).is_err());
    server.start_again();
    let mut imap = server.alice();
    assert_eq!(imap.count("Support"), 4);
    assert_eq!(imap.uidvalidity("Support"), validity);
    imap.logout();
}
