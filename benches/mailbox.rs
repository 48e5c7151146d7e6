//! Backfilling a mailbox: 1,000 messages from a real Dovecot (started here,
//! as the tests do) into a CRM 150 ms away at concurrency 8, against
//! replaying the very same message files from Dovecot's own Maildir in the
//! same run (each into a fresh vtesim, so both create everything). Also the
//! IMAP round trips per 100 messages (from `-v`'s log) and peak RSS.
//! Run: `cargo bench --bench mailbox` (writes `target/bench-mailbox.md`);
//! `VTELINK_BENCH_MAILBOX_N` changes the number of messages. Needs root and
//! dovecot-imapd, like the IMAP tests.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[path = "../tests/common/dovecot.rs"]
mod dovecot;

const LATENCY_MS: u64 = 150;
const CONCURRENCY: &str = "8";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let Some(table) = runtime.block_on(run()) else {
        return;
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-mailbox.md");
    let _ = std::fs::write(&path, &table);
    println!("{table}");
    println!("(written to {})", path.display());
}

/// A new email with one small attachment (5 round trips to link, as in the replay bench).
fn email(n: usize) -> Vec<u8> {
    format!(
        "From: Bench <bench-{n}@example.org>\r\nTo: support@example.com\r\n\
         Subject: mailbox bench {n}\r\nMessage-ID: <mailbox-bench-{n}@vtelink.test>\r\n\
         Date: Tue, 01 Dec 2026 10:00:00 +0000\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nHello.\r\n\
         --b\r\nContent-Type: application/pdf\r\n\
         Content-Disposition: attachment; filename=\"quote.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcfsj6IK\r\n--b--\r\n"
    )
    .into_bytes()
}

struct Measured {
    seconds: f64,
    peak_rss_kib: u64,
    stderr: String,
}

fn vtelink(server: &vtesim::Server, state: &Path, args: &[&str]) -> Measured {
    let user = server.user("admin").unwrap().clone();
    let rss_file = state.join("rss.txt");
    let err_file = state.join("stderr.txt");
    let start = Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&rss_file)
        .arg(env!("CARGO_BIN_EXE_vtelink"))
        .args(args)
        .env("VTELINK_URL", server.url())
        .env("VTELINK_USER", &user.name)
        .env("VTELINK_ACCESS_KEY", &user.access_key)
        .env("VTELINK_STATE_DIR", state)
        .env("VTELINK_CONFIG_DIR", state.join("no-config"))
        .env("VTELINK_IMAP_PASSWORD", dovecot::PASSWORD)
        // Only the IMAP session lines (their round trips), not every CRM call.
        .env("VTELINK_LOG", "warn,vtelink::mail::imap=info")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&err_file).unwrap())
        .status()
        .unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let stderr = std::fs::read_to_string(&err_file).unwrap_or_default();
    assert!(
        status.success(),
        "vtelink {args:?} failed: {status}\n{stderr}"
    );
    let peak_rss_kib = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(0);
    Measured {
        seconds,
        peak_rss_kib,
        stderr,
    }
}

async fn crm() -> vtesim::Server {
    let config = vtesim::Config {
        latency_ms: LATENCY_MS,
        ..Default::default()
    };
    vtesim::Server::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

async fn run() -> Option<String> {
    let n: usize = std::env::var("VTELINK_BENCH_MAILBOX_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let mail = dovecot::Dovecot::start("bench mailbox")?;
    let mut imap = mail.alice();
    imap.create("Bench");
    let messages: Vec<Vec<u8>> = (0..n).map(email).collect();
    imap.append_all("Bench", "", &messages);
    imap.logout();
    let target = "4x143";
    let work = tempfile::tempdir().unwrap();

    // The same files, straight from Dovecot's Maildir.
    let maildir = mail.maildir(dovecot::USER, "Bench");
    let maildir_crm = crm().await;
    let state = work.path().join("maildir");
    std::fs::create_dir_all(&state).unwrap();
    let maildir_args = [
        "replay",
        "--maildir",
        maildir.to_str().unwrap(),
        "--to",
        target,
        "--concurrency",
        CONCURRENCY,
    ];
    let from_files = tokio::task::block_in_place(|| vtelink(&maildir_crm, &state, &maildir_args));

    let imap_crm = crm().await;
    let state = work.path().join("imap");
    std::fs::create_dir_all(&state).unwrap();
    let url = mail.imaps_url(dovecot::USER, "Bench");
    let ca = mail.ca_pem();
    let args = [
        "replay",
        "--imap",
        &url,
        "--ca-cert",
        ca.to_str().unwrap(),
        "--to",
        target,
        "--concurrency",
        CONCURRENCY,
    ];
    let from_imap = tokio::task::block_in_place(|| vtelink(&imap_crm, &state, &args));
    // The Maildir again, into another fresh CRM: how much the machine's load moved.
    let again_crm = crm().await;
    let state = work.path().join("maildir-again");
    std::fs::create_dir_all(&state).unwrap();
    let files_again = tokio::task::block_in_place(|| vtelink(&again_crm, &state, &maildir_args));
    // "imap HOST: N round trips" per session (the check at start, the folder).
    let round_trips: u64 = from_imap
        .stderr
        .lines()
        .filter(|l| {
            l.contains("imap ") && !l.contains("fetched") && l.trim_end().ends_with(" round trips")
        })
        .filter_map(|l| {
            l.trim_end()
                .strip_suffix(" round trips")?
                .rsplit(' ')
                .next()?
                .parse::<u64>()
                .ok()
        })
        .sum();

    let rate = |m: &Measured| n as f64 / m.seconds;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| source | messages | wall s | emails/s | peak RSS MiB | IMAP round trips | per 100 messages |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        out,
        "| Maildir (Dovecot's own files) | {n} | {:.1} | {:.1} | {:.1} | – | – |",
        from_files.seconds,
        rate(&from_files),
        from_files.peak_rss_kib as f64 / 1024.0
    );
    let _ = writeln!(
        out,
        "| IMAP (imaps://, same messages) | {n} | {:.1} | {:.1} | {:.1} | {round_trips} | {:.1} |",
        from_imap.seconds,
        rate(&from_imap),
        from_imap.peak_rss_kib as f64 / 1024.0,
        round_trips as f64 * 100.0 / n as f64
    );
    let _ = writeln!(
        out,
        "| Maildir again (after the IMAP run) | {n} | {:.1} | {:.1} | {:.1} | – | – |",
        files_again.seconds,
        rate(&files_again),
        files_again.peak_rss_kib as f64 / 1024.0
    );
    let files = (from_files.seconds + files_again.seconds) / 2.0;
    let _ = writeln!(
        out,
        "\nIMAP ÷ Maildir (mean of the two) wall time: {:.3}× (concurrency {CONCURRENCY}, vtesim --latency-ms {LATENCY_MS})",
        from_imap.seconds / files
    );
    Some(out)
}
