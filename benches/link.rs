//! Linking cost at a customer's distance: wall time per email in round
//! trips' worth, against vtesim with injected latency (150 ms: a CRM over a
//! VPN), for 0/1/5/20 attachments and 1–2 targets. Beside it, in the same
//! run: the derived minimum of vtelink's plan, and the simplest script a
//! user could write (log in, then one call at a time). Also: a whole
//! `vtelink link` process with environment credentials, and the peak RSS of
//! linking one email with a 50 MiB attachment.
//!
//! Run: `cargo bench --bench link` (writes `target/bench-link.md`).
//! `VTELINK_BENCH_LATENCY_MS` changes the latency (default 150).

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

mod common;
use common::{median, median_of, ms};

use md5::Digest as _;
use vtelink::link::{self, LinkOptions, Outgoing, OutgoingFile};

fn main() {
    common::print_table("link", run());
}

const ATTACHMENT_BYTES: usize = 100 * 1024;

async fn run() -> String {
    let latency_ms: u64 = std::env::var("VTELINK_BENCH_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let config = vtesim::Config {
        latency_ms,
        ..Default::default()
    };
    let (server, client, conn) = common::admin_session(config).await;
    let admin = server.user("admin").unwrap().clone();
    let baseline = median(5, || async {
        client.getchallenge("admin").await.unwrap();
    })
    .await;
    let rt = |d: Duration| d.as_secs_f64() / baseline.as_secs_f64().max(1e-9);
    let c = link::DEFAULT_UPLOAD_CONCURRENCY;

    let mut out = String::new();
    let _ = writeln!(
        out,
        "CRM latency {latency_ms} ms; one bare round trip (`getchallenge`, the baseline) {:.1} ms; \
         attachments of {} KiB; upload concurrency c = {c}.\n",
        ms(baseline),
        ATTACHMENT_BYTES / 1024
    );
    let _ = writeln!(
        out,
        "| attachments | targets | vtelink | round trips' worth | calls | minimum 2 + max(1, ⌈N/c⌉) | vtelink ÷ minimum | naive script | naive round trips' worth | naive ÷ vtelink |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut round = 0;
    for targets in [vec!["4x143"], vec!["4x143", "3x140"]] {
        let targets: Vec<String> = targets.into_iter().map(str::to_owned).collect();
        for n in [0usize, 1, 5, 20] {
            let mut times = Vec::new();
            let mut calls = 0;
            let mut naive_times = Vec::new();
            for _ in 0..3 {
                round += 1;
                let email = email(n, &format!("<bench-{round}@vtelink.test>"));
                let t = Instant::now();
                let report = link::link(&conn, &email, &targets, &LinkOptions::default())
                    .await
                    .unwrap();
                times.push(t.elapsed());
                calls = report.requests;
                assert!(report.complete);

                round += 1;
                let email = email_for_naive(n, &format!("<naive-{round}@vtelink.test>"));
                let t = Instant::now();
                naive_link(
                    server.url(),
                    &admin.name,
                    &admin.access_key,
                    &email,
                    &targets,
                )
                .await;
                naive_times.push(t.elapsed());
            }
            let time = median_of(times);
            let naive = median_of(naive_times);
            let minimum = 2 + n.div_ceil(c).max(1);
            let _ = writeln!(
                out,
                "| {n} | {} | {:.0} ms | {:.2} | {calls} | {minimum} | {:.2}× | {:.0} ms | {:.2} | {:.2}× |",
                targets.len(),
                ms(time),
                rt(time),
                rt(time) / minimum as f64,
                ms(naive),
                rt(naive),
                naive.as_secs_f64() / time.as_secs_f64(),
            );
        }
    }

    // A whole process with environment credentials: version check ∥
    // getchallenge, login, then the three waves = 5 round trips.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("env.eml");
    std::fs::write(
        &file,
        eml_bytes(1, "<bench-env@vtelink.test>", ATTACHMENT_BYTES),
    )
    .unwrap();
    let mut env_times = Vec::new();
    for i in 0..3 {
        let file = dir.path().join(format!("env{i}.eml"));
        std::fs::write(
            &file,
            eml_bytes(
                1,
                &format!("<bench-env-{i}@vtelink.test>"),
                ATTACHMENT_BYTES,
            ),
        )
        .unwrap();
        let t = Instant::now();
        let status = vtelink_process(server.url(), &admin.name, &admin.access_key, &file, None);
        env_times.push(t.elapsed());
        assert!(status.success());
    }
    let env_time = median_of(env_times);
    let _ = writeln!(
        out,
        "\nA whole `vtelink link FILE --to 4x143` process with environment credentials (1 attachment): \
         {:.0} ms = {:.2} round trips' worth, against 5 (1.1× target: {}).",
        ms(env_time),
        rt(env_time),
        if rt(env_time) <= 5.5 {
            "met"
        } else {
            "not met"
        }
    );
    server.shutdown().await;

    // Peak RSS of one link with a 50 MiB attachment (no latency needed).
    let server = vtesim::Server::start(vtesim::Config::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let big = dir.path().join("big.eml");
    std::fs::write(
        &big,
        eml_bytes(1, "<bench-big@vtelink.test>", 50 * 1024 * 1024),
    )
    .unwrap();
    let rss = dir.path().join("rss.txt");
    let status = vtelink_process(
        server.url(),
        &admin.name,
        &admin.access_key,
        &big,
        Some(&rss),
    );
    let peak_kib: f64 = std::fs::read_to_string(&rss)
        .ok()
        .and_then(|t| t.trim().lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(f64::NAN);
    let budget = 1.5 * 50.0 + 32.0;
    let _ = writeln!(
        out,
        "\nPeak RSS linking one email with a 50 MiB attachment ({:.1} MB .eml): {:.1} MiB \
         (budget 1.5 × 50 MiB + 32 MiB = {budget:.0} MiB: {}; exit {}).",
        std::fs::metadata(&big).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
        peak_kib / 1024.0,
        if peak_kib / 1024.0 <= budget {
            "met"
        } else {
            "not met"
        },
        status.code().unwrap_or(-1),
    );
    server.shutdown().await;
    out
}

/// One email with `n` attachments, as vtelink sends it.
fn email(n: usize, message_id: &str) -> Outgoing {
    Outgoing {
        message_id: Some(message_id.to_owned()),
        subject: "bench".into(),
        text_body: Some("hello".into()),
        files: (0..n)
            .map(|i| OutgoingFile {
                file_name: format!("file{i}.pdf"),
                content_type: "application/pdf".into(),
                data: bytes::Bytes::from(payload(ATTACHMENT_BYTES, i)),
            })
            .collect(),
        fingerprint: "0".repeat(64),
        ..Outgoing::default()
    }
}

struct NaiveEmail {
    message_id: String,
    files: Vec<(String, Vec<u8>)>,
}

fn email_for_naive(n: usize, message_id: &str) -> NaiveEmail {
    NaiveEmail {
        message_id: message_id.to_owned(),
        files: (0..n)
            .map(|i| (format!("file{i}.pdf"), payload(ATTACHMENT_BYTES, i)))
            .collect(),
    }
}

fn payload(len: usize, seed: usize) -> Vec<u8> {
    (0..len)
        .map(|i| ((i * 31 + seed * 7) % 251) as u8)
        .collect()
}

/// The simplest script a user could write against the webservice: log in,
/// look the Message up (to avoid duplicates), create it, upload each
/// attachment, relate the Message to the targets and Documents — one call
/// at a time. (It does less than vtelink: no target check, no size check,
/// no Documents in the targets' related lists.)
async fn naive_link(
    url: &str,
    user: &str,
    access_key: &str,
    email: &NaiveEmail,
    targets: &[String],
) {
    let http = reqwest::Client::new();
    let endpoint = format!("{url}/webservice.php");
    // One call, its `result`: GET-type operations in the query string,
    // POST-type in the body (wire fact 5).
    let call = |post: bool, params: Vec<(&'static str, String)>| {
        let request = if post {
            http.post(&endpoint).form(&params)
        } else {
            http.get(&endpoint).query(&params)
        };
        async move {
            let v: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
            v["result"].clone()
        }
    };
    let get = |params| call(false, params);
    let post = |params| call(true, params);
    let token = get(vec![
        ("operation", "getchallenge".into()),
        ("username", user.into()),
    ])
    .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let digest = md5::Md5::digest(format!("{token}{access_key}"));
    let key: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let session = post(vec![
        ("operation", "login".into()),
        ("username", user.into()),
        ("accessKey", key),
    ])
    .await["sessionName"]
        .as_str()
        .unwrap()
        .to_owned();
    let found = get(vec![
        ("operation", "query".into()),
        ("sessionName", session.clone()),
        (
            "query",
            format!(
                "SELECT id FROM Messages WHERE messageid = '{}';",
                email.message_id
            ),
        ),
    ])
    .await;
    assert!(found.as_array().is_some_and(Vec::is_empty));
    let element = serde_json::json!({"subject": "bench", "messageid": email.message_id,
        "description": "hello", "assigned_user_id": "19x1"});
    let message = post(vec![
        ("operation", "create".into()),
        ("sessionName", session.clone()),
        ("elementType", "Messages".into()),
        ("element", element.to_string()),
    ])
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut relate: Vec<String> = targets.to_vec();
    for (name, data) in &email.files {
        let element = serde_json::json!({"notes_title": name, "assigned_user_id": "19x1",
            "filelocationtype": "B", "backend_name": "file", "filestatus": "1"});
        let form = reqwest::multipart::Form::new()
            .text("operation", "create")
            .text("sessionName", session.clone())
            .text("elementType", "Documents")
            .text("element", element.to_string())
            .part(
                "filename",
                reqwest::multipart::Part::bytes(data.clone()).file_name(name.clone()),
            );
        let v: serde_json::Value = http
            .post(&endpoint)
            .multipart(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        relate.push(v["result"]["id"].as_str().unwrap().to_owned());
    }
    post(vec![
        ("operation", "relate".into()),
        ("sessionName", session),
        ("id", message),
        ("relatelist", serde_json::to_string(&relate).unwrap()),
    ])
    .await;
}

/// An .eml with `n` attachments of `size` bytes.
fn eml_bytes(n: usize, message_id: &str, size: usize) -> Vec<u8> {
    use base64::Engine as _;
    let mut eml = format!(
        "From: John Smith <john.smith@acme-example.com>\r\nTo: sales@example.com\r\n\
         Subject: bench\r\nMessage-ID: {message_id}\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n--b0\r\n\
         Content-Type: text/plain\r\n\r\nhello\r\n"
    )
    .into_bytes();
    for i in 0..n {
        eml.extend_from_slice(
            format!(
                "--b0\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; \
                 filename=\"file{i}.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            )
            .as_bytes(),
        );
        let encoded = base64::engine::general_purpose::STANDARD.encode(payload(size, i));
        for line in encoded.as_bytes().chunks(76) {
            eml.extend_from_slice(line);
            eml.extend_from_slice(b"\r\n");
        }
    }
    eml.extend_from_slice(b"--b0--\r\n");
    eml
}

/// Run the built binary with environment credentials; with `rss`, under
/// `/usr/bin/time -f %M` writing the peak RSS (KiB) there.
fn vtelink_process(
    url: &str,
    user: &str,
    access_key: &str,
    file: &Path,
    rss: Option<&Path>,
) -> std::process::ExitStatus {
    let binary = env!("CARGO_BIN_EXE_vtelink");
    let mut command = match rss {
        Some(out) => {
            let mut c = std::process::Command::new("/usr/bin/time");
            c.arg("-f").arg("%M").arg("-o").arg(out).arg(binary);
            c
        }
        None => std::process::Command::new(binary),
    };
    command
        .env("VTELINK_URL", url)
        .env("VTELINK_USER", user)
        .env("VTELINK_ACCESS_KEY", access_key)
        .arg("-q")
        .arg("link")
        .arg(file)
        .args(["--to", "4x143"])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap()
}
