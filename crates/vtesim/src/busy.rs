//! A busy server: a fixed number of PHP workers (`--php-workers`) and the time each operation
//! holds one (`--service-time`), with the busy time per operation for `/__vtesim/stats`.
//!
//! A request first pays the injected latency (the network, outside the server), then waits for
//! a free worker in arrival order (Apache's listen queue), then holds that worker while its body
//! is read, the operation runs and, if that took less than the operation's service time, for the
//! rest of it. The hold is a sleep: a CPU-bound PHP worker on a small server is modelled by
//! "this worker is taken for so long", not by burning the simulator's own CPU.
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Medians of wire fact 45 (vtenext CE 20.04.3, Apache + PHP 7.4 on 2 cores, idle), in ms.
/// `retrieve` costs what `query` costs; any other operation [`RECORDED_OTHER_MS`].
pub const RECORDED_MS: &[(&str, f64)] = &[
    ("getchallenge", 8.8),
    ("login", 10.7),
    ("query", 27.4),
    ("retrieve", 27.4),
    ("describe", 31.8),
    ("create Messages", 43.2),
    ("create Documents", 37.8),
    ("relate", 65.7),
];
pub const RECORDED_OTHER_MS: f64 = 20.0;

/// How long each operation holds a worker. Keys are an operation (`query`) or, for `create`,
/// the operation and its module (`create Messages`); the most specific key wins, then
/// `query`'s time for `retrieve`, then the time of every other operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceTime {
    ops: BTreeMap<String, Duration>,
    other: Duration,
    /// What it was built from, for the startup line and the stats (`recorded`, `none`, the list).
    spec: String,
}

impl Default for ServiceTime {
    fn default() -> Self {
        ServiceTime::none()
    }
}

fn millis(ms: f64) -> Duration {
    Duration::from_secs_f64(ms / 1000.0)
}

impl ServiceTime {
    /// Operations take only the time the simulator needs (the default).
    pub fn none() -> ServiceTime {
        ServiceTime {
            ops: BTreeMap::new(),
            other: Duration::ZERO,
            spec: "none".into(),
        }
    }

    /// The medians of wire fact 45.
    pub fn recorded() -> ServiceTime {
        ServiceTime {
            ops: RECORDED_MS
                .iter()
                .map(|(op, ms)| ((*op).to_string(), millis(*ms)))
                .collect(),
            other: millis(RECORDED_OTHER_MS),
            spec: "recorded".into(),
        }
    }

    /// True when no operation holds a worker longer than it runs.
    pub fn is_none(&self) -> bool {
        self.other.is_zero() && self.ops.values().all(Duration::is_zero)
    }

    /// The service time of `key` (`query`, `create Messages`, ...; see [`service_key`]).
    pub fn of(&self, key: &str) -> Duration {
        if let Some(d) = self.ops.get(key) {
            return *d;
        }
        let op = key.split(' ').next().unwrap_or(key);
        if let Some(d) = self.ops.get(op) {
            return *d;
        }
        if op == "retrieve"
            && let Some(d) = self.ops.get("query")
        {
            return *d;
        }
        self.other
    }
}

impl fmt::Display for ServiceTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.spec)
    }
}

impl FromStr for ServiceTime {
    type Err = String;

