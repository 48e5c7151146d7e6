//! The `vtesim` binary prints exactly one JSON line on stdout and serves until killed.
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
