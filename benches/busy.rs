//! A busy CRM: vtesim with 2 PHP workers and the recorded service times
//! (`--php-workers 2 --service-time recorded`, wire fact 45), everything in
//! one run on one simulator.
//!
//! 1. Calls per email by operation and the server's busy ms per email, read
//!    from `/__vtesim/stats` around: a replay of 200 emails with 1 attachment
//!    and 1 Contact target; a replay of 40 emails with 5 attachments and 2
//!    targets (a Contact and its Account); one `vtelink link` of 20 files.
//! 2. Replay throughput at concurrency 1, 2, 4 and 8 against a naive
//!    4-worker script measured in the same run (before and after the replay
//!    rows; the ratio is to their mean).
//!
//! Run: `cargo bench --bench busy` (writes `target/bench-busy.md`).
//! `VTELINK_BENCH_BUSY_N` (default 60) is the number of emails per
//! throughput row; `VTELINK_BENCH_BUSY_SCALE` (default 1.0) scales the
//! call-count runs (200, 40, 20 emails).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

#[allow(dead_code)] // the helpers other benches use
mod common;

use md5::Digest as _;
use serde_json::Value;

const WORKERS: usize = 2;
const CONTACT: &str = "4x143";
const ACCOUNT: &str = "3x140"; // the Contact's Account
const ATTACHMENT_BYTES: usize = 8 * 1024;
/// Operation keys of the stats, in the order of a link.
const OPS: &[&str] = &[
    "getchallenge",
    "login",
    "describe",
    "retrieve",
    "query",
    "create Messages",
    "create Documents",
    "relate",
];

