//! `vtelink parse` driven through the built binary, on hand-written
//! fixtures (tests/fixtures/mail/).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mail")
        .join(name)
}

fn vtelink() -> Command {
    let mut cmd = Command::cargo_bin("vtelink").expect("binary built");
    cmd.env("NO_COLOR", "1").env_remove("VTELINK_PROFILE");
    cmd
}

fn parse_json(args: &[&str]) -> serde_json::Value {
    let output = vtelink()
        .arg("parse")
        .args(args)
        .arg("--json")
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON document")
}

#[test]
fn demo_email_json_has_the_full_model() {
    let doc = parse_json(&[fixture("demo_pdf_png.eml").to_str().unwrap()]);
    assert_eq!(doc["format"], "eml");
    assert_eq!(doc["message_id"], "<demo-0001@example.com>");
    assert_eq!(doc["date"], "2026-03-03T09:15:00+01:00");
    assert_eq!(doc["date_utc"], "2026-03-03T08:15:00Z");
    assert_eq!(doc["subject"], "Offerta € 1200 - fattura n. 42");
    assert_eq!(doc["from"]["name"], "Rossi, Mario");
    assert_eq!(doc["from"]["address"], "mario.rossi@example.com");
    assert_eq!(doc["reply_to"]["address"], "billing@example.com");
    assert_eq!(doc["to"].as_array().unwrap().len(), 2);
    assert_eq!(doc["to"][1]["name"], serde_json::Value::Null);
    assert_eq!(doc["cc"][0]["name"], "Jürgen Müller");
    assert_eq!(doc["bcc"], serde_json::json!([]));
    assert_eq!(doc["x_mailer"], "Hand-written fixture 1.0");
    assert!(doc["text_body"].as_str().unwrap().contains("€ 1200"));
    assert!(
        doc["html_body"]
            .as_str()
            .unwrap()
            .contains("cid:logo@example.com")
    );
    let attachments = doc["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2);
    assert_eq!(attachments[0]["filename"], "offerta.pdf");
    assert_eq!(attachments[0]["content_type"], "application/pdf");
    assert_eq!(attachments[0]["size"], 125);
    assert_eq!(attachments[0]["inline"], false);
    assert_eq!(attachments[1]["content_id"], "logo@example.com");
    assert_eq!(attachments[1]["inline"], true);
    assert_eq!(attachments[1]["size"], 66);
    assert!(
        attachments[0].get("data").is_none(),
        "bytes are not in the JSON"
    );
    assert_eq!(doc["warnings"], serde_json::json!([]));
    assert!(doc["raw_size"].as_u64().unwrap() > 1000);
}

#[test]
fn human_summary_shows_headers_and_attachments() {
    vtelink()
        .arg("parse")
        .arg(fixture("demo_pdf_png.eml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Offerta € 1200"))
        .stdout(predicate::str::contains("offerta.pdf"))
        .stdout(predicate::str::contains("cid:logo@example.com"))
        .stdout(predicate::str::contains("2026-03-03 08:15 UTC"));
}

#[test]
fn terminal_escapes_from_the_email_never_reach_the_terminal() {
    let output = vtelink()
        .arg("parse")
        .arg(fixture("hostile_names.eml"))
        .output()
        .unwrap();
    assert!(output.status.success());
    for stream in [&output.stdout, &output.stderr] {
        assert!(
            !stream.contains(&0x1b),
            "ESC leaked: {}",
            String::from_utf8_lossy(stream)
        );
        assert!(!stream.contains(&0x07), "BEL leaked");
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Invoice"));
}

#[test]
fn extract_writes_safe_unique_names_inside_the_directory_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // A file already there must never be overwritten.
    std::fs::write(out.join("report.pdf"), b"keep me").unwrap();
    let doc = parse_json(&[
        fixture("hostile_names.eml").to_str().unwrap(),
        "--extract",
        out.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(out.join("report.pdf")).unwrap(), b"keep me");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "_CON.txt",
            "evilred.txt",
            "passwd",
            "report (2).pdf",
            "report (3).pdf",
            "report.pdf",
            "win.ini"
        ]
    );
    assert_eq!(std::fs::read(out.join("report (2).pdf")).unwrap(), b"first");
    assert_eq!(
        std::fs::read(out.join("report (3).pdf")).unwrap(),
        b"second"
    );
    assert_eq!(std::fs::read(out.join("passwd")).unwrap(), b"root:x:0:0");
    // Nothing escaped the directory.
    let top: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(top.len(), 1);
    assert_eq!(doc["extracted"].as_array().unwrap().len(), 6);
}

