//! Replay throughput against a CRM 150 ms away: the built `vtelink replay`
//! at several concurrencies, a naive sequential script (one `vtelink link`
//! process per email) measured in the same run, and the ideal bound
//! (round trips per email × latency ÷ concurrency). Also peak RSS and the
//! journal's cost per entry. Run: `cargo bench --bench replay` (writes
//! `target/bench-replay.md`). `VTELINK_BENCH_REPLAY_N` (default 1000) is the
//! number of emails at concurrency 8 and 16; the slow rows use fewer (see
//! the table) so the whole run stays under ~10 minutes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use vtelink::batch::journal::{Claim, Journal};
use vtelink::batch::{Entry, Outcome, Targets};

/// Sequential round trips of one new email with up to 8 attachments: the
/// link plan's three waves (look up ∥ check; create ∥ upload; relate).
const SEQUENTIAL_ROUND_TRIPS: f64 = 3.0;

const LATENCY_MS: u64 = 150;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let table = runtime.block_on(run());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-replay.md");
    let _ = std::fs::write(&path, &table);
    println!("{table}");
    println!("(written to {})", path.display());
}

/// A new email with one attachment: 5 round trips to link.
fn write_email(dir: &Path, run: &str, n: usize) -> PathBuf {
    let path = dir.join(format!("{run}-{n}.eml"));
    let text = format!(
        "From: Bench <bench-{n}@example.org>\r\nTo: support@example.com\r\n\
         Subject: bench {run} {n}\r\nMessage-ID: <bench-{run}-{n}@vtelink.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nHello.\r\n\
         --b\r\nContent-Type: application/pdf\r\n\
         Content-Disposition: attachment; filename=\"quote.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcfsj6IK\r\n--b--\r\n"
    );
    std::fs::write(&path, text).unwrap();
    path
}

struct Measured {
    seconds: f64,
    peak_rss_kib: u64,
}

/// Run `vtelink` with env credentials under `/usr/bin/time` (peak RSS).
fn vtelink(url: &str, user: &vtesim::SeedUser, state: &Path, args: &[&str]) -> Measured {
    let rss_file = state.join("rss.txt");
    let start = Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&rss_file)
        .arg(env!("CARGO_BIN_EXE_vtelink"))
        .args(args)
        .env("VTELINK_URL", url)
        .env("VTELINK_USER", &user.name)
        .env("VTELINK_ACCESS_KEY", &user.access_key)
        .env("VTELINK_STATE_DIR", state)
        .env("VTELINK_CONFIG_DIR", state.join("no-config"))
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    let seconds = start.elapsed().as_secs_f64();
    assert!(status.success(), "vtelink {args:?} failed: {status}");
    let peak_rss_kib = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(0);
    Measured {
        seconds,
        peak_rss_kib,
    }
}

