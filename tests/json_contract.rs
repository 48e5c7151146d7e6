//! The JSON contract (`docs/json.md`): every command's real `--json` output,
//! run through the built binary against vtesim, validates against its schema
//! in `docs/schemas/`. A changed shape fails here until the schema (and, if it
//! breaks consumers, `schema_version`) changes with it.

#[path = "common/crm.rs"]
mod crm;
#[path = "common/auth_helpers.rs"]
mod helpers;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crm::Crm;
use serde_json::Value;

const SAMPLE: &str = "src/cli/demo-quote-request.eml";

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas")
}

fn schema(name: &str) -> Value {
    let path = schema_dir().join(format!("{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// `doc` is valid against `docs/schemas/<name>.schema.json`, and says which
/// contract it follows.
#[track_caller]
fn assert_valid(name: &str, doc: &Value) {
    let validator = jsonschema::validator_for(&schema(name)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "`{name}` output does not match docs/schemas/{name}.schema.json:\n  {}\n{doc:#}",
        errors.join("\n  ")
    );
    assert_eq!(doc["schema_version"], 1);
}

async fn json_of(crm: &Crm, args: &[&str]) -> (i32, Value) {
    let mut full = vec!["--json"];
    full.extend_from_slice(args);
    let (code, doc, stderr) = crm.vtelink("admin", &full).await;
    assert!(
        !doc.is_null(),
        "{args:?}: stdout is not one JSON document; {stderr}"
    );
    (code, doc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_prints_what_its_schema_says() {
    let crm = Crm::start(vtesim::Config::default()).await;

    let (code, status) = json_of(&crm, &["status"]).await;
    assert_eq!(code, 0);
    assert_valid("status", &status);

    let (code, modules) = json_of(&crm, &["modules"]).await;
    assert_eq!(code, 0);
    assert_valid("modules", &modules);

    let (code, found) = json_of(&crm, &["search", "O'Brien"]).await;
    assert_eq!(code, 0);
    assert_valid("search", &found);

    let (code, suggested) = json_of(&crm, &["suggest", SAMPLE]).await;
    assert_eq!(code, 0);
    assert_valid("suggest", &suggested);
    let best = suggested["suggestions"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let (code, parsed) = json_of(&crm, &["parse", SAMPLE]).await;
    assert_eq!(code, 0);
    assert_valid("parse", &parsed);
    let dir = tempfile::tempdir().unwrap();
    let dir_arg = dir.path().to_str().unwrap();
    let (code, extracted) = json_of(&crm, &["parse", SAMPLE, "--extract", dir_arg]).await;
    assert_eq!(code, 0);
    assert_valid("parse", &extracted);
    assert_eq!(extracted["extracted"].as_array().unwrap().len(), 3);

    for round in ["dry run", "first", "again"] {
        let mut args = vec!["link", SAMPLE, "--to", &best];
        if round == "dry run" {
            args.push("--dry-run");
        }
        let (code, linked) = json_of(&crm, &args).await;
        assert_eq!(code, 0, "{round}");
        assert_valid("link", &linked);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_keep_their_document() {
    let crm = Crm::start(vtesim::Config::default()).await;
    let cases: [(&[&str], i32, &str); 3] = [
        (&["link", SAMPLE, "--to", "99x1"], 4, "not_found"),
        (&["parse", "/nonexistent/mail.eml"], 9, "bad_input"),
        (&["search", " "], 2, "usage"),
    ];
    for (args, exit_code, kind) in cases {
        let (code, doc) = json_of(&crm, args).await;
        assert_eq!(code, exit_code, "{args:?}");
        assert_valid("error", &doc);
        // The pre-contract shape stays: scripts that read error.kind keep working.
        assert_eq!(doc["error"]["kind"], kind);
        assert_eq!(doc["error"]["exit_code"], exit_code);
    }
}

#[test]
fn demo_prints_what_its_schema_says() {
    let config_dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("vtelink")
        .unwrap()
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("VTELINK_CONFIG_DIR", config_dir.path())
        .args(["--json", "demo"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_valid("demo", &serde_json::from_slice(&out.stdout).unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_and_logout_print_what_their_schemas_say() {
    let server = helpers::sim(helpers::small_config()).await;
    let home = helpers::Home::new("contract");
    let out = helpers::insecure_login_cmd(&home, server.url(), "admin")
        .arg("--json")
        .write_stdin(format!("{}\n", helpers::password_of(&server, "admin")))
        .output()
        .unwrap();
    helpers::assert_success(&out);
    assert_valid("login", &serde_json::from_slice(&out.stdout).unwrap());

    let out = home.cmd().args(["--json", "logout"]).output().unwrap();
    helpers::assert_success(&out);
    assert_valid("logout", &serde_json::from_slice(&out.stdout).unwrap());
}

#[test]
fn schemas_are_valid_json_schemas_and_each_is_checked() {
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(schema_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let Some(name) = name.strip_suffix(".schema.json") else {
            continue;
        };
        let schema = schema(name);
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!("docs/schemas/{name}.schema.json is not a valid JSON Schema: {e}");
        }
        assert_eq!(
            schema["properties"]["schema_version"]["const"], 1,
            "{name}: every document carries schema_version"
        );
        names.insert(name.to_owned());
    }
    // The schemas are strict: an unknown kind, a missing version or an
    // undocumented field fails, so docs/json.md cannot fall behind.
    let error = schema("error");
    let good = serde_json::json!({"schema_version": 1,
        "error": {"kind": "not_found", "exit_code": 4, "message": "x"}});
    assert!(jsonschema::is_valid(&error, &good));
    for bad in [
        serde_json::json!({"error": good["error"]}),
        serde_json::json!({"schema_version": 1,
            "error": {"kind": "gone", "exit_code": 4, "message": "x"}}),
        serde_json::json!({"schema_version": 1, "error": good["error"], "extra": true}),
    ] {
        assert!(!jsonschema::is_valid(&error, &bad), "{bad}");
    }

    let tested: BTreeSet<String> = [
        "demo", "error", "link", "login", "logout", "modules", "parse", "search", "status",
        "suggest",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    // A schema nobody validates is a promise nobody keeps.
    assert_eq!(
        names, tested,
        "docs/schemas/ and the outputs this file validates differ"
    );
}
