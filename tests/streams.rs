//! Clean streams: data on stdout, logs and warnings on stderr, and colour
//! only where a person looks at a terminal (or `--color always` asks for it).
//! The terminal cases use a pseudo-terminal from util-linux `script`;
//! they are skipped without it.

use std::process::{Command, Output, Stdio};

const ESC: u8 = 0x1b;

fn has_escape(bytes: &[u8]) -> bool {
    bytes.contains(&ESC)
}

/// Run vtelink with both streams piped (as in `vtelink -v demo 2>log`).
fn piped(args: &[&str], env: &[(&str, &str)]) -> Output {
    let config_dir = tempfile::tempdir().unwrap();
    let mut cmd = assert_cmd::Command::cargo_bin("vtelink").unwrap();
    cmd.env("VTELINK_CONFIG_DIR", config_dir.path())
        .env_remove("NO_COLOR")
        .env_remove("VTELINK_LOG")
        .args(args);
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd.output().unwrap()
}

#[test]
fn logs_into_a_pipe_or_file_carry_no_colour() {
    let out = piped(&["-v", "demo"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("INFO"), "-v logs on stderr: {stderr}");
    assert!(!has_escape(&out.stderr), "no ESC in the log: {stderr:?}");
    assert!(!has_escape(&out.stdout), "no ESC in the output");
}

#[test]
fn data_on_stdout_logs_on_stderr() {
    let out = piped(&["-vv", "--json", "demo"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let tour: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is exactly one JSON document");
    assert_eq!(tour["link"]["message_created"], true);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("INFO") && !stdout.contains("DEBUG"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DEBUG"), "-vv details on stderr: {stderr}");
}

#[test]
fn color_always_colours_even_a_pipe_and_never_wins_over_it() {
    let out = piped(&["-v", "--color", "always", "demo"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(has_escape(&out.stdout), "--color always: coloured output");
    assert!(has_escape(&out.stderr), "--color always: coloured logs");

    // NO_COLOR only changes `auto`; an explicit `always` is the user's word.
    let out = piped(&["-v", "--color", "always", "demo"], &[("NO_COLOR", "1")]);
    assert!(has_escape(&out.stderr));
}

#[test]
fn errors_in_a_pipe_are_one_plain_line() {
    let out = piped(&["parse", "/nonexistent/mail.eml"], &[]);
    assert_eq!(out.status.code(), Some(9));
    assert!(!has_escape(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("vtelink: error: "), "{stderr}");
}

fn have_script() -> bool {
    Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Run vtelink on a pseudo-terminal (stdout and stderr both on it); what the
/// terminal showed.
fn on_terminal(args: &str, no_color: bool) -> Vec<u8> {
    let config_dir = tempfile::tempdir().unwrap();
    let binary = assert_cmd::cargo::cargo_bin("vtelink");
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &format!("{} {args}", binary.display()), "/dev/null"])
        .env("VTELINK_CONFIG_DIR", config_dir.path())
        .env_remove("VTELINK_LOG")
        .stdin(Stdio::null());
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    out.stdout
}

#[test]
fn a_terminal_gets_colour_unless_no_color_or_never() {
    if !have_script() {
        eprintln!("SKIPPED a_terminal_gets_colour: `script` (util-linux) not found");
        return;
    }
    let shown = on_terminal("-v demo", false);
    let text = String::from_utf8_lossy(&shown);
    assert!(text.contains("INFO"), "{text}");
    assert!(has_escape(&shown), "auto on a terminal: colour");

    assert!(
        !has_escape(&on_terminal("-v demo", true)),
        "NO_COLOR=1: no colour"
    );
    assert!(
        !has_escape(&on_terminal("-v --color never demo", false)),
        "--color never: no colour"
    );
    assert!(has_escape(&on_terminal("-v --color always demo", true)));
}

#[test]
fn a_terminal_on_stdout_only_keeps_the_log_file_plain() {
    if !have_script() {
        eprintln!("SKIPPED a_terminal_on_stdout_only: `script` (util-linux) not found");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let shown = on_terminal(&format!("-v demo 2>{}", log.display()), false);
    assert!(has_escape(&shown), "stdout is the terminal: coloured");
    let logged = std::fs::read(&log).unwrap();
    assert!(String::from_utf8_lossy(&logged).contains("INFO"));
    assert!(!has_escape(&logged), "stderr is a file: plain");
}