async fn run() -> String {
    let n_big: usize = std::env::var("VTELINK_BENCH_REPLAY_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let config = vtesim::Config {
        latency_ms: LATENCY_MS,
        ..Default::default()
    };
    let server = vtesim::Server::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let url = server.url().to_owned();
    let admin = server.user("admin").unwrap().clone();
    let work = tempfile::tempdir().unwrap();
    let target = "4x143";

    // Calls of one new link, measured. The ideal bound counts sequential
    // round trips instead: the link plan's three waves for an email with up
    // to 8 attachments (docs/protocol.md §5); the calls inside a wave run at once.
    let probe = write_email(work.path(), "probe", 0);
    let out = Command::new(env!("CARGO_BIN_EXE_vtelink"))
        .args(["--json", "link", probe.to_str().unwrap(), "--to", target])
        .env("VTELINK_URL", &url)
        .env("VTELINK_USER", &admin.name)
        .env("VTELINK_ACCESS_KEY", &admin.access_key)
        .env("VTELINK_CONFIG_DIR", work.path().join("no-config"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let calls = report["requests"].as_u64().unwrap_or(0);
    let round_trips = SEQUENTIAL_ROUND_TRIPS;
    let seconds_per_trip = LATENCY_MS as f64 / 1000.0;

    let mut out = String::new();
    let _ = writeln!(
        out,
        "| run | emails | wall s | emails/s | × tool sequential | ideal emails/s | ideal ÷ measured | peak RSS MiB |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|");

    // The naive script: one `vtelink link` process per email, one after the other.
    let n_naive = (n_big / 20).max(10);
    let state = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = (0..n_naive)
        .map(|n| write_email(work.path(), "naive", n))
        .collect();
    let start = Instant::now();
    let mut naive_rss = 0;
    for file in &files {
        let m = vtelink(
            &url,
            &admin,
            state.path(),
            &["link", file.to_str().unwrap(), "--to", target],
        );
        naive_rss = naive_rss.max(m.peak_rss_kib);
    }
    let naive_rate = n_naive as f64 / start.elapsed().as_secs_f64();
    let _ = writeln!(
        out,
        "| naive script (`vtelink link` per email) | {n_naive} | {:.1} | {naive_rate:.2} | – | {:.2} | {:.2} | {:.1} |",
        start.elapsed().as_secs_f64(),
        1.0 / (round_trips * seconds_per_trip),
        (1.0 / (round_trips * seconds_per_trip)) / naive_rate,
        naive_rss as f64 / 1024.0
    );

    let mut sequential_rate = 0.0;
    for concurrency in [1usize, 4, 8, 16] {
        let n = match concurrency {
            1 => (n_big / 10).max(10),
            4 => (n_big / 2).max(10),
            _ => n_big,
        };
        let run = format!("c{concurrency}");
        let dir = work.path().join(&run);
        std::fs::create_dir(&dir).unwrap();
        let mut manifest = String::from("file,to\n");
        for i in 0..n {
            let file = write_email(&dir, &run, i);
            let _ = writeln!(manifest, "{},{target}", file.display());
        }
        let manifest_path = dir.join("manifest.csv");
        std::fs::write(&manifest_path, manifest).unwrap();
        let state = tempfile::tempdir().unwrap();
        let c = concurrency.to_string();
        let m = vtelink(
            &url,
            &admin,
            state.path(),
            &[
                "--quiet",
                "replay",
                "--concurrency",
                &c,
                manifest_path.to_str().unwrap(),
            ],
        );
        let rate = n as f64 / m.seconds;
        if concurrency == 1 {
            sequential_rate = rate;
        }
        let ideal = concurrency as f64 / (round_trips * seconds_per_trip);
        let _ = writeln!(
            out,
            "| `vtelink replay --concurrency {concurrency}` | {n} | {:.1} | {rate:.2} | {:.1}× | {ideal:.2} | {:.2} | {:.1} |",
            m.seconds,
            rate / sequential_rate,
            ideal / rate,
            m.peak_rss_kib as f64 / 1024.0
        );
    }
    let _ = writeln!(
        out,
        "\nPer new email (one 1-attachment email, one target): {calls} calls (measured) in {round_trips} sequential round trips \
         (the link plan's waves); latency {LATENCY_MS} ms; ideal = concurrency ÷ (sequential round trips × latency). \
         Each replay run includes its process start and login."
    );
    server.shutdown().await;

    // The journal alone: claim + started + finished per entry, and a resume
    // that passes over 100,000 done entries.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.sqlite");
    let crm = vtelink::auth::CrmIdentity {
        url: "http://127.0.0.1:8080".into(),
        user: "admin".into(),
    };
    let journal = Journal::open(&path, &crm).unwrap();
    let entries = 100_000u64;
    let entry = |seq: u64| Entry {
        seq,
        key: format!("key-{seq}"),
        origin: vtelink::l10n::Msg::verbatim(&format!("manifest.csv line {seq}")),
        file: PathBuf::from(format!("mails/{seq}.eml")),
        data: None,
        targets: Targets::Ids(vec!["4x143".into()]),
        extra: Default::default(),
    };
    let outcome = Outcome::Linked {
        message: "44x1".into(),
        documents: 1,
        related_to: vec!["4x143".into()],
    };
    let start = Instant::now();
    for seq in 1..=entries {
        let e = entry(seq);
        assert_eq!(journal.claim(&e).unwrap(), Claim::Run);
        journal.started(&e.key).unwrap();
        journal.finished(&e.key, &outcome, 1).unwrap();
    }
    let per_entry = start.elapsed() / entries as u32;
    drop(journal);
    let size = std::fs::metadata(&path).map_or(0, |m| m.len())
        + std::fs::metadata(path.with_extension("sqlite-wal")).map_or(0, |m| m.len());
    let start = Instant::now();
    let journal = Journal::open(&path, &crm).unwrap();
    let opened = start.elapsed();
    for seq in 1..=entries {
        assert_eq!(journal.claim(&entry(seq)).unwrap(), Claim::DoneBefore);
    }
    let skipped = start.elapsed();
    let _ = writeln!(
        out,
        "\nJournal: {:.1} µs per entry for its three writes (queued, started, done; one transaction each), \
         {:.0} bytes per entry on disk. Resuming {entries} done entries: journal open {:.1} ms, \
         passing over all of them {:.0} ms ({:?} per entry).",
        per_entry.as_secs_f64() * 1e6,
        size as f64 / entries as f64,
        opened.as_secs_f64() * 1e3,
        skipped.as_secs_f64() * 1e3,
        skipped / entries as u32
    );
    out
}
