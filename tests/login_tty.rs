//! `vtelink login` on a terminal: the password is asked without echo, the
//! security code is asked for, and a wrong code can be typed again in the same
//! run. A pseudo-terminal comes from util-linux `script`; skipped without it.

#[path = "common/auth_helpers.rs"]
mod helpers;
#[path = "common/pty.rs"]
mod pty;

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use helpers::{Home, sim, small_config};
use pty::Screen;

/// The terminal `script` gave to its child (vtelink): the pty its stdin is on.
fn child_tty(script_pid: u32) -> Option<String> {
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // Fields after the ")" that ends the command name: state, ppid, ...
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1));
        if ppid == Some(script_pid.to_string().as_str()) {
            let tty = std::fs::read_link(format!("/proc/{pid}/fd/0")).ok()?;
            return Some(tty.to_string_lossy().into_owned());
        }
    }
    None
}

/// rpassword prints its prompt *then* turns echo off: typing in between
/// would be echoed. Wait for the terminal's echo flag, not for time.
fn wait_until_echo_off(script_pid: u32) -> bool {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while std::time::Instant::now() < deadline {
        if let Some(tty) = child_tty(script_pid)
            && let Ok(out) = std::process::Command::new("stty")
                .args(["-F", &tty, "-a"])
                .output()
            && String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .any(|flag| flag == "-echo")
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_code_can_be_retyped_on_a_terminal() {
    if !pty::have_script() {
        eprintln!(
            "SKIPPED wrong_code_can_be_retyped_on_a_terminal: `script` (util-linux) not found"
        );
        return;
    }
    let server = sim(small_config()).await;
    let home = Home::new("tty");
    let password = server.user("mfa").unwrap().password.clone();
    let binary = assert_cmd::cargo::cargo_bin("vtelink");
    // No --no-input here: this run may prompt.
    let command = format!(
        "{} login --insecure-storage --url {} --user mfa",
        binary.display(),
        server.url()
    );
    let mut child = std::process::Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .env("VTELINK_CONFIG_DIR", home.config_dir())
        .env("VTELINK_PROFILE", &home.profile)
        .env("NO_COLOR", "1")
        .env_remove("VTELINK_NO_INPUT")
        .env_remove("VTELINK_ACCESS_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut screen = Screen::reading(child.stdout.take().unwrap());
    let mut stdin = child.stdin.take().unwrap();

    assert!(screen.wait_for("Password for mfa", 0), "{}", screen.text);
    assert!(
        wait_until_echo_off(child.id()),
        "the terminal never turned echo off"
    );
    writeln!(stdin, "{password}").unwrap();
    assert!(screen.wait_for("Security code:", 0), "{}", screen.text);
    let first_code = server.last_otp("mfa").expect("a code was sent");
    let wrong = if first_code == "000000" {
        "111111"
    } else {
        "000000"
    };
    writeln!(stdin, "{wrong}").unwrap();
    let after_wrong = screen.text.len();
    assert!(
        screen.wait_for("wrong security code", after_wrong),
        "{}",
        screen.text
    );
    assert!(
        screen.wait_for("Security code:", after_wrong),
        "{}",
        screen.text
    );
    let code = server.last_otp("mfa").unwrap();
    writeln!(stdin, "{code}").unwrap();
    assert!(screen.wait_for("Logged in", 0), "{}", screen.text);
    drop(stdin);
    let status = child.wait().unwrap();
    assert!(status.success(), "{}", screen.text);
    assert!(
        !screen.text.contains(&password),
        "the password was echoed: {}",
        screen.text
    );

    let out = home.cmd().args(["status", "--json"]).output().unwrap();
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["user"], "mfa");
    assert_eq!(status["session"], "valid");
}
