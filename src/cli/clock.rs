//! Time limits: `--timeout` (the whole command) and `--call-timeout` (one
//! CRM request), their defaults, and the whole-command clock, which stands
//! still while vtelink waits for the user (a prompt, the picker, an SSO
//! approval): only the time vtelink itself takes counts.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// A CRM command (not `replay`, `demo`, `parse`, `completions`) gives up
/// after this long unless `--timeout` / `VTELINK_TIMEOUT` say otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// One request to the CRM gives up after this long (uploads get more time
/// per byte, see `crm::ClientOptions`); idempotent ones are then retried.
pub const DEFAULT_CALL_TIMEOUT: Duration = crate::crm::DEFAULT_CALL_TIMEOUT;

/// `--timeout 90`, `90s`, `1.5m`, `500ms`; `0` means no limit.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, "s"),
    };
    let scale = match unit {
        "ms" => 0.001,
        "s" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        _ => return Err(crate::t!("duration-unknown-unit", unit = unit)),
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| crate::t!("duration-invalid", text = text))?;
    let seconds = value * scale;
    if !(0.0..=366.0 * 86400.0).contains(&seconds) {
        return Err(crate::t!("duration-out-of-range", text = text));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// `Some(limit)`, or `None` for "no limit" (a zero duration).
pub fn limit(duration: Duration) -> Option<Duration> {
    (!duration.is_zero()).then_some(duration)
}

/// Text for messages: `60 s`, `1.5 s`, `500 ms`.
pub fn show(duration: Duration) -> String {
    crate::sanitize::human_duration(duration)
}

#[derive(Debug)]
struct State {
    deadline: Option<Instant>,
    paused: u32,
    paused_since: Option<Instant>,
}

/// The whole-command deadline.
#[derive(Debug)]
pub struct Clock {
    limit: Option<Duration>,
    state: Mutex<State>,
    resumed: tokio::sync::Notify,
}

impl Clock {
    /// Starts now; `None` never expires.
    pub fn new(limit: Option<Duration>) -> Clock {
        Clock {
            limit,
            state: Mutex::new(State {
                deadline: limit.map(|l| Instant::now() + l),
                paused: 0,
                paused_since: None,
            }),
            resumed: tokio::sync::Notify::new(),
        }
    }

    pub fn limit(&self) -> Option<Duration> {
        self.limit
    }

    /// Stop the clock until the guard is dropped (waiting for the user).
    pub fn pause(&self) -> Paused<'_> {
        if let Ok(mut state) = self.state.lock() {
            if state.paused == 0 {
                state.paused_since = Some(Instant::now());
            }
            state.paused += 1;
        }
        Paused { clock: self }
    }

    fn resume(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.paused = state.paused.saturating_sub(1);
            if state.paused == 0
                && let Some(since) = state.paused_since.take()
            {
                let waited = since.elapsed();
                state.deadline = state.deadline.map(|d| d + waited);
            }
        }
        self.resumed.notify_one();
    }

    /// Resolves when the deadline has passed with the clock running; never
    /// without a limit.
    pub async fn expired(&self) {
        loop {
            let (deadline, paused) = match self.state.lock() {
                Ok(state) => (state.deadline, state.paused > 0),
                Err(_) => (None, false),
            };
            let Some(deadline) = deadline else {
                return std::future::pending().await;
            };
            if paused {
                self.resumed.notified().await;
                continue;
            }
            if Instant::now() >= deadline {
                return;
            }
            tokio::select! {
                _ = tokio::time::sleep_until(deadline) => {}
                _ = self.resumed.notified() => {}
            }
        }
    }
}

/// While this lives, the whole-command clock stands still.
pub struct Paused<'a> {
    clock: &'a Clock,
}

impl Drop for Paused<'_> {
    fn drop(&mut self) {
        self.clock.resume();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1.5m"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert!(parse_duration("-1").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 days").is_err());
        assert_eq!(show(Duration::from_secs(60)), "60 s");
        assert_eq!(show(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(limit(Duration::ZERO), None);
    }

    #[tokio::test]
    async fn the_clock_stands_still_while_paused() {
        let clock = Clock::new(Some(Duration::from_millis(100)));
        let started = Instant::now();
        {
            let _paused = clock.pause();
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        clock.expired().await;
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(400), "{took:?}");
        assert!(Clock::new(None).limit().is_none());
    }
}
