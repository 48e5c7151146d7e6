//! Suggestion cost: webservice calls and wall time per `suggest`, against a
//! vtesim 150 ms away (a customer's CRM over a VPN), with a session already
//! open. The baseline, measured in the same run, is one bare round trip
//! (`getchallenge`), so the table reads "N round trips' worth" on any
//! machine. Run: `cargo bench --bench suggest` (writes `target/bench-suggest.md`).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

mod common;
use common::{median, median_of, ms};

const CASES: &[(&str, &[u8], u32)] = &[
    (
        "sender only (contact)",
        include_bytes!("../tests/fixtures/suggest-eval/plain-contact.eml"),
        3,
    ),
    (
        "sender + Cc (two contacts)",
        include_bytes!("../tests/fixtures/suggest-eval/cc-known-sender.eml"),
        3,
    ),
    (
        "thread reply from a stranger",
        include_bytes!("../tests/fixtures/suggest-eval/thread-stranger-free-mail.eml"),
        4,
    ),
];

fn main() {
    common::print_table("suggest", run());
}

async fn run() -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| CRM | email | calls | wave minimum | baseline: 1 round trip | suggest | suggest ÷ baseline |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|");
    for (crm_name, contacts) in [("seeded small CRM", 200usize), ("100k contacts", 100_000)] {
        let config = vtesim::Config {
            latency_ms: 150,
            contacts,
            ..Default::default()
        };
        let (server, client, conn) = common::admin_session(config).await;
        let baseline = median(3, || async {
            client.getchallenge("admin").await.unwrap();
        })
        .await;
        for (email_name, raw, waves) in CASES {
            let email = vtelink::mail::parse_bytes(raw, Path::new("bench.eml")).unwrap();
            let mut calls = 0;
            let mut times = Vec::new();
            for _ in 0..3 {
                let t = Instant::now();
                let found = vtelink::cli::suggest::suggestions_for(&conn, &email, 10)
                    .await
                    .unwrap();
                times.push(t.elapsed());
                calls = found.requests;
            }
            let time = median_of(times);
            let _ = writeln!(
                out,
                "| {crm_name} | {email_name} | {calls} | {waves} | {:.1} ms | {:.1} ms | {:.1}× |",
                ms(baseline),
                ms(time),
                time.as_secs_f64() / baseline.as_secs_f64().max(1e-9)
            );
        }
        server.shutdown().await;
    }
    out
}
