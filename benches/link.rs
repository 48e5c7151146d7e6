//! Linking cost: webservice round trips and wall time per email, against a
//! vtesim that adds the latency of a customer's CRM over a VPN. The baseline,
//! measured in the same run, is one bare round trip (`getchallenge`), so the
//! table reads "a link costs N round trips' worth of time" whatever the
//! machine. Run: `cargo bench --bench link` (writes `target/bench-link.md`).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

mod common;
use common::{median, median_of, ms};

use vtelink::link::{self, Outgoing};

const SAMPLE: &[u8] = include_bytes!("../src/cli/demo-quote-request.eml");

fn main() {
    common::print_table("link", run());
}

async fn run() -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| CRM latency | baseline: 1 round trip | link, new email | link again (no-op) | round trips new / again | new ÷ baseline |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|");
    for latency_ms in [0u64, 20, 150] {
        let config = vtesim::Config {
            latency_ms,
            ..Default::default()
        };
        let (server, client, conn) = common::admin_session(config).await;

        let rounds = if latency_ms >= 150 { 3 } else { 10 };
        let baseline = median(rounds, || async {
            client.getchallenge("admin").await.unwrap();
        })
        .await;

        let email = vtelink::mail::parse_bytes(SAMPLE, Path::new("sample.eml")).unwrap();
        let mut new_requests = 0;
        let mut again_requests = 0;
        let mut new_times = Vec::new();
        let mut again_times = Vec::new();
        for i in 0..rounds {
            // A distinct Message-ID per round: each is a new email to the CRM.
            let mut outgoing = Outgoing::from_email(email.clone(), SAMPLE);
            outgoing.message_id = Some(format!("<bench-{latency_ms}-{i}@vtelink.test>"));
            let t = Instant::now();
            let report = link::link(&conn, &outgoing, &["4x143".to_owned()], false)
                .await
                .unwrap();
            new_times.push(t.elapsed());
            new_requests = report.requests;
            let t = Instant::now();
            let report = link::link(&conn, &outgoing, &["4x143".to_owned()], false)
                .await
                .unwrap();
            again_times.push(t.elapsed());
            again_requests = report.requests;
        }
        let new = median_of(new_times);
        let again = median_of(again_times);
        let _ = writeln!(
            out,
            "| {latency_ms} ms | {:.1} ms | {:.1} ms | {:.1} ms | {new_requests} / {again_requests} | {:.1}× |",
            ms(baseline),
            ms(new),
            ms(again),
            new.as_secs_f64() / baseline.as_secs_f64().max(1e-9)
        );
        server.shutdown().await;
    }
    out
}
