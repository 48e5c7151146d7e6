//! Pacing and back-off: a request-rate limit shared by every worker, and
//! the waits between attempts of an entry.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// At most `rps` requests a second across all callers: each request takes the
/// next free slot, `1/rps` after the previous one (no bursts).
#[derive(Debug)]
pub struct RateLimit {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl RateLimit {
    /// `None` for a rate that is not a positive number.
    pub fn per_second(rps: f64) -> Option<RateLimit> {
        if !(rps.is_finite() && rps > 0.0) {
            return None;
        }
        Some(RateLimit {
            interval: Duration::from_secs_f64(1.0 / rps),
            next: Mutex::new(None),
        })
    }

    /// Reserve the next slot; the caller waits until it.
    fn reserve(&self) -> Instant {
        let now = Instant::now();
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let slot = next.map_or(now, |n| n.max(now));
        *next = Some(slot + self.interval);
        slot
    }

    pub async fn wait(&self) {
        tokio::time::sleep_until(self.reserve()).await;
    }
}

impl crate::crm::Pace for RateLimit {
    fn wait(&self) -> crate::crm::BoxFuture<'_, ()> {
        Box::pin(RateLimit::wait(self))
    }
}

/// How long to wait before attempt `attempt + 1` (attempt counts from 1):
/// exponential from `base`, capped, with "equal jitter" (half fixed, half
/// random) so workers that failed together do not retry together.
pub fn backoff(base: Duration, attempt: u32, salt: u64) -> Duration {
    let cap = Duration::from_secs(30);
    let exp = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(10));
    let full = exp.min(cap);
    let half = full / 2;
    half + half.mul_f64(unit_random(salt ^ u64::from(attempt)))
}

/// A number in [0, 1) that differs per call (no `rand` in the tree for one jitter).
fn unit_random(salt: u64) -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(salt);
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let base = Duration::from_millis(100);
        for attempt in 1..6 {
            let d = backoff(base, attempt, 7);
            let full = base * (1 << (attempt - 1));
            assert!(d >= full / 2 && d <= full, "{attempt}: {d:?}");
        }
        assert!(backoff(base, 40, 1) <= Duration::from_secs(30));
    }

    #[tokio::test]
    async fn rate_limit_spaces_requests_across_callers() {
        let limit = std::sync::Arc::new(RateLimit::per_second(40.0).unwrap());
        let start = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let limit = limit.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..5 {
                    limit.wait().await;
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        // 20 requests at 40/s: the last one goes at 475 ms.
        let elapsed = start.elapsed();
        assert!(elapsed >= Duration::from_millis(470), "{elapsed:?}");
        assert!(RateLimit::per_second(0.0).is_none());
    }
}