    /// `recorded`, `none`, or a list `OP=MS,...` (`query=30,create.Messages=45,*=20`): `*` is
    /// every other operation, a module after `create` is written `create.Messages` or
    /// `create Messages`. A list starts from nothing (other operations 0 ms) unless its first
    /// item is `recorded`: `recorded,relate=100` changes one time of the recorded set.
    fn from_str(text: &str) -> Result<ServiceTime, String> {
        let mut items = text.split(',').map(str::trim).peekable();
        let mut st = match items.peek().copied() {
            Some("recorded") => {
                items.next();
                ServiceTime::recorded()
            }
            Some("none") => {
                items.next();
                ServiceTime::none()
            }
            _ => ServiceTime::none(),
        };
        for item in items {
            let Some((op, ms)) = item.split_once('=') else {
                return Err(format!(
                    "expected recorded, none or OP=MS,... (like query=27.4,relate=65.7), not {item:?}"
                ));
            };
            let ms: f64 = ms
                .trim()
                .parse()
                .ok()
                .filter(|ms: &f64| ms.is_finite() && (0.0..=3_600_000.0).contains(ms))
                .ok_or_else(|| format!("not a number of milliseconds: {item:?}"))?;
            let op = op.trim();
            if op.is_empty() {
                return Err(format!("no operation before '=': {item:?}"));
            }
            if op == "*" {
                st.other = millis(ms);
                continue;
            }
            let (name, module) = match op.split_once(['.', ' ']) {
                Some((name, module)) => (name, Some(module.trim())),
                None => (op, None),
            };
            let key = match module {
                Some(module) => format!("{} {module}", name.to_ascii_lowercase()),
                None => name.to_ascii_lowercase(),
            };
            st.ops.insert(key, millis(ms));
        }
        st.spec = text.trim().to_string();
        Ok(st)
    }
}

/// The key a request is counted and timed under: the operation, and for `create` its module
/// (`create Messages`), as wire fact 45 names them.
pub fn service_key(op: &str, element_type: &str) -> String {
    if op == "create" && !element_type.is_empty() {
        format!("create {element_type}")
    } else {
        op.to_string()
    }
}

#[derive(Debug, Default)]
struct Counters {
    /// key → (calls, time a worker was held)
    by_key: BTreeMap<String, (u64, Duration)>,
    waited: Duration,
    waiting: usize,
    max_waiting: usize,
    in_use: usize,
    max_in_use: usize,
}

/// The server's workers: a fair semaphore (unlimited when `limit` is `None`) and the counters.
#[derive(Debug)]
pub struct Workers {
    limit: Option<usize>,
    slots: Option<std::sync::Arc<Semaphore>>,
    service: ServiceTime,
    counters: Mutex<Counters>,
}

/// A worker held by one request; give it back with [`Worker::finish`]. Dropped early (the
/// client went away), it is freed at once and counted under `(cancelled)`.
pub struct Worker<'a> {
    workers: &'a Workers,
    started: Instant,
    key: Option<String>,
    _permit: Option<OwnedSemaphorePermit>,
}

/// Counts a request as waiting for a worker until it has one (or gives up).
struct Waiting<'a>(&'a Workers, Instant);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        let mut c = self.0.counters();
        c.waiting -= 1;
        c.waited += self.1.elapsed();
    }
}

impl Workers {
    pub fn new(limit: Option<usize>, service: ServiceTime) -> Workers {
        Workers {
            slots: limit.map(|n| std::sync::Arc::new(Semaphore::new(n.max(1)))),
            limit: limit.map(|n| n.max(1)),
            service,
            counters: Mutex::new(Counters::default()),
        }
    }

    fn counters(&self) -> std::sync::MutexGuard<'_, Counters> {
        self.counters.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn limit(&self) -> Option<usize> {
        self.limit
    }

    pub fn service_time(&self) -> &ServiceTime {
        &self.service
    }

