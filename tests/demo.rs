//! `vtelink demo` is the newcomer's first command: it must run anywhere (no
//! keyring, no config) and show the whole job succeeding.

use serde_json::Value;

#[test]
fn demo_links_the_sample_once_with_every_attachment() {
    let config_dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("vtelink")
        .unwrap()
        // The demo must not need (or touch) a Secret Service or config files.
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("VTELINK_CONFIG_DIR", config_dir.path())
        .args(["--json", "demo"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let tour: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(tour["suggestions"][0]["module"], "Contacts");
    assert_eq!(tour["link"]["message_created"], true);
    assert_eq!(tour["link"]["documents"].as_array().unwrap().len(), 3);
    assert_eq!(tour["link_again"]["message_created"], false);
    assert_eq!(tour["link_again"]["message"], tour["link"]["message"]);
    assert_eq!(tour["messages_with_this_id"], "1");
    let related = tour["relations"].as_array().unwrap();
    assert_eq!(
        related.len(),
        2 + 3,
        "contact, account and three documents: {related:?}"
    );
    assert_eq!(
        std::fs::read_dir(config_dir.path()).unwrap().count(),
        0,
        "no config written"
    );
}

#[test]
fn demo_human_output_names_every_step() {
    let out = assert_cmd::Command::cargo_bin("vtelink")
        .unwrap()
        .args(["--color", "never", "demo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Start vtesim",
        "Log in as 'admin'",
        "Suggest CRM records",
        "Link the email",
        "nothing is duplicated",
    ] {
        assert!(text.contains(needle), "missing step '{needle}' in:\n{text}");
    }
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes with --color never"
    );
}
