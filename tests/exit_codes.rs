//! The exit-code table in the README is the contract scripts rely on: it must
//! list exactly the codes `vtelink::Exit` defines.

use vtelink::Exit;

#[test]
fn readme_lists_every_exit_code() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table: Vec<(u8, String)> = readme
        .lines()
        .skip_while(|l| !l.starts_with("## Exit codes"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let code = cells.get(1)?.parse::<u8>().ok()?;
            Some((code, cells.get(2)?.trim_matches('`').to_owned()))
        })
        .collect();
    let expected: Vec<(u8, String)> = Exit::ALL
        .iter()
        .map(|e| (e.code(), e.kind().to_owned()))
        .collect();
    assert_eq!(table, expected, "README exit-code table out of date");
}

#[test]
fn usage_errors_exit_2() {
    let out = assert_cmd::Command::cargo_bin("vtelink")
        .unwrap()
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[path = "common/crm.rs"]
mod crm;
#[path = "common/auth_helpers.rs"]
mod helpers;

use helpers::{Home, assert_one_line_error, password_of, sim, small_config};

/// Another replay holds the journal: exit 10 (`busy`), one line, nothing done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_journal_exits_10() {
    let crm = crm::Crm::start(small_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mail = crm::write_email(dir.path(), "a.eml", "<busy@example.test>", &[]);
    let manifest = dir.path().join("links.csv");
    std::fs::write(&manifest, format!("file,to\n{},4x1\n", mail.display())).unwrap();
    let journal = dir.path().join("links.sqlite");
    // What a running `vtelink replay` holds.
    let lock = std::fs::File::create(journal.with_extension("lock")).unwrap();
    lock.try_lock().unwrap();
    let out = crm
        .run(
            "admin",
            &[
                "replay",
                "--journal",
                journal.to_str().unwrap(),
                manifest.to_str().unwrap(),
            ],
        )
        .await;
    assert_one_line_error(&out, 10, "another `vtelink replay` is using the journal");
    assert_eq!(crm.count_messages("<busy@example.test>").await, 0);
    let out = crm
        .run(
            "admin",
            &[
                "--json",
                "replay",
                "--journal",
                journal.to_str().unwrap(),
                manifest.to_str().unwrap(),
            ],
        )
        .await;
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["error"]["kind"], "busy");
    assert_eq!(doc["error"]["exit_code"], 10);
    drop(lock);
}

/// No Secret Service at all: exit 11 (`keyring`), with what to do instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_keyring_exits_11() {
    let server = sim(small_config()).await;
    let home = Home::new("nokeyring");
    let out = home
        .cmd()
        .args(["login", "--password-stdin", "--url", server.url()])
        .args(["--user", "admin"])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/vtelink-test-bus",
        )
        .env("XDG_RUNTIME_DIR", home.config_dir())
        .write_stdin(format!("{}\n", password_of(&server, "admin")))
        .output()
        .unwrap();
    assert_one_line_error(&out, 11, "--insecure-storage");
}

/// `--extract` naming an existing file: a usage error (exit 2), the file untouched.
#[test]
fn extract_onto_an_existing_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let mail = crm::write_email(
        dir.path(),
        "a.eml",
        "<x@example.test>",
        &[("a.txt", vec![1])],
    );
    let target = dir.path().join("notes.txt");
    std::fs::write(&target, "keep me").unwrap();
    for place in [target.clone(), target.join("sub")] {
        let out = assert_cmd::Command::cargo_bin("vtelink")
            .unwrap()
            .args(["parse", mail.to_str().unwrap(), "--extract"])
            .arg(&place)
            .output()
            .unwrap();
        assert_one_line_error(&out, 2, "not a directory");
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
}
