//! The `vtesim` binary prints exactly one JSON line on stdout and serves until killed.
mod common;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

#[tokio::test]
async fn binary_prints_one_json_line_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vtesim"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--contacts",
            "10",
            "--crm-version",
            "24.08.2",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("first line");
    let v: serde_json::Value = serde_json::from_str(&line).expect("the first line is JSON");
    let url = v["url"].as_str().expect("url").to_string();
    assert!(url.starts_with("http://127.0.0.1:"));
    let names: Vec<&str> = v["users"]
        .as_array()
        .expect("users")
        .iter()
        .filter_map(|u| u["name"].as_str())
        .collect();
    assert_eq!(names, ["admin", "restricted", "inactive", "mfa"]);
    assert_eq!(v["users"][0]["access_key"].as_str().map(str::len), Some(16));
    let info: serde_json::Value =
        reqwest::get(format!("{url}/webservice.php?operation=mailconnector_info"))
            .await
            .expect("answers")
            .json()
            .await
            .expect("json");
    assert_eq!(info["result"]["version"], "24.08.2");
    child.kill().expect("kill");
    let _ = child.wait();
    // Nothing but that one line was written to stdout.
    let mut rest = String::new();
    let _ = stdout.read_to_string(&mut rest);
    assert_eq!(rest, "");
}

/// Starts the binary with extra flags; (child, its JSON line, base URL).
fn spawn(args: &[&str]) -> (std::process::Child, serde_json::Value, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vtesim"))
        .args(["--listen", "127.0.0.1:0", "--contacts", "5"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("first line");
    let v: serde_json::Value = serde_json::from_str(&line).expect("the first line is JSON");
    let url = v["url"].as_str().expect("url").to_string();
    (child, v, url)
}

#[tokio::test]
async fn php_limit_flags_take_php_sizes() {
    let (mut child, line, url) = spawn(&["--upload-max-filesize", "1K", "--post-max-size", "8k"]);
    assert_eq!(
        (&line["upload_max_filesize"], &line["post_max_size"]),
        (&serde_json::json!(1024), &serde_json::json!(8192))
    );
    let ws = format!("{url}/webservice.php");
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .get(&ws)
        .query(&[("operation", "getchallenge"), ("username", "admin")])
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("json");
    let token = token["result"]["token"].as_str().expect("token");
    let key = common::md5_hex(&format!("{token}AdminKey16Chars0"));
    let login: serde_json::Value = http
        .post(&ws)
        .form(&[
            ("operation", "login"),
            ("username", "admin"),
            ("accessKey", key.as_str()),
        ])
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("json");
    let session = login["result"]["sessionName"]
        .as_str()
        .expect("session")
        .to_string();
    let create = |size: usize| {
        let form = reqwest::multipart::Form::new()
            .text("operation", "create")
            .text("sessionName", session.clone())
            .text("elementType", "Documents")
            .text(
                "element",
                r#"{"notes_title":"f","assigned_user_id":"19x1","filelocationtype":"B","backend_name":"file"}"#,
            )
            .part(
                "filename",
                reqwest::multipart::Part::bytes(vec![0u8; size]).file_name("f.pdf"),
            );
        http.post(&ws).multipart(form).send()
    };
    let fits: serde_json::Value = create(1024)
        .await
        .expect("answers")
        .json()
        .await
        .expect("json");
    assert_eq!(fits["result"]["filesize"], "1024", "{fits}");
    let over: serde_json::Value = create(1025)
        .await
        .expect("answers")
        .json()
        .await
        .expect("json");
    assert_eq!(over["result"]["filesize"], "0", "{over}");
    let dropped = create(8 * 1024 + 1).await.expect("answers");
    assert_eq!(dropped.status().as_u16(), 500);
    child.kill().expect("kill");
    let _ = child.wait();
}

#[test]
fn a_bad_size_is_refused_at_start() {
    let out = Command::new(env!("CARGO_BIN_EXE_vtesim"))
        .args(["--upload-max-filesize", "2MB"])
        .output()
        .expect("binary runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--upload-max-filesize"), "{err}");
}

#[tokio::test]
async fn busy_server_flags_reach_the_startup_line_and_the_stats() {
    let (mut child, line, url) = spawn(&["--php-workers", "2", "--service-time", "recorded"]);
    assert_eq!(line["php_workers"], 2);
    assert_eq!(line["service_time"], "recorded");
    let stats: serde_json::Value = reqwest::get(format!("{url}/__vtesim/stats"))
        .await
        .expect("answers")
        .json()
        .await
        .expect("json");
    assert_eq!(stats["busy"]["php_workers"], 2);
    child.kill().expect("kill");
    let _ = child.wait();

    let (mut child, line, _) = spawn(&[]);
    assert_eq!(line["php_workers"], serde_json::Value::Null);
    assert_eq!(line["service_time"], "none");
    child.kill().expect("kill");
    let _ = child.wait();

    for bad in [
        ["--service-time", "fast"],
        ["--service-time", "query=-1"],
        ["--php-workers", "0"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_vtesim"))
            .args(bad)
            .output()
            .expect("binary runs");
        assert!(!out.status.success(), "{bad:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(bad[0]), "{err}");
    }
}