#[test]
fn forwarded_message_and_tnef_are_kept_as_files_with_a_warning() {
    let doc = parse_json(&[fixture("forwarded_tnef.eml").to_str().unwrap()]);
    let attachments = doc["attachments"].as_array().unwrap();
    assert_eq!(attachments[0]["content_type"], "message/rfc822");
    assert_eq!(attachments[1]["filename"], "winmail.dat");
    let warnings = doc["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("TNEF"))
    );

    let dir = tempfile::tempdir().unwrap();
    vtelink()
        .arg("parse")
        .arg(fixture("forwarded_tnef.eml"))
        .arg("--extract")
        .arg(dir.path())
        .assert()
        .success();
    let forwarded = std::fs::read(dir.path().join("attachment-1.eml")).unwrap();
    assert!(forwarded.starts_with(b"Message-ID: <orig@example.com>"));
    assert!(forwarded.ends_with(b"Original body."));
}

#[test]
fn stdin_and_content_detection() {
    let bytes = std::fs::read(fixture("demo_pdf_png.eml")).unwrap();
    let output = vtelink()
        .args(["parse", "-", "--json"])
        .write_stdin(bytes.clone())
        .output()
        .unwrap();
    assert!(output.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["subject"], "Offerta € 1200 - fattura n. 42");

    // An .eml saved as .msg is read as what it is.
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("really-eml.msg");
    std::fs::write(&renamed, &bytes).unwrap();
    let doc = parse_json(&[renamed.to_str().unwrap()]);
    assert_eq!(doc["format"], "eml");
}

#[test]
fn bad_input_is_one_line_naming_the_file_with_exit_9() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.eml");
    vtelink()
        .arg("parse")
        .arg(&missing)
        .assert()
        .code(9)
        .stderr(predicate::str::contains("nope.eml: cannot read"));

    vtelink()
        .args(["parse", "-"])
        .write_stdin(Vec::<u8>::new())
        .assert()
        .code(9)
        .stderr(predicate::str::contains("-: file is empty"));

    let garbage = dir.path().join("garbage.msg");
    let mut bytes = vtelink::mail::CFB_MAGIC.to_vec();
    bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(&garbage, bytes).unwrap();
    let output = vtelink()
        .args(["parse", "--json"])
        .arg(&garbage)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(9));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("garbage.msg: corrupt Outlook .msg file"));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["error"]["kind"], "bad_input");
}

#[test]
fn safe_filename_is_never_a_path() {
    use vtelink::mail::Attachment;
    let attachment = |name: Option<&str>, content_type: &str| Attachment {
        filename: name.map(str::to_owned),
        content_type: content_type.to_owned(),
        size: 0,
        content_id: None,
        inline: false,
        data: Vec::new(),
    };
    for (name, expected) in [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\evil.exe", "evil.exe"),
        ("CON.txt", "_CON.txt"),
        ("nul", "_nul"),
        ("a\u{202e}gpj.exe", "agpj.exe"),
        ("...", "attachment-5.bin"),
    ] {
        assert_eq!(
            attachment(Some(name), "application/octet-stream").safe_filename(4),
            expected
        );
    }
    assert_eq!(
        attachment(None, "application/pdf").safe_filename(0),
        "attachment-1.pdf"
    );
    let long = "x".repeat(1000) + ".docx";
    let safe = attachment(Some(&long), "x/y").safe_filename(0);
    assert!(safe.len() <= 150 && safe.ends_with(".docx"));
}

#[test]
fn forwards_cut_inside_their_headers_do_not_swallow_their_siblings() {
    let doc = parse_json(&[fixture("forwards_cut_headers.eml").to_str().unwrap()]);
    let names: Vec<&str> = doc["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["filename"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["one.txt", "two.txt", "three.txt"]);
    let dir = tempfile::tempdir().unwrap();
    vtelink()
        .arg("parse")
        .arg(fixture("forwards_cut_headers.eml"))
        .arg("--extract")
        .arg(dir.path())
        .assert()
        .success();
    let one = std::fs::read_to_string(dir.path().join("one.txt")).unwrap();
    assert!(one.starts_with("From: a@example.net") && one.ends_with("boundary=INNER1"));
    assert!(!one.contains("two.txt"));
}

#[test]
fn swallowed_forward_repair_is_bounded() {
    // 60 forwards, each cut inside its header block: the repair re-parses a
    // bounded number of times and never invents attachments.
    let mut eml = String::from(
        "From: a@example.com\r\nSubject: many\r\nContent-Type: multipart/mixed; boundary=\"OUT\"\r\n\r\n",
    );
    for i in 0..60 {
        eml.push_str(&format!(
            "--OUT\r\nContent-Type: message/rfc822; name=f{i}.txt\r\n\r\nFrom: x{i}@example.net\r\nContent-Type: multipart/alternative; boundary=IN{i}\r\n"
        ));
    }
    eml.push_str("--OUT--\r\n");
    let email = vtelink::mail::parse_bytes(eml.as_bytes(), Path::new("many.eml")).unwrap();
    assert!(email.attachments.len() <= 60, "{}", email.attachments.len());
    assert!(email.attachments.len() >= 17, "{}", email.attachments.len());
    assert_eq!(email.attachments[0].filename.as_deref(), Some("f0.txt"));
}
