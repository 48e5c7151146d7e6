//! Timing helpers the benches share.

use std::time::{Duration, Instant};

/// The median time of `rounds` runs of `f`.
pub async fn median<F, Fut>(rounds: usize, f: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        f().await;
        times.push(t.elapsed());
    }
    median_of(times)
}

pub fn median_of(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Run `table` on a two-thread runtime (like the CLI), print the Markdown it
/// returns and keep it in `target/bench-<name>.md`.
pub fn print_table<F: std::future::Future<Output = String>>(name: &str, table: F) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let table = runtime.block_on(table);
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-{name}.md"));
    let _ = std::fs::write(&path, &table);
    println!("{table}");
    println!("(written to {})", path.display());
}

/// A vtesim with `config` and a session for its admin; the bare client too,
/// for the baseline round trip.
pub async fn admin_session(
    config: vtesim::Config,
) -> (
    vtesim::Server,
    vtelink::crm::Client,
    vtelink::crm::Connection,
) {
    use vtelink::crm::{AccessKeyRenew, Client, ClientOptions, Connection};
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
    (server, client, conn)
}
