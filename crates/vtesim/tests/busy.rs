//! A busy server (`--php-workers`, `--service-time`): requests queue for a worker, each holds
//! it for its operation's service time, the stats report the busy time, and the injected
//! latency comes on top, outside the worker. Lower bounds are exact (a sleep is never shorter);
//! upper bounds leave room for a loaded machine.
mod common;

use common::{Client, access_key, start};
use serde_json::Value;
use std::time::{Duration, Instant};
use vtesim::{Config, ServiceTime};

fn busy(workers: Option<usize>, service: &str, latency_ms: u64) -> Config {
    Config {
        php_workers: workers,
        service_time: service.parse().expect("service time"),
        latency_ms,
        ..Config::default()
    }
}

/// `n` getchallenge calls sent at once; the wall time until the last answer.
async fn concurrent_challenges(c: &Client, n: usize) -> Duration {
    let started = Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..n {
        let (http, ws) = (c.http.clone(), c.ws.clone());
        calls.spawn(async move {
            let v: Value = http
                .get(ws)
                .query(&[("operation", "getchallenge"), ("username", "admin")])
                .send()
                .await
                .expect("answers")
                .json()
                .await
                .expect("json");
            v["success"] == true
        });
    }
    let answered = calls.join_all().await;
    assert!(answered.iter().all(|ok| *ok), "every call answered");
    started.elapsed()
}

async fn stats(server: &vtesim::Server) -> Value {
    reqwest::get(format!("{}/__vtesim/stats", server.url()))
        .await
        .expect("stats")
        .json()
        .await
        .expect("json")
}

fn ms(v: &Value) -> f64 {
    v.as_f64().unwrap_or(-1.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_serve_n_calls_in_n_halves_of_the_service_time() {
    let server = start(busy(Some(2), "getchallenge=100", 0)).await;
    let c = Client::new(&server);
    let _ = c.token("admin").await; // warm up: connection set-up is not the server's work
    let took = concurrent_challenges(&c, 6).await;
    assert!(
        took >= Duration::from_millis(300),
        "6 calls on 2 workers at 100 ms each take 3 × 100 ms at least: {took:?}"
    );
    assert!(took < Duration::from_millis(600), "{took:?}");

    let s = stats(&server).await;
    let b = &s["busy"];
    assert_eq!(b["php_workers"], 2);
    assert_eq!(b["service_time"], "getchallenge=100");
    assert_eq!(b["calls"]["getchallenge"], 7);
    let busy_ms = ms(&b["busy_ms"]["getchallenge"]);
    assert!((700.0..1400.0).contains(&busy_ms), "7 × 100 ms: {busy_ms}");
    assert!(ms(&b["total_busy_ms"]) >= busy_ms);
    assert_eq!(b["max_in_use"], 2, "never more than 2 at once");
    assert!(b["max_queued"].as_u64() >= Some(3), "{b}");
    // 4 calls waited 1 or 2 rounds: 2 × 100 + 2 × 200 ms at least.
    assert!(ms(&b["queue_wait_ms"]) >= 590.0, "{b}");
    // The existing counters keep their format.
    assert_eq!(s["requests"]["getchallenge"], 7);
    assert!(s["records"]["Contacts"].as_u64() > Some(0));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_worker_limit_calls_overlap() {
    let server = start(busy(None, "getchallenge=100", 0)).await;
    let c = Client::new(&server);
    let _ = c.token("admin").await;
    let took = concurrent_challenges(&c, 6).await;
    assert!(took >= Duration::from_millis(100), "{took:?}");
    assert!(
        took < Duration::from_millis(290),
        "unlimited workers: 6 calls overlap: {took:?}"
    );
    let b = stats(&server).await["busy"].clone();
    assert_eq!(b["php_workers"], Value::Null);
    assert!(ms(&b["busy_ms"]["getchallenge"]) >= 700.0, "{b}");
    assert_eq!(b["queue_wait_ms"], 0.0);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_is_outside_the_worker_and_adds_on_top() {
    // One worker, 100 ms of service and 100 ms of latency: one call takes 200 ms; two sent at
    // once take 300 ms (both latencies run together, then the two services one after the
    // other), not 400 ms as if the latency held the worker.
    let server = start(busy(Some(1), "getchallenge=100", 100)).await;
    let c = Client::new(&server);
    let started = Instant::now();
    let _ = c.token("admin").await;
    let one = started.elapsed();
    assert!(one >= Duration::from_millis(200), "{one:?}");
    assert!(one < Duration::from_millis(380), "{one:?}");
    let two = concurrent_challenges(&c, 2).await;
    assert!(two >= Duration::from_millis(300), "{two:?}");
    assert!(two < Duration::from_millis(390), "{two:?}");
    let b = stats(&server).await["busy"].clone();
    let busy_ms = ms(&b["busy_ms"]["getchallenge"]);
    assert!(
        (300.0..450.0).contains(&busy_ms),
        "latency is not busy time: {b}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn recorded_times_per_operation_and_create_by_module() {
    let server = start(busy(Some(2), "recorded", 0)).await;
    let c = Client::new(&server);
    let session = c.session("admin", &access_key(&server, "admin")).await;
    let element = serde_json::json!({"subject": "busy", "messageid": "<busy-1@vtesim.test>",
        "assigned_user_id": "19x1"})
    .to_string();
    let created = c
        .post_json(&[
            ("operation", "create"),
            ("sessionName", &session),
            ("elementType", "Messages"),
            ("element", &element),
        ])
        .await;
    assert_eq!(created["success"], true, "{created}");
    let _ = c
        .query(&session, "SELECT id FROM Contacts WHERE id = '4x143';")
        .await;
    let s = stats(&server).await;
    let b = &s["busy"];
    assert_eq!(b["service_time"], "recorded");
    for (key, floor) in [
        ("getchallenge", 8.8),
        ("login", 10.7),
        ("create Messages", 43.2),
        ("query", 27.4),
    ] {
        assert_eq!(b["calls"][key], 1, "{key}: {b}");
        let got = ms(&b["busy_ms"][key]);
        assert!((floor..floor + 60.0).contains(&got), "{key}: {got} ms");
    }
    // `requests` still counts operations, whatever the module.
    assert_eq!(s["requests"]["create"], 1);
    let line = server.startup_json();
    assert_eq!(line["php_workers"], 2);
    assert_eq!(line["service_time"], "recorded");
    server.shutdown().await;
}

#[test]
fn service_time_specs() {
    assert_eq!(
        "recorded".parse::<ServiceTime>(),
        Ok(ServiceTime::recorded())
    );
    assert!("none".parse::<ServiceTime>().is_ok_and(|s| s.is_none()));
    assert!("fast".parse::<ServiceTime>().is_err());
    assert_eq!(Config::default().php_workers, None);
    assert!(Config::default().service_time.is_none());
}