fn main() {
    common::print_table("busy", run());
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn payload(seed: usize) -> Vec<u8> {
    (0..ATTACHMENT_BYTES)
        .map(|i| ((i * 31 + seed * 7) % 251) as u8)
        .collect()
}

/// A new email with `attachments` attachments, written as an .eml.
fn write_email(dir: &Path, run: &str, n: usize, attachments: usize) -> PathBuf {
    use base64::Engine as _;
    let path = dir.join(format!("{run}-{n}.eml"));
    let mut text = format!(
        "From: John Smith <john.smith@acme-example.com>\r\nTo: sales@example.com\r\n\
         Subject: busy {run} {n}\r\nMessage-ID: <busy-{run}-{n}@vtelink.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nHello.\r\n"
    );
    for a in 0..attachments {
        let data = base64::engine::general_purpose::STANDARD.encode(payload(n * 8 + a));
        let _ = write!(
            text,
            "--b\r\nContent-Type: application/pdf\r\n\
             Content-Disposition: attachment; filename=\"quote{a}.pdf\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n"
        );
        for line in data.as_bytes().chunks(76) {
            text.push_str(std::str::from_utf8(line).unwrap());
            text.push_str("\r\n");
        }
    }
    text.push_str("--b--\r\n");
    std::fs::write(&path, text).unwrap();
    path
}

/// A manifest of `n` new emails, all to `to` (ids separated by `;`).
fn manifest(dir: &Path, run: &str, n: usize, attachments: usize, to: &str) -> PathBuf {
    let dir = dir.join(run);
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::from("file,to\n");
    for i in 0..n {
        let file = write_email(&dir, run, i, attachments);
        let _ = writeln!(text, "{},{to}", file.display());
    }
    let path = dir.join("manifest.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// The built `vtelink` with env credentials as admin, in a fresh state
/// folder; the wall time of the whole process.
fn vtelink(url: &str, user: &vtesim::SeedUser, args: &[&str]) -> f64 {
    let state = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_vtelink"))
        .args(args)
        .env("VTELINK_URL", url)
        .env("VTELINK_USER", &user.name)
        .env("VTELINK_ACCESS_KEY", &user.access_key)
        .env("VTELINK_STATE_DIR", state.path())
        .env("VTELINK_CONFIG_DIR", state.path().join("no-config"))
        .env_remove("VTELINK_PROFILE")
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    let seconds = start.elapsed().as_secs_f64();
    assert!(status.success(), "vtelink {args:?} failed: {status}");
    seconds
}

/// The simulator's `busy` counters.
/// Run `vtelink ARGS` once and count what it cost the server: a row maker
/// for the calls-per-email table, given the row's label.
async fn counted_row(
    url: &str,
    user: &vtesim::SeedUser,
    args: &[&str],
    emails: usize,
) -> impl Fn(&str) -> String {
    let before = busy(url).await;
    vtelink(url, user, args);
    let work = Work::between(&before, &busy(url).await);
    move |label| work.row(label, emails)
}

async fn busy(url: &str) -> Value {
    let v: Value = reqwest::get(format!("{url}/__vtesim/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["busy"].clone()
}

/// What happened on the server between two readings of its counters.
struct Work {
    /// key → (calls, busy ms)
    ops: BTreeMap<String, (f64, f64)>,
    busy_ms: f64,
    queue_wait_ms: f64,
}

impl Work {
    fn between(before: &Value, after: &Value) -> Work {
        let mut ops = BTreeMap::new();
        if let Some(calls) = after["calls"].as_object() {
            for (key, n) in calls {
                let n = n.as_f64().unwrap_or(0.0) - before["calls"][key].as_f64().unwrap_or(0.0);
                let ms = after["busy_ms"][key].as_f64().unwrap_or(0.0)
                    - before["busy_ms"][key].as_f64().unwrap_or(0.0);
                if n > 0.0 {
                    ops.insert(key.clone(), (n, ms));
                }
            }
        }
        let diff = |k: &str| after[k].as_f64().unwrap_or(0.0) - before[k].as_f64().unwrap_or(0.0);
        Work {
            ops,
            busy_ms: diff("total_busy_ms"),
            queue_wait_ms: diff("queue_wait_ms"),
        }
    }

    fn calls(&self) -> f64 {
        self.ops.values().map(|(n, _)| n).sum()
    }

    fn calls_of(&self, key: &str) -> f64 {
        self.ops.get(key).map_or(0.0, |(n, _)| *n)
    }

    fn other_calls(&self) -> f64 {
        self.ops
            .iter()
            .filter(|(k, _)| !OPS.contains(&k.as_str()))
            .map(|(_, (n, _))| n)
            .sum::<f64>()
            + 0.0 // an empty sum is -0.0
    }

    /// One row of the calls table: per email, by operation.
    fn row(&self, label: &str, emails: usize) -> String {
        let per = |x: f64| x / emails as f64;
        let mut row = format!("| {label} | {emails} |");
        for key in OPS {
            let _ = write!(row, " {:.2} |", per(self.calls_of(key)));
        }
        let _ = write!(
            row,
            " {:.2} | **{:.2}** | {:.0} |",
            per(self.other_calls()),
            per(self.calls()),
            per(self.busy_ms)
        );
        row
    }
}

/// One email as the naive script sees it.
struct NaiveEmail {
    message_id: String,
    subject: String,
    file: (String, Vec<u8>),
}

/// What a user would write against the webservice, 4 workers at once: for
/// each email log in again (`getchallenge`, `login`), look the Message up by
/// Message-ID, create it, upload the attachment as a Document, relate the
/// Message to the Contact and the Document: 6 calls, one after the other.
/// It does less than vtelink: no Documents in the Contact's related list,
/// no exactly-once checks beyond the one query, no target check, and it is
/// handed the emails already parsed.
async fn naive_script(url: &str, user: &vtesim::SeedUser, emails: Vec<NaiveEmail>) -> f64 {
    let queue = Arc::new(std::sync::Mutex::new(emails));
    let start = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let queue = queue.clone();
        let endpoint = format!("{url}/webservice.php");
        let (name, key) = (user.name.clone(), user.access_key.clone());
        workers.spawn(async move {
            let http = reqwest::Client::new();
            loop {
                let Some(email) = queue.lock().unwrap().pop() else {
                    break;
                };
                naive_link(&http, &endpoint, &name, &key, &email).await;
            }
        });
    }
    workers.join_all().await;
    start.elapsed().as_secs_f64()
}

async fn naive_link(
    http: &reqwest::Client,
    endpoint: &str,
    user: &str,
    access_key: &str,
    email: &NaiveEmail,
) {
    // GET-type operations in the query string, POST-type in the body (wire fact 5).
    let call = |post: bool, params: Vec<(&'static str, String)>| {
        let request = if post {
            http.post(endpoint).form(&params)
        } else {
            http.get(endpoint).query(&params)
        };
        async move {
            let v: Value = request.send().await.unwrap().json().await.unwrap();
            assert_eq!(v["success"], true, "{v}");
            v["result"].clone()
        }
    };
    let token = call(
        false,
        vec![
            ("operation", "getchallenge".into()),
            ("username", user.into()),
        ],
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let digest = md5::Md5::digest(format!("{token}{access_key}"));
    let key: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let session = call(
        true,
        vec![
            ("operation", "login".into()),
            ("username", user.into()),
            ("accessKey", key),
        ],
    )
    .await["sessionName"]
        .as_str()
        .unwrap()
        .to_owned();
    let found = call(
        false,
        vec![
            ("operation", "query".into()),
            ("sessionName", session.clone()),
            (
                "query",
                format!(
                    "SELECT id FROM Messages WHERE messageid = '{}';",
                    email.message_id
                ),
            ),
        ],
    )
    .await;
    if found.as_array().is_some_and(|rows| !rows.is_empty()) {
        return;
    }
    let element = serde_json::json!({"subject": email.subject, "messageid": email.message_id,
        "description": "Hello.", "assigned_user_id": "19x1"});
    let message = call(
        true,
        vec![
            ("operation", "create".into()),
            ("sessionName", session.clone()),
            ("elementType", "Messages".into()),
            ("element", element.to_string()),
        ],
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (name, data) = &email.file;
    let element = serde_json::json!({"notes_title": name, "assigned_user_id": "19x1",
        "filelocationtype": "I", "filestatus": "1"});
    let form = reqwest::multipart::Form::new()
        .text("operation", "create")
        .text("sessionName", session.clone())
        .text("elementType", "Documents")
        .text("element", element.to_string())
        .part(
            "filename",
            reqwest::multipart::Part::bytes(data.clone()).file_name(name.clone()),
        );
    let v: Value = http
        .post(endpoint)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let document = v["result"]["id"].as_str().unwrap().to_owned();
    call(
        true,
        vec![
            ("operation", "relate".into()),
            ("sessionName", session),
            ("id", message),
            (
                "relatelist",
                serde_json::to_string(&[CONTACT, &document]).unwrap(),
            ),
        ],
    )
    .await;
}

fn naive_emails(run: &str, n: usize) -> Vec<NaiveEmail> {
    (0..n)
        .map(|i| NaiveEmail {
            message_id: format!("<busy-{run}-{i}@vtelink.test>"),
            subject: format!("busy {run} {i}"),
            file: ("quote0.pdf".into(), payload(i * 8)),
        })
        .collect()
}

async fn run() -> String {
    let n_rate: usize = env_or("VTELINK_BENCH_BUSY_N", 60);
    let scale: f64 = env_or("VTELINK_BENCH_BUSY_SCALE", 1.0);
    let scaled = |n: f64| ((n * scale).round() as usize).max(2);
    let config = vtesim::Config {
        php_workers: Some(WORKERS),
        service_time: vtesim::ServiceTime::recorded(),
        ..Default::default()
    };
    let server = vtesim::Server::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let url = server.url().to_owned();
    let admin = server.user("admin").unwrap().clone();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();

    let mut out = String::new();
    let _ = writeln!(
        out,
        "vtesim `--php-workers {WORKERS} --service-time recorded` (in-process), no latency; \
         attachments of {} KiB; vtelink runs as whole processes with environment credentials.\n",
        ATTACHMENT_BYTES / 1024
    );

    // 1. Calls per email, by operation.
    let _ = writeln!(
        out,
        "| run | emails | getchallenge | login | describe | retrieve | query | create Messages | create Documents | relate | other | calls per email | server busy ms per email |"
    );
    let _ = writeln!(
        out,
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let n1 = scaled(200.0);
    let path = manifest(dir, "one", n1, 1, CONTACT);
    let replay = ["--quiet", "replay", "--concurrency", "8"];
    let args = [&replay[..], &[path.to_str().unwrap()]].concat();
    let row = counted_row(&url, &admin, &args, n1).await;
    let _ = writeln!(
        out,
        "{}",
        row("`replay --concurrency 8`, 1 attachment, 1 Contact")
    );

    let n5 = scaled(40.0);
    let path = manifest(dir, "five", n5, 5, &format!("{CONTACT};{ACCOUNT}"));
    let args = [&replay[..], &[path.to_str().unwrap()]].concat();
    let row = counted_row(&url, &admin, &args, n5).await;
    let _ = writeln!(
        out,
        "{}",
        row("`replay --concurrency 8`, 5 attachments, Contact + its Account")
    );

    let n_link = scaled(20.0);
    let link_dir = dir.join("link");
    std::fs::create_dir_all(&link_dir).unwrap();
    let files: Vec<String> = (0..n_link)
        .map(|i| {
            write_email(&link_dir, "link", i, 1)
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut args: Vec<&str> = vec!["--quiet", "link"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--to", CONTACT]);
    let row = counted_row(&url, &admin, &args, n_link).await;
    let _ = writeln!(
        out,
        "{}",
        row(&format!(
            "`link` of {n_link} files in one call, 1 attachment, 1 Contact"
        ))
    );

    let before = busy(&url).await;
    naive_script(&url, &admin, naive_emails("naive-probe", 20)).await;
    let w = Work::between(&before, &busy(&url).await);
    let _ = writeln!(
        out,
        "{}",
        w.row("naive 4-worker script, 1 attachment, 1 Contact", 20)
    );

    // 2. Throughput: the naive script, replay at 1, 2, 4, 8, the naive script again.
    let _ = writeln!(
        out,
        "\n| run | emails | wall s | emails/s | ÷ naive 4-worker script | server busy ms per email | server bound emails/s | workers busy | queue wait ms per call |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    struct Row {
        label: String,
        emails: usize,
        seconds: f64,
        work: Work,
    }
    let mut rows = Vec::new();
    let naive_row = |label: &str, emails: usize, seconds: f64, work: Work| Row {
        label: label.into(),
        emails,
        seconds,
        work,
    };
    let before = busy(&url).await;
    let seconds = naive_script(&url, &admin, naive_emails("naive-a", n_rate)).await;
    rows.push(naive_row(
        "naive 4-worker script (before the replays)",
        n_rate,
        seconds,
        Work::between(&before, &busy(&url).await),
    ));
    for concurrency in [1usize, 2, 4, 8] {
        let run = format!("c{concurrency}");
        let path = manifest(dir, &run, n_rate, 1, CONTACT);
        let c = concurrency.to_string();
        let before = busy(&url).await;
        let seconds = vtelink(
            &url,
            &admin,
            &[
                "--quiet",
                "replay",
                "--concurrency",
                &c,
                path.to_str().unwrap(),
            ],
        );
        rows.push(Row {
            label: format!("`vtelink replay --concurrency {concurrency}`"),
            emails: n_rate,
            seconds,
            work: Work::between(&before, &busy(&url).await),
        });
    }
    let before = busy(&url).await;
    let seconds = naive_script(&url, &admin, naive_emails("naive-b", n_rate)).await;
    rows.push(naive_row(
        "naive 4-worker script (after the replays)",
        n_rate,
        seconds,
        Work::between(&before, &busy(&url).await),
    ));
    let naive_rate = {
        let rates: Vec<f64> = rows
            .iter()
            .filter(|r| r.label.starts_with("naive"))
            .map(|r| r.emails as f64 / r.seconds)
            .collect();
        rates.iter().sum::<f64>() / rates.len() as f64
    };
    let mut best = 0.0f64;
    for r in &rows {
        let rate = r.emails as f64 / r.seconds;
        let busy_per_email = r.work.busy_ms / r.emails as f64;
        if r.label.contains("--concurrency 4") || r.label.contains("--concurrency 8") {
            best = best.max(rate / naive_rate);
        }
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} | {rate:.2} | {:.2}× | {busy_per_email:.0} | {:.2} | {:.0} % | {:.0} |",
            r.label,
            r.emails,
            r.seconds,
            rate / naive_rate,
            WORKERS as f64 * 1000.0 / busy_per_email,
            100.0 * r.work.busy_ms / (WORKERS as f64 * 1000.0 * r.seconds),
            r.work.queue_wait_ms / r.work.calls().max(1.0),
        );
    }
    let _ = writeln!(
        out,
        "\nNaive script: mean of its two runs, {naive_rate:.2} emails/s. Best of replay at concurrency 4 and 8: \
         **{best:.2}× the naive script** (target ≥ 0.9×). Server bound = {WORKERS} workers ÷ busy time per email; \
         workers busy = busy time ÷ ({WORKERS} × wall time). Each replay row is a whole process (start, login, journal)."
    );
    server.shutdown().await;
    out
}
