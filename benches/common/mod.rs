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
