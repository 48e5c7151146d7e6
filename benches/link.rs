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

use vtelink::crm::{AccessKeyRenew, Client, ClientOptions, Connection};
use vtelink::link::{self, Outgoing};

const SAMPLE: &[u8] = include_bytes!("../src/cli/demo-quote-request.eml");

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let table = runtime.block_on(run());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-link.md");
    let _ = std::fs::write(&path, &table);
    println!("{table}");
    println!("(written to {})", path.display());
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
        let server = vtesim::Server::start(config, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let admin = server.user("admin").unwrap().clone();
        let client = Client::new(server.url(), &ClientOptions::default()).unwrap();
        let key = vtelink::redact::Secret::new(admin.access_key.clone());
        let session = client.login(&admin.name, &key).await.unwrap();
        let conn = Connection::new(
            client.clone(),
            session,
            Box::new(AccessKeyRenew {
                user: admin.name.clone(),
                access_key: key,
            }),
        );

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