    /// Waits for a free worker, in arrival order.
    pub async fn acquire(&self) -> Worker<'_> {
        let permit = match &self.slots {
            Some(slots) => {
                {
                    let mut c = self.counters();
                    c.waiting += 1;
                    c.max_waiting = c.max_waiting.max(c.waiting);
                }
                let _waiting = Waiting(self, Instant::now());
                // The semaphore is never closed, so this always gets a permit.
                slots.clone().acquire_owned().await.ok()
            }
            None => None,
        };
        {
            let mut c = self.counters();
            c.in_use += 1;
            c.max_in_use = c.max_in_use.max(c.in_use);
        }
        Worker {
            workers: self,
            started: Instant::now(),
            key: None,
            _permit: permit,
        }
    }

    /// The `busy` object of `/__vtesim/stats`.
    pub fn stats_json(&self) -> Value {
        let c = self.counters();
        let ms = |d: Duration| (d.as_secs_f64() * 10_000.0).round() / 10.0;
        let busy: serde_json::Map<String, Value> = c
            .by_key
            .iter()
            .map(|(k, (_, d))| (k.clone(), json!(ms(*d))))
            .collect();
        let calls: serde_json::Map<String, Value> = c
            .by_key
            .iter()
            .map(|(k, (n, _))| (k.clone(), json!(n)))
            .collect();
        let total: Duration = c.by_key.values().map(|(_, d)| *d).sum();
        json!({
            "php_workers": self.limit,
            "service_time": self.service.to_string(),
            "busy_ms": busy,
            "calls": calls,
            "total_busy_ms": ms(total),
            "queue_wait_ms": ms(c.waited),
            "max_queued": c.max_waiting,
            "max_in_use": c.max_in_use,
        })
    }
}

impl Worker<'_> {
    /// Holds the worker for the rest of `key`'s service time, then frees it, counting the time
    /// it was held under `key`.
    pub async fn finish(mut self, key: &str) {
        let service = self.workers.service.of(key);
        let spent = self.started.elapsed();
        if service > spent {
            tokio::time::sleep(service - spent).await;
        }
        self.key = Some(key.to_string());
    }
}

impl Drop for Worker<'_> {
    fn drop(&mut self) {
        let held = self.started.elapsed();
        let key = self.key.take().unwrap_or_else(|| "(cancelled)".into());
        let mut c = self.workers.counters();
        let entry = c.by_key.entry(key).or_default();
        entry.0 += 1;
        entry.1 += held;
        c.in_use -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_service_times() {
        let r: ServiceTime = "recorded".parse().unwrap();
        assert_eq!(r, ServiceTime::recorded());
        assert_eq!(r.of("getchallenge"), millis(8.8));
        assert_eq!(r.of("create Messages"), millis(43.2));
        assert_eq!(r.of("create Documents"), millis(37.8));
        assert_eq!(r.of("create Contacts"), millis(20.0));
        assert_eq!(r.of("retrieve"), millis(27.4));
        assert_eq!(r.of("logout"), millis(20.0));
        assert!("none".parse::<ServiceTime>().unwrap().is_none());

        let l: ServiceTime = "query=30, create.Messages=45,create Documents=40,*=5"
            .parse()
            .unwrap();
        assert_eq!(l.of("query"), millis(30.0));
        assert_eq!(l.of("retrieve"), millis(30.0), "retrieve follows query");
        assert_eq!(l.of("create Messages"), millis(45.0));
        assert_eq!(l.of("create Documents"), millis(40.0));
        assert_eq!(l.of("create Contacts"), millis(5.0));
        assert_eq!(l.of("relate"), millis(5.0));
        assert_eq!(
            l.to_string(),
            "query=30, create.Messages=45,create Documents=40,*=5"
        );

        let o: ServiceTime = "recorded,relate=100".parse().unwrap();
        assert_eq!(o.of("relate"), millis(100.0));
        assert_eq!(o.of("query"), millis(27.4));
        let only: ServiceTime = "relate=10".parse().unwrap();
        assert_eq!(only.of("query"), Duration::ZERO, "a list starts from none");
        let all: ServiceTime = "*=10".parse().unwrap();
        assert_eq!(all.of("query"), millis(10.0));

        for bad in [
            "",
            "fast",
            "query",
            "query=",
            "query=-1",
            "query=abc",
            "=5",
            "x=NaN",
        ] {
            assert!(bad.parse::<ServiceTime>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn keys_name_the_module_of_create() {
        assert_eq!(service_key("create", "Messages"), "create Messages");
        assert_eq!(service_key("create", ""), "create");
        assert_eq!(service_key("query", "Messages"), "query");
    }
}
